/* test-outbox.c — MfcOutbox against the real training server over
 * loopback: order, retries across server restarts and kill -9, the
 * rejection path, dependent writes, owners, 401, file mode, wiping.
 *
 * The random schedules (server stops, kills) print their seed; run with
 * MFC_TEST_SEED=<seed> to repeat one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "mfc-outbox.h"
#include "mfc-test-util.h"
#include "test-training-common.h"

#ifndef MFC_TRAINING_SERVER_PATH
#define MFC_TRAINING_SERVER_PATH "mfc-training-server"
#endif
#ifndef OUTBOX_WORKER_PATH
#define OUTBOX_WORKER_PATH "outbox-worker"
#endif

#define N_WRITES        200
#define WAIT_S          60
#define DRAIN_S         240

#define APPLICANT_JSON(snils, surname) \
  "{\"surname\":\"" surname "\",\"given_name\":\"Анна\",\"patronymic\":\"Ивановна\"," \
  "\"birth_date\":\"1990-04-12\",\"snils\":\"" snils "\",\"inn\":\"500100732259\"," \
  "\"passport\":{\"series\":\"5010\",\"number\":\"123456\",\"issued_by\":\"ГУ МВД России по Учебной области\"," \
  "\"issue_date\":\"2010-05-01\",\"division_code\":\"540-001\"},\"phone\":\"+79130000001\"," \
  "\"email\":null,\"address\":null,\"consent\":{\"given\":true}}"

/* ------------------------------------------------------------------ */
/* Waiting, with a guard                                               */

typedef gboolean (*Condition) (gpointer data);

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_for (Condition   condition,
          gpointer    data,
          double      seconds,
          const char *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint tick = g_timeout_add (50, tick_cb, NULL);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Gave up after %.0f s waiting for %s", seconds, what);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (tick);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static void
enqueue (MfcOutbox      *outbox,
         MfcOutboxEntry *entry)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mfc_outbox_enqueue_async (outbox, entry, result_cb, &result);
  wait_for (result_arrived, &result, WAIT_S, "an enqueue");
  g_assert_true (mfc_outbox_enqueue_finish (outbox, result, &error));
  g_assert_no_error (error);
}

static void
sync_outbox (MfcOutbox *outbox)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mfc_outbox_sync_async (outbox, result_cb, &result);
  wait_for (result_arrived, &result, WAIT_S, "the outbox's disk writes");
  g_assert_true (mfc_outbox_sync_finish (outbox, result, &error));
  g_assert_no_error (error);
}

static gboolean
drained (gpointer data)
{
  return mfc_outbox_get_n_pending (data) == 0 && !mfc_outbox_get_sending (data);
}

static gboolean
is_paused (gpointer data)
{
  return mfc_outbox_get_paused (data);
}

static gboolean
is_offline (gpointer data)
{
  return !mfc_outbox_get_online (data);
}

/* ------------------------------------------------------------------ */
/* Building blocks                                                     */

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static MfcOutboxEntry *
comment_entry (const char *ticket,
               const char *text)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());

  mfc_query_add_segment (query, ticket);
  mfc_query_add_segment (query, "comments");
  json_object_set_string_member (json_node_get_object (body), "text", text);
  return mfc_outbox_entry_new ("ticket.comment", "POST", query, body);
}

static MfcClient *
new_client (const char *base_url,
            const char *token)
{
  g_autoptr(GError) error = NULL;
  MfcClient *client = mfc_client_new (base_url, &error);

  g_assert_no_error (error);
  mfc_client_set_retry_delay (client, 10, 50);
  mfc_client_set_timeout (client, 5);
  mfc_client_set_token (client, token);
  return client;
}

static char *
outbox_path (const char *name)
{
  return g_build_filename (g_getenv ("MFC_TEST_TMPDIR"), "data", "mfc-desk", name, NULL);
}

static MfcOutbox *
new_outbox (MfcClient  *client,
            const char *path)
{
  g_autoptr(GError) error = NULL;
  MfcOutbox *outbox = mfc_outbox_new (client, path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (outbox);
  mfc_outbox_set_retry_delay (outbox, 20, 300);
  return outbox;
}

/* How often each text with @prefix appears among the ticket's comments */
static GHashTable *
count_comments (Fixture    *f,
                const char *token,
                const char *ticket,
                const char *prefix)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/tickets/%s", ticket);
  g_autoptr(Reply) r = call (f, "GET", path, token, NULL, NULL);
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *comments;

  assert_status (r, 200);
  comments = json_object_get_array_member (obj (r), "comments");
  for (guint i = 0; i < json_array_get_length (comments); i++)
    {
      const char *text = json_object_get_string_member (json_array_get_object_element (comments, i), "text");

      if (g_str_has_prefix (text, prefix))
        g_hash_table_insert (counts, g_strdup (text),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, text)) + 1));
    }

  return counts;
}

/* Every one of @n texts "<prefix><i>" exactly once, and nothing else */
static void
assert_each_once (GHashTable *counts,
                  const char *prefix,
                  guint       n)
{
  GHashTableIter iter;
  gpointer found, count;

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &found, &count))
    if (GPOINTER_TO_UINT (count) != 1)
      g_error ("“%s” is on the server %u times", (char *) found, GPOINTER_TO_UINT (count));

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s%u", prefix, i);

      if (!g_hash_table_contains (counts, text))
        g_error ("“%s” never reached the server", text);
    }
  g_assert_cmpuint (g_hash_table_size (counts), ==, n);
}

static guint32
test_seed (void)
{
  const char *env = g_getenv ("MFC_TEST_SEED");
  guint32 seed = env != NULL ? (guint32) g_ascii_strtoull (env, NULL, 10) : g_random_int ();

  g_test_message ("seed %u (MFC_TEST_SEED=%u repeats this run)", seed, seed);
  g_printerr ("# seed %u\n", seed);
  return seed;
}

typedef struct
{
  GPtrArray *sent;       /* keys */
  GPtrArray *rejected;   /* keys */
  GPtrArray *errors;     /* GError */
} Signals;

static void
sent_cb (MfcOutbox  *outbox,
         const char *key,
         const char *kind,
         JsonObject *answer,
         Signals    *s)
{
  g_ptr_array_add (s->sent, g_strdup (key));
}

static void
rejected_cb (MfcOutbox    *outbox,
             const char   *key,
             const char   *kind,
             const GError *error,
             Signals      *s)
{
  g_assert_nonnull (error);
  g_ptr_array_add (s->rejected, g_strdup (key));
  g_ptr_array_add (s->errors, g_error_copy (error));
}

