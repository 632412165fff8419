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

  G_OBJECT_CLASS (mfc_page_parent_class)->dispose (object);
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
 * notifies #MfcPage:active.
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
  if (active && klass->shown != NULL)
    klass->shown (self);
  else if (!active && klass->hidden != NULL)
    klass->hidden (self);

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
