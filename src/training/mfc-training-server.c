/* mfc-training-server.c
 *
 * The training server: the central-service contract (data/api/openapi.yaml)
 * on a SoupServer in the main context it listens in, backed by one SQLite
 * file.  The app runs it on a thread of its own (mfc-training-thread.c).
 *
 * Threads: every write (any method but GET) runs on that loop, one at a
 * time, on the one read-write connection, inside one write transaction
 * that commits only on success, so an Idempotency-Key row and the effect
 * it protects are stored together or not at all.  Every GET is handed to
 * a pool of worker threads, each taking one of several read-only
 * connections (WAL: readers see the last commit and never wait for the
 * writer), so a slow list never holds up the class; its answer is sent
 * from the loop again.  The rule for handlers is in mfc-training-request.h.
 *
 * Route dispatch lives here, in one table; the handlers
 * (mfc-training-handlers.h) get what they need on the request — the store,
 * the time zones, "now" — and leave their answer and events on it, so they
 * never call back into the server.
 *
 * The request log never holds personal data or tokens: method, the path
 * *template* (ids and query strings carry СНИЛС and passports), status and
 * duration only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "mfc-training-handlers.h"
#include "mfc-training-password.h"
#include "mfc-training-query.h"
#include "mfc-training-response.h"
#include "mfc-training-seed.h"
#include "mfc-training-server.h"

struct _MfcTrainingServer
{
  GObject           parent_instance;

  char             *db_path;
  MfcTrainingStore *store;
  SoupServer       *soup;
  char             *base_url;
  char             *seed_name;
  MfcTrainingZones *zones;
  GPtrArray        *sockets;        /* SoupWebsocketConnection */
  guint             load_source;
  guint             ping_source;
  guint             load_interval;
  gint64            fake_time;
  GRand            *load_rand;
  GMainContext     *context;        /* where listen() was called */
  char             *cursor_secret;  /* random, for this process's cursors */
  gint64            escalated_minute; /* the server-clock minute last checked */
  guint             n_readers;
  GThreadPool      *pool;           /* runs the GETs */
  GAsyncQueue      *readers;        /* MfcTrainingStore, read-only, idle ones */
  GPtrArray        *all_readers;
};

