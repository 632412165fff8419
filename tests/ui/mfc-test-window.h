/* mfc-test-window.h — the main window of a UI test, logged in for training.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-application.h"
#include "mfc-window.h"

G_BEGIN_DECLS

gboolean   mfc_test_ui_window_is_working  (gpointer        window);
MfcWindow *mfc_test_ui_start_work_window  (MfcApplication *app,
                                           guint           timeout_ms);
void       mfc_test_ui_set_reachable      (MfcApplication *app,
                                           gboolean        reachable);

G_END_DECLS
