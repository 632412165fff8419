/* mfc-booking-page.c — «Запись на приём»: the region's offices on a map
 * and in a list beside it (in sync both ways, the list being the full
 * keyboard and screen-reader alternative), the office's card, a week of
 * slots, booking for an applicant through the outbox, the talon, moving
 * and cancelling a visit, and today's visits at the clerk's office.
 *
 * The map's view decides which offices are fetched (bbox, debounced by
 * the store); a name search looks over the whole region.  A booking is a
 * write that must survive a lost connection, so it goes through the
 * outbox with its Idempotency-Key; 409 slot_taken (someone was faster)
 * reloads the week and offers the three nearest free slots.  Moving and
 * cancelling need the service's answer on the spot (the 24-hour rule,
 * decided by the service), so they are direct calls with their own
 * Idempotency-Key and the appointment's ETag.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-booking"

#include "config.h"

#include <math.h>
#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "mfc-applicant-search.h"
#include "mfc-booking-page.h"
#include "mfc-client-error.h"
#include "mfc-print-operation.h"
#include "mfc-service-catalog.h"
#include "mfc-talon.h"

struct _MfcBookingPage
{
  MfcPage             parent_instance;

  GtkStack           *side_stack;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *service_dropdown;
  GtkCheckButton     *open_now_check;
  GtkCheckButton     *online_check;
  GtkCheckButton     *waiting_check;
  GtkSpinButton      *waiting_spin;
  GtkCheckButton     *near_check;
  GtkSpinButton      *radius_spin;
  GtkDropDown        *sort_dropdown;
  GtkLabel           *count_label;
  GtkStack           *list_stack;
  GtkListBox         *office_list;
  AdwStatusPage      *empty_status;
  GtkButton          *clear_filters_button;
  MfcOfficeCard      *card;
  GtkButton          *book_open_button;
  GtkLabel           *book_title;
  MfcSlotPicker      *slot_picker;
  GtkBox             *alternatives_box;
  GtkLabel           *alternatives_label;
  GtkBox             *alternatives_buttons;
  GtkSearchEntry     *applicant_entry;
  GtkLabel           *applicant_label;
  GtkLabel           *book_status;
  GtkButton          *book_button;
  GtkLabel           *talon_label;
  GtkLabel           *booked_label;
  GtkLabel           *booked_status;
  GtkButton          *move_button;
  GtkButton          *cancel_button;
  GtkLabel           *today_title;
  GtkLabel           *today_status;
  GtkListBox         *today_list;
  MfcOfficeMap       *map;

  MfcOfficeStore     *store;
  MfcServiceCatalog  *catalog;
  GPtrArray          *service_ids;     /* dropdown position → id (NULL: any) */
  MfcApplicantSearch *applicants;
  MfcApplicant       *applicant;
  MfcOffice          *office;          /* the card's */
  JsonObject         *appointment;     /* the visit booked or opened */
  char               *booking_key;
  GDateTime          *wanted;          /* the start last asked for */
  gboolean            moving;
  gboolean            config_loaded;
  gboolean            catalog_loaded;
  gboolean            syncing;
  guint               n_alternatives;
  guint               n_today;
  char               *message;
  char               *pending_service;
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (MfcBookingPage, mfc_booking_page, MFC_TYPE_PAGE)

#define MFC_BOOKING_LIST_MAX_ROWS 300

enum {
  PROP_0,
  PROP_VIEW,
  PROP_READY,
  PROP_MESSAGE,
  N_PROPS
};

enum {
  APPLICANT_ARRIVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const MfcPageShortcut page_shortcuts[] = {
  { "<Control>f", "win.booking-search" },
  { "Escape", "win.booking-back" },
  { "<Control>Return", "win.booking-book" },
  { "<Control>KP_Enter", "win.booking-book" },
  { "<Control>g", "win.booking-first-free" },
  { "<Control>p", "win.booking-print" },
  { "<Control>m", "win.booking-map" },
  { "<Control>t", "win.booking-today" },
};

static MfcContext *
context (MfcBookingPage *self)
{
  return mfc_page_get_context (MFC_PAGE (self));
}

static MfcClient *
client (MfcBookingPage *self)
{
  return mfc_context_get_client (context (self));
}

static void
set_message (MfcBookingPage *self,
             GtkLabel       *label,
             const char     *text)
{
  g_free (self->message);
  self->message = g_strdup (text);
  if (label != NULL)
    {
      gtk_label_set_text (label, text != NULL ? text : "");
      gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static void
show_view (MfcBookingPage *self,
           const char     *view)
{
  gtk_stack_set_visible_child_name (self->side_stack, view);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static const char *
error_text (const GError *error)
{
  const char *server = mfc_client_error_get_server_message (error);

  return server != NULL ? server : error->message;
}

/* ------------------------------------------------------------------ */
/* The list                                                            */

static const char *
load_shape (MfcOfficeLoad load)
{
  return load == MFC_OFFICE_LOAD_HIGH ? "■" : load == MFC_OFFICE_LOAD_MEDIUM ? "▲" : "●";
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  MfcOffice *office = item;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *status = mfc_office_describe_status (office, now);
  g_autofree char *load = NULL;
  g_autofree char *described = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (mfc_office_get_name (office));
  g_autofree char *where = mfc_office_get_district (office) != NULL ?
    g_strdup_printf ("%s · %s", mfc_office_get_address (office), mfc_office_get_district (office)) :
    g_strdup (mfc_office_get_address (office));
  GtkWidget *address = gtk_label_new (where);
  GtkWidget *line;
  MfcOfficeLoad level = mfc_office_get_load (office);
  double distance = mfc_office_get_distance_km (office);

  if (distance >= 0)
    load = g_strdup_printf (_("%s %u waiting · %u min · %s · %.1f km"), load_shape (level),
                            mfc_office_get_waiting (office), mfc_office_get_average_wait (office),
                            status, distance);
  else
    load = g_strdup_printf (_("%s %u waiting · %u min · %s"), load_shape (level),
                            mfc_office_get_waiting (office), mfc_office_get_average_wait (office), status);
  line = gtk_label_new (load);
  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  for (GtkWidget *w = name; w != NULL; w = w == name ? address : w == address ? line : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (w), 0);
      gtk_label_set_wrap (GTK_LABEL (w), TRUE);
      gtk_box_append (GTK_BOX (box), w);
    }
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (address, "dim-label");
  gtk_widget_add_css_class (line, level == MFC_OFFICE_LOAD_HIGH ? "load-high-text" :
                                  level == MFC_OFFICE_LOAD_MEDIUM ? "load-medium-text" : "load-low-text");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  described = g_strdup_printf ("%s, %s. %s", mfc_office_get_name (office), mfc_office_get_address (office), load);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, described, -1);
  g_object_set_data_full (G_OBJECT (row), "mfc-office", g_object_ref (office), g_object_unref);
  return row;
}

static void
update_list_state (MfcBookingPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  const GError *error = mfc_office_store_get_error (self->store);
  g_autofree char *count = NULL;

  if (error != NULL)
    count = g_strdup_printf (_("The offices could not be loaded: %s"), error_text (error));
  else if (mfc_office_store_get_loading (self->store) && n == 0)
    count = g_strdup (_("Loading the offices…"));
  else if (mfc_office_store_get_truncated (self->store) || n > MFC_BOOKING_LIST_MAX_ROWS)
    count = g_strdup_printf (_("The first %u offices of this view; zoom in or narrow the search"),
                             MIN (n, MFC_BOOKING_LIST_MAX_ROWS));
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u office", "%u offices", n), n);
  gtk_label_set_text (self->count_label, count);

  if (n == 0 && !mfc_office_store_get_loading (self->store) && error == NULL)
    {
      GString *hint = g_string_new (NULL);

      if (mfc_office_store_has_filters (self->store))
        {
          g_string_append (hint, _("Loosen the filters:"));
          if (*mfc_office_store_get_search (self->store) != '\0')
            g_string_append_printf (hint, "\n• %s", _("the search text"));
          if (mfc_office_store_get_service (self->store) != NULL)
            g_string_append_printf (hint, "\n• %s", _("the service"));
          if (mfc_office_store_get_open_now (self->store))
            g_string_append_printf (hint, "\n• %s", _("«open now»"));
          if (mfc_office_store_get_online_only (self->store))
            g_string_append_printf (hint, "\n• %s", _("«online booking»"));
          if (mfc_office_store_get_max_waiting (self->store) >= 0)
            g_string_append_printf (hint, "\n• %s", _("the waiting limit"));
          if (mfc_office_store_get_near (self->store))
            g_string_append_printf (hint, "\n• %s", _("the radius"));
        }
      else
        g_string_append (hint, _("No office in this part of the map: move the map or zoom out."));
      adw_status_page_set_description (self->empty_status, hint->str);
      gtk_widget_set_visible (adw_status_page_get_child (self->empty_status),
                              mfc_office_store_has_filters (self->store));
      g_string_free (hint, TRUE);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");

  /* Keep the map's selection selected in the rebuilt list. */
  if (mfc_office_map_get_selected (self->map) != NULL)
    {
      int index = mfc_office_store_find (self->store, mfc_office_map_get_selected (self->map));
      GtkListBoxRow *row = index >= 0 ? gtk_list_box_get_row_at_index (self->office_list, index) : NULL;

      self->syncing = TRUE;
      gtk_list_box_select_row (self->office_list, row);
      self->syncing = FALSE;
    }
}

static void
store_changed_cb (MfcBookingPage *self)
{
  update_list_state (self);
}

static void
search_changed_cb (MfcBookingPage *self)
{
  mfc_office_store_set_search (self->store, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
search_activate_cb (MfcBookingPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->office_list, 0);

  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static const char *
chosen_service (MfcBookingPage *self)
{
  guint i = gtk_drop_down_get_selected (self->service_dropdown);

  if (self->service_ids == NULL || i == GTK_INVALID_LIST_POSITION || i >= self->service_ids->len)
    return NULL;
  return g_ptr_array_index (self->service_ids, i);
}

static void
filters_changed_cb (MfcBookingPage *self)
{
  mfc_office_store_set_open_now (self->store, gtk_check_button_get_active (self->open_now_check));
  mfc_office_store_set_online_only (self->store, gtk_check_button_get_active (self->online_check));
  mfc_office_store_set_max_waiting (self->store, gtk_check_button_get_active (self->waiting_check) ?
                                    gtk_spin_button_get_value_as_int (self->waiting_spin) : -1);
}

static void
near_point_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MfcBookingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcClientResponse) response = mfc_client_request_finish (MFC_CLIENT (source), result, &error);
  JsonObject *point = response != NULL ? mfc_client_response_get_object (response) : NULL;
  ShumateViewport *viewport = mfc_office_map_get_viewport (self->map);

  if (!gtk_check_button_get_active (self->near_check))
    return;
  if (point != NULL && json_object_has_member (point, "lat") && json_object_has_member (point, "lon"))
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->near_check), _("Offices within this distance of the applicant’s address"));
      mfc_office_store_set_near (self->store, TRUE,
                                 json_object_get_double_member (point, "lat"),
                                 json_object_get_double_member (point, "lon"),
                                 gtk_spin_button_get_value (self->radius_spin));
      return;
    }
  /* An address the service cannot place: the map's centre, and why. */
  if (!g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_CANCELLED))
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->near_check),
                                 _("The applicant’s address was not found on the map: the distance is measured from the map’s centre"));
  mfc_office_store_set_near (self->store, TRUE,
                             shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                             shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                             gtk_spin_button_get_value (self->radius_spin));
}

