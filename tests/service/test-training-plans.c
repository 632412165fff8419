/* test-training-plans.c — every list shape of GET /api/v1/tickets runs
 * through an index.  Timings vary from run to run, query plans do not: the
 * SQL the handler builds for each shape is given to EXPLAIN QUERY PLAN on
 * the demo seed, and the plan must search the expected index (no scan of
 * the table, no sort of all rows).  The data size does not change these
 * plans (no ANALYZE statistics are kept), so they hold on the large seed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "mfc-training-handlers.h"
#include "mfc-training-seed.h"

/* 2026-11-23T10:00:00+07:00 */
#define TEST_NOW G_GINT64_CONSTANT (1795402800)

typedef struct
{
  char             *dir;
  char             *path;
  MfcTrainingStore *store;
  MfcTrainingZones *zones;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-plans-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "t.sqlite", NULL);
  f->store = mfc_training_store_open (f->path, &error);
  g_assert_no_error (error);
  mfc_training_seed_demo (f->store, TEST_NOW, &error);
  g_assert_no_error (error);
  f->zones = mfc_training_zones_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  mfc_training_store_free (f->store);
  mfc_training_zones_free (f->zones);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

typedef struct
{
  const char *query;      /* the list's query string */
  const char *after_key;  /* a cursor's key, for a next page; NULL for the first */
  const char *index;      /* what the plan must mention */
} Shape;

static const Shape shapes[] = {
  /* the benchmark's nine variants */
  { "sort=-created_at", NULL, "COVERING INDEX tickets_by_created" },
  { "sort=-created_at", "1795000000", "COVERING INDEX tickets_by_created" },
  { "status=accepted,in_progress&sort=due_date", NULL, "INDEX tickets_by_status_due (status=?)" },
  { "status=accepted,in_progress&sort=due_date", "2026-11-30", "INDEX tickets_by_status_due (status=?" },
  { "overdue=true&sort=due_date", NULL, "INDEX tickets_open_by_due" },
  { "overdue=true&sort=due_date", "2026-11-02", "INDEX tickets_open_by_due (due_date>? AND due_date<?)" },
  { "status=awaiting_documents&sort=-due_date", NULL, "INDEX tickets_by_status_due (status=?)" },
  { "type=complaint&sort=-created_at", NULL, "INDEX tickets_by_type (type=?)" },
  { "sort=-number", NULL, "COVERING INDEX sqlite_autoindex_tickets_1" },
  { "sort=-created_at&q=Иванов", NULL, "tickets_search VIRTUAL TABLE" },
  { "sort=-created_at&q=Смирнова Анна", NULL, "tickets_search VIRTUAL TABLE" },
  { "sort=-created_at&q=2026-00012", NULL, "tickets_search VIRTUAL TABLE" },
  /* the client's other filters */
  { "q=MFC-2026-000123", NULL, "tickets_search VIRTUAL TABLE" },
  { "q=123", NULL, "tickets_search VIRTUAL TABLE" },
  { "q=ов", NULL, "INDEX tickets_by_created" },
  { "assignee=me", NULL, "INDEX tickets_by_assignee (assignee_id=?)" },
  { "assignee=office&sort=-created_at", NULL, "INDEX tickets_by_office (office_id=?)" },
  { "applicant=17", NULL, "INDEX tickets_by_applicant (applicant_id=?)" },
  { "at_risk=true&sort=due_date", NULL, "INDEX tickets_open_by_due (due_date>? AND due_date<?)" },
  { "status=in_progress", NULL, "INDEX tickets_by_status (status=?)" },
  { "office=1&status=accepted&sort=-created_at", NULL, "INDEX tickets_by_" },
  { "service=3&sort=-created_at", NULL, "COVERING INDEX tickets_by_service (service_id=?)" },
  { "service=3&status=in_progress&sort=-created_at", NULL, "COVERING INDEX tickets_by_service (service_id=? AND status=?)" },
  { "service=3&sort=due_date", NULL, "COVERING INDEX tickets_by_service (service_id=?)" },
  { "service=3&sort=-number", NULL, "COVERING INDEX tickets_by_service (service_id=?)" },
  { "from=2026-06-01&to=2026-06-30", NULL, "INDEX tickets_by_created_date (created_date>? AND created_date<?)" },
  /* overdue and at risk in the default order: the open tickets by
   * creation, everything tested in the index */
  { "overdue=true", NULL, "COVERING INDEX tickets_open_by_created" },
  { "overdue=true&sort=-created_at", "1795000000", "COVERING INDEX tickets_open_by_created (created_at<?)" },
  { "overdue=true&status=accepted,in_approval&sort=-created_at", NULL, "COVERING INDEX tickets_open_by_created" },
  { "overdue=true&service=3&type=complaint", NULL, "COVERING INDEX tickets_open_by_created" },
  { "at_risk=true&sort=created_at", NULL, "COVERING INDEX tickets_open_by_created" },
  /* … unless a narrower index of their own serves the other filters */
  { "overdue=true&assignee=me", NULL, "INDEX tickets_by_assignee (assignee_id=?)" },
};