static void
watch (MfcOutbox *outbox,
       Signals   *s)
{
  s->sent = g_ptr_array_new_with_free_func (g_free);
  s->rejected = g_ptr_array_new_with_free_func (g_free);
  s->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_signal_connect (outbox, "sent", G_CALLBACK (sent_cb), s);
  g_signal_connect (outbox, "rejected", G_CALLBACK (rejected_cb), s);
}

static void
signals_clear (Signals *s)
{
  g_clear_pointer (&s->sent, g_ptr_array_unref);
  g_clear_pointer (&s->rejected, g_ptr_array_unref);
  g_clear_pointer (&s->errors, g_ptr_array_unref);
}

typedef struct
{
  Signals *s;
  guint    n_sent;
  guint    n_rejected;
} Counts;

static gboolean
signalled (gpointer data)
{
  Counts *c = data;

  return c->s->sent->len >= c->n_sent && c->s->rejected->len >= c->n_rejected;
}

static void
wait_signals (Signals *s,
              guint    n_sent,
              guint    n_rejected)
{
  Counts c = { s, n_sent, n_rejected };
  g_autofree char *what = g_strdup_printf ("%u sent and %u rejected", n_sent, n_rejected);

  wait_for (signalled, &c, WAIT_S, what);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

static gboolean
outbox_files_contain (const char *path,
                      const char *needle)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  return file_contains (path, needle) || file_contains (wal, needle);
}

/* ------------------------------------------------------------------ */
/* Tests with the server on a thread of this process                   */

static void
test_file_mode (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = new_client (f->base_url, token);
  g_autofree char *path = outbox_path ("mode.sqlite");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(MfcOutbox) outbox = NULL;
  g_autoptr(MfcOutboxEntry) entry = comment_entry ("1", "mode");
  const char * const suffixes[] = { "", "-wal", "-shm" };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  mode_t old_umask = umask (022);
  GStatBuf st;

  outbox = new_outbox (client, path);
  umask (old_umask);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  enqueue (outbox, entry);
  wait_for (drained, outbox, WAIT_S, "the write to go out");
  sync_outbox (outbox);

  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_assert_cmpint (g_stat (name, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }

  /* WAL and the numbered schema */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT MAX(version) FROM schema_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* A file with a loose mode is tightened on open. */
  g_clear_object (&outbox);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  outbox = new_outbox (client, path);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* Queued while nothing can be sent, kept across a restart with its key,
 * then sent once under that key. */
static void
test_restart_keeps_key (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = new_client (f->base_url, NULL);
  g_autofree char *path = outbox_path ("restart.sqlite");
  g_autoptr(MfcOutbox) outbox = new_outbox (client, path);
  g_autoptr(MfcOutboxEntry) entry = comment_entry ("2", "restart-0");
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(MfcOutboxEntry) sent = NULL;
  g_autofree char *key = g_strdup (mfc_outbox_entry_get_key (entry));
  Signals s = { 0 };

  /* No token yet: paused, nothing goes out. */
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  g_assert_true (mfc_outbox_get_paused (outbox));
  enqueue (outbox, entry);
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, 1);
  g_clear_object (&outbox);

  outbox = new_outbox (client, path);
  watch (outbox, &s);
  /* Nobody logged in: nothing is listed, the count says 0. */
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, 0);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  pending = mfc_outbox_list (outbox, MFC_OUTBOX_STATE_PENDING);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpstr (mfc_outbox_entry_get_key (pending->pdata[0]), ==, key);
  g_assert_cmpstr (mfc_outbox_entry_get_kind (pending->pdata[0]), ==, "ticket.comment");
  g_assert_cmpstr (mfc_outbox_entry_get_owner_login (pending->pdata[0]), ==, "clerk");
  g_assert_cmpuint (mfc_outbox_get_n_unsent_for_owner (outbox, f->base_url, "clerk"), ==, 1);

  mfc_client_set_token (client, token);
  g_assert_true (mfc_outbox_get_paused (outbox));
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  g_assert_false (mfc_outbox_get_paused (outbox));
  wait_signals (&s, 1, 0);
  g_assert_cmpstr (s.sent->pdata[0], ==, key);
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, 0);
  g_assert_cmpuint (mfc_outbox_get_n_unsent_for_owner (outbox, f->base_url, "clerk"), ==, 0);

  sent = mfc_outbox_lookup (outbox, key);
  g_assert_nonnull (sent);
  g_assert_cmpint (mfc_outbox_entry_get_state (sent), ==, MFC_OUTBOX_STATE_SENT);
  g_assert_cmpstr (json_object_get_string_member (mfc_outbox_entry_get_answer (sent), "text"), ==, "restart-0");
  g_assert_null (mfc_outbox_entry_dup_body (sent));

  counts = count_comments (f, token, "2", "restart-");
  assert_each_once (counts, "restart-", 1);
  signals_clear (&s);
}

/* The server's reason is kept (across a restart too), later writes are
 * not held up, a fix goes out under a new key, a discard drops it. */
