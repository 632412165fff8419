/* mfc-office-layer.c
 *
 * The offices' badges on the map, drawn by this one widget.  A
 * ShumateMarkerLayer holds a widget per marker, and GTK measures,
 * allocates and snapshots every one of them on every frame of a pan or a
 * zoom: with the hundred-odd badges of a city that was the map's frames
 * beyond the bare base map's (docs/benchmarks.md).  Here a frame is one
 * texture node per badge.
 *
 * Each look (kind, selection, text) is painted once with cairo into a
 * texture at the display's scale and kept; a frame only places the
 * textures where the viewport puts the badges' places, rounded to whole
 * device pixels so they stay sharp.  Where the frame drew each badge is
 * kept too, so that a click, the pointer's cursor and a tooltip find the
 * badge under the pointer (the topmost: the selected office, then the
 * last drawn).  Between badges the layer is not there for the pointer
 * (contains() says no), and the map under it pans as before.
 *
 * The list beside the map is the keyboard's and the screen reader's way
 * to the offices; the badges take no focus.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-booking"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "mfc-office-layer.h"

/* Looks kept at most; beyond it they are painted again as needed (a
 * clerk zooming through the region meets a few hundred distinct counts). */
#define MAX_ART 1024

typedef struct
{
  GdkTexture *texture;
  double      width, height;   /* in logical pixels */
} BadgeArt;

typedef struct
{
  guint           index;
  graphene_rect_t rect;
} Drawn;

struct _MfcOfficeLayer
{
  ShumateLayer  parent_instance;

  GArray       *badges;         /* MfcBadge */
  GArray       *drawn;          /* Drawn, in drawing order, from the last frame */
  GHashTable   *art;            /* look key → BadgeArt */
  GPtrArray    *looks;          /* BadgeArt of each badge (borrowed from art), or NULL until drawn */
  int           pressed;        /* the badge a press began on, or -1 */
  gint64        snapshot_us;
};

G_DEFINE_FINAL_TYPE (MfcOfficeLayer, mfc_office_layer, SHUMATE_TYPE_LAYER)

