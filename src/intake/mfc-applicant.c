/* mfc-applicant.c
 *
 * The fields are kept as the server's strings, in one array indexed by
 * MfcApplicantField, with one table naming each field's property and
 * JSON path: the form, the 422 mapping and the conflict view all walk
 * the same table instead of twenty hand-written accessors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mfc-applicant.h"
#include "mfc-client-error.h"

struct _MfcApplicant
{
  GObject   parent_instance;

  char     *fields[MFC_APPLICANT_N_FIELDS];
  gboolean  consent_given;
  gint64    version;
};

G_DEFINE_FINAL_TYPE (MfcApplicant, mfc_applicant, G_TYPE_OBJECT)

enum {
  PROP_0,
  /* PROP_0 + 1 + field: one property per MfcApplicantField */
  PROP_CONSENT_GIVEN = MFC_APPLICANT_N_FIELDS + 1,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *property;
  const char *json_path;     /* "a.b": member b of object member a */
  gboolean    required;      /* never null in the contract */
} field_info[MFC_APPLICANT_N_FIELDS] = {
  [MFC_APPLICANT_ID]                     = { "id", "id", TRUE },
  [MFC_APPLICANT_SURNAME]                = { "surname", "surname", TRUE },
  [MFC_APPLICANT_GIVEN_NAME]             = { "given-name", "given_name", TRUE },
  [MFC_APPLICANT_PATRONYMIC]             = { "patronymic", "patronymic", FALSE },
  [MFC_APPLICANT_FULL_NAME]              = { "full-name", "full_name", TRUE },
  [MFC_APPLICANT_BIRTH_DATE]             = { "birth-date", "birth_date", TRUE },
  [MFC_APPLICANT_SNILS]                  = { "snils", "snils", TRUE },
  [MFC_APPLICANT_INN]                    = { "inn", "inn", FALSE },
  [MFC_APPLICANT_PASSPORT_SERIES]        = { "passport-series", "passport.series", TRUE },
  [MFC_APPLICANT_PASSPORT_NUMBER]        = { "passport-number", "passport.number", TRUE },
  [MFC_APPLICANT_PASSPORT_ISSUED_BY]     = { "passport-issued-by", "passport.issued_by", TRUE },
  [MFC_APPLICANT_PASSPORT_ISSUE_DATE]    = { "passport-issue-date", "passport.issue_date", TRUE },
  [MFC_APPLICANT_PASSPORT_DIVISION_CODE] = { "passport-division-code", "passport.division_code", TRUE },
  [MFC_APPLICANT_PHONE]                  = { "phone", "phone", TRUE },
  [MFC_APPLICANT_EMAIL]                  = { "email", "email", FALSE },
  [MFC_APPLICANT_ADDRESS]                = { "address", "address", FALSE },
  [MFC_APPLICANT_CONSENT_GIVEN_AT]       = { "consent-given-at", "consent.given_at", FALSE },
  [MFC_APPLICANT_CONSENT_CLERK_ID]       = { "consent-clerk-id", "consent.clerk_id", FALSE },
  [MFC_APPLICANT_CREATED_AT]             = { "created-at", "created_at", FALSE },
  [MFC_APPLICANT_UPDATED_AT]             = { "updated-at", "updated_at", FALSE },
};

/* Finds the object holding the last part of @path, creating it when
 * @create. */
static JsonObject *
parent_for_path (JsonObject  *root,
                 const char  *path,
                 const char **member,
                 gboolean     create)
{
  const char *dot = strchr (path, '.');
  g_autofree char *head = NULL;
  JsonNode *node;

  if (dot == NULL)
    {
      *member = path;
      return root;
    }

  head = g_strndup (path, dot - path);
  *member = dot + 1;
  node = json_object_get_member (root, head);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);
  if (!create)
    return NULL;

  json_object_set_object_member (root, head, json_object_new ());
  return json_object_get_object_member (root, head);
}

static void
mfc_applicant_finalize (GObject *object)
{
  MfcApplicant *self = MFC_APPLICANT (object);

  for (guint i = 0; i < MFC_APPLICANT_N_FIELDS; i++)
    g_free (self->fields[i]);

  G_OBJECT_CLASS (mfc_applicant_parent_class)->finalize (object);
}

