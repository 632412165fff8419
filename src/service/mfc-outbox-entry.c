/* mfc-outbox-entry.c — one write of the outbox: what the caller builds,
 * and the snapshots the outbox hands out and saves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-outbox"

#include "config.h"

#include "mfc-outbox-private.h"

G_DEFINE_BOXED_TYPE (MfcOutboxEntry, mfc_outbox_entry,
                     mfc_outbox_entry_ref, mfc_outbox_entry_unref)

MfcOutboxEntry *
mfc_outbox_entry_alloc (void)
{
  MfcOutboxEntry *self = g_new0 (MfcOutboxEntry, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->substitutions = g_ptr_array_new_with_free_func (g_free);

  return self;
}

MfcOutboxEntry *
mfc_outbox_entry_copy (MfcOutboxEntry *entry)
{
  MfcOutboxEntry *copy = mfc_outbox_entry_alloc ();

  copy->id = entry->id;
  copy->key = g_strdup (entry->key);
  copy->kind = g_strdup (entry->kind);
  copy->method = g_strdup (entry->method);
  copy->path = g_strdup (entry->path);
  copy->body = g_strdup (entry->body);
  copy->if_match = g_strdup (entry->if_match);
  copy->personal = entry->personal;
  copy->depends_on = g_strdup (entry->depends_on);
  copy->depends_on_id = entry->depends_on_id;
  for (guint i = 0; i < entry->substitutions->len; i++)
    g_ptr_array_add (copy->substitutions, g_strdup (entry->substitutions->pdata[i]));
  copy->resolved = entry->resolved;
  copy->state = entry->state;
  copy->owner_server = g_strdup (entry->owner_server);
  copy->owner_login = g_strdup (entry->owner_login);
  copy->created_at = entry->created_at;
  copy->sent_at = entry->sent_at;
  copy->attempts = entry->attempts;
  copy->last_error = g_strdup (entry->last_error);
  copy->error = entry->error != NULL ? g_error_copy (entry->error) : NULL;
  copy->answer = g_strdup (entry->answer);

  return copy;
}

void
mfc_outbox_entry_take_answer (MfcOutboxEntry *entry,
                              char           *answer)
{
  g_free (entry->answer);
  entry->answer = answer;
  g_clear_pointer (&entry->answer_node, json_node_unref);
}

/* ------------------------------------------------------------------ */
/* Public API: the entry                                               */

/**
 * mfc_outbox_entry_new:
 * @kind: what the write is, for the log and the UI: "ticket.create"
 * @method: "POST", "PATCH", …
 * @query: where the write goes, e.g. "/api/v1/tickets" + segment "17" +
 *   segment "comments"; kept as its encoded text
 * @body: (nullable): the JSON body; copied
 *
 * A new write with a fresh Idempotency-Key (mfc_outbox_entry_get_key()),
 * so that a later write can name it as its dependency before it is even
 * queued.
 */
MfcOutboxEntry *
mfc_outbox_entry_new (const char *kind,
                      const char *method,
                      MfcQuery   *query,
                      JsonNode   *body)
{
  MfcOutboxEntry *self;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  self = mfc_outbox_entry_alloc ();
  self->key = g_uuid_string_random ();
  self->kind = g_strdup (kind);
  self->method = g_ascii_strup (method, -1);
  self->path = mfc_query_to_string (query);
  self->body = body != NULL ? json_to_string (body, FALSE) : NULL;
  self->resolved = TRUE;

  return self;
}

/**
 * mfc_outbox_entry_set_key:
 * @key: the Idempotency-Key the write was already sent with
 *
 * For a write that was tried online before it was queued: the queued
 * write keeps the key of that attempt, so that if the attempt did reach
 * the service (only its answer was lost) the service replays it instead
 * of doing it twice.  Call before mfc_outbox_enqueue_async().
 */
void
mfc_outbox_entry_set_key (MfcOutboxEntry *self,
                          const char     *key)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->id == 0);
  g_return_if_fail (key != NULL && key[0] != '\0');

  g_free (self->key);
  self->key = g_strdup (key);
}

MfcOutboxEntry *
mfc_outbox_entry_ref (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
mfc_outbox_entry_unref (MfcOutboxEntry *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->key);
  g_free (self->kind);
  g_free (self->method);
  g_free (self->path);
  g_free (self->body);
  g_free (self->if_match);
  g_free (self->depends_on);
  g_ptr_array_unref (self->substitutions);
  g_free (self->owner_server);
  g_free (self->owner_login);
  g_free (self->last_error);
  g_clear_error (&self->error);
  g_free (self->answer);
  g_clear_pointer (&self->answer_node, json_node_unref);
  g_free (self);
}

