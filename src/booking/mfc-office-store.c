/* mfc-office-store.c
 *
 * One `GET /api/v1/offices` per view: the map's bounds as `bbox` (or the
 * whole region when searching by name, address or district), and every
 * filter and the sort go to the service; the filters are checked here
 * again and the page sorted locally too, so a load event that changes
 * an office in place never leaves a wrong office or order on screen.  Changes are
 * debounced (the map moves in many small steps) and a newer request
 * cancels the older, so a slow answer for a view already left never
 * overwrites the current one.  Offices keep their identity across
 * reloads (by id), so a selection and a card survive the map moving.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-booking"

#include "config.h"

#include <math.h>
#include <string.h>

#include "mfc-office-store.h"

struct _MfcOfficeStore
{
  GObject       parent_instance;

  MfcClient    *client;
  GHashTable   *known;       /* id → MfcOffice: every office seen */
  GPtrArray    *items;       /* the filtered, sorted list shown */
  GPtrArray    *fetched;     /* the last answer, before the local filters */

  gboolean      has_bbox;
  double        bbox[4];
  char         *search;
  char         *service;
  gboolean      open_now;
  gboolean      online_only;
  int           max_waiting;
  gboolean      near;
  double        near_lat, near_lon, radius_km;
  MfcOfficeSort sort;

  guint         delay_ms;
  guint         timeout_id;
  GCancellable *cancellable;
  gboolean      loading;
  gboolean      truncated;
  GError       *error;
  guint         generation;
};

static void mfc_office_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MfcOfficeStore, mfc_office_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      mfc_office_store_list_model_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_ERROR,
  PROP_GENERATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return MFC_TYPE_OFFICE;
}

static guint
get_n_items (GListModel *model)
{
  return MFC_OFFICE_STORE (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  MfcOfficeStore *self = MFC_OFFICE_STORE (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
mfc_office_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static gboolean
passes_local_filters (MfcOfficeStore *self,
                      MfcOffice      *office)
{
  if (self->online_only && !mfc_office_get_online_booking (office))
    return FALSE;
  if (self->max_waiting >= 0 && (int) mfc_office_get_waiting (office) >= self->max_waiting)
    return FALSE;
  /* The service filters these too; kept here so that a load event or an
   * older service without a filter never shows a wrong office. */
  if (self->service != NULL && !mfc_office_has_service (office, self->service))
    return FALSE;
  return TRUE;
}

static int
compare_cb (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  MfcOfficeStore *self = user_data;
  MfcOffice *x = *(MfcOffice **) a;
  MfcOffice *y = *(MfcOffice **) b;
  int c = 0;

  switch (self->sort)
    {
    case MFC_OFFICE_SORT_DISTANCE:
      {
        double dx = mfc_office_get_distance_km (x), dy = mfc_office_get_distance_km (y);

        if (dx < 0)
          dx = INFINITY;
        if (dy < 0)
          dy = INFINITY;
        c = (dx > dy) - (dx < dy);
      }
      break;
    case MFC_OFFICE_SORT_LOAD:
      c = (int) mfc_office_get_average_wait (x) - (int) mfc_office_get_average_wait (y);
      if (c == 0)
        c = (int) mfc_office_get_waiting (x) - (int) mfc_office_get_waiting (y);
      break;
    case MFC_OFFICE_SORT_FIRST_SLOT:
      {
        g_autoptr(GDateTime) sx = NULL;
        g_autoptr(GDateTime) sy = NULL;

        if (mfc_office_get_next_free_slot (x) != NULL)
          sx = g_date_time_new_from_iso8601 (mfc_office_get_next_free_slot (x), NULL);
        if (mfc_office_get_next_free_slot (y) != NULL)
          sy = g_date_time_new_from_iso8601 (mfc_office_get_next_free_slot (y), NULL);
        if (sx != NULL && sy != NULL)
          c = g_date_time_compare (sx, sy);
        else
          c = (sx == NULL) - (sy == NULL);
      }
      break;
    case MFC_OFFICE_SORT_NAME:
    default:
      break;
    }
  if (c == 0)
    c = g_utf8_collate (mfc_office_get_name (x), mfc_office_get_name (y));
  if (c == 0)
    c = strcmp (mfc_office_get_id (x), mfc_office_get_id (y));
  return c;
}

/* Rebuild the shown list from the last answer: local filters and sort. */
static void
rebuild (MfcOfficeStore *self)
{
  guint removed = self->items->len;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->fetched->len; i++)
    {
      MfcOffice *office = g_ptr_array_index (self->fetched, i);

      if (passes_local_filters (self, office))
        g_ptr_array_add (items, g_object_ref (office));
    }
  g_ptr_array_sort_with_data (items, compare_cb, self);
  g_ptr_array_unref (self->items);
  self->items = g_steal_pointer (&items);
  self->generation++;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->items->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATION]);
}

