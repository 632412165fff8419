/* test-intake.c — the «Приём заявителя» section as a clerk uses it: by
 * keyboard, in Russian, against the real training server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "mfc-application.h"
#include "mfc-application-step.h"
#include "mfc-applicant-draft.h"
#include "mfc-intake-page.h"
#include "mfc-print-pdf.h"
#include "mfc-test-ui.h"
#include "mfc-test-window.h"
#include "mfc-validators.h"
#include "mfc-window.h"

static MfcApplication *app;

static MfcWindow *
start_window (void)
{
  return mfc_test_ui_start_work_window (app, 60000);
}

static MfcIntakePage *
intake_page (MfcWindow *window)
{
  MfcIntakePage *page = MFC_INTAKE_PAGE (mfc_window_get_section_page (window, "intake"));

  mfc_window_set_section (window, "intake");
  mfc_test_ui_settle ();
  return page;
}

typedef struct {
  MfcIntakePage *page;
  const char    *view;
} ViewWait;

static gboolean
view_is (gpointer data)
{
  ViewWait *wait = data;

  return g_strcmp0 (mfc_intake_page_get_view (wait->page), wait->view) == 0;
}

static void
wait_view (MfcIntakePage *page,
           const char    *view)
{
  ViewWait wait = { page, view };
  g_autofree char *what = g_strdup_printf ("the intake view “%s”", view);

  mfc_test_ui_wait_until (view_is, &wait, 10000, what);
}

typedef struct {
  MfcApplicantSearch *search;
  const char         *text;
} SearchWait;

static gboolean
search_done (gpointer data)
{
  SearchWait *wait = data;

  return g_strcmp0 (mfc_applicant_search_get_text (wait->search), wait->text) == 0 &&
         !mfc_applicant_search_get_loading (wait->search) &&
         mfc_applicant_search_get_query (wait->search) != NULL;
}

static gboolean
search_settled (gpointer data)
{
  SearchWait *wait = data;

  return search_done (wait) &&
         (g_list_model_get_n_items (G_LIST_MODEL (wait->search)) > 0 ||
          mfc_applicant_search_get_error (wait->search) != NULL ||
          mfc_applicant_search_get_kind (wait->search) != MFC_SEARCH_KIND_NONE);
}

static void
wait_search (MfcApplicantSearch *search,
             const char         *text)
{
  SearchWait wait = { search, text };

  if (!mfc_test_ui_wait_for (search_settled, &wait, 15000))
    g_error ("the search for “%s” did not settle (it holds “%s”, loading %d)", text,
             mfc_applicant_search_get_text (search), mfc_applicant_search_get_loading (search));
  g_assert_null (mfc_applicant_search_get_error (search));
}

/* A seeded applicant, found the way the page finds one. */
static MfcApplicant *
seeded_applicant (const char *name)
{
  MfcContext *context = mfc_application_get_context (app);
  g_autoptr(MfcApplicantSearch) search = mfc_applicant_search_new (mfc_context_get_client (context));

  mfc_applicant_search_set_delay (search, 0);
  mfc_applicant_search_set_text (search, name);
  wait_search (search, name);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (search)); i++)
    {
      g_autoptr(MfcApplicant) a = g_list_model_get_item (G_LIST_MODEL (search), i);

      if (mfc_applicant_get_snils (a) != NULL && mfc_applicant_get_field (a, MFC_APPLICANT_PHONE) != NULL)
        return g_steal_pointer (&a);
    }
  g_error ("no seeded applicant “%s” with a SNILS and a phone", name);
}

static GtkWidget *
page_child (MfcIntakePage *page,
            const char    *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), MFC_TYPE_INTAKE_PAGE, name));
}

