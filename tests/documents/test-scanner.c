/* test-scanner.c — MfcScanner against SANE's real `test` device, enabled
 * through a private SANE_CONFIG_DIR: the device list, what a device
 * offers, one flatbed page, an ADF batch, black-and-white, Cancel in the
 * middle of a page, a device that is not there or is let go of in the
 * middle of a batch, and every SANE error the device can be told to give
 * (its read-return-value option) turned into its Russian message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "documents-test-util.h"
#include "mfc-scanner.h"

typedef struct {
  char         *dir;
  MfcPageStore *store;
  MfcScanner   *scanner;
  GPtrArray    *pages;      /* MfcDocPage from page-done */
  GPtrArray    *errors;     /* GError */
  guint         started;
  guint         progress;
  int           last_lines;
  gboolean      done;
  guint         done_pages;
  gboolean      cancelled;
  gboolean      got_caps;
  MfcScanCapabilities *caps;
  /* What to do when something happens. */
  gboolean      cancel_on_progress;
  guint         close_after_page;
} Fixture;

static char *sane_dir;

static void
page_started_cb (MfcScanner *s, guint page, int w, int h, Fixture *f)
{
  g_assert_cmpuint (page, ==, f->started + 1);
  f->started = page;
  f->last_lines = 0;
}

static void
page_progress_cb (MfcScanner *s, guint page, int lines, int total, Fixture *f)
{
  g_assert_cmpuint (page, ==, f->started);
  g_assert_cmpint (lines, >, f->last_lines);   /* only forward */
  g_assert_true (total < 0 || lines <= total);
  f->last_lines = lines;
  f->progress++;
  if (f->cancel_on_progress)
    mfc_scanner_cancel (s);
}

static void
page_done_cb (MfcScanner *s, guint page, MfcDocPage *doc_page, Fixture *f)
{
  g_ptr_array_add (f->pages, g_object_ref (doc_page));
  g_assert_cmpuint (page, ==, f->pages->len);
  if (f->close_after_page > 0 && page == f->close_after_page)
    mfc_scanner_close (s);
}

static void
scan_error_cb (MfcScanner *s, const GError *error, Fixture *f)
{
  g_ptr_array_add (f->errors, g_error_copy (error));
}

static void
batch_done_cb (MfcScanner *s, guint n, gboolean cancelled, Fixture *f)
{
  f->done = TRUE;
  f->done_pages = n;
  f->cancelled = cancelled;
}

static void
caps_cb (MfcScanner *s, const char *device, MfcScanCapabilities *caps, Fixture *f)
{
  f->got_caps = TRUE;
  f->caps = mfc_scan_capabilities_copy (caps);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = doc_test_make_dir ();
  f->store = mfc_page_store_new (f->dir);
  f->scanner = mfc_scanner_new (f->store);
  f->pages = g_ptr_array_new_with_free_func (g_object_unref);
  f->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_signal_connect (f->scanner, "page-started", G_CALLBACK (page_started_cb), f);
  g_signal_connect (f->scanner, "page-progress", G_CALLBACK (page_progress_cb), f);
  g_signal_connect (f->scanner, "page-done", G_CALLBACK (page_done_cb), f);
  g_signal_connect (f->scanner, "scan-error", G_CALLBACK (scan_error_cb), f);
  g_signal_connect (f->scanner, "batch-done", G_CALLBACK (batch_done_cb), f);
  g_signal_connect (f->scanner, "capabilities", G_CALLBACK (caps_cb), f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->scanner);
  g_clear_object (&f->store);
  g_ptr_array_unref (f->pages);
  g_ptr_array_unref (f->errors);
  g_clear_pointer (&f->caps, mfc_scan_capabilities_free);
  doc_test_remove_dir (f->dir);
  g_free (f->dir);
}

static void
reset (Fixture *f)
{
  g_ptr_array_set_size (f->pages, 0);
  g_ptr_array_set_size (f->errors, 0);
  f->started = f->progress = 0;
  f->done = FALSE;
}

