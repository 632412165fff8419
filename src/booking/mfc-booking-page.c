/* mfc-booking-page.c — a placeholder until the section is built: it says
 * what the section will hold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-booking"

#include "config.h"

#include "mfc-booking-page.h"

struct _MfcBookingPage
{
  MfcPage parent_instance;
};

G_DEFINE_FINAL_TYPE (MfcBookingPage, mfc_booking_page, MFC_TYPE_PAGE)

static void
mfc_booking_page_class_init (MfcBookingPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               RESOURCE_BASE "/booking/mfc-booking-page.ui");
}

static void
mfc_booking_page_init (MfcBookingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
