/* test-printing.c — the printed-document module without a display: the
 * PDF a clerk hands over, read back with poppler-utils and zbar-tools.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mfc-print-document.h"
#include "mfc-print-format.h"
#include "mfc-print-layout.h"
#include "mfc-print-pdf.h"
#include "printing-test-util.h"

static void
write_pdf (MfcPrintDocument *doc,
           const char       *pdf)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mfc_print_document_write_pdf (doc, pdf, &error));
  g_assert_no_error (error);
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL;
       p = strstr (p + strlen (needle), needle))
    n++;
  return n;
}

/* The tools the other tests read the PDFs with: missing is a failure,
 * not a skip (tools/dev.sh installs poppler-utils and zbar-tools) */
static void
test_tools_present (void)
{
  const char *tools[] = { "pdftotext", "pdftoppm", "pdffonts", "pdfinfo", "zbarimg" };

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *path = g_find_program_in_path (tools[i]);

      if (path == NULL)
        g_test_fail_printf ("%s is not installed (Debian: poppler-utils, zbar-tools)",
                            tools[i]);
    }
}

/* The receipt */

static void
test_receipt_text (PrintingFixture *f,
                   gconstpointer    data)
{
  g_autoptr(MfcPrintDocument) doc = printing_test_receipt (FALSE);
  g_autofree char *size = NULL;
  g_autofree char *text = NULL;
  g_autofree char *squeezed = NULL;

  write_pdf (doc, f->pdf);
  g_assert_cmpuint (printing_test_pdf_pages (f->pdf), ==, 1);
  size = printing_test_pdf_page_size (f->pdf);
  g_assert_true (g_str_has_prefix (size, "595.276 x 841.89"));

  text = printing_test_pdf_text (f->pdf, 0);
  g_assert_nonnull (strstr (text, "Расписка в получении документов"));
  g_assert_nonnull (strstr (text, "Номер заявления " TEST_TICKET));
  g_assert_nonnull (strstr (text, "Срок исполнения " TEST_DUE));
  g_assert_nonnull (strstr (text, TEST_MISSING_1));
  g_assert_nonnull (strstr (text, TEST_MISSING_2));
  g_assert_nonnull (strstr (text, "✗ " TEST_MISSING_1));
  g_assert_nonnull (strstr (text, "✓ Паспорт гражданина РФ — оригинал предъявлен"));
  /* A long value wraps in its column, whole (the hyphen Pango would add
   * at the break is not in the text layer, so it is checked by eye) */
  g_assert_nonnull (strstr (text, "Эл. почта konstantinopolskaya"));
  squeezed = printing_test_squeeze (text);
  g_assert_nonnull (strstr (squeezed, "konstantinopolskayapreobrazhenskayaaleksandra1987@mail.example.ru"));
  g_clear_pointer (&squeezed, g_free);
  squeezed = printing_test_squeeze (text);
  g_assert_nonnull (strstr (squeezed, "Государственнаярегистрацияправнанедвижимоеимуществоисделоксним"));
  g_clear_pointer (&squeezed, g_free);
  /* The notice, whole */
  squeezed = printing_test_squeeze (text);
  g_assert_nonnull (strstr (squeezed, "Заявлениепринятовстатусе«Ожиданиедокументов»:срокисполненияприостановлендопредставлениянедостающихдокументов."));
  g_clear_pointer (&squeezed, g_free);
  /* Cyrillic with ё, «», and the caller's < & > printed as they are */
  g_assert_nonnull (strstr (text, "Ёлкина Мария Петровна"));
  g_assert_nonnull (strstr (text, "Первореченского района <Владивосток & край>"));
  /* The fixed labels, in Russian */
  g_assert_nonnull (strstr (text, "Специалист: Петрова Анна Сергеевна"));
  g_assert_nonnull (strstr (text, "Подпись заявителя"));
  g_assert_nonnull (strstr (text, "Подпись специалиста"));
  g_assert_nonnull (strstr (text, "(расшифровка подписи)"));
  g_assert_nonnull (strstr (text, "Справки о ходе рассмотрения: 8-800-100-00-00."));

  /* Masked as the law allows; never the numbers themselves */
  g_assert_nonnull (strstr (text, "СНИЛС ***-***-*45 95"));
  g_assert_nonnull (strstr (text, "Паспорт ** ** ***321"));
  g_assert_nonnull (strstr (text, "Телефон +7 *** ***-**-67"));
  g_assert_null (strstr (text, "112-233-445 95"));
  g_assert_null (strstr (text, "654321"));
  g_assert_null (strstr (text, "123-45-67"));

  /* One page is not numbered, and is no sample */
  g_assert_null (strstr (text, "Стр."));
  squeezed = printing_test_squeeze (text);
  g_assert_null (strstr (squeezed, "ОБРАЗЕЦ"));
}

