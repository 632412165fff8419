/* test-events.c — MfcEvents against a SoupServer WebSocket.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "mfc-events.h"

typedef struct
{
  SoupServer              *server;
  char                    *base_url;
  MfcClient               *client;
  MfcEvents               *events;

  SoupWebsocketConnection *server_connection;
  GPtrArray               *server_connections;  /* every one, for teardown */
  guint                    connections;
  char                    *query_token;
  char                    *header;

  guint                    received;
  char                    *last_type;
  char                    *last_id;
  guint                    unauthorized;
  guint                    server_closed;
} Fixture;

static void
server_closed_cb (SoupWebsocketConnection *connection,
                  Fixture                 *f)
{
  f->server_closed++;
}

static void
websocket_cb (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  Fixture *f = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *event = NULL;

  f->connections++;
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_free (f->query_token);
  f->query_token = g_strdup (g_hash_table_lookup (params, "token"));
  g_free (f->header);
  f->header = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                      "Authorization"));

  g_clear_object (&f->server_connection);
  f->server_connection = g_object_ref (connection);
  g_ptr_array_add (f->server_connections, g_object_ref (connection));
  g_signal_connect (connection, "closed", G_CALLBACK (server_closed_cb), f);

  /* Junk first: it must be ignored. */
  soup_websocket_connection_send_text (connection, "not json");
  soup_websocket_connection_send_text (connection, "[1, 2]");
  event = g_strdup_printf ("{\"type\": \"ticket.created\", \"at\": \"2026-11-24T09:30:00+07:00\","
                           " \"data\": {\"id\": \"%u\"}}", f->connections);
  soup_websocket_connection_send_text (connection, event);
}

/* Refuses a "bad" token before the upgrade, as the contract says. */
static void
early_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  const char *authorization =
    soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  if (g_strcmp0 (authorization, "Bearer bad") == 0)
    {
      soup_server_message_set_status (msg, 401, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{}", 2);
    }
}

static void
event_cb (MfcEvents  *events,
          const char *type,
          JsonNode   *data,
          Fixture    *f)
{
  f->received++;
  g_free (f->last_type);
  f->last_type = g_strdup (type);
  g_free (f->last_id);
  f->last_id = g_strdup (json_object_get_string_member (json_node_get_object (data), "id"));
}

static void
unauthorized_cb (MfcClient *client,
                 Fixture   *f)
{
  f->unauthorized++;
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("timed out waiting");
  return G_SOURCE_REMOVE;
}

