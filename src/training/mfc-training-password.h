/* mfc-training-password.h — password hashes, random tokens and digests of
 * the training server.  Not installed, not for other features.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *mfc_tr_password_hash   (const char   *password);
gboolean  mfc_tr_password_verify (const char   *password,
                                  const char   *hash);
char     *mfc_tr_random_hex      (gsize         n_bytes);
char     *mfc_tr_sha256_hex      (const guint8 *data,
                                  gsize         length);

G_END_DECLS
