/* test-training-seed.c — the demo seed meets its minimums (offices,
 * services, applicants with valid СНИЛС/ИНН, tickets in every status,
 * appointments), is deterministic, and how long it takes (printed, not
 * asserted); events arrive over the WebSocket.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sqlite3.h>

#include "mfc-training-seed.h"
#include "mfc-training-store.h"
#include "mfc-training-thread.h"
#include "mfc-validators.h"
#include "test-training-common.h"

static gint64
count (sqlite3    *db,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return n;
}

static void
test_demo_counts (Fixture       *f,
                  gconstpointer  data)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 now = TEST_NOW;
  g_autofree char *in_30_days = g_strdup_printf ("SELECT COUNT(*) FROM appointments WHERE status = 'booked'"
                                                 " AND start_at > %" G_GINT64_FORMAT
                                                 " AND start_at < %" G_GINT64_FORMAT,
                                                 now, now + 30 * 24 * 3600);
  guint checked = 0;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);

  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM offices"), >=, 40);
  g_assert_cmpint (count (db, "SELECT COUNT(DISTINCT office_id) FROM office_hours WHERE break_start_min IS NOT NULL"),
                   >=, 10);
  g_assert_cmpint (count (db, "SELECT COUNT(DISTINCT timezone) FROM offices"), >=, 2);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM service_categories"), >=, 6);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM services"), >=, 30);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM services s WHERE NOT EXISTS"
                              " (SELECT 1 FROM service_documents d WHERE d.service_id = s.id)"), ==, 0);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM applicants"), >=, 300);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM tickets"), >=, 3000);
  g_assert_cmpint (count (db, "SELECT COUNT(DISTINCT status) FROM tickets"), ==, 6);
  g_assert_cmpint (count (db, "SELECT COUNT(DISTINCT type) FROM tickets"), ==, 4);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM tickets WHERE status = 'awaiting_documents'"
                              " AND paused_on IS NOT NULL"), >=, 50);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM tickets WHERE status NOT IN ('approved', 'rejected')"
                              " AND due_date < '2026-11-23'"), >=, 20);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM tickets t WHERE (SELECT COUNT(*) FROM ticket_history h"
                              " WHERE h.ticket_id = t.id) < 1"), ==, 0);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM ticket_history WHERE to_status = 'rejected'"
                              " AND reason IS NULL"), ==, 0);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM ticket_comments"), >=, 500);
  g_assert_cmpint (count (db, in_30_days), >=, 100);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT snils, inn FROM applicants", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *snils = (const char *) sqlite3_column_text (stmt, 0);
      const char *inn = (const char *) sqlite3_column_text (stmt, 1);
      g_autoptr(GError) error = NULL;

      g_assert_true (mfc_validate_snils (snils, NULL, &error));
      g_assert_no_error (error);
      if (inn != NULL)
        {
          g_assert_true (mfc_validate_inn (inn, MFC_INN_KIND_PERSON, NULL, &error));
          g_assert_no_error (error);
        }
      checked++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (checked, >=, 300);

  sqlite3_close (db);
  g_test_message ("demo seed (in the fixture): %.3f s", f->seed_seconds);
}

static char *
dump_tickets (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT number, status, applicant_id, due_date FROM tickets ORDER BY id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int i = 0; i < 4; i++)
      {
        const char *t = (const char *) sqlite3_column_text (stmt, i);
        g_checksum_update (sum, (const guchar *) (t != NULL ? t : "-"), -1);
      }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_strdup (g_checksum_get_string (sum));
}

/* A benchmark, not a timed assertion: the time goes to the TAP log. */
static void
test_demo_timing_and_determinism (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-training-seed-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "seed.sqlite", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(MfcTrainingServer) server = NULL;
  double best = G_MAXDOUBLE;

  g_assert_no_error (error);
  server = mfc_training_server_new (db, &error);
  g_assert_no_error (error);
  mfc_training_server_set_fake_time (server, TEST_NOW);

  for (int i = 0; i < 3; i++)
    {
      gint64 started = g_get_monotonic_time ();

      mfc_training_server_seed (server, "demo", &error);
      g_assert_no_error (error);
      best = MIN (best, (g_get_monotonic_time () - started) / 1e6);
      if (i == 0)
        first = dump_tickets (db);
    }
  second = dump_tickets (db);
  g_assert_cmpstr (first, ==, second);

  /* Reset restores the seed after changes. */
  mfc_training_server_reset (server, &error);
  g_assert_no_error (error);

  /* The same on the server's own thread, as the app runs it. */
  {
    g_autoptr(MfcTrainingThread) runner = mfc_training_thread_new (db, "demo");
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *third = NULL;

    mfc_training_thread_set_fake_time (runner, TEST_NOW);
    mfc_training_thread_start_async (runner, "127.0.0.1:0", NULL, store_result_cb, &result);
    wait_for_result (&result, 60, "starting the training thread");
    g_assert_true (mfc_training_thread_start_finish (runner, result, &error));
    g_assert_no_error (error);
    mfc_training_thread_stop (runner);
    third = dump_tickets (db);
    g_assert_cmpstr (first, ==, third);
  }

  g_test_message ("demo seed: best of 3 = %.3f s", best);
  g_printerr ("# demo seed: best of 3 = %.3f s\n", best);

  g_clear_object (&server);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
}

