/* test-documents.c — the «Документы» section as a clerk uses it, in
 * Russian, against the real training server of training mode: files of
 * each type and bad ones added, pages rotated, deleted and brought back
 * by keys, the document uploaded to a ticket (checked on the server: a
 * two-page PDF with the rotated page landscape), an upload cancelled, and
 * a copy for the application being taken at intake.
 *
 * Screenshots (build-test/screenshots/): documents-import,
 * documents-editor, documents-upload, documents-uploaded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "mfc-application.h"
#include "mfc-checklist.h"
#include "mfc-documents-page.h"
#include "mfc-intake-page.h"
#include "mfc-service-catalog.h"
#include "mfc-page-thumbnail.h"
#include "mfc-test-ui.h"
#include "mfc-test-window.h"
#include "mfc-window.h"

#define WAIT_MS 60000
/* Noise pages at the floor that do not fit in 5 MB together. */
#define N_NOISE_PAGES 16

static MfcApplication *app;
static char *dir;

/* ------------------------------------------------------------------ */
/* A slow loopback relay, so that an upload lasts long enough to be seen
 * and cancelled                                                        */

typedef struct
{
  GSocket   *listener;
  guint16    port;
  guint16    upstream_port;
  GThread   *accept_thread;
  GPtrArray *threads;
  GPtrArray *sockets;
  GMutex     mutex;
} Relay;

typedef struct
{
  GSocket  *from;
  GSocket  *to;
  gboolean  slow;
} Pump;

static gpointer
pump_thread (gpointer data)
{
  Pump *pump = data;
  char buffer[8 * 1024];
  gssize n;

  while ((n = g_socket_receive (pump->from, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      gssize start = 0;

      /* About 400 KB/s towards the server. */
      if (pump->slow)
        g_usleep (20 * 1000);
      while (start < n)
        {
          gssize written = g_socket_send (pump->to, buffer + start, n - start, NULL, NULL);

          if (written <= 0)
            break;
          start += written;
        }
    }
  g_socket_shutdown (pump->to, FALSE, TRUE, NULL);
  g_free (pump);
  return NULL;
}

static void
relay_spawn (Relay   *relay,
             GSocket *from,
             GSocket *to,
             gboolean slow)
{
  Pump *pump = g_new0 (Pump, 1);

  pump->from = from;
  pump->to = to;
  pump->slow = slow;
  g_mutex_lock (&relay->mutex);
  g_ptr_array_add (relay->threads, g_thread_new ("relay-pump", pump_thread, pump));
  g_mutex_unlock (&relay->mutex);
}

static gpointer
accept_thread (gpointer data)
{
  Relay *relay = data;
  GSocket *client;

  while ((client = g_socket_accept (relay->listener, NULL, NULL)) != NULL)
    {
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, relay->upstream_port);
      GSocket *server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL);

      g_assert_true (g_socket_connect (server, address, NULL, NULL));
      g_mutex_lock (&relay->mutex);
      g_ptr_array_add (relay->sockets, client);
      g_ptr_array_add (relay->sockets, server);
      g_mutex_unlock (&relay->mutex);
      relay_spawn (relay, client, server, TRUE);
      relay_spawn (relay, server, client, FALSE);
    }
  return NULL;
}

static Relay *
relay_new (const char *upstream_url)
{
  Relay *relay = g_new0 (Relay, 1);
  g_autoptr(GUri) uri = g_uri_parse (upstream_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  relay->upstream_port = (guint16) g_uri_get_port (uri);
  relay->threads = g_ptr_array_new ();
  relay->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&relay->mutex);
  relay->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  /* A small window (inherited by the accepted sockets), so the client's
   * kernel cannot take the whole file into its buffers at once. */
  g_assert_true (g_socket_set_option (relay->listener, SOL_SOCKET, SO_RCVBUF, 16 * 1024, NULL));
  g_assert_true (g_socket_bind (relay->listener, any, TRUE, NULL));
  g_assert_true (g_socket_listen (relay->listener, NULL));
  bound = g_socket_get_local_address (relay->listener, NULL);
  relay->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  relay->accept_thread = g_thread_new ("relay-accept", accept_thread, relay);
  return relay;
}

static void
relay_free (Relay *relay)
{
  g_socket_shutdown (relay->listener, TRUE, TRUE, NULL);
  g_socket_close (relay->listener, NULL);
  g_thread_join (relay->accept_thread);
  for (guint i = 0; i < relay->sockets->len; i++)
    g_socket_shutdown (relay->sockets->pdata[i], TRUE, TRUE, NULL);
  for (guint i = 0; i < relay->threads->len; i++)
    g_thread_join (relay->threads->pdata[i]);
  g_ptr_array_unref (relay->threads);
  g_ptr_array_unref (relay->sockets);
  g_object_unref (relay->listener);
  g_mutex_clear (&relay->mutex);
  g_free (relay);
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

static char *
path_in (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

/* A page with a heading and lines of "text", as a scan of a form. */
static void
draw_page (cairo_t    *cr,
           double      width,
           double      height,
           const char *heading)
{
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.3);
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, width / 14);
  cairo_move_to (cr, width / 10, height / 8);
  cairo_show_text (cr, heading);
  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  for (int i = 0; i < 14; i++)
    {
      cairo_rectangle (cr, width / 10, height / 5 + i * height / 22, width * (0.5 + (i % 4) * 0.1), height / 90);
      cairo_fill (cr);
    }
}

static GFile *
make_image (const char *name,
            const char *heading,
            gboolean    jpeg)
{
  g_autofree char *path = path_in (name);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 620, 877);
  cairo_t *cr = cairo_create (surface);

  draw_page (cr, 620, 877, heading);
  cairo_destroy (cr);
  if (jpeg)
    {
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_get_from_surface (surface, 0, 0, 620, 877);
      g_autoptr(GError) error = NULL;

      gdk_pixbuf_save (pixbuf, path, "jpeg", &error, "quality", "85", NULL);
      g_assert_no_error (error);
    }
  else
    g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_file_new_for_path (path);
}

/* A PNG of noise: a file that takes a while to send. */
static GFile *
make_noise_png (const char *name)
{
  g_autofree char *path = path_in (name);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1250, 1250);
  guint32 *data = (guint32 *) cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface) / 4;
  GRand *rand = g_rand_new_with_seed (7);

  for (int y = 0; y < 1250; y++)
    for (int x = 0; x < 1250; x++)
      data[y * stride + x] = g_rand_int (rand) & 0xffffff;
  cairo_surface_mark_dirty (surface);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_rand_free (rand);

  return g_file_new_for_path (path);
}

