/* mfc-client.c
 *
 * The one HTTP path to the central service.  A request runs as a little
 * state machine on one GTask: attempt → (retry after a delay) → read the
 * body with a hard size cap → parse → response or error.
 *
 * Privacy: the debug log carries the method, the path without its query
 * string (mfc_query_get_path()), the status and the duration.  Never
 * bodies, tokens or query values (they hold СНИЛС, passport numbers,
 * phone numbers).
 *
 * Paths and queries arrive as MfcQuery, encoded already: the client never
 * escapes anything itself, so there is one place where values are
 * escaped and it cannot be skipped.
 *
 * TLS: strict.  The system's trust store always applies; an extra CA file
 * is added to it, not substituted for it (see mfc-tls-database.c).  The
 * database sits on the SoupSession, so every request and the events
 * WebSocket are verified alike; there is no per-message
 * `accept-certificate` handler that could be forgotten.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-service"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "mfc-client.h"
#include "mfc-client-private.h"
#include "mfc-server-address.h"
#include "mfc-tls-database.h"
#include "mfc-upload-stream-private.h"

#define READ_CHUNK_SIZE        (64 * 1024)
#define MAX_ERROR_BODY_SIZE    (1024 * 1024)
#define MAX_RETRY_AFTER_S      30
#define MAX_JSON_DEPTH         256
#define DEFAULT_RETRY_BASE_MS  500
#define DEFAULT_RETRY_MAX_MS   8000
/* The kernel's send buffer for an upload's connection.  Left to itself
 * Linux grows it to 4 MB, which swallows most of a 5 MB file at once: the
 * progress would show 90 % while the bytes still wait to leave the
 * machine.  Kept small, "written" means "on its way". */
#define UPLOAD_SNDBUF_SIZE     (128 * 1024)

/* ------------------------------------------------------------------ */
/* MfcClientResponse                                                   */

struct _MfcClientResponse
{
  gatomicrefcount  ref_count;
  guint            status;
  JsonNode        *root;
  char            *etag;
  gboolean         replayed;
  GBytes          *bytes;
  char            *content_type;
};

G_DEFINE_BOXED_TYPE (MfcClientResponse, mfc_client_response,
                     mfc_client_response_ref, mfc_client_response_unref)

/* ------------------------------------------------------------------ */
/* MfcClient                                                           */

struct _MfcClient
{
  GObject       parent_instance;

  SoupSession  *session;
  char         *base_url;
  char         *token;
  char         *ca_file;
  guint         timeout;
  guint         max_attempts;
  guint         retry_base_ms;
  guint         retry_max_ms;
  gsize         max_response_size;
  gboolean      no_proxy;       /* the service is on this machine */
};

typedef struct
{
  char                  *method;
  char                  *path;
  char                  *log_path;
  GBytes                *body;
  char                  *content_type;
  /* A multipart upload: libsoup's framing around a file read from disk
   * (or bytes in memory) as the body is written; see mfc-upload-stream.c */
  GBytes                *upload_head;
  GBytes                *upload_tail;
  GFile                 *upload_file;
  GBytes                *upload_data;
  guint64                body_length;
  char                  *if_match;
  char                  *idempotency_key;
  MfcClientRequestFlags  flags;
  guint                  attempt;
  gint64                 started_us;

  MfcClientProgressFunc  progress;
  gpointer               progress_data;
  GDestroyNotify         progress_destroy;
  guint64                sent;

  /* The current attempt */
  SoupMessage           *msg;
  GCancellable          *attempt_cancellable;
  gulong                 cancelled_id;
  GInputStream          *stream;
  GByteArray            *buffer;
  gsize                  limit;
  gboolean               sent_token;
  GSource               *delay_source;
} Request;

typedef struct
{
  JsonArray *items;
  char      *next_cursor;
} Page;

static void start_attempt (GTask *task);

G_DEFINE_FINAL_TYPE (MfcClient, mfc_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN,
  PROP_CA_FILE,
  PROP_TIMEOUT,
  PROP_MAX_ATTEMPTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  UNAUTHORIZED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
attempt_clear (Request *req,
               GTask   *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (req->cancelled_id != 0)
    {
      g_cancellable_disconnect (cancellable, req->cancelled_id);
      req->cancelled_id = 0;
    }

  if (req->delay_source != NULL)
    {
      g_source_destroy (req->delay_source);
      g_clear_pointer (&req->delay_source, g_source_unref);
    }

  if (req->stream != NULL && !g_input_stream_is_closed (req->stream))
    {
      /* Abandoning an unread body: cancel so that libsoup drops the
       * connection instead of draining megabytes on close. */
      if (req->attempt_cancellable != NULL)
        g_cancellable_cancel (req->attempt_cancellable);
    }
  g_clear_object (&req->stream);

  if (req->msg != NULL)
    g_signal_handlers_disconnect_by_data (req->msg, task);
  g_clear_object (&req->msg);
  g_clear_object (&req->attempt_cancellable);
  g_clear_pointer (&req->buffer, g_byte_array_unref);
  req->sent_token = FALSE;
}

static void
request_free (gpointer data)
{
  Request *req = data;

  g_assert (req->msg == NULL);
  g_assert (req->stream == NULL);
  g_assert (req->delay_source == NULL);

  if (req->progress_destroy != NULL)
    req->progress_destroy (req->progress_data);

  g_free (req->method);
  g_free (req->path);
  g_free (req->log_path);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req->content_type);
  g_clear_pointer (&req->upload_head, g_bytes_unref);
  g_clear_pointer (&req->upload_tail, g_bytes_unref);
  g_clear_object (&req->upload_file);
  g_clear_pointer (&req->upload_data, g_bytes_unref);
  g_free (req->if_match);
  g_free (req->idempotency_key);
  g_free (req);
}

static void
page_free (gpointer data)
{
  Page *page = data;

  g_clear_pointer (&page->items, json_array_unref);
  g_free (page->next_cursor);
  g_free (page);
}

static void
request_return_error (GTask  *task,
                      GError *error)
{
  Request *req = g_task_get_task_data (task);

  attempt_clear (req, task);
  g_task_return_error (task, error);
}

static void
request_return_response (GTask             *task,
                         MfcClientResponse *response)
{
  Request *req = g_task_get_task_data (task);

  attempt_clear (req, task);
  g_task_return_pointer (task, response, (GDestroyNotify) mfc_client_response_unref);
}

