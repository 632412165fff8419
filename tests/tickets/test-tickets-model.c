/* test-tickets-model.c — the ticket models of src/tickets against the real
 * training server (its own thread, demo seed, clock fixed at Monday
 * 23 November 2026): paging without gaps or repeats while tickets are
 * created, the filters, only allowed moves, a rejection without reason
 * refused, a stale write, live updates from a second client, saved
 * filters across a restart, and the CSV export read back by Python.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>

#include "mfc-client.h"
#include "mfc-events.h"
#include "mfc-ticket.h"
#include "mfc-print-pdf.h"
#include "mfc-ticket-actions.h"
#include "mfc-ticket-card.h"
#include "mfc-ticket-export.h"
#include "mfc-ticket-filter.h"
#include "mfc-ticket-list.h"
#include "mfc-ticket-saved-filters.h"
#include "mfc-ticket-stats.h"
#include "mfc-ticket-timeline.h"

#include "printing-test-util.h"
#include "test-intake-common.h"

#define WAIT_SECONDS 60

static gboolean
list_idle (gpointer data)
{
  return !mfc_ticket_list_get_loading (data);
}

static void
wait_list (MfcTicketList *list)
{
  wait_until (list_idle, list, WAIT_SECONDS, "the ticket page");
  g_assert_null (mfc_ticket_list_get_error (list));
}

/* Every page of the list, as the view would ask for them */
static void
load_all (MfcTicketList *list)
{
  wait_list (list);
  while (!mfc_ticket_list_get_at_end (list))
    {
      mfc_ticket_list_load_more (list);
      wait_list (list);
    }
}

/* The ids of every ticket the server has for @path_query, walked by hand */
static GPtrArray *
server_ids (Fixture    *f,
            const char *token,
            const char *path_query)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;

  do
    {
      g_autofree char *path = NULL;
      g_autoptr(Reply) r = NULL;
      JsonNode *next;

      if (cursor != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (cursor, NULL, TRUE);
          path = g_strdup_printf ("%s%slimit=200&cursor=%s", path_query,
                                  strchr (path_query, '?') ? "&" : "?", escaped);
        }
      else
        path = g_strdup_printf ("%s%slimit=200", path_query, strchr (path_query, '?') ? "&" : "?");
      r = call (f, "GET", path, token, NULL, NULL);
      assert_status (r, 200);
      for (guint i = 0; i < json_array_get_length (items (r)); i++)
        g_ptr_array_add (ids, g_strdup (json_object_get_string_member (json_array_get_object_element (items (r), i), "id")));
      next = json_object_get_member (obj (r), "next_cursor");
      g_clear_pointer (&cursor, g_free);
      if (next != NULL && !JSON_NODE_HOLDS_NULL (next))
        cursor = g_strdup (json_node_get_string (next));
    }
  while (cursor != NULL);

  return ids;
}

static MfcTicket *
item (MfcTicketList *list,
      guint          i)
{
  return g_list_model_get_item (G_LIST_MODEL (list), i);
}

static char *
create_ticket (Fixture    *f,
               const char *token,
               const char *type)
{
  g_autoptr(Reply) a = call (f, "GET", "/api/v1/applicants?limit=1", token, NULL, NULL);
  const char *applicant;
  g_autofree char *json = NULL;
  g_autoptr(Reply) r = NULL;

  assert_status (a, 200);
  applicant = json_object_get_string_member (json_array_get_object_element (items (a), 0), "id");
  json = g_strdup_printf ("{\"type\":\"%s\",\"applicant_id\":\"%s\",\"description\":\"Тест\"}", type, applicant);
  r = post (f, "/api/v1/tickets", token, json);
  assert_status (r, 201);
  return g_strdup (str (r, "id"));
}

static JsonObject *
get_ticket (Fixture    *f,
            const char *token,
            const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/tickets/%s", id);
  g_autoptr(Reply) r = call (f, "GET", path, token, NULL, NULL);

  assert_status (r, 200);
  return json_object_ref (obj (r));
}

static MfcTicket *
ticket_of (Fixture    *f,
           const char *token,
           const char *id)
{
  g_autoptr(JsonObject) o = get_ticket (f, token, id);
  g_autoptr(GError) error = NULL;
  MfcTicket *t = mfc_ticket_new_from_json (o, &error);

  g_assert_no_error (error);
  return t;
}

/* Sends an entry built by mfc-ticket-actions as the outbox would: its
 * method, path, body, Idempotency-Key and If-Match. */
static MfcClientResponse *
send_entry (MfcClient       *client,
            MfcOutboxEntry  *entry,
            GError         **error)
{
  g_autoptr(MfcQuery) query = mfc_query_new_from_string (mfc_outbox_entry_get_path (entry), NULL);
  g_autoptr(JsonNode) body = mfc_outbox_entry_dup_body (entry);
  g_autoptr(GAsyncResult) result = NULL;

  mfc_client_request_async (client, mfc_outbox_entry_get_method (entry), query, body,
                            mfc_outbox_entry_get_if_match (entry), mfc_outbox_entry_get_key (entry),
                            NULL, store_result_cb, &result);
  wait_for_result (&result, WAIT_SECONDS, "the write");
  return mfc_client_request_finish (client, result, error);
}

/* ------------------------------------------------------------------ */

/* Small pages walked to the end while tickets are created between pages:
 * no ticket twice, none of those there at the start missing. */
