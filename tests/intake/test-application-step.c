/* test-application-step.c — MfcApplicationStep in a window, in Russian,
 * with real key presses, against the training server running in this
 * process (on the main context, so that the test can stop it and start
 * it again on the same port).  The server's clock: Monday 23.11.2026,
 * 10:00 in Novosibirsk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "mfc-application-step.h"
#include "mfc-print-operation.h"
#include "mfc-print-pdf.h"
#include "mfc-test-ui.h"
#include "mfc-training-server.h"
#include "intake-test-util.h"
#include "printing-test-util.h"

/* 2026-11-23T10:00:00+07:00 */
#define TEST_NOW          G_GINT64_CONSTANT (1795402800)
#define WAIT_MS           60000
#define APPLICANT_ID      "5"

typedef struct
{
  char               *dir;
  MfcTrainingServer  *server;
  char               *address;      /* 127.0.0.1:PORT, kept across a restart */
  MfcContext         *context;
  GtkWindow          *window;
  MfcApplicationStep *step;
  char               *submitted_key;
  guint               n_submitted;
  guint               n_registered;
  MfcPrintDocument   *printed;
  guint               n_printed;
} Fixture;

/* ------------------------------------------------------------------ */

static gboolean
result_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static MfcClientResponse *
request (Fixture    *f,
         const char *method,
         MfcQuery   *query)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MfcClientResponse *response;

  mfc_client_request_async (mfc_context_get_client (f->context), method, query, NULL, NULL, NULL,
                            NULL, store_result_cb, &result);
  mfc_test_ui_wait_until (result_set, &result, WAIT_MS, "a request to the training server");
  response = mfc_client_request_finish (mfc_context_get_client (f->context), result, &error);
  g_assert_no_error (error);
  return response;
}

static MfcApplicant *
fetch_applicant (Fixture    *f,
                 const char *id)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/applicants");
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  MfcApplicant *applicant;

  mfc_query_add_segment (query, id);
  response = request (f, "GET", query);
  applicant = mfc_applicant_new_from_json (mfc_client_response_get_object (response), &error);
  g_assert_no_error (error);
  return applicant;
}

/* The tickets on the server for the applicant (the contract lists them by
 * name; kept by the applicant's id) */
static guint
count_tickets (Fixture      *f,
               MfcApplicant *applicant)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  g_autoptr(MfcClientResponse) response = NULL;
  JsonArray *items;
  guint n = 0;

  mfc_query_add (query, "q", mfc_applicant_get_full_name (applicant));
  mfc_query_add (query, "limit", "200");
  response = request (f, "GET", query);
  items = json_object_get_array_member (mfc_client_response_get_object (response), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *ticket = json_array_get_object_element (items, i);
      JsonObject *who = json_object_get_object_member (ticket, "applicant");

      n += g_strcmp0 (json_object_get_string_member (who, "id"), mfc_applicant_get_id (applicant)) == 0;
    }
  return n;
}

static JsonObject *
fetch_ticket (Fixture    *f,
              const char *id)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  g_autoptr(MfcClientResponse) response = NULL;

  mfc_query_add_segment (query, id);
  response = request (f, "GET", query);
  return json_object_ref (mfc_client_response_get_object (response));
}

static void
submitted_cb (MfcApplicationStep *step,
              const char         *key,
              Fixture            *f)
{
  g_free (f->submitted_key);
  f->submitted_key = g_strdup (key);
  f->n_submitted++;
}

static void
registered_cb (MfcApplicationStep *step,
               const char         *number,
               Fixture            *f)
{
  f->n_registered++;
}

/* The print dialog cannot be driven under Xvfb: the test takes the
 * document the step would print (Ctrl+P's own path up to the dialog). */
static gboolean
print_receipt_cb (MfcApplicationStep *step,
                  MfcPrintDocument   *receipt,
                  Fixture            *f)
{
  g_clear_pointer (&f->printed, mfc_print_document_unref);
  f->printed = mfc_print_document_ref (receipt);
  f->n_printed++;
  return TRUE;
}