static void
test_rejection (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = new_client (f->base_url, token);
  g_autofree char *path = outbox_path ("reject.sqlite");
  g_autoptr(MfcOutbox) outbox = new_outbox (client, path);
  g_autoptr(MfcOutboxEntry) missing = comment_entry ("999999", "reject-missing");
  g_autoptr(MfcOutboxEntry) invalid = comment_entry ("3", "   ");
  g_autoptr(MfcOutboxEntry) fine = comment_entry ("3", "reject-0");
  g_autoptr(JsonNode) phone = json ("{\"phone\":\"+79139876543\"}");
  g_autoptr(MfcQuery) applicant = mfc_query_new ("/api/v1/applicants/17");
  g_autoptr(MfcOutboxEntry) stale = mfc_outbox_entry_new ("applicant.update", "PATCH", applicant, phone);
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(JsonNode) fixed = json ("{\"text\":\"reject-1\"}");
  g_autoptr(GError) error = NULL;
  g_autofree char *new_key = NULL;
  g_autofree char *missing_key = g_strdup (mfc_outbox_entry_get_key (missing));
  g_autofree char *invalid_key = g_strdup (mfc_outbox_entry_get_key (invalid));
  const GError *reason;
  Signals s = { 0 };

  watch (outbox, &s);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  enqueue (outbox, missing);
  enqueue (outbox, invalid);
  mfc_outbox_entry_set_if_match (stale, "\"999\"");
  mfc_outbox_entry_set_personal (stale, TRUE);
  enqueue (outbox, stale);
  enqueue (outbox, fine);
  wait_signals (&s, 1, 3);
  g_assert_cmpstr (s.sent->pdata[0], ==, mfc_outbox_entry_get_key (fine));
  g_assert_cmpstr (s.rejected->pdata[0], ==, missing_key);
  g_assert_cmpstr (s.rejected->pdata[1], ==, invalid_key);
  g_assert_error ((GError *) s.errors->pdata[0], MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_NOT_FOUND);
  g_assert_error ((GError *) s.errors->pdata[1], MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_VALIDATION);
  g_assert_error ((GError *) s.errors->pdata[2], MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PRECONDITION);
  g_assert_cmpuint (mfc_outbox_get_n_rejected (outbox), ==, 3);
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, 0);

  /* Kept with the server's words, after a restart too. */
  sync_outbox (outbox);
  g_clear_object (&outbox);
  signals_clear (&s);
  outbox = new_outbox (client, path);
  watch (outbox, &s);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  g_assert_cmpuint (mfc_outbox_get_n_rejected (outbox), ==, 3);
  rejected = mfc_outbox_list (outbox, MFC_OUTBOX_STATE_REJECTED);
  g_assert_cmpuint (rejected->len, ==, 3);
  reason = mfc_outbox_entry_get_error (rejected->pdata[0]);
  g_assert_error (reason, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpuint (mfc_client_error_get_status (reason), ==, 404);
  g_assert_cmpstr (mfc_client_error_get_server_code (reason), ==, "not_found");
  g_assert_nonnull (mfc_client_error_get_server_message (reason));
  reason = mfc_outbox_entry_get_error (rejected->pdata[1]);
  g_assert_error (reason, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_VALIDATION);
  g_assert_cmpuint (mfc_client_error_get_status (reason), ==, 422);
  g_assert_cmpstr (mfc_client_error_get_server_code (reason), ==, "validation_failed");
  g_assert_cmpstr (mfc_client_error_get_field_message (reason, "text"), ==,
                   "Текст комментария от 1 до 4000 символов");
  g_assert_cmpuint (mfc_outbox_entry_get_attempts (rejected->pdata[1]), ==, 1);
  /* A stale edit keeps the server's current version for the clerk. */
  reason = mfc_outbox_entry_get_error (rejected->pdata[2]);
  g_assert_error (reason, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PRECONDITION);
  g_assert_cmpstr (mfc_client_error_get_etag (reason), ==, "\"1\"");
  g_assert_cmpstr (mfc_outbox_entry_get_if_match (rejected->pdata[2]), ==, "\"999\"");
  g_assert_true (mfc_outbox_entry_get_personal (rejected->pdata[2]));

  /* Fixed: a new key, sent. */
  new_key = mfc_outbox_retry (outbox, invalid_key, fixed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (new_key, !=, invalid_key);
  wait_signals (&s, 1, 0);
  g_assert_cmpstr (s.sent->pdata[0], ==, new_key);
  g_assert_cmpuint (mfc_outbox_get_n_rejected (outbox), ==, 2);

  /* Only rejected writes can be retried or dropped. */
  g_assert_null (mfc_outbox_retry (outbox, new_key, NULL, &error));
  g_assert_error (error, MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (mfc_outbox_discard (outbox, missing_key, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mfc_outbox_get_n_rejected (outbox), ==, 1);
  g_assert_true (mfc_outbox_discard (outbox, mfc_outbox_entry_get_key (stale), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mfc_outbox_get_n_rejected (outbox), ==, 0);
  g_assert_null (mfc_outbox_lookup (outbox, missing_key));
  g_assert_false (mfc_outbox_discard (outbox, missing_key, &error));
  g_assert_error (error, MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_NOT_FOUND);

  counts = count_comments (f, token, "3", "reject-");
  assert_each_once (counts, "reject-", 2);
  signals_clear (&s);
}

static MfcOutboxEntry *
applicant_entry (const char *json_text)
{
  g_autoptr(JsonNode) body = json (json_text);
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/applicants");
  MfcOutboxEntry *entry = mfc_outbox_entry_new ("applicant.create", "POST", query, body);

  mfc_outbox_entry_set_personal (entry, TRUE);
  return entry;
}

static MfcOutboxEntry *
ticket_for (MfcOutboxEntry *applicant)
{
  g_autoptr(JsonNode) body = json ("{\"type\":\"application\",\"applicant_id\":null,\"service_id\":\"1\"}");
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  MfcOutboxEntry *entry = mfc_outbox_entry_new ("ticket.create", "POST", query, body);

  mfc_outbox_entry_set_personal (entry, TRUE);
  mfc_outbox_entry_set_depends_on (entry, mfc_outbox_entry_get_key (applicant));
  mfc_outbox_entry_add_substitution (entry, "applicant_id", "id");
  return entry;
}

/* Intake offline: "create applicant", then "create a ticket for that
 * applicant", whose body needs the id from the first answer. */
static void
test_dependent (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = new_client (f->base_url, NULL);
  g_autofree char *path = outbox_path ("dependent.sqlite");
  g_autoptr(MfcOutbox) outbox = new_outbox (client, path);
  g_autoptr(MfcOutboxEntry) applicant = applicant_entry (APPLICANT_JSON ("11223344595", "Зависимова"));
  g_autoptr(MfcOutboxEntry) ticket = ticket_for (applicant);
  g_autoptr(MfcOutboxEntry) stray = comment_entry ("1", "never");
  g_autoptr(MfcOutboxEntry) sent_applicant = NULL;
  g_autoptr(MfcOutboxEntry) sent_ticket = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *answer;
  Signals s = { 0 };

  watch (outbox, &s);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  /* Both queued while nothing can go out (no token). */
  enqueue (outbox, applicant);
  enqueue (outbox, ticket);
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, 2);

  /* A dependency that is not in the queue is refused at once. */
  mfc_outbox_entry_set_depends_on (stray, "no-such-key");
  mfc_outbox_enqueue_async (outbox, stray, result_cb, &result);
  wait_for (result_arrived, &result, WAIT_S, "an enqueue");
  g_assert_false (mfc_outbox_enqueue_finish (outbox, result, &error));
  g_assert_error (error, MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_INVALID);

  mfc_client_set_token (client, token);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  wait_signals (&s, 2, 0);
  g_assert_cmpstr (s.sent->pdata[0], ==, mfc_outbox_entry_get_key (applicant));
  g_assert_cmpstr (s.sent->pdata[1], ==, mfc_outbox_entry_get_key (ticket));

  sent_applicant = mfc_outbox_lookup (outbox, mfc_outbox_entry_get_key (applicant));
  sent_ticket = mfc_outbox_lookup (outbox, mfc_outbox_entry_get_key (ticket));
  answer = mfc_outbox_entry_get_answer (sent_ticket);
  g_assert_nonnull (answer);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (answer, "applicant"), "id"), ==,
                   json_object_get_string_member (mfc_outbox_entry_get_answer (sent_applicant), "id"));
  g_assert_cmpstr (mfc_outbox_entry_get_depends_on (sent_ticket), ==, mfc_outbox_entry_get_key (applicant));
  signals_clear (&s);
}

/* The earlier write is refused: the dependant too, with a reason of its
 * own; fixing the earlier one brings both back. */
static void
test_dependent_rejected (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = new_client (f->base_url, token);
  g_autofree char *path = outbox_path ("dependent-rejected.sqlite");
  g_autoptr(MfcOutbox) outbox = new_outbox (client, path);
  /* A СНИЛС with a wrong check number */
  g_autoptr(MfcOutboxEntry) applicant = applicant_entry (APPLICANT_JSON ("11223344596", "Отказова"));
  g_autoptr(MfcOutboxEntry) ticket = ticket_for (applicant);
  g_autoptr(MfcOutboxEntry) after = comment_entry ("4", "after-0");
  g_autoptr(JsonNode) fixed = json (APPLICANT_JSON ("11223344595", "Отказова"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autofree char *new_key = NULL;
  g_autofree char *ticket_key = g_strdup (mfc_outbox_entry_get_key (ticket));
  g_autoptr(MfcOutboxEntry) sent_ticket = NULL;
  Signals s = { 0 };

  watch (outbox, &s);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  enqueue (outbox, applicant);
  enqueue (outbox, ticket);
  enqueue (outbox, after);
  wait_signals (&s, 1, 2);
  g_assert_cmpstr (s.sent->pdata[0], ==, mfc_outbox_entry_get_key (after));
  g_assert_cmpstr (s.rejected->pdata[0], ==, mfc_outbox_entry_get_key (applicant));
  g_assert_cmpstr (s.rejected->pdata[1], ==, ticket_key);
  g_assert_error ((GError *) s.errors->pdata[0], MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_VALIDATION);
  g_assert_nonnull (mfc_client_error_get_field_message ((GError *) s.errors->pdata[0], "snils"));
  g_assert_error ((GError *) s.errors->pdata[1], MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_DEPENDENCY_REJECTED);
  g_assert_cmpstr (((GError *) s.errors->pdata[1])->message, ==,
                   "Не отправлено: отклонена предыдущая запись, от которой зависит эта.");

  rejected = mfc_outbox_list (outbox, MFC_OUTBOX_STATE_REJECTED);
  g_assert_cmpuint (rejected->len, ==, 2);
  g_assert_error (mfc_outbox_entry_get_error (rejected->pdata[1]), MFC_OUTBOX_ERROR,
                  MFC_OUTBOX_ERROR_DEPENDENCY_REJECTED);

  new_key = mfc_outbox_retry (outbox, mfc_outbox_entry_get_key (applicant), fixed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mfc_outbox_get_n_rejected (outbox), ==, 0);
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, 2);
  wait_signals (&s, 3, 2);
  g_assert_cmpstr (s.sent->pdata[1], ==, new_key);
  g_assert_cmpstr (s.sent->pdata[2], ==, ticket_key);
  sent_ticket = mfc_outbox_lookup (outbox, ticket_key);
  g_assert_cmpstr (mfc_outbox_entry_get_depends_on (sent_ticket), ==, new_key);
  signals_clear (&s);
}

/* A write queued by one clerk never travels with another's token. */
static void
test_owner_mismatch (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *clerk = login (f, "clerk", NULL);
  g_autofree char *supervisor = login (f, "supervisor", NULL);
  g_autoptr(MfcClient) client = new_client (f->base_url, NULL);
  g_autofree char *path = outbox_path ("owner.sqlite");
  g_autoptr(MfcOutbox) outbox = new_outbox (client, path);
  g_autoptr(MfcOutboxEntry) mine = comment_entry ("5", "owner-clerk");
  g_autoptr(MfcOutboxEntry) theirs = comment_entry ("5", "owner-supervisor");
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(Reply) r = NULL;
  JsonArray *comments;
  gboolean seen_clerk = FALSE;
  Signals s = { 0 };

  watch (outbox, &s);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  enqueue (outbox, mine);

  /* The supervisor logs in at the same desk and queues a write. */
  mfc_client_set_token (client, supervisor);
  mfc_outbox_set_owner (outbox, f->base_url, "supervisor");
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, 0);
  listed = mfc_outbox_list (outbox, MFC_OUTBOX_STATE_PENDING);
  g_assert_cmpuint (listed->len, ==, 0);
  enqueue (outbox, theirs);
  /* The clerk's write is earlier in the queue: had it been sent with the
   * supervisor's token, it would have come first. */
  wait_signals (&s, 1, 0);
  g_assert_cmpstr (s.sent->pdata[0], ==, mfc_outbox_entry_get_key (theirs));
  g_assert_cmpuint (mfc_outbox_get_n_unsent_for_owner (outbox, f->base_url, "clerk"), ==, 1);
  g_assert_cmpuint (mfc_outbox_get_n_unsent_for_owner (outbox, f->base_url, "supervisor"), ==, 0);

  /* The clerk is back: now it goes, as the clerk. */
  mfc_client_set_token (client, clerk);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  wait_signals (&s, 2, 0);
  g_assert_cmpstr (s.sent->pdata[1], ==, mfc_outbox_entry_get_key (mine));

  r = call (f, "GET", "/api/v1/tickets/5", clerk, NULL, NULL);
  assert_status (r, 200);
  comments = json_object_get_array_member (obj (r), "comments");
  for (guint i = 0; i < json_array_get_length (comments); i++)
    {
      JsonObject *c = json_array_get_object_element (comments, i);

      if (g_str_equal (json_object_get_string_member (c, "text"), "owner-clerk"))
        {
          g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (c, "author"), "id"),
                           ==, "1");
          seen_clerk = TRUE;
        }
    }
  g_assert_true (seen_clerk);
  signals_clear (&s);
}

