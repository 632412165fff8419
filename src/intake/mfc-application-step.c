/* mfc-application-step.c
 *
 * The step holds the models (catalogue, checklist) and one submitted
 * application at a time.  The application is written to the outbox, not
 * sent: the outbox commits it to disk before "submitted", gives it the
 * Idempotency-Key it keeps through retries and restarts, and reports the
 * answer through ::sent and ::rejected, which the step matches by key.
 *
 * An application with a mandatory item missing names it in the create's
 * `missing_documents` (mfc_checklist_build_ticket_body()): the service
 * starts it in «Ожидание документов» with the deadline paused, in that
 * one write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mfc-application-step.h"
#include "mfc-checklist-row.h"
#include "mfc-client-error.h"
#include "mfc-outbox.h"
#include "mfc-print-format.h"
#include "mfc-print-operation.h"
#include "mfc-receipt.h"
#include "mfc-service-catalog.h"

struct _MfcApplicationStep
{
  AdwBin              parent_instance;

  MfcContext         *context;
  MfcServiceCatalog  *catalog;
  MfcRecentServices  *recents;
  GtkSingleSelection *selection;
  GtkStringList      *category_titles;
  GPtrArray          *category_ids;     /* char *, NULL first for "all" */
  GCancellable       *cancellable;
  gboolean            catalog_loaded;
  gboolean            catalog_loading;

  MfcApplicant       *applicant;
  MfcApplicantForm   *new_applicant;   /* a new applicant, not yet created */
  MfcService         *service;
  MfcChecklist       *checklist;
  char               *pending_service;  /* chosen by id before the catalogue came */

  /* The application last submitted */
  MfcChecklist       *sent_checklist;
  MfcService         *sent_service;
  char               *sent_type;
  char               *applicant_key;
  char               *ticket_key;
  GDateTime          *queued_at;       /* when the clerk submitted it */
  gboolean            waited;          /* it waited for the connection */
  JsonObject         *ticket;          /* the answer: number, due date */
  char               *rejection;

  /* The office, fetched once: its name, address and time zone */
  char               *office_id;
  char               *office_name;
  char               *office_address;
  GTimeZone          *office_zone;
  gboolean            office_loading;
  guint               output_after_office;  /* OUTPUT_* */

  GtkSearchEntry     *service_search;
  GtkDropDown        *category_dropdown;
  GtkListView        *service_list;
  GtkLabel           *service_label;
  GtkListBox         *checklist_box;
  GtkLabel           *missing_label;
  GtkLabel           *attach_label;
  GtkDropDown        *type_dropdown;
  GtkLabel           *status_label;
  GtkLabel           *error_label;
  GtkButton          *submit_button;
  GtkButton          *print_button;
  GtkButton          *save_pdf_button;
};

G_DEFINE_FINAL_TYPE (MfcApplicationStep, mfc_application_step, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_APPLICANT,
  PROP_TICKET_NUMBER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SUBMITTED,
  REGISTERED,
  BACK,
  ATTACH_REQUESTED,
  PRINT_RECEIPT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  OUTPUT_NONE,
  OUTPUT_PRINT,
  OUTPUT_SAVE,
};

/* In the order of the type drop-down */
static const char * const ticket_types[] = { "application", "request", "complaint", "suggestion" };

static void update_status (MfcApplicationStep *self);
static void run_output    (MfcApplicationStep *self,
                           guint               output);

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static MfcOutbox *
outbox (MfcApplicationStep *self)
{
  return mfc_context_get_outbox (self->context);
}

static const char *
selected_type (MfcApplicationStep *self)
{
  guint i = gtk_drop_down_get_selected (self->type_dropdown);

  return i < G_N_ELEMENTS (ticket_types) ? ticket_types[i] : ticket_types[0];
}

static void
show_label (GtkLabel   *label,
            const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && text[0] != '\0');
}

static const char *
ticket_member (MfcApplicationStep *self,
               const char         *name)
{
  JsonNode *node = self->ticket != NULL ? json_object_get_member (self->ticket, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The server's reason for a rejection, with its per-field messages */
static char *
describe_rejection (const GError *error)
{
  const char *message = mfc_client_error_get_server_message (error);
  g_autoptr(GString) text = g_string_new (message != NULL ? message : error->message);
  static const char * const fields[] = { "service_id", "applicant_id", "office_id",
                                         "type", "description", "documents" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *field = mfc_client_error_get_field_message (error, fields[i]);

      if (field != NULL)
        g_string_append_printf (text, "\n%s", field);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The missing mandatory documents, said where the clerk looks */
static void
update_missing (MfcApplicationStep *self)
{
  g_auto(GStrv) missing = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *text = NULL;

  if (self->checklist == NULL || !g_str_equal (selected_type (self), "application"))
    {
      show_label (self->missing_label, NULL);
      return;
    }

  missing = mfc_checklist_get_missing_mandatory (self->checklist);
  if (missing[0] == NULL)
    {
      show_label (self->missing_label, NULL);
      return;
    }

  joined = g_strjoinv ("; ", missing);
  text = g_strdup_printf (_("Required documents not provided: %s. The application "
                            "will start in «Awaiting documents» with the deadline "
                            "paused until they are brought."), joined);
  show_label (self->missing_label, text);
}

/* Whether the choices on screen are the application last submitted */
static gboolean
same_application (MfcApplicationStep *self,
                  const char         *type)
{
  if (self->ticket_key == NULL || self->sent_service != self->service ||
      g_strcmp0 (self->sent_type, type) != 0)
    return FALSE;

  /* A ticket about no service went with a checklist of its own */
  return self->checklist == NULL || self->sent_checklist == self->checklist;
}

static void
update_actions (MfcApplicationStep *self)
{
  gboolean locked = self->rejection == NULL && self->checklist != NULL &&
                    same_application (self, selected_type (self));

  /* Submit stays enabled without a service or applicant: Ctrl+Enter then
   * says what is missing.  What was sent is not changed under the
   * receipt: its checklist is read-only until another service is chosen. */
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* The focus is not lost with the rows it is in (Ctrl+P comes next) */
  if (locked && focus != NULL &&
      (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->checklist_box)) ||
       gtk_widget_is_ancestor (focus, GTK_WIDGET (self->type_dropdown)) ||
       focus == GTK_WIDGET (self->type_dropdown)))
    gtk_widget_grab_focus (GTK_WIDGET (self->print_button));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "application.submit", outbox (self) != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->checklist_box), !locked);
  gtk_widget_set_sensitive (GTK_WIDGET (self->type_dropdown), !locked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "application.save-pdf", self->ticket != NULL);
}

