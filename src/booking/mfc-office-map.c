/* mfc-office-map.c
 *
 * A ShumateMap with the region's raster tiles and the offices on top.
 * (ShumateSimpleMap is this plus a scale, a compass and zoom buttons; in
 * 1.0.3 its zoom buttons carry English tooltips — "Zoom In" — that its
 * Russian catalogue does not translate, so the map is assembled here from
 * the same parts: its scale, our own translated zoom buttons and
 * attribution.)
 *
 * libshumate has no clustering, and a marker is a real widget, so
 * thousands of markers do not hold the frame rate.  Instead the offices
 * are bucketed per integer zoom level on a grid fixed to the world
 * (mfc-office-cluster.c, computed once per level and cached), and only
 * the clusters in and around the view get a badge.  Badges are not
 * widgets either: one layer (mfc-office-layer.c) draws them all, so a pan
 * within the area described costs a frame of texture nodes and nothing
 * else; leaving it or crossing a zoom level describes a few hundred
 * badges anew.
 *
 * A single office's badge is coloured by its load AND shows a shape
 * (● ▲ ■) and the number waiting; a cluster shows its count and a click
 * zooms into its bounds.  The map takes the focus: arrow keys pan, + and
 * − zoom.  When the tile server cannot be reached the map says so and the
 * badges stay usable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-booking"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "mfc-office-map.h"

/* Cells of the clustering grid, in screen pixels at the integer zoom. */
#define CELL_PX 128
/* Markers are assigned for the view plus this share of it on each side. */
#define AREA_MARGIN 0.2
#define MAX_ZOOM_LEVELS 23

struct _MfcOfficeMap
{
  AdwBin              parent_instance;

  GtkOverlay         *overlay;
  ShumateMap         *map;
  GtkRevealer        *status_revealer;
  GtkLabel           *status_label;
  GtkLabel           *license_label;

  ShumateViewport    *viewport;
  MfcOfficeLayer     *layer;
  MfcTileSource      *tiles;

  GListModel         *model;
  GPtrArray          *offices;            /* MfcOffice */
  GArray             *points;             /* MfcGeoPoint, same order */
  GArray             *levels[MAX_ZOOM_LEVELS]; /* MfcCluster per zoom, lazily */

  GArray             *shown;              /* MfcCluster, one per badge of the layer */
  int                 shown_zoom;
  double              area[4];            /* south, west, north, east covered */
  int                 last_width, last_height;
  gboolean            area_valid;
  guint               size_tick;          /* waits for the map's first size */

  MfcOffice          *selected;
  ShumateMapLayer    *base;

  MfcOfficeMapCounters counters;          /* what the frames did (bench-map) */
};

G_DEFINE_FINAL_TYPE (MfcOfficeMap, mfc_office_map, ADW_TYPE_BIN)

