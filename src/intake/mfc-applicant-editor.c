/* mfc-applicant-editor.c — the applicant form on screen.
 *
 * The entries are built from the form model's field list (one row each:
 * title, entry, the reason under it, the server's version beside it
 * after a 412), so a field added to MfcApplicantForm appears here too.
 * The model holds the text as typed; an entry shows it, or its mask for
 * СНИЛС, passport and phone while the entry is not being edited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mfc-applicant-draft.h"
#include "mfc-applicant-editor.h"
#include "mfc-client-error.h"
#include "mfc-print-format.h"
#include "mfc-print-operation.h"
#include "mfc-validators.h"

typedef struct {
  GtkWidget *title;
  GtkWidget *entry;      /* a GtkEntry, or the GtkDropDown of the channel */
  GtkWidget *message;
  GtkWidget *conflict;   /* the server's version and the two choices */
  GtkWidget *theirs;
  gboolean   focused;
} FieldRow;

struct _MfcApplicantEditor
{
  AdwBin parent_instance;

  MfcContext       *context;
  MfcApplicantForm *form;
  GCancellable     *cancellable;
  char             *draft_path;
  guint             draft_source;
  guint             mask_source;
  MfcApplicant     *duplicate;
  gboolean          duplicates_checked;
  gboolean          revealed;
  gboolean          busy;
  gboolean          draft_restored;
  guint             updating;    /* > 0 while the editor writes an entry */

  FieldRow          rows[MFC_APPLICANT_FORM_N_FIELDS];

  /* template children */
  GtkWidget *draft_banner;
  GtkWidget *title_label;
  GtkWidget *duplicate_box;
  GtkWidget *duplicate_label;
  GtkWidget *conflict_label;
  GtkWidget *personal_grid;
  GtkWidget *documents_grid;
  GtkWidget *consent_check;
  GtkWidget *consent_label;
  GtkWidget *error_label;
  GtkWidget *submit_button;
  GtkWidget *submit_label;
};

G_DEFINE_FINAL_TYPE (MfcApplicantEditor, mfc_applicant_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_FORM,
  PROP_BUSY,
  N_PROPS
};

enum {
  SAVED,
  OPEN_APPLICANT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const channel_ids[] = { "sms", "email", "none", NULL };

static void update_submit (MfcApplicantEditor *self);

static gboolean
field_is_masked (MfcApplicantFormField field)
{
  return field == MFC_APPLICANT_FORM_SNILS ||
         field == MFC_APPLICANT_FORM_PASSPORT ||
         field == MFC_APPLICANT_FORM_PHONE;
}

static gboolean
field_is_date (MfcApplicantFormField field)
{
  return field == MFC_APPLICANT_FORM_BIRTH_DATE ||
         field == MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE;
}

static gboolean
field_is_name (MfcApplicantFormField field)
{
  return field == MFC_APPLICANT_FORM_SURNAME ||
         field == MFC_APPLICANT_FORM_GIVEN_NAME ||
         field == MFC_APPLICANT_FORM_PATRONYMIC;
}

/* Hides every digit of what the printing masks cannot read yet (a
 * number half typed): nothing of it is shown to the applicant either. */
static char *
mask_text (MfcApplicantFormField field,
           const char           *text)
{
  char *masked = NULL;

  switch ((int) field)
    {
    case MFC_APPLICANT_FORM_SNILS:
      masked = mfc_print_mask_snils (text);
      break;
    case MFC_APPLICANT_FORM_PASSPORT:
      masked = mfc_print_mask_passport (text);
      break;
    case MFC_APPLICANT_FORM_PHONE:
      masked = mfc_print_mask_phone (text);
      break;
    default:
      g_assert_not_reached ();
    }

  if (masked == NULL)
    {
      masked = g_strdup (text);
      for (char *p = g_str_has_prefix (masked, "+7") ? masked + 2 : masked; *p; p++)
        if (g_ascii_isdigit (*p))
          *p = '*';
    }
  return masked;
}

/* The digits of @text laid out in @pattern, where '#' takes a digit;
 * the literal parts after the last digit are left out, so a deletion is
 * not undone by a separator coming back. */
static char *
apply_pattern (const char *pattern,
               const char *digits)
{
  GString *out = g_string_new (NULL);
  const char *d = digits;

  for (const char *p = pattern; *p && *d; p++)
    {
      if (*p == '#')
        g_string_append_c (out, *d++);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
digits_of (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

/* The input mask of a field, applied as the clerk types: dates as
 * ДД.ММ.ГГГГ, СНИЛС as 123-456-789 01, the phone as +7 (912) 345-67-89.
 * %NULL when the field has none or the text is not a number. */
static char *
format_as_typed (MfcApplicantFormField  field,
                 const char            *text)
{
  g_autofree char *digits = NULL;
  const char *pattern = NULL;

  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && strchr (" -.()+", *p) == NULL)
      return NULL;   /* something else typed: leave it for the message */

  digits = digits_of (text);
  switch ((int) field)
    {
    case MFC_APPLICANT_FORM_BIRTH_DATE:
    case MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE:
      pattern = "##.##.####";
      break;
    case MFC_APPLICANT_FORM_SNILS:
      pattern = "###-###-### ##";
      break;
    case MFC_APPLICANT_FORM_PASSPORT:
      pattern = "## ## ######";
      break;
    case MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE:
      pattern = "###-###";
      break;
    case MFC_APPLICANT_FORM_PHONE:
      {
        const char *rest = digits;

        /* 8 912…, 7 912… and +7 912… are the same number */
        if (rest[0] == '8' || rest[0] == '7')
          rest++;
        if (rest[0] == '\0')
          return g_strdup ("+7 ");
        return apply_pattern ("+7 (###) ###-##-##", rest);
      }
    default:
      return NULL;
    }

  return apply_pattern (pattern, digits);
}

static const char *
dropdown_channel (GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  return selected < G_N_ELEMENTS (channel_ids) - 1 ? channel_ids[selected] : "none";
}

/* What the entry of @field shows: the form's text, masked when the
 * applicant may see the screen. */
static void
show_field_text (MfcApplicantEditor    *self,
                 MfcApplicantFormField  field)
{
  FieldRow *row = &self->rows[field];
  const char *text = mfc_applicant_form_get_text (self->form, field);
  g_autofree char *shown = NULL;

  self->updating++;
  if (field == MFC_APPLICANT_FORM_NOTIFY_CHANNEL)
    {
      guint selected = g_strv_length ((GStrv) channel_ids) - 1;

      for (guint i = 0; channel_ids[i]; i++)
        if (g_strcmp0 (channel_ids[i], text) == 0)
          selected = i;
      gtk_drop_down_set_selected (GTK_DROP_DOWN (row->entry), selected);
    }
  else
    {
      if (field_is_masked (field) && !self->revealed && !row->focused && text[0] != '\0')
        shown = mask_text (field, text);
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row->entry)), shown ? shown : text) != 0)
        gtk_editable_set_text (GTK_EDITABLE (row->entry), shown ? shown : text);
    }
  self->updating--;
}

