/* test-service-catalog.c — the catalogue's pieces without a server: a
 * service read from the contract's JSON, what a search matches, the
 * per-clerk recent list, and MfcApplicant's JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "mfc-applicant.h"
#include "mfc-service-catalog.h"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static MfcService *
passport_service (void)
{
  g_autoptr(JsonObject) json = parse_object (
    "{\"id\":\"12\",\"title\":\"Замена паспорта гражданина РФ\","
    "\"category\":{\"id\":\"passport\",\"title\":\"Паспорт\"},"
    "\"required_documents\":[{\"title\":\"Заявление о выдаче (замене) паспорта\",\"mandatory\":true},"
    "{\"title\":\"Документ об уплате госпошлины\",\"mandatory\":false}],"
    "\"deadline_working_days\":10,\"bookable\":true,\"buffer_minutes\":5,\"version\":1}");
  g_autoptr(GError) error = NULL;
  MfcService *service = mfc_service_new_from_json (json, &error);

  g_assert_no_error (error);
  return service;
}

static void
test_service_json (void)
{
  g_autoptr(MfcService) service = passport_service ();
  g_autoptr(JsonObject) broken = parse_object ("{\"id\":\"12\",\"title\":\"Без категории\",\"required_documents\":[]}");
  g_autoptr(MfcService) none = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (mfc_service_get_id (service), ==, "12");
  g_assert_cmpstr (mfc_service_get_category_title (service), ==, "Паспорт");
  g_assert_cmpuint (mfc_service_get_deadline_working_days (service), ==, 10);
  g_assert_true (mfc_service_get_bookable (service));
  g_assert_cmpuint (mfc_service_get_n_required_documents (service), ==, 2);
  g_assert_true (mfc_service_get_required_document_mandatory (service, 0));
  g_assert_false (mfc_service_get_required_document_mandatory (service, 1));

  none = mfc_service_new_from_json (broken, &error);
  g_assert_null (none);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL);
}

static void
test_service_matches (void)
{
  g_autoptr(MfcService) service = passport_service ();
  static const struct { const char *search; gboolean match; } table[] = {
    { NULL, TRUE },
    { "", TRUE },
    { "  ", TRUE },
    { "паспорт", TRUE },
    { "ПАСПОРТ", TRUE },
    { "замен паспорт", TRUE },
    { "паспорт замен", TRUE },
    { "гражд", TRUE },
    { "рф", TRUE },
    { "12", TRUE },
    { "1", FALSE },
    { "спорт", FALSE },          /* inside a word, not its beginning */
    { "паспорт выдача", FALSE },
    { "загранпаспорт", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (mfc_service_matches (service, table[i].search) != table[i].match)
      g_error ("«%s»: expected %d", table[i].search, table[i].match);
}

static void
test_service_matches_yo (void)
{
  g_autoptr(JsonObject) json = parse_object (
    "{\"id\":\"40\",\"title\":\"Постановка на учёт в детский сад\","
    "\"category\":{\"id\":\"family\",\"title\":\"Семья и дети\"},\"required_documents\":[],"
    "\"deadline_working_days\":7,\"bookable\":false,\"buffer_minutes\":0,\"version\":1}");
  g_autoptr(MfcService) service = mfc_service_new_from_json (json, NULL);

  g_assert_true (mfc_service_matches (service, "учет"));
  g_assert_true (mfc_service_matches (service, "УЧЁТ сад"));
}

