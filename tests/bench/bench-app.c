/* bench-app.c: the desktop app on a million rows
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes a peak table of N rows (default 1,000,000) by cycling through the
 * real sample's rows with a little retention-time jitter, drops it on a real
 * GwWindow and measures:
 *   - drop → first results shown: until the first frame painted after the
 *     run reached the table;
 *   - the longest main-loop stall from the drop until then, and during a
 *     parameter re-run, a sort by z and a status filter;
 *   - opening a project that holds that run, in a new window → the run's
 *     table shown (first frame painted with it).  Target: 1 s.
 *     `bench-app N --project` measures only this (and the drop it needs);
 *     with BENCH_PRINT_TIMES set it prints the phase's monotonic start and
 *     end, for `perf report --time` on a `perf record -k CLOCK_MONOTONIC`.  A 1 ms
 *     high-priority timer records the largest gap between its wake-ups; a
 *     gap is time during which the window could not react to input.
 *     On a shared, loaded machine that gap also counts time the process
 *     was not scheduled at all, so the main thread's CPU time per main-loop
 *     iteration (CLOCK_THREAD_CPUTIME_ID) is reported too: it is the stall
 *     an idle machine would see.  Target: below 50 ms.
 *   - `bench-app N --compare`: a project with the window's robust run and
 *     a classic run of the same table, opened in a new window; then the
 *     sidebar's compare button → the Compare Runs window shown (first
 *     frame painted), and in it a sort by name and a search.  With
 *     BENCH_SHOT=FILE.png it also writes the compare window to FILE.png;
 *     BENCH_PRINT_TIMES prints that phase's start and end too.
 * Needs a display (run it under xvfb-run); without one it says so and
 * exits successfully.
 */

#define G_LOG_DOMAIN "bench-app"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "gw-application.h"
#include "gw-compare-window.h"
#include "gw-project.h"
#include "gw-window-private.h"

static gint64 last_tick;
static gint64 max_gap;
static gint64 max_cpu;
static gint64 frame_cpu0;
static gint64 max_frame_cpu;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* User + system time of the whole process, every thread: the work the
 * phase cost, whatever the machine's load did to the wall time. */
static double
process_cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static gboolean
tick_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0 && now - last_tick > max_gap)
    max_gap = now - last_tick;
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
reset_stall (void)
{
  last_tick = g_get_monotonic_time ();
  max_gap = 0;
  max_cpu = 0;
  max_frame_cpu = 0;
}

/* A frame (layout and paint of the window) is one dispatch too; timing
 * it apart tells our code's stalls from GTK's rendering cost, which with
 * the software renderer under Xvfb is far higher than on a real GPU. */
static void
before_paint_cb (GdkFrameClock *clock,
                 gpointer       user_data)
{
  frame_cpu0 = thread_cpu_us ();
}

static void
frame_done_cb (GdkFrameClock *clock,
               gpointer       user_data)
{
  gint64 cpu = thread_cpu_us () - frame_cpu0;

  if (frame_cpu0 != 0 && cpu > max_frame_cpu)
    max_frame_cpu = cpu;
  frame_cpu0 = 0;
}

static void
print_stall (const char *phase,
             gint64      t0,
             double      cpu0)
{
  printf ("bench-app: %s: %.2f s wall, %.2f s CPU; longest stall %.1f ms wall, %.1f ms CPU (longest frame %.1f ms CPU)\n",
          phase, (g_get_monotonic_time () - t0) / 1e6, process_cpu_s () - cpu0,
          max_gap / 1e3, max_cpu / 1e3, max_frame_cpu / 1e3);
}

static void
iterate (void)
{
  gint64 before = thread_cpu_us ();
  gboolean dispatched = g_main_context_iteration (NULL, FALSE);
  gint64 cpu = thread_cpu_us () - before;

  if (cpu > max_cpu)
    max_cpu = cpu;
  if (!dispatched)
    g_usleep (200);
}

static gboolean painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted = TRUE;
}

static void
wait_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong id;

  painted = FALSE;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  gtk_widget_queue_draw (widget);
  while (!painted)
    iterate ();
  g_signal_handler_disconnect (clock, id);
}

static gboolean
window_idle (GwWindow *window)
{
  return !gw_window_is_busy (window) && !gw_result_table_is_busy (gw_window_get_result_table (window));
}

