/* bench-upload.c — one upload through the app's own path, as a whole
 * process: MfcClient's streamed multipart POST (mfc_client_upload_file_async,
 * part `file`), the same code the «Документы» section uses.
 *
 *   bench-upload [--report] FILE URL
 *
 * Run by /work/shared/bench/upload-anchor.sh --client build/tests/bench/bench-upload,
 * which times the process beside curl; figures in docs/benchmarks.md.
 * --report prints one JSON line on stderr: the bytes of the file, the
 * upload time, the peak RSS before the upload started (libraries, the
 * session) and at the end (to check memory ≤ 2 × the file).
 * Exits non-zero when the upload fails.  Nothing here asserts a speed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-bench"

#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "mfc-client.h"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(MfcClient) client = NULL;
  g_autoptr(MfcQuery) query = NULL;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *base = NULL;
  g_autofree char *basename = NULL;
  gboolean report = FALSE;
  Wait wait = { 0 };
  struct rusage usage;
  gint64 started;
  gint64 elapsed;
  long rss_before;
  int first = 1;

  if (argc > 1 && g_str_equal (argv[1], "--report"))
    {
      report = TRUE;
      first = 2;
    }
  if (argc - first != 2)
    {
      fprintf (stderr, "Usage: %s [--report] FILE URL\n", argv[0]);
      return 2;
    }

  uri = g_uri_parse (argv[first + 1], G_URI_FLAGS_NONE, &error);
  if (uri == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  base = g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), g_uri_get_host (uri),
                          g_uri_get_port (uri));
  client = mfc_client_new (base, &error);
  query = mfc_query_new (g_uri_get_path (uri));
  if (client == NULL || query == NULL)
    {
      fprintf (stderr, "Bad URL: %s\n", argv[first + 1]);
      return 2;
    }

  file = g_file_new_for_commandline_arg (argv[first]);
  basename = g_file_get_basename (file);
  wait.loop = g_main_loop_new (NULL, FALSE);

  /* What the process holds before the upload (libraries, TLS, the
   * session): the upload's own memory is the peak above this. */
  getrusage (RUSAGE_SELF, &usage);
  rss_before = usage.ru_maxrss;

  started = g_get_monotonic_time ();
  mfc_client_upload_file_async (client, query, NULL, basename, "application/octet-stream", file,
                                NULL, NULL, NULL, NULL, NULL, done_cb, &wait);
  g_main_loop_run (wait.loop);
  response = mfc_client_request_finish (client, wait.result, &error);
  elapsed = g_get_monotonic_time () - started;
  g_clear_object (&wait.result);
  g_main_loop_unref (wait.loop);

  if (response == NULL)
    {
      fprintf (stderr, "Upload failed: %s\n", error->message);
      return 1;
    }

  if (report)
    {
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);

      getrusage (RUSAGE_SELF, &usage);
      fprintf (stderr, "{\"bytes\": %" G_GINT64_FORMAT ", \"upload_ms\": %.1f, \"rss_before_kib\": %ld, \"max_rss_kib\": %ld}\n",
               info != NULL ? (gint64) g_file_info_get_size (info) : (gint64) -1,
               elapsed / 1000.0, rss_before, usage.ru_maxrss);
    }

  return 0;
}
