/* mfc-outbox-store.c
 *
 * The outbox's file: created private to the user, WAL, synchronous=FULL,
 * secure_delete, numbered migrations (as mfc-training-store.c does), and
 * one worker thread that runs the outbox's jobs in the order they were
 * pushed, each in one transaction.  The main context never touches the
 * connection after mfc_outbox_store_open().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-outbox"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "mfc-outbox-private.h"

#define SENT_KEPT_S  (24 * 3600)

struct _MfcOutboxStore
{
  sqlite3     *db;
  GThreadPool *worker;
};

/* Never edit a migration that has shipped: add a new one. */
static const char * const migrations[] = {
  /* 1: the queue */
  "CREATE TABLE entries ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL,"
  "  method TEXT NOT NULL,"
  "  path TEXT NOT NULL,"
  "  body TEXT,"
  "  if_match TEXT,"
  "  personal INTEGER NOT NULL,"
  "  owner_server TEXT NOT NULL,"
  "  owner_login TEXT NOT NULL,"
  "  depends_on INTEGER,"
  "  substitutions TEXT,"
  "  resolved INTEGER NOT NULL DEFAULT 0,"
  "  state TEXT NOT NULL CHECK (state IN ('pending', 'rejected', 'sent')),"
  "  created_at INTEGER NOT NULL,"
  "  sent_at INTEGER,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT,"
  "  error_domain TEXT,"
  "  error_code INTEGER,"
  "  error_status INTEGER,"
  "  error_server_code TEXT,"
  "  error_message TEXT,"
  "  error_fields TEXT,"
  "  error_etag TEXT,"
  "  answer TEXT);",
};

static const char * const state_names[] = { "pending", "rejected", "sent" };

static char *
fields_to_json (GHashTable *fields)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  GHashTableIter iter;
  gpointer name, message;

  if (fields == NULL || g_hash_table_size (fields) == 0)
    return NULL;

  object = json_object_new ();
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &name, &message))
    json_object_set_string_member (object, name, message);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  return json_to_string (node, FALSE);
}

static GHashTable *
fields_from_json (const char *text)
{
  g_autoptr(JsonNode) node = NULL;
  GHashTable *fields;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (text == NULL || (node = json_from_string (text, NULL)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &value))
    if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
      g_hash_table_insert (fields, g_strdup (name), g_strdup (json_node_get_string (value)));

  return fields;
}

static gboolean
set_storage_error (sqlite3     *db,
                   GError     **error,
                   const char  *what)
{
  g_set_error (error, MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_STORAGE,
               _("The queue of unsent writes cannot be saved on this computer: %s"),
               sqlite3_errmsg (db));
  g_warning ("%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
db_exec (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_storage_error (db, error, "exec");
  return TRUE;
}

static void
db_rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, index));
}

static char *
substitutions_to_json (GPtrArray *substitutions)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  if (substitutions->len == 0)
    return NULL;

  array = json_array_new ();
  for (guint i = 0; i < substitutions->len; i++)
    json_array_add_string_element (array, substitutions->pdata[i]);
  node = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);

  return json_to_string (node, FALSE);
}

static void
substitutions_from_json (GPtrArray  *substitutions,
                         const char *text)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  if (text == NULL || (node = json_from_string (text, NULL)) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (node))
    return;

  array = json_node_get_array (node);
  for (guint i = 0; i + 1 < json_array_get_length (array); i += 2)
    {
      g_ptr_array_add (substitutions, g_strdup (json_array_get_string_element (array, i)));
      g_ptr_array_add (substitutions, g_strdup (json_array_get_string_element (array, i + 1)));
    }
}

/* The columns every UPDATE writes, in bind order after the id. */
#define UPDATE_SQL \
  "UPDATE entries SET idempotency_key = ?2, body = ?3, resolved = ?4, state = ?5," \
  " sent_at = ?6, attempts = ?7, last_error = ?8, error_domain = ?9, error_code = ?10," \
  " error_status = ?11, error_server_code = ?12, error_message = ?13, error_fields = ?14," \
  " answer = ?15, error_etag = ?16 WHERE id = ?1"

