/* mfc-print-format.c
 *
 * Dates: «2 декабря 2026 г.», with the month in the genitive, as Russian
 * documents write it; a time always in the office's zone with its offset,
 * because the office may be nine hours from the clerk's desktop.
 *
 * Masks keep the last digits only, enough for the applicant to recognise
 * their own document and useless to anyone who finds the paper.  They
 * parse with the intake validators, so every spelling a clerk can type is
 * understood; what is not recognised is masked completely (NULL), never
 * printed as typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-printing"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mfc-print-format.h"
#include "mfc-validators.h"

static const char *
month_genitive (GDateMonth month)
{
  switch (month)
    {
    case G_DATE_JANUARY:   return C_("day of month", "January");
    case G_DATE_FEBRUARY:  return C_("day of month", "February");
    case G_DATE_MARCH:     return C_("day of month", "March");
    case G_DATE_APRIL:     return C_("day of month", "April");
    case G_DATE_MAY:       return C_("day of month", "May");
    case G_DATE_JUNE:      return C_("day of month", "June");
    case G_DATE_JULY:      return C_("day of month", "July");
    case G_DATE_AUGUST:    return C_("day of month", "August");
    case G_DATE_SEPTEMBER: return C_("day of month", "September");
    case G_DATE_OCTOBER:   return C_("day of month", "October");
    case G_DATE_NOVEMBER:  return C_("day of month", "November");
    case G_DATE_DECEMBER:  return C_("day of month", "December");
    case G_DATE_BAD_MONTH:
    default:
      g_assert_not_reached ();
    }
}

static char *
format_dmy (guint      day,
            GDateMonth month,
            guint      year)
{
  /* TRANSLATORS: a date in a printed document: day, month name, year;
   * Russian adds «г.»: "2 декабря 2026 г." */
  return g_strdup_printf (C_("printed date", "%u %s %u"),
                          day, month_genitive (month), year);
}

/**
 * mfc_print_format_date:
 * @date: a valid date
 *
 * Returns: (transfer full): "2 декабря 2026 г."
 */
char *
mfc_print_format_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return format_dmy (g_date_get_day (date), g_date_get_month (date),
                     g_date_get_year (date));
}

/**
 * mfc_print_format_date_time:
 * @instant: a moment, in any zone
 * @zone: the office's time zone (not the desktop's)
 *
 * Returns: (transfer full): "2 декабря 2026 г., 23:15 (UTC+10)"
 */
char *
mfc_print_format_date_time (GDateTime *instant,
                            GTimeZone *zone)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *offset = NULL;
  GTimeSpan span;
  gint64 minutes;

  g_return_val_if_fail (instant != NULL, NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  local = g_date_time_to_timezone (instant, zone);
  date = format_dmy ((guint) g_date_time_get_day_of_month (local),
                     (GDateMonth) g_date_time_get_month (local),
                     (guint) g_date_time_get_year (local));

  span = g_date_time_get_utc_offset (local);
  minutes = ABS (span) / G_TIME_SPAN_MINUTE;
  if (minutes % 60 == 0)
    offset = g_strdup_printf ("UTC%c%" G_GINT64_FORMAT,
                              span < 0 ? '-' : '+', minutes / 60);
  else
    offset = g_strdup_printf ("UTC%c%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT,
                              span < 0 ? '-' : '+', minutes / 60, minutes % 60);

  /* TRANSLATORS: date, hours, minutes and the UTC offset of the office */
  return g_strdup_printf (_("%s, %02d:%02d (%s)"), date,
                          g_date_time_get_hour (local),
                          g_date_time_get_minute (local), offset);
}

/**
 * mfc_print_mask_snils:
 * @snils: a SNILS in any form the intake form accepts
 *
 * The check digits are not verified: a receipt masks what was recorded.
 *
 * Returns: (transfer full) (nullable): "***-***-*45 67", or %NULL when
 *   @snils does not have 11 digits
 */
char *
mfc_print_mask_snils (const char *snils)
{
  g_autofree char *formatted = NULL;

  if (snils == NULL)
    return NULL;

  /* "123-456-789 01": keep the last digit of the third group and the
   * check number */
  formatted = mfc_format_snils (snils);
  if (formatted == NULL)
    return NULL;

  return g_strdup_printf ("***-***-*%s", formatted + 9);
}

/**
 * mfc_print_mask_passport:
 * @passport: series and number in any form the intake form accepts
 *
 * Returns: (transfer full) (nullable): "** ** ***456", or %NULL when
 *   @passport is not a series and number
 */
char *
mfc_print_mask_passport (const char *passport)
{
  g_autofree char *number = NULL;

  if (passport == NULL ||
      !mfc_validate_passport (passport, NULL, &number, NULL))
    return NULL;

  return g_strdup_printf ("** ** ***%s", number + 3);
}

/**
 * mfc_print_mask_phone:
 * @phone: a Russian number in any form the intake form accepts
 *
 * Returns: (transfer full) (nullable): "+7 *** ***-**-67", or %NULL when
 *   @phone is not a Russian number
 */
char *
mfc_print_mask_phone (const char *phone)
{
  g_autofree char *normalized = NULL;

  if (phone == NULL ||
      !mfc_validate_phone (phone, &normalized, NULL))
    return NULL;

  /* "+79123456789" */
  return g_strdup_printf ("+7 *** ***-**-%s", normalized + 10);
}
