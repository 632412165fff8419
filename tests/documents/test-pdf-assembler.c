/* test-pdf-assembler.c — the PDF under the size limit: ten A4 300 dpi
 * colour "scans" from make-pages.sh into one valid PDF of at most 5 MB
 * whose pages still read like their sources (SSIM at 150 dpi); a document
 * that cannot fit split into parts each within the limit; grey and
 * black-and-white pages; rotation and crop in the output; imports that
 * fit passed through untouched.  PDFs are checked with poppler-utils and
 * qpdf, not by reading our own numbers back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "documents-test-util.h"
#include "mfc-pdf-assembler.h"

#define LIMIT_5MB 5000000

static guint
pdf_pages (const char *pdf)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  int status;
  g_autofree char *out = doc_test_run (argv, &status);
  const char *line;

  g_assert_cmpint (status, ==, 0);
  line = strstr (out, "Pages:");
  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + 6, NULL, 10);
}

static void
assert_qpdf_ok (const char *pdf)
{
  const char *argv[] = { "qpdf", "--check", pdf, NULL };
  int status;
  g_autofree char *out = doc_test_run (argv, &status);

  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "No syntax or stream encoding errors"));
}

/* `pdfimages -list`: one row per image; we look at colour and encoding. */
static char *
pdf_images (const char *pdf)
{
  const char *argv[] = { "pdfimages", "-list", pdf, NULL };
  int status;
  char *out = doc_test_run (argv, &status);

  g_assert_cmpint (status, ==, 0);
  return out;
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (guint64) st.st_size;
}

/* make-pages.sh draws with ImageMagick, one process a page set: two sets
 * of five pages drawn at once take half the time of one set of ten. */
static GPtrArray *
make_pages (const char *dir)
{
  const char *script = g_getenv ("MFC_MAKE_PAGES");
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_free);
  GSubprocess *procs[2];

  if (script == NULL)
    script = "/work/shared/bench/make-pages.sh";
  if (!g_file_test (script, G_FILE_TEST_IS_EXECUTABLE))
    return pages;
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *sub = g_strdup_printf ("%s/set%d", dir, i + 1);
      g_autofree char *seed = g_strdup_printf ("%d", i + 1);

      procs[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                   script, sub, "5", seed, NULL);
      g_assert_no_error (error);
    }
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (g_subprocess_wait_check (procs[i], NULL, &error));
      g_assert_no_error (error);
      g_object_unref (procs[i]);
      /* seq -w names them page-1.png … page-5.png here. */
      for (int k = 1; k <= 5; k++)
        g_ptr_array_add (pages, g_strdup_printf ("%s/set%d/page-%d.png", dir, i + 1, k));
    }
  return pages;
}

