/* test-png-fast.c — the fast PNG decoder gives what libpng gives, byte
 * for byte, for every filter type in grey and RGB, with one IDAT chunk or
 * many; and it declines (NULL: libpng then decodes or explains) every
 * layout it does not take and every damaged file.
 *
 * The files are written here by libpng with one filter forced at a time,
 * from pixels that make every filter's arithmetic wrap (noise on
 * gradients), and read back by libpng's own reader for the reference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libdeflate.h>
#include <png.h>
#include <string.h>

#include "mfc-png-fast.h"

typedef struct {
  int      width;
  int      height;
  int      color_type;   /* PNG_COLOR_TYPE_GRAY or _RGB, 8 bits */
  int      filters;      /* PNG_FILTER_* mask */
  gsize    idat_size;    /* libpng's compression buffer: the IDAT chunk size */
  gboolean interlaced;
  gboolean transparent;  /* a tRNS chunk */
  int      bit_depth;
} Layout;

static void
write_cb (png_structp  png,
          png_bytep    data,
          png_size_t   len)
{
  g_byte_array_append (png_get_io_ptr (png), data, (guint) len);
}

static void
flush_cb (png_structp png)
{
}

/* Noise on gradients, deterministic: neighbours differ both ways, so Sub,
 * Up, Average and Paeth all wrap around 0 and 255. */
static guint8 *
make_pixels (const Layout *layout,
             gsize        *stride)
{
  int channels = layout->color_type == PNG_COLOR_TYPE_RGB ? 3 : 1;
  int bytes = layout->bit_depth / 8;
  GRand *rand = g_rand_new_with_seed ((guint32) (layout->width * 31 + layout->filters));
  guint8 *pixels;

  *stride = (gsize) layout->width * channels * bytes;
  pixels = g_malloc (*stride * layout->height);
  for (int y = 0; y < layout->height; y++)
    for (gsize x = 0; x < *stride; x++)
      {
        int base = (int) ((x * 255) / *stride + y * 3) % 256;

        pixels[y * *stride + x] = (guint8) (g_rand_int_range (rand, 0, 4) == 0
                                            ? g_rand_int_range (rand, 0, 256)
                                            : base + g_rand_int_range (rand, -6, 7));
      }
  g_rand_free (rand);
  return pixels;
}

static GBytes *
write_png (const Layout *layout)
{
  GByteArray *out = g_byte_array_new ();
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  gsize stride;
  g_autofree guint8 *pixels = make_pixels (layout, &stride);

  g_assert_nonnull (info);
  if (setjmp (png_jmpbuf (png)))
    g_error ("libpng could not write the test file");
  png_set_write_fn (png, out, write_cb, flush_cb);
  png_set_IHDR (png, info, layout->width, layout->height, layout->bit_depth, layout->color_type,
                layout->interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_pHYs (png, info, 11811, 11811, PNG_RESOLUTION_METER);   /* 300 dpi */
  if (layout->transparent)
    {
      png_color_16 key = { 0, 10, 10, 10, 10 };

      png_set_tRNS (png, info, NULL, 0, &key);
    }
  png_set_filter (png, PNG_FILTER_TYPE_BASE, layout->filters);
  png_set_compression_buffer_size (png, layout->idat_size);
  png_write_info (png, info);
  for (int pass = png_set_interlace_handling (png); pass > 0; pass--)
    for (int y = 0; y < layout->height; y++)
      png_write_row (png, pixels + (gsize) y * stride);
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);

  return g_byte_array_free_to_bytes (out);
}

/* libpng's reading, the reference. */
static guint8 *
read_with_libpng (GBytes *file,
                  int     channels)
{
  png_image image = { .version = PNG_IMAGE_VERSION };
  gsize size;
  const guint8 *data = g_bytes_get_data (file, &size);
  guint8 *pixels;

  g_assert_true (png_image_begin_read_from_memory (&image, data, size));
  image.format = channels == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  pixels = g_malloc (PNG_IMAGE_SIZE (image));
  g_assert_true (png_image_finish_read (&image, NULL, pixels, 0, NULL));
  return pixels;
}

static const struct {
  const char *name;
  int         filters;
} filter_cases[] = {
  { "none", PNG_FILTER_NONE },
  { "sub", PNG_FILTER_SUB },
  { "up", PNG_FILTER_UP },
  { "average", PNG_FILTER_AVG },
  { "paeth", PNG_FILTER_PAETH },
  { "adaptive", PNG_ALL_FILTERS },
};

/* Whether the fast decoder takes the file (its pixels dropped). */
static gboolean
decodes (const guint8 *data,
         gsize         size)
{
  MfcPngPixels image = { 0 };

  if (!mfc_png_fast_decode (data, size, &image))
    return FALSE;
  g_free (image.pixels);
  return TRUE;
}

