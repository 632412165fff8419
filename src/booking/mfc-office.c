/* mfc-office.c
 *
 * An office as the contract's `Office` describes it.  Its hours are local
 * clock times of the office's own zone, so everything that asks "open
 * now?" converts the instant into that zone first, whatever the desktop's
 * zone is.  The load follows `office.load` events (mfc_office_apply_load()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-booking"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "mfc-client-error.h"
#include "mfc-office.h"

typedef struct
{
  int open_min;          /* -1: a day off */
  int close_min;
  int break_start_min;   /* -1: no break */
  int break_end_min;
} DayHours;

struct _MfcOffice
{
  GObject    parent_instance;

  char      *id;
  char      *name;
  char      *address;
  char      *phone;
  double     lat;
  double     lon;
  char      *zone_id;
  GTimeZone *zone;
  DayHours   hours[8];   /* ISO weekday 1..7 */
  GStrv      services;
  guint      windows_open;
  guint      windows_total;
  guint      waiting;
  guint      average_wait;
  gboolean   online_booking;
  double     distance_km; /* negative: unknown */
  char      *next_free_slot;
  char      *district;
  gint64     version;
};

G_DEFINE_FINAL_TYPE (MfcOffice, mfc_office, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
parse_clock (const char *text,
             int        *minutes)
{
  unsigned h, m;
  char tail;

  if (text == NULL || sscanf (text, "%2u:%2u%c", &h, &m, &tail) != 2 || h > 23 || m > 59)
    return FALSE;
  *minutes = (int) (h * 60 + m);
  return TRUE;
}

static const char *
member_string (JsonObject *json,
               const char *name)
{
  JsonNode *node = json_object_get_member (json, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_number (JsonObject *json,
               const char *name,
               double     *value)
{
  JsonNode *node = json_object_get_member (json, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

static guint
member_count (JsonObject *json,
              const char *name)
{
  double value = 0;

  if (!member_number (json, name, &value) || value < 0)
    return 0;
  return (guint) value;
}

static gboolean
set_protocol_error (GError    **error,
                    const char *what)
{
  g_set_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL,
               _("The service sent an office without a valid “%s”."), what);
  return FALSE;
}

static gboolean
read_hours (MfcOffice  *self,
            JsonObject *json,
            GError    **error)
{
  JsonNode *node = json_object_get_member (json, "hours");
  JsonArray *array;

  for (guint d = 0; d < G_N_ELEMENTS (self->hours); d++)
    self->hours[d] = (DayHours) { -1, -1, -1, -1 };
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return set_protocol_error (error, "hours");

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *day = json_array_get_object_element (array, i);
      double weekday = 0;
      DayHours hours = { -1, -1, -1, -1 };

      if (day == NULL || !member_number (day, "weekday", &weekday) || weekday < 1 || weekday > 7 ||
          !parse_clock (member_string (day, "open"), &hours.open_min) ||
          !parse_clock (member_string (day, "close"), &hours.close_min))
        return set_protocol_error (error, "hours");
      if (member_string (day, "break_start") != NULL &&
          (!parse_clock (member_string (day, "break_start"), &hours.break_start_min) ||
           !parse_clock (member_string (day, "break_end"), &hours.break_end_min)))
        return set_protocol_error (error, "hours");
      self->hours[(int) weekday] = hours;
    }
  return TRUE;
}

static gboolean
read_load (MfcOffice  *self,
           JsonObject *json)
{
  guint open = member_count (json, "windows_open");
  guint total = member_count (json, "windows_total");
  guint waiting = member_count (json, "waiting");
  guint wait = member_count (json, "average_wait_minutes");
  gboolean changed = open != self->windows_open || total != self->windows_total ||
                     waiting != self->waiting || wait != self->average_wait;

  self->windows_open = open;
  self->windows_total = total;
  self->waiting = waiting;
  self->average_wait = wait;
  return changed;
}

static void
mfc_office_finalize (GObject *object)
{
  MfcOffice *self = MFC_OFFICE (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->address);
  g_free (self->phone);
  g_free (self->zone_id);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_strfreev (self->services);
  g_free (self->next_free_slot);
  g_free (self->district);

  G_OBJECT_CLASS (mfc_office_parent_class)->finalize (object);
}

static void
mfc_office_class_init (MfcOfficeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mfc_office_finalize;

  /**
   * MfcOffice::changed:
   *
   * The office's data or its live load changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mfc_office_init (MfcOffice *self)
{
  self->distance_km = -1;
}

/**
 * mfc_office_new_from_json:
 * @json: a contract `Office`
 * @error: return location for an #MFC_CLIENT_ERROR_PROTOCOL
 *
 * Returns: (transfer full) (nullable): the office
 */
MfcOffice *
mfc_office_new_from_json (JsonObject  *json,
                          GError     **error)
{
  g_autoptr(MfcOffice) self = g_object_new (MFC_TYPE_OFFICE, NULL);

  g_return_val_if_fail (json != NULL, NULL);

  if (!mfc_office_update_from_json (self, json, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * mfc_office_update_from_json:
 * @self: an office
 * @json: a newer `Office` of the same id
 * @error: return location for an error
 *
 * Takes the newer data; emits ::changed when anything changed.
 *
 * Returns: %TRUE unless @json breaks the contract
 */
gboolean
mfc_office_update_from_json (MfcOffice   *self,
                             JsonObject  *json,
                             GError     **error)
{
  const char *id, *name, *zone_id, *slot;
  double lat, lon, distance, version = 0;
  JsonNode *services;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GTimeZone) zone = NULL;

  g_return_val_if_fail (MFC_IS_OFFICE (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  id = member_string (json, "id");
  name = member_string (json, "name");
  zone_id = member_string (json, "timezone");
  if (id == NULL || (self->id != NULL && strcmp (id, self->id) != 0))
    return set_protocol_error (error, "id");
  if (name == NULL)
    return set_protocol_error (error, "name");
  if (!member_number (json, "lat", &lat) || lat < -90 || lat > 90 ||
      !member_number (json, "lon", &lon) || lon < -180 || lon > 180)
    return set_protocol_error (error, "lat");
  if (zone_id == NULL || (zone = g_time_zone_new_identifier (zone_id)) == NULL)
    return set_protocol_error (error, "timezone");
  member_number (json, "version", &version);
  /* The same version can come with another next_free_slot and
   * distance_km (they depend on the request's service and point), so only
   * the rest is skipped. */
  if (self->id != NULL && version > 0 && (gint64) version == self->version)
    {
      const char *next = member_string (json, "next_free_slot");
      double d = member_number (json, "distance_km", &distance) ? distance : -1;

      if (g_strcmp0 (next, self->next_free_slot) != 0 || d != self->distance_km)
        {
          g_free (self->next_free_slot);
          self->next_free_slot = g_strdup (next);
          self->distance_km = d;
          g_signal_emit (self, signals[CHANGED], 0);
        }
      return TRUE;
    }
  if (!read_hours (self, json, error))
    return FALSE;

  services = json_object_get_member (json, "services");
  if (services != NULL && JSON_NODE_HOLDS_ARRAY (services))
    {
      JsonArray *array = json_node_get_array (services);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *service = json_array_get_string_element (array, i);

          if (service != NULL)
            g_ptr_array_add (ids, g_strdup (service));
        }
    }
  g_ptr_array_add (ids, NULL);

  g_free (self->id);
  self->id = g_strdup (id);
  g_free (self->name);
  self->name = g_strdup (name);
  g_free (self->address);
  self->address = g_strdup (member_string (json, "address"));
  g_free (self->phone);
  self->phone = g_strdup (member_string (json, "phone"));
  self->lat = lat;
  self->lon = lon;
  g_free (self->zone_id);
  self->zone_id = g_strdup (zone_id);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = g_steal_pointer (&zone);
  g_strfreev (self->services);
  self->services = (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
  read_load (self, json);
  self->online_booking = json_object_has_member (json, "online_booking") &&
                         json_object_get_boolean_member_with_default (json, "online_booking", FALSE);
  self->distance_km = member_number (json, "distance_km", &distance) ? distance : -1;
  /* next_free_slot: an ISO date-time or null (absent from older services). */
  slot = member_string (json, "next_free_slot");
  g_free (self->next_free_slot);
  self->next_free_slot = g_strdup (slot);
  g_free (self->district);
  self->district = g_strdup (member_string (json, "district"));
  self->version = (gint64) version;

  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * mfc_office_apply_load:
 * @self: an office
 * @load: the `data` of an `office.load` event (contract `OfficeLoad`)
 *
 * Returns: %TRUE if @load was this office's and changed something
 */
gboolean
mfc_office_apply_load (MfcOffice  *self,
                       JsonObject *load)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), FALSE);
  g_return_val_if_fail (load != NULL, FALSE);

  if (g_strcmp0 (member_string (load, "office_id"), self->id) != 0)
    return FALSE;
  if (!read_load (self, load))
    return FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

const char *
mfc_office_get_id (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), NULL);
  return self->id;
}

const char *
mfc_office_get_name (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), NULL);
  return self->name;
}

const char *
mfc_office_get_address (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), NULL);
  return self->address != NULL ? self->address : "";
}

const char *
mfc_office_get_phone (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), NULL);
  return self->phone;
}

