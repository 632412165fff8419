/* mfc-training-query.c — how the training server's handlers read a
 * request: the JSON body and its members, query parameters, the path's id
 * and the row it names, If-Match, list filters and the parameters of the
 * SQL they build, and keyset pages with their cursors.  What is wrong in a
 * request is answered here (400, 404, 412, 428) through the responses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include <string.h>

#include "mfc-training-query.h"
#include "mfc-training-response.h"
#include "mfc-training-store.h"

/* The body */

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

/* Query parameters */

const char *
mfc_tr_query (MfcTrainingRequest *req,
              const char         *name)
{
  const char *value = g_hash_table_lookup (req->query, name);

  return value != NULL && value[0] != '\0' ? value : NULL;
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

/* Ids and the rows they name */

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

/* A member holding the string id of a row of @table; FALSE after adding a
 * message for it to @fields.  Absent or null gives *id = 0, which is
 * fine unless @required. */
gboolean
mfc_tr_body_ref (MfcTrainingRequest *req,
                 JsonObject         *body,
                 JsonObject         *fields,
                 const char         *member,
                 const char         *table,
                 const char         *missing_message,
                 gboolean            required,
                 gint64             *id)
{
  const char *text = NULL;

  *id = 0;
  if (!mfc_tr_member_string (body, member, &text, NULL))
    {
      json_object_set_string_member (fields, member, "Ожидается строка-идентификатор");
      return FALSE;
    }
  if (text == NULL)
    {
      if (required)
        json_object_set_string_member (fields, member, "Обязательное поле");
      return !required;
    }
  if (!mfc_tr_parse_id (text, id) || !mfc_tr_row_exists (req, table, *id))
    {
      *id = 0;
      json_object_set_string_member (fields, member, missing_message);
      return FALSE;
    }

  return TRUE;
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
  lower = mfc_training_store_fold (value);
  g_string_append_printf (sql, " AND instr(%s, ?) > 0", column);
  mfc_tr_bind_text (binds, lower);
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

/**
 * mfc_tr_prepare_bound:
 * @sql: a query built with placeholders
 * @binds: their values, in order (mfc_tr_bind_text() and friends)
 *
 * Returns: (transfer full) (nullable): the statement ready to step, or
 *   %NULL after answering 500 (the SQL did not prepare)
 */
sqlite3_stmt *
mfc_tr_prepare_bound (MfcTrainingRequest *req,
                      const char         *sql,
                      GPtrArray          *binds)
{
  sqlite3_stmt *stmt = mfc_training_store_prepare (req->store, sql, NULL);

  if (stmt == NULL)
    {
      mfc_tr_internal (req);
      return NULL;
    }
  mfc_tr_bind_all (stmt, binds);

  return stmt;
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
