/* mfc-login-fields.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-app"

#include "config.h"

#include "mfc-login-fields.h"

static gboolean
message_to_label (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  const char *message = g_value_get_string (from);

  g_value_set_string (to, message != NULL ? message : "");
  return TRUE;
}

static gboolean
message_to_visible (GBinding     *binding,
                    const GValue *from,
                    GValue       *to,
                    gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_string (from) != NULL);
  return TRUE;
}

static void
clear_cb (GtkEditable *editable)
{
  gtk_editable_set_text (editable, "");
}

/**
 * mfc_login_fields_bind:
 *
 * The label shows the flow's message (and hides without one), the code
 * field shows while the service asks for a code, and the password and
 * the code are cleared once logged in.  Lasts as long as the widgets.
 */
void
mfc_login_fields_bind (MfcLoginFlow *flow,
                       GtkLabel     *message_label,
                       AdwEntryRow  *password_row,
                       AdwEntryRow  *otp_row)
{
  g_return_if_fail (MFC_IS_LOGIN_FLOW (flow));
  g_return_if_fail (GTK_IS_LABEL (message_label));
  g_return_if_fail (ADW_IS_ENTRY_ROW (password_row));
  g_return_if_fail (ADW_IS_ENTRY_ROW (otp_row));

  g_object_bind_property_full (flow, "message", message_label, "label",
                               G_BINDING_SYNC_CREATE, message_to_label, NULL, NULL, NULL);
  g_object_bind_property_full (flow, "message", message_label, "visible",
                               G_BINDING_SYNC_CREATE, message_to_visible, NULL, NULL, NULL);
  g_object_bind_property (flow, "needs-otp", otp_row, "visible", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (flow, "succeeded", G_CALLBACK (clear_cb), password_row, G_CONNECT_SWAPPED);
  g_signal_connect_object (flow, "succeeded", G_CALLBACK (clear_cb), otp_row, G_CONNECT_SWAPPED);
}
