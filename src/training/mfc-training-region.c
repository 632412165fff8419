/* mfc-training-region.c — loads the demo region's vector map once per
 * process and answers geometry questions about it.
 *
 * The file is looked up in $MFC_REGION_DIR (tests, classroom overrides),
 * then where meson installs it (<datadir>/mfc-desk/region), then in the
 * source tree (an uninstalled build).  After loading nothing changes, so
 * the renderer's worker threads share it without locks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "mfc-training-region.h"
#include "mfc-training-region-paths.h"

struct _MfcTrRegion
{
  char      *path;
  GPtrArray *features[MFC_TR_N_FEATURE_KINDS];   /* of MfcTrFeature* */
};

static void
feature_free (MfcTrFeature *feature)
{
  g_free (feature->name);
  g_free (feature->town);
  g_free (feature->lonlat);
  g_free (feature->xy);
  g_free (feature);
}

void
mfc_tr_region_project (double  lon,
                       double  lat,
                       double *x,
                       double *y)
{
  double r = CLAMP (lat, -85.0, 85.0) * G_PI / 180.0;

  *x = (lon + 180.0) / 360.0;
  *y = (1.0 - log (tan (r) + 1.0 / cos (r)) / G_PI) / 2.0;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

/* [[lon, lat], …] into a feature; FALSE when malformed. */
static gboolean
read_points (JsonArray    *points,
             MfcTrFeature *feature)
{
  guint n = points != NULL ? json_array_get_length (points) : 0;

  if (n == 0)
    return FALSE;
  feature->n = n;
  feature->lonlat = g_new (double, 2 * n);
  feature->xy = g_new (double, 2 * n);
  feature->min_x = feature->min_y = G_MAXDOUBLE;
  feature->max_x = feature->max_y = -G_MAXDOUBLE;
  for (guint i = 0; i < n; i++)
    {
      JsonArray *p = json_array_get_array_element (points, i);
      double x, y;

      if (p == NULL || json_array_get_length (p) != 2)
        return FALSE;
      feature->lonlat[2 * i] = json_array_get_double_element (p, 0);
      feature->lonlat[2 * i + 1] = json_array_get_double_element (p, 1);
      mfc_tr_region_project (feature->lonlat[2 * i], feature->lonlat[2 * i + 1], &x, &y);
      feature->xy[2 * i] = x;
      feature->xy[2 * i + 1] = y;
      feature->min_x = MIN (feature->min_x, x);
      feature->max_x = MAX (feature->max_x, x);
      feature->min_y = MIN (feature->min_y, y);
      feature->max_y = MAX (feature->max_y, y);
    }

  return TRUE;
}

static gboolean
add_feature (MfcTrRegion      *region,
             MfcTrFeatureKind  kind,
             JsonObject       *object,
             const char       *geometry,
             GError          **error)
{
  MfcTrFeature *feature = g_new0 (MfcTrFeature, 1);
  JsonNode *points = json_object_get_member (object, geometry);

  feature->kind = kind;
  feature->name = g_strdup (member_string (object, "name"));
  feature->town = g_strdup (member_string (object, "town"));
  if (json_object_has_member (object, "width_m"))
    feature->width_m = json_object_get_double_member (object, "width_m");
  if (kind == MFC_TR_FEATURE_ROAD)
    {
      const char *klass = member_string (object, "class");

      feature->klass = g_strcmp0 (klass, "highway") == 0 ? MFC_TR_ROAD_HIGHWAY
                     : g_strcmp0 (klass, "road") == 0 ? MFC_TR_ROAD_RURAL
                     : g_strcmp0 (klass, "main") == 0 ? MFC_TR_ROAD_MAIN
                     : MFC_TR_ROAD_MINOR;
    }
  if (points == NULL || !JSON_NODE_HOLDS_ARRAY (points) || !read_points (json_node_get_array (points), feature))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: a %s without %s",
                   region->path, feature->name != NULL ? feature->name : "feature", geometry);
      feature_free (feature);
      return FALSE;
    }
  g_ptr_array_add (region->features[kind], feature);

  return TRUE;
}

