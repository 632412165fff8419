/* bench-map-server.c — the training server's side of the office map:
 *
 *   1. GET /api/v1/offices?bbox=…&limit=200 on the large seed (20 000
 *      offices): a city view, a town view and the whole region (its first
 *      page), and the town view with the default page size (50), each
 *      request alone (one client), p50/p90/p99/max; beside it,
 *      in the same run, GET /api/v1/config — the floor of any request
 *      through the same server and HTTP stack — as the anchor the bbox
 *      figures are divided by;
 *   2. drawing a map tile (cairo + PangoCairo + PNG), in this process,
 *      without the cache: per zoom 6…16 and overall, ms per tile;
 *   3. a tile over HTTP: drawn (cache cleared), from the cache, and
 *      revalidated (304), per request.
 *
 * The server runs in this process on its own thread and main loop, as in
 * the service tests, with its clock fixed (Monday 23 November 2026, 10:00
 * +07).  The large database is kept (--db) so that only the first run
 * pays for seeding it (about a minute); delete it to reseed.  Nothing
 * asserts a speed; figures go to docs/benchmarks.md.  Exits non-zero when
 * a request fails.
 *
 *   bench-map-server --db build/tests/bench/bench-map-large.sqlite \
 *                    --requests 300 --tiles 30
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-bench"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "bench-stats.h"
#include "mfc-training-map.h"
#include "mfc-training-server.h"

/* 2026-11-23T10:00:00+07:00 */
#define BENCH_NOW G_GINT64_CONSTANT (1795402800)

typedef struct
{
  char              *db;
  GMainContext      *context;
  GMainLoop         *loop;
  MfcTrainingServer *server;
  char              *base_url;
  GMutex             lock;
  GCond              cond;
  gboolean           ready;
  GError            *error;
  double             seed_seconds;
} Server;

static gpointer
server_thread (gpointer data)
{
  Server *s = data;
  gboolean fresh = !g_file_test (s->db, G_FILE_TEST_EXISTS);

  g_main_context_push_thread_default (s->context);
  s->server = mfc_training_server_new (s->db, &s->error);
  if (s->server != NULL)
    {
      mfc_training_server_set_fake_time (s->server, BENCH_NOW);
      mfc_training_server_set_load_interval (s->server, 0);
      if (fresh)
        {
          gint64 started = g_get_monotonic_time ();

          if (mfc_training_server_seed (s->server, "large", &s->error))
            s->seed_seconds = (g_get_monotonic_time () - started) / 1e6;
        }
      if (s->error == NULL && mfc_training_server_listen (s->server, "127.0.0.1:0", &s->error))
        s->base_url = g_strdup (mfc_training_server_get_base_url (s->server));
    }

  g_mutex_lock (&s->lock);
  s->ready = TRUE;
  g_cond_signal (&s->cond);
  g_mutex_unlock (&s->lock);

  if (s->base_url != NULL)
    g_main_loop_run (s->loop);
  if (s->server != NULL)
    mfc_training_server_stop (s->server);
  g_clear_object (&s->server);
  g_main_context_pop_thread_default (s->context);

  return NULL;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);

  return G_SOURCE_REMOVE;
}

/* This thread's CPU time, ms: what drawing costs whatever else the shared
 * machine runs meanwhile. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);

  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The process's CPU time, ms: with one request in flight, the server
 * thread's work for it plus the client's, whatever else the machine runs. */
static double
process_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);

  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double last_cpu_ms;   /* of the last timed_get() */

static guint failures;

/* One request; returns its latency in ms and the body. */
static double
timed_get (SoupSession  *session,
           const char   *url,
           const char   *token,
           const char   *if_none_match,
           guint         expect,
           GBytes      **body_out)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  gint64 started;
  double ms, cpu;

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (if_none_match != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match", if_none_match);
  started = g_get_monotonic_time ();
  cpu = process_cpu_ms ();
  body = soup_session_send_and_read (session, msg, NULL, &error);
  last_cpu_ms = process_cpu_ms () - cpu;
  ms = (g_get_monotonic_time () - started) / 1000.0;
  if (body == NULL || soup_message_get_status (msg) != expect)
    {
      /* No URL: it may hold a query; the call type is printed by the caller. */
      if (failures++ < 5)
        g_printerr ("a request failed: status %u, expected %u%s%s\n", soup_message_get_status (msg), expect,
                    error != NULL ? ": " : "", error != NULL ? error->message : "");
    }
  if (body_out != NULL)
    *body_out = g_steal_pointer (&body);

  return ms;
}