static void
test_ten_pages (void)
{
  g_autofree char *dir = doc_test_make_dir ();
  g_autofree char *pdf = g_build_filename (dir, "out.pdf", NULL);
  g_autofree char *render = g_build_filename (dir, "back", NULL);
  g_autofree char *out = NULL;
  g_autofree char *images = NULL;
  g_autofree char *ssim_out = NULL;
  g_autofree char *text = NULL;
  g_autoptr(MfcDocument) doc = mfc_document_new ();
  g_autoptr(MfcPdfResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  MfcPdfOptions options = { .limit = LIMIT_5MB, .allow_split = TRUE };
  const char *ppm[] = { "pdftoppm", "-r", "150", "-gray", "-png", pdf, render, NULL };
  int status;
  double worst;

  pages = make_pages (dir);
  if (pages->len == 0)
    {
      g_test_skip ("make-pages.sh is not here (set MFC_MAKE_PAGES)");
      doc_test_remove_dir (dir);
      return;
    }
  g_assert_cmpuint (pages->len, ==, 10);
  for (guint i = 0; i < pages->len; i++)
    {
      g_autoptr(MfcDocPage) page = mfc_doc_page_new_import (MFC_PAGE_KIND_IMAGE,
                                                           g_ptr_array_index (pages, i),
                                                           -1, 0, 0, 0);

      mfc_document_append_page (doc, page);
    }
  options.output = pdf;
  result = mfc_pdf_assemble (doc, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  g_assert_cmpuint (mfc_pdf_result_get_n_parts (result), ==, 1);
  g_assert_cmpstr (mfc_pdf_result_get_part_path (result, 0), ==, pdf);
  g_assert_cmpuint (file_size (pdf), <=, LIMIT_5MB);
  g_assert_cmpuint (file_size (pdf), ==, mfc_pdf_result_get_total_size (result));
  g_assert_cmpint (mfc_pdf_result_get_min_dpi (result), >=, MFC_PDF_MIN_DPI);
  g_assert_cmpint (mfc_pdf_result_get_min_quality (result), >=, MFC_PDF_MIN_QUALITY);
  g_assert_cmpuint (mfc_pdf_result_get_n_gray_pages (result), ==, 0);   /* blue stamps */
  text = mfc_pdf_result_describe (result);
  g_test_message ("%s", text);

  g_assert_cmpuint (pdf_pages (pdf), ==, 10);
  assert_qpdf_ok (pdf);
  /* Every page is one JPEG image, as encoded (not re-encoded by cairo). */
  images = pdf_images (pdf);
  {
    g_auto(GStrv) pieces = g_strsplit (images, " jpeg ", -1);

    g_assert_cmpuint (g_strv_length (pieces) - 1, ==, 10);
  }

  out = doc_test_run (ppm, &status);
  g_assert_cmpint (status, ==, 0);
  argv = g_ptr_array_new_with_free_func (g_free);
  /* Debian's python3, where python3-numpy and python3-pil live. */
  g_ptr_array_add (argv, g_strdup ("/usr/bin/python3"));
  g_ptr_array_add (argv, g_build_filename (TEST_SOURCE_DIR, "tests", "documents", "ssim-check.py", NULL));
  g_ptr_array_add (argv, g_strdup (render));
  for (guint i = 0; i < pages->len; i++)
    g_ptr_array_add (argv, g_strdup (g_ptr_array_index (pages, i)));
  g_ptr_array_add (argv, NULL);
  ssim_out = doc_test_run ((const char * const *) argv->pdata, &status);
  g_assert_cmpint (status, ==, 0);
  g_test_message ("%s", ssim_out);
  worst = g_ascii_strtod (strstr (ssim_out, "min ") + 4, NULL);
  g_assert_cmpfloat (worst, >=, 0.9);

  doc_test_remove_dir (dir);
}

static MfcDocument *
noise_document (const char *dir,
                guint       n)
{
  MfcDocument *doc = mfc_document_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MfcPageImage) img = doc_test_noise_image (MFC_PIXEL_FORMAT_RGB8, 600, 800, 150, i + 1);
      g_autofree char *name = g_strdup_printf ("noise-%u.pnm", i);
      g_autoptr(MfcDocPage) page = doc_test_scan_page (img, dir, name);

      mfc_document_append_page (doc, page);
    }
  return doc;
}

