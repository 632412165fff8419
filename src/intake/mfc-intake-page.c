/* mfc-intake-page.c — the «Приём заявителя» section: find the applicant
 * (or register a new one), check their data, then the application step.
 *
 * Three views in a stack: the search, the applicant form (an
 * MfcApplicantEditor) and the application step (MfcApplicationStep, in
 * application_slot when it is built in).  The page's shortcuts act on
 * the view shown: Ctrl+Enter submits the form or the application, Ctrl+P
 * prints the consent form or the receipt, Esc goes one view back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mfc-applicant-draft.h"
#include "mfc-applicant-editor.h"
#include "mfc-applicant-search.h"
#include "mfc-intake-page.h"
#include "mfc-print-format.h"
#include "mfc-validators.h"

#if __has_include ("mfc-application-step.h")
#include "mfc-application-step.h"
#define HAVE_APPLICATION_STEP 1
#endif

struct _MfcIntakePage
{
  MfcPage parent_instance;

  MfcApplicantSearch *search;
  MfcApplicantEditor *editor;
  GtkWidget          *step;
  guint               reveal_timeout_ms;
  guint               reveal_source;
  gboolean            revealed;
  gboolean            activate_pending;

  /* template children */
  GtkStack  *stack;
  GtkWidget *search_entry;
  GtkWidget *kind_label;
  GtkListBox *results;
  GtkWidget *status_label;
  GtkWidget *new_button;
  GtkWidget *editor_box;
  GtkWidget *application_slot;
};

G_DEFINE_FINAL_TYPE (MfcIntakePage, mfc_intake_page, MFC_TYPE_PAGE)

enum {
  PROP_0,
  PROP_REVEALED,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The page's actions, in the window's map ("win.intake-…"). */
static const MfcPageShortcut page_shortcuts[] = {
  { "<Control>n", "win.intake-new" },
  { "<Control>f", "win.intake-search" },
  { "<Control>Return", "win.intake-submit" },
  { "<Control>KP_Enter", "win.intake-submit" },
  { "<Control>p", "win.intake-print" },
  { "Escape", "win.intake-back" },
  { "<Control>h", "win.intake-reveal" },
};

static const char *
kind_name (MfcSearchKind kind)
{
  switch (kind)
    {
    case MFC_SEARCH_KIND_SNILS:
      return _("SNILS");
    case MFC_SEARCH_KIND_PASSPORT:
      return _("passport");
    case MFC_SEARCH_KIND_PHONE:
      return _("phone");
    case MFC_SEARCH_KIND_NAME:
      return _("full name");
    case MFC_SEARCH_KIND_NONE:
    default:
      return NULL;
    }
}

static char *
shown_value (MfcIntakePage *self,
             const char    *value,
             char          *(*mask) (const char *))
{
  if (value == NULL || value[0] == '\0')
    return NULL;
  if (self->revealed)
    return g_strdup (value);
  return mask (value);
}

static GtkWidget *
create_result_row (gpointer item,
                   gpointer user_data)
{
  MfcIntakePage *self = user_data;
  MfcApplicant *applicant = item;
  const char *birth = mfc_applicant_get_birth_date (applicant);
  g_autofree char *snils = shown_value (self, mfc_applicant_get_snils (applicant), mfc_print_mask_snils);
  g_autofree char *phone = shown_value (self, mfc_applicant_get_field (applicant, MFC_APPLICANT_PHONE),
                                        mfc_print_mask_phone);
  g_autoptr(GString) details = g_string_new (NULL);
  GtkWidget *row = adw_action_row_new ();

  if (birth != NULL)
    {
      GDate date;

      if (mfc_parse_date (birth, &date, NULL))
        {
          g_autofree char *text = mfc_format_date (&date);

          g_string_append_printf (details, _("born %s"), text);
        }
    }
  if (snils != NULL)
    g_string_append_printf (details, "%s" "%s %s", details->len ? " · " : "", _("SNILS"), snils);
  if (phone != NULL)
    g_string_append_printf (details, "%s" "%s %s", details->len ? " · " : "", _("phone"), phone);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mfc_applicant_get_full_name (applicant));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), details->str);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
