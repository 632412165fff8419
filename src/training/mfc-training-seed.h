/* mfc-training-seed.h — the training data sets: "demo" (a fictional
 * region for a classroom) and "large" (for benchmarks).  Deterministic:
 * the same seed and the same day give the same rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-training-store.h"

G_BEGIN_DECLS

gboolean mfc_training_seed_demo  (MfcTrainingStore  *store,
                                  gint64             now,
                                  GError           **error);
gboolean mfc_training_seed_large (MfcTrainingStore  *store,
                                  gint64             now,
                                  GError           **error);

G_END_DECLS
