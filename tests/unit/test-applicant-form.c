/* test-applicant-form.c — the applicant form model without a server:
 * the Russian message under each field, name case, the bodies, consent,
 * the 422 mapping and the three-way merge of a stale edit.
 *
 * Runs in Russian with the build tree's catalogue, as a clerk's desktop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "mfc-applicant-form.h"

typedef MfcApplicantFormField Field;

static void
set_today (MfcApplicantForm *form)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, G_DATE_NOVEMBER, 2026);
  mfc_applicant_form_set_today (form, &today);
}

static void
fill_valid (MfcApplicantForm *form)
{
  static const struct { Field field; const char *text; } values[] = {
    { MFC_APPLICANT_FORM_SURNAME, "иВАНОВА-петрова" },
    { MFC_APPLICANT_FORM_GIVEN_NAME, "алёна" },
    { MFC_APPLICANT_FORM_PATRONYMIC, "" },
    { MFC_APPLICANT_FORM_BIRTH_DATE, "17.05.1984" },
    { MFC_APPLICANT_FORM_SNILS, "112-233-445 95" },
    { MFC_APPLICANT_FORM_INN, "" },
    { MFC_APPLICANT_FORM_PASSPORT, "50 04 123456" },
    { MFC_APPLICANT_FORM_PASSPORT_ISSUED_BY, "  ГУ МВД России   по Учебной области " },
    { MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE, "03.06.2019" },
    { MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE, "540 001" },
    { MFC_APPLICANT_FORM_REGISTRATION_ADDRESS, "г. Новоучебск, ул. Ленина, д. 12" },
    { MFC_APPLICANT_FORM_PHONE, "8 (913) 123-45-67" },
    { MFC_APPLICANT_FORM_NOTIFY_CHANNEL, "sms" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    mfc_applicant_form_set_text (form, values[i].field, values[i].text);
}

/* One wrong text at a time in an otherwise valid form, and the message
 * the clerk reads under the field. */
