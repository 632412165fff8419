/* mfc-office-map.h — the region's map with the offices as clustered,
 * load-coloured markers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <shumate/shumate.h>

#include "mfc-office.h"
#include "mfc-office-cluster.h"
#include "mfc-office-layer.h"
#include "mfc-tile-source.h"

G_BEGIN_DECLS

/* Running totals of the map's marker work (the benchmark logs them per frame). */
typedef struct
{
  guint  reassigned;     /* the markers' area or level was redone */
  guint  level_changes;  /* an integer zoom level was crossed */
  guint  configured;     /* badges described (text, look, place) */
  guint  changed;        /* of those, badges that looked different */
  gint64 update_us;      /* time spent deciding and describing */
  gint64 snapshot_us;    /* time spent drawing the badges */
} MfcOfficeMapCounters;

#define MFC_TYPE_OFFICE_MAP (mfc_office_map_get_type ())
G_DECLARE_FINAL_TYPE (MfcOfficeMap, mfc_office_map, MFC, OFFICE_MAP, AdwBin)

GtkWidget        *mfc_office_map_new                (void);
void              mfc_office_map_set_model          (MfcOfficeMap     *self,
                                                     GListModel       *offices);
void              mfc_office_map_set_offices        (MfcOfficeMap     *self,
                                                     GPtrArray        *offices);
void              mfc_office_map_set_tile_url       (MfcOfficeMap     *self,
                                                     const char       *url_template,
                                                     guint             min_zoom,
                                                     guint             max_zoom,
                                                     const char       *attribution);
void              mfc_office_map_set_map_source     (MfcOfficeMap     *self,
                                                     ShumateMapSource *source);
MfcTileSource    *mfc_office_map_get_tile_source    (MfcOfficeMap     *self);
ShumateViewport  *mfc_office_map_get_viewport       (MfcOfficeMap     *self);
ShumateMap       *mfc_office_map_get_map            (MfcOfficeMap     *self);
void              mfc_office_map_go_to              (MfcOfficeMap     *self,
                                                     double            lat,
                                                     double            lon,
                                                     double            zoom);
gboolean          mfc_office_map_get_bounds         (MfcOfficeMap     *self,
                                                     double           *south,
                                                     double           *west,
                                                     double           *north,
                                                     double           *east);
void              mfc_office_map_select             (MfcOfficeMap     *self,
                                                     MfcOffice        *office);
MfcOffice        *mfc_office_map_get_selected       (MfcOfficeMap     *self);
guint             mfc_office_map_get_n_markers      (MfcOfficeMap     *self);
guint             mfc_office_map_get_n_shown_offices (MfcOfficeMap    *self);
MfcOfficeLayer   *mfc_office_map_get_layer          (MfcOfficeMap     *self);
const MfcCluster *mfc_office_map_get_badge_cluster  (MfcOfficeMap     *self,
                                                     guint             index);
void              mfc_office_map_get_counters       (MfcOfficeMap     *self,
                                                     MfcOfficeMapCounters *counters);
gboolean          mfc_office_map_get_tiles_failing  (MfcOfficeMap     *self);

G_END_DECLS
