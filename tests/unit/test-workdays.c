/* test-workdays.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mfc-workdays.h"

static GDate
day (guint d,
     guint m,
     guint y)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);

  return date;
}

static MfcWorkdaysPause
pause_closed (GDate start,
              GDate end)
{
  MfcWorkdaysPause p;

  p.start = start;
  p.end = end;

  return p;
}

static MfcWorkdaysPause
pause_open (GDate start)
{
  MfcWorkdaysPause p;

  p.start = start;
  g_date_clear (&p.end, 1);

  return p;
}

static void
assert_day (const GDate *date,
            guint        d,
            guint        m,
            guint        y)
{
  g_assert_true (g_date_valid (date));
  g_assert_cmpuint (g_date_get_year (date), ==, y);
  g_assert_cmpuint (g_date_get_month (date), ==, m);
  g_assert_cmpuint (g_date_get_day (date), ==, d);
}

static void
assert_working (MfcWorkdays *w,
                guint        d,
                guint        m,
                guint        y,
                gboolean     expected)
{
  GDate date = day (d, m, y);

  g_test_message ("%02u.%02u.%04u", d, m, y);
  g_assert_cmpint (mfc_workdays_is_working_day (w, &date), ==, expected);
}

/* Brute force, for comparing with the library's arithmetic. */
static int
slow_between (MfcWorkdays *w,
              const GDate *from,
              const GDate *to)
{
  GDate d = *from;
  int n = 0;

  if (g_date_compare (from, to) > 0)
    return -slow_between (w, to, from);

  while (g_date_compare (&d, to) < 0)
    {
      g_date_add_days (&d, 1);
      if (mfc_workdays_is_working_day (w, &d))
        n++;
    }

  return n;
}

static gboolean
in_pause (const GDate            *d,
          const MfcWorkdaysPause *pauses,
          gsize                   n_pauses)
{
  for (gsize i = 0; i < n_pauses; i++)
    if (g_date_compare (d, &pauses[i].start) >= 0 &&
        (!g_date_valid (&pauses[i].end) || g_date_compare (d, &pauses[i].end) < 0))
      return TRUE;
  return FALSE;
}

static void
test_plain_week (void)
{
  g_autoptr(MfcWorkdays) w = NULL;
  g_autoptr(GError) error = NULL;
  GDate d = day (1, 1, 2020);

  w = mfc_workdays_new (NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (w);

  for (guint i = 0; i < 3000; i++)
    {
      GDateWeekday wd = g_date_get_weekday (&d);

      g_assert_cmpint (mfc_workdays_is_working_day (w, &d), ==,
                       wd != G_DATE_SATURDAY && wd != G_DATE_SUNDAY);
      g_date_add_days (&d, 1);
    }
}

static void
test_config (void)
{
  static const char * const holidays[] = { "2030-01-01", "2030-01-05", NULL };
  static const char * const working[] = { "2030-01-05", NULL };
  static const char * const extra[] = { "2030-01-12", NULL };
  static const char * const bad[][2] = {
    { "2026-02-30", NULL }, { "26-01-01", NULL }, { "2026/01/01", NULL },
    { "2026-1-1", NULL }, { "", NULL }, { "2026-01-01T00:00:00Z", NULL },
    { "2026-00-10", NULL }, { "2026-01-1x", NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcWorkdays) w = NULL;
  g_autoptr(MfcWorkdays) conflict = NULL;

  /* 1 January 2030 is a Tuesday, 5 and 12 January Saturdays */
  w = mfc_workdays_new (holidays, extra, &error);
  g_assert_no_error (error);
  assert_working (w, 1, 1, 2030, FALSE);
  assert_working (w, 2, 1, 2030, TRUE);
  assert_working (w, 5, 1, 2030, FALSE);
  assert_working (w, 12, 1, 2030, TRUE);
  assert_working (w, 13, 1, 2030, FALSE);

  conflict = mfc_workdays_new (holidays, working, &error);
  g_assert_null (conflict);
  g_assert_error (error, MFC_WORKDAYS_ERROR, MFC_WORKDAYS_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "2030-01-05"));
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(MfcWorkdays) h = NULL;
      g_autoptr(MfcWorkdays) x = NULL;

      g_test_message ("config date %s", bad[i][0]);
      h = mfc_workdays_new (bad[i], NULL, &error);
      g_assert_null (h);
      g_assert_error (error, MFC_WORKDAYS_ERROR, MFC_WORKDAYS_ERROR_INVALID_DATE);
      g_clear_error (&error);

      x = mfc_workdays_new (NULL, bad[i], &error);
      g_assert_null (x);
      g_assert_error (error, MFC_WORKDAYS_ERROR, MFC_WORKDAYS_ERROR_INVALID_DATE);
      g_clear_error (&error);
    }
}

