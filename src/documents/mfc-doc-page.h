/* mfc-doc-page.h — one page of a document being prepared for upload, and
 * the pixels it is made of.
 *
 * A page is either a scan (its pixels are a file in the page store, see
 * mfc-page-store.h) or an import (a JPEG/PNG file, one page of a PDF, or a
 * whole DOCX that is uploaded as it is and never edited).  On top of its
 * source a page carries the clerk's edits: a rotation (0/90/180/270
 * degrees clockwise) and a crop rectangle.  Edits are made through
 * MfcDocument (mfc-document.h), which signals them and can undo them; the
 * setters here are for the document and the page store only.
 *
 * mfc_doc_page_render() decodes the pixels with the edits applied; it does
 * blocking file I/O and may take a while for a 300 dpi page, so call it
 * from a worker thread (it is thread-safe: it only reads files).
 *
 * This header is stable: docs-ui (the page editor, import) builds on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MFC_DOC_ERROR (mfc_doc_error_quark ())

/**
 * MfcDocError:
 * @MFC_DOC_ERROR_READ: a page's file could not be read
 * @MFC_DOC_ERROR_FORMAT: a page's file is not what it claims, or is damaged
 * @MFC_DOC_ERROR_WRITE: a file could not be written
 * @MFC_DOC_ERROR_TOO_LARGE: the document cannot fit under the size limit
 * @MFC_DOC_ERROR_NOT_EDITABLE: the operation needs pixels and the page has none (DOCX)
 * @MFC_DOC_ERROR_CANCELLED: the operation was cancelled
 *
 * Errors of the documents models; messages are translated and meant for
 * the clerk.
 */
typedef enum {
  MFC_DOC_ERROR_READ,
  MFC_DOC_ERROR_FORMAT,
  MFC_DOC_ERROR_WRITE,
  MFC_DOC_ERROR_TOO_LARGE,
  MFC_DOC_ERROR_NOT_EDITABLE,
  MFC_DOC_ERROR_CANCELLED,
} MfcDocError;

/**
 * MfcPageKind:
 * @MFC_PAGE_KIND_SCAN: scanned pixels kept in the page store
 * @MFC_PAGE_KIND_IMAGE: an imported JPEG or PNG file
 * @MFC_PAGE_KIND_PDF: one page of an imported PDF file
 * @MFC_PAGE_KIND_DOCX: an imported DOCX file, uploaded as it is (no pixels)
 */
typedef enum {
  MFC_PAGE_KIND_SCAN,
  MFC_PAGE_KIND_IMAGE,
  MFC_PAGE_KIND_PDF,
  MFC_PAGE_KIND_DOCX,
} MfcPageKind;

/**
 * MfcPixelFormat:
 * @MFC_PIXEL_FORMAT_RGB8: 3 bytes a pixel, R G B
 * @MFC_PIXEL_FORMAT_GRAY8: 1 byte a pixel, 0 black … 255 white
 *
 * Black-and-white (lineart) scans are kept as GRAY8 of 0 and 255, with
 * the page's "bilevel" flag set.
 */
typedef enum {
  MFC_PIXEL_FORMAT_RGB8,
  MFC_PIXEL_FORMAT_GRAY8,
} MfcPixelFormat;

/**
 * MfcCropRect:
 * @x: left edge, in source pixels (before rotation)
 * @y: top edge, in source pixels
 * @width: width in source pixels; 0 means "no crop"
 * @height: height in source pixels; 0 means "no crop"
 */
typedef struct {
  int x;
  int y;
  int width;
  int height;
} MfcCropRect;

/* ---- pixels ---- */

/**
 * MfcPageImage:
 * @format: the pixel format
 * @width: width in pixels
 * @height: height in pixels
 * @stride: bytes from one row to the next
 * @dpi: resolution the pixels stand for
 * @data: the pixels, row by row
 *
 * Decoded pixels, reference counted.  Not changed once shared.
 */
typedef struct {
  MfcPixelFormat format;
  int            width;
  int            height;
  int            stride;
  double         dpi;
  guint8        *data;
  /*< private >*/
  gint           ref_count;
} MfcPageImage;

#define MFC_TYPE_PAGE_IMAGE (mfc_page_image_get_type ())

GType         mfc_page_image_get_type      (void) G_GNUC_CONST;
MfcPageImage *mfc_page_image_new           (MfcPixelFormat      format,
                                            int                 width,
                                            int                 height,
                                            double              dpi);