static void
write_table (const char *sample_path,
             const char *path,
             guint       n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) sample_file = g_file_new_for_path (sample_path);
  g_autoptr(GwTable) sample = gw_table_new_from_file (sample_file, NULL, &error);
  GRand *rand = g_rand_new_with_seed (42);
  FILE *f;
  guint n_sample;

  if (sample == NULL)
    g_error ("%s", error->message);
  n_sample = gw_table_get_n_rows (sample);

  f = fopen (path, "w");
  if (f == NULL)
    g_error ("cannot write %s", path);
  fputs ("Name,RT,Volume,Log P,Anchor\n", f);
  for (guint k = 0; k < n_rows; k++)
    {
      guint i = k % n_sample;

      if (!gw_table_is_valid (sample, i))
        continue;
      fprintf (f, "%s,%.3f,%.0f,%.2f,%c\n",
               gw_table_get_name (sample, i),
               gw_table_get_rt (sample, i) + g_rand_double_range (rand, -0.02, 0.02),
               gw_table_get_volume (sample, i),
               gw_table_get_logp (sample, i),
               gw_table_is_anchor (sample, i) ? 'T' : 'F');
    }
  fclose (f);
  g_rand_free (rand);
}

static void
drop (GwWindow   *window,
      const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GSList *list = g_slist_prepend (NULL, file);
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, list);
  g_signal_emit_by_name (gw_window_get_drop_target (window), "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  g_slist_free (list);
}

static GtkWidget *
find_compare_button (GtkWidget *widget)
{
  GtkWidget *button = g_object_get_data (G_OBJECT (widget), "compare-button");

  if (button != NULL && gtk_widget_get_visible (button))
    return button;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if ((button = find_compare_button (child)) != NULL)
      return button;
  return NULL;
}

