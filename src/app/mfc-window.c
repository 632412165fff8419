/* mfc-window.c — the frame the four sections live in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-app"

#include "config.h"

#include <glib/gi18n.h>

#include "mfc-booking-page.h"
#include "mfc-documents-page.h"
#include "mfc-intake-page.h"
#include "mfc-lock-screen.h"
#include "mfc-login-page.h"
#include "mfc-outbox-indicator.h"
#include "mfc-tickets-page.h"
#include "mfc-window.h"

/* The sections, in the order of their tabs and of Ctrl+1…9.  A new
 * section is a folder with an MfcPage subclass and a row here: the tab,
 * the win.section action, its shortcut and the shortcuts window follow. */
typedef struct
{
  const char *name;             /* the stack page and win.section target */
  const char *title;            /* translatable */
  const char *icon_name;
  GType     (*get_type) (void);
} MfcWindowSection;

static const MfcWindowSection sections[] = {
  { "intake",    N_("Applicant Intake"), "contact-new-symbolic",       mfc_intake_page_get_type },
  { "documents", N_("Documents"),        "scanner-symbolic",           mfc_documents_page_get_type },
  { "booking",   N_("Appointments"),     "x-office-calendar-symbolic", mfc_booking_page_get_type },
  { "tickets",   N_("Tickets"),          "view-list-symbolic",         mfc_tickets_page_get_type },
};

G_STATIC_ASSERT (G_N_ELEMENTS (sections) <= 9);

struct _MfcWindow
{
  AdwApplicationWindow  parent_instance;

  MfcContext           *context;
  MfcSession           *session;
  MfcLoginPage         *login_page;
  MfcLockScreen        *lock_screen;
  MfcOutbox            *outbox;
  MfcOutboxIndicator   *outbox_indicator;
  AdwToast             *rejection_toast;  /* while shown */
  guint                 n_toast_rejections;
  GtkWidget            *unsent_dialog;    /* the question before logout or closing */
  gboolean              close_confirmed;
  /* Owned by the window, as its controller: pages add their shortcuts. */
  GtkShortcutController *shortcuts;

  /* Template widgets */
  AdwViewStack         *stack;
  GtkStack             *pages;
  GtkWidget            *switcher_title;
  GtkWidget            *training_banner;
  AdwHeaderBar         *header_bar;
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *outbox_warning;
  GtkLabel             *outbox_warning_label;
};

G_DEFINE_FINAL_TYPE (MfcWindow, mfc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_section (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (sections[i].name, name) == 0)
      return TRUE;
  return FALSE;
}

/* A page is active when the clerk sees it: its tab is chosen and the work
 * page shows (not the login or the lock screen).  The one that goes is
 * told before the one that comes. */
static void
update_active_section (MfcWindow *self)
{
  gboolean working = g_strcmp0 (gtk_stack_get_visible_child_name (self->pages), "work") == 0;
  GtkWidget *visible = adw_view_stack_get_visible_child (self->stack);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (MFC_IS_PAGE (child) && (child != visible || !working))
      mfc_page_set_active (MFC_PAGE (child), FALSE);

  if (working && MFC_IS_PAGE (visible))
    mfc_page_set_active (MFC_PAGE (visible), TRUE);
}

static void
section_change_state_cb (GSimpleAction *action,
                         GVariant      *value,
                         gpointer       user_data)
{
  MfcWindow *self = user_data;

  mfc_window_set_section (self, g_variant_get_string (value, NULL));
}

static void
lock_activated_cb (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  MfcWindow *self = user_data;

  mfc_session_lock (self->session);
}

static void
logout_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MfcOutbox) outbox = user_data;
  g_autoptr(GError) error = NULL;

  /* The session is logged out whatever happened; only the keyring can
   * have failed, and then the token is useless anyway. */
  if (!mfc_session_logout_finish (MFC_SESSION (object), result, &error))
    g_warning ("Logout: %s", error->message);

  /* What was sent needs no personal data on this computer any more. */
  mfc_outbox_wipe_personal (outbox);
}

static void
log_out (MfcWindow *self)
{
  mfc_session_logout_async (self->session, NULL, logout_cb, g_object_ref (self->outbox));
}

