/* mfc-training-booking.c — offices, bookable slots and appointments.
 *
 * Slots are not stored: they are generated from the office's weekly hours
 * (with the lunch break), the service's duration and buffer, in the
 * office's own time zone, skipping the region's holidays.  A slot's
 * capacity is the office's booking windows; its free places are that minus
 * the appointments (not cancelled) overlapping it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include <math.h>
#include <string.h>

#include "mfc-training-handlers.h"
#include "mfc-training-region.h"
#include "mfc-training-query.h"
#include "mfc-training-response.h"

#define LATE_SECONDS (24 * 3600)

typedef struct
{
  int open, close, break_start, break_end;   /* minutes; -1 when none */
} DayHours;

typedef struct
{
  gint64 start, end;
  int    capacity, free;
} Slot;

static void
load_hours (MfcTrainingStore *store,
            gint64            office_id,
            DayHours          hours[8])
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  for (int d = 0; d < 8; d++)
    hours[d] = (DayHours) { -1, -1, -1, -1 };

  stmt = mfc_training_store_prepare (store,
                                     "SELECT weekday, open_min, close_min, break_start_min, break_end_min"
                                     " FROM office_hours WHERE office_id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, office_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int d = sqlite3_column_int (stmt, 0);

      if (d < 1 || d > 7)
        continue;
      hours[d].open = sqlite3_column_int (stmt, 1);
      hours[d].close = sqlite3_column_int (stmt, 2);
      hours[d].break_start = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 3);
      hours[d].break_end = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 4);
    }
}

static const char *
hhmm (int   minutes,
      char *buffer)
{
  g_snprintf (buffer, 6, "%02d:%02d", (minutes / 60) % 100, minutes % 60);

  return buffer;
}

/* Slots */

typedef struct
{
  char  *zone;
  int    capacity;
  int    duration;
  int    buffer;
  gboolean bookable;
  DayHours hours[8];
} SlotRules;

static void
slot_rules_clear (SlotRules *rules)
{
  g_clear_pointer (&rules->zone, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlotRules, slot_rules_clear)

/* FALSE when the office does not exist; rules->bookable FALSE when the
 * service is unknown, not bookable or not provided there. */
static gboolean
load_rules (MfcTrainingRequest *req,
            gint64              office_id,
            gint64              service_id,
            SlotRules          *rules)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT timezone, booking_windows, online_booking FROM offices WHERE id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, office_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  rules->zone = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  rules->capacity = MAX (1, sqlite3_column_int (stmt, 1));
  rules->bookable = sqlite3_column_int (stmt, 2) != 0;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT s.duration_minutes, s.buffer_minutes, s.bookable FROM services s"
                                     " JOIN office_services os ON os.service_id = s.id AND os.office_id = ?"
                                     " WHERE s.id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, office_id);
  sqlite3_bind_int64 (stmt, 2, service_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    rules->bookable = FALSE;
  else
    {
      rules->duration = MAX (5, sqlite3_column_int (stmt, 0));
      rules->buffer = MAX (0, sqlite3_column_int (stmt, 1));
      rules->bookable = rules->bookable && sqlite3_column_int (stmt, 2) != 0;
    }
  load_hours (req->store, office_id, rules->hours);

  return TRUE;
}

/* Slots starting in [from, to), in the future, with free places counted;
 * @ignore_appointment's own place does not count (for a move).  With
 * @first_free, stops at the first slot with a free place. */
static GArray *
generate_slots (MfcTrainingRequest *req,
                gint64              office_id,
                SlotRules          *rules,
                gint64              from,
                gint64              to,
                gint64              ignore_appointment,
                gboolean            first_free)
{
  GArray *slots = g_array_new (FALSE, FALSE, sizeof (Slot));
  g_autoptr(GArray) booked = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GTimeZone *tz = mfc_training_zones_get (req->zones, rules->zone);
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  GDate day, last;

  if (!rules->bookable || to <= from)
    return slots;

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT start_at, end_at FROM appointments WHERE office_id = ?"
                                     " AND status != 'cancelled' AND id != ? AND end_at > ? AND start_at < ?"
                                     " ORDER BY start_at",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, office_id);
  sqlite3_bind_int64 (stmt, 2, ignore_appointment);
  sqlite3_bind_int64 (stmt, 3, from);
  sqlite3_bind_int64 (stmt, 4, to + 86400);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 pair[2] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
      g_array_append_vals (booked, pair, 2);
    }

  utc = g_date_time_new_from_unix_utc (from);
  local = g_date_time_to_timezone (utc, tz);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  g_clear_pointer (&utc, g_date_time_unref);
  g_clear_pointer (&local, g_date_time_unref);
  utc = g_date_time_new_from_unix_utc (to);
  local = g_date_time_to_timezone (utc, tz);
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));

  for (; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
    {
      DayHours *h = &rules->hours[g_date_get_weekday (&day)];
      int m;

      if (h->open < 0 || mfc_tr_is_holiday (g_date_get_julian (&day)))
        continue;

      m = h->open;
      while (m + rules->duration <= h->close)
        {
          g_autoptr(GDateTime) start_dt = NULL;
          Slot slot;
          int taken = 0;

          if (h->break_start >= 0 && m < h->break_end && m + rules->duration > h->break_start)
            {
              m = h->break_end;
              continue;
            }

          start_dt = g_date_time_new (tz, g_date_get_year (&day), g_date_get_month (&day),
                                      g_date_get_day (&day), m / 60, m % 60, 0);
          slot.start = g_date_time_to_unix (start_dt);
          slot.end = slot.start + rules->duration * 60;
          m += rules->duration + rules->buffer;

          if (slot.start < from || slot.start >= to || slot.start <= req->now)
            continue;

          for (guint i = 0; i + 1 < booked->len; i += 2)
            if (g_array_index (booked, gint64, i) < slot.end &&
                g_array_index (booked, gint64, i + 1) > slot.start)
              taken++;
          slot.capacity = rules->capacity;
          slot.free = MAX (0, rules->capacity - taken);

          if (first_free)
            {
              if (slot.free > 0)
                {
                  g_array_append_val (slots, slot);
                  return slots;
                }
              continue;
            }
          g_array_append_val (slots, slot);
        }
    }

  return slots;
}

