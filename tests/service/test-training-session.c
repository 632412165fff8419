/* test-training-session.c — login, one-time code, lock-out, logout, and
 * the token requirement on every route of the training server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "test-training-common.h"

static void
test_login_ok (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(Reply) r = sign_in (f, "{\"login\":\"clerk\",\"password\":\"demo\"}");
  g_autoptr(Reply) me = NULL;
  g_autoptr(Reply) out = NULL;
  g_autoptr(Reply) after = NULL;
  JsonObject *user;
  const char *token;

  assert_status (r, 200);
  token = str (r, "token");
  g_assert_cmpuint (strlen (token), ==, 64);
  g_assert_true (g_str_has_suffix (str (r, "expires_at"), "+07:00"));
  user = json_object_get_object_member (obj (r), "user");
  g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "clerk");
  g_assert_cmpstr (json_object_get_string_member (user, "office_id"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (user, "id"), ==, "1");

  me = call (f, "GET", "/api/v1/session", token, NULL, NULL);
  assert_status (me, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj (me), "user"), "login"),
                   ==, "clerk");

  out = call (f, "DELETE", "/api/v1/session", token, NULL, NULL);
  assert_status (out, 204);
  after = call (f, "GET", "/api/v1/session", token, NULL, NULL);
  assert_error (after, 401, "unauthorized");
}

static void
test_login_wrong (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Reply) wrong = sign_in (f, "{\"login\":\"clerk\",\"password\":\"nope\"}");
  g_autoptr(Reply) unknown = sign_in (f, "{\"login\":\"nobody\",\"password\":\"demo\"}");
  g_autoptr(Reply) staff = sign_in (f, "{\"login\":\"staff1.1\",\"password\":\"demo\"}");
  g_autoptr(Reply) empty = sign_in (f, "{\"login\":\"clerk\"}");
  g_autoptr(Reply) garbage = sign_in (f, "{not json");

  assert_error (wrong, 401, "unauthorized");
  assert_error (unknown, 401, "unauthorized");
  assert_error (staff, 401, "unauthorized");
  assert_error (empty, 422, "validation_failed");
  assert_error (garbage, 400, "bad_request");
}

static void
test_lockout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(Reply) locked = NULL;
  g_autoptr(Reply) other = NULL;
  const char *retry;

  for (int i = 0; i < 5; i++)
    {
      g_autoptr(Reply) r = sign_in (f, "{\"login\":\"supervisor\",\"password\":\"wrong\"}");
      assert_error (r, 401, "unauthorized");
    }

  /* Even the right password is refused now. */
  locked = sign_in (f, "{\"login\":\"supervisor\",\"password\":\"demo\"}");
  assert_error (locked, 423, "account_locked");
  retry = soup_message_headers_get_one (locked->headers, "Retry-After");
  g_assert_nonnull (retry);
  g_assert_cmpint (atoi (retry), >, 0);
  g_assert_cmpint (atoi (retry), <=, 900);

  /* Other accounts are not affected. */
  other = sign_in (f, "{\"login\":\"trainer\",\"password\":\"demo\"}");
  assert_status (other, 200);
}

static void
test_lockout_resets_on_success (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *token = NULL;

  for (int round = 0; round < 2; round++)
    {
      for (int i = 0; i < 4; i++)
        {
          g_autoptr(Reply) r = sign_in (f, "{\"login\":\"clerk\",\"password\":\"wrong\"}");
          assert_error (r, 401, "unauthorized");
        }
      g_free (token);
      token = login (f, "clerk", NULL);
    }
}

