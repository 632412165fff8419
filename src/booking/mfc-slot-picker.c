/* mfc-slot-picker.c
 *
 * One week (Monday to Sunday on the OFFICE's calendar) of slots as a
 * grid: a column per day, a button per slot with its time on the
 * office's clock and the places left; full slots are shown but cannot be
 * chosen.  «Первое свободное» asks the service for the first free slot
 * (`first_available=true`, any week ahead), goes to its week and chooses
 * it.  A newer load cancels an older one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-booking"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mfc-office.h"
#include "mfc-slot-picker.h"

struct _MfcSlotPicker
{
  GtkBox        parent_instance;

  GtkButton    *previous_button;
  GtkButton    *next_button;
  GtkButton    *first_free_button;
  GtkLabel     *week_label;
  GtkLabel     *zone_label;
  GtkLabel     *status_label;
  GtkGrid      *grid;

  MfcClient    *client;
  char         *office_id;
  char         *service_id;
  GTimeZone    *zone;
  GDateTime    *week;           /* Monday 00:00, office zone */
  MfcSlotList  *slots;
  int           chosen;         /* index in slots, -1 */
  GDateTime    *wanted;         /* choose this start once loaded */
  GCancellable *cancellable;
  gboolean      loading;
};

G_DEFINE_FINAL_TYPE (MfcSlotPicker, mfc_slot_picker, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_CHOSEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_week (MfcSlotPicker *self);

static void
set_status (MfcSlotPicker *self,
            const char    *text)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
set_loading (MfcSlotPicker *self,
             gboolean       loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
clear_grid (MfcSlotPicker *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
}

static void
slot_clicked_cb (GtkButton     *button,
                 MfcSlotPicker *self)
{
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "mfc-slot-index"));
  GtkWidget *child;

  self->chosen = index;
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->grid)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      {
        if (child == GTK_WIDGET (button))
          gtk_widget_add_css_class (child, "chosen");
        else
          gtk_widget_remove_css_class (child, "chosen");
      }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
}

static void
fill_grid (MfcSlotPicker *self)
{
  int rows[8] = { 0 };
  GtkWidget *chosen_button = NULL;
  g_autoptr(GDateTime) sunday = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *week = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *zone = NULL;
  guint free_total = 0;

  clear_grid (self);
  if (self->week == NULL)
    return;
  sunday = g_date_time_add_days (self->week, 6);
  from = g_date_time_format (self->week, "%-d %B");
  to = g_date_time_format (sunday, "%-d %B %Y");
  g_strstrip (from);
  g_strstrip (to);
  week = g_strdup_printf ("%s – %s", from, to);
  gtk_label_set_text (self->week_label, week);
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (now, self->zone);
    g_autofree char *offset = mfc_format_utc_offset (local);

    /* Translators: above the slot grid; %s: UTC+12, then the zone name */
    zone = g_strdup_printf (_("Times are the office’s: %s (%s)"), offset, g_time_zone_get_identifier (self->zone));
    gtk_label_set_text (self->zone_label, zone);
  }

  for (int d = 0; d < 7; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (self->week, d);
      g_autofree char *title = mfc_slot_format_day (day);
      GtkWidget *label = gtk_label_new (title);

      gtk_widget_add_css_class (label, "caption-heading");
      gtk_grid_attach (self->grid, label, d, 0, 1, 1);
    }

  if (self->slots == NULL)
    return;
  for (guint i = 0; i < mfc_slot_list_get_n_slots (self->slots); i++)
    {
      const MfcSlot *slot = mfc_slot_list_get_slot (self->slots, i);
      GTimeSpan since = g_date_time_difference (slot->start, self->week);
      int d = (int) (since / G_TIME_SPAN_DAY);
      g_autofree char *time = mfc_slot_format_time (slot);
      g_autofree char *text = g_strdup_printf ("%s · %u", time, slot->free);
      g_autofree char *day = g_date_time_format (slot->start, "%A, %-d %B");
      g_autofree char *described = NULL;
      GtkWidget *button;

      if (since < 0 || d > 6)
        continue;
      /* Translators: a slot for screen readers: «четверг, 3 декабря, 09:20, свободно мест: 2» */
      described = g_strdup_printf (_("%s, %s, free places: %u"), day, time, slot->free);
      button = gtk_button_new_with_label (text);
      gtk_widget_add_css_class (button, "slot");
      gtk_widget_set_tooltip_text (button, described);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, described, -1);
      g_object_set_data (G_OBJECT (button), "mfc-slot-index", GINT_TO_POINTER (i));
      if (slot->free == 0)
        {
          gtk_widget_set_sensitive (button, FALSE);
          gtk_widget_add_css_class (button, "full");
        }
      else
        free_total++;
      g_signal_connect (button, "clicked", G_CALLBACK (slot_clicked_cb), self);
      gtk_grid_attach (self->grid, button, d, ++rows[d], 1, 1);
      if ((int) i == self->chosen)
        chosen_button = button;
    }
  if (chosen_button != NULL)
    gtk_widget_add_css_class (chosen_button, "chosen");
  if (mfc_slot_list_get_n_slots (self->slots) == 0)
    set_status (self, _("No slots this week for this service: try the next week or «First free»."));
  else if (free_total == 0)
    set_status (self, _("Every slot of this week is taken: try the next week or «First free»."));
  else
    set_status (self, NULL);
}

