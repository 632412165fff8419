/* mfc-outbox.c
 *
 * The outbox keeps two copies of its queue: the SQLite file, which is the
 * truth after a crash, and a cache of every row on the main context,
 * which is what the properties, the lists and the sender read.  The
 * cache changes first (on the main context, synchronously); each change
 * is then written by a job on one worker thread.  The worker runs jobs in
 * the order they were pushed, each in its own transaction, from
 * snapshots (copies) of the entries, so it never reads what the main
 * context is changing.
 *
 * An enqueue is the one change that goes the other way: the row is
 * committed first and joins the cache (and the caller hears "queued")
 * only then, so that nothing is sent that a crash could forget.
 *
 * Losing a later job in a crash is harmless: a write whose "sent" was not
 * yet committed is sent again after the restart with the same key, and
 * the service replays its first answer.
 *
 * The file and the worker are in mfc-outbox-store.c, the entry type in
 * mfc-outbox-entry.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-outbox"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mfc-outbox-private.h"
#include "mfc-server-address.h"

#define DEFAULT_RETRY_BASE_MS  1000
#define DEFAULT_RETRY_MAX_MS   (5 * 60 * 1000)
#define MAX_RETRY_AFTER_MS     (60 * 60 * 1000)
#define KEY_LOG_LEN            8

G_DEFINE_QUARK (mfc-outbox-error-quark, mfc_outbox_error)

/* ------------------------------------------------------------------ */
/* MfcOutbox                                                           */

struct _MfcOutbox
{
  GObject          parent_instance;

  MfcClient       *client;
  MfcSession      *session;        /* followed, or NULL */
  GMainContext    *context;        /* where state lives and signals go */
  char            *path;
  MfcOutboxStore  *store;          /* NULL when unavailable */
  GError          *storage_error;  /* why it is unavailable */

  GPtrArray       *entries;        /* MfcOutboxEntry, by id */

  char            *owner_server;
  char            *owner_login;
  /* The client's session when the owner was set: its address and a
   * SHA-256 of its token (not the token), so that a change of either
   * that comes back to them lifts the pause it caused. */
  char            *owner_base_url;
  char            *owner_token_digest;
  /* Set by a 401 (until mfc_outbox_set_owner()) and while the client's
   * token or address is not the owner's session. */
  gboolean         refused;
  gboolean         blocked;

  MfcOutboxEntry  *in_flight;
  GCancellable    *cancellable;
  guint            retry_source;
  guint            failures;       /* in a row, for the back-off */
  guint            generation;     /* one more with every mfc_outbox_switch_file() */
  guint            retry_base_ms;
  guint            retry_max_ms;

  guint            n_pending;
  guint            n_rejected;
  gboolean         online;
  gboolean         paused;
  char            *last_error;
  gboolean         disposed;
};

G_DEFINE_FINAL_TYPE (MfcOutbox, mfc_outbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PATH,
  PROP_N_PENDING,
  PROP_N_REJECTED,
  PROP_SENDING,
  PROP_ONLINE,
  PROP_PAUSED,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SENT,
  REJECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void kick (MfcOutbox *self);

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static const char *
key_for_log (MfcOutboxEntry *entry)
{
  static char buffer[KEY_LOG_LEN + 1];

  /* Main context only (the worker logs row ids). */
  g_strlcpy (buffer, entry->key, sizeof buffer);
  return buffer;
}

static gboolean
error_is_dependency (const GError *error)
{
  return g_error_matches (error, MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_DEPENDENCY_REJECTED);
}

/* Walks "a.b.c" through nested objects. */
static JsonNode *
lookup_member (JsonObject *object,
               const char *dotted)
{
  g_auto(GStrv) parts = g_strsplit (dotted, ".", -1);
  JsonNode *node = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL || !json_object_has_member (object, parts[i]))
        return NULL;
      node = json_object_get_member (object, parts[i]);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }

  return node;
}

static void
set_member (JsonObject *object,
            const char *dotted,
            JsonNode   *value)
{
  g_auto(GStrv) parts = g_strsplit (dotted, ".", -1);
  guint last = g_strv_length (parts) - 1;

  for (guint i = 0; i < last; i++)
    {
      JsonNode *node = json_object_get_member (object, parts[i]);

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        json_object_set_object_member (object, parts[i], json_object_new ());
      object = json_object_get_object_member (object, parts[i]);
    }

  json_object_set_member (object, parts[last], json_node_copy (value));
}

/* ------------------------------------------------------------------ */
/* Jobs for the store (mfc-outbox-store.c)                             */

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Already logged by set_storage_error(); the cache stays right for
   * this run, and the next start reads what the file has. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_debug ("A change of the queue was not saved: %s", error->message);
}

static void
push_job (MfcOutbox           *self,
          MfcOutboxJob        *job,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback != NULL ? callback : job_done_cb, user_data);

  g_task_set_source_tag (task, push_job);
  g_task_set_task_data (task, job, mfc_outbox_job_free);
  if (self->store == NULL)
    {
      /* An unavailable outbox: every change fails the way opening did. */
      g_task_return_error (task, g_error_copy (self->storage_error));
      g_object_unref (task);
      return;
    }
  mfc_outbox_store_push (self->store, task);
}

static void
push_updates (MfcOutbox *self,
              GPtrArray *changed)
{
  MfcOutboxJob *job;

  if (changed->len == 0)
    return;

  job = mfc_outbox_job_new ();
  for (guint i = 0; i < changed->len; i++)
    mfc_outbox_job_update (job, changed->pdata[i]);
  push_job (self, job, NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* The cache                                                           */

static MfcOutboxEntry *
find_by_id (MfcOutbox *self,
            gint64     id)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      MfcOutboxEntry *entry = self->entries->pdata[i];

      if (entry->id == id)
        return entry;
    }

  return NULL;
}

static MfcOutboxEntry *
find_by_key (MfcOutbox  *self,
             const char *key)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      MfcOutboxEntry *entry = self->entries->pdata[i];

      if (g_str_equal (entry->key, key))
        return entry;
    }

  return NULL;
}

static gboolean
owned_by (MfcOutboxEntry *entry,
          const char     *server,
          const char     *login)
{
  return server != NULL && login != NULL &&
         g_str_equal (entry->owner_server, server) &&
         g_str_equal (entry->owner_login, login);
}

