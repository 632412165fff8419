/* test-training-booking.c — offices, slots and appointments: capacity,
 * buffers and lunch breaks, slot_taken, two clients racing for the last
 * place, the 24-hour rule with the supervisor's override (also for the far
 * zones, Калининград UTC+2 and Камчатка UTC+12), moves and no-shows; the
 * office list's filters and orders.  The server's clock is Monday 23 November 2026, 10:00 (+07).
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

/* The first service that @office provides and that can be booked. */
static char *
bookable_service (Fixture    *f,
                  const char *token,
                  const char *office)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/offices/%s", office);
  g_autoptr(Reply) o = call (f, "GET", path, token, NULL, NULL);
  g_autoptr(Reply) catalogue = call (f, "GET", "/api/v1/services?limit=200", token, NULL, NULL);
  JsonArray *provided;

  assert_status (o, 200);
  assert_status (catalogue, 200);
  provided = json_object_get_array_member (obj (o), "services");
  for (guint i = 0; i < json_array_get_length (provided); i++)
    for (guint k = 0; k < json_array_get_length (items (catalogue)); k++)
      {
        JsonObject *svc = json_array_get_object_element (items (catalogue), k);

        if (g_str_equal (json_object_get_string_member (svc, "id"), json_array_get_string_element (provided, i)) &&
            json_object_get_boolean_member (svc, "bookable"))
          return g_strdup (json_object_get_string_member (svc, "id"));
      }
  g_assert_not_reached ();
}

/* The office's far zone, by its id in the demo seed: the last two. */
static const char *
far_office (Fixture    *f,
            const char *token,
            const char *zone)
{
  g_autoptr(Reply) list = call (f, "GET", "/api/v1/offices?limit=200", token, NULL, NULL);
  static char id[16];

  assert_status (list, 200);
  for (guint i = 0; i < json_array_get_length (items (list)); i++)
    {
      JsonObject *o = json_array_get_object_element (items (list), i);

      if (g_str_equal (json_object_get_string_member (o, "timezone"), zone))
        {
          g_strlcpy (id, json_object_get_string_member (o, "id"), sizeof id);
          return id;
        }
    }
  g_assert_not_reached ();
}

/* "HH:MM" of @weekday's opening (or closing) in the office's hours */
static char *
hours_of (Fixture    *f,
          const char *token,
          const char *office,
          int         weekday,
          const char *member)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/offices/%s", office);
  g_autoptr(Reply) o = call (f, "GET", path, token, NULL, NULL);
  JsonArray *hours = json_object_get_array_member (obj (o), "hours");

  for (guint i = 0; i < json_array_get_length (hours); i++)
    {
      JsonObject *h = json_array_get_object_element (hours, i);

      if (json_object_get_int_member (h, "weekday") == weekday)
        return g_strdup (json_object_get_string_member (h, member));
    }
  g_assert_not_reached ();
}

static Reply *
day_slots (Fixture    *f,
           const char *token,
           const char *office,
           const char *service,
           const char *day,
           const char *offset)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/offices/%s/slots?service=%s&from=%sT00:00:00%%2B%s"
                                           "&to=%sT23:59:00%%2B%s", office, service, day, offset, day, offset);

  return call (f, "GET", path, token, NULL, NULL);
}

static Reply *
book_at (Fixture    *f,
         const char *token,
         const char *office,
         const char *service,
         const char *start,
         const char *applicant)
{
  g_autofree char *json = g_strdup_printf ("{\"office_id\":\"%s\",\"service_id\":\"%s\",\"applicant_id\":\"%s\","
                                           "\"start\":\"%s\"}", office, service, applicant, start);

  return post (f, "/api/v1/appointments", token, json);
}

/* Калининград (UTC+2) and Камчатка (UTC+12), with the server's clock at
 * 10:00 in Новосибирск (UTC+7): 05:00 in Калининград, before opening;
 * 15:00 on Камчатка, the afternoon. */
