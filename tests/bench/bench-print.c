/* bench-print.c — how long the clerk waits for a receipt: a one-page
 * receipt (header, QR code, rows, marked lists, signatures, «ОБРАЗЕЦ»)
 * from an empty document to a finished PDF.
 *
 * Each run builds the document, lays it out and writes the PDF, timed on
 * the monotonic clock; the first run (fonts loaded, the QR encoder and
 * the font map warmed up) is reported on its own and left out of the
 * median.  By default the PDF goes to memory (no disk in the figure);
 * --file writes each one to a temporary file as «Сохранить PDF» does.
 * The figures are printed as JSON; nothing asserts a speed (the target,
 * < 100 ms, is in docs/benchmarks.md with the recorded figures).
 *
 *   bench-print [--runs N] [--file] [--clauses N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-bench"

#include "config.h"

#include <gio/gio.h>
#include <locale.h>

#include "mfc-print-document.h"
#include "mfc-print-layout.h"
#include "mfc-print-pdf.h"
#include "printing-test-util.h"

#include "bench-stats.h"



/* One receipt, start to finish; returns the milliseconds and the size */
static double
one_run (const char *path,
         guint       extra_clauses,
         gsize      *bytes,
         guint      *pages)
{
  g_autoptr(MfcPrintDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 end;

  doc = printing_test_receipt (TRUE);
  if (extra_clauses > 0)
    printing_test_add_clauses (doc, extra_clauses);

  if (path != NULL)
    {
      if (!mfc_print_document_write_pdf (doc, path, &error))
        g_error ("%s", error->message);
      end = g_get_monotonic_time ();
      {
        g_autoptr(GFile) file = g_file_new_for_path (path);
        g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                       G_FILE_QUERY_INFO_NONE, NULL, NULL);
        *bytes = info != NULL ? (gsize) g_file_info_get_size (info) : 0;
      }
    }
  else
    {
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();

      if (!mfc_print_document_write_pdf_to_stream (doc, stream, NULL, &error))
        g_error ("%s", error->message);
      end = g_get_monotonic_time ();
      *bytes = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
    }

  /* Pages are counted outside the timed part */
  {
    g_autoptr(MfcPrintLayout) layout = mfc_print_layout_new (doc, MFC_PRINT_A4_WIDTH,
                                                             MFC_PRINT_A4_HEIGHT);
    *pages = mfc_print_layout_get_n_pages (layout);
  }

  return (double) (end - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  int runs = 50;
  int extra_clauses = 0;
  gboolean to_file = FALSE;
  GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Timed runs after the first (default 50)", "N" },
    { "file", 0, 0, G_OPTION_ARG_NONE, &to_file, "Write each PDF to a temporary file", NULL },
    { "clauses", 0, 0, G_OPTION_ARG_INT, &extra_clauses, "Add N paragraphs (a longer document)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— time a receipt PDF");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  double first, sum = 0;
  gsize bytes = 0;
  guint pages = 0;

  /* Russian text on the paper, but a JSON decimal point */
  printing_test_use_russian ();
  setlocale (LC_NUMERIC, "C");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (runs < 1 || extra_clauses < 0)
    {
      g_printerr ("--runs must be at least 1, --clauses not negative\n");
      return 2;
    }

  if (to_file)
    {
      dir = printing_test_make_dir ();
      path = g_build_filename (dir, "receipt.pdf", NULL);
    }

  first = one_run (path, (guint) extra_clauses, &bytes, &pages);
  for (int i = 0; i < runs; i++)
    {
      double ms = one_run (path, (guint) extra_clauses, &bytes, &pages);

      g_array_append_val (times, ms);
      sum += ms;
    }

  /* Sorted before the figures: min and max are read off the ends. */
  g_array_sort (times, bench_compare_doubles);
  g_print ("{\"benchmark\": \"print-receipt\", \"output\": \"%s\", \"runs\": %d, "
           "\"pages\": %u, \"bytes\": %" G_GSIZE_FORMAT ", "
           "\"first_ms\": %.2f, \"median_ms\": %.2f, \"mean_ms\": %.2f, "
           "\"p90_ms\": %.2f, \"min_ms\": %.2f, \"max_ms\": %.2f, "
           "\"target_ms\": 100}\n",
           to_file ? "file" : "memory", runs, pages, bytes, first,
           bench_percentile (times, 0.5), sum / runs, bench_percentile (times, 0.9),
           g_array_index (times, double, 0),
           g_array_index (times, double, times->len - 1));

  if (dir != NULL)
    printing_test_remove_dir (dir);

  return 0;
}