static gboolean
logged_in (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static gboolean
catalog_ready (gpointer data)
{
  Fixture *f = data;
  MfcServiceCatalog *catalog = mfc_application_step_get_catalog (f->step);

  return g_list_model_get_n_items (G_LIST_MODEL (catalog)) > 10 &&
         g_list_model_get_n_items (mfc_service_catalog_get_categories (catalog)) > 1;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *db = NULL;
  GUri *uri;

  f->dir = printing_test_make_dir ();
  db = g_build_filename (f->dir, "training.sqlite", NULL);
  f->server = mfc_training_server_new (db, &error);
  g_assert_no_error (error);
  mfc_training_server_set_fake_time (f->server, TEST_NOW);
  mfc_training_server_set_load_interval (f->server, 0);
  g_assert_true (mfc_training_server_seed (f->server, "demo", &error));
  g_assert_true (mfc_training_server_listen (f->server, "127.0.0.1:0", &error));
  uri = g_uri_parse (mfc_training_server_get_base_url (f->server), G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  f->address = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));
  g_uri_unref (uri);

  f->context = mfc_context_new (settings);
  g_assert_true (mfc_context_set_server (f->context, mfc_training_server_get_base_url (f->server), &error));
  mfc_context_set_training (f->context, TRUE);
  g_assert_nonnull (mfc_context_get_outbox (f->context));
  mfc_outbox_set_retry_delay (mfc_context_get_outbox (f->context), 50, 300);
  mfc_client_set_retry_delay (mfc_context_get_client (f->context), 10, 50);

  mfc_session_login_async (mfc_context_get_session (f->context), "clerk", "demo", NULL, NULL,
                           store_result_cb, &result);
  mfc_test_ui_wait_until (logged_in, &result, WAIT_MS, "the login");
  g_assert_true (mfc_session_login_finish (mfc_context_get_session (f->context), result, &error));
  g_assert_no_error (error);

  /* Screenshots show the marks, not a colour half-way through its transition */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 900);
  f->step = mfc_application_step_new (f->context);
  g_signal_connect (f->step, "submitted", G_CALLBACK (submitted_cb), f);
  g_signal_connect (f->step, "registered", G_CALLBACK (registered_cb), f);
  g_signal_connect (f->step, "print-receipt", G_CALLBACK (print_receipt_cb), f);
  gtk_window_set_child (f->window, GTK_WIDGET (f->step));
  gtk_window_present (f->window);
  mfc_test_ui_wait_mapped (GTK_WIDGET (f->window));
  mfc_test_ui_wait_until (catalog_ready, f, WAIT_MS, "the service catalogue");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->context);
  mfc_training_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->printed, mfc_print_document_unref);
  printing_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->address);
  g_free (f->submitted_key);
}

/* ------------------------------------------------------------------ */

static MfcService *
passport_service (Fixture *f)
{
  MfcServiceCatalog *catalog = mfc_application_step_get_catalog (f->step);

  mfc_service_catalog_set_search (catalog, PASSPORT_SERVICE);
  return intake_test_find_service (catalog, PASSPORT_SERVICE);
}

/* xdotool key names for what the clerk types */
static char *
keys_for (const char *text)
{
  g_autoptr(GString) keys = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (keys->len > 0)
        g_string_append_c (keys, ' ');
      if (*p == '-')
        g_string_append (keys, "minus");
      else if (*p == '_')
        g_string_append (keys, "underscore");
      else if (*p == '.')
        g_string_append (keys, "period");
      else
        g_string_append_c (keys, *p);
    }
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

typedef struct
{
  Fixture    *f;
  const char *text;
} LabelWait;

static GtkLabel *
step_label (Fixture    *f,
            const char *name)
{
  GObject *label = gtk_widget_get_template_child (GTK_WIDGET (f->step), MFC_TYPE_APPLICATION_STEP, name);

  g_assert_true (GTK_IS_LABEL (label));
  return GTK_LABEL (label);
}

static gboolean
status_says (gpointer data)
{
  LabelWait *w = data;
  GtkLabel *label = step_label (w->f, "status_label");

  return gtk_widget_get_visible (GTK_WIDGET (label)) &&
         strstr (gtk_label_get_text (label), w->text) != NULL;
}

static void
wait_status (Fixture    *f,
             const char *text)
{
  LabelWait w = { f, text };
  g_autofree char *what = g_strdup_printf ("the status «%s»", text);

  mfc_test_ui_wait_until (status_says, &w, WAIT_MS, what);
}

static gboolean
service_chosen (gpointer data)
{
  Fixture *f = data;

  return mfc_application_step_get_checklist (f->step) != NULL;
}

