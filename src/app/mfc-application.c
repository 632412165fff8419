/* mfc-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-app"

#include "config.h"

#include <glib/gi18n.h>

#include "mfc-application.h"
#include "mfc-preferences-window.h"
#include "mfc-training-mode.h"
#include "mfc-window.h"

struct _MfcApplication
{
  AdwApplication   parent_instance;
  MfcContext      *context;
  MfcTrainingMode *training;
  gboolean         start_training;
};

G_DEFINE_FINAL_TYPE (MfcApplication, mfc_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start in training mode with the built-in training service"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { NULL }
};

static GtkWindow *
mfc_application_main_window (MfcApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (MFC_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  MfcApplication *self = user_data;

  /* Close windows first so each saves its state.  The main window may
   * ask first (unsent writes); it then closes itself once the clerk
   * agrees, and the application ends with its last window. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; )
    {
      GtkWindow *window = l->data;
      l = l->next;
      gtk_window_close (window);
    }
  if (mfc_application_main_window (self) == NULL)
    g_application_quit (G_APPLICATION (self));
}

static void
preferences_activated_cb (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  MfcApplication *self = user_data;
  GtkWindow *prefs;

  prefs = mfc_preferences_window_new (self->context);
  gtk_window_set_transient_for (prefs, mfc_application_main_window (self));
  gtk_window_present (prefs);
}

static void
about_activated_cb (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  MfcApplication *self = user_data;
  static const char *developers[] = { "MFC Desk developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", mfc_application_main_window (self),
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("MFC Desk"),
                        "developer-name", _("MFC Desk developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("The workstation of a clerk at a multifunction public-service centre: applicant intake, documents, appointments and tickets."),
                        "website", "https://github.com/mfcdesk/mfc-desk",
                        "issue-url", "https://github.com/mfcdesk/mfc-desk/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* What went wrong in training mode shows where the clerk is at that
 * moment: the login flow, which the login page shows. */
static MfcLoginFlow *
login_flow (MfcApplication *self)
{
  return mfc_context_get_login_flow (self->context);
}

static void
training_started_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(MfcApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!mfc_training_mode_start_finish (MFC_TRAINING_MODE (object), result, &error))
    /* Translators: %s says why */
    message = g_strdup_printf (_("Training mode could not start: %s"), error->message);
  mfc_login_flow_end (login_flow (self), message);
}

static void
mfc_application_start_training (MfcApplication *self)
{
  if (self->training == NULL)
    self->training = mfc_training_mode_new (self->context);

  mfc_login_flow_begin (login_flow (self));
  mfc_training_mode_start_async (self->training, NULL,
                                 training_started_cb, g_object_ref (self));
}

static void
training_activated_cb (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  mfc_application_start_training (MFC_APPLICATION (user_data));
}

static void
training_reset_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MfcApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!mfc_training_mode_reset_finish (MFC_TRAINING_MODE (object), result, &error))
    /* Translators: %s says why */
    message = g_strdup_printf (_("The training data could not be reset: %s"), error->message);
  if (message != NULL)
    mfc_login_flow_set_message (login_flow (self), message);
}

static void
reset_training_activated_cb (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  MfcApplication *self = user_data;

  if (self->training == NULL || !mfc_context_get_training (self->context))
    return;

  mfc_training_mode_reset_async (self->training, NULL,
                                 training_reset_cb, g_object_ref (self));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated_cb },
  { "preferences", preferences_activated_cb },
  { "about", about_activated_cb },
  { "training", training_activated_cb },
  { "reset-training", reset_training_activated_cb },
};

/* A clerk who did not log out comes back to work: the token kept in the
 * keyring for the saved service is checked with the service. */
static void
mfc_application_restore_session (MfcApplication *self)
{
  g_autofree char *server = NULL;

  server = g_settings_get_string (mfc_context_get_settings (self->context), "server-url");
  if (server[0] == '\0' || !mfc_context_set_server (self->context, server, NULL))
    return;

  mfc_login_flow_restore (login_flow (self));
}

static int
mfc_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  MfcApplication *self = MFC_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "mfc-desk", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "demo"))
    {
      g_autoptr(GError) error = NULL;

      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }

      /* Already running: the running instance switches to training. */
      if (g_application_get_is_remote (app))
        {
          g_action_group_activate_action (G_ACTION_GROUP (app), "training", NULL);
          g_application_activate (app);
          return 0;
        }

      self->start_training = TRUE;
    }

  return -1;
}

static void
mfc_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    /* Ctrl+1… for the sections: MfcWindow, from its table. */
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.lock", { "<Control>l", NULL } },
  };
  MfcApplication *self = MFC_APPLICATION (app);
  g_autoptr(GSettings) settings = NULL;

  G_APPLICATION_CLASS (mfc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);

  settings = g_settings_new (APP_ID);
  self->context = mfc_context_new (settings);
}

static void
mfc_application_activate (GApplication *app)
{
  MfcApplication *self = MFC_APPLICATION (app);
  GtkWindow *window;

  window = mfc_application_main_window (self);
  if (window == NULL)
    {
      window = GTK_WINDOW (mfc_window_new (GTK_APPLICATION (self), self->context));

      if (self->start_training)
        mfc_application_start_training (self);
      else
        mfc_application_restore_session (self);
      self->start_training = FALSE;
    }

  gtk_window_present (window);
}

static void
mfc_application_shutdown (GApplication *app)
{
  MfcApplication *self = MFC_APPLICATION (app);

  /* The training database is throwaway: it goes with the application. */
  if (self->training != NULL)
    mfc_training_mode_stop (self->training);

  G_APPLICATION_CLASS (mfc_application_parent_class)->shutdown (app);
}

static void
mfc_application_dispose (GObject *object)
{
  MfcApplication *self = MFC_APPLICATION (object);

  g_clear_object (&self->training);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (mfc_application_parent_class)->dispose (object);
}

static void
mfc_application_class_init (MfcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = mfc_application_dispose;

  app_class->handle_local_options = mfc_application_handle_local_options;
  app_class->startup = mfc_application_startup;
  app_class->activate = mfc_application_activate;
  app_class->shutdown = mfc_application_shutdown;
}

static void
mfc_application_init (MfcApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
}

MfcApplication *
mfc_application_new (void)
{
  return g_object_new (MFC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/**
 * mfc_application_get_context:
 *
 * Returns: (transfer none) (nullable): the context, once the application has
 *   started up
 */
MfcContext *
mfc_application_get_context (MfcApplication *self)
{
  g_return_val_if_fail (MFC_IS_APPLICATION (self), NULL);

  return self->context;
}

/**
 * mfc_application_get_training_mode:
 *
 * Returns: (transfer none) (nullable): the training mode, once started
 */
MfcTrainingMode *
mfc_application_get_training_mode (MfcApplication *self)
{
  g_return_val_if_fail (MFC_IS_APPLICATION (self), NULL);

  return self->training;
}
