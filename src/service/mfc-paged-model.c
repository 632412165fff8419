/* mfc-paged-model.c
 *
 * One page at most is in flight, and it carries its own GCancellable: an
 * answer whose cancellable is no longer the model's belongs to an old
 * filter (or to a model being disposed) and is dropped unread, even if it
 * raced its cancellation.
 *
 * A page lands whole or not at all: if one item cannot be parsed the page
 * is an error and nothing of it is appended, so a retry asks for the same
 * cursor again and no gap can open.  Items repeated by a misbehaving
 * server, within a page or across pages, are kept once (by their `id`).
 *
 * The model's whole new state is in place before anyone hears of it: a
 * view that asks for the next page from items-changed or a notify (a
 * short list that does not fill its window must) finds the first page of
 * a reset already in flight, and a landed page no longer in flight.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-service"

#include "config.h"

#include "mfc-memory.h"
#include "mfc-paged-model.h"

struct _MfcPagedModel
{
  GObject                 parent_instance;

  MfcClient              *client;
  GType                   item_type;
  MfcPagedModelParseFunc  parse;
  gpointer                parse_data;
  GDestroyNotify          parse_data_destroy;

  MfcQuery               *query;         /* the filter, without a cursor */
  char                   *next_cursor;   /* NULL before the first page */
  GPtrArray              *items;         /* GObject of item_type */
  GHashTable             *ids;           /* the `id` of every item */
  GCancellable           *cancellable;   /* of the page in flight */
  GError                 *error;
  gboolean                at_end;
};

typedef struct
{
  GWeakRef      model;
  GCancellable *cancellable;
} PageRequest;

static void mfc_paged_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MfcPagedModel, mfc_paged_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      mfc_paged_model_list_model_init))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ITEM_TYPE,
  PROP_QUERY,
  PROP_LOADING,
  PROP_ERROR,
  PROP_AT_END,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
page_request_free (PageRequest *req)
{
  g_weak_ref_clear (&req->model);
  g_clear_object (&req->cancellable);
  g_free (req);
}

/* The `id` member as a string, or NULL when there is none to compare. */
static char *
item_id (JsonObject *item)
{
  JsonNode *node = json_object_get_member (item, "id");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  return NULL;
}

static void
set_error (MfcPagedModel *self,
           GError        *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Cancels the page in flight, without notifying: the caller decides what
 * loading becomes.  Returns whether one was in flight. */
static gboolean
cancel_page (MfcPagedModel *self)
{
  if (self->cancellable == NULL)
    return FALSE;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  return TRUE;
}

/* Parses a whole page into @parsed, leaving out the ids already held;
 * FALSE, with @error set, if any item cannot be read. */
static gboolean
parse_page (MfcPagedModel  *self,
            JsonArray      *items,
            GPtrArray      *parsed,
            GPtrArray      *parsed_ids,
            GError        **error)
{
  g_autoptr(GHashTable) page_ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = json_array_get_length (items);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      g_autoptr(GError) parse_error = NULL;
      g_autoptr(GObject) object = NULL;
      g_autofree char *id = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_debug ("Paged list: item %u of the page is not an object", i);
          *error = mfc_client_error_new (MFC_CLIENT_ERROR_PROTOCOL);
          return FALSE;
        }

      id = item_id (json_node_get_object (node));
      if (id != NULL &&
          (g_hash_table_contains (self->ids, id) || g_hash_table_contains (page_ids, id)))
        {
          g_debug ("Paged list: item %u repeats an id; kept once", i);
          continue;
        }

      object = self->parse (json_node_get_object (node), self->parse_data, &parse_error);
      if (object == NULL || !g_type_is_a (G_OBJECT_TYPE (object), self->item_type))
        {
          /* Item contents are personal data: only the place is logged. */
          g_debug ("Paged list: item %u of the page could not be read (%s)", i,
                   parse_error != NULL ? g_quark_to_string (parse_error->domain) : "wrong type");
          *error = mfc_client_error_new (MFC_CLIENT_ERROR_PROTOCOL);
          return FALSE;
        }

      if (id != NULL)
        {
          g_hash_table_add (page_ids, id);
          g_ptr_array_add (parsed_ids, g_steal_pointer (&id));
        }
      g_ptr_array_add (parsed, g_steal_pointer (&object));
    }

  return TRUE;
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PageRequest *req = user_data;
  g_autoptr(MfcPagedModel) self = g_weak_ref_get (&req->model);
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GPtrArray) parsed_ids = NULL;
  g_autofree char *next_cursor = NULL;
  GError *error = NULL;
  gboolean was_at_end;
  guint position;

  items = mfc_client_get_page_finish (MFC_CLIENT (object), result, &next_cursor, &error);

  /* An old filter's page, or the model is gone. */
  if (self == NULL || self->cancellable != req->cancellable)
    {
      g_clear_error (&error);
      page_request_free (req);
      return;
    }
  page_request_free (req);

  parsed = g_ptr_array_new_with_free_func (g_object_unref);
  parsed_ids = g_ptr_array_new_with_free_func (g_free);
  if (error != NULL || !parse_page (self, items, parsed, parsed_ids, &error))
    {
      g_clear_object (&self->cancellable);
      set_error (self, error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }

  position = self->items->len;
  for (guint i = 0; i < parsed->len; i++)
    g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (parsed, i)));
  for (guint i = 0; i < parsed_ids->len; i++)
    g_hash_table_add (self->ids, g_strdup (g_ptr_array_index (parsed_ids, i)));

  g_free (self->next_cursor);
  self->next_cursor = g_steal_pointer (&next_cursor);
  was_at_end = self->at_end;
  self->at_end = self->next_cursor == NULL;
  g_clear_object (&self->cancellable);

  /* Told only now: a handler may start the next page. */
  if (parsed->len > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, parsed->len);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
      /* The page's JSON tree, freed below, lies between the items kept. */
      mfc_memory_trim_soon ();
    }
  if (self->at_end != was_at_end)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AT_END]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Sends the request for the next page (the first without a cursor) and
 * makes it the page in flight, without notifying anything. */
