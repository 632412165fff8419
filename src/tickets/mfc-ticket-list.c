/* mfc-ticket-list.c
 *
 * Items are [tickets created since the first page, newest first] followed
 * by the paged model's items.  A created ticket already in the pages (an
 * event that raced the page) is not added twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-tickets"

#include "config.h"

#include <string.h>

#include "mfc-ticket-list.h"

#define DEFAULT_PAGE_SIZE 50

struct _MfcTicketList
{
  GObject          parent_instance;

  MfcClient       *client;
  MfcTicketFilter *filter;
  MfcPagedModel   *pages;
  GPtrArray       *live;          /* MfcTicket created meanwhile, newest first */
  char            *office_id;
  guint            limit;
  guint            generation;    /* bumped by every new filter */
  GCancellable    *cancellable;   /* of the created-ticket checks */
  GCancellable    *counts_cancellable;
  int              counts[6];     /* per status of mfc_ticket_statuses(); -1 unknown */
  guint            counts_source;
  gboolean         counts_pending; /* asked for once the first page is in */
  gboolean         started;
  char            *me;            /* the clerk's user id */
  GHashTable      *my_statuses;   /* ticket id → last status seen, of the clerk's tickets */
};

static void mfc_ticket_list_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MfcTicketList, mfc_ticket_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      mfc_ticket_list_list_model_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_AT_END,
  PROP_ERROR,
  PROP_N_ITEMS,
  PROP_COUNTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  MINE_STATUS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static GObject *
parse_ticket_cb (JsonObject  *item,
                 gpointer     user_data,
                 GError     **error)
{
  return G_OBJECT (mfc_ticket_new_from_json (item, error));
}

static MfcTicket *
find_in (GListModel *model,
         guint       n,
         const char *id,
         guint      *position)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MfcTicket) t = g_list_model_get_item (model, i);

      if (g_str_equal (mfc_ticket_get_id (t), id))
        {
          if (position != NULL)
            *position = i;
          return t;   /* the model holds its own reference */
        }
    }
  return NULL;
}

static void
counts_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MfcTicketList) self = user_data;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *by_status;

  response = mfc_client_request_finish (MFC_CLIENT (object), result, &error);
  if (response == NULL)
    {
      /* Unknown counts are not shown; the list itself says what failed. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Ticket counts: %s", error->message);
      return;
    }
  g_clear_object (&self->counts_cancellable);

  by_status = mfc_client_response_get_object (response) != NULL &&
              json_object_has_member (mfc_client_response_get_object (response), "by_status")
              ? json_object_get_object_member (mfc_client_response_get_object (response), "by_status") : NULL;
  for (guint i = 0; mfc_ticket_statuses ()[i] != NULL; i++)
    self->counts[i] = by_status != NULL
                      ? (int) json_object_get_int_member_with_default (by_status, mfc_ticket_statuses ()[i], -1)
                      : -1;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTS]);
}

static void
load_counts (MfcTicketList *self)
{
  g_autoptr(MfcQuery) query = mfc_ticket_filter_to_counts_query (self->filter, self->office_id);

  g_cancellable_cancel (self->counts_cancellable);
  g_clear_object (&self->counts_cancellable);
  self->counts_cancellable = g_cancellable_new ();
  mfc_client_get_async (self->client, query, self->counts_cancellable, counts_cb, g_object_ref (self));
}

static gboolean
counts_timeout_cb (gpointer user_data)
{
  MfcTicketList *self = user_data;

  self->counts_source = 0;
  load_counts (self);
  return G_SOURCE_REMOVE;
}

static void
apply_filter (MfcTicketList *self)
{
  g_autoptr(MfcQuery) query = NULL;
  guint removed = self->live->len;

  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_ptr_array_set_size (self->live, 0);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);

  query = mfc_ticket_filter_to_query (self->filter, self->office_id, self->limit);
  /* Cancels the page in flight: its answer never lands. */
  mfc_paged_model_set_query (self->pages, query);
  /* The counts after the first page: the page is what the clerk waits for */
  g_clear_handle_id (&self->counts_source, g_source_remove);
  g_cancellable_cancel (self->counts_cancellable);
  self->counts_pending = TRUE;
  if (!mfc_paged_model_get_loading (self->pages))
    {
      self->counts_pending = FALSE;
      load_counts (self);
    }
}

