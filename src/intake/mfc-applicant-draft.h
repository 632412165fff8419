/* mfc-applicant-draft.h — the applicant form kept on disk while the
 * clerk types, so a crash or a kill -9 loses nothing.
 *
 * One draft per desk user, a key file at
 * $XDG_DATA_HOME/mfc-desk/applicant-draft.ini: mode 0600 and written
 * atomically (a whole new file renamed over the old one), because it
 * holds personal data.  It is removed once the form is submitted and at
 * logout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-applicant-form.h"

G_BEGIN_DECLS

char             *mfc_applicant_draft_get_default_path (void);
gboolean          mfc_applicant_draft_save    (MfcApplicantForm  *form,
                                               const char        *path,
                                               GError           **error);
MfcApplicantForm *mfc_applicant_draft_load    (const char        *path,
                                               GError           **error);
gboolean          mfc_applicant_draft_remove  (const char        *path,
                                               GError           **error);

G_END_DECLS
