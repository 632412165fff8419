/* mfc-recent-services.h — the services each clerk used last, most
 * recent first, kept in a key file (mode 0600) whose path the caller
 * chooses, or in memory only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* MfcRecentServices */

#define MFC_RECENT_SERVICES_MAX 10

#define MFC_TYPE_RECENT_SERVICES (mfc_recent_services_get_type ())
G_DECLARE_FINAL_TYPE (MfcRecentServices, mfc_recent_services, MFC, RECENT_SERVICES, GObject)

MfcRecentServices  *mfc_recent_services_new       (const char        *path);
void                mfc_recent_services_set_clerk (MfcRecentServices *self,
                                                   const char        *clerk_id);
void                mfc_recent_services_note      (MfcRecentServices *self,
                                                   const char        *service_id);
const char * const *mfc_recent_services_get_ids   (MfcRecentServices *self);

G_END_DECLS
