/* mfc-applicant-form.c
 *
 * Each field keeps three things: the text as typed, the value as the
 * contract wants it (NULL while the text is wrong or an optional field is
 * empty) and the reason it is wrong.  A field is checked whenever its text
 * changes, together with the fields whose rules read it (the date of
 * issue reads the date of birth, the e-mail reads the notification
 * channel), so the form is never shown in a stale state.
 *
 * The server's answers are kept apart from the form's own: a 422 message
 * stays under its field until that field is edited; a 412 keeps the
 * server's version of every field both sides changed until the clerk
 * picks one, and takes the server's silently where only the server
 * changed it.  The clerk's typing is never overwritten by either.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mfc-applicant-form.h"
#include "mfc-applicant-search.h"
#include "mfc-validators.h"

#define ISSUED_BY_MAX       300
#define ADDRESS_MAX         500
#define PASSPORT_MIN_AGE    14
#define DUPLICATE_PAGE      200

struct _MfcApplicantForm
{
  GObject       parent_instance;

  MfcApplicant *base;        /* the server's version being edited; NULL for new */
  char         *text[MFC_APPLICANT_FORM_N_FIELDS];
  char         *value[MFC_APPLICANT_FORM_N_FIELDS];
  char         *message[MFC_APPLICANT_FORM_N_FIELDS];
  char         *server_message[MFC_APPLICANT_FORM_N_FIELDS];
  char         *theirs[MFC_APPLICANT_FORM_N_FIELDS];   /* set while in conflict */

  GDate         today;       /* cleared: the local date */

  gboolean      consent;
  char         *consent_clerk_id;
  GDateTime    *consent_given_at;
  char         *consent_form_version;

  char         *idempotency_key;
  gboolean      valid;
};

G_DEFINE_FINAL_TYPE (MfcApplicantForm, mfc_applicant_form, G_TYPE_OBJECT)

G_DEFINE_QUARK (mfc-applicant-form-error-quark, mfc_applicant_form_error)

G_DEFINE_ENUM_TYPE (MfcApplicantFormField, mfc_applicant_form_field,
                    G_DEFINE_ENUM_VALUE (MFC_APPLICANT_FORM_SURNAME, "surname"),
                    G_DEFINE_ENUM_VALUE (MFC_APPLICANT_FORM_GIVEN_NAME, "given-name"),
                    G_DEFINE_ENUM_VALUE (MFC_APPLICANT_FORM_PATRONYMIC, "patronymic"),
                    G_DEFINE_ENUM_VALUE (MFC_APPLICANT_FORM_BIRTH_DATE, "birth-date"),
                    G_DEFINE_ENUM_VALUE (MFC_APPLICANT_FORM_SNILS, "snils"),
                    G_DEFINE_ENUM_VALUE (MFC_APPLICANT_FORM_INN, "inn"),
                    G_DEFINE_ENUM_VALUE (MFC_APPLICANT_FORM_PASSPORT, "passport"),
                    G_DEFINE_ENUM_VALUE (MFC_APPLICANT_FORM_PASSPORT_ISSUED_BY, "passport-issued-by"),
                    G_DEFINE_ENUM_VALUE (MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE, "passport-issue-date"),
                    G_DEFINE_ENUM_VALUE (MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE, "passport-division-code"),
                    G_DEFINE_ENUM_VALUE (MFC_APPLICANT_FORM_REGISTRATION_ADDRESS, "registration-address"),
                    G_DEFINE_ENUM_VALUE (MFC_APPLICANT_FORM_ACTUAL_ADDRESS, "actual-address"),
                    G_DEFINE_ENUM_VALUE (MFC_APPLICANT_FORM_PHONE, "phone"),
                    G_DEFINE_ENUM_VALUE (MFC_APPLICANT_FORM_EMAIL, "email"),
                    G_DEFINE_ENUM_VALUE (MFC_APPLICANT_FORM_NOTIFY_CHANNEL, "notify-channel"))

/* Field f has property ids FIELD_TEXT_PROP (f) and FIELD_MESSAGE_PROP (f). */
#define FIELD_TEXT_PROP(f)    (1 + 2 * (guint) (f))
#define FIELD_MESSAGE_PROP(f) (2 + 2 * (guint) (f))