static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autoptr(MfcTicketList) list = mfc_ticket_list_new (client);
  const char *statuses[] = { "accepted", "in_progress", NULL };
  g_autoptr(GPtrArray) before = server_ids (f, token, "/api/v1/tickets?status=accepted,in_progress");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint pages = 0;

  g_assert_cmpuint (before->len, >, 60);
  mfc_ticket_list_set_page_size (list, 25);
  mfc_ticket_filter_set_statuses (mfc_ticket_list_get_filter (list), statuses);
  mfc_ticket_list_start (list);
  wait_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 25);
  while (!mfc_ticket_list_get_at_end (list))
    {
      if (pages++ < 3)
        g_free (create_ticket (f, token, "request"));
      mfc_ticket_list_load_more (list);
      wait_list (list);
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(MfcTicket) t = item (list, i);

      g_assert_true (g_strv_contains (statuses, mfc_ticket_get_status (t)));
      g_assert_true (g_hash_table_add (seen, g_strdup (mfc_ticket_get_id (t))));
    }
  for (guint i = 0; i < before->len; i++)
    g_assert_true (g_hash_table_contains (seen, g_ptr_array_index (before, i)));
  g_assert_cmpuint (g_hash_table_size (seen), ==, before->len);
}

/* Each filter gives what the server gives for the same call; a number is
 * found by any fragment; a new filter drops the page in flight. */
static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autoptr(MfcTicketList) list = mfc_ticket_list_new (client);
  MfcTicketFilter *filter = mfc_ticket_list_get_filter (list);
  const char *awaiting[] = { "awaiting_documents", NULL };
  g_autoptr(MfcTicket) first = NULL;
  g_autofree char *fragment = NULL;
  g_autoptr(MfcQuery) query = NULL;
  g_autofree char *encoded = NULL;

  mfc_ticket_list_set_page_size (list, 200);
  mfc_ticket_list_start (list);
  wait_list (list);
  first = item (list, 0);

  /* A fragment of the number: the last digits, without leading zeros */
  fragment = g_strdup_printf ("%d", atoi (mfc_ticket_get_number (first) + 9));
  mfc_ticket_filter_set_text (filter, fragment);
  load_all (list);
  g_assert_nonnull (mfc_ticket_list_find (list, mfc_ticket_get_id (first), NULL));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(MfcTicket) t = item (list, i);
      g_autofree char *a = g_utf8_casefold (mfc_ticket_get_applicant_name (t), -1);

      g_assert_true (strstr (mfc_ticket_get_number (t), fragment) != NULL || strstr (a, fragment) != NULL ||
                     (mfc_ticket_get_description (t) != NULL && strstr (mfc_ticket_get_description (t), fragment) != NULL));
    }
  mfc_ticket_filter_set_text (filter, mfc_ticket_get_number (first));
  load_all (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  /* Several filters at once, equal to the server's own answer */
  mfc_ticket_filter_set_text (filter, NULL);
  mfc_ticket_filter_set_statuses (filter, awaiting);
  mfc_ticket_filter_set_kind (filter, "application");
  mfc_ticket_filter_set_overdue (filter, TRUE);
  load_all (list);
  {
    g_autoptr(GPtrArray) ids = server_ids (f, token, "/api/v1/tickets?status=awaiting_documents&type=application&overdue=true");

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, ids->len);
    for (guint i = 0; i < ids->len; i++)
      g_assert_nonnull (mfc_ticket_list_find (list, g_ptr_array_index (ids, i), NULL));
  }

  /* Mine, my office, dates: the query says so */
  mfc_ticket_filter_set_assignee (filter, MFC_TICKET_ASSIGNEE_ME);
  mfc_ticket_filter_set_dates (filter, "2026-11-01", "not a date");
  query = mfc_ticket_list_dup_query (list);
  encoded = mfc_query_to_string (query);
  g_assert_nonnull (strstr (encoded, "assignee=me"));
  g_assert_nonnull (strstr (encoded, "from=2026-11-01"));
  g_assert_null (strstr (encoded, "to="));
  mfc_ticket_list_set_office (list, "1");
  mfc_ticket_filter_set_assignee (filter, MFC_TICKET_ASSIGNEE_OFFICE);
  load_all (list);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(MfcTicket) t = item (list, i);

      g_assert_cmpstr (mfc_ticket_get_office_id (t), ==, "1");
      g_assert_cmpstr (mfc_ticket_get_status (t), ==, "awaiting_documents");
    }

  /* A change while a page is loading: only the new filter's page lands */
  mfc_ticket_filter_set_statuses (filter, NULL);
  mfc_ticket_filter_set_overdue (filter, FALSE);
  mfc_ticket_filter_set_assignee (filter, MFC_TICKET_ASSIGNEE_ANYONE);
  mfc_ticket_filter_set_dates (filter, NULL, NULL);
  g_assert_true (mfc_ticket_list_get_loading (list));
  mfc_ticket_filter_set_kind (filter, "complaint");
  wait_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(MfcTicket) t = item (list, i);

      g_assert_cmpstr (mfc_ticket_get_kind (t), ==, "complaint");
    }
}

/* Only the moves the workflow allows are built; a rejection needs a
 * reason; the move sent lands; a stale one is refused with 412 and the
 * change is described. */
