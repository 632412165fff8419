/* test-context.c — the context is whole from the start; Preferences reach
 * the client and the session; the outbox follows the session, survives a
 * file it cannot open, and keeps training writes off a real service.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "mfc-context.h"
#include "mfc-test-util.h"
#include "mfc-training-thread.h"

static void
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_server_address (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(MfcContext) context = mfc_context_new (settings);
  g_autoptr(GError) error = NULL;
  MfcClient *client;
  MfcSession *session;
  MfcEvents *events;
  guint changed = 0;

  /* Whole from the start: the same three objects for the context's life. */
  client = mfc_context_get_client (context);
  session = mfc_context_get_session (context);
  events = mfc_context_get_events (context);
  g_assert_true (MFC_IS_CLIENT (client));
  g_assert_true (MFC_IS_SESSION (session));
  g_assert_true (MFC_IS_EVENTS (events));
  g_assert_true (mfc_session_get_client (session) == client);
  g_assert_null (mfc_context_get_server (context));
  g_assert_null (mfc_client_get_base_url (client));
  g_signal_connect_swapped (context, "server-changed", G_CALLBACK (count_cb), &changed);

  g_assert_false (mfc_context_set_server (context, "ftp://mfc.region.ru", &error));
  g_assert_nonnull (error);
  g_assert_null (mfc_context_get_server (context));
  g_assert_cmpuint (changed, ==, 0);
  g_clear_error (&error);

  g_assert_true (mfc_context_set_server (context, "mfc.region.ru/", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mfc_context_get_server (context), ==, "https://mfc.region.ru");
  g_assert_cmpstr (mfc_client_get_base_url (client), ==, "https://mfc.region.ru");
  g_assert_cmpuint (changed, ==, 1);

  /* The same service written another way is no change. */
  g_assert_true (mfc_context_set_server (context, "https://MFC.region.ru", &error));
  g_assert_cmpuint (changed, ==, 1);

  /* Another address keeps the same client and session objects. */
  g_assert_true (mfc_context_set_server (context, "http://127.0.0.1:8080", &error));
  g_assert_cmpuint (changed, ==, 2);
  g_assert_true (mfc_context_get_client (context) == client);
  g_assert_true (mfc_context_get_session (context) == session);
  g_assert_true (mfc_context_get_events (context) == events);
  g_assert_cmpstr (mfc_client_get_base_url (client), ==, "http://127.0.0.1:8080");
}

/* A feature that calls the service before an address is known gets a
 * clear answer at once, in the clerk's language, and nothing is sent. */
static void
test_no_server_yet (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(MfcContext) context = mfc_context_new (settings);
  MfcClient *client = mfc_context_get_client (context);
  MfcSession *session = mfc_context_get_session (context);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) login_result = NULL;
  g_autoptr(GAsyncResult) restore_result = NULL;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcQuery) services = mfc_query_new ("/api/v1/services");

  mfc_client_get_async (client, services, NULL, mfc_test_result_cb, &result);
  response = mfc_client_request_finish (client, mfc_test_wait_result (&result), &error);
  g_assert_null (response);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_NO_SERVER);
  g_assert_cmpstr (error->message, ==,
                   "Не указан адрес центрального сервиса. Введите его на странице входа или в настройках.");
  g_clear_error (&error);

  mfc_session_login_async (session, "clerk", "demo", NULL, NULL, mfc_test_result_cb, &login_result);
  g_assert_false (mfc_session_login_finish (session, mfc_test_wait_result (&login_result), &error));
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_NO_SERVER);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_OUT);
  g_clear_error (&error);

  /* Nothing can have been kept in the keyring for no service. */
  mfc_session_restore_async (session, NULL, mfc_test_result_cb, &restore_result);
  g_assert_false (mfc_session_restore_finish (session, mfc_test_wait_result (&restore_result), &error));
  g_assert_no_error (error);
}

