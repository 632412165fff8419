/* mfc-training-tickets.c — tickets (обращения), their workflow and
 * deadline clock, comments, and uploaded documents.
 *
 * Deadlines: due_date is kept as a date in the office's zone.  While a
 * ticket waits for documents, paused_on holds the day it stopped; on
 * leaving that status the due date moves later by the working days in
 * (paused_on, today], exactly as openapi.yaml describes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include <string.h>

#include "mfc-training-handlers.h"
#include "mfc-training-password.h"
#include "mfc-training-query.h"
#include "mfc-training-response.h"

static const char * const statuses[] = {
  "accepted", "in_progress", "in_approval", "awaiting_documents", "approved", "rejected",
};
static const char * const status_titles[] = {
  "Принято", "В работе", "На согласовании", "Ожидание документов", "Одобрено", "Отказано",
};
static const char * const types[] = {
  "application", "request", "complaint", "suggestion",
};
static const char * const channels[] = {
  "in_person", "phone", "portal", "mail",
};
static const char * const priorities[] = {
  "normal", "high", "urgent",
};

/* A ticket with at most this many working days left is at risk. */
#define AT_RISK_DAYS 2

/* allowed[from] is a bit set over statuses[] */
static const guint allowed[] = {
  /* accepted */           1 << 1,
  /* in_progress */        1 << 2 | 1 << 3 | 1 << 4 | 1 << 5,
  /* in_approval */        1 << 3 | 1 << 4 | 1 << 5,
  /* awaiting_documents */ 1 << 1 | 1 << 2 | 1 << 5,
  /* approved */           0,
  /* rejected */           0,
};

static int
status_index (const char *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (status, statuses[i]) == 0)
      return i;

  return -1;
}

static gboolean
is_type (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (type, types[i]) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
in_list (const char         *value,
         const char * const *list,
         guint               n)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (value, list[i]) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
is_final (int status)
{
  return status == 4 || status == 5;
}

static guint32
today_in (MfcTrainingRequest *req,
          const char         *zone)
{
  g_autofree char *text = mfc_tr_local_date (req->zones, req->now, zone);
  guint32 j = 0;

  mfc_tr_parse_date (text, &j);

  return j;
}

static JsonArray *
documents_json (MfcTrainingRequest *req,
                gint64              ticket_id);

static JsonObject *
document_json_from_row (MfcTrainingRequest *req,
                        sqlite3_stmt       *stmt)
{
  JsonObject *doc = json_object_new ();

  mfc_tr_set_id (doc, "id", (gint64) sqlite3_column_int64 (stmt, 0));
  mfc_tr_set_col_str (doc, "filename", stmt, 1);
  mfc_tr_set_col_str (doc, "title", stmt, 2);
  mfc_tr_set_col_str (doc, "content_type", stmt, 3);
  json_object_set_int_member (doc, "size", sqlite3_column_int64 (stmt, 4));
  mfc_tr_set_col_str (doc, "sha256", stmt, 5);
  mfc_tr_set_time (doc, "uploaded_at", req->zones, sqlite3_column_int64 (stmt, 6), NULL);
  json_object_set_object_member (doc, "uploaded_by",
                                 mfc_tr_ref (sqlite3_column_int64 (stmt, 7), "full_name",
                                             (const char *) sqlite3_column_text (stmt, 8)));
  json_object_set_int_member (doc, "version", sqlite3_column_int64 (stmt, 9));

  return doc;
}

#define DOCUMENT_COLUMNS \
  "d.id, d.filename, d.title, d.content_type, d.size, d.sha256, d.uploaded_at," \
  " d.uploaded_by, u.full_name, d.version"

static JsonObject *
document_json (MfcTrainingRequest *req,
               gint64              document_id,
               gint64             *version)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT " DOCUMENT_COLUMNS " FROM documents d"
                                     " JOIN users u ON u.id = d.uploaded_by WHERE d.id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, document_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  if (version != NULL)
    *version = sqlite3_column_int64 (stmt, 9);

  return document_json_from_row (req, stmt);
}

static JsonArray *
documents_json (MfcTrainingRequest *req,
                gint64              ticket_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonArray *docs = json_array_new ();

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT " DOCUMENT_COLUMNS " FROM ticket_documents td"
                                     " JOIN documents d ON d.id = td.document_id"
                                     " JOIN users u ON u.id = d.uploaded_by"
                                     " WHERE td.ticket_id = ? ORDER BY td.position",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    json_array_add_object_element (docs, document_json_from_row (req, stmt));

  return docs;
}

static JsonObject *
comment_json_from_row (MfcTrainingRequest *req,
                       sqlite3_stmt       *stmt,
                       const char         *zone)
{
  JsonObject *c = json_object_new ();

  mfc_tr_set_id (c, "id", (gint64) sqlite3_column_int64 (stmt, 0));
  mfc_tr_set_col_str (c, "kind", stmt, 1);
  json_object_set_object_member (c, "author",
                                 mfc_tr_ref (sqlite3_column_int64 (stmt, 2), "full_name",
                                             (const char *) sqlite3_column_text (stmt, 3)));
  mfc_tr_set_time (c, "at", req->zones, sqlite3_column_int64 (stmt, 4), zone);
  mfc_tr_set_col_str (c, "text", stmt, 5);

  return c;
}

static JsonArray *
notices_json (MfcTrainingRequest *req,
              gint64              ticket_id,
              const char         *zone)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonArray *notices = json_array_new ();

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT id, channel, kind, text, sent_at FROM ticket_notices"
                                     " WHERE ticket_id = ? ORDER BY id",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *n = json_object_new ();

      mfc_tr_set_id (n, "id", (gint64) sqlite3_column_int64 (stmt, 0));
      mfc_tr_set_col_str (n, "channel", stmt, 1);
      mfc_tr_set_col_str (n, "kind", stmt, 2);
      mfc_tr_set_col_str (n, "text", stmt, 3);
      mfc_tr_set_time (n, "sent_at", req->zones, sqlite3_column_int64 (stmt, 4), zone);
      json_array_add_object_element (notices, n);
    }

  return notices;
}

