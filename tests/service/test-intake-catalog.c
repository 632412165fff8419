/* test-intake-catalog.c — the service catalogue, the required-documents
 * checklist and the autofill of a returning applicant's service, against
 * the real training server (its clock: Monday 23.11.2026).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sys/stat.h>

#include "mfc-checklist.h"
#include "mfc-service-catalog.h"

#include "test-intake-common.h"

#define PASSPORT_SERVICE "Замена паспорта гражданина РФ"

static MfcServiceCatalog *
loaded_catalog (MfcClient         *client,
                MfcRecentServices *recents)
{
  g_autoptr(MfcServiceCatalog) catalog = mfc_service_catalog_new (client, recents);
  g_autoptr(GAsyncResult) slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mfc_service_catalog_load_async (catalog, NULL, store_result_cb, &slot);
  result = wait_result (&slot, "the catalogue");
  g_assert_true (mfc_service_catalog_load_finish (catalog, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&catalog);
}

static MfcService *
service_at (MfcServiceCatalog *catalog,
            guint              position)
{
  g_autoptr(MfcService) service = g_list_model_get_item (G_LIST_MODEL (catalog), position);

  g_assert_nonnull (service);
  return service;   /* the catalogue keeps its own reference */
}

static MfcService *
find_by_title (MfcServiceCatalog *catalog,
               const char        *title)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    if (g_str_equal (mfc_service_get_title (service_at (catalog, i)), title))
      return service_at (catalog, i);

  g_error ("No service «%s» in the catalogue", title);
}

static guint
server_count (Fixture    *f,
              const char *token,
              const char *path)
{
  g_autoptr(Reply) r = call (f, "GET", path, token, NULL, NULL);

  assert_status (r, 200);
  g_assert_true (json_object_get_null_member (obj (r), "next_cursor"));
  return json_array_get_length (items (r));
}

static void
test_load_and_search (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autoptr(MfcServiceCatalog) catalog = loaded_catalog (client, NULL);
  guint n_services = server_count (f, token, "/api/v1/services?limit=200");
  MfcService *passport;
  g_autofree char *code = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, n_services);
  g_assert_cmpuint (g_list_model_get_n_items (mfc_service_catalog_get_categories (catalog)), ==,
                    server_count (f, token, "/api/v1/service-categories?limit=200"));

  /* a service shows its deadline and its checklist */
  passport = find_by_title (catalog, PASSPORT_SERVICE);
  g_assert_cmpuint (mfc_service_get_deadline_working_days (passport), ==, 10);
  g_assert_cmpstr (mfc_service_get_category_id (passport), ==, "passport");
  g_assert_cmpuint (mfc_service_get_n_required_documents (passport), ==, 4);
  g_assert_cmpstr (mfc_service_get_required_document_title (passport, 1), ==, "Две личные фотографии 35×45 мм");
  g_assert_true (mfc_service_get_required_document_mandatory (passport, 1));
  g_assert_cmpstr (mfc_service_get_required_document_title (passport, 3), ==, "Документ об уплате госпошлины");
  g_assert_false (mfc_service_get_required_document_mandatory (passport, 3));
  code = g_strdup (mfc_service_get_id (passport));

  /* by word prefixes, in any order and case */
  mfc_service_catalog_set_search (catalog, "ПАСПОРТ замен");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 1);
  g_assert_true (service_at (catalog, 0) == passport);

  /* by code */
  mfc_service_catalog_set_search (catalog, code);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), >=, 1);
  g_assert_true (service_at (catalog, 0) == passport || mfc_service_matches (service_at (catalog, 0), code));
  g_assert_true (mfc_service_catalog_lookup (catalog, code) == passport);

  /* ё/е: «учет» finds «учёт» */
  mfc_service_catalog_set_search (catalog, "постановка учет");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (strstr (mfc_service_get_title (service_at (catalog, i)), "учёт"));

  /* a category */
  mfc_service_catalog_set_search (catalog, NULL);
  mfc_service_catalog_set_category (catalog, "transport");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (mfc_service_get_category_id (service_at (catalog, i)), ==, "transport");

  mfc_service_catalog_set_search (catalog, "паспорт");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 0);
}

/* Recent services come first, per clerk, and outlive the process in a
 * private file. */