static char *
login (SoupSession *session,
       const char  *base_url)
{
  g_autofree char *url = g_strconcat (base_url, "/api/v1/session", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new_static ("{\"login\":\"clerk\",\"password\":\"demo\"}", 35);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  if (body == NULL || soup_message_get_status (msg) != 200 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));

  return g_strdup (json_object_get_string_member (root, "token"));
}

static void
report (const char *what,
        GArray     *ms,
        double      anchor_p99)
{
  double p50 = bench_percentile (ms, 0.5), p90 = bench_percentile (ms, 0.9), p99 = bench_percentile (ms, 0.99);
  double max = bench_percentile (ms, 1.0);

  g_print ("  %-44s n=%4u  p50 %7.2f  p90 %7.2f  p99 %7.2f  max %7.2f ms", what, ms->len, p50, p90, p99, max);
  if (anchor_p99 > 0)
    g_print ("   p99 ×%.1f the anchor", p99 / anchor_p99);
  g_print ("\n");
}

typedef struct { double lat, lon; } Point;

/* Towns of the region (where the large seed's offices crowd). */
static const Point towns[] = {
  { 53.9344, 81.4934 }, { 54.3868, 80.9628 }, { 53.5113, 76.9678 }, { 53.4126, 82.2929 }, { 54.4907, 79.4420 },
  { 55.9698, 77.2284 }, { 55.7675, 82.5625 }, { 53.6994, 78.5796 }, { 55.5214, 81.7522 }, { 54.0787, 84.4712 },
  { 54.8697, 78.6800 }, { 55.0186, 81.7543 }, { 53.5472, 84.8849 }, { 55.8388, 83.5993 }, { 54.5049, 82.3256 },
};

static void
bench_offices (SoupSession *session,
               const char  *base_url,
               const char  *token,
               guint        requests,
               GRand       *rand)
{
  g_autoptr(GArray) config = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) city = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) town = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) region = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) town50 = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *cpu[6];
  g_autofree char *config_url = g_strconcat (base_url, "/api/v1/config", NULL);
  double anchor;
  guint items = 0;

  for (guint k = 0; k < G_N_ELEMENTS (cpu); k++)
    cpu[k] = g_array_new (FALSE, FALSE, sizeof (double));
  /* Warm the connection and SQLite's page cache alike for every kind. */
  for (guint i = 0; i < 5; i++)
    timed_get (session, config_url, NULL, NULL, 200, NULL);

  for (guint i = 0; i < requests; i++)
    {
      double lat, lon, ms;
      g_autofree char *url = NULL;
      char b[4][G_ASCII_DTOSTR_BUF_SIZE];
      g_autoptr(GBytes) body = NULL;

      ms = timed_get (session, config_url, NULL, NULL, 200, NULL);
      g_array_append_val (config, ms);
      g_array_append_val (cpu[0], last_cpu_ms);

      /* A city view (about zoom 13: 6 × 4 km) */
      lat = 55.03 + (g_rand_double (rand) - 0.5) * 0.16;
      lon = 82.92 + (g_rand_double (rand) - 0.5) * 0.3;
      url = g_strdup_printf ("%s/api/v1/offices?bbox=%s,%s,%s,%s&limit=200", base_url,
                             g_ascii_formatd (b[0], sizeof b[0], "%.5f", lat - 0.02),
                             g_ascii_formatd (b[1], sizeof b[1], "%.5f", lon - 0.05),
                             g_ascii_formatd (b[2], sizeof b[2], "%.5f", lat + 0.02),
                             g_ascii_formatd (b[3], sizeof b[3], "%.5f", lon + 0.05));
      ms = timed_get (session, url, token, NULL, 200, NULL);
      g_array_append_val (city, ms);
      g_array_append_val (all, ms);
      g_array_append_val (cpu[1], last_cpu_ms);
      g_array_append_val (cpu[4], last_cpu_ms);
      g_free (url);

      /* A town and around it (about zoom 10) */
      {
        const Point *p = &towns[g_rand_int_range (rand, 0, G_N_ELEMENTS (towns))];

        url = g_strdup_printf ("%s/api/v1/offices?bbox=%s,%s,%s,%s&limit=200", base_url,
                               g_ascii_formatd (b[0], sizeof b[0], "%.5f", p->lat - 0.15),
                               g_ascii_formatd (b[1], sizeof b[1], "%.5f", p->lon - 0.35),
                               g_ascii_formatd (b[2], sizeof b[2], "%.5f", p->lat + 0.15),
                               g_ascii_formatd (b[3], sizeof b[3], "%.5f", p->lon + 0.35));
      }
      ms = timed_get (session, url, token, NULL, 200, &body);
      g_array_append_val (town, ms);
      g_array_append_val (all, ms);
      g_array_append_val (cpu[2], last_cpu_ms);
      g_array_append_val (cpu[4], last_cpu_ms);
      if (body != NULL)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();

          if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
            items += json_array_get_length (json_object_get_array_member (
                json_node_get_object (json_parser_get_root (parser)), "items"));
        }

      /* The same town view, a page of the default size (50) */
      {
        g_autofree char *page = g_strndup (url, strlen (url) - strlen ("&limit=200"));

        ms = timed_get (session, page, token, NULL, 200, NULL);
        g_array_append_val (town50, ms);
        g_array_append_val (cpu[5], last_cpu_ms);
      }
      g_free (url);

      /* The whole region: its first page */
      url = g_strdup_printf ("%s/api/v1/offices?bbox=53.2,75.5,56.2,85.3&limit=200", base_url);
      ms = timed_get (session, url, token, NULL, 200, NULL);
      g_array_append_val (region, ms);
      g_array_append_val (all, ms);
      g_array_append_val (cpu[3], last_cpu_ms);
      g_array_append_val (cpu[4], last_cpu_ms);
    }

  anchor = bench_percentile (config, 0.99);
  g_print ("GET /api/v1/offices?bbox=…&limit=200, large seed, one client, %u rounds\n", requests);
  report ("GET /config (anchor: the floor of a request)", config, 0);
  report ("bbox: a city view, 6 × 4 km", city, anchor);
  report ("bbox: a town's view, 45 × 33 km", town, anchor);
  report ("bbox: the whole region (first page)", region, anchor);
  report ("bbox: all of the above", all, anchor);
  report ("bbox: a town's view, default page (50)", town50, anchor);
  g_print ("  the same requests, CPU time of this process (server thread + client) per request:\n");
  anchor = bench_percentile (cpu[0], 0.99);
  report ("GET /config, CPU", cpu[0], 0);
  report ("bbox: a city view, CPU", cpu[1], anchor);
  report ("bbox: a town's view, CPU", cpu[2], anchor);
  report ("bbox: the whole region (first page), CPU", cpu[3], anchor);
  report ("bbox: all of the above, CPU", cpu[4], anchor);
  report ("bbox: a town's view, default page (50), CPU", cpu[5], anchor);
  g_print ("  (town views returned %.0f offices a page on average)\n", (double) items / MAX (1, requests));
  for (guint k = 0; k < G_N_ELEMENTS (cpu); k++)
    g_array_unref (cpu[k]);
}