static gboolean
is_current (MfcOutbox      *self,
            MfcOutboxEntry *entry)
{
  return owned_by (entry, self->owner_server, self->owner_login);
}

/* An unsent write still needs this entry's answer. */
static gboolean
answer_needed (MfcOutbox      *self,
               MfcOutboxEntry *entry)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      MfcOutboxEntry *other = self->entries->pdata[i];

      if (other->depends_on_id == entry->id && !other->resolved &&
          other->state != MFC_OUTBOX_STATE_SENT)
        return TRUE;
    }

  return FALSE;
}

static MfcOutboxEntry *
snapshot (MfcOutbox      *self,
          MfcOutboxEntry *entry)
{
  MfcOutboxEntry *copy = mfc_outbox_entry_copy (entry);

  /* The dependency's current key (a retry may have changed it). */
  if (entry->depends_on_id != 0)
    {
      MfcOutboxEntry *dependency = find_by_id (self, entry->depends_on_id);

      g_free (copy->depends_on);
      copy->depends_on = dependency != NULL ? g_strdup (dependency->key) : NULL;
    }

  return copy;
}

static char *
normalize_server (const char *server)
{
  char *normalized;

  if (server == NULL)
    return NULL;
  normalized = mfc_server_address_normalize (server, NULL);

  return normalized != NULL ? normalized : g_strdup (server);
}

static void
set_online (MfcOutbox  *self,
            gboolean    online,
            const char *last_error)
{
  if (self->online != online)
    {
      self->online = online;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
    }

  if (g_strcmp0 (self->last_error, last_error) != 0)
    {
      g_free (self->last_error);
      self->last_error = g_strdup (last_error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
    }
}

static void
update_state (MfcOutbox *self)
{
  const char *base_url = mfc_client_get_base_url (self->client);
  const char *token = mfc_client_get_token (self->client);
  guint n_pending = 0;
  guint n_rejected = 0;
  gboolean paused;

  for (guint i = 0; i < self->entries->len; i++)
    {
      MfcOutboxEntry *entry = self->entries->pdata[i];

      if (!is_current (self, entry))
        continue;
      if (entry->state == MFC_OUTBOX_STATE_PENDING)
        n_pending++;
      else if (entry->state == MFC_OUTBOX_STATE_REJECTED)
        n_rejected++;
    }

  paused = self->owner_server == NULL || self->blocked ||
           token == NULL || token[0] == '\0' ||
           g_strcmp0 (base_url, self->owner_server) != 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->n_pending != n_pending)
    {
      self->n_pending = n_pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
    }
  if (self->n_rejected != n_rejected)
    {
      self->n_rejected = n_rejected;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_REJECTED]);
    }
  if (self->paused != paused)
    {
      self->paused = paused;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
emit_rejected (MfcOutbox *self,
               GPtrArray *rejected)
{
  for (guint i = 0; i < rejected->len; i++)
    {
      MfcOutboxEntry *entry = rejected->pdata[i];

      g_signal_emit (self, signals[REJECTED], 0, entry->key, entry->kind, entry->error);
    }
}

/* A write whose dependency was rejected (or is gone) is rejected too; one
 * pass in id order reaches chains, since a dependant comes after its
 * dependency.  Adds the entries it changes to @changed. */
static void
cascade_rejections (MfcOutbox *self,
                    GPtrArray *changed)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      MfcOutboxEntry *entry = self->entries->pdata[i];
      MfcOutboxEntry *dependency;

      if (entry->state != MFC_OUTBOX_STATE_PENDING || entry->depends_on_id == 0 || entry->resolved)
        continue;

      dependency = find_by_id (self, entry->depends_on_id);
      if (dependency != NULL && dependency->state != MFC_OUTBOX_STATE_REJECTED)
        continue;

      g_debug ("%s %s: rejected with the write it depends on", entry->kind, key_for_log (entry));
      entry->state = MFC_OUTBOX_STATE_REJECTED;
      g_clear_error (&entry->error);
      entry->error = g_error_new_literal (MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_DEPENDENCY_REJECTED,
                                          _("Not sent: the earlier write it depends on was rejected."));
      g_ptr_array_add (changed, mfc_outbox_entry_ref (entry));
    }
}

/* Rejects @entry (and what depends on it): saved, counted, signalled. */
static void
reject (MfcOutbox      *self,
        MfcOutboxEntry *entry,
        GError         *error)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func ((GDestroyNotify) mfc_outbox_entry_unref);

  entry->state = MFC_OUTBOX_STATE_REJECTED;
  g_clear_error (&entry->error);
  entry->error = error;
  g_ptr_array_add (changed, mfc_outbox_entry_ref (entry));
  cascade_rejections (self, changed);

  push_updates (self, changed);
  update_state (self);
  emit_rejected (self, changed);
}

/* Fills the body of a dependant from its dependency's answer, once; the
 * result is saved so that every later attempt sends the same bytes. */
static gboolean
resolve (MfcOutbox      *self,
         MfcOutboxEntry *entry)
{
  MfcOutboxEntry *dependency = find_by_id (self, entry->depends_on_id);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  JsonObject *answer_object;

  g_assert (dependency != NULL && dependency->state == MFC_OUTBOX_STATE_SENT);

  answer = dependency->answer != NULL ? json_from_string (dependency->answer, NULL) : NULL;
  answer_object = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  body = entry->body != NULL ? json_from_string (entry->body, NULL) : NULL;
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      g_clear_pointer (&body, json_node_unref);
      body = json_node_init_object (json_node_alloc (), json_object_new ());
    }

  for (guint i = 0; i + 1 < entry->substitutions->len; i += 2)
    {
      const char *member = entry->substitutions->pdata[i];
      const char *answer_member = entry->substitutions->pdata[i + 1];
      JsonNode *value = answer_object != NULL ? lookup_member (answer_object, answer_member) : NULL;

      if (value == NULL)
        {
          g_debug ("%s %s: the earlier answer lacks a member to take", entry->kind, key_for_log (entry));
          reject (self, entry,
                  g_error_new (MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_SUBSTITUTION,
                               _("Not sent: the answer to the earlier write has no “%s”."),
                               answer_member));
          return FALSE;
        }
      set_member (json_node_get_object (body), member, value);
    }

  g_free (entry->body);
  entry->body = json_to_string (body, FALSE);
  entry->resolved = TRUE;

  changed = g_ptr_array_new ();
  g_ptr_array_add (changed, entry);
  push_updates (self, changed);

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Sending                                                             */

