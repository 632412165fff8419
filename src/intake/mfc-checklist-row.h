/* mfc-checklist-row.h — one required document of the checklist: its
 * title, «обязательный», and «оригинал предъявлен» / «копия приложена» /
 * «не представлен» as three linked toggles (Tab reaches each, Space sets
 * it; a screen reader hears the document with each).
 *
 * The row shows its item's state and says what the clerk chose
 * ("state-chosen"); whoever holds the checklist decides (a copy needs a
 * scanned file) and the row follows the item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mfc-checklist.h"

G_BEGIN_DECLS

#define MFC_TYPE_CHECKLIST_ROW (mfc_checklist_row_get_type ())
G_DECLARE_FINAL_TYPE (MfcChecklistRow, mfc_checklist_row, MFC, CHECKLIST_ROW, GtkListBoxRow)

GtkWidget        *mfc_checklist_row_new      (MfcChecklistItem *item);
MfcChecklistItem *mfc_checklist_row_get_item (MfcChecklistRow  *self);
void              mfc_checklist_row_sync     (MfcChecklistRow  *self);

G_END_DECLS
