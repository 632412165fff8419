/* mfc-validators.c
 *
 * The intake form checks every field as the clerk types, and the training
 * server checks the same fields again when they arrive.  Both call these
 * functions, so a number the form accepts is never refused by the server
 * for a reason the clerk was not shown.
 *
 * Each validator trims what was typed, accepts the usual ways of writing
 * the value, and hands back one normalized form for storage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mfc-validators.h"

/* Limits of RFC 5321: 64 bytes before the @, 254 in all, 63 a label. */
#define EMAIL_LOCAL_MAX   64
#define EMAIL_TOTAL_MAX   254
#define EMAIL_LABEL_MAX   63
#define NAME_PART_MAX     100
#define PASSPORT_MIN_AGE  14
#define BIRTH_MAX_AGE     130

/* Numbers up to 001-001-998 were issued before the check digits were
 * introduced, so theirs are not computed. */
#define SNILS_LAST_UNCHECKED 1001998

G_DEFINE_QUARK (mfc-validation-error-quark, mfc_validation_error)

static char *
trim_dup (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

/* Returns the ASCII digits of @text when every other character is one of
 * @separators, else %NULL. */
static char *
digits_only (const char *text,
             const char *separators)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (strchr (separators, *p) == NULL)
        return NULL;
    }

  return g_string_free (g_steal_pointer (&digits), FALSE);
}

static void
resolve_today (const GDate *today,
               GDate       *out)
{
  g_autoptr(GDateTime) now = NULL;

  if (today != NULL && g_date_valid (today))
    {
      *out = *today;
      return;
    }

  now = g_date_time_new_now_local ();
  g_date_clear (out, 1);
  g_date_set_dmy (out,
                  g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

/* СНИЛС */

static guint
snils_check_number (const char *digits)
{
  guint sum = 0;

  g_assert (strlen (digits) >= 9);

  for (guint i = 0; i < 9; i++)
    sum += (guint) (digits[i] - '0') * (9 - i);

  /* The Pension Fund rule: below 100 the sum is the check number, 100 and
   * 101 give 00, anything larger is reduced modulo 101 first. */
  if (sum > 101)
    sum %= 101;
  if (sum >= 100)
    sum = 0;

  return sum;
}

/**
 * mfc_validate_snils:
 * @text: what was typed: "12345678901", "123-456-789 01" or "123 456 789 01"
 * @normalized: (out) (optional) (transfer full): the 11 digits
 * @error: return location for a translated, clerk-readable error
 *
 * Returns: %TRUE when @text is a SNILS with correct check digits
 */
gboolean
mfc_validate_snils (const char  *text,
                    char       **normalized,
                    GError     **error)
{
  g_autofree char *trimmed = trim_dup (text);
  g_autofree char *digits = NULL;
  guint body = 0;

  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_EMPTY,
                           _("Enter the SNILS"));
      return FALSE;
    }

  digits = digits_only (trimmed, " -");
  if (digits == NULL || strlen (digits) != 11)
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_FORMAT,
                           _("SNILS must have 11 digits, for example 123-456-789 01"));
      return FALSE;
    }

  for (guint i = 0; i < 9; i++)
    body = body * 10 + (guint) (digits[i] - '0');

  if (body > SNILS_LAST_UNCHECKED &&
      snils_check_number (digits) != (guint) ((digits[9] - '0') * 10 + (digits[10] - '0')))
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_CHECKSUM,
                           _("The SNILS check digits do not match, check the number"));
      return FALSE;
    }

  if (normalized != NULL)
    *normalized = g_steal_pointer (&digits);

  return TRUE;
}

/**
 * mfc_format_snils:
 * @snils: a SNILS in any form mfc_validate_snils() accepts
 *
 * Only the layout is changed; the check digits are not verified.
 *
 * Returns: (transfer full) (nullable): "123-456-789 01", or %NULL when
 *   @snils does not have 11 digits
 */
char *
mfc_format_snils (const char *snils)
{
  g_autofree char *trimmed = trim_dup (snils);
  g_autofree char *d = digits_only (trimmed, " -");

  if (d == NULL || strlen (d) != 11)
    return NULL;

  return g_strdup_printf ("%.3s-%.3s-%.3s %.2s", d, d + 3, d + 6, d + 9);
}