static void send_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data);

/* An upload's own copy of its file, once it is not needed any more. */
static void
remove_upload_file (MfcOutboxEntry *entry)
{
  g_autoptr(JsonNode) body = NULL;

  if (!g_str_equal (entry->kind, MFC_OUTBOX_KIND_UPLOAD) || entry->body == NULL)
    return;
  body = json_from_string (entry->body, NULL);
  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    {
      const char *path = json_object_get_string_member_with_default (json_node_get_object (body), "file", NULL);

      if (path != NULL && g_unlink (path) != 0 && errno != ENOENT)
        g_debug ("%s %s: cannot remove its file: %s", entry->kind, key_for_log (entry), g_strerror (errno));
    }
}

/* The one place that calls the service (or rejects @entry when its saved
 * address is damaged). */
static void
send_entry (MfcOutbox      *self,
            MfcOutboxEntry *entry)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(MfcQuery) query = NULL;

  /* The text mfc_query_to_string() made at enqueue, read back from the
   * file: checked again rather than trusted. */
  query = mfc_query_new_from_string (entry->path, NULL);
  if (query == NULL)
    {
      g_debug ("%s %s: the saved address is not a valid query", entry->kind, key_for_log (entry));
      reject (self, entry,
              g_error_new_literal (MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_INVALID,
                                   _("Not sent: the saved address of this write is damaged.")));
      return;
    }

  /* Always from the saved text, so that each attempt, in this run or
   * after a restart, sends the same bytes under the same key. */
  if (entry->body != NULL)
    body = json_from_string (entry->body, NULL);

  g_debug ("%s %s: sending (attempt %u)", entry->kind, key_for_log (entry), entry->attempts + 1);

  self->in_flight = mfc_outbox_entry_ref (entry);
  self->cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);

  if (g_str_equal (entry->kind, MFC_OUTBOX_KIND_UPLOAD) && body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    {
      JsonObject *upload = json_node_get_object (body);
      g_autoptr(GFile) file = g_file_new_for_path (json_object_get_string_member_with_default (upload, "file", ""));

      mfc_client_upload_file_async (self->client, query,
                                    json_object_get_string_member_with_default (upload, "title", NULL),
                                    json_object_get_string_member_with_default (upload, "filename", "document"),
                                    json_object_get_string_member_with_default (upload, "content_type",
                                                                                "application/octet-stream"),
                                    file, entry->key, NULL, NULL, NULL,
                                    self->cancellable, send_cb, g_object_ref (self));
      return;
    }

  mfc_client_request_full_async (self->client, entry->method, query, body,
                                 entry->if_match, entry->key, MFC_CLIENT_REQUEST_NONE,
                                 self->cancellable, send_cb, g_object_ref (self));
}

static MfcOutboxEntry *
next_to_send (MfcOutbox *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      MfcOutboxEntry *entry = self->entries->pdata[i];

      if (entry->state == MFC_OUTBOX_STATE_PENDING && is_current (self, entry))
        return entry;
    }

  return NULL;
}

static void
kick (MfcOutbox *self)
{
  MfcOutboxEntry *entry;

  /* Strict order within an owner: a write waits for every earlier one
   * (a dependency always comes earlier, so it is sent first).  The
   * conditions are checked on every turn: a ::rejected handler of
   * resolve() may have started a send already. */
  while (self->in_flight == NULL && self->retry_source == 0 && !self->paused &&
         !self->disposed && (entry = next_to_send (self)) != NULL)
    {
      if (entry->depends_on_id != 0 && !entry->resolved && !resolve (self, entry))
        continue;

      send_entry (self, entry);
    }
}

static void
cancel_retry (MfcOutbox *self)
{
  GSource *source;

  if (self->retry_source == 0)
    return;
  source = g_main_context_find_source_by_id (self->context, self->retry_source);
  if (source != NULL)
    g_source_destroy (source);
  self->retry_source = 0;
}