enum {
  OFFICE_ACTIVATED,
  SIZE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* libshumate's scale looks its texts up in the application's catalogue
 * (shumate-scale.c includes <glib/gi18n.h>, not <glib/gi18n-lib.h>, in
 * 1.0.3 and still upstream), so ours carries them: the very msgids, with
 * a no-break space between the number and the unit. */
static const char *const scale_texts[] G_GNUC_UNUSED = {
  /* Translators: the map's scale bar; m is the unit for metres */
  N_("%d m"),
  /* Translators: the map's scale bar; km is the unit for kilometres */
  N_("%d km"),
  /* Translators: the map's scale bar (shown only in imperial units, which
   * the map does not use); ft is the unit for feet */
  N_("%d ft"),
  /* Translators: the map's scale bar, as above; mi is the unit for miles */
  N_("%d mi"),
};

static void update_markers (MfcOfficeMap *self, gboolean force);

static void
load_css_once (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE "/booking/mfc-booking.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
clear_levels (MfcOfficeMap *self)
{
  for (guint z = 0; z < MAX_ZOOM_LEVELS; z++)
    g_clear_pointer (&self->levels[z], g_array_unref);
}

static GArray *
level (MfcOfficeMap *self,
       guint         zoom)
{
  zoom = MIN (zoom, MAX_ZOOM_LEVELS - 1);
  if (self->levels[zoom] == NULL)
    self->levels[zoom] = mfc_cluster_points ((const MfcGeoPoint *) self->points->data,
                                             self->points->len, zoom, CELL_PX, NULL);
  return self->levels[zoom];
}

static const char *
load_shape (MfcOfficeLoad load)
{
  switch (load)
    {
    case MFC_OFFICE_LOAD_HIGH: return "■";
    case MFC_OFFICE_LOAD_MEDIUM: return "▲";
    case MFC_OFFICE_LOAD_LOW:
    default: return "●";
    }
}

/* What the badge for @cluster shows (a fresh badge, owned by the caller). */
static void
describe_cluster (MfcOfficeMap     *self,
                  const MfcCluster *cluster,
                  MfcBadge         *badge)
{
  memset (badge, 0, sizeof *badge);
  if (cluster->count == 1)
    {
      MfcOffice *office = g_ptr_array_index (self->offices, cluster->first);
      MfcOfficeLoad load = mfc_office_get_load (office);

      badge->kind = load == MFC_OFFICE_LOAD_HIGH ? MFC_BADGE_LOAD_HIGH
                  : load == MFC_OFFICE_LOAD_MEDIUM ? MFC_BADGE_LOAD_MEDIUM : MFC_BADGE_LOAD_LOW;
      badge->selected = office == self->selected;
      badge->text = g_strdup_printf ("%s %u", load_shape (load), mfc_office_get_waiting (office));
      badge->tooltip = g_strdup_printf (_("%s: %u waiting, average wait %u min"), mfc_office_get_name (office),
                                        mfc_office_get_waiting (office), mfc_office_get_average_wait (office));
      badge->lat = mfc_office_get_latitude (office);
      badge->lon = mfc_office_get_longitude (office);
    }
  else
    {
      badge->kind = cluster->count >= 100 ? MFC_BADGE_CLUSTER_HUGE
                  : cluster->count >= 10 ? MFC_BADGE_CLUSTER_BIG : MFC_BADGE_CLUSTER;
      badge->text = g_strdup_printf ("%u", cluster->count);
      badge->tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u office here, zoom in to see it",
                                                     "%u offices here, zoom in to see them", cluster->count),
                                        cluster->count);
      badge->lat = cluster->lat;
      badge->lon = cluster->lon;
    }
}

static gboolean
same_badge (const MfcBadge *a,
            const MfcBadge *b)
{
  return a->kind == b->kind && a->selected == b->selected && a->lat == b->lat && a->lon == b->lon &&
         g_strcmp0 (a->text, b->text) == 0 && g_strcmp0 (a->tooltip, b->tooltip) == 0;
}

static void
clear_badges (MfcOfficeMap *self)
{
  g_array_set_size (self->shown, 0);
  g_array_set_size (mfc_office_layer_get_badges (self->layer), 0);
  mfc_office_layer_badges_changed (self->layer);
  self->area_valid = FALSE;
}

static gboolean
view_bounds (MfcOfficeMap *self,
             double       *south,
             double       *west,
             double       *north,
             double       *east)
{
  GtkWidget *widget = GTK_WIDGET (self->map);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double lat0, lon0, lat1, lon1;

  if (width <= 0 || height <= 0 || shumate_viewport_get_reference_map_source (self->viewport) == NULL)
    return FALSE;
  shumate_viewport_widget_coords_to_location (self->viewport, widget, 0, 0, &lat0, &lon0);
  shumate_viewport_widget_coords_to_location (self->viewport, widget, width, height, &lat1, &lon1);
  *north = MAX (lat0, lat1);
  *south = MIN (lat0, lat1);
  *west = MIN (lon0, lon1);
  *east = MAX (lon0, lon1);
  return TRUE;
}

static void update_markers_now (MfcOfficeMap *self, gboolean force);

/* The map is often sized after the markers were asked for, and its first
 * real allocation does not always come back through our size_allocate
 * (seen as /booking/map-clusters with no markers about one run in three):
 * the first frame with a size puts the markers up. */
