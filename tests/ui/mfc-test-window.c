/* mfc-test-window.c — the main window of a UI test, logged in for training.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mfc-test-ui.h"
#include "mfc-test-window.h"
#include "mfc-training-mode.h"

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

/* Takes training mode's service out of reach (or brings it back) at the
 * same address, so the client, training mode and its outbox stay as
 * they are. */
void
mfc_test_ui_set_reachable (MfcApplication *app,
                           gboolean        reachable)
{
  MfcTrainingThread *runner = mfc_training_mode_get_runner (mfc_application_get_training_mode (app));
  g_autoptr(GAsyncResult) slot = NULL;
  GAsyncResult *result;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (runner);
  mfc_training_thread_set_reachable_async (runner, reachable, NULL, mfc_test_ui_result_cb, &slot);
  result = mfc_test_ui_wait_result (&slot, reachable ? "the service back" : "the service gone");
  g_assert_true (mfc_training_thread_set_reachable_finish (runner, result, &error));
  g_assert_no_error (error);
}
