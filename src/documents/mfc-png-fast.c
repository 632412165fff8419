/* mfc-png-fast.c — the PNG layout scanners and ImageMagick write (8-bit
 * grey or RGB, not interlaced, no transparency), decoded without libpng.
 *
 * A 300 dpi A4 colour page is a 17 MB PNG, and libpng spends most of its
 * time in zlib's inflate and in row filters that go a byte at a time.
 * Here the file's IDAT chunks are inflated in one call by libdeflate into
 * the filtered rows, and the rows are unfiltered a pixel at a time.
 *
 * Anything else (another layout, a chunk whose CRC is wrong, a stream
 * that is cut short or too long) is not decoded here: NULL sends the
 * caller to libpng, which decodes it or says what is wrong.  Whatever is
 * decoded here is what libpng gives for the same file, byte for byte
 * (test-png-fast checks every filter type, both layouts, and damaged
 * files).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-documents"

#include "config.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "mfc-png-fast.h"

/* As the libpng path: larger pages are not paper. */
#define MAX_SIDE 30000

enum {
  FILTER_NONE,
  FILTER_SUB,
  FILTER_UP,
  FILTER_AVERAGE,
  FILTER_PAETH,
};

typedef struct {
  const guint8 *data;
  gsize         len;
} Span;

static guint32
get_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* The predictor without branches (they would be mispredicted on every
 * other pixel of a scan): pa = |p − a| = |b − c|, pb = |a − c|,
 * pc = |a + b − 2c|; a wins ties, then b. */
static inline int
paeth (int a,
       int b,
       int c)
{
  int pa = abs (b - c);
  int pb = abs (a - c);
  int pc = abs (a + b - 2 * c);
  int bc = pb <= pc ? b : c;

  return pa <= MIN (pb, pc) ? a : bc;
}

#ifdef __SSE2__
/* RGB Average and Paeth a pixel at a time, its three channels in one
 * register as 16-bit lanes (what libpng's optional SSE2 filters do;
 * Debian's libpng is built without them).  Pixels are loaded and stored
 * four bytes at a time, the fourth being the next pixel's first (loaded
 * again, and stored again, on the next step); the last pixel of a row
 * three bytes at a time, so nothing past a row is touched.  A pixel of
 * @raw is loaded before that of @out is stored. */

static inline __m128i
load_pixel (const guint8 *p,
            gboolean      last)
{
  guint32 v;

  if (last)
    v = p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16);
  else
    memcpy (&v, p, 4);
  return _mm_unpacklo_epi8 (_mm_cvtsi32_si128 ((int) v), _mm_setzero_si128 ());
}

static inline void
store_pixel (guint8   *p,
             __m128i   v,
             gboolean  last)
{
  guint32 x = (guint32) _mm_cvtsi128_si32 (_mm_packus_epi16 (v, v));

  if (last)
    {
      p[0] = (guint8) x;
      p[1] = (guint8) (x >> 8);
      p[2] = (guint8) (x >> 16);
    }
  else
    memcpy (p, &x, 4);
}

static inline __m128i
abs16 (__m128i v)
{
  return _mm_max_epi16 (v, _mm_sub_epi16 (_mm_setzero_si128 (), v));
}

static inline __m128i
select16 (__m128i mask,
          __m128i yes,
          __m128i no)
{
  return _mm_or_si128 (_mm_and_si128 (mask, yes), _mm_andnot_si128 (mask, no));
}

static void
average_rgb (const guint8 *raw,
             const guint8 *prev,
             guint8       *out,
             gsize         len)
{
  __m128i low = _mm_set1_epi16 (0xff);
  __m128i a = _mm_setzero_si128 ();

  for (gsize i = 0; i < len; i += 3)
    {
      gboolean last = i + 3 >= len;
      __m128i b = load_pixel (prev + i, last);

      a = _mm_and_si128 (_mm_add_epi16 (load_pixel (raw + i, last),
                                        _mm_srli_epi16 (_mm_add_epi16 (a, b), 1)), low);
      store_pixel (out + i, a, last);
    }
}

/* From the left edge, where a and c are 0 and the predictor is b. */
static void
paeth_rgb (const guint8 *raw,
           const guint8 *prev,
           guint8       *out,
           gsize         len)
{
  __m128i low = _mm_set1_epi16 (0xff);
  __m128i a = _mm_setzero_si128 (), c = _mm_setzero_si128 ();

  for (gsize i = 0; i < len; i += 3)
    {
      gboolean last = i + 3 >= len;
      __m128i b = load_pixel (prev + i, last);
      __m128i bc = _mm_sub_epi16 (b, c);
      __m128i ac = _mm_sub_epi16 (a, c);
      __m128i pa = abs16 (bc), pb = abs16 (ac), pc = abs16 (_mm_add_epi16 (bc, ac));
      __m128i least = _mm_min_epi16 (pc, _mm_min_epi16 (pa, pb));
      __m128i nearest = select16 (_mm_cmpeq_epi16 (least, pa), a,
                                  select16 (_mm_cmpeq_epi16 (least, pb), b, c));

      a = _mm_and_si128 (_mm_add_epi16 (load_pixel (raw + i, last), nearest), low);
      store_pixel (out + i, a, last);
      c = b;
    }
}
#endif