/* Open at @now in @zone by @hours (the weekday's hours, not in the break,
 * not a region holiday). */
static gboolean
open_by_hours (MfcTrainingRequest *req,
               const DayHours      hours[8],
               const char         *zone,
               gint64              now)
{
  GTimeZone *tz = mfc_training_zones_get (req->zones, zone);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  GDate date;
  int wd = g_date_time_get_day_of_week (local);
  int m = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);

  if (hours[wd].open < 0 || m < hours[wd].open || m >= hours[wd].close)
    return FALSE;
  if (hours[wd].break_start >= 0 && m >= hours[wd].break_start && m < hours[wd].break_end)
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));

  return !mfc_tr_is_holiday (g_date_get_julian (&date));
}

static gboolean
open_at (MfcTrainingRequest *req,
         gint64              office_id,
         const char         *zone,
         gint64              now)
{
  DayHours hours[8];

  load_hours (req->store, office_id, hours);

  return open_by_hours (req, hours, zone, now);
}

/* The thresholds of OfficeLoadLevel in openapi.yaml: over 15 minutes is
 * over the federal waiting standard. */
static const char *
load_level (int average_wait_minutes)
{
  if (average_wait_minutes > 15)
    return "high";
  if (average_wait_minutes >= 10)
    return "medium";

  return "low";
}

JsonObject *
mfc_tr_office_load_json (MfcTrainingStore *store,
                         gint64            office_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *load;

  stmt = mfc_training_store_prepare (store,
                                     "SELECT windows_open, windows_total, waiting, average_wait_minutes"
                                     " FROM offices WHERE id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, office_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  load = json_object_new ();
  mfc_tr_set_id (load, "office_id", office_id);
  json_object_set_int_member (load, "windows_open", sqlite3_column_int (stmt, 0));
  json_object_set_int_member (load, "windows_total", sqlite3_column_int (stmt, 1));
  json_object_set_int_member (load, "waiting", sqlite3_column_int (stmt, 2));
  json_object_set_int_member (load, "average_wait_minutes", sqlite3_column_int (stmt, 3));
  json_object_set_string_member (load, "load", load_level (sqlite3_column_int (stmt, 3)));

  return load;
}

#define NEXT_FREE_HORIZON (14 * 86400)
#define NEXT_FREE_NONE G_GINT64_CONSTANT (0)
#define NEXT_FREE_UNKNOWN G_GINT64_CONSTANT (-1)

/* The start of the first slot with a free place for @service_id within
 * the horizon, or NEXT_FREE_NONE. */
static gint64
next_free_slot (MfcTrainingRequest *req,
                gint64              office_id,
                gint64              service_id)
{
  g_auto(SlotRules) rules = { 0 };
  g_autoptr(GArray) slots = NULL;

  if (service_id <= 0 || !load_rules (req, office_id, service_id, &rules))
    return NEXT_FREE_NONE;
  slots = generate_slots (req, office_id, &rules, req->now, req->now + NEXT_FREE_HORIZON, 0, TRUE);

  return slots->len > 0 ? g_array_index (slots, Slot, 0).start : NEXT_FREE_NONE;
}

/* " IN (?, ?, …)" for @n ids, bound from @ids. */
static sqlite3_stmt *
prepare_for_ids (MfcTrainingRequest *req,
                 const char         *sql_head,
                 const char         *sql_tail,
                 const gint64       *ids,
                 guint               n)
{
  g_autoptr(GString) sql = g_string_new (sql_head);
  sqlite3_stmt *stmt;

  g_string_append (sql, " IN (");
  for (guint i = 0; i < n; i++)
    g_string_append (sql, i == 0 ? "?" : ", ?");
  g_string_append_printf (sql, ")%s", sql_tail);
  stmt = mfc_training_store_prepare (req->store, sql->str, NULL);
  for (guint i = 0; stmt != NULL && i < n; i++)
    sqlite3_bind_int64 (stmt, i + 1, ids[i]);

  return stmt;
}

typedef struct
{
  DayHours   hours[8];
  JsonArray *services;
} OfficeExtras;

static void
office_extras_free (OfficeExtras *extras)
{
  g_clear_pointer (&extras->services, json_array_unref);
  g_free (extras);
}

/* The Office objects of @n offices, in the order of @ids, with three
 * queries whatever @n (a page of the list must stay fast on the large
 * seed).  @distances: -1 or km per office; @service_id: the service of
 * next_free_slot (0: none); @next_free: per office its value when already
 * known, else NEXT_FREE_UNKNOWN (NULL: all unknown).  Missing ids are
 * skipped; @versions (nullable) gets each office's version. */
static void
offices_json (MfcTrainingRequest *req,
              const gint64       *ids,
              const double       *distances,
              const gint64       *next_free,
              guint               n,
              gint64              service_id,
              JsonArray          *out,
              gint64             *versions)
{
  g_autoptr(GHashTable) extras = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                        (GDestroyNotify) office_extras_free);
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                      (GDestroyNotify) json_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      OfficeExtras *e = g_new0 (OfficeExtras, 1);

      for (int d = 0; d < 8; d++)
        e->hours[d] = (DayHours) { -1, -1, -1, -1 };
      e->services = json_array_new ();
      g_hash_table_replace (extras, g_memdup2 (&ids[i], sizeof (gint64)), e);
    }

  stmt = prepare_for_ids (req, "SELECT office_id, weekday, open_min, close_min, break_start_min, break_end_min"
                               " FROM office_hours WHERE office_id", "", ids, n);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      OfficeExtras *e = g_hash_table_lookup (extras, &id);
      int d = sqlite3_column_int (stmt, 1);

      if (e == NULL || d < 1 || d > 7)
        continue;
      e->hours[d].open = sqlite3_column_int (stmt, 2);
      e->hours[d].close = sqlite3_column_int (stmt, 3);
      e->hours[d].break_start = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 4);
      e->hours[d].break_end = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 5);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare_for_ids (req, "SELECT office_id, service_id FROM office_services WHERE office_id",
                          " ORDER BY office_id, service_id", ids, n);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      OfficeExtras *e = g_hash_table_lookup (extras, &id);

      if (e != NULL)
        {
          g_autofree char *sid = mfc_tr_id_string (sqlite3_column_int64 (stmt, 1));
          json_array_add_string_element (e->services, sid);
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare_for_ids (req, "SELECT id, name, address, phone, lat, lon, timezone, windows_open,"
                               " windows_total, waiting, average_wait_minutes, online_booking, version,"
                               " district FROM offices WHERE id", "", ids, n);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      OfficeExtras *e = g_hash_table_lookup (extras, &id);
      JsonObject *o = json_object_new ();
      JsonArray *hours = json_array_new ();

      mfc_tr_set_id (o, "id", id);
      mfc_tr_set_col_str (o, "name", stmt, 1);
      mfc_tr_set_col_str (o, "address", stmt, 2);
      mfc_tr_set_col_str (o, "phone", stmt, 3);
      json_object_set_double_member (o, "lat", sqlite3_column_double (stmt, 4));
      json_object_set_double_member (o, "lon", sqlite3_column_double (stmt, 5));
      mfc_tr_set_col_str (o, "timezone", stmt, 6);
      for (int d = 1; d <= 7; d++)
        {
          JsonObject *h;
          char buf[6];

          if (e->hours[d].open < 0)
            continue;
          h = json_object_new ();
          json_object_set_int_member (h, "weekday", d);
          json_object_set_string_member (h, "open", hhmm (e->hours[d].open, buf));
          json_object_set_string_member (h, "close", hhmm (e->hours[d].close, buf));
          if (e->hours[d].break_start >= 0)
            {
              json_object_set_string_member (h, "break_start", hhmm (e->hours[d].break_start, buf));
              json_object_set_string_member (h, "break_end", hhmm (e->hours[d].break_end, buf));
            }
          else
            {
              json_object_set_null_member (h, "break_start");
              json_object_set_null_member (h, "break_end");
            }
          json_array_add_object_element (hours, h);
        }
      json_object_set_array_member (o, "hours", hours);
      json_object_set_array_member (o, "services", json_array_ref (e->services));
      json_object_set_int_member (o, "windows_open", sqlite3_column_int (stmt, 7));
      json_object_set_int_member (o, "windows_total", sqlite3_column_int (stmt, 8));
      json_object_set_int_member (o, "waiting", sqlite3_column_int (stmt, 9));
      json_object_set_int_member (o, "average_wait_minutes", sqlite3_column_int (stmt, 10));
      json_object_set_boolean_member (o, "online_booking", sqlite3_column_int (stmt, 11) != 0);
      json_object_set_null_member (o, "distance_km");
      json_object_set_int_member (o, "version", sqlite3_column_int64 (stmt, 12));
      mfc_tr_set_col_str (o, "district", stmt, 13);
      json_object_set_boolean_member (o, "open_now",
                                      open_by_hours (req, e->hours, (const char *) sqlite3_column_text (stmt, 6),
                                                     req->now));
      json_object_set_string_member (o, "load", load_level (sqlite3_column_int (stmt, 10)));
      g_hash_table_replace (rows, g_memdup2 (&id, sizeof id), o);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *o = g_hash_table_lookup (rows, &ids[i]);
      gint64 next;

      if (o == NULL)
        continue;
      if (distances != NULL && distances[i] >= 0)
        json_object_set_double_member (o, "distance_km", round (distances[i] * 1000.0) / 1000.0);
      next = next_free != NULL ? next_free[i] : NEXT_FREE_UNKNOWN;
      if (next == NEXT_FREE_UNKNOWN)
        next = next_free_slot (req, ids[i], service_id);
      if (next != NEXT_FREE_NONE)
        mfc_tr_set_time (o, "next_free_slot", req->zones, next, json_object_get_string_member (o, "timezone"));
      else
        json_object_set_null_member (o, "next_free_slot");
      if (versions != NULL)
        versions[i] = json_object_get_int_member (o, "version");
      json_array_add_object_element (out, json_object_ref (o));
    }
}

