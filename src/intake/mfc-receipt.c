/* mfc-receipt.c
 *
 * The words of the receipt are the printing module's blocks in a fixed
 * order; everything the applicant could dispute later (number, due date,
 * what was handed over) is taken from the server's answer and the
 * checklist the application was sent with.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "mfc-print-format.h"
#include "mfc-receipt.h"

static const char *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* "YYYY-MM-DD" in words («30 ноября 2026 г.»), or NULL */
static char *
format_iso_date (const char *iso)
{
  guint year, month, day;
  GDate date;

  if (iso == NULL || sscanf (iso, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return mfc_print_format_date (&date);
}

static const char *
type_title (const char *type)
{
  if (g_strcmp0 (type, "request") == 0)
    return _("Request");
  if (g_strcmp0 (type, "complaint") == 0)
    return _("Complaint");
  if (g_strcmp0 (type, "suggestion") == 0)
    return _("Suggestion");
  return _("Application");
}

static void
add_masked_row (MfcPrintDocument *doc,
                const char       *label,
                const char       *value,
                char           *(*mask) (const char *))
{
  g_autofree char *masked = value != NULL ? mask (value) : NULL;

  mfc_print_document_add_row (doc, label, masked);
}

static void
add_applicant (MfcPrintDocument *doc,
               MfcApplicant     *applicant)
{
  g_autofree char *passport = NULL;
  const char *series = mfc_applicant_get_field (applicant, MFC_APPLICANT_PASSPORT_SERIES);
  const char *number = mfc_applicant_get_field (applicant, MFC_APPLICANT_PASSPORT_NUMBER);

  mfc_print_document_add_heading (doc, _("Applicant"));
  mfc_print_document_add_row (doc, _("Full name"), mfc_applicant_get_full_name (applicant));
  add_masked_row (doc, _("SNILS"), mfc_applicant_get_snils (applicant), mfc_print_mask_snils);
  if (series != NULL && number != NULL)
    passport = g_strdup_printf ("%s %s", series, number);
  add_masked_row (doc, _("Passport"), passport, mfc_print_mask_passport);
  add_masked_row (doc, _("Phone"), mfc_applicant_get_field (applicant, MFC_APPLICANT_PHONE),
                  mfc_print_mask_phone);
}

static void
add_documents (MfcPrintDocument *doc,
               MfcChecklist     *checklist)
{
  GListModel *items = G_LIST_MODEL (checklist);
  guint n = g_list_model_get_n_items (items);
  gboolean heading = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MfcChecklistItem) item = g_list_model_get_item (items, i);
      MfcChecklistState state = mfc_checklist_item_get_state (item);
      g_autofree char *text = NULL;

      if (state == MFC_CHECKLIST_NOT_PROVIDED)
        continue;
      if (!heading)
        mfc_print_document_add_heading (doc, _("Documents received"));
      heading = TRUE;
      text = g_strdup_printf (state == MFC_CHECKLIST_ORIGINAL_SHOWN
                              ? _("%s — original shown") : _("%s — copy attached"),
                              mfc_checklist_item_get_title (item));
      mfc_print_document_add_item (doc, MFC_PRINT_MARK_PRESENT, text);
    }

  heading = FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MfcChecklistItem) item = g_list_model_get_item (items, i);
      g_autofree char *text = NULL;

      if (mfc_checklist_item_get_state (item) != MFC_CHECKLIST_NOT_PROVIDED)
        continue;
      if (!heading)
        mfc_print_document_add_heading (doc, _("Not provided"));
      heading = TRUE;
      text = g_strdup_printf (mfc_checklist_item_get_mandatory (item)
                              ? _("%s — not provided (required)") : _("%s — not provided"),
                              mfc_checklist_item_get_title (item));
      mfc_print_document_add_item (doc, MFC_PRINT_MARK_MISSING, text);
    }
}

/**
 * mfc_receipt_build:
 * @ticket: the created ticket as the server answered (`TicketDetail`)
 * @applicant: the applicant it is for
 * @service: (nullable): the service (%NULL for a ticket about none)
 * @checklist: (nullable): the documents checklist the application was sent with
 * @office_name: the office's name
 * @office_address: (nullable): its address
 * @clerk: (nullable): the clerk's full name
 * @office_zone: the office's time zone: the time printed is the
 *   registration time there, whatever the desktop's zone
 * @training: print «ОБРАЗЕЦ» on every page
 *
 * Returns: (transfer full): the receipt
 */