/* One row: @raw filtered (after its filter byte), @prev the row above
 * unfiltered (zeros for the first), @out this row unfiltered.  @bpp is 1
 * or 3; the pixel loops keep the channels of one pixel side by side so
 * that the three dependency chains of Sub, Average and Paeth overlap.
 *
 * @out may lie a little before @raw in the same buffer (the rows are
 * unfiltered in place, closing up the filter bytes): every byte of @raw
 * is read before the byte of @out at the same index is written, and
 * nothing here is restrict. */
static gboolean
unfilter_row (int           filter,
              const guint8 *raw,
              const guint8 *prev,
              guint8       *out,
              gsize         len,
              int           bpp)
{
  switch (filter)
    {
    case FILTER_NONE:
      memmove (out, raw, len);
      return TRUE;

    case FILTER_SUB:
      memmove (out, raw, bpp);
      for (gsize i = bpp; i < len; i++)
        out[i] = (guint8) (raw[i] + out[i - bpp]);
      return TRUE;

    case FILTER_UP:
      for (gsize i = 0; i < len; i++)
        out[i] = (guint8) (raw[i] + prev[i]);
      return TRUE;

    case FILTER_AVERAGE:
#ifdef __SSE2__
      if (bpp == 3)
        {
          average_rgb (raw, prev, out, len);
          return TRUE;
        }
#endif
      for (int i = 0; i < bpp; i++)
        out[i] = (guint8) (raw[i] + (prev[i] >> 1));
      if (bpp == 3)
        {
          int a0 = out[0], a1 = out[1], a2 = out[2];

          for (gsize i = 3; i < len; i += 3)
            {
              a0 = (guint8) (raw[i] + ((a0 + prev[i]) >> 1));
              a1 = (guint8) (raw[i + 1] + ((a1 + prev[i + 1]) >> 1));
              a2 = (guint8) (raw[i + 2] + ((a2 + prev[i + 2]) >> 1));
              out[i] = (guint8) a0;
              out[i + 1] = (guint8) a1;
              out[i + 2] = (guint8) a2;
            }
        }
      else
        {
          int a = out[0];

          for (gsize i = 1; i < len; i++)
            out[i] = (guint8) (a = (guint8) (raw[i] + ((a + prev[i]) >> 1)));
        }
      return TRUE;

    case FILTER_PAETH:
#ifdef __SSE2__
      if (bpp == 3)
        {
          paeth_rgb (raw, prev, out, len);
          return TRUE;
        }
#endif
      /* At the left edge a and c are 0: the predictor is the pixel above. */
      for (int i = 0; i < bpp; i++)
        out[i] = (guint8) (raw[i] + prev[i]);
      if (bpp == 3)
        {
          int a0 = out[0], a1 = out[1], a2 = out[2];
          int c0 = prev[0], c1 = prev[1], c2 = prev[2];

          for (gsize i = 3; i < len; i += 3)
            {
              int b0 = prev[i], b1 = prev[i + 1], b2 = prev[i + 2];

              a0 = (guint8) (raw[i] + paeth (a0, b0, c0));
              a1 = (guint8) (raw[i + 1] + paeth (a1, b1, c1));
              a2 = (guint8) (raw[i + 2] + paeth (a2, b2, c2));
              out[i] = (guint8) a0;
              out[i + 1] = (guint8) a1;
              out[i + 2] = (guint8) a2;
              c0 = b0;
              c1 = b1;
              c2 = b2;
            }
        }
      else
        {
          int a = out[0], c = prev[0];

          for (gsize i = 1; i < len; i++)
            {
              int b = prev[i];

              out[i] = (guint8) (a = (guint8) (raw[i] + paeth (a, b, c)));
              c = b;
            }
        }
      return TRUE;

    default:
      return FALSE;
    }
}

/**
 * mfc_png_fast_decode:
 * @data: a whole PNG file
 * @size: its length
 *
 * @decoded: (out caller-allocates): the pixels, when it returns %TRUE
 *
 * Returns: %FALSE when the file is not one this decoder takes (or is
 *   damaged): then decode it with libpng
 */