static void
tile_of (double  lat,
         double  lon,
         int     z,
         int    *x,
         int    *y)
{
  double r = lat * G_PI / 180.0;

  *x = (int) floor ((lon + 180.0) / 360.0 * (1 << z));
  *y = (int) floor ((1.0 - log (tan (r) + 1.0 / cos (r)) / G_PI) / 2.0 * (1 << z));
}

/* Half of the tiles over the city and the towns, half anywhere in the
 * region's bounds. */
static void
pick_tile (GRand *rand,
           int    z,
           int   *x,
           int   *y)
{
  for (;;)
    {
      double lat, lon;

      if (g_rand_boolean (rand))
        {
          const Point *p = &towns[g_rand_int_range (rand, 0, G_N_ELEMENTS (towns))];

          lat = g_rand_boolean (rand) ? 55.03 + (g_rand_double (rand) - 0.5) * 0.2 : p->lat;
          lon = lat > 54.93 && lat < 55.13 ? 82.92 + (g_rand_double (rand) - 0.5) * 0.34 : p->lon;
        }
      else
        {
          lat = 53.2 + g_rand_double (rand) * 3.0;
          lon = 75.5 + g_rand_double (rand) * 9.8;
        }
      tile_of (lat, lon, z, x, y);
      if (mfc_tr_map_tile_in_region (z, *x, *y))
        return;
    }
}

