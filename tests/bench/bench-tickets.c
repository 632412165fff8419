/* bench-tickets.c — the «Обращения» list against the large seed (issue 9):
 *
 *  1. filter change → first page drawn: a filter control changes, the
 *     list cancels what was in flight, the first page of the new filter
 *     lands and the frame after it is painted (target p95 ≤ 100 ms).
 *     Anchor, same run: the same `GET /api/v1/tickets` sent with a bare
 *     SoupSession and read to the last byte (no parsing, no drawing),
 *     once the status counts that follow the page have landed.
 *  2. scrolling 10 000 rows: the list is loaded to 10 000 tickets (pages
 *     fetched as the view nears its end), then scrolled from the top to
 *     the 10 000th row, a fixed step per frame; frames per second and the
 *     frame intervals (target ≥ 55 fps).  Anchor, same run and window
 *     size: a bare GtkColumnView of 8 columns of GtkInscription over a
 *     GListStore of as many GtkStringObjects, scrolled the same way.
 *  3. RSS after that, beside the minimal libadwaita window (hello-adw,
 *     /work/shared/bench/hello-adw.c, started on the same display in the
 *     same run; target ≤ 40 MiB above it).
 *
 * The page is the real MfcTicketsPage in a window of its own, logged in as
 * the training clerk; the server is mfc-training-server in its own process
 * over a database seeded `large` (kept, so only the first run seeds).
 * Prints one JSON object.  Nothing is asserted.
 *
 *   bench-tickets --server PATH --db FILE [--seed large|demo] [--hello PATH]
 *                 [--rounds 30] [--rows 10000]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-bench"

#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "mfc-context.h"
#include "mfc-doc-page.h"
#include "mfc-tickets-page.h"

#include "bench-stats.h"

typedef struct
{
  GSubprocess      *server;
  GDataInputStream *err;
  char             *base_url;
  gboolean          seeding;
} Server;

typedef struct
{
  GtkWidget *window;
  gboolean   painted;
  guint      frames;
  gint64     last_frame;
  GArray    *intervals;   /* ms between paints while scrolling */
} Paint;

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Cond) (gpointer data);

static void
wait_for (Cond        cond,
          gpointer    data,
          guint       seconds,
          const char *what)
{
  gboolean expired = FALSE;
  guint guard = g_timeout_add_seconds (seconds, flag_cb, &expired);

  while (!cond (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!cond (data))
    g_error ("Still waiting for %s after %u s", what, seconds);
  g_source_remove (guard);
}

static void
server_line_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Server *s = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  const char *found;

  if (line == NULL)
    return;
  if ((found = strstr (line, "Training server at ")) != NULL && s->base_url == NULL)
    {
      const char *url = found + strlen ("Training server at ");
      const char *end = strchr (url, ' ');

      s->base_url = end != NULL ? g_strndup (url, end - url) : g_strdup (url);
    }
  g_data_input_stream_read_line_async (s->err, G_PRIORITY_DEFAULT, NULL, server_line_cb, s);
}

static gboolean
server_ready (gpointer data)
{
  return ((Server *) data)->base_url != NULL;
}

static void
start_server (Server     *s,
              const char *path,
              const char *db,
              const char *seed)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;
  gboolean fresh = !g_file_test (db, G_FILE_TEST_EXISTS);
  const char *argv[] = { path, "--listen", "127.0.0.1:0", "--db", db, "--seed", fresh ? seed : "none", NULL };

  if (fresh)
    g_printerr ("Seeding “%s” into %s…\n", seed, db);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);
  s->server = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (s->server == NULL)
    g_error ("%s", error->message);
  s->err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (s->server));
  g_data_input_stream_read_line_async (s->err, G_PRIORITY_DEFAULT, NULL, server_line_cb, s);
  wait_for (server_ready, s, 1800, "the training server");
}