#define WAIT_UNTIL(cond) \
  G_STMT_START { \
    guint _id = g_timeout_add_seconds (10, timeout_cb, NULL); \
    while (!(cond)) \
      g_main_context_iteration (NULL, TRUE); \
    g_source_remove (_id); \
  } G_STMT_END

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->server_connections = g_ptr_array_new_with_free_func (g_object_unref);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_early_handler (f->server, "/api/v1/events", early_cb, f, NULL);
  soup_server_add_websocket_handler (f->server, "/api/v1/events", NULL, NULL,
                                     websocket_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base_url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->client = mfc_client_new (f->base_url, &error);
  g_assert_no_error (error);
  mfc_client_set_token (f->client, "tok en/1");
  g_signal_connect (f->client, "unauthorized", G_CALLBACK (unauthorized_cb), f);

  f->events = mfc_events_new (f->client);
  mfc_events_set_reconnect_delay (f->events, 50, 200);
  g_signal_connect (f->events, "event", G_CALLBACK (event_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->events);
  if (f->client != NULL)
    g_signal_handlers_disconnect_by_data (f->client, f);
  g_clear_object (&f->client);

  /* A server-side connection may still be closing (its close runs from
   * the main loop, possibly in the next test): it must not call back
   * into this Fixture once it is freed. */
  for (guint i = 0; i < f->server_connections->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (f->server_connections, i), f);
  g_clear_pointer (&f->server_connections, g_ptr_array_unref);
  g_clear_object (&f->server_connection);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (f->base_url);
  g_free (f->query_token);
  g_free (f->header);
  g_free (f->last_type);
  g_free (f->last_id);
}

static void
test_receive_and_reconnect (Fixture       *f,
                            gconstpointer  data)
{
  mfc_events_start (f->events);

  WAIT_UNTIL (mfc_events_get_connected (f->events) && f->received == 1);
  g_assert_cmpuint (f->connections, ==, 1);
  g_assert_cmpstr (f->last_type, ==, "ticket.created");
  g_assert_cmpstr (f->last_id, ==, "1");
  g_assert_cmpstr (f->query_token, ==, "tok en/1");
  g_assert_cmpstr (f->header, ==, "Bearer tok en/1");

  /* The server drops it: the client comes back by itself. */
  soup_websocket_connection_close (f->server_connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  WAIT_UNTIL (!mfc_events_get_connected (f->events));
  WAIT_UNTIL (mfc_events_get_connected (f->events) && f->received == 2);
  g_assert_cmpuint (f->connections, ==, 2);
  g_assert_cmpstr (f->last_id, ==, "2");
  g_assert_cmpuint (f->unauthorized, ==, 0);
}

static void
test_token_expired (Fixture       *f,
                    gconstpointer  data)
{
  mfc_events_start (f->events);
  WAIT_UNTIL (mfc_events_get_connected (f->events) && f->received == 1);

  /* 4401: the session ended.  No reconnect until a new token. */
  soup_websocket_connection_close (f->server_connection, 4401, "token expired");
  WAIT_UNTIL (f->unauthorized == 1);
  g_assert_false (mfc_events_get_connected (f->events));
  spin (400);
  g_assert_cmpuint (f->connections, ==, 1);

  mfc_client_set_token (f->client, "new-token");
  WAIT_UNTIL (mfc_events_get_connected (f->events) && f->received == 2);
  g_assert_cmpuint (f->connections, ==, 2);
  g_assert_cmpstr (f->query_token, ==, "new-token");
}

static void
test_refused_token (Fixture       *f,
                    gconstpointer  data)
{
  mfc_client_set_token (f->client, "bad");
  mfc_events_start (f->events);
  WAIT_UNTIL (f->unauthorized == 1);
  spin (300);
  g_assert_false (mfc_events_get_connected (f->events));
  g_assert_cmpuint (f->connections, ==, 0);
  g_assert_cmpuint (f->unauthorized, ==, 1);   /* no retry loop */

  mfc_client_set_token (f->client, "good");
  WAIT_UNTIL (mfc_events_get_connected (f->events) && f->received == 1);
}

static void
test_idle_timeout (Fixture       *f,
                   gconstpointer  data)
{
  /* The server sends nothing after its first messages: after a second of
   * silence the client assumes a dead link and connects again. */
  mfc_events_set_idle_timeout (f->events, 1);
  mfc_events_start (f->events);
  WAIT_UNTIL (f->connections == 2 && mfc_events_get_connected (f->events));
  g_assert_cmpuint (f->received, >=, 1);
}

static void
test_server_down (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *url = NULL;

  /* Nothing listens yet: the client keeps trying with back-off. */
  soup_server_disconnect (f->server);
  mfc_events_start (f->events);
  spin (300);
  g_assert_false (mfc_events_get_connected (f->events));

  /* The server comes back (on another port: the address changes). */
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_true (mfc_client_set_base_url (f->client, url, NULL));

  WAIT_UNTIL (mfc_events_get_connected (f->events) && f->received == 1);
}

static void
test_dispose_while_connected (Fixture       *f,
                              gconstpointer  data)
{
  mfc_events_start (f->events);
  WAIT_UNTIL (mfc_events_get_connected (f->events));

  g_clear_object (&f->events);
  WAIT_UNTIL (f->server_closed == 1);

  /* Dispose during a connect in flight must not crash either. */
  f->events = mfc_events_new (f->client);
  mfc_events_start (f->events);
  g_clear_object (&f->events);
  spin (200);
  g_assert_cmpuint (f->unauthorized, ==, 0);
}

static void
test_stop (Fixture       *f,
           gconstpointer  data)
{
  mfc_events_start (f->events);
  WAIT_UNTIL (mfc_events_get_connected (f->events));
  mfc_events_stop (f->events);
  g_assert_false (mfc_events_get_connected (f->events));
  WAIT_UNTIL (f->server_closed == 1);
  spin (300);
  g_assert_cmpuint (f->connections, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/events/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("receive-and-reconnect", test_receive_and_reconnect);
  ADD ("token-expired", test_token_expired);
  ADD ("refused-token", test_refused_token);
  ADD ("idle-timeout", test_idle_timeout);
  ADD ("server-down", test_server_down);
  ADD ("dispose-while-connected", test_dispose_while_connected);
  ADD ("stop", test_stop);

  return g_test_run ();
}
