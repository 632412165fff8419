/* mfc-training-store.c
 *
 * The training server keeps everything in one SQLite file: WAL so readers
 * never wait for the writer, foreign keys on, a busy timeout so a second
 * process (the class's server and a CLI reset) waits instead of failing.
 * The schema grows by numbered migrations; schema_version remembers how far
 * a file got, so an old training database is upgraded in place.
 *
 * Times are stored as Unix seconds (UTC); dates that belong to an office
 * (due dates, creation dates) as 'YYYY-MM-DD' text in that office's zone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include <glib/gstdio.h>

#include "mfc-training-store.h"

struct _MfcTrainingStore
{
  sqlite3    *db;
  char       *path;
  GHashTable *cache;     /* SQL text → sqlite3_stmt, owned */
  gboolean    reader;
};

G_DEFINE_QUARK (mfc-training-store-error-quark, mfc_training_store_error)

/* Never edit a migration that has shipped: add a new one. */
static const char * const migrations[] = {
  /* 1: the whole first schema */
  "CREATE TABLE offices ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  name_lc TEXT NOT NULL,"
  "  address TEXT NOT NULL,"
  "  phone TEXT NOT NULL,"
  "  lat REAL NOT NULL,"
  "  lon REAL NOT NULL,"
  "  timezone TEXT NOT NULL,"
  "  windows_total INTEGER NOT NULL,"
  "  windows_open INTEGER NOT NULL,"
  "  booking_windows INTEGER NOT NULL,"
  "  waiting INTEGER NOT NULL,"
  "  average_wait_minutes INTEGER NOT NULL,"
  "  online_booking INTEGER NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX offices_by_name ON offices (name, id);"
  "CREATE INDEX offices_by_lat ON offices (lat, lon);"
  "CREATE TABLE office_hours ("
  "  office_id INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,"
  "  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),"
  "  open_min INTEGER NOT NULL,"
  "  close_min INTEGER NOT NULL,"
  "  break_start_min INTEGER,"
  "  break_end_min INTEGER,"
  "  PRIMARY KEY (office_id, weekday)) WITHOUT ROWID;"
  "CREATE TABLE users ("
  "  id INTEGER PRIMARY KEY,"
  "  login TEXT NOT NULL UNIQUE,"
  "  full_name TEXT NOT NULL,"
  "  search_lc TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'trainer')),"
  "  office_id INTEGER REFERENCES offices (id),"
  "  password_hash TEXT NOT NULL,"
  "  otp_required INTEGER NOT NULL DEFAULT 0,"
  "  failed_logins INTEGER NOT NULL DEFAULT 0,"
  "  locked_until INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX users_by_name ON users (full_name, id);"
  "CREATE TABLE sessions ("
  "  token_sha256 TEXT PRIMARY KEY,"
  "  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL);"
  "CREATE TABLE login_attempts ("
  "  id INTEGER PRIMARY KEY,"
  "  user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,"
  "  at INTEGER NOT NULL,"
  "  outcome TEXT NOT NULL);"
  "CREATE TABLE service_categories ("
  "  id TEXT PRIMARY KEY,"
  "  title TEXT NOT NULL);"
  "CREATE TABLE services ("
  "  id INTEGER PRIMARY KEY,"
  "  title TEXT NOT NULL,"
  "  title_lc TEXT NOT NULL,"
  "  category_id TEXT NOT NULL REFERENCES service_categories (id),"
  "  deadline_working_days INTEGER NOT NULL CHECK (deadline_working_days >= 1),"
  "  bookable INTEGER NOT NULL,"
  "  duration_minutes INTEGER NOT NULL,"
  "  buffer_minutes INTEGER NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX services_by_title ON services (title, id);"
  "CREATE TABLE service_documents ("
  "  service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  title TEXT NOT NULL,"
  "  mandatory INTEGER NOT NULL,"
  "  PRIMARY KEY (service_id, position)) WITHOUT ROWID;"
  "CREATE TABLE office_services ("
  "  office_id INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,"
  "  service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (office_id, service_id)) WITHOUT ROWID;"
  "CREATE INDEX office_services_by_service ON office_services (service_id, office_id);"
  "CREATE TABLE applicants ("
  "  id INTEGER PRIMARY KEY,"
  "  surname TEXT NOT NULL,"
  "  given_name TEXT NOT NULL,"
  "  patronymic TEXT,"
  "  full_name TEXT NOT NULL,"
  "  full_name_lc TEXT NOT NULL,"
  "  birth_date TEXT NOT NULL,"
  "  snils TEXT NOT NULL UNIQUE,"
  "  inn TEXT,"
  "  passport_series TEXT NOT NULL,"
  "  passport_number TEXT NOT NULL,"
  "  passport_issued_by TEXT NOT NULL,"
  "  passport_issue_date TEXT NOT NULL,"
  "  passport_division_code TEXT NOT NULL,"
  "  phone TEXT NOT NULL,"
  "  email TEXT,"
  "  address TEXT,"
  "  consent_given INTEGER NOT NULL CHECK (consent_given = 1),"
  "  consent_given_at INTEGER NOT NULL,"
  "  consent_clerk_id INTEGER NOT NULL REFERENCES users (id),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX applicants_by_name ON applicants (surname, given_name, patronymic, id);"
  "CREATE INDEX applicants_by_passport ON applicants (passport_series, passport_number);"
  "CREATE INDEX applicants_by_phone ON applicants (phone);"
  "CREATE TABLE ticket_numbers ("
  "  year INTEGER PRIMARY KEY,"
  "  last INTEGER NOT NULL);"
  "CREATE TABLE tickets ("
  "  id INTEGER PRIMARY KEY,"
  "  number TEXT NOT NULL UNIQUE,"
  "  type TEXT NOT NULL CHECK (type IN ('application', 'request', 'complaint', 'suggestion')),"
  "  status TEXT NOT NULL CHECK (status IN ('accepted', 'in_progress', 'in_approval',"
  "                                         'awaiting_documents', 'approved', 'rejected')),"
  "  applicant_id INTEGER NOT NULL REFERENCES applicants (id),"
  "  service_id INTEGER REFERENCES services (id),"
  "  office_id INTEGER NOT NULL REFERENCES offices (id),"
  "  assignee_id INTEGER REFERENCES users (id),"
  "  description TEXT,"
  "  search_lc TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  created_date TEXT NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  due_date TEXT NOT NULL,"
  "  paused_on TEXT,"
  "  version INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX tickets_by_created ON tickets (created_at, id);"
  "CREATE INDEX tickets_by_due ON tickets (due_date, id);"
  "CREATE INDEX tickets_by_status ON tickets (status, created_at, id);"
  "CREATE INDEX tickets_by_assignee ON tickets (assignee_id, created_at, id);"
  "CREATE INDEX tickets_by_applicant ON tickets (applicant_id);"
  "CREATE TABLE ticket_history ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,"
  "  from_status TEXT,"
  "  to_status TEXT NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  user_id INTEGER NOT NULL REFERENCES users (id),"
  "  comment TEXT,"
  "  reason TEXT);"
  "CREATE INDEX ticket_history_by_ticket ON ticket_history (ticket_id, id);"
  "CREATE TABLE ticket_comments ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('comment', 'escalation')),"
  "  author_id INTEGER NOT NULL REFERENCES users (id),"
  "  at INTEGER NOT NULL,"
  "  text TEXT NOT NULL);"
  "CREATE INDEX ticket_comments_by_ticket ON ticket_comments (ticket_id, id);"
  "CREATE TABLE documents ("
  "  id INTEGER PRIMARY KEY,"
  "  filename TEXT NOT NULL,"
  "  title TEXT,"
  "  content_type TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  content BLOB NOT NULL,"
  "  uploaded_at INTEGER NOT NULL,"
  "  uploaded_by INTEGER NOT NULL REFERENCES users (id),"
  "  version INTEGER NOT NULL DEFAULT 1);"
  "CREATE TABLE ticket_documents ("
  "  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,"
  "  document_id INTEGER NOT NULL REFERENCES documents (id),"
  "  position INTEGER NOT NULL,"
  "  PRIMARY KEY (ticket_id, document_id)) WITHOUT ROWID;"
  "CREATE TABLE appointments ("
  "  id INTEGER PRIMARY KEY,"
  "  talon_code TEXT NOT NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'no_show', 'done')),"
  "  office_id INTEGER NOT NULL REFERENCES offices (id),"
  "  service_id INTEGER NOT NULL REFERENCES services (id),"
  "  applicant_id INTEGER NOT NULL REFERENCES applicants (id),"
  "  start_at INTEGER NOT NULL,"
  "  end_at INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  created_by INTEGER NOT NULL REFERENCES users (id),"
  "  updated_at INTEGER NOT NULL,"
  "  cancelled_at INTEGER,"
  "  cancelled_by INTEGER REFERENCES users (id),"
  "  cancel_reason TEXT,"
  "  version INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX appointments_by_office ON appointments (office_id, start_at);"
  "CREATE INDEX appointments_by_start ON appointments (start_at, id);"
  "CREATE INDEX appointments_by_applicant ON appointments (applicant_id, start_at);"
  /* The primary key is what makes two concurrent requests with one key
   * produce one row: the second INSERT fails and its transaction rolls back. */
  "CREATE TABLE idempotency_keys ("
  "  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  key TEXT NOT NULL,"
  "  method TEXT NOT NULL,"
  "  path TEXT NOT NULL,"
  "  request_sha256 TEXT NOT NULL,"
  "  status INTEGER NOT NULL,"
  "  content_type TEXT,"
  "  body BLOB,"
  "  etag TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (user_id, key));",

  /* 2: an office's tickets without a scan (the office filter of lists) */
  "CREATE INDEX tickets_by_office ON tickets (office_id, created_at, id);",

  /* 3: arrival channel and priority, the handing over of the result, the
   * automatic escalation of overdue tickets, the notices sent to the
   * applicant (kept, not sent), the applicant's notification channel. */
  "ALTER TABLE tickets ADD COLUMN channel TEXT NOT NULL DEFAULT 'in_person'"
  "  CHECK (channel IN ('in_person', 'phone', 'portal', 'mail'));"
  "ALTER TABLE tickets ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal'"
  "  CHECK (priority IN ('normal', 'high', 'urgent'));"
  "ALTER TABLE tickets ADD COLUMN handed_over_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN handed_over_by INTEGER REFERENCES users (id);"
  "ALTER TABLE tickets ADD COLUMN escalated_at INTEGER;"
  "ALTER TABLE ticket_history ADD COLUMN kind TEXT NOT NULL DEFAULT 'transition'"
  "  CHECK (kind IN ('transition', 'escalation', 'handover'));"
  "ALTER TABLE applicants ADD COLUMN notify_channel TEXT"
  "  CHECK (notify_channel IN ('sms', 'email', 'none'));"
  "CREATE TABLE ticket_notices ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,"
  "  channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),"
  "  kind TEXT NOT NULL CHECK (kind IN ('status_changed', 'documents_missing', 'result_ready')),"
  "  text TEXT NOT NULL,"
  "  sent_at INTEGER NOT NULL);"
  "CREATE INDEX ticket_notices_by_ticket ON ticket_notices (ticket_id, id);"
  /* The open tickets not yet escalated, by due date: what the escalation
   * check scans (a handful of rows, not the open million). */
  "CREATE INDEX tickets_to_escalate ON tickets (due_date)"
  "  WHERE escalated_at IS NULL AND status IN ('accepted', 'in_progress', 'in_approval');",

  /* 4: every list shape through an index (chosen with EXPLAIN QUERY PLAN,
   * asserted by tests/service/test-training-plans.c), and a trigram index
   * of the search text for q (number fragments, names, descriptions). */
  "CREATE INDEX tickets_by_status_due ON tickets (status, due_date, id);"
  "CREATE INDEX tickets_open_by_due ON tickets (due_date, id, status, paused_on)"
  "  WHERE status IN ('accepted', 'in_progress', 'in_approval', 'awaiting_documents');"
  "CREATE INDEX tickets_by_type ON tickets (type, created_at, id);"
  "DROP INDEX tickets_by_applicant;"
  "CREATE INDEX tickets_by_applicant ON tickets (applicant_id, created_at, id);"
  "CREATE VIRTUAL TABLE tickets_search USING fts5 (search_lc, content='', detail=none,"
  "  tokenize='trigram');"
  "INSERT INTO tickets_search (rowid, search_lc) SELECT id, search_lc FROM tickets;"
  "CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets BEGIN"
  " INSERT INTO tickets_search (rowid, search_lc) VALUES (new.id, new.search_lc); END;",

  /* 5: an office's district, and one folded text of its name, address and
   * district for the office search */
  "ALTER TABLE offices ADD COLUMN district TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE offices ADD COLUMN search_lc TEXT NOT NULL DEFAULT '';",

  /* 6: q through two small trigram indexes instead of one big one: a
   * ticket's search text is its number and description only, and the
   * applicant's name (the current one, as the ticket shows it) is found
   * among the 100 000 applicants, then their tickets by applicant.  The
   * status chips' counts come from counters kept by triggers, in the
   * transaction of every write. */
  "DROP TRIGGER tickets_search_insert;"
  "DROP TABLE tickets_search;"
  "UPDATE tickets SET search_lc = mfc_fold (number || char(31) || coalesce (description, ''));"
  "CREATE VIRTUAL TABLE tickets_search USING fts5 (search_lc, content='', detail=none,"
  "  tokenize='trigram');"
  "INSERT INTO tickets_search (rowid, search_lc) SELECT id, search_lc FROM tickets;"
  MFC_TRAINING_TICKETS_SEARCH_TRIGGER ";"
  "CREATE VIRTUAL TABLE applicants_search USING fts5 (full_name_lc, content='applicants',"
  "  content_rowid='id', detail=none, tokenize='trigram');"
  "INSERT INTO applicants_search (applicants_search) VALUES ('rebuild');"
  MFC_TRAINING_APPLICANTS_SEARCH_TRIGGERS ";"
  "CREATE TABLE ticket_counts ("
  "  type TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  channel TEXT NOT NULL,"
  "  priority TEXT NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  PRIMARY KEY (type, status, channel, priority)) WITHOUT ROWID;"
  "CREATE TABLE ticket_office_counts ("
  "  office_id INTEGER NOT NULL,"
  "  type TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  PRIMARY KEY (office_id, type, status)) WITHOUT ROWID;"
  MFC_TRAINING_TICKET_COUNTS_FILL ";"
  MFC_TRAINING_TICKET_COUNTS_TRIGGERS ";",

  /* 7: the status chips' counts of the shapes the counters do not hold
   * («просроченные», «мои») from the index alone: the status and the
   * pause date in the index by status and due date, the status in the
   * index by assignee (the same leading columns, so the lists' plans
   * stay). */
  "DROP INDEX tickets_by_status_due;"
  "CREATE INDEX tickets_by_status_due ON tickets (status, due_date, id, paused_on);"
  "DROP INDEX tickets_by_assignee;"
  "CREATE INDEX tickets_by_assignee ON tickets (assignee_id, created_at, id, status);",

  /* 8: the overdue and at-risk lists in the default order (newest first)
   * walk the open tickets by creation and test each one in the index
   * (status, due and pause dates, service, type): a tenth of the open
   * tickets is overdue on the large seed, so a page comes after a few
   * hundred entries, where the index by status and due date read and
   * sorted all 91 000 of them (0.2–0.5 s). */
  "CREATE INDEX tickets_open_by_created ON tickets"
  "  (created_at, id, status, due_date, paused_on, service_id, type)"
  "  WHERE status IN ('accepted', 'in_progress', 'in_approval', 'awaiting_documents');",

  /* 9: the status chips of one service's tickets, and of a period, from
   * an index alone (0.6–0.8 s of counting rows each on the large seed);
   * a service's list reads its run of the first (a few per cent of the
   * tickets, every sort key and the type in it) and keeps the page's
   * first, a period's the second. */
  "CREATE INDEX tickets_by_service ON tickets"
  "  (service_id, status, created_at, id, due_date, type, number);"
  "CREATE INDEX tickets_by_created_date ON tickets (created_date, status);",
};