static void
test_messages_ru (void)
{
  static const struct {
    Field       field;
    const char *text;
    const char *message;
  } table[] = {
    { MFC_APPLICANT_FORM_SURNAME, "", "Заполните эту часть ФИО" },
    { MFC_APPLICANT_FORM_SURNAME, "Ивaнова", "Смешаны кириллица и латиница, проверьте раскладку клавиатуры" },
    { MFC_APPLICANT_FORM_SURNAME, "Иванова-", "Дефис и апостроф должны стоять между буквами" },
    { MFC_APPLICANT_FORM_GIVEN_NAME, "Мария2", "Используйте только буквы, дефис, апостроф и пробел" },
    { MFC_APPLICANT_FORM_PATRONYMIC, "Петровна!", "Используйте только буквы, дефис, апостроф и пробел" },
    { MFC_APPLICANT_FORM_BIRTH_DATE, "", "Введите дату" },
    { MFC_APPLICANT_FORM_BIRTH_DATE, "1984-5-17x", "Введите дату в формате ДД.ММ.ГГГГ" },
    { MFC_APPLICANT_FORM_BIRTH_DATE, "31.02.1984", "Такой даты не существует" },
    { MFC_APPLICANT_FORM_BIRTH_DATE, "24.11.2026", "Дата рождения не может быть в будущем" },
    { MFC_APPLICANT_FORM_BIRTH_DATE, "01.01.1890", "Дата рождения более 130 лет назад, проверьте год" },
    { MFC_APPLICANT_FORM_BIRTH_DATE, "24.11.2012",
      "Заявителю меньше 14 лет, паспорта у него быть не может — проверьте год" },
    { MFC_APPLICANT_FORM_SNILS, "", "Введите СНИЛС" },
    { MFC_APPLICANT_FORM_SNILS, "112-233-445", "СНИЛС должен содержать 11 цифр, например 123-456-789 01" },
    { MFC_APPLICANT_FORM_SNILS, "112-233-445 96", "Контрольное число СНИЛС не совпадает, проверьте номер" },
    { MFC_APPLICANT_FORM_INN, "5402123456", "ИНН физического лица должен содержать 12 цифр" },
    { MFC_APPLICANT_FORM_INN, "540212345600", "Контрольные цифры ИНН не совпадают, проверьте номер" },
    { MFC_APPLICANT_FORM_PASSPORT, "", "Введите серию и номер паспорта" },
    { MFC_APPLICANT_FORM_PASSPORT_ISSUED_BY, "   ", "Укажите, кем выдан паспорт" },
    { MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE, "01.12.2026", "Дата выдачи не может быть в будущем" },
    { MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE, "16.05.1998", "Паспорт выдаётся не ранее 14 лет, проверьте даты" },
    { MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE, "", "Введите код подразделения" },
    { MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE, "54-001", "Код подразделения должен содержать 6 цифр, например 123-456" },
    { MFC_APPLICANT_FORM_PHONE, "", "Введите номер телефона" },
    { MFC_APPLICANT_FORM_PHONE, "+7 701 123-45-67", "Введите российский номер телефона, например +7 912 345-67-89" },
    { MFC_APPLICANT_FORM_EMAIL, "ivanov@mail", "Это не адрес электронной почты; пример: ivanov@mail.ru" },
    { MFC_APPLICANT_FORM_NOTIFY_CHANNEL, "pigeon",
      "Выберите способ уведомления: SMS, электронная почта или без уведомлений" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(MfcApplicantForm) form = mfc_applicant_form_new ();
      g_auto(GStrv) problems = NULL;
      g_autofree char *expected_problem = NULL;

      set_today (form);
      fill_valid (form);
      g_assert_true (mfc_applicant_form_get_valid (form));

      mfc_applicant_form_set_text (form, table[i].field, table[i].text);
      if (g_strcmp0 (mfc_applicant_form_get_message (form, table[i].field), table[i].message) != 0)
        g_error ("«%s» in %s: «%s», expected «%s»", table[i].text,
                 mfc_applicant_form_field_get_label (table[i].field),
                 mfc_applicant_form_get_message (form, table[i].field), table[i].message);
      g_assert_false (mfc_applicant_form_get_valid (form));
      g_assert_null (mfc_applicant_form_get_value (form, table[i].field));

      problems = mfc_applicant_form_get_problems (form);
      expected_problem = g_strdup_printf ("%s: %s", mfc_applicant_form_field_get_label (table[i].field),
                                          table[i].message);
      g_assert_cmpstr (problems[0], ==, expected_problem);
    }
}

/* The rules reading another field follow it: the e-mail is required once
 * notifications go by e-mail, the issue date is re-checked against a new
 * date of birth. */
static void
test_dependent_fields (void)
{
  g_autoptr(MfcApplicantForm) form = mfc_applicant_form_new ();
  guint changed = 0;

  set_today (form);
  fill_valid (form);
  g_assert_null (mfc_applicant_form_get_message (form, MFC_APPLICANT_FORM_EMAIL));

  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_NOTIFY_CHANNEL, "email");
  g_assert_cmpstr (mfc_applicant_form_get_message (form, MFC_APPLICANT_FORM_EMAIL), ==,
                   "Для уведомлений по электронной почте укажите её адрес");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_EMAIL, "M.Ivanova@Example.RU");
  g_assert_null (mfc_applicant_form_get_message (form, MFC_APPLICANT_FORM_EMAIL));
  g_assert_cmpstr (mfc_applicant_form_get_value (form, MFC_APPLICANT_FORM_EMAIL), ==, "M.Ivanova@example.ru");
  g_assert_true (mfc_applicant_form_get_valid (form));

  /* issued 03.06.2019: fine for 1984, too early for someone born in 2006 */
  g_signal_connect_swapped (form, "field-changed", G_CALLBACK (g_atomic_int_inc), &changed);
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_BIRTH_DATE, "01.01.2006");
  g_assert_cmpuint (changed, ==, 2);   /* the date of birth, and the date of issue */
  g_assert_cmpstr (mfc_applicant_form_get_message (form, MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE), ==,
                   "Паспорт выдаётся не ранее 14 лет, проверьте даты");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_BIRTH_DATE, "17.05.1984");
  g_assert_null (mfc_applicant_form_get_message (form, MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE));
}