/* A GET request of @path as the clerk of office 1 (clear with
 * request_clear()). */
static void
request_init (Fixture            *f,
              MfcTrainingRequest *req,
              const char         *path,
              GHashTable         *params)
{
  req->store = f->store;
  req->db = mfc_training_store_get_db (f->store);
  req->zones = f->zones;
  req->cursor_secret = "plans";
  req->now = TEST_NOW;
  req->method = "GET";
  req->path = path;
  req->query = params;
  req->user_id = 1;
  req->user_office_id = 1;
  req->headers = g_ptr_array_new_with_free_func (g_free);
  req->events = g_ptr_array_new_with_free_func (g_free);
}

static void
request_clear (Fixture            *f,
               MfcTrainingRequest *req)
{
  mfc_training_store_release_cached (f->store);
  g_ptr_array_unref (req->headers);
  g_ptr_array_unref (req->events);
}

/* EXPLAIN QUERY PLAN of @sql: its detail lines */
static char *
explain (Fixture    *f,
         const char *sql,
         GPtrArray  *binds)
{
  g_autofree char *query = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(sqlite3_stmt) stmt = mfc_training_store_prepare (f->store, query, NULL);
  GString *plan = g_string_new (NULL);

  g_assert_nonnull (stmt);
  mfc_tr_bind_all (stmt, binds);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  return g_string_free (plan, FALSE);
}

static char *
plan_of (Fixture    *f,
         const char *query,
         const char *after_key)
{
  static const char * const filters[] = { "status", "q", "sort", NULL };
  g_autoptr(GHashTable) params = soup_form_decode (query);
  g_autoptr(GPtrArray) binds = mfc_tr_binds_new ();
  g_autofree char *sql = NULL;
  MfcTrainingRequest req = { 0 };
  MfcTrainingPager pager = { 0 };
  char *plan;

  request_init (f, &req, "/api/v1/tickets", params);
  g_assert_true (mfc_tr_pager_begin (&req, filters, &pager));
  if (after_key != NULL)
    {
      pager.after_key = g_strdup (after_key);
      pager.after_id = 1000;
    }
  sql = mfc_tr_tickets_list_sql (&req, &pager, binds);
  g_assert_nonnull (sql);
  g_assert_cmpuint (req.status, ==, 0);
  plan = explain (f, sql, binds);

  mfc_tr_pager_clear (&pager);
  request_clear (f, &req);
  return plan;
}

/* The plan of the status chips' counts for @query */
static char *
counts_plan_of (Fixture    *f,
                const char *query)
{
  g_autoptr(GHashTable) params = soup_form_decode (query);
  g_autoptr(GPtrArray) binds = mfc_tr_binds_new ();
  g_autofree char *sql = NULL;
  MfcTrainingRequest req = { 0 };
  char *plan;

  request_init (f, &req, "/api/v1/tickets/counts", params);
  sql = mfc_tr_tickets_counts_sql (&req, binds);
  g_assert_nonnull (sql);
  plan = explain (f, sql, binds);
  request_clear (f, &req);
  return plan;
}

