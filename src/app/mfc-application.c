/* mfc-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-app"

#include "config.h"

#include <glib/gi18n.h>

#include "mfc-application.h"
#include "mfc-preferences-window.h"
#include "mfc-window.h"

struct _MfcApplication
{
  AdwApplication  parent_instance;
  MfcContext     *context;
};

G_DEFINE_FINAL_TYPE (MfcApplication, mfc_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
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

  /* Close windows first so each saves its state. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; )
    {
      GtkWindow *window = l->data;
      l = l->next;
      gtk_window_close (window);
    }
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

static const GActionEntry app_actions[] = {
  { "quit", quit_activated_cb },
  { "preferences", preferences_activated_cb },
  { "about", about_activated_cb },
};

static int
mfc_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "mfc-desk", PACKAGE_VERSION);
      return 0;
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
    { "win.section('intake')", { "<Control>1", NULL } },
    { "win.section('documents')", { "<Control>2", NULL } },
    { "win.section('booking')", { "<Control>3", NULL } },
    { "win.section('tickets')", { "<Control>4", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
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
    window = GTK_WINDOW (mfc_window_new (GTK_APPLICATION (self), self->context));

  gtk_window_present (window);
}

static void
mfc_application_dispose (GObject *object)
{
  MfcApplication *self = MFC_APPLICATION (object);

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
