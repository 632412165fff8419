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

#include <glib/gi18n-lib.h>

#include "mfc-print-document-private.h"

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
