/* mfc-import.h — files the clerk adds to a document: what they are, whether
 * they are whole, and the pages they give.
 *
 * The type is decided by the content, never by the name, with the same
 * magic bytes the central service uses (PDF, JPEG, PNG, DOCX = a ZIP with
 * word/document.xml).  A file must also be whole: an empty file, a JPEG
 * without its end marker, a PNG without IEND, a PDF without %%EOF or that
 * poppler cannot open, a DOCX whose ZIP directory is missing, or an image
 * that does not decode is refused with a Russian message naming the file.
 * A PDF gives one page per PDF page (shown through poppler), a JPEG or PNG
 * one page, a DOCX one page that is sent as it is.
 *
 * A batch is checked on a worker thread, file by file; a bad file does not
 * stop the others.  No GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-doc-page.h"

G_BEGIN_DECLS

#define MFC_IMPORT_ERROR (mfc_import_error_quark ())

typedef enum {
  MFC_IMPORT_ERROR_READ,         /* cannot be opened or read */
  MFC_IMPORT_ERROR_EMPTY,
  MFC_IMPORT_ERROR_UNSUPPORTED,  /* not PDF, JPEG, PNG or DOCX by content */
  MFC_IMPORT_ERROR_DAMAGED,      /* truncated or broken */
  MFC_IMPORT_ERROR_CANCELLED,
} MfcImportError;

GQuark mfc_import_error_quark (void);

typedef enum {
  MFC_IMPORT_TYPE_NONE,
  MFC_IMPORT_TYPE_PDF,
  MFC_IMPORT_TYPE_JPEG,
  MFC_IMPORT_TYPE_PNG,
  MFC_IMPORT_TYPE_DOCX,
} MfcImportType;

MfcImportType  mfc_import_sniff            (const guint8   *data,
                                            gsize           len);
const char    *mfc_import_type_get_mime    (MfcImportType   type);
const char    *mfc_import_type_get_name    (MfcImportType   type);

GPtrArray     *mfc_import_file             (GFile          *file,
                                            MfcImportType  *type,
                                            GCancellable   *cancellable,
                                            GError        **error);

/* MfcImportResult: what one file of a batch gave. */
typedef struct
{
  GFile         *file;
  char          *display_name;
  MfcImportType  type;
  GPtrArray     *pages;   /* of MfcDocPage; NULL when @error is set */
  GError        *error;
} MfcImportResult;

void           mfc_import_result_free      (MfcImportResult *result);

void           mfc_import_files_async      (GFile         **files,
                                            guint           n_files,
                                            GCancellable   *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer        user_data);
GPtrArray     *mfc_import_files_finish     (GAsyncResult   *result,
                                            GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfcImportResult, mfc_import_result_free)

G_END_DECLS
