/* test-query.c — MfcQuery: the exact encoding, what is refused, and the
 * round trip through the real training server.
 *
 * The expected encodings were made independently of GLib, by Python's
 * urllib.parse.quote (value, safe='').
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-client.h"
#include "mfc-query.h"

#include "../service/test-training-common.h"

#define LONG_UNIT          "+&#%= Жж"
#define LONG_UNIT_ENCODED  "%2B%26%23%25%3D%20%D0%96%D0%B6"
#define LONG_REPEAT        250   /* 250 × 8 characters = 2000 */

typedef struct
{
  const char *value;
  const char *encoded;
} Case;

static const Case cases[] = {
  { "+", "%2B" },
  { "a&b", "a%26b" },
  { "#1", "%231" },
  { "100%", "100%25" },
  { "a=b", "a%3Db" },
  { "a b  c", "a%20b%20%20c" },
  { "a+b&c=d#e%f g", "a%2Bb%26c%3Dd%23e%25f%20g" },
  { "a/b?c", "a%2Fb%3Fc" },
  { "Иванов Иван", "%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%20%D0%98%D0%B2%D0%B0%D0%BD" },
  { "Ёё", "%D0%81%D1%91" },
  { "Петров-Водкин", "%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2-%D0%92%D0%BE%D0%B4%D0%BA%D0%B8%D0%BD" },
  { "+7 (913) 555-01-02", "%2B7%20%28913%29%20555-01-02" },
  { "СНИЛС 112-233-445 95", "%D0%A1%D0%9D%D0%98%D0%9B%D0%A1%20112-233-445%2095" },
  { "AZaz09-._~", "AZaz09-._~" },
  { "", "" },
};

static char *
repeat (const char *unit,
        guint       times)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (s, unit);

  return g_string_free (s, FALSE);
}

/* Every case of the table, and the long value, as value and expected
 * encoding; the caller frees both arrays. */
static void
all_cases (GPtrArray **values,
           GPtrArray **encodings)
{
  *values = g_ptr_array_new_with_free_func (g_free);
  *encodings = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_ptr_array_add (*values, g_strdup (cases[i].value));
      g_ptr_array_add (*encodings, g_strdup (cases[i].encoded));
    }

  g_ptr_array_add (*values, repeat (LONG_UNIT, LONG_REPEAT));
  g_ptr_array_add (*encodings, repeat (LONG_UNIT_ENCODED, LONG_REPEAT));
  g_assert_cmpint (g_utf8_strlen ((*values)->pdata[(*values)->len - 1], -1), ==, 2000);
}

/* The encoding */

static void
test_values (void)
{
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) encodings = NULL;

  all_cases (&values, &encodings);
  for (guint i = 0; i < values->len; i++)
    {
      g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/applicants");
      g_autoptr(MfcQuery) parsed = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strconcat ("/api/v1/applicants?q=", encodings->pdata[i], NULL);
      g_autofree char *text = NULL;
      g_autofree char *again = NULL;

      mfc_query_add (query, "q", values->pdata[i]);
      text = mfc_query_to_string (query);
      g_assert_cmpstr (text, ==, expected);
      g_assert_cmpstr (mfc_query_get_path (query), ==, "/api/v1/applicants");

      /* What the outbox stores reads back the same */
      parsed = mfc_query_new_from_string (text, &error);
      g_assert_no_error (error);
      again = mfc_query_to_string (parsed);
      g_assert_cmpstr (again, ==, text);
    }
}