/* TRUE when @text is exactly @n ASCII digits */
static gboolean
all_digits (const char *text,
            gsize       n)
{
  gsize i;

  for (i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return text[i] == '\0';
}

/**
 * mfc_snils_check_digits:
 * @nine_digits: the nine digits of a SNILS, without its check number
 *
 * For code that makes numbers (the training server's seeds); the same rule
 * mfc_validate_snils() checks.  Numbers up to 001-001-998 carry no check
 * number: this still computes one for them.
 *
 * Returns: the check number, 0..99 (written as two digits), or -1 when
 *   @nine_digits is not nine ASCII digits
 */
int
mfc_snils_check_digits (const char *nine_digits)
{
  g_return_val_if_fail (nine_digits != NULL, -1);

  if (!all_digits (nine_digits, 9))
    return -1;

  return (int) snils_check_number (nine_digits);
}

/* ИНН */

static guint
inn_check_digit (const char  *digits,
                 const guint *weights,
                 guint        n_weights)
{
  guint sum = 0;

  for (guint i = 0; i < n_weights; i++)
    sum += (guint) (digits[i] - '0') * weights[i];

  return sum % 11 % 10;
}

static const guint inn_w10[] = { 2, 4, 10, 3, 5, 9, 4, 6, 8 };
static const guint inn_w11[] = { 7, 2, 4, 10, 3, 5, 9, 4, 6, 8 };
static const guint inn_w12[] = { 3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8 };

static gboolean
inn_checksum_ok (const char *digits,
                 gsize       len)
{
  if (len == 10)
    return inn_check_digit (digits, inn_w10, G_N_ELEMENTS (inn_w10)) == (guint) (digits[9] - '0');

  return inn_check_digit (digits, inn_w11, G_N_ELEMENTS (inn_w11)) == (guint) (digits[10] - '0') &&
         inn_check_digit (digits, inn_w12, G_N_ELEMENTS (inn_w12)) == (guint) (digits[11] - '0');
}

/**
 * mfc_inn_complete:
 * @digits: the first 9 digits of an organisation's INN or the first 10 of
 *   a person's
 *
 * Appends the check digits, by the same rule mfc_validate_inn() checks.
 *
 * Returns: (transfer full) (nullable): the 10- or 12-digit INN, or %NULL
 *   when @digits is not 9 or 10 ASCII digits
 */
char *
mfc_inn_complete (const char *digits)
{
  char inn[13] = { 0 };
  gsize len;

  g_return_val_if_fail (digits != NULL, NULL);

  len = strlen (digits);
  if ((len != 9 && len != 10) || !all_digits (digits, len))
    return NULL;

  memcpy (inn, digits, len);
  if (len == 9)
    {
      inn[9] = (char) ('0' + inn_check_digit (inn, inn_w10, G_N_ELEMENTS (inn_w10)));
    }
  else
    {
      inn[10] = (char) ('0' + inn_check_digit (inn, inn_w11, G_N_ELEMENTS (inn_w11)));
      inn[11] = (char) ('0' + inn_check_digit (inn, inn_w12, G_N_ELEMENTS (inn_w12)));
    }

  return g_strdup (inn);
}

/**
 * mfc_validate_inn:
 * @text: what was typed: 10 digits (organisation) or 12 digits (person);
 *   spaces are ignored
 * @kind: which forms are acceptable
 * @normalized: (out) (optional) (transfer full): the digits
 * @error: return location for a translated, clerk-readable error
 *
 * Returns: %TRUE when @text is an INN of @kind with correct check digits
 */
gboolean
mfc_validate_inn (const char  *text,
                  MfcInnKind   kind,
                  char       **normalized,
                  GError     **error)
{
  g_autofree char *trimmed = trim_dup (text);
  g_autofree char *digits = NULL;
  gsize len;

  g_return_val_if_fail (kind == MFC_INN_KIND_ANY ||
                        kind == MFC_INN_KIND_PERSON ||
                        kind == MFC_INN_KIND_ORGANISATION, FALSE);

  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_EMPTY,
                           _("Enter the INN"));
      return FALSE;
    }

  digits = digits_only (trimmed, " ");
  len = digits != NULL ? strlen (digits) : 0;

  if (kind == MFC_INN_KIND_PERSON && len != 12)
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_FORMAT,
                           _("A person’s INN must have 12 digits"));
      return FALSE;
    }
  if (kind == MFC_INN_KIND_ORGANISATION && len != 10)
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_FORMAT,
                           _("An organisation’s INN must have 10 digits"));
      return FALSE;
    }
  if (len != 10 && len != 12)
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_FORMAT,
                           _("INN must have 10 or 12 digits"));
      return FALSE;
    }

  if (!inn_checksum_ok (digits, len))
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_CHECKSUM,
                           _("The INN check digits do not match, check the number"));
      return FALSE;
    }

  if (normalized != NULL)
    *normalized = g_steal_pointer (&digits);

  return TRUE;
}