/* Before the server serves, the seed goes into a new file put in place of
 * the database: nothing goes through the WAL (in one WAL transaction the
 * whole set is written twice), and a stale file of a killed seed is
 * swept away.  With another connection open it seeds in place instead,
 * so that connection sees the new rows, not a file taken from under it. */
static void
test_seed_into_new_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-training-seed-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "class.sqlite", NULL);
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *seeding = g_strconcat (db_path, ".seeding", NULL);
  g_autoptr(MfcTrainingServer) server = NULL;
  sqlite3 *other = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  /* What a seed killed half-way leaves behind. */
  g_assert_true (g_file_set_contents (seeding, "not a database", -1, NULL));

  server = mfc_training_server_new (db_path, &error);
  g_assert_no_error (error);
  mfc_training_server_set_fake_time (server, TEST_NOW);
  g_assert_true (mfc_training_server_seed (server, "demo", &error));
  g_assert_no_error (error);

  g_assert_false (g_file_test (seeding, G_FILE_TEST_EXISTS));
  g_assert_true (g_stat (wal, &st) != 0 || st.st_size == 0);

  g_assert_cmpint (sqlite3_open_v2 (db_path, &other, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (other, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_finalize (stmt);
  }
  g_assert_cmpint (count (other, "SELECT COUNT(*) FROM tickets"), ==, 3200);

  /* Another connection has it open: seeded in place, seen by it. */
  g_assert_cmpint (sqlite3_exec (other, "PRAGMA foreign_keys = OFF; DELETE FROM tickets", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (count (other, "SELECT COUNT(*) FROM tickets"), ==, 0);
  g_assert_true (mfc_training_server_seed (server, "demo", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (other, "SELECT COUNT(*) FROM tickets"), ==, 3200);
  sqlite3_close (other);

  g_clear_object (&server);
  mfc_training_store_remove_files (db_path);
  g_rmdir (dir);
}

/* A database whose first seed was cut short holds no account: the server
 * started on it again seeds it, rather than keep nothing. */
static void
test_restart_after_cut_seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-training-seed-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "cut.sqlite", NULL);
  g_autofree char *seeding = g_strconcat (db_path, ".seeding", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  gboolean seeded = FALSE, listening = FALSE;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  /* What the kill left: the new, migrated file, and half a seed beside it. */
  {
    g_autoptr(MfcTrainingServer) server = mfc_training_server_new (db_path, &error);

    g_assert_no_error (error);
    g_assert_true (mfc_training_server_is_empty (server));
  }
  g_assert_true (g_file_set_contents (seeding, "half a seed", -1, NULL));

  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, MFC_TRAINING_SERVER_PATH,
                                      "--db", db_path, "--listen", "127.0.0.1:0", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (proc));
  while (!listening)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_test_message ("%s", line);
      seeded = seeded || strstr (line, "holds no data yet: seeding it") != NULL;
      listening = strstr (line, "Training server at") != NULL;
    }
  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_true (seeded);

  g_assert_false (g_file_test (seeding, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM users"), >, 0);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM tickets"), ==, 3200);
  sqlite3_close (db);

  /* Seeded, it is kept on the next start. */
  {
    g_autoptr(MfcTrainingServer) server = mfc_training_server_new (db_path, &error);

    g_assert_no_error (error);
    g_assert_false (mfc_training_server_is_empty (server));
  }

  mfc_training_store_remove_files (db_path);
  g_rmdir (dir);
}

/* The seed skips the CHECKs of its own rows, and turns them on again;
 * the connection's other settings it changes for the load (temporary
 * files for the index sorter, a small cache while the indexes are built)
 * are what they were after it. */
static void
test_seed_keeps_checks (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-training-seed-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "checks.sqlite", NULL);
  MfcTrainingStore *store;
  int rc;

  g_assert_no_error (error);
  store = mfc_training_store_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (mfc_training_seed_demo (store, TEST_NOW, &error));
  g_assert_no_error (error);

  rc = sqlite3_exec (mfc_training_store_get_db (store),
                     "UPDATE tickets SET status = 'lost' WHERE id = 1", NULL, NULL, NULL);
  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT_CHECK);
  rc = sqlite3_exec (mfc_training_store_get_db (store),
                     "UPDATE tickets SET type = 'rumour' WHERE id = 1", NULL, NULL, NULL);
  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT_CHECK);
  g_assert_cmpint (mfc_training_store_query_int (store, "PRAGMA temp_store", -1), ==, 2);
  g_assert_cmpint (mfc_training_store_query_int (store, "PRAGMA cache_size", 0), ==, -16384);
  g_assert_cmpint (mfc_training_store_query_int (store, "PRAGMA threads", -1), ==, 0);

  mfc_training_store_free (store);
  mfc_training_store_remove_files (db_path);
  g_rmdir (dir);
}

