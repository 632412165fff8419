/* mfc-documents-page.h — the «Документы» section of the window: scan or
 * add files, fix the pages, upload the document to a ticket or to the
 * application being taken at intake.
 *
 * Intake asks for a copy through its own hook; the window answers with
 * mfc_documents_page_set_intake_target(): the section shows what the copy
 * is for, and once the document is stored calls @uploaded with its id
 * (the window passes it on to mfc_checklist_attach()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-document.h"
#include "mfc-page.h"
#include "mfc-scanner.h"

G_BEGIN_DECLS

#define MFC_TYPE_DOCUMENTS_PAGE (mfc_documents_page_get_type ())
G_DECLARE_FINAL_TYPE (MfcDocumentsPage, mfc_documents_page, MFC, DOCUMENTS_PAGE, MfcPage)

typedef void (*MfcDocumentsUploadedFunc) (const char *document_id,
                                          gpointer    user_data);

void         mfc_documents_page_set_intake_target (MfcDocumentsPage         *self,
                                                   const char               *description,
                                                   MfcDocumentsUploadedFunc  uploaded,
                                                   gpointer                  user_data,
                                                   GDestroyNotify            destroy);
void         mfc_documents_page_clear_target      (MfcDocumentsPage         *self);
void         mfc_documents_page_set_ticket_target (MfcDocumentsPage         *self,
                                                   const char               *number);
MfcDocument *mfc_documents_page_get_document      (MfcDocumentsPage         *self);
void         mfc_documents_page_import_files      (MfcDocumentsPage         *self,
                                                   GFile                   **files,
                                                   guint                     n_files);
MfcScanner  *mfc_documents_page_get_scanner       (MfcDocumentsPage         *self);
const char  *mfc_documents_page_get_status        (MfcDocumentsPage         *self);
gboolean     mfc_documents_page_get_busy          (MfcDocumentsPage         *self);

G_END_DECLS
