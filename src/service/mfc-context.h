/* mfc-context.h — what every feature is handed: settings, the client of
 * the central service, the clerk's session, its live events and the login
 * flow of the login page.  All exist from mfc_context_new() on and are
 * never %NULL; a new service address reconfigures them (::server-changed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-client.h"
#include "mfc-events.h"
#include "mfc-login-flow.h"
#include "mfc-outbox.h"
#include "mfc-session.h"

G_BEGIN_DECLS

#define MFC_TYPE_CONTEXT (mfc_context_get_type ())
G_DECLARE_FINAL_TYPE (MfcContext, mfc_context, MFC, CONTEXT, GObject)

MfcContext *mfc_context_new                 (GSettings            *settings);
GSettings  *mfc_context_get_settings        (MfcContext           *self);
MfcClient  *mfc_context_get_client          (MfcContext           *self);
MfcSession *mfc_context_get_session         (MfcContext           *self);
MfcEvents  *mfc_context_get_events          (MfcContext           *self);
const char *mfc_context_get_server          (MfcContext           *self);
MfcLoginFlow *mfc_context_get_login_flow    (MfcContext           *self);
MfcOutbox  *mfc_context_get_outbox          (MfcContext           *self);
gboolean    mfc_context_set_server          (MfcContext           *self,
                                             const char           *address,
                                             GError              **error);
gboolean    mfc_context_get_training        (MfcContext           *self);
void        mfc_context_set_training        (MfcContext           *self,
                                             gboolean              training);

G_END_DECLS
