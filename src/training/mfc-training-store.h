/* mfc-training-store.h — the training server's SQLite database: opening,
 * numbered migrations, small helpers around prepared statements.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define MFC_TRAINING_STORE_ERROR (mfc_training_store_error_quark ())
GQuark mfc_training_store_error_quark (void);

typedef enum {
  MFC_TRAINING_STORE_ERROR_OPEN,
  MFC_TRAINING_STORE_ERROR_SQL,
  MFC_TRAINING_STORE_ERROR_SCHEMA,
} MfcTrainingStoreError;

typedef struct _MfcTrainingStore MfcTrainingStore;

/* Keeps the trigram index of tickets.search_lc up to date (a ticket's
 * search text never changes after its insert); the seed drops it during
 * its bulk load and fills the index in one statement. */
#define MFC_TRAINING_TICKETS_SEARCH_TRIGGER \
  "CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets BEGIN" \
  " INSERT INTO tickets_search (rowid, search_lc) VALUES (new.id, new.search_lc); END"

MfcTrainingStore *mfc_training_store_open          (const char        *path,
                                                    GError           **error);
MfcTrainingStore *mfc_training_store_open_reader   (const char        *path,
                                                    GError           **error);
void              mfc_training_store_free          (MfcTrainingStore  *store);
sqlite3          *mfc_training_store_get_db        (MfcTrainingStore  *store);
int               mfc_training_store_get_version   (MfcTrainingStore  *store);
int               mfc_training_store_latest_version (void);

gboolean          mfc_training_store_exec          (MfcTrainingStore  *store,
                                                    const char        *sql,
                                                    GError           **error);
sqlite3_stmt     *mfc_training_store_prepare       (MfcTrainingStore  *store,
                                                    const char        *sql,
                                                    GError           **error);
sqlite3_stmt     *mfc_training_store_cached        (MfcTrainingStore  *store,
                                                    const char        *sql);
void              mfc_training_store_release_cached (MfcTrainingStore *store);
gboolean          mfc_training_store_begin         (MfcTrainingStore  *store,
                                                    GError           **error);
gboolean          mfc_training_store_commit        (MfcTrainingStore  *store,
                                                    GError           **error);
void              mfc_training_store_rollback      (MfcTrainingStore  *store);
gboolean          mfc_training_store_in_transaction (MfcTrainingStore *store);

/* Deletes every row of every table (the schema stays); the first in its
 * own transaction, the second inside the caller's. */
gboolean          mfc_training_store_delete_rows   (MfcTrainingStore  *store,
                                                    GError           **error);
gboolean          mfc_training_store_clear         (MfcTrainingStore  *store,
                                                    GError           **error);

/* Convenience for one-value queries; bind with sqlite3_bind_* before. */
gint64            mfc_training_store_query_int     (MfcTrainingStore  *store,
                                                    const char        *sql,
                                                    gint64             fallback);

/* The form the search columns hold, and searches look for: lower case. */
char             *mfc_training_store_fold          (const char        *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfcTrainingStore, mfc_training_store_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