gboolean
mfc_png_fast_decode (const guint8 *data,
                     gsize         size,
                     MfcPngPixels *decoded)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GArray) idat = NULL;   /* of Span */
  g_autofree guint8 *joined = NULL;
  g_autofree guint8 *filtered = NULL;
  g_autofree guint8 *zeros = NULL;
  struct libdeflate_decompressor *inflater;
  const guint8 *stream;
  gsize stream_len = 0, row_len, filtered_len, pos = 8, got = 0;
  guint32 width = 0, height = 0;
  gboolean ended = FALSE;
  enum libdeflate_result result;
  double dpi = 300;
  int channels = 0;

  if (size < 8 || memcmp (data, signature, 8) != 0)
    return FALSE;

  idat = g_array_new (FALSE, FALSE, sizeof (Span));
  while (!ended)
    {
      const guint8 *type, *body;
      guint32 len;

      if (size - pos < 12)
        return FALSE;
      len = get_be32 (data + pos);
      if (len > size - pos - 12)
        return FALSE;
      type = data + pos + 4;
      body = type + 4;
      /* The CRC covers the type and the body. */
      if (libdeflate_crc32 (0, type, len + 4) != get_be32 (body + len))
        return FALSE;

      if (pos == 8 && memcmp (type, "IHDR", 4) != 0)
        return FALSE;
      if (memcmp (type, "IHDR", 4) == 0)
        {
          /* 8 bits a sample, grey (0) or RGB (2), deflate, the one filter
           * method, no interlacing. */
          if (pos != 8 || len != 13 || body[8] != 8 || (body[9] != 0 && body[9] != 2) ||
              body[10] != 0 || body[11] != 0 || body[12] != 0)
            return FALSE;
          width = get_be32 (body);
          height = get_be32 (body + 4);
          if (width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE)
            return FALSE;
          channels = body[9] == 2 ? 3 : 1;
        }
      else if (memcmp (type, "tRNS", 4) == 0 || memcmp (type, "PLTE", 4) == 0)
        /* Transparency is composited on white by the libpng path. */
        return FALSE;
      else if (memcmp (type, "pHYs", 4) == 0 && len == 9 && body[8] == 1)
        {
          guint32 per_metre = get_be32 (body);

          if (per_metre > 0)
            dpi = per_metre * 0.0254;
        }
      else if (memcmp (type, "IDAT", 4) == 0)
        {
          Span part = { body, len };

          g_array_append_val (idat, part);
          stream_len += len;
        }
      else if (memcmp (type, "IEND", 4) == 0)
        ended = TRUE;
      else if ((type[0] & 0x20) == 0)
        /* A critical chunk this decoder does not know. */
        return FALSE;
      pos += 12 + (gsize) len;
    }
  if (channels == 0 || idat->len == 0)
    return FALSE;
  if (dpi < 50 || dpi > 2400)
    dpi = 300;

  if (idat->len == 1)
    stream = g_array_index (idat, Span, 0).data;
  else
    {
      gsize at = 0;

      joined = g_try_malloc (stream_len);
      if (joined == NULL)
        return FALSE;
      for (guint i = 0; i < idat->len; i++)
        {
          const Span *part = &g_array_index (idat, Span, i);

          memcpy (joined + at, part->data, part->len);
          at += part->len;
        }
      stream = joined;
    }

  row_len = (gsize) width * channels;
  filtered_len = (row_len + 1) * height;
  filtered = g_try_malloc (filtered_len);
  if (filtered == NULL)
    return FALSE;
  inflater = libdeflate_alloc_decompressor ();
  if (inflater == NULL)
    return FALSE;
  result = libdeflate_zlib_decompress (inflater, stream, stream_len, filtered, filtered_len, &got);
  libdeflate_free_decompressor (inflater);
  if (result != LIBDEFLATE_SUCCESS || got != filtered_len)
    return FALSE;
  g_clear_pointer (&joined, g_free);

  /* Row y goes from y·(len + 1) + 1 to y·len: unfiltered where it
   * lies, and the buffer becomes the image's pixels. */
  zeros = g_malloc0 (row_len);
  for (guint32 y = 0; y < height; y++)
    {
      const guint8 *raw = filtered + (gsize) y * (row_len + 1);
      guint8 *out = filtered + (gsize) y * row_len;
      const guint8 *prev = y > 0 ? out - row_len : zeros;

      if (!unfilter_row (raw[0], raw + 1, prev, out, row_len, channels))
        return FALSE;
    }
  decoded->pixels = g_realloc (g_steal_pointer (&filtered), row_len * height);
  decoded->width = (int) width;
  decoded->height = (int) height;
  decoded->channels = channels;
  decoded->dpi = dpi;
  return TRUE;
}
