/* mfc-tickets-page.c — the «Обращения» section.
 *
 * The list is a GtkColumnView over MfcTicketList (keyset pages, fetched as
 * the clerk scrolls near the end); every filter control writes into the
 * list's MfcTicketFilter, which cancels the page in flight and loads the
 * first page of the new filter.  Live events update the list and the
 * open ticket in place; a GNotification tells the clerk when one of
 * their own tickets changes status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-tickets"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mfc-memory.h"
#include "mfc-print-operation.h"
#include "mfc-spinner.h"
#include "mfc-ticket-actions.h"
#include "mfc-ticket-card.h"
#include "mfc-ticket-export.h"
#include "mfc-ticket-saved-filters.h"
#include "mfc-ticket-stats-view.h"
#include "mfc-tickets-page.h"

struct _MfcTicketsPage
{
  MfcPage          parent_instance;

  MfcTicketList   *list;
  MfcTicketView   *view;
  MfcTicketStatsView *summary;
  GtkMultiSelection *selection;
  GCancellable    *export_cancellable;
  GCancellable    *me_cancellable;
  char            *my_id;          /* the logged-in user's id, for «my» tickets */
  GPtrArray       *status_buttons;
  gboolean         syncing;        /* controls are being set from the filter */
  guint            search_source;
  char            *last_export;    /* path of the last finished export */
  GtkColumnViewColumn *sort_columns[8]; /* the sortable ones, by Column; owned by the view */
  GObject         *probe[2];       /* two objects to ask the view's sorter with */

  /* Template widgets */
  GtkStack        *stack;
  GtkSearchEntry  *search_entry;
  GtkDropDown     *kind_dropdown;
  GtkDropDown     *assignee_dropdown;
  GtkDropDown     *sort_dropdown;
  GtkCheckButton  *overdue_check;
  GtkCheckButton  *at_risk_check;
  GtkMenuButton   *filters_button;
  GtkPopover      *filters_popover;
  GtkEntry        *from_entry;
  GtkEntry        *to_entry;
  GtkLabel        *dates_error;
  GtkListBox      *saved_list;
  GtkEntry        *save_name_entry;
  GtkButton       *save_button;
  GtkLabel        *save_error;
  GtkFlowBox      *status_box;
  GtkLabel        *live_label;
  GtkBox          *bulk_box;
  GtkLabel        *bulk_label;
  GtkBox          *bulk_moves_box;
  GtkScrolledWindow *scroller;
  GtkColumnView   *column_view;
  MfcSpinner      *spinner;
  GtkLabel        *count_label;
  GtkButton       *retry_button;
  GtkProgressBar  *export_progress;
  GtkButton       *export_cancel;
  AdwBin          *view_slot;
  AdwBin          *summary_slot;
  GtkWidget       *summary_button;
};

G_DEFINE_FINAL_TYPE (MfcTicketsPage, mfc_tickets_page, MFC_TYPE_PAGE)

enum {
  PROP_0,
  PROP_VIEW_NAME,
  PROP_EXPORTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ADD_DOCUMENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum {
  COLUMN_NUMBER,
  COLUMN_KIND,
  COLUMN_SERVICE,
  COLUMN_APPLICANT,
  COLUMN_STATUS,
  COLUMN_CREATED,
  COLUMN_DUE,
  COLUMN_ASSIGNEE,
  N_COLUMNS
} Column;

static const char * const sort_codes[] = {
  "-created_at", "created_at", "due_date", "-due_date", "number", "-number", NULL
};

static const MfcPageShortcut page_shortcuts[] = {
  { "<Control>f", "win.tickets-search" },
  { "<Control>k", "win.tickets-filters" },
  { "<Alt>Left", "win.tickets-back" },
  { "F5", "win.tickets-refresh" },
};

/* Helpers */

static MfcContext *
context (MfcTicketsPage *self)
{
  return mfc_page_get_context (MFC_PAGE (self));
}

static MfcTicketFilter *
filter (MfcTicketsPage *self)
{
  return mfc_ticket_list_get_filter (self->list);
}

static void
set_status_class (GtkWidget  *label,
                  const char *status)
{
  /* Restyling is what costs while rows are rebound: only on a change */
  if (g_strcmp0 (g_object_get_data (G_OBJECT (label), "status"), status) == 0)
    return;
  g_object_set_data_full (G_OBJECT (label), "status", g_strdup (status), g_free);
  for (const char * const *s = mfc_ticket_statuses (); *s != NULL; s++)
    {
      g_autofree char *cls = g_strconcat ("status-", *s, NULL);

      if (g_strcmp0 (*s, status) == 0)
        gtk_widget_add_css_class (label, cls);
      else
        gtk_widget_remove_css_class (label, cls);
    }
}

/* Cells are GtkInscription: made for list cells (cheap to measure while
 * scrolling thousands of rows), cut at the column's width by design —
 * the ticket view shows every value whole. */
static void
set_cell_text (GtkWidget  *cell,
               const char *text)
{
  if (GTK_IS_INSCRIPTION (cell))
    gtk_inscription_set_text (GTK_INSCRIPTION (cell), text);
  else
    gtk_label_set_text (GTK_LABEL (cell), text);
}

static void
update_cell (GtkWidget *label,
             MfcTicket *ticket)
{
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (label), "column"));
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_NUMBER:
      set_cell_text (label, mfc_ticket_get_number (ticket));
      break;
    case COLUMN_KIND:
      set_cell_text (label, mfc_ticket_kind_label (mfc_ticket_get_kind (ticket)));
      break;
    case COLUMN_SERVICE:
      set_cell_text (label, mfc_ticket_get_service_title (ticket) != NULL ? mfc_ticket_get_service_title (ticket) : "—");
      break;
    case COLUMN_APPLICANT:
      set_cell_text (label, mfc_ticket_get_applicant_name (ticket));
      break;
    case COLUMN_STATUS:
      /* A decided ticket whose result waits for the applicant says so */
      if (mfc_ticket_get_result_ready (ticket))
        {
          text = g_strdup_printf (_("%s, ready"), mfc_ticket_status_label (mfc_ticket_get_status (ticket)));
          set_cell_text (label, text);
        }
      else
        set_cell_text (label, mfc_ticket_status_label (mfc_ticket_get_status (ticket)));
      set_status_class (GTK_WIDGET (label), mfc_ticket_get_status (ticket));
      break;
    case COLUMN_CREATED:
      set_cell_text (label, mfc_ticket_get_created_text (ticket));
      break;
    case COLUMN_DUE:
      set_cell_text (label, mfc_ticket_get_due_text (ticket));
      if (mfc_ticket_get_overdue (ticket) != gtk_widget_has_css_class (label, "overdue"))
        {
          if (mfc_ticket_get_overdue (ticket))
            gtk_widget_add_css_class (label, "overdue");
          else
            gtk_widget_remove_css_class (label, "overdue");
        }
      if (mfc_ticket_get_at_risk (ticket) != gtk_widget_has_css_class (label, "at-risk"))
        {
          if (mfc_ticket_get_at_risk (ticket))
            gtk_widget_add_css_class (label, "at-risk");
          else
            gtk_widget_remove_css_class (label, "at-risk");
        }
      break;
    case COLUMN_ASSIGNEE:
      set_cell_text (label, mfc_ticket_get_assignee_name (ticket) != NULL ? mfc_ticket_get_assignee_name (ticket) : "—");
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
ticket_changed_cb (MfcTicket  *ticket,
                   GParamSpec *pspec,
                   GtkWidget  *label)
{
  update_cell (label, ticket);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label;

  if (column == COLUMN_STATUS)
    {
      /* A chip, whole: the column is wide enough for every status */
      label = gtk_label_new (NULL);
      gtk_widget_add_css_class (label, "ticket-status");
      gtk_widget_set_halign (label, GTK_ALIGN_START);
    }
  else
    {
      label = gtk_inscription_new (NULL);
      gtk_inscription_set_xalign (GTK_INSCRIPTION (label), 0);
      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (label), 4);
    }
  g_object_set_data (G_OBJECT (label), "column", user_data);
  if (column == COLUMN_NUMBER)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  MfcTicket *ticket = gtk_list_item_get_item (item);
  gulong id;

  update_cell (label, ticket);
  /* A plain handler: unbind always comes before the cell goes, and
   * binding is what scrolling does for every row that comes into view. */
  id = g_signal_connect (ticket, "notify::version", G_CALLBACK (ticket_changed_cb), label);
  g_object_set_data (G_OBJECT (label), "handler", GSIZE_TO_POINTER (id));
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  MfcTicket *ticket = gtk_list_item_get_item (item);
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (label), "handler"));

  if (id != 0 && ticket != NULL)
    g_signal_handler_disconnect (ticket, id);
  g_object_set_data (G_OBJECT (label), "handler", NULL);
}