static void
scan (Fixture *f, const char *device, MfcScanSource source, MfcScanMode mode, int dpi)
{
  MfcScanSettings settings = { .source = source, .mode = mode, .dpi = dpi,
                               .page_size = MFC_SCAN_PAGE_SIZE_MAX };

  reset (f);
  mfc_scanner_scan (f->scanner, device, &settings);
  g_assert_true (mfc_scanner_is_busy (f->scanner));
  while (!f->done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (mfc_scanner_is_busy (f->scanner));
}

static gboolean
devices_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_devices (Fixture *f, gconstpointer data)
{
  gboolean changed = FALSE;
  GPtrArray *devices;
  gboolean found = FALSE;

  g_signal_connect_swapped (f->scanner, "devices-changed", G_CALLBACK (devices_cb), &changed);
  mfc_scanner_refresh (f->scanner);
  while (!changed)
    g_main_context_iteration (NULL, TRUE);
  devices = mfc_scanner_get_devices (f->scanner);
  for (guint i = 0; i < devices->len; i++)
    {
      MfcScanDevice *d = g_ptr_array_index (devices, i);

      g_test_message ("device %s: %s", d->name, d->label);
      found = found || strcmp (d->name, "test:0") == 0;
    }
  g_assert_true (found);

  mfc_scanner_query (f->scanner, "test:0");
  while (!f->got_caps)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (f->caps->sources & (1u << MFC_SCAN_SOURCE_FLATBED));
  g_assert_true (f->caps->sources & (1u << MFC_SCAN_SOURCE_ADF));
  g_assert_false (f->caps->sources & (1u << MFC_SCAN_SOURCE_ADF_DUPLEX));   /* not offered */
  g_assert_cmpuint (f->caps->modes, ==, 7);   /* colour, grey, and 1-bit grey as lineart */
  g_assert_cmpfloat (f->caps->max_width_mm, ==, 200);
  /* A 200×200 mm glass takes neither A4 nor A5. */
  g_assert_cmpuint (f->caps->page_sizes, ==, 1u << MFC_SCAN_PAGE_SIZE_MAX);
  {
    gboolean has300 = FALSE;

    for (guint i = 0; i < f->caps->resolutions->len; i++)
      has300 = has300 || g_array_index (f->caps->resolutions, int, i) == 300;
    g_assert_true (has300);
  }
}

static void
test_flatbed_page (Fixture *f, gconstpointer data)
{
  MfcDocPage *page;
  g_autoptr(MfcPageImage) image = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  scan (f, "test:0", MFC_SCAN_SOURCE_FLATBED, MFC_SCAN_MODE_COLOR, 100);
  g_assert_cmpuint (f->errors->len, ==, 0);
  g_assert_false (f->cancelled);
  g_assert_cmpuint (f->done_pages, ==, 1);
  g_assert_cmpuint (f->pages->len, ==, 1);
  g_assert_cmpuint (f->started, ==, 1);
  g_assert_cmpuint (f->progress, >=, 10);

  page = g_ptr_array_index (f->pages, 0);
  g_assert_cmpint (mfc_doc_page_get_kind (page), ==, MFC_PAGE_KIND_SCAN);
  g_assert_cmpint (mfc_doc_page_get_width (page), ==, 787);   /* 200 mm at 100 dpi */
  g_assert_cmpfloat (mfc_doc_page_get_dpi (page), ==, 100);
  g_assert_true (g_str_has_prefix (mfc_doc_page_get_path (page), mfc_page_store_get_dir (f->store)));
  g_assert_cmpint (g_stat (mfc_doc_page_get_path (page), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  image = mfc_doc_page_render (page, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (image->format, ==, MFC_PIXEL_FORMAT_RGB8);
  /* The colour pattern is neither grey nor blank. */
  g_assert_false (mfc_page_image_is_gray (image));
  g_assert_false (mfc_page_image_is_blank (image));
}

static void
test_adf_batch (Fixture *f, gconstpointer data)
{
  /* The test device's feeder holds 10 sheets. */
  scan (f, "test:0", MFC_SCAN_SOURCE_ADF, MFC_SCAN_MODE_GRAY, 50);
  g_assert_cmpuint (f->errors->len, ==, 0);
  g_assert_cmpuint (f->done_pages, ==, 10);
  g_assert_cmpuint (f->pages->len, ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      g_assert_cmpint (mfc_doc_page_get_format (g_ptr_array_index (f->pages, i)), ==,
                       MFC_PIXEL_FORMAT_GRAY8);
      g_assert_false (mfc_doc_page_get_blank (g_ptr_array_index (f->pages, i)));
    }

  /* Empty sheets from the feeder come marked blank. */
  mfc_scanner_set_backend_option (f->scanner, "test-picture", "Solid white");
  scan (f, "test:0", MFC_SCAN_SOURCE_ADF, MFC_SCAN_MODE_GRAY, 50);
  g_assert_cmpuint (f->pages->len, ==, 10);
  for (guint i = 0; i < 10; i++)
    g_assert_true (mfc_doc_page_get_blank (g_ptr_array_index (f->pages, i)));
}

static void
test_lineart (Fixture *f, gconstpointer data)
{
  g_autoptr(MfcPageImage) image = NULL;
  g_autoptr(GError) error = NULL;
  MfcDocPage *page;

  mfc_scanner_set_backend_option (f->scanner, "test-picture", "Grid");
  scan (f, "test:0", MFC_SCAN_SOURCE_FLATBED, MFC_SCAN_MODE_LINEART, 75);
  g_assert_cmpuint (f->pages->len, ==, 1);
  page = g_ptr_array_index (f->pages, 0);
  g_assert_true (mfc_doc_page_get_bilevel (page));
  image = mfc_doc_page_render (page, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (image->format, ==, MFC_PIXEL_FORMAT_GRAY8);
  for (int i = 0; i < image->stride * image->height; i++)
    g_assert_true (image->data[i] == 0 || image->data[i] == 255);
  g_assert_true (mfc_page_image_is_bilevel (image));
}

static void
test_cancel_mid_page (Fixture *f, gconstpointer data)
{
  /* Slow the device down so that the page is surely still being read. */
  mfc_scanner_set_backend_option (f->scanner, "read-delay", "yes");
  mfc_scanner_set_backend_option (f->scanner, "read-delay-duration", "20000");
  mfc_scanner_set_backend_option (f->scanner, "read-limit", "yes");
  mfc_scanner_set_backend_option (f->scanner, "read-limit-size", "4096");
  f->cancel_on_progress = TRUE;
  scan (f, "test:0", MFC_SCAN_SOURCE_ADF, MFC_SCAN_MODE_COLOR, 150);
  g_assert_true (f->cancelled);
  g_assert_cmpuint (f->started, ==, 1);
  g_assert_cmpuint (f->pages->len, ==, 0);   /* the half page is not kept */
  g_assert_cmpuint (f->errors->len, ==, 0);

  /* The scanner works again afterwards. */
  f->cancel_on_progress = FALSE;
  mfc_scanner_set_backend_option (f->scanner, "read-delay", NULL);
  mfc_scanner_set_backend_option (f->scanner, "read-delay-duration", NULL);
  mfc_scanner_set_backend_option (f->scanner, "read-limit", "no");
  scan (f, "test:0", MFC_SCAN_SOURCE_FLATBED, MFC_SCAN_MODE_COLOR, 50);
  g_assert_false (f->cancelled);
  g_assert_cmpuint (f->pages->len, ==, 1);
}

static void
test_vanished (Fixture *f, gconstpointer data)
{
  const GError *error;

  doc_test_use_russian ();
  scan (f, "test:7", MFC_SCAN_SOURCE_FLATBED, MFC_SCAN_MODE_COLOR, 100);
  g_assert_cmpuint (f->errors->len, ==, 1);
  error = g_ptr_array_index (f->errors, 0);
  g_assert_error (error, MFC_SCAN_ERROR, MFC_SCAN_ERROR_NO_DEVICE);
  g_assert_cmpstr (error->message, ==, "Сканер не подключён или выключен");
  g_assert_cmpuint (f->done_pages, ==, 0);

  scan (f, "nosuchbackend:usb:001", MFC_SCAN_SOURCE_FLATBED, MFC_SCAN_MODE_COLOR, 100);
  g_assert_error ((GError *) g_ptr_array_index (f->errors, 0), MFC_SCAN_ERROR, MFC_SCAN_ERROR_NO_DEVICE);

  /* Let go of the device in the middle of a batch: the pages scanned so
   * far are kept, the batch stops, the next scan opens it again. */
  f->close_after_page = 2;
  scan (f, "test:1", MFC_SCAN_SOURCE_ADF, MFC_SCAN_MODE_GRAY, 50);
  g_assert_true (f->cancelled);
  g_assert_cmpuint (f->pages->len, >=, 2);
  g_assert_cmpuint (f->pages->len, <, 10);
  for (guint i = 0; i < f->pages->len; i++)
    g_assert_true (g_file_test (mfc_doc_page_get_path (g_ptr_array_index (f->pages, i)),
                                G_FILE_TEST_IS_REGULAR));
  f->close_after_page = 0;
  scan (f, "test:1", MFC_SCAN_SOURCE_FLATBED, MFC_SCAN_MODE_GRAY, 50);
  g_assert_cmpuint (f->pages->len, ==, 1);
  g_assert_cmpuint (f->errors->len, ==, 0);
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *status;
    int         code;
    const char *message;
  } cases[] = {
    { "SANE_STATUS_JAMMED", MFC_SCAN_ERROR_JAMMED,
      "В автоподатчике застряла бумага: извлеките её и отсканируйте снова" },
    { "SANE_STATUS_NO_DOCS", MFC_SCAN_ERROR_NO_DOCS, "В автоподатчике нет бумаги" },
    { "SANE_STATUS_COVER_OPEN", MFC_SCAN_ERROR_COVER_OPEN,
      "Крышка сканера открыта: закройте её и повторите" },
    { "SANE_STATUS_IO_ERROR", MFC_SCAN_ERROR_IO,
      "Связь со сканером прервалась: проверьте кабель и повторите" },
    { "SANE_STATUS_DEVICE_BUSY", MFC_SCAN_ERROR_BUSY,
      "Сканер занят другой программой, повторите через минуту" },
    { "SANE_STATUS_NO_MEM", MFC_SCAN_ERROR_NO_MEM, "Недостаточно памяти для сканирования" },
    { "SANE_STATUS_ACCESS_DENIED", MFC_SCAN_ERROR_ACCESS_DENIED, "Нет прав на работу со сканером" },
    { "SANE_STATUS_UNSUPPORTED", MFC_SCAN_ERROR_UNSUPPORTED, "Сканер этого не умеет" },
    { "SANE_STATUS_INVAL", MFC_SCAN_ERROR_FAILED, "Сканер сообщил об ошибке" },
  };

  doc_test_use_russian ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const GError *error;

      g_test_message ("%s", cases[i].status);
      mfc_scanner_set_backend_option (f->scanner, "read-return-value", cases[i].status);
      scan (f, "test:0", MFC_SCAN_SOURCE_FLATBED, MFC_SCAN_MODE_GRAY, 50);
      g_assert_cmpuint (f->errors->len, ==, 1);
      g_assert_cmpuint (f->pages->len, ==, 0);
      g_assert_cmpuint (f->done_pages, ==, 1);   /* started, not done */
      error = g_ptr_array_index (f->errors, 0);
      g_assert_error (error, MFC_SCAN_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  /* And back to normal. */
  mfc_scanner_set_backend_option (f->scanner, "read-return-value", "Default");
  scan (f, "test:0", MFC_SCAN_SOURCE_FLATBED, MFC_SCAN_MODE_GRAY, 50);
  g_assert_cmpuint (f->errors->len, ==, 0);
  g_assert_cmpuint (f->pages->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  doc_test_use_russian ();

  /* Training mode's set-up: the test backend in the user cache (the
   * harness's temporary XDG_CACHE_HOME), nothing in /etc. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *demo = g_build_filename (g_get_user_cache_dir (), "mfc-desk", "sane", NULL);
    g_autofree char *dll = g_build_filename (demo, "dll.conf", NULL);
    g_autofree char *text = NULL;

    g_assert_true (mfc_scanner_use_demo_backend (&error));
    g_assert_no_error (error);
    g_assert_cmpstr (g_getenv ("SANE_CONFIG_DIR"), ==, demo);
    g_assert_true (g_file_get_contents (dll, &text, NULL, NULL));
    g_assert_cmpstr (text, ==, "test\n");
  }
  /* The tests use a folder of their own. */
  sane_dir = doc_test_use_sane_test ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/documents/scanner/devices", test_devices);
  ADD ("/documents/scanner/flatbed-page", test_flatbed_page);
  ADD ("/documents/scanner/adf-batch", test_adf_batch);
  ADD ("/documents/scanner/lineart", test_lineart);
  ADD ("/documents/scanner/cancel-mid-page", test_cancel_mid_page);
  ADD ("/documents/scanner/vanished-device", test_vanished);
  ADD ("/documents/scanner/errors", test_errors);
#undef ADD

  status = g_test_run ();
  doc_test_remove_dir (sane_dir);
  g_free (sane_dir);
  return status;
}
