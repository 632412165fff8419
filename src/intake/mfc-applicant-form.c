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
 * This file holds the fields and their checks; what goes to and comes
 * from the server is in mfc-applicant-form-server.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mfc-applicant-form-private.h"
#include "mfc-applicant-search.h"
#include "mfc-validators.h"

#define ISSUED_BY_MAX       300
#define ADDRESS_MAX         500
#define PASSPORT_MIN_AGE    14


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
char *
_mfc_applicant_form_wire_value (MfcApplicant          *applicant,
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
char *
_mfc_applicant_form_display_text (MfcApplicant          *applicant,
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

void
_mfc_applicant_form_emit_field (MfcApplicantForm      *self,
                                MfcApplicantFormField  field,
                                gboolean               message_changed)
{
  if (message_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[FIELD_MESSAGE_PROP (field)]);
  g_signal_emit (self, signals[FIELD_CHANGED], 0, field);
}

void
_mfc_applicant_form_update_valid (MfcApplicantForm *self)
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
    _mfc_applicant_form_emit_field (self, dependent, TRUE);
}

void
_mfc_applicant_form_load_from (MfcApplicantForm *self,
                               MfcApplicant     *applicant)
{
  g_set_object (&self->base, applicant);

  /* The texts change without validation here: the caller validates the
   * whole form next, with every field in place. */
  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    {
      g_autofree char *text = _mfc_applicant_form_display_text (applicant, f);

      if (fields[f].wire == MFC_APPLICANT_N_FIELDS)
        continue;
      g_clear_pointer (&self->server_message[f], g_free);
      g_clear_pointer (&self->theirs[f], g_free);
      if (g_strcmp0 (self->text[f], text != NULL ? text : "") == 0)
        continue;

      g_free (self->text[f]);
      self->text[f] = g_strdup (text != NULL ? text : "");
      g_object_notify_by_pspec (G_OBJECT (self), properties[FIELD_TEXT_PROP (f)]);
      g_signal_emit (self, signals[FIELD_CHANGED], 0, f);
    }
}

gboolean
_mfc_applicant_form_has_conflicts (MfcApplicantForm *self)
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
  if (_mfc_applicant_form_has_conflicts (self))
    {
      g_set_error_literal (error, MFC_APPLICANT_FORM_ERROR, MFC_APPLICANT_FORM_ERROR_CONFLICT,
                           _("The applicant was changed meanwhile: choose which version to keep"));
      return FALSE;
    }

  return TRUE;
}

/* For mfc-applicant-form-server.c */

gboolean
_mfc_applicant_form_field_is_sent (MfcApplicantFormField field)
{
  return fields[field].wire != MFC_APPLICANT_N_FIELDS;
}

void
_mfc_applicant_form_notify (MfcApplicantForm *self,
                            guint             prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
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
      g_value_set_boolean (value, _mfc_applicant_form_has_conflicts (self));
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
  _mfc_applicant_form_load_from (self, applicant);
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
  _mfc_applicant_form_emit_field (self, field, message_changed);
  revalidate_dependents (self, field);
  _mfc_applicant_form_update_valid (self);
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
      _mfc_applicant_form_emit_field (self, f, TRUE);
  if (validate_field (self, MFC_APPLICANT_FORM_EMAIL))
    _mfc_applicant_form_emit_field (self, MFC_APPLICANT_FORM_EMAIL, TRUE);

  _mfc_applicant_form_update_valid (self);
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
      g_autofree char *before = _mfc_applicant_form_wire_value (self->base, f);

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
