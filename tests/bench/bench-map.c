/* bench-map.c — the office map under pan and zoom, beside libshumate's
 * naive markers (/work/shared/bench/shumate-markers.c).
 *
 *   bench-map N SECONDS CHILD
 *
 * Opens the real MfcOfficeMap in a 1280×800 window with N offices
 * scattered as the anchor scatters its markers (lat 55..57, lon 36..39,
 * seed 42), parsed from contract `Office` JSON the way the office store
 * takes them (pages of 200, its `limit`: each page parsed, its offices
 * built, the parse dropped before the next), then animates the same
 * Lissajous pan and zoom 8..11 for SECONDS seconds, timing every
 * "after-paint" of the frame clock.  The base
 * map is the anchor's: one grey texture per tile from an in-process source
 * (so tile decoding is not measured), wrapped in the map's own
 * MfcTileSource, which counts the fills.  CHILD is accepted for the
 * anchor's command line and printed back; the map's markers are its own
 * (load-coloured badges and count badges, drawn by one layer).
 *
 * Prints one JSON line: n, child, seconds, setup_ms (JSON parse → offices
 * → map clustered and on screen, "offices loaded"), first_frame_ms,
 * frames, fps, p50_ms, p95_ms, max_ms, VmHWM_kB, tile_fills,
 * tile_fill_zooms, max_markers (badges placed at most), and the
 * setup's parts: parse_ms (JSON text to nodes and freeing them),
 * build_ms (MfcOffice objects), cluster_ms (the map's levels and first
 * badges); and the
 * frames over 20 ms: long_frames, and how many of them crossed a zoom
 * level, described badges anew, filled tiles, or did none of the map's work.
 *
 * BENCH_MAP_FRAME_LOG=FILE writes one line per frame there: the interval,
 * the phases (update, layout, paint) and what the map did in the frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "bench-stats.h"
#include "mfc-office-map.h"

#define GREY_TYPE_SOURCE (grey_source_get_type ())
G_DECLARE_FINAL_TYPE (GreySource, grey_source, GREY, SOURCE, ShumateMapSource)

struct _GreySource
{
  ShumateMapSource parent_instance;
  GdkTexture *texture;
};

G_DEFINE_TYPE (GreySource, grey_source, SHUMATE_TYPE_MAP_SOURCE)

static void
grey_source_fill_tile_async (ShumateMapSource *source, ShumateTile *tile,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (source, cancellable, callback, user_data);

  shumate_tile_set_paintable (tile, GDK_PAINTABLE (GREY_SOURCE (source)->texture));
  shumate_tile_set_fade_in (tile, FALSE);
  shumate_tile_set_state (tile, SHUMATE_STATE_DONE);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static gboolean
grey_source_fill_tile_finish (ShumateMapSource *source, GAsyncResult *res, GError **error)
{
  return g_task_propagate_boolean (G_TASK (res), error);
}

static void
grey_source_finalize (GObject *obj)
{
  g_clear_object (&GREY_SOURCE (obj)->texture);
  G_OBJECT_CLASS (grey_source_parent_class)->finalize (obj);
}

static void
grey_source_class_init (GreySourceClass *klass)
{
  SHUMATE_MAP_SOURCE_CLASS (klass)->fill_tile_async = grey_source_fill_tile_async;
  SHUMATE_MAP_SOURCE_CLASS (klass)->fill_tile_finish = grey_source_fill_tile_finish;
  G_OBJECT_CLASS (klass)->finalize = grey_source_finalize;
}

static void
grey_source_init (GreySource *self)
{
  ShumateMapSource *s = SHUMATE_MAP_SOURCE (self);
  guint8 *px = g_malloc (256 * 256 * 4);
  g_autoptr(GBytes) bytes = NULL;

  for (int i = 0; i < 256 * 256; i++)
    {
      px[i * 4 + 0] = px[i * 4 + 1] = px[i * 4 + 2] = 0xc0;
      px[i * 4 + 3] = 0xff;
    }
  bytes = g_bytes_new_take (px, 256 * 256 * 4);
  self->texture = gdk_memory_texture_new (256, 256, GDK_MEMORY_R8G8B8A8_PREMULTIPLIED, bytes, 256 * 4);
  shumate_map_source_set_id (s, "grey");
  shumate_map_source_set_name (s, "grey");
  shumate_map_source_set_min_zoom_level (s, 0);
  shumate_map_source_set_max_zoom_level (s, 19);
  shumate_map_source_set_tile_size (s, 256);
  shumate_map_source_set_projection (s, SHUMATE_MAP_PROJECTION_MERCATOR);
}

typedef struct
{
  int              n;
  double           seconds;
  const char      *child;
  GtkWidget       *window;
  MfcOfficeMap    *map;
  ShumateViewport *viewport;
  gint64           t_present;
  gint64           t_first_paint;
  gint64           t_anim_start;
  gint64           setup_us;
  gint64           parse_us;
  gint64           build_us;
  GArray          *paints;
  gboolean         animating;
  gboolean         done;
  guint            max_markers;
  /* The frame log: what each frame did, to tell which ones are long. */
  FILE            *log;
  gint64           t_phase[5];        /* before-paint, update, layout, paint, after-paint */
  MfcOfficeMapCounters last;
  guint            last_fills;
  double           last_zoom;
  guint            long_frames;
  guint            long_with_level;
  guint            long_with_reassign;
  guint            long_with_fills;
  guint            long_with_none;
} Bench;

