/* mfc-service-catalog.c
 *
 * The catalogue model shows a filtered, ordered view of every service:
 * the applicant's earlier services first (autofill), then the clerk's
 * recent ones, then the rest in the server's order (by title).  The view
 * is rebuilt whole on each change of search, category or order; with
 * tens of services that costs less than tracking positions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mfc-service-catalog.h"

#define PAGE_LIMIT 200

struct _MfcServiceCatalog
{
  GObject            parent_instance;

  MfcClient         *client;
  MfcRecentServices *recents;
  GListStore        *categories;
  GPtrArray         *services;     /* MfcService, the server's order */
  GHashTable        *by_id;        /* id → MfcService (borrowed) */
  GPtrArray         *shown;        /* MfcService, the view */
  GStrv              preferred;
  char              *search;
  char              *category;
  gboolean           loading;
};

static void mfc_service_catalog_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MfcServiceCatalog, mfc_service_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      mfc_service_catalog_list_model_init))

enum {
  PROP_0,
  PROP_SEARCH,
  PROP_CATEGORY,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
rank (MfcServiceCatalog *self,
      MfcService        *service)
{
  const char * const *recent = mfc_recent_services_get_ids (self->recents);

  for (guint i = 0; self->preferred != NULL && self->preferred[i] != NULL; i++)
    if (g_str_equal (self->preferred[i], mfc_service_get_id (service)))
      return (int) i;
  for (guint i = 0; recent[i] != NULL; i++)
    if (g_str_equal (recent[i], mfc_service_get_id (service)))
      return 1000 + (int) i;

  return G_MAXINT;
}

static void
rebuild (MfcServiceCatalog *self)
{
  guint old_len = self->shown->len;
  g_autoptr(GPtrArray) ranked = g_ptr_array_new ();

  g_ptr_array_set_size (self->shown, 0);

  /* Ranked ones in rank order, then the rest as the server sent them. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->services->len; i++)
      {
        MfcService *service = self->services->pdata[i];
        int r = rank (self, service);

        if ((pass == 0) != (r != G_MAXINT))
          continue;
        if (self->category != NULL && g_strcmp0 (mfc_service_get_category_id (service), self->category) != 0)
          continue;
        if (!mfc_service_matches (service, self->search))
          continue;
        if (pass == 0)
          g_ptr_array_add (ranked, service);
        else
          g_ptr_array_add (self->shown, g_object_ref (service));
      }

  for (guint i = 0; i < ranked->len; i++)
    {
      /* few ranked services: insertion by rank */
      MfcService *service = ranked->pdata[i];
      int r = rank (self, service);
      guint at = 0;

      while (at < i && rank (self, self->shown->pdata[at]) <= r)
        at++;
      g_ptr_array_insert (self->shown, at, g_object_ref (service));
    }

  if (old_len > 0 || self->shown->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->shown->len);
  if (old_len != self->shown->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
recents_changed_cb (MfcRecentServices *recents,
                    MfcServiceCatalog *self)
{
  rebuild (self);
}

/* Walking a whole list */

typedef struct
{
  MfcClient *client;
  MfcQuery  *query;
  JsonArray *items;
} FetchAll;

static void
fetch_all_free (FetchAll *fetch)
{
  g_clear_object (&fetch->client);
  g_clear_pointer (&fetch->query, mfc_query_unref);
  g_clear_pointer (&fetch->items, json_array_unref);
  g_free (fetch);
}

static void
fetch_page_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchAll *fetch = g_task_get_task_data (task);
  g_autoptr(JsonArray) items = NULL;
  g_autofree char *next = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);

  items = mfc_client_get_page_finish (MFC_CLIENT (object), result, &next, &error);
  if (items == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    json_array_add_element (fetch->items, json_node_copy (json_array_get_element (items, i)));

  if (next == NULL)
    {
      g_task_return_pointer (task, json_array_ref (fetch->items), (GDestroyNotify) json_array_unref);
      return;
    }

  mfc_query_set (fetch->query, "cursor", next);
  mfc_client_get_page_async (fetch->client, fetch->query, cancellable,
                             fetch_page_cb, g_steal_pointer (&task));
}

static void
fetch_all_async (MfcClient           *client,
                 const char          *path,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = g_task_new (client, cancellable, callback, user_data);
  FetchAll *fetch = g_new0 (FetchAll, 1);

  fetch->client = g_object_ref (client);
  fetch->query = mfc_query_new (path);
  mfc_query_add_int (fetch->query, "limit", PAGE_LIMIT);
  fetch->items = json_array_new ();
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_all_free);

