/* mfc-lock-screen.c — shown after the idle timeout: no personal data,
 * just who is logged in and a password field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-app"

#include "config.h"

#include <glib/gi18n.h>

#include "mfc-lock-screen.h"
#include "mfc-login-fields.h"

struct _MfcLockScreen
{
  MfcPage        parent_instance;

  /* Its own, not the login page's: an unlock is a login of its own. */
  MfcLoginFlow  *flow;

  /* Template widgets */
  AdwStatusPage *status_page;
  AdwEntryRow   *password_row;
  AdwEntryRow   *otp_row;
  GtkLabel      *message_label;
  GtkButton     *unlock_button;
};

G_DEFINE_FINAL_TYPE (MfcLockScreen, mfc_lock_screen, MFC_TYPE_PAGE)

static void
flow_busy_cb (MfcLockScreen *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button),
                            !mfc_login_flow_get_busy (self->flow));
}

static void
flow_failed_cb (MfcLockScreen *self,
                MfcLoginField  field)
{
  if (field == MFC_LOGIN_FIELD_OTP)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->otp_row));
      return;
    }

  /* Whoever stands at the desk types the whole password again. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
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

  g_return_if_fail (MFC_IS_LOCK_SCREEN (self));

  session = mfc_login_flow_get_session (self->flow);
  if (mfc_session_get_login (session) == NULL)
    return;

  mfc_login_flow_submit (self->flow, mfc_session_get_login (session),
                         gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                         gtk_editable_get_text (GTK_EDITABLE (self->otp_row)));
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

/* Each lock starts clean: who is logged in, no old message or code. */
static void
mfc_lock_screen_shown (MfcPage *page)
{
  MfcLockScreen *self = MFC_LOCK_SCREEN (page);
  MfcSession *session = mfc_login_flow_get_session (self->flow);
  const char *name = mfc_session_get_full_name (session);
  g_autofree char *description = NULL;

  if (name == NULL)
    name = mfc_session_get_login (session);

  /* Translators: %s is the clerk's name as the service knows it */
  description = g_strdup_printf (_("Logged in: %s. Enter the password to continue."),
                                 name != NULL ? name : "");
  adw_status_page_set_description (self->status_page, description);
  mfc_login_flow_cancel (self->flow);
}

static void
mfc_lock_screen_constructed (GObject *object)
{
  MfcLockScreen *self = MFC_LOCK_SCREEN (object);

  G_OBJECT_CLASS (mfc_lock_screen_parent_class)->constructed (object);

  self->flow = mfc_login_flow_new (mfc_context_get_session (mfc_page_get_context (MFC_PAGE (self))));
  mfc_login_fields_bind (self->flow, self->message_label, self->password_row, self->otp_row);
  g_signal_connect_object (self->flow, "notify::busy",
                           G_CALLBACK (flow_busy_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flow, "failed",
                           G_CALLBACK (flow_failed_cb), self, G_CONNECT_SWAPPED);
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

  if (self->flow != NULL)
    mfc_login_flow_cancel (self->flow);
  g_clear_object (&self->flow);

  G_OBJECT_CLASS (mfc_lock_screen_parent_class)->dispose (object);
}

static void
mfc_lock_screen_class_init (MfcLockScreenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MfcPageClass *page_class = MFC_PAGE_CLASS (klass);

  object_class->constructed = mfc_lock_screen_constructed;
  object_class->dispose = mfc_lock_screen_dispose;

  widget_class->grab_focus = mfc_lock_screen_grab_focus;

  page_class->shown = mfc_lock_screen_shown;

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
