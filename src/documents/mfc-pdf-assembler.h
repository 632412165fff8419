/* mfc-pdf-assembler.h — a document to a PDF under the upload limit.
 *
 *   MfcPdfOptions opts = { .limit = limit_from_config, .output = path,
 *                          .allow_split = TRUE };
 *   const char *as_is = mfc_pdf_passthrough_file (doc, opts.limit);
 *
 *   if (as_is != NULL)
 *     upload (as_is);                        one JPEG/PNG/DOCX that fits
 *   else
 *     mfc_pdf_assemble_async (doc, &opts, cancellable, done_cb, self);
 *
 * Every page is JPEG-compressed and embedded as it is (cairo does not
 * re-encode): pages that are really grey are stored grey, black-and-white
 * pages go to a lower resolution first, and the resolution and quality
 * are searched so that the file fits under the limit, never below 150 dpi
 * or JPEG quality 30.  When even that does not fit, the document is split
 * into numbered parts (OUTPUT-1.pdf, OUTPUT-2.pdf, …), each within the
 * limit.  The result says the size, the parts and what was used, so the
 * clerk sees it before the upload.  Pages encode on a thread pool; one
 * ordered writer writes the PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-document.h"

G_BEGIN_DECLS

/* The legibility floor. */
#define MFC_PDF_MIN_DPI      150
#define MFC_PDF_MIN_QUALITY   30

/**
 * MfcPdfOptions:
 * @limit: the most bytes a file may have (the service's upload limit)
 * @output: the PDF to write; parts are named after it
 * @allow_split: whether to split into parts when one file cannot fit
 * @n_threads: encoding threads, 0 for one per processor
 * @title: (nullable): the PDF's title metadata
 */
typedef struct {
  guint64     limit;
  const char *output;
  gboolean    allow_split;
  guint       n_threads;
  const char *title;
} MfcPdfOptions;

#define MFC_TYPE_PDF_RESULT (mfc_pdf_result_get_type ())

G_DECLARE_FINAL_TYPE (MfcPdfResult, mfc_pdf_result, MFC, PDF_RESULT, GObject)

guint        mfc_pdf_result_get_n_parts      (MfcPdfResult        *self);
const char  *mfc_pdf_result_get_part_path    (MfcPdfResult        *self,
                                              guint                part);
guint64      mfc_pdf_result_get_part_size    (MfcPdfResult        *self,
                                              guint                part);
guint        mfc_pdf_result_get_part_n_pages (MfcPdfResult        *self,
                                              guint                part);
guint64      mfc_pdf_result_get_total_size   (MfcPdfResult        *self);
guint        mfc_pdf_result_get_n_pages      (MfcPdfResult        *self);
guint        mfc_pdf_result_get_n_gray_pages (MfcPdfResult        *self);
int          mfc_pdf_result_get_min_dpi      (MfcPdfResult        *self);
int          mfc_pdf_result_get_max_dpi      (MfcPdfResult        *self);
int          mfc_pdf_result_get_min_quality  (MfcPdfResult        *self);
int          mfc_pdf_result_get_max_quality  (MfcPdfResult        *self);
char        *mfc_pdf_result_describe         (MfcPdfResult        *self);

const char  *mfc_pdf_passthrough_file        (MfcDocument         *doc,
                                              guint64              limit);

MfcPdfResult *mfc_pdf_assemble               (MfcDocument         *doc,
                                              const MfcPdfOptions *options,
                                              GCancellable        *cancellable,
                                              GError             **error);
void          mfc_pdf_assemble_async         (MfcDocument         *doc,
                                              const MfcPdfOptions *options,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
MfcPdfResult *mfc_pdf_assemble_finish        (GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