static void
show_field_state (MfcApplicantEditor    *self,
                  MfcApplicantFormField  field)
{
  FieldRow *row = &self->rows[field];
  const char *message = mfc_applicant_form_get_message (self->form, field);
  const char *theirs = mfc_applicant_form_get_theirs_text (self->form, field);

  gtk_label_set_text (GTK_LABEL (row->message), message ? message : "");
  gtk_widget_set_visible (row->message, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (row->entry, "error");
  else
    gtk_widget_remove_css_class (row->entry, "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message ? message : "",
                                  -1);

  gtk_widget_set_visible (row->conflict, theirs != NULL);
  if (theirs != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("On the service: %s"),
                                               theirs[0] ? theirs : _("(empty)"));

      gtk_label_set_text (GTK_LABEL (row->theirs), text);
    }
}

static void
schedule_draft_save (MfcApplicantEditor *self);

static void
show_all_fields (MfcApplicantEditor *self)
{
  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    {
      show_field_text (self, f);
      show_field_state (self, f);
    }
  update_submit (self);
}

static void
set_busy (MfcApplicantEditor *self,
          gboolean            busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_widget_set_sensitive (self->submit_button, !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_error (MfcApplicantEditor *self,
            const char         *text)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), text ? text : "");
  gtk_widget_set_visible (self->error_label, text != NULL);
}

/* The submit button says what is still wrong: the fields by name on the
 * button (each reason is under its field), every reason in full in its
 * accessible description. */
static void
update_submit (MfcApplicantEditor *self)
{
  g_auto(GStrv) problems = mfc_applicant_form_get_problems (self->form);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *joined = g_strjoinv ("\n", problems);
  gboolean is_new = mfc_applicant_form_get_is_new (self->form);

  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    if (mfc_applicant_form_get_message (self->form, f) != NULL ||
        mfc_applicant_form_is_conflict (self->form, f))
      {
        if (names->len > 0)
          g_string_append (names, ", ");
        g_string_append (names, mfc_applicant_form_field_get_label (f));
      }
  if (is_new && !mfc_applicant_form_get_has_consent (self->form))
    {
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, _("consent"));
    }

  if (problems[0] == NULL)
    gtk_label_set_text (GTK_LABEL (self->submit_label),
                        is_new ? _("Register the Applicant") : _("Save and Continue"));
  else
    {
      g_autofree char *text = g_strdup_printf (_("Still to correct: %s"), names->str);

      gtk_label_set_text (GTK_LABEL (self->submit_label), text);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->submit_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, joined, -1);
  if (problems[0] == NULL)
    gtk_widget_add_css_class (self->submit_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->submit_button, "suggested-action");
}

static void
update_consent (MfcApplicantEditor *self)
{
  gboolean is_new = mfc_applicant_form_get_is_new (self->form);
  gboolean has = mfc_applicant_form_get_has_consent (self->form);

  gtk_widget_set_visible (self->consent_check, is_new);
  self->updating++;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->consent_check), has);
  self->updating--;
  gtk_widget_set_sensitive (self->consent_check, !has);

  if (is_new && has && mfc_applicant_form_get_consent_given_at (self->form) != NULL)
    {
      g_autofree char *when = g_date_time_format (mfc_applicant_form_get_consent_given_at (self->form),
                                                  "%d.%m.%Y %H:%M");
      g_autofree char *text = g_strdup_printf (_("Consent recorded by %s on %s, form %s"),
                                               mfc_applicant_form_get_consent_clerk_id (self->form),
                                               when,
                                               mfc_applicant_form_get_consent_form_version (self->form));

      gtk_label_set_text (GTK_LABEL (self->consent_label), text);
    }
  else if (is_new)
    gtk_label_set_text (GTK_LABEL (self->consent_label),
                        _("Nothing about a new applicant is sent before their signed consent is recorded."));
  else
    gtk_label_set_text (GTK_LABEL (self->consent_label),
                        mfc_applicant_get_consent_given (mfc_applicant_form_get_applicant (self->form))
                          ? _("Consent to personal data processing is on record.")
                          : _("No consent is on record for this applicant."));
}

