/* mfc-events.c
 *
 * Keeps one WebSocket to /api/v1/events open while started: reconnects
 * with exponential back-off (reset after a successful connect), pings
 * every 30 s, and drops a connection that stayed silent for 90 s (the
 * server pings at least every 30 s; our pings get pongs).  A 401 at the
 * handshake or the close code 4401 means the token is gone: ::unauthorized
 * is emitted on the client and nothing reconnects until the token changes.
 *
 * The WebSocket uses the client's SoupSession, so the same TLS trust
 * (system CAs plus the configured CA file) applies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-service"

#include "config.h"

#include <libsoup/soup.h>

#include "mfc-client-private.h"
#include "mfc-events.h"

#define EVENTS_PATH              "/api/v1/events"
#define KEEPALIVE_INTERVAL_S     30
#define DEFAULT_IDLE_TIMEOUT_S   90
#define DEFAULT_INITIAL_DELAY_MS 1000
#define DEFAULT_MAX_DELAY_MS     60000
#define MAX_EVENT_SIZE           (4 * 1024 * 1024)
#define CLOSE_CODE_UNAUTHORIZED  4401

struct _MfcEvents
{
  GObject                  parent_instance;

  MfcClient               *client;
  gulong                   token_handler;
  gulong                   base_url_handler;

  SoupWebsocketConnection *connection;
  GCancellable            *cancellable;   /* of the connect in flight */
  guint                    reconnect_id;
  guint                    watchdog_id;

  guint                    failures;
  guint                    initial_delay_ms;
  guint                    max_delay_ms;
  guint                    idle_timeout;

  guint                    running : 1;
  guint                    connected : 1;
  guint                    waiting_for_token : 1;
};

/* The connect callback must not keep the object alive: a weak ref lets
 * dispose run (and cancel) while a connect is in flight. */
typedef struct
{
  GWeakRef     self;
  SoupMessage *msg;
} ConnectData;

static void connect_now        (MfcEvents *self);
static void schedule_reconnect (MfcEvents *self);

G_DEFINE_FINAL_TYPE (MfcEvents, mfc_events, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_CONNECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
connect_data_free (ConnectData *data)
{
  g_weak_ref_clear (&data->self);
  g_clear_object (&data->msg);
  g_free (data);
}

static void
set_connected (MfcEvents *self,
               gboolean   connected)
{
  connected = !!connected;
  if (self->connected == connected)
    return;

  self->connected = connected;
  g_debug ("events: %s", connected ? "connected" : "disconnected");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static void
tear_down_connection (MfcEvents *self,
                      gushort    close_code)
{
  g_clear_handle_id (&self->watchdog_id, g_source_remove);

  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->connection, close_code, NULL);
      g_clear_object (&self->connection);
    }

  set_connected (self, FALSE);
}

