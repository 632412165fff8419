/* test-client.c — MfcClient against misbehaving servers.
 *
 * A SoupServer in this process for well-formed HTTP that says unwelcome
 * things, and a GSocketService with a thread per connection that writes
 * raw bytes by hand for what a SoupServer cannot be made to do (hang, lie
 * about Content-Length, stream 50 MB).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <arpa/inet.h>
#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <sys/socket.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "mfc-client.h"
#include "mfc-client-private.h"

#define HUGE_SIZE   (50 * 1024 * 1024)
#define CHUNK_SIZE  (1024 * 1024)

typedef enum {
  RAW_SILENT,
  RAW_TRUNCATED,
  RAW_HUGE_WITH_LENGTH,
  RAW_HUGE_WITHOUT_LENGTH,
} RawBehaviour;

typedef struct
{
  SoupServer             *server;
  char                   *base_url;
  GSocketService         *raw;
  char                   *raw_url;
  RawBehaviour            raw_behaviour;
  gint                    raw_written;   /* MB written by the raw server */
  GPtrArray              *raw_jobs;      /* RawJob, main thread only */
  MfcClient              *client;

  /* The raw server threads and the main thread meet here. */
  GMutex                  raw_lock;
  GCond                   raw_cond;
  gboolean                raw_pause;     /* hold after the first chunk... */
  gboolean                raw_paused;    /* ...until raw_stopping */
  gboolean                raw_stopping;

  guint                   requests;
  GPtrArray              *idempotency_keys;
  GPtrArray              *if_matches;
  GPtrArray              *authorizations;
  char                   *user_agent;
  GBytes                 *upload_file;
  char                   *upload_filename;
  char                   *upload_title;
  char                   *query_q;
  char                   *query_phone;
} Fixture;

