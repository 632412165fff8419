/* mfc-applicant-search.h — the one search field of the intake page: what
 * the clerk typed, recognised as a СНИЛС, a passport, a phone or a name,
 * and the applicants found, as a GListModel of MfcApplicant.
 *
 * The kind of an input (mfc_applicant_search_detect()):
 *
 *  - a leading "+", or brackets → a phone;
 *  - grouped like a СНИЛС ("123-456-789 01", "123 456 789 01") → СНИЛС;
 *  - grouped like a phone ("8 912 345-67-89", "912 345-67-89") → phone;
 *  - 11 digits otherwise: a СНИЛС when its check number matches; if it
 *    does not and the digits are a Russian phone (7 or 8, then 3, 4, 8
 *    or 9) a phone; else still a СНИЛС (it is searched and not found,
 *    and the form that follows shows the checksum problem).  A phone
 *    passes the СНИЛС checksum about once in a hundred; a СНИЛС starts
 *    like a phone about once in twenty-five: the checksum is the
 *    stronger sign;
 *  - 10 digits in any spacing, or with "№" → a passport (series and
 *    number; a phone without its 8 is typed grouped, see above);
 *  - letters (with spaces, hyphens, apostrophes) → a name fragment of at
 *    least two letters;
 *  - anything else (a number still being typed) → nothing is sent.
 *
 * A name is searched ignoring case and ё/е: the server's `q` is only
 * case-insensitive, so the model sends the longest part of the folded
 * text that holds no "е" and keeps the applicants whose folded full name
 * holds the whole folded text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-applicant.h"
#include "mfc-client.h"
#include "mfc-query.h"

G_BEGIN_DECLS

typedef enum {
  MFC_SEARCH_KIND_NONE,
  MFC_SEARCH_KIND_SNILS,
  MFC_SEARCH_KIND_PASSPORT,
  MFC_SEARCH_KIND_PHONE,
  MFC_SEARCH_KIND_NAME,
} MfcSearchKind;

#define MFC_TYPE_SEARCH_KIND (mfc_search_kind_get_type ())
GType          mfc_search_kind_get_type       (void) G_GNUC_CONST;

MfcSearchKind  mfc_applicant_search_detect    (const char    *text,
                                               char         **value);
MfcQuery      *mfc_applicant_search_build_query (const char  *text,
                                               MfcSearchKind *kind);
char          *mfc_applicant_search_fold      (const char    *text);
gboolean       mfc_applicant_search_name_matches (const char *full_name,
                                               const char    *text);

#define MFC_TYPE_APPLICANT_SEARCH (mfc_applicant_search_get_type ())
G_DECLARE_FINAL_TYPE (MfcApplicantSearch, mfc_applicant_search, MFC, APPLICANT_SEARCH, GObject)

#define MFC_APPLICANT_SEARCH_DEFAULT_DELAY_MS 250

MfcApplicantSearch *mfc_applicant_search_new         (MfcClient          *client);
void                mfc_applicant_search_set_text    (MfcApplicantSearch *self,
                                                      const char         *text);
const char         *mfc_applicant_search_get_text    (MfcApplicantSearch *self);
MfcSearchKind       mfc_applicant_search_get_kind    (MfcApplicantSearch *self);
void                mfc_applicant_search_set_delay   (MfcApplicantSearch *self,
                                                      guint               delay_ms);
guint               mfc_applicant_search_get_delay   (MfcApplicantSearch *self);
gboolean            mfc_applicant_search_get_loading (MfcApplicantSearch *self);
const GError       *mfc_applicant_search_get_error   (MfcApplicantSearch *self);
MfcApplicant       *mfc_applicant_search_get_top_hit (MfcApplicantSearch *self);
MfcQuery           *mfc_applicant_search_get_query   (MfcApplicantSearch *self);
void                mfc_applicant_search_load_more   (MfcApplicantSearch *self);

G_END_DECLS