static gboolean
filtered (gpointer data)
{
  Fixture *f = data;
  MfcServiceCatalog *catalog = mfc_application_step_get_catalog (f->step);

  return g_strcmp0 (mfc_service_catalog_get_search (catalog),
                    gtk_editable_get_text (GTK_EDITABLE (gtk_root_get_focus (GTK_ROOT (f->window))))) == 0;
}

/* Types the service's code into the search and takes it with Enter */
static MfcService *
choose_by_code (Fixture *f)
{
  MfcService *service = passport_service (f);
  g_autofree char *keys = keys_for (mfc_service_get_id (service));

  mfc_service_catalog_set_search (mfc_application_step_get_catalog (f->step), NULL);
  g_assert_true (mfc_application_step_grab_first (f->step));
  mfc_test_ui_press_keys (keys);
  mfc_test_ui_wait_until (filtered, f, WAIT_MS, "the search to follow the typed code");
  mfc_test_ui_press_keys ("Return");
  mfc_test_ui_wait_until (service_chosen, f, WAIT_MS, "Enter to take the service");
  g_assert_true (mfc_checklist_get_service (mfc_application_step_get_checklist (f->step)) == service);

  return service;
}

static MfcChecklistState
item_state (Fixture *f,
            guint    id)
{
  return mfc_checklist_item_get_state (mfc_checklist_get_item (mfc_application_step_get_checklist (f->step), id));
}

typedef struct
{
  Fixture *f;
  guint    id;
} ItemWait;

static gboolean
item_shown (gpointer data)
{
  ItemWait *w = data;

  return item_state (w->f, w->id) == MFC_CHECKLIST_ORIGINAL_SHOWN;
}

/* From the search, Enter put the focus on the first item's «Оригинал
 * предъявлен»: Space marks it; three Tabs reach the next item's. */
static void
mark_originals (Fixture *f,
                guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      ItemWait w = { f, i };

      if (i > 0)
        mfc_test_ui_press_keys ("Tab Tab Tab");
      mfc_test_ui_press_keys ("space");
      mfc_test_ui_wait_until (item_shown, &w, WAIT_MS, "Space to mark the original shown");
    }
}

static gboolean
error_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (step_label (data, "error_label")));
}

static gboolean
registered (gpointer data)
{
  return ((Fixture *) data)->n_registered > 0;
}

static gboolean
outbox_drained (gpointer data)
{
  Fixture *f = data;

  return mfc_outbox_get_n_pending (mfc_context_get_outbox (f->context)) == 0;
}

static gboolean
printed (gpointer data)
{
  return ((Fixture *) data)->n_printed > 0;
}

static gboolean
file_written (gpointer data)
{
  GStatBuf st;

  return g_stat (data, &st) == 0 && st.st_size > 1000;
}

static void
assert_missing_named (Fixture *f)
{
  GtkLabel *missing = step_label (f, "missing_label");

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (missing)));
  g_assert_nonnull (strstr (gtk_label_get_text (missing), "Паспорт, подлежащий замене"));
  g_assert_nonnull (strstr (gtk_label_get_text (missing), "«Ожидание документов»"));
  g_assert_nonnull (strstr (gtk_label_get_text (missing), "приостановится"));
}

/* A service chosen by its code, two originals marked, the old passport
 * missing, Ctrl+Enter: a number, the ticket awaiting documents on the
 * server, and Ctrl+P gives the receipt with that number. */