static void
test_otp (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(Reply) need = sign_in (f, "{\"login\":\"clerk2fa\",\"password\":\"demo\"}");
  g_autoptr(Reply) bad = sign_in (f, "{\"login\":\"clerk2fa\",\"password\":\"demo\",\"otp\":\"123456\"}");
  g_autoptr(Reply) wrong_password = sign_in (f, "{\"login\":\"clerk2fa\",\"password\":\"x\",\"otp\":\"000000\"}");
  g_autofree char *token = NULL;

  assert_error (need, 428, "otp_required");
  g_assert_true (json_object_has_member (json_object_get_object_member (
    json_object_get_object_member (obj (need), "error"), "fields"), "otp"));
  assert_error (bad, 401, "invalid_otp");
  assert_error (wrong_password, 401, "unauthorized");
  token = login (f, "clerk2fa", "000000");
  g_assert_nonnull (token);
}

static void
test_every_route_needs_token (Fixture       *f,
                              gconstpointer  data)
{
  static const char * const routes[][2] = {
    { "GET", "/api/v1/session" }, { "DELETE", "/api/v1/session" },
    { "GET", "/api/v1/users" }, { "GET", "/api/v1/service-categories" },
    { "GET", "/api/v1/services" }, { "GET", "/api/v1/services/1" },
    { "GET", "/api/v1/applicants" }, { "POST", "/api/v1/applicants" },
    { "GET", "/api/v1/applicants/1" }, { "PATCH", "/api/v1/applicants/1" },
    { "GET", "/api/v1/tickets" }, { "POST", "/api/v1/tickets" },
    { "GET", "/api/v1/tickets/1" }, { "PATCH", "/api/v1/tickets/1" },
    { "POST", "/api/v1/tickets/1/transitions" }, { "POST", "/api/v1/tickets/1/comments" },
    { "POST", "/api/v1/tickets/1/documents" }, { "POST", "/api/v1/documents" },
    { "GET", "/api/v1/documents/1" }, { "GET", "/api/v1/documents/1/content" },
    { "GET", "/api/v1/offices" }, { "GET", "/api/v1/offices/1" },
    { "GET", "/api/v1/offices/1/slots?service=1" }, { "GET", "/api/v1/appointments" },
    { "POST", "/api/v1/appointments" }, { "GET", "/api/v1/appointments/1" },
    { "PATCH", "/api/v1/appointments/1" }, { "POST", "/api/v1/appointments/1/cancel" },
    { "POST", "/api/v1/appointments/1/no-show" }, { "GET", "/api/v1/events" },
  };
  g_autoptr(Reply) config = call (f, "GET", "/api/v1/config", NULL, NULL, NULL);
  g_autofree char *token = login (f, "clerk", NULL);

  assert_status (config, 200);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (obj (config), "upload"),
                                               "max_bytes"), ==, 5242880);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const char *headers[] = { "Idempotency-Key", "k-1", "If-Match", "\"1\"", NULL };
      g_autoptr(Reply) none = call (f, routes[i][0], routes[i][1], NULL, "{}", headers);
      g_autoptr(Reply) bogus = call (f, routes[i][0], routes[i][1], "0123456789abcdef", "{}", headers);

      g_test_message ("%s %s", routes[i][0], routes[i][1]);
      assert_error (none, 401, "unauthorized");
      assert_error (bogus, 401, "unauthorized");
    }
}

static void
test_idempotency_key_required (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(Reply) r = call (f, "POST", "/api/v1/tickets/1/comments", token, "{\"text\":\"x\"}", NULL);
  g_autoptr(Reply) unknown = call (f, "GET", "/api/v1/nothing-here", token, NULL, NULL);

  assert_error (r, 400, "bad_request");
  assert_error (unknown, 404, "not_found");
}

