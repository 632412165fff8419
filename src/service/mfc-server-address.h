/* mfc-server-address.h — what counts as a central-service address.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MFC_SERVER_ADDRESS_ERROR (mfc_server_address_error_quark ())

typedef enum {
  MFC_SERVER_ADDRESS_ERROR_EMPTY,
  MFC_SERVER_ADDRESS_ERROR_INVALID,
  MFC_SERVER_ADDRESS_ERROR_SCHEME,
} MfcServerAddressError;

GQuark  mfc_server_address_error_quark (void);
char   *mfc_server_address_normalize   (const char  *text,
                                        GError     **error);

G_END_DECLS
