/* test-training-thread.c — the training server on its own thread, as the
 * app runs it: start, reset and stop are asynchronous for the caller, the
 * caller's main loop keeps running while the server seeds, and requests
 * over loopback are answered from the server's thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-training-thread.h"
#include "test-training-common.h"

#define WAIT_SECONDS 120

typedef struct
{
  char              *dir;
  char              *db;
  MfcTrainingThread *runner;
  SoupSession       *session;
} Env;

static void
env_set_up (Env           *env,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  env->dir = g_dir_make_tmp ("test-training-thread-XXXXXX", &error);
  g_assert_no_error (error);
  env->db = g_build_filename (env->dir, "t.sqlite", NULL);
  env->runner = mfc_training_thread_new (env->db, "demo");
  mfc_training_thread_set_fake_time (env->runner, TEST_NOW);
  env->session = soup_session_new ();
}

static void
env_tear_down (Env           *env,
               gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (env->db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (env->db, "-shm", NULL);

  g_clear_object (&env->session);
  /* Disposing a running runner joins its thread. */
  g_clear_object (&env->runner);
  g_unlink (env->db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (env->dir);
  g_free (env->db);
  g_free (env->dir);
}

static void
start (Env *env)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mfc_training_thread_start_async (env->runner, "127.0.0.1:0", NULL, store_result_cb, &result);
  wait_for_result (&result, WAIT_SECONDS, "starting the training thread");
  g_assert_true (mfc_training_thread_start_finish (env->runner, result, &error));
  g_assert_no_error (error);
  g_assert_true (mfc_training_thread_is_running (env->runner));
  g_assert_true (g_str_has_prefix (mfc_training_thread_get_base_url (env->runner), "http://127.0.0.1:"));
}

/* One request, asynchronously in this thread's main loop: the answer can
 * only come if the server runs elsewhere.  Returns the status, 0 when the
 * connection failed (*error then says why). */
static guint
request (Env         *env,
         const char  *base_url,
         const char  *method,
         const char  *path,
         const char  *token,
         const char  *json,
         JsonNode   **reply,
         GError     **error)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (json != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (json, strlen (json));
      soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
    }
  soup_session_send_and_read_async (env->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    store_result_cb, &result);
  wait_for_result (&result, WAIT_SECONDS, path);
  body = soup_session_send_and_read_finish (env->session, result, error);
  if (body == NULL)
    return 0;
  if (reply != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize len = 0;
      const char *data = g_bytes_get_data (body, &len);

      g_assert_true (json_parser_load_from_data (parser, data, len, NULL));
      *reply = json_node_ref (json_parser_get_root (parser));
    }

  return soup_message_get_status (msg);
}

static char *
log_in (Env *env)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  status = request (env, mfc_training_thread_get_base_url (env->runner), "POST", "/api/v1/session",
                    NULL, "{\"login\": \"clerk\", \"password\": \"demo\"}", &reply, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);

  return g_strdup (json_object_get_string_member (json_node_get_object (reply), "token"));
}