/* Events */

typedef struct
{
  GMainLoop *loop;
  GPtrArray *types;
  SoupWebsocketConnection *conn;
  GError *error;
} Listener;

static void
message_cb (SoupWebsocketConnection *conn,
            int                      type,
            GBytes                  *message,
            Listener                *l)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = g_bytes_get_data (message, &len);
  JsonObject *envelope;

  g_assert_true (json_parser_load_from_data (parser, data, len, NULL));
  envelope = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (envelope, "at"));
  g_assert_true (json_object_has_member (envelope, "data"));
  g_ptr_array_add (l->types, g_strdup (json_object_get_string_member (envelope, "type")));
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Listener *l = user_data;

  l->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &l->error);
  if (l->conn != NULL)
    g_signal_connect (l->conn, "message", G_CALLBACK (message_cb), l);
  g_main_loop_quit (l->loop);
}

static gboolean
stop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gboolean
has_type (GPtrArray  *types,
          const char *type)
{
  for (guint i = 0; i < types->len; i++)
    if (g_str_equal (types->pdata[i], type))
      return TRUE;

  return FALSE;
}

static void
test_events (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autofree char *url = g_strdup_printf ("%s/api/v1/events?token=%s", f->base_url, token);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(Reply) created = NULL;
  g_autoptr(Reply) bad = call (f, "GET", "/api/v1/events", token, NULL, NULL);
  Listener l = { 0 };

  assert_error (bad, 400, "bad_request");

  g_main_context_push_thread_default (context);
  session = soup_session_new ();
  l.loop = g_main_loop_new (context, FALSE);
  l.types = g_ptr_array_new_with_free_func (g_free);
  msg = soup_message_new ("GET", url);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, connected_cb, &l);
  g_main_loop_run (l.loop);
  g_assert_no_error (l.error);
  g_assert_nonnull (l.conn);

  created = post (f, "/api/v1/tickets", token, "{\"type\":\"complaint\",\"applicant_id\":\"3\"}");
  assert_status (created, 201);

  /* The load timer ticks every second in the tests. */
  {
    GSource *timeout = g_timeout_source_new (2500);
    g_source_set_callback (timeout, stop_cb, l.loop, NULL);
    g_source_attach (timeout, context);
    g_source_unref (timeout);
  }
  g_main_loop_run (l.loop);

  g_assert_true (has_type (l.types, "ticket.created"));
  g_assert_true (has_type (l.types, "office.load"));

  /* Logging out ends the stream with 4401. */
  g_signal_connect_swapped (l.conn, "closed", G_CALLBACK (g_main_loop_quit), l.loop);
  {
    g_autoptr(Reply) out = call (f, "DELETE", "/api/v1/session", token, NULL, NULL);
    GSource *timeout = g_timeout_source_new (5000);

    assert_status (out, 204);
    g_source_set_callback (timeout, stop_cb, l.loop, NULL);
    g_source_attach (timeout, context);
    g_source_unref (timeout);
    if (soup_websocket_connection_get_state (l.conn) != SOUP_WEBSOCKET_STATE_CLOSED)
      g_main_loop_run (l.loop);
  }
  g_assert_cmpint (soup_websocket_connection_get_state (l.conn), ==, SOUP_WEBSOCKET_STATE_CLOSED);
  g_assert_cmpint (soup_websocket_connection_get_close_code (l.conn), ==, 4401);

  g_clear_object (&l.conn);
  g_ptr_array_unref (l.types);
  g_main_loop_unref (l.loop);
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
}