static void
set_loading (MfcOfficeStore *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

typedef struct
{
  MfcOfficeStore *self;
  MfcQuery       *query;
  GPtrArray      *offices;
  guint           pages;
  GCancellable   *cancellable;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_object_unref (fetch->self);
  mfc_query_unref (fetch->query);
  g_ptr_array_unref (fetch->offices);
  g_object_unref (fetch->cancellable);
  g_free (fetch);
}

static void fetch_page (Fetch *fetch, const char *cursor);

static void
page_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetch *fetch = user_data;
  MfcOfficeStore *self = fetch->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(JsonArray) items = mfc_client_get_page_finish (MFC_CLIENT (source), result, &cursor, &error);

  if (g_cancellable_is_cancelled (fetch->cancellable))
    {
      fetch_free (fetch);
      return;
    }
  if (items == NULL)
    {
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
      set_loading (self, FALSE);
      fetch_free (fetch);
      return;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *json = json_array_get_object_element (items, i);
      const char *id = json != NULL ? json_object_get_string_member_with_default (json, "id", NULL) : NULL;
      MfcOffice *office = id != NULL ? g_hash_table_lookup (self->known, id) : NULL;
      g_autoptr(GError) broken = NULL;

      if (office != NULL)
        {
          if (!mfc_office_update_from_json (office, json, &broken))
            {
              g_warning ("An office broke the contract: %s", broken->message);
              continue;
            }
        }
      else
        {
          office = json != NULL ? mfc_office_new_from_json (json, &broken) : NULL;
          if (office == NULL)
            {
              g_warning ("An office broke the contract: %s", broken != NULL ? broken->message : "not an object");
              continue;
            }
          g_hash_table_insert (self->known, g_strdup (mfc_office_get_id (office)), office);
        }
      g_ptr_array_add (fetch->offices, g_object_ref (office));
    }

  fetch->pages++;
  if (cursor != NULL && fetch->pages < MFC_OFFICE_STORE_MAX_PAGES)
    {
      fetch_page (fetch, cursor);
      return;
    }

  self->truncated = cursor != NULL;
  g_clear_error (&self->error);
  g_ptr_array_unref (self->fetched);
  self->fetched = g_ptr_array_ref (fetch->offices);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  set_loading (self, FALSE);
  fetch_free (fetch);
}

static void
fetch_page (Fetch      *fetch,
            const char *cursor)
{
  g_autoptr(MfcQuery) query = mfc_query_copy (fetch->query);

  if (cursor != NULL)
    mfc_query_add (query, "cursor", cursor);
  mfc_client_get_page_async (fetch->self->client, query, fetch->cancellable, page_cb, fetch);
}

static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.6f", value));
}

static MfcQuery *
build_query (MfcOfficeStore *self)
{
  MfcQuery *query = mfc_query_new ("/api/v1/offices");

  /* A name search looks over the whole region, not only the view. */
  if (self->has_bbox && (self->search == NULL || *self->search == '\0'))
    {
      g_autofree char *s = format_number (self->bbox[0]);
      g_autofree char *w = format_number (self->bbox[1]);
      g_autofree char *n = format_number (self->bbox[2]);
      g_autofree char *e = format_number (self->bbox[3]);
      g_autofree char *bbox = g_strdup_printf ("%s,%s,%s,%s", s, w, n, e);

      mfc_query_add (query, "bbox", bbox);
    }
  if (self->search != NULL && *self->search != '\0')
    mfc_query_add (query, "q", self->search);
  if (self->service != NULL)
    mfc_query_add (query, "service", self->service);
  if (self->open_now)
    mfc_query_add_bool (query, "open_now", TRUE);
  if (self->online_only)
    mfc_query_add_bool (query, "online_booking", TRUE);
  if (self->max_waiting > 0)
    mfc_query_add_int (query, "max_waiting", self->max_waiting);
  /* The service sorts too (so paging keeps the order); the orders it
   * cannot give (distance without a point, first free slot without a
   * service) are left to the local sort. */
  switch (self->sort)
    {
    case MFC_OFFICE_SORT_DISTANCE:
      if (self->near)
        mfc_query_add (query, "sort", "distance");
      break;
    case MFC_OFFICE_SORT_LOAD:
      mfc_query_add (query, "sort", "load");
      break;
    case MFC_OFFICE_SORT_FIRST_SLOT:
      if (self->service != NULL)
        mfc_query_add (query, "sort", "first_free_slot");
      break;
    case MFC_OFFICE_SORT_NAME:
    default:
      if (self->near)
        mfc_query_add (query, "sort", "name");
      break;
    }
  if (self->near)
    {
      g_autofree char *lat = format_number (self->near_lat);
      g_autofree char *lon = format_number (self->near_lon);
      g_autofree char *near = g_strdup_printf ("%s,%s", lat, lon);
      g_autofree char *radius = format_number (self->radius_km);

      mfc_query_add (query, "near", near);
      mfc_query_add (query, "radius_km", radius);
    }
  mfc_query_add_int (query, "limit", 200);
  return query;
}

