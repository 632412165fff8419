/* test-upload.c — MfcUpload against the real training server: progress,
 * cancel, the same Idempotency-Key after a dropped connection (one
 * document on the server), the SHA-256 check, 413 and 415 in Russian, and
 * the attach to a ticket.
 *
 * The dropped connections are real: a loopback TCP relay between the
 * client and the server cuts the first connection mid-body, or after the
 * server has stored the document but before its answer reaches the
 * client.  What is on the server is read from its own database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "mfc-outbox.h"
#include "mfc-upload.h"
#include "mfc-test-util.h"

#include "test-intake-common.h"

/* ------------------------------------------------------------------ */
/* A TCP relay that can drop its first connection                      */

typedef enum {
  DROP_NONE,
  DROP_MID_BODY,   /* after this many request bytes */
  DROP_ANSWER,     /* when the final (non-100) answer starts */
} DropMode;

typedef struct
{
  GSocket   *listener;
  guint16    port;
  guint16    upstream_port;
  DropMode   mode;
  gsize      drop_after;
  GThread   *accept_thread;
  GMutex     mutex;
  GPtrArray *threads;
  GPtrArray *sockets;
  guint      n_connections;
  guint      n_dropped;
} Relay;

typedef struct
{
  Relay   *relay;
  GSocket *from;
  GSocket *to;
  gboolean request;   /* client → server */
  gboolean drop;      /* this is the connection to cut */
} Pump;

static void
relay_cut (Pump *pump)
{
  g_mutex_lock (&pump->relay->mutex);
  pump->relay->n_dropped++;
  g_mutex_unlock (&pump->relay->mutex);
  g_socket_shutdown (pump->from, TRUE, TRUE, NULL);
  g_socket_shutdown (pump->to, TRUE, TRUE, NULL);
}

static gpointer
pump_thread (gpointer data)
{
  Pump *pump = data;
  char buffer[16 * 1024];
  gsize total = 0;
  gssize n;

  while ((n = g_socket_receive (pump->from, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      gssize start = 0;

      if (pump->drop && pump->request && pump->relay->mode == DROP_MID_BODY &&
          total + (gsize) n > pump->relay->drop_after)
        {
          relay_cut (pump);
          break;
        }
      if (pump->drop && !pump->request && pump->relay->mode == DROP_ANSWER &&
          g_strstr_len (buffer, n, "HTTP/1.1 1") != buffer)
        {
          relay_cut (pump);
          break;
        }

      total += (gsize) n;
      while (start < n)
        {
          gssize written = g_socket_send (pump->to, buffer + start, n - start, NULL, NULL);

          if (written <= 0)
            break;
          start += written;
        }
    }

  g_socket_shutdown (pump->to, FALSE, TRUE, NULL);
  g_free (pump);
  return NULL;
}

static void
relay_spawn (Relay   *relay,
             GSocket *from,
             GSocket *to,
             gboolean request,
             gboolean drop)
{
  Pump *pump = g_new0 (Pump, 1);

  pump->relay = relay;
  pump->from = from;
  pump->to = to;
  pump->request = request;
  pump->drop = drop;
  g_mutex_lock (&relay->mutex);
  g_ptr_array_add (relay->threads, g_thread_new ("relay-pump", pump_thread, pump));
  g_mutex_unlock (&relay->mutex);
}

static gpointer
accept_thread (gpointer data)
{
  Relay *relay = data;
  GSocket *client;

  while ((client = g_socket_accept (relay->listener, NULL, NULL)) != NULL)
    {
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, relay->upstream_port);
      GSocket *server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL);
      gboolean drop;

      g_assert_true (g_socket_connect (server, address, NULL, NULL));
      g_mutex_lock (&relay->mutex);
      drop = relay->mode != DROP_NONE && relay->n_connections == 0;
      relay->n_connections++;
      g_ptr_array_add (relay->sockets, client);
      g_ptr_array_add (relay->sockets, server);
      g_mutex_unlock (&relay->mutex);

      relay_spawn (relay, client, server, TRUE, drop);
      relay_spawn (relay, server, client, FALSE, drop);
    }

  return NULL;
}