/* A mark chosen in a checklist row */
static void
state_chosen_cb (MfcChecklistRow    *row,
                 MfcChecklistState   state,
                 MfcApplicationStep *self)
{
  MfcChecklistItem *item = mfc_checklist_row_get_item (row);
  guint id = mfc_checklist_item_get_id (item);

  if (self->checklist == NULL)
    return;

  if (state != MFC_CHECKLIST_COPY_ATTACHED)
    {
      mfc_checklist_set_state (self->checklist, id, state);
      return;
    }

  /* A copy is a scanned file: the documents section uploads it and calls
   * mfc_checklist_attach(); until then the item keeps its mark. */
  if (g_signal_has_handler_pending (self, signals[ATTACH_REQUESTED], 0, FALSE))
    g_signal_emit (self, signals[ATTACH_REQUESTED], 0, self->checklist, id);
  else
    show_label (self->attach_label,
                _("A copy is a scanned file attached in the «Documents» section; "
                  "until it is attached, mark the original as shown or the "
                  "document as not provided."));
  mfc_checklist_row_sync (row);
}

static GtkWidget *
create_checklist_row (gpointer item,
                      gpointer user_data)
{
  GtkWidget *row = mfc_checklist_row_new (item);

  g_signal_connect_object (row, "state-chosen", G_CALLBACK (state_chosen_cb), user_data, 0);
  return row;
}

static void
checklist_changed_cb (MfcApplicationStep *self)
{
  update_missing (self);
}

static void
choose_service (MfcApplicationStep *self,
                MfcService         *service)
{
  g_autofree char *text = NULL;
  guint days;

  if (service == self->service && self->checklist != NULL)
    return;

  if (self->checklist != NULL)
    g_signal_handlers_disconnect_by_data (self->checklist, self);
  g_set_object (&self->service, service);
  g_clear_object (&self->checklist);
  show_label (self->attach_label, NULL);

  if (service != NULL)
    {
      self->checklist = mfc_checklist_new (service);
      g_signal_connect_swapped (self->checklist, "notify::n-missing-mandatory",
                                G_CALLBACK (checklist_changed_cb), self);
      days = mfc_service_get_deadline_working_days (service);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s (code %s): done within %u working day",
                                           "%s (code %s): done within %u working days", days),
                              mfc_service_get_title (service), mfc_service_get_id (service), days);
    }
  gtk_list_box_bind_model (self->checklist_box, G_LIST_MODEL (self->checklist),
                           create_checklist_row, self, NULL);
  gtk_label_set_text (self->service_label,
                      text != NULL ? text : _("No service chosen: type a word or a code and press Enter."));
  update_missing (self);
  update_actions (self);
}

/* ------------------------------------------------------------------ */
/* The catalogue                                                       */

static void
fill_categories (MfcApplicationStep *self)
{
  GListModel *categories = mfc_service_catalog_get_categories (self->catalog);
  guint n = g_list_model_get_n_items (categories);

  g_ptr_array_set_size (self->category_ids, 0);
  g_ptr_array_add (self->category_ids, NULL);
  gtk_string_list_splice (self->category_titles, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->category_titles)),
                          (const char * const[]) { _("All categories"), NULL });
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MfcServiceCategory) category = g_list_model_get_item (categories, i);

      g_ptr_array_add (self->category_ids, g_strdup (mfc_service_category_get_id (category)));
      gtk_string_list_append (self->category_titles, mfc_service_category_get_title (category));
    }
}

static void
prefer_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_auto(GStrv) ids = NULL;
  g_autoptr(GError) error = NULL;

  /* Only an order: a failure leaves the recent services first. */
  ids = mfc_service_catalog_prefer_for_applicant_finish (MFC_SERVICE_CATALOG (object), result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("The applicant's earlier services are not known: %s", error->message);
}

static void
prefer_applicant (MfcApplicationStep *self)
{
  if (!self->catalog_loaded)
    return;

  mfc_service_catalog_set_preferred (self->catalog, NULL);
  if (self->applicant != NULL)
    mfc_service_catalog_prefer_for_applicant_async (self->catalog, self->applicant,
                                                    self->cancellable, prefer_cb, NULL);
}