static gboolean
method_is_write (const char *method)
{
  return g_str_equal (method, "POST") ||
         g_str_equal (method, "PATCH") ||
         g_str_equal (method, "PUT") ||
         g_str_equal (method, "DELETE");
}

/* Safe to send twice: by HTTP semantics, or because the server replays a
 * write that carries the same Idempotency-Key. */
static gboolean
request_is_idempotent (Request *req)
{
  return g_str_equal (req->method, "GET") ||
         g_str_equal (req->method, "HEAD") ||
         g_str_equal (req->method, "PUT") ||
         g_str_equal (req->method, "DELETE") ||
         req->idempotency_key != NULL;
}

static gboolean
request_can_retry (MfcClient *self,
                   Request   *req)
{
  return (req->flags & MFC_CLIENT_REQUEST_NO_RETRY) == 0 &&
         req->attempt < self->max_attempts &&
         request_is_idempotent (req);
}

static gboolean
status_is_retryable (guint status)
{
  return status == 429 || status == 502 || status == 503 || status == 504;
}

static void
log_attempt (Request      *req,
             guint         status,
             const GError *error)
{
  gint64 ms = (g_get_monotonic_time () - req->started_us) / 1000;

  if (error != NULL)
    g_debug ("%s %s -> failed after %" G_GINT64_FORMAT " ms (attempt %u): %s",
             req->method, req->log_path, ms, req->attempt, error->message);
  else
    g_debug ("%s %s -> %u in %" G_GINT64_FORMAT " ms (attempt %u)",
             req->method, req->log_path, status, ms, req->attempt);
}

/* Retry-After is delta-seconds or an HTTP date; 0 when absent or past. */
static guint
parse_retry_after (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan diff;

  if (value == NULL)
    return 0;

  while (g_ascii_isspace (*value))
    value++;

  if (g_ascii_isdigit (*value))
    {
      char *end = NULL;
      guint64 seconds = g_ascii_strtoull (value, &end, 10);

      while (end != NULL && g_ascii_isspace (*end))
        end++;
      if (end == NULL || *end != '\0')
        return 0;
      return (guint) MIN (seconds, 7 * 24 * 3600);
    }

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return 0;

  now = g_date_time_new_now_utc ();
  diff = g_date_time_difference (date, now);
  if (diff <= 0)
    return 0;

  return (guint) MIN ((diff + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND, 7 * 24 * 3600);
}

static gboolean
content_type_is_json (const char *content_type)
{
  if (content_type == NULL)
    return FALSE;

  return g_ascii_strcasecmp (content_type, "application/json") == 0 ||
         (g_str_has_prefix (content_type, "application/") &&
          g_str_has_suffix (content_type, "+json"));
}

/* json-glib parses recursively; refuse absurd nesting before it does. */
static gboolean
json_depth_is_sane (const char *data,
                    gsize       len)
{
  gboolean in_string = FALSE;
  int depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_JSON_DEPTH)
            return FALSE;
        }
      else if (c == ']' || c == '}')
        depth--;
    }

  return TRUE;
}

/**
 * mfc_client_parse_json:
 * @why: (out): a short reason for the debug log on failure
 *
 * Parses untrusted bytes: invalid UTF-8, absurd nesting and malformed
 * JSON fail instead of crashing.
 *
 * Returns: (transfer full) (nullable): the root node
 */
JsonNode *
mfc_client_parse_json (const char  *data,
                       gsize        len,
                       const char **why)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;

  if (len > G_MAXSSIZE || !g_utf8_validate_len (data, len, NULL))
    {
      *why = "body is not UTF-8";
      return NULL;
    }

  if (!json_depth_is_sane (data, len))
    {
      *why = "JSON nested too deeply";
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &error))
    {
      *why = "malformed JSON";
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      *why = "empty JSON document";
      return NULL;
    }

  return json_parser_steal_root (parser);
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL &&
      JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return NULL;
}

/* Builds the error for a non-2xx answer.  Whatever the body is (our JSON,
 * a proxy's HTML page, nothing), the status decides the code; the body
 * only adds details. */
static GError *
error_from_answer (SoupMessage *msg,
                   GByteArray  *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  guint status = soup_message_get_status (msg);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) fields = NULL;
  const char *server_code = NULL;
  const char *server_message = NULL;

  if (body != NULL && body->len > 0 &&
      content_type_is_json (soup_message_headers_get_content_type (headers, NULL)))
    {
      const char *why = NULL;

      root = mfc_client_parse_json ((const char *) body->data, body->len, &why);
    }

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *error_node = json_object_get_member (object, "error");

      if (error_node != NULL && JSON_NODE_HOLDS_OBJECT (error_node))
        {
          JsonObject *error_object = json_node_get_object (error_node);
          JsonNode *fields_node = json_object_get_member (error_object, "fields");

          server_code = get_string_member (error_object, "code");
          server_message = get_string_member (error_object, "message");

          if (fields_node != NULL && JSON_NODE_HOLDS_OBJECT (fields_node))
            {
              JsonObject *fields_object = json_node_get_object (fields_node);
              JsonObjectIter iter;
              const char *name;
              JsonNode *value;

              fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
              json_object_iter_init (&iter, fields_object);
              while (json_object_iter_next (&iter, &name, &value))
                {
                  if (JSON_NODE_HOLDS_VALUE (value) &&
                      json_node_get_value_type (value) == G_TYPE_STRING)
                    g_hash_table_insert (fields, g_strdup (name),
                                         g_strdup (json_node_get_string (value)));
                }
            }
        }
    }

  return mfc_client_error_new_for_status (status, server_code, server_message, fields,
                                          parse_retry_after (headers),
                                          soup_message_headers_get_one (headers, "ETag"));
}

/* The body was read to its end: close politely, so that the connection
 * goes back to the pool. */
static void
finish_stream (Request *req)
{
  g_input_stream_close_async (req->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&req->stream);
}

static void
return_protocol_error (GTask      *task,
                       const char *why)
{
  Request *req = g_task_get_task_data (task);

  g_debug ("%s %s: unusable answer: %s", req->method, req->log_path, why);
  request_return_error (task, mfc_client_error_new (MFC_CLIENT_ERROR_PROTOCOL));
}

