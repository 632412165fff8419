/* mfc-lock-screen.c — shown after the idle timeout: no personal data,
 * just who is logged in and a password field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-app"

#include "config.h"

#include <glib/gi18n.h>

#include "mfc-lock-screen.h"
#include "mfc-login-page.h"

struct _MfcLockScreen
{
  AdwBin         parent_instance;

  MfcContext    *context;
  GCancellable  *cancellable;

  /* Template widgets */
  AdwStatusPage *status_page;
  AdwEntryRow   *password_row;
  AdwEntryRow   *otp_row;
  GtkLabel      *message_label;
  GtkButton     *unlock_button;
};

G_DEFINE_FINAL_TYPE (MfcLockScreen, mfc_lock_screen, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_message (MfcLockScreen *self,
             const char    *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
unlock_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MfcLockScreen) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button), TRUE);

  if (mfc_session_login_finish (MFC_SESSION (object), result, &error))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->otp_row), "");
      gtk_widget_set_visible (GTK_WIDGET (self->otp_row), FALSE);
      set_message (self, NULL);
      return;
    }

  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_OTP_REQUIRED))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->otp_row), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->otp_row));
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
    }

  message = mfc_login_describe_error (error);
  set_message (self, message);
}

/**
 * mfc_lock_screen_submit:
 *
 * Unlocks with the typed password, as the «Разблокировать» button does.
 */
void
mfc_lock_screen_submit (MfcLockScreen *self)
{
  MfcSession *session;
  const char *password;
  const char *otp;

  g_return_if_fail (MFC_IS_LOCK_SCREEN (self));

  session = mfc_context_get_session (self->context);
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  otp = gtk_editable_get_text (GTK_EDITABLE (self->otp_row));

  if (mfc_session_get_login (session) == NULL)
    return;

  if (password[0] == '\0')
    {
      set_message (self, _("Enter your password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  set_message (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button), FALSE);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  mfc_session_login_async (session, mfc_session_get_login (session), password,
                           gtk_widget_get_visible (GTK_WIDGET (self->otp_row)) ? otp : NULL,
                           self->cancellable, unlock_cb, g_object_ref (self));
}

static void
unlock_clicked_cb (MfcLockScreen *self)
{
  mfc_lock_screen_submit (self);
}

static void
row_activated_cb (MfcLockScreen *self)
{
  mfc_lock_screen_submit (self);
}

static void
mfc_lock_screen_map (GtkWidget *widget)
{
  MfcLockScreen *self = MFC_LOCK_SCREEN (widget);
  MfcSession *session = mfc_context_get_session (self->context);
  g_autofree char *description = NULL;

  GTK_WIDGET_CLASS (mfc_lock_screen_parent_class)->map (widget);

  /* Translators: %s is the clerk's name as the service knows it */
  description = g_strdup_printf (_("Logged in: %s. Enter the password to continue."),
                                 mfc_session_get_full_name (session) != NULL
                                   ? mfc_session_get_full_name (session)
                                   : (mfc_session_get_login (session) != NULL
                                        ? mfc_session_get_login (session) : ""));
  adw_status_page_set_description (self->status_page, description);
  set_message (self, NULL);
}

/* Focusing the lock screen puts the cursor in the password field. */
static gboolean
mfc_lock_screen_grab_focus (GtkWidget *widget)
{
  MfcLockScreen *self = MFC_LOCK_SCREEN (widget);

  if (gtk_widget_get_visible (GTK_WIDGET (self->otp_row)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->otp_row));
  return gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
mfc_lock_screen_dispose (GObject *object)
{
  MfcLockScreen *self = MFC_LOCK_SCREEN (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* AdwBin unparents the template's child itself. */
  g_clear_object (&self->context);

  G_OBJECT_CLASS (mfc_lock_screen_parent_class)->dispose (object);
}

static void
mfc_lock_screen_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MfcLockScreen *self = MFC_LOCK_SCREEN (object);

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
mfc_lock_screen_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MfcLockScreen *self = MFC_LOCK_SCREEN (object);

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
mfc_lock_screen_class_init (MfcLockScreenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mfc_lock_screen_dispose;
  object_class->get_property = mfc_lock_screen_get_property;
  object_class->set_property = mfc_lock_screen_set_property;

  widget_class->map = mfc_lock_screen_map;
  widget_class->grab_focus = mfc_lock_screen_grab_focus;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MFC_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/app/mfc-lock-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, MfcLockScreen, status_page);
  gtk_widget_class_bind_template_child (widget_class, MfcLockScreen, password_row);
  gtk_widget_class_bind_template_child (widget_class, MfcLockScreen, otp_row);
  gtk_widget_class_bind_template_child (widget_class, MfcLockScreen, message_label);
  gtk_widget_class_bind_template_child (widget_class, MfcLockScreen, unlock_button);
  gtk_widget_class_bind_template_callback (widget_class, unlock_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
mfc_lock_screen_init (MfcLockScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MfcLockScreen *
mfc_lock_screen_new (MfcContext *context)
{
  g_return_val_if_fail (MFC_IS_CONTEXT (context), NULL);

  return g_object_new (MFC_TYPE_LOCK_SCREEN, "context", context, NULL);
}