/* Children first, so a clear never trips a foreign key. */
static const char * const all_tables[] = {
  "ticket_counts", "ticket_office_counts", "ticket_notices", "idempotency_keys", "appointments", "ticket_documents", "documents",
  "ticket_comments", "ticket_history", "tickets", "ticket_numbers",
  "applicants", "office_services", "service_documents", "services",
  "service_categories", "login_attempts", "sessions", "users",
  "office_hours", "offices",
};

/* mfc_fold (text): mfc_training_store_fold() in SQL (migration 6 folds
 * the stored search texts with it; SQLite's lower() is ASCII only). */
static void
sql_fold (sqlite3_context  *context,
          int               argc,
          sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  sqlite3_result_text (context, mfc_training_store_fold (text), -1, g_free);
}

static void
add_functions (sqlite3 *db)
{
  sqlite3_create_function_v2 (db, "mfc_fold", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, sql_fold, NULL, NULL, NULL);
}

static gboolean
set_sql_error (MfcTrainingStore  *store,
               GError           **error,
               const char        *what)
{
  g_set_error (error, MFC_TRAINING_STORE_ERROR, MFC_TRAINING_STORE_ERROR_SQL,
               "%s: %s", what, sqlite3_errmsg (store->db));
  return FALSE;
}

gboolean
mfc_training_store_exec (MfcTrainingStore  *store,
                         const char        *sql,
                         GError           **error)
{
  char *message = NULL;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  if (sqlite3_exec (store->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, MFC_TRAINING_STORE_ERROR, MFC_TRAINING_STORE_ERROR_SQL,
                   "%s", message != NULL ? message : sqlite3_errmsg (store->db));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

sqlite3_stmt *
mfc_training_store_prepare (MfcTrainingStore  *store,
                            const char        *sql,
                            GError           **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sql_error (store, error, "prepare");
      g_warning ("Cannot prepare SQL: %s: %s", sqlite3_errmsg (store->db), sql);
      return NULL;
    }

  return stmt;
}

/**
 * mfc_training_store_cached:
 * @store: a store
 * @sql: a constant SQL text (the cache is keyed by its address's text)
 *
 * A prepared statement of this connection's cache, reset and with its
 * bindings cleared: the caller binds, steps and reads it, and must not
 * finalize it.  Reset it when done (mfc_training_store_release_cached()
 * resets every one after each request anyway), so that no statement keeps
 * a read snapshot open.  Not re-entrant for one @sql.
 *
 * Returns: (transfer none) (nullable): the statement, %NULL on an SQL error
 */
sqlite3_stmt *
mfc_training_store_cached (MfcTrainingStore *store,
                           const char       *sql)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (store->cache, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      g_warning ("Cannot prepare SQL: %s: %s", sqlite3_errmsg (store->db), sql);
      return NULL;
    }
  g_hash_table_insert (store->cache, g_strdup (sql), stmt);

  return stmt;
}