G_DEFINE_FINAL_TYPE (MfcTrainingServer, mfc_training_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (mfc-training-server-error-quark, mfc_training_server_error)

typedef enum {
  ROUTE_PUBLIC        = 1 << 0,
  ROUTE_COMMIT_ALWAYS = 1 << 1,
  ROUTE_NO_IDEMPOTENCY = 1 << 2,
} RouteFlags;

typedef struct
{
  const char         *method;
  const char         *template;
  MfcTrainingHandler  handler;
  RouteFlags          flags;
} Route;

static const Route routes[] = {
  { "POST",   "/api/v1/session", mfc_tr_session_create, ROUTE_PUBLIC | ROUTE_COMMIT_ALWAYS | ROUTE_NO_IDEMPOTENCY },
  { "GET",    "/api/v1/session", mfc_tr_session_get, 0 },
  { "DELETE", "/api/v1/session", mfc_tr_session_delete, 0 },
  { "GET",    "/api/v1/config", mfc_tr_config_get, ROUTE_PUBLIC },
  { "GET",    "/api/v1/users", mfc_tr_users_list, 0 },
  { "GET",    "/api/v1/service-categories", mfc_tr_categories_list, 0 },
  { "GET",    "/api/v1/services", mfc_tr_services_list, 0 },
  { "GET",    "/api/v1/services/{}", mfc_tr_service_get, 0 },
  { "GET",    "/api/v1/applicants", mfc_tr_applicants_list, 0 },
  { "POST",   "/api/v1/applicants", mfc_tr_applicant_create, 0 },
  { "GET",    "/api/v1/applicants/{}", mfc_tr_applicant_get, 0 },
  { "PATCH",  "/api/v1/applicants/{}", mfc_tr_applicant_patch, 0 },
  { "GET",    "/api/v1/tickets", mfc_tr_tickets_list, 0 },
  { "POST",   "/api/v1/tickets", mfc_tr_ticket_create, 0 },
  { "GET",    "/api/v1/tickets/counts", mfc_tr_tickets_counts, 0 },
  { "GET",    "/api/v1/tickets/{}", mfc_tr_ticket_get, 0 },
  { "PATCH",  "/api/v1/tickets/{}", mfc_tr_ticket_patch, 0 },
  { "POST",   "/api/v1/tickets/{}/transitions", mfc_tr_ticket_transition, 0 },
  { "POST",   "/api/v1/tickets/{}/comments", mfc_tr_ticket_comment, 0 },
  { "POST",   "/api/v1/tickets/{}/documents", mfc_tr_ticket_attach, 0 },
  { "POST",   "/api/v1/tickets/{}/handover", mfc_tr_ticket_handover, 0 },
  { "GET",    "/api/v1/stats/tickets", mfc_tr_ticket_stats, 0 },
  { "POST",   "/api/v1/documents", mfc_tr_document_upload, 0 },
  { "GET",    "/api/v1/documents/{}", mfc_tr_document_get, 0 },
  { "GET",    "/api/v1/documents/{}/content", mfc_tr_document_content, 0 },
  { "GET",    "/api/v1/offices", mfc_tr_offices_list, 0 },
  { "GET",    "/api/v1/offices/{}", mfc_tr_office_get, 0 },
  { "GET",    "/api/v1/offices/{}/slots", mfc_tr_office_slots, 0 },
  { "GET",    "/api/v1/geocode", mfc_tr_geocode, 0 },
  { "GET",    "/api/v1/appointments", mfc_tr_appointments_list, 0 },
  { "POST",   "/api/v1/appointments", mfc_tr_appointment_create, 0 },
  { "GET",    "/api/v1/appointments/{}", mfc_tr_appointment_get, 0 },
  { "PATCH",  "/api/v1/appointments/{}", mfc_tr_appointment_patch, 0 },
  { "POST",   "/api/v1/appointments/{}/cancel", mfc_tr_appointment_cancel, 0 },
  { "POST",   "/api/v1/appointments/{}/no-show", mfc_tr_appointment_no_show, 0 },
  /* Tiles take no token, so libshumate's stock downloader can fetch them. */
  { "GET",    "/api/v1/map/tiles/{}/{}/{}", mfc_tr_map_tile, ROUTE_PUBLIC },
};

static void close_dead_sockets (MfcTrainingServer *self);
static void broadcast          (MfcTrainingServer *self,
                                const char        *text);

/* Helpers */

#define ESCALATE_PER_CHECK 200
#define DEFAULT_READERS 4

/* A GET on its way through a worker thread */
typedef struct
{
  MfcTrainingServer  *self;
  MfcTrainingRequest  req;
  const Route        *route;
  const char         *template;
  gint64              started;
} ReadJob;

static gint64
server_now (MfcTrainingServer *self)
{
  if (self->fake_time != 0)
    return self->fake_time;

  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
request_clear (MfcTrainingRequest *req)
{
  for (guint i = 0; i < G_N_ELEMENTS (req->params); i++)
    g_free (req->params[i]);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_clear_pointer (&req->user_role, g_free);
  g_clear_pointer (&req->token_sha256, g_free);
  g_clear_pointer (&req->response, g_bytes_unref);
  g_clear_pointer (&req->content_type, g_free);
  g_clear_pointer (&req->etag, g_free);
  g_clear_pointer (&req->headers, g_ptr_array_unref);
  g_clear_pointer (&req->events, g_ptr_array_unref);
}

/* Starts handling @msg; @body NULL is an empty one. */
static void
request_init (MfcTrainingRequest *req,
              MfcTrainingServer  *self,
              SoupServerMessage  *msg,
              const char         *path,
              GHashTable         *query,
              GBytes             *body)
{
  req->store = self->store;
  req->db = mfc_training_store_get_db (self->store);
  req->zones = self->zones;
  req->cursor_secret = self->cursor_secret;
  req->now = server_now (self);
  req->msg = msg;
  req->method = soup_server_message_get_method (msg);
  req->path = path;
  req->query = query != NULL ? g_hash_table_ref (query)
                             : g_hash_table_new (g_str_hash, g_str_equal);
  req->body = body != NULL ? g_bytes_ref (body) : g_bytes_new (NULL, 0);
  req->headers = g_ptr_array_new_with_free_func (g_free);
  req->events = g_ptr_array_new_with_free_func (g_free);
}

/* Matches "/api/v1/tickets/17/transitions" against
 * "/api/v1/tickets/{}/transitions"; {} takes one non-empty segment. */
static gboolean
match_template (const char  *template,
                const char  *path,
                char       **params)
{
  g_auto(GStrv) t = g_strsplit (template, "/", -1);
  g_auto(GStrv) p = g_strsplit (path, "/", -1);
  guint n = 0;

  if (g_strv_length (t) != g_strv_length (p))
    return FALSE;

  for (guint i = 0; t[i] != NULL; i++)
    {
      if (g_str_equal (t[i], "{}"))
        {
          if (p[i][0] == '\0')
            return FALSE;
          n++;
        }
      else if (!g_str_equal (t[i], p[i]))
        return FALSE;
    }

  for (guint i = 0, k = 0; t[i] != NULL && k < n && k < 4; i++)
    if (g_str_equal (t[i], "{}"))
      params[k++] = g_uri_unescape_string (p[i], NULL);

  return TRUE;
}

/* Returns the user id of a valid token, 0 if none; fills the request. */
static gboolean
authenticate (MfcTrainingRequest *req,
              const char         *token)
{
  sqlite3_stmt *stmt;
  g_autofree char *hash = NULL;

  if (token == NULL || token[0] == '\0')
    return FALSE;

  hash = mfc_tr_sha256_hex ((const guint8 *) token, strlen (token));
  stmt = mfc_training_store_cached (req->store,
                                    "SELECT u.id, u.role, u.office_id FROM sessions s"
                                    " JOIN users u ON u.id = s.user_id"
                                    " WHERE s.token_sha256 = ? AND s.expires_at > ?");
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, req->now);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return FALSE;
    }

  req->user_id = sqlite3_column_int64 (stmt, 0);
  req->user_role = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  req->user_office_id = sqlite3_column_int64 (stmt, 2);
  req->token_sha256 = g_steal_pointer (&hash);
  sqlite3_reset (stmt);

  return TRUE;
}

static const char *
bearer_token (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    return NULL;
  auth += 7;
  while (*auth == ' ')
    auth++;

  return auth;
}

/* What identifies "the same request" for an Idempotency-Key: for the
 * upload, the file part's bytes plus the title (openapi.yaml), else the
 * exact body bytes. */