static gboolean
add_place (MfcTrRegion  *region,
           JsonObject   *object)
{
  MfcTrFeature *feature = g_new0 (MfcTrFeature, 1);
  const char *kind = member_string (object, "kind");
  double x, y;

  feature->kind = MFC_TR_FEATURE_PLACE;
  feature->name = g_strdup (member_string (object, "name"));
  feature->klass = g_strcmp0 (kind, "city") == 0 ? MFC_TR_PLACE_CITY
                 : g_strcmp0 (kind, "town") == 0 ? MFC_TR_PLACE_TOWN
                 : MFC_TR_PLACE_VILLAGE;
  feature->n = 1;
  feature->lonlat = g_new (double, 2);
  feature->xy = g_new (double, 2);
  feature->lonlat[0] = json_object_get_double_member (object, "lon");
  feature->lonlat[1] = json_object_get_double_member (object, "lat");
  mfc_tr_region_project (feature->lonlat[0], feature->lonlat[1], &x, &y);
  feature->xy[0] = feature->min_x = feature->max_x = x;
  feature->xy[1] = feature->min_y = feature->max_y = y;
  g_ptr_array_add (region->features[MFC_TR_FEATURE_PLACE], feature);

  return feature->name != NULL;
}

static gboolean
add_layer (MfcTrRegion      *region,
           JsonObject       *root,
           const char       *member,
           MfcTrFeatureKind  kind,
           const char       *geometry,
           GError          **error)
{
  JsonArray *list = json_object_has_member (root, member) ? json_object_get_array_member (root, member) : NULL;

  if (list == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: no “%s”", region->path, member);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *object = json_array_get_object_element (list, i);

      if (object == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: “%s” holds a non-object", region->path,
                       member);
          return FALSE;
        }
      if (kind == MFC_TR_FEATURE_PLACE ? !add_place (region, object)
                                       : !add_feature (region, kind, object, geometry, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: a place without a name", region->path);
          return FALSE;
        }
    }

  return TRUE;
}

static void
region_free (MfcTrRegion *region)
{
  for (int k = 0; k < MFC_TR_N_FEATURE_KINDS; k++)
    g_clear_pointer (&region->features[k], g_ptr_array_unref);
  g_free (region->path);
  g_free (region);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfcTrRegion, region_free)

static char *
find_file (void)
{
  const char *dirs[] = { g_getenv ("MFC_REGION_DIR"), MFC_REGION_INSTALL_DIR, MFC_REGION_SOURCE_DIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i] == NULL || *dirs[i] == '\0')
        continue;
      path = g_build_filename (dirs[i], MFC_TR_REGION_FILE, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }

  return NULL;
}

static MfcTrRegion *
region_load (GError **error)
{
  g_autoptr(MfcTrRegion) region = g_new0 (MfcTrRegion, 1);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root, *city;
  JsonNode *node;

  region->path = find_file ();
  if (region->path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "The demo region's map %s is in none of $MFC_REGION_DIR, %s, %s", MFC_TR_REGION_FILE,
                   MFC_REGION_INSTALL_DIR, MFC_REGION_SOURCE_DIR);
      return NULL;
    }
  for (int k = 0; k < MFC_TR_N_FEATURE_KINDS; k++)
    region->features[k] = g_ptr_array_new_with_free_func ((GDestroyNotify) feature_free);

  if (!json_parser_load_from_mapped_file (parser, region->path, error))
    return NULL;
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      g_strcmp0 (member_string (json_node_get_object (node), "format"), "mfc-region/1") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not an mfc-region/1 map", region->path);
      return NULL;
    }
  root = json_node_get_object (node);

  if (!json_object_has_member (root, "border") || !json_object_has_member (root, "city"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: no border or city", region->path);
      return NULL;
    }
  if (!add_feature (region, MFC_TR_FEATURE_BORDER, root, "border", error))
    return NULL;
  city = json_object_get_object_member (root, "city");
  if (city == NULL || !add_feature (region, MFC_TR_FEATURE_CITY, city, "polygon", error) ||
      !add_layer (region, city, "districts", MFC_TR_FEATURE_CITY_DISTRICT, "polygon", error))
    return NULL;
  if (!add_layer (region, root, "districts", MFC_TR_FEATURE_DISTRICT, "polygon", error) ||
      !add_layer (region, root, "towns", MFC_TR_FEATURE_TOWN, "polygon", error) ||
      !add_layer (region, root, "water", MFC_TR_FEATURE_WATER, "polygon", error) ||
      !add_layer (region, root, "rivers", MFC_TR_FEATURE_RIVER, "line", error) ||
      !add_layer (region, root, "forests", MFC_TR_FEATURE_FOREST, "polygon", error) ||
      !add_layer (region, root, "parks", MFC_TR_FEATURE_PARK, "polygon", error) ||
      !add_layer (region, root, "railways", MFC_TR_FEATURE_RAILWAY, "line", error) ||
      !add_layer (region, root, "roads", MFC_TR_FEATURE_ROAD, "line", error) ||
      !add_layer (region, root, "places", MFC_TR_FEATURE_PLACE, NULL, error))
    return NULL;

  return g_steal_pointer (&region);
}