bind_results (MfcIntakePage *self)
{
  gtk_list_box_bind_model (self->results, G_LIST_MODEL (self->search), create_result_row, self, NULL);
}

static void
update_search_status (MfcIntakePage *self)
{
  MfcSearchKind kind = mfc_applicant_search_get_kind (self->search);
  const GError *error = mfc_applicant_search_get_error (self->search);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->search));
  const char *name = kind_name (kind);
  const char *text = mfc_applicant_search_get_text (self->search);

  if (name != NULL)
    {
      g_autofree char *label = g_strdup_printf (_("Searching by: %s"), name);

      gtk_label_set_text (GTK_LABEL (self->kind_label), label);
    }
  else if (text != NULL && text[0] != '\0')
    gtk_label_set_text (GTK_LABEL (self->kind_label),
                        _("Type a SNILS, a passport series and number, a phone or at least two letters of a name"));
  else
    gtk_label_set_text (GTK_LABEL (self->kind_label), "");

  gtk_widget_set_visible (GTK_WIDGET (self->results), n > 0);
  if (error != NULL)
    {
      g_autofree char *label = g_strdup_printf (_("The search failed: %s"), error->message);

      gtk_label_set_text (GTK_LABEL (self->status_label), label);
    }
  else if (mfc_applicant_search_get_loading (self->search))
    gtk_label_set_text (GTK_LABEL (self->status_label), _("Searching…"));
  else if (name != NULL && n == 0)
    gtk_label_set_text (GTK_LABEL (self->status_label),
                        _("Nobody found. Press Enter to register a new applicant with what you typed."));
  else
    gtk_label_set_text (GTK_LABEL (self->status_label), "");
}

