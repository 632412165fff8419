/* test-training-common.h — what the training-server tests share: a real
 * MfcTrainingServer on loopback, in its own thread and main loop (as a
 * classroom server would be), and a blocking SoupSession to talk to it.
 *
 * The server's clock is fixed at Monday 23 November 2026, 10:00 in
 * Novosibirsk, so business-hour rules are the same whenever tests run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "mfc-training-server.h"

/* 2026-11-23T10:00:00+07:00 */
#define TEST_NOW G_GINT64_CONSTANT (1795402800)

typedef struct
{
  GThread           *thread;
  GMainContext      *context;
  GMainLoop         *loop;
  MfcTrainingServer *server;
  char              *dir;
  char              *db;
  char              *base_url;
  SoupSession       *session;
  GMutex             mutex;
  GCond              cond;
  gboolean           ready;
  double             seed_seconds;
} Fixture;

typedef struct
{
  guint               status;
  GBytes             *body;
  JsonNode           *json;
  SoupMessageHeaders *headers;
} Reply;

G_GNUC_UNUSED static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

G_GNUC_UNUSED static gpointer
server_thread (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;
  gint64 started;

  g_main_context_push_thread_default (f->context);

  f->server = mfc_training_server_new (f->db, &error);
  g_assert_no_error (error);
  mfc_training_server_set_fake_time (f->server, TEST_NOW);
  mfc_training_server_set_load_interval (f->server, 1);
  started = g_get_monotonic_time ();
  mfc_training_server_seed (f->server, "demo", &error);
  g_assert_no_error (error);
  f->seed_seconds = (g_get_monotonic_time () - started) / 1e6;
  mfc_training_server_listen (f->server, "127.0.0.1:0", &error);
  g_assert_no_error (error);

  g_mutex_lock (&f->mutex);
  f->base_url = g_strdup (mfc_training_server_get_base_url (f->server));
  f->ready = TRUE;
  g_cond_signal (&f->cond);
  g_mutex_unlock (&f->mutex);

  g_main_loop_run (f->loop);

  mfc_training_server_stop (f->server);
  g_clear_object (&f->server);
  g_main_context_pop_thread_default (f->context);

  return NULL;
}

G_GNUC_UNUSED static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-training-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "t.sqlite", NULL);
  f->context = g_main_context_new ();
  f->loop = g_main_loop_new (f->context, FALSE);
  g_mutex_init (&f->mutex);
  g_cond_init (&f->cond);

  f->thread = g_thread_new ("training-server", server_thread, f);
  g_mutex_lock (&f->mutex);
  while (!f->ready)
    g_cond_wait (&f->cond, &f->mutex);
  g_mutex_unlock (&f->mutex);

  f->session = soup_session_new ();
}

G_GNUC_UNUSED static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

G_GNUC_UNUSED static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->db, "-shm", NULL);

  g_clear_object (&f->session);
  g_main_context_invoke (f->context, quit_cb, f->loop);
  g_thread_join (f->thread);
  g_main_loop_unref (f->loop);
  g_main_context_unref (f->context);
  g_mutex_clear (&f->mutex);
  g_cond_clear (&f->cond);

  g_unlink (f->db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->db);
  g_free (f->dir);
  g_free (f->base_url);
}

/* @headers: NULL-terminated name, value pairs */
G_GNUC_UNUSED static Reply *
call_full (Fixture            *f,
           const char         *method,
           const char         *path,
           const char         *token,
           const char         *content_type,
           GBytes             *body,
           const char * const *headers)
{
  g_autofree char *url = g_strconcat (f->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  Reply *reply = g_new0 (Reply, 1);

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i], headers[i + 1]);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  reply->body = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (g_strcmp0 (soup_message_headers_get_content_type (reply->headers, NULL), "application/json") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize len = 0;
      const char *data = g_bytes_get_data (reply->body, &len);

      json_parser_load_from_data (parser, data, len, &error);
      g_assert_no_error (error);
      reply->json = json_node_ref (json_parser_get_root (parser));
    }

  return reply;
}

G_GNUC_UNUSED static Reply *
call (Fixture            *f,
      const char         *method,
      const char         *path,
      const char         *token,
      const char         *json,
      const char * const *headers)
{
  g_autoptr(GBytes) body = json != NULL ? g_bytes_new (json, strlen (json)) : NULL;

  return call_full (f, method, path, token, "application/json", body, headers);
}

