/* bench-intake-new.c — Ctrl+N on the intake page: from the action to the
 * new-applicant form on screen, its first field focused (issue 6, target
 * < 50 ms).
 *
 * The intake page sits in a window of its own with its actions, as the
 * main window holds it.  Each round activates win.intake-new (what Ctrl+N
 * does), then waits until the page shows the form, the first field has
 * the focus and the frame clock has painted once after that; then
 * win.intake-back returns to the search.  The time is taken from just
 * before the activation to that paint.
 *
 * The anchor, in the same window and the same run: a GtkStack switched to
 * a page holding one GtkEntry that takes the focus, waited for the same
 * way — the least any "show a form" can cost on this machine and display.
 * Prints one JSON object with the median, p95 and the longest of each and
 * the ratio of the medians.  Nothing is asserted.
 *
 *   bench-intake-new [--rounds 50]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-bench"

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <stdlib.h>

#include "mfc-context.h"
#include "mfc-intake-page.h"

#include "bench-stats.h"

typedef struct
{
  GtkWidget *window;
  GtkWidget *target;      /* what must have the focus */
  gboolean   painted;
  gulong     paint_id;
} Round;

static void
after_paint_cb (GdkFrameClock *clock,
                Round         *round)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (round->window));

  if (focus != NULL && (focus == round->target || gtk_widget_is_ancestor (focus, round->target)))
    round->painted = TRUE;
}

/* Keeps the frame clock running while a round waits */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates until the frame after the focus landed on @target is painted */
static void
wait_painted (Round *round)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (round->window);
  gboolean expired = FALSE;
  guint guard = g_timeout_add_seconds (10, timeout_cb, &expired);

  round->painted = FALSE;
  guint tick;

  round->paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), round);
  tick = gtk_widget_add_tick_callback (round->window, tick_cb, NULL, NULL);
  while (!round->painted && !expired)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (round->window, tick);
  g_signal_handler_disconnect (clock, round->paint_id);
  if (!round->painted)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (round->window));

      g_error ("The form was not on screen within 10 s (focus on a %s in a %s)",
               focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing",
               focus != NULL ? G_OBJECT_TYPE_NAME (gtk_widget_get_ancestor (focus, GTK_TYPE_BOX)) : "-");
    }
  g_source_remove (guard);
}

static void
settle (void)
{
  for (int i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}



static void
print_figures (const char *name,
               GArray     *ms,
               gboolean    last)
{
  g_array_sort (ms, bench_compare_doubles);
  g_print ("  \"%s\": {\"rounds\": %u, \"median_ms\": %.2f, \"p95_ms\": %.2f, \"max_ms\": %.2f}%s\n",
           name, ms->len, bench_percentile (ms, 0.5), bench_percentile (ms, 0.95),
           g_array_index (ms, double, ms->len - 1), last ? "" : ",");
}

static GtkWidget *
first_field (MfcIntakePage *page)
{
  return GTK_WIDGET (mfc_intake_page_get_editor (page));
}

int
main (int   argc,
      char *argv[])
{
  int rounds = 50;
  const GOptionEntry entries[] = {
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds of each (default 50)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— Ctrl+N to the new-applicant form");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(MfcContext) context = NULL;
  g_autoptr(GArray) page_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) anchor_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GtkShortcutController *shortcuts;
  GtkWidget *stack, *search, *entry;
  MfcIntakePage *page;
  Round round = { 0 };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || rounds < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--rounds must be at least 1");
      return 2;
    }

  adw_init ();
  settings = g_settings_new (APP_ID);
  context = mfc_context_new (settings);

  round.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (round.window), 1280, 800);
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_widget_add_controller (round.window, GTK_EVENT_CONTROLLER (shortcuts));

  /* The anchor's stack and the page side by side in one stack */
  stack = gtk_stack_new ();
  search = gtk_label_new ("");
  entry = gtk_entry_new ();
  page = g_object_new (MFC_TYPE_INTAKE_PAGE, "context", context, NULL);
  gtk_stack_add_named (GTK_STACK (stack), GTK_WIDGET (page), "page");
  gtk_stack_add_named (GTK_STACK (stack), search, "anchor-search");
  gtk_stack_add_named (GTK_STACK (stack), entry, "anchor-form");
  gtk_window_set_child (GTK_WINDOW (round.window), stack);

  {
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

    g_auto(GStrv) names = NULL;

    mfc_page_add_actions (MFC_PAGE (page), G_ACTION_MAP (group), shortcuts);
    gtk_widget_insert_action_group (round.window, "win", G_ACTION_GROUP (group));
    mfc_page_set_active (MFC_PAGE (page), TRUE);
    /* The page enables its actions in its window's map (an
     * AdwApplicationWindow); this plain window holds them in a group. */
    names = g_action_group_list_actions (G_ACTION_GROUP (group));
    for (guint i = 0; names[i] != NULL; i++)
      g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (group), names[i])),
                                   TRUE);
  }
  gtk_window_present (GTK_WINDOW (round.window));
  settle ();

  for (int i = 0; i < rounds; i++)
    {
      gint64 start;

      /* The page: Ctrl+N, then back to the search */
      gtk_stack_set_visible_child_name (GTK_STACK (stack), "page");
      gtk_widget_activate_action (round.window, "win.intake-back", NULL);
      settle ();
      round.target = first_field (page);
      start = g_get_monotonic_time ();
      gtk_widget_activate_action (round.window, "win.intake-new", NULL);
      if (g_strcmp0 (mfc_intake_page_get_view (page), "applicant") != 0)
        g_error ("Ctrl+N did not show the form (view “%s”)", mfc_intake_page_get_view (page));
      wait_painted (&round);
      {
        double ms = (g_get_monotonic_time () - start) / 1000.0;

        g_array_append_val (page_ms, ms);
      }
      if (g_strcmp0 (mfc_intake_page_get_view (page), "applicant") != 0)
        g_error ("Ctrl+N did not show the form (view “%s”)", mfc_intake_page_get_view (page));

      /* The anchor: a stack page with one entry */
      gtk_stack_set_visible_child_name (GTK_STACK (stack), "anchor-search");
      settle ();
      round.target = entry;
      start = g_get_monotonic_time ();
      gtk_stack_set_visible_child_name (GTK_STACK (stack), "anchor-form");
      gtk_widget_grab_focus (entry);
      wait_painted (&round);
      {
        double ms = (g_get_monotonic_time () - start) / 1000.0;

        g_array_append_val (anchor_ms, ms);
      }
    }

  g_print ("{\n");
  print_figures ("ctrl_n_to_form", page_ms, FALSE);
  print_figures ("anchor_stack_entry", anchor_ms, FALSE);
  g_print ("  \"ratio_median\": %.2f\n}\n",
           bench_percentile (page_ms, 0.5) / MAX (bench_percentile (anchor_ms, 0.5), 0.001));

  gtk_window_destroy (GTK_WINDOW (round.window));
  return 0;
}
