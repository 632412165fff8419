/* bench-outbox.c — how fast MfcOutbox queues writes and sends them
 * through the real training server.
 *
 * The server runs as its own process (`mfc-training-server`, demo seed,
 * a temporary database, no request log).  The outbox file is in a
 * temporary folder (--dir to choose the file system: its fsync is most
 * of an enqueue).  Three phases, N writes each (POST
 * /api/v1/tickets/{id}/comments, ids 1…50 in turn, unique texts):
 *
 *  1. enqueue latency: N enqueues one after the other while sending is
 *     paused (no token yet), each timed from mfc_outbox_enqueue_async()
 *     to its callback (the row committed, WAL fsynced): p50/p90/p99/max;
 *  2. drain: the token arrives; time until all N are sent (each its own
 *     request, in order, one in flight) → writes/s;
 *  3. burst: N enqueues issued at once while online; time until the last
 *     is committed and until the last is sent.
 *
 * Nothing here asserts a speed: the figures are printed and recorded in
 * docs/benchmarks.md.  Exits non-zero when a write failed.
 *
 *   bench-outbox --server build/src/mfc-training-server --writes 1000
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-bench"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>

#include "mfc-outbox.h"
#include "mfc-test-util.h"

#ifndef MFC_TRAINING_SERVER_PATH
#define MFC_TRAINING_SERVER_PATH "mfc-training-server"
#endif

#define N_TICKETS  50
#define GUARD_S    600

typedef struct
{
  MfcOutbox *outbox;
  GArray    *latencies;     /* gint64 µs */
  gint64     started;
  int        issued;
  int        committed;
  int        sent;
  int        failed;
  int        writes;
  int        phase;
} Bench;

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (Bench *b);

static void
run_until (Bench      *b,
           Condition   condition,
           const char *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) GUARD_S * G_USEC_PER_SEC;
  guint tick = g_timeout_add (100, tick_cb, NULL);

  while (!condition (b))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("bench-outbox: gave up waiting for %s\n", what);
          exit (1);
        }
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
}

static MfcOutboxEntry *
comment (Bench *b,
         int    i)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  g_autofree char *ticket = g_strdup_printf ("%d", 1 + i % N_TICKETS);
  g_autofree char *text = g_strdup_printf ("bench-%d-%d", b->phase, i);
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());

  mfc_query_add_segment (query, ticket);
  mfc_query_add_segment (query, "comments");
  json_object_set_string_member (json_node_get_object (body), "text", text);
  return mfc_outbox_entry_new ("bench.comment", "POST", query, body);
}

static void
enqueued_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Bench *b = user_data;
  g_autoptr(GError) error = NULL;

  if (!mfc_outbox_enqueue_finish (b->outbox, result, &error))
    {
      g_printerr ("bench-outbox: enqueue failed: %s\n", error->message);
      b->failed++;
    }
  b->committed++;
  if (b->latencies != NULL)
    {
      gint64 us = g_get_monotonic_time () - b->started;

      g_array_append_val (b->latencies, us);
    }
}

static void
enqueue (Bench *b,
         int    i)
{
  g_autoptr(MfcOutboxEntry) entry = comment (b, i);

  b->issued++;
  mfc_outbox_enqueue_async (b->outbox, entry, enqueued_cb, b);
}

static gboolean
all_committed (Bench *b)
{
  return b->committed == b->issued;
}

static gboolean
all_sent (Bench *b)
{
  return b->sent + b->failed >= b->writes && !mfc_outbox_get_sending (b->outbox);
}

static void
sent_cb (MfcOutbox  *outbox,
         const char *key,
         const char *kind,
         JsonObject *answer,
         Bench      *b)
{
  b->sent++;
}

static void
rejected_cb (MfcOutbox    *outbox,
             const char   *key,
             const char   *kind,
             const GError *error,
             Bench        *b)
{
  g_printerr ("bench-outbox: a write was rejected: %s\n", error->message);
  b->failed++;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *values,
               double  p)
{
  guint index = (guint) (p * (values->len - 1) + 0.5);

  return g_array_index (values, gint64, index) / 1000.0;
}

/* Waits for the server to answer /config, with a guard. */
static void
wait_server (const char *base_url)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 5, NULL);
  g_autofree char *url = g_strconcat (base_url, "/api/v1/config", NULL);
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

      if (body != NULL && soup_message_get_status (msg) == 200)
        return;
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("bench-outbox: the training server did not start\n");
          exit (1);
        }
      g_usleep (20000);
    }
}

