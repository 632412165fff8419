/* mfc-training-mode.c
 *
 * The training server runs on a thread of its own (MfcTrainingThread):
 * seeding at the start and «Сбросить учебные данные» never block the
 * window's main loop.
 *
 * Training writes have an outbox file of their own in the training
 * folder (mfc_outbox_switch_file()): the context's outbox uses it while
 * the client talks to the training server and the real file otherwise,
 * so a training write never sits in (or is sent from) the real service's
 * queue, and a real write never goes to the training server.  The file
 * goes with the training data: a reset starts a fresh one, stopping
 * deletes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-app"

#include "config.h"

#include <glib/gstdio.h>

#include "mfc-training-mode.h"
#include "mfc-training-store.h"
#include "mfc-training-thread.h"

struct _MfcTrainingMode
{
  GObject            parent_instance;

  MfcContext        *context;
  MfcTrainingThread *runner;    /* NULL until started; not running while starting */
  char              *dir;
  char              *outbox_path;       /* the training writes' file, in dir */
  char              *real_outbox_path;  /* the file to come back to */
  guint              n_resets;
};

G_DEFINE_FINAL_TYPE (MfcTrainingMode, mfc_training_mode, G_TYPE_OBJECT)

static void
remove_files (MfcTrainingMode *self)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (self->dir == NULL)
    return;

  dir = g_dir_open (self->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (self->dir);
  g_clear_pointer (&self->dir, g_free);
}

/* The outbox file that goes with where the client talks now. */
static void
use_outbox (MfcTrainingMode *self)
{
  MfcOutbox *outbox = mfc_context_get_outbox (self->context);
  const char *path = mfc_context_get_training (self->context) ? self->outbox_path : self->real_outbox_path;
  g_autoptr(GError) error = NULL;

  if (path == NULL || g_strcmp0 (mfc_outbox_get_path (outbox), path) == 0)
    return;
  /* Unavailable then: the features tell the clerk a write is not kept. */
  if (!mfc_outbox_switch_file (outbox, path, &error))
    g_warning ("The outbox file cannot be used: %s", error->message);
}

