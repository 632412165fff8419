/* mfc-training-util.c — helpers shared by the training server's routes:
 * JSON error and success responses, query and body parsing, keyset cursors,
 * time zones and the region's production calendar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mfc-training-private.h"
#include "mfc-workdays.h"

/* The region's production calendar is the federal one of mfc-workdays,
 * the same lists /config sends, so client and server count alike. */
static MfcWorkdays *
calendar (void)
{
  static MfcWorkdays *workdays;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      workdays = mfc_workdays_new_russia ();
      g_once_init_leave (&initialized, 1);
    }

  return workdays;
}

static void
julian_to_date (guint32  julian,
                GDate   *date)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, julian);
}

gboolean
mfc_tr_parse_date (const char *text,
                   guint32    *julian)
{
  unsigned y, m, d;
  char tail;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  if (y < 1 || m < 1 || m > 12 || !g_date_valid_dmy (d, m, y))
    return FALSE;

  {
    GDate date;
    g_date_clear (&date, 1);
    g_date_set_dmy (&date, d, m, y);
    *julian = g_date_get_julian (&date);
  }

  return TRUE;
}

char *
mfc_tr_format_date (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date),
                          g_date_get_month (&date), g_date_get_day (&date));
}

/* The N-th working day after @julian (@julian itself not counted). */
guint32
mfc_tr_add_working_days (guint32 julian,
                         int     days)
{
  GDate start, due;

  if (days <= 0)
    return julian;
  julian_to_date (julian, &start);
  g_date_clear (&due, 1);
  mfc_workdays_add_working_days (calendar (), &start, days, &due);

  return g_date_get_julian (&due);
}

/* Working days in (after, up_to]; 0 when up_to <= after. */
int
mfc_tr_working_days_between (guint32 after,
                             guint32 up_to)
{
  GDate from, to;

  if (up_to <= after)
    return 0;
  julian_to_date (after, &from);
  julian_to_date (up_to, &to);

  return mfc_workdays_working_days_between (calendar (), &from, &to);
}

static JsonArray *
string_list_json (const char * const *list)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; list[i] != NULL; i++)
    json_array_add_string_element (array, list[i]);

  return array;
}

JsonArray *
mfc_tr_holidays_json (void)
{
  return string_list_json (mfc_workdays_russia_holidays ());
}

JsonArray *
mfc_tr_extra_working_days_json (void)
{
  return string_list_json (mfc_workdays_russia_extra_working_days ());
}

/* Responses */

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

/* A new version of row @id of @table, changed now. */
gboolean
mfc_tr_bump_version (MfcTrainingRequest *req,
                     const char         *table,
                     gint64              id)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET version = version + 1, updated_at = ? WHERE id = ?",
                                          table);
  g_autoptr(sqlite3_stmt) stmt = mfc_training_store_prepare (req->store, sql, NULL);

  sqlite3_bind_int64 (stmt, 1, req->now);
  sqlite3_bind_int64 (stmt, 2, id);

  return sqlite3_step (stmt) == SQLITE_DONE;
}

void
mfc_tr_not_found (MfcTrainingRequest *req)
{
  mfc_tr_error (req, 404, "not_found", "Не найдено", NULL);
}

void
mfc_tr_json (MfcTrainingRequest *req,
             guint               status,
             JsonObject         *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  set_response (req, status, node);
}

/* GET of one resource: @load's object for the id in params[0], with its
 * version as ETag; 404 when the id is malformed or unknown. */
void
mfc_tr_answer_get (MfcTrainingRequest  *req,
                   MfcTrainingLoadFunc  load)
{
  g_autoptr(JsonObject) object = NULL;
  gint64 id, version = 0;

  if (!mfc_tr_parse_id (req->params[0], &id) || (object = load (req, id, &version)) == NULL)
    {
      mfc_tr_not_found (req);
      return;
    }
  mfc_tr_set_etag (req, version);
  mfc_tr_json (req, 200, object);
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
  mfc_tr_set_time (envelope, "at", req->server, req->now, NULL);
  json_object_set_object_member (envelope, "data", json_object_ref (data));
  json_node_take_object (node, envelope);
  g_ptr_array_add (req->events, json_to_string (node, FALSE));
}

/* Requests */