/* The same noise said to be at 150 dpi: the floor, so it cannot shrink. */
static GFile *
make_noise_png_at_floor (const char *name)
{
  g_autoptr(GFile) noise = make_noise_png (name);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (g_file_peek_path (noise), NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (pixbuf);
  gdk_pixbuf_save (pixbuf, g_file_peek_path (noise), "png", &error, "x-dpi", "150", "y-dpi", "150", NULL);
  g_assert_no_error (error);
  return g_steal_pointer (&noise);
}

static GFile *
make_pdf (const char *name)
{
  g_autofree char *path = path_in (name);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  draw_page (cr, 595, 842, "Выписка, стр. 1");
  cairo_show_page (cr);
  draw_page (cr, 595, 842, "Выписка, стр. 2");
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  return g_file_new_for_path (path);
}

static GFile *
write_file (const char *name,
            const char *text)
{
  g_autofree char *path = path_in (name);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return g_file_new_for_path (path);
}

static GFile *
copy_docx (const char *name)
{
  g_autofree char *source = g_build_filename (TEST_SOURCE_DIR, "tests", "documents", "data", "letter.docx", NULL);
  g_autofree char *data = NULL;
  g_autofree char *path = path_in (name);
  gsize len = 0;

  g_assert_true (g_file_get_contents (source, &data, &len, NULL));
  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
  return g_file_new_for_path (path);
}

/* ------------------------------------------------------------------ */
/* The window and the page                                             */

static MfcWindow *
start_window (void)
{
  return mfc_test_ui_start_work_window (app, WAIT_MS);
}

static MfcDocumentsPage *
documents_page (MfcWindow *window)
{
  MfcDocumentsPage *page = MFC_DOCUMENTS_PAGE (mfc_window_get_section_page (window, "documents"));

  mfc_window_set_section (window, "documents");
  mfc_test_ui_settle ();
  return page;
}

static MfcClient *
client (void)
{
  return mfc_context_get_client (mfc_application_get_context (app));
}

static gboolean
not_busy (gpointer data)
{
  return !mfc_documents_page_get_busy (data);
}

static void
import (MfcDocumentsPage *page,
        GFile           **files,
        guint             n_files)
{
  mfc_documents_page_import_files (page, files, n_files);
  mfc_test_ui_wait_until (not_busy, page, WAIT_MS, "the import");
}

static void
collect_thumbnails (GtkWidget *widget,
                    GPtrArray *out)
{
  if (MFC_IS_PAGE_THUMBNAIL (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_thumbnails (child, out);
}

static gboolean
thumbnails_loaded (gpointer data)
{
  g_autoptr(GPtrArray) thumbnails = g_ptr_array_new ();
  guint shown = 0;

  collect_thumbnails (data, thumbnails);
  for (guint i = 0; i < thumbnails->len; i++)
    if (mfc_page_thumbnail_get_page (thumbnails->pdata[i]) != NULL)
      {
        if (!mfc_page_thumbnail_get_loaded (thumbnails->pdata[i]))
          return FALSE;
        shown++;
      }
  return shown == mfc_document_get_n_pages (mfc_documents_page_get_document (MFC_DOCUMENTS_PAGE (data)));
}

static gboolean
action_enabled (gpointer data)
{
  MfcWindow *window = MFC_WINDOW (mfc_test_ui_find_window (GTK_APPLICATION (app), MFC_TYPE_WINDOW));

  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), data);
}

static void
wait_action (const char *name)
{
  g_autofree char *what = g_strdup_printf ("win.%s to be enabled", name);

  mfc_test_ui_wait_until (action_enabled, (gpointer) name, WAIT_MS, what);
}

static void
select_page (MfcDocumentsPage *page,
             guint             index)
{
  GtkGridView *grid = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "grid");

  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_grid_view_get_model (grid)), index);
  gtk_widget_grab_focus (GTK_WIDGET (grid));
  mfc_test_ui_settle ();
}

static gboolean
status_is_set (gpointer data)
{
  return mfc_documents_page_get_status (data) != NULL && !mfc_documents_page_get_busy (data);
}

typedef struct
{
  MfcDocumentsPage *page;
  char             *before;
} StatusWait;

static gboolean
status_changed (gpointer data)
{
  StatusWait *wait = data;
  const char *status = mfc_documents_page_get_status (wait->page);

  return !mfc_documents_page_get_busy (wait->page) && status != NULL &&
         g_strcmp0 (status, wait->before) != 0;
}

/* Presses @keys and waits for the line under the upload bar to say
 * something new. */
static void
press_and_wait_status (MfcDocumentsPage *page,
                       const char       *keys,
                       const char       *what)
{
  StatusWait wait = { page, g_strdup (mfc_documents_page_get_status (page)) };

  mfc_test_ui_press_keys (keys);
  mfc_test_ui_wait_until (status_changed, &wait, WAIT_MS, what);
  g_free (wait.before);
}

/* A seeded ticket: its id and number. */
static void
first_ticket (char **id,
              char **number)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  g_autoptr(GAsyncResult) slot = NULL;
  GAsyncResult *result;
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *ticket;

  mfc_query_add_int (query, "limit", 1);
  mfc_client_get_page_async (client (), query, NULL, mfc_test_ui_result_cb, &slot);
  result = mfc_test_ui_wait_result (&slot, "a ticket");
  items = mfc_client_get_page_finish (client (), result, NULL, &error);
  g_assert_no_error (error);
  ticket = json_array_get_object_element (items, 0);
  *id = g_strdup (json_object_get_string_member (ticket, "id"));
  *number = g_strdup (json_object_get_string_member (ticket, "number"));
}

static JsonObject *
get_json (const char *path)
{
  g_autoptr(MfcQuery) query = mfc_query_new_from_string (path, NULL);
  g_autoptr(GAsyncResult) slot = NULL;
  GAsyncResult *result;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  mfc_client_get_async (client (), query, NULL, mfc_test_ui_result_cb, &slot);
  result = mfc_test_ui_wait_result (&slot, path);
  response = mfc_client_request_finish (client (), result, &error);
  g_assert_no_error (error);
  return json_object_ref (mfc_client_response_get_object (response));
}

static GBytes *
get_content (const char *document_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/documents/%s/content", document_id);
  g_autoptr(MfcQuery) query = mfc_query_new_from_string (path, NULL);
  g_autoptr(GAsyncResult) slot = NULL;
  GAsyncResult *result;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  mfc_client_request_full_async (client (), "GET", query, NULL, NULL, NULL, MFC_CLIENT_REQUEST_RAW,
                                 NULL, mfc_test_ui_result_cb, &slot);
  result = mfc_test_ui_wait_result (&slot, path);
  response = mfc_client_request_finish (client (), result, &error);
  g_assert_no_error (error);
  return g_bytes_ref (mfc_client_response_get_bytes (response));
}

