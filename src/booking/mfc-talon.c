/* mfc-talon.c
 *
 * The talon an applicant takes home: the confirmation code printed large
 * (as the QR too, so the office's terminal reads it), the office, the
 * visit's date and time on the OFFICE's clock with its UTC offset (the
 * office may be in another zone than the desk that booked), and what to
 * bring: the service's required documents.  Built on the printed-document
 * module, so it has the same layout, PDF writer and «ОБРАЗЕЦ» watermark
 * in training mode as the intake receipt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-booking"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mfc-slot-list.h"
#include "mfc-talon.h"

static const char *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
child (JsonObject *object,
       const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * mfc_talon_qr_payload:
 * @appointment: a contract `Appointment`
 *
 * The code is percent-encoded, so the QR holds ASCII only: readers guess
 * the charset of 8-bit QR data, and a Cyrillic «Т» came back as a
 * Shift-JIS character from one of them.
 *
 * Returns: (transfer full): what the QR holds: «MFC-APPT:<id>:<code>»
 */
char *
mfc_talon_qr_payload (JsonObject *appointment)
{
  g_autofree char *code = NULL;

  g_return_val_if_fail (appointment != NULL, NULL);
  code = g_uri_escape_string (member (appointment, "talon_code"), "-", FALSE);
  return g_strdup_printf ("MFC-APPT:%s:%s", member (appointment, "id"), code);
}

/**
 * mfc_talon_suggest_file_name:
 * @appointment: a contract `Appointment`
 *
 * Returns: (transfer full): «Талон П-017.pdf»
 */
char *
mfc_talon_suggest_file_name (JsonObject *appointment)
{
  g_autofree char *code = g_strdup (member (appointment, "talon_code"));

  g_return_val_if_fail (code != NULL, NULL);
  g_strdelimit (code, "/\\:", '-');
  /* Translators: a file name; %s is the talon code */
  return g_strdup_printf (_("Talon %s.pdf"), code);
}

/**
 * mfc_talon_build:
 * @appointment: the booked `Appointment`
 * @documents: (nullable) (array zero-terminated=1): what to bring
 * @clerk: (nullable): who booked
 * @training: training mode (the «ОБРАЗЕЦ» watermark)
 *
 * Returns: (transfer full): the talon
 */
MfcPrintDocument *
mfc_talon_build (JsonObject         *appointment,
                 const char * const *documents,
                 const char         *clerk,
                 gboolean            training)
{
  g_autoptr(MfcPrintDocument) doc = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *when = NULL;
  JsonObject *office, *service, *applicant;
  const char *code;

  g_return_val_if_fail (appointment != NULL, NULL);

  code = member (appointment, "talon_code");
  office = child (appointment, "office");
  service = child (appointment, "service");
  applicant = child (appointment, "applicant");
  g_return_val_if_fail (code != NULL && office != NULL, NULL);

  zone = g_time_zone_new_identifier (member (office, "timezone") != NULL ? member (office, "timezone") : "UTC");
  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  start = member (appointment, "start") != NULL ? g_date_time_new_from_iso8601 (member (appointment, "start"), NULL) : NULL;
  g_return_val_if_fail (start != NULL, NULL);

  doc = mfc_print_document_new (_("Appointment talon"));
  /* Translators: %s is the talon code, e.g. П-017 */
  subtitle = g_strdup_printf (_("No. %s"), code);
  mfc_print_document_set_subtitle (doc, subtitle);
  mfc_print_document_set_office (doc, member (office, "name"), member (office, "address"));
  mfc_print_document_set_clerk (doc, clerk);
  if (member (appointment, "created_at") != NULL)
    created = g_date_time_new_from_iso8601 (member (appointment, "created_at"), NULL);
  if (created == NULL)
    created = g_date_time_new_now_utc ();
  mfc_print_document_set_time (doc, created, zone);
  payload = mfc_talon_qr_payload (appointment);
  mfc_print_document_set_qr (doc, payload, subtitle);
  mfc_print_document_set_training (doc, training);

  mfc_print_document_add_heading (doc, _("Visit"));
  mfc_print_document_add_row (doc, _("Talon number"), code);
  when = mfc_slot_format_when (start, zone);
  mfc_print_document_add_row (doc, _("Date and time (office time)"), when);
  mfc_print_document_add_row (doc, _("Office"), member (office, "name"));
  mfc_print_document_add_row (doc, _("Address"), member (office, "address"));
  if (service != NULL)
    mfc_print_document_add_row (doc, _("Service"), member (service, "title"));
  if (applicant != NULL)
    mfc_print_document_add_row (doc, _("Applicant"), member (applicant, "full_name"));

  if (documents != NULL && documents[0] != NULL)
    {
      mfc_print_document_add_heading (doc, _("What to bring"));
      for (guint i = 0; documents[i] != NULL; i++)
        mfc_print_document_add_item (doc, MFC_PRINT_MARK_BULLET, documents[i]);
    }
  mfc_print_document_add_notice (doc,
    _("Please come 5 minutes before the time. The visit can be moved or cancelled at "
      "any МФЦ office or by phone; less than 24 hours before it only an office supervisor can do so."));

  return g_steal_pointer (&doc);
}