static void
catalog_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  MfcApplicationStep *self;
  g_autoptr(GError) error = NULL;
  gboolean loaded = mfc_service_catalog_load_finish (MFC_SERVICE_CATALOG (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = MFC_APPLICATION_STEP (user_data);
  self->catalog_loading = FALSE;
  if (!loaded)
    {
      g_autofree char *text = g_strdup_printf (_("The service catalogue could not be loaded: %s"),
                                               error->message);
      show_label (self->error_label, text);
      return;
    }

  self->catalog_loaded = TRUE;
  show_label (self->error_label, self->rejection);
  fill_categories (self);
  prefer_applicant (self);
  if (self->pending_service != NULL)
    {
      g_autofree char *id = g_steal_pointer (&self->pending_service);

      mfc_application_step_choose_service_id (self, id);
    }
}

static void
load_catalog (MfcApplicationStep *self)
{
  MfcSession *session = mfc_context_get_session (self->context);

  if (self->catalog_loaded || self->catalog_loading ||
      mfc_session_get_state (session) != MFC_SESSION_LOGGED_IN)
    return;

  self->catalog_loading = TRUE;
  mfc_service_catalog_load_async (self->catalog, self->cancellable, catalog_loaded_cb, self);
}

static void
search_changed_cb (MfcApplicationStep *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->service_search));

  mfc_service_catalog_set_search (self->catalog, text);
}

/* Enter in the search takes the top service and moves on to the checklist */
static void
search_activate_cb (MfcApplicationStep *self)
{
  GListModel *services = G_LIST_MODEL (self->catalog);
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->service_search))));
  MfcService *by_code = code[0] != '\0' ? mfc_service_catalog_lookup (self->catalog, code) : NULL;
  g_autoptr(MfcService) chosen = NULL;
  guint n = g_list_model_get_n_items (services);
  guint position = 0;

  if (n == 0)
    return;

  /* A code typed whole wins over titles that merely start with it
   * (code "1" and «… достигшему 14 лет»). */
  for (guint i = 0; by_code != NULL && i < n; i++)
    {
      g_autoptr(MfcService) service = g_list_model_get_item (services, i);

      if (service == by_code)
        {
          position = i;
          break;
        }
    }

  chosen = g_list_model_get_item (services, position);
  gtk_single_selection_set_selected (self->selection, position);
  choose_service (self, chosen);
  gtk_widget_child_focus (GTK_WIDGET (self->checklist_box), GTK_DIR_TAB_FORWARD);
}

static gboolean
search_key_cb (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               MfcApplicationStep    *self)
{
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->catalog)) > 0)
    return gtk_widget_child_focus (GTK_WIDGET (self->service_list), GTK_DIR_TAB_FORWARD);

  return FALSE;
}

static void
list_activate_cb (MfcApplicationStep *self,
                  guint               position)
{
  g_autoptr(MfcService) service = g_list_model_get_item (G_LIST_MODEL (self->catalog), position);

  if (service == NULL)
    return;
  choose_service (self, service);
  gtk_widget_child_focus (GTK_WIDGET (self->checklist_box), GTK_DIR_TAB_FORWARD);
}

static void
category_cb (MfcApplicationStep *self)
{
  guint i = gtk_drop_down_get_selected (self->category_dropdown);

  mfc_service_catalog_set_category (self->catalog,
                                    i < self->category_ids->len ? self->category_ids->pdata[i] : NULL);
}

static void
setup_service_row_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), details);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_service_row_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item)
{
  MfcService *service = gtk_list_item_get_item (list_item);
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  GtkWidget *details = gtk_widget_get_next_sibling (title);
  guint days = mfc_service_get_deadline_working_days (service);
  guint n_documents = mfc_service_get_n_required_documents (service);
  g_autofree char *deadline = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u working day",
                                                            "%u working days", days), days);
  g_autofree char *documents = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u document",
                                                             "%u documents", n_documents),
                                                n_documents);
  g_autofree char *text = g_strdup_printf (_("Code %s · %s · %s · %s"),
                                           mfc_service_get_id (service),
                                           mfc_service_get_category_title (service),
                                           deadline, documents);

  gtk_label_set_text (GTK_LABEL (title), mfc_service_get_title (service));
  gtk_label_set_text (GTK_LABEL (details), text);
}

/* ------------------------------------------------------------------ */
/* The office                                                          */

static void
office_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  MfcApplicationStep *self;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *office;
  guint output;

  response = mfc_client_request_finish (MFC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = MFC_APPLICATION_STEP (user_data);
  self->office_loading = FALSE;
  output = self->output_after_office;
  self->output_after_office = OUTPUT_NONE;
  if (response == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The office's details could not be loaded: %s"),
                                               error->message);
      show_label (self->error_label, text);
      return;
    }

  office = mfc_client_response_get_object (response);
  g_free (self->office_name);
  self->office_name = g_strdup (json_object_get_string_member_with_default (office, "name", NULL));
  g_free (self->office_address);
  self->office_address = g_strdup (json_object_get_string_member_with_default (office, "address", NULL));
  g_clear_pointer (&self->office_zone, g_time_zone_unref);
  self->office_zone = g_time_zone_new_identifier (json_object_get_string_member_with_default (office, "timezone", ""));
  if (self->office_zone == NULL)
    self->office_zone = g_time_zone_new_utc ();

  if (output != OUTPUT_NONE)
    run_output (self, output);
}

/* GET /api/v1/offices/{id} once per office: the receipt needs its name,
 * address and time zone. */