static void
send_page (MfcPagedModel *self)
{
  g_autoptr(MfcQuery) query = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  PageRequest *req;

  g_assert (self->query != NULL);
  g_assert (self->cancellable == NULL);

  query = mfc_query_copy (self->query);
  mfc_query_set (query, "cursor", self->next_cursor);
  self->cancellable = g_object_ref (cancellable);

  req = g_new0 (PageRequest, 1);
  g_weak_ref_init (&req->model, self);
  req->cancellable = g_object_ref (cancellable);
  mfc_client_get_page_async (self->client, query, cancellable, page_cb, req);
}

/* The next page, after the last one landed or failed. */
static void
start_page (MfcPagedModel *self)
{
  send_page (self);
  set_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Drops everything and loads the first page of the current query. */
static void
restart (MfcPagedModel *self)
{
  gboolean was_loading = cancel_page (self);
  gboolean was_at_end = self->at_end;
  gboolean had_error = self->error != NULL;
  guint removed = self->items->len;

  g_ptr_array_set_size (self->items, 0);
  g_hash_table_remove_all (self->ids);
  g_clear_pointer (&self->next_cursor, g_free);
  g_clear_error (&self->error);
  self->at_end = self->query == NULL;
  if (self->query != NULL)
    send_page (self);

  if (removed > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  if (had_error)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  if (self->at_end != was_at_end)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AT_END]);
  /* From one filter's page to the next, loading stays TRUE. */
  if (mfc_paged_model_get_loading (self) != was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* GListModel */

static GType
mfc_paged_model_get_item_type (GListModel *model)
{
  return MFC_PAGED_MODEL (model)->item_type;
}

static guint
mfc_paged_model_get_n_items (GListModel *model)
{
  return MFC_PAGED_MODEL (model)->items->len;
}

static gpointer
mfc_paged_model_get_item (GListModel *model,
                          guint       position)
{
  MfcPagedModel *self = MFC_PAGED_MODEL (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
mfc_paged_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mfc_paged_model_get_item_type;
  iface->get_n_items = mfc_paged_model_get_n_items;
  iface->get_item = mfc_paged_model_get_item;
}

/* GObject */

static void
mfc_paged_model_dispose (GObject *object)
{
  MfcPagedModel *self = MFC_PAGED_MODEL (object);

  cancel_page (self);
  g_ptr_array_set_size (self->items, 0);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (mfc_paged_model_parent_class)->dispose (object);
}

static void
mfc_paged_model_finalize (GObject *object)
{
  MfcPagedModel *self = MFC_PAGED_MODEL (object);

  if (self->parse_data_destroy != NULL)
    self->parse_data_destroy (self->parse_data);
  g_clear_pointer (&self->query, mfc_query_unref);
  g_free (self->next_cursor);
  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->ids);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (mfc_paged_model_parent_class)->finalize (object);
}

static void
mfc_paged_model_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MfcPagedModel *self = MFC_PAGED_MODEL (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, self->item_type);
      break;
    case PROP_QUERY:
      g_value_set_boxed (value, self->query);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, mfc_paged_model_get_loading (self));
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_AT_END:
      g_value_set_boolean (value, self->at_end);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_paged_model_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MfcPagedModel *self = MFC_PAGED_MODEL (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_ITEM_TYPE:
      self->item_type = g_value_get_gtype (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_paged_model_class_init (MfcPagedModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mfc_paged_model_dispose;
  object_class->finalize = mfc_paged_model_finalize;
  object_class->get_property = mfc_paged_model_get_property;
  object_class->set_property = mfc_paged_model_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         MFC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The filter, without a cursor; %NULL for an empty model. */
  properties[PROP_QUERY] =
    g_param_spec_boxed ("query", NULL, NULL,
                        MFC_TYPE_QUERY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A page is in flight. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Why the last page failed (MFC_CLIENT_ERROR), %NULL otherwise; cleared
   * when the next page starts. */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The last page has landed: there is nothing more to load. */
  properties[PROP_AT_END] =
    g_param_spec_boolean ("at-end", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mfc_paged_model_init (MfcPagedModel *self)
{
  self->item_type = G_TYPE_OBJECT;
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->at_end = TRUE;
}

/* Public API */

/**
 * mfc_paged_model_new:
 * @client: the client the pages are fetched with
 * @item_type: the type of the items, a GObject type
 * @parse: (scope notified): turns one JSON item into an @item_type
 * @user_data: for @parse
 * @user_data_destroy: (nullable): frees @user_data with the model
 *
 * The model starts empty and at its end; mfc_paged_model_set_query()
 * gives it a list to show.
 *
 * Returns: (transfer full): a new model
 */
MfcPagedModel *
mfc_paged_model_new (MfcClient              *client,
                     GType                   item_type,
                     MfcPagedModelParseFunc  parse,
                     gpointer                user_data,
                     GDestroyNotify          user_data_destroy)
{
  MfcPagedModel *self;

  g_return_val_if_fail (MFC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (parse != NULL, NULL);

  self = g_object_new (MFC_TYPE_PAGED_MODEL,
                       "client", client,
                       "item-type", item_type,
                       NULL);
  self->parse = parse;
  self->parse_data = user_data;
  self->parse_data_destroy = user_data_destroy;

  return self;
}

MfcClient *
mfc_paged_model_get_client (MfcPagedModel *self)
{
  g_return_val_if_fail (MFC_IS_PAGED_MODEL (self), NULL);

  return self->client;
}

/**
 * mfc_paged_model_get_query:
 *
 * Returns: (transfer none) (nullable): the filter, without a cursor
 */
MfcQuery *
mfc_paged_model_get_query (MfcPagedModel *self)
{
  g_return_val_if_fail (MFC_IS_PAGED_MODEL (self), NULL);

  return self->query;
}

/**
 * mfc_paged_model_set_query:
 * @query: (nullable): a list call with its filters (and `limit`, if not
 *   the server's default); copied.  %NULL empties the model.
 *
 * A new filter: removes every item, cancels the page in flight (its
 * answer never lands) and loads the first page.
 */
void
mfc_paged_model_set_query (MfcPagedModel *self,
                           MfcQuery      *query)
{
  g_return_if_fail (MFC_IS_PAGED_MODEL (self));

  g_clear_pointer (&self->query, mfc_query_unref);
  if (query != NULL)
    {
      self->query = mfc_query_copy (query);
      /* A cursor belongs to one walk through the list, not to a filter. */
      mfc_query_set (self->query, "cursor", NULL);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);

  restart (self);
}

/**
 * mfc_paged_model_load_more:
 *
 * Fetches the next page.  Nothing happens while a page is loading, at the
 * end of the list, and after an error (see mfc_paged_model_retry()), so
 * a view may call it as often as it likes.
 */
void
mfc_paged_model_load_more (MfcPagedModel *self)
{
  g_return_if_fail (MFC_IS_PAGED_MODEL (self));

  if (self->query == NULL || self->cancellable != NULL || self->at_end || self->error != NULL)
    return;

  start_page (self);
}

/**
 * mfc_paged_model_retry:
 *
 * After an error, asks again for the page that failed; the items already
 * there stay.
 */
void
mfc_paged_model_retry (MfcPagedModel *self)
{
  g_return_if_fail (MFC_IS_PAGED_MODEL (self));

  if (self->query == NULL || self->cancellable != NULL || self->error == NULL)
    return;

  start_page (self);
}

/**
 * mfc_paged_model_refresh:
 *
 * Loads the list again from its first page, with the same filter.
 */
void
mfc_paged_model_refresh (MfcPagedModel *self)
{
  g_return_if_fail (MFC_IS_PAGED_MODEL (self));

  restart (self);
}

gboolean
mfc_paged_model_get_loading (MfcPagedModel *self)
{
  g_return_val_if_fail (MFC_IS_PAGED_MODEL (self), FALSE);

  return self->cancellable != NULL;
}

/**
 * mfc_paged_model_get_error:
 *
 * Returns: (nullable): why the last page failed, in MFC_CLIENT_ERROR
 */
const GError *
mfc_paged_model_get_error (MfcPagedModel *self)
{
  g_return_val_if_fail (MFC_IS_PAGED_MODEL (self), NULL);

  return self->error;
}

gboolean
mfc_paged_model_get_at_end (MfcPagedModel *self)
{
  g_return_val_if_fail (MFC_IS_PAGED_MODEL (self), FALSE);

  return self->at_end;
}
