/* mfc-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mfc-context.h"

G_BEGIN_DECLS

#define MFC_TYPE_PREFERENCES_WINDOW (mfc_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (MfcPreferencesWindow, mfc_preferences_window, MFC, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWindow *mfc_preferences_window_new         (MfcContext           *context);
gboolean   mfc_preferences_window_use_ca_file (MfcPreferencesWindow *self,
                                               GFile                *file);

G_END_DECLS