static guint
ticket_n_documents (const char *ticket_id,
                    char      **last_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/tickets/%s", ticket_id);
  g_autoptr(JsonObject) ticket = get_json (path);
  JsonArray *documents = json_object_get_array_member (ticket, "documents");
  guint n = json_array_get_length (documents);

  if (last_id != NULL)
    *last_id = n > 0 ? g_strdup (json_object_get_string_member (json_array_get_object_element (documents, n - 1), "id"))
                     : NULL;
  return n;
}

/* Russian, nothing clipped, icons described; file names in @allowed may
 * be Latin. */
static void
check_screen (GtkWidget          *window,
              const char * const *allowed)
{
  g_autoptr(GPtrArray) texts = mfc_test_ui_collect_texts (window);

  mfc_test_ui_assert_russian (texts, allowed);
  mfc_test_ui_assert_no_ellipsized_labels (window);
  mfc_test_ui_assert_icon_buttons_described (window);
}

/* The window as the clerk sees it: checked, and kept for the README. */
static void
look_at (MfcWindow  *window,
         const char *name)
{
  g_autofree char *shot = NULL;

  check_screen (GTK_WIDGET (window), NULL);
  shot = mfc_test_ui_screenshot (GTK_WIDGET (window), name);
  g_test_message ("screenshot: %s", shot);
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

static void
test_import_each_type (void)
{
  MfcWindow *window = start_window ();
  MfcDocumentsPage *page = documents_page (window);
  MfcDocument *document = mfc_documents_page_get_document (page);
  GtkLabel *notice = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "notice_label");
  GFile *files[] = {
    make_image ("паспорт.jpg", "Паспорт", TRUE),
    make_image ("снилс.png", "СНИЛС", FALSE),
    make_pdf ("выписка.pdf"),
    copy_docx ("заявление.docx"),
    write_file ("скан.pdf", "Это текст, а не PDF.\n"),
    write_file ("пустой.png", ""),
  };
  g_autoptr(GPtrArray) thumbnails = g_ptr_array_new ();
  g_autofree char *shot = NULL;
  char *problem;

  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-clear", NULL);
  import (page, files, G_N_ELEMENTS (files));

  /* JPEG 1 + PNG 1 + PDF 2 + DOCX 1; the two bad files are named with why. */
  g_assert_cmpuint (mfc_document_get_n_pages (document), ==, 5);
  g_assert_cmpint (mfc_doc_page_get_kind (mfc_document_get_page (document, 2)), ==, MFC_PAGE_KIND_PDF);
  g_assert_cmpint (mfc_doc_page_get_kind (mfc_document_get_page (document, 4)), ==, MFC_PAGE_KIND_DOCX);
  g_assert_nonnull (strstr (gtk_label_get_text (notice),
                            "Файл «скан.pdf» — не PDF, JPEG, PNG или DOCX"));
  g_assert_nonnull (strstr (gtk_label_get_text (notice), "Файл «пустой.png» пуст"));

  /* Thumbnails decoded, each told to a screen reader by its number. */
  mfc_test_ui_wait_until (thumbnails_loaded, page, WAIT_MS, "the thumbnails");
  collect_thumbnails (GTK_WIDGET (page), thumbnails);
  for (guint i = 0; i < thumbnails->len; i++)
    {
      MfcPageThumbnail *thumbnail = thumbnails->pdata[i];
      guint index;
      g_autofree char *label = NULL;

      g_assert_true (mfc_document_find_page (document, mfc_page_thumbnail_get_page (thumbnail), &index));
      label = g_strdup_printf ("Страница %u из 5", index + 1);
      problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (thumbnail),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label);
      g_assert_null (problem);
    }

  {
    const char * const names[] = { "скан.pdf", "пустой.png", NULL };

    check_screen (GTK_WIDGET (window), names);
  }
  shot = mfc_test_ui_screenshot (GTK_WIDGET (window), "documents-import");
  g_test_message ("screenshot: %s", shot);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
}

static void
test_edit_and_upload_to_ticket (void)
{
  MfcWindow *window = start_window ();
  MfcDocumentsPage *page = documents_page (window);
  MfcDocument *document = mfc_documents_page_get_document (page);
  GtkEditable *entry = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "ticket_entry");
  GtkLabel *size = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "size_label");
  GFile *files[] = {
    make_image ("стр1.png", "Заявление, с. 1", FALSE),
    make_image ("стр2.png", "Заявление, с. 2", FALSE),
    make_image ("стр3.png", "Лишняя страница", FALSE),
  };
  g_autofree char *ticket_id = NULL;
  g_autofree char *ticket_number = NULL;
  g_autofree char *document_id = NULL;
  g_autofree char *shot = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GObject) pdf_object = NULL;
  PopplerDocument *pdf;
  guint before;
  double w, h;

  first_ticket (&ticket_id, &ticket_number);
  before = ticket_n_documents (ticket_id, NULL);

  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-clear", NULL);
  import (page, files, G_N_ELEMENTS (files));
  g_assert_cmpuint (mfc_document_get_n_pages (document), ==, 3);
  mfc_test_ui_wait_until (thumbnails_loaded, page, WAIT_MS, "the thumbnails");

  /* Ctrl+R turns the second page right. */
  select_page (page, 1);
  mfc_test_ui_press_keys ("ctrl+r");
  mfc_test_ui_settle ();
  g_assert_cmpint (mfc_doc_page_get_rotation (mfc_document_get_page (document, 1)), ==, 90);

  /* 10 % off the top as shown: on the turned page that is its left side. */
  {
    MfcDocPage *turned = mfc_document_get_page (document, 1);
    GtkSpinButton *top = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "crop_top");
    MfcCropRect crop;

    gtk_spin_button_set_value (top, 10);
    g_action_group_activate_action (G_ACTION_GROUP (window), "documents-crop", NULL);
    mfc_doc_page_get_crop (turned, &crop);
    g_assert_cmpint (crop.x, ==, 62);
    g_assert_cmpint (crop.y, ==, 0);
    g_assert_cmpint (crop.width, ==, 620 - 62);
    g_assert_cmpint (crop.height, ==, 877);
    mfc_test_ui_press_keys ("ctrl+z");
    mfc_test_ui_settle ();
    g_assert_false (mfc_doc_page_has_crop (turned));
    g_action_group_activate_action (G_ACTION_GROUP (window), "documents-crop", NULL);
    g_assert_true (mfc_doc_page_has_crop (turned));
    gtk_spin_button_set_value (top, 0);
  }

  /* Delete removes the third, Ctrl+Z brings it back, Delete again. */
  select_page (page, 2);
  mfc_test_ui_press_keys ("Delete");
  mfc_test_ui_settle ();
  g_assert_cmpuint (mfc_document_get_n_pages (document), ==, 2);
  mfc_test_ui_press_keys ("ctrl+z");
  mfc_test_ui_settle ();
  g_assert_cmpuint (mfc_document_get_n_pages (document), ==, 3);
  select_page (page, 2);
  mfc_test_ui_press_keys ("Delete");
  mfc_test_ui_settle ();
  g_assert_cmpuint (mfc_document_get_n_pages (document), ==, 2);

  gtk_editable_set_text (entry, ticket_number);
  wait_action ("documents-upload");
  /* The size before the upload, from the assembler. */
  g_assert_true (g_str_has_prefix (gtk_label_get_text (size), "PDF, "));
  g_assert_true (g_str_has_suffix (gtk_label_get_text (size), " — в пределах 5 МБ"));
  mfc_test_ui_wait_until (thumbnails_loaded, page, WAIT_MS, "the thumbnails");
  look_at (window, "documents-editor");

  select_page (page, 0);
  press_and_wait_status (page, "ctrl+u", "the upload");
  {
    g_autofree char *expected = g_strdup_printf ("Загружено и прикреплено к обращению %s.", ticket_number);

    g_assert_cmpstr (mfc_documents_page_get_status (page), ==, expected);
  }
  g_clear_pointer (&shot, g_free);
  shot = mfc_test_ui_screenshot (GTK_WIDGET (window), "documents-uploaded");
  g_test_message ("screenshot: %s", shot);
  g_assert_cmpuint (mfc_document_get_n_pages (document), ==, 0);

  /* On the server: one more document on the ticket, a two-page PDF whose
   * second page is the rotated one, landscape. */
  g_assert_cmpuint (ticket_n_documents (ticket_id, &document_id), ==, before + 1);
  content = get_content (document_id);
  pdf = poppler_document_new_from_bytes (content, NULL, NULL);
  pdf_object = G_OBJECT (pdf);
  g_assert_nonnull (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (pdf), ==, 2);
  {
    g_autoptr(GObject) second = G_OBJECT (poppler_document_get_page (pdf, 1));

    poppler_page_get_size (POPPLER_PAGE (second), &w, &h);
    g_assert_cmpfloat (w, >, h);
  }

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
}