static void
set_outbox_path (MfcTrainingMode *self)
{
  g_free (self->outbox_path);
  self->outbox_path = self->n_resets == 0
    ? g_build_filename (self->dir, "outbox.sqlite", NULL)
    : g_strdup_printf ("%s" G_DIR_SEPARATOR_S "outbox-%u.sqlite", self->dir, self->n_resets);
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!mfc_session_login_finish (MFC_SESSION (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
login_trainee (MfcTrainingMode *self,
               GTask           *task)
{
  MfcSession *session = mfc_context_get_session (self->context);

  /* Training logins are throwaway: nothing goes to the keyring. */
  mfc_session_set_remember (session, FALSE);
  mfc_session_login_async (session, MFC_TRAINING_LOGIN, MFC_TRAINING_PASSWORD, NULL,
                           g_task_get_cancellable (task),
                           login_cb, g_object_ref (task));
}

/* Training mode is wherever the client points at the training server: a
 * clerk who types a real service's address on the login page leaves it
 * (no banner, the token goes to the keyring), and coming back re-enters it. */
static void
client_base_url_cb (MfcTrainingMode *self,
                    GParamSpec      *pspec,
                    MfcClient       *client)
{
  mfc_context_set_training (self->context,
                            self->runner != NULL &&
                            g_strcmp0 (mfc_client_get_base_url (client),
                                       mfc_training_mode_get_base_url (self)) == 0);
  use_outbox (self);
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcTrainingMode *self = g_task_get_source_object (task);
  MfcTrainingThread *runner = MFC_TRAINING_THREAD (object);
  GError *error = NULL;

  if (!mfc_training_thread_start_finish (runner, result, &error) ||
      !mfc_context_set_server (self->context, mfc_training_thread_get_base_url (runner), &error))
    {
      /* Unless mfc_training_mode_stop() came first and did all this. */
      if (self->runner == runner)
        {
          mfc_training_thread_stop (runner);
          g_clear_object (&self->runner);
          remove_files (self);
        }
      g_task_return_error (task, error);
      return;
    }

  mfc_context_set_training (self->context, TRUE);
  use_outbox (self);
  g_signal_connect_object (mfc_context_get_client (self->context), "notify::base-url",
                           G_CALLBACK (client_base_url_cb), self,
                           G_CONNECT_SWAPPED);
  login_trainee (self, task);
}

/**
 * mfc_training_mode_start_async:
 *
 * Starts the training server on its own thread, on a free loopback port
 * with a fresh database seeded "demo", points the client at it and logs
 * the trainee in.
 */
void
mfc_training_mode_start_async (MfcTrainingMode     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *db_path = NULL;
  GError *error = NULL;

  g_return_if_fail (MFC_IS_TRAINING_MODE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_training_mode_start_async);

  if (self->runner != NULL && mfc_training_thread_is_running (self->runner))
    {
      if (!mfc_context_set_server (self->context, mfc_training_thread_get_base_url (self->runner), &error))
        {
          g_task_return_error (task, error);
          return;
        }
      login_trainee (self, task);
      return;
    }
  if (self->runner != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "Training mode is starting");
      return;
    }

  self->dir = g_dir_make_tmp ("mfc-training-XXXXXX", &error);
  if (self->dir == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  db_path = g_build_filename (self->dir, "training.sqlite", NULL);
  if (self->real_outbox_path == NULL)
    self->real_outbox_path = g_strdup (mfc_outbox_get_path (mfc_context_get_outbox (self->context)));
  self->n_resets = 0;
  set_outbox_path (self);
  self->runner = mfc_training_thread_new (db_path, "demo");
  mfc_training_thread_start_async (self->runner, "127.0.0.1:0", cancellable,
                                   started_cb, g_steal_pointer (&task));
}

gboolean
mfc_training_mode_start_finish (MfcTrainingMode  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
reset_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcTrainingMode *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!mfc_training_thread_reset_finish (MFC_TRAINING_THREAD (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The seed replaced the sessions: the old token is no longer valid. */
  mfc_client_set_token (mfc_context_get_client (self->context), NULL);

  /* The writes queued against the old data go with it. */
  if (self->dir != NULL)
    {
      g_autofree char *old_path = g_steal_pointer (&self->outbox_path);

      self->n_resets++;
      set_outbox_path (self);
      use_outbox (self);
      mfc_training_store_remove_files (old_path);
    }
  login_trainee (self, task);
}

/**
 * mfc_training_mode_reset_async:
 *
 * Restores the training data to the seed (on the server's thread) and
 * logs the trainee in again.
 */
void
mfc_training_mode_reset_async (MfcTrainingMode     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MFC_IS_TRAINING_MODE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_training_mode_reset_async);

  if (self->runner == NULL || !mfc_training_thread_is_running (self->runner))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               "Training mode is not running");
      return;
    }

  mfc_training_thread_reset_async (self->runner, cancellable, reset_cb, g_steal_pointer (&task));
}

gboolean
mfc_training_mode_reset_finish (MfcTrainingMode  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mfc_training_mode_get_base_url:
 *
 * Returns: (nullable): where the training server listens, once started
 */
const char *
mfc_training_mode_get_base_url (MfcTrainingMode *self)
{
  g_return_val_if_fail (MFC_IS_TRAINING_MODE (self), NULL);

  return self->runner != NULL ? mfc_training_thread_get_base_url (self->runner) : NULL;
}

/**
 * mfc_training_mode_stop:
 *
 * Stops the server and removes its database; the training data is gone.
 */
void
mfc_training_mode_stop (MfcTrainingMode *self)
{
  g_return_if_fail (MFC_IS_TRAINING_MODE (self));

  if (self->runner != NULL)
    {
      mfc_training_thread_stop (self->runner);
      g_clear_object (&self->runner);
      mfc_context_set_training (self->context, FALSE);
      /* Closes the training file before it is deleted. */
      use_outbox (self);
    }
  remove_files (self);
  g_clear_pointer (&self->outbox_path, g_free);
}

static void
mfc_training_mode_dispose (GObject *object)
{
  MfcTrainingMode *self = MFC_TRAINING_MODE (object);

  mfc_training_mode_stop (self);
  g_clear_object (&self->context);
  g_clear_pointer (&self->real_outbox_path, g_free);

  G_OBJECT_CLASS (mfc_training_mode_parent_class)->dispose (object);
}

static void
mfc_training_mode_class_init (MfcTrainingModeClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mfc_training_mode_dispose;
}

static void
mfc_training_mode_init (MfcTrainingMode *self)
{
}

MfcTrainingMode *
mfc_training_mode_new (MfcContext *context)
{
  MfcTrainingMode *self;

  g_return_val_if_fail (MFC_IS_CONTEXT (context), NULL);

  self = g_object_new (MFC_TYPE_TRAINING_MODE, NULL);
  self->context = g_object_ref (context);
  return self;
}

/**
 * mfc_training_mode_get_runner:
 * @self: a #MfcTrainingMode
 *
 * Returns: (transfer none) (nullable): the training server's thread, once
 *   started (e.g. to take the service out of reach for a while)
 */
MfcTrainingThread *
mfc_training_mode_get_runner (MfcTrainingMode *self)
{
  g_return_val_if_fail (MFC_IS_TRAINING_MODE (self), NULL);

  return self->runner;
}