static void
test_boxed (void)
{
  g_autoptr(MfcWorkdays) w = mfc_workdays_new_russia ();
  MfcWorkdays *copy;

  g_assert_true (G_TYPE_IS_BOXED (MFC_TYPE_WORKDAYS));
  copy = g_boxed_copy (MFC_TYPE_WORKDAYS, w);
  g_assert_true (copy == w);
  g_boxed_free (MFC_TYPE_WORKDAYS, copy);
  assert_working (w, 9, 1, 2026, FALSE);
}

static void
test_russia_lists (void)
{
  const char * const *holidays = mfc_workdays_russia_holidays ();
  const char * const *extra = mfc_workdays_russia_extra_working_days ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcWorkdays) w = NULL;

  g_assert_nonnull (holidays);
  g_assert_nonnull (extra);
  g_assert_true (g_strv_contains (holidays, "2026-01-09"));
  g_assert_true (g_strv_contains (holidays, "2027-11-04"));
  g_assert_true (g_strv_contains (extra, "2025-11-01"));

  /* sorted, as they are sent in /config */
  for (guint i = 1; holidays[i] != NULL; i++)
    g_assert_cmpint (g_strcmp0 (holidays[i - 1], holidays[i]), <, 0);

  /* what the training server does with them */
  w = mfc_workdays_new (holidays, extra, &error);
  g_assert_no_error (error);
  g_assert_nonnull (w);
}

/* The official totals for a five-day week: 247 in 2025 and in 2026. */
static void
test_russia_year_totals (void)
{
  g_autoptr(MfcWorkdays) w = mfc_workdays_new_russia ();
  GDate eve2025 = day (31, 12, 2024);
  GDate eve2026 = day (31, 12, 2025);
  GDate end2026 = day (31, 12, 2026);

  g_assert_cmpint (mfc_workdays_working_days_between (w, &eve2025, &eve2026), ==, 247);
  g_assert_cmpint (mfc_workdays_working_days_between (w, &eve2026, &end2026), ==, 247);
  g_assert_cmpint (slow_between (w, &eve2026, &end2026), ==, 247);

  /* January 2026: 15 working days; May 2026: 19 */
  {
    GDate a = day (31, 12, 2025), b = day (31, 1, 2026);
    GDate c = day (30, 4, 2026), e = day (31, 5, 2026);

    g_assert_cmpint (mfc_workdays_working_days_between (w, &a, &b), ==, 15);
    g_assert_cmpint (mfc_workdays_working_days_between (w, &c, &e), ==, 19);
  }
}