static void
test_property_notify (void)
{
  g_autoptr(MfcApplicantForm) form = mfc_applicant_form_new ();
  g_autofree char *message = NULL;
  guint text_notified = 0, message_notified = 0, valid_notified = 0;

  set_today (form);
  fill_valid (form);
  g_signal_connect_swapped (form, "notify::snils", G_CALLBACK (g_atomic_int_inc), &text_notified);
  g_signal_connect_swapped (form, "notify::snils-message", G_CALLBACK (g_atomic_int_inc), &message_notified);
  g_signal_connect_swapped (form, "notify::valid", G_CALLBACK (g_atomic_int_inc), &valid_notified);

  g_object_set (form, "snils", "112-233-445 9", NULL);
  g_assert_cmpuint (text_notified, ==, 1);
  g_assert_cmpuint (message_notified, ==, 1);
  g_assert_cmpuint (valid_notified, ==, 1);
  g_object_get (form, "snils-message", &message, NULL);
  g_assert_cmpstr (message, ==, "СНИЛС должен содержать 11 цифр, например 123-456-789 01");

  /* a second wrong text with the same message: only the text moves */
  g_object_set (form, "snils", "112-233-445 ", NULL);
  g_assert_cmpuint (text_notified, ==, 2);
  g_assert_cmpuint (message_notified, ==, 1);
  g_assert_cmpuint (valid_notified, ==, 1);

  g_object_set (form, "snils", "112-233-445 95", NULL);
  g_assert_cmpuint (message_notified, ==, 2);
  g_assert_cmpuint (valid_notified, ==, 2);
  g_assert_true (mfc_applicant_form_get_valid (form));
}

