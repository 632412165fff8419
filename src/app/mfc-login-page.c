/* mfc-login-page.c — the first thing a clerk sees, and what comes back
 * when the service forgets the session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-app"

#include "config.h"

#include <glib/gi18n.h>

#include "mfc-login-page.h"

struct _MfcLoginPage
{
  AdwBin        parent_instance;

  MfcContext   *context;
  GCancellable *cancellable;

  /* Template widgets */
  AdwEntryRow  *server_row;
  AdwEntryRow  *login_row;
  AdwEntryRow  *password_row;
  AdwEntryRow  *otp_row;
  GtkLabel     *message_label;
  GtkButton    *login_button;
  GtkButton    *training_button;
  GtkSpinner   *spinner;
};

G_DEFINE_FINAL_TYPE (MfcLoginPage, mfc_login_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  TRAINING_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/**
 * mfc_login_describe_error:
 *
 * What a login failure means, in words a clerk can act on.  Shared by the
 * login page and the lock screen.
 *
 * Returns: (transfer full): a translated sentence
 */
char *
mfc_login_describe_error (const GError *error)
{
  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_UNAUTHORIZED))
    return g_strdup (_("Wrong login, password or one-time code."));

  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_OTP_REQUIRED))
    return g_strdup (_("Enter the one-time code for this account."));

  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_LOCKED))
    {
      guint seconds = mfc_client_error_get_retry_after (error);
      guint minutes = (seconds + 59) / 60;

      if (minutes == 0)
        return g_strdup (_("The account is locked after too many failed attempts. Try again later or ask your supervisor."));

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The account is locked after too many failed attempts. Try again in %u minute.",
                                           "The account is locked after too many failed attempts. Try again in %u minutes.",
                                           minutes),
                              minutes);
    }

  return g_strdup (error->message);
}

static void
set_message (MfcLoginPage *self,
             const char   *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

void
mfc_login_page_set_busy (MfcLoginPage *self,
                         gboolean      busy)
{
  g_return_if_fail (MFC_IS_LOGIN_PAGE (self));

  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->login_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->training_button), !busy);
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MfcLoginPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (mfc_session_login_finish (MFC_SESSION (object), result, &error))
    {
      /* The window follows the session's state; the password goes. */
      mfc_login_page_set_busy (self, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->otp_row), "");
      gtk_widget_set_visible (GTK_WIDGET (self->otp_row), FALSE);
      set_message (self, NULL);
      return;
    }

  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_CANCELLED))
    return;

  mfc_login_page_set_busy (self, FALSE);

  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_OTP_REQUIRED))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->otp_row), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->otp_row));
    }
  else if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_UNAUTHORIZED))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->otp_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
    }

  message = mfc_login_describe_error (error);
  set_message (self, message);
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
  const char *server;
  const char *login;
  const char *password;
  const char *otp;
  MfcClient *client;

  g_return_if_fail (MFC_IS_LOGIN_PAGE (self));

  server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  otp = gtk_editable_get_text (GTK_EDITABLE (self->otp_row));

  if (!mfc_context_set_server (self->context, server, &error))
    {
      set_message (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return;
    }

  if (login[0] == '\0' || password[0] == '\0')
    {
      set_message (self, _("Enter your login and password."));
      gtk_widget_grab_focus (GTK_WIDGET (login[0] == '\0' ? self->login_row : self->password_row));
      return;
    }

  /* A real service: remember it for the next start, and keep the token. */
  client = mfc_context_get_client (self->context);
  if (!mfc_context_get_training (self->context))
    {
      g_settings_set_string (mfc_context_get_settings (self->context),
                             "server-url", mfc_client_get_base_url (client));
      mfc_session_set_remember (mfc_context_get_session (self->context), TRUE);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), mfc_client_get_base_url (client));

  set_message (self, NULL);
  mfc_login_page_set_busy (self, TRUE);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  mfc_session_login_async (mfc_context_get_session (self->context),
                           login, password,
                           gtk_widget_get_visible (GTK_WIDGET (self->otp_row)) ? otp : NULL,
                           self->cancellable, login_cb, g_object_ref (self));
}

/**
 * mfc_login_page_show_message:
 * @message: (nullable): why the clerk is here, e.g. the session expired
 */
void
mfc_login_page_show_message (MfcLoginPage *self,
                             const char   *message)
{
  g_return_if_fail (MFC_IS_LOGIN_PAGE (self));

  set_message (self, message);
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
  set_message (self, NULL);
  g_signal_emit (self, signals[TRAINING_REQUESTED], 0);
}

static void
session_login_changed_cb (MfcLoginPage *self,
                          GParamSpec   *pspec,
                          MfcSession   *session)
{
  const char *login = mfc_session_get_login (session);

  if (login != NULL && !mfc_context_get_training (self->context))
    gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
}

static void
mfc_login_page_constructed (GObject *object)
{
  MfcLoginPage *self = MFC_LOGIN_PAGE (object);
  g_autofree char *server = NULL;

  G_OBJECT_CLASS (mfc_login_page_parent_class)->constructed (object);

  server = g_settings_get_string (mfc_context_get_settings (self->context), "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);

  g_signal_connect_object (mfc_context_get_session (self->context), "notify::login",
                           G_CALLBACK (session_login_changed_cb), self,
                           G_CONNECT_SWAPPED);
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

static void
mfc_login_page_dispose (GObject *object)
{
  MfcLoginPage *self = MFC_LOGIN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* AdwBin unparents the template's child itself. */
  g_clear_object (&self->context);

  G_OBJECT_CLASS (mfc_login_page_parent_class)->dispose (object);
}

static void
mfc_login_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MfcLoginPage *self = MFC_LOGIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_login_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MfcLoginPage *self = MFC_LOGIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_login_page_class_init (MfcLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mfc_login_page_constructed;
  object_class->dispose = mfc_login_page_dispose;
  object_class->get_property = mfc_login_page_get_property;
  object_class->set_property = mfc_login_page_set_property;

  widget_class->grab_focus = mfc_login_page_grab_focus;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MFC_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

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

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/app/mfc-login-page.ui");
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