static JsonObject *
ticket_json (MfcTrainingRequest *req,
             gint64              ticket_id,
             gboolean            detail,
             gint64             *version)
{
  sqlite3_stmt *stmt;
  g_autofree char *zone = NULL;
  JsonObject *t;
  JsonArray *moves;
  int status;
  guint32 due = 0, reference = 0;

  /* Once per list row: from the connection's statement cache */
  stmt = mfc_training_store_cached (req->store,
                                     "SELECT t.id, t.number, t.type, t.status, t.applicant_id, a.full_name,"
                                     " t.service_id, s.title, t.office_id, o.timezone, t.assignee_id,"
                                     " u.full_name, t.description, t.created_at, t.updated_at, t.due_date,"
                                     " t.paused_on, t.version, t.channel, t.priority, t.handed_over_at,"
                                     " t.handed_over_by, hu.full_name,"
                                     " (SELECT MAX(h.at) FROM ticket_history h WHERE h.ticket_id = t.id"
                                     "  AND h.to_status IN ('approved', 'rejected') AND h.kind = 'transition'),"
                                     " t.escalated_at"
                                     " FROM tickets t"
                                     " JOIN applicants a ON a.id = t.applicant_id"
                                     " JOIN offices o ON o.id = t.office_id"
                                     " LEFT JOIN services s ON s.id = t.service_id"
                                     " LEFT JOIN users u ON u.id = t.assignee_id"
                                     " LEFT JOIN users hu ON hu.id = t.handed_over_by"
                                     " WHERE t.id = ?");
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return NULL;
    }

  zone = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  status = status_index ((const char *) sqlite3_column_text (stmt, 3));

  t = json_object_new ();
  mfc_tr_set_id (t, "id", (gint64) sqlite3_column_int64 (stmt, 0));
  mfc_tr_set_col_str (t, "number", stmt, 1);
  mfc_tr_set_col_str (t, "type", stmt, 2);
  mfc_tr_set_col_str (t, "status", stmt, 3);
  json_object_set_object_member (t, "applicant",
                                 mfc_tr_ref (sqlite3_column_int64 (stmt, 4), "full_name",
                                             (const char *) sqlite3_column_text (stmt, 5)));
  if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
    json_object_set_object_member (t, "service",
                                   mfc_tr_ref (sqlite3_column_int64 (stmt, 6), "title",
                                               (const char *) sqlite3_column_text (stmt, 7)));
  else
    json_object_set_null_member (t, "service");
  mfc_tr_set_id (t, "office_id", sqlite3_column_int64 (stmt, 8));
  if (sqlite3_column_type (stmt, 10) != SQLITE_NULL)
    json_object_set_object_member (t, "assignee",
                                   mfc_tr_ref (sqlite3_column_int64 (stmt, 10), "full_name",
                                               (const char *) sqlite3_column_text (stmt, 11)));
  else
    json_object_set_null_member (t, "assignee");
  mfc_tr_set_col_str (t, "description", stmt, 12);
  mfc_tr_set_time (t, "created_at", req->zones, sqlite3_column_int64 (stmt, 13), zone);
  mfc_tr_set_time (t, "updated_at", req->zones, sqlite3_column_int64 (stmt, 14), zone);
  mfc_tr_set_col_str (t, "due_date", stmt, 15);
  json_object_set_boolean_member (t, "paused", status == 3);

  mfc_tr_parse_date ((const char *) sqlite3_column_text (stmt, 15), &due);
  if (status == 3 && sqlite3_column_type (stmt, 16) != SQLITE_NULL)
    mfc_tr_parse_date ((const char *) sqlite3_column_text (stmt, 16), &reference);
  else
    reference = today_in (req, zone);

  if (is_final (status))
    {
      json_object_set_null_member (t, "working_days_left");
      json_object_set_boolean_member (t, "overdue", FALSE);
      json_object_set_boolean_member (t, "at_risk", FALSE);
    }
  else if (reference <= due)
    {
      int left = mfc_tr_working_days_between (reference, due);

      json_object_set_int_member (t, "working_days_left", left);
      json_object_set_boolean_member (t, "overdue", FALSE);
      json_object_set_boolean_member (t, "at_risk", status != 3 && left <= AT_RISK_DAYS);
    }
  else
    {
      json_object_set_int_member (t, "working_days_left", -mfc_tr_working_days_between (due, reference));
      json_object_set_boolean_member (t, "overdue", TRUE);
      json_object_set_boolean_member (t, "at_risk", FALSE);
    }
  mfc_tr_set_col_str (t, "channel", stmt, 18);
  mfc_tr_set_col_str (t, "priority", stmt, 19);
  json_object_set_boolean_member (t, "escalated", sqlite3_column_type (stmt, 24) != SQLITE_NULL);
  if (is_final (status))
    {
      JsonObject *result = json_object_new ();

      mfc_tr_set_col_str (result, "decision", stmt, 3);
      if (sqlite3_column_type (stmt, 23) != SQLITE_NULL)
        mfc_tr_set_time (result, "decided_at", req->zones, sqlite3_column_int64 (stmt, 23), zone);
      else
        mfc_tr_set_time (result, "decided_at", req->zones, sqlite3_column_int64 (stmt, 14), zone);
      if (sqlite3_column_type (stmt, 20) != SQLITE_NULL)
        {
          mfc_tr_set_time (result, "handed_over_at", req->zones, sqlite3_column_int64 (stmt, 20), zone);
          json_object_set_object_member (result, "handed_over_by",
                                         mfc_tr_ref (sqlite3_column_int64 (stmt, 21), "full_name",
                                                     (const char *) sqlite3_column_text (stmt, 22)));
        }
      else
        {
          json_object_set_null_member (result, "handed_over_at");
          json_object_set_null_member (result, "handed_over_by");
        }
      json_object_set_object_member (t, "result", result);
    }
  else
    json_object_set_null_member (t, "result");

  moves = json_array_new ();
  for (guint i = 0; status >= 0 && i < G_N_ELEMENTS (statuses); i++)
    if (allowed[status] & (1u << i))
      json_array_add_string_element (moves, statuses[i]);
  json_object_set_array_member (t, "allowed_transitions", moves);
  json_object_set_int_member (t, "version", sqlite3_column_int64 (stmt, 17));
  if (version != NULL)
    *version = sqlite3_column_int64 (stmt, 17);
  sqlite3_reset (stmt);

  if (detail)
    {
      g_autoptr(sqlite3_stmt) list = NULL;
      JsonArray *history = json_array_new ();
      JsonArray *comments = json_array_new ();

      list = mfc_training_store_prepare (req->store,
                                         "SELECT h.from_status, h.to_status, h.at, h.user_id, u.full_name,"
                                         " h.comment, h.reason, h.kind FROM ticket_history h"
                                         " JOIN users u ON u.id = h.user_id"
                                         " WHERE h.ticket_id = ? ORDER BY h.at, h.id",
                                         NULL);
      sqlite3_bind_int64 (list, 1, ticket_id);
      while (sqlite3_step (list) == SQLITE_ROW)
        {
          JsonObject *h = json_object_new ();

          mfc_tr_set_col_str (h, "from_status", list, 0);
          mfc_tr_set_col_str (h, "to_status", list, 1);
          mfc_tr_set_time (h, "at", req->zones, sqlite3_column_int64 (list, 2), zone);
          json_object_set_object_member (h, "by",
                                         mfc_tr_ref (sqlite3_column_int64 (list, 3), "full_name",
                                                     (const char *) sqlite3_column_text (list, 4)));
          mfc_tr_set_col_str (h, "comment", list, 5);
          mfc_tr_set_col_str (h, "reason", list, 6);
          mfc_tr_set_col_str (h, "kind", list, 7);
          json_array_add_object_element (history, h);
        }
      g_clear_pointer (&list, sqlite3_finalize);
      json_object_set_array_member (t, "history", history);

      list = mfc_training_store_prepare (req->store,
                                         "SELECT c.id, c.kind, c.author_id, u.full_name, c.at, c.text"
                                         " FROM ticket_comments c JOIN users u ON u.id = c.author_id"
                                         " WHERE c.ticket_id = ? ORDER BY c.at, c.id",
                                         NULL);
      sqlite3_bind_int64 (list, 1, ticket_id);
      while (sqlite3_step (list) == SQLITE_ROW)
        json_array_add_object_element (comments, comment_json_from_row (req, list, zone));
      json_object_set_array_member (t, "comments", comments);

      json_object_set_array_member (t, "documents", documents_json (req, ticket_id));
      json_object_set_array_member (t, "notices", notices_json (req, ticket_id, zone));
    }

  return t;
}

static void
emit_ticket (MfcTrainingRequest *req,
             const char         *type,
             gint64              ticket_id)
{
  g_autoptr(JsonObject) data = ticket_json (req, ticket_id, FALSE, NULL);

  if (data != NULL)
    mfc_tr_emit_event (req, type, data);
}

static JsonObject *
ticket_detail_json (MfcTrainingRequest *req,
                    gint64              ticket_id,
                    gint64             *version)
{
  return ticket_json (req, ticket_id, TRUE, version);
}

static void
answer_ticket (MfcTrainingRequest *req,
               guint               status,
               gint64              ticket_id)
{
  mfc_tr_answer_written (req, status, ticket_detail_json, ticket_id, NULL);
}

