/* test-page-model.c — MfcDocument and MfcDocPage: add, reorder, rotate,
 * crop, delete, each undone; the GListModel and the signals views watch;
 * the pixel edits (crop, rotate, scale, grey) on small known images; the
 * page store's PNM files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "mfc-document.h"

typedef struct {
  GString *log;   /* one word per signal, in order */
  guint    items_changed;
} Recorder;

static void
added_cb (MfcDocument *doc, MfcDocPage *page, guint index, Recorder *rec)
{
  g_assert_true (mfc_document_get_page (doc, index) == page);
  g_string_append_printf (rec->log, "added:%u ", index);
}

static void
removed_cb (MfcDocument *doc, MfcDocPage *page, guint index, Recorder *rec)
{
  g_assert_false (mfc_document_find_page (doc, page, NULL));
  g_string_append_printf (rec->log, "removed:%u ", index);
}

static void
changed_cb (MfcDocument *doc, MfcDocPage *page, guint index, Recorder *rec)
{
  g_assert_true (mfc_document_get_page (doc, index) == page);
  g_string_append_printf (rec->log, "changed:%u ", index);
}

static void
reordered_cb (MfcDocument *doc, guint from, guint to, Recorder *rec)
{
  g_string_append_printf (rec->log, "moved:%u>%u ", from, to);
}

static void
items_changed_cb (GListModel *model, guint pos, guint removed, guint added, Recorder *rec)
{
  rec->items_changed++;
}

static MfcDocPage *
named_page (const char *name)
{
  return mfc_doc_page_new_scan (name, MFC_PIXEL_FORMAT_RGB8, 2480, 3508, 300, FALSE);
}

/* The pages' paths in document order, for comparing orders. */
static char *
order (MfcDocument *doc)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (doc)); i++)
    {
      g_autoptr(MfcDocPage) page = g_list_model_get_item (G_LIST_MODEL (doc), i);

      g_string_append (s, mfc_doc_page_get_path (page));
    }
  return g_string_free (s, FALSE);
}

static MfcDocument *
abcd (Recorder *rec)
{
  MfcDocument *doc = mfc_document_new ();
  const char *names[] = { "a", "b", "c", "d" };

  g_signal_connect (doc, "page-added", G_CALLBACK (added_cb), rec);
  g_signal_connect (doc, "page-removed", G_CALLBACK (removed_cb), rec);
  g_signal_connect (doc, "page-changed", G_CALLBACK (changed_cb), rec);
  g_signal_connect (doc, "pages-reordered", G_CALLBACK (reordered_cb), rec);
  g_signal_connect (doc, "items-changed", G_CALLBACK (items_changed_cb), rec);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(MfcDocPage) page = named_page (names[i]);
      mfc_document_append_page (doc, page);
    }
  return doc;
}

static void
test_reorder_undo (void)
{
  Recorder rec = { g_string_new (NULL), 0 };
  g_autoptr(MfcDocument) doc = abcd (&rec);
  g_autofree char *o1 = NULL, *o2 = NULL, *o3 = NULL, *o4 = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (doc)), ==, 4);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (doc)) == MFC_TYPE_DOC_PAGE);
  g_assert_cmpstr (rec.log->str, ==, "added:0 added:1 added:2 added:3 ");
  g_assert_false (mfc_document_can_undo (doc));   /* adding is not an edit */

  g_string_truncate (rec.log, 0);
  mfc_document_move_page (doc, 0, 3);
  g_assert_cmpstr ((o1 = order (doc)), ==, "bcda");
  mfc_document_move_page (doc, 2, 0);
  g_assert_cmpstr ((o2 = order (doc)), ==, "dbca");
  g_assert_cmpstr (rec.log->str, ==, "moved:0>3 moved:2>0 ");
  g_assert_true (mfc_document_can_undo (doc));

  g_assert_true (mfc_document_undo (doc));
  g_assert_cmpstr ((o3 = order (doc)), ==, "bcda");
  g_assert_true (mfc_document_undo (doc));
  g_assert_cmpstr ((o4 = order (doc)), ==, "abcd");
  g_assert_false (mfc_document_can_undo (doc));
  g_assert_false (mfc_document_undo (doc));
  g_assert_cmpstr (rec.log->str, ==, "moved:0>3 moved:2>0 moved:0>2 moved:3>0 ");
  g_assert_cmpuint (rec.items_changed, ==, 4 + 4);
  g_string_free (rec.log, TRUE);
}

