/* mfc-checklist-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include "mfc-checklist-row.h"

struct _MfcChecklistRow
{
  GtkListBoxRow      parent_instance;

  MfcChecklistItem  *item;

  GtkLabel          *title_label;
  GtkLabel          *mandatory_label;
  GtkToggleButton   *original_button;
  GtkToggleButton   *copy_button;
  GtkToggleButton   *missing_button;
};

G_DEFINE_FINAL_TYPE (MfcChecklistRow, mfc_checklist_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  STATE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkToggleButton *
button_for (MfcChecklistRow   *self,
            MfcChecklistState  state)
{
  switch (state)
    {
    case MFC_CHECKLIST_ORIGINAL_SHOWN:
      return self->original_button;
    case MFC_CHECKLIST_COPY_ATTACHED:
      return self->copy_button;
    case MFC_CHECKLIST_NOT_PROVIDED:
    default:
      return self->missing_button;
    }
}

static void
toggled_cb (GtkToggleButton *button,
            MfcChecklistRow *self)
{
  MfcChecklistState state = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "state"));

  if (!gtk_toggle_button_get_active (button) || mfc_checklist_item_get_state (self->item) == state)
    return;

  g_signal_emit (self, signals[STATE_CHOSEN], 0, state);
}

static void
item_state_cb (MfcChecklistRow *self)
{
  mfc_checklist_row_sync (self);
}

static void
mfc_checklist_row_dispose (GObject *object)
{
  MfcChecklistRow *self = MFC_CHECKLIST_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MFC_TYPE_CHECKLIST_ROW);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (mfc_checklist_row_parent_class)->dispose (object);
}

static void
mfc_checklist_row_class_init (MfcChecklistRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mfc_checklist_row_dispose;

  /**
   * MfcChecklistRow::state-chosen:
   * @state: the mark the clerk pressed (an #MfcChecklistState)
   *
   * The item keeps its state until the checklist is told; the row then
   * follows it.
   */
  signals[STATE_CHOSEN] =
    g_signal_new ("state-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MFC_TYPE_CHECKLIST_STATE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mfcdesk/MfcDesk/intake/mfc-checklist-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MfcChecklistRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MfcChecklistRow, mandatory_label);
  gtk_widget_class_bind_template_child (widget_class, MfcChecklistRow, original_button);
  gtk_widget_class_bind_template_child (widget_class, MfcChecklistRow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, MfcChecklistRow, missing_button);
}

static void
mfc_checklist_row_init (MfcChecklistRow *self)
{
  static const MfcChecklistState states[] = {
    MFC_CHECKLIST_ORIGINAL_SHOWN,
    MFC_CHECKLIST_COPY_ATTACHED,
    MFC_CHECKLIST_NOT_PROVIDED,
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    g_object_set_data (G_OBJECT (button_for (self, states[i])), "state", GUINT_TO_POINTER (states[i]));
}

/**
 * mfc_checklist_row_new:
 * @item: the checklist item the row shows
 *
 * Returns: (transfer floating): the row
 */
GtkWidget *
mfc_checklist_row_new (MfcChecklistItem *item)
{
  MfcChecklistRow *self;
  GtkToggleButton *buttons[3];

  g_return_val_if_fail (MFC_IS_CHECKLIST_ITEM (item), NULL);

  self = g_object_new (MFC_TYPE_CHECKLIST_ROW, NULL);
  self->item = g_object_ref (item);
  gtk_label_set_text (self->title_label, mfc_checklist_item_get_title (item));
  gtk_widget_set_visible (GTK_WIDGET (self->mandatory_label), mfc_checklist_item_get_mandatory (item));

  buttons[0] = self->original_button;
  buttons[1] = self->copy_button;
  buttons[2] = self->missing_button;
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    gtk_accessible_update_property (GTK_ACCESSIBLE (buttons[i]),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    mfc_checklist_item_get_title (item), -1);

  mfc_checklist_row_sync (self);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    g_signal_connect_object (buttons[i], "toggled", G_CALLBACK (toggled_cb), self, 0);
  g_signal_connect_object (item, "notify::state", G_CALLBACK (item_state_cb), self,
                           G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

/**
 * mfc_checklist_row_get_item:
 *
 * Returns: (transfer none): the item
 */
MfcChecklistItem *
mfc_checklist_row_get_item (MfcChecklistRow *self)
{
  g_return_val_if_fail (MFC_IS_CHECKLIST_ROW (self), NULL);

  return self->item;
}

/**
 * mfc_checklist_row_sync:
 *
 * Shows the item's state again (after a choice the checklist refused).
 * The mark is seen from the side too: received in the accent colour, a
 * required document missing in red.
 */
void
mfc_checklist_row_sync (MfcChecklistRow *self)
{
  MfcChecklistState state;
  GtkToggleButton *active;
  GtkToggleButton *buttons[3];

  g_return_if_fail (MFC_IS_CHECKLIST_ROW (self));

  state = mfc_checklist_item_get_state (self->item);
  active = button_for (self, state);
  if (!gtk_toggle_button_get_active (active))
    gtk_toggle_button_set_active (active, TRUE);

  buttons[0] = self->original_button;
  buttons[1] = self->copy_button;
  buttons[2] = self->missing_button;
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (buttons[i]), "suggested-action");
      gtk_widget_remove_css_class (GTK_WIDGET (buttons[i]), "destructive-action");
    }
  if (state != MFC_CHECKLIST_NOT_PROVIDED)
    gtk_widget_add_css_class (GTK_WIDGET (active), "suggested-action");
  else if (mfc_checklist_item_get_mandatory (self->item))
    gtk_widget_add_css_class (GTK_WIDGET (active), "destructive-action");
}