static void
test_preferences_applied (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(MfcContext) context = mfc_context_new (settings);
  g_autofree char *ca = g_build_filename (TEST_SOURCE_DIR, "tests", "data", "test-ca.pem", NULL);
  MfcClient *client;
  MfcSession *session;

  g_settings_set_uint (settings, "lock-timeout-minutes", 7);
  g_settings_set_string (settings, "ca-file", ca);
  g_assert_true (mfc_context_set_server (context, "https://mfc.region.ru", NULL));
  client = mfc_context_get_client (context);
  session = mfc_context_get_session (context);

  g_assert_cmpstr (mfc_client_get_ca_file (client), ==, ca);
  g_assert_cmpuint (mfc_session_get_lock_timeout (session), ==, 7 * 60);

  /* Changes in Preferences apply at once. */
  g_settings_set_uint (settings, "lock-timeout-minutes", 15);
  g_assert_cmpuint (mfc_session_get_lock_timeout (session), ==, 15 * 60);
  g_settings_set_string (settings, "ca-file", "");
  g_assert_null (mfc_client_get_ca_file (client));
}

static void
test_training_flag (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(MfcContext) context = mfc_context_new (settings);
  guint notified = 0;

  g_signal_connect_swapped (context, "notify::training", G_CALLBACK (count_cb), &notified);
  g_assert_false (mfc_context_get_training (context));
  mfc_context_set_training (context, TRUE);
  mfc_context_set_training (context, TRUE);
  g_assert_true (mfc_context_get_training (context));
  g_assert_cmpuint (notified, ==, 1);
}

/* ------------------------------------------------------------------ */
/* The outbox                                                          */

static char *
outbox_file (void)
{
  return g_build_filename (g_get_user_data_dir (), "mfc-desk", "outbox.sqlite", NULL);
}

/* No context is alive between tests, so the file can go. */
static void
remove_outbox_file (void)
{
  g_autofree char *path = outbox_file ();
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_remove (file);
    }
}

static MfcTrainingThread *
start_server (const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("MFC_TEST_TMPDIR"), name, NULL);
  g_autofree char *db = g_build_filename (dir, "training.sqlite", NULL);
  MfcTrainingThread *server = mfc_training_thread_new (db, "demo");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  mfc_training_thread_start_async (server, "127.0.0.1:0", NULL, mfc_test_result_cb, &result);
  g_assert_true (mfc_training_thread_start_finish (server, mfc_test_wait_result (&result), &error));
  g_assert_no_error (error);
  return server;
}

static void
login (MfcContext *context,
       const char *server)
{
  MfcSession *session = mfc_context_get_session (context);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (mfc_context_set_server (context, server, &error));
  mfc_session_login_async (session, "clerk", "demo", NULL, NULL, mfc_test_result_cb, &result);
  g_assert_true (mfc_session_login_finish (session, mfc_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static void
logout (MfcContext *context)
{
  MfcSession *session = mfc_context_get_session (context);
  g_autoptr(GAsyncResult) result = NULL;

  /* Logged out whatever the service said (it may be gone). */
  mfc_session_logout_async (session, NULL, mfc_test_result_cb, &result);
  mfc_session_logout_finish (session, mfc_test_wait_result (&result), NULL);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_OUT);
}

static MfcOutboxEntry *
comment_entry (const char *text)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets/3/comments");
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());

  json_object_set_string_member (json_node_get_object (body), "text", text);
  return mfc_outbox_entry_new ("ticket.comment", "POST", query, body);
}

static gboolean
enqueue (MfcOutbox       *outbox,
         MfcOutboxEntry  *entry,
         GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mfc_outbox_enqueue_async (outbox, entry, mfc_test_result_cb, &result);
  return mfc_outbox_enqueue_finish (outbox, mfc_test_wait_result (&result), error);
}