static void
body_complete (GTask *task)
{
  Request *req = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (req->msg);
  guint status = soup_message_get_status (req->msg);
  gboolean success = SOUP_STATUS_IS_SUCCESSFUL (status);
  MfcClientResponse *response;
  const char *content_type;
  const char *replayed;

  /* A truncated body: libsoup may simply report end-of-stream. */
  if (!g_str_equal (req->method, "HEAD") &&
      soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_one (headers, "Content-Encoding") == NULL &&
      (goffset) req->buffer->len != soup_message_headers_get_content_length (headers))
    {
      if (success)
        {
          return_protocol_error (task, "body shorter than Content-Length");
          return;
        }
      g_byte_array_set_size (req->buffer, 0);
    }

  if (!success)
    {
      request_return_error (task, error_from_answer (req->msg, req->buffer));
      return;
    }

  content_type = soup_message_headers_get_content_type (headers, NULL);

  response = g_new0 (MfcClientResponse, 1);
  g_atomic_ref_count_init (&response->ref_count);
  response->status = status;
  response->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  replayed = soup_message_headers_get_one (headers, "Idempotent-Replayed");
  response->replayed = replayed != NULL && g_ascii_strcasecmp (replayed, "true") == 0;
  response->content_type = g_strdup (content_type);

  if ((req->flags & MFC_CLIENT_REQUEST_RAW) != 0)
    {
      response->bytes = g_byte_array_free_to_bytes (g_steal_pointer (&req->buffer));
    }
  else if (req->buffer->len > 0)
    {
      const char *why = NULL;

      if (!content_type_is_json (content_type))
        why = "Content-Type is not JSON";
      else
        response->root = mfc_client_parse_json ((const char *) req->buffer->data, req->buffer->len, &why);

      /* Every JSON answer of the contract is an object. */
      if (response->root != NULL && !JSON_NODE_HOLDS_OBJECT (response->root))
        why = "JSON root is not an object";

      if (why != NULL)
        {
          mfc_client_response_unref (response);
          return_protocol_error (task, why);
          return;
        }
    }

  request_return_response (task, response);
}

static void
read_next (GTask *task);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gboolean success;
  gsize size;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  success = SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (req->msg));

  if (bytes == NULL)
    {
      log_attempt (req, soup_message_get_status (req->msg), error);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        request_return_error (task, mfc_client_error_new (MFC_CLIENT_ERROR_CANCELLED));
      else if (!success)
        request_return_error (task, error_from_answer (req->msg, NULL));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        request_return_error (task, mfc_client_error_new (MFC_CLIENT_ERROR_TIMEOUT));
      else
        return_protocol_error (task, "the answer broke off");
      return;
    }

  size = g_bytes_get_size (bytes);
  if (size == 0)
    {
      finish_stream (req);
      body_complete (task);
      return;
    }

  if (size > req->limit - req->buffer->len)
    {
      if (success)
        {
          return_protocol_error (task, "answer larger than the limit");
          return;
        }
      /* An oversized error page: keep the status, drop the body. */
      request_return_error (task, error_from_answer (req->msg, NULL));
      return;
    }

  g_byte_array_append (req->buffer, g_bytes_get_data (bytes, NULL), size);
  read_next (task);
}

static void
read_next (GTask *task)
{
  Request *req = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (req->stream,
                                   MIN (READ_CHUNK_SIZE, req->limit - req->buffer->len + 1),
                                   G_PRIORITY_DEFAULT,
                                   req->attempt_cancellable,
                                   read_cb,
                                   g_object_ref (task));
}

static gboolean
retry_cb (GCancellable *cancellable,
          gpointer      user_data)
{
  GTask *task = user_data;
  Request *req = g_task_get_task_data (task);

  g_clear_pointer (&req->delay_source, g_source_unref);

  if (g_cancellable_is_cancelled (cancellable))
    request_return_error (task, mfc_client_error_new (MFC_CLIENT_ERROR_CANCELLED));
  else
    start_attempt (task);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (GTask *task,
                guint  retry_after)
{
  MfcClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  guint delay_ms;

  attempt_clear (req, task);

  if (retry_after > 0)
    {
      delay_ms = MIN (retry_after, MAX_RETRY_AFTER_S) * 1000;
    }
  else
    {
      guint exponent = MIN (req->attempt - 1, 16);

      delay_ms = MIN ((guint64) self->retry_base_ms << exponent, self->retry_max_ms);
      /* Jitter, so that a room of desktops does not retry in step. */
      delay_ms += g_random_int_range (0, delay_ms / 2 + 1);
    }

  g_debug ("%s %s: retrying in %u ms (attempt %u of %u)",
           req->method, req->log_path, delay_ms, req->attempt + 1, self->max_attempts);

  req->delay_source = g_cancellable_source_new (g_task_get_cancellable (task));
  g_source_set_ready_time (req->delay_source,
                           g_get_monotonic_time () + (gint64) delay_ms * 1000);
  g_source_set_callback (req->delay_source, G_SOURCE_FUNC (retry_cb),
                         g_object_ref (task), g_object_unref);
  g_source_attach (req->delay_source, g_task_get_context (task));
}

/* Callbacks */

static void
forward_cancel_cb (GCancellable *cancellable,
                   GCancellable *attempt_cancellable)
{
  g_cancellable_cancel (attempt_cancellable);
}

static void
wrote_body_data_cb (SoupMessage *msg,
                    guint        chunk_size,
                    GTask       *task)
{
  Request *req = g_task_get_task_data (task);
  guint64 total = req->body_length;

  req->sent = MIN (req->sent + chunk_size, total);
  if (req->progress != NULL)
    req->progress (req->sent, total, req->progress_data);
}

/* A fresh connection for an upload: its send buffer kept small (see
 * UPLOAD_SNDBUF_SIZE), before a byte is sent; the socket is kept on the
 * message for the cork below. */
static void
upload_network_event_cb (SoupMessage        *msg,
                         GSocketClientEvent  event,
                         GIOStream          *connection,
                         gpointer            user_data)
{
  GSocket *socket;

  if (event != G_SOCKET_CLIENT_CONNECTED || !G_IS_SOCKET_CONNECTION (connection))
    return;

  socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection));
  if (!g_socket_set_option (socket, SOL_SOCKET, SO_SNDBUF, UPLOAD_SNDBUF_SIZE, NULL))
    g_debug ("Cannot set the upload connection's send buffer");
  g_object_set_data_full (G_OBJECT (msg), "mfc-upload-socket", g_object_ref (socket),
                          g_object_unref);
}

