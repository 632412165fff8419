/* test-training-booking.c — offices, slots and appointments: capacity,
 * slot_taken, the 24-hour rule with the supervisor's override, moves and
 * no-shows.  The server's clock is Monday 23 November 2026, 10:00 (+07).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-training-common.h"

static Reply *
slots (Fixture    *f,
       const char *token,
       const char *day)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/offices/1/slots?service=1&from=%sT00:00:00%%2B07:00"
                                           "&to=%sT23:59:00%%2B07:00", day, day);

  return call (f, "GET", path, token, NULL, NULL);
}

/* The first slot of @day at or after @hhmm with a free place */
static char *
free_slot (Fixture    *f,
           const char *token,
           const char *day,
           const char *hhmm,
           int        *free_places)
{
  g_autoptr(Reply) r = slots (f, token, day);
  g_autofree char *after = g_strdup_printf ("%sT%s", day, hhmm);
  JsonArray *list;

  assert_status (r, 200);
  list = items (r);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *slot = json_array_get_object_element (list, i);
      const char *start = json_object_get_string_member (slot, "start");

      if (strcmp (start, after) >= 0 && json_object_get_int_member (slot, "free") > 0)
        {
          if (free_places != NULL)
            *free_places = json_object_get_int_member (slot, "free");
          return g_strdup (start);
        }
    }
  g_assert_not_reached ();
}

static Reply *
book (Fixture    *f,
      const char *token,
      const char *start,
      const char *applicant)
{
  g_autofree char *json = g_strdup_printf ("{\"office_id\":\"1\",\"service_id\":\"1\",\"applicant_id\":\"%s\","
                                           "\"start\":\"%s\"}", applicant, start);

  return post (f, "/api/v1/appointments", token, json);
}

static Reply *
cancel (Fixture    *f,
        const char *token,
        const char *id,
        const char *json)
{
  return post_action (f, token, "appointments", id, "cancel", json);
}

static void
test_slots (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(Reply) tuesday = slots (f, token, "2026-11-24");
  g_autoptr(Reply) sunday = slots (f, token, "2026-11-29");
  g_autoptr(Reply) holiday = slots (f, token, "2026-12-31");
  g_autoptr(Reply) first = call (f, "GET", "/api/v1/offices/1/slots?service=1&first_available=true",
                                 token, NULL, NULL);
  g_autoptr(Reply) too_long = call (f, "GET", "/api/v1/offices/1/slots?service=1&from=2026-11-24T00:00:00%2B07:00"
                                    "&to=2027-01-24T00:00:00%2B07:00", token, NULL, NULL);
  g_autoptr(Reply) no_service = call (f, "GET", "/api/v1/offices/1/slots", token, NULL, NULL);
  g_autoptr(Reply) no_office = call (f, "GET", "/api/v1/offices/99999/slots?service=1", token, NULL, NULL);
  JsonArray *list;

  assert_status (tuesday, 200);
  g_assert_cmpstr (str (tuesday, "timezone"), ==, "Asia/Novosibirsk");
  list = items (tuesday);
  g_assert_cmpuint (json_array_get_length (list), >, 20);
  /* 15 minutes of service and a 5-minute buffer, from 08:00 */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "start"),
                   ==, "2026-11-24T08:00:00+07:00");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "end"),
                   ==, "2026-11-24T08:15:00+07:00");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1), "start"),
                   ==, "2026-11-24T08:20:00+07:00");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *slot = json_array_get_object_element (list, i);
      const char *start = json_object_get_string_member (slot, "start");

      g_assert_false (g_str_has_prefix (start + 11, "13:"));
      g_assert_cmpint (json_object_get_int_member (slot, "free"), <=,
                       json_object_get_int_member (slot, "capacity"));
    }

  assert_status (sunday, 200);
  g_assert_cmpuint (json_array_get_length (items (sunday)), ==, 0);
  assert_status (holiday, 200);
  g_assert_cmpuint (json_array_get_length (items (holiday)), ==, 0);
  assert_status (first, 200);
  g_assert_cmpuint (json_array_get_length (items (first)), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items (first), 0), "free"), >=, 1);
  assert_error (too_long, 400, "bad_request");
  assert_error (no_service, 400, "bad_request");
  assert_error (no_office, 404, "not_found");
}