/* ------------------------------------------------------------------ */
/* The SoupServer                                                      */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  const char *key = soup_message_headers_get_one (request_headers, "Idempotency-Key");
  const char *if_match = soup_message_headers_get_one (request_headers, "If-Match");
  const char *authorization = soup_message_headers_get_one (request_headers, "Authorization");

  f->requests++;
  g_ptr_array_add (f->idempotency_keys, g_strdup (key));
  g_ptr_array_add (f->if_matches, g_strdup (if_match));
  g_ptr_array_add (f->authorizations, g_strdup (authorization));
  g_free (f->user_agent);
  f->user_agent = g_strdup (soup_message_headers_get_one (request_headers, "User-Agent"));

  if (g_str_equal (path, "/api/v1/ok"))
    {
      soup_message_headers_replace (response_headers, "ETag", "\"7\"");
      respond_json (msg, 200, "{\"id\": \"42\", \"name\": \"Иванов\"}");
    }
  else if (g_str_equal (path, "/api/v1/query"))
    {
      g_free (f->query_q);
      f->query_q = g_strdup (query != NULL ? g_hash_table_lookup (query, "q") : NULL);
      g_free (f->query_phone);
      f->query_phone = g_strdup (query != NULL ? g_hash_table_lookup (query, "phone") : NULL);
      respond_json (msg, 200, "{}");
    }
  else if (g_str_equal (path, "/api/v1/empty"))
    {
      soup_server_message_set_status (msg, 204, NULL);
    }
  else if (g_str_equal (path, "/api/v1/error500"))
    {
      respond_json (msg, 500, "{\"error\": {\"code\": \"internal\", \"message\": \"Сбой\", \"fields\": null}}");
    }
  else if (g_str_equal (path, "/api/v1/flaky"))
    {
      if (f->requests == 1)
        {
          soup_message_headers_replace (response_headers, "Retry-After", "1");
          respond_json (msg, 503, "{\"error\": {\"code\": \"internal\", \"message\": \"Перегрузка\", \"fields\": null}}");
        }
      else
        {
          soup_message_headers_replace (response_headers, "Idempotent-Replayed", "true");
          respond_json (msg, 201, "{\"id\": \"1\"}");
        }
    }
  else if (g_str_equal (path, "/api/v1/busy"))
    {
      soup_message_headers_replace (response_headers, "Retry-After", "1");
      soup_server_message_set_status (msg, 503, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<h1>busy</h1>", 13);
    }
  else if (g_str_equal (path, "/api/v1/unauthorized"))
    {
      respond_json (msg, 401, "{\"error\": {\"code\": \"unauthorized\", \"message\": \"Сессия истекла\", \"fields\": null}}");
    }
  else if (g_str_equal (path, "/api/v1/validation"))
    {
      respond_json (msg, 422,
                    "{\"error\": {\"code\": \"validation_failed\", \"message\": \"Проверьте поля\","
                    " \"fields\": {\"snils\": \"Неверная контрольная сумма\", \"passport.division_code\": \"Формат 000-000\", \"bogus\": 5}}}");
    }
  else if (g_str_equal (path, "/api/v1/slot"))
    {
      respond_json (msg, 409, "{\"error\": {\"code\": \"slot_taken\", \"message\": \"Время занято\", \"fields\": null}}");
    }
  else if (g_str_equal (path, "/api/v1/locked"))
    {
      soup_message_headers_replace (response_headers, "Retry-After", "600");
      respond_json (msg, 423, "{\"error\": {\"code\": \"account_locked\", \"message\": \"Учётная запись заблокирована\", \"fields\": null}}");
    }
  else if (g_str_equal (path, "/api/v1/otp"))
    {
      respond_json (msg, 428, "{\"error\": {\"code\": \"otp_required\", \"message\": \"Нужен код\", \"fields\": null}}");
    }
  else if (g_str_equal (path, "/api/v1/malformed"))
    {
      respond_json (msg, 200, "{\"id\": \"42\", \"name\": ");
    }
  else if (g_str_equal (path, "/api/v1/array"))
    {
      respond_json (msg, 200, "[{\"id\": \"42\"}]");
    }
  else if (g_str_equal (path, "/api/v1/deep"))
    {
      g_autoptr(GString) deep = g_string_new (NULL);

      for (guint i = 0; i < 100000; i++)
        g_string_append_c (deep, '[');
      respond_json (msg, 200, deep->str);
    }
  else if (g_str_equal (path, "/api/v1/html"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html></html>", 13);
    }
  else if (g_str_equal (path, "/api/v1/record"))
    {
      if (g_strcmp0 (if_match, "\"7\"") == 0)
        {
          soup_message_headers_replace (response_headers, "ETag", "\"8\"");
          respond_json (msg, 200, "{\"id\": \"42\", \"version\": 8}");
        }
      else
        {
          soup_message_headers_replace (response_headers, "ETag", "\"8\"");
          respond_json (msg, 412, "{\"error\": {\"code\": \"precondition_failed\", \"message\": \"Запись изменена\", \"fields\": null}}");
        }
    }
  else if (g_str_equal (path, "/api/v1/page"))
    {
      respond_json (msg, 200, "{\"items\": [{\"id\": \"1\"}, {\"id\": \"2\"}], \"next_cursor\": \"abc_-\"}");
    }
  else if (g_str_equal (path, "/api/v1/lastpage"))
    {
      respond_json (msg, 200, "{\"items\": [], \"next_cursor\": null}");
    }
  else if (g_str_equal (path, "/api/v1/badpage"))
    {
      respond_json (msg, 200, "{\"items\": {\"id\": \"1\"}, \"next_cursor\": 5}");
    }
  else if (g_str_equal (path, "/api/v1/documents"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      g_autoptr(SoupMultipart) multipart = soup_multipart_new_from_message (request_headers, bytes);

      g_assert_nonnull (multipart);
      for (int i = 0; i < soup_multipart_get_length (multipart); i++)
        {
          SoupMessageHeaders *part_headers;
          GBytes *part_body;
          GHashTable *params = NULL;
          g_autofree char *disposition = NULL;

          g_assert_true (soup_multipart_get_part (multipart, i, &part_headers, &part_body));
          g_assert_true (soup_message_headers_get_content_disposition (part_headers, &disposition, &params));
          if (g_strcmp0 (g_hash_table_lookup (params, "name"), "file") == 0)
            {
              f->upload_file = g_bytes_ref (part_body);
              f->upload_filename = g_strdup (g_hash_table_lookup (params, "filename"));
            }
          else if (g_strcmp0 (g_hash_table_lookup (params, "name"), "title") == 0)
            {
              f->upload_title = g_strndup (g_bytes_get_data (part_body, NULL), g_bytes_get_size (part_body));
            }
          g_hash_table_unref (params);
        }
      respond_json (msg, 201, "{\"id\": \"9\"}");
    }
  else
    {
      respond_json (msg, 404, "{\"error\": {\"code\": \"not_found\", \"message\": \"Нет\", \"fields\": null}}");
    }
}

/* ------------------------------------------------------------------ */
/* The raw server: one thread per connection, every one joined by the  */
/* teardown before the Fixture it uses is freed.                       */

typedef struct
{
  Fixture           *f;
  GSocketConnection *connection;
  GThread           *thread;
} RawJob;

/* Server threads still running, over all fixtures: the teardown must
 * leave none behind (they would write into a freed Fixture). */
static gint raw_threads_running;

/* 1 MB of a JSON array that never ends; filled once in main(), before any
 * thread reads it. */
static char *huge_chunk;

static gboolean
read_request_head (GInputStream *in)
{
  g_autoptr(GString) head = g_string_new (NULL);
  char buf[1024];

  while (strstr (head->str, "\r\n\r\n") == NULL)
    {
      gssize n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL);

      if (n <= 0)
        return FALSE;
      g_string_append_len (head, buf, n);
    }

  return TRUE;
}

/* For /client/teardown-while-server-writes: stop right after a chunk went
 * out and before counting it, as a preempted thread would, until the
 * teardown has begun. */
static void
raw_maybe_pause (Fixture *f)
{
  g_mutex_lock (&f->raw_lock);
  if (f->raw_pause)
    {
      f->raw_paused = TRUE;
      g_cond_broadcast (&f->raw_cond);
      while (!f->raw_stopping)
        g_cond_wait (&f->raw_cond, &f->raw_lock);
      g_mutex_unlock (&f->raw_lock);
      /* Give a teardown that does not wait for us time to free f. */
      g_usleep (100 * 1000);
      return;
    }
  g_mutex_unlock (&f->raw_lock);
}

static void
raw_serve (Fixture           *f,
           GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  const char *head = NULL;
  char buf[256];

  if (!read_request_head (in))
    return;

  switch (f->raw_behaviour)
    {
    case RAW_SILENT:
      /* Never answer; wait until the client gives up. */
      while (g_input_stream_read (in, buf, sizeof buf, NULL, NULL) > 0)
        ;
      return;

    case RAW_TRUNCATED:
      head = "HTTP/1.1 200 OK\r\n"
             "Content-Type: application/json\r\n"
             "Content-Length: 100\r\n"
             "Connection: close\r\n\r\n"
             "{\"id\": \"42\", ";
      g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
      return;

    case RAW_HUGE_WITH_LENGTH:
      head = "HTTP/1.1 200 OK\r\n"
             "Content-Type: application/json\r\n"
             "Content-Length: 52428800\r\n"
             "Connection: close\r\n\r\n";
      break;

    case RAW_HUGE_WITHOUT_LENGTH:
      head = "HTTP/1.1 200 OK\r\n"
             "Content-Type: application/json\r\n"
             "Connection: close\r\n\r\n";
      break;

    default:
      g_assert_not_reached ();
    }

  if (!g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL))
    return;
  for (guint i = 0; i < HUGE_SIZE / CHUNK_SIZE; i++)
    {
      if (!g_output_stream_write_all (out, huge_chunk, CHUNK_SIZE, NULL, NULL, NULL))
        break;
      raw_maybe_pause (f);
      g_atomic_int_inc (&f->raw_written);
    }
}

static gpointer
raw_thread (gpointer data)
{
  RawJob *job = data;
  GSocket *socket = g_socket_connection_get_socket (job->connection);

  raw_serve (job->f, job->connection);

  /* Only a FIN here: the descriptor stays open, so that the teardown can
   * shut the socket down without racing a close (and a reused fd). */
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
  g_atomic_int_add (&raw_threads_running, -1);

  return NULL;
}

/* Runs in the main thread: the fixture's list of jobs needs no lock. */
static gboolean
raw_incoming_cb (GSocketService    *service,
                 GSocketConnection *connection,
                 GObject           *source_object,
                 gpointer           user_data)
{
  Fixture *f = user_data;
  RawJob *job = g_new0 (RawJob, 1);

  job->f = f;
  job->connection = g_object_ref (connection);
  g_atomic_int_inc (&raw_threads_running);
  job->thread = g_thread_new ("raw-server", raw_thread, job);
  g_ptr_array_add (f->raw_jobs, job);

  return TRUE;
}