static gboolean
retry_cb (gpointer user_data)
{
  MfcOutbox *self = user_data;

  self->retry_source = 0;
  kick (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (MfcOutbox *self,
                guint      retry_after_s)
{
  guint exponent = MIN (self->failures - 1, 20);
  guint64 delay_ms = MIN ((guint64) self->retry_base_ms << exponent, self->retry_max_ms);
  GSource *source;

  /* Jitter, so that a room of desktops coming back online does not
   * resend in step. */
  delay_ms += g_random_int_range (0, (gint32) MIN (delay_ms / 2 + 1, G_MAXINT32));
  if (retry_after_s > 0)
    delay_ms = MAX (delay_ms, MIN ((guint64) retry_after_s * 1000, MAX_RETRY_AFTER_MS));

  g_debug ("retrying in %" G_GUINT64_FORMAT " ms (%u failures in a row)", delay_ms, self->failures);
  source = g_timeout_source_new ((guint) delay_ms);
  g_source_set_callback (source, retry_cb, self, NULL);
  self->retry_source = g_source_attach (source, self->context);
  g_source_unref (source);
}

static void
mark_sent (MfcOutbox         *self,
           MfcOutboxEntry    *entry,
           MfcClientResponse *response)
{
  JsonNode *root = mfc_client_response_get_root (response);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();

  g_debug ("%s %s: sent, status %u%s", entry->kind, key_for_log (entry),
           mfc_client_response_get_status (response),
           mfc_client_response_get_replayed (response) ? " (replayed)" : "");

  entry->state = MFC_OUTBOX_STATE_SENT;
  entry->attempts++;
  entry->sent_at = g_get_real_time () / G_USEC_PER_SEC;
  g_clear_pointer (&entry->last_error, g_free);
  /* Nothing needs the body any more. */
  g_clear_pointer (&entry->body, g_free);
  mfc_outbox_entry_take_answer (entry, root != NULL ? json_to_string (root, FALSE) : NULL);

  g_ptr_array_add (changed, entry);
  push_updates (self, changed);

  self->failures = 0;
  set_online (self, TRUE, NULL);
  update_state (self);

  g_signal_emit (self, signals[SENT], 0, entry->key, entry->kind,
                 mfc_client_response_get_object (response));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MfcOutbox) self = user_data;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(MfcOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  GError *error = NULL;

  response = mfc_client_request_finish (MFC_CLIENT (object), result, &error);

  entry = g_steal_pointer (&self->in_flight);
  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDING]);

  if (self->disposed)
    {
      g_clear_error (&error);
      return;
    }

  /* The outbox moved to another file meanwhile: this entry's row is in
   * the old one, and the next time that file is used it is sent again
   * with the same key (the service replays the answer). */
  if (!g_ptr_array_find (self->entries, entry, NULL))
    {
      g_clear_error (&error);
      kick (self);
      return;
    }

  if (response != NULL)
    {
      remove_upload_file (entry);
      mark_sent (self, entry, response);
      kick (self);
      return;
    }

  /* An upload whose file is gone: nothing to send, ever. */
  if (error->domain != MFC_CLIENT_ERROR)
    {
      GError *refused = g_error_new (MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_INVALID,
                                     _("Not sent: its file cannot be read (%s)."), error->message);

      g_error_free (error);
      entry->attempts++;
      reject (self, entry, refused);
      return;
    }

  g_debug ("%s %s: not sent, status %u", entry->kind, key_for_log (entry),
           mfc_client_error_get_status (error));

  switch (error->code)
    {
    case MFC_CLIENT_ERROR_CANCELLED:
      /* The owner, token or address changed: it waits for its owner. */
      g_error_free (error);
      break;

    case MFC_CLIENT_ERROR_UNAUTHORIZED:
      /* The session is gone.  Not the write's fault: no attempt counted;
       * sending resumes when the owner is set again after a login. */
      self->refused = TRUE;
      self->blocked = TRUE;
      set_online (self, TRUE, error->message);
      g_error_free (error);
      update_state (self);
      break;

    case MFC_CLIENT_ERROR_NETWORK:
    case MFC_CLIENT_ERROR_TIMEOUT:
    case MFC_CLIENT_ERROR_TLS:
    case MFC_CLIENT_ERROR_SERVER:
    case MFC_CLIENT_ERROR_PROTOCOL:
      /* Maybe done, maybe not: the same key again later tells. */
      entry->attempts++;
      g_free (entry->last_error);
      entry->last_error = g_strdup (error->message);
      changed = g_ptr_array_new ();
      g_ptr_array_add (changed, entry);
      push_updates (self, changed);

      self->failures++;
      set_online (self, error->code == MFC_CLIENT_ERROR_PROTOCOL, error->message);
      schedule_retry (self, mfc_client_error_get_retry_after (error));
      g_error_free (error);
      break;

    default:
      /* Any other 4xx: the service refused this write. */
      entry->attempts++;
      g_clear_pointer (&entry->last_error, g_free);
      self->failures = 0;
      set_online (self, TRUE, NULL);
      reject (self, entry, error);
      break;
    }

  kick (self);
}

