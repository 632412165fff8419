/* test-paged-model.c — MfcPagedModel against the real training server
 * (in its own thread, see test-training-common.h), and against a small
 * SoupServer in this thread for what the real one never does (repeat
 * items, send an item that is not an object).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-client.h"
#include "mfc-memory.h"
#include "mfc-paged-model.h"

#include "test-training-common.h"

#define WAIT_SECONDS 60

/* ------------------------------------------------------------------ */
/* The item type                                                       */

#define TEST_TYPE_ITEM (test_item_get_type ())
G_DECLARE_FINAL_TYPE (TestItem, test_item, TEST, ITEM, GObject)

struct _TestItem
{
  GObject     parent_instance;
  char       *id;
  JsonObject *json;
};

G_DEFINE_FINAL_TYPE (TestItem, test_item, G_TYPE_OBJECT)

static void
test_item_finalize (GObject *object)
{
  TestItem *self = TEST_ITEM (object);

  g_free (self->id);
  g_clear_pointer (&self->json, json_object_unref);
  G_OBJECT_CLASS (test_item_parent_class)->finalize (object);
}

static void
test_item_class_init (TestItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_item_finalize;
}

static void
test_item_init (TestItem *self)
{
}

typedef struct
{
  char  *bad_id;      /* an item the parser refuses */
  guint  parsed;
} Parser;

static GObject *
parse_item (JsonObject  *json,
            gpointer     user_data,
            GError     **error)
{
  Parser *parser = user_data;
  const char *id = json_object_get_string_member_with_default (json, "id", NULL);
  TestItem *item;

  if (id == NULL || g_strcmp0 (id, parser->bad_id) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "malformed item");
      return NULL;
    }

  parser->parsed++;
  item = g_object_new (TEST_TYPE_ITEM, NULL);
  item->id = g_strdup (id);
  item->json = json_object_ref (json);

  return G_OBJECT (item);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static gboolean
not_loading (gpointer data)
{
  return !mfc_paged_model_get_loading (data);
}

static gboolean
trimmed_since (gpointer data)
{
  return mfc_memory_get_n_trims () > *(guint *) data;
}

static void
wait_loaded (MfcPagedModel *model)
{
  wait_until (not_loading, model, WAIT_SECONDS, "the page to land");
}

/* One page through the client, outside the model */
static JsonArray *
fetch_page (MfcClient  *client,
            MfcQuery   *query,
            char      **next_cursor)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *items;

  mfc_client_get_page_async (client, query, NULL, store_result_cb, &result);
  wait_until (result_is_set, &result, WAIT_SECONDS, "a page");
  items = mfc_client_get_page_finish (client, result, next_cursor, &error);
  g_assert_no_error (error);

  return items;
}

/* A call answered: every earlier call on the same client has had its
 * answer delivered or dropped by now. */
static void
fetch_and_drop (MfcClient *client,
                MfcQuery  *query)
{
  g_autoptr(JsonArray) items = fetch_page (client, query, NULL);

  g_assert_nonnull (items);
}

/* The ids of the whole list, walked by hand with big pages */
static GPtrArray *
fetch_all_ids (MfcClient *client,
               MfcQuery  *filter)
{
  g_autoptr(MfcQuery) query = mfc_query_copy (filter);
  g_autofree char *cursor = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  mfc_query_set (query, "limit", "200");
  do
    {
      g_autoptr(JsonArray) items = NULL;
      g_autofree char *next = NULL;

      mfc_query_set (query, "cursor", cursor);
      items = fetch_page (client, query, &next);
      for (guint i = 0; i < json_array_get_length (items); i++)
        g_ptr_array_add (ids, g_strdup (json_object_get_string_member (json_array_get_object_element (items, i), "id")));
      g_free (cursor);
      cursor = g_steal_pointer (&next);
    }
  while (cursor != NULL);

  return ids;
}

static const char *
item_id_at (MfcPagedModel *model,
            guint          position)
{
  g_autoptr(TestItem) item = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_nonnull (item);
  /* The model keeps its own reference. */
  return item->id;
}