static void
test_far_time_zones (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *clerk = login (f, "clerk", NULL);
  g_autofree char *supervisor = login (f, "supervisor", NULL);
  const char *kgd = NULL, *kam = NULL;
  g_autofree char *kgd_id = NULL, *kam_id = NULL;
  g_autofree char *kgd_service = NULL, *kam_service = NULL;
  g_autofree char *kgd_open = NULL, *kam_open = NULL, *kam_close = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(Reply) kgd_today = NULL, kam_today = NULL, kam_tomorrow = NULL;
  g_autoptr(Reply) kam_booked = NULL, kgd_booked = NULL, kam_cancel = NULL, kam_override = NULL, kgd_cancel = NULL;
  JsonArray *list;

  kgd = far_office (f, clerk, "Europe/Kaliningrad");
  kgd_id = g_strdup (kgd);
  kam = far_office (f, clerk, "Asia/Kamchatka");
  kam_id = g_strdup (kam);
  kgd_service = bookable_service (f, clerk, kgd_id);
  kam_service = bookable_service (f, clerk, kam_id);
  kgd_open = hours_of (f, clerk, kgd_id, 1, "open");
  kam_open = hours_of (f, clerk, kam_id, 2, "open");
  kam_close = hours_of (f, clerk, kam_id, 1, "close");

  /* Калининград: today's first slot is its opening time, in +02:00. */
  kgd_today = day_slots (f, clerk, kgd_id, kgd_service, "2026-11-23", "02:00");
  assert_status (kgd_today, 200);
  g_assert_cmpstr (str (kgd_today, "timezone"), ==, "Europe/Kaliningrad");
  list = items (kgd_today);
  g_assert_cmpuint (json_array_get_length (list), >, 5);
  expected = g_strdup_printf ("2026-11-23T%s:00+02:00", kgd_open);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "start"), ==, expected);
  g_clear_pointer (&expected, g_free);

  /* Камчатка: today only after 15:00 local, none in the lunch break,
   * none after closing; tomorrow from its opening. */
  kam_today = day_slots (f, clerk, kam_id, kam_service, "2026-11-23", "12:00");
  assert_status (kam_today, 200);
  g_assert_cmpstr (str (kam_today, "timezone"), ==, "Asia/Kamchatka");
  list = items (kam_today);
  g_assert_cmpuint (json_array_get_length (list), >, 0);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *slot = json_array_get_object_element (list, i);
      const char *start = json_object_get_string_member (slot, "start");
      const char *end = json_object_get_string_member (slot, "end");
      g_autofree char *close = g_strdup_printf ("2026-11-23T%s:00+12:00", kam_close);

      g_assert_true (g_str_has_suffix (start, "+12:00"));
      g_assert_cmpstr (start, >, "2026-11-23T15:00:00+12:00");
      g_assert_cmpstr (end, <=, close);
    }
  kam_tomorrow = day_slots (f, clerk, kam_id, kam_service, "2026-11-24", "12:00");
  assert_status (kam_tomorrow, 200);
  list = items (kam_tomorrow);
  expected = g_strdup_printf ("2026-11-24T%s:00+12:00", kam_open);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "start"), ==, expected);

  /* The 24-hour rule counts real hours, whatever the zone: 09:00 tomorrow
   * on Камчатка is 21:00 UTC today, 18 hours away — late; 08:00 tomorrow
   * in Калининград is 06:00 UTC tomorrow, 27 hours away — not late. */
  kam_booked = book_at (f, clerk, kam_id, kam_service, expected, "7");
  assert_status (kam_booked, 201);
  g_assert_cmpstr (str (kam_booked, "start"), ==, expected);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj (kam_booked), "office"),
                                                  "timezone"), ==, "Asia/Kamchatka");
  kam_cancel = cancel (f, clerk, str (kam_booked, "id"), "{}");
  assert_error (kam_cancel, 403, "late_cancellation");
  kam_override = cancel (f, supervisor, str (kam_booked, "id"), "{\"reason\":\"Перенос рейса\"}");
  assert_status (kam_override, 200);
  g_assert_cmpstr (str (kam_override, "status"), ==, "cancelled");

  g_clear_pointer (&expected, g_free);
  g_free (kgd_open);
  kgd_open = hours_of (f, clerk, kgd_id, 2, "open");
  expected = g_strdup_printf ("2026-11-24T%s:00+02:00", kgd_open);
  kgd_booked = book_at (f, clerk, kgd_id, kgd_service, expected, "8");
  assert_status (kgd_booked, 201);
  g_assert_cmpstr (str (kgd_booked, "start"), ==, expected);
  kgd_cancel = cancel (f, clerk, str (kgd_booked, "id"), "{}");
  assert_status (kgd_cancel, 200);
  g_assert_cmpstr (str (kgd_cancel, "status"), ==, "cancelled");
}