static MfcTrRegion *loaded_region;
static GError *load_error;

static gpointer
load_once (gpointer data)
{
  loaded_region = region_load (&load_error);
  if (loaded_region == NULL)
    g_warning ("%s", load_error->message);

  return NULL;
}

/**
 * mfc_tr_region_get:
 * @error: return location for an error (the file is missing or bad)
 *
 * The region, loaded on first use and kept for the life of the process.
 *
 * Returns: (transfer none) (nullable): the region
 */
const MfcTrRegion *
mfc_tr_region_get (GError **error)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, load_once, NULL);
  if (loaded_region == NULL)
    g_propagate_error (error, g_error_copy (load_error));

  return loaded_region;
}

/* The file it came from (NULL when not loaded). */
const char *
mfc_tr_region_path (void)
{
  const MfcTrRegion *region = mfc_tr_region_get (NULL);

  return region != NULL ? region->path : NULL;
}

guint
mfc_tr_region_count (const MfcTrRegion *region,
                     MfcTrFeatureKind   kind)
{
  g_return_val_if_fail (region != NULL, 0);
  g_return_val_if_fail (kind < MFC_TR_N_FEATURE_KINDS, 0);

  return region->features[kind]->len;
}

const MfcTrFeature *
mfc_tr_region_feature (const MfcTrRegion *region,
                       MfcTrFeatureKind   kind,
                       guint              index)
{
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (kind < MFC_TR_N_FEATURE_KINDS, NULL);
  g_return_val_if_fail (index < region->features[kind]->len, NULL);

  return region->features[kind]->pdata[index];
}

gboolean
mfc_tr_region_in_polygon (const MfcTrFeature *feature,
                          double              lon,
                          double              lat)
{
  gboolean in = FALSE;

  g_return_val_if_fail (feature != NULL, FALSE);

  for (guint i = 0, j = feature->n - 1; i < feature->n; j = i++)
    {
      double xi = feature->lonlat[2 * i], yi = feature->lonlat[2 * i + 1];
      double xj = feature->lonlat[2 * j], yj = feature->lonlat[2 * j + 1];

      if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
        in = !in;
    }

  return in;
}

/* Metres from (lon, lat) to a feature's line, on a local flat projection. */
static double
line_distance_m (const MfcTrFeature *feature,
                 double              lon,
                 double              lat)
{
  double kx = 111320.0 * cos (lat * G_PI / 180.0), ky = 110570.0;
  double best = G_MAXDOUBLE;

  for (guint i = 0; i + 1 < feature->n; i++)
    {
      double ax = (feature->lonlat[2 * i] - lon) * kx, ay = (feature->lonlat[2 * i + 1] - lat) * ky;
      double bx = (feature->lonlat[2 * i + 2] - lon) * kx, by = (feature->lonlat[2 * i + 3] - lat) * ky;
      double dx = bx - ax, dy = by - ay, len = dx * dx + dy * dy;
      double t = len > 0 ? CLAMP (-(ax * dx + ay * dy) / len, 0.0, 1.0) : 0.0;

      best = MIN (best, hypot (ax + t * dx, ay + t * dy));
    }

  return best;
}

/**
 * mfc_tr_region_in_water:
 *
 * Whether the point is in a lake or the reservoir, or on a river (within
 * half its width).
 */
gboolean
mfc_tr_region_in_water (const MfcTrRegion *region,
                        double             lon,
                        double             lat)
{
  g_return_val_if_fail (region != NULL, FALSE);

  for (guint i = 0; i < region->features[MFC_TR_FEATURE_WATER]->len; i++)
    if (mfc_tr_region_in_polygon (region->features[MFC_TR_FEATURE_WATER]->pdata[i], lon, lat))
      return TRUE;
  for (guint i = 0; i < region->features[MFC_TR_FEATURE_RIVER]->len; i++)
    {
      const MfcTrFeature *river = region->features[MFC_TR_FEATURE_RIVER]->pdata[i];

      if (line_distance_m (river, lon, lat) <= river->width_m / 2)
        return TRUE;
    }

  return FALSE;
}