static void
test_segments (void)
{
  static const Case segments[] = {
    { "17", "/api/v1/applicants/17" },
    { "a/b", "/api/v1/applicants/a%2Fb" },
    { "../tickets", "/api/v1/applicants/..%2Ftickets" },
    { "..", "/api/v1/applicants/%2E%2E" },
    { ".", "/api/v1/applicants/%2E" },
    { "...", "/api/v1/applicants/..." },
    { "1?q=2#x", "/api/v1/applicants/1%3Fq%3D2%23x" },
    { "Жж 1", "/api/v1/applicants/%D0%96%D0%B6%201" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (segments); i++)
    {
      g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/applicants");
      g_autoptr(MfcQuery) parsed = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      mfc_query_add_segment (query, segments[i].value);
      text = mfc_query_to_string (query);
      g_assert_cmpstr (text, ==, segments[i].encoded);
      g_assert_cmpstr (mfc_query_get_path (query), ==, segments[i].encoded);

      parsed = mfc_query_new_from_string (text, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (mfc_query_get_path (parsed), ==, segments[i].encoded);
    }

  {
    g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
    g_autofree char *text = NULL;

    mfc_query_add_segment (query, "5");
    mfc_query_add_segment (query, "transitions");
    mfc_query_add (query, "x", "1");
    text = mfc_query_to_string (query);
    g_assert_cmpstr (text, ==, "/api/v1/tickets/5/transitions?x=1");
    /* The log sees the path, never the values */
    g_assert_cmpstr (mfc_query_get_path (query), ==, "/api/v1/tickets/5/transitions");
  }
}

static void
test_parameters (void)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  g_autoptr(MfcQuery) copy = NULL;
  g_autofree char *text = NULL;
  g_autofree char *copied = NULL;

  g_assert_true (G_TYPE_IS_BOXED (MFC_TYPE_QUERY));

  text = mfc_query_to_string (query);
  g_assert_cmpstr (text, ==, "/api/v1/tickets");
  g_clear_pointer (&text, g_free);

  mfc_query_add (query, "status", "accepted");
  mfc_query_add (query, "q", NULL);             /* an empty filter: skipped */
  mfc_query_add (query, "status", "in_progress");
  mfc_query_add_int (query, "limit", 50);
  mfc_query_add_int (query, "from_id", G_MININT64);
  mfc_query_add_bool (query, "overdue", TRUE);
  mfc_query_add_bool (query, "open_now", FALSE);
  text = mfc_query_to_string (query);
  g_assert_cmpstr (text, ==,
                   "/api/v1/tickets?status=accepted&status=in_progress&limit=50"
                   "&from_id=-9223372036854775808&overdue=true&open_now=false");
  g_clear_pointer (&text, g_free);

  /* set: in the place of the first, the others gone */
  copy = mfc_query_copy (query);
  mfc_query_set (query, "status", "a&b");
  text = mfc_query_to_string (query);
  g_assert_cmpstr (text, ==,
                   "/api/v1/tickets?status=a%26b&limit=50"
                   "&from_id=-9223372036854775808&overdue=true&open_now=false");
  g_clear_pointer (&text, g_free);

  /* at the end when absent; again in place; removed by NULL */
  mfc_query_set (query, "cursor", "abc_-");
  mfc_query_set (query, "cursor", "de+f");
  mfc_query_set (query, "limit", NULL);
  mfc_query_set (query, "nothing", NULL);
  text = mfc_query_to_string (query);
  g_assert_cmpstr (text, ==,
                   "/api/v1/tickets?status=a%26b&from_id=-9223372036854775808"
                   "&overdue=true&open_now=false&cursor=de%2Bf");

  /* The copy is its own */
  copied = mfc_query_to_string (copy);
  g_assert_cmpstr (copied, ==,
                   "/api/v1/tickets?status=accepted&status=in_progress&limit=50"
                   "&from_id=-9223372036854775808&overdue=true&open_now=false");

  /* A reference is the same query */
  {
    MfcQuery *ref = mfc_query_ref (copy);

    g_assert_true (ref == copy);
    mfc_query_unref (ref);
  }
}

/* Programming errors are refused with a critical and change nothing. */
static void
test_misuse (void)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  g_autofree char *text = NULL;
  static const char *bad_paths[] = {
    "api/v1", "/a?b=1", "/a#b", "/a b", "/a%20b", "/Жж", "",
  };
  static const char *bad_names[] = {
    "Q", "", "a-b", "a=b", "a&b", "ж", "a b",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_paths); i++)
    {
      MfcQuery *bad;

      g_test_expect_message ("mfc-service", G_LOG_LEVEL_CRITICAL, "*literal_path_is_valid*");
      bad = mfc_query_new (bad_paths[i]);
      g_test_assert_expected_messages ();
      g_assert_null (bad);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_names); i++)
    {
      g_test_expect_message ("mfc-service", G_LOG_LEVEL_CRITICAL, "*name_is_valid*");
      mfc_query_add (query, bad_names[i], "x");
      g_test_assert_expected_messages ();
    }

  g_test_expect_message ("mfc-service", G_LOG_LEVEL_CRITICAL, "*g_utf8_validate*");
  mfc_query_add (query, "q", "\xff");
  g_test_assert_expected_messages ();

  text = mfc_query_to_string (query);
  g_assert_cmpstr (text, ==, "/api/v1/tickets");
  g_clear_pointer (&text, g_free);

  /* An empty id still makes the path another than the collection's */
  g_test_expect_message ("mfc-service", G_LOG_LEVEL_CRITICAL, "*segment[0]*");
  mfc_query_add_segment (query, "");
  g_test_assert_expected_messages ();
  text = mfc_query_to_string (query);
  g_assert_cmpstr (text, ==, "/api/v1/tickets/");
}

