/* test-print-operation.c — the GTK side: GtkPrintOperation drawing the
 * layout (exported to PDF through GTK's own print pipeline, the path a
 * printer takes), and «Сохранить PDF» with its error dialog, in Russian.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mfc-print-layout.h"
#include "mfc-print-operation.h"
#include "mfc-test-ui.h"
#include "printing-test-util.h"

static void
export (MfcPrintDocument *doc,
        const char       *pdf)
{
  g_autoptr(GtkPrintOperation) operation = mfc_print_operation_new (doc);
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  gtk_print_operation_set_export_filename (operation, pdf);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT,
                                    NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
}

static void
test_operation_setup (void)
{
  g_autoptr(MfcPrintDocument) doc = printing_test_receipt (FALSE);
  g_autoptr(GtkPrintOperation) operation = mfc_print_operation_new (doc);
  GtkPageSetup *setup = gtk_print_operation_get_default_page_setup (operation);
  g_autofree char *job_name = NULL;
  GtkUnit unit;
  gboolean full_page;

  g_object_get (operation, "job-name", &job_name, "unit", &unit,
                "use-full-page", &full_page, NULL);
  g_assert_cmpstr (job_name, ==, "Расписка в получении документов");
  g_assert_cmpint (unit, ==, GTK_UNIT_POINTS);
  g_assert_true (full_page);
  g_assert_nonnull (setup);
  g_assert_cmpstr (gtk_paper_size_get_name (gtk_page_setup_get_paper_size (setup)),
                   ==, GTK_PAPER_NAME_A4);
  g_assert_cmpint (gtk_page_setup_get_orientation (setup), ==,
                   GTK_PAGE_ORIENTATION_PORTRAIT);
}

static void
test_operation_export (PrintingFixture *f,
                       gconstpointer    data)
{
  g_autoptr(MfcPrintDocument) doc = printing_test_receipt (TRUE);
  g_autofree char *text = NULL;
  g_autofree char *squeezed = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *size = NULL;

  export (doc, f->pdf);
  g_assert_cmpuint (printing_test_pdf_pages (f->pdf), ==, 1);
  size = printing_test_pdf_page_size (f->pdf);
  g_assert_true (g_str_has_prefix (size, "595.276 x 841.89"));

  text = printing_test_pdf_text (f->pdf, 1);
  g_assert_nonnull (strstr (text, "Номер заявления " TEST_TICKET));
  g_assert_nonnull (strstr (text, TEST_MISSING_1));
  squeezed = printing_test_squeeze (text);
  g_assert_nonnull (strstr (squeezed, "ОБРАЗЕЦ"));

  decoded = printing_test_decode_qr (f->pdf, f->dir);
  g_assert_cmpstr (decoded, ==, TEST_TICKET);
}

static void
test_operation_pages (PrintingFixture *f,
                      gconstpointer    data)
{
  g_autoptr(MfcPrintDocument) doc = printing_test_receipt (TRUE);
  g_autoptr(MfcPrintLayout) layout = NULL;
  guint n_pages;

  printing_test_add_clauses (doc, 30);
  layout = mfc_print_layout_new (doc, MFC_PRINT_A4_WIDTH, MFC_PRINT_A4_HEIGHT);
  n_pages = mfc_print_layout_get_n_pages (layout);
  g_assert_cmpuint (n_pages, >=, 2);

  /* The print path breaks where the PDF path does */
  export (doc, f->pdf);
  g_assert_cmpuint (printing_test_pdf_pages (f->pdf), ==, n_pages);
  for (guint page = 1; page <= n_pages; page++)
    {
      g_autofree char *text = printing_test_pdf_text (f->pdf, (int) page);
      g_autofree char *squeezed = printing_test_squeeze (text);
      g_autofree char *number = g_strdup_printf ("Стр. %u из %u", page, n_pages);

      g_assert_nonnull (strstr (text, number));
      g_assert_nonnull (strstr (squeezed, "ОБРАЗЕЦ"));
    }
}

typedef struct
{
  const char *path;
} FileWait;

static gboolean
file_written (gpointer data)
{
  FileWait *w = data;
  g_autofree char *contents = NULL;
  gsize length = 0;

  return g_file_get_contents (w->path, &contents, &length, NULL) &&
         length > 4 && memcmp (contents, "%PDF", 4) == 0;
}

typedef struct
{
  GType      type;
  GtkWidget *found;
} ToplevelWait;

