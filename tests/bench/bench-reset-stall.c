/* bench-reset-stall.c — how long the app's main loop stalls while
 * «Сбросить учебные данные» runs.
 *
 * The training server is started the way training mode starts it (the
 * MfcTrainingThread runner: its own thread and GMainContext, "demo" seed),
 * then reset N times, one after the other, while a 1 ms timer in this
 * program's main loop records the time between its ticks.  The longest
 * interval is the longest the window would have been frozen; a timer
 * that keeps ticking every ~1 ms means the loop never waited.
 *
 * First the timer runs alone for as long, with no server at all: the
 * noise floor of the machine (other processes take the cores too), which
 * no way of resetting can go below.
 *
 * For the anchor, the same is measured the old way in the same program:
 * an MfcTrainingServer listening in this main loop, reset on the main
 * thread (what training mode did before), where the timer cannot tick
 * until the reset returns.
 *
 * Prints one JSON object: per way (and for the idle floor), the longest,
 * the median and the 99th-percentile interval between ticks during the
 * resets, how many intervals were longer than a 60 Hz frame, and the
 * resets' duration (median, longest); and the ratio of the longest
 * stalls, old way over runner.  Nothing is asserted.
 *
 *   bench-reset-stall [--resets 10] [--skip-in-loop]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-bench"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>

#include "mfc-training-server.h"
#include "mfc-training-thread.h"

#include "bench-stats.h"

#define TIMEOUT_SECONDS 300

typedef struct
{
  gint64   last_tick;      /* monotonic µs; 0 before the first */
  gboolean measuring;
  guint    ticks;
  GArray  *intervals;      /* double ms, while measuring */
} Ticker;

typedef struct
{
  double stall_max_ms;
  double stall_p50_ms;
  double stall_p99_ms;
  guint  over_16ms;        /* intervals longer than a 60 Hz frame */
  double reset_p50_ms;
  double reset_max_ms;
  guint  ticks;
} Figures;

static gboolean
tick_cb (gpointer data)
{
  Ticker *t = data;
  gint64 now = g_get_monotonic_time ();

  if (t->measuring && t->last_tick != 0)
    {
      double ms = (now - t->last_tick) / 1000.0;

      g_array_append_val (t->intervals, ms);
      t->ticks++;
    }
  t->last_tick = now;

  return G_SOURCE_CONTINUE;
}

/* Starts a measurement afresh, right after a tick: what ran before (a
 * seed in this loop, say) is not counted as a stall. */
static void
begin_measuring (Ticker *t)
{
  t->measuring = FALSE;
  t->last_tick = 0;
  while (t->last_tick == 0)
    g_main_context_iteration (NULL, TRUE);
  g_array_set_size (t->intervals, 0);
  t->ticks = 0;
}



static double
maximum (GArray *values)
{
  double max = 0;

  for (guint i = 0; i < values->len; i++)
    max = MAX (max, g_array_index (values, double, i));

  return max;
}

static gboolean
expired_cb (gpointer data)
{
  g_printerr ("bench-reset-stall: no answer within %d s\n", TIMEOUT_SECONDS);
  exit (1);
}

