/* mfc-print-pdf.h — a printed document as a PDF file (A4).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-print-document.h"

G_BEGIN_DECLS

gboolean          mfc_print_document_write_pdf       (MfcPrintDocument  *self,
                                                      const char        *path,
                                                      GError           **error);
gboolean          mfc_print_document_write_pdf_to_stream (MfcPrintDocument  *self,
                                                      GOutputStream     *stream,
                                                      GCancellable      *cancellable,
                                                      GError           **error);
void              mfc_print_document_write_pdf_async (MfcPrintDocument  *self,
                                                      GFile             *file,
                                                      GCancellable      *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer           user_data);
gboolean          mfc_print_document_write_pdf_finish (MfcPrintDocument *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);

G_END_DECLS