static Relay *
relay_new_on (const char *upstream_url,
              DropMode    mode,
              gsize       drop_after,
              guint16     port)
{
  Relay *relay = g_new0 (Relay, 1);
  g_autoptr(GUri) uri = g_uri_parse (upstream_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  relay->upstream_port = (guint16) g_uri_get_port (uri);
  relay->mode = mode;
  relay->drop_after = drop_after;
  g_mutex_init (&relay->mutex);
  relay->threads = g_ptr_array_new ();
  relay->sockets = g_ptr_array_new_with_free_func (g_object_unref);

  relay->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (relay->listener, any, TRUE, &error));
  g_assert_true (g_socket_listen (relay->listener, &error));
  bound = g_socket_get_local_address (relay->listener, &error);
  g_assert_no_error (error);
  relay->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  relay->accept_thread = g_thread_new ("relay-accept", accept_thread, relay);

  return relay;
}

static Relay *
relay_new (const char *upstream_url,
           DropMode    mode,
           gsize       drop_after)
{
  return relay_new_on (upstream_url, mode, drop_after, 0);
}

static char *
relay_url (Relay *relay)
{
  return g_strdup_printf ("http://127.0.0.1:%u", relay->port);
}

static void
relay_free (Relay *relay)
{
  g_socket_shutdown (relay->listener, TRUE, TRUE, NULL);
  g_socket_close (relay->listener, NULL);
  g_thread_join (relay->accept_thread);
  for (guint i = 0; i < relay->sockets->len; i++)
    g_socket_shutdown (relay->sockets->pdata[i], TRUE, TRUE, NULL);
  for (guint i = 0; i < relay->threads->len; i++)
    g_thread_join (relay->threads->pdata[i]);
  g_ptr_array_unref (relay->threads);
  g_ptr_array_unref (relay->sockets);
  g_object_unref (relay->listener);
  g_mutex_clear (&relay->mutex);
  g_free (relay);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* A file whose content the server takes for a PNG: its magic bytes and
 * then @size bytes of noise. */
static GFile *
make_file (Fixture    *f,
           const char *name,
           const char *magic,
           gsize       size)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  gsize magic_len = magic != NULL ? strlen (magic) : 0;
  g_autofree guint8 *data = g_malloc (magic_len + size);
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed ((guint32) size);

  if (magic_len > 0)
    memcpy (data, magic, magic_len);
  for (gsize i = 0; i < size; i++)
    data[magic_len + i] = (guint8) g_rand_int (rand);
  g_rand_free (rand);

  g_file_set_contents (path, (const char *) data, (gssize) (magic_len + size), &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

#define PNG_MAGIC "\x89PNG\r\n\x1a\n"

static char *
file_sha256 (GFile *file)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  g_file_load_contents (file, NULL, &data, &len, NULL, &error);
  g_assert_no_error (error);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) data, len);
}

/* How many documents with this content the server stored: from its own
 * database, not from what the client was told. */
static int
server_documents_with (Fixture    *f,
                       const char *sha256)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int count;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM documents WHERE sha256 = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return count;
}

static MfcClient *
client_at (Fixture    *f,
           const char *url)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(GError) error = NULL;
  MfcClient *client = mfc_client_new (url, &error);

  g_assert_no_error (error);
  mfc_client_set_token (client, token);
  mfc_client_set_retry_delay (client, 10, 50);

  return client;
}

static gboolean
run_upload (MfcUpload     *upload,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GAsyncResult) slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  mfc_upload_start_async (upload, cancellable, store_result_cb, &slot);
  result = wait_result (&slot, "the upload");

  return mfc_upload_start_finish (upload, result, error);
}

typedef struct
{
  guint64  last_sent;
  guint64  total;
  guint    calls;
  gboolean went_back;
  GCancellable *cancel_at_first;
} Progress;