static long
vm_hwm_kb (void)
{
  FILE *f = fopen ("/proc/self/status", "r");
  char line[256];
  long kb = -1;

  if (!f)
    return -1;
  while (fgets (line, sizeof line, f))
    if (strncmp (line, "VmHWM:", 6) == 0)
      kb = strtol (line + 6, NULL, 10);
  fclose (f);
  return kb;
}

static void
report (Bench *b)
{
  MfcTileSource *tiles = mfc_office_map_get_tile_source (b->map);
  guint32 zooms = mfc_tile_source_get_fill_zooms (tiles);
  guint n = b->paints->len;
  g_autoptr(GArray) iv = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) zl = g_string_new (NULL);
  double span = 0, p50, p95, max;

  for (guint z = 0; z < 32; z++)
    if (zooms & (1u << z))
      g_string_append_printf (zl, "%s%u", zl->len ? "," : "", z);
  for (guint i = 0; i + 1 < n; i++)
    {
      double d = (g_array_index (b->paints, gint64, i + 1) - g_array_index (b->paints, gint64, i)) / 1000.0;
      g_array_append_val (iv, d);
    }
  if (n > 1)
    span = (g_array_index (b->paints, gint64, n - 1) - g_array_index (b->paints, gint64, 0)) / 1e6;
  p50 = bench_percentile (iv, 0.50);
  p95 = bench_percentile (iv, 0.95);
  max = iv->len ? g_array_index (iv, double, iv->len - 1) : 0;
  printf ("{\"n\": %d, \"child\": \"%s\", \"seconds\": %.1f, \"setup_ms\": %.1f, "
          "\"first_frame_ms\": %.1f, \"frames\": %u, \"fps\": %.2f, "
          "\"p50_ms\": %.2f, \"p95_ms\": %.2f, \"max_ms\": %.2f, \"VmHWM_kB\": %ld, "
          "\"tile_fills\": %u, \"tile_fill_zooms\": [%s], \"max_markers\": %u, "
          "\"parse_ms\": %.1f, \"build_ms\": %.1f, \"cluster_ms\": %.1f, "
          "\"long_frames\": %u, \"long_with_level\": %u, \"long_with_reassign\": %u, "
          "\"long_with_fills\": %u, \"long_with_none\": %u}\n",
          b->n, b->child, b->seconds, b->setup_us / 1000.0,
          (b->t_first_paint - b->t_present) / 1000.0, n,
          span > 0 ? iv->len / span : 0.0, p50, p95, max, vm_hwm_kb (),
          mfc_tile_source_get_fills (tiles), zl->str, b->max_markers,
          b->parse_us / 1000.0, b->build_us / 1000.0, (b->setup_us - b->parse_us - b->build_us) / 1000.0,
          b->long_frames, b->long_with_level, b->long_with_reassign, b->long_with_fills, b->long_with_none);
  fflush (stdout);
  b->done = TRUE;
  g_main_context_wakeup (NULL);
}

/* One line per frame of the animation: the interval since the previous
 * paint, the time of the frame's phases, and what the map did in it
 * (level crossed, badges described anew, tiles filled, time drawing badges). */
