/* mfc-office-layer.h — the map's office badges, all drawn by one widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

/* How a badge looks: an office coloured by its load, or a count of
 * offices sized by how many it holds. */
typedef enum
{
  MFC_BADGE_LOAD_LOW,
  MFC_BADGE_LOAD_MEDIUM,
  MFC_BADGE_LOAD_HIGH,
  MFC_BADGE_CLUSTER,
  MFC_BADGE_CLUSTER_BIG,
  MFC_BADGE_CLUSTER_HUGE,
} MfcBadgeKind;

typedef struct
{
  double        lat;
  double        lon;
  MfcBadgeKind  kind;
  gboolean      selected;  /* drawn with the selection's ring, above the others */
  char         *text;      /* what the badge says (owned) */
  char         *tooltip;   /* what the pointer is told (owned) */
} MfcBadge;

void mfc_badge_clear (MfcBadge *badge);

#define MFC_TYPE_OFFICE_LAYER (mfc_office_layer_get_type ())
G_DECLARE_FINAL_TYPE (MfcOfficeLayer, mfc_office_layer, MFC, OFFICE_LAYER, ShumateLayer)

MfcOfficeLayer *mfc_office_layer_new            (ShumateViewport *viewport);
GArray         *mfc_office_layer_get_badges     (MfcOfficeLayer  *self);
void            mfc_office_layer_badges_changed (MfcOfficeLayer  *self);
int             mfc_office_layer_badge_at       (MfcOfficeLayer  *self,
                                                 double           x,
                                                 double           y);
gboolean        mfc_office_layer_get_badge_rect (MfcOfficeLayer  *self,
                                                 guint            index,
                                                 graphene_rect_t *rect);
guint           mfc_office_layer_get_n_drawn    (MfcOfficeLayer  *self);
gint64          mfc_office_layer_get_snapshot_us (MfcOfficeLayer *self);

G_END_DECLS
