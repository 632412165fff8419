/* scan-worker.c — a process that scans an ADF batch from SANE's test
 * device into a page store, as the documents page does, printing a line
 * per page once the page is in the document; test-page-store kills it
 * with SIGKILL in the middle and restores the store.
 *
 *   scan-worker STORE_DIR SANE_CONFIG_DIR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "mfc-scanner.h"

static gboolean finished;

static void
page_done_cb (MfcScanner  *scanner,
              guint        page,
              MfcDocPage  *doc_page,
              MfcDocument *doc)
{
  mfc_document_append_page (doc, doc_page);
  printf ("page %u\n", page);
  fflush (stdout);
}

static void
batch_done_cb (MfcScanner *scanner,
               guint       n,
               gboolean    cancelled,
               gpointer    data)
{
  printf ("done %u\n", n);
  fflush (stdout);
  finished = TRUE;
}

static void
error_cb (MfcScanner   *scanner,
          const GError *error,
          gpointer      data)
{
  fprintf (stderr, "scan-worker: %s\n", error->message);
  exit (1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcPageStore) store = NULL;
  g_autoptr(MfcDocument) doc = mfc_document_new ();
  g_autoptr(MfcScanner) scanner = NULL;
  MfcScanSettings settings = { .source = MFC_SCAN_SOURCE_ADF, .mode = MFC_SCAN_MODE_COLOR,
                               .dpi = 150, .page_size = MFC_SCAN_PAGE_SIZE_MAX };

  if (argc != 3)
    {
      fprintf (stderr, "usage: scan-worker STORE_DIR SANE_CONFIG_DIR\n");
      return 2;
    }
  if (!mfc_scanner_use_test_backend (argv[2], &error))
    {
      fprintf (stderr, "scan-worker: %s\n", error->message);
      return 1;
    }
  store = mfc_page_store_new (argv[1]);
  mfc_page_store_attach (store, doc);
  scanner = mfc_scanner_new (store);
  g_signal_connect (scanner, "page-done", G_CALLBACK (page_done_cb), doc);
  g_signal_connect (scanner, "batch-done", G_CALLBACK (batch_done_cb), NULL);
  g_signal_connect (scanner, "scan-error", G_CALLBACK (error_cb), NULL);
  /* Slow enough that a kill lands in the middle of the batch. */
  mfc_scanner_set_backend_option (scanner, "read-delay", "yes");
  mfc_scanner_set_backend_option (scanner, "read-delay-duration", "2000");
  mfc_scanner_scan (scanner, "test:0", &settings);
  while (!finished)
    g_main_context_iteration (NULL, TRUE);
  mfc_page_store_flush (store, NULL);
  return 0;
}