static void
test_map_tiles (Fixture       *f,
                gconstpointer  data)
{
  /* Zoom 10 around Новоучебск, no token needed */
  g_autoptr(Reply) tile = call (f, "GET", "/api/v1/map/tiles/10/747/323.png", NULL, NULL, NULL);
  g_autoptr(Reply) outside = call (f, "GET", "/api/v1/map/tiles/10/0/0.png", NULL, NULL, NULL);
  g_autoptr(Reply) zoomed_out = call (f, "GET", "/api/v1/map/tiles/3/5/2.png", NULL, NULL, NULL);
  g_autoptr(Reply) garbage = call (f, "GET", "/api/v1/map/tiles/10/747/abc.png", NULL, NULL, NULL);

  assert_status (tile, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (tile->headers, NULL), ==, "image/png");
  g_assert_true (memcmp (g_bytes_get_data (tile->body, NULL), "\x89PNG", 4) == 0);
  g_assert_cmpstr (soup_message_headers_get_one (tile->headers, "Cache-Control"), ==, "public, max-age=86400");
  assert_error (outside, 404, "not_found");
  assert_error (zoomed_out, 404, "not_found");
  assert_error (garbage, 404, "not_found");
}

/* The request log: captured here to check what it may not contain. */
static GMutex log_mutex;
static GString *log_text;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      {
        g_mutex_lock (&log_mutex);
        g_string_append_len (log_text, fields[i].value,
                             fields[i].length < 0 ? (gssize) strlen (fields[i].value) : fields[i].length);
        g_string_append_c (log_text, '\n');
        g_mutex_unlock (&log_mutex);
      }

  if (level & (G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG))
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
test_request_log (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(Reply) found = call (f, "GET", "/api/v1/applicants?snils=11223344595&passport=5004123456", token,
                                 NULL, NULL);
  g_autoptr(Reply) one = call (f, "GET", "/api/v1/applicants/17", token, NULL, NULL);
  g_autofree char *text = NULL;

  assert_status (found, 200);
  assert_status (one, 200);

  g_mutex_lock (&log_mutex);
  text = g_strdup (log_text->str);
  g_mutex_unlock (&log_mutex);

  g_assert_nonnull (strstr (text, "POST /api/v1/session 200"));
  g_assert_nonnull (strstr (text, "GET /api/v1/applicants 200"));
  g_assert_nonnull (strstr (text, "GET /api/v1/applicants/{} 200"));
  g_assert_null (strstr (text, "11223344595"));
  g_assert_null (strstr (text, "5004123456"));
  g_assert_null (strstr (text, "snils"));
  g_assert_null (strstr (text, token));
  g_assert_null (strstr (text, "demo\""));
}

/* A class connects at the same moment: the kernel must queue all of
 * them.  `ss` shows a listening socket's backlog as its Send-Q. */
static void
test_listen_backlog (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GUri) uri = g_uri_parse (f->base_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *command = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) columns = NULL;
  int status = 0;

  g_assert_nonnull (uri);
  command = g_strdup_printf ("ss -Hltn sport = :%d", g_uri_get_port (uri));
  g_spawn_command_line_sync (command, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* State Recv-Q Send-Q Local Peer */
  columns = g_regex_split_simple ("\\s+", g_strstrip (out), 0, 0);
  g_assert_cmpuint (g_strv_length (columns), >=, 4);
  g_assert_cmpstr (columns[0], ==, "LISTEN");
  g_assert_cmpint (atoi (columns[2]), ==, MFC_TRAINING_LISTEN_BACKLOG);
}

int
main (int   argc,
      char *argv[])
{
  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "mfc-training", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/training/session/login-ok", test_login_ok);
  ADD ("/training/session/login-wrong", test_login_wrong);
  ADD ("/training/session/lockout", test_lockout);
  ADD ("/training/session/lockout-resets", test_lockout_resets_on_success);
  ADD ("/training/session/otp", test_otp);
  ADD ("/training/session/every-route-needs-token", test_every_route_needs_token);
  ADD ("/training/session/idempotency-key-required", test_idempotency_key_required);
  ADD ("/training/map/tiles", test_map_tiles);
  ADD ("/training/log/no-personal-data", test_request_log);
  ADD ("/training/listen-backlog", test_listen_backlog);
#undef ADD

  return g_test_run ();
}