static gboolean
reload_now_cb (gpointer data)
{
  MfcOfficeStore *self = data;
  Fetch *fetch;

  self->timeout_id = 0;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  fetch = g_new0 (Fetch, 1);
  fetch->self = g_object_ref (self);
  fetch->query = build_query (self);
  fetch->offices = g_ptr_array_new_with_free_func (g_object_unref);
  fetch->cancellable = g_object_ref (self->cancellable);
  set_loading (self, TRUE);
  fetch_page (fetch, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule (MfcOfficeStore *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  set_loading (self, TRUE);
  if (self->delay_ms == 0)
    self->timeout_id = g_idle_add (reload_now_cb, self);
  else
    self->timeout_id = g_timeout_add (self->delay_ms, reload_now_cb, self);
}

static void
mfc_office_store_dispose (GObject *object)
{
  MfcOfficeStore *self = MFC_OFFICE_STORE (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mfc_office_store_parent_class)->dispose (object);
}

static void
mfc_office_store_finalize (GObject *object)
{
  MfcOfficeStore *self = MFC_OFFICE_STORE (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->known, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->fetched, g_ptr_array_unref);
  g_free (self->search);
  g_free (self->service);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (mfc_office_store_parent_class)->finalize (object);
}

static void
mfc_office_store_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MfcOfficeStore *self = MFC_OFFICE_STORE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_GENERATION:
      g_value_set_uint (value, self->generation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_office_store_class_init (MfcOfficeStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mfc_office_store_dispose;
  object_class->finalize = mfc_office_store_finalize;
  object_class->get_property = mfc_office_store_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GENERATION] =
    g_param_spec_uint ("generation", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mfc_office_store_init (MfcOfficeStore *self)
{
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->fetched = g_ptr_array_new_with_free_func (g_object_unref);
  self->max_waiting = -1;
  self->radius_km = 10;
  self->delay_ms = MFC_OFFICE_STORE_DEFAULT_DELAY_MS;
}

/**
 * mfc_office_store_new:
 * @client: the client
 *
 * Returns: (transfer full): an empty store; set a bbox or call
 *   mfc_office_store_reload()
 */
MfcOfficeStore *
mfc_office_store_new (MfcClient *client)
{
  MfcOfficeStore *self;

  g_return_val_if_fail (MFC_IS_CLIENT (client), NULL);

  self = g_object_new (MFC_TYPE_OFFICE_STORE, NULL);
  self->client = g_object_ref (client);
  return self;
}

void
mfc_office_store_set_delay (MfcOfficeStore *self,
                            guint           delay_ms)
{
  g_return_if_fail (MFC_IS_OFFICE_STORE (self));
  self->delay_ms = delay_ms;
}

/**
 * mfc_office_store_set_bbox:
 * @self: the store
 * @south: bounds of the view, degrees
 * @west: …
 * @north: …
 * @east: …
 *
 * The map moved: fetch the offices of the new view (debounced).
 */
void
mfc_office_store_set_bbox (MfcOfficeStore *self,
                           double          south,
                           double          west,
                           double          north,
                           double          east)
{
  g_return_if_fail (MFC_IS_OFFICE_STORE (self));

  south = CLAMP (south, -90, 90);
  north = CLAMP (north, -90, 90);
  west = CLAMP (west, -180, 180);
  east = CLAMP (east, -180, 180);
  if (self->has_bbox && self->bbox[0] == south && self->bbox[1] == west &&
      self->bbox[2] == north && self->bbox[3] == east)
    return;
  self->has_bbox = TRUE;
  self->bbox[0] = south;
  self->bbox[1] = west;
  self->bbox[2] = north;
  self->bbox[3] = east;
  if (self->search == NULL || *self->search == '\0')
    schedule (self);
}

void
mfc_office_store_clear_bbox (MfcOfficeStore *self)
{
  g_return_if_fail (MFC_IS_OFFICE_STORE (self));
  if (!self->has_bbox)
    return;
  self->has_bbox = FALSE;
  schedule (self);
}

void
mfc_office_store_set_search (MfcOfficeStore *self,
                             const char     *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  g_return_if_fail (MFC_IS_OFFICE_STORE (self));
  if (g_strcmp0 (stripped, self->search != NULL ? self->search : "") == 0)
    return;
  g_free (self->search);
  self->search = g_steal_pointer (&stripped);
  schedule (self);
}

const char *
mfc_office_store_get_search (MfcOfficeStore *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_STORE (self), NULL);
  return self->search != NULL ? self->search : "";
}

void
mfc_office_store_set_service (MfcOfficeStore *self,
                              const char     *service_id)
{
  g_return_if_fail (MFC_IS_OFFICE_STORE (self));
  if (service_id != NULL && *service_id == '\0')
    service_id = NULL;
  if (g_strcmp0 (service_id, self->service) == 0)
    return;
  g_free (self->service);
  self->service = g_strdup (service_id);
  schedule (self);
}

const char *
mfc_office_store_get_service (MfcOfficeStore *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_STORE (self), NULL);
  return self->service;
}

void
mfc_office_store_set_open_now (MfcOfficeStore *self,
                               gboolean        open_now)
{
  g_return_if_fail (MFC_IS_OFFICE_STORE (self));
  if (self->open_now == !!open_now)
    return;
  self->open_now = !!open_now;
  schedule (self);
}

gboolean
mfc_office_store_get_open_now (MfcOfficeStore *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_STORE (self), FALSE);
  return self->open_now;
}

void
mfc_office_store_set_online_only (MfcOfficeStore *self,
                                  gboolean        online_only)
{
  g_return_if_fail (MFC_IS_OFFICE_STORE (self));
  if (self->online_only == !!online_only)
    return;
  self->online_only = !!online_only;
  schedule (self);
}

gboolean
mfc_office_store_get_online_only (MfcOfficeStore *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_STORE (self), FALSE);
  return self->online_only;
}