  mfc_client_get_page_async (client, fetch->query, cancellable, fetch_page_cb, task);
}

static JsonArray *
fetch_all_finish (GAsyncResult  *result,
                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Loading */

typedef struct
{
  JsonArray *categories;
  JsonArray *services;
  guint      pending;
  GError    *error;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_pointer (&data->categories, json_array_unref);
  g_clear_pointer (&data->services, json_array_unref);
  g_clear_error (&data->error);
  g_free (data);
}

static void
set_loading (MfcServiceCatalog *self,
             gboolean           loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
apply_load (MfcServiceCatalog  *self,
            LoadData           *data,
            GError            **error)
{
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < json_array_get_length (data->services); i++)
    {
      JsonNode *node = json_array_get_element (data->services, i);
      MfcService *service;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error_literal (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL,
                               _("The service sent a malformed service description"));
          return FALSE;
        }
      if ((service = mfc_service_new_from_json (json_node_get_object (node), error)) == NULL)
        return FALSE;
      g_ptr_array_add (services, service);
    }

  for (guint i = 0; i < json_array_get_length (data->categories); i++)
    {
      JsonNode *node = json_array_get_element (data->categories, i);
      MfcServiceCategory *category;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error_literal (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL,
                               _("The service sent a malformed service category"));
          return FALSE;
        }
      if ((category = mfc_service_category_new_from_json (json_node_get_object (node), error)) == NULL)
        return FALSE;
      g_ptr_array_add (categories, category);
    }

  g_hash_table_remove_all (self->by_id);
  g_ptr_array_unref (self->services);
  self->services = g_steal_pointer (&services);
  for (guint i = 0; i < self->services->len; i++)
    g_hash_table_insert (self->by_id, (gpointer) mfc_service_get_id (self->services->pdata[i]),
                         self->services->pdata[i]);
  g_list_store_splice (self->categories, 0, g_list_model_get_n_items (G_LIST_MODEL (self->categories)),
                       categories->pdata, categories->len);

  rebuild (self);
  return TRUE;
}

static void
load_part_done (GTask         *task,
                GAsyncResult  *result,
                JsonArray    **slot)
{
  MfcServiceCatalog *self = g_task_get_source_object (task);
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  *slot = fetch_all_finish (result, &error);
  if (*slot == NULL && data->error == NULL)
    data->error = g_steal_pointer (&error);

  if (--data->pending > 0)
    return;

  set_loading (self, FALSE);
  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else if (!apply_load (self, data, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
load_categories_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);

  load_part_done (task, result, &data->categories);
}

static void
load_services_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);

  load_part_done (task, result, &data->services);
}

/* Autofill */

static void
applicant_tickets_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcServiceCatalog *self = g_task_get_source_object (task);
  const char *applicant_id = g_task_get_task_data (task);
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  items = mfc_client_get_page_finish (MFC_CLIENT (object), result, NULL, &error);
  if (items == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Newest first; the name matched a substring, so check the id. */
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *ticket, *applicant, *service;
      const char *service_id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      ticket = json_node_get_object (node);
      applicant = json_object_has_member (ticket, "applicant") &&
                  JSON_NODE_HOLDS_OBJECT (json_object_get_member (ticket, "applicant"))
                  ? json_object_get_object_member (ticket, "applicant") : NULL;
      service = json_object_has_member (ticket, "service") &&
                JSON_NODE_HOLDS_OBJECT (json_object_get_member (ticket, "service"))
                ? json_object_get_object_member (ticket, "service") : NULL;
      if (applicant == NULL || service == NULL ||
          g_strcmp0 (json_object_get_string_member_with_default (applicant, "id", NULL), applicant_id) != 0)
        continue;

      service_id = json_object_get_string_member_with_default (service, "id", NULL);
      if (service_id == NULL || !g_hash_table_add (seen, (gpointer) service_id))
        continue;
      g_ptr_array_add (ids, g_strdup (service_id));
    }
  g_ptr_array_add (ids, NULL);

  mfc_service_catalog_set_preferred (self, (const char * const *) ids->pdata);
  g_task_return_pointer (task, g_strdupv ((char **) ids->pdata), (GDestroyNotify) g_strfreev);
}

/* GListModel */

