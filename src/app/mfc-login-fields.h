/* mfc-login-fields.h — what the login page and the lock screen show of
 * their MfcLoginFlow the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mfc-login-flow.h"

G_BEGIN_DECLS

void mfc_login_fields_bind (MfcLoginFlow *flow,
                            GtkLabel     *message_label,
                            AdwEntryRow  *password_row,
                            AdwEntryRow  *otp_row);

G_END_DECLS
