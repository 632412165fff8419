/* mfc-upload-stream.c — a multipart body read in three parts.
 *
 * The framing comes from libsoup (SoupMultipart, see mfc-client.c); this
 * stream only puts the file between its two halves, so a 5 MB scan is
 * never held in memory: the file is read from disk as libsoup writes the
 * body, through a read-ahead buffer so that libsoup's small reads cost no
 * thread hop each.  A new stream is made for every attempt, so a retry
 * reads the file again from its start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-service"

#include "config.h"

#include <string.h>

#include "mfc-upload-stream-private.h"

#define READ_AHEAD_SIZE (256 * 1024)

enum {
  PART_HEAD,
  PART_BODY,
  PART_TAIL,
  PART_END,
};

struct _MfcUploadStream
{
  GInputStream  parent_instance;

  GBytes       *parts[PART_END];   /* PART_BODY is NULL when reading @file */
  GFile        *file;
  GInputStream *file_stream;
  guint         part;
  gsize         offset;
};

typedef struct
{
  void  *buffer;
  gsize  count;
  int    priority;
} ReadData;

G_DEFINE_FINAL_TYPE (MfcUploadStream, mfc_upload_stream, G_TYPE_INPUT_STREAM)

/* Helpers */

static gboolean
part_is_file (MfcUploadStream *self)
{
  return self->part == PART_BODY && self->parts[PART_BODY] == NULL;
}

/* Copies from the memory parts, moving on past the ones used up.  Stops
 * at the file part or the end: 0 then. */
static gsize
read_memory (MfcUploadStream *self,
             void            *buffer,
             gsize            count)
{
  while (self->part < PART_END && !part_is_file (self))
    {
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (self->parts[self->part], &len);
      gsize n = MIN (count, len - self->offset);

      if (n > 0)
        {
          memcpy (buffer, data + self->offset, n);
          self->offset += n;
          return n;
        }

      self->part++;
      self->offset = 0;
    }

  return 0;
}

static void
file_part_done (MfcUploadStream *self)
{
  self->part = PART_TAIL;
  self->offset = 0;
}

static void
set_file_stream (MfcUploadStream   *self,
                 GFileInputStream *stream)
{
  self->file_stream = g_buffered_input_stream_new_sized (G_INPUT_STREAM (stream), READ_AHEAD_SIZE);
}

/* Callbacks */

/* Serves a read from what the read-ahead buffer holds: a copy, no I/O. */
static gssize
read_buffered (MfcUploadStream  *self,
               void             *buffer,
               gsize             count,
               GError          **error)
{
  GBufferedInputStream *buffered = G_BUFFERED_INPUT_STREAM (self->file_stream);
  gsize available = g_buffered_input_stream_get_available (buffered);

  g_assert (available > 0);
  return g_input_stream_read (self->file_stream, buffer, MIN (count, available), NULL, error);
}

static void
file_filled_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcUploadStream *self = g_task_get_source_object (task);
  ReadData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n;

  n = g_buffered_input_stream_fill_finish (G_BUFFERED_INPUT_STREAM (object), result, &error);
  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }
  if (n > 0)
    {
      n = read_buffered (self, data->buffer, data->count, &error);
      if (n < 0)
        g_task_return_error (task, error);
      else
        g_task_return_int (task, n);
      return;
    }

  file_part_done (self);
  g_task_return_int (task, (gssize) read_memory (self, data->buffer, data->count));
}

/* GBufferedInputStream has no read_async of its own (the default one
 * takes a thread per call); fill it asynchronously, read it by copying. */
static void
read_file_async (MfcUploadStream *self,
                 GTask           *task)
{
  ReadData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n;

  if (g_buffered_input_stream_get_available (G_BUFFERED_INPUT_STREAM (self->file_stream)) == 0)
    {
      g_buffered_input_stream_fill_async (G_BUFFERED_INPUT_STREAM (self->file_stream), -1,
                                          data->priority, g_task_get_cancellable (task),
                                          file_filled_cb, task);
      return;
    }

  n = read_buffered (self, data->buffer, data->count, &error);
  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
  g_object_unref (task);
}

static void
file_opened_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcUploadStream *self = g_task_get_source_object (task);
  g_autoptr(GFileInputStream) stream = NULL;
  GError *error = NULL;

  stream = g_file_read_finish (G_FILE (object), result, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  set_file_stream (self, stream);
  read_file_async (self, g_steal_pointer (&task));
}

