/* mfc-secret-store.h — the session token in the system keyring, and
 * nowhere else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void      mfc_secret_store_save_async    (const char           *server,
                                          const char           *login,
                                          const char           *token,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean  mfc_secret_store_save_finish   (GAsyncResult         *result,
                                          GError              **error);
void      mfc_secret_store_lookup_async  (const char           *server,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean  mfc_secret_store_lookup_finish (GAsyncResult         *result,
                                          char                **login,
                                          char                **token,
                                          GError              **error);
void      mfc_secret_store_clear_async   (const char           *server,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean  mfc_secret_store_clear_finish  (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