static gboolean
contains_text (GtkWidget  *root,
               const char *needle)
{
  g_autoptr(GPtrArray) texts = mfc_test_ui_collect_texts (root);

  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static const char *
entry_text (MfcIntakePage         *page,
            MfcApplicantFormField  field)
{
  MfcApplicantEditor *editor = mfc_intake_page_get_editor (page);

  return gtk_editable_get_text (GTK_EDITABLE (mfc_applicant_editor_get_field_widget (editor, field)));
}

static gboolean
not_revealed (gpointer data)
{
  return !mfc_intake_page_get_revealed (data);
}

static GtkWidget *
focus_of (MfcWindow *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

static gboolean
focus_in (gpointer data)
{
  GtkWidget **pair = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (pair[0]));

  return focus != NULL && (focus == pair[1] || gtk_widget_is_ancestor (focus, pair[1]));
}

static void
type_into (MfcApplicantEditor    *editor,
           MfcApplicantFormField  field,
           const char            *text)
{
  gtk_widget_grab_focus (mfc_applicant_editor_get_field_widget (editor, field));
  mfc_test_ui_settle ();
  mfc_test_ui_type_text (text);
}

/* A СНИЛС typed with any punctuation finds the seeded applicant; the
 * results show it masked; Enter opens the top hit, its form filled from
 * the profile; Ctrl+H shows the numbers, then they hide again. */
static void
test_search_by_snils (void)
{
  MfcWindow *window = start_window ();
  MfcIntakePage *page = intake_page (window);
  MfcApplicantSearch *search = mfc_intake_page_get_search (page);
  g_autoptr(MfcApplicant) seeded = seeded_applicant ("Иван");
  const char *digits = mfc_applicant_get_snils (seeded);
  g_autofree char *typed = g_strdup_printf ("%.3s.%.3s-%.3s  %.2s", digits, digits + 3, digits + 6, digits + 9);
  g_autofree char *formatted = mfc_format_snils (digits);
  g_autofree char *path = NULL;
  MfcApplicantForm *form;

  mfc_test_ui_press_keys ("ctrl+f");
  {
    GtkWidget *pair[2] = { GTK_WIDGET (window), page_child (page, "search_entry") };

    mfc_test_ui_wait_until (focus_in, pair, 5000, "the search focused by Ctrl+F");
  }
  mfc_test_ui_type_text (typed);
  wait_search (search, typed);

  g_assert_cmpint (mfc_applicant_search_get_kind (search), ==, MFC_SEARCH_KIND_SNILS);
  g_assert_cmpstr (mfc_applicant_get_id (mfc_applicant_search_get_top_hit (search)), ==,
                   mfc_applicant_get_id (seeded));
  mfc_test_ui_settle ();
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (page_child (page, "kind_label"))), ==, "Поиск по: СНИЛС");

  /* The results face the applicant: masked. */
  {
    GtkWidget *results = page_child (page, "results");
    g_autofree char *masked = g_strdup_printf ("***-***-*%s", formatted + 9);

    g_assert_true (contains_text (results, masked));
    g_assert_false (contains_text (results, formatted));
  }
  mfc_test_ui_assert_no_ellipsized_labels (GTK_WIDGET (window));
  {
    g_autoptr(GPtrArray) texts = mfc_test_ui_collect_texts (GTK_WIDGET (page));
    const char * const allowed[] = { typed, NULL };

    mfc_test_ui_assert_russian (texts, allowed);
  }
  path = mfc_test_ui_screenshot (GTK_WIDGET (window), "intake-search");
  g_test_message ("screenshot: %s", path);

  mfc_test_ui_press_keys ("Return");
  wait_view (page, "applicant");
  form = mfc_applicant_editor_get_form (mfc_intake_page_get_editor (page));
  g_assert_nonnull (mfc_applicant_form_get_applicant (form));
  g_assert_cmpstr (mfc_applicant_get_id (mfc_applicant_form_get_applicant (form)), ==, mfc_applicant_get_id (seeded));
  mfc_test_ui_settle ();

  /* Autofill: the form holds the profile; the surname is focused, so the
   * СНИЛС and phone entries show their masks. */
  g_assert_cmpstr (mfc_applicant_form_get_value (form, MFC_APPLICANT_FORM_SNILS), ==, digits);
  g_assert_true (g_str_has_prefix (entry_text (page, MFC_APPLICANT_FORM_SNILS), "***-***-*"));
  g_assert_null (strstr (entry_text (page, MFC_APPLICANT_FORM_PHONE),
                         mfc_applicant_get_field (seeded, MFC_APPLICANT_PHONE) + 5));

  /* Ctrl+H: shown in full, then masked again when the time is up. */
  mfc_intake_page_set_reveal_timeout (page, 400);
  mfc_test_ui_press_keys ("ctrl+h");
  mfc_test_ui_settle ();
  g_assert_true (mfc_intake_page_get_revealed (page));
  g_assert_cmpstr (entry_text (page, MFC_APPLICANT_FORM_SNILS), ==,
                   mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_SNILS));
  mfc_test_ui_wait_until (not_revealed, page, 10000, "the end of Ctrl+H");
  g_assert_true (g_str_has_prefix (entry_text (page, MFC_APPLICANT_FORM_SNILS), "***-***-*"));

  /* The field being edited shows what is typed. */
  gtk_widget_grab_focus (mfc_applicant_editor_get_field_widget (mfc_intake_page_get_editor (page),
                                                                MFC_APPLICANT_FORM_SNILS));
  mfc_test_ui_settle ();
  g_assert_cmpstr (entry_text (page, MFC_APPLICANT_FORM_SNILS), ==,
                   mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_SNILS));

  mfc_intake_page_set_reveal_timeout (page, MFC_INTAKE_PAGE_REVEAL_MS);
  mfc_test_ui_press_keys ("Escape");
  wait_view (page, "search");
}

static gboolean
row_selected (gpointer data)
{
  return gtk_list_box_get_selected_row (data) != NULL;
}

/* A name in lower case, with е for ё, by keyboard; Down walks the list
 * and Enter opens the row chosen. */
static void
test_search_by_name (void)
{
  MfcWindow *window = start_window ();
  MfcIntakePage *page = intake_page (window);
  MfcApplicantSearch *search = mfc_intake_page_get_search (page);
  GtkListBox *results = GTK_LIST_BOX (page_child (page, "results"));
  g_autoptr(MfcApplicant) chosen = NULL;
  guint index;

  mfc_test_ui_press_keys ("ctrl+f");
  mfc_test_ui_type_text ("иван");
  wait_search (search, "иван");
  g_assert_cmpint (mfc_applicant_search_get_kind (search), ==, MFC_SEARCH_KIND_NAME);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (search)), >=, 1);
  mfc_test_ui_settle ();
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (page_child (page, "kind_label"))), ==, "Поиск по: ФИО");

  mfc_test_ui_press_keys ("Down");
  mfc_test_ui_wait_until (row_selected, results, 5000, "a row chosen with Down");
  if (g_list_model_get_n_items (G_LIST_MODEL (search)) > 1)
    mfc_test_ui_press_keys ("Down");
  mfc_test_ui_settle ();
  index = gtk_list_box_row_get_index (gtk_list_box_get_selected_row (results));
  g_assert_cmpuint (index, ==, MIN (1, g_list_model_get_n_items (G_LIST_MODEL (search)) - 1));
  chosen = g_list_model_get_item (G_LIST_MODEL (search), index);

  mfc_test_ui_press_keys ("Return");
  wait_view (page, "applicant");
  g_assert_cmpstr (mfc_applicant_get_id (mfc_applicant_form_get_applicant (
                     mfc_applicant_editor_get_form (mfc_intake_page_get_editor (page)))), ==,
                   mfc_applicant_get_id (chosen));
  mfc_test_ui_press_keys ("Escape");
  wait_view (page, "search");
}

/* Nobody found: Enter gives «Новый заявитель» with what was typed in
 * its place. */