/**
 * mfc_outbox_entry_set_if_match:
 * @etag: (nullable): the ETag the write is based on
 */
void
mfc_outbox_entry_set_if_match (MfcOutboxEntry *self,
                               const char     *etag)
{
  g_return_if_fail (self != NULL);

  g_free (self->if_match);
  self->if_match = g_strdup (etag);
}

/**
 * mfc_outbox_entry_set_personal:
 *
 * The write or its answer holds personal data (names, СНИЛС, passport,
 * phone): mfc_outbox_wipe_personal() erases it once sent.
 */
void
mfc_outbox_entry_set_personal (MfcOutboxEntry *self,
                               gboolean        personal)
{
  g_return_if_fail (self != NULL);

  self->personal = !!personal;
}

/**
 * mfc_outbox_entry_set_depends_on:
 * @key: the key of an earlier write of the same owner, queued before
 *   this one (its enqueue may still be running)
 *
 * This write is sent only after that one, and is rejected if that one
 * is.  Use mfc_outbox_entry_add_substitution() to take members of its
 * answer.
 */
void
mfc_outbox_entry_set_depends_on (MfcOutboxEntry *self,
                                 const char     *key)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  g_free (self->depends_on);
  self->depends_on = g_strdup (key);
  self->resolved = FALSE;
}

/**
 * mfc_outbox_entry_add_substitution:
 * @member: the body member to set, e.g. "applicant_id" (dots reach into
 *   nested objects: "applicant.id")
 * @answer_member: the member of the dependency's answer to take, e.g. "id"
 *
 * When the dependency has been sent, @member := its answer's
 * @answer_member, whatever the type.  If the answer has no such member,
 * this write is rejected (%MFC_OUTBOX_ERROR_SUBSTITUTION).
 */
void
mfc_outbox_entry_add_substitution (MfcOutboxEntry *self,
                                   const char     *member,
                                   const char     *answer_member)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (member != NULL && member[0] != '\0');
  g_return_if_fail (answer_member != NULL && answer_member[0] != '\0');

  g_ptr_array_add (self->substitutions, g_strdup (member));
  g_ptr_array_add (self->substitutions, g_strdup (answer_member));
}

const char *
mfc_outbox_entry_get_key (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->key;
}

const char *
mfc_outbox_entry_get_kind (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->kind;
}

const char *
mfc_outbox_entry_get_method (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->method;
}

const char *
mfc_outbox_entry_get_path (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

/**
 * mfc_outbox_entry_dup_body:
 *
 * Returns: (transfer full) (nullable): the body as it will be (or was
 *   last) sent; %NULL once sent
 */
JsonNode *
mfc_outbox_entry_dup_body (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->body != NULL ? json_from_string (self->body, NULL) : NULL;
}

const char *
mfc_outbox_entry_get_if_match (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->if_match;
}

gboolean
mfc_outbox_entry_get_personal (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->personal;
}

const char *
mfc_outbox_entry_get_depends_on (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->depends_on;
}

MfcOutboxState
mfc_outbox_entry_get_state (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, MFC_OUTBOX_STATE_PENDING);

  return self->state;
}

const char *
mfc_outbox_entry_get_owner_server (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->owner_server;
}

const char *
mfc_outbox_entry_get_owner_login (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->owner_login;
}

/**
 * mfc_outbox_entry_get_created_at:
 *
 * Returns: when it was queued, Unix seconds
 */
gint64
mfc_outbox_entry_get_created_at (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->created_at;
}

guint
mfc_outbox_entry_get_attempts (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->attempts;
}

/**
 * mfc_outbox_entry_get_last_error:
 *
 * Returns: (nullable): why the last attempt did not go through (network,
 *   server error), a translated sentence
 */
const char *
mfc_outbox_entry_get_last_error (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->last_error;
}

/**
 * mfc_outbox_entry_get_error:
 *
 * Returns: (nullable): why a rejected write was rejected; read the
 *   server's reason with mfc_client_error_get_server_message() and
 *   mfc_client_error_get_fields()
 */
const GError *
mfc_outbox_entry_get_error (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->error;
}

/**
 * mfc_outbox_entry_get_answer:
 *
 * Returns: (transfer none) (nullable): the answer of a sent write
 */
JsonObject *
mfc_outbox_entry_get_answer (MfcOutboxEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->answer_node == NULL && self->answer != NULL)
    self->answer_node = json_from_string (self->answer, NULL);
  if (self->answer_node == NULL || !JSON_NODE_HOLDS_OBJECT (self->answer_node))
    return NULL;

  return json_node_get_object (self->answer_node);
}