/**
 * mfc_office_store_set_max_waiting:
 * @self: the store
 * @max_waiting: show only offices with fewer people waiting; -1: any
 */
void
mfc_office_store_set_max_waiting (MfcOfficeStore *self,
                                  int             max_waiting)
{
  g_return_if_fail (MFC_IS_OFFICE_STORE (self));
  max_waiting = MAX (max_waiting, -1);
  if (self->max_waiting == max_waiting)
    return;
  self->max_waiting = max_waiting;
  schedule (self);
}

int
mfc_office_store_get_max_waiting (MfcOfficeStore *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_STORE (self), -1);
  return self->max_waiting;
}

/**
 * mfc_office_store_set_near:
 * @self: the store
 * @enabled: whether to limit to a radius around a point
 * @lat: the point
 * @lon: the point
 * @radius_km: the radius
 */
void
mfc_office_store_set_near (MfcOfficeStore *self,
                           gboolean        enabled,
                           double          lat,
                           double          lon,
                           double          radius_km)
{
  g_return_if_fail (MFC_IS_OFFICE_STORE (self));
  enabled = !!enabled;
  if (self->near == enabled && (!enabled || (self->near_lat == lat && self->near_lon == lon &&
                                             self->radius_km == radius_km)))
    return;
  self->near = enabled;
  self->near_lat = lat;
  self->near_lon = lon;
  self->radius_km = CLAMP (radius_km, 0.1, 2000);
  schedule (self);
}

gboolean
mfc_office_store_get_near (MfcOfficeStore *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_STORE (self), FALSE);
  return self->near;
}

