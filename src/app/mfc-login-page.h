/* mfc-login-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-page.h"

G_BEGIN_DECLS

#define MFC_TYPE_LOGIN_PAGE (mfc_login_page_get_type ())
G_DECLARE_FINAL_TYPE (MfcLoginPage, mfc_login_page, MFC, LOGIN_PAGE, MfcPage)

MfcLoginPage *mfc_login_page_new            (MfcContext   *context);
void          mfc_login_page_submit         (MfcLoginPage *self);

G_END_DECLS