/**
 * mfc_tr_region_street_distance:
 *
 * Metres from the point to the nearest street called @street in @town
 * (G_MAXDOUBLE when the town has none of that name).
 */
double
mfc_tr_region_street_distance (const MfcTrRegion *region,
                               const char        *town,
                               const char        *street,
                               double             lon,
                               double             lat)
{
  double best = G_MAXDOUBLE;

  g_return_val_if_fail (region != NULL, G_MAXDOUBLE);

  for (guint i = 0; i < region->features[MFC_TR_FEATURE_ROAD]->len; i++)
    {
      const MfcTrFeature *road = region->features[MFC_TR_FEATURE_ROAD]->pdata[i];

      if (g_strcmp0 (road->town, town) == 0 && g_strcmp0 (road->name, street) == 0)
        best = MIN (best, line_distance_m (road, lon, lat));
    }

  return best;
}

static const MfcTrFeature *
find_named (const MfcTrRegion *region,
            MfcTrFeatureKind   kind,
            const char        *name)
{
  for (guint i = 0; i < region->features[kind]->len; i++)
    {
      const MfcTrFeature *f = region->features[kind]->pdata[i];

      if (g_strcmp0 (f->name, name) == 0)
        return f;
    }

  return NULL;
}

/**
 * mfc_tr_region_place_on_street:
 * @town: the town whose streets to use ("Новоучебск" for the city)
 * @city_district: (nullable): in the city, only the part of a street in
 *   this district
 * @pick: in [0, 1): which of the eligible streets
 * @along: in [0, 1): where along it
 * @lon: (out): @lat: (out): the place, on the street's line, not in water
 * @street: (out) (transfer none): the street's name
 *
 * Deterministic: the same numbers give the same place.
 *
 * Returns: FALSE when the town (or district) has no street
 */
gboolean
mfc_tr_region_place_on_street (const MfcTrRegion *region,
                               const char        *town,
                               const char        *city_district,
                               double             pick,
                               double             along,
                               double            *lon,
                               double            *lat,
                               const char       **street)
{
  g_autoptr(GPtrArray) roads = g_ptr_array_new ();
  const MfcTrFeature *cell = NULL;

  g_return_val_if_fail (region != NULL, FALSE);

  if (city_district != NULL && (cell = find_named (region, MFC_TR_FEATURE_CITY_DISTRICT, city_district)) == NULL)
    return FALSE;

  for (guint i = 0; i < region->features[MFC_TR_FEATURE_ROAD]->len; i++)
    {
      const MfcTrFeature *road = region->features[MFC_TR_FEATURE_ROAD]->pdata[i];

      if (g_strcmp0 (road->town, town) != 0 || road->name == NULL)
        continue;
      if (cell != NULL)
        {
          guint inside = 0;

          for (guint k = 0; k < road->n; k++)
            inside += mfc_tr_region_in_polygon (cell, road->lonlat[2 * k], road->lonlat[2 * k + 1]);
          if (inside < 2)
            continue;
        }
      g_ptr_array_add (roads, (gpointer) road);
    }
  if (roads->len == 0)
    return FALSE;

  for (guint attempt = 0; attempt < roads->len; attempt++)
    {
      const MfcTrFeature *road = roads->pdata[((guint) (CLAMP (pick, 0, 0.999999) * roads->len) + attempt)
                                              % roads->len];

      /* Points along the road: each segment's start plus a fraction. */
      for (guint step = 0; step < 8; step++)
        {
          double t = fmod (CLAMP (along, 0, 0.999999) + step * 0.1237, 1.0) * (road->n - 1);
          guint k = MIN ((guint) t, road->n - 2);
          double f = t - k;
          double x = road->lonlat[2 * k] + f * (road->lonlat[2 * k + 2] - road->lonlat[2 * k]);
          double y = road->lonlat[2 * k + 1] + f * (road->lonlat[2 * k + 3] - road->lonlat[2 * k + 1]);

          if (cell != NULL && !mfc_tr_region_in_polygon (cell, x, y))
            continue;
          if (mfc_tr_region_in_water (region, x, y))
            continue;
          *lon = x;
          *lat = y;
          *street = road->name;
          return TRUE;
        }
    }

  return FALSE;
}

/* Where @needle (folded) occurs in @haystack (folded) as whole words:
 * not inside a longer word on either side. */
