/* mfc-session.c
 *
 * The token lives in the client (memory) and, when the session is
 * remembered, in the keyring — never in GSettings, a file or a log.
 * Unlocking the screen is a new login of the same clerk: the password is
 * never kept, so only the service can check it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-service"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mfc-secret-store.h"
#include "mfc-session.h"

#define SESSION_PATH "/api/v1/session"

struct _MfcSession
{
  GObject          parent_instance;

  MfcClient       *client;
  MfcSessionState  state;
  char            *login;
  char            *full_name;
  char            *role;
  char            *office_id;
  gboolean         remember;
  guint            lock_timeout;
  guint            idle_source;
  gint64           last_activity;
  MfcSessionClock  clock;
  gpointer         clock_data;
};

G_DEFINE_FINAL_TYPE (MfcSession, mfc_session, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (MfcSessionState, mfc_session_state,
  G_DEFINE_ENUM_VALUE (MFC_SESSION_LOGGED_OUT, "logged-out"),
  G_DEFINE_ENUM_VALUE (MFC_SESSION_LOGGED_IN, "logged-in"),
  G_DEFINE_ENUM_VALUE (MFC_SESSION_LOCKED, "locked"))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STATE,
  PROP_LOGIN,
  PROP_FULL_NAME,
  PROP_ROLE,
  PROP_REMEMBER,
  PROP_LOCK_TIMEOUT,
  N_PROPS
};

enum {
  EXPIRED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void mfc_session_restart_idle (MfcSession *self);

static void
set_state (MfcSession      *self,
           MfcSessionState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  mfc_session_restart_idle (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_user (MfcSession *self,
          JsonObject *user)
{
  g_clear_pointer (&self->full_name, g_free);
  g_clear_pointer (&self->role, g_free);
  g_clear_pointer (&self->office_id, g_free);

  if (user != NULL)
    {
      const char *login = json_object_get_string_member_with_default (user, "login", NULL);

      if (login != NULL && g_strcmp0 (login, self->login) != 0)
        {
          g_free (self->login);
          self->login = g_strdup (login);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN]);
        }
      self->full_name = g_strdup (json_object_get_string_member_with_default (user, "full_name", NULL));
      self->role = g_strdup (json_object_get_string_member_with_default (user, "role", NULL));
      self->office_id = g_strdup (json_object_get_string_member_with_default (user, "office_id", NULL));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULL_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

/* Reads {token, expires_at, user} and fails on anything else, so a
 * misbehaving service cannot log the clerk in half-way. */
static gboolean
parse_login_answer (JsonObject  *answer,
                    const char **token,
                    JsonObject **user,
                    GError     **error)
{
  JsonNode *token_node;
  JsonNode *user_node;

  token_node = answer != NULL ? json_object_get_member (answer, "token") : NULL;
  user_node = answer != NULL ? json_object_get_member (answer, "user") : NULL;

  if (token_node == NULL || !JSON_NODE_HOLDS_VALUE (token_node) ||
      json_node_get_value_type (token_node) != G_TYPE_STRING ||
      json_node_get_string (token_node)[0] == '\0' ||
      user_node == NULL || !JSON_NODE_HOLDS_OBJECT (user_node))
    {
      g_propagate_error (error, mfc_client_error_new (MFC_CLIENT_ERROR_PROTOCOL));
      return FALSE;
    }

  *token = json_node_get_string (token_node);
  *user = json_node_get_object (user_node);
  return TRUE;
}

/* Microseconds on a monotonic clock: the system's, or a test's. */
static gint64
now_us (MfcSession *self)
{
  return self->clock != NULL ? self->clock (self->clock_data) : g_get_monotonic_time ();
}

static gboolean idle_timeout_cb (gpointer user_data);

static void
schedule_idle (MfcSession *self,
               guint       ms)
{
  self->idle_source = g_timeout_add (ms, idle_timeout_cb, self);
  g_source_set_name_by_id (self->idle_source, "[mfc] idle lock");
}

/* Activity only moves a timestamp (it comes with every pointer motion);
 * the one timer re-arms itself for what is left when it fires early. */
static void
check_idle (MfcSession *self)
{
  gint64 idle_ms = (now_us (self) - self->last_activity) / 1000;
  gint64 timeout_ms = (gint64) self->lock_timeout * 1000;

  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->state != MFC_SESSION_LOGGED_IN || self->lock_timeout == 0)
    return;

  if (idle_ms + 50 < timeout_ms)
    schedule_idle (self, (guint) (timeout_ms - idle_ms));
  else
    set_state (self, MFC_SESSION_LOCKED);
}

static gboolean
idle_timeout_cb (gpointer user_data)
{
  MfcSession *self = user_data;

  self->idle_source = 0;
  check_idle (self);
  return G_SOURCE_REMOVE;
}

