/* mfc-context.h — what every feature is handed: settings now; the client,
 * session and outbox join it as they are built.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MFC_TYPE_CONTEXT (mfc_context_get_type ())
G_DECLARE_FINAL_TYPE (MfcContext, mfc_context, MFC, CONTEXT, GObject)

MfcContext *mfc_context_new          (GSettings  *settings);
GSettings  *mfc_context_get_settings (MfcContext *self);

G_END_DECLS
