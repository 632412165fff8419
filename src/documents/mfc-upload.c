/* mfc-upload.c — one file to the central service: checksum, streamed
 * multipart POST, SHA-256 check, attach to a ticket.
 *
 * The steps are remembered: a start after a failure goes on from the
 * first step not done (a document already stored is only attached), with
 * the same Idempotency-Keys, so the service replays instead of storing a
 * second copy.
 *
 * The log carries the state, sizes and the first 8 characters of the key;
 * never the file name (it may hold a name) nor the title.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-documents"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>

#include "mfc-upload.h"

#define HASH_CHUNK_SIZE      (256 * 1024)
#define PROGRESS_INTERVAL_US (100 * 1000)

struct _MfcUpload
{
  GObject          parent_instance;

  MfcClient       *client;
  GFile           *file;
  char            *filename;
  char            *content_type;
  char            *title;
  char            *ticket_id;
  char            *key;
  char            *attach_key;

  MfcUploadState   state;
  char            *sha256;
  guint64          file_size;
  guint64          sent;
  guint64          total;
  double           speed;
  int              seconds_left;
  gint64           sample_us;
  guint64          sample_sent;

  JsonObject      *document;
  gboolean         attached;
  GError          *error;
};

G_DEFINE_QUARK (mfc-upload-error-quark, mfc_upload_error)

G_DEFINE_ENUM_TYPE (MfcUploadState, mfc_upload_state,
                    G_DEFINE_ENUM_VALUE (MFC_UPLOAD_STATE_READY, "ready"),
                    G_DEFINE_ENUM_VALUE (MFC_UPLOAD_STATE_CHECKING, "checking"),
                    G_DEFINE_ENUM_VALUE (MFC_UPLOAD_STATE_SENDING, "sending"),
                    G_DEFINE_ENUM_VALUE (MFC_UPLOAD_STATE_ATTACHING, "attaching"),
                    G_DEFINE_ENUM_VALUE (MFC_UPLOAD_STATE_DONE, "done"),
                    G_DEFINE_ENUM_VALUE (MFC_UPLOAD_STATE_FAILED, "failed"))

G_DEFINE_FINAL_TYPE (MfcUpload, mfc_upload, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_SENT,
  PROP_TOTAL,
  PROP_SPEED,
  PROP_SECONDS_LEFT,
  PROP_DOCUMENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char    *sha256;
  guint64  size;
} Checksum;

static void next_step (GTask *task);

/* Helpers */

static void
checksum_free (Checksum *checksum)
{
  g_free (checksum->sha256);
  g_free (checksum);
}

static void
set_state (MfcUpload      *self,
           MfcUploadState  state)
{
  if (self->state == state)
    return;

  g_debug ("upload %.8s: %s", self->key,
           g_enum_get_value (g_type_class_peek (MFC_TYPE_UPLOAD_STATE), state)->value_nick);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* What the clerk reads, and what to do about it. */
static GError *
upload_error_new (MfcUpload    *self,
                  const GError *error)
{
  if (error->domain == G_IO_ERROR)
    return g_error_new (MFC_UPLOAD_ERROR, MFC_UPLOAD_ERROR_FILE,
                        _("The file “%s” cannot be read: %s. Check that it is still there and add it again."),
                        self->filename, error->message);

  if (error->domain == MFC_UPLOAD_ERROR)
    return g_error_copy (error);

  if (error->domain == MFC_CLIENT_ERROR)
    switch ((MfcClientError) error->code)
      {
      case MFC_CLIENT_ERROR_TOO_LARGE:
        return g_error_new_literal (MFC_UPLOAD_ERROR, MFC_UPLOAD_ERROR_TOO_LARGE,
                                    _("The file is larger than the central service accepts (5 MB). "
                                      "Remove the pages that are not needed or split the document "
                                      "into parts, then upload again."));

      case MFC_CLIENT_ERROR_UNSUPPORTED:
        return g_error_new_literal (MFC_UPLOAD_ERROR, MFC_UPLOAD_ERROR_UNSUPPORTED,
                                    _("The central service accepts only PDF, JPEG, PNG and DOCX, "
                                      "and by its content this file is none of them. Save it in one "
                                      "of these formats (for example, print it to PDF) and add it again."));

      case MFC_CLIENT_ERROR_CANCELLED:
        return g_error_new_literal (MFC_UPLOAD_ERROR, MFC_UPLOAD_ERROR_CANCELLED,
                                    _("The upload was cancelled. Nothing was attached."));

      case MFC_CLIENT_ERROR_NETWORK:
      case MFC_CLIENT_ERROR_TIMEOUT:
        return g_error_new_literal (MFC_UPLOAD_ERROR, MFC_UPLOAD_ERROR_OFFLINE, error->message);

      default:
        break;
      }

  return g_error_new_literal (MFC_UPLOAD_ERROR, MFC_UPLOAD_ERROR_SERVICE, error->message);
}

static void
fail (GTask  *task,
      GError *error)
{
  MfcUpload *self = g_task_get_source_object (task);
  GError *mapped = upload_error_new (self, error);

  g_error_free (error);
  g_clear_error (&self->error);
  self->error = g_error_copy (mapped);
  set_state (self, MFC_UPLOAD_STATE_FAILED);
  g_task_return_error (task, mapped);
}

static void
reset_progress (MfcUpload *self)
{
  self->sent = 0;
  self->speed = 0;
  self->seconds_left = -1;
  self->sample_us = 0;
  self->sample_sent = 0;
}

static void
notify_progress (MfcUpload *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS_LEFT]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
checksum_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (HASH_CHUNK_SIZE);
  GError *error = NULL;
  Checksum *checksum;
  guint64 size = 0;
  gssize n;

  stream = g_file_read (file, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, HASH_CHUNK_SIZE,
                                   cancellable, &error)) > 0)
    {
      g_checksum_update (sum, buffer, n);
      size += (guint64) n;
    }
  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }

  checksum = g_new0 (Checksum, 1);
  checksum->sha256 = g_strdup (g_checksum_get_string (sum));
  checksum->size = size;
  g_task_return_pointer (task, checksum, (GDestroyNotify) checksum_free);
}

