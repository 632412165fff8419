/* mfc-applicant.h — one applicant (заявитель) as the central service
 * knows it: every property of the contract's `Applicant`.
 *
 * Read-only from the outside: an applicant comes from the server
 * (mfc_applicant_new_from_json()) and changes go through an
 * MfcApplicantForm.  Every field is also a GObject property of the same
 * name (underscores as dashes), so a view can bind to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * MfcApplicantField:
 *
 * The text properties of an applicant, named after their place in the
 * contract's JSON (`passport.series` is %MFC_APPLICANT_PASSPORT_SERIES).
 * Dates are ISO (`YYYY-MM-DD`), date-times ISO 8601 with offset, as the
 * server sends them.
 */
typedef enum {
  MFC_APPLICANT_ID,
  MFC_APPLICANT_SURNAME,
  MFC_APPLICANT_GIVEN_NAME,
  MFC_APPLICANT_PATRONYMIC,
  MFC_APPLICANT_FULL_NAME,
  MFC_APPLICANT_BIRTH_DATE,
  MFC_APPLICANT_SNILS,
  MFC_APPLICANT_INN,
  MFC_APPLICANT_PASSPORT_SERIES,
  MFC_APPLICANT_PASSPORT_NUMBER,
  MFC_APPLICANT_PASSPORT_ISSUED_BY,
  MFC_APPLICANT_PASSPORT_ISSUE_DATE,
  MFC_APPLICANT_PASSPORT_DIVISION_CODE,
  MFC_APPLICANT_PHONE,
  MFC_APPLICANT_EMAIL,
  MFC_APPLICANT_ADDRESS,
  MFC_APPLICANT_CONSENT_GIVEN_AT,
  MFC_APPLICANT_CONSENT_CLERK_ID,
  MFC_APPLICANT_CREATED_AT,
  MFC_APPLICANT_UPDATED_AT,
  MFC_APPLICANT_N_FIELDS,
} MfcApplicantField;

#define MFC_TYPE_APPLICANT (mfc_applicant_get_type ())
G_DECLARE_FINAL_TYPE (MfcApplicant, mfc_applicant, MFC, APPLICANT, GObject)

MfcApplicant *mfc_applicant_new_from_json  (JsonObject        *json,
                                            GError           **error);
JsonObject   *mfc_applicant_to_json        (MfcApplicant      *self);
const char   *mfc_applicant_get_field      (MfcApplicant      *self,
                                            MfcApplicantField  field);
const char   *mfc_applicant_field_get_json_path (MfcApplicantField field);
const char   *mfc_applicant_get_id         (MfcApplicant      *self);
const char   *mfc_applicant_get_full_name  (MfcApplicant      *self);
const char   *mfc_applicant_get_snils      (MfcApplicant      *self);
const char   *mfc_applicant_get_birth_date (MfcApplicant      *self);
gboolean      mfc_applicant_get_consent_given (MfcApplicant   *self);
gint64        mfc_applicant_get_version    (MfcApplicant      *self);
char         *mfc_applicant_dup_etag       (MfcApplicant      *self);

/* For the parse callback of an MfcPagedModel of applicants. */
GObject      *mfc_applicant_parse_cb       (JsonObject        *json,
                                            gpointer           user_data,
                                            GError           **error);

G_END_DECLS