static void
update_title (MfcApplicantEditor *self)
{
  MfcApplicant *applicant = mfc_applicant_form_get_applicant (self->form);

  if (applicant == NULL)
    gtk_label_set_text (GTK_LABEL (self->title_label), _("New Applicant"));
  else
    gtk_label_set_text (GTK_LABEL (self->title_label), mfc_applicant_get_full_name (applicant));
  gtk_widget_set_visible (self->conflict_label, mfc_applicant_form_get_has_conflicts (self->form));
}

static gboolean
save_draft_cb (gpointer user_data)
{
  MfcApplicantEditor *self = user_data;
  g_autoptr(GError) error = NULL;

  self->draft_source = 0;
  if (self->draft_path != NULL && !mfc_applicant_draft_save (self->form, self->draft_path, &error))
    g_warning ("The applicant draft was not saved: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
schedule_draft_save (MfcApplicantEditor *self)
{
  if (self->draft_path == NULL)
    return;
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_source = g_timeout_add (MFC_APPLICANT_EDITOR_DRAFT_DELAY_MS, save_draft_cb, self);
}

static void
form_field_changed_cb (MfcApplicantEditor    *self,
                       MfcApplicantFormField  field,
                       MfcApplicantForm      *form)
{
  show_field_text (self, field);
  show_field_state (self, field);
  update_submit (self);
  update_title (self);
}

static void
form_notify_cb (MfcApplicantEditor *self)
{
  update_consent (self);
  update_title (self);
  update_submit (self);
}

static gboolean
apply_masks_cb (gpointer user_data)
{
  MfcApplicantEditor *self = user_data;

  self->mask_source = 0;
  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    {
      GtkWidget *entry = self->rows[f].entry;
      g_autofree char *formatted = NULL;
      const char *text;

      if (!GTK_IS_EDITABLE (entry) || !self->rows[f].focused)
        continue;  /* a field left has had its mask put on already */
      text = gtk_editable_get_text (GTK_EDITABLE (entry));
      if (text[0] == '\0')
        continue;
      formatted = format_as_typed (f, text);
      if (formatted == NULL || g_strcmp0 (formatted, text) == 0 ||
          g_strcmp0 (text, mfc_applicant_form_get_text (self->form, f)) != 0)
        continue;
      /* only what the clerk just typed: the text reaches the end */
      if (gtk_editable_get_position (GTK_EDITABLE (entry)) != (int) g_utf8_strlen (text, -1))
        continue;

      self->updating++;
      gtk_editable_set_text (GTK_EDITABLE (entry), formatted);
      gtk_editable_set_position (GTK_EDITABLE (entry), -1);
      self->updating--;
      mfc_applicant_form_set_text (self->form, f, formatted);
    }
  return G_SOURCE_REMOVE;
}

static void
entry_changed_cb (GtkEditable        *entry,
                  MfcApplicantEditor *self)
{
  MfcApplicantFormField field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "field"));
  const char *text = gtk_editable_get_text (entry);
  const char *before = mfc_applicant_form_get_text (self->form, field);
  g_autofree char *formatted = NULL;

  if (self->updating > 0)
    return;

  /* The mask goes on as the clerk types, never on a deletion; after the
   * insertion, which would otherwise put the cursor back where it was. */
  if (strlen (text) > strlen (before))
    formatted = format_as_typed (field, text);
  if (formatted != NULL && g_strcmp0 (formatted, text) != 0 && self->mask_source == 0)
    self->mask_source = g_idle_add (apply_masks_cb, self);

  self->duplicates_checked = FALSE;
  show_error (self, NULL);
  mfc_applicant_form_set_text (self->form, field, text);
  schedule_draft_save (self);
}

static void
channel_selected_cb (GtkDropDown        *dropdown,
                     GParamSpec         *pspec,
                     MfcApplicantEditor *self)
{
  if (self->updating > 0)
    return;
  mfc_applicant_form_set_text (self->form, MFC_APPLICANT_FORM_NOTIFY_CHANNEL, dropdown_channel (dropdown));
  schedule_draft_save (self);
}

static void
entry_focus_enter_cb (GtkEventControllerFocus *controller,
                      MfcApplicantEditor      *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  MfcApplicantFormField field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "field"));

  self->rows[field].focused = TRUE;
  if (field_is_masked (field))
    show_field_text (self, field);
}

static void
entry_focus_leave_cb (GtkEventControllerFocus *controller,
                      MfcApplicantEditor      *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  MfcApplicantFormField field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "field"));
  const char *text = mfc_applicant_form_get_text (self->form, field);
  g_autofree char *formatted = text[0] != '\0' ? format_as_typed (field, text) : NULL;

  self->rows[field].focused = FALSE;
  if (formatted != NULL)
    mfc_applicant_form_set_text (self->form, field, formatted);
  if (field_is_name (field))
    mfc_applicant_form_normalize_field (self->form, field);
  if (field_is_masked (field))
    show_field_text (self, field);
}

