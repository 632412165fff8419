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

/* Keeps the trigram index of tickets.search_lc (the folded number and
 * description, see mfc_training_store_ticket_search()) up to date: a
 * ticket's search text never changes after its insert.  The seed drops
 * every trigger during its bulk load, fills the indexes and counters in
 * one statement each and creates the triggers again. */
#define MFC_TRAINING_TICKETS_SEARCH_TRIGGER \
  "CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets BEGIN" \
  " INSERT INTO tickets_search (rowid, search_lc) VALUES (new.id, new.search_lc); END"

/* The applicants' names in a trigram index over applicants.full_name_lc
 * (external content: the index holds no copy).  Applicants are never
 * deleted one by one; a clear empties the index with 'delete-all'. */
#define MFC_TRAINING_APPLICANTS_SEARCH_TRIGGERS \
  "CREATE TRIGGER applicants_search_insert AFTER INSERT ON applicants BEGIN" \
  " INSERT INTO applicants_search (rowid, full_name_lc) VALUES (new.id, new.full_name_lc); END;" \
  "CREATE TRIGGER applicants_search_update AFTER UPDATE OF full_name_lc ON applicants BEGIN" \
  " INSERT INTO applicants_search (applicants_search, rowid, full_name_lc)" \
  "  VALUES ('delete', old.id, old.full_name_lc);" \
  " INSERT INTO applicants_search (rowid, full_name_lc) VALUES (new.id, new.full_name_lc); END"

/* The status chips' counters: tickets by (type, status, channel,
 * priority) and by (office, type, status), kept by triggers in the
 * transaction of every insert, update and delete of a ticket. */
#define MFC_TRAINING_TICKET_COUNTS_FILL \
  "DELETE FROM ticket_counts;" \
  "DELETE FROM ticket_office_counts;" \
  "INSERT INTO ticket_counts (type, status, channel, priority, n)" \
  " SELECT type, status, channel, priority, count(*) FROM tickets GROUP BY 1, 2, 3, 4;" \
  "INSERT INTO ticket_office_counts (office_id, type, status, n)" \
  " SELECT office_id, type, status, count(*) FROM tickets GROUP BY 1, 2, 3"

#define MFC_TRAINING_TICKET_COUNTS_ADD_NEW \
  " INSERT INTO ticket_counts (type, status, channel, priority, n)" \
  "  VALUES (new.type, new.status, new.channel, new.priority, 1)" \
  "  ON CONFLICT DO UPDATE SET n = n + 1;" \
  " INSERT INTO ticket_office_counts (office_id, type, status, n)" \
  "  VALUES (new.office_id, new.type, new.status, 1)" \
  "  ON CONFLICT DO UPDATE SET n = n + 1;"
#define MFC_TRAINING_TICKET_COUNTS_SUB_OLD \
  " UPDATE ticket_counts SET n = n - 1 WHERE type = old.type AND status = old.status" \
  "  AND channel = old.channel AND priority = old.priority;" \
  " UPDATE ticket_office_counts SET n = n - 1 WHERE office_id = old.office_id" \
  "  AND type = old.type AND status = old.status;"
#define MFC_TRAINING_TICKET_COUNTS_TRIGGERS \
  "CREATE TRIGGER ticket_counts_insert AFTER INSERT ON tickets BEGIN" \
  MFC_TRAINING_TICKET_COUNTS_ADD_NEW " END;" \
  "CREATE TRIGGER ticket_counts_delete AFTER DELETE ON tickets BEGIN" \
  MFC_TRAINING_TICKET_COUNTS_SUB_OLD " END;" \
  "CREATE TRIGGER ticket_counts_update AFTER UPDATE OF type, status, channel, priority, office_id" \
  " ON tickets BEGIN" MFC_TRAINING_TICKET_COUNTS_SUB_OLD MFC_TRAINING_TICKET_COUNTS_ADD_NEW " END"

MfcTrainingStore *mfc_training_store_open          (const char        *path,
                                                    GError           **error);
MfcTrainingStore *mfc_training_store_open_reader   (const char        *path,
                                                    GError           **error);
void              mfc_training_store_free          (MfcTrainingStore  *store);
gboolean          mfc_training_store_leave_wal     (MfcTrainingStore  *store);
gboolean          mfc_training_store_use_wal       (MfcTrainingStore  *store,
                                                    GError           **error);
void              mfc_training_store_remove_files  (const char        *path);
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
char             *mfc_training_store_ticket_search (const char *number,
                                                    const char *description);
char             *mfc_training_store_fold          (const char        *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfcTrainingStore, mfc_training_store_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