static void
test_start_stop_restart (Env           *env,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *first_url = NULL;
  g_autofree char *token = NULL;

  /* Not started: nothing to reset, no address. */
  g_assert_null (mfc_training_thread_get_base_url (env->runner));
  mfc_training_thread_reset_async (env->runner, NULL, store_result_cb, &result);
  wait_for_result (&result, WAIT_SECONDS, "refusing a reset");
  g_assert_false (mfc_training_thread_reset_finish (env->runner, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_clear_error (&error);
  g_clear_object (&result);

  start (env);
  first_url = g_strdup (mfc_training_thread_get_base_url (env->runner));
  token = log_in (env);
  g_assert_cmpuint (request (env, first_url, "GET", "/api/v1/session", token, NULL, NULL, &error), ==, 200);
  g_assert_no_error (error);

  /* A second start while running is refused; the first one keeps serving. */
  mfc_training_thread_start_async (env->runner, "127.0.0.1:0", NULL, store_result_cb, &result);
  wait_for_result (&result, WAIT_SECONDS, "refusing a second start");
  g_assert_false (mfc_training_thread_start_finish (env->runner, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpstr (mfc_training_thread_get_base_url (env->runner), ==, first_url);

  /* Stopped: the port is closed. */
  mfc_training_thread_stop (env->runner);
  g_assert_false (mfc_training_thread_is_running (env->runner));
  g_assert_null (mfc_training_thread_get_base_url (env->runner));
  g_assert_cmpuint (request (env, first_url, "GET", "/api/v1/config", NULL, NULL, NULL, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_clear_error (&error);
  mfc_training_thread_stop (env->runner);

  /* Started again on the same database: reseeded, so old sessions are gone. */
  start (env);
  g_assert_cmpuint (request (env, mfc_training_thread_get_base_url (env->runner), "GET", "/api/v1/session",
                             token, NULL, NULL, &error), ==, 401);
  g_assert_no_error (error);
  g_clear_pointer (&token, g_free);
  token = log_in (env);
  g_assert_nonnull (token);
}

static gboolean
count_tick_cb (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static void
test_reset_keeps_main_loop (Env           *env,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  const char *base_url;
  guint ticks = 0, ticks_at_start, status;
  guint timer;

  start (env);
  base_url = mfc_training_thread_get_base_url (env->runner);
  token = log_in (env);

  /* Something the reset must take away: a comment on ticket 1. */
  {
    g_autofree char *url = g_strconcat (base_url, "/api/v1/tickets/1/comments", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
    g_autoptr(GBytes) body = g_bytes_new_static ("{\"text\": \"до сброса\"}", strlen ("{\"text\": \"до сброса\"}"));
    g_autoptr(GBytes) answer = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", "thread-test-comment");
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
    soup_session_send_and_read_async (env->session, msg, G_PRIORITY_DEFAULT, NULL, store_result_cb, &result);
    wait_for_result (&result, WAIT_SECONDS, "posting a comment");
    answer = soup_session_send_and_read_finish (env->session, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
    g_clear_object (&result);
  }

  /* The main loop keeps turning while the server reseeds. */
  timer = g_timeout_add (5, count_tick_cb, &ticks);
  ticks_at_start = ticks;
  mfc_training_thread_reset_async (env->runner, NULL, store_result_cb, &result);
  wait_for_result (&result, WAIT_SECONDS, "the reset");
  g_test_message ("%u ticks of a 5 ms timer during the reset", ticks - ticks_at_start);
  g_assert_cmpuint (ticks - ticks_at_start, >=, 1);
  g_source_remove (timer);
  g_assert_true (mfc_training_thread_reset_finish (env->runner, result, &error));
  g_assert_no_error (error);

  /* The seed is back: the session ended, the comment is gone. */
  status = request (env, base_url, "GET", "/api/v1/session", token, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&token, g_free);
  token = log_in (env);
  path = g_strdup ("/api/v1/tickets/1");
  status = request (env, base_url, "GET", path, token, NULL, &created, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  {
    JsonArray *comments = json_object_get_array_member (json_node_get_object (created), "comments");

    for (guint i = 0; i < json_array_get_length (comments); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (comments, i), "text"),
                       !=, "до сброса");
  }
}

static void
test_stop_while_busy (Env           *env,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  /* Stopped in the middle of the start: the start is answered, cancelled. */
  mfc_training_thread_start_async (env->runner, "127.0.0.1:0", NULL, store_result_cb, &result);
  mfc_training_thread_stop (env->runner);
  wait_for_result (&result, WAIT_SECONDS, "the interrupted start");
  g_assert_false (mfc_training_thread_start_finish (env->runner, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (mfc_training_thread_is_running (env->runner));
  g_clear_error (&error);

  /* Two resets queued, then stop: both answered, cancelled. */
  start (env);
  mfc_training_thread_reset_async (env->runner, NULL, store_result_cb, &first);
  mfc_training_thread_reset_async (env->runner, NULL, store_result_cb, &second);
  mfc_training_thread_stop (env->runner);
  wait_for_result (&first, WAIT_SECONDS, "the first interrupted reset");
  wait_for_result (&second, WAIT_SECONDS, "the second interrupted reset");
  g_assert_false (mfc_training_thread_reset_finish (env->runner, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (mfc_training_thread_reset_finish (env->runner, second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* And it still starts afterwards. */
  start (env);
}

/* Out of reach and back: the port refuses, then the same address serves
 * again with the data and the sessions it had. */
static void
test_reachable (Env           *env,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;

  start (env);
  url = g_strdup (mfc_training_thread_get_base_url (env->runner));
  token = log_in (env);

  mfc_training_thread_set_reachable_async (env->runner, FALSE, NULL, store_result_cb, &result);
  wait_for_result (&result, WAIT_SECONDS, "the service out of reach");
  g_assert_true (mfc_training_thread_set_reachable_finish (env->runner, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (request (env, url, "GET", "/api/v1/config", NULL, NULL, NULL, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_clear_error (&error);
  g_assert_cmpstr (mfc_training_thread_get_base_url (env->runner), ==, url);

  mfc_training_thread_set_reachable_async (env->runner, TRUE, NULL, store_result_cb, &result);
  wait_for_result (&result, WAIT_SECONDS, "the service back");
  g_assert_true (mfc_training_thread_set_reachable_finish (env->runner, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (request (env, url, "GET", "/api/v1/session", token, NULL, NULL, &error), ==, 200);
  g_assert_no_error (error);
}

static void
test_failed_start (Env           *env,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  mfc_training_thread_start_async (env->runner, "not-an-address:1", NULL, store_result_cb, &result);
  wait_for_result (&result, WAIT_SECONDS, "the failing start");
  g_assert_false (mfc_training_thread_start_finish (env->runner, result, &error));
  g_assert_nonnull (error);
  g_assert_false (mfc_training_thread_is_running (env->runner));

  /* The failed thread was joined: a new start works. */
  start (env);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/training-thread/start-stop-restart", Env, NULL,
              env_set_up, test_start_stop_restart, env_tear_down);
  g_test_add ("/training-thread/reset-keeps-main-loop", Env, NULL,
              env_set_up, test_reset_keeps_main_loop, env_tear_down);
  g_test_add ("/training-thread/stop-while-busy", Env, NULL,
              env_set_up, test_stop_while_busy, env_tear_down);
  g_test_add ("/training-thread/reachable", Env, NULL,
              env_set_up, test_reachable, env_tear_down);
  g_test_add ("/training-thread/failed-start", Env, NULL,
              env_set_up, test_failed_start, env_tear_down);

  return g_test_run ();
}
