/* test-training-results.c — what happens around a ticket besides its
 * workflow: arrival channel and priority, the notices the service sends
 * the applicant (kept by the training server), handing over the result,
 * the automatic escalation of overdue tickets (with the server's clock),
 * the at-risk flag and filter, the status counts, and the supervisor's
 * summary checked against direct SQL counts on the demo seed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "test-training-common.h"

#define DAY (24 * 3600)

static char *
create_ticket (Fixture    *f,
               const char *token,
               const char *applicant)
{
  g_autofree char *json = g_strdup_printf ("{\"type\":\"application\",\"applicant_id\":\"%s\","
                                           "\"service_id\":\"1\",\"channel\":\"portal\","
                                           "\"priority\":\"high\"}", applicant);
  g_autoptr(Reply) r = post (f, "/api/v1/tickets", token, json);

  assert_status (r, 201);
  g_assert_cmpstr (str (r, "channel"), ==, "portal");
  g_assert_cmpstr (str (r, "priority"), ==, "high");
  return g_strdup (str (r, "id"));
}

static Reply *
move (Fixture    *f,
      const char *token,
      const char *id,
      const char *json)
{
  return post_action (f, token, "tickets", id, "transitions", json);
}

static Reply *
get_ticket (Fixture    *f,
            const char *token,
            const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/tickets/%s", id);
  Reply *r = call (f, "GET", path, token, NULL, NULL);

  assert_status (r, 200);
  return r;
}

static void
test_handover_and_notices (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autofree char *id = create_ticket (f, token, "17");
  g_autoptr(Reply) early = post_action (f, token, "tickets", id, "handover", "{}");
  g_autoptr(Reply) work = move (f, token, id, "{\"to\":\"in_progress\"}");
  g_autoptr(Reply) wait = move (f, token, id, "{\"to\":\"awaiting_documents\",\"comment\":\"Справка о доходах\"}");
  g_autoptr(Reply) back = move (f, token, id, "{\"to\":\"in_approval\"}");
  g_autoptr(Reply) approve = move (f, token, id, "{\"to\":\"approved\"}");
  g_autoptr(Reply) handover = NULL;
  g_autoptr(Reply) again = NULL;
  g_autoptr(Reply) ticket = NULL;
  JsonObject *result, *last;
  JsonArray *notices, *history;
  static const char * const kinds[] = {
    "status_changed", "status_changed", "documents_missing", "status_changed", "result_ready",
  };

  assert_error (early, 409, "transition_not_allowed");
  assert_status (work, 200);
  assert_status (wait, 200);
  assert_status (back, 200);
  assert_status (approve, 200);

  /* «Результат готов к выдаче»: decided, not handed over */
  result = json_object_get_object_member (obj (approve), "result");
  g_assert_nonnull (result);
  g_assert_cmpstr (json_object_get_string_member (result, "decision"), ==, "approved");
  g_assert_true (json_object_get_null_member (result, "handed_over_at"));
  g_assert_true (json_object_get_null_member (result, "handed_over_by"));

  /* One notice per status change, by SMS (the applicant's default) */
  notices = json_object_get_array_member (obj (approve), "notices");
  g_assert_cmpuint (json_array_get_length (notices), ==, G_N_ELEMENTS (kinds));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      JsonObject *n = json_array_get_object_element (notices, i);

      g_assert_cmpstr (json_object_get_string_member (n, "channel"), ==, "sms");
      g_assert_cmpstr (json_object_get_string_member (n, "kind"), ==, kinds[i]);
      g_assert_nonnull (strstr (json_object_get_string_member (n, "text"), str (approve, "number")));
    }
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (notices, 2), "text"),
                            "Справка о доходах"));
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (notices, 4), "text"),
                            "готов"));

  mfc_training_server_set_fake_time (f->server, TEST_NOW + 3600);
  handover = post_action (f, token, "tickets", id, "handover", "{}");
  assert_status (handover, 200);
  result = json_object_get_object_member (obj (handover), "result");
  g_assert_cmpstr (json_object_get_string_member (result, "handed_over_at"), ==, "2026-11-23T11:00:00+07:00");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result, "handed_over_by"), "id"),
                   ==, "1");
  history = json_object_get_array_member (obj (handover), "history");
  last = json_array_get_object_element (history, json_array_get_length (history) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "kind"), ==, "handover");
  g_assert_cmpstr (json_object_get_string_member (last, "to_status"), ==, "approved");
  g_assert_cmpstr (json_object_get_string_member (last, "comment"), ==, "Результат выдан заявителю");
  mfc_training_server_set_fake_time (f->server, TEST_NOW);

  again = post_action (f, token, "tickets", id, "handover", "{}");
  assert_error (again, 409, "transition_not_allowed");

  /* Kept: a fresh read shows the same */
  ticket = get_ticket (f, token, id);
  g_assert_false (json_object_get_null_member (json_object_get_object_member (obj (ticket), "result"),
                                               "handed_over_at"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (ticket), "notices")), ==, 5);
}