/* Stops accepting, wakes every thread still blocked on its socket (a
 * shutdown makes a pending read see EOF and a pending write fail) and
 * joins them all.  After this no thread touches the Fixture. */
static void
raw_server_stop (Fixture *f)
{
  /* An accept already completed must not start a thread any more. */
  g_signal_handlers_disconnect_by_data (f->raw, f);
  g_socket_service_stop (f->raw);
  g_socket_listener_close (G_SOCKET_LISTENER (f->raw));

  g_mutex_lock (&f->raw_lock);
  f->raw_stopping = TRUE;
  g_cond_broadcast (&f->raw_cond);
  g_mutex_unlock (&f->raw_lock);

  for (guint i = 0; i < f->raw_jobs->len; i++)
    {
      RawJob *job = g_ptr_array_index (f->raw_jobs, i);

      g_socket_shutdown (g_socket_connection_get_socket (job->connection), TRUE, TRUE, NULL);
    }

  for (guint i = 0; i < f->raw_jobs->len; i++)
    {
      RawJob *job = g_ptr_array_index (f->raw_jobs, i);

      g_thread_join (job->thread);
      g_io_stream_close (G_IO_STREAM (job->connection), NULL, NULL);
      g_object_unref (job->connection);
      g_free (job);
    }
  g_ptr_array_set_size (f->raw_jobs, 0);

  g_clear_object (&f->raw);
}

/* ------------------------------------------------------------------ */
/* Fixture                                                             */

static char *
listen_raw (GSocketService *service)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);

  return g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
}

static char *
server_url (SoupServer *server)
{
  GSList *uris = soup_server_get_uris (server);
  g_autofree char *url = NULL;

  g_assert_nonnull (uris);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return g_strdup (url);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->idempotency_keys = g_ptr_array_new_with_free_func (g_free);
  f->if_matches = g_ptr_array_new_with_free_func (g_free);
  f->authorizations = g_ptr_array_new_with_free_func (g_free);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  f->base_url = server_url (f->server);

  /* A previous test left a server thread running: it may write into its
   * freed Fixture, or into this one. */
  g_assert_cmpint (g_atomic_int_get (&raw_threads_running), ==, 0);

  g_mutex_init (&f->raw_lock);
  g_cond_init (&f->raw_cond);
  f->raw_jobs = g_ptr_array_new ();
  f->raw = g_socket_service_new ();
  g_signal_connect (f->raw, "incoming", G_CALLBACK (raw_incoming_cb), f);
  f->raw_url = listen_raw (f->raw);
  g_socket_service_start (f->raw);

  f->client = mfc_client_new (f->base_url, &error);
  g_assert_no_error (error);
  mfc_client_set_token (f->client, "secret-token");
  mfc_client_set_retry_delay (f->client, 10, 50);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);

  /* The raw server's threads use f: join them before it is freed. */
  raw_server_stop (f);
  g_assert_cmpint (g_atomic_int_get (&raw_threads_running), ==, 0);

  soup_server_disconnect (f->server);
  g_clear_object (&f->server);

  /* Let pending closes run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_ptr_array_unref (f->raw_jobs);
  g_mutex_clear (&f->raw_lock);
  g_cond_clear (&f->raw_cond);

  g_free (f->base_url);
  g_free (f->raw_url);
  g_free (f->user_agent);
  g_clear_pointer (&f->upload_file, g_bytes_unref);
  g_free (f->upload_filename);
  g_free (f->upload_title);
  g_free (f->query_q);
  g_free (f->query_phone);
  g_ptr_array_unref (f->idempotency_keys);
  g_ptr_array_unref (f->if_matches);
  g_ptr_array_unref (f->authorizations);
}

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Every call here ends within a few seconds (the client's timeouts are
 * short); a minute means a hang, which fails rather than blocks. */
static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (60, set_flag_cb, &timed_out);

  while (*result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (*result == NULL)
    g_error ("No answer from the client within 60 s");
  g_source_remove (timeout_id);

  return *result;
}

static MfcClientResponse *
request_query (MfcClient     *client,
               const char    *method,
               MfcQuery      *query,
               const char    *body_json,
               const char    *if_match,
               const char    *key,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) body = body_json != NULL ? json_from_string (body_json, NULL) : NULL;

  mfc_client_request_async (client, method, query, body, if_match, key,
                            cancellable, got_result_cb, &result);
  return mfc_client_request_finish (client, wait_for_result (&result), error);
}

/* @path: an encoded path and query */
static MfcClientResponse *
request (MfcClient     *client,
         const char    *method,
         const char    *path,
         const char    *body_json,
         const char    *if_match,
         const char    *key,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(MfcQuery) query = mfc_query_new_from_string (path, &local_error);

  g_assert_no_error (local_error);
  return request_query (client, method, query, body_json, if_match, key, cancellable, error);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* The source owns a reference: it stays safe whenever it fires. */
static void
cancel_later (guint         ms,
              GCancellable *cancellable)
{
  g_timeout_add_full (G_PRIORITY_DEFAULT, ms, cancel_cb,
                      g_object_ref (cancellable), g_object_unref);
}

static gsize
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return 0;

  return g_ascii_strtoull (line + 6, NULL, 10);
}

/* Whether the process's peak RSS says how much the client buffered.  Not
 * under AddressSanitizer (it quarantines freed memory) nor under Valgrind
 * (its own overhead is tens of MB), nor when MFC_TEST_NO_RSS_CHECK is set
 * (heaptrack, a malloc debugger). */