static GtkWindow *
find_compare_window (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  GtkWindow *found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GW_IS_COMPARE_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static void
save_shot (GtkWidget  *widget,
           const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (gdk_texture_save_to_png (texture, path))
    printf ("bench-app: compare window written to %s\n", path);
}

/* The sidebar's compare button (the robust run, against the classic
 * one shown) → the Compare Runs window painted. */
static void
measure_compare (GwWindow *window)
{
  GtkWidget *button = find_compare_button (GTK_WIDGET (gw_project_controller_get_pane (gw_window_get_project (window))));
  GtkWindow *cmp = NULL;
  GwChangeList *changes;
  GtkColumnView *view = NULL;
  g_autoptr(GtkColumnViewColumn) name_column = NULL;
  gint64 t0;
  double cpu0;

  if (button == NULL)
    g_error ("no compare button in the sidebar");

  reset_stall ();
  t0 = g_get_monotonic_time ();
  cpu0 = process_cpu_s ();
  if (g_getenv ("BENCH_PRINT_TIMES"))
    printf ("bench-app: compare starts at %.6f\n", t0 / 1e6);
  g_signal_emit_by_name (button, "clicked");
  while ((cmp = find_compare_window ()) == NULL)
    iterate ();
  wait_frame (GTK_WIDGET (cmp));
  if (g_getenv ("BENCH_PRINT_TIMES"))
    printf ("bench-app: compare shown at %.6f\n", g_get_monotonic_time () / 1e6);
  changes = gw_compare_window_get_changes (GW_COMPARE_WINDOW (cmp));
  {
    g_autofree char *phase = g_strdup_printf ("compare → window shown (%u changed rows)",
                                              gw_change_list_get_n_changes (changes));

    print_stall (phase, t0, cpu0);
  }

  {
    /* The list view inside the window, found by its name. */
    GtkWidget *stack[64];
    guint n = 0;

    stack[n++] = GTK_WIDGET (cmp);
    while (n > 0 && view == NULL)
      {
        GtkWidget *w = stack[--n];

        if (GTK_IS_COLUMN_VIEW (w))
          view = GTK_COLUMN_VIEW (w);
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL && n < G_N_ELEMENTS (stack); c = gtk_widget_get_next_sibling (c))
          stack[n++] = c;
      }
  }
  if (view != NULL)
    {
      name_column = g_list_model_get_item (gtk_column_view_get_columns (view), 1);
      reset_stall ();
      t0 = g_get_monotonic_time ();
      cpu0 = process_cpu_s ();
      gtk_column_view_sort_by_column (view, name_column, GTK_SORT_ASCENDING);
      wait_frame (GTK_WIDGET (cmp));
      print_stall ("compare window: sort by name", t0, cpu0);
    }

  reset_stall ();
  t0 = g_get_monotonic_time ();
  cpu0 = process_cpu_s ();
  gw_change_list_set_search (changes, "gm3");
  wait_frame (GTK_WIDGET (cmp));
  {
    g_autofree char *phase = g_strdup_printf ("compare window: search “gm3” (%u rows)",
                                              g_list_model_get_n_items (G_LIST_MODEL (changes)));

    print_stall (phase, t0, cpu0);
  }
  gw_change_list_set_search (changes, NULL);
  wait_frame (GTK_WIDGET (cmp));

  if (g_getenv ("BENCH_SHOT") != NULL)
    save_shot (GTK_WIDGET (cmp), g_getenv ("BENCH_SHOT"));
  gtk_window_destroy (cmp);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sample = NULL;
  GwApplication *app;
  GwWindow *window;
  GwResultTable *table;
  guint n_rows = 1000000;
  gboolean only_project = FALSE;
  gboolean compare = FALSE;
  gint64 t0, t_table = 0, t_run = 0, t_shown;
  double cpu0;
  GStatBuf st;

  if (argc > 1)
    n_rows = (guint) g_ascii_strtoull (argv[1], NULL, 10);
  only_project = argc > 2 && g_strcmp0 (argv[2], "--project") == 0;
  compare = argc > 2 && g_strcmp0 (argv[2], "--compare") == 0;
  only_project = only_project || compare;

  /* BENCH_LOCALEDIR=_build/po with LANGUAGE=de (and a UTF-8 LANG) shows
   * the windows translated, for screenshots. */
  if (g_getenv ("BENCH_LOCALEDIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("BENCH_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  if (!gtk_init_check ())
    {
      printf ("bench-app: no display; run it under xvfb-run (skipped)\n");
      return EXIT_SUCCESS;
    }

  sample = g_build_filename (g_getenv ("GW_SHARED_DATA") != NULL ? g_getenv ("GW_SHARED_DATA")
                             : SOURCE_ROOT "/../shared/data", "testwork_user.csv", NULL);
  if (!g_file_test (sample, G_FILE_TEST_EXISTS))
    {
      printf ("bench-app: %s not found (skipped)\n", sample);
      return EXIT_SUCCESS;
    }

  dir = g_dir_make_tmp ("gw-bench-app-XXXXXX", NULL);
  path = g_build_filename (dir, "million.csv", NULL);
  write_table (sample, path, n_rows);
  g_stat (path, &st);

  app = gw_application_new ("io.github.ganglioside.Workbench.Bench", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = gw_window_new (GTK_APPLICATION (app));
  table = gw_window_get_result_table (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_frame (GTK_WIDGET (window));

  g_timeout_add_full (G_PRIORITY_HIGH, 1, tick_cb, NULL, NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "before-paint",
                    G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (frame_done_cb), NULL);

  printf ("bench-app: %u rows, %.1f MB\n", n_rows, st.st_size / 1e6);

  /* Drop → first results on screen. */
  reset_stall ();
  t0 = g_get_monotonic_time ();
  cpu0 = process_cpu_s ();
  drop (window, path);
  while (gw_window_get_run (window) == NULL)
    {
      if (t_table == 0 && gw_window_get_table (window) != NULL)
        t_table = g_get_monotonic_time ();
      iterate ();
    }
  t_run = g_get_monotonic_time ();
  wait_frame (GTK_WIDGET (window));
  t_shown = g_get_monotonic_time ();
  printf ("bench-app: drop → table read %.2f s, → run done %.2f s, → first results shown %.2f s wall, %.2f s CPU (all threads)\n",
          (t_table - t0) / 1e6, (t_run - t0) / 1e6, (t_shown - t0) / 1e6, process_cpu_s () - cpu0);
  printf ("bench-app: longest main-loop stall from drop to first results: %.1f ms wall, %.1f ms CPU (longest frame %.1f ms CPU)\n",
          max_gap / 1e3, max_cpu / 1e3, max_frame_cpu / 1e3);
  while (!window_idle (window))
    iterate ();

  if (only_project)
    goto project;

  /* A parameter change: re-run with a million rows on screen. */
  reset_stall ();
  t0 = g_get_monotonic_time ();
  cpu0 = process_cpu_s ();
  gtk_spin_button_set_value (gw_params_panel_get_outlier_spin (gw_window_get_params_panel (window)), 2.5);
  gw_window_flush_rerun (window);
  while (!window_idle (window))
    iterate ();
  wait_frame (GTK_WIDGET (window));
  print_stall ("re-run with results on screen", t0, cpu0);

  /* Sort by z. */
  reset_stall ();
  t0 = g_get_monotonic_time ();
  cpu0 = process_cpu_s ();
  gtk_column_view_sort_by_column (gw_result_table_get_view (table),
                                  gw_result_table_get_column (table, GW_RESULT_COLUMN_Z),
                                  GTK_SORT_DESCENDING);
  while (!window_idle (window))
    iterate ();
  wait_frame (GTK_WIDGET (window));
  print_stall ("sort by z", t0, cpu0);

  /* Filter to outliers. */
  reset_stall ();
  t0 = g_get_monotonic_time ();
  cpu0 = process_cpu_s ();
  gtk_toggle_button_set_active (gw_status_summary_get_toggle (gw_window_get_summary (window), GW_STATUS_OUTLIER), TRUE);
  while (!window_idle (window))
    iterate ();
  wait_frame (GTK_WIDGET (window));
  {
    g_autofree char *phase = g_strdup_printf ("filter to outliers (%u rows)",
                                              g_list_model_get_n_items (G_LIST_MODEL (gw_result_table_get_model (table))));

    print_stall (phase, t0, cpu0);
  }

  /* Search by name. */
  reset_stall ();
  t0 = g_get_monotonic_time ();
  cpu0 = process_cpu_s ();
  gw_result_filter_set_search (gw_result_table_get_filter (table), "GM3");
  while (!window_idle (window))
    iterate ();
  wait_frame (GTK_WIDGET (window));
  print_stall ("search “GM3”", t0, cpu0);

project:
  /* A project holding the window's run, opened in a new window. */
  {
    g_autofree char *project_path = g_build_filename (dir, "million.gwproject", NULL);
    g_autoptr(GFile) csv_file = g_file_new_for_path (path);
    g_autoptr(GFile) project_file = g_file_new_for_path (project_path);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = g_file_load_bytes (csv_file, NULL, NULL, &error);
    g_autoptr(GwProject) project = bytes ? gw_project_create (project_path, NULL, &error) : NULL;
    g_autofree char *run_id = project ? gw_project_save_run (project, gw_window_get_run (window), bytes,
                                                             NULL, &error) : NULL;
    GwWindow *second;
    gint64 t_loaded;

    g_autofree char *classic_id = NULL;

    if (run_id == NULL)
      g_error ("%s", error->message);
    if (compare)
      {
        g_autoptr(GwRun) classic = NULL;
        GwParams params;

        gw_params_init (&params, GW_PRESET_CLASSIC);
        classic = gw_analyze (gw_window_get_table (window), &params, NULL, NULL, NULL, &error);
        if (classic == NULL ||
            (classic_id = gw_project_save_run (project, classic, bytes, NULL, &error)) == NULL)
          g_error ("%s", error->message);
        g_free (run_id);
        run_id = g_strdup (classic_id);
      }
    g_clear_object (&project);
    g_clear_pointer (&bytes, g_bytes_unref);
    gtk_window_destroy (GTK_WINDOW (window));

    second = gw_window_new (GTK_APPLICATION (app));
    gtk_window_set_default_size (GTK_WINDOW (second), 1280, 800);
    gtk_window_present (GTK_WINDOW (second));
    wait_frame (GTK_WIDGET (second));
    g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (second)), "before-paint",
                      G_CALLBACK (before_paint_cb), NULL);
    g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (second)), "after-paint",
                      G_CALLBACK (frame_done_cb), NULL);

    reset_stall ();
    t0 = g_get_monotonic_time ();
    cpu0 = process_cpu_s ();
    if (g_getenv ("BENCH_PRINT_TIMES"))
      printf ("bench-app: project open starts at %.6f\n", t0 / 1e6);
    gw_window_open (second, project_file);
    while (gw_window_get_run (second) == NULL ||
           g_strcmp0 (gw_project_controller_get_run_id (gw_window_get_project (second)), run_id) != 0)
      iterate ();
    t_loaded = g_get_monotonic_time ();
    wait_frame (GTK_WIDGET (second));
    t_shown = g_get_monotonic_time ();
    if (g_getenv ("BENCH_PRINT_TIMES"))
      printf ("bench-app: project shown at %.6f\n", t_shown / 1e6);
    printf ("bench-app: open project → run loaded %.2f s, → its table shown %.2f s wall, %.2f s CPU (all threads); target 1 s\n",
            (t_loaded - t0) / 1e6, (t_shown - t0) / 1e6, process_cpu_s () - cpu0);
    printf ("bench-app: longest main-loop stall while opening: %.1f ms wall, %.1f ms CPU (longest frame %.1f ms CPU)\n",
            max_gap / 1e3, max_cpu / 1e3, max_frame_cpu / 1e3);
    while (!window_idle (second))
      iterate ();
    if (compare)
      measure_compare (second);
    gtk_window_destroy (GTK_WINDOW (second));
    g_unlink (project_path);
  }

  g_object_unref (app);
  g_unlink (path);
  g_rmdir (dir);

  return EXIT_SUCCESS;
}
