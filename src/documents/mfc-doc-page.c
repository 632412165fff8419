/* mfc-doc-page.c
 *
 * Pixels are plain 8-bit RGB or grey in memory, so every edit (crop,
 * rotate, scale) is one small loop and the JPEG encoder takes rows as they
 * are.  Scans live on disk as binary PNM: a header of a few bytes, then the
 * rows, readable by any tool when something has to be looked at by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-documents"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <png.h>
#include <poppler.h>

#include "mfc-doc-page.h"
#include "mfc-memory.h"
#include "mfc-png-fast.h"

struct _MfcDocPage
{
  GObject         parent_instance;

  MfcPageKind     kind;
  char           *path;
  int             pdf_index;
  int             width;
  int             height;
  double          dpi;
  MfcPixelFormat  format;
  gboolean        bilevel;

  int             rotation;
  MfcCropRect     crop;
  gboolean        blank;
};

G_DEFINE_FINAL_TYPE (MfcDocPage, mfc_doc_page, G_TYPE_OBJECT)

G_DEFINE_QUARK (mfc-doc-error-quark, mfc_doc_error)

G_DEFINE_BOXED_TYPE (MfcPageImage, mfc_page_image,
                     mfc_page_image_ref, mfc_page_image_unref)

enum {
  PROP_0,
  PROP_KIND,
  PROP_PATH,
  PROP_ROTATION,
  PROP_CROPPED,
  PROP_BLANK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- images ---- */

int
mfc_pixel_format_channels (MfcPixelFormat format)
{
  return format == MFC_PIXEL_FORMAT_RGB8 ? 3 : 1;
}

/**
 * mfc_page_image_new:
 * @format: pixel format
 * @width: width in pixels (> 0)
 * @height: height in pixels (> 0)
 * @dpi: resolution
 *
 * Returns: (transfer full): an image of uninitialised pixels
 */
MfcPageImage *
mfc_page_image_new (MfcPixelFormat format,
                    int            width,
                    int            height,
                    double         dpi)
{
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  return mfc_page_image_new_take (format, width, height, dpi,
                                  g_malloc ((gsize) width * mfc_pixel_format_channels (format) * height));
}

/**
 * mfc_page_image_new_take:
 * @data: (transfer full): @height rows of @width pixels, no padding,
 *   from g_malloc()
 *
 * Returns: (transfer full): an image of those pixels
 */
MfcPageImage *
mfc_page_image_new_take (MfcPixelFormat  format,
                         int             width,
                         int             height,
                         double          dpi,
                         guint8         *data)
{
  MfcPageImage *image;

  g_return_val_if_fail (width > 0 && height > 0 && data != NULL, NULL);

  image = g_new0 (MfcPageImage, 1);
  image->ref_count = 1;
  image->format = format;
  image->width = width;
  image->height = height;
  image->dpi = dpi;
  image->stride = width * mfc_pixel_format_channels (format);
  image->data = data;
  return image;
}

/* A page in memory is 10–30 MB (a 300 dpi A4 colour scan is 26 MB, its
 * PNG's inflated rows as much again), and every page of a document is
 * made and dropped this way, several at once.  glibc gives blocks that
 * large their own mapping and unmaps them when freed, so every page
 * started on fresh memory: page faults, pages cleared by the kernel, TLB
 * flushes across the threads; bench-pdf spent 14 % of its time there. */
#define PAGE_HEAP_THRESHOLD (64 * 1024 * 1024)

/**
 * mfc_page_memory_setup:
 *
 * Keeps blocks of up to 64 MB in the heap, where a freed page's memory
 * serves the next.  Called once by main(), of the app and of the
 * benchmark programs, before any thread starts; what the heap keeps is
 * handed back by mfc_page_memory_release().
 */
void
mfc_page_memory_setup (void)
{
#ifdef __GLIBC__
  mallopt (M_MMAP_THRESHOLD, PAGE_HEAP_THRESHOLD);
  mallopt (M_TRIM_THRESHOLD, PAGE_HEAP_THRESHOLD);
#endif
}

/**
 * mfc_page_memory_release:
 *
 * Hands the memory of freed pages back to the system, once a batch of
 * pages is done with (a PDF assembled).
 */
void
mfc_page_memory_release (void)
{
  mfc_memory_trim ();
}

MfcPageImage *
mfc_page_image_ref (MfcPageImage *image)
{
  g_return_val_if_fail (image != NULL, NULL);
  g_atomic_int_inc (&image->ref_count);
  return image;
}

void
mfc_page_image_unref (MfcPageImage *image)
{
  g_return_if_fail (image != NULL);
  if (g_atomic_int_dec_and_test (&image->ref_count))
    {
      g_free (image->data);
      g_free (image);
    }
}

/**
 * mfc_page_image_crop:
 * @image: an image
 * @crop: the rectangle to keep (clamped to the image); a zero width or
 *   height keeps everything
 *
 * Returns: (transfer full): the cropped image (@image itself, referenced,
 *   when nothing is cut off)
 */
MfcPageImage *
mfc_page_image_crop (MfcPageImage      *image,
                     const MfcCropRect *crop)
{
  int x0, y0, x1, y1, bpp;
  MfcPageImage *out;

  g_return_val_if_fail (image != NULL && crop != NULL, NULL);

  if (crop->width <= 0 || crop->height <= 0)
    return mfc_page_image_ref (image);

  x0 = CLAMP (crop->x, 0, image->width - 1);
  y0 = CLAMP (crop->y, 0, image->height - 1);
  x1 = CLAMP (crop->x + crop->width, x0 + 1, image->width);
  y1 = CLAMP (crop->y + crop->height, y0 + 1, image->height);
  if (x0 == 0 && y0 == 0 && x1 == image->width && y1 == image->height)
    return mfc_page_image_ref (image);

  bpp = mfc_pixel_format_channels (image->format);
  out = mfc_page_image_new (image->format, x1 - x0, y1 - y0, image->dpi);
  for (int y = y0; y < y1; y++)
    memcpy (out->data + (gsize) (y - y0) * out->stride,
            image->data + (gsize) y * image->stride + (gsize) x0 * bpp,
            (gsize) out->stride);
  return out;
}