static gboolean
rss_is_meaningful (void)
{
  const char *preload = g_getenv ("LD_PRELOAD");

#ifdef __SANITIZE_ADDRESS__
  return FALSE;
#endif
  if (g_getenv ("MFC_TEST_NO_RSS_CHECK") != NULL)
    return FALSE;
  /* Valgrind preloads its vgpreload_*.so into the program it runs. */
  if (preload != NULL && strstr (preload, "vgpreload") != NULL)
    return FALSE;

  return peak_rss_kb () > 0;
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

static void
test_ok (Fixture       *f,
         gconstpointer  data)
{
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  response = request (f->client, "GET", "/api/v1/ok?snils=123-456-789%2001", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mfc_client_response_get_status (response), ==, 200);
  object = mfc_client_response_get_object (response);
  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Иванов");
  g_assert_cmpstr (mfc_client_response_get_etag (response), ==, "\"7\"");
  g_assert_false (mfc_client_response_get_replayed (response));

  g_assert_cmpuint (f->requests, ==, 1);
  g_assert_cmpstr (f->authorizations->pdata[0], ==, "Bearer secret-token");
  g_assert_null (f->idempotency_keys->pdata[0]);   /* no key on a GET */
  g_assert_true (g_str_has_prefix (f->user_agent, "MfcDesk/" PACKAGE_VERSION));

  /* Text from a search box arrives as it was typed: a "+" stays a plus,
   * an "&" or "#" does not cut the value short. */
  {
    g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/query");

    mfc_query_add (query, "q", "Иванов Иван & сын #1 = 100% +");
    mfc_query_add (query, "phone", "+7 (913) 555-01-02");
    g_clear_pointer (&response, mfc_client_response_unref);
    response = request_query (f->client, "GET", query, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (f->query_q, ==, "Иванов Иван & сын #1 = 100% +");
    g_assert_cmpstr (f->query_phone, ==, "+7 (913) 555-01-02");
  }

  g_clear_pointer (&response, mfc_client_response_unref);
  response = request (f->client, "DELETE", "/api/v1/empty", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mfc_client_response_get_status (response), ==, 204);
  g_assert_null (mfc_client_response_get_root (response));
  g_assert_nonnull (f->idempotency_keys->pdata[2]);  /* a write has one */
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  g_assert_true (mfc_client_set_base_url (f->client, url, &error));
  g_assert_no_error (error);

  response = request (f->client, "GET", "/api/v1/ok", NULL, NULL, NULL, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_NETWORK);
  g_assert_cmpuint (mfc_client_error_get_status (error), ==, 0);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  f->raw_behaviour = RAW_SILENT;
  g_assert_true (mfc_client_set_base_url (f->client, f->raw_url, NULL));
  mfc_client_set_timeout (f->client, 1);
  mfc_client_set_max_attempts (f->client, 1);

  response = request (f->client, "GET", "/api/v1/ok", NULL, NULL, NULL, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_500_not_retried (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = request (f->client, "GET", "/api/v1/error500", NULL, NULL, NULL, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_SERVER);
  g_assert_cmpuint (mfc_client_error_get_status (error), ==, 500);
  g_assert_cmpstr (mfc_client_error_get_server_code (error), ==, "internal");
  g_assert_cmpstr (mfc_client_error_get_server_message (error), ==, "Сбой");
  g_assert_cmpuint (f->requests, ==, 1);

  /* A write is not retried on 500 either. */
  g_clear_error (&error);
  response = request (f->client, "POST", "/api/v1/error500", "{}", NULL, NULL, NULL, &error);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_SERVER);
  g_assert_cmpuint (f->requests, ==, 2);
}

static void
test_503_retried (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  response = request (f->client, "GET", "/api/v1/flaky", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mfc_client_response_get_status (response), ==, 201);
  g_assert_cmpuint (f->requests, ==, 2);
  /* Retry-After: 1 was honoured */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC - 50000);
}

static void
test_post_retried_same_key (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  const char *body = "{\"snils\": \"112-233-445 95\"}";

  /* A generated key */
  response = request (f->client, "POST", "/api/v1/flaky", body, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->requests, ==, 2);
  g_assert_nonnull (f->idempotency_keys->pdata[0]);
  g_assert_true (g_uuid_string_is_valid (f->idempotency_keys->pdata[0]));
  g_assert_cmpstr (f->idempotency_keys->pdata[0], ==, f->idempotency_keys->pdata[1]);
  g_assert_true (mfc_client_response_get_replayed (response));

  /* A caller's key */
  g_clear_pointer (&response, mfc_client_response_unref);
  f->requests = 0;
  response = request (f->client, "POST", "/api/v1/flaky", body, NULL, "outbox-key-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->requests, ==, 2);
  g_assert_cmpstr (f->idempotency_keys->pdata[2], ==, "outbox-key-1");
  g_assert_cmpstr (f->idempotency_keys->pdata[3], ==, "outbox-key-1");
}

static void
test_no_retry_flag (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/flaky");

  mfc_client_request_full_async (f->client, "POST", query, NULL, NULL, NULL,
                                 MFC_CLIENT_REQUEST_NO_RETRY | MFC_CLIENT_REQUEST_NO_AUTH,
                                 NULL, got_result_cb, &result);
  response = mfc_client_request_finish (f->client, wait_for_result (&result), &error);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_SERVER);
  g_assert_cmpuint (mfc_client_error_get_retry_after (error), ==, 1);
  g_assert_cmpuint (f->requests, ==, 1);
  g_assert_null (f->authorizations->pdata[0]);
}

static void
test_retries_exhausted (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  mfc_client_set_max_attempts (f->client, 2);
  /* A 503 with an HTML page from a proxy: the status decides. */
  response = request (f->client, "GET", "/api/v1/busy", NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_SERVER);
  g_assert_cmpuint (mfc_client_error_get_status (error), ==, 503);
  g_assert_null (mfc_client_error_get_server_code (error));
  g_assert_cmpuint (f->requests, ==, 2);
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  f->raw_behaviour = RAW_TRUNCATED;
  g_assert_true (mfc_client_set_base_url (f->client, f->raw_url, NULL));

  response = request (f->client, "GET", "/api/v1/ok", NULL, NULL, NULL, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL);
}

static void
test_bad_json (Fixture       *f,
               gconstpointer  data)
{
  static const char *paths[] = {
    "/api/v1/malformed", "/api/v1/array", "/api/v1/html", "/api/v1/deep",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(MfcClientResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      response = request (f->client, "GET", paths[i], NULL, NULL, NULL, NULL, &error);
      g_assert_null (response);
      g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL);
    }
  g_assert_cmpuint (f->requests, ==, G_N_ELEMENTS (paths));
}

static void
huge_answer (Fixture      *f,
             RawBehaviour  behaviour)
{
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gsize peak_before;
  gsize peak_after;

  /* One small call first, so that what the first request of a process
   * loads (GIO modules, the proxy resolver, TLS) is not counted. */
  response = request (f->client, "GET", "/api/v1/ok", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&response, mfc_client_response_unref);

  f->raw_behaviour = behaviour;
  g_assert_true (mfc_client_set_base_url (f->client, f->raw_url, NULL));

  peak_before = peak_rss_kb ();
  response = request (f->client, "GET", "/api/v1/ok", NULL, NULL, NULL, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL);
  peak_after = peak_rss_kb ();

  g_test_message ("peak RSS %zu kB -> %zu kB, server wrote %d MB",
                  peak_before, peak_after, g_atomic_int_get (&f->raw_written));

  /* The client stopped reading long before the end of the answer: this
   * holds under any load and any tool. */
  g_assert_cmpint (g_atomic_int_get (&f->raw_written), <, HUGE_SIZE / CHUNK_SIZE);

  /* And it kept at most the 16 MB cap.  A client that buffered the 50 MB
   * answer grows by 50 MB; a correct one by the cap and a few hundred kB
   * (main() pins the mmap threshold, so the buffer's growth is never
   * doubled by heap copies whatever ran before).  40 MB leaves 24 MB of
   * room for noise above a correct client and still fails a buffering
   * one. */
  if (rss_is_meaningful ())
    g_assert_cmpuint (peak_after - peak_before, <, 40 * 1024);
}

static void
test_huge_with_length (Fixture       *f,
                       gconstpointer  data)
{
  huge_answer (f, RAW_HUGE_WITH_LENGTH);
}

static void
test_huge_without_length (Fixture       *f,
                          gconstpointer  data)
{
  huge_answer (f, RAW_HUGE_WITHOUT_LENGTH);
}

static gboolean
raw_is_paused (Fixture *f)
{
  gboolean paused;

  g_mutex_lock (&f->raw_lock);
  paused = f->raw_paused;
  g_mutex_unlock (&f->raw_lock);

  return paused;
}

/* The caller cancels while the client reads a huge body, and the test
 * ends while the raw server thread sits between writing a chunk and
 * counting it in f->raw_written (where a loaded machine may preempt it).
 * The teardown must join that thread before the Fixture is freed; the
 * next setup's check of raw_threads_running (and AddressSanitizer) catch
 * a teardown that does not. */
static void
test_teardown_while_server_writes (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/ok");
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  f->raw_behaviour = RAW_HUGE_WITHOUT_LENGTH;
  f->raw_pause = TRUE;
  g_assert_true (mfc_client_set_base_url (f->client, f->raw_url, NULL));

  mfc_client_get_async (f->client, query, cancellable, got_result_cb, &result);

  /* The head and a first chunk are out; the server holds. */
  while (!raw_is_paused (f))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("The raw server sent no first chunk within 30 s");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  /* Let the client take what arrived, until its next read waits. */
  for (guint i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
  g_assert_null (result);

  g_cancellable_cancel (cancellable);
  response = mfc_client_request_finish (f->client, wait_for_result (&result), &error);
  g_assert_null (response);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_CANCELLED);

  g_assert_cmpint (g_atomic_int_get (&f->raw_written), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&raw_threads_running), ==, 1);
  /* Return with the server thread still holding: see fixture_teardown. */
}

static void
unauthorized_cb (MfcClient *client,
                 guint     *count)
{
  (*count)++;
}

static void
test_unauthorized (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/unauthorized");
  guint count = 0;

  g_signal_connect (f->client, "unauthorized", G_CALLBACK (unauthorized_cb), &count);

  response = request (f->client, "GET", "/api/v1/unauthorized", NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpuint (f->requests, ==, 1);

  /* Login (no token sent): a wrong password does not emit it. */
  g_clear_error (&error);
  mfc_client_request_full_async (f->client, "POST", query, NULL, NULL, NULL,
                                 MFC_CLIENT_REQUEST_NO_AUTH, NULL, got_result_cb, &result);
  response = mfc_client_request_finish (f->client, wait_for_result (&result), &error);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (count, ==, 1);

  /* count lives on this stack */
  g_signal_handlers_disconnect_by_data (f->client, &count);
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  GHashTable *fields;

  response = request (f->client, "POST", "/api/v1/validation", "{\"snils\": \"1\"}",
                      NULL, NULL, NULL, &error);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_VALIDATION);
  g_assert_cmpuint (f->requests, ==, 1);
  g_assert_cmpuint (mfc_client_error_get_status (error), ==, 422);
  g_assert_cmpstr (mfc_client_error_get_server_code (error), ==, "validation_failed");
  g_assert_cmpstr (mfc_client_error_get_server_message (error), ==, "Проверьте поля");
  g_assert_cmpstr (mfc_client_error_get_field_message (error, "snils"), ==, "Неверная контрольная сумма");
  g_assert_cmpstr (mfc_client_error_get_field_message (error, "passport.division_code"), ==, "Формат 000-000");
  fields = mfc_client_error_get_fields (error);
  g_assert_nonnull (fields);
  g_assert_cmpuint (g_hash_table_size (fields), ==, 2);  /* the non-string one is dropped */

  /* The details survive a copy. */
  copy = g_error_copy (error);
  g_assert_cmpstr (mfc_client_error_get_field_message (copy, "snils"), ==, "Неверная контрольная сумма");
  g_assert_cmpstr (copy->message, ==, error->message);

  /* A foreign error has none. */
  g_assert_null (mfc_client_error_get_fields (NULL));
  {
    g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

    g_assert_null (mfc_client_error_get_server_code (other));
    g_assert_cmpuint (mfc_client_error_get_retry_after (other), ==, 0);
  }
}

static void
test_conflict_and_otp (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = request (f->client, "POST", "/api/v1/slot", "{}", NULL, NULL, NULL, &error);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_CONFLICT);
  g_assert_cmpstr (mfc_client_error_get_server_code (error), ==, "slot_taken");

  g_clear_error (&error);
  response = request (f->client, "POST", "/api/v1/otp", "{}", NULL, NULL, NULL, &error);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_OTP_REQUIRED);

  g_clear_error (&error);
  response = request (f->client, "GET", "/api/v1/nothing-here", NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_NOT_FOUND);
}