static void
mfc_session_restart_idle (MfcSession *self)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  self->last_activity = now_us (self);

  if (self->state == MFC_SESSION_LOGGED_IN && self->lock_timeout > 0)
    schedule_idle (self, self->lock_timeout * 1000);
}

static void
secret_cleared_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!mfc_secret_store_clear_finish (result, &error))
    g_warning ("Could not remove the session from the keyring: %s", error->message);
}

static void
forget_session (MfcSession *self,
                gboolean    clear_secret)
{
  mfc_client_set_token (self->client, NULL);
  if (clear_secret && mfc_client_get_base_url (self->client) != NULL)
    mfc_secret_store_clear_async (mfc_client_get_base_url (self->client), NULL,
                                  secret_cleared_cb, NULL);
  set_state (self, MFC_SESSION_LOGGED_OUT);
}

static void
client_unauthorized_cb (MfcSession *self,
                        MfcClient  *client)
{
  if (self->state == MFC_SESSION_LOGGED_OUT)
    return;

  /* The login is kept so the login page can offer it again, and nothing
   * the clerk was typing is touched: the widgets only hide. */
  forget_session (self, self->remember);
  g_signal_emit (self, signals[EXPIRED], 0);
}

/* Login */

static void
login_secret_saved_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* A keyring that refuses is no reason to refuse the clerk: the session
   * works, it will just not survive a restart. */
  if (!mfc_secret_store_save_finish (result, &error))
    g_warning ("Could not keep the session in the keyring: %s", error->message);

  g_task_return_boolean (task, TRUE);
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcSession *self = g_task_get_source_object (task);
  const char *login = g_task_get_task_data (task);
  g_autoptr(MfcClientResponse) response = NULL;
  GError *error = NULL;
  const char *token;
  JsonObject *user;

  response = mfc_client_request_finish (MFC_CLIENT (object), result, &error);
  if (response == NULL ||
      !parse_login_answer (mfc_client_response_get_object (response), &token, &user, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_free (self->login);
  self->login = g_strdup (login);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN]);
  set_user (self, user);
  mfc_client_set_token (self->client, token);
  set_state (self, MFC_SESSION_LOGGED_IN);

  if (!self->remember)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  mfc_secret_store_save_async (mfc_client_get_base_url (self->client),
                               self->login, token,
                               g_task_get_cancellable (task),
                               login_secret_saved_cb, g_object_ref (task));
}

/**
 * mfc_session_login_async:
 * @otp: (nullable): the one-time code, once the service asked for it
 *   (%MFC_CLIENT_ERROR_OTP_REQUIRED)
 *
 * Logs in; also unlocks a locked screen.  Errors are in %MFC_CLIENT_ERROR:
 * UNAUTHORIZED for a wrong password or code, LOCKED with the seconds left,
 * OTP_REQUIRED, NETWORK, TLS…
 */
void
mfc_session_login_async (MfcSession          *self,
                         const char          *login,
                         const char          *password,
                         const char          *otp,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(MfcQuery) query = mfc_query_new (SESSION_PATH);

  g_return_if_fail (MFC_IS_SESSION (self));
  g_return_if_fail (login != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_session_login_async);
  g_task_set_task_data (task, g_strdup (login), g_free);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  if (otp != NULL && otp[0] != '\0')
    {
      json_builder_set_member_name (builder, "otp");
      json_builder_add_string_value (builder, otp);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  mfc_client_request_full_async (self->client, "POST", query, body,
                                 NULL, NULL,
                                 MFC_CLIENT_REQUEST_NO_AUTH | MFC_CLIENT_REQUEST_NO_RETRY,
                                 cancellable, login_cb, g_steal_pointer (&task));
}

gboolean
mfc_session_login_finish (MfcSession    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Restore */

static void
restore_check_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcSession *self = g_task_get_source_object (task);
  g_autoptr(MfcClientResponse) response = NULL;
  GError *error = NULL;
  JsonObject *answer;
  JsonNode *user;

  response = mfc_client_request_finish (MFC_CLIENT (object), result, &error);
  if (response == NULL)
    {
      if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_UNAUTHORIZED))
        {
          /* The service forgot the token: not an error, just a login. */
          g_clear_error (&error);
          forget_session (self, TRUE);
          g_task_return_boolean (task, FALSE);
          return;
        }
      /* Keep the secret: the service may be back in a minute. */
      mfc_client_set_token (self->client, NULL);
      g_task_return_error (task, error);
      return;
    }

  answer = mfc_client_response_get_object (response);
  user = answer != NULL ? json_object_get_member (answer, "user") : NULL;
  if (user == NULL || !JSON_NODE_HOLDS_OBJECT (user))
    {
      mfc_client_set_token (self->client, NULL);
      g_task_return_error (task, mfc_client_error_new (MFC_CLIENT_ERROR_PROTOCOL));
      return;
    }

  set_user (self, json_node_get_object (user));
  set_state (self, MFC_SESSION_LOGGED_IN);
  g_task_return_boolean (task, TRUE);
}

