/* mfc-spinner.h — «something is under way», drawn without an icon.
 *
 * GTK 4.8's GtkSpinner is the `process-working-symbolic` icon turned by
 * CSS, and Adwaita ships that icon only as SVG: the first spinner a
 * section shows loads librsvg (6.5 MiB resident, measured by
 * bench-tickets).  MfcSpinner draws its arc with cairo instead, as
 * libadwaita's later AdwSpinner does.  Same use as GtkSpinner:
 * `spinning`, start / stop; nothing is drawn while it is stopped, and
 * it keeps its place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MFC_TYPE_SPINNER (mfc_spinner_get_type ())
G_DECLARE_FINAL_TYPE (MfcSpinner, mfc_spinner, MFC, SPINNER, GtkWidget)

GtkWidget *mfc_spinner_new          (void);
gboolean   mfc_spinner_get_spinning (MfcSpinner *self);
void       mfc_spinner_set_spinning (MfcSpinner *self,
                                     gboolean    spinning);
void       mfc_spinner_start        (MfcSpinner *self);
void       mfc_spinner_stop         (MfcSpinner *self);

G_END_DECLS