static gboolean
toplevel_shown (gpointer data)
{
  ToplevelWait *w = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) widget = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (widget, w->type) && gtk_widget_get_mapped (widget))
        {
          w->found = widget;
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_save_pdf (PrintingFixture *f,
               gconstpointer    data)
{
  g_autoptr(MfcPrintDocument) doc = printing_test_receipt (FALSE);
  GtkWidget *window = gtk_window_new ();
  g_autoptr(GFile) file = g_file_new_for_path (f->pdf);
  FileWait wait = { f->pdf };
  g_autofree char *text = NULL;

  gtk_window_present (GTK_WINDOW (window));
  mfc_print_document_save_pdf_to_file (doc, GTK_WINDOW (window), file);
  if (!mfc_test_ui_wait_for (file_written, &wait, 30000))
    g_error ("the PDF was not saved within 30 s");

  text = printing_test_pdf_text (f->pdf, 1);
  g_assert_nonnull (strstr (text, "Срок исполнения " TEST_DUE));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
chooser_names_file (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (data));

  return file != NULL;
}

/* Outside a sandbox GtkFileChooserNative shows GTK's own dialog: answer
 * it as the clerk would */
static void
test_save_pdf_chooser (PrintingFixture *f,
                       gconstpointer    data)
{
  g_autoptr(MfcPrintDocument) doc = printing_test_receipt (TRUE);
  GtkWidget *window = gtk_window_new ();
  g_autofree char *cwd = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  g_autofree char *saved = g_build_filename (f->dir, "Расписка " TEST_TICKET ".pdf", NULL);
  FileWait wait = { saved };
  ToplevelWait wait_chooser = { GTK_TYPE_FILE_CHOOSER_DIALOG, NULL };
  GtkWidget *chooser;

  /* A save dialog opens in the current folder (setting another on GTK's
   * dialog behind the native one does not reach the answer) */
  cwd = g_get_current_dir ();
  g_assert_cmpint (g_chdir (f->dir), ==, 0);

  gtk_window_present (GTK_WINDOW (window));
  mfc_print_document_save_pdf (doc, GTK_WINDOW (window), "Расписка " TEST_TICKET ".pdf");
  if (!mfc_test_ui_wait_for (toplevel_shown, &wait_chooser, 30000))
    g_error ("no file chooser within 30 s");
  chooser = wait_chooser.found;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==, "Сохранить PDF");
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SAVE);
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (name, ==, "Расписка " TEST_TICKET ".pdf");
  /* The folder loads asynchronously; the chooser names a file only then */
  if (!mfc_test_ui_wait_for (chooser_names_file, chooser, 30000))
    g_error ("the file chooser did not open the folder within 30 s");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  if (!mfc_test_ui_wait_for (file_written, &wait, 30000))
    g_error ("the PDF was not saved within 30 s");
  text = printing_test_pdf_text (saved, 1);
  g_assert_nonnull (strstr (text, "Номер заявления " TEST_TICKET));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_cmpint (g_chdir (cwd), ==, 0);
}

static void
test_save_pdf_error (PrintingFixture *f,
                     gconstpointer    data)
{
  g_autoptr(MfcPrintDocument) doc = printing_test_receipt (FALSE);
  GtkWidget *window = gtk_window_new ();
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "r.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (missing);
  ToplevelWait wait_dialog = { ADW_TYPE_MESSAGE_DIALOG, NULL };
  GtkWidget *dialog;

  gtk_window_present (GTK_WINDOW (window));
  mfc_print_document_save_pdf_to_file (doc, GTK_WINDOW (window), file);
  if (!mfc_test_ui_wait_for (toplevel_shown, &wait_dialog, 30000))
    g_error ("no error dialog within 30 s");
  dialog = wait_dialog.found;

  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)),
                   ==, "Не удалось сохранить PDF");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                                   "Не удалось сохранить PDF: "));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  mfc_test_ui_init_russian (&argc, &argv);

  g_test_add_func ("/print-operation/setup", test_operation_setup);
  PRINTING_TEST_ADD ("/print-operation/export", test_operation_export);
  PRINTING_TEST_ADD ("/print-operation/pages", test_operation_pages);
  PRINTING_TEST_ADD ("/print-operation/save-pdf", test_save_pdf);
  PRINTING_TEST_ADD ("/print-operation/save-pdf-chooser", test_save_pdf_chooser);
  PRINTING_TEST_ADD ("/print-operation/save-pdf-error", test_save_pdf_error);

  return g_test_run ();
}