static void
test_split_parts (void)
{
  g_autofree char *dir = doc_test_make_dir ();
  g_autofree char *pdf = g_build_filename (dir, "big.pdf", NULL);
  g_autofree char *one = g_build_filename (dir, "one.pdf", NULL);
  g_autoptr(MfcDocument) doc = noise_document (dir, 5);
  g_autoptr(MfcDocument) single = mfc_document_new ();
  g_autoptr(MfcPdfResult) floor = NULL;
  g_autoptr(MfcPdfResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MfcPdfOptions options = { .output = one, .allow_split = FALSE, .limit = 100000000 };
  guint64 page_size, limit;
  guint pages = 0;

  /* How big one noise page is at best: the rest is scaled from it. */
  mfc_document_append_page (single, mfc_document_get_page (doc, 0));
  floor = mfc_pdf_assemble (single, &options, NULL, &error);
  g_assert_no_error (error);
  page_size = mfc_pdf_result_get_total_size (floor);

  /* Room for about two pages a file, even at the best quality. */
  limit = page_size * 2 + 20000;
  options.output = pdf;
  options.limit = limit;
  options.allow_split = FALSE;
  result = mfc_pdf_assemble (doc, &options, NULL, &error);
  g_assert_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_TOO_LARGE);
  g_assert_null (result);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  options.allow_split = TRUE;
  result = mfc_pdf_assemble (doc, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mfc_pdf_result_get_n_parts (result), >=, 2);
  g_assert_cmpuint (mfc_pdf_result_get_n_pages (result), ==, 5);
  for (guint i = 0; i < mfc_pdf_result_get_n_parts (result); i++)
    {
      const char *part = mfc_pdf_result_get_part_path (result, i);
      g_autofree char *want = g_strdup_printf ("%s/big-%u.pdf", dir, i + 1);

      g_assert_cmpstr (part, ==, want);
      g_assert_cmpuint (file_size (part), <=, limit);
      g_assert_cmpuint (file_size (part), ==, mfc_pdf_result_get_part_size (result, i));
      g_assert_cmpuint (pdf_pages (part), ==, mfc_pdf_result_get_part_n_pages (result, i));
      assert_qpdf_ok (part);
      pages += pdf_pages (part);
    }
  g_assert_cmpuint (pages, ==, 5);
  g_assert_cmpint (mfc_pdf_result_get_min_dpi (result), >=, MFC_PDF_MIN_DPI);
  g_assert_cmpint (mfc_pdf_result_get_min_quality (result), >=, MFC_PDF_MIN_QUALITY);
  g_clear_object (&result);

  /* A page that does not fit alone even at the floor: a clear error. */
  options.limit = 8000;
  result = mfc_pdf_assemble (doc, &options, NULL, &error);
  g_assert_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_TOO_LARGE);
  g_assert_null (result);

  doc_test_remove_dir (dir);
}

