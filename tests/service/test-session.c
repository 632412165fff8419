/* test-session.c — MfcSession against the real training server (on its
 * own thread) and the real gnome-keyring of the test harness.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-context.h"
#include "mfc-session.h"
#include "mfc-test-util.h"
#include "test-training-common.h"

static MfcSession *
new_session (const char *base_url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcClient) client = mfc_client_new (base_url, &error);

  g_assert_no_error (error);
  mfc_client_set_retry_delay (client, 10, 50);
  return mfc_session_new (client);
}

static gboolean
session_login (MfcSession  *session,
               const char  *login,
               const char  *password,
               const char  *otp,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mfc_session_login_async (session, login, password, otp, NULL, mfc_test_result_cb, &result);
  return mfc_session_login_finish (session, mfc_test_wait_result (&result), error);
}

static gboolean
session_restore (MfcSession  *session,
                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mfc_session_restore_async (session, NULL, mfc_test_result_cb, &result);
  return mfc_session_restore_finish (session, mfc_test_wait_result (&result), error);
}

static void
session_logout (MfcSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mfc_session_logout_async (session, NULL, mfc_test_result_cb, &result);
  g_assert_true (mfc_session_logout_finish (session, mfc_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static MfcClientResponse *
client_get (MfcClient   *client,
            const char  *path,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MfcQuery) query = mfc_query_new (path);

  mfc_client_get_async (client, query, NULL, mfc_test_result_cb, &result);
  return mfc_client_request_finish (client, mfc_test_wait_result (&result), error);
}

static void
test_login_keyring_restore_logout (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(MfcSession) session = new_session (f->base_url);
  g_autoptr(MfcSession) restarted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *login = NULL;
  g_autofree char *token = NULL;
  g_autofree char *old_token = NULL;
  g_autoptr(Reply) reply = NULL;

  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_OUT);
  g_assert_true (session_login (session, "clerk", "demo", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_IN);
  g_assert_cmpstr (mfc_session_get_login (session), ==, "clerk");
  g_assert_cmpstr (mfc_session_get_role (session), ==, "clerk");
  g_assert_nonnull (mfc_session_get_full_name (session));

  /* The token is in the keyring for this service, and on no disk file. */
  g_assert_true (mfc_test_keyring_lookup (f->base_url, &login, &token));
  g_assert_cmpstr (login, ==, "clerk");
  g_assert_cmpstr (token, ==, mfc_client_get_token (mfc_session_get_client (session)));
  mfc_test_assert_not_on_disk (token);
  old_token = g_strdup (token);

  /* After a restart the session comes back from the keyring alone. */
  restarted = new_session (f->base_url);
  g_assert_true (session_restore (restarted, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mfc_session_get_state (restarted), ==, MFC_SESSION_LOGGED_IN);
  g_assert_cmpstr (mfc_session_get_login (restarted), ==, "clerk");

  /* «Выйти» ends the session on the server and removes the secret. */
  session_logout (restarted);
  g_assert_cmpint (mfc_session_get_state (restarted), ==, MFC_SESSION_LOGGED_OUT);
  g_assert_null (mfc_client_get_token (mfc_session_get_client (restarted)));
  g_assert_false (mfc_test_keyring_lookup (f->base_url, NULL, NULL));
  reply = call (f, "GET", "/api/v1/session", old_token, NULL, NULL);
  g_assert_cmpuint (reply->status, ==, 401);
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MfcSession) session = new_session (f->base_url);
  g_autoptr(GError) error = NULL;

  g_assert_false (session_login (session, "clerk", "not-the-password", NULL, &error));
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_OUT);
  g_assert_null (mfc_client_get_token (mfc_session_get_client (session)));
  g_assert_false (mfc_test_keyring_lookup (f->base_url, NULL, NULL));
}