static gboolean
db_update (sqlite3         *db,
           MfcOutboxEntry  *entry,
           GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *fields = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, UPDATE_SQL, -1, &stmt, NULL) != SQLITE_OK)
    return set_storage_error (db, error, "prepare update");

  sqlite3_bind_int64 (stmt, 1, entry->id);
  bind_text (stmt, 2, entry->key);
  bind_text (stmt, 3, entry->body);
  sqlite3_bind_int (stmt, 4, entry->resolved);
  bind_text (stmt, 5, state_names[entry->state]);
  if (entry->sent_at != 0)
    sqlite3_bind_int64 (stmt, 6, entry->sent_at);
  sqlite3_bind_int (stmt, 7, entry->attempts);
  bind_text (stmt, 8, entry->last_error);
  if (entry->error != NULL && entry->error->domain == MFC_CLIENT_ERROR)
    {
      fields = fields_to_json (mfc_client_error_get_fields (entry->error));
      bind_text (stmt, 9, "client");
      sqlite3_bind_int (stmt, 10, entry->error->code);
      sqlite3_bind_int (stmt, 11, mfc_client_error_get_status (entry->error));
      bind_text (stmt, 12, mfc_client_error_get_server_code (entry->error));
      bind_text (stmt, 13, mfc_client_error_get_server_message (entry->error));
      bind_text (stmt, 14, fields);
      bind_text (stmt, 16, mfc_client_error_get_etag (entry->error));
    }
  else if (entry->error != NULL)
    {
      bind_text (stmt, 9, "outbox");
      sqlite3_bind_int (stmt, 10, entry->error->code);
      bind_text (stmt, 13, entry->error->message);
    }
  bind_text (stmt, 15, entry->answer);

  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_storage_error (db, error, "update");

  return TRUE;
}

/* Fills in the dependency's row id from the key the caller named. */
static gboolean
db_insert (sqlite3         *db,
           MfcOutboxEntry  *entry,
           GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *substitutions = NULL;
  int rc;

  if (entry->depends_on != NULL)
    {
      gboolean same_owner = FALSE;

      if (sqlite3_prepare_v2 (db,
                              "SELECT id, owner_server = ? AND owner_login = ? FROM entries"
                              " WHERE idempotency_key = ?",
                              -1, &stmt, NULL) != SQLITE_OK)
        return set_storage_error (db, error, "prepare dependency");
      bind_text (stmt, 1, entry->owner_server);
      bind_text (stmt, 2, entry->owner_login);
      bind_text (stmt, 3, entry->depends_on);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          entry->depends_on_id = sqlite3_column_int64 (stmt, 0);
          same_owner = sqlite3_column_int (stmt, 1) != 0;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);

      if (entry->depends_on_id == 0 || !same_owner)
        {
          g_set_error_literal (error, MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_INVALID,
                               entry->depends_on_id == 0
                               ? _("The earlier write this one depends on is not in the queue.")
                               : _("The earlier write this one depends on belongs to another clerk."));
          return FALSE;
        }
    }

  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO entries (idempotency_key, kind, method, path, body, if_match,"
                          " personal, owner_server, owner_login, depends_on, substitutions, resolved,"
                          " state, created_at)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return set_storage_error (db, error, "prepare insert");

  substitutions = substitutions_to_json (entry->substitutions);
  bind_text (stmt, 1, entry->key);
  bind_text (stmt, 2, entry->kind);
  bind_text (stmt, 3, entry->method);
  bind_text (stmt, 4, entry->path);
  bind_text (stmt, 5, entry->body);
  bind_text (stmt, 6, entry->if_match);
  sqlite3_bind_int (stmt, 7, entry->personal);
  bind_text (stmt, 8, entry->owner_server);
  bind_text (stmt, 9, entry->owner_login);
  if (entry->depends_on_id != 0)
    sqlite3_bind_int64 (stmt, 10, entry->depends_on_id);
  bind_text (stmt, 11, substitutions);
  sqlite3_bind_int (stmt, 12, entry->depends_on_id == 0);
  sqlite3_bind_int64 (stmt, 13, entry->created_at);

  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_storage_error (db, error, "insert");

  entry->id = sqlite3_last_insert_rowid (db);
  entry->resolved = entry->depends_on_id == 0;

  return TRUE;
}

static gboolean
db_delete (sqlite3  *db,
           gint64    id,
           GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "DELETE FROM entries WHERE id = ?", -1, &stmt, NULL) != SQLITE_OK)
    return set_storage_error (db, error, "prepare delete");
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_storage_error (db, error, "delete");

  return TRUE;
}