enum {
  BADGE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
mfc_badge_clear (MfcBadge *badge)
{
  g_clear_pointer (&badge->text, g_free);
  g_clear_pointer (&badge->tooltip, g_free);
}

static void
badge_art_free (gpointer data)
{
  BadgeArt *art = data;

  g_clear_object (&art->texture);
  g_free (art);
}

/* The look, in the colours the map's legend and the card use. */
typedef struct
{
  GdkRGBA fill, ring;
  double  ring_width;
  double  pad_x, pad_y;
  double  min_size;
  double  font_scale;
} Look;

static void
look_for (const MfcBadge *badge,
          Look           *look)
{
  static const GdkRGBA load_fill[] = {
    { 0x2e / 255.0, 0x85 / 255.0, 0x40 / 255.0, 1 },  /* green */
    { 0xc7 / 255.0, 0x7c / 255.0, 0x02 / 255.0, 1 },  /* amber */
    { 0xc0 / 255.0, 0x1c / 255.0, 0x28 / 255.0, 1 },  /* red */
  };
  static const GdkRGBA blue = { 0x1c / 255.0, 0x71 / 255.0, 0xd8 / 255.0, 1 };
  static const GdkRGBA white = { 1, 1, 1, 1 };

  switch (badge->kind)
    {
    case MFC_BADGE_CLUSTER:
    case MFC_BADGE_CLUSTER_BIG:
    case MFC_BADGE_CLUSTER_HUGE:
      look->fill = blue;
      look->fill.alpha = 0.88;
      look->ring = white;
      look->ring.alpha = 0.9;
      look->ring_width = 3;
      look->pad_x = 4 + 3;
      look->pad_y = 3;
      look->min_size = badge->kind == MFC_BADGE_CLUSTER_HUGE ? 48 : badge->kind == MFC_BADGE_CLUSTER_BIG ? 38 : 28;
      look->font_scale = 1;
      break;
    case MFC_BADGE_LOAD_LOW:
    case MFC_BADGE_LOAD_MEDIUM:
    case MFC_BADGE_LOAD_HIGH:
    default:
      look->fill = load_fill[CLAMP ((int) badge->kind, 0, 2)];
      look->ring = badge->selected ? blue : white;
      look->ring_width = badge->selected ? 3 : 2;
      look->pad_x = (badge->selected ? 8 : 6) + look->ring_width;
      look->pad_y = (badge->selected ? 3 : 1) + look->ring_width;
      look->min_size = 0;
      look->font_scale = PANGO_SCALE_SMALL;
      break;
    }
}

static void
pill (cairo_t *cr,
      double   x,
      double   y,
      double   w,
      double   h)
{
  double r = MIN (w, h) / 2;

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Paints one look: a pill (a circle for a short count) with a ring, the
 * text in bold white in the widget's font. */
static BadgeArt *
paint_art (MfcOfficeLayer *self,
           const MfcBadge *badge)
{
  GtkWidget *widget = GTK_WIDGET (self);
  PangoContext *widget_context = gtk_widget_get_pango_context (widget);
  PangoContext *context;
  PangoLayout *layout;
  g_autoptr(PangoFontDescription) font = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  PangoRectangle logical;
  BadgeArt *art;
  Look look;
  int scale = MAX (gtk_widget_get_scale_factor (widget), 1);
  int pw, ph;
  GBytes *bytes;

  look_for (badge, &look);
  context = pango_font_map_create_context (pango_context_get_font_map (widget_context));
  pango_cairo_context_set_font_options (context, pango_cairo_context_get_font_options (widget_context));
  pango_cairo_context_set_resolution (context, pango_cairo_context_get_resolution (widget_context));
  font = pango_font_description_copy (pango_context_get_font_description (widget_context));
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  if (look.font_scale != 1)
    {
      int size = pango_font_description_get_size (font);

      if (pango_font_description_get_size_is_absolute (font))
        pango_font_description_set_absolute_size (font, size * look.font_scale);
      else
        pango_font_description_set_size (font, (int) (size * look.font_scale));
    }
  layout = pango_layout_new (context);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, badge->text != NULL ? badge->text : "", -1);
  pango_layout_get_pixel_extents (layout, NULL, &logical);

  art = g_new0 (BadgeArt, 1);
  art->height = MAX (look.min_size, logical.height + 2 * look.pad_y);
  art->width = MAX (art->height, MAX (look.min_size, logical.width + 2 * look.pad_x));
  pw = (int) ceil (art->width * scale);
  ph = (int) ceil (art->height * scale);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  pill (cr, 0, 0, art->width, art->height);
  gdk_cairo_set_source_rgba (cr, &look.ring);
  cairo_fill (cr);
  pill (cr, look.ring_width, look.ring_width, art->width - 2 * look.ring_width, art->height - 2 * look.ring_width);
  gdk_cairo_set_source_rgba (cr, &look.fill);
  cairo_fill (cr);
  pango_cairo_update_context (cr, context);
  pango_layout_context_changed (layout);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  cairo_move_to (cr, (art->width - logical.width) / 2 - logical.x, (art->height - logical.height) / 2 - logical.y);
  cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_object_unref (layout);
  g_object_unref (context);

  /* Cairo's ARGB32 is GDK's default memory format (premultiplied, native
   * endian). */
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * ph);
  art->texture = gdk_memory_texture_new (pw, ph, GDK_MEMORY_DEFAULT, bytes,
                                         cairo_image_surface_get_stride (surface));
  g_bytes_unref (bytes);
  cairo_surface_destroy (surface);
  return art;
}

/* The look of badge @index: found once per badge (a key and a lookup),
 * then kept beside it until the badges or the looks change, so that a
 * frame does no formatting and no hashing. */
static BadgeArt *
art_for (MfcOfficeLayer *self,
         guint           index)
{
  const MfcBadge *badge = &g_array_index (self->badges, MfcBadge, index);
  g_autofree char *key = NULL;
  BadgeArt *art;

  if (index < self->looks->len && self->looks->pdata[index] != NULL)
    return self->looks->pdata[index];
  key = g_strdup_printf ("%d %d %s", (int) badge->kind, badge->selected != FALSE,
                         badge->text != NULL ? badge->text : "");
  art = g_hash_table_lookup (self->art, key);
  if (art == NULL)
    {
      if (g_hash_table_size (self->art) >= MAX_ART)
        {
          g_ptr_array_set_size (self->looks, 0);
          g_hash_table_remove_all (self->art);
        }
      art = paint_art (self, badge);
      g_hash_table_insert (self->art, g_steal_pointer (&key), art);
    }
  if (index >= self->looks->len)
    g_ptr_array_set_size (self->looks, (int) index + 1);
  self->looks->pdata[index] = art;
  return art;
}

