/* test-intake-form.c — MfcApplicantForm against the real training
 * server: a create, the duplicates found before a second one, the
 * server's 422 under the field, and a stale edit (412) keeping both
 * versions until the clerk decides.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-applicant-form.h"
#include "mfc-validators.h"

#include "test-intake-common.h"

static MfcApplicantForm *
new_form (const char *surname,
          const char *given_name,
          const char *snils)
{
  MfcApplicantForm *form = mfc_applicant_form_new ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Novosibirsk");
  /* the server's clock is 23.11.2026 10:00; a signature after it would be refused */
  g_autoptr(GDateTime) signed_at = g_date_time_new (tz, 2026, 11, 23, 9, 30, 0);
  g_autofree char *snils_text = mfc_format_snils (snils);
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, G_DATE_NOVEMBER, 2026);
  mfc_applicant_form_set_today (form, &today);

  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_SURNAME, surname);
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_GIVEN_NAME, given_name);
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_BIRTH_DATE, "02.03.1977");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_SNILS, snils_text);
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_PASSPORT, "5021 654321");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_PASSPORT_ISSUED_BY, "ГУ МВД России по Учебной области");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE, "10.04.2022");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE, "540-017");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_PHONE, "+7 (913) 555-12-34");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_NOTIFY_CHANNEL, "sms");
  g_assert_true (mfc_applicant_form_get_valid (form));
  mfc_applicant_form_record_consent (form, "1", signed_at, "152-ФЗ/2026-1");

  return form;
}

static MfcApplicant *
save (MfcApplicantForm  *form,
      MfcClient         *client,
      GError           **error)
{
  g_autoptr(GAsyncResult) slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  mfc_applicant_form_save_async (form, client, NULL, store_result_cb, &slot);
  result = wait_result (&slot, "the save");

  return mfc_applicant_form_save_finish (form, result, error);
}

static GPtrArray *
find_duplicates (MfcApplicantForm *form,
                 MfcClient        *client)
{
  g_autoptr(GAsyncResult) slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *found;

  mfc_applicant_form_find_duplicates_async (form, client, NULL, store_result_cb, &slot);
  result = wait_result (&slot, "the duplicate lookup");
  found = mfc_applicant_form_find_duplicates_finish (form, result, &error);
  g_assert_no_error (error);

  return found;
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autofree char *snils = make_snils (11);
  g_autoptr(MfcApplicantForm) form = new_form ("иВАНОВА-петрова", "алёна", snils);
  g_autoptr(MfcApplicant) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(Reply) r = NULL;
  guint phone_notified = 0;

  g_signal_connect_swapped (form, "notify::phone", G_CALLBACK (g_atomic_int_inc), &phone_notified);
  saved = save (form, client, &error);
  g_assert_no_error (error);
  /* the form now shows what the server stored, and says so */
  g_assert_cmpuint (phone_notified, ==, 1);
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_PHONE), ==, "+79135551234");
  g_assert_cmpstr (mfc_applicant_get_full_name (saved), ==, "Иванова-Петрова Алёна");
  g_assert_false (mfc_applicant_form_get_is_new (form));
  g_assert_true (mfc_applicant_form_get_applicant (form) == saved);
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_SURNAME), ==, "Иванова-Петрова");

  path = g_strconcat ("/api/v1/applicants/", mfc_applicant_get_id (saved), NULL);
  r = call (f, "GET", path, token, NULL, NULL);
  assert_status (r, 200);
  g_assert_cmpstr (str (r, "snils"), ==, snils);
  g_assert_cmpstr (str (r, "phone"), ==, "+79135551234");
  g_assert_cmpstr (str (r, "birth_date"), ==, "1977-03-02");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj (r), "consent"),
                                                  "given_at"), ==, "2026-11-23T09:30:00+07:00");
}

static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autofree char *snils = make_snils (12);
  g_autofree char *other_snils = make_snils (13);
  g_autoptr(MfcApplicantForm) first = new_form ("Семёнова", "Алёна", snils);
  g_autoptr(MfcApplicant) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) by_snils = NULL;
  g_autoptr(GPtrArray) by_name = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) self_only = NULL;

  saved = save (first, client, &error);
  g_assert_no_error (error);

  /* the same СНИЛС under another name */
  {
    g_autoptr(MfcApplicantForm) second = new_form ("Петрова", "Анна", snils);

    by_snils = find_duplicates (second, client);
    g_assert_cmpuint (by_snils->len, ==, 1);
    g_assert_cmpstr (mfc_applicant_get_id (by_snils->pdata[0]), ==, mfc_applicant_get_id (saved));
  }

  /* another СНИЛС, the same ФИО and date of birth, е for ё, other case */
  {
    g_autoptr(MfcApplicantForm) second = new_form ("СЕМЕНОВА", "алена", other_snils);

    by_name = find_duplicates (second, client);
    g_assert_cmpuint (by_name->len, ==, 1);
    g_assert_cmpstr (mfc_applicant_get_id (by_name->pdata[0]), ==, mfc_applicant_get_id (saved));
  }

  /* the same name born another day is someone else */
  {
    g_autoptr(MfcApplicantForm) second = new_form ("Семёнова", "Алёна", other_snils);

    mfc_applicant_form_set_text (second, MFC_APPLICANT_FORM_BIRTH_DATE, "03.03.1977");
    none = find_duplicates (second, client);
    g_assert_cmpuint (none->len, ==, 0);
  }

  /* and an applicant is not their own duplicate */
  self_only = find_duplicates (first, client);
  g_assert_cmpuint (self_only->len, ==, 0);
}