/* The current clerk's writes that a logout or closing leaves queued */
static guint
n_unsent (MfcWindow *self)
{
  const char *server = mfc_client_get_base_url (mfc_session_get_client (self->session));
  const char *login = mfc_session_get_login (self->session);

  if (mfc_session_get_state (self->session) == MFC_SESSION_LOGGED_OUT ||
      server == NULL || login == NULL)
    return 0;
  return mfc_outbox_get_n_unsent_for_owner (self->outbox, server, login);
}

typedef enum {
  UNSENT_LOGOUT,
  UNSENT_CLOSE,
} UnsentQuestion;

static void
unsent_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    MfcWindow        *self)
{
  UnsentQuestion question = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "question"));

  self->unsent_dialog = NULL;
  if (g_strcmp0 (response, "leave") != 0)
    return;

  if (question == UNSENT_LOGOUT)
    log_out (self);
  else
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

/* Unsent writes stay queued on this computer and go at the next login
 * of the same clerk; the clerk hears that before leaving. */
static void
ask_about_unsent (MfcWindow      *self,
                  UnsentQuestion  question,
                  guint           n)
{
  AdwMessageDialog *dialog;
  const char *body;

  if (self->unsent_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->unsent_dialog));
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  /* Translators: %u is how many writes are not sent */
  adw_message_dialog_format_heading (dialog, _("There Are Unsent Writes (%u)"), n);
  if (question == UNSENT_LOGOUT)
    body = _("They stay queued on this computer and will be sent when you log in again. "
             "Writes the service did not accept wait for you to retry or delete them.");
  else if (mfc_context_get_training (self->context))
    /* The training server and its data end with the program: a later
     * training session is another server, which never gets them. */
    body = _("These are training writes: after the program closes they are not sent anywhere, "
             "neither to the training service nor to the central one.");
  else
    body = _("They stay queued on this computer and will be sent the next time you log in. "
             "Writes the service did not accept wait for you to retry or delete them.");
  adw_message_dialog_set_body (dialog, body);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "leave", question == UNSENT_LOGOUT ? _("Log _Out") : C_("unsent writes", "_Quit"),
                                    NULL);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "question", GUINT_TO_POINTER (question));
  g_signal_connect_object (dialog, "response", G_CALLBACK (unsent_response_cb), self, 0);

  self->unsent_dialog = GTK_WIDGET (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
logout_activated_cb (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  MfcWindow *self = user_data;
  guint n = n_unsent (self);

  if (n > 0)
    ask_about_unsent (self, UNSENT_LOGOUT, n);
  else
    log_out (self);
}

static void
show_outbox_activated_cb (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  MfcWindow *self = user_data;

  mfc_outbox_indicator_popup (self->outbox_indicator);
}

static const GActionEntry win_actions[] = {
  { "lock", lock_activated_cb },
  { "logout", logout_activated_cb },
  { "show-outbox", show_outbox_activated_cb },
};

static void
set_action_enabled (MfcWindow  *self,
                    const char *name,
                    gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* The page follows the session: nothing of the work page is destroyed
 * when the session locks or expires, so what the clerk typed survives. */
static void
update_page (MfcWindow *self)
{
  MfcSessionState state = mfc_session_get_state (self->session);
  const char *page = "login";

  if (state == MFC_SESSION_LOGGED_IN)
    page = "work";
  else if (state == MFC_SESSION_LOCKED)
    page = "lock";

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->pages), page) != 0)
    {
      gtk_stack_set_visible_child_name (self->pages, page);
      /* After the switch: GtkStack moves the focus into the new page
       * itself, to its first focusable widget. */
      if (g_strcmp0 (page, "work") != 0)
        gtk_widget_grab_focus (gtk_stack_get_visible_child (self->pages));
    }
  set_action_enabled (self, "section", state == MFC_SESSION_LOGGED_IN);
  set_action_enabled (self, "lock", state == MFC_SESSION_LOGGED_IN);
  set_action_enabled (self, "logout", state != MFC_SESSION_LOGGED_OUT);
}

static void
session_state_cb (MfcWindow *self)
{
  update_page (self);
}

static void
context_training_cb (MfcWindow *self)
{
  gtk_widget_set_visible (self->training_banner,
                          mfc_context_get_training (self->context));
}