/* GInputStream */

static gssize
mfc_upload_stream_read (GInputStream  *stream,
                        void          *buffer,
                        gsize          count,
                        GCancellable  *cancellable,
                        GError       **error)
{
  MfcUploadStream *self = MFC_UPLOAD_STREAM (stream);

  while (self->part < PART_END)
    {
      gssize n = (gssize) read_memory (self, buffer, count);

      if (n > 0 || self->part == PART_END)
        return n;

      if (self->file_stream == NULL)
        {
          g_autoptr(GFileInputStream) file_stream = g_file_read (self->file, cancellable, error);

          if (file_stream == NULL)
            return -1;
          set_file_stream (self, file_stream);
        }

      n = g_input_stream_read (self->file_stream, buffer, count, cancellable, error);
      if (n != 0)
        return n;
      file_part_done (self);
    }

  return 0;
}

static void
mfc_upload_stream_read_async (GInputStream        *stream,
                              void                *buffer,
                              gsize                count,
                              int                  io_priority,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  MfcUploadStream *self = MFC_UPLOAD_STREAM (stream);
  g_autoptr(GTask) task = NULL;
  ReadData *data;
  gsize n;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_upload_stream_read_async);

  n = read_memory (self, buffer, count);
  if (n > 0 || self->part == PART_END)
    {
      g_task_return_int (task, (gssize) n);
      return;
    }

  data = g_new0 (ReadData, 1);
  data->buffer = buffer;
  data->count = count;
  data->priority = io_priority;
  g_task_set_task_data (task, data, g_free);

  if (self->file_stream == NULL)
    g_file_read_async (self->file, io_priority, cancellable, file_opened_cb, g_steal_pointer (&task));
  else
    read_file_async (self, g_steal_pointer (&task));
}

static gssize
mfc_upload_stream_read_finish (GInputStream  *stream,
                               GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static gboolean
mfc_upload_stream_close (GInputStream  *stream,
                         GCancellable  *cancellable,
                         GError       **error)
{
  MfcUploadStream *self = MFC_UPLOAD_STREAM (stream);

  if (self->file_stream != NULL)
    return g_input_stream_close (self->file_stream, cancellable, error);

  return TRUE;
}

/* dispose/finalize */

static void
mfc_upload_stream_finalize (GObject *object)
{
  MfcUploadStream *self = MFC_UPLOAD_STREAM (object);

  for (guint i = 0; i < PART_END; i++)
    g_clear_pointer (&self->parts[i], g_bytes_unref);
  g_clear_object (&self->file);
  g_clear_object (&self->file_stream);

  G_OBJECT_CLASS (mfc_upload_stream_parent_class)->finalize (object);
}

static void
mfc_upload_stream_class_init (MfcUploadStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = mfc_upload_stream_finalize;

  stream_class->read_fn = mfc_upload_stream_read;
  stream_class->read_async = mfc_upload_stream_read_async;
  stream_class->read_finish = mfc_upload_stream_read_finish;
  stream_class->close_fn = mfc_upload_stream_close;
}

static void
mfc_upload_stream_init (MfcUploadStream *self)
{
}

/* Private API */

/**
 * mfc_upload_stream_new:
 * @head: the framing before the file
 * @file: (nullable): the file to read, or %NULL to send @data
 * @data: (nullable): the file's bytes when @file is %NULL
 * @tail: the framing after the file
 *
 * Returns: (transfer full): head, then the file, then tail
 */
GInputStream *
mfc_upload_stream_new (GBytes *head,
                       GFile  *file,
                       GBytes *data,
                       GBytes *tail)
{
  MfcUploadStream *self;

  g_return_val_if_fail (head != NULL && tail != NULL, NULL);
  g_return_val_if_fail ((file == NULL) != (data == NULL), NULL);

  self = g_object_new (MFC_TYPE_UPLOAD_STREAM, NULL);
  self->parts[PART_HEAD] = g_bytes_ref (head);
  self->parts[PART_BODY] = data != NULL ? g_bytes_ref (data) : NULL;
  self->parts[PART_TAIL] = g_bytes_ref (tail);
  self->file = file != NULL ? g_object_ref (file) : NULL;

  return G_INPUT_STREAM (self);
}