static gboolean
attach (MfcTrainingRequest *req,
        gint64              ticket_id,
        gint64              document_id,
        gboolean           *added)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mfc_training_store_prepare (req->store,
                                     "INSERT OR IGNORE INTO ticket_documents (ticket_id, document_id, position)"
                                     " VALUES (?1, ?2, (SELECT coalesce(MAX(position), 0) + 1"
                                     "                  FROM ticket_documents WHERE ticket_id = ?1))",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int64 (stmt, 2, document_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return FALSE;
  if (added != NULL)
    *added = sqlite3_changes (req->db) > 0;

  return TRUE;
}

static gboolean
insert_history_full (MfcTrainingRequest *req,
                     gint64              ticket_id,
                     const char         *kind,
                     gint64              user_id,
                     const char         *from,
                     const char         *to,
                     const char         *comment,
                     const char         *reason)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mfc_training_store_prepare (req->store,
                                     "INSERT INTO ticket_history (ticket_id, from_status, to_status, at,"
                                     " user_id, comment, reason, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_text (stmt, 2, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, req->now);
  sqlite3_bind_int64 (stmt, 5, user_id);
  sqlite3_bind_text (stmt, 8, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, mfc_tr_is_blank (comment) ? NULL : comment, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, mfc_tr_is_blank (reason) ? NULL : reason, -1, SQLITE_TRANSIENT);

  return sqlite3_step (stmt) == SQLITE_DONE;
}

static gboolean
insert_history (MfcTrainingRequest *req,
                gint64              ticket_id,
                const char         *from,
                const char         *to,
                const char         *comment,
                const char         *reason)
{
  return insert_history_full (req, ticket_id, "transition", req->user_id, from, to, comment, reason);
}

/* The notice the service sends the applicant when their ticket enters
 * @status (kept in ticket_notices: the training server sends nothing).
 * The applicant's channel: notify_channel, else SMS (every applicant has a
 * phone); "none" sends nothing. */
static gboolean
send_notice (MfcTrainingRequest *req,
             gint64              ticket_id,
             int                 status,
             const char         *detail)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = NULL;
  g_autofree char *channel = NULL;
  const char *kind, *number, *office;

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT coalesce(a.notify_channel, 'sms'), a.email, t.number, o.name"
                                     " FROM tickets t JOIN applicants a ON a.id = t.applicant_id"
                                     " JOIN offices o ON o.id = t.office_id WHERE t.id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  channel = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (g_str_equal (channel, "none") ||
      (g_str_equal (channel, "email") && sqlite3_column_type (stmt, 1) == SQLITE_NULL))
    return TRUE;
  number = (const char *) sqlite3_column_text (stmt, 2);
  office = (const char *) sqlite3_column_text (stmt, 3);

  if (status == 3)
    {
      kind = "documents_missing";
      text = g_strdup_printf ("Обращение %s: для продолжения нужно представить документы%s%s. "
                              "Срок рассмотрения приостановлен.",
                              number, mfc_tr_is_blank (detail) ? "" : " — ",
                              mfc_tr_is_blank (detail) ? "" : detail);
    }
  else if (is_final (status))
    {
      kind = "result_ready";
      text = g_strdup_printf ("Обращение %s: результат готов (%s). Получите его в «%s».",
                              number, status == 4 ? "одобрено" : "отказано", office);
    }
  else
    {
      kind = "status_changed";
      text = g_strdup_printf ("Обращение %s: статус «%s».", number, status_titles[status]);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = mfc_training_store_prepare (req->store,
                                     "INSERT INTO ticket_notices (ticket_id, channel, kind, text, sent_at)"
                                     " VALUES (?, ?, ?, ?, ?)",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_text (stmt, 2, channel, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, req->now);

  return sqlite3_step (stmt) == SQLITE_DONE;
}

/* The titles of the mandatory documents not brought, as the creation's
 * history comment; NULL when there are none (or after naming the fields
 * that are wrong). */
static GString *
missing_documents (JsonObject *body,
                   const char *type,
                   JsonObject *fields)
{
  JsonNode *node = json_object_get_member (body, "missing_documents");
  JsonArray *array;
  GString *comment;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) > 50)
    {
      json_object_set_string_member (fields, "missing_documents", "Ожидается список названий (до 50)");
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return NULL;
  if (g_strcmp0 (type, "application") != 0)
    {
      json_object_set_string_member (fields, "missing_documents", "Только для заявления");
      return NULL;
    }

  comment = g_string_new ("Не представлены: ");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *title = JSON_NODE_HOLDS_VALUE (element) &&
                          json_node_get_value_type (element) == G_TYPE_STRING
                          ? json_node_get_string (element) : NULL;

      if (title == NULL || mfc_tr_is_blank (title) || g_utf8_strlen (title, -1) > 300)
        {
          g_autofree char *name = g_strdup_printf ("missing_documents.%u", i);

          json_object_set_string_member (fields, name, "Название документа: от 1 до 300 символов");
          continue;
        }
      if (i > 0)
        g_string_append (comment, "; ");
      g_string_append (comment, title);
    }

  if (json_object_get_size (fields) > 0)
    {
      g_string_free (comment, TRUE);
      return NULL;
    }
  return comment;
}

void
mfc_tr_ticket_create (MfcTrainingRequest *req)
{
  g_autoptr(JsonObject) body = mfc_tr_body_object (req);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) documents = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *zone = NULL;
  g_autofree char *created_date = NULL;
  g_autofree char *number = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *search = NULL;
  g_autoptr(GString) missing = NULL;
  const char *type = NULL, *description = NULL, *channel = NULL, *priority = NULL;
  gint64 applicant_id = 0, service_id = 0, office_id = 0, ticket_id, seq;
  guint32 today;
  int deadline = 10;

  if (body == NULL)
    return;

  if (!mfc_tr_member_string (body, "type", &type, NULL) || !is_type (type))
    json_object_set_string_member (fields, "type", "Допустимо: application, request, complaint, suggestion");
  mfc_tr_body_ref (req, body, fields, "applicant_id", "applicants", "Заявитель не найден", TRUE, &applicant_id);
  mfc_tr_body_ref (req, body, fields, "service_id", "services", "Услуга не найдена", FALSE, &service_id);
  mfc_tr_body_ref (req, body, fields, "office_id", "offices", "Офис не найден", FALSE, &office_id);
  if (!json_object_has_member (fields, "service_id") && service_id == 0 &&
      g_strcmp0 (type, "application") == 0)
    json_object_set_string_member (fields, "service_id", "Для заявления нужна услуга");
  if (!json_object_has_member (fields, "office_id") && office_id == 0)
    {
      office_id = req->user_office_id;
      if (office_id == 0)
        json_object_set_string_member (fields, "office_id", "Укажите офис");
    }
  if (!mfc_tr_member_string (body, "description", &description, NULL) ||
      (description != NULL && g_utf8_strlen (description, -1) > 4000))
    json_object_set_string_member (fields, "description", "Не длиннее 4000 символов");
  if (!mfc_tr_member_string (body, "channel", &channel, NULL) ||
      (channel != NULL && !in_list (channel, channels, G_N_ELEMENTS (channels))))
    json_object_set_string_member (fields, "channel", "Допустимо: in_person, phone, portal, mail");
  if (!mfc_tr_member_string (body, "priority", &priority, NULL) ||
      (priority != NULL && !in_list (priority, priorities, G_N_ELEMENTS (priorities))))
    json_object_set_string_member (fields, "priority", "Допустимо: normal, high, urgent");

  if (json_object_has_member (body, "documents") &&
      !json_node_is_null (json_object_get_member (body, "documents")))
    {
      JsonNode *node = json_object_get_member (body, "documents");

      if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) > 100)
        json_object_set_string_member (fields, "documents", "Ожидается список идентификаторов (до 100)");
      else
        {
          JsonArray *array = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);
              gint64 doc_id = 0;

              if (!JSON_NODE_HOLDS_VALUE (element) ||
                  json_node_get_value_type (element) != G_TYPE_STRING ||
                  !mfc_tr_parse_id (json_node_get_string (element), &doc_id) ||
                  !mfc_tr_row_exists (req, "documents", doc_id))
                {
                  g_autofree char *name = g_strdup_printf ("documents.%u", i);
                  json_object_set_string_member (fields, name, "Документ не найден");
                }
              else
                g_array_append_val (documents, doc_id);
            }
        }
    }

  if (json_object_has_member (body, "missing_documents") &&
      !json_node_is_null (json_object_get_member (body, "missing_documents")))
    missing = missing_documents (body, type, fields);

  if (json_object_get_size (fields) > 0)
    {
      mfc_tr_error (req, 422, "validation_failed", "Проверьте поля", fields);
      return;
    }

  if (service_id != 0)
    {
      stmt = mfc_training_store_prepare (req->store,
                                         "SELECT deadline_working_days FROM services WHERE id = ?", NULL);
      sqlite3_bind_int64 (stmt, 1, service_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        deadline = sqlite3_column_int (stmt, 0);
      g_clear_pointer (&stmt, sqlite3_finalize);
    }
  else if (g_str_equal (type, "complaint"))
    deadline = 15;
  else if (g_str_equal (type, "suggestion"))
    deadline = 30;

  stmt = mfc_training_store_prepare (req->store, "SELECT timezone FROM offices WHERE id = ?", NULL);
  sqlite3_bind_int64 (stmt, 1, office_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      mfc_tr_internal (req);
      return;
    }
  zone = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_clear_pointer (&stmt, sqlite3_finalize);

  created_date = mfc_tr_local_date (req->zones, req->now, zone);
  today = today_in (req, zone);
  due_text = mfc_tr_format_date (mfc_tr_add_working_days (today, deadline));

  stmt = mfc_training_store_prepare (req->store,
                                     "INSERT INTO ticket_numbers (year, last) VALUES (?, 1)"
                                     " ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
                                     NULL);
  sqlite3_bind_int (stmt, 1, atoi (created_date));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      mfc_tr_internal (req);
      return;
    }
  seq = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  number = g_strdup_printf ("MFC-%.4s-%06" G_GINT64_FORMAT, created_date, seq);

  search = mfc_training_store_ticket_search (number, description);

  stmt = mfc_training_store_prepare (req->store,
                                     "INSERT INTO tickets (number, type, status, applicant_id, service_id,"
                                     " office_id, assignee_id, description, search_lc, created_at,"
                                     " created_date, updated_at, due_date, paused_on, version, channel, priority)"
                                     " VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                                     NULL);
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, missing != NULL ? "awaiting_documents" : "accepted", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, applicant_id);
  if (service_id != 0)
    sqlite3_bind_int64 (stmt, 5, service_id);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_int64 (stmt, 6, office_id);
  sqlite3_bind_text (stmt, 7, description, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, search, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 9, req->now);
  sqlite3_bind_text (stmt, 10, created_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 11, req->now);
  sqlite3_bind_text (stmt, 12, due_text, -1, SQLITE_TRANSIENT);
  if (missing != NULL)
    sqlite3_bind_text (stmt, 13, created_date, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 13);
  sqlite3_bind_text (stmt, 14, channel != NULL ? channel : "in_person", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 15, priority != NULL ? priority : "normal", -1, SQLITE_TRANSIENT);
  if (!mfc_tr_step_done (req, stmt))
    return;
  ticket_id = sqlite3_last_insert_rowid (req->db);

  if (!insert_history (req, ticket_id, NULL, missing != NULL ? "awaiting_documents" : "accepted",
                       missing != NULL ? missing->str : NULL, NULL) ||
      !send_notice (req, ticket_id, missing != NULL ? 3 : 0,
                    missing != NULL ? missing->str + strlen ("Не представлены: ") : NULL))
    {
      mfc_tr_internal (req);
      return;
    }
  for (guint i = 0; i < documents->len; i++)
    if (!attach (req, ticket_id, g_array_index (documents, gint64, i), NULL))
      {
        mfc_tr_internal (req);
        return;
      }

  emit_ticket (req, "ticket.created", ticket_id);
  answer_ticket (req, 201, ticket_id);
}

