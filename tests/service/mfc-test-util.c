/* mfc-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-test-util.h"

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

/* Iterates the main context until the callback has filled @slot. */
GAsyncResult *
mfc_test_wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
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