/* The radius is measured from the applicant's address when there is an
 * applicant with one (placed by GET /geocode), else from the map's centre. */
static void
near_toggled_cb (MfcBookingPage *self)
{
  ShumateViewport *viewport = mfc_office_map_get_viewport (self->map);
  gboolean near = gtk_check_button_get_active (self->near_check);
  const char *address = self->applicant != NULL ? mfc_applicant_get_field (self->applicant, MFC_APPLICANT_ADDRESS) : NULL;

  if (near && address != NULL && *address != '\0')
    {
      g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/geocode");

      mfc_query_add (query, "address", address);
      mfc_client_get_async (client (self), query, self->cancellable, near_point_cb, g_object_ref (self));
    }
  else
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->near_check), _("Offices within this distance of the map’s centre"));
      mfc_office_store_set_near (self->store, near,
                                 shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                                 shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                                 gtk_spin_button_get_value (self->radius_spin));
    }
  if (near && gtk_drop_down_get_selected (self->sort_dropdown) == MFC_OFFICE_SORT_NAME)
    gtk_drop_down_set_selected (self->sort_dropdown, MFC_OFFICE_SORT_DISTANCE);
}

static void
service_selected_cb (MfcBookingPage *self)
{
  mfc_office_store_set_service (self->store, chosen_service (self));
}

static void
sort_selected_cb (MfcBookingPage *self)
{
  guint i = gtk_drop_down_get_selected (self->sort_dropdown);

  mfc_office_store_set_sort (self->store, i <= MFC_OFFICE_SORT_FIRST_SLOT ? (MfcOfficeSort) i : MFC_OFFICE_SORT_NAME);
}

static void
clear_filters_clicked_cb (MfcBookingPage *self)
{
  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->service_dropdown, 0);
  gtk_check_button_set_active (self->open_now_check, FALSE);
  gtk_check_button_set_active (self->online_check, FALSE);
  gtk_check_button_set_active (self->waiting_check, FALSE);
  gtk_check_button_set_active (self->near_check, FALSE);
  self->syncing = FALSE;
  mfc_office_store_clear_filters (self->store);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
row_selected_cb (MfcBookingPage *self,
                 GtkListBoxRow  *row)
{
  if (self->syncing || row == NULL)
    return;
  mfc_office_map_select (self->map, g_object_get_data (G_OBJECT (row), "mfc-office"));
}

static void
row_activated_cb (MfcBookingPage *self,
                  GtkListBoxRow  *row)
{
  mfc_booking_page_open_office (self, g_object_get_data (G_OBJECT (row), "mfc-office"));
}

static void
map_office_activated_cb (MfcBookingPage *self,
                         MfcOffice      *office)
{
  int index = mfc_office_store_find (self->store, office);

  self->syncing = TRUE;
  gtk_list_box_select_row (self->office_list, index >= 0 ? gtk_list_box_get_row_at_index (self->office_list, index) : NULL);
  self->syncing = FALSE;
  mfc_booking_page_open_office (self, office);
}

/* The view moved: fetch its offices, with a margin so that a short pan
 * finds its markers already there. */
static void
viewport_changed_cb (MfcBookingPage *self)
{
  double s, w, n, e, dlat, dlon;

  if (!self->config_loaded || !mfc_office_map_get_bounds (self->map, &s, &w, &n, &e))
    return;
  dlat = (n - s) * 0.5;
  dlon = (e - w) * 0.5;
  mfc_office_store_set_bbox (self->store, s - dlat, w - dlon, n + dlat, e + dlon);
}

/* ------------------------------------------------------------------ */
/* Configuration and services                                          */

static void
config_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MfcBookingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcClientResponse) response = mfc_client_request_finish (MFC_CLIENT (source), result, &error);
  JsonObject *root, *map, *center;
  const char *template;
  g_autofree char *url = NULL;

  if (response == NULL)
    {
      if (!g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("The map settings could not be loaded: %s"), error_text (error));
          gtk_label_set_text (self->count_label, text);
        }
      return;
    }
  root = mfc_client_response_get_object (response);
  map = root != NULL && json_object_has_member (root, "map") ? json_object_get_object_member (root, "map") : NULL;
  template = map != NULL ? json_object_get_string_member_with_default (map, "tile_url_template", NULL) : NULL;
  if (template != NULL)
    {
      /* An absolute path is the service's own tile server. */
      if (template[0] == '/')
        {
          g_autofree char *base = g_strdup (mfc_client_get_base_url (client (self)));
          gsize len = strlen (base);

          while (len > 0 && base[len - 1] == '/')
            base[--len] = '\0';
          url = g_strconcat (base, template, NULL);
        }
      else
        url = g_strdup (template);
      mfc_office_map_set_tile_url (self->map, url,
                                   (guint) json_object_get_int_member_with_default (map, "min_zoom", 0),
                                   (guint) json_object_get_int_member_with_default (map, "max_zoom", 18),
                                   json_object_get_string_member_with_default (map, "attribution", NULL));
    }
  center = map != NULL && json_object_has_member (map, "center") ? json_object_get_object_member (map, "center") : NULL;
  if (center != NULL)
    mfc_office_map_go_to (self->map, json_object_get_double_member_with_default (center, "lat", 55),
                          json_object_get_double_member_with_default (center, "lon", 83), 11);
  self->config_loaded = TRUE;
  viewport_changed_cb (self);
  /* A map with no size yet gives no bounds: then the whole region. */
  if (!mfc_office_map_get_bounds (self->map, &(double){0}, &(double){0}, &(double){0}, &(double){0}))
    mfc_office_store_reload (self->store);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