double
mfc_office_get_latitude (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), 0);
  return self->lat;
}

double
mfc_office_get_longitude (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), 0);
  return self->lon;
}

const char *
mfc_office_get_timezone_id (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), NULL);
  return self->zone_id;
}

/**
 * mfc_office_get_timezone:
 * @self: an office
 *
 * Returns: (transfer none): the office's own zone
 */
GTimeZone *
mfc_office_get_timezone (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), NULL);
  return self->zone;
}

guint
mfc_office_get_windows_open (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), 0);
  return self->windows_open;
}

guint
mfc_office_get_windows_total (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), 0);
  return self->windows_total;
}

guint
mfc_office_get_waiting (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), 0);
  return self->waiting;
}

guint
mfc_office_get_average_wait (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), 0);
  return self->average_wait;
}

gboolean
mfc_office_get_online_booking (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), FALSE);
  return self->online_booking;
}

/**
 * mfc_office_get_distance_km:
 * @self: an office
 *
 * Returns: the distance the service measured from the `near` point, or a
 *   negative number when the list was not asked with one
 */
double
mfc_office_get_distance_km (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), -1);
  return self->distance_km;
}

/**
 * mfc_office_get_next_free_slot:
 * @self: an office
 *
 * Returns: (nullable): the start of the first free slot as the service
 *   gave it (ISO 8601 with the office's offset), or %NULL
 */
