/* bench-intake.c — what one keystroke in the applicant form costs.
 *
 * Two figures, on a form filled with valid data (the worst case: every
 * validator runs to its end, the Russian catalogue is loaded so each
 * message is translated):
 *
 *  - keystroke: mfc_applicant_form_set_text() on one field, typing a
 *    surname, a СНИЛС and a date of birth character by character (the
 *    date re-checks the passport's date of issue); what the form does per
 *    key press, notifications included;
 *  - whole form: mfc_applicant_form_validate_all(), every field checked
 *    again — the upper bound of a keystroke (and what a change of "today"
 *    costs).
 *
 * Each is timed per call on the monotonic clock; p50, p99 and max are
 * printed in microseconds.  Target: < 1 ms per keystroke.  Nothing is
 * asserted; figures go to docs/benchmarks.md.
 *
 *   bench-intake [--rounds N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-bench"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>

#include "mfc-applicant-form.h"

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *samples)
{
  gint64 *v = (gint64 *) samples->data;

  g_array_sort (samples, compare_gint64);
  g_print ("%-12s %7u calls   p50 %6.1f µs   p99 %6.1f µs   max %7.1f µs\n",
           what, samples->len,
           v[samples->len / 2] / 1.0, v[samples->len * 99 / 100] / 1.0, v[samples->len - 1] / 1.0);
}

static void
fill (MfcApplicantForm *form)
{
  static const struct { MfcApplicantFormField field; const char *text; } values[] = {
    { MFC_APPLICANT_FORM_SURNAME, "Иванова-Петрова" },
    { MFC_APPLICANT_FORM_GIVEN_NAME, "Алёна" },
    { MFC_APPLICANT_FORM_PATRONYMIC, "Игоревна" },
    { MFC_APPLICANT_FORM_BIRTH_DATE, "17.05.1984" },
    { MFC_APPLICANT_FORM_SNILS, "112-233-445 95" },
    { MFC_APPLICANT_FORM_INN, "540212345609" },
    { MFC_APPLICANT_FORM_PASSPORT, "50 04 123456" },
    { MFC_APPLICANT_FORM_PASSPORT_ISSUED_BY, "ГУ МВД России по Учебной области" },
    { MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE, "03.06.2019" },
    { MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE, "540-001" },
    { MFC_APPLICANT_FORM_REGISTRATION_ADDRESS, "Учебная обл., г. Новоучебск, ул. Ленина, д. 12, кв. 34" },
    { MFC_APPLICANT_FORM_ACTUAL_ADDRESS, "Учебная обл., г. Новоучебск, пр. Мира, д. 5, кв. 7" },
    { MFC_APPLICANT_FORM_PHONE, "+7 (913) 123-45-67" },
    { MFC_APPLICANT_FORM_EMAIL, "m.ivanova@example.ru" },
    { MFC_APPLICANT_FORM_NOTIFY_CHANNEL, "email" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    mfc_applicant_form_set_text (form, values[i].field, values[i].text);
}

/* The prefixes of @text, one per character, as typed */
static void
type_into (MfcApplicantForm      *form,
           MfcApplicantFormField  field,
           const char            *text,
           GArray                *samples)
{
  for (const char *end = g_utf8_next_char (text);; end = g_utf8_next_char (end))
    {
      g_autofree char *prefix = g_strndup (text, end - text);
      gint64 start = g_get_monotonic_time ();
      gint64 took;

      mfc_applicant_form_set_text (form, field, prefix);
      took = g_get_monotonic_time () - start;
      g_array_append_val (samples, took);
      if (*end == '\0')
        break;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcApplicantForm) form = NULL;
  g_autoptr(GArray) keystrokes = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) whole = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rounds = 2000;
  GOptionEntry entries[] = {
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "How many times each field is typed (2000)", "N" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };

  g_setenv ("LANGUAGE", "ru", TRUE);
  setlocale (LC_ALL, "ru_RU.UTF-8");
#ifdef BENCH_LOCALEDIR
  bindtextdomain (GETTEXT_PACKAGE, BENCH_LOCALEDIR);
#endif
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  form = mfc_applicant_form_new ();
  fill (form);
  if (!mfc_applicant_form_get_valid (form))
    {
      g_printerr ("The benchmark's form is not valid\n");
      return EXIT_FAILURE;
    }

  for (int r = 0; r < rounds; r++)
    {
      type_into (form, MFC_APPLICANT_FORM_SURNAME, "Иванова-Петрова", keystrokes);
      type_into (form, MFC_APPLICANT_FORM_SNILS, "112-233-445 95", keystrokes);
      type_into (form, MFC_APPLICANT_FORM_BIRTH_DATE, "17.05.1984", keystrokes);

      for (int k = 0; k < 10; k++)
        {
          gint64 start = g_get_monotonic_time ();
          gint64 took;

          mfc_applicant_form_validate_all (form);
          took = g_get_monotonic_time () - start;
          g_array_append_val (whole, took);
        }
    }

  g_print ("applicant form, %d rounds (µs per call; monotonic clock resolution 1 µs)\n", rounds);
  report ("keystroke", keystrokes);
  report ("whole form", whole);

  return mfc_applicant_form_get_valid (form) ? EXIT_SUCCESS : EXIT_FAILURE;
}