static void
test_receipt_training (PrintingFixture *f,
                       gconstpointer    data)
{
  g_autoptr(MfcPrintDocument) doc = printing_test_receipt (TRUE);
  guint pages;

  printing_test_add_clauses (doc, 12);
  write_pdf (doc, f->pdf);
  pages = printing_test_pdf_pages (f->pdf);
  g_assert_cmpuint (pages, >=, 2);

  for (guint page = 1; page <= pages; page++)
    {
      g_autofree char *text = printing_test_pdf_text (f->pdf, (int) page);
      g_autofree char *squeezed = printing_test_squeeze (text);

      g_test_message ("page %u", page);
      g_assert_cmpuint (count (squeezed, "ОБРАЗЕЦ"), ==, 1);
    }
}

static void
test_receipt_qr (PrintingFixture *f,
                 gconstpointer    data)
{
  /* With the watermark too: it must not reach the code */
  for (int training = 0; training <= 1; training++)
    {
      g_autoptr(MfcPrintDocument) doc = printing_test_receipt (training);
      g_autofree char *decoded = NULL;

      write_pdf (doc, f->pdf);
      decoded = printing_test_decode_qr (f->pdf, f->dir);
      g_assert_cmpstr (decoded, ==, TEST_TICKET);
    }
}

static void
test_qr_exact_payload (PrintingFixture *f,
                       gconstpointer    data)
{
  /* Byte for byte: case, punctuation and a longer payload (a link) that
   * needs a bigger code version */
  const char *payloads[] = {
    "2026-000001",
    "https://mfc.example.ru/t/2026-004711?k=AbC_12",
    "Talon B-017; 2026-12-03 10:20",
  };

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      g_autoptr(MfcPrintDocument) doc = mfc_print_document_new ("Талон");
      g_autofree char *decoded = NULL;

      mfc_print_document_set_qr (doc, payloads[i], NULL);
      mfc_print_document_set_training (doc, TRUE);
      write_pdf (doc, f->pdf);
      decoded = printing_test_decode_qr (f->pdf, f->dir);
      g_assert_cmpstr (decoded, ==, payloads[i]);
    }
}

/* Pages */

static void
test_long_document (PrintingFixture *f,
                    gconstpointer    data)
{
  g_autoptr(MfcPrintDocument) doc = printing_test_receipt (FALSE);
  g_autofree char *page1 = NULL;
  g_autofree char *page2 = NULL;
  g_autofree char *all = NULL;
  g_autofree char *squeezed = NULL;

  printing_test_add_clauses (doc, 14);
  mfc_print_document_add_signature (doc, MFC_PRINT_SIGNER_APPLICANT,
                                    "Ёлкина М. П.");
  write_pdf (doc, f->pdf);

  g_assert_cmpuint (printing_test_pdf_pages (f->pdf), ==, 2);
  page1 = printing_test_pdf_text (f->pdf, 1);
  page2 = printing_test_pdf_text (f->pdf, 2);
  g_assert_nonnull (strstr (page1, "Стр. 1 из 2"));
  g_assert_nonnull (strstr (page2, "Стр. 2 из 2"));
  g_assert_null (strstr (page1, "Стр. 2 из 2"));

  /* The office's header on page 1, its short form above page 2 */
  g_assert_nonnull (strstr (page1, "Специалист:"));
  g_assert_null (strstr (page2, "Специалист:"));
  g_assert_nonnull (strstr (page2, "Расписка в получении документов — МФЦ"));

  /* Every clause exactly once, in order, whichever page it fell on */
  all = g_strconcat (page1, page2, NULL);
  squeezed = printing_test_squeeze (all);
  for (guint i = 1, last = 0; i <= 14; i++)
    {
      g_autofree char *marker = g_strdup_printf ("Пункт%u.Заявительознакомлен", i);
      g_autofree char *tail = g_strdup_printf ("Пункт%u.Заявительознакомленспорядкомпредоставлениягосударственнойуслуги", i);
      const char *at = strstr (squeezed, tail);

      g_test_message ("clause %u", i);
      g_assert_cmpuint (count (squeezed, marker), ==, 1);
      g_assert_nonnull (at);
      g_assert_cmpuint ((guint) (at - squeezed), >, last);
      last = (guint) (at - squeezed);
    }
  g_assert_nonnull (strstr (page2, "Ёлкина М. П."));
}

