/* mfc-png-fast.h — the PNG layout scanners and ImageMagick write, decoded
 * without libpng.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-doc-page.h"

G_BEGIN_DECLS

MfcPageImage *mfc_png_fast_decode (const guint8 *data,
                                   gsize         size);

G_END_DECLS