/**
 * mfc_page_image_rotate:
 * @image: an image
 * @degrees: clockwise, a multiple of 90 (negative turns counter-clockwise)
 *
 * Returns: (transfer full): the rotated image
 */
MfcPageImage *
mfc_page_image_rotate (MfcPageImage *image,
                       int           degrees)
{
  enum { TILE = 64 };
  MfcPageImage *out;
  int bpp, w, h, turn;

  g_return_val_if_fail (image != NULL, NULL);

  turn = ((degrees / 90) % 4 + 4) % 4;
  if (turn == 0)
    return mfc_page_image_ref (image);

  w = image->width;
  h = image->height;
  bpp = mfc_pixel_format_channels (image->format);
  if (turn == 2)
    out = mfc_page_image_new (image->format, w, h, image->dpi);
  else
    out = mfc_page_image_new (image->format, h, w, image->dpi);

  /* Tiles keep both the rows read and the rows written in cache. */
  for (int ty = 0; ty < h; ty += TILE)
    for (int tx = 0; tx < w; tx += TILE)
      for (int y = ty; y < MIN (ty + TILE, h); y++)
        {
          const guint8 *src = image->data + (gsize) y * image->stride;

          for (int x = tx; x < MIN (tx + TILE, w); x++)
            {
              int ox, oy;
              guint8 *dst;

              switch (turn)
                {
                case 1: ox = h - 1 - y; oy = x; break;
                case 2: ox = w - 1 - x; oy = h - 1 - y; break;
                default: ox = y; oy = w - 1 - x; break;
                }
              dst = out->data + (gsize) oy * out->stride + (gsize) ox * bpp;
              for (int c = 0; c < bpp; c++)
                dst[c] = src[x * bpp + c];
            }
        }
  return out;
}

typedef struct {
  int     first;   /* first source index */
  int     count;   /* how many source indices */
  guint16 weight[8];
} Taps;

/* Area-average weights (sum 65536 / 256 = 256 per tap set, in 1/256ths)
 * for shrinking n_in samples to n_out. */
static Taps *
box_taps (int n_in,
          int n_out)
{
  Taps *taps = g_new0 (Taps, n_out);
  double scale = (double) n_in / n_out;

  g_assert (scale >= 1.0 && scale <= 7.0);
  for (int i = 0; i < n_out; i++)
    {
      double a = i * scale, b = MIN ((i + 1) * scale, n_in);
      int first = (int) floor (a), last = MIN ((int) ceil (b), n_in);
      int total = 0;

      taps[i].first = first;
      taps[i].count = last - first;
      for (int k = 0; k < taps[i].count; k++)
        {
          double lo = MAX (a, first + k), hi = MIN (b, first + k + 1);
          int wgt = (int) lround ((hi - lo) / (b - a) * 256.0);

          taps[i].weight[k] = (guint16) wgt;
          total += wgt;
        }
      /* Rounding: give the remainder to the first tap. */
      taps[i].weight[0] = (guint16) (taps[i].weight[0] + 256 - total);
    }
  return taps;
}

/* One source row of @src_len bytes filtered across into @h (sums in
 * 1/256ths). */
static void
filter_row (const guint8 *restrict src,
            int                    src_len,
            guint16      *restrict h,
            const Taps            *tx,
            int                    ow,
            int                    bpp,
            int                    max_taps)
{
  if (bpp == 3 && max_taps <= 3)
    /* Shrinking by up to 2× (300 → 200 or 150 dpi): three taps at most,
     * the missing ones of weight 0; no inner loop.  With SSE2 a pixel's
     * three channels are summed in one register: three 4-byte loads and
     * one 8-byte store, whose spare lane the next pixel overwrites, so
     * the last pixels of a row (whose loads would pass its end) are done
     * a channel at a time. */
    for (int ox = 0; ox < ow; ox++)
      {
        const Taps *t = &tx[ox];
        const guint8 *p = src + t->first * 3;
        const guint8 *q = t->count > 1 ? p + 3 : p;
        const guint8 *r = t->count > 2 ? p + 6 : p;
        guint32 w0 = t->weight[0], w1 = t->count > 1 ? t->weight[1] : 0;
        guint32 w2 = t->count > 2 ? t->weight[2] : 0;

#ifdef __SSE2__
        if (t->first * 3 + 10 <= src_len)
          {
            __m128i zero = _mm_setzero_si128 ();
            guint32 vp, vq, vr;
            __m128i sum;

            memcpy (&vp, p, 4);
            memcpy (&vq, q, 4);
            memcpy (&vr, r, 4);
            sum = _mm_add_epi16 (
              _mm_add_epi16 (_mm_mullo_epi16 (_mm_unpacklo_epi8 (_mm_cvtsi32_si128 ((int) vp), zero),
                                              _mm_set1_epi16 ((short) w0)),
                             _mm_mullo_epi16 (_mm_unpacklo_epi8 (_mm_cvtsi32_si128 ((int) vq), zero),
                                              _mm_set1_epi16 ((short) w1))),
              _mm_mullo_epi16 (_mm_unpacklo_epi8 (_mm_cvtsi32_si128 ((int) vr), zero),
                               _mm_set1_epi16 ((short) w2)));
            _mm_storel_epi64 ((__m128i *) (gpointer) (h + ox * 3), sum);
            continue;
          }
#endif
        h[ox * 3] = (guint16) (w0 * p[0] + w1 * q[0] + w2 * r[0]);
        h[ox * 3 + 1] = (guint16) (w0 * p[1] + w1 * q[1] + w2 * r[1]);
        h[ox * 3 + 2] = (guint16) (w0 * p[2] + w1 * q[2] + w2 * r[2]);
      }
  else if (bpp == 3)
    for (int ox = 0; ox < ow; ox++)
      {
        const Taps *t = &tx[ox];
        const guint8 *p = src + t->first * 3;
        guint32 r = 0, g = 0, b = 0;

        for (int j = 0; j < t->count; j++, p += 3)
          {
            r += t->weight[j] * p[0];
            g += t->weight[j] * p[1];
            b += t->weight[j] * p[2];
          }
        h[ox * 3] = (guint16) r;
        h[ox * 3 + 1] = (guint16) g;
        h[ox * 3 + 2] = (guint16) b;
      }
  else
    for (int ox = 0; ox < ow; ox++)
      {
        const Taps *t = &tx[ox];
        guint32 v = 0;

        for (int j = 0; j < t->count; j++)
          v += t->weight[j] * src[t->first + j];
        h[ox] = (guint16) v;
      }
}