static void
test_transitions (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autofree char *id = create_ticket (f, token, "request");
  g_autoptr(MfcTicket) t = ticket_of (f, token, id);
  g_autoptr(MfcTicket) stale = ticket_of (f, token, id);
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcOutboxEntry) entry = NULL;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GListModel) timeline = NULL;
  const char * const *allowed;

  g_assert_cmpstr (mfc_ticket_get_status (t), ==, "accepted");
  allowed = mfc_ticket_get_allowed_transitions (t);
  g_assert_cmpuint (g_strv_length ((char **) allowed), ==, 1);
  g_assert_cmpstr (allowed[0], ==, "in_progress");

  /* Not allowed from «Принято»: refused before anything is sent */
  for (const char * const *s = mfc_ticket_statuses (); *s != NULL; s++)
    {
      if (g_str_equal (*s, "in_progress"))
        continue;
      entry = mfc_ticket_transition_entry (t, *s, NULL, "причина", &error);
      g_assert_error (error, MFC_TICKET_ERROR, MFC_TICKET_ERROR_NOT_ALLOWED);
      g_assert_null (entry);
      g_clear_error (&error);
    }

  entry = mfc_ticket_transition_entry (t, "in_progress", "Принято в работу", NULL, &error);
  g_assert_no_error (error);
  response = send_entry (client, entry, &error);
  g_assert_no_error (error);
  g_assert_true (mfc_ticket_update_from_json (t, mfc_client_response_get_object (response), &error));
  g_assert_cmpstr (mfc_ticket_get_status (t), ==, "in_progress");
  g_assert_true (mfc_ticket_allows (t, "rejected"));
  g_clear_pointer (&entry, mfc_outbox_entry_unref);
  g_clear_pointer (&response, mfc_client_response_unref);

  /* A rejection without a reason (or a blank one) is refused here */
  entry = mfc_ticket_transition_entry (t, "rejected", "Отказ", NULL, &error);
  g_assert_error (error, MFC_TICKET_ERROR, MFC_TICKET_ERROR_REASON);
  g_clear_error (&error);
  entry = mfc_ticket_transition_entry (t, "rejected", "Отказ", "  \n ", &error);
  g_assert_error (error, MFC_TICKET_ERROR, MFC_TICKET_ERROR_REASON);
  g_assert_null (entry);
  g_clear_error (&error);

  /* The version seen before the move: the service refuses it (412) */
  g_assert_true (mfc_ticket_allows (stale, "in_progress"));
  entry = mfc_ticket_transition_entry (stale, "in_progress", NULL, NULL, &error);
  g_assert_no_error (error);
  response = send_entry (client, entry, &error);
  g_assert_null (response);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PRECONDITION);
  g_clear_error (&error);
  g_clear_pointer (&entry, mfc_outbox_entry_unref);
  {
    g_autoptr(JsonObject) now = get_ticket (f, token, id);
    g_autofree char *change = mfc_ticket_describe_change (stale, now);

    g_assert_nonnull (strstr (change, "accepted") == NULL ? change : NULL);
    g_assert_nonnull (strstr (change, mfc_ticket_status_label ("in_progress")));
  }

  /* With a reason it goes through, and the timeline says who and why */
  entry = mfc_ticket_transition_entry (t, "rejected", "Отказ оформлен", "Нет паспорта", &error);
  g_assert_no_error (error);
  response = send_entry (client, entry, &error);
  g_assert_no_error (error);
  g_assert_true (mfc_ticket_update_from_json (t, mfc_client_response_get_object (response), &error));
  g_assert_true (mfc_ticket_get_final (t));
  g_assert_cmpuint (g_strv_length ((char **) mfc_ticket_get_allowed_transitions (t)), ==, 0);
  timeline = mfc_ticket_timeline_new (mfc_ticket_get_json (t));
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 3);
  {
    g_autoptr(MfcTimelineItem) last = g_list_model_get_item (timeline, 2);

    g_assert_cmpint (mfc_timeline_item_get_kind (last), ==, MFC_TIMELINE_TRANSITION);
    g_assert_cmpstr (mfc_timeline_item_get_who (last), ==, "Иванова Мария Петровна");
    g_assert_nonnull (strstr (mfc_timeline_item_get_text (last), "Нет паспорта"));
  }
  g_clear_pointer (&entry, mfc_outbox_entry_unref);
  entry = mfc_ticket_assign_entry (t, NULL, NULL, &error);
  g_assert_error (error, MFC_TICKET_ERROR, MFC_TICKET_ERROR_NOT_ALLOWED);
}

/* A comment and an escalation land and are on the timeline; a blank
 * comment is refused here. */
static void
test_comment_assign (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autofree char *id = create_ticket (f, token, "complaint");
  g_autoptr(MfcTicket) t = ticket_of (f, token, id);
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcOutboxEntry) entry = NULL;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(Reply) users = call (f, "GET", "/api/v1/users?role=supervisor&office=1", token, NULL, NULL);
  g_autoptr(JsonObject) now = NULL;
  g_autoptr(GListModel) timeline = NULL;
  const char *supervisor;

  entry = mfc_ticket_comment_entry (t, " \t", &error);
  g_assert_error (error, MFC_TICKET_ERROR, MFC_TICKET_ERROR_INVALID);
  g_assert_null (entry);
  g_clear_error (&error);

  entry = mfc_ticket_comment_entry (t, "Заявитель позвонил", &error);
  g_assert_no_error (error);
  response = send_entry (client, entry, &error);
  g_assert_no_error (error);
  g_clear_pointer (&entry, mfc_outbox_entry_unref);
  g_clear_pointer (&response, mfc_client_response_unref);

  assert_status (users, 200);
  supervisor = json_object_get_string_member (json_array_get_object_element (items (users), 0), "id");
  g_clear_object (&t);
  t = ticket_of (f, token, id);
  entry = mfc_ticket_assign_entry (t, supervisor, "Передаю руководителю", &error);
  g_assert_no_error (error);
  response = send_entry (client, entry, &error);
  g_assert_no_error (error);
  g_assert_true (mfc_ticket_update_from_json (t, mfc_client_response_get_object (response), &error));
  g_assert_cmpstr (mfc_ticket_get_assignee_id (t), ==, supervisor);

  now = get_ticket (f, token, id);
  timeline = mfc_ticket_timeline_new (now);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), ==, 3);
  {
    g_autoptr(MfcTimelineItem) c = g_list_model_get_item (timeline, 1);
    g_autoptr(MfcTimelineItem) e = g_list_model_get_item (timeline, 2);

    g_assert_cmpint (mfc_timeline_item_get_kind (c), ==, MFC_TIMELINE_COMMENT);
    g_assert_cmpstr (mfc_timeline_item_get_text (c), ==, "Заявитель позвонил");
    g_assert_cmpint (mfc_timeline_item_get_kind (e), ==, MFC_TIMELINE_ESCALATION);
    g_assert_cmpstr (mfc_timeline_item_get_text (e), ==, "Передаю руководителю");
  }
}

/* The deadline while «Ожидание документов»: paused in the list's words,
 * and the timeline shows the pause span once it resumed. */