static GType
mfc_service_catalog_get_item_type (GListModel *model)
{
  return MFC_TYPE_SERVICE;
}

static guint
mfc_service_catalog_get_n_items (GListModel *model)
{
  return MFC_SERVICE_CATALOG (model)->shown->len;
}

static gpointer
mfc_service_catalog_get_item (GListModel *model,
                              guint       position)
{
  MfcServiceCatalog *self = MFC_SERVICE_CATALOG (model);

  return position < self->shown->len ? g_object_ref (self->shown->pdata[position]) : NULL;
}

static void
mfc_service_catalog_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mfc_service_catalog_get_item_type;
  iface->get_n_items = mfc_service_catalog_get_n_items;
  iface->get_item = mfc_service_catalog_get_item;
}

/* GObject */

static void
mfc_service_catalog_dispose (GObject *object)
{
  MfcServiceCatalog *self = MFC_SERVICE_CATALOG (object);

  if (self->recents != NULL)
    g_signal_handlers_disconnect_by_data (self->recents, self);
  g_clear_object (&self->recents);
  g_clear_object (&self->client);
  g_clear_object (&self->categories);

  G_OBJECT_CLASS (mfc_service_catalog_parent_class)->dispose (object);
}

static void
mfc_service_catalog_finalize (GObject *object)
{
  MfcServiceCatalog *self = MFC_SERVICE_CATALOG (object);

  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->services);
  g_ptr_array_unref (self->shown);
  g_strfreev (self->preferred);
  g_free (self->search);
  g_free (self->category);

  G_OBJECT_CLASS (mfc_service_catalog_parent_class)->finalize (object);
}

