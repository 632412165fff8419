/* mfc-training-thread.c
 *
 * The training server on a thread of its own with its own GMainContext,
 * the way the service tests and a classroom server run it: the database is
 * created, seeded and served there, and «Сбросить учебные данные» reseeds
 * it there, so the caller's main loop (the window) never waits for SQLite.
 * This is the one place where seeding runs off the caller's thread.
 *
 * Every operation is handed to the server thread as an idle source on its
 * context, and its result is handed back as an idle source on the context
 * the GTask was made in — never with g_main_context_invoke(), which would
 * run the work on the calling thread whenever that thread can acquire the
 * other context.  The GTask (and the reference it holds on the runner)
 * is only ever touched on the caller's thread, so the runner is never
 * disposed on its own server thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include "mfc-training-server.h"
#include "mfc-training-thread.h"

typedef struct
{
  MfcTrainingThread *self;      /* borrowed: the task holds a reference */
  GTask             *task;      /* touched on the caller's thread only */
  GMainContext      *caller;    /* the task's context */
  char              *address;   /* start: where to listen */
  char              *again;     /* set_reachable: where to listen again, or NULL to stop */

  /* Written on the server thread before it hands the operation back */
  gboolean           ran;
  GError            *error;
  char              *base_url;

  /* Set on the caller's thread when the runner stops meanwhile */
  gboolean           stopped;
} Op;

struct _MfcTrainingThread
{
  GObject            parent_instance;

  /* Fixed while the thread runs */
  char              *db_path;
  char              *seed;
  gint64             fake_time;

  /* The caller's side */
  GThread           *thread;
  GMainContext      *context;   /* the server thread's */
  GMainLoop         *loop;
  char              *base_url;  /* NULL until started */
  GQueue             pending;   /* Op*, not handed back yet */

  /* Only touched on the server thread */
  MfcTrainingServer *server;
};

G_DEFINE_FINAL_TYPE (MfcTrainingThread, mfc_training_thread, G_TYPE_OBJECT)

static Op *
op_new (MfcTrainingThread *self,
        GTask             *task)
{
  Op *op = g_new0 (Op, 1);

  op->self = self;
  op->task = g_object_ref (task);
  op->caller = g_main_context_ref (g_task_get_context (task));
  g_queue_push_tail (&self->pending, op);

  return op;
}

static void
op_free (Op *op)
{
  g_clear_object (&op->task);
  g_main_context_unref (op->caller);
  g_clear_error (&op->error);
  g_free (op->address);
  g_free (op->again);
  g_free (op->base_url);
  g_free (op);
}

/* Runs @func in the loop of @context, never on the calling thread. */
static void
run_in (GMainContext *context,
        GSourceFunc   func,
        gpointer      data)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, NULL);
  g_source_set_static_name (source, "[mfc-training] hand-over");
  g_source_attach (source, context);
}

