/* mfc-outbox-private.h — what the outbox's files share: the entry's
 * fields and the store (the SQLite file and its worker thread).  Not for
 * features: they use mfc-outbox.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-outbox.h"

G_BEGIN_DECLS

struct _MfcOutboxEntry
{
  gatomicrefcount  ref_count;

  gint64           id;             /* the row; 0 before it is committed */
  char            *key;
  char            *kind;
  char            *method;
  char            *path;
  char            *body;           /* JSON text, NULL when none (or sent) */
  char            *if_match;
  gboolean         personal;
  char            *depends_on;     /* the key the caller named */
  gint64           depends_on_id;
  GPtrArray       *substitutions;  /* member, answer member, member, … */
  gboolean         resolved;       /* substitutions done, body final */
  MfcOutboxState   state;
  char            *owner_server;
  char            *owner_login;
  gint64           created_at;
  gint64           sent_at;
  guint            attempts;
  char            *last_error;
  GError          *error;          /* why it was rejected */
  char            *answer;         /* JSON text of the 2xx answer */
  JsonNode        *answer_node;    /* parsed on demand */
};

MfcOutboxEntry *mfc_outbox_entry_alloc       (void);
MfcOutboxEntry *mfc_outbox_entry_copy        (MfcOutboxEntry *entry);
void            mfc_outbox_entry_take_answer (MfcOutboxEntry *entry,
                                              char           *answer);

/* One transaction on the worker thread, from snapshots of entries. */
typedef struct
{
  MfcOutboxEntry *insert;         /* its id (and dependency's id) filled in */
  GPtrArray      *updates;        /* MfcOutboxEntry snapshots */
  GArray         *deletes;        /* gint64 row ids */
  gboolean        checkpoint;     /* empty the WAL file afterwards */
  guint           generation;     /* the file it was pushed for (enqueue only) */
} MfcOutboxJob;

MfcOutboxJob   *mfc_outbox_job_new           (void);
void            mfc_outbox_job_free          (gpointer        job);
void            mfc_outbox_job_update        (MfcOutboxJob   *job,
                                              MfcOutboxEntry *entry);

typedef struct _MfcOutboxStore MfcOutboxStore;

MfcOutboxStore *mfc_outbox_store_open        (const char     *path,
                                              GPtrArray      *entries,
                                              GError        **error);
void            mfc_outbox_store_push        (MfcOutboxStore *store,
                                              GTask          *task);
void            mfc_outbox_store_free        (MfcOutboxStore *store);

G_END_DECLS