/* The chips of the shapes the counters do not hold are counted from an
 * index alone, never from the tickets' rows. */
static void
test_counts_plans (Fixture       *f,
                   gconstpointer  data)
{
  static const struct {
    const char *query;
    const char *index;
  } counted[] = {
    { "overdue=true", "COVERING INDEX tickets_by_status_due (status=? AND due_date<?)" },
    { "assignee=me", "COVERING INDEX tickets_by_assignee (assignee_id=?)" },
    { "type=complaint", "SEARCH t USING PRIMARY KEY (type=?)" },   /* the counters */
    { "service=3", "COVERING INDEX tickets_by_service (service_id=?)" },
    { "from=2026-06-01&to=2026-06-30", "COVERING INDEX tickets_by_created_date (created_date>? AND created_date<?)" },
    { "q=Иванов", "SCAN applicants_search VIRTUAL TABLE" },   /* however common */
  };

  for (guint i = 0; i < G_N_ELEMENTS (counted); i++)
    {
      g_autofree char *plan = counts_plan_of (f, counted[i].query);

      g_test_message ("counts of %s:\n%s", counted[i].query, plan);
      if (strstr (plan, counted[i].index) == NULL)
        g_error ("counts of %s: the plan does not use %s:\n%s", counted[i].query, counted[i].index, plan);
    }
}

static void
test_list_plans (Fixture       *f,
                 gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autofree char *plan = plan_of (f, shapes[i].query, shapes[i].after_key);
      g_auto(GStrv) lines = g_strsplit (plan, "\n", -1);

      g_test_message ("%s%s%s:\n%s", shapes[i].query, shapes[i].after_key != NULL ? " after " : "",
                      shapes[i].after_key != NULL ? shapes[i].after_key : "", plan);
      if (strstr (plan, shapes[i].index) == NULL)
        g_error ("%s: the plan does not use %s:\n%s", shapes[i].query, shapes[i].index, plan);
      for (guint k = 0; lines[k] != NULL; k++)
        {
          /* "SCAN t" alone reads the whole table; "SCAN t USING … INDEX"
           * walks an index in the sort order and stops at the page's end. */
          if (g_str_has_prefix (lines[k], "SCAN t") && strstr (lines[k], "INDEX") == NULL)
            g_error ("%s: a full table scan:\n%s", shapes[i].query, plan);
        }
      /* Sorting all matching rows is allowed only for the rare trigram
       * candidates (at most SEARCH_CANDIDATES_MAX), for a status list
       * (each status's run of the index is read in order and cut at the
       * page's end), and for one service's or one period's run of its
       * index (a few per cent of the tickets, the page's newest kept). */
      if (strstr (plan, "TEMP B-TREE FOR ORDER BY") != NULL &&
          strstr (plan, "tickets_search") == NULL &&
          strstr (plan, "tickets_by_status_due (status=?") == NULL &&
          strstr (plan, "tickets_by_applicant") == NULL &&
          strstr (plan, "tickets_by_service (service_id=?") == NULL &&
          strstr (plan, "tickets_by_created_date") == NULL)
        g_error ("%s: sorts every matching row:\n%s", shapes[i].query, plan);
    }
}

/* A text more common than the candidate limit goes along the sort index
 * instead (its matches come at once); a rare one through the trigrams. */
static void
test_search_choice (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *common = plan_of (f, "q=mfc", NULL);
  g_autofree char *rare = plan_of (f, "q=мфц-нет-такого", NULL);

  g_assert_null (strstr (common, "tickets_search"));
  g_assert_nonnull (strstr (common, "tickets_by_created"));
  g_assert_nonnull (strstr (rare, "tickets_search"));
}