/* libsoup writes a request body in GIO's 8 KiB splice steps, and each
 * step sent on its own is a segment and a wake-up of the receiver.
 * Corked, the kernel sends full segments instead (on loopback one for
 * every 64 KiB).  Only the body is corked: from the service's
 * 100 Continue to the body's last byte, and never on a connection going
 * back to the pool, where a cork would hold the next request 200 ms. */
static void
set_upload_cork (SoupMessage *msg,
                 gboolean     cork)
{
  GSocket *socket = g_object_get_data (G_OBJECT (msg), "mfc-upload-socket");

  if (socket == NULL)
    return;
  if (!g_socket_set_option (socket, IPPROTO_TCP, TCP_CORK, cork, NULL))
    g_debug ("Cannot %s the upload connection", cork ? "cork" : "uncork");
}

static void
upload_got_informational_cb (SoupMessage *msg,
                             gpointer     user_data)
{
  if (soup_message_get_status (msg) == SOUP_STATUS_CONTINUE)
    set_upload_cork (msg, TRUE);
}

static void
upload_body_ended_cb (SoupMessage *msg,
                      gpointer     user_data)
{
  set_upload_cork (msg, FALSE);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  guint status;
  guint retry_after;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (stream == NULL)
    {
      GError *mapped;

      /* The connection closed before any answer came (no status line):
       * a dropped connection, not a broken answer.  A write with a key
       * is sent again; the service replays it if it had been done. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) &&
          soup_message_get_status (req->msg) == SOUP_STATUS_NONE)
        mapped = mfc_client_error_new (MFC_CLIENT_ERROR_NETWORK);
      else
        mapped = mfc_client_error_new_from_gerror (error);

      log_attempt (req, 0, error);

      if ((mapped->code == MFC_CLIENT_ERROR_NETWORK ||
           mapped->code == MFC_CLIENT_ERROR_TIMEOUT) &&
          request_can_retry (self, req))
        {
          g_error_free (mapped);
          schedule_retry (task, 0);
          return;
        }

      request_return_error (task, mapped);
      return;
    }

  status = soup_message_get_status (req->msg);
  headers = soup_message_get_response_headers (req->msg);
  log_attempt (req, status, NULL);

  req->stream = g_steal_pointer (&stream);

  if (status == SOUP_STATUS_UNAUTHORIZED && req->sent_token)
    g_signal_emit (self, signals[UNAUTHORIZED], 0);

  retry_after = parse_retry_after (headers);
  if (status_is_retryable (status) && request_can_retry (self, req))
    {
      schedule_retry (task, retry_after);
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    req->limit = self->max_response_size;
  else
    req->limit = MIN (self->max_response_size, MAX_ERROR_BODY_SIZE);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) req->limit)
    {
      if (SOUP_STATUS_IS_SUCCESSFUL (status))
        return_protocol_error (task, "Content-Length larger than the limit");
      else
        request_return_error (task, error_from_answer (req->msg, NULL));
      return;
    }

  if (status == SOUP_STATUS_NO_CONTENT || g_str_equal (req->method, "HEAD"))
    {
      req->buffer = g_byte_array_new ();
      finish_stream (req);
      body_complete (task);
      return;
    }

  req->buffer = g_byte_array_sized_new (MIN (req->limit, READ_CHUNK_SIZE));
  read_next (task);
}

static void
start_attempt (GTask *task)
{
  MfcClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupMessageHeaders *headers;

  req->attempt++;
  req->started_us = g_get_monotonic_time ();
  req->sent = 0;

  url = g_strconcat (self->base_url, req->path, NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    {
      return_protocol_error (task, "the path is not a valid URI");
      return;
    }

  req->msg = soup_message_new_from_uri (req->method, uri);
  /* A redirect would turn a POST into a GET; the contract has none. */
  soup_message_add_flags (req->msg, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (req->msg);
  soup_message_headers_replace (headers, "Accept",
                                (req->flags & MFC_CLIENT_REQUEST_RAW) != 0 ? "*/*" : "application/json");

  if ((req->flags & MFC_CLIENT_REQUEST_NO_AUTH) == 0 &&
      self->token != NULL && self->token[0] != '\0')
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
      req->sent_token = TRUE;
    }

  if (req->if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", req->if_match);
  if (req->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", req->idempotency_key);

  if (req->upload_head != NULL)
    {
      g_autoptr(GInputStream) stream = mfc_upload_stream_new (req->upload_head, req->upload_file,
                                                              req->upload_data, req->upload_tail);

      soup_message_set_request_body (req->msg, req->content_type, stream, (gssize) req->body_length);
      /* A refusal (413 over the limit) comes before megabytes are sent. */
      soup_message_headers_set_expectations (headers, SOUP_EXPECTATION_CONTINUE);
      /* Progress that means the network, not the kernel's buffer. */
      soup_message_add_flags (req->msg, SOUP_MESSAGE_NEW_CONNECTION);
      g_signal_connect (req->msg, "network-event", G_CALLBACK (upload_network_event_cb), NULL);
      g_signal_connect (req->msg, "got-informational", G_CALLBACK (upload_got_informational_cb), NULL);
      g_signal_connect (req->msg, "wrote-body", G_CALLBACK (upload_body_ended_cb), NULL);
      g_signal_connect (req->msg, "finished", G_CALLBACK (upload_body_ended_cb), NULL);
    }
  else if (req->body != NULL)
    {
      soup_message_set_request_body_from_bytes (req->msg, req->content_type, req->body);
    }

  if (req->body_length > 0 && req->progress != NULL)
    {
      g_signal_connect (req->msg, "wrote-body-data",
                        G_CALLBACK (wrote_body_data_cb), task);
      req->progress (0, req->body_length, req->progress_data);
    }

  /* Each attempt gets its own cancellable, so that an abandoned body can
   * be cut off without cancelling the caller's. */
  req->attempt_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    req->cancelled_id = g_cancellable_connect (cancellable,
                                               G_CALLBACK (forward_cancel_cb),
                                               g_object_ref (req->attempt_cancellable),
                                               g_object_unref);

  soup_session_send_async (self->session, req->msg, G_PRIORITY_DEFAULT,
                           req->attempt_cancellable, send_cb, g_object_ref (task));
}

static GTask *
request_task_new (MfcClient             *self,
                  const char            *method,
                  MfcQuery              *query,
                  const char            *content_type,
                  GBytes                *body,
                  const char            *if_match,
                  const char            *idempotency_key,
                  MfcClientRequestFlags  flags,
                  MfcClientProgressFunc  progress,
                  gpointer               progress_data,
                  GDestroyNotify         progress_destroy,
                  GCancellable          *cancellable,
                  GAsyncReadyCallback    callback,
                  gpointer               user_data,
                  gpointer               source_tag)
{
  g_autoptr(GTask) task = NULL;
  Request *req;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* We report cancellation ourselves, in our own domain. */
  g_task_set_check_cancellable (task, FALSE);

  req = g_new0 (Request, 1);
  req->method = g_ascii_strup (method, -1);
  /* Copies, so that the caller may change or drop @query at once. */
  req->path = mfc_query_to_string (query);
  req->log_path = g_strdup (mfc_query_get_path (query));
  req->body = body != NULL ? g_bytes_ref (body) : NULL;
  req->body_length = body != NULL ? g_bytes_get_size (body) : 0;
  req->content_type = g_strdup (content_type);
  req->if_match = g_strdup (if_match);
  req->flags = flags;
  req->progress = progress;
  req->progress_data = progress_data;
  req->progress_destroy = progress_destroy;

  if (idempotency_key != NULL)
    req->idempotency_key = g_strdup (idempotency_key);
  else if (method_is_write (req->method))
    req->idempotency_key = g_uuid_string_random ();

  g_task_set_task_data (task, req, request_free);

  return g_steal_pointer (&task);
}

/* Takes @task. */
static void
request_begin (GTask *task)
{
  MfcClient *self = g_task_get_source_object (task);

  /* A context exists before the clerk has typed an address. */
  if (self->base_url == NULL)
    {
      g_task_return_error (task, mfc_client_error_new (MFC_CLIENT_ERROR_NO_SERVER));
      g_object_unref (task);
      return;
    }

  start_attempt (task);
  g_object_unref (task);
}

static void
start_request (MfcClient             *self,
               const char            *method,
               MfcQuery              *query,
               const char            *content_type,
               GBytes                *body,
               const char            *if_match,
               const char            *idempotency_key,
               MfcClientRequestFlags  flags,
               MfcClientProgressFunc  progress,
               gpointer               progress_data,
               GDestroyNotify         progress_destroy,
               GCancellable          *cancellable,
               GAsyncReadyCallback    callback,
               gpointer               user_data,
               gpointer               source_tag)
{
  request_begin (request_task_new (self, method, query, content_type, body,
                                   if_match, idempotency_key, flags,
                                   progress, progress_data, progress_destroy,
                                   cancellable, callback, user_data, source_tag));
}

/* Splits libsoup's framing of a form whose file part is empty into what
 * goes before the file and what after it: the file part comes first, so
 * its (empty) body starts right after the first blank line. */
static void
upload_framing (const char  *title,
                const char  *filename,
                const char  *content_type,
                char       **multipart_type,
                GBytes     **head,
                GBytes     **tail)
{
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) framing = NULL;
  const char *data;
  const char *blank;
  gsize len = 0;
  gsize split;

  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  soup_multipart_append_form_file (multipart, "file", filename, content_type, empty);
  if (title != NULL)
    soup_multipart_append_form_string (multipart, "title", title);

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  soup_multipart_to_message (multipart, headers, &framing);

  data = g_bytes_get_data (framing, &len);
  blank = g_strstr_len (data, (gssize) len, "\r\n\r\n");
  g_assert (blank != NULL);
  split = (gsize) (blank - data) + 4;
  g_assert (split + 2 <= len && memcmp (data + split, "\r\n", 2) == 0);

  *multipart_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  *head = g_bytes_new_from_bytes (framing, 0, split);
  *tail = g_bytes_new_from_bytes (framing, split, len - split);
}

static GTask *
upload_task_new (MfcClient             *self,
                 MfcQuery              *query,
                 const char            *title,
                 const char            *filename,
                 const char            *content_type,
                 const char            *idempotency_key,
                 MfcClientProgressFunc  progress,
                 gpointer               progress_data,
                 GDestroyNotify         progress_destroy,
                 GCancellable          *cancellable,
                 GAsyncReadyCallback    callback,
                 gpointer               user_data)
{
  g_autofree char *multipart_type = NULL;
  GTask *task;
  Request *req;
  GBytes *head;
  GBytes *tail;

  upload_framing (title, filename, content_type, &multipart_type, &head, &tail);
  task = request_task_new (self, "POST", query, multipart_type, NULL,
                           NULL, idempotency_key, MFC_CLIENT_REQUEST_NONE,
                           progress, progress_data, progress_destroy,
                           cancellable, callback, user_data,
                           mfc_client_upload_async);
  req = g_task_get_task_data (task);
  req->upload_head = head;
  req->upload_tail = tail;
  req->body_length = g_bytes_get_size (head) + g_bytes_get_size (tail);

  return task;
}

static void
upload_file_info_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (info == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  req->body_length += (guint64) g_file_info_get_size (info);
  request_begin (task);
}

static void
get_page_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object_root;
  JsonNode *items;
  JsonNode *cursor;
  Page *page;

  response = mfc_client_request_finish (MFC_CLIENT (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  object_root = mfc_client_response_get_object (response);
  items = object_root != NULL ? json_object_get_member (object_root, "items") : NULL;
  cursor = object_root != NULL ? json_object_get_member (object_root, "next_cursor") : NULL;

  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items) ||
      cursor == NULL ||
      !(JSON_NODE_HOLDS_NULL (cursor) ||
        (JSON_NODE_HOLDS_VALUE (cursor) && json_node_get_value_type (cursor) == G_TYPE_STRING)))
    {
      g_debug ("GET page: not a {items, next_cursor} object");
      g_task_return_error (task, mfc_client_error_new (MFC_CLIENT_ERROR_PROTOCOL));
      return;
    }

  page = g_new0 (Page, 1);
  page->items = json_array_ref (json_node_get_array (items));
  if (!JSON_NODE_HOLDS_NULL (cursor))
    page->next_cursor = g_strdup (json_node_get_string (cursor));

  g_task_return_pointer (task, page, page_free);
}

/* dispose/finalize */

static void
mfc_client_dispose (GObject *object)
{
  MfcClient *self = MFC_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mfc_client_parent_class)->dispose (object);
}