static void
log_frame (Bench *b, gint64 now)
{
  MfcOfficeMapCounters c;
  guint fills = mfc_tile_source_get_fills (mfc_office_map_get_tile_source (b->map));
  double zoom = shumate_viewport_get_zoom_level (b->viewport);
  double interval = 0;
  gboolean is_long;

  mfc_office_map_get_counters (b->map, &c);
  if (b->paints->len > 1)
    interval = (now - g_array_index (b->paints, gint64, b->paints->len - 2)) / 1000.0;
  is_long = interval > 20.0;
  if (is_long)
    {
      gboolean any = FALSE;

      b->long_frames++;
      if (c.level_changes != b->last.level_changes)
        b->long_with_level++, any = TRUE;
      if (c.reassigned != b->last.reassigned)
        b->long_with_reassign++, any = TRUE;
      if (fills != b->last_fills)
        b->long_with_fills++, any = TRUE;
      if (!any && c.configured == b->last.configured)
        b->long_with_none++;
    }
  if (b->log != NULL && b->paints->len > 1)
    fprintf (b->log,
             "%7.2f %s zoom %5.2f  phases ms: update %5.2f layout %5.2f paint %5.2f  "
             "level %+d  reassigned %u configured %u  update_us %" G_GINT64_FORMAT
             "  snapshot_us %" G_GINT64_FORMAT "  fills %u\n",
             interval, is_long ? "LONG" : "    ", zoom,
             (b->t_phase[2] - b->t_phase[1]) / 1000.0, (b->t_phase[3] - b->t_phase[2]) / 1000.0,
             (b->t_phase[4] - b->t_phase[3]) / 1000.0,
             c.level_changes - b->last.level_changes, c.reassigned - b->last.reassigned,
             c.configured - b->last.configured, c.update_us - b->last.update_us,
             c.snapshot_us - b->last.snapshot_us,
             fills - b->last_fills);
  b->last = c;
  b->last_fills = fills;
  b->last_zoom = zoom;
}

static void
before_paint (GdkFrameClock *clock, gpointer data)
{
  ((Bench *) data)->t_phase[0] = ((Bench *) data)->t_phase[1] = g_get_monotonic_time ();
}

static void
on_layout (GdkFrameClock *clock, gpointer data)
{
  ((Bench *) data)->t_phase[2] = g_get_monotonic_time ();
}

static void
on_paint (GdkFrameClock *clock, gpointer data)
{
  ((Bench *) data)->t_phase[3] = g_get_monotonic_time ();
}

static void
after_paint (GdkFrameClock *clock, gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();

  b->t_phase[4] = now;
  if (b->t_first_paint == 0)
    b->t_first_paint = now;
  if (b->animating)
    {
      g_array_append_val (b->paints, now);
      b->max_markers = MAX (b->max_markers, mfc_office_map_get_n_markers (b->map));
      log_frame (b, now);
    }
}

static gboolean
tick (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  Bench *b = data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double t;

  if (b->done)
    return G_SOURCE_REMOVE;
  if (b->t_first_paint == 0)
    return G_SOURCE_CONTINUE;
  if (!b->animating)
    {
      b->animating = TRUE;
      b->t_anim_start = now;
      mfc_tile_source_reset_counts (mfc_office_map_get_tile_source (b->map));
    }
  t = (now - b->t_anim_start) / 1e6;
  if (t >= b->seconds)
    {
      b->animating = FALSE;
      report (b);
      return G_SOURCE_REMOVE;
    }
  /* The anchor's path, to the letter. */
  shumate_location_set_location (SHUMATE_LOCATION (b->viewport),
                                 56.0 + 0.8 * sin (2 * G_PI * t / b->seconds * 2),
                                 37.5 + 1.3 * sin (2 * G_PI * t / b->seconds * 3));
  shumate_viewport_set_zoom_level (b->viewport, 9.5 - 1.5 * cos (2 * G_PI * t / b->seconds));
  return G_SOURCE_CONTINUE;
}

static void
on_realize (GtkWidget *w, gpointer data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (w);

  /* Connected after GTK's own handlers: "layout" and "paint" stamp the
   * end of those phases (the update phase runs the tick callbacks). */
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint), data);
  g_signal_connect (clock, "layout", G_CALLBACK (on_layout), data);
  g_signal_connect (clock, "paint", G_CALLBACK (on_paint), data);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), data);
}

/* N offices as the service would send them (contract `Office`), in
 * pages of OFFICES_PAGE, the `limit` the office store asks for: one
 * JSON text a page. */
#define OFFICES_PAGE 200