static void
calendar_day_selected_cb (GtkCalendar        *calendar,
                          MfcApplicantEditor *self)
{
  MfcApplicantFormField field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (calendar), "field"));
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%d.%m.%Y");

  /* The calendar stays open (a click or Space selects); Enter or Esc
   * closes it, see calendar_key_pressed_cb. */
  mfc_applicant_form_set_text (self->form, field, text);
  schedule_draft_save (self);
}

static void
close_calendar (GtkWidget *calendar)
{
  GtkWidget *popover = gtk_widget_get_ancestor (calendar, GTK_TYPE_POPOVER);
  MfcApplicantEditor *self = MFC_APPLICANT_EDITOR (gtk_widget_get_ancestor (calendar, MFC_TYPE_APPLICANT_EDITOR));
  MfcApplicantFormField field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (calendar), "field"));

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  if (self != NULL)
    gtk_widget_grab_focus (self->rows[field].entry);
}

static gboolean
calendar_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         MfcApplicantEditor    *self)
{
  GtkWidget *calendar = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return GDK_EVENT_PROPAGATE;

  /* GtkCalendar moves its focus with the arrows and selects with Space;
   * Enter, which it leaves alone, closes it. */
  close_calendar (calendar);
  return GDK_EVENT_STOP;
}

/* The calendar opens on the date already typed, if any. */
static void
calendar_show_cb (GtkWidget          *popover,
                  MfcApplicantEditor *self)
{
  GtkWidget *calendar = gtk_popover_get_child (GTK_POPOVER (popover));
  MfcApplicantFormField field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (calendar), "field"));
  GDate date;

  if (mfc_parse_date (mfc_applicant_form_get_text (self->form, field), &date, NULL))
    {
      g_autoptr(GDateTime) when = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                                         g_date_get_day (&date), 0, 0, 0);

      g_signal_handlers_block_by_func (calendar, calendar_day_selected_cb, self);
      gtk_calendar_select_day (GTK_CALENDAR (calendar), when);
      g_signal_handlers_unblock_by_func (calendar, calendar_day_selected_cb, self);
    }
  gtk_widget_grab_focus (calendar);
}

static void
conflict_choice_cb (GtkButton          *button,
                    MfcApplicantEditor *self)
{
  MfcApplicantFormField field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "field"));

  if (g_object_get_data (G_OBJECT (button), "theirs") != NULL)
    mfc_applicant_form_take_theirs (self->form, field);
  else
    mfc_applicant_form_take_mine (self->form, field);
  schedule_draft_save (self);
}

static GtkWidget *
make_date_entry (MfcApplicantEditor    *self,
                 MfcApplicantFormField  field,
                 GtkWidget             *entry)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();
  GtkEventController *keys;

  gtk_widget_add_css_class (box, "linked");
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("DD.MM.YYYY"));
  gtk_box_append (GTK_BOX (box), entry);

  g_object_set_data (G_OBJECT (calendar), "field", GUINT_TO_POINTER (field));
  g_signal_connect (calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), self);
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (calendar_key_pressed_cb), self);
  gtk_widget_add_controller (calendar, keys);
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  g_signal_connect (popover, "show", G_CALLBACK (calendar_show_cb), self);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_tooltip_text (button, _("Choose in a calendar"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose in a calendar"), -1);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

static GtkWidget *
make_conflict_box (MfcApplicantEditor    *self,
                   MfcApplicantFormField  field)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *mine = gtk_button_new_with_mnemonic (_("Keep Mine"));
  GtkWidget *theirs = gtk_button_new_with_mnemonic (_("Take the Service’s"));
  FieldRow *row = &self->rows[field];

  row->theirs = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (row->theirs), TRUE);
  gtk_label_set_xalign (GTK_LABEL (row->theirs), 0);
  gtk_widget_set_hexpand (row->theirs, TRUE);
  gtk_widget_add_css_class (row->theirs, "warning");
  gtk_box_append (GTK_BOX (box), row->theirs);

  g_object_set_data (G_OBJECT (mine), "field", GUINT_TO_POINTER (field));
  g_object_set_data (G_OBJECT (theirs), "field", GUINT_TO_POINTER (field));
  g_object_set_data (G_OBJECT (theirs), "theirs", GINT_TO_POINTER (TRUE));
  g_signal_connect (mine, "clicked", G_CALLBACK (conflict_choice_cb), self);
  g_signal_connect (theirs, "clicked", G_CALLBACK (conflict_choice_cb), self);
  gtk_box_append (GTK_BOX (box), mine);
  gtk_box_append (GTK_BOX (box), theirs);
  gtk_widget_set_visible (box, FALSE);
  return box;
}

/* Personal data on the left, the passport, addresses and contacts on the
 * right: two grids, so Tab runs down one column, then the other. */
