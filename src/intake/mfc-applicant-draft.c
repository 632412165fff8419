/* mfc-applicant-draft.c — the applicant form's draft on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mfc-applicant-draft.h"

#define GROUP_FIELDS  "fields"
#define GROUP_DRAFT   "draft"

static const char *
field_key (MfcApplicantFormField field)
{
  /* A static type: the class is kept for the life of the process. */
  static GEnumClass *klass;
  GEnumValue *value;

  if (klass == NULL)
    klass = g_type_class_ref (MFC_TYPE_APPLICANT_FORM_FIELD);
  value = g_enum_get_value (klass, field);
  g_assert (value != NULL);
  return value->value_nick;
}

/**
 * mfc_applicant_draft_get_default_path:
 *
 * Returns: (transfer full): where the desk keeps its applicant draft
 */
char *
mfc_applicant_draft_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "mfc-desk", "applicant-draft.ini", NULL);
}

/**
 * mfc_applicant_draft_save:
 * @form: the form as it stands
 * @path: the draft file (mfc_applicant_draft_get_default_path())
 *
 * Writes every field, the applicant being edited (for an edit) and the
 * recorded consent, to a new 0600 file that replaces @path in one rename.
 */
gboolean
mfc_applicant_draft_save (MfcApplicantForm  *form,
                          const char        *path,
                          GError           **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *folder = NULL;
  g_autofree char *data = NULL;
  MfcApplicant *applicant;
  gsize length;

  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (form), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    g_key_file_set_string (file, GROUP_FIELDS, field_key (f), mfc_applicant_form_get_text (form, f));

  applicant = mfc_applicant_form_get_applicant (form);
  if (applicant != NULL)
    {
      g_autoptr(JsonObject) json = mfc_applicant_to_json (applicant);
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), json);
      g_autofree char *text = json_to_string (node, FALSE);

      g_key_file_set_string (file, GROUP_DRAFT, "applicant", text);
    }

  /* Consent recorded at this desk; an applicant's earlier consent is in
   * the applicant itself. */
  if (mfc_applicant_form_get_has_consent (form) && mfc_applicant_form_get_consent_given_at (form) != NULL)
    {
      g_autofree char *at = g_date_time_format_iso8601 (mfc_applicant_form_get_consent_given_at (form));

      g_key_file_set_string (file, GROUP_DRAFT, "consent-clerk",
                             mfc_applicant_form_get_consent_clerk_id (form));
      g_key_file_set_string (file, GROUP_DRAFT, "consent-given-at", at);
      g_key_file_set_string (file, GROUP_DRAFT, "consent-form",
                             mfc_applicant_form_get_consent_form_version (form));
    }

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not create the folder for drafts: %s"), g_strerror (saved));
      return FALSE;
    }

  data = g_key_file_to_data (file, &length, NULL);
  return g_file_set_contents_full (path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

/**
 * mfc_applicant_draft_load:
 * @path: the draft file
 *
 * Returns: (transfer full) (nullable): the form as it was saved; %NULL
 *   without an error when there is no draft
 */
MfcApplicantForm *
mfc_applicant_draft_load (const char  *path,
                          GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(MfcApplicantForm) form = NULL;
  g_autofree char *applicant_json = NULL;
  g_autofree char *consent_at = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  applicant_json = g_key_file_get_string (file, GROUP_DRAFT, "applicant", NULL);
  if (applicant_json != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (applicant_json, error);
      g_autoptr(MfcApplicant) applicant = NULL;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                                 _("The draft is damaged"));
          return NULL;
        }
      applicant = mfc_applicant_new_from_json (json_node_get_object (node), error);
      if (applicant == NULL)
        return NULL;
      form = mfc_applicant_form_new_for_applicant (applicant);
    }
  else
    form = mfc_applicant_form_new ();

  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    {
      g_autofree char *text = g_key_file_get_string (file, GROUP_FIELDS, field_key (f), NULL);

      if (text != NULL)
        mfc_applicant_form_set_text (form, f, text);
    }

  consent_at = g_key_file_get_string (file, GROUP_DRAFT, "consent-given-at", NULL);
  if (consent_at != NULL)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (consent_at, NULL);
      g_autofree char *clerk = g_key_file_get_string (file, GROUP_DRAFT, "consent-clerk", NULL);
      g_autofree char *version = g_key_file_get_string (file, GROUP_DRAFT, "consent-form", NULL);

      if (at != NULL && clerk != NULL && version != NULL)
        mfc_applicant_form_record_consent (form, clerk, at, version);
    }

  return g_steal_pointer (&form);
}

/**
 * mfc_applicant_draft_remove:
 * @path: the draft file
 *
 * Removes the draft; no draft is not an error.
 */
gboolean
mfc_applicant_draft_remove (const char  *path,
                            GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not remove the draft: %s"), g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
