/* mfc-workdays.c
 *
 * Deadlines are counted in working days of the Russian production
 * calendar: Monday to Friday, minus public holidays and the days off the
 * Government moves each year, plus the Saturdays it makes working days.
 * The region's service sends both lists in /config; this file answers
 * "is it a working day", "when is it due" and "how many days are left",
 * with the clock stopped while a ticket waits for the applicant.
 *
 * Everything is a calendar date (GDate) in the office's time zone; the
 * caller converts timestamps, because only it knows the office.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-tickets"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mfc-workdays.h"

/* End of a pause that is still going on. */
#define OPEN_END G_MAXUINT32

struct _MfcWorkdays
{
  gatomicrefcount  ref_count;
  GHashTable      *holidays;      /* Julian day → itself */
  GHashTable      *working_days;  /* Julian day → itself */
};

typedef struct
{
  guint32 start;
  guint32 end;                    /* exclusive; OPEN_END while open */
} Interval;

G_DEFINE_BOXED_TYPE (MfcWorkdays, mfc_workdays, mfc_workdays_ref, mfc_workdays_unref)
G_DEFINE_QUARK (mfc-workdays-error-quark, mfc_workdays_error)

/* The federal production calendar.  Holidays include the ones that fall
 * on a weekend (harmless, and the clerk's calendar can show them); the
 * moved days off are weekdays; the extra working days are Saturdays.
 *
 * 2025: Government decree of 04.10.2024 № 1335 — days off moved from
 *   4 Jan to 2 May, 5 Jan to 31 Dec, 23 Feb to 8 May, 8 Mar to 13 Jun,
 *   1 Nov to 3 Nov; Saturday 1 Nov is a working day.  247 working days.
 * 2026: decree of 24.09.2025 — days off moved from 3 Jan to 9 Jan and
 *   4 Jan to 31 Dec; 8 Mar → 9 Mar and 9 May → 11 May by the Labour Code
 *   (art. 112).  No working Saturdays.  247 working days.
 * 2027: NOT OFFICIAL.  Only the fixed holidays and the Labour Code's own
 *   moves (1 May → 3 May, 9 May → 10 May, 12 Jun → 14 Jun).  The days off
 *   of Saturday 2 Jan and Sunday 3 Jan are moved by the yearly decree,
 *   which was not known when this was written: check this year against
 *   the official decree and add its moves (and any working Saturday).
 */
static const char * const russia_holidays[] = {
  "2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04",
  "2025-01-05", "2025-01-06", "2025-01-07", "2025-01-08",
  "2025-02-23", "2025-03-08",
  "2025-05-01", "2025-05-02", "2025-05-08", "2025-05-09",
  "2025-06-12", "2025-06-13",
  "2025-11-03", "2025-11-04",
  "2025-12-31",

  "2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04",
  "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08",
  "2026-01-09",
  "2026-02-23",
  "2026-03-08", "2026-03-09",
  "2026-05-01", "2026-05-09", "2026-05-11",
  "2026-06-12",
  "2026-11-04",
  "2026-12-31",

  "2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04",
  "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08",
  "2027-02-23",
  "2027-03-08",
  "2027-05-01", "2027-05-03", "2027-05-09", "2027-05-10",
  "2027-06-12", "2027-06-14",
  "2027-11-04",
  NULL
};

static const char * const russia_extra_working_days[] = {
  "2025-11-01",
  NULL
};

/* Strictly "YYYY-MM-DD", as in the service's JSON. */
static gboolean
parse_iso_date (const char *text,
                guint32    *julian)
{
  guint year = 0, month = 0, day = 0;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        continue;
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);

  if (year < 1 || month < 1 || month > 12 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  {
    GDate date;

    g_date_clear (&date, 1);
    g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
    *julian = g_date_get_julian (&date);
  }

  return TRUE;
}

static gboolean
add_dates (GHashTable         *set,
           const char * const *dates,
           GError            **error)
{
  if (dates == NULL)
    return TRUE;

  for (guint i = 0; dates[i] != NULL; i++)
    {
      guint32 julian;

      if (!parse_iso_date (dates[i], &julian))
        {
          g_set_error (error, MFC_WORKDAYS_ERROR,
                       MFC_WORKDAYS_ERROR_INVALID_DATE,
                       _("The working-day calendar has an invalid date “%s”"),
                       dates[i]);
          return FALSE;
        }

      g_hash_table_add (set, GUINT_TO_POINTER (julian));
    }

  return TRUE;
}

