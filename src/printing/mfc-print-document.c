/* mfc-print-document.c
 *
 * A document is a value: a feature fills it once and hands it to the
 * layout, a PDF writer or a print job.  It is a refcounted boxed type,
 * not a GObject, because nothing observes it (no properties, no signals)
 * and because a PDF is written on a worker thread: an atomic refcount
 * and contents nobody changes after they are handed over are all that
 * thread needs.  Build it completely, then print it; do not change a
 * document while a write is running.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-printing"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "mfc-print-document-private.h"
#include "mfc-print-layout.h"

G_DEFINE_QUARK (mfc-print-error-quark, mfc_print_error)

G_DEFINE_BOXED_TYPE (MfcPrintDocument, mfc_print_document,
                     mfc_print_document_ref, mfc_print_document_unref)

static void
block_clear (gpointer data)
{
  MfcPrintBlock *block = data;

  g_clear_pointer (&block->text, g_free);
  g_clear_pointer (&block->value, g_free);
}

static void
add_block (MfcPrintDocument *self,
           MfcPrintBlock     block)
{
  g_array_append_val (self->blocks, block);
}

/* Empty strings are treated as absent: a half-filled form must not leave
 * a dangling label on paper. */
static void
replace_text (char       **field,
              const char  *text)
{
  g_free (*field);
  *field = (text != NULL && text[0] != '\0') ? g_strdup (text) : NULL;
}

/**
 * mfc_print_document_new:
 * @title: the document's name in capitals or not, "Расписка в получении
 *   документов"; it becomes the PDF's title and the print job's name
 *
 * Returns: (transfer full): an empty document
 */
MfcPrintDocument *
mfc_print_document_new (const char *title)
{
  MfcPrintDocument *self;

  g_return_val_if_fail (title != NULL, NULL);

  self = g_new0 (MfcPrintDocument, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->title = g_strdup (title);
  self->blocks = g_array_new (FALSE, TRUE, sizeof (MfcPrintBlock));
  g_array_set_clear_func (self->blocks, block_clear);

  return self;
}

MfcPrintDocument *
mfc_print_document_ref (MfcPrintDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mfc_print_document_unref (MfcPrintDocument *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->office_name);
  g_free (self->office_address);
  g_free (self->clerk);
  g_clear_pointer (&self->instant, g_date_time_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_free (self->qr_payload);
  g_free (self->qr_caption);
  g_free (self->footer);
  g_array_unref (self->blocks);
  g_free (self);
}

const char *
mfc_print_document_get_title (MfcPrintDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->title;
}

/**
 * mfc_print_document_set_subtitle:
 * @subtitle: (nullable): a line under the title, "по заявлению № 2026-000123"
 */
void
mfc_print_document_set_subtitle (MfcPrintDocument *self,
                                 const char       *subtitle)
{
  g_return_if_fail (self != NULL);

  replace_text (&self->subtitle, subtitle);
}

/**
 * mfc_print_document_set_office:
 * @name: (nullable): the office's full name
 * @address: (nullable): its address
 *
 * Printed at the top of the first page, and the name on every other page.
 */
void
mfc_print_document_set_office (MfcPrintDocument *self,
                               const char       *name,
                               const char       *address)
{
  g_return_if_fail (self != NULL);

  replace_text (&self->office_name, name);
  replace_text (&self->office_address, address);
}

/**
 * mfc_print_document_set_clerk:
 * @clerk: (nullable): the clerk's name as it should be printed
 */
void
mfc_print_document_set_clerk (MfcPrintDocument *self,
                              const char       *clerk)
{
  g_return_if_fail (self != NULL);

  replace_text (&self->clerk, clerk);
}

/**
 * mfc_print_document_set_time:
 * @instant: when the document was made
 * @office_zone: the office's time zone; the paper shows the office's time
 *   whatever the desktop's zone is
 */
void
mfc_print_document_set_time (MfcPrintDocument *self,
                             GDateTime        *instant,
                             GTimeZone        *office_zone)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (instant != NULL);
  g_return_if_fail (office_zone != NULL);

  g_clear_pointer (&self->instant, g_date_time_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->instant = g_date_time_ref (instant);
  self->zone = g_time_zone_ref (office_zone);
}

/**
 * mfc_print_document_set_qr:
 * @payload: (nullable): what the code encodes, byte for byte (the ticket
 *   number); %NULL for no code
 * @caption: (nullable): a line printed under the code
 *
 * The code sits at the top right of the first page.
 */
void
mfc_print_document_set_qr (MfcPrintDocument *self,
                           const char       *payload,
                           const char       *caption)
{
  g_return_if_fail (self != NULL);

  replace_text (&self->qr_payload, payload);
  replace_text (&self->qr_caption, payload != NULL ? caption : NULL);
}

/**
 * mfc_print_document_set_footer:
 * @note: (nullable): small print at the bottom of every page
 */
void
mfc_print_document_set_footer (MfcPrintDocument *self,
                               const char       *note)
{
  g_return_if_fail (self != NULL);

  replace_text (&self->footer, note);
}

/**
 * mfc_print_document_set_training:
 * @training: %TRUE in training mode: every page carries «ОБРАЗЕЦ»
 */
void
mfc_print_document_set_training (MfcPrintDocument *self,
                                 gboolean          training)
{
  g_return_if_fail (self != NULL);

  self->training = !!training;
}

gboolean
mfc_print_document_get_training (MfcPrintDocument *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->training;
}

/**
 * mfc_print_document_add_heading:
 * @text: a section heading; kept on the page of what follows it
 */
void
mfc_print_document_add_heading (MfcPrintDocument *self,
                                const char       *text)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL);

  add_block (self, (MfcPrintBlock) {
    .kind = MFC_PRINT_BLOCK_HEADING,
    .text = g_strdup (text),
  });
}

