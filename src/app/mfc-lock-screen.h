/* mfc-lock-screen.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-page.h"

G_BEGIN_DECLS

#define MFC_TYPE_LOCK_SCREEN (mfc_lock_screen_get_type ())
G_DECLARE_FINAL_TYPE (MfcLockScreen, mfc_lock_screen, MFC, LOCK_SCREEN, MfcPage)

MfcLockScreen *mfc_lock_screen_new    (MfcContext    *context);
void           mfc_lock_screen_submit (MfcLockScreen *self);

G_END_DECLS
