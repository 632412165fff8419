/* test-import.c — imports of real files: one of each accepted type (a
 * JPEG and a PNG saved by gdk-pixbuf, a two-page PDF written by cairo, a
 * DOCX made by Python's zipfile), and the ones to refuse with a message:
 * a text file named .pdf, an empty file, a truncated JPEG, PNG, PDF and
 * DOCX, a ZIP that is not a Word document.  A batch keeps its good files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "mfc-import.h"

static char *dir;

static char *
path_in (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static GFile *
write_file (const char *name,
            const void *data,
            gsize       len)
{
  g_autofree char *path = path_in (name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static GFile *
save_image (const char *name,
            const char *type)
{
  g_autofree char *path = path_in (name);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 620, 877);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, 0xf0e8d0ff);
  gdk_pixbuf_save (pixbuf, path, type, &error, NULL);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static GFile *
write_pdf (const char *name)
{
  g_autofree char *path = path_in (name);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  for (int i = 0; i < 2; i++)
    {
      cairo_move_to (cr, 72, 72);
      cairo_show_text (cr, i == 0 ? "Page one" : "Page two");
      cairo_show_page (cr);
      cairo_pdf_surface_set_size (surface, 842, 595);   /* the second is landscape */
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_file_new_for_path (path);
}

static GFile *
copy_fixture (const char *fixture,
              const char *name)
{
  g_autofree char *source = g_build_filename (TEST_SOURCE_DIR, "tests", "documents", "data", fixture, NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (source, &data, &len, &error);
  g_assert_no_error (error);
  return write_file (name, data, len);
}

/* The first half of @file, under @name. */
static GFile *
truncated (GFile      *file,
           const char *name)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  g_file_load_contents (file, NULL, &data, &len, NULL, &error);
  g_assert_no_error (error);
  return write_file (name, data, len / 2);
}

static GPtrArray *
import (GFile          *file,
        MfcImportType  *type,
        GError        **error)
{
  return mfc_import_file (file, type, NULL, error);
}

static void
test_good_types (void)
{
  struct {
    GFile         *file;
    MfcImportType  type;
    MfcPageKind    kind;
    guint          n_pages;
  } cases[] = {
    { save_image ("photo.jpg", "jpeg"), MFC_IMPORT_TYPE_JPEG, MFC_PAGE_KIND_IMAGE, 1 },
    /* The name says nothing: a PNG called .jpg is a PNG. */
    { save_image ("misnamed.jpg", "png"), MFC_IMPORT_TYPE_PNG, MFC_PAGE_KIND_IMAGE, 1 },
    { write_pdf ("statement.pdf"), MFC_IMPORT_TYPE_PDF, MFC_PAGE_KIND_PDF, 2 },
    { copy_fixture ("letter.docx", "letter.docx"), MFC_IMPORT_TYPE_DOCX, MFC_PAGE_KIND_DOCX, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) pages = NULL;
      g_autoptr(GError) error = NULL;
      MfcImportType type;

      pages = import (cases[i].file, &type, &error);
      g_assert_no_error (error);
      g_assert_cmpint (type, ==, cases[i].type);
      g_assert_cmpuint (pages->len, ==, cases[i].n_pages);
      for (guint p = 0; p < pages->len; p++)
        {
          MfcDocPage *page = pages->pdata[p];

          g_assert_cmpint (mfc_doc_page_get_kind (page), ==, cases[i].kind);
          if (cases[i].kind == MFC_PAGE_KIND_PDF)
            g_assert_cmpint (mfc_doc_page_get_pdf_index (page), ==, (int) p);
          if (cases[i].kind == MFC_PAGE_KIND_IMAGE)
            {
              g_assert_cmpint (mfc_doc_page_get_width (page), ==, 620);
              g_assert_cmpint (mfc_doc_page_get_height (page), ==, 877);
            }
        }
      g_object_unref (cases[i].file);
    }
}

