/* mfc-tile-source.h — a map source that passes tile fills to another one
 * (the raster tiles from /config) and tells whether the tiles come.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define MFC_TYPE_TILE_SOURCE (mfc_tile_source_get_type ())
G_DECLARE_FINAL_TYPE (MfcTileSource, mfc_tile_source, MFC, TILE_SOURCE, ShumateMapSource)

MfcTileSource    *mfc_tile_source_new            (ShumateMapSource *inner);
ShumateMapSource *mfc_tile_source_get_inner      (MfcTileSource    *self);
gboolean          mfc_tile_source_get_failing    (MfcTileSource    *self);
guint             mfc_tile_source_get_fills      (MfcTileSource    *self);
guint32           mfc_tile_source_get_fill_zooms (MfcTileSource    *self);
guint             mfc_tile_source_get_pending    (MfcTileSource    *self);
void              mfc_tile_source_reset_counts   (MfcTileSource    *self);

G_END_DECLS