static void
stop_sending (MfcOutbox *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* Callbacks */

/* A SHA-256 of the client's token, or NULL without one */
static char *
token_digest (MfcOutbox *self)
{
  const char *token = mfc_client_get_token (self->client);

  if (token == NULL || token[0] == '\0')
    return NULL;
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* Whether the client carries the session the owner was set with */
static gboolean
client_is_owners (MfcOutbox *self)
{
  g_autofree char *digest = token_digest (self);

  return self->owner_token_digest != NULL &&
         g_strcmp0 (digest, self->owner_token_digest) == 0 &&
         g_strcmp0 (mfc_client_get_base_url (self->client), self->owner_base_url) == 0;
}

static void
client_changed_cb (MfcOutbox  *self,
                   GParamSpec *pspec,
                   MfcClient  *client)
{
  /* A request in flight, or MfcClient's own retry of it, would carry the
   * new token or go to the new address: stop, and wait until the
   * application says whose the session now is — or until the client is
   * back to the owner's very session (the same address and token). */
  stop_sending (self);
  self->blocked = self->refused || !client_is_owners (self);
  update_state (self);
  if (!self->blocked)
    mfc_outbox_flush (self);
}

/* The session says whose the client's token is. */
static void
follow_session (MfcOutbox *self)
{
  MfcSessionState state = mfc_session_get_state (self->session);

  if (state == MFC_SESSION_LOGGED_IN)
    mfc_outbox_set_owner (self, mfc_client_get_base_url (self->client),
                          mfc_session_get_login (self->session));
  else if (state == MFC_SESSION_LOGGED_OUT)
    mfc_outbox_set_owner (self, NULL, NULL);
  /* Locked: the clerk is away, their writes still go out. */
}

static void
session_state_cb (MfcOutbox  *self,
                  GParamSpec *pspec,
                  MfcSession *session)
{
  follow_session (self);
}

/* A new token while logged in (a login again after a 401) is the same
 * session's: MfcSession sets the login before the token.  Connected after
 * client_changed_cb, so it runs after the pause it lifts. */
static void
session_token_cb (MfcOutbox  *self,
                  GParamSpec *pspec,
                  MfcClient  *client)
{
  if (mfc_session_get_state (self->session) == MFC_SESSION_LOGGED_IN)
    follow_session (self);
}

static void
enqueue_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  MfcOutbox *self = MFC_OUTBOX (object);
  g_autoptr(GTask) task = user_data;
  MfcOutboxJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func ((GDestroyNotify) mfc_outbox_entry_unref);
  GError *error = NULL;
  MfcOutboxEntry *entry;
  guint position;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Committed to the file the outbox used when it was queued, and sent
   * when that file is used again; it does not join another file's cache. */
  if (job->generation != self->generation)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  entry = mfc_outbox_entry_ref (job->insert);
  g_debug ("%s %s: queued", entry->kind, key_for_log (entry));

  /* Jobs complete in order, so this is nearly always the end. */
  position = self->entries->len;
  while (position > 0 && ((MfcOutboxEntry *) self->entries->pdata[position - 1])->id > entry->id)
    position--;
  g_ptr_array_insert (self->entries, position, entry);

  cascade_rejections (self, changed);
  push_updates (self, changed);
  update_state (self);

  g_task_return_boolean (task, TRUE);

  emit_rejected (self, changed);
  kick (self);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* dispose/finalize */

static void
mfc_outbox_dispose (GObject *object)
{
  MfcOutbox *self = MFC_OUTBOX (object);

  self->disposed = TRUE;
  stop_sending (self);
  cancel_retry (self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mfc_outbox_parent_class)->dispose (object);
}

static void
mfc_outbox_finalize (GObject *object)
{
  MfcOutbox *self = MFC_OUTBOX (object);

  /* Every job holds a reference, so the worker is idle by now. */
  g_clear_pointer (&self->store, mfc_outbox_store_free);
  g_clear_error (&self->storage_error);

  g_clear_object (&self->client);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->in_flight, mfc_outbox_entry_unref);
  g_free (self->path);
  g_free (self->owner_server);
  g_free (self->owner_login);
  g_free (self->owner_base_url);
  g_free (self->owner_token_digest);
  g_free (self->last_error);

  G_OBJECT_CLASS (mfc_outbox_parent_class)->finalize (object);
}

static void
mfc_outbox_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MfcOutbox *self = MFC_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_N_PENDING:
      g_value_set_uint (value, self->n_pending);
      break;

    case PROP_N_REJECTED:
      g_value_set_uint (value, self->n_rejected);
      break;

    case PROP_SENDING:
      g_value_set_boolean (value, self->in_flight != NULL);
      break;

    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_outbox_class_init (MfcOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mfc_outbox_dispose;
  object_class->finalize = mfc_outbox_finalize;
  object_class->get_property = mfc_outbox_get_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         MFC_TYPE_CLIENT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MfcOutbox:n-pending:
   *
   * Writes of the current owner waiting to be sent (the header's
   * «3 записи ждут отправки»).
   */
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MfcOutbox:n-rejected:
   *
   * Writes of the current owner the service refused; see mfc_outbox_list().
   */
  properties[PROP_N_REJECTED] =
    g_param_spec_uint ("n-rejected", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MfcOutbox:sending:
   *
   * A write is on its way now.
   */
  properties[PROP_SENDING] =
    g_param_spec_boolean ("sending", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MfcOutbox:online:
   *
   * %FALSE after the service could not be reached (network, timeout, TLS,
   * 5xx, 429) until it answers again; %TRUE before the first attempt.
   */
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MfcOutbox:paused:
   *
   * Nothing is sent: nobody is logged in, the session ended (401), or
   * the client's token or address changed since mfc_outbox_set_owner().
   */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MfcOutbox:last-error:
   *
   * Why the last attempt failed, a translated sentence; %NULL after a
   * write went through.
   */
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcOutbox::sent:
   * @key: the write's Idempotency-Key
   * @kind: its kind, e.g. "ticket.create"
   * @answer: (nullable): the service's answer (%NULL for a 204)
   *
   * A write went through (or had gone through before: a replayed answer).
   */
  signals[SENT] =
    g_signal_new ("sent",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, JSON_TYPE_OBJECT);

  /**
   * MfcOutbox::rejected:
   * @key: the write's Idempotency-Key
   * @kind: its kind
   * @error: why: an #MFC_CLIENT_ERROR with the server's code, message and
   *   field messages, or an #MFC_OUTBOX_ERROR for a dependant
   *
   * The service refused a write; it stays in the queue until the clerk
   * retries or discards it.
   */
  signals[REJECTED] =
    g_signal_new ("rejected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_ERROR);
}

static void
mfc_outbox_init (MfcOutbox *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mfc_outbox_entry_unref);
  self->retry_base_ms = DEFAULT_RETRY_BASE_MS;
  self->retry_max_ms = DEFAULT_RETRY_MAX_MS;
  self->online = TRUE;
  self->paused = TRUE;
}

/* ------------------------------------------------------------------ */
/* Public API: the outbox                                              */

/**
 * mfc_outbox_new:
 * @client: the client to send with
 * @path: the queue's file, e.g. $XDG_DATA_HOME/mfc-desk/outbox.sqlite;
 *   created (with its folder) private to the user
 *
 * Opens (or creates, or upgrades) the queue and reads it; this one call
 * touches the disk on the calling thread.  Nothing is sent before
 * mfc_outbox_set_owner().
 *
 * Returns: (transfer full) (nullable): the outbox, or %NULL with @error
 *   set in #MFC_OUTBOX_ERROR
 */
MfcOutbox *
mfc_outbox_new (MfcClient   *client,
                const char  *path,
                GError     **error)
{
  g_autoptr(MfcOutbox) self = NULL;

  g_return_val_if_fail (MFC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (MFC_TYPE_OUTBOX, NULL);
  self->client = g_object_ref (client);
  self->context = g_main_context_ref_thread_default ();
  self->path = g_strdup (path);

  self->store = mfc_outbox_store_open (path, self->entries, error);
  if (self->store == NULL)
    return NULL;

  g_signal_connect_object (client, "notify::token", G_CALLBACK (client_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::base-url", G_CALLBACK (client_changed_cb),
                           self, G_CONNECT_SWAPPED);

  update_state (self);

  return g_steal_pointer (&self);
}

/**
 * mfc_outbox_new_unavailable:
 * @client: the client it would send with
 * @path: the file that could not be opened
 * @error: why, as mfc_outbox_new() said it (an #MFC_OUTBOX_ERROR_STORAGE)
 *
 * An outbox without a file, for an application that must go on when the
 * queue cannot be opened (a read-only home folder, a file of a newer
 * version): it holds nothing, and every enqueue fails at once with
 * @error, so a feature tells the clerk the write was not kept instead of
 * pretending it was.
 *
 * Returns: (transfer full): the outbox
 */
MfcOutbox *
mfc_outbox_new_unavailable (MfcClient    *client,
                            const char   *path,
                            const GError *error)
{
  MfcOutbox *self;

  g_return_val_if_fail (MFC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error != NULL, NULL);

  self = g_object_new (MFC_TYPE_OUTBOX, NULL);
  self->client = g_object_ref (client);
  self->context = g_main_context_ref_thread_default ();
  self->path = g_strdup (path);
  self->storage_error = g_error_copy (error);

  return self;
}

/**
 * mfc_outbox_get_storage_error:
 *
 * Returns: (nullable): why the outbox has no file
 *   (mfc_outbox_new_unavailable()), or %NULL when it works
 */
/**
 * mfc_outbox_switch_file:
 * @path: another queue file, opened (or created) as mfc_outbox_new() does
 *
 * Makes the outbox use @path from now on, in place of its file: the
 * writes of the old file stay there, unsent and unseen, until the outbox
 * uses it again; the counts, lists and sending follow the new file.
 * Training mode keeps its writes in a file of its own this way, deleted
 * with the training data, so that no training write is ever in the real
 * service's queue and no real write is ever sent to a training server.
 *
 * A request in flight is cancelled (its row stays in the old file); an
 * enqueue not yet committed lands in the old file.  When @path cannot be
 * opened the outbox becomes unavailable (as mfc_outbox_new_unavailable())
 * rather than go on with the old file, and %FALSE is returned.
 */
gboolean
mfc_outbox_switch_file (MfcOutbox   *self,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) local_error = NULL;
  MfcOutboxStore *store;

  g_return_val_if_fail (MFC_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_strcmp0 (path, self->path) == 0 && self->store != NULL)
    return TRUE;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mfc_outbox_entry_unref);
  store = mfc_outbox_store_open (path, entries, &local_error);

  stop_sending (self);
  cancel_retry (self);
  /* Waits for the jobs pushed to the old file. */
  g_clear_pointer (&self->store, mfc_outbox_store_free);
  g_clear_error (&self->storage_error);
  g_ptr_array_unref (self->entries);
  self->entries = g_steal_pointer (&entries);
  g_free (self->path);
  self->path = g_strdup (path);
  self->generation++;
  self->failures = 0;
  self->store = store;
  if (store == NULL)
    {
      g_message ("The outbox is unavailable: %s", local_error->message);
      self->storage_error = g_error_copy (local_error);
      g_ptr_array_set_size (self->entries, 0);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  update_state (self);
  kick (self);

  if (store == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

const GError *
mfc_outbox_get_storage_error (MfcOutbox *self)
{
  g_return_val_if_fail (MFC_IS_OUTBOX (self), NULL);

  return self->storage_error;
}

const char *
mfc_outbox_get_path (MfcOutbox *self)
{
  g_return_val_if_fail (MFC_IS_OUTBOX (self), NULL);

  return self->path;
}

MfcClient *
mfc_outbox_get_client (MfcOutbox *self)
{
  g_return_val_if_fail (MFC_IS_OUTBOX (self), NULL);

  return self->client;
}

/**
 * mfc_outbox_set_owner:
 * @server: (nullable): the service's base URL the clerk logged in to
 *   (mfc_client_get_base_url()), %NULL at logout
 * @login: (nullable): the clerk's login, %NULL at logout
 *
 * Says whose session the client now carries.  Call it after every
 * successful login or unlock (also for the same clerk: it lifts the pause
 * of a 401 or a new token) and with %NULL at logout.  Only writes queued
 * under this owner are sent, and only while the client's address is
 * @server.  Retries at once, without the back-off wait.
 */
void
mfc_outbox_set_owner (MfcOutbox  *self,
                      const char *server,
                      const char *login)
{
  g_autofree char *normalized = NULL;

  g_return_if_fail (MFC_IS_OUTBOX (self));
  g_return_if_fail ((server == NULL) == (login == NULL));

  normalized = normalize_server (server);
  if (g_strcmp0 (normalized, self->owner_server) != 0 || g_strcmp0 (login, self->owner_login) != 0)
    {
      stop_sending (self);
      g_free (self->owner_server);
      self->owner_server = g_steal_pointer (&normalized);
      g_free (self->owner_login);
      self->owner_login = g_strdup (login);
    }

  g_free (self->owner_base_url);
  self->owner_base_url = g_strdup (mfc_client_get_base_url (self->client));
  g_free (self->owner_token_digest);
  self->owner_token_digest = token_digest (self);
  self->refused = FALSE;
  self->blocked = FALSE;
  update_state (self);
  mfc_outbox_flush (self);
}

/**
 * mfc_outbox_follow_session:
 * @session: the clerk's session; it must use the outbox's client
 *
 * Sets the owner from @session from now on, so that the application need
 * not call mfc_outbox_set_owner() itself: logged in → its base URL and
 * login (again after every login or unlock), logged out → nobody (a
 * locked session keeps its owner).
 */
void
mfc_outbox_follow_session (MfcOutbox  *self,
                           MfcSession *session)
{
  g_return_if_fail (MFC_IS_OUTBOX (self));
  g_return_if_fail (MFC_IS_SESSION (session));
  g_return_if_fail (mfc_session_get_client (session) == self->client);
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "notify::token", G_CALLBACK (session_token_cb),
                           self, G_CONNECT_SWAPPED);
  follow_session (self);
}

guint
mfc_outbox_get_n_pending (MfcOutbox *self)
{
  g_return_val_if_fail (MFC_IS_OUTBOX (self), 0);

  return self->n_pending;
}

guint
mfc_outbox_get_n_rejected (MfcOutbox *self)
{
  g_return_val_if_fail (MFC_IS_OUTBOX (self), 0);

  return self->n_rejected;
}

gboolean
mfc_outbox_get_sending (MfcOutbox *self)
{
  g_return_val_if_fail (MFC_IS_OUTBOX (self), FALSE);

  return self->in_flight != NULL;
}

gboolean
mfc_outbox_get_online (MfcOutbox *self)
{
  g_return_val_if_fail (MFC_IS_OUTBOX (self), FALSE);

  return self->online;
}

gboolean
mfc_outbox_get_paused (MfcOutbox *self)
{
  g_return_val_if_fail (MFC_IS_OUTBOX (self), TRUE);

  return self->paused;
}

const char *
mfc_outbox_get_last_error (MfcOutbox *self)
{
  g_return_val_if_fail (MFC_IS_OUTBOX (self), NULL);

  return self->last_error;
}

/**
 * mfc_outbox_get_n_unsent_for_owner:
 *
 * Returns: how many writes of this owner are pending or rejected: what a
 *   logout would leave behind (ask the clerk first when not 0)
 */
guint
mfc_outbox_get_n_unsent_for_owner (MfcOutbox  *self,
                                   const char *server,
                                   const char *login)
{
  g_autofree char *normalized = NULL;
  guint n = 0;

  g_return_val_if_fail (MFC_IS_OUTBOX (self), 0);
  g_return_val_if_fail (server != NULL, 0);
  g_return_val_if_fail (login != NULL, 0);

  normalized = normalize_server (server);
  for (guint i = 0; i < self->entries->len; i++)
    {
      MfcOutboxEntry *entry = self->entries->pdata[i];

      if (entry->state != MFC_OUTBOX_STATE_SENT && owned_by (entry, normalized, login))
        n++;
    }

  return n;
}

/**
 * mfc_outbox_set_retry_delay:
 * @base_ms: the first back-off delay (1 s by default), doubled per failure
 * @max_ms: the longest delay before jitter (5 min by default)
 *
 * A Retry-After from the service lengthens a delay (up to an hour).
 */
void
mfc_outbox_set_retry_delay (MfcOutbox *self,
                            guint      base_ms,
                            guint      max_ms)
{
  g_return_if_fail (MFC_IS_OUTBOX (self));
  g_return_if_fail (base_ms > 0 && base_ms <= max_ms);

  self->retry_base_ms = base_ms;
  self->retry_max_ms = max_ms;
}

/**
 * mfc_outbox_enqueue_async:
 * @entry: the write; copied, so later changes to it do not matter
 *
 * Queues the write under the current owner.  Finishes once it is
 * committed to the disk (a crash from then on cannot lose it), and
 * cannot be cancelled.  Sending starts by itself.
 */
void
mfc_outbox_enqueue_async (MfcOutbox           *self,
                          MfcOutboxEntry      *entry,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MfcOutboxJob *job;

  g_return_if_fail (MFC_IS_OUTBOX (self));
  g_return_if_fail (entry != NULL);
  g_return_if_fail (entry->id == 0);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, mfc_outbox_enqueue_async);

  if (self->storage_error != NULL)
    {
      g_task_return_error (task, g_error_copy (self->storage_error));
      return;
    }
  if (self->owner_server == NULL)
    {
      g_task_return_new_error (task, MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_NO_OWNER,
                               "%s", _("Nobody is logged in: the write cannot be queued."));
      return;
    }

  job = mfc_outbox_job_new ();
  job->insert = mfc_outbox_entry_copy (entry);
  job->insert->state = MFC_OUTBOX_STATE_PENDING;
  job->insert->owner_server = g_strdup (self->owner_server);
  job->insert->owner_login = g_strdup (self->owner_login);
  job->insert->created_at = g_get_real_time () / G_USEC_PER_SEC;
  job->generation = self->generation;
  push_job (self, job, enqueue_done_cb, g_steal_pointer (&task));
}

/**
 * mfc_outbox_enqueue_finish:
 *
 * Returns: %TRUE when the write is queued; %FALSE with @error
 *   (%MFC_OUTBOX_ERROR_NO_OWNER, _INVALID or _STORAGE) when not
 */
gboolean
mfc_outbox_enqueue_finish (MfcOutbox     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (MFC_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mfc_outbox_enqueue_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mfc_outbox_list:
 *
 * Returns: (transfer container) (element-type MfcOutboxEntry): snapshots
 *   of the current owner's entries in @state, oldest first (empty when
 *   nobody is logged in)
 */
GPtrArray *
mfc_outbox_list (MfcOutbox      *self,
                 MfcOutboxState  state)
{
  GPtrArray *list;

  g_return_val_if_fail (MFC_IS_OUTBOX (self), NULL);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) mfc_outbox_entry_unref);
  for (guint i = 0; i < self->entries->len; i++)
    {
      MfcOutboxEntry *entry = self->entries->pdata[i];

      if (entry->state == state && is_current (self, entry))
        g_ptr_array_add (list, snapshot (self, entry));
    }

  return list;
}

/**
 * mfc_outbox_lookup:
 * @key: a key from mfc_outbox_entry_get_key() or a signal
 *
 * Whatever its owner: a feature finds the answer of a write it queued
 * before a restart (the number of a ticket).
 *
 * Returns: (transfer full) (nullable): a snapshot of the entry
 */
MfcOutboxEntry *
mfc_outbox_lookup (MfcOutbox  *self,
                   const char *key)
{
  MfcOutboxEntry *entry;

  g_return_val_if_fail (MFC_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  entry = find_by_key (self, key);

  return entry != NULL ? snapshot (self, entry) : NULL;
}

static MfcOutboxEntry *
find_rejected (MfcOutbox   *self,
               const char  *key,
               GError     **error)
{
  MfcOutboxEntry *entry = find_by_key (self, key);

  if (entry == NULL || entry->state != MFC_OUTBOX_STATE_REJECTED)
    {
      g_set_error_literal (error, MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_NOT_FOUND,
                           _("This write is not among the rejected ones."));
      return NULL;
    }

  return entry;
}

/**
 * mfc_outbox_discard:
 * @key: a rejected write's key
 *
 * Drops a rejected write, and the writes rejected because they depend on
 * it.  Only rejected writes can be dropped: a pending one may be on its
 * way already.
 *
 * Returns: %FALSE with %MFC_OUTBOX_ERROR_NOT_FOUND when @key is not a
 *   rejected write
 */
gboolean
mfc_outbox_discard (MfcOutbox   *self,
                    const char  *key,
                    GError     **error)
{
  g_autoptr(GArray) gone = NULL;
  MfcOutboxEntry *entry;
  MfcOutboxJob *job;

  g_return_val_if_fail (MFC_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  entry = find_rejected (self, key, error);
  if (entry == NULL)
    return FALSE;

  g_debug ("%s %s: discarded", entry->kind, key_for_log (entry));

  /* Dependants come later in id order, so one pass finds chains. */
  gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (gone, entry->id);
  for (guint i = 0; i < self->entries->len; i++)
    {
      MfcOutboxEntry *other = self->entries->pdata[i];

      if (other->state == MFC_OUTBOX_STATE_SENT || other->depends_on_id == 0)
        continue;
      for (guint j = 0; j < gone->len; j++)
        if (other->depends_on_id == g_array_index (gone, gint64, j))
          {
            g_array_append_val (gone, other->id);
            break;
          }
    }

  job = mfc_outbox_job_new ();
  for (guint j = 0; j < gone->len; j++)
    {
      gint64 id = g_array_index (gone, gint64, j);

      remove_upload_file (find_by_id (self, id));

      g_array_append_val (job->deletes, id);
      g_ptr_array_remove (self->entries, find_by_id (self, id));
    }
  push_job (self, job, NULL, NULL);
  update_state (self);

  return TRUE;
}

/**
 * mfc_outbox_retry:
 * @key: a rejected write's key
 * @body: (nullable): the corrected body, or %NULL to send the same again
 *
 * Puts a rejected write back in the queue, at its old place in the order,
 * together with the writes rejected because they depend on it.  A
 * changed body gets a new Idempotency-Key (see mfc-outbox.h).
 *
 * Returns: (transfer full) (nullable): the write's key from now on, or
 *   %NULL with %MFC_OUTBOX_ERROR_NOT_FOUND
 */
char *
mfc_outbox_retry (MfcOutbox   *self,
                  const char  *key,
                  JsonNode    *body,
                  GError     **error)
{
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  MfcOutboxEntry *entry;

  g_return_val_if_fail (MFC_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  entry = find_rejected (self, key, error);
  if (entry == NULL)
    return NULL;

  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);

      if (g_strcmp0 (text, entry->body) != 0)
        {
          g_free (entry->body);
          entry->body = g_steal_pointer (&text);
          g_free (entry->key);
          entry->key = g_uuid_string_random ();
        }
    }

  g_debug ("%s %s: back in the queue", entry->kind, key_for_log (entry));
  entry->state = MFC_OUTBOX_STATE_PENDING;
  g_clear_error (&entry->error);

  changed = g_ptr_array_new_with_free_func ((GDestroyNotify) mfc_outbox_entry_unref);
  g_ptr_array_add (changed, mfc_outbox_entry_ref (entry));
  for (guint i = 0; i < self->entries->len; i++)
    {
      MfcOutboxEntry *other = self->entries->pdata[i];
      MfcOutboxEntry *dependency;

      if (other->state != MFC_OUTBOX_STATE_REJECTED || !error_is_dependency (other->error))
        continue;
      dependency = find_by_id (self, other->depends_on_id);
      if (dependency != NULL && dependency->state == MFC_OUTBOX_STATE_PENDING)
        {
          other->state = MFC_OUTBOX_STATE_PENDING;
          g_clear_error (&other->error);
          g_ptr_array_add (changed, mfc_outbox_entry_ref (other));
        }
    }

  /* A write whose own dependency is still rejected goes straight back. */
  rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) mfc_outbox_entry_unref);
  cascade_rejections (self, rejected);
  for (guint i = 0; i < rejected->len; i++)
    g_ptr_array_add (changed, mfc_outbox_entry_ref (rejected->pdata[i]));

  push_updates (self, changed);
  update_state (self);
  emit_rejected (self, rejected);
  mfc_outbox_flush (self);

  return g_strdup (entry->key);
}

/**
 * mfc_outbox_flush:
 *
 * Tries the next write now instead of at the end of the back-off wait
 * (a «Отправить сейчас» button; the network came back).
 */
void
mfc_outbox_flush (MfcOutbox *self)
{
  g_return_if_fail (MFC_IS_OUTBOX (self));

  cancel_retry (self);
  self->failures = 0;
  kick (self);
}

/**
 * mfc_outbox_wipe_personal:
 *
 * For logout: erases the sent writes that hold personal data (any
 * owner's), from the file too (secure_delete, and the WAL file emptied).
 * The answer of one that a waiting write still depends on is cut down to
 * the members that write will take.  Unsent writes are kept: ask first
 * with mfc_outbox_get_n_unsent_for_owner().  Runs on the worker;
 * mfc_outbox_sync_async() tells when it is on the disk.
 */
void
mfc_outbox_wipe_personal (MfcOutbox *self)
{
  MfcOutboxJob *job;

  g_return_if_fail (MFC_IS_OUTBOX (self));

  job = mfc_outbox_job_new ();
  job->checkpoint = TRUE;

  for (guint i = 0; i < self->entries->len;)
    {
      MfcOutboxEntry *entry = self->entries->pdata[i];

      if (entry->state != MFC_OUTBOX_STATE_SENT || !entry->personal)
        {
          i++;
          continue;
        }

      if (answer_needed (self, entry))
        {
          g_autoptr(JsonNode) answer = entry->answer != NULL ? json_from_string (entry->answer, NULL) : NULL;
          g_autoptr(JsonNode) kept = json_node_init_object (json_node_alloc (), json_object_new ());

          for (guint j = 0; answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) && j < self->entries->len; j++)
            {
              MfcOutboxEntry *other = self->entries->pdata[j];

              if (other->depends_on_id != entry->id || other->resolved)
                continue;
              for (guint k = 0; k + 1 < other->substitutions->len; k += 2)
                {
                  const char *member = other->substitutions->pdata[k + 1];
                  JsonNode *value = lookup_member (json_node_get_object (answer), member);

                  if (value != NULL)
                    set_member (json_node_get_object (kept), member, value);
                }
            }

          mfc_outbox_entry_take_answer (entry, json_to_string (kept, FALSE));
          g_clear_pointer (&entry->body, g_free);
          mfc_outbox_job_update (job, entry);
          i++;
        }
      else
        {
          g_array_append_val (job->deletes, entry->id);
          g_ptr_array_remove_index (self->entries, i);
        }
    }

  g_debug ("wiping personal data: %u erased, %u cut down", job->deletes->len, job->updates->len);
  push_job (self, job, NULL, NULL);
}

/**
 * mfc_outbox_sync_async:
 *
 * Finishes when every change made so far is on the disk (at shutdown,
 * after mfc_outbox_wipe_personal(), in tests).
 */
void
mfc_outbox_sync_async (MfcOutbox           *self,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MFC_IS_OUTBOX (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, mfc_outbox_sync_async);
  push_job (self, mfc_outbox_job_new (), sync_done_cb, task);
}

gboolean
mfc_outbox_sync_finish (MfcOutbox     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (MFC_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mfc_outbox_sync_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