static void
restore_lookup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcSession *self = g_task_get_source_object (task);
  g_autofree char *login = NULL;
  g_autofree char *token = NULL;
  g_autoptr(MfcQuery) query = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  if (!mfc_secret_store_lookup_finish (result, &login, &token, &error))
    {
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, FALSE);
      return;
    }

  g_free (self->login);
  self->login = g_steal_pointer (&login);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN]);
  mfc_client_set_token (self->client, token);

  cancellable = g_task_get_cancellable (task);
  query = mfc_query_new (SESSION_PATH);
  mfc_client_request_full_async (self->client, "GET", query, NULL,
                                 NULL, NULL, MFC_CLIENT_REQUEST_NONE,
                                 cancellable, restore_check_cb,
                                 g_steal_pointer (&task));
}

/**
 * mfc_session_restore_async:
 *
 * Takes the token kept in the keyring for the client's service and checks
 * it with the service.  Finishes %TRUE when logged in; %FALSE without an
 * error when a login is needed; %FALSE with an error when the keyring or
 * the service could not be reached.
 */
void
mfc_session_restore_async (MfcSession          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MFC_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_session_restore_async);

  /* No service address yet: nothing can be kept for it. */
  if (mfc_client_get_base_url (self->client) == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  mfc_secret_store_lookup_async (mfc_client_get_base_url (self->client), cancellable,
                                 restore_lookup_cb, g_steal_pointer (&task));
}

gboolean
mfc_session_restore_finish (MfcSession    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Logout */

static void
logout_secret_cleared_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!mfc_secret_store_clear_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
logout_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcSession *self = g_task_get_source_object (task);
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  /* Whatever the service answers, this desk forgets the session: a clerk
   * who pressed «Выйти» must not stay logged in because the network is
   * down.  The server-side session then simply expires. */
  response = mfc_client_request_finish (MFC_CLIENT (object), result, &error);
  if (response == NULL &&
      !g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_UNAUTHORIZED))
    g_message ("The service did not confirm the logout: %s", error->message);

  mfc_client_set_token (self->client, NULL);
  set_user (self, NULL);
  set_state (self, MFC_SESSION_LOGGED_OUT);

  /* Without a service address nothing was ever kept. */
  if (mfc_client_get_base_url (self->client) == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  mfc_secret_store_clear_async (mfc_client_get_base_url (self->client), cancellable,
                                logout_secret_cleared_cb, g_steal_pointer (&task));
}

void
mfc_session_logout_async (MfcSession          *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(MfcQuery) query = NULL;

  g_return_if_fail (MFC_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_session_logout_async);

  query = mfc_query_new (SESSION_PATH);
  mfc_client_request_full_async (self->client, "DELETE", query, NULL,
                                 NULL, NULL,
                                 MFC_CLIENT_REQUEST_NO_RETRY,
                                 cancellable, logout_cb, g_steal_pointer (&task));
}

