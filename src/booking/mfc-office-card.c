/* mfc-office-card.c
 *
 * The office's card: name, address, phone, «открыто до 20:00» on the
 * office's clock, its zone when it differs from the desktop's, the week's
 * hours with today's in bold, the queue (windows, waiting, average wait,
 * the 15-minute standard flag), the next free slot and the services.  It
 * follows the office's ::changed, so `office.load` events show live.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-booking"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mfc-office-card.h"

struct _MfcOfficeCard
{
  GtkBox             parent_instance;

  GtkLabel          *name_label;
  GtkLabel          *address_label;
  GtkLabel          *phone_label;
  GtkLabel          *status_label;
  GtkLabel          *zone_label;
  GtkGrid           *hours_grid;
  GtkLabel          *load_label;
  GtkLabel          *standard_label;
  GtkLabel          *next_slot_label;
  GtkLabel          *services_label;

  MfcOffice         *office;
  MfcServiceCatalog *catalog;
};

G_DEFINE_FINAL_TYPE (MfcOfficeCard, mfc_office_card, GTK_TYPE_BOX)

static const char *
weekday_name (guint weekday)
{
  switch (weekday)
    {
    case 1: return _("Monday");
    case 2: return _("Tuesday");
    case 3: return _("Wednesday");
    case 4: return _("Thursday");
    case 5: return _("Friday");
    case 6: return _("Saturday");
    default: return _("Sunday");
    }
}

static char *
format_phone (const char *phone)
{
  /* +73832000001 → +7 383 200-00-01 */
  if (phone != NULL && strlen (phone) == 12 && phone[0] == '+' && phone[1] == '7')
    return g_strdup_printf ("+7 %.3s %.3s-%.2s-%.2s", phone + 2, phone + 5, phone + 8, phone + 10);
  return g_strdup (phone != NULL ? phone : "");
}

static void
fill_hours (MfcOfficeCard *self,
            guint          today)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->hours_grid))) != NULL)
    gtk_grid_remove (self->hours_grid, child);
  for (guint d = 1; d <= 7; d++)
    {
      g_autofree char *hours = mfc_office_describe_hours (self->office, d);
      GtkWidget *day = gtk_label_new (weekday_name (d));
      GtkWidget *value = gtk_label_new (hours);

      gtk_label_set_xalign (GTK_LABEL (day), 0);
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      if (d == today)
        {
          g_autofree char *described = g_strdup_printf (_("%s (today)"), weekday_name (d));

          gtk_label_set_text (GTK_LABEL (day), described);
          gtk_widget_add_css_class (day, "today-hours");
          gtk_widget_add_css_class (value, "today-hours");
        }
      gtk_grid_attach (self->hours_grid, day, 0, (int) d, 1, 1);
      gtk_grid_attach (self->hours_grid, value, 1, (int) d, 1, 1);
    }
}

static void
fill_services (MfcOfficeCard *self)
{
  const char * const *ids = mfc_office_get_services (self->office);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      MfcService *service = self->catalog != NULL ? mfc_service_catalog_lookup (self->catalog, ids[i]) : NULL;

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, "• ");
      g_string_append (text, service != NULL ? mfc_service_get_title (service) : ids[i]);
    }
  gtk_label_set_text (self->services_label, text->len > 0 ? text->str : _("No services listed"));
}

static void
refresh (MfcOfficeCard *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) desktop = g_time_zone_new_local ();
  g_autofree char *status = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *load = NULL;
  MfcOfficeLoad level;

  if (self->office == NULL)
    return;

  local = g_date_time_to_timezone (now, mfc_office_get_timezone (self->office));
  gtk_label_set_text (self->name_label, mfc_office_get_name (self->office));
  if (mfc_office_get_district (self->office) != NULL)
    {
      g_autofree char *where = g_strdup_printf ("%s\n%s", mfc_office_get_address (self->office),
                                                mfc_office_get_district (self->office));
      gtk_label_set_text (self->address_label, where);
    }
  else
    gtk_label_set_text (self->address_label, mfc_office_get_address (self->office));
  phone = format_phone (mfc_office_get_phone (self->office));
  gtk_label_set_text (self->phone_label, phone);
  status = mfc_office_describe_status (self->office, now);
  gtk_label_set_text (self->status_label, status);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label),
                            mfc_office_is_open_at (self->office, now) ? "success" : "dim-label");

  if (mfc_office_zone_differs (self->office, desktop, now))
    {
      g_autofree char *zone = mfc_office_describe_zone (self->office, now);

      gtk_label_set_text (self->zone_label, zone);
      gtk_widget_set_visible (GTK_WIDGET (self->zone_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->zone_label), FALSE);

  fill_hours (self, g_date_time_get_day_of_week (local));

  level = mfc_office_get_load (self->office);
  load = g_strdup_printf (_("Windows open: %u of %u · waiting: %u · average wait: %u min"),
                          mfc_office_get_windows_open (self->office),
                          mfc_office_get_windows_total (self->office),
                          mfc_office_get_waiting (self->office),
                          mfc_office_get_average_wait (self->office));
  gtk_label_set_text (self->load_label, load);
  gtk_widget_remove_css_class (GTK_WIDGET (self->load_label), "load-low-text");
  gtk_widget_remove_css_class (GTK_WIDGET (self->load_label), "load-medium-text");
  gtk_widget_remove_css_class (GTK_WIDGET (self->load_label), "load-high-text");
  gtk_widget_add_css_class (GTK_WIDGET (self->load_label),
                            level == MFC_OFFICE_LOAD_HIGH ? "load-high-text" :
                            level == MFC_OFFICE_LOAD_MEDIUM ? "load-medium-text" : "load-low-text");
  gtk_widget_set_visible (GTK_WIDGET (self->standard_label), mfc_office_get_over_standard (self->office));
  fill_services (self);
}