/* Sorting is the service's (keyset paging needs the server's order): the
 * column headers only choose the sort key.  GTK 4.8 cannot say which
 * column the clerk clicked (gtk_column_view_sorter_get_primary_sort_column
 * is 4.10), so each sortable column's sorter marks itself when asked, and
 * the view's sorter is asked to compare two objects: the column that
 * answers is the primary one, the sign is the direction. */
static guint probe_hit;

static int
probe_cb (gconstpointer a,
          gconstpointer b,
          gpointer      user_data)
{
  if (probe_hit == 0)
    probe_hit = GPOINTER_TO_UINT (user_data) + 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

static const char *
column_sort_key (Column column)
{
  switch (column)
    {
    case COLUMN_NUMBER: return "number";
    case COLUMN_CREATED: return "created_at";
    case COLUMN_DUE: return "due_date";
    case COLUMN_KIND: case COLUMN_SERVICE: case COLUMN_APPLICANT: case COLUMN_STATUS:
    case COLUMN_ASSIGNEE: case N_COLUMNS: default:
      return NULL;
    }
}

static void sync_controls (MfcTicketsPage *self);

static void
column_sort_changed_cb (GtkSorter      *sorter,
                        GtkSorterChange change,
                        MfcTicketsPage *self)
{
  GObject *x = self->probe[0] < self->probe[1] ? self->probe[0] : self->probe[1];
  GObject *y = x == self->probe[0] ? self->probe[1] : self->probe[0];
  g_autofree char *sort = NULL;
  GtkOrdering order;

  /* Also called while the view's columns go away in dispose */
  if (self->syncing || self->list == NULL)
    return;
  probe_hit = 0;
  order = gtk_sorter_compare (sorter, x, y);
  if (probe_hit == 0)
    sort = g_strdup ("-created_at");
  else
    sort = g_strconcat (order == GTK_ORDERING_LARGER ? "-" : "", column_sort_key (probe_hit - 1), NULL);
  mfc_ticket_filter_set_sort (filter (self), sort);
  sync_controls (self);
}

/* The headers show the filter's sort key */
static void
sync_sort_columns (MfcTicketsPage *self)
{
  const char *sort;
  gboolean descending;

  if (self->list == NULL)
    return;
  sort = mfc_ticket_filter_get_sort (filter (self));
  descending = sort[0] == '-';

  for (guint c = 0; c < G_N_ELEMENTS (self->sort_columns); c++)
    if (self->sort_columns[c] != NULL && g_str_equal (column_sort_key (c), sort + descending))
      gtk_column_view_sort_by_column (self->column_view, self->sort_columns[c],
                                      descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

static void
add_column (MfcTicketsPage *self,
            Column          column,
            const char     *title,
            gboolean        expand,
            int             fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), GUINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (col, fixed_width);
  if (column_sort_key (column) != NULL)
    {
      g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (probe_cb, GUINT_TO_POINTER (column), NULL));

      gtk_column_view_column_set_sorter (col, sorter);
      self->sort_columns[column] = col;
    }
  gtk_column_view_append_column (self->column_view, col);
  g_object_unref (col);
}

static void
maybe_load_more (MfcTicketsPage *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double left = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_value (adj) - gtk_adjustment_get_page_size (adj);

  /* Two screens before the end, the next page is on its way. */
  if (left < 2 * gtk_adjustment_get_page_size (adj) + 1)
    mfc_ticket_list_load_more (self->list);
}

static void
scrolled_cb (MfcTicketsPage *self)
{
  maybe_load_more (self);
  /* Rows rebound by the thousand leave their old texts' memory behind:
   * handed back once the scroll is over. */
  mfc_memory_trim_soon ();
}

static void
update_count (MfcTicketsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  const GError *error = mfc_ticket_list_get_error (self->list);
  g_autofree char *text = NULL;

  if (mfc_ticket_list_get_loading (self->list))
    mfc_spinner_start (self->spinner);
  else
    mfc_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), error != NULL);

  if (error != NULL)
    text = g_strdup_printf (_("The list could not be loaded: %s"), error->message);
  else if (n == 0 && !mfc_ticket_list_get_loading (self->list))
    text = g_strdup (_("No tickets match the filter"));
  else if (mfc_ticket_list_get_at_end (self->list))
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket", "%u tickets", n), n);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket shown, more as you scroll",
                                         "%u tickets shown, more as you scroll", n), n);
  gtk_label_set_text (self->count_label, text);
}