void
mfc_office_store_set_sort (MfcOfficeStore *self,
                           MfcOfficeSort   sort)
{
  g_return_if_fail (MFC_IS_OFFICE_STORE (self));
  if (self->sort == sort)
    return;
  self->sort = sort;
  rebuild (self);
  schedule (self);
}

MfcOfficeSort
mfc_office_store_get_sort (MfcOfficeStore *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_STORE (self), MFC_OFFICE_SORT_NAME);
  return self->sort;
}

/**
 * mfc_office_store_has_filters:
 * @self: the store
 *
 * Returns: %TRUE when a filter narrows the list (what «Ничего не найдено»
 *   offers to loosen)
 */
gboolean
mfc_office_store_has_filters (MfcOfficeStore *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_STORE (self), FALSE);
  return (self->search != NULL && *self->search != '\0') || self->service != NULL ||
         self->open_now || self->online_only || self->max_waiting >= 0 || self->near;
}

/**
 * mfc_office_store_clear_filters:
 * @self: the store
 *
 * Drops every filter (the search text too); one reload.
 */
void
mfc_office_store_clear_filters (MfcOfficeStore *self)
{
  g_return_if_fail (MFC_IS_OFFICE_STORE (self));
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->service, g_free);
  self->open_now = FALSE;
  self->online_only = FALSE;
  self->max_waiting = -1;
  self->near = FALSE;
  schedule (self);
}

/**
 * mfc_office_store_reload:
 * @self: the store
 *
 * Fetches now (no debounce), cancelling a request under way.
 */
void
mfc_office_store_reload (MfcOfficeStore *self)
{
  g_return_if_fail (MFC_IS_OFFICE_STORE (self));
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  reload_now_cb (self);
}

gboolean
mfc_office_store_get_loading (MfcOfficeStore *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_STORE (self), FALSE);
  return self->loading;
}

/**
 * mfc_office_store_get_truncated:
 * @self: the store
 *
 * Returns: %TRUE when the view held more offices than were fetched
 */
gboolean
mfc_office_store_get_truncated (MfcOfficeStore *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_STORE (self), FALSE);
  return self->truncated;
}

const GError *
mfc_office_store_get_error (MfcOfficeStore *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_STORE (self), NULL);
  return self->error;
}

/**
 * mfc_office_store_get_generation:
 * @self: the store
 *
 * Returns: a number that grows every time the list is rebuilt
 */
guint
mfc_office_store_get_generation (MfcOfficeStore *self)
{
  g_return_val_if_fail (MFC_IS_OFFICE_STORE (self), 0);
  return self->generation;
}

/**
 * mfc_office_store_lookup:
 * @self: the store
 * @office_id: an id
 *
 * Returns: (transfer none) (nullable): the office if it was ever fetched
 */
MfcOffice *
mfc_office_store_lookup (MfcOfficeStore *self,
                         const char     *office_id)
{
  g_return_val_if_fail (MFC_IS_OFFICE_STORE (self), NULL);
  g_return_val_if_fail (office_id != NULL, NULL);
  return g_hash_table_lookup (self->known, office_id);
}

/**
 * mfc_office_store_find:
 * @self: the store
 * @office: an office
 *
 * Returns: its position in the list, or -1
 */
int
mfc_office_store_find (MfcOfficeStore *self,
                       MfcOffice      *office)
{
  guint index;

  g_return_val_if_fail (MFC_IS_OFFICE_STORE (self), -1);
  if (office == NULL || !g_ptr_array_find (self->items, office, &index))
    return -1;
  return (int) index;
}

/**
 * mfc_office_store_apply_load:
 * @self: the store
 * @load: the `data` of an `office.load` event
 *
 * Returns: %TRUE if a known office changed
 */
gboolean
mfc_office_store_apply_load (MfcOfficeStore *self,
                             JsonObject     *load)
{
  const char *id;
  MfcOffice *office;
  guint index;

  g_return_val_if_fail (MFC_IS_OFFICE_STORE (self), FALSE);
  g_return_val_if_fail (load != NULL, FALSE);

  id = json_object_get_string_member_with_default (load, "office_id", NULL);
  office = id != NULL ? g_hash_table_lookup (self->known, id) : NULL;
  if (office == NULL || !mfc_office_apply_load (office, load))
    return FALSE;
  /* Its row shows the load: let the views rebind it. */
  if (g_ptr_array_find (self->items, office, &index))
    g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 1);
  return TRUE;
}
