/* test-page-store.c — scanned pages survive: the index keeps order,
 * rotation, crop and imports across a restart; a deleted page stays
 * deleted (unless undone); discard empties the store; and a scanning
 * process killed with SIGKILL in the middle of an ADF batch loses no
 * page it had reported (scan-worker.c).  Also blank-page detection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "documents-test-util.h"
#include "mfc-scanner.h"

#ifndef SCAN_WORKER_PATH
#define SCAN_WORKER_PATH "scan-worker"
#endif

static MfcDocPage *
save (MfcPageStore *store, guint32 seed)
{
  g_autoptr(MfcPageImage) img = doc_test_noise_image (MFC_PIXEL_FORMAT_GRAY8, 40, 60, 100, seed);
  g_autoptr(GError) error = NULL;
  MfcDocPage *page = mfc_page_store_save_image (store, img, FALSE, &error);

  g_assert_no_error (error);
  return page;
}

static void
test_restore_edits (void)
{
  g_autofree char *dir = doc_test_make_dir ();
  g_autofree char *jpeg = g_build_filename (dir, "import.jpg", NULL);
  g_autoptr(MfcPageStore) store = mfc_page_store_new (dir);
  g_autoptr(MfcDocument) doc = mfc_document_new ();
  g_autoptr(MfcPageStore) store2 = NULL;
  g_autoptr(MfcDocument) doc2 = mfc_document_new ();
  g_autoptr(GError) error = NULL;
  MfcCropRect crop = { 1, 2, 30, 40 }, got;
  GStatBuf st;
  char *paths[3] = { NULL };

  mfc_page_store_attach (store, doc);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(MfcDocPage) page = save (store, i + 1);

      paths[i] = g_strdup (mfc_doc_page_get_path (page));
      g_assert_cmpint (g_stat (paths[i], &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      mfc_document_append_page (doc, page);
    }
  g_assert_true (g_file_set_contents (jpeg, "not decoded here", -1, NULL));
  {
    g_autoptr(MfcDocPage) import = mfc_doc_page_new_import (MFC_PAGE_KIND_IMAGE, jpeg, -1, 10, 20, 300);
    mfc_document_append_page (doc, import);
  }
  mfc_document_rotate_page (doc, 1, 90);
  mfc_document_crop_page (doc, 1, &crop);
  mfc_document_move_page (doc, 3, 0);          /* import, a, b, c */
  mfc_document_remove_page (doc, 3);           /* c deleted */
  mfc_document_remove_page (doc, 2);           /* b deleted… */
  mfc_document_undo (doc);                     /* …and back */
  g_assert_true (mfc_page_store_flush (store, &error));

  /* A new session: the same pages, in order, with their edits. */
  store2 = mfc_page_store_new (dir);
  g_assert_cmpuint (mfc_page_store_restore (store2, doc2, &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpint (mfc_doc_page_get_kind (mfc_document_get_page (doc2, 0)), ==, MFC_PAGE_KIND_IMAGE);
  g_assert_cmpstr (mfc_doc_page_get_path (mfc_document_get_page (doc2, 0)), ==, jpeg);
  g_assert_cmpstr (mfc_doc_page_get_path (mfc_document_get_page (doc2, 1)), ==, paths[0]);
  g_assert_cmpstr (mfc_doc_page_get_path (mfc_document_get_page (doc2, 2)), ==, paths[1]);
  g_assert_cmpint (mfc_doc_page_get_rotation (mfc_document_get_page (doc2, 2)), ==, 90);
  mfc_doc_page_get_crop (mfc_document_get_page (doc2, 2), &got);
  g_assert_cmpmem (&got, sizeof got, &crop, sizeof crop);
  g_assert_cmpint (mfc_doc_page_get_width (mfc_document_get_page (doc2, 1)), ==, 40);
  g_assert_cmpfloat (mfc_doc_page_get_dpi (mfc_document_get_page (doc2, 1)), ==, 100);
  /* The deleted page's file is still there (undo) but not restored. */
  g_assert_true (g_file_test (paths[2], G_FILE_TEST_EXISTS));

  /* Discard: nothing left, not even the index. */
  mfc_page_store_attach (store2, doc2);
  mfc_page_store_discard (store2, doc2);
  g_assert_cmpuint (mfc_document_get_n_pages (doc2), ==, 0);
  for (guint i = 0; i < 3; i++)
    g_assert_false (g_file_test (paths[i], G_FILE_TEST_EXISTS));
  {
    g_autoptr(MfcDocument) doc3 = mfc_document_new ();
    g_autoptr(MfcPageStore) store3 = mfc_page_store_new (dir);

    g_assert_cmpuint (mfc_page_store_restore (store3, doc3, &error), ==, 0);
  }
  g_assert_true (g_file_test (jpeg, G_FILE_TEST_EXISTS));   /* imports are not ours */
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_free (paths[i]);
  doc_test_remove_dir (dir);
}

static void
test_orphans (void)
{
  g_autofree char *dir = doc_test_make_dir ();
  g_autofree char *part = g_build_filename (dir, "page-9.pnm.part", NULL);
  g_autoptr(MfcPageStore) store = mfc_page_store_new (dir);
  g_autoptr(MfcDocument) doc = mfc_document_new ();
  g_autoptr(MfcDocPage) a = save (store, 1);
  g_autoptr(MfcDocPage) b = save (store, 2);
  g_autoptr(GError) error = NULL;

  /* Saved, but the app died before the index heard of them (and in the
   * middle of writing a third). */
  g_assert_true (g_file_set_contents (part, "P5\n40 60\n255\nxx", -1, NULL));
  g_assert_cmpuint (mfc_page_store_restore (store, doc, &error), ==, 2);
  g_assert_cmpstr (mfc_doc_page_get_path (mfc_document_get_page (doc, 0)), ==, mfc_doc_page_get_path (a));
  g_assert_cmpstr (mfc_doc_page_get_path (mfc_document_get_page (doc, 1)), ==, mfc_doc_page_get_path (b));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  doc_test_remove_dir (dir);
}

/* What each thread of a stalled process waits in, for the log. */
static void
log_threads (const char *pid)
{
  g_autofree char *dir = g_build_filename ("/proc", pid, "task", NULL);
  g_autoptr(GDir) tasks = g_dir_open (dir, 0, NULL);
  const char *tid;

  while (tasks != NULL && (tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *wchan_path = g_build_filename (dir, tid, "wchan", NULL);
      g_autofree char *comm_path = g_build_filename (dir, tid, "comm", NULL);
      g_autofree char *wchan = NULL;
      g_autofree char *comm = NULL;

      g_file_get_contents (wchan_path, &wchan, NULL, NULL);
      g_file_get_contents (comm_path, &comm, NULL, NULL);
      g_test_message ("  thread %s %s waits in %s", tid,
                      comm != NULL ? g_strstrip (comm) : "?", wchan != NULL ? wchan : "?");
    }
}

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  GTask *task = data;
  GError *error = NULL;
  char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, NULL, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, line, g_free);
  g_object_unref (task);
}