static void
test_russia_2026 (void)
{
  g_autoptr(MfcWorkdays) w = mfc_workdays_new_russia ();
  GDate due;
  GDate start;

  /* New Year: 31 December 2025 to 11 January 2026 */
  assert_working (w, 30, 12, 2025, TRUE);
  assert_working (w, 31, 12, 2025, FALSE);
  for (guint d = 1; d <= 11; d++)
    assert_working (w, d, 1, 2026, FALSE);
  assert_working (w, 12, 1, 2026, TRUE);

  start = day (30, 12, 2025);
  mfc_workdays_add_working_days (w, &start, 1, &due);
  assert_day (&due, 12, 1, 2026);

  /* 10 working days from a holiday: 12–16 and 19–23 January */
  start = day (5, 1, 2026);
  mfc_workdays_add_working_days (w, &start, 10, &due);
  assert_day (&due, 23, 1, 2026);

  /* 23 February (Monday), 8 March (Sunday) moved to Monday 9 March */
  assert_working (w, 20, 2, 2026, TRUE);
  assert_working (w, 23, 2, 2026, FALSE);
  assert_working (w, 24, 2, 2026, TRUE);
  assert_working (w, 6, 3, 2026, TRUE);
  assert_working (w, 9, 3, 2026, FALSE);
  assert_working (w, 10, 3, 2026, TRUE);

  /* May: 1–3 and 9–11 off, 4–8 a full week */
  assert_working (w, 30, 4, 2026, TRUE);
  assert_working (w, 1, 5, 2026, FALSE);
  for (guint d = 4; d <= 8; d++)
    assert_working (w, d, 5, 2026, TRUE);
  assert_working (w, 11, 5, 2026, FALSE);
  assert_working (w, 12, 5, 2026, TRUE);

  start = day (30, 4, 2026);
  mfc_workdays_add_working_days (w, &start, 1, &due);
  assert_day (&due, 4, 5, 2026);
  mfc_workdays_add_working_days (w, &start, 6, &due);
  assert_day (&due, 12, 5, 2026);

  /* 12 June (Friday), 4 November (Wednesday), 31 December (Thursday) */
  assert_working (w, 11, 6, 2026, TRUE);
  assert_working (w, 12, 6, 2026, FALSE);
  assert_working (w, 15, 6, 2026, TRUE);
  assert_working (w, 3, 11, 2026, TRUE);
  assert_working (w, 4, 11, 2026, FALSE);
  assert_working (w, 5, 11, 2026, TRUE);
  assert_working (w, 30, 12, 2026, TRUE);
  assert_working (w, 31, 12, 2026, FALSE);

  start = day (3, 11, 2026);
  mfc_workdays_add_working_days (w, &start, 1, &due);
  assert_day (&due, 5, 11, 2026);

  /* 2026 has no working Saturday */
  {
    GDate d = day (3, 1, 2026);

    while (g_date_get_year (&d) == 2026)
      {
        g_assert_false (mfc_workdays_is_working_day (w, &d));
        g_date_add_days (&d, 7);
      }
  }
}

/* 2025's decree makes Saturday 1 November a working day for Monday 3. */
static void
test_russia_2025_moves (void)
{
  g_autoptr(MfcWorkdays) w = mfc_workdays_new_russia ();
  GDate start, due;

  assert_working (w, 1, 11, 2025, TRUE);
  assert_working (w, 2, 11, 2025, FALSE);
  assert_working (w, 3, 11, 2025, FALSE);
  assert_working (w, 4, 11, 2025, FALSE);
  assert_working (w, 5, 11, 2025, TRUE);
  /* 23 February and 8 March fell on a weekend and moved to 8 May, 13 June */
  assert_working (w, 24, 2, 2025, TRUE);
  assert_working (w, 10, 3, 2025, TRUE);
  assert_working (w, 8, 5, 2025, FALSE);
  assert_working (w, 13, 6, 2025, FALSE);
  assert_working (w, 2, 5, 2025, FALSE);

  start = day (31, 10, 2025);
  mfc_workdays_add_working_days (w, &start, 1, &due);
  assert_day (&due, 1, 11, 2025);
  mfc_workdays_add_working_days (w, &start, 2, &due);
  assert_day (&due, 5, 11, 2025);

  {
    GDate a = day (27, 10, 2025), b = day (9, 11, 2025);

    /* 28–31 October, 1 November, 5–7 November */
    g_assert_cmpint (mfc_workdays_working_days_between (w, &a, &b), ==, 8);
  }
}

static void
test_russia_2027_provisional (void)
{
  g_autoptr(MfcWorkdays) w = mfc_workdays_new_russia ();

  for (guint d = 1; d <= 8; d++)
    assert_working (w, d, 1, 2027, FALSE);
  assert_working (w, 11, 1, 2027, TRUE);
  assert_working (w, 23, 2, 2027, FALSE);
  assert_working (w, 8, 3, 2027, FALSE);
  /* the Labour Code's own moves from a weekend */
  assert_working (w, 3, 5, 2027, FALSE);
  assert_working (w, 10, 5, 2027, FALSE);
  assert_working (w, 14, 6, 2027, FALSE);
  assert_working (w, 4, 11, 2027, FALSE);
}