enum {
  PROP_0,
  PROP_VALID = 1 + 2 * MFC_APPLICANT_FORM_N_FIELDS,
  PROP_HAS_CONSENT,
  PROP_HAS_CONFLICTS,
  PROP_APPLICANT,
  PROP_IS_NEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FIELD_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct {
  const char        *property;
  const char        *message_property;
  const char        *label;
  MfcApplicantField  wire;       /* MFC_APPLICANT_N_FIELDS: not sent */
} fields[MFC_APPLICANT_FORM_N_FIELDS] = {
  [MFC_APPLICANT_FORM_SURNAME] =
    { "surname", "surname-message", N_("Surname"), MFC_APPLICANT_SURNAME },
  [MFC_APPLICANT_FORM_GIVEN_NAME] =
    { "given-name", "given-name-message", N_("Given name"), MFC_APPLICANT_GIVEN_NAME },
  [MFC_APPLICANT_FORM_PATRONYMIC] =
    { "patronymic", "patronymic-message", N_("Patronymic"), MFC_APPLICANT_PATRONYMIC },
  [MFC_APPLICANT_FORM_BIRTH_DATE] =
    { "birth-date", "birth-date-message", N_("Date of birth"), MFC_APPLICANT_BIRTH_DATE },
  [MFC_APPLICANT_FORM_SNILS] =
    { "snils", "snils-message", N_("SNILS"), MFC_APPLICANT_SNILS },
  [MFC_APPLICANT_FORM_INN] =
    { "inn", "inn-message", N_("INN"), MFC_APPLICANT_INN },
  [MFC_APPLICANT_FORM_PASSPORT] =
    { "passport", "passport-message", N_("Passport series and number"), MFC_APPLICANT_PASSPORT_SERIES },
  [MFC_APPLICANT_FORM_PASSPORT_ISSUED_BY] =
    { "passport-issued-by", "passport-issued-by-message", N_("Issued by"), MFC_APPLICANT_PASSPORT_ISSUED_BY },
  [MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE] =
    { "passport-issue-date", "passport-issue-date-message", N_("Date of issue"), MFC_APPLICANT_PASSPORT_ISSUE_DATE },
  [MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE] =
    { "passport-division-code", "passport-division-code-message", N_("Division code"),
      MFC_APPLICANT_PASSPORT_DIVISION_CODE },
  [MFC_APPLICANT_FORM_REGISTRATION_ADDRESS] =
    { "registration-address", "registration-address-message", N_("Registration address"), MFC_APPLICANT_ADDRESS },
  [MFC_APPLICANT_FORM_ACTUAL_ADDRESS] =
    { "actual-address", "actual-address-message", N_("Actual address"), MFC_APPLICANT_N_FIELDS },
  [MFC_APPLICANT_FORM_PHONE] =
    { "phone", "phone-message", N_("Phone"), MFC_APPLICANT_PHONE },
  [MFC_APPLICANT_FORM_EMAIL] =
    { "email", "email-message", N_("E-mail"), MFC_APPLICANT_EMAIL },
  [MFC_APPLICANT_FORM_NOTIFY_CHANNEL] =
    { "notify-channel", "notify-channel-message", N_("Notifications"), MFC_APPLICANT_N_FIELDS },
};

/* Helpers */

static const GDate *
today_or_null (MfcApplicantForm *self)
{
  return g_date_valid (&self->today) ? &self->today : NULL;
}

static const char *
shown_message (MfcApplicantForm      *self,
               MfcApplicantFormField  field)
{
  return self->message[field] != NULL ? self->message[field] : self->server_message[field];
}

static char *
collapse_spaces (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text != NULL ? text : "", " \t\n\r", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_strv_builder_add (builder, words[i]);
  kept = g_strv_builder_end (builder);

  return g_strjoinv (" ", kept);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* The contract's value of @field in @applicant: series and number joined
 * for the passport, %NULL for what is not on the wire. */
static char *
wire_value (MfcApplicant          *applicant,
            MfcApplicantFormField  field)
{
  if (applicant == NULL || fields[field].wire == MFC_APPLICANT_N_FIELDS)
    return NULL;

  if (field == MFC_APPLICANT_FORM_PASSPORT)
    return g_strconcat (mfc_applicant_get_field (applicant, MFC_APPLICANT_PASSPORT_SERIES),
                        mfc_applicant_get_field (applicant, MFC_APPLICANT_PASSPORT_NUMBER), NULL);

  return g_strdup (mfc_applicant_get_field (applicant, fields[field].wire));
}

/* How @field of @applicant is shown in the form's entry */
static char *
display_text (MfcApplicant          *applicant,
              MfcApplicantFormField  field)
{
  const char *raw;
  GDate date;

  if (fields[field].wire == MFC_APPLICANT_N_FIELDS)
    return NULL;

  raw = mfc_applicant_get_field (applicant, fields[field].wire);
  switch (field)
    {
    case MFC_APPLICANT_FORM_BIRTH_DATE:
    case MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE:
      if (raw != NULL && mfc_parse_date (raw, &date, NULL))
        return mfc_format_date (&date);
      break;
    case MFC_APPLICANT_FORM_SNILS:
      if (raw != NULL)
        return mfc_format_snils (raw);
      break;
    case MFC_APPLICANT_FORM_PASSPORT:
      return mfc_format_passport (raw, mfc_applicant_get_field (applicant, MFC_APPLICANT_PASSPORT_NUMBER));
    default:
      break;
    }

  return g_strdup (raw);
}

static void
set_error_literal (GError     **error,
                   int          code,
                   const char  *message)
{
  g_set_error_literal (error, MFC_VALIDATION_ERROR, code, message);
}

static void
check_name (MfcApplicantForm       *self,
            MfcApplicantFormField   field,
            char                  **value,
            GError                **error)
{
  g_autofree char *clean = NULL;
  const char *text = self->text[field];

  if (field == MFC_APPLICANT_FORM_PATRONYMIC && is_blank (text))
    return;
  if (!mfc_validate_name_part (text, &clean, error))
    return;

  /* A stored name stays as the server has it ("де Голль"), so that
   * opening an applicant never changes it by itself. */
  if (self->base != NULL &&
      g_strcmp0 (clean, mfc_applicant_get_field (self->base, fields[field].wire)) == 0)
    *value = g_steal_pointer (&clean);
  else
    *value = mfc_applicant_form_normalize_name (clean);
}

static gboolean
parse_iso (const char *iso,
           GDate      *date)
{
  return iso != NULL && mfc_parse_date (iso, date, NULL);
}

static void
check_birth_date (MfcApplicantForm  *self,
                  char             **value,
                  GError           **error)
{
  GDate birth, earliest, today;

  if (!mfc_parse_date (self->text[MFC_APPLICANT_FORM_BIRTH_DATE], &birth, error) ||
      !mfc_validate_birth_date (&birth, today_or_null (self), error))
    return;

  /* The form takes a passport, issued at 14 at the earliest. */
  if (g_date_valid (&self->today))
    today = self->today;
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_clear (&today, 1);
      g_date_set_dmy (&today, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));
    }
  earliest = birth;
  g_date_add_years (&earliest, PASSPORT_MIN_AGE);
  if (g_date_compare (&earliest, &today) > 0)
    {
      set_error_literal (error, MFC_VALIDATION_ERROR_RANGE,
                         _("The applicant is younger than 14 and cannot hold a passport, check the year"));
      return;
    }

  *value = mfc_format_date_iso (&birth);
}

static void
check_issue_date (MfcApplicantForm  *self,
                  char             **value,
                  GError           **error)
{
  GDate issue, birth;
  gboolean have_birth = parse_iso (self->value[MFC_APPLICANT_FORM_BIRTH_DATE], &birth);

  if (!mfc_parse_date (self->text[MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE], &issue, error) ||
      !mfc_validate_passport_issue_date (&issue, have_birth ? &birth : NULL,
                                         today_or_null (self), error))
    return;

  *value = mfc_format_date_iso (&issue);
}

static void
check_text (const char  *text,
            gboolean     required,
            glong        max_chars,
            const char  *empty_message,
            const char  *long_message,
            char       **value,
            GError     **error)
{
  g_autofree char *clean = collapse_spaces (text);

  if (clean[0] == '\0')
    {
      if (required)
        set_error_literal (error, MFC_VALIDATION_ERROR_EMPTY, empty_message);
      return;
    }
  if (g_utf8_strlen (clean, -1) > max_chars)
    {
      set_error_literal (error, MFC_VALIDATION_ERROR_RANGE, long_message);
      return;
    }

  *value = g_steal_pointer (&clean);
}

static const char *
channel (MfcApplicantForm *self)
{
  const char *text = self->text[MFC_APPLICANT_FORM_NOTIFY_CHANNEL];

  return is_blank (text) ? "none" : text;
}

/* Sets @value to the contract's form of the field's text, or @error to
 * why it cannot be sent.  An empty optional field sets neither. */