static void
rejection_toast_dismissed_cb (MfcWindow *self)
{
  self->rejection_toast = NULL;
  self->n_toast_rejections = 0;
}

/* A refused write comes back to the clerk at once, whatever page is
 * showing; the list with the reasons is one button away.  Refusals while
 * the toast shows (a chain of dependent writes) join it. */
static void
outbox_rejected_cb (MfcWindow    *self,
                    const char   *key,
                    const char   *kind,
                    const GError *error)
{
  g_autofree char *title = NULL;
  g_autofree char *markup = NULL;

  self->n_toast_rejections++;
  if (self->n_toast_rejections == 1)
    {
      g_autofree char *reason = mfc_outbox_describe_reason (error);

      /* Translators: %s is the service's reason */
      title = g_strdup_printf (_("Not accepted by the service: %s"), reason);
    }
  else
    title = g_strdup_printf (ngettext ("%u write was not accepted by the service",
                                       "%u writes were not accepted by the service",
                                       self->n_toast_rejections),
                             self->n_toast_rejections);
  markup = g_markup_escape_text (title, -1);

  if (self->rejection_toast != NULL)
    {
      adw_toast_set_title (self->rejection_toast, markup);
      return;
    }

  self->rejection_toast = adw_toast_new (markup);
  /* Until the clerk dismisses it: a refusal must not pass unseen. */
  adw_toast_set_timeout (self->rejection_toast, 0);
  adw_toast_set_priority (self->rejection_toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (self->rejection_toast, _("_Show"));
  adw_toast_set_action_name (self->rejection_toast, "win.show-outbox");
  g_signal_connect_object (self->rejection_toast, "dismissed",
                           G_CALLBACK (rejection_toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, self->rejection_toast);
}

/* An outbox without its file refuses every write: say so for as long as
 * it lasts, in place of a write lost later. */
static void
add_outbox (MfcWindow *self)
{
  const GError *storage_error;

  self->outbox = g_object_ref (mfc_context_get_outbox (self->context));
  self->outbox_indicator = MFC_OUTBOX_INDICATOR (mfc_outbox_indicator_new (self->outbox));
  adw_header_bar_pack_end (self->header_bar, GTK_WIDGET (self->outbox_indicator));
  g_signal_connect_object (self->outbox, "rejected",
                           G_CALLBACK (outbox_rejected_cb), self,
                           G_CONNECT_SWAPPED);

  storage_error = mfc_outbox_get_storage_error (self->outbox);
  gtk_widget_set_visible (self->outbox_warning, storage_error != NULL);
  if (storage_error != NULL)
    {
      /* Translators: %s says why the queue cannot be opened */
      g_autofree char *text = g_strdup_printf (_("%s Applications and other writes cannot be saved until this is fixed."),
                                               storage_error->message);

      gtk_label_set_text (self->outbox_warning_label, text);
    }
}

static void
pages_visible_child_cb (MfcWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->pages);

  /* Section tabs mean nothing on the login and lock pages. */
  gtk_widget_set_visible (self->switcher_title, g_strcmp0 (page, "work") == 0);

  /* The one that goes is told before the one that comes. */
  if (g_strcmp0 (page, "login") != 0)
    mfc_page_set_active (MFC_PAGE (self->login_page), FALSE);
  if (g_strcmp0 (page, "lock") != 0)
    mfc_page_set_active (MFC_PAGE (self->lock_screen), FALSE);
  update_active_section (self);
  if (g_strcmp0 (page, "login") == 0)
    mfc_page_set_active (MFC_PAGE (self->login_page), TRUE);
  else if (g_strcmp0 (page, "lock") == 0)
    mfc_page_set_active (MFC_PAGE (self->lock_screen), TRUE);
}

static void
training_requested_cb (MfcWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "app.training", NULL);
}

static void
activity_cb (MfcWindow *self)
{
  mfc_session_note_activity (self->session);
}

static gboolean
key_activity_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 MfcWindow             *self)
{
  activity_cb (self);
  return FALSE;
}