typedef struct
{
  MfcDocumentsPage *page;
  GtkLabel         *progress;
} ProgressWait;

static gboolean
progress_shown (gpointer data)
{
  ProgressWait *wait = data;

  return strstr (gtk_label_get_text (wait->progress), " из ") != NULL &&
         strstr (gtk_label_get_text (wait->progress), "/с") != NULL;
}

static void
test_cancel_upload (void)
{
  MfcWindow *window = start_window ();
  MfcDocumentsPage *page = documents_page (window);
  MfcDocument *document = mfc_documents_page_get_document (page);
  GtkEditable *entry = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "ticket_entry");
  g_autoptr(GFile) noise = make_noise_png ("большой скан.png");
  g_autofree char *ticket_id = NULL;
  g_autofree char *ticket_number = NULL;
  g_autofree char *server = g_strdup (mfc_client_get_base_url (client ()));
  g_autofree char *relay_url = NULL;
  ProgressWait wait = { page, NULL };
  Relay *relay;
  guint before;

  first_ticket (&ticket_id, &ticket_number);
  before = ticket_n_documents (ticket_id, NULL);

  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-clear", NULL);
  import (page, &noise, 1);
  gtk_editable_set_text (entry, ticket_number);
  wait_action ("documents-upload");

  /* Through a slow link, so the progress can be seen. */
  relay = relay_new (server);
  relay_url = g_strdup_printf ("http://127.0.0.1:%u", relay->port);
  g_assert_true (mfc_client_set_base_url (client (), relay_url, NULL));

  wait.progress = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "progress_label");
  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-upload", NULL);
  mfc_test_ui_wait_until (progress_shown, &wait, WAIT_MS, "the upload's progress");
  /* The bar follows the bytes on the wire, not those the kernel took
   * into its buffers (which would be most of the file at once). */
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (mfc_test_ui_template_child (GTK_WIDGET (page),
                                                                              MFC_TYPE_DOCUMENTS_PAGE,
                                                                              "progress_bar")), <, 0.5);
  look_at (window, "documents-upload");

  g_assert_true (action_enabled ((gpointer) "documents-cancel"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-cancel", NULL);
  mfc_test_ui_wait_until (status_is_set, page, WAIT_MS, "the cancel");
  g_assert_cmpstr (mfc_documents_page_get_status (page), ==, "Загрузка отменена. Ничего не прикреплено.");
  /* The pages stay for another try; nothing reached the ticket. */
  g_assert_cmpuint (mfc_document_get_n_pages (document), ==, 1);

  g_assert_true (mfc_client_set_base_url (client (), server, NULL));
  relay_free (relay);
  g_assert_cmpuint (ticket_n_documents (ticket_id, NULL), ==, before);

  /* Started again: it goes through. */
  wait_action ("documents-upload");
  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-upload", NULL);
  mfc_test_ui_wait_until (status_is_set, page, WAIT_MS, "the second upload");
  g_assert_true (g_str_has_prefix (mfc_documents_page_get_status (page), "Загружено"));
  g_assert_cmpuint (ticket_n_documents (ticket_id, NULL), ==, before + 1);
}

typedef struct
{
  GtkLabel   *label;
  const char *prefix;
} LabelWait;

static gboolean
label_has_prefix (gpointer data)
{
  LabelWait *wait = data;

  return g_str_has_prefix (gtk_label_get_text (wait->label), wait->prefix);
}

/* Imports N_NOISE_PAGES pages of noise at the legibility floor, too much
 * for one file of 5 MB, sets the ticket (unless NULL) and waits for the
 * size line to begin with @says. */
static void
import_too_much (MfcWindow        *window,
                 MfcDocumentsPage *page,
                 const char       *ticket_number,
                 const char       *says)
{
  GtkEditable *entry = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "ticket_entry");
  GtkLabel *size = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "size_label");
  g_autoptr(GFile) noise = make_noise_png_at_floor ("шум.png");
  GFile *files[N_NOISE_PAGES];
  LabelWait wait = { size, says };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    files[i] = noise;
  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-clear", NULL);
  import (page, files, G_N_ELEMENTS (files));
  g_assert_cmpuint (mfc_document_get_n_pages (mfc_documents_page_get_document (page)), ==, N_NOISE_PAGES);
  if (ticket_number != NULL)
    gtk_editable_set_text (entry, ticket_number);
  mfc_test_ui_wait_until (label_has_prefix, &wait, WAIT_MS, "the size line");
}

/* The ticket's documents from @first on are «Часть 1 из 2» and «Часть 2
 * из 2», each a PDF within the limit, holding all the pages between
 * them. */
