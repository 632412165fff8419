/* mfc-checklist.c
 *
 * The items are the service's `required_documents` in display order; the
 * contract gives them no ids, so an item's id is its position.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mfc-checklist.h"

G_DEFINE_ENUM_TYPE (MfcChecklistState, mfc_checklist_state,
                    G_DEFINE_ENUM_VALUE (MFC_CHECKLIST_NOT_PROVIDED, "not-provided"),
                    G_DEFINE_ENUM_VALUE (MFC_CHECKLIST_ORIGINAL_SHOWN, "original-shown"),
                    G_DEFINE_ENUM_VALUE (MFC_CHECKLIST_COPY_ATTACHED, "copy-attached"))

/* ------------------------------------------------------------------ */
/* MfcChecklistItem                                                    */

struct _MfcChecklistItem
{
  GObject            parent_instance;
  guint              id;
  char              *title;
  gboolean           mandatory;
  MfcChecklistState  state;
  char              *document_id;
};

G_DEFINE_FINAL_TYPE (MfcChecklistItem, mfc_checklist_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_TITLE,
  ITEM_PROP_MANDATORY,
  ITEM_PROP_STATE,
  ITEM_PROP_DOCUMENT_ID,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

static void
mfc_checklist_item_finalize (GObject *object)
{
  MfcChecklistItem *self = MFC_CHECKLIST_ITEM (object);

  g_free (self->title);
  g_free (self->document_id);
  G_OBJECT_CLASS (mfc_checklist_item_parent_class)->finalize (object);
}

static void
mfc_checklist_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MfcChecklistItem *self = MFC_CHECKLIST_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case ITEM_PROP_MANDATORY:
      g_value_set_boolean (value, self->mandatory);
      break;
    case ITEM_PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case ITEM_PROP_DOCUMENT_ID:
      g_value_set_string (value, self->document_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_checklist_item_class_init (MfcChecklistItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mfc_checklist_item_finalize;
  object_class->get_property = mfc_checklist_item_get_property;

  item_properties[ITEM_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_MANDATORY] =
    g_param_spec_boolean ("mandatory", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MFC_TYPE_CHECKLIST_STATE, MFC_CHECKLIST_NOT_PROVIDED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_DOCUMENT_ID] =
    g_param_spec_string ("document-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
mfc_checklist_item_init (MfcChecklistItem *self)
{
}

/**
 * mfc_checklist_item_get_id:
 *
 * Returns: the item's id in its checklist (its position)
 */
guint
mfc_checklist_item_get_id (MfcChecklistItem *self)
{
  g_return_val_if_fail (MFC_IS_CHECKLIST_ITEM (self), 0);
  return self->id;
}

const char *
mfc_checklist_item_get_title (MfcChecklistItem *self)
{
  g_return_val_if_fail (MFC_IS_CHECKLIST_ITEM (self), NULL);
  return self->title;
}

gboolean
mfc_checklist_item_get_mandatory (MfcChecklistItem *self)
{
  g_return_val_if_fail (MFC_IS_CHECKLIST_ITEM (self), FALSE);
  return self->mandatory;
}

MfcChecklistState
mfc_checklist_item_get_state (MfcChecklistItem *self)
{
  g_return_val_if_fail (MFC_IS_CHECKLIST_ITEM (self), MFC_CHECKLIST_NOT_PROVIDED);
  return self->state;
}

/**
 * mfc_checklist_item_get_document_id:
 *
 * Returns: (nullable): the uploaded copy's id while %MFC_CHECKLIST_COPY_ATTACHED
 */
const char *
mfc_checklist_item_get_document_id (MfcChecklistItem *self)
{
  g_return_val_if_fail (MFC_IS_CHECKLIST_ITEM (self), NULL);
  return self->document_id;
}

/* ------------------------------------------------------------------ */
/* MfcChecklist                                                        */

struct _MfcChecklist
{
  GObject     parent_instance;
  MfcService *service;
  GPtrArray  *items;            /* MfcChecklistItem */
  char       *idempotency_key;
};

static void mfc_checklist_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MfcChecklist, mfc_checklist, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, mfc_checklist_list_model_init))

enum {
  PROP_0,
  PROP_N_MISSING_MANDATORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ITEM_CHANGED,
  DOCUMENT_ATTACHED,
  DOCUMENT_DETACHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const ticket_types[] = { "application", "request", "complaint", "suggestion", NULL };

static guint
count_missing_mandatory (MfcChecklist *self)
{
  guint n = 0;

  for (guint i = 0; i < self->items->len; i++)
    {
      MfcChecklistItem *item = self->items->pdata[i];

      n += item->mandatory && item->state == MFC_CHECKLIST_NOT_PROVIDED;
    }

  return n;
}

static GStrv
titles_where (MfcChecklist *self,
              gboolean      provided,
              gboolean      mandatory_only)
{
  GPtrArray *titles = g_ptr_array_new ();

  for (guint i = 0; i < self->items->len; i++)
    {
      MfcChecklistItem *item = self->items->pdata[i];

      if ((item->state != MFC_CHECKLIST_NOT_PROVIDED) == provided &&
          (!mandatory_only || item->mandatory))
        g_ptr_array_add (titles, g_strdup (item->title));
    }
  g_ptr_array_add (titles, NULL);

  return (GStrv) g_ptr_array_free (titles, FALSE);
}

static void
change_item (MfcChecklist      *self,
             MfcChecklistItem  *item,
             MfcChecklistState  state,
             const char        *document_id)
{
  guint missing_before = count_missing_mandatory (self);

  if (item->state == state && g_strcmp0 (item->document_id, document_id) == 0)
    return;

  if (item->state != state)
    {
      item->state = state;
      g_object_notify_by_pspec (G_OBJECT (item), item_properties[ITEM_PROP_STATE]);
    }
  if (g_strcmp0 (item->document_id, document_id) != 0)
    {
      g_free (item->document_id);
      item->document_id = g_strdup (document_id);
      g_object_notify_by_pspec (G_OBJECT (item), item_properties[ITEM_PROP_DOCUMENT_ID]);
    }

  g_signal_emit (self, signals[ITEM_CHANGED], 0, item->id);
  if (missing_before != count_missing_mandatory (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MISSING_MANDATORY]);
}

static char *
missing_sentence (MfcChecklist *self)
{
  g_auto(GStrv) missing = mfc_checklist_get_missing_mandatory (self);
  g_autofree char *joined = NULL;

  if (missing[0] == NULL)
    return NULL;

  joined = g_strjoinv ("; ", missing);
  return g_strdup_printf (_("Not provided: %s"), joined);
}

/* Submit */

typedef struct
{
  MfcClient  *client;
  char       *ticket_id;
  char       *comment;
  guint       step;        /* 0 create, 1 to in_progress, 2 to awaiting_documents */
  gboolean    wait;        /* the ticket must end in awaiting_documents */
} SubmitData;

static void
submit_data_free (SubmitData *data)
{
  g_clear_object (&data->client);
  g_free (data->ticket_id);
  g_free (data->comment);
  g_free (data);
}

static void submit_step_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);

static void
submit_transition (GTask      *task,
                   const char *to)
{
  MfcChecklist *self = g_task_get_source_object (task);
  SubmitData *data = g_task_get_task_data (task);
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  /* One key per step, derived from the checklist's: a retried submit
   * replays the steps already done instead of doing them again. */
  g_autofree char *key = g_strdup_printf ("%s-%s", mfc_checklist_get_idempotency_key (self), to);
  GCancellable *cancellable = g_task_get_cancellable (task);

  mfc_query_add_segment (query, data->ticket_id);
  mfc_query_add_segment (query, "transitions");
  json_object_set_string_member (body, "to", to);
  json_object_set_string_member (body, "comment", data->comment);
  json_node_set_object (node, body);

  mfc_client_request_async (data->client, "POST", query, node, NULL, key,
                            cancellable, submit_step_cb, task);
}

static void
submit_step_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  SubmitData *data = g_task_get_task_data (task);
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *ticket;

  response = mfc_client_request_finish (MFC_CLIENT (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  ticket = mfc_client_response_get_object (response);
  if (data->step == 0)
    data->ticket_id = g_strdup (json_object_get_string_member_with_default (ticket, "id", NULL));

  if (data->wait && data->step < 2 && data->ticket_id != NULL)
    {
      data->step++;
      submit_transition (task, data->step == 1 ? "in_progress" : "awaiting_documents");
      return;
    }

  g_task_return_pointer (task, json_object_ref (ticket), (GDestroyNotify) json_object_unref);
  g_object_unref (task);
}

/* GListModel */

static GType
mfc_checklist_get_item_type (GListModel *model)
{
  return MFC_TYPE_CHECKLIST_ITEM;
}

static guint
mfc_checklist_get_n_items (GListModel *model)
{
  return MFC_CHECKLIST (model)->items->len;
}

static gpointer
mfc_checklist_get_list_item (GListModel *model,
                             guint       position)
{
  MfcChecklist *self = MFC_CHECKLIST (model);

  return position < self->items->len ? g_object_ref (self->items->pdata[position]) : NULL;
}

static void
mfc_checklist_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mfc_checklist_get_item_type;
  iface->get_n_items = mfc_checklist_get_n_items;
  iface->get_item = mfc_checklist_get_list_item;
}

/* GObject */

static void
mfc_checklist_finalize (GObject *object)
{
  MfcChecklist *self = MFC_CHECKLIST (object);

  g_clear_object (&self->service);
  g_ptr_array_unref (self->items);
  g_free (self->idempotency_key);

  G_OBJECT_CLASS (mfc_checklist_parent_class)->finalize (object);
}

static void
mfc_checklist_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MfcChecklist *self = MFC_CHECKLIST (object);

  switch (prop_id)
    {
    case PROP_N_MISSING_MANDATORY:
      g_value_set_uint (value, count_missing_mandatory (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_checklist_class_init (MfcChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mfc_checklist_finalize;
  object_class->get_property = mfc_checklist_get_property;

  properties[PROP_N_MISSING_MANDATORY] =
    g_param_spec_uint ("n-missing-mandatory", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcChecklist::item-changed:
   * @item_id: the item whose state or document changed
   */
  signals[ITEM_CHANGED] =
    g_signal_new ("item-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * MfcChecklist::document-attached:
   * @item_id: the item the copy belongs to
   * @document_id: the uploaded document (`POST /api/v1/documents`)
   */
  signals[DOCUMENT_ATTACHED] =
    g_signal_new ("document-attached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);

  /**
   * MfcChecklist::document-detached:
   * @item_id: the item whose copy was taken off
   * @document_id: the document that was attached
   */
  signals[DOCUMENT_DETACHED] =
    g_signal_new ("document-detached", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
mfc_checklist_init (MfcChecklist *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Public API */

/**
 * mfc_checklist_new:
 * @service: (nullable): the chosen service; %NULL for a ticket with no
 *   service (a complaint, say): an empty checklist
 *
 * Returns: (transfer full): every item «не представлен»
 */
MfcChecklist *
mfc_checklist_new (MfcService *service)
{
  MfcChecklist *self;

  g_return_val_if_fail (service == NULL || MFC_IS_SERVICE (service), NULL);

  self = g_object_new (MFC_TYPE_CHECKLIST, NULL);
  self->service = service != NULL ? g_object_ref (service) : NULL;
  for (guint i = 0; service != NULL && i < mfc_service_get_n_required_documents (service); i++)
    {
      MfcChecklistItem *item = g_object_new (MFC_TYPE_CHECKLIST_ITEM, NULL);

      item->id = i;
      item->title = g_strdup (mfc_service_get_required_document_title (service, i));
      item->mandatory = mfc_service_get_required_document_mandatory (service, i);
      g_ptr_array_add (self->items, item);
    }

  return self;
}

/**
 * mfc_checklist_get_service:
 *
 * Returns: (transfer none) (nullable): the service
 */
MfcService *
mfc_checklist_get_service (MfcChecklist *self)
{
  g_return_val_if_fail (MFC_IS_CHECKLIST (self), NULL);

  return self->service;
}

/**
 * mfc_checklist_get_item:
 *
 * Returns: (transfer none): the item
 */
MfcChecklistItem *
mfc_checklist_get_item (MfcChecklist *self,
                        guint         item_id)
{
  g_return_val_if_fail (MFC_IS_CHECKLIST (self), NULL);
  g_return_val_if_fail (item_id < self->items->len, NULL);

  return self->items->pdata[item_id];
}

/**
 * mfc_checklist_set_state:
 * @state: %MFC_CHECKLIST_ORIGINAL_SHOWN or %MFC_CHECKLIST_NOT_PROVIDED
 *   (a copy comes with mfc_checklist_attach())
 *
 * An attached copy is detached first.
 */
void
mfc_checklist_set_state (MfcChecklist      *self,
                         guint              item_id,
                         MfcChecklistState  state)
{
  MfcChecklistItem *item;

  g_return_if_fail (MFC_IS_CHECKLIST (self));
  g_return_if_fail (item_id < self->items->len);
  g_return_if_fail (state != MFC_CHECKLIST_COPY_ATTACHED);

  item = self->items->pdata[item_id];
  if (item->document_id != NULL)
    mfc_checklist_detach (self, item_id);
  change_item (self, item, state, NULL);
}

/**
 * mfc_checklist_attach:
 * @item_id: the checklist item the copy is of
 * @document_id: the uploaded document's id
 *
 * The hook for the documents section: marks the item «копия приложена»
 * with that document, which will be attached to the ticket; emits
 * "document-attached".  A copy attached before is replaced.
 */
void
mfc_checklist_attach (MfcChecklist *self,
                      guint         item_id,
                      const char   *document_id)
{
  MfcChecklistItem *item;

  g_return_if_fail (MFC_IS_CHECKLIST (self));
  g_return_if_fail (item_id < self->items->len);
  g_return_if_fail (document_id != NULL && document_id[0] != '\0');

  item = self->items->pdata[item_id];
  if (g_strcmp0 (item->document_id, document_id) == 0)
    return;
  /* A replaced copy goes straight to the new one: the item is never
   * "not provided" on the way. */
  if (item->document_id != NULL)
    g_signal_emit (self, signals[DOCUMENT_DETACHED], 0, item_id, item->document_id);

  change_item (self, item, MFC_CHECKLIST_COPY_ATTACHED, document_id);
  g_signal_emit (self, signals[DOCUMENT_ATTACHED], 0, item_id, document_id);
}

/**
 * mfc_checklist_detach:
 *
 * Takes the copy off the item, which becomes «не представлен»; emits
 * "document-detached".
 */
void
mfc_checklist_detach (MfcChecklist *self,
                      guint         item_id)
{
  MfcChecklistItem *item;
  g_autofree char *document_id = NULL;

  g_return_if_fail (MFC_IS_CHECKLIST (self));
  g_return_if_fail (item_id < self->items->len);

  item = self->items->pdata[item_id];
  if (item->document_id == NULL)
    return;

  document_id = g_strdup (item->document_id);
  change_item (self, item, MFC_CHECKLIST_NOT_PROVIDED, NULL);
  g_signal_emit (self, signals[DOCUMENT_DETACHED], 0, item_id, document_id);
}

/**
 * mfc_checklist_get_missing_mandatory:
 *
 * Returns: (transfer full): titles of the mandatory items not provided
 */
GStrv
mfc_checklist_get_missing_mandatory (MfcChecklist *self)
{
  g_return_val_if_fail (MFC_IS_CHECKLIST (self), NULL);

  return titles_where (self, FALSE, TRUE);
}

/**
 * mfc_checklist_get_missing:
 *
 * Returns: (transfer full): titles of every item not provided (for the receipt)
 */
GStrv
mfc_checklist_get_missing (MfcChecklist *self)
{
  g_return_val_if_fail (MFC_IS_CHECKLIST (self), NULL);

  return titles_where (self, FALSE, FALSE);
}

/**
 * mfc_checklist_get_received:
 *
 * Returns: (transfer full): titles of the items shown or attached (for the receipt)
 */
GStrv
mfc_checklist_get_received (MfcChecklist *self)
{
  g_return_val_if_fail (MFC_IS_CHECKLIST (self), NULL);

  return titles_where (self, TRUE, FALSE);
}

/**
 * mfc_checklist_get_initial_status:
 * @type: the ticket type
 *
 * Returns: "awaiting_documents" for an application with a mandatory item
 *   missing (its clock paused), else "accepted"
 */
const char *
mfc_checklist_get_initial_status (MfcChecklist *self,
                                  const char   *type)
{
  g_return_val_if_fail (MFC_IS_CHECKLIST (self), NULL);

  return g_strcmp0 (type, "application") == 0 && count_missing_mandatory (self) > 0
         ? "awaiting_documents" : "accepted";
}

/**
 * mfc_checklist_build_ticket_body:
 * @type: "application", "request", "complaint" or "suggestion"
 * @applicant_id: the applicant
 * @office_id: (nullable): the office; %NULL for the clerk's own
 * @description: (nullable): the clerk's text
 *
 * The missing mandatory items are named at the end of the description,
 * so that the ticket says what it waits for even where the client's
 * follow-up moves are not seen.
 *
 * Returns: (transfer full): the `TicketCreate` body
 */
JsonNode *
mfc_checklist_build_ticket_body (MfcChecklist *self,
                                 const char   *type,
                                 const char   *applicant_id,
                                 const char   *office_id,
                                 const char   *description)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *missing = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *documents;
  JsonNode *node;

  g_return_val_if_fail (MFC_IS_CHECKLIST (self), NULL);
  g_return_val_if_fail (type != NULL && g_strv_contains (ticket_types, type), NULL);
  g_return_val_if_fail (applicant_id != NULL, NULL);
  g_return_val_if_fail (!g_str_equal (type, "application") || self->service != NULL, NULL);

  json_object_set_string_member (body, "type", type);
  json_object_set_string_member (body, "applicant_id", applicant_id);
  if (self->service != NULL)
    json_object_set_string_member (body, "service_id", mfc_service_get_id (self->service));
  if (office_id != NULL)
    json_object_set_string_member (body, "office_id", office_id);

  if (description != NULL && description[0] != '\0')
    g_string_append (text, description);
  missing = missing_sentence (self);
  if (missing != NULL)
    g_string_append_printf (text, text->len > 0 ? "\n%s" : "%s", missing);
  if (text->len > 0)
    json_object_set_string_member (body, "description", text->str);

  documents = json_array_new ();
  for (guint i = 0; i < self->items->len; i++)
    {
      MfcChecklistItem *item = self->items->pdata[i];

      if (item->document_id != NULL)
        json_array_add_string_element (documents, item->document_id);
    }
  json_object_set_array_member (body, "documents", documents);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&body));
  return node;
}

/**
 * mfc_checklist_get_idempotency_key:
 *
 * Returns: the key of this application's create; each follow-up move
 *   uses it with the target status appended
 */
const char *
mfc_checklist_get_idempotency_key (MfcChecklist *self)
{
  g_return_val_if_fail (MFC_IS_CHECKLIST (self), NULL);

  if (self->idempotency_key == NULL)
    self->idempotency_key = g_uuid_string_random ();

  return self->idempotency_key;
}

/**
 * mfc_checklist_submit_async:
 * @client: the client to send with
 * @type, @applicant_id, @office_id, @description: as for
 *   mfc_checklist_build_ticket_body()
 *
 * Creates the ticket; when mandatory items are missing from an
 * application, moves it on to «Ожидание документов» (see the header).
 * Safe to call again after a failure: every step is idempotent.
 */
void
mfc_checklist_submit_async (MfcChecklist        *self,
                            MfcClient           *client,
                            const char          *type,
                            const char          *applicant_id,
                            const char          *office_id,
                            const char          *description,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  g_autoptr(JsonNode) body = NULL;
  GTask *task;
  SubmitData *data;

  g_return_if_fail (MFC_IS_CHECKLIST (self));
  g_return_if_fail (MFC_IS_CLIENT (client));

  body = mfc_checklist_build_ticket_body (self, type, applicant_id, office_id, description);
  g_return_if_fail (body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_checklist_submit_async);
  data = g_new0 (SubmitData, 1);
  data->client = g_object_ref (client);
  data->wait = g_str_equal (mfc_checklist_get_initial_status (self, type), "awaiting_documents");
  data->comment = missing_sentence (self);
  g_task_set_task_data (task, data, (GDestroyNotify) submit_data_free);

  mfc_client_request_async (client, "POST", query, body, NULL,
                            mfc_checklist_get_idempotency_key (self),
                            cancellable, submit_step_cb, task);
}

/**
 * mfc_checklist_submit_finish:
 *
 * Returns: (transfer full) (nullable): the ticket as the server has it
 *   after the last step (`TicketDetail`: number, status, due date…)
 */
JsonObject *
mfc_checklist_submit_finish (MfcChecklist  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
