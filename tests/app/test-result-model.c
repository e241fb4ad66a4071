/* test-result-model.c: the run's list model creates items on demand
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-result-model"

#include "config.h"

#include <gtk/gtk.h>

#include "gw-analysis.h"
#include "gw-result-filter.h"
#include "gw-result-model.h"
#include "gw-result-row.h"

static GwRun *
analyse_testwork (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("GW_SHARED_DATA"), "testwork_user.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GwTable) table = gw_table_new_from_file (file, NULL, &error);
  GwParams params;
  GwRun *run;

  g_assert_no_error (error);
  gw_params_init (&params, GW_PRESET_ROBUST);
  run = gw_analyze (table, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return run;
}

static void
test_on_demand (void)
{
  g_autoptr(GwRun) run = analyse_testwork ();
  GwResultModel *model = gw_result_model_new (run);
  GwResultRow *a, *b, *c;
  guint n = gw_run_get_n_rows (run);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == GW_TYPE_RESULT_ROW);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));

  /* Asking twice while the first is alive gives the same object, so list
   * views can recognise moved rows ... */
  a = g_list_model_get_item (G_LIST_MODEL (model), 7);
  b = g_list_model_get_item (G_LIST_MODEL (model), 7);
  g_assert_true (a == b);
  g_assert_cmpuint (gw_result_row_get_row (a), ==, 7);
  g_assert_true (gw_result_row_get_run (a) == run);
  g_object_unref (b);

  /* ... but the model keeps none: once released, items are finalized. */
  g_assert_finalize_object (a);
  c = g_list_model_get_item (G_LIST_MODEL (model), 7);
  g_assert_cmpuint (gw_result_row_get_row (c), ==, 7);

  /* Walking the whole model leaves nothing behind but what we hold. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GwResultRow) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpuint (gw_result_row_get_row (item), ==, i);
    }

  /* An item may outlive its model. */
  g_assert_finalize_object (model);
  g_assert_cmpuint (gw_result_row_get_row (c), ==, 7);
  g_assert_finalize_object (c);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_signals)
{
  (*n_signals)++;
}

static void
changed_cb (GwResultRow *item,
            guint       *n_signals)
{
  (*n_signals)++;
}

static void
test_reorder (void)
{
  g_autoptr(GwRun) run = analyse_testwork ();
  g_autoptr(GwResultModel) model = gw_result_model_new (run);
  g_autoptr(GwResultRow) first = NULL;
  g_autoptr(GwResultRow) last = NULL;
  guint n = gw_run_get_n_rows (run);
  guint n_items_changed = 0, n_changed = 0;
  guint *rows = g_new (guint, n);
  guint position;

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &n_items_changed);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  last = g_list_model_get_item (G_LIST_MODEL (model), n - 1);
  g_signal_connect (first, "changed", G_CALLBACK (changed_cb), &n_changed);
  g_assert_cmpuint (gw_result_row_get_row (first), ==, 0);

  /* Reversed: same number of rows, so no items-changed; the live item at
   * position 0, in view, now shows the last row and says so at once.  The
   * item out of view follows in an idle, or when asked for. */
  for (guint i = 0; i < n; i++)
    rows[i] = n - 1 - i;
  gw_result_model_set_priority_range (model, 0, 1);
  gw_result_model_set_order (model, run, rows, n);
  g_assert_cmpuint (n_items_changed, ==, 0);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpuint (gw_result_row_get_row (first), ==, n - 1);
  g_assert_true (gw_result_model_is_busy (model));
  g_assert_cmpuint (gw_result_row_get_row (last), ==, n - 1);
  gw_result_model_flush (model);
  g_assert_false (gw_result_model_is_busy (model));
  g_assert_cmpuint (gw_result_row_get_row (last), ==, 0);
  g_assert_true (gw_result_model_find_row (model, 0, &position));
  g_assert_cmpuint (position, ==, n - 1);

  /* Fewer rows: one items-changed for the tail; the item past the end is
   * no longer the model's. */
  rows = g_new (guint, 2);
  rows[0] = 5;
  rows[1] = 3;
  gw_result_model_set_order (model, run, rows, 2);
  g_assert_cmpuint (n_items_changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_assert_cmpuint (gw_result_row_get_row (first), ==, 5);
  g_assert_false (gw_result_model_find_row (model, 0, &position));
  g_clear_object (&last);

  /* Back to every row in input order.  Growing from two rows, the model
   * tells of its first items at once and of the rest in idles: GTK makes
   * row widgets as it hears of items. */
  n_items_changed = 0;
  gw_result_model_set_order (model, run, NULL, 0);
  g_assert_cmpuint (gw_result_row_get_row (first), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <, n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 2);
  g_assert_true (gw_result_model_is_busy (model));
  while (gw_result_model_is_busy (model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  g_assert_cmpuint (n_items_changed, >, 1);
  {
    g_autoptr(GwResultRow) item = g_list_model_get_item (G_LIST_MODEL (model), n - 1);

    g_assert_cmpuint (gw_result_row_get_row (item), ==, n - 1);
  }
}

static void
test_filter (void)
{
  g_autoptr(GwRun) run = analyse_testwork ();
  g_autoptr(GwResultModel) model = gw_result_model_new (run);
  GwResultFilter *filter = gw_result_filter_new ();
  g_autoptr(GtkFilterListModel) filtered =
    gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (model)), g_object_ref (GTK_FILTER (filter)));
  guint n_outlier = gw_run_get_status_count (run, GW_STATUS_OUTLIER);
  guint n_valid = gw_run_get_status_count (run, GW_STATUS_VALID);

  g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (filter)), ==, GTK_FILTER_MATCH_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filtered)), ==, gw_run_get_n_rows (run));

  gw_result_filter_set_status_mask (filter, 1u << GW_STATUS_OUTLIER);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filtered)), ==, n_outlier);
  gw_result_filter_set_status_mask (filter, (1u << GW_STATUS_OUTLIER) | (1u << GW_STATUS_VALID));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filtered)), ==, n_outlier + n_valid);

  gw_result_filter_set_status_mask (filter, 0);
  gw_result_filter_set_search (filter, "zzz-no-such-name");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filtered)), ==, 0);
  gw_result_filter_set_search (filter, "");
  g_assert_null (gw_result_filter_get_search (filter));
  g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (filter)), ==, GTK_FILTER_MATCH_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filtered)), ==, gw_run_get_n_rows (run));

  g_clear_object (&filtered);
  g_assert_finalize_object (filter);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/result-model/on-demand", test_on_demand);
  g_test_add_func ("/ui/result-model/reorder", test_reorder);
  g_test_add_func ("/ui/result-model/filter", test_filter);

  return g_test_run ();
}