static void
test_submit_and_print (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MfcApplicant) applicant = fetch_applicant (f, APPLICANT_ID);
  g_autoptr(MfcOutboxEntry) entry = NULL;
  g_autoptr(JsonObject) ticket = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *squeezed = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *png = NULL;
  g_autofree char *ignored = NULL;
  const char *number;
  guint before;

  mfc_application_step_set_applicant (f->step, applicant);
  before = count_tickets (f, applicant);

  /* Ctrl+Enter before a service is chosen says so and sends nothing */
  g_assert_true (mfc_application_step_grab_first (f->step));
  mfc_test_ui_press_keys ("ctrl+Return");
  mfc_test_ui_wait_until (error_shown, f, WAIT_MS, "the request to choose a service");
  g_assert_cmpstr (gtk_label_get_text (step_label (f, "error_label")), ==,
                   "Выберите услугу, по которой подаётся заявление.");
  g_assert_cmpuint (f->n_submitted, ==, 0);

  choose_by_code (f);
  mark_originals (f, 2);
  g_assert_cmpint (item_state (f, 2), ==, MFC_CHECKLIST_NOT_PROVIDED);
  assert_missing_named (f);

  texts = mfc_test_ui_collect_texts (GTK_WIDGET (f->window));
  mfc_test_ui_assert_russian (texts, (const char * const[]) { "Ctrl+P", "Ctrl+Enter", "PDF",
                                                               "Enter", NULL });
  mfc_test_ui_assert_no_ellipsized_labels (GTK_WIDGET (f->window));
  shot = mfc_test_ui_screenshot (GTK_WIDGET (f->window), "intake-checklist");
  g_test_message ("screenshot: %s", shot);

  /* Ctrl+P before a submit prints nothing and says why */
  mfc_test_ui_press_keys ("ctrl+p");
  wait_status (f, "Сначала подайте заявление");
  g_assert_cmpuint (f->n_printed, ==, 0);

  mfc_test_ui_press_keys ("ctrl+Return");
  mfc_test_ui_wait_until (registered, f, WAIT_MS, "the ticket number");
  g_assert_cmpuint (f->n_submitted, ==, 1);
  number = mfc_application_step_get_ticket_number (f->step);
  g_assert_true (g_regex_match_simple ("^MFC-[0-9]{4}-[0-9]{6}$", number, 0, 0));
  expected = g_strdup_printf ("Заявление № %s зарегистрировано", number);
  wait_status (f, expected);
  wait_status (f, "7 декабря 2026 г.");

  /* Moved on to «Ожидание документов» on the server */
  mfc_test_ui_wait_until (outbox_drained, f, WAIT_MS, "the moves to awaiting documents");
  wait_status (f, "ожидает документов");
  entry = mfc_outbox_lookup (mfc_context_get_outbox (f->context), f->submitted_key);
  g_assert_nonnull (entry);
  g_assert_true (mfc_outbox_entry_get_personal (entry));
  ticket = fetch_ticket (f, json_object_get_string_member (mfc_outbox_entry_get_answer (entry), "id"));
  g_assert_cmpstr (json_object_get_string_member (ticket, "number"), ==, number);
  g_assert_cmpstr (json_object_get_string_member (ticket, "status"), ==, "awaiting_documents");
  g_assert_true (json_object_get_boolean_member (ticket, "paused"));
  g_assert_cmpuint (count_tickets (f, applicant), ==, before + 1);

  /* What was sent stays as sent: the checklist is read-only now */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (
    gtk_widget_get_template_child (GTK_WIDGET (f->step), MFC_TYPE_APPLICATION_STEP, "checklist_box"))));

  /* Ctrl+Enter again: the same application is not sent twice */
  mfc_test_ui_press_keys ("ctrl+Return");
  mfc_test_ui_settle ();
  g_assert_cmpuint (f->n_submitted, ==, 1);

  g_clear_pointer (&shot, g_free);
  shot = mfc_test_ui_screenshot (GTK_WIDGET (f->window), "intake-registered");
  g_test_message ("screenshot: %s", shot);

  /* Ctrl+P: the receipt, saved as PDF the way «Сохранить PDF» writes it */
  mfc_test_ui_press_keys ("ctrl+p");
  mfc_test_ui_wait_until (printed, f, WAIT_MS, "Ctrl+P to make the receipt");
  pdf = g_build_filename (TEST_BUILD_DIR, "screenshots", "receipt.pdf", NULL);
  g_remove (pdf);
  file = g_file_new_for_path (pdf);
  mfc_print_document_save_pdf_to_file (f->printed, f->window, file);
  mfc_test_ui_wait_until (file_written, pdf, WAIT_MS, "the receipt PDF");
  text = printing_test_pdf_text (pdf, 0);
  g_assert_nonnull (strstr (text, number));
  squeezed = printing_test_squeeze (text);
  g_assert_nonnull (strstr (squeezed, "ОБРАЗЕЦ"));
  g_assert_nonnull (strstr (text, "МФЦ"));
  g_assert_cmpstr (printing_test_decode_qr (pdf, f->dir), ==, number);

  png = g_build_filename (TEST_BUILD_DIR, "screenshots", "receipt", NULL);
  ignored = printing_test_run ((const char *[]) { "pdftoppm", "-r", "80", "-png", "-singlefile",
                                                  pdf, png, NULL });
  g_test_message ("receipt page: %s.png", png);
}

/* The service down: the application waits in the outbox, the clerk is
 * told so and cannot print yet; the service back: one number, one ticket */
