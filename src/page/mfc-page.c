/* mfc-page.c
 *
 * The context is a construct-only property here, once, so that no
 * section repeats it.  "active" is set by the window only; a page reacts
 * in its vfuncs, anyone else can watch notify::active.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-page"

#include "config.h"

#include "mfc-page.h"

typedef struct
{
  MfcContext *context;
  gboolean    active;
  /* What mfc_page_install_actions() added, to follow "active". */
  GWeakRef    actions;
  GPtrArray  *action_names;
} MfcPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (MfcPage, mfc_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mfc_page_dispose (GObject *object)
{
  MfcPage *self = MFC_PAGE (object);
  MfcPagePrivate *priv = mfc_page_get_instance_private (self);

  g_clear_object (&priv->context);
  g_weak_ref_set (&priv->actions, NULL);

  G_OBJECT_CLASS (mfc_page_parent_class)->dispose (object);
}

static void
mfc_page_finalize (GObject *object)
{
  MfcPage *self = MFC_PAGE (object);
  MfcPagePrivate *priv = mfc_page_get_instance_private (self);

  g_weak_ref_clear (&priv->actions);
  g_clear_pointer (&priv->action_names, g_ptr_array_unref);

  G_OBJECT_CLASS (mfc_page_parent_class)->finalize (object);
}

static void
mfc_page_constructed (GObject *object)
{
  MfcPage *self = MFC_PAGE (object);
  MfcPagePrivate *priv = mfc_page_get_instance_private (self);

  G_OBJECT_CLASS (mfc_page_parent_class)->constructed (object);

  /* Every page has a context: subclasses need not check. */
  g_assert (MFC_IS_CONTEXT (priv->context));
}

static void
mfc_page_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MfcPage *self = MFC_PAGE (object);
  MfcPagePrivate *priv = mfc_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, priv->context);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, priv->active);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_page_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  MfcPage *self = MFC_PAGE (object);
  MfcPagePrivate *priv = mfc_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      priv->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_page_class_init (MfcPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mfc_page_constructed;
  object_class->dispose = mfc_page_dispose;
  object_class->finalize = mfc_page_finalize;
  object_class->get_property = mfc_page_get_property;
  object_class->set_property = mfc_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MFC_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* Read-only as a property: only the window decides, through
   * mfc_page_set_active(). */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mfc_page_init (MfcPage *self)
{
  MfcPagePrivate *priv = mfc_page_get_instance_private (self);

  g_weak_ref_init (&priv->actions, NULL);
  priv->action_names = g_ptr_array_new_with_free_func (g_free);
}

static void
set_actions_enabled (MfcPage  *self,
                     gboolean  enabled)
{
  MfcPagePrivate *priv = mfc_page_get_instance_private (self);

  for (guint i = 0; i < priv->action_names->len; i++)
    mfc_page_set_action_enabled (self, g_ptr_array_index (priv->action_names, i), enabled);
}

/**
 * mfc_page_get_context:
 *
 * Returns: (transfer none): the context the page was built with
 */
MfcContext *
mfc_page_get_context (MfcPage *self)
{
  MfcPagePrivate *priv;

  g_return_val_if_fail (MFC_IS_PAGE (self), NULL);

  priv = mfc_page_get_instance_private (self);
  return priv->context;
}

/**
 * mfc_page_get_active:
 *
 * Returns: whether the clerk sees the page now
 */
gboolean
mfc_page_get_active (MfcPage *self)
{
  MfcPagePrivate *priv;

  g_return_val_if_fail (MFC_IS_PAGE (self), FALSE);

  priv = mfc_page_get_instance_private (self);
  return priv->active;
}

/**
 * mfc_page_set_active:
 *
 * For the window: the page is now seen or not.  Calls
 * MfcPageClass.shown() or MfcPageClass.hidden() once per change, then
 * notifies #MfcPage:active.  The actions of mfc_page_install_actions()
 * are enabled before shown() and disabled after hidden().
 */
void
mfc_page_set_active (MfcPage  *self,
                     gboolean  active)
{
  MfcPagePrivate *priv;
  MfcPageClass *klass;

  g_return_if_fail (MFC_IS_PAGE (self));

  priv = mfc_page_get_instance_private (self);
  active = !!active;
  if (priv->active == active)
    return;

  priv->active = active;
  klass = MFC_PAGE_GET_CLASS (self);
  /* Installed actions work while the page is seen: on before shown()
   * (which may switch some off again for what it shows), off after
   * hidden(). */
  if (active)
    {
      set_actions_enabled (self, TRUE);
      if (klass->shown != NULL)
        klass->shown (self);
    }
  else
    {
      if (klass->hidden != NULL)
        klass->hidden (self);
      set_actions_enabled (self, FALSE);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

/**
 * mfc_page_add_actions:
 * @actions: the window's action map
 * @shortcuts: a shortcut controller on the whole window
 *
 * For the window, once per page: see MfcPageClass.add_actions().
 */
void
mfc_page_add_actions (MfcPage               *self,
                      GActionMap            *actions,
                      GtkShortcutController *shortcuts)
{
  MfcPageClass *klass;

  g_return_if_fail (MFC_IS_PAGE (self));
  g_return_if_fail (G_IS_ACTION_MAP (actions));
  g_return_if_fail (GTK_IS_SHORTCUT_CONTROLLER (shortcuts));

  klass = MFC_PAGE_GET_CLASS (self);
  if (klass->add_actions != NULL)
    klass->add_actions (self, actions, shortcuts);
}

/**
 * mfc_page_install_actions:
 * @actions: the window's action map, as MfcPageClass.add_actions() got it
 * @shortcuts: the window's shortcut controller, likewise
 * @entries: the page's actions; their callbacks get the page as user data
 * @page_shortcuts: the page's keys, each naming one of the actions
 *
 * What every MfcPageClass.add_actions() does, once: adds @entries to
 * @actions, enabled only while the page is active (and kept so by
 * mfc_page_set_active()), and @page_shortcuts to @shortcuts.
 */
void
mfc_page_install_actions (MfcPage               *self,
                          GActionMap            *actions,
                          GtkShortcutController *shortcuts,
                          const GActionEntry    *entries,
                          guint                  n_entries,
                          const MfcPageShortcut *page_shortcuts,
                          guint                  n_shortcuts)
{
  MfcPagePrivate *priv;

  g_return_if_fail (MFC_IS_PAGE (self));
  g_return_if_fail (G_IS_ACTION_MAP (actions));
  g_return_if_fail (GTK_IS_SHORTCUT_CONTROLLER (shortcuts));

  priv = mfc_page_get_instance_private (self);
  g_weak_ref_set (&priv->actions, actions);
  g_action_map_add_action_entries (actions, entries, (int) n_entries, self);
  for (guint i = 0; i < n_entries; i++)
    {
      g_ptr_array_add (priv->action_names, g_strdup (entries[i].name));
      mfc_page_set_action_enabled (self, entries[i].name, priv->active);
    }

  for (guint i = 0; i < n_shortcuts; i++)
    gtk_shortcut_controller_add_shortcut (shortcuts,
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (page_shortcuts[i].accel),
                                                            gtk_named_action_new (page_shortcuts[i].action)));
}

/**
 * mfc_page_set_action_enabled:
 * @name: one of the actions mfc_page_install_actions() added
 *
 * For a page whose actions depend on more than being seen (nothing
 * selected, an upload running): switches one of its actions.
 */
void
mfc_page_set_action_enabled (MfcPage    *self,
                             const char *name,
                             gboolean    enabled)
{
  MfcPagePrivate *priv;
  g_autoptr(GActionMap) actions = NULL;
  GAction *action;

  g_return_if_fail (MFC_IS_PAGE (self));
  g_return_if_fail (name != NULL);

  priv = mfc_page_get_instance_private (self);
  actions = g_weak_ref_get (&priv->actions);
  if (actions == NULL)
    return;
  action = g_action_map_lookup_action (actions, name);
  if (G_IS_SIMPLE_ACTION (action))
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}