/* The applicant's channel: e-mail needs an address; none sends nothing. */
static void
test_notify_channel (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(Reply) applicant = call (f, "GET", "/api/v1/applicants/18", token, NULL, NULL);
  g_autoptr(Reply) refused = NULL;
  g_autoptr(Reply) none = NULL;
  g_autoptr(Reply) email = NULL;
  g_autoptr(Reply) ticket = NULL;
  g_autofree char *id = NULL;
  g_autofree char *etag = NULL;
  JsonArray *notices;

  assert_status (applicant, 200);
  g_assert_cmpstr (str (applicant, "notify_channel"), ==, "sms");
  etag = g_strdup (soup_message_headers_get_one (applicant->headers, "ETag"));
  {
    const char *headers[] = { "If-Match", etag, NULL };

    refused = call (f, "PATCH", "/api/v1/applicants/18", token,
                    "{\"notify_channel\":\"email\",\"email\":null}", headers);
    assert_error (refused, 422, "validation_failed");
    none = call (f, "PATCH", "/api/v1/applicants/18", token, "{\"notify_channel\":\"none\"}", headers);
    assert_status (none, 200);
    g_assert_cmpstr (str (none, "notify_channel"), ==, "none");
  }

  id = create_ticket (f, token, "18");
  ticket = get_ticket (f, token, id);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (ticket), "notices")), ==, 0);
  g_clear_pointer (&ticket, reply_free);

  g_free (etag);
  etag = g_strdup (soup_message_headers_get_one (none->headers, "ETag"));
  {
    const char *headers[] = { "If-Match", etag, NULL };

    email = call (f, "PATCH", "/api/v1/applicants/18", token,
                  "{\"notify_channel\":\"email\",\"email\":\"a.test@example.ru\"}", headers);
    assert_status (email, 200);
  }
  g_clear_pointer (&ticket, reply_free);
  ticket = move (f, token, id, "{\"to\":\"in_progress\"}");
  assert_status (ticket, 200);
  notices = json_object_get_array_member (obj (ticket), "notices");
  g_assert_cmpuint (json_array_get_length (notices), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (notices, 0), "channel"),
                   ==, "email");
  {
    g_autofree char *expected = g_strdup_printf ("Обращение %s: статус «В работе».", str (ticket, "number"));

    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (notices, 0), "text"),
                     ==, expected);
  }
}

typedef struct
{
  GPtrArray *texts;
  char      *wanted_id;
  gboolean   seen;
} EventLog;

static void
message_cb (SoupWebsocketConnection *conn,
            int                      type,
            GBytes                  *message,
            EventLog                *log)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = g_bytes_get_data (message, &len);
  JsonObject *envelope, *ticket;

  if (!json_parser_load_from_data (parser, data, len, NULL))
    return;
  envelope = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member (envelope, "type"), "ticket.updated") != 0)
    return;
  ticket = json_object_get_object_member (envelope, "data");
  if (g_strcmp0 (json_object_get_string_member (ticket, "id"), log->wanted_id) == 0 &&
      json_object_get_boolean_member (ticket, "escalated"))
    log->seen = TRUE;
}

static gboolean
event_seen (gpointer data)
{
  return ((EventLog *) data)->seen;
}

/* A ticket past its deadline goes to the office's supervisor by itself,
 * once, with a history entry and an event; a paused one does not. */
