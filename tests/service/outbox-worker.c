/* outbox-worker.c — a process that holds an outbox, for the kill -9 test
 * of test-outbox.c.
 *
 *   outbox-worker --outbox FILE --server URL --count N --prefix P --ticket ID
 *
 * Opens the outbox, logs in as clerk (the outbox follows the session) and
 * queues the comments "<P>0" … "<P>N-1" on ticket ID, one after the
 * other, each only once the previous one is committed; then waits until
 * the outbox has sent them all and exits 0.  The test kills it at random moments and starts
 * it again: a new run finds in the outbox which comments were queued
 * (their index is in the kind, "test.comment.<i>") and goes on after the
 * last one, so a comment whose enqueue was cut short is queued again,
 * and one that was committed never twice.
 *
 * Exit status: 0 drained, 1 a failure (printed), 3 a rejected write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "outbox-worker"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "mfc-outbox.h"

#define KIND_PREFIX "test.comment."

typedef struct
{
  MfcOutbox  *outbox;
  GMainLoop  *loop;
  char       *prefix;
  char       *ticket;
  int         count;
  int         next;
  gboolean    all_queued;
  gboolean    syncing;
  int         status;
} Worker;

static void
fail (Worker     *w,
      const char *what,
      GError     *error)
{
  g_printerr ("outbox-worker: %s: %s\n", what, error != NULL ? error->message : "failed");
  w->status = 1;
  g_main_loop_quit (w->loop);
}

static void
synced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Worker *w = user_data;
  g_autoptr(GError) error = NULL;

  if (!mfc_outbox_sync_finish (MFC_OUTBOX (object), result, &error))
    fail (w, "sync", error);
  else
    g_main_loop_quit (w->loop);
}

/* Drained: exit once the last "sent" is on the disk too. */
static void
check_done (Worker *w)
{
  if (w->all_queued && !w->syncing && mfc_outbox_get_n_pending (w->outbox) == 0 &&
      !mfc_outbox_get_sending (w->outbox))
    {
      w->syncing = TRUE;
      mfc_outbox_sync_async (w->outbox, synced_cb, w);
    }
}

static void enqueue_next (Worker *w);

static void
enqueued_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Worker *w = user_data;
  g_autoptr(GError) error = NULL;

  if (!mfc_outbox_enqueue_finish (MFC_OUTBOX (object), result, &error))
    {
      fail (w, "enqueue", error);
      return;
    }

  /* One line per event on stdout: the test kills at the N-th. */
  g_print ("queued\n");
  fflush (stdout);
  w->next++;
  enqueue_next (w);
}

static void
enqueue_next (Worker *w)
{
  g_autofree char *kind = NULL;
  g_autoptr(MfcQuery) query = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(MfcOutboxEntry) entry = NULL;

  if (w->next >= w->count)
    {
      w->all_queued = TRUE;
      check_done (w);
      return;
    }

  kind = g_strdup_printf (KIND_PREFIX "%d", w->next);
  query = mfc_query_new ("/api/v1/tickets");
  mfc_query_add_segment (query, w->ticket);
  mfc_query_add_segment (query, "comments");
  text = g_strdup_printf ("%s%d", w->prefix, w->next);
  body = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_set_string_member (json_node_get_object (body), "text", text);

  entry = mfc_outbox_entry_new (kind, "POST", query, body);
  mfc_outbox_enqueue_async (w->outbox, entry, enqueued_cb, w);
}

/* The index after the last one already in the outbox, sent or not */
static int
first_unqueued (Worker *w)
{
  const MfcOutboxState states[] = { MFC_OUTBOX_STATE_PENDING, MFC_OUTBOX_STATE_SENT };
  g_autoptr(GPtrArray) rejected = mfc_outbox_list (w->outbox, MFC_OUTBOX_STATE_REJECTED);
  int next = 0;

  if (rejected->len > 0)
    {
      g_printerr ("outbox-worker: a write was rejected: %s\n",
                  mfc_outbox_entry_get_error (rejected->pdata[0])->message);
      exit (3);
    }

  for (guint s = 0; s < G_N_ELEMENTS (states); s++)
    {
      g_autoptr(GPtrArray) entries = mfc_outbox_list (w->outbox, states[s]);

      for (guint i = 0; i < entries->len; i++)
        {
          const char *kind = mfc_outbox_entry_get_kind (entries->pdata[i]);

          if (g_str_has_prefix (kind, KIND_PREFIX))
            next = MAX (next, atoi (kind + strlen (KIND_PREFIX)) + 1);
        }
    }

  return next;
}

