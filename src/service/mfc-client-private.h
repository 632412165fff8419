/* mfc-client-private.h — for the other service classes (MfcEvents), not
 * for features: features never touch the SoupSession.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "mfc-client.h"

G_BEGIN_DECLS

SoupSession *mfc_client_get_soup_session  (MfcClient *self);
void         mfc_client_emit_unauthorized (MfcClient *self);
JsonNode    *mfc_client_parse_json        (const char  *data,
                                           gsize        len,
                                           const char **why);

G_END_DECLS