static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = request (f->client, "POST", "/api/v1/locked", "{}", NULL, NULL, NULL, &error);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_LOCKED);
  g_assert_cmpuint (mfc_client_error_get_retry_after (error), ==, 600);
  g_assert_nonnull (strstr (error->message, "10"));  /* "in 10 minutes" */
  g_assert_cmpuint (f->requests, ==, 1);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 start;

  /* While waiting for an answer */
  f->raw_behaviour = RAW_SILENT;
  g_assert_true (mfc_client_set_base_url (f->client, f->raw_url, NULL));
  cancel_later (200, cancellable);
  response = request (f->client, "GET", "/api/v1/ok", NULL, NULL, NULL, cancellable, &error);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_CANCELLED);

  /* While waiting to retry after Retry-After: 1 */
  g_clear_error (&error);
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  g_assert_true (mfc_client_set_base_url (f->client, f->base_url, NULL));
  start = g_get_monotonic_time ();
  cancel_later (200, cancellable);
  response = request (f->client, "GET", "/api/v1/busy", NULL, NULL, NULL, cancellable, &error);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC - 100000);
  g_assert_cmpuint (f->requests, ==, 1);

  /* Already cancelled */
  g_clear_error (&error);
  response = request (f->client, "GET", "/api/v1/ok", NULL, NULL, NULL, cancellable, &error);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_CANCELLED);
}