static void
test_events_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/events?token=nope", f->base_url);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  Listener l = { 0 };

  g_main_context_push_thread_default (context);
  session = soup_session_new ();
  l.loop = g_main_loop_new (context, FALSE);
  msg = soup_message_new ("GET", url);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, connected_cb, &l);
  g_main_loop_run (l.loop);
  g_assert_null (l.conn);
  g_assert_nonnull (l.error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
  g_clear_error (&l.error);
  g_main_loop_unref (l.loop);
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
}

static void
test_migrations (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-training-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "m.sqlite", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  for (int round = 0; round < 2; round++)
    {
      g_autoptr(MfcTrainingStore) store = mfc_training_store_open (path, &error);

      g_assert_no_error (error);
      g_assert_cmpint (mfc_training_store_get_version (store), ==, mfc_training_store_latest_version ());
      g_assert_cmpint (mfc_training_store_query_int (store, "PRAGMA foreign_keys", 0), ==, 1);
      g_assert_cmpint (mfc_training_store_query_int (store, "SELECT COUNT(*) FROM schema_version", 0),
                       ==, mfc_training_store_latest_version ());
    }

  {
    g_autoptr(MfcTrainingStore) store = mfc_training_store_open (path, &error);
    sqlite3_stmt *stmt = mfc_training_store_prepare (store, "PRAGMA journal_mode", &error);

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_finalize (stmt);
  }

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/training/seed/demo-counts", Fixture, NULL, fixture_set_up, test_demo_counts, fixture_tear_down);
  g_test_add_func ("/training/seed/demo-timing-and-determinism", test_demo_timing_and_determinism);
  g_test_add_func ("/training/seed/into-new-file", test_seed_into_new_file);
  g_test_add_func ("/training/seed/keeps-checks", test_seed_keeps_checks);
  g_test_add_func ("/training/seed/restart-after-cut-seed", test_restart_after_cut_seed);
  g_test_add_func ("/training/store/migrations", test_migrations);
  g_test_add ("/training/events/websocket", Fixture, NULL, fixture_set_up, test_events, fixture_tear_down);
  g_test_add ("/training/events/refused", Fixture, NULL, fixture_set_up, test_events_refused, fixture_tear_down);

  return g_test_run ();
}
