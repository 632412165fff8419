/* mfc-checklist.h — the required-documents checklist of one application:
 * each item of the chosen service's list marked «оригинал предъявлен»,
 * «копия приложена» (with the uploaded document's id) or «не представлен»,
 * and the `POST /api/v1/tickets` it leads to.
 *
 * The hook for the documents section: a scanned and uploaded file is
 * attached with mfc_checklist_attach (checklist, item, document_id); the
 * checklist emits "document-attached" and the id goes into the ticket's
 * `documents`.
 *
 * A missing mandatory item is allowed.  The application then starts in
 * «Ожидание документов» with the clock paused.  The contract's
 * `TicketCreate` has no place for the checklist (a new ticket is always
 * `accepted`), so mfc_checklist_submit_async() creates the ticket and
 * then moves it accepted → in_progress → awaiting_documents, each move a
 * separate idempotent write naming what is missing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mfc-client.h"
#include "mfc-service-catalog.h"

G_BEGIN_DECLS

typedef enum {
  MFC_CHECKLIST_NOT_PROVIDED,
  MFC_CHECKLIST_ORIGINAL_SHOWN,
  MFC_CHECKLIST_COPY_ATTACHED,
} MfcChecklistState;

#define MFC_TYPE_CHECKLIST_STATE (mfc_checklist_state_get_type ())
GType mfc_checklist_state_get_type (void) G_GNUC_CONST;

/* MfcChecklistItem */

#define MFC_TYPE_CHECKLIST_ITEM (mfc_checklist_item_get_type ())
G_DECLARE_FINAL_TYPE (MfcChecklistItem, mfc_checklist_item, MFC, CHECKLIST_ITEM, GObject)

guint              mfc_checklist_item_get_id          (MfcChecklistItem *self);
const char        *mfc_checklist_item_get_title       (MfcChecklistItem *self);
gboolean           mfc_checklist_item_get_mandatory   (MfcChecklistItem *self);
MfcChecklistState  mfc_checklist_item_get_state       (MfcChecklistItem *self);
const char        *mfc_checklist_item_get_document_id (MfcChecklistItem *self);

/* MfcChecklist */

#define MFC_TYPE_CHECKLIST (mfc_checklist_get_type ())
G_DECLARE_FINAL_TYPE (MfcChecklist, mfc_checklist, MFC, CHECKLIST, GObject)

MfcChecklist     *mfc_checklist_new                   (MfcService        *service);
MfcService       *mfc_checklist_get_service           (MfcChecklist      *self);
MfcChecklistItem *mfc_checklist_get_item              (MfcChecklist      *self,
                                                       guint              item_id);
void              mfc_checklist_set_state             (MfcChecklist      *self,
                                                       guint              item_id,
                                                       MfcChecklistState  state);
void              mfc_checklist_attach                (MfcChecklist      *self,
                                                       guint              item_id,
                                                       const char        *document_id);
void              mfc_checklist_detach                (MfcChecklist      *self,
                                                       guint              item_id);
GStrv             mfc_checklist_get_missing_mandatory (MfcChecklist      *self);
GStrv             mfc_checklist_get_missing           (MfcChecklist      *self);
GStrv             mfc_checklist_get_received          (MfcChecklist      *self);
const char       *mfc_checklist_get_initial_status    (MfcChecklist      *self,
                                                       const char        *type);
JsonNode         *mfc_checklist_build_ticket_body     (MfcChecklist      *self,
                                                       const char        *type,
                                                       const char        *applicant_id,
                                                       const char        *office_id,
                                                       const char        *description);
const char       *mfc_checklist_get_idempotency_key   (MfcChecklist      *self);
void              mfc_checklist_submit_async          (MfcChecklist      *self,
                                                       MfcClient         *client,
                                                       const char        *type,
                                                       const char        *applicant_id,
                                                       const char        *office_id,
                                                       const char        *description,
                                                       GCancellable      *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer           user_data);
JsonObject       *mfc_checklist_submit_finish         (MfcChecklist      *self,
                                                       GAsyncResult      *result,
                                                       GError           **error);

G_END_DECLS
