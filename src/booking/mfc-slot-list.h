/* mfc-slot-list.h — the bookable slots of one office for one service, in
 * the office's own time zone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mfc-client.h"

G_BEGIN_DECLS

typedef struct
{
  GDateTime *start;      /* in the office's zone */
  GDateTime *end;
  char      *start_text; /* as the service sent it: what a booking sends back */
  guint      capacity;
  guint      free;
} MfcSlot;

#define MFC_TYPE_SLOT_LIST (mfc_slot_list_get_type ())
G_DECLARE_FINAL_TYPE (MfcSlotList, mfc_slot_list, MFC, SLOT_LIST, GObject)

MfcSlotList   *mfc_slot_list_new_from_json   (JsonObject          *json,
                                              GError             **error);
const char    *mfc_slot_list_get_office_id   (MfcSlotList         *self);
const char    *mfc_slot_list_get_service_id  (MfcSlotList         *self);
GTimeZone     *mfc_slot_list_get_timezone    (MfcSlotList         *self);
const char    *mfc_slot_list_get_timezone_id (MfcSlotList         *self);
guint          mfc_slot_list_get_n_slots     (MfcSlotList         *self);
const MfcSlot *mfc_slot_list_get_slot        (MfcSlotList         *self,
                                              guint                index);
int            mfc_slot_list_find_first_free (MfcSlotList         *self);
int            mfc_slot_list_find_start      (MfcSlotList         *self,
                                              GDateTime           *start);
guint          mfc_slot_list_nearest_free    (MfcSlotList         *self,
                                              GDateTime           *wanted,
                                              guint                max,
                                              guint               *indices);
GDateTime     *mfc_slot_list_week_start      (GDateTime           *instant,
                                              GTimeZone           *zone);

gboolean       mfc_appointment_no_show_allowed (JsonObject        *appointment,
                                               GDateTime         *now);
char          *mfc_slot_format_time          (const MfcSlot       *slot);
char          *mfc_slot_format_day           (GDateTime           *local);
char          *mfc_slot_format_when          (GDateTime           *instant,
                                              GTimeZone           *zone);

void           mfc_slot_list_load_async      (MfcClient           *client,
                                              const char          *office_id,
                                              const char          *service_id,
                                              GDateTime           *from,
                                              GDateTime           *to,
                                              gboolean             first_available,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
MfcSlotList   *mfc_slot_list_load_finish     (GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
