/* mfc-applicant-form.h — the applicant form (new or edit) as a model:
 * each field's text as typed, the reason it is wrong (in the clerk's
 * language, from mfc-validators), the body of the `POST`/`PATCH`, the
 * server's per-field answers, and a stale edit's two versions side by side.
 *
 * Every field is a string property ("surname", "snils", …) with a
 * read-only "<field>-message" beside it, so an entry binds to one and a
 * label under it to the other; "field-changed" tells which field moved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mfc-applicant.h"
#include "mfc-client.h"

G_BEGIN_DECLS

#define MFC_APPLICANT_FORM_ERROR (mfc_applicant_form_error_quark ())

typedef enum {
  /* some fields are still wrong: see mfc_applicant_form_get_problems() */
  MFC_APPLICANT_FORM_ERROR_INVALID,
  /* a new applicant without recorded consent (152-ФЗ) */
  MFC_APPLICANT_FORM_ERROR_CONSENT_REQUIRED,
  /* a stale edit whose conflicting fields are not all decided */
  MFC_APPLICANT_FORM_ERROR_CONFLICT,
} MfcApplicantFormError;

/**
 * MfcApplicantFormField:
 * @MFC_APPLICANT_FORM_PASSPORT: series and number in one field, "50 04 123456"
 * @MFC_APPLICANT_FORM_REGISTRATION_ADDRESS: sent as the contract's `address`
 * @MFC_APPLICANT_FORM_ACTUAL_ADDRESS: kept in the form only (the contract
 *   has one address)
 * @MFC_APPLICANT_FORM_NOTIFY_CHANNEL: "sms", "email" or "none"; kept in the
 *   form only (the contract has no such field)
 */
typedef enum {
  MFC_APPLICANT_FORM_SURNAME,
  MFC_APPLICANT_FORM_GIVEN_NAME,
  MFC_APPLICANT_FORM_PATRONYMIC,
  MFC_APPLICANT_FORM_BIRTH_DATE,
  MFC_APPLICANT_FORM_SNILS,
  MFC_APPLICANT_FORM_INN,
  MFC_APPLICANT_FORM_PASSPORT,
  MFC_APPLICANT_FORM_PASSPORT_ISSUED_BY,
  MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE,
  MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE,
  MFC_APPLICANT_FORM_REGISTRATION_ADDRESS,
  MFC_APPLICANT_FORM_ACTUAL_ADDRESS,
  MFC_APPLICANT_FORM_PHONE,
  MFC_APPLICANT_FORM_EMAIL,
  MFC_APPLICANT_FORM_NOTIFY_CHANNEL,
  MFC_APPLICANT_FORM_N_FIELDS,
} MfcApplicantFormField;

#define MFC_TYPE_APPLICANT_FORM_FIELD (mfc_applicant_form_field_get_type ())
GType       mfc_applicant_form_field_get_type  (void) G_GNUC_CONST;
GQuark      mfc_applicant_form_error_quark     (void);

const char *mfc_applicant_form_field_get_label (MfcApplicantFormField field);
gboolean    mfc_applicant_form_field_from_json_path (const char            *path,
                                                     MfcApplicantFormField *field);
char       *mfc_applicant_form_normalize_name  (const char            *text);

#define MFC_TYPE_APPLICANT_FORM (mfc_applicant_form_get_type ())
G_DECLARE_FINAL_TYPE (MfcApplicantForm, mfc_applicant_form, MFC, APPLICANT_FORM, GObject)

MfcApplicantForm *mfc_applicant_form_new              (void);
MfcApplicantForm *mfc_applicant_form_new_for_applicant (MfcApplicant         *applicant);
MfcApplicant     *mfc_applicant_form_get_applicant    (MfcApplicantForm      *self);
gboolean          mfc_applicant_form_get_is_new       (MfcApplicantForm      *self);
void              mfc_applicant_form_set_today        (MfcApplicantForm      *self,
                                                       const GDate           *today);

void              mfc_applicant_form_set_text         (MfcApplicantForm      *self,
                                                       MfcApplicantFormField  field,
                                                       const char            *text);
const char       *mfc_applicant_form_get_text         (MfcApplicantForm      *self,
                                                       MfcApplicantFormField  field);
const char       *mfc_applicant_form_get_message      (MfcApplicantForm      *self,
                                                       MfcApplicantFormField  field);
const char       *mfc_applicant_form_get_value        (MfcApplicantForm      *self,
                                                       MfcApplicantFormField  field);
void              mfc_applicant_form_normalize_field  (MfcApplicantForm      *self,
                                                       MfcApplicantFormField  field);
void              mfc_applicant_form_prefill          (MfcApplicantForm      *self,
                                                       const char            *search_text);
void              mfc_applicant_form_validate_all     (MfcApplicantForm      *self);
gboolean          mfc_applicant_form_get_valid        (MfcApplicantForm      *self);
GStrv             mfc_applicant_form_get_problems     (MfcApplicantForm      *self);

void              mfc_applicant_form_record_consent   (MfcApplicantForm      *self,
                                                       const char            *clerk_id,
                                                       GDateTime             *given_at,
                                                       const char            *form_version);
gboolean          mfc_applicant_form_get_has_consent  (MfcApplicantForm      *self);
const char       *mfc_applicant_form_get_consent_clerk_id     (MfcApplicantForm *self);
GDateTime        *mfc_applicant_form_get_consent_given_at     (MfcApplicantForm *self);
const char       *mfc_applicant_form_get_consent_form_version (MfcApplicantForm *self);

JsonNode         *mfc_applicant_form_build_create_body (MfcApplicantForm     *self,
                                                        GError              **error);
JsonNode         *mfc_applicant_form_build_patch_body (MfcApplicantForm      *self,
                                                       GError               **error);
const char       *mfc_applicant_form_get_idempotency_key (MfcApplicantForm   *self);
gboolean          mfc_applicant_form_apply_server_error (MfcApplicantForm    *self,
                                                         const GError        *error);

void              mfc_applicant_form_set_theirs       (MfcApplicantForm      *self,
                                                       MfcApplicant          *theirs);
gboolean          mfc_applicant_form_get_has_conflicts (MfcApplicantForm     *self);
gboolean          mfc_applicant_form_is_conflict      (MfcApplicantForm      *self,
                                                       MfcApplicantFormField  field);
const char       *mfc_applicant_form_get_theirs_text  (MfcApplicantForm      *self,
                                                       MfcApplicantFormField  field);
void              mfc_applicant_form_take_mine        (MfcApplicantForm      *self,
                                                       MfcApplicantFormField  field);
void              mfc_applicant_form_take_theirs      (MfcApplicantForm      *self,
                                                       MfcApplicantFormField  field);

void              mfc_applicant_form_save_async       (MfcApplicantForm      *self,
                                                       MfcClient             *client,
                                                       GCancellable          *cancellable,
                                                       GAsyncReadyCallback    callback,
                                                       gpointer               user_data);
MfcApplicant     *mfc_applicant_form_save_finish      (MfcApplicantForm      *self,
                                                       GAsyncResult          *result,
                                                       GError               **error);
void              mfc_applicant_form_find_duplicates_async (MfcApplicantForm *self,
                                                       MfcClient             *client,
                                                       GCancellable          *cancellable,
                                                       GAsyncReadyCallback    callback,
                                                       gpointer               user_data);
GPtrArray        *mfc_applicant_form_find_duplicates_finish (MfcApplicantForm *self,
                                                       GAsyncResult          *result,
                                                       GError               **error);

G_END_DECLS