static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MfcApplicant) applicant = fetch_applicant (f, APPLICANT_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *squeezed = NULL;
  guint before;

  mfc_application_step_set_applicant (f->step, applicant);
  before = count_tickets (f, applicant);
  choose_by_code (f);
  mark_originals (f, 1);

  mfc_training_server_stop (f->server);
  mfc_test_ui_press_keys ("ctrl+Return");
  wait_status (f, "Нет связи с сервисом. Заявление сохранено и будет зарегистрировано при "
                  "восстановлении связи");
  g_assert_cmpuint (f->n_submitted, ==, 1);
  g_assert_cmpuint (f->n_registered, ==, 0);
  shot = mfc_test_ui_screenshot (GTK_WIDGET (f->window), "intake-offline");
  g_test_message ("screenshot: %s", shot);

  /* No receipt before the number; said what happens meanwhile */
  mfc_test_ui_press_keys ("ctrl+p");
  wait_status (f, "Расписку можно напечатать, когда у заявления будет номер");
  g_assert_cmpuint (f->n_printed, ==, 0);

  /* Submitting again while it waits queues nothing more */
  mfc_test_ui_press_keys ("ctrl+Return");
  mfc_test_ui_settle ();
  g_assert_cmpuint (f->n_submitted, ==, 1);

  g_assert_true (mfc_training_server_listen (f->server, f->address, &error));
  g_assert_no_error (error);
  mfc_test_ui_wait_until (registered, f, WAIT_MS, "the number after the service came back");
  mfc_test_ui_wait_until (outbox_drained, f, WAIT_MS, "the queue to drain");
  g_assert_cmpuint (f->n_registered, ==, 1);
  g_assert_cmpuint (count_tickets (f, applicant), ==, before + 1);

  mfc_test_ui_press_keys ("ctrl+p");
  mfc_test_ui_wait_until (printed, f, WAIT_MS, "Ctrl+P once the number is there");

  /* The receipt says it was accepted while the service was down */
  pdf = g_build_filename (f->dir, "offline.pdf", NULL);
  g_assert_true (mfc_print_document_write_pdf (f->printed, pdf, &error));
  text = printing_test_pdf_text (pdf, 0);
  squeezed = printing_test_squeeze (text);
  g_assert_nonnull (strstr (squeezed, mfc_application_step_get_ticket_number (f->step)));
  g_assert_nonnull (strstr (squeezed, "приотсутствиисвязиссервисомизарегистрировано"
                                      "послееёвосстановления"));
}

/* A server rejection comes back next to the form with the server's
 * words, and nothing chosen is lost */
static void
test_rejected (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(MfcApplicant) applicant = fetch_applicant (f, APPLICANT_ID);
  g_autoptr(JsonObject) json = mfc_applicant_to_json (applicant);
  g_autoptr(MfcApplicant) ghost = NULL;
  GtkLabel *error_label = step_label (f, "error_label");

  /* An applicant the server does not know: a 4xx the outbox hands back */
  json_object_set_string_member (json, "id", "999999");
  ghost = mfc_applicant_new_from_json (json, NULL);
  g_assert_nonnull (ghost);
  mfc_application_step_set_applicant (f->step, ghost);
  choose_by_code (f);
  mark_originals (f, 1);

  mfc_test_ui_press_keys ("ctrl+Return");
  wait_status (f, "Заявление сохранено, но не зарегистрировано");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "Сервис не принял заявление"));
  g_test_message ("rejection: %s", gtk_label_get_text (error_label));
  g_assert_cmpuint (f->n_registered, ==, 0);
  /* nothing lost */
  g_assert_nonnull (mfc_application_step_get_checklist (f->step));
  g_assert_cmpint (item_state (f, 0), ==, MFC_CHECKLIST_ORIGINAL_SHOWN);
  g_assert_cmpuint (mfc_outbox_get_n_rejected (mfc_context_get_outbox (f->context)), ==, 1);
}

/* Esc in the empty search goes back to the applicant */
static void
count_cb (gpointer data)
{
  (*(guint *) data)++;
}

static gboolean
search_cleared (gpointer data)
{
  Fixture *f = data;
  const char *search = mfc_service_catalog_get_search (mfc_application_step_get_catalog (f->step));

  return gtk_editable_get_text (GTK_EDITABLE (gtk_root_get_focus (GTK_ROOT (f->window))))[0] == '\0' &&
         (search == NULL || search[0] == '\0');
}

static gboolean
counted (gpointer data)
{
  return *(guint *) data > 0;
}