static void
test_one_time_code (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MfcSession) session = new_session (f->base_url);
  g_autoptr(GError) error = NULL;

  g_assert_false (session_login (session, "clerk2fa", "demo", NULL, &error));
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_OTP_REQUIRED);
  g_clear_error (&error);

  g_assert_false (session_login (session, "clerk2fa", "demo", "123456", &error));
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  g_assert_true (session_login (session, "clerk2fa", "demo", "000000", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_IN);
  session_logout (session);
}

static void
test_lockout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MfcSession) session = new_session (f->base_url);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_assert_false (session_login (session, "trainer", "wrong", NULL, &error));
      g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_UNAUTHORIZED);
      g_clear_error (&error);
    }

  /* Even the right password is refused now, with the time to wait. */
  g_assert_false (session_login (session, "trainer", "demo", NULL, &error));
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_LOCKED);
  g_assert_cmpuint (mfc_client_error_get_retry_after (error), >, 0);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_OUT);
}

static void
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

/* The session clears the keyring in the background. */
static gboolean
keyring_empty (gpointer data)
{
  return !mfc_test_keyring_lookup (data, NULL, NULL);
}

static void
test_expired_session (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(MfcSession) session = new_session (f->base_url);
  MfcClient *client = mfc_session_get_client (session);
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) reply = NULL;
  guint expired = 0;

  g_signal_connect_swapped (session, "expired", G_CALLBACK (count_cb), &expired);
  g_assert_true (session_login (session, "clerk", "demo", NULL, &error));

  /* The server forgets the session (an administrator ended it). */
  reply = call (f, "DELETE", "/api/v1/session", mfc_client_get_token (client), NULL, NULL);
  g_assert_cmpuint (reply->status / 100, ==, 2);

  response = client_get (client, "/api/v1/services", &error);
  g_assert_null (response);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (expired, ==, 1);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_OUT);
  g_assert_null (mfc_client_get_token (client));
  /* The login stays for the login page to offer it again. */
  g_assert_cmpstr (mfc_session_get_login (session), ==, "clerk");

  /* The dead token is gone from the keyring too. */
  mfc_test_wait_until (keyring_empty, f->base_url, MFC_TEST_WAIT_MS, "the keyring to forget the token");
}

static void
test_restore_dead_token (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(MfcSession) session = new_session (f->base_url);
  g_autoptr(GError) error = NULL;

  mfc_test_keyring_save (f->base_url, "clerk", "0000000000000000000000000000000000000000000000000000000000000000");
  g_assert_false (session_restore (session, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_OUT);
  g_assert_cmpstr (mfc_session_get_login (session), ==, "clerk");
  mfc_test_wait_until (keyring_empty, f->base_url, MFC_TEST_WAIT_MS, "the keyring to forget the token");
}

static void
test_restore_unreachable (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(MfcSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  guint16 port;

  /* A port that was free a moment ago: nothing answers there. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);

  mfc_test_keyring_save (url, "clerk", "kept-while-the-service-is-down");
  session = new_session (url);
  mfc_client_set_max_attempts (mfc_session_get_client (session), 1);
  g_assert_false (session_restore (session, &error));
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_NETWORK);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_OUT);

  /* The service may be back in a minute: the secret stays. */
  g_assert_true (mfc_test_keyring_lookup (url, NULL, &token));
  g_assert_cmpstr (token, ==, "kept-while-the-service-is-down");
}

static gboolean
is_locked (gpointer data)
{
  return mfc_session_get_state (data) == MFC_SESSION_LOCKED;
}

/* The test's clock for the idle lock: moves only when told. */
static gint64
fake_clock (gpointer user_data)
{
  return *(gint64 *) user_data;
}

#define SECONDS(s) ((gint64) (s) * G_USEC_PER_SEC)

static void
test_idle_lock (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MfcSession) session = new_session (f->base_url);
  g_autoptr(GError) error = NULL;
  gint64 now = SECONDS (1000);

  mfc_session_set_clock (session, fake_clock, &now);
  mfc_session_set_lock_timeout (session, 600);
  g_assert_true (session_login (session, "clerk", "demo", NULL, &error));

  /* Activity keeps the session open well past the timeout… */
  for (guint i = 0; i < 5; i++)
    {
      now += SECONDS (599);
      mfc_session_check_idle (session);
      g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_IN);
      mfc_session_note_activity (session);
    }

  /* …and stillness locks it: not a second early, at the timeout. */
  now += SECONDS (599);
  mfc_session_check_idle (session);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_IN);
  now += SECONDS (1);
  mfc_session_check_idle (session);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOCKED);

  /* A wrong password does not unlock, nor throw the clerk out. */
  g_assert_false (session_login (session, "clerk", "wrong", NULL, &error));
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOCKED);

  g_assert_true (session_login (session, "clerk", "demo", NULL, &error));
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_IN);

  /* The unlock counts as activity: the clock starts again. */
  now += SECONDS (599);
  mfc_session_check_idle (session);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_IN);

  /* Locking by hand (Ctrl+L) works the same; no timeout, no idle lock. */
  mfc_session_set_lock_timeout (session, 0);
  now += SECONDS (100000);
  mfc_session_check_idle (session);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_IN);
  mfc_session_lock (session);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOCKED);
}

