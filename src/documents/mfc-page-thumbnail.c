/* mfc-page-thumbnail.c — a page's picture, decoded on a worker thread.
 *
 * The grid reuses thumbnails as it scrolls: every set_page cancels the
 * decode of the page shown before, so a late answer never lands on the
 * wrong page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-documents"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mfc-page-thumbnail.h"
#include "mfc-spinner.h"

struct _MfcPageThumbnail
{
  AdwBin        parent_instance;

  MfcDocPage   *page;
  GCancellable *cancellable;
  gboolean      loaded;

  /* Template widgets */
  GtkStack     *picture_stack;
  MfcSpinner   *spinner;
  GtkPicture   *picture;
  GtkLabel     *caption;
  GtkLabel     *note;
};

G_DEFINE_FINAL_TYPE (MfcPageThumbnail, mfc_page_thumbnail, ADW_TYPE_BIN)

/* Helpers */

/* RGB bytes for a GdkMemoryTexture (GTK 4.8 has no grey format). */
static GBytes *
image_to_rgb (MfcPageImage *image)
{
  gsize stride = (gsize) image->width * 3;
  guint8 *rgb = g_malloc (stride * (gsize) image->height);

  for (int y = 0; y < image->height; y++)
    {
      const guint8 *s = image->data + (gsize) y * image->stride;
      guint8 *d = rgb + (gsize) y * stride;

      if (image->format == MFC_PIXEL_FORMAT_RGB8)
        memcpy (d, s, stride);
      else
        for (int x = 0; x < image->width; x++)
          d[3 * x] = d[3 * x + 1] = d[3 * x + 2] = s[x];
    }

  return g_bytes_new_take (rgb, stride * (gsize) image->height);
}

typedef struct
{
  GBytes *rgb;
  int     width;
  int     height;
} Thumb;

static void
thumb_free (Thumb *thumb)
{
  g_bytes_unref (thumb->rgb);
  g_free (thumb);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  MfcDocPage *page = task_data;
  g_autoptr(MfcPageImage) image = NULL;
  GError *error = NULL;
  Thumb *thumb;
  int width = 0;
  int height = 0;
  double dpi;

  mfc_doc_page_get_output_size (page, &width, &height);
  dpi = mfc_doc_page_get_dpi (page) * MFC_PAGE_THUMBNAIL_SIZE / MAX (1, MAX (width, height));

  image = mfc_doc_page_render (page, MAX (dpi, 8), cancellable, &error);
  if (image == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  thumb = g_new0 (Thumb, 1);
  thumb->rgb = image_to_rgb (image);
  thumb->width = image->width;
  thumb->height = image->height;
  g_task_return_pointer (task, thumb, (GDestroyNotify) thumb_free);
}

/* Callbacks */

static void
rendered_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  Thumb *thumb = g_task_propagate_pointer (G_TASK (result), &error);
  MfcPageThumbnail *self;

  if (thumb == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, MFC_DOC_ERROR, MFC_DOC_ERROR_CANCELLED))
        return;
      self = MFC_PAGE_THUMBNAIL (user_data);
      gtk_image_set_from_icon_name (GTK_IMAGE (gtk_stack_get_child_by_name (self->picture_stack, "icon")),
                                    "image-missing-symbolic");
      gtk_stack_set_visible_child_name (self->picture_stack, "icon");
      gtk_label_set_text (self->note, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->note), TRUE);
      mfc_spinner_stop (self->spinner);
      self->loaded = TRUE;
      return;
    }

  self = MFC_PAGE_THUMBNAIL (user_data);
  {
    g_autoptr(GdkTexture) texture = gdk_memory_texture_new (thumb->width, thumb->height,
                                                            GDK_MEMORY_R8G8B8, thumb->rgb,
                                                            (gsize) thumb->width * 3);

    gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  }
  thumb_free (thumb);
  gtk_stack_set_visible_child_name (self->picture_stack, "picture");
  mfc_spinner_stop (self->spinner);
  self->loaded = TRUE;
}

/* dispose/finalize */

static void
mfc_page_thumbnail_dispose (GObject *object)
{
  MfcPageThumbnail *self = MFC_PAGE_THUMBNAIL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->page);

  G_OBJECT_CLASS (mfc_page_thumbnail_parent_class)->dispose (object);
}

