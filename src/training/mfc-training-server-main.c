/* mfc-training-server-main.c — the training server as its own program,
 * for a classroom: trainees point their desktops at it.
 *
 *   mfc-training-server --listen 0.0.0.0:8080 --db class.sqlite --seed demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "mfc-training-server.h"
#include "mfc-training-store.h"

static gboolean
quit_cb (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_message ("Stopping the training server");
  g_main_loop_quit (loop);

  /* Both handlers are removed after the loop. */
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcTrainingServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *db = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *temp_dir = NULL;
  g_autofree char *now = NULL;
  gboolean reset = FALSE;
  gboolean fresh;
  int readers = -1;
  guint sigint, sigterm;
  const GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
      "Address to listen on (default 127.0.0.1:8080; 0.0.0.0:8080 for a classroom)", "ADDR" },
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db,
      "SQLite database file (default: a temporary file, removed on exit)", "FILE" },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &seed,
      "What a new database is filled with: demo (classroom, default), large (benchmarks) "
      "or none; an existing --db keeps its data", "SEED" },
    { "reset", 'r', 0, G_OPTION_ARG_NONE, &reset,
      "Replace the data of an existing --db with the seed", NULL },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now,
      "Run the clock from this moment instead of the real one, e.g. 2026-11-23T10:00:00+07:00 "
      "(rehearsals and tests; the clock stands still)", "TIME" },
    { "readers", 0, 0, G_OPTION_ARG_INT, &readers,
      "Worker threads, each with a read-only connection, answering the GET requests "
      "(default 4; 0: everything one at a time on the main loop)", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  /* The request log is at info level; a server should show it. */
  if (g_getenv ("G_MESSAGES_DEBUG") == NULL)
    g_setenv ("G_MESSAGES_DEBUG", G_LOG_DOMAIN, TRUE);

  context = g_option_context_new ("— the MFC Desk training server");
  g_option_context_set_summary (context,
                                "Serves the central-service API with the fictional region «Учебная область».\n"
                                "Training accounts: clerk, supervisor, trainer, clerk2fa; password demo;\n"
                                "the one-time code of clerk2fa is 000000.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (listen == NULL)
    listen = g_strdup ("127.0.0.1:8080");
  if (seed != NULL && !g_str_equal (seed, "demo") && !g_str_equal (seed, "large") &&
      !g_str_equal (seed, "none"))
    {
      g_printerr ("--seed takes demo, large or none\n");
      return 2;
    }

  if (db == NULL)
    {
      temp_dir = g_dir_make_tmp ("mfc-training-XXXXXX", &error);
      if (temp_dir == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      db = g_build_filename (temp_dir, "training.sqlite", NULL);
    }
  fresh = !g_file_test (db, G_FILE_TEST_EXISTS);

  server = mfc_training_server_new (db, &error);
  if (server == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (readers >= 0)
    mfc_training_server_set_readers (server, readers);

  if (now != NULL)
    {
      g_autoptr(GDateTime) fixed = g_date_time_new_from_iso8601 (now, NULL);

      if (fixed == NULL)
        {
          g_printerr ("--now takes a date and time with an offset, e.g. 2026-11-23T10:00:00+07:00\n");
          return 2;
        }
      mfc_training_server_set_fake_time (server, g_date_time_to_unix (fixed));
    }

  /* --seed says what a new database (or one being --reset) is filled
   * with, demo by default; an existing database keeps its data, so a
   * class can stop and restart the server without losing its work. */
  if (seed == NULL)
    seed = g_strdup ("demo");
  if (!fresh && !reset && mfc_training_server_is_empty (server))
    {
      /* Nobody could log in: a seed was cut short (the new file it was
       * writing is swept by the seed below). */
      g_message ("%s holds no data yet: seeding it", db);
      fresh = TRUE;
    }
  if (!fresh && !reset)
    {
      g_message ("Keeping the data of %s (--reset replaces it)", db);
    }
  else if (!g_str_equal (seed, "none"))
    {
      gint64 started = g_get_monotonic_time ();

      if (!mfc_training_server_seed (server, seed, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_message ("Seeded “%s” in %.2f s", seed, (g_get_monotonic_time () - started) / 1e6);
    }
  else if (reset)
    {
      /* --reset --seed none: an empty database */
      if (!mfc_training_server_reset (server, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }

  if (!mfc_training_server_listen (server, listen, &error))
    {
      g_printerr ("Cannot listen on %s: %s\n", listen, error->message);
      return 1;
    }
  g_message ("Training server at %s (database %s)", mfc_training_server_get_base_url (server), db);

  loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm = g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  mfc_training_server_stop (server);
  g_clear_object (&server);

  if (temp_dir != NULL)
    {
      mfc_training_store_remove_files (db);
      g_rmdir (temp_dir);
    }

  return 0;
}
