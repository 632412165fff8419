/* mfc-page-thumbnail.h — one page of the document in the page grid: its
 * picture (decoded off the main thread), its number, and for a screen
 * reader «Страница 3 из 10».
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mfc-doc-page.h"

G_BEGIN_DECLS

#define MFC_TYPE_PAGE_THUMBNAIL (mfc_page_thumbnail_get_type ())
G_DECLARE_FINAL_TYPE (MfcPageThumbnail, mfc_page_thumbnail, MFC, PAGE_THUMBNAIL, AdwBin)

/* The longest side of a thumbnail's picture, in pixels. */
#define MFC_PAGE_THUMBNAIL_SIZE 180

MfcPageThumbnail *mfc_page_thumbnail_new        (void);
void              mfc_page_thumbnail_set_page   (MfcPageThumbnail *self,
                                                 MfcDocPage       *page,
                                                 guint             position,
                                                 guint             n_pages);
void              mfc_page_thumbnail_set_position (MfcPageThumbnail *self,
                                                 guint             position,
                                                 guint             n_pages);
MfcDocPage       *mfc_page_thumbnail_get_page   (MfcPageThumbnail *self);
gboolean          mfc_page_thumbnail_get_loaded (MfcPageThumbnail *self);

G_END_DECLS
