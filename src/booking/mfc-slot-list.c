/* mfc-slot-list.c
 *
 * A parsed `SlotList`.  Every time is kept in the office's zone (the
 * list's `timezone`), so a week grid groups slots by the office's dates,
 * not the desktop's: a Камчатка slot at 09:00 on Thursday is on Thursday
 * even where the desktop still shows Wednesday.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-booking"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mfc-client-error.h"
#include "mfc-office.h"
#include "mfc-slot-list.h"

struct _MfcSlotList
{
  GObject    parent_instance;

  char      *office_id;
  char      *service_id;
  char      *zone_id;
  GTimeZone *zone;
  GArray    *slots;  /* MfcSlot */
};

G_DEFINE_FINAL_TYPE (MfcSlotList, mfc_slot_list, G_TYPE_OBJECT)

static void
slot_clear (gpointer data)
{
  MfcSlot *slot = data;

  g_clear_pointer (&slot->start, g_date_time_unref);
  g_clear_pointer (&slot->end, g_date_time_unref);
  g_clear_pointer (&slot->start_text, g_free);
}

static void
mfc_slot_list_finalize (GObject *object)
{
  MfcSlotList *self = MFC_SLOT_LIST (object);

  g_free (self->office_id);
  g_free (self->service_id);
  g_free (self->zone_id);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->slots, g_array_unref);

  G_OBJECT_CLASS (mfc_slot_list_parent_class)->finalize (object);
}

static void
mfc_slot_list_class_init (MfcSlotListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mfc_slot_list_finalize;
}

static void
mfc_slot_list_init (MfcSlotList *self)
{
  self->slots = g_array_new (FALSE, TRUE, sizeof (MfcSlot));
  g_array_set_clear_func (self->slots, slot_clear);
}

static gboolean
broken (GError    **error,
        const char *what)
{
  g_set_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL,
               _("The service sent a slot list without a valid “%s”."), what);
  return FALSE;
}

/**
 * mfc_slot_list_new_from_json:
 * @json: a contract `SlotList`
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the slots
 */
MfcSlotList *
mfc_slot_list_new_from_json (JsonObject  *json,
                             GError     **error)
{
  g_autoptr(MfcSlotList) self = g_object_new (MFC_TYPE_SLOT_LIST, NULL);
  const char *zone_id;
  JsonArray *items;

  g_return_val_if_fail (json != NULL, NULL);

  zone_id = json_object_get_string_member_with_default (json, "timezone", NULL);
  if (zone_id == NULL || (self->zone = g_time_zone_new_identifier (zone_id)) == NULL)
    return broken (error, "timezone"), NULL;
  self->zone_id = g_strdup (zone_id);
  self->office_id = g_strdup (json_object_get_string_member_with_default (json, "office_id", NULL));
  self->service_id = g_strdup (json_object_get_string_member_with_default (json, "service_id", NULL));
  if (!json_object_has_member (json, "items") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json, "items")))
    return broken (error, "items"), NULL;

  items = json_object_get_array_member (json, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *start, *end;
      g_autoptr(GDateTime) s = NULL;
      g_autoptr(GDateTime) e = NULL;
      MfcSlot slot = { 0 };

      if (item == NULL)
        return broken (error, "items"), NULL;
      start = json_object_get_string_member_with_default (item, "start", NULL);
      end = json_object_get_string_member_with_default (item, "end", NULL);
      if (start == NULL || (s = g_date_time_new_from_iso8601 (start, NULL)) == NULL)
        return broken (error, "start"), NULL;
      if (end == NULL || (e = g_date_time_new_from_iso8601 (end, NULL)) == NULL)
        return broken (error, "end"), NULL;
      slot.start = g_date_time_to_timezone (s, self->zone);
      slot.end = g_date_time_to_timezone (e, self->zone);
      slot.start_text = g_strdup (start);
      slot.capacity = (guint) MAX (0, json_object_get_int_member_with_default (item, "capacity", 0));
      slot.free = (guint) MAX (0, json_object_get_int_member_with_default (item, "free", 0));
      g_array_append_val (self->slots, slot);
    }
  return g_steal_pointer (&self);
}

const char *
mfc_slot_list_get_office_id (MfcSlotList *self)
{
  g_return_val_if_fail (MFC_IS_SLOT_LIST (self), NULL);
  return self->office_id;
}

const char *
mfc_slot_list_get_service_id (MfcSlotList *self)
{
  g_return_val_if_fail (MFC_IS_SLOT_LIST (self), NULL);
  return self->service_id;
}

