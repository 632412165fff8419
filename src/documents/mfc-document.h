/* mfc-document.h — a document being prepared for upload: an ordered list
 * of MfcDocPage, edited with undo.
 *
 * The document is a GListModel of MfcDocPage (a GtkGridView of thumbnails
 * can show it directly) and signals what changed:
 *
 *   page-added      (MfcDocPage *page, guint index)
 *   page-removed    (MfcDocPage *page, guint index)
 *   page-changed    (MfcDocPage *page, guint index)   rotation, crop, blank
 *   pages-reordered (guint from, guint to)            one page moved
 *
 * (items-changed is emitted as well, as GListModel requires.)  Delete,
 * rotate, crop and reorder push onto a small undo stack; mfc_document_undo()
 * takes the last one back.  The page store (mfc-page-store.h) listens to
 * these signals to keep the document safe on disk.
 *
 * This header is stable: docs-ui (the page editor, import) builds on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-doc-page.h"

G_BEGIN_DECLS

#define MFC_TYPE_DOCUMENT (mfc_document_get_type ())

G_DECLARE_FINAL_TYPE (MfcDocument, mfc_document, MFC, DOCUMENT, GObject)

/* How many edits mfc_document_undo() can take back. */
#define MFC_DOCUMENT_UNDO_DEPTH 100

MfcDocument *mfc_document_new             (void);

guint        mfc_document_get_n_pages     (MfcDocument       *self);
MfcDocPage  *mfc_document_get_page        (MfcDocument       *self,
                                           guint              index);
gboolean     mfc_document_find_page       (MfcDocument       *self,
                                           MfcDocPage        *page,
                                           guint             *index);

void         mfc_document_append_page     (MfcDocument       *self,
                                           MfcDocPage        *page);
void         mfc_document_insert_page     (MfcDocument       *self,
                                           guint              index,
                                           MfcDocPage        *page);
void         mfc_document_remove_page     (MfcDocument       *self,
                                           guint              index);
void         mfc_document_move_page       (MfcDocument       *self,
                                           guint              from,
                                           guint              to);
void         mfc_document_rotate_page     (MfcDocument       *self,
                                           guint              index,
                                           int                degrees);
void         mfc_document_crop_page       (MfcDocument       *self,
                                           guint              index,
                                           const MfcCropRect *crop);
void         mfc_document_set_page_blank  (MfcDocument       *self,
                                           guint              index,
                                           gboolean           blank);
void         mfc_document_clear           (MfcDocument       *self);

gboolean     mfc_document_can_undo        (MfcDocument       *self);
gboolean     mfc_document_undo            (MfcDocument       *self);
void         mfc_document_clear_undo      (MfcDocument       *self);

G_END_DECLS