/* Passport */

/**
 * mfc_validate_passport:
 * @text: series and number as typed: "45 06 123456", "4506 123456",
 *   "4506123456" (a "№" before the number is allowed)
 * @series: (out) (optional) (transfer full): the 4 digits of the series
 * @number: (out) (optional) (transfer full): the 6 digits of the number
 * @error: return location for a translated, clerk-readable error
 *
 * Returns: %TRUE when @text is a passport series and number
 */
gboolean
mfc_validate_passport (const char  *text,
                       char       **series,
                       char       **number,
                       GError     **error)
{
  g_autofree char *trimmed = trim_dup (text);
  g_auto(GStrv) parts = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *digits = NULL;

  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_EMPTY,
                           _("Enter the passport series and number"));
      return FALSE;
    }

  parts = g_strsplit (trimmed, "№", -1);
  joined = g_strjoinv (" ", parts);
  digits = digits_only (joined, " ");

  if (digits == NULL || strlen (digits) != 10)
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_FORMAT,
                           _("The passport series has 4 digits and the number 6, for example 45 06 123456"));
      return FALSE;
    }

  if (series != NULL)
    *series = g_strndup (digits, 4);
  if (number != NULL)
    *number = g_strdup (digits + 4);

  return TRUE;
}

/**
 * mfc_format_passport:
 * @series: the 4 digits of the series
 * @number: the 6 digits of the number
 *
 * Returns: (transfer full): the way it is printed in the passport,
 *   "45 06 123456"
 */
char *
mfc_format_passport (const char *series,
                     const char *number)
{
  g_return_val_if_fail (series != NULL && strlen (series) == 4, NULL);
  g_return_val_if_fail (number != NULL, NULL);

  return g_strdup_printf ("%.2s %.2s %s", series, series + 2, number);
}

/**
 * mfc_validate_division_code:
 * @text: the code of the issuing division: "123-456", "123 456", "123456"
 * @normalized: (out) (optional) (transfer full): "123-456"
 * @error: return location for a translated, clerk-readable error
 *
 * Returns: %TRUE when @text is a division code
 */
gboolean
mfc_validate_division_code (const char  *text,
                            char       **normalized,
                            GError     **error)
{
  g_autofree char *trimmed = trim_dup (text);
  g_autofree char *digits = NULL;

  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_EMPTY,
                           _("Enter the division code"));
      return FALSE;
    }

  digits = digits_only (trimmed, " -");
  if (digits == NULL || strlen (digits) != 6)
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_FORMAT,
                           _("The division code must have 6 digits, for example 123-456"));
      return FALSE;
    }

  if (normalized != NULL)
    *normalized = g_strdup_printf ("%.3s-%.3s", digits, digits + 3);

  return TRUE;
}

/**
 * mfc_validate_passport_issue_date:
 * @issue_date: the date of issue
 * @birth_date: (nullable): the applicant's date of birth; %NULL or a
 *   cleared date when not known yet
 * @today: (nullable): today in the office's time zone; %NULL or a cleared
 *   date for today in the local time zone
 * @error: return location for a translated, clerk-readable error
 *
 * A passport is issued at 14 at the earliest, and never in the future.
 *
 * Returns: %TRUE when @issue_date is possible
 */
gboolean
mfc_validate_passport_issue_date (const GDate  *issue_date,
                                  const GDate  *birth_date,
                                  const GDate  *today,
                                  GError      **error)
{
  GDate now;

  g_return_val_if_fail (issue_date != NULL, FALSE);
  g_return_val_if_fail (g_date_valid (issue_date), FALSE);

  resolve_today (today, &now);

  if (g_date_compare (issue_date, &now) > 0)
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_RANGE,
                           _("The date of issue cannot be in the future"));
      return FALSE;
    }

  if (birth_date != NULL && g_date_valid (birth_date))
    {
      GDate earliest = *birth_date;

      g_date_add_years (&earliest, PASSPORT_MIN_AGE);
      if (g_date_compare (issue_date, &earliest) < 0)
        {
          g_set_error_literal (error, MFC_VALIDATION_ERROR,
                               MFC_VALIDATION_ERROR_RANGE,
                               _("A passport is issued at the age of 14 or later, check the dates"));
          return FALSE;
        }
    }

  return TRUE;
}

/* Phone */