static char *
request_fingerprint (MfcTrainingRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  g_autoptr(SoupMultipart) multipart = NULL;
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (req->body, &len);

  if (g_str_equal (req->path, "/api/v1/documents"))
    multipart = soup_multipart_new_from_message (headers, req->body);

  if (multipart != NULL)
    {
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

      for (int i = 0; i < soup_multipart_get_length (multipart); i++)
        {
          g_autoptr(GHashTable) params = NULL;
          GBytes *part_body = NULL;
          const char *name = mfc_tr_form_part (multipart, i, &part_body, &params);

          if (g_strcmp0 (name, "file") == 0 || g_strcmp0 (name, "title") == 0)
            {
              gsize plen = 0;
              const guint8 *pdata = g_bytes_get_data (part_body, &plen);

              g_checksum_update (sum, (const guchar *) name, -1);
              g_checksum_update (sum, (const guchar *) "\x1f", 1);
              g_checksum_update (sum, pdata, plen);
              g_checksum_update (sum, (const guchar *) "\x1e", 1);
            }
        }

      return g_strdup (g_checksum_get_string (sum));
    }

  return mfc_tr_sha256_hex (data, len);
}

typedef enum {
  IDEM_PROCEED,
  IDEM_ANSWERED,
} IdemResult;

static IdemResult
idempotency_lookup (MfcTrainingRequest *req,
                    const char         *key,
                    const char         *fingerprint)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT method, path, request_sha256, status, content_type,"
                                     " body, etag FROM idempotency_keys"
                                     " WHERE user_id = ? AND key = ? AND created_at > ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, req->user_id);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, req->now - 24 * 3600);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return IDEM_PROCEED;

  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), req->method) != 0 ||
      g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), req->path) != 0 ||
      g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), fingerprint) != 0)
    {
      mfc_tr_error_field (req, 422, "idempotency_conflict",
                          "Ключ идемпотентности уже использован для другого запроса",
                          "Idempotency-Key", "Повторное использование с другим телом");
      return IDEM_ANSWERED;
    }

  req->status = sqlite3_column_int (stmt, 3);
  g_free (req->content_type);
  req->content_type = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  g_clear_pointer (&req->response, g_bytes_unref);
  req->response = g_bytes_new (sqlite3_column_blob (stmt, 5), sqlite3_column_bytes (stmt, 5));
  g_free (req->etag);
  req->etag = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  mfc_tr_add_header (req, "Idempotent-Replayed", "true");

  return IDEM_ANSWERED;
}

static gboolean
idempotency_store (MfcTrainingRequest *req,
                   const char         *key,
                   const char         *fingerprint)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gsize len = 0;
  const void *data = req->response != NULL ? g_bytes_get_data (req->response, &len) : NULL;

  /* Expired keys of this user make room for reuse. */
  stmt = mfc_training_store_prepare (req->store,
                                     "DELETE FROM idempotency_keys WHERE user_id = ? AND key = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, req->user_id);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = mfc_training_store_prepare (req->store,
                                     "INSERT INTO idempotency_keys (user_id, key, method, path,"
                                     " request_sha256, status, content_type, body, etag, created_at)"
                                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, req->user_id);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, req->method, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, req->path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, fingerprint, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, req->status);
  sqlite3_bind_text (stmt, 7, req->content_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 8, data != NULL ? data : "", len, SQLITE_TRANSIENT);
  if (req->etag != NULL)
    sqlite3_bind_text (stmt, 9, req->etag, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 9);
  sqlite3_bind_int64 (stmt, 10, req->now);

  return sqlite3_step (stmt) == SQLITE_DONE;
}

static gboolean
valid_idempotency_key (const char *key)
{
  gsize len;

  if (key == NULL)
    return FALSE;
  len = strlen (key);
  if (len < 1 || len > 255)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (key[i] < '!' || key[i] > '~')
      return FALSE;

  return TRUE;
}

/* Undoes the request's writes and the events they would have sent. */
static void
rollback (MfcTrainingServer  *self,
          MfcTrainingRequest *req)
{
  mfc_training_store_rollback (self->store);
  g_ptr_array_set_size (req->events, 0);
}

static void
run_route (MfcTrainingServer  *self,
           MfcTrainingRequest *req,
           const Route        *route)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  gboolean writes = !g_str_equal (req->method, "GET") && !g_str_equal (req->method, "HEAD");
  gboolean idempotent = g_str_equal (req->method, "POST") && !(route->flags & ROUTE_NO_IDEMPOTENCY);
  const char *key = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GError) error = NULL;

  if (!(route->flags & ROUTE_PUBLIC) && !authenticate (req, bearer_token (req->msg)))
    {
      mfc_tr_error (req, 401, "unauthorized", "Сеанс истёк, войдите снова", NULL);
      return;
    }

  if (idempotent)
    {
      key = soup_message_headers_get_one (headers, "Idempotency-Key");
      if (!valid_idempotency_key (key))
        {
          mfc_tr_error_field (req, 400, "bad_request", "Нет заголовка Idempotency-Key",
                              "Idempotency-Key", "Обязательный заголовок");
          return;
        }
    }

  if (writes && !mfc_training_store_begin (self->store, &error))
    {
      g_warning ("Cannot begin a transaction: %s", error->message);
      mfc_tr_internal_error (req);
      return;
    }

  if (idempotent)
    {
      fingerprint = request_fingerprint (req);
      if (idempotency_lookup (req, key, fingerprint) == IDEM_ANSWERED)
        {
          mfc_training_store_rollback (self->store);
          return;
        }
    }

  route->handler (req);
  if (req->status == 0)
    mfc_tr_internal_error (req);

  if (!writes)
    return;

  if (req->status >= 200 && req->status < 300)
    {
      if (idempotent && !idempotency_store (req, key, fingerprint))
        {
          /* The key was taken meanwhile: roll back our effect, replay theirs. */
          rollback (self, req);
          g_ptr_array_set_size (req->headers, 0);
          if (idempotency_lookup (req, key, fingerprint) != IDEM_ANSWERED)
            mfc_tr_internal_error (req);
          return;
        }
    }
  else if (!req->commit_always)
    {
      rollback (self, req);
      return;
    }

  if (!mfc_training_store_commit (self->store, &error))
    {
      g_warning ("Cannot commit: %s", error->message);
      rollback (self, req);
      mfc_tr_internal_error (req);
    }
}