/* Callbacks */

static void
filter_changed_cb (MfcTicketList *self)
{
  if (self->started)
    apply_filter (self);
}

static void
pages_items_changed_cb (GListModel    *pages,
                        guint          position,
                        guint          removed,
                        guint          added,
                        MfcTicketList *self)
{
  /* A page may bring a ticket already shown at the top as new. */
  for (guint i = position; i < position + added && self->live->len > 0; i++)
    {
      g_autoptr(MfcTicket) t = g_list_model_get_item (pages, i);
      guint live_pos;

      if (find_in (G_LIST_MODEL (self), self->live->len, mfc_ticket_get_id (t), &live_pos) != NULL)
        {
          g_ptr_array_remove_index (self->live, live_pos);
          g_list_model_items_changed (G_LIST_MODEL (self), live_pos, 1, 0);
        }
    }

  g_list_model_items_changed (G_LIST_MODEL (self), self->live->len + position, removed, added);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
pages_notify_cb (MfcTicketList *self,
                 GParamSpec    *pspec)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "loading"))
    {
      if (self->counts_pending && !mfc_paged_model_get_loading (self->pages))
        {
          self->counts_pending = FALSE;
          load_counts (self);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
  else if (g_str_equal (name, "at-end"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AT_END]);
  else if (g_str_equal (name, "error"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

typedef struct
{
  GWeakRef   list;
  guint      generation;
  MfcTicket *ticket;
} Check;

static void
check_free (Check *check)
{
  g_weak_ref_clear (&check->list);
  g_object_unref (check->ticket);
  g_free (check);
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Check *check = user_data;
  g_autoptr(MfcTicketList) self = g_weak_ref_get (&check->list);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = NULL;
  g_autofree char *cursor = NULL;
  const char *id = mfc_ticket_get_id (check->ticket);

  items = mfc_client_get_page_finish (MFC_CLIENT (object), result, &cursor, &error);
  if (self == NULL || check->generation != self->generation || items == NULL)
    {
      check_free (check);
      return;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (item == NULL || g_strcmp0 (json_object_get_string_member_with_default (item, "id", NULL), id) != 0)
        continue;
      /* Shown already: by a page, or by an earlier event */
      if (mfc_ticket_list_find (self, id, NULL) != NULL)
        break;
      mfc_ticket_update_from_json (check->ticket, item, NULL);
      g_ptr_array_insert (self->live, 0, g_object_ref (check->ticket));
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
      break;
    }
  check_free (check);
}

/* Asks the service whether the filter takes @ticket: the same query for
 * its number (the number is unique, and every filter is ANDed). */
static void
check_created (MfcTicketList *self,
               MfcTicket     *ticket)
{
  g_autoptr(MfcTicketFilter) probe = mfc_ticket_filter_copy (self->filter);
  g_autoptr(MfcQuery) query = NULL;
  const char *text = mfc_ticket_filter_get_text (self->filter);
  Check *check;

  if (text != NULL)
    {
      /* One `q` only: the clerk's text is matched here, the rest there. */
      g_autofree char *t = g_utf8_casefold (text, -1);
      g_autofree char *n = g_utf8_casefold (mfc_ticket_get_number (ticket), -1);
      g_autofree char *a = g_utf8_casefold (mfc_ticket_get_applicant_name (ticket), -1);

      if (strstr (n, t) == NULL && strstr (a, t) == NULL)
        return;
    }
  mfc_ticket_filter_set_text (probe, mfc_ticket_get_number (ticket));
  query = mfc_ticket_filter_to_query (probe, self->office_id, 5);

  check = g_new0 (Check, 1);
  g_weak_ref_init (&check->list, self);
  check->generation = self->generation;
  check->ticket = g_object_ref (ticket);
  mfc_client_get_page_async (self->client, query, self->cancellable, check_cb, check);
}

/* GListModel */

static GType
mfc_ticket_list_get_item_type (GListModel *model)
{
  return MFC_TYPE_TICKET;
}

static guint
mfc_ticket_list_get_n_items (GListModel *model)
{
  MfcTicketList *self = MFC_TICKET_LIST (model);

  return self->live->len + g_list_model_get_n_items (G_LIST_MODEL (self->pages));
}

static gpointer
mfc_ticket_list_get_item (GListModel *model,
                          guint       position)
{
  MfcTicketList *self = MFC_TICKET_LIST (model);

  if (position < self->live->len)
    return g_object_ref (g_ptr_array_index (self->live, position));
  return g_list_model_get_item (G_LIST_MODEL (self->pages), position - self->live->len);
}

static void
mfc_ticket_list_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mfc_ticket_list_get_item_type;
  iface->get_n_items = mfc_ticket_list_get_n_items;
  iface->get_item = mfc_ticket_list_get_item;
}

/* GObject */

static void
mfc_ticket_list_dispose (GObject *object)
{
  MfcTicketList *self = MFC_TICKET_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->counts_cancellable);
  g_clear_object (&self->counts_cancellable);
  g_clear_handle_id (&self->counts_source, g_source_remove);
  if (self->pages != NULL)
    g_signal_handlers_disconnect_by_data (self->pages, self);
  g_clear_object (&self->pages);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->filter);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (mfc_ticket_list_parent_class)->dispose (object);
}

static void
mfc_ticket_list_finalize (GObject *object)
{
  MfcTicketList *self = MFC_TICKET_LIST (object);

  g_ptr_array_unref (self->live);
  g_free (self->office_id);
  g_free (self->me);
  g_hash_table_unref (self->my_statuses);

  G_OBJECT_CLASS (mfc_ticket_list_parent_class)->finalize (object);
}

static void
mfc_ticket_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MfcTicketList *self = MFC_TICKET_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, mfc_ticket_list_get_loading (self));
      break;
    case PROP_AT_END:
      g_value_set_boolean (value, mfc_ticket_list_get_at_end (self));
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, mfc_ticket_list_get_error (self));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self)));
      break;
    case PROP_COUNTS:
      g_value_set_boolean (value, self->counts[0] >= 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_ticket_list_class_init (MfcTicketListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = mfc_ticket_list_dispose;
  object_class->finalize = mfc_ticket_list_finalize;
  object_class->get_property = mfc_ticket_list_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, flags);
  properties[PROP_AT_END] = g_param_spec_boolean ("at-end", NULL, NULL, TRUE, flags);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, flags);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* Notified when new counts per status landed (TRUE once known) */
  properties[PROP_COUNTS] = g_param_spec_boolean ("counts", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcTicketList::mine-status-changed:
   * @number: the ticket's number
   * @status: its new status
   *
   * A live event says that a ticket assigned to the clerk (see
   * mfc_ticket_list_set_me()) moved to another status — whether the list
   * shows it or not.
   */
  signals[MINE_STATUS_CHANGED] =
    g_signal_new ("mine-status-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
mfc_ticket_list_init (MfcTicketList *self)
{
  self->live = g_ptr_array_new_with_free_func (g_object_unref);
  self->my_statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->limit = DEFAULT_PAGE_SIZE;
  self->filter = mfc_ticket_filter_new ();
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < G_N_ELEMENTS (self->counts); i++)
    self->counts[i] = -1;
  g_signal_connect_swapped (self->filter, "changed", G_CALLBACK (filter_changed_cb), self);
}

/* Public API */

/**
 * mfc_ticket_list_new:
 *
 * The list stays empty until mfc_ticket_list_start(); from then on every
 * change of its filter loads the first page again.
 */
MfcTicketList *
mfc_ticket_list_new (MfcClient *client)
{
  MfcTicketList *self;

  g_return_val_if_fail (MFC_IS_CLIENT (client), NULL);

  self = g_object_new (MFC_TYPE_TICKET_LIST, NULL);
  self->client = g_object_ref (client);
  self->pages = mfc_paged_model_new (client, MFC_TYPE_TICKET, parse_ticket_cb, NULL, NULL);
  g_signal_connect (self->pages, "items-changed", G_CALLBACK (pages_items_changed_cb), self);
  g_signal_connect_swapped (self->pages, "notify", G_CALLBACK (pages_notify_cb), self);

  return self;
}

/**
 * mfc_ticket_list_get_filter:
 *
 * Returns: (transfer none): the filter; change it in place
 */
MfcTicketFilter *
mfc_ticket_list_get_filter (MfcTicketList *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_LIST (self), NULL);

  return self->filter;
}