typedef guint8 U8x8 __attribute__ ((vector_size (8)));
typedef guint16 U16x8 __attribute__ ((vector_size (16)));
typedef guint32 U32x8 __attribute__ ((vector_size (32)));

/* Rows filtered across, summed down into one output row: in a single
 * pass, eight samples at a time, for the up to three taps a shrink by up
 * to 2× has (missing ones repeat the first row with weight 0). */
static void
sum_rows (const guint16 *const *rows,
          const guint32        *weights,
          int                   n,
          guint32      *restrict acc,
          guint8       *restrict dst,
          int                   len)
{
  int i = 0;

  if (n <= 3)
    {
      const guint16 *a = rows[0];
      const guint16 *b = n > 1 ? rows[1] : a;
      const guint16 *c = n > 2 ? rows[2] : a;
      guint32 wa = weights[0], wb = n > 1 ? weights[1] : 0, wc = n > 2 ? weights[2] : 0;

      for (; i + 8 <= len; i += 8)
        {
          U16x8 va, vb, vc;
          U32x8 sum;
          U8x8 out;

          memcpy (&va, a + i, sizeof va);
          memcpy (&vb, b + i, sizeof vb);
          memcpy (&vc, c + i, sizeof vc);
          sum = (wa * __builtin_convertvector (va, U32x8) + wb * __builtin_convertvector (vb, U32x8) +
                 wc * __builtin_convertvector (vc, U32x8) + 32768) >> 16;
          out = __builtin_convertvector (sum, U8x8);
          memcpy (dst + i, &out, sizeof out);
        }
      for (; i < len; i++)
        dst[i] = (guint8) ((wa * a[i] + wb * b[i] + wc * c[i] + 32768) >> 16);
      return;
    }

  for (i = 0; i < len; i++)
    acc[i] = 32768;
  for (int k = 0; k < n; k++)
    {
      const guint16 *restrict a = rows[k];
      guint32 wa = weights[k];

      for (i = 0; i < len; i++)
        acc[i] += wa * a[i];
    }
  for (i = 0; i < len; i++)
    dst[i] = (guint8) (acc[i] >> 16);
}

/**
 * mfc_page_image_scale_to_dpi:
 * @image: an image
 * @dpi: the resolution wanted; never scales up, and never by more than 7×
 *
 * Shrinks by area averaging (what a scanner at the lower resolution would
 * have seen, roughly).
 *
 * Returns: (transfer full): the scaled image (@image, referenced, when
 *   @dpi is not lower than the image's)
 */
MfcPageImage *
mfc_page_image_scale_to_dpi (MfcPageImage *image,
                             double        dpi)
{
  g_autofree Taps *tx = NULL;
  g_autofree Taps *ty = NULL;
  g_autofree guint32 *acc = NULL;
  g_autofree guint16 *rows = NULL;   /* horizontally filtered source rows */
  int cached[8];                      /* which source row each slot holds */
  int max_taps = 0;
  MfcPageImage *out;
  int ow, oh, bpp, row_len;

  g_return_val_if_fail (image != NULL, NULL);

  if (dpi <= 0 || dpi >= image->dpi - 0.5)
    return mfc_page_image_ref (image);
  dpi = MAX (dpi, image->dpi / 7.0);

  ow = MAX (1, (int) lround (image->width * dpi / image->dpi));
  oh = MAX (1, (int) lround (image->height * dpi / image->dpi));
  bpp = mfc_pixel_format_channels (image->format);
  out = mfc_page_image_new (image->format, ow, oh, dpi);
  tx = box_taps (image->width, ow);
  ty = box_taps (image->height, oh);
  row_len = ow * bpp;
  acc = g_new (guint32, row_len);
  rows = g_new (guint16, (gsize) row_len * G_N_ELEMENTS (cached));
  for (guint i = 0; i < G_N_ELEMENTS (cached); i++)
    cached[i] = -1;
  for (int ox = 0; ox < ow; ox++)
    max_taps = MAX (max_taps, tx[ox].count);

  /* Separable: each source row is filtered across once (and kept while
   * the output rows that need it are made), then rows are summed down. */
  for (int oy = 0; oy < oh; oy++)
    {
      /* Never all weight 0 (the taps of a row sum to 256); if they were,
       * a row of 0 would do. */
      const guint16 *used[8] = { rows };
      guint32 weights[8] = { 0 };
      int n = 0;

      for (int k = 0; k < ty[oy].count; k++)
        {
          int sy = ty[oy].first + k, slot = sy % (int) G_N_ELEMENTS (cached);
          guint16 *h = rows + (gsize) slot * row_len;

          if (ty[oy].weight[k] == 0)
            continue;
          if (cached[slot] != sy)
            {
              filter_row (image->data + (gsize) sy * image->stride, image->width * bpp, h, tx, ow,
                          bpp, max_taps);
              cached[slot] = sy;
            }
          used[n] = h;
          weights[n] = ty[oy].weight[k];
          n++;
        }
      sum_rows (used, weights, n, acc, out->data + (gsize) oy * out->stride, row_len);
    }
  return out;
}

/**
 * mfc_page_image_to_gray:
 * @image: an image
 *
 * Returns: (transfer full): the luminance of @image (@image itself,
 *   referenced, when it is grey already)
 */