static void
check_field (MfcApplicantForm       *self,
             MfcApplicantFormField   field,
             char                  **value,
             GError                **error)
{
  const char *text = self->text[field];
  g_autofree char *series = NULL;
  g_autofree char *number = NULL;

  switch (field)
    {
    case MFC_APPLICANT_FORM_SURNAME:
    case MFC_APPLICANT_FORM_GIVEN_NAME:
    case MFC_APPLICANT_FORM_PATRONYMIC:
      check_name (self, field, value, error);
      break;
    case MFC_APPLICANT_FORM_BIRTH_DATE:
      check_birth_date (self, value, error);
      break;
    case MFC_APPLICANT_FORM_SNILS:
      mfc_validate_snils (text, value, error);
      break;
    case MFC_APPLICANT_FORM_INN:
      if (!is_blank (text))
        mfc_validate_inn (text, MFC_INN_KIND_PERSON, value, error);
      break;
    case MFC_APPLICANT_FORM_PASSPORT:
      if (mfc_validate_passport (text, &series, &number, error))
        *value = g_strconcat (series, number, NULL);
      break;
    case MFC_APPLICANT_FORM_PASSPORT_ISSUED_BY:
      check_text (text, TRUE, ISSUED_BY_MAX,
                  _("Enter who issued the passport"),
                  _("At most 300 characters"), value, error);
      break;
    case MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE:
      check_issue_date (self, value, error);
      break;
    case MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE:
      mfc_validate_division_code (text, value, error);
      break;
    case MFC_APPLICANT_FORM_REGISTRATION_ADDRESS:
    case MFC_APPLICANT_FORM_ACTUAL_ADDRESS:
      check_text (text, FALSE, ADDRESS_MAX, NULL,
                  _("An address can have at most 500 characters"), value, error);
      break;
    case MFC_APPLICANT_FORM_PHONE:
      mfc_validate_phone (text, value, error);
      break;
    case MFC_APPLICANT_FORM_EMAIL:
      if (!is_blank (text))
        mfc_validate_email (text, value, error);
      else if (g_str_equal (channel (self), "email"))
        set_error_literal (error, MFC_VALIDATION_ERROR_EMPTY,
                           _("Enter the e-mail address for notifications by e-mail"));
      break;
    case MFC_APPLICANT_FORM_NOTIFY_CHANNEL:
      if (g_str_equal (channel (self), "sms") || g_str_equal (channel (self), "email") ||
          g_str_equal (channel (self), "none"))
        *value = g_strdup (channel (self));
      else
        set_error_literal (error, MFC_VALIDATION_ERROR_FORMAT,
                           _("Choose how to notify: SMS, e-mail or none"));
      break;
    case MFC_APPLICANT_FORM_N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

/* Returns TRUE when the message shown under @field changed. */
static gboolean
validate_field (MfcApplicantForm      *self,
                MfcApplicantFormField  field)
{
  g_autofree char *before = g_strdup (shown_message (self, field));
  g_autoptr(GError) error = NULL;
  char *value = NULL;

  check_field (self, field, &value, &error);
  if (error != NULL)
    g_clear_pointer (&value, g_free);

  g_free (self->value[field]);
  self->value[field] = value;
  g_free (self->message[field]);
  self->message[field] = error != NULL ? g_strdup (error->message) : NULL;

  return g_strcmp0 (before, shown_message (self, field)) != 0;
}

static void
emit_field (MfcApplicantForm      *self,
            MfcApplicantFormField  field,
            gboolean               message_changed)
{
  if (message_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[FIELD_MESSAGE_PROP (field)]);
  g_signal_emit (self, signals[FIELD_CHANGED], 0, field);
}

static void
update_valid (MfcApplicantForm *self)
{
  gboolean valid = TRUE;

  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS && valid; f++)
    valid = shown_message (self, f) == NULL;

  if (valid == self->valid)
    return;

  self->valid = valid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

/* The fields whose rules read @field */
static void
revalidate_dependents (MfcApplicantForm      *self,
                       MfcApplicantFormField  field)
{
  MfcApplicantFormField dependent;

  if (field == MFC_APPLICANT_FORM_BIRTH_DATE)
    dependent = MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE;
  else if (field == MFC_APPLICANT_FORM_NOTIFY_CHANNEL)
    dependent = MFC_APPLICANT_FORM_EMAIL;
  else
    return;

  if (validate_field (self, dependent))
    emit_field (self, dependent, TRUE);
}

static void
load_from (MfcApplicantForm *self,
           MfcApplicant     *applicant)
{
  g_set_object (&self->base, applicant);

  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    {
      g_autofree char *text = display_text (applicant, f);

      if (fields[f].wire == MFC_APPLICANT_N_FIELDS)
        continue;
      g_free (self->text[f]);
      self->text[f] = g_strdup (text != NULL ? text : "");
      g_clear_pointer (&self->server_message[f], g_free);
      g_clear_pointer (&self->theirs[f], g_free);
    }
}

static gboolean
has_conflicts (MfcApplicantForm *self)
{
  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    if (self->theirs[f] != NULL)
      return TRUE;
  return FALSE;
}

static void
set_or_null (JsonObject *object,
             const char *member,
             const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static JsonObject *
passport_json (MfcApplicantForm *self)
{
  JsonObject *passport = json_object_new ();
  const char *digits = self->value[MFC_APPLICANT_FORM_PASSPORT];
  g_autofree char *series = g_strndup (digits, 4);

  json_object_set_string_member (passport, "series", series);
  json_object_set_string_member (passport, "number", digits + 4);
  json_object_set_string_member (passport, "issued_by", self->value[MFC_APPLICANT_FORM_PASSPORT_ISSUED_BY]);
  json_object_set_string_member (passport, "issue_date", self->value[MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE]);
  json_object_set_string_member (passport, "division_code",
                                 self->value[MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE]);

  return passport;
}

static gboolean
is_passport_part (MfcApplicantFormField field)
{
  return field == MFC_APPLICANT_FORM_PASSPORT ||
         field == MFC_APPLICANT_FORM_PASSPORT_ISSUED_BY ||
         field == MFC_APPLICANT_FORM_PASSPORT_ISSUE_DATE ||
         field == MFC_APPLICANT_FORM_PASSPORT_DIVISION_CODE;
}

static gboolean
check_sendable (MfcApplicantForm  *self,
                GError           **error)
{
  if (!self->valid)
    {
      g_auto(GStrv) problems = mfc_applicant_form_get_problems (self);
      g_autofree char *joined = g_strjoinv ("; ", problems);

      g_set_error (error, MFC_APPLICANT_FORM_ERROR, MFC_APPLICANT_FORM_ERROR_INVALID,
                   _("Correct the form: %s"), joined);
      return FALSE;
    }
  if (has_conflicts (self))
    {
      g_set_error_literal (error, MFC_APPLICANT_FORM_ERROR, MFC_APPLICANT_FORM_ERROR_CONFLICT,
                           _("The applicant was changed meanwhile: choose which version to keep"));
      return FALSE;
    }

  return TRUE;
}

/* Save */

typedef struct
{
  MfcClient *client;
  GError    *stale;       /* the 412, returned after the re-fetch */
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->client);
  g_clear_error (&data->stale);
  g_free (data);
}

/* The applicant a call answered with, or %NULL and why */
static MfcApplicant *
applicant_from_result (GObject       *client,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_autoptr(MfcClientResponse) response = NULL;

  response = mfc_client_request_finish (MFC_CLIENT (client), result, error);
  if (response == NULL)
    return NULL;

  return mfc_applicant_new_from_json (mfc_client_response_get_object (response), error);
}

static void
refetch_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcApplicantForm *self = g_task_get_source_object (task);
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(MfcApplicant) theirs = NULL;
  g_autoptr(GError) error = NULL;

  theirs = applicant_from_result (object, result, &error);
  if (theirs == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  mfc_applicant_form_set_theirs (self, theirs);
  g_task_return_error (task, g_steal_pointer (&data->stale));
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MfcApplicantForm *self = g_task_get_source_object (task);
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(MfcApplicant) saved = NULL;
  g_autoptr(GError) error = NULL;

  saved = applicant_from_result (object, result, &error);
  if (saved == NULL)
    {
      if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_VALIDATION))
        mfc_applicant_form_apply_server_error (self, error);

      if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PRECONDITION) &&
          mfc_client_error_get_status (error) == 412 && self->base != NULL)
        {
          g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/applicants");
          GCancellable *cancellable = g_task_get_cancellable (task);

          mfc_query_add_segment (query, mfc_applicant_get_id (self->base));
          data->stale = g_steal_pointer (&error);
          mfc_client_get_async (data->client, query, cancellable, refetch_cb, g_steal_pointer (&task));
          return;
        }

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The form now edits what the server stored; a later create is a
   * different request and needs its own key. */
  load_from (self, saved);
  g_clear_pointer (&self->idempotency_key, g_free);
  mfc_applicant_form_validate_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICANT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_NEW]);

  g_task_return_pointer (task, g_steal_pointer (&saved), g_object_unref);
}