/* Resets every cached statement: no read snapshot stays open. */
void
mfc_training_store_release_cached (MfcTrainingStore *store)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (store != NULL);

  g_hash_table_iter_init (&iter, store->cache);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    sqlite3_reset (value);
}

gint64
mfc_training_store_query_int (MfcTrainingStore *store,
                              const char       *sql,
                              gint64            fallback)
{
  sqlite3_stmt *stmt;
  gint64 value = fallback;

  g_return_val_if_fail (store != NULL, fallback);

  stmt = mfc_training_store_prepare (store, sql, NULL);
  if (stmt == NULL)
    return fallback;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

int
mfc_training_store_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

int
mfc_training_store_get_version (MfcTrainingStore *store)
{
  g_return_val_if_fail (store != NULL, 0);

  return (int) mfc_training_store_query_int (store,
                                             "SELECT MAX(version) FROM schema_version", 0);
}

gboolean
mfc_training_store_begin (MfcTrainingStore  *store,
                          GError           **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  /* IMMEDIATE takes the write lock now, so two writers queue on
   * busy_timeout instead of failing with SQLITE_BUSY at COMMIT. */
  return mfc_training_store_exec (store, "BEGIN IMMEDIATE", error);
}

gboolean
mfc_training_store_commit (MfcTrainingStore  *store,
                           GError           **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return mfc_training_store_exec (store, "COMMIT", error);
}

void
mfc_training_store_rollback (MfcTrainingStore *store)
{
  g_return_if_fail (store != NULL);

  if (!sqlite3_get_autocommit (store->db))
    sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
mfc_training_store_in_transaction (MfcTrainingStore *store)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return !sqlite3_get_autocommit (store->db);
}

static gboolean
migrate (MfcTrainingStore  *store,
         GError           **error)
{
  int current;

  if (!mfc_training_store_exec (store,
                                "CREATE TABLE IF NOT EXISTS schema_version ("
                                "  version INTEGER PRIMARY KEY,"
                                "  applied_at INTEGER NOT NULL)",
                                error))
    return FALSE;

  current = mfc_training_store_get_version (store);
  if (current > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, MFC_TRAINING_STORE_ERROR, MFC_TRAINING_STORE_ERROR_SCHEMA,
                   "The database %s has schema version %d, newer than this program (%d)",
                   store->path, current, (int) G_N_ELEMENTS (migrations));
      return FALSE;
    }

  for (int v = current + 1; v <= (int) G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *record = NULL;

      if (!mfc_training_store_begin (store, error))
        return FALSE;

      record = g_strdup_printf ("INSERT INTO schema_version (version, applied_at) "
                                "VALUES (%d, %" G_GINT64_FORMAT ")",
                                v, g_get_real_time () / G_USEC_PER_SEC);
      if (!mfc_training_store_exec (store, migrations[v - 1], error) ||
          !mfc_training_store_exec (store, record, error) ||
          !mfc_training_store_commit (store, error))
        {
          mfc_training_store_rollback (store);
          g_prefix_error (error, "Migration %d: ", v);
          return FALSE;
        }
    }

  return TRUE;
}