/* A saved address that no longer reads as a query (the file was damaged
 * or edited) is rejected with a reason, not sent somewhere else, and the
 * writes after it still go. */
static void
test_damaged_path (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = new_client (f->base_url, NULL);
  g_autofree char *path = outbox_path ("damaged.sqlite");
  g_autoptr(MfcOutbox) outbox = new_outbox (client, path);
  g_autoptr(MfcOutboxEntry) damaged = comment_entry ("6", "damaged-0");
  g_autoptr(MfcOutboxEntry) fine = comment_entry ("6", "damaged-1");
  g_autoptr(MfcOutboxEntry) rejected = NULL;
  g_autoptr(GHashTable) counts = NULL;
  sqlite3 *db = NULL;
  Signals s = { 0 };

  /* Queued with no token: kept, not sent. */
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  enqueue (outbox, damaged);
  enqueue (outbox, fine);
  g_clear_object (&outbox);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE entries SET path = '/api/v1/tickets/6/comments?x=a b'"
                                     " WHERE id = (SELECT MIN(id) FROM entries)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);

  outbox = new_outbox (client, path);
  watch (outbox, &s);
  mfc_client_set_token (client, token);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  wait_signals (&s, 1, 1);
  g_assert_cmpstr (s.rejected->pdata[0], ==, mfc_outbox_entry_get_key (damaged));
  g_assert_cmpstr (s.sent->pdata[0], ==, mfc_outbox_entry_get_key (fine));

  rejected = mfc_outbox_lookup (outbox, mfc_outbox_entry_get_key (damaged));
  g_assert_nonnull (rejected);
  g_assert_cmpint (mfc_outbox_entry_get_state (rejected), ==, MFC_OUTBOX_STATE_REJECTED);
  g_assert_error (mfc_outbox_entry_get_error (rejected), MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_INVALID);
  g_assert_cmpuint (mfc_outbox_get_n_rejected (outbox), ==, 1);

  counts = count_comments (f, token, "6", "damaged-");
  g_assert_false (g_hash_table_contains (counts, "damaged-0"));
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "damaged-1")), ==, 1);
  signals_clear (&s);
}

