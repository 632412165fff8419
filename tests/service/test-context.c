/* test-context.c — Preferences reach the client and the session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-context.h"

static void
test_server_address (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(MfcContext) context = mfc_context_new (settings);
  g_autoptr(GError) error = NULL;
  MfcClient *client;
  MfcSession *session;

  g_assert_null (mfc_context_get_client (context));
  g_assert_null (mfc_context_get_session (context));

  g_assert_false (mfc_context_set_server (context, "ftp://mfc.region.ru", &error));
  g_assert_nonnull (error);
  g_assert_null (mfc_context_get_client (context));
  g_clear_error (&error);

  g_assert_true (mfc_context_set_server (context, "mfc.region.ru/", &error));
  g_assert_no_error (error);
  client = mfc_context_get_client (context);
  session = mfc_context_get_session (context);
  g_assert_nonnull (client);
  g_assert_nonnull (session);
  g_assert_cmpstr (mfc_client_get_base_url (client), ==, "https://mfc.region.ru");

  /* Another address keeps the same client and session objects. */
  g_assert_true (mfc_context_set_server (context, "http://127.0.0.1:8080", &error));
  g_assert_true (mfc_context_get_client (context) == client);
  g_assert_true (mfc_context_get_session (context) == session);
  g_assert_cmpstr (mfc_client_get_base_url (client), ==, "http://127.0.0.1:8080");
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
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
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
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/context/server-address", test_server_address);
  g_test_add_func ("/context/preferences-applied", test_preferences_applied);
  g_test_add_func ("/context/training-flag", test_training_flag);

  return g_test_run ();
}