static gboolean
wait_for_size_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       data)
{
  MfcOfficeMap *self = data;

  if (gtk_widget_get_width (widget) <= 0 || gtk_widget_get_height (widget) <= 0 ||
      shumate_viewport_get_reference_map_source (self->viewport) == NULL)
    return G_SOURCE_CONTINUE;
  self->size_tick = 0;
  update_markers (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
update_markers (MfcOfficeMap *self,
                gboolean      force)
{
  gint64 t0 = g_get_monotonic_time ();

  update_markers_now (self, force);
  self->counters.update_us += g_get_monotonic_time () - t0;
}

static void
update_markers_now (MfcOfficeMap *self,
                    gboolean      force)
{
  double s, w, n, e, dlat, dlon;
  int zoom;
  GArray *clusters;
  GArray *badges;

  /* No size yet (or no tile source): a forced update must not leave the
   * old area marked as done, and the markers come once the map has its
   * size (see wait_for_size_cb). */
  if (!view_bounds (self, &s, &w, &n, &e))
    {
      if (force)
        self->area_valid = FALSE;
      if (self->size_tick == 0)
        self->size_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->map), wait_for_size_cb,
                                                        self, NULL);
      return;
    }
  /* floor: between levels the cells only grow on screen (128 → 256 px), so
   * the badges never crowd closer than a cell. */
  zoom = CLAMP ((int) floor (shumate_viewport_get_zoom_level (self->viewport) + 1e-6), 0, MAX_ZOOM_LEVELS - 1);
  if (!force && self->area_valid && zoom == self->shown_zoom &&
      s >= self->area[0] && w >= self->area[1] && n <= self->area[2] && e <= self->area[3])
    return;

  self->counters.reassigned++;
  if (zoom != self->shown_zoom)
    self->counters.level_changes++;
  self->shown_zoom = zoom;
  dlat = (n - s) * AREA_MARGIN;
  dlon = (e - w) * AREA_MARGIN;
  self->area[0] = s - dlat;
  self->area[1] = w - dlon;
  self->area[2] = n + dlat;
  self->area[3] = e + dlon;

  clusters = level (self, zoom);
  badges = mfc_office_layer_get_badges (self->layer);
  g_array_set_size (self->shown, 0);
  g_array_set_size (badges, 0);
  for (guint i = 0; i < clusters->len; i++)
    {
      const MfcCluster *c = &g_array_index (clusters, MfcCluster, i);
      MfcBadge badge;

      if (c->lat < self->area[0] || c->lat > self->area[2] || c->lon < self->area[1] || c->lon > self->area[3])
        continue;
      describe_cluster (self, c, &badge);
      g_array_append_val (self->shown, *c);
      g_array_append_val (badges, badge);
      self->counters.configured++;
      self->counters.changed++;
    }
  mfc_office_layer_badges_changed (self->layer);
  self->area_valid = TRUE;
}

/* Re-describe the badges shown (a load changed, a selection moved); no
 * re-clustering, and a frame only if one of them looks different. */
static void
refresh_markers (MfcOfficeMap *self)
{
  GArray *badges = mfc_office_layer_get_badges (self->layer);
  gboolean changed = FALSE;

  for (guint i = 0; i < self->shown->len; i++)
    {
      MfcBadge *old = &g_array_index (badges, MfcBadge, i);
      MfcBadge badge;

      describe_cluster (self, &g_array_index (self->shown, MfcCluster, i), &badge);
      self->counters.configured++;
      if (same_badge (old, &badge))
        {
          mfc_badge_clear (&badge);
          continue;
        }
      mfc_badge_clear (old);
      *old = badge;
      self->counters.changed++;
      changed = TRUE;
    }
  if (changed)
    mfc_office_layer_badges_changed (self->layer);
}