static void
test_etag (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(MfcClientResponse) got = NULL;
  g_autoptr(MfcClientResponse) patched = NULL;
  g_autoptr(GError) error = NULL;

  got = request (f->client, "GET", "/api/v1/ok", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  patched = request (f->client, "PATCH", "/api/v1/record", "{\"phone\": \"+79990000000\"}",
                     mfc_client_response_get_etag (got), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (f->if_matches->pdata[1], ==, "\"7\"");
  g_assert_nonnull (f->idempotency_keys->pdata[1]);
  g_assert_cmpstr (mfc_client_response_get_etag (patched), ==, "\"8\"");

  /* A stale one: 412 with the current ETag */
  g_clear_pointer (&patched, mfc_client_response_unref);
  patched = request (f->client, "PATCH", "/api/v1/record", "{}", "\"6\"", NULL, NULL, &error);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PRECONDITION);
  g_assert_cmpstr (mfc_client_error_get_etag (error), ==, "\"8\"");
  g_assert_cmpuint (f->requests, ==, 3);
}

static void
test_page (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GAsyncResult) result3 = NULL;
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/page");

  mfc_query_add_int (query, "limit", 2);
  mfc_client_get_page_async (f->client, query, NULL, got_result_cb, &result);
  items = mfc_client_get_page_finish (f->client, wait_for_result (&result), &cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_cmpstr (cursor, ==, "abc_-");

  g_clear_pointer (&items, json_array_unref);
  g_clear_pointer (&cursor, g_free);
  g_clear_pointer (&query, mfc_query_unref);
  query = mfc_query_new ("/api/v1/lastpage");
  mfc_query_set (query, "cursor", "abc_-");
  mfc_client_get_page_async (f->client, query, NULL, got_result_cb, &result2);
  items = mfc_client_get_page_finish (f->client, wait_for_result (&result2), &cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (items), ==, 0);
  g_assert_null (cursor);

  g_clear_pointer (&items, json_array_unref);
  g_clear_pointer (&query, mfc_query_unref);
  query = mfc_query_new ("/api/v1/badpage");
  mfc_client_get_page_async (f->client, query, NULL, got_result_cb, &result3);
  items = mfc_client_get_page_finish (f->client, wait_for_result (&result3), &cursor, &error);
  g_assert_null (items);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL);
}

typedef struct
{
  guint64 last_sent;
  guint64 total;
  guint   calls;
  gboolean destroyed;
} Progress;

static void
progress_cb (guint64  sent,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpuint (sent, <=, total);
  p->last_sent = sent;
  p->total = total;
  p->calls++;
}

static void
progress_destroy (gpointer user_data)
{
  Progress *p = user_data;

  p->destroyed = TRUE;
}

static void
test_upload (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autofree guint8 *content = g_malloc (300 * 1024);
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/documents");
  Progress progress = { 0, };

  memcpy (content, "%PDF-1.4\n", 9);
  for (guint i = 9; i < 300 * 1024; i++)
    content[i] = (guint8) (i * 7);
  file = g_bytes_new (content, 300 * 1024);

  mfc_client_upload_async (f->client, query, "Паспорт", "паспорт.pdf",
                           "application/pdf", file, "upload-key",
                           progress_cb, &progress, progress_destroy,
                           NULL, got_result_cb, &result);
  response = mfc_client_request_finish (f->client, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mfc_client_response_get_status (response), ==, 201);

  g_assert_cmpstr (f->idempotency_keys->pdata[0], ==, "upload-key");
  g_assert_nonnull (f->upload_file);
  g_assert_true (g_bytes_equal (f->upload_file, file));
  g_assert_cmpstr (f->upload_filename, ==, "паспорт.pdf");
  g_assert_cmpstr (f->upload_title, ==, "Паспорт");

  g_assert_cmpuint (progress.calls, >, 1);
  g_assert_cmpuint (progress.total, >, 300 * 1024);
  g_assert_cmpuint (progress.last_sent, ==, progress.total);
  g_clear_object (&result);
  g_assert_true (progress.destroyed);
}

/* The cork of this process's connections to @port on 127.0.0.1: the
 * highest TCP_CORK among them, -1 when there is none. */
static int
client_cork (guint16 port)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  int cork = -1;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      int fd = atoi (name);
      struct sockaddr_in peer = { 0, };
      socklen_t peer_len = sizeof peer;
      int value = 0;
      socklen_t value_len = sizeof value;

      if (getpeername (fd, (struct sockaddr *) &peer, &peer_len) != 0 ||
          peer.sin_family != AF_INET || ntohs (peer.sin_port) != port ||
          getsockopt (fd, IPPROTO_TCP, TCP_CORK, &value, &value_len) != 0)
        continue;
      cork = MAX (cork, value ? 1 : 0);
    }

  return cork;
}

typedef struct
{
  guint16 port;
  guint   corked;     /* progress calls mid-body that saw the cork on */
  guint   uncorked;   /* ...and off */
} CorkWatch;

static void
cork_progress_cb (guint64  sent,
                  guint64  total,
                  gpointer user_data)
{
  CorkWatch *watch = user_data;

  if (sent == 0 || sent == total)
    return;
  if (client_cork (watch->port) == 1)
    watch->corked++;
  else
    watch->uncorked++;
}

/* An upload's body leaves corked (full segments, not libsoup's 8 KiB
 * steps), and the connection goes back to the pool uncorked, where a
 * cork would hold the next request. */