static void
test_recents (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autofree char *path = g_build_filename (f->dir, "intake", "recent-services.ini", NULL);
  g_autoptr(MfcRecentServices) recents = mfc_recent_services_new (path);
  g_autoptr(MfcServiceCatalog) catalog = NULL;
  g_autoptr(MfcRecentServices) reopened = NULL;
  g_autofree char *last_id = NULL;
  g_autofree char *passport_id = NULL;
  guint n;
  GStatBuf st;

  mfc_recent_services_set_clerk (recents, "1");
  catalog = loaded_catalog (client, recents);
  n = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  last_id = g_strdup (mfc_service_get_id (service_at (catalog, n - 1)));
  passport_id = g_strdup (mfc_service_get_id (find_by_title (catalog, PASSPORT_SERVICE)));

  mfc_service_catalog_note_used (catalog, passport_id);
  mfc_service_catalog_note_used (catalog, last_id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, n);
  g_assert_cmpstr (mfc_service_get_id (service_at (catalog, 0)), ==, last_id);
  g_assert_cmpstr (mfc_service_get_id (service_at (catalog, 1)), ==, passport_id);

  /* using one again moves it to the front */
  mfc_service_catalog_note_used (catalog, passport_id);
  g_assert_cmpstr (mfc_service_get_id (service_at (catalog, 0)), ==, passport_id);
  g_assert_cmpstr (mfc_service_get_id (service_at (catalog, 1)), ==, last_id);

  /* a search keeps the order among what matches */
  mfc_service_catalog_set_search (catalog, "паспорт");
  g_assert_cmpstr (mfc_service_get_id (service_at (catalog, 0)), ==, passport_id);
  mfc_service_catalog_set_search (catalog, NULL);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  reopened = mfc_recent_services_new (path);
  mfc_recent_services_set_clerk (reopened, "1");
  g_assert_cmpstr (mfc_recent_services_get_ids (reopened)[0], ==, passport_id);
  g_assert_cmpstr (mfc_recent_services_get_ids (reopened)[1], ==, last_id);
  g_assert_null (mfc_recent_services_get_ids (reopened)[2]);

  /* another clerk has a list of their own */
  mfc_recent_services_set_clerk (recents, "2");
  g_assert_null (mfc_recent_services_get_ids (recents)[0]);
  g_assert_cmpstr (mfc_service_get_id (service_at (catalog, n - 1)), ==, last_id);

  g_unlink (path);
  {
    g_autofree char *dir = g_path_get_dirname (path);
    g_rmdir (dir);
  }
}

static char *
upload_pdf (MfcClient *client)
{
  static const char pdf[] = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (pdf, sizeof pdf - 1);
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/documents");
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(GAsyncResult) slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  mfc_client_upload_async (client, query, "Заявление", "zayavlenie.pdf", "application/pdf", bytes, key,
                           NULL, NULL, NULL, NULL, store_result_cb, &slot);
  result = wait_result (&slot, "the upload");
  response = mfc_client_request_finish (client, result, &error);
  g_assert_no_error (error);

  return g_strdup (json_object_get_string_member (mfc_client_response_get_object (response), "id"));
}

static JsonObject *
submit (MfcChecklist *checklist,
        MfcClient    *client,
        const char   *type,
        const char   *applicant_id)
{
  g_autoptr(GAsyncResult) slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *ticket;

  mfc_checklist_submit_async (checklist, client, type, applicant_id, NULL, NULL, NULL,
                              store_result_cb, &slot);
  result = wait_result (&slot, "the ticket");
  ticket = mfc_checklist_submit_finish (checklist, result, &error);
  g_assert_no_error (error);

  return ticket;
}

static void
record_attached (MfcChecklist *checklist,
                 guint         item_id,
                 const char   *document_id,
                 GString      *log)
{
  g_string_append_printf (log, "attached %u %s;", item_id, document_id);
}

static void
record_detached (MfcChecklist *checklist,
                 guint         item_id,
                 const char   *document_id,
                 GString      *log)
{
  g_string_append_printf (log, "detached %u %s;", item_id, document_id);
}

