/* mfc-test-window.c — the main window of a UI test, logged in for training.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mfc-test-ui.h"
#include "mfc-test-window.h"

/* An MfcTestCondition: the window shows the work page (not login or lock). */
gboolean
mfc_test_ui_window_is_working (gpointer window)
{
  return g_strcmp0 (mfc_window_get_page (window), "work") == 0;
}

/* Activates @app, waits for its window and, unless a test before left it
 * logged in, logs in with the training account (within @timeout_ms). */
MfcWindow *
mfc_test_ui_start_work_window (MfcApplication *app,
                               guint           timeout_ms)
{
  MfcWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = (MfcWindow *) mfc_test_ui_find_window (GTK_APPLICATION (app), MFC_TYPE_WINDOW);
  g_assert_nonnull (window);
  mfc_test_ui_wait_mapped (GTK_WIDGET (window));
  if (!mfc_test_ui_window_is_working (window))
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "training", NULL);
      mfc_test_ui_wait_until (mfc_test_ui_window_is_working, window, timeout_ms, "the training login");
      mfc_test_ui_settle ();
    }
  return window;
}