static void
assert_model_ids (MfcPagedModel *model,
                  GPtrArray     *expected)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  for (guint i = 0; i < n; i++)
    {
      const char *id = item_id_at (model, i);

      if (!g_hash_table_add (seen, (gpointer) id))
        g_error ("Ticket %s is in the model twice", id);
      if (i >= expected->len || !g_str_equal (id, expected->pdata[i]))
        g_error ("Position %u holds %s, the server's list %s", i, id,
                 i < expected->len ? (const char *) expected->pdata[i] : "(nothing)");
    }
  g_assert_cmpuint (n, ==, expected->len);
}

static char *
dead_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  g_socket_close (socket, NULL);

  return g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

/* What the model said, in order */
typedef struct
{
  GPtrArray *events;
} Recorder;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *rec)
{
  g_ptr_array_add (rec->events, g_strdup_printf ("items-changed %u -%u +%u", position, removed, added));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Recorder   *rec)
{
  MfcPagedModel *model = MFC_PAGED_MODEL (object);
  const char *name = g_param_spec_get_name (pspec);
  char *event;

  if (g_str_equal (name, "loading"))
    event = g_strdup_printf ("loading %d", mfc_paged_model_get_loading (model));
  else if (g_str_equal (name, "at-end"))
    event = g_strdup_printf ("at-end %d", mfc_paged_model_get_at_end (model));
  else if (g_str_equal (name, "n-items"))
    event = g_strdup_printf ("n-items %u", g_list_model_get_n_items (G_LIST_MODEL (model)));
  else if (g_str_equal (name, "error"))
    event = g_strdup_printf ("error %s", mfc_paged_model_get_error (model) != NULL ? "set" : "none");
  else
    event = g_strdup (name);

  g_ptr_array_add (rec->events, event);
}

static void
recorder_attach (Recorder      *rec,
                 MfcPagedModel *model)
{
  rec->events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), rec);
  g_signal_connect (model, "notify", G_CALLBACK (notify_cb), rec);
}

static void
recorder_detach (Recorder      *rec,
                 MfcPagedModel *model)
{
  g_signal_handlers_disconnect_by_data (model, rec);
  g_clear_pointer (&rec->events, g_ptr_array_unref);
}

/* Compares the events since the last call with @expected (NULL-ended). */
static void
assert_events (Recorder           *rec,
               const char * const *expected)
{
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;

  g_ptr_array_add (rec->events, NULL);
  got = g_strjoinv (", ", (char **) rec->events->pdata);
  want = g_strjoinv (", ", (char **) expected);
  g_ptr_array_set_size (rec->events, 0);

  g_assert_cmpstr (got, ==, want);
}

static MfcClient *
signed_in_client (Fixture  *f,
                  char    **token_out)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(GError) error = NULL;
  MfcClient *client = mfc_client_new (f->base_url, &error);

  g_assert_no_error (error);
  mfc_client_set_token (client, token);
  mfc_client_set_retry_delay (client, 10, 50);
  if (token_out != NULL)
    *token_out = g_steal_pointer (&token);

  return client;
}

static char *
create_ticket (Fixture    *f,
               const char *token,
               const char *type,
               const char *description)
{
  g_autofree char *json = g_strdup_printf ("{\"type\":\"%s\",\"applicant_id\":\"17\","
                                           "\"description\":\"%s\"}", type, description);
  g_autoptr(Reply) reply = post (f, "/api/v1/tickets", token, json);

  assert_status (reply, 201);
  return g_strdup (str (reply, "id"));
}

static MfcPagedModel *
new_model (MfcClient *client,
           Parser    *parser)
{
  return mfc_paged_model_new (client, TEST_TYPE_ITEM, parse_item, parser, NULL);
}

/* ------------------------------------------------------------------ */
/* Against the training server                                         */

/* Tickets are created between the page loads; sorted by number they land
 * at the end of the list.  The walk must hold every ticket of the server's
 * list once, in its order: no duplicate, no gap. */