/**
 * mfc_slot_list_get_timezone:
 * @self: slots
 *
 * Returns: (transfer none): the office's zone
 */
GTimeZone *
mfc_slot_list_get_timezone (MfcSlotList *self)
{
  g_return_val_if_fail (MFC_IS_SLOT_LIST (self), NULL);
  return self->zone;
}

const char *
mfc_slot_list_get_timezone_id (MfcSlotList *self)
{
  g_return_val_if_fail (MFC_IS_SLOT_LIST (self), NULL);
  return self->zone_id;
}

guint
mfc_slot_list_get_n_slots (MfcSlotList *self)
{
  g_return_val_if_fail (MFC_IS_SLOT_LIST (self), 0);
  return self->slots->len;
}

const MfcSlot *
mfc_slot_list_get_slot (MfcSlotList *self,
                        guint        index)
{
  g_return_val_if_fail (MFC_IS_SLOT_LIST (self), NULL);
  g_return_val_if_fail (index < self->slots->len, NULL);
  return &g_array_index (self->slots, MfcSlot, index);
}

/**
 * mfc_slot_list_find_first_free:
 * @self: slots
 *
 * Returns: the index of the earliest slot with a free place, or -1
 */
int
mfc_slot_list_find_first_free (MfcSlotList *self)
{
  g_return_val_if_fail (MFC_IS_SLOT_LIST (self), -1);

  for (guint i = 0; i < self->slots->len; i++)
    if (g_array_index (self->slots, MfcSlot, i).free > 0)
      return (int) i;
  return -1;
}

/**
 * mfc_slot_list_find_start:
 * @self: slots
 * @start: an instant
 *
 * Returns: the index of the slot starting at @start (any zone), or -1
 */
int
mfc_slot_list_find_start (MfcSlotList *self,
                          GDateTime   *start)
{
  g_return_val_if_fail (MFC_IS_SLOT_LIST (self), -1);
  g_return_val_if_fail (start != NULL, -1);

  for (guint i = 0; i < self->slots->len; i++)
    if (g_date_time_compare (g_array_index (self->slots, MfcSlot, i).start, start) == 0)
      return (int) i;
  return -1;
}

/**
 * mfc_slot_list_nearest_free:
 * @self: slots
 * @wanted: the start the clerk wanted (taken meanwhile)
 * @max: how many to find
 * @indices: (out caller-allocates) (array length=max): their indices,
 *   in order of start
 *
 * The alternatives offered after a 409: the free slots nearest in time to
 * @wanted, before or after it, never @wanted itself.
 *
 * Returns: how many were found (at most @max)
 */
guint
mfc_slot_list_nearest_free (MfcSlotList *self,
                            GDateTime   *wanted,
                            guint        max,
                            guint       *indices)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = 0;

  g_return_val_if_fail (MFC_IS_SLOT_LIST (self), 0);
  g_return_val_if_fail (wanted != NULL, 0);

  for (guint i = 0; i < self->slots->len; i++)
    {
      MfcSlot *slot = &g_array_index (self->slots, MfcSlot, i);

      if (slot->free > 0 && g_date_time_compare (slot->start, wanted) != 0)
        g_array_append_val (candidates, i);
    }
  /* Pick greedily the nearest remaining one, max times (max is small). */
  while (n < max && candidates->len > 0)
    {
      guint best = 0;
      GTimeSpan best_gap = G_MAXINT64;

      for (guint k = 0; k < candidates->len; k++)
        {
          MfcSlot *slot = &g_array_index (self->slots, MfcSlot, g_array_index (candidates, guint, k));
          GTimeSpan gap = ABS (g_date_time_difference (slot->start, wanted));

          if (gap < best_gap)
            {
              best_gap = gap;
              best = k;
            }
        }
      indices[n++] = g_array_index (candidates, guint, best);
      g_array_remove_index (candidates, best);
    }
  /* In order of start. */
  for (guint a = 1; a < n; a++)
    for (guint b = a; b > 0 && indices[b - 1] > indices[b]; b--)
      {
        guint t = indices[b];
        indices[b] = indices[b - 1];
        indices[b - 1] = t;
      }
  return n;
}

/**
 * mfc_slot_list_week_start:
 * @instant: any instant
 * @zone: the office's zone
 *
 * Returns: (transfer full): Monday 00:00 of @instant's week on the
 *   office's calendar, in @zone
 */