static gboolean
stall_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* The next line from the worker, or an error once it has said nothing
 * for a minute: a stalled worker fails the test with where its threads
 * wait rather than hanging it until meson kills it. */
static char *
read_line_within (GDataInputStream *lines,
                  GSubprocess      *worker,
                  GError          **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, NULL, NULL);
  guint timeout = g_timeout_add_seconds (60, stall_cb, cancellable);

  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, cancellable,
                                       line_read_cb, g_object_ref (task));
  while (!g_task_get_completed (task))
    g_main_context_iteration (NULL, TRUE);
  if (g_cancellable_is_cancelled (cancellable))
    log_threads (g_subprocess_get_identifier (worker));
  else
    g_source_remove (timeout);
  return g_task_propagate_pointer (task, error);
}

static void
test_kill_mid_batch (void)
{
  g_autofree char *sane = doc_test_make_dir ();
  g_autoptr(GRand) rand = g_rand_new ();
  guint32 seed = g_rand_int (rand);

  g_test_message ("seed %u", seed);
  g_rand_set_seed (rand, seed);
  for (int round = 0; round < 3; round++)
    {
      g_autofree char *dir = doc_test_make_dir ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) worker = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autoptr(MfcPageStore) store = NULL;
      g_autoptr(MfcDocument) doc = mfc_document_new ();
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      guint target = (guint) g_rand_int_range (rand, 1, 8), reported = 0, restored;

      worker = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                 SCAN_WORKER_PATH, dir, sane, NULL);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (worker));
      while (reported < target)
        {
          g_autofree char *line = read_line_within (lines, worker, &error);

          g_assert_no_error (error);
          g_assert_nonnull (line);   /* the worker must not die or finish first */
          g_assert_true (g_str_has_prefix (line, "page "));
          reported++;
        }
      g_subprocess_force_exit (worker);
      g_assert_true (g_subprocess_wait (worker, NULL, &error));
      g_assert_true (g_subprocess_get_if_signaled (worker));
      g_assert_cmpint (g_subprocess_get_term_sig (worker), ==, SIGKILL);

      store = mfc_page_store_new (dir);
      restored = mfc_page_store_restore (store, doc, &error);
      g_assert_no_error (error);
      g_test_message ("round %d: killed after %u pages, %u restored", round, reported, restored);
      g_assert_cmpuint (restored, >=, reported);
      g_assert_cmpuint (restored, <=, 10);
      for (guint i = 0; i < restored; i++)
        {
          MfcDocPage *page = mfc_document_get_page (doc, i);
          g_autoptr(MfcPageImage) image = mfc_doc_page_render (page, 0, NULL, &error);

          g_assert_no_error (error);
          g_assert_cmpint (image->width, ==, 1181);   /* 200 mm at 150 dpi */
          g_assert_false (g_hash_table_contains (seen, mfc_doc_page_get_path (page)));
          g_hash_table_add (seen, (gpointer) mfc_doc_page_get_path (page));
        }
      doc_test_remove_dir (dir);
    }
  doc_test_remove_dir (sane);
}