static void
test_walk (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(MfcClient) client = signed_in_client (f, &token);
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) all = NULL;
  Parser parser = { 0 };
  g_autoptr(MfcPagedModel) model = new_model (client, &parser);
  guint pages = 0;
  guint trims = mfc_memory_get_n_trims ();

  mfc_query_add (query, "sort", "number");
  mfc_query_add_int (query, "limit", 25);
  g_assert_true (mfc_paged_model_get_at_end (model));   /* no query yet */

  mfc_paged_model_set_query (model, query);
  g_assert_true (mfc_paged_model_get_loading (model));
  for (;;)
    {
      wait_loaded (model);
      g_assert_null (mfc_paged_model_get_error (model));
      pages++;
      if (mfc_paged_model_get_at_end (model))
        break;
      if (pages > 500)
        g_error ("Still not at the end after %u pages", pages);

      /* Rows appear meanwhile, two per page. */
      g_ptr_array_add (created, create_ticket (f, token, "request", "walk"));
      g_ptr_array_add (created, create_ticket (f, token, "complaint", "walk"));
      mfc_paged_model_load_more (model);
      g_assert_true (mfc_paged_model_get_loading (model));
    }

  g_test_message ("%u pages, %u items, %u created during the walk", pages,
                  g_list_model_get_n_items (G_LIST_MODEL (model)), created->len);
  g_assert_cmpuint (pages, >=, 3);

  all = fetch_all_ids (client, query);
  assert_model_ids (model, all);

  /* The new rows are there, at the end */
  for (guint i = 0; i < created->len; i++)
    g_assert_true (g_ptr_array_find_with_equal_func (all, created->pdata[i], g_str_equal, NULL));

  /* At the end, asking for more does nothing. */
  mfc_paged_model_load_more (model);
  g_assert_false (mfc_paged_model_get_loading (model));

  /* The pages' JSON trees were handed back to the system soon after. */
  wait_until (trimmed_since, &trims, WAIT_SECONDS, "the heap's trim");
}

/* The properties and items-changed, in order, for a list of 5 in pages of 2 */
static void
test_notify_sequence (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(MfcClient) client = signed_in_client (f, &token);
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  Parser parser = { 0 };
  g_autoptr(MfcPagedModel) model = new_model (client, &parser);
  Recorder rec;

  for (guint i = 0; i < 5; i++)
    g_free (create_ticket (f, token, "suggestion", "notifyseq"));
  mfc_query_add (query, "q", "notifyseq");
  mfc_query_add_int (query, "limit", 2);

  recorder_attach (&rec, model);

  mfc_paged_model_set_query (model, query);
  assert_events (&rec, (const char *[]) { "query", "at-end 0", "loading 1", NULL });
  wait_loaded (model);
  assert_events (&rec, (const char *[]) { "items-changed 0 -0 +2", "n-items 2", "loading 0", NULL });

  /* A view asks twice while the page loads: one page comes */
  mfc_paged_model_load_more (model);
  mfc_paged_model_load_more (model);
  wait_loaded (model);
  assert_events (&rec, (const char *[]) {
    "loading 1", "items-changed 2 -0 +2", "n-items 4", "loading 0", NULL });

  mfc_paged_model_load_more (model);
  wait_loaded (model);
  assert_events (&rec, (const char *[]) {
    "loading 1", "items-changed 4 -0 +1", "n-items 5", "at-end 1", "loading 0", NULL });

  /* At the end: nothing */
  mfc_paged_model_load_more (model);
  assert_events (&rec, (const char *[]) { NULL });

  /* Refresh: emptied, then the first page again */
  mfc_paged_model_refresh (model);
  assert_events (&rec, (const char *[]) {
    "items-changed 0 -5 +0", "n-items 0", "at-end 0", "loading 1", NULL });
  wait_loaded (model);
  assert_events (&rec, (const char *[]) { "items-changed 0 -0 +2", "n-items 2", "loading 0", NULL });

  /* No query: empty, at the end, not loading */
  mfc_paged_model_set_query (model, NULL);
  assert_events (&rec, (const char *[]) {
    "query", "items-changed 0 -2 +0", "n-items 0", "at-end 1", NULL });
  g_assert_null (mfc_paged_model_get_query (model));
  mfc_paged_model_load_more (model);
  g_assert_false (mfc_paged_model_get_loading (model));

  recorder_detach (&rec, model);
}

/* A view asks for the next page from inside items-changed, as a short
 * list that does not fill its window must: from the reset of a refresh
 * or a new filter (the model once asserted there), and from the landing
 * of a page (once ignored, as the page was still "in flight").  Every
 * page comes, once, with no help from an idle. */
typedef struct
{
  MfcPagedModel *model;
  guint          calls;
} Asker;