static void
take_offices (MfcOfficeMap *self,
              GPtrArray    *offices)
{
  g_clear_pointer (&self->offices, g_ptr_array_unref);
  self->offices = offices;
  g_array_set_size (self->points, 0);
  for (guint i = 0; i < offices->len; i++)
    {
      MfcOffice *office = g_ptr_array_index (offices, i);
      MfcGeoPoint p = { mfc_office_get_latitude (office), mfc_office_get_longitude (office) };

      g_array_append_val (self->points, p);
    }
  if (self->selected != NULL && !g_ptr_array_find (offices, self->selected, NULL))
    g_clear_object (&self->selected);
  clear_levels (self);
  /* The badges stood for clusters of the old offices. */
  clear_badges (self);
  /* The levels a clerk zooms through next are ready before the first
   * frame needs them (a level of 20 000 offices takes a few ms, which
   * would otherwise land in one frame of the zoom). */
  {
    int now = (int) floor (shumate_viewport_get_zoom_level (self->viewport) + 1e-6);

    for (int z = MAX (now - 1, 0); z <= MIN (now + 3, MAX_ZOOM_LEVELS - 1); z++)
      level (self, (guint) z);
  }
  update_markers (self, TRUE);
}

static void
model_changed_cb (MfcOfficeMap *self,
                  guint         position,
                  guint         removed,
                  guint         added,
                  GListModel   *model)
{
  GPtrArray *offices;
  guint n = g_list_model_get_n_items (model);

  /* One office's load changed in place: same objects, same positions. */
  if (removed == added && self->offices != NULL && self->offices->len == n)
    {
      gboolean same = TRUE;

      for (guint i = position; i < position + added && same; i++)
        {
          g_autoptr(MfcOffice) office = g_list_model_get_item (model, i);

          same = office == g_ptr_array_index (self->offices, i);
        }
      if (same)
        {
          refresh_markers (self);
          return;
        }
    }

  offices = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (offices, g_list_model_get_item (model, i));
  take_offices (self, offices);
}

static void
activate (MfcOfficeMap     *self,
          const MfcCluster *c)
{
  if (c->count == 1)
    {
      MfcOffice *office = g_ptr_array_index (self->offices, c->first);

      mfc_office_map_select (self, office);
      g_signal_emit (self, signals[OFFICE_ACTIVATED], 0, office);
    }
  else
    {
      GtkWidget *widget = GTK_WIDGET (self->map);
      double zoom = mfc_cluster_zoom_to_fit (c, gtk_widget_get_width (widget), gtk_widget_get_height (widget),
                                             shumate_viewport_get_zoom_level (self->viewport),
                                             shumate_viewport_get_max_zoom_level (self->viewport));

      shumate_map_go_to_full (self->map,
                              (c->south + c->north) / 2, (c->west + c->east) / 2, zoom);
    }
}

static void
badge_activated_cb (MfcOfficeMap   *self,
                    guint           index,
                    MfcOfficeLayer *layer)
{
  MfcCluster c;

  if (index >= self->shown->len)
    return;
  c = g_array_index (self->shown, MfcCluster, index);
  activate (self, &c);
}

static void
viewport_changed_cb (MfcOfficeMap *self)
{
  update_markers (self, FALSE);
}

static void
zoom_in_clicked_cb (MfcOfficeMap *self)
{
  shumate_map_zoom_in (self->map);
}

static void
zoom_out_clicked_cb (MfcOfficeMap *self)
{
  shumate_map_zoom_out (self->map);
}

static void
tiles_failing_cb (MfcOfficeMap *self)
{
  gboolean failing = self->tiles != NULL && mfc_tile_source_get_failing (self->tiles);

  if (failing)
    gtk_label_set_text (self->status_label,
                        _("The map tiles cannot be loaded: the tile server does not answer. "
                          "The offices and the list still work."));
  gtk_revealer_set_reveal_child (self->status_revealer, failing);
}

static void
pan (MfcOfficeMap *self,
     double        fx,
     double        fy)
{
  GtkWidget *widget = GTK_WIDGET (self->map);
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  double lat, lon;

  if (shumate_viewport_get_reference_map_source (self->viewport) == NULL)
    return;
  shumate_viewport_widget_coords_to_location (self->viewport, widget, w / 2 + fx * w, h / 2 + fy * h, &lat, &lon);
  shumate_location_set_location (SHUMATE_LOCATION (self->viewport), lat, lon);
}