static void
test_add_and_between (void)
{
  g_autoptr(MfcWorkdays) w = mfc_workdays_new_russia ();
  GDate start, due;

  /* 0 days: the start itself, even on a holiday */
  start = day (1, 1, 2026);
  mfc_workdays_add_working_days (w, &start, 0, &due);
  assert_day (&due, 1, 1, 2026);

  /* from a Friday and from a Saturday, one day is the Monday */
  start = day (30, 1, 2026);
  mfc_workdays_add_working_days (w, &start, 1, &due);
  assert_day (&due, 2, 2, 2026);
  start = day (31, 1, 2026);
  mfc_workdays_add_working_days (w, &start, 1, &due);
  assert_day (&due, 2, 2, 2026);

  g_assert_cmpint (mfc_workdays_working_days_between (w, &start, &start), ==, 0);

  {
    GDate fri = day (30, 1, 2026), mon = day (2, 2, 2026), sat = day (31, 1, 2026);

    g_assert_cmpint (mfc_workdays_working_days_between (w, &fri, &mon), ==, 1);
    g_assert_cmpint (mfc_workdays_working_days_between (w, &mon, &fri), ==, -1);
    g_assert_cmpint (mfc_workdays_working_days_between (w, &fri, &sat), ==, 0);
    g_assert_cmpint (mfc_workdays_working_days_between (w, &sat, &mon), ==, 1);
  }

  /* between (a, add (a, n)) is n, and the arithmetic agrees with counting */
  for (guint i = 0; i < 500; i++)
    {
      GDate a, b;
      guint n = (guint) g_test_rand_int_range (0, 400);

      g_date_clear (&a, 1);
      g_date_set_dmy (&a, 1, 11, 2024);
      g_date_add_days (&a, (guint) g_test_rand_int_range (0, 1200));
      mfc_workdays_add_working_days (w, &a, n, &b);

      g_assert_cmpint (mfc_workdays_working_days_between (w, &a, &b), ==, (int) n);
      g_assert_cmpint (mfc_workdays_working_days_between (w, &b, &a), ==, -(int) n);
      g_assert_cmpint (slow_between (w, &a, &b), ==, (int) n);
      if (n > 0)
        g_assert_true (mfc_workdays_is_working_day (w, &b));

      b = a;
      g_date_add_days (&b, (guint) g_test_rand_int_range (0, 800));
      g_assert_cmpint (mfc_workdays_working_days_between (w, &a, &b), ==,
                       slow_between (w, &a, &b));
    }
}

/* A ticket accepted on Monday 2 February 2026 with 10 working days is
 * due on Monday 16 February. */