static double
great_circle_km (double lat1, double lon1, double lat2, double lon2)
{
  double p1 = lat1 * G_PI / 180, p2 = lat2 * G_PI / 180;
  double dp = p2 - p1, dl = (lon2 - lon1) * G_PI / 180;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 6371.0088 * 2 * atan2 (sqrt (a), sqrt (1 - a));
}

static gboolean
parse_numbers (const char *text,
               double     *out,
               guint       count)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) != count)
    return FALSE;
  for (guint i = 0; i < count; i++)
    {
      char *end = NULL;

      out[i] = g_ascii_strtod (parts[i], &end);
      if (end == parts[i] || *end != '\0' || !isfinite (out[i]))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  gint64 id;
  double distance;   /* km, -1 without near */
  double key;        /* the sort key of the in-memory orders */
  gint64 next_free;  /* NEXT_FREE_UNKNOWN until computed */
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;

  return x->id < y->id ? -1 : x->id > y->id;
}

typedef enum
{
  SORT_NAME,
  SORT_DISTANCE,
  SORT_LOAD,
  SORT_FIRST_FREE_SLOT,
} OfficeSort;

/* Offices with no free slot sort after every real time. */
#define KEY_NO_SLOT 1e15

void
mfc_tr_offices_list (MfcTrainingRequest *req)
{
  static const char * const filters[] = { "bbox", "service", "open_now", "q", "near", "radius_km",
                                          "online_booking", "max_waiting", "sort", NULL };
  g_autoptr(GString) sql = g_string_new ("SELECT o.id, o.name, o.lat, o.lon, o.timezone,"
                                         " o.average_wait_minutes, o.waiting FROM offices o WHERE 1");
  g_autoptr(GPtrArray) binds = mfc_tr_binds_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_auto(MfcTrainingPager) pager = { 0 };
  double bbox[4], near[2], radius = 10;
  gboolean has_near = FALSE, bbox_wide = FALSE;
  const char *value;
  const char *service = mfc_tr_query (req, "service");
  gint64 service_id = 0;
  OfficeSort sort;
  int open_now, online;

  if (!mfc_tr_pager_begin (req, filters, &pager) || !mfc_tr_query_bool (req, "open_now", &open_now) ||
      !mfc_tr_query_bool (req, "online_booking", &online))
    return;
  if (service != NULL && !mfc_tr_parse_id (service, &service_id))
    service_id = -1;

  if ((value = mfc_tr_query (req, "bbox")) != NULL)
    {
      if (!parse_numbers (value, bbox, 4) || bbox[0] > bbox[2])
        {
          mfc_tr_bad_query (req, "bbox", "Ожидается south,west,north,east");
          return;
        }
      g_string_append (sql, " AND o.lat BETWEEN ? AND ? AND o.lon BETWEEN ? AND ?");
      bbox_wide = (bbox[2] - bbox[0]) * fabs (bbox[3] - bbox[1]) >= 1.0;
      mfc_tr_bind_double (binds, bbox[0]);
      mfc_tr_bind_double (binds, bbox[2]);
      mfc_tr_bind_double (binds, bbox[1]);
      mfc_tr_bind_double (binds, bbox[3]);
    }
  if ((value = mfc_tr_query (req, "near")) != NULL)
    {
      if (!parse_numbers (value, near, 2) || fabs (near[0]) > 90 || fabs (near[1]) > 180)
        {
          mfc_tr_bad_query (req, "near", "Ожидается lat,lon");
          return;
        }
      has_near = TRUE;
      if ((value = mfc_tr_query (req, "radius_km")) != NULL)
        {
          char *end = NULL;

          radius = g_ascii_strtod (value, &end);
          if (end == value || *end != '\0' || !(radius > 0) || radius > 2000)
            {
              mfc_tr_bad_query (req, "radius_km", "Допустимо больше 0 и до 2000");
              return;
            }
        }
      {
        /* A box around the circle, so SQLite skips far offices cheaply. */
        double dlat = radius / 110.0 + 0.01;
        double dlon = radius / (111.32 * MAX (0.01, cos (near[0] * G_PI / 180))) + 0.01;

        g_string_append (sql, " AND o.lat BETWEEN ? AND ? AND o.lon BETWEEN ? AND ?");
        mfc_tr_bind_double (binds, near[0] - dlat);
        mfc_tr_bind_double (binds, near[0] + dlat);
        mfc_tr_bind_double (binds, near[1] - dlon);
        mfc_tr_bind_double (binds, near[1] + dlon);
      }
    }
  if ((value = mfc_tr_query (req, "max_waiting")) != NULL)
    {
      guint64 n = 0;

      if (!g_ascii_string_to_unsigned (value, 10, 1, 10000, &n, NULL))
        {
          mfc_tr_bad_query (req, "max_waiting", "Целое число от 1 до 10000");
          return;
        }
      g_string_append (sql, " AND o.waiting < ?");
      mfc_tr_bind_int (binds, (gint64) n);
    }

  value = mfc_tr_query (req, "sort");
  if (value == NULL)
    sort = has_near ? SORT_DISTANCE : SORT_NAME;
  else if (g_str_equal (value, "name"))
    sort = SORT_NAME;
  else if (g_str_equal (value, "distance"))
    sort = SORT_DISTANCE;
  else if (g_str_equal (value, "load"))
    sort = SORT_LOAD;
  else if (g_str_equal (value, "first_free_slot"))
    sort = SORT_FIRST_FREE_SLOT;
  else
    {
      mfc_tr_bad_query (req, "sort", "Одно из: name, distance, load, first_free_slot");
      return;
    }
  if (sort == SORT_DISTANCE && !has_near)
    {
      mfc_tr_bad_query (req, "sort", "Сортировка по расстоянию требует параметра near");
      return;
    }
  if (sort == SORT_FIRST_FREE_SLOT && service == NULL)
    {
      mfc_tr_bad_query (req, "sort", "Сортировка по первому свободному времени требует параметра service");
      return;
    }

  if (online >= 0)
    {
      g_string_append (sql, " AND o.online_booking = ?");
      mfc_tr_bind_int (binds, online);
    }
  mfc_tr_filter_id (req, "service", sql, binds,
                    " AND o.id IN (SELECT office_id FROM office_services WHERE service_id = ?)");
  mfc_tr_filter_search (req, "q", sql, binds, "o.search_lc");
  if (sort == SORT_NAME)
    mfc_tr_pager_after (&pager, sql, binds, "o.name", "o.id");
  if (sort == SORT_NAME && !has_near && bbox_wide)
    {
      /* A box over much of the region: walking the name index and
       * stopping after a page beats sorting every office in the box. */
      g_string_replace (sql, "FROM offices o WHERE", "FROM offices o INDEXED BY offices_by_name WHERE", 1);
    }
  g_string_append (sql, " ORDER BY o.name, o.id");

  stmt = mfc_tr_prepare_bound (req, sql->str, binds);
  if (stmt == NULL)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Candidate c = { sqlite3_column_int64 (stmt, 0), -1, 0, NEXT_FREE_UNKNOWN };

      if (open_now >= 0 &&
          open_at (req, c.id, (const char *) sqlite3_column_text (stmt, 4), req->now) != open_now)
        continue;
      if (has_near)
        {
          c.distance = great_circle_km (near[0], near[1],
                                        sqlite3_column_double (stmt, 2), sqlite3_column_double (stmt, 3));
          if (c.distance > radius)
            continue;
        }
      switch (sort)
        {
        case SORT_DISTANCE:
          c.key = c.distance;
          break;
        case SORT_LOAD:
          c.key = sqlite3_column_int (stmt, 5) * 100000.0 + sqlite3_column_int (stmt, 6);
          break;
        case SORT_FIRST_FREE_SLOT:
          c.next_free = next_free_slot (req, c.id, service_id);
          c.key = c.next_free != NEXT_FREE_NONE ? (double) c.next_free : KEY_NO_SLOT;
          break;
        case SORT_NAME:
        default:
          break;
        }
      g_array_append_val (found, c);
      if (sort == SORT_NAME && found->len > (guint) pager.limit)
        {
          /* The next page starts after the last row shown. */
          g_autoptr(sqlite3_stmt) name = NULL;
          Candidate *last = &g_array_index (found, Candidate, pager.limit - 1);

          name = mfc_training_store_prepare (req->store, "SELECT name FROM offices WHERE id = ?", NULL);
          sqlite3_bind_int64 (name, 1, last->id);
          sqlite3_step (name);
          pager.next = mfc_tr_cursor_encode (pager.fingerprint, (const char *) sqlite3_column_text (name, 0),
                                             last->id);
          g_array_set_size (found, pager.limit);
          break;
        }
    }

  if (sort != SORT_NAME)
    {
      guint start = 0;

      g_array_sort (found, compare_candidates);
      if (pager.after_key != NULL)
        {
          Candidate after = { pager.after_id, -1, g_ascii_strtod (pager.after_key, NULL), 0 };

          while (start < found->len &&
                 compare_candidates (&g_array_index (found, Candidate, start), &after) <= 0)
            start++;
        }
      if (start > 0)
        g_array_remove_range (found, 0, start);
      if (found->len > (guint) pager.limit)
        {
          Candidate *last = &g_array_index (found, Candidate, pager.limit - 1);
          char key[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_dtostr (key, sizeof key, last->key);
          pager.next = mfc_tr_cursor_encode (pager.fingerprint, key, last->id);
          g_array_set_size (found, pager.limit);
        }
    }

  {
    g_autofree gint64 *ids = g_new (gint64, MAX (1, found->len));
    g_autofree double *distances = g_new (double, MAX (1, found->len));
    g_autofree gint64 *next_free = g_new (gint64, MAX (1, found->len));

    for (guint i = 0; i < found->len; i++)
      {
        Candidate *c = &g_array_index (found, Candidate, i);

        ids[i] = c->id;
        distances[i] = c->distance;
        next_free[i] = c->next_free;
      }
    offices_json (req, ids, distances, next_free, found->len, service_id, pager.items, NULL);
  }

  mfc_tr_pager_answer (req, &pager);
}