/* The controls show what the filter holds (after a saved filter) */
static void
sync_controls (MfcTicketsPage *self)
{
  MfcTicketFilter *f = filter (self);
  const char *kind = mfc_ticket_filter_get_kind (f);
  const char *sort = mfc_ticket_filter_get_sort (f);
  guint kind_pos = 0;
  guint sort_pos = 0;

  self->syncing = TRUE;
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                 mfc_ticket_filter_get_text (f) != NULL ? mfc_ticket_filter_get_text (f) : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry),
                           mfc_ticket_filter_get_text (f) != NULL ? mfc_ticket_filter_get_text (f) : "");
  for (guint i = 0; mfc_ticket_kinds ()[i] != NULL; i++)
    if (g_strcmp0 (mfc_ticket_kinds ()[i], kind) == 0)
      kind_pos = i + 1;
  gtk_drop_down_set_selected (self->kind_dropdown, kind_pos);
  gtk_drop_down_set_selected (self->assignee_dropdown, mfc_ticket_filter_get_assignee (f));
  for (guint i = 0; sort_codes[i] != NULL; i++)
    if (g_str_equal (sort_codes[i], sort))
      sort_pos = i;
  gtk_drop_down_set_selected (self->sort_dropdown, sort_pos);
  gtk_check_button_set_active (self->overdue_check, mfc_ticket_filter_get_overdue (f));
  gtk_check_button_set_active (self->at_risk_check, mfc_ticket_filter_get_at_risk (f));
  sync_sort_columns (self);
  for (guint i = 0; i < self->status_buttons->len; i++)
    {
      GtkToggleButton *b = g_ptr_array_index (self->status_buttons, i);

      gtk_toggle_button_set_active (b, mfc_ticket_filter_has_status (f, g_object_get_data (G_OBJECT (b), "status")));
    }
  self->syncing = FALSE;
}

static void
show_view (MfcTicketsPage *self,
           const char     *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_NAME]);
}

/* «дд.мм.гггг» → «гггг-мм-дд»; NULL for an empty text, "" for a bad one */
static char *
parse_day (const char *text)
{
  unsigned d, m, y;
  char tail;
  GDate date;

  if (text == NULL || text[0] == '\0')
    return NULL;
  if (sscanf (text, "%u.%u.%u%c", &d, &m, &y, &tail) != 3 || !g_date_valid_dmy (d, m, y))
    return g_strdup ("");
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return g_strdup_printf ("%04u-%02u-%02u", y, m, d);
}

/* Saved filters */

static void saved_row_activated_cb (GtkListBox *box, GtkListBoxRow *row, MfcTicketsPage *self);

static void
remove_saved_cb (GtkButton      *button,
                 MfcTicketsPage *self);

static void
fill_saved (MfcTicketsPage *self)
{
  g_auto(GStrv) names = mfc_ticket_saved_filters_names (mfc_context_get_settings (context (self)));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->saved_list))) != NULL)
    gtk_list_box_remove (self->saved_list, child);
  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names[i]);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "name", g_strdup (names[i]), g_free);
      if (!mfc_ticket_saved_filters_is_preset (names[i]))
        {
          GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
          g_autofree char *label = g_strdup_printf (_("Remove the filter «%s»"), names[i]);

          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (remove, label);
          gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          g_object_set_data_full (G_OBJECT (remove), "name", g_strdup (names[i]), g_free);
          g_signal_connect (remove, "clicked", G_CALLBACK (remove_saved_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }
      gtk_list_box_append (self->saved_list, row);
    }
}

static void
remove_saved_cb (GtkButton      *button,
                 MfcTicketsPage *self)
{
  mfc_ticket_saved_filters_remove (mfc_context_get_settings (context (self)),
                                   g_object_get_data (G_OBJECT (button), "name"));
  fill_saved (self);
}

static void
saved_row_activated_cb (GtkListBox     *box,
                        GtkListBoxRow  *row,
                        MfcTicketsPage *self)
{
  mfc_tickets_page_apply_saved (self, g_object_get_data (G_OBJECT (row), "name"));
  gtk_popover_popdown (self->filters_popover);
}

static void
save_clicked_cb (MfcTicketsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!mfc_ticket_saved_filters_save (mfc_context_get_settings (context (self)),
                                      gtk_editable_get_text (GTK_EDITABLE (self->save_name_entry)),
                                      filter (self), &error))
    {
      gtk_label_set_text (self->save_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->save_error), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->save_error), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->save_name_entry), "");
  fill_saved (self);
}

/* Callbacks: the filter controls */

