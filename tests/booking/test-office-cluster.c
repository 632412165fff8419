/* test-office-cluster.c — the map's own clustering: every office counted
 * exactly once at every zoom, a cluster's bounds hold its members, a click
 * on a cluster goes deeper and splits it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "mfc-office-cluster.h"

static GArray *
random_points (guint n,
               guint32 seed)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (MfcGeoPoint));
  g_autoptr(GRand) rng = g_rand_new_with_seed (seed);

  for (guint i = 0; i < n; i++)
    {
      MfcGeoPoint p = { g_rand_double_range (rng, 53.2, 56.2), g_rand_double_range (rng, 75.5, 85.3) };

      /* A few exact duplicates (two offices in one building). */
      if (i % 97 == 1)
        p = g_array_index (points, MfcGeoPoint, i - 1);
      g_array_append_val (points, p);
    }
  return points;
}

static void
test_counted_once (void)
{
  g_autoptr(GArray) points = random_points (20000, 7);
  g_autofree guint *assignment = g_new (guint, points->len);

  for (guint zoom = 0; zoom <= 18; zoom++)
    {
      g_autoptr(GArray) clusters = mfc_cluster_points ((MfcGeoPoint *) points->data, points->len,
                                                       zoom, MFC_CLUSTER_DEFAULT_CELL_PX, assignment);
      g_autofree guint *recount = g_new0 (guint, clusters->len);
      guint total = 0;

      for (guint i = 0; i < points->len; i++)
        {
          MfcGeoPoint *p = &g_array_index (points, MfcGeoPoint, i);
          MfcCluster *c;

          g_assert_cmpuint (assignment[i], <, clusters->len);
          c = &g_array_index (clusters, MfcCluster, assignment[i]);
          recount[assignment[i]]++;
          g_assert_cmpfloat (p->lat, >=, c->south);
          g_assert_cmpfloat (p->lat, <=, c->north);
          g_assert_cmpfloat (p->lon, >=, c->west);
          g_assert_cmpfloat (p->lon, <=, c->east);
        }
      for (guint k = 0; k < clusters->len; k++)
        {
          MfcCluster *c = &g_array_index (clusters, MfcCluster, k);

          g_assert_cmpuint (c->count, >, 0);
          g_assert_cmpuint (c->count, ==, recount[k]);
          g_assert_cmpuint (assignment[c->first], ==, k);
          /* The badge stands among its members. */
          g_assert_cmpfloat (c->lat, >=, c->south - 1e-9);
          g_assert_cmpfloat (c->lat, <=, c->north + 1e-9);
          total += c->count;
        }
      g_assert_cmpuint (total, ==, points->len);
      if (zoom == 0)
        g_assert_cmpuint (clusters->len, <=, 4);
      if (zoom == 18)
        g_assert_cmpuint (clusters->len, >, points->len * 9 / 10);
    }
}

static void
test_few_markers_in_view (void)
{
  /* However many offices, a 1280×800 view holds at most one badge per
   * cell: what keeps the marker widgets to a few hundred. */
  g_autoptr(GArray) points = random_points (20000, 11);

  for (guint zoom = 6; zoom <= 12; zoom++)
    {
      g_autoptr(GArray) clusters = mfc_cluster_points ((MfcGeoPoint *) points->data, points->len,
                                                       zoom, 96, NULL);
      double cx, cy;
      guint in_view = 0;

      mfc_cluster_project (54.7, 80.4, zoom, &cx, &cy);
      for (guint k = 0; k < clusters->len; k++)
        {
          MfcCluster *c = &g_array_index (clusters, MfcCluster, k);
          double x, y;

          mfc_cluster_project (c->lat, c->lon, zoom, &x, &y);
          if (fabs (x - cx) <= 640 && fabs (y - cy) <= 400)
            in_view++;
        }
      g_assert_cmpuint (in_view, <=, (1280 / 96 + 2) * (800 / 96 + 2));
    }
}

static void
test_project_round_trip (void)
{
  double x, y, lat, lon;

  mfc_cluster_project (55.0302, 82.9204, 12, &x, &y);
  mfc_cluster_unproject (x, y, 12, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lat, 55.0302, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, 82.9204, 1e-9);
  /* The XYZ tile of Новосибирск at zoom 12 (as OpenStreetMap numbers it). */
  g_assert_cmpint ((int) (x / 256), ==, 2991);
  g_assert_cmpint ((int) (y / 256), ==, 1294);
}

static void
test_click_splits (void)
{
  g_autoptr(GArray) points = random_points (500, 3);
  g_autoptr(GArray) clusters = mfc_cluster_points ((MfcGeoPoint *) points->data, points->len, 7, 96, NULL);
  MfcCluster *biggest = NULL;
  double zoom;
  g_autoptr(GArray) inside = g_array_new (FALSE, FALSE, sizeof (MfcGeoPoint));
  g_autoptr(GArray) deeper = NULL;

  for (guint k = 0; k < clusters->len; k++)
    if (biggest == NULL || g_array_index (clusters, MfcCluster, k).count > biggest->count)
      biggest = &g_array_index (clusters, MfcCluster, k);
  g_assert_cmpuint (biggest->count, >, 1);

  zoom = mfc_cluster_zoom_to_fit (biggest, 1000, 700, 7, 16);
  g_assert_cmpfloat (zoom, >=, 8);
  g_assert_cmpfloat (zoom, <=, 16);

  /* Its bounds fit the view at that zoom… */
  {
    double x0, y0, x1, y1;

    mfc_cluster_project (biggest->north, biggest->west, zoom, &x0, &y0);
    mfc_cluster_project (biggest->south, biggest->east, zoom, &x1, &y1);
    g_assert_cmpfloat (x1 - x0, <=, 1000);
    g_assert_cmpfloat (y1 - y0, <=, 700);
  }
  /* …and there its offices stand in more than one badge. */
  for (guint i = 0; i < points->len; i++)
    {
      MfcGeoPoint *p = &g_array_index (points, MfcGeoPoint, i);

      if (p->lat >= biggest->south && p->lat <= biggest->north &&
          p->lon >= biggest->west && p->lon <= biggest->east)
        g_array_append_val (inside, *p);
    }
  deeper = mfc_cluster_points ((MfcGeoPoint *) inside->data, inside->len, (guint) zoom, 96, NULL);
  g_assert_cmpuint (deeper->len, >, 1);
}

static void
test_empty (void)
{
  g_autoptr(GArray) clusters = mfc_cluster_points (NULL, 0, 10, 96, NULL);

  g_assert_cmpuint (clusters->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/booking/cluster/counted-once", test_counted_once);
  g_test_add_func ("/booking/cluster/few-markers-in-view", test_few_markers_in_view);
  g_test_add_func ("/booking/cluster/project", test_project_round_trip);
  g_test_add_func ("/booking/cluster/click-splits", test_click_splits);
  g_test_add_func ("/booking/cluster/empty", test_empty);
  return g_test_run ();
}
