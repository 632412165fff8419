/* test-training-map.c — the demo region's map tiles: real pictures that
 * differ by zoom and place (water where the map has water, streets in the
 * city, the neighbours' grey beyond the border), revalidation by ETag
 * (304), 404 outside the region, and the same bytes when many threads draw
 * at once.  The seed's offices stand on the streets their addresses name,
 * never in water; addresses are found on the map (GET /geocode).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>
#include <math.h>

#include "test-training-common.h"
#include "mfc-training-map.h"
#include "mfc-training-region.h"

static void
tile_of (double lat,
         double lon,
         int    z,
         int   *x,
         int   *y)
{
  double r = lat * G_PI / 180.0;

  *x = (int) floor ((lon + 180.0) / 360.0 * (1 << z));
  *y = (int) floor ((1.0 - log (tan (r) + 1.0 / cos (r)) / G_PI) / 2.0 * (1 << z));
}

static Reply *
get_tile (Fixture    *f,
          int         z,
          int         x,
          int         y,
          const char *if_none_match)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/map/tiles/%d/%d/%d.png", z, x, y);
  const char *headers[] = { "If-None-Match", if_none_match, NULL };

  return call (f, "GET", path, NULL, NULL, if_none_match != NULL ? headers : NULL);
}

typedef struct
{
  const guchar *data;
  gsize         left;
} PngReader;

static cairo_status_t
read_cb (void          *closure,
         unsigned char *data,
         unsigned int   length)
{
  PngReader *r = closure;

  if (length > r->left)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, r->data, length);
  r->data += length;
  r->left -= length;

  return CAIRO_STATUS_SUCCESS;
}

/* Share of the tile's pixels within a small distance of @rgb. */
static double
share_of (GBytes  *png,
          guint32  rgb)
{
  PngReader reader = { g_bytes_get_data (png, &reader.left), 0 };
  cairo_surface_t *s;
  const guchar *pixels;
  int stride, hits = 0;

  reader.left = g_bytes_get_size (png);
  s = cairo_image_surface_create_from_png_stream (read_cb, &reader);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 256);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 256);
  cairo_surface_flush (s);
  pixels = cairo_image_surface_get_data (s);
  stride = cairo_image_surface_get_stride (s);
  for (int y = 0; y < 256; y++)
    for (int x = 0; x < 256; x++)
      {
        guint32 p = *(const guint32 *) (const void *) (pixels + y * stride + 4 * x);
        int dr = (int) ((p >> 16) & 0xff) - (int) ((rgb >> 16) & 0xff);
        int dg = (int) ((p >> 8) & 0xff) - (int) ((rgb >> 8) & 0xff);
        int db = (int) (p & 0xff) - (int) (rgb & 0xff);

        if (abs (dr) + abs (dg) + abs (db) <= 12)
          hits++;
      }
  cairo_surface_destroy (s);

  return hits / 65536.0;
}

#define WATER 0xaad3df
#define LAND 0xf2efe9
#define OUTSIDE 0xdedbd4
#define BUILT_UP 0xe4dccf
#define STREET 0xffffff

static GBytes *
tile_body (Fixture *f,
           int      z,
           double   lat,
           double   lon)
{
  int x, y;
  g_autoptr(Reply) r = NULL;

  tile_of (lat, lon, z, &x, &y);
  r = get_tile (f, z, x, y, NULL);
  assert_status (r, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "image/png");

  return g_bytes_ref (r->body);
}