static void
test_from_string_invalid (void)
{
  static const char *invalid[] = {
    "",
    "api/v1/tickets",
    "http://host/api",
    "/a b",
    "/a\tb",
    "/a/../b",
    "/a/./b",
    "/..",
    "/a#b",
    "/Жж",
    "/a%zz",
    "/a?",
    "/a?q",
    "/a?q=1&",
    "/a?&q=1",
    "/a?q=1&&r=2",
    "/a?=1",
    "/a?Q=1",
    "/a?q-x=1",
    "/a?q=%zz",
    "/a?q=%2",
    "/a?q=%",
    "/a?q=a+b",
    "/a?q=a b",
    "/a?q=a#b",
    "/a?q=a=b",
    "/a?q=a?b",
    "/a?q=a/b",
    "/a?q=Жж",
    "/a?q=%00",
    "/a?q=a%00b",
    "/a?q=%FF",
    "/a?q=%D0",
    "/a?q=1?r=2",
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(MfcQuery) query = NULL;
      g_autoptr(GError) error = NULL;

      query = mfc_query_new_from_string (invalid[i], &error);
      if (query != NULL)
        g_error ("Accepted as an encoded path and query: %s", invalid[i]);
      g_assert_error (error, MFC_QUERY_ERROR, MFC_QUERY_ERROR_INVALID);
    }
}

static void
test_from_string_valid (void)
{
  static const char *valid[] = {
    "/",
    "/api/v1/tickets",
    "/api/v1/tickets?q=",
    "/api/v1/tickets?q=%2B7%20913&limit=50&status=a&status=b",
    "/api/v1/applicants/%2E%2E?x_1=%D0%96",
    "/api/v1/tickets/5/transitions",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(MfcQuery) query = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      query = mfc_query_new_from_string (valid[i], &error);
      g_assert_no_error (error);
      text = mfc_query_to_string (query);
      g_assert_cmpstr (text, ==, valid[i]);
    }

  /* and can be changed like a built one */
  {
    g_autoptr(MfcQuery) query = mfc_query_new_from_string ("/api/v1/tickets?cursor=a&limit=2", NULL);
    g_autofree char *text = NULL;

    mfc_query_set (query, "cursor", "b c");
    text = mfc_query_to_string (query);
    g_assert_cmpstr (text, ==, "/api/v1/tickets?cursor=b%20c&limit=2");
    g_assert_cmpstr (mfc_query_get_path (query), ==, "/api/v1/tickets");
  }
}

/* The round trip through the real training server */

static MfcClientResponse *
client_call (MfcClient   *client,
             const char  *method,
             MfcQuery    *query,
             JsonNode    *body,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mfc_client_request_async (client, method, query, body, NULL, NULL, NULL,
                            store_result_cb, &result);
  wait_for_result (&result, 60, "The training server's answer");

  return mfc_client_request_finish (client, result, error);
}

static JsonArray *
client_page (MfcClient  *client,
             MfcQuery   *query,
             GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mfc_client_get_page_async (client, query, NULL, store_result_cb, &result);
  wait_for_result (&result, 60, "The training server's answer");

  return mfc_client_get_page_finish (client, result, NULL, error);
}

/* A complaint about applicant 17 described by @description: its id */
static char *
create_ticket (MfcClient  *client,
               const char *description)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *ticket;

  json_object_set_string_member (object, "type", "complaint");
  json_object_set_string_member (object, "applicant_id", "17");
  json_object_set_string_member (object, "description", description);
  json_node_set_object (body, object);

  response = client_call (client, "POST", query, body, &error);
  g_assert_no_error (error);
  ticket = mfc_client_response_get_object (response);
  g_assert_cmpstr (json_object_get_string_member (ticket, "description"), ==, description);

  return g_strdup (json_object_get_string_member (ticket, "id"));
}

static MfcClient *
signed_in_client (Fixture *f)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(GError) error = NULL;
  MfcClient *client = mfc_client_new (f->base_url, &error);

  g_assert_no_error (error);
  mfc_client_set_token (client, token);

  return client;
}