static void
after_paint_cb (GdkFrameClock *clock,
                Paint         *paint)
{
  gint64 now = g_get_monotonic_time ();

  if (paint->intervals != NULL && paint->last_frame != 0)
    {
      double ms = (now - paint->last_frame) / 1000.0;

      g_array_append_val (paint->intervals, ms);
    }
  paint->last_frame = now;
  paint->frames++;
  paint->painted = TRUE;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
painted (gpointer data)
{
  return ((Paint *) data)->painted;
}

typedef struct
{
  MfcTicketList *list;
  guint          generation;
} ListWait;

static gboolean
first_page_in (gpointer data)
{
  ListWait *w = data;

  /* The filter's first page has landed (the rows were emptied when the
   * filter changed); the page may already be fetching the next ones, two
   * screens ahead, which the clerk does not wait for. */
  return mfc_ticket_list_get_generation (w->list) == w->generation &&
         (g_list_model_get_n_items (G_LIST_MODEL (w->list)) > 0 || mfc_ticket_list_get_error (w->list) != NULL ||
          !mfc_ticket_list_get_loading (w->list));
}

static gboolean
list_idle (gpointer data)
{
  return !mfc_ticket_list_get_loading (data);
}

static gboolean
counts_in (gpointer data)
{
  return !mfc_ticket_list_get_counts_loading (data);
}

static gboolean
logged_in (gpointer data)
{
  return mfc_session_get_state (data) == MFC_SESSION_LOGGED_IN;
}

static void
soup_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static long
rss_kib (GPid pid)
{
  g_autofree char *path = pid == 0 ? g_strdup ("/proc/self/status") : g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, "VmRSS:")) == NULL)
    return -1;
  return strtol (line + 6, NULL, 10);
}

/* With BENCH_SMAPS_DIR set, keeps /proc/PID/smaps there as NAME.smaps,
 * for tests/bench/smaps-summary.py to split the RSS by mapping. */
static void
keep_smaps (GPid        pid,
            const char *name)
{
  const char *dir = g_getenv ("BENCH_SMAPS_DIR");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;

  if (dir == NULL)
    return;
  path = pid == 0 ? g_strdup ("/proc/self/smaps") : g_strdup_printf ("/proc/%d/smaps", pid);
  out = g_strdup_printf ("%s/%s.smaps", dir, name);
  if (g_file_get_contents (path, &text, NULL, NULL))
    g_file_set_contents (out, text, -1, NULL);
}

static void
settle_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
anchor_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  data)
{
  gtk_list_item_set_child (item, gtk_inscription_new (NULL));
}

static void
anchor_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  data)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)),
                            gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

/* Scrolls @scroller from the top to @rows rows down, 20 rows a frame
 * (500 frames for 10 000 rows); returns frames per second */
static double
scroll_rows (Paint             *paint,
             GtkScrolledWindow *scroller,
             guint              n_items,
             guint              rows,
             GArray            *intervals,
             double            *seconds)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (scroller);
  double row_height, target, step;
  guint frames_before;
  gint64 start;

  gtk_adjustment_set_value (adj, 0);
  settle_ms (300);
  row_height = gtk_adjustment_get_upper (adj) / MAX (1, n_items);
  target = row_height * MIN (rows, n_items);
  step = row_height * 20;
  paint->intervals = intervals;
  paint->last_frame = 0;
  frames_before = paint->frames;
  start = g_get_monotonic_time ();
  while (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) < MIN (target, gtk_adjustment_get_upper (adj)) - 1)
    {
      paint->painted = FALSE;
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + step);
      wait_for (painted, paint, 10, "a frame while scrolling");
    }
  *seconds = (g_get_monotonic_time () - start) / 1e6;
  paint->intervals = NULL;
  return (paint->frames - frames_before) / MAX (*seconds, 1e-6);
}

static void
print_figures (const char *name,
               GArray     *ms)
{
  g_array_sort (ms, bench_compare_doubles);
  g_print ("  \"%s\": {\"rounds\": %u, \"median_ms\": %.2f, \"p95_ms\": %.2f, \"max_ms\": %.2f},\n",
           name, ms->len, bench_percentile (ms, 0.5), bench_percentile (ms, 0.95),
           g_array_index (ms, double, ms->len - 1));
}