void
mfc_tr_ticket_get (MfcTrainingRequest *req)
{
  mfc_tr_answer_get (req, ticket_detail_json);
}

typedef struct
{
  int     status;
  gint64  version;
  char   *due_date;
  char   *paused_on;
  char   *zone;
  gint64  assignee_id;
  gboolean handed_over;
} TicketState;

static void
ticket_state_clear (TicketState *state)
{
  g_clear_pointer (&state->due_date, g_free);
  g_clear_pointer (&state->paused_on, g_free);
  g_clear_pointer (&state->zone, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TicketState, ticket_state_clear)

/* The ticket of params[0]; FALSE after answering 404. */
static gboolean
load_state (MfcTrainingRequest *req,
            gint64             *id,
            TicketState        *state)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mfc_tr_param_row (req,
                           "SELECT t.status, t.version, t.due_date, t.paused_on, o.timezone,"
                           " t.assignee_id, t.handed_over_at IS NOT NULL"
                           " FROM tickets t JOIN offices o ON o.id = t.office_id"
                           " WHERE t.id = ?",
                           id);
  if (stmt == NULL)
    return FALSE;
  state->status = status_index ((const char *) sqlite3_column_text (stmt, 0));
  state->version = sqlite3_column_int64 (stmt, 1);
  state->due_date = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  state->paused_on = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  state->zone = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  state->assignee_id = sqlite3_column_int64 (stmt, 5);
  state->handed_over = sqlite3_column_int (stmt, 6) != 0;

  return TRUE;
}

void
mfc_tr_ticket_transition (MfcTrainingRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(TicketState) state = { 0 };
  g_autofree char *due = NULL;
  g_autofree char *paused_on = NULL;
  const char *to = NULL, *comment = NULL, *reason = NULL;
  gint64 id;
  int target;

  if (!load_state (req, &id, &state))
    return;
  if (!mfc_tr_check_if_match (req, state.version, FALSE))
    return;
  if ((body = mfc_tr_body_object (req)) == NULL)
    return;

  if (!mfc_tr_member_string (body, "to", &to, NULL) || (target = status_index (to)) < 0)
    {
      mfc_tr_error_field (req, 422, "validation_failed", "Неизвестный статус", "to", "Недопустимое значение");
      return;
    }
  if (!mfc_tr_body_text (req, body, "comment", 4000, "Не длиннее 4000 символов", &comment) ||
      !mfc_tr_body_text (req, body, "reason", 4000, "Не длиннее 4000 символов", &reason))
    return;

  if (state.status < 0 || !(allowed[state.status] & (1u << target)))
    {
      g_autofree char *message = g_strdup_printf ("Переход «%s» → «%s» не разрешён",
                                                  state.status >= 0 ? status_titles[state.status] : "?",
                                                  status_titles[target]);
      mfc_tr_error_field (req, 409, "transition_not_allowed", message, "to", "Недопустимый переход");
      return;
    }
  if (target == 5 && mfc_tr_is_blank (reason))
    {
      mfc_tr_error_field (req, 422, "reason_required", "Укажите причину отказа",
                          "reason", "Обязательно для отказа");
      return;
    }

  due = g_strdup (state.due_date);
  if (target == 3)
    {
      paused_on = mfc_tr_format_date (today_in (req, state.zone));
    }
  else if (state.status == 3)
    {
      guint32 paused = 0, due_j = 0, today = today_in (req, state.zone);

      if (mfc_tr_parse_date (state.paused_on, &paused) && mfc_tr_parse_date (state.due_date, &due_j))
        {
          g_free (due);
          due = mfc_tr_format_date (mfc_tr_add_working_days (due_j,
                                                             mfc_tr_working_days_between (paused, today)));
        }
    }

  stmt = mfc_training_store_prepare (req->store,
                                     "UPDATE tickets SET status = ?, due_date = ?, paused_on = ?,"
                                     " version = version + 1, updated_at = ? WHERE id = ?",
                                     NULL);
  sqlite3_bind_text (stmt, 1, statuses[target], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, due, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, paused_on, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, req->now);
  sqlite3_bind_int64 (stmt, 5, id);
  if (sqlite3_step (stmt) != SQLITE_DONE ||
      !insert_history (req, id, statuses[state.status], statuses[target], comment, reason) ||
      !send_notice (req, id, target, comment))
    {
      mfc_tr_internal (req);
      return;
    }

  emit_ticket (req, "ticket.updated", id);
  answer_ticket (req, 200, id);
}

/* «Выдать результат»: the decided ticket's result goes to the applicant. */
void
mfc_tr_ticket_handover (MfcTrainingRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(TicketState) state = { 0 };
  const char *comment = NULL;
  gint64 id;

  if (!load_state (req, &id, &state))
    return;
  if (!mfc_tr_check_if_match (req, state.version, FALSE))
    return;
  if ((body = mfc_tr_body_object (req)) == NULL)
    return;
  if (!mfc_tr_body_text (req, body, "comment", 4000, "Не длиннее 4000 символов", &comment))
    return;
  if (!is_final (state.status))
    {
      mfc_tr_error (req, 409, "transition_not_allowed",
                    "Результат ещё не готов: обращение не рассмотрено", NULL);
      return;
    }
  if (state.handed_over)
    {
      mfc_tr_error (req, 409, "transition_not_allowed", "Результат уже выдан заявителю", NULL);
      return;
    }

  stmt = mfc_training_store_prepare (req->store,
                                     "UPDATE tickets SET handed_over_at = ?, handed_over_by = ?,"
                                     " version = version + 1, updated_at = ? WHERE id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, req->now);
  sqlite3_bind_int64 (stmt, 2, req->user_id);
  sqlite3_bind_int64 (stmt, 3, req->now);
  sqlite3_bind_int64 (stmt, 4, id);
  if (sqlite3_step (stmt) != SQLITE_DONE ||
      !insert_history_full (req, id, "handover", req->user_id, statuses[state.status],
                            statuses[state.status],
                            mfc_tr_is_blank (comment) ? "Результат выдан заявителю" : comment, NULL))
    {
      mfc_tr_internal (req);
      return;
    }

  emit_ticket (req, "ticket.updated", id);
  answer_ticket (req, 200, id);
}

/* The automatic escalation: every open ticket (not paused) whose due date
 * has passed in its office's zone goes to its office's supervisor (the
 * region's first supervisor when the office has none), once, with a
 * history entry.  Bounded per call; the server calls it lazily, at most
 * once a minute of its clock, in a write transaction of its own. */
gboolean
mfc_tr_escalate_overdue (MfcTrainingRequest *req,
                         guint               max_tickets)
{
  g_autoptr(sqlite3_stmt) zones = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  zones = mfc_training_store_prepare (req->store, "SELECT DISTINCT timezone FROM offices", NULL);
  if (zones == NULL)
    return FALSE;
  while (sqlite3_step (zones) == SQLITE_ROW && ids->len < max_tickets)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      const char *zone = (const char *) sqlite3_column_text (zones, 0);
      g_autofree char *today = mfc_tr_local_date (req->zones, req->now, zone);

      stmt = mfc_training_store_prepare (req->store,
                                         "SELECT t.id FROM tickets t INDEXED BY tickets_to_escalate"
                                         " JOIN offices o ON o.id = t.office_id"
                                         " WHERE t.escalated_at IS NULL"
                                         " AND t.status IN ('accepted', 'in_progress', 'in_approval')"
                                         " AND t.due_date < ? AND o.timezone = ?"
                                         " ORDER BY t.due_date, t.id LIMIT ?",
                                         NULL);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, today, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, zone, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 3, max_tickets - ids->len);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, id);
        }
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      gint64 id = g_array_index (ids, gint64, i), supervisor;
      g_autofree char *status = NULL;

      stmt = mfc_training_store_prepare (req->store,
                                         "SELECT t.status, coalesce("
                                         " (SELECT MIN(u.id) FROM users u WHERE u.role = 'supervisor'"
                                         "  AND u.office_id = t.office_id),"
                                         " (SELECT MIN(u.id) FROM users u WHERE u.role = 'supervisor'))"
                                         " FROM tickets t WHERE t.id = ?",
                                         NULL);
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        continue;
      status = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      supervisor = sqlite3_column_int64 (stmt, 1);
      g_clear_pointer (&stmt, sqlite3_finalize);

      stmt = mfc_training_store_prepare (req->store,
                                         "UPDATE tickets SET escalated_at = ?, assignee_id = ?,"
                                         " version = version + 1, updated_at = ? WHERE id = ?",
                                         NULL);
      sqlite3_bind_int64 (stmt, 1, req->now);
      sqlite3_bind_int64 (stmt, 2, supervisor);
      sqlite3_bind_int64 (stmt, 3, req->now);
      sqlite3_bind_int64 (stmt, 4, id);
      if (sqlite3_step (stmt) != SQLITE_DONE ||
          !insert_history_full (req, id, "escalation", supervisor, status, status,
                                "Срок истёк — передано руководителю", NULL))
        return FALSE;
      emit_ticket (req, "ticket.updated", id);
    }

  return TRUE;
}