static void
test_paused (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autofree char *id = create_ticket (f, token, "request");
  g_autoptr(MfcTicket) t = ticket_of (f, token, id);
  g_autoptr(GError) error = NULL;
  g_autofree char *due = NULL;
  const char *moves[] = { "in_progress", "awaiting_documents", "in_progress", NULL };

  due = mfc_ticket_dup_due_text (t);
  /* Monday 23.11.2026 + 10 working days: 10 left */
  g_assert_cmpstr (due, ==, "10 working days left");
  g_clear_pointer (&due, g_free);

  for (guint i = 0; moves[i] != NULL; i++)
    {
      g_autoptr(MfcOutboxEntry) entry = mfc_ticket_transition_entry (t, moves[i], NULL, NULL, &error);
      g_autoptr(MfcClientResponse) response = NULL;

      g_assert_no_error (error);
      response = send_entry (client, entry, &error);
      g_assert_no_error (error);
      mfc_ticket_update_from_json (t, mfc_client_response_get_object (response), NULL);
      if (g_str_equal (moves[i], "awaiting_documents"))
        {
          due = mfc_ticket_dup_due_text (t);
          g_assert_cmpstr (due, ==, "paused");
          g_clear_pointer (&due, g_free);
        }
    }
  {
    g_autoptr(GListModel) timeline = mfc_ticket_timeline_new (mfc_ticket_get_json (t));
    gboolean pause = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
      {
        g_autoptr(MfcTimelineItem) it = g_list_model_get_item (timeline, i);

        if (mfc_timeline_item_get_kind (it) == MFC_TIMELINE_PAUSE)
          {
            pause = TRUE;
            g_assert_nonnull (strstr (mfc_timeline_item_get_title (it), "23.11.2026 10:00"));
          }
      }
    g_assert_true (pause);
  }

  /* The words for the other cases */
  due = mfc_ticket_days_text (FALSE, FALSE, TRUE, -3);
  g_assert_cmpstr (due, ==, "overdue by 3 working days");
  g_clear_pointer (&due, g_free);
  due = mfc_ticket_days_text (FALSE, TRUE, FALSE, 0);
  g_assert_cmpstr (due, ==, "—");
}

/* The server's clock, at 10:00 in Novosibirsk of @date (YYYY-MM-DD).
 * The test's requests are sequential (each waits for its answer), so the
 * server thread reads the new time from the next request on. */
static void
set_server_day (Fixture    *f,
                const char *date)
{
  g_autofree char *iso = g_strdup_printf ("%sT10:00:00+07:00", date);
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (iso, NULL);

  mfc_training_server_set_fake_time (f->server, g_date_time_to_unix (at));
}

/* A request accepted on Monday 28.12.2026 (10 working days), paused on
 * 30.12 and resumed on 12.01.2027: the New Year holidays (31.12–08.01 in
 * the 2026–2027 production calendar) and the weekend are not counted
 * either way.  Due 20.01 at first; paused it says «приостановлено» with
 * its days frozen; resumed, the two working days that began while paused
 * (11.01 and 12.01) move it to 22.01, 8 working days left; the history
 * shows the pause span. */
static void
test_holiday_pause (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(MfcClient) client = NULL;
  g_autoptr(MfcTicket) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GListModel) timeline = NULL;
  gboolean span = FALSE;
  struct { const char *day; const char *to; } moves[] = {
    { "2026-12-28", "in_progress" }, { "2026-12-30", "awaiting_documents" }, { "2027-01-12", "in_progress" },
  };

  set_server_day (f, "2026-12-28");
  token = login (f, "clerk", NULL);
  client = signed_in_client (f, "clerk");
  id = create_ticket (f, token, "request");
  t = ticket_of (f, token, id);
  g_assert_cmpstr (mfc_ticket_get_due_date (t), ==, "2027-01-20");
  g_assert_cmpstr (mfc_ticket_get_due_text (t), ==, "10 working days left");

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      g_autoptr(MfcOutboxEntry) entry = NULL;
      g_autoptr(MfcClientResponse) r = NULL;

      set_server_day (f, moves[i].day);
      /* Sessions expire across days: a fresh login each day */
      g_free (token);
      token = login (f, "clerk", NULL);
      mfc_client_set_token (client, token);
      entry = mfc_ticket_transition_entry (t, moves[i].to, NULL, NULL, &error);
      g_assert_no_error (error);
      r = send_entry (client, entry, &error);
      g_assert_no_error (error);
      g_assert_true (mfc_ticket_update_from_json (t, mfc_client_response_get_object (r), NULL));
      if (g_str_equal (moves[i].to, "awaiting_documents"))
        {
          g_autoptr(MfcTicket) later = NULL;

          g_assert_true (mfc_ticket_get_paused (t));
          g_assert_cmpstr (mfc_ticket_get_due_text (t), ==, "paused");
          /* Through the holidays the clock stays stopped */
          set_server_day (f, "2027-01-05");
          g_free (token);
          token = login (f, "clerk", NULL);
          later = ticket_of (f, token, id);
          g_assert_cmpstr (mfc_ticket_get_due_text (later), ==, "paused");
          g_assert_cmpint (mfc_ticket_get_working_days_left (later), ==, mfc_ticket_get_working_days_left (t));
          g_assert_false (mfc_ticket_get_overdue (later));
        }
    }
  g_assert_false (mfc_ticket_get_paused (t));
  g_assert_cmpstr (mfc_ticket_get_due_date (t), ==, "2027-01-22");
  g_assert_cmpstr (mfc_ticket_get_due_text (t), ==, "8 working days left");

  timeline = mfc_ticket_timeline_new (mfc_ticket_get_json (t));
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(MfcTimelineItem) it = g_list_model_get_item (timeline, i);

      if (mfc_timeline_item_get_kind (it) == MFC_TIMELINE_PAUSE)
        {
          g_assert_cmpstr (mfc_timeline_item_get_title (it), ==,
                           "Deadline paused from 30.12.2026 10:00 to 12.01.2027 10:00");
          span = TRUE;
        }
    }
  g_assert_true (span);
  set_server_day (f, "2026-11-23");
}

typedef struct
{
  MfcTicketList *list;
  const char    *id;
  const char    *status;
} LiveWait;

