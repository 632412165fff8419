/* mfc-png-fast.h — the PNG layout scanners and ImageMagick write, decoded
 * without libpng.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint8 *pixels;     /* height rows of width × channels bytes, no padding, from g_malloc() */
  int     width;
  int     height;
  int     channels;   /* 1 (grey) or 3 (RGB) */
  double  dpi;        /* from pHYs; 300 when it says nothing usable */
} MfcPngPixels;

gboolean mfc_png_fast_decode (const guint8 *data,
                              gsize         size,
                              MfcPngPixels *decoded);

G_END_DECLS