JsonObject *
mfc_tr_body_object (MfcTrainingRequest *req)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (req->body, &len);
  JsonNode *root;

  if (len == 0 ||
      !g_utf8_validate (data, len, NULL) ||
      !json_parser_load_from_data (parser, data, len, &error) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      mfc_tr_error (req, 400, "bad_request", "Некорректный JSON в теле запроса", NULL);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

const char *
mfc_tr_query (MfcTrainingRequest *req,
              const char         *name)
{
  const char *value = g_hash_table_lookup (req->query, name);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

/* The form-data name of part @index of @multipart, with its body and
 * Content-Disposition parameters; NULL when it has no such header. */
const char *
mfc_tr_form_part (SoupMultipart  *multipart,
                  int             index,
                  GBytes        **body,
                  GHashTable    **params)
{
  SoupMessageHeaders *part_headers = NULL;

  *body = NULL;
  *params = NULL;
  if (!soup_multipart_get_part (multipart, index, &part_headers, body) ||
      !soup_message_headers_get_content_disposition (part_headers, NULL, params))
    return NULL;

  return g_hash_table_lookup (*params, "name");
}

/* Returns FALSE (and answers 400) on a value that is not a boolean;
 * *value is -1 when absent. */
gboolean
mfc_tr_query_bool (MfcTrainingRequest *req,
                   const char         *name,
                   int                *value)
{
  const char *text = mfc_tr_query (req, name);

  *value = -1;
  if (text == NULL)
    return TRUE;
  if (g_str_equal (text, "true") || g_str_equal (text, "1"))
    *value = 1;
  else if (g_str_equal (text, "false") || g_str_equal (text, "0"))
    *value = 0;
  else
    {
      mfc_tr_bad_query (req, name, "Ожидается true или false");
      return FALSE;
    }

  return TRUE;
}

/* The date of query parameter @name in *text (NULL when absent) and
 * *julian; FALSE after answering 400 when it is not ГГГГ-ММ-ДД. */
gboolean
mfc_tr_query_date (MfcTrainingRequest  *req,
                   const char          *name,
                   const char         **text,
                   guint32             *julian)
{
  *text = mfc_tr_query (req, name);
  if (*text != NULL && !mfc_tr_parse_date (*text, julian))
    {
      mfc_tr_bad_query (req, name, "Дата ГГГГ-ММ-ДД");
      return FALSE;
    }

  return TRUE;
}

/* Filters of list queries */

/* When query parameter @name is present, appends @clause with one "?"
 * for its id; a value that cannot be an id matches nothing. */
void
mfc_tr_filter_id (MfcTrainingRequest *req,
                  const char         *name,
                  GString            *sql,
                  GPtrArray          *binds,
                  const char         *clause)
{
  const char *value = mfc_tr_query (req, name);
  gint64 id;

  if (value == NULL)
    return;
  if (!mfc_tr_parse_id (value, &id))
    id = -1;
  g_string_append (sql, clause);
  mfc_tr_bind_int (binds, id);
}

/* When query parameter @name is present, keeps the rows whose lower-case
 * @column holds its lower-case text. */
void
mfc_tr_filter_search (MfcTrainingRequest *req,
                      const char         *name,
                      GString            *sql,
                      GPtrArray          *binds,
                      const char         *column)
{
  const char *value = mfc_tr_query (req, name);
  g_autofree char *lower = NULL;

  if (value == NULL)
    return;
  lower = mfc_tr_utf8_lower (value);
  g_string_append_printf (sql, " AND instr(%s, ?) > 0", column);
  mfc_tr_bind_text (binds, lower);
}

gboolean
mfc_tr_limit (MfcTrainingRequest *req,
              int                *limit)
{
  const char *text = g_hash_table_lookup (req->query, "limit");
  guint64 value = 0;

  *limit = 50;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, 200, &value, NULL))
    {
      mfc_tr_bad_query (req, "limit", "Допустимо от 1 до 200");
      return FALSE;
    }
  *limit = (int) value;

  return TRUE;
}

gboolean
mfc_tr_check_if_match (MfcTrainingRequest *req,
                       gint64              version,
                       gboolean            required)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *if_match = soup_message_headers_get_one (headers, "If-Match");
  g_autofree char *current = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);

  if (if_match == NULL)
    {
      if (!required)
        return TRUE;
      mfc_tr_error_field (req, 428, "precondition_required", "Нужен заголовок If-Match",
                          "If-Match", "Обязательный заголовок");
      return FALSE;
    }

  {
    g_autofree char *trimmed = g_strstrip (g_strdup (if_match));

    if (!g_str_equal (trimmed, current))
      {
        mfc_tr_error (req, 412, "precondition_failed",
                      "Данные изменены другим пользователем, обновите и повторите", NULL);
        mfc_tr_set_etag (req, version);
        return FALSE;
      }
  }

  return TRUE;
}