MfcPageImage *
mfc_page_image_to_gray (MfcPageImage *image)
{
  MfcPageImage *out;

  g_return_val_if_fail (image != NULL, NULL);

  if (image->format == MFC_PIXEL_FORMAT_GRAY8)
    return mfc_page_image_ref (image);

  out = mfc_page_image_new (MFC_PIXEL_FORMAT_GRAY8, image->width,
                            image->height, image->dpi);
  for (int y = 0; y < image->height; y++)
    {
      const guint8 *s = image->data + (gsize) y * image->stride;
      guint8 *d = out->data + (gsize) y * out->stride;

      for (int x = 0; x < image->width; x++, s += 3)
        d[x] = (guint8) ((77 * s[0] + 150 * s[1] + 29 * s[2] + 128) >> 8);
    }
  return out;
}

/**
 * mfc_page_image_is_gray:
 * @image: an image
 *
 * Whether a colour image holds nothing a reader would call colour: the
 * average of every 8×8 block is looked at (scanner noise averages out,
 * a stamp or a line of blue ink does not) and a handful of tinted blocks
 * is tolerated.
 *
 * Returns: %TRUE when storing the page grey loses nothing that matters
 */
gboolean
mfc_page_image_is_gray (MfcPageImage *image)
{
  enum { B = 8, CHROMA = 24 };
  guint64 blocks, tinted = 0;

  g_return_val_if_fail (image != NULL, FALSE);

  if (image->format == MFC_PIXEL_FORMAT_GRAY8)
    return TRUE;

  /* A colour page is known as soon as its tinted blocks are too many:
   * usually long before its last row. */
  blocks = (guint64) (image->height / B) * (guint64) (image->width / B);

  for (int by = 0; by + B <= image->height; by += B)
    for (int bx = 0; bx + B <= image->width; bx += B)
      {
        guint32 r = 0, g = 0, b = 0;
        guint32 hi, lo;

        for (int y = by; y < by + B; y++)
          {
            const guint8 *s = image->data + (gsize) y * image->stride + (gsize) bx * 3;

            for (int x = 0; x < B; x++, s += 3)
              {
                r += s[0];
                g += s[1];
                b += s[2];
              }
          }
        hi = MAX (r, MAX (g, b));
        lo = MIN (r, MIN (g, b));
        if (hi - lo > CHROMA * B * B && ++tinted * 5000 > blocks)
          return FALSE;
      }

  /* 1 block in 5000: a 300 dpi A4 page may have ~27 tinted blocks (a
   * dust speck, a coloured edge of the glass) and still be grey. */
  return tinted * 5000 <= blocks;
}

static void
luma_histogram (MfcPageImage *image,
                int           margin_x,
                int           margin_y,
                guint64       hist[256])
{
  memset (hist, 0, sizeof (guint64) * 256);
  for (int y = margin_y; y < image->height - margin_y; y += 2)
    {
      const guint8 *s = image->data + (gsize) y * image->stride;

      for (int x = margin_x; x < image->width - margin_x; x += 2)
        {
          int v;

          if (image->format == MFC_PIXEL_FORMAT_GRAY8)
            v = s[x];
          else
            v = (77 * s[x * 3] + 150 * s[x * 3 + 1] + 29 * s[x * 3 + 2] + 128) >> 8;
          hist[v]++;
        }
    }
}

/**
 * mfc_page_image_is_bilevel:
 * @image: an image
 *
 * Whether the page is black on white and nothing in between (a lineart
 * scan, or a text page that thresholds cleanly): such pages stay legible
 * at a lower resolution.
 *
 * Returns: %TRUE when nearly every pixel is near black or near white
 */
gboolean
mfc_page_image_is_bilevel (MfcPageImage *image)
{
  guint64 hist[256], total = 0, mid = 0;

  g_return_val_if_fail (image != NULL, FALSE);

  if (image->format == MFC_PIXEL_FORMAT_RGB8 && !mfc_page_image_is_gray (image))
    return FALSE;

  luma_histogram (image, 0, 0, hist);
  for (int v = 0; v < 256; v++)
    {
      total += hist[v];
      if (v > 48 && v < 208)
        mid += hist[v];
    }
  return total > 0 && mid * 100 <= total;
}

/**
 * mfc_page_image_is_blank:
 * @image: an image
 *
 * Whether a page (typically the back of a one-sided sheet from the ADF)
 * carries nothing: the margins (where the feeder leaves shadows) are
 * ignored, the paper's level is the most common brightness, and a pixel
 * counts as ink when clearly darker than the paper.
 *
 * Returns: %TRUE when fewer than 1 pixel in 5000 is ink
 */
gboolean
mfc_page_image_is_blank (MfcPageImage *image)
{
  guint64 hist[256], total = 0, peak = 0, ink = 0;
  int paper = 255;

  g_return_val_if_fail (image != NULL, FALSE);

  luma_histogram (image, image->width / 20, image->height / 20, hist);
  for (int v = 0; v < 256; v++)
    {
      total += hist[v];
      if (hist[v] > peak)
        {
          peak = hist[v];
          paper = v;
        }
    }
  for (int v = 0; v < MAX (paper - 64, 0); v++)
    ink += hist[v];

  return total > 0 && ink * 5000 < total;
}

/* ---- PNM, the page store's format ---- */

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/**
 * mfc_page_image_save_pnm:
 * @image: an image
 * @path: where to write it
 * @error: return location for an error
 *
 * Writes @image as binary PNM (P6 or P5), readable only by its owner
 * (0600), through a temporary file, flushed to disk and renamed over
 * @path: after a crash @path is either the whole page or absent.
 *
 * Returns: %TRUE on success
 */
