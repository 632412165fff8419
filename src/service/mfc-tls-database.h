/* mfc-tls-database.h — the system trust store plus one CA file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MFC_TYPE_TLS_DATABASE (mfc_tls_database_get_type ())
G_DECLARE_FINAL_TYPE (MfcTlsDatabase, mfc_tls_database, MFC, TLS_DATABASE, GTlsDatabase)

GTlsDatabase *mfc_tls_database_new (const char  *ca_file,
                                    GError     **error);

G_END_DECLS
