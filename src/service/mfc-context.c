/* mfc-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-service"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <glib/gstdio.h>

#include "mfc-context.h"
#include "mfc-server-address.h"

struct _MfcContext
{
  GObject            parent_instance;

  GSettings         *settings;
  MfcClient         *client;
  MfcSession        *session;
  MfcEvents         *events;
  MfcLoginFlow      *login_flow;
  MfcOutbox         *outbox;        /* NULL when its file cannot be opened */
  gboolean           training;
};

G_DEFINE_FINAL_TYPE (MfcContext, mfc_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_CLIENT,
  PROP_SESSION,
  PROP_EVENTS,
  PROP_SERVER,
  PROP_TRAINING,
  N_PROPS
};

enum {
  SERVER_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
minutes_to_seconds (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_uint (value, g_variant_get_uint32 (variant) * 60);
  return TRUE;
}

static void
apply_ca_file (MfcContext *self)
{
  g_autofree char *ca_file = g_settings_get_string (self->settings, "ca-file");
  g_autoptr(GError) error = NULL;

  if (!mfc_client_set_ca_file (self->client, ca_file[0] != '\0' ? ca_file : NULL, &error))
    g_warning ("The extra CA certificate cannot be used: %s", error->message);
}

static void
ca_file_changed_cb (MfcContext *self)
{
  apply_ca_file (self);
}

/* Live updates flow only while a clerk is logged in: a locked screen
 * keeps them (the work page stays current behind it), a logout ends them. */
static void
session_state_cb (MfcContext *self)
{
  if (mfc_session_get_state (self->session) == MFC_SESSION_LOGGED_OUT)
    mfc_events_stop (self->events);
  else
    mfc_events_start (self->events);
}

/* The queue of writes lives under the user's data folder and follows
 * the session's owner.  A file that cannot be opened leaves the context
 * without an outbox (told in the log) rather than without a window. */
static void
open_outbox (MfcContext *self)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "mfc-desk", NULL);
  g_autofree char *path = g_build_filename (dir, "outbox.sqlite", NULL);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_warning ("Cannot create the data folder for the outbox: %s", g_strerror (errno));
      return;
    }

  self->outbox = mfc_outbox_new (self->client, path, &error);
  if (self->outbox == NULL)
    {
      g_warning ("Cannot open the outbox: %s", error->message);
      return;
    }
  mfc_outbox_follow_session (self->outbox, self->session);
}

static void
mfc_context_dispose (GObject *object)
{
  MfcContext *self = (MfcContext *) object;

  if (self->events != NULL)
    mfc_events_stop (self->events);
  g_clear_object (&self->outbox);
  g_clear_object (&self->login_flow);
  g_clear_object (&self->events);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mfc_context_parent_class)->dispose (object);
}

static void
mfc_context_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MfcContext *self = MFC_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_EVENTS:
      g_value_set_object (value, self->events);
      break;

    case PROP_SERVER:
      g_value_set_string (value, mfc_client_get_base_url (self->client));
      break;

    case PROP_TRAINING:
      g_value_set_boolean (value, self->training);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_context_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MfcContext *self = MFC_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The client, the session and the events exist from the start, with no
 * service address: a feature never meets a half-made context, and a
 * request made too early fails with MFC_CLIENT_ERROR_NO_SERVER. */