static void
load_office (MfcApplicationStep *self)
{
  const char *office_id = mfc_session_get_office_id (mfc_context_get_session (self->context));
  g_autoptr(MfcQuery) query = NULL;

  if (office_id == NULL || self->office_loading)
    return;
  if (g_strcmp0 (office_id, self->office_id) == 0 && self->office_zone != NULL)
    return;

  g_free (self->office_id);
  self->office_id = g_strdup (office_id);
  g_clear_pointer (&self->office_zone, g_time_zone_unref);
  query = mfc_query_new ("/api/v1/offices");
  mfc_query_add_segment (query, office_id);
  self->office_loading = TRUE;
  mfc_client_request_async (mfc_context_get_client (self->context), "GET", query, NULL, NULL,
                            NULL, self->cancellable, office_cb, self);
}

static void
session_state_cb (MfcApplicationStep *self)
{
  MfcSession *session = mfc_context_get_session (self->context);

  /* Recent services are the clerk's own: another login, another list */
  if (mfc_session_get_state (session) == MFC_SESSION_LOGGED_IN)
    mfc_recent_services_set_clerk (self->recents, mfc_session_get_login (session));
  load_catalog (self);
  load_office (self);
}

/* ------------------------------------------------------------------ */
/* Submit and the outbox's answers                                     */

typedef struct
{
  MfcApplicationStep *self;
  char               *key;
} Enqueue;

static void
enqueue_free (Enqueue *data)
{
  g_object_unref (data->self);
  g_free (data->key);
  g_free (data);
}

static void forget_submitted (MfcApplicationStep *self);

static void
enqueue_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Enqueue *data = user_data;
  MfcApplicationStep *self = data->self;
  g_autoptr(GError) error = NULL;

  if (!mfc_outbox_enqueue_finish (MFC_OUTBOX (object), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The application could not be saved: %s"),
                                               error->message);

      /* Not queued: the choices are still here to submit again. */
      if (g_strcmp0 (data->key, self->ticket_key) == 0 ||
          g_strcmp0 (data->key, self->applicant_key) == 0)
        forget_submitted (self);
      update_status (self);
      show_label (self->error_label, text);
    }
  /* "submitted" once the application is on disk, not before */
  else if (g_strcmp0 (data->key, self->ticket_key) == 0)
    g_signal_emit (self, signals[SUBMITTED], 0, data->key);

  enqueue_free (data);
}

static void
enqueue (MfcApplicationStep *self,
         MfcOutboxEntry     *entry)
{
  Enqueue *data = g_new0 (Enqueue, 1);

  data->self = g_object_ref (self);
  data->key = g_strdup (mfc_outbox_entry_get_key (entry));
  mfc_outbox_enqueue_async (outbox (self), entry, enqueue_cb, data);
}

static void
outbox_sent_cb (MfcOutbox          *box,
                const char         *key,
                const char         *kind,
                JsonObject         *answer,
                MfcApplicationStep *self)
{
  if (g_strcmp0 (key, self->applicant_key) == 0 && answer != NULL)
    {
      g_autoptr(MfcApplicant) applicant = mfc_applicant_new_from_json (answer, NULL);

      if (applicant != NULL)
        {
          g_set_object (&self->applicant, applicant);
          g_clear_object (&self->new_applicant);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICANT]);
        }
      return;
    }

  if (g_strcmp0 (key, self->ticket_key) != 0 || answer == NULL || self->ticket != NULL)
    return;

  self->ticket = json_object_ref (answer);
  g_clear_pointer (&self->rejection, g_free);
  show_label (self->error_label, NULL);
  load_office (self);
  update_status (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET_NUMBER]);
  g_signal_emit (self, signals[REGISTERED], 0, ticket_member (self, "number"));
}

static void
outbox_rejected_cb (MfcOutbox          *box,
                    const char         *key,
                    const char         *kind,
                    const GError       *error,
                    MfcApplicationStep *self)
{
  if (g_strcmp0 (key, self->ticket_key) != 0 && g_strcmp0 (key, self->applicant_key) != 0)
    return;

  /* A dependent write rejected because the applicant was: the
   * applicant's rejection already said why. */
  if (g_error_matches (error, MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_DEPENDENCY_REJECTED) &&
      self->rejection != NULL)
    return;

  g_free (self->rejection);
  self->rejection = describe_rejection (error);
  update_status (self);
}

static void
outbox_state_cb (MfcApplicationStep *self)
{
  update_status (self);
}

static void
update_status (MfcApplicationStep *self)
{
  g_autofree char *text = NULL;
  g_autofree char *rejection = NULL;

  update_actions (self);
  if (self->rejection != NULL)
    rejection = g_strdup_printf (_("The service did not accept the application: %s\n"
                                   "Nothing is lost: correct it and submit again."),
                                 self->rejection);
  show_label (self->error_label, rejection);

  if (self->ticket_key == NULL)
    {
      show_label (self->status_label, NULL);
      return;
    }

  if (self->ticket != NULL)
    {
      g_autofree char *due = mfc_receipt_format_due_date (self->ticket);
      gboolean waits = g_strcmp0 (ticket_member (self, "status"), "awaiting_documents") == 0;

      if (!waits)
        text = g_strdup_printf (_("Application No. %s is registered. Due date: %s"),
                                ticket_member (self, "number"), due != NULL ? due : "—");
      else
        text = g_strdup_printf (_("Application No. %s is registered and awaits documents; "
                                  "its deadline is paused (now %s)"),
                                ticket_member (self, "number"), due != NULL ? due : "—");
    }
  else if (self->rejection != NULL)
    text = g_strdup (_("The application is kept, not registered."));
  else if (outbox (self) != NULL && mfc_outbox_get_paused (outbox (self)))
    text = g_strdup (_("The session has ended. The application is saved and will be "
                       "registered after you log in again; the receipt can be printed "
                       "once it has its number."));
  else if (outbox (self) != NULL && !mfc_outbox_get_online (outbox (self)))
    {
      /* Remembered for the receipt: the applicant came before the number */
      self->waited = TRUE;
      text = g_strdup (_("No connection to the service. The application is saved and will be "
                         "registered when the connection is restored; the receipt can be "
                         "printed once the number arrives. You may go on with the next "
                         "applicant meanwhile."));
    }
  else
    text = g_strdup (_("Sent, waiting for the number…"));

  show_label (self->status_label, text);
}