/* Callbacks */

static void
progress_cb (guint64  sent,
             guint64  total,
             gpointer user_data)
{
  MfcUpload *self = user_data;
  gint64 now = g_get_monotonic_time ();

  if (sent < self->sent || self->sample_us == 0)
    {
      /* The first call, or a retry that starts from 0 again. */
      reset_progress (self);
      self->sample_us = now;
      self->total = total;
      notify_progress (self);
      return;
    }

  self->sent = sent;
  self->total = total;

  /* The bytes at every step; speed and time left a few times a second. */
  if (now - self->sample_us < PROGRESS_INTERVAL_US && sent < total)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT]);
      return;
    }

  {
    double seconds = (now - self->sample_us) / (double) G_USEC_PER_SEC;

    if (seconds > 0)
      {
        double instant = (sent - self->sample_sent) / seconds;

        /* Smoothed, so that the time left does not jump about. */
        self->speed = self->speed > 0 ? 0.7 * self->speed + 0.3 * instant : instant;
      }
    if (self->speed > 0)
      self->seconds_left = (int) ceil ((total - sent) / self->speed);
    self->sample_us = now;
    self->sample_sent = sent;
    notify_progress (self);
  }
}

static void
checksum_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcUpload *self = g_task_get_source_object (task);
  GError *error = NULL;
  Checksum *checksum;

  checksum = g_task_propagate_pointer (G_TASK (result), &error);
  if (checksum == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          error = mfc_client_error_new (MFC_CLIENT_ERROR_CANCELLED);
        }
      fail (g_steal_pointer (&task), error);
      return;
    }

  self->sha256 = g_steal_pointer (&checksum->sha256);
  self->file_size = checksum->size;
  checksum_free (checksum);
  next_step (g_steal_pointer (&task));
}

static void
uploaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcUpload *self = g_task_get_source_object (task);
  g_autoptr(MfcClientResponse) response = NULL;
  GError *error = NULL;
  JsonObject *document;
  const char *sha256;

  response = mfc_client_request_finish (MFC_CLIENT (object), result, &error);
  if (response == NULL)
    {
      fail (g_steal_pointer (&task), error);
      return;
    }

  document = mfc_client_response_get_object (response);
  sha256 = document != NULL && json_object_has_member (document, "sha256")
    ? json_object_get_string_member (document, "sha256") : NULL;
  if (document == NULL || !json_object_has_member (document, "id") ||
      g_strcmp0 (sha256, self->sha256) != 0)
    {
      g_debug ("upload %.8s: the service's SHA-256 differs", self->key);
      /* Those bytes are the service's answer to this key now: a new try
       * needs a new key, or it would get the same answer back. */
      g_free (self->key);
      self->key = g_uuid_string_random ();
      fail (g_steal_pointer (&task),
            g_error_new_literal (MFC_UPLOAD_ERROR, MFC_UPLOAD_ERROR_CHECKSUM,
                                 _("The file arrived at the central service damaged (its checksum "
                                   "differs from the file here). Upload it again.")));
      return;
    }

  self->document = json_object_ref (document);
  self->sent = self->total;
  self->seconds_left = 0;
  notify_progress (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_ID]);
  next_step (g_steal_pointer (&task));
}