static gboolean
pan_shortcut_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  double fx, fy;

  g_variant_get (args, "(dd)", &fx, &fy);
  pan (MFC_OFFICE_MAP (widget), fx, fy);
  return TRUE;
}

static gboolean
zoom_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  MfcOfficeMap *self = MFC_OFFICE_MAP (widget);

  if (g_variant_get_int32 (args) > 0)
    shumate_map_zoom_in (self->map);
  else
    shumate_map_zoom_out (self->map);
  return TRUE;
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            MfcOfficeMap    *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
mfc_office_map_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  MfcOfficeMap *self = MFC_OFFICE_MAP (widget);

  GTK_WIDGET_CLASS (mfc_office_map_parent_class)->size_allocate (widget, width, height, baseline);
  update_markers (self, FALSE);
  if (width != self->last_width || height != self->last_height)
    {
      self->last_width = width;
      self->last_height = height;
      g_signal_emit (self, signals[SIZE_CHANGED], 0);
    }
}

static void
mfc_office_map_dispose (GObject *object)
{
  MfcOfficeMap *self = MFC_OFFICE_MAP (object);

  if (self->size_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->map), self->size_tick);
  self->size_tick = 0;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  if (self->viewport != NULL)
    g_signal_handlers_disconnect_by_data (self->viewport, self);
  if (self->tiles != NULL)
    g_signal_handlers_disconnect_by_data (self->tiles, self);
  g_clear_object (&self->tiles);
  g_clear_object (&self->selected);
  g_clear_pointer (&self->shown, g_array_unref);


  G_OBJECT_CLASS (mfc_office_map_parent_class)->dispose (object);
}

static void
mfc_office_map_finalize (GObject *object)
{
  MfcOfficeMap *self = MFC_OFFICE_MAP (object);

  clear_levels (self);
  g_clear_pointer (&self->offices, g_ptr_array_unref);
  g_clear_pointer (&self->points, g_array_unref);

  G_OBJECT_CLASS (mfc_office_map_parent_class)->finalize (object);
}

static void
mfc_office_map_class_init (MfcOfficeMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const struct { guint key; double fx, fy; } pans[] = {
    { GDK_KEY_Left, -0.25, 0 }, { GDK_KEY_Right, 0.25, 0 },
    { GDK_KEY_Up, 0, -0.25 }, { GDK_KEY_Down, 0, 0.25 },
    { GDK_KEY_KP_Left, -0.25, 0 }, { GDK_KEY_KP_Right, 0.25, 0 },
    { GDK_KEY_KP_Up, 0, -0.25 }, { GDK_KEY_KP_Down, 0, 0.25 },
  };
  static const struct { guint key; int dir; } zooms[] = {
    { GDK_KEY_plus, 1 }, { GDK_KEY_equal, 1 }, { GDK_KEY_KP_Add, 1 },
    { GDK_KEY_minus, -1 }, { GDK_KEY_KP_Subtract, -1 },
  };

  object_class->dispose = mfc_office_map_dispose;
  object_class->finalize = mfc_office_map_finalize;
  widget_class->size_allocate = mfc_office_map_size_allocate;

  /**
   * MfcOfficeMap::office-activated:
   * @office: the office whose marker was clicked
   */
  signals[OFFICE_ACTIVATED] =
    g_signal_new ("office-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MFC_TYPE_OFFICE);

  /**
   * MfcOfficeMap::size-changed:
   *
   * The map got a new size, so its bounds changed without the viewport
   * moving (GtkWidget has no property to notify for it).
   */
  signals[SIZE_CHANGED] =
    g_signal_new ("size-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  for (guint i = 0; i < G_N_ELEMENTS (pans); i++)
    gtk_widget_class_add_binding (widget_class, pans[i].key, 0, pan_shortcut_cb, "(dd)", pans[i].fx, pans[i].fy);
  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    gtk_widget_class_add_binding (widget_class, zooms[i].key, 0, zoom_shortcut_cb, "i", zooms[i].dir);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_plus, GDK_SHIFT_MASK, zoom_shortcut_cb, "i", 1);

  g_type_ensure (SHUMATE_TYPE_MAP);
  g_type_ensure (SHUMATE_TYPE_SCALE);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/booking/mfc-office-map.ui");
  gtk_widget_class_bind_template_child (widget_class, MfcOfficeMap, overlay);
  gtk_widget_class_bind_template_child (widget_class, MfcOfficeMap, map);
  gtk_widget_class_bind_template_child (widget_class, MfcOfficeMap, status_revealer);
  gtk_widget_class_bind_template_child (widget_class, MfcOfficeMap, status_label);
  gtk_widget_class_bind_template_child (widget_class, MfcOfficeMap, license_label);
  gtk_widget_class_bind_template_callback (widget_class, zoom_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, zoom_out_clicked_cb);
}

static void
mfc_office_map_init (MfcOfficeMap *self)
{
  GtkGesture *click;

  load_css_once ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->points = g_array_new (FALSE, FALSE, sizeof (MfcGeoPoint));
  self->offices = g_ptr_array_new_with_free_func (g_object_unref);
  self->shown = g_array_new (FALSE, FALSE, sizeof (MfcCluster));
  self->shown_zoom = -1;

  self->viewport = shumate_map_get_viewport (self->map);
  self->layer = mfc_office_layer_new (self->viewport);
  g_signal_connect_object (self->layer, "badge-activated", G_CALLBACK (badge_activated_cb), self, G_CONNECT_SWAPPED);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->layer));
  g_signal_connect_object (self->viewport, "notify::zoom-level", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->viewport, "notify::latitude", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->viewport, "notify::longitude", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);

  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