static void
set_revealed (MfcIntakePage *self,
              gboolean       revealed)
{
  if (self->revealed == revealed)
    return;
  self->revealed = revealed;
  mfc_applicant_editor_set_revealed (self->editor, revealed);
  bind_results (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

static gboolean
reveal_timeout_cb (gpointer user_data)
{
  MfcIntakePage *self = user_data;

  self->reveal_source = 0;
  set_revealed (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
show_view (MfcIntakePage *self,
           const char    *name)
{
  if (g_strcmp0 (name, "search") != 0)
    self->activate_pending = FALSE;
  gtk_stack_set_visible_child_name (self->stack, name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static void
open_form (MfcIntakePage    *self,
           MfcApplicantForm *form)
{
  mfc_applicant_editor_set_form (self->editor, form);
  show_view (self, "applicant");
  mfc_applicant_editor_grab_first (self->editor);
}

/* A returning applicant: the form is filled from their profile. */
static void
open_applicant (MfcIntakePage *self,
                MfcApplicant  *applicant)
{
  g_autoptr(MfcApplicantForm) form = mfc_applicant_form_new_for_applicant (applicant);

  open_form (self, form);
}

static void
open_new (MfcIntakePage *self)
{
  g_autoptr(MfcApplicantForm) form = mfc_applicant_form_new ();
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  /* What was searched for and not found is the start of the form. */
  if (text[0] != '\0' && g_list_model_get_n_items (G_LIST_MODEL (self->search)) == 0)
    mfc_applicant_form_prefill (form, text);
  open_form (self, form);
}

static void
show_application (MfcIntakePage *self,
                  MfcApplicant  *applicant)
{
#ifdef HAVE_APPLICATION_STEP
  mfc_application_step_set_applicant (MFC_APPLICATION_STEP (self->step), applicant);
  show_view (self, "application");
  mfc_application_step_grab_first (MFC_APPLICATION_STEP (self->step));
#else
  /* Without the application step the applicant stays open, saved. */
  g_autoptr(MfcApplicantForm) form = mfc_applicant_form_new_for_applicant (applicant);

  open_form (self, form);
#endif
}

static void
search_changed_cb (MfcIntakePage *self)
{
  mfc_applicant_search_set_text (self->search, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* Enter opens the row chosen with Down/Up, else the top hit, else a new
 * applicant with what was typed. */
static void
search_activate_cb (MfcIntakePage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->results);
  g_autoptr(MfcApplicant) chosen = NULL;

  /* Enter typed before the answer: the results shown are the previous
   * text's, so the search opens what this text finds once it arrives. */
  if (mfc_applicant_search_get_loading (self->search))
    {
      self->activate_pending = TRUE;
      return;
    }
  self->activate_pending = FALSE;

  if (row != NULL)
    chosen = g_list_model_get_item (G_LIST_MODEL (self->search), gtk_list_box_row_get_index (row));
  else if (mfc_applicant_search_get_top_hit (self->search) != NULL)
    chosen = g_object_ref (mfc_applicant_search_get_top_hit (self->search));

  if (chosen != NULL)
    open_applicant (self, chosen);
  else if (mfc_applicant_search_get_kind (self->search) != MFC_SEARCH_KIND_NONE &&
           !mfc_applicant_search_get_loading (self->search))
    open_new (self);
}

static void
result_activated_cb (MfcIntakePage *self,
                     GtkListBoxRow *row)
{
  g_autoptr(MfcApplicant) applicant = g_list_model_get_item (G_LIST_MODEL (self->search),
                                                             gtk_list_box_row_get_index (row));

  if (applicant != NULL)
    open_applicant (self, applicant);
}

/* Down and Up in the search field walk the results while the text stays
 * editable; Enter then opens the one chosen. */
static gboolean
search_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       MfcIntakePage         *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->results);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->search));
  int index;

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_Up) || n == 0)
    return GDK_EVENT_PROPAGATE;

  index = row != NULL ? gtk_list_box_row_get_index (row) : -1;
  if (keyval == GDK_KEY_Down)
    index = MIN (index + 1, (int) n - 1);
  else
    index = index - 1;

  if (index < 0)
    gtk_list_box_unselect_all (self->results);
  else
    gtk_list_box_select_row (self->results, gtk_list_box_get_row_at_index (self->results, index));
  return GDK_EVENT_STOP;
}

/* A new search starts with nothing chosen: Enter takes the top hit. */
static void
results_changed_cb (MfcIntakePage *self)
{
  gtk_list_box_unselect_all (self->results);
  update_search_status (self);
}

static void
search_loading_cb (MfcIntakePage *self)
{
  if (self->activate_pending && !mfc_applicant_search_get_loading (self->search))
    search_activate_cb (self);
}

static void
new_clicked_cb (MfcIntakePage *self)
{
  open_new (self);
}

static void
editor_saved_cb (MfcIntakePage *self,
                 MfcApplicant  *applicant)
{
  show_application (self, applicant);
}

static void
editor_open_applicant_cb (MfcIntakePage *self,
                          MfcApplicant  *applicant)
{
  open_applicant (self, applicant);
}

#ifdef HAVE_APPLICATION_STEP
static void
step_back_cb (MfcIntakePage *self)
{
  show_view (self, "applicant");
  mfc_applicant_editor_grab_first (self->editor);
}
#endif

/* Personal data leaves the desk with the clerk: the draft goes at logout,
 * and so does what is on screen.  A session the service ended (401) is
 * not a logout: the clerk logs in again and finds the form as typed; the
 * session then keeps its user, which a logout clears. */
static void
session_state_cb (MfcIntakePage *self,
                  GParamSpec    *pspec,
                  MfcSession    *session)
{
  g_autoptr(MfcApplicantForm) form = NULL;

  if (mfc_session_get_state (session) != MFC_SESSION_LOGGED_OUT ||
      mfc_session_get_role (session) != NULL)
    return;

  mfc_applicant_editor_discard_draft (self->editor);
  form = mfc_applicant_form_new ();
  mfc_applicant_editor_set_form (self->editor, form);
  mfc_applicant_editor_discard_draft (self->editor);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
#ifdef HAVE_APPLICATION_STEP
  mfc_application_step_set_applicant (MFC_APPLICATION_STEP (self->step), NULL);
#endif
  show_view (self, "search");
}

static void
new_action_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  open_new (MFC_INTAKE_PAGE (user_data));
}