static void
attached_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcUpload *self = g_task_get_source_object (task);
  g_autoptr(MfcClientResponse) response = NULL;
  GError *error = NULL;

  response = mfc_client_request_finish (MFC_CLIENT (object), result, &error);
  if (response == NULL)
    {
      fail (g_steal_pointer (&task), error);
      return;
    }

  self->attached = TRUE;
  next_step (g_steal_pointer (&task));
}

/* Takes @task: the first step not done yet. */
static void
next_step (GTask *task)
{
  MfcUpload *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (g_cancellable_is_cancelled (cancellable))
    {
      fail (task, mfc_client_error_new (MFC_CLIENT_ERROR_CANCELLED));
      g_object_unref (task);
      return;
    }

  if (self->sha256 == NULL)
    {
      g_autoptr(GTask) thread_task = g_task_new (self, cancellable, checksum_cb, task);

      set_state (self, MFC_UPLOAD_STATE_CHECKING);
      g_task_set_task_data (thread_task, g_object_ref (self->file), g_object_unref);
      g_task_run_in_thread (thread_task, checksum_thread);
      return;
    }

  if (self->document == NULL)
    {
      g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/documents");

      reset_progress (self);
      self->total = 0;
      notify_progress (self);
      set_state (self, MFC_UPLOAD_STATE_SENDING);
      mfc_client_upload_file_async (self->client, query, self->title, self->filename,
                                    self->content_type, self->file, self->key,
                                    progress_cb, self, NULL,
                                    cancellable, uploaded_cb, task);
      return;
    }

  if (self->ticket_id != NULL && !self->attached)
    {
      g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;

      mfc_query_add_segment (query, self->ticket_id);
      mfc_query_add_segment (query, "documents");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "document_id");
      json_builder_add_string_value (builder, mfc_upload_get_document_id (self));
      json_builder_end_object (builder);
      body = json_builder_get_root (builder);

      set_state (self, MFC_UPLOAD_STATE_ATTACHING);
      mfc_client_request_async (self->client, "POST", query, body, NULL, self->attach_key,
                                cancellable, attached_cb, task);
      return;
    }

  g_clear_error (&self->error);
  set_state (self, MFC_UPLOAD_STATE_DONE);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* dispose/finalize */