MfcPageImage *mfc_page_image_new_take      (MfcPixelFormat      format,
                                            int                 width,
                                            int                 height,
                                            double              dpi,
                                            guint8             *data);
MfcPageImage *mfc_page_image_ref           (MfcPageImage       *image);
void          mfc_page_image_unref         (MfcPageImage       *image);
int           mfc_pixel_format_channels    (MfcPixelFormat      format);
MfcPageImage *mfc_page_image_crop          (MfcPageImage       *image,
                                            const MfcCropRect  *crop);
MfcPageImage *mfc_page_image_rotate        (MfcPageImage       *image,
                                            int                 degrees);
MfcPageImage *mfc_page_image_scale_to_dpi  (MfcPageImage       *image,
                                            double              dpi);
MfcPageImage *mfc_page_image_to_gray       (MfcPageImage       *image);
gboolean      mfc_page_image_is_gray       (MfcPageImage       *image);
gboolean      mfc_page_image_is_bilevel    (MfcPageImage       *image);
gboolean      mfc_page_image_is_blank      (MfcPageImage       *image);

void          mfc_page_memory_setup        (void);
void          mfc_page_memory_release      (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfcPageImage, mfc_page_image_unref)

/* ---- the page ---- */

#define MFC_TYPE_DOC_PAGE (mfc_doc_page_get_type ())

G_DECLARE_FINAL_TYPE (MfcDocPage, mfc_doc_page, MFC, DOC_PAGE, GObject)

GQuark          mfc_doc_error_quark          (void);

MfcDocPage     *mfc_doc_page_new_scan        (const char         *path,
                                              MfcPixelFormat      format,
                                              int                 width,
                                              int                 height,
                                              double              dpi,
                                              gboolean            bilevel);
MfcDocPage     *mfc_doc_page_new_import      (MfcPageKind         kind,
                                              const char         *path,
                                              int                 pdf_index,
                                              int                 width,
                                              int                 height,
                                              double              dpi);

MfcPageKind     mfc_doc_page_get_kind        (MfcDocPage         *self);
const char     *mfc_doc_page_get_path        (MfcDocPage         *self);
int             mfc_doc_page_get_pdf_index   (MfcDocPage         *self);
int             mfc_doc_page_get_width       (MfcDocPage         *self);
int             mfc_doc_page_get_height      (MfcDocPage         *self);
double          mfc_doc_page_get_dpi         (MfcDocPage         *self);
MfcPixelFormat  mfc_doc_page_get_format      (MfcDocPage         *self);
gboolean        mfc_doc_page_get_bilevel     (MfcDocPage         *self);
int             mfc_doc_page_get_rotation    (MfcDocPage         *self);
void            mfc_doc_page_get_crop        (MfcDocPage         *self,
                                              MfcCropRect        *crop);
gboolean        mfc_doc_page_has_crop        (MfcDocPage         *self);
gboolean        mfc_doc_page_get_blank       (MfcDocPage         *self);
gboolean        mfc_doc_page_is_editable     (MfcDocPage         *self);
void            mfc_doc_page_get_output_size (MfcDocPage         *self,
                                              int                *width,
                                              int                *height);

/* For MfcDocument and the page store: use mfc_document_rotate_page() and
 * friends instead, so the edit is signalled and can be undone. */
void            mfc_doc_page_set_rotation    (MfcDocPage         *self,
                                              int                 degrees);
void            mfc_doc_page_set_crop        (MfcDocPage         *self,
                                              const MfcCropRect  *crop);
void            mfc_doc_page_set_blank       (MfcDocPage         *self,
                                              gboolean            blank);

MfcPageImage   *mfc_doc_page_load            (MfcDocPage         *self,
                                              double              dpi,
                                              GCancellable       *cancellable,
                                              GError            **error);
MfcPageImage   *mfc_doc_page_render          (MfcDocPage         *self,
                                              double              dpi,
                                              GCancellable       *cancellable,
                                              GError            **error);

/* The page store's file format (binary PNM: P6 colour, P5 grey). */
gboolean        mfc_page_image_save_pnm      (MfcPageImage       *image,
                                              const char         *path,
                                              GError            **error);
MfcPageImage   *mfc_page_image_load_pnm      (const char         *path,
                                              double              dpi,
                                              GError            **error);

G_END_DECLS
