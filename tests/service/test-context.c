/* test-context.c — the context is whole from the start; Preferences reach
 * the client and the session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-context.h"
#include "mfc-test-util.h"

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

  return g_test_run ();
}