static void
sync_outbox (MfcOutbox *outbox)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mfc_outbox_sync_async (outbox, mfc_test_result_cb, &result);
  g_assert_true (mfc_outbox_sync_finish (outbox, mfc_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static gboolean
is_offline (gpointer data)
{
  return !mfc_outbox_get_online (data);
}

typedef struct {
  MfcOutbox  *outbox;
  const char *key;
} SentWait;

static gboolean
is_sent (gpointer data)
{
  SentWait *wait = data;
  g_autoptr(MfcOutboxEntry) entry = mfc_outbox_lookup (wait->outbox, wait->key);

  return entry != NULL && mfc_outbox_entry_get_state (entry) == MFC_OUTBOX_STATE_SENT;
}

/* The comments of ticket 3 on @server, as one string */
static char *
comments_on (MfcClient *client)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets/3");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *comments;

  mfc_client_get_async (client, query, NULL, mfc_test_result_cb, &result);
  response = mfc_client_request_finish (client, mfc_test_wait_result (&result), &error);
  g_assert_no_error (error);
  comments = json_object_get_member (mfc_client_response_get_object (response), "comments");
  g_assert_nonnull (comments);
  return json_to_string (comments, FALSE);
}

/* One outbox for the context's life, in the user's data folder, private;
 * its owner is whoever the session says. */
static void
test_outbox_follows_session (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(MfcContext) context = mfc_context_new (settings);
  g_autoptr(MfcTrainingThread) server = start_server ("follow");
  g_autoptr(MfcOutboxEntry) entry = comment_entry ("follow-0");
  g_autoptr(MfcOutboxEntry) late = comment_entry ("follow-1");
  g_autofree char *path = outbox_file ();
  g_autoptr(GError) error = NULL;
  MfcOutbox *outbox = mfc_context_get_outbox (context);
  GStatBuf st;
  SentWait wait = { outbox, mfc_outbox_entry_get_key (entry) };

  g_assert_true (MFC_IS_OUTBOX (outbox));
  g_assert_null (mfc_outbox_get_storage_error (outbox));
  g_assert_true (mfc_outbox_get_client (outbox) == mfc_context_get_client (context));
  g_assert_cmpstr (mfc_outbox_get_path (outbox), ==, path);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (mfc_outbox_get_paused (outbox));

  /* Nobody logged in: nothing can be queued. */
  g_assert_false (enqueue (outbox, entry, &error));
  g_assert_error (error, MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_NO_OWNER);
  g_clear_error (&error);

  login (context, mfc_training_thread_get_base_url (server));
  g_assert_false (mfc_outbox_get_paused (outbox));
  g_assert_true (enqueue (outbox, entry, &error));
  g_assert_no_error (error);
  mfc_test_wait_until (is_sent, &wait, MFC_TEST_WAIT_MS, "the write to be sent");

  /* Another address is another service: the same outbox, paused. */
  logout (context);
  g_assert_true (mfc_outbox_get_paused (outbox));
  g_assert_false (enqueue (outbox, late, &error));
  g_assert_error (error, MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_NO_OWNER);
  g_assert_true (mfc_context_get_outbox (context) == outbox);
  sync_outbox (outbox);
  mfc_training_thread_stop (server);
}

/* A queue file of a newer version: the context is still whole, and its
 * outbox refuses every write with the reason, in Russian. */
static void
test_outbox_unavailable (void)
{
  g_autofree char *path = outbox_file ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(MfcContext) context = NULL;
  g_autoptr(MfcTrainingThread) server = start_server ("unavailable");
  g_autoptr(MfcOutboxEntry) entry = comment_entry ("unavailable-0");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  sqlite3 *db = NULL;
  MfcOutbox *outbox;
  g_autofree char *comments = NULL;

  remove_outbox_file ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY,"
                                     " applied_at INTEGER NOT NULL);"
                                     "INSERT INTO schema_version VALUES (999, 0);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  settings = g_settings_new (APP_ID);
  context = mfc_context_new (settings);
  outbox = mfc_context_get_outbox (context);
  g_assert_true (MFC_IS_OUTBOX (outbox));
  g_assert_error (mfc_outbox_get_storage_error (outbox), MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_STORAGE);
  g_assert_cmpstr (mfc_outbox_get_storage_error (outbox)->message, ==,
                   "Очередь неотправленных записей создана более новой версией программы.");

  /* Logged in, it still refuses, with the same words, and sends nothing. */
  login (context, mfc_training_thread_get_base_url (server));
  g_assert_false (enqueue (outbox, entry, &error));
  g_assert_error (error, MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_STORAGE);
  g_assert_cmpstr (error->message, ==, mfc_outbox_get_storage_error (outbox)->message);
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, 0);
  pending = mfc_outbox_list (outbox, MFC_OUTBOX_STATE_PENDING);
  g_assert_cmpuint (pending->len, ==, 0);
  comments = comments_on (mfc_context_get_client (context));
  g_assert_null (strstr (comments, "unavailable-0"));

  logout (context);
  mfc_training_thread_stop (server);
  g_clear_object (&context);
  remove_outbox_file ();
}