mfc_office_map_new (void)
{
  return g_object_new (MFC_TYPE_OFFICE_MAP, NULL);
}

/**
 * mfc_office_map_set_model:
 * @self: the map
 * @offices: (nullable): a #GListModel of #MfcOffice (the office store)
 *
 * The map shows and follows @offices.
 */
void
mfc_office_map_set_model (MfcOfficeMap *self,
                          GListModel   *offices)
{
  g_return_if_fail (MFC_IS_OFFICE_MAP (self));
  g_return_if_fail (offices == NULL || G_IS_LIST_MODEL (offices));

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, offices);
  if (offices != NULL)
    {
      g_signal_connect_object (offices, "items-changed", G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
      model_changed_cb (self, 0, 0, 0, offices);
    }
  else
    take_offices (self, g_ptr_array_new_with_free_func (g_object_unref));
}

/**
 * mfc_office_map_set_offices:
 * @self: the map
 * @offices: (element-type MfcOffice): the offices to show
 *
 * Shows a fixed set (the benchmark's way); the model is dropped.
 */
void
mfc_office_map_set_offices (MfcOfficeMap *self,
                            GPtrArray    *offices)
{
  g_return_if_fail (MFC_IS_OFFICE_MAP (self));
  g_return_if_fail (offices != NULL);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  take_offices (self, g_ptr_array_ref (offices));
}

/**
 * mfc_office_map_set_map_source:
 * @self: the map
 * @source: the base map's tiles
 *
 * Wrapped in an #MfcTileSource, which tells when the tiles do not come.
 */
