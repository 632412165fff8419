/* intake-draft-worker.c — a desk that shows the applicant form and keeps
 * its draft, for test-intake-draft to type into and kill -9.
 *
 *   intake-draft-worker DRAFT-FILE
 *
 * Prints "ready" once the form is on screen with the surname focused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "mfc-applicant-editor.h"

static gboolean
print_ready_cb (gpointer user_data)
{
  mfc_applicant_editor_grab_first (user_data);
  printf ("ready\n");
  fflush (stdout);
  return G_SOURCE_REMOVE;
}

static void
mapped_cb (GtkWidget *window,
           gpointer   editor)
{
  /* after the first frame, so keys typed now reach the entry */
  g_timeout_add (200, print_ready_cb, editor);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(MfcContext) context = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  MfcApplicantEditor *editor;
  GtkWidget *window;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s DRAFT-FILE\n", argv[0]);
      return 2;
    }

  gtk_init ();
  adw_init ();
  settings = g_settings_new (APP_ID);
  context = mfc_context_new (settings);
  editor = mfc_applicant_editor_new (context);
  mfc_applicant_editor_set_draft_path (editor, argv[1]);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (editor));
  g_signal_connect_after (window, "map", G_CALLBACK (mapped_cb), editor);
  gtk_window_present (GTK_WINDOW (window));

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