static void
test_no_result_prefills (void)
{
  MfcWindow *window = start_window ();
  MfcIntakePage *page = intake_page (window);
  MfcApplicantSearch *search = mfc_intake_page_get_search (page);
  g_autofree char *nine = g_strdup_printf ("%09d", g_random_int_range (100000000, 999999999));
  g_autofree char *snils = g_strdup_printf ("%s%02d", nine, mfc_snils_check_digits (nine));
  g_autofree char *formatted = mfc_format_snils (snils);
  MfcApplicantForm *form;

  mfc_test_ui_press_keys ("ctrl+f ctrl+a BackSpace");
  mfc_test_ui_type_text ("небывалова");
  wait_search (search, "небывалова");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (search)), ==, 0);
  mfc_test_ui_settle ();
  g_assert_true (contains_text (page_child (page, "status_label"), "Никого не нашли"));
  mfc_test_ui_press_keys ("Return");
  wait_view (page, "applicant");
  form = mfc_applicant_editor_get_form (mfc_intake_page_get_editor (page));
  g_assert_true (mfc_applicant_form_get_is_new (form));
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_SURNAME), ==, "Небывалова");
  g_assert_true (contains_text (GTK_WIDGET (mfc_intake_page_get_editor (page)), "Новый заявитель"));

  /* A СНИЛС goes to the СНИЛС field. */
  mfc_test_ui_press_keys ("ctrl+f ctrl+a BackSpace");
  wait_view (page, "search");
  mfc_test_ui_type_text (snils);
  wait_search (search, snils);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (search)), ==, 0);
  mfc_test_ui_press_keys ("Return");
  wait_view (page, "applicant");
  form = mfc_applicant_editor_get_form (mfc_intake_page_get_editor (page));
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_SNILS), ==, formatted);
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_SURNAME), ==, "");
  mfc_test_ui_press_keys ("Escape");
  wait_view (page, "search");
}

/* Every reason in Russian under its field before anything is sent; the
 * submit button names what is still wrong. */
static void
test_form_errors (void)
{
  MfcWindow *window = start_window ();
  MfcIntakePage *page = intake_page (window);
  MfcApplicantEditor *editor = mfc_intake_page_get_editor (page);
  MfcApplicantForm *form;
  g_autofree char *path = NULL;
  const char *submit;
  int width, height;
  static const MfcApplicantFormField wrong[] = {
    MFC_APPLICANT_FORM_SURNAME, MFC_APPLICANT_FORM_GIVEN_NAME, MFC_APPLICANT_FORM_BIRTH_DATE,
    MFC_APPLICANT_FORM_SNILS, MFC_APPLICANT_FORM_INN, MFC_APPLICANT_FORM_PASSPORT,
    MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE, MFC_APPLICANT_FORM_PHONE, MFC_APPLICANT_FORM_EMAIL,
  };
  /* what was typed, and the example address the e-mail message gives */
  const char * const allowed[] = {
    "ivanov@mail.ru", "Ив4нов", "ivanov@", NULL
  };

  mfc_test_ui_press_keys ("ctrl+f ctrl+a BackSpace");
  mfc_test_ui_press_keys ("ctrl+n");
  wait_view (page, "applicant");
  form = mfc_applicant_editor_get_form (editor);
  g_assert_true (mfc_applicant_form_get_is_new (form));
  mfc_test_ui_settle ();
  {
    GtkWidget *pair[2] = { GTK_WIDGET (window), mfc_applicant_editor_get_field_widget (editor, MFC_APPLICANT_FORM_SURNAME) };

    mfc_test_ui_wait_until (focus_in, pair, 5000, "the surname focused after Ctrl+N");
  }

  /* Tab from field to field, as a clerk does; dates and numbers take
   * their masks as they are typed. */
  mfc_test_ui_type_text ("Ив4нов");
  mfc_test_ui_press_keys ("Tab");
  mfc_test_ui_press_keys ("Tab");         /* given name left empty */
  mfc_test_ui_press_keys ("Tab");         /* patronymic is optional */
  mfc_test_ui_type_text ("31022020");                 /* birth date */
  mfc_test_ui_press_keys ("Tab Tab");     /* past the calendar button */
  mfc_test_ui_type_text ("12345678900");              /* СНИЛС, wrong check number */
  mfc_test_ui_press_keys ("Tab");
  mfc_test_ui_type_text ("1234");                     /* ИНН, too short */
  mfc_test_ui_press_keys ("Tab");
  mfc_test_ui_type_text ("4509");                     /* passport without its number */
  mfc_test_ui_settle ();

  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_SURNAME), ==, "Ив4нов");
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_BIRTH_DATE), ==, "31.02.2020");
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_SNILS), ==, "123-456-789 00");
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_PASSPORT), ==, "45 09");

  gtk_widget_grab_focus (mfc_applicant_editor_get_field_widget (editor, MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE));
  mfc_test_ui_type_text ("77");
  gtk_widget_grab_focus (mfc_applicant_editor_get_field_widget (editor, MFC_APPLICANT_FORM_PHONE));
  mfc_test_ui_type_text ("8912");
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_PHONE), ==, "+7 (912");
  gtk_widget_grab_focus (mfc_applicant_editor_get_field_widget (editor, MFC_APPLICANT_FORM_EMAIL));
  mfc_test_ui_type_text ("ivanov@");
  mfc_test_ui_settle ();

  /* Before any submit: the reason under each field typed wrong. */
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      GtkWidget *label = mfc_applicant_editor_get_message_label (editor, wrong[i]);

      if (wrong[i] == MFC_APPLICANT_FORM_GIVEN_NAME)
        continue;  /* left empty: said on submit */
      if (!gtk_widget_get_visible (label))
        g_error ("no message under “%s”", mfc_applicant_form_field_get_label (wrong[i]));
    }

  mfc_test_ui_press_keys ("ctrl+Return");
  mfc_test_ui_settle ();
  g_assert_cmpstr (mfc_intake_page_get_view (page), ==, "applicant");
  g_assert_null (mfc_applicant_form_get_applicant (form));   /* nothing sent */
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      GtkWidget *label = mfc_applicant_editor_get_message_label (editor, wrong[i]);
      g_autoptr(GPtrArray) texts = mfc_test_ui_collect_texts (label);

      if (!gtk_widget_get_mapped (label))
        g_error ("no message under “%s” after submit", mfc_applicant_form_field_get_label (wrong[i]));
      mfc_test_ui_assert_russian (texts, allowed);
      g_test_message ("%s: %s", mfc_applicant_form_field_get_label (wrong[i]), gtk_label_get_text (GTK_LABEL (label)));
    }

  submit = gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (editor), MFC_TYPE_APPLICANT_EDITOR,
                                                                         "submit_label")));
  g_test_message ("submit: %s", submit);
  g_assert_true (g_str_has_prefix (submit, "Ещё исправить: "));
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    g_assert_nonnull (strstr (submit, mfc_applicant_form_field_get_label (wrong[i])));
  g_assert_nonnull (strstr (submit, "согласие"));

  /* Focus went to the first wrong field. */
  g_assert_true (focus_of (window) != NULL &&
                 gtk_widget_is_ancestor (focus_of (window),
                                         mfc_applicant_editor_get_field_widget (editor, MFC_APPLICANT_FORM_SURNAME)));

  {
    g_autoptr(GPtrArray) texts = mfc_test_ui_collect_texts (GTK_WIDGET (page));

    mfc_test_ui_assert_russian (texts, allowed);
  }
  /* The whole form on the screen of a desk, 1280×800. */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  mfc_test_ui_settle ();
  mfc_test_ui_assert_no_ellipsized_labels (GTK_WIDGET (window));
  mfc_test_ui_assert_icon_buttons_described (GTK_WIDGET (window));
  path = mfc_test_ui_screenshot (GTK_WIDGET (window), "intake-form-errors");
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  g_test_message ("screenshot: %s", path);

  mfc_test_ui_press_keys ("Escape");
  wait_view (page, "search");
}