static void
forget_submitted (MfcApplicationStep *self)
{
  g_clear_object (&self->sent_checklist);
  g_clear_object (&self->sent_service);
  g_clear_pointer (&self->sent_type, g_free);
  g_clear_pointer (&self->applicant_key, g_free);
  g_clear_pointer (&self->ticket_key, g_free);
  g_clear_pointer (&self->ticket, json_object_unref);
  g_clear_pointer (&self->rejection, g_free);
  self->waited = FALSE;
  g_clear_pointer (&self->queued_at, g_date_time_unref);
}

/* A rejected application corrected and submitted again: the outbox keeps
 * the write and its dependants, and retries it with the new body. */
static gboolean
retry_rejected (MfcApplicationStep *self,
                JsonNode           *body)
{
  g_autoptr(MfcOutboxEntry) entry = mfc_outbox_lookup (outbox (self), self->ticket_key);
  g_autoptr(GError) error = NULL;
  char *key;

  if (entry == NULL || mfc_outbox_entry_get_state (entry) != MFC_OUTBOX_STATE_REJECTED)
    return FALSE;

  key = mfc_outbox_retry (outbox (self), self->ticket_key, body, &error);
  if (key == NULL)
    {
      show_label (self->error_label, error->message);
      return TRUE;
    }

  g_free (self->ticket_key);
  self->ticket_key = key;
  g_clear_pointer (&self->rejection, g_free);
  g_set_object (&self->sent_checklist, self->checklist);
  g_free (self->sent_type);
  self->sent_type = g_strdup (selected_type (self));
  update_status (self);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Receipt                                                             */

static gboolean
print_receipt_default (MfcApplicationStep *self,
                       MfcPrintDocument   *receipt)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    mfc_print_document_print (receipt, GTK_WINDOW (root));
  return TRUE;
}

static void
run_output (MfcApplicationStep *self,
            guint               output)
{
  g_autoptr(MfcPrintDocument) receipt = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gboolean handled = FALSE;

  if (self->ticket == NULL)
    {
      show_label (self->status_label,
                  self->ticket_key != NULL
                  ? _("The receipt can be printed once the application has its number. "
                      "It waits in the queue and is sent by itself; the number appears here.")
                  : _("Submit the application first: the receipt carries its number."));
      return;
    }

  if (self->office_zone == NULL)
    {
      /* Printed as soon as the office is known */
      self->output_after_office = output;
      load_office (self);
      return;
    }

  receipt = mfc_application_step_dup_receipt (self);
  if (output == OUTPUT_PRINT)
    g_signal_emit (self, signals[PRINT_RECEIPT], 0, receipt, &handled);
  else if (GTK_IS_WINDOW (root))
    {
      g_autofree char *name = mfc_receipt_suggest_file_name (self->ticket);

      mfc_print_document_save_pdf (receipt, GTK_WINDOW (root), name);
    }
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  mfc_application_step_submit (MFC_APPLICATION_STEP (widget));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  mfc_application_step_print (MFC_APPLICATION_STEP (widget));
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  mfc_application_step_save_pdf (MFC_APPLICATION_STEP (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[BACK], 0);
}

/* The search entry takes Esc for itself ("stop-search"): the first
 * clears what was typed, the next goes back like Esc elsewhere. */
static void
stop_search_cb (MfcApplicationStep *self)
{
  if (gtk_editable_get_text (GTK_EDITABLE (self->service_search))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->service_search), "");
  else
    g_signal_emit (self, signals[BACK], 0);
}

