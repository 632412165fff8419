/* mfc-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "mfc-secret-store.h"
#include "mfc-test-util.h"

/* Messages are checked in the clerk's language, from the build tree's
 * catalogue.  Call before g_test_init(). */
void
mfc_test_use_russian (void)
{
  g_setenv ("LC_ALL", "ru_RU.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "ru", TRUE);
  g_assert_nonnull (setlocale (LC_ALL, ""));
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}

/* Stores the result of an async call in the GAsyncResult ** slot given as
 * user data. */
void
mfc_test_result_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until @condition holds; fails the test with
 * @what when it has not after @timeout_ms (a guard against hanging, not a
 * speed check). */
void
mfc_test_wait_until (MfcTestCondition  condition,
                     gpointer          data,
                     guint             timeout_ms,
                     const char       *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timed_out_cb, &timed_out);

  while (!condition (data))
    {
      if (timed_out)
        g_error ("Waited %u ms in vain for %s", timeout_ms, what);
      g_main_context_iteration (NULL, TRUE);
    }

  if (!timed_out)
    g_source_remove (id);
}

static gboolean
slot_filled (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* Iterates the main context until the callback has filled @slot. */
GAsyncResult *
mfc_test_wait_result (GAsyncResult **slot)
{
  mfc_test_wait_until (slot_filled, slot, MFC_TEST_WAIT_MS, "an asynchronous call to finish");
  return *slot;
}

static void
scan (const char *path,
      const char *secret)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
          g_file_get_contents (path, &contents, &length, NULL) &&
          g_strstr_len (contents, length, secret) != NULL)
        g_error ("The secret was written to %s", path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        scan (child, secret);
    }
}

/* Fails if @secret appears in clear in any file of the test's home or
 * XDG folders (the harness makes them per test), keyring files included. */
void
mfc_test_assert_not_on_disk (const char *secret)
{
  const char *tmp = g_getenv ("MFC_TEST_TMPDIR");

  g_assert_nonnull (tmp);
  scan (tmp, secret);
}

/* The keyring store, called synchronously on the test's main context. */
void
mfc_test_keyring_save (const char *server,
                       const char *login,
                       const char *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mfc_secret_store_save_async (server, login, token, NULL, mfc_test_result_cb, &result);
  g_assert_true (mfc_secret_store_save_finish (mfc_test_wait_result (&result), &error));
  g_assert_no_error (error);
}

gboolean
mfc_test_keyring_lookup (const char  *server,
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

void
mfc_test_keyring_clear (const char *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mfc_secret_store_clear_async (server, NULL, mfc_test_result_cb, &result);
  mfc_secret_store_clear_finish (mfc_test_wait_result (&result), &error);
  g_assert_no_error (error);
}

/**
 * mfc_test_free_port:
 *
 * A loopback port nobody listens on now, for a training server that the
 * test stops and starts again at the same address.  (The socket is closed
 * again at once: another process could take the port meanwhile, which on
 * a test machine does not happen in practice.)
 */
guint16
mfc_test_free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}
