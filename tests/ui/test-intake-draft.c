/* test-intake-draft.c — nothing typed is lost: a desk typed into and
 * killed with SIGKILL comes back with the form, «Восстановлен черновик».
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>

#include "mfc-applicant-draft.h"
#include "mfc-intake-page.h"
#include "mfc-test-ui.h"

static GPid
start_worker (const char *draft)
{
  g_autofree char *worker = g_build_filename (TEST_BUILD_DIR, "tests", "ui", "intake-draft-worker", NULL);
  const char *argv[] = { worker, draft, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) out = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  GPid pid;
  int out_fd;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);

  /* A blocking read: the worker prints "ready" or dies (end of file). */
  out = g_unix_input_stream_new (out_fd, TRUE);
  lines = g_data_input_stream_new (out);
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");
  return pid;
}

static void
test_draft_survives_kill (void)
{
  g_autofree char *draft = mfc_applicant_draft_get_default_path ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(MfcContext) context = mfc_context_new (settings);
  MfcApplicantEditor *editor;
  MfcApplicantForm *form;
  MfcIntakePage *page;
  GtkWidget *window;
  GtkWidget *banner;
  struct stat st;
  GPid pid;
  int status;

  mfc_applicant_draft_remove (draft, NULL);
  pid = start_worker (draft);

  /* Typed by keyboard into the other process's form. */
  mfc_test_ui_type_text ("черновикова");
  mfc_test_ui_press_keys ("Tab");
  mfc_test_ui_type_text ("анна");
  mfc_test_ui_press_keys ("Tab Tab");
  mfc_test_ui_type_text ("01021990");
  mfc_test_ui_press_keys ("Tab Tab");
  mfc_test_ui_type_text ("12345678964");

  /* Saved within a second of the last key: wait for the file to say so,
   * then kill -9 without a chance to write anything more. */
  mfc_test_ui_wait_file_contains (draft, "123-456-789 64", 10000, "the draft on disk");
  g_assert_cmpint (g_stat (draft, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  g_spawn_close_pid (pid);

  /* The desk starts again: the intake page shows the form as typed. */
  page = g_object_new (MFC_TYPE_INTAKE_PAGE, "context", context, NULL);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  mfc_test_ui_wait_mapped (window);

  editor = mfc_intake_page_get_editor (page);
  form = mfc_applicant_editor_get_form (editor);
  g_assert_cmpstr (mfc_intake_page_get_view (page), ==, "applicant");
  g_assert_true (mfc_applicant_editor_get_draft_restored (editor));
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_SURNAME), ==, "Черновикова");
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_GIVEN_NAME), ==, "Анна");
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_BIRTH_DATE), ==, "01.02.1990");
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_SNILS), ==, "123-456-789 64");

  banner = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), MFC_TYPE_APPLICANT_EDITOR, "draft_banner"));
  g_assert_true (gtk_widget_get_mapped (banner));
  {
    g_autoptr(GPtrArray) texts = mfc_test_ui_collect_texts (banner);
    gboolean found = FALSE;

    for (guint i = 0; i < texts->len; i++)
      found |= g_str_has_prefix (g_ptr_array_index (texts, i), "Восстановлен черновик");
    g_assert_true (found);
    mfc_test_ui_assert_russian (texts, NULL);
  }

  /* Submitted or dropped, the draft goes: personal data does not stay. */
  mfc_applicant_editor_discard_draft (editor);
  g_assert_false (g_file_test (draft, G_FILE_TEST_EXISTS));
  g_assert_false (gtk_widget_get_visible (banner));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  mfc_test_ui_init_russian (&argc, &argv);

  g_test_add_func ("/intake-draft/survives-kill", test_draft_survives_kill);

  return g_test_run ();
}