/* The session ends on the server: the outbox pauses, nothing is
 * rejected; after a new login it goes on. */
static void
test_unauthorized_pauses (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autofree char *again = NULL;
  g_autoptr(MfcClient) client = new_client (f->base_url, token);
  g_autofree char *path = outbox_path ("unauthorized.sqlite");
  g_autoptr(MfcOutbox) outbox = new_outbox (client, path);
  g_autoptr(MfcOutboxEntry) entry = comment_entry ("6", "auth-0");
  g_autoptr(Reply) out = call (f, "DELETE", "/api/v1/session", token, NULL, NULL);
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  Signals s = { 0 };

  assert_status (out, 204);
  watch (outbox, &s);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  g_assert_false (mfc_outbox_get_paused (outbox));
  enqueue (outbox, entry);
  wait_for (is_paused, outbox, WAIT_S, "the pause after a 401");
  g_assert_cmpuint (s.rejected->len, ==, 0);
  g_assert_cmpuint (mfc_outbox_get_n_rejected (outbox), ==, 0);
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, 1);
  pending = mfc_outbox_list (outbox, MFC_OUTBOX_STATE_PENDING);
  g_assert_cmpuint (mfc_outbox_entry_get_attempts (pending->pdata[0]), ==, 0);
  g_assert_nonnull (mfc_outbox_get_last_error (outbox));

  again = login (f, "clerk", NULL);
  mfc_client_set_token (client, again);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  wait_signals (&s, 1, 0);
  g_assert_null (mfc_outbox_get_last_error (outbox));
  counts = count_comments (f, again, "6", "auth-");
  assert_each_once (counts, "auth-", 1);
  signals_clear (&s);
}

/* The client goes to another address (or carries another token) and
 * comes back to the owner's very session without a login: the writes
 * wait meanwhile and then go, once each.  After a 401 they wait for a
 * login even when the client comes back. */
static void
test_session_comes_back (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autofree char *other = login (f, "supervisor", NULL);
  g_autoptr(MfcClient) client = new_client (f->base_url, token);
  g_autofree char *path = outbox_path ("back.sqlite");
  g_autoptr(MfcOutbox) outbox = new_outbox (client, path);
  g_autoptr(MfcOutboxEntry) first = comment_entry ("7", "back-0");
  g_autoptr(MfcOutboxEntry) second = comment_entry ("7", "back-1");
  g_autoptr(MfcOutboxEntry) third = comment_entry ("7", "back-2");
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  Signals s = { 0 };

  watch (outbox, &s);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");

  /* Away to another address and back */
  g_assert_true (mfc_client_set_base_url (client, "http://127.0.0.1:9", &error));
  g_assert_no_error (error);
  g_assert_true (mfc_outbox_get_paused (outbox));
  enqueue (outbox, first);
  g_assert_cmpuint (s.sent->len, ==, 0);
  g_assert_true (mfc_client_set_base_url (client, f->base_url, &error));
  g_assert_no_error (error);
  g_assert_false (mfc_outbox_get_paused (outbox));
  wait_signals (&s, 1, 0);

  /* Another clerk's token and back */
  mfc_client_set_token (client, other);
  g_assert_true (mfc_outbox_get_paused (outbox));
  enqueue (outbox, second);
  g_assert_cmpuint (s.sent->len, ==, 1);
  mfc_client_set_token (client, token);
  wait_signals (&s, 2, 0);

  /* A 401 under the owner: coming back to the same token does not lift
   * it (the service refused that very token), a login does. */
  {
    g_autoptr(Reply) out = call (f, "DELETE", "/api/v1/session", token, NULL, NULL);
    g_autofree char *again = NULL;

    assert_status (out, 204);
    enqueue (outbox, third);
    wait_for (is_paused, outbox, WAIT_S, "the pause after a 401");
    mfc_client_set_token (client, other);
    mfc_client_set_token (client, token);
    g_assert_true (mfc_outbox_get_paused (outbox));
    g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, 1);

    again = login (f, "clerk", NULL);
    mfc_client_set_token (client, again);
    mfc_outbox_set_owner (outbox, f->base_url, "clerk");
    wait_signals (&s, 3, 0);
    counts = count_comments (f, again, "7", "back-");
  }
  assert_each_once (counts, "back-", 3);
  signals_clear (&s);
}

static gboolean
session_login (MfcSession *session,
               const char *login_name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  mfc_session_login_async (session, login_name, "demo", NULL, NULL, result_cb, &result);
  wait_for (result_arrived, &result, WAIT_S, "a login");
  ok = mfc_session_login_finish (session, result, &error);
  g_assert_no_error (error);
  return ok;
}

static gboolean
is_logged_out (gpointer data)
{
  return mfc_session_get_state (data) == MFC_SESSION_LOGGED_OUT;
}

/* The owner follows MfcSession: login, a session the server forgot
 * (401), login again, logout. */