static void
type_changed_cb (MfcApplicationStep *self)
{
  update_missing (self);
  update_actions (self);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
mfc_application_step_dispose (GObject *object)
{
  MfcApplicationStep *self = MFC_APPLICATION_STEP (object);

  g_cancellable_cancel (self->cancellable);
  if (self->context != NULL && outbox (self) != NULL)
    g_signal_handlers_disconnect_by_data (outbox (self), self);
  if (self->checklist != NULL)
    g_signal_handlers_disconnect_by_data (self->checklist, self);
  if (self->checklist_box != NULL)
    gtk_list_box_bind_model (self->checklist_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MFC_TYPE_APPLICATION_STEP);

  g_clear_object (&self->selection);
  g_clear_object (&self->catalog);
  g_clear_object (&self->recents);
  g_clear_object (&self->applicant);
  g_clear_object (&self->new_applicant);
  g_clear_object (&self->service);
  g_clear_object (&self->checklist);
  forget_submitted (self);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (mfc_application_step_parent_class)->dispose (object);
}

static void
mfc_application_step_finalize (GObject *object)
{
  MfcApplicationStep *self = MFC_APPLICATION_STEP (object);

  g_clear_pointer (&self->pending_service, g_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->category_ids, g_ptr_array_unref);
  g_free (self->office_id);
  g_free (self->office_name);
  g_free (self->office_address);
  g_clear_pointer (&self->office_zone, g_time_zone_unref);

  G_OBJECT_CLASS (mfc_application_step_parent_class)->finalize (object);
}

static void
mfc_application_step_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MfcApplicationStep *self = MFC_APPLICATION_STEP (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_APPLICANT:
      g_value_set_object (value, self->applicant);
      break;
    case PROP_TICKET_NUMBER:
      g_value_set_string (value, mfc_application_step_get_ticket_number (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_application_step_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MfcApplicationStep *self = MFC_APPLICATION_STEP (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_APPLICANT:
      mfc_application_step_set_applicant (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_application_step_constructed (GObject *object)
{
  MfcApplicationStep *self = MFC_APPLICATION_STEP (object);
  g_autofree char *recents_path = g_build_filename (g_get_user_data_dir (), "mfc-desk",
                                                    "recent-services.ini", NULL);
  GtkListItemFactory *factory;

  G_OBJECT_CLASS (mfc_application_step_parent_class)->constructed (object);

  g_assert (MFC_IS_CONTEXT (self->context));

  self->recents = mfc_recent_services_new (recents_path);
  self->catalog = mfc_service_catalog_new (mfc_context_get_client (self->context), self->recents);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->catalog)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->service_list, GTK_SELECTION_MODEL (self->selection));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_service_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_service_row_cb), NULL);
  gtk_list_view_set_factory (self->service_list, factory);
  g_object_unref (factory);

  if (outbox (self) != NULL)
    {
      g_signal_connect_object (outbox (self), "sent", G_CALLBACK (outbox_sent_cb), self, 0);
      g_signal_connect_object (outbox (self), "rejected", G_CALLBACK (outbox_rejected_cb), self, 0);
      g_signal_connect_object (outbox (self), "notify::online", G_CALLBACK (outbox_state_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (outbox (self), "notify::paused", G_CALLBACK (outbox_state_cb),
                               self, G_CONNECT_SWAPPED);
    }
  else
    show_label (self->error_label,
                _("The queue of writes could not be opened: applications cannot be submitted."));

  g_signal_connect_object (mfc_context_get_session (self->context), "notify::state",
                           G_CALLBACK (session_state_cb), self, G_CONNECT_SWAPPED);
  session_state_cb (self);
  update_actions (self);
}

static void
mfc_application_step_class_init (MfcApplicationStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mfc_application_step_constructed;
  object_class->dispose = mfc_application_step_dispose;
  object_class->finalize = mfc_application_step_finalize;
  object_class->get_property = mfc_application_step_get_property;
  object_class->set_property = mfc_application_step_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MFC_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_APPLICANT] =
    g_param_spec_object ("applicant", NULL, NULL, MFC_TYPE_APPLICANT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TICKET_NUMBER] =
    g_param_spec_string ("ticket-number", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcApplicationStep::submitted:
   * @outbox_key: the Idempotency-Key of the queued ticket
   */
  signals[SUBMITTED] =
    g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * MfcApplicationStep::registered:
   * @ticket_number: the number the service gave the application
   */
  signals[REGISTERED] =
    g_signal_new ("registered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[BACK] =
    g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * MfcApplicationStep::attach-requested:
   * @checklist: the checklist of the application being prepared
   * @item_id: the item a scanned copy is wanted for
   *
   * The documents section answers with mfc_checklist_attach().
   */
  signals[ATTACH_REQUESTED] =
    g_signal_new ("attach-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, MFC_TYPE_CHECKLIST, G_TYPE_UINT);
  /**
   * MfcApplicationStep::print-receipt:
   * @receipt: the receipt of the registered application
   *
   * Returns: %TRUE when a handler printed it (the default opens the print
   *   dialog)
   */
  signals[PRINT_RECEIPT] =
    g_signal_new_class_handler ("print-receipt", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (print_receipt_default),
                                g_signal_accumulator_true_handled, NULL, NULL,
                                G_TYPE_BOOLEAN, 1, MFC_TYPE_PRINT_DOCUMENT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mfcdesk/MfcDesk/intake/mfc-application-step.ui");
  gtk_widget_class_bind_template_child (widget_class, MfcApplicationStep, service_search);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicationStep, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicationStep, service_list);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicationStep, service_label);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicationStep, checklist_box);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicationStep, missing_label);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicationStep, attach_label);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicationStep, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicationStep, status_label);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicationStep, error_label);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicationStep, submit_button);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicationStep, print_button);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicationStep, save_pdf_button);

  gtk_widget_class_install_action (widget_class, "application.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "application.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "application.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_install_action (widget_class, "application.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "application.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "application.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "application.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "application.back", NULL);
}

static void
mfc_application_step_init (MfcApplicationStep *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->category_ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->category_ids, NULL);
  self->category_titles = gtk_string_list_new ((const char * const[]) { _("All categories"), NULL });
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (self->category_titles));
  g_object_unref (self->category_titles);

  g_signal_connect_swapped (self->service_search, "search-changed",
                            G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->service_search, "stop-search",
                            G_CALLBACK (stop_search_cb), self);
  g_signal_connect_swapped (self->service_search, "activate",
                            G_CALLBACK (search_activate_cb), self);
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (search_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->service_search), keys);
  g_signal_connect_swapped (self->service_list, "activate",
                            G_CALLBACK (list_activate_cb), self);
  g_signal_connect_swapped (self->category_dropdown, "notify::selected",
                            G_CALLBACK (category_cb), self);
  g_signal_connect_swapped (self->type_dropdown, "notify::selected",
                            G_CALLBACK (type_changed_cb), self);
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */

MfcApplicationStep *
mfc_application_step_new (MfcContext *context)
{
  g_return_val_if_fail (MFC_IS_CONTEXT (context), NULL);

  return g_object_new (MFC_TYPE_APPLICATION_STEP, "context", context, NULL);
}

/**
 * mfc_application_step_set_applicant:
 * @applicant: (nullable): the applicant the application is for; %NULL clears
 *
 * The applicant's earlier services move to the head of the catalogue.
 * An application already submitted keeps going (its number still
 * arrives); a new applicant starts a new application.
 */
void
mfc_application_step_set_applicant (MfcApplicationStep *self,
                                    MfcApplicant       *applicant)
{
  g_return_if_fail (MFC_IS_APPLICATION_STEP (self));
  g_return_if_fail (applicant == NULL || MFC_IS_APPLICANT (applicant));

  g_clear_object (&self->new_applicant);
  if (self->applicant == applicant)
    return;

  if (self->applicant == NULL || applicant == NULL ||
      g_strcmp0 (mfc_applicant_get_id (self->applicant), mfc_applicant_get_id (applicant)) != 0)
    {
      /* Another person: a waiting application is still sent by the
       * outbox (and its number shown in the tickets section), but this
       * step now prepares a new one. */
      forget_submitted (self);
      choose_service (self, NULL);
      gtk_editable_set_text (GTK_EDITABLE (self->service_search), "");
      gtk_drop_down_set_selected (self->type_dropdown, 0);
    }

  g_set_object (&self->applicant, applicant);
  load_catalog (self);
  prefer_applicant (self);
  update_status (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICANT]);
}

/**
 * mfc_application_step_get_applicant:
 *
 * Returns: (transfer none) (nullable): the applicant (a new one once created)
 */
MfcApplicant *
mfc_application_step_get_applicant (MfcApplicationStep *self)
{
  g_return_val_if_fail (MFC_IS_APPLICATION_STEP (self), NULL);

  return self->applicant;
}

/**
 * mfc_application_step_set_new_applicant:
 * @form: a valid new applicant with consent recorded, not yet created
 *
 * On submit, the applicant is queued first (`applicant.create`) and the
 * application as a write depending on it, its `applicant_id` taken from
 * the created applicant: both wait in the outbox together.
 */
void
mfc_application_step_set_new_applicant (MfcApplicationStep *self,
                                        MfcApplicantForm   *form)
{
  g_return_if_fail (MFC_IS_APPLICATION_STEP (self));
  g_return_if_fail (MFC_IS_APPLICANT_FORM (form));

  mfc_application_step_set_applicant (self, NULL);
  g_set_object (&self->new_applicant, form);
  update_actions (self);
}

/**
 * mfc_application_step_submit:
 *
 * Queues the application in the context's outbox (what Ctrl+Enter does).
 * Nothing is sent twice: while the application waits for its number, or
 * once it has one, submitting again does nothing; a rejected one is
 * retried with the corrected choices.
 */
void
mfc_application_step_submit (MfcApplicationStep *self)
{
  MfcSession *session;
  const char *type;
  g_autoptr(MfcChecklist) bare = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(MfcQuery) query = NULL;
  g_autoptr(MfcOutboxEntry) applicant_entry = NULL;
  g_autoptr(MfcOutboxEntry) ticket_entry = NULL;
  MfcChecklist *checklist;

  g_return_if_fail (MFC_IS_APPLICATION_STEP (self));

  type = selected_type (self);
  if (outbox (self) == NULL)
    return;
  if (self->applicant == NULL && self->new_applicant == NULL)
    {
      show_label (self->error_label, _("Find or register the applicant first."));
      return;
    }
  if (self->service == NULL && g_str_equal (type, "application"))
    {
      show_label (self->error_label, _("Choose the service the application is for."));
      gtk_widget_grab_focus (GTK_WIDGET (self->service_search));
      return;
    }

  /* A ticket about no service still goes through a checklist (empty) */
  checklist = self->checklist;
  if (checklist == NULL)
    checklist = bare = mfc_checklist_new (NULL);

  session = mfc_context_get_session (self->context);
  body = mfc_checklist_build_ticket_body (checklist, type,
                                          self->applicant != NULL ? mfc_applicant_get_id (self->applicant) : "",
                                          mfc_session_get_office_id (session), NULL);

  /* The same application is never queued twice: while it waits for its
   * number, once it has one, or (rejected) retried with the corrections.
   * Another service chosen since is another application. */
  if (same_application (self, type))
    {
      if (self->ticket == NULL && self->rejection != NULL && retry_rejected (self, body))
        return;
      update_status (self);
      return;
    }

  forget_submitted (self);
  show_label (self->error_label, NULL);

  if (self->applicant == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) applicant_body = mfc_applicant_form_build_create_body (self->new_applicant, &error);
      g_autoptr(MfcQuery) applicants = mfc_query_new ("/api/v1/applicants");

      if (applicant_body == NULL)
        {
          show_label (self->error_label, error->message);
          return;
        }
      applicant_entry = mfc_outbox_entry_new ("applicant.create", "POST", applicants, applicant_body);
      mfc_outbox_entry_set_personal (applicant_entry, TRUE);
      self->applicant_key = g_strdup (mfc_outbox_entry_get_key (applicant_entry));
    }

  query = mfc_query_new ("/api/v1/tickets");
  ticket_entry = mfc_outbox_entry_new ("ticket.create", "POST", query, body);
  mfc_outbox_entry_set_personal (ticket_entry, TRUE);
  if (applicant_entry != NULL)
    {
      mfc_outbox_entry_set_depends_on (ticket_entry, self->applicant_key);
      mfc_outbox_entry_add_substitution (ticket_entry, "applicant_id", "id");
    }

  self->ticket_key = g_strdup (mfc_outbox_entry_get_key (ticket_entry));
  self->sent_checklist = g_object_ref (checklist);
  self->sent_service = self->service != NULL ? g_object_ref (self->service) : NULL;
  self->sent_type = g_strdup (type);
  self->queued_at = g_date_time_new_now_utc ();

  if (applicant_entry != NULL)
    enqueue (self, applicant_entry);
  enqueue (self, ticket_entry);
  if (self->service != NULL)
    mfc_service_catalog_note_used (self->catalog, mfc_service_get_id (self->service));

  update_status (self);
}