static void
send_response (MfcTrainingRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (req->etag != NULL)
    soup_message_headers_replace (headers, "ETag", req->etag);
  for (guint i = 0; i + 1 < req->headers->len; i += 2)
    soup_message_headers_replace (headers, req->headers->pdata[i], req->headers->pdata[i + 1]);

  soup_server_message_set_status (req->msg, req->status, NULL);
  if (req->response != NULL && req->status != 204)
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (req->response, &len);

      soup_server_message_set_response (req->msg,
                                        req->content_type != NULL ? req->content_type
                                                                  : "application/json",
                                        SOUP_MEMORY_COPY, data, len);
    }
}

/* The automatic escalation of overdue tickets, at most once per minute of
 * the server's clock (so a test that moves the clock sees it at its next
 * request), in a write transaction of its own; then its events. */
static void
escalate_overdue (MfcTrainingServer *self)
{
  MfcTrainingRequest req = { 0 };
  gint64 now = server_now (self);
  gboolean ok;

  if (now / 60 == self->escalated_minute || mfc_training_store_in_transaction (self->store))
    return;

  req.store = self->store;
  req.db = mfc_training_store_get_db (self->store);
  req.zones = self->zones;
  req.cursor_secret = self->cursor_secret;
  req.now = now;
  req.query = g_hash_table_new (g_str_hash, g_str_equal);
  req.headers = g_ptr_array_new_with_free_func (g_free);
  req.events = g_ptr_array_new_with_free_func (g_free);

  if (mfc_training_store_begin (self->store, NULL))
    {
      ok = mfc_tr_escalate_overdue (&req, ESCALATE_PER_CHECK) &&
           mfc_training_store_commit (self->store, NULL);
      if (!ok)
        {
          g_warning ("The escalation of overdue tickets failed: %s",
                     sqlite3_errmsg (mfc_training_store_get_db (self->store)));
          rollback (self, &req);
        }
      /* A full batch: the next request goes on with the rest. */
      else if (req.events->len < ESCALATE_PER_CHECK)
        self->escalated_minute = now / 60;
      for (guint i = 0; i < req.events->len; i++)
        broadcast (self, req.events->pdata[i]);
    }

  request_clear (&req);
}

static void
handle_cb (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  MfcTrainingServer *self = user_data;
  MfcTrainingRequest req = { 0 };
  const Route *route = NULL;
  const char *template = "(unknown)";
  gint64 started = g_get_monotonic_time ();
  g_autoptr(GBytes) body = NULL;

  escalate_overdue (self);

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  request_init (&req, self, msg, path, query, body);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      char *params[4] = { NULL, };

      if (!match_template (routes[i].template, path, params))
        continue;
      template = routes[i].template;
      if (g_str_equal (routes[i].method, req.method))
        {
          route = &routes[i];
          memcpy (req.params, params, sizeof params);
          break;
        }
      for (guint k = 0; k < 4; k++)
        g_free (params[k]);
    }

  if (route != NULL && self->pool != NULL && g_str_equal (req.method, "GET"))
    {
      ReadJob *job = g_new0 (ReadJob, 1);

      job->self = g_object_ref (self);
      job->req = req;      /* the job owns what the request holds now */
      job->route = route;
      job->template = template;
      job->started = started;
      g_object_ref (msg);
      soup_server_message_pause (msg);
      g_thread_pool_push (self->pool, job, NULL);
      return;
    }

  if (route != NULL)
    {
      run_route (self, &req, route);
    }
  else
    {
      /* A known path with another method is also 404: the contract's
       * codes and statuses are fixed and have no 405. */
      mfc_tr_not_found (&req);
    }
  mfc_training_store_release_cached (self->store);

  send_response (&req);

  if (req.sessions_ended)
    close_dead_sockets (self);
  for (guint i = 0; i < req.events->len; i++)
    broadcast (self, req.events->pdata[i]);

  g_info ("%s %s %u %.1f ms", req.method, template, req.status,
          (g_get_monotonic_time () - started) / 1000.0);

  request_clear (&req);
}

/* Back on the loop: the worker's answer goes out. */
static gboolean
read_job_done_cb (gpointer data)
{
  ReadJob *job = data;
  MfcTrainingServer *self = job->self;
  SoupServerMessage *msg = job->req.msg;

  if (self->soup != NULL)
    {
      send_response (&job->req);
      soup_server_message_unpause (msg);
      g_info ("%s %s %u %.1f ms", job->req.method, job->template, job->req.status,
              (g_get_monotonic_time () - job->started) / 1000.0);
    }

  request_clear (&job->req);
  g_object_unref (msg);
  g_object_unref (self);
  g_free (job);

  return G_SOURCE_REMOVE;
}