static gboolean
search_timeout_cb (gpointer user_data)
{
  MfcTicketsPage *self = user_data;

  self->search_source = 0;
  mfc_ticket_filter_set_text (filter (self), gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  return G_SOURCE_REMOVE;
}

static void
search_changed_cb (MfcTicketsPage *self)
{
  if (self->syncing)
    return;
  /* GtkSearchEntry's own delay already passed: one more turn of the loop
   * lets a paste land as one search. */
  g_clear_handle_id (&self->search_source, g_source_remove);
  self->search_source = g_idle_add (search_timeout_cb, self);
}

static void
search_activate_cb (MfcTicketsPage *self)
{
  g_clear_handle_id (&self->search_source, g_source_remove);
  search_timeout_cb (self);
  /* Enter on the search: the first ticket, once it is there */
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
kind_selected_cb (MfcTicketsPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->kind_dropdown);

  if (self->syncing)
    return;
  mfc_ticket_filter_set_kind (filter (self), pos == 0 || pos == GTK_INVALID_LIST_POSITION
                                             ? NULL : mfc_ticket_kinds ()[pos - 1]);
}

static void
assignee_selected_cb (MfcTicketsPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->assignee_dropdown);

  if (self->syncing || pos > MFC_TICKET_ASSIGNEE_OFFICE)
    return;
  mfc_ticket_filter_set_assignee (filter (self), (MfcTicketAssignee) pos);
}

static void
sort_selected_cb (MfcTicketsPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->sort_dropdown);

  if (self->syncing || pos >= G_N_ELEMENTS (sort_codes) - 1)
    return;
  mfc_ticket_filter_set_sort (filter (self), sort_codes[pos]);
  self->syncing = TRUE;
  sync_sort_columns (self);
  self->syncing = FALSE;
}

static void
overdue_toggled_cb (MfcTicketsPage *self)
{
  if (self->syncing)
    return;
  mfc_ticket_filter_set_overdue (filter (self), gtk_check_button_get_active (self->overdue_check));
}

static void
at_risk_toggled_cb (MfcTicketsPage *self)
{
  if (self->syncing)
    return;
  mfc_ticket_filter_set_at_risk (filter (self), gtk_check_button_get_active (self->at_risk_check));
}

/* «Принято · 12»: how many of each status the other filters leave */
static void
counts_cb (MfcTicketsPage *self)
{
  for (guint i = 0; i < self->status_buttons->len; i++)
    {
      GtkButton *b = g_ptr_array_index (self->status_buttons, i);
      const char *status = g_object_get_data (G_OBJECT (b), "status");
      int n = mfc_ticket_list_get_count (self->list, status);
      g_autofree char *label = n >= 0 ? g_strdup_printf ("%s · %d", mfc_ticket_status_label (status), n)
                                      : g_strdup (mfc_ticket_status_label (status));

      gtk_button_set_label (b, label);
    }
}

static void
status_toggled_cb (GtkToggleButton *button,
                   MfcTicketsPage  *self)
{
  if (self->syncing)
    return;
  mfc_ticket_filter_toggle_status (filter (self), g_object_get_data (G_OBJECT (button), "status"),
                                   gtk_toggle_button_get_active (button));
}

static void
dates_changed_cb (MfcTicketsPage *self)
{
  g_autofree char *from = parse_day (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)));
  g_autofree char *to = parse_day (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)));
  gboolean bad = (from != NULL && from[0] == '\0') || (to != NULL && to[0] == '\0');

  gtk_label_set_text (self->dates_error, bad ? _("Type the date as DD.MM.YYYY, e.g. 01.11.2026") : "");
  gtk_widget_set_visible (GTK_WIDGET (self->dates_error), bad);
  if (bad)
    return;
  mfc_ticket_filter_set_dates (filter (self), from, to);
}

static void
filter_changed_cb (MfcTicketsPage *self)
{
  /* A new list: back to its top */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static void
view_add_document_cb (MfcTicketView  *view,
                      const char     *number,
                      MfcTicketsPage *self)
{
  g_signal_emit (self, signals[ADD_DOCUMENT], 0, number);
}

/* The ticket view and the summary are made when first needed: a clerk
 * who only looks at the list does not pay for their widgets. */
static MfcTicketView *
ensure_view (MfcTicketsPage *self)
{
  if (self->view == NULL)
    {
      self->view = mfc_ticket_view_new (context (self));
      g_signal_connect_object (self->view, "back", G_CALLBACK (mfc_tickets_page_back), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->view, "add-document", G_CALLBACK (view_add_document_cb), self, 0);
      g_signal_connect_object (self->view, "moving", G_CALLBACK (mfc_ticket_list_expect_status), self->list,
                               G_CONNECT_SWAPPED);
      adw_bin_set_child (self->view_slot, GTK_WIDGET (self->view));
    }
  return self->view;
}

static MfcTicketStatsView *
ensure_summary (MfcTicketsPage *self)
{
  if (self->summary == NULL)
    {
      self->summary = mfc_ticket_stats_view_new (context (self));
      g_signal_connect_object (self->summary, "back", G_CALLBACK (mfc_tickets_page_back), self, G_CONNECT_SWAPPED);
      adw_bin_set_child (self->summary_slot, GTK_WIDGET (self->summary));
    }
  return self->summary;
}

/* Callbacks: the list */

static void
list_notify_cb (MfcTicketsPage *self)
{
  update_count (self);
}

static void
list_items_changed_cb (MfcTicketsPage *self)
{
  update_count (self);
  /* A short page may not fill the window: no scroll would ask for more. */
  maybe_load_more (self);
}

static void
activate_cb (GtkColumnView  *view,
             guint           position,
             MfcTicketsPage *self)
{
  mfc_tickets_page_open (self, position);
}

static void
retry_clicked_cb (MfcTicketsPage *self)
{
  mfc_ticket_list_retry (self->list);
}


/* Bulk actions */

static GPtrArray *
selected_tickets (MfcTicketsPage *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *tickets = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint pos;

  if (gtk_bitset_iter_init_first (&iter, set, &pos))
    do
      g_ptr_array_add (tickets, g_list_model_get_item (G_LIST_MODEL (self->list), pos));
    while (gtk_bitset_iter_next (&iter, &pos));
  return tickets;
}

static void
bulk_move_clicked_cb (GtkButton      *button,
                      MfcTicketsPage *self)
{
  g_autoptr(GPtrArray) tickets = selected_tickets (self);
  const char *to = g_object_get_data (G_OBJECT (button), "to");
  MfcOutbox *box = mfc_context_get_outbox (context (self));

  if (box == NULL)
    return;
  for (guint i = 0; i < tickets->len; i++)
    {
      MfcTicket *ticket = g_ptr_array_index (tickets, i);
      g_autoptr(MfcOutboxEntry) entry = mfc_ticket_transition_entry (ticket, to, NULL, NULL, NULL);

      if (entry == NULL)
        continue;
      mfc_ticket_list_expect_status (self->list, mfc_ticket_get_id (ticket), to);
      mfc_outbox_enqueue_async (box, entry, NULL, NULL);
    }
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

static void
selection_changed_cb (MfcTicketsPage *self)
{
  g_autoptr(GPtrArray) tickets = selected_tickets (self);
  g_autofree char *text = NULL;
  GtkWidget *child;

  gtk_widget_set_visible (GTK_WIDGET (self->bulk_box), tickets->len > 1);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->bulk_moves_box))) != NULL)
    gtk_box_remove (self->bulk_moves_box, child);
  if (tickets->len < 2)
    return;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected:", "%u selected:", tickets->len),
                          tickets->len);
  gtk_label_set_text (self->bulk_label, text);

  /* The moves every selected ticket allows (a rejection needs a reason
   * per ticket: not in bulk) */
  for (const char * const *s = mfc_ticket_statuses (); *s != NULL; s++)
    {
      gboolean all = !g_str_equal (*s, "rejected");
      GtkWidget *button;
      g_autofree char *label = NULL;

      for (guint i = 0; all && i < tickets->len; i++)
        all = mfc_ticket_allows (g_ptr_array_index (tickets, i), *s);
      if (!all)
        continue;
      label = g_strdup_printf (_("To «%s»"), mfc_ticket_status_label (*s));
      button = gtk_button_new_with_label (label);
      g_object_set_data_full (G_OBJECT (button), "to", g_strdup (*s), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (bulk_move_clicked_cb), self);
      gtk_box_append (self->bulk_moves_box, button);
    }
}