void
mfc_tr_ticket_comment (MfcTrainingRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(TicketState) state = { 0 };
  g_autoptr(JsonObject) comment = NULL;
  const char *text = NULL;
  gint64 id, comment_id;

  if (!load_state (req, &id, &state))
    return;
  if ((body = mfc_tr_body_object (req)) == NULL)
    return;
  if (!mfc_tr_member_string (body, "text", &text, NULL) || mfc_tr_is_blank (text) ||
      g_utf8_strlen (text, -1) > 4000)
    {
      mfc_tr_invalid_field (req, "text", "Текст комментария от 1 до 4000 символов");
      return;
    }

  stmt = mfc_training_store_prepare (req->store,
                                     "INSERT INTO ticket_comments (ticket_id, kind, author_id, at, text)"
                                     " VALUES (?, 'comment', ?, ?, ?)",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, req->user_id);
  sqlite3_bind_int64 (stmt, 3, req->now);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE || !mfc_tr_bump_version (req, "tickets", id))
    {
      mfc_tr_internal (req);
      return;
    }
  comment_id = sqlite3_last_insert_rowid (req->db);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT c.id, c.kind, c.author_id, u.full_name, c.at, c.text"
                                     " FROM ticket_comments c JOIN users u ON u.id = c.author_id"
                                     " WHERE c.id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, comment_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      mfc_tr_internal (req);
      return;
    }
  comment = comment_json_from_row (req, stmt, state.zone);

  emit_ticket (req, "ticket.updated", id);
  mfc_tr_set_etag (req, state.version + 1);
  mfc_tr_json (req, 201, comment);
}

/* A ticket named by its number («MFC-2026-000123», any case) in place of
 * its id: the path's id is made the ticket's; FALSE after answering 404. */
static gboolean
ticket_by_number (MfcTrainingRequest *req)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (req->params[0] == NULL || g_ascii_strncasecmp (req->params[0], "MFC-", 4) != 0)
    return TRUE;
  stmt = mfc_training_store_prepare (req->store, "SELECT id FROM tickets WHERE number = upper (?)", NULL);
  sqlite3_bind_text (stmt, 1, req->params[0], -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      mfc_tr_not_found (req);
      return FALSE;
    }
  g_free (req->params[0]);
  req->params[0] = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0));
  return TRUE;
}

void
mfc_tr_ticket_attach (MfcTrainingRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_auto(TicketState) state = { 0 };
  gint64 id, document_id = 0;
  gboolean added = FALSE;

  /* By its number too: a document queued while the service could not be
   * asked for the ticket's id names the ticket as the clerk typed it. */
  if (!ticket_by_number (req) || !load_state (req, &id, &state))
    return;
  if ((body = mfc_tr_body_object (req)) == NULL)
    return;
  if (!mfc_tr_body_ref (req, body, fields, "document_id", "documents", "Документ не найден", TRUE, &document_id))
    {
      mfc_tr_error (req, 422, "validation_failed", "Проверьте поля", fields);
      return;
    }

  if (!attach (req, id, document_id, &added) || (added && !mfc_tr_bump_version (req, "tickets", id)))
    {
      mfc_tr_internal (req);
      return;
    }

  if (added)
    emit_ticket (req, "ticket.updated", id);
  answer_ticket (req, 200, id);
}

void
mfc_tr_ticket_patch (MfcTrainingRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(TicketState) state = { 0 };
  const char *escalation = NULL;
  gint64 id, assignee = 0;
  gboolean has_assignee, changed = FALSE;

  if (!load_state (req, &id, &state))
    return;
  if (!mfc_tr_check_if_match (req, state.version, TRUE))
    return;
  if ((body = mfc_tr_body_object (req)) == NULL)
    return;

  has_assignee = json_object_has_member (body, "assignee_id");
  if (has_assignee)
    mfc_tr_body_ref (req, body, fields, "assignee_id", "users", "Сотрудник не найден", FALSE, &assignee);
  if (!mfc_tr_member_string (body, "escalation_comment", &escalation, NULL) ||
      (escalation != NULL && g_utf8_strlen (escalation, -1) > 4000))
    json_object_set_string_member (fields, "escalation_comment", "Не длиннее 4000 символов");
  if (!has_assignee && !json_object_has_member (body, "escalation_comment"))
    json_object_set_string_member (fields, "assignee_id", "Укажите исполнителя или комментарий");
  if (json_object_get_size (fields) > 0)
    {
      mfc_tr_error (req, 422, "validation_failed", "Проверьте поля", fields);
      return;
    }
  if (is_final (state.status))
    {
      mfc_tr_error (req, 409, "transition_not_allowed",
                    "Завершённое обращение нельзя передать другому исполнителю", NULL);
      return;
    }

  if (has_assignee && assignee != state.assignee_id)
    {
      stmt = mfc_training_store_prepare (req->store, "UPDATE tickets SET assignee_id = ? WHERE id = ?", NULL);
      if (assignee != 0)
        sqlite3_bind_int64 (stmt, 1, assignee);
      else
        sqlite3_bind_null (stmt, 1);
      sqlite3_bind_int64 (stmt, 2, id);
      if (!mfc_tr_step_done (req, stmt))
        return;
      g_clear_pointer (&stmt, sqlite3_finalize);
      changed = TRUE;
    }
  if (!mfc_tr_is_blank (escalation))
    {
      stmt = mfc_training_store_prepare (req->store,
                                         "INSERT INTO ticket_comments (ticket_id, kind, author_id, at, text)"
                                         " VALUES (?, 'escalation', ?, ?, ?)",
                                         NULL);
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, req->user_id);
      sqlite3_bind_int64 (stmt, 3, req->now);
      sqlite3_bind_text (stmt, 4, escalation, -1, SQLITE_TRANSIENT);
      if (!mfc_tr_step_done (req, stmt))
        return;
      changed = TRUE;
    }
  if (changed)
    {
      if (!mfc_tr_bump_version (req, "tickets", id))
        {
          mfc_tr_internal (req);
          return;
        }
      emit_ticket (req, "ticket.updated", id);
    }

  answer_ticket (req, 200, id);
}