static void
test_slot_taken (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  int free_places = 0;
  g_autofree char *start = free_slot (f, token, "2026-11-26", "09:00", &free_places);
  g_autoptr(Reply) full = NULL;
  g_autoptr(Reply) not_slot = book (f, token, "2026-11-26T09:05:00+07:00", "3");
  g_autoptr(Reply) sunday = book (f, token, "2026-11-29T10:00:00+07:00", "3");
  g_autoptr(Reply) unknown = book (f, token, start, "999999");

  for (int i = 0; i < free_places; i++)
    {
      g_autofree char *applicant = g_strdup_printf ("%d", 10 + i);
      g_autoptr(Reply) r = book (f, token, start, applicant);

      assert_status (r, 201);
      g_assert_cmpstr (str (r, "status"), ==, "booked");
      g_assert_cmpstr (str (r, "start"), ==, start);
      g_assert_cmpstr (soup_message_headers_get_one (r->headers, "ETag"), ==, "\"1\"");
    }
  full = book (f, token, start, "30");
  assert_error (full, 409, "slot_taken");
  assert_error (not_slot, 422, "slot_unavailable");
  assert_error (sunday, 422, "slot_unavailable");
  assert_error (unknown, 422, "validation_failed");
}

static void
test_late_cancellation (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *clerk = login (f, "clerk", NULL);
  g_autofree char *supervisor = login (f, "supervisor", NULL);
  g_autofree char *start = free_slot (f, clerk, "2026-11-23", "15:00", NULL);
  g_autoptr(Reply) booked = book (f, clerk, start, "4");
  g_autoptr(Reply) by_clerk = NULL, no_reason = NULL, with_reason = NULL, twice = NULL, moved = NULL;
  const char *id;

  assert_status (booked, 201);
  id = str (booked, "id");

  by_clerk = cancel (f, clerk, id, "{}");
  assert_error (by_clerk, 403, "late_cancellation");
  {
    g_autofree char *trainer = login (f, "trainer", NULL);
    g_autoptr(Reply) by_trainer = cancel (f, trainer, id, "{\"reason\":\"Учебная отмена\"}");

    assert_error (by_trainer, 403, "late_cancellation");
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/appointments/%s", id);
    g_autofree char *to = free_slot (f, clerk, "2026-12-02", "10:00", NULL);
    g_autofree char *json = g_strdup_printf ("{\"start\":\"%s\"}", to);
    const char *headers[] = { "If-Match", "\"1\"", NULL };

    moved = call (f, "PATCH", path, clerk, json, headers);
    assert_error (moved, 403, "late_cancellation");
  }
  no_reason = cancel (f, supervisor, id, "{\"reason\":\" \"}");
  assert_error (no_reason, 422, "reason_required");
  with_reason = cancel (f, supervisor, id, "{\"reason\":\"Заявитель в больнице\"}");
  assert_status (with_reason, 200);
  g_assert_cmpstr (str (with_reason, "status"), ==, "cancelled");
  g_assert_cmpstr (str (with_reason, "cancel_reason"), ==, "Заявитель в больнице");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj (with_reason), "cancelled_by"),
                                                  "id"), ==, "2");
  twice = cancel (f, supervisor, id, "{\"reason\":\"ещё раз\"}");
  assert_error (twice, 409, "transition_not_allowed");
}

static void
test_early_cancel_and_move (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autofree char *start = free_slot (f, token, "2026-11-25", "10:00", NULL);
  g_autofree char *later = free_slot (f, token, "2026-11-27", "11:00", NULL);
  g_autoptr(Reply) booked = book (f, token, start, "5");
  g_autoptr(Reply) moved = NULL, stale = NULL, missing = NULL, cancelled = NULL, list = NULL, shown = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/appointments/%s", str (booked, "id"));
  g_autofree char *json = g_strdup_printf ("{\"start\":\"%s\"}", later);

  assert_status (booked, 201);
  {
    const char *headers[] = { "If-Match", "\"1\"", NULL };
    moved = call (f, "PATCH", path, token, json, headers);
    assert_status (moved, 200);
    g_assert_cmpstr (str (moved, "start"), ==, later);
    g_assert_cmpint (json_object_get_int_member (obj (moved), "version"), ==, 2);
    stale = call (f, "PATCH", path, token, json, headers);
    assert_error (stale, 412, "precondition_failed");
  }
  missing = call (f, "PATCH", path, token, json, NULL);
  assert_error (missing, 428, "precondition_required");

  cancelled = cancel (f, token, str (booked, "id"), "{}");
  assert_status (cancelled, 200);
  g_assert_cmpstr (str (cancelled, "status"), ==, "cancelled");
  g_assert_true (json_object_get_null_member (obj (cancelled), "cancel_reason"));

  list = call (f, "GET", "/api/v1/appointments?applicant=5&date=2026-11-27", token, NULL, NULL);
  assert_status (list, 200);
  g_assert_cmpuint (json_array_get_length (items (list)), >=, 1);
  shown = call (f, "GET", path, token, NULL, NULL);
  assert_status (shown, 200);
  g_assert_cmpstr (soup_message_headers_get_one (shown->headers, "ETag"), ==, "\"3\"");
}