static void
bulk_assign_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  MfcTicketsPage *self = MFC_TICKETS_PAGE (widget);
  g_autoptr(GPtrArray) tickets = selected_tickets (self);
  MfcOutbox *box = mfc_context_get_outbox (context (self));

  if (box == NULL || self->my_id == NULL)
    return;
  for (guint i = 0; i < tickets->len; i++)
    {
      g_autoptr(MfcOutboxEntry) entry = mfc_ticket_assign_entry (g_ptr_array_index (tickets, i), self->my_id,
                                                                NULL, NULL);

      if (entry != NULL)
        mfc_outbox_enqueue_async (box, entry, NULL, NULL);
    }
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

static void
bulk_export_chosen_cb (GtkNativeDialog *dialog,
                       int              response,
                       gpointer         user_data)
{
  MfcTicketsPage *self = MFC_TICKETS_PAGE (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) tickets = selected_tickets (self);
      g_autoptr(GString) text = g_string_new ("\xEF\xBB\xBF");
      g_autofree char *header = mfc_ticket_export_csv_header ();
      g_autoptr(GError) error = NULL;

      g_string_append (text, header);
      for (guint i = 0; i < tickets->len; i++)
        {
          g_autofree char *row = mfc_ticket_export_csv_row (g_ptr_array_index (tickets, i));

          g_string_append (text, row);
        }
      /* The selection is on screen already: a small file, written at once */
      if (!g_file_replace_contents (file, text->str, text->len, NULL, FALSE, G_FILE_CREATE_NONE,
                                    NULL, NULL, &error))
        gtk_label_set_text (self->count_label, error->message);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static GtkFileChooserNative *
csv_chooser (MfcTicketsPage *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, _("tickets-%Y-%m-%d.csv"));

  chooser = gtk_file_chooser_native_new (_("Export Tickets"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  return chooser;
}

static void
bulk_export_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  MfcTicketsPage *self = MFC_TICKETS_PAGE (widget);
  GtkFileChooserNative *chooser = csv_chooser (self);

  g_signal_connect (chooser, "response", G_CALLBACK (bulk_export_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The report of the view: the rows loaded, as a printed document */
static void
report_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  MfcTicketsPage *self = MFC_TICKETS_PAGE (widget);
  g_autoptr(MfcPrintDocument) doc = NULL;
  MfcContext *ctx = context (self);

  doc = mfc_ticket_report_new (G_LIST_MODEL (self->list), NULL,
                               mfc_session_get_full_name (mfc_context_get_session (ctx)),
                               mfc_context_get_training (ctx));
  mfc_print_document_print (doc, GTK_WINDOW (gtk_widget_get_root (widget)));
}

/* The supervisor's summary */

static void
summary_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  mfc_tickets_page_show_summary (MFC_TICKETS_PAGE (widget));
}

/* Export of the filter */

static void
export_progress_cb (guint    n_rows,
                    gpointer user_data)
{
  MfcTicketsPage *self = user_data;
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket written",
                                                        "%u tickets written", n_rows), n_rows);

  gtk_progress_bar_set_text (self->export_progress, text);
  gtk_progress_bar_pulse (self->export_progress);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MfcTicketsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n = 0;

  g_clear_object (&self->export_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->export_progress), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->export_cancel), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.export", TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORTING]);

  if (!mfc_ticket_export_csv_finish (MFC_CLIENT (object), result, &n, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text = g_strdup (_("The export was stopped; no file was written"));
      else
        text = g_strdup_printf (_("The export failed: %s"), error->message);
    }
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket exported", "%u tickets exported", n), n);
  gtk_label_set_text (self->count_label, text);
}