static void
test_pdf_pages_render (void)
{
  g_autoptr(GFile) file = write_pdf ("render.pdf");
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcPageImage) first = NULL;
  g_autoptr(MfcPageImage) second = NULL;

  pages = import (file, NULL, &error);
  g_assert_no_error (error);

  /* A thumbnail at 36 dpi: portrait A4, then landscape. */
  first = mfc_doc_page_render (pages->pdata[0], 36, NULL, &error);
  g_assert_no_error (error);
  second = mfc_doc_page_render (pages->pdata[1], 36, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->width, <, first->height);
  g_assert_cmpint (second->width, >, second->height);
}

static void
assert_refused (GFile          *file,
                MfcImportError  code,
                const char     *message)
{
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  MfcImportType type = MFC_IMPORT_TYPE_PDF;

  pages = import (file, &type, &error);
  g_assert_null (pages);
  g_assert_error (error, MFC_IMPORT_ERROR, (int) code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpint (type, ==, MFC_IMPORT_TYPE_NONE);
}

static void
test_refused (void)
{
  static const char text[] = "Это просто текст, а не PDF.\n";
  g_autoptr(GFile) jpeg = save_image ("whole.jpg", "jpeg");
  g_autoptr(GFile) png = save_image ("whole.png", "png");
  g_autoptr(GFile) pdf = write_pdf ("whole.pdf");
  g_autoptr(GFile) docx = copy_fixture ("letter.docx", "whole.docx");
  g_autoptr(GFile) renamed = write_file ("скан.pdf", text, sizeof text - 1);
  g_autoptr(GFile) empty = write_file ("пустой.pdf", "", 0);
  g_autoptr(GFile) zip = copy_fixture ("archive.zip", "archive.docx");
  g_autoptr(GFile) cut_jpeg = truncated (jpeg, "cut.jpg");
  g_autoptr(GFile) cut_png = truncated (png, "cut.png");
  g_autoptr(GFile) cut_pdf = truncated (pdf, "cut.pdf");
  g_autoptr(GFile) cut_docx = truncated (docx, "cut.docx");
  g_autofree char *gone_path = path_in ("gone.pdf");
  g_autoptr(GFile) gone = g_file_new_for_path (gone_path);

  assert_refused (renamed, MFC_IMPORT_ERROR_UNSUPPORTED,
                  "Файл «скан.pdf» — не PDF, JPEG, PNG или DOCX (судя по содержимому, "
                  "а не по названию). Сохраните его в одном из этих форматов и добавьте снова.");
  assert_refused (zip, MFC_IMPORT_ERROR_UNSUPPORTED,
                  "Файл «archive.docx» — не PDF, JPEG, PNG или DOCX (судя по содержимому, "
                  "а не по названию). Сохраните его в одном из этих форматов и добавьте снова.");
  assert_refused (empty, MFC_IMPORT_ERROR_EMPTY,
                  "Файл «пустой.pdf» пуст: добавлять нечего. Проверьте, что он сохранён полностью.");
  assert_refused (cut_jpeg, MFC_IMPORT_ERROR_DAMAGED,
                  "Файл JPEG «cut.jpg» повреждён или не полон. Сохраните или скопируйте его "
                  "заново и добавьте ещё раз.");
  assert_refused (cut_png, MFC_IMPORT_ERROR_DAMAGED,
                  "Файл PNG «cut.png» повреждён или не полон. Сохраните или скопируйте его "
                  "заново и добавьте ещё раз.");
  assert_refused (cut_pdf, MFC_IMPORT_ERROR_DAMAGED,
                  "Файл PDF «cut.pdf» повреждён или не полон. Сохраните или скопируйте его "
                  "заново и добавьте ещё раз.");
  assert_refused (cut_docx, MFC_IMPORT_ERROR_DAMAGED,
                  "Файл DOCX «cut.docx» повреждён или не полон. Сохраните или скопируйте его "
                  "заново и добавьте ещё раз.");

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) pages = import (gone, NULL, &error);

    g_assert_null (pages);
    g_assert_error (error, MFC_IMPORT_ERROR, MFC_IMPORT_ERROR_READ);
    g_assert_true (g_str_has_prefix (error->message, "Не удаётся прочитать файл «gone.pdf»: "));
  }
}