/**
 * mfc_validate_phone:
 * @text: a Russian number as typed: "+7 (912) 345-67-89", "8 912 345 67 89",
 *   "89123456789", "912 345-67-89"
 * @normalized: (out) (optional) (transfer full): "+79123456789"
 * @error: return location for a translated, clerk-readable error
 *
 * Returns: %TRUE when @text is a Russian phone number
 */
gboolean
mfc_validate_phone (const char  *text,
                    char       **normalized,
                    GError     **error)
{
  g_autofree char *trimmed = trim_dup (text);
  g_autofree char *digits = NULL;
  const char *national = NULL;
  gboolean plus;
  gsize len;

  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_EMPTY,
                           _("Enter the phone number"));
      return FALSE;
    }

  plus = trimmed[0] == '+';
  digits = digits_only (plus ? trimmed + 1 : trimmed, " -().");
  len = digits != NULL ? strlen (digits) : 0;

  if (plus && len == 11 && digits[0] == '7')
    national = digits + 1;
  else if (!plus && len == 11 && (digits[0] == '8' || digits[0] == '7'))
    national = digits + 1;
  else if (!plus && len == 10)
    national = digits;

  /* +7 is shared with Kazakhstan (6xx, 7xx); Russian numbers start with
   * 3, 4, 8 (landlines, 800) or 9 (mobiles). */
  if (national == NULL || strchr ("3489", national[0]) == NULL)
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_FORMAT,
                           _("Enter a Russian phone number, for example +7 912 345-67-89"));
      return FALSE;
    }

  if (normalized != NULL)
    *normalized = g_strconcat ("+7", national, NULL);

  return TRUE;
}

/* E-mail */

static gboolean
email_local_ok (const char *local,
                gsize       len)
{
  static const char specials[] = "!#$%&'*+/=?^_`{|}~.-";

  if (len == 0 || local[0] == '.' || local[len - 1] == '.')
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isalnum (local[i]) && strchr (specials, local[i]) == NULL)
        return FALSE;
      if (local[i] == '.' && local[i + 1] == '.')
        return FALSE;
    }

  return TRUE;
}

/* Letters and digits of any script (so "почта.рф" passes), hyphens
 * inside labels, at least two labels, a top-level domain of letters or
 * an "xn--" punycode label. */
static gboolean
email_domain_ok (const char *domain)
{
  g_auto(GStrv) labels = g_strsplit (domain, ".", -1);
  guint n_labels = g_strv_length (labels);
  const char *tld;

  if (n_labels < 2)
    return FALSE;

  for (guint i = 0; i < n_labels; i++)
    {
      const char *label = labels[i];
      gsize len = strlen (label);

      if (len == 0 || len > EMAIL_LABEL_MAX)
        return FALSE;
      if (label[0] == '-' || label[len - 1] == '-')
        return FALSE;

      for (const char *p = label; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c != '-' && !g_unichar_isalnum (c))
            return FALSE;
        }
    }

  tld = labels[n_labels - 1];
  if (g_str_has_prefix (tld, "xn--"))
    return strlen (tld) > 4;
  if (g_utf8_strlen (tld, -1) < 2)
    return FALSE;
  for (const char *p = tld; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isalpha (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

/**
 * mfc_validate_email:
 * @text: an address as typed
 * @normalized: (out) (optional) (transfer full): the address trimmed, with
 *   the domain in lower case
 * @error: return location for a translated, clerk-readable error
 *
 * A practical check, not RFC 5322: one "@", a local part of letters,
 * digits and the usual signs, a domain with a dot, no spaces.
 *
 * Returns: %TRUE when @text looks like a deliverable address
 */
gboolean
mfc_validate_email (const char  *text,
                    char       **normalized,
                    GError     **error)
{
  g_autofree char *trimmed = trim_dup (text);
  g_autofree char *domain_lower = NULL;
  const char *at;

  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_EMPTY,
                           _("Enter the e-mail address"));
      return FALSE;
    }

  at = strchr (trimmed, '@');
  if (strlen (trimmed) > EMAIL_TOTAL_MAX ||
      (at != NULL && at - trimmed > EMAIL_LOCAL_MAX))
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_RANGE,
                           _("The e-mail address is too long"));
      return FALSE;
    }

  if (!g_utf8_validate (trimmed, -1, NULL) ||
      at == NULL ||
      strchr (at + 1, '@') != NULL ||
      !email_local_ok (trimmed, (gsize) (at - trimmed)) ||
      !email_domain_ok (at + 1))
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_FORMAT,
                           _("This is not an e-mail address, for example ivanov@mail.ru"));
      return FALSE;
    }

  if (normalized != NULL)
    {
      domain_lower = g_utf8_strdown (at + 1, -1);
      *normalized = g_strdup_printf ("%.*s@%s", (int) (at - trimmed),
                                     trimmed, domain_lower);
    }

  return TRUE;
}

