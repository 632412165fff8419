/* printing-test-util.c
 *
 * The tools are required, not optional: a missing pdftotext or zbarimg
 * fails the test (tools/dev.sh installs poppler-utils and zbar-tools).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "mfc-print-format.h"
#include "printing-test-util.h"

void
printing_test_use_russian (void)
{
  g_setenv ("LC_ALL", "ru_RU.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "ru", TRUE);
  g_assert_nonnull (setlocale (LC_ALL, ""));
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

char *
printing_test_make_dir (void)
{
  g_autofree char *template = NULL;
  const char *base = g_getenv ("MFC_TEST_TMPDIR");
  g_autoptr(GError) error = NULL;
  char *dir;

  template = g_build_filename (base != NULL ? base : g_get_tmp_dir (),
                               "printing-XXXXXX", NULL);
  dir = g_mkdtemp (template) != NULL ? g_strdup (template) : NULL;
  g_assert_nonnull (dir);
  return dir;
}

void
printing_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

void
printing_fixture_set_up (PrintingFixture *f,
                         gconstpointer    data)
{
  f->dir = printing_test_make_dir ();
  f->pdf = g_build_filename (f->dir, "document.pdf", NULL);
}

void
printing_fixture_tear_down (PrintingFixture *f,
                            gconstpointer    data)
{
  printing_test_remove_dir (f->dir);
  g_free (f->pdf);
  g_free (f->dir);
}

/* What intake's receipt will hold, with real-looking (fictional) data */
MfcPrintDocument *
printing_test_receipt (gboolean training)
{
  MfcPrintDocument *doc = mfc_print_document_new ("Расписка в получении документов");
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Vladivostok");
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 12, 2, 13, 15, 0);
  g_autofree char *snils = mfc_print_mask_snils ("112-233-445 95");
  g_autofree char *passport = mfc_print_mask_passport ("0512 654321");
  g_autofree char *phone = mfc_print_mask_phone ("8 (914) 123-45-67");

  mfc_print_document_set_subtitle (doc, "по заявлению № " TEST_TICKET);
  mfc_print_document_set_office (doc,
    "МФЦ «Мои документы» Первореченского района <Владивосток & край>",
    "690091, г. Владивосток, ул. Светланская, д. 33");
  mfc_print_document_set_clerk (doc, "Петрова Анна Сергеевна");
  mfc_print_document_set_time (doc, when, zone);
  mfc_print_document_set_qr (doc, TEST_TICKET, "№ " TEST_TICKET);
  mfc_print_document_set_training (doc, training);

  mfc_print_document_add_heading (doc, "Заявитель");
  mfc_print_document_add_row (doc, "Фамилия, имя, отчество", "Ёлкина Мария Петровна");
  mfc_print_document_add_row (doc, "СНИЛС", snils);
  mfc_print_document_add_row (doc, "Паспорт", passport);
  mfc_print_document_add_row (doc, "Телефон", phone);
  mfc_print_document_add_row (doc, "Эл. почта",
    "konstantinopolskayapreobrazhenskayaaleksandra1987@mail.example.ru");
  mfc_print_document_add_heading (doc, "Заявление");
  mfc_print_document_add_row (doc, "Услуга",
    "Государственная регистрация прав на недвижимое имущество и сделок с ним");
  mfc_print_document_add_row (doc, "Номер заявления", TEST_TICKET);
  mfc_print_document_add_row (doc, "Срок исполнения", TEST_DUE);
  mfc_print_document_add_heading (doc, "Документы приняты");
  mfc_print_document_add_item (doc, MFC_PRINT_MARK_PRESENT,
                               "Паспорт гражданина РФ — оригинал предъявлен");
  mfc_print_document_add_heading (doc, "Не представлены");
  mfc_print_document_add_item (doc, MFC_PRINT_MARK_MISSING, TEST_MISSING_1);
  mfc_print_document_add_item (doc, MFC_PRINT_MARK_MISSING, TEST_MISSING_2);
  mfc_print_document_add_notice (doc,
    "Заявление принято в статусе «Ожидание документов»: срок исполнения "
    "приостановлен до представления недостающих документов.");
  mfc_print_document_add_signature (doc, MFC_PRINT_SIGNER_APPLICANT, NULL);
  mfc_print_document_add_signature (doc, MFC_PRINT_SIGNER_CLERK, "Петрова А. С.");
  mfc_print_document_set_footer (doc, "Справки о ходе рассмотрения: 8-800-100-00-00.");

  return doc;
}

/* Numbered clauses, each findable once: nothing lost or doubled at a
 * page break */
void
printing_test_add_clauses (MfcPrintDocument *doc,
                           guint             n)
{
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *text = g_strdup_printf (
        "Пункт %u. Заявитель ознакомлен с порядком предоставления "
        "государственной услуги, сроками её исполнения и основаниями для "
        "отказа в приёме документов; предоставленные сведения достоверны.", i);

      mfc_print_document_add_paragraph (doc, text);
    }
}

char *
printing_test_run (const char * const *argv)
{
  g_autofree char *program = g_find_program_in_path (argv[0]);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (program == NULL)
    g_error ("%s is not installed (Debian: poppler-utils, zbar-tools; "
             "tools/dev.sh installs them)", argv[0]);

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);

  return g_steal_pointer (&out);
}

/* @page 0: all pages */
char *
printing_test_pdf_text (const char *pdf,
                        int         page)
{
  g_autofree char *n = g_strdup_printf ("%d", page);

  if (page == 0)
    return printing_test_run ((const char *[]) { "pdftotext", "-enc", "UTF-8",
                                                 "-raw", pdf, "-", NULL });
  return printing_test_run ((const char *[]) { "pdftotext", "-enc", "UTF-8",
                                               "-raw", "-f", n, "-l", n,
                                               pdf, "-", NULL });
}

/* Without whitespace: the diagonal watermark comes out one letter a line
 * (poppler splits text at an angle into single glyphs) */
char *
printing_test_squeeze (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

static char *
pdfinfo_field (const char *pdf,
               const char *field)
{
  g_autofree char *info = printing_test_run ((const char *[]) { "pdfinfo", pdf, NULL });
  g_auto(GStrv) lines = g_strsplit (info, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], field))
      return g_strstrip (g_strdup (lines[i] + strlen (field)));

  g_error ("pdfinfo has no %s", field);
}

guint
printing_test_pdf_pages (const char *pdf)
{
  g_autofree char *pages = pdfinfo_field (pdf, "Pages:");

  return (guint) g_ascii_strtoull (pages, NULL, 10);
}

char *
printing_test_pdf_page_size (const char *pdf)
{
  return pdfinfo_field (pdf, "Page size:");
}

/* The first page at 150 dpi, as a phone camera or a desk scanner would
 * see it, read by zbarimg */
char *
printing_test_decode_qr (const char *pdf,
                         const char *dir)
{
  g_autofree char *prefix = g_build_filename (dir, "qr", NULL);
  g_autofree char *png = g_build_filename (dir, "qr.png", NULL);
  g_autofree char *ignored = NULL;
  char *out;

  ignored = printing_test_run ((const char *[]) { "pdftoppm", "-r", "150", "-png",
                                                  "-f", "1", "-l", "1",
                                                  "-singlefile", pdf, prefix, NULL });
  out = printing_test_run ((const char *[]) { "zbarimg", "--quiet", "--raw",
                                              "-Sdisable", "-Sqrcode.enable",
                                              png, NULL });
  g_strchomp (out);
  return out;
}