static void
test_normalize_name (void)
{
  static const struct { const char *typed, *normalized; } table[] = {
    { "иВАНОВА-петрова", "Иванова-Петрова" },
    { "ПЁТР", "Пётр" },
    { "ёлкин", "Ёлкин" },
    { "салтыков-щедрин", "Салтыков-Щедрин" },
    { "д'артаньян", "Д'Артаньян" },
    { "  анна   мария ", "Анна Мария" },
    { "o'brien", "O'Brien" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *got = mfc_applicant_form_normalize_name (table[i].typed);

      g_assert_cmpstr (got, ==, table[i].normalized);
    }
}

static JsonObject *
body_object (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static char *
to_json (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* No consent, no body; the body then holds the contract's forms. */
static void
test_create_body_and_consent (void)
{
  g_autoptr(MfcApplicantForm) form = mfc_applicant_form_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Novosibirsk");
  g_autoptr(GDateTime) at = g_date_time_new (tz, 2026, 11, 23, 9, 40, 0);
  g_autofree char *json = NULL;
  g_auto(GStrv) problems = NULL;

  set_today (form);
  fill_valid (form);
  g_assert_true (mfc_applicant_form_get_valid (form));
  g_assert_false (mfc_applicant_form_get_has_consent (form));
  problems = mfc_applicant_form_get_problems (form);
  g_assert_cmpuint (g_strv_length (problems), ==, 1);
  g_assert_cmpstr (problems[0], ==, "Не записано согласие на обработку персональных данных");

  body = mfc_applicant_form_build_create_body (form, &error);
  g_assert_error (error, MFC_APPLICANT_FORM_ERROR, MFC_APPLICANT_FORM_ERROR_CONSENT_REQUIRED);
  g_assert_null (body);
  g_clear_error (&error);

  mfc_applicant_form_record_consent (form, "3", at, "152-ФЗ/2026-1");
  g_assert_true (mfc_applicant_form_get_has_consent (form));
  g_assert_cmpstr (mfc_applicant_form_get_consent_form_version (form), ==, "152-ФЗ/2026-1");
  body = mfc_applicant_form_build_create_body (form, &error);
  g_assert_no_error (error);
  json = to_json (body);
  g_assert_cmpstr (json, ==,
                   "{\"surname\":\"Иванова-Петрова\",\"given_name\":\"Алёна\",\"patronymic\":null,"
                   "\"birth_date\":\"1984-05-17\",\"snils\":\"11223344595\",\"inn\":null,"
                   "\"passport\":{\"series\":\"5004\",\"number\":\"123456\","
                   "\"issued_by\":\"ГУ МВД России по Учебной области\",\"issue_date\":\"2019-06-03\","
                   "\"division_code\":\"540-001\"},\"phone\":\"+79131234567\",\"email\":null,"
                   "\"address\":\"г. Новоучебск, ул. Ленина, д. 12\","
                   "\"consent\":{\"given\":true,\"given_at\":\"2026-11-23T09:40:00+07:00\"}}");

  /* an invalid field blocks it again, and says which */
  g_clear_pointer (&body, json_node_unref);
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_SNILS, "");
  body = mfc_applicant_form_build_create_body (form, &error);
  g_assert_error (error, MFC_APPLICANT_FORM_ERROR, MFC_APPLICANT_FORM_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Исправьте форму: СНИЛС: Введите СНИЛС");
  g_assert_null (body);

  /* the view normalises a name when the clerk leaves it */
  mfc_applicant_form_normalize_field (form, MFC_APPLICANT_FORM_SURNAME);
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_SURNAME), ==, "Иванова-Петрова");
}

static MfcApplicant *
make_applicant (const char *overrides)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"17\",\"surname\":\"Иванова\",\"given_name\":\"Мария\",\"patronymic\":\"Петровна\","
    "\"full_name\":\"Иванова Мария Петровна\",\"birth_date\":\"1984-05-17\",\"snils\":\"11223344595\","
    "\"inn\":\"540212345609\",\"passport\":{\"series\":\"5004\",\"number\":\"123456\","
    "\"issued_by\":\"ГУ МВД России по Учебной области\",\"issue_date\":\"2019-06-03\","
    "\"division_code\":\"540-001\"},\"phone\":\"+79131234567\",\"email\":null,"
    "\"address\":\"Учебная обл., г. Новоучебск, ул. Ленина, д. 12, кв. 34\","
    "\"consent\":{\"given\":true,\"given_at\":\"2026-11-23T17:40:00+07:00\",\"clerk_id\":\"3\"},"
    "\"created_at\":\"2026-11-23T17:40:00+07:00\",\"updated_at\":\"2026-11-23T17:40:00+07:00\","
    "\"version\":%s}", overrides != NULL ? overrides : "1");
  MfcApplicant *applicant;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  applicant = mfc_applicant_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);

  return applicant;
}

static MfcApplicant *
applicant_with (MfcApplicant *base,
                const char   *member,
                const char   *value,
                gint64        version)
{
  g_autoptr(JsonObject) json = mfc_applicant_to_json (base);
  g_autoptr(GError) error = NULL;
  MfcApplicant *changed;

  if (g_str_has_prefix (member, "passport."))
    json_object_set_string_member (json_object_get_object_member (json, "passport"),
                                   member + strlen ("passport."), value);
  else
    json_object_set_string_member (json, member, value);
  json_object_set_int_member (json, "version", version);
  changed = mfc_applicant_new_from_json (json, &error);
  g_assert_no_error (error);

  return changed;
}

static void
test_edit_and_patch_body (void)
{
  g_autoptr(MfcApplicant) applicant = make_applicant (NULL);
  g_autoptr(MfcApplicantForm) form = mfc_applicant_form_new_for_applicant (applicant);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  set_today (form);
  g_assert_false (mfc_applicant_form_get_is_new (form));
  g_assert_true (mfc_applicant_form_get_valid (form));
  g_assert_true (mfc_applicant_form_get_has_consent (form));
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_SNILS), ==, "112-233-445 95");
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_BIRTH_DATE), ==, "17.05.1984");
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_PASSPORT), ==, "50 04 123456");

  body = mfc_applicant_form_build_patch_body (form, &error);
  g_assert_no_error (error);
  json = to_json (body);
  g_assert_cmpstr (json, ==, "{}");
  g_clear_pointer (&body, json_node_unref);
  g_clear_pointer (&json, g_free);

  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_PHONE, "+7 913 987-65-43");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_INN, "");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE, "540-002");
  body = mfc_applicant_form_build_patch_body (form, &error);
  g_assert_no_error (error);
  json = to_json (body);
  g_assert_cmpstr (json, ==,
                   "{\"inn\":null,\"phone\":\"+79139876543\","
                   "\"passport\":{\"series\":\"5004\",\"number\":\"123456\","
                   "\"issued_by\":\"ГУ МВД России по Учебной области\",\"issue_date\":\"2019-06-03\","
                   "\"division_code\":\"540-002\"}}");
  (void) body_object (body);
}