/* A JPEG whose end marker is there but whose data is garbage. */
static void
test_broken_middle (void)
{
  g_autoptr(GFile) jpeg = save_image ("middle.jpg", "jpeg");
  g_autofree char *data = NULL;
  g_autoptr(GFile) broken = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  g_file_load_contents (jpeg, NULL, &data, &len, NULL, &error);
  g_assert_no_error (error);
  /* Keep the magic bytes and the end marker, wipe everything between. */
  memset (data + 4, 0x00, len - 6);
  broken = write_file ("middle-broken.jpg", data, len);
  assert_refused (broken, MFC_IMPORT_ERROR_DAMAGED,
                  "Файл JPEG «middle-broken.jpg» повреждён или не полон. Сохраните или "
                  "скопируйте его заново и добавьте ещё раз.");
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_batch_keeps_the_good (void)
{
  static const char text[] = "не картинка";
  GFile *files[] = {
    save_image ("batch-1.png", "png"),
    write_file ("batch-2.pdf", text, sizeof text - 1),
    write_pdf ("batch-3.pdf"),
    write_file ("batch-4.jpg", "", 0),
    copy_fixture ("letter.docx", "batch-5.docx"),
  };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  MfcImportResult *r;

  mfc_import_files_async (files, G_N_ELEMENTS (files), NULL, store_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  results = mfc_import_files_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, G_N_ELEMENTS (files));

  r = results->pdata[0];
  g_assert_no_error (r->error);
  g_assert_cmpint (r->type, ==, MFC_IMPORT_TYPE_PNG);
  g_assert_cmpuint (r->pages->len, ==, 1);
  g_assert_cmpstr (r->display_name, ==, "batch-1.png");

  r = results->pdata[1];
  g_assert_error (r->error, MFC_IMPORT_ERROR, MFC_IMPORT_ERROR_UNSUPPORTED);
  g_assert_null (r->pages);

  r = results->pdata[2];
  g_assert_no_error (r->error);
  g_assert_cmpuint (r->pages->len, ==, 2);

  r = results->pdata[3];
  g_assert_error (r->error, MFC_IMPORT_ERROR, MFC_IMPORT_ERROR_EMPTY);

  r = results->pdata[4];
  g_assert_no_error (r->error);
  g_assert_cmpint (r->type, ==, MFC_IMPORT_TYPE_DOCX);
  g_assert_cmpstr (mfc_import_type_get_mime (r->type), ==,
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
}

static void
test_sniff (void)
{
  g_assert_cmpint (mfc_import_sniff ((const guint8 *) "%PDF-1.7", 8), ==, MFC_IMPORT_TYPE_PDF);
  g_assert_cmpint (mfc_import_sniff ((const guint8 *) "\xff\xd8\xff\xe0", 4), ==, MFC_IMPORT_TYPE_JPEG);
  g_assert_cmpint (mfc_import_sniff ((const guint8 *) "\x89PNG\r\n\x1a\n", 8), ==, MFC_IMPORT_TYPE_PNG);
  g_assert_cmpint (mfc_import_sniff ((const guint8 *) "PK\x03\x04", 4), ==, MFC_IMPORT_TYPE_DOCX);
  g_assert_cmpint (mfc_import_sniff ((const guint8 *) "%PD", 3), ==, MFC_IMPORT_TYPE_NONE);
  g_assert_cmpint (mfc_import_sniff ((const guint8 *) "GIF89a", 6), ==, MFC_IMPORT_TYPE_NONE);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("LC_ALL", "ru_RU.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "ru", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("test-import-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/import/sniff", test_sniff);
  g_test_add_func ("/import/good-types", test_good_types);
  g_test_add_func ("/import/pdf-pages-render", test_pdf_pages_render);
  g_test_add_func ("/import/refused", test_refused);
  g_test_add_func ("/import/broken-middle", test_broken_middle);
  g_test_add_func ("/import/batch-keeps-the-good", test_batch_keeps_the_good);

  status = g_test_run ();
  remove_dir (dir);
  g_free (dir);
  return status;
}
