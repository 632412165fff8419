/* mfc-ticket-timeline.h — a ticket's story for the ticket view: every
 * move (who, when, comment, reason), every comment and escalation, the
 * spans its deadline clock was paused, oldest first, with times in the
 * office's zone (the offset the service gave).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  MFC_TIMELINE_TRANSITION,
  MFC_TIMELINE_COMMENT,
  MFC_TIMELINE_ESCALATION,
  MFC_TIMELINE_PAUSE,
} MfcTimelineKind;

#define MFC_TYPE_TIMELINE_ITEM (mfc_timeline_item_get_type ())
G_DECLARE_FINAL_TYPE (MfcTimelineItem, mfc_timeline_item, MFC, TIMELINE_ITEM, GObject)

MfcTimelineKind  mfc_timeline_item_get_kind   (MfcTimelineItem *self);
GDateTime       *mfc_timeline_item_get_at     (MfcTimelineItem *self);
const char      *mfc_timeline_item_get_who    (MfcTimelineItem *self);
const char      *mfc_timeline_item_get_title  (MfcTimelineItem *self);
const char      *mfc_timeline_item_get_text   (MfcTimelineItem *self);
char            *mfc_timeline_item_dup_when   (MfcTimelineItem *self);

GListModel      *mfc_ticket_timeline_new      (JsonObject      *detail);

G_END_DECLS