/* Each value reaches the server's search intact.  Ticket A is described
 * by TAG value TAG and ticket B by TAG value: a search for TAG value TAG
 * finds A alone.  A "+" read as a space finds nothing; a value cut short
 * at an "&" or "#" finds B as well. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MfcClient) client = signed_in_client (f);
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) encodings = NULL;

  all_cases (&values, &encodings);
  for (guint i = 0; i < values->len; i++)
    {
      const char *value = values->pdata[i];
      g_autofree char *tag = g_strdup_printf ("qz%uqz", i);
      g_autofree char *full = g_strconcat (tag, value, tag, NULL);
      g_autofree char *partial = g_strconcat (tag, value, NULL);
      g_autofree char *id_full = create_ticket (client, full);
      g_autofree char *id_partial = create_ticket (client, partial);
      g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
      g_autoptr(JsonArray) found = NULL;
      g_autoptr(GError) error = NULL;

      mfc_query_add (query, "q", full);
      mfc_query_add_int (query, "limit", 200);
      found = client_page (client, query, &error);
      g_assert_no_error (error);
      if (json_array_get_length (found) != 1)
        g_error ("The search for case %u found %u tickets instead of 1",
                 i, json_array_get_length (found));
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (found, 0), "id"),
                       ==, id_full);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (found, 0), "description"),
                       ==, full);
      g_assert_cmpstr (id_partial, !=, id_full);
    }
}

/* A phone's "+" survives: the server refuses anything but +7XXXXXXXXXX
 * with 400, and finds the applicant by it. */
static void
test_round_trip_phone (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MfcClient) client = signed_in_client (f);
  g_autoptr(MfcQuery) one = mfc_query_new ("/api/v1/applicants");
  g_autoptr(MfcQuery) by_phone = mfc_query_new ("/api/v1/applicants");
  g_autoptr(MfcClientResponse) applicant = NULL;
  g_autoptr(JsonArray) found = NULL;
  g_autoptr(GError) error = NULL;
  const char *phone;
  gboolean seen = FALSE;

  mfc_query_add_segment (one, "17");
  applicant = client_call (client, "GET", one, NULL, &error);
  g_assert_no_error (error);
  phone = json_object_get_string_member (mfc_client_response_get_object (applicant), "phone");
  g_assert_true (g_str_has_prefix (phone, "+7"));

  mfc_query_add (by_phone, "phone", phone);
  found = client_page (client, by_phone, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (found); i++)
    {
      JsonObject *item = json_array_get_object_element (found, i);

      g_assert_cmpstr (json_object_get_string_member (item, "phone"), ==, phone);
      seen |= g_str_equal (json_object_get_string_member (item, "id"), "17");
    }
  g_assert_true (seen);
}

/* An id is one segment: "../tickets" cannot walk to another resource
 * (which would answer 200 with a list). */
static void
test_round_trip_segment (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(MfcClient) client = signed_in_client (f);
  static const char *hostile[] = { "../tickets", "..", "17?limit=1", "17/../../tickets" };

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/applicants");
      g_autoptr(MfcClientResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      mfc_query_add_segment (query, hostile[i]);
      response = client_call (client, "GET", query, NULL, &error);
      if (response != NULL)
        g_error ("GET /api/v1/applicants/<%s> answered %u", hostile[i],
                 mfc_client_response_get_status (response));
      /* 404, or 400 for an id that is not one: the same resource, refused */
      g_assert_nonnull (error);
      if (!g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_NOT_FOUND) &&
          !(g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_VALIDATION) &&
            mfc_client_error_get_status (error) == 400))
        g_error ("GET /api/v1/applicants/<%s> failed otherwise: %s", hostile[i], error->message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/query/values", test_values);
  g_test_add_func ("/query/segments", test_segments);
  g_test_add_func ("/query/parameters", test_parameters);
  g_test_add_func ("/query/misuse", test_misuse);
  g_test_add_func ("/query/from-string/invalid", test_from_string_invalid);
  g_test_add_func ("/query/from-string/valid", test_from_string_valid);
  g_test_add ("/query/round-trip/search", Fixture, NULL,
              fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/query/round-trip/phone", Fixture, NULL,
              fixture_set_up, test_round_trip_phone, fixture_tear_down);
  g_test_add ("/query/round-trip/segment", Fixture, NULL,
              fixture_set_up, test_round_trip_segment, fixture_tear_down);

  return g_test_run ();
}