static inline gboolean
is_weekend (guint32 julian)
{
  /* Julian day 1 of GDate, 1 January of year 1, is a Monday. */
  return (julian - 1) % 7 >= 5;
}

static gboolean
is_working (MfcWorkdays *self,
            guint32      julian)
{
  if (g_hash_table_contains (self->working_days, GUINT_TO_POINTER (julian)))
    return TRUE;
  if (g_hash_table_contains (self->holidays, GUINT_TO_POINTER (julian)))
    return FALSE;
  return !is_weekend (julian);
}

/* Mondays to Fridays among Julian days 1..@julian. */
static inline gint64
weekdays_up_to (guint32 julian)
{
  return (gint64) (julian / 7) * 5 + MIN (julian % 7, 5);
}

/* Working days d with @after < d <= @upto; @after <= @upto.  Counted by
 * arithmetic on weeks and corrected by the lists, so a range of years
 * costs no more than a range of days. */
static gint64
count_working (MfcWorkdays *self,
               guint32      after,
               guint32      upto)
{
  GHashTableIter iter;
  gpointer key;
  gint64 count;

  g_assert (after <= upto);

  count = weekdays_up_to (upto) - weekdays_up_to (after);

  g_hash_table_iter_init (&iter, self->holidays);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint32 j = GPOINTER_TO_UINT (key);

      if (j > after && j <= upto && !is_weekend (j))
        count--;
    }

  g_hash_table_iter_init (&iter, self->working_days);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint32 j = GPOINTER_TO_UINT (key);

      if (j > after && j <= upto && is_weekend (j))
        count++;
    }

  return count;
}

static int
compare_intervals (gconstpointer a,
                   gconstpointer b)
{
  const Interval *ia = a;
  const Interval *ib = b;

  return ia->start < ib->start ? -1 : ia->start > ib->start ? 1 : 0;
}

/* Sorted, non-overlapping pause intervals, so that overlapping pauses
 * do not stop the clock twice. */
static GArray *
merge_pauses (const MfcWorkdaysPause *pauses,
              gsize                   n_pauses)
{
  g_autoptr(GArray) all = g_array_sized_new (FALSE, FALSE, sizeof (Interval), n_pauses);
  GArray *merged = g_array_sized_new (FALSE, FALSE, sizeof (Interval), n_pauses);

  for (gsize i = 0; i < n_pauses; i++)
    {
      Interval iv;

      iv.start = g_date_get_julian (&pauses[i].start);
      iv.end = g_date_valid (&pauses[i].end) ? g_date_get_julian (&pauses[i].end) : OPEN_END;
      if (iv.end > iv.start)
        g_array_append_val (all, iv);
    }

  g_array_sort (all, compare_intervals);

  for (guint i = 0; i < all->len; i++)
    {
      Interval *iv = &g_array_index (all, Interval, i);
      Interval *last = merged->len > 0 ? &g_array_index (merged, Interval, merged->len - 1) : NULL;

      if (last != NULL && iv->start <= last->end)
        last->end = MAX (last->end, iv->end);
      else
        g_array_append_val (merged, *iv);
    }

  return merged;
}

static gboolean
pauses_valid (const MfcWorkdaysPause *pauses,
              gsize                   n_pauses)
{
  for (gsize i = 0; i < n_pauses; i++)
    if (!g_date_valid (&pauses[i].start))
      return FALSE;
  return TRUE;
}

static void
mfc_workdays_free (MfcWorkdays *self)
{
  g_clear_pointer (&self->holidays, g_hash_table_unref);
  g_clear_pointer (&self->working_days, g_hash_table_unref);
  g_free (self);
}

/**
 * mfc_workdays_new:
 * @holidays: (nullable) (array zero-terminated=1): non-working dates as
 *   "YYYY-MM-DD" (public holidays and moved days off)
 * @extra_working_days: (nullable) (array zero-terminated=1): weekend
 *   dates that are working days, as "YYYY-MM-DD"
 * @error: return location for a translated error
 *
 * Builds the calendar from the lists of /config.  Without lists it is
 * plain Monday to Friday.
 *
 * Returns: (transfer full) (nullable): the calendar, or %NULL when a date
 *   is malformed or in both lists
 */