const char *
mfc_office_get_next_free_slot (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), NULL);
  return self->next_free_slot;
}

/**
 * mfc_office_get_district:
 * @self: an office
 *
 * Returns: (nullable): the district it serves («Центральный район»)
 */
const char *
mfc_office_get_district (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), NULL);
  return self->district;
}

gboolean
mfc_office_has_service (MfcOffice  *self,
                        const char *service_id)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), FALSE);
  g_return_val_if_fail (service_id != NULL, FALSE);
  return self->services != NULL && g_strv_contains ((const char * const *) self->services, service_id);
}

/**
 * mfc_office_get_services:
 * @self: an office
 *
 * Returns: (transfer none): the ids of the services provided here
 */
const char * const *
mfc_office_get_services (MfcOffice *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (MFC_IS_OFFICE (self), NULL);
  return self->services != NULL ? (const char * const *) self->services : none;
}

/**
 * mfc_office_get_load:
 * @self: an office
 *
 * The map's colour: the average wait against the 15-minute standard,
 * with the contract's thresholds (`OfficeLoadLevel`: low under 10
 * minutes, medium 10 to 15, high over 15), so that a load event's numbers
 * give the colour the service would.
 *
 * Returns: the load level
 */
MfcOfficeLoad
mfc_office_get_load (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), MFC_OFFICE_LOAD_LOW);

  if (self->average_wait < 10)
    return MFC_OFFICE_LOAD_LOW;
  if (self->average_wait <= MFC_OFFICE_WAIT_STANDARD_MINUTES)
    return MFC_OFFICE_LOAD_MEDIUM;
  return MFC_OFFICE_LOAD_HIGH;
}

/**
 * mfc_office_get_over_standard:
 * @self: an office
 *
 * Returns: %TRUE when the average wait is over the 15-minute standard
 *   (ПП РФ № 1376, п. 18 б)
 */
gboolean
mfc_office_get_over_standard (MfcOffice *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE (self), FALSE);
  return self->average_wait > MFC_OFFICE_WAIT_STANDARD_MINUTES;
}