/**
 * mfc_ticket_list_set_me:
 * @user_id: (nullable): the logged-in clerk's user id
 *
 * Whose status changes ::mine-status-changed tells.
 */
void
mfc_ticket_list_set_me (MfcTicketList *self,
                        const char    *user_id)
{
  g_return_if_fail (MFC_IS_TICKET_LIST (self));

  g_free (self->me);
  self->me = g_strdup (user_id);
  g_hash_table_remove_all (self->my_statuses);
}

/**
 * mfc_ticket_list_get_me:
 *
 * Returns: (nullable): the user mfc_ticket_list_set_me() named
 */
const char *
mfc_ticket_list_get_me (MfcTicketList *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_LIST (self), NULL);

  return self->me;
}

/**
 * mfc_ticket_list_expect_status:
 * @ticket_id: a ticket this desktop is moving on
 * @status: the status it is moving it to
 *
 * The clerk's own move: when the event of it comes back, it is not news
 * (no ::mine-status-changed), whether the answer to the write or the
 * event arrives first.
 */
void
mfc_ticket_list_expect_status (MfcTicketList *self,
                               const char    *ticket_id,
                               const char    *status)
{
  g_return_if_fail (MFC_IS_TICKET_LIST (self));
  g_return_if_fail (ticket_id != NULL && status != NULL);

  g_hash_table_insert (self->my_statuses, g_strdup (ticket_id), g_strdup (status));
}