static void
test_checklist_model (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autoptr(MfcServiceCatalog) catalog = loaded_catalog (client, NULL);
  g_autoptr(MfcChecklist) checklist = mfc_checklist_new (find_by_title (catalog, PASSPORT_SERVICE));
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *json = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) missing = NULL;
  g_auto(GStrv) received = NULL;
  guint notified = 0;

  g_signal_connect (checklist, "document-attached", G_CALLBACK (record_attached), log);
  g_signal_connect (checklist, "document-detached", G_CALLBACK (record_detached), log);
  g_signal_connect_swapped (checklist, "notify::n-missing-mandatory", G_CALLBACK (g_atomic_int_inc), &notified);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (checklist)), ==, 4);
  g_assert_cmpstr (mfc_checklist_get_initial_status (checklist, "application"), ==, "awaiting_documents");

  mfc_checklist_set_state (checklist, 0, MFC_CHECKLIST_ORIGINAL_SHOWN);
  mfc_checklist_attach (checklist, 1, "55");
  mfc_checklist_attach (checklist, 1, "56");       /* a better scan replaces the first */
  mfc_checklist_attach (checklist, 2, "57");
  g_assert_cmpuint (notified, ==, 3);
  g_assert_cmpstr (log->str, ==, "attached 1 55;detached 1 55;attached 1 56;attached 2 57;");
  g_assert_cmpint (mfc_checklist_item_get_state (mfc_checklist_get_item (checklist, 1)), ==,
                   MFC_CHECKLIST_COPY_ATTACHED);
  g_assert_cmpstr (mfc_checklist_item_get_document_id (mfc_checklist_get_item (checklist, 1)), ==, "56");

  missing = mfc_checklist_get_missing_mandatory (checklist);
  g_assert_cmpuint (g_strv_length (missing), ==, 0);
  g_assert_cmpstr (mfc_checklist_get_initial_status (checklist, "application"), ==, "accepted");
  g_clear_pointer (&missing, g_strfreev);
  missing = mfc_checklist_get_missing (checklist);
  g_assert_cmpstr (missing[0], ==, "Документ об уплате госпошлины");

  mfc_checklist_set_state (checklist, 2, MFC_CHECKLIST_NOT_PROVIDED);
  g_assert_cmpstr (log->str + log->len - strlen ("detached 2 57;"), ==, "detached 2 57;");
  g_clear_pointer (&missing, g_strfreev);
  missing = mfc_checklist_get_missing_mandatory (checklist);
  g_assert_cmpstr (missing[0], ==, "Паспорт, подлежащий замене");
  g_assert_null (missing[1]);
  received = mfc_checklist_get_received (checklist);
  g_assert_cmpuint (g_strv_length (received), ==, 2);

  body = mfc_checklist_build_ticket_body (checklist, "application", "17", NULL, NULL);
  json = json_to_string (body, FALSE);
  expected = g_strdup_printf ("{\"type\":\"application\",\"applicant_id\":\"17\",\"service_id\":\"%s\","
                                    "\"missing_documents\":[\"Паспорт, подлежащий замене\"],"
                                    "\"documents\":[\"56\"]}",
                                    mfc_service_get_id (mfc_checklist_get_service (checklist)));
  g_assert_cmpstr (json, ==, expected);
}

/* One mandatory document missing: the application ends in «Ожидание
 * документов», clock paused, due date as the service says. */
static void
test_submit_missing (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autoptr(MfcServiceCatalog) catalog = loaded_catalog (client, NULL);
  MfcService *service = find_by_title (catalog, PASSPORT_SERVICE);
  g_autoptr(MfcChecklist) checklist = mfc_checklist_new (service);
  g_autoptr(MfcChecklist) complete = mfc_checklist_new (service);
  g_autofree char *document_id = upload_pdf (client);
  g_autoptr(JsonObject) ticket = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) plain = NULL;
  g_autofree char *path = NULL;
  g_autoptr(Reply) r = NULL;
  JsonArray *history, *documents;

  mfc_checklist_attach (checklist, 0, document_id);
  mfc_checklist_set_state (checklist, 1, MFC_CHECKLIST_ORIGINAL_SHOWN);
  /* item 2, «Паспорт, подлежащий замене», is missing; item 3 is optional */

  ticket = submit (checklist, client, "application", "5");
  g_assert_cmpstr (json_object_get_string_member (ticket, "status"), ==, "awaiting_documents");

  path = g_strconcat ("/api/v1/tickets/", json_object_get_string_member (ticket, "id"), NULL);
  r = call (f, "GET", path, token, NULL, NULL);
  assert_status (r, 200);
  g_assert_cmpstr (str (r, "status"), ==, "awaiting_documents");
  g_assert_true (json_object_get_boolean_member (obj (r), "paused"));
  /* created Monday 23.11.2026, 10 working days, the day itself not counted */
  g_assert_cmpstr (str (r, "due_date"), ==, "2026-12-07");
  g_assert_cmpint (json_object_get_int_member (obj (r), "working_days_left"), ==, 10);
  documents = json_object_get_array_member (obj (r), "documents");
  g_assert_cmpuint (json_array_get_length (documents), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (documents, 0), "id"), ==,
                   document_id);
  history = json_object_get_array_member (obj (r), "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 0), "to_status"), ==,
                   "awaiting_documents");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 0), "comment"), ==,
                   "Не представлены: Паспорт, подлежащий замене");

  /* submitted again (a retry): the same ticket, nothing moved twice */
  again = submit (checklist, client, "application", "5");
  g_assert_cmpstr (json_object_get_string_member (again, "id"), ==, json_object_get_string_member (ticket, "id"));
  g_clear_pointer (&r, reply_free);
  r = call (f, "GET", path, token, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (r), "history")), ==, 1);

  /* nothing mandatory missing: it stays accepted */
  for (guint i = 0; i < 3; i++)
    mfc_checklist_set_state (complete, i, MFC_CHECKLIST_ORIGINAL_SHOWN);
  plain = submit (complete, client, "application", "5");
  g_assert_cmpstr (json_object_get_string_member (plain, "status"), ==, "accepted");
  g_assert_false (json_object_get_boolean_member (plain, "paused"));
  g_assert_cmpstr (json_object_get_string_member (plain, "due_date"), ==, "2026-12-07");
}