static void
ask_more_cb (GListModel *list,
             guint       position,
             guint       removed,
             guint       added,
             Asker      *asker)
{
  asker->calls++;
  mfc_paged_model_load_more (asker->model);
}

static gboolean
at_end_and_idle (gpointer data)
{
  return mfc_paged_model_get_at_end (data) && !mfc_paged_model_get_loading (data);
}

static void
test_load_more_from_items_changed (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(MfcClient) client = signed_in_client (f, &token);
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  g_autoptr(MfcQuery) other = NULL;
  g_autoptr(GPtrArray) all = NULL;
  Parser parser = { 0 };
  g_autoptr(MfcPagedModel) model = new_model (client, &parser);
  Asker asker = { model, 0 };

  for (guint i = 0; i < 7; i++)
    g_free (create_ticket (f, token, "request", "askmore"));
  mfc_query_add (query, "q", "askmore");
  mfc_query_add (query, "sort", "number");
  mfc_query_add_int (query, "limit", 2);
  all = fetch_all_ids (client, query);
  g_assert_cmpuint (all->len, ==, 7);

  /* The first page, asked by hand: items held, the end not reached. */
  mfc_paged_model_set_query (model, query);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_assert_false (mfc_paged_model_get_at_end (model));

  g_signal_connect (model, "items-changed", G_CALLBACK (ask_more_cb), &asker);

  /* From inside the reset: the new walk's first page is already on its
   * way, so nothing more starts (and nothing asserts). */
  mfc_paged_model_refresh (model);
  g_assert_cmpuint (asker.calls, ==, 1);
  g_assert_true (mfc_paged_model_get_loading (model));
  g_assert_false (mfc_paged_model_get_at_end (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* Then each landing page asks for the next: the whole list comes. */
  wait_until (at_end_and_idle, model, WAIT_SECONDS, "the whole list");
  g_assert_null (mfc_paged_model_get_error (model));
  assert_model_ids (model, all);
  g_assert_cmpuint (asker.calls, ==, 1 + 4);

  /* The same from a new filter's reset, in the middle of a walk. */
  other = mfc_query_copy (query);
  mfc_query_set (other, "limit", "3");
  mfc_paged_model_set_query (model, other);
  g_assert_true (mfc_paged_model_get_loading (model));
  mfc_paged_model_set_query (model, query);
  wait_until (at_end_and_idle, model, WAIT_SECONDS, "the whole list a third time");
  g_assert_null (mfc_paged_model_get_error (model));
  assert_model_ids (model, all);

  g_signal_handlers_disconnect_by_data (model, &asker);
}

/* A new filter while a page loads: the old page never lands. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MfcClient) client = signed_in_client (f, NULL);
  g_autoptr(MfcQuery) complaints = mfc_query_new ("/api/v1/tickets");
  g_autoptr(MfcQuery) suggestions = mfc_query_new ("/api/v1/tickets");
  Parser parser = { 0 };
  g_autoptr(MfcPagedModel) model = new_model (client, &parser);
  guint n;
  Recorder rec;

  mfc_query_add (complaints, "type", "complaint");
  mfc_query_add_int (complaints, "limit", 20);
  mfc_query_add (suggestions, "type", "suggestion");
  mfc_query_add_int (suggestions, "limit", 20);

  recorder_attach (&rec, model);
  mfc_paged_model_set_query (model, complaints);
  mfc_paged_model_set_query (model, suggestions);
  /* loading stayed TRUE from one filter to the other */
  assert_events (&rec, (const char *[]) { "query", "at-end 0", "loading 1", "query", NULL });
  wait_loaded (model);

  /* The complaints' answer had every chance to arrive: a later call on
   * the same client has been answered. */
  g_clear_pointer (&complaints, mfc_query_unref);
  complaints = mfc_query_new ("/api/v1/tickets");
  mfc_query_add (complaints, "type", "complaint");
  fetch_and_drop (client, complaints);

  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, >, 0);
  {
    g_autofree char *changed = g_strdup_printf ("items-changed 0 -0 +%u", n);
    g_autofree char *n_items = g_strdup_printf ("n-items %u", n);

    assert_events (&rec, (const char *[]) { changed, n_items, "loading 0", NULL });
  }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TestItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpstr (json_object_get_string_member (item->json, "type"), ==, "suggestion");
    }
  /* Nothing of the complaints' page was even parsed. */
  g_assert_cmpuint (parser.parsed, ==, n);

  recorder_detach (&rec, model);
}