static void
test_rotate_crop_undo (void)
{
  Recorder rec = { g_string_new (NULL), 0 };
  g_autoptr(MfcDocument) doc = abcd (&rec);
  MfcDocPage *b = mfc_document_get_page (doc, 1);
  MfcCropRect crop = { 100, 200, 1000, 1500 }, got;
  int w, h;

  g_string_truncate (rec.log, 0);
  mfc_document_rotate_page (doc, 1, 90);
  mfc_document_rotate_page (doc, 1, 90);
  mfc_document_rotate_page (doc, 1, 90);
  mfc_document_rotate_page (doc, 1, 90);   /* full turn */
  g_assert_cmpint (mfc_doc_page_get_rotation (b), ==, 0);
  mfc_document_rotate_page (doc, 1, -90);
  g_assert_cmpint (mfc_doc_page_get_rotation (b), ==, 270);
  mfc_doc_page_get_output_size (b, &w, &h);
  g_assert_cmpint (w, ==, 3508);
  g_assert_cmpint (h, ==, 2480);

  mfc_document_crop_page (doc, 1, &crop);
  g_assert_true (mfc_doc_page_has_crop (b));
  mfc_doc_page_get_output_size (b, &w, &h);
  g_assert_cmpint (w, ==, 1500);   /* rotated by 270: width is the crop's height */
  g_assert_cmpint (h, ==, 1000);
  g_assert_cmpstr (rec.log->str, ==,
                   "changed:1 changed:1 changed:1 changed:1 changed:1 changed:1 ");

  /* Undo the crop, then the rotations one by one. */
  g_assert_true (mfc_document_undo (doc));
  g_assert_false (mfc_doc_page_has_crop (b));
  g_assert_true (mfc_document_undo (doc));
  g_assert_cmpint (mfc_doc_page_get_rotation (b), ==, 0);
  g_assert_true (mfc_document_undo (doc));
  g_assert_cmpint (mfc_doc_page_get_rotation (b), ==, 270);
  g_assert_true (mfc_document_undo (doc));
  g_assert_cmpint (mfc_doc_page_get_rotation (b), ==, 180);

  /* Crop twice, undo once: the first rectangle comes back. */
  mfc_document_crop_page (doc, 1, &crop);
  crop.width = 10;
  mfc_document_crop_page (doc, 1, &crop);
  g_assert_true (mfc_document_undo (doc));
  mfc_doc_page_get_crop (b, &got);
  g_assert_cmpint (got.width, ==, 1000);

  /* A DOCX has nothing to rotate: no edit, no signal. */
  {
    g_autoptr(MfcDocPage) docx = mfc_doc_page_new_import (MFC_PAGE_KIND_DOCX, "x.docx", -1, 0, 0, 0);
    g_autoptr(MfcDocument) d2 = mfc_document_new ();

    mfc_document_append_page (d2, docx);
    mfc_document_rotate_page (d2, 0, 90);
    g_assert_cmpint (mfc_doc_page_get_rotation (docx), ==, 0);
    g_assert_false (mfc_document_can_undo (d2));
    g_assert_false (mfc_doc_page_is_editable (docx));
  }
  g_string_free (rec.log, TRUE);
}

static void
test_delete_undo (void)
{
  Recorder rec = { g_string_new (NULL), 0 };
  g_autoptr(MfcDocument) doc = abcd (&rec);
  g_autofree char *o1 = NULL, *o2 = NULL, *o3 = NULL, *o4 = NULL;
  g_autoptr(MfcDocPage) c = g_object_ref (mfc_document_get_page (doc, 2));

  g_string_truncate (rec.log, 0);
  mfc_document_rotate_page (doc, 2, 180);
  mfc_document_remove_page (doc, 2);
  g_assert_cmpstr ((o1 = order (doc)), ==, "abd");
  mfc_document_remove_page (doc, 0);
  g_assert_cmpstr ((o2 = order (doc)), ==, "bd");
  g_assert_cmpuint (mfc_document_get_n_pages (doc), ==, 2);

  g_assert_true (mfc_document_undo (doc));
  g_assert_cmpstr ((o3 = order (doc)), ==, "abd");
  g_assert_true (mfc_document_undo (doc));
  g_assert_cmpstr ((o4 = order (doc)), ==, "abcd");
  /* The same page object comes back, edits and all. */
  g_assert_true (mfc_document_get_page (doc, 2) == c);
  g_assert_cmpint (mfc_doc_page_get_rotation (c), ==, 180);
  g_assert_true (mfc_document_undo (doc));
  g_assert_cmpint (mfc_doc_page_get_rotation (c), ==, 0);
  g_assert_cmpstr (rec.log->str, ==,
                   "changed:2 removed:2 removed:0 added:0 added:2 changed:2 ");

  /* The stack is bounded. */
  for (int i = 0; i < MFC_DOCUMENT_UNDO_DEPTH + 20; i++)
    mfc_document_rotate_page (doc, 0, 90);
  for (int i = 0; i < MFC_DOCUMENT_UNDO_DEPTH; i++)
    g_assert_true (mfc_document_undo (doc));
  g_assert_false (mfc_document_undo (doc));

  mfc_document_clear (doc);
  g_assert_cmpuint (mfc_document_get_n_pages (doc), ==, 0);
  g_assert_false (mfc_document_can_undo (doc));
  g_string_free (rec.log, TRUE);
}