static void
mfc_client_finalize (GObject *object)
{
  MfcClient *self = MFC_CLIENT (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->ca_file, g_free);

  G_OBJECT_CLASS (mfc_client_parent_class)->finalize (object);
}

static void
mfc_client_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MfcClient *self = MFC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;

    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, self->max_attempts);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_client_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MfcClient *self = MFC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TOKEN:
      mfc_client_set_token (self, g_value_get_string (value));
      break;

    case PROP_CA_FILE:
      {
        g_autoptr(GError) error = NULL;

        if (!mfc_client_set_ca_file (self, g_value_get_string (value), &error))
          g_warning ("Cannot use the CA file: %s", error->message);
      }
      break;

    case PROP_TIMEOUT:
      mfc_client_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_MAX_ATTEMPTS:
      mfc_client_set_max_attempts (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_client_class_init (MfcClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mfc_client_dispose;
  object_class->finalize = mfc_client_finalize;
  object_class->get_property = mfc_client_get_property;
  object_class->set_property = mfc_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* Never logged. */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, 600, MFC_CLIENT_DEFAULT_TIMEOUT,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL,
                       1, 10, MFC_CLIENT_DEFAULT_MAX_ATTEMPTS,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcClient::unauthorized:
   *
   * A request that carried the token was answered 401: the token is no
   * longer valid.  The app shows the login page.  Requests made with
   * %MFC_CLIENT_REQUEST_NO_AUTH (login itself) never emit it, so a wrong
   * password on the lock screen does not throw the clerk out.
   */
  signals[UNAUTHORIZED] =
    g_signal_new ("unauthorized",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static gboolean
url_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) address = NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* A service on this machine (the training server) is never reached
 * through a proxy, and the desktop's proxy settings exempt it anyway:
 * asking them would only load GIO's proxy modules (libproxy, GSettings)
 * on the first connection.  Any other address goes through the desktop's
 * resolver, as libsoup does by default. */
static void
update_proxy (MfcClient *self)
{
  gboolean loopback = url_is_loopback (self->base_url);

  if (loopback == self->no_proxy)
    return;
  self->no_proxy = loopback;
  soup_session_set_proxy_resolver (self->session, loopback ? NULL : g_proxy_resolver_get_default ());
}

static void
mfc_client_init (MfcClient *self)
{
  self->timeout = MFC_CLIENT_DEFAULT_TIMEOUT;
  self->max_attempts = MFC_CLIENT_DEFAULT_MAX_ATTEMPTS;
  self->retry_base_ms = DEFAULT_RETRY_BASE_MS;
  self->retry_max_ms = DEFAULT_RETRY_MAX_MS;
  self->max_response_size = MFC_CLIENT_DEFAULT_MAX_RESPONSE_SIZE;

  self->session = soup_session_new_with_options ("user-agent", "MfcDesk/" PACKAGE_VERSION,
                                                 "timeout", self->timeout,
                                                 "max-conns-per-host", 6,
                                                 NULL);
}

/* Public API: the response */

MfcClientResponse *
mfc_client_response_ref (MfcClientResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
mfc_client_response_unref (MfcClientResponse *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->root, json_node_unref);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->content_type, g_free);
  g_free (self);
}

guint
mfc_client_response_get_status (MfcClientResponse *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->status;
}

/**
 * mfc_client_response_get_root:
 *
 * Returns: (transfer none) (nullable): the parsed body, always an object
 *   when present; %NULL for an empty body and for raw requests
 */
JsonNode *
mfc_client_response_get_root (MfcClientResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->root;
}

/**
 * mfc_client_response_get_object:
 *
 * Returns: (transfer none) (nullable): the body as an object
 */
JsonObject *
mfc_client_response_get_object (MfcClientResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->root == NULL || !JSON_NODE_HOLDS_OBJECT (self->root))
    return NULL;

  return json_node_get_object (self->root);
}