MfcPrintDocument *
mfc_receipt_build (JsonObject   *ticket,
                   MfcApplicant *applicant,
                   MfcService   *service,
                   MfcChecklist *checklist,
                   const char   *office_name,
                   const char   *office_address,
                   const char   *clerk,
                   GTimeZone    *office_zone,
                   gboolean      training)
{
  g_autoptr(MfcPrintDocument) doc = NULL;
  g_autoptr(GDateTime) registered = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *due = NULL;
  const char *number;
  const char *type;
  const char *status;

  g_return_val_if_fail (ticket != NULL, NULL);
  g_return_val_if_fail (MFC_IS_APPLICANT (applicant), NULL);
  g_return_val_if_fail (service == NULL || MFC_IS_SERVICE (service), NULL);
  g_return_val_if_fail (checklist == NULL || MFC_IS_CHECKLIST (checklist), NULL);
  g_return_val_if_fail (office_zone != NULL, NULL);

  number = member (ticket, "number");
  type = member (ticket, "type");
  status = member (ticket, "status");
  g_return_val_if_fail (number != NULL, NULL);

  doc = mfc_print_document_new (_("Receipt for documents received"));
  subtitle = g_strdup_printf (_("for application No. %s"), number);
  mfc_print_document_set_subtitle (doc, subtitle);
  mfc_print_document_set_office (doc, office_name, office_address);
  mfc_print_document_set_clerk (doc, clerk);

  /* The time the service registered it; a write that waited in the
   * outbox is registered later than the clerk pressed Ctrl+Enter. */
  if (member (ticket, "created_at") != NULL)
    registered = g_date_time_new_from_iso8601 (member (ticket, "created_at"), NULL);
  if (registered == NULL)
    registered = g_date_time_new_now_utc ();
  mfc_print_document_set_time (doc, registered, office_zone);

  caption = g_strdup_printf (_("No. %s"), number);
  mfc_print_document_set_qr (doc, number, caption);
  mfc_print_document_set_training (doc, training);

  add_applicant (doc, applicant);

  mfc_print_document_add_heading (doc, type_title (type));
  if (service != NULL)
    mfc_print_document_add_row (doc, _("Service"), mfc_service_get_title (service));
  mfc_print_document_add_row (doc, _("Application number"), number);
  due = mfc_receipt_format_due_date (ticket);
  if (due != NULL && service != NULL)
    {
      guint days = mfc_service_get_deadline_working_days (service);
      g_autofree char *with_days =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u working day)",
                                      "%s (%u working days)", days),
                         due, days);

      mfc_print_document_add_row (doc, _("Due date"), with_days);
    }
  else
    mfc_print_document_add_row (doc, _("Due date"), due);

  if (checklist != NULL)
    add_documents (doc, checklist);

  /* Said from the checklist too: the move to «Ожидание документов»
   * follows the create, and the receipt may be printed before it. */
  if (g_strcmp0 (status, "awaiting_documents") == 0 ||
      (checklist != NULL && type != NULL &&
       g_str_equal (mfc_checklist_get_initial_status (checklist, type), "awaiting_documents")))
    mfc_print_document_add_notice (doc,
      _("The application was accepted with the status «Awaiting documents»: the "
        "deadline is paused until the missing documents are provided."));

  mfc_print_document_add_signature (doc, MFC_PRINT_SIGNER_APPLICANT, NULL);
  mfc_print_document_add_signature (doc, MFC_PRINT_SIGNER_CLERK, clerk);

  return g_steal_pointer (&doc);
}

/**
 * mfc_receipt_suggest_file_name:
 * @ticket: the created ticket
 *
 * Returns: (transfer full): a file name for «Сохранить PDF»
 */
char *
mfc_receipt_suggest_file_name (JsonObject *ticket)
{
  g_return_val_if_fail (ticket != NULL, NULL);

  /* TRANSLATORS: a file name; %s is the application number */
  return g_strdup_printf (_("receipt-%s.pdf"), member (ticket, "number") ? member (ticket, "number") : "");
}

/**
 * mfc_receipt_format_due_date:
 * @ticket: a ticket as the server sends it
 *
 * Returns: (transfer full) (nullable): its due date in words, «7 декабря
 *   2026 г.», as the receipt prints it; %NULL without one
 */
char *
mfc_receipt_format_due_date (JsonObject *ticket)
{
  g_return_val_if_fail (ticket != NULL, NULL);

  return format_iso_date (member (ticket, "due_date"));
}