static void
test_escalation (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autofree char *id = create_ticket (f, token, "17");
  g_autofree char *paused_id = create_ticket (f, token, "17");
  g_autoptr(Reply) work = move (f, token, id, "{\"to\":\"in_progress\"}");
  g_autoptr(Reply) paused = NULL;
  g_autoptr(Reply) ticket = NULL;
  g_autoptr(SoupWebsocketConnection) ws = NULL;
  g_autoptr(GAsyncResult) connected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ws_url = NULL;
  g_autoptr(SoupMessage) upgrade = NULL;
  GDateTime *due_time;
  EventLog log = { 0 };
  JsonArray *history;
  JsonObject *last;
  const char *due;
  int at_risk_seen = 0;
  guint n_history;

  assert_status (work, 200);
  g_assert_false (json_object_get_boolean_member (obj (work), "escalated"));
  g_assert_true (json_object_get_null_member (obj (work), "assignee"));
  paused = move (f, token, paused_id, "{\"to\":\"in_progress\"}");
  g_clear_pointer (&paused, reply_free);
  paused = move (f, token, paused_id, "{\"to\":\"awaiting_documents\"}");
  assert_status (paused, 200);
  due = str (work, "due_date");

  /* The event stream, to see the ticket.updated of the escalation */
  ws_url = g_strdup_printf ("%s/api/v1/events?token=%s", f->base_url, token);
  ws_url[0] = 'w'; ws_url[1] = 's';
  memmove (ws_url + 2, ws_url + 4, strlen (ws_url + 4) + 1);
  upgrade = soup_message_new ("GET", ws_url);
  soup_session_websocket_connect_async (f->session, upgrade, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        store_result_cb, &connected);
  wait_for_result (&connected, 10, "the event socket");
  ws = soup_session_websocket_connect_finish (f->session, connected, &error);
  g_assert_no_error (error);
  log.wanted_id = id;
  g_signal_connect (ws, "message", G_CALLBACK (message_cb), &log);

  /* Two working days before the due date it is at risk, not escalated */
  {
    g_autofree char *d = g_strdup_printf ("%sT10:00:00+07:00", due);
    g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");

    due_time = g_date_time_new_from_iso8601 (d, tz);
    g_assert_nonnull (due_time);
  }
  for (int back_days = 1; back_days <= 6 && at_risk_seen == 0; back_days++)
    {
      g_autoptr(Reply) r = NULL;
      g_autoptr(Reply) list = NULL;
      g_autofree char *list_path = NULL;

      mfc_training_server_set_fake_time (f->server, g_date_time_to_unix (due_time) - (gint64) back_days * DAY);
      g_free (token);
      token = login (f, "clerk", NULL);
      r = get_ticket (f, token, id);
      if (json_object_get_int_member (obj (r), "working_days_left") == 2)
        {
          g_assert_true (json_object_get_boolean_member (obj (r), "at_risk"));
          g_assert_false (json_object_get_boolean_member (obj (r), "escalated"));
          list_path = g_strdup_printf ("/api/v1/tickets?at_risk=true&applicant=17&limit=200");
          list = call (f, "GET", list_path, token, NULL, NULL);
          assert_status (list, 200);
          for (guint i = 0; i < json_array_get_length (items (list)); i++)
            {
              JsonObject *t = json_array_get_object_element (items (list), i);

              g_assert_true (json_object_get_boolean_member (t, "at_risk"));
              if (g_str_equal (json_object_get_string_member (t, "id"), id))
                at_risk_seen++;
            }
        }
    }
  g_assert_cmpint (at_risk_seen, ==, 1);

  /* The day after the due date: overdue, escalated at the next requests
   * (a bounded batch per request, the oldest due dates first). */
  mfc_training_server_set_fake_time (f->server, g_date_time_to_unix (due_time) + DAY);
  g_date_time_unref (due_time);
  g_free (token);
  token = login (f, "clerk", NULL);
  for (int i = 0; i < 60; i++)
    {
      g_clear_pointer (&ticket, reply_free);
      ticket = get_ticket (f, token, id);
      if (json_object_get_boolean_member (obj (ticket), "escalated"))
        break;
    }
  g_assert_true (json_object_get_boolean_member (obj (ticket), "overdue"));
  g_assert_true (json_object_get_boolean_member (obj (ticket), "escalated"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj (ticket), "assignee"), "id"),
                   ==, "2");   /* «supervisor», office 1 */
  history = json_object_get_array_member (obj (ticket), "history");
  last = json_array_get_object_element (history, json_array_get_length (history) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "kind"), ==, "escalation");
  g_assert_cmpstr (json_object_get_string_member (last, "comment"), ==, "Срок истёк — передано руководителю");
  g_assert_cmpstr (json_object_get_string_member (last, "from_status"), ==, "in_progress");
  g_assert_cmpstr (json_object_get_string_member (last, "to_status"), ==, "in_progress");
  wait_until (event_seen, &log, 10, "the ticket.updated event of the escalation");

  /* Once only: a later check leaves it alone */
  n_history = json_array_get_length (history);
  mfc_training_server_set_fake_time (f->server, TEST_NOW + 120 * DAY);
  g_free (token);
  token = login (f, "clerk", NULL);
  g_clear_pointer (&ticket, reply_free);
  ticket = get_ticket (f, token, id);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (ticket), "history")), ==,
                    n_history);

  /* The paused one was not escalated */
  g_clear_pointer (&paused, reply_free);
  paused = get_ticket (f, token, paused_id);
  g_assert_false (json_object_get_boolean_member (obj (paused), "escalated"));
  mfc_training_server_set_fake_time (f->server, TEST_NOW);
  soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}