static void
search_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  MfcIntakePage *self = MFC_INTAKE_PAGE (user_data);

  show_view (self, "search");
  gtk_widget_grab_focus (self->search_entry);
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
submit_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  MfcIntakePage *self = MFC_INTAKE_PAGE (user_data);
  const char *view = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (view, "applicant") == 0)
    mfc_applicant_editor_submit (self->editor);
#ifdef HAVE_APPLICATION_STEP
  else if (g_strcmp0 (view, "application") == 0)
    mfc_application_step_submit (MFC_APPLICATION_STEP (self->step));
#endif
  else if (g_strcmp0 (view, "search") == 0)
    search_activate_cb (self);
}

static void
print_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  MfcIntakePage *self = MFC_INTAKE_PAGE (user_data);
  const char *view = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (view, "applicant") == 0)
    mfc_applicant_editor_print_consent (self->editor);
#ifdef HAVE_APPLICATION_STEP
  else if (g_strcmp0 (view, "application") == 0)
    mfc_application_step_print (MFC_APPLICATION_STEP (self->step));
#endif
}

static void
back_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  MfcIntakePage *self = MFC_INTAKE_PAGE (user_data);
  const char *view = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (view, "application") == 0)
    {
      show_view (self, "applicant");
      mfc_applicant_editor_grab_first (self->editor);
    }
  else if (g_strcmp0 (view, "applicant") == 0)
    {
      /* The search comes back with its text; the form stays as typed
       * (and in its draft) until another applicant is opened. */
      show_view (self, "search");
      gtk_widget_grab_focus (self->search_entry);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
reveal_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  mfc_intake_page_reveal (MFC_INTAKE_PAGE (user_data));
}

static void
mfc_intake_page_add_actions (MfcPage               *page,
                             GActionMap            *actions,
                             GtkShortcutController *shortcuts)
{
  const GActionEntry entries[] = {
    { "intake-new", new_action_cb, NULL, NULL, NULL, { 0 } },
    { "intake-search", search_action_cb, NULL, NULL, NULL, { 0 } },
    { "intake-submit", submit_action_cb, NULL, NULL, NULL, { 0 } },
    { "intake-print", print_action_cb, NULL, NULL, NULL, { 0 } },
    { "intake-back", back_action_cb, NULL, NULL, NULL, { 0 } },
    { "intake-reveal", reveal_action_cb, NULL, NULL, NULL, { 0 } },
  };

  mfc_page_install_actions (page, actions, shortcuts, entries, G_N_ELEMENTS (entries),
                            page_shortcuts, G_N_ELEMENTS (page_shortcuts));
}

static void
mfc_intake_page_shown (MfcPage *page)
{
  MfcIntakePage *self = MFC_INTAKE_PAGE (page);
  const char *view = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (view, "search") == 0)
    gtk_widget_grab_focus (self->search_entry);
}

static void
mfc_intake_page_hidden (MfcPage *page)
{
  MfcIntakePage *self = MFC_INTAKE_PAGE (page);

  g_clear_handle_id (&self->reveal_source, g_source_remove);
  set_revealed (self, FALSE);
}