static void
forget_art (MfcOfficeLayer *self)
{
  g_ptr_array_set_size (self->looks, 0);
  g_hash_table_remove_all (self->art);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
draw_badge (MfcOfficeLayer *self,
            GtkSnapshot    *snapshot,
            guint           index,
            double          width,
            double          height,
            double          scale)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  const MfcBadge *badge = &g_array_index (self->badges, MfcBadge, index);
  BadgeArt *art;
  Drawn drawn;
  double x, y;

  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (self), badge->lat, badge->lon, &x, &y);
  /* Off the widget by more than the biggest badge: nothing to draw. */
  if (x < -64 || y < -64 || x > width + 64 || y > height + 64)
    return;
  art = art_for (self, index);
  x = round ((x - art->width / 2) * scale) / scale;
  y = round ((y - art->height / 2) * scale) / scale;
  drawn.index = index;
  graphene_rect_init (&drawn.rect, (float) x, (float) y, (float) art->width, (float) art->height);
  if (drawn.rect.origin.x + drawn.rect.size.width < 0 || drawn.rect.origin.y + drawn.rect.size.height < 0 ||
      drawn.rect.origin.x > width || drawn.rect.origin.y > height)
    return;
  gtk_snapshot_append_texture (snapshot, art->texture, &drawn.rect);
  g_array_append_val (self->drawn, drawn);
}

static void
mfc_office_layer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  MfcOfficeLayer *self = MFC_OFFICE_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double scale = MAX (gtk_widget_get_scale_factor (widget), 1);
  gint64 t0 = g_get_monotonic_time ();

  g_array_set_size (self->drawn, 0);
  if (shumate_viewport_get_reference_map_source (viewport) == NULL)
    return;
  /* The selected office last, so that it stands on top. */
  for (guint i = 0; i < self->badges->len; i++)
    if (!g_array_index (self->badges, MfcBadge, i).selected)
      draw_badge (self, snapshot, i, width, height, scale);
  for (guint i = 0; i < self->badges->len; i++)
    if (g_array_index (self->badges, MfcBadge, i).selected)
      draw_badge (self, snapshot, i, width, height, scale);
  self->snapshot_us += g_get_monotonic_time () - t0;
}

static gboolean
mfc_office_layer_contains (GtkWidget *widget,
                           double     x,
                           double     y)
{
  return mfc_office_layer_badge_at (MFC_OFFICE_LAYER (widget), x, y) >= 0;
}

static gboolean
mfc_office_layer_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard,
                                GtkTooltip *tooltip)
{
  MfcOfficeLayer *self = MFC_OFFICE_LAYER (widget);
  int index = keyboard ? -1 : mfc_office_layer_badge_at (self, x, y);
  const MfcBadge *badge;
  graphene_rect_t rect;

  if (index < 0)
    return FALSE;
  badge = &g_array_index (self->badges, MfcBadge, index);
  if (badge->tooltip == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, badge->tooltip);
  /* Another badge is another tooltip, asked for again. */
  if (mfc_office_layer_get_badge_rect (self, index, &rect))
    gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) floor (rect.origin.x), (int) floor (rect.origin.y),
                                                         (int) ceil (rect.size.width), (int) ceil (rect.size.height) });
  return TRUE;
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            MfcOfficeLayer  *self)
{
  self->pressed = mfc_office_layer_badge_at (self, x, y);
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             MfcOfficeLayer  *self)
{
  int index = mfc_office_layer_badge_at (self, x, y);

  if (index >= 0 && index == self->pressed)
    {
      self->pressed = -1;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      g_signal_emit (self, signals[BADGE_ACTIVATED], 0, (guint) index);
    }
  self->pressed = -1;
}

static void
mfc_office_layer_system_setting_changed (GtkWidget        *widget,
                                         GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (mfc_office_layer_parent_class)->system_setting_changed (widget, setting);
  /* The font or its rendering changed: every look is painted again. */
  forget_art (MFC_OFFICE_LAYER (widget));
}

static void
mfc_office_layer_finalize (GObject *object)
{
  MfcOfficeLayer *self = MFC_OFFICE_LAYER (object);

  g_clear_pointer (&self->badges, g_array_unref);
  g_clear_pointer (&self->drawn, g_array_unref);
  g_clear_pointer (&self->looks, g_ptr_array_unref);
  g_clear_pointer (&self->art, g_hash_table_unref);

  G_OBJECT_CLASS (mfc_office_layer_parent_class)->finalize (object);
}