static void
watch_activity (MfcWindow *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_activity_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (activity_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (activity_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

static void
stack_visible_child_name_cb (MfcWindow  *self,
                             GParamSpec *pspec,
                             AdwViewStack *stack)
{
  const char *name = adw_view_stack_get_visible_child_name (stack);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "section");

  if (name != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (name));
  update_active_section (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTION]);
}

/* Booking ↔ intake: the booking section books for the applicant and
 * service being taken at intake; «Пришёл» on a booked visit opens intake
 * with them. */
static void
booking_active_cb (MfcWindow *self)
{
  MfcBookingPage *booking = MFC_BOOKING_PAGE (mfc_window_get_section_page (self, "booking"));
  MfcIntakePage *intake = MFC_INTAKE_PAGE (mfc_window_get_section_page (self, "intake"));

  if (!mfc_page_get_active (MFC_PAGE (booking)))
    return;
  if (mfc_intake_page_get_current_service (intake) != NULL)
    mfc_booking_page_set_service (booking, mfc_intake_page_get_current_service (intake));
  mfc_booking_page_set_applicant (booking, mfc_intake_page_get_current_applicant (intake));
}

static void
applicant_arrived_cb (MfcWindow  *self,
                      const char *applicant_id,
                      const char *service_id)
{
  MfcIntakePage *intake = MFC_INTAKE_PAGE (mfc_window_get_section_page (self, "intake"));

  mfc_intake_page_open_applicant (intake, applicant_id, service_id);
  mfc_window_set_section (self, "intake");
}

/* «Добавить документ» in a ticket: the documents section uploads to it. */
static void
ticket_add_document_cb (MfcWindow  *self,
                        const char *number)
{
  MfcDocumentsPage *documents = MFC_DOCUMENTS_PAGE (mfc_window_get_section_page (self, "documents"));

  mfc_documents_page_set_ticket_target (documents, number);
  mfc_window_set_section (self, "documents");
}

static void
connect_booking_to_intake (MfcWindow *self)
{
  MfcPage *booking = mfc_window_get_section_page (self, "booking");

  g_signal_connect_object (booking, "notify::active", G_CALLBACK (booking_active_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (booking, "applicant-arrived", G_CALLBACK (applicant_arrived_cb), self, G_CONNECT_SWAPPED);
}

/* A copy asked for at intake: the checklist item it goes to. */
typedef struct
{
  MfcChecklist *checklist;
  guint         item_id;
  AdwViewStack *stack;
} IntakeCopy;

static void
intake_copy_free (gpointer data)
{
  IntakeCopy *copy = data;

  g_clear_object (&copy->checklist);
  g_clear_weak_pointer (&copy->stack);
  g_free (copy);
}

static void
intake_copy_uploaded_cb (const char *document_id,
                         gpointer    user_data)
{
  IntakeCopy *copy = user_data;

  mfc_checklist_attach (copy->checklist, copy->item_id, document_id);
  if (copy->stack != NULL)
    adw_view_stack_set_visible_child_name (copy->stack, "intake");
}

/* Intake's hook: the documents section scans or takes the copy, uploads
 * it and attaches it to the checklist item. */
static void
attach_requested_cb (MfcApplicationStep *step,
                     MfcChecklist       *checklist,
                     guint               item_id,
                     MfcWindow          *self)
{
  GtkWidget *documents = adw_view_stack_get_child_by_name (self->stack, "documents");
  MfcChecklistItem *item = mfc_checklist_get_item (checklist, item_id);
  IntakeCopy *copy;

  if (documents == NULL || item == NULL)
    return;

  copy = g_new0 (IntakeCopy, 1);
  copy->checklist = g_object_ref (checklist);
  copy->item_id = item_id;
  g_set_weak_pointer (&copy->stack, self->stack);
  mfc_documents_page_set_intake_target (MFC_DOCUMENTS_PAGE (documents),
                                        mfc_checklist_item_get_title (item),
                                        intake_copy_uploaded_cb, copy, intake_copy_free);
  adw_view_stack_set_visible_child_name (self->stack, "documents");
}

static void
add_sections (MfcWindow *self)
{
  GtkWidget *intake;

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      MfcPage *page = g_object_new (sections[i].get_type (), "context", self->context, NULL);

      g_assert (MFC_IS_PAGE (page));
      adw_view_stack_add_titled_with_icon (self->stack, GTK_WIDGET (page), sections[i].name,
                                           _(sections[i].title), sections[i].icon_name);
      mfc_page_add_actions (page, G_ACTION_MAP (self), self->shortcuts);
    }

  intake = adw_view_stack_get_child_by_name (self->stack, "intake");
  if (MFC_IS_INTAKE_PAGE (intake))
    g_signal_connect_object (mfc_intake_page_get_application_step (MFC_INTAKE_PAGE (intake)),
                             "attach-requested", G_CALLBACK (attach_requested_cb), self, 0);
}

/* The shortcuts window is the window's own (not GtkApplication's
 * automatic one), so that its «Разделы» group lists the table. */
static void
add_help_overlay (MfcWindow *self)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_BASE "/app/help-overlay.ui");
  GtkBuildable *group = GTK_BUILDABLE (gtk_builder_get_object (builder, "sections_group"));
  GtkShortcutsWindow *overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autofree char *action = g_strdup_printf ("win.section('%s')", sections[i].name);
      GtkWidget *shortcut = g_object_new (GTK_TYPE_SHORTCUTS_SHORTCUT,
                                          "title", _(sections[i].title),
                                          "action-name", action,
                                          NULL);

      /* What a <child> in the .ui does; GTK 4.8 has no function for it. */
      GTK_BUILDABLE_GET_IFACE (group)->add_child (group, builder, G_OBJECT (shortcut), NULL);
    }

  gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self), overlay);
}

