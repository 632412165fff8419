/* test-secret-store.c — against the real gnome-keyring the harness starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-test-util.h"

#define SERVER_A "https://mfc-a.example.ru"
#define SERVER_B "https://mfc-b.example.ru"

static void
test_save_lookup_replace_clear (void)
{
  g_autofree char *login = NULL;
  g_autofree char *token = NULL;

  g_assert_false (mfc_test_keyring_lookup (SERVER_A, NULL, NULL));

  mfc_test_keyring_save (SERVER_A, "clerk", "token-one-0123456789abcdef");
  g_assert_true (mfc_test_keyring_lookup (SERVER_A, &login, &token));
  g_assert_cmpstr (login, ==, "clerk");
  g_assert_cmpstr (token, ==, "token-one-0123456789abcdef");
  g_clear_pointer (&login, g_free);
  g_clear_pointer (&token, g_free);

  /* Another clerk at the same desk replaces the item, never adds one. */
  mfc_test_keyring_save (SERVER_A, "supervisor", "token-two-fedcba9876543210");
  g_assert_true (mfc_test_keyring_lookup (SERVER_A, &login, &token));
  g_assert_cmpstr (login, ==, "supervisor");
  g_assert_cmpstr (token, ==, "token-two-fedcba9876543210");
  g_clear_pointer (&login, g_free);
  g_clear_pointer (&token, g_free);

  /* Each server has its own item. */
  g_assert_false (mfc_test_keyring_lookup (SERVER_B, NULL, NULL));
  mfc_test_keyring_save (SERVER_B, "clerk", "token-b");
  mfc_test_keyring_clear (SERVER_A);
  g_assert_false (mfc_test_keyring_lookup (SERVER_A, NULL, NULL));
  g_assert_true (mfc_test_keyring_lookup (SERVER_B, NULL, &token));
  g_assert_cmpstr (token, ==, "token-b");
  mfc_test_keyring_clear (SERVER_B);
}

static void
test_survives_restart (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *login = NULL;
      g_autofree char *token = NULL;

      /* A new process, as after the clerk restarts the application. */
      g_assert_true (mfc_test_keyring_lookup (SERVER_A, &login, &token));
      g_assert_cmpstr (login, ==, "clerk");
      g_assert_cmpstr (token, ==, "restart-token-5b1f0c");
      return;
    }

  mfc_test_keyring_save (SERVER_A, "clerk", "restart-token-5b1f0c");
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  mfc_test_keyring_clear (SERVER_A);
}

static void
test_not_on_disk (void)
{
  mfc_test_keyring_save (SERVER_A, "clerk", "on-disk-canary-7f3e9a21c4");
  mfc_test_assert_not_on_disk ("on-disk-canary-7f3e9a21c4");
  mfc_test_keyring_clear (SERVER_A);
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