/* Iterates the main context until *@result is set; exits on a timeout. */
static void
wait_for (GAsyncResult **result)
{
  guint guard = g_timeout_add_seconds (TIMEOUT_SECONDS, expired_cb, NULL);

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
fail (const char *what,
      GError     *error)
{
  g_printerr ("bench-reset-stall: %s: %s\n", what, error->message);
  exit (1);
}

static void
figures_from (Figures *fig,
              Ticker  *t,
              GArray  *durations)
{
  fig->stall_max_ms = maximum (t->intervals);
  fig->stall_p50_ms = bench_percentile (t->intervals, 0.50);
  fig->stall_p99_ms = bench_percentile (t->intervals, 0.99);
  fig->over_16ms = 0;
  for (guint i = 0; i < t->intervals->len; i++)
    if (g_array_index (t->intervals, double, i) > 16.0)
      fig->over_16ms++;
  fig->reset_max_ms = maximum (durations);
  fig->reset_p50_ms = bench_percentile (durations, 0.50);
  fig->ticks = t->ticks;
}

/* Training mode's way: the runner's thread reseeds, this loop ticks on. */
static void
measure_thread (const char *db,
                guint       resets,
                Ticker     *t,
                Figures    *fig)
{
  g_autoptr(MfcTrainingThread) runner = mfc_training_thread_new (db, "demo");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GArray) durations = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;

  mfc_training_thread_start_async (runner, "127.0.0.1:0", NULL, store_result_cb, &result);
  wait_for (&result);
  if (!mfc_training_thread_start_finish (runner, result, &error))
    fail ("start", error);

  begin_measuring (t);
  for (guint i = 0; i < resets; i++)
    {
      gint64 started;
      double ms;

      g_clear_object (&result);
      t->measuring = TRUE;
      started = g_get_monotonic_time ();
      mfc_training_thread_reset_async (runner, NULL, store_result_cb, &result);
      wait_for (&result);
      ms = (g_get_monotonic_time () - started) / 1000.0;
      t->measuring = FALSE;
      g_array_append_val (durations, ms);
      if (!mfc_training_thread_reset_finish (runner, result, &error))
        fail ("reset", error);
    }
  mfc_training_thread_stop (runner);

  figures_from (fig, t, durations);
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The timer alone for @ms: what the machine itself costs. */
static void
measure_idle (double   ms,
              Ticker  *t,
              Figures *fig)
{
  g_autoptr(GArray) none = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean done = FALSE;

  begin_measuring (t);
  t->measuring = TRUE;
  g_timeout_add ((guint) MAX (ms, 1), set_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  t->measuring = FALSE;

  figures_from (fig, t, none);
}

typedef struct
{
  MfcTrainingServer *server;
  gboolean           done;
  double             ms;
} InLoopReset;

static gboolean
reset_in_loop_cb (gpointer data)
{
  InLoopReset *r = data;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  if (!mfc_training_server_reset (r->server, &error))
    fail ("reset in the loop", error);
  r->ms = (g_get_monotonic_time () - started) / 1000.0;
  r->done = TRUE;

  return G_SOURCE_REMOVE;
}

/* The old way: the server in this main loop, reset on this thread. */
static void
measure_in_loop (const char *db,
                 guint       resets,
                 Ticker     *t,
                 Figures    *fig)
{
  g_autoptr(MfcTrainingServer) server = NULL;
  g_autoptr(GArray) durations = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;

  server = mfc_training_server_new (db, &error);
  if (server == NULL ||
      !mfc_training_server_seed (server, "demo", &error) ||
      !mfc_training_server_listen (server, "127.0.0.1:0", &error))
    fail ("in-loop server", error);

  begin_measuring (t);
  for (guint i = 0; i < resets; i++)
    {
      InLoopReset r = { server, FALSE, 0 };
      guint after;
      guint guard = g_timeout_add_seconds (TIMEOUT_SECONDS, expired_cb, NULL);

      t->measuring = TRUE;
      g_idle_add (reset_in_loop_cb, &r);
      while (!r.done)
        g_main_context_iteration (NULL, TRUE);
      /* The tick after the reset is the one that sees the gap. */
      after = t->ticks;
      while (t->ticks == after)
        g_main_context_iteration (NULL, TRUE);
      t->measuring = FALSE;
      g_source_remove (guard);
      g_array_append_val (durations, r.ms);
    }
  mfc_training_server_stop (server);

  figures_from (fig, t, durations);
}

/* Hundredths of a millisecond are all the timer can tell; "." whatever
 * the locale. */
static void
add_ms (GString    *out,
        const char *name,
        double      ms,
        gboolean    last)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, "    \"%s\": %s%s\n", name,
                          g_ascii_formatd (buffer, sizeof buffer, "%.2f", ms), last ? "" : ",");
}

static void
add_figures (GString       *out,
             const char    *name,
             const Figures *fig,
             gboolean       last)
{
  g_string_append_printf (out, "  \"%s\": {\n", name);
  add_ms (out, "stall_max_ms", fig->stall_max_ms, FALSE);
  add_ms (out, "stall_p50_ms", fig->stall_p50_ms, FALSE);
  add_ms (out, "stall_p99_ms", fig->stall_p99_ms, FALSE);
  add_ms (out, "reset_p50_ms", fig->reset_p50_ms, FALSE);
  add_ms (out, "reset_max_ms", fig->reset_max_ms, FALSE);
  g_string_append_printf (out, "    \"over_16ms\": %u,\n", fig->over_16ms);
  g_string_append_printf (out, "    \"ticks\": %u\n  }%s\n", fig->ticks, last ? "" : ",");
}

static void
remove_db (const char *db)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
}

int
main (int   argc,
      char *argv[])
{
  int resets = 10;
  gboolean skip_in_loop = FALSE;
  const GOptionEntry entries[] = {
    { "resets", 0, 0, G_OPTION_ARG_INT, &resets, "Resets per way (default 10)", "N" },
    { "skip-in-loop", 0, 0, G_OPTION_ARG_NONE, &skip_in_loop, "Do not measure the old in-loop reset", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— main-loop stall during «Сбросить учебные данные»");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_thread = NULL;
  g_autofree char *db_loop = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  Ticker t = { 0, };
  Figures idle = { 0, }, thread = { 0, }, in_loop = { 0, };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    fail ("options", error);
  if (resets < 1)
    resets = 1;

  dir = g_dir_make_tmp ("bench-reset-stall-XXXXXX", &error);
  if (dir == NULL)
    fail ("temporary folder", error);
  db_thread = g_build_filename (dir, "thread.sqlite", NULL);
  db_loop = g_build_filename (dir, "loop.sqlite", NULL);

  t.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  g_timeout_add (1, tick_cb, &t);

  measure_thread (db_thread, resets, &t, &thread);
  measure_idle (thread.reset_p50_ms * resets, &t, &idle);
  if (!skip_in_loop)
    measure_in_loop (db_loop, resets, &t, &in_loop);

  g_string_append_printf (out, "{\n  \"resets\": %d,\n  \"timer_ms\": 1,\n", resets);
  add_figures (out, "idle", &idle, FALSE);
  add_figures (out, "thread", &thread, skip_in_loop);
  if (!skip_in_loop)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      add_figures (out, "in_loop", &in_loop, FALSE);
      g_string_append_printf (out, "  \"stall_ratio\": %s\n",
                              g_ascii_formatd (buffer, sizeof buffer, "%.1f",
                                               thread.stall_max_ms > 0 ? in_loop.stall_max_ms / thread.stall_max_ms : 0));
    }
  g_string_append (out, "}\n");
  g_print ("%s", out->str);

  g_array_unref (t.intervals);
  remove_db (db_thread);
  remove_db (db_loop);
  g_rmdir (dir);

  return 0;
}