/* Ctrl+1… follow the table; set once the window has its application. */
static void
application_cb (MfcWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (application == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autofree char *action = g_strdup_printf ("win.section('%s')", sections[i].name);
      g_autofree char *accel = g_strdup_printf ("<Control>%u", i + 1);
      const char *accels[] = { accel, NULL };

      gtk_application_set_accels_for_action (application, action, accels);
    }
}

static void
mfc_window_restore_state (MfcWindow *self)
{
  GSettings *settings = mfc_context_get_settings (self->context);
  int width = g_settings_get_int (settings, "window-width");
  int height = g_settings_get_int (settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
mfc_window_close_request (GtkWindow *window)
{
  MfcWindow *self = MFC_WINDOW (window);
  GSettings *settings = mfc_context_get_settings (self->context);
  gboolean maximized = gtk_window_is_maximized (window);
  int width, height;
  guint n = n_unsent (self);

  if (n > 0 && !self->close_confirmed)
    {
      ask_about_unsent (self, UNSENT_CLOSE, n);
      return TRUE;
    }
  self->close_confirmed = FALSE;

  /* The default size is the unmaximized size, which is what comes back. */
  gtk_window_get_default_size (window, &width, &height);

  g_settings_delay (settings);
  g_settings_set_boolean (settings, "window-maximized", maximized);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
  g_settings_apply (settings);

  return GTK_WINDOW_CLASS (mfc_window_parent_class)->close_request (window);
}

static void
mfc_window_constructed (GObject *object)
{
  MfcWindow *self = MFC_WINDOW (object);

  G_OBJECT_CLASS (mfc_window_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  mfc_window_restore_state (self);

  self->login_page = mfc_login_page_new (self->context);
  g_signal_connect_object (self->login_page, "training-requested",
                           G_CALLBACK (training_requested_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->pages, GTK_WIDGET (self->login_page), "login");

  self->lock_screen = mfc_lock_screen_new (self->context);
  gtk_stack_add_named (self->pages, GTK_WIDGET (self->lock_screen), "lock");

  add_sections (self);
  connect_booking_to_intake (self);
  g_signal_connect_object (mfc_window_get_section_page (self, "tickets"), "add-document",
                           G_CALLBACK (ticket_add_document_cb), self, G_CONNECT_SWAPPED);
  add_help_overlay (self);
  add_outbox (self);

  self->session = g_object_ref (mfc_context_get_session (self->context));
  g_signal_connect_object (self->session, "notify::state",
                           G_CALLBACK (session_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::training",
                           G_CALLBACK (context_training_cb), self,
                           G_CONNECT_SWAPPED);
  context_training_cb (self);
  update_page (self);
  pages_visible_child_cb (self);
}

static void
mfc_window_dispose (GObject *object)
{
  MfcWindow *self = MFC_WINDOW (object);

  if (self->unsent_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->unsent_dialog));
  self->unsent_dialog = NULL;
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), MFC_TYPE_WINDOW);
  g_clear_object (&self->outbox);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (mfc_window_parent_class)->dispose (object);
}

static void
mfc_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MfcWindow *self = MFC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_SECTION:
      g_value_set_string (value, mfc_window_get_section (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MfcWindow *self = MFC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_SECTION:
      mfc_window_set_section (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_window_class_init (MfcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mfc_window_constructed;
  object_class->dispose = mfc_window_dispose;
  object_class->get_property = mfc_window_get_property;
  object_class->set_property = mfc_window_set_property;

  window_class->close_request = mfc_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MFC_TYPE_CONTEXT,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_SECTION] =
    g_param_spec_string ("section", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/app/mfc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MfcWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MfcWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, MfcWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, MfcWindow, training_banner);
  gtk_widget_class_bind_template_child (widget_class, MfcWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, MfcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MfcWindow, outbox_warning);
  gtk_widget_class_bind_template_child (widget_class, MfcWindow, outbox_warning_label);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, pages_visible_child_cb);
}

static void
mfc_window_init (MfcWindow *self)
{
  g_autoptr(GSimpleAction) section = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  section = g_simple_action_new_stateful ("section", G_VARIANT_TYPE_STRING,
                                          g_variant_new_string (sections[0].name));
  g_signal_connect (section, "change-state", G_CALLBACK (section_change_state_cb), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (section));
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);

  self->shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->shortcuts));

  g_signal_connect (self, "notify::application", G_CALLBACK (application_cb), NULL);
  watch_activity (self);
}