catalog_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MfcBookingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  GListModel *services = G_LIST_MODEL (self->catalog);
  const char *wanted = self->pending_service != NULL ? self->pending_service : chosen_service (self);
  g_autofree char *keep = g_strdup (wanted);
  guint select = 0;

  if (!mfc_service_catalog_load_finish (self->catalog, result, &error))
    {
      if (!g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_CANCELLED))
        g_warning ("The service catalogue could not be loaded: %s", error->message);
      return;
    }
  g_ptr_array_set_size (self->service_ids, 0);
  gtk_string_list_append (titles, _("Any service"));
  g_ptr_array_add (self->service_ids, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(MfcService) service = g_list_model_get_item (services, i);

      gtk_string_list_append (titles, mfc_service_get_title (service));
      g_ptr_array_add (self->service_ids, g_strdup (mfc_service_get_id (service)));
      if (g_strcmp0 (keep, mfc_service_get_id (service)) == 0)
        select = self->service_ids->len - 1;
    }
  self->catalog_loaded = TRUE;
  g_clear_pointer (&self->pending_service, g_free);
  gtk_drop_down_set_model (self->service_dropdown, G_LIST_MODEL (titles));
  gtk_drop_down_set_selected (self->service_dropdown, select);
  mfc_office_card_set_catalog (self->card, self->catalog);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

/* ------------------------------------------------------------------ */
/* The card                                                            */

static void
card_slot_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MfcBookingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcSlotList) slots = mfc_slot_list_load_finish (result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_CANCELLED) || self->office == NULL)
    return;
  if (slots == NULL)
    text = g_strdup_printf (_("The first free slot is unknown: %s"), error_text (error));
  else if (mfc_slot_list_get_n_slots (slots) == 0)
    text = g_strdup (_("No free slot for this service in the next 60 days."));
  else
    {
      g_autofree char *when = mfc_slot_format_when (mfc_slot_list_get_slot (slots, 0)->start,
                                                    mfc_slot_list_get_timezone (slots));

      text = g_strdup_printf (_("First free slot: %s"), when);
    }
  mfc_office_card_set_next_slot (self->card, text);
}

/* ------------------------------------------------------------------ */
/* Booking                                                             */

static MfcService *
service_object (MfcBookingPage *self)
{
  const char *id = chosen_service (self);

  return id != NULL && self->catalog_loaded ? mfc_service_catalog_lookup (self->catalog, id) : NULL;
}

static void
update_book_button (MfcBookingPage *self)
{
  gboolean ready = mfc_slot_picker_get_chosen (self->slot_picker) != NULL &&
                   (self->moving || self->applicant != NULL) && self->booking_key == NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->book_button), ready);
}

static void
picker_changed_cb (MfcBookingPage *self)
{
  update_book_button (self);
}

static void
show_applicant (MfcBookingPage *self)
{
  if (self->applicant != NULL)
    {
      g_autofree char *text = NULL;

      const char *born = mfc_applicant_get_birth_date (self->applicant);
      unsigned y, m, d;

      /* The contract's YYYY-MM-DD as a Russian reader writes it. */
      if (born != NULL && sscanf (born, "%4u-%2u-%2u", &y, &m, &d) == 3)
        {
          g_autofree char *date = g_strdup_printf ("%02u.%02u.%04u", d, m, y);

          text = g_strdup_printf (_("Applicant: %s, born %s"), mfc_applicant_get_full_name (self->applicant), date);
        }
      else
        text = g_strdup_printf (_("Applicant: %s"), mfc_applicant_get_full_name (self->applicant));
      gtk_label_set_text (self->applicant_label, text);
    }
  else
    {
      MfcApplicant *top = mfc_applicant_search_get_top_hit (self->applicants);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->applicants));
      const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->applicant_entry));

      if (*typed == '\0')
        gtk_label_set_text (self->applicant_label, _("Find the applicant the visit is for."));
      else if (mfc_applicant_search_get_loading (self->applicants))
        gtk_label_set_text (self->applicant_label, _("Searching…"));
      else if (top != NULL)
        {
          g_autofree char *text =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Found %u: %s — press Enter to take",
                                          "Found %u, first: %s — press Enter to take", n),
                             n, mfc_applicant_get_full_name (top));
          gtk_label_set_text (self->applicant_label, text);
        }
      else
        gtk_label_set_text (self->applicant_label, _("No applicant found: check the text, or register the applicant at intake."));
    }
  update_book_button (self);
}

static void
applicant_changed_cb (MfcBookingPage *self)
{
  if (self->syncing)
    return;
  g_clear_object (&self->applicant);
  mfc_applicant_search_set_text (self->applicants, gtk_editable_get_text (GTK_EDITABLE (self->applicant_entry)));
  show_applicant (self);
}

static void
applicant_activate_cb (MfcBookingPage *self)
{
  MfcApplicant *top = mfc_applicant_search_get_top_hit (self->applicants);

  if (top == NULL || mfc_applicant_search_get_loading (self->applicants))
    return;
  g_set_object (&self->applicant, top);
  show_applicant (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->book_button));
  if (gtk_check_button_get_active (self->near_check))
    near_toggled_cb (self);
}

static void
applicants_changed_cb (MfcBookingPage *self)
{
  if (self->applicant == NULL)
    show_applicant (self);
}

static void
book_open_clicked_cb (MfcBookingPage *self)
{
  MfcService *service = service_object (self);
  g_autofree char *title = NULL;

  if (self->office == NULL)
    return;
  if (service == NULL)
    {
      mfc_office_card_set_next_slot (self->card, _("Choose the service first (the list’s «Service» filter): slots are per service."));
      gtk_widget_grab_focus (GTK_WIDGET (self->service_dropdown));
      show_view (self, "list");
      return;
    }
  if (!mfc_service_get_bookable (service) || !mfc_office_has_service (self->office, mfc_service_get_id (service)))
    {
      mfc_office_card_set_next_slot (self->card, _("This office does not take appointments for this service."));
      return;
    }
  self->moving = FALSE;
  self->n_alternatives = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->alternatives_box), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->applicant_entry), TRUE);
  gtk_button_set_label (self->book_button, _("_Book (Ctrl+Enter)"));
  /* Translators: the booking view's title: service — office */
  title = g_strdup_printf (_("%s — %s"), mfc_service_get_title (service), mfc_office_get_name (self->office));
  gtk_label_set_text (self->book_title, title);
  set_message (self, self->book_status, NULL);
  mfc_slot_picker_show (self->slot_picker, mfc_office_get_id (self->office),
                        mfc_office_get_timezone (self->office), mfc_service_get_id (service));
  show_applicant (self);
  show_view (self, "book");
  gtk_widget_grab_focus (GTK_WIDGET (self->slot_picker));
}

static void
show_booked (MfcBookingPage *self,
             const char     *note)
{
  JsonObject *office = json_object_get_object_member (self->appointment, "office");
  JsonObject *service = json_object_get_object_member (self->appointment, "service");
  JsonObject *applicant = json_object_get_object_member (self->appointment, "applicant");
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (json_object_get_string_member_with_default (office, "timezone", "UTC"));
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (json_object_get_string_member (self->appointment, "start"), NULL);
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  const char *status = json_object_get_string_member_with_default (self->appointment, "status", "booked");

  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  when = start != NULL ? mfc_slot_format_when (start, zone) : g_strdup ("");
  gtk_label_set_text (self->talon_label, json_object_get_string_member_with_default (self->appointment, "talon_code", ""));
  /* Translators: the booked visit: office, then its time (office time), service, applicant */
  text = g_strdup_printf (_("%s\n%s\n%s (office time)\n%s\n%s"),
                          json_object_get_string_member_with_default (office, "name", ""),
                          json_object_get_string_member_with_default (office, "address", ""),
                          when,
                          service != NULL ? json_object_get_string_member_with_default (service, "title", "") : "",
                          applicant != NULL ? json_object_get_string_member_with_default (applicant, "full_name", "") : "");
  gtk_label_set_text (self->booked_label, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->move_button), g_str_equal (status, "booked"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), g_str_equal (status, "booked"));
  set_message (self, self->booked_status, note);
  show_view (self, "booked");
}

