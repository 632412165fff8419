/* test-booking-time.c — the client's time arithmetic for offices far from
 * the desktop's zone (Калининград UTC+2, Камчатка UTC+12): «open now»,
 * «открыто до / откроется в», slots grouped by the office's dates, the
 * three nearest alternatives after a 409, and the talon (number, office
 * time, QR, ОБРАЗЕЦ) read back from its PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mfc-office.h"
#include "mfc-slot-list.h"
#include "mfc-talon.h"
#include "mfc-print-pdf.h"
#include "printing-test-util.h"

static JsonObject *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static MfcOffice *
office_in (const char *zone)
{
  g_autofree char *text = g_strdup_printf (
    "{\"id\": \"7\", \"name\": \"МФЦ «Мои документы» г. Дальнеучебска\","
    " \"address\": \"ул. Ленина, д. 1\", \"phone\": \"+73832000007\","
    " \"lat\": 55.0, \"lon\": 83.0, \"timezone\": \"%s\","
    " \"hours\": ["
    "  {\"weekday\": 1, \"open\": \"09:00\", \"close\": \"20:00\", \"break_start\": \"13:00\", \"break_end\": \"14:00\"},"
    "  {\"weekday\": 2, \"open\": \"09:00\", \"close\": \"20:00\", \"break_start\": \"13:00\", \"break_end\": \"14:00\"},"
    "  {\"weekday\": 3, \"open\": \"09:00\", \"close\": \"20:00\", \"break_start\": \"13:00\", \"break_end\": \"14:00\"},"
    "  {\"weekday\": 4, \"open\": \"09:00\", \"close\": \"20:00\", \"break_start\": \"13:00\", \"break_end\": \"14:00\"},"
    "  {\"weekday\": 5, \"open\": \"09:00\", \"close\": \"18:00\", \"break_start\": null, \"break_end\": null}],"
    " \"services\": [\"1\", \"12\"], \"windows_open\": 2, \"windows_total\": 4, \"waiting\": 9,"
    " \"average_wait_minutes\": 21, \"online_booking\": true, \"distance_km\": null, \"version\": 3}", zone);
  g_autoptr(JsonObject) json = parse (text);
  g_autoptr(GError) error = NULL;
  MfcOffice *office = mfc_office_new_from_json (json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (office);
  return office;
}

static GDateTime *
utc (const char *iso)
{
  GDateTime *t = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (t);
  return t;
}

typedef struct { const char *zone, *instant, *status; gboolean open; } StatusCase;

static void
test_status_far_zones (void)
{
  /* 2026-12-02 is a Wednesday.  The desktop's zone plays no part: the
   * same UTC instants are shown in each office's clock. */
  static const StatusCase cases[] = {
    /* 06:30 UTC = 08:30 Калининград: before opening */
    { "Europe/Kaliningrad", "2026-12-02T06:30:00Z", "Закрыто, откроется в 9:00", FALSE },
    /* = 18:30 Камчатка: open until 20:00 */
    { "Asia/Kamchatka",     "2026-12-02T06:30:00Z", "Открыто до 20:00", TRUE },
    /* 11:30 UTC = 13:30 Калининград: lunch */
    { "Europe/Kaliningrad", "2026-12-02T11:30:00Z", "Перерыв до 14:00", FALSE },
    /* 08:10 UTC = 10:10 Калининград: open until the break */
    { "Europe/Kaliningrad", "2026-12-02T08:10:00Z", "Открыто до 13:00", TRUE },
    /* = 20:10 Камчатка Wednesday: closed, tomorrow 9:00 */
    { "Asia/Kamchatka",     "2026-12-02T08:10:00Z", "Закрыто, откроется завтра в 9:00", FALSE },
    /* Friday 2026-12-04 12:00 UTC = Saturday 00:00 Камчатка: next Monday */
    { "Asia/Kamchatka",     "2026-12-04T12:00:00Z", "Закрыто, откроется в пн в 9:00", FALSE },
    /* = Friday 14:00 Калининград, open until 18:00 (no break on Friday) */
    { "Europe/Kaliningrad", "2026-12-04T12:00:00Z", "Открыто до 18:00", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MfcOffice) office = office_in (cases[i].zone);
      g_autoptr(GDateTime) at = utc (cases[i].instant);
      g_autofree char *status = mfc_office_describe_status (office, at);

      g_test_message ("%s at %s: %s", cases[i].zone, cases[i].instant, status);
      g_assert_cmpstr (status, ==, cases[i].status);
      g_assert_cmpint (mfc_office_is_open_at (office, at), ==, cases[i].open);
    }
}