static void
test_gray_and_bilevel (void)
{
  g_autofree char *dir = doc_test_make_dir ();
  g_autofree char *pdf = g_build_filename (dir, "gray.pdf", NULL);
  g_autofree char *images = NULL;
  g_autoptr(MfcDocument) doc = mfc_document_new ();
  g_autoptr(MfcPageImage) grey = doc_test_text_image (FALSE, 1240, 1754, 300);
  g_autoptr(MfcPageImage) bw = doc_test_text_image (TRUE, 1240, 1754, 300);
  g_autoptr(MfcPageImage) colour = doc_test_text_image (FALSE, 1240, 1754, 300);
  g_autoptr(MfcDocPage) p1 = NULL, p2 = NULL, p3 = NULL;
  g_autoptr(MfcPdfResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MfcPdfOptions options = { .output = pdf, .limit = LIMIT_5MB };
  char **rows;
  int dpi_colour = 0;

  /* A red 60×60 mark makes the third page colour. */
  for (int y = 300; y < 360; y++)
    for (int x = 300; x < 360; x++)
      {
        guint8 *p = colour->data + y * colour->stride + x * 3;
        p[0] = 200; p[1] = 30; p[2] = 30;
      }
  g_assert_true (mfc_page_image_is_gray (grey));
  g_assert_false (mfc_page_image_is_bilevel (grey));
  g_assert_true (mfc_page_image_is_bilevel (bw));
  g_assert_false (mfc_page_image_is_gray (colour));

  p1 = doc_test_scan_page (grey, dir, "grey.pnm");
  p2 = doc_test_scan_page (bw, dir, "bw.pnm");
  p3 = doc_test_scan_page (colour, dir, "colour.pnm");
  mfc_document_append_page (doc, p1);
  mfc_document_append_page (doc, p2);
  mfc_document_append_page (doc, p3);
  result = mfc_pdf_assemble (doc, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mfc_pdf_result_get_n_gray_pages (result), ==, 2);

  /* pdfimages: page, num, type, width, height, color, comp, bpc, enc, …, x-ppi */
  images = pdf_images (pdf);
  rows = g_strsplit (images, "\n", -1);
  for (int page = 1; page <= 3; page++)
    {
      g_auto(GStrv) f = g_regex_split_simple ("\\s+", g_strstrip (rows[page + 1]), 0, 0);

      g_assert_cmpint (atoi (f[0]), ==, page);
      g_assert_cmpstr (f[5], ==, page == 3 ? "rgb" : "gray");
      g_assert_cmpstr (f[8], ==, "jpeg");
      if (page == 2)   /* black and white: lower resolution, never below the floor */
        g_assert_cmpint (atoi (f[12]), <=, 200);
      if (page == 3)
        dpi_colour = atoi (f[12]);
      g_assert_cmpint (atoi (f[12]), >=, MFC_PDF_MIN_DPI);
    }
  g_assert_cmpint (dpi_colour, ==, 300);   /* small pages keep their resolution */
  g_strfreev (rows);
  doc_test_remove_dir (dir);
}

static void
test_rotate_crop (void)
{
  g_autofree char *dir = doc_test_make_dir ();
  g_autofree char *pdf = g_build_filename (dir, "edit.pdf", NULL);
  g_autoptr(MfcDocument) doc = mfc_document_new ();
  g_autoptr(MfcPageImage) img = doc_test_text_image (FALSE, 600, 900, 150);   /* 4×6 in */
  g_autoptr(MfcDocPage) page = NULL;
  g_autoptr(MfcPdfResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MfcPdfOptions options = { .output = pdf, .limit = LIMIT_5MB };
  MfcCropRect crop = { 0, 0, 300, 900 };   /* the left half: 2×6 in */
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *info = NULL;
  int status;

  page = doc_test_scan_page (img, dir, "p.pnm");
  mfc_document_append_page (doc, page);
  mfc_document_rotate_page (doc, 0, 90);
  mfc_document_crop_page (doc, 0, &crop);
  result = mfc_pdf_assemble (doc, &options, NULL, &error);
  g_assert_no_error (error);

  /* Rotated after cropping: 6×2 in = 432×144 pt. */
  info = doc_test_run (argv, &status);
  g_test_message ("%s", info);
  g_assert_true (g_regex_match_simple ("Page size:\\s+432 x 144 pts", info, 0, 0));
  doc_test_remove_dir (dir);
}

static void
test_passthrough (void)
{
  g_autofree char *dir = doc_test_make_dir ();
  g_autofree char *jpeg = g_build_filename (dir, "photo.jpg", NULL);
  g_autofree char *docx = g_build_filename (dir, "form.docx", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 400, 300);
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcDocument) doc = mfc_document_new ();
  g_autoptr(MfcDocument) docs = mfc_document_new ();
  g_autoptr(MfcDocPage) page = NULL;
  g_autoptr(MfcDocPage) second = NULL;
  g_autoptr(MfcDocPage) word = NULL;
  guint64 size;

  gdk_pixbuf_fill (pixbuf, 0x3060a0ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, jpeg, "jpeg", &error, "quality", "90", NULL));
  g_assert_no_error (error);
  size = file_size (jpeg);

  page = mfc_doc_page_new_import (MFC_PAGE_KIND_IMAGE, jpeg, -1, 400, 300, 300);
  mfc_document_append_page (doc, page);
  g_assert_cmpstr (mfc_pdf_passthrough_file (doc, LIMIT_5MB), ==, jpeg);
  g_assert_null (mfc_pdf_passthrough_file (doc, size - 1));   /* over the limit */
  mfc_document_rotate_page (doc, 0, 90);
  g_assert_null (mfc_pdf_passthrough_file (doc, LIMIT_5MB));  /* edited: assembled */
  mfc_document_undo (doc);
  g_assert_cmpstr (mfc_pdf_passthrough_file (doc, LIMIT_5MB), ==, jpeg);
  second = mfc_doc_page_new_import (MFC_PAGE_KIND_IMAGE, jpeg, -1, 400, 300, 300);
  mfc_document_append_page (doc, second);
  g_assert_null (mfc_pdf_passthrough_file (doc, LIMIT_5MB));  /* two pages: one PDF */

  g_assert_true (g_file_set_contents (docx, "PK\003\004 not really a docx", -1, NULL));
  word = mfc_doc_page_new_import (MFC_PAGE_KIND_DOCX, docx, -1, 0, 0, 0);
  mfc_document_append_page (docs, word);
  g_assert_cmpstr (mfc_pdf_passthrough_file (docs, LIMIT_5MB), ==, docx);
  doc_test_remove_dir (dir);
}

