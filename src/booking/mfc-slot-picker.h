/* mfc-slot-picker.h — a week of an office's slots for one service.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mfc-client.h"
#include "mfc-slot-list.h"

G_BEGIN_DECLS

#define MFC_TYPE_SLOT_PICKER (mfc_slot_picker_get_type ())
G_DECLARE_FINAL_TYPE (MfcSlotPicker, mfc_slot_picker, MFC, SLOT_PICKER, GtkBox)

void           mfc_slot_picker_set_client      (MfcSlotPicker *self,
                                                MfcClient     *client);
void           mfc_slot_picker_show            (MfcSlotPicker *self,
                                                const char    *office_id,
                                                GTimeZone     *office_zone,
                                                const char    *service_id);
void           mfc_slot_picker_reload          (MfcSlotPicker *self);
void           mfc_slot_picker_first_free      (MfcSlotPicker *self);
void           mfc_slot_picker_move_week       (MfcSlotPicker *self,
                                                int            weeks);
gboolean       mfc_slot_picker_get_loading     (MfcSlotPicker *self);
MfcSlotList   *mfc_slot_picker_get_slots       (MfcSlotPicker *self);
const MfcSlot *mfc_slot_picker_get_chosen      (MfcSlotPicker *self);
gboolean       mfc_slot_picker_choose          (MfcSlotPicker *self,
                                                GDateTime     *start);
void           mfc_slot_picker_clear_choice    (MfcSlotPicker *self);
const char    *mfc_slot_picker_get_status_text (MfcSlotPicker *self);

G_END_DECLS
