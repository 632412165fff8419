/* mfc-print-operation.h — printing a document and saving it as PDF from
 * a window: GtkPrintOperation on the layout, GtkFileChooserNative for
 * «Сохранить PDF», errors told to the clerk in a dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mfc-print-document.h"

G_BEGIN_DECLS

GtkPrintOperation *mfc_print_operation_new      (MfcPrintDocument *document);

void               mfc_print_document_print     (MfcPrintDocument *document,
                                                 GtkWindow        *parent);
void               mfc_print_document_save_pdf  (MfcPrintDocument *document,
                                                 GtkWindow        *parent,
                                                 const char       *suggested_name);
void               mfc_print_document_save_pdf_to_file (MfcPrintDocument *document,
                                                 GtkWindow        *parent,
                                                 GFile            *file);

G_END_DECLS
