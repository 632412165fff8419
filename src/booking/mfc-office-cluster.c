/* mfc-office-cluster.c
 *
 * Offices are bucketed on a grid of cell_px × cell_px screen pixels of the
 * Web-Mercator world at an integer zoom level: one badge per non-empty
 * cell, standing at the mean of its members.  The grid is fixed to the
 * world (not to the view), so the clusters of a zoom level do not change
 * while the map pans and can be computed once per level; each point falls
 * in exactly one cell, so every office is counted exactly once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-booking"

#include "config.h"

#include <math.h>

#include "mfc-office-cluster.h"

/* Web Mercator's latitude limit. */
#define MAX_LAT 85.0511287798

/**
 * mfc_cluster_project:
 * @lat: latitude, degrees
 * @lon: longitude, degrees
 * @zoom: zoom level (fractional allowed)
 * @x: (out): world pixel x at @zoom
 * @y: (out): world pixel y at @zoom
 */
void
mfc_cluster_project (double  lat,
                     double  lon,
                     double  zoom,
                     double *x,
                     double *y)
{
  double size = MFC_CLUSTER_TILE_SIZE * exp2 (zoom);
  double phi = CLAMP (lat, -MAX_LAT, MAX_LAT) * G_PI / 180.0;

  *x = (lon + 180.0) / 360.0 * size;
  *y = (1.0 - log (tan (phi) + 1.0 / cos (phi)) / G_PI) / 2.0 * size;
}

/**
 * mfc_cluster_unproject:
 * @x: world pixel x
 * @y: world pixel y
 * @zoom: zoom level
 * @lat: (out): latitude
 * @lon: (out): longitude
 */
void
mfc_cluster_unproject (double  x,
                       double  y,
                       double  zoom,
                       double *lat,
                       double *lon)
{
  double size = MFC_CLUSTER_TILE_SIZE * exp2 (zoom);
  double n = G_PI - 2.0 * G_PI * y / size;

  *lon = x / size * 360.0 - 180.0;
  *lat = 180.0 / G_PI * atan (0.5 * (exp (n) - exp (-n)));
}

/**
 * mfc_cluster_points:
 * @points: (array length=n_points): the offices' positions
 * @n_points: how many
 * @zoom: the integer zoom level
 * @cell_px: the grid cell's side in screen pixels
 * @assignment: (out caller-allocates) (array length=n_points) (optional):
 *   for each point, the index of its cluster in the result
 *
 * Returns: (transfer full) (element-type MfcCluster): the clusters, in
 *   the order their first member appears in @points
 */
GArray *
mfc_cluster_points (const MfcGeoPoint *points,
                    guint              n_points,
                    guint              zoom,
                    guint              cell_px,
                    guint             *assignment)
{
  g_autoptr(GHashTable) cells = g_hash_table_new (g_int64_hash, g_int64_equal);
  GArray *clusters = g_array_sized_new (FALSE, FALSE, sizeof (MfcCluster), MIN (n_points, 4096));

  g_return_val_if_fail (points != NULL || n_points == 0, clusters);
  g_return_val_if_fail (cell_px > 0, clusters);

  for (guint i = 0; i < n_points; i++)
    {
      double x, y;
      gint64 cx, cy, key;
      gpointer found;
      MfcCluster *c;
      guint index;

      mfc_cluster_project (points[i].lat, points[i].lon, zoom, &x, &y);
      cx = (gint64) floor (x / cell_px);
      cy = (gint64) floor (y / cell_px);
      key = (cy << 32) | (cx & 0xffffffff);

      /* The key lives in the cluster itself (the array may move, so the
       * table stores the index and looks up by a key copied into it). */
      found = g_hash_table_lookup (cells, &key);
      if (found == NULL)
        {
          MfcCluster fresh = {
            .lat = 0, .lon = 0,
            .south = points[i].lat, .north = points[i].lat,
            .west = points[i].lon, .east = points[i].lon,
            .count = 0, .first = i, .cell = key,
          };
          gint64 *stored = g_new (gint64, 1);

          g_array_append_val (clusters, fresh);
          index = clusters->len - 1;
          *stored = key;
          g_hash_table_insert (cells, stored, GUINT_TO_POINTER (index + 1));
        }
      else
        index = GPOINTER_TO_UINT (found) - 1;

      c = &g_array_index (clusters, MfcCluster, index);
      c->count++;
      c->lat += points[i].lat;
      c->lon += points[i].lon;
      c->south = MIN (c->south, points[i].lat);
      c->north = MAX (c->north, points[i].lat);
      c->west = MIN (c->west, points[i].lon);
      c->east = MAX (c->east, points[i].lon);
      if (assignment != NULL)
        assignment[i] = index;
    }

  for (guint k = 0; k < clusters->len; k++)
    {
      MfcCluster *c = &g_array_index (clusters, MfcCluster, k);

      c->lat /= c->count;
      c->lon /= c->count;
    }

  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, cells);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_free (key);
  }
  return clusters;
}

/**
 * mfc_cluster_zoom_to_fit:
 * @cluster: a cluster
 * @width_px: the view's width
 * @height_px: the view's height
 * @current_zoom: the zoom the cluster was made at
 * @max_zoom: the map's deepest zoom
 *
 * What a click on a cluster does: the zoom at which its members' bounds
 * fill the view (with a margin), at least one level deeper than now so
 * the click always splits or approaches the cluster.
 *
 * Returns: the zoom level to go to
 */
double
mfc_cluster_zoom_to_fit (const MfcCluster *cluster,
                         double            width_px,
                         double            height_px,
                         double            current_zoom,
                         double            max_zoom)
{
  double x0, y0, x1, y1, span_x, span_y, zoom;

  g_return_val_if_fail (cluster != NULL, current_zoom);

  mfc_cluster_project (cluster->north, cluster->west, 0, &x0, &y0);
  mfc_cluster_project (cluster->south, cluster->east, 0, &x1, &y1);
  span_x = MAX (x1 - x0, 1e-9);
  span_y = MAX (y1 - y0, 1e-9);
  /* At zoom z the span is span·2^z pixels; keep it within 70 % of the view. */
  zoom = floor (log2 (MIN (0.7 * width_px / span_x, 0.7 * height_px / span_y)));
  zoom = MAX (zoom, floor (current_zoom) + 1);
  return MIN (zoom, max_zoom);
}