static gboolean
parse_list (MfcTrainingRequest *req,
            const char         *name,
            gboolean          (*valid) (const char *),
            GString            *sql,
            GPtrArray          *binds,
            const char         *column)
{
  const char *text = mfc_tr_query (req, name);
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return TRUE;
  parts = g_strsplit (text, ",", -1);
  g_string_append_printf (sql, " AND t.%s IN (", column);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (!valid (parts[i]))
        {
          mfc_tr_bad_query (req, name, "Недопустимое значение");
          return FALSE;
        }
      g_string_append (sql, i == 0 ? "?" : ", ?");
      mfc_tr_bind_text (binds, parts[i]);
    }
  g_string_append (sql, ")");

  return TRUE;
}

static gboolean
valid_status (const char *s)
{
  return status_index (s) >= 0;
}

static gboolean
valid_channel (const char *s)
{
  return in_list (s, channels, G_N_ELEMENTS (channels));
}

static gboolean
valid_priority (const char *s)
{
  return in_list (s, priorities, G_N_ELEMENTS (priorities));
}

/* At most this many trigram candidates are listed by id and sorted; a
 * text more common than that is looked for along the sort index, where
 * its matches come soon. */
#define SEARCH_CANDIDATES_MAX 2000
/* Trigrams of one search ANDed: enough to be selective, cheap to match */
#define SEARCH_TRIGRAMS_MAX 12

#define OPEN_STATUSES "t.status IN ('accepted', 'in_progress', 'in_approval', 'awaiting_documents')"

/* The full-text query of @folded's trigrams, each a quoted string:
 * '"ива" AND "ван" AND …' (detail=none matches no phrases: the AND is a
 * superset of the substring's rows, instr() then keeps the exact ones).
 * NULL when @folded has fewer than 3 characters. */
static char *
trigram_query (const char *folded)
{
  g_autoptr(GString) query = g_string_new (NULL);
  glong n = g_utf8_strlen (folded, -1);
  glong step;
  const char *p = folded;

  if (n < 3)
    return NULL;
  step = MAX (1, (n - 2 + SEARCH_TRIGRAMS_MAX - 1) / SEARCH_TRIGRAMS_MAX);
  for (glong i = 0; i + 3 <= n; i++, p = g_utf8_next_char (p))
    {
      const char *end = g_utf8_offset_to_pointer (p, 3);

      if (i % step != 0 && i + 3 != n)
        continue;
      if (query->len > 0)
        g_string_append (query, " AND ");
      g_string_append_c (query, '"');
      for (const char *c = p; c < end; c++)
        {
          if (*c == '"')
            g_string_append_c (query, '"');
          g_string_append_c (query, *c);
        }
      g_string_append_c (query, '"');
    }

  return g_string_free (g_steal_pointer (&query), FALSE);
}

static gint64
count_candidates (MfcTrainingRequest *req,
                  const char         *sql,
                  const char         *first,
                  const char         *second)
{
  sqlite3_stmt *count = mfc_training_store_cached (req->store, sql);
  gint64 n = G_MAXINT32;

  if (count == NULL)
    return n;
  sqlite3_bind_text (count, 1, first, -1, SQLITE_TRANSIENT);
  if (second != NULL)
    sqlite3_bind_text (count, 2, second, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (count, second != NULL ? 3 : 2, SEARCH_CANDIDATES_MAX + 1);
  if (sqlite3_step (count) == SQLITE_ROW)
    n = sqlite3_column_int64 (count, 0);
  sqlite3_reset (count);

  return n;
}

/* The applicants whose current full name holds the folded text (two
 * parameters: the trigram query, the text) */
#define NAME_MATCHES \
  "SELECT a.id FROM applicants a WHERE a.id IN" \
  " (SELECT rowid FROM applicants_search WHERE applicants_search MATCH ?)" \
  " AND instr(a.full_name_lc, ?) > 0"
/* The ids of the applicants whose full name holds @folded, as an SQL
 * list "1, 2, …" (integers only); NULL when there are more than
 * SEARCH_CANDIDATES_MAX. */
static GString *
name_candidates (MfcTrainingRequest *req,
                 const char         *match,
                 const char         *folded)
{
  sqlite3_stmt *stmt = mfc_training_store_cached (req->store, NAME_MATCHES " LIMIT ?");
  g_autoptr(GString) list = g_string_new (NULL);
  int n = 0;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, folded, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, SEARCH_CANDIDATES_MAX + 1);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append_printf (list, "%s%" G_GINT64_FORMAT, n++ > 0 ? ", " : "", (gint64) sqlite3_column_int64 (stmt, 0));
    }
  sqlite3_reset (stmt);

  return n <= SEARCH_CANDIDATES_MAX ? g_steal_pointer (&list) : NULL;
}

/* q: a case-insensitive substring of the ticket's number or description
 * (tickets.search_lc) or of its applicant's full name.  The names are
 * looked for among the applicants (a trigram index of 100 000 names, not
 * of a million tickets), the rest in the tickets' own trigram index.
 * When both give few candidates (at most SEARCH_CANDIDATES_MAX tickets),
 * the list is made of them by id (and sorted); a more common text is
 * looked for along the list's sort index, where its matches come soon.
 * A count (@counting) reads every match anyway: it takes the candidates
 * of both trigram indexes however many there are (a common surname's
 * 91 000 tickets on the large seed in 0.4 s, where testing every ticket
 * took 2–4 s).  The exact test decides either way. */
static void
filter_search (MfcTrainingRequest *req,
               gboolean            counting,
               GString            *sql,
               GPtrArray          *binds)
{
  const char *value = mfc_tr_query (req, "q");
  g_autofree char *folded = NULL;
  g_autofree char *match = NULL;
  g_autoptr(GString) applicants = NULL;
  gint64 n;

  if (value == NULL)
    return;
  folded = mfc_training_store_fold (value);
  match = trigram_query (folded);
  /* Few candidates: the tickets' trigram matches, and the tickets of the
   * applicants whose names hold the text (listed once, here; a common
   * surname with more of them goes along the sort index). */
  if (match != NULL && counting)
    {
      g_string_append (sql, " AND (t.id IN (SELECT rowid FROM tickets_search WHERE tickets_search MATCH ?)"
                            " OR t.applicant_id IN (SELECT rowid FROM applicants_search"
                            " WHERE applicants_search MATCH ?))");
      mfc_tr_bind_text (binds, match);
      mfc_tr_bind_text (binds, match);
    }
  else if (match != NULL &&
           (n = count_candidates (req,
                                  "SELECT count(*) FROM (SELECT rowid FROM tickets_search"
                                  " WHERE tickets_search MATCH ? LIMIT ?)",
                                  match, NULL)) <= SEARCH_CANDIDATES_MAX &&
           count_candidates (req,
                             "SELECT count(*) FROM (SELECT rowid FROM applicants_search"
                             " WHERE applicants_search MATCH ? LIMIT ?)",
                             match, NULL) <= SEARCH_CANDIDATES_MAX &&
           (applicants = name_candidates (req, match, folded)) != NULL)
    {
      g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM (SELECT 1 FROM tickets"
                                                    " INDEXED BY tickets_by_applicant"
                                                    " WHERE applicant_id IN (%s) LIMIT %d)",
                                                    applicants->str, SEARCH_CANDIDATES_MAX + 1);
      g_autoptr(sqlite3_stmt) count = mfc_training_store_prepare (req->store, count_sql, NULL);

      if (count != NULL && sqlite3_step (count) == SQLITE_ROW &&
          n + sqlite3_column_int64 (count, 0) <= SEARCH_CANDIDATES_MAX)
        {
          g_string_append_printf (sql, " AND t.id IN (SELECT rowid FROM tickets_search WHERE tickets_search MATCH ?"
                                       " UNION ALL SELECT c.id FROM tickets c INDEXED BY tickets_by_applicant"
                                       " WHERE c.applicant_id IN (%s))", applicants->str);
          mfc_tr_bind_text (binds, match);
        }
    }
  /* The exact test: the applicant's name by its primary key, row by row
   * (cheaper than listing every applicant of a common surname) */
  g_string_append (sql, " AND (instr(t.search_lc, ?) > 0 OR"
                        " instr((SELECT a.full_name_lc FROM applicants a WHERE a.id = t.applicant_id), ?) > 0)");
  mfc_tr_bind_text (binds, folded);
  mfc_tr_bind_text (binds, folded);
}

/* The filters of listTickets and countTickets, as " AND …" clauses on
 * tickets t; FALSE after answering 400.  For the counts (@counting) the
 * status filter is left out (they are per status) and a search reads
 * all its candidates. */
