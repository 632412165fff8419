/* mfc-training-seed-offices.h — the offices of the training seeds, on the
 * streets of the demo region's map.  Private to the training server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-training-store.h"

G_BEGIN_DECLS

/* The zones of seeded offices; office_zone arrays hold indexes into it. */
typedef enum
{
  MFC_TR_SEED_ZONE_NOVOSIBIRSK,
  MFC_TR_SEED_ZONE_OMSK,
  MFC_TR_SEED_ZONE_KALININGRAD,
  MFC_TR_SEED_ZONE_KAMCHATKA,
  MFC_TR_SEED_N_ZONES
} MfcTrSeedZone;

const char *mfc_tr_seed_zone_name   (int zone);
int         mfc_tr_seed_zone_offset (int zone);

gboolean    mfc_tr_seed_offices     (MfcTrainingStore  *store,
                                     GRand             *rand,
                                     int                n_offices,
                                     int                n_services,
                                     GArray            *office_zone,
                                     GError           **error);

G_END_DECLS
