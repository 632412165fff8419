/* mfc-spinner.c
 *
 * A quarter of a ring turning once a second over a faint whole ring, in
 * the widget's foreground colour.  The frame clock drives it only while
 * it spins and is mapped: a stopped or hidden spinner costs no frames.
 * With animations turned off (gtk-enable-animations) the arc stands
 * still.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "mfc-spinner.h"

#define NATURAL_SIZE 16
#define TURN_USEC    G_USEC_PER_SEC

struct _MfcSpinner
{
  GtkWidget parent_instance;

  gboolean     spinning;
  guint        tick_id;
  GtkSettings *settings;  /* watched while mapped */
  gint64       started;   /* frame time the turn counts from */
  double       angle;     /* radians, of the arc's start */
};

G_DEFINE_FINAL_TYPE (MfcSpinner, mfc_spinner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SPINNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
animations_enabled (MfcSpinner *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);
  return enabled;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  MfcSpinner *self = MFC_SPINNER (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (self->started == 0)
    self->started = now;
  self->angle = 2 * G_PI * (double) ((now - self->started) % TURN_USEC) / TURN_USEC;
  gtk_widget_queue_draw (widget);

  return G_SOURCE_CONTINUE;
}

/* Ticks exactly while it spins, is mapped and may move. */
static void
update_tick (MfcSpinner *self)
{
  gboolean want = self->spinning && gtk_widget_get_mapped (GTK_WIDGET (self)) && animations_enabled (self);

  if (want && self->tick_id == 0)
    {
      self->started = 0;
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
    }
  else if (!want && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

/* GtkWidget */

static void
mfc_spinner_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  *minimum = *natural = NATURAL_SIZE;
}

static void
mfc_spinner_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  MfcSpinner *self = MFC_SPINNER (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double size = MIN (width, height);
  double line = MAX (1.5, size / 8.0);
  double radius = (size - line) / 2.0;
  GdkRGBA color;
  cairo_t *cr;

  if (!self->spinning || size < 4)
    return;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  /* gtk_widget_get_color() is GTK 4.10 */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
G_GNUC_END_IGNORE_DEPRECATIONS

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_width (cr, line);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.2);
  cairo_arc (cr, width / 2.0, height / 2.0, radius, 0, 2 * G_PI);
  cairo_stroke (cr);

  gdk_cairo_set_source_rgba (cr, &color);
  cairo_arc (cr, width / 2.0, height / 2.0, radius,
             self->angle - G_PI / 2, self->angle - G_PI / 2 + G_PI / 2);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
mfc_spinner_map (GtkWidget *widget)
{
  MfcSpinner *self = MFC_SPINNER (widget);

  GTK_WIDGET_CLASS (mfc_spinner_parent_class)->map (widget);
  /* Animations turned off (or on) while it spins stop (or start) it */
  self->settings = g_object_ref (gtk_widget_get_settings (widget));
  g_signal_connect_object (self->settings, "notify::gtk-enable-animations",
                           G_CALLBACK (update_tick), self, G_CONNECT_SWAPPED);
  update_tick (self);
}

static void
mfc_spinner_unmap (GtkWidget *widget)
{
  MfcSpinner *self = MFC_SPINNER (widget);

  GTK_WIDGET_CLASS (mfc_spinner_parent_class)->unmap (widget);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  update_tick (self);
}

/* GObject */

static void
mfc_spinner_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SPINNING:
      g_value_set_boolean (value, MFC_SPINNER (object)->spinning);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_spinner_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SPINNING:
      mfc_spinner_set_spinning (MFC_SPINNER (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_spinner_class_init (MfcSpinnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mfc_spinner_get_property;
  object_class->set_property = mfc_spinner_set_property;

  widget_class->measure = mfc_spinner_measure;
  widget_class->snapshot = mfc_spinner_snapshot;
  widget_class->map = mfc_spinner_map;
  widget_class->unmap = mfc_spinner_unmap;

  properties[PROP_SPINNING] =
    g_param_spec_boolean ("spinning", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "mfc-spinner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PROGRESS_BAR);
}

static void
mfc_spinner_init (MfcSpinner *self)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_BUSY, FALSE, -1);
}

/* Public API */

GtkWidget *
mfc_spinner_new (void)
{
  return g_object_new (MFC_TYPE_SPINNER, NULL);
}

gboolean
mfc_spinner_get_spinning (MfcSpinner *self)
{
  g_return_val_if_fail (MFC_IS_SPINNER (self), FALSE);

  return self->spinning;
}

void
mfc_spinner_set_spinning (MfcSpinner *self,
                          gboolean    spinning)
{
  g_return_if_fail (MFC_IS_SPINNER (self));

  spinning = !!spinning;
  if (self->spinning == spinning)
    return;

  self->spinning = spinning;
  update_tick (self);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_BUSY, spinning, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPINNING]);
}

void
mfc_spinner_start (MfcSpinner *self)
{
  mfc_spinner_set_spinning (self, TRUE);
}

void
mfc_spinner_stop (MfcSpinner *self)
{
  mfc_spinner_set_spinning (self, FALSE);
}