static void
take_appointment (MfcBookingPage *self,
                  JsonObject     *appointment)
{
  g_clear_pointer (&self->appointment, json_object_unref);
  self->appointment = json_object_ref (appointment);
}

static void alternative_clicked_cb (GtkButton *button, MfcBookingPage *self);

static void
offer_alternatives (MfcBookingPage *self)
{
  MfcSlotList *slots = mfc_slot_picker_get_slots (self->slot_picker);
  guint indices[3];
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->alternatives_buttons))) != NULL)
    gtk_box_remove (self->alternatives_buttons, child);
  self->n_alternatives = slots != NULL && self->wanted != NULL ?
                         mfc_slot_list_nearest_free (slots, self->wanted, 3, indices) : 0;
  for (guint i = 0; i < self->n_alternatives; i++)
    {
      const MfcSlot *slot = mfc_slot_list_get_slot (slots, indices[i]);
      g_autofree char *label = g_date_time_format (slot->start, "%a %-d %b, %H:%M");
      GtkWidget *button = gtk_button_new_with_label (label);

      g_object_set_data_full (G_OBJECT (button), "mfc-start", g_date_time_ref (slot->start),
                              (GDestroyNotify) g_date_time_unref);
      g_signal_connect (button, "clicked", G_CALLBACK (alternative_clicked_cb), self);
      gtk_box_append (self->alternatives_buttons, button);
    }
  gtk_label_set_text (self->alternatives_label,
                      self->n_alternatives > 0 ?
                      _("This time was taken meanwhile. The nearest free times:") :
                      _("This time was taken meanwhile, and no other free time is left this week: try the next week."));
  gtk_widget_set_visible (GTK_WIDGET (self->alternatives_box), TRUE);
  set_message (self, NULL, gtk_label_get_text (self->alternatives_label));
  if (self->n_alternatives > 0)
    gtk_widget_grab_focus (gtk_widget_get_first_child (GTK_WIDGET (self->alternatives_buttons)));
}

static void
picker_loading_cb (MfcBookingPage *self)
{
  if (mfc_slot_picker_get_loading (self->slot_picker) || self->wanted == NULL ||
      !gtk_widget_get_visible (GTK_WIDGET (self->alternatives_box)))
    return;
  offer_alternatives (self);
}

static void
slot_taken (MfcBookingPage *self)
{
  gtk_label_set_text (self->alternatives_label, _("This time was taken meanwhile; looking for the nearest free times…"));
  gtk_widget_set_visible (GTK_WIDGET (self->alternatives_box), TRUE);
  mfc_slot_picker_reload (self->slot_picker);
}

static void
alternative_clicked_cb (GtkButton      *button,
                        MfcBookingPage *self)
{
  GDateTime *start = g_object_get_data (G_OBJECT (button), "mfc-start");

  gtk_widget_set_visible (GTK_WIDGET (self->alternatives_box), FALSE);
  if (mfc_slot_picker_choose (self->slot_picker, start))
    gtk_widget_grab_focus (GTK_WIDGET (self->book_button));
}

static void
outbox_sent_cb (MfcOutbox      *outbox,
                const char     *key,
                const char     *kind,
                JsonObject     *answer,
                MfcBookingPage *self)
{
  if (self->booking_key == NULL || g_strcmp0 (key, self->booking_key) != 0 || answer == NULL)
    return;
  g_clear_pointer (&self->booking_key, g_free);
  take_appointment (self, answer);
  update_book_button (self);
  show_booked (self, _("Booked. Print the talon for the applicant."));
}

static void
outbox_rejected_cb (MfcOutbox      *outbox,
                    const char     *key,
                    const char     *kind,
                    const GError   *error,
                    MfcBookingPage *self)
{
  g_autofree char *text = NULL;

  if (self->booking_key == NULL || g_strcmp0 (key, self->booking_key) != 0)
    return;
  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_CONFLICT) ||
      g_strcmp0 (mfc_client_error_get_server_code (error), "slot_unavailable") == 0)
    {
      /* Nothing was booked: the write is done with; the clerk chooses
       * again from fresh slots. */
      mfc_outbox_discard (outbox, key, NULL);
      g_clear_pointer (&self->booking_key, g_free);
      set_message (self, self->book_status, NULL);
      update_book_button (self);
      slot_taken (self);
      return;
    }
  g_clear_pointer (&self->booking_key, g_free);
  text = g_strdup_printf (_("The service did not accept the booking: %s It stays in the outbox until you retry or discard it."),
                          error_text (error));
  set_message (self, self->book_status, text);
  update_book_button (self);
}

/* What the clerk is told while the booking waits for its answer. */
static const char *
booking_wait_text (MfcOutbox *outbox)
{
  return mfc_outbox_get_online (outbox)
    ? _("Booking…")
    : _("No connection to the service: the booking waits in the outbox and is sent as soon as the service answers. It will not be made twice.");
}

/* The connection lost (or back) while a booking waits: said at once, not
 * «Бронирование…» for as long as the service is away. */
static void
outbox_online_cb (MfcOutbox      *outbox,
                  GParamSpec     *pspec,
                  MfcBookingPage *self)
{
  if (self->booking_key != NULL)
    set_message (self, self->book_status, booking_wait_text (outbox));
}

static void
enqueue_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MfcBookingPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mfc_outbox_enqueue_finish (MFC_OUTBOX (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The booking could not be queued: %s"), error->message);

      g_clear_pointer (&self->booking_key, g_free);
      set_message (self, self->book_status, text);
      update_book_button (self);
      return;
    }
  /* Sent at once when the service answers; otherwise it waits. */
  if (self->booking_key != NULL)
    set_message (self, self->book_status, booking_wait_text (MFC_OUTBOX (source)));
}

static void
book (MfcBookingPage *self)
{
  const MfcSlot *slot = mfc_slot_picker_get_chosen (self->slot_picker);
  MfcService *service = service_object (self);
  MfcOutbox *outbox = mfc_context_get_outbox (context (self));
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/appointments");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(MfcOutboxEntry) entry = NULL;

  if (slot == NULL || service == NULL || self->office == NULL || self->applicant == NULL ||
      self->booking_key != NULL || outbox == NULL)
    return;

  g_clear_pointer (&self->wanted, g_date_time_unref);
  self->wanted = g_date_time_ref (slot->start);
  gtk_widget_set_visible (GTK_WIDGET (self->alternatives_box), FALSE);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "office_id");
  json_builder_add_string_value (builder, mfc_office_get_id (self->office));
  json_builder_set_member_name (builder, "service_id");
  json_builder_add_string_value (builder, mfc_service_get_id (service));
  json_builder_set_member_name (builder, "applicant_id");
  json_builder_add_string_value (builder, mfc_applicant_get_id (self->applicant));
  json_builder_set_member_name (builder, "start");
  json_builder_add_string_value (builder, slot->start_text);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  entry = mfc_outbox_entry_new ("appointment.create", "POST", query, body);
  mfc_outbox_entry_set_personal (entry, TRUE);
  self->booking_key = g_strdup (mfc_outbox_entry_get_key (entry));
  update_book_button (self);
  set_message (self, self->book_status, _("Booking…"));
  mfc_outbox_enqueue_async (outbox, entry, enqueue_cb, g_object_ref (self));
}

/* Moving: the appointment's current ETag, then PATCH with If-Match. */
typedef struct
{
  MfcBookingPage *self;
  char           *start;
  char           *reason;
} MoveData;

static void
move_data_free (MoveData *data)
{
  g_object_unref (data->self);
  g_free (data->start);
  g_free (data->reason);
  g_free (data);
}

