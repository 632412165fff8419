/* mfc-applicant-editor.h — the applicant form on screen (new or edit):
 * one entry per field of MfcApplicantForm with the reason it is wrong
 * under it, input masks, the consent (152-ФЗ), the duplicate offered
 * before a create, the two versions of a stale edit, and the draft kept
 * on disk while the clerk types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mfc-applicant-form.h"
#include "mfc-context.h"
#include "mfc-print-document.h"

G_BEGIN_DECLS

/* The version of the printed consent form the clerk has signed. */
#define MFC_CONSENT_FORM_VERSION "152-FZ-2026-1"

/* How long after the last change the draft is written. */
#define MFC_APPLICANT_EDITOR_DRAFT_DELAY_MS 500

#define MFC_TYPE_APPLICANT_EDITOR (mfc_applicant_editor_get_type ())
G_DECLARE_FINAL_TYPE (MfcApplicantEditor, mfc_applicant_editor, MFC, APPLICANT_EDITOR, AdwBin)

MfcApplicantEditor *mfc_applicant_editor_new            (MfcContext         *context);
MfcApplicantForm   *mfc_applicant_editor_get_form       (MfcApplicantEditor *self);
void                mfc_applicant_editor_set_form       (MfcApplicantEditor *self,
                                                         MfcApplicantForm   *form);
void                mfc_applicant_editor_set_draft_path (MfcApplicantEditor *self,
                                                         const char         *path);
gboolean            mfc_applicant_editor_restore_draft  (MfcApplicantEditor *self);
void                mfc_applicant_editor_discard_draft  (MfcApplicantEditor *self);
gboolean            mfc_applicant_editor_get_draft_restored (MfcApplicantEditor *self);
void                mfc_applicant_editor_set_revealed   (MfcApplicantEditor *self,
                                                         gboolean            revealed);
gboolean            mfc_applicant_editor_get_busy       (MfcApplicantEditor *self);
void                mfc_applicant_editor_submit         (MfcApplicantEditor *self);
MfcPrintDocument   *mfc_applicant_editor_build_consent_document (MfcApplicantEditor *self);
void                mfc_applicant_editor_print_consent  (MfcApplicantEditor *self);
gboolean            mfc_applicant_editor_grab_first     (MfcApplicantEditor *self);
GtkWidget          *mfc_applicant_editor_get_field_widget (MfcApplicantEditor *self,
                                                         MfcApplicantFormField field);
GtkWidget          *mfc_applicant_editor_get_message_label (MfcApplicantEditor *self,
                                                         MfcApplicantFormField field);

G_END_DECLS
