/* mfc-events.h — live events from the central service over a WebSocket.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mfc-client.h"

G_BEGIN_DECLS

#define MFC_TYPE_EVENTS (mfc_events_get_type ())
G_DECLARE_FINAL_TYPE (MfcEvents, mfc_events, MFC, EVENTS, GObject)

MfcEvents *mfc_events_new                 (MfcClient *client);
MfcClient *mfc_events_get_client          (MfcEvents *self);
void       mfc_events_start               (MfcEvents *self);
void       mfc_events_stop                (MfcEvents *self);
gboolean   mfc_events_get_connected       (MfcEvents *self);
void       mfc_events_set_reconnect_delay (MfcEvents *self,
                                           guint      initial_ms,
                                           guint      max_ms);
void       mfc_events_set_idle_timeout    (MfcEvents *self,
                                           guint      seconds);

G_END_DECLS