static void
week_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  MfcSlotPicker *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcSlotList) slots = mfc_slot_list_load_finish (result, &error);

  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  set_loading (self, FALSE);
  g_clear_object (&self->slots);
  self->chosen = -1;
  if (slots == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The slots could not be loaded: %s"), error->message);

      fill_grid (self);
      set_status (self, text);
    }
  else
    {
      self->slots = g_steal_pointer (&slots);
      if (self->wanted != NULL)
        self->chosen = mfc_slot_list_find_start (self->slots, self->wanted);
      g_clear_pointer (&self->wanted, g_date_time_unref);
      fill_grid (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
  g_object_unref (self);
}

static void
restart (MfcSlotPicker *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
}

static void
load_week (MfcSlotPicker *self)
{
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (self->zone);
  g_autoptr(GDateTime) from = NULL;

  if (self->client == NULL || self->office_id == NULL || self->service_id == NULL)
    return;
  restart (self);
  end = g_date_time_add_days (self->week, 7);
  from = g_date_time_compare (now, self->week) > 0 ? g_date_time_ref (now) : g_date_time_ref (self->week);
  if (g_date_time_compare (from, end) >= 0)
    from = (g_date_time_unref (from), g_date_time_ref (self->week));
  set_status (self, _("Loading the slots…"));
  mfc_slot_list_load_async (self->client, self->office_id, self->service_id, from, end, FALSE,
                            self->cancellable, week_loaded_cb, g_object_ref (self));
}

static void
first_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  MfcSlotPicker *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcSlotList) slots = mfc_slot_list_load_finish (result, &error);

  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  set_loading (self, FALSE);
  if (slots == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The first free slot could not be found: %s"), error->message);
      set_status (self, text);
    }
  else if (mfc_slot_list_get_n_slots (slots) == 0)
    set_status (self, _("No free slot in the next 60 days for this service."));
  else
    {
      const MfcSlot *slot = mfc_slot_list_get_slot (slots, 0);

      g_clear_pointer (&self->week, g_date_time_unref);
      self->week = mfc_slot_list_week_start (slot->start, self->zone);
      g_clear_pointer (&self->wanted, g_date_time_unref);
      self->wanted = g_date_time_ref (slot->start);
      load_week (self);
    }
  g_object_unref (self);
}

static void
previous_clicked_cb (MfcSlotPicker *self)
{
  mfc_slot_picker_move_week (self, -1);
}

static void
next_clicked_cb (MfcSlotPicker *self)
{
  mfc_slot_picker_move_week (self, 1);
}

static void
first_free_clicked_cb (MfcSlotPicker *self)
{
  mfc_slot_picker_first_free (self);
}

static void
mfc_slot_picker_dispose (GObject *object)
{
  MfcSlotPicker *self = MFC_SLOT_PICKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->slots);
  gtk_widget_dispose_template (GTK_WIDGET (self), MFC_TYPE_SLOT_PICKER);

  G_OBJECT_CLASS (mfc_slot_picker_parent_class)->dispose (object);
}

static void
mfc_slot_picker_finalize (GObject *object)
{
  MfcSlotPicker *self = MFC_SLOT_PICKER (object);

  g_free (self->office_id);
  g_free (self->service_id);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->week, g_date_time_unref);
  g_clear_pointer (&self->wanted, g_date_time_unref);

  G_OBJECT_CLASS (mfc_slot_picker_parent_class)->finalize (object);
}

static void
mfc_slot_picker_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MfcSlotPicker *self = MFC_SLOT_PICKER (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_CHOSEN:
      g_value_set_int (value, self->chosen);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_slot_picker_class_init (MfcSlotPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mfc_slot_picker_dispose;
  object_class->finalize = mfc_slot_picker_finalize;
  object_class->get_property = mfc_slot_picker_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHOSEN] =
    g_param_spec_int ("chosen", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/booking/mfc-slot-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, MfcSlotPicker, previous_button);
  gtk_widget_class_bind_template_child (widget_class, MfcSlotPicker, next_button);
  gtk_widget_class_bind_template_child (widget_class, MfcSlotPicker, first_free_button);
  gtk_widget_class_bind_template_child (widget_class, MfcSlotPicker, week_label);
  gtk_widget_class_bind_template_child (widget_class, MfcSlotPicker, zone_label);
  gtk_widget_class_bind_template_child (widget_class, MfcSlotPicker, status_label);
  gtk_widget_class_bind_template_child (widget_class, MfcSlotPicker, grid);
  gtk_widget_class_bind_template_callback (widget_class, previous_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, first_free_clicked_cb);
}

static void
mfc_slot_picker_init (MfcSlotPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->chosen = -1;
  self->zone = g_time_zone_new_utc ();
}

