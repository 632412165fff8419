/* mfc-tile-source.c
 *
 * libshumate's raster renderer only logs a tile it could not download, so
 * the map would stay blank with no word why.  This source forwards each
 * fill to the real one and watches the outcome: when tiles cannot be
 * reached (connection refused, offline, a bad URL) it turns "failing" and
 * the map says so, while the markers and the list go on working; the
 * first tile that arrives clears it.  A tile the server does not have
 * (outside the region, 404) is not a failure.  It also counts the fills
 * per zoom level, which the map benchmark reports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-booking"

#include "config.h"

#include "mfc-tile-source.h"

struct _MfcTileSource
{
  ShumateMapSource  parent_instance;

  ShumateMapSource *inner;
  gboolean          failing;
  guint             fills;
  guint32           fill_zooms;
  guint             pending;
};

G_DEFINE_FINAL_TYPE (MfcTileSource, mfc_tile_source, SHUMATE_TYPE_MAP_SOURCE)

enum {
  PROP_0,
  PROP_FAILING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_failing (MfcTileSource *self,
             gboolean       failing)
{
  if (self->failing == failing)
    return;
  self->failing = failing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILING]);
}

static void
inner_fill_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcTileSource *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  self->pending--;
  if (shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (source), result, &error))
    {
      set_failing (self, FALSE);
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* Anything but "the server has no such tile" or a fill the map no
   * longer needs means the tiles do not come (libshumate passes some
   * transport errors through in their own domains). */
  g_debug ("A tile failed: %s (%s %d)", error->message, g_quark_to_string (error->domain), error->code);
  if (!g_error_matches (error, SHUMATE_TILE_DOWNLOADER_ERROR, SHUMATE_TILE_DOWNLOADER_ERROR_BAD_RESPONSE) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_failing (self, TRUE);
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
mfc_tile_source_fill_tile_async (ShumateMapSource    *source,
                                 ShumateTile         *tile,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  MfcTileSource *self = MFC_TILE_SOURCE (source);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, mfc_tile_source_fill_tile_async);
  self->fills++;
  self->pending++;
  self->fill_zooms |= 1u << MIN (shumate_tile_get_zoom_level (tile), 31u);
  shumate_map_source_fill_tile_async (self->inner, tile, cancellable, inner_fill_cb, task);
}

static gboolean
mfc_tile_source_fill_tile_finish (ShumateMapSource  *source,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
mfc_tile_source_finalize (GObject *object)
{
  g_clear_object (&MFC_TILE_SOURCE (object)->inner);
  G_OBJECT_CLASS (mfc_tile_source_parent_class)->finalize (object);
}

static void
mfc_tile_source_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_FAILING:
      g_value_set_boolean (value, MFC_TILE_SOURCE (object)->failing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_tile_source_class_init (MfcTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateMapSourceClass *source_class = SHUMATE_MAP_SOURCE_CLASS (klass);

  object_class->finalize = mfc_tile_source_finalize;
  object_class->get_property = mfc_tile_source_get_property;
  source_class->fill_tile_async = mfc_tile_source_fill_tile_async;
  source_class->fill_tile_finish = mfc_tile_source_fill_tile_finish;

  properties[PROP_FAILING] =
    g_param_spec_boolean ("failing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mfc_tile_source_init (MfcTileSource *self)
{
}

/**
 * mfc_tile_source_new:
 * @inner: the source that really fills the tiles
 *
 * Returns: (transfer full): a source with @inner's id, zooms and tile size
 */
MfcTileSource *
mfc_tile_source_new (ShumateMapSource *inner)
{
  MfcTileSource *self;
  ShumateMapSource *source;

  g_return_val_if_fail (SHUMATE_IS_MAP_SOURCE (inner), NULL);

  self = g_object_new (MFC_TYPE_TILE_SOURCE, NULL);
  source = SHUMATE_MAP_SOURCE (self);
  self->inner = g_object_ref (inner);
  shumate_map_source_set_id (source, shumate_map_source_get_id (inner));
  shumate_map_source_set_name (source, shumate_map_source_get_name (inner));
  shumate_map_source_set_license (source, shumate_map_source_get_license (inner));
  shumate_map_source_set_min_zoom_level (source, shumate_map_source_get_min_zoom_level (inner));
  shumate_map_source_set_max_zoom_level (source, shumate_map_source_get_max_zoom_level (inner));
  shumate_map_source_set_tile_size (source, shumate_map_source_get_tile_size (inner));
  shumate_map_source_set_projection (source, shumate_map_source_get_projection (inner));
  return self;
}

/**
 * mfc_tile_source_get_inner:
 * @self: the source
 *
 * Returns: (transfer none): the source that fills the tiles
 */
ShumateMapSource *
mfc_tile_source_get_inner (MfcTileSource *self)
{
  g_return_val_if_fail (MFC_IS_TILE_SOURCE (self), NULL);
  return self->inner;
}

gboolean
mfc_tile_source_get_failing (MfcTileSource *self)
{
  g_return_val_if_fail (MFC_IS_TILE_SOURCE (self), FALSE);
  return self->failing;
}

guint
mfc_tile_source_get_fills (MfcTileSource *self)
{
  g_return_val_if_fail (MFC_IS_TILE_SOURCE (self), 0);
  return self->fills;
}

/**
 * mfc_tile_source_get_fill_zooms:
 * @self: the source
 *
 * Returns: a bit per zoom level at which a tile was filled
 */
guint32
mfc_tile_source_get_fill_zooms (MfcTileSource *self)
{
  g_return_val_if_fail (MFC_IS_TILE_SOURCE (self), 0);
  return self->fill_zooms;
}

/**
 * mfc_tile_source_get_pending:
 * @self: the source
 *
 * Returns: how many fills are under way
 */
guint
mfc_tile_source_get_pending (MfcTileSource *self)
{
  g_return_val_if_fail (MFC_IS_TILE_SOURCE (self), 0);
  return self->pending;
}

void
mfc_tile_source_reset_counts (MfcTileSource *self)
{
  g_return_if_fail (MFC_IS_TILE_SOURCE (self));
  self->fills = 0;
  self->fill_zooms = 0;
}