/* What only the server knows (the СНИЛС is taken) comes back under the
 * field, and goes away once the clerk edits it. */
static void
test_server_422 (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autofree char *snils = make_snils (14);
  g_autofree char *other = make_snils (15);
  g_autofree char *other_text = mfc_format_snils (other);
  g_autoptr(MfcApplicantForm) first = new_form ("Кузнецов", "Олег", snils);
  g_autoptr(MfcApplicantForm) second = new_form ("Орлов", "Олег", snils);
  g_autoptr(MfcApplicant) saved = NULL;
  g_autoptr(MfcApplicant) retried = NULL;
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  saved = save (first, client, &error);
  g_assert_no_error (error);

  g_signal_connect_swapped (second, "notify::snils-message", G_CALLBACK (g_atomic_int_inc), &notified);
  retried = save (second, client, &error);
  g_assert_null (retried);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_VALIDATION);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (mfc_applicant_form_get_message (second, MFC_APPLICANT_FORM_SNILS), ==,
                   mfc_client_error_get_field_message (error, "snils"));
  g_assert_nonnull (mfc_applicant_form_get_message (second, MFC_APPLICANT_FORM_SNILS));
  g_assert_false (mfc_applicant_form_get_valid (second));
  g_assert_true (mfc_applicant_form_get_is_new (second));
  g_clear_error (&error);

  mfc_applicant_form_set_text (second, MFC_APPLICANT_FORM_SNILS, other_text);
  g_assert_true (mfc_applicant_form_get_valid (second));
  retried = save (second, client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mfc_applicant_get_snils (retried), ==, other);
}

static MfcApplicant *
fetch_applicant (Fixture    *f,
                 const char *token,
                 const char *id)
{
  g_autofree char *path = g_strconcat ("/api/v1/applicants/", id, NULL);
  g_autoptr(Reply) r = call (f, "GET", path, token, NULL, NULL);
  g_autoptr(GError) error = NULL;
  MfcApplicant *applicant;

  assert_status (r, 200);
  applicant = mfc_applicant_new_from_json (obj (r), &error);
  g_assert_no_error (error);

  return applicant;
}

/* Someone else changed the phone and the address meanwhile; the clerk
 * changed the phone and the e-mail. */
static void
test_stale_edit (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(MfcClient) client = signed_in_client (f, "clerk");
  g_autoptr(MfcApplicant) opened = fetch_applicant (f, token, "5");
  g_autoptr(MfcApplicantForm) form = mfc_applicant_form_new_for_applicant (opened);
  g_autoptr(MfcApplicant) saved = NULL;
  g_autoptr(MfcApplicant) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = mfc_applicant_dup_etag (opened);
  const char *headers[] = { "If-Match", etag, NULL };

  {
    g_autoptr(Reply) r = call (f, "PATCH", "/api/v1/applicants/5", token,
                               "{\"phone\":\"+79130000077\",\"address\":\"г. Новоучебск, ул. Садовая, д. 1\"}",
                               headers);
    assert_status (r, 200);
  }

  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_PHONE, "8 913 111-22-33");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_EMAIL, "clerk-typed@example.ru");

  saved = save (form, client, &error);
  g_assert_null (saved);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PRECONDITION);
  g_assert_cmpuint (mfc_client_error_get_status (error), ==, 412);
  g_clear_error (&error);

  /* both versions of the phone; the server's address; the clerk's e-mail */
  g_assert_true (mfc_applicant_form_get_has_conflicts (form));
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_PHONE), ==, "8 913 111-22-33");
  g_assert_cmpstr (mfc_applicant_form_get_theirs_text (form, MFC_APPLICANT_FORM_PHONE), ==, "+79130000077");
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_REGISTRATION_ADDRESS), ==,
                   "г. Новоучебск, ул. Садовая, д. 1");
  g_assert_false (mfc_applicant_form_is_conflict (form, MFC_APPLICANT_FORM_EMAIL));
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_EMAIL), ==, "clerk-typed@example.ru");
  g_assert_cmpint (mfc_applicant_get_version (mfc_applicant_form_get_applicant (form)), ==,
                   mfc_applicant_get_version (opened) + 1);

  /* undecided: nothing is sent */
  saved = save (form, client, &error);
  g_assert_error (error, MFC_APPLICANT_FORM_ERROR, MFC_APPLICANT_FORM_ERROR_CONFLICT);
  g_clear_error (&error);

  mfc_applicant_form_take_mine (form, MFC_APPLICANT_FORM_PHONE);
  saved = save (form, client, &error);
  g_assert_no_error (error);

  stored = fetch_applicant (f, token, "5");
  g_assert_cmpstr (mfc_applicant_get_field (stored, MFC_APPLICANT_PHONE), ==, "+79131112233");
  g_assert_cmpstr (mfc_applicant_get_field (stored, MFC_APPLICANT_EMAIL), ==, "clerk-typed@example.ru");
  g_assert_cmpstr (mfc_applicant_get_field (stored, MFC_APPLICANT_ADDRESS), ==, "г. Новоучебск, ул. Садовая, д. 1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/intake-form/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("create", test_create);
  ADD ("duplicates", test_duplicates);
  ADD ("server-422", test_server_422);
  ADD ("stale-edit", test_stale_edit);
#undef ADD

  return g_test_run ();
}
