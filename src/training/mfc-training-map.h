/* mfc-training-map.h — the demo region's map tiles: drawn with cairo and
 * PangoCairo from the region's vector map, PNG-encoded, cached per tile.
 * Thread-safe.  Private to the training server (and its tests and
 * benchmarks).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MFC_TR_TILE_SIZE 256

gboolean mfc_tr_map_tile_in_region (int        z,
                                    int        x,
                                    int        y);
GBytes  *mfc_tr_map_render_png     (int        z,
                                    int        x,
                                    int        y,
                                    GError   **error);
GBytes  *mfc_tr_map_tile_png       (int        z,
                                    int        x,
                                    int        y,
                                    char     **etag,
                                    GError   **error);
void     mfc_tr_map_cache_clear    (void);

G_END_DECLS