static void
export_chosen_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  MfcTicketsPage *self = MFC_TICKETS_PAGE (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      mfc_tickets_page_export_to_file (self, file);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  MfcTicketsPage *self = MFC_TICKETS_PAGE (widget);
  GtkFileChooserNative *chooser = csv_chooser (self);

  g_signal_connect (chooser, "response", G_CALLBACK (export_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_cancel_cb (MfcTicketsPage *self)
{
  g_cancellable_cancel (self->export_cancellable);
}

/* Live events */

static void
mine_changed_cb (MfcTicketList  *list,
                 const char     *number,
                 const char     *status,
                 MfcTicketsPage *self)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  if (app == NULL)
    return;
  title = g_strdup_printf (_("Ticket %s: «%s»"), number, mfc_ticket_status_label (status));
  body = g_strdup (_("One of your tickets changed status."));
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  /* No applicant's name in a notification: it shows on a locked screen. */
  g_application_send_notification (app, number, notification);
}

static void
event_cb (MfcEvents      *events,
          const char     *type,
          JsonNode       *data,
          MfcTicketsPage *self)
{
  JsonObject *o;
  const char *id, *status;

  if (!g_str_has_prefix (type, "ticket.") || data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return;
  o = json_node_get_object (data);
  id = json_object_get_string_member_with_default (o, "id", NULL);
  status = json_object_get_string_member_with_default (o, "status", NULL);
  if (id == NULL || status == NULL)
    return;

  mfc_ticket_list_take_event (self->list, type, data);
  if (self->view != NULL)
    mfc_ticket_view_take_event (self->view, o);
}

static void
events_connected_cb (MfcTicketsPage *self)
{
  MfcContext *ctx = context (self);
  gboolean logged_in = mfc_session_get_state (mfc_context_get_session (ctx)) == MFC_SESSION_LOGGED_IN;

  gtk_widget_set_visible (GTK_WIDGET (self->live_label),
                          logged_in && !mfc_events_get_connected (mfc_context_get_events (ctx)));
}

/* The session: my id and office */

static void
me_cb (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(MfcTicketsPage) self = user_data;
  g_autoptr(JsonArray) items = NULL;
  const char *login = mfc_session_get_login (mfc_context_get_session (context (self)));

  items = mfc_client_get_page_finish (MFC_CLIENT (object), result, NULL, NULL);
  if (items == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *u = json_array_get_object_element (items, i);

      if (u != NULL && g_strcmp0 (json_object_get_string_member_with_default (u, "login", NULL), login) == 0)
        {
          g_free (self->my_id);
          self->my_id = g_strdup (json_object_get_string_member_with_default (u, "id", NULL));
          mfc_ticket_list_set_me (self->list, self->my_id);
        }
    }
}

static void
session_state_cb (MfcTicketsPage *self)
{
  MfcSession *session = mfc_context_get_session (context (self));
  g_autoptr(MfcQuery) query = NULL;

  events_connected_cb (self);
  if (mfc_session_get_state (session) != MFC_SESSION_LOGGED_IN)
    return;

  /* The summary is the supervisor's (the service refuses it to a clerk) */
  gtk_widget_set_visible (self->summary_button,
                          g_strcmp0 (mfc_session_get_role (session), "supervisor") == 0 ||
                          g_strcmp0 (mfc_session_get_role (session), "trainer") == 0);

  mfc_ticket_list_set_office (self->list, mfc_session_get_office_id (session));
  g_cancellable_cancel (self->me_cancellable);
  g_clear_object (&self->me_cancellable);
  g_clear_pointer (&self->my_id, g_free);
  mfc_ticket_list_set_me (self->list, NULL);
  self->me_cancellable = g_cancellable_new ();
  query = mfc_query_new ("/api/v1/users");
  mfc_query_add (query, "q", mfc_session_get_login (session));
  mfc_query_add_int (query, "limit", 20);
  mfc_client_get_page_async (mfc_context_get_client (context (self)), query, self->me_cancellable,
                             me_cb, g_object_ref (self));
}

/* Window actions */

static void
search_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  MfcTicketsPage *self = MFC_TICKETS_PAGE (user_data);

  show_view (self, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
filters_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  MfcTicketsPage *self = MFC_TICKETS_PAGE (user_data);

  show_view (self, "list");
  fill_saved (self);
  gtk_menu_button_popup (self->filters_button);
}

static void
back_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  mfc_tickets_page_back (MFC_TICKETS_PAGE (user_data));
}

static void
refresh_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  MfcTicketsPage *self = MFC_TICKETS_PAGE (user_data);

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "ticket"))
    mfc_ticket_view_reload (ensure_view (self));
  else
    mfc_ticket_list_refresh (self->list);
}

/* MfcPage */

static void
mfc_tickets_page_add_actions (MfcPage               *page,
                              GActionMap            *actions,
                              GtkShortcutController *shortcuts)
{
  const GActionEntry entries[] = {
    { "tickets-search", search_action_cb, NULL, NULL, NULL, { 0 } },
    { "tickets-filters", filters_action_cb, NULL, NULL, NULL, { 0 } },
    { "tickets-back", back_action_cb, NULL, NULL, NULL, { 0 } },
    { "tickets-refresh", refresh_action_cb, NULL, NULL, NULL, { 0 } },
  };

  mfc_page_install_actions (page, actions, shortcuts, entries, G_N_ELEMENTS (entries),
                            page_shortcuts, G_N_ELEMENTS (page_shortcuts));
}

static void
mfc_tickets_page_shown (MfcPage *page)
{
  MfcTicketsPage *self = MFC_TICKETS_PAGE (page);

  /* The first time the clerk looks: the first page.  Later: fresh. */
  mfc_ticket_list_start (self->list);
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "list"))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  else if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "ticket"))
    mfc_ticket_view_reload (ensure_view (self));
}

/* GObject */