/**
 * mfc_client_response_get_etag:
 *
 * Returns: (nullable): the ETag header verbatim, e.g. `"7"` with its
 *   quotes, ready to be passed back as If-Match
 */
const char *
mfc_client_response_get_etag (MfcClientResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->etag;
}

/**
 * mfc_client_response_get_replayed:
 *
 * Returns: %TRUE when the server answered `Idempotent-Replayed: true`:
 *   this write had already been done, nothing new was created
 */
gboolean
mfc_client_response_get_replayed (MfcClientResponse *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->replayed;
}

/**
 * mfc_client_response_get_bytes:
 *
 * Returns: (transfer none) (nullable): the body of a
 *   %MFC_CLIENT_REQUEST_RAW request
 */
GBytes *
mfc_client_response_get_bytes (MfcClientResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->bytes;
}

const char *
mfc_client_response_get_content_type (MfcClientResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->content_type;
}

/* Public API: the client */

/**
 * mfc_client_new:
 * @base_url: (nullable): the central service's address, as typed;
 *   normalized with mfc_server_address_normalize().  %NULL for a client
 *   that has no service yet: its requests fail at once with
 *   %MFC_CLIENT_ERROR_NO_SERVER until mfc_client_set_base_url().
 * @error: a #MFC_SERVER_ADDRESS_ERROR when the address is not valid
 *
 * Returns: (transfer full) (nullable): a new client
 */
