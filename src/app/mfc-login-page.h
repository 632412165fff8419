/* mfc-login-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mfc-context.h"

G_BEGIN_DECLS

#define MFC_TYPE_LOGIN_PAGE (mfc_login_page_get_type ())
G_DECLARE_FINAL_TYPE (MfcLoginPage, mfc_login_page, MFC, LOGIN_PAGE, AdwBin)

MfcLoginPage *mfc_login_page_new            (MfcContext   *context);
void          mfc_login_page_submit         (MfcLoginPage *self);
void          mfc_login_page_show_message   (MfcLoginPage *self,
                                             const char   *message);
void          mfc_login_page_set_busy       (MfcLoginPage *self,
                                             gboolean      busy);
char         *mfc_login_describe_error      (const GError *error);

G_END_DECLS