static void
test_pauses (void)
{
  g_autoptr(MfcWorkdays) w = mfc_workdays_new_russia ();
  GDate created = day (2, 2, 2026);
  GDate due;

  g_assert_true (mfc_workdays_due_date (w, &created, 10, NULL, 0, &due));
  assert_day (&due, 16, 2, 2026);

  /* Friday 6 to Tuesday 10 across a weekend: 6 and 9 do not count */
  {
    MfcWorkdaysPause p[] = { pause_closed (day (6, 2, 2026), day (10, 2, 2026)) };

    g_assert_true (mfc_workdays_due_date (w, &created, 10, p, G_N_ELEMENTS (p), &due));
    assert_day (&due, 18, 2, 2026);
  }

  /* a pause over a weekend only changes nothing */
  {
    MfcWorkdaysPause p[] = { pause_closed (day (7, 2, 2026), day (9, 2, 2026)) };

    g_assert_true (mfc_workdays_due_date (w, &created, 10, p, G_N_ELEMENTS (p), &due));
    assert_day (&due, 16, 2, 2026);
  }

  /* overlapping and unordered pauses stop the clock once: 6, 9, 10 */
  {
    MfcWorkdaysPause p[] = {
      pause_closed (day (9, 2, 2026), day (11, 2, 2026)),
      pause_closed (day (6, 2, 2026), day (10, 2, 2026)),
    };

    g_assert_true (mfc_workdays_due_date (w, &created, 10, p, G_N_ELEMENTS (p), &due));
    assert_day (&due, 19, 2, 2026);
  }

  /* an empty pause and one before the ticket existed change nothing */
  {
    MfcWorkdaysPause p[] = {
      pause_closed (day (5, 2, 2026), day (5, 2, 2026)),
      pause_closed (day (20, 1, 2026), day (30, 1, 2026)),
    };

    g_assert_true (mfc_workdays_due_date (w, &created, 10, p, G_N_ELEMENTS (p), &due));
    assert_day (&due, 16, 2, 2026);
  }

  /* a pause around the 23 February holiday: 20 and 24 do not count */
  {
    GDate c = day (16, 2, 2026);
    MfcWorkdaysPause p[] = { pause_closed (day (20, 2, 2026), day (25, 2, 2026)) };

    g_assert_true (mfc_workdays_due_date (w, &c, 5, NULL, 0, &due));
    assert_day (&due, 24, 2, 2026);
    g_assert_true (mfc_workdays_due_date (w, &c, 5, p, G_N_ELEMENTS (p), &due));
    assert_day (&due, 26, 2, 2026);
  }

  /* a pause still going on: no due date until it ends */
  {
    MfcWorkdaysPause p[] = { pause_open (day (9, 2, 2026)) };

    g_assert_false (mfc_workdays_due_date (w, &created, 10, p, G_N_ELEMENTS (p), &due));
    g_assert_false (g_date_valid (&due));
  }

  /* ... unless the deadline had passed before it began */
  {
    MfcWorkdaysPause p[] = { pause_open (day (18, 2, 2026)) };

    g_assert_true (mfc_workdays_due_date (w, &created, 10, p, G_N_ELEMENTS (p), &due));
    assert_day (&due, 16, 2, 2026);
  }

  /* a deadline of 0 days is due the day it was accepted */
  g_assert_true (mfc_workdays_due_date (w, &created, 0, NULL, 0, &due));
  assert_day (&due, 2, 2, 2026);
}