static gboolean
shows_status (gpointer data)
{
  LiveWait *w = data;
  MfcTicket *t = mfc_ticket_list_find (w->list, w->id, NULL);

  return t != NULL && g_strcmp0 (mfc_ticket_get_status (t), w->status) == 0;
}

static gboolean
connected (gpointer data)
{
  return mfc_events_get_connected (data);
}

typedef struct
{
  char *number;
  char *status;
} Mine;

static void
mine_cb (MfcTicketList *list,
         const char    *number,
         const char    *status,
         Mine          *mine)
{
  g_free (mine->number);
  g_free (mine->status);
  mine->number = g_strdup (number);
  mine->status = g_strdup (status);
}

static gboolean
mine_told (gpointer data)
{
  return ((Mine *) data)->status != NULL;
}

static void
event_cb (MfcEvents     *events,
          const char    *type,
          JsonNode      *data,
          MfcTicketList *list)
{
  mfc_ticket_list_take_event (list, type, data);
}

/* Two desks: what one creates and moves shows in the other's open list,
 * in place (the same object, the same position). */
static void
test_live (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *token = login (f, "supervisor", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autoptr(MfcEvents) events = mfc_events_new (client);
  g_autoptr(MfcTicketList) list = mfc_ticket_list_new (client);
  g_autoptr(MfcTicket) top = NULL;
  g_autofree char *id = NULL;
  MfcTicket *shown;
  guint position = 0;
  LiveWait w = { list, NULL, NULL };

  g_signal_connect (events, "event", G_CALLBACK (event_cb), list);
  mfc_events_start (events);
  wait_until (connected, events, WAIT_SECONDS, "the event stream");
  mfc_ticket_list_start (list);
  wait_list (list);

  /* Created on the other desk: at the top of this one */
  id = create_ticket (f, token, "suggestion");
  w.id = id;
  w.status = "accepted";
  wait_until (shows_status, &w, WAIT_SECONDS, "the created ticket in the list");
  top = item (list, 0);
  g_assert_cmpstr (mfc_ticket_get_id (top), ==, id);

  /* Moved there: the same row here changes */
  shown = mfc_ticket_list_find (list, id, &position);
  {
    g_autoptr(Reply) r = post_action (f, token, "tickets", id, "transitions", "{\"to\":\"in_progress\"}");

    assert_status (r, 200);
  }
  w.status = "in_progress";
  wait_until (shows_status, &w, WAIT_SECONDS, "the move in the list");
  g_assert_true (mfc_ticket_list_find (list, id, NULL) == shown);
  g_assert_cmpuint (position, ==, 0);

  /* Given to this clerk there, then moved there: this desk is told
   * (what the page turns into a notification) */
  {
    g_autoptr(Reply) users = call (f, "GET", "/api/v1/users?q=clerk&limit=20", token, NULL, NULL);
    g_autoptr(JsonObject) now = get_ticket (f, token, id);
    g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", json_object_get_int_member (now, "version"));
    const char *headers[] = { "If-Match", etag, NULL };
    const char *clerk_id = NULL;
    g_autofree char *path = g_strdup_printf ("/api/v1/tickets/%s", id);
    g_autofree char *body = NULL;
    Mine mine = { NULL, NULL };

    for (guint i = 0; i < json_array_get_length (items (users)); i++)
      if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items (users), i), "login"), "clerk"))
        clerk_id = json_object_get_string_member (json_array_get_object_element (items (users), i), "id");
    g_assert_nonnull (clerk_id);
    mfc_ticket_list_set_me (list, clerk_id);
    g_signal_connect (list, "mine-status-changed", G_CALLBACK (mine_cb), &mine);

    body = g_strdup_printf ("{\"assignee_id\":\"%s\"}", clerk_id);
    {
      g_autoptr(Reply) r = call (f, "PATCH", path, token, body, headers);

      assert_status (r, 200);
    }
    {
      g_autoptr(Reply) r = post_action (f, token, "tickets", id, "transitions", "{\"to\":\"in_approval\"}");

      assert_status (r, 200);
    }
    wait_until (mine_told, &mine, WAIT_SECONDS, "the clerk's own ticket to be told");
    g_assert_cmpstr (mine.status, ==, "in_approval");
    g_assert_cmpstr (mine.number, ==, mfc_ticket_get_number (shown));
    g_signal_handlers_disconnect_by_data (list, &mine);
    g_free (mine.number);
    g_free (mine.status);
  }

  mfc_events_stop (events);
}

/* «Выдать результат»: refused before the decision; after it the ticket
 * says the result is ready, the handover records who and when, and the
 * notices of every step are listed. */