static void
create_ticket_raw (Fixture    *f,
                   const char *token,
                   const char *applicant_id,
                   const char *service_id)
{
  g_autofree char *json = g_strdup_printf ("{\"type\":\"application\",\"applicant_id\":\"%s\","
                                           "\"service_id\":\"%s\"}", applicant_id, service_id);
  g_autoptr(Reply) r = post (f, "/api/v1/tickets", token, json);

  assert_status (r, 201);
}

/* A returning applicant's earlier services come first, newest first,
 * and only theirs: a namesake's do not. */
static void
test_autofill (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autoptr(MfcServiceCatalog) catalog = loaded_catalog (client, NULL);
  g_autofree char *snils1 = make_snils (21);
  g_autofree char *snils2 = make_snils (22);
  g_autofree char *snils3 = make_snils (23);
  g_autofree char *id = create_applicant_raw (f, token, "Тимофеева", "Ульяна", "1990-04-04", snils1);
  g_autofree char *namesake = create_applicant_raw (f, token, "Тимофеева", "Ульяна", "1991-05-05", snils2);
  g_autofree char *first_visit = create_applicant_raw (f, token, "Яковлев", "Юрий", "1970-06-06", snils3);
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  g_autoptr(MfcApplicant) applicant = NULL;
  g_autoptr(MfcApplicant) newcomer = NULL;
  g_auto(GStrv) preferred = NULL;
  g_auto(GStrv) none = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));

  a = g_strdup (mfc_service_get_id (service_at (catalog, n - 1)));
  b = g_strdup (mfc_service_get_id (service_at (catalog, n - 2)));
  c = g_strdup (mfc_service_get_id (service_at (catalog, n - 3)));
  create_ticket_raw (f, token, id, a);
  create_ticket_raw (f, token, namesake, c);
  create_ticket_raw (f, token, id, b);

  {
    g_autofree char *path = g_strconcat ("/api/v1/applicants/", id, NULL);
    g_autoptr(Reply) r = call (f, "GET", path, token, NULL, NULL);
    g_autoptr(GError) error = NULL;

    applicant = mfc_applicant_new_from_json (obj (r), &error);
    g_assert_no_error (error);
  }
  {
    g_autofree char *path = g_strconcat ("/api/v1/applicants/", first_visit, NULL);
    g_autoptr(Reply) r = call (f, "GET", path, token, NULL, NULL);
    g_autoptr(GError) error = NULL;

    newcomer = mfc_applicant_new_from_json (obj (r), &error);
    g_assert_no_error (error);
  }

  {
    g_autoptr(GAsyncResult) slot = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    mfc_service_catalog_prefer_for_applicant_async (catalog, applicant, NULL, store_result_cb, &slot);
    result = wait_result (&slot, "the applicant's services");
    preferred = mfc_service_catalog_prefer_for_applicant_finish (catalog, result, &error);
    g_assert_no_error (error);
  }

  g_assert_cmpuint (g_strv_length (preferred), ==, 2);
  g_assert_cmpstr (preferred[0], ==, b);
  g_assert_cmpstr (preferred[1], ==, a);
  g_assert_cmpstr (mfc_service_get_id (service_at (catalog, 0)), ==, b);
  g_assert_cmpstr (mfc_service_get_id (service_at (catalog, 1)), ==, a);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, n);

  {
    g_autoptr(GAsyncResult) slot = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    mfc_service_catalog_prefer_for_applicant_async (catalog, newcomer, NULL, store_result_cb, &slot);
    result = wait_result (&slot, "the newcomer's services");
    none = mfc_service_catalog_prefer_for_applicant_finish (catalog, result, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_cmpstr (mfc_service_get_id (service_at (catalog, n - 1)), ==, a);
}

int
main (int   argc,
      char *argv[])
{
  /* What the ticket says is missing is written in the clerk's language. */
  g_setenv ("LC_ALL", "ru_RU.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "ru", TRUE);
  g_assert_nonnull (setlocale (LC_ALL, ""));
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/intake-catalog/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("load-and-search", test_load_and_search);
  ADD ("recents", test_recents);
  ADD ("checklist-model", test_checklist_model);
  ADD ("submit-missing", test_submit_missing);
  ADD ("autofill", test_autofill);
#undef ADD

  return g_test_run ();
}
