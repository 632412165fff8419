/* mfc-application-step.h — the application for a chosen applicant: the
 * service (catalogue search by word or code, the applicant's earlier and
 * the clerk's recent services first), the required-documents checklist,
 * the ticket type, the submit through the context's outbox and the
 * receipt.  The intake page embeds it once an applicant is found or
 * registered.
 *
 * Keys inside the step: Enter in the search takes the top service, Down
 * moves into the list; Ctrl+Enter submits (mfc_application_step_submit),
 * Ctrl+P prints the receipt (mfc_application_step_print), Esc with
 * nothing to close emits "back".
 *
 * Signals:
 *  - "submitted" (const char *outbox_key): the application is queued
 *  - "registered" (const char *ticket_number): the service gave it a number
 *  - "back": Esc with nothing to close
 *  - "attach-requested" (MfcChecklist *checklist, guint item_id): the clerk
 *    chose «копия приложена» for an item with no copy yet; the documents
 *    section scans and uploads one and calls mfc_checklist_attach()
 *  - "print-receipt" (MfcPrintDocument *receipt) → gboolean: run before
 *    the print dialog; a handler returning %TRUE prints it itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mfc-applicant-form.h"
#include "mfc-applicant.h"
#include "mfc-checklist.h"
#include "mfc-context.h"
#include "mfc-print-document.h"

G_BEGIN_DECLS

#define MFC_TYPE_APPLICATION_STEP (mfc_application_step_get_type ())
G_DECLARE_FINAL_TYPE (MfcApplicationStep, mfc_application_step, MFC, APPLICATION_STEP, AdwBin)

MfcApplicationStep *mfc_application_step_new              (MfcContext         *context);
void                mfc_application_step_set_applicant    (MfcApplicationStep *self,
                                                           MfcApplicant       *applicant);
MfcApplicant       *mfc_application_step_get_applicant    (MfcApplicationStep *self);
const char         *mfc_application_step_get_service_id   (MfcApplicationStep *self);
void                mfc_application_step_choose_service_id (MfcApplicationStep *self,
                                                           const char         *service_id);
void                mfc_application_step_set_new_applicant (MfcApplicationStep *self,
                                                           MfcApplicantForm   *form);
void                mfc_application_step_submit           (MfcApplicationStep *self);
void                mfc_application_step_print            (MfcApplicationStep *self);
void                mfc_application_step_save_pdf         (MfcApplicationStep *self);
gboolean            mfc_application_step_grab_first       (MfcApplicationStep *self);

MfcServiceCatalog  *mfc_application_step_get_catalog      (MfcApplicationStep *self);
MfcChecklist       *mfc_application_step_get_checklist    (MfcApplicationStep *self);
const char         *mfc_application_step_get_ticket_number (MfcApplicationStep *self);
MfcPrintDocument   *mfc_application_step_dup_receipt      (MfcApplicationStep *self);

G_END_DECLS