static void
test_escape_back (Fixture       *f,
                  gconstpointer  data)
{
  guint back = 0;

  g_signal_connect_swapped (f->step, "back", G_CALLBACK (count_cb), &back);
  g_assert_true (mfc_application_step_grab_first (f->step));
  mfc_test_ui_press_keys ("p a s");
  mfc_test_ui_wait_until (filtered, f, WAIT_MS, "the search");
  mfc_test_ui_press_keys ("Escape");
  mfc_test_ui_wait_until (search_cleared, f, WAIT_MS, "the first Esc to clear the search");
  g_assert_cmpuint (back, ==, 0);
  mfc_test_ui_press_keys ("Escape");
  mfc_test_ui_wait_until (counted, &back, WAIT_MS, "Esc in the empty search to go back");
}

/* «Копия приложена» is the documents section's hook: without it the
 * clerk is told where copies come from; with it, the section is asked
 * and its mfc_checklist_attach() marks the row. */
static void
attach_requested_cb (MfcApplicationStep *step,
                     MfcChecklist       *checklist,
                     guint               item_id,
                     guint              *asked)
{
  g_assert_true (checklist == mfc_application_step_get_checklist (step));
  (*asked)++;
  /* as the documents section would, once the scan is uploaded */
  mfc_checklist_attach (checklist, item_id, "55");
}

static gboolean
copy_attached (gpointer data)
{
  return item_state (data, 0) == MFC_CHECKLIST_COPY_ATTACHED;
}

static gboolean
hint_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (step_label (data, "attach_label")));
}

static void
test_attach_hook (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MfcApplicant) applicant = fetch_applicant (f, APPLICANT_ID);
  guint asked = 0;

  mfc_application_step_set_applicant (f->step, applicant);
  choose_by_code (f);

  /* No documents section: the item keeps its mark, the clerk is told */
  mfc_test_ui_press_keys ("Tab space");
  mfc_test_ui_wait_until (hint_shown, f, WAIT_MS, "the hint about scanned copies");
  g_assert_nonnull (strstr (gtk_label_get_text (step_label (f, "attach_label")), "«Документы»"));
  g_assert_cmpint (item_state (f, 0), ==, MFC_CHECKLIST_NOT_PROVIDED);

  g_signal_connect (f->step, "attach-requested", G_CALLBACK (attach_requested_cb), &asked);
  mfc_test_ui_press_keys ("Tab shift+Tab space");
  mfc_test_ui_wait_until (copy_attached, f, WAIT_MS, "the copy attached through the hook");
  g_assert_cmpuint (asked, ==, 1);
  g_assert_cmpstr (mfc_checklist_item_get_document_id (
                     mfc_checklist_get_item (mfc_application_step_get_checklist (f->step), 0)), ==, "55");
}

/* A new applicant, not yet created, and the service down: the applicant
 * and the application wait in the outbox together; when the service is
 * back the applicant is created once and the ticket is theirs. */
static MfcApplicantForm *
new_applicant_form (void)
{
  MfcApplicantForm *form = mfc_applicant_form_new ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Novosibirsk");
  /* the server's clock is 23.11.2026 10:00; a signature after it would be refused */
  g_autoptr(GDateTime) signed_at = g_date_time_new (tz, 2026, 11, 23, 9, 30, 0);
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, G_DATE_NOVEMBER, 2026);
  mfc_applicant_form_set_today (form, &today);
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_SURNAME, "Ёлкина");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_GIVEN_NAME, "Дарья");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_BIRTH_DATE, "02.03.1977");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_SNILS, "987-654-321 83");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_PASSPORT, "5021 654321");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_PASSPORT_ISSUED_BY, "ГУ МВД России по Учебной области");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE, "10.04.2022");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE, "540-017");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_PHONE, "+7 (913) 555-12-34");
  g_assert_true (mfc_applicant_form_get_valid (form));
  mfc_applicant_form_record_consent (form, "1", signed_at, "152-ФЗ/2026-1");

  return form;
}