/* A full name goes through the applicants' trigram index (listed before
 * the query, see name_candidates()) and then their tickets by applicant;
 * the tickets' own trigrams hold no names. */
static void
test_name_plan (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *plan = plan_of (f, "sort=-created_at&q=Смирнова Анна", NULL);

  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "INDEX tickets_by_applicant (applicant_id=?)"));
  g_assert_nonnull (strstr (plan, "tickets_search VIRTUAL TABLE"));
}

/* Every ticket id of the list for @query, all pages of @limit */
static GArray *
list_ids (Fixture    *f,
          const char *query)
{
  static const char * const filters[] = { "status", "q", "sort", NULL };
  g_autoptr(GHashTable) params = soup_form_decode (query);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  MfcTrainingRequest req = { 0 };
  MfcTrainingPager pager = { 0 };
  gboolean more = TRUE;

  req.store = f->store;
  req.db = mfc_training_store_get_db (f->store);
  req.zones = f->zones;
  req.cursor_secret = "plans";
  req.now = TEST_NOW;
  req.method = "GET";
  req.path = "/api/v1/tickets";
  req.query = params;
  req.user_id = 1;
  req.user_office_id = 1;
  req.headers = g_ptr_array_new_with_free_func (g_free);
  req.events = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (mfc_tr_pager_begin (&req, filters, &pager));
  pager.limit = 7;
  while (more)
    {
      g_autoptr(GPtrArray) binds = mfc_tr_binds_new ();
      g_autofree char *sql = mfc_tr_tickets_list_sql (&req, &pager, binds);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      int rows = 0;

      g_assert_nonnull (sql);
      stmt = mfc_training_store_prepare (f->store, sql, NULL);
      g_assert_nonnull (stmt);
      mfc_tr_bind_all (stmt, binds);
      while (sqlite3_step (stmt) == SQLITE_ROW && rows++ < pager.limit)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
          g_free (pager.after_key);
          pager.after_key = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          pager.after_id = id;
        }
      more = rows > pager.limit;
    }

  mfc_tr_pager_clear (&pager);
  mfc_training_store_release_cached (f->store);
  g_ptr_array_unref (req.headers);
  g_ptr_array_unref (req.events);

  return ids;
}

/* The same list by the contract's words, plainly: the tickets whose
 * number, description or applicant's (current) full name holds q, newest
 * first. */
static GArray *
reference_ids (Fixture    *f,
               const char *q,
               const char *status)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *needle = g_utf8_strdown (q, -1);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  stmt = mfc_training_store_prepare (f->store,
                                     "SELECT t.id, t.number, t.description, a.full_name, t.status"
                                     " FROM tickets t JOIN applicants a ON a.id = t.applicant_id"
                                     " ORDER BY t.created_at DESC, t.id DESC",
                                     NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gboolean found = FALSE;

      if (status != NULL && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 4), status) != 0)
        continue;
      for (int c = 1; c <= 3 && !found; c++)
        {
          g_autofree char *hay = g_utf8_strdown ((const char *) sqlite3_column_text (stmt, c) ?: "", -1);

          found = strstr (hay, needle) != NULL;
        }
      if (found)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
        }
    }

  return ids;
}

static void
assert_same_ids (GArray     *got,
                 GArray     *want,
                 const char *query)
{
  g_test_message ("%s: %u tickets", query, want->len);
  if (got->len != want->len)
    g_error ("%s: %u tickets, the reference has %u", query, got->len, want->len);
  for (guint i = 0; i < want->len; i++)
    if (g_array_index (got, gint64, i) != g_array_index (want, gint64, i))
      g_error ("%s: ticket %u is %" G_GINT64_FORMAT ", the reference has %" G_GINT64_FORMAT,
               query, i, g_array_index (got, gint64, i), g_array_index (want, gint64, i));
}

/* The lists through the indexes of migrations 8 and 9 (the open tickets
 * by creation for overdue ones, a service's and a period's tickets) hold
 * exactly the tickets a plain reading of every row finds, in the same
 * order, page after page. */
