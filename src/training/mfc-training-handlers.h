/* mfc-training-handlers.h — the route handlers of the training server,
 * dispatched by mfc-training-server.c's route table: session, config,
 * catalogue and applicants (mfc-training-routes.c), tickets and documents
 * (mfc-training-tickets.c), offices, slots and appointments
 * (mfc-training-booking.c), map tiles (mfc-training-map.c).  Not
 * installed, not for other features.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-training-query.h"
#include "mfc-training-request.h"

G_BEGIN_DECLS

void mfc_tr_session_create     (MfcTrainingRequest *req);
void mfc_tr_session_get        (MfcTrainingRequest *req);
void mfc_tr_session_delete     (MfcTrainingRequest *req);
void mfc_tr_config_get         (MfcTrainingRequest *req);
void mfc_tr_users_list         (MfcTrainingRequest *req);
void mfc_tr_categories_list    (MfcTrainingRequest *req);
void mfc_tr_services_list      (MfcTrainingRequest *req);
void mfc_tr_service_get        (MfcTrainingRequest *req);
void mfc_tr_applicants_list    (MfcTrainingRequest *req);
void mfc_tr_applicant_create   (MfcTrainingRequest *req);
void mfc_tr_applicant_get      (MfcTrainingRequest *req);
void mfc_tr_applicant_patch    (MfcTrainingRequest *req);
void mfc_tr_tickets_list       (MfcTrainingRequest *req);
void mfc_tr_tickets_counts     (MfcTrainingRequest *req);
void mfc_tr_ticket_handover    (MfcTrainingRequest *req);
void mfc_tr_ticket_stats       (MfcTrainingRequest *req);
void mfc_tr_ticket_create      (MfcTrainingRequest *req);
void mfc_tr_ticket_get         (MfcTrainingRequest *req);
void mfc_tr_ticket_patch       (MfcTrainingRequest *req);
void mfc_tr_ticket_transition  (MfcTrainingRequest *req);
void mfc_tr_ticket_comment     (MfcTrainingRequest *req);
void mfc_tr_ticket_attach      (MfcTrainingRequest *req);
void mfc_tr_document_upload    (MfcTrainingRequest *req);
void mfc_tr_document_get       (MfcTrainingRequest *req);
void mfc_tr_document_content   (MfcTrainingRequest *req);
void mfc_tr_offices_list       (MfcTrainingRequest *req);
void mfc_tr_office_get         (MfcTrainingRequest *req);
void mfc_tr_office_slots       (MfcTrainingRequest *req);
void mfc_tr_appointments_list  (MfcTrainingRequest *req);
void mfc_tr_appointment_create (MfcTrainingRequest *req);
void mfc_tr_appointment_get    (MfcTrainingRequest *req);
void mfc_tr_appointment_patch  (MfcTrainingRequest *req);
void mfc_tr_appointment_cancel (MfcTrainingRequest *req);
void mfc_tr_appointment_no_show (MfcTrainingRequest *req);
void mfc_tr_map_tile           (MfcTrainingRequest *req);
void mfc_tr_geocode            (MfcTrainingRequest *req);

/* Escalates up to @max_tickets overdue tickets to their office's
 * supervisor (inside the caller's write transaction); FALSE on a database
 * error. */
gboolean mfc_tr_escalate_overdue (MfcTrainingRequest *req,
                                  guint               max_tickets);

char    *mfc_tr_tickets_list_sql (MfcTrainingRequest *req,
                                  MfcTrainingPager   *pager,
                                  GPtrArray          *binds);
char    *mfc_tr_tickets_counts_sql (MfcTrainingRequest *req,
                                   GPtrArray          *binds);

/* An office's load (the office.load event's data, also sent by the
 * server's load timer); NULL when there is no such office */
JsonObject *mfc_tr_office_load_json (MfcTrainingStore *store,
                                     gint64            office_id);

G_END_DECLS