static void
mfc_service_catalog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MfcServiceCatalog *self = MFC_SERVICE_CATALOG (object);

  switch (prop_id)
    {
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->shown->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_service_catalog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MfcServiceCatalog *self = MFC_SERVICE_CATALOG (object);

  switch (prop_id)
    {
    case PROP_SEARCH:
      mfc_service_catalog_set_search (self, g_value_get_string (value));
      break;
    case PROP_CATEGORY:
      mfc_service_catalog_set_category (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_service_catalog_class_init (MfcServiceCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mfc_service_catalog_dispose;
  object_class->finalize = mfc_service_catalog_finalize;
  object_class->get_property = mfc_service_catalog_get_property;
  object_class->set_property = mfc_service_catalog_set_property;

  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mfc_service_catalog_init (MfcServiceCatalog *self)
{
  self->categories = g_list_store_new (MFC_TYPE_SERVICE_CATEGORY);
  self->services = g_ptr_array_new_with_free_func (g_object_unref);
  self->shown = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Public API */

/**
 * mfc_service_catalog_new:
 * @client: the client to load with
 * @recents: (nullable): the clerk's recent services; %NULL for a list in
 *   memory only
 *
 * Returns: (transfer full): an empty catalogue; load it with
 *   mfc_service_catalog_load_async()
 */
MfcServiceCatalog *
mfc_service_catalog_new (MfcClient         *client,
                         MfcRecentServices *recents)
{
  MfcServiceCatalog *self;

  g_return_val_if_fail (MFC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (recents == NULL || MFC_IS_RECENT_SERVICES (recents), NULL);

  self = g_object_new (MFC_TYPE_SERVICE_CATALOG, NULL);
  self->client = g_object_ref (client);
  self->recents = recents != NULL ? g_object_ref (recents) : mfc_recent_services_new (NULL);
  g_signal_connect (self->recents, "changed", G_CALLBACK (recents_changed_cb), self);

  return self;
}

/**
 * mfc_service_catalog_load_async:
 *
 * Fetches every category and every service (all pages).
 */
void
mfc_service_catalog_load_async (MfcServiceCatalog   *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  LoadData *data;

  g_return_if_fail (MFC_IS_SERVICE_CATALOG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_service_catalog_load_async);
  data = g_new0 (LoadData, 1);
  data->pending = 2;
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  set_loading (self, TRUE);

  fetch_all_async (self->client, "/api/v1/service-categories", cancellable,
                   load_categories_cb, g_object_ref (task));
  fetch_all_async (self->client, "/api/v1/services", cancellable, load_services_cb, task);
}

gboolean
mfc_service_catalog_load_finish (MfcServiceCatalog  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mfc_service_catalog_get_categories:
 *
 * Returns: (transfer none): a GListModel of MfcServiceCategory, by title
 */
GListModel *
mfc_service_catalog_get_categories (MfcServiceCatalog *self)
{
  g_return_val_if_fail (MFC_IS_SERVICE_CATALOG (self), NULL);

  return G_LIST_MODEL (self->categories);
}

/**
 * mfc_service_catalog_lookup:
 *
 * Returns: (transfer none) (nullable): the service with that id, whatever
 *   the search
 */
MfcService *
mfc_service_catalog_lookup (MfcServiceCatalog *self,
                            const char        *service_id)
{
  g_return_val_if_fail (MFC_IS_SERVICE_CATALOG (self), NULL);
  g_return_val_if_fail (service_id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, service_id);
}

/**
 * mfc_service_catalog_set_search:
 * @search: (nullable): words of the title, or a service's code
 */
void
mfc_service_catalog_set_search (MfcServiceCatalog *self,
                                const char        *search)
{
  g_return_if_fail (MFC_IS_SERVICE_CATALOG (self));

  if (g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
  rebuild (self);
}

const char *
mfc_service_catalog_get_search (MfcServiceCatalog *self)
{
  g_return_val_if_fail (MFC_IS_SERVICE_CATALOG (self), NULL);

  return self->search;
}

/**
 * mfc_service_catalog_set_category:
 * @category_id: (nullable): only services of this category; %NULL for all
 */
void
mfc_service_catalog_set_category (MfcServiceCatalog *self,
                                  const char        *category_id)
{
  g_return_if_fail (MFC_IS_SERVICE_CATALOG (self));

  if (g_strcmp0 (self->category, category_id) == 0)
    return;

  g_free (self->category);
  self->category = g_strdup (category_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
  rebuild (self);
}

const char *
mfc_service_catalog_get_category (MfcServiceCatalog *self)
{
  g_return_val_if_fail (MFC_IS_SERVICE_CATALOG (self), NULL);

  return self->category;
}

/**
 * mfc_service_catalog_note_used:
 * @service_id: the service an application was made for
 *
 * Puts it first among the clerk's recent services (see MfcRecentServices).
 */
void
mfc_service_catalog_note_used (MfcServiceCatalog *self,
                               const char        *service_id)
{
  g_return_if_fail (MFC_IS_SERVICE_CATALOG (self));
  g_return_if_fail (service_id != NULL);

  mfc_recent_services_note (self->recents, service_id);
}

/**
 * mfc_service_catalog_set_preferred:
 * @service_ids: (nullable) (array zero-terminated=1): services to show
 *   first, before the recent ones (the applicant's earlier services)
 */
void
mfc_service_catalog_set_preferred (MfcServiceCatalog  *self,
                                   const char * const *service_ids)
{
  g_return_if_fail (MFC_IS_SERVICE_CATALOG (self));

  g_strfreev (self->preferred);
  self->preferred = g_strdupv ((char **) service_ids);
  rebuild (self);
}

/**
 * mfc_service_catalog_prefer_for_applicant_async:
 * @applicant: a returning applicant
 *
 * Finds the services of @applicant's earlier tickets (newest first) and
 * puts them at the head of the catalogue.  The contract has no applicant
 * filter on `GET /tickets`, so the tickets are searched by the full name
 * and kept by the applicant's id.
 */
void
mfc_service_catalog_prefer_for_applicant_async (MfcServiceCatalog   *self,
                                                MfcApplicant        *applicant,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  GTask *task;

  g_return_if_fail (MFC_IS_SERVICE_CATALOG (self));
  g_return_if_fail (MFC_IS_APPLICANT (applicant));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_service_catalog_prefer_for_applicant_async);
  g_task_set_task_data (task, g_strdup (mfc_applicant_get_id (applicant)), g_free);

  mfc_query_add (query, "q", mfc_applicant_get_full_name (applicant));
  mfc_query_add (query, "sort", "-created_at");
  mfc_query_add_int (query, "limit", PAGE_LIMIT);
  mfc_client_get_page_async (self->client, query, cancellable, applicant_tickets_cb, task);
}

/**
 * mfc_service_catalog_prefer_for_applicant_finish:
 *
 * Returns: (transfer full): the applicant's earlier services, newest
 *   first; empty for a first visit
 */
GStrv
mfc_service_catalog_prefer_for_applicant_finish (MfcServiceCatalog  *self,
                                                 GAsyncResult       *result,
                                                 GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