gboolean
mfc_tr_row_exists (MfcTrainingRequest *req,
                   const char         *table,
                   gint64              id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?", table);
  g_autoptr(sqlite3_stmt) stmt = mfc_training_store_prepare (req->store, sql, NULL);

  sqlite3_bind_int64 (stmt, 1, id);

  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* The row @sql (one "?" for the id) selects for the id in params[0],
 * stepped onto it; NULL (after answering 404) when the id is malformed or
 * no row matches. */
sqlite3_stmt *
mfc_tr_param_row (MfcTrainingRequest *req,
                  const char         *sql,
                  gint64             *id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!mfc_tr_parse_id (req->params[0], id))
    {
      mfc_tr_not_found (req);
      return NULL;
    }
  stmt = mfc_training_store_prepare (req->store, sql, NULL);
  sqlite3_bind_int64 (stmt, 1, *id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      mfc_tr_not_found (req);
      return NULL;
    }

  return g_steal_pointer (&stmt);
}

gboolean
mfc_tr_parse_id (const char *text,
                 gint64     *id)
{
  guint64 value = 0;

  if (text == NULL || text[0] == '\0' || strlen (text) > 18 ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *id = (gint64) value;

  return TRUE;
}

/* Returns FALSE when the member is present and not a string or null.
 * *value is NULL when absent or null; *present_null tells which. */
gboolean
mfc_tr_member_string (JsonObject  *object,
                      const char  *name,
                      const char **value,
                      gboolean    *present_null)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (present_null != NULL)
    *present_null = FALSE;
  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (present_null != NULL)
        *present_null = TRUE;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *value = json_node_get_string (node);

  return TRUE;
}

/* An optional string member of at most @max_chars characters; FALSE
 * after answering 422 with @field_message for it. */
gboolean
mfc_tr_body_text (MfcTrainingRequest  *req,
                  JsonObject          *body,
                  const char          *member,
                  glong                max_chars,
                  const char          *field_message,
                  const char         **value)
{
  if (!mfc_tr_member_string (body, member, value, NULL) ||
      (*value != NULL && g_utf8_strlen (*value, -1) > max_chars))
    {
      mfc_tr_invalid_field (req, member, field_message);
      return FALSE;
    }

  return TRUE;
}

gboolean
mfc_tr_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

/* Cursors
 *
 * plain = tag \x1f key \x1f id, sent as unpadded base64url.  The tag is an
 * HMAC of key and id under the list's fingerprint, itself keyed with the
 * server's secret: a cursor that was altered, made up, or taken from a list
 * with other filters or of another user fails the check and is answered
 * 400 (reading it as "first page" would send a client round in a loop). */

#define CURSOR_TAG_CHARS 16

static char *
cursor_tag (const char *fingerprint,
            const char *key,
            gint64      id)
{
  g_autofree char *data = g_strdup_printf ("%s\x1f%" G_GINT64_FORMAT, key, id);
  char *tag = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) fingerprint,
                                         strlen (fingerprint), data, -1);

  tag[CURSOR_TAG_CHARS] = '\0';

  return tag;
}

char *
mfc_tr_cursor_encode (const char *fingerprint,
                      const char *key,
                      gint64      id)
{
  g_autofree char *tag = cursor_tag (fingerprint, key, id);
  g_autofree char *plain = g_strdup_printf ("%s\x1f%s\x1f%" G_GINT64_FORMAT, tag, key, id);
  char *b64 = g_base64_encode ((const guchar *) plain, strlen (plain));
  char *w = b64;

  for (char *r = b64; *r != '\0'; r++)
    {
      if (*r == '=')
        continue;
      *w++ = *r == '+' ? '-' : *r == '/' ? '_' : *r;
    }
  *w = '\0';

  return b64;
}

