/* mfc-print-operation.c
 *
 * The GTK side of printing, kept thin: the layout (mfc-core) does all
 * the drawing; here it is only told the page size GTK chose and asked
 * for each page.  The print operation works in points on the whole
 * sheet, which is what the layout expects, and starts on A4.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-printing"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "mfc-print-layout.h"
#include "mfc-print-operation.h"
#include "mfc-print-pdf.h"

#define LAYOUT_KEY "mfc-print-layout"
#define ERROR_SHOWN_KEY "mfc-print-error-shown"

static void
show_error (GtkWindow    *parent,
            const char   *heading,
            const GError *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (parent, heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close",
                                   _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                MfcPrintDocument  *document)
{
  MfcPrintLayout *layout;

  /* The sheet the clerk chose in the dialog, in points */
  layout = mfc_print_layout_new (document,
                                 gtk_print_context_get_width (context),
                                 gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (operation,
                                   (int) mfc_print_layout_get_n_pages (layout));
  g_object_set_data_full (G_OBJECT (operation), LAYOUT_KEY, layout,
                          (GDestroyNotify) mfc_print_layout_free);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              MfcPrintDocument  *document)
{
  MfcPrintLayout *layout = g_object_get_data (G_OBJECT (operation), LAYOUT_KEY);

  g_assert (layout != NULL);
  mfc_print_layout_draw_page (layout, gtk_print_context_get_cairo_context (context),
                              (guint) page_nr);
}

static void
end_print_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              MfcPrintDocument  *document)
{
  g_object_set_data (G_OBJECT (operation), LAYOUT_KEY, NULL);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               GtkWindow               *parent)
{
  g_autoptr(GError) error = NULL;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;

  gtk_print_operation_get_error (operation, &error);
  if (error != NULL && g_object_get_data (G_OBJECT (operation), ERROR_SHOWN_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (operation), ERROR_SHOWN_KEY, GINT_TO_POINTER (TRUE));
      show_error (parent, _("Could not print"), error);
    }
}

typedef struct
{
  MfcPrintDocument *document;
  GtkWindow        *parent;
} SaveData;

static void
save_data_free (SaveData *sd)
{
  mfc_print_document_unref (sd->document);
  g_clear_object (&sd->parent);
  g_free (sd);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveData, save_data_free)

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SaveData) sd = user_data;
  g_autoptr(GError) error = NULL;

  if (!mfc_print_document_write_pdf_finish (sd->document, result, &error))
    show_error (sd->parent, _("Could not save the PDF"), error);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     MfcPrintDocument *document)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      /* NULL if the window went away meanwhile: an error then gets a
       * dialog of its own */
      GtkWindow *parent = gtk_native_dialog_get_transient_for (chooser);

      if (file != NULL)
        mfc_print_document_save_pdf_to_file (document, parent, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/**
 * mfc_print_operation_new:
 * @document: what to print
 *
 * A print operation ready to run: named after the document, A4 portrait
 * to begin with, drawing every page with the layout.  Run it yourself
 * (an export to a file, say) or use mfc_print_document_print().
 *
 * Returns: (transfer full): the operation
 */
GtkPrintOperation *
mfc_print_operation_new (MfcPrintDocument *document)
{
  GtkPrintOperation *operation;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPaperSize) a4 = NULL;

  g_return_val_if_fail (document != NULL, NULL);

  setup = gtk_page_setup_new ();
  a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation,
                                    mfc_print_document_get_title (document));
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  g_object_set_data_full (G_OBJECT (operation), "mfc-print-document",
                          mfc_print_document_ref (document),
                          (GDestroyNotify) mfc_print_document_unref);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), document);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), document);
  g_signal_connect (operation, "end-print", G_CALLBACK (end_print_cb), document);

  return operation;
}

/**
 * mfc_print_document_print:
 * @document: what to print
 * @parent: the window the print dialog belongs to
 *
 * Shows the print dialog and prints; a failure is told in a dialog.
 */
void
mfc_print_document_print (MfcPrintDocument *document,
                          GtkWindow        *parent)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  g_return_if_fail (document != NULL);
  g_return_if_fail (GTK_IS_WINDOW (parent));

  operation = mfc_print_operation_new (document);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb),
                           parent, 0);

  result = gtk_print_operation_run (operation,
                                    GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    parent, &error);
  /* A failure may come back here, through "done", or both: tell it once */
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL &&
      g_object_get_data (G_OBJECT (operation), ERROR_SHOWN_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (operation), ERROR_SHOWN_KEY, GINT_TO_POINTER (TRUE));
      show_error (parent, _("Could not print"), error);
    }
}

/**
 * mfc_print_document_save_pdf:
 * @document: what to save
 * @parent: the window the file chooser belongs to
 * @suggested_name: (nullable): the file name offered, "Расписка 2026-000123.pdf"
 *
 * Asks where to save, then writes the PDF without blocking the window;
 * a failure is told in a dialog.
 */
void
mfc_print_document_save_pdf (MfcPrintDocument *document,
                             GtkWindow        *parent,
                             const char       *suggested_name)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_return_if_fail (document != NULL);
  g_return_if_fail (GTK_IS_WINDOW (parent));

  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");

  chooser = gtk_file_chooser_native_new (_("Save PDF"), parent,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  /* The chooser holds the document until it answers */
  g_signal_connect_data (chooser, "response", G_CALLBACK (chooser_response_cb),
                         mfc_print_document_ref (document),
                         (GClosureNotify) (void (*) (void)) mfc_print_document_unref, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * mfc_print_document_save_pdf_to_file:
 * @document: what to save
 * @parent: (nullable): the window an error dialog belongs to
 * @file: where
 *
 * Writes the PDF on a worker thread; a failure is told in a dialog
 * («Не удалось сохранить PDF»).
 */
void
mfc_print_document_save_pdf_to_file (MfcPrintDocument *document,
                                     GtkWindow        *parent,
                                     GFile            *file)
{
  SaveData *sd;

  g_return_if_fail (document != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (G_IS_FILE (file));

  sd = g_new0 (SaveData, 1);
  sd->document = mfc_print_document_ref (document);
  sd->parent = parent != NULL ? g_object_ref (parent) : NULL;
  mfc_print_document_write_pdf_async (document, file, NULL, save_done_cb, sd);
}