static void
test_upload_corked (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(MfcClientResponse) response2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (f->base_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/documents");
  g_autoptr(MfcQuery) ok = mfc_query_new ("/api/v1/ok");
  gsize size = 2 * 1024 * 1024;
  guint8 *content = g_malloc0 (size);
  g_autoptr(GBytes) file = NULL;
  CorkWatch watch = { 0, };

  memcpy (content, "%PDF-1.4\n", 9);
  file = g_bytes_new_take (content, size);
  watch.port = (guint16) g_uri_get_port (uri);
  g_assert_cmpint (client_cork (watch.port), ==, -1);

  mfc_client_upload_async (f->client, query, "Паспорт", "паспорт.pdf",
                           "application/pdf", file, "upload-key",
                           cork_progress_cb, &watch, NULL,
                           NULL, got_result_cb, &result);
  response = mfc_client_request_finish (f->client, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mfc_client_response_get_status (response), ==, 201);
  g_assert_true (g_bytes_equal (f->upload_file, file));

  g_assert_cmpuint (watch.corked, >, 10);
  g_assert_cmpuint (watch.uncorked, ==, 0);
  /* Kept alive for the next request, and uncorked. */
  g_assert_cmpint (client_cork (watch.port), ==, 0);

  mfc_client_get_async (f->client, ok, NULL, got_result_cb, &result2);
  response2 = mfc_client_request_finish (f->client, wait_for_result (&result2), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mfc_client_response_get_status (response2), ==, 200);
  g_assert_cmpint (client_cork (watch.port), ==, 0);
}

/* A service on this machine is reached without the desktop's proxy
 * resolver; any other through it. */
static void
test_proxy_for_remote_only (void)
{
  struct {
    const char *url;
    gboolean    direct;
  } cases[] = {
    { "http://127.0.0.1:8080", TRUE },
    { "https://mfc.example.org", FALSE },
    { "http://localhost:8080", TRUE },
    { "http://[::1]:8080", TRUE },
    { "http://10.0.0.7:8080", FALSE },
    { "http://127.0.0.2", TRUE },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcClient) client = mfc_client_new (NULL, &error);

  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SoupSession *session;

      g_test_message ("%s", cases[i].url);
      g_assert_true (mfc_client_set_base_url (client, cases[i].url, &error));
      g_assert_no_error (error);
      session = mfc_client_get_soup_session (client);
      if (cases[i].direct)
        g_assert_null (soup_session_get_proxy_resolver (session));
      else
        g_assert_true (soup_session_get_proxy_resolver (session) == g_proxy_resolver_get_default ());
    }
}

/* ------------------------------------------------------------------ */
/* TLS                                                                 */

/* A resolver that answers 127.0.0.1 for WRONG_HOST and nothing else, so
 * that the host-name check is tested with a name that resolves here
 * whatever /etc/hosts says (the name "localhost" may resolve to ::1 only,
 * which made this test skip). */
#define WRONG_HOST "mfc-wrong-host.test"

#define TEST_TYPE_RESOLVER (test_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TestResolver, test_resolver, TEST, RESOLVER, GResolver)

struct _TestResolver
{
  GResolver parent_instance;
};

G_DEFINE_FINAL_TYPE (TestResolver, test_resolver, G_TYPE_RESOLVER)

static GList *
test_resolver_lookup_by_name_with_flags (GResolver                 *resolver,
                                         const char                *hostname,
                                         GResolverNameLookupFlags   flags,
                                         GCancellable              *cancellable,
                                         GError                   **error)
{
  if (!g_str_equal (hostname, WRONG_HOST) || (flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY) != 0)
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No such test host");
      return NULL;
    }

  return g_list_append (NULL, g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4));
}

static GList *
test_resolver_lookup_by_name (GResolver     *resolver,
                              const char    *hostname,
                              GCancellable  *cancellable,
                              GError       **error)
{
  return test_resolver_lookup_by_name_with_flags (resolver, hostname,
                                                  G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                                  cancellable, error);
}

static void
test_resolver_lookup_by_name_with_flags_async (GResolver                *resolver,
                                               const char               *hostname,
                                               GResolverNameLookupFlags  flags,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  GList *addresses = test_resolver_lookup_by_name_with_flags (resolver, hostname, flags,
                                                              cancellable, &error);

  if (addresses == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, addresses, (GDestroyNotify) g_resolver_free_addresses);
}

static void
test_resolver_lookup_by_name_async (GResolver           *resolver,
                                    const char          *hostname,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  test_resolver_lookup_by_name_with_flags_async (resolver, hostname,
                                                 G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                                 cancellable, callback, user_data);
}

static GList *
test_resolver_lookup_by_name_finish (GResolver     *resolver,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_resolver_class_init (TestResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = test_resolver_lookup_by_name;
  resolver_class->lookup_by_name_async = test_resolver_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = test_resolver_lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags = test_resolver_lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = test_resolver_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = test_resolver_lookup_by_name_finish;
}

static void
test_resolver_init (TestResolver *self)
{
}

typedef struct
{
  SoupServer *server;
  char       *base_url;
  MfcClient  *client;
  char       *cert_file;
} TlsFixture;

static void
tls_handler_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  respond_json (msg, 200, "{\"ok\": true}");
}

static void
tls_setup (TlsFixture    *f,
           gconstpointer  data)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key_file = g_build_filename (TEST_SOURCE_DIR, "tests", "data", "tls", "server-key.pem", NULL);

  f->cert_file = g_build_filename (TEST_SOURCE_DIR, "tests", "data", "tls", "server-cert.pem", NULL);
  certificate = g_tls_certificate_new_from_files (f->cert_file, key_file, &error);
  g_assert_no_error (error);

  f->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (f->server, NULL, tls_handler_cb, f, NULL);
  soup_server_listen_local (f->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                            &error);
  g_assert_no_error (error);
  f->base_url = server_url (f->server);
  g_assert_true (g_str_has_prefix (f->base_url, "https://127.0.0.1:"));

  f->client = mfc_client_new (f->base_url, &error);
  g_assert_no_error (error);
  mfc_client_set_max_attempts (f->client, 1);
}

static void
tls_teardown (TlsFixture    *f,
              gconstpointer  data)
{
  g_clear_object (&f->client);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (f->base_url);
  g_free (f->cert_file);
}

static void
test_tls_untrusted (TlsFixture    *f,
                    gconstpointer  data)
{
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = request (f->client, "GET", "/api/v1/config", NULL, NULL, NULL, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_TLS);
}

