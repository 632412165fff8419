/* mfc-page.h — what a section of the window is: one page, built with the
 * context, told when the clerk sees it, adding its own actions and
 * shortcuts to the window.
 *
 * A section is a subclass of MfcPage in its own folder and one row of the
 * section table in mfc-window.c; nothing else in the shell changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mfc-context.h"

G_BEGIN_DECLS

#define MFC_TYPE_PAGE (mfc_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (MfcPage, mfc_page, MFC, PAGE, AdwBin)

/**
 * MfcPageClass:
 * @shown: the page became the one the clerk sees (its section is chosen
 *   and a clerk is logged in).  Start live updates, refresh stale data.
 * @hidden: the page is no longer seen: another section, the lock screen,
 *   a logout.  Stop what only matters on screen; never drop what the
 *   clerk typed (the same page comes back after a lock).
 * @add_actions: called once, when the window takes the page in.  Add
 *   actions to @actions (the window's map: "win.<name>" for menus and
 *   buttons) and shortcuts to @shortcuts (a controller on the whole
 *   window); list each shortcut in the shortcuts window.  Give the actions
 *   names that start with the section's name ("tickets-refresh") so two
 *   sections cannot collide.  Disable what makes no sense while hidden in
 *   @hidden.
 */
struct _MfcPageClass
{
  AdwBinClass parent_class;

  void (*shown)       (MfcPage               *self);
  void (*hidden)      (MfcPage               *self);
  void (*add_actions) (MfcPage               *self,
                       GActionMap            *actions,
                       GtkShortcutController *shortcuts);

  /*< private >*/
  gpointer padding[8];
};

/**
 * MfcPageShortcut:
 * @accel: a trigger as gtk_shortcut_trigger_parse_string() reads it
 * @action: the detailed action it runs ("win.tickets-search")
 */
typedef struct
{
  const char *accel;
  const char *action;
} MfcPageShortcut;

MfcContext *mfc_page_get_context (MfcPage               *self);
gboolean    mfc_page_get_active  (MfcPage               *self);
void        mfc_page_set_active  (MfcPage               *self,
                                  gboolean               active);
void        mfc_page_add_actions (MfcPage               *self,
                                  GActionMap            *actions,
                                  GtkShortcutController *shortcuts);
void        mfc_page_install_actions (MfcPage               *self,
                                      GActionMap            *actions,
                                      GtkShortcutController *shortcuts,
                                      const GActionEntry    *entries,
                                      guint                  n_entries,
                                      const MfcPageShortcut *page_shortcuts,
                                      guint                  n_shortcuts);
void        mfc_page_set_action_enabled (MfcPage        *self,
                                         const char     *name,
                                         gboolean        enabled);

G_END_DECLS