MfcTrainingStore *
mfc_training_store_open (const char  *path,
                         GError     **error)
{
  g_autoptr(MfcTrainingStore) store = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  store = g_new0 (MfcTrainingStore, 1);
  store->path = g_strdup (path);
  store->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) sqlite3_finalize);

  if (sqlite3_open_v2 (path, &store->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, MFC_TRAINING_STORE_ERROR, MFC_TRAINING_STORE_ERROR_OPEN,
                   "Cannot open the training database %s: %s", path,
                   store->db != NULL ? sqlite3_errmsg (store->db) : "out of memory");
      return NULL;
    }

  sqlite3_busy_timeout (store->db, 5000);
  sqlite3_extended_result_codes (store->db, 1);
  add_functions (store->db);

  if (!mfc_training_store_exec (store,
                                "PRAGMA journal_mode = WAL;"
                                "PRAGMA synchronous = NORMAL;"
                                "PRAGMA foreign_keys = ON;"
                                "PRAGMA temp_store = MEMORY;"
                                "PRAGMA cache_size = -16384;",
                                error))
    return NULL;

  if (!migrate (store, error))
    return NULL;

  return g_steal_pointer (&store);
}

/**
 * mfc_training_store_open_reader:
 * @path: the SQLite file, already opened (and migrated) by a writer
 * @error: return location for an error
 *
 * Another connection to the same file, read-only: with WAL it reads the
 * last committed state while the writer writes.  One thread at a time.
 *
 * Returns: (transfer full) (nullable): the reader, %NULL on error
 */