/* The timer itself, on the system's clock: it fires and locks. */
static void
test_idle_timer (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MfcSession) session = new_session (f->base_url);
  g_autoptr(GError) error = NULL;

  mfc_session_set_lock_timeout (session, 1);
  g_assert_true (session_login (session, "clerk", "demo", NULL, &error));
  mfc_test_wait_until (is_locked, session, MFC_TEST_WAIT_MS, "the idle lock");
}

static void
test_not_remembered (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MfcSession) session = new_session (f->base_url);
  g_autoptr(GError) error = NULL;

  /* Training mode: a throwaway login leaves nothing in the keyring. */
  mfc_session_set_remember (session, FALSE);
  g_assert_true (session_login (session, "clerk", "demo", NULL, &error));
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_IN);
  g_assert_false (mfc_test_keyring_lookup (f->base_url, NULL, NULL));
}

static gboolean
events_connected (gpointer data)
{
  return mfc_events_get_connected (data);
}

static gboolean
events_disconnected (gpointer data)
{
  return !mfc_events_get_connected (data);
}

static void
test_events_follow_login (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(MfcContext) context = mfc_context_new (settings);
  g_autoptr(GError) error = NULL;
  MfcSession *session;
  MfcEvents *events;

  g_assert_true (mfc_context_set_server (context, f->base_url, &error));
  session = mfc_context_get_session (context);
  events = mfc_context_get_events (context);
  mfc_session_set_remember (session, FALSE);
  g_assert_false (mfc_events_get_connected (events));

  g_assert_true (session_login (session, "clerk", "demo", NULL, &error));
  mfc_test_wait_until (events_connected, events, MFC_TEST_WAIT_MS, "the events to connect");

  session_logout (session);
  mfc_test_wait_until (events_disconnected, events, MFC_TEST_WAIT_MS, "the events to disconnect");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/session/login-keyring-restore-logout", test_login_keyring_restore_logout);
  ADD ("/session/wrong-password", test_wrong_password);
  ADD ("/session/one-time-code", test_one_time_code);
  ADD ("/session/lockout", test_lockout);
  ADD ("/session/expired", test_expired_session);
  ADD ("/session/restore-dead-token", test_restore_dead_token);
  ADD ("/session/restore-unreachable", test_restore_unreachable);
  ADD ("/session/idle-lock", test_idle_lock);
  ADD ("/session/idle-timer", test_idle_timer);
  ADD ("/session/not-remembered", test_not_remembered);
  ADD ("/session/events-follow-login", test_events_follow_login);
#undef ADD

  return g_test_run ();
}