static gboolean
form_saved (gpointer data)
{
  MfcIntakePage *page = data;
  MfcApplicantForm *form = mfc_applicant_editor_get_form (mfc_intake_page_get_editor (page));

  return mfc_applicant_form_get_applicant (form) != NULL &&
         !mfc_applicant_editor_get_busy (mfc_intake_page_get_editor (page));
}

static gboolean
not_busy (gpointer data)
{
  return !mfc_applicant_editor_get_busy (data);
}

/* 152-ФЗ: a complete new applicant is not sent until consent is
 * recorded (who, when, which form); then it is, and the draft goes. */
static void
test_consent_required (void)
{
  MfcWindow *window = start_window ();
  MfcIntakePage *page = intake_page (window);
  MfcApplicantEditor *editor = mfc_intake_page_get_editor (page);
  MfcContext *context = mfc_application_get_context (app);
  g_autofree char *nine = g_strdup_printf ("%09d", g_random_int_range (100000000, 999999999));
  g_autofree char *snils = g_strdup_printf ("%s%02d", nine, mfc_snils_check_digits (nine));
  g_autofree char *draft = mfc_applicant_draft_get_default_path ();
  g_autoptr(MfcApplicantSearch) check = mfc_applicant_search_new (mfc_context_get_client (context));
  GtkWidget *consent = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), MFC_TYPE_APPLICANT_EDITOR, "consent_check"));
  MfcApplicantForm *form;
  const char *consent_text;

  mfc_test_ui_press_keys ("ctrl+f ctrl+a BackSpace");
  mfc_test_ui_press_keys ("ctrl+n");
  wait_view (page, "applicant");
  form = mfc_applicant_editor_get_form (editor);
  mfc_test_ui_settle ();
  mfc_test_ui_type_text ("согласова");
  mfc_test_ui_press_keys ("Tab");
  mfc_test_ui_type_text ("анна");
  mfc_test_ui_press_keys ("Tab Tab");
  mfc_test_ui_type_text ("01021990");
  mfc_test_ui_press_keys ("Tab Tab");
  mfc_test_ui_type_text (snils);
  type_into (editor, MFC_APPLICANT_FORM_PASSPORT, "4509123456");
  type_into (editor, MFC_APPLICANT_FORM_PASSPORT_ISSUED_BY, "отделом уфмс");
  type_into (editor, MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE, "15032010");
  type_into (editor, MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE, "770001");
  type_into (editor, MFC_APPLICANT_FORM_REGISTRATION_ADDRESS, "москва улица ленина 1");
  type_into (editor, MFC_APPLICANT_FORM_PHONE, "89131234567");
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_PASSPORT), ==, "45 09 123456");

  mfc_test_ui_press_keys ("ctrl+Return");
  mfc_test_ui_wait_until (not_busy, editor, 10000, "the submit refused");
  g_assert_null (mfc_applicant_form_get_applicant (form));
  g_assert_false (mfc_applicant_form_get_has_consent (form));
  {
    g_auto(GStrv) problems = mfc_applicant_form_get_problems (form);

    /* consent is all that is missing */
    for (guint i = 0; problems[i]; i++)
      g_test_message ("problem: %s", problems[i]);
    g_assert_cmpuint (g_strv_length (problems), ==, 1);
    g_assert_cmpstr (problems[0], ==, "Не записано согласие на обработку персональных данных");
  }
  {
    GtkWidget *pair[2] = { GTK_WIDGET (window), consent };

    mfc_test_ui_wait_until (focus_in, pair, 5000, "the consent focused");
  }
  /* Nothing about her reached the service. */
  mfc_applicant_search_set_delay (check, 0);
  mfc_applicant_search_set_text (check, snils);
  wait_search (check, snils);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (check)), ==, 0);

  mfc_test_ui_press_keys ("space");
  mfc_test_ui_settle ();
  g_assert_true (mfc_applicant_form_get_has_consent (form));
  g_assert_cmpstr (mfc_applicant_form_get_consent_form_version (form), ==, MFC_CONSENT_FORM_VERSION);
  g_assert_cmpstr (mfc_applicant_form_get_consent_clerk_id (form), ==,
                   mfc_session_get_login (mfc_context_get_session (context)));
  consent_text = gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (editor), MFC_TYPE_APPLICANT_EDITOR,
                                                                               "consent_label")));
  g_assert_nonnull (strstr (consent_text, "Согласие записал"));

  /* The names are put in their case on the way. */
  mfc_test_ui_press_keys ("ctrl+Return");
  mfc_test_ui_wait_until (form_saved, page, 20000, "the new applicant saved");
  form = mfc_applicant_editor_get_form (editor);
  g_assert_cmpstr (mfc_applicant_get_full_name (mfc_applicant_form_get_applicant (form)), ==, "Согласова Анна");
  g_assert_cmpstr (mfc_applicant_get_snils (mfc_applicant_form_get_applicant (form)), ==, snils);
  g_assert_true (mfc_applicant_get_consent_given (mfc_applicant_form_get_applicant (form)));
  g_assert_false (g_file_test (draft, G_FILE_TEST_EXISTS));

  mfc_applicant_search_set_text (check, "");
  mfc_applicant_search_set_text (check, snils);
  wait_search (check, snils);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (check)), ==, 1);

  mfc_test_ui_press_keys ("Escape");
  mfc_test_ui_press_keys ("ctrl+f");
  wait_view (page, "search");
}

