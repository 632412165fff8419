/* mfc-query.c
 *
 * A query keeps its path and its values already encoded: what
 * mfc_query_to_string() returns is only ever joined, never escaped again,
 * so nothing can be escaped twice or forgotten.  Values are encoded with
 * no reserved character allowed, which leaves only unreserved characters
 * and %XX escapes: a "+" travels as %2B and can never be read as a space.
 *
 * mfc_query_new_from_string() accepts exactly that language back (for a
 * write the outbox stored), and nothing else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-service"

#include "config.h"

#include <string.h>

#include "mfc-query.h"

struct _MfcQuery
{
  gatomicrefcount  ref_count;
  GString         *path;     /* encoded */
  GPtrArray       *names;    /* char *, [a-z_0-9]+ */
  GPtrArray       *values;   /* char *, encoded; same length as names */
};

G_DEFINE_QUARK (mfc-query-error-quark, mfc_query_error)

G_DEFINE_BOXED_TYPE (MfcQuery, mfc_query, mfc_query_ref, mfc_query_unref)

/* Helpers */

static gboolean
is_unreserved (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static gboolean
name_is_valid (const char *name)
{
  if (name == NULL || name[0] == '\0')
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
      return FALSE;

  return TRUE;
}

/* A path from the code: "/" and unreserved characters only, so that it
 * needs no escaping and holds no query or fragment. */
static gboolean
literal_path_is_valid (const char *path)
{
  if (path == NULL || path[0] != '/')
    return FALSE;

  for (const char *p = path; *p != '\0'; p++)
    if (*p != '/' && !is_unreserved (*p))
      return FALSE;

  return TRUE;
}

/* Unreserved characters and %XX escapes of valid UTF-8, from @start to
 * @end: what g_uri_escape_string (…, NULL, FALSE) makes of UTF-8 text. */
static gboolean
encoded_is_valid (const char *start,
                  const char *end)
{
  g_autofree char *decoded = NULL;
  gsize escapes = 0;

  for (const char *p = start; p < end; p++)
    {
      if (*p == '%')
        {
          if (end - p < 3 || !g_ascii_isxdigit (p[1]) || !g_ascii_isxdigit (p[2]))
            return FALSE;
          escapes++;
          p += 2;
        }
      else if (!is_unreserved (*p))
        return FALSE;
    }

  /* A %00 would end the decoded text early: refuse it with the rest. */
  decoded = g_uri_unescape_segment (start, end, NULL);

  return decoded != NULL &&
         strlen (decoded) == (gsize) (end - start) - 2 * escapes &&
         g_utf8_validate (decoded, -1, NULL);
}

/* A path segment: "." and ".." would move up the path once a server or a
 * proxy normalizes it, so their dots are escaped too. */
static char *
escape_segment (const char *segment)
{
  if (g_str_equal (segment, "."))
    return g_strdup ("%2E");
  if (g_str_equal (segment, ".."))
    return g_strdup ("%2E%2E");

  return g_uri_escape_string (segment, NULL, FALSE);
}

static MfcQuery *
query_alloc (void)
{
  MfcQuery *self = g_new0 (MfcQuery, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->path = g_string_new (NULL);
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->values = g_ptr_array_new_with_free_func (g_free);

  return self;
}

static void
add_encoded (MfcQuery   *self,
             const char *name,
             char       *encoded)
{
  g_ptr_array_add (self->names, g_strdup (name));
  g_ptr_array_add (self->values, encoded);
}

/* Splits the query of mfc_query_new_from_string() into its pairs. */
static gboolean
parse_query (MfcQuery   *self,
             const char *query)
{
  g_auto(GStrv) pairs = NULL;

  /* mfc_query_to_string() writes no "?" without a parameter. */
  if (query[0] == '\0')
    return FALSE;

  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *pair = pairs[i];
      const char *equals = strchr (pair, '=');
      g_autofree char *name = NULL;

      if (equals == NULL)
        return FALSE;
      name = g_strndup (pair, equals - pair);
      if (!name_is_valid (name) ||
          !encoded_is_valid (equals + 1, equals + 1 + strlen (equals + 1)))
        return FALSE;
      add_encoded (self, name, g_strdup (equals + 1));
    }

  return TRUE;
}

static gboolean
parse_path (MfcQuery   *self,
            const char *path,
            const char *end)
{
  if (path == end || path[0] != '/')
    return FALSE;

  for (const char *segment = path + 1; segment <= end; )
    {
      const char *next = memchr (segment, '/', end - segment);

      if (next == NULL)
        next = end;
      if (!encoded_is_valid (segment, next) ||
          (next - segment == 1 && segment[0] == '.') ||
          (next - segment == 2 && segment[0] == '.' && segment[1] == '.'))
        return FALSE;
      segment = next + 1;
    }

  g_string_append_len (self->path, path, end - path);

  return TRUE;
}

/* Public API */

/**
 * mfc_query_new:
 * @path: a literal from the code such as "/api/v1/tickets": starts with
 *   "/", holds only unreserved characters ("A-Za-z0-9-._~") and "/"; add
 *   ids and other data with mfc_query_add_segment()
 *
 * Returns: (transfer full): a new query with no parameters
 */
MfcQuery *
mfc_query_new (const char *path)
{
  MfcQuery *self;

  g_return_val_if_fail (literal_path_is_valid (path), NULL);

  self = query_alloc ();
  g_string_append (self->path, path);

  return self;
}

/**
 * mfc_query_new_from_string:
 * @path_and_query: an encoded path and query as mfc_query_to_string()
 *   made it, e.g. one the outbox stored
 * @error: %MFC_QUERY_ERROR_INVALID when it is not such a string
 *
 * Returns: (transfer full) (nullable): the query
 */
MfcQuery *
mfc_query_new_from_string (const char  *path_and_query,
                           GError     **error)
{
  g_autoptr(MfcQuery) self = NULL;
  const char *question;
  const char *path_end;

  g_return_val_if_fail (path_and_query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = query_alloc ();
  question = strchr (path_and_query, '?');
  path_end = question != NULL ? question : path_and_query + strlen (path_and_query);

  if (!g_utf8_validate (path_and_query, -1, NULL) ||
      !parse_path (self, path_and_query, path_end) ||
      (question != NULL && !parse_query (self, question + 1)))
    {
      /* The string may hold personal data: it stays out of the message. */
      g_set_error_literal (error, MFC_QUERY_ERROR, MFC_QUERY_ERROR_INVALID,
                           "Not an encoded path and query");
      return NULL;
    }

  return g_steal_pointer (&self);
}

MfcQuery *
mfc_query_ref (MfcQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
mfc_query_unref (MfcQuery *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_string_free (self->path, TRUE);
  g_ptr_array_unref (self->names);
  g_ptr_array_unref (self->values);
  g_free (self);
}

/**
 * mfc_query_copy:
 *
 * A query is mutable and shared by its references; copy one before
 * changing it (a next page's cursor) when others hold it too.
 *
 * Returns: (transfer full): an independent copy
 */
MfcQuery *
mfc_query_copy (MfcQuery *self)
{
  MfcQuery *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = query_alloc ();
  g_string_append_len (copy->path, self->path->str, self->path->len);
  for (guint i = 0; i < self->names->len; i++)
    add_encoded (copy, g_ptr_array_index (self->names, i),
                 g_strdup (g_ptr_array_index (self->values, i)));

  return copy;
}

/**
 * mfc_query_add_segment:
 * @segment: one path segment, e.g. an id from the server; escaped whole,
 *   so a "/" in it stays inside the segment, and "." or ".." cannot move
 *   up the path
 *
 * Appends "/" and @segment to the path (so the literal given to
 * mfc_query_new() should not end in "/").
 */
void
mfc_query_add_segment (MfcQuery   *self,
                       const char *segment)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (segment != NULL);
  g_return_if_fail (g_utf8_validate (segment, -1, NULL));

  /* An empty id is a bug, but it must not turn ".../applicants/<id>"
   * into the list ".../applicants": the "/" is added all the same. */
  if (segment[0] == '\0')
    g_return_if_fail_warning (G_LOG_DOMAIN, G_STRFUNC, "segment[0] != '\\0'");

  escaped = escape_segment (segment);
  g_string_append_c (self->path, '/');
  g_string_append (self->path, escaped);
}

/**
 * mfc_query_add:
 * @name: a literal of [a-z_0-9]
 * @value: (nullable): any UTF-8 text; %NULL adds nothing, so an empty
 *   filter can be passed as it is
 *
 * Appends a parameter (a repeated name is sent repeated).
 */
void
mfc_query_add (MfcQuery   *self,
               const char *name,
               const char *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name_is_valid (name));
  g_return_if_fail (value == NULL || g_utf8_validate (value, -1, NULL));

  if (value == NULL)
    return;

  add_encoded (self, name, g_uri_escape_string (value, NULL, FALSE));
}

void
mfc_query_add_int (MfcQuery   *self,
                   const char *name,
                   gint64      value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  mfc_query_add (self, name, text);
}

/**
 * mfc_query_add_bool:
 *
 * Adds "true" or "false", as the contract spells booleans.
 */
void
mfc_query_add_bool (MfcQuery   *self,
                    const char *name,
                    gboolean    value)
{
  mfc_query_add (self, name, value ? "true" : "false");
}

/**
 * mfc_query_set:
 * @value: (nullable): the new value; %NULL removes the parameter
 *
 * Replaces every @name parameter with one holding @value, in the place
 * of the first (at the end when there was none): for a page's cursor.
 */
void
mfc_query_set (MfcQuery   *self,
               const char *name,
               const char *value)
{
  gint first = -1;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name_is_valid (name));
  g_return_if_fail (value == NULL || g_utf8_validate (value, -1, NULL));

  for (guint i = self->names->len; i-- > 0; )
    {
      if (!g_str_equal (g_ptr_array_index (self->names, i), name))
        continue;
      if (first >= 0)
        {
          g_ptr_array_remove_index (self->names, first);
          g_ptr_array_remove_index (self->values, first);
        }
      first = (gint) i;
    }

  if (value == NULL)
    {
      if (first >= 0)
        {
          g_ptr_array_remove_index (self->names, first);
          g_ptr_array_remove_index (self->values, first);
        }
      return;
    }

  if (first < 0)
    {
      mfc_query_add (self, name, value);
      return;
    }

  g_free (self->values->pdata[first]);
  self->values->pdata[first] = g_uri_escape_string (value, NULL, FALSE);
}

/**
 * mfc_query_get_path:
 *
 * Returns: the encoded path without the query: what may be logged (the
 *   values hold СНИЛС, phone numbers, names)
 */
const char *
mfc_query_get_path (MfcQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path->str;
}

/**
 * mfc_query_to_string:
 *
 * Returns: (transfer full): the encoded path and query, e.g.
 *   "/api/v1/tickets?q=%2B7%20913"; never log it
 */
char *
mfc_query_to_string (MfcQuery *self)
{
  GString *s;

  g_return_val_if_fail (self != NULL, NULL);

  s = g_string_new (self->path->str);
  for (guint i = 0; i < self->names->len; i++)
    {
      g_string_append_c (s, i == 0 ? '?' : '&');
      g_string_append (s, g_ptr_array_index (self->names, i));
      g_string_append_c (s, '=');
      g_string_append (s, g_ptr_array_index (self->values, i));
    }

  return g_string_free (s, FALSE);
}