/* The clerk's office, for "my office" */
void
mfc_ticket_list_set_office (MfcTicketList *self,
                            const char    *office_id)
{
  g_return_if_fail (MFC_IS_TICKET_LIST (self));

  if (g_strcmp0 (self->office_id, office_id) == 0)
    return;
  g_free (self->office_id);
  self->office_id = g_strdup (office_id);
  if (self->started && mfc_ticket_filter_get_assignee (self->filter) == MFC_TICKET_ASSIGNEE_OFFICE)
    apply_filter (self);
}

void
mfc_ticket_list_set_page_size (MfcTicketList *self,
                               guint          limit)
{
  g_return_if_fail (MFC_IS_TICKET_LIST (self));

  self->limit = CLAMP (limit, 1, 200);
}

/* Loads the first page (again, if already started) */
void
mfc_ticket_list_start (MfcTicketList *self)
{
  g_return_if_fail (MFC_IS_TICKET_LIST (self));

  self->started = TRUE;
  apply_filter (self);
}

void
mfc_ticket_list_refresh (MfcTicketList *self)
{
  g_return_if_fail (MFC_IS_TICKET_LIST (self));

  mfc_ticket_list_start (self);
}

/* The next page, if any and none is loading (call as often as you like) */
void
mfc_ticket_list_load_more (MfcTicketList *self)
{
  g_return_if_fail (MFC_IS_TICKET_LIST (self));

  mfc_paged_model_load_more (self->pages);
}

void
mfc_ticket_list_retry (MfcTicketList *self)
{
  g_return_if_fail (MFC_IS_TICKET_LIST (self));

  mfc_paged_model_retry (self->pages);
}

gboolean
mfc_ticket_list_get_loading (MfcTicketList *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_LIST (self), FALSE);

  return mfc_paged_model_get_loading (self->pages);
}

gboolean
mfc_ticket_list_get_at_end (MfcTicketList *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_LIST (self), TRUE);

  return mfc_paged_model_get_at_end (self->pages);
}

const GError *
mfc_ticket_list_get_error (MfcTicketList *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_LIST (self), NULL);

  return mfc_paged_model_get_error (self->pages);
}

/**
 * mfc_ticket_list_dup_query:
 *
 * Returns: (transfer full): the list call of the current filter, without
 *   a cursor (for an export of the same tickets)
 */
MfcQuery *
mfc_ticket_list_dup_query (MfcTicketList *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_LIST (self), NULL);

  return mfc_ticket_filter_to_query (self->filter, self->office_id, self->limit);
}

