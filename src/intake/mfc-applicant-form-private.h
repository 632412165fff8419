/* mfc-applicant-form-private.h — what the two halves of MfcApplicantForm
 * (mfc-applicant-form.c: fields and checks; mfc-applicant-form-server.c:
 * save, 422, 412, duplicates) share.  Not for other files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-applicant-form.h"

G_BEGIN_DECLS

struct _MfcApplicantForm
{
  GObject       parent_instance;

  MfcApplicant *base;        /* the server's version being edited; NULL for new */
  char         *text[MFC_APPLICANT_FORM_N_FIELDS];
  char         *value[MFC_APPLICANT_FORM_N_FIELDS];
  char         *message[MFC_APPLICANT_FORM_N_FIELDS];
  char         *server_message[MFC_APPLICANT_FORM_N_FIELDS];
  char         *theirs[MFC_APPLICANT_FORM_N_FIELDS];   /* set while in conflict */

  GDate         today;       /* cleared: the local date */

  gboolean      consent;
  char         *consent_clerk_id;
  GDateTime    *consent_given_at;
  char         *consent_form_version;

  char         *idempotency_key;
  gboolean      valid;
};

/* Field f has property ids FIELD_TEXT_PROP (f) and FIELD_MESSAGE_PROP (f). */
#define FIELD_TEXT_PROP(f)    (1 + 2 * (guint) (f))
#define FIELD_MESSAGE_PROP(f) (2 + 2 * (guint) (f))

enum {
  PROP_0,
  PROP_VALID = 1 + 2 * MFC_APPLICANT_FORM_N_FIELDS,
  PROP_HAS_CONSENT,
  PROP_HAS_CONFLICTS,
  PROP_APPLICANT,
  PROP_IS_NEW,
  N_PROPS
};

gboolean  _mfc_applicant_form_field_is_sent  (MfcApplicantFormField  field);
char     *_mfc_applicant_form_wire_value     (MfcApplicant          *applicant,
                                              MfcApplicantFormField  field);
char     *_mfc_applicant_form_display_text   (MfcApplicant          *applicant,
                                              MfcApplicantFormField  field);
void      _mfc_applicant_form_emit_field     (MfcApplicantForm      *self,
                                              MfcApplicantFormField  field,
                                              gboolean               message_changed);
void      _mfc_applicant_form_update_valid   (MfcApplicantForm      *self);
gboolean  _mfc_applicant_form_has_conflicts  (MfcApplicantForm      *self);
void      _mfc_applicant_form_load_from      (MfcApplicantForm      *self,
                                              MfcApplicant          *applicant);
void      _mfc_applicant_form_notify         (MfcApplicantForm      *self,
                                              guint                  prop_id);

G_END_DECLS