/* The filter of round @i: statuses, types, overdue, search, sort in turn */
static void
set_filter (MfcTicketFilter *f,
            guint            i)
{
  static const char * const s1[] = { "in_progress", NULL };
  static const char * const s2[] = { "accepted", "in_approval", NULL };
  static const char * const s3[] = { "awaiting_documents", NULL };
  static const char * const none[] = { NULL };

  switch (i % 6)
    {
    case 0: mfc_ticket_filter_set_statuses (f, s1); mfc_ticket_filter_set_kind (f, NULL); break;
    case 1: mfc_ticket_filter_set_kind (f, "complaint"); break;
    case 2: mfc_ticket_filter_set_statuses (f, s2); mfc_ticket_filter_set_kind (f, NULL); break;
    case 3: mfc_ticket_filter_set_overdue (f, TRUE); break;
    case 4: mfc_ticket_filter_set_overdue (f, FALSE); mfc_ticket_filter_set_statuses (f, s3);
            mfc_ticket_filter_set_sort (f, "due_date"); break;
    default: mfc_ticket_filter_set_statuses (f, none); mfc_ticket_filter_set_sort (f, "-created_at"); break;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *server_path = NULL;
  g_autofree char *db = NULL;
  g_autofree char *hello = NULL;
  g_autofree char *seed = NULL;
  int rounds = 30;
  int rows = 10000;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server_path, "mfc-training-server", "PATH" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "Database, seeded large when missing", "FILE" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed, "Seed of a new database: large (default) or demo", "SEED" },
    { "hello", 0, 0, G_OPTION_ARG_FILENAME, &hello, "The minimal libadwaita window (hello-adw)", "PATH" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Filter changes (default 30)", "N" },
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "Rows to scroll (default 10000)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("— the tickets list on the large seed");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(MfcContext) context = NULL;
  g_autoptr(GArray) filter_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) anchor_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(SoupSession) soup = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Server server = { 0 };
  Paint paint = { 0 };
  MfcTicketsPage *page;
  MfcTicketList *list;
  GtkScrolledWindow *scroller;
  GdkFrameClock *clock;
  GtkShortcutController *shortcuts;
  guint tick;
  gulong paint_id;
  double scroll_seconds, fps, anchor_seconds = 0, anchor_fps = 0;
  g_autoptr(GArray) anchor_frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 start;
  long rss_page, rss_first, rss_hello = -1;

  mfc_page_memory_setup ();   /* as the app's main() */
  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || server_path == NULL || db == NULL)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--server and --db are needed");
      return 2;
    }

  adw_init ();
  start_server (&server, server_path, db, seed != NULL ? seed : "large");

  settings = g_settings_new (APP_ID);
  context = mfc_context_new (settings);
  if (!mfc_context_set_server (context, server.base_url, &error))
    g_error ("%s", error->message);
  mfc_session_login_async (mfc_context_get_session (context), "clerk", "demo", NULL, NULL,
                           (GAsyncReadyCallback) NULL, NULL);
  wait_for (logged_in, mfc_context_get_session (context), 60, "the login");

  paint.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (paint.window), 1280, 800);
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_widget_add_controller (paint.window, GTK_EVENT_CONTROLLER (shortcuts));
  page = g_object_new (MFC_TYPE_TICKETS_PAGE, "context", context, NULL);
  gtk_window_set_child (GTK_WINDOW (paint.window), GTK_WIDGET (page));
  {
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

    mfc_page_add_actions (MFC_PAGE (page), G_ACTION_MAP (group), shortcuts);
    gtk_widget_insert_action_group (paint.window, "win", G_ACTION_GROUP (group));
  }
  gtk_window_present (GTK_WINDOW (paint.window));
  mfc_page_set_active (MFC_PAGE (page), TRUE);
  list = mfc_tickets_page_get_list (page);
  wait_for (list_idle, list, 120, "the first page");
  settle_ms (500);
  rss_first = rss_kib (0);

  clock = gtk_widget_get_frame_clock (paint.window);
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &paint);
  tick = gtk_widget_add_tick_callback (paint.window, tick_cb, NULL, NULL);
  soup = soup_session_new ();

  /* 1. Filter changes, each beside the bare request of the same page */
  for (int i = 0; i < rounds; i++)
    {
      ListWait w = { list, 0 };
      g_autoptr(MfcQuery) query = NULL;
      g_autofree char *path = NULL;
      g_autofree char *url = NULL;
      g_autoptr(SoupMessage) msg = NULL;
      gboolean done = FALSE;
      g_autofree char *auth = NULL;
      double ms;

      settle_ms (50);
      start = g_get_monotonic_time ();
      set_filter (mfc_ticket_list_get_filter (list), (guint) i);
      w.generation = mfc_ticket_list_get_generation (list);
      wait_for (first_page_in, &w, 60, "the first page of the filter");
      paint.painted = FALSE;
      wait_for (painted, &paint, 10, "the paint");
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (filter_ms, ms);
      /* The chips' counts follow the page; the server (one request at a
       * time today) is left idle before the anchor and the next round. */
      wait_for (counts_in, list, 120, "the counts");

      query = mfc_ticket_list_dup_query (list);
      path = mfc_query_to_string (query);
      url = g_strconcat (server.base_url, path, NULL);
      msg = soup_message_new ("GET", url);
      auth = g_strdup_printf ("Bearer %s", mfc_client_get_token (mfc_context_get_client (context)));
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      start = g_get_monotonic_time ();
      soup_session_send_and_read_async (soup, msg, G_PRIORITY_DEFAULT, NULL, soup_done_cb, &done);
      wait_for (is_true, &done, 60, "the bare request");
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (anchor_ms, ms);
      g_printerr ("Round %d (filter %d): drawn in %.1f ms, bare GET %.1f ms\n", i, i % 6,
                  g_array_index (filter_ms, double, filter_ms->len - 1), ms);
    }

  /* 2. Load 10 000 rows (the view asks for the pages), then scroll them */
  set_filter (mfc_ticket_list_get_filter (list), 5);
  mfc_ticket_list_set_page_size (list, 200);
  mfc_ticket_list_refresh (list);
  scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), MFC_TYPE_TICKETS_PAGE, "column_view")),
                                                       GTK_TYPE_SCROLLED_WINDOW));
  start = g_get_monotonic_time ();
  while ((int) g_list_model_get_n_items (G_LIST_MODEL (list)) < rows && !mfc_ticket_list_get_at_end (list))
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (scroller);

      /* To the end: the view sees it and asks for the next page */
      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
      g_main_context_iteration (NULL, TRUE);
    }
  wait_for (list_idle, list, 60, "the last page");
  g_printerr ("Loaded %u rows in %.1f s\n", g_list_model_get_n_items (G_LIST_MODEL (list)),
              (g_get_monotonic_time () - start) / 1e6);
  fps = scroll_rows (&paint, scroller, g_list_model_get_n_items (G_LIST_MODEL (list)), (guint) rows,
                     frame_ms, &scroll_seconds);

  /* RSS now, before the anchor's window and rows exist */
  settle_ms (1000);
  rss_page = rss_kib (0);
  keep_smaps (0, "tickets");

  /* The anchor: a bare column view of as many rows, in a second window
   * of the same size on the same display, scrolled the same way */
  {
    g_autoptr(GListStore) store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
    GtkWidget *window = gtk_window_new ();
    GtkWidget *sw = gtk_scrolled_window_new ();
    GtkWidget *view;
    Paint apaint = { 0 };
    gulong aid;
    guint atick;

    for (int i = 0; i < rows; i++)
      {
        g_autofree char *text = g_strdup_printf ("MFC-2026-%06d Иванова Мария Петровна", i);
        g_autoptr(GtkStringObject) o = gtk_string_object_new (text);

        g_list_store_append (store, o);
      }
    view = gtk_column_view_new (GTK_SELECTION_MODEL (gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (store)))));
    for (int c = 0; c < 8; c++)
      {
        GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
        GtkColumnViewColumn *col;

        g_signal_connect (factory, "setup", G_CALLBACK (anchor_setup_cb), NULL);
        g_signal_connect (factory, "bind", G_CALLBACK (anchor_bind_cb), NULL);
        col = gtk_column_view_column_new ("Столбец", factory);
        gtk_column_view_column_set_expand (col, TRUE);
        gtk_column_view_append_column (GTK_COLUMN_VIEW (view), col);
        g_object_unref (col);
      }
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (sw), view);
    gtk_window_set_child (GTK_WINDOW (window), sw);
    gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
    apaint.window = window;
    gtk_window_present (GTK_WINDOW (window));
    settle_ms (500);
    aid = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), &apaint);
    atick = gtk_widget_add_tick_callback (window, tick_cb, NULL, NULL);
    anchor_fps = scroll_rows (&apaint, GTK_SCROLLED_WINDOW (sw), (guint) rows, (guint) rows, anchor_frame_ms,
                              &anchor_seconds);
    gtk_widget_remove_tick_callback (window, atick);
    g_signal_handler_disconnect (gtk_widget_get_frame_clock (window), aid);
    gtk_window_destroy (GTK_WINDOW (window));
  }
  gtk_widget_remove_tick_callback (paint.window, tick);
  g_signal_handler_disconnect (clock, paint_id);
  /* 3. The minimal libadwaita window, on the same display, now */
  if (hello != NULL)
    {
      const char *hargv[] = { hello, NULL };
      g_autoptr(GSubprocess) h = g_subprocess_newv (hargv, G_SUBPROCESS_FLAGS_NONE, &error);

      if (h == NULL)
        g_error ("%s", error->message);
      settle_ms (3000);
      rss_hello = rss_kib (atoi (g_subprocess_get_identifier (h)));
      keep_smaps (atoi (g_subprocess_get_identifier (h)), "hello-adw");
      g_subprocess_force_exit (h);
      g_subprocess_wait (h, NULL, NULL);
    }

  g_print ("{\n");
  print_figures ("filter_to_first_page_drawn", filter_ms);
  print_figures ("anchor_bare_get_same_page", anchor_ms);
  g_print ("  \"filter_ratio_p95\": %.2f,\n",
           bench_percentile (filter_ms, 0.95) / MAX (bench_percentile (anchor_ms, 0.95), 0.001));
  g_array_sort (frame_ms, bench_compare_doubles);
  g_print ("  \"scroll\": {\"rows\": %d, \"seconds\": %.2f, \"fps\": %.1f, \"frame_p50_ms\": %.2f, "
           "\"frame_p95_ms\": %.2f, \"frame_max_ms\": %.2f},\n",
           MIN (rows, (int) g_list_model_get_n_items (G_LIST_MODEL (list))), scroll_seconds, fps,
           bench_percentile (frame_ms, 0.5), bench_percentile (frame_ms, 0.95),
           frame_ms->len > 0 ? g_array_index (frame_ms, double, frame_ms->len - 1) : 0.0);
  g_array_sort (anchor_frame_ms, bench_compare_doubles);
  g_print ("  \"scroll_anchor_bare_column_view\": {\"rows\": %d, \"seconds\": %.2f, \"fps\": %.1f, "
           "\"frame_p50_ms\": %.2f, \"frame_p95_ms\": %.2f},\n",
           rows, anchor_seconds, anchor_fps, bench_percentile (anchor_frame_ms, 0.5),
           bench_percentile (anchor_frame_ms, 0.95));
  g_print ("  \"scroll_fps_ratio\": %.2f,\n", fps / MAX (anchor_fps, 0.001));
  g_print ("  \"rss_mib\": {\"first_page\": %.1f, \"after_scroll\": %.1f, \"hello_adw\": %.1f, \"above_hello\": %.1f}\n}\n",
           rss_first / 1024.0, rss_page / 1024.0, rss_hello / 1024.0,
           rss_hello > 0 ? (rss_page - rss_hello) / 1024.0 : -1.0);

  gtk_window_destroy (GTK_WINDOW (paint.window));
  g_subprocess_force_exit (server.server);
  g_subprocess_wait (server.server, NULL, NULL);
  return 0;
}