MfcWindow *
mfc_window_new (GtkApplication *application,
                MfcContext     *context)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (MFC_IS_CONTEXT (context), NULL);

  return g_object_new (MFC_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

/**
 * mfc_window_get_section:
 *
 * Returns: the name of the visible section, a name of the section table:
 *   "intake", "documents", "booking" or "tickets"
 */
const char *
mfc_window_get_section (MfcWindow *self)
{
  g_return_val_if_fail (MFC_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

void
mfc_window_set_section (MfcWindow  *self,
                        const char *section)
{
  g_return_if_fail (MFC_IS_WINDOW (self));

  if (!is_section (section))
    {
      g_warning ("No section called “%s”", section);
      return;
    }

  adw_view_stack_set_visible_child_name (self->stack, section);
}

/**
 * mfc_window_get_page:
 *
 * Returns: "login", "work" or "lock"
 */
const char *
mfc_window_get_page (MfcWindow *self)
{
  g_return_val_if_fail (MFC_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->pages);
}

/**
 * mfc_window_get_login_page:
 *
 * Returns: (transfer none): the login page
 */
MfcLoginPage *
mfc_window_get_login_page (MfcWindow *self)
{
  g_return_val_if_fail (MFC_IS_WINDOW (self), NULL);

  return self->login_page;
}

/**
 * mfc_window_get_lock_screen:
 *
 * Returns: (transfer none): the lock screen
 */
MfcLockScreen *
mfc_window_get_lock_screen (MfcWindow *self)
{
  g_return_val_if_fail (MFC_IS_WINDOW (self), NULL);

  return self->lock_screen;
}

/**
 * mfc_window_get_section_page:
 * @section: a name of the section table
 *
 * Returns: (transfer none) (nullable): the section's page
 */
MfcPage *
mfc_window_get_section_page (MfcWindow  *self,
                             const char *section)
{
  g_return_val_if_fail (MFC_IS_WINDOW (self), NULL);
  g_return_val_if_fail (section != NULL, NULL);

  return MFC_PAGE (adw_view_stack_get_child_by_name (self->stack, section));
}

/**
 * mfc_window_get_outbox_indicator:
 *
 * Returns: (transfer none): the header bar's indicator of the outbox
 */
MfcOutboxIndicator *
mfc_window_get_outbox_indicator (MfcWindow *self)
{
  g_return_val_if_fail (MFC_IS_WINDOW (self), NULL);

  return self->outbox_indicator;
}
