/* mfc-intake-page.h — the «Приём заявителя» section of the window: the
 * applicant search, the applicant form, then the application step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-applicant-editor.h"
#include "mfc-applicant-search.h"
#include "mfc-application-step.h"
#include "mfc-page.h"

G_BEGIN_DECLS

/* How long Ctrl+H shows СНИЛС, passport and phone in full. */
#define MFC_INTAKE_PAGE_REVEAL_MS 30000

#define MFC_TYPE_INTAKE_PAGE (mfc_intake_page_get_type ())
G_DECLARE_FINAL_TYPE (MfcIntakePage, mfc_intake_page, MFC, INTAKE_PAGE, MfcPage)

void                mfc_intake_page_reveal             (MfcIntakePage *self);
gboolean            mfc_intake_page_get_revealed       (MfcIntakePage *self);
void                mfc_intake_page_set_reveal_timeout (MfcIntakePage *self,
                                                        guint          timeout_ms);
const char         *mfc_intake_page_get_view           (MfcIntakePage *self);
MfcApplicantSearch *mfc_intake_page_get_search         (MfcIntakePage *self);
MfcApplicantEditor *mfc_intake_page_get_editor         (MfcIntakePage *self);
MfcApplicant       *mfc_intake_page_get_current_applicant (MfcIntakePage *self);
const char         *mfc_intake_page_get_current_service   (MfcIntakePage *self);
void                mfc_intake_page_open_applicant     (MfcIntakePage *self,
                                                        const char    *applicant_id,
                                                        const char    *service_id);
MfcApplicationStep *mfc_intake_page_get_application_step (MfcIntakePage *self);

G_END_DECLS