static JsonObject *
office_detail_json (MfcTrainingRequest *req,
                    gint64              id,
                    gint64             *version)
{
  const char *service = mfc_tr_query (req, "service");
  gint64 service_id = 0;

  if (service != NULL && !mfc_tr_parse_id (service, &service_id))
    service_id = -1;

  {
    g_autoptr(JsonArray) one = json_array_new ();

    offices_json (req, &id, NULL, NULL, 1, service_id, one, version);
    if (json_array_get_length (one) == 0)
      return NULL;

    return json_object_ref (json_array_get_object_element (one, 0));
  }
}

void
mfc_tr_office_get (MfcTrainingRequest *req)
{
  mfc_tr_answer_get (req, office_detail_json);
}

void
mfc_tr_office_slots (MfcTrainingRequest *req)
{
  g_auto(SlotRules) rules = { 0 };
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(GArray) slots = NULL;
  JsonArray *items;
  const char *service = mfc_tr_query (req, "service");
  const char *value;
  gint64 office_id, service_id = 0, from = req->now, to;
  int first;

  if (!mfc_tr_parse_id (req->params[0], &office_id) || !mfc_tr_row_exists (req, "offices", office_id))
    {
      mfc_tr_not_found (req);
      return;
    }
  if (service == NULL)
    {
      mfc_tr_bad_query (req, "service", "Обязательный параметр");
      return;
    }
  if (!mfc_tr_query_bool (req, "first_available", &first))
    return;
  if ((value = mfc_tr_query (req, "from")) != NULL && !mfc_tr_parse_time (value, &from))
    {
      mfc_tr_bad_query (req, "from", "Дата и время с часовым поясом");
      return;
    }
  to = from + (first == 1 ? 60 : 14) * 86400;
  if ((value = mfc_tr_query (req, "to")) != NULL && !mfc_tr_parse_time (value, &to))
    {
      mfc_tr_bad_query (req, "to", "Дата и время с часовым поясом");
      return;
    }
  if (to < from || (first != 1 && to - from > 31 * 86400))
    {
      mfc_tr_bad_query (req, "to", "Период не длиннее 31 дня");
      return;
    }

  if (!mfc_tr_parse_id (service, &service_id))
    service_id = -1;
  load_rules (req, office_id, service_id, &rules);
  slots = generate_slots (req, office_id, &rules, from, to, 0, first == 1);

  mfc_tr_set_id (result, "office_id", office_id);
  json_object_set_string_member (result, "service_id", service);
  json_object_set_string_member (result, "timezone", rules.zone);
  items = json_array_new ();
  for (guint i = 0; i < slots->len; i++)
    {
      Slot *s = &g_array_index (slots, Slot, i);
      JsonObject *item = json_object_new ();

      mfc_tr_set_time (item, "start", req->zones, s->start, rules.zone);
      mfc_tr_set_time (item, "end", req->zones, s->end, rules.zone);
      json_object_set_int_member (item, "capacity", s->capacity);
      json_object_set_int_member (item, "free", s->free);
      json_array_add_object_element (items, item);
    }
  json_object_set_array_member (result, "items", items);
  mfc_tr_json (req, 200, result);
}