static void
test_blank_flag (void)
{
  Recorder rec = { g_string_new (NULL), 0 };
  g_autoptr(MfcDocument) doc = abcd (&rec);

  g_string_truncate (rec.log, 0);
  mfc_document_set_page_blank (doc, 3, TRUE);
  mfc_document_set_page_blank (doc, 3, TRUE);   /* no change, no signal */
  g_assert_true (mfc_doc_page_get_blank (mfc_document_get_page (doc, 3)));
  g_assert_cmpstr (rec.log->str, ==, "changed:3 ");
  g_assert_false (mfc_document_can_undo (doc));
  g_string_free (rec.log, TRUE);
}

/* A 3×2 RGB image whose pixel (x, y) is (x, y, 7). */
static MfcPageImage *
tiny (void)
{
  MfcPageImage *img = mfc_page_image_new (MFC_PIXEL_FORMAT_RGB8, 3, 2, 300);

  for (int y = 0; y < 2; y++)
    for (int x = 0; x < 3; x++)
      {
        guint8 *p = img->data + y * img->stride + x * 3;
        p[0] = (guint8) x;
        p[1] = (guint8) y;
        p[2] = 7;
      }
  return img;
}

static void
assert_px (MfcPageImage *img, int x, int y, int sx, int sy)
{
  const guint8 *p = img->data + y * img->stride + x * 3;

  g_assert_cmpint (p[0], ==, sx);
  g_assert_cmpint (p[1], ==, sy);
}

static void
test_pixel_edits (void)
{
  g_autoptr(MfcPageImage) img = tiny ();
  g_autoptr(MfcPageImage) r90 = mfc_page_image_rotate (img, 90);
  g_autoptr(MfcPageImage) r180 = mfc_page_image_rotate (img, 180);
  g_autoptr(MfcPageImage) r270 = mfc_page_image_rotate (img, -90);
  MfcCropRect rect = { 1, 1, 2, 5 };
  g_autoptr(MfcPageImage) cut = mfc_page_image_crop (img, &rect);

  /* Clockwise: the bottom-left source pixel lands top-left. */
  g_assert_cmpint (r90->width, ==, 2);
  g_assert_cmpint (r90->height, ==, 3);
  assert_px (r90, 0, 0, 0, 1);
  assert_px (r90, 1, 0, 0, 0);
  assert_px (r90, 0, 2, 2, 1);
  assert_px (r180, 0, 0, 2, 1);
  assert_px (r180, 2, 1, 0, 0);
  assert_px (r270, 0, 0, 2, 0);
  assert_px (r270, 1, 2, 0, 1);

  /* Clamped to the image. */
  g_assert_cmpint (cut->width, ==, 2);
  g_assert_cmpint (cut->height, ==, 1);
  assert_px (cut, 0, 0, 1, 1);
}

