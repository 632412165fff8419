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
  while (mfc_test_keyring_lookup (f->base_url, NULL, NULL))
    g_main_context_iteration (NULL, FALSE);
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
  while (mfc_test_keyring_lookup (f->base_url, NULL, NULL))
    g_main_context_iteration (NULL, FALSE);
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

/* Waits for the idle lock; @ms only guards against hanging. */
static gboolean
wait_locked (MfcSession *session,
             guint       ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!is_locked (session) && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  return is_locked (session);
}

static void
test_idle_lock (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MfcSession) session = new_session (f->base_url);
  g_autoptr(GError) error = NULL;
  gint64 end;

  /* Two seconds: long against the 50 ms between activity notes below, so
   * a stall of a loaded machine cannot lock the session by accident. */
  mfc_session_set_lock_timeout (session, 2);
  g_assert_true (session_login (session, "clerk", "demo", NULL, &error));

  /* Activity keeps the session open well past the timeout… */
  end = g_get_monotonic_time () + 4500 * 1000;
  while (g_get_monotonic_time () < end)
    {
      mfc_session_note_activity (session);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (50000);
    }
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_IN);

  /* …and stillness locks it. */
  g_assert_true (wait_locked (session, 10000));

  /* A wrong password does not unlock, nor throw the clerk out. */
  g_assert_false (session_login (session, "clerk", "wrong", NULL, &error));
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOCKED);

  g_assert_true (session_login (session, "clerk", "demo", NULL, &error));
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_IN);

  /* Locking by hand (Ctrl+L) works the same. */
  mfc_session_set_lock_timeout (session, 0);
  mfc_session_lock (session);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOCKED);
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
wait_until (gboolean (*condition) (gpointer),
            gpointer   data,
            gboolean   expected,
            guint      ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!!condition (data) != expected && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  return !!condition (data) == expected;
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
  g_assert_true (wait_until (events_connected, events, TRUE, 20000));

  session_logout (session);
  g_assert_true (wait_until (events_connected, events, FALSE, 20000));
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
  ADD ("/session/not-remembered", test_not_remembered);
  ADD ("/session/events-follow-login", test_events_follow_login);
#undef ADD

  return g_test_run ();
}