/* Duplicates */

typedef struct
{
  GHashTable *found;        /* id → MfcApplicant */
  GPtrArray  *order;        /* MfcApplicant, in the order found */
  guint       pending;
  GError     *error;
  char       *full_name;    /* folded, for the name query */
  char       *birth_date;   /* ISO */
  char       *except_id;
} DuplicateData;

static void
duplicate_data_free (DuplicateData *data)
{
  g_hash_table_unref (data->found);
  g_ptr_array_unref (data->order);
  g_clear_error (&data->error);
  g_free (data->full_name);
  g_free (data->birth_date);
  g_free (data->except_id);
  g_free (data);
}

/* One of the two lookups, and whether it was the one by name */
typedef struct
{
  GTask    *task;
  gboolean  by_name;
} DuplicateCall;

static void
duplicate_page_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DuplicateCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  gboolean by_name = call->by_name;
  DuplicateData *data = g_task_get_task_data (task);
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(GError) error = NULL;

  g_free (call);

  items = mfc_client_get_page_finish (MFC_CLIENT (object), result, NULL, &error);
  if (items == NULL && data->error == NULL)
    data->error = g_steal_pointer (&error);

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      g_autoptr(MfcApplicant) applicant = NULL;
      g_autofree char *folded = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          (applicant = mfc_applicant_new_from_json (json_node_get_object (node), NULL)) == NULL)
        continue;
      if (g_strcmp0 (mfc_applicant_get_id (applicant), data->except_id) == 0 ||
          g_hash_table_contains (data->found, mfc_applicant_get_id (applicant)))
        continue;

      /* The server matched a part of the name; a duplicate is the same
       * whole name (case and ё/е aside) born the same day. */
      folded = mfc_applicant_search_fold (mfc_applicant_get_full_name (applicant));
      if (by_name && (g_strcmp0 (folded, data->full_name) != 0 ||
                      g_strcmp0 (mfc_applicant_get_birth_date (applicant), data->birth_date) != 0))
        continue;

      g_hash_table_insert (data->found, g_strdup (mfc_applicant_get_id (applicant)),
                           g_object_ref (applicant));
      g_ptr_array_add (data->order, g_steal_pointer (&applicant));
    }

  if (--data->pending > 0)
    return;

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_pointer (task, g_ptr_array_ref (data->order), (GDestroyNotify) g_ptr_array_unref);
}

static void
start_duplicate_call (GTask     *task,
                      MfcClient *client,
                      MfcQuery  *query,
                      gboolean   by_name)
{
  DuplicateData *data = g_task_get_task_data (task);
  DuplicateCall *call = g_new0 (DuplicateCall, 1);

  call->task = g_object_ref (task);
  call->by_name = by_name;
  data->pending++;
  mfc_client_get_page_async (client, query, g_task_get_cancellable (task), duplicate_page_cb, call);
}

/* GObject */

static void
mfc_applicant_form_finalize (GObject *object)
{
  MfcApplicantForm *self = MFC_APPLICANT_FORM (object);

  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    {
      g_free (self->text[f]);
      g_free (self->value[f]);
      g_free (self->message[f]);
      g_free (self->server_message[f]);
      g_free (self->theirs[f]);
    }
  g_clear_object (&self->base);
  g_free (self->consent_clerk_id);
  g_clear_pointer (&self->consent_given_at, g_date_time_unref);
  g_free (self->consent_form_version);
  g_free (self->idempotency_key);

  G_OBJECT_CLASS (mfc_applicant_form_parent_class)->finalize (object);
}