static char *
late_rule_text (void)
{
  return g_strdup (_("Less than 24 hours before the visit only an office supervisor can move or cancel it, "
                     "and must give a reason. Ask the supervisor of the office."));
}

static void
write_done (MfcBookingPage *self,
            GError         *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_FORBIDDEN) &&
      g_strcmp0 (mfc_client_error_get_server_code (error), "late_cancellation") == 0)
    text = late_rule_text ();
  else if (g_strcmp0 (mfc_client_error_get_server_code (error), "reason_required") == 0)
    text = g_strdup (_("Less than 24 hours before the visit a reason is required: give one and try again."));
  else if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_NETWORK) ||
           g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_TIMEOUT))
    text = g_strdup (_("No connection to the service: nothing was changed. Try again when it answers."));
  else
    text = g_strdup_printf (_("The service refused: %s"), error_text (error));
  set_message (self, g_str_equal (gtk_stack_get_visible_child_name (self->side_stack), "book") ?
                     self->book_status : self->booked_status, text);
}

static void
patched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  MoveData *data = user_data;
  MfcBookingPage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcClientResponse) response = mfc_client_request_finish (MFC_CLIENT (source), result, &error);

  gtk_widget_set_sensitive (GTK_WIDGET (self->book_button), TRUE);
  if (response == NULL)
    {
      if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_CONFLICT) &&
          g_strcmp0 (mfc_client_error_get_server_code (error), "slot_taken") == 0)
        slot_taken (self);
      else
        write_done (self, error);
      move_data_free (data);
      return;
    }
  take_appointment (self, mfc_client_response_get_object (response));
  self->moving = FALSE;
  show_booked (self, _("The visit was moved. Print the new talon for the applicant."));
  move_data_free (data);
}

static void
etag_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  MoveData *data = user_data;
  MfcBookingPage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcClientResponse) response = mfc_client_request_finish (MFC_CLIENT (source), result, &error);
  g_autoptr(MfcQuery) query = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *key = NULL;

  if (response == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->book_button), TRUE);
      write_done (self, error);
      move_data_free (data);
      return;
    }
  take_appointment (self, mfc_client_response_get_object (response));
  query = mfc_query_new ("/api/v1/appointments");
  mfc_query_add_segment (query, json_object_get_string_member (self->appointment, "id"));
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "start");
  json_builder_add_string_value (builder, data->start);
  if (data->reason != NULL)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, data->reason);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  key = g_uuid_string_random ();
  mfc_client_request_async (MFC_CLIENT (source), "PATCH", query, body,
                            mfc_client_response_get_etag (response), key,
                            self->cancellable, patched_cb, data);
}

static void
move (MfcBookingPage *self)
{
  const MfcSlot *slot = mfc_slot_picker_get_chosen (self->slot_picker);
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/appointments");
  MoveData *data;

  if (slot == NULL || self->appointment == NULL)
    return;
  g_clear_pointer (&self->wanted, g_date_time_unref);
  self->wanted = g_date_time_ref (slot->start);
  gtk_widget_set_visible (GTK_WIDGET (self->alternatives_box), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->book_button), FALSE);
  set_message (self, self->book_status, _("Moving the visit…"));
  data = g_new0 (MoveData, 1);
  data->self = g_object_ref (self);
  data->start = g_strdup (slot->start_text);
  mfc_query_add_segment (query, json_object_get_string_member (self->appointment, "id"));
  mfc_client_get_async (client (self), query, self->cancellable, etag_cb, data);
}

static void
book_clicked_cb (MfcBookingPage *self)
{
  if (self->moving)
    move (self);
  else
    book (self);
}

static void
move_clicked_cb (MfcBookingPage *self)
{
  JsonObject *office, *service;
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *title = NULL;

  if (self->appointment == NULL)
    return;
  office = json_object_get_object_member (self->appointment, "office");
  service = json_object_get_object_member (self->appointment, "service");
  zone = g_time_zone_new_identifier (json_object_get_string_member_with_default (office, "timezone", "UTC"));
  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  self->moving = TRUE;
  self->n_alternatives = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->alternatives_box), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->applicant_entry), FALSE);
  /* Translators: %s is the talon code */
  title = g_strdup_printf (_("Move visit %s: choose the new time"),
                           json_object_get_string_member_with_default (self->appointment, "talon_code", ""));
  gtk_label_set_text (self->book_title, title);
  gtk_button_set_label (self->book_button, _("_Move Here (Ctrl+Enter)"));
  set_message (self, self->book_status, NULL);
  mfc_slot_picker_show (self->slot_picker, json_object_get_string_member (office, "id"), zone,
                        json_object_get_string_member (service, "id"));
  show_view (self, "book");
}

/* Cancelling. */
static void
cancelled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MfcBookingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcClientResponse) response = mfc_client_request_finish (MFC_CLIENT (source), result, &error);

  if (response == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_FORBIDDEN) &&
          g_strcmp0 (mfc_client_error_get_server_code (error), "late_cancellation") == 0)
        text = late_rule_text ();
      else if (g_strcmp0 (mfc_client_error_get_server_code (error), "reason_required") == 0)
        text = g_strdup (_("Less than 24 hours before the visit a reason is required: give one and try again."));
      else if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_NETWORK) ||
               g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_TIMEOUT))
        text = g_strdup (_("No connection to the service: the visit was not cancelled. Try again when it answers."));
      else
        text = g_strdup_printf (_("The service refused: %s"), error_text (error));
      set_message (self, self->booked_status, text);
      return;
    }
  take_appointment (self, mfc_client_response_get_object (response));
  show_booked (self, _("The visit was cancelled; its place is free again."));
}

/**
 * mfc_booking_page_cancel_visit:
 * @self: the page
 * @reason: (nullable): why (required by the service less than 24 h ahead)
 *
 * `POST /appointments/{id}/cancel` for the visit shown (what the cancel
 * dialog's «Отменить запись» does).
 */
void
mfc_booking_page_cancel_visit (MfcBookingPage *self,
                               const char     *reason)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/appointments");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *stripped = g_strstrip (g_strdup (reason != NULL ? reason : ""));

  g_return_if_fail (MFC_IS_BOOKING_PAGE (self));
  if (self->appointment == NULL)
    return;
  mfc_query_add_segment (query, json_object_get_string_member (self->appointment, "id"));
  mfc_query_add_segment (query, "cancel");
  json_builder_begin_object (builder);
  if (*stripped != '\0')
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, stripped);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  set_message (self, self->booked_status, _("Cancelling…"));
  mfc_client_request_async (client (self), "POST", query, body, NULL, key, self->cancellable,
                            cancelled_cb, g_object_ref (self));
}

static void
cancel_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    MfcBookingPage   *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "mfc-reason");

  if (g_strcmp0 (response, "cancel-visit") == 0)
    mfc_booking_page_cancel_visit (self, gtk_editable_get_text (entry));
}

