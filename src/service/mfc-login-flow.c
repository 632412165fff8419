/* mfc-login-flow.c
 *
 * One place for what a login attempt means to the clerk: the words of
 * each failure, when the one-time code is asked for, which field to type
 * in again.  Widgets show the properties and focus the field that
 * ::failed names; they never interpret a GError themselves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-service"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mfc-login-flow.h"

struct _MfcLoginFlow
{
  GObject       parent_instance;

  MfcSession   *session;
  GCancellable *cancellable;
  char         *message;
  /* The login of the attempt running, and the one the service asked a
   * one-time code for. */
  char         *pending_login;
  char         *otp_login;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (MfcLoginFlow, mfc_login_flow, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (MfcLoginField, mfc_login_field,
  G_DEFINE_ENUM_VALUE (MFC_LOGIN_FIELD_NONE, "none"),
  G_DEFINE_ENUM_VALUE (MFC_LOGIN_FIELD_LOGIN, "login"),
  G_DEFINE_ENUM_VALUE (MFC_LOGIN_FIELD_PASSWORD, "password"),
  G_DEFINE_ENUM_VALUE (MFC_LOGIN_FIELD_OTP, "otp"))

enum {
  PROP_0,
  PROP_SESSION,
  PROP_BUSY,
  PROP_NEEDS_OTP,
  PROP_MESSAGE,
  N_PROPS
};

enum {
  SUCCEEDED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_busy (MfcLoginFlow *self,
          gboolean      busy)
{
  busy = !!busy;
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_otp_login (MfcLoginFlow *self,
               const char   *login)
{
  gboolean before = self->otp_login != NULL;

  g_free (self->otp_login);
  self->otp_login = g_strdup (login);
  if (before != (login != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_OTP]);
}

static void
fail (MfcLoginFlow  *self,
      MfcLoginField  field,
      const char    *message)
{
  set_busy (self, FALSE);
  mfc_login_flow_set_message (self, message);
  g_signal_emit (self, signals[FAILED], 0, field);
}

/* The session's tasks report a cancelled GCancellable in GIO's domain,
 * the client in its own. */
static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_CANCELLED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static MfcLoginField
field_for_error (const GError *error)
{
  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_OTP_REQUIRED))
    return MFC_LOGIN_FIELD_OTP;
  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_LOCKED))
    return MFC_LOGIN_FIELD_PASSWORD;
  return MFC_LOGIN_FIELD_NONE;
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MfcLoginFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (mfc_session_login_finish (MFC_SESSION (object), result, &error))
    {
      set_otp_login (self, NULL);
      set_busy (self, FALSE);
      mfc_login_flow_set_message (self, NULL);
      g_signal_emit (self, signals[SUCCEEDED], 0);
      return;
    }

  /* Cancelled by mfc_login_flow_cancel(), which has reset everything. */
  if (is_cancelled (error))
    return;

  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_OTP_REQUIRED))
    set_otp_login (self, self->pending_login);

  message = mfc_login_flow_describe_error (error);
  fail (self, field_for_error (error), message);
}

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MfcLoginFlow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!mfc_session_restore_finish (MFC_SESSION (object), result, &error) &&
      is_cancelled (error))
    return;

  if (error != NULL)
    message = mfc_login_flow_describe_error (error);
  mfc_login_flow_end (self, message);
}

static void
session_expired_cb (MfcLoginFlow *self)
{
  mfc_login_flow_set_message (self, _("The central service ended the session. Log in again: what you typed is kept."));
}

static GCancellable *
restart_cancellable (MfcLoginFlow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  return self->cancellable;
}

static void
mfc_login_flow_dispose (GObject *object)
{
  MfcLoginFlow *self = MFC_LOGIN_FLOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mfc_login_flow_parent_class)->dispose (object);
}

static void
mfc_login_flow_finalize (GObject *object)
{
  MfcLoginFlow *self = MFC_LOGIN_FLOW (object);

  g_free (self->message);
  g_free (self->pending_login);
  g_free (self->otp_login);

  G_OBJECT_CLASS (mfc_login_flow_parent_class)->finalize (object);
}

