/* mfc-training-region.h — the vector map of «Учебная область»
 * (data/region/uchebnaya-oblast.json): loaded once per process, read-only
 * afterwards, so any thread may use it.  The tile renderer draws it; the
 * seed puts offices on its streets; tests check offices stand on land.
 * Private to the training server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MFC_TR_REGION_FILE "uchebnaya-oblast.json"

typedef enum
{
  MFC_TR_FEATURE_BORDER,        /* the region's outline */
  MFC_TR_FEATURE_DISTRICT,      /* a district's cell (drawn clipped to the border) */
  MFC_TR_FEATURE_CITY,          /* the city's urban area */
  MFC_TR_FEATURE_CITY_DISTRICT, /* a city district's cell (clipped to the city) */
  MFC_TR_FEATURE_TOWN,          /* a town's urban area */
  MFC_TR_FEATURE_WATER,         /* lakes, the reservoir */
  MFC_TR_FEATURE_RIVER,         /* a line with a width */
  MFC_TR_FEATURE_FOREST,
  MFC_TR_FEATURE_PARK,
  MFC_TR_FEATURE_RAILWAY,
  MFC_TR_FEATURE_ROAD,
  MFC_TR_FEATURE_PLACE,         /* a point: city, town or village */
  MFC_TR_N_FEATURE_KINDS
} MfcTrFeatureKind;

typedef enum
{
  MFC_TR_ROAD_MINOR,
  MFC_TR_ROAD_MAIN,
  MFC_TR_ROAD_RURAL,            /* between towns */
  MFC_TR_ROAD_HIGHWAY,          /* from the city */
} MfcTrRoadClass;

typedef enum
{
  MFC_TR_PLACE_VILLAGE,
  MFC_TR_PLACE_TOWN,
  MFC_TR_PLACE_CITY,
} MfcTrPlaceKind;

typedef struct
{
  MfcTrFeatureKind kind;
  int              klass;       /* MfcTrRoadClass, MfcTrPlaceKind; else 0 */
  char            *name;        /* NULL when it has none */
  char            *town;        /* roads: the town whose street it is; districts: their town */
  double           width_m;     /* rivers */
  guint            n;           /* points */
  double          *lonlat;      /* n × (lon, lat) */
  double          *xy;          /* n × Web-Mercator world units, 0..1 */
  double           min_x, min_y, max_x, max_y;   /* of xy */
} MfcTrFeature;

typedef struct _MfcTrRegion MfcTrRegion;

const MfcTrRegion  *mfc_tr_region_get        (GError           **error);
const char         *mfc_tr_region_path       (void);

guint               mfc_tr_region_count      (const MfcTrRegion *region,
                                              MfcTrFeatureKind   kind);
const MfcTrFeature *mfc_tr_region_feature    (const MfcTrRegion *region,
                                              MfcTrFeatureKind   kind,
                                              guint              index);

void                mfc_tr_region_project    (double             lon,
                                              double             lat,
                                              double            *x,
                                              double            *y);
gboolean            mfc_tr_region_in_polygon (const MfcTrFeature *feature,
                                              double              lon,
                                              double              lat);
gboolean            mfc_tr_region_in_water   (const MfcTrRegion *region,
                                              double             lon,
                                              double             lat);
double              mfc_tr_region_street_distance (const MfcTrRegion *region,
                                                   const char        *town,
                                                   const char        *street,
                                                   double             lon,
                                                   double             lat);
gboolean            mfc_tr_region_place_on_street (const MfcTrRegion *region,
                                                   const char        *town,
                                                   const char        *city_district,
                                                   double             pick,
                                                   double             along,
                                                   double            *lon,
                                                   double            *lat,
                                                   const char       **street);

typedef enum
{
  MFC_TR_GEOCODE_TOWN,
  MFC_TR_GEOCODE_STREET,
  MFC_TR_GEOCODE_HOUSE,
} MfcTrGeocodePrecision;

gboolean            mfc_tr_region_geocode    (const MfcTrRegion     *region,
                                              const char            *address,
                                              double                *lon,
                                              double                *lat,
                                              MfcTrGeocodePrecision *precision,
                                              const char           **town,
                                              const char           **street);

G_END_DECLS