gboolean
mfc_page_image_save_pnm (MfcPageImage  *image,
                         const char    *path,
                         GError       **error)
{
  g_autofree char *tmp = NULL;
  g_autofree char *header = NULL;
  gboolean ok;
  int fd;

  g_return_val_if_fail (image != NULL && path != NULL, FALSE);

  tmp = g_strconcat (path, ".part", NULL);
  fd = g_open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_WRITE,
                   _("Could not save the scanned page: %s"), g_strerror (saved));
      return FALSE;
    }

  header = g_strdup_printf ("%s\n# dpi %.2f\n%d %d\n255\n",
                            image->format == MFC_PIXEL_FORMAT_RGB8 ? "P6" : "P5",
                            image->dpi, image->width, image->height);
  ok = write_all (fd, (const guint8 *) header, strlen (header));
  if (image->stride == image->width * mfc_pixel_format_channels (image->format))
    ok = ok && write_all (fd, image->data, (gsize) image->stride * image->height);
  else
    for (int y = 0; ok && y < image->height; y++)
      ok = write_all (fd, image->data + (gsize) y * image->stride,
                      (gsize) image->width * mfc_pixel_format_channels (image->format));
  ok = ok && fsync (fd) == 0;
  if (close (fd) != 0)
    ok = FALSE;
  if (ok && g_rename (tmp, path) != 0)
    ok = FALSE;
  if (!ok)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_WRITE,
                   _("Could not save the scanned page: %s"), g_strerror (saved));
    }
  return ok;
}

/* Reads one header token of a PNM file, skipping comments; a "# dpi N"
 * comment sets *dpi. */
static gboolean
pnm_token (FILE   *f,
           int    *value,
           double *dpi)
{
  int c;

  for (;;)
    {
      c = fgetc (f);
      if (c == '#')
        {
          char line[128];

          if (fgets (line, sizeof line, f) == NULL)
            return FALSE;
          if (dpi != NULL && g_str_has_prefix (line, " dpi "))
            *dpi = g_ascii_strtod (line + 5, NULL);
          continue;
        }
      if (c == EOF)
        return FALSE;
      if (!g_ascii_isspace (c))
        break;
    }
  *value = 0;
  while (c != EOF && g_ascii_isdigit (c))
    {
      if (*value > 1000000)
        return FALSE;
      *value = *value * 10 + (c - '0');
      c = fgetc (f);
    }
  /* The single whitespace after the last header field is consumed here. */
  return c != EOF && g_ascii_isspace (c);
}

/**
 * mfc_page_image_load_pnm:
 * @path: a P6 or P5 file with 8-bit samples
 * @dpi: the resolution to assume when the file does not say
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the pixels, or %NULL with @error set
 */
MfcPageImage *
mfc_page_image_load_pnm (const char  *path,
                         double       dpi,
                         GError     **error)
{
  g_autoptr(MfcPageImage) image = NULL;
  FILE *f;
  char magic[3] = { 0 };
  int w = 0, h = 0, maxval = 0;
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);

  f = g_fopen (path, "rbe");
  if (f == NULL)
    {
      int saved = errno;

      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_READ,
                   _("Could not read the scanned page: %s"), g_strerror (saved));
      return NULL;
    }
  ok = fread (magic, 1, 2, f) == 2 &&
       (strcmp (magic, "P6") == 0 || strcmp (magic, "P5") == 0) &&
       pnm_token (f, &w, &dpi) && pnm_token (f, &h, &dpi) &&
       pnm_token (f, &maxval, &dpi) &&
       w > 0 && h > 0 && maxval == 255;
  if (ok)
    {
      image = mfc_page_image_new (magic[1] == '6' ? MFC_PIXEL_FORMAT_RGB8
                                                  : MFC_PIXEL_FORMAT_GRAY8,
                                  w, h, dpi > 0 ? dpi : 300);
      ok = fread (image->data, (gsize) image->stride, (gsize) h, f) == (gsize) h;
    }
  fclose (f);
  if (!ok)
    {
      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_FORMAT,
                   _("The scanned page is damaged and cannot be read"));
      return NULL;
    }
  return g_steal_pointer (&image);
}

/* ---- decoding imports ---- */

static MfcPageImage *
image_from_pixbuf (GdkPixbuf *pixbuf,
                   double     dpi)
{
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  int n = gdk_pixbuf_get_n_channels (pixbuf), stride = gdk_pixbuf_get_rowstride (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  MfcPageImage *image = mfc_page_image_new (MFC_PIXEL_FORMAT_RGB8, w, h, dpi);

  for (int y = 0; y < h; y++)
    {
      const guint8 *s = pixels + (gsize) y * stride;
      guint8 *d = image->data + (gsize) y * image->stride;

      if (!alpha && n == 3)
        {
          memcpy (d, s, (gsize) w * 3);
          continue;
        }
      for (int x = 0; x < w; x++, s += n, d += 3)
        {
          /* Transparent parts become white paper. */
          int a = alpha ? s[3] : 255;

          for (int c = 0; c < 3; c++)
            d[c] = (guint8) ((s[c] * a + 255 * (255 - a) + 127) / 255);
        }
    }
  return image;
}

static double
pixbuf_dpi (GdkPixbuf *pixbuf)
{
  const char *x = gdk_pixbuf_get_option (pixbuf, "x-dpi");
  double dpi = x != NULL ? g_ascii_strtod (x, NULL) : 0;

  /* Files that say nothing (or something absurd) count as 300 dpi scans. */
  return dpi >= 50 && dpi <= 2400 ? dpi : 300;
}

/* PNG straight into our rows: no GdkPixbuf in between (half the
 * allocations and copies of a 300 dpi page), grey stays grey, and the
 * zlib checksum (the CRCs are still checked) is skipped; a truncated or
 * malformed file is still an error. */
typedef struct {
  jmp_buf jump;
} PngError;

static void
png_error_cb (png_structp png,
              png_const_charp message)
{
  PngError *err = png_get_error_ptr (png);

  longjmp (err->jump, 1);
}

static void
png_warning_cb (png_structp png,
                png_const_charp message)
{
}

static MfcPageImage *
load_png_file (const char  *path,
               GError     **error)
{
  PngError err;
  png_structp png = NULL;
  png_infop info = NULL;
  MfcPageImage *volatile image = NULL;
  png_bytep *volatile rows = NULL;
  FILE *f;
  png_uint_32 w, h, res_x = 0, res_y = 0;
  int depth, color, unit = 0;
  volatile double dpi = 300;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);

  /* The layout scanners write goes the fast way; libpng takes the rest,
   * and says what is wrong with a damaged file. */
  if (mapped != NULL)
    {
      MfcPngPixels fast;

      if (mfc_png_fast_decode ((const guint8 *) g_mapped_file_get_contents (mapped),
                               g_mapped_file_get_length (mapped), &fast))
        return mfc_page_image_new_take (fast.channels == 3 ? MFC_PIXEL_FORMAT_RGB8 : MFC_PIXEL_FORMAT_GRAY8,
                                        fast.width, fast.height, fast.dpi, fast.pixels);
    }
  g_clear_pointer (&mapped, g_mapped_file_unref);

  f = g_fopen (path, "rbe");
  if (f == NULL)
    {
      int saved = errno;

      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_READ,
                   _("Could not read the file: %s"), g_strerror (saved));
      return NULL;
    }
  png = png_create_read_struct (PNG_LIBPNG_VER_STRING, &err, png_error_cb, png_warning_cb);
  info = png != NULL ? png_create_info_struct (png) : NULL;
  if (info == NULL || setjmp (err.jump))
    {
      png_destroy_read_struct (&png, &info, NULL);
      fclose (f);
      g_free (rows);
      if (image != NULL)
        mfc_page_image_unref (image);
      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_FORMAT,
                   _("The image is damaged or is not a JPEG or PNG file"));
      return NULL;
    }
  png_init_io (png, f);