void
mfc_slot_picker_set_client (MfcSlotPicker *self,
                            MfcClient     *client)
{
  g_return_if_fail (MFC_IS_SLOT_PICKER (self));
  g_set_object (&self->client, client);
}

/**
 * mfc_slot_picker_show:
 * @self: the picker
 * @office_id: the office
 * @office_zone: its zone
 * @service_id: the service
 *
 * Shows the current week (on the office's calendar) and loads it.
 */
void
mfc_slot_picker_show (MfcSlotPicker *self,
                      const char    *office_id,
                      GTimeZone     *office_zone,
                      const char    *service_id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_if_fail (MFC_IS_SLOT_PICKER (self));
  g_return_if_fail (office_id != NULL && office_zone != NULL && service_id != NULL);

  g_free (self->office_id);
  self->office_id = g_strdup (office_id);
  g_free (self->service_id);
  self->service_id = g_strdup (service_id);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = g_time_zone_ref (office_zone);
  g_clear_pointer (&self->week, g_date_time_unref);
  self->week = mfc_slot_list_week_start (now, self->zone);
  g_clear_object (&self->slots);
  self->chosen = -1;
  fill_grid (self);
  load_week (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
}

/**
 * mfc_slot_picker_reload:
 * @self: the picker
 *
 * Loads the week shown again (after a slot was taken meanwhile).
 */
void
mfc_slot_picker_reload (MfcSlotPicker *self)
{
  g_return_if_fail (MFC_IS_SLOT_PICKER (self));
  if (self->week != NULL)
    load_week (self);
}

/**
 * mfc_slot_picker_first_free:
 * @self: the picker
 *
 * Goes to the first free slot from now and chooses it.
 */
void
mfc_slot_picker_first_free (MfcSlotPicker *self)
{
  g_return_if_fail (MFC_IS_SLOT_PICKER (self));

  if (self->client == NULL || self->office_id == NULL)
    return;
  restart (self);
  set_status (self, _("Looking for the first free slot…"));
  mfc_slot_list_load_async (self->client, self->office_id, self->service_id, NULL, NULL, TRUE,
                            self->cancellable, first_loaded_cb, g_object_ref (self));
}

/**
 * mfc_slot_picker_move_week:
 * @self: the picker
 * @weeks: how many weeks forward (negative: back; never before this week)
 */
void
mfc_slot_picker_move_week (MfcSlotPicker *self,
                           int            weeks)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) this_week = NULL;
  GDateTime *week;

  g_return_if_fail (MFC_IS_SLOT_PICKER (self));
  if (self->week == NULL)
    return;
  this_week = mfc_slot_list_week_start (now, self->zone);
  week = g_date_time_add_weeks (self->week, weeks);
  if (g_date_time_compare (week, this_week) < 0)
    {
      g_date_time_unref (week);
      week = g_date_time_ref (this_week);
    }
  g_date_time_unref (self->week);
  self->week = week;
  self->chosen = -1;
  load_week (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
}

gboolean
mfc_slot_picker_get_loading (MfcSlotPicker *self)
{
  g_return_val_if_fail (MFC_IS_SLOT_PICKER (self), FALSE);
  return self->loading;
}

/**
 * mfc_slot_picker_get_slots:
 * @self: the picker
 *
 * Returns: (transfer none) (nullable): the week's slots
 */
MfcSlotList *
mfc_slot_picker_get_slots (MfcSlotPicker *self)
{
  g_return_val_if_fail (MFC_IS_SLOT_PICKER (self), NULL);
  return self->slots;
}

/**
 * mfc_slot_picker_get_chosen:
 * @self: the picker
 *
 * Returns: (nullable): the chosen slot
 */
const MfcSlot *
mfc_slot_picker_get_chosen (MfcSlotPicker *self)
{
  g_return_val_if_fail (MFC_IS_SLOT_PICKER (self), NULL);
  if (self->slots == NULL || self->chosen < 0)
    return NULL;
  return mfc_slot_list_get_slot (self->slots, self->chosen);
}

/**
 * mfc_slot_picker_choose:
 * @self: the picker
 * @start: a slot's start
 *
 * Returns: %TRUE if a free slot of the week starts at @start
 */
gboolean
mfc_slot_picker_choose (MfcSlotPicker *self,
                        GDateTime     *start)
{
  int index;

  g_return_val_if_fail (MFC_IS_SLOT_PICKER (self), FALSE);
  if (self->slots == NULL || (index = mfc_slot_list_find_start (self->slots, start)) < 0 ||
      mfc_slot_list_get_slot (self->slots, index)->free == 0)
    return FALSE;
  self->chosen = index;
  fill_grid (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
  return TRUE;
}

void
mfc_slot_picker_clear_choice (MfcSlotPicker *self)
{
  g_return_if_fail (MFC_IS_SLOT_PICKER (self));
  self->chosen = -1;
  fill_grid (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
}

const char *
mfc_slot_picker_get_status_text (MfcSlotPicker *self)
{
  g_return_val_if_fail (MFC_IS_SLOT_PICKER (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->status_label)) ? gtk_label_get_text (self->status_label) : NULL;
}