/* Training mode shares the outbox, but a write queued against the
 * training server belongs to its address: after the clerk moves to a
 * real service (as the same login), the write stays queued for the
 * training address and never reaches the real one, while the real
 * service's own writes go through. */
static void
test_training_write_stays_off_real_service (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(MfcContext) context = mfc_context_new (settings);
  g_autoptr(MfcTrainingThread) training = start_server ("training");
  g_autoptr(MfcTrainingThread) real = start_server ("real");
  g_autoptr(MfcOutboxEntry) training_write = comment_entry ("training-write");
  g_autoptr(MfcOutboxEntry) real_write = comment_entry ("real-write");
  g_autofree char *training_url = g_strdup (mfc_training_thread_get_base_url (training));
  g_autofree char *comments = NULL;
  g_autoptr(GError) error = NULL;
  MfcOutbox *outbox = mfc_context_get_outbox (context);
  SentWait wait = { outbox, mfc_outbox_entry_get_key (real_write) };

  g_assert_cmpstr (training_url, !=, mfc_training_thread_get_base_url (real));

  /* In training mode, with the training server just gone. */
  login (context, training_url);
  mfc_context_set_training (context, TRUE);
  mfc_training_thread_stop (training);
  g_assert_true (enqueue (outbox, training_write, &error));
  g_assert_no_error (error);
  mfc_test_wait_until (is_offline, outbox, MFC_TEST_WAIT_MS, "a failed attempt at the training server");
  logout (context);
  mfc_context_set_training (context, FALSE);

  /* The same clerk's login at a real service. */
  login (context, mfc_training_thread_get_base_url (real));
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, 0);
  g_assert_true (enqueue (outbox, real_write, &error));
  g_assert_no_error (error);
  mfc_test_wait_until (is_sent, &wait, MFC_TEST_WAIT_MS, "the real write to be sent");

  comments = comments_on (mfc_context_get_client (context));
  g_assert_nonnull (strstr (comments, "real-write"));
  g_assert_null (strstr (comments, "training-write"));
  g_assert_cmpuint (mfc_outbox_get_n_unsent_for_owner (outbox, training_url, "clerk"), ==, 1);
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, 0);

  logout (context);
  sync_outbox (outbox);
  mfc_training_thread_stop (real);
  g_clear_object (&context);
  remove_outbox_file ();
}

int
main (int   argc,
      char *argv[])
{
  mfc_test_use_russian ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/context/server-address", test_server_address);
  g_test_add_func ("/context/no-server-yet", test_no_server_yet);
  g_test_add_func ("/context/preferences-applied", test_preferences_applied);
  g_test_add_func ("/context/training-flag", test_training_flag);
  g_test_add_func ("/context/outbox-follows-session", test_outbox_follows_session);
  g_test_add_func ("/context/outbox-unavailable", test_outbox_unavailable);
  g_test_add_func ("/context/training-write-stays-off-real-service", test_training_write_stays_off_real_service);

  return g_test_run ();
}
