/* mfc-session.h — who is at the desk: login, the token in the keyring,
 * the idle lock, and what happens when the service forgets the session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-client.h"

G_BEGIN_DECLS

typedef enum {
  MFC_SESSION_LOGGED_OUT,
  MFC_SESSION_LOGGED_IN,
  MFC_SESSION_LOCKED,
} MfcSessionState;

#define MFC_TYPE_SESSION_STATE (mfc_session_state_get_type ())
GType mfc_session_state_get_type (void) G_GNUC_CONST;

/* Microseconds on a monotonic clock, like g_get_monotonic_time(). */
typedef gint64 (*MfcSessionClock) (gpointer user_data);

#define MFC_TYPE_SESSION (mfc_session_get_type ())
G_DECLARE_FINAL_TYPE (MfcSession, mfc_session, MFC, SESSION, GObject)

MfcSession      *mfc_session_new                  (MfcClient            *client);
MfcClient       *mfc_session_get_client           (MfcSession           *self);
MfcSessionState  mfc_session_get_state            (MfcSession           *self);
const char      *mfc_session_get_login            (MfcSession           *self);
const char      *mfc_session_get_full_name        (MfcSession           *self);
const char      *mfc_session_get_role             (MfcSession           *self);
const char      *mfc_session_get_office_id        (MfcSession           *self);
gboolean         mfc_session_get_remember         (MfcSession           *self);
void             mfc_session_set_remember         (MfcSession           *self,
                                                   gboolean              remember);
guint            mfc_session_get_lock_timeout     (MfcSession           *self);
void             mfc_session_set_lock_timeout     (MfcSession           *self,
                                                   guint                 seconds);

void             mfc_session_login_async          (MfcSession           *self,
                                                   const char           *login,
                                                   const char           *password,
                                                   const char           *otp,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         mfc_session_login_finish         (MfcSession           *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void             mfc_session_restore_async        (MfcSession           *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         mfc_session_restore_finish       (MfcSession           *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void             mfc_session_logout_async         (MfcSession           *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         mfc_session_logout_finish        (MfcSession           *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void             mfc_session_lock                 (MfcSession           *self);
void             mfc_session_note_activity        (MfcSession           *self);
void             mfc_session_set_clock            (MfcSession           *self,
                                                   MfcSessionClock       clock,
                                                   gpointer              user_data);
void             mfc_session_check_idle           (MfcSession           *self);

G_END_DECLS