static void
mfc_intake_page_constructed (GObject *object)
{
  MfcIntakePage *self = MFC_INTAKE_PAGE (object);
  MfcContext *context;
  g_autofree char *draft_path = mfc_applicant_draft_get_default_path ();

  G_OBJECT_CLASS (mfc_intake_page_parent_class)->constructed (object);

  context = mfc_page_get_context (MFC_PAGE (self));
  self->search = mfc_applicant_search_new (mfc_context_get_client (context));
  g_signal_connect_object (self->search, "items-changed", G_CALLBACK (results_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search, "notify", G_CALLBACK (update_search_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search, "notify::loading", G_CALLBACK (search_loading_cb), self, G_CONNECT_SWAPPED);
  bind_results (self);
  update_search_status (self);

  self->editor = mfc_applicant_editor_new (context);
  mfc_applicant_editor_set_draft_path (self->editor, draft_path);
  g_signal_connect_object (self->editor, "saved", G_CALLBACK (editor_saved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "open-applicant", G_CALLBACK (editor_open_applicant_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->editor_box), GTK_WIDGET (self->editor));

#ifdef HAVE_APPLICATION_STEP
  self->step = GTK_WIDGET (mfc_application_step_new (context));
  gtk_widget_set_vexpand (self->step, TRUE);
  g_signal_connect_object (self->step, "back", G_CALLBACK (step_back_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->application_slot), self->step);
#endif

  g_signal_connect_object (mfc_context_get_session (context), "notify::state",
                           G_CALLBACK (session_state_cb), self, G_CONNECT_SWAPPED);

  /* A crash or a kill -9 left a form behind: it comes back. */
  if (mfc_applicant_editor_restore_draft (self->editor))
    show_view (self, "applicant");
}

static void
mfc_intake_page_dispose (GObject *object)
{
  MfcIntakePage *self = MFC_INTAKE_PAGE (object);

  g_clear_handle_id (&self->reveal_source, g_source_remove);
  if (self->results != NULL)
    gtk_list_box_bind_model (self->results, NULL, NULL, NULL, NULL);
  g_clear_object (&self->search);

  G_OBJECT_CLASS (mfc_intake_page_parent_class)->dispose (object);
}

static void
mfc_intake_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MfcIntakePage *self = MFC_INTAKE_PAGE (object);

  switch (prop_id)
    {
    case PROP_REVEALED:
      g_value_set_boolean (value, self->revealed);
      break;
    case PROP_VIEW:
      g_value_set_string (value, gtk_stack_get_visible_child_name (self->stack));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_intake_page_class_init (MfcIntakePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MfcPageClass *page_class = MFC_PAGE_CLASS (klass);

  object_class->constructed = mfc_intake_page_constructed;
  object_class->dispose = mfc_intake_page_dispose;
  object_class->get_property = mfc_intake_page_get_property;
  page_class->add_actions = mfc_intake_page_add_actions;
  page_class->shown = mfc_intake_page_shown;
  page_class->hidden = mfc_intake_page_hidden;

  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "search",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/intake/mfc-intake-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MfcIntakePage, stack);
  gtk_widget_class_bind_template_child (widget_class, MfcIntakePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MfcIntakePage, kind_label);
  gtk_widget_class_bind_template_child (widget_class, MfcIntakePage, results);
  gtk_widget_class_bind_template_child (widget_class, MfcIntakePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, MfcIntakePage, new_button);
  gtk_widget_class_bind_template_child (widget_class, MfcIntakePage, editor_box);
  gtk_widget_class_bind_template_child (widget_class, MfcIntakePage, application_slot);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_clicked_cb);
}

static void
mfc_intake_page_init (MfcIntakePage *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->reveal_timeout_ms = MFC_INTAKE_PAGE_REVEAL_MS;

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (search_key_pressed_cb), self);
  gtk_widget_add_controller (self->search_entry, keys);
}

/**
 * mfc_intake_page_reveal:
 *
 * What Ctrl+H does: СНИЛС, passport and phone are shown in full for the
 * reveal timeout (30 s), then masked again.
 */
void
mfc_intake_page_reveal (MfcIntakePage *self)
{
  g_return_if_fail (MFC_IS_INTAKE_PAGE (self));

  g_clear_handle_id (&self->reveal_source, g_source_remove);
  set_revealed (self, TRUE);
  self->reveal_source = g_timeout_add (self->reveal_timeout_ms, reveal_timeout_cb, self);
}

gboolean
mfc_intake_page_get_revealed (MfcIntakePage *self)
{
  g_return_val_if_fail (MFC_IS_INTAKE_PAGE (self), FALSE);

  return self->revealed;
}

/**
 * mfc_intake_page_set_reveal_timeout:
 * @timeout_ms: how long Ctrl+H shows personal data (for tests; the
 *   desk uses %MFC_INTAKE_PAGE_REVEAL_MS)
 */
void
mfc_intake_page_set_reveal_timeout (MfcIntakePage *self,
                                    guint          timeout_ms)
{
  g_return_if_fail (MFC_IS_INTAKE_PAGE (self));
  g_return_if_fail (timeout_ms > 0);

  self->reveal_timeout_ms = timeout_ms;
}

/**
 * mfc_intake_page_get_view:
 *
 * Returns: "search", "applicant" or "application"
 */
const char *
mfc_intake_page_get_view (MfcIntakePage *self)
{
  g_return_val_if_fail (MFC_IS_INTAKE_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

MfcApplicantSearch *
mfc_intake_page_get_search (MfcIntakePage *self)
{
  g_return_val_if_fail (MFC_IS_INTAKE_PAGE (self), NULL);

  return self->search;
}

MfcApplicantEditor *
mfc_intake_page_get_editor (MfcIntakePage *self)
{
  g_return_val_if_fail (MFC_IS_INTAKE_PAGE (self), NULL);

  return self->editor;
}

/**
 * mfc_intake_page_get_current_applicant:
 * @self: the page
 *
 * Returns: (transfer none) (nullable): the applicant of the application
 *   being taken (what the booking section books for)
 */
MfcApplicant *
mfc_intake_page_get_current_applicant (MfcIntakePage *self)
{
  g_return_val_if_fail (MFC_IS_INTAKE_PAGE (self), NULL);
#ifdef HAVE_APPLICATION_STEP
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "application") == 0)
    return mfc_application_step_get_applicant (MFC_APPLICATION_STEP (self->step));
#endif
  return NULL;
}

/**
 * mfc_intake_page_get_current_service:
 * @self: the page
 *
 * Returns: (nullable): the id of the service being taken
 */
const char *
mfc_intake_page_get_current_service (MfcIntakePage *self)
{
  g_return_val_if_fail (MFC_IS_INTAKE_PAGE (self), NULL);
#ifdef HAVE_APPLICATION_STEP
  return mfc_application_step_get_service_id (MFC_APPLICATION_STEP (self->step));
#else
  return NULL;
#endif
}

typedef struct
{
  MfcIntakePage *self;
  char          *service_id;
} OpenData;

static void
applicant_fetched_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  OpenData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcClientResponse) response = mfc_client_request_finish (MFC_CLIENT (source), result, &error);
  g_autoptr(MfcApplicant) applicant = NULL;

  if (response != NULL)
    applicant = mfc_applicant_new_from_json (mfc_client_response_get_object (response), &error);
  if (applicant == NULL)
    g_warning ("The applicant of a booked visit could not be opened: %s", error->message);
  else
    {
      show_application (data->self, applicant);
#ifdef HAVE_APPLICATION_STEP
      if (data->service_id != NULL)
        mfc_application_step_choose_service_id (MFC_APPLICATION_STEP (data->self->step), data->service_id);
#endif
    }
  g_object_unref (data->self);
  g_free (data->service_id);
  g_free (data);
}