static gboolean
contains_words (const char *haystack,
                const char *needle)
{
  gsize len = strlen (needle);

  for (const char *at = strstr (haystack, needle); at != NULL; at = strstr (at + 1, needle))
    {
      gunichar before = at > haystack ? g_utf8_get_char (g_utf8_find_prev_char (haystack, at)) : ' ';
      gunichar after = at[len] != '\0' ? g_utf8_get_char (at + len) : ' ';

      if (!g_unichar_isalnum (before) && !g_unichar_isalnum (after))
        return TRUE;
    }

  return FALSE;
}

static char *
fold (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  g_autofree char *lower = g_utf8_casefold (normal, -1);
  GString *out = g_string_new (NULL);

  /* «ё» as «е», as people type it */
  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, c == 0x0451 ? 0x0435 : c);
    }

  return g_string_free (out, FALSE);
}

/**
 * mfc_tr_region_geocode:
 * @address: an address as the seed and clerks write them, e.g.
 *   "Учебная обл., г. Барабинск, ул. Ленина, д. 12"
 * @precision: (out): what was found: the house (a place on the street
 *   that depends on the number), the street (its middle), or the town only
 * @town: (out) (transfer none): the town's name
 * @street: (out) (transfer none) (nullable): the street's name, or %NULL
 *
 * Finds an address of the region on its map.  Deterministic.
 *
 * Returns: %FALSE when the address names no town of the region
 */
gboolean
mfc_tr_region_geocode (const MfcTrRegion     *region,
                       const char            *address,
                       double                *lon,
                       double                *lat,
                       MfcTrGeocodePrecision *precision,
                       const char           **town,
                       const char           **street)
{
  g_autofree char *text = NULL;
  const MfcTrFeature *place = NULL, *road = NULL;
  gsize road_len = 0;
  g_autoptr(GRegex) house_re = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  g_return_val_if_fail (region != NULL, FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  text = fold (address);
  for (guint i = 0; i < region->features[MFC_TR_FEATURE_PLACE]->len; i++)
    {
      const MfcTrFeature *f = region->features[MFC_TR_FEATURE_PLACE]->pdata[i];
      g_autofree char *name = NULL;

      if (f->klass == MFC_TR_PLACE_VILLAGE)
        continue;
      name = fold (f->name);
      if (contains_words (text, name) && (place == NULL || strlen (f->name) > strlen (place->name)))
        place = f;
    }
  if (place == NULL)
    return FALSE;

  /* The longest street name of that town found in the address: "2-й пер.
   * Ушакова" rather than "пер. Ушакова"; of a name's pieces, the longest. */
  for (guint i = 0; i < region->features[MFC_TR_FEATURE_ROAD]->len; i++)
    {
      const MfcTrFeature *f = region->features[MFC_TR_FEATURE_ROAD]->pdata[i];
      g_autofree char *name = NULL;
      gsize len;

      if (f->name == NULL || g_strcmp0 (f->town, place->name) != 0)
        continue;
      name = fold (f->name);
      len = strlen (name);
      if (len < road_len || !contains_words (text, name))
        continue;
      if (road != NULL && len == road_len && g_str_equal (road->name, f->name) && f->n <= road->n)
        continue;
      road = f;
      road_len = len;
    }

  *town = place->name;
  *street = NULL;
  if (road == NULL)
    {
      *lon = place->lonlat[0];
      *lat = place->lonlat[1];
      *precision = MFC_TR_GEOCODE_TOWN;
      return TRUE;
    }

  *street = road->name;
  house_re = g_regex_new ("(?:^|[ ,])(?:д\\.|дом) ?([0-9]{1,4})", G_REGEX_CASELESS, 0, NULL);
  if (g_regex_match (house_re, address, 0, &match))
    {
      g_autofree char *number = g_match_info_fetch (match, 1);
      int n = atoi (number);
      /* Numbers grow along the street, about 20 m a number. */
      double t = fmod ((n - 1) * 0.017, 1.0) * (road->n - 1);
      guint k = MIN ((guint) t, road->n - 2);
      double f = t - k;

      *lon = road->lonlat[2 * k] + f * (road->lonlat[2 * k + 2] - road->lonlat[2 * k]);
      *lat = road->lonlat[2 * k + 1] + f * (road->lonlat[2 * k + 3] - road->lonlat[2 * k + 1]);
      *precision = MFC_TR_GEOCODE_HOUSE;
      return TRUE;
    }

  *lon = road->lonlat[2 * (road->n / 2)];
  *lat = road->lonlat[2 * (road->n / 2) + 1];
  *precision = MFC_TR_GEOCODE_STREET;

  return TRUE;
}