/* The server unreachable for a page, then back: retry fetches the page
 * that failed, and the list ends whole. */
static void
test_error_retry (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MfcClient) client = signed_in_client (f, NULL);
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  g_autofree char *dead = dead_url ();
  g_autoptr(GPtrArray) all = NULL;
  Parser parser = { 0 };
  g_autoptr(MfcPagedModel) model = new_model (client, &parser);
  g_autoptr(GError) error = NULL;
  guint before;
  Recorder rec;

  mfc_client_set_max_attempts (client, 1);
  mfc_query_add (query, "sort", "number");
  mfc_query_add_int (query, "limit", 30);
  mfc_paged_model_set_query (model, query);
  wait_loaded (model);
  before = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (before, ==, 30);

  g_assert_true (mfc_client_set_base_url (client, dead, NULL));
  recorder_attach (&rec, model);
  mfc_paged_model_load_more (model);
  wait_loaded (model);
  assert_events (&rec, (const char *[]) { "loading 1", "error set", "loading 0", NULL });
  g_assert_error (mfc_paged_model_get_error (model), MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_NETWORK);
  g_object_get (model, "error", &error, NULL);
  g_assert_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_NETWORK);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, before);
  g_assert_false (mfc_paged_model_get_at_end (model));

  /* After an error a view's load_more does not hammer the server */
  mfc_paged_model_load_more (model);
  g_assert_false (mfc_paged_model_get_loading (model));

  g_assert_true (mfc_client_set_base_url (client, f->base_url, NULL));
  mfc_paged_model_retry (model);
  assert_events (&rec, (const char *[]) { "error none", "loading 1", NULL });
  wait_loaded (model);
  g_assert_null (mfc_paged_model_get_error (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, before);
  recorder_detach (&rec, model);

  while (!mfc_paged_model_get_at_end (model))
    {
      mfc_paged_model_load_more (model);
      wait_loaded (model);
      g_assert_null (mfc_paged_model_get_error (model));
    }

  all = fetch_all_ids (client, query);
  assert_model_ids (model, all);

  /* retry without an error does nothing */
  mfc_paged_model_retry (model);
  g_assert_false (mfc_paged_model_get_loading (model));
}

/* An item the parser refuses makes its page an error, nothing of it
 * lands; once it can be read, retry brings the whole page. */
static void
test_malformed_item (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MfcClient) client = signed_in_client (f, NULL);
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  g_autoptr(JsonArray) first = NULL;
  Parser parser = { 0 };
  g_autoptr(MfcPagedModel) model = new_model (client, &parser);

  mfc_query_add_int (query, "limit", 10);
  first = fetch_page (client, query, NULL);
  g_assert_cmpuint (json_array_get_length (first), ==, 10);
  parser.bad_id = g_strdup (json_object_get_string_member (json_array_get_object_element (first, 3), "id"));

  mfc_paged_model_set_query (model, query);
  wait_loaded (model);
  g_assert_error (mfc_paged_model_get_error (model), MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_false (mfc_paged_model_get_at_end (model));

  g_clear_pointer (&parser.bad_id, g_free);
  mfc_paged_model_retry (model);
  wait_loaded (model);
  g_assert_null (mfc_paged_model_get_error (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpstr (item_id_at (model, i), ==,
                     json_object_get_string_member (json_array_get_object_element (first, i), "id"));
}

/* ------------------------------------------------------------------ */
/* Against a misbehaving server                                        */

typedef struct
{
  SoupServer *server;
  char       *base_url;
} BadFixture;

static void
bad_handler_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  const char *cursor = query != NULL ? g_hash_table_lookup (query, "cursor") : NULL;
  const char *json;

  if (g_str_equal (path, "/api/v1/repeats") && cursor == NULL)
    json = "{\"items\": [{\"id\": \"1\"}, {\"id\": \"2\"}, {\"id\": \"2\"}, {\"id\": \"3\"}],"
           " \"next_cursor\": \"c2\"}";
  else if (g_str_equal (path, "/api/v1/repeats") && g_str_equal (cursor, "c2"))
    json = "{\"items\": [{\"id\": \"3\"}, {\"id\": \"1\"}, {\"id\": \"4\"}], \"next_cursor\": \"c3\"}";
  else if (g_str_equal (path, "/api/v1/repeats") && g_str_equal (cursor, "c3"))
    json = "{\"items\": [{\"id\": \"4\"}], \"next_cursor\": null}";
  else if (g_str_equal (path, "/api/v1/not-objects"))
    json = "{\"items\": [{\"id\": \"1\"}, 5], \"next_cursor\": null}";
  else
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, json, strlen (json));
}