static void
collect_focusable (GtkWidget *widget,
                   GPtrArray *found)
{
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_get_sensitive (widget))
    return;
  /* the controls themselves; their insides (an entry's text) count as them */
  if (GTK_IS_ENTRY (widget) || GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) ||
      GTK_IS_DROP_DOWN (widget) || GTK_IS_MENU_BUTTON (widget))
    g_ptr_array_add (found, widget);
  else
    for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
      collect_focusable (c, found);
}

/* Tab alone reaches every control of the form. */
static void
test_tab_reaches_every_control (void)
{
  MfcWindow *window = start_window ();
  MfcIntakePage *page = intake_page (window);
  MfcApplicantEditor *editor = mfc_intake_page_get_editor (page);
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GHashTable) reached = g_hash_table_new (NULL, NULL);

  mfc_test_ui_press_keys ("ctrl+f ctrl+a BackSpace");
  mfc_test_ui_press_keys ("ctrl+n");
  wait_view (page, "applicant");
  mfc_test_ui_settle ();
  collect_focusable (GTK_WIDGET (editor), controls);
  g_assert_cmpuint (controls->len, >=, MFC_APPLICANT_FORM_N_FIELDS + 4);

  for (guint i = 0; i < controls->len * 2 + 10 && g_hash_table_size (reached) < controls->len; i++)
    {
      GtkWidget *focus;

      mfc_test_ui_press_keys ("Tab");
      mfc_test_ui_settle ();
      focus = focus_of (window);
      for (guint c = 0; focus != NULL && c < controls->len; c++)
        {
          GtkWidget *control = g_ptr_array_index (controls, c);

          if (focus == control || gtk_widget_is_ancestor (focus, control))
            g_hash_table_add (reached, control);
        }
    }

  for (guint c = 0; c < controls->len; c++)
    if (!g_hash_table_contains (reached, g_ptr_array_index (controls, c)))
      g_error ("Tab never reached a %s", G_OBJECT_TYPE_NAME (g_ptr_array_index (controls, c)));

  mfc_test_ui_press_keys ("Escape");
  wait_view (page, "search");
}

static void
click (MfcApplicantEditor *editor,
       GtkWidget          *button)
{
  /* by keyboard: focus the button, press space */
  gtk_widget_grab_focus (button);
  mfc_test_ui_settle ();
  mfc_test_ui_press_keys ("space");
  mfc_test_ui_settle ();
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0 &&
      gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* A new applicant with the СНИЛС of a registered one: the registered one
 * is offered before any create, and opened on the clerk's choice. */
static void
test_duplicate_offered (void)
{
  MfcWindow *window = start_window ();
  MfcIntakePage *page = intake_page (window);
  MfcApplicantEditor *editor = mfc_intake_page_get_editor (page);
  g_autoptr(MfcApplicant) seeded = seeded_applicant ("Иван");
  GtkWidget *box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), MFC_TYPE_APPLICANT_EDITOR,
                                                              "duplicate_box"));
  GtkWidget *consent = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), MFC_TYPE_APPLICANT_EDITOR,
                                                                  "consent_check"));
  MfcApplicantForm *form;
  GtkWidget *open;

  mfc_test_ui_press_keys ("ctrl+f ctrl+a BackSpace");
  mfc_test_ui_press_keys ("ctrl+n");
  wait_view (page, "applicant");
  form = mfc_applicant_editor_get_form (editor);
  mfc_test_ui_type_text ("двойникова");
  mfc_test_ui_press_keys ("Tab");
  mfc_test_ui_type_text ("анна");
  type_into (editor, MFC_APPLICANT_FORM_BIRTH_DATE, "01021990");
  type_into (editor, MFC_APPLICANT_FORM_SNILS, mfc_applicant_get_snils (seeded));
  type_into (editor, MFC_APPLICANT_FORM_PASSPORT, "4509123456");
  type_into (editor, MFC_APPLICANT_FORM_PASSPORT_ISSUED_BY, "отделом уфмс");
  type_into (editor, MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE, "15032010");
  type_into (editor, MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE, "770001");
  type_into (editor, MFC_APPLICANT_FORM_PHONE, "89131234567");
  click (editor, consent);
  g_assert_true (mfc_applicant_form_get_has_consent (form));

  mfc_test_ui_press_keys ("ctrl+Return");
  mfc_test_ui_wait_until (widget_mapped, box, 15000, "the duplicate offered");
  g_assert_null (mfc_applicant_form_get_applicant (form));  /* not created */
  g_assert_true (contains_text (box, mfc_applicant_get_full_name (seeded)));
  {
    g_autoptr(GPtrArray) texts = mfc_test_ui_collect_texts (box);

    mfc_test_ui_assert_russian (texts, NULL);
  }

  /* «Всё равно зарегистрировать»: the service refuses (422) and says why
   * under the field. */
  click (editor, find_button (box, "_Всё равно зарегистрировать нового"));
  mfc_test_ui_wait_until (not_busy, editor, 15000, "the refused create");
  mfc_test_ui_settle ();
  g_assert_null (mfc_applicant_form_get_applicant (form));
  {
    GtkWidget *label = mfc_applicant_editor_get_message_label (editor, MFC_APPLICANT_FORM_SNILS);

    g_assert_true (gtk_widget_get_mapped (label));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Заявитель с таким СНИЛС уже зарегистрирован");
  }
  g_assert_true (contains_text (GTK_WIDGET (editor), "Сервер не принял форму"));

  /* The СНИЛС typed again: offered again, and opened this time. */
  gtk_widget_grab_focus (mfc_applicant_editor_get_field_widget (editor, MFC_APPLICANT_FORM_SNILS));
  mfc_test_ui_settle ();
  mfc_test_ui_press_keys ("ctrl+a BackSpace");
  mfc_test_ui_type_text (mfc_applicant_get_snils (seeded));
  g_assert_null (mfc_applicant_form_get_message (form, MFC_APPLICANT_FORM_SNILS));
  mfc_test_ui_press_keys ("ctrl+Return");
  mfc_test_ui_wait_until (widget_mapped, box, 15000, "the duplicate offered again");

  open = find_button (box, "_Открыть найденного заявителя");
  g_assert_nonnull (open);
  click (editor, open);
  mfc_test_ui_settle ();
  form = mfc_applicant_editor_get_form (editor);
  g_assert_nonnull (mfc_applicant_form_get_applicant (form));
  g_assert_cmpstr (mfc_applicant_get_id (mfc_applicant_form_get_applicant (form)), ==, mfc_applicant_get_id (seeded));
  g_assert_false (gtk_widget_get_visible (box));

  mfc_test_ui_press_keys ("Escape");
  wait_view (page, "search");
}