static void
assert_parts_on_ticket (const char *ticket_id,
                        guint       first)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/tickets/%s", ticket_id);
  g_autoptr(JsonObject) ticket = get_json (path);
  JsonArray *documents = json_object_get_array_member (ticket, "documents");
  guint pages = 0;

  g_assert_cmpuint (json_array_get_length (documents), ==, first + 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *item = json_array_get_object_element (documents, first + i);
      g_autofree char *title = g_strdup_printf ("Часть %u из 2", i + 1);
      g_autoptr(GBytes) content = get_content (json_object_get_string_member (item, "id"));
      g_autoptr(GObject) pdf = NULL;

      g_assert_cmpstr (json_object_get_string_member (item, "title"), ==, title);
      g_assert_cmpuint (g_bytes_get_size (content), <=, 5 * 1024 * 1024);
      pdf = G_OBJECT (poppler_document_new_from_bytes (content, NULL, NULL));
      g_assert_nonnull (pdf);
      pages += poppler_document_get_n_pages (POPPLER_DOCUMENT (pdf));
    }
  g_assert_cmpuint (pages, ==, N_NOISE_PAGES);
}

/* A document that does not fit in 5 MB even at the legibility floor goes
 * as numbered parts, each within the limit, with one «Загрузить». */
static void
test_upload_in_parts (void)
{
  MfcWindow *window = start_window ();
  MfcDocumentsPage *page = documents_page (window);
  g_autofree char *ticket_id = NULL;
  g_autofree char *ticket_number = NULL;
  g_autofree char *expected = NULL;
  guint before;

  first_ticket (&ticket_id, &ticket_number);
  before = ticket_n_documents (ticket_id, NULL);

  import_too_much (window, page, ticket_number, "Одним файлом не помещается в 5 МБ: уйдёт 2 частями PDF (");
  g_assert_true (g_str_has_suffix (gtk_label_get_text (mfc_test_ui_template_child (GTK_WIDGET (page),
                                                                                  MFC_TYPE_DOCUMENTS_PAGE,
                                                                                  "size_label")),
                                   "), каждая в пределах 5 МБ"));
  wait_action ("documents-upload");
  mfc_test_ui_wait_until (thumbnails_loaded, page, WAIT_MS, "the thumbnails");
  look_at (window, "documents-parts");

  select_page (page, 0);
  press_and_wait_status (page, "ctrl+u", "the upload of the parts");
  expected = g_strdup_printf ("Загружено 2 частями и прикреплено к обращению %s.", ticket_number);
  g_assert_cmpstr (mfc_documents_page_get_status (page), ==, expected);
  g_assert_cmpuint (mfc_document_get_n_pages (mfc_documents_page_get_document (page)), ==, 0);
  assert_parts_on_ticket (ticket_id, before);
}

static gboolean
label_says (gpointer data)
{
  LabelWait *wait = data;

  return g_strcmp0 (gtk_label_get_text (wait->label), wait->prefix) == 0;
}

static gboolean
outbox_empty (gpointer data)
{
  return mfc_outbox_get_n_pending (data) == 0;
}

/* The service gone once the ticket is found (while the first part is
 * being checked): both parts go into the outbox, in order, each with its
 * attach, and out by themselves when the service is back. */
static void
test_parts_wait_in_outbox (void)
{
  MfcWindow *window = start_window ();
  MfcDocumentsPage *page = documents_page (window);
  MfcOutbox *outbox = mfc_context_get_outbox (mfc_application_get_context (app));
  g_autofree char *ticket_id = NULL;
  g_autofree char *ticket_number = NULL;
  LabelWait checking = { mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "progress_label"),
                         "Проверка файла…" };
  guint before;

  /* An earlier test moved the client to a relay and back, which holds the
   * outbox until a login says whose it is: as after a login. */
  mfc_outbox_set_owner (outbox, mfc_client_get_base_url (client ()), MFC_TRAINING_LOGIN);
  first_ticket (&ticket_id, &ticket_number);
  before = ticket_n_documents (ticket_id, NULL);
  import_too_much (window, page, ticket_number, "Одним файлом не помещается в 5 МБ: уйдёт 2 частями PDF (");
  wait_action ("documents-upload");
  mfc_client_set_max_attempts (client (), 1);

  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-upload", NULL);
  mfc_test_ui_wait_until (label_says, &checking, WAIT_MS, "the ticket found");
  mfc_test_ui_set_reachable (app, FALSE);
  mfc_test_ui_wait_until (status_is_set, page, WAIT_MS, "the parts to be queued");
  g_assert_true (g_str_has_prefix (mfc_documents_page_get_status (page),
                                   "Нет связи с центральным сервисом: документ в очереди"));
  g_assert_cmpuint (mfc_document_get_n_pages (mfc_documents_page_get_document (page)), ==, 0);
  /* Each part: its upload and its attach. */
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, 4);

  mfc_test_ui_set_reachable (app, TRUE);
  mfc_client_set_max_attempts (client (), 3);
  mfc_test_ui_wait_until (outbox_empty, outbox, WAIT_MS, "the outbox to send the parts");
  g_assert_cmpuint (mfc_outbox_get_n_rejected (outbox), ==, 0);
  assert_parts_on_ticket (ticket_id, before);
}

/* With no connection at all, the ticket cannot be looked up: its whole
 * number names it for the service, and the document waits in the outbox
 * with its attach, then reaches the ticket when the service is back. */
static void
test_offline_to_ticket_by_number (void)
{
  MfcWindow *window = start_window ();
  MfcDocumentsPage *page = documents_page (window);
  MfcOutbox *outbox = mfc_context_get_outbox (mfc_application_get_context (app));
  GtkEditable *entry = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "ticket_entry");
  g_autoptr(GFile) file = make_image ("справка-офлайн.png", "Справка", FALSE);
  g_autofree char *ticket_id = NULL;
  g_autofree char *ticket_number = NULL;
  g_autofree char *typed = NULL;
  guint before;

  /* As after a login (an earlier test moved the client and back). */
  mfc_outbox_set_owner (outbox, mfc_client_get_base_url (client ()), MFC_TRAINING_LOGIN);
  first_ticket (&ticket_id, &ticket_number);
  before = ticket_n_documents (ticket_id, NULL);

  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-clear", NULL);
  import (page, &file, 1);
  typed = g_ascii_strdown (ticket_number, -1);   /* as a clerk may type it */
  gtk_editable_set_text (entry, typed);
  wait_action ("documents-upload");

  mfc_client_set_max_attempts (client (), 1);
  mfc_test_ui_set_reachable (app, FALSE);
  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-upload", NULL);
  mfc_test_ui_wait_until (status_is_set, page, WAIT_MS, "the document to be queued");
  g_assert_true (g_str_has_prefix (mfc_documents_page_get_status (page),
                                   "Нет связи с центральным сервисом: документ в очереди"));
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox), ==, 2);
  g_assert_cmpuint (mfc_document_get_n_pages (mfc_documents_page_get_document (page)), ==, 0);

  mfc_test_ui_set_reachable (app, TRUE);
  mfc_client_set_max_attempts (client (), 3);
  mfc_test_ui_wait_until (outbox_empty, outbox, WAIT_MS, "the outbox to send the document");
  g_assert_cmpuint (mfc_outbox_get_n_rejected (outbox), ==, 0);
  g_assert_cmpuint (ticket_n_documents (ticket_id, NULL), ==, before + 1);
}