/* POST /api/v1/session, without a token */
G_GNUC_UNUSED static Reply *
sign_in (Fixture    *f,
         const char *json)
{
  return call (f, "POST", "/api/v1/session", NULL, json, NULL);
}

/* A POST with a fresh Idempotency-Key */
G_GNUC_UNUSED static Reply *
post (Fixture    *f,
      const char *path,
      const char *token,
      const char *json)
{
  g_autofree char *key = g_uuid_string_random ();
  const char *headers[] = { "Idempotency-Key", key, NULL };

  return call (f, "POST", path, token, json, headers);
}

/* POST /api/v1/@collection/@id/@action with a fresh Idempotency-Key */
G_GNUC_UNUSED static Reply *
post_action (Fixture    *f,
             const char *token,
             const char *collection,
             const char *id,
             const char *action,
             const char *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/%s/%s/%s", collection, id, action);

  return post (f, path, token, json);
}

G_GNUC_UNUSED static JsonObject *
obj (Reply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

/* The items of a page */
G_GNUC_UNUSED static JsonArray *
items (Reply *reply)
{
  return json_object_get_array_member (obj (reply), "items");
}

G_GNUC_UNUSED static const char *
error_code (Reply *reply)
{
  return json_object_get_string_member (json_object_get_object_member (obj (reply), "error"), "code");
}

G_GNUC_UNUSED static const char *
str (Reply      *reply,
     const char *member)
{
  return json_object_get_string_member (obj (reply), member);
}

G_GNUC_UNUSED static char *
login (Fixture    *f,
       const char *user,
       const char *otp)
{
  g_autofree char *json = otp != NULL
    ? g_strdup_printf ("{\"login\":\"%s\",\"password\":\"demo\",\"otp\":\"%s\"}", user, otp)
    : g_strdup_printf ("{\"login\":\"%s\",\"password\":\"demo\"}", user);
  g_autoptr(Reply) r = sign_in (f, json);

  g_assert_cmpuint (r->status, ==, 200);
  return g_strdup (str (r, "token"));
}

/* Shows what came instead of what @expected describes */
G_GNUC_UNUSED static void
print_unexpected (Reply      *reply,
                  const char *expected)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (reply->body, &len);

  g_printerr ("Expected %s, got %u: %.*s\n", expected, reply->status, (int) len, data);
}

G_GNUC_UNUSED static void
assert_error (Reply      *reply,
              guint       status,
              const char *code)
{
  if (reply->status != status || reply->json == NULL || g_strcmp0 (error_code (reply), code) != 0)
    {
      g_autofree char *expected = g_strdup_printf ("%u %s", status, code);
      print_unexpected (reply, expected);
    }
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (error_code (reply), ==, code);
}

G_GNUC_UNUSED static void
assert_status (Reply *reply,
               guint  status)
{
  if (reply->status != status)
    {
      g_autofree char *expected = g_strdup_printf ("%u", status);
      print_unexpected (reply, expected);
    }
  g_assert_cmpuint (reply->status, ==, status);
}

G_GNUC_UNUSED static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*WaitPredicate) (gpointer data);

/* Iterates the thread-default main context until @done holds; fails the
 * test with @what when that takes more than @seconds. */
G_GNUC_UNUSED static void
wait_until (WaitPredicate  done,
            gpointer       data,
            guint          seconds,
            const char    *what)
{
  GMainContext *context = g_main_context_get_thread_default ();
  g_autoptr(GSource) guard = g_timeout_source_new_seconds (seconds);
  gboolean expired = FALSE;

  g_source_set_callback (guard, set_flag_cb, &expired, NULL);
  g_source_attach (guard, context);
  while (!done (data) && !expired)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (guard);
  if (!done (data))
    g_error ("Still waiting for %s after %u s", what, seconds);
}

G_GNUC_UNUSED static gboolean
result_is_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* Waits until *@result is set (by a GAsyncReadyCallback that stores a
 * reference, e.g. store_result_cb()). */
G_GNUC_UNUSED static void
wait_for_result (GAsyncResult **result,
                 guint          seconds,
                 const char    *what)
{
  wait_until (result_is_set, result, seconds, what);
}

G_GNUC_UNUSED static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}