static void
mfc_applicant_form_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MfcApplicantForm *self = MFC_APPLICANT_FORM (object);

  if (prop_id >= 1 && prop_id < PROP_VALID)
    {
      guint field = (prop_id - 1) / 2;

      if (prop_id == FIELD_TEXT_PROP (field))
        g_value_set_string (value, self->text[field]);
      else
        g_value_set_string (value, shown_message (self, field));
      return;
    }

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_HAS_CONSENT:
      g_value_set_boolean (value, mfc_applicant_form_get_has_consent (self));
      break;
    case PROP_HAS_CONFLICTS:
      g_value_set_boolean (value, has_conflicts (self));
      break;
    case PROP_APPLICANT:
      g_value_set_object (value, self->base);
      break;
    case PROP_IS_NEW:
      g_value_set_boolean (value, self->base == NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_applicant_form_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MfcApplicantForm *self = MFC_APPLICANT_FORM (object);

  if (prop_id >= 1 && prop_id < PROP_VALID && prop_id % 2 == 1)
    {
      mfc_applicant_form_set_text (self, (prop_id - 1) / 2, g_value_get_string (value));
      return;
    }

  G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
mfc_applicant_form_class_init (MfcApplicantFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mfc_applicant_form_finalize;
  object_class->get_property = mfc_applicant_form_get_property;
  object_class->set_property = mfc_applicant_form_set_property;

  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    {
      properties[FIELD_TEXT_PROP (f)] =
        g_param_spec_string (fields[f].property, NULL, NULL, "",
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
      properties[FIELD_MESSAGE_PROP (f)] =
        g_param_spec_string (fields[f].message_property, NULL, NULL, NULL,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
    }
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_CONSENT] =
    g_param_spec_boolean ("has-consent", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_CONFLICTS] =
    g_param_spec_boolean ("has-conflicts", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_APPLICANT] =
    g_param_spec_object ("applicant", NULL, NULL, MFC_TYPE_APPLICANT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_NEW] =
    g_param_spec_boolean ("is-new", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcApplicantForm::field-changed:
   * @field: the MfcApplicantFormField whose text, message or conflict
   *   state changed
   */
  signals[FIELD_CHANGED] =
    g_signal_new ("field-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MFC_TYPE_APPLICANT_FORM_FIELD);
}

static void
mfc_applicant_form_init (MfcApplicantForm *self)
{
  g_date_clear (&self->today, 1);
  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    self->text[f] = g_strdup (f == MFC_APPLICANT_FORM_NOTIFY_CHANNEL ? "none" : "");
}

/* Public API */

/**
 * mfc_applicant_form_field_get_label:
 *
 * Returns: the field's name, translated, as it stands beside the entry
 */
const char *
mfc_applicant_form_field_get_label (MfcApplicantFormField field)
{
  g_return_val_if_fail (field < MFC_APPLICANT_FORM_N_FIELDS, NULL);

  return _(fields[field].label);
}

/**
 * mfc_applicant_form_field_from_json_path:
 * @path: a key of a 422's `fields`, e.g. "passport.division_code"
 * @field: (out): the form field showing it
 *
 * Returns: %TRUE when a field of the form shows @path
 */
gboolean
mfc_applicant_form_field_from_json_path (const char            *path,
                                         MfcApplicantFormField *field)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (g_str_equal (path, "passport") || g_str_equal (path, "passport.series") ||
      g_str_equal (path, "passport.number"))
    {
      *field = MFC_APPLICANT_FORM_PASSPORT;
      return TRUE;
    }

  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    if (fields[f].wire != MFC_APPLICANT_N_FIELDS && f != MFC_APPLICANT_FORM_PASSPORT &&
        g_str_equal (path, mfc_applicant_field_get_json_path (fields[f].wire)))
      {
        *field = f;
        return TRUE;
      }

  return FALSE;
}

/**
 * mfc_applicant_form_normalize_name:
 * @text: a part of a full name, as typed
 *
 * Capital first letter of every word and of every part after a hyphen or
 * an apostrophe, the rest small; ё stays ё.
 *
 * Returns: (transfer full): «иВАНОВА-петрова» → «Иванова-Петрова»
 */
char *
mfc_applicant_form_normalize_name (const char *text)
{
  g_autofree char *clean = collapse_spaces (text);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean start = TRUE;

  for (const char *p = clean; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, start ? g_unichar_toupper (c) : g_unichar_tolower (c));
      start = c == ' ' || c == '-' || c == '\'' || c == 0x2019;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * mfc_applicant_form_new:
 *
 * Returns: (transfer full): an empty form for a new applicant
 */
MfcApplicantForm *
mfc_applicant_form_new (void)
{
  MfcApplicantForm *self = g_object_new (MFC_TYPE_APPLICANT_FORM, NULL);

  mfc_applicant_form_validate_all (self);
  return self;
}

/**
 * mfc_applicant_form_new_for_applicant:
 * @applicant: a returning applicant, as the server has it
 *
 * Returns: (transfer full): a form filled from @applicant's profile
 */
MfcApplicantForm *
mfc_applicant_form_new_for_applicant (MfcApplicant *applicant)
{
  MfcApplicantForm *self;

  g_return_val_if_fail (MFC_IS_APPLICANT (applicant), NULL);

  self = g_object_new (MFC_TYPE_APPLICANT_FORM, NULL);
  load_from (self, applicant);
  mfc_applicant_form_validate_all (self);

  return self;
}

/**
 * mfc_applicant_form_get_applicant:
 *
 * Returns: (transfer none) (nullable): the server's version being edited
 */
MfcApplicant *
mfc_applicant_form_get_applicant (MfcApplicantForm *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), NULL);

  return self->base;
}

gboolean
mfc_applicant_form_get_is_new (MfcApplicantForm *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), FALSE);

  return self->base == NULL;
}

/**
 * mfc_applicant_form_set_today:
 * @today: (nullable): today in the office's zone; %NULL for the local date
 */
void
mfc_applicant_form_set_today (MfcApplicantForm *self,
                              const GDate      *today)
{
  g_return_if_fail (MFC_IS_APPLICANT_FORM (self));

  if (today != NULL && g_date_valid (today))
    self->today = *today;
  else
    g_date_clear (&self->today, 1);

  mfc_applicant_form_validate_all (self);
}

/**
 * mfc_applicant_form_set_text:
 * @field: the field typed into
 * @text: (nullable): its whole text now
 *
 * Checks @field and the fields depending on it; notifies the text, each
 * changed message, "field-changed" and "valid".  A server message under
 * @field goes away: the clerk has answered it.
 */
void
mfc_applicant_form_set_text (MfcApplicantForm      *self,
                             MfcApplicantFormField  field,
                             const char            *text)
{
  gboolean server_cleared;
  gboolean message_changed;

  g_return_if_fail (MFC_IS_APPLICANT_FORM (self));
  g_return_if_fail (field < MFC_APPLICANT_FORM_N_FIELDS);

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->text[field], text) == 0)
    return;

  g_free (self->text[field]);
  self->text[field] = g_strdup (text);
  server_cleared = self->server_message[field] != NULL;
  g_clear_pointer (&self->server_message[field], g_free);

  message_changed = validate_field (self, field) || server_cleared;
  g_object_notify_by_pspec (G_OBJECT (self), properties[FIELD_TEXT_PROP (field)]);
  emit_field (self, field, message_changed);
  revalidate_dependents (self, field);
  update_valid (self);
}

const char *
mfc_applicant_form_get_text (MfcApplicantForm      *self,
                             MfcApplicantFormField  field)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), NULL);
  g_return_val_if_fail (field < MFC_APPLICANT_FORM_N_FIELDS, NULL);

  return self->text[field];
}

/**
 * mfc_applicant_form_get_message:
 *
 * Returns: (nullable): why the field cannot be sent (the form's own check
 *   first, else what the server said), in the clerk's language; %NULL
 *   when it is fine
 */
const char *
mfc_applicant_form_get_message (MfcApplicantForm      *self,
                                MfcApplicantFormField  field)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), NULL);
  g_return_val_if_fail (field < MFC_APPLICANT_FORM_N_FIELDS, NULL);

  return shown_message (self, field);
}

/**
 * mfc_applicant_form_get_value:
 *
 * Returns: (nullable): the field as it will be sent ("11223344595",
 *   "+79131234567", "1984-05-17", the passport's 10 digits); %NULL while
 *   wrong or when an optional field is empty
 */
const char *
mfc_applicant_form_get_value (MfcApplicantForm      *self,
                              MfcApplicantFormField  field)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), NULL);
  g_return_val_if_fail (field < MFC_APPLICANT_FORM_N_FIELDS, NULL);

  return self->value[field];
}

/**
 * mfc_applicant_form_normalize_field:
 *
 * Replaces a name's text with its normalised case (for the view to call
 * when the clerk leaves the entry: doing it per keystroke would fight the
 * cursor).  Other fields are left as typed.
 */
