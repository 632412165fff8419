/* mfc-intake-page.c — a placeholder until the section is built: it says
 * what the section will hold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include "mfc-intake-page.h"

struct _MfcIntakePage
{
  MfcPage parent_instance;
};

G_DEFINE_FINAL_TYPE (MfcIntakePage, mfc_intake_page, MFC_TYPE_PAGE)

static void
mfc_intake_page_class_init (MfcIntakePageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               RESOURCE_BASE "/intake/mfc-intake-page.ui");
}

static void
mfc_intake_page_init (MfcIntakePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
