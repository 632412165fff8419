/* mfc-training-mode.h — `mfc-desk --demo`: the training server inside the
 * application, a fresh seeded database, the trainee logged in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-context.h"
#include "mfc-training-thread.h"

G_BEGIN_DECLS

/* The trainee account of the training server (DESIGN §4). */
#define MFC_TRAINING_LOGIN    "clerk"
#define MFC_TRAINING_PASSWORD "demo"

#define MFC_TYPE_TRAINING_MODE (mfc_training_mode_get_type ())
G_DECLARE_FINAL_TYPE (MfcTrainingMode, mfc_training_mode, MFC, TRAINING_MODE, GObject)

MfcTrainingMode *mfc_training_mode_new          (MfcContext          *context);
const char      *mfc_training_mode_get_base_url (MfcTrainingMode     *self);
void             mfc_training_mode_start_async  (MfcTrainingMode     *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         mfc_training_mode_start_finish (MfcTrainingMode     *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void             mfc_training_mode_reset_async  (MfcTrainingMode     *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         mfc_training_mode_reset_finish (MfcTrainingMode     *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void             mfc_training_mode_stop         (MfcTrainingMode     *self);
MfcTrainingThread *mfc_training_mode_get_runner (MfcTrainingMode     *self);

G_END_DECLS