gboolean
mfc_tr_cursor_decode (MfcTrainingRequest *req,
                      const char         *fingerprint,
                      char              **key,
                      gint64             *id)
{
  const char *cursor = mfc_tr_query (req, "cursor");
  g_autoptr(GString) b64 = NULL;
  g_autofree guchar *plain = NULL;
  g_autofree char *text = NULL;
  g_autofree char *cursor_key = NULL;
  g_autofree char *expected = NULL;
  const char *first, *last;
  gsize len = 0;
  guint8 diff = 0;

  *key = NULL;
  *id = 0;
  if (cursor == NULL)
    return TRUE;

  if (strlen (cursor) > 512)
    goto bad;
  b64 = g_string_new (NULL);
  for (const char *p = cursor; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (b64, *p);
      else if (*p == '-')
        g_string_append_c (b64, '+');
      else if (*p == '_')
        g_string_append_c (b64, '/');
      else
        goto bad;
    }
  if (b64->len % 4 == 1)
    goto bad;
  while (b64->len % 4 != 0)
    g_string_append_c (b64, '=');

  plain = g_base64_decode (b64->str, &len);
  if (plain == NULL || len == 0)
    goto bad;
  text = g_strndup ((const char *) plain, len);
  if (strlen (text) != len || !g_utf8_validate (text, -1, NULL))
    goto bad;
  /* tag \x1f key \x1f id, where the key may hold \x1f itself */
  first = strchr (text, '\x1f');
  last = strrchr (text, '\x1f');
  if (first == NULL || last == first || first - text != CURSOR_TAG_CHARS ||
      !mfc_tr_parse_id (last + 1, id))
    goto bad;
  cursor_key = g_strndup (first + 1, last - first - 1);
  expected = cursor_tag (fingerprint, cursor_key, *id);
  for (int i = 0; i < CURSOR_TAG_CHARS; i++)
    diff |= (guint8) (expected[i] ^ text[i]);
  if (diff != 0)
    goto bad;
  *key = g_steal_pointer (&cursor_key);

  return TRUE;

bad:
  *id = 0;
  mfc_tr_bad_query (req, "cursor", "Неверный или чужой курсор");
  return FALSE;
}

/* What a cursor is bound to: the list (path), its filters and the user,
 * keyed with the server's secret so that no client can forge a tag. */
char *
mfc_tr_fingerprint (MfcTrainingRequest *req,
                    const char * const *names)
{
  g_autoptr(GString) s = g_string_new (req->path);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *value = mfc_tr_query (req, names[i]);
      g_string_append_printf (s, "\x1f%s=%s", names[i], value != NULL ? value : "");
    }
  if (req->user_id != 0)
    g_string_append_printf (s, "\x1fuser=%" G_GINT64_FORMAT, req->user_id);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) req->cursor_secret,
                                    strlen (req->cursor_secret), s->str, s->len);
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

/* Keyset pages */

void
mfc_tr_pager_clear (MfcTrainingPager *pager)
{
  g_clear_pointer (&pager->fingerprint, g_free);
  g_clear_pointer (&pager->after_key, g_free);
  g_clear_pointer (&pager->items, json_array_unref);
  g_clear_pointer (&pager->last_key, g_free);
  g_clear_pointer (&pager->next, g_free);
}

/* Reads limit and cursor of a list filtered by the query parameters
 * @filters; FALSE after answering 400. */
gboolean
mfc_tr_pager_begin (MfcTrainingRequest *req,
                    const char * const *filters,
                    MfcTrainingPager   *pager)
{
  pager->fingerprint = mfc_tr_fingerprint (req, filters);
  pager->items = json_array_new ();

  return mfc_tr_limit (req, &pager->limit) &&
         mfc_tr_cursor_decode (req, pager->fingerprint, &pager->after_key, &pager->after_id);
}

/* After a cursor, keeps the rows past its (@key_column, @id_column) in
 * ascending order of a text key. */
void
mfc_tr_pager_after (MfcTrainingPager *pager,
                    GString          *sql,
                    GPtrArray        *binds,
                    const char       *key_column,
                    const char       *id_column)
{
  if (pager->after_key == NULL)
    return;
  g_string_append_printf (sql, " AND (%s > ? OR (%s = ? AND %s > ?))",
                          key_column, key_column, id_column);
  mfc_tr_bind_text (binds, pager->after_key);
  mfc_tr_bind_text (binds, pager->after_key);
  mfc_tr_bind_int (binds, pager->after_id);
}

/* The row @stmt is on, whose first columns are the id and the sort key:
 * TRUE when it belongs on the page (its id now in last_id), FALSE when it
 * is past the page, which sets the next page's cursor. */
gboolean
mfc_tr_pager_take (MfcTrainingPager *pager,
                   sqlite3_stmt     *stmt)
{
  if (pager->n++ == pager->limit)
    {
      pager->next = mfc_tr_cursor_encode (pager->fingerprint, pager->last_key, pager->last_id);
      return FALSE;
    }
  pager->last_id = sqlite3_column_int64 (stmt, 0);
  g_free (pager->last_key);
  pager->last_key = g_strdup ((const char *) sqlite3_column_text (stmt, 1));

  return TRUE;
}

/* Steps @stmt onto its next row of the page: FALSE at the end of the rows
 * or of the page. */
