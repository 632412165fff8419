/* mfc-training-response.c — how the training server's handlers answer:
 * the contract's error shape, JSON bodies, ETags and extra headers, events
 * queued on the request (sent by the server after the commit), and the
 * small builders of JSON members the resources share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include <string.h>

#include "mfc-training-response.h"

static void
set_response (MfcTrainingRequest *req,
              guint               status,
              JsonNode           *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  gsize len = strlen (text);

  req->status = status;
  g_clear_pointer (&req->response, g_bytes_unref);
  req->response = g_bytes_new_take (g_steal_pointer (&text), len);
  g_free (req->content_type);
  req->content_type = g_strdup ("application/json");
}

/* Errors */

void
mfc_tr_error (MfcTrainingRequest *req,
              guint               status,
              const char         *code,
              const char         *message,
              JsonObject         *fields)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *root = json_object_new ();
  JsonObject *error = json_object_new ();

  json_object_set_string_member (error, "code", code);
  json_object_set_string_member (error, "message", message);
  if (fields != NULL && json_object_get_size (fields) > 0)
    json_object_set_object_member (error, "fields", json_object_ref (fields));
  else
    json_object_set_null_member (error, "fields");
  json_object_set_object_member (root, "error", error);
  json_node_take_object (node, root);

  g_clear_pointer (&req->etag, g_free);
  set_response (req, status, node);
}

void
mfc_tr_error_field (MfcTrainingRequest *req,
                    guint               status,
                    const char         *code,
                    const char         *message,
                    const char         *field,
                    const char         *field_message)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  if (field != NULL)
    json_object_set_string_member (fields, field, field_message);
  mfc_tr_error (req, status, code, message, fields);
}

/* 400 bad_request for query parameter @name */
void
mfc_tr_bad_query (MfcTrainingRequest *req,
                  const char         *name,
                  const char         *field_message)
{
  mfc_tr_error_field (req, 400, "bad_request", "Неверный параметр запроса", name, field_message);
}

/* 422 validation_failed for one member of the body */
void
mfc_tr_invalid_field (MfcTrainingRequest *req,
                      const char         *member,
                      const char         *field_message)
{
  mfc_tr_error_field (req, 422, "validation_failed", "Проверьте поля", member, field_message);
}

/* 500 internal; the caller has logged why */
void
mfc_tr_internal_error (MfcTrainingRequest *req)
{
  mfc_tr_error (req, 500, "internal", "Внутренняя ошибка сервиса", NULL);
}

/* 500 internal after a failed SQL statement, which is logged */
void
mfc_tr_internal (MfcTrainingRequest *req)
{
  g_warning ("SQL error in %s %s: %s", req->method, req->path, sqlite3_errmsg (req->db));
  mfc_tr_internal_error (req);
}

void
mfc_tr_not_found (MfcTrainingRequest *req)
{
  mfc_tr_error (req, 404, "not_found", "Не найдено", NULL);
}

/* Runs the write @stmt; FALSE after answering 500 when it fails. */
gboolean
mfc_tr_step_done (MfcTrainingRequest *req,
                  sqlite3_stmt       *stmt)
{
  if (sqlite3_step (stmt) == SQLITE_DONE)
    return TRUE;
  mfc_tr_internal (req);

  return FALSE;
}

/* Success */

void
mfc_tr_json (MfcTrainingRequest *req,
             guint               status,
             JsonObject         *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  set_response (req, status, node);
}

/* After a write: @load's object for @id with @status and its version as
 * ETag, also sent as @event when that is not NULL; 500 when it is gone. */
void
mfc_tr_answer_written (MfcTrainingRequest  *req,
                       guint                status,
                       MfcTrainingLoadFunc  load,
                       gint64               id,
                       const char          *event)
{
  g_autoptr(JsonObject) object = NULL;
  gint64 version = 0;

  object = load (req, id, &version);
  if (object == NULL)
    {
      mfc_tr_internal (req);
      return;
    }
  if (event != NULL)
    mfc_tr_emit_event (req, event, object);
  mfc_tr_set_etag (req, version);
  mfc_tr_json (req, status, object);
}

/* Runs the INSERT @stmt and answers 201 with @load's object of the new
 * row; 500 when it fails. */
void
mfc_tr_answer_inserted (MfcTrainingRequest  *req,
                        sqlite3_stmt        *stmt,
                        MfcTrainingLoadFunc  load)
{
  if (!mfc_tr_step_done (req, stmt))
    return;
  mfc_tr_answer_written (req, 201, load, sqlite3_last_insert_rowid (req->db), NULL);
}

void
mfc_tr_set_etag (MfcTrainingRequest *req,
                 gint64              version)
{
  g_free (req->etag);
  req->etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
}

void
mfc_tr_add_header (MfcTrainingRequest *req,
                   const char         *name,
                   const char         *value)
{
  g_ptr_array_add (req->headers, g_strdup (name));
  g_ptr_array_add (req->headers, g_strdup (value));
}

void
mfc_tr_emit_event (MfcTrainingRequest *req,
                   const char         *type,
                   JsonObject         *data)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *envelope = json_object_new ();

  json_object_set_string_member (envelope, "type", type);
  mfc_tr_set_time (envelope, "at", req->zones, req->now, NULL);
  json_object_set_object_member (envelope, "data", json_object_ref (data));
  json_node_take_object (node, envelope);
  g_ptr_array_add (req->events, json_to_string (node, FALSE));
}

void
mfc_tr_page (MfcTrainingRequest *req,
             JsonArray          *items,
             const char         *next_cursor)
{
  g_autoptr(JsonObject) page = json_object_new ();

  json_object_set_array_member (page, "items", json_array_ref (items));
  mfc_tr_set_str (page, "next_cursor", next_cursor);
  mfc_tr_json (req, 200, page);
}

/* JSON building */

void
mfc_tr_set_str (JsonObject *object,
                const char *name,
                const char *value_or_null)
{
  if (value_or_null != NULL)
    json_object_set_string_member (object, name, value_or_null);
  else
    json_object_set_null_member (object, name);
}

char *
mfc_tr_id_string (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

void
mfc_tr_set_id (JsonObject *object,
               const char *name,
               gint64      id_or_0)
{
  if (id_or_0 > 0)
    {
      g_autofree char *s = mfc_tr_id_string (id_or_0);
      json_object_set_string_member (object, name, s);
    }
  else
    json_object_set_null_member (object, name);
}

void
mfc_tr_set_col_str (JsonObject   *object,
                    const char   *name,
                    sqlite3_stmt *stmt,
                    int           column)
{
  mfc_tr_set_str (object, name, (const char *) sqlite3_column_text (stmt, column));
}

JsonObject *
mfc_tr_ref (gint64      id,
            const char *name_member,
            const char *name)
{
  JsonObject *ref = json_object_new ();

  mfc_tr_set_id (ref, "id", id);
  mfc_tr_set_str (ref, name_member, name);

  return ref;
}

void
mfc_tr_set_time (JsonObject        *object,
                 const char        *name,
                 MfcTrainingZones  *zones,
                 gint64             unix_seconds,
                 const char        *zone)
{
  g_autofree char *text = mfc_tr_format_time (zones, unix_seconds, zone);

  json_object_set_string_member (object, name, text);
}
