/* mfc-ticket-saved-filters.c
 *
 * The key holds `a(sa{sv})`: a name and mfc_ticket_filter_to_variant().
 * Presets are not stored: their names are translated, and they cannot be
 * overwritten or removed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-tickets"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mfc-ticket.h"
#include "mfc-ticket-saved-filters.h"

static const char *
preset_overdue (void)
{
  return _("My overdue");
}

static const char *
preset_awaiting (void)
{
  return _("Awaiting documents");
}

gboolean
mfc_ticket_saved_filters_is_preset (const char *name)
{
  return g_strcmp0 (name, preset_overdue ()) == 0 || g_strcmp0 (name, preset_awaiting ()) == 0;
}

/**
 * mfc_ticket_saved_filters_names:
 *
 * Returns: (transfer full): the presets, then the saved filters in the
 *   order they were saved
 */
GStrv
mfc_ticket_saved_filters_names (GSettings *settings)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autoptr(GVariant) list = NULL;
  GVariantIter iter;
  const char *name;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  g_strv_builder_add (b, preset_overdue ());
  g_strv_builder_add (b, preset_awaiting ());
  list = g_settings_get_value (settings, MFC_TICKET_FILTERS_KEY);
  g_variant_iter_init (&iter, list);
  while (g_variant_iter_next (&iter, "(&s@a{sv})", &name, NULL))
    if (!mfc_ticket_saved_filters_is_preset (name))
      g_strv_builder_add (b, name);

  return g_strv_builder_end (b);
}

/**
 * mfc_ticket_saved_filters_lookup:
 *
 * Returns: (transfer full) (nullable): a new filter, %NULL for an unknown name
 */
MfcTicketFilter *
mfc_ticket_saved_filters_lookup (GSettings  *settings,
                                 const char *name)
{
  g_autoptr(GVariant) list = NULL;
  GVariantIter iter;
  const char *n;
  GVariant *v;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, preset_overdue ()))
    {
      MfcTicketFilter *f = mfc_ticket_filter_new ();

      mfc_ticket_filter_set_assignee (f, MFC_TICKET_ASSIGNEE_ME);
      mfc_ticket_filter_set_overdue (f, TRUE);
      mfc_ticket_filter_set_sort (f, "due_date");
      return f;
    }
  if (g_str_equal (name, preset_awaiting ()))
    {
      const char *statuses[] = { "awaiting_documents", NULL };
      MfcTicketFilter *f = mfc_ticket_filter_new ();

      mfc_ticket_filter_set_statuses (f, statuses);
      return f;
    }

  list = g_settings_get_value (settings, MFC_TICKET_FILTERS_KEY);
  g_variant_iter_init (&iter, list);
  while (g_variant_iter_next (&iter, "(&s@a{sv})", &n, &v))
    {
      g_autoptr(GVariant) filter = v;

      if (g_str_equal (n, name))
        return mfc_ticket_filter_new_from_variant (filter);
    }
  return NULL;
}

/**
 * mfc_ticket_saved_filters_save:
 * @name: the name the clerk gave; a saved filter of that name is replaced
 *
 * Returns: FALSE with %G_IO_ERROR_INVALID_ARGUMENT for a blank name or a
 *   preset's, %G_IO_ERROR_FAILED when the settings cannot be written
 */
gboolean
mfc_ticket_saved_filters_save (GSettings        *settings,
                               const char       *name,
                               MfcTicketFilter  *filter,
                               GError          **error)
{
  g_autofree char *stripped = NULL;
  g_autoptr(GVariant) list = NULL;
  GVariantBuilder b;
  GVariantIter iter;
  gboolean replaced = FALSE;
  const char *n;
  GVariant *v;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (MFC_IS_TICKET_FILTER (filter), FALSE);

  stripped = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Give the filter a name"));
      return FALSE;
    }
  if (mfc_ticket_saved_filters_is_preset (stripped))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("«%s» is a preset filter; choose another name"), stripped);
      return FALSE;
    }

  g_variant_builder_init (&b, G_VARIANT_TYPE ("a(sa{sv})"));
  list = g_settings_get_value (settings, MFC_TICKET_FILTERS_KEY);
  g_variant_iter_init (&iter, list);
  while (g_variant_iter_next (&iter, "(&s@a{sv})", &n, &v))
    {
      g_autoptr(GVariant) old = v;

      if (g_str_equal (n, stripped))
        {
          g_variant_builder_add (&b, "(s@a{sv})", n, mfc_ticket_filter_to_variant (filter));
          replaced = TRUE;
        }
      else
        g_variant_builder_add (&b, "(s@a{sv})", n, old);
    }
  if (!replaced)
    g_variant_builder_add (&b, "(s@a{sv})", stripped, mfc_ticket_filter_to_variant (filter));

  if (!g_settings_set_value (settings, MFC_TICKET_FILTERS_KEY, g_variant_builder_end (&b)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The filter could not be saved"));
      return FALSE;
    }
  return TRUE;
}

/* Returns whether a saved filter of that name was there (presets stay). */
gboolean
mfc_ticket_saved_filters_remove (GSettings  *settings,
                                 const char *name)
{
  g_autoptr(GVariant) list = NULL;
  GVariantBuilder b;
  GVariantIter iter;
  gboolean found = FALSE;
  const char *n;
  GVariant *v;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  g_variant_builder_init (&b, G_VARIANT_TYPE ("a(sa{sv})"));
  list = g_settings_get_value (settings, MFC_TICKET_FILTERS_KEY);
  g_variant_iter_init (&iter, list);
  while (g_variant_iter_next (&iter, "(&s@a{sv})", &n, &v))
    {
      g_autoptr(GVariant) old = v;

      if (g_strcmp0 (n, name) == 0)
        found = TRUE;
      else
        g_variant_builder_add (&b, "(s@a{sv})", n, old);
    }
  if (found)
    g_settings_set_value (settings, MFC_TICKET_FILTERS_KEY, g_variant_builder_end (&b));
  else
    g_variant_builder_clear (&b);
  return found;
}