static gboolean
job_run (sqlite3  *db,
         MfcOutboxJob      *job,
         GError  **error)
{
  /* IMMEDIATE: fail now, not at COMMIT, if another process holds the file. */
  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (job->insert != NULL && !db_insert (db, job->insert, error))
    goto fail;
  for (guint i = 0; job->updates != NULL && i < job->updates->len; i++)
    if (!db_update (db, job->updates->pdata[i], error))
      goto fail;
  for (guint i = 0; job->deletes != NULL && i < job->deletes->len; i++)
    if (!db_delete (db, g_array_index (job->deletes, gint64, i), error))
      goto fail;

  if (!db_exec (db, "COMMIT", error))
    goto fail;

  /* Leave no copy of erased pages in the WAL file (secure_delete already
   * zeroes them in the database file). */
  if (job->checkpoint &&
      sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
    return set_storage_error (db, error, "checkpoint");

  return TRUE;

fail:
  db_rollback (db);
  return FALSE;
}

static gboolean
migrate (sqlite3  *db,
         GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int current = 0;

  if (!db_exec (db,
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "  version INTEGER PRIMARY KEY,"
                "  applied_at INTEGER NOT NULL)",
                error))
    return FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT MAX(version) FROM schema_version", -1, &stmt, NULL) != SQLITE_OK)
    return set_storage_error (db, error, "prepare version");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    current = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (current > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_STORAGE,
                   _("The queue of unsent writes was made by a newer version of this program."));
      return FALSE;
    }

  for (int v = current + 1; v <= (int) G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *record = g_strdup_printf ("INSERT INTO schema_version (version, applied_at)"
                                                 " VALUES (%d, %" G_GINT64_FORMAT ")",
                                                 v, g_get_real_time () / G_USEC_PER_SEC);

      if (!db_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!db_exec (db, migrations[v - 1], error) ||
          !db_exec (db, record, error) ||
          !db_exec (db, "COMMIT", error))
        {
          db_rollback (db);
          g_prefix_error (error, "Migration %d: ", v);
          return FALSE;
        }
    }

  return TRUE;
}

/* Creates the file (and its folder) private to the user before SQLite
 * sees it; SQLite gives its -wal and -shm files the same mode. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  const char * const suffixes[] = { "", "-wal", "-shm" };
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      (fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
    {
      int saved = errno;

      g_set_error (error, MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_STORAGE,
                   _("The queue of unsent writes cannot be saved on this computer: %s"),
                   g_strerror (saved));
      return FALSE;
    }
  close (fd);

  /* A file left by an older version with a looser mode is tightened. */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      if (g_file_test (name, G_FILE_TEST_EXISTS))
        g_chmod (name, 0600);
    }

  return TRUE;
}

static MfcOutboxEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  MfcOutboxEntry *entry = mfc_outbox_entry_alloc ();
  const char *state = (const char *) sqlite3_column_text (stmt, 13);
  const char *domain = (const char *) sqlite3_column_text (stmt, 18);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->key = column_text (stmt, 1);
  entry->kind = column_text (stmt, 2);
  entry->method = column_text (stmt, 3);
  entry->path = column_text (stmt, 4);
  entry->body = column_text (stmt, 5);
  entry->if_match = column_text (stmt, 6);
  entry->personal = sqlite3_column_int (stmt, 7) != 0;
  entry->owner_server = column_text (stmt, 8);
  entry->owner_login = column_text (stmt, 9);
  entry->depends_on_id = sqlite3_column_int64 (stmt, 10);
  substitutions_from_json (entry->substitutions, (const char *) sqlite3_column_text (stmt, 11));
  entry->resolved = sqlite3_column_int (stmt, 12) != 0;
  entry->state = g_strcmp0 (state, "sent") == 0 ? MFC_OUTBOX_STATE_SENT
               : g_strcmp0 (state, "rejected") == 0 ? MFC_OUTBOX_STATE_REJECTED
               : MFC_OUTBOX_STATE_PENDING;
  entry->created_at = sqlite3_column_int64 (stmt, 14);
  entry->sent_at = sqlite3_column_int64 (stmt, 15);
  entry->attempts = sqlite3_column_int (stmt, 16);
  entry->last_error = column_text (stmt, 17);

  if (g_strcmp0 (domain, "client") == 0)
    {
      g_autoptr(GHashTable) fields = fields_from_json ((const char *) sqlite3_column_text (stmt, 23));

      entry->error = mfc_client_error_new_for_status (sqlite3_column_int (stmt, 20),
                                                      (const char *) sqlite3_column_text (stmt, 21),
                                                      (const char *) sqlite3_column_text (stmt, 22),
                                                      fields, 0,
                                                      (const char *) sqlite3_column_text (stmt, 25));
    }
  else if (g_strcmp0 (domain, "outbox") == 0)
    {
      entry->error = g_error_new_literal (MFC_OUTBOX_ERROR, sqlite3_column_int (stmt, 19),
                                          (const char *) sqlite3_column_text (stmt, 22));
    }
  entry->answer = column_text (stmt, 24);

  return entry;
}

