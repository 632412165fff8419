/* mfc-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mfc-context.h"
#include "mfc-training-mode.h"

G_BEGIN_DECLS

#define MFC_TYPE_APPLICATION (mfc_application_get_type ())
G_DECLARE_FINAL_TYPE (MfcApplication, mfc_application, MFC, APPLICATION, AdwApplication)

MfcApplication *mfc_application_new         (void);
MfcContext      *mfc_application_get_context       (MfcApplication *self);
MfcTrainingMode *mfc_application_get_training_mode (MfcApplication *self);

G_END_DECLS
