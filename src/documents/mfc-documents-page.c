/* mfc-documents-page.c — a placeholder until the section is built: it says
 * what the section will hold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-documents"

#include "config.h"

#include "mfc-documents-page.h"

struct _MfcDocumentsPage
{
  MfcPage parent_instance;
};

G_DEFINE_FINAL_TYPE (MfcDocumentsPage, mfc_documents_page, MFC_TYPE_PAGE)

static void
mfc_documents_page_class_init (MfcDocumentsPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               RESOURCE_BASE "/documents/mfc-documents-page.ui");
}

static void
mfc_documents_page_init (MfcDocumentsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