gboolean
mfc_session_logout_finish (MfcSession    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

static void
mfc_session_dispose (GObject *object)
{
  MfcSession *self = MFC_SESSION (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (mfc_session_parent_class)->dispose (object);
}

static void
mfc_session_finalize (GObject *object)
{
  MfcSession *self = MFC_SESSION (object);

  g_free (self->login);
  g_free (self->full_name);
  g_free (self->role);
  g_free (self->office_id);

  G_OBJECT_CLASS (mfc_session_parent_class)->finalize (object);
}

static void
mfc_session_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MfcSession *self = MFC_SESSION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_LOGIN:
      g_value_set_string (value, self->login);
      break;

    case PROP_FULL_NAME:
      g_value_set_string (value, self->full_name);
      break;

    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;

    case PROP_REMEMBER:
      g_value_set_boolean (value, self->remember);
      break;

    case PROP_LOCK_TIMEOUT:
      g_value_set_uint (value, self->lock_timeout);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_session_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MfcSession *self = MFC_SESSION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      g_signal_connect_object (self->client, "unauthorized",
                               G_CALLBACK (client_unauthorized_cb), self,
                               G_CONNECT_SWAPPED);
      break;

    case PROP_REMEMBER:
      mfc_session_set_remember (self, g_value_get_boolean (value));
      break;

    case PROP_LOCK_TIMEOUT:
      mfc_session_set_lock_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_session_class_init (MfcSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mfc_session_dispose;
  object_class->finalize = mfc_session_finalize;
  object_class->get_property = mfc_session_get_property;
  object_class->set_property = mfc_session_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         MFC_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       MFC_TYPE_SESSION_STATE, MFC_SESSION_LOGGED_OUT,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOGIN] =
    g_param_spec_string ("login", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FULL_NAME] =
    g_param_spec_string ("full-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* In training mode nothing goes to the keyring. */
  properties[PROP_REMEMBER] =
    g_param_spec_boolean ("remember", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOCK_TIMEOUT] =
    g_param_spec_uint ("lock-timeout", NULL, NULL, 0, G_MAXUINT, 600,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcSession::expired:
   *
   * The service answered 401 to a logged-in session: the token is gone and
   * the clerk must log in again.
   */
  signals[EXPIRED] =
    g_signal_new ("expired",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mfc_session_init (MfcSession *self)
{
  self->state = MFC_SESSION_LOGGED_OUT;
  self->remember = TRUE;
  self->lock_timeout = 600;
}

MfcSession *
mfc_session_new (MfcClient *client)
{
  g_return_val_if_fail (MFC_IS_CLIENT (client), NULL);

  return g_object_new (MFC_TYPE_SESSION, "client", client, NULL);
}

MfcClient *
mfc_session_get_client (MfcSession *self)
{
  g_return_val_if_fail (MFC_IS_SESSION (self), NULL);
  return self->client;
}

MfcSessionState
mfc_session_get_state (MfcSession *self)
{
  g_return_val_if_fail (MFC_IS_SESSION (self), MFC_SESSION_LOGGED_OUT);
  return self->state;
}

const char *
mfc_session_get_login (MfcSession *self)
{
  g_return_val_if_fail (MFC_IS_SESSION (self), NULL);
  return self->login;
}

const char *
mfc_session_get_full_name (MfcSession *self)
{
  g_return_val_if_fail (MFC_IS_SESSION (self), NULL);
  return self->full_name;
}

const char *
mfc_session_get_role (MfcSession *self)
{
  g_return_val_if_fail (MFC_IS_SESSION (self), NULL);
  return self->role;
}

const char *
mfc_session_get_office_id (MfcSession *self)
{
  g_return_val_if_fail (MFC_IS_SESSION (self), NULL);
  return self->office_id;
}

gboolean
mfc_session_get_remember (MfcSession *self)
{
  g_return_val_if_fail (MFC_IS_SESSION (self), FALSE);
  return self->remember;
}

void
mfc_session_set_remember (MfcSession *self,
                          gboolean    remember)
{
  g_return_if_fail (MFC_IS_SESSION (self));

  remember = !!remember;
  if (self->remember == remember)
    return;
  self->remember = remember;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMEMBER]);
}

guint
mfc_session_get_lock_timeout (MfcSession *self)
{
  g_return_val_if_fail (MFC_IS_SESSION (self), 0);
  return self->lock_timeout;
}

/**
 * mfc_session_set_lock_timeout:
 * @seconds: seconds without activity before the session locks; 0 never
 */
void
mfc_session_set_lock_timeout (MfcSession *self,
                              guint       seconds)
{
  g_return_if_fail (MFC_IS_SESSION (self));

  if (self->lock_timeout == seconds)
    return;
  self->lock_timeout = seconds;
  mfc_session_restart_idle (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCK_TIMEOUT]);
}

/**
 * mfc_session_lock:
 *
 * Locks a logged-in session now (the clerk steps away).  Unlock with
 * mfc_session_login_async() for the same login.
 */
void
mfc_session_lock (MfcSession *self)
{
  g_return_if_fail (MFC_IS_SESSION (self));

  if (self->state == MFC_SESSION_LOGGED_IN)
    set_state (self, MFC_SESSION_LOCKED);
}

/**
 * mfc_session_note_activity:
 *
 * The clerk did something: the idle lock starts counting again.
 */
void
mfc_session_note_activity (MfcSession *self)
{
  g_return_if_fail (MFC_IS_SESSION (self));

  self->last_activity = now_us (self);
}

/**
 * mfc_session_set_clock:
 * @clock: (nullable): returns microseconds on a monotonic clock, like
 *   g_get_monotonic_time(); %NULL for the system's
 * @user_data: for @clock; must outlive its use
 *
 * What the idle lock measures time with.  For tests: they move their own
 * clock and call mfc_session_check_idle() instead of waiting.  The idle
 * time starts again from the new clock's now.
 */
void
mfc_session_set_clock (MfcSession      *self,
                       MfcSessionClock  clock,
                       gpointer         user_data)
{
  g_return_if_fail (MFC_IS_SESSION (self));

  self->clock = clock;
  self->clock_data = user_data;
  mfc_session_restart_idle (self);
}

/**
 * mfc_session_check_idle:
 *
 * Locks the session now if it has been idle for the lock timeout, as the
 * idle timer does when it fires.
 */
void
mfc_session_check_idle (MfcSession *self)
{
  g_return_if_fail (MFC_IS_SESSION (self));

  check_idle (self);
}