/* Dates */

static gboolean
scan_number (const char **p,
             guint        min_digits,
             guint        max_digits,
             guint       *value)
{
  guint n = 0;
  guint v = 0;

  while (n < max_digits && g_ascii_isdigit (**p))
    {
      v = v * 10 + (guint) (**p - '0');
      (*p)++;
      n++;
    }

  *value = v;
  return n >= min_digits;
}

static gboolean
scan_dmy (const char *text,
          guint      *day,
          guint      *month,
          guint      *year)
{
  const char *p = text;

  return scan_number (&p, 1, 2, day) && *p++ == '.' &&
         scan_number (&p, 1, 2, month) && *p++ == '.' &&
         scan_number (&p, 4, 4, year) && *p == '\0';
}

static gboolean
scan_iso (const char *text,
          guint      *day,
          guint      *month,
          guint      *year)
{
  const char *p = text;

  return scan_number (&p, 4, 4, year) && *p++ == '-' &&
         scan_number (&p, 2, 2, month) && *p++ == '-' &&
         scan_number (&p, 2, 2, day) && *p == '\0';
}

/**
 * mfc_parse_date:
 * @text: "ДД.ММ.ГГГГ" as clerks type it (one-digit day and month allowed),
 *   or ISO "YYYY-MM-DD" as it comes from the service
 * @date: (out caller-allocates): the parsed date; untouched on error
 * @error: return location for a translated, clerk-readable error
 *
 * Returns: %TRUE when @text is a date that exists
 */
gboolean
mfc_parse_date (const char  *text,
                GDate       *date,
                GError     **error)
{
  g_autofree char *trimmed = trim_dup (text);
  guint day = 0, month = 0, year = 0;

  g_return_val_if_fail (date != NULL, FALSE);

  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_EMPTY,
                           _("Enter the date"));
      return FALSE;
    }

  if (!scan_dmy (trimmed, &day, &month, &year) &&
      !scan_iso (trimmed, &day, &month, &year))
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_FORMAT,
                           _("Enter the date as DD.MM.YYYY"));
      return FALSE;
    }

  if (month < 1 || month > 12 || year < 1 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_RANGE,
                           _("There is no such date"));
      return FALSE;
    }

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return TRUE;
}

/**
 * mfc_parse_date_time:
 * @text: a date as for mfc_parse_date()
 * @tz: (nullable): the office's time zone; %NULL for the local one
 * @error: return location for a translated, clerk-readable error
 *
 * Returns: (transfer full) (nullable): midnight of that date in @tz
 */
GDateTime *
mfc_parse_date_time (const char  *text,
                     GTimeZone   *tz,
                     GError     **error)
{
  g_autoptr(GTimeZone) local = NULL;
  GDate date;

  if (!mfc_parse_date (text, &date, error))
    return NULL;

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();

  return g_date_time_new (tz,
                          g_date_get_year (&date),
                          g_date_get_month (&date),
                          g_date_get_day (&date),
                          0, 0, 0.0);
}

/**
 * mfc_validate_birth_date:
 * @birth_date: the date of birth
 * @today: (nullable): today in the office's time zone; %NULL or a cleared
 *   date for today in the local time zone
 * @error: return location for a translated, clerk-readable error
 *
 * Returns: %TRUE when @birth_date is not in the future and not more than
 *   130 years before @today
 */