/* Wherever the break falls, no page after the first opens with a
 * signature: it always has the text it signs above it */
static void
test_signature_not_alone (PrintingFixture *f,
                          gconstpointer    data)
{
  guint breaks = 0;

  /* The break moves through the clauses and the signatures one line at
   * a time: n clauses of three lines and k of one line */
  for (guint n = 0; n <= 6; n++)
    for (guint k = 0; k <= 2; k++)
    {
      g_autoptr(MfcPrintDocument) doc = printing_test_receipt (FALSE);
      guint pages;

      printing_test_add_clauses (doc, n);
      for (guint i = 0; i < k; i++)
        mfc_print_document_add_paragraph (doc, "Экземпляр получен.");
      mfc_print_document_add_signature (doc, MFC_PRINT_SIGNER_APPLICANT, NULL);
      mfc_print_document_add_signature (doc, MFC_PRINT_SIGNER_CLERK, NULL);
      write_pdf (doc, f->pdf);
      pages = printing_test_pdf_pages (f->pdf);

      for (guint page = 2; page <= pages; page++)
        {
          g_autofree char *text = printing_test_pdf_text (f->pdf, (int) page);
          g_auto(GStrv) lines = g_strsplit (text, "\n", 3);

          /* line 0 is the running header */
          g_test_message ("%u + %u clauses, page %u opens with: %s", n, k, page, lines[1]);
          g_assert_true (g_str_has_prefix (lines[0], "Расписка в получении документов"));
          g_assert_false (g_str_has_prefix (lines[1], "Подпись"));
          breaks++;
        }
    }
  g_assert_cmpuint (breaks, >, 0);
}

static void
test_layout_pages (void)
{
  g_autoptr(MfcPrintDocument) doc = printing_test_receipt (FALSE);
  g_autoptr(MfcPrintLayout) one = NULL;
  g_autoptr(MfcPrintLayout) more = NULL;

  one = mfc_print_layout_new (doc, MFC_PRINT_A4_WIDTH, MFC_PRINT_A4_HEIGHT);
  g_assert_cmpuint (mfc_print_layout_get_n_pages (one), ==, 1);

  /* Any paper a print dialog may offer lays out, A6 and a narrow
   * envelope too: more pages, no failure */
  {
    g_autoptr(MfcPrintLayout) a6 = mfc_print_layout_new (doc, 105 / 25.4 * 72, 148 / 25.4 * 72);
    g_autoptr(MfcPrintLayout) narrow = mfc_print_layout_new (doc, 90, 400);

    g_assert_cmpuint (mfc_print_layout_get_n_pages (a6), >, 1);
    g_assert_cmpuint (mfc_print_layout_get_n_pages (narrow), >, 1);
  }

  /* Much more text takes proportionally more pages */
  printing_test_add_clauses (doc, 60);
  more = mfc_print_layout_new (doc, MFC_PRINT_A4_WIDTH, MFC_PRINT_A4_HEIGHT);
  g_assert_cmpuint (mfc_print_layout_get_n_pages (more), >=, 4);
}

static void
test_fonts_embedded (PrintingFixture *f,
                     gconstpointer    data)
{
  g_autoptr(MfcPrintDocument) doc = printing_test_receipt (TRUE);
  g_autofree char *fonts = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_fonts = 0;

  write_pdf (doc, f->pdf);
  fonts = printing_test_run ((const char *[]) { "pdffonts", f->pdf, NULL });
  lines = g_strsplit (fonts, "\n", -1);

  /* "name type encoding emb sub uni object ID" after two header lines;
   * a font not embedded would print as tofu on a machine without it */
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;
      guint n;

      if (lines[i][0] == '\0')
        continue;
      g_test_message ("font: %s", lines[i]);
      words = g_regex_split_simple ("\\s+", g_strstrip (lines[i]), 0, 0);
      n = g_strv_length (words);
      g_assert_cmpuint (n, >=, 7);
      g_assert_cmpstr (words[n - 5], ==, "yes");  /* emb */
      g_assert_cmpstr (words[n - 3], ==, "yes");  /* uni: text can be read back */
      n_fonts++;
    }
  g_assert_cmpuint (n_fonts, >, 0);
}