static void
sent_cb (MfcUpload  *upload,
         GParamSpec *pspec,
         Progress   *progress)
{
  guint64 sent = mfc_upload_get_sent (upload);

  if (sent < progress->last_sent)
    progress->went_back = TRUE;
  progress->last_sent = sent;
  progress->total = mfc_upload_get_total (upload);
  progress->calls++;

  if (progress->cancel_at_first != NULL && sent > 0)
    g_cancellable_cancel (progress->cancel_at_first);
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

static void
test_progress_and_checksum (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "scan.png", PNG_MAGIC, 3 * 1024 * 1024);
  g_autofree char *sha256 = file_sha256 (file);
  g_autoptr(MfcClient) client = client_at (f, f->base_url);
  g_autoptr(MfcUpload) upload = mfc_upload_new (client, file, "скан паспорта.png", "image/png",
                                                "Паспорт, страницы 2–3");
  g_autoptr(GError) error = NULL;
  g_autofree char *token = login (f, "clerk", NULL);
  g_autofree char *path = NULL;
  g_autoptr(Reply) stored = NULL;
  Progress progress = { 0 };

  g_signal_connect (upload, "notify::sent", G_CALLBACK (sent_cb), &progress);
  g_assert_true (run_upload (upload, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (mfc_upload_get_state (upload), ==, MFC_UPLOAD_STATE_DONE);
  /* Progress over the whole multipart body, never backwards, to its end. */
  g_assert_cmpuint (progress.calls, >=, 2);
  g_assert_false (progress.went_back);
  g_assert_cmpuint (progress.total, >, 3 * 1024 * 1024);
  g_assert_cmpuint (progress.last_sent, ==, progress.total);
  g_assert_cmpfloat (mfc_upload_get_fraction (upload), ==, 1.0);
  g_assert_cmpint (mfc_upload_get_seconds_left (upload), ==, 0);

  /* Ours, the service's and the stored bytes' SHA-256 are one. */
  g_assert_cmpstr (mfc_upload_get_sha256 (upload), ==, sha256);
  g_assert_cmpstr (json_object_get_string_member (mfc_upload_get_document (upload), "sha256"), ==, sha256);
  g_assert_cmpint (server_documents_with (f, sha256), ==, 1);

  path = g_strdup_printf ("/api/v1/documents/%s", mfc_upload_get_document_id (upload));
  stored = call (f, "GET", path, token, NULL, NULL);
  assert_status (stored, 200);
  g_assert_cmpstr (str (stored, "filename"), ==, "скан паспорта.png");
  g_assert_cmpstr (str (stored, "title"), ==, "Паспорт, страницы 2–3");
  g_assert_cmpstr (str (stored, "content_type"), ==, "image/png");
  g_assert_cmpint (json_object_get_int_member (obj (stored), "size"), ==, strlen (PNG_MAGIC) + 3 * 1024 * 1024);

  /* Done is done: a second start sends nothing. */
  g_assert_true (run_upload (upload, NULL, &error));
  g_assert_cmpint (server_documents_with (f, sha256), ==, 1);
}

static void
test_cancel_then_again (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "big.png", PNG_MAGIC, 4 * 1024 * 1024);
  g_autofree char *sha256 = file_sha256 (file);
  g_autoptr(MfcClient) client = client_at (f, f->base_url);
  g_autoptr(MfcUpload) upload = mfc_upload_new (client, file, "big.png", "image/png", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  Progress progress = { .cancel_at_first = cancellable };

  mfc_test_use_russian ();
  g_signal_connect (upload, "notify::sent", G_CALLBACK (sent_cb), &progress);
  key = g_strdup (mfc_upload_get_key (upload));

  g_assert_false (run_upload (upload, cancellable, &error));
  g_assert_error (error, MFC_UPLOAD_ERROR, MFC_UPLOAD_ERROR_CANCELLED);
  g_assert_cmpstr (error->message, ==, "Загрузка отменена. Ничего не прикреплено.");
  g_assert_cmpint (mfc_upload_get_state (upload), ==, MFC_UPLOAD_STATE_FAILED);
  g_assert_cmpuint (progress.last_sent, <, progress.total);
  g_assert_cmpint (server_documents_with (f, sha256), ==, 0);
  g_clear_error (&error);

  /* Started again: the same key, one document. */
  progress.cancel_at_first = NULL;
  g_assert_true (run_upload (upload, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mfc_upload_get_key (upload), ==, key);
  g_assert_cmpint (server_documents_with (f, sha256), ==, 1);
}

static void
check_dropped (Fixture  *f,
               DropMode  mode)
{
  Relay *relay = relay_new (f->base_url, mode, 1024 * 1024);
  g_autofree char *url = relay_url (relay);
  g_autoptr(GFile) file = make_file (f, mode == DROP_ANSWER ? "answer.png" : "body.png",
                                     PNG_MAGIC, 2 * 1024 * 1024 + mode);
  g_autofree char *sha256 = file_sha256 (file);
  g_autoptr(MfcClient) client = client_at (f, url);
  g_autoptr(MfcUpload) upload = mfc_upload_new (client, file, "scan.png", "image/png", NULL);
  g_autoptr(GError) error = NULL;

  run_upload (upload, NULL, &error);
  g_assert_no_error (error);

  /* The first connection was cut, the client tried again by itself. */
  g_assert_cmpuint (relay->n_dropped, >=, 1);
  g_assert_cmpuint (relay->n_connections, >=, 2);
  g_assert_cmpstr (json_object_get_string_member (mfc_upload_get_document (upload), "sha256"), ==, sha256);
  g_assert_cmpint (server_documents_with (f, sha256), ==, 1);

  g_clear_object (&upload);
  g_clear_object (&client);
  relay_free (relay);
}

static void
test_dropped_mid_body (Fixture       *f,
                       gconstpointer  data)
{
  check_dropped (f, DROP_MID_BODY);
}

/* The server stored it, the answer was lost: the retry carries the same
 * Idempotency-Key, and the server replays its answer. */
static void
test_dropped_answer (Fixture       *f,
                     gconstpointer  data)
{
  check_dropped (f, DROP_ANSWER);
}

static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  /* One byte over 5 MB. */
  g_autoptr(GFile) file = make_file (f, "huge.png", PNG_MAGIC, 5 * 1024 * 1024 + 1 - strlen (PNG_MAGIC));
  g_autoptr(MfcClient) client = client_at (f, f->base_url);
  g_autoptr(MfcUpload) upload = mfc_upload_new (client, file, "huge.png", "image/png", NULL);
  g_autoptr(GError) error = NULL;

  mfc_test_use_russian ();
  g_assert_false (run_upload (upload, NULL, &error));
  g_assert_error (error, MFC_UPLOAD_ERROR, MFC_UPLOAD_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==,
                   "Файл больше, чем принимает центральный сервис (5 МБ). Удалите лишние "
                   "страницы или разделите документ на части и загрузите снова.");
  g_assert_cmpint (mfc_upload_get_state (upload), ==, MFC_UPLOAD_STATE_FAILED);
  g_assert_nonnull (mfc_upload_get_error (upload));
  g_assert_null (mfc_upload_get_document_id (upload));
}

static void
test_unsupported (Fixture       *f,
                  gconstpointer  data)
{
  /* A text file named as a PDF: refused by content, not by name. */
  g_autoptr(GFile) file = make_file (f, "fake.pdf", "Просто текст, а не PDF\n", 0);
  g_autoptr(MfcClient) client = client_at (f, f->base_url);
  g_autoptr(MfcUpload) upload = mfc_upload_new (client, file, "fake.pdf", "application/pdf", NULL);
  g_autoptr(GError) error = NULL;

  mfc_test_use_russian ();
  g_assert_false (run_upload (upload, NULL, &error));
  g_assert_error (error, MFC_UPLOAD_ERROR, MFC_UPLOAD_ERROR_UNSUPPORTED);
  g_assert_cmpstr (error->message, ==,
                   "Центральный сервис принимает только PDF, JPEG, PNG и DOCX, а этот файл по "
                   "содержимому не относится ни к одному из них. Сохраните его в одном из этих "
                   "форматов (например, напечатайте в PDF) и добавьте снова.");
}

static void
test_missing_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "gone.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(MfcClient) client = client_at (f, f->base_url);
  g_autoptr(MfcUpload) upload = mfc_upload_new (client, file, "gone.pdf", "application/pdf", NULL);
  g_autoptr(GError) error = NULL;

  mfc_test_use_russian ();
  g_assert_false (run_upload (upload, NULL, &error));
  g_assert_error (error, MFC_UPLOAD_ERROR, MFC_UPLOAD_ERROR_FILE);
  g_assert_true (g_str_has_prefix (error->message, "Не удаётся прочитать файл «gone.pdf»"));
}

static void
test_attach_to_ticket (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GFile) file = make_file (f, "attach.pdf", "%PDF-1.4\n", 64 * 1024);
  g_autoptr(MfcClient) client = client_at (f, f->base_url);
  g_autoptr(MfcUpload) upload = mfc_upload_new (client, file, "заявление.pdf", "application/pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(Reply) ticket = NULL;
  JsonArray *documents;
  gboolean found = FALSE;

  mfc_upload_set_ticket (upload, "1");
  g_assert_true (run_upload (upload, NULL, &error));
  g_assert_no_error (error);

  ticket = call (f, "GET", "/api/v1/tickets/1", token, NULL, NULL);
  assert_status (ticket, 200);
  documents = json_object_get_array_member (obj (ticket), "documents");
  for (guint i = 0; i < json_array_get_length (documents); i++)
    found |= g_str_equal (json_object_get_string_member (json_array_get_object_element (documents, i), "id"),
                          mfc_upload_get_document_id (upload));
  g_assert_true (found);
}

static int
ticket_documents_with (Fixture    *f,
                       const char *ticket_id,
                       const char *sha256)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int count;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM ticket_documents td"
                                           " JOIN documents d ON d.id = td.document_id"
                                           " WHERE td.ticket_id = ? AND d.sha256 = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (ticket_id, NULL, 10));
  sqlite3_bind_text (stmt, 2, sha256, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return count;
}

static guint
files_in (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static gboolean
outbox_drained (gpointer data)
{
  return mfc_outbox_get_n_pending (data) == 0;
}

/* No connection: the upload and its attach wait in the outbox, from the
 * outbox's own copy of the file, and go out by themselves when the
 * service is back — even with the original file gone by then. */
static void
test_offline_to_outbox (Fixture       *f,
                        gconstpointer  data)
{
  Relay *relay = relay_new (f->base_url, DROP_NONE, 0);
  guint16 port = relay->port;
  g_autofree char *url = relay_url (relay);
  g_autoptr(GFile) file = make_file (f, "offline.png", PNG_MAGIC, 256 * 1024);
  g_autofree char *sha256 = file_sha256 (file);
  g_autofree char *outbox_path = g_build_filename (f->dir, "outbox.sqlite", NULL);
  g_autofree char *copies = g_build_filename (f->dir, "outbox-files", NULL);
  g_autoptr(MfcClient) client = NULL;
  g_autoptr(MfcOutbox) outbox = NULL;
  g_autoptr(MfcUpload) upload = NULL;
  g_autoptr(GAsyncResult) slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* The service is unreachable: nothing listens at the address. */
  relay_free (relay);
  client = client_at (f, url);
  outbox = mfc_outbox_new (client, outbox_path, &error);
  g_assert_no_error (error);
  mfc_outbox_set_retry_delay (outbox, 20, 100);
  mfc_outbox_set_owner (outbox, mfc_client_get_base_url (client), "clerk");

  mfc_test_use_russian ();
  upload = mfc_upload_new (client, file, "offline.png", "image/png", NULL);
  mfc_upload_set_ticket (upload, "2");
  g_assert_false (run_upload (upload, NULL, &error));
  g_assert_error (error, MFC_UPLOAD_ERROR, MFC_UPLOAD_ERROR_OFFLINE);
  g_clear_error (&error);

  mfc_upload_queue_async (upload, outbox, copies, store_result_cb, &slot);
  result = wait_result (&slot, "the queueing");
  g_assert_true (mfc_upload_queue_finish (upload, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, 2);
  g_assert_cmpuint (files_in (copies), ==, 1);
  g_file_delete (file, NULL, NULL);

  /* The service is back at the same address. */
  relay = relay_new_on (f->base_url, DROP_NONE, 0, port);
  wait_until (outbox_drained, outbox, INTAKE_WAIT_SECONDS, "the outbox to send");
  g_assert_cmpuint (mfc_outbox_get_n_rejected (outbox), ==, 0);
  g_assert_cmpint (server_documents_with (f, sha256), ==, 1);
  g_assert_cmpint (ticket_documents_with (f, "2", sha256), ==, 1);
  /* The outbox's copy is gone once sent. */
  g_assert_cmpuint (files_in (copies), ==, 0);

  g_clear_object (&outbox);
  g_clear_object (&upload);
  g_clear_object (&client);
  g_unlink (outbox_path);
  {
    g_autofree char *wal = g_strconcat (outbox_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (outbox_path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (copies);
  relay_free (relay);
}

/* The first attempt reached the service (it stored the document) but
 * its answer was lost, and the client gave up (one attempt only): the
 * upload goes to the outbox under the key of that attempt, so when the
 * outbox sends it the service replays its answer — one document, not
 * two. */
static void
test_dropped_answer_to_outbox (Fixture       *f,
                               gconstpointer  data)
{
  Relay *relay = relay_new (f->base_url, DROP_ANSWER, 0);
  g_autofree char *url = relay_url (relay);
  g_autoptr(GFile) file = make_file (f, "lost-answer.png", PNG_MAGIC, 512 * 1024);
  g_autofree char *sha256 = file_sha256 (file);
  g_autofree char *outbox_path = g_build_filename (f->dir, "outbox-replay.sqlite", NULL);
  g_autofree char *copies = g_build_filename (f->dir, "outbox-replay-files", NULL);
  g_autoptr(MfcClient) client = client_at (f, url);
  g_autoptr(MfcOutbox) outbox = NULL;
  g_autoptr(MfcUpload) upload = NULL;
  g_autoptr(MfcOutboxEntry) queued = NULL;
  g_autoptr(GAsyncResult) slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mfc_client_set_max_attempts (client, 1);
  outbox = mfc_outbox_new (client, outbox_path, &error);
  g_assert_no_error (error);
  mfc_outbox_set_retry_delay (outbox, 20, 100);
  mfc_outbox_set_owner (outbox, mfc_client_get_base_url (client), "clerk");

  upload = mfc_upload_new (client, file, "lost-answer.png", "image/png", NULL);
  mfc_upload_set_ticket (upload, "3");
  g_assert_false (run_upload (upload, NULL, &error));
  g_assert_error (error, MFC_UPLOAD_ERROR, MFC_UPLOAD_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_cmpuint (relay->n_dropped, ==, 1);
  /* The service did store it. */
  g_assert_cmpint (server_documents_with (f, sha256), ==, 1);

  mfc_upload_queue_async (upload, outbox, copies, store_result_cb, &slot);
  result = wait_result (&slot, "the queueing");
  g_assert_true (mfc_upload_queue_finish (upload, result, &error));
  g_assert_no_error (error);
  wait_until (outbox_drained, outbox, INTAKE_WAIT_SECONDS, "the outbox to send");
  g_assert_cmpuint (mfc_outbox_get_n_rejected (outbox), ==, 0);
  g_assert_cmpuint (relay->n_connections, >=, 2);
  g_assert_cmpint (server_documents_with (f, sha256), ==, 1);
  g_assert_cmpint (ticket_documents_with (f, "3", sha256), ==, 1);
  /* Under the online attempt's key. */
  queued = mfc_outbox_lookup (outbox, mfc_upload_get_key (upload));
  g_assert_nonnull (queued);
  g_assert_cmpstr (mfc_outbox_entry_get_kind (queued), ==, MFC_OUTBOX_KIND_UPLOAD);

  g_clear_object (&outbox);
  g_clear_object (&upload);
  g_clear_object (&client);
  g_unlink (outbox_path);
  {
    g_autofree char *wal = g_strconcat (outbox_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (outbox_path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (copies);
  relay_free (relay);
}

static void
test_format (void)
{
  g_autofree char *kb = NULL;
  g_autofree char *mb = NULL;
  g_autofree char *limit = NULL;

  mfc_test_use_russian ();
  kb = mfc_upload_format_size (640 * 1024);
  mb = mfc_upload_format_size (3355443);
  g_assert_cmpstr (kb, ==, "640 КБ");
  g_assert_cmpstr (mb, ==, "3,2 МБ");
  limit = mfc_upload_format_size (5 * 1024 * 1024);
  g_assert_cmpstr (limit, ==, "5 МБ");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/upload/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("progress-and-checksum", test_progress_and_checksum);
  ADD ("cancel-then-again", test_cancel_then_again);
  ADD ("dropped-mid-body", test_dropped_mid_body);
  ADD ("dropped-answer", test_dropped_answer);
  ADD ("too-large", test_too_large);
  ADD ("unsupported", test_unsupported);
  ADD ("missing-file", test_missing_file);
  ADD ("attach-to-ticket", test_attach_to_ticket);
  ADD ("offline-to-outbox", test_offline_to_outbox);
  ADD ("dropped-answer-to-outbox", test_dropped_answer_to_outbox);
  g_test_add_func ("/upload/format", test_format);

  return g_test_run ();
}
