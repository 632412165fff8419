/* bench-scanner.c — pages per second from SANE's test device through
 * MfcScanner, the app's path: an ADF batch (10 sheets, 200×200 mm) at
 * 300 dpi colour, each page read on the scanner thread and saved to a
 * page store (0600, flushed) before page-done.
 *
 *   bench-scanner [--dpi 300] [--rounds 3]
 *
 * The test backend is enabled through a private SANE_CONFIG_DIR in a
 * temporary folder.  Prints one JSON line per round and the median.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "mfc-scanner.h"

typedef struct {
  gboolean done;
  guint    pages;
  gboolean failed;
} Run;

static void
batch_done_cb (MfcScanner *s, guint n, gboolean cancelled, Run *run)
{
  run->done = TRUE;
  run->pages = n;
}

static void
error_cb (MfcScanner *s, const GError *error, Run *run)
{
  fprintf (stderr, "bench-scanner: %s\n", error->message);
  run->failed = TRUE;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *sane = NULL;
  g_autofree char *pages_dir = NULL;
  int dpi = 300, rounds = 3;
  GOptionEntry entries[] = {
    { "dpi", 0, 0, G_OPTION_ARG_INT, &dpi, "Resolution", "DPI" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Batches to time", "N" },
    { NULL }
  };
  double *rates;

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rounds < 1)
    {
      g_printerr ("usage: bench-scanner [--dpi N] [--rounds N]\n");
      return 2;
    }
  tmp = g_dir_make_tmp ("bench-scanner-XXXXXX", &error);
  g_assert_no_error (error);
  sane = g_build_filename (tmp, "sane", NULL);
  pages_dir = g_build_filename (tmp, "pages", NULL);
  if (!mfc_scanner_use_test_backend (sane, &error))
    {
      g_printerr ("bench-scanner: %s\n", error->message);
      return 1;
    }

  rates = g_new0 (double, rounds);
  for (int r = 0; r < rounds; r++)
    {
      g_autoptr(MfcPageStore) store = mfc_page_store_new (pages_dir);
      g_autoptr(MfcScanner) scanner = mfc_scanner_new (store);
      MfcScanSettings settings = { .source = MFC_SCAN_SOURCE_ADF, .mode = MFC_SCAN_MODE_COLOR,
                                   .dpi = dpi, .page_size = MFC_SCAN_PAGE_SIZE_MAX };
      Run run = { 0 };
      gint64 t0;
      double seconds;

      g_signal_connect (scanner, "batch-done", G_CALLBACK (batch_done_cb), &run);
      g_signal_connect (scanner, "scan-error", G_CALLBACK (error_cb), &run);
      t0 = g_get_monotonic_time ();
      mfc_scanner_scan (scanner, "test:0", &settings);
      while (!run.done)
        g_main_context_iteration (NULL, TRUE);
      seconds = (g_get_monotonic_time () - t0) / 1e6;
      if (run.failed || run.pages == 0)
        return 1;
      rates[r] = run.pages / seconds;
      printf ("{\"round\": %d, \"pages\": %u, \"dpi\": %d, \"mode\": \"color\", "
              "\"seconds\": %.3f, \"pages_per_s\": %.2f}\n",
              r + 1, run.pages, dpi, seconds, rates[r]);
      mfc_page_store_discard (store, NULL);
    }
  qsort (rates, rounds, sizeof (double), compare_doubles);
  printf ("{\"median_pages_per_s\": %.2f, \"rounds\": %d}\n", rates[rounds / 2], rounds);
  g_free (rates);
  g_rmdir (pages_dir);
  {
    g_autofree char *dll = g_build_filename (sane, "dll.conf", NULL);
    g_autofree char *conf = g_build_filename (sane, "test.conf", NULL);

    g_unlink (dll);
    g_unlink (conf);
    g_rmdir (sane);
    g_rmdir (tmp);
  }
  return 0;
}
