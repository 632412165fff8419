/* mfc-print-document.h — what a printed paper says: the receipt
 * (расписка), the consent form, the booking talon.  Built by a feature,
 * laid out and drawn by MfcPrintLayout, written to PDF or handed to a
 * printer by the same code.
 *
 *   g_autoptr(MfcPrintDocument) doc = mfc_print_document_new (_("Receipt…"));
 *   g_autofree char *snils = mfc_print_mask_snils (applicant_snils);
 *
 *   mfc_print_document_set_office (doc, office_name, office_address);
 *   mfc_print_document_set_clerk (doc, clerk_name);
 *   mfc_print_document_set_time (doc, now, office_zone);
 *   mfc_print_document_set_qr (doc, ticket_number, caption);
 *   mfc_print_document_set_training (doc, mfc_context_get_training (ctx));
 *   mfc_print_document_add_heading (doc, _("Applicant"));
 *   mfc_print_document_add_row (doc, _("SNILS"), snils);
 *   mfc_print_document_add_item (doc, MFC_PRINT_MARK_MISSING, text);
 *   mfc_print_document_add_signature (doc, MFC_PRINT_SIGNER_APPLICANT, NULL);
 *
 *   mfc_print_document_print (doc, window);            (mfc-print-operation.h)
 *   mfc_print_document_save_pdf (doc, window, name);
 *
 * Empty strings count as absent.  Masks and dates in words:
 * mfc-print-format.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MFC_PRINT_ERROR (mfc_print_error_quark ())

typedef enum {
  MFC_PRINT_ERROR_WRITE,    /* the PDF could not be written where asked */
  MFC_PRINT_ERROR_RENDER,   /* cairo could not draw the document */
  MFC_PRINT_ERROR_PRINTER,  /* the print job failed */
} MfcPrintError;

/**
 * MfcPrintMark:
 * @MFC_PRINT_MARK_BULLET: a plain list item (•)
 * @MFC_PRINT_MARK_PRESENT: something handed over or done (✓)
 * @MFC_PRINT_MARK_MISSING: something missing or refused (✗)
 *
 * The mark in front of a list item.  The words still say it all (the mark
 * alone is lost on a black-and-white copy or to a reader who does not
 * know it), so "не представлен" belongs in the item's text too.
 */
typedef enum {
  MFC_PRINT_MARK_BULLET,
  MFC_PRINT_MARK_PRESENT,
  MFC_PRINT_MARK_MISSING,
} MfcPrintMark;

/**
 * MfcPrintSigner:
 * @MFC_PRINT_SIGNER_APPLICANT: «Подпись заявителя»
 * @MFC_PRINT_SIGNER_CLERK: «Подпись специалиста»
 */
typedef enum {
  MFC_PRINT_SIGNER_APPLICANT,
  MFC_PRINT_SIGNER_CLERK,
} MfcPrintSigner;

#define MFC_TYPE_PRINT_DOCUMENT (mfc_print_document_get_type ())

typedef struct _MfcPrintDocument MfcPrintDocument;

GQuark            mfc_print_error_quark              (void);
GType             mfc_print_document_get_type        (void) G_GNUC_CONST;

MfcPrintDocument *mfc_print_document_new             (const char        *title);
MfcPrintDocument *mfc_print_document_ref             (MfcPrintDocument  *self);
void              mfc_print_document_unref           (MfcPrintDocument  *self);

const char       *mfc_print_document_get_title       (MfcPrintDocument  *self);
void              mfc_print_document_set_subtitle    (MfcPrintDocument  *self,
                                                      const char        *subtitle);
void              mfc_print_document_set_office      (MfcPrintDocument  *self,
                                                      const char        *name,
                                                      const char        *address);
void              mfc_print_document_set_clerk       (MfcPrintDocument  *self,
                                                      const char        *clerk);
void              mfc_print_document_set_time        (MfcPrintDocument  *self,
                                                      GDateTime         *instant,
                                                      GTimeZone         *office_zone);
void              mfc_print_document_set_qr          (MfcPrintDocument  *self,
                                                      const char        *payload,
                                                      const char        *caption);
void              mfc_print_document_set_footer      (MfcPrintDocument  *self,
                                                      const char        *note);
void              mfc_print_document_set_training    (MfcPrintDocument  *self,
                                                      gboolean           training);
gboolean          mfc_print_document_get_training    (MfcPrintDocument  *self);

void              mfc_print_document_add_heading     (MfcPrintDocument  *self,
                                                      const char        *text);
void              mfc_print_document_add_row         (MfcPrintDocument  *self,
                                                      const char        *label,
                                                      const char        *value);
void              mfc_print_document_add_item        (MfcPrintDocument  *self,
                                                      MfcPrintMark       mark,
                                                      const char        *text);
void              mfc_print_document_add_paragraph   (MfcPrintDocument  *self,
                                                      const char        *text);
void              mfc_print_document_add_notice      (MfcPrintDocument  *self,
                                                      const char        *text);
void              mfc_print_document_add_signature   (MfcPrintDocument  *self,
                                                      MfcPrintSigner     signer,
                                                      const char        *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfcPrintDocument, mfc_print_document_unref)

G_END_DECLS