/**
 * mfc_intake_page_open_applicant:
 * @self: the page
 * @applicant_id: a registered applicant
 * @service_id: (nullable): the service to take
 *
 * Opens the application step for them (an applicant who came to a booked
 * visit: «Пришёл» in the booking section).
 */
void
mfc_intake_page_open_applicant (MfcIntakePage *self,
                                const char    *applicant_id,
                                const char    *service_id)
{
  MfcContext *context;
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/applicants");
  OpenData *data;

  g_return_if_fail (MFC_IS_INTAKE_PAGE (self));
  g_return_if_fail (applicant_id != NULL);

  context = mfc_page_get_context (MFC_PAGE (self));
  mfc_query_add_segment (query, applicant_id);
  data = g_new0 (OpenData, 1);
  data->self = g_object_ref (self);
  data->service_id = g_strdup (service_id);
  mfc_client_get_async (mfc_context_get_client (context), query, NULL, applicant_fetched_cb, data);
}

/**
 * mfc_intake_page_get_application_step:
 *
 * For the window, which connects the step's "attach-requested" to the
 * documents section.
 *
 * Returns: (transfer none): the application step
 */
MfcApplicationStep *
mfc_intake_page_get_application_step (MfcIntakePage *self)
{
  g_return_val_if_fail (MFC_IS_INTAKE_PAGE (self), NULL);

  return MFC_APPLICATION_STEP (self->step);
}