static void
build_rows (MfcApplicantEditor *self)
{
  int line[2] = { 0, 0 };

  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    {
      FieldRow *row = &self->rows[f];
      guint column = f < MFC_APPLICANT_FORM_PASSPORT ? 0 : 1;
      GtkGrid *grid = GTK_GRID (column == 0 ? self->personal_grid : self->documents_grid);
      GtkWidget *widget;

      row->title = gtk_label_new_with_mnemonic (mfc_applicant_form_field_get_label (f));
      gtk_label_set_xalign (GTK_LABEL (row->title), 1);
      gtk_widget_set_valign (row->title, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (row->title, "dim-label");

      if (f == MFC_APPLICANT_FORM_NOTIFY_CHANNEL)
        {
          const char *names[] = { _("SMS"), _("E-mail"), _("Do not notify"), NULL };

          row->entry = gtk_drop_down_new_from_strings (names);
          g_signal_connect (row->entry, "notify::selected", G_CALLBACK (channel_selected_cb), self);
          widget = row->entry;
        }
      else
        {
          GtkEventController *focus = gtk_event_controller_focus_new ();

          row->entry = gtk_entry_new ();
          gtk_entry_set_activates_default (GTK_ENTRY (row->entry), FALSE);
          g_signal_connect (row->entry, "changed", G_CALLBACK (entry_changed_cb), self);
          g_signal_connect (focus, "enter", G_CALLBACK (entry_focus_enter_cb), self);
          g_signal_connect (focus, "leave", G_CALLBACK (entry_focus_leave_cb), self);
          gtk_widget_add_controller (row->entry, focus);
          if (f == MFC_APPLICANT_FORM_PHONE)
            gtk_entry_set_input_purpose (GTK_ENTRY (row->entry), GTK_INPUT_PURPOSE_PHONE);
          else if (f == MFC_APPLICANT_FORM_EMAIL)
            gtk_entry_set_input_purpose (GTK_ENTRY (row->entry), GTK_INPUT_PURPOSE_EMAIL);
          widget = field_is_date (f) ? make_date_entry (self, f, row->entry) : row->entry;
        }
      g_object_set_data (G_OBJECT (row->entry), "field", GUINT_TO_POINTER (f));
      gtk_widget_set_hexpand (widget, TRUE);
      gtk_label_set_mnemonic_widget (GTK_LABEL (row->title), row->entry);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row->entry),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, row->title, NULL, -1);

      row->message = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (row->message), TRUE);
      gtk_label_set_xalign (GTK_LABEL (row->message), 0);
      gtk_widget_add_css_class (row->message, "error");
      gtk_widget_add_css_class (row->message, "caption");
      gtk_widget_set_visible (row->message, FALSE);

      row->conflict = make_conflict_box (self, f);

      gtk_grid_attach (grid, row->title, 0, line[column], 1, 1);
      gtk_grid_attach (grid, widget, 1, line[column], 1, 1);
      gtk_grid_attach (grid, row->message, 1, line[column] + 1, 1, 1);
      gtk_grid_attach (grid, row->conflict, 1, line[column] + 2, 1, 1);
      line[column] += 3;
    }
}

static void
consent_toggled_cb (GtkCheckButton     *check,
                    MfcApplicantEditor *self)
{
  MfcSession *session;
  const char *login;

  if (self->updating > 0 || !gtk_check_button_get_active (check))
    return;

  session = mfc_context_get_session (self->context);
  login = mfc_session_get_login (session);
  if (login == NULL || login[0] == '\0')
    login = "unknown";
  mfc_applicant_form_record_consent (self->form, login, NULL, MFC_CONSENT_FORM_VERSION);
  schedule_draft_save (self);
}

static void
consent_print_cb (MfcApplicantEditor *self)
{
  mfc_applicant_editor_print_consent (self);
}

static void
draft_banner_close_cb (MfcApplicantEditor *self)
{
  gtk_widget_set_visible (self->draft_banner, FALSE);
  mfc_applicant_editor_grab_first (self);
}

static void
duplicate_open_cb (MfcApplicantEditor *self)
{
  g_autoptr(MfcApplicant) duplicate = g_steal_pointer (&self->duplicate);

  gtk_widget_set_visible (self->duplicate_box, FALSE);
  if (duplicate != NULL)
    g_signal_emit (self, signals[OPEN_APPLICANT], 0, duplicate);
}

static void save (MfcApplicantEditor *self);

static void
duplicate_create_cb (MfcApplicantEditor *self)
{
  gtk_widget_set_visible (self->duplicate_box, FALSE);
  g_clear_object (&self->duplicate);
  save (self);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  MfcApplicantForm *form = MFC_APPLICANT_FORM (object);
  g_autoptr(MfcApplicantEditor) self = user_data;
  g_autoptr(MfcApplicant) applicant = NULL;
  g_autoptr(GError) error = NULL;

  applicant = mfc_applicant_form_save_finish (form, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (form != self->form)
    return;

  if (applicant == NULL)
    {
      g_autofree char *text = NULL;

      /* The form stays as typed, and in the draft: nothing is lost. */
      if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_VALIDATION))
        text = g_strdup (_("The service did not accept the form: see the messages under the fields."));
      else if (mfc_applicant_form_get_has_conflicts (form))
        text = g_strdup (_("The applicant was changed on the service meanwhile: choose which version of each field to keep."));
      else
        text = g_strdup_printf (_("Not saved: %s. What you typed is kept."), error->message);
      show_error (self, text);
      update_title (self);
      schedule_draft_save (self);
      return;
    }

  mfc_applicant_editor_discard_draft (self);
  g_signal_emit (self, signals[SAVED], 0, applicant);
}