#ifdef PNG_IGNORE_ADLER32
  png_set_option (png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
  png_read_info (png, info);
  png_get_IHDR (png, info, &w, &h, &depth, &color, NULL, NULL, NULL);
  if (w == 0 || h == 0 || w > 30000 || h > 30000)
    png_error (png, "size");
  if (png_get_pHYs (png, info, &res_x, &res_y, &unit) && unit == PNG_RESOLUTION_METER && res_x > 0)
    dpi = res_x * 0.0254;
  if (dpi < 50 || dpi > 2400)
    dpi = 300;

  png_set_strip_16 (png);
  png_set_packing (png);
  if (color == PNG_COLOR_TYPE_PALETTE)
    png_set_palette_to_rgb (png);
  if (color == PNG_COLOR_TYPE_GRAY && depth < 8)
    png_set_expand_gray_1_2_4_to_8 (png);
  if (png_get_valid (png, info, PNG_INFO_tRNS))
    png_set_tRNS_to_alpha (png);
  if ((color & PNG_COLOR_MASK_ALPHA) || png_get_valid (png, info, PNG_INFO_tRNS))
    {
      /* Transparent parts become white paper. */
      png_color_16 white = { 0, 255, 255, 255, 255 };

      png_set_background_fixed (png, &white, PNG_BACKGROUND_GAMMA_SCREEN, 0, PNG_FP_1);
    }
  png_set_interlace_handling (png);
  png_read_update_info (png, info);

  image = mfc_page_image_new (png_get_channels (png, info) == 1 ? MFC_PIXEL_FORMAT_GRAY8
                                                                : MFC_PIXEL_FORMAT_RGB8,
                              (int) w, (int) h, dpi);
  if (png_get_rowbytes (png, info) != (png_size_t) image->stride)
    png_error (png, "layout");
  rows = g_new (png_bytep, h);
  for (png_uint_32 y = 0; y < h; y++)
    rows[y] = image->data + (gsize) y * image->stride;
  png_read_image (png, rows);
  png_read_end (png, NULL);

  png_destroy_read_struct (&png, &info, NULL);
  fclose (f);
  g_free (rows);
  return image;
}

static gboolean
is_png_file (const char *path)
{
  guint8 magic[8] = { 0 };
  FILE *f = g_fopen (path, "rbe");
  gboolean png;

  if (f == NULL)
    return FALSE;
  png = fread (magic, 1, sizeof magic, f) == sizeof magic && png_sig_cmp (magic, 0, 8) == 0;
  fclose (f);
  return png;
}

static MfcPageImage *
load_image_file (const char  *path,
                 GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GdkPixbuf) raw = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;

  if (g_access (path, R_OK) != 0)
    {
      int saved = errno;

      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_READ,
                   _("Could not read the file: %s"), g_strerror (saved));
      return NULL;
    }
  if (is_png_file (path))
    return load_png_file (path, error);
  raw = gdk_pixbuf_new_from_file (path, &local);
  if (raw == NULL)
    {
      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_FORMAT,
                   _("The image is damaged or is not a JPEG or PNG file"));
      return NULL;
    }
  /* Phone photos say in EXIF which way is up. */
  oriented = gdk_pixbuf_apply_embedded_orientation (raw);
  return image_from_pixbuf (oriented != NULL ? oriented : raw, pixbuf_dpi (raw));
}

static MfcPageImage *
load_pdf_page (const char  *path,
               int          index,
               double       dpi,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  /* poppler-glib 22.12 declares no autoptr cleanups. */
  g_autoptr(GObject) pdf_object = NULL;
  g_autoptr(GObject) page_object = NULL;
  PopplerDocument *pdf;
  PopplerPage *page;
  MfcPageImage *image;
  cairo_surface_t *surface;
  cairo_t *cr;
  double pw, ph;
  int w, h, sstride;
  const guint8 *sdata;

  pdf = poppler_document_new_from_file (uri, NULL, NULL);
  pdf_object = G_OBJECT (pdf);
  if (pdf == NULL || index < 0 || index >= poppler_document_get_n_pages (pdf))
    {
      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_FORMAT,
                   _("The PDF file is damaged or has no such page"));
      return NULL;
    }
  page = poppler_document_get_page (pdf, index);
  page_object = G_OBJECT (page);
  poppler_page_get_size (page, &pw, &ph);
  if (dpi <= 0)
    dpi = 150;
  w = MAX (1, (int) ceil (pw * dpi / 72.0));
  h = MAX (1, (int) ceil (ph * dpi / 72.0));

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, dpi / 72.0, dpi / 72.0);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  image = mfc_page_image_new (MFC_PIXEL_FORMAT_RGB8, w, h, dpi);
  sdata = cairo_image_surface_get_data (surface);
  sstride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < h; y++)
    {
      const guint32 *s = (const guint32 *) (sdata + (gsize) y * sstride);
      guint8 *d = image->data + (gsize) y * image->stride;

      for (int x = 0; x < w; x++, d += 3)
        {
          d[0] = (guint8) (s[x] >> 16);
          d[1] = (guint8) (s[x] >> 8);
          d[2] = (guint8) s[x];
        }
    }
  cairo_surface_destroy (surface);
  return image;
}