void
mfc_applicant_form_normalize_field (MfcApplicantForm      *self,
                                    MfcApplicantFormField  field)
{
  g_return_if_fail (MFC_IS_APPLICANT_FORM (self));
  g_return_if_fail (field < MFC_APPLICANT_FORM_N_FIELDS);

  if ((field == MFC_APPLICANT_FORM_SURNAME || field == MFC_APPLICANT_FORM_GIVEN_NAME ||
       field == MFC_APPLICANT_FORM_PATRONYMIC) && self->value[field] != NULL)
    {
      g_autofree char *value = g_strdup (self->value[field]);

      mfc_applicant_form_set_text (self, field, value);
    }
}

/**
 * mfc_applicant_form_prefill:
 * @search_text: what the clerk searched for and did not find
 *
 * Puts it into the field it belongs to: a СНИЛС, passport or phone into
 * its field, a name into surname, given name and patronymic.
 */
void
mfc_applicant_form_prefill (MfcApplicantForm *self,
                            const char       *search_text)
{
  g_autofree char *value = NULL;

  g_return_if_fail (MFC_IS_APPLICANT_FORM (self));

  switch (mfc_applicant_search_detect (search_text, &value))
    {
    case MFC_SEARCH_KIND_SNILS:
      {
        g_autofree char *text = mfc_format_snils (value);

        mfc_applicant_form_set_text (self, MFC_APPLICANT_FORM_SNILS, text);
      }
      break;
    case MFC_SEARCH_KIND_PASSPORT:
      {
        g_autofree char *series = g_strndup (value, 4);
        g_autofree char *text = mfc_format_passport (series, value + 4);

        mfc_applicant_form_set_text (self, MFC_APPLICANT_FORM_PASSPORT, text);
      }
      break;
    case MFC_SEARCH_KIND_PHONE:
      mfc_applicant_form_set_text (self, MFC_APPLICANT_FORM_PHONE, value);
      break;
    case MFC_SEARCH_KIND_NAME:
      {
        g_autofree char *clean = collapse_spaces (search_text);
        g_auto(GStrv) words = g_strsplit (clean, " ", 3);
        static const MfcApplicantFormField order[] = {
          MFC_APPLICANT_FORM_SURNAME, MFC_APPLICANT_FORM_GIVEN_NAME, MFC_APPLICANT_FORM_PATRONYMIC,
        };

        for (guint i = 0; words[i] != NULL && i < G_N_ELEMENTS (order); i++)
          {
            g_autofree char *name = mfc_applicant_form_normalize_name (words[i]);

            mfc_applicant_form_set_text (self, order[i], name);
          }
      }
      break;
    case MFC_SEARCH_KIND_NONE:
    default:
      break;
    }
}

/**
 * mfc_applicant_form_validate_all:
 *
 * Checks every field again (after the date of "today" changed, say).
 */
void
mfc_applicant_form_validate_all (MfcApplicantForm *self)
{
  g_return_if_fail (MFC_IS_APPLICANT_FORM (self));

  /* In enum order, so the date of birth is checked before the date of
   * issue that reads it, and the channel after… the e-mail: do the
   * e-mail again below. */
  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    if (validate_field (self, f))
      emit_field (self, f, TRUE);
  if (validate_field (self, MFC_APPLICANT_FORM_EMAIL))
    emit_field (self, MFC_APPLICANT_FORM_EMAIL, TRUE);

  update_valid (self);
}

gboolean
mfc_applicant_form_get_valid (MfcApplicantForm *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), FALSE);

  return self->valid;
}

/**
 * mfc_applicant_form_get_problems:
 *
 * What still stands between the form and the server, one sentence each,
 * in field order ("Фамилия: Заполните эту часть ФИО"), then the missing
 * consent of a new applicant and undecided conflicts.  For the submit
 * button's text.
 *
 * Returns: (transfer full): the problems; empty when the form can be sent
 */
GStrv
mfc_applicant_form_get_problems (MfcApplicantForm *self)
{
  GPtrArray *problems = g_ptr_array_new ();

  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), NULL);

  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    {
      const char *message = shown_message (self, f);

      if (message != NULL)
        g_ptr_array_add (problems, g_strdup_printf ("%s: %s", _(fields[f].label), message));
      else if (self->theirs[f] != NULL)
        g_ptr_array_add (problems, g_strdup_printf (_("%s: choose your version or the service’s"),
                                                    _(fields[f].label)));
    }
  if (self->base == NULL && !self->consent)
    g_ptr_array_add (problems, g_strdup (_("Consent to personal data processing is not recorded")));
  g_ptr_array_add (problems, NULL);

  return (GStrv) g_ptr_array_free (problems, FALSE);
}

/**
 * mfc_applicant_form_record_consent:
 * @clerk_id: the logged-in user who took the signed consent
 * @given_at: (nullable): when it was signed; %NULL for now
 * @form_version: the version of the printed consent form signed
 *
 * Law 152-ФЗ: nothing about a new applicant leaves the desk before this.
 * The contract sends `given` and `given_at`; the server records the
 * clerk from the session.  The form's version stays here (the contract
 * has no place for it yet) for the receipt and the printed consent.
 */
void
mfc_applicant_form_record_consent (MfcApplicantForm *self,
                                   const char       *clerk_id,
                                   GDateTime        *given_at,
                                   const char       *form_version)
{
  g_return_if_fail (MFC_IS_APPLICANT_FORM (self));
  g_return_if_fail (clerk_id != NULL && clerk_id[0] != '\0');
  g_return_if_fail (form_version != NULL && form_version[0] != '\0');

  g_free (self->consent_clerk_id);
  self->consent_clerk_id = g_strdup (clerk_id);
  g_clear_pointer (&self->consent_given_at, g_date_time_unref);
  self->consent_given_at = given_at != NULL ? g_date_time_ref (given_at) : g_date_time_new_now_local ();
  g_free (self->consent_form_version);
  self->consent_form_version = g_strdup (form_version);

  if (!self->consent)
    {
      self->consent = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_CONSENT]);
    }
}

/**
 * mfc_applicant_form_get_has_consent:
 *
 * Returns: %TRUE when consent was recorded here, or the applicant is
 *   already registered (and so gave it before)
 */
gboolean
mfc_applicant_form_get_has_consent (MfcApplicantForm *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), FALSE);

  return self->consent || (self->base != NULL && mfc_applicant_get_consent_given (self->base));
}

const char *
mfc_applicant_form_get_consent_clerk_id (MfcApplicantForm *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), NULL);

  return self->consent_clerk_id;
}

/**
 * mfc_applicant_form_get_consent_given_at:
 *
 * Returns: (transfer none) (nullable): when the consent was signed
 */
GDateTime *
mfc_applicant_form_get_consent_given_at (MfcApplicantForm *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), NULL);

  return self->consent_given_at;
}