static void
test_zone_label (void)
{
  g_autoptr(MfcOffice) kamchatka = office_in ("Asia/Kamchatka");
  g_autoptr(MfcOffice) kaliningrad = office_in ("Europe/Kaliningrad");
  g_autoptr(GDateTime) at = utc ("2026-12-02T06:30:00Z");
  g_autoptr(GTimeZone) novosibirsk = g_time_zone_new_identifier ("Asia/Novosibirsk");
  g_autoptr(GTimeZone) petropavlovsk = g_time_zone_new_identifier ("Asia/Kamchatka");
  g_autofree char *label = mfc_office_describe_zone (kamchatka, at);
  g_autofree char *label2 = mfc_office_describe_zone (kaliningrad, at);
  g_autofree char *hours = mfc_office_describe_hours (kaliningrad, 1);
  g_autofree char *friday = mfc_office_describe_hours (kaliningrad, 5);
  g_autofree char *sunday = mfc_office_describe_hours (kaliningrad, 7);

  g_assert_cmpstr (label, ==, "Время офиса: UTC+12 (Asia/Kamchatka), сейчас 18:30");
  g_assert_cmpstr (label2, ==, "Время офиса: UTC+2 (Europe/Kaliningrad), сейчас 8:30");
  g_assert_true (mfc_office_zone_differs (kamchatka, novosibirsk, at));
  g_assert_false (mfc_office_zone_differs (kamchatka, petropavlovsk, at));
  g_assert_cmpstr (hours, ==, "9:00–20:00, перерыв 13:00–14:00");
  g_assert_cmpstr (friday, ==, "9:00–18:00");
  g_assert_cmpstr (sunday, ==, "выходной");
  /* 21 minutes on average: over the 15-minute standard, red. */
  g_assert_true (mfc_office_get_over_standard (kamchatka));
  g_assert_cmpint (mfc_office_get_load (kamchatka), ==, MFC_OFFICE_LOAD_HIGH);
}

static void
test_load_event (void)
{
  g_autoptr(MfcOffice) office = office_in ("Asia/Kamchatka");
  g_autoptr(JsonObject) other = parse ("{\"office_id\": \"8\", \"windows_open\": 4, \"windows_total\": 4,"
                                       " \"waiting\": 0, \"average_wait_minutes\": 0}");
  g_autoptr(JsonObject) mine = parse ("{\"office_id\": \"7\", \"windows_open\": 4, \"windows_total\": 4,"
                                      " \"waiting\": 3, \"average_wait_minutes\": 12}");

  g_assert_false (mfc_office_apply_load (office, other));
  g_assert_true (mfc_office_apply_load (office, mine));
  g_assert_cmpuint (mfc_office_get_waiting (office), ==, 3);
  g_assert_cmpuint (mfc_office_get_windows_open (office), ==, 4);
  g_assert_cmpint (mfc_office_get_load (office), ==, MFC_OFFICE_LOAD_MEDIUM);
  g_assert_false (mfc_office_get_over_standard (office));
  g_assert_false (mfc_office_apply_load (office, mine));
}

/* Slots as the service sends them for a Камчатка office. */
static const char kamchatka_slots[] =
  "{\"office_id\": \"7\", \"service_id\": \"12\", \"timezone\": \"Asia/Kamchatka\", \"items\": ["
  " {\"start\": \"2026-12-03T09:00:00+12:00\", \"end\": \"2026-12-03T09:15:00+12:00\", \"capacity\": 2, \"free\": 0},"
  " {\"start\": \"2026-12-03T09:20:00+12:00\", \"end\": \"2026-12-03T09:35:00+12:00\", \"capacity\": 2, \"free\": 1},"
  " {\"start\": \"2026-12-03T09:40:00+12:00\", \"end\": \"2026-12-03T09:55:00+12:00\", \"capacity\": 2, \"free\": 2},"
  " {\"start\": \"2026-12-03T10:00:00+12:00\", \"end\": \"2026-12-03T10:15:00+12:00\", \"capacity\": 2, \"free\": 0},"
  " {\"start\": \"2026-12-03T10:20:00+12:00\", \"end\": \"2026-12-03T10:35:00+12:00\", \"capacity\": 2, \"free\": 2},"
  " {\"start\": \"2026-12-03T14:00:00+12:00\", \"end\": \"2026-12-03T14:15:00+12:00\", \"capacity\": 2, \"free\": 2},"
  " {\"start\": \"2026-12-07T09:00:00+12:00\", \"end\": \"2026-12-07T09:15:00+12:00\", \"capacity\": 2, \"free\": 2}]}";