/* Appointments */

static JsonObject *
appointment_json (MfcTrainingRequest *req,
                  gint64              id,
                  gint64             *version)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *zone = NULL;
  JsonObject *a, *office;

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT ap.id, ap.talon_code, ap.status, o.id, o.name, o.address, o.timezone,"
                                     " s.id, s.title, a.id, a.full_name, ap.start_at, ap.end_at, ap.created_at,"
                                     " ap.created_by, cu.full_name, ap.updated_at, ap.cancelled_at,"
                                     " ap.cancelled_by, xu.full_name, ap.cancel_reason, ap.version"
                                     " FROM appointments ap"
                                     " JOIN offices o ON o.id = ap.office_id"
                                     " JOIN services s ON s.id = ap.service_id"
                                     " JOIN applicants a ON a.id = ap.applicant_id"
                                     " JOIN users cu ON cu.id = ap.created_by"
                                     " LEFT JOIN users xu ON xu.id = ap.cancelled_by"
                                     " WHERE ap.id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  zone = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  a = json_object_new ();
  mfc_tr_set_id (a, "id", id);
  mfc_tr_set_col_str (a, "talon_code", stmt, 1);
  mfc_tr_set_col_str (a, "status", stmt, 2);
  office = json_object_new ();
  mfc_tr_set_id (office, "id", sqlite3_column_int64 (stmt, 3));
  mfc_tr_set_col_str (office, "name", stmt, 4);
  mfc_tr_set_col_str (office, "address", stmt, 5);
  mfc_tr_set_col_str (office, "timezone", stmt, 6);
  json_object_set_object_member (a, "office", office);
  json_object_set_object_member (a, "service",
                                 mfc_tr_ref (sqlite3_column_int64 (stmt, 7), "title",
                                             (const char *) sqlite3_column_text (stmt, 8)));
  json_object_set_object_member (a, "applicant",
                                 mfc_tr_ref (sqlite3_column_int64 (stmt, 9), "full_name",
                                             (const char *) sqlite3_column_text (stmt, 10)));
  mfc_tr_set_time (a, "start", req->zones, sqlite3_column_int64 (stmt, 11), zone);
  mfc_tr_set_time (a, "end", req->zones, sqlite3_column_int64 (stmt, 12), zone);
  mfc_tr_set_time (a, "created_at", req->zones, sqlite3_column_int64 (stmt, 13), zone);
  json_object_set_object_member (a, "created_by",
                                 mfc_tr_ref (sqlite3_column_int64 (stmt, 14), "full_name",
                                             (const char *) sqlite3_column_text (stmt, 15)));
  mfc_tr_set_time (a, "updated_at", req->zones, sqlite3_column_int64 (stmt, 16), zone);
  if (sqlite3_column_type (stmt, 17) != SQLITE_NULL)
    mfc_tr_set_time (a, "cancelled_at", req->zones, sqlite3_column_int64 (stmt, 17), zone);
  else
    json_object_set_null_member (a, "cancelled_at");
  if (sqlite3_column_type (stmt, 18) != SQLITE_NULL)
    json_object_set_object_member (a, "cancelled_by",
                                   mfc_tr_ref (sqlite3_column_int64 (stmt, 18), "full_name",
                                               (const char *) sqlite3_column_text (stmt, 19)));
  else
    json_object_set_null_member (a, "cancelled_by");
  mfc_tr_set_col_str (a, "cancel_reason", stmt, 20);
  json_object_set_int_member (a, "version", sqlite3_column_int64 (stmt, 21));
  if (version != NULL)
    *version = sqlite3_column_int64 (stmt, 21);

  return a;
}