static void
test_blank_pages (void)
{
  g_autoptr(MfcPageImage) white = mfc_page_image_new (MFC_PIXEL_FORMAT_GRAY8, 1240, 1754, 150);
  g_autoptr(MfcPageImage) text = doc_test_text_image (FALSE, 1240, 1754, 150);
  g_autoptr(MfcPageImage) mark = NULL;
  guint32 x = 7;

  /* Paper with scanner noise and a dark feeder shadow along the edge is
   * still blank. */
  for (int i = 0; i < white->stride * white->height; i++)
    {
      x = x * 1103515245u + 12345u;
      white->data[i] = (guint8) (236 + (x >> 24) % 12);
    }
  for (int y = 0; y < white->height; y++)
    for (int xx = 0; xx < 40; xx++)
      white->data[y * white->stride + xx] = 30;
  g_assert_true (mfc_page_image_is_blank (white));
  g_assert_false (mfc_page_image_is_blank (text));

  /* A short handwritten line (a signature, "Копия верна") is not blank. */
  mark = mfc_page_image_new (MFC_PIXEL_FORMAT_GRAY8, 1240, 1754, 150);
  memcpy (mark->data, white->data, (gsize) white->stride * white->height);
  for (int y = 900; y < 906; y++)
    for (int xx = 400; xx < 900; xx++)
      mark->data[y * mark->stride + xx] = 40;
  g_assert_false (mfc_page_image_is_blank (mark));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/documents/store/restore-edits", test_restore_edits);
  g_test_add_func ("/documents/store/orphans", test_orphans);
  g_test_add_func ("/documents/store/kill-mid-batch", test_kill_mid_batch);
  g_test_add_func ("/documents/blank-pages", test_blank_pages);

  return g_test_run ();
}