static void
test_scale_gray (void)
{
  g_autoptr(MfcPageImage) img = mfc_page_image_new (MFC_PIXEL_FORMAT_GRAY8, 600, 300, 300);
  g_autoptr(MfcPageImage) half = NULL;
  g_autoptr(MfcPageImage) col = mfc_page_image_new (MFC_PIXEL_FORMAT_RGB8, 400, 400, 300);
  g_autoptr(MfcPageImage) grey = NULL;

  /* Stripes of 0 and 200, one pixel wide, average to 100. */
  for (int y = 0; y < img->height; y++)
    for (int x = 0; x < img->width; x++)
      img->data[y * img->stride + x] = x % 2 ? 200 : 0;
  half = mfc_page_image_scale_to_dpi (img, 150);
  g_assert_cmpint (half->width, ==, 300);
  g_assert_cmpint (half->height, ==, 150);
  g_assert_cmpfloat (half->dpi, ==, 150);
  for (int i = 0; i < half->width * half->height; i += 97)
    g_assert_cmpint (half->data[i], ==, 100);
  {
    g_autoptr(MfcPageImage) same = mfc_page_image_scale_to_dpi (img, 600);

    g_assert_true (same == img);   /* never up */
  }

  memset (col->data, 230, (gsize) col->stride * col->height);
  g_assert_true (mfc_page_image_is_gray (col));
  /* A blue stamp of 40×40 pixels makes the page colour. */
  for (int y = 100; y < 140; y++)
    for (int x = 100; x < 140; x++)
      {
        guint8 *p = col->data + y * col->stride + x * 3;
        p[0] = 40; p[1] = 60; p[2] = 170;
      }
  g_assert_false (mfc_page_image_is_gray (col));
  grey = mfc_page_image_to_gray (col);
  g_assert_cmpint (grey->format, ==, MFC_PIXEL_FORMAT_GRAY8);
  g_assert_cmpint (grey->data[0], ==, 230);
}

static void
test_pnm_roundtrip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mfc-pnm-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "p.pnm", NULL);
  g_autoptr(MfcPageImage) img = tiny ();
  g_autoptr(MfcPageImage) back = NULL;
  g_autoptr(MfcDocPage) page = NULL;
  g_autoptr(MfcPageImage) rendered = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  img->dpi = 200;
  g_assert_true (mfc_page_image_save_pnm (img, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  back = mfc_page_image_load_pnm (path, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->width, ==, 3);
  g_assert_cmpint (back->height, ==, 2);
  g_assert_cmpfloat (back->dpi, ==, 200);
  g_assert_cmpmem (back->data, 18, img->data, 18);

  /* A page renders with its edits. */
  page = mfc_doc_page_new_scan (path, MFC_PIXEL_FORMAT_RGB8, 3, 2, 200, FALSE);
  mfc_doc_page_set_rotation (page, 90);
  rendered = mfc_doc_page_render (page, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rendered->width, ==, 2);
  assert_px (rendered, 0, 0, 0, 1);

  /* A truncated file is an error, not a crash. */
  g_assert_true (g_file_set_contents (path, "P6\n3 2\n255\nabc", -1, NULL));
  g_clear_pointer (&back, mfc_page_image_unref);
  back = mfc_page_image_load_pnm (path, 0, &error);
  g_assert_null (back);
  g_assert_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_FORMAT);

  g_unlink (path);
  g_rmdir (dir);
}

/* Imports decode to RGB (transparency over white paper), with the dpi the
 * file states; a truncated PNG is an error, not a half page. */
static void
test_png_import (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mfc-png-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "a.png", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.png", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 64, 32);
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcDocPage) page = NULL;
  g_autoptr(MfcDocPage) broken = NULL;
  g_autoptr(MfcPageImage) img = NULL;
  g_autoptr(MfcPageImage) none = NULL;
  gsize len;

  gdk_pixbuf_fill (pixbuf, 0x20408000);   /* fully transparent */
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, "x-dpi", "150", "y-dpi", "150", NULL));
  g_assert_no_error (error);
  page = mfc_doc_page_new_import (MFC_PAGE_KIND_IMAGE, path, -1, 64, 32, 150);
  img = mfc_doc_page_render (page, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (img->width, ==, 64);
  g_assert_cmpint (img->height, ==, 32);
  g_assert_cmpint (img->format, ==, MFC_PIXEL_FORMAT_RGB8);
  g_assert_cmpint (img->data[0], ==, 255);
  g_assert_cmpint (img->data[img->stride * 31 + 63 * 3 + 2], ==, 255);
  g_assert_cmpfloat (fabs (img->dpi - 150), <, 0.5);

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_true (g_file_set_contents (cut, data, (gssize) (len / 2), NULL));
  broken = mfc_doc_page_new_import (MFC_PAGE_KIND_IMAGE, cut, -1, 64, 32, 150);
  none = mfc_doc_page_render (broken, 0, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_FORMAT);
  g_clear_error (&error);

  /* A file that went away is a read error, not a "damaged" one. */
  g_unlink (cut);
  g_clear_pointer (&none, mfc_page_image_unref);
  none = mfc_doc_page_render (broken, 0, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_READ);

  g_unlink (path);
  g_rmdir (dir);
}

/* The shrink is an area average: every output sample is within 2 of the
 * exact average of the source area it covers, whichever path made it
 * (two or three taps, vector or not, a row's last pixels, more taps). */
