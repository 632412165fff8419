/* mfc-ticket-export.c
 *
 * One page in flight, then its rows written (asynchronously) before the
 * next page is asked for.  The file is written through a replace stream:
 * a cancelled or failed export leaves no half file behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-tickets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mfc-ticket-export.h"

#define EXPORT_PAGE_SIZE 200

typedef struct
{
  MfcClient               *client;
  MfcQuery                *query;
  GFileOutputStream       *stream;
  GFile                   *file;
  MfcTicketExportProgress  progress;
  gpointer                 progress_data;
  GBytes                  *pending;     /* what is being written */
  char                    *cursor;
  gboolean                 last_page;
  guint                    n_rows;
} Export;

static void
export_free (Export *e)
{
  /* Not finished (an error, a cancel): closing with a cancelled
   * cancellable drops the temporary file and leaves the old one. */
  if (e->stream != NULL && !g_output_stream_is_closed (G_OUTPUT_STREAM (e->stream)))
    {
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (e->stream), abort, NULL);
    }
  g_clear_object (&e->client);
  g_clear_pointer (&e->query, mfc_query_unref);
  g_clear_object (&e->stream);
  g_clear_object (&e->file);
  g_clear_pointer (&e->pending, g_bytes_unref);
  g_free (e->cursor);
  g_free (e);
}

static void
append_field (GString    *row,
              const char *value)
{
  if (row->len > 0)
    g_string_append_c (row, ';');
  if (value == NULL)
    return;
  /* Quoted when it holds the separator, a quote or a line break, or
   * starts with what a spreadsheet would take for a formula. */
  if (strpbrk (value, ";\"\r\n") != NULL || strchr ("=+-@", value[0]) != NULL)
    {
      g_string_append_c (row, '"');
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (row, '"');
          g_string_append_c (row, *p);
        }
      g_string_append_c (row, '"');
    }
  else
    g_string_append (row, value);
}

/* The header line, with its CRLF */
char *
mfc_ticket_export_csv_header (void)
{
  g_autoptr(GString) row = g_string_new (NULL);

  append_field (row, _("Number"));
  append_field (row, _("Type"));
  append_field (row, _("Service"));
  append_field (row, _("Applicant"));
  append_field (row, _("Status"));
  append_field (row, _("Created"));
  append_field (row, _("Due date"));
  append_field (row, _("Deadline"));
  append_field (row, _("Assignee"));
  g_string_append (row, "\r\n");
  return g_string_free (g_steal_pointer (&row), FALSE);
}

/* One ticket's line, with its CRLF */
char *
mfc_ticket_export_csv_row (MfcTicket *ticket)
{
  g_autoptr(GString) row = g_string_new (NULL);
  g_autofree char *created = mfc_ticket_dup_created_text (ticket);
  g_autofree char *due = mfc_ticket_dup_due_text (ticket);

  g_return_val_if_fail (MFC_IS_TICKET (ticket), NULL);

  append_field (row, mfc_ticket_get_number (ticket));
  /* The number never starts with a formula character: nothing quoted
   * at the start of a line means a line is never empty. */
  append_field (row, mfc_ticket_kind_label (mfc_ticket_get_kind (ticket)));
  append_field (row, mfc_ticket_get_service_title (ticket));
  append_field (row, mfc_ticket_get_applicant_name (ticket));
  append_field (row, mfc_ticket_status_label (mfc_ticket_get_status (ticket)));
  append_field (row, created);
  append_field (row, mfc_ticket_get_due_date (ticket));
  append_field (row, due);
  append_field (row, mfc_ticket_get_assignee_name (ticket));
  g_string_append (row, "\r\n");
  return g_string_free (g_steal_pointer (&row), FALSE);
}

static void next_page (GTask *task);

static void
closed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Export *e = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_int (task, e->n_rows);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Export *e = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_pointer (&e->pending, g_bytes_unref);
  if (e->progress != NULL)
    e->progress (e->n_rows, e->progress_data);

  if (e->last_page)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      g_output_stream_close_async (G_OUTPUT_STREAM (e->stream), G_PRIORITY_DEFAULT,
                                   cancellable, closed_cb, g_steal_pointer (&task));
    }
  else
    next_page (g_steal_pointer (&task));
}