/* Time */

static void
test_office_time_zone (PrintingFixture *f,
                       gconstpointer    data)
{
  struct {
    const char *zone;
    const char *expected;
  } offices[] = {
    { "Asia/Vladivostok",   "Дата и время: 3 декабря 2026 г., 00:30 (UTC+10)" },
    { "Europe/Kaliningrad", "Дата и время: 2 декабря 2026 г., 16:30 (UTC+2)" },
  };
  /* One instant, whatever the desktop's zone */
  g_autoptr(GDateTime) instant = g_date_time_new_utc (2026, 12, 2, 14, 30, 0);

  g_setenv ("TZ", "America/New_York", TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (offices); i++)
    {
      g_autoptr(MfcPrintDocument) doc = printing_test_receipt (FALSE);
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (offices[i].zone);
      g_autofree char *text = NULL;

      g_assert_nonnull (zone);
      mfc_print_document_set_time (doc, instant, zone);
      write_pdf (doc, f->pdf);
      text = printing_test_pdf_text (f->pdf, 1);
      g_assert_nonnull (strstr (text, offices[i].expected));
    }
  g_unsetenv ("TZ");
}

static void
test_format_date_time (void)
{
  struct {
    const char *zone;
    int y, mo, d, h, mi;
    const char *expected;
  } cases[] = {
    { "Europe/Moscow",     2026, 1, 31, 21, 0,  "1 февраля 2026 г., 00:00 (UTC+3)" },
    { "Asia/Kamchatka",    2026, 6, 30, 12, 5,  "1 июля 2026 г., 00:05 (UTC+12)" },
    { "Europe/Samara",     2026, 3, 8,  6, 59,  "8 марта 2026 г., 10:59 (UTC+4)" },
    { "Asia/Kolkata",      2026, 9, 1,  0, 0,   "1 сентября 2026 г., 05:30 (UTC+5:30)" },
    { "America/St_Johns",  2026, 12, 1, 12, 0,  "1 декабря 2026 г., 08:30 (UTC-3:30)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (cases[i].zone);
      g_autoptr(GDateTime) instant = g_date_time_new_utc (cases[i].y, cases[i].mo,
                                                          cases[i].d, cases[i].h,
                                                          cases[i].mi, 0);
      g_autofree char *text = mfc_print_format_date_time (instant, zone);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_format_date (void)
{
  const char *months[] = {
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля",
    "августа", "сентября", "октября", "ноября", "декабря",
  };

  for (guint m = 1; m <= 12; m++)
    {
      g_autoptr(GDate) date = g_date_new_dmy ((GDateDay) (m + 10), (GDateMonth) m, 2027);
      g_autofree char *text = mfc_print_format_date (date);
      g_autofree char *expected = g_strdup_printf ("%u %s 2027 г.", m + 10, months[m - 1]);

      g_assert_cmpstr (text, ==, expected);
    }
}

/* Masks */

static void
test_masks (void)
{
  struct {
    char *(*mask) (const char *);
    const char *input;
    const char *expected;
  } cases[] = {
    { mfc_print_mask_snils, "112-233-445 95", "***-***-*45 95" },
    { mfc_print_mask_snils, "11223344595",    "***-***-*45 95" },
    { mfc_print_mask_snils, " 112 233 445 95 ", "***-***-*45 95" },
    { mfc_print_mask_snils, "123-456-789 01", "***-***-*89 01" },  /* wrong checksum: still masked */
    { mfc_print_mask_snils, "1122334459",     NULL },
    { mfc_print_mask_snils, "112-233-445 9X", NULL },
    { mfc_print_mask_snils, "",               NULL },
    { mfc_print_mask_snils, NULL,             NULL },
    { mfc_print_mask_passport, "45 06 123456",  "** ** ***456" },
    { mfc_print_mask_passport, "4506 123456",   "** ** ***456" },
    { mfc_print_mask_passport, "4506123456",    "** ** ***456" },
    { mfc_print_mask_passport, "45 06 № 987001", "** ** ***001" },
    { mfc_print_mask_passport, "4506 12345",    NULL },
    { mfc_print_mask_passport, "АБ 123456",     NULL },
    { mfc_print_mask_passport, NULL,            NULL },
    { mfc_print_mask_phone, "+7 (912) 345-67-89", "+7 *** ***-**-89" },
    { mfc_print_mask_phone, "8 912 345 67 67",    "+7 *** ***-**-67" },
    { mfc_print_mask_phone, "89123456701",        "+7 *** ***-**-01" },
    { mfc_print_mask_phone, "912 345-67-42",      "+7 *** ***-**-42" },
    { mfc_print_mask_phone, "+7 (423) 240-00-00", "+7 *** ***-**-00" },
    { mfc_print_mask_phone, "+7 701 234 56 78",   NULL },  /* Kazakhstan */
    { mfc_print_mask_phone, "12345",              NULL },
    { mfc_print_mask_phone, NULL,                 NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = cases[i].mask (cases[i].input);

      g_test_message ("case %u", i);
      g_assert_cmpstr (masked, ==, cases[i].expected);
    }
}

/* Writing */

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
wait_for_result (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  while (*result == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the PDF was not written within 30 s");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_write_errors (PrintingFixture *f,
                   gconstpointer    data)
{
  g_autoptr(MfcPrintDocument) doc = printing_test_receipt (FALSE);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "r.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) small = NULL;
  g_autofree char *old = NULL;
  gsize length;

  g_assert_false (mfc_print_document_write_pdf (doc, missing, &error));
  g_assert_error (error, MFC_PRINT_ERROR, MFC_PRINT_ERROR_WRITE);
  g_assert_true (g_str_has_prefix (error->message, "Не удалось сохранить PDF: "));
  g_clear_error (&error);

  /* A stream that runs out of room */
  small = g_memory_output_stream_new (g_malloc (512), 512, NULL, g_free);
  g_assert_false (mfc_print_document_write_pdf_to_stream (doc, small, NULL, &error));
  g_assert_error (error, MFC_PRINT_ERROR, MFC_PRINT_ERROR_WRITE);
  g_clear_error (&error);

  /* A cancelled write answers so and leaves the earlier file as it was */
  g_assert_true (g_file_set_contents (f->pdf, "earlier receipt", -1, NULL));
  {
    g_autoptr(GFile) file = g_file_new_for_path (f->pdf);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;

    g_cancellable_cancel (cancellable);
    mfc_print_document_write_pdf_async (doc, file, cancellable, write_done_cb,
                                        &result);
    wait_for_result (&result);
    g_assert_false (mfc_print_document_write_pdf_finish (doc, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
  g_assert_true (g_file_get_contents (f->pdf, &old, &length, NULL));
  g_assert_cmpstr (old, ==, "earlier receipt");
}

static void
test_write_async (PrintingFixture *f,
                  gconstpointer    data)
{
  g_autoptr(MfcPrintDocument) doc = printing_test_receipt (TRUE);
  g_autoptr(GFile) file = g_file_new_for_path (f->pdf);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  mfc_print_document_write_pdf_async (doc, file, NULL, write_done_cb, &result);
  wait_for_result (&result);
  g_assert_true (mfc_print_document_write_pdf_finish (doc, result, &error));
  g_assert_no_error (error);

  text = printing_test_pdf_text (f->pdf, 1);
  g_assert_nonnull (strstr (text, TEST_MISSING_2));
}

int
main (int   argc,
      char *argv[])
{
  printing_test_use_russian ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/printing/tools", test_tools_present);
  PRINTING_TEST_ADD ("/printing/receipt/text", test_receipt_text);
  PRINTING_TEST_ADD ("/printing/receipt/training", test_receipt_training);
  PRINTING_TEST_ADD ("/printing/receipt/qr", test_receipt_qr);
  PRINTING_TEST_ADD ("/printing/qr/exact-payload", test_qr_exact_payload);
  PRINTING_TEST_ADD ("/printing/pages/long-document", test_long_document);
  PRINTING_TEST_ADD ("/printing/pages/signature-not-alone", test_signature_not_alone);
  g_test_add_func ("/printing/pages/layout", test_layout_pages);
  PRINTING_TEST_ADD ("/printing/fonts/embedded", test_fonts_embedded);
  PRINTING_TEST_ADD ("/printing/time/office-zone", test_office_time_zone);
  g_test_add_func ("/printing/time/format-date-time", test_format_date_time);
  g_test_add_func ("/printing/time/format-date", test_format_date);
  g_test_add_func ("/printing/mask", test_masks);
  PRINTING_TEST_ADD ("/printing/write/errors", test_write_errors);
  PRINTING_TEST_ADD ("/printing/write/async", test_write_async);

  return g_test_run ();
}