static char *
login (const char *base_url)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *url = g_strconcat (base_url, "/api/v1/session", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  const char *json = "{\"login\":\"clerk\",\"password\":\"demo\"}";
  g_autoptr(GBytes) request = g_bytes_new_static (json, strlen (json));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  body = soup_session_send_and_read (session, msg, NULL, NULL);
  if (body == NULL || soup_message_get_status (msg) != 200 ||
      (root = json_from_string (g_bytes_get_data (body, NULL), NULL)) == NULL)
    {
      g_printerr ("bench-outbox: login failed\n");
      exit (1);
    }

  return g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
}


static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— MfcOutbox throughput and latency");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(MfcClient) client = NULL;
  g_autofree char *server_path = g_strdup (MFC_TRAINING_SERVER_PATH);
  g_autofree char *parent = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *outbox_path = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *token = NULL;
  Bench b = { 0 };
  int writes = 1000;
  double seconds;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server_path, "The mfc-training-server program", "PATH" },
    { "writes", 'n', 0, G_OPTION_ARG_INT, &writes, "Writes per phase (default 1000)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &parent, "Where the temporary files go (default: $TMPDIR)", "DIR" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || writes < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--writes must be positive");
      return 2;
    }

  if (parent != NULL)
    {
      g_autofree char *template = g_build_filename (parent, "bench-outbox-XXXXXX", NULL);

      dir = g_mkdtemp (g_steal_pointer (&template));
    }
  else
    dir = g_dir_make_tmp ("bench-outbox-XXXXXX", NULL);
  if (dir == NULL)
    {
      g_printerr ("bench-outbox: cannot make a temporary folder\n");
      return 1;
    }
  db = g_build_filename (dir, "server.sqlite", NULL);
  outbox_path = g_build_filename (dir, "outbox.sqlite", NULL);

  listen = g_strdup_printf ("127.0.0.1:%u", mfc_test_free_port ());
  base_url = g_strconcat ("http://", listen, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);
  server = g_subprocess_launcher_spawn (launcher, &error, server_path, "--listen", listen,
                                        "--db", db, "--seed", "demo", NULL);
  if (server == NULL)
    {
      g_printerr ("bench-outbox: %s\n", error->message);
      return 1;
    }
  wait_server (base_url);
  token = login (base_url);

  client = mfc_client_new (base_url, &error);
  g_assert_no_error (error);
  b.outbox = mfc_outbox_new (client, outbox_path, &error);
  if (b.outbox == NULL)
    {
      g_printerr ("bench-outbox: %s\n", error->message);
      return 1;
    }
  g_signal_connect (b.outbox, "sent", G_CALLBACK (sent_cb), &b);
  g_signal_connect (b.outbox, "rejected", G_CALLBACK (rejected_cb), &b);
  mfc_outbox_set_owner (b.outbox, base_url, "clerk");
  b.writes = writes;

  g_print ("bench-outbox: %d writes per phase, outbox %s\n", writes, outbox_path);

  /* 1: enqueue latency, paused (no token) */
  b.phase = 1;
  b.latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (int i = 0; i < writes; i++)
    {
      b.started = g_get_monotonic_time ();
      enqueue (&b, i);
      run_until (&b, all_committed, "an enqueue");
    }
  g_array_sort (b.latencies, compare_gint64);
  g_print ("enqueue, one after the other: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
           percentile_ms (b.latencies, 0.5), percentile_ms (b.latencies, 0.9),
           percentile_ms (b.latencies, 0.99), percentile_ms (b.latencies, 1.0));
  g_clear_pointer (&b.latencies, g_array_unref);

  /* 2: drain what is queued */
  b.started = g_get_monotonic_time ();
  mfc_client_set_token (client, token);
  mfc_outbox_set_owner (b.outbox, base_url, "clerk");
  run_until (&b, all_sent, "the queue to drain");
  seconds = (g_get_monotonic_time () - b.started) / 1e6;
  g_print ("drain %d queued writes: %.2f s, %.0f writes/s\n", writes, seconds, writes / seconds);

  /* 3: a burst while online */
  b.phase = 3;
  b.sent = 0;
  b.issued = b.committed = 0;
  b.started = g_get_monotonic_time ();
  for (int i = 0; i < writes; i++)
    enqueue (&b, i);
  run_until (&b, all_committed, "the burst to be committed");
  seconds = (g_get_monotonic_time () - b.started) / 1e6;
  g_print ("burst of %d enqueues: all committed in %.2f s (%.0f enqueues/s)\n",
           writes, seconds, writes / seconds);
  run_until (&b, all_sent, "the burst to be sent");
  seconds = (g_get_monotonic_time () - b.started) / 1e6;
  g_print ("burst of %d: all sent in %.2f s, %.0f writes/s\n", writes, seconds, writes / seconds);

  g_clear_object (&b.outbox);
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  remove_tree (dir);

  return b.failed > 0 ? 1 : 0;
}
