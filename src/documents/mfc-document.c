/* mfc-document.c
 *
 * The undo stack records what each edit replaced (the page and its index
 * for a delete, the old rotation or crop, the move's two indices), so an
 * undo is the inverse edit, signalled like any other.  A page taken out of
 * the document stays referenced by its undo entry; its file in the page
 * store is only removed when the store is cleared.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-documents"

#include "config.h"

#include <string.h>

#include "mfc-document.h"

typedef enum {
  EDIT_REMOVE,
  EDIT_MOVE,
  EDIT_ROTATE,
  EDIT_CROP,
} EditKind;

typedef struct {
  EditKind     kind;
  MfcDocPage  *page;       /* the page edited (a reference) */
  guint        index;      /* where it was (remove), from (move) */
  guint        to;         /* move: where it went */
  int          rotation;   /* rotate: the rotation before */
  MfcCropRect  crop;       /* crop: the rectangle before */
} Edit;

struct _MfcDocument
{
  GObject    parent_instance;

  GPtrArray *pages;   /* MfcDocPage */
  GQueue     undo;    /* Edit, newest at the head */
};

static void mfc_document_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MfcDocument, mfc_document, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      mfc_document_list_model_init))

enum {
  PROP_0,
  PROP_N_PAGES,
  PROP_CAN_UNDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PAGE_ADDED,
  PAGE_REMOVED,
  PAGE_CHANGED,
  PAGES_REORDERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
edit_free (Edit *edit)
{
  g_clear_object (&edit->page);
  g_free (edit);
}

static void
push_edit (MfcDocument *self,
           Edit        *edit)
{
  gboolean could = mfc_document_can_undo (self);

  g_queue_push_head (&self->undo, edit);
  while (self->undo.length > MFC_DOCUMENT_UNDO_DEPTH)
    edit_free (g_queue_pop_tail (&self->undo));
  if (!could)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
}

static void
do_insert (MfcDocument *self,
           guint        index,
           MfcDocPage  *page)
{
  g_ptr_array_insert (self->pages, (int) index, g_object_ref (page));
  g_list_model_items_changed (G_LIST_MODEL (self), index, 0, 1);
  g_signal_emit (self, signals[PAGE_ADDED], 0, page, index);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
}

/* Returns the page taken out (a reference). */
static MfcDocPage *
do_remove (MfcDocument *self,
           guint        index)
{
  MfcDocPage *page = g_ptr_array_steal_index (self->pages, index);

  g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 0);
  g_signal_emit (self, signals[PAGE_REMOVED], 0, page, index);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  return page;
}

static void
do_move (MfcDocument *self,
         guint        from,
         guint        to)
{
  MfcDocPage *page = g_ptr_array_steal_index (self->pages, from);

  g_ptr_array_insert (self->pages, (int) to, page);
  g_list_model_items_changed (G_LIST_MODEL (self), MIN (from, to),
                              MAX (from, to) - MIN (from, to) + 1,
                              MAX (from, to) - MIN (from, to) + 1);
  g_signal_emit (self, signals[PAGES_REORDERED], 0, from, to);
}

static void
page_changed (MfcDocument *self,
              guint        index)
{
  g_signal_emit (self, signals[PAGE_CHANGED], 0,
                 g_ptr_array_index (self->pages, index), index);
}

/* GListModel */

static GType
mfc_document_get_item_type (GListModel *model)
{
  return MFC_TYPE_DOC_PAGE;
}

static guint
mfc_document_get_n_items (GListModel *model)
{
  return MFC_DOCUMENT (model)->pages->len;
}

static gpointer
mfc_document_get_item (GListModel *model,
                       guint       position)
{
  MfcDocument *self = MFC_DOCUMENT (model);

  if (position >= self->pages->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->pages, position));
}

static void
mfc_document_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mfc_document_get_item_type;
  iface->get_n_items = mfc_document_get_n_items;
  iface->get_item = mfc_document_get_item;
}

/* GObject */

static void
mfc_document_finalize (GObject *object)
{
  MfcDocument *self = MFC_DOCUMENT (object);

  g_queue_clear_full (&self->undo, (GDestroyNotify) edit_free);
  g_ptr_array_unref (self->pages);

  G_OBJECT_CLASS (mfc_document_parent_class)->finalize (object);
}