static void
mfc_applicant_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MfcApplicant *self = MFC_APPLICANT (object);

  if (prop_id >= 1 && prop_id <= MFC_APPLICANT_N_FIELDS)
    {
      g_value_set_string (value, self->fields[prop_id - 1]);
      return;
    }

  switch (prop_id)
    {
    case PROP_CONSENT_GIVEN:
      g_value_set_boolean (value, self->consent_given);
      break;
    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_applicant_class_init (MfcApplicantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mfc_applicant_finalize;
  object_class->get_property = mfc_applicant_get_property;

  for (guint i = 0; i < MFC_APPLICANT_N_FIELDS; i++)
    properties[i + 1] = g_param_spec_string (field_info[i].property, NULL, NULL, NULL,
                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                             G_PARAM_STATIC_STRINGS);
  properties[PROP_CONSENT_GIVEN] =
    g_param_spec_boolean ("consent-given", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mfc_applicant_init (MfcApplicant *self)
{
}

/* Public API */

/**
 * mfc_applicant_new_from_json:
 * @json: an `Applicant` object as the server sends it
 * @error: %MFC_CLIENT_ERROR_PROTOCOL when @json breaks the contract
 *
 * Returns: (transfer full) (nullable): the applicant
 */
MfcApplicant *
mfc_applicant_new_from_json (JsonObject  *json,
                             GError     **error)
{
  g_autoptr(MfcApplicant) self = NULL;
  JsonObject *consent;
  JsonNode *node;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MFC_TYPE_APPLICANT, NULL);

  for (guint i = 0; i < MFC_APPLICANT_N_FIELDS; i++)
    {
      const char *member = NULL;
      JsonObject *parent = parent_for_path (json, field_info[i].json_path, &member, FALSE);

      node = parent != NULL ? json_object_get_member (parent, member) : NULL;
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        self->fields[i] = g_strdup (json_node_get_string (node));
      else if (field_info[i].required)
        {
          g_set_error (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL,
                       _("The service sent an applicant without “%s”"),
                       field_info[i].json_path);
          return NULL;
        }
    }

  node = json_object_get_member (json, "version");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    self->version = json_node_get_int (node);

  node = json_object_get_member (json, "consent");
  consent = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  self->consent_given = consent != NULL &&
                        json_object_get_boolean_member_with_default (consent, "given", FALSE);

  return g_steal_pointer (&self);
}

/**
 * mfc_applicant_to_json:
 *
 * Returns: (transfer full): the applicant as an `Applicant` object
 */
JsonObject *
mfc_applicant_to_json (MfcApplicant *self)
{
  JsonObject *json;
  JsonObject *consent;

  g_return_val_if_fail (MFC_IS_APPLICANT (self), NULL);

  json = json_object_new ();
  for (guint i = 0; i < MFC_APPLICANT_N_FIELDS; i++)
    {
      const char *member = NULL;
      JsonObject *parent = parent_for_path (json, field_info[i].json_path, &member, TRUE);

      if (self->fields[i] != NULL)
        json_object_set_string_member (parent, member, self->fields[i]);
      else
        json_object_set_null_member (parent, member);
    }

  /* consent.given_at made the "consent" object above */
  consent = json_object_get_object_member (json, "consent");
  json_object_set_boolean_member (consent, "given", self->consent_given);
  json_object_set_int_member (json, "version", self->version);

  return json;
}

/**
 * mfc_applicant_get_field:
 *
 * Returns: (nullable): the field as the server sent it; %NULL for null
 */
const char *
mfc_applicant_get_field (MfcApplicant      *self,
                         MfcApplicantField  field)
{
  g_return_val_if_fail (MFC_IS_APPLICANT (self), NULL);
  g_return_val_if_fail (field < MFC_APPLICANT_N_FIELDS, NULL);

  return self->fields[field];
}

/**
 * mfc_applicant_field_get_json_path:
 *
 * Returns: where the field is in the contract's JSON, dotted for nested
 *   members ("passport.series") as in a 422's `fields`
 */
const char *
mfc_applicant_field_get_json_path (MfcApplicantField field)
{
  g_return_val_if_fail (field < MFC_APPLICANT_N_FIELDS, NULL);

  return field_info[field].json_path;
}

const char *
mfc_applicant_get_id (MfcApplicant *self)
{
  return mfc_applicant_get_field (self, MFC_APPLICANT_ID);
}

const char *
mfc_applicant_get_full_name (MfcApplicant *self)
{
  return mfc_applicant_get_field (self, MFC_APPLICANT_FULL_NAME);
}

const char *
mfc_applicant_get_snils (MfcApplicant *self)
{
  return mfc_applicant_get_field (self, MFC_APPLICANT_SNILS);
}

const char *
mfc_applicant_get_birth_date (MfcApplicant *self)
{
  return mfc_applicant_get_field (self, MFC_APPLICANT_BIRTH_DATE);
}

gboolean
mfc_applicant_get_consent_given (MfcApplicant *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT (self), FALSE);

  return self->consent_given;
}

gint64
mfc_applicant_get_version (MfcApplicant *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT (self), 0);

  return self->version;
}

/**
 * mfc_applicant_dup_etag:
 *
 * Returns: (transfer full): the `If-Match` value for a change of this
 *   version, `"<version>"` as the contract defines it
 */
char *
mfc_applicant_dup_etag (MfcApplicant *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT (self), NULL);

  return g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", self->version);
}

GObject *
mfc_applicant_parse_cb (JsonObject  *json,
                        gpointer     user_data,
                        GError     **error)
{
  return G_OBJECT (mfc_applicant_new_from_json (json, error));
}