/* On the caller's thread: the operation's result. */
static gboolean
op_done_cb (gpointer data)
{
  Op *op = data;
  MfcTrainingThread *self = op->self;
  gboolean failed_start = op->address != NULL && op->error != NULL;

  g_queue_remove (&self->pending, op);

  if (op->stopped)
    {
      g_task_return_new_error (op->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The training server was stopped");
    }
  else if (op->error != NULL)
    {
      /* A start that failed left its thread: join it, refuse the rest. */
      if (failed_start)
        mfc_training_thread_stop (self);
      g_task_return_error (op->task, g_steal_pointer (&op->error));
    }
  else
    {
      if (op->base_url != NULL)
        {
          g_free (self->base_url);
          self->base_url = g_steal_pointer (&op->base_url);
        }
      g_task_return_boolean (op->task, TRUE);
    }

  /* May drop the last reference to the runner: nothing after this. */
  op_free (op);

  return G_SOURCE_REMOVE;
}

/* On the server thread: the operation is done, @op is the caller's again. */
static void
hand_back (Op *op)
{
  op->ran = TRUE;
  run_in (op->caller, op_done_cb, op);
}

static gpointer
server_thread (gpointer data)
{
  Op *op = data;
  MfcTrainingThread *self = op->self;
  GMainContext *context = self->context;
  GMainLoop *loop = self->loop;
  g_autoptr(MfcTrainingServer) server = NULL;
  gboolean ok = FALSE;

  g_main_context_push_thread_default (context);

  server = mfc_training_server_new (self->db_path, &op->error);
  if (server != NULL)
    {
      if (self->fake_time != 0)
        mfc_training_server_set_fake_time (server, self->fake_time);
      ok = mfc_training_server_seed (server, self->seed, &op->error) &&
           mfc_training_server_listen (server, op->address, &op->error);
    }
  if (ok)
    {
      op->base_url = g_strdup (mfc_training_server_get_base_url (server));
      self->server = server;
    }
  hand_back (op);

  if (ok)
    g_main_loop_run (loop);

  self->server = NULL;
  if (server != NULL)
    mfc_training_server_stop (server);
  g_clear_object (&server);
  g_main_context_pop_thread_default (context);

  return NULL;
}

/* On the server thread */
static gboolean
reset_cb (gpointer data)
{
  Op *op = data;

  mfc_training_server_reset (op->self->server, &op->error);
  hand_back (op);

  return G_SOURCE_REMOVE;
}

/* On the server thread */
static gboolean
reachable_cb (gpointer data)
{
  Op *op = data;

  /* Listening again on the same address: clients keep their base URL. */
  mfc_training_server_stop (op->self->server);
  if (op->again != NULL)
    mfc_training_server_listen (op->self->server, op->again, &op->error);
  hand_back (op);

  return G_SOURCE_REMOVE;
}

/* On the server thread */
static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);

  return G_SOURCE_REMOVE;
}

static void
mfc_training_thread_dispose (GObject *object)
{
  MfcTrainingThread *self = MFC_TRAINING_THREAD (object);

  mfc_training_thread_stop (self);

  G_OBJECT_CLASS (mfc_training_thread_parent_class)->dispose (object);
}

static void
mfc_training_thread_finalize (GObject *object)
{
  MfcTrainingThread *self = MFC_TRAINING_THREAD (object);

  g_free (self->db_path);
  g_free (self->seed);

  G_OBJECT_CLASS (mfc_training_thread_parent_class)->finalize (object);
}

static void
mfc_training_thread_class_init (MfcTrainingThreadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mfc_training_thread_dispose;
  object_class->finalize = mfc_training_thread_finalize;
}

static void
mfc_training_thread_init (MfcTrainingThread *self)
{
  g_queue_init (&self->pending);
}

/**
 * mfc_training_thread_new:
 * @db_path: the SQLite file; created and migrated when needed
 * @seed: the data set the server starts with and resets to: "demo" or "large"
 *
 * Nothing runs until mfc_training_thread_start_async().
 *
 * Returns: (transfer full): a stopped runner
 */
MfcTrainingThread *
mfc_training_thread_new (const char *db_path,
                         const char *seed)
{
  MfcTrainingThread *self;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (seed != NULL, NULL);

  self = g_object_new (MFC_TYPE_TRAINING_THREAD, NULL);
  self->db_path = g_strdup (db_path);
  self->seed = g_strdup (seed);

  return self;
}

/**
 * mfc_training_thread_set_fake_time:
 * @self: a stopped #MfcTrainingThread
 * @unix_seconds: a fixed "now" for the server, 0 for the real clock
 *
 * For tests and rehearsals; takes effect at the next start.
 */
void
mfc_training_thread_set_fake_time (MfcTrainingThread *self,
                                   gint64             unix_seconds)
{
  g_return_if_fail (MFC_IS_TRAINING_THREAD (self));
  g_return_if_fail (self->thread == NULL);

  self->fake_time = unix_seconds;
}

/**
 * mfc_training_thread_start_async:
 * @self: a stopped #MfcTrainingThread
 * @address: "HOST:PORT" to listen on, e.g. "127.0.0.1:0" (a free port)
 * @cancellable: (nullable): cancels the wait, not the start: stop the
 *   runner to undo it
 * @callback: called in the caller's thread-default context once the
 *   server is seeded and listening, or has failed
 * @user_data: data for @callback
 *
 * Starts the server thread, which opens (creating and migrating) the
 * database, seeds it and listens.
 */