static gint64
walk_count (Fixture    *f,
            const char *token,
            const char *path)
{
  g_autofree char *cursor = NULL;
  gint64 n = 0;

  do
    {
      g_autofree char *escaped = cursor != NULL ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
      g_autofree char *url = cursor != NULL ? g_strdup_printf ("%s&cursor=%s", path, escaped) : g_strdup (path);
      g_autoptr(Reply) r = call (f, "GET", url, token, NULL, NULL);
      JsonObject *page;

      assert_status (r, 200);
      page = obj (r);
      n += json_array_get_length (json_object_get_array_member (page, "items"));
      g_clear_pointer (&cursor, g_free);
      if (!json_object_get_null_member (page, "next_cursor"))
        cursor = g_strdup (json_object_get_string_member (page, "next_cursor"));
    }
  while (cursor != NULL);

  return n;
}

/* The status chips count what the list would show. */
static void
test_counts (Fixture       *f,
             gconstpointer  data)
{
  static const char * const statuses[] = {
    "accepted", "in_progress", "in_approval", "awaiting_documents", "approved", "rejected",
  };
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(Reply) counts = call (f, "GET", "/api/v1/tickets/counts?office=1&type=application&status=accepted,approved",
                                  token, NULL, NULL);
  JsonObject *by_status;

  assert_status (counts, 200);
  by_status = json_object_get_object_member (obj (counts), "by_status");
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/tickets?limit=200&office=1&type=application&status=%s",
                                               statuses[i]);

      g_assert_cmpint (json_object_get_int_member (by_status, statuses[i]), ==, walk_count (f, token, path));
    }
  g_assert_cmpint (json_object_get_int_member (obj (counts), "total"), ==,
                   json_object_get_int_member (by_status, "accepted") +
                   json_object_get_int_member (by_status, "approved"));
  g_assert_cmpint (json_object_get_int_member (by_status, "approved"), >, 0);
}

static gint64
sql_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static double
sql_median (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  guint n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      double v = sqlite3_column_double (stmt, 0);
      g_array_append_val (values, v);
    }
  sqlite3_finalize (stmt);
  n = values->len;
  g_assert_cmpuint (n, >, 0);

  return n % 2 ? g_array_index (values, double, n / 2)
               : (g_array_index (values, double, n / 2 - 1) + g_array_index (values, double, n / 2)) / 2;
}

#define PERIOD " t.office_id = 1 AND t.created_date BETWEEN '2026-08-01' AND '2026-11-23'"
#define OPEN " t.status NOT IN ('approved', 'rejected')"
#define FINAL_AT "(SELECT MAX(h.at) FROM ticket_history h WHERE h.ticket_id = t.id" \
                 " AND h.kind = 'transition' AND h.to_status IN ('approved', 'rejected'))"