void
mfc_office_map_set_map_source (MfcOfficeMap     *self,
                               ShumateMapSource *source)
{
  g_return_if_fail (MFC_IS_OFFICE_MAP (self));
  g_return_if_fail (SHUMATE_IS_MAP_SOURCE (source));

  if (self->tiles != NULL)
    g_signal_handlers_disconnect_by_data (self->tiles, self);
  g_clear_object (&self->tiles);
  self->tiles = mfc_tile_source_new (source);
  g_signal_connect_object (self->tiles, "notify::failing", G_CALLBACK (tiles_failing_cb), self, G_CONNECT_SWAPPED);
  if (self->base != NULL)
    shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->base));
  self->base = shumate_map_layer_new (SHUMATE_MAP_SOURCE (self->tiles), self->viewport);
  shumate_map_insert_layer_behind (self->map, SHUMATE_LAYER (self->base), SHUMATE_LAYER (self->layer));
  shumate_viewport_set_reference_map_source (self->viewport, SHUMATE_MAP_SOURCE (self->tiles));
  shumate_viewport_set_min_zoom_level (self->viewport, shumate_map_source_get_min_zoom_level (source));
  shumate_viewport_set_max_zoom_level (self->viewport, shumate_map_source_get_max_zoom_level (source));
  gtk_label_set_text (self->license_label, shumate_map_source_get_license (source) != NULL ?
                      shumate_map_source_get_license (source) : "");
  gtk_widget_set_visible (GTK_WIDGET (self->license_label), shumate_map_source_get_license (source) != NULL);
  tiles_failing_cb (self);
  /* Offices that came before the tile source could not be placed (no
   * reference source, no bounds): place them now, or nothing would until
   * the viewport happens to move. */
  update_markers (self, TRUE);
}

/**
 * mfc_office_map_set_tile_url:
 * @self: the map
 * @url_template: an absolute URL with `{z}`, `{x}`, `{y}`
 * @min_zoom: from /config
 * @max_zoom: from /config
 * @attribution: (nullable): the text to show on the map
 */
void
mfc_office_map_set_tile_url (MfcOfficeMap *self,
                             const char   *url_template,
                             guint         min_zoom,
                             guint         max_zoom,
                             const char   *attribution)
{
  g_autoptr(ShumateRasterRenderer) renderer = NULL;
  g_autoptr(GString) url = NULL;

  g_return_if_fail (MFC_IS_OFFICE_MAP (self));
  g_return_if_fail (url_template != NULL);

  /* libshumate 1.0.3 takes {z}, {x}, {y} as they are (the #Z# spelling
   * the contract mentions is libchamplain's, which 1.0.3 does not read);
   * an old-style template is converted the other way. */
  url = g_string_new (url_template);
  g_string_replace (url, "#Z#", "{z}", 0);
  g_string_replace (url, "#X#", "{x}", 0);
  g_string_replace (url, "#Y#", "{y}", 0);
  g_debug ("Map tiles from %s", url->str);
  renderer = shumate_raster_renderer_new_full_from_url ("mfc-region", _("Region map"),
                                                        attribution, NULL, min_zoom, max_zoom, 256,
                                                        SHUMATE_MAP_PROJECTION_MERCATOR, url->str);
  mfc_office_map_set_map_source (self, SHUMATE_MAP_SOURCE (renderer));
}

/**
 * mfc_office_map_get_tile_source:
 * @self: the map
 *
 * Returns: (transfer none) (nullable): the tiles' source
 */
MfcTileSource *
mfc_office_map_get_tile_source (MfcOfficeMap *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_MAP (self), NULL);
  return self->tiles;
}

/**
 * mfc_office_map_get_viewport:
 * @self: the map
 *
 * Returns: (transfer none): the viewport
 */
ShumateViewport *
mfc_office_map_get_viewport (MfcOfficeMap *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_MAP (self), NULL);
  return self->viewport;
}

/**
 * mfc_office_map_get_map:
 * @self: the map
 *
 * Returns: (transfer none): libshumate's map widget
 */
ShumateMap *
mfc_office_map_get_map (MfcOfficeMap *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_MAP (self), NULL);
  return self->map;
}

void
mfc_office_map_go_to (MfcOfficeMap *self,
                      double        lat,
                      double        lon,
                      double        zoom)
{
  g_return_if_fail (MFC_IS_OFFICE_MAP (self));
  shumate_viewport_set_zoom_level (self->viewport, zoom);
  shumate_location_set_location (SHUMATE_LOCATION (self->viewport), lat, lon);
  /* Going to where the map already is notifies nothing. */
  update_markers (self, FALSE);
}

/**
 * mfc_office_map_get_bounds:
 * @self: the map
 * @south: (out): the view's bounds
 * @west: (out): …
 * @north: (out): …
 * @east: (out): …
 *
 * Returns: %FALSE before the map has a size
 */