static void
test_tiles_differ (Fixture       *f,
                   gconstpointer  data)
{
  /* The whole region, the city, a street corner in the centre, the
   * reservoir, a lake in the west, and the steppe. */
  g_autoptr(GBytes) region = tile_body (f, 6, 55.03, 82.92);
  g_autoptr(GBytes) city = tile_body (f, 11, 55.03, 82.92);
  g_autoptr(GBytes) street = tile_body (f, 16, 55.0355, 82.93);
  g_autoptr(GBytes) reservoir = tile_body (f, 13, 54.75, 83.08);
  g_autoptr(GBytes) lake = tile_body (f, 12, 55.05, 77.85);
  g_autoptr(GBytes) steppe = tile_body (f, 10, 54.2, 80.0);
  GBytes *all[] = { region, city, street, reservoir, lake, steppe };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (all); j++)
      g_assert_false (g_bytes_equal (all[i], all[j]));

  /* What is drawn is where the map has it. */
  g_assert_cmpfloat (share_of (reservoir, WATER), >, 0.3);
  g_assert_cmpfloat (share_of (lake, WATER), >, 0.5);
  g_assert_cmpfloat (share_of (steppe, WATER), <, 0.05);
  g_assert_cmpfloat (share_of (steppe, LAND), >, 0.3);
  g_assert_cmpfloat (share_of (city, BUILT_UP), >, 0.3);
  g_assert_cmpfloat (share_of (street, STREET) + share_of (street, 0xfcd9a0), >, 0.03);
  /* At zoom 6 the tile reaches past the region's border. */
  g_assert_cmpfloat (share_of (region, 0xdedbd4), >, 0.05);
  g_assert_cmpfloat (share_of (region, LAND), >, 0.2);

  /* Neighbours differ too (not one picture per zoom). */
  {
    int x, y;
    g_autoptr(Reply) a = NULL;
    g_autoptr(Reply) b = NULL;

    tile_of (55.03, 82.92, 14, &x, &y);
    a = get_tile (f, 14, x, y, NULL);
    b = get_tile (f, 14, x + 1, y, NULL);
    assert_status (a, 200);
    assert_status (b, 200);
    g_assert_false (g_bytes_equal (a->body, b->body));
    g_assert_cmpstr (soup_message_headers_get_one (a->headers, "ETag"), !=,
                     soup_message_headers_get_one (b->headers, "ETag"));
  }
}

static void
test_etag (Fixture       *f,
           gconstpointer  data)
{
  int x, y;
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) again = NULL;
  g_autoptr(Reply) same = NULL;
  g_autoptr(Reply) stale = NULL;
  g_autoptr(Reply) list = NULL;
  g_autoptr(Reply) star = NULL;
  g_autoptr(Reply) weak = NULL;
  g_autofree char *in_list = NULL;
  g_autofree char *weak_tag = NULL;
  const char *etag;

  tile_of (55.03, 82.92, 12, &x, &y);
  first = get_tile (f, 12, x, y, NULL);
  assert_status (first, 200);
  etag = soup_message_headers_get_one (first->headers, "ETag");
  g_assert_nonnull (etag);
  g_assert_true (g_regex_match_simple ("^\"[0-9a-f]{16,64}\"$", etag, 0, 0));
  g_assert_cmpstr (soup_message_headers_get_one (first->headers, "Cache-Control"), ==, "public, max-age=86400");

  /* From the cache: the same bytes, the same tag. */
  again = get_tile (f, 12, x, y, NULL);
  assert_status (again, 200);
  g_assert_true (g_bytes_equal (first->body, again->body));
  g_assert_cmpstr (soup_message_headers_get_one (again->headers, "ETag"), ==, etag);

  same = get_tile (f, 12, x, y, etag);
  g_assert_cmpuint (same->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (same->body), ==, 0);
  g_assert_cmpstr (soup_message_headers_get_one (same->headers, "ETag"), ==, etag);

  stale = get_tile (f, 12, x, y, "\"0123456789abcdef\"");
  assert_status (stale, 200);
  g_assert_true (g_bytes_equal (first->body, stale->body));

  in_list = g_strdup_printf ("\"0123456789abcdef\", %s", etag);
  list = get_tile (f, 12, x, y, in_list);
  g_assert_cmpuint (list->status, ==, 304);
  star = get_tile (f, 12, x, y, "*");
  g_assert_cmpuint (star->status, ==, 304);
  weak_tag = g_strdup_printf ("W/%s", etag);
  weak = get_tile (f, 12, x, y, weak_tag);
  g_assert_cmpuint (weak->status, ==, 304);
}

static void
test_outside (Fixture       *f,
              gconstpointer  data)
{
  int x, y;
  g_autoptr(Reply) deep = NULL;
  g_autoptr(Reply) shallow = NULL;
  g_autoptr(Reply) moscow = NULL;
  g_autoptr(Reply) junk = NULL;

  tile_of (55.03, 82.92, 17, &x, &y);
  deep = get_tile (f, 17, x, y, NULL);
  assert_error (deep, 404, "not_found");
  shallow = get_tile (f, 5, 0, 0, NULL);
  assert_error (shallow, 404, "not_found");
  tile_of (55.75, 37.62, 10, &x, &y);
  moscow = get_tile (f, 10, x, y, NULL);
  assert_error (moscow, 404, "not_found");
  junk = call (f, "GET", "/api/v1/map/tiles/10/abc/1.png", NULL, NULL, NULL);
  assert_error (junk, 404, "not_found");
}

typedef struct
{
  int     z, x, y;
  GBytes *png;
} Job;