static void
mfc_context_constructed (GObject *object)
{
  MfcContext *self = MFC_CONTEXT (object);

  G_OBJECT_CLASS (mfc_context_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));

  self->client = mfc_client_new (NULL, NULL);
  apply_ca_file (self);
  g_signal_connect_object (self->settings, "changed::ca-file",
                           G_CALLBACK (ca_file_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->session = mfc_session_new (self->client);
  self->events = mfc_events_new (self->client);
  self->login_flow = mfc_login_flow_new (self->session);
  g_signal_connect_object (self->session, "notify::state",
                           G_CALLBACK (session_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_settings_bind_with_mapping (self->settings, "lock-timeout-minutes",
                                self->session, "lock-timeout",
                                G_SETTINGS_BIND_GET,
                                minutes_to_seconds, NULL, NULL, NULL);

  open_outbox (self);
}

static void
mfc_context_class_init (MfcContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mfc_context_constructed;
  object_class->dispose = mfc_context_dispose;
  object_class->get_property = mfc_context_get_property;
  object_class->set_property = mfc_context_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /* The client, session and events are the same objects for the life of
   * the context; only the address they talk to changes. */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         MFC_TYPE_CLIENT,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         MFC_TYPE_SESSION,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_EVENTS] =
    g_param_spec_object ("events", NULL, NULL,
                         MFC_TYPE_EVENTS,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TRAINING] =
    g_param_spec_boolean ("training", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcContext::server-changed:
   *
   * The client now talks to another service (mfc_context_set_server()).
   * Whatever a feature loaded came from the old one: reload it.
   */
  signals[SERVER_CHANGED] =
    g_signal_new ("server-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mfc_context_init (MfcContext *self)
{
}

MfcContext *
mfc_context_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (MFC_TYPE_CONTEXT, "settings", settings, NULL);
}

GSettings *
mfc_context_get_settings (MfcContext *self)
{
  g_return_val_if_fail (MFC_IS_CONTEXT (self), NULL);

  return self->settings;
}

/**
 * mfc_context_get_client:
 *
 * Returns: (transfer none): the client; its address may not be set yet
 *   (see mfc_context_get_server())
 */
MfcClient *
mfc_context_get_client (MfcContext *self)
{
  g_return_val_if_fail (MFC_IS_CONTEXT (self), NULL);

  return self->client;
}

/**
 * mfc_context_get_session:
 *
 * Returns: (transfer none): the clerk's session
 */
MfcSession *
mfc_context_get_session (MfcContext *self)
{
  g_return_val_if_fail (MFC_IS_CONTEXT (self), NULL);

  return self->session;
}

/**
 * mfc_context_get_login_flow:
 *
 * Returns: (transfer none): the login as the login page shows it; the
 *   application reports there what the clerk must know before working
 *   (a restore or training mode that failed)
 */
MfcLoginFlow *
mfc_context_get_login_flow (MfcContext *self)
{
  g_return_val_if_fail (MFC_IS_CONTEXT (self), NULL);

  return self->login_flow;
}

/**
 * mfc_context_get_outbox:
 *
 * Returns: (transfer none) (nullable): the queue of writes, following
 *   the session; %NULL only when its file could not be opened
 */
MfcOutbox *
mfc_context_get_outbox (MfcContext *self)
{
  g_return_val_if_fail (MFC_IS_CONTEXT (self), NULL);

  return self->outbox;
}

/**
 * mfc_context_get_server:
 *
 * Returns: (nullable): the normalized address of the service, or %NULL
 *   before one is set
 */
const char *
mfc_context_get_server (MfcContext *self)
{
  g_return_val_if_fail (MFC_IS_CONTEXT (self), NULL);

  return mfc_client_get_base_url (self->client);
}

/**
 * mfc_context_set_server:
 * @address: what the clerk or the settings say, normalized here
 *
 * Points the client (and so the session and the events) at @address and
 * emits #MfcContext::server-changed when it is another service.  The
 * address is not saved; the caller decides that.
 */
gboolean
mfc_context_set_server (MfcContext  *self,
                        const char  *address,
                        GError     **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (MFC_IS_CONTEXT (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  normalized = mfc_server_address_normalize (address, error);
  if (normalized == NULL)
    return FALSE;

  if (g_strcmp0 (mfc_client_get_base_url (self->client), normalized) == 0)
    return TRUE;

  /* A token is only good for the service that gave it. */
  if (mfc_session_get_state (self->session) != MFC_SESSION_LOGGED_OUT)
    {
      g_warning ("Changing the service of a logged-in session");
      mfc_client_set_token (self->client, NULL);
    }
  if (!mfc_client_set_base_url (self->client, normalized, error))
    return FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
  g_signal_emit (self, signals[SERVER_CHANGED], 0);
  return TRUE;
}

/**
 * mfc_context_get_events:
 *
 * Returns: (transfer none): the service's live events, running
 *   while a clerk is logged in
 */
MfcEvents *
mfc_context_get_events (MfcContext *self)
{
  g_return_val_if_fail (MFC_IS_CONTEXT (self), NULL);

  return self->events;
}

gboolean
mfc_context_get_training (MfcContext *self)
{
  g_return_val_if_fail (MFC_IS_CONTEXT (self), FALSE);

  return self->training;
}

/**
 * mfc_context_set_training:
 *
 * Marks the context as talking to a training server, which the window
 * shows with a banner that cannot be closed.  Set by the training mode.
 */
void
mfc_context_set_training (MfcContext *self,
                          gboolean    training)
{
  g_return_if_fail (MFC_IS_CONTEXT (self));

  training = !!training;
  if (self->training == training)
    return;
  self->training = training;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRAINING]);
}