gboolean
mfc_office_map_get_bounds (MfcOfficeMap *self,
                           double       *south,
                           double       *west,
                           double       *north,
                           double       *east)
{
  g_return_val_if_fail (MFC_IS_OFFICE_MAP (self), FALSE);
  return view_bounds (self, south, west, north, east);
}

/**
 * mfc_office_map_select:
 * @self: the map
 * @office: (nullable): the office to mark (chosen in the list)
 *
 * Marks @office and brings it into view, close enough to stand alone.
 */
void
mfc_office_map_select (MfcOfficeMap *self,
                       MfcOffice    *office)
{
  g_return_if_fail (MFC_IS_OFFICE_MAP (self));

  if (!g_set_object (&self->selected, office))
    return;
  if (office != NULL)
    {
      double s, w, n, e;
      double lat = mfc_office_get_latitude (office), lon = mfc_office_get_longitude (office);
      double zoom = MAX (shumate_viewport_get_zoom_level (self->viewport), 13);

      zoom = MIN (zoom, shumate_viewport_get_max_zoom_level (self->viewport));
      if (!view_bounds (self, &s, &w, &n, &e) || lat < s || lat > n || lon < w || lon > e ||
          shumate_viewport_get_zoom_level (self->viewport) < 13)
        mfc_office_map_go_to (self, lat, lon, zoom);
    }
  refresh_markers (self);
}

/**
 * mfc_office_map_get_selected:
 * @self: the map
 *
 * Returns: (transfer none) (nullable): the marked office
 */
MfcOffice *
mfc_office_map_get_selected (MfcOfficeMap *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_MAP (self), NULL);
  return self->selected;
}

/**
 * mfc_office_map_get_n_markers:
 * @self: the map
 *
 * Returns: how many badges (clusters and offices) stand in and around the
 *   view
 */
guint
mfc_office_map_get_n_markers (MfcOfficeMap *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_MAP (self), 0);
  return self->shown->len;
}

/**
 * mfc_office_map_get_n_shown_offices:
 * @self: the map
 *
 * Returns: the offices the badges stand for, counted once each
 */
guint
mfc_office_map_get_n_shown_offices (MfcOfficeMap *self)
{
  guint n = 0;

  g_return_val_if_fail (MFC_IS_OFFICE_MAP (self), 0);
  for (guint i = 0; i < self->shown->len; i++)
    n += g_array_index (self->shown, MfcCluster, i).count;
  return n;
}

/**
 * mfc_office_map_get_layer:
 * @self: the map
 *
 * Returns: (transfer none): the layer that draws the badges
 */
MfcOfficeLayer *
mfc_office_map_get_layer (MfcOfficeMap *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_MAP (self), NULL);
  return self->layer;
}

/**
 * mfc_office_map_get_badge_cluster:
 * @self: the map
 * @index: a badge of mfc_office_map_get_layer()
 *
 * Returns: (nullable): what the badge stands for
 */
const MfcCluster *
mfc_office_map_get_badge_cluster (MfcOfficeMap *self,
                                  guint         index)
{
  g_return_val_if_fail (MFC_IS_OFFICE_MAP (self), NULL);
  return index < self->shown->len ? &g_array_index (self->shown, MfcCluster, index) : NULL;
}

/**
 * mfc_office_map_get_counters:
 * @self: the map
 * @counters: (out): what the map has done to its markers so far
 *
 * For the benchmark's frame log: which frames changed markers.
 */
void
mfc_office_map_get_counters (MfcOfficeMap         *self,
                             MfcOfficeMapCounters *counters)
{
  g_return_if_fail (MFC_IS_OFFICE_MAP (self));
  g_return_if_fail (counters != NULL);
  *counters = self->counters;
  counters->snapshot_us = mfc_office_layer_get_snapshot_us (self->layer);
}

gboolean
mfc_office_map_get_tiles_failing (MfcOfficeMap *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_MAP (self), FALSE);
  return self->tiles != NULL && mfc_tile_source_get_failing (self->tiles);
}
