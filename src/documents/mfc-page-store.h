/* mfc-page-store.h — scanned pages kept on disk until the document is
 * uploaded or discarded, so a crash (even kill -9) loses none.
 *
 *   store = mfc_page_store_new_default ();         ~/.cache/mfc-desk/pages
 *   mfc_page_store_restore (store, doc, &error);   pages of the last session
 *   mfc_page_store_attach (store, doc);            keeps the index current
 *   …the scanner saves each page with mfc_page_store_save_image()…
 *   mfc_page_store_discard (store, doc);           after upload / discard
 *
 * Each page is one PNM file, 0600, written through a temporary file and
 * flushed before it is handed on; a small index (rewritten atomically on
 * every change of the attached document) keeps the order, the edits and
 * the imports.  A page file the index does not know yet (the app died
 * between the scan and the index) is restored too, at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-document.h"

G_BEGIN_DECLS

#define MFC_TYPE_PAGE_STORE (mfc_page_store_get_type ())

G_DECLARE_FINAL_TYPE (MfcPageStore, mfc_page_store, MFC, PAGE_STORE, GObject)

MfcPageStore *mfc_page_store_new          (const char    *dir);
MfcPageStore *mfc_page_store_new_default  (void);
const char   *mfc_page_store_get_dir      (MfcPageStore  *self);

MfcDocPage   *mfc_page_store_save_image   (MfcPageStore  *self,
                                           MfcPageImage  *image,
                                           gboolean       bilevel,
                                           GError       **error);
guint         mfc_page_store_restore      (MfcPageStore  *self,
                                           MfcDocument   *doc,
                                           GError       **error);
void          mfc_page_store_attach       (MfcPageStore  *self,
                                           MfcDocument   *doc);
gboolean      mfc_page_store_flush        (MfcPageStore  *self,
                                           GError       **error);
void          mfc_page_store_discard      (MfcPageStore  *self,
                                           MfcDocument   *doc);

G_END_DECLS