static void
bad_set_up (BadFixture    *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, bad_handler_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base_url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
bad_tear_down (BadFixture    *f,
               gconstpointer  data)
{
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (f->base_url);
}

static void
test_repeated_ids (BadFixture    *f,
                   gconstpointer  data)
{
  g_autoptr(MfcClient) client = mfc_client_new (f->base_url, NULL);
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/repeats");
  Parser parser = { 0 };
  g_autoptr(MfcPagedModel) model = new_model (client, &parser);
  static const char *expected[] = { "1", "2", "3", "4" };
  Recorder rec;

  recorder_attach (&rec, model);
  mfc_paged_model_set_query (model, query);
  wait_loaded (model);
  mfc_paged_model_load_more (model);
  wait_loaded (model);
  mfc_paged_model_load_more (model);
  wait_loaded (model);
  g_assert_null (mfc_paged_model_get_error (model));
  g_assert_true (mfc_paged_model_get_at_end (model));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (item_id_at (model, i), ==, expected[i]);

  /* A page of repeats only adds nothing and says nothing of items. */
  assert_events (&rec, (const char *[]) {
    "query", "at-end 0", "loading 1", "items-changed 0 -0 +3", "n-items 3", "loading 0",
    "loading 1", "items-changed 3 -0 +1", "n-items 4", "loading 0",
    "loading 1", "at-end 1", "loading 0", NULL });
  recorder_detach (&rec, model);
}

static void
test_not_objects (BadFixture    *f,
                  gconstpointer  data)
{
  g_autoptr(MfcClient) client = mfc_client_new (f->base_url, NULL);
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/not-objects");
  Parser parser = { 0 };
  g_autoptr(MfcPagedModel) model = new_model (client, &parser);

  mfc_paged_model_set_query (model, query);
  wait_loaded (model);
  g_assert_error (mfc_paged_model_get_error (model), MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

/* Disposed with a page in flight: the answer finds no model and is
 * dropped (AddressSanitizer and the leak check would see otherwise). */
static void
test_dispose_while_loading (BadFixture    *f,
                            gconstpointer  data)
{
  g_autoptr(MfcClient) client = mfc_client_new (f->base_url, NULL);
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/repeats");
  g_autoptr(MfcQuery) later = mfc_query_new ("/api/v1/repeats");
  Parser parser = { 0 };
  MfcPagedModel *model = new_model (client, &parser);
  GWeakRef weak;

  g_weak_ref_init (&weak, model);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (model, G_TYPE_LIST_MODEL));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == TEST_TYPE_ITEM);
  mfc_paged_model_set_query (model, query);
  g_assert_true (mfc_paged_model_get_loading (model));
  g_object_unref (model);
  g_assert_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);

  /* A later call on the client is answered: the old one has ended too. */
  fetch_and_drop (client, later);
  g_assert_cmpuint (parser.parsed, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/paged-model/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_BAD(name, func) \
  g_test_add ("/paged-model/bad-server/" name, BadFixture, NULL, bad_set_up, func, bad_tear_down)

  ADD ("walk", test_walk);
  ADD ("notify-sequence", test_notify_sequence);
  ADD ("load-more-from-items-changed", test_load_more_from_items_changed);
  ADD ("cancel", test_cancel);
  ADD ("error-retry", test_error_retry);
  ADD ("malformed-item", test_malformed_item);
  ADD_BAD ("repeated-ids", test_repeated_ids);
  ADD_BAD ("not-objects", test_not_objects);
  ADD_BAD ("dispose-while-loading", test_dispose_while_loading);

  return g_test_run ();
}
