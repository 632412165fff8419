/* mfc-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mfc-context.h"
#include "mfc-lock-screen.h"
#include "mfc-login-page.h"
#include "mfc-outbox-indicator.h"
#include "mfc-page.h"

G_BEGIN_DECLS

#define MFC_TYPE_WINDOW (mfc_window_get_type ())
G_DECLARE_FINAL_TYPE (MfcWindow, mfc_window, MFC, WINDOW, AdwApplicationWindow)

MfcWindow  *mfc_window_new         (GtkApplication *application,
                                    MfcContext     *context);
const char *mfc_window_get_section (MfcWindow      *self);
void        mfc_window_set_section (MfcWindow      *self,
                                    const char     *section);

const char    *mfc_window_get_page        (MfcWindow      *self);
MfcLoginPage  *mfc_window_get_login_page  (MfcWindow      *self);
MfcLockScreen *mfc_window_get_lock_screen (MfcWindow      *self);
MfcPage       *mfc_window_get_section_page (MfcWindow     *self,
                                            const char    *section);
MfcOutboxIndicator *mfc_window_get_outbox_indicator (MfcWindow *self);

G_END_DECLS