static void
test_no_show (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autofree char *start = free_slot (f, token, "2026-11-23", "15:00", NULL);
  g_autoptr(Reply) booked = book (f, token, start, "6");
  g_autoptr(Reply) early = NULL, marked = NULL;
  g_autofree char *path = NULL;

  assert_status (booked, 201);
  path = g_strdup_printf ("/api/v1/appointments/%s/no-show", str (booked, "id"));
  early = post (f, path, token, NULL);
  assert_error (early, 409, "transition_not_allowed");

  /* 17:00 the same day: the visit's time has passed. */
  mfc_training_server_set_fake_time (f->server, TEST_NOW + 7 * 3600);
  marked = post (f, path, token, "{}");
  assert_status (marked, 200);
  g_assert_cmpstr (str (marked, "status"), ==, "no_show");
  mfc_training_server_set_fake_time (f->server, TEST_NOW);
}

static void
test_offices (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(Reply) near = call (f, "GET", "/api/v1/offices?near=55.0302,82.9204&radius_km=15", token, NULL, NULL);
  g_autoptr(Reply) bbox = call (f, "GET", "/api/v1/offices?bbox=54.9,82.7,55.2,83.2&limit=200", token, NULL, NULL);
  g_autoptr(Reply) open = call (f, "GET", "/api/v1/offices?open_now=true&limit=200", token, NULL, NULL);
  g_autoptr(Reply) q = call (f, "GET", "/api/v1/offices?q=%D0%BB%D0%B5%D0%BD%D0%B8%D0%BD%D1%81%D0%BA%D0%B8%D0%B9%20%D1%80%D0%B0%D0%B9%D0%BE%D0%BD", token, NULL, NULL);
  g_autoptr(Reply) one = call (f, "GET", "/api/v1/offices/1", token, NULL, NULL);
  g_autoptr(Reply) bad = call (f, "GET", "/api/v1/offices?bbox=1,2,3", token, NULL, NULL);
  g_autofree char *cursor = NULL;
  JsonArray *list;
  double last = 0;
  guint total = 0;
  gboolean office1_open = FALSE;

  assert_status (near, 200);
  list = items (near);
  g_assert_cmpuint (json_array_get_length (list), >, 3);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      double d = json_object_get_double_member (json_array_get_object_element (list, i), "distance_km");
      g_assert_cmpfloat (d, >=, last);
      g_assert_cmpfloat (d, <=, 15);
      last = d;
    }
  assert_status (bbox, 200);
  g_assert_cmpuint (json_array_get_length (items (bbox)), >=, 10);
  assert_status (open, 200);
  for (guint i = 0; i < json_array_get_length (items (open)); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items (open), i), "id"), "1"))
      office1_open = TRUE;
  g_assert_true (office1_open);
  assert_status (q, 200);
  g_assert_cmpuint (json_array_get_length (items (q)), ==, 2);
  assert_status (one, 200);
  g_assert_true (json_object_get_null_member (obj (one), "distance_km"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (one), "hours")), ==, 6);
  assert_error (bad, 400, "bad_request");

  /* Keyset paging walks every office exactly once. */
  do
    {
      g_autofree char *path = cursor != NULL ? g_strdup_printf ("/api/v1/offices?limit=7&cursor=%s", cursor)
                                             : g_strdup ("/api/v1/offices?limit=7");
      g_autoptr(Reply) page = call (f, "GET", path, token, NULL, NULL);
      JsonNode *next;

      assert_status (page, 200);
      total += json_array_get_length (items (page));
      next = json_object_get_member (obj (page), "next_cursor");
      g_clear_pointer (&cursor, g_free);
      if (!JSON_NODE_HOLDS_NULL (next))
        cursor = g_strdup (json_node_get_string (next));
    }
  while (cursor != NULL);
  g_assert_cmpuint (total, ==, 50);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/training/booking/slots", test_slots);
  ADD ("/training/booking/slot-taken", test_slot_taken);
  ADD ("/training/booking/late-cancellation", test_late_cancellation);
  ADD ("/training/booking/early-cancel-and-move", test_early_cancel_and_move);
  ADD ("/training/booking/no-show", test_no_show);
  ADD ("/training/booking/offices", test_offices);
#undef ADD

  return g_test_run ();
}