static gboolean
has_conflicts (gpointer data)
{
  return mfc_applicant_form_get_has_conflicts (data);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* A stale edit (412): the service's version beside the clerk's, and the
 * clerk's choice is what is saved; nothing is lost meanwhile. */
static void
test_stale_edit (void)
{
  MfcWindow *window = start_window ();
  MfcIntakePage *page = intake_page (window);
  MfcApplicantEditor *editor = mfc_intake_page_get_editor (page);
  MfcContext *context = mfc_application_get_context (app);
  g_autoptr(MfcApplicant) seeded = seeded_applicant ("Иван");
  g_autoptr(MfcApplicantForm) other = mfc_applicant_form_new_for_applicant (seeded);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MfcApplicant) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mine = g_strdup_printf ("moe%u@mail.ru", g_random_int_range (1000, 9999));
  g_autofree char *theirs = g_strdup_printf ("ih%u@mail.ru", g_random_int_range (1000, 9999));
  MfcApplicantForm *form;
  GtkWidget *keep;

  /* The clerk opens the applicant, Enter pressed before the answer came:
   * what this СНИЛС finds opens once it is found… */
  mfc_test_ui_press_keys ("ctrl+f ctrl+a BackSpace");
  mfc_test_ui_type_text ("небывалова");
  wait_search (mfc_intake_page_get_search (page), "небывалова");
  mfc_test_ui_press_keys ("ctrl+a BackSpace");
  mfc_test_ui_type_text (mfc_applicant_get_snils (seeded));
  mfc_test_ui_press_keys ("Return");
  wait_view (page, "applicant");
  form = mfc_applicant_editor_get_form (editor);
  g_assert_cmpstr (mfc_applicant_get_id (mfc_applicant_form_get_applicant (form)), ==, mfc_applicant_get_id (seeded));

  /* …another desk changes the e-mail meanwhile… */
  mfc_applicant_form_set_text (other, MFC_APPLICANT_FORM_EMAIL, theirs);
  mfc_applicant_form_save_async (other, mfc_context_get_client (context), NULL, store_result_cb, &result);
  mfc_test_ui_wait_until (has_result, &result, 15000, "the other desk's save");
  saved = mfc_applicant_form_save_finish (other, result, &error);
  g_assert_no_error (error);

  /* …and the clerk types another one and submits. */
  gtk_widget_grab_focus (mfc_applicant_editor_get_field_widget (editor, MFC_APPLICANT_FORM_EMAIL));
  mfc_test_ui_press_keys ("ctrl+a BackSpace");
  mfc_test_ui_type_text (mine);
  mfc_test_ui_press_keys ("ctrl+Return");
  mfc_test_ui_wait_until (has_conflicts, form, 15000, "the stale edit shown");
  mfc_test_ui_wait_until (not_busy, editor, 15000, "the save finished");
  mfc_test_ui_settle ();

  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_EMAIL), ==, mine);
  {
    g_autofree char *beside = g_strdup_printf ("На сервере: %s", theirs);

    g_assert_true (contains_text (GTK_WIDGET (editor), beside));
  }
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor),
                                                                                  MFC_TYPE_APPLICANT_EDITOR,
                                                                                  "conflict_label"))));
  {
    g_autoptr(GPtrArray) texts = mfc_test_ui_collect_texts (GTK_WIDGET (editor));
    const char * const allowed[] = { mine, theirs, NULL };

    mfc_test_ui_assert_russian (texts, allowed);
  }

  keep = find_button (GTK_WIDGET (editor), "Оставить моё");
  g_assert_nonnull (keep);
  click (editor, keep);
  g_assert_false (mfc_applicant_form_get_has_conflicts (form));
  mfc_test_ui_press_keys ("ctrl+Return");
  mfc_test_ui_wait_until (not_busy, editor, 15000, "the second save");
  mfc_test_ui_settle ();
  form = mfc_applicant_editor_get_form (editor);
  g_assert_cmpstr (mfc_applicant_get_field (mfc_applicant_form_get_applicant (form), MFC_APPLICANT_EMAIL), ==, mine);

  /* Saved: the application comes next; Esc goes back a step at a time. */
  wait_view (page, "application");
  mfc_test_ui_press_keys ("Escape");
  wait_view (page, "applicant");
  mfc_test_ui_press_keys ("Escape");
  wait_view (page, "search");
}

/* The consent form prints through the printing module, «ОБРАЗЕЦ» in
 * training mode, the applicant's СНИЛС masked. */
