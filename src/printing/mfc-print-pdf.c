/* mfc-print-pdf.c — a document as a PDF file, on A4: the layout drawn
 * onto a cairo PDF surface, written to a stream, a file (replaced only
 * once the whole PDF is written) or, off the main thread, a GFile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-printing"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "mfc-print-layout.h"
#include "mfc-print-pdf.h"

/* PDF output */

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} StreamClosure;

static cairo_status_t
write_to_stream_cb (void                *closure,
                    const unsigned char *data,
                    unsigned int         length)
{
  StreamClosure *sc = closure;

  if (sc->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;

  if (!g_output_stream_write_all (sc->stream, data, length, NULL,
                                  sc->cancellable, &sc->error))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}

static void
set_write_error (GError       **error,
                 const GError  *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         cause->message);
  else
    g_set_error (error, MFC_PRINT_ERROR, MFC_PRINT_ERROR_WRITE,
                 _("Could not save the PDF: %s"), cause->message);
}

/**
 * mfc_print_document_write_pdf_to_stream:
 * @stream: where the PDF goes; it is not closed
 * @cancellable: (nullable): stops the writing
 * @error: a translated message when the stream refuses the bytes
 *
 * Lays the document out on A4 and writes every page.  Blocks: call it
 * on a worker thread, or use mfc_print_document_write_pdf_async().
 */
gboolean
mfc_print_document_write_pdf_to_stream (MfcPrintDocument  *self,
                                        GOutputStream     *stream,
                                        GCancellable      *cancellable,
                                        GError           **error)
{
  StreamClosure sc = { stream, cancellable, NULL };
  g_autoptr(MfcPrintLayout) layout = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  guint n_pages;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = cairo_pdf_surface_create_for_stream (write_to_stream_cb, &sc,
                                                 MFC_PRINT_A4_WIDTH,
                                                 MFC_PRINT_A4_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  mfc_print_document_get_title (self));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  "MFC Desk " PACKAGE_VERSION);
  cr = cairo_create (surface);

  layout = mfc_print_layout_new (self, MFC_PRINT_A4_WIDTH,
                                 MFC_PRINT_A4_HEIGHT);
  n_pages = mfc_print_layout_get_n_pages (layout);
  for (guint i = 0; i < n_pages && sc.error == NULL; i++)
    {
      mfc_print_layout_draw_page (layout, cr, i);
      cairo_show_page (cr);
    }

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (sc.error != NULL)
    {
      set_write_error (error, sc.error);
      g_clear_error (&sc.error);
      return FALSE;
    }

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MFC_PRINT_ERROR, MFC_PRINT_ERROR_RENDER,
                   _("Could not draw the document: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_pdf_file (MfcPrintDocument  *self,
                GFile             *file,
                GCancellable      *cancellable,
                GError           **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;

  /* Replace, not overwrite: an older receipt under the same name stays
   * whole until the new one is complete. */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE,
                           cancellable, &local_error);
  if (stream == NULL)
    {
      set_write_error (error, local_error);
      return FALSE;
    }

  if (!mfc_print_document_write_pdf_to_stream (self, G_OUTPUT_STREAM (stream),
                                               cancellable, error))
    {
      /* Closing with a cancelled cancellable drops the temporary file
       * and leaves whatever was there before. */
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
      return FALSE;
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable,
                              &local_error))
    {
      set_write_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

/**
 * mfc_print_document_write_pdf:
 * @path: the file to create or replace
 * @error: a translated message ("Не удалось сохранить PDF: …")
 *
 * Blocks; see mfc_print_document_write_pdf_async().
 */
gboolean
mfc_print_document_write_pdf (MfcPrintDocument  *self,
                              const char        *path,
                              GError           **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = g_file_new_for_path (path);
  return write_pdf_file (self, file, NULL, error);
}

typedef struct
{
  MfcPrintDocument *doc;
  GFile            *file;
} WriteData;

static void
write_data_free (gpointer data)
{
  WriteData *wd = data;

  mfc_print_document_unref (wd->doc);
  g_object_unref (wd->file);
  g_free (wd);
}

static void
write_pdf_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  WriteData *wd = task_data;
  GError *error = NULL;

  if (write_pdf_file (wd->doc, wd->file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * mfc_print_document_write_pdf_async:
 * @file: the file to create or replace
 *
 * Writes the PDF on a worker thread; the document is held until then.
 */
void
mfc_print_document_write_pdf_async (MfcPrintDocument    *self,
                                    GFile               *file,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *wd;

  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  wd = g_new0 (WriteData, 1);
  wd->doc = mfc_print_document_ref (self);
  wd->file = g_object_ref (file);

  /* No source object: a document is not a GObject */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_print_document_write_pdf_async);
  g_task_set_task_data (task, wd, write_data_free);
  g_task_run_in_thread (task, write_pdf_thread);
}

gboolean
mfc_print_document_write_pdf_finish (MfcPrintDocument  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        mfc_print_document_write_pdf_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