static void
mfc_login_flow_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MfcLoginFlow *self = MFC_LOGIN_FLOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_NEEDS_OTP:
      g_value_set_boolean (value, self->otp_login != NULL);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_login_flow_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MfcLoginFlow *self = MFC_LOGIN_FLOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      g_signal_connect_object (self->session, "expired",
                               G_CALLBACK (session_expired_cb), self,
                               G_CONNECT_SWAPPED);
      break;

    case PROP_MESSAGE:
      mfc_login_flow_set_message (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_login_flow_class_init (MfcLoginFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mfc_login_flow_dispose;
  object_class->finalize = mfc_login_flow_finalize;
  object_class->get_property = mfc_login_flow_get_property;
  object_class->set_property = mfc_login_flow_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         MFC_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The service asked for a one-time code: show its field. */
  properties[PROP_NEEDS_OTP] =
    g_param_spec_boolean ("needs-otp", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcLoginFlow::succeeded:
   *
   * The clerk is logged in (or the screen unlocked): forget the password.
   */
  signals[SUCCEEDED] =
    g_signal_new ("succeeded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * MfcLoginFlow::failed:
   * @field: the field to type in again
   *
   * An attempt failed; #MfcLoginFlow:message says why.
   */
  signals[FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MFC_TYPE_LOGIN_FIELD);
}

static void
mfc_login_flow_init (MfcLoginFlow *self)
{
}

MfcLoginFlow *
mfc_login_flow_new (MfcSession *session)
{
  g_return_val_if_fail (MFC_IS_SESSION (session), NULL);

  return g_object_new (MFC_TYPE_LOGIN_FLOW, "session", session, NULL);
}

MfcSession *
mfc_login_flow_get_session (MfcLoginFlow *self)
{
  g_return_val_if_fail (MFC_IS_LOGIN_FLOW (self), NULL);
  return self->session;
}

gboolean
mfc_login_flow_get_busy (MfcLoginFlow *self)
{
  g_return_val_if_fail (MFC_IS_LOGIN_FLOW (self), FALSE);
  return self->busy;
}

gboolean
mfc_login_flow_get_needs_otp (MfcLoginFlow *self)
{
  g_return_val_if_fail (MFC_IS_LOGIN_FLOW (self), FALSE);
  return self->otp_login != NULL;
}

/**
 * mfc_login_flow_get_message:
 *
 * Returns: (nullable): what to tell the clerk, translated
 */
const char *
mfc_login_flow_get_message (MfcLoginFlow *self)
{
  g_return_val_if_fail (MFC_IS_LOGIN_FLOW (self), NULL);
  return self->message;
}

/**
 * mfc_login_flow_set_message:
 * @message: (nullable): why the clerk is here, or %NULL for nothing
 */
void
mfc_login_flow_set_message (MfcLoginFlow *self,
                            const char   *message)
{
  g_return_if_fail (MFC_IS_LOGIN_FLOW (self));

  if (g_strcmp0 (self->message, message) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

/**
 * mfc_login_flow_submit:
 * @otp: (nullable): the one-time code; sent only once the service asked
 *   for one (#MfcLoginFlow:needs-otp)
 *
 * Logs in, or unlocks a locked session.  Ends in ::succeeded or ::failed;
 * a submit while one is running replaces it.
 */
void
mfc_login_flow_submit (MfcLoginFlow *self,
                       const char   *login,
                       const char   *password,
                       const char   *otp)
{
  g_return_if_fail (MFC_IS_LOGIN_FLOW (self));

  if (login == NULL || login[0] == '\0')
    {
      fail (self, MFC_LOGIN_FIELD_LOGIN, _("Enter your login and password."));
      return;
    }

  /* Another clerk at the keyboard: the code was asked of the first. */
  if (self->otp_login != NULL && g_strcmp0 (self->otp_login, login) != 0)
    set_otp_login (self, NULL);

  if (password == NULL || password[0] == '\0')
    {
      fail (self, MFC_LOGIN_FIELD_PASSWORD, _("Enter your password."));
      return;
    }

  if (self->otp_login != NULL && (otp == NULL || otp[0] == '\0'))
    {
      fail (self, MFC_LOGIN_FIELD_OTP, _("Enter the one-time code for this account."));
      return;
    }

  g_free (self->pending_login);
  self->pending_login = g_strdup (login);
  mfc_login_flow_set_message (self, NULL);
  set_busy (self, TRUE);
  mfc_session_login_async (self->session, login, password,
                           self->otp_login != NULL ? otp : NULL,
                           restart_cancellable (self), login_cb, g_object_ref (self));
}

/**
 * mfc_login_flow_cancel:
 *
 * Stops a running attempt and starts over: no code step, no message.
 */
void
mfc_login_flow_cancel (MfcLoginFlow *self)
{
  g_return_if_fail (MFC_IS_LOGIN_FLOW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_otp_login (self, NULL);
  set_busy (self, FALSE);
  mfc_login_flow_set_message (self, NULL);
}

/**
 * mfc_login_flow_restore:
 *
 * Brings back the session kept in the keyring for the client's service;
 * busy meanwhile, a message if the keyring or the service failed.
 */
void
mfc_login_flow_restore (MfcLoginFlow *self)
{
  g_return_if_fail (MFC_IS_LOGIN_FLOW (self));

  mfc_login_flow_begin (self);
  mfc_session_restore_async (self->session, restart_cancellable (self),
                             restore_cb, g_object_ref (self));
}

/**
 * mfc_login_flow_begin:
 *
 * Something else is logging the clerk in (training mode starting): busy
 * until mfc_login_flow_end().
 */
void
mfc_login_flow_begin (MfcLoginFlow *self)
{
  g_return_if_fail (MFC_IS_LOGIN_FLOW (self));

  mfc_login_flow_set_message (self, NULL);
  set_busy (self, TRUE);
}

/**
 * mfc_login_flow_end:
 * @message: (nullable): what went wrong, translated; %NULL if nothing did
 */
void
mfc_login_flow_end (MfcLoginFlow *self,
                    const char   *message)
{
  g_return_if_fail (MFC_IS_LOGIN_FLOW (self));

  set_busy (self, FALSE);
  mfc_login_flow_set_message (self, message);
}

/**
 * mfc_login_flow_describe_error:
 *
 * What a login failure means, in words a clerk can act on.
 *
 * Returns: (transfer full): a translated sentence
 */
char *
mfc_login_flow_describe_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_UNAUTHORIZED))
    return g_strdup (_("Wrong login, password or one-time code."));

  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_OTP_REQUIRED))
    return g_strdup (_("Enter the one-time code for this account."));

  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_LOCKED))
    {
      guint seconds = mfc_client_error_get_retry_after (error);
      guint minutes = (seconds + 59) / 60;

      if (minutes == 0)
        return g_strdup (_("The account is locked after too many failed attempts. Try again later or ask your supervisor."));

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The account is locked after too many failed attempts. Try again in %u minute.",
                                           "The account is locked after too many failed attempts. Try again in %u minutes.",
                                           minutes),
                              minutes);
    }

  return g_strdup (error->message);
}
