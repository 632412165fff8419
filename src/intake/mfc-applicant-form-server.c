/* mfc-applicant-form-server.c
 *
 * What the applicant form does with the server: the save (POST or PATCH),
 * the server's 422 under the fields, the stale edit's two versions (412),
 * and the duplicates looked up before a create.  The form's fields and
 * their checks are in mfc-applicant-form.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include "mfc-applicant-form-private.h"
#include "mfc-applicant-search.h"

#define DUPLICATE_PAGE 200

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
  _mfc_applicant_form_load_from (self, saved);
  g_clear_pointer (&self->idempotency_key, g_free);
  mfc_applicant_form_validate_all (self);
  _mfc_applicant_form_notify (self, PROP_APPLICANT);
  _mfc_applicant_form_notify (self, PROP_IS_NEW);

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

/* Conflicts */

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
    _mfc_applicant_form_emit_field (self, field, FALSE);

  if (!_mfc_applicant_form_has_conflicts (self))
    _mfc_applicant_form_notify (self, PROP_HAS_CONFLICTS);
}

/* Public API */

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
      _mfc_applicant_form_emit_field (self, field, changed);
      applied = TRUE;
    }

  _mfc_applicant_form_update_valid (self);
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

  had_conflicts = _mfc_applicant_form_has_conflicts (self);
  old_base = g_object_ref (self->base);
  g_set_object (&self->base, theirs);

  for (guint f = 0; f < MFC_APPLICANT_FORM_N_FIELDS; f++)
    {
      g_autofree char *base_value = _mfc_applicant_form_wire_value (old_base, f);
      g_autofree char *their_value = _mfc_applicant_form_wire_value (theirs, f);
      gboolean server_changed, clerk_changed;

      if (!_mfc_applicant_form_field_is_sent (f))
        continue;

      server_changed = g_strcmp0 (their_value, base_value) != 0;
      clerk_changed = self->message[f] != NULL || g_strcmp0 (self->value[f], base_value) != 0;
      g_clear_pointer (&self->theirs[f], g_free);

      if (server_changed && !clerk_changed)
        {
          g_autofree char *text = _mfc_applicant_form_display_text (theirs, f);

          mfc_applicant_form_set_text (self, f, text);
        }
      else if (server_changed && g_strcmp0 (their_value, self->value[f]) != 0)
        {
          self->theirs[f] = _mfc_applicant_form_display_text (theirs, f);
          if (self->theirs[f] == NULL)
            self->theirs[f] = g_strdup ("");
          _mfc_applicant_form_emit_field (self, f, FALSE);
        }
    }

  _mfc_applicant_form_notify (self, PROP_APPLICANT);
  if (had_conflicts != _mfc_applicant_form_has_conflicts (self))
    _mfc_applicant_form_notify (self, PROP_HAS_CONFLICTS);
}

gboolean
mfc_applicant_form_get_has_conflicts (MfcApplicantForm *self)
{
  g_return_val_if_fail (MFC_IS_APPLICANT_FORM (self), FALSE);

  return _mfc_applicant_form_has_conflicts (self);
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