static void
write_bytes (GTask  *task,
             GBytes *bytes)
{
  Export *e = g_task_get_task_data (task);
  gsize size;
  gconstpointer data;

  e->pending = bytes;
  data = g_bytes_get_data (bytes, &size);
  g_output_stream_write_all_async (G_OUTPUT_STREAM (e->stream), data, size, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), written_cb, task);
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Export *e = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *cursor = NULL;

  items = mfc_client_get_page_finish (MFC_CLIENT (object), result, &cursor, &error);
  if (items == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      g_autoptr(MfcTicket) ticket = NULL;
      g_autofree char *row = NULL;

      ticket = JSON_NODE_HOLDS_OBJECT (node) ? mfc_ticket_new_from_json (json_node_get_object (node), &error) : NULL;
      if (ticket == NULL)
        {
          g_task_return_new_error (task, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL,
                                   _("The service sent a ticket that cannot be read"));
          return;
        }
      row = mfc_ticket_export_csv_row (ticket);
      g_string_append (text, row);
      e->n_rows++;
    }

  g_free (e->cursor);
  e->cursor = g_steal_pointer (&cursor);
  e->last_page = e->cursor == NULL;
  write_bytes (g_steal_pointer (&task), g_string_free_to_bytes (g_steal_pointer (&text)));
}

static void
next_page (GTask *task)
{
  Export *e = g_task_get_task_data (task);
  g_autoptr(MfcQuery) query = mfc_query_copy (e->query);

  mfc_query_set (query, "cursor", e->cursor);
  mfc_client_get_page_async (e->client, query, g_task_get_cancellable (task), page_cb, task);
}

static void
replaced_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Export *e = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *header = NULL;
  GString *start = g_string_new ("\xEF\xBB\xBF");

  e->stream = g_file_replace_finish (G_FILE (object), result, &error);
  if (e->stream == NULL)
    {
      g_string_free (start, TRUE);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  header = mfc_ticket_export_csv_header ();
  g_string_append (start, header);
  /* The header first; the first page is asked for once it is written. */
  write_bytes (g_steal_pointer (&task), g_string_free_to_bytes (start));
}

/**
 * mfc_ticket_export_csv_async:
 * @query: the list call of the filter (mfc_ticket_list_dup_query()); its
 *   `limit` is replaced by the export's page size
 * @file: where to write; replaced only when the export completes
 * @progress: (nullable) (scope call): told the rows written after each page
 *
 * Cancelling @cancellable stops between pages and leaves @file as it was.
 */
void
mfc_ticket_export_csv_async (MfcClient               *client,
                             MfcQuery                *query,
                             GFile                   *file,
                             MfcTicketExportProgress  progress,
                             gpointer                 progress_data,
                             GCancellable            *cancellable,
                             GAsyncReadyCallback      callback,
                             gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  Export *e;

  g_return_if_fail (MFC_IS_CLIENT (client));
  g_return_if_fail (query != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_ticket_export_csv_async);
  e = g_new0 (Export, 1);
  e->client = g_object_ref (client);
  e->query = mfc_query_copy (query);
  mfc_query_set (e->query, "cursor", NULL);
  mfc_query_set (e->query, "limit", G_STRINGIFY (EXPORT_PAGE_SIZE));
  e->file = g_object_ref (file);
  e->progress = progress;
  e->progress_data = progress_data;
  g_task_set_task_data (task, e, (GDestroyNotify) export_free);

  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, G_PRIORITY_DEFAULT,
                        cancellable, replaced_cb, g_steal_pointer (&task));
}

/**
 * mfc_ticket_export_csv_finish:
 * @n_rows: (out) (optional): the tickets written
 */
gboolean
mfc_ticket_export_csv_finish (MfcClient     *client,
                              GAsyncResult  *result,
                              guint         *n_rows,
                              GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (n_rows != NULL)
    *n_rows = (guint) n;
  return TRUE;
}