static void
rejected_cb (MfcOutbox    *outbox,
             const char   *key,
             const char   *kind,
             const GError *error,
             Worker       *w)
{
  g_printerr ("outbox-worker: %s was rejected: %s\n", kind, error->message);
  w->status = 3;
  g_main_loop_quit (w->loop);
}

static void
sent_cb (MfcOutbox  *outbox,
         const char *key,
         const char *kind,
         JsonObject *answer,
         Worker     *w)
{
  g_print ("sent\n");
  fflush (stdout);
}

static void
changed_cb (MfcOutbox  *outbox,
            GParamSpec *pspec,
            Worker     *w)
{
  check_done (w);
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Worker *w = user_data;
  g_autoptr(GError) error = NULL;

  /* The outbox follows the session: the owner is set by now. */
  if (!mfc_session_login_finish (MFC_SESSION (object), result, &error))
    {
      fail (w, "login", error);
      return;
    }

  w->next = first_unqueued (w);
  enqueue_next (w);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— holds an outbox for test-outbox");
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcClient) client = NULL;
  g_autoptr(MfcSession) session = NULL;
  g_autofree char *outbox_path = NULL;
  g_autofree char *server = NULL;
  Worker w = { 0 };
  const GOptionEntry entries[] = {
    { "outbox", 0, 0, G_OPTION_ARG_FILENAME, &outbox_path, "The outbox file", "FILE" },
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, "The training server's base URL", "URL" },
    { "count", 0, 0, G_OPTION_ARG_INT, &w.count, "How many comments", "N" },
    { "prefix", 0, 0, G_OPTION_ARG_STRING, &w.prefix, "The comments' text before the index", "P" },
    { "ticket", 0, 0, G_OPTION_ARG_STRING, &w.ticket, "The ticket to comment on", "ID" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      outbox_path == NULL || server == NULL || w.prefix == NULL || w.ticket == NULL || w.count <= 0)
    {
      g_printerr ("outbox-worker: %s\n", error != NULL ? error->message : "missing options");
      return 2;
    }

  client = mfc_client_new (server, &error);
  if (client == NULL)
    {
      g_printerr ("outbox-worker: %s\n", error->message);
      return 1;
    }
  mfc_client_set_retry_delay (client, 10, 50);

  w.outbox = mfc_outbox_new (client, outbox_path, &error);
  if (w.outbox == NULL)
    {
      g_printerr ("outbox-worker: %s\n", error->message);
      return 1;
    }
  mfc_outbox_set_retry_delay (w.outbox, 20, 200);
  g_signal_connect (w.outbox, "rejected", G_CALLBACK (rejected_cb), &w);
  g_signal_connect (w.outbox, "sent", G_CALLBACK (sent_cb), &w);
  g_signal_connect (w.outbox, "notify::n-pending", G_CALLBACK (changed_cb), &w);
  g_signal_connect (w.outbox, "notify::sending", G_CALLBACK (changed_cb), &w);

  session = mfc_session_new (client);
  mfc_session_set_remember (session, FALSE);
  mfc_outbox_follow_session (w.outbox, session);

  w.loop = g_main_loop_new (NULL, FALSE);
  mfc_session_login_async (session, "clerk", "demo", NULL, NULL, login_cb, &w);
  g_main_loop_run (w.loop);

  g_clear_object (&w.outbox);
  g_main_loop_unref (w.loop);
  g_free (w.prefix);
  g_free (w.ticket);

  return w.status;
}
