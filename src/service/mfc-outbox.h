/* mfc-outbox.h — the persistent queue of writes to the central service.
 *
 * A feature that must not lose a write (an application at intake, a
 * comment, a booking) hands it to the outbox instead of calling MfcClient
 * itself.  The outbox commits it to an SQLite file (mode 0600, WAL,
 * synchronous=FULL) before it says "queued", gives it an Idempotency-Key
 * that never changes (across retries and restarts), and sends the queue
 * in order whenever the service is reachable:
 *
 *  - 2xx (also a replayed answer)      → sent; ::sent with the answer
 *  - network error, timeout, 408, 429, 5xx, broken answer
 *                                      → kept; retried with back-off
 *                                        (exponential, jitter, capped,
 *                                        at least the Retry-After)
 *  - 401                               → kept; the outbox pauses until
 *                                        mfc_outbox_set_owner() is called
 *                                        again after a new login
 *  - any other 4xx                     → rejected: kept with the server's
 *                                        reason, ::rejected; later writes
 *                                        go on.  The clerk fixes it
 *                                        (mfc_outbox_retry()) or drops it
 *                                        (mfc_outbox_discard()); it is
 *                                        never dropped silently.
 *
 * Owners.  Every write belongs to the owner it was queued under (the
 * service's base URL and the clerk's login) and is sent only while that
 * owner is the current one, so a write queued by one clerk never travels
 * with another clerk's token.  The current owner follows the clerk's
 * MfcSession (mfc_outbox_follow_session()), or is set by hand after every
 * login (mfc_outbox_set_owner()) and cleared at logout; a change of the
 * client's token or address pauses sending until the owner is confirmed
 * again.
 *
 * Dependent writes.  A write can depend on an earlier one (by its key)
 * and take members of the earlier one's answer into its body, e.g. a
 * ticket's `applicant_id` := the `id` of the applicant created before it.
 * It is sent only after the earlier one; when the earlier one is
 * rejected, it is rejected too (MFC_OUTBOX_ERROR_DEPENDENCY_REJECTED) and
 * comes back to pending when the earlier one is retried.
 *
 * Keys and a changed body.  Retrying a rejected write with the same body
 * keeps its key.  A changed body gets a new key: a key names one request,
 * and a server that remembered the first answer under the old key would
 * otherwise replay it (or answer idempotency_conflict) instead of doing
 * the corrected write.  Writes that depend on it follow it by its entry,
 * not by the key, so they need no change.
 *
 * Sent writes keep their answer (the number of a new ticket) but not
 * their body, so that a feature can find it after a restart with
 * mfc_outbox_lookup(); they are pruned after 24 hours (the service's
 * keys expire then too), and mfc_outbox_wipe_personal() removes those
 * holding personal data at logout.
 *
 * Threads.  mfc_outbox_new() opens the file on the calling thread; after
 * that every disk write runs, in order, on one worker thread; state,
 * properties and signals live on the thread-default main context of
 * mfc_outbox_new().
 *
 * The outbox's own log lines hold only the kind, the first 8 characters
 * of the key and the status: never a body, a path or a token.  A
 * rejection's reason for the clerk is the server's own message
 * (mfc_client_error_get_server_message() on the ::rejected error, with
 * the field messages); the outbox's own reasons are translated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mfc-client.h"
#include "mfc-query.h"
#include "mfc-session.h"

G_BEGIN_DECLS

/* Uploads.  An entry of this kind (method POST, a documents path) sends a
 * file instead of a JSON body: its body describes the file,
 *   {"file": PATH, "filename": NAME, "content_type": TYPE, "title": TEXT?}
 * and the outbox streams PATH as the multipart part `file`
 * (mfc_client_upload_file_async()) under the entry's key.  PATH must be
 * the caller's own copy, kept where it survives a restart: the outbox
 * deletes it once the upload is sent or discarded.  A write that depends
 * on the upload takes the document's `id` from its answer. */
#define MFC_OUTBOX_KIND_UPLOAD "document.upload"

#define MFC_OUTBOX_ERROR (mfc_outbox_error_quark ())

typedef enum {
  MFC_OUTBOX_ERROR_STORAGE,              /* the file cannot be opened or written */
  MFC_OUTBOX_ERROR_NO_OWNER,             /* enqueue while nobody is logged in */
  MFC_OUTBOX_ERROR_NOT_FOUND,            /* no such entry, or not in the needed state */
  MFC_OUTBOX_ERROR_INVALID,              /* a bad entry: unknown dependency, another owner's */
  MFC_OUTBOX_ERROR_DEPENDENCY_REJECTED,  /* the write it depends on was rejected */
  MFC_OUTBOX_ERROR_SUBSTITUTION,         /* the earlier answer lacks a member to take */
} MfcOutboxError;

GQuark mfc_outbox_error_quark (void);

typedef enum {
  MFC_OUTBOX_STATE_PENDING,
  MFC_OUTBOX_STATE_REJECTED,
  MFC_OUTBOX_STATE_SENT,
} MfcOutboxState;

/* MfcOutboxEntry: one write.  Built by the caller and handed to
 * mfc_outbox_enqueue_async() (which copies it), or a snapshot returned by
 * mfc_outbox_list() and mfc_outbox_lookup(). */
#define MFC_TYPE_OUTBOX_ENTRY (mfc_outbox_entry_get_type ())

typedef struct _MfcOutboxEntry MfcOutboxEntry;

