/* bench-receipt.c — the intake receipt as the clerk waits for it after
 * Ctrl+P: mfc_receipt_build() from a registered ticket, its applicant,
 * service and checklist (one document shown, two missing, one required),
 * then laid out and written as a one-page PDF.
 *
 * The inputs are parsed once, as the step holds them; each run builds
 * the document and writes the PDF to memory (--file: to a temporary file,
 * as «Сохранить PDF» does), timed on the monotonic clock.  The first run
 * (fonts, the QR encoder) is reported on its own and left out of the
 * median.  Figures as JSON; nothing asserts a speed (the target, < 100 ms,
 * and the recorded figures are in docs/benchmarks.md).
 *
 *   bench-receipt [--runs N] [--file]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-bench"

#include "config.h"

#include <gio/gio.h>
#include <locale.h>

#include "mfc-checklist.h"
#include "mfc-print-pdf.h"
#include "mfc-receipt.h"
#include "printing-test-util.h"

#include "bench-stats.h"

static const char ticket_json[] =
  "{\"id\":\"3201\",\"number\":\"MFC-2026-003201\",\"type\":\"application\","
  "\"status\":\"accepted\",\"applicant\":{\"id\":\"5\",\"full_name\":\"Михайлова Анна Петровна\"},"
  "\"service\":{\"id\":\"1\",\"title\":\"Замена паспорта гражданина РФ\"},\"office_id\":\"1\","
  "\"assignee\":null,\"description\":null,\"created_at\":\"2026-11-23T10:00:00+07:00\","
  "\"updated_at\":\"2026-11-23T10:00:00+07:00\",\"due_date\":\"2026-12-07\",\"paused\":false,"
  "\"working_days_left\":10,\"overdue\":false,\"allowed_transitions\":[\"in_progress\"],"
  "\"version\":1,\"history\":[],\"comments\":[],\"documents\":[]}";

static const char applicant_json[] =
  "{\"id\":\"5\",\"surname\":\"Михайлова\",\"given_name\":\"Анна\",\"patronymic\":\"Петровна\","
  "\"full_name\":\"Михайлова Анна Петровна\",\"birth_date\":\"1984-03-12\","
  "\"snils\":\"112-233-445 95\",\"inn\":null,"
  "\"passport\":{\"series\":\"5004\",\"number\":\"123456\",\"issued_by\":\"ГУ МВД России по Учебной области\","
  "\"issue_date\":\"2019-06-03\",\"division_code\":\"540-001\"},"
  "\"phone\":\"+79131234567\",\"email\":null,\"address\":null,"
  "\"consent\":{\"given\":true,\"given_at\":\"2026-11-23T09:55:00+07:00\",\"clerk_id\":\"3\"},"
  "\"created_at\":\"2026-11-23T09:55:00+07:00\",\"updated_at\":\"2026-11-23T09:55:00+07:00\",\"version\":1}";

static const char service_json[] =
  "{\"id\":\"1\",\"title\":\"Замена паспорта гражданина РФ\","
  "\"category\":{\"id\":\"passport\",\"title\":\"Паспорт\"},"
  "\"required_documents\":[{\"title\":\"Заявление о выдаче (замене) паспорта\",\"mandatory\":true},"
  "{\"title\":\"Две личные фотографии 35×45 мм\",\"mandatory\":true},"
  "{\"title\":\"Паспорт, подлежащий замене\",\"mandatory\":true},"
  "{\"title\":\"Документ об уплате госпошлины\",\"mandatory\":false}],"
  "\"deadline_working_days\":10,\"bookable\":true,\"buffer_minutes\":5,\"version\":1}";

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, json, -1, &error))
    g_error ("%s", error->message);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}


typedef struct
{
  JsonObject   *ticket;
  MfcApplicant *applicant;
  MfcService   *service;
  MfcChecklist *checklist;
  GTimeZone    *zone;
} Inputs;

/* One receipt, start to finish, in milliseconds */
static double
one_run (Inputs     *in,
         const char *path,
         gsize      *bytes)
{
  g_autoptr(MfcPrintDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 end;

  doc = mfc_receipt_build (in->ticket, in->applicant, in->service, in->checklist,
                           "МФЦ «Мои документы» Центрального района",
                           "г. Новоучебск, ул. Учебная, д. 2",
                           "Иванова Мария Петровна", in->zone, TRUE);
  if (path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInfo) info = NULL;

      if (!mfc_print_document_write_pdf (doc, path, &error))
        g_error ("%s", error->message);
      end = g_get_monotonic_time ();
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                NULL, NULL);
      *bytes = info != NULL ? (gsize) g_file_info_get_size (info) : 0;
    }
  else
    {
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();

      if (!mfc_print_document_write_pdf_to_stream (doc, stream, NULL, &error))
        g_error ("%s", error->message);
      end = g_get_monotonic_time ();
      *bytes = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
    }

  return (double) (end - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  int runs = 50;
  gboolean to_file = FALSE;
  GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Timed runs after the first (default 50)", "N" },
    { "file", 0, 0, G_OPTION_ARG_NONE, &to_file, "Write each PDF to a temporary file", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— time the intake receipt");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(JsonObject) applicant_object = NULL;
  g_autoptr(JsonObject) service_object = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  Inputs in = { 0 };
  double first, sum = 0;
  gsize bytes = 0;

  /* Russian text on the paper, but a JSON decimal point */
  printing_test_use_russian ();
  setlocale (LC_NUMERIC, "C");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (runs < 1)
    {
      g_printerr ("--runs must be at least 1\n");
      return 2;
    }

  in.ticket = parse_object (ticket_json);
  applicant_object = parse_object (applicant_json);
  service_object = parse_object (service_json);
  in.applicant = mfc_applicant_new_from_json (applicant_object, &error);
  if (in.applicant == NULL)
    g_error ("%s", error->message);
  in.service = mfc_service_new_from_json (service_object, &error);
  if (in.service == NULL)
    g_error ("%s", error->message);
  in.checklist = mfc_checklist_new (in.service);
  mfc_checklist_set_state (in.checklist, 0, MFC_CHECKLIST_ORIGINAL_SHOWN);
  mfc_checklist_set_state (in.checklist, 1, MFC_CHECKLIST_ORIGINAL_SHOWN);
  in.zone = g_time_zone_new_identifier ("Asia/Novosibirsk");

  if (to_file)
    {
      dir = printing_test_make_dir ();
      path = g_build_filename (dir, "receipt.pdf", NULL);
    }

  first = one_run (&in, path, &bytes);
  for (int i = 0; i < runs; i++)
    {
      double ms = one_run (&in, path, &bytes);

      g_array_append_val (times, ms);
      sum += ms;
    }

  /* Sorted before the figures: min and max are read off the ends. */
  g_array_sort (times, bench_compare_doubles);
  g_print ("{\"benchmark\": \"intake-receipt\", \"output\": \"%s\", \"runs\": %d, "
           "\"bytes\": %" G_GSIZE_FORMAT ", \"first_ms\": %.2f, \"median_ms\": %.2f, "
           "\"mean_ms\": %.2f, \"p90_ms\": %.2f, \"min_ms\": %.2f, \"max_ms\": %.2f, "
           "\"target_ms\": 100}\n",
           to_file ? "file" : "memory", runs, bytes, first,
           bench_percentile (times, 0.5), sum / runs,
           bench_percentile (times, 0.9),
           g_array_index (times, double, 0),
           g_array_index (times, double, times->len - 1));

  if (dir != NULL)
    printing_test_remove_dir (dir);
  g_clear_object (&in.checklist);
  g_clear_object (&in.service);
  g_clear_object (&in.applicant);
  g_clear_pointer (&in.ticket, json_object_unref);
  g_clear_pointer (&in.zone, g_time_zone_unref);

  return 0;
}