static void
mfc_tickets_page_constructed (GObject *object)
{
  MfcTicketsPage *self = MFC_TICKETS_PAGE (object);
  MfcContext *ctx;
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  const char *assignees[] = { _("Anyone's"), _("Mine"), _("My office's"), NULL };
  const char *sorts[] = { _("Newest first"), _("Oldest first"), _("Due soonest"), _("Due latest"),
                          _("By number ↑"), _("By number ↓"), NULL };
  g_autoptr(GtkStringList) assignee_list = gtk_string_list_new (assignees);
  g_autoptr(GtkStringList) sort_list = gtk_string_list_new (sorts);

  G_OBJECT_CLASS (mfc_tickets_page_parent_class)->constructed (object);

  ctx = context (self);
  self->list = mfc_ticket_list_new (mfc_context_get_client (ctx));
  g_signal_connect_object (self->list, "notify", G_CALLBACK (list_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (list_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (filter (self), "changed", G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::counts", G_CALLBACK (counts_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "mine-status-changed", G_CALLBACK (mine_changed_cb), self, 0);

  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  add_column (self, COLUMN_NUMBER, _("Number"), FALSE, 140);
  add_column (self, COLUMN_KIND, _("Type"), FALSE, 100);
  add_column (self, COLUMN_SERVICE, _("Service"), TRUE, -1);
  add_column (self, COLUMN_APPLICANT, _("Applicant"), TRUE, -1);
  add_column (self, COLUMN_STATUS, _("Status"), FALSE, 230);
  add_column (self, COLUMN_CREATED, _("Created"), FALSE, 130);
  add_column (self, COLUMN_DUE, _("Deadline"), FALSE, 180);
  add_column (self, COLUMN_ASSIGNEE, _("Assignee"), TRUE, -1);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (column_sort_changed_cb), self, 0);

  gtk_string_list_append (kinds, _("All types"));
  for (guint i = 0; mfc_ticket_kinds ()[i] != NULL; i++)
    gtk_string_list_append (kinds, mfc_ticket_kind_label (mfc_ticket_kinds ()[i]));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
  gtk_drop_down_set_model (self->assignee_dropdown, G_LIST_MODEL (assignee_list));
  gtk_drop_down_set_model (self->sort_dropdown, G_LIST_MODEL (sort_list));

  for (guint i = 0; mfc_ticket_statuses ()[i] != NULL; i++)
    {
      const char *status = mfc_ticket_statuses ()[i];
      GtkWidget *button = gtk_toggle_button_new_with_label (mfc_ticket_status_label (status));
      g_autofree char *cls = g_strconcat ("status-", status, NULL);

      gtk_widget_add_css_class (button, "status-chip");
      gtk_widget_add_css_class (button, cls);
      g_object_set_data (G_OBJECT (button), "status", (gpointer) status);
      g_signal_connect (button, "toggled", G_CALLBACK (status_toggled_cb), self);
      /* Before the overdue and at-risk checks of the template */
      gtk_flow_box_insert (self->status_box, button, (int) i);
      g_ptr_array_add (self->status_buttons, button);
    }


  g_signal_connect_object (mfc_context_get_events (ctx), "event", G_CALLBACK (event_cb), self, 0);
  g_signal_connect_object (mfc_context_get_events (ctx), "notify::connected",
                           G_CALLBACK (events_connected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (mfc_context_get_session (ctx), "notify::state",
                           G_CALLBACK (session_state_cb), self, G_CONNECT_SWAPPED);
  session_state_cb (self);
  fill_saved (self);
  sync_controls (self);
  update_count (self);
}

static void
mfc_tickets_page_dispose (GObject *object)
{
  MfcTicketsPage *self = MFC_TICKETS_PAGE (object);

  g_clear_handle_id (&self->search_source, g_source_remove);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  g_cancellable_cancel (self->me_cancellable);
  g_clear_object (&self->me_cancellable);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (mfc_tickets_page_parent_class)->dispose (object);
}

static void
mfc_tickets_page_finalize (GObject *object)
{
  MfcTicketsPage *self = MFC_TICKETS_PAGE (object);

  g_free (self->my_id);
  g_free (self->last_export);
  g_clear_object (&self->probe[0]);
  g_clear_object (&self->probe[1]);
  g_ptr_array_unref (self->status_buttons);

  G_OBJECT_CLASS (mfc_tickets_page_parent_class)->finalize (object);
}

static void
mfc_tickets_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MfcTicketsPage *self = MFC_TICKETS_PAGE (object);

  switch (prop_id)
    {
    case PROP_VIEW_NAME:
      g_value_set_string (value, mfc_tickets_page_get_view_name (self));
      break;
    case PROP_EXPORTING:
      g_value_set_boolean (value, self->export_cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_tickets_page_class_init (MfcTicketsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MfcPageClass *page_class = MFC_PAGE_CLASS (klass);

  object_class->constructed = mfc_tickets_page_constructed;
  object_class->dispose = mfc_tickets_page_dispose;
  object_class->finalize = mfc_tickets_page_finalize;
  object_class->get_property = mfc_tickets_page_get_property;
  page_class->add_actions = mfc_tickets_page_add_actions;
  page_class->shown = mfc_tickets_page_shown;

  /* "list" or "ticket" */
  properties[PROP_VIEW_NAME] =
    g_param_spec_string ("view-name", NULL, NULL, "list",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPORTING] =
    g_param_spec_boolean ("exporting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcTicketsPage::add-document:
   * @number: the open ticket's number
   *
   * «Добавить документ» in the open ticket: the window hands the number to
   * the documents section.
   */
  signals[ADD_DOCUMENT] =
    g_signal_new ("add-document", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (MFC_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/tickets/mfc-tickets-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, assignee_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, overdue_check);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, at_risk_check);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, filters_button);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, filters_popover);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, dates_error);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, saved_list);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, save_name_entry);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, save_error);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, status_box);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, live_label);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, bulk_box);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, bulk_label);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, bulk_moves_box);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, export_progress);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, export_cancel);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, view_slot);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, summary_slot);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketsPage, summary_button);

  gtk_widget_class_install_action (widget_class, "tickets.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "tickets.summary", NULL, summary_action);
  gtk_widget_class_install_action (widget_class, "tickets.report", NULL, report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "tickets.report", NULL);
  gtk_widget_class_install_action (widget_class, "tickets.bulk-assign", NULL, bulk_assign_action);
  gtk_widget_class_install_action (widget_class, "tickets.bulk-export", NULL, bulk_export_action);
}