static void
test_slots_office_dates (void)
{
  g_autoptr(JsonObject) json = parse (kamchatka_slots);
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcSlotList) slots = mfc_slot_list_new_from_json (json, &error);
  const MfcSlot *first;
  g_autofree char *time = NULL;
  g_autoptr(GDateTime) week = NULL;
  g_autoptr(GDateTime) at = utc ("2026-12-02T22:00:00Z");  /* Wednesday in UTC, Thursday 10:00 in Камчатка */
  g_autofree char *when = NULL;
  g_autofree char *from_utc = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (mfc_slot_list_get_n_slots (slots), ==, 7);
  g_assert_cmpstr (mfc_slot_list_get_timezone_id (slots), ==, "Asia/Kamchatka");

  /* «первое свободное»: the first with a free place, not the first. */
  g_assert_cmpint (mfc_slot_list_find_first_free (slots), ==, 1);
  first = mfc_slot_list_get_slot (slots, 1);
  time = mfc_slot_format_time (first);
  g_assert_cmpstr (time, ==, "09:20");
  /* On the office's calendar it is Thursday the 3rd, although it is still
   * the 2nd in UTC and in Калининград. */
  g_assert_cmpint (g_date_time_get_day_of_month (first->start), ==, 3);
  g_assert_cmpint (g_date_time_get_day_of_week (first->start), ==, 4);
  g_assert_cmpstr (first->start_text, ==, "2026-12-03T09:20:00+12:00");

  /* The week grid starts on the office's Monday. */
  week = mfc_slot_list_week_start (at, mfc_slot_list_get_timezone (slots));
  g_assert_cmpint (g_date_time_get_day_of_month (week), ==, 30);
  g_assert_cmpint (g_date_time_get_month (week), ==, 11);
  g_assert_cmpint (g_date_time_get_hour (week), ==, 0);
  g_assert_cmpint (g_date_time_get_utc_offset (week) / G_TIME_SPAN_HOUR, ==, 12);

  /* A slot found by an instant in another zone (a booking's answer). */
  {
    g_autoptr(GDateTime) same = utc ("2026-12-02T21:40:00Z");
    g_assert_cmpint (mfc_slot_list_find_start (slots, same), ==, 2);
  }

  when = mfc_slot_format_when (first->start, mfc_slot_list_get_timezone (slots));
  g_assert_cmpstr (when, ==, "3 декабря 2026, 09:20 (UTC+12)");
  /* The same instant given in UTC is still printed on the office's clock. */
  {
    g_autoptr(GDateTime) same = utc ("2026-12-02T21:20:00Z");
    from_utc = mfc_slot_format_when (same, mfc_slot_list_get_timezone (slots));
  }
  g_assert_cmpstr (from_utc, ==, when);
}

static void
test_nearest_alternatives (void)
{
  g_autoptr(JsonObject) json = parse (kamchatka_slots);
  g_autoptr(MfcSlotList) slots = mfc_slot_list_new_from_json (json, NULL);
  g_autoptr(GDateTime) taken = g_date_time_new_from_iso8601 ("2026-12-03T10:00:00+12:00", NULL);
  g_autoptr(GDateTime) taken2 = g_date_time_new_from_iso8601 ("2026-12-03T09:40:00+12:00", NULL);
  guint indices[3];
  guint n;

  /* 10:00 was taken: 09:40 and 10:20 (20 min away), then 09:20 (40 min);
   * never the full 09:00, never a slot days away while nearer ones exist. */
  n = mfc_slot_list_nearest_free (slots, taken, 3, indices);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (indices[0], ==, 1);
  g_assert_cmpuint (indices[1], ==, 2);
  g_assert_cmpuint (indices[2], ==, 4);

  /* The wanted slot itself is never offered back. */
  n = mfc_slot_list_nearest_free (slots, taken2, 3, indices);
  g_assert_cmpuint (n, ==, 3);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (indices[i], !=, 2);
}

static void
test_broken_slots (void)
{
  g_autoptr(JsonObject) json = parse ("{\"office_id\": \"7\", \"service_id\": \"12\", \"timezone\": \"Mars/Olympus\", \"items\": []}");
  g_autoptr(JsonObject) json2 = parse ("{\"office_id\": \"7\", \"service_id\": \"12\", \"timezone\": \"UTC\","
                                       " \"items\": [{\"start\": \"tomorrow\", \"end\": \"later\"}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcSlotList) a = mfc_slot_list_new_from_json (json, &error);
  g_autoptr(MfcSlotList) b = NULL;

  g_assert_null (a);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL);
  g_clear_error (&error);
  b = mfc_slot_list_new_from_json (json2, &error);
  g_assert_null (b);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL);
}