static void
test_same_as_libpng (void)
{
  static const int colors[] = { PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_GRAY };
  static const gsize idat_sizes[] = { 8192, 1 << 22 };

  for (gsize c = 0; c < G_N_ELEMENTS (colors); c++)
    for (gsize f = 0; f < G_N_ELEMENTS (filter_cases); f++)
      for (gsize s = 0; s < G_N_ELEMENTS (idat_sizes); s++)
        {
          Layout layout = { 301, 67, colors[c], filter_cases[f].filters, idat_sizes[s], FALSE, FALSE, 8 };
          int channels = colors[c] == PNG_COLOR_TYPE_RGB ? 3 : 1;
          g_autoptr(GBytes) file = write_png (&layout);
          g_autofree guint8 *reference = read_with_libpng (file, channels);
          gsize size;
          const guint8 *data = g_bytes_get_data (file, &size);
          MfcPngPixels image = { 0 };

          g_test_message ("%s, %s, IDAT of %zu bytes", channels == 3 ? "RGB" : "grey",
                          filter_cases[f].name, idat_sizes[s]);
          g_assert_true (mfc_png_fast_decode (data, size, &image));
          g_assert_cmpint (image.channels, ==, channels);
          g_assert_cmpint (image.width, ==, 301);
          g_assert_cmpint (image.height, ==, 67);
          g_assert_cmpint ((int) (image.dpi + 0.5), ==, 300);
          g_assert_cmpmem (image.pixels, (gsize) image.width * image.channels * image.height,
                           reference, (gsize) 301 * channels * 67);
          g_free (image.pixels);
        }
}

/* Layouts the libpng path converts (transparency on white, 16 bits,
 * interlacing, palettes) are left to it. */
static void
test_declines_other_layouts (void)
{
  const Layout layouts[] = {
    { 40, 20, PNG_COLOR_TYPE_RGB, PNG_FILTER_NONE, 8192, TRUE, FALSE, 8 },
    { 40, 20, PNG_COLOR_TYPE_RGB, PNG_FILTER_NONE, 8192, FALSE, TRUE, 8 },
    { 40, 20, PNG_COLOR_TYPE_GRAY, PNG_FILTER_NONE, 8192, FALSE, FALSE, 16 },
    { 40, 20, PNG_COLOR_TYPE_RGB_ALPHA, PNG_FILTER_NONE, 8192, FALSE, FALSE, 8 },
    { 40, 20, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_FILTER_NONE, 8192, FALSE, FALSE, 8 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (layouts); i++)
    {
      g_autoptr(GBytes) file = write_png (&layouts[i]);
      gsize size;
      const guint8 *data = g_bytes_get_data (file, &size);

      g_test_message ("layout %zu", i);
      g_assert_false (decodes (data, size));
    }
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Offset of the first chunk of @type in a PNG file. */
static gsize
find_chunk (const guint8 *data,
            gsize         size,
            const char   *type)
{
  for (gsize pos = 8; pos + 12 <= size; pos += 12 + be32 (data + pos))
    if (memcmp (data + pos + 4, type, 4) == 0)
      return pos;
  g_assert_not_reached ();
}

static void
put_be32 (guint8  *p,
          guint32  v)
{
  p[0] = (guint8) (v >> 24);
  p[1] = (guint8) (v >> 16);
  p[2] = (guint8) (v >> 8);
  p[3] = (guint8) v;
}

/* A damaged file is never decoded here: wrong CRC, a deflate stream
 * changed under a good CRC, a cut file, a file with too few rows. */
static void
test_declines_damage (void)
{
  Layout layout = { 120, 40, PNG_COLOR_TYPE_RGB, PNG_ALL_FILTERS, 1 << 22, FALSE, FALSE, 8 };
  g_autoptr(GBytes) file = write_png (&layout);
  gsize size, idat;
  const guint8 *good = g_bytes_get_data (file, &size);
  g_autofree guint8 *bad = NULL;
  guint32 len;

  {
    MfcPngPixels image = { 0 };

    g_assert_true (mfc_png_fast_decode (good, size, &image));
    g_free (image.pixels);
  }
  idat = find_chunk (good, size, "IDAT");
  len = be32 (good + idat);

  /* A byte of the stream flipped: the CRC says so. */
  bad = g_memdup2 (good, size);
  bad[idat + 8 + len / 2] ^= 0x40;
  g_assert_false (decodes (bad, size));

  /* The same with the CRC made to fit: the stream (or its checksum) does. */
  put_be32 (bad + idat + 8 + len, libdeflate_crc32 (0, bad + idat + 4, len + 4));
  g_assert_false (decodes (bad, size));

  /* Cut in the middle of the IDAT, or just before IEND. */
  g_assert_false (decodes (good, idat + 8 + len / 2));
  g_assert_false (decodes (good, size - 12));

  /* The header says more rows than the stream holds. */
  g_free (bad);
  bad = g_memdup2 (good, size);
  put_be32 (bad + 8 + 8 + 4, 41);
  put_be32 (bad + 8 + 8 + 13, libdeflate_crc32 (0, bad + 8 + 4, 13 + 4));
  g_assert_false (decodes (bad, size));

  /* Not a PNG at all, and nothing. */
  g_assert_false (decodes ((const guint8 *) "GIF89a........", 14));
  g_assert_false (decodes (good, 0));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/png-fast/same-as-libpng", test_same_as_libpng);
  g_test_add_func ("/png-fast/declines-other-layouts", test_declines_other_layouts);
  g_test_add_func ("/png-fast/declines-damage", test_declines_damage);

  return g_test_run ();
}