static gboolean
ticket_filters (MfcTrainingRequest *req,
                gboolean            counting,
                GString            *sql,
                GPtrArray          *binds)
{
  gboolean with_status = !counting;
  g_autofree char *today = mfc_tr_local_date (req->zones, req->now, NULL);
  const char *value;
  gint64 id;
  int overdue, at_risk;
  guint32 j;

  if (!mfc_tr_query_bool (req, "overdue", &overdue) || !mfc_tr_query_bool (req, "at_risk", &at_risk))
    return FALSE;
  if ((with_status && !parse_list (req, "status", valid_status, sql, binds, "status")) ||
      !parse_list (req, "type", is_type, sql, binds, "type") ||
      !parse_list (req, "channel", valid_channel, sql, binds, "channel") ||
      !parse_list (req, "priority", valid_priority, sql, binds, "priority"))
    return FALSE;

  mfc_tr_filter_id (req, "service", sql, binds, " AND t.service_id = ?");
  mfc_tr_filter_id (req, "office", sql, binds, " AND t.office_id = ?");
  mfc_tr_filter_id (req, "applicant", sql, binds, " AND t.applicant_id = ?");
  if ((value = mfc_tr_query (req, "assignee")) != NULL)
    {
      if (g_str_equal (value, "none"))
        g_string_append (sql, " AND t.assignee_id IS NULL");
      else if (g_str_equal (value, "office"))
        {
          /* My office's tickets, whoever has them */
          g_string_append (sql, " AND t.office_id = ?");
          mfc_tr_bind_int (binds, req->user_office_id != 0 ? req->user_office_id : -1);
        }
      else
        {
          if (g_str_equal (value, "me"))
            id = req->user_id;
          else if (!mfc_tr_parse_id (value, &id))
            id = -1;
          g_string_append (sql, " AND t.assignee_id = ?");
          mfc_tr_bind_int (binds, id);
        }
    }
  if (!mfc_tr_query_date (req, "from", &value, &j))
    return FALSE;
  if (value != NULL)
    {
      g_string_append (sql, " AND t.created_date >= ?");
      mfc_tr_bind_text (binds, value);
    }
  if (!mfc_tr_query_date (req, "to", &value, &j))
    return FALSE;
  if (value != NULL)
    {
      g_string_append (sql, " AND t.created_date <= ?");
      mfc_tr_bind_text (binds, value);
    }
  if (overdue >= 0)
    {
      /* The region's today; offices lie within an hour of it.  A pause
       * began on a day already come, so an overdue ticket's due date is
       * before today as well: said plainly, for a range of the index by
       * status and due date. */
      g_string_append_printf (sql,
                              " AND %s(" OPEN_STATUSES " AND t.due_date < ? AND"
                              " t.due_date < CASE WHEN t.status = 'awaiting_documents'"
                              " THEN coalesce(t.paused_on, ?) ELSE ? END)",
                              overdue ? "" : "NOT ");
      mfc_tr_bind_text (binds, today);
      mfc_tr_bind_text (binds, today);
      mfc_tr_bind_text (binds, today);
    }
  if (at_risk >= 0)
    {
      guint32 today_j = 0;
      g_autofree char *limit = NULL;

      mfc_tr_parse_date (today, &today_j);
      limit = mfc_tr_format_date (mfc_tr_add_working_days (today_j, AT_RISK_DAYS));
      g_string_append_printf (sql,
                              " AND %s(t.status IN ('accepted', 'in_progress', 'in_approval') AND"
                              " t.due_date >= ? AND t.due_date <= ?)",
                              at_risk ? "" : "NOT ");
      mfc_tr_bind_text (binds, today);
      mfc_tr_bind_text (binds, limit);
    }
  filter_search (req, counting, sql, binds);

  return TRUE;
}

static const char * const list_filters[] = {
  "status", "type", "channel", "priority", "service", "assignee", "office", "applicant",
  "from", "to", "overdue", "at_risk", "q", "sort", NULL
};

/* What tickets_open_by_created tests by itself (and the sort) */
static const char * const open_by_created_filters[] = {
  "status", "type", "service", "overdue", "at_risk", "sort", NULL
};

/* Whether every filter of @req is one of @names (paging aside) */
static gboolean
only_filters (MfcTrainingRequest *req,
              const char * const *names)
{
  for (guint i = 0; list_filters[i] != NULL; i++)
    if (mfc_tr_query (req, list_filters[i]) != NULL && !g_strv_contains (names, list_filters[i]))
      return FALSE;

  return TRUE;
}

/**
 * mfc_tr_tickets_list_sql:
 * @req: a listTickets request
 * @pager: its pager, begun (cursor and limit read)
 * @binds: the parameters, in order, are added here
 *
 * The SQL of one page of listTickets (also for the plan test).
 *
 * Returns: (transfer full) (nullable): the SQL; %NULL after answering 400
 */
