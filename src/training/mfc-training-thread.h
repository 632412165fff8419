/* mfc-training-thread.h — the training server on a thread of its own, with
 * its own GMainContext: what `mfc-desk --demo` runs, so that SQLite work
 * (seeding, «Сбросить учебные данные», requests) never stalls the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MFC_TYPE_TRAINING_THREAD (mfc_training_thread_get_type ())
G_DECLARE_FINAL_TYPE (MfcTrainingThread, mfc_training_thread, MFC, TRAINING_THREAD, GObject)

MfcTrainingThread *mfc_training_thread_new            (const char          *db_path,
                                                       const char          *seed);
void               mfc_training_thread_set_fake_time  (MfcTrainingThread   *self,
                                                       gint64               unix_seconds);
void               mfc_training_thread_start_async    (MfcTrainingThread   *self,
                                                       const char          *address,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean           mfc_training_thread_start_finish   (MfcTrainingThread   *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
void               mfc_training_thread_reset_async    (MfcTrainingThread   *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean           mfc_training_thread_reset_finish   (MfcTrainingThread   *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
void               mfc_training_thread_set_reachable_async  (MfcTrainingThread   *self,
                                                             gboolean             reachable,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean           mfc_training_thread_set_reachable_finish (MfcTrainingThread   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void               mfc_training_thread_stop           (MfcTrainingThread   *self);
const char        *mfc_training_thread_get_base_url   (MfcTrainingThread   *self);
gboolean           mfc_training_thread_is_running     (MfcTrainingThread   *self);

G_END_DECLS