/* The controller of @type on @widget whose drop takes @gtype (0: any). */
static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type,
                 GType      gtype)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type) &&
          (gtype == 0 || gtk_drop_target_get_formats (GTK_DROP_TARGET (c)) == NULL ||
           gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (GTK_DROP_TARGET (c)), gtype)))
        return c;
    }
  return NULL;
}

static MfcPageThumbnail *
thumbnail_of (MfcDocumentsPage *page,
              MfcDocPage       *doc_page)
{
  g_autoptr(GPtrArray) thumbnails = g_ptr_array_new ();

  collect_thumbnails (GTK_WIDGET (page), thumbnails);
  for (guint i = 0; i < thumbnails->len; i++)
    if (mfc_page_thumbnail_get_page (thumbnails->pdata[i]) == doc_page)
      return thumbnails->pdata[i];
  return NULL;
}

/* Files dropped on the section are added (a bad one named, the rest
 * kept); a thumbnail dragged onto another moves its page there.  GTK's
 * drag and drop itself is GTK's: the test hands the section's drop
 * target and the thumbnails' drag source and drop target what a drag
 * would. */
static void
test_drop_and_drag (void)
{
  MfcWindow *window = start_window ();
  MfcDocumentsPage *page = documents_page (window);
  MfcDocument *document = mfc_documents_page_get_document (page);
  g_autoptr(GFile) first = make_image ("брошено-1.png", "Брошено, с. 1", FALSE);
  g_autoptr(GFile) second = make_image ("брошено-2.jpg", "Брошено, с. 2", TRUE);
  g_autoptr(GFile) third = make_image ("брошено-3.png", "Брошено, с. 3", FALSE);
  g_autoptr(GFile) bad = write_file ("не-документ.pdf", "это не PDF");
  GtkEventController *drop;
  GSList *list = NULL;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  MfcDocPage *moved;

  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-clear", NULL);
  drop = find_controller (GTK_WIDGET (page), GTK_TYPE_DROP_TARGET, GDK_TYPE_FILE_LIST);
  g_assert_nonnull (drop);
  list = g_slist_append (list, g_object_ref (first));
  list = g_slist_append (list, g_object_ref (bad));
  list = g_slist_append (list, g_object_ref (second));
  list = g_slist_append (list, g_object_ref (third));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);   /* frees the list and its references */
  g_signal_emit_by_name (drop, "drop", &value, 20.0, 20.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  mfc_test_ui_wait_until (not_busy, page, WAIT_MS, "the dropped files");
  g_assert_cmpuint (mfc_document_get_n_pages (document), ==, 3);
  g_assert_nonnull (strstr (gtk_label_get_text (mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE,
                                                                           "notice_label")),
                            "«не-документ.pdf»"));
  mfc_test_ui_wait_until (thumbnails_loaded, page, WAIT_MS, "the thumbnails");

  /* The first page dragged onto the third. */
  moved = mfc_document_get_page (document, 0);
  {
    MfcPageThumbnail *from = thumbnail_of (page, moved);
    MfcPageThumbnail *onto = thumbnail_of (page, mfc_document_get_page (document, 2));
    GtkEventController *source, *target;
    g_autoptr(GdkContentProvider) content = NULL;
    GValue dragged = G_VALUE_INIT;
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (from);
    g_assert_nonnull (onto);
    source = find_controller (GTK_WIDGET (from), GTK_TYPE_DRAG_SOURCE, 0);
    target = find_controller (GTK_WIDGET (onto), GTK_TYPE_DROP_TARGET, MFC_TYPE_DOC_PAGE);
    g_assert_nonnull (source);
    g_assert_nonnull (target);
    g_signal_emit_by_name (source, "prepare", 10.0, 10.0, &content);
    g_assert_nonnull (content);
    g_value_init (&dragged, MFC_TYPE_DOC_PAGE);
    g_assert_true (gdk_content_provider_get_value (content, &dragged, &error));
    g_assert_no_error (error);
    accepted = FALSE;
    g_signal_emit_by_name (target, "drop", &dragged, 10.0, 10.0, &accepted);
    g_value_unset (&dragged);
    g_assert_true (accepted);
  }
  mfc_test_ui_settle ();
  g_assert_true (mfc_document_get_page (document, 2) == moved);

  /* And back by Ctrl+Z. */
  mfc_test_ui_press_keys ("ctrl+z");
  mfc_test_ui_settle ();
  g_assert_true (mfc_document_get_page (document, 0) == moved);
}

static void
uploaded_for_intake_cb (const char *document_id,
                        gpointer    user_data)
{
  *(char **) user_data = g_strdup (document_id);
}

static void
test_copy_for_intake (void)
{
  MfcWindow *window = start_window ();
  MfcDocumentsPage *page = documents_page (window);
  GtkLabel *target = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "target_label");
  g_autoptr(GFile) file = make_image ("паспорт-копия.jpg", "Паспорт, с. 2–3", TRUE);
  g_autofree char *document_id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) stored = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-clear", NULL);
  mfc_documents_page_set_intake_target (page, "Паспорт гражданина РФ", uploaded_for_intake_cb,
                                        &document_id, NULL);
  g_assert_cmpstr (gtk_label_get_text (target), ==, "Для принимаемого заявления: Паспорт гражданина РФ");

  import (page, &file, 1);
  wait_action ("documents-upload");
  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-upload", NULL);
  mfc_test_ui_wait_until (status_is_set, page, WAIT_MS, "the upload");
  g_assert_cmpstr (mfc_documents_page_get_status (page), ==,
                   "Загружено и приложено к заявлению: Паспорт гражданина РФ.");

  /* The hook got the stored document: a JPEG, sent as it is. */
  g_assert_nonnull (document_id);
  path = g_strdup_printf ("/api/v1/documents/%s", document_id);
  stored = get_json (path);
  g_assert_cmpstr (json_object_get_string_member (stored, "content_type"), ==, "image/jpeg");
  g_assert_cmpstr (json_object_get_string_member (stored, "title"), ==, "Паспорт гражданина РФ");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (target)));
}

/* A checklist item takes one file: a document that would need parts is
 * not sent there, and the size line says what to do; the pages stay. */
