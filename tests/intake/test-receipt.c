/* test-receipt.c — the receipt (расписка) of a real application: a ticket
 * created on the training server (its clock: Monday 23.11.2026, 10:00 in
 * Novosibirsk) with one mandatory document missing, the receipt built
 * from the server's answer, written to PDF and read back with
 * pdftotext and zbarimg.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mfc-checklist.h"
#include "mfc-print-format.h"
#include "mfc-print-pdf.h"
#include "mfc-receipt.h"
#include "mfc-service-catalog.h"
#include "intake-test-util.h"
#include "printing-test-util.h"

#include "test-intake-common.h"

#define OFFICE_NAME      "МФЦ «Мои документы» Центрального района"
#define OFFICE_ADDRESS   "г. Новоучебск, Красный пр., д. 50"
#define CLERK            "Петрова Анна Сергеевна"

typedef struct
{
  MfcClient         *client;
  MfcServiceCatalog *catalog;
  MfcService        *service;
  MfcChecklist      *checklist;
  MfcApplicant      *applicant;
  JsonObject        *ticket;
  char              *dir;
} Application;

static void
application_free (Application *a)
{
  g_clear_object (&a->checklist);
  g_clear_object (&a->catalog);
  g_clear_object (&a->client);
  g_clear_object (&a->applicant);
  g_clear_pointer (&a->ticket, json_object_unref);
  printing_test_remove_dir (a->dir);
  g_free (a->dir);
  g_free (a);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Application, application_free)

/* The passport service with its photos shown and the old passport
 * missing, submitted for seeded applicant 5: a real ticket */
static Application *
submit_application (Fixture *f)
{
  g_autoptr(Application) a = g_new0 (Application, 1);
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(GAsyncResult) slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) r = NULL;

  a->dir = printing_test_make_dir ();
  a->client = signed_in_client (f, "clerk");
  a->catalog = mfc_service_catalog_new (a->client, NULL);
  mfc_service_catalog_load_async (a->catalog, NULL, store_result_cb, &slot);
  result = wait_result (&slot, "the catalogue");
  g_assert_true (mfc_service_catalog_load_finish (a->catalog, result, &error));
  g_clear_object (&result);

  a->service = intake_test_find_service (a->catalog, PASSPORT_SERVICE);
  a->checklist = mfc_checklist_new (a->service);
  mfc_checklist_set_state (a->checklist, 0, MFC_CHECKLIST_ORIGINAL_SHOWN);
  mfc_checklist_set_state (a->checklist, 1, MFC_CHECKLIST_ORIGINAL_SHOWN);

  mfc_checklist_submit_async (a->checklist, a->client, "application", "5", NULL, NULL,
                              NULL, store_result_cb, &slot);
  result = wait_result (&slot, "the ticket");
  a->ticket = mfc_checklist_submit_finish (a->checklist, result, &error);
  g_assert_no_error (error);

  r = call (f, "GET", "/api/v1/applicants/5", token, NULL, NULL);
  assert_status (r, 200);
  a->applicant = mfc_applicant_new_from_json (obj (r), &error);
  g_assert_no_error (error);

  return g_steal_pointer (&a);
}

/* Whether @needle is in @text, whitespace aside (a line may wrap anywhere) */
static gboolean
contains (const char *text,
          const char *needle)
{
  g_autofree char *squeezed_text = printing_test_squeeze (text);
  g_autofree char *squeezed_needle = printing_test_squeeze (needle);

  return strstr (squeezed_text, squeezed_needle) != NULL;
}