static void
mfc_upload_finalize (GObject *object)
{
  MfcUpload *self = MFC_UPLOAD (object);

  g_clear_object (&self->client);
  g_clear_object (&self->file);
  g_free (self->filename);
  g_free (self->content_type);
  g_free (self->title);
  g_free (self->ticket_id);
  g_free (self->key);
  g_free (self->attach_key);
  g_free (self->sha256);
  g_clear_pointer (&self->document, json_object_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (mfc_upload_parent_class)->finalize (object);
}

static void
mfc_upload_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MfcUpload *self = MFC_UPLOAD (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_SENT:
      g_value_set_uint64 (value, self->sent);
      break;

    case PROP_TOTAL:
      g_value_set_uint64 (value, self->total);
      break;

    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;

    case PROP_SECONDS_LEFT:
      g_value_set_int (value, self->seconds_left);
      break;

    case PROP_DOCUMENT_ID:
      g_value_set_string (value, mfc_upload_get_document_id (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_upload_class_init (MfcUploadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = mfc_upload_finalize;
  object_class->get_property = mfc_upload_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MFC_TYPE_UPLOAD_STATE, MFC_UPLOAD_STATE_READY, flags);
  /* Bytes of the whole multipart body written in this attempt. */
  properties[PROP_SENT] =
    g_param_spec_uint64 ("sent", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_TOTAL] =
    g_param_spec_uint64 ("total", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  /* Bytes per second, smoothed; 0 while unknown. */
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  /* -1 while unknown. */
  properties[PROP_SECONDS_LEFT] =
    g_param_spec_int ("seconds-left", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_DOCUMENT_ID] =
    g_param_spec_string ("document-id", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mfc_upload_init (MfcUpload *self)
{
  self->key = g_uuid_string_random ();
  self->attach_key = g_uuid_string_random ();
  self->seconds_left = -1;
}

/* Public API */

/**
 * mfc_upload_new:
 * @file: the file to send; it must stay on disk until the upload is done
 * @filename: the name the service records (the part's file name)
 * @content_type: the file's type as found by its content
 * @title: (nullable): e.g. «Паспорт, страницы 2–3»
 *
 * Returns: (transfer full): a new upload in %MFC_UPLOAD_STATE_READY
 */
MfcUpload *
mfc_upload_new (MfcClient  *client,
                GFile      *file,
                const char *filename,
                const char *content_type,
                const char *title)
{
  MfcUpload *self;

  g_return_val_if_fail (MFC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (content_type != NULL, NULL);

  self = g_object_new (MFC_TYPE_UPLOAD, NULL);
  self->client = g_object_ref (client);
  self->file = g_object_ref (file);
  self->filename = g_strdup (filename);
  self->content_type = g_strdup (content_type);
  self->title = g_strdup (title);

  return self;
}

/**
 * mfc_upload_set_ticket:
 * @ticket_id: (nullable): the ticket to attach the document to when it is
 *   stored
 */
void
mfc_upload_set_ticket (MfcUpload  *self,
                       const char *ticket_id)
{
  g_return_if_fail (MFC_IS_UPLOAD (self));

  if (g_strcmp0 (self->ticket_id, ticket_id) == 0)
    return;

  g_free (self->ticket_id);
  self->ticket_id = g_strdup (ticket_id);
  self->attached = FALSE;
}

const char *
mfc_upload_get_ticket (MfcUpload *self)
{
  g_return_val_if_fail (MFC_IS_UPLOAD (self), NULL);

  return self->ticket_id;
}

GFile *
mfc_upload_get_file (MfcUpload *self)
{
  g_return_val_if_fail (MFC_IS_UPLOAD (self), NULL);

  return self->file;
}

const char *
mfc_upload_get_filename (MfcUpload *self)
{
  g_return_val_if_fail (MFC_IS_UPLOAD (self), NULL);

  return self->filename;
}

/**
 * mfc_upload_get_key:
 *
 * Returns: the Idempotency-Key of the POST /documents, the same on every
 *   start (a new one only after a checksum mismatch)
 */
const char *
mfc_upload_get_key (MfcUpload *self)
{
  g_return_val_if_fail (MFC_IS_UPLOAD (self), NULL);

  return self->key;
}

MfcUploadState
mfc_upload_get_state (MfcUpload *self)
{
  g_return_val_if_fail (MFC_IS_UPLOAD (self), MFC_UPLOAD_STATE_READY);

  return self->state;
}

guint64
mfc_upload_get_sent (MfcUpload *self)
{
  g_return_val_if_fail (MFC_IS_UPLOAD (self), 0);

  return self->sent;
}

guint64
mfc_upload_get_total (MfcUpload *self)
{
  g_return_val_if_fail (MFC_IS_UPLOAD (self), 0);

  return self->total;
}

double
mfc_upload_get_fraction (MfcUpload *self)
{
  g_return_val_if_fail (MFC_IS_UPLOAD (self), 0);

  if (self->state == MFC_UPLOAD_STATE_DONE || self->state == MFC_UPLOAD_STATE_ATTACHING)
    return 1.0;
  if (self->total == 0)
    return 0.0;

  return (double) self->sent / (double) self->total;
}

double
mfc_upload_get_speed (MfcUpload *self)
{
  g_return_val_if_fail (MFC_IS_UPLOAD (self), 0);

  return self->speed;
}

int
mfc_upload_get_seconds_left (MfcUpload *self)
{
  g_return_val_if_fail (MFC_IS_UPLOAD (self), -1);

  return self->seconds_left;
}

/**
 * mfc_upload_get_sha256:
 *
 * Returns: (nullable): the lower-case hex SHA-256 of the file, once
 *   computed
 */
const char *
mfc_upload_get_sha256 (MfcUpload *self)
{
  g_return_val_if_fail (MFC_IS_UPLOAD (self), NULL);

  return self->sha256;
}

/**
 * mfc_upload_get_document_id:
 *
 * Returns: (nullable): the stored document's id
 */
const char *
mfc_upload_get_document_id (MfcUpload *self)
{
  g_return_val_if_fail (MFC_IS_UPLOAD (self), NULL);

  if (self->document == NULL)
    return NULL;

  return json_object_get_string_member (self->document, "id");
}

/**
 * mfc_upload_get_document:
 *
 * Returns: (transfer none) (nullable): the service's Document
 */
JsonObject *
mfc_upload_get_document (MfcUpload *self)
{
  g_return_val_if_fail (MFC_IS_UPLOAD (self), NULL);

  return self->document;
}

/**
 * mfc_upload_get_error:
 *
 * Returns: (nullable): why the last start failed, in #MFC_UPLOAD_ERROR
 */
const GError *
mfc_upload_get_error (MfcUpload *self)
{
  g_return_val_if_fail (MFC_IS_UPLOAD (self), NULL);

  return self->error;
}

/* The outbox's copy of the file: made on a worker thread, 0600, in a
 * folder that survives a restart. */
static void
copy_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MfcUpload *self = source_object;
  const char *dir = task_data;
  g_autofree char *name = g_strconcat (self->key, ".upload", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  GError *error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return;
    }

  in = g_file_read (self->file, cancellable, &error);
  if (in != NULL)
    out = g_file_replace (target, NULL, FALSE, G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                          cancellable, &error);
  if (out == NULL ||
      g_output_stream_splice (G_OUTPUT_STREAM (out), G_INPUT_STREAM (in),
                              G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                              cancellable, &error) < 0)
    {
      g_file_delete (target, NULL, NULL);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&path), g_free);
}

static void
attach_queued_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!mfc_outbox_enqueue_finish (MFC_OUTBOX (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
upload_queued_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcUpload *self = g_task_get_source_object (task);
  MfcOutboxEntry *upload = g_task_get_task_data (task);
  g_autoptr(MfcQuery) query = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(MfcOutboxEntry) entry = NULL;
  GError *error = NULL;

  if (!mfc_outbox_enqueue_finish (MFC_OUTBOX (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (self->ticket_id == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Then the attach, with the stored document's id taken from the
   * upload's answer. */
  query = mfc_query_new ("/api/v1/tickets");
  mfc_query_add_segment (query, self->ticket_id);
  mfc_query_add_segment (query, "documents");
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "document_id");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  entry = mfc_outbox_entry_new ("document.attach", "POST", query, body);
  /* The same key as online: an attach that reached the service is
   * replayed, not done twice. */
  mfc_outbox_entry_set_key (entry, self->attach_key);
  mfc_outbox_entry_set_depends_on (entry, mfc_outbox_entry_get_key (upload));
  mfc_outbox_entry_add_substitution (entry, "document_id", "id");
  mfc_outbox_enqueue_async (MFC_OUTBOX (object), entry, attach_queued_cb, g_steal_pointer (&task));
}

static void
copied_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcUpload *self = g_task_get_source_object (task);
  MfcOutbox *outbox = g_object_get_data (G_OBJECT (task), "mfc-outbox");
  g_autofree char *path = NULL;
  g_autoptr(MfcOutboxEntry) upload = NULL;
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/documents");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  GError *error = NULL;

  path = g_task_propagate_pointer (G_TASK (result), &error);
  if (path == NULL)
    {
      g_task_return_new_error (task, MFC_UPLOAD_ERROR, MFC_UPLOAD_ERROR_FILE,
                               _("The file “%s” cannot be kept for sending later: %s"),
                               self->filename, error->message);
      g_error_free (error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "filename");
  json_builder_add_string_value (builder, self->filename);
  json_builder_set_member_name (builder, "content_type");
  json_builder_add_string_value (builder, self->content_type);
  if (self->title != NULL)
    {
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, self->title);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  upload = mfc_outbox_entry_new (MFC_OUTBOX_KIND_UPLOAD, "POST", query, body);
  /* The key of the online attempts: one that reached the service before
   * the connection dropped is replayed by it, so the document is stored
   * once. */
  mfc_outbox_entry_set_key (upload, self->key);
  /* The applicant's papers. */
  mfc_outbox_entry_set_personal (upload, TRUE);
  g_task_set_task_data (task, mfc_outbox_entry_ref (upload), (GDestroyNotify) mfc_outbox_entry_unref);
  mfc_outbox_enqueue_async (outbox, upload, upload_queued_cb, g_steal_pointer (&task));
}

/**
 * mfc_upload_queue_async:
 * @outbox: the context's outbox
 * @dir: a folder that survives a restart, for the outbox's copy of the
 *   file (deleted by the outbox once sent)
 *
 * For an upload that could not reach the service: hands it to the outbox,
 * with the attach to the ticket after it, so both go out by themselves
 * when the service is back.  The file is copied first (the document's
 * own files go away when its pages are discarded).
 */
void
mfc_upload_queue_async (MfcUpload           *self,
                        MfcOutbox           *outbox,
                        const char          *dir,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) copy = NULL;

  g_return_if_fail (MFC_IS_UPLOAD (self));
  g_return_if_fail (MFC_IS_OUTBOX (outbox));
  g_return_if_fail (dir != NULL);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, mfc_upload_queue_async);
  g_object_set_data_full (G_OBJECT (task), "mfc-outbox", g_object_ref (outbox), g_object_unref);

  copy = g_task_new (self, NULL, copied_cb, g_steal_pointer (&task));
  g_task_set_task_data (copy, g_strdup (dir), g_free);
  g_task_run_in_thread (copy, copy_thread);
}

gboolean
mfc_upload_queue_finish (MfcUpload     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (MFC_IS_UPLOAD (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mfc_upload_format_size:
 *
 * Returns: (transfer full): e.g. «3,2 МБ» or «640 КБ» (1 МБ = 1 048 576
 *   bytes, as the service counts its 5 МБ)
 */
char *
mfc_upload_format_size (guint64 bytes)
{
  if (bytes < 1024 * 1024)
    /* Translators: kilobytes */
    return g_strdup_printf (_("%u KB"), (guint) ((bytes + 1023) / 1024));

  if (bytes % (1024 * 1024) == 0)
    /* Translators: whole megabytes, e.g. the limit «5 МБ» */
    return g_strdup_printf (_("%u MB"), (guint) (bytes / (1024 * 1024)));

  /* Translators: megabytes, one decimal */
  return g_strdup_printf (_("%.1f MB"), bytes / (1024.0 * 1024.0));
}

/**
 * mfc_upload_format_progress:
 *
 * Returns: (transfer full): e.g. «1,2 МБ из 3,4 МБ · 2,5 МБ/с · осталось 3 с»
 */
char *
mfc_upload_format_progress (MfcUpload *self)
{
  g_autofree char *sent = NULL;
  g_autofree char *total = NULL;
  g_autofree char *speed = NULL;
  GString *text;

  g_return_val_if_fail (MFC_IS_UPLOAD (self), NULL);

  sent = mfc_upload_format_size (self->sent);
  total = mfc_upload_format_size (self->total);
  /* Translators: bytes sent of the whole upload */
  text = g_string_new (NULL);
  g_string_printf (text, _("%s of %s"), sent, total);

  if (self->speed > 0)
    {
      speed = mfc_upload_format_size ((guint64) self->speed);
      g_string_append (text, " · ");
      /* Translators: a speed, e.g. «2,5 МБ/с» */
      g_string_append_printf (text, _("%s/s"), speed);
    }

  if (self->seconds_left >= 0 && self->sent < self->total)
    {
      g_string_append (text, " · ");
      if (self->seconds_left < 60)
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%d second left",
                                                   "%d seconds left", self->seconds_left),
                                self->seconds_left);
      else
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%d minute left",
                                                   "%d minutes left", (self->seconds_left + 59) / 60),
                                (self->seconds_left + 59) / 60);
    }

  return g_string_free (text, FALSE);
}

/**
 * mfc_upload_start_async:
 *
 * Runs the steps not done yet: the checksum, the upload, the attach.  May
 * be called again after it failed or was cancelled; not while running.
 */
void
mfc_upload_start_async (MfcUpload           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MFC_IS_UPLOAD (self));
  g_return_if_fail (self->state == MFC_UPLOAD_STATE_READY ||
                    self->state == MFC_UPLOAD_STATE_FAILED ||
                    self->state == MFC_UPLOAD_STATE_DONE);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_upload_start_async);
  /* Cancellation is reported in our own domain, with its message. */
  g_task_set_check_cancellable (task, FALSE);

  next_step (task);
}

gboolean
mfc_upload_start_finish (MfcUpload     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (MFC_IS_UPLOAD (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