void
mfc_training_thread_start_async (MfcTrainingThread   *self,
                                 const char          *address,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Op *op;

  g_return_if_fail (MFC_IS_TRAINING_THREAD (self));
  g_return_if_fail (address != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_training_thread_start_async);

  if (self->thread != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS,
                               "The training server is already running");
      return;
    }

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  op = op_new (self, task);
  op->address = g_strdup (address);
  self->thread = g_thread_new ("mfc-training", server_thread, op);
}

gboolean
mfc_training_thread_start_finish (MfcTrainingThread  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mfc_training_thread_start_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mfc_training_thread_reset_async:
 * @self: a started #MfcTrainingThread
 * @cancellable: (nullable): cancels the wait, not the reset
 * @callback: called in the caller's thread-default context when the seed
 *   is back in place
 * @user_data: data for @callback
 *
 * «Сбросить учебные данные»: restores the seed on the server thread.
 * Sessions end (the seed replaces the sessions table), so log in again.
 * Requests that arrive meanwhile wait for the reset; the caller's main
 * loop does not.
 */
void
mfc_training_thread_reset_async (MfcTrainingThread   *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MFC_IS_TRAINING_THREAD (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_training_thread_reset_async);

  if (self->base_url == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               "The training server is not running");
      return;
    }

  run_in (self->context, reset_cb, op_new (self, task));
}

gboolean
mfc_training_thread_reset_finish (MfcTrainingThread  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mfc_training_thread_reset_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mfc_training_thread_set_reachable_async:
 * @self: a started #MfcTrainingThread
 * @reachable: %FALSE to stop listening (the connections are closed, the
 *   data stays), %TRUE to listen again at the same address
 * @cancellable: (nullable): cancels the wait
 * @callback: called in the caller's thread-default context when done
 * @user_data: data for @callback
 *
 * The service out of reach and back, with the clients' base URL
 * unchanged: what a class practises the outbox with, and what the tests
 * of work done offline use.
 */
void
mfc_training_thread_set_reachable_async (MfcTrainingThread   *self,
                                         gboolean             reachable,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  Op *op;

  g_return_if_fail (MFC_IS_TRAINING_THREAD (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_training_thread_set_reachable_async);

  if (self->base_url == NULL || (uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL)) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               "The training server is not running");
      return;
    }

  op = op_new (self, task);
  if (reachable)
    op->again = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  run_in (self->context, reachable_cb, op);
}

gboolean
mfc_training_thread_set_reachable_finish (MfcTrainingThread  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mfc_training_thread_set_reachable_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mfc_training_thread_stop:
 * @self: a #MfcTrainingThread
 *
 * Stops serving and joins the server thread (after the seed or reset it
 * may be in the middle of); the database file stays.  Operations not
 * answered yet fail with %G_IO_ERROR_CANCELLED.  Safe to call twice; the
 * runner can be started again.
 */
void
mfc_training_thread_stop (MfcTrainingThread *self)
{
  g_return_if_fail (MFC_IS_TRAINING_THREAD (self));

  if (self->thread == NULL)
    return;

  /* A source, not g_main_loop_quit(): the loop may not be running yet. */
  run_in (self->context, quit_cb, self->loop);
  g_thread_join (g_steal_pointer (&self->thread));

  /* The thread is gone: what it did not hand back, it never will. */
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      Op *op = l->data;

      op->stopped = TRUE;
      if (!op->ran)
        run_in (op->caller, op_done_cb, op);
    }
  g_queue_clear (&self->pending);

  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->base_url, g_free);
}

/**
 * mfc_training_thread_get_base_url:
 * @self: a #MfcTrainingThread
 *
 * Returns: (nullable): e.g. "http://127.0.0.1:41234" once started, %NULL
 *   when stopped
 */
const char *
mfc_training_thread_get_base_url (MfcTrainingThread *self)
{
  g_return_val_if_fail (MFC_IS_TRAINING_THREAD (self), NULL);

  return self->base_url;
}

gboolean
mfc_training_thread_is_running (MfcTrainingThread *self)
{
  g_return_val_if_fail (MFC_IS_TRAINING_THREAD (self), FALSE);

  return self->base_url != NULL;
}
