/* mfc-preferences-window.c — what an office administrator sets once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-app"

#include "config.h"

#include <glib/gi18n.h>

#include "mfc-preferences-window.h"
#include "mfc-server-address.h"

struct _MfcPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  MfcContext           *context;
  GtkFileChooserNative *chooser;

  /* Template widgets */
  AdwEntryRow          *server_row;
  AdwActionRow         *ca_row;
  GtkButton            *ca_clear_button;
  GtkSpinButton        *lock_spin;
};

G_DEFINE_FINAL_TYPE (MfcPreferencesWindow, mfc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_toast (MfcPreferencesWindow *self,
            const char           *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 8);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void
update_ca_row (MfcPreferencesWindow *self)
{
  GSettings *settings = mfc_context_get_settings (self->context);
  g_autofree char *path = g_settings_get_string (settings, "ca-file");
  gboolean set = path[0] != '\0';

  adw_action_row_set_subtitle (self->ca_row,
                               set ? path : _("Not used: only the system’s certificates are trusted"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->ca_clear_button), set);
}

static void
server_row_apply_cb (MfcPreferencesWindow *self,
                     AdwEntryRow          *row)
{
  GSettings *settings = mfc_context_get_settings (self->context);
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  address = mfc_server_address_normalize (gtk_editable_get_text (GTK_EDITABLE (row)), &error);
  if (address == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      show_toast (self, error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (settings, "server-url", address);
  gtk_editable_set_text (GTK_EDITABLE (row), address);
}

static void
server_row_changed_cb (MfcPreferencesWindow *self,
                       AdwEntryRow          *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
chooser_response_cb (MfcPreferencesWindow *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        mfc_preferences_window_use_ca_file (self, file);
    }

  g_clear_object (&self->chooser);
}

static void
ca_choose_clicked_cb (MfcPreferencesWindow *self,
                      GtkButton            *button)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");

  self->chooser = gtk_file_chooser_native_new (_("Choose a CA Certificate"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Use"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
ca_clear_clicked_cb (MfcPreferencesWindow *self,
                     GtkButton            *button)
{
  g_settings_set_string (mfc_context_get_settings (self->context), "ca-file", "");
}

static void
ca_file_changed_cb (MfcPreferencesWindow *self,
                    const char           *key,
                    GSettings            *settings)
{
  update_ca_row (self);
}

static void
mfc_preferences_window_constructed (GObject *object)
{
  MfcPreferencesWindow *self = MFC_PREFERENCES_WINDOW (object);
  GSettings *settings;
  g_autofree char *address = NULL;

  G_OBJECT_CLASS (mfc_preferences_window_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  settings = mfc_context_get_settings (self->context);

  address = g_settings_get_string (settings, "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), address);

  g_settings_bind (settings, "lock-timeout-minutes",
                   gtk_spin_button_get_adjustment (self->lock_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (settings, "changed::ca-file",
                           G_CALLBACK (ca_file_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_ca_row (self);
}

static void
mfc_preferences_window_dispose (GObject *object)
{
  MfcPreferencesWindow *self = MFC_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), MFC_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (mfc_preferences_window_parent_class)->dispose (object);
}

static void
mfc_preferences_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  MfcPreferencesWindow *self = MFC_PREFERENCES_WINDOW (object);

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
mfc_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  MfcPreferencesWindow *self = MFC_PREFERENCES_WINDOW (object);

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
mfc_preferences_window_class_init (MfcPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mfc_preferences_window_constructed;
  object_class->dispose = mfc_preferences_window_dispose;
  object_class->get_property = mfc_preferences_window_get_property;
  object_class->set_property = mfc_preferences_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         MFC_TYPE_CONTEXT,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/app/mfc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MfcPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, MfcPreferencesWindow, ca_row);
  gtk_widget_class_bind_template_child (widget_class, MfcPreferencesWindow, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, MfcPreferencesWindow, lock_spin);
  gtk_widget_class_bind_template_callback (widget_class, server_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_clear_clicked_cb);
}

static void
mfc_preferences_window_init (MfcPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
mfc_preferences_window_new (MfcContext *context)
{
  g_return_val_if_fail (MFC_IS_CONTEXT (context), NULL);

  return g_object_new (MFC_TYPE_PREFERENCES_WINDOW,
                       "context", context,
                       NULL);
}

/**
 * mfc_preferences_window_use_ca_file:
 * @file: a PEM file with one or more CA certificates
 *
 * Checks that @file holds certificates before it is trusted, so a wrong file
 * is caught here rather than as a mysterious TLS failure at login.
 *
 * Returns: %TRUE if the file was accepted and saved in the settings
 */
gboolean
mfc_preferences_window_use_ca_file (MfcPreferencesWindow *self,
                                    GFile                *file)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GList *certificates;

  g_return_val_if_fail (MFC_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_toast (self, _("The certificate must be a local file"));
      return FALSE;
    }

  certificates = g_tls_certificate_list_new_from_file (path, &error);
  if (certificates == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the file name */
      message = g_strdup_printf (_("“%s” holds no certificate in PEM format"),
                                 g_file_peek_path (file));
      show_toast (self, message);
      return FALSE;
    }
  g_list_free_full (certificates, g_object_unref);

  g_settings_set_string (mfc_context_get_settings (self->context), "ca-file", path);
  return TRUE;
}