static char *
write_receipt (Application *a,
               const char  *zone_name,
               gboolean     training,
               const char  *name)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zone_name);
  g_autoptr(MfcPrintDocument) doc = mfc_receipt_build (a->ticket, a->applicant, a->service,
                                                       a->checklist, OFFICE_NAME, OFFICE_ADDRESS,
                                                       CLERK, zone, training);
  g_autofree char *pdf = g_build_filename (a->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (doc);
  g_assert_true (mfc_print_document_write_pdf (doc, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (printing_test_pdf_pages (pdf), ==, 1);

  return g_steal_pointer (&pdf);
}

/* The number, the due date, what is missing, ОБРАЗЕЦ, and the personal
 * data masked */
static void
test_receipt_text (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Application) a = submit_application (f);
  g_autofree char *pdf = write_receipt (a, "Asia/Novosibirsk", TRUE, "training.pdf");
  g_autofree char *text = printing_test_pdf_text (pdf, 0);
  const char *number = json_object_get_string_member (a->ticket, "number");
  const char *snils = mfc_applicant_get_snils (a->applicant);
  g_autofree char *masked = mfc_print_mask_snils (snils);
  g_autofree char *expected = NULL;

  g_assert_true (g_regex_match_simple ("^MFC-[0-9]{4}-[0-9]{6}$", number, 0, 0));
  g_assert_true (contains (text, "Расписка в получении документов"));
  expected = g_strdup_printf ("Номер заявления %s", number);
  g_assert_true (contains (text, expected));
  /* 10 working days from Monday 23.11.2026 */
  g_assert_cmpstr (json_object_get_string_member (a->ticket, "due_date"), ==, "2026-12-07");
  g_assert_true (contains (text, "Срок исполнения 7 декабря 2026 г. (10 рабочих дней)"));
  g_assert_true (contains (text, "Паспорт, подлежащий замене — не представлен (обязательный)"));
  g_assert_true (contains (text, "Документ об уплате госпошлины — не представлен"));
  g_assert_true (contains (text, "Две личные фотографии 35×45 мм — оригинал предъявлен"));
  g_assert_true (contains (text, "«Ожидание документов»"));
  g_assert_true (contains (text, OFFICE_NAME));
  g_assert_true (contains (text, CLERK));
  g_assert_true (contains (text, PASSPORT_SERVICE));
  g_assert_true (contains (text, "ОБРАЗЕЦ"));

  /* Masked as on paper it may be: never the whole СНИЛС */
  g_assert_true (contains (text, masked));
  g_assert_false (contains (text, snils));
  g_assert_false (contains (text, "+79"));
}

static void
test_receipt_not_training (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(Application) a = submit_application (f);
  g_autofree char *pdf = write_receipt (a, "Asia/Novosibirsk", FALSE, "real.pdf");
  g_autofree char *text = printing_test_pdf_text (pdf, 0);

  g_assert_nonnull (strstr (text, json_object_get_string_member (a->ticket, "number")));
  g_assert_null (strstr (text, "ОБРАЗЕЦ"));
}

/* The registration time in the office's zone, not the desktop's */
static void
test_receipt_zone (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Application) a = submit_application (f);
  g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (
    json_object_get_string_member (a->ticket, "created_at"), NULL);
  const char *zones[] = { "Asia/Novosibirsk", "Asia/Vladivostok" };

  g_assert_nonnull (created);
  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (zones[i]);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (created, zone);
      g_autofree char *name = g_strdup_printf ("zone-%u.pdf", i);
      g_autofree char *pdf = write_receipt (a, zones[i], FALSE, name);
      g_autofree char *text = printing_test_pdf_text (pdf, 0);
      g_autofree char *hour = g_date_time_format (local, "%H:%M");

      /* 10:00 in Novosibirsk, 13:00 in Vladivostok */
      g_assert_cmpstr (hour, ==, i == 0 ? "10:00" : "13:00");
      g_assert_nonnull (strstr (text, hour));
    }
}

/* The QR code reads back as the ticket number */
static void
test_receipt_qr (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Application) a = submit_application (f);
  g_autofree char *pdf = write_receipt (a, "Asia/Novosibirsk", TRUE, "qr.pdf");
  g_autofree char *decoded = printing_test_decode_qr (pdf, a->dir);

  g_assert_cmpstr (decoded, ==, json_object_get_string_member (a->ticket, "number"));
}

int
main (int   argc,
      char *argv[])
{
  printing_test_use_russian ();
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/receipt/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("text", test_receipt_text);
  ADD ("not-training", test_receipt_not_training);
  ADD ("zone", test_receipt_zone);
  ADD ("qr", test_receipt_qr);
#undef ADD

  return g_test_run ();
}