static void
test_recents (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-recents-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "recent.ini", NULL);
  g_autoptr(MfcRecentServices) memory = mfc_recent_services_new (NULL);
  g_autoptr(MfcRecentServices) file = mfc_recent_services_new (path);
  g_autoptr(MfcRecentServices) again = NULL;
  const char * const *ids;
  guint changed = 0;

  g_signal_connect_swapped (memory, "changed", G_CALLBACK (g_atomic_int_inc), &changed);
  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);

      mfc_recent_services_note (memory, id);
    }
  mfc_recent_services_note (memory, "5");
  g_assert_cmpuint (changed, ==, 13);

  ids = mfc_recent_services_get_ids (memory);
  g_assert_cmpuint (g_strv_length ((char **) ids), ==, MFC_RECENT_SERVICES_MAX);
  g_assert_cmpstr (ids[0], ==, "5");
  g_assert_cmpstr (ids[1], ==, "12");
  g_assert_cmpstr (ids[8], ==, "4");      /* 5 moved to the front, */
  g_assert_cmpstr (ids[9], ==, "3");      /* 1 and 2 fell off the end */
  for (guint i = 1; i < MFC_RECENT_SERVICES_MAX; i++)
    g_assert_cmpstr (ids[i], !=, "5");

  mfc_recent_services_set_clerk (file, "7");
  mfc_recent_services_note (file, "30");
  mfc_recent_services_set_clerk (file, "8");
  mfc_recent_services_note (file, "31");

  again = mfc_recent_services_new (path);
  mfc_recent_services_set_clerk (again, "7");
  g_assert_cmpstr (mfc_recent_services_get_ids (again)[0], ==, "30");
  g_assert_null (mfc_recent_services_get_ids (again)[1]);
  mfc_recent_services_set_clerk (again, "8");
  g_assert_cmpstr (mfc_recent_services_get_ids (again)[0], ==, "31");

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_applicant_json (void)
{
  static const char json[] =
    "{\"id\":\"17\",\"surname\":\"Иванова\",\"given_name\":\"Мария\",\"patronymic\":null,"
    "\"full_name\":\"Иванова Мария\",\"birth_date\":\"1984-05-17\",\"snils\":\"11223344595\","
    "\"inn\":null,\"passport\":{\"series\":\"5004\",\"number\":\"123456\","
    "\"issued_by\":\"ГУ МВД России по Учебной области\",\"issue_date\":\"2019-06-03\","
    "\"division_code\":\"540-001\"},\"phone\":\"+79131234567\",\"email\":null,\"address\":null,"
    "\"consent\":{\"given\":true,\"given_at\":\"2026-11-23T17:40:00+07:00\",\"clerk_id\":\"3\"},"
    "\"created_at\":\"2026-11-23T17:40:00+07:00\",\"updated_at\":\"2026-11-23T17:40:00+07:00\","
    "\"version\":4}";
  g_autoptr(JsonObject) in = parse_object (json);
  g_autoptr(JsonObject) no_snils = parse_object ("{\"id\":\"1\",\"surname\":\"А\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcApplicant) applicant = mfc_applicant_new_from_json (in, &error);
  g_autoptr(MfcApplicant) broken = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(JsonNode) in_node = json_node_init_object (json_node_alloc (), in);
  g_autoptr(JsonNode) out_node = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *passport_series = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (mfc_applicant_get_full_name (applicant), ==, "Иванова Мария");
  g_assert_null (mfc_applicant_get_field (applicant, MFC_APPLICANT_PATRONYMIC));
  g_assert_cmpstr (mfc_applicant_get_field (applicant, MFC_APPLICANT_PASSPORT_DIVISION_CODE), ==, "540-001");
  g_assert_true (mfc_applicant_get_consent_given (applicant));
  g_assert_cmpint (mfc_applicant_get_version (applicant), ==, 4);
  etag = mfc_applicant_dup_etag (applicant);
  g_assert_cmpstr (etag, ==, "\"4\"");
  g_object_get (applicant, "passport-series", &passport_series, NULL);
  g_assert_cmpstr (passport_series, ==, "5004");

  out = mfc_applicant_to_json (applicant);
  out_node = json_node_init_object (json_node_alloc (), out);
  g_assert_true (json_node_equal (in_node, out_node));

  broken = mfc_applicant_new_from_json (no_snils, &error);
  g_assert_null (broken);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service-catalog/service-json", test_service_json);
  g_test_add_func ("/service-catalog/service-matches", test_service_matches);
  g_test_add_func ("/service-catalog/service-matches-yo", test_service_matches_yo);
  g_test_add_func ("/service-catalog/recents", test_recents);
  g_test_add_func ("/service-catalog/applicant-json", test_applicant_json);

  return g_test_run ();
}