gboolean
mfc_validate_birth_date (const GDate  *birth_date,
                         const GDate  *today,
                         GError      **error)
{
  GDate now;

  g_return_val_if_fail (birth_date != NULL, FALSE);
  g_return_val_if_fail (g_date_valid (birth_date), FALSE);

  resolve_today (today, &now);

  if (g_date_compare (birth_date, &now) > 0)
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_RANGE,
                           _("The date of birth cannot be in the future"));
      return FALSE;
    }

  if (g_date_get_year (&now) > BIRTH_MAX_AGE)
    {
      GDate oldest = now;

      g_date_subtract_years (&oldest, BIRTH_MAX_AGE);
      if (g_date_compare (birth_date, &oldest) < 0)
        {
          g_set_error_literal (error, MFC_VALIDATION_ERROR,
                               MFC_VALIDATION_ERROR_RANGE,
                               _("The date of birth is more than 130 years ago, check the year"));
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * mfc_format_date:
 * @date: a valid date
 *
 * Returns: (transfer full): "ДД.ММ.ГГГГ", e.g. "09.01.2026"
 */
char *
mfc_format_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);
  g_return_val_if_fail (g_date_valid (date), NULL);

  return g_strdup_printf ("%02u.%02u.%04u",
                          (guint) g_date_get_day (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_year (date));
}

/**
 * mfc_format_date_iso:
 * @date: a valid date
 *
 * Returns: (transfer full): "YYYY-MM-DD", as the service expects
 */
char *
mfc_format_date_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);
  g_return_val_if_fail (g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

/* Names */

static gboolean
is_name_separator (gunichar c)
{
  return c == ' ' || c == '-' || c == '\'';
}

/**
 * mfc_validate_name_part:
 * @text: a surname, given name or patronymic as typed
 * @normalized: (out) (optional) (transfer full): the name trimmed, in NFC,
 *   runs of spaces made one, typographic apostrophes and hyphens made ASCII
 * @error: return location for a translated, clerk-readable error
 *
 * Letters of one script (Cyrillic or Latin), with single hyphens,
 * apostrophes or spaces between them: "Салтыков-Щедрин", "Д'Артаньян",
 * "де Голль".  A name that mixes the scripts is refused: it is almost
 * always a Latin "о" or "с" typed with the wrong keyboard layout, and it
 * would not be found by a search later.  The case is left as typed.
 *
 * Returns: %TRUE when @text is a possible part of a full name
 */
gboolean
mfc_validate_name_part (const char  *text,
                        char       **normalized,
                        GError     **error)
{
  g_autofree char *nfc = NULL;
  g_autoptr(GString) clean = NULL;
  gboolean pending_space = FALSE;
  gboolean cyrillic = FALSE;
  gboolean latin = FALSE;
  gunichar prev = 0;

  if (text == NULL)
    text = "";

  if (!g_utf8_validate (text, -1, NULL) ||
      (nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC)) == NULL)
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_FORMAT,
                           _("Use only letters, hyphens, apostrophes and spaces"));
      return FALSE;
    }

  clean = g_string_new (NULL);
  for (const char *p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          pending_space = clean->len > 0;
          continue;
        }

      if (c == 0x2019 || c == 0x02BC)           /* ’ ʼ */
        c = '\'';
      else if (c == 0x2010 || c == 0x2011)      /* hyphen, non-breaking hyphen */
        c = '-';

      if (pending_space)
        g_string_append_c (clean, ' ');
      pending_space = FALSE;
      g_string_append_unichar (clean, c);
    }

  if (clean->len == 0)
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_EMPTY,
                           _("Fill in this part of the full name"));
      return FALSE;
    }

  if (g_utf8_strlen (clean->str, -1) > NAME_PART_MAX)
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_RANGE,
                           _("A part of the full name can have at most 100 characters"));
      return FALSE;
    }

  for (const char *p = clean->str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeScript script = g_unichar_get_script (c);

      if (is_name_separator (c))
        continue;

      if (!g_unichar_isalpha (c) ||
          (script != G_UNICODE_SCRIPT_CYRILLIC && script != G_UNICODE_SCRIPT_LATIN))
        {
          g_set_error_literal (error, MFC_VALIDATION_ERROR,
                               MFC_VALIDATION_ERROR_FORMAT,
                               _("Use only letters, hyphens, apostrophes and spaces"));
          return FALSE;
        }

      if (script == G_UNICODE_SCRIPT_CYRILLIC)
        cyrillic = TRUE;
      else
        latin = TRUE;
    }

  if (cyrillic && latin)
    {
      g_set_error_literal (error, MFC_VALIDATION_ERROR,
                           MFC_VALIDATION_ERROR_FORMAT,
                           _("Cyrillic and Latin letters are mixed, check the keyboard layout"));
      return FALSE;
    }

  for (const char *p = clean->str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_name_separator (c) &&
          (prev == 0 || is_name_separator (prev) || p[1] == '\0'))
        {
          g_set_error_literal (error, MFC_VALIDATION_ERROR,
                               MFC_VALIDATION_ERROR_FORMAT,
                               _("Hyphens and apostrophes must stand between letters"));
          return FALSE;
        }
      prev = c;
    }

  if (normalized != NULL)
    *normalized = g_string_free (g_steal_pointer (&clean), FALSE);

  return TRUE;
}
