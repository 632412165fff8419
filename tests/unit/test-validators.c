/* test-validators.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mfc-validators.h"

static void
assert_code (const GError *error,
             int           code)
{
  g_assert_error (error, MFC_VALIDATION_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

/* TAP output must stay valid UTF-8 */
static const char *
show (const char *text)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    return "(invalid UTF-8)";
  return text;
}

static void
set_date (GDate *date,
          guint  day,
          guint  month,
          guint  year)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* СНИЛС */

/* The Pension Fund rule written another way round than in the library:
 * take 101 away until the sum fits, then 100 and 101 both give 00. */
static guint
reference_snils_check (const char *nine)
{
  guint sum = 0;

  for (guint i = 0; i < 9; i++)
    sum += (guint) (nine[i] - '0') * (9 - i);
  while (sum > 101)
    sum -= 101;

  return (sum == 100 || sum == 101) ? 0 : sum;
}

static void
test_snils_valid (void)
{
  static const struct { const char *in, *out; } cases[] = {
    /* 1·9+1·8+2·7+2·6+3·5+3·4+4·3+4·2+5·1 = 95 */
    { "112-233-445 95", "11223344595" },
    { "11223344595", "11223344595" },
    { "112 233 445 95", "11223344595" },
    { "  112-233-445 95\t", "11223344595" },
    /* sum 100 → 00 */
    { "412-402-212 00", "41240221200" },
    /* sum 101 → 00 */
    { "132-109-303 00", "13210930300" },
    /* sum 102 → 102 mod 101 = 01 */
    { "404-003-713 01", "40400371301" },
    /* sum 150 → 49 */
    { "406-650-108 49", "40665010849" },
    /* sum 201 → 100 → 00 */
    { "944-620-062 00", "94462006200" },
    /* sum 202 → 0 → 00 */
    { "087-654-303 00", "08765430300" },
    /* numbers up to 001-001-998 carry no check digits */
    { "001-001-998 00", "00100199800" },
    { "000-123-456 77", "00012345677" },
    /* the first number with a check: sum 65 */
    { "001-001-999 65", "00100199965" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("SNILS %s", cases[i].in);
      g_assert_true (mfc_validate_snils (cases[i].in, &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, cases[i].out);
    }

  /* the out parameter is optional */
  g_assert_true (mfc_validate_snils ("112-233-445 95", NULL, NULL));
}

static void
test_snils_invalid (void)
{
  static const struct { const char *in; int code; } cases[] = {
    { NULL, MFC_VALIDATION_ERROR_EMPTY },
    { "", MFC_VALIDATION_ERROR_EMPTY },
    { "   ", MFC_VALIDATION_ERROR_EMPTY },
    { "112-233-445 9", MFC_VALIDATION_ERROR_FORMAT },
    { "112-233-445 951", MFC_VALIDATION_ERROR_FORMAT },
    { "112-233-445 9O", MFC_VALIDATION_ERROR_FORMAT },
    { "112_233_445_95", MFC_VALIDATION_ERROR_FORMAT },
    { "112.233.445 95", MFC_VALIDATION_ERROR_FORMAT },
    { "СНИЛС 11223344595", MFC_VALIDATION_ERROR_FORMAT },
    { "112-233-445 96", MFC_VALIDATION_ERROR_CHECKSUM },
    { "112-233-445 59", MFC_VALIDATION_ERROR_CHECKSUM },
    { "121-233-445 95", MFC_VALIDATION_ERROR_CHECKSUM },
    { "412-402-212 01", MFC_VALIDATION_ERROR_CHECKSUM },
    { "001-001-999 64", MFC_VALIDATION_ERROR_CHECKSUM },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("SNILS %s", cases[i].in);
      g_assert_false (mfc_validate_snils (cases[i].in, &normalized, &error));
      assert_code (error, cases[i].code);
      g_assert_null (normalized);
    }
}

static void
test_snils_generated (void)
{
  for (guint n = 0; n < 2000; n++)
    {
      char nine[10];
      g_autofree char *valid = NULL;
      g_autofree char *wrong = NULL;
      g_autofree char *formatted = NULL;
      g_autoptr(GError) error = NULL;
      guint check;
      guint pos, digit;

      g_snprintf (nine, sizeof nine, "%09d",
                  g_test_rand_int_range (1001999, 1000000000));
      check = reference_snils_check (nine);
      valid = g_strdup_printf ("%s%02u", nine, check);

      g_assert_true (mfc_validate_snils (valid, NULL, &error));
      g_assert_no_error (error);

      formatted = mfc_format_snils (valid);
      g_assert_true (mfc_validate_snils (formatted, NULL, &error));
      g_assert_no_error (error);

      /* other check digits are always wrong */
      wrong = g_strdup_printf ("%s%02u", nine, (check + 1 + (guint) g_test_rand_int_range (0, 98)) % 100);
      g_assert_false (mfc_validate_snils (wrong, NULL, &error));
      assert_code (error, MFC_VALIDATION_ERROR_CHECKSUM);
      g_clear_error (&error);

      /* a mistyped digit: the library must agree with the reference */
      pos = (guint) g_test_rand_int_range (0, 9);
      digit = ((guint) (valid[pos] - '0') + (guint) g_test_rand_int_range (1, 10)) % 10;
      g_free (wrong);
      wrong = g_strdup (valid);
      wrong[pos] = (char) ('0' + digit);
      {
        guint body = (guint) (g_ascii_strtoull (wrong, NULL, 10) / 100);
        gboolean expect = body <= 1001998 || reference_snils_check (wrong) == check;

        g_assert_cmpint (mfc_validate_snils (wrong, NULL, &error), ==, expect);
        if (!expect)
          assert_code (error, MFC_VALIDATION_ERROR_CHECKSUM);
        g_clear_error (&error);
      }
    }
}

static void
test_snils_check_digits (void)
{
  static const struct { const char *nine; int check; } cases[] = {
    { "112233445", 95 },
    /* sum 100 → 00, 101 → 00, 102 → 01, 150 → 49, 201 → 00, 202 → 00 */
    { "412402212", 0 },
    { "132109303", 0 },
    { "404003713", 1 },
    { "406650108", 49 },
    { "944620062", 0 },
    { "087654303", 0 },
    { "001001999", 65 },
    /* not nine digits */
    { "", -1 },
    { "11223344", -1 },
    { "1122334459", -1 },
    { "11223344O", -1 },
    { "112-233-445", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("SNILS check of %s", cases[i].nine);
      g_assert_cmpint (mfc_snils_check_digits (cases[i].nine), ==, cases[i].check);
    }

  /* what it computes, mfc_validate_snils() accepts, and agrees with the reference */
  for (guint n = 0; n < 1000; n++)
    {
      char nine[10];
      g_autofree char *snils = NULL;
      int check;

      g_snprintf (nine, sizeof nine, "%09d", g_test_rand_int_range (1001999, 1000000000));
      check = mfc_snils_check_digits (nine);
      g_assert_cmpint (check, ==, (int) reference_snils_check (nine));
      snils = g_strdup_printf ("%s%02d", nine, check);
      g_assert_true (mfc_validate_snils (snils, NULL, NULL));
    }
}

static void
test_snils_format (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "11223344595", "112-233-445 95" },
    { "112 233 445 95", "112-233-445 95" },
    { "112-233-445 95", "112-233-445 95" },
    { " 00100199800 ", "001-001-998 00" },
    { "1122334459", NULL },
    { "", NULL },
    { NULL, NULL },
    { "112-233-445 9x", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *formatted = mfc_format_snils (cases[i].in);

      g_assert_cmpstr (formatted, ==, cases[i].out);
    }
}

/* ИНН */

static guint
reference_inn_digit (const char  *digits,
                     const guint *weights,
                     guint        n)
{
  guint sum = 0;

  for (guint i = 0; i < n; i++)
    sum += (guint) (digits[i] - '0') * weights[i];

  return sum % 11 % 10;
}

static void
test_inn_valid (void)
{
  static const struct { const char *in, *out; MfcInnKind kind; } cases[] = {
    /* organisations */
    { "7707083893", "7707083893", MFC_INN_KIND_ANY },
    { "7830002293", "7830002293", MFC_INN_KIND_ORGANISATION },
    { " 7736207543 ", "7736207543", MFC_INN_KIND_ANY },
    { "7707 083893", "7707083893", MFC_INN_KIND_ANY },
    /* persons */
    { "500100732259", "500100732259", MFC_INN_KIND_ANY },
    { "500100732259", "500100732259", MFC_INN_KIND_PERSON },
    { "123456789047", "123456789047", MFC_INN_KIND_PERSON },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("INN %s", cases[i].in);
      g_assert_true (mfc_validate_inn (cases[i].in, cases[i].kind, &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, cases[i].out);
    }
}

static void
test_inn_invalid (void)
{
  static const struct { const char *in; MfcInnKind kind; int code; } cases[] = {
    { NULL, MFC_INN_KIND_ANY, MFC_VALIDATION_ERROR_EMPTY },
    { "", MFC_INN_KIND_PERSON, MFC_VALIDATION_ERROR_EMPTY },
    { "  ", MFC_INN_KIND_ANY, MFC_VALIDATION_ERROR_EMPTY },
    { "12345", MFC_INN_KIND_ANY, MFC_VALIDATION_ERROR_FORMAT },
    { "77070838931", MFC_INN_KIND_ANY, MFC_VALIDATION_ERROR_FORMAT },
    { "77O7083893", MFC_INN_KIND_ANY, MFC_VALIDATION_ERROR_FORMAT },
    { "7707-083893", MFC_INN_KIND_ANY, MFC_VALIDATION_ERROR_FORMAT },
    /* a valid organisation's INN where a person's is required */
    { "7707083893", MFC_INN_KIND_PERSON, MFC_VALIDATION_ERROR_FORMAT },
    { "500100732259", MFC_INN_KIND_ORGANISATION, MFC_VALIDATION_ERROR_FORMAT },
    { "7707083894", MFC_INN_KIND_ANY, MFC_VALIDATION_ERROR_CHECKSUM },
    { "7707038893", MFC_INN_KIND_ORGANISATION, MFC_VALIDATION_ERROR_CHECKSUM },
    /* second check digit wrong */
    { "500100732258", MFC_INN_KIND_ANY, MFC_VALIDATION_ERROR_CHECKSUM },
    /* first check digit wrong */
    { "500100732249", MFC_INN_KIND_PERSON, MFC_VALIDATION_ERROR_CHECKSUM },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("INN %s", cases[i].in);
      g_assert_false (mfc_validate_inn (cases[i].in, cases[i].kind, &normalized, &error));
      assert_code (error, cases[i].code);
      g_assert_null (normalized);
    }
}

static void
test_inn_generated (void)
{
  static const guint w10[] = { 2, 4, 10, 3, 5, 9, 4, 6, 8 };
  static const guint w11[] = { 7, 2, 4, 10, 3, 5, 9, 4, 6, 8 };
  static const guint w12[] = { 3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8 };

  for (guint n = 0; n < 1000; n++)
    {
      char org[11];
      char person[13];
      g_autoptr(GError) error = NULL;

      for (guint i = 0; i < 9; i++)
        org[i] = (char) ('0' + g_test_rand_int_range (0, 10));
      org[9] = (char) ('0' + reference_inn_digit (org, w10, 9));
      org[10] = '\0';

      for (guint i = 0; i < 10; i++)
        person[i] = (char) ('0' + g_test_rand_int_range (0, 10));
      person[10] = (char) ('0' + reference_inn_digit (person, w11, 10));
      person[11] = (char) ('0' + reference_inn_digit (person, w12, 11));
      person[12] = '\0';

      g_assert_true (mfc_validate_inn (org, MFC_INN_KIND_ANY, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (mfc_validate_inn (person, MFC_INN_KIND_PERSON, NULL, &error));
      g_assert_no_error (error);

      /* any other last digit is wrong */
      org[9] = (char) ('0' + (org[9] - '0' + g_test_rand_int_range (1, 10)) % 10);
      g_assert_false (mfc_validate_inn (org, MFC_INN_KIND_ANY, NULL, &error));
      assert_code (error, MFC_VALIDATION_ERROR_CHECKSUM);
      g_clear_error (&error);

      person[11] = (char) ('0' + (person[11] - '0' + g_test_rand_int_range (1, 10)) % 10);
      g_assert_false (mfc_validate_inn (person, MFC_INN_KIND_ANY, NULL, &error));
      assert_code (error, MFC_VALIDATION_ERROR_CHECKSUM);
    }
}

static void
test_inn_complete (void)
{
  static const struct { const char *in, *out; } cases[] = {
    /* organisations: 9 digits + 1 */
    { "770708389", "7707083893" },
    { "783000229", "7830002293" },
    { "773620754", "7736207543" },
    /* persons: 10 digits + 2 */
    { "5001007322", "500100732259" },
    { "1234567890", "123456789047" },
    /* not 9 or 10 digits */
    { "", NULL },
    { "77070838", NULL },
    { "77070838931", NULL },
    { "77O708389", NULL },
    { "5001 07322", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *inn = mfc_inn_complete (cases[i].in);

      g_test_message ("INN from %s", cases[i].in);
      g_assert_cmpstr (inn, ==, cases[i].out);
      if (inn != NULL)
        g_assert_true (mfc_validate_inn (inn, MFC_INN_KIND_ANY, NULL, NULL));
    }
}

/* Passport */

static void
test_passport_number (void)
{
  static const char * const valid[] = {
    "45 06 123456", "4506 123456", "4506123456", " 4506  123456 ",
    "45 06 № 123456", "4506 №123456",
  };
  static const struct { const char *in; int code; } invalid[] = {
    { NULL, MFC_VALIDATION_ERROR_EMPTY },
    { "", MFC_VALIDATION_ERROR_EMPTY },
    { " ", MFC_VALIDATION_ERROR_EMPTY },
    { "45 06 12345", MFC_VALIDATION_ERROR_FORMAT },
    { "45 06 1234567", MFC_VALIDATION_ERROR_FORMAT },
    { "45 0б 123456", MFC_VALIDATION_ERROR_FORMAT },
    { "45-06-123456", MFC_VALIDATION_ERROR_FORMAT },
    { "№", MFC_VALIDATION_ERROR_FORMAT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *series = NULL;
      g_autofree char *number = NULL;
      g_autofree char *printed = NULL;

      g_test_message ("passport %s", valid[i]);
      g_assert_true (mfc_validate_passport (valid[i], &series, &number, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (series, ==, "4506");
      g_assert_cmpstr (number, ==, "123456");

      printed = mfc_format_passport (series, number);
      g_assert_cmpstr (printed, ==, "45 06 123456");
    }

  g_assert_true (mfc_validate_passport ("4506123456", NULL, NULL, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *series = NULL;
      g_autofree char *number = NULL;

      g_test_message ("passport %s", invalid[i].in);
      g_assert_false (mfc_validate_passport (invalid[i].in, &series, &number, &error));
      assert_code (error, invalid[i].code);
      g_assert_null (series);
      g_assert_null (number);
    }
}

static void
test_passport_division_code (void)
{
  static const char * const valid[] = { "770-001", "770001", "770 001", " 770-001 " };
  static const struct { const char *in; int code; } invalid[] = {
    { NULL, MFC_VALIDATION_ERROR_EMPTY },
    { "", MFC_VALIDATION_ERROR_EMPTY },
    { "77-001", MFC_VALIDATION_ERROR_FORMAT },
    { "770-0011", MFC_VALIDATION_ERROR_FORMAT },
    { "770/001", MFC_VALIDATION_ERROR_FORMAT },
    { "77O-001", MFC_VALIDATION_ERROR_FORMAT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_assert_true (mfc_validate_division_code (valid[i], &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, "770-001");
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("division code %s", invalid[i].in);
      g_assert_false (mfc_validate_division_code (invalid[i].in, &normalized, &error));
      assert_code (error, invalid[i].code);
      g_assert_null (normalized);
    }
}

static void
test_passport_issue_date (void)
{
  GDate today, birth, issue, cleared, leap_birth;
  g_autoptr(GError) error = NULL;

  set_date (&today, 23, 11, 2026);
  set_date (&birth, 10, 5, 2000);
  g_date_clear (&cleared, 1);

  /* on the 14th birthday */
  set_date (&issue, 10, 5, 2014);
  g_assert_true (mfc_validate_passport_issue_date (&issue, &birth, &today, &error));
  g_assert_no_error (error);

  /* the day before */
  set_date (&issue, 9, 5, 2014);
  g_assert_false (mfc_validate_passport_issue_date (&issue, &birth, &today, &error));
  assert_code (error, MFC_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);

  /* before birth */
  set_date (&issue, 1, 1, 1999);
  g_assert_false (mfc_validate_passport_issue_date (&issue, &birth, &today, &error));
  assert_code (error, MFC_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);

  /* without a date of birth only the future is refused */
  g_assert_true (mfc_validate_passport_issue_date (&issue, NULL, &today, &error));
  g_assert_no_error (error);
  g_assert_true (mfc_validate_passport_issue_date (&issue, &cleared, &today, &error));
  g_assert_no_error (error);

  /* today is fine, tomorrow is not */
  set_date (&issue, 23, 11, 2026);
  g_assert_true (mfc_validate_passport_issue_date (&issue, &birth, &today, &error));
  g_assert_no_error (error);
  set_date (&issue, 24, 11, 2026);
  g_assert_false (mfc_validate_passport_issue_date (&issue, &birth, &today, &error));
  assert_code (error, MFC_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);

  /* born on 29 February: 14 on 28 February */
  set_date (&leap_birth, 29, 2, 2008);
  set_date (&issue, 28, 2, 2022);
  g_assert_true (mfc_validate_passport_issue_date (&issue, &leap_birth, &today, &error));
  g_assert_no_error (error);
  set_date (&issue, 27, 2, 2022);
  g_assert_false (mfc_validate_passport_issue_date (&issue, &leap_birth, &today, &error));
  assert_code (error, MFC_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);

  /* %NULL today is the real today */
  set_date (&issue, 1, 1, 2010);
  g_assert_true (mfc_validate_passport_issue_date (&issue, NULL, NULL, &error));
  g_assert_no_error (error);
  set_date (&issue, 1, 1, 2999);
  g_assert_false (mfc_validate_passport_issue_date (&issue, NULL, &cleared, &error));
  assert_code (error, MFC_VALIDATION_ERROR_RANGE);
}

/* Phone */

static void
test_phone (void)
{
  static const struct { const char *in, *out; } valid[] = {
    { "+7 (912) 345-67-89", "+79123456789" },
    { "8 912 345 67 89", "+79123456789" },
    { "89123456789", "+79123456789" },
    { "+79123456789", "+79123456789" },
    { "79123456789", "+79123456789" },
    { "912 345-67-89", "+79123456789" },
    { "8 (912) 345-67-89", "+79123456789" },
    { "+7 912.345.67.89", "+79123456789" },
    { "  +7 (495) 123-45-67 ", "+74951234567" },
    { "8 800 555-35-35", "+78005553535" },
    { "8 (3532) 12-34-56", "+73532123456" },
  };
  static const struct { const char *in; int code; } invalid[] = {
    { NULL, MFC_VALIDATION_ERROR_EMPTY },
    { "", MFC_VALIDATION_ERROR_EMPTY },
    { " \t", MFC_VALIDATION_ERROR_EMPTY },
    { "+7 912 345 67 8", MFC_VALIDATION_ERROR_FORMAT },
    { "+7 912 345 67 890", MFC_VALIDATION_ERROR_FORMAT },
    { "+8 912 345 67 89", MFC_VALIDATION_ERROR_FORMAT },
    { "+89123456789", MFC_VALIDATION_ERROR_FORMAT },
    { "99123456789", MFC_VALIDATION_ERROR_FORMAT },
    { "+7 712 345 67 89", MFC_VALIDATION_ERROR_FORMAT },   /* Kazakhstan */
    { "+7 012 345 67 89", MFC_VALIDATION_ERROR_FORMAT },
    { "+380 50 123 45 67", MFC_VALIDATION_ERROR_FORMAT },
    { "8 912 345 67 89 доб. 12", MFC_VALIDATION_ERROR_FORMAT },
    { "+7 912 345 67 89+", MFC_VALIDATION_ERROR_FORMAT },
    { "7+9123456789", MFC_VALIDATION_ERROR_FORMAT },
    { "123", MFC_VALIDATION_ERROR_FORMAT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("phone %s", valid[i].in);
      g_assert_true (mfc_validate_phone (valid[i].in, &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, valid[i].out);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("phone %s", invalid[i].in);
      g_assert_false (mfc_validate_phone (invalid[i].in, &normalized, &error));
      assert_code (error, invalid[i].code);
      g_assert_null (normalized);
    }
}

/* E-mail */

static void
test_email (void)
{
  static const struct { const char *in, *out; } valid[] = {
    { "ivanov@mail.ru", "ivanov@mail.ru" },
    { "  Ivan.Petrov+mfc@Example.COM ", "Ivan.Petrov+mfc@example.com" },
    { "a@b.co", "a@b.co" },
    { "o'neil_1990@sub.domain-name.org", "o'neil_1990@sub.domain-name.org" },
    { "mfc@ПОЧТА.РФ", "mfc@почта.рф" },
    { "info@xn--80a1acny.xn--p1ai", "info@xn--80a1acny.xn--p1ai" },
  };
  static const struct { const char *in; int code; } invalid[] = {
    { NULL, MFC_VALIDATION_ERROR_EMPTY },
    { "", MFC_VALIDATION_ERROR_EMPTY },
    { "   ", MFC_VALIDATION_ERROR_EMPTY },
    { "ivanov", MFC_VALIDATION_ERROR_FORMAT },
    { "ivanov@", MFC_VALIDATION_ERROR_FORMAT },
    { "@mail.ru", MFC_VALIDATION_ERROR_FORMAT },
    { "ivanov@mail", MFC_VALIDATION_ERROR_FORMAT },
    { "iva nov@mail.ru", MFC_VALIDATION_ERROR_FORMAT },
    { "ivanov@mail .ru", MFC_VALIDATION_ERROR_FORMAT },
    { "ivanov@@mail.ru", MFC_VALIDATION_ERROR_FORMAT },
    { "iv@nov@mail.ru", MFC_VALIDATION_ERROR_FORMAT },
    { "ivanov@mail..ru", MFC_VALIDATION_ERROR_FORMAT },
    { "ivanov@.mail.ru", MFC_VALIDATION_ERROR_FORMAT },
    { "ivanov@mail.ru.", MFC_VALIDATION_ERROR_FORMAT },
    { ".ivanov@mail.ru", MFC_VALIDATION_ERROR_FORMAT },
    { "ivanov.@mail.ru", MFC_VALIDATION_ERROR_FORMAT },
    { "iva..nov@mail.ru", MFC_VALIDATION_ERROR_FORMAT },
    { "ivanov@-mail.ru", MFC_VALIDATION_ERROR_FORMAT },
    { "ivanov@mail-.ru", MFC_VALIDATION_ERROR_FORMAT },
    { "ivanov@mail.r", MFC_VALIDATION_ERROR_FORMAT },
    { "ivanov@mail.123", MFC_VALIDATION_ERROR_FORMAT },
    { "ivanov@mail_box.ru", MFC_VALIDATION_ERROR_FORMAT },
    { "иванов@mail.ru", MFC_VALIDATION_ERROR_FORMAT },
    { "<ivanov@mail.ru>", MFC_VALIDATION_ERROR_FORMAT },
    { "ivanov@mail.ru\xff", MFC_VALIDATION_ERROR_FORMAT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("e-mail %s", valid[i].in);
      g_assert_true (mfc_validate_email (valid[i].in, &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, valid[i].out);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("e-mail %s", show (invalid[i].in));
      g_assert_false (mfc_validate_email (invalid[i].in, &normalized, &error));
      assert_code (error, invalid[i].code);
      g_assert_null (normalized);
    }
}

static void
test_email_length (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *local64 = g_strnfill (64, 'a');
  g_autofree char *local65 = g_strnfill (65, 'a');
  g_autofree char *label63 = g_strnfill (63, 'b');
  g_autofree char *label64 = g_strnfill (64, 'b');
  g_autofree char *ok = NULL;
  g_autofree char *long_local = NULL;
  g_autofree char *long_label = NULL;
  g_autofree char *long_total = NULL;

  ok = g_strdup_printf ("%s@%s.ru", local64, label63);
  g_assert_true (mfc_validate_email (ok, NULL, &error));
  g_assert_no_error (error);

  long_local = g_strdup_printf ("%s@mail.ru", local65);
  g_assert_false (mfc_validate_email (long_local, NULL, &error));
  assert_code (error, MFC_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);

  long_label = g_strdup_printf ("a@%s.ru", label64);
  g_assert_false (mfc_validate_email (long_label, NULL, &error));
  assert_code (error, MFC_VALIDATION_ERROR_FORMAT);
  g_clear_error (&error);

  /* 64 + 1 + 3·64 + 2 = 259 > 254 */
  long_total = g_strdup_printf ("%s@%s.%s.%s.ru", local64, label63, label63, label63);
  g_assert_false (mfc_validate_email (long_total, NULL, &error));
  assert_code (error, MFC_VALIDATION_ERROR_RANGE);
}

/* Dates */

static void
test_date_parse (void)
{
  static const struct { const char *in; guint d, m, y; } valid[] = {
    { "09.01.2026", 9, 1, 2026 },
    { "9.1.2026", 9, 1, 2026 },
    { "2026-01-09", 9, 1, 2026 },
    { " 29.02.2024 ", 29, 2, 2024 },
    { "2024-02-29", 29, 2, 2024 },
    { "31.12.1899", 31, 12, 1899 },
  };
  static const struct { const char *in; int code; } invalid[] = {
    { NULL, MFC_VALIDATION_ERROR_EMPTY },
    { "", MFC_VALIDATION_ERROR_EMPTY },
    { "  ", MFC_VALIDATION_ERROR_EMPTY },
    { "9/1/2026", MFC_VALIDATION_ERROR_FORMAT },
    { "09.01.26", MFC_VALIDATION_ERROR_FORMAT },
    { "09.01.20266", MFC_VALIDATION_ERROR_FORMAT },
    { "123.01.2026", MFC_VALIDATION_ERROR_FORMAT },
    { "09.01.2026г", MFC_VALIDATION_ERROR_FORMAT },
    { "09.01.2026 10:00", MFC_VALIDATION_ERROR_FORMAT },
    { "2026-1-9", MFC_VALIDATION_ERROR_FORMAT },
    { "2026-01-09T00:00:00+03:00", MFC_VALIDATION_ERROR_FORMAT },
    { "девятое января", MFC_VALIDATION_ERROR_FORMAT },
    { "31.02.2026", MFC_VALIDATION_ERROR_RANGE },
    { "29.02.2025", MFC_VALIDATION_ERROR_RANGE },
    { "00.01.2026", MFC_VALIDATION_ERROR_RANGE },
    { "01.13.2026", MFC_VALIDATION_ERROR_RANGE },
    { "01.00.2026", MFC_VALIDATION_ERROR_RANGE },
    { "01.01.0000", MFC_VALIDATION_ERROR_RANGE },
    { "2026-13-01", MFC_VALIDATION_ERROR_RANGE },
    { "2026-04-31", MFC_VALIDATION_ERROR_RANGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate date;

      g_test_message ("date %s", valid[i].in);
      g_assert_true (mfc_parse_date (valid[i].in, &date, &error));
      g_assert_no_error (error);
      g_assert_true (g_date_valid (&date));
      g_assert_cmpuint (g_date_get_day (&date), ==, valid[i].d);
      g_assert_cmpuint (g_date_get_month (&date), ==, valid[i].m);
      g_assert_cmpuint (g_date_get_year (&date), ==, valid[i].y);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate date;

      g_date_clear (&date, 1);
      g_test_message ("date %s", invalid[i].in);
      g_assert_false (mfc_parse_date (invalid[i].in, &date, &error));
      assert_code (error, invalid[i].code);
      g_assert_false (g_date_valid (&date));
    }
}

static void
test_date_time (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) yekaterinburg = g_time_zone_new_offset (5 * 3600);
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) none = NULL;

  dt = mfc_parse_date_time ("09.01.2026", yekaterinburg, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dt);
  g_assert_cmpint (g_date_time_get_year (dt), ==, 2026);
  g_assert_cmpint (g_date_time_get_month (dt), ==, 1);
  g_assert_cmpint (g_date_time_get_day_of_month (dt), ==, 9);
  g_assert_cmpint (g_date_time_get_hour (dt), ==, 0);
  g_assert_cmpint (g_date_time_get_utc_offset (dt), ==, (GTimeSpan) 5 * G_TIME_SPAN_HOUR);
  /* midnight in Yekaterinburg is 19:00 UTC the day before */
  g_assert_cmpint (g_date_time_to_unix (dt), ==, G_GINT64_CONSTANT (1767898800));

  local = mfc_parse_date_time ("2026-01-09", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_get_day_of_month (local), ==, 9);
  g_assert_cmpint (g_date_time_get_hour (local), ==, 0);

  none = mfc_parse_date_time ("30.02.2026", NULL, &error);
  g_assert_null (none);
  assert_code (error, MFC_VALIDATION_ERROR_RANGE);
}

static void
test_date_birth (void)
{
  GDate today, birth, cleared;
  g_autoptr(GError) error = NULL;

  set_date (&today, 23, 11, 2026);
  g_date_clear (&cleared, 1);

  set_date (&birth, 23, 11, 2026);
  g_assert_true (mfc_validate_birth_date (&birth, &today, &error));
  g_assert_no_error (error);

  set_date (&birth, 24, 11, 2026);
  g_assert_false (mfc_validate_birth_date (&birth, &today, &error));
  assert_code (error, MFC_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);

  /* exactly 130 years */
  set_date (&birth, 23, 11, 1896);
  g_assert_true (mfc_validate_birth_date (&birth, &today, &error));
  g_assert_no_error (error);

  set_date (&birth, 22, 11, 1896);
  g_assert_false (mfc_validate_birth_date (&birth, &today, &error));
  assert_code (error, MFC_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);

  /* %NULL or cleared today is the real today */
  set_date (&birth, 14, 6, 1985);
  g_assert_true (mfc_validate_birth_date (&birth, NULL, &error));
  g_assert_no_error (error);
  set_date (&birth, 1, 1, 3000);
  g_assert_false (mfc_validate_birth_date (&birth, &cleared, &error));
  assert_code (error, MFC_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);
  set_date (&birth, 1, 1, 1800);
  g_assert_false (mfc_validate_birth_date (&birth, NULL, &error));
  assert_code (error, MFC_VALIDATION_ERROR_RANGE);
}

static void
test_date_format (void)
{
  GDate date;
  g_autofree char *ru = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *old = NULL;

  set_date (&date, 9, 1, 2026);
  ru = mfc_format_date (&date);
  iso = mfc_format_date_iso (&date);
  g_assert_cmpstr (ru, ==, "09.01.2026");
  g_assert_cmpstr (iso, ==, "2026-01-09");

  set_date (&date, 5, 3, 987);
  old = mfc_format_date (&date);
  g_assert_cmpstr (old, ==, "05.03.0987");

  /* the formatted forms parse back to the same day */
  for (guint i = 0; i < 500; i++)
    {
      GDate d, back_ru, back_iso;
      g_autofree char *s_ru = NULL;
      g_autofree char *s_iso = NULL;

      g_date_clear (&d, 1);
      g_date_set_julian (&d, (guint32) g_test_rand_int_range (690000, 740000));
      s_ru = mfc_format_date (&d);
      s_iso = mfc_format_date_iso (&d);
      g_assert_true (mfc_parse_date (s_ru, &back_ru, NULL));
      g_assert_true (mfc_parse_date (s_iso, &back_iso, NULL));
      g_assert_cmpint (g_date_compare (&d, &back_ru), ==, 0);
      g_assert_cmpint (g_date_compare (&d, &back_iso), ==, 0);
    }
}

/* Names */

static void
test_name_valid (void)
{
  g_autofree char *hundred = NULL;
  g_autofree char *hundred_out = NULL;
  static const struct { const char *in, *out; } cases[] = {
    { "Иванов", "Иванов" },
    { "  Салтыков-Щедрин ", "Салтыков-Щедрин" },
    { "Ёлкина", "Ёлкина" },
    { "Д’Артаньян", "Д'Артаньян" },
    { "Д'Артаньян", "Д'Артаньян" },
    { "де  Голль", "де Голль" },
    { "Мамин\u2011Сибиряк", "Мамин-Сибиряк" },
    { "Анна\u00a0Мария", "Анна Мария" },
    { "O'Brien", "O'Brien" },
    { "Jean-Luc", "Jean-Luc" },
    { "Müller", "Müller" },
    { "Я", "Я" },
    /* и + combining breve becomes й */
    { "Андре\xd0\xb8\xcc\x86", "Андрей" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("name %s", cases[i].in);
      g_assert_true (mfc_validate_name_part (cases[i].in, &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, cases[i].out);
    }

  /* 100 letters (200 bytes) is the limit */
  {
    g_autoptr(GString) s = g_string_new (NULL);

    for (guint i = 0; i < 100; i++)
      g_string_append (s, "ж");
    hundred = g_string_free (g_steal_pointer (&s), FALSE);
  }
  g_assert_true (mfc_validate_name_part (hundred, &hundred_out, NULL));
  g_assert_cmpstr (hundred, ==, hundred_out);
}

static void
test_name_invalid (void)
{
  g_autofree char *long_name = NULL;
  static const struct { const char *in; int code; } cases[] = {
    { NULL, MFC_VALIDATION_ERROR_EMPTY },
    { "", MFC_VALIDATION_ERROR_EMPTY },
    { " \t ", MFC_VALIDATION_ERROR_EMPTY },
    { "Иванов1", MFC_VALIDATION_ERROR_FORMAT },
    { "Ivan!", MFC_VALIDATION_ERROR_FORMAT },
    { "Иванов.", MFC_VALIDATION_ERROR_FORMAT },
    { "Ἀλέξανδρος", MFC_VALIDATION_ERROR_FORMAT },   /* Greek */
    { "\xff\xfe", MFC_VALIDATION_ERROR_FORMAT },
    /* a Latin "o" typed in a Cyrillic name */
    { "Иванoв", MFC_VALIDATION_ERROR_FORMAT },
    { "-Иван", MFC_VALIDATION_ERROR_FORMAT },
    { "Иван-", MFC_VALIDATION_ERROR_FORMAT },
    { "'Иван", MFC_VALIDATION_ERROR_FORMAT },
    { "Анна--Мария", MFC_VALIDATION_ERROR_FORMAT },
    { "Анна - Мария", MFC_VALIDATION_ERROR_FORMAT },
    { "-", MFC_VALIDATION_ERROR_FORMAT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("name %s", show (cases[i].in));
      g_assert_false (mfc_validate_name_part (cases[i].in, &normalized, &error));
      assert_code (error, cases[i].code);
      g_assert_null (normalized);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GString) s = g_string_new (NULL);

    for (guint i = 0; i < 101; i++)
      g_string_append (s, "ж");
    long_name = g_string_free (g_steal_pointer (&s), FALSE);
    g_assert_false (mfc_validate_name_part (long_name, NULL, &error));
    assert_code (error, MFC_VALIDATION_ERROR_RANGE);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validators/snils/valid", test_snils_valid);
  g_test_add_func ("/validators/snils/invalid", test_snils_invalid);
  g_test_add_func ("/validators/snils/generated", test_snils_generated);
  g_test_add_func ("/validators/snils/format", test_snils_format);
  g_test_add_func ("/validators/snils/check-digits", test_snils_check_digits);
  g_test_add_func ("/validators/inn/valid", test_inn_valid);
  g_test_add_func ("/validators/inn/invalid", test_inn_invalid);
  g_test_add_func ("/validators/inn/generated", test_inn_generated);
  g_test_add_func ("/validators/inn/complete", test_inn_complete);
  g_test_add_func ("/validators/passport/number", test_passport_number);
  g_test_add_func ("/validators/passport/division-code", test_passport_division_code);
  g_test_add_func ("/validators/passport/issue-date", test_passport_issue_date);
  g_test_add_func ("/validators/phone", test_phone);
  g_test_add_func ("/validators/email/format", test_email);
  g_test_add_func ("/validators/email/length", test_email_length);
  g_test_add_func ("/validators/date/parse", test_date_parse);
  g_test_add_func ("/validators/date/date-time", test_date_time);
  g_test_add_func ("/validators/date/birth", test_date_birth);
  g_test_add_func ("/validators/date/format", test_date_format);
  g_test_add_func ("/validators/name/valid", test_name_valid);
  g_test_add_func ("/validators/name/invalid", test_name_invalid);

  return g_test_run ();
}
