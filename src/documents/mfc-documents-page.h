/* mfc-documents-page.h — the «Документы» section of the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-page.h"

G_BEGIN_DECLS

#define MFC_TYPE_DOCUMENTS_PAGE (mfc_documents_page_get_type ())
G_DECLARE_FINAL_TYPE (MfcDocumentsPage, mfc_documents_page, MFC, DOCUMENTS_PAGE, MfcPage)

G_END_DECLS