const char *
mfc_applicant_form_get_consent_form_version (MfcApplicantForm *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), NULL);

  return self->consent_form_version;
}

/**
 * mfc_applicant_form_build_create_body:
 * @error: %MFC_APPLICANT_FORM_ERROR_INVALID while a field is wrong,
 *   %MFC_APPLICANT_FORM_ERROR_CONSENT_REQUIRED without consent
 *
 * Returns: (transfer full) (nullable): the `ApplicantCreate` body
 */
JsonNode *
mfc_applicant_form_build_create_body (MfcApplicantForm  *self,
                                      GError           **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *given_at = NULL;
  JsonObject *consent;
  JsonNode *node;

  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_sendable (self, error))
    return NULL;
  if (!self->consent)
    {
      g_set_error_literal (error, MFC_APPLICANT_FORM_ERROR, MFC_APPLICANT_FORM_ERROR_CONSENT_REQUIRED,
                           _("Record the applicant’s consent to personal data processing first"));
      return NULL;
    }

  body = json_object_new ();
  json_object_set_string_member (body, "surname", self->value[MFC_APPLICANT_FORM_SURNAME]);
  json_object_set_string_member (body, "given_name", self->value[MFC_APPLICANT_FORM_GIVEN_NAME]);
  set_or_null (body, "patronymic", self->value[MFC_APPLICANT_FORM_PATRONYMIC]);
  json_object_set_string_member (body, "birth_date", self->value[MFC_APPLICANT_FORM_BIRTH_DATE]);
  json_object_set_string_member (body, "snils", self->value[MFC_APPLICANT_FORM_SNILS]);
  set_or_null (body, "inn", self->value[MFC_APPLICANT_FORM_INN]);
  json_object_set_object_member (body, "passport", passport_json (self));
  json_object_set_string_member (body, "phone", self->value[MFC_APPLICANT_FORM_PHONE]);
  set_or_null (body, "email", self->value[MFC_APPLICANT_FORM_EMAIL]);
  set_or_null (body, "address", self->value[MFC_APPLICANT_FORM_REGISTRATION_ADDRESS]);

  consent = json_object_new ();
  json_object_set_boolean_member (consent, "given", TRUE);
  given_at = g_date_time_format (self->consent_given_at, "%Y-%m-%dT%H:%M:%S%:z");
  json_object_set_string_member (consent, "given_at", given_at);
  json_object_set_object_member (body, "consent", consent);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&body));
  return node;
}

/**
 * mfc_applicant_form_build_patch_body:
 * @error: %MFC_APPLICANT_FORM_ERROR_INVALID or _CONFLICT
 *
 * Only what differs from the server's version is sent (merge semantics):
 * an emptied optional field as `null`, the passport whole when any part
 * of it changed.
 *
 * Returns: (transfer full) (nullable): the `ApplicantPatch` body (`{}`
 *   when nothing changed)
 */
JsonNode *
mfc_applicant_form_build_patch_body (MfcApplicantForm  *self,
                                     GError           **error)
{
  g_autoptr(JsonObject) body = NULL;
  gboolean passport_changed = FALSE;
  JsonNode *node;

  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), NULL);
  g_return_val_if_fail (self->base != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_sendable (self, error))
    return NULL;

  body = json_object_new ();
  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    {
      g_autofree char *before = wire_value (self->base, f);

      if (fields[f].wire == MFC_APPLICANT_N_FIELDS || g_strcmp0 (before, self->value[f]) == 0)
        continue;
      if (is_passport_part (f))
        passport_changed = TRUE;
      else
        set_or_null (body, mfc_applicant_field_get_json_path (fields[f].wire), self->value[f]);
    }
  if (passport_changed)
    json_object_set_object_member (body, "passport", passport_json (self));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&body));
  return node;
}

/**
 * mfc_applicant_form_get_idempotency_key:
 *
 * Returns: the key of this form's create, the same on every retry (and
 *   in the outbox), so a retried create never registers the applicant twice
 */
const char *
mfc_applicant_form_get_idempotency_key (MfcApplicantForm *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), NULL);

  if (self->idempotency_key == NULL)
    self->idempotency_key = g_uuid_string_random ();

  return self->idempotency_key;
}

/**
 * mfc_applicant_form_apply_server_error:
 * @error: an error from a create or change of this applicant
 *
 * Puts each of the server's per-field messages (a 422's `fields`) under
 * the field showing it; they stay until that field is edited.
 *
 * Returns: %TRUE when at least one message found its field
 */
gboolean
mfc_applicant_form_apply_server_error (MfcApplicantForm *self,
                                       const GError     *error)
{
  GHashTable *server_fields;
  GHashTableIter iter;
  gpointer key, value;
  gboolean applied = FALSE;

  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), FALSE);
  g_return_val_if_fail (error != NULL, FALSE);

  server_fields = mfc_client_error_get_fields (error);
  if (server_fields == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, server_fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      MfcApplicantFormField field;
      gboolean changed;

      if (!mfc_applicant_form_field_from_json_path (key, &field))
        continue;

      changed = g_strcmp0 (self->server_message[field], value) != 0 && self->message[field] == NULL;
      g_free (self->server_message[field]);
      self->server_message[field] = g_strdup (value);
      emit_field (self, field, changed);
      applied = TRUE;
    }

  update_valid (self);
  return applied;
}

/**
 * mfc_applicant_form_set_theirs:
 * @theirs: the server's current version, after a 412
 *
 * The three-way merge of a stale edit: a field only the server changed
 * takes the server's text; a field only the clerk changed keeps the
 * clerk's; a field both changed differently keeps the clerk's text and
 * holds the server's beside it (mfc_applicant_form_get_theirs_text())
 * until mfc_applicant_form_take_mine() or _take_theirs().  The next
 * change is made against @theirs.
 */
void
mfc_applicant_form_set_theirs (MfcApplicantForm *self,
                               MfcApplicant     *theirs)
{
  g_autoptr(MfcApplicant) old_base = NULL;
  gboolean had_conflicts;

  g_return_if_fail (MFC_IS_APPLICANT_FORM (self));
  g_return_if_fail (MFC_IS_APPLICANT (theirs));
  g_return_if_fail (self->base != NULL);

  had_conflicts = has_conflicts (self);
  old_base = g_object_ref (self->base);
  g_set_object (&self->base, theirs);

  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    {
      g_autofree char *base_value = wire_value (old_base, f);
      g_autofree char *their_value = wire_value (theirs, f);
      gboolean server_changed, clerk_changed;

      if (fields[f].wire == MFC_APPLICANT_N_FIELDS)
        continue;

      server_changed = g_strcmp0 (their_value, base_value) != 0;
      clerk_changed = self->message[f] != NULL || g_strcmp0 (self->value[f], base_value) != 0;
      g_clear_pointer (&self->theirs[f], g_free);

      if (server_changed && !clerk_changed)
        {
          g_autofree char *text = display_text (theirs, f);

          mfc_applicant_form_set_text (self, f, text);
        }
      else if (server_changed && g_strcmp0 (their_value, self->value[f]) != 0)
        {
          self->theirs[f] = display_text (theirs, f);
          if (self->theirs[f] == NULL)
            self->theirs[f] = g_strdup ("");
          emit_field (self, f, FALSE);
        }
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICANT]);
  if (had_conflicts != has_conflicts (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_CONFLICTS]);
}