static void
test_handover (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autofree char *id = create_ticket (f, token, "request");
  g_autoptr(MfcTicket) t = ticket_of (f, token, id);
  g_autoptr(GError) error = NULL;
  const char *moves[] = { "in_progress", "approved", NULL };
  g_autoptr(MfcOutboxEntry) entry = NULL;
  g_autoptr(MfcClientResponse) response = NULL;
  JsonArray *notices;
  gboolean ready_notice = FALSE;

  g_assert_false (mfc_ticket_get_result_ready (t));
  entry = mfc_ticket_handover_entry (t, NULL, &error);
  g_assert_error (error, MFC_TICKET_ERROR, MFC_TICKET_ERROR_NOT_ALLOWED);
  g_assert_null (entry);
  g_clear_error (&error);

  for (guint i = 0; moves[i] != NULL; i++)
    {
      g_autoptr(MfcOutboxEntry) move = mfc_ticket_transition_entry (t, moves[i], NULL, NULL, &error);
      g_autoptr(MfcClientResponse) r = NULL;

      g_assert_no_error (error);
      r = send_entry (client, move, &error);
      g_assert_no_error (error);
      g_assert_true (mfc_ticket_update_from_json (t, mfc_client_response_get_object (r), NULL));
    }
  g_assert_true (mfc_ticket_get_result_ready (t));
  g_assert_null (mfc_ticket_get_handed_over_at (t));

  entry = mfc_ticket_handover_entry (t, "Выдано под роспись", &error);
  g_assert_no_error (error);
  response = send_entry (client, entry, &error);
  g_assert_no_error (error);
  g_assert_true (mfc_ticket_update_from_json (t, mfc_client_response_get_object (response), NULL));
  g_assert_false (mfc_ticket_get_result_ready (t));
  g_assert_nonnull (mfc_ticket_get_handed_over_at (t));
  g_assert_cmpstr (mfc_ticket_get_handed_over_by (t), ==, "Иванова Мария Петровна");
  g_clear_pointer (&entry, mfc_outbox_entry_unref);
  entry = mfc_ticket_handover_entry (t, NULL, &error);
  g_assert_error (error, MFC_TICKET_ERROR, MFC_TICKET_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  /* The timeline names the handover; the notices were kept */
  {
    g_autoptr(GListModel) timeline = mfc_ticket_timeline_new (mfc_ticket_get_json (t));
    g_autoptr(MfcTimelineItem) last = g_list_model_get_item (timeline, g_list_model_get_n_items (timeline) - 1);

    g_assert_cmpstr (mfc_timeline_item_get_title (last), ==, "Result handed over to the applicant");
    g_assert_cmpstr (mfc_timeline_item_get_text (last), ==, "Выдано под роспись");
  }
  notices = json_object_get_array_member (mfc_ticket_get_json (t), "notices");
  g_assert_cmpuint (json_array_get_length (notices), >=, 3);
  for (guint i = 0; i < json_array_get_length (notices); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (notices, i), "kind"),
                   "result_ready") == 0)
      ready_notice = TRUE;
  g_assert_true (ready_notice);
}

static gboolean
counts_known (gpointer data)
{
  return mfc_ticket_list_get_count (data, "accepted") >= 0;
}

/* The chips' counts: for each status, as many as the server lists with
 * the same other filters; the at-risk filter gives only tickets at risk. */
static void
test_counts (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autoptr(MfcTicketList) list = mfc_ticket_list_new (client);
  MfcTicketFilter *filter = mfc_ticket_list_get_filter (list);

  mfc_ticket_filter_set_kind (filter, "application");
  mfc_ticket_list_start (list);
  wait_list (list);
  wait_until (counts_known, list, WAIT_SECONDS, "the counts");
  for (const char * const *s = mfc_ticket_statuses (); *s != NULL; s++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/tickets?type=application&status=%s", *s);
      g_autoptr(GPtrArray) ids = server_ids (f, token, path);

      g_assert_cmpint (mfc_ticket_list_get_count (list, *s), ==, (int) ids->len);
    }

  mfc_ticket_filter_set_kind (filter, NULL);
  mfc_ticket_filter_set_at_risk (filter, TRUE);
  load_all (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(MfcTicket) t = item (list, i);

      g_assert_true (mfc_ticket_get_at_risk (t));
      g_assert_cmpint (mfc_ticket_get_working_days_left (t), <=, 2);
    }
}

/* The supervisor's summary: its open tickets per status equal the counts
 * the list operation gives for the same office and period; a clerk is
 * refused. */
static void
test_stats (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *token = login (f, "supervisor", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "supervisor");
  g_autoptr(MfcClient) clerk = signed_in_client (f, "clerk");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcTicketStats) stats = NULL;
  g_autoptr(Reply) counts = NULL;
  JsonObject *by_status;
  int open = 0;
  int clerks_open = 0;

  mfc_ticket_stats_load_async (client, "1", "2026-10-01", "2026-11-23", NULL, store_result_cb, &result);
  wait_for_result (&result, WAIT_SECONDS, "the summary");
  stats = mfc_ticket_stats_load_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mfc_ticket_stats_get_from (stats), ==, "2026-10-01");
  g_assert_cmpint (mfc_ticket_stats_get_total (stats), >, 0);

  counts = call (f, "GET", "/api/v1/tickets/counts?office=1&from=2026-10-01&to=2026-11-23", token, NULL, NULL);
  assert_status (counts, 200);
  by_status = json_object_get_object_member (obj (counts), "by_status");
  for (const char * const *s = mfc_ticket_statuses (); *s != NULL; s++)
    {
      if (g_str_equal (*s, "approved") || g_str_equal (*s, "rejected"))
        continue;
      g_assert_cmpint (mfc_ticket_stats_get_open (stats, *s), ==, json_object_get_int_member (by_status, *s));
      open += mfc_ticket_stats_get_open (stats, *s);
    }
  g_assert_cmpint (mfc_ticket_stats_get_total (stats), ==, json_object_get_int_member (obj (counts), "total"));
  g_assert_cmpint (mfc_ticket_stats_get_decided (stats), ==,
                   json_object_get_int_member (by_status, "approved") + json_object_get_int_member (by_status, "rejected"));
  for (const char * const *k = mfc_ticket_kinds (); *k != NULL; k++)
    open -= mfc_ticket_stats_get_open (stats, *k);
  g_assert_cmpint (open, ==, 0);
  {
    GArray *rows = mfc_ticket_stats_get_load_per_clerk (stats);

    for (guint i = 0; i < rows->len; i++)
      clerks_open += g_array_index (rows, MfcTicketStatsRow, i).count;
    g_assert_cmpuint (rows->len, >, 0);
    g_assert_cmpint (clerks_open, >, 0);
  }
  {
    g_autofree char *h = mfc_ticket_stats_format_hours (20.5);

    g_assert_cmpstr (h, ==, "20.5 h");
  }

  g_clear_object (&result);
  mfc_ticket_stats_load_async (clerk, NULL, NULL, NULL, NULL, store_result_cb, &result);
  wait_for_result (&result, WAIT_SECONDS, "the clerk's summary");
  g_assert_null (mfc_ticket_stats_load_finish (clerk, result, &error));
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_FORBIDDEN);
}

/* Saved filters in a keyfile: written, then read by a new GSettings on a
 * new backend over the same file, as after a restart. */
