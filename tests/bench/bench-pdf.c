/* bench-pdf.c — the app's PDF assembler as a program, for
 * /work/shared/bench/scan-to-pdf-anchor.sh --program:
 *
 *   bench-pdf [--limit BYTES] [--threads N] OUT.pdf PAGE...
 *
 * Each PAGE becomes a page of one MfcDocument, assembled by
 * mfc_pdf_assemble() exactly as the documents page does, with the 5 MB
 * upload limit (5 000 000 bytes) unless told otherwise.  A PNG or JPEG is
 * an import; a binary PNM (.pnm/.ppm, 8-bit) is taken as a scan from the
 * page store (which keeps scans as PNM), at --dpi (default 300) unless its
 * header says.  Prints one JSON line: pages, parts, bytes, dpi and quality
 * used, seconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "mfc-doc-page.h"
#include "mfc-pdf-assembler.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcDocument) doc = mfc_document_new ();
  g_autoptr(MfcPdfResult) result = NULL;
  gint64 limit = 5000000;
  int threads = 0;
  double scan_dpi = 300;
  GOptionEntry entries[] = {
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &scan_dpi, "Resolution of PNM scans", "DPI" },
    { "limit", 0, 0, G_OPTION_ARG_INT64, &limit, "Size limit in bytes", "BYTES" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Encoding threads (0: one per CPU)", "N" },
    { NULL }
  };
  MfcPdfOptions options = { 0 };
  gint64 t0;

  mfc_page_memory_setup ();   /* as the app's main() */
  context = g_option_context_new ("OUT.pdf PAGE...");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 3 || limit <= 0)
    {
      g_printerr ("usage: bench-pdf [--limit BYTES] [--threads N] OUT.pdf PAGE...\n");
      return 2;
    }

  t0 = g_get_monotonic_time ();
  for (int i = 2; i < argc; i++)
    {
      g_autoptr(MfcDocPage) page = NULL;

      if (g_str_has_suffix (argv[i], ".pnm") || g_str_has_suffix (argv[i], ".ppm"))
        page = mfc_doc_page_new_scan (argv[i], MFC_PIXEL_FORMAT_RGB8, 0, 0, scan_dpi, FALSE);
      else
        page = mfc_doc_page_new_import (MFC_PAGE_KIND_IMAGE, argv[i], -1, 0, 0, 0);

      mfc_document_append_page (doc, page);
    }
  options.limit = (guint64) limit;
  options.output = argv[1];
  options.allow_split = TRUE;
  options.n_threads = (guint) MAX (threads, 0);
  result = mfc_pdf_assemble (doc, &options, NULL, &error);
  if (result == NULL)
    {
      g_printerr ("bench-pdf: %s\n", error->message);
      return 1;
    }
  printf ("{\"pages\": %u, \"parts\": %u, \"bytes\": %" G_GUINT64_FORMAT
          ", \"limit\": %" G_GINT64_FORMAT ", \"gray_pages\": %u"
          ", \"dpi\": [%d, %d], \"quality\": [%d, %d], \"seconds\": %.3f}\n",
          mfc_pdf_result_get_n_pages (result), mfc_pdf_result_get_n_parts (result),
          mfc_pdf_result_get_total_size (result), limit,
          mfc_pdf_result_get_n_gray_pages (result),
          mfc_pdf_result_get_min_dpi (result), mfc_pdf_result_get_max_dpi (result),
          mfc_pdf_result_get_min_quality (result), mfc_pdf_result_get_max_quality (result),
          (g_get_monotonic_time () - t0) / 1e6);
  return 0;
}