static void
test_talon_pdf (PrintingFixture *f,
                gconstpointer    data)
{
  g_autoptr(JsonObject) appointment = parse (
    "{\"id\": \"311\", \"talon_code\": \"К-017\", \"status\": \"booked\","
    " \"office\": {\"id\": \"7\", \"name\": \"МФЦ г. Дальнеучебска\", \"address\": \"ул. Ленина, д. 1\", \"timezone\": \"Asia/Kamchatka\"},"
    " \"service\": {\"id\": \"12\", \"title\": \"Замена паспорта гражданина РФ\"},"
    " \"applicant\": {\"id\": \"17\", \"full_name\": \"Иванова Мария Петровна\"},"
    " \"start\": \"2026-12-02T21:20:00Z\", \"end\": \"2026-12-02T21:35:00Z\","
    " \"created_at\": \"2026-12-01T10:00:00+07:00\", \"created_by\": {\"id\": \"3\", \"full_name\": \"Оператор\"},"
    " \"updated_at\": \"2026-12-01T10:00:00+07:00\", \"cancelled_at\": null, \"cancelled_by\": null,"
    " \"cancel_reason\": null, \"version\": 1}");
  const char * const documents[] = { "Паспорт гражданина РФ", "Фотография 35×45 мм", NULL };
  g_autoptr(MfcPrintDocument) doc = mfc_talon_build (appointment, documents, "Оператор Петрова", TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *qr = NULL;
  g_autofree char *name = mfc_talon_suggest_file_name (appointment);

  g_assert_cmpstr (name, ==, "Талон К-017.pdf");
  g_assert_true (mfc_print_document_write_pdf (doc, f->pdf, &error));
  g_assert_no_error (error);
  text = printing_test_pdf_text (f->pdf, 1);
  flat = printing_test_squeeze (text);
  g_test_message ("%s", flat);
  g_assert_nonnull (strstr (flat, "К-017"));
  /* On the office's clock (UTC+12), though the service said Z (the
   * squeezed text has no spaces). */
  g_assert_nonnull (strstr (flat, "3декабря2026,09:20(UTC+12)"));
  g_assert_nonnull (strstr (flat, "ПаспортгражданинаРФ"));
  g_assert_nonnull (strstr (flat, "ОБРАЗЕЦ"));
  qr = printing_test_decode_qr (f->pdf, f->dir);
  g_assert_cmpstr (qr, ==, "MFC-APPT:311:%D0%9A-017");
}

/* «Не пришёл» only for a visit still booked whose time has come (the
 * service refuses it otherwise), in any zone the start is written in. */
static void
test_no_show_allowed (void)
{
  static const struct {
    const char *json;
    gboolean    allowed;
  } cases[] = {
    { "{\"status\": \"booked\", \"start\": \"2026-12-03T09:00:00+12:00\"}", TRUE },   /* 21:00 UTC the day before */
    { "{\"status\": \"booked\", \"start\": \"2026-12-03T10:00:00Z\"}", TRUE },        /* the very minute */
    { "{\"status\": \"booked\", \"start\": \"2026-12-03T10:01:00Z\"}", FALSE },
    { "{\"status\": \"booked\", \"start\": \"2026-12-03T12:30:00+02:00\"}", FALSE },  /* Калининград, 10:30 UTC */
    { "{\"status\": \"cancelled\", \"start\": \"2026-12-03T08:00:00Z\"}", FALSE },
    { "{\"status\": \"no_show\", \"start\": \"2026-12-03T08:00:00Z\"}", FALSE },
    { "{\"status\": \"booked\", \"start\": \"вчера\"}", FALSE },
    { "{\"status\": \"booked\"}", FALSE },
    { "{\"start\": \"2026-12-03T08:00:00Z\"}", FALSE },
  };
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-03T10:00:00Z", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) appointment = parse (cases[i].json);

      g_test_message ("%s", cases[i].json);
      g_assert_cmpint (mfc_appointment_no_show_allowed (appointment, now), ==, cases[i].allowed);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  printing_test_use_russian ();
  g_test_add_func ("/booking/time/status-far-zones", test_status_far_zones);
  g_test_add_func ("/booking/time/zone-label", test_zone_label);
  g_test_add_func ("/booking/time/load-event", test_load_event);
  g_test_add_func ("/booking/time/slots-office-dates", test_slots_office_dates);
  g_test_add_func ("/booking/time/nearest-alternatives", test_nearest_alternatives);
  g_test_add_func ("/booking/time/broken-slots", test_broken_slots);
  g_test_add_func ("/booking/time/no-show-allowed", test_no_show_allowed);
  PRINTING_TEST_ADD ("/booking/time/talon-pdf", test_talon_pdf);
  return g_test_run ();
}