static void
test_days_left (void)
{
  g_autoptr(MfcWorkdays) w = mfc_workdays_new_russia ();
  GDate created = day (2, 2, 2026);
  static const struct { guint d, m; int left; } plain[] = {
    { 1, 2, 10 },     /* before it was accepted */
    { 2, 2, 10 },
    { 3, 2, 9 },
    { 7, 2, 6 },      /* Saturday: as on Friday */
    { 13, 2, 1 },
    { 16, 2, 0 },     /* the due date */
    { 17, 2, -1 },
    { 20, 2, -4 },
    { 22, 2, -4 },
    { 23, 2, -4 },    /* a holiday */
    { 24, 2, -5 },
    { 2, 3, -9 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      GDate today = day (plain[i].d, plain[i].m, 2026);

      g_test_message ("days left on %02u.%02u", plain[i].d, plain[i].m);
      g_assert_cmpint (mfc_workdays_days_left (w, &created, 10, NULL, 0, &today), ==, plain[i].left);
    }

  /* paused over a weekend: the clock stands on 6 and 9 February */
  {
    MfcWorkdaysPause p[] = { pause_closed (day (6, 2, 2026), day (10, 2, 2026)) };
    GDate in_pause_day = day (9, 2, 2026);
    GDate due_day = day (18, 2, 2026);
    GDate after = day (24, 2, 2026);

    g_assert_cmpint (mfc_workdays_days_left (w, &created, 10, p, 1, &in_pause_day), ==, 7);
    g_assert_cmpint (mfc_workdays_days_left (w, &created, 10, p, 1, &due_day), ==, 0);
    g_assert_cmpint (mfc_workdays_days_left (w, &created, 10, p, 1, &after), ==, -3);
  }

  /* overdue by one day, then waiting for documents: stays at -1 */
  {
    MfcWorkdaysPause p[] = { pause_open (day (18, 2, 2026)) };
    GDate later = day (2, 3, 2026);
    GDate much_later = day (1, 6, 2026);

    g_assert_cmpint (mfc_workdays_days_left (w, &created, 10, p, 1, &later), ==, -1);
    g_assert_cmpint (mfc_workdays_days_left (w, &created, 10, p, 1, &much_later), ==, -1);
  }

  /* across the New Year holidays, far overdue */
  {
    GDate c = day (24, 12, 2025);
    GDate today = day (12, 1, 2026);
    GDate far = day (31, 12, 2026);

    /* 25, 26, 29, 30 December and 12 January */
    g_assert_cmpint (mfc_workdays_days_left (w, &c, 10, NULL, 0, &today), ==, 5);
    g_assert_cmpint (mfc_workdays_days_left (w, &c, 10, NULL, 0, &far), ==, 10 - 4 - 247);
  }
}

/* Due date and days left agree with counting day by day. */
static void
test_pauses_random (void)
{
  g_autoptr(MfcWorkdays) w = mfc_workdays_new_russia ();

  for (guint round = 0; round < 300; round++)
    {
      MfcWorkdaysPause pauses[4];
      gsize n_pauses = (gsize) g_test_rand_int_range (0, 5);
      guint n_days = (guint) g_test_rand_int_range (0, 40);
      GDate created, due, d;
      gboolean known;
      int used = 0;

      g_date_clear (&created, 1);
      g_date_set_dmy (&created, 1, 12, 2024);
      g_date_add_days (&created, (guint) g_test_rand_int_range (0, 700));

      for (gsize i = 0; i < n_pauses; i++)
        {
          pauses[i].start = created;
          g_date_add_days (&pauses[i].start, (guint) g_test_rand_int_range (0, 60));
          pauses[i].end = pauses[i].start;
          if (g_test_rand_int_range (0, 6) == 0)
            g_date_clear (&pauses[i].end, 1);
          else
            g_date_add_days (&pauses[i].end, (guint) g_test_rand_int_range (0, 20));
        }

      known = mfc_workdays_due_date (w, &created, n_days, pauses, n_pauses, &due);

      /* walk day by day; the due date is where the count reaches n_days */
      d = created;
      g_assert_cmpint (mfc_workdays_days_left (w, &created, n_days, pauses, n_pauses, &d), ==, (int) n_days);
      if (n_days == 0)
        {
          g_assert_true (known);
          g_assert_cmpint (g_date_compare (&due, &created), ==, 0);
        }

      for (guint step = 0; step < 200; step++)
        {
          g_date_add_days (&d, 1);
          if (mfc_workdays_is_working_day (w, &d) && !in_pause (&d, pauses, n_pauses))
            {
              used++;
              if (used == (int) n_days)
                {
                  g_assert_true (known);
                  g_assert_cmpint (g_date_compare (&d, &due), ==, 0);
                }
            }
          g_assert_cmpint (mfc_workdays_days_left (w, &created, n_days, pauses, n_pauses, &d), ==,
                           (int) n_days - used);
        }

      if (used < (int) n_days)
        {
          /* only an open pause can hold a deadline this long */
          g_assert_false (known);
          g_assert_false (g_date_valid (&due));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workdays/plain-week", test_plain_week);
  g_test_add_func ("/workdays/config", test_config);
  g_test_add_func ("/workdays/boxed", test_boxed);
  g_test_add_func ("/workdays/russia/lists", test_russia_lists);
  g_test_add_func ("/workdays/russia/year-totals", test_russia_year_totals);
  g_test_add_func ("/workdays/russia/2026", test_russia_2026);
  g_test_add_func ("/workdays/russia/2025-moves", test_russia_2025_moves);
  g_test_add_func ("/workdays/russia/2027-provisional", test_russia_2027_provisional);
  g_test_add_func ("/workdays/add-and-between", test_add_and_between);
  g_test_add_func ("/workdays/pauses/due-date", test_pauses);
  g_test_add_func ("/workdays/pauses/days-left", test_days_left);
  g_test_add_func ("/workdays/pauses/random", test_pauses_random);

  return g_test_run ();
}