MfcTrainingStore *
mfc_training_store_open_reader (const char  *path,
                                GError     **error)
{
  g_autoptr(MfcTrainingStore) store = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  store = g_new0 (MfcTrainingStore, 1);
  store->path = g_strdup (path);
  store->reader = TRUE;
  store->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) sqlite3_finalize);

  if (sqlite3_open_v2 (path, &store->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, MFC_TRAINING_STORE_ERROR, MFC_TRAINING_STORE_ERROR_OPEN,
                   "Cannot open the training database %s to read: %s", path,
                   store->db != NULL ? sqlite3_errmsg (store->db) : "out of memory");
      return NULL;
    }
  sqlite3_busy_timeout (store->db, 5000);
  sqlite3_extended_result_codes (store->db, 1);
  if (!mfc_training_store_exec (store,
                                "PRAGMA foreign_keys = ON;"
                                "PRAGMA temp_store = MEMORY;"
                                "PRAGMA cache_size = -32768;"
                                "PRAGMA mmap_size = 1073741824;",
                                error))
    return NULL;

  return g_steal_pointer (&store);
}

/**
 * mfc_training_store_leave_wal:
 * @store: a writer
 *
 * Leaves WAL mode, which SQLite allows only to the one connection to the
 * file: the WAL is checkpointed and removed.  So %TRUE also says no other
 * connection (here or in another process) has the file open.
 *
 * Returns: %TRUE when @store is out of WAL mode (rollback journal)
 */