static void
test_index_results (Fixture       *f,
                    gconstpointer  data)
{
#define OVERDUE " AND status IN ('accepted', 'in_progress', 'in_approval', 'awaiting_documents')" \
                " AND due_date < ?1 AND due_date < CASE WHEN status = 'awaiting_documents'" \
                " THEN coalesce (paused_on, ?1) ELSE ?1 END"
  static const struct {
    const char *query;
    const char *where;   /* the same filter in the reference's SQL */
    const char *index;   /* the list's plan uses it */
  } lists[] = {
    { "overdue=true", OVERDUE, "tickets_open_by_created" },
    { "overdue=true&status=accepted,in_approval&sort=-created_at",
      OVERDUE " AND status IN ('accepted', 'in_approval')", "tickets_open_by_created" },
    { "overdue=true&status=awaiting_documents", OVERDUE " AND status = 'awaiting_documents'",
      "tickets_open_by_created" },
    { "overdue=true&type=complaint", OVERDUE " AND type = 'complaint'", "tickets_open_by_created" },
    { "overdue=true&service=5", OVERDUE " AND service_id = 5", "tickets_open_by_created" },
    { "service=5", " AND service_id = 5", "tickets_by_service" },
    { "service=5&status=accepted,in_progress", " AND service_id = 5 AND status IN ('accepted', 'in_progress')",
      "tickets_by_service" },
    { "from=2026-10-01&to=2026-10-31", " AND created_date BETWEEN '2026-10-01' AND '2026-10-31'",
      "tickets_by_created_date" },
  };
#undef OVERDUE
  g_autofree char *today = mfc_tr_local_date (f->zones, TEST_NOW, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autofree char *plan = plan_of (f, lists[i].query, NULL);
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM tickets NOT INDEXED WHERE 1%s"
                                              " ORDER BY created_at DESC, id DESC", lists[i].where);
      g_autoptr(sqlite3_stmt) stmt = mfc_training_store_prepare (f->store, sql, NULL);
      g_autoptr(GArray) want = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) got = list_ids (f, lists[i].query);

      if (strstr (plan, lists[i].index) == NULL)
        g_error ("%s: the plan does not use %s:\n%s", lists[i].query, lists[i].index, plan);
      g_assert_nonnull (stmt);
      if (sqlite3_bind_parameter_count (stmt) > 0)
        sqlite3_bind_text (stmt, 1, today, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (want, id);
        }
      if (want->len <= 7)   /* more than one page */
        g_error ("%s: %u tickets in the reference", lists[i].query, want->len);
      assert_same_ids (got, want, lists[i].query);
      mfc_training_store_release_cached (f->store);
    }
}

/* The status chips of a search, however common its text, count exactly
 * the tickets the list's reference finds, per status. */