static void
test_scale_area_average (void)
{
  static const double dpis[] = { 200, 150, 120, 100, 290 };
  GRand *rand = g_rand_new_with_seed (7);

  for (int format = 0; format < 2; format++)
    for (gsize d = 0; d < G_N_ELEMENTS (dpis); d++)
      {
        MfcPixelFormat pf = format == 0 ? MFC_PIXEL_FORMAT_RGB8 : MFC_PIXEL_FORMAT_GRAY8;
        int bpp = format == 0 ? 3 : 1;
        g_autoptr(MfcPageImage) src = mfc_page_image_new (pf, 301, 203, 300);
        g_autoptr(MfcPageImage) out = NULL;
        double sx, sy;
        int worst = 0;

        for (gsize k = 0; k < (gsize) src->stride * src->height; k++)
          src->data[k] = (guint8) g_rand_int_range (rand, 0, 256);
        out = mfc_page_image_scale_to_dpi (src, dpis[d]);
        sx = (double) src->width / out->width;
        sy = (double) src->height / out->height;
        for (int oy = 0; oy < out->height; oy++)
          for (int ox = 0; ox < out->width; ox++)
            for (int c = 0; c < bpp; c++)
              {
                double x0 = ox * sx, x1 = MIN ((ox + 1) * sx, src->width);
                double y0 = oy * sy, y1 = MIN ((oy + 1) * sy, src->height);
                double sum = 0;
                int got = out->data[oy * out->stride + ox * bpp + c];

                for (int y = (int) floor (y0); y < (int) ceil (y1); y++)
                  for (int x = (int) floor (x0); x < (int) ceil (x1); x++)
                    {
                      double w = (MIN (x1, x + 1) - MAX (x0, x)) * (MIN (y1, y + 1) - MAX (y0, y));

                      sum += w * src->data[y * src->stride + x * bpp + c];
                    }
                worst = MAX (worst, abs (got - (int) lround (sum / ((x1 - x0) * (y1 - y0)))));
              }
        g_test_message ("%s at %.0f dpi: %dx%d, off by %d at most", bpp == 3 ? "RGB" : "grey",
                        dpis[d], out->width, out->height, worst);
        g_assert_cmpint (worst, <=, 2);
      }
  g_rand_free (rand);
}

/* A page-sized block comes from the heap once the app has set memory up,
 * so that a freed page's memory serves the next (not a mapping of its
 * own, faulted in afresh and unmapped for every page); release hands it
 * back.  Run in a child: it changes the allocator for the whole process. */
static void
test_memory_setup (void)
{
#ifdef __GLIBC__
  if (g_test_subprocess ())
    {
      gsize size = (gsize) 2480 * 3508 * 3;   /* a 300 dpi A4 colour page */
      g_autoptr(MfcPageImage) page = NULL;
      size_t mapped;

      /* Before any large block: glibc raises its threshold by itself once
       * one has been freed. */
      mfc_page_memory_setup ();
      mapped = mallinfo2 ().hblks;
      page = mfc_page_image_new (MFC_PIXEL_FORMAT_RGB8, 2480, 3508, 300);
      g_assert_cmpuint (mallinfo2 ().hblks, ==, mapped);
      g_assert_cmpuint (mallinfo2 ().uordblks, >=, size);
      g_clear_pointer (&page, mfc_page_image_unref);
      /* Kept for the next page... */
      g_assert_cmpuint (mallinfo2 ().fordblks, >=, size);
      /* ...until the batch is done. */
      mfc_page_memory_release ();
      g_assert_cmpuint (mallinfo2 ().arena - mallinfo2 ().fordblks, <, size);
      g_assert_cmpuint (mallinfo2 ().fordblks, <, size / 2);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
#else
  g_test_skip ("glibc's allocator only");
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/documents/model/reorder-undo", test_reorder_undo);
  g_test_add_func ("/documents/model/rotate-crop-undo", test_rotate_crop_undo);
  g_test_add_func ("/documents/model/delete-undo", test_delete_undo);
  g_test_add_func ("/documents/model/blank-flag", test_blank_flag);
  g_test_add_func ("/documents/image/rotate-crop", test_pixel_edits);
  g_test_add_func ("/documents/image/scale-gray", test_scale_gray);
  g_test_add_func ("/documents/image/pnm", test_pnm_roundtrip);
  g_test_add_func ("/documents/image/png-import", test_png_import);
  g_test_add_func ("/documents/image/scale-area-average", test_scale_area_average);
  g_test_add_func ("/documents/image/memory-setup", test_memory_setup);

  return g_test_run ();
}
