/* mfc-training-calendar.c — dates and times of the training server: the
 * region's production calendar (one MfcWorkdays, the same lists /config
 * sends, so client and server count working days alike), the offices'
 * time zones and the contract's date and time texts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mfc-training-calendar.h"
#include "mfc-workdays.h"

struct _MfcTrainingZones
{
  GHashTable *by_id;              /* identifier → GTimeZone */
  GMutex      lock;               /* handlers run on several threads */
};

/* The region's production calendar is the federal one of mfc-workdays. */
static MfcWorkdays *
calendar (void)
{
  static MfcWorkdays *workdays;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      workdays = mfc_workdays_new_russia ();
      g_once_init_leave (&initialized, 1);
    }

  return workdays;
}

static void
julian_to_date (guint32  julian,
                GDate   *date)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, julian);
}

/* The production calendar: Julian day numbers (GDate's) */

gboolean
mfc_tr_parse_date (const char *text,
                   guint32    *julian)
{
  unsigned y, m, d;
  char tail;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  if (y < 1 || m < 1 || m > 12 || !g_date_valid_dmy (d, m, y))
    return FALSE;

  {
    GDate date;
    g_date_clear (&date, 1);
    g_date_set_dmy (&date, d, m, y);
    *julian = g_date_get_julian (&date);
  }

  return TRUE;
}

char *
mfc_tr_format_date (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date),
                          g_date_get_month (&date), g_date_get_day (&date));
}

/* The N-th working day after @julian (@julian itself not counted). */
guint32
mfc_tr_add_working_days (guint32 julian,
                         int     days)
{
  GDate start, due;

  if (days <= 0)
    return julian;
  julian_to_date (julian, &start);
  g_date_clear (&due, 1);
  mfc_workdays_add_working_days (calendar (), &start, days, &due);

  return g_date_get_julian (&due);
}

/* Working days in (after, up_to]; 0 when up_to <= after. */
int
mfc_tr_working_days_between (guint32 after,
                             guint32 up_to)
{
  GDate from, to;

  if (up_to <= after)
    return 0;
  julian_to_date (after, &from);
  julian_to_date (up_to, &to);

  return mfc_workdays_working_days_between (calendar (), &from, &to);
}

/* A public holiday (whatever the day of the week): offices that work on
 * Saturdays are closed then too. */
gboolean
mfc_tr_is_holiday (guint32 julian)
{
  GDate date;

  julian_to_date (julian, &date);

  return mfc_workdays_is_holiday (calendar (), &date);
}

static JsonArray *
string_list_json (const char * const *list)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; list[i] != NULL; i++)
    json_array_add_string_element (array, list[i]);

  return array;
}

JsonArray *
mfc_tr_holidays_json (void)
{
  return string_list_json (mfc_workdays_russia_holidays ());
}

JsonArray *
mfc_tr_extra_working_days_json (void)
{
  return string_list_json (mfc_workdays_russia_extra_working_days ());
}

/* Time zones */

MfcTrainingZones *
mfc_training_zones_new (void)
{
  MfcTrainingZones *zones = g_new0 (MfcTrainingZones, 1);

  zones->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_time_zone_unref);
  g_mutex_init (&zones->lock);

  return zones;
}

void
mfc_training_zones_free (MfcTrainingZones *zones)
{
  if (zones == NULL)
    return;
  g_hash_table_unref (zones->by_id);
  g_mutex_clear (&zones->lock);
  g_free (zones);
}

/* The zone @identifier names (the region's when NULL), looked up once:
 * GLib reads the tzdata file each time.  Thread-safe: a zone, once in the
 * table, stays there until the table is freed (GTimeZone is immutable). */
GTimeZone *
mfc_training_zones_get (MfcTrainingZones *zones,
                        const char       *identifier)
{
  GTimeZone *tz;

  if (identifier == NULL)
    identifier = MFC_TRAINING_REGION_TZ;
  g_mutex_lock (&zones->lock);
  tz = g_hash_table_lookup (zones->by_id, identifier);
  if (tz == NULL)
    {
      tz = g_time_zone_new_identifier (identifier);
      if (tz == NULL)
        {
          g_warning ("Unknown time zone %s, using UTC+07", identifier);
          tz = g_time_zone_new_offset (7 * 3600);
        }
      g_hash_table_insert (zones->by_id, g_strdup (identifier), tz);
    }
  g_mutex_unlock (&zones->lock);

  return tz;
}

/* Times */

/* @unix_seconds written with @format in @zone (the region's when NULL) */
static char *
format_in_zone (MfcTrainingZones *zones,
                gint64            unix_seconds,
                const char       *zone,
                const char       *format)
{
  GTimeZone *tz = mfc_training_zones_get (zones, zone);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, format);
}

char *
mfc_tr_format_time (MfcTrainingZones *zones,
                    gint64            unix_seconds,
                    const char       *zone)
{
  return format_in_zone (zones, unix_seconds, zone, "%Y-%m-%dT%H:%M:%S%:z");
}

char *
mfc_tr_local_date (MfcTrainingZones *zones,
                   gint64            unix_seconds,
                   const char       *zone)
{
  return format_in_zone (zones, unix_seconds, zone, "%Y-%m-%d");
}

gboolean
mfc_tr_parse_time (const char *text,
                   gint64     *unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  /* An offset is required: without one GLib would guess the local zone. */
  if (text == NULL || strlen (text) < 20 ||
      !(g_str_has_suffix (text, "Z") || strchr (text + 19, '+') != NULL ||
        strchr (text + 19, '-') != NULL))
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;
  *unix_seconds = g_date_time_to_unix (dt);

  return TRUE;
}