static void
test_intake_takes_one_file (void)
{
  MfcWindow *window = start_window ();
  MfcDocumentsPage *page = documents_page (window);
  g_autofree char *document_id = NULL;

  mfc_documents_page_set_intake_target (page, "Трудовая книжка", uploaded_for_intake_cb,
                                        &document_id, NULL);
  import_too_much (window, page, NULL, "К пункту перечня заявления прикладывается один файл");
  g_assert_false (action_enabled ((gpointer) "documents-upload"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-upload", NULL);
  mfc_test_ui_settle ();
  g_assert_null (document_id);
  g_assert_cmpuint (mfc_document_get_n_pages (mfc_documents_page_get_document (page)), ==, N_NOISE_PAGES);

  /* For a ticket instead, it goes in parts. */
  mfc_documents_page_clear_target (page);
  {
    GtkLabel *size = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "size_label");

    g_assert_true (g_str_has_prefix (gtk_label_get_text (size), "Одним файлом не помещается в 5 МБ"));
  }
  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-clear", NULL);
}


typedef struct
{
  MfcScanner *scanner;
  guint       pages;
} StopAfterOne;

static void
stop_after_one_cb (MfcScanner   *scanner,
                   guint         number,
                   MfcDocPage   *page,
                   StopAfterOne *stop)
{
  if (stop->pages++ == 0)
    mfc_scanner_cancel (scanner);
}

static gboolean
scanning_third_page (gpointer data)
{
  MfcDocumentsPage *page = data;

  return mfc_documents_page_get_busy (page) &&
         mfc_document_get_n_pages (mfc_documents_page_get_document (page)) >= 2;
}

static void
select_dpi (MfcDocumentsPage *page,
            const char       *label)
{
  GtkDropDown *dpi = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "dpi_dropdown");
  GListModel *model = gtk_drop_down_get_model (dpi);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label))
      {
        gtk_drop_down_set_selected (dpi, i);
        return;
      }
  g_error ("No resolution «%s» offered", label);
}

/* Done means: a 10-page batch from the feeder, a blank page removed, one
 * page rotated, a PDF under 5 MB without touching a setting but the
 * resolution (kept low for the test's speed), uploaded to a ticket. */
