/* mfc-tickets-page.c — a placeholder until the section is built: it says
 * what the section will hold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-tickets"

#include "config.h"

#include "mfc-tickets-page.h"

struct _MfcTicketsPage
{
  MfcPage parent_instance;
};

G_DEFINE_FINAL_TYPE (MfcTicketsPage, mfc_tickets_page, MFC_TYPE_PAGE)

static void
mfc_tickets_page_class_init (MfcTicketsPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               RESOURCE_BASE "/tickets/mfc-tickets-page.ui");
}

static void
mfc_tickets_page_init (MfcTicketsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