/* ---- the page ---- */

static void
mfc_doc_page_finalize (GObject *object)
{
  MfcDocPage *self = MFC_DOC_PAGE (object);

  g_free (self->path);

  G_OBJECT_CLASS (mfc_doc_page_parent_class)->finalize (object);
}

static void
mfc_doc_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MfcDocPage *self = MFC_DOC_PAGE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_ROTATION:
      g_value_set_int (value, self->rotation);
      break;
    case PROP_CROPPED:
      g_value_set_boolean (value, mfc_doc_page_has_crop (self));
      break;
    case PROP_BLANK:
      g_value_set_boolean (value, self->blank);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_doc_page_class_init (MfcDocPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mfc_doc_page_finalize;
  object_class->get_property = mfc_doc_page_get_property;

  /**
   * MfcDocPage:kind:
   *
   * The #MfcPageKind of the page's source.
   */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, MFC_PAGE_KIND_SCAN, MFC_PAGE_KIND_DOCX,
                      MFC_PAGE_KIND_SCAN,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * MfcDocPage:path:
   *
   * The page's file: the page store's file for a scan, the imported file
   * otherwise.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * MfcDocPage:rotation:
   *
   * Clockwise rotation in degrees: 0, 90, 180 or 270.
   */
  properties[PROP_ROTATION] =
    g_param_spec_int ("rotation", NULL, NULL, 0, 270, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * MfcDocPage:cropped:
   *
   * Whether a crop rectangle is set.
   */
  properties[PROP_CROPPED] =
    g_param_spec_boolean ("cropped", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * MfcDocPage:blank:
   *
   * Whether blank-page detection found the page empty (offered for removal).
   */
  properties[PROP_BLANK] =
    g_param_spec_boolean ("blank", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mfc_doc_page_init (MfcDocPage *self)
{
  self->pdf_index = -1;
  self->dpi = 300;
}

/**
 * mfc_doc_page_new_scan:
 * @path: the page's PNM file in the page store
 * @format: its pixel format
 * @width: width in pixels
 * @height: height in pixels
 * @dpi: the resolution it was scanned at
 * @bilevel: whether it was scanned black-and-white (lineart)
 *
 * Returns: (transfer full): a new page
 */
MfcDocPage *
mfc_doc_page_new_scan (const char     *path,
                       MfcPixelFormat  format,
                       int             width,
                       int             height,
                       double          dpi,
                       gboolean        bilevel)
{
  MfcDocPage *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (MFC_TYPE_DOC_PAGE, NULL);
  self->kind = MFC_PAGE_KIND_SCAN;
  self->path = g_strdup (path);
  self->format = format;
  self->width = width;
  self->height = height;
  self->dpi = dpi > 0 ? dpi : 300;
  self->bilevel = bilevel;
  return self;
}

/**
 * mfc_doc_page_new_import:
 * @kind: %MFC_PAGE_KIND_IMAGE, %MFC_PAGE_KIND_PDF or %MFC_PAGE_KIND_DOCX
 * @path: the imported file
 * @pdf_index: the page's index in a PDF (from 0), else -1
 * @width: width in pixels at @dpi (for a PDF page: in points, @dpi 72;
 *   0 for a DOCX)
 * @height: height likewise
 * @dpi: the resolution @width and @height are counted in
 *
 * Returns: (transfer full): a new page
 */
MfcDocPage *
mfc_doc_page_new_import (MfcPageKind  kind,
                         const char  *path,
                         int          pdf_index,
                         int          width,
                         int          height,
                         double       dpi)
{
  MfcDocPage *self;

  g_return_val_if_fail (kind != MFC_PAGE_KIND_SCAN, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (kind != MFC_PAGE_KIND_PDF || pdf_index >= 0, NULL);

  self = g_object_new (MFC_TYPE_DOC_PAGE, NULL);
  self->kind = kind;
  self->path = g_strdup (path);
  self->pdf_index = kind == MFC_PAGE_KIND_PDF ? pdf_index : -1;
  self->width = width;
  self->height = height;
  self->dpi = dpi > 0 ? dpi : (kind == MFC_PAGE_KIND_PDF ? 72 : 300);
  self->format = MFC_PIXEL_FORMAT_RGB8;
  return self;
}

MfcPageKind
mfc_doc_page_get_kind (MfcDocPage *self)
{
  g_return_val_if_fail (MFC_IS_DOC_PAGE (self), MFC_PAGE_KIND_SCAN);
  return self->kind;
}

const char *
mfc_doc_page_get_path (MfcDocPage *self)
{
  g_return_val_if_fail (MFC_IS_DOC_PAGE (self), NULL);
  return self->path;
}

int
mfc_doc_page_get_pdf_index (MfcDocPage *self)
{
  g_return_val_if_fail (MFC_IS_DOC_PAGE (self), -1);
  return self->pdf_index;
}

int
mfc_doc_page_get_width (MfcDocPage *self)
{
  g_return_val_if_fail (MFC_IS_DOC_PAGE (self), 0);
  return self->width;
}

int
mfc_doc_page_get_height (MfcDocPage *self)
{
  g_return_val_if_fail (MFC_IS_DOC_PAGE (self), 0);
  return self->height;
}

double
mfc_doc_page_get_dpi (MfcDocPage *self)
{
  g_return_val_if_fail (MFC_IS_DOC_PAGE (self), 300);
  return self->dpi;
}

MfcPixelFormat
mfc_doc_page_get_format (MfcDocPage *self)
{
  g_return_val_if_fail (MFC_IS_DOC_PAGE (self), MFC_PIXEL_FORMAT_RGB8);
  return self->format;
}

gboolean
mfc_doc_page_get_bilevel (MfcDocPage *self)
{
  g_return_val_if_fail (MFC_IS_DOC_PAGE (self), FALSE);
  return self->bilevel;
}

int
mfc_doc_page_get_rotation (MfcDocPage *self)
{
  g_return_val_if_fail (MFC_IS_DOC_PAGE (self), 0);
  return self->rotation;
}

/**
 * mfc_doc_page_get_crop:
 * @self: a page
 * @crop: (out): the crop rectangle in source pixels (zero size: none)
 */
void
mfc_doc_page_get_crop (MfcDocPage  *self,
                       MfcCropRect *crop)
{
  g_return_if_fail (MFC_IS_DOC_PAGE (self));
  g_return_if_fail (crop != NULL);
  *crop = self->crop;
}

gboolean
mfc_doc_page_has_crop (MfcDocPage *self)
{
  g_return_val_if_fail (MFC_IS_DOC_PAGE (self), FALSE);
  return self->crop.width > 0 && self->crop.height > 0;
}

gboolean
mfc_doc_page_get_blank (MfcDocPage *self)
{
  g_return_val_if_fail (MFC_IS_DOC_PAGE (self), FALSE);
  return self->blank;
}

/**
 * mfc_doc_page_is_editable:
 * @self: a page
 *
 * Returns: %FALSE for a DOCX (it has no pixels to rotate or crop)
 */
gboolean
mfc_doc_page_is_editable (MfcDocPage *self)
{
  g_return_val_if_fail (MFC_IS_DOC_PAGE (self), FALSE);
  return self->kind != MFC_PAGE_KIND_DOCX;
}

/**
 * mfc_doc_page_get_output_size:
 * @self: a page
 * @width: (out): width after crop and rotation, in source units
 * @height: (out): height likewise
 */
void
mfc_doc_page_get_output_size (MfcDocPage *self,
                              int        *width,
                              int        *height)
{
  int w, h;

  g_return_if_fail (MFC_IS_DOC_PAGE (self));

  w = mfc_doc_page_has_crop (self) ? self->crop.width : self->width;
  h = mfc_doc_page_has_crop (self) ? self->crop.height : self->height;
  if (self->rotation == 90 || self->rotation == 270)
    {
      int t = w;
      w = h;
      h = t;
    }
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

void
mfc_doc_page_set_rotation (MfcDocPage *self,
                           int         degrees)
{
  int norm;

  g_return_if_fail (MFC_IS_DOC_PAGE (self));

  norm = ((degrees / 90) % 4 + 4) % 4 * 90;
  if (norm == self->rotation)
    return;
  self->rotation = norm;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROTATION]);
}

void
mfc_doc_page_set_crop (MfcDocPage        *self,
                       const MfcCropRect *crop)
{
  MfcCropRect none = { 0, 0, 0, 0 };

  g_return_if_fail (MFC_IS_DOC_PAGE (self));

  if (crop == NULL || crop->width <= 0 || crop->height <= 0)
    crop = &none;
  if (memcmp (crop, &self->crop, sizeof *crop) == 0)
    return;
  /* "cropped" is notified for a new rectangle too, so a thumbnail that
   * watches it redraws. */
  self->crop = *crop;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CROPPED]);
}

void
mfc_doc_page_set_blank (MfcDocPage *self,
                        gboolean    blank)
{
  g_return_if_fail (MFC_IS_DOC_PAGE (self));

  blank = !!blank;
  if (blank == self->blank)
    return;
  self->blank = blank;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLANK]);
}