/* Two clients book the last place of a slot at the same moment: one
 * gets it, the other 409 slot_taken, and the slot holds no more than its
 * capacity. */
typedef struct
{
  Fixture    *f;
  const char *token;
  char       *json;
  GMutex     *lock;
  GCond      *go;
  gboolean   *started;
  guint       status;
  char       *code;
} Racer;

static gpointer
racer_thread (gpointer data)
{
  Racer *r = data;
  Fixture own = { 0 };
  g_autoptr(Reply) reply = NULL;

  own.base_url = r->f->base_url;
  own.session = soup_session_new ();
  g_mutex_lock (r->lock);
  while (!*r->started)
    g_cond_wait (r->go, r->lock);
  g_mutex_unlock (r->lock);

  reply = post (&own, "/api/v1/appointments", r->token, r->json);
  r->status = reply->status;
  if (reply->status >= 400)
    r->code = g_strdup (error_code (reply));
  g_object_unref (own.session);

  return NULL;
}

static void
test_double_booking (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autofree char *other = login (f, "supervisor", NULL);
  static const char * const days[] = { "2026-11-30", "2026-12-01", "2026-12-02" };

  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      int free_places = 0;
      g_autofree char *start = free_slot (f, token, days[d], "11:00", &free_places);
      GMutex lock;
      GCond go;
      gboolean started = FALSE;
      Racer racers[2] = { { 0 } };
      GThread *threads[2];
      guint won = 0, lost = 0;

      /* Leave exactly one place. */
      for (int i = 0; i < free_places - 1; i++)
        {
          g_autofree char *applicant = g_strdup_printf ("%d", 40 + i);
          g_autoptr(Reply) r = book (f, token, start, applicant);

          assert_status (r, 201);
        }

      g_mutex_init (&lock);
      g_cond_init (&go);
      for (int k = 0; k < 2; k++)
        {
          racers[k].f = f;
          racers[k].token = k == 0 ? token : other;
          racers[k].json = g_strdup_printf ("{\"office_id\":\"1\",\"service_id\":\"1\",\"applicant_id\":\"%d\","
                                            "\"start\":\"%s\"}", 60 + k, start);
          racers[k].lock = &lock;
          racers[k].go = &go;
          racers[k].started = &started;
          threads[k] = g_thread_new ("racer", racer_thread, &racers[k]);
        }
      g_mutex_lock (&lock);
      started = TRUE;
      g_cond_broadcast (&go);
      g_mutex_unlock (&lock);
      for (int k = 0; k < 2; k++)
        {
          g_thread_join (threads[k]);
          if (racers[k].status == 201)
            won++;
          else
            {
              g_assert_cmpuint (racers[k].status, ==, 409);
              g_assert_cmpstr (racers[k].code, ==, "slot_taken");
              lost++;
            }
          g_free (racers[k].json);
          g_free (racers[k].code);
        }
      g_assert_cmpuint (won, ==, 1);
      g_assert_cmpuint (lost, ==, 1);
      g_mutex_clear (&lock);
      g_cond_clear (&go);

      /* The slot is full now, and was never over-booked. */
      {
        g_autoptr(Reply) r = slots (f, token, days[d]);
        JsonArray *list = items (r);

        for (guint i = 0; i < json_array_get_length (list); i++)
          {
            JsonObject *slot = json_array_get_object_element (list, i);

            if (g_str_equal (json_object_get_string_member (slot, "start"), start))
              g_assert_cmpint (json_object_get_int_member (slot, "free"), ==, 0);
          }
      }
    }
}