static GPtrArray *
offices_json (int n)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rng = g_rand_new_with_seed (42);
  char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];
  GString *s = NULL;

  for (int i = 0; i < n; i++)
    {
      if (s == NULL)
        s = g_string_new ("[");
      g_ascii_dtostr (lat, sizeof lat, g_rand_double_range (rng, 55.0, 57.0));
      g_ascii_dtostr (lon, sizeof lon, g_rand_double_range (rng, 36.0, 39.0));
      g_string_append_printf (s,
        "%s{\"id\": \"%d\", \"name\": \"МФЦ № %d\", \"address\": \"ул. Учебная, д. %d\","
        " \"phone\": \"+73832%06d\", \"lat\": %s, \"lon\": %s, \"timezone\": \"Europe/Moscow\","
        " \"hours\": [{\"weekday\": 1, \"open\": \"08:00\", \"close\": \"20:00\", \"break_start\": \"13:00\", \"break_end\": \"14:00\"},"
        " {\"weekday\": 2, \"open\": \"08:00\", \"close\": \"20:00\", \"break_start\": null, \"break_end\": null}],"
        " \"services\": [\"1\", \"12\"], \"windows_open\": %d, \"windows_total\": 8, \"waiting\": %d,"
        " \"average_wait_minutes\": %d, \"online_booking\": true, \"distance_km\": null, \"version\": 1}",
        s->len > 1 ? "," : "", i + 1, i + 1, i % 120 + 1, i, lat, lon, 1 + i % 8, (i * 7) % 30, 5 + (i * 11) % 30);
      if ((i + 1) % OFFICES_PAGE == 0 || i + 1 == n)
        {
          g_string_append_c (s, ']');
          g_ptr_array_add (pages, g_string_free (g_steal_pointer (&s), FALSE));
        }
    }
  return pages;
}

int
main (int argc, char **argv)
{
  Bench b = { 0 };
  g_autoptr(GreySource) grey = NULL;
  g_autoptr(GPtrArray) offices = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  gint64 t0, t1;

  b.n = argc > 1 ? atoi (argv[1]) : 1000;
  b.seconds = argc > 2 ? g_ascii_strtod (argv[2], NULL) : 5.0;
  b.child = argc > 3 ? argv[3] : "image";
  b.paints = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (g_getenv ("BENCH_MAP_FRAME_LOG") != NULL)
    b.log = fopen (g_getenv ("BENCH_MAP_FRAME_LOG"), "w");

  adw_init ();

  b.window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (b.window), "bench-map");
  gtk_window_set_default_size (GTK_WINDOW (b.window), 1280, 800);
  b.map = MFC_OFFICE_MAP (mfc_office_map_new ());
  grey = g_object_new (GREY_TYPE_SOURCE, NULL);
  mfc_office_map_set_map_source (b.map, SHUMATE_MAP_SOURCE (grey));
  b.viewport = mfc_office_map_get_viewport (b.map);
  shumate_viewport_set_zoom_level (b.viewport, 8);
  shumate_location_set_location (SHUMATE_LOCATION (b.viewport), 56.0, 37.5);
  gtk_window_set_child (GTK_WINDOW (b.window), GTK_WIDGET (b.map));

  /* Page by page, as the office store takes the service's answers: each
   * page's JSON parsed, its offices built, the parse dropped. */
  pages = offices_json (b.n);
  offices = g_ptr_array_new_full (b.n, g_object_unref);
  t0 = g_get_monotonic_time ();
  for (guint p = 0; p < pages->len; p++)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      JsonArray *array;

      t1 = g_get_monotonic_time ();
      if (!json_parser_load_from_data (parser, pages->pdata[p], -1, NULL))
        g_error ("bad JSON");
      array = json_node_get_array (json_parser_get_root (parser));
      b.parse_us += g_get_monotonic_time () - t1;
      t1 = g_get_monotonic_time ();
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autoptr(GError) error = NULL;
          MfcOffice *office = mfc_office_new_from_json (json_array_get_object_element (array, i), &error);

          if (office == NULL)
            g_error ("office %u: %s", i, error->message);
          g_ptr_array_add (offices, office);
        }
      b.build_us += g_get_monotonic_time () - t1;
      t1 = g_get_monotonic_time ();
      g_clear_object (&parser);
      b.parse_us += g_get_monotonic_time () - t1;
    }
  mfc_office_map_set_offices (b.map, offices);
  b.setup_us = g_get_monotonic_time () - t0;

  g_signal_connect (b.window, "realize", G_CALLBACK (on_realize), &b);
  gtk_widget_add_tick_callback (b.window, tick, &b, NULL);
  b.t_present = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (b.window));
  while (!b.done)
    g_main_context_iteration (NULL, TRUE);

  gtk_window_destroy (GTK_WINDOW (b.window));
  g_array_unref (b.paints);
  if (b.log != NULL)
    fclose (b.log);
  return 0;
}