static void
test_server_fields (void)
{
  g_autoptr(MfcApplicantForm) form = mfc_applicant_form_new ();
  g_autoptr(GHashTable) server = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  set_today (form);
  fill_valid (form);
  g_hash_table_insert (server, g_strdup ("snils"), g_strdup ("Заявитель с таким СНИЛС уже зарегистрирован"));
  g_hash_table_insert (server, g_strdup ("passport.number"), g_strdup ("Номер — 6 цифр"));
  g_hash_table_insert (server, g_strdup ("consent.given"), g_strdup ("Требуется согласие"));
  error = mfc_client_error_new_for_status (422, "validation_failed", "Проверьте поля формы",
                                           server, 0, NULL);

  g_signal_connect_swapped (form, "notify::snils-message", G_CALLBACK (g_atomic_int_inc), &changed);
  g_assert_true (mfc_applicant_form_apply_server_error (form, error));
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpstr (mfc_applicant_form_get_message (form, MFC_APPLICANT_FORM_SNILS), ==,
                   "Заявитель с таким СНИЛС уже зарегистрирован");
  g_assert_cmpstr (mfc_applicant_form_get_message (form, MFC_APPLICANT_FORM_PASSPORT), ==, "Номер — 6 цифр");
  g_assert_false (mfc_applicant_form_get_valid (form));

  /* editing the field answers the server's message */
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_SNILS, "123-456-789 64");
  g_assert_cmpuint (changed, ==, 2);
  g_assert_null (mfc_applicant_form_get_message (form, MFC_APPLICANT_FORM_SNILS));
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_PASSPORT, "50 04 123457");
  g_assert_true (mfc_applicant_form_get_valid (form));
}

/* 412: only-theirs changes are taken, only-mine kept, both-changed held
 * side by side until decided. */
static void
test_three_way_merge (void)
{
  g_autoptr(MfcApplicant) base = make_applicant (NULL);
  g_autoptr(MfcApplicant) step = applicant_with (base, "phone", "+79130000001", 2);
  g_autoptr(MfcApplicant) step2 = applicant_with (step, "email", "theirs@example.ru", 2);
  g_autoptr(MfcApplicant) theirs = applicant_with (step2, "passport.issued_by", "ОУФМС", 2);
  g_autoptr(MfcApplicantForm) form = mfc_applicant_form_new_for_applicant (base);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  set_today (form);
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_PHONE, "+7 913 999-99-99");      /* both */
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_REGISTRATION_ADDRESS, "г. Новоучебск, пр. Мира, д. 5"); /* mine */

  mfc_applicant_form_set_theirs (form, theirs);
  g_assert_true (mfc_applicant_form_get_has_conflicts (form));
  g_assert_true (mfc_applicant_form_is_conflict (form, MFC_APPLICANT_FORM_PHONE));
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_PHONE), ==, "+7 913 999-99-99");
  g_assert_cmpstr (mfc_applicant_form_get_theirs_text (form, MFC_APPLICANT_FORM_PHONE), ==, "+79130000001");
  g_assert_false (mfc_applicant_form_is_conflict (form, MFC_APPLICANT_FORM_EMAIL));
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_EMAIL), ==, "theirs@example.ru");
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_PASSPORT_ISSUED_BY), ==, "ОУФМС");
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_REGISTRATION_ADDRESS), ==,
                   "г. Новоучебск, пр. Мира, д. 5");
  g_assert_true (mfc_applicant_form_get_applicant (form) == theirs);

  body = mfc_applicant_form_build_patch_body (form, &error);
  g_assert_error (error, MFC_APPLICANT_FORM_ERROR, MFC_APPLICANT_FORM_ERROR_CONFLICT);
  g_clear_error (&error);

  mfc_applicant_form_take_theirs (form, MFC_APPLICANT_FORM_PHONE);
  g_assert_false (mfc_applicant_form_get_has_conflicts (form));
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_PHONE), ==, "+79130000001");
  body = mfc_applicant_form_build_patch_body (form, &error);
  g_assert_no_error (error);
  json = to_json (body);
  g_assert_cmpstr (json, ==, "{\"address\":\"г. Новоучебск, пр. Мира, д. 5\"}");
}