static void
cancel_pending (MfcEvents *self)
{
  g_clear_handle_id (&self->reconnect_id, g_source_remove);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

static gboolean
watchdog_cb (gpointer user_data)
{
  MfcEvents *self = user_data;

  self->watchdog_id = 0;
  g_debug ("events: nothing heard for %u s, reconnecting", self->idle_timeout);
  tear_down_connection (self, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
  schedule_reconnect (self);

  return G_SOURCE_REMOVE;
}

static void
touch_watchdog (MfcEvents *self)
{
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  self->watchdog_id = g_timeout_add_seconds (self->idle_timeout, watchdog_cb, self);
}

static gboolean
reconnect_cb (gpointer user_data)
{
  MfcEvents *self = user_data;

  self->reconnect_id = 0;
  connect_now (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (MfcEvents *self)
{
  guint delay_ms;
  guint exponent;

  if (!self->running || self->waiting_for_token || self->reconnect_id != 0)
    return;

  exponent = MIN (self->failures, 16);
  delay_ms = MIN ((guint64) self->initial_delay_ms << exponent, self->max_delay_ms);
  delay_ms += g_random_int_range (0, delay_ms / 4 + 1);
  self->failures++;

  g_debug ("events: reconnecting in %u ms", delay_ms);
  self->reconnect_id = g_timeout_add (delay_ms, reconnect_cb, self);
}

static void
token_lost (MfcEvents *self)
{
  g_debug ("events: the token was refused; waiting for a new one");
  self->waiting_for_token = TRUE;
  mfc_client_emit_unauthorized (self->client);
}

/* Callbacks */

static void
message_cb (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *message,
            MfcEvents               *self)
{
  g_autoptr(JsonNode) root = NULL;
  const char *why = NULL;
  JsonObject *object;
  JsonNode *type_node;
  JsonNode *data;
  gconstpointer bytes;
  gsize size;

  touch_watchdog (self);

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;

  bytes = g_bytes_get_data (message, &size);
  root = mfc_client_parse_json (bytes, size, &why);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("events: ignoring a message that is not a JSON object");
      return;
    }

  object = json_node_get_object (root);
  type_node = json_object_get_member (object, "type");
  if (type_node == NULL ||
      !JSON_NODE_HOLDS_VALUE (type_node) ||
      json_node_get_value_type (type_node) != G_TYPE_STRING)
    {
      g_debug ("events: ignoring a message without a type");
      return;
    }

  data = json_object_get_member (object, "data");
  if (data == NULL)
    {
      g_autoptr(JsonNode) null_node = json_node_new (JSON_NODE_NULL);

      g_signal_emit (self, signals[EVENT], 0, json_node_get_string (type_node), null_node);
      return;
    }

  g_signal_emit (self, signals[EVENT], 0, json_node_get_string (type_node), data);
}

static void
pong_cb (SoupWebsocketConnection *connection,
         GBytes                  *message,
         MfcEvents               *self)
{
  touch_watchdog (self);
}

static void
error_cb (SoupWebsocketConnection *connection,
          GError                  *error,
          MfcEvents               *self)
{
  g_debug ("events: %s", error->message);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           MfcEvents               *self)
{
  gushort code = soup_websocket_connection_get_close_code (connection);

  g_debug ("events: closed by the server (code %u)", code);
  tear_down_connection (self, SOUP_WEBSOCKET_CLOSE_NORMAL);

  if (code == CLOSE_CODE_UNAUTHORIZED)
    token_lost (self);
  else
    schedule_reconnect (self);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ConnectData *data = user_data;
  g_autoptr(MfcEvents) self = g_weak_ref_get (&data->self);
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  status = soup_message_get_status (data->msg);
  connect_data_free (data);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (connection != NULL)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      return;
    }

  g_clear_object (&self->cancellable);

  if (connection == NULL)
    {
      g_debug ("events: connect failed (HTTP %u): %s", status, error->message);
      if (status == SOUP_STATUS_UNAUTHORIZED)
        token_lost (self);
      else
        schedule_reconnect (self);
      return;
    }

  self->connection = g_steal_pointer (&connection);
  self->failures = 0;

  soup_websocket_connection_set_keepalive_interval (self->connection, KEEPALIVE_INTERVAL_S);
  soup_websocket_connection_set_max_incoming_payload_size (self->connection, MAX_EVENT_SIZE);
  g_signal_connect (self->connection, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (self->connection, "pong", G_CALLBACK (pong_cb), self);
  g_signal_connect (self->connection, "error", G_CALLBACK (error_cb), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (closed_cb), self);

  touch_watchdog (self);
  set_connected (self, TRUE);
}

static void
connect_now (MfcEvents *self)
{
  const char *token = mfc_client_get_token (self->client);
  g_autoptr(MfcQuery) query = NULL;
  g_autofree char *path_and_query = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  SoupMessage *msg;
  ConnectData *data;

  if (!self->running || self->connection != NULL || self->cancellable != NULL)
    return;

  if (token == NULL || token[0] == '\0')
    {
      g_debug ("events: no token yet");
      self->waiting_for_token = TRUE;
      return;
    }

  query = mfc_query_new (EVENTS_PATH);
  mfc_query_add (query, "token", token);
  path_and_query = mfc_query_to_string (query);
  url = g_strconcat (mfc_client_get_base_url (self->client), path_and_query, NULL);
  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      g_warning ("events: cannot build the events address");
      return;
    }

  authorization = g_strconcat ("Bearer ", token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Authorization", authorization);

  data = g_new0 (ConnectData, 1);
  g_weak_ref_init (&data->self, self);
  data->msg = msg;

  g_debug ("events: connecting");
  self->cancellable = g_cancellable_new ();
  soup_session_websocket_connect_async (mfc_client_get_soup_session (self->client),
                                        msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, connect_cb, data);
}

/* The token or the address changed: the old connection belongs to the old
 * session; start over at once. */
static void
client_changed_cb (MfcEvents  *self,
                   GParamSpec *pspec,
                   MfcClient  *client)
{
  if (!self->running)
    return;

  cancel_pending (self);
  tear_down_connection (self, SOUP_WEBSOCKET_CLOSE_NORMAL);
  self->failures = 0;
  self->waiting_for_token = FALSE;
  connect_now (self);
}

/* dispose */

static void
mfc_events_dispose (GObject *object)
{
  MfcEvents *self = MFC_EVENTS (object);

  self->running = FALSE;
  cancel_pending (self);
  g_clear_handle_id (&self->watchdog_id, g_source_remove);

  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      g_clear_object (&self->connection);
    }

  if (self->client != NULL)
    {
      g_clear_signal_handler (&self->token_handler, self->client);
      g_clear_signal_handler (&self->base_url_handler, self->client);
      g_clear_object (&self->client);
    }

  G_OBJECT_CLASS (mfc_events_parent_class)->dispose (object);
}

static void
mfc_events_constructed (GObject *object)
{
  MfcEvents *self = MFC_EVENTS (object);

  G_OBJECT_CLASS (mfc_events_parent_class)->constructed (object);

  g_assert (MFC_IS_CLIENT (self->client));

  self->token_handler =
    g_signal_connect_object (self->client, "notify::token",
                             G_CALLBACK (client_changed_cb), self, G_CONNECT_SWAPPED);
  self->base_url_handler =
    g_signal_connect_object (self->client, "notify::base-url",
                             G_CALLBACK (client_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
mfc_events_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MfcEvents *self = MFC_EVENTS (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_events_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MfcEvents *self = MFC_EVENTS (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_events_class_init (MfcEventsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mfc_events_constructed;
  object_class->dispose = mfc_events_dispose;
  object_class->get_property = mfc_events_get_property;
  object_class->set_property = mfc_events_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         MFC_TYPE_CLIENT,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcEvents::event:
   * @type: "ticket.created", "office.load", … (unknown types included:
   *   ignore them)
   * @data: the event's `data` (a JSON null node when absent); valid only
   *   during the emission — json_node_ref() it to keep it
   */
  signals[EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  JSON_TYPE_NODE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
mfc_events_init (MfcEvents *self)
{
  self->initial_delay_ms = DEFAULT_INITIAL_DELAY_MS;
  self->max_delay_ms = DEFAULT_MAX_DELAY_MS;
  self->idle_timeout = DEFAULT_IDLE_TIMEOUT_S;
}

/* Public API */

MfcEvents *
mfc_events_new (MfcClient *client)
{
  g_return_val_if_fail (MFC_IS_CLIENT (client), NULL);

  return g_object_new (MFC_TYPE_EVENTS, "client", client, NULL);
}

MfcClient *
mfc_events_get_client (MfcEvents *self)
{
  g_return_val_if_fail (MFC_IS_EVENTS (self), NULL);

  return self->client;
}

/**
 * mfc_events_start:
 *
 * Connects now (or as soon as the client has a token) and keeps
 * reconnecting until mfc_events_stop() or dispose.
 */
void
mfc_events_start (MfcEvents *self)
{
  g_return_if_fail (MFC_IS_EVENTS (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->failures = 0;
  self->waiting_for_token = FALSE;
  connect_now (self);
}

void
mfc_events_stop (MfcEvents *self)
{
  g_return_if_fail (MFC_IS_EVENTS (self));

  self->running = FALSE;
  cancel_pending (self);
  tear_down_connection (self, SOUP_WEBSOCKET_CLOSE_NORMAL);
}

gboolean
mfc_events_get_connected (MfcEvents *self)
{
  g_return_val_if_fail (MFC_IS_EVENTS (self), FALSE);

  return self->connected;
}

/**
 * mfc_events_set_reconnect_delay:
 * @initial_ms: the first delay (1 s by default), doubled per failure
 * @max_ms: the cap (60 s by default)
 */
void
mfc_events_set_reconnect_delay (MfcEvents *self,
                                guint      initial_ms,
                                guint      max_ms)
{
  g_return_if_fail (MFC_IS_EVENTS (self));
  g_return_if_fail (initial_ms > 0 && initial_ms <= max_ms);

  self->initial_delay_ms = initial_ms;
  self->max_delay_ms = max_ms;
}

/**
 * mfc_events_set_idle_timeout:
 * @seconds: reconnect when nothing (event or pong) arrived for this long;
 *   90 s by default
 */
void
mfc_events_set_idle_timeout (MfcEvents *self,
                             guint      seconds)
{
  g_return_if_fail (MFC_IS_EVENTS (self));
  g_return_if_fail (seconds > 0);

  self->idle_timeout = seconds;
}
