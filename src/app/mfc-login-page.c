/* mfc-login-page.c — the first thing a clerk sees, and what comes back
 * when the service forgets the session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-app"

#include "config.h"

#include <glib/gi18n.h>

#include "mfc-login-fields.h"
#include "mfc-login-page.h"
#include "mfc-spinner.h"

struct _MfcLoginPage
{
  MfcPage       parent_instance;

  MfcLoginFlow *flow;

  /* Template widgets */
  GtkListBox   *fields;
  AdwEntryRow  *server_row;
  AdwEntryRow  *login_row;
  AdwEntryRow  *password_row;
  AdwEntryRow  *otp_row;
  GtkLabel     *message_label;
  GtkButton    *login_button;
  GtkButton    *training_button;
  MfcSpinner   *spinner;
};

G_DEFINE_FINAL_TYPE (MfcLoginPage, mfc_login_page, MFC_TYPE_PAGE)

enum {
  TRAINING_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The page shows the context's login flow; whoever reports there (the
 * application after a failed restore, the session when it expires) is
 * seen here. */
static void
flow_busy_cb (MfcLoginPage *self)
{
  gboolean busy = mfc_login_flow_get_busy (self->flow);

  mfc_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->login_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->training_button), !busy);
}

static void
flow_failed_cb (MfcLoginPage  *self,
                MfcLoginField  field)
{
  switch (field)
    {
    case MFC_LOGIN_FIELD_LOGIN:
      gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
      break;

    case MFC_LOGIN_FIELD_PASSWORD:
      /* A wrong password or code: the code is typed again with it. */
      gtk_editable_set_text (GTK_EDITABLE (self->otp_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      break;

    case MFC_LOGIN_FIELD_OTP:
      gtk_widget_grab_focus (GTK_WIDGET (self->otp_row));
      break;

    case MFC_LOGIN_FIELD_NONE:
    default:
      break;
    }
}

/**
 * mfc_login_page_submit:
 *
 * Logs in with what is typed, as the «Войти» button does.
 */
void
mfc_login_page_submit (MfcLoginPage *self)
{
  g_autoptr(GError) error = NULL;
  MfcContext *context;
  const char *server;
  const char *login;
  const char *password;

  g_return_if_fail (MFC_IS_LOGIN_PAGE (self));

  context = mfc_page_get_context (MFC_PAGE (self));
  server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (!mfc_context_set_server (context, server, &error))
    {
      mfc_login_flow_set_message (self->flow, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return;
    }

  /* A real service: remember it for the next start, and keep the token. */
  if (login[0] != '\0' && password[0] != '\0' && !mfc_context_get_training (context))
    {
      g_settings_set_string (mfc_context_get_settings (context),
                             "server-url", mfc_context_get_server (context));
      mfc_session_set_remember (mfc_context_get_session (context), TRUE);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), mfc_context_get_server (context));

  mfc_login_flow_submit (self->flow, login, password,
                         gtk_editable_get_text (GTK_EDITABLE (self->otp_row)));
}

static void
login_clicked_cb (MfcLoginPage *self)
{
  mfc_login_page_submit (self);
}

static void
row_activated_cb (MfcLoginPage *self,
                  AdwEntryRow  *row)
{
  if (row == self->server_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
  else if (row == self->login_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    mfc_login_page_submit (self);
}

static void
training_clicked_cb (MfcLoginPage *self)
{
  mfc_login_flow_set_message (self->flow, NULL);
  g_signal_emit (self, signals[TRAINING_REQUESTED], 0);
}

static void
session_login_changed_cb (MfcLoginPage *self,
                          GParamSpec   *pspec,
                          MfcSession   *session)
{
  const char *login = mfc_session_get_login (session);

  if (login != NULL && !mfc_context_get_training (mfc_page_get_context (MFC_PAGE (self))))
    gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
}

static void
mfc_login_page_constructed (GObject *object)
{
  MfcLoginPage *self = MFC_LOGIN_PAGE (object);
  MfcContext *context;
  g_autofree char *server = NULL;

  G_OBJECT_CLASS (mfc_login_page_parent_class)->constructed (object);

  context = mfc_page_get_context (MFC_PAGE (self));
  server = g_settings_get_string (mfc_context_get_settings (context), "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);

  g_signal_connect_object (mfc_context_get_session (context), "notify::login",
                           G_CALLBACK (session_login_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->flow = g_object_ref (mfc_context_get_login_flow (context));
  mfc_login_fields_bind (self->flow, self->message_label, self->password_row, self->otp_row);
  g_signal_connect_object (self->flow, "notify::busy",
                           G_CALLBACK (flow_busy_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flow, "failed",
                           G_CALLBACK (flow_failed_cb), self, G_CONNECT_SWAPPED);
  flow_busy_cb (self);
}

/* Focusing the page puts the cursor in the first field still empty. */
static gboolean
mfc_login_page_grab_focus (GtkWidget *widget)
{
  MfcLoginPage *self = MFC_LOGIN_PAGE (widget);
  const char *server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));

  if (server[0] == '\0')
    return gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
  if (login[0] == '\0')
    return gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
  return gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

/* The first (or last) field the clerk can type in now */
static GtkWidget *
edge_field (MfcLoginPage *self,
            gboolean      first)
{
  GtkWidget *found = NULL;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->fields));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_visible (row) && gtk_widget_is_sensitive (row))
      {
        found = row;
        if (first)
          break;
      }

  return found;
}

/* Which field @widget is in, or -1 */
static int
field_index (MfcLoginPage *self,
             GtkWidget    *widget)
{
  GtkWidget *row = widget != NULL ? gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW) : NULL;

  if (row == NULL || gtk_widget_get_parent (row) != GTK_WIDGET (self->fields))
    return -1;
  return gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
}

/* A GtkListBox gives the focus back to the row that had it last, from
 * whichever side it comes: with the address and login filled in, the
 * cursor starts in the password, and Tab round the window came back to
 * the password every time, never reaching the address or the login.
 * And Shift+Tab in the first field comes round to the last one instead
 * of leaving the fields.  So the page moves the focus as everywhere else:
 * coming into the fields, Tab starts at the first field and Shift+Tab at
 * the last; at either end the focus leaves them. */
static gboolean
mfc_login_page_focus (GtkWidget        *widget,
                      GtkDirectionType  direction)
{
  MfcLoginPage *self = MFC_LOGIN_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *before = root != NULL ? gtk_root_get_focus (root) : NULL;
  int before_index = field_index (self, before);
  gboolean forward = direction == GTK_DIR_TAB_FORWARD;
  GtkWidget *after;
  int after_index;
  GtkWidget *edge;

  if (!GTK_WIDGET_CLASS (mfc_login_page_parent_class)->focus (widget, direction))
    return FALSE;

  if (root == NULL || (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD))
    return TRUE;

  after = gtk_root_get_focus (root);
  after_index = field_index (self, after);
  if (after_index < 0)
    return TRUE;

  /* Came round within the fields: leave them, as from any other widget. */
  if (before_index >= 0)
    {
      if (forward ? after_index >= before_index : after_index <= before_index)
        return TRUE;
      if (before != NULL)
        gtk_widget_grab_focus (before);
      return FALSE;
    }

  edge = edge_field (self, forward);
  if (edge != NULL && !gtk_widget_is_ancestor (after, edge))
    gtk_widget_grab_focus (edge);

  return TRUE;
}

static void
mfc_login_page_dispose (GObject *object)
{
  MfcLoginPage *self = MFC_LOGIN_PAGE (object);

  /* The flow is the context's: an attempt running goes on without us. */
  g_clear_object (&self->flow);

  G_OBJECT_CLASS (mfc_login_page_parent_class)->dispose (object);
}

static void
mfc_login_page_class_init (MfcLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mfc_login_page_constructed;
  object_class->dispose = mfc_login_page_dispose;

  widget_class->grab_focus = mfc_login_page_grab_focus;
  widget_class->focus = mfc_login_page_focus;

  /**
   * MfcLoginPage::training-requested:
   *
   * The clerk pressed «Учебный режим».
   */
  signals[TRAINING_REQUESTED] =
    g_signal_new ("training-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (MFC_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/app/mfc-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MfcLoginPage, fields);
  gtk_widget_class_bind_template_child (widget_class, MfcLoginPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, MfcLoginPage, login_row);
  gtk_widget_class_bind_template_child (widget_class, MfcLoginPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, MfcLoginPage, otp_row);
  gtk_widget_class_bind_template_child (widget_class, MfcLoginPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, MfcLoginPage, login_button);
  gtk_widget_class_bind_template_child (widget_class, MfcLoginPage, training_button);
  gtk_widget_class_bind_template_child (widget_class, MfcLoginPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, login_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, training_clicked_cb);
}

static void
mfc_login_page_init (MfcLoginPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MfcLoginPage *
mfc_login_page_new (MfcContext *context)
{
  g_return_val_if_fail (MFC_IS_CONTEXT (context), NULL);

  return g_object_new (MFC_TYPE_LOGIN_PAGE, "context", context, NULL);
}
