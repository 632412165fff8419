/* bench-stats.h — the order statistics the benchmark programs print:
 * one way to sort the measured milliseconds and read a percentile off
 * them, so that "median" and "p95" mean the same in every figure of
 * docs/benchmarks.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_GNUC_UNUSED static int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The value at fraction @p (0 … 1) of @values (doubles), nearest rank;
 * sorts @values.  0 for an empty array. */
G_GNUC_UNUSED static double
bench_percentile (GArray *values,
                  double  p)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, bench_compare_doubles);

  return g_array_index (values, double, (guint) (p * (values->len - 1) + 0.5));
}