static void
mfc_tickets_page_init (MfcTicketsPage *self)
{
  self->status_buttons = g_ptr_array_new ();
  self->probe[0] = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe[1] = g_object_new (G_TYPE_OBJECT, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (search_activate_cb), self);
  g_signal_connect_swapped (self->kind_dropdown, "notify::selected", G_CALLBACK (kind_selected_cb), self);
  g_signal_connect_swapped (self->assignee_dropdown, "notify::selected", G_CALLBACK (assignee_selected_cb), self);
  g_signal_connect_swapped (self->sort_dropdown, "notify::selected", G_CALLBACK (sort_selected_cb), self);
  g_signal_connect_swapped (self->overdue_check, "toggled", G_CALLBACK (overdue_toggled_cb), self);
  g_signal_connect_swapped (self->at_risk_check, "toggled", G_CALLBACK (at_risk_toggled_cb), self);
  g_signal_connect_swapped (self->from_entry, "changed", G_CALLBACK (dates_changed_cb), self);
  g_signal_connect_swapped (self->to_entry, "changed", G_CALLBACK (dates_changed_cb), self);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  g_signal_connect_swapped (self->save_name_entry, "activate", G_CALLBACK (save_clicked_cb), self);
  g_signal_connect (self->saved_list, "row-activated", G_CALLBACK (saved_row_activated_cb), self);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (activate_cb), self);
  g_signal_connect_swapped (self->retry_button, "clicked", G_CALLBACK (retry_clicked_cb), self);
  g_signal_connect_swapped (self->export_cancel, "clicked", G_CALLBACK (export_cancel_cb), self);
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                            G_CALLBACK (scrolled_cb), self);
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->scroller), "notify::upper",
                            G_CALLBACK (list_items_changed_cb), self);
}

/* Public API */

/**
 * mfc_tickets_page_get_list:
 *
 * Returns: (transfer none): the list the page shows
 */
MfcTicketList *
mfc_tickets_page_get_list (MfcTicketsPage *self)
{
  g_return_val_if_fail (MFC_IS_TICKETS_PAGE (self), NULL);

  return self->list;
}

/**
 * mfc_tickets_page_get_view:
 *
 * Returns: (transfer none): the ticket view
 */
MfcTicketView *
mfc_tickets_page_get_view (MfcTicketsPage *self)
{
  g_return_val_if_fail (MFC_IS_TICKETS_PAGE (self), NULL);

  return ensure_view (self);
}

const char *
mfc_tickets_page_get_view_name (MfcTicketsPage *self)
{
  g_return_val_if_fail (MFC_IS_TICKETS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/* Opens the ticket at @position of the list (what Enter does) */
void
mfc_tickets_page_open (MfcTicketsPage *self,
                       guint           position)
{
  g_autoptr(MfcTicket) ticket = NULL;

  g_return_if_fail (MFC_IS_TICKETS_PAGE (self));

  ticket = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  if (ticket == NULL)
    return;
  mfc_ticket_view_open (ensure_view (self), ticket);
  show_view (self, "ticket");
  mfc_ticket_view_focus_comment (self->view);
}

/* Back to the list, where it was: same scroll, same selection */
void
mfc_tickets_page_back (MfcTicketsPage *self)
{
  g_return_if_fail (MFC_IS_TICKETS_PAGE (self));

  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "list"))
    return;
  show_view (self, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* The supervisor's summary of the office (role supervisor) */
void
mfc_tickets_page_show_summary (MfcTicketsPage *self)
{
  g_return_if_fail (MFC_IS_TICKETS_PAGE (self));

  show_view (self, "summary");
  mfc_ticket_stats_view_load (ensure_summary (self));
}

/**
 * mfc_tickets_page_get_summary:
 *
 * Returns: (transfer none): the summary view
 */
MfcTicketStatsView *
mfc_tickets_page_get_summary (MfcTicketsPage *self)
{
  g_return_val_if_fail (MFC_IS_TICKETS_PAGE (self), NULL);

  return ensure_summary (self);
}

void
mfc_tickets_page_apply_saved (MfcTicketsPage *self,
                              const char     *name)
{
  g_autoptr(MfcTicketFilter) saved = NULL;
  MfcTicketFilter *f;

  g_return_if_fail (MFC_IS_TICKETS_PAGE (self));

  saved = mfc_ticket_saved_filters_lookup (mfc_context_get_settings (context (self)), name);
  if (saved == NULL)
    return;
  f = filter (self);
  /* One change for the list: block, set, one reload */
  g_signal_handlers_block_matched (f, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self->list);
  mfc_ticket_filter_set_statuses (f, mfc_ticket_filter_get_statuses (saved));
  mfc_ticket_filter_set_kind (f, mfc_ticket_filter_get_kind (saved));
  mfc_ticket_filter_set_service (f, mfc_ticket_filter_get_service (saved));
  mfc_ticket_filter_set_assignee (f, mfc_ticket_filter_get_assignee (saved));
  mfc_ticket_filter_set_dates (f, mfc_ticket_filter_get_from (saved), mfc_ticket_filter_get_to (saved));
  mfc_ticket_filter_set_overdue (f, mfc_ticket_filter_get_overdue (saved));
  mfc_ticket_filter_set_text (f, mfc_ticket_filter_get_text (saved));
  mfc_ticket_filter_set_sort (f, mfc_ticket_filter_get_sort (saved));
  g_signal_handlers_unblock_matched (f, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self->list);
  sync_controls (self);
  mfc_ticket_list_refresh (self->list);
}

/* Exports the current filter to @file, with progress under the list */
void
mfc_tickets_page_export_to_file (MfcTicketsPage *self,
                                 GFile          *file)
{
  g_autoptr(MfcQuery) query = NULL;

  g_return_if_fail (MFC_IS_TICKETS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->export_cancellable != NULL)
    return;
  self->export_cancellable = g_cancellable_new ();
  query = mfc_ticket_list_dup_query (self->list);
  gtk_progress_bar_set_text (self->export_progress, _("Exporting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->export_progress), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->export_cancel), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tickets.export", FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORTING]);
  mfc_ticket_export_csv_async (mfc_context_get_client (context (self)), query, file,
                               export_progress_cb, self, self->export_cancellable,
                               export_done_cb, g_object_ref (self));
}