static void
test_saved_filters (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("tickets-settings-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "settings.ini", NULL);
  const char *statuses[] = { "in_progress", "in_approval", NULL };
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (file, "/", NULL);
    g_autoptr(GSettings) settings = g_settings_new_with_backend ("io.github.mfcdesk.MfcDesk", backend);
    g_autoptr(MfcTicketFilter) filter = mfc_ticket_filter_new ();
    g_auto(GStrv) names = mfc_ticket_saved_filters_names (settings);

    /* The presets are there from the start */
    g_assert_cmpuint (g_strv_length (names), ==, 2);
    mfc_ticket_filter_set_statuses (filter, statuses);
    mfc_ticket_filter_set_text (filter, "Иванова");
    mfc_ticket_filter_set_assignee (filter, MFC_TICKET_ASSIGNEE_OFFICE);
    mfc_ticket_filter_set_sort (filter, "due_date");
    g_assert_true (mfc_ticket_saved_filters_save (settings, " В работе у офиса ", filter, &error));
    g_assert_no_error (error);
    g_assert_false (mfc_ticket_saved_filters_save (settings, "  ", filter, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (mfc_ticket_saved_filters_save (settings, names[0], filter, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_settings_sync ();
  }
  {
    g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (file, "/", NULL);
    g_autoptr(GSettings) settings = g_settings_new_with_backend ("io.github.mfcdesk.MfcDesk", backend);
    g_auto(GStrv) names = mfc_ticket_saved_filters_names (settings);
    g_autoptr(MfcTicketFilter) back = NULL;
    g_autoptr(MfcTicketFilter) mine = NULL;

    g_assert_cmpuint (g_strv_length (names), ==, 3);
    g_assert_cmpstr (names[2], ==, "В работе у офиса");
    back = mfc_ticket_saved_filters_lookup (settings, "В работе у офиса");
    g_assert_nonnull (back);
    g_assert_true (g_strv_equal (mfc_ticket_filter_get_statuses (back), statuses));
    g_assert_cmpstr (mfc_ticket_filter_get_text (back), ==, "Иванова");
    g_assert_cmpint (mfc_ticket_filter_get_assignee (back), ==, MFC_TICKET_ASSIGNEE_OFFICE);
    g_assert_cmpstr (mfc_ticket_filter_get_sort (back), ==, "due_date");

    mine = mfc_ticket_saved_filters_lookup (settings, names[0]);
    g_assert_cmpint (mfc_ticket_filter_get_assignee (mine), ==, MFC_TICKET_ASSIGNEE_ME);
    g_assert_true (mfc_ticket_filter_get_overdue (mine));

    g_assert_true (mfc_ticket_saved_filters_remove (settings, "В работе у офиса"));
    g_assert_false (mfc_ticket_saved_filters_remove (settings, names[0]));
    g_settings_sync ();
  }
  g_unlink (file);
  g_rmdir (dir);
}

static void
progress_cb (guint    n_rows,
             gpointer user_data)
{
  g_ptr_array_add (user_data, GUINT_TO_POINTER (n_rows));
}

static void
cancel_cb (guint    n_rows,
           gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

/* The CSV of a filter, read back by Python's csv module: BOM, «;», one
 * row per ticket the server lists for that filter, in its order. */
static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autoptr(MfcTicketFilter) filter = mfc_ticket_filter_new ();
  const char *statuses[] = { "in_progress", "in_approval", NULL };
  g_autoptr(MfcQuery) query = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tickets-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "обращения.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) progress = g_ptr_array_new ();
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *bytes = NULL;
  int status = 0;
  guint n_rows = 0;
  const char *argv[] = { "/usr/bin/python3", "-c", NULL, NULL, NULL };

  mfc_ticket_filter_set_statuses (filter, statuses);
  query = mfc_ticket_filter_to_query (filter, NULL, 50);
  mfc_ticket_export_csv_async (client, query, file, progress_cb, progress, NULL, store_result_cb, &result);
  wait_for_result (&result, WAIT_SECONDS, "the export");
  g_assert_true (mfc_ticket_export_csv_finish (client, result, &n_rows, &error));
  g_assert_no_error (error);

  ids = server_ids (f, token, "/api/v1/tickets?status=in_progress,in_approval");
  g_assert_cmpuint (n_rows, ==, ids->len);
  g_assert_cmpuint (n_rows, >, 200);        /* more than one page */
  g_assert_cmpuint (progress->len, >=, 3);  /* the header, then each page */

  g_assert_true (g_file_get_contents (path, &bytes, NULL, NULL));
  g_assert_true (g_str_has_prefix (bytes, "\xEF\xBB\xBF"));

  /* Python: the numbers of every row, after the header */
  script = g_strdup (
    "import csv, sys\n"
    "with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n"
    "    rows = list(csv.reader(f, delimiter=';'))\n"
    "assert all(len(r) == 9 for r in rows), 'fields'\n"
    "print(len(rows) - 1)\n"
    "for r in rows[1:]: print(r[0], r[4], sep='|')\n");
  argv[2] = script;
  argv[3] = path;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (status != 0)
    g_printerr ("%s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_string_append_printf (expected, "%u\n", ids->len);
  {
    g_autofree char *cursor = NULL;
    guint i = 0;

    do
      {
        g_autofree char *p = cursor == NULL
          ? g_strdup ("/api/v1/tickets?status=in_progress,in_approval&limit=200")
          : g_strdup_printf ("/api/v1/tickets?status=in_progress,in_approval&limit=200&cursor=%s", cursor);
        g_autoptr(Reply) r = call (f, "GET", p, token, NULL, NULL);
        JsonNode *next;

        assert_status (r, 200);
        for (guint k = 0; k < json_array_get_length (items (r)); k++, i++)
          {
            JsonObject *o = json_array_get_object_element (items (r), k);

            g_string_append_printf (expected, "%s|%s\n", json_object_get_string_member (o, "number"),
                                    mfc_ticket_status_label (json_object_get_string_member (o, "status")));
          }
        next = json_object_get_member (obj (r), "next_cursor");
        g_clear_pointer (&cursor, g_free);
        if (!JSON_NODE_HOLDS_NULL (next))
          cursor = g_uri_escape_string (json_node_get_string (next), NULL, TRUE);
      }
    while (cursor != NULL);
  }
  g_assert_cmpstr (out, ==, expected->str);

  /* Cancelled: the file that was there stays as it was */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autofree char *after = NULL;

    g_clear_object (&result);
    /* Stopped once the header is written: the replace stream is open */
    mfc_ticket_export_csv_async (client, query, file, cancel_cb, cancellable, cancellable, store_result_cb, &result);
    wait_for_result (&result, WAIT_SECONDS, "the cancelled export");
    g_assert_false (mfc_ticket_export_csv_finish (client, result, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
    g_assert_cmpstr (after, ==, bytes);
  }

  g_unlink (path);
  g_rmdir (dir);
}

/* The report of the view and a ticket's card, as PDF: one line per
 * ticket shown, the card with its history */
static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autoptr(MfcTicketList) list = mfc_ticket_list_new (client);
  g_autofree char *token = login (f, "clerk", NULL);
  g_autofree char *dir = printing_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *card_path = g_build_filename (dir, "card.pdf", NULL);
  g_autoptr(MfcPrintDocument) doc = NULL;
  g_autoptr(MfcPrintDocument) card = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcTicket) first = NULL;
  g_autoptr(MfcTicket) last = NULL;
  g_autoptr(MfcTicket) detail = NULL;
  g_autofree char *text = NULL;
  g_autofree char *card_text = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *card_raw = NULL;
  guint n;

  mfc_ticket_filter_set_kind (mfc_ticket_list_get_filter (list), "complaint");
  mfc_ticket_list_set_page_size (list, 30);
  mfc_ticket_list_start (list);
  wait_list (list);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, 30);
  first = item (list, 0);
  last = item (list, n - 1);

  doc = mfc_ticket_report_new (G_LIST_MODEL (list), NULL, "Иванова Мария Петровна", TRUE);
  g_assert_true (mfc_print_document_write_pdf (doc, path, &error));
  g_assert_no_error (error);
  raw = printing_test_pdf_text (path, 0);
  text = printing_test_squeeze (raw);
  g_assert_nonnull (strstr (text, mfc_ticket_get_number (first)));
  g_assert_nonnull (strstr (text, mfc_ticket_get_number (last)));
  g_assert_nonnull (strstr (text, "30tickets"));
  g_assert_nonnull (strstr (text, "Complaint"));

  detail = ticket_of (f, token, mfc_ticket_get_id (first));
  card = mfc_ticket_card_new (detail, "Иванова Мария Петровна", FALSE);
  g_assert_true (mfc_print_document_write_pdf (card, card_path, &error));
  g_assert_no_error (error);
  card_raw = printing_test_pdf_text (card_path, 0);
  card_text = printing_test_squeeze (card_raw);
  g_assert_nonnull (strstr (card_text, mfc_ticket_get_number (first)));
  g_assert_nonnull (strstr (card_text, "History"));

  printing_test_remove_dir (dir);
}

/* A field with the separator, a quote, a line break or a formula start */
static void
test_csv_quoting (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MfcTicket) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;

  json_parser_load_from_data (parser,
    "{\"id\":\"1\",\"number\":\"MFC-2026-000001\",\"type\":\"complaint\",\"status\":\"accepted\","
    "\"applicant\":{\"id\":\"2\",\"full_name\":\"=Иванов; \\\"И\\\"\\nП\"},\"service\":null,"
    "\"office_id\":\"1\",\"assignee\":null,\"description\":null,"
    "\"created_at\":\"2026-11-23T10:00:00+07:00\",\"updated_at\":\"2026-11-23T10:00:00+07:00\","
    "\"due_date\":\"2026-12-14\",\"paused\":false,\"working_days_left\":15,\"overdue\":false,"
    "\"allowed_transitions\":[\"in_progress\"],\"version\":1}", -1, &error);
  g_assert_no_error (error);
  t = mfc_ticket_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  row = mfc_ticket_export_csv_row (t);
  g_assert_cmpstr (row, ==,
                   "MFC-2026-000001;Complaint;;\"=Иванов; \"\"И\"\"\nП\";Accepted;23.11.2026 10:00;2026-12-14;15 working days left;\r\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tickets/model/paging", Fixture, NULL, fixture_set_up, test_paging, fixture_tear_down);
  g_test_add ("/tickets/model/filters", Fixture, NULL, fixture_set_up, test_filters, fixture_tear_down);
  g_test_add ("/tickets/model/transitions", Fixture, NULL, fixture_set_up, test_transitions, fixture_tear_down);
  g_test_add ("/tickets/model/comment-assign", Fixture, NULL, fixture_set_up, test_comment_assign, fixture_tear_down);
  g_test_add ("/tickets/model/paused", Fixture, NULL, fixture_set_up, test_paused, fixture_tear_down);
  g_test_add ("/tickets/model/holiday-pause", Fixture, NULL, fixture_set_up, test_holiday_pause, fixture_tear_down);
  g_test_add ("/tickets/model/handover", Fixture, NULL, fixture_set_up, test_handover, fixture_tear_down);
  g_test_add ("/tickets/model/counts", Fixture, NULL, fixture_set_up, test_counts, fixture_tear_down);
  g_test_add ("/tickets/model/stats", Fixture, NULL, fixture_set_up, test_stats, fixture_tear_down);
  g_test_add ("/tickets/model/live", Fixture, NULL, fixture_set_up, test_live, fixture_tear_down);
  g_test_add ("/tickets/model/saved-filters", Fixture, NULL, NULL, test_saved_filters, NULL);
  g_test_add ("/tickets/model/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/tickets/model/report", Fixture, NULL, fixture_set_up, test_report, fixture_tear_down);
  g_test_add_func ("/tickets/model/csv-quoting", test_csv_quoting);

  return g_test_run ();
}
