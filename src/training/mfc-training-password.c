/* mfc-training-password.c — the training server's secrets: passwords as
 * yescrypt hashes (crypt(3) of libcrypt), random tokens from getrandom(),
 * and the SHA-256 under which tokens are stored, so a copied database
 * holds no usable password or token.  Used by the login route and by the
 * seeds, which hash the training accounts' password.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include <crypt.h>
#include <string.h>
#include <sys/random.h>

#include "mfc-training-password.h"

char *
mfc_tr_password_hash (const char *password)
{
  g_autofree struct crypt_data *data = g_new0 (struct crypt_data, 1);
  char *salt;
  char *hash = NULL;

  salt = crypt_gensalt_ra ("$y$", 0, NULL, 0);
  if (salt == NULL)
    return NULL;
  if (crypt_r (password, salt, data) != NULL && data->output[0] != '*')
    hash = g_strdup (data->output);
  free (salt);

  return hash;
}

gboolean
mfc_tr_password_verify (const char *password,
                        const char *hash)
{
  g_autofree struct crypt_data *data = g_new0 (struct crypt_data, 1);
  const char *out;
  gsize len;
  guint8 diff = 0;

  if (hash == NULL || hash[0] != '$')
    return FALSE;
  out = crypt_r (password, hash, data);
  if (out == NULL || out[0] == '*')
    return FALSE;
  len = strlen (hash);
  if (strlen (out) != len)
    return FALSE;
  /* Constant time: how much matched must not show in the timing. */
  for (gsize i = 0; i < len; i++)
    diff |= (guint8) (out[i] ^ hash[i]);

  return diff == 0;
}

/* @n_bytes random bytes (at most 64) from getrandom(), in hex */
char *
mfc_tr_random_hex (gsize n_bytes)
{
  guint8 bytes[64];
  gsize got = 0;
  GString *hex = g_string_sized_new (2 * n_bytes + 1);

  g_assert (n_bytes <= sizeof bytes);

  while (got < n_bytes)
    {
      ssize_t n = getrandom (bytes + got, n_bytes - got, 0);
      if (n < 0)
        {
          /* Only EINTR is possible with flags 0 on Linux ≥ 3.17. */
          continue;
        }
      got += n;
    }
  for (gsize i = 0; i < n_bytes; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);

  return g_string_free (hex, FALSE);
}

char *
mfc_tr_sha256_hex (const guint8 *data,
                   gsize         length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
}