MfcWorkdays *
mfc_workdays_new (const char * const  *holidays,
                  const char * const  *extra_working_days,
                  GError             **error)
{
  g_autoptr(MfcWorkdays) self = g_new0 (MfcWorkdays, 1);
  GHashTableIter iter;
  gpointer key;

  g_atomic_ref_count_init (&self->ref_count);
  self->holidays = g_hash_table_new (NULL, NULL);
  self->working_days = g_hash_table_new (NULL, NULL);

  if (!add_dates (self->holidays, holidays, error) ||
      !add_dates (self->working_days, extra_working_days, error))
    return NULL;

  g_hash_table_iter_init (&iter, self->working_days);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (g_hash_table_contains (self->holidays, key))
        {
          GDate date;
          char iso[16];

          g_date_clear (&date, 1);
          g_date_set_julian (&date, GPOINTER_TO_UINT (key));
          g_date_strftime (iso, sizeof iso, "%Y-%m-%d", &date);
          g_set_error (error, MFC_WORKDAYS_ERROR,
                       MFC_WORKDAYS_ERROR_CONFLICT,
                       _("The working-day calendar lists %s both as a holiday and as a working day"),
                       iso);
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

/**
 * mfc_workdays_new_russia:
 *
 * The built-in federal calendar of mfc_workdays_russia_holidays(), for
 * the training server and for tests.  A real region's calendar comes
 * from /config.
 *
 * Returns: (transfer full): the calendar
 */
MfcWorkdays *
mfc_workdays_new_russia (void)
{
  g_autoptr(GError) error = NULL;
  MfcWorkdays *self;

  self = mfc_workdays_new (russia_holidays, russia_extra_working_days, &error);
  g_assert_no_error (error);

  return self;
}

/**
 * mfc_workdays_ref:
 * @self: a calendar
 *
 * Returns: (transfer full): @self
 */
MfcWorkdays *
mfc_workdays_ref (MfcWorkdays *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

/**
 * mfc_workdays_unref:
 * @self: (transfer full): a calendar
 */
void
mfc_workdays_unref (MfcWorkdays *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    mfc_workdays_free (self);
}

/**
 * mfc_workdays_is_working_day:
 * @self: a calendar
 * @date: a valid date
 *
 * Returns: %TRUE when offices work on @date
 */
gboolean
mfc_workdays_is_working_day (MfcWorkdays *self,
                             const GDate *date)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  return is_working (self, g_date_get_julian (date));
}

/**
 * mfc_workdays_is_holiday:
 * @self: a calendar
 * @date: a valid date
 *
 * Returns: %TRUE when @date is a public holiday, whatever the day of the
 *   week (an office open on Saturdays is closed on a Saturday holiday)
 */
gboolean
mfc_workdays_is_holiday (MfcWorkdays *self,
                         const GDate *date)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  return g_hash_table_contains (self->holidays, GUINT_TO_POINTER (g_date_get_julian (date)));
}

/**
 * mfc_workdays_add_working_days:
 * @self: a calendar
 * @start: the day the count starts from; it does not count itself
 * @n_days: how many working days
 * @due: (out caller-allocates): the @n_days-th working day after @start;
 *   @start itself when @n_days is 0
 *
 * A ticket accepted on Friday 30 January 2026 with a deadline of 1
 * working day is due on Monday 2 February.
 */
void
mfc_workdays_add_working_days (MfcWorkdays *self,
                               const GDate *start,
                               guint        n_days,
                               GDate       *due)
{
  guint32 julian;

  g_return_if_fail (self != NULL);
  g_return_if_fail (start != NULL && g_date_valid (start));
  g_return_if_fail (due != NULL);

  julian = g_date_get_julian (start);
  while (n_days > 0)
    {
      julian++;
      if (is_working (self, julian))
        n_days--;
    }

  g_date_clear (due, 1);
  g_date_set_julian (due, julian);
}

/**
 * mfc_workdays_working_days_between:
 * @self: a calendar
 * @from: a valid date
 * @to: a valid date
 *
 * Counts like mfc_workdays_add_working_days(): @from does not count, @to
 * does.  So mfc_workdays_add_working_days (from, n) gives a @to with
 * exactly n working days between them.
 *
 * Returns: the working days d with @from < d <= @to; when @to is before
 *   @from, minus the working days d with @to < d <= @from
 */
int
mfc_workdays_working_days_between (MfcWorkdays *self,
                                   const GDate *from,
                                   const GDate *to)
{
  guint32 a, b;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (from != NULL && g_date_valid (from), 0);
  g_return_val_if_fail (to != NULL && g_date_valid (to), 0);

  a = g_date_get_julian (from);
  b = g_date_get_julian (to);

  if (a <= b)
    return (int) count_working (self, a, b);
  return (int) -count_working (self, b, a);
}

/**
 * mfc_workdays_due_date:
 * @self: a calendar
 * @created: the day the ticket was accepted; it does not count
 * @n_days: the deadline in working days
 * @pauses: (array length=n_pauses) (nullable): the periods the ticket
 *   waited for the applicant, in any order, may overlap
 * @n_pauses: the length of @pauses
 * @due: (out caller-allocates): the due date; cleared when %FALSE is
 *   returned
 *
 * A working day inside a pause does not count.  A pause still going on
 * stops the clock: when the deadline had not been reached before it
 * began, there is no due date yet.
 *
 * Returns: %TRUE when the due date is known
 */
gboolean
mfc_workdays_due_date (MfcWorkdays            *self,
                       const GDate            *created,
                       guint                   n_days,
                       const MfcWorkdaysPause *pauses,
                       gsize                   n_pauses,
                       GDate                  *due)
{
  g_autoptr(GArray) intervals = NULL;
  guint32 julian;
  guint k = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (created != NULL && g_date_valid (created), FALSE);
  g_return_val_if_fail (pauses != NULL || n_pauses == 0, FALSE);
  g_return_val_if_fail (pauses_valid (pauses, n_pauses), FALSE);
  g_return_val_if_fail (due != NULL, FALSE);

  g_date_clear (due, 1);

  intervals = merge_pauses (pauses, n_pauses);
  julian = g_date_get_julian (created);

  while (n_days > 0)
    {
      const Interval *iv;

      julian++;

      while (k < intervals->len && g_array_index (intervals, Interval, k).end <= julian)
        k++;

      iv = k < intervals->len ? &g_array_index (intervals, Interval, k) : NULL;
      if (iv != NULL && iv->start <= julian)
        {
          if (iv->end == OPEN_END)
            return FALSE;

          /* Skip the rest of the pause; its end day is counted normally. */
          julian = iv->end - 1;
          continue;
        }

      if (is_working (self, julian))
        n_days--;
    }

  g_date_set_julian (due, julian);

  return TRUE;
}

/**
 * mfc_workdays_days_left:
 * @self: a calendar
 * @created: the day the ticket was accepted
 * @n_days: the deadline in working days
 * @pauses: (array length=n_pauses) (nullable): as for mfc_workdays_due_date()
 * @n_pauses: the length of @pauses
 * @today: the day to count at, in the office's zone
 *
 * 0 on the due date itself; -1 the working day after it.  Paused working
 * days count neither way, so a ticket overdue and then paused stays
 * overdue by the same number of days while it waits.
 *
 * Returns: @n_days minus the unpaused working days d with
 *   @created < d <= @today; negative when overdue
 */
int
mfc_workdays_days_left (MfcWorkdays            *self,
                        const GDate            *created,
                        guint                   n_days,
                        const MfcWorkdaysPause *pauses,
                        gsize                   n_pauses,
                        const GDate            *today)
{
  g_autoptr(GArray) intervals = NULL;
  guint32 from, to;
  gint64 used;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (created != NULL && g_date_valid (created), 0);
  g_return_val_if_fail (n_days <= G_MAXINT, 0);
  g_return_val_if_fail (pauses != NULL || n_pauses == 0, 0);
  g_return_val_if_fail (pauses_valid (pauses, n_pauses), 0);
  g_return_val_if_fail (today != NULL && g_date_valid (today), 0);

  from = g_date_get_julian (created);
  to = g_date_get_julian (today);
  if (to <= from)
    return (int) n_days;

  used = count_working (self, from, to);

  intervals = merge_pauses (pauses, n_pauses);
  for (guint i = 0; i < intervals->len; i++)
    {
      const Interval *iv = &g_array_index (intervals, Interval, i);
      guint32 lo = MAX (iv->start - 1, from);
      guint32 hi = MIN (iv->end - 1, to);

      if (lo < hi)
        used -= count_working (self, lo, hi);
    }

  return (int) CLAMP ((gint64) n_days - used, G_MININT, G_MAXINT);
}

/**
 * mfc_workdays_russia_holidays:
 *
 * The federal holidays and moved days off of 2025–2027 as "YYYY-MM-DD",
 * what the training server sends in /config.  2027 is provisional (see
 * the comment in the source).
 *
 * Returns: (transfer none) (array zero-terminated=1): the dates
 */
const char * const *
mfc_workdays_russia_holidays (void)
{
  return russia_holidays;
}

/**
 * mfc_workdays_russia_extra_working_days:
 *
 * Returns: (transfer none) (array zero-terminated=1): the Saturdays of
 *   2025–2027 that are working days, as "YYYY-MM-DD"
 */
const char * const *
mfc_workdays_russia_extra_working_days (void)
{
  return russia_extra_working_days;
}