static void
test_follow_session (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MfcClient) client = new_client (f->base_url, NULL);
  g_autoptr(MfcSession) session = mfc_session_new (client);
  g_autofree char *path = outbox_path ("follow.sqlite");
  g_autoptr(MfcOutbox) outbox = new_outbox (client, path);
  g_autoptr(MfcOutboxEntry) early = comment_entry ("11", "follow-early");
  g_autoptr(MfcOutboxEntry) first = comment_entry ("11", "follow-0");
  g_autoptr(MfcOutboxEntry) second = comment_entry ("11", "follow-1");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) out = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autofree char *token = NULL;
  Signals s = { 0 };

  mfc_session_set_remember (session, FALSE);
  watch (outbox, &s);
  mfc_outbox_follow_session (outbox, session);
  g_assert_true (mfc_outbox_get_paused (outbox));

  /* Nobody logged in: nothing can be queued. */
  mfc_outbox_enqueue_async (outbox, early, result_cb, &result);
  wait_for (result_arrived, &result, WAIT_S, "an enqueue");
  g_assert_false (mfc_outbox_enqueue_finish (outbox, result, &error));
  g_assert_error (error, MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_NO_OWNER);
  g_clear_error (&error);

  g_assert_true (session_login (session, "clerk"));
  g_assert_false (mfc_outbox_get_paused (outbox));
  enqueue (outbox, first);
  wait_signals (&s, 1, 0);

  /* The server forgets the session; the next write meets a 401. */
  token = g_strdup (mfc_client_get_token (client));
  out = call (f, "DELETE", "/api/v1/session", token, NULL, NULL);
  assert_status (out, 204);
  enqueue (outbox, second);
  wait_for (is_logged_out, session, WAIT_S, "the session to end after a 401");
  g_assert_true (mfc_outbox_get_paused (outbox));
  g_assert_cmpuint (s.rejected->len, ==, 0);
  g_assert_cmpuint (mfc_outbox_get_n_unsent_for_owner (outbox, f->base_url, "clerk"), ==, 1);

  g_assert_true (session_login (session, "clerk"));
  wait_signals (&s, 2, 0);
  g_assert_cmpstr (s.sent->pdata[1], ==, mfc_outbox_entry_get_key (second));

  counts = count_comments (f, mfc_client_get_token (client), "11", "follow-");
  assert_each_once (counts, "follow-", 2);
  signals_clear (&s);
}

/* At logout the personal data of sent writes leaves the file, free
 * pages and WAL included; what waits is kept. */
static void
test_wipe_personal (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = new_client (f->base_url, token);
  g_autofree char *path = outbox_path ("wipe.sqlite");
  g_autoptr(MfcOutbox) outbox = new_outbox (client, path);
  g_autoptr(MfcOutboxEntry) applicant = applicant_entry (APPLICANT_JSON ("11223344595", "Стиралкина"));
  g_autoptr(MfcOutboxEntry) plain = comment_entry ("7", "wipe-plain-comment");
  g_autoptr(MfcOutboxEntry) waiting = comment_entry ("7", "wipe-waiting-Ждунова");
  g_autoptr(MfcOutboxEntry) kept = NULL;
  Signals s = { 0 };

  watch (outbox, &s);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  enqueue (outbox, applicant);
  enqueue (outbox, plain);
  wait_signals (&s, 2, 0);
  sync_outbox (outbox);
  g_assert_true (outbox_files_contain (path, "Стиралкина"));

  /* Logged out with one write still waiting */
  mfc_client_set_token (client, NULL);
  mfc_outbox_entry_set_personal (waiting, TRUE);
  enqueue (outbox, waiting);
  mfc_outbox_set_owner (outbox, NULL, NULL);
  g_assert_cmpuint (mfc_outbox_get_n_unsent_for_owner (outbox, f->base_url, "clerk"), ==, 1);

  mfc_outbox_wipe_personal (outbox);
  sync_outbox (outbox);
  g_assert_false (outbox_files_contain (path, "Стиралкина"));
  g_assert_false (outbox_files_contain (path, "11223344595"));
  g_assert_null (mfc_outbox_lookup (outbox, mfc_outbox_entry_get_key (applicant)));
  kept = mfc_outbox_lookup (outbox, mfc_outbox_entry_get_key (plain));
  g_assert_nonnull (kept);
  g_assert_cmpint (mfc_outbox_entry_get_state (kept), ==, MFC_OUTBOX_STATE_SENT);
  g_clear_pointer (&kept, mfc_outbox_entry_unref);
  kept = mfc_outbox_lookup (outbox, mfc_outbox_entry_get_key (waiting));
  g_assert_cmpint (mfc_outbox_entry_get_state (kept), ==, MFC_OUTBOX_STATE_PENDING);
  g_assert_true (outbox_files_contain (path, "Ждунова"));

  /* Also after a restart */
  g_clear_object (&outbox);
  outbox = new_outbox (client, path);
  g_assert_null (mfc_outbox_lookup (outbox, mfc_outbox_entry_get_key (applicant)));
  g_assert_cmpuint (mfc_outbox_get_n_unsent_for_owner (outbox, f->base_url, "clerk"), ==, 1);
  signals_clear (&s);
}

/* A dependant still waiting keeps only what it will take from the
 * earlier answer. */
static void
test_wipe_keeps_needed (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = new_client (f->base_url, token);
  g_autofree char *path = outbox_path ("wipe-needed.sqlite");
  g_autoptr(MfcOutbox) outbox = new_outbox (client, path);
  g_autoptr(MfcOutboxEntry) applicant = applicant_entry (APPLICANT_JSON ("11223344595", "Нужнова"));
  g_autoptr(MfcOutboxEntry) ticket = ticket_for (applicant);
  g_autoptr(MfcOutboxEntry) trimmed = NULL;
  g_autoptr(MfcOutboxEntry) sent_ticket = NULL;
  g_autofree char *applicant_id = NULL;
  g_autofree char *again = NULL;
  Signals s = { 0 };

  watch (outbox, &s);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  enqueue (outbox, applicant);
  wait_signals (&s, 1, 0);

  /* The dependant is queued after the earlier one went out, then the
   * clerk logs out before it is sent. */
  mfc_client_set_token (client, NULL);
  enqueue (outbox, ticket);
  mfc_outbox_set_owner (outbox, NULL, NULL);
  mfc_outbox_wipe_personal (outbox);
  sync_outbox (outbox);

  trimmed = mfc_outbox_lookup (outbox, mfc_outbox_entry_get_key (applicant));
  g_assert_nonnull (trimmed);
  g_assert_cmpuint (json_object_get_size (mfc_outbox_entry_get_answer (trimmed)), ==, 1);
  applicant_id = g_strdup (json_object_get_string_member (mfc_outbox_entry_get_answer (trimmed), "id"));
  g_assert_false (outbox_files_contain (path, "Нужнова"));

  again = login (f, "clerk", NULL);
  mfc_client_set_token (client, again);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  wait_signals (&s, 2, 0);
  sent_ticket = mfc_outbox_lookup (outbox, mfc_outbox_entry_get_key (ticket));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     mfc_outbox_entry_get_answer (sent_ticket), "applicant"), "id"), ==, applicant_id);
  signals_clear (&s);
}