/* The supervisor's summary equals direct SQL over the demo seed. */
static void
test_stats (Fixture       *f,
            gconstpointer  data)
{
  static const char * const open_statuses[] = { "accepted", "in_progress", "in_approval", "awaiting_documents" };
  static const char * const types[] = { "application", "request", "complaint", "suggestion" };
  g_autofree char *clerk = login (f, "clerk", NULL);
  g_autofree char *supervisor = login (f, "supervisor", NULL);
  g_autoptr(Reply) forbidden = call (f, "GET", "/api/v1/stats/tickets", clerk, NULL, NULL);
  g_autoptr(Reply) r = call (f, "GET", "/api/v1/stats/tickets?office=1&from=2026-08-01&to=2026-11-23",
                             supervisor, NULL, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  JsonObject *s, *by;
  JsonArray *array;
  guint k = 0;

  assert_error (forbidden, 403, "forbidden");
  assert_status (r, 200);
  s = obj (r);
  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM offices WHERE id = 1 AND timezone = 'Asia/Novosibirsk'"), ==, 1);

  g_assert_cmpint (json_object_get_int_member (s, "total"), ==,
                   sql_int (db, "SELECT count(*) FROM tickets t WHERE" PERIOD));
  g_assert_cmpint (json_object_get_int_member (s, "total"), >, 100);
  by = json_object_get_object_member (s, "open_by_status");
  for (guint i = 0; i < G_N_ELEMENTS (open_statuses); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM tickets t WHERE" PERIOD
                                              " AND t.status = '%s'", open_statuses[i]);
      g_assert_cmpint (json_object_get_int_member (by, open_statuses[i]), ==, sql_int (db, sql));
    }
  by = json_object_get_object_member (s, "open_by_type");
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM tickets t WHERE" PERIOD " AND" OPEN
                                              " AND t.type = '%s'", types[i]);
      g_assert_cmpint (json_object_get_int_member (by, types[i]), ==, sql_int (db, sql));
    }
  g_assert_cmpint (json_object_get_int_member (s, "overdue"), ==,
                   sql_int (db, "SELECT count(*) FROM tickets t WHERE" PERIOD " AND" OPEN
                                " AND t.due_date < CASE WHEN t.status = 'awaiting_documents'"
                                " THEN t.paused_on ELSE '2026-11-23' END"));
  /* Monday 23 November to Sunday 29 November */
  g_assert_cmpint (json_object_get_int_member (s, "due_this_week"), ==,
                   sql_int (db, "SELECT count(*) FROM tickets t WHERE" PERIOD " AND" OPEN
                                " AND t.due_date BETWEEN '2026-11-23' AND '2026-11-29'"));
  g_assert_cmpint (json_object_get_int_member (s, "decided"), ==,
                   sql_int (db, "SELECT count(*) FROM tickets t WHERE" PERIOD " AND NOT" OPEN));
  g_assert_cmpint (json_object_get_int_member (s, "decided_on_time"), ==,
                   sql_int (db, "SELECT count(*) FROM tickets t WHERE" PERIOD " AND NOT" OPEN
                                " AND date(" FINAL_AT " + 7 * 3600, 'unixepoch') <= t.due_date"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (s, "decided_on_time_share"),
                                  (double) json_object_get_int_member (s, "decided_on_time") /
                                  json_object_get_int_member (s, "decided"), 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (s, "median_hours_to_decision"),
                                  sql_median (db, "SELECT (" FINAL_AT " - t.created_at) / 3600.0 AS v"
                                                  " FROM tickets t WHERE" PERIOD " AND NOT" OPEN " ORDER BY v"),
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (s, "median_hours_to_first_action"),
                                  sql_median (db, "SELECT ((SELECT MIN(h.at) FROM ticket_history h"
                                                  " WHERE h.ticket_id = t.id AND h.from_status IS NOT NULL"
                                                  " AND h.kind = 'transition') - t.created_at) / 3600.0 AS v"
                                                  " FROM tickets t WHERE" PERIOD " AND v IS NOT NULL ORDER BY v"),
                                  1e-9);

  array = json_object_get_array_member (s, "rejection_reasons");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT h.reason, count(*) AS n FROM tickets t"
                                           " JOIN ticket_history h ON h.ticket_id = t.id AND h.to_status = 'rejected'"
                                           " WHERE" PERIOD " AND t.status = 'rejected'"
                                           " GROUP BY h.reason ORDER BY n DESC, h.reason", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *reason = json_array_get_object_element (array, k++);

      g_assert_cmpstr (json_object_get_string_member (reason, "reason"), ==,
                       (const char *) sqlite3_column_text (stmt, 0));
      g_assert_cmpint (json_object_get_int_member (reason, "count"), ==, sqlite3_column_int64 (stmt, 1));
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (k, ==, json_array_get_length (array));
  g_assert_cmpuint (k, >, 0);

  array = json_object_get_array_member (s, "load_per_clerk");
  k = 0;
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT t.assignee_id, count(*) AS n,"
                                           " sum(t.due_date < CASE WHEN t.status = 'awaiting_documents'"
                                           "  THEN t.paused_on ELSE '2026-11-23' END)"
                                           " FROM tickets t WHERE" PERIOD " AND" OPEN " AND t.assignee_id IS NOT NULL"
                                           " GROUP BY t.assignee_id ORDER BY n DESC, t.assignee_id", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *load = json_array_get_object_element (array, k++);
      g_autofree char *uid = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0));

      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (load, "user"), "id"), ==, uid);
      g_assert_cmpint (json_object_get_int_member (load, "open"), ==, sqlite3_column_int64 (stmt, 1));
      g_assert_cmpint (json_object_get_int_member (load, "overdue"), ==, sqlite3_column_int64 (stmt, 2));
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (k, ==, json_array_get_length (array));
  g_assert_cmpuint (k, >, 0);

  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/training/tickets/handover-notices", test_handover_and_notices);
  ADD ("/training/tickets/notify-channel", test_notify_channel);
  ADD ("/training/tickets/escalation", test_escalation);
  ADD ("/training/tickets/counts", test_counts);
  ADD ("/training/stats/tickets", test_stats);
#undef ADD

  return g_test_run ();
}
