/* mfc-test-util.h — small helpers the service tests share (and the UI
 * tests and benchmarks that run a training server of their own).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long a wait may take before the test fails: a guard against
 * hanging, far above what any call needs on a loaded machine. */
#define MFC_TEST_WAIT_MS 60000

typedef gboolean (*MfcTestCondition) (gpointer data);

void          mfc_test_wait_until        (MfcTestCondition condition,
                                          gpointer       data,
                                          guint          timeout_ms,
                                          const char    *what);
GAsyncResult *mfc_test_wait_result       (GAsyncResult **slot);
void          mfc_test_use_russian       (void);
void          mfc_test_result_cb         (GObject       *object,
                                          GAsyncResult  *result,
                                          gpointer       user_data);
void          mfc_test_assert_not_on_disk (const char   *secret);
void          mfc_test_keyring_save       (const char   *server,
                                           const char   *login,
                                           const char   *token);
gboolean      mfc_test_keyring_lookup     (const char   *server,
                                           char        **login,
                                           char        **token);
void          mfc_test_keyring_clear      (const char   *server);
guint16       mfc_test_free_port          (void);

G_END_DECLS