/* ------------------------------------------------------------------ */
/* Back-off against a server that is overloaded                        */

typedef struct
{
  guint      requests;
  gint64     at[3];
  GPtrArray *keys;
} Busy;

static void
busy_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  Busy *busy = data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *answer = "{\"id\":\"1\"}";

  busy->at[MIN (busy->requests, 2)] = g_get_monotonic_time ();
  busy->requests++;
  g_ptr_array_add (busy->keys, g_strdup (soup_message_headers_get_one (request, "Idempotency-Key")));

  if (busy->requests < 3)
    {
      /* Overloaded, says the server, come back in a second. */
      soup_message_headers_replace (response, "Retry-After", "1");
      soup_server_message_set_status (msg, busy->requests == 1 ? 503 : 429, NULL);
      return;
    }

  soup_server_message_set_status (msg, 201, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer, strlen (answer));
}

/* 503 and 429 are not rejections: the same key again, not before the
 * server's Retry-After. */
static void
test_retry_after (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcClient) client = NULL;
  g_autoptr(MfcOutbox) outbox = NULL;
  g_autoptr(MfcOutboxEntry) entry = comment_entry ("1", "busy");
  g_autofree char *path = outbox_path ("busy.sqlite");
  g_autofree char *base_url = NULL;
  g_autoptr(GSList) uris = NULL;
  Busy busy = { 0 };
  Signals s = { 0 };

  busy.keys = g_ptr_array_new_with_free_func (g_free);
  soup_server_add_handler (server, NULL, busy_handler, &busy, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  client = new_client (base_url, "token");
  /* The outbox's own retries, not the client's */
  mfc_client_set_max_attempts (client, 1);
  outbox = new_outbox (client, path);
  watch (outbox, &s);
  mfc_outbox_set_owner (outbox, base_url, "clerk");
  enqueue (outbox, entry);
  wait_signals (&s, 1, 0);

  g_assert_cmpuint (busy.requests, ==, 3);
  g_assert_cmpuint (s.rejected->len, ==, 0);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (busy.keys->pdata[i], ==, mfc_outbox_entry_get_key (entry));
  g_assert_cmpint (busy.at[1] - busy.at[0], >=, G_USEC_PER_SEC);
  g_assert_cmpint (busy.at[2] - busy.at[1], >=, G_USEC_PER_SEC);
  g_assert_true (mfc_outbox_get_online (outbox));

  g_clear_pointer (&busy.keys, g_ptr_array_unref);
  signals_clear (&s);
}

/* ------------------------------------------------------------------ */
/* kill -9 of the process holding the outbox                           */

static gboolean
process_done (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* What the worker has reported so far: a line per write queued and per
 * write sent (outbox-worker.c). */
typedef struct
{
  GDataInputStream *lines;
  guint             n;
  gboolean          eof;
} Progress;

static void
progress_line_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Progress *p = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                                     result, NULL, NULL);

  if (line == NULL)
    {
      p->eof = TRUE;
      return;
    }
  p->n++;
  g_data_input_stream_read_line_async (p->lines, G_PRIORITY_DEFAULT, NULL, progress_line_cb, p);
}

static gboolean
progress_done (gpointer data)
{
  return ((Progress *) data)->eof;
}

typedef struct
{
  GAsyncResult **result;
  Progress      *progress;
  guint          target;
} KillWait;

static gboolean
exited_or_due (gpointer data)
{
  KillWait *k = data;

  return *k->result != NULL || k->progress->n >= k->target;
}

static void
test_kill_worker (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (test_seed ());
  g_autofree char *path = outbox_path ("kill.sqlite");
  g_autofree char *count = g_strdup_printf ("%d", N_WRITES);
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = new_client (f->base_url, token);
  g_autoptr(MfcOutbox) outbox = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GPtrArray) left = NULL;
  guint kills = 0;
  gboolean finished = FALSE;
  gint64 deadline = g_get_monotonic_time () + DRAIN_S * G_USEC_PER_SEC;

  while (!finished)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) worker = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      /* Most rounds are cut short after a random number of the worker's
       * events (a write queued, a write sent), whatever the machine's
       * speed: the first round has 2 × N_WRITES of them, so it is always
       * cut; the last rounds are given time to finish. */
      guint target = kills < 12 ? (guint) g_rand_int_range (rand, 1, 60) : 0;
      Progress progress = { 0 };

      if (g_get_monotonic_time () > deadline)
        g_error ("The worker did not drain its outbox in %d s (%u kills)", DRAIN_S, kills);

      worker = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                 OUTBOX_WORKER_PATH, "--outbox", path, "--server", f->base_url,
                                 "--count", count, "--prefix", "kill-", "--ticket", "8", NULL);
      g_assert_no_error (error);
      progress.lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (worker));
      g_data_input_stream_read_line_async (progress.lines, G_PRIORITY_DEFAULT, NULL,
                                           progress_line_cb, &progress);
      g_subprocess_wait_async (worker, NULL, result_cb, &result);

      if (target > 0)
        {
          KillWait k = { &result, &progress, target };

          wait_for (exited_or_due, &k, DRAIN_S, "the moment to kill the worker");
          if (result == NULL)
            {
              g_subprocess_force_exit (worker);
              kills++;
            }
        }

      wait_for (process_done, &result, DRAIN_S, "the worker to exit");
      wait_for (progress_done, &progress, DRAIN_S, "the end of the worker's output");
      g_clear_object (&progress.lines);
      g_assert_true (g_subprocess_wait_finish (worker, result, &error));
      g_assert_no_error (error);
      if (g_subprocess_get_if_signaled (worker))
        g_assert_cmpint (g_subprocess_get_term_sig (worker), ==, SIGKILL);
      else
        {
          g_assert_cmpint (g_subprocess_get_exit_status (worker), ==, 0);
          finished = TRUE;
        }
    }

  g_test_message ("%u kills before the worker drained its outbox", kills);
  g_assert_cmpuint (kills, >, 0);

  counts = count_comments (f, token, "8", "kill-");
  assert_each_once (counts, "kill-", N_WRITES);

  outbox = new_outbox (client, path);
  mfc_outbox_set_owner (outbox, f->base_url, "clerk");
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, 0);
  g_assert_cmpuint (mfc_outbox_get_n_rejected (outbox), ==, 0);
  left = mfc_outbox_list (outbox, MFC_OUTBOX_STATE_SENT);
  g_assert_cmpuint (left->len, ==, N_WRITES);
}

/* ------------------------------------------------------------------ */
/* The server as its own process, stopped and started at random        */

