/* mfc-training-server.h — the training server: the central-service
 * contract (data/api/openapi.yaml) over SoupServer and SQLite, for
 * `mfc-desk --demo` (in-process, on its own thread: mfc-training-thread.h)
 * and for the `mfc-training-server` program that serves a classroom.
 * Not thread-safe: every call in the thread whose main context it
 * listens in (the server itself answers GETs on worker threads of its
 * own, see mfc-training-server.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MFC_TRAINING_SERVER_ERROR (mfc_training_server_error_quark ())
GQuark mfc_training_server_error_quark (void);

typedef enum {
  MFC_TRAINING_SERVER_ERROR_FAILED,
  MFC_TRAINING_SERVER_ERROR_ADDRESS,
  MFC_TRAINING_SERVER_ERROR_SEED,
} MfcTrainingServerError;

/* Pending connections the server accepts at once: a whole class. */
#define MFC_TRAINING_LISTEN_BACKLOG 128

#define MFC_TYPE_TRAINING_SERVER (mfc_training_server_get_type ())
G_DECLARE_FINAL_TYPE (MfcTrainingServer, mfc_training_server, MFC, TRAINING_SERVER, GObject)

MfcTrainingServer *mfc_training_server_new          (const char         *db_path,
                                                     GError            **error);
gboolean           mfc_training_server_seed         (MfcTrainingServer  *self,
                                                     const char         *seed,
                                                     GError            **error);
gboolean           mfc_training_server_reset        (MfcTrainingServer  *self,
                                                     GError            **error);
gboolean           mfc_training_server_listen       (MfcTrainingServer  *self,
                                                     const char         *address,
                                                     GError            **error);
const char        *mfc_training_server_get_base_url (MfcTrainingServer  *self);
void               mfc_training_server_stop         (MfcTrainingServer  *self);
gboolean           mfc_training_server_is_empty     (MfcTrainingServer  *self);
const char        *mfc_training_server_get_db_path  (MfcTrainingServer  *self);
const char        *mfc_training_server_get_seed_name (MfcTrainingServer *self);

/* For tests and rehearsals: a fixed "now" (Unix seconds), 0 for the real clock. */
void               mfc_training_server_set_fake_time (MfcTrainingServer *self,
                                                      gint64             unix_seconds);
/* Worker threads (and read-only connections) for GET requests; default 4,
 * 0 for none.  Before listen(). */
void               mfc_training_server_set_readers (MfcTrainingServer *self,
                                                    guint              n);
/* Seconds between office.load events; 0 stops them.  Default 15. */
void               mfc_training_server_set_load_interval (MfcTrainingServer *self,
                                                          guint              seconds);

G_END_DECLS