static void
cancel_clicked_cb (MfcBookingPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gboolean late;

  if (self->appointment == NULL)
    return;
  start = g_date_time_new_from_iso8601 (json_object_get_string_member (self->appointment, "start"), NULL);
  late = start != NULL && g_date_time_difference (start, now) < 24 * G_TIME_SPAN_HOUR;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Cancel the Visit?"), NULL));
  if (late)
    adw_message_dialog_set_body (dialog, _("The visit is less than 24 hours away: only a supervisor can "
                                           "cancel it, and the reason is required."));
  else
    adw_message_dialog_set_body (dialog, _("The place becomes free for other applicants. The reason is optional."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (dialog, entry);
  g_object_set_data (G_OBJECT (dialog), "mfc-reason", entry);
  adw_message_dialog_add_responses (dialog, "keep", _("_Keep the Visit"), "cancel-visit", _("_Cancel the Visit"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "cancel-visit", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel-visit");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The talon. */
static void
print_clicked_cb (MfcBookingPage *self)
{
  g_autoptr(MfcPrintDocument) doc = mfc_booking_page_build_talon (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (doc != NULL)
    mfc_print_document_print (doc, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

static void
save_clicked_cb (MfcBookingPage *self)
{
  g_autoptr(MfcPrintDocument) doc = mfc_booking_page_build_talon (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = NULL;

  if (doc == NULL)
    return;
  name = mfc_talon_suggest_file_name (self->appointment);
  mfc_print_document_save_pdf (doc, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, name);
}

/* ------------------------------------------------------------------ */
/* Today at my office                                                  */

static void today_load (MfcBookingPage *self);

static void
no_show_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MfcBookingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcClientResponse) response = mfc_client_request_finish (MFC_CLIENT (source), result, &error);

  if (response == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not marked: %s"), error_text (error));
      gtk_label_set_text (self->today_status, text);
      return;
    }
  today_load (self);
}

static void
no_show_clicked_cb (GtkButton      *button,
                    MfcBookingPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "mfc-appointment");
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/appointments");
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());
  g_autofree char *key = g_uuid_string_random ();

  mfc_query_add_segment (query, id);
  mfc_query_add_segment (query, "no-show");
  mfc_client_request_async (client (self), "POST", query, body, NULL, key, self->cancellable,
                            no_show_cb, g_object_ref (self));
}

static void
arrived_clicked_cb (GtkButton      *button,
                    MfcBookingPage *self)
{
  g_signal_emit (self, signals[APPLICANT_ARRIVED], 0,
                 g_object_get_data (G_OBJECT (button), "mfc-applicant"),
                 g_object_get_data (G_OBJECT (button), "mfc-service"));
}

static void
today_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MfcBookingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = mfc_client_get_page_finish (MFC_CLIENT (source), result, NULL, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->today_list))) != NULL)
    gtk_list_box_remove (self->today_list, child);
  self->n_today = 0;
  if (items == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Today’s visits could not be loaded: %s"), error_text (error));
      gtk_label_set_text (self->today_status, text);
      return;
    }
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *a = json_array_get_object_element (items, i);
      JsonObject *office = json_object_get_object_member (a, "office");
      JsonObject *applicant = json_object_get_object_member (a, "applicant");
      JsonObject *service = json_object_get_object_member (a, "service");
      const char *status = json_object_get_string_member_with_default (a, "status", "");
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (json_object_get_string_member_with_default (office, "timezone", "UTC"));
      g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (json_object_get_string_member (a, "start"), NULL);
      g_autoptr(GDateTime) local = start != NULL && zone != NULL ? g_date_time_to_timezone (start, zone) : NULL;
      g_autofree char *time = local != NULL ? g_date_time_format (local, "%H:%M") : g_strdup ("");
      g_autofree char *text = NULL;
      const char *status_text = g_str_equal (status, "cancelled") ? _("cancelled") :
                                g_str_equal (status, "no_show") ? _("did not come") : _("booked");
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label;

      text = g_strdup_printf ("%s  %s  %s\n%s · %s", time, json_object_get_string_member_with_default (a, "talon_code", ""),
                              json_object_get_string_member_with_default (applicant, "full_name", ""),
                              json_object_get_string_member_with_default (service, "title", ""), status_text);
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_margin_start (row, 8);
      gtk_widget_set_margin_end (row, 8);
      gtk_widget_set_margin_top (row, 4);
      gtk_widget_set_margin_bottom (row, 4);
      gtk_box_append (GTK_BOX (row), label);
      if (g_str_equal (status, "booked"))
        {
          GtkWidget *arrived = gtk_button_new_with_mnemonic (_("_Arrived"));
          GtkWidget *absent = gtk_button_new_with_mnemonic (_("_Did Not Come"));

          gtk_widget_set_valign (arrived, GTK_ALIGN_CENTER);
          gtk_widget_set_valign (absent, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (arrived, _("Open intake with this applicant and service"));
          g_object_set_data_full (G_OBJECT (arrived), "mfc-applicant",
                                  g_strdup (json_object_get_string_member (applicant, "id")), g_free);
          g_object_set_data_full (G_OBJECT (arrived), "mfc-service",
                                  g_strdup (json_object_get_string_member (service, "id")), g_free);
          g_object_set_data_full (G_OBJECT (absent), "mfc-appointment",
                                  g_strdup (json_object_get_string_member (a, "id")), g_free);
          g_signal_connect (arrived, "clicked", G_CALLBACK (arrived_clicked_cb), self);
          g_signal_connect (absent, "clicked", G_CALLBACK (no_show_clicked_cb), self);
          if (!mfc_appointment_no_show_allowed (a, now))
            {
              gtk_widget_set_sensitive (absent, FALSE);
              gtk_widget_set_tooltip_text (absent, _("A visit can be marked as missed once its time has come"));
            }
          gtk_box_append (GTK_BOX (row), arrived);
          gtk_box_append (GTK_BOX (row), absent);
        }
      gtk_list_box_append (self->today_list, row);
      self->n_today++;
    }
  gtk_label_set_text (self->today_status, self->n_today == 0 ? _("No visits booked for today.") : "");
}

static void
today_office_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MfcBookingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcClientResponse) response = mfc_client_request_finish (MFC_CLIENT (source), result, &error);
  g_autoptr(MfcOffice) office = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/appointments");
  g_autofree char *date = NULL;
  g_autofree char *title = NULL;

  if (response == NULL ||
      (office = mfc_office_new_from_json (mfc_client_response_get_object (response), &error)) == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Your office could not be loaded: %s"), error_text (error));
      gtk_label_set_text (self->today_status, text);
      return;
    }
  /* «Today» is the office's date, whatever the desktop's clock says. */
  local = g_date_time_to_timezone (now, mfc_office_get_timezone (office));
  date = g_date_time_format (local, "%Y-%m-%d");
  {
    g_autofree char *day = g_date_time_format (local, "%-d %B");
    /* Translators: today at office X, 2 декабря */
    title = g_strdup_printf (_("Today at %s, %s"), mfc_office_get_name (office), day);
  }
  gtk_label_set_text (self->today_title, title);
  mfc_query_add (query, "office", mfc_office_get_id (office));
  mfc_query_add (query, "date", date);
  mfc_query_add_int (query, "limit", 200);
  mfc_client_get_page_async (MFC_CLIENT (source), query, self->cancellable, today_cb, g_object_ref (self));
}

static void
today_load (MfcBookingPage *self)
{
  const char *office_id = mfc_session_get_office_id (mfc_context_get_session (context (self)));
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/offices");

  if (office_id == NULL)
    {
      gtk_label_set_text (self->today_title, _("Today at my office"));
      gtk_label_set_text (self->today_status, _("Your account has no office: nothing to show."));
      return;
    }
  gtk_label_set_text (self->today_status, _("Loading today’s visits…"));
  mfc_query_add_segment (query, office_id);
  mfc_client_get_async (client (self), query, self->cancellable, today_office_cb, g_object_ref (self));
}

static void
today_clicked_cb (MfcBookingPage *self)
{
  show_view (self, "today");
  today_load (self);
}

static void
back_clicked_cb (MfcBookingPage *self)
{
  const char *view = gtk_stack_get_visible_child_name (self->side_stack);

  if (g_strcmp0 (view, "book") == 0 && self->office != NULL && !self->moving)
    show_view (self, "card");
  else if (g_strcmp0 (view, "book") == 0 && self->moving)
    {
      self->moving = FALSE;
      show_view (self, "booked");
    }
  else
    {
      show_view (self, "list");
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
    }
}

/* ------------------------------------------------------------------ */
/* Live events                                                         */

static void
event_cb (MfcEvents      *events,
          const char     *type,
          JsonNode       *data,
          MfcBookingPage *self)
{
  if (g_strcmp0 (type, "office.load") == 0 && JSON_NODE_HOLDS_OBJECT (data))
    mfc_office_store_apply_load (self->store, json_node_get_object (data));
  else if (g_str_has_prefix (type, "appointment.") &&
           g_strcmp0 (gtk_stack_get_visible_child_name (self->side_stack), "today") == 0)
    today_load (self);
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */

static void
search_action_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  MfcBookingPage *self = user_data;

  show_view (self, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
back_action_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  back_clicked_cb (user_data);
}

static void
book_action_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  MfcBookingPage *self = user_data;
  const char *view = gtk_stack_get_visible_child_name (self->side_stack);

  if (g_strcmp0 (view, "card") == 0)
    book_open_clicked_cb (self);
  else if (g_strcmp0 (view, "book") == 0 && gtk_widget_get_sensitive (GTK_WIDGET (self->book_button)))
    book_clicked_cb (self);
}