typedef struct
{
  char        *dir;
  char        *db;
  guint16      port;
  GSubprocess *proc;
  GRand       *rand;
  guint        cycles;
  guint        source;
  Fixture      f;        /* base_url and session, for call() */
} Remote;


static void
remote_start (Remote  *r,
              gboolean seed)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", r->port);
  g_autoptr(GError) error = NULL;

  g_assert_null (r->proc);
  /* Quiet: no request log */
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);
  r->proc = g_subprocess_launcher_spawn (launcher, &error, MFC_TRAINING_SERVER_PATH,
                                         "--listen", listen, "--db", r->db,
                                         seed ? "--seed" : NULL, "demo", NULL);
  g_assert_no_error (error);
}

static void
remote_stop (Remote *r)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (r->proc == NULL)
    return;

  /* Politely or not, at random: a kill can cut an answer in half. */
  if (g_rand_boolean (r->rand))
    g_subprocess_send_signal (r->proc, SIGTERM);
  else
    g_subprocess_force_exit (r->proc);
  g_subprocess_wait_async (r->proc, NULL, result_cb, &result);
  wait_for (process_done, &result, WAIT_S, "the server to stop");
  g_clear_object (&r->proc);
}

static gboolean
remote_ready (gpointer data)
{
  Remote *r = data;
  g_autofree char *url = g_strconcat (r->f.base_url, "/api/v1/config", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = soup_session_send_and_read (r->f.session, msg, NULL, NULL);

  if (body == NULL || soup_message_get_status (msg) != 200)
    {
      g_usleep (20000);
      return FALSE;
    }
  return TRUE;
}

static gboolean
cycle_cb (gpointer data)
{
  Remote *r = data;

  if (r->proc != NULL)
    {
      remote_stop (r);
      r->cycles++;
    }
  else
    remote_start (r, FALSE);

  /* After enough stops, leave it running for the rest. */
  if (r->cycles >= 25 && r->proc != NULL)
    {
      r->source = 0;
      return G_SOURCE_REMOVE;
    }

  r->source = g_timeout_add (r->proc != NULL ? (guint) g_rand_int_range (r->rand, 30, 400)
                                             : (guint) g_rand_int_range (r->rand, 20, 300),
                             cycle_cb, r);
  return G_SOURCE_REMOVE;
}

static void
test_server_restarts (void)
{
  Remote r = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcClient) client = NULL;
  g_autoptr(MfcOutbox) outbox = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autofree char *token = NULL;
  g_autofree char *path = outbox_path ("restarts.sqlite");

  r.rand = g_rand_new_with_seed (test_seed ());
  r.dir = g_dir_make_tmp ("test-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  r.db = g_build_filename (r.dir, "server.sqlite", NULL);
  r.port = mfc_test_free_port ();
  r.f.base_url = g_strdup_printf ("http://127.0.0.1:%u", r.port);
  r.f.session = soup_session_new_with_options ("timeout", 5, NULL);

  /* Seed, log in, stop. */
  remote_start (&r, TRUE);
  wait_for (remote_ready, &r, WAIT_S, "the training server to listen");
  token = login (&r.f, "clerk", NULL);
  remote_stop (&r);

  client = new_client (r.f.base_url, token);
  outbox = new_outbox (client, path);
  mfc_outbox_set_owner (outbox, r.f.base_url, "clerk");
  for (guint i = 0; i < N_WRITES; i++)
    {
      g_autofree char *text = g_strdup_printf ("restarts-%u", i);
      g_autoptr(MfcOutboxEntry) entry = comment_entry (i % 2 == 0 ? "9" : "10", text);

      enqueue (outbox, entry);
    }
  wait_for (is_offline, outbox, WAIT_S, "the outbox to notice the server is down");
  g_assert_nonnull (mfc_outbox_get_last_error (outbox));
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, N_WRITES);

  r.source = g_timeout_add (g_rand_int_range (r.rand, 20, 400), cycle_cb, &r);
  wait_for (drained, outbox, DRAIN_S, "the queue to drain");
  g_clear_handle_id (&r.source, g_source_remove);
  g_test_message ("drained after %u server stops", r.cycles);

  if (r.proc == NULL)
    remote_start (&r, FALSE);
  wait_for (remote_ready, &r, WAIT_S, "the training server to listen");

  counts = count_comments (&r.f, token, "9", "restarts-");
  {
    g_autoptr(GHashTable) odd = count_comments (&r.f, token, "10", "restarts-");
    GHashTableIter iter;
    gpointer text, n;

    g_hash_table_iter_init (&iter, odd);
    while (g_hash_table_iter_next (&iter, &text, &n))
      {
        g_assert_false (g_hash_table_contains (counts, text));
        g_hash_table_insert (counts, g_strdup (text), n);
      }
  }
  assert_each_once (counts, "restarts-", N_WRITES);
  pending = mfc_outbox_list (outbox, MFC_OUTBOX_STATE_PENDING);
  g_assert_cmpuint (pending->len, ==, 0);
  g_assert_cmpuint (mfc_outbox_get_n_rejected (outbox), ==, 0);
  g_assert_true (mfc_outbox_get_online (outbox));

  remote_stop (&r);
  {
    g_autofree char *wal = g_strconcat (r.db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (r.db, "-shm", NULL);

    g_unlink (r.db);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (r.dir);
  }
  g_rand_free (r.rand);
  g_clear_object (&r.f.session);
  g_free (r.f.base_url);
  g_free (r.db);
  g_free (r.dir);
}

int
main (int   argc,
      char *argv[])
{
  /* The clerk's language: the outbox's own messages come out in Russian. */
  g_setenv ("LC_ALL", "ru_RU.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "ru", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/outbox/file-mode", test_file_mode);
  ADD ("/outbox/restart-keeps-key", test_restart_keeps_key);
  ADD ("/outbox/rejection", test_rejection);
  ADD ("/outbox/dependent", test_dependent);
  ADD ("/outbox/dependent-rejected", test_dependent_rejected);
  ADD ("/outbox/owner-mismatch", test_owner_mismatch);
  ADD ("/outbox/damaged-path", test_damaged_path);
  ADD ("/outbox/unauthorized-pauses", test_unauthorized_pauses);
  ADD ("/outbox/follow-session", test_follow_session);
  ADD ("/outbox/session-comes-back", test_session_comes_back);
  ADD ("/outbox/wipe-personal", test_wipe_personal);
  ADD ("/outbox/wipe-keeps-needed", test_wipe_keeps_needed);
  ADD ("/outbox/kill-9", test_kill_worker);
#undef ADD
  g_test_add_func ("/outbox/retry-after", test_retry_after);
  g_test_add_func ("/outbox/server-restarts", test_server_restarts);

  return g_test_run ();
}