GType           mfc_outbox_entry_get_type          (void) G_GNUC_CONST;
MfcOutboxEntry *mfc_outbox_entry_new               (const char     *kind,
                                                    const char     *method,
                                                    MfcQuery       *query,
                                                    JsonNode       *body);
MfcOutboxEntry *mfc_outbox_entry_ref               (MfcOutboxEntry *self);
void            mfc_outbox_entry_unref             (MfcOutboxEntry *self);

void            mfc_outbox_entry_set_key           (MfcOutboxEntry *self,
                                                    const char     *key);
void            mfc_outbox_entry_set_if_match      (MfcOutboxEntry *self,
                                                    const char     *etag);
void            mfc_outbox_entry_set_personal      (MfcOutboxEntry *self,
                                                    gboolean        personal);
void            mfc_outbox_entry_set_depends_on    (MfcOutboxEntry *self,
                                                    const char     *key);
void            mfc_outbox_entry_add_substitution  (MfcOutboxEntry *self,
                                                    const char     *member,
                                                    const char     *answer_member);

const char     *mfc_outbox_entry_get_key           (MfcOutboxEntry *self);
const char     *mfc_outbox_entry_get_kind          (MfcOutboxEntry *self);
const char     *mfc_outbox_entry_get_method        (MfcOutboxEntry *self);
const char     *mfc_outbox_entry_get_path          (MfcOutboxEntry *self);
JsonNode       *mfc_outbox_entry_dup_body          (MfcOutboxEntry *self);
const char     *mfc_outbox_entry_get_if_match      (MfcOutboxEntry *self);
gboolean        mfc_outbox_entry_get_personal      (MfcOutboxEntry *self);
const char     *mfc_outbox_entry_get_depends_on    (MfcOutboxEntry *self);
MfcOutboxState  mfc_outbox_entry_get_state         (MfcOutboxEntry *self);
const char     *mfc_outbox_entry_get_owner_server  (MfcOutboxEntry *self);
const char     *mfc_outbox_entry_get_owner_login   (MfcOutboxEntry *self);
gint64          mfc_outbox_entry_get_created_at    (MfcOutboxEntry *self);
guint           mfc_outbox_entry_get_attempts      (MfcOutboxEntry *self);
const char     *mfc_outbox_entry_get_last_error    (MfcOutboxEntry *self);
const GError   *mfc_outbox_entry_get_error         (MfcOutboxEntry *self);
JsonObject     *mfc_outbox_entry_get_answer        (MfcOutboxEntry *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfcOutboxEntry, mfc_outbox_entry_unref)

/* MfcOutbox */
#define MFC_TYPE_OUTBOX (mfc_outbox_get_type ())
G_DECLARE_FINAL_TYPE (MfcOutbox, mfc_outbox, MFC, OUTBOX, GObject)

MfcOutbox      *mfc_outbox_new                     (MfcClient           *client,
                                                    const char          *path,
                                                    GError             **error);
MfcOutbox      *mfc_outbox_new_unavailable         (MfcClient           *client,
                                                    const char          *path,
                                                    const GError        *error);

const char     *mfc_outbox_get_path                (MfcOutbox           *self);
gboolean        mfc_outbox_switch_file             (MfcOutbox           *self,
                                                    const char          *path,
                                                    GError             **error);
const GError   *mfc_outbox_get_storage_error       (MfcOutbox           *self);
MfcClient      *mfc_outbox_get_client              (MfcOutbox           *self);
void            mfc_outbox_set_owner               (MfcOutbox           *self,
                                                    const char          *server,
                                                    const char          *login);
void            mfc_outbox_follow_session          (MfcOutbox           *self,
                                                    MfcSession          *session);
guint           mfc_outbox_get_n_pending           (MfcOutbox           *self);
guint           mfc_outbox_get_n_rejected          (MfcOutbox           *self);
gboolean        mfc_outbox_get_sending             (MfcOutbox           *self);
gboolean        mfc_outbox_get_online              (MfcOutbox           *self);
gboolean        mfc_outbox_get_paused              (MfcOutbox           *self);
const char     *mfc_outbox_get_last_error          (MfcOutbox           *self);
guint           mfc_outbox_get_n_unsent_for_owner  (MfcOutbox           *self,
                                                    const char          *server,
                                                    const char          *login);
void            mfc_outbox_set_retry_delay         (MfcOutbox           *self,
                                                    guint                base_ms,
                                                    guint                max_ms);

void            mfc_outbox_enqueue_async           (MfcOutbox           *self,
                                                    MfcOutboxEntry      *entry,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean        mfc_outbox_enqueue_finish          (MfcOutbox           *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

GPtrArray      *mfc_outbox_list                    (MfcOutbox           *self,
                                                    MfcOutboxState       state);
MfcOutboxEntry *mfc_outbox_lookup                  (MfcOutbox           *self,
                                                    const char          *key);
gboolean        mfc_outbox_discard                 (MfcOutbox           *self,
                                                    const char          *key,
                                                    GError             **error);
char           *mfc_outbox_retry                   (MfcOutbox           *self,
                                                    const char          *key,
                                                    JsonNode            *body,
                                                    GError             **error);
void            mfc_outbox_flush                   (MfcOutbox           *self);
void            mfc_outbox_wipe_personal           (MfcOutbox           *self);

void            mfc_outbox_sync_async              (MfcOutbox           *self,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean        mfc_outbox_sync_finish             (MfcOutbox           *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