static void
test_tls_with_ca (TlsFixture    *f,
                  gconstpointer  data)
{
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (mfc_client_set_ca_file (f->client, f->cert_file, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mfc_client_get_ca_file (f->client), ==, f->cert_file);

  response = request (f->client, "GET", "/api/v1/config", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mfc_client_response_get_status (response), ==, 200);
}

static void
test_tls_wrong_host (TlsFixture    *f,
                     gconstpointer  data)
{
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GResolver) system_resolver = g_resolver_get_default ();
  g_autoptr(GResolver) resolver = g_object_new (TEST_TYPE_RESOLVER, NULL);
  g_autofree char *url = NULL;
  GUri *uri = g_uri_parse (f->base_url, G_URI_FLAGS_NONE, NULL);

  /* The certificate names 127.0.0.1 only: reached by another name, with
   * its CA trusted, the host-name check must still refuse it. */
  url = g_strdup_printf ("https://" WRONG_HOST ":%d", g_uri_get_port (uri));
  g_uri_unref (uri);
  g_assert_true (mfc_client_set_ca_file (f->client, f->cert_file, NULL));
  g_assert_true (mfc_client_set_base_url (f->client, url, NULL));

  g_resolver_set_default (resolver);
  response = request (f->client, "GET", "/api/v1/config", NULL, NULL, NULL, NULL, &error);
  g_resolver_set_default (system_resolver);
  g_assert_null (response);
  /* A TLS error, not a network one: the name resolved, the connection
   * was made, and the certificate was refused for it. */
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_TLS);
}

static void
test_tls_bad_ca_file (TlsFixture    *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (TEST_SOURCE_DIR, "tests", "data", "tls", "missing.pem", NULL);

  g_assert_false (mfc_client_set_ca_file (f->client, missing, &error));
  g_assert_nonnull (error);
  g_assert_null (mfc_client_get_ca_file (f->client));
}

/* ------------------------------------------------------------------ */
/* Pure functions                                                      */

static void
test_status_mapping (void)
{
  static const struct { guint status; const char *code; MfcClientError expected; } cases[] = {
    { 400, "bad_request", MFC_CLIENT_ERROR_VALIDATION },
    { 401, "unauthorized", MFC_CLIENT_ERROR_UNAUTHORIZED },
    { 401, "invalid_otp", MFC_CLIENT_ERROR_UNAUTHORIZED },
    { 403, "forbidden", MFC_CLIENT_ERROR_FORBIDDEN },
    { 404, NULL, MFC_CLIENT_ERROR_NOT_FOUND },
    { 409, "slot_taken", MFC_CLIENT_ERROR_CONFLICT },
    { 412, NULL, MFC_CLIENT_ERROR_PRECONDITION },
    { 413, NULL, MFC_CLIENT_ERROR_TOO_LARGE },
    { 415, NULL, MFC_CLIENT_ERROR_UNSUPPORTED },
    { 422, "validation_failed", MFC_CLIENT_ERROR_VALIDATION },
    { 423, NULL, MFC_CLIENT_ERROR_LOCKED },
    { 428, "otp_required", MFC_CLIENT_ERROR_OTP_REQUIRED },
    { 428, "precondition_required", MFC_CLIENT_ERROR_PRECONDITION },
    { 429, NULL, MFC_CLIENT_ERROR_SERVER },
    { 500, NULL, MFC_CLIENT_ERROR_SERVER },
    { 503, NULL, MFC_CLIENT_ERROR_SERVER },
    { 302, NULL, MFC_CLIENT_ERROR_PROTOCOL },
    { 418, NULL, MFC_CLIENT_ERROR_PROTOCOL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (mfc_client_error_code_for_status (cases[i].status, cases[i].code), ==, cases[i].expected);
      error = mfc_client_error_new_for_status (cases[i].status, cases[i].code, NULL, NULL, 0, NULL);
      g_assert_error (error, MFC_CLIENT_ERROR, cases[i].expected);
      g_assert_cmpstr (error->message, !=, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

#ifdef __GLIBC__
  /* A fixed threshold turns off glibc's dynamic one: every large buffer is
   * its own mmap (grown by mremap, unmapped when freed) instead of heap
   * that realloc copies, so that the peak RSS of the huge tests measures
   * what the client holds, not the allocator's history. */
  mallopt (M_MMAP_THRESHOLD, 128 * 1024);
#endif

  g_test_init (&argc, &argv, NULL);

  huge_chunk = g_malloc (CHUNK_SIZE);
  memset (huge_chunk, ' ', CHUNK_SIZE);
  huge_chunk[0] = '[';

#define ADD(name, func) \
  g_test_add ("/client/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define ADD_TLS(name, func) \
  g_test_add ("/client/tls/" name, TlsFixture, NULL, tls_setup, func, tls_teardown)

  g_test_add_func ("/client/status-mapping", test_status_mapping);
  ADD ("ok", test_ok);
  ADD ("refused", test_refused);
  ADD ("timeout", test_timeout);
  ADD ("500-not-retried", test_500_not_retried);
  ADD ("503-retried", test_503_retried);
  ADD ("post-retried-same-key", test_post_retried_same_key);
  ADD ("no-retry-flag", test_no_retry_flag);
  ADD ("retries-exhausted", test_retries_exhausted);
  ADD ("truncated", test_truncated);
  ADD ("bad-json", test_bad_json);
  ADD ("huge-with-length", test_huge_with_length);
  ADD ("huge-without-length", test_huge_without_length);
  ADD ("teardown-while-server-writes", test_teardown_while_server_writes);
  ADD ("unauthorized", test_unauthorized);
  ADD ("validation", test_validation);
  ADD ("conflict-and-otp", test_conflict_and_otp);
  ADD ("locked", test_locked);
  ADD ("cancel", test_cancel);
  ADD ("etag", test_etag);
  ADD ("page", test_page);
  ADD ("upload", test_upload);
  ADD ("upload-corked", test_upload_corked);
  g_test_add_func ("/client/proxy-for-remote-only", test_proxy_for_remote_only);
  ADD_TLS ("untrusted", test_tls_untrusted);
  ADD_TLS ("with-ca", test_tls_with_ca);
  ADD_TLS ("wrong-host", test_tls_wrong_host);
  ADD_TLS ("bad-ca-file", test_tls_bad_ca_file);

  ret = g_test_run ();
  g_free (huge_chunk);

  return ret;
}