static void
test_take_mine (void)
{
  g_autoptr(MfcApplicant) base = make_applicant (NULL);
  g_autoptr(MfcApplicant) theirs = applicant_with (base, "surname", "Петрова", 2);
  g_autoptr(MfcApplicantForm) form = mfc_applicant_form_new_for_applicant (base);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  set_today (form);
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_SURNAME, "сидорова");
  mfc_applicant_form_set_theirs (form, theirs);
  g_assert_cmpstr (mfc_applicant_form_get_theirs_text (form, MFC_APPLICANT_FORM_SURNAME), ==, "Петрова");
  mfc_applicant_form_take_mine (form, MFC_APPLICANT_FORM_SURNAME);
  g_assert_false (mfc_applicant_form_get_has_conflicts (form));
  body = mfc_applicant_form_build_patch_body (form, &error);
  g_assert_no_error (error);
  json = to_json (body);
  g_assert_cmpstr (json, ==, "{\"surname\":\"Сидорова\"}");
}

static void
test_prefill (void)
{
  g_autoptr(MfcApplicantForm) by_name = mfc_applicant_form_new ();
  g_autoptr(MfcApplicantForm) by_snils = mfc_applicant_form_new ();
  g_autoptr(MfcApplicantForm) by_phone = mfc_applicant_form_new ();

  mfc_applicant_form_prefill (by_name, "  семёнова   алёна игоревна ");
  g_assert_cmpstr (mfc_applicant_form_get_text (by_name, MFC_APPLICANT_FORM_SURNAME), ==, "Семёнова");
  g_assert_cmpstr (mfc_applicant_form_get_text (by_name, MFC_APPLICANT_FORM_GIVEN_NAME), ==, "Алёна");
  g_assert_cmpstr (mfc_applicant_form_get_text (by_name, MFC_APPLICANT_FORM_PATRONYMIC), ==, "Игоревна");
  mfc_applicant_form_prefill (by_snils, "11223344595");
  g_assert_cmpstr (mfc_applicant_form_get_text (by_snils, MFC_APPLICANT_FORM_SNILS), ==, "112-233-445 95");
  mfc_applicant_form_prefill (by_phone, "8 (913) 123-45-67");
  g_assert_cmpstr (mfc_applicant_form_get_text (by_phone, MFC_APPLICANT_FORM_PHONE), ==, "+79131234567");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "ru_RU.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "ru", TRUE);
  g_assert_nonnull (setlocale (LC_ALL, ""));
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/applicant-form/messages-ru", test_messages_ru);
  g_test_add_func ("/applicant-form/dependent-fields", test_dependent_fields);
  g_test_add_func ("/applicant-form/property-notify", test_property_notify);
  g_test_add_func ("/applicant-form/normalize-name", test_normalize_name);
  g_test_add_func ("/applicant-form/create-body-and-consent", test_create_body_and_consent);
  g_test_add_func ("/applicant-form/edit-and-patch-body", test_edit_and_patch_body);
  g_test_add_func ("/applicant-form/server-fields", test_server_fields);
  g_test_add_func ("/applicant-form/three-way-merge", test_three_way_merge);
  g_test_add_func ("/applicant-form/take-mine", test_take_mine);
  g_test_add_func ("/applicant-form/prefill", test_prefill);

  return g_test_run ();
}
