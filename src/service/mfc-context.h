/* mfc-context.h — what every feature is handed: settings, the client of
 * the central service, the clerk's session and, in training mode, the
 * training server running inside the application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-client.h"
#include "mfc-events.h"
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
gboolean    mfc_context_set_server          (MfcContext           *self,
                                             const char           *address,
                                             GError              **error);
gboolean    mfc_context_get_training        (MfcContext           *self);
void        mfc_context_set_training        (MfcContext           *self,
                                             gboolean              training);

G_END_DECLS
