/* mfc-validators.h — what the clerk types about an applicant, checked and
 * normalized the same way by the intake form and the training server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MFC_VALIDATION_ERROR (mfc_validation_error_quark ())

typedef enum {
  MFC_VALIDATION_ERROR_EMPTY,
  MFC_VALIDATION_ERROR_FORMAT,
  MFC_VALIDATION_ERROR_CHECKSUM,
  MFC_VALIDATION_ERROR_RANGE,
} MfcValidationError;

/**
 * MfcInnKind:
 * @MFC_INN_KIND_ANY: 10 digits (organisation) or 12 digits (person)
 * @MFC_INN_KIND_PERSON: 12 digits only
 * @MFC_INN_KIND_ORGANISATION: 10 digits only
 */
typedef enum {
  MFC_INN_KIND_ANY,
  MFC_INN_KIND_PERSON,
  MFC_INN_KIND_ORGANISATION,
} MfcInnKind;

GQuark     mfc_validation_error_quark       (void);

gboolean   mfc_validate_snils               (const char   *text,
                                             char        **normalized,
                                             GError      **error);
char      *mfc_format_snils                 (const char   *snils);
int        mfc_snils_check_digits           (const char   *nine_digits);

gboolean   mfc_validate_inn                 (const char   *text,
                                             MfcInnKind    kind,
                                             char        **normalized,
                                             GError      **error);
char      *mfc_inn_complete                 (const char   *digits);

gboolean   mfc_validate_passport            (const char   *text,
                                             char        **series,
                                             char        **number,
                                             GError      **error);
char      *mfc_format_passport              (const char   *series,
                                             const char   *number);
gboolean   mfc_validate_division_code       (const char   *text,
                                             char        **normalized,
                                             GError      **error);
gboolean   mfc_validate_passport_issue_date (const GDate  *issue_date,
                                             const GDate  *birth_date,
                                             const GDate  *today,
                                             GError      **error);

gboolean   mfc_validate_phone               (const char   *text,
                                             char        **normalized,
                                             GError      **error);

gboolean   mfc_validate_email               (const char   *text,
                                             char        **normalized,
                                             GError      **error);

gboolean   mfc_parse_date                   (const char   *text,
                                             GDate        *date,
                                             GError      **error);
GDateTime *mfc_parse_date_time              (const char   *text,
                                             GTimeZone    *tz,
                                             GError      **error);
gboolean   mfc_validate_birth_date          (const GDate  *birth_date,
                                             const GDate  *today,
                                             GError      **error);
char      *mfc_format_date                  (const GDate  *date);
char      *mfc_format_date_iso              (const GDate  *date);

gboolean   mfc_validate_name_part           (const char   *text,
                                             char        **normalized,
                                             GError      **error);

G_END_DECLS
