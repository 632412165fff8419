/* mfc-training-stats.c — the supervisor's summary of an office's tickets
 * over a period (GET /api/v1/stats/tickets, openapi.yaml getTicketStats).
 *
 * The period selects the tickets created in it (dates in the office's
 * zone); "open" counts are of those tickets now.  Everything is computed
 * from one pass over the selected rows, so the numbers are exactly what a
 * direct SQL count over the same rows gives (tests/service/test-training-stats.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include "mfc-training-handlers.h"
#include "mfc-training-query.h"
#include "mfc-training-response.h"

/* Default period: the last 30 days up to today */
#define DEFAULT_DAYS 30

static const char * const open_statuses[] = {
  "accepted", "in_progress", "in_approval", "awaiting_documents",
};
static const char * const ticket_types[] = {
  "application", "request", "complaint", "suggestion",
};

typedef struct
{
  gint64  id;
  char   *name;
  gint64  open;
  gint64  overdue;
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_free (load->name);
  g_free (load);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The median (the mean of the two middle values of an even count), or
 * null when there are none. */
static void
set_median (JsonObject *object,
            const char *name,
            GArray     *values)
{
  double median;
  guint n = values->len;

  if (n == 0)
    {
      json_object_set_null_member (object, name);
      return;
    }
  g_array_sort (values, compare_double);
  if (n % 2 == 1)
    median = g_array_index (values, double, n / 2);
  else
    median = (g_array_index (values, double, n / 2 - 1) + g_array_index (values, double, n / 2)) / 2;
  json_object_set_double_member (object, name, median);
}

static int
compare_load (gconstpointer a,
              gconstpointer b)
{
  const Load *x = *(Load * const *) a, *y = *(Load * const *) b;

  if (x->open != y->open)
    return x->open > y->open ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

typedef struct
{
  char   *reason;
  gint64  count;
} Reason;

static int
compare_reason (gconstpointer a,
                gconstpointer b)
{
  const Reason *x = *(Reason * const *) a, *y = *(Reason * const *) b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_strcmp0 (x->reason, y->reason);
}

static void
reason_free (gpointer data)
{
  Reason *reason = data;

  g_free (reason->reason);
  g_free (reason);
}

void
mfc_tr_ticket_stats (MfcTrainingRequest *req)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(GHashTable) loads = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, load_free);
  g_autoptr(GHashTable) reasons = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, reason_free);
  g_autoptr(GHashTable) todays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GArray) first_action = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) decision = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) sorted = NULL;
  g_autofree char *today_text = mfc_tr_local_date (req->zones, req->now, NULL);
  g_autofree char *from_text = NULL, *to_text = NULL, *week_start = NULL, *week_end = NULL;
  JsonObject *by_status, *by_type;
  JsonArray *array;
  GHashTableIter iter;
  gpointer value;
  const char *office_text = mfc_tr_query (req, "office");
  const char *text;
  gint64 office_id = 0, total = 0, overdue = 0, due_week = 0, decided = 0, on_time = 0;
  guint32 from_j = 0, to_j = 0, today_j = 0;
  GDate week;

  if (g_strcmp0 (req->user_role, "supervisor") != 0 && g_strcmp0 (req->user_role, "trainer") != 0)
    {
      mfc_tr_error (req, 403, "forbidden", "Сводка доступна только руководителю", NULL);
      return;
    }
  if (office_text != NULL && !mfc_tr_parse_id (office_text, &office_id))
    {
      mfc_tr_bad_query (req, "office", "Ожидается идентификатор офиса");
      return;
    }
  if (office_text == NULL)
    office_id = req->user_office_id;

  mfc_tr_parse_date (today_text, &today_j);
  if (!mfc_tr_query_date (req, "to", &text, &to_j))
    return;
  to_text = text != NULL ? g_strdup (text) : g_strdup (today_text);
  if (text == NULL)
    to_j = today_j;
  if (!mfc_tr_query_date (req, "from", &text, &from_j))
    return;
  if (text == NULL)
    from_j = to_j - (DEFAULT_DAYS - 1);
  from_text = mfc_tr_format_date (from_j);
  if (from_j > to_j)
    {
      mfc_tr_bad_query (req, "from", "Начало периода позже его конца");
      return;
    }

  /* This week: Monday to Sunday around the region's today */
  g_date_clear (&week, 1);
  g_date_set_julian (&week, today_j);
  week_start = mfc_tr_format_date (today_j - (g_date_get_weekday (&week) - G_DATE_MONDAY));
  week_end = mfc_tr_format_date (today_j - (g_date_get_weekday (&week) - G_DATE_MONDAY) + 6);

  by_status = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (open_statuses); i++)
    json_object_set_int_member (by_status, open_statuses[i], 0);
  by_type = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (ticket_types); i++)
    json_object_set_int_member (by_type, ticket_types[i], 0);

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT t.id, t.type, t.status, t.due_date, t.paused_on, o.timezone,"
                                     " t.created_at, t.assignee_id, u.full_name,"
                                     " (SELECT MIN(h.at) FROM ticket_history h WHERE h.ticket_id = t.id"
                                     "  AND h.from_status IS NOT NULL AND h.kind = 'transition'),"
                                     " (SELECT MAX(h.at) FROM ticket_history h WHERE h.ticket_id = t.id"
                                     "  AND h.to_status IN ('approved', 'rejected') AND h.kind = 'transition'),"
                                     " (SELECT h.reason FROM ticket_history h WHERE h.ticket_id = t.id"
                                     "  AND h.to_status = 'rejected' AND h.kind = 'transition'"
                                     "  ORDER BY h.id DESC LIMIT 1)"
                                     " FROM tickets t JOIN offices o ON o.id = t.office_id"
                                     " LEFT JOIN users u ON u.id = t.assignee_id"
                                     " WHERE (?1 = 0 OR t.office_id = ?1)"
                                     " AND t.created_date >= ?2 AND t.created_date <= ?3",
                                     NULL);
  if (stmt == NULL)
    {
      mfc_tr_internal (req);
      return;
    }
  sqlite3_bind_int64 (stmt, 1, office_id);
  sqlite3_bind_text (stmt, 2, from_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to_text, -1, SQLITE_TRANSIENT);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 1);
      const char *status = (const char *) sqlite3_column_text (stmt, 2);
      const char *due = (const char *) sqlite3_column_text (stmt, 3);
      const char *zone = (const char *) sqlite3_column_text (stmt, 5);
      gint64 created = sqlite3_column_int64 (stmt, 6);
      gboolean final = g_str_equal (status, "approved") || g_str_equal (status, "rejected");

      total++;
      if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
        {
          double hours = (sqlite3_column_int64 (stmt, 9) - created) / 3600.0;
          g_array_append_val (first_action, hours);
        }

      if (final)
        {
          decided++;
          if (sqlite3_column_type (stmt, 10) != SQLITE_NULL)
            {
              gint64 at = sqlite3_column_int64 (stmt, 10);
              double hours = (at - created) / 3600.0;
              g_autofree char *date = mfc_tr_local_date (req->zones, at, zone);

              g_array_append_val (decision, hours);
              if (g_strcmp0 (date, due) <= 0)
                on_time++;
            }
          if (g_str_equal (status, "rejected") && sqlite3_column_type (stmt, 11) != SQLITE_NULL)
            {
              const char *why = (const char *) sqlite3_column_text (stmt, 11);
              Reason *reason = g_hash_table_lookup (reasons, why);

              if (reason == NULL)
                {
                  reason = g_new0 (Reason, 1);
                  reason->reason = g_strdup (why);
                  g_hash_table_insert (reasons, reason->reason, reason);
                }
              reason->count++;
            }
        }
      else
        {
          const char *reference;
          gboolean late;

          if (g_str_equal (status, "awaiting_documents") && sqlite3_column_type (stmt, 4) != SQLITE_NULL)
            reference = (const char *) sqlite3_column_text (stmt, 4);
          else
            {
              reference = g_hash_table_lookup (todays, zone);
              if (reference == NULL)
                {
                  char *today = mfc_tr_local_date (req->zones, req->now, zone);

                  g_hash_table_insert (todays, g_strdup (zone), today);
                  reference = today;
                }
            }
          late = g_strcmp0 (due, reference) < 0;

          json_object_set_int_member (by_status, status, json_object_get_int_member (by_status, status) + 1);
          json_object_set_int_member (by_type, type, json_object_get_int_member (by_type, type) + 1);
          if (late)
            overdue++;
          if (g_strcmp0 (due, week_start) >= 0 && g_strcmp0 (due, week_end) <= 0)
            due_week++;
          if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
            {
              gint64 uid = sqlite3_column_int64 (stmt, 7);
              Load *load = g_hash_table_lookup (loads, &uid);

              if (load == NULL)
                {
                  load = g_new0 (Load, 1);
                  load->id = uid;
                  load->name = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
                  g_hash_table_insert (loads, &load->id, load);
                }
              load->open++;
              if (late)
                load->overdue++;
            }
        }
    }
  if (office_id != 0)
    mfc_tr_set_id (answer, "office_id", office_id);
  else
    json_object_set_null_member (answer, "office_id");
  json_object_set_string_member (answer, "from", from_text);
  json_object_set_string_member (answer, "to", to_text);
  json_object_set_int_member (answer, "total", total);
  json_object_set_object_member (answer, "open_by_status", by_status);
  json_object_set_object_member (answer, "open_by_type", by_type);
  json_object_set_int_member (answer, "overdue", overdue);
  json_object_set_int_member (answer, "due_this_week", due_week);
  json_object_set_int_member (answer, "decided", decided);
  json_object_set_int_member (answer, "decided_on_time", on_time);
  if (decided > 0)
    json_object_set_double_member (answer, "decided_on_time_share", (double) on_time / decided);
  else
    json_object_set_null_member (answer, "decided_on_time_share");
  set_median (answer, "median_hours_to_first_action", first_action);
  set_median (answer, "median_hours_to_decision", decision);

  sorted = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, reasons);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_reason);
  array = json_array_new ();
  for (guint i = 0; i < sorted->len; i++)
    {
      Reason *reason = sorted->pdata[i];
      JsonObject *r = json_object_new ();

      json_object_set_string_member (r, "reason", reason->reason);
      json_object_set_int_member (r, "count", reason->count);
      json_array_add_object_element (array, r);
    }
  json_object_set_array_member (answer, "rejection_reasons", array);

  g_ptr_array_set_size (sorted, 0);
  g_hash_table_iter_init (&iter, loads);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_load);
  array = json_array_new ();
  for (guint i = 0; i < sorted->len; i++)
    {
      Load *load = sorted->pdata[i];
      JsonObject *l = json_object_new ();

      json_object_set_object_member (l, "user", mfc_tr_ref (load->id, "full_name", load->name));
      json_object_set_int_member (l, "open", load->open);
      json_object_set_int_member (l, "overdue", load->overdue);
      json_array_add_object_element (array, l);
    }
  json_object_set_array_member (answer, "load_per_clerk", array);

  mfc_tr_json (req, 200, answer);
}
