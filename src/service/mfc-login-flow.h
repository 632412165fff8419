/* mfc-login-flow.h — logging in as the clerk sees it, without widgets:
 * busy or not, the one-time-code step, the message to show and the field
 * to fix.  The login page and the lock screen each observe one; the
 * application talks to the login page's through the context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-session.h"

G_BEGIN_DECLS

/* Which field the clerk should type in next, after a failure. */
typedef enum {
  MFC_LOGIN_FIELD_NONE,
  MFC_LOGIN_FIELD_LOGIN,
  MFC_LOGIN_FIELD_PASSWORD,
  MFC_LOGIN_FIELD_OTP,
} MfcLoginField;

#define MFC_TYPE_LOGIN_FIELD (mfc_login_field_get_type ())
GType mfc_login_field_get_type (void) G_GNUC_CONST;

#define MFC_TYPE_LOGIN_FLOW (mfc_login_flow_get_type ())
G_DECLARE_FINAL_TYPE (MfcLoginFlow, mfc_login_flow, MFC, LOGIN_FLOW, GObject)

MfcLoginFlow *mfc_login_flow_new            (MfcSession   *session);
MfcSession   *mfc_login_flow_get_session    (MfcLoginFlow *self);
gboolean      mfc_login_flow_get_busy       (MfcLoginFlow *self);
gboolean      mfc_login_flow_get_needs_otp  (MfcLoginFlow *self);
const char   *mfc_login_flow_get_message    (MfcLoginFlow *self);
void          mfc_login_flow_set_message    (MfcLoginFlow *self,
                                             const char   *message);

void          mfc_login_flow_submit         (MfcLoginFlow *self,
                                             const char   *login,
                                             const char   *password,
                                             const char   *otp);
void          mfc_login_flow_cancel         (MfcLoginFlow *self);
void          mfc_login_flow_restore        (MfcLoginFlow *self);
void          mfc_login_flow_begin          (MfcLoginFlow *self);
void          mfc_login_flow_end            (MfcLoginFlow *self,
                                             const char   *message);

char         *mfc_login_flow_describe_error (const GError *error);

G_END_DECLS