static void
mfc_page_thumbnail_class_init (MfcPageThumbnailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mfc_page_thumbnail_dispose;

  g_type_ensure (MFC_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/documents/mfc-page-thumbnail.ui");
  gtk_widget_class_bind_template_child (widget_class, MfcPageThumbnail, picture_stack);
  gtk_widget_class_bind_template_child (widget_class, MfcPageThumbnail, spinner);
  gtk_widget_class_bind_template_child (widget_class, MfcPageThumbnail, picture);
  gtk_widget_class_bind_template_child (widget_class, MfcPageThumbnail, caption);
  gtk_widget_class_bind_template_child (widget_class, MfcPageThumbnail, note);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mfc_page_thumbnail_init (MfcPageThumbnail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

MfcPageThumbnail *
mfc_page_thumbnail_new (void)
{
  return g_object_new (MFC_TYPE_PAGE_THUMBNAIL, NULL);
}

/**
 * mfc_page_thumbnail_set_page:
 * @page: (nullable): the page to show, %NULL when the grid unbinds
 * @position: its place in the document, from 0
 *
 * Shows @page: its number at once, its picture when decoded.
 */
void
mfc_page_thumbnail_set_page (MfcPageThumbnail *self,
                             MfcDocPage       *page,
                             guint             position,
                             guint             n_pages)
{
  const char *note = NULL;

  g_return_if_fail (MFC_IS_PAGE_THUMBNAIL (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->page, page);
  self->loaded = FALSE;
  gtk_picture_set_paintable (self->picture, NULL);

  if (page == NULL)
    return;

  mfc_page_thumbnail_set_position (self, position, n_pages);

  if (mfc_doc_page_get_kind (page) == MFC_PAGE_KIND_DOCX)
    note = _("DOCX, sent as it is");
  else if (mfc_doc_page_get_blank (page))
    note = _("Looks blank");
  gtk_label_set_text (self->note, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note), note != NULL);

  if (mfc_doc_page_get_kind (page) == MFC_PAGE_KIND_DOCX)
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (gtk_stack_get_child_by_name (self->picture_stack, "icon")),
                                    "x-office-document-symbolic");
      gtk_stack_set_visible_child_name (self->picture_stack, "icon");
      self->loaded = TRUE;
      return;
    }

  gtk_stack_set_visible_child_name (self->picture_stack, "loading");
  mfc_spinner_start (self->spinner);

  self->cancellable = g_cancellable_new ();
  {
    g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, rendered_cb, self);

    g_task_set_source_tag (task, mfc_page_thumbnail_set_page);
    g_task_set_task_data (task, g_object_ref (page), g_object_unref);
    g_task_run_in_thread (task, render_thread);
  }
}

/**
 * mfc_page_thumbnail_set_position:
 *
 * Renumbers the thumbnail (pages before it were added, removed or moved)
 * without decoding its picture again.
 */
void
mfc_page_thumbnail_set_position (MfcPageThumbnail *self,
                                 guint             position,
                                 guint             n_pages)
{
  g_autofree char *caption = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (MFC_IS_PAGE_THUMBNAIL (self));

  /* Translators: the page's number under its thumbnail */
  caption = g_strdup_printf (_("Page %u"), position + 1);
  gtk_label_set_text (self->caption, caption);
  /* Translators: what a screen reader says for a thumbnail */
  label = g_strdup_printf (C_("page thumbnail", "Page %u of %u"), position + 1, n_pages);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

MfcDocPage *
mfc_page_thumbnail_get_page (MfcPageThumbnail *self)
{
  g_return_val_if_fail (MFC_IS_PAGE_THUMBNAIL (self), NULL);

  return self->page;
}

/**
 * mfc_page_thumbnail_get_loaded:
 *
 * Returns: whether the picture (or the message why there is none) is shown
 */
gboolean
mfc_page_thumbnail_get_loaded (MfcPageThumbnail *self)
{
  g_return_val_if_fail (MFC_IS_PAGE_THUMBNAIL (self), FALSE);

  return self->loaded;
}