gboolean
mfc_training_store_leave_wal (MfcTrainingStore *store)
{
  sqlite3_stmt *stmt = NULL;
  gboolean left = FALSE;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (!store->reader, FALSE);

  if (sqlite3_prepare_v2 (store->db, "PRAGMA journal_mode = DELETE", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    left = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "delete") == 0;
  sqlite3_finalize (stmt);

  return left;
}

/**
 * mfc_training_store_use_wal:
 * @store: a writer
 * @error: return location for an error
 *
 * Back to WAL mode (the mode mfc_training_store_open() sets), after
 * mfc_training_store_leave_wal().
 *
 * Returns: %TRUE on success
 */
gboolean
mfc_training_store_use_wal (MfcTrainingStore  *store,
                            GError           **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return mfc_training_store_exec (store, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", error);
}

/**
 * mfc_training_store_remove_files:
 * @path: an SQLite file no connection has open
 *
 * Removes the file with its journals (-wal, -shm, -journal).
 */
void
mfc_training_store_remove_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  g_return_if_fail (path != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_unlink (name);
    }
}

void
mfc_training_store_free (MfcTrainingStore *store)
{
  if (store == NULL)
    return;

  g_clear_pointer (&store->cache, g_hash_table_unref);
  if (store->db != NULL)
    sqlite3_close_v2 (store->db);
  g_free (store->path);
  g_free (store);
}

sqlite3 *
mfc_training_store_get_db (MfcTrainingStore *store)
{
  g_return_val_if_fail (store != NULL, NULL);

  return store->db;
}

/* Inside the caller's transaction */
gboolean
mfc_training_store_delete_rows (MfcTrainingStore  *store,
                                GError           **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  /* A contentless full-text table has no rows to DELETE */
  if (!mfc_training_store_exec (store,
                                "INSERT INTO tickets_search (tickets_search) VALUES ('delete-all');"
                                "INSERT INTO applicants_search (applicants_search) VALUES ('delete-all');",
                                error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (all_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", all_tables[i]);

      if (!mfc_training_store_exec (store, sql, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
mfc_training_store_clear (MfcTrainingStore  *store,
                          GError           **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  if (!mfc_training_store_begin (store, error))
    return FALSE;
  if (!mfc_training_store_delete_rows (store, error))
    {
      mfc_training_store_rollback (store);
      return FALSE;
    }

  return mfc_training_store_commit (store, error);
}

/**
 * mfc_training_store_fold:
 * @text: (nullable): a name, title or search text
 *
 * Returns: (transfer full): @text in lower case ("" for %NULL), as the
 *   search columns hold it
 */
char *
mfc_training_store_fold (const char *text)
{
  return g_utf8_strdown (text != NULL ? text : "", -1);
}

/**
 * mfc_training_store_ticket_search:
 * @number: the ticket's number
 * @description: (nullable): its description
 *
 * Returns: (transfer full): the ticket's search text, as tickets.search_lc
 *   holds it: number and description folded, joined by U+001F (which no
 *   substring of either crosses).  The applicant's name is searched in
 *   the applicants' own index.
 */
char *
mfc_training_store_ticket_search (const char *number,
                                  const char *description)
{
  g_autofree char *joined = g_strjoin ("\x1f", number, description != NULL ? description : "", NULL);

  return mfc_training_store_fold (joined);
}
