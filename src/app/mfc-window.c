/* mfc-window.c — the frame the four sections live in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-app"

#include "config.h"

#include <glib/gi18n.h>

#include "mfc-window.h"

struct _MfcWindow
{
  AdwApplicationWindow  parent_instance;

  MfcContext           *context;

  /* Template widgets */
  AdwViewStack         *stack;
};

G_DEFINE_FINAL_TYPE (MfcWindow, mfc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const sections[] = { "intake", "documents", "booking", "tickets" };

static gboolean
is_section (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (sections[i], name) == 0)
      return TRUE;
  return FALSE;
}

static void
section_change_state_cb (GSimpleAction *action,
                         GVariant      *value,
                         gpointer       user_data)
{
  MfcWindow *self = user_data;

  mfc_window_set_section (self, g_variant_get_string (value, NULL));
}

static const GActionEntry win_actions[] = {
  { "section", NULL, "s", "'intake'", section_change_state_cb },
};

static void
stack_visible_child_name_cb (MfcWindow  *self,
                             GParamSpec *pspec,
                             AdwViewStack *stack)
{
  const char *name = adw_view_stack_get_visible_child_name (stack);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "section");

  if (name != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (name));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTION]);
}

static void
mfc_window_restore_state (MfcWindow *self)
{
  GSettings *settings = mfc_context_get_settings (self->context);
  int width = g_settings_get_int (settings, "window-width");
  int height = g_settings_get_int (settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
mfc_window_close_request (GtkWindow *window)
{
  MfcWindow *self = MFC_WINDOW (window);
  GSettings *settings = mfc_context_get_settings (self->context);
  gboolean maximized = gtk_window_is_maximized (window);
  int width, height;

  /* The default size is the unmaximized size, which is what comes back. */
  gtk_window_get_default_size (window, &width, &height);

  g_settings_delay (settings);
  g_settings_set_boolean (settings, "window-maximized", maximized);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
  g_settings_apply (settings);

  return GTK_WINDOW_CLASS (mfc_window_parent_class)->close_request (window);
}

static void
mfc_window_constructed (GObject *object)
{
  MfcWindow *self = MFC_WINDOW (object);

  G_OBJECT_CLASS (mfc_window_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  mfc_window_restore_state (self);
}

static void
mfc_window_dispose (GObject *object)
{
  MfcWindow *self = MFC_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MFC_TYPE_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (mfc_window_parent_class)->dispose (object);
}

static void
mfc_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MfcWindow *self = MFC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_SECTION:
      g_value_set_string (value, mfc_window_get_section (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MfcWindow *self = MFC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_SECTION:
      mfc_window_set_section (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_window_class_init (MfcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mfc_window_constructed;
  object_class->dispose = mfc_window_dispose;
  object_class->get_property = mfc_window_get_property;
  object_class->set_property = mfc_window_set_property;

  window_class->close_request = mfc_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MFC_TYPE_CONTEXT,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_SECTION] =
    g_param_spec_string ("section", NULL, NULL,
                         "intake",
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/app/mfc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MfcWindow, stack);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_name_cb);
}

static void
mfc_window_init (MfcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);
}

MfcWindow *
mfc_window_new (GtkApplication *application,
                MfcContext     *context)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (MFC_IS_CONTEXT (context), NULL);

  return g_object_new (MFC_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

/**
 * mfc_window_get_section:
 *
 * Returns: the name of the visible section: "intake", "documents",
 *   "booking" or "tickets"
 */
const char *
mfc_window_get_section (MfcWindow *self)
{
  g_return_val_if_fail (MFC_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

void
mfc_window_set_section (MfcWindow  *self,
                        const char *section)
{
  g_return_if_fail (MFC_IS_WINDOW (self));

  if (!is_section (section))
    {
      g_warning ("No section called “%s”", section);
      return;
    }

  adw_view_stack_set_visible_child_name (self->stack, section);
}