/**
 * mfc_print_document_add_row:
 * @label: what the value is, "Номер заявления"
 * @value: (nullable): the value; long values wrap in their column
 */
void
mfc_print_document_add_row (MfcPrintDocument *self,
                            const char       *label,
                            const char       *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (label != NULL);

  add_block (self, (MfcPrintBlock) {
    .kind = MFC_PRINT_BLOCK_ROW,
    .text = g_strdup (label),
    .value = g_strdup (value != NULL ? value : ""),
  });
}

/**
 * mfc_print_document_add_item:
 * @mark: the mark in front of the item
 * @text: the item, with its state in words ("Справка 2-НДФЛ — не представлена")
 */
void
mfc_print_document_add_item (MfcPrintDocument *self,
                             MfcPrintMark      mark,
                             const char       *text)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL);
  g_return_if_fail (mark <= MFC_PRINT_MARK_MISSING);

  add_block (self, (MfcPrintBlock) {
    .kind = MFC_PRINT_BLOCK_ITEM,
    .text = g_strdup (text),
    .mark = mark,
  });
}

/**
 * mfc_print_document_add_paragraph:
 * @text: running text; it wraps, and breaks across pages between lines
 */
void
mfc_print_document_add_paragraph (MfcPrintDocument *self,
                                  const char       *text)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL);

  add_block (self, (MfcPrintBlock) {
    .kind = MFC_PRINT_BLOCK_PARAGRAPH,
    .text = g_strdup (text),
  });
}

/**
 * mfc_print_document_add_notice:
 * @text: what the applicant must not miss, set in bold in a frame:
 *   «Заявление будет зарегистрировано при восстановлении связи»,
 *   «Срок приостановлен до представления документов»
 */
void
mfc_print_document_add_notice (MfcPrintDocument *self,
                               const char       *text)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL);

  add_block (self, (MfcPrintBlock) {
    .kind = MFC_PRINT_BLOCK_NOTICE,
    .text = g_strdup (text),
  });
}

/**
 * mfc_print_document_add_signature:
 * @signer: whose signature
 * @name: (nullable): the name printed as the decipherment
 *   («расшифровка»); %NULL leaves the line blank to write by hand
 */
void
mfc_print_document_add_signature (MfcPrintDocument *self,
                                  MfcPrintSigner    signer,
                                  const char       *name)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (signer <= MFC_PRINT_SIGNER_CLERK);

  add_block (self, (MfcPrintBlock) {
    .kind = MFC_PRINT_BLOCK_SIGNATURE,
    .text = (name != NULL && name[0] != '\0') ? g_strdup (name) : NULL,
    .signer = signer,
  });
}

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
                                  self->title);
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