/**
 * mfc_doc_page_load:
 * @self: a page
 * @dpi: for a PDF page, the resolution to render at (0: 150 dpi); scans
 *   and images come at their own resolution
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Decodes the page's source, without its edits.  Blocking; thread-safe.
 *
 * Returns: (transfer full) (nullable): the pixels, or %NULL with @error set
 */
MfcPageImage *
mfc_doc_page_load (MfcDocPage    *self,
                   double         dpi,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_return_val_if_fail (MFC_IS_DOC_PAGE (self), NULL);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_CANCELLED,
                   _("Cancelled"));
      return NULL;
    }

  switch (self->kind)
    {
    case MFC_PAGE_KIND_SCAN:
      return mfc_page_image_load_pnm (self->path, self->dpi, error);
    case MFC_PAGE_KIND_IMAGE:
      return load_image_file (self->path, error);
    case MFC_PAGE_KIND_PDF:
      return load_pdf_page (self->path, self->pdf_index, dpi, error);
    case MFC_PAGE_KIND_DOCX:
    default:
      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_NOT_EDITABLE,
                   _("A DOCX file has no pages to show or edit; it is sent as it is"));
      return NULL;
    }
}

/**
 * mfc_doc_page_render:
 * @self: a page
 * @dpi: as for mfc_doc_page_load()
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Decodes the page and applies its crop, then its rotation.  Blocking;
 * thread-safe (reads the edits once, at the start).
 *
 * Returns: (transfer full) (nullable): the pixels, or %NULL with @error set
 */
MfcPageImage *
mfc_doc_page_render (MfcDocPage    *self,
                     double         dpi,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(MfcPageImage) source = NULL;
  g_autoptr(MfcPageImage) cropped = NULL;
  MfcCropRect crop;
  int rotation;

  g_return_val_if_fail (MFC_IS_DOC_PAGE (self), NULL);

  crop = self->crop;
  rotation = self->rotation;
  source = mfc_doc_page_load (self, dpi, cancellable, error);
  if (source == NULL)
    return NULL;

  /* The crop is kept in source units; a PDF page rendered at another
   * resolution scales it along. */
  if (self->kind == MFC_PAGE_KIND_PDF && crop.width > 0)
    {
      double f = source->dpi / self->dpi;

      crop.x = (int) lround (crop.x * f);
      crop.y = (int) lround (crop.y * f);
      crop.width = MAX (1, (int) lround (crop.width * f));
      crop.height = MAX (1, (int) lround (crop.height * f));
    }
  cropped = mfc_page_image_crop (source, &crop);
  return mfc_page_image_rotate (cropped, rotation);
}