gboolean
mfc_applicant_form_get_has_conflicts (MfcApplicantForm *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), FALSE);

  return has_conflicts (self);
}

gboolean
mfc_applicant_form_is_conflict (MfcApplicantForm      *self,
                                MfcApplicantFormField  field)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), FALSE);
  g_return_val_if_fail (field < MFC_APPLICANT_FORM_N_FIELDS, FALSE);

  return self->theirs[field] != NULL;
}

/**
 * mfc_applicant_form_get_theirs_text:
 *
 * Returns: (nullable): the server's version of a conflicting field, as
 *   it would stand in the entry; %NULL when @field is not in conflict
 */
const char *
mfc_applicant_form_get_theirs_text (MfcApplicantForm      *self,
                                    MfcApplicantFormField  field)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), NULL);
  g_return_val_if_fail (field < MFC_APPLICANT_FORM_N_FIELDS, NULL);

  return self->theirs[field];
}

static void
resolve (MfcApplicantForm      *self,
         MfcApplicantFormField  field,
         gboolean               take_theirs)
{
  g_autofree char *theirs = NULL;

  g_return_if_fail (MFC_IS_APPLICANT_FORM (self));
  g_return_if_fail (field < MFC_APPLICANT_FORM_N_FIELDS);

  if (self->theirs[field] == NULL)
    return;

  theirs = g_steal_pointer (&self->theirs[field]);
  if (take_theirs && g_strcmp0 (theirs, self->text[field]) != 0)
    mfc_applicant_form_set_text (self, field, theirs);
  else
    emit_field (self, field, FALSE);

  if (!has_conflicts (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_CONFLICTS]);
}

/**
 * mfc_applicant_form_take_mine:
 *
 * Keeps the clerk's text of a conflicting field; it will be sent.
 */
void
mfc_applicant_form_take_mine (MfcApplicantForm      *self,
                              MfcApplicantFormField  field)
{
  resolve (self, field, FALSE);
}

/**
 * mfc_applicant_form_take_theirs:
 *
 * Puts the server's version of a conflicting field into the form.
 */
void
mfc_applicant_form_take_theirs (MfcApplicantForm      *self,
                                MfcApplicantFormField  field)
{
  resolve (self, field, TRUE);
}

/**
 * mfc_applicant_form_save_async:
 * @client: the client to send with
 *
 * Registers a new applicant (`POST`, with this form's idempotency key) or
 * sends the changes of an existing one (`PATCH` with `If-Match`).  A 422
 * puts the server's messages under the fields; a 412 fetches the server's
 * version and enters the conflict state (mfc_applicant_form_set_theirs())
 * before failing with the 412.  On success the form edits what was saved.
 */
void
mfc_applicant_form_save_async (MfcApplicantForm    *self,
                               MfcClient           *client,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/applicants");
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  SaveData *data;

  g_return_if_fail (MFC_IS_APPLICANT_FORM (self));
  g_return_if_fail (MFC_IS_CLIENT (client));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_applicant_form_save_async);
  data = g_new0 (SaveData, 1);
  data->client = g_object_ref (client);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  if (self->base == NULL)
    {
      body = mfc_applicant_form_build_create_body (self, &error);
      if (body == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      mfc_client_request_async (client, "POST", query, body, NULL,
                                mfc_applicant_form_get_idempotency_key (self),
                                cancellable, save_cb, g_steal_pointer (&task));
    }
  else
    {
      g_autofree char *etag = mfc_applicant_dup_etag (self->base);

      body = mfc_applicant_form_build_patch_body (self, &error);
      if (body == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      mfc_query_add_segment (query, mfc_applicant_get_id (self->base));
      mfc_client_request_async (client, "PATCH", query, body, etag, NULL,
                                cancellable, save_cb, g_steal_pointer (&task));
    }
}

/**
 * mfc_applicant_form_save_finish:
 *
 * Returns: (transfer full) (nullable): the applicant as saved
 */
MfcApplicant *
mfc_applicant_form_save_finish (MfcApplicantForm  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mfc_applicant_form_find_duplicates_async:
 * @client: the client to ask with
 *
 * Before a create: the applicants already registered with this СНИЛС, or
 * with the same full name (case and ё/е aside) and date of birth.  Only
 * the fields that are valid are asked for; the edited applicant itself
 * is never its own duplicate.
 */
void
mfc_applicant_form_find_duplicates_async (MfcApplicantForm    *self,
                                          MfcClient           *client,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DuplicateData *data;
  const char *snils = self->value[MFC_APPLICANT_FORM_SNILS];
  const char *surname = self->value[MFC_APPLICANT_FORM_SURNAME];
  const char *given = self->value[MFC_APPLICANT_FORM_GIVEN_NAME];
  const char *birth = self->value[MFC_APPLICANT_FORM_BIRTH_DATE];

  g_return_if_fail (MFC_IS_APPLICANT_FORM (self));
  g_return_if_fail (MFC_IS_CLIENT (client));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_applicant_form_find_duplicates_async);
  data = g_new0 (DuplicateData, 1);
  data->found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  data->order = g_ptr_array_new_with_free_func (g_object_unref);
  data->except_id = self->base != NULL ? g_strdup (mfc_applicant_get_id (self->base)) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) duplicate_data_free);

  if (snils != NULL)
    {
      g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/applicants");

      mfc_query_add (query, "snils", snils);
      start_duplicate_call (task, client, query, FALSE);
    }

  if (surname != NULL && given != NULL && birth != NULL)
    {
      const char *patronymic = self->value[MFC_APPLICANT_FORM_PATRONYMIC];
      g_autofree char *full = patronymic != NULL ? g_strjoin (" ", surname, given, patronymic, NULL)
                                                 : g_strjoin (" ", surname, given, NULL);
      g_autoptr(MfcQuery) query = mfc_applicant_search_build_query (full, NULL);

      data->full_name = mfc_applicant_search_fold (full);
      data->birth_date = g_strdup (birth);
      mfc_query_set (query, "limit", G_STRINGIFY (DUPLICATE_PAGE));
      start_duplicate_call (task, client, query, TRUE);
    }

  /* The extra references went to the calls; with none, answer now. */
  if (data->pending == 0)
    g_task_return_pointer (task, g_ptr_array_ref (data->order), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * mfc_applicant_form_find_duplicates_finish:
 *
 * Returns: (transfer container) (element-type MfcApplicant): the
 *   applicants found, by СНИЛС first; empty when none
 */
GPtrArray *
mfc_applicant_form_find_duplicates_finish (MfcApplicantForm  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