static gpointer
render_thread (gpointer data)
{
  GPtrArray *jobs = data;

  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = jobs->pdata[i];
      g_autofree char *etag = NULL;
      g_autoptr(GError) error = NULL;

      job->png = mfc_tr_map_tile_png (job->z, job->x, job->y, &etag, &error);
      g_assert_no_error (error);
    }

  return NULL;
}

/* Four threads through the cache at once give what one thread draws. */
static void
test_threads (void)
{
  static const struct { int z; double lat, lon; } places[] = {
    { 8, 55.0, 82.9 }, { 10, 54.8, 83.0 }, { 12, 55.03, 82.92 }, { 15, 55.04, 82.91 }, { 9, 53.8, 76.9 },
  };
  GPtrArray *per_thread[4] = { NULL, };
  GThread *threads[4];

  mfc_tr_map_cache_clear ();
  for (int t = 0; t < 4; t++)
    {
      per_thread[t] = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < G_N_ELEMENTS (places); i++)
        for (int dx = 0; dx < 2; dx++)
          {
            Job *job = g_new0 (Job, 1);

            job->z = places[(i + t) % G_N_ELEMENTS (places)].z;
            tile_of (places[(i + t) % G_N_ELEMENTS (places)].lat, places[(i + t) % G_N_ELEMENTS (places)].lon,
                     job->z, &job->x, &job->y);
            job->x += dx;
            g_ptr_array_add (per_thread[t], job);
          }
    }
  for (int t = 0; t < 4; t++)
    threads[t] = g_thread_new ("render", render_thread, per_thread[t]);
  for (int t = 0; t < 4; t++)
    g_thread_join (threads[t]);

  for (int t = 0; t < 4; t++)
    for (guint i = 0; i < per_thread[t]->len; i++)
      {
        Job *job = per_thread[t]->pdata[i];
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) fresh = mfc_tr_map_render_png (job->z, job->x, job->y, &error);

        g_assert_no_error (error);
        g_assert_true (g_bytes_equal (fresh, job->png));
        g_bytes_unref (job->png);
      }
  for (int t = 0; t < 4; t++)
    g_ptr_array_unref (per_thread[t]);
}

/* "г. Новоучебск, ул. Кирова, д. 5" → town and street */
static void
split_address (const char  *address,
               char       **town,
               char       **street)
{
  g_auto(GStrv) parts = g_strsplit (address, ", ", -1);
  guint n = g_strv_length (parts);

  g_assert_cmpuint (n, >=, 3);
  g_assert_true (g_str_has_prefix (parts[n - 3], "г. "));
  *town = g_strdup (parts[n - 3] + strlen ("г. "));
  *street = g_strdup (parts[n - 2]);
}

static void
test_offices_on_streets (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(Reply) list = call (f, "GET", "/api/v1/offices?limit=200", token, NULL, NULL);
  g_autoptr(GError) error = NULL;
  const MfcTrRegion *region = mfc_tr_region_get (&error);
  guint on_map = 0, far = 0;

  g_assert_no_error (error);
  assert_status (list, 200);
  for (guint i = 0; i < json_array_get_length (items (list)); i++)
    {
      JsonObject *o = json_array_get_object_element (items (list), i);
      double lat = json_object_get_double_member (o, "lat"), lon = json_object_get_double_member (o, "lon");
      const char *zone = json_object_get_string_member (o, "timezone");
      g_autofree char *town = NULL;
      g_autofree char *street = NULL;

      if (g_str_equal (zone, "Europe/Kaliningrad") || g_str_equal (zone, "Asia/Kamchatka"))
        {
          /* The far offices: outside the demo region, in their own cities. */
          g_assert_false (lat >= 53.2 && lat <= 56.2 && lon >= 75.5 && lon <= 85.3);
          far++;
          continue;
        }
      on_map++;
      g_assert_cmpfloat (lat, >, 53.2);
      g_assert_cmpfloat (lat, <, 56.2);
      g_assert_cmpfloat (lon, >, 75.5);
      g_assert_cmpfloat (lon, <, 85.3);
      g_assert_true (mfc_tr_region_in_polygon (mfc_tr_region_feature (region, MFC_TR_FEATURE_BORDER, 0), lon, lat));
      g_assert_false (mfc_tr_region_in_water (region, lon, lat));
      split_address (json_object_get_string_member (o, "address"), &town, &street);
      /* On the street the address names (within a metre of its line). */
      g_assert_cmpfloat (mfc_tr_region_street_distance (region, town, street, lon, lat), <, 1.0);
      if (g_str_equal (town, "Новоучебск"))
        {
          const char *district = json_object_get_string_member (o, "district");
          gboolean found = FALSE;

          for (guint k = 0; k < mfc_tr_region_count (region, MFC_TR_FEATURE_CITY_DISTRICT); k++)
            {
              const MfcTrFeature *cell = mfc_tr_region_feature (region, MFC_TR_FEATURE_CITY_DISTRICT, k);

              if (g_str_equal (cell->name, district))
                {
                  g_assert_true (mfc_tr_region_in_polygon (cell, lon, lat));
                  found = TRUE;
                }
            }
          g_assert_true (found);
        }
    }
  g_assert_cmpuint (on_map, ==, 48);
  g_assert_cmpuint (far, ==, 2);
}