/**
 * mfc_office_get_hours:
 * @self: an office
 * @weekday: ISO weekday, 1 Monday … 7 Sunday
 * @open_min: (out) (optional): opening, minutes after local midnight
 * @close_min: (out) (optional): closing
 * @break_start_min: (out) (optional): the break's start, or -1
 * @break_end_min: (out) (optional): the break's end, or -1
 *
 * Returns: %FALSE on a day off
 */
gboolean
mfc_office_get_hours (MfcOffice *self,
                      guint      weekday,
                      int       *open_min,
                      int       *close_min,
                      int       *break_start_min,
                      int       *break_end_min)
{
  DayHours *day;

  g_return_val_if_fail (MFC_IS_OFFICE (self), FALSE);
  g_return_val_if_fail (weekday >= 1 && weekday <= 7, FALSE);

  day = &self->hours[weekday];
  if (open_min != NULL)
    *open_min = day->open_min;
  if (close_min != NULL)
    *close_min = day->close_min;
  if (break_start_min != NULL)
    *break_start_min = day->break_start_min;
  if (break_end_min != NULL)
    *break_end_min = day->break_end_min;
  return day->open_min >= 0;
}

static gboolean
day_open_at (DayHours *day,
             int       minute)
{
  if (day->open_min < 0 || minute < day->open_min || minute >= day->close_min)
    return FALSE;
  if (day->break_start_min >= 0 && minute >= day->break_start_min && minute < day->break_end_min)
    return FALSE;
  return TRUE;
}

/**
 * mfc_office_is_open_at:
 * @self: an office
 * @instant: any instant (any zone)
 *
 * Returns: %TRUE when the office is open at @instant on its own clock
 *   (within the weekday's hours, not in the break)
 */
gboolean
mfc_office_is_open_at (MfcOffice *self,
                       GDateTime *instant)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (MFC_IS_OFFICE (self), FALSE);
  g_return_val_if_fail (instant != NULL, FALSE);

  local = g_date_time_to_timezone (instant, self->zone);
  return day_open_at (&self->hours[g_date_time_get_day_of_week (local)],
                      g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local));
}

/**
 * mfc_format_clock:
 * @minutes: minutes after midnight
 *
 * Returns: (transfer full): "9:00", "13:30" (hours without a leading zero,
 *   as Russian signs write them)
 */
char *
mfc_format_clock (int minutes)
{
  return g_strdup_printf ("%d:%02d", minutes / 60, minutes % 60);
}

static const char *
weekday_short (guint weekday)
{
  switch (weekday)
    {
    case 1: return C_("weekday", "Mon");
    case 2: return C_("weekday", "Tue");
    case 3: return C_("weekday", "Wed");
    case 4: return C_("weekday", "Thu");
    case 5: return C_("weekday", "Fri");
    case 6: return C_("weekday", "Sat");
    default: return C_("weekday", "Sun");
    }
}

/**
 * mfc_office_describe_status:
 * @self: an office
 * @instant: now
 *
 * Returns: (transfer full): «Открыто до 20:00», «Перерыв до 14:00»,
 *   «Закрыто, откроется в 9:00» or «Закрыто, откроется в пн в 9:00», on
 *   the office's own clock
 */
char *
mfc_office_describe_status (MfcOffice *self,
                            GDateTime *instant)
{
  g_autoptr(GDateTime) local = NULL;
  guint weekday;
  int minute;
  DayHours *day;

  g_return_val_if_fail (MFC_IS_OFFICE (self), NULL);
  g_return_val_if_fail (instant != NULL, NULL);

  local = g_date_time_to_timezone (instant, self->zone);
  weekday = g_date_time_get_day_of_week (local);
  minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
  day = &self->hours[weekday];

  if (day_open_at (day, minute))
    {
      g_autofree char *until = NULL;

      if (day->break_start_min >= 0 && minute < day->break_start_min)
        until = mfc_format_clock (day->break_start_min);
      else
        until = mfc_format_clock (day->close_min);
      /* Translators: %s is a clock time such as 20:00 */
      return g_strdup_printf (_("Open until %s"), until);
    }
  if (day->open_min >= 0 && day->break_start_min >= 0 &&
      minute >= day->break_start_min && minute < day->break_end_min)
    {
      g_autofree char *until = mfc_format_clock (day->break_end_min);

      /* Translators: %s is a clock time such as 14:00 */
      return g_strdup_printf (_("Lunch break until %s"), until);
    }
  if (day->open_min >= 0 && minute < day->open_min)
    {
      g_autofree char *at = mfc_format_clock (day->open_min);

      /* Translators: %s is a clock time such as 9:00 */
      return g_strdup_printf (_("Closed, opens at %s"), at);
    }
  for (guint ahead = 1; ahead <= 7; ahead++)
    {
      guint next = (weekday - 1 + ahead) % 7 + 1;

      if (self->hours[next].open_min >= 0)
        {
          g_autofree char *at = mfc_format_clock (self->hours[next].open_min);

          if (ahead == 1)
            /* Translators: %s is a clock time such as 9:00 */
            return g_strdup_printf (_("Closed, opens tomorrow at %s"), at);
          /* Translators: the first %s is a short weekday (пн), the second a clock time */
          return g_strdup_printf (_("Closed, opens on %s at %s"), weekday_short (next), at);
        }
    }
  return g_strdup (_("Closed"));
}