/**
 * mfc_application_step_print:
 *
 * Prints the receipt of the last registered application (what Ctrl+P
 * does).  Before the number arrives it says so and prints nothing.
 */
void
mfc_application_step_print (MfcApplicationStep *self)
{
  g_return_if_fail (MFC_IS_APPLICATION_STEP (self));

  run_output (self, OUTPUT_PRINT);
}

/**
 * mfc_application_step_save_pdf:
 *
 * «Сохранить PDF» of the receipt, asking where.
 */
void
mfc_application_step_save_pdf (MfcApplicationStep *self)
{
  g_return_if_fail (MFC_IS_APPLICATION_STEP (self));

  run_output (self, OUTPUT_SAVE);
}

/**
 * mfc_application_step_grab_first:
 *
 * Focuses the service search.
 */
gboolean
mfc_application_step_grab_first (MfcApplicationStep *self)
{
  g_return_val_if_fail (MFC_IS_APPLICATION_STEP (self), FALSE);

  return gtk_widget_grab_focus (GTK_WIDGET (self->service_search));
}

/**
 * mfc_application_step_get_catalog:
 *
 * Returns: (transfer none): the service catalogue the step shows
 */
MfcServiceCatalog *
mfc_application_step_get_catalog (MfcApplicationStep *self)
{
  g_return_val_if_fail (MFC_IS_APPLICATION_STEP (self), NULL);

  return self->catalog;
}

/**
 * mfc_application_step_get_checklist:
 *
 * The documents section attaches scanned copies here
 * (mfc_checklist_attach()).
 *
 * Returns: (transfer none) (nullable): the checklist of the chosen service
 */
MfcChecklist *
mfc_application_step_get_checklist (MfcApplicationStep *self)
{
  g_return_val_if_fail (MFC_IS_APPLICATION_STEP (self), NULL);

  return self->checklist;
}

/**
 * mfc_application_step_get_ticket_number:
 *
 * Returns: (nullable): the number of the last submitted application,
 *   once the service gave it
 */
const char *
mfc_application_step_get_ticket_number (MfcApplicationStep *self)
{
  g_return_val_if_fail (MFC_IS_APPLICATION_STEP (self), NULL);

  return ticket_member (self, "number");
}

/**
 * mfc_application_step_dup_receipt:
 *
 * Returns: (transfer full) (nullable): the receipt of the last registered
 *   application; %NULL before its number or the office is known
 */
MfcPrintDocument *
mfc_application_step_dup_receipt (MfcApplicationStep *self)
{
  MfcPrintDocument *receipt;
  MfcSession *session;

  g_return_val_if_fail (MFC_IS_APPLICATION_STEP (self), NULL);

  if (self->ticket == NULL || self->applicant == NULL || self->office_zone == NULL)
    return NULL;

  session = mfc_context_get_session (self->context);
  receipt = mfc_receipt_build (self->ticket, self->applicant, self->sent_service,
                               self->sent_checklist, self->office_name, self->office_address,
                               mfc_session_get_full_name (session), self->office_zone,
                               mfc_context_get_training (self->context));

  /* The applicant was there earlier than the printed registration time */
  if (self->waited && self->queued_at != NULL)
    {
      g_autofree char *when = mfc_print_format_date_time (self->queued_at, self->office_zone);
      g_autofree char *note =
        g_strdup_printf (_("The application was accepted on %s without a connection to the "
                           "service and registered when the connection was restored."), when);

      mfc_print_document_set_footer (receipt, note);
    }

  return receipt;
}

/**
 * mfc_application_step_get_service_id:
 * @self: the step
 *
 * Returns: (nullable): the id of the service chosen (what the booking
 *   section filters its offices by)
 */
const char *
mfc_application_step_get_service_id (MfcApplicationStep *self)
{
  g_return_val_if_fail (MFC_IS_APPLICATION_STEP (self), NULL);

  return self->service != NULL ? mfc_service_get_id (self->service) : NULL;
}

/**
 * mfc_application_step_choose_service_id:
 * @self: the step
 * @service_id: a service of the catalogue
 *
 * Chooses the service (an applicant who came to a booked visit); before
 * the catalogue is loaded, as soon as it is.
 */
void
mfc_application_step_choose_service_id (MfcApplicationStep *self,
                                        const char         *service_id)
{
  MfcService *service;

  g_return_if_fail (MFC_IS_APPLICATION_STEP (self));
  g_return_if_fail (service_id != NULL);

  service = self->catalog_loaded ? mfc_service_catalog_lookup (self->catalog, service_id) : NULL;
  if (service != NULL)
    choose_service (self, service);
  else if (!self->catalog_loaded)
    {
      g_free (self->pending_service);
      self->pending_service = g_strdup (service_id);
    }
}