/* On a worker thread, with an idle read-only connection of its own. */
static void
read_job_run (gpointer data,
              gpointer user_data)
{
  ReadJob *job = data;
  MfcTrainingServer *self = job->self;
  MfcTrainingStore *reader = g_async_queue_pop (self->readers);

  job->req.store = reader;
  job->req.db = mfc_training_store_get_db (reader);
  run_route (self, &job->req, job->route);
  mfc_training_store_release_cached (reader);
  job->req.store = NULL;
  job->req.db = NULL;
  g_async_queue_push (self->readers, reader);

  g_main_context_invoke (self->context, read_job_done_cb, job);
}

static gboolean
start_readers (MfcTrainingServer  *self,
               GError            **error)
{
  self->readers = g_async_queue_new ();
  self->all_readers = g_ptr_array_new_with_free_func ((GDestroyNotify) mfc_training_store_free);
  for (guint i = 0; i < self->n_readers; i++)
    {
      MfcTrainingStore *reader = mfc_training_store_open_reader (self->db_path, error);

      if (reader == NULL)
        return FALSE;
      g_ptr_array_add (self->all_readers, reader);
      g_async_queue_push (self->readers, reader);
    }
  self->pool = g_thread_pool_new (read_job_run, self, self->n_readers, FALSE, error);

  return self->pool != NULL;
}