static void
first_free_action_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  MfcBookingPage *self = user_data;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->side_stack), "book") == 0)
    mfc_slot_picker_first_free (self->slot_picker);
}

static void
print_action_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  MfcBookingPage *self = user_data;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->side_stack), "booked") == 0)
    print_clicked_cb (self);
}

static void
map_action_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  MfcBookingPage *self = user_data;

  gtk_widget_grab_focus (GTK_WIDGET (self->map));
}

static void
today_action_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  today_clicked_cb (user_data);
}

static void
mfc_booking_page_add_actions (MfcPage               *page,
                              GActionMap            *actions,
                              GtkShortcutController *shortcuts)
{
  const GActionEntry entries[] = {
    { "booking-search", search_action_cb, NULL, NULL, NULL, { 0 } },
    { "booking-back", back_action_cb, NULL, NULL, NULL, { 0 } },
    { "booking-book", book_action_cb, NULL, NULL, NULL, { 0 } },
    { "booking-first-free", first_free_action_cb, NULL, NULL, NULL, { 0 } },
    { "booking-print", print_action_cb, NULL, NULL, NULL, { 0 } },
    { "booking-map", map_action_cb, NULL, NULL, NULL, { 0 } },
    { "booking-today", today_action_cb, NULL, NULL, NULL, { 0 } },
  };

  mfc_page_install_actions (page, actions, shortcuts, entries, G_N_ELEMENTS (entries),
                            page_shortcuts, G_N_ELEMENTS (page_shortcuts));
}

static void
load_data (MfcBookingPage *self)
{
  if (!self->config_loaded)
    {
      g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/config");

      mfc_client_request_full_async (client (self), "GET", query, NULL, NULL, NULL, MFC_CLIENT_REQUEST_NO_AUTH,
                                     self->cancellable, config_cb, g_object_ref (self));
    }
  if (!self->catalog_loaded)
    mfc_service_catalog_load_async (self->catalog, self->cancellable, catalog_cb, g_object_ref (self));
}

static void
mfc_booking_page_shown (MfcPage *page)
{
  MfcBookingPage *self = MFC_BOOKING_PAGE (page);

  load_data (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->side_stack), "list") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