/* Pages of an imported PDF are rendered (poppler) and go through the same
 * JPEG path; a page's rotation turns it. */
static void
test_pdf_import (void)
{
  g_autofree char *dir = doc_test_make_dir ();
  g_autofree char *src = g_build_filename (dir, "scan.pdf", NULL);
  g_autofree char *pdf = g_build_filename (dir, "out.pdf", NULL);
  g_autofree char *info = NULL;
  g_autoptr(MfcDocument) doc = mfc_document_new ();
  g_autoptr(MfcPdfResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MfcPdfOptions options = { .output = pdf, .limit = LIMIT_5MB };
  const char *argv[] = { "pdfinfo", "-f", "1", "-l", "2", pdf, NULL };
  cairo_surface_t *surface = cairo_pdf_surface_create (src, 595.28, 841.89);
  cairo_t *cr = cairo_create (surface);
  int status;

  for (int i = 0; i < 2; i++)
    {
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.6);
      cairo_rectangle (cr, 72, 72 + i * 100, 300, 40);
      cairo_fill (cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(MfcDocPage) page = mfc_doc_page_new_import (MFC_PAGE_KIND_PDF, src, i, 595, 842, 72);

      mfc_document_append_page (doc, page);
    }
  mfc_document_rotate_page (doc, 1, 90);
  result = mfc_pdf_assemble (doc, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (pdf), ==, 2);
  assert_qpdf_ok (pdf);
  info = doc_test_run (argv, &status);
  g_test_message ("%s", info);
  g_assert_true (g_regex_match_simple ("Page    1 size:\\s+595\\.\\d+ x 841\\.\\d+", info, 0, 0) ||
                 g_regex_match_simple ("Page    1 size:\\s+595 x 842", info, 0, 0));
  g_assert_true (g_regex_match_simple ("Page    2 size:\\s+84[12](\\.\\d+)? x 595", info, 0, 0));
  doc_test_remove_dir (dir);
}

static void
assembled_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  MfcPdfResult **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = mfc_pdf_assemble_finish (res, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autofree char *dir = doc_test_make_dir ();
  g_autofree char *pdf = g_build_filename (dir, "async.pdf", NULL);
  g_autoptr(MfcDocument) doc = noise_document (dir, 3);
  g_autoptr(MfcPdfResult) result = NULL;
  MfcPdfOptions options = { .output = pdf, .limit = LIMIT_5MB };

  mfc_pdf_assemble_async (doc, &options, NULL, assembled_cb, &result);
  /* The document may change meanwhile: the PDF has the pages as they were. */
  mfc_document_remove_page (doc, 0);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (mfc_pdf_result_get_n_pages (result), ==, 3);
  g_assert_cmpuint (pdf_pages (pdf), ==, 3);

  /* What the clerk is told before the upload (last test: the locale
   * stays Russian). */
  doc_test_use_russian ();
  {
    g_autofree char *text = mfc_pdf_result_describe (result);

    g_test_message ("%s", text);
    g_assert_true (g_str_has_prefix (text, "3 страницы, "));
    g_assert_true (g_str_has_suffix (text, " точек на дюйм"));
  }
  doc_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/documents/pdf/ten-a4-pages-under-5mb", test_ten_pages);
  g_test_add_func ("/documents/pdf/split-into-parts", test_split_parts);
  g_test_add_func ("/documents/pdf/gray-and-bilevel", test_gray_and_bilevel);
  g_test_add_func ("/documents/pdf/rotate-crop", test_rotate_crop);
  g_test_add_func ("/documents/pdf/passthrough", test_passthrough);
  g_test_add_func ("/documents/pdf/pdf-import", test_pdf_import);
  g_test_add_func ("/documents/pdf/async-snapshot", test_async);

  return g_test_run ();
}