static void
save (MfcApplicantEditor *self)
{
  MfcApplicant *applicant = mfc_applicant_form_get_applicant (self->form);

  /* An applicant opened and not changed goes on without a write. */
  if (applicant != NULL)
    {
      g_autoptr(JsonNode) patch = mfc_applicant_form_build_patch_body (self->form, NULL);

      if (patch != NULL && JSON_NODE_HOLDS_OBJECT (patch) &&
          json_object_get_size (json_node_get_object (patch)) == 0)
        {
          mfc_applicant_editor_discard_draft (self);
          g_signal_emit (self, signals[SAVED], 0, applicant);
          return;
        }
    }

  set_busy (self, TRUE);
  mfc_applicant_form_save_async (self->form, mfc_context_get_client (self->context), self->cancellable,
                                 save_done_cb, g_object_ref (self));
}

static void
duplicates_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  MfcApplicantForm *form = MFC_APPLICANT_FORM (object);
  g_autoptr(MfcApplicantEditor) self = user_data;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  found = mfc_applicant_form_find_duplicates_finish (form, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (form != self->form)
    return;

  if (found == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not check for the same applicant: %s. What you typed is kept."),
                                               error->message);

      show_error (self, text);
      return;
    }

  self->duplicates_checked = TRUE;
  if (found->len > 0)
    {
      MfcApplicant *duplicate = g_ptr_array_index (found, 0);
      const char *birth = mfc_applicant_get_birth_date (duplicate);
      g_autofree char *snils = mfc_print_mask_snils (mfc_applicant_get_snils (duplicate));
      g_autofree char *text = g_strdup_printf (_("This applicant may already be registered: %s, born %s, SNILS %s. Open the record instead of creating a second one?"),
                                               mfc_applicant_get_full_name (duplicate),
                                               birth ? birth : "—", snils ? snils : "—");

      g_set_object (&self->duplicate, duplicate);
      gtk_label_set_text (GTK_LABEL (self->duplicate_label), text);
      gtk_widget_set_visible (self->duplicate_box, TRUE);
      gtk_widget_grab_focus (gtk_widget_get_first_child (gtk_widget_get_last_child (self->duplicate_box)));
      return;
    }

  save (self);
}

static void
mfc_applicant_editor_dispose (GObject *object)
{
  MfcApplicantEditor *self = MFC_APPLICANT_EDITOR (object);

  /* A change still waiting is written now: nothing typed is lost. */
  if (self->draft_source != 0)
    {
      g_clear_handle_id (&self->draft_source, g_source_remove);
      save_draft_cb (self);
    }
  g_clear_handle_id (&self->mask_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_clear_object (&self->form);
  g_clear_object (&self->duplicate);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (mfc_applicant_editor_parent_class)->dispose (object);
}

static void
mfc_applicant_editor_finalize (GObject *object)
{
  MfcApplicantEditor *self = MFC_APPLICANT_EDITOR (object);

  g_free (self->draft_path);

  G_OBJECT_CLASS (mfc_applicant_editor_parent_class)->finalize (object);
}

static void
mfc_applicant_editor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MfcApplicantEditor *self = MFC_APPLICANT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_FORM:
      g_value_set_object (value, self->form);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_applicant_editor_class_init (MfcApplicantEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mfc_applicant_editor_dispose;
  object_class->finalize = mfc_applicant_editor_finalize;
  object_class->get_property = mfc_applicant_editor_get_property;

  properties[PROP_FORM] =
    g_param_spec_object ("form", NULL, NULL, MFC_TYPE_APPLICANT_FORM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcApplicantEditor::saved:
   * @applicant: the applicant as the service now has it
   *
   * The form was written (or an opened applicant confirmed unchanged):
   * the intake goes on to the application.
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MFC_TYPE_APPLICANT);

  /**
   * MfcApplicantEditor::open-applicant:
   * @applicant: the registered applicant the clerk chose instead of
   *   creating a duplicate
   */
  signals[OPEN_APPLICANT] =
    g_signal_new ("open-applicant", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MFC_TYPE_APPLICANT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/intake/mfc-applicant-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MfcApplicantEditor, draft_banner);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicantEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicantEditor, duplicate_box);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicantEditor, duplicate_label);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicantEditor, conflict_label);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicantEditor, personal_grid);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicantEditor, documents_grid);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicantEditor, consent_check);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicantEditor, consent_label);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicantEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicantEditor, submit_button);
  gtk_widget_class_bind_template_child (widget_class, MfcApplicantEditor, submit_label);
  gtk_widget_class_bind_template_callback (widget_class, consent_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, consent_print_cb);
  gtk_widget_class_bind_template_callback (widget_class, draft_banner_close_cb);
  gtk_widget_class_bind_template_callback (widget_class, duplicate_open_cb);
  gtk_widget_class_bind_template_callback (widget_class, duplicate_create_cb);
  gtk_widget_class_bind_template_callback (widget_class, mfc_applicant_editor_submit);
}

static void
mfc_applicant_editor_init (MfcApplicantEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  build_rows (self);
}

/**
 * mfc_applicant_editor_new:
 * @context: the desk's context (the client a save goes through, the
 *   session whose clerk records consent)
 *
 * Returns: (transfer full): an editor on a new, empty form
 */
MfcApplicantEditor *
mfc_applicant_editor_new (MfcContext *context)
{
  MfcApplicantEditor *self;
  g_autoptr(MfcApplicantForm) form = mfc_applicant_form_new ();

  g_return_val_if_fail (MFC_IS_CONTEXT (context), NULL);

  self = g_object_new (MFC_TYPE_APPLICANT_EDITOR, NULL);
  self->context = g_object_ref (context);
  mfc_applicant_editor_set_form (self, form);
  return self;
}

