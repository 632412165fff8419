/* test-intake-search.c — MfcApplicantSearch against the real training
 * server: each kind of input finds the seeded applicant, a newer text
 * replaces the older search, the debounce sends one search, and a name
 * is found whatever its case and ё/е.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-applicant-search.h"
#include "mfc-validators.h"

#include "test-intake-common.h"

typedef struct
{
  GPtrArray *sent;    /* encoded queries, in order */
} Sent;

static void
query_sent_cb (MfcApplicantSearch *search,
               MfcQuery           *query,
               Sent               *sent)
{
  g_ptr_array_add (sent->sent, mfc_query_to_string (query));
}

static gboolean
search_idle (gpointer data)
{
  return !mfc_applicant_search_get_loading (data);
}

static gboolean
sent_one (gpointer data)
{
  return ((Sent *) data)->sent->len > 0;
}

static void
search_and_wait (MfcApplicantSearch *search,
                 const char         *text)
{
  mfc_applicant_search_set_text (search, text);
  wait_until (search_idle, search, INTAKE_WAIT_SECONDS, "the search to land");
  g_assert_null (mfc_applicant_search_get_error (search));
}

/* The first seeded applicant, as the server has it */
static JsonObject *
seeded_applicant (Fixture    *f,
                  const char *token)
{
  g_autoptr(Reply) r = call (f, "GET", "/api/v1/applicants?limit=1", token, NULL, NULL);

  assert_status (r, 200);
  return json_object_ref (json_array_get_object_element (items (r), 0));
}

static void
assert_top_hit (MfcApplicantSearch *search,
                const char         *id)
{
  MfcApplicant *top = mfc_applicant_search_get_top_hit (search);

  g_assert_nonnull (top);
  g_assert_cmpstr (mfc_applicant_get_id (top), ==, id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (search)), >=, 1);
}

static void
test_each_kind (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autoptr(MfcApplicantSearch) search = mfc_applicant_search_new (client);
  g_autoptr(JsonObject) a = seeded_applicant (f, token);
  JsonObject *passport = json_object_get_object_member (a, "passport");
  const char *id = json_object_get_string_member (a, "id");
  const char *phone = json_object_get_string_member (a, "phone");
  g_autofree char *snils = mfc_format_snils (json_object_get_string_member (a, "snils"));
  g_autofree char *passport_text = mfc_format_passport (json_object_get_string_member (passport, "series"),
                                                        json_object_get_string_member (passport, "number"));
  /* +79131234567 typed as 8 (913) 123-45-67 */
  g_autofree char *phone_text = g_strdup_printf ("8 (%.3s) %.3s-%.2s-%.2s",
                                                 phone + 2, phone + 5, phone + 8, phone + 10);
  g_autofree char *name = g_utf8_strup (json_object_get_string_member (a, "full_name"), -1);

  mfc_applicant_search_set_delay (search, 0);

  search_and_wait (search, snils);
  g_assert_cmpint (mfc_applicant_search_get_kind (search), ==, MFC_SEARCH_KIND_SNILS);
  assert_top_hit (search, id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (search)), ==, 1);

  search_and_wait (search, passport_text);
  g_assert_cmpint (mfc_applicant_search_get_kind (search), ==, MFC_SEARCH_KIND_PASSPORT);
  assert_top_hit (search, id);

  search_and_wait (search, phone_text);
  g_assert_cmpint (mfc_applicant_search_get_kind (search), ==, MFC_SEARCH_KIND_PHONE);
  assert_top_hit (search, id);

  search_and_wait (search, name);
  g_assert_cmpint (mfc_applicant_search_get_kind (search), ==, MFC_SEARCH_KIND_NAME);
  assert_top_hit (search, id);

  /* Nothing to send: the list empties at once. */
  mfc_applicant_search_set_text (search, "112-2");
  g_assert_cmpint (mfc_applicant_search_get_kind (search), ==, MFC_SEARCH_KIND_NONE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (search)), ==, 0);
  g_assert_null (mfc_applicant_search_get_top_hit (search));
}

/* Two texts in a row with no delay: the first search is cancelled and
 * only the second one's applicants are shown. */
static void
test_newer_replaces_older (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autoptr(MfcApplicantSearch) search = mfc_applicant_search_new (client);
  g_autoptr(JsonObject) a = seeded_applicant (f, token);
  Sent sent = { g_ptr_array_new_with_free_func (g_free) };
  guint n;

  g_signal_connect (search, "query-sent", G_CALLBACK (query_sent_cb), &sent);
  mfc_applicant_search_set_delay (search, 0);

  mfc_applicant_search_set_text (search, "ов");
  mfc_applicant_search_set_text (search, json_object_get_string_member (a, "snils"));
  wait_until (search_idle, search, INTAKE_WAIT_SECONDS, "the second search");

  g_assert_cmpuint (sent.sent->len, ==, 2);
  n = g_list_model_get_n_items (G_LIST_MODEL (search));
  g_assert_cmpuint (n, ==, 1);
  assert_top_hit (search, json_object_get_string_member (a, "id"));

  g_ptr_array_unref (sent.sent);
}

/* With a delay, keystrokes in a row send one search, for the last text;
 * the test waits for the signal, not for time. */