static void
office_changed_cb (MfcOfficeCard *self)
{
  refresh (self);
}

static void
mfc_office_card_dispose (GObject *object)
{
  MfcOfficeCard *self = MFC_OFFICE_CARD (object);

  if (self->office != NULL)
    g_signal_handlers_disconnect_by_data (self->office, self);
  g_clear_object (&self->office);
  g_clear_object (&self->catalog);
  gtk_widget_dispose_template (GTK_WIDGET (self), MFC_TYPE_OFFICE_CARD);

  G_OBJECT_CLASS (mfc_office_card_parent_class)->dispose (object);
}

static void
mfc_office_card_class_init (MfcOfficeCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mfc_office_card_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/booking/mfc-office-card.ui");
  gtk_widget_class_bind_template_child (widget_class, MfcOfficeCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, MfcOfficeCard, address_label);
  gtk_widget_class_bind_template_child (widget_class, MfcOfficeCard, phone_label);
  gtk_widget_class_bind_template_child (widget_class, MfcOfficeCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, MfcOfficeCard, zone_label);
  gtk_widget_class_bind_template_child (widget_class, MfcOfficeCard, hours_grid);
  gtk_widget_class_bind_template_child (widget_class, MfcOfficeCard, load_label);
  gtk_widget_class_bind_template_child (widget_class, MfcOfficeCard, standard_label);
  gtk_widget_class_bind_template_child (widget_class, MfcOfficeCard, next_slot_label);
  gtk_widget_class_bind_template_child (widget_class, MfcOfficeCard, services_label);
}

static void
mfc_office_card_init (MfcOfficeCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * mfc_office_card_set_office:
 * @self: the card
 * @office: (nullable): the office to show
 */
void
mfc_office_card_set_office (MfcOfficeCard *self,
                            MfcOffice     *office)
{
  g_return_if_fail (MFC_IS_OFFICE_CARD (self));

  if (self->office == office)
    return;
  if (self->office != NULL)
    g_signal_handlers_disconnect_by_data (self->office, self);
  g_set_object (&self->office, office);
  if (office != NULL)
    g_signal_connect_object (office, "changed", G_CALLBACK (office_changed_cb), self, G_CONNECT_SWAPPED);
  mfc_office_card_set_next_slot (self, NULL);
  refresh (self);
}

/**
 * mfc_office_card_get_office:
 * @self: the card
 *
 * Returns: (transfer none) (nullable): the office shown
 */
MfcOffice *
mfc_office_card_get_office (MfcOfficeCard *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_CARD (self), NULL);
  return self->office;
}

/**
 * mfc_office_card_set_catalog:
 * @self: the card
 * @catalog: (nullable): where the services' titles come from
 */
void
mfc_office_card_set_catalog (MfcOfficeCard     *self,
                             MfcServiceCatalog *catalog)
{
  g_return_if_fail (MFC_IS_OFFICE_CARD (self));
  g_set_object (&self->catalog, catalog);
  refresh (self);
}

/**
 * mfc_office_card_set_next_slot:
 * @self: the card
 * @text: (nullable): «Первое свободное время: …», or %NULL to hide
 */
void
mfc_office_card_set_next_slot (MfcOfficeCard *self,
                               const char    *text)
{
  g_return_if_fail (MFC_IS_OFFICE_CARD (self));
  gtk_label_set_text (self->next_slot_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->next_slot_label), text != NULL);
}

const char *
mfc_office_card_get_status_text (MfcOfficeCard *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_CARD (self), NULL);
  return gtk_label_get_text (self->status_label);
}

const char *
mfc_office_card_get_load_text (MfcOfficeCard *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_CARD (self), NULL);
  return gtk_label_get_text (self->load_label);
}

void
mfc_office_card_refresh (MfcOfficeCard *self)
{
  g_return_if_fail (MFC_IS_OFFICE_CARD (self));
  refresh (self);
}