static void
test_search_counts (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const terms[] = {
    "Смирнова Анна", "Иванов", "смирн", "ов", "2026-00012", "MFC-2026-0001", "очеред", "нет-такого-текста",
  };
  static const char * const statuses[] = {
    "accepted", "in_progress", "in_approval", "awaiting_documents", "approved", "rejected",
  };

  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    {
      g_autofree char *escaped = g_uri_escape_string (terms[i], NULL, FALSE);
      g_autofree char *query = g_strdup_printf ("q=%s", escaped);
      g_autoptr(GHashTable) params = soup_form_decode (query);
      g_autoptr(GPtrArray) binds = mfc_tr_binds_new ();
      g_autoptr(GHashTable) got = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *sql = NULL;
      MfcTrainingRequest req = { 0 };
      guint total = 0;

      request_init (f, &req, "/api/v1/tickets/counts", params);
      sql = mfc_tr_tickets_counts_sql (&req, binds);
      g_assert_nonnull (sql);
      stmt = mfc_training_store_prepare (f->store, sql, NULL);
      g_assert_nonnull (stmt);
      mfc_tr_bind_all (stmt, binds);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_hash_table_insert (got, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                             GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
      g_clear_pointer (&stmt, sqlite3_finalize);
      request_clear (f, &req);

      for (guint k = 0; k < G_N_ELEMENTS (statuses); k++)
        {
          g_autoptr(GArray) want = reference_ids (f, terms[i], statuses[k]);

          total += want->len;
          if (GPOINTER_TO_UINT (g_hash_table_lookup (got, statuses[k])) != want->len)
            g_error ("%s: %u %s, the reference has %u", query,
                     GPOINTER_TO_UINT (g_hash_table_lookup (got, statuses[k])), statuses[k], want->len);
        }
      g_test_message ("%s: %u tickets", terms[i], total);
    }
}

/* Both search paths (few candidates by id, many along the sort index)
 * return exactly the reference's tickets in its order, also after an
 * applicant's name changed. */
static void
test_search_results (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const terms[] = {
    "Смирнова Анна", "Иванов", "смирн", "ов", "а", "2026-00012", "MFC-2026-0001", "123",
    "очеред", "ТЕРМИНАЛ", "Петрова", "нет-такого-текста",
  };
  g_autoptr(sqlite3_stmt) rename = NULL;

  for (int round = 0; round < 2; round++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
        for (int with_status = 0; with_status < 2; with_status++)
          {
            g_autofree char *escaped = g_uri_escape_string (terms[i], NULL, FALSE);
            g_autofree char *query = g_strdup_printf ("sort=-created_at&q=%s%s", escaped,
                                                      with_status ? "&status=accepted" : "");
            g_autoptr(GArray) got = list_ids (f, query);
            g_autoptr(GArray) want = reference_ids (f, terms[i], with_status ? "accepted" : NULL);

            assert_same_ids (got, want, query);
          }
      /* Applicant 7 is now «Переименованова Ия»: found by it, not by the
       * old name */
      rename = mfc_training_store_prepare (f->store,
                                           "UPDATE applicants SET full_name = 'Переименованова Ия',"
                                           " full_name_lc = 'переименованова ия' WHERE id = 7",
                                           NULL);
      g_assert_cmpint (sqlite3_step (rename), ==, SQLITE_DONE);
      g_clear_pointer (&rename, sqlite3_finalize);
    }
  {
    g_autoptr(GArray) got = list_ids (f, "q=%D0%BF%D0%B5%D1%80%D0%B5%D0%B8%D0%BC%D0%B5%D0%BD%D0%BE%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0");
    g_autoptr(GArray) want = reference_ids (f, "переименованова", NULL);

    g_assert_cmpuint (want->len, >, 0);
    assert_same_ids (got, want, "q=переименованова");
  }
}

static char *
rows_text (Fixture    *f,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = mfc_training_store_prepare (f->store, sql, NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        g_string_append_printf (text, "%s ", (const char *) sqlite3_column_text (stmt, c));
      g_string_append_c (text, '\n');
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_counters (Fixture *f)
{
  g_autofree char *kept = rows_text (f, "SELECT type, status, channel, priority, n FROM ticket_counts"
                                        " WHERE n > 0 ORDER BY 1, 2, 3, 4");
  g_autofree char *counted = rows_text (f, "SELECT type, status, channel, priority, count(*) FROM tickets"
                                           " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");
  g_autofree char *office_kept = rows_text (f, "SELECT office_id, type, status, n FROM ticket_office_counts"
                                               " WHERE n > 0 ORDER BY 1, 2, 3");
  g_autofree char *office_counted = rows_text (f, "SELECT office_id, type, status, count(*) FROM tickets"
                                                  " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");

  g_assert_cmpstr (kept, ==, counted);
  g_assert_cmpstr (office_kept, ==, office_counted);
}

/* The status chips' counters equal a count of the tickets after the seed
 * and after every kind of write, each in its own transaction. */
static void
test_counters (Fixture       *f,
               gconstpointer  data)
{
  static const char * const writes[] = {
    "INSERT INTO tickets (number, type, status, applicant_id, office_id, search_lc, created_at,"
    " created_date, updated_at, due_date, channel, priority)"
    " VALUES ('MFC-2026-900001', 'complaint', 'accepted', 1, 2, 'mfc-2026-900001', 1, '2026-11-23', 1,"
    " '2026-12-10', 'phone', 'urgent')",
    "UPDATE tickets SET status = 'in_progress' WHERE number = 'MFC-2026-900001'",
    "UPDATE tickets SET status = 'rejected', priority = 'high' WHERE id IN (SELECT id FROM tickets"
    " WHERE status = 'accepted' LIMIT 5)",
    "UPDATE tickets SET office_id = 3, type = 'request' WHERE id = 10",
    "UPDATE tickets SET assignee_id = 1 WHERE id = 11",
    "DELETE FROM ticket_history WHERE ticket_id = 12; DELETE FROM ticket_comments WHERE ticket_id = 12;"
    " DELETE FROM ticket_notices WHERE ticket_id = 12; DELETE FROM ticket_documents WHERE ticket_id = 12;"
    " DELETE FROM tickets WHERE id = 12",
  };
  g_autoptr(GError) error = NULL;

  assert_counters (f);
  for (guint i = 0; i < G_N_ELEMENTS (writes); i++)
    {
      g_assert_true (mfc_training_store_begin (f->store, &error));
      g_assert_true (mfc_training_store_exec (f->store, writes[i], &error));
      g_assert_no_error (error);
      g_assert_true (mfc_training_store_commit (f->store, &error));
      assert_counters (f);
    }
  /* A rolled-back write leaves them as they were */
  g_assert_true (mfc_training_store_begin (f->store, &error));
  g_assert_true (mfc_training_store_exec (f->store, "UPDATE tickets SET status = 'approved'", &error));
  mfc_training_store_rollback (f->store);
  assert_counters (f);
}

/* The automatic escalation looks only at open tickets not escalated yet. */
static void
test_escalation_plan (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) plan = g_string_new (NULL);

  stmt = mfc_training_store_prepare (f->store,
                                     "EXPLAIN QUERY PLAN SELECT t.id FROM tickets t INDEXED BY tickets_to_escalate"
                                     " JOIN offices o ON o.id = t.office_id"
                                     " WHERE t.escalated_at IS NULL"
                                     " AND t.status IN ('accepted', 'in_progress', 'in_approval')"
                                     " AND t.due_date < ? AND o.timezone = ?"
                                     " ORDER BY t.due_date, t.id LIMIT ?",
                                     NULL);
  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  g_assert_nonnull (strstr (plan->str, "INDEX tickets_to_escalate (due_date<?)"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/training/plans/lists", Fixture, NULL, fixture_set_up, test_list_plans, fixture_tear_down);
  g_test_add ("/training/plans/counts", Fixture, NULL, fixture_set_up, test_counts_plans, fixture_tear_down);
  g_test_add ("/training/plans/search", Fixture, NULL, fixture_set_up, test_search_choice, fixture_tear_down);
  g_test_add ("/training/plans/name", Fixture, NULL, fixture_set_up, test_name_plan, fixture_tear_down);
  g_test_add ("/training/plans/search-results", Fixture, NULL, fixture_set_up, test_search_results,
              fixture_tear_down);
  g_test_add ("/training/plans/search-counts", Fixture, NULL, fixture_set_up, test_search_counts,
              fixture_tear_down);
  g_test_add ("/training/plans/index-results", Fixture, NULL, fixture_set_up, test_index_results,
              fixture_tear_down);
  g_test_add ("/training/plans/counters", Fixture, NULL, fixture_set_up, test_counters, fixture_tear_down);
  g_test_add ("/training/plans/escalation", Fixture, NULL, fixture_set_up, test_escalation_plan,
              fixture_tear_down);

  return g_test_run ();
}