/**
 * mfc_ticket_list_find:
 * @position: (out) (optional): where it is
 *
 * Returns: (transfer none) (nullable): the ticket of that id, if shown
 */
MfcTicket *
mfc_ticket_list_find (MfcTicketList *self,
                      const char    *id,
                      guint         *position)
{
  g_return_val_if_fail (MFC_IS_TICKET_LIST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return find_in (G_LIST_MODEL (self), g_list_model_get_n_items (G_LIST_MODEL (self)), id, position);
}

/**
 * mfc_ticket_list_take_event:
 * @type: the event's type (`ticket.created`, `ticket.updated`; others
 *   are ignored)
 * @data: its `data`, a `Ticket`
 *
 * Returns: (transfer none) (nullable): the ticket updated in place, if
 *   the list shows it
 */
MfcTicket *
mfc_ticket_list_take_event (MfcTicketList *self,
                            const char    *type,
                            JsonNode      *data)
{
  const char *id;
  MfcTicket *shown;

  g_return_val_if_fail (MFC_IS_TICKET_LIST (self), NULL);

  if (type == NULL || data == NULL || !JSON_NODE_HOLDS_OBJECT (data) ||
      (!g_str_equal (type, "ticket.created") && !g_str_equal (type, "ticket.updated")))
    return NULL;

  id = json_object_get_string_member_with_default (json_node_get_object (data), "id", NULL);
  if (id == NULL)
    return NULL;

  /* A status may have changed: the chips' counts again, at most once a
   * second however many events a class makes. */
  if (self->started && self->counts_source == 0)
    self->counts_source = g_timeout_add (1000, counts_timeout_cb, self);

  shown = mfc_ticket_list_find (self, id, NULL);

  /* One of the clerk's own that changed status */
  if (self->me != NULL)
    {
      JsonObject *o = json_node_get_object (data);
      JsonNode *assignee = json_object_get_member (o, "assignee");
      const char *status = json_object_get_string_member_with_default (o, "status", NULL);

      if (status != NULL && assignee != NULL && JSON_NODE_HOLDS_OBJECT (assignee) &&
          g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (assignee), "id", NULL),
                     self->me) == 0)
        {
          const char *known = g_hash_table_lookup (self->my_statuses, id);

          if (known == NULL && shown != NULL)
            known = mfc_ticket_get_status (shown);
          if (known != NULL && !g_str_equal (known, status))
            g_signal_emit (self, signals[MINE_STATUS_CHANGED], 0,
                           json_object_get_string_member_with_default (o, "number", ""), status);
          g_hash_table_insert (self->my_statuses, g_strdup (id), g_strdup (status));
        }
    }

  if (shown != NULL)
    {
      mfc_ticket_update_from_json (shown, json_node_get_object (data), NULL);
      return shown;
    }

  if (g_str_equal (type, "ticket.created") && self->started &&
      g_str_equal (mfc_ticket_filter_get_sort (self->filter), "-created_at"))
    {
      g_autoptr(MfcTicket) ticket = mfc_ticket_new_from_json (json_node_get_object (data), NULL);

      if (ticket != NULL)
        check_created (self, ticket);
    }
  return NULL;
}

/**
 * mfc_ticket_list_get_count:
 * @status: a ticket status
 *
 * Returns: how many tickets of @status the filter's other conditions
 *   leave, -1 while unknown
 */
int
mfc_ticket_list_get_count (MfcTicketList *self,
                           const char    *status)
{
  g_return_val_if_fail (MFC_IS_TICKET_LIST (self), -1);

  for (guint i = 0; mfc_ticket_statuses ()[i] != NULL; i++)
    if (g_strcmp0 (mfc_ticket_statuses ()[i], status) == 0)
      return self->counts[i];
  return -1;
}

/* The counts of the current filter are asked for or on their way */
gboolean
mfc_ticket_list_get_counts_loading (MfcTicketList *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_LIST (self), FALSE);

  return self->counts_pending || self->counts_cancellable != NULL;
}

/* Changes with every new filter (a view compares it to know the list it
 * scrolled is not the list it shows now). */
guint
mfc_ticket_list_get_generation (MfcTicketList *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_LIST (self), 0);

  return self->generation;
}