GDateTime *
mfc_slot_list_week_start (GDateTime *instant,
                          GTimeZone *zone)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (instant, zone);
  g_autoptr(GDateTime) midnight = g_date_time_new (zone,
                                                   g_date_time_get_year (local),
                                                   g_date_time_get_month (local),
                                                   g_date_time_get_day_of_month (local),
                                                   0, 0, 0);

  return g_date_time_add_days (midnight, 1 - g_date_time_get_day_of_week (local));
}

/**
 * mfc_slot_format_time:
 * @slot: a slot
 *
 * Returns: (transfer full): its start on the office's clock, "09:20"
 */
char *
mfc_slot_format_time (const MfcSlot *slot)
{
  return g_date_time_format (slot->start, "%H:%M");
}

/**
 * mfc_slot_format_day:
 * @local: a date-time in the office's zone
 *
 * Returns: (transfer full): "чт, 3" (the month is in the week's title)
 */
char *
mfc_slot_format_day (GDateTime *local)
{
  /* Translators: a day heading of the slot grid, strftime format: «чт, 3» */
  return g_date_time_format (local, _("%a, %-d"));
}

/**
 * mfc_slot_format_when:
 * @instant: an appointment's start
 * @zone: its office's zone
 *
 * Returns: (transfer full): «3 декабря 2026, 09:20 (UTC+12)» on the
 *   office's clock
 */
char *
mfc_slot_format_when (GDateTime *instant,
                      GTimeZone *zone)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (instant, zone);
  g_autofree char *date = NULL;
  g_autofree char *offset = mfc_format_utc_offset (local);

  /* Translators: date and time of a visit, strftime format: «3 декабря 2026, 09:20» */
  date = g_date_time_format (local, _("%-d %B %Y, %H:%M"));
  g_strstrip (date);
  return g_strdup_printf ("%s (%s)", date, offset);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcClientResponse) response = mfc_client_request_finish (MFC_CLIENT (source), result, &error);
  MfcSlotList *list;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  list = mfc_slot_list_new_from_json (mfc_client_response_get_object (response), &error);
  if (list == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, list, g_object_unref);
}

/**
 * mfc_slot_list_load_async:
 * @client: the client
 * @office_id: the office
 * @service_id: the service
 * @from: (nullable): from this instant (default: now)
 * @to: (nullable): before this instant (default: the service's)
 * @first_available: ask only for the first free slot
 * @cancellable: (nullable): a cancellable
 * @callback: called with the slots
 * @user_data: for @callback
 *
 * `GET /api/v1/offices/{id}/slots`.
 */
void
mfc_slot_list_load_async (MfcClient           *client,
                          const char          *office_id,
                          const char          *service_id,
                          GDateTime           *from,
                          GDateTime           *to,
                          gboolean             first_available,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/offices");
  GTask *task;

  g_return_if_fail (MFC_IS_CLIENT (client));
  g_return_if_fail (office_id != NULL && service_id != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_slot_list_load_async);
  mfc_query_add_segment (query, office_id);
  mfc_query_add_segment (query, "slots");
  mfc_query_add (query, "service", service_id);
  if (from != NULL)
    {
      g_autofree char *text = g_date_time_format (from, "%Y-%m-%dT%H:%M:%S%:z");
      mfc_query_add (query, "from", text);
    }
  if (to != NULL)
    {
      g_autofree char *text = g_date_time_format (to, "%Y-%m-%dT%H:%M:%S%:z");
      mfc_query_add (query, "to", text);
    }
  if (first_available)
    mfc_query_add_bool (query, "first_available", TRUE);
  mfc_client_get_async (client, query, cancellable, load_cb, task);
}

/**
 * mfc_slot_list_load_finish:
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the slots
 */
MfcSlotList *
mfc_slot_list_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mfc_appointment_no_show_allowed:
 * @appointment: a contract `Appointment`
 * @now: the present instant
 *
 * The service's rule for «Не пришёл» (`POST /appointments/{id}/no-show`):
 * only a visit still booked whose time has come.  Before that the desk
 * does not offer it, rather than have the service refuse it.
 *
 * Returns: whether the visit can be marked as missed
 */
gboolean
mfc_appointment_no_show_allowed (JsonObject *appointment,
                                 GDateTime  *now)
{
  const char *status, *start;
  g_autoptr(GDateTime) begins = NULL;

  g_return_val_if_fail (appointment != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  status = json_object_get_string_member_with_default (appointment, "status", NULL);
  start = json_object_get_string_member_with_default (appointment, "start", NULL);
  if (g_strcmp0 (status, "booked") != 0 || start == NULL)
    return FALSE;
  begins = g_date_time_new_from_iso8601 (start, NULL);
  return begins != NULL && g_date_time_compare (begins, now) <= 0;
}