MfcApplicantForm *
mfc_applicant_editor_get_form (MfcApplicantEditor *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_EDITOR (self), NULL);

  return self->form;
}

/**
 * mfc_applicant_editor_set_form:
 * @form: a new form, one prefilled from a search, or an applicant's
 *
 * Shows @form; what the previous form was doing is dropped (its save
 * cancelled).  The draft banner goes away: this is another form.
 */
void
mfc_applicant_editor_set_form (MfcApplicantEditor *self,
                               MfcApplicantForm   *form)
{
  g_return_if_fail (MFC_IS_APPLICANT_EDITOR (self));
  g_return_if_fail (MFC_IS_APPLICANT_FORM (form));

  if (self->form == form)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, FALSE);

  if (self->form != NULL)
    g_signal_handlers_disconnect_by_data (self->form, self);
  g_set_object (&self->form, form);
  g_signal_connect_object (form, "field-changed", G_CALLBACK (form_field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (form, "notify::has-consent", G_CALLBACK (form_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (form, "notify::has-conflicts", G_CALLBACK (form_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (form, "notify::applicant", G_CALLBACK (form_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (form, "notify::valid", G_CALLBACK (form_notify_cb), self, G_CONNECT_SWAPPED);

  self->duplicates_checked = FALSE;
  self->draft_restored = FALSE;
  g_clear_object (&self->duplicate);
  gtk_widget_set_visible (self->duplicate_box, FALSE);
  gtk_widget_set_visible (self->draft_banner, FALSE);
  show_error (self, NULL);
  show_all_fields (self);
  update_consent (self);
  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORM]);
}

/**
 * mfc_applicant_editor_set_draft_path:
 * @path: (nullable): where the draft is kept; %NULL keeps none
 */
void
mfc_applicant_editor_set_draft_path (MfcApplicantEditor *self,
                                     const char         *path)
{
  g_return_if_fail (MFC_IS_APPLICANT_EDITOR (self));

  g_free (self->draft_path);
  self->draft_path = g_strdup (path);
}

/**
 * mfc_applicant_editor_restore_draft:
 *
 * Shows the draft a crash left behind, with the banner «Восстановлен
 * черновик».
 *
 * Returns: %TRUE when there was one
 */
gboolean
mfc_applicant_editor_restore_draft (MfcApplicantEditor *self)
{
  g_autoptr(MfcApplicantForm) form = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (MFC_IS_APPLICANT_EDITOR (self), FALSE);

  if (self->draft_path == NULL)
    return FALSE;
  form = mfc_applicant_draft_load (self->draft_path, &error);
  if (form == NULL)
    {
      if (error != NULL)
        g_warning ("The applicant draft could not be read: %s", error->message);
      return FALSE;
    }

  mfc_applicant_editor_set_form (self, form);
  self->draft_restored = TRUE;
  gtk_widget_set_visible (self->draft_banner, TRUE);
  return TRUE;
}

gboolean
mfc_applicant_editor_get_draft_restored (MfcApplicantEditor *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_EDITOR (self), FALSE);

  return self->draft_restored;
}

/**
 * mfc_applicant_editor_discard_draft:
 *
 * Removes the draft from disk (submitted, or the clerk logged out).
 */
void
mfc_applicant_editor_discard_draft (MfcApplicantEditor *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MFC_IS_APPLICANT_EDITOR (self));

  g_clear_handle_id (&self->draft_source, g_source_remove);
  gtk_widget_set_visible (self->draft_banner, FALSE);
  if (self->draft_path != NULL && !mfc_applicant_draft_remove (self->draft_path, &error))
    g_warning ("%s", error->message);
}

/**
 * mfc_applicant_editor_set_revealed:
 * @revealed: %TRUE to show СНИЛС, passport and phone in full
 */
void
mfc_applicant_editor_set_revealed (MfcApplicantEditor *self,
                                   gboolean            revealed)
{
  g_return_if_fail (MFC_IS_APPLICANT_EDITOR (self));

  self->revealed = !!revealed;
  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    if (field_is_masked (f))
      show_field_text (self, f);
}

gboolean
mfc_applicant_editor_get_busy (MfcApplicantEditor *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_EDITOR (self), FALSE);

  return self->busy;
}

/**
 * mfc_applicant_editor_submit:
 *
 * What Ctrl+Enter and the submit button do: with fields still wrong,
 * every reason is shown and the first wrong field focused, and nothing
 * is sent; a new applicant is first looked for (same СНИЛС, or same ФИО
 * and birth date) and a match offered instead; then the form is saved.
 */
void
mfc_applicant_editor_submit (MfcApplicantEditor *self)
{
  g_return_if_fail (MFC_IS_APPLICANT_EDITOR (self));

  if (self->busy)
    return;

  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    if (field_is_name (f))
      mfc_applicant_form_normalize_field (self->form, f);
  mfc_applicant_form_validate_all (self->form);
  show_all_fields (self);

  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    if (mfc_applicant_form_get_message (self->form, f) != NULL ||
        mfc_applicant_form_is_conflict (self->form, f))
      {
        gtk_widget_grab_focus (self->rows[f].entry);
        return;
      }
  /* 152-ФЗ: not even the duplicate search goes out before consent. */
  if (mfc_applicant_form_get_is_new (self->form) && !mfc_applicant_form_get_has_consent (self->form))
    {
      gtk_widget_grab_focus (self->consent_check);
      return;
    }

  if (mfc_applicant_form_get_is_new (self->form) && !self->duplicates_checked)
    {
      set_busy (self, TRUE);
      mfc_applicant_form_find_duplicates_async (self->form, mfc_context_get_client (self->context),
                                                self->cancellable, duplicates_done_cb, g_object_ref (self));
      return;
    }

  save (self);
}

/**
 * mfc_applicant_editor_build_consent_document:
 *
 * Returns: (transfer full): the consent form (152-ФЗ) for the applicant
 *   being typed, to sign before anything is sent; «ОБРАЗЕЦ» in training
 */
MfcPrintDocument *
mfc_applicant_editor_build_consent_document (MfcApplicantEditor *self)
{
  MfcPrintDocument *doc;
  MfcSession *session;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *snils = NULL;
  g_autofree char *passport = NULL;
  g_autofree char *version = NULL;

  g_return_val_if_fail (MFC_IS_APPLICANT_EDITOR (self), NULL);

  session = mfc_context_get_session (self->context);
  for (guint f = MFC_APPLICANT_FORM_SURNAME; f <= MFC_APPLICANT_FORM_PATRONYMIC; f++)
    {
      const char *part = mfc_applicant_form_get_text (self->form, f);

      if (part[0] == '\0')
        continue;
      if (name->len > 0)
        g_string_append_c (name, ' ');
      g_string_append (name, part);
    }
  snils = mfc_print_mask_snils (mfc_applicant_form_get_text (self->form, MFC_APPLICANT_FORM_SNILS));
  passport = mfc_print_mask_passport (mfc_applicant_form_get_text (self->form, MFC_APPLICANT_FORM_PASSPORT));
  version = g_strdup_printf (_("Form %s"), MFC_CONSENT_FORM_VERSION);

  doc = mfc_print_document_new (_("Consent to Personal Data Processing"));
  mfc_print_document_set_subtitle (doc, version);
  mfc_print_document_set_clerk (doc, mfc_session_get_full_name (session));
  mfc_print_document_set_time (doc, now, zone);
  mfc_print_document_set_training (doc, mfc_context_get_training (self->context));
  mfc_print_document_add_heading (doc, _("Applicant"));
  mfc_print_document_add_row (doc, _("Full name"), name->str);
  mfc_print_document_add_row (doc, mfc_applicant_form_field_get_label (MFC_APPLICANT_FORM_BIRTH_DATE),
                              mfc_applicant_form_get_text (self->form, MFC_APPLICANT_FORM_BIRTH_DATE));
  mfc_print_document_add_row (doc, mfc_applicant_form_field_get_label (MFC_APPLICANT_FORM_SNILS), snils);
  mfc_print_document_add_row (doc, mfc_applicant_form_field_get_label (MFC_APPLICANT_FORM_PASSPORT), passport);
  mfc_print_document_add_paragraph (doc,
    _("Under Federal Law No. 152-FZ “On Personal Data” I agree that the multifunctional centre processes my personal data given above (full name, date of birth, SNILS, INN, passport details, addresses, phone, e-mail) in order to provide state and municipal services: collection, recording, storage, clarification, use and transfer to the bodies that provide the services. The consent is valid until it is withdrawn in writing."));
  mfc_print_document_add_signature (doc, MFC_PRINT_SIGNER_APPLICANT, name->str);
  mfc_print_document_add_signature (doc, MFC_PRINT_SIGNER_CLERK, mfc_session_get_full_name (session));
  return doc;
}

/**
 * mfc_applicant_editor_print_consent:
 *
 * What Ctrl+P does on the form: the consent form to the printer.
 */
void
mfc_applicant_editor_print_consent (MfcApplicantEditor *self)
{
  g_autoptr(MfcPrintDocument) doc = NULL;
  GtkRoot *root;

  g_return_if_fail (MFC_IS_APPLICANT_EDITOR (self));

  doc = mfc_applicant_editor_build_consent_document (self);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  mfc_print_document_print (doc, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

/**
 * mfc_applicant_editor_grab_first:
 *
 * Focuses the first field that is wrong, or the surname.
 */
gboolean
mfc_applicant_editor_grab_first (MfcApplicantEditor *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_EDITOR (self), FALSE);

  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    if (mfc_applicant_form_get_message (self->form, f) != NULL)
      return gtk_widget_grab_focus (self->rows[f].entry);
  return gtk_widget_grab_focus (self->rows[MFC_APPLICANT_FORM_SURNAME].entry);
}

/**
 * mfc_applicant_editor_get_field_widget:
 *
 * Returns: (transfer none): the entry of @field (the drop-down of the
 *   notification channel)
 */
GtkWidget *
mfc_applicant_editor_get_field_widget (MfcApplicantEditor    *self,
                                       MfcApplicantFormField  field)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_EDITOR (self), NULL);
  g_return_val_if_fail (field < MFC_APPLICANT_FORM_N_FIELDS, NULL);

  return self->rows[field].entry;
}

/**
 * mfc_applicant_editor_get_message_label:
 *
 * Returns: (transfer none): the label under @field that says what is wrong
 */
GtkWidget *
mfc_applicant_editor_get_message_label (MfcApplicantEditor    *self,
                                        MfcApplicantFormField  field)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_EDITOR (self), NULL);
  g_return_val_if_fail (field < MFC_APPLICANT_FORM_N_FIELDS, NULL);

  return self->rows[field].message;
}