static void
test_consent_document (void)
{
  MfcWindow *window = start_window ();
  MfcIntakePage *page = intake_page (window);
  MfcApplicantEditor *editor = mfc_intake_page_get_editor (page);
  g_autoptr(MfcApplicantForm) form = mfc_applicant_form_new ();
  g_autoptr(MfcPrintDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("consent-XXXXXX", &error);
  g_autofree char *pdf = g_build_filename (dir, "consent.pdf", NULL);
  g_autofree char *text = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-raw", pdf, "-", NULL };
  g_auto(GStrv) words = NULL;
  g_autofree char *squeezed = NULL;
  int status = 0;

  g_assert_no_error (error);
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_SURNAME, "Печатникова");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_GIVEN_NAME, "Анна");
  mfc_applicant_form_set_text (form, MFC_APPLICANT_FORM_SNILS, "123-456-789 64");
  mfc_applicant_editor_set_form (editor, form);

  doc = mfc_applicant_editor_build_consent_document (editor);
  g_assert_true (mfc_print_document_get_training (doc));
  g_assert_true (mfc_print_document_write_pdf (doc, pdf, &error));
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &text, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* without whitespace: the diagonal watermark comes out a letter a line */
  g_strdelimit (text, "\n\t\f", ' ');
  squeezed = g_strjoinv ("", (words = g_strsplit (text, " ", -1)));
  g_assert_nonnull (strstr (squeezed, "ОБРАЗЕЦ"));
  g_assert_nonnull (strstr (squeezed, "152-ФЗ"));
  g_assert_nonnull (strstr (squeezed, "ПечатниковаАнна"));
  g_assert_nonnull (strstr (squeezed, "***-***-*8964"));
  g_assert_null (strstr (squeezed, "123456"));
  g_assert_null (strstr (squeezed, "123-456"));
  g_unlink (pdf);
  g_rmdir (dir);
}

static gboolean
popover_open (gpointer data)
{
  GtkPopover *popover = gtk_menu_button_get_popover (data);

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

static gboolean
popover_closed (gpointer data)
{
  return !popover_open (data);
}

/* The birth date from the calendar popover, by keyboard: the button,
 * Space, the arrows, Space, Enter. */
static void
test_calendar_by_keyboard (void)
{
  MfcWindow *window = start_window ();
  MfcIntakePage *page = intake_page (window);
  MfcApplicantEditor *editor = mfc_intake_page_get_editor (page);
  GtkWidget *entry = mfc_applicant_editor_get_field_widget (editor, MFC_APPLICANT_FORM_BIRTH_DATE);
  GtkWidget *button = gtk_widget_get_next_sibling (entry);
  MfcApplicantForm *form;
  g_autofree char *expected = NULL;

  mfc_test_ui_press_keys ("ctrl+f ctrl+a BackSpace");
  mfc_test_ui_press_keys ("ctrl+n");
  wait_view (page, "applicant");
  form = mfc_applicant_editor_get_form (editor);
  g_assert_true (GTK_IS_MENU_BUTTON (button));

  mfc_test_ui_press_keys ("Tab Tab Tab Tab");   /* surname → the calendar button */
  {
    GtkWidget *pair[2] = { GTK_WIDGET (window), button };

    mfc_test_ui_wait_until (focus_in, pair, 5000, "the calendar button focused by Tab");
  }
  mfc_test_ui_press_keys ("space");
  mfc_test_ui_wait_until (popover_open, button, 5000, "the calendar open");
  mfc_test_ui_press_keys ("Up space");       /* another day, chosen */
  mfc_test_ui_press_keys ("Return");
  mfc_test_ui_wait_until (popover_closed, button, 5000, "the calendar closed by Enter");

  /* the day chosen in the calendar (where its keyboard focus starts is
   * GtkCalendar's business) */
  {
    GtkWidget *calendar = gtk_popover_get_child (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
    g_autoptr(GDateTime) chosen = gtk_calendar_get_date (GTK_CALENDAR (calendar));

    expected = g_date_time_format (chosen, "%d.%m.%Y");
  }
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_BIRTH_DATE), ==, expected);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, expected);
  {
    GtkWidget *pair[2] = { GTK_WIDGET (window), entry };

    mfc_test_ui_wait_until (focus_in, pair, 5000, "the date entry focused again");
  }

  mfc_test_ui_press_keys ("Escape");
  wait_view (page, "search");
}

static gboolean
file_is_gone (gpointer data)
{
  return !g_file_test (data, G_FILE_TEST_EXISTS);
}


static gboolean
page_is_login (gpointer data)
{
  return g_strcmp0 (mfc_window_get_page (data), "work") != 0;
}

/* A 401 shows the login page and keeps the form (and its draft); a
 * logout drops both. */