static void
test_new_applicant (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MfcApplicantForm) form = new_applicant_form ();
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/applicants");
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(MfcOutboxEntry) entry = NULL;
  g_autoptr(JsonObject) ticket = NULL;
  g_autoptr(GError) error = NULL;
  MfcApplicant *applicant;
  JsonArray *found;

  mfc_application_step_set_new_applicant (f->step, form);
  g_assert_null (mfc_application_step_get_applicant (f->step));
  choose_by_code (f);
  mark_originals (f, 3);

  mfc_training_server_stop (f->server);
  mfc_test_ui_press_keys ("ctrl+Return");
  wait_status (f, "Нет связи с сервисом");
  g_assert_cmpuint (mfc_outbox_get_n_pending (mfc_context_get_outbox (f->context)), ==, 2);

  g_assert_true (mfc_training_server_listen (f->server, f->address, &error));
  g_assert_no_error (error);
  mfc_test_ui_wait_until (registered, f, WAIT_MS, "the number for the new applicant");
  mfc_test_ui_wait_until (outbox_drained, f, WAIT_MS, "the queue to drain");

  applicant = mfc_application_step_get_applicant (f->step);
  g_assert_nonnull (applicant);
  g_assert_cmpstr (mfc_applicant_get_full_name (applicant), ==, "Ёлкина Дарья");

  mfc_query_add (query, "snils", "98765432183");
  response = request (f, "GET", query);
  found = json_object_get_array_member (mfc_client_response_get_object (response), "items");
  g_assert_cmpuint (json_array_get_length (found), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (found, 0), "id"), ==,
                   mfc_applicant_get_id (applicant));

  entry = mfc_outbox_lookup (mfc_context_get_outbox (f->context), f->submitted_key);
  ticket = fetch_ticket (f, json_object_get_string_member (mfc_outbox_entry_get_answer (entry), "id"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (ticket, "applicant"), "id"),
                   ==, mfc_applicant_get_id (applicant));
  /* all mandatory documents shown: it stays accepted */
  g_assert_cmpstr (json_object_get_string_member (ticket, "status"), ==, "accepted");
  g_assert_cmpuint (count_tickets (f, applicant), ==, 1);
}

/* Key presses, each xdotool key (a chord like ctrl+Return is one) */
static guint
press_counted (const char *keys,
               guint      *count)
{
  g_auto(GStrv) tokens = g_strsplit (keys, " ", -1);

  mfc_test_ui_press_keys (keys);
  *count += g_strv_length (tokens);
  return *count;
}

/* The step's part of the returning-applicant flow by keyboard only, its
 * key presses counted: the service by its code, two originals marked (the
 * old passport missing), Ctrl+Enter, Ctrl+P.  The search by СНИЛС before
 * it belongs to the intake page; the whole count is taken once the page
 * embeds the step. */
static void
test_key_count (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MfcApplicant) applicant = fetch_applicant (f, APPLICANT_ID);
  MfcService *service = passport_service (f);
  g_autofree char *code = keys_for (mfc_service_get_id (service));
  ItemWait second = { f, 1 };
  guint count = 0;

  mfc_service_catalog_set_search (mfc_application_step_get_catalog (f->step), NULL);
  mfc_application_step_set_applicant (f->step, applicant);
  g_assert_true (mfc_application_step_grab_first (f->step));

  press_counted (code, &count);
  mfc_test_ui_wait_until (filtered, f, WAIT_MS, "the search to follow the typed code");
  press_counted ("Return", &count);
  mfc_test_ui_wait_until (service_chosen, f, WAIT_MS, "Enter to take the service");
  press_counted ("space Tab Tab Tab space", &count);
  mfc_test_ui_wait_until (item_shown, &second, WAIT_MS, "the two originals marked");
  g_assert_cmpint (item_state (f, 0), ==, MFC_CHECKLIST_ORIGINAL_SHOWN);
  press_counted ("ctrl+Return", &count);
  mfc_test_ui_wait_until (registered, f, WAIT_MS, "the ticket number");
  press_counted ("ctrl+p", &count);
  mfc_test_ui_wait_until (printed, f, WAIT_MS, "Ctrl+P to make the receipt");

  g_test_message ("key presses in the application step (service %s → checklist → submit → print): %u",
                  mfc_service_get_id (service), count);
  /* the whole flow's target is 25; the step must leave room for the search */
  g_assert_cmpuint (count, <=, 12);
}

/* Search by a word, Down into the list, Enter.  The word is put in the
 * entry by the test (xdotool cannot type Cyrillic under Xvfb without a
 * Russian layout); Down and Enter are real presses. */