/**
 * mfc_office_describe_hours:
 * @self: an office
 * @weekday: ISO weekday
 *
 * Returns: (transfer full): «8:00–20:00, перерыв 13:00–14:00» or «выходной»
 */
char *
mfc_office_describe_hours (MfcOffice *self,
                           guint      weekday)
{
  int open, close, bstart, bend;
  g_autofree char *o = NULL, *c = NULL;

  g_return_val_if_fail (MFC_IS_OFFICE (self), NULL);

  if (!mfc_office_get_hours (self, weekday, &open, &close, &bstart, &bend))
    return g_strdup (_("day off"));
  o = mfc_format_clock (open);
  c = mfc_format_clock (close);
  if (bstart >= 0)
    {
      g_autofree char *bs = mfc_format_clock (bstart);
      g_autofree char *be = mfc_format_clock (bend);

      /* Translators: opening–closing, then the lunch break */
      return g_strdup_printf (_("%s–%s, break %s–%s"), o, c, bs, be);
    }
  return g_strdup_printf ("%s–%s", o, c);
}

/**
 * mfc_format_utc_offset:
 * @local: a date-time in some zone
 *
 * Returns: (transfer full): "UTC+7", "UTC+5:30", "UTC−1"
 */
char *
mfc_format_utc_offset (GDateTime *local)
{
  gint64 offset = g_date_time_get_utc_offset (local) / G_TIME_SPAN_MINUTE;
  gint64 hours = ABS (offset) / 60, minutes = ABS (offset) % 60;
  const char *sign = offset < 0 ? "−" : "+";

  if (minutes != 0)
    return g_strdup_printf ("UTC%s%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT, sign, hours, minutes);
  return g_strdup_printf ("UTC%s%" G_GINT64_FORMAT, sign, hours);
}

/**
 * mfc_office_zone_differs:
 * @self: an office
 * @zone: the desktop's zone
 * @instant: now
 *
 * Returns: %TRUE when the office's clock shows another time than @zone's
 *   at @instant (same offset under another name does not count)
 */
gboolean
mfc_office_zone_differs (MfcOffice *self,
                         GTimeZone *zone,
                         GDateTime *instant)
{
  g_autoptr(GDateTime) a = NULL;
  g_autoptr(GDateTime) b = NULL;

  g_return_val_if_fail (MFC_IS_OFFICE (self), FALSE);

  a = g_date_time_to_timezone (instant, self->zone);
  b = g_date_time_to_timezone (instant, zone);
  return g_date_time_get_utc_offset (a) != g_date_time_get_utc_offset (b);
}

/**
 * mfc_office_describe_zone:
 * @self: an office
 * @instant: now
 *
 * Returns: (transfer full): «Время офиса: UTC+12 (Asia/Kamchatka), сейчас 18:30»
 */
char *
mfc_office_describe_zone (MfcOffice *self,
                          GDateTime *instant)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *offset = NULL;
  g_autofree char *clock = NULL;

  g_return_val_if_fail (MFC_IS_OFFICE (self), NULL);

  local = g_date_time_to_timezone (instant, self->zone);
  offset = mfc_format_utc_offset (local);
  clock = mfc_format_clock (g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local));
  /* Translators: office time: UTC+12 (Asia/Kamchatka), it is now 18:30 there */
  return g_strdup_printf (_("Office time: %s (%s), now %s"), offset, self->zone_id, clock);
}