static void
test_expired_keeps_form (void)
{
  MfcWindow *window = start_window ();
  MfcIntakePage *page = intake_page (window);
  MfcApplicantEditor *editor = mfc_intake_page_get_editor (page);
  MfcContext *context = mfc_application_get_context (app);
  MfcClient *client = mfc_context_get_client (context);
  g_autoptr(MfcApplicantSearch) probe = mfc_applicant_search_new (client);
  g_autofree char *draft = mfc_applicant_draft_get_default_path ();
  MfcApplicantForm *form;

  mfc_test_ui_press_keys ("ctrl+f ctrl+a BackSpace");
  mfc_test_ui_press_keys ("ctrl+n");
  wait_view (page, "applicant");
  form = mfc_applicant_editor_get_form (editor);
  mfc_test_ui_type_text ("истекова");
  mfc_test_ui_wait_file_contains (draft, "истекова", 10000, "the draft on disk");

  /* The service forgets the token: the next call answers 401. */
  mfc_client_set_token (client, "expired-token");
  mfc_applicant_search_set_delay (probe, 0);
  mfc_applicant_search_set_text (probe, "Иван");
  mfc_test_ui_wait_until (page_is_login, window, 15000, "the login page after a 401");

  g_assert_true (mfc_applicant_editor_get_form (editor) == form);
  /* (put in its case when the entry lost the focus to the login page) */
  g_assert_cmpstr (mfc_applicant_form_get_text (form, MFC_APPLICANT_FORM_SURNAME), ==, "Истекова");
  g_assert_true (g_file_test (draft, G_FILE_TEST_EXISTS));

  g_action_group_activate_action (G_ACTION_GROUP (app), "training", NULL);
  mfc_test_ui_wait_until (mfc_test_ui_window_is_working, window, 60000, "the login again");
  g_assert_cmpstr (mfc_intake_page_get_view (page), ==, "applicant");
  g_assert_cmpstr (mfc_applicant_form_get_text (mfc_applicant_editor_get_form (editor), MFC_APPLICANT_FORM_SURNAME),
                   ==, "Истекова");

  /* «Выйти»: nothing personal stays at the desk. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "logout", NULL);
  mfc_test_ui_wait_until (page_is_login, window, 15000, "the logout");
  /* The login page may show before the logout's answer (a loaded
   * machine); the draft goes with the session, and nothing brings it
   * back after a draft delay or two (a late save of the emptied form). */
  mfc_test_ui_wait_until (file_is_gone, draft, 15000, "the draft removed at logout");
  mfc_test_ui_run_for (2 * MFC_APPLICANT_EDITOR_DRAFT_DELAY_MS);
  g_assert_false (g_file_test (draft, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (mfc_applicant_form_get_text (mfc_applicant_editor_get_form (editor), MFC_APPLICANT_FORM_SURNAME),
                   ==, "");
  g_assert_cmpstr (mfc_intake_page_get_view (page), ==, "search");
}

/* The whole returning-applicant flow of issue 6 by keyboard alone,
 * counting the key presses: Ctrl+F, the СНИЛС digits, Enter (opens the
 * applicant), Ctrl+Enter (on to the application), the service code,
 * Enter, the checklist marks, Ctrl+Enter (submit), Ctrl+P (receipt).
 * The print dialog cannot be driven under Xvfb, so the test takes the
 * receipt at the step's "print-receipt" and writes it as a PDF. */

static GtkWidget *
find_widget_of_type (GtkWidget *widget,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
press_counted (const char *keys,
               guint      *count)
{
  g_auto(GStrv) each = g_strsplit (keys, " ", -1);

  mfc_test_ui_press_keys (keys);
  *count += g_strv_length (each);
  return *count;
}

static gboolean
step_has_service (gpointer data)
{
  MfcChecklist *checklist = mfc_application_step_get_checklist (data);

  return checklist != NULL && mfc_checklist_get_service (checklist) != NULL;
}

static gboolean
step_registered (gpointer data)
{
  return mfc_application_step_get_ticket_number (data) != NULL;
}

static gboolean
take_receipt_cb (MfcApplicationStep *step,
                 MfcPrintDocument   *document,
                 char              **path)
{
  g_autoptr(GError) error = NULL;

  *path = g_build_filename (g_get_tmp_dir (), "whole-flow-receipt.pdf", NULL);
  g_assert_true (mfc_print_document_write_pdf (document, *path, &error));
  g_assert_no_error (error);
  return TRUE;
}

static gboolean
path_is_set (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_whole_flow_by_keyboard (void)
{
  MfcWindow *window = start_window ();
  MfcIntakePage *page = intake_page (window);
  g_autoptr(MfcApplicant) seeded = seeded_applicant ("Иван");
  const char *digits = mfc_applicant_get_snils (seeded);
  MfcApplicationStep *step;
  MfcServiceCatalog *catalog;
  g_autoptr(GString) code = g_string_new (NULL);
  g_autofree char *receipt = NULL;
  g_autofree char *text = NULL;
  guint count = 0;

  step = MFC_APPLICATION_STEP (find_widget_of_type (GTK_WIDGET (page), MFC_TYPE_APPLICATION_STEP));
  g_assert_nonnull (step);
  g_signal_connect (step, "print-receipt", G_CALLBACK (take_receipt_cb), &receipt);

  /* The service's code, as the clerk knows it */
  catalog = mfc_application_step_get_catalog (step);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)) && code->len == 0; i++)
    {
      g_autoptr(MfcService) service = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      if (g_str_equal (mfc_service_get_title (service), "Замена паспорта гражданина РФ"))
        for (const char *c = mfc_service_get_id (service); *c != '\0'; c++)
          g_string_append_printf (code, code->len > 0 ? " %c" : "%c", *c);
    }
  g_assert_cmpuint (code->len, >, 0);

  press_counted ("ctrl+f", &count);
  mfc_test_ui_type_text (digits);
  count += strlen (digits);
  wait_search (mfc_intake_page_get_search (page), digits);
  press_counted ("Return", &count);
  wait_view (page, "applicant");
  press_counted ("ctrl+Return", &count);
  wait_view (page, "application");
  g_assert_true (mfc_application_step_get_applicant (step) != NULL);
  g_assert_cmpstr (mfc_applicant_get_id (mfc_application_step_get_applicant (step)), ==,
                   mfc_applicant_get_id (seeded));

  mfc_test_ui_settle ();
  press_counted (code->str, &count);
  mfc_test_ui_settle ();
  press_counted ("Return", &count);
  mfc_test_ui_wait_until (step_has_service, step, 15000, "Enter to take the service");
  /* the first two documents shown as originals, the mandatory third not brought */
  press_counted ("space Tab Tab Tab space", &count);
  mfc_test_ui_settle ();
  press_counted ("ctrl+Return", &count);
  mfc_test_ui_wait_until (step_registered, step, 30000, "the ticket number");
  press_counted ("ctrl+p", &count);
  mfc_test_ui_wait_until (path_is_set, &receipt, 15000, "Ctrl+P to make the receipt");

  g_assert_true (g_file_get_contents (receipt, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "%PDF"));
  g_test_message ("key presses, search by СНИЛС → service → checklist → submit → print: %u", count);
  g_assert_cmpuint (count, <=, 25);

  mfc_test_ui_press_keys ("Escape");
  wait_view (page, "applicant");
  mfc_test_ui_press_keys ("Escape");
  wait_view (page, "search");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  mfc_test_ui_init_russian (&argc, &argv);

  app = mfc_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/intake/search-by-snils", test_search_by_snils);
  g_test_add_func ("/intake/search-by-name", test_search_by_name);
  g_test_add_func ("/intake/no-result-prefills", test_no_result_prefills);
  g_test_add_func ("/intake/form-errors", test_form_errors);
  g_test_add_func ("/intake/consent-required", test_consent_required);
  g_test_add_func ("/intake/tab-reaches-every-control", test_tab_reaches_every_control);
  g_test_add_func ("/intake/calendar-by-keyboard", test_calendar_by_keyboard);
  g_test_add_func ("/intake/duplicate-offered", test_duplicate_offered);
  g_test_add_func ("/intake/stale-edit", test_stale_edit);
  g_test_add_func ("/intake/consent-document", test_consent_document);
  g_test_add_func ("/intake/expired-keeps-form", test_expired_keeps_form);
  g_test_add_func ("/intake/whole-flow-by-keyboard", test_whole_flow_by_keyboard);

  ret = g_test_run ();
  g_application_release (G_APPLICATION (app));
  return ret;
}