static void
stop_readers (MfcTrainingServer *self)
{
  /* Waits for the GETs running; their answers are dropped on the loop. */
  if (self->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
  g_clear_pointer (&self->readers, g_async_queue_unref);
  g_clear_pointer (&self->all_readers, g_ptr_array_unref);
}

/* Before the body is read: an upload announcing far more than the limit
 * is refused at once instead of being buffered in memory. */
static void
upload_early_cb (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  MfcTrainingRequest req = { 0 };

  if (!g_str_equal (path, "/api/v1/documents") ||
      soup_message_headers_get_content_length (headers) <= MFC_TRAINING_MAX_UPLOAD + 64 * 1024)
    return;

  req.msg = msg;
  req.headers = g_ptr_array_new_with_free_func (g_free);
  req.events = g_ptr_array_new_with_free_func (g_free);
  mfc_tr_error_field (&req, 413, "too_large", "Файл больше 5 МБ", "file", "Размер превышает 5242880 байт");
  mfc_tr_add_header (&req, "Connection", "close");
  send_response (&req);
  g_info ("POST /api/v1/documents 413 (refused before the body)");
  request_clear (&req);
}

/* Events */

static void
socket_closed_cb (SoupWebsocketConnection *conn,
                  MfcTrainingServer       *self)
{
  g_ptr_array_remove (self->sockets, conn);
}

static void
events_ws_cb (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  MfcTrainingServer *self = user_data;

  soup_websocket_connection_set_keepalive_interval (conn, 25);
  g_object_set_data_full (G_OBJECT (conn), "mfc-token-sha256",
                          g_strdup (g_object_get_data (G_OBJECT (msg), "mfc-token-sha256")),
                          g_free);
  g_ptr_array_add (self->sockets, g_object_ref (conn));
  g_signal_connect_object (conn, "closed", G_CALLBACK (socket_closed_cb), self, 0);
  g_info ("GET /api/v1/events 101 (WebSocket open, %u connected)", self->sockets->len);
}

/* Runs before the WebSocket handshake: a status set here refuses it. */
static void
events_http_cb (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  MfcTrainingServer *self = user_data;
  MfcTrainingRequest req = { 0 };
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *token = bearer_token (msg);

  request_init (&req, self, msg, path, query, NULL);

  if (token == NULL && query != NULL)
    token = g_hash_table_lookup (query, "token");

  if (!authenticate (&req, token))
    mfc_tr_error (&req, 401, "unauthorized", "Сеанс истёк, войдите снова", NULL);
  else if (!g_str_equal (req.method, "GET") ||
           !soup_message_headers_header_contains (headers, "Connection", "Upgrade") ||
           soup_message_headers_get_one (headers, "Sec-WebSocket-Key") == NULL)
    mfc_tr_error (&req, 400, "bad_request", "Ожидается подключение WebSocket", NULL);
  else
    g_object_set_data_full (G_OBJECT (msg), "mfc-token-sha256",
                            g_strdup (req.token_sha256), g_free);

  if (req.status != 0)
    {
      send_response (&req);
      g_info ("GET /api/v1/events %u", req.status);
    }

  request_clear (&req);
}

static void
broadcast (MfcTrainingServer *self,
           const char        *text)
{
  g_autoptr(GPtrArray) sockets = g_ptr_array_copy (self->sockets, (GCopyFunc) g_object_ref, NULL);

  g_ptr_array_set_free_func (sockets, g_object_unref);
  for (guint i = 0; i < sockets->len; i++)
    {
      SoupWebsocketConnection *conn = sockets->pdata[i];

      if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (conn, text);
    }
}

/* Sessions that ended (logout, expiry) lose their sockets with 4401. */
static void
close_dead_sockets (MfcTrainingServer *self)
{
  g_autoptr(GPtrArray) sockets = g_ptr_array_copy (self->sockets, (GCopyFunc) g_object_ref, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_ptr_array_set_free_func (sockets, g_object_unref);
  stmt = mfc_training_store_prepare (self->store,
                                     "SELECT 1 FROM sessions WHERE token_sha256 = ? AND expires_at > ?",
                                     NULL);
  for (guint i = 0; stmt != NULL && i < sockets->len; i++)
    {
      SoupWebsocketConnection *conn = sockets->pdata[i];
      const char *hash = g_object_get_data (G_OBJECT (conn), "mfc-token-sha256");

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, hash != NULL ? hash : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, server_now (self));
      if (sqlite3_step (stmt) != SQLITE_ROW &&
          soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (conn, 4401, "session ended");
    }
}

static gboolean
load_tick_cb (gpointer user_data)
{
  MfcTrainingServer *self = user_data;
  gint64 n_offices = mfc_training_store_query_int (self->store, "SELECT MAX(id) FROM offices", 0);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();

  close_dead_sockets (self);
  escalate_overdue (self);

  if (n_offices <= 0 || mfc_training_store_in_transaction (self->store))
    return G_SOURCE_CONTINUE;

  if (!mfc_training_store_begin (self->store, NULL))
    return G_SOURCE_CONTINUE;

  for (int k = 0; k < 3; k++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      gint64 id = g_rand_int_range (self->load_rand, 1, (gint32) MIN (n_offices, G_MAXINT32 - 1) + 1);
      int delta = g_rand_int_range (self->load_rand, -4, 5);

      stmt = mfc_training_store_prepare (self->store,
                                         "UPDATE offices SET"
                                         " waiting = MAX(0, waiting + ?1),"
                                         " windows_open = MAX(1, MIN(windows_total, windows_open + ?2)),"
                                         " average_wait_minutes = MAX(2, MIN(90, (MAX(0, waiting + ?1) * 6)"
                                         "   / MAX(1, MIN(windows_total, windows_open + ?2)))),"
                                         " version = version + 1 WHERE id = ?3",
                                         NULL);
      if (stmt == NULL)
        break;
      sqlite3_bind_int (stmt, 1, delta);
      sqlite3_bind_int (stmt, 2, g_rand_int_range (self->load_rand, -1, 2));
      sqlite3_bind_int64 (stmt, 3, id);
      if (sqlite3_step (stmt) == SQLITE_DONE && sqlite3_changes (mfc_training_store_get_db (self->store)) > 0)
        g_ptr_array_add (changed, GINT_TO_POINTER ((int) id));
    }

  if (!mfc_training_store_commit (self->store, NULL))
    {
      mfc_training_store_rollback (self->store);
      return G_SOURCE_CONTINUE;
    }

  for (guint i = 0; i < changed->len && self->sockets->len > 0; i++)
    {
      g_autoptr(JsonObject) data = mfc_tr_office_load_json (self->store, GPOINTER_TO_INT (changed->pdata[i]));
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *at = mfc_tr_format_time (self->zones, server_now (self), NULL);
      g_autofree char *text = NULL;
      JsonObject *envelope = json_object_new ();

      if (data == NULL)
        continue;
      json_object_set_string_member (envelope, "type", "office.load");
      json_object_set_string_member (envelope, "at", at);
      json_object_set_object_member (envelope, "data", json_object_ref (data));
      json_node_take_object (node, envelope);
      text = json_to_string (node, FALSE);
      broadcast (self, text);
    }

  return G_SOURCE_CONTINUE;
}

static void
stop_load_timer (MfcTrainingServer *self)
{
  if (self->load_source != 0)
    {
      GSource *old = g_main_context_find_source_by_id (self->context, self->load_source);

      if (old != NULL)
        g_source_destroy (old);
      self->load_source = 0;
    }
}

static void
restart_load_timer (MfcTrainingServer *self)
{
  stop_load_timer (self);
  if (self->load_interval > 0 && self->soup != NULL)
    {
      /* The loop the server runs in, which need not be the default one. */
      g_autoptr(GSource) source = g_timeout_source_new_seconds (self->load_interval);

      g_source_set_callback (source, load_tick_cb, self, NULL);
      g_source_set_static_name (source, "[mfc-training] office load");
      self->load_source = g_source_attach (source, self->context);
    }
}

/* GObject */

static void
mfc_training_server_dispose (GObject *object)
{
  MfcTrainingServer *self = MFC_TRAINING_SERVER (object);

  mfc_training_server_stop (self);

  G_OBJECT_CLASS (mfc_training_server_parent_class)->dispose (object);
}

static void
mfc_training_server_finalize (GObject *object)
{
  MfcTrainingServer *self = MFC_TRAINING_SERVER (object);

  g_clear_pointer (&self->store, mfc_training_store_free);
  g_clear_pointer (&self->zones, mfc_training_zones_free);
  g_clear_pointer (&self->sockets, g_ptr_array_unref);
  g_clear_pointer (&self->load_rand, g_rand_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->db_path);
  g_free (self->base_url);
  g_free (self->seed_name);
  g_free (self->cursor_secret);

  G_OBJECT_CLASS (mfc_training_server_parent_class)->finalize (object);
}

static void
mfc_training_server_class_init (MfcTrainingServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mfc_training_server_dispose;
  object_class->finalize = mfc_training_server_finalize;
}

static void
mfc_training_server_init (MfcTrainingServer *self)
{
  self->zones = mfc_training_zones_new ();
  self->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  self->load_interval = 15;
  self->load_rand = g_rand_new_with_seed (20261123);
  self->cursor_secret = mfc_tr_random_hex (32);
  self->n_readers = DEFAULT_READERS;
}

/* Public API */

/**
 * mfc_training_server_new:
 * @db_path: the SQLite file; created and migrated when needed
 * @error: return location for an error
 *
 * Opens (and migrates) the training database.  The server does not listen
 * until mfc_training_server_listen().
 *
 * Returns: (transfer full) (nullable): the server, %NULL on error
 */
MfcTrainingServer *
mfc_training_server_new (const char  *db_path,
                         GError     **error)
{
  g_autoptr(MfcTrainingServer) self = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MFC_TYPE_TRAINING_SERVER, NULL);
  self->db_path = g_strdup (db_path);
  self->store = mfc_training_store_open (db_path, error);
  if (self->store == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

typedef gboolean (*SeedFunc) (MfcTrainingStore  *store,
                              gint64             now,
                              GError           **error);

/* Before the server serves, with no other connection to the database, the
 * data set is written into a new file beside it without a journal (there
 * is nothing to roll back to: a failed or killed seed leaves only that
 * file, deleted on the next try) and then takes the database's place.  In
 * WAL mode the same rows would be written twice, to the WAL and at the
 * checkpoint.  Sets *@used to whether it could be done so. */
static gboolean
seed_new_file (MfcTrainingServer  *self,
               SeedFunc            seed,
               gboolean           *used,
               GError            **error)
{
  g_autofree char *path = g_strconcat (self->db_path, ".seeding", NULL);
  MfcTrainingStore *store;
  gboolean ok;

  *used = self->soup == NULL && self->pool == NULL && mfc_training_store_leave_wal (self->store);
  if (!*used)
    return TRUE;

  mfc_training_store_remove_files (path);
  store = mfc_training_store_open (path, error);
  ok = store != NULL &&
       mfc_training_store_exec (store, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;", error) &&
       seed (store, server_now (self), error);
  g_clear_pointer (&store, mfc_training_store_free);
  if (!ok)
    {
      mfc_training_store_remove_files (path);
      mfc_training_store_use_wal (self->store, NULL);
      return FALSE;
    }

  /* Alone, out of WAL mode: no WAL of the old file is left to meet the
   * new one. */
  g_clear_pointer (&self->store, mfc_training_store_free);
  if (g_rename (path, self->db_path) != 0)
    {
      int saved = errno;

      g_set_error (error, MFC_TRAINING_SERVER_ERROR, MFC_TRAINING_SERVER_ERROR_SEED,
                   "Cannot put the seeded database in place of %s: %s", self->db_path, g_strerror (saved));
      mfc_training_store_remove_files (path);
      self->store = mfc_training_store_open (self->db_path, NULL);
      return FALSE;
    }
  self->store = mfc_training_store_open (self->db_path, error);

  return self->store != NULL;
}

/**
 * mfc_training_server_seed:
 * @self: a #MfcTrainingServer
 * @seed: "demo" (a classroom region) or "large" (for benchmarks)
 * @error: return location for an error
 *
 * Replaces every row with the named seed data set: in one transaction
 * while the server serves, in a new file put in place of the database
 * before it does.
 *
 * Returns: %TRUE on success
 */
gboolean
mfc_training_server_seed (MfcTrainingServer  *self,
                          const char         *seed,
                          GError            **error)
{
  SeedFunc func;
  gboolean used = FALSE;
  gboolean ok;

  g_return_val_if_fail (MFC_IS_TRAINING_SERVER (self), FALSE);
  g_return_val_if_fail (seed != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_str_equal (seed, "demo"))
    func = mfc_training_seed_demo;
  else if (g_str_equal (seed, "large"))
    func = mfc_training_seed_large;
  else
    {
      g_set_error (error, MFC_TRAINING_SERVER_ERROR, MFC_TRAINING_SERVER_ERROR_SEED,
                   "Unknown seed “%s” (expected demo or large)", seed);
      return FALSE;
    }

  ok = seed_new_file (self, func, &used, error);
  if (ok && !used)
    ok = func (self->store, server_now (self), error);

  if (ok)
    {
      g_free (self->seed_name);
      self->seed_name = g_strdup (seed);
      self->escalated_minute = 0;
    }

  return ok;
}

/**
 * mfc_training_server_reset:
 * @self: a #MfcTrainingServer
 * @error: return location for an error
 *
 * Restores the last seed (“Reset training data”); with no seed yet, empties
 * the database.  Open sessions end (their event sockets are closed).
 *
 * Returns: %TRUE on success
 */
gboolean
mfc_training_server_reset (MfcTrainingServer  *self,
                           GError            **error)
{
  gboolean ok;

  g_return_val_if_fail (MFC_IS_TRAINING_SERVER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->seed_name != NULL)
    {
      g_autofree char *seed = g_strdup (self->seed_name);
      ok = mfc_training_server_seed (self, seed, error);
    }
  else
    ok = mfc_training_store_clear (self->store, error);

  close_dead_sockets (self);

  return ok;
}

/**
 * mfc_training_server_listen:
 * @self: a #MfcTrainingServer
 * @address: "HOST:PORT", e.g. "127.0.0.1:0" (a free port) or "0.0.0.0:8080"
 * @error: return location for an error
 *
 * Starts serving in the thread-default main context.
 *
 * Returns: %TRUE on success
 */
gboolean
mfc_training_server_listen (MfcTrainingServer  *self,
                            const char         *address,
                            GError            **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(SoupServer) soup = NULL;
  g_autoslist(GUri) uris = NULL;
  const char *host;
  guint16 port;

  g_return_val_if_fail (MFC_IS_TRAINING_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->soup != NULL)
    {
      g_set_error (error, MFC_TRAINING_SERVER_ERROR, MFC_TRAINING_SERVER_ERROR_FAILED,
                   "The training server is already listening on %s", self->base_url);
      return FALSE;
    }

  connectable = g_network_address_parse (address, 8080, error);
  if (connectable == NULL)
    return FALSE;
  host = g_network_address_get_hostname (G_NETWORK_ADDRESS (connectable));
  port = g_network_address_get_port (G_NETWORK_ADDRESS (connectable));
  if (g_str_equal (host, "localhost"))
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    {
      g_set_error (error, MFC_TRAINING_SERVER_ERROR, MFC_TRAINING_SERVER_ERROR_ADDRESS,
                   "“%s” is not an IP address to listen on (e.g. 127.0.0.1:8080)", address);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (inet, port);

  soup = soup_server_new ("server-header", "mfc-training-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (soup, NULL, handle_cb, self, NULL);
  /* Same path as handle_cb: a handler of its own would shadow it. */
  soup_server_add_early_handler (soup, NULL, upload_early_cb, self, NULL);
  soup_server_add_handler (soup, "/api/v1/events", events_http_cb, self, NULL);
  soup_server_add_websocket_handler (soup, "/api/v1/events", NULL, NULL, events_ws_cb, self, NULL);

  /* A class logs in at the same moment: SoupServer's default backlog of
   * 10 resets the connections of the 11th trainee onwards. */
  listener = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, error);
  if (listener == NULL)
    return FALSE;
  g_socket_set_listen_backlog (listener, MFC_TRAINING_LISTEN_BACKLOG);
  if (!g_socket_bind (listener, socket_address, TRUE, error) ||
      !g_socket_listen (listener, error) ||
      !soup_server_listen_socket (soup, listener, 0, error))
    return FALSE;

  uris = soup_server_get_uris (soup);
  if (uris == NULL)
    {
      g_set_error (error, MFC_TRAINING_SERVER_ERROR, MFC_TRAINING_SERVER_ERROR_FAILED,
                   "The training server did not start listening");
      return FALSE;
    }

  g_free (self->base_url);
  if (g_inet_address_get_is_any (inet))
    /* Bound to every interface: this machine reaches itself on loopback. */
    self->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  else if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    self->base_url = g_strdup_printf ("http://[%s]:%d", g_uri_get_host (uris->data),
                                      g_uri_get_port (uris->data));
  else
    self->base_url = g_strdup_printf ("http://%s:%d", g_uri_get_host (uris->data),
                                      g_uri_get_port (uris->data));

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  if (self->n_readers > 0 && !start_readers (self, error))
    {
      stop_readers (self);
      return FALSE;
    }
  self->soup = g_steal_pointer (&soup);
  restart_load_timer (self);

  return TRUE;
}

/**
 * mfc_training_server_get_base_url:
 * @self: a #MfcTrainingServer
 *
 * Returns: (nullable): e.g. "http://127.0.0.1:41234", %NULL when not listening
 */
const char *
mfc_training_server_get_base_url (MfcTrainingServer *self)
{
  g_return_val_if_fail (MFC_IS_TRAINING_SERVER (self), NULL);

  return self->soup != NULL ? self->base_url : NULL;
}

/**
 * mfc_training_server_stop:
 * @self: a #MfcTrainingServer
 *
 * Closes the event sockets and stops listening.  Safe to call twice.
 */
void
mfc_training_server_stop (MfcTrainingServer *self)
{
  g_return_if_fail (MFC_IS_TRAINING_SERVER (self));

  stop_load_timer (self);

  while (self->sockets->len > 0)
    {
      g_autoptr(SoupWebsocketConnection) conn = g_object_ref (self->sockets->pdata[0]);

      g_signal_handlers_disconnect_by_data (conn, self);
      g_ptr_array_remove_index (self->sockets, 0);
      if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }

  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
  stop_readers (self);
}

/**
 * mfc_training_server_is_empty:
 * @self: a #MfcTrainingServer
 *
 * Whether the database holds no accounts at all: a new file, or one
 * whose first seed was cut short.  Nobody could log in to it.
 *
 * Returns: %TRUE when there is no user
 */
gboolean
mfc_training_server_is_empty (MfcTrainingServer *self)
{
  sqlite3_stmt *stmt = NULL;
  gboolean empty = TRUE;

  g_return_val_if_fail (MFC_IS_TRAINING_SERVER (self), TRUE);

  if (sqlite3_prepare_v2 (mfc_training_store_get_db (self->store),
                          "SELECT EXISTS (SELECT 1 FROM users)", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    empty = sqlite3_column_int (stmt, 0) == 0;
  sqlite3_finalize (stmt);

  return empty;
}

const char *
mfc_training_server_get_db_path (MfcTrainingServer *self)
{
  g_return_val_if_fail (MFC_IS_TRAINING_SERVER (self), NULL);

  return self->db_path;
}

const char *
mfc_training_server_get_seed_name (MfcTrainingServer *self)
{
  g_return_val_if_fail (MFC_IS_TRAINING_SERVER (self), NULL);

  return self->seed_name;
}

void
mfc_training_server_set_fake_time (MfcTrainingServer *self,
                                   gint64             unix_seconds)
{
  g_return_if_fail (MFC_IS_TRAINING_SERVER (self));

  self->fake_time = unix_seconds;
}

/**
 * mfc_training_server_set_readers:
 * @self: a #MfcTrainingServer, not listening yet
 * @n: worker threads (each with its read-only connection) for the GETs;
 *   0 answers everything on the loop, one request at a time
 */
void
mfc_training_server_set_readers (MfcTrainingServer *self,
                                 guint              n)
{
  g_return_if_fail (MFC_IS_TRAINING_SERVER (self));
  g_return_if_fail (self->soup == NULL);

  self->n_readers = MIN (n, 64);
}

void
mfc_training_server_set_load_interval (MfcTrainingServer *self,
                                       guint              seconds)
{
  g_return_if_fail (MFC_IS_TRAINING_SERVER (self));

  self->load_interval = seconds;
  restart_load_timer (self);
}