char *
mfc_tr_tickets_list_sql (MfcTrainingRequest *req,
                         MfcTrainingPager   *pager,
                         GPtrArray          *binds)
{
  g_autoptr(GString) sql = g_string_new ("SELECT t.id, ");
  const char *sort = mfc_tr_query (req, "sort");
  const char *column;
  const char *value;
  const char *open_index = NULL;
  gboolean descending, open_only;

  if (sort == NULL)
    sort = "-created_at";
  descending = sort[0] == '-';
  if (g_str_equal (sort + descending, "created_at"))
    column = "t.created_at";
  else if (g_str_equal (sort + descending, "due_date"))
    column = "t.due_date";
  else if (g_str_equal (sort + descending, "number"))
    column = "t.number";
  else
    {
      mfc_tr_bad_query (req, "sort", "Допустимо: created_at, due_date, number (с «-» — по убыванию)");
      return NULL;
    }

  /* Overdue or at-risk tickets (open ones only) by due date: the open
   * ones' index, in due order (the planner would take the status index
   * and sort).  By creation: the open ones' index in creation order, when
   * no other filter has a narrower index of its own (an assignee's, an
   * applicant's, an office's tickets, a search) and every other filter
   * is tested in that index (a status, a service, a type). */
  open_only = (g_strcmp0 (mfc_tr_query (req, "overdue"), "true") == 0 ||
               g_strcmp0 (mfc_tr_query (req, "at_risk"), "true") == 0) &&
              ((value = mfc_tr_query (req, "status")) == NULL ||
               (strstr (value, "approved") == NULL && strstr (value, "rejected") == NULL));
  if (open_only && g_str_equal (column, "t.due_date"))
    open_index = "tickets_open_by_due";
  else if (open_only && g_str_equal (column, "t.created_at") && only_filters (req, open_by_created_filters))
    open_index = "tickets_open_by_created";
  g_string_append_printf (sql, "%s FROM tickets t%s%s WHERE 1", column,
                          open_index != NULL ? " INDEXED BY " : "", open_index != NULL ? open_index : "");
  if (!ticket_filters (req, FALSE, sql, binds))
    return NULL;
  if (open_index != NULL)
    g_string_append (sql, " AND " OPEN_STATUSES);
  if (pager->after_key != NULL)
    {
      const char *op = descending ? "<" : ">";

      /* A row value: the planner seeks the index to it, where the
       * equivalent OR would scan from the start. */
      g_string_append_printf (sql, " AND (%s, t.id) %s (?, ?)", column, op);
      if (g_str_equal (column, "t.created_at"))
        mfc_tr_bind_int (binds, g_ascii_strtoll (pager->after_key, NULL, 10));
      else
        mfc_tr_bind_text (binds, pager->after_key);
      mfc_tr_bind_int (binds, pager->after_id);
    }
  g_string_append_printf (sql, " ORDER BY %s %s, t.id %s LIMIT ?",
                          column, descending ? "DESC" : "ASC", descending ? "DESC" : "ASC");
  mfc_tr_bind_int (binds, pager->limit + 1);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

void
mfc_tr_tickets_list (MfcTrainingRequest *req)
{
  g_autoptr(GPtrArray) binds = mfc_tr_binds_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(MfcTrainingPager) pager = { 0 };
  g_autofree char *sql = NULL;

  if (!mfc_tr_pager_begin (req, list_filters, &pager))
    return;
  if ((sql = mfc_tr_tickets_list_sql (req, &pager, binds)) == NULL)
    return;

  stmt = mfc_tr_prepare_bound (req, sql, binds);
  if (stmt == NULL)
    return;

  while (mfc_tr_pager_step (&pager, stmt))
    {
      JsonObject *ticket = ticket_json (req, pager.last_id, FALSE, NULL);

      if (ticket != NULL)
        json_array_add_object_element (pager.items, ticket);
    }

  mfc_tr_pager_answer (req, &pager);
}

static gboolean
values_valid (MfcTrainingRequest *req,
              const char         *name,
              gboolean          (*valid) (const char *))
{
  const char *text = mfc_tr_query (req, name);
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return TRUE;
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (!valid (parts[i]))
      return FALSE;

  return TRUE;
}

/* Counts whose filters are only type, channel, priority and office (or
 * my office) are sums of the counters the triggers keep (a few hundred
 * rows, where a count of the tickets reads up to a million): the SQL in
 * @sql and @binds, TRUE.  FALSE (nothing added) for any other filter. */
static gboolean
counts_from_counters (MfcTrainingRequest *req,
                      GString            *sql,
                      GPtrArray          *binds)
{
  static const char * const other[] = {
    "service", "applicant", "from", "to", "overdue", "at_risk", "q", NULL
  };
  const char *assignee = mfc_tr_query (req, "assignee");
  const char *office = mfc_tr_query (req, "office");
  gint64 office_id = 0, id;

  for (guint i = 0; other[i] != NULL; i++)
    if (mfc_tr_query (req, other[i]) != NULL)
      return FALSE;
  if (assignee != NULL && !g_str_equal (assignee, "office"))
    return FALSE;
  if (assignee != NULL)
    office_id = req->user_office_id != 0 ? req->user_office_id : -1;
  if (office != NULL)
    {
      if (!mfc_tr_parse_id (office, &id))
        id = -1;
      if (office_id != 0 && office_id != id)
        id = -1;
      office_id = id;
    }
  if (office_id != 0 &&
      (mfc_tr_query (req, "channel") != NULL || mfc_tr_query (req, "priority") != NULL))
    return FALSE;

  if (!values_valid (req, "type", is_type) || !values_valid (req, "channel", valid_channel) ||
      !values_valid (req, "priority", valid_priority))
    return FALSE;   /* answered 400 by the filters */

  g_string_assign (sql, office_id != 0
                        ? "SELECT t.status, sum(t.n) FROM ticket_office_counts t WHERE t.office_id = ?"
                        : "SELECT t.status, sum(t.n) FROM ticket_counts t WHERE 1");
  if (office_id != 0)
    mfc_tr_bind_int (binds, office_id);
  parse_list (req, "type", is_type, sql, binds, "type");
  parse_list (req, "channel", valid_channel, sql, binds, "channel");
  parse_list (req, "priority", valid_priority, sql, binds, "priority");
  g_string_append (sql, " GROUP BY t.status");

  return TRUE;
}

/**
 * mfc_tr_tickets_counts_sql:
 * @req: a countTickets request
 * @binds: the parameters, in order, are added here
 *
 * The SQL of countTickets: from the counters when the filters are only
 * theirs, else a count of the tickets by status (also for the plan test).
 *
 * Returns: (transfer full) (nullable): the SQL; %NULL after answering 400
 */
char *
mfc_tr_tickets_counts_sql (MfcTrainingRequest *req,
                           GPtrArray          *binds)
{
  g_autoptr(GString) sql = g_string_new ("SELECT t.status, count(*) FROM tickets t WHERE 1");

  if (!counts_from_counters (req, sql, binds))
    {
      if (!ticket_filters (req, TRUE, sql, binds))
        return NULL;
      g_string_append (sql, " GROUP BY t.status");
    }

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* The status chips: how many tickets of each status the other filters
 * match, and the total with the status filter too. */
void
mfc_tr_tickets_counts (MfcTrainingRequest *req)
{
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) binds = mfc_tr_binds_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  g_auto(GStrv) wanted = NULL;
  const char *status_filter = mfc_tr_query (req, "status");
  JsonObject *by_status = json_object_new ();
  gint64 total = 0;

  json_object_set_object_member (answer, "by_status", by_status);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    json_object_set_int_member (by_status, statuses[i], 0);

  if (status_filter != NULL)
    {
      wanted = g_strsplit (status_filter, ",", -1);
      for (guint i = 0; wanted[i] != NULL; i++)
        if (!valid_status (wanted[i]))
          {
            mfc_tr_bad_query (req, "status", "Недопустимое значение");
            return;
          }
    }
  sql = mfc_tr_tickets_counts_sql (req, binds);
  if (sql == NULL)
    return;

  stmt = mfc_tr_prepare_bound (req, sql, binds);
  if (stmt == NULL)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *status = (const char *) sqlite3_column_text (stmt, 0);
      gint64 n = sqlite3_column_int64 (stmt, 1);

      json_object_set_int_member (by_status, status, n);
      if (wanted == NULL || g_strv_contains ((const char * const *) wanted, status))
        total += n;
    }
  json_object_set_int_member (answer, "total", total);

  mfc_tr_json (req, 200, answer);
}

/* Documents */

static const char *
sniff_type (const guint8 *data,
            gsize         len)
{
  if (len >= 5 && memcmp (data, "%PDF-", 5) == 0)
    return "application/pdf";
  if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return "image/jpeg";
  if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  if (len >= 4 && memcmp (data, "PK\x03\x04", 4) == 0 &&
      memmem (data, len, "word/document.xml", strlen ("word/document.xml")) != NULL)
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

  return NULL;
}

void
mfc_tr_document_upload (MfcTrainingRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *title = NULL;
  g_autofree char *sha = NULL;
  GBytes *file = NULL;
  const char *content_type;
  const guint8 *data;
  gsize len = 0;

  content_type = soup_message_headers_get_content_type (headers, NULL);
  if (g_strcmp0 (content_type, "multipart/form-data") != 0 ||
      (multipart = soup_multipart_new_from_message (headers, req->body)) == NULL)
    {
      mfc_tr_error (req, 400, "bad_request", "Ожидается multipart/form-data", NULL);
      return;
    }

  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      g_autoptr(GHashTable) params = NULL;
      GBytes *part_body = NULL;
      const char *name = mfc_tr_form_part (multipart, i, &part_body, &params);

      if (g_strcmp0 (name, "file") == 0 && file == NULL)
        {
          const char *fn = g_hash_table_lookup (params, "filename");

          file = part_body;
          filename = g_strdup (fn != NULL && fn[0] != '\0' && g_utf8_validate (fn, -1, NULL)
                               ? fn : "document");
        }
      else if (g_strcmp0 (name, "title") == 0 && title == NULL)
        {
          gsize tlen = 0;
          const char *t = g_bytes_get_data (part_body, &tlen);

          if (tlen > 0 && g_utf8_validate (t, tlen, NULL))
            title = g_strndup (t, tlen);
        }
    }

  if (title != NULL && g_utf8_strlen (title, -1) > 300)
    {
      mfc_tr_invalid_field (req, "title", "Не длиннее 300 символов");
      return;
    }
  if (file == NULL || g_bytes_get_size (file) == 0)
    {
      mfc_tr_invalid_field (req, "file", file == NULL ? "Нет файла" : "Пустой файл");
      return;
    }
  data = g_bytes_get_data (file, &len);
  if (len > MFC_TRAINING_MAX_UPLOAD)
    {
      mfc_tr_error_field (req, 413, "too_large", "Файл больше 5 МБ", "file",
                          "Размер превышает 5242880 байт");
      return;
    }
  content_type = sniff_type (data, len);
  if (content_type == NULL)
    {
      mfc_tr_error_field (req, 415, "unsupported_type",
                          "Недопустимый тип файла: принимаются PDF, JPEG, PNG, DOCX",
                          "file", "Неизвестный формат содержимого");
      return;
    }

  sha = mfc_tr_sha256_hex (data, len);
  stmt = mfc_training_store_prepare (req->store,
                                     "INSERT INTO documents (filename, title, content_type, size, sha256,"
                                     " content, uploaded_at, uploaded_by, version)"
                                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                                     NULL);
  sqlite3_bind_text (stmt, 1, filename, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, content_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, len);
  sqlite3_bind_text (stmt, 5, sha, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 6, data, len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, req->now);
  sqlite3_bind_int64 (stmt, 8, req->user_id);

  mfc_tr_answer_inserted (req, stmt, document_json);
}

void
mfc_tr_document_get (MfcTrainingRequest *req)
{
  mfc_tr_answer_get (req, document_json);
}

void
mfc_tr_document_content (MfcTrainingRequest *req)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *disposition = NULL;
  gint64 id;

  stmt = mfc_tr_param_row (req, "SELECT content, content_type, filename, version FROM documents WHERE id = ?",
                           &id);
  if (stmt == NULL)
    return;

  req->status = 200;
  req->response = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  req->content_type = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  escaped = g_uri_escape_string ((const char *) sqlite3_column_text (stmt, 2), NULL, FALSE);
  disposition = g_strdup_printf ("attachment; filename*=UTF-8''%s", escaped);
  mfc_tr_add_header (req, "Content-Disposition", disposition);
  mfc_tr_set_etag (req, sqlite3_column_int64 (stmt, 3));
}
