/* test-secret-store.c — against the real gnome-keyring the harness starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-secret-store.h"
#include "mfc-test-util.h"

#define SERVER_A "https://mfc-a.example.ru"
#define SERVER_B "https://mfc-b.example.ru"

static void
save (const char *server,
      const char *login,
      const char *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mfc_secret_store_save_async (server, login, token, NULL, mfc_test_result_cb, &result);
  g_assert_true (mfc_secret_store_save_finish (mfc_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

static gboolean
lookup (const char  *server,
        char       **login,
        char       **token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found;

  mfc_secret_store_lookup_async (server, NULL, mfc_test_result_cb, &result);
  found = mfc_secret_store_lookup_finish (mfc_test_wait_result (&result), login, token, &error);
  g_assert_no_error (error);
  return found;
}

static void
clear (const char *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mfc_secret_store_clear_async (server, NULL, mfc_test_result_cb, &result);
  mfc_secret_store_clear_finish (mfc_test_wait_result (&result), &error);
  g_assert_no_error (error);
}

static void
test_save_lookup_replace_clear (void)
{
  g_autofree char *login = NULL;
  g_autofree char *token = NULL;

  g_assert_false (lookup (SERVER_A, NULL, NULL));

  save (SERVER_A, "clerk", "token-one-0123456789abcdef");
  g_assert_true (lookup (SERVER_A, &login, &token));
  g_assert_cmpstr (login, ==, "clerk");
  g_assert_cmpstr (token, ==, "token-one-0123456789abcdef");
  g_clear_pointer (&login, g_free);
  g_clear_pointer (&token, g_free);

  /* Another clerk at the same desk replaces the item, never adds one. */
  save (SERVER_A, "supervisor", "token-two-fedcba9876543210");
  g_assert_true (lookup (SERVER_A, &login, &token));
  g_assert_cmpstr (login, ==, "supervisor");
  g_assert_cmpstr (token, ==, "token-two-fedcba9876543210");
  g_clear_pointer (&login, g_free);
  g_clear_pointer (&token, g_free);

  /* Each server has its own item. */
  g_assert_false (lookup (SERVER_B, NULL, NULL));
  save (SERVER_B, "clerk", "token-b");
  clear (SERVER_A);
  g_assert_false (lookup (SERVER_A, NULL, NULL));
  g_assert_true (lookup (SERVER_B, NULL, &token));
  g_assert_cmpstr (token, ==, "token-b");
  clear (SERVER_B);
}

static void
test_survives_restart (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *login = NULL;
      g_autofree char *token = NULL;

      /* A new process, as after the clerk restarts the application. */
      g_assert_true (lookup (SERVER_A, &login, &token));
      g_assert_cmpstr (login, ==, "clerk");
      g_assert_cmpstr (token, ==, "restart-token-5b1f0c");
      return;
    }

  save (SERVER_A, "clerk", "restart-token-5b1f0c");
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  clear (SERVER_A);
}

static void
test_not_on_disk (void)
{
  save (SERVER_A, "clerk", "on-disk-canary-7f3e9a21c4");
  mfc_test_assert_not_on_disk ("on-disk-canary-7f3e9a21c4");
  clear (SERVER_A);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secret-store/save-lookup-replace-clear", test_save_lookup_replace_clear);
  g_test_add_func ("/secret-store/survives-restart", test_survives_restart);
  g_test_add_func ("/secret-store/not-on-disk", test_not_on_disk);

  return g_test_run ();
}