static void
test_search_by_word (Fixture       *f,
                     gconstpointer  data)
{
  MfcServiceCatalog *catalog = mfc_application_step_get_catalog (f->step);
  MfcService *expected = passport_service (f);
  const char *word = "замен";
  GtkWidget *focus;

  mfc_service_catalog_set_search (catalog, NULL);
  g_assert_true (mfc_application_step_grab_first (f->step));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  gtk_editable_set_text (GTK_EDITABLE (focus), word);
  mfc_test_ui_wait_until (filtered, f, WAIT_MS, "the search to follow the word");
  g_assert_cmpstr (mfc_service_catalog_get_search (catalog), ==, word);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), >=, 1);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(MfcService) service = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      g_assert_true (mfc_service_matches (service, word));
    }

  /* Down moves into the list, Enter takes the service under the focus */
  mfc_test_ui_press_keys ("Down Return");
  mfc_test_ui_wait_until (service_chosen, f, WAIT_MS, "Down and Enter to take a service");
  g_assert_true (mfc_checklist_get_service (mfc_application_step_get_checklist (f->step)) == expected);
}

/* A complaint: no documents pause it, the server has it as a complaint */
static void
test_complaint (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MfcApplicant) applicant = fetch_applicant (f, APPLICANT_ID);
  g_autoptr(MfcOutboxEntry) entry = NULL;
  g_autoptr(JsonObject) ticket = NULL;
  GtkDropDown *type = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (f->step),
                                                                    MFC_TYPE_APPLICATION_STEP,
                                                                    "type_dropdown"));

  mfc_application_step_set_applicant (f->step, applicant);
  choose_by_code (f);
  assert_missing_named (f);
  gtk_drop_down_set_selected (type, 2);   /* «Жалоба» */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (step_label (f, "missing_label"))));

  mfc_test_ui_press_keys ("ctrl+Return");
  mfc_test_ui_wait_until (registered, f, WAIT_MS, "the complaint's number");
  mfc_test_ui_wait_until (outbox_drained, f, WAIT_MS, "the queue to drain");
  entry = mfc_outbox_lookup (mfc_context_get_outbox (f->context), f->submitted_key);
  ticket = fetch_ticket (f, json_object_get_string_member (mfc_outbox_entry_get_answer (entry), "id"));
  g_assert_cmpstr (json_object_get_string_member (ticket, "type"), ==, "complaint");
  g_assert_cmpstr (json_object_get_string_member (ticket, "status"), ==, "accepted");
}

/* The session ended on the server (a 401): the application waits, the
 * clerk is told to log in again; after the login it is registered once */
static void
test_session_expired (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(MfcApplicant) applicant = fetch_applicant (f, APPLICANT_ID);
  g_autoptr(MfcQuery) session = mfc_query_new ("/api/v1/session");
  g_autoptr(MfcClientResponse) ended = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  mfc_application_step_set_applicant (f->step, applicant);
  before = count_tickets (f, applicant);
  choose_by_code (f);
  mark_originals (f, 3);

  /* The token is revoked behind the client's back */
  ended = request (f, "DELETE", session);
  mfc_test_ui_press_keys ("ctrl+Return");
  wait_status (f, "Сеанс завершён. Заявление сохранено и будет зарегистрировано после "
                  "повторного входа");
  g_assert_cmpuint (f->n_registered, ==, 0);

  mfc_session_login_async (mfc_context_get_session (f->context), "clerk", "demo", NULL, NULL,
                           store_result_cb, &result);
  mfc_test_ui_wait_until (logged_in, &result, WAIT_MS, "the login again");
  g_assert_true (mfc_session_login_finish (mfc_context_get_session (f->context), result, &error));
  mfc_test_ui_wait_until (registered, f, WAIT_MS, "the number after the login");
  mfc_test_ui_wait_until (outbox_drained, f, WAIT_MS, "the queue to drain");
  g_assert_cmpuint (f->n_registered, ==, 1);
  g_assert_cmpuint (count_tickets (f, applicant), ==, before + 1);
}

int
main (int   argc,
      char *argv[])
{
  mfc_test_ui_init_russian (&argc, &argv);

#define ADD(name, func) \
  g_test_add ("/application-step/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("submit-and-print", test_submit_and_print);
  ADD ("offline", test_offline);
  ADD ("rejected", test_rejected);
  ADD ("escape-back", test_escape_back);
  ADD ("attach-hook", test_attach_hook);
  ADD ("new-applicant", test_new_applicant);
  ADD ("key-count", test_key_count);
  ADD ("search-by-word", test_search_by_word);
  ADD ("complaint", test_complaint);
  ADD ("session-expired", test_session_expired);
#undef ADD

  return g_test_run ();
}