gboolean
mfc_tr_pager_step (MfcTrainingPager *pager,
                   sqlite3_stmt     *stmt)
{
  return sqlite3_step (stmt) == SQLITE_ROW && mfc_tr_pager_take (pager, stmt);
}

void
mfc_tr_pager_answer (MfcTrainingRequest *req,
                     MfcTrainingPager   *pager)
{
  mfc_tr_page (req, pager->items, pager->next);
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

/* Time */

char *
mfc_tr_format_time (MfcTrainingServer *server,
                    gint64             unix_seconds,
                    const char        *zone)
{
  GTimeZone *tz = mfc_training_server_get_zone (server, zone != NULL ? zone : MFC_TRAINING_REGION_TZ);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

char *
mfc_tr_local_date (MfcTrainingServer *server,
                   gint64             unix_seconds,
                   const char        *zone)
{
  GTimeZone *tz = mfc_training_server_get_zone (server, zone != NULL ? zone : MFC_TRAINING_REGION_TZ);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, "%Y-%m-%d");
}

gboolean
mfc_tr_parse_time (const char *text,
                   gint64     *unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  /* An offset is required: without one GLib would guess the local zone. */
  if (text == NULL || strlen (text) < 20 ||
      !(g_str_has_suffix (text, "Z") || strchr (text + 19, '+') != NULL ||
        strchr (text + 19, '-') != NULL))
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;
  *unix_seconds = g_date_time_to_unix (dt);

  return TRUE;
}

char *
mfc_tr_sha256_hex (const guint8 *data,
                   gsize         length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
}

char *
mfc_tr_utf8_lower (const char *text)
{
  return g_utf8_strdown (text != NULL ? text : "", -1);
}

/* Parameters of dynamically built queries, bound in order. */

GPtrArray *
mfc_tr_binds_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
}

void
mfc_tr_bind_text (GPtrArray  *binds,
                  const char *text)
{
  g_ptr_array_add (binds, g_variant_ref_sink (g_variant_new_string (text)));
}

void
mfc_tr_bind_int (GPtrArray *binds,
                 gint64     value)
{
  g_ptr_array_add (binds, g_variant_ref_sink (g_variant_new_int64 (value)));
}

void
mfc_tr_bind_double (GPtrArray *binds,
                    double     value)
{
  g_ptr_array_add (binds, g_variant_ref_sink (g_variant_new_double (value)));
}

void
mfc_tr_bind_all (sqlite3_stmt *stmt,
                 GPtrArray    *binds)
{
  for (guint i = 0; i < binds->len; i++)
    {
      GVariant *v = binds->pdata[i];

      if (g_variant_is_of_type (v, G_VARIANT_TYPE_STRING))
        sqlite3_bind_text (stmt, i + 1, g_variant_get_string (v, NULL), -1, SQLITE_TRANSIENT);
      else if (g_variant_is_of_type (v, G_VARIANT_TYPE_INT64))
        sqlite3_bind_int64 (stmt, i + 1, g_variant_get_int64 (v));
      else
        sqlite3_bind_double (stmt, i + 1, g_variant_get_double (v));
    }
}

gboolean
mfc_tr_all_digits (const char *text,
                   gsize       length)
{
  if (text == NULL || strlen (text) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

/* Check digits, for the seeds (which make numbers) */

int
mfc_tr_snils_check (const char *nine_digits)
{
  int sum = 0;

  for (int i = 0; i < 9; i++)
    sum += (nine_digits[i] - '0') * (9 - i);
  if (sum < 100)
    return sum;
  if (sum == 100 || sum == 101)
    return 0;
  sum %= 101;

  return sum == 100 ? 0 : sum;
}

static int
inn_digit (const char *digits,
           const int  *weights,
           int         n)
{
  int sum = 0;

  for (int i = 0; i < n; i++)
    sum += (digits[i] - '0') * weights[i];

  return sum % 11 % 10;
}

/* Completes a 12-digit personal INN: @inn has 10 digits and room for 13. */
void
mfc_tr_inn_complete (char *inn)
{
  static const int w11[] = { 7, 2, 4, 10, 3, 5, 9, 4, 6, 8 };
  static const int w12[] = { 3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8 };

  inn[10] = '0' + inn_digit (inn, w11, 10);
  inn[11] = '0' + inn_digit (inn, w12, 11);
  inn[12] = '\0';
}

void
mfc_tr_set_time (JsonObject        *object,
                 const char        *name,
                 MfcTrainingServer *server,
                 gint64             unix_seconds,
                 const char        *zone)
{
  g_autofree char *text = mfc_tr_format_time (server, unix_seconds, zone);

  json_object_set_string_member (object, name, text);
}