mfc_booking_page_constructed (GObject *object)
{
  MfcBookingPage *self = MFC_BOOKING_PAGE (object);
  MfcOutbox *outbox;
  ShumateViewport *viewport;
  g_autoptr(GtkStringList) sorts = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) services = gtk_string_list_new (NULL);

  G_OBJECT_CLASS (mfc_booking_page_parent_class)->constructed (object);

  self->store = mfc_office_store_new (client (self));
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "notify::loading", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "notify::error", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  /* A list box makes a widget per row: a view of thousands of offices
   * (the region zoomed out on a large seed) lists the first ones and says
   * so, the map shows them all. */
  {
    g_autoptr(GtkSliceListModel) slice = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->store)), 0,
                                                                  MFC_BOOKING_LIST_MAX_ROWS);

    gtk_list_box_bind_model (self->office_list, G_LIST_MODEL (slice), create_row_cb, self, NULL);
  }
  mfc_office_map_set_model (self->map, G_LIST_MODEL (self->store));

  viewport = mfc_office_map_get_viewport (self->map);
  g_signal_connect_object (viewport, "notify::zoom-level", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::latitude", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
  /* A view that got its size after it moved fetches its offices then. */
  g_signal_connect_object (self->map, "size-changed", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);

  self->catalog = mfc_service_catalog_new (client (self), NULL);
  self->applicants = mfc_applicant_search_new (client (self));
  g_signal_connect_object (self->applicants, "items-changed", G_CALLBACK (applicants_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->applicants, "notify::loading", G_CALLBACK (applicants_changed_cb), self, G_CONNECT_SWAPPED);

  mfc_slot_picker_set_client (self->slot_picker, client (self));
  g_signal_connect_object (self->slot_picker, "notify::chosen", G_CALLBACK (picker_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->slot_picker, "notify::loading", G_CALLBACK (picker_loading_cb), self, G_CONNECT_SWAPPED);

  gtk_string_list_append (sorts, _("By name"));
  gtk_string_list_append (sorts, _("By distance"));
  gtk_string_list_append (sorts, _("By load"));
  gtk_string_list_append (sorts, _("By first free slot"));
  gtk_drop_down_set_model (self->sort_dropdown, G_LIST_MODEL (sorts));
  gtk_string_list_append (services, _("Any service"));
  gtk_drop_down_set_model (self->service_dropdown, G_LIST_MODEL (services));
  g_ptr_array_add (self->service_ids, NULL);
  g_signal_connect_object (self->service_dropdown, "notify::selected", G_CALLBACK (service_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_dropdown, "notify::selected", G_CALLBACK (sort_selected_cb), self, G_CONNECT_SWAPPED);

  outbox = mfc_context_get_outbox (context (self));
  if (outbox != NULL)
    {
      g_signal_connect_object (outbox, "sent", G_CALLBACK (outbox_sent_cb), self, 0);
      g_signal_connect_object (outbox, "rejected", G_CALLBACK (outbox_rejected_cb), self, 0);
      g_signal_connect_object (outbox, "notify::online", G_CALLBACK (outbox_online_cb), self, 0);
    }
  g_signal_connect_object (mfc_context_get_events (context (self)), "event", G_CALLBACK (event_cb), self, 0);
  update_list_state (self);
}

static void
mfc_booking_page_dispose (GObject *object)
{
  MfcBookingPage *self = MFC_BOOKING_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->office_list != NULL)
    gtk_list_box_bind_model (self->office_list, NULL, NULL, NULL, NULL);
  if (self->map != NULL)
    mfc_office_map_set_model (self->map, NULL);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);
  g_clear_object (&self->applicants);
  g_clear_object (&self->applicant);
  g_clear_object (&self->office);

  G_OBJECT_CLASS (mfc_booking_page_parent_class)->dispose (object);
}

static void
mfc_booking_page_finalize (GObject *object)
{
  MfcBookingPage *self = MFC_BOOKING_PAGE (object);

  g_clear_pointer (&self->service_ids, g_ptr_array_unref);
  g_clear_pointer (&self->appointment, json_object_unref);
  g_clear_pointer (&self->wanted, g_date_time_unref);
  g_free (self->booking_key);
  g_free (self->message);
  g_free (self->pending_service);

  G_OBJECT_CLASS (mfc_booking_page_parent_class)->finalize (object);
}

static void
mfc_booking_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MfcBookingPage *self = MFC_BOOKING_PAGE (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_string (value, mfc_booking_page_get_view (self));
      break;
    case PROP_READY:
      g_value_set_boolean (value, mfc_booking_page_get_ready (self));
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_booking_page_class_init (MfcBookingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MfcPageClass *page_class = MFC_PAGE_CLASS (klass);

  object_class->constructed = mfc_booking_page_constructed;
  object_class->dispose = mfc_booking_page_dispose;
  object_class->finalize = mfc_booking_page_finalize;
  object_class->get_property = mfc_booking_page_get_property;
  page_class->add_actions = mfc_booking_page_add_actions;
  page_class->shown = mfc_booking_page_shown;

  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "list",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcBookingPage::applicant-arrived:
   * @applicant_id: who came
   * @service_id: for which service
   *
   * «Пришёл» on a visit of today: the window opens intake with them.
   */
  signals[APPLICANT_ARRIVED] =
    g_signal_new ("applicant-arrived",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (MFC_TYPE_OFFICE_MAP);
  g_type_ensure (MFC_TYPE_OFFICE_CARD);
  g_type_ensure (MFC_TYPE_SLOT_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/booking/mfc-booking-page.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, MfcBookingPage, name)
  CHILD (side_stack);
  CHILD (search_entry);
  CHILD (service_dropdown);
  CHILD (open_now_check);
  CHILD (online_check);
  CHILD (waiting_check);
  CHILD (waiting_spin);
  CHILD (near_check);
  CHILD (radius_spin);
  CHILD (sort_dropdown);
  CHILD (count_label);
  CHILD (list_stack);
  CHILD (office_list);
  CHILD (empty_status);
  CHILD (clear_filters_button);
  CHILD (card);
  CHILD (book_open_button);
  CHILD (book_title);
  CHILD (slot_picker);
  CHILD (alternatives_box);
  CHILD (alternatives_label);
  CHILD (alternatives_buttons);
  CHILD (applicant_entry);
  CHILD (applicant_label);
  CHILD (book_status);
  CHILD (book_button);
  CHILD (talon_label);
  CHILD (booked_label);
  CHILD (booked_status);
  CHILD (move_button);
  CHILD (cancel_button);
  CHILD (today_title);
  CHILD (today_status);
  CHILD (today_list);
  CHILD (map);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, near_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_filters_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, map_office_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, book_open_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, applicant_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, applicant_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, book_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, print_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, move_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, today_clicked_cb);
}

static void
mfc_booking_page_init (MfcBookingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->service_ids = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */

/**
 * mfc_booking_page_get_view:
 * @self: the page
 *
 * Returns: "list", "card", "book", "booked" or "today"
 */
const char *
mfc_booking_page_get_view (MfcBookingPage *self)
{
  g_return_val_if_fail (MFC_IS_BOOKING_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->side_stack);
}

/**
 * mfc_booking_page_get_store:
 * @self: the page
 *
 * Returns: (transfer none): the offices shown
 */
MfcOfficeStore *
mfc_booking_page_get_store (MfcBookingPage *self)
{
  g_return_val_if_fail (MFC_IS_BOOKING_PAGE (self), NULL);
  return self->store;
}

/**
 * mfc_booking_page_get_map:
 * @self: the page
 *
 * Returns: (transfer none): the map
 */
MfcOfficeMap *
mfc_booking_page_get_map (MfcBookingPage *self)
{
  g_return_val_if_fail (MFC_IS_BOOKING_PAGE (self), NULL);
  return self->map;
}

/**
 * mfc_booking_page_get_card:
 * @self: the page
 *
 * Returns: (transfer none): the office card
 */
MfcOfficeCard *
mfc_booking_page_get_card (MfcBookingPage *self)
{
  g_return_val_if_fail (MFC_IS_BOOKING_PAGE (self), NULL);
  return self->card;
}

/**
 * mfc_booking_page_get_slot_picker:
 * @self: the page
 *
 * Returns: (transfer none): the slot grid
 */
MfcSlotPicker *
mfc_booking_page_get_slot_picker (MfcBookingPage *self)
{
  g_return_val_if_fail (MFC_IS_BOOKING_PAGE (self), NULL);
  return self->slot_picker;
}

/**
 * mfc_booking_page_get_ready:
 * @self: the page
 *
 * Returns: %TRUE once the map settings and the services are loaded
 */
gboolean
mfc_booking_page_get_ready (MfcBookingPage *self)
{
  g_return_val_if_fail (MFC_IS_BOOKING_PAGE (self), FALSE);
  return self->config_loaded && self->catalog_loaded;
}

/**
 * mfc_booking_page_set_service:
 * @self: the page
 * @service_id: (nullable): the service to filter and book by (the one
 *   being taken at intake, say)
 */
void
mfc_booking_page_set_service (MfcBookingPage *self,
                              const char     *service_id)
{
  g_return_if_fail (MFC_IS_BOOKING_PAGE (self));

  if (!self->catalog_loaded)
    {
      g_free (self->pending_service);
      self->pending_service = g_strdup (service_id);
      return;
    }
  for (guint i = 0; i < self->service_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->service_ids, i), service_id) == 0)
      {
        gtk_drop_down_set_selected (self->service_dropdown, i);
        return;
      }
}

const char *
mfc_booking_page_get_service (MfcBookingPage *self)
{
  g_return_val_if_fail (MFC_IS_BOOKING_PAGE (self), NULL);
  return chosen_service (self);
}

/**
 * mfc_booking_page_open_office:
 * @self: the page
 * @office: an office of the list
 *
 * Shows its card (what Enter on a row or a click on its marker does).
 */
void
mfc_booking_page_open_office (MfcBookingPage *self,
                              MfcOffice      *office)
{
  const char *service;

  g_return_if_fail (MFC_IS_BOOKING_PAGE (self));
  g_return_if_fail (MFC_IS_OFFICE (office));

  g_set_object (&self->office, office);
  mfc_office_map_select (self->map, office);
  mfc_office_card_set_office (self->card, office);
  service = chosen_service (self);
  if (service != NULL && mfc_office_has_service (office, service))
    {
      mfc_office_card_set_next_slot (self->card, _("Looking for the first free slot…"));
      mfc_slot_list_load_async (client (self), mfc_office_get_id (office), service, NULL, NULL, TRUE,
                                self->cancellable, card_slot_cb, g_object_ref (self));
    }
  else if (service != NULL)
    mfc_office_card_set_next_slot (self->card, _("This office does not provide the chosen service."));
  else
    mfc_office_card_set_next_slot (self->card, _("Choose a service to see the first free slot."));
  show_view (self, "card");
  gtk_widget_grab_focus (GTK_WIDGET (self->book_open_button));
}

/**
 * mfc_booking_page_get_appointment:
 * @self: the page
 *
 * Returns: (transfer none) (nullable): the visit booked or shown
 */
JsonObject *
mfc_booking_page_get_appointment (MfcBookingPage *self)
{
  g_return_val_if_fail (MFC_IS_BOOKING_PAGE (self), NULL);
  return self->appointment;
}

const char *
mfc_booking_page_get_applicant_id (MfcBookingPage *self)
{
  g_return_val_if_fail (MFC_IS_BOOKING_PAGE (self), NULL);
  return self->applicant != NULL ? mfc_applicant_get_id (self->applicant) : NULL;
}

/**
 * mfc_booking_page_get_message:
 * @self: the page
 *
 * Returns: (nullable): the last message shown to the clerk
 */
const char *
mfc_booking_page_get_message (MfcBookingPage *self)
{
  g_return_val_if_fail (MFC_IS_BOOKING_PAGE (self), NULL);
  return self->message;
}

guint
mfc_booking_page_get_n_alternatives (MfcBookingPage *self)
{
  g_return_val_if_fail (MFC_IS_BOOKING_PAGE (self), 0);
  return self->n_alternatives;
}

/**
 * mfc_booking_page_build_talon:
 * @self: the page
 *
 * Returns: (transfer full) (nullable): the talon of the visit shown, as
 *   «Печать талона» and «Сохранить PDF» print it
 */
MfcPrintDocument *
mfc_booking_page_build_talon (MfcBookingPage *self)
{
  g_autoptr(GPtrArray) documents = g_ptr_array_new ();
  JsonObject *service;
  MfcService *known = NULL;

  g_return_val_if_fail (MFC_IS_BOOKING_PAGE (self), NULL);
  if (self->appointment == NULL)
    return NULL;
  service = json_object_get_object_member (self->appointment, "service");
  if (service != NULL && self->catalog_loaded)
    known = mfc_service_catalog_lookup (self->catalog, json_object_get_string_member (service, "id"));
  if (known != NULL)
    for (guint i = 0; i < mfc_service_get_n_required_documents (known); i++)
      g_ptr_array_add (documents, (gpointer) mfc_service_get_required_document_title (known, i));
  g_ptr_array_add (documents, NULL);
  return mfc_talon_build (self->appointment, (const char * const *) documents->pdata,
                          mfc_session_get_full_name (mfc_context_get_session (context (self))),
                          mfc_context_get_training (context (self)));
}

guint
mfc_booking_page_get_n_today (MfcBookingPage *self)
{
  g_return_val_if_fail (MFC_IS_BOOKING_PAGE (self), 0);
  return self->n_today;
}

/**
 * mfc_booking_page_set_applicant:
 * @self: the page
 * @applicant: (nullable): the applicant being served at intake
 *
 * Books for @applicant unless the clerk searches another one here.
 */
void
mfc_booking_page_set_applicant (MfcBookingPage *self,
                                MfcApplicant   *applicant)
{
  g_return_if_fail (MFC_IS_BOOKING_PAGE (self));

  if (applicant == NULL || self->applicant == applicant)
    return;
  g_set_object (&self->applicant, applicant);
  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->applicant_entry), "");
  self->syncing = FALSE;
  show_applicant (self);
  if (gtk_check_button_get_active (self->near_check))
    near_toggled_cb (self);
}
