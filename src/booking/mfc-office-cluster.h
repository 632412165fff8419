/* mfc-office-cluster.h — grid clustering of map points per zoom level
 * (libshumate has none), pure and without GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MFC_CLUSTER_TILE_SIZE 256
#define MFC_CLUSTER_DEFAULT_CELL_PX 64

typedef struct
{
  double lat;
  double lon;
} MfcGeoPoint;

typedef struct
{
  double lat;       /* the mean of its members: where the badge stands */
  double lon;
  double south;     /* the members' bounds: what a click zooms into */
  double west;
  double north;
  double east;
  guint  count;
  guint  first;     /* the index of one member (the only one if count == 1) */
  gint64 cell;      /* the grid cell: stable between runs at one zoom */
} MfcCluster;

void    mfc_cluster_project        (double             lat,
                                    double             lon,
                                    double             zoom,
                                    double            *x,
                                    double            *y);
void    mfc_cluster_unproject      (double             x,
                                    double             y,
                                    double             zoom,
                                    double            *lat,
                                    double            *lon);

GArray *mfc_cluster_points         (const MfcGeoPoint *points,
                                    guint              n_points,
                                    guint              zoom,
                                    guint              cell_px,
                                    guint             *assignment);

double  mfc_cluster_zoom_to_fit    (const MfcCluster  *cluster,
                                    double             width_px,
                                    double             height_px,
                                    double             current_zoom,
                                    double             max_zoom);

G_END_DECLS