static void
mfc_document_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MfcDocument *self = MFC_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_N_PAGES:
      g_value_set_uint (value, self->pages->len);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, mfc_document_can_undo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_document_class_init (MfcDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mfc_document_finalize;
  object_class->get_property = mfc_document_get_property;

  /**
   * MfcDocument:n-pages:
   *
   * How many pages the document has.
   */
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * MfcDocument:can-undo:
   *
   * Whether mfc_document_undo() has an edit to take back.
   */
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcDocument::page-added:
   * @self: the document
   * @page: the page
   * @index: where it now is
   */
  signals[PAGE_ADDED] =
    g_signal_new ("page-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, MFC_TYPE_DOC_PAGE, G_TYPE_UINT);
  /**
   * MfcDocument::page-removed:
   * @self: the document
   * @page: the page
   * @index: where it was
   */
  signals[PAGE_REMOVED] =
    g_signal_new ("page-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, MFC_TYPE_DOC_PAGE, G_TYPE_UINT);
  /**
   * MfcDocument::page-changed:
   * @self: the document
   * @page: the page
   * @index: where it is
   *
   * The page's rotation, crop or blank flag changed.
   */
  signals[PAGE_CHANGED] =
    g_signal_new ("page-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, MFC_TYPE_DOC_PAGE, G_TYPE_UINT);
  /**
   * MfcDocument::pages-reordered:
   * @self: the document
   * @from: the index the page was at
   * @to: the index it is at now (the pages between shift by one)
   */
  signals[PAGES_REORDERED] =
    g_signal_new ("pages-reordered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
mfc_document_init (MfcDocument *self)
{
  self->pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&self->undo);
}

/* Public API */

/**
 * mfc_document_new:
 *
 * Returns: (transfer full): an empty document
 */
MfcDocument *
mfc_document_new (void)
{
  return g_object_new (MFC_TYPE_DOCUMENT, NULL);
}

guint
mfc_document_get_n_pages (MfcDocument *self)
{
  g_return_val_if_fail (MFC_IS_DOCUMENT (self), 0);
  return self->pages->len;
}

/**
 * mfc_document_get_page:
 * @self: a document
 * @index: a page index
 *
 * Returns: (transfer none): the page at @index
 */
MfcDocPage *
mfc_document_get_page (MfcDocument *self,
                       guint        index)
{
  g_return_val_if_fail (MFC_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->pages->len, NULL);
  return g_ptr_array_index (self->pages, index);
}

/**
 * mfc_document_find_page:
 * @self: a document
 * @page: a page
 * @index: (out) (optional): where it is
 *
 * Returns: %TRUE if @page is in the document
 */
gboolean
mfc_document_find_page (MfcDocument *self,
                        MfcDocPage  *page,
                        guint       *index)
{
  g_return_val_if_fail (MFC_IS_DOCUMENT (self), FALSE);
  return g_ptr_array_find (self->pages, page, index);
}

/**
 * mfc_document_append_page:
 * @self: a document
 * @page: a page not in any document
 *
 * Adds @page at the end (not an undoable edit: a scanned or imported page
 * is removed with mfc_document_remove_page()).
 */
void
mfc_document_append_page (MfcDocument *self,
                          MfcDocPage  *page)
{
  g_return_if_fail (MFC_IS_DOCUMENT (self));
  mfc_document_insert_page (self, self->pages->len, page);
}

/**
 * mfc_document_insert_page:
 * @self: a document
 * @index: where (up to the number of pages)
 * @page: a page not in the document
 */
void
mfc_document_insert_page (MfcDocument *self,
                          guint        index,
                          MfcDocPage  *page)
{
  g_return_if_fail (MFC_IS_DOCUMENT (self));
  g_return_if_fail (MFC_IS_DOC_PAGE (page));
  g_return_if_fail (index <= self->pages->len);
  g_return_if_fail (!g_ptr_array_find (self->pages, page, NULL));

  do_insert (self, index, page);
}

/**
 * mfc_document_remove_page:
 * @self: a document
 * @index: the page to delete
 *
 * Deletes a page; undoable.
 */
void
mfc_document_remove_page (MfcDocument *self,
                          guint        index)
{
  Edit *edit;

  g_return_if_fail (MFC_IS_DOCUMENT (self));
  g_return_if_fail (index < self->pages->len);

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_REMOVE;
  edit->index = index;
  edit->page = do_remove (self, index);
  push_edit (self, edit);
}

/**
 * mfc_document_move_page:
 * @self: a document
 * @from: the page to move
 * @to: where it goes (the index it will have)
 *
 * Moves one page; undoable.
 */
void
mfc_document_move_page (MfcDocument *self,
                        guint        from,
                        guint        to)
{
  Edit *edit;

  g_return_if_fail (MFC_IS_DOCUMENT (self));
  g_return_if_fail (from < self->pages->len && to < self->pages->len);

  if (from == to)
    return;
  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_MOVE;
  edit->page = g_object_ref (g_ptr_array_index (self->pages, from));
  edit->index = from;
  edit->to = to;
  do_move (self, from, to);
  push_edit (self, edit);
}

/**
 * mfc_document_rotate_page:
 * @self: a document
 * @index: a page
 * @degrees: clockwise, a multiple of 90 (-90 turns left)
 *
 * Turns a page by @degrees from where it is; undoable.
 */
void
mfc_document_rotate_page (MfcDocument *self,
                          guint        index,
                          int          degrees)
{
  MfcDocPage *page;
  Edit *edit;

  g_return_if_fail (MFC_IS_DOCUMENT (self));
  g_return_if_fail (index < self->pages->len);
  g_return_if_fail (degrees % 90 == 0);

  page = g_ptr_array_index (self->pages, index);
  if (!mfc_doc_page_is_editable (page) || degrees % 360 == 0)
    return;
  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_ROTATE;
  edit->page = g_object_ref (page);
  edit->rotation = mfc_doc_page_get_rotation (page);
  mfc_doc_page_set_rotation (page, edit->rotation + degrees);
  push_edit (self, edit);
  page_changed (self, index);
}

/**
 * mfc_document_crop_page:
 * @self: a document
 * @index: a page
 * @crop: (nullable): the rectangle to keep, in source pixels before
 *   rotation; %NULL or a zero size takes the crop off
 *
 * Undoable.
 */
void
mfc_document_crop_page (MfcDocument       *self,
                        guint              index,
                        const MfcCropRect *crop)
{
  MfcDocPage *page;
  MfcCropRect before, after;
  Edit *edit;

  g_return_if_fail (MFC_IS_DOCUMENT (self));
  g_return_if_fail (index < self->pages->len);

  page = g_ptr_array_index (self->pages, index);
  if (!mfc_doc_page_is_editable (page))
    return;
  mfc_doc_page_get_crop (page, &before);
  mfc_doc_page_set_crop (page, crop);
  mfc_doc_page_get_crop (page, &after);
  if (memcmp (&before, &after, sizeof before) == 0)
    return;
  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_CROP;
  edit->page = g_object_ref (page);
  edit->crop = before;
  push_edit (self, edit);
  page_changed (self, index);
}

/**
 * mfc_document_set_page_blank:
 * @self: a document
 * @index: a page
 * @blank: what blank-page detection said
 *
 * Marks a page blank (offered for removal) or not; not an undoable edit.
 */
void
mfc_document_set_page_blank (MfcDocument *self,
                             guint        index,
                             gboolean     blank)
{
  MfcDocPage *page;

  g_return_if_fail (MFC_IS_DOCUMENT (self));
  g_return_if_fail (index < self->pages->len);

  page = g_ptr_array_index (self->pages, index);
  if (mfc_doc_page_get_blank (page) == !!blank)
    return;
  mfc_doc_page_set_blank (page, blank);
  page_changed (self, index);
}

/**
 * mfc_document_clear:
 * @self: a document
 *
 * Removes every page and forgets the undo stack (after an upload, or when
 * the clerk discards the document).
 */
void
mfc_document_clear (MfcDocument *self)
{
  g_return_if_fail (MFC_IS_DOCUMENT (self));

  mfc_document_clear_undo (self);
  while (self->pages->len > 0)
    g_object_unref (do_remove (self, self->pages->len - 1));
}

gboolean
mfc_document_can_undo (MfcDocument *self)
{
  g_return_val_if_fail (MFC_IS_DOCUMENT (self), FALSE);
  return self->undo.length > 0;
}

/**
 * mfc_document_undo:
 * @self: a document
 *
 * Takes back the last delete, move, rotation or crop.
 *
 * Returns: %TRUE if there was one
 */
gboolean
mfc_document_undo (MfcDocument *self)
{
  Edit *edit;
  guint index;

  g_return_val_if_fail (MFC_IS_DOCUMENT (self), FALSE);

  edit = g_queue_pop_head (&self->undo);
  if (edit == NULL)
    return FALSE;

  switch (edit->kind)
    {
    case EDIT_REMOVE:
      do_insert (self, MIN (edit->index, self->pages->len), edit->page);
      break;
    case EDIT_MOVE:
      if (mfc_document_find_page (self, edit->page, &index))
        do_move (self, index, MIN (edit->index, self->pages->len - 1));
      break;
    case EDIT_ROTATE:
      mfc_doc_page_set_rotation (edit->page, edit->rotation);
      if (mfc_document_find_page (self, edit->page, &index))
        page_changed (self, index);
      break;
    case EDIT_CROP:
      mfc_doc_page_set_crop (edit->page, &edit->crop);
      if (mfc_document_find_page (self, edit->page, &index))
        page_changed (self, index);
      break;
    default:
      g_assert_not_reached ();
    }
  edit_free (edit);
  if (self->undo.length == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  return TRUE;
}

/**
 * mfc_document_clear_undo:
 * @self: a document
 */
void
mfc_document_clear_undo (MfcDocument *self)
{
  g_return_if_fail (MFC_IS_DOCUMENT (self));

  if (self->undo.length == 0)
    return;
  g_queue_clear_full (&self->undo, (GDestroyNotify) edit_free);
  g_queue_init (&self->undo);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
}