/* The filters and orders of the office list beside the map. */
static void
test_office_filters (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(Reply) all = call (f, "GET", "/api/v1/offices?limit=200", token, NULL, NULL);
  g_autoptr(Reply) online = call (f, "GET", "/api/v1/offices?online_booking=true&limit=200", token, NULL, NULL);
  g_autoptr(Reply) offline = call (f, "GET", "/api/v1/offices?online_booking=false&limit=200", token, NULL, NULL);
  g_autoptr(Reply) short_queue = call (f, "GET", "/api/v1/offices?max_waiting=10&limit=200", token, NULL, NULL);
  g_autoptr(Reply) by_service = call (f, "GET", "/api/v1/offices?service=1&limit=200", token, NULL, NULL);
  g_autoptr(Reply) by_district = NULL, by_address = NULL, by_load = NULL, by_slot = NULL, bad_sort = NULL;
  g_autoptr(Reply) no_near = NULL, no_service = NULL, bad_waiting = NULL, card = NULL, card_plain = NULL;
  g_autoptr(Reply) first = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *list;
  gint64 last_key = -1;
  guint n_all, n_online, n_offline;

  assert_status (all, 200);
  n_all = json_array_get_length (items (all));
  g_assert_cmpuint (n_all, ==, 50);

  /* online_booking splits the offices in two */
  assert_status (online, 200);
  assert_status (offline, 200);
  n_online = json_array_get_length (items (online));
  n_offline = json_array_get_length (items (offline));
  g_assert_cmpuint (n_online + n_offline, ==, n_all);
  g_assert_cmpuint (n_offline, >, 0);
  for (guint i = 0; i < n_online; i++)
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (items (online), i),
                                                   "online_booking"));

  /* waiting below N */
  assert_status (short_queue, 200);
  list = items (short_queue);
  g_assert_cmpuint (json_array_get_length (list), >, 0);
  g_assert_cmpuint (json_array_get_length (list), <, n_all);
  for (guint i = 0; i < json_array_get_length (list); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, i), "waiting"), <, 10);

  /* service */
  assert_status (by_service, 200);
  list = items (by_service);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonArray *provided = json_object_get_array_member (json_array_get_object_element (list, i), "services");
      gboolean has = FALSE;

      for (guint k = 0; k < json_array_get_length (provided); k++)
        has |= g_str_equal (json_array_get_string_element (provided, k), "1");
      g_assert_true (has);
    }

  /* q by district (a town's) and by a street of the address */
  by_district = call (f, "GET", "/api/v1/offices?q=%D0%B1%D0%B0%D1%80%D0%B0%D0%B1%D0%B8%D0%BD%D1%81%D0%BA%D0%B8%D0%B9"
                      "%20%D1%80%D0%B0%D0%B9%D0%BE%D0%BD", token, NULL, NULL);   /* барабинский район */
  assert_status (by_district, 200);
  g_assert_cmpuint (json_array_get_length (items (by_district)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items (by_district), 0), "district"),
                   ==, "Барабинский район");
  {
    JsonObject *o = json_array_get_object_element (items (all), 0);
    g_auto(GStrv) parts = g_strsplit (json_object_get_string_member (o, "address"), ", ", -1);
    const char *street = parts[g_strv_length (parts) - 2];
    g_autofree char *escaped = g_uri_escape_string (street, NULL, FALSE);
    g_autofree char *path = g_strdup_printf ("/api/v1/offices?q=%s&limit=200", escaped);
    gboolean found = FALSE;

    by_address = call (f, "GET", path, token, NULL, NULL);
    assert_status (by_address, 200);
    for (guint i = 0; i < json_array_get_length (items (by_address)); i++)
      found |= g_str_equal (json_object_get_string_member (json_array_get_object_element (items (by_address), i), "id"),
                            json_object_get_string_member (o, "id"));
    g_assert_true (found);
  }

  /* sort=load: by average wait, then waiting; load follows the standard */
  by_load = call (f, "GET", "/api/v1/offices?sort=load&limit=200", token, NULL, NULL);
  assert_status (by_load, 200);
  list = items (by_load);
  g_assert_cmpuint (json_array_get_length (list), ==, n_all);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);
      gint64 wait = json_object_get_int_member (o, "average_wait_minutes");
      gint64 key = wait * 100000 + json_object_get_int_member (o, "waiting");
      const char *load = json_object_get_string_member (o, "load");

      g_assert_cmpint (key, >=, last_key);
      last_key = key;
      g_assert_cmpstr (load, ==, wait > 15 ? "high" : wait >= 10 ? "medium" : "low");
    }

  /* sort=first_free_slot: earliest first, nulls last; each office's value
   * is what its slots say */
  by_slot = call (f, "GET", "/api/v1/offices?service=1&sort=first_free_slot&limit=200", token, NULL, NULL);
  assert_status (by_slot, 200);
  list = items (by_slot);
  {
    gint64 last = 0;
    gboolean null_seen = FALSE;

    for (guint i = 0; i < json_array_get_length (list); i++)
      {
        JsonObject *o = json_array_get_object_element (list, i);
        JsonNode *next = json_object_get_member (o, "next_free_slot");
        g_autoptr(GDateTime) t = NULL;

        if (JSON_NODE_HOLDS_NULL (next))
          {
            null_seen = TRUE;
            continue;
          }
        g_assert_false (null_seen);
        t = g_date_time_new_from_iso8601 (json_node_get_string (next), NULL);
        g_assert_nonnull (t);
        g_assert_cmpint (g_date_time_to_unix (t), >=, last);
        g_assert_cmpint (g_date_time_to_unix (t), >, TEST_NOW);
        last = g_date_time_to_unix (t);
      }
  }
  first = call (f, "GET", "/api/v1/offices/1/slots?service=1&first_available=true", token, NULL, NULL);
  card = call (f, "GET", "/api/v1/offices/1?service=1", token, NULL, NULL);
  card_plain = call (f, "GET", "/api/v1/offices/1", token, NULL, NULL);
  assert_status (card, 200);
  g_assert_cmpstr (str (card, "next_free_slot"), ==,
                   json_object_get_string_member (json_array_get_object_element (items (first), 0), "start"));
  g_assert_true (json_object_get_null_member (obj (card_plain), "next_free_slot"));
  g_assert_cmpstr (str (card, "district"), ==, "Центральный район");
  g_assert_true (json_object_get_boolean_member (obj (card), "open_now"));   /* Monday 10:00 */

  bad_sort = call (f, "GET", "/api/v1/offices?sort=rating", token, NULL, NULL);
  assert_error (bad_sort, 400, "bad_request");
  no_near = call (f, "GET", "/api/v1/offices?sort=distance", token, NULL, NULL);
  assert_error (no_near, 400, "bad_request");
  no_service = call (f, "GET", "/api/v1/offices?sort=first_free_slot", token, NULL, NULL);
  assert_error (no_service, 400, "bad_request");
  bad_waiting = call (f, "GET", "/api/v1/offices?max_waiting=many", token, NULL, NULL);
  assert_error (bad_waiting, 400, "bad_request");

  /* Paging in the load order walks every office once (the load timer
   * may move an office between pages; the ids stay distinct). */
  mfc_training_server_set_load_interval (f->server, 0);
  do
    {
      g_autofree char *path = cursor != NULL ? g_strdup_printf ("/api/v1/offices?sort=load&limit=7&cursor=%s", cursor)
                                             : g_strdup ("/api/v1/offices?sort=load&limit=7");
      g_autoptr(Reply) page = call (f, "GET", path, token, NULL, NULL);
      JsonNode *next;

      assert_status (page, 200);
      for (guint i = 0; i < json_array_get_length (items (page)); i++)
        g_assert_true (g_hash_table_add (seen, g_strdup (json_object_get_string_member (
                                                 json_array_get_object_element (items (page), i), "id"))));
      next = json_object_get_member (obj (page), "next_cursor");
      g_clear_pointer (&cursor, g_free);
      if (!JSON_NODE_HOLDS_NULL (next))
        cursor = g_strdup (json_node_get_string (next));
    }
  while (cursor != NULL);
  g_assert_cmpuint (g_hash_table_size (seen), ==, n_all);
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
  ADD ("/training/booking/far-time-zones", test_far_time_zones);
  ADD ("/training/booking/double-booking", test_double_booking);
  ADD ("/training/booking/office-filters", test_office_filters);
#undef ADD

  return g_test_run ();
}