static void
test_debounce (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autoptr(MfcApplicantSearch) search = mfc_applicant_search_new (client);
  Sent sent = { g_ptr_array_new_with_free_func (g_free) };

  g_signal_connect (search, "query-sent", G_CALLBACK (query_sent_cb), &sent);
  mfc_applicant_search_set_delay (search, 20);

  mfc_applicant_search_set_text (search, "Ив");
  mfc_applicant_search_set_text (search, "Ива");
  mfc_applicant_search_set_text (search, "Иван");
  g_assert_true (mfc_applicant_search_get_loading (search));
  g_assert_cmpuint (sent.sent->len, ==, 0);

  wait_until (sent_one, &sent, INTAKE_WAIT_SECONDS, "the debounced search");
  g_assert_cmpuint (sent.sent->len, ==, 1);
  g_assert_cmpstr (sent.sent->pdata[0], ==,
                   "/api/v1/applicants?q=%D0%B8%D0%B2%D0%B0%D0%BD&limit=50");
  wait_until (search_idle, search, INTAKE_WAIT_SECONDS, "the search to land");
  g_assert_cmpuint (sent.sent->len, ==, 1);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (search)); i++)
    {
      g_autoptr(MfcApplicant) item = g_list_model_get_item (G_LIST_MODEL (search), i);

      g_assert_true (mfc_applicant_search_name_matches (mfc_applicant_get_full_name (item), "иван"));
    }

  g_ptr_array_unref (sent.sent);
}

/* "Семенов" finds "Семёнов" and "СЕМЁНОВ" finds "Семенов": the server
 * compares only case. */
static void
test_yo_ye (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autoptr(MfcApplicantSearch) search = mfc_applicant_search_new (client);
  g_autofree char *snils1 = make_snils (1);
  g_autofree char *snils2 = make_snils (2);
  g_autofree char *yo = create_applicant_raw (f, token, "Семёнов", "Пётр", "1980-01-15", snils1);
  g_autofree char *ye = create_applicant_raw (f, token, "Семенов", "Петр", "1981-02-16", snils2);
  const char *typed[] = { "семенов петр", "СЕМЁНОВ ПЁТР", "Семенов Пётр" };

  /* The server alone finds only one of them. */
  {
    g_autoptr(Reply) r = call (f, "GET", "/api/v1/applicants?q=%D1%81%D0%B5%D0%BC%D0%B5%D0%BD%D0%BE%D0%B2%20%D0%BF",
                               token, NULL, NULL);
    g_assert_cmpuint (json_array_get_length (items (r)), ==, 1);
  }

  mfc_applicant_search_set_delay (search, 0);
  for (guint t = 0; t < G_N_ELEMENTS (typed); t++)
    {
      gboolean found_yo = FALSE, found_ye = FALSE;

      search_and_wait (search, typed[t]);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (search)); i++)
        {
          g_autoptr(MfcApplicant) item = g_list_model_get_item (G_LIST_MODEL (search), i);

          found_yo |= g_str_equal (mfc_applicant_get_id (item), yo);
          found_ye |= g_str_equal (mfc_applicant_get_id (item), ye);
        }
      if (!found_yo || !found_ye)
        g_error ("«%s» found Семёнов %d, Семенов %d", typed[t], found_yo, found_ye);
    }
}

/* A text that asks the same as the last one keeps the results and sends
 * nothing; after a failure the same text is sent again (a retry). */
static void
test_same_search_once (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autoptr(MfcApplicantSearch) search = mfc_applicant_search_new (client);
  Sent sent = { g_ptr_array_new_with_free_func (g_free) };

  g_signal_connect (search, "query-sent", G_CALLBACK (query_sent_cb), &sent);
  mfc_applicant_search_set_delay (search, 0);

  search_and_wait (search, "Иванова");
  search_and_wait (search, "Иванова ");
  search_and_wait (search, "  иванова");
  g_assert_cmpuint (sent.sent->len, ==, 1);
  search_and_wait (search, "112-233-445 95");
  search_and_wait (search, "11223344595");
  g_assert_cmpuint (sent.sent->len, ==, 2);

  g_ptr_array_unref (sent.sent);
}

/* A search the server refuses (the session ended) shows its error. */
static void
test_error (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcClient) client = mfc_client_new (f->base_url, &error);
  g_autoptr(MfcApplicantSearch) search = NULL;
  Sent sent = { g_ptr_array_new_with_free_func (g_free) };
  guint notified = 0;

  g_assert_no_error (error);
  mfc_client_set_token (client, "expired-token");
  search = mfc_applicant_search_new (client);
  g_signal_connect (search, "query-sent", G_CALLBACK (query_sent_cb), &sent);
  g_signal_connect_swapped (search, "notify::error", G_CALLBACK (g_atomic_int_inc), &notified);
  mfc_applicant_search_set_delay (search, 0);

  mfc_applicant_search_set_text (search, "Иванова");
  wait_until (search_idle, search, INTAKE_WAIT_SECONDS, "the search to fail");
  g_assert_error ((GError *) mfc_applicant_search_get_error (search), MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (notified, >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (search)), ==, 0);

  mfc_applicant_search_set_text (search, "Иванова ");
  g_assert_cmpuint (sent.sent->len, ==, 2);
  wait_until (search_idle, search, INTAKE_WAIT_SECONDS, "the retry to fail");

  g_ptr_array_unref (sent.sent);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/intake-search/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("each-kind", test_each_kind);
  ADD ("newer-replaces-older", test_newer_replaces_older);
  ADD ("debounce", test_debounce);
  ADD ("yo-ye", test_yo_ye);
  ADD ("same-search-once", test_same_search_once);
  ADD ("error", test_error);
#undef ADD

  return g_test_run ();
}