static void
mfc_office_layer_constructed (GObject *object)
{
  MfcOfficeLayer *self = MFC_OFFICE_LAYER (object);

  G_OBJECT_CLASS (mfc_office_layer_parent_class)->constructed (object);
  /* Every move, zoom or turn of the view moves the badges. */
  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

static void
mfc_office_layer_class_init (MfcOfficeLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mfc_office_layer_constructed;
  object_class->finalize = mfc_office_layer_finalize;
  widget_class->snapshot = mfc_office_layer_snapshot;
  widget_class->contains = mfc_office_layer_contains;
  widget_class->query_tooltip = mfc_office_layer_query_tooltip;
  widget_class->system_setting_changed = mfc_office_layer_system_setting_changed;

  /**
   * MfcOfficeLayer::badge-activated:
   * @index: the badge's index in mfc_office_layer_get_badges()
   *
   * The badge was clicked.
   */
  signals[BADGE_ACTIVATED] =
    g_signal_new ("badge-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mfc_office_layer_init (MfcOfficeLayer *self)
{
  GtkGesture *click;

  self->badges = g_array_new (FALSE, TRUE, sizeof (MfcBadge));
  g_array_set_clear_func (self->badges, (GDestroyNotify) mfc_badge_clear);
  self->drawn = g_array_new (FALSE, FALSE, sizeof (Drawn));
  self->art = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, badge_art_free);
  self->looks = g_ptr_array_new ();
  self->pressed = -1;

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect_swapped (self, "notify::scale-factor", G_CALLBACK (forget_art), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Offices on the map"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Each office is coloured by its queue and shows a shape and the number waiting; "
                                    "a number in a circle counts the offices there. The list beside the map names them."),
                                  -1);
}

MfcOfficeLayer *
mfc_office_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);
  return g_object_new (MFC_TYPE_OFFICE_LAYER, "viewport", viewport, NULL);
}

/**
 * mfc_office_layer_get_badges:
 * @self: the layer
 *
 * The badges to draw, for the caller to change in place; then call
 * mfc_office_layer_badges_changed().
 *
 * Returns: (transfer none) (element-type MfcBadge): the badges
 */
GArray *
mfc_office_layer_get_badges (MfcOfficeLayer *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_LAYER (self), NULL);
  return self->badges;
}

/**
 * mfc_office_layer_badges_changed:
 * @self: the layer
 *
 * The badges changed: draws them again.  Until the next frame, the
 * pointer finds nothing (an index of the last frame may be another badge
 * now).
 */
void
mfc_office_layer_badges_changed (MfcOfficeLayer *self)
{
  g_return_if_fail (MFC_IS_OFFICE_LAYER (self));
  g_array_set_size (self->drawn, 0);
  g_ptr_array_set_size (self->looks, 0);
  self->pressed = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * mfc_office_layer_badge_at:
 * @self: the layer
 * @x: in the layer's coordinates
 * @y: …
 *
 * Returns: the index of the topmost badge drawn at (@x, @y) in the last
 *   frame, or -1
 */
int
mfc_office_layer_badge_at (MfcOfficeLayer *self,
                           double          x,
                           double          y)
{
  g_return_val_if_fail (MFC_IS_OFFICE_LAYER (self), -1);

  for (guint i = self->drawn->len; i-- > 0;)
    {
      const Drawn *d = &g_array_index (self->drawn, Drawn, i);

      if (graphene_rect_contains_point (&d->rect, &GRAPHENE_POINT_INIT ((float) x, (float) y)))
        return (int) d->index;
    }
  return -1;
}

/**
 * mfc_office_layer_get_badge_rect:
 * @self: the layer
 * @index: a badge
 * @rect: (out): where the last frame drew it
 *
 * Returns: %FALSE if the last frame did not draw it
 */
gboolean
mfc_office_layer_get_badge_rect (MfcOfficeLayer  *self,
                                 guint            index,
                                 graphene_rect_t *rect)
{
  g_return_val_if_fail (MFC_IS_OFFICE_LAYER (self), FALSE);

  for (guint i = 0; i < self->drawn->len; i++)
    {
      const Drawn *d = &g_array_index (self->drawn, Drawn, i);

      if (d->index == index)
        {
          *rect = d->rect;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * mfc_office_layer_get_n_drawn:
 * @self: the layer
 *
 * Returns: how many badges the last frame drew
 */
guint
mfc_office_layer_get_n_drawn (MfcOfficeLayer *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_LAYER (self), 0);
  return self->drawn->len;
}

/**
 * mfc_office_layer_get_snapshot_us:
 * @self: the layer
 *
 * Returns: the time spent drawing frames so far, in µs (bench-map)
 */
gint64
mfc_office_layer_get_snapshot_us (MfcOfficeLayer *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_LAYER (self), 0);
  return self->snapshot_us;
}