static Reply *
geocode (Fixture    *f,
         const char *token,
         const char *address)
{
  g_autofree char *escaped = g_uri_escape_string (address, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/geocode?address=%s", escaped);

  return call (f, "GET", path, token, NULL, NULL);
}

/* Every office's address is found on its street; an applicant's address
 * gives the point the office list measures distances from. */
static void
test_geocode (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(Reply) list = call (f, "GET", "/api/v1/offices?limit=200", token, NULL, NULL);
  g_autoptr(Reply) loose = NULL, town_only = NULL, street_only = NULL, moscow = NULL, empty = NULL, near = NULL;
  guint found = 0;

  assert_status (list, 200);
  for (guint i = 0; i < json_array_get_length (items (list)); i++)
    {
      JsonObject *o = json_array_get_object_element (items (list), i);
      const char *address = json_object_get_string_member (o, "address");
      g_autoptr(Reply) r = geocode (f, token, address);
      g_autofree char *town = NULL;
      g_autofree char *street = NULL;

      if (strstr (address, "Калининград") != NULL || strstr (address, "Камчатский") != NULL)
        {
          assert_error (r, 404, "not_found");
          continue;
        }
      assert_status (r, 200);
      split_address (address, &town, &street);
      g_assert_cmpstr (str (r, "precision"), ==, "house");
      g_assert_cmpstr (str (r, "town"), ==, town);
      g_assert_cmpstr (str (r, "street"), ==, street);
      found++;
    }
  g_assert_cmpuint (found, ==, 48);

  /* Case, «ё» and the order of the parts do not matter. */
  loose = geocode (f, token, "ДОМ 5, УЛ. ЛЕНИНА, КРАСНОЗЕРСК");
  assert_status (loose, 200);
  g_assert_cmpstr (str (loose, "town"), ==, "Краснозёрск");
  g_assert_cmpstr (str (loose, "street"), ==, "ул. Ленина");
  g_assert_cmpstr (str (loose, "precision"), ==, "house");
  street_only = geocode (f, token, "г. Новоучебск, Красный пр.");
  assert_status (street_only, 200);
  g_assert_cmpstr (str (street_only, "precision"), ==, "street");
  town_only = geocode (f, token, "Учебная обл., г. Барабинск, ул. Несуществующая, д. 1");
  assert_status (town_only, 200);
  g_assert_cmpstr (str (town_only, "precision"), ==, "town");
  g_assert_true (json_object_get_null_member (obj (town_only), "street"));
  moscow = geocode (f, token, "г. Москва, ул. Тверская, д. 1");
  assert_error (moscow, 404, "not_found");
  empty = call (f, "GET", "/api/v1/geocode?address=%20", token, NULL, NULL);
  assert_error (empty, 400, "bad_request");

  /* An applicant in Барабинск: the nearest office is Барабинск's. */
  {
    g_autoptr(Reply) at = geocode (f, token, "Учебная обл., г. Барабинск, ул. Ленина, д. 3");
    g_autofree char *path = NULL;
    char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];

    assert_status (at, 200);
    path = g_strdup_printf ("/api/v1/offices?near=%s,%s&radius_km=300&limit=3",
                            g_ascii_dtostr (lat, sizeof lat, json_object_get_double_member (obj (at), "lat")),
                            g_ascii_dtostr (lon, sizeof lon, json_object_get_double_member (obj (at), "lon")));
    near = call (f, "GET", path, token, NULL, NULL);
    assert_status (near, 200);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items (near), 0), "district"),
                     ==, "Барабинский район");
    g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (items (near), 0),
                                                      "distance_km"), <, 5);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/training/map/tiles-differ", test_tiles_differ);
  ADD ("/training/map/etag", test_etag);
  ADD ("/training/map/outside", test_outside);
  ADD ("/training/map/offices-on-streets", test_offices_on_streets);
  ADD ("/training/map/geocode", test_geocode);
#undef ADD
  g_test_add_func ("/training/map/threads", test_threads);

  return g_test_run ();
}