MfcClient *
mfc_client_new (const char  *base_url,
                GError     **error)
{
  g_autoptr(MfcClient) self = g_object_new (MFC_TYPE_CLIENT, NULL);

  if (base_url != NULL && !mfc_client_set_base_url (self, base_url, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
mfc_client_get_base_url (MfcClient *self)
{
  g_return_val_if_fail (MFC_IS_CLIENT (self), NULL);

  return self->base_url;
}

/**
 * mfc_client_set_base_url:
 *
 * Points the client at another service.  Requests already running finish
 * against the old one.
 *
 * Returns: %FALSE, with @error set, when @base_url is not a valid address
 */
gboolean
mfc_client_set_base_url (MfcClient   *self,
                         const char  *base_url,
                         GError     **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (MFC_IS_CLIENT (self), FALSE);

  normalized = mfc_server_address_normalize (base_url, error);
  if (normalized == NULL)
    return FALSE;

  if (g_strcmp0 (normalized, self->base_url) != 0)
    {
      g_free (self->base_url);
      self->base_url = g_steal_pointer (&normalized);
      update_proxy (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
    }

  return TRUE;
}

const char *
mfc_client_get_token (MfcClient *self)
{
  g_return_val_if_fail (MFC_IS_CLIENT (self), NULL);

  return self->token;
}

/**
 * mfc_client_set_token:
 * @token: (nullable): the bearer token from login, %NULL after logout
 */
void
mfc_client_set_token (MfcClient  *self,
                      const char *token)
{
  g_return_if_fail (MFC_IS_CLIENT (self));

  if (g_strcmp0 (token, self->token) == 0)
    return;

  g_free (self->token);
  self->token = g_strdup (token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

const char *
mfc_client_get_ca_file (MfcClient *self)
{
  g_return_val_if_fail (MFC_IS_CLIENT (self), NULL);

  return self->ca_file;
}

/**
 * mfc_client_set_ca_file:
 * @ca_file: (nullable): a PEM file of CA certificates to trust *in
 *   addition to* the system's, %NULL for the system's only
 *
 * Returns: %FALSE, with @error set (G_TLS_ERROR or G_FILE_ERROR), when
 *   the file cannot be read; the previous trust settings stay
 */
gboolean
mfc_client_set_ca_file (MfcClient   *self,
                        const char  *ca_file,
                        GError     **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  g_return_val_if_fail (MFC_IS_CLIENT (self), FALSE);

  if (ca_file != NULL && ca_file[0] == '\0')
    ca_file = NULL;

  if (g_strcmp0 (ca_file, self->ca_file) == 0)
    return TRUE;

  if (ca_file != NULL)
    {
      database = mfc_tls_database_new (ca_file, error);
      if (database == NULL)
        return FALSE;
    }
  else
    {
      database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
    }

  soup_session_set_tls_database (self->session, database);

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE]);

  return TRUE;
}

guint
mfc_client_get_timeout (MfcClient *self)
{
  g_return_val_if_fail (MFC_IS_CLIENT (self), 0);

  return self->timeout;
}

/**
 * mfc_client_set_timeout:
 * @seconds: for connecting and for each read or write
 */
void
mfc_client_set_timeout (MfcClient *self,
                        guint      seconds)
{
  g_return_if_fail (MFC_IS_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  soup_session_set_timeout (self->session, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
mfc_client_get_max_attempts (MfcClient *self)
{
  g_return_val_if_fail (MFC_IS_CLIENT (self), 0);

  return self->max_attempts;
}

/**
 * mfc_client_set_max_attempts:
 * @max_attempts: tries per call, counting the first; 1 turns retries off
 */
void
mfc_client_set_max_attempts (MfcClient *self,
                             guint      max_attempts)
{
  g_return_if_fail (MFC_IS_CLIENT (self));
  g_return_if_fail (max_attempts >= 1);

  if (self->max_attempts == max_attempts)
    return;

  self->max_attempts = max_attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ATTEMPTS]);
}

/**
 * mfc_client_set_retry_delay:
 * @base_ms: the first back-off delay (500 ms by default), doubled per try
 * @max_ms: the longest back-off delay before jitter (8 s by default)
 *
 * A Retry-After from the server overrides the back-off (capped at 30 s).
 */
void
mfc_client_set_retry_delay (MfcClient *self,
                            guint      base_ms,
                            guint      max_ms)
{
  g_return_if_fail (MFC_IS_CLIENT (self));
  g_return_if_fail (base_ms <= max_ms);

  self->retry_base_ms = base_ms;
  self->retry_max_ms = max_ms;
}

gsize
mfc_client_get_max_response_size (MfcClient *self)
{
  g_return_val_if_fail (MFC_IS_CLIENT (self), 0);

  return self->max_response_size;
}

/**
 * mfc_client_set_max_response_size:
 * @max_bytes: the largest answer body accepted (16 MB by default); a
 *   larger one fails with %MFC_CLIENT_ERROR_PROTOCOL without being
 *   buffered
 */
void
mfc_client_set_max_response_size (MfcClient *self,
                                  gsize      max_bytes)
{
  g_return_if_fail (MFC_IS_CLIENT (self));
  g_return_if_fail (max_bytes > 0);

  self->max_response_size = max_bytes;
}

/**
 * mfc_client_request_full_async:
 * @method: "GET", "POST", "PATCH", "DELETE", …
 * @query: the path and query, e.g. mfc_query_new ("/api/v1/tickets") with
 *   its parameters; copied, not kept
 * @body: (nullable): sent as application/json
 * @if_match: (nullable): the ETag this write is based on
 * @idempotency_key: (nullable): for writes; a fresh UUID when %NULL.  Keep
 *   it (the outbox does) and pass it again to repeat the same write later.
 * @flags: see #MfcClientRequestFlags
 *
 * Sends one call.  Writes always carry an Idempotency-Key, the same one on
 * every retry.  Retries (with exponential back-off and jitter, or after
 * the server's Retry-After, capped at 30 s) happen only for idempotent
 * calls (GET, HEAD, PUT, DELETE and writes with a key) and only on
 * network failures, timeouts, 429, 502, 503 and 504.
 *
 * Finish with mfc_client_request_finish().
 */
void
mfc_client_request_full_async (MfcClient             *self,
                               const char            *method,
                               MfcQuery              *query,
                               JsonNode              *body,
                               const char            *if_match,
                               const char            *idempotency_key,
                               MfcClientRequestFlags  flags,
                               GCancellable          *cancellable,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (MFC_IS_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (query != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (body != NULL)
    {
      char *json = json_to_string (body, FALSE);

      bytes = g_bytes_new_take (json, strlen (json));
    }

  start_request (self, method, query,
                 bytes != NULL ? "application/json" : NULL, bytes,
                 if_match, idempotency_key, flags,
                 NULL, NULL, NULL,
                 cancellable, callback, user_data,
                 mfc_client_request_full_async);
}

/**
 * mfc_client_request_async:
 *
 * mfc_client_request_full_async() with no flags.
 */
void
mfc_client_request_async (MfcClient           *self,
                          const char          *method,
                          MfcQuery            *query,
                          JsonNode            *body,
                          const char          *if_match,
                          const char          *idempotency_key,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  mfc_client_request_full_async (self, method, query, body, if_match,
                                 idempotency_key, MFC_CLIENT_REQUEST_NONE,
                                 cancellable, callback, user_data);
}

/**
 * mfc_client_get_async:
 *
 * A GET; finish with mfc_client_request_finish().
 */
void
mfc_client_get_async (MfcClient           *self,
                      MfcQuery            *query,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  mfc_client_request_full_async (self, "GET", query, NULL, NULL, NULL,
                                 MFC_CLIENT_REQUEST_NONE,
                                 cancellable, callback, user_data);
}

/**
 * mfc_client_upload_async:
 * @query: e.g. mfc_query_new ("/api/v1/documents"); copied, not kept
 * @title: (nullable): the optional `title` form field
 * @filename: the file part's file name
 * @content_type: the file part's type, e.g. "application/pdf"
 * @data: the file's content
 * @idempotency_key: (nullable): as for mfc_client_request_full_async()
 * @progress: (nullable) (scope notified): called as the body is written,
 *   with bytes sent and the total of the whole multipart body; restarts
 *   from 0 on a retry
 *
 * POSTs @data as multipart/form-data with the part name `file`, and the
 * `title` part after it.  @data is sent as it is, never copied into a
 * second buffer.  For a file on disk use mfc_client_upload_file_async().
 * Finish with mfc_client_request_finish().
 */
void
mfc_client_upload_async (MfcClient             *self,
                         MfcQuery              *query,
                         const char            *title,
                         const char            *filename,
                         const char            *content_type,
                         GBytes                *data,
                         const char            *idempotency_key,
                         MfcClientProgressFunc  progress,
                         gpointer               progress_data,
                         GDestroyNotify         progress_destroy,
                         GCancellable          *cancellable,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  GTask *task;
  Request *req;

  g_return_if_fail (MFC_IS_CLIENT (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (filename != NULL);
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (data != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = upload_task_new (self, query, title, filename, content_type, idempotency_key,
                          progress, progress_data, progress_destroy,
                          cancellable, callback, user_data);
  req = g_task_get_task_data (task);
  req->upload_data = g_bytes_ref (data);
  req->body_length += g_bytes_get_size (data);

  request_begin (task);
}

/**
 * mfc_client_upload_file_async:
 * @file: the file to send; read from disk while the body is written
 *   (never loaded whole), again from its start on each retry
 *
 * mfc_client_upload_async() for a file on disk: one HTTP path, one
 * Idempotency-Key across the retries, progress over the whole multipart
 * body.  A file that cannot be read fails with its G_IO_ERROR; everything
 * else in #MFC_CLIENT_ERROR.  Finish with mfc_client_request_finish().
 */
void
mfc_client_upload_file_async (MfcClient             *self,
                              MfcQuery              *query,
                              const char            *title,
                              const char            *filename,
                              const char            *content_type,
                              GFile                 *file,
                              const char            *idempotency_key,
                              MfcClientProgressFunc  progress,
                              gpointer               progress_data,
                              GDestroyNotify         progress_destroy,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data)
{
  GTask *task;
  Request *req;

  g_return_if_fail (MFC_IS_CLIENT (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (filename != NULL);
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = upload_task_new (self, query, title, filename, content_type, idempotency_key,
                          progress, progress_data, progress_destroy,
                          cancellable, callback, user_data);
  req = g_task_get_task_data (task);
  req->upload_file = g_object_ref (file);

  /* The size goes into Content-Length before a byte is sent. */
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, cancellable, upload_file_info_cb, task);
}

/**
 * mfc_client_request_finish:
 *
 * Finishes mfc_client_request_async(), mfc_client_request_full_async(),
 * mfc_client_get_async(), mfc_client_upload_async() and
 * mfc_client_upload_file_async().
 *
 * Returns: (transfer full) (nullable): the 2xx answer, or %NULL with
 *   @error set in #MFC_CLIENT_ERROR
 */
MfcClientResponse *
mfc_client_request_finish (MfcClient     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (MFC_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) != mfc_client_get_page_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mfc_client_get_page_async:
 * @query: a list call with its filters, `limit` and `cursor`; copied,
 *   not kept
 *
 * GETs one page of a keyset-paged list and checks its shape.
 */
void
mfc_client_get_page_async (MfcClient           *self,
                           MfcQuery            *query,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MFC_IS_CLIENT (self));
  g_return_if_fail (query != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_client_get_page_async);
  g_task_set_check_cancellable (task, FALSE);

  mfc_client_get_async (self, query, cancellable,
                        get_page_cb, g_steal_pointer (&task));
}

/**
 * mfc_client_get_page_finish:
 * @next_cursor: (out) (optional) (nullable): the cursor of the next page,
 *   %NULL on the last page
 *
 * Returns: (transfer full) (nullable): the `items` array
 */
JsonArray *
mfc_client_get_page_finish (MfcClient     *self,
                            GAsyncResult  *result,
                            char         **next_cursor,
                            GError       **error)
{
  Page *page;
  JsonArray *items;

  g_return_val_if_fail (MFC_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mfc_client_get_page_async, NULL);

  if (next_cursor != NULL)
    *next_cursor = NULL;

  page = g_task_propagate_pointer (G_TASK (result), error);
  if (page == NULL)
    return NULL;

  items = g_steal_pointer (&page->items);
  if (next_cursor != NULL)
    *next_cursor = g_steal_pointer (&page->next_cursor);
  page_free (page);

  return items;
}

/* Private API for MfcEvents */

SoupSession *
mfc_client_get_soup_session (MfcClient *self)
{
  g_return_val_if_fail (MFC_IS_CLIENT (self), NULL);

  return self->session;
}

void
mfc_client_emit_unauthorized (MfcClient *self)
{
  g_return_if_fail (MFC_IS_CLIENT (self));

  g_signal_emit (self, signals[UNAUTHORIZED], 0);
}