/* Finds the slot starting at @start; answers 422/409 itself on failure. */
static gboolean
check_slot (MfcTrainingRequest *req,
            gint64              office_id,
            gint64              service_id,
            gint64              start,
            gint64              ignore_appointment,
            Slot               *out)
{
  g_auto(SlotRules) rules = { 0 };
  g_autoptr(GArray) slots = NULL;

  load_rules (req, office_id, service_id, &rules);
  slots = generate_slots (req, office_id, &rules, start, start + 1, ignore_appointment, FALSE);
  if (slots->len == 0)
    {
      mfc_tr_error_field (req, 422, "slot_unavailable",
                          "В это время офис не принимает по этой услуге", "start", "Нет такого слота");
      return FALSE;
    }
  *out = g_array_index (slots, Slot, 0);
  if (out->free < 1)
    {
      mfc_tr_error_field (req, 409, "slot_taken", "Это время уже занято, выберите другое",
                          "start", "Слот занят");
      return FALSE;
    }

  return TRUE;
}

/* "П-017": the first letter of the service's category, then the
 * appointment's number among the office's visits of that day, so the code
 * is unique per office and day. */
static char *
talon_code (MfcTrainingRequest *req,
            gint64              office_id,
            gint64              service_id,
            gint64              start,
            gint64              id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (start);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autofree char *letter = NULL;
  GTimeZone *tz;
  gint64 day_start, n = 1;

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT o.timezone, c.title FROM offices o, services s"
                                     " JOIN service_categories c ON c.id = s.category_id"
                                     " WHERE o.id = ? AND s.id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, office_id);
  sqlite3_bind_int64 (stmt, 2, service_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup_printf ("З-%03d", (int) (id % 1000));
  tz = mfc_training_zones_get (req->zones, (const char *) sqlite3_column_text (stmt, 0));
  {
    const char *title = (const char *) sqlite3_column_text (stmt, 1);
    letter = g_utf8_strup (title, g_utf8_next_char (title) - title);
  }
  g_clear_pointer (&stmt, sqlite3_finalize);

  local = g_date_time_to_timezone (utc, tz);
  midnight = g_date_time_new (tz, g_date_time_get_year (local), g_date_time_get_month (local),
                              g_date_time_get_day_of_month (local), 0, 0, 0);
  day_start = g_date_time_to_unix (midnight);

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT COUNT(*) FROM appointments WHERE office_id = ?"
                                     " AND start_at >= ? AND start_at < ? AND id != ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, office_id);
  sqlite3_bind_int64 (stmt, 2, day_start);
  sqlite3_bind_int64 (stmt, 3, day_start + 86400);
  sqlite3_bind_int64 (stmt, 4, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0) + 1;

  return g_strdup_printf ("%s-%03d", letter, (int) n);
}

void
mfc_tr_appointment_create (MfcTrainingRequest *req)
{
  g_autoptr(JsonObject) body = mfc_tr_body_object (req);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *talon = NULL;
  const char *start_text = NULL;
  gint64 office_id, service_id, applicant_id, start = 0, id;
  Slot slot;

  if (body == NULL)
    return;
  mfc_tr_body_ref (req, body, fields, "office_id", "offices", "Офис не найден", TRUE, &office_id);
  mfc_tr_body_ref (req, body, fields, "service_id", "services", "Услуга не найдена", TRUE, &service_id);
  mfc_tr_body_ref (req, body, fields, "applicant_id", "applicants", "Заявитель не найден", TRUE, &applicant_id);
  if (!mfc_tr_member_string (body, "start", &start_text, NULL) || !mfc_tr_parse_time (start_text, &start))
    json_object_set_string_member (fields, "start", "Дата и время с часовым поясом");
  if (json_object_get_size (fields) > 0)
    {
      mfc_tr_error (req, 422, "validation_failed", "Проверьте поля", fields);
      return;
    }
  if (!check_slot (req, office_id, service_id, start, 0, &slot))
    return;

  stmt = mfc_training_store_prepare (req->store,
                                     "INSERT INTO appointments (talon_code, status, office_id, service_id,"
                                     " applicant_id, start_at, end_at, created_at, created_by, updated_at, version)"
                                     " VALUES ('', 'booked', ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, office_id);
  sqlite3_bind_int64 (stmt, 2, service_id);
  sqlite3_bind_int64 (stmt, 3, applicant_id);
  sqlite3_bind_int64 (stmt, 4, slot.start);
  sqlite3_bind_int64 (stmt, 5, slot.end);
  sqlite3_bind_int64 (stmt, 6, req->now);
  sqlite3_bind_int64 (stmt, 7, req->user_id);
  sqlite3_bind_int64 (stmt, 8, req->now);
  if (!mfc_tr_step_done (req, stmt))
    return;
  id = sqlite3_last_insert_rowid (req->db);
  g_clear_pointer (&stmt, sqlite3_finalize);

  talon = talon_code (req, office_id, service_id, slot.start, id);
  stmt = mfc_training_store_prepare (req->store, "UPDATE appointments SET talon_code = ? WHERE id = ?", NULL);
  sqlite3_bind_text (stmt, 1, talon, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_step (stmt);

  mfc_tr_answer_written (req, 201, appointment_json, id, "appointment.created");
}

void
mfc_tr_appointment_get (MfcTrainingRequest *req)
{
  mfc_tr_answer_get (req, appointment_json);
}

typedef struct
{
  gint64 office_id, service_id, start, version;
  char  *status;
} AppointmentState;

static void
appointment_state_clear (AppointmentState *state)
{
  g_clear_pointer (&state->status, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AppointmentState, appointment_state_clear)

/* The appointment of params[0]; FALSE after answering 404. */
static gboolean
load_appointment (MfcTrainingRequest *req,
                  gint64             *id,
                  AppointmentState   *state)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mfc_tr_param_row (req,
                           "SELECT office_id, service_id, start_at, version, status"
                           " FROM appointments WHERE id = ?",
                           id);
  if (stmt == NULL)
    return FALSE;
  state->office_id = sqlite3_column_int64 (stmt, 0);
  state->service_id = sqlite3_column_int64 (stmt, 1);
  state->start = sqlite3_column_int64 (stmt, 2);
  state->version = sqlite3_column_int64 (stmt, 3);
  state->status = g_strdup ((const char *) sqlite3_column_text (stmt, 4));

  return TRUE;
}

/* The 24-hour rule: answers 403/422 itself and returns FALSE. */
static gboolean
check_late (MfcTrainingRequest *req,
            gint64              start,
            const char         *reason,
            const char         *reason_message)
{
  if (start - req->now >= LATE_SECONDS)
    return TRUE;
  if (g_strcmp0 (req->user_role, "supervisor") != 0)
    {
      mfc_tr_error (req, 403, "late_cancellation",
                    "Отменить или перенести запись менее чем за 24 часа может только руководитель", NULL);
      return FALSE;
    }
  if (mfc_tr_is_blank (reason))
    {
      mfc_tr_error_field (req, 422, "reason_required", reason_message, "reason", "Обязательно");
      return FALSE;
    }

  return TRUE;
}

void
mfc_tr_appointment_patch (MfcTrainingRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(AppointmentState) state = { 0 };
  const char *start_text = NULL, *reason = NULL;
  gint64 id, start = 0;
  Slot slot;

  if (!load_appointment (req, &id, &state))
    return;
  if (!mfc_tr_check_if_match (req, state.version, TRUE))
    return;
  if ((body = mfc_tr_body_object (req)) == NULL)
    return;
  if (!mfc_tr_member_string (body, "start", &start_text, NULL) || !mfc_tr_parse_time (start_text, &start))
    {
      mfc_tr_invalid_field (req, "start", "Дата и время с часовым поясом");
      return;
    }
  if (!mfc_tr_body_text (req, body, "reason", 500, "Строка до 500 символов", &reason))
    return;
  if (!g_str_equal (state.status, "booked"))
    {
      mfc_tr_error (req, 409, "transition_not_allowed", "Перенести можно только действующую запись", NULL);
      return;
    }
  if (!check_late (req, state.start, reason, "Для переноса менее чем за 24 часа укажите причину"))
    return;
  if (!check_slot (req, state.office_id, state.service_id, start, id, &slot))
    return;

  stmt = mfc_training_store_prepare (req->store,
                                     "UPDATE appointments SET start_at = ?, end_at = ?, updated_at = ?,"
                                     " version = version + 1 WHERE id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, slot.start);
  sqlite3_bind_int64 (stmt, 2, slot.end);
  sqlite3_bind_int64 (stmt, 3, req->now);
  sqlite3_bind_int64 (stmt, 4, id);
  if (!mfc_tr_step_done (req, stmt))
    return;

  mfc_tr_answer_written (req, 200, appointment_json, id, "appointment.updated");
}

void
mfc_tr_appointment_cancel (MfcTrainingRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(AppointmentState) state = { 0 };
  const char *reason = NULL;
  gint64 id;

  if (!load_appointment (req, &id, &state))
    return;
  if (!mfc_tr_check_if_match (req, state.version, FALSE))
    return;
  if ((body = mfc_tr_body_object (req)) == NULL)
    return;
  if (!mfc_tr_body_text (req, body, "reason", 500, "Строка до 500 символов", &reason))
    return;
  if (!g_str_equal (state.status, "booked") || state.start <= req->now)
    {
      mfc_tr_error (req, 409, "transition_not_allowed",
                    g_str_equal (state.status, "cancelled") ? "Запись уже отменена"
                                                             : "Эту запись нельзя отменить",
                    NULL);
      return;
    }
  if (!check_late (req, state.start, reason, "Для отмены менее чем за 24 часа укажите причину"))
    return;

  stmt = mfc_training_store_prepare (req->store,
                                     "UPDATE appointments SET status = 'cancelled', cancelled_at = ?,"
                                     " cancelled_by = ?, cancel_reason = ?, updated_at = ?,"
                                     " version = version + 1 WHERE id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, req->now);
  sqlite3_bind_int64 (stmt, 2, req->user_id);
  sqlite3_bind_text (stmt, 3, mfc_tr_is_blank (reason) ? NULL : reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, req->now);
  sqlite3_bind_int64 (stmt, 5, id);
  if (!mfc_tr_step_done (req, stmt))
    return;

  mfc_tr_answer_written (req, 200, appointment_json, id, "appointment.cancelled");
}

void
mfc_tr_appointment_no_show (MfcTrainingRequest *req)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(AppointmentState) state = { 0 };
  gint64 id;

  if (!load_appointment (req, &id, &state))
    return;
  if (!mfc_tr_check_if_match (req, state.version, FALSE))
    return;
  if (g_bytes_get_size (req->body) > 0)
    {
      g_autoptr(JsonObject) body = mfc_tr_body_object (req);
      if (body == NULL)
        return;
    }
  if (!g_str_equal (state.status, "booked") || state.start > req->now)
    {
      mfc_tr_error (req, 409, "transition_not_allowed",
                    "Отметить неявку можно только после начала действующей записи", NULL);
      return;
    }

  stmt = mfc_training_store_prepare (req->store,
                                     "UPDATE appointments SET status = 'no_show', updated_at = ?,"
                                     " version = version + 1 WHERE id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, req->now);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!mfc_tr_step_done (req, stmt))
    return;

  mfc_tr_answer_written (req, 200, appointment_json, id, "appointment.updated");
}

void
mfc_tr_appointments_list (MfcTrainingRequest *req)
{
  static const char * const filters[] = { "applicant", "office", "date", NULL };
  g_autoptr(GString) sql = g_string_new ("SELECT ap.id, ap.start_at, o.timezone FROM appointments ap"
                                         " JOIN offices o ON o.id = ap.office_id WHERE 1");
  g_autoptr(GPtrArray) binds = mfc_tr_binds_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(MfcTrainingPager) pager = { 0 };
  const char *date;
  guint32 j;

  if (!mfc_tr_pager_begin (req, filters, &pager))
    return;

  mfc_tr_filter_id (req, "applicant", sql, binds, " AND ap.applicant_id = ?");
  mfc_tr_filter_id (req, "office", sql, binds, " AND ap.office_id = ?");
  if (!mfc_tr_query_date (req, "date", &date, &j))
    return;
  if (date != NULL)
    {
      g_autoptr(GDateTime) midnight = NULL;
      GDate d;

      g_date_clear (&d, 1);
      g_date_set_julian (&d, j);
      midnight = g_date_time_new_utc (g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d), 0, 0, 0);
      /* Any zone of Russia: the exact date is checked per row below. */
      g_string_append (sql, " AND ap.start_at >= ? AND ap.start_at < ?");
      mfc_tr_bind_int (binds, g_date_time_to_unix (midnight) - 14 * 3600);
      mfc_tr_bind_int (binds, g_date_time_to_unix (midnight) + 24 * 3600);
    }
  if (pager.after_key != NULL)
    {
      gint64 key = g_ascii_strtoll (pager.after_key, NULL, 10);

      g_string_append (sql, " AND (ap.start_at > ? OR (ap.start_at = ? AND ap.id > ?))");
      mfc_tr_bind_int (binds, key);
      mfc_tr_bind_int (binds, key);
      mfc_tr_bind_int (binds, pager.after_id);
    }
  g_string_append (sql, " ORDER BY ap.start_at, ap.id");

  stmt = mfc_tr_prepare_bound (req, sql->str, binds);
  if (stmt == NULL)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 start = sqlite3_column_int64 (stmt, 1);
      JsonObject *a;

      if (date != NULL)
        {
          g_autofree char *local = mfc_tr_local_date (req->zones, start,
                                                      (const char *) sqlite3_column_text (stmt, 2));
          if (!g_str_equal (local, date))
            continue;
        }
      if (!mfc_tr_pager_take (&pager, stmt))
        break;
      a = appointment_json (req, pager.last_id, NULL);
      if (a != NULL)
        json_array_add_object_element (pager.items, a);
    }

  mfc_tr_pager_answer (req, &pager);
}

/* Geocoding: an address of the region → a point of its map, so that the
 * office list can be sorted by the distance from an applicant's address. */
void
mfc_tr_geocode (MfcTrainingRequest *req)
{
  static const char * const precisions[] = { "town", "street", "house" };
  const char *address = mfc_tr_query (req, "address");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  const MfcTrRegion *region;
  const char *town = NULL, *street = NULL;
  MfcTrGeocodePrecision precision;
  double lon, lat;

  if (mfc_tr_is_blank (address) || g_utf8_strlen (address, -1) > 500)
    {
      mfc_tr_bad_query (req, "address", "Адрес, до 500 символов");
      return;
    }
  if ((region = mfc_tr_region_get (&error)) == NULL)
    {
      g_warning ("Geocoding: %s", error->message);
      mfc_tr_internal_error (req);
      return;
    }
  if (!mfc_tr_region_geocode (region, address, &lon, &lat, &precision, &town, &street))
    {
      mfc_tr_error (req, 404, "not_found", "Адрес не найден в учебной области", NULL);
      return;
    }

  result = json_object_new ();
  json_object_set_double_member (result, "lat", round (lat * 1e5) / 1e5);
  json_object_set_double_member (result, "lon", round (lon * 1e5) / 1e5);
  json_object_set_string_member (result, "precision", precisions[precision]);
  json_object_set_string_member (result, "town", town);
  if (street != NULL)
    json_object_set_string_member (result, "street", street);
  else
    json_object_set_null_member (result, "street");
  mfc_tr_json (req, 200, result);
}