MfcOutboxJob *
mfc_outbox_job_new (void)
{
  MfcOutboxJob *job = g_new0 (MfcOutboxJob, 1);

  job->updates = g_ptr_array_new_with_free_func ((GDestroyNotify) mfc_outbox_entry_unref);
  job->deletes = g_array_new (FALSE, FALSE, sizeof (gint64));

  return job;
}

void
mfc_outbox_job_free (gpointer data)
{
  MfcOutboxJob *job = data;

  g_clear_pointer (&job->insert, mfc_outbox_entry_unref);
  g_clear_pointer (&job->updates, g_ptr_array_unref);
  g_clear_pointer (&job->deletes, g_array_unref);
  g_free (job);
}

/* Saves a snapshot: the worker never reads what the main context changes. */
void
mfc_outbox_job_update (MfcOutboxJob   *job,
                       MfcOutboxEntry *entry)
{
  g_ptr_array_add (job->updates, mfc_outbox_entry_copy (entry));
}

/* The worker thread */
static void
worker_cb (gpointer data,
           gpointer user_data)
{
  GTask *task = data;
  MfcOutboxStore *store = user_data;
  MfcOutboxJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (job_run (store->db, job, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);

  g_object_unref (task);
}

/**
 * mfc_outbox_store_open:
 * @entries: gets every row, oldest first
 *
 * Opens (or creates, or upgrades) the file on the calling thread.
 */
MfcOutboxStore *
mfc_outbox_store_open (const char  *path,
                       GPtrArray   *entries,
                       GError     **error)
{
  MfcOutboxStore *store;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *prune = NULL;

  if (!create_private_file (path, error))
    return NULL;

  store = g_new0 (MfcOutboxStore, 1);
  if (sqlite3_open_v2 (path, &store->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_STORAGE,
                   _("The queue of unsent writes cannot be opened: %s"),
                   store->db != NULL ? sqlite3_errmsg (store->db) : g_strerror (ENOMEM));
      goto fail;
    }

  sqlite3_busy_timeout (store->db, 5000);
  sqlite3_extended_result_codes (store->db, 1);

  /* FULL: a commit is on the disk (the WAL fsynced) before enqueue says
   * "queued".  secure_delete: erased rows are overwritten, not left in
   * free pages. */
  if (!db_exec (store->db,
                "PRAGMA journal_mode = WAL;"
                "PRAGMA synchronous = FULL;"
                "PRAGMA secure_delete = ON;",
                error) ||
      !migrate (store->db, error))
    goto fail;

  /* Sent entries are kept a day (the service keeps its keys as long),
   * unless a write still waiting needs their answer. */
  prune = g_strdup_printf ("DELETE FROM entries WHERE state = 'sent' AND sent_at < %" G_GINT64_FORMAT
                           " AND id NOT IN (SELECT depends_on FROM entries WHERE state != 'sent'"
                           " AND depends_on IS NOT NULL AND resolved = 0)",
                           g_get_real_time () / G_USEC_PER_SEC - SENT_KEPT_S);
  if (!db_exec (store->db, prune, error))
    goto fail;

  if (sqlite3_prepare_v2 (store->db,
                          "SELECT id, idempotency_key, kind, method, path, body, if_match, personal,"
                          " owner_server, owner_login, depends_on, substitutions, resolved, state,"
                          " created_at, sent_at, attempts, last_error, error_domain, error_code,"
                          " error_status, error_server_code, error_message, error_fields, answer,"
                          " error_etag FROM entries ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_storage_error (store->db, error, "prepare load");
      goto fail;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));
  sqlite3_finalize (stmt);

  /* One thread, so jobs run in the order they were pushed. */
  store->worker = g_thread_pool_new (worker_cb, store, 1, FALSE, NULL);

  return store;

fail:
  mfc_outbox_store_free (store);
  return NULL;
}

/**
 * mfc_outbox_store_push:
 * @task: (transfer full): its task data is the #MfcOutboxJob; it returns
 *   a boolean, or the error
 */
void
mfc_outbox_store_push (MfcOutboxStore *store,
                       GTask          *task)
{
  g_thread_pool_push (store->worker, task, NULL);
}

/* Waits for the jobs already pushed. */
void
mfc_outbox_store_free (MfcOutboxStore *store)
{
  if (store == NULL)
    return;

  if (store->worker != NULL)
    g_thread_pool_free (store->worker, FALSE, TRUE);
  if (store->db != NULL)
    sqlite3_close_v2 (store->db);
  g_free (store);
}
