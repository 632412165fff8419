/* test-applicant-search.c — what kind of search the clerk typed, and the
 * exact `GET /api/v1/applicants` call it becomes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-applicant-search.h"

typedef struct
{
  const char    *typed;
  MfcSearchKind  kind;
  const char    *query;   /* the call, encoded; NULL when nothing is sent */
} Case;

static const Case cases[] = {
  /* СНИЛС in every usual layout; 112-233-445 95 has a good check number */
  { "112-233-445 95",       MFC_SEARCH_KIND_SNILS, "/api/v1/applicants?snils=11223344595&limit=50" },
  { "11223344595",          MFC_SEARCH_KIND_SNILS, "/api/v1/applicants?snils=11223344595&limit=50" },
  { "112 233 445 95",       MFC_SEARCH_KIND_SNILS, "/api/v1/applicants?snils=11223344595&limit=50" },
  { "  112-233-445-95 ",    MFC_SEARCH_KIND_SNILS, "/api/v1/applicants?snils=11223344595&limit=50" },
  { "112233445 95",         MFC_SEARCH_KIND_SNILS, "/api/v1/applicants?snils=11223344595&limit=50" },
  { "123-456-789 64",       MFC_SEARCH_KIND_SNILS, "/api/v1/applicants?snils=12345678964&limit=50" },
  /* a wrong check number is still searched as a СНИЛС (nothing is found) */
  { "123-456-789 00",       MFC_SEARCH_KIND_SNILS, "/api/v1/applicants?snils=12345678900&limit=50" },
  { "12345678900",          MFC_SEARCH_KIND_SNILS, "/api/v1/applicants?snils=12345678900&limit=50" },

  /* 11 digits that are both: the check number wins for plain digits… */
  { "89123456726",          MFC_SEARCH_KIND_SNILS, "/api/v1/applicants?snils=89123456726&limit=50" },
  { "79131234594",          MFC_SEARCH_KIND_SNILS, "/api/v1/applicants?snils=79131234594&limit=50" },
  /* …the layout wins when there is one */
  { "891-234-567 26",       MFC_SEARCH_KIND_SNILS, "/api/v1/applicants?snils=89123456726&limit=50" },
  { "8 912 345-67-26",      MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79123456726&limit=50" },
  { "+79123456726",         MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79123456726&limit=50" },
  /* plain digits failing the checksum and starting like a phone */
  { "89123456789",          MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79123456789&limit=50" },
  { "79131234567",          MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79131234567&limit=50" },

  /* phones */
  { "+7 (913) 123-45-67",   MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79131234567&limit=50" },
  { "+7 913 123 45 67",     MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79131234567&limit=50" },
  { "+7-913-123-45-67",     MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79131234567&limit=50" },
  { "8 (913) 123-45-67",    MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79131234567&limit=50" },
  { "8(913)1234567",        MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79131234567&limit=50" },
  { "8-913-123-45-67",      MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79131234567&limit=50" },
  { "8 913 1234567",        MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79131234567&limit=50" },
  { "7 913 123 45 67",      MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79131234567&limit=50" },
  { "+7 913 1234567",       MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79131234567&limit=50" },
  { "8913 123 45 67",       MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79131234567&limit=50" },
  { "8.913.123.45.67",      MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79131234567&limit=50" },
  { "+7 913 123-45-67 ",    MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79131234567&limit=50" },
  { "(913) 123-45-67",      MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79131234567&limit=50" },
  { "913 123-45-67",        MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79131234567&limit=50" },
  { "913 123 45 67",        MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B79131234567&limit=50" },
  { "+7 (383) 222-33-44",   MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B73832223344&limit=50" },
  { "8 800 555-35-35",      MFC_SEARCH_KIND_PHONE, "/api/v1/applicants?phone=%2B78005553535&limit=50" },
  /* +7 7xx is Kazakhstan, not a Russian number: nothing is sent */
  { "+7 701 123-45-67",     MFC_SEARCH_KIND_NONE,  NULL },
  { "+7 913 123",           MFC_SEARCH_KIND_NONE,  NULL },

  /* passports */
  { "50 04 123456",         MFC_SEARCH_KIND_PASSPORT, "/api/v1/applicants?passport=5004123456&limit=50" },
  { "5004 123456",          MFC_SEARCH_KIND_PASSPORT, "/api/v1/applicants?passport=5004123456&limit=50" },
  { "5004123456",           MFC_SEARCH_KIND_PASSPORT, "/api/v1/applicants?passport=5004123456&limit=50" },
  { "50 04 № 123456",       MFC_SEARCH_KIND_PASSPORT, "/api/v1/applicants?passport=5004123456&limit=50" },
  { "5004 №123456",         MFC_SEARCH_KIND_PASSPORT, "/api/v1/applicants?passport=5004123456&limit=50" },
  { "50-04-123456",         MFC_SEARCH_KIND_PASSPORT, "/api/v1/applicants?passport=5004123456&limit=50" },
  /* 10 plain digits starting with 9: a passport (series 92 is Tatarstan) */
  { "9204123456",           MFC_SEARCH_KIND_PASSPORT, "/api/v1/applicants?passport=9204123456&limit=50" },

  /* names: folded to lower case with ё as е; the server gets the longest
   * part without е */
  { "Иванова",              MFC_SEARCH_KIND_NAME, "/api/v1/applicants?q=%D0%B8%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0&limit=50" },
  { "иВАНОВА мар",          MFC_SEARCH_KIND_NAME, "/api/v1/applicants?q=%D0%B8%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0%20%D0%BC%D0%B0%D1%80&limit=50" },
  { "  Иванова   Мария ",   MFC_SEARCH_KIND_NAME, "/api/v1/applicants?q=%D0%B8%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0%20%D0%BC%D0%B0%D1%80%D0%B8%D1%8F&limit=50" },
  /* "семёнов" and "семенов" → "нов" */
  { "Семёнов",              MFC_SEARCH_KIND_NAME, "/api/v1/applicants?q=%D0%BD%D0%BE%D0%B2&limit=50" },
  { "СЕМЕНОВ",              MFC_SEARCH_KIND_NAME, "/api/v1/applicants?q=%D0%BD%D0%BE%D0%B2&limit=50" },
  { "Салтыков-Щедрин",      MFC_SEARCH_KIND_NAME, "/api/v1/applicants?q=%D1%81%D0%B0%D0%BB%D1%82%D1%8B%D0%BA%D0%BE%D0%B2-%D1%89&limit=50" },
  { "Д’Артаньян",           MFC_SEARCH_KIND_NAME, "/api/v1/applicants?q=%D0%B4%27%D0%B0%D1%80%D1%82%D0%B0%D0%BD%D1%8C%D1%8F%D0%BD&limit=50" },
  { "Smith",                MFC_SEARCH_KIND_NAME, "/api/v1/applicants?q=smith&limit=50" },
  /* nothing left after splitting at е: all applicants, filtered here */
  { "Ее",                   MFC_SEARCH_KIND_NAME, "/api/v1/applicants?limit=50" },
  { "Ив",                   MFC_SEARCH_KIND_NAME, "/api/v1/applicants?q=%D0%B8%D0%B2&limit=50" },

  /* nothing to send yet */
  { "",                     MFC_SEARCH_KIND_NONE, NULL },
  { "   ",                  MFC_SEARCH_KIND_NONE, NULL },
  { "И",                    MFC_SEARCH_KIND_NONE, NULL },
  { "112-233",              MFC_SEARCH_KIND_NONE, NULL },
  { "123456789012",         MFC_SEARCH_KIND_NONE, NULL },
  { "Иванова 1984",         MFC_SEARCH_KIND_NONE, NULL },
  { "ivanov@mail.ru",       MFC_SEARCH_KIND_NONE, NULL },
  { "50 04 12345#",         MFC_SEARCH_KIND_NONE, NULL },
  { "a&b=c",                MFC_SEARCH_KIND_NONE, NULL },
};

static void
test_detect_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MfcQuery) query = NULL;
      g_autofree char *encoded = NULL;
      MfcSearchKind kind = (MfcSearchKind) -1;

      query = mfc_applicant_search_build_query (cases[i].typed, &kind);
      encoded = query != NULL ? mfc_query_to_string (query) : NULL;
      if (kind != cases[i].kind || g_strcmp0 (encoded, cases[i].query) != 0)
        g_error ("«%s»: kind %d, call %s; expected kind %d, call %s",
                 cases[i].typed, kind, encoded, cases[i].kind, cases[i].query);
      g_assert_cmpint (mfc_applicant_search_detect (cases[i].typed, NULL), ==, kind);
    }
}

static void
test_detect_value (void)
{
  g_autofree char *snils = NULL, *phone = NULL, *passport = NULL, *name = NULL;

  g_assert_cmpint (mfc_applicant_search_detect ("112-233-445 95", &snils), ==, MFC_SEARCH_KIND_SNILS);
  g_assert_cmpstr (snils, ==, "11223344595");
  g_assert_cmpint (mfc_applicant_search_detect ("8 (913) 123-45-67", &phone), ==, MFC_SEARCH_KIND_PHONE);
  g_assert_cmpstr (phone, ==, "+79131234567");
  g_assert_cmpint (mfc_applicant_search_detect ("50 04 123456", &passport), ==, MFC_SEARCH_KIND_PASSPORT);
  g_assert_cmpstr (passport, ==, "5004123456");
  g_assert_cmpint (mfc_applicant_search_detect ("  СЕМЁНОВА  Алёна ", &name), ==, MFC_SEARCH_KIND_NAME);
  g_assert_cmpstr (name, ==, "семенова алена");
}

static void
test_fold_and_match (void)
{
  static const struct { const char *full_name, *typed; gboolean match; } table[] = {
    { "Семёнов Пётр Алексеевич", "семенов петр", TRUE },
    { "Семенов Петр Алексеевич", "СЕМЁНОВ ПЁТР", TRUE },
    { "Семёнов Пётр Алексеевич", "Алексеевич", TRUE },
    { "Семёнов Пётр Алексеевич", "алексееви ч", FALSE },
    { "Иванова Мария Петровна", "ИВАНОВА   МАР", TRUE },
    { "Иванова Мария Петровна", "Мария Иванова", FALSE },
    { "Д'Артаньян Шарль", "д’артаньян", TRUE },
    { "Салтыков-Щедрин Михаил", "салтыков‐щедрин", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (mfc_applicant_search_name_matches (table[i].full_name, table[i].typed) != table[i].match)
      g_error ("«%s» in «%s»: expected %d", table[i].typed, table[i].full_name, table[i].match);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/applicant-search/detect-table", test_detect_table);
  g_test_add_func ("/applicant-search/detect-value", test_detect_value);
  g_test_add_func ("/applicant-search/fold-and-match", test_fold_and_match);

  return g_test_run ();
}