static void
test_scan_batch_and_upload (void)
{
  MfcWindow *window = start_window ();
  MfcDocumentsPage *page = documents_page (window);
  MfcDocument *document = mfc_documents_page_get_document (page);
  MfcScanner *scanner = mfc_documents_page_get_scanner (page);
  GtkEditable *entry = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "ticket_entry");
  GtkLabel *notice = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "notice_label");
  GtkDropDown *device = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "device_dropdown");
  GtkDropDown *source = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "source_dropdown");
  g_autofree char *ticket_id = NULL;
  g_autofree char *ticket_number = NULL;
  g_autofree char *document_id = NULL;
  g_autofree char *shot = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GObject) pdf_object = NULL;
  StopAfterOne stop = { 0 };
  gulong handler;
  guint before;
  guint blank = 0;

  g_assert_nonnull (scanner);
  first_ticket (&ticket_id, &ticket_number);
  before = ticket_n_documents (ticket_id, NULL);
  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-clear", NULL);

  /* Training mode scans with SANE's test device, from its feeder. */
  wait_action ("documents-scan");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (device)), 0), ==,
                   "Учебный сканер 0");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (source)),
                                               gtk_drop_down_get_selected (source)), ==, "Автоподатчик");
  select_dpi (page, "100 т/д");
  mfc_scanner_set_backend_option (scanner, "test-picture", "Color pattern");
  /* Slower, so the batch can be seen while it runs. */
  mfc_scanner_set_backend_option (scanner, "read-delay", "yes");
  mfc_scanner_set_backend_option (scanner, "read-delay-duration", "10000");
  mfc_scanner_set_backend_option (scanner, "read-limit", "yes");
  mfc_scanner_set_backend_option (scanner, "read-limit-size", "65536");

  mfc_test_ui_press_keys ("ctrl+s");
  mfc_test_ui_wait_until (scanning_third_page, page, WAIT_MS, "the third page of the batch");
  look_at (window, "documents-scanning");
  mfc_test_ui_wait_until (not_busy, page, WAIT_MS, "the batch");
  g_assert_cmpuint (mfc_document_get_n_pages (document), ==, 10);
  g_assert_cmpstr (mfc_documents_page_get_status (page), ==, "Отсканировано 10 страниц.");

  /* An empty sheet from the feeder (the next batch stopped while the
   * second one is read)
   * comes marked blank and is offered for removal. */
  mfc_scanner_set_backend_option (scanner, "test-picture", "Solid white");
  handler = g_signal_connect (scanner, "page-done", G_CALLBACK (stop_after_one_cb), &stop);
  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-scan", NULL);
  mfc_test_ui_wait_until (not_busy, page, WAIT_MS, "the second batch");
  g_signal_handler_disconnect (scanner, handler);
  mfc_scanner_set_backend_option (scanner, "test-picture", "Color pattern");
  mfc_scanner_set_backend_option (scanner, "read-delay", "no");
  mfc_scanner_set_backend_option (scanner, "read-limit", "no");
  g_assert_cmpstr (mfc_documents_page_get_status (page), ==,
                   "Сканирование остановлено; 1 уже отсканированная страница сохранена.");
  g_assert_cmpuint (mfc_document_get_n_pages (document), ==, 11);
  for (guint i = 0; i < 11; i++)
    blank += mfc_doc_page_get_blank (mfc_document_get_page (document, i)) ? 1 : 0;
  g_assert_cmpuint (blank, ==, 1);
  g_assert_true (mfc_doc_page_get_blank (mfc_document_get_page (document, 10)));
  g_assert_cmpstr (gtk_label_get_text (notice), ==, "1 страница похожа на пустую (оборот из автоподатчика?).");
  mfc_test_ui_wait_until (thumbnails_loaded, page, WAIT_MS, "the thumbnails");
  g_clear_pointer (&shot, g_free);
  shot = mfc_test_ui_screenshot (GTK_WIDGET (window), "documents-blank");
  g_test_message ("screenshot: %s", shot);

  g_assert_true (action_enabled ((gpointer) "documents-remove-blank"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-remove-blank", NULL);
  mfc_test_ui_settle ();
  g_assert_cmpuint (mfc_document_get_n_pages (document), ==, 10);

  /* The third page is upside down on the desk: turned by keys. */
  select_page (page, 2);
  mfc_test_ui_press_keys ("ctrl+r ctrl+r");
  mfc_test_ui_settle ();
  g_assert_cmpint (mfc_doc_page_get_rotation (mfc_document_get_page (document, 2)), ==, 180);

  gtk_editable_set_text (entry, ticket_number);
  wait_action ("documents-upload");
  select_page (page, 0);
  press_and_wait_status (page, "ctrl+u", "the upload");
  g_assert_true (g_str_has_prefix (mfc_documents_page_get_status (page), "Загружено и прикреплено"));

  /* On the server: a 10-page PDF within 5 MB on the ticket. */
  g_assert_cmpuint (ticket_n_documents (ticket_id, &document_id), ==, before + 1);
  content = get_content (document_id);
  g_assert_cmpuint (g_bytes_get_size (content), <=, 5 * 1024 * 1024);
  pdf_object = G_OBJECT (poppler_document_new_from_bytes (content, NULL, NULL));
  g_assert_nonnull (pdf_object);
  g_assert_cmpint (poppler_document_get_n_pages (POPPLER_DOCUMENT (pdf_object)), ==, 10);
  /* Uploaded: the pages are gone from the desk and from the page store. */
  g_assert_cmpuint (mfc_document_get_n_pages (document), ==, 0);
}

static gboolean
section_is (gpointer data)
{
  MfcWindow *window = MFC_WINDOW (mfc_test_ui_find_window (GTK_APPLICATION (app), MFC_TYPE_WINDOW));

  return g_strcmp0 (mfc_window_get_section (window), data) == 0;
}

/* The window's wiring: intake's «Копия приложена» for an item with no copy
 * takes the clerk to «Документы»; the upload attaches the document to
 * that item of the application and goes back to intake. */
static void
test_intake_asks_for_a_copy (void)
{
  MfcWindow *window = start_window ();
  MfcDocumentsPage *page = documents_page (window);
  MfcIntakePage *intake = MFC_INTAKE_PAGE (mfc_window_get_section_page (window, "intake"));
  MfcApplicationStep *step = mfc_intake_page_get_application_step (intake);
  GtkLabel *target = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_DOCUMENTS_PAGE, "target_label");
  g_autoptr(MfcServiceCatalog) catalog = mfc_service_catalog_new (client (), NULL);
  g_autoptr(GAsyncResult) slot = NULL;
  g_autoptr(MfcService) service = NULL;
  g_autoptr(MfcChecklist) checklist = NULL;
  g_autoptr(MfcChecklistItem) item = NULL;
  g_autoptr(GFile) file = make_image ("копия.png", "Копия документа", FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  GAsyncResult *result;
  guint item_id;

  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-clear", NULL);
  mfc_service_catalog_load_async (catalog, NULL, mfc_test_ui_result_cb, &slot);
  result = mfc_test_ui_wait_result (&slot, "the catalogue");
  g_assert_true (mfc_service_catalog_load_finish (catalog, result, &error));
  service = g_list_model_get_item (G_LIST_MODEL (catalog), 0);
  checklist = mfc_checklist_new (service);
  item = g_list_model_get_item (G_LIST_MODEL (checklist), 0);
  item_id = mfc_checklist_item_get_id (item);

  mfc_window_set_section (window, "intake");
  mfc_test_ui_settle ();
  g_signal_emit_by_name (step, "attach-requested", checklist, item_id);
  mfc_test_ui_wait_until (section_is, (gpointer) "documents", WAIT_MS, "the documents section");
  expected = g_strdup_printf ("Для принимаемого заявления: %s", mfc_checklist_item_get_title (item));
  g_assert_cmpstr (gtk_label_get_text (target), ==, expected);

  import (page, &file, 1);
  wait_action ("documents-upload");
  select_page (page, 0);
  press_and_wait_status (page, "ctrl+u", "the upload");
  g_assert_true (g_str_has_prefix (mfc_documents_page_get_status (page), "Загружено и приложено к заявлению"));

  /* The item has its copy, and the clerk is back at the application. */
  g_assert_cmpint (mfc_checklist_item_get_state (item), ==, MFC_CHECKLIST_COPY_ATTACHED);
  g_assert_nonnull (mfc_checklist_item_get_document_id (item));
  mfc_test_ui_wait_until (section_is, (gpointer) "intake", WAIT_MS, "back to intake");
}

/* Moving a page by keys: Alt+Right takes it one place later, Alt+Left
 * one earlier, Ctrl+Z takes each move back. */
static void
test_move_by_keys (void)
{
  MfcWindow *window = start_window ();
  MfcDocumentsPage *page = documents_page (window);
  MfcDocument *document = mfc_documents_page_get_document (page);
  GFile *files[] = {
    make_image ("перв.png", "Первая", FALSE),
    make_image ("втор.png", "Вторая", FALSE),
    make_image ("трет.png", "Третья", FALSE),
  };
  MfcDocPage *first;

  g_action_group_activate_action (G_ACTION_GROUP (window), "documents-clear", NULL);
  import (page, files, G_N_ELEMENTS (files));
  first = mfc_document_get_page (document, 0);

  select_page (page, 0);
  mfc_test_ui_press_keys ("alt+Right alt+Right");
  mfc_test_ui_settle ();
  g_assert_true (mfc_document_get_page (document, 2) == first);
  mfc_test_ui_press_keys ("alt+Left");
  mfc_test_ui_settle ();
  g_assert_true (mfc_document_get_page (document, 1) == first);
  /* Three moves, three undos. */
  mfc_test_ui_press_keys ("ctrl+z ctrl+z ctrl+z");
  mfc_test_ui_settle ();
  g_assert_true (mfc_document_get_page (document, 0) == first);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* GTK's test accessibility backend, so the labels a screen reader
   * gets can be read back (gtk_test_accessible_check_property). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  mfc_test_ui_init_russian (&argc, &argv);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  dir = g_dir_make_tmp ("test-documents-XXXXXX", &error);
  g_assert_no_error (error);

  app = mfc_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/documents/import-each-type", test_import_each_type);
  g_test_add_func ("/documents/drop-and-drag", test_drop_and_drag);
  g_test_add_func ("/documents/edit-and-upload-to-ticket", test_edit_and_upload_to_ticket);
  g_test_add_func ("/documents/cancel-upload", test_cancel_upload);
  g_test_add_func ("/documents/upload-in-parts", test_upload_in_parts);
  g_test_add_func ("/documents/parts-wait-in-outbox", test_parts_wait_in_outbox);
  g_test_add_func ("/documents/offline-to-ticket-by-number", test_offline_to_ticket_by_number);
  g_test_add_func ("/documents/copy-for-intake", test_copy_for_intake);
  g_test_add_func ("/documents/intake-takes-one-file", test_intake_takes_one_file);
  g_test_add_func ("/documents/scan-batch-and-upload", test_scan_batch_and_upload);
  g_test_add_func ("/documents/intake-asks-for-a-copy", test_intake_asks_for_a_copy);
  g_test_add_func ("/documents/move-by-keys", test_move_by_keys);

  ret = g_test_run ();
  g_application_release (G_APPLICATION (app));
  remove_dir (dir);
  g_free (dir);
  return ret;
}