static void
bench_tiles (SoupSession *session,
             const char  *base_url,
             guint        per_zoom,
             GRand       *rand)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) drawn = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cached = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) revalidated = g_array_new (FALSE, FALSE, sizeof (double));
  gsize bytes = 0;

  /* Fonts and the region load once per process: not a tile's cost. */
  {
    g_autoptr(GBytes) warm = mfc_tr_map_render_png (12, 2991, 1297, NULL);
  }

  g_print ("Drawing a tile (cairo + PangoCairo + PNG, no cache), %u tiles a zoom; wall-clock, then this\n"
           "thread's CPU time (the machine is shared: CPU time is what a tile costs)\n", per_zoom);
  for (int z = 6; z <= 16; z++)
    {
      g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *label = g_strdup_printf ("zoom %d, wall", z);
      g_autofree char *cpu_label = g_strdup_printf ("zoom %d, CPU", z);

      for (guint i = 0; i < per_zoom; i++)
        {
          int x, y;
          gint64 started;
          double t, c, cpu_started;
          g_autoptr(GBytes) png = NULL;
          g_autoptr(GError) error = NULL;

          pick_tile (rand, z, &x, &y);
          started = g_get_monotonic_time ();
          cpu_started = thread_cpu_ms ();
          png = mfc_tr_map_render_png (z, x, y, &error);
          c = thread_cpu_ms () - cpu_started;
          t = (g_get_monotonic_time () - started) / 1000.0;
          if (png == NULL)
            {
              failures++;
              g_printerr ("tile %d/%d/%d: %s\n", z, x, y, error->message);
              continue;
            }
          bytes += g_bytes_get_size (png);
          g_array_append_val (ms, t);
          g_array_append_val (all, t);
          g_array_append_val (cpu, c);
          g_array_append_val (all_cpu, c);
        }
      report (label, ms, 0);
      report (cpu_label, cpu, 0);
    }
  report ("all zooms, wall", all, 0);
  report ("all zooms, CPU", all_cpu, 0);
  g_print ("  (%.1f KiB a tile on average)\n", bytes / 1024.0 / MAX (1, all->len));

  g_print ("A tile over HTTP, per request\n");
  for (guint i = 0; i < per_zoom * 3; i++)
    {
      int z = 6 + (int) (i % 11), x, y;
      g_autofree char *url = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(SoupMessage) head = NULL;
      double t;

      pick_tile (rand, z, &x, &y);
      url = g_strdup_printf ("%s/api/v1/map/tiles/%d/%d/%d.png", base_url, z, x, y);
      mfc_tr_map_cache_clear ();
      t = timed_get (session, url, NULL, NULL, 200, &body);
      g_array_append_val (drawn, t);
      t = timed_get (session, url, NULL, NULL, 200, NULL);
      g_array_append_val (cached, t);
      if (body != NULL)
        {
          g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
          g_autofree char *etag = g_strdup_printf ("\"%.24s\"", digest);

          t = timed_get (session, url, NULL, etag, 304, NULL);
          g_array_append_val (revalidated, t);
        }
    }
  report ("drawn (cache cleared)", drawn, 0);
  report ("from the cache", cached, 0);
  report ("revalidated, If-None-Match → 304", revalidated, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db = NULL;
  int requests = 300, tiles = 30;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The large seed's database (seeded when missing)", "FILE" },
    { "requests", 0, 0, G_OPTION_ARG_INT, &requests, "Rounds of office-list requests (default 300)", "N" },
    { "tiles", 0, 0, G_OPTION_ARG_INT, &tiles, "Tiles drawn per zoom (default 30)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— the office map's server side");
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  g_autofree char *token = NULL;
  Server s = { 0 };
  GThread *thread;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || db == NULL || requests < 1 || tiles < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--db FILE is required");
      return 2;
    }

  s.db = db;
  s.context = g_main_context_new ();
  s.loop = g_main_loop_new (s.context, FALSE);
  g_mutex_init (&s.lock);
  g_cond_init (&s.cond);
  thread = g_thread_new ("training-server", server_thread, &s);
  g_mutex_lock (&s.lock);
  while (!s.ready)
    g_cond_wait (&s.cond, &s.lock);
  g_mutex_unlock (&s.lock);
  if (s.base_url == NULL)
    {
      g_printerr ("The training server did not start: %s\n", s.error != NULL ? s.error->message : "?");
      return 1;
    }
  if (s.seed_seconds > 0)
    g_print ("Seeded the large set into %s in %.1f s\n", db, s.seed_seconds);

  session = soup_session_new_with_options ("max-conns-per-host", 1, NULL);
  token = login (session, s.base_url);
  if (token == NULL)
    {
      g_printerr ("Cannot log in to the training server\n");
      failures++;
    }
  else
    {
      bench_offices (session, s.base_url, token, (guint) requests, rand);
      bench_tiles (session, s.base_url, (guint) tiles, rand);
    }

  g_main_context_invoke (s.context, quit_cb, s.loop);
  g_thread_join (thread);
  g_main_loop_unref (s.loop);
  g_main_context_unref (s.context);
  g_free (s.base_url);
  g_clear_error (&s.error);

  if (failures > 0)
    g_printerr ("%u requests failed\n", failures);

  return failures > 0 ? 1 : 0;
}
