/* gw-result-table.c: the compounds table
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-result-table"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gw-column-sorter.h"
#include "gw-format.h"
#include "gw-result-model.h"
#include "gw-result-row.h"
#include "gw-result-table.h"
#include "gw-view-order.h"
#include "gw-widget-util.h"

/* The view is a GtkColumnView over a GtkMultiSelection over a GwResultModel,
 * which creates row items on demand from the run's arrays.  The headers
 * sort as usual, but the sorting and filtering themselves happen on a
 * worker (gw-view-order.c) that hands back an array of row indices; the
 * finished order replaces the model in one step, and until then the old
 * order stays on screen.  GTK 4.8's GtkSortListModel would compute every
 * key on the main thread, which froze the window for over a second per
 * sort on a million rows. */
struct _GwResultTable
{
  GtkWidget             parent_instance;

  GtkStack             *stack;
  GtkScrolledWindow    *scroller;
  GtkColumnView        *column_view;

  GwRun                *run;
  GwResultModel        *model;
  GtkMultiSelection    *selection;
  GwResultFilter       *filter;
  GtkColumnViewColumn  *columns[GW_N_RESULT_COLUMNS];

  /* The order being computed, and for which run. */
  GCancellable         *order_cancellable;
  GwRun                *pending_run;
  int                   pending_select;

  /* Curation shown over the engine's calls (a project's run), and the
   * status cells bound now, so a curation change restyles just them. */
  GwCuration           *curation;
  GHashTable           *status_cells;

  /* The widths are scaled by the text size; a narrow table (the project
   * sidebar open, or the row details) hides the columns the details show. */
  double                width_scale;
  int                   widths[GW_N_RESULT_COLUMNS];
  gboolean              compact;
  guint                 layout_idle;

  int                   selected_row;
  guint                 scroll_tick;
  guint                 scroll_position;
  guint                 scroll_frames;
};

G_DEFINE_FINAL_TYPE (GwResultTable, gw_result_table, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUN,
  PROP_SELECTED_ROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void gw_result_table_size_allocate (GtkWidget      *widget,
                                           int             width,
                                           int             height,
                                           int             baseline);
static void gw_result_table_measure       (GtkWidget      *widget,
                                           GtkOrientation  orientation,
                                           int             for_size,
                                           int            *minimum,
                                           int            *natural,
                                           int            *minimum_baseline,
                                           int            *natural_baseline);

typedef enum
{
  KIND_TEXT,
  KIND_NUMBER,
  KIND_STATUS,
  KIND_ANCHOR,
} CellKind;

typedef struct
{
  const char *title;
  const char *tooltip;
  CellKind    kind;
  int         fixed_width;
  gboolean    expand;
} ColumnInfo;

static const ColumnInfo column_info[GW_N_RESULT_COLUMNS] = {
  [GW_RESULT_COLUMN_LINE]       = { N_("Line"), N_("Line in the input file"), KIND_NUMBER, 48, FALSE },
  [GW_RESULT_COLUMN_NAME]       = { N_("Name"), N_("Annotation as written in the file"), KIND_TEXT, 140, FALSE },
  [GW_RESULT_COLUMN_GROUP]      = { N_("Group"), N_("Head group with isomer letter and modifications"), KIND_TEXT, 88, FALSE },
  [GW_RESULT_COLUMN_RT]         = { N_("RT"), N_("Retention time, minutes"), KIND_NUMBER, 60, FALSE },
  [GW_RESULT_COLUMN_LOGP]       = { N_("Log P"), N_("Partition coefficient"), KIND_NUMBER, 56, FALSE },
  [GW_RESULT_COLUMN_VOLUME]     = { N_("Volume"), N_("Peak volume"), KIND_NUMBER, 88, FALSE },
  [GW_RESULT_COLUMN_ANCHOR]     = { N_("Anchor"), N_("Trusted standard used to train the model"), KIND_ANCHOR, 64, FALSE },
  [GW_RESULT_COLUMN_STATUS]     = { N_("Status"), N_("The call for this row"), KIND_STATUS, 96, FALSE },
  [GW_RESULT_COLUMN_PREDICTED]  = { N_("Predicted"), N_("Retention time predicted by the group model, minutes"), KIND_NUMBER, 78, FALSE },
  [GW_RESULT_COLUMN_RESIDUAL]   = { N_("Residual"), N_("Observed minus predicted retention time, minutes"), KIND_NUMBER, 72, FALSE },
  [GW_RESULT_COLUMN_Z]          = { N_("z"), N_("Residual in units of its standard deviation"), KIND_NUMBER, 60, FALSE },
  [GW_RESULT_COLUMN_CONFIDENCE] = { N_("Confidence"), N_("Confidence in the call, 0 to 1"), KIND_NUMBER, 88, FALSE },
  [GW_RESULT_COLUMN_REASON]     = { N_("Reason"), N_("Why the row got its status"), KIND_TEXT, -1, TRUE },
};

/* Values ------------------------------------------------------------------ */

#define row_number gw_view_row_number
#define row_text(run, row, column) \
  ((column) == GW_RESULT_COLUMN_STATUS ? gw_status_get_label (gw_run_get_status ((run), (row))) \
                                       : gw_view_row_text ((run), (row), (column)))

/* The on-screen text of a numeric cell, with the precision analysts use. */
static char *
format_number (GwResultColumn column,
               double         value)
{
  switch (column)
    {
    case GW_RESULT_COLUMN_LINE:       return g_strdup_printf ("%.0f", value);
    case GW_RESULT_COLUMN_RT:         return gw_format_fixed (value, 3);
    case GW_RESULT_COLUMN_LOGP:       return gw_format_fixed (value, 2);
    case GW_RESULT_COLUMN_VOLUME:     return gw_format_volume (value);
    case GW_RESULT_COLUMN_PREDICTED:  return gw_format_fixed (value, 3);
    case GW_RESULT_COLUMN_RESIDUAL:   return gw_format_signed (value, 3);
    case GW_RESULT_COLUMN_Z:          return gw_format_signed (value, 2);
    case GW_RESULT_COLUMN_CONFIDENCE: return gw_format_fixed (value, 2);
    case GW_RESULT_COLUMN_NAME:
    case GW_RESULT_COLUMN_GROUP:
    case GW_RESULT_COLUMN_ANCHOR:
    case GW_RESULT_COLUMN_STATUS:
    case GW_RESULT_COLUMN_REASON:
    case GW_N_RESULT_COLUMNS:
    default:
      break;
    }
  return g_strdup ("");
}

/* Cells ------------------------------------------------------------------- */

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GwResultColumn column = GPOINTER_TO_INT (user_data);
  GtkWidget *child;

  switch (column_info[column].kind)
    {
    case KIND_ANCHOR:
      child = gtk_image_new_from_icon_name ("object-select-symbolic");
      gtk_widget_add_css_class (child, "anchor-mark");
      gw_widget_set_deferred_tooltip (child, _("Anchor"));
      gtk_widget_set_halign (child, GTK_ALIGN_CENTER);
      break;

    case KIND_STATUS:
      child = gtk_label_new (NULL);
      gtk_widget_set_halign (child, GTK_ALIGN_START);
      gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
      break;

    case KIND_NUMBER:
      child = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (child), 1.0);
      gtk_widget_add_css_class (child, "numeric");
      if (column == GW_RESULT_COLUMN_LINE)
        gtk_widget_add_css_class (child, "dim-label");
      break;

    case KIND_TEXT:
    default:
      child = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (child), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (child), TRUE);
      break;
    }

  /* Cells are bound again on every scroll and sort (gw-widget-util.h). */
  gw_widget_use_deferred_tooltip (child);
  gtk_list_item_set_child (list_item, child);
}

/* The badge shows the effective status: a curated row shows the
 * analyst's call, marked as curated, with the engine's in the tooltip. */
static void
update_status_cell (GwResultTable *self,
                    GtkWidget     *child,
                    GwRun         *run,
                    guint          row)
{
  GwStatus status = gw_run_get_status (run, row);
  GwCurationStatus curated = GW_CURATION_NONE;
  const char *css_class;

  if (self != NULL && self->curation != NULL && row < gw_curation_get_n_rows (self->curation))
    curated = gw_curation_get_status (self->curation, row);

  if (curated != GW_CURATION_NONE)
    {
      const GwCurationEvent *event = gw_curation_get_event (self->curation, row);
      const char *classes[] = { "status-badge", "curated",
                                curated == GW_CURATION_ACCEPTED ? "curated-accepted" : "curated-rejected",
                                NULL };
      g_autofree char *tooltip = NULL;

      tooltip = g_strdup_printf (_("%s by %s: “%s” (the analysis said %s)"),
                                 curated == GW_CURATION_ACCEPTED ? _("Accepted") : _("Rejected"),
                                 event ? event->author : "?", event ? event->reason : "",
                                 gw_status_get_label (status));
      gtk_label_set_text (GTK_LABEL (child), curated == GW_CURATION_ACCEPTED ? _("Accepted") : _("Rejected"));
      gtk_widget_set_css_classes (child, classes);
      gw_widget_set_deferred_tooltip (child, tooltip);
      return;
    }

  css_class = gw_status_get_css_class (status);

  /* Binding runs for every visible cell whenever rows move, so only
   * touch what changed: a CSS class change restyles the widget. */
  if (!gtk_widget_has_css_class (child, css_class) || gtk_widget_has_css_class (child, "curated"))
    {
      const char *classes[] = { "status-badge", css_class, NULL };

      /* Text and colour: the status never relies on colour alone. */
      gtk_label_set_text (GTK_LABEL (child), gw_status_get_label (status));
      gtk_widget_set_css_classes (child, classes);
      gw_widget_set_deferred_tooltip (child, gw_status_get_description (status));
    }
}

static void
update_cell (GtkListItem    *list_item,
             GwResultColumn  column)
{
  GwResultRow *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  GwRun *run = gw_result_row_get_run (item);
  guint row = gw_result_row_get_row (item);

  switch (column_info[column].kind)
    {
    case KIND_ANCHOR:
      gtk_widget_set_visible (child, gw_table_is_anchor (gw_run_get_table (run), row));
      break;

    case KIND_STATUS:
      {
        GwResultTable *self = g_object_get_data (G_OBJECT (list_item), "gw-result-table");

        g_object_set_data (G_OBJECT (child), "gw-row", GUINT_TO_POINTER (row + 1));
        if (self != NULL)
          g_hash_table_add (self->status_cells, child);
        update_status_cell (self, child, run, row);
      }
      break;

    case KIND_NUMBER:
      {
        g_autofree char *text = format_number (column, row_number (run, row, column));

        gtk_label_set_text (GTK_LABEL (child), text);
      }
      break;

    case KIND_TEXT:
    default:
      {
        /* Reasons in the user's language; the clipboard's TSV keeps the
         * English, as the exports do. */
        if (column == GW_RESULT_COLUMN_REASON)
          {
            g_autofree char *text = gw_run_dup_display_reason (run, row);

            gtk_label_set_text (GTK_LABEL (child), text);
            /* Long reasons are ellipsized; the tooltip has the full text. */
            gw_widget_set_deferred_tooltip (child, text);
          }
        else
          gtk_label_set_text (GTK_LABEL (child), row_text (run, row, column));
      }
      break;
    }
}

static void
item_changed_cb (GtkListItem *list_item,
                 GwResultRow *item)
{
  update_cell (list_item, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (list_item), "gw-column")));
}

/* The item may point at another row later (a sort or a re-run moves rows
 * under fixed positions): the cell follows it. */
static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GwResultRow *item = gtk_list_item_get_item (list_item);
  gulong handler;

  g_object_set_data (G_OBJECT (list_item), "gw-column", user_data);
  g_object_set_data (G_OBJECT (list_item), "gw-result-table",
                     g_object_get_data (G_OBJECT (factory), "gw-result-table"));
  handler = g_signal_connect_object (item, "changed", G_CALLBACK (item_changed_cb), list_item, G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (list_item), "gw-handler", GSIZE_TO_POINTER (handler));
  update_cell (list_item, GPOINTER_TO_INT (user_data));
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GwResultRow *item = gtk_list_item_get_item (list_item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "gw-handler"));

  GwResultTable *self = g_object_get_data (G_OBJECT (factory), "gw-result-table");
  GtkWidget *child = gtk_list_item_get_child (list_item);

  if (item != NULL && handler != 0)
    g_signal_handler_disconnect (item, handler);
  g_object_set_data (G_OBJECT (list_item), "gw-handler", NULL);

  /* A status cell off screen needs no curation updates. */
  if (self != NULL && self->status_cells != NULL && child != NULL)
    g_hash_table_remove (self->status_cells, child);
}

/* Selection --------------------------------------------------------------- */

static int
compute_selected_row (GwResultTable *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GwResultRow) item = NULL;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    return -1;

  item = g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_minimum (selected));
  if (item == NULL)
    return -1;

  return gw_result_row_get_row (item);
}

static void
update_selected_row (GwResultTable *self)
{
  int row = compute_selected_row (self);

  if (row == self->selected_row)
    return;

  self->selected_row = row;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ROW]);
}

static void
selection_changed_cb (GwResultTable     *self,
                      guint              position,
                      guint              n_items,
                      GtkSelectionModel *model)
{
  update_selected_row (self);
}

static void
items_changed_cb (GwResultTable *self,
                  guint          position,
                  guint          removed,
                  guint          added,
                  GListModel    *model)
{
  gboolean no_match = self->run != NULL
                      && gw_run_get_n_rows (self->run) > 0
                      && g_list_model_get_n_items (model) == 0;

  gtk_stack_set_visible_child_name (self->stack, no_match ? "no-match" : "rows");
  update_selected_row (self);
}

/* Order ------------------------------------------------------------------- */

static void scroll_to_position (GwResultTable *self,
                                guint          position);

static void
get_spec (GwResultTable *self,
          GwViewSpec    *spec)
{
  guint column;
  gboolean descending;

  spec->sort_column = -1;
  spec->descending = FALSE;
  if (gw_column_sorter_probe (gtk_column_view_get_sorter (self->column_view), &column, &descending))
    {
      spec->sort_column = column;
      spec->descending = descending;
    }
  spec->status_mask = gw_result_filter_get_status_mask (self->filter);
  spec->search = g_strdup (gw_result_filter_get_search (self->filter));
  spec->curation = self->curation ? gw_curation_ref (self->curation) : NULL;
}

/* The positions in view, which the model brings up to date first. */
static void
set_priority_range (GwResultTable *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  double upper = gtk_adjustment_get_upper (adj);
  guint first = 0, count = n;

  if (n > 0 && upper > 0)
    {
      first = (guint) (n * (gtk_adjustment_get_value (adj) / upper));
      count = (guint) (n * (gtk_adjustment_get_page_size (adj) / upper)) + 1;
    }
  /* A row or two of slack for the estimate. */
  first = first > 2 ? first - 2 : 0;
  gw_result_model_set_priority_range (self->model, first, MIN (count + 4, 64));
}

/* Puts @rows (of @run; NULL for every row in input order) on screen in one
 * step, keeping the selected row selected and in view when it is still
 * shown. */
static void
show_order (GwResultTable *self,
            GwRun         *run,
            guint         *rows,
            guint          n_rows)
{
  int keep_row = self->pending_select >= 0 ? self->pending_select : self->selected_row;
  gboolean run_changed = run != self->run;
  guint position;

  self->pending_select = -1;

  if (run_changed)
    {
      g_clear_pointer (&self->run, gw_run_unref);
      if (run != NULL)
        self->run = gw_run_ref (run);
    }

  /* Selection is by position, and positions now show other rows. */
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  set_priority_range (self);
  gw_result_model_set_order (self->model, run, rows, n_rows);
  /* Finding the kept row needs every item; that is rare (a selection). */
  if (run != NULL && keep_row >= 0)
    gw_result_model_flush (self->model);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "table.copy", run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "table.select-all", run != NULL);

  if (run != NULL && keep_row >= 0 && gw_result_model_find_row (self->model, keep_row, &position))
    {
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
      scroll_to_position (self, position);
    }

  items_changed_cb (self, 0, 0, 0, G_LIST_MODEL (self->selection));
  update_selected_row (self);

  if (run_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
}

static void
order_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GwResultTable) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwRun) run = NULL;
  guint *rows;
  guint n_rows;

  rows = gw_view_order_finish (result, &n_rows, &error);

  /* Superseded by a newer order: say nothing. */
  if (g_task_get_cancellable (G_TASK (result)) != self->order_cancellable)
    {
      g_free (rows);
      return;
    }

  g_clear_object (&self->order_cancellable);
  run = g_steal_pointer (&self->pending_run);

  if (rows == NULL)
    {
      g_warning ("Could not order the table: %s", error->message);
      return;
    }

  show_order (self, run, rows, n_rows);
}

/* Shows @run in the current sort and filter: at once for input order,
 * else once a worker has computed the order. */
static void
request_order (GwResultTable *self,
               GwRun         *run)
{
  GwViewSpec spec = { 0 };

  if (self->order_cancellable != NULL)
    {
      g_cancellable_cancel (self->order_cancellable);
      g_clear_object (&self->order_cancellable);
    }
  g_clear_pointer (&self->pending_run, gw_run_unref);

  get_spec (self, &spec);

  if (run == NULL || gw_view_spec_is_identity (&spec))
    show_order (self, run, NULL, 0);
  else
    {
      self->order_cancellable = g_cancellable_new ();
      self->pending_run = gw_run_ref (run);
      gw_view_order_async (run, &spec, self->order_cancellable, order_cb, g_object_ref (self));
    }

  gw_view_spec_clear (&spec);
}

static void
view_sorter_changed_cb (GwResultTable   *self,
                        GtkSorterChange  change,
                        GtkSorter       *sorter)
{
  request_order (self, self->pending_run != NULL ? self->pending_run : self->run);
}

static void
filter_changed_cb (GwResultTable   *self,
                   GtkFilterChange  change,
                   GtkFilter       *filter)
{
  request_order (self, self->pending_run != NULL ? self->pending_run : self->run);
}

/* Copy -------------------------------------------------------------------- */

static void
append_tsv_number (GString *str,
                   double   value,
                   int      digits)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[16];

  if (!isfinite (value))
    return;
  g_snprintf (format, sizeof format, "%%.%df", digits);
  g_string_append (str, g_ascii_formatd (buf, sizeof buf, format, value));
}

static void
append_tsv_text (GString    *str,
                 const char *text)
{
  /* Tabs and newlines inside a cell would break the TSV structure. */
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    g_string_append_c (str, (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p);
}

static void
append_tsv_row (GString    *str,
                GwRun      *run,
                GwCuration *curation,
                guint       row)
{
  for (guint c = 0; c < GW_N_RESULT_COLUMNS; c++)
    {
      if (c > 0)
        g_string_append_c (str, '\t');

      switch ((GwResultColumn) c)
        {
        case GW_RESULT_COLUMN_LINE:
          g_string_append_printf (str, "%u", gw_table_get_line (gw_run_get_table (run), row));
          break;
        case GW_RESULT_COLUMN_RT:
        case GW_RESULT_COLUMN_PREDICTED:
        case GW_RESULT_COLUMN_RESIDUAL:
          append_tsv_number (str, row_number (run, row, c), 4);
          break;
        case GW_RESULT_COLUMN_LOGP:
        case GW_RESULT_COLUMN_Z:
        case GW_RESULT_COLUMN_CONFIDENCE:
          append_tsv_number (str, row_number (run, row, c), 3);
          break;
        case GW_RESULT_COLUMN_VOLUME:
          append_tsv_number (str, row_number (run, row, c), 0);
          break;
        case GW_RESULT_COLUMN_ANCHOR:
          g_string_append (str, gw_table_is_anchor (gw_run_get_table (run), row) ? "T" : "F");
          break;
        case GW_RESULT_COLUMN_STATUS:
          /* The effective status: what the analyst decided, if anything. */
          g_string_append (str, gw_view_row_effective_status (run, curation, row));
          break;
        case GW_RESULT_COLUMN_NAME:
        case GW_RESULT_COLUMN_GROUP:
        case GW_RESULT_COLUMN_REASON:
          append_tsv_text (str, row_text (run, row, c));
          break;
        case GW_N_RESULT_COLUMNS:
        default:
          break;
        }
    }
  g_string_append_c (str, '\n');
}

char *
gw_result_table_dup_selection_tsv (GwResultTable *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  GString *str;
  guint position;

  g_return_val_if_fail (GW_IS_RESULT_TABLE (self), NULL);

  str = g_string_new (NULL);
  /* The header uses the file's untranslated column names, so a paste into
   * a spreadsheet round-trips through the importer. */
  g_string_append (str, "line\tName\tgroup\tRT\tLog P\tVolume\tAnchor\tstatus\t"
                        "predicted_rt\tresidual\tz\tconfidence\treason\n");

  if (self->run == NULL)
    return g_string_free (str, FALSE);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_iter_init_first (&iter, selected, &position))
    {
      do
        {
          g_autoptr(GwResultRow) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

          if (item != NULL)
            append_tsv_row (str, self->run, self->curation, gw_result_row_get_row (item));
        }
      while (gtk_bitset_iter_next (&iter, &position));
    }

  return g_string_free (str, FALSE);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  GwResultTable *self = GW_RESULT_TABLE (widget);
  g_autofree char *tsv = NULL;

  if (self->run == NULL)
    return;

  tsv = gw_result_table_dup_selection_tsv (self);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), tsv);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  GwResultTable *self = GW_RESULT_TABLE (widget);

  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
}

/* Public API ------------------------------------------------------------- */

GtkWidget *
gw_result_table_new (void)
{
  return g_object_new (GW_TYPE_RESULT_TABLE, NULL);
}

GwRun *
gw_result_table_get_run (GwResultTable *self)
{
  g_return_val_if_fail (GW_IS_RESULT_TABLE (self), NULL);
  return self->run;
}

void
gw_result_table_set_run (GwResultTable *self,
                         GwRun         *run)
{
  g_return_if_fail (GW_IS_RESULT_TABLE (self));

  if (self->run == run && self->pending_run == NULL)
    return;

  /* A re-run keeps the same rows, so the row the user was looking at stays
   * selected; the old rows stay on screen until the new order is ready. */
  request_order (self, run);
}

GwResultFilter *
gw_result_table_get_filter (GwResultTable *self)
{
  g_return_val_if_fail (GW_IS_RESULT_TABLE (self), NULL);
  return self->filter;
}

GtkSelectionModel *
gw_result_table_get_model (GwResultTable *self)
{
  g_return_val_if_fail (GW_IS_RESULT_TABLE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

GtkColumnView *
gw_result_table_get_view (GwResultTable *self)
{
  g_return_val_if_fail (GW_IS_RESULT_TABLE (self), NULL);
  return self->column_view;
}

GtkColumnViewColumn *
gw_result_table_get_column (GwResultTable  *self,
                            GwResultColumn  column)
{
  g_return_val_if_fail (GW_IS_RESULT_TABLE (self), NULL);
  g_return_val_if_fail (column < GW_N_RESULT_COLUMNS, NULL);
  return self->columns[column];
}

gboolean
gw_result_table_is_busy (GwResultTable *self)
{
  g_return_val_if_fail (GW_IS_RESULT_TABLE (self), FALSE);
  return self->order_cancellable != NULL || gw_result_model_is_busy (self->model);
}

int
gw_result_table_get_selected_row (GwResultTable *self)
{
  g_return_val_if_fail (GW_IS_RESULT_TABLE (self), -1);
  return self->selected_row;
}

/* GTK 4.8 has no gtk_column_view_scroll_to(), and the inner list view's
 * "list.scroll-to-item" misplaces rows when used before a layout.  So the
 * table scrolls its adjustment itself, on the next frame, once the new
 * model has been measured. */
static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  GwResultTable *self = GW_RESULT_TABLE (widget);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  double upper = gtk_adjustment_get_upper (adj);
  double page = gtk_adjustment_get_page_size (adj);
  double value = gtk_adjustment_get_value (adj);
  double row_height, top;

  if (n_items == 0 || self->scroll_position >= n_items)
    {
      self->scroll_tick = 0;
      return G_SOURCE_REMOVE;
    }

  /* Not measured yet: try again on the next frame. */
  if ((upper <= 0 || page <= 0) && self->scroll_frames++ < 30)
    return G_SOURCE_CONTINUE;

  self->scroll_tick = 0;

  row_height = upper / n_items;
  top = self->scroll_position * row_height;

  /* Leave it alone when the row is already in view. */
  if (top >= value && top + row_height <= value + page)
    return G_SOURCE_REMOVE;

  gtk_adjustment_set_value (adj, CLAMP (top - (page - row_height) / 2, 0, MAX (0, upper - page)));
  return G_SOURCE_REMOVE;
}

static void
scroll_to_position (GwResultTable *self,
                    guint          position)
{
  self->scroll_position = position;
  self->scroll_frames = 0;
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_tick_cb, NULL, NULL);
}

gboolean
gw_result_table_select_row (GwResultTable *self,
                            guint          row)
{
  guint position;

  g_return_val_if_fail (GW_IS_RESULT_TABLE (self), FALSE);

  if (self->run == NULL || row >= gw_run_get_n_rows (self->run))
    return FALSE;

  if (self->order_cancellable == NULL
      && self->model != NULL
      && gw_result_model_find_row (self->model, row, &position))
    {
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
      scroll_to_position (self, position);
      update_selected_row (self);
      return TRUE;
    }

  /* A link must always land somewhere: when the filters hide the row,
   * clear them, and select the row once the new order is on screen. */
  self->pending_select = row;
  if (gw_result_filter_get_status_mask (self->filter) != 0 || gw_result_filter_get_search (self->filter) != NULL)
    {
      g_signal_handlers_block_by_func (self->filter, filter_changed_cb, self);
      gw_result_filter_set_status_mask (self->filter, 0);
      gw_result_filter_set_search (self->filter, NULL);
      g_signal_handlers_unblock_by_func (self->filter, filter_changed_cb, self);
      request_order (self, self->run);
    }

  return TRUE;
}

/* GObject ---------------------------------------------------------------- */

static void
gw_result_table_dispose (GObject *object)
{
  GwResultTable *self = (GwResultTable *)object;
  GtkWidget *child;

  /* The column view re-sorts while its columns go away; nothing of ours
   * may react to that any more. */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  if (self->order_cancellable != NULL)
    g_cancellable_cancel (self->order_cancellable);
  g_clear_object (&self->order_cancellable);
  g_clear_pointer (&self->pending_run, gw_run_unref);

  if (self->scroll_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
      self->scroll_tick = 0;
    }
  g_clear_handle_id (&self->layout_idle, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_RESULT_TABLE);
  g_clear_pointer (&self->curation, gw_curation_unref);
  g_clear_pointer (&self->status_cells, g_hash_table_unref);
  /* Children the template does not bind are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->run, gw_run_unref);
  for (guint i = 0; i < GW_N_RESULT_COLUMNS; i++)
    g_clear_object (&self->columns[i]);

  G_OBJECT_CLASS (gw_result_table_parent_class)->dispose (object);
}

static void
gw_result_table_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GwResultTable *self = GW_RESULT_TABLE (object);

  switch (prop_id)
    {
    case PROP_RUN:
      g_value_set_boxed (value, self->run);
      break;

    case PROP_SELECTED_ROW:
      g_value_set_int (value, self->selected_row);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_result_table_class_init (GwResultTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_result_table_dispose;
  object_class->get_property = gw_result_table_get_property;
  widget_class->measure = gw_result_table_measure;
  widget_class->size_allocate = gw_result_table_size_allocate;

  properties[PROP_RUN] =
    g_param_spec_boxed ("run", NULL, NULL,
                        gw_run_get_type (),
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SELECTED_ROW] =
    g_param_spec_int ("selected-row", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ganglioside/Workbench/gw-result-table.ui");
  gtk_widget_class_bind_template_child (widget_class, GwResultTable, stack);
  gtk_widget_class_bind_template_child (widget_class, GwResultTable, scroller);
  gtk_widget_class_bind_template_child (widget_class, GwResultTable, column_view);
  gtk_widget_class_set_css_name (widget_class, "resulttable");

  gtk_widget_class_install_action (widget_class, "table.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "table.select-all", NULL, select_all_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "table.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "table.select-all", NULL);
}

/* The widths in column_info fit GNOME's default text, 11 pt at 96 dpi.
 * Large text (a higher gtk-xft-dpi, as GNOME's text scaling sets it, or a
 * bigger font) widens every fixed column by the same factor, so a badge
 * like "Fragment" is never cut. */
#define REFERENCE_FONT_PX (11.0 * 96.0 / 72.0)

static void
update_column_widths (GwResultTable *self)
{
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (self));
  g_autofree char *font_name = NULL;
  g_autoptr(PangoFontDescription) font = NULL;
  double scale = 1.0;
  int dpi = 0;

  g_object_get (settings, "gtk-xft-dpi", &dpi, "gtk-font-name", &font_name, NULL);
  if (font_name != NULL)
    font = pango_font_description_from_string (font_name);
  if (dpi > 0 && font != NULL && pango_font_description_get_size (font) > 0)
    {
      double size = (double) pango_font_description_get_size (font) / PANGO_SCALE;

      if (!pango_font_description_get_size_is_absolute (font))
        size = size * (dpi / 1024.0) / 72.0;
      scale = MAX (1.0, size / REFERENCE_FONT_PX);
    }

  self->width_scale = scale;
  for (guint c = 0; c < GW_N_RESULT_COLUMNS; c++)
    if (column_info[c].fixed_width > 0)
      gtk_column_view_column_set_fixed_width (self->columns[c], (int) ceil (column_info[c].fixed_width * scale));
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* The Reason column expands into what the fixed columns leave; below
 * this width (at the reference text size) its sentences are cut to a
 * few words, so the table switches to its compact layout. */
#define REASON_MIN_WIDTH 160

/* Hidden in the compact layout: the row details show both, next to the
 * z score, which says the same in units the outlier call uses. */
static const GwResultColumn compact_hidden[] = {
  GW_RESULT_COLUMN_PREDICTED,
  GW_RESULT_COLUMN_RESIDUAL,
};

/* The natural width of column @c's header, title and sort arrow: a
 * translation can be longer than the English title the reference widths
 * were made for ("Vorhergesagt", "Konfidenz").  The column view makes one
 * header button per column, in column order; 0 when it has not. */
static int
header_width (GwResultTable *self,
              guint          c)
{
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
  GtkWidget *title;
  GtkWidget *label;
  GtkStyleContext *style;
  GtkBorder padding, border;
  guint i = 0;
  int natural = 0;

  if (header == NULL || g_strcmp0 (gtk_widget_get_css_name (header), "header") != 0)
    return 0;
  for (title = gtk_widget_get_first_child (header); title != NULL && i < c; title = gtk_widget_get_next_sibling (title))
    i++;
  if (title == NULL)
    return 0;
  /* The button itself reports the column's fixed width: measure its label
   * and add the button's padding.  The sort arrow is left out, as in the
   * reference widths: a sorted column's arrow may cover the title's end. */
  for (label = gtk_widget_get_first_child (title); label != NULL && !GTK_IS_LABEL (label);)
    label = gtk_widget_get_first_child (label);
  if (label == NULL)
    return 0;

  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  style = gtk_widget_get_style_context (title);
  gtk_style_context_get_padding (style, &padding);
  gtk_style_context_get_border (style, &border);
  return natural + padding.left + padding.right + border.left + border.right;
}

/* The width of the widest status badge in this language: the badge's
 * text (style.css: 0.86em, bold) with its padding and the cell's. */
static int
badge_width (GwResultTable *self)
{
  const char *labels[GW_N_STATUSES + 2];
  PangoAttrList *attrs = pango_attr_list_new ();
  int widest = 0;

  for (guint s = 0; s < GW_N_STATUSES; s++)
    labels[s] = gw_status_get_label (s);
  labels[GW_N_STATUSES] = _("Accepted");
  labels[GW_N_STATUSES + 1] = _("Rejected");

  pango_attr_list_insert (attrs, pango_attr_scale_new (0.86));
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), labels[i]);
      int width = 0;

      pango_layout_set_attributes (layout, attrs);
      pango_layout_get_pixel_size (layout, &width, NULL);
      widest = MAX (widest, width);
    }
  pango_attr_list_unref (attrs);

  /* 9 px either side in the badge, 6 px either side in the cell, and
   * the curated outline. */
  return widest + 2 * 9 + 2 * 6 + 2;
}

/* The width column @c needs: its reference width at this text size, or
 * more for a longer header or badge. */
static int
needed_width (GwResultTable *self,
              guint          c)
{
  int width = (int) ceil (column_info[c].fixed_width * self->width_scale);

  width = MAX (width, header_width (self, c));
  if (column_info[c].kind == KIND_STATUS)
    width = MAX (width, badge_width (self));
  return width;
}

static gboolean
apply_layout_cb (gpointer data)
{
  GwResultTable *self = data;

  self->layout_idle = 0;
  for (guint c = 0; c < GW_N_RESULT_COLUMNS; c++)
    if (column_info[c].fixed_width > 0 && gtk_column_view_column_get_fixed_width (self->columns[c]) != self->widths[c])
      gtk_column_view_column_set_fixed_width (self->columns[c], self->widths[c]);
  for (guint i = 0; i < G_N_ELEMENTS (compact_hidden); i++)
    gtk_column_view_column_set_visible (self->columns[compact_hidden[i]], !self->compact);
  return G_SOURCE_REMOVE;
}

/* The layout follows the table's width: every column when they fit with
 * a readable Reason, the compact layout when not.  Resizing columns
 * resizes the column view, which must not happen while it is being
 * allocated, so the change waits for an idle that runs before the next
 * frame is drawn.  The table's own width does not depend on its columns
 * (it scrolls), so this cannot loop. */
static void
gw_result_table_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  GwResultTable *self = GW_RESULT_TABLE (widget);
  gboolean changed = FALSE;
  gboolean compact;
  int total = (int) ceil (REASON_MIN_WIDTH * self->width_scale);

  for (guint c = 0; c < GW_N_RESULT_COLUMNS; c++)
    if (column_info[c].fixed_width > 0)
      {
        int needed = needed_width (self, c);

        changed |= needed != self->widths[c];
        self->widths[c] = needed;
        total += needed;
      }

  compact = width < total;
  changed |= compact != self->compact;
  self->compact = compact;
  if (changed && self->layout_idle == 0)
    self->layout_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_layout_cb, self, NULL);

  /* As GtkBinLayout would, which this replaces: a layout manager would
   * keep this function from being called. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
gw_result_table_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      {
        int child_min = 0, child_nat = 0;

        gtk_widget_measure (child, orientation, for_size, &child_min, &child_nat, NULL, NULL);
        *minimum = MAX (*minimum, child_min);
        *natural = MAX (*natural, child_nat);
      }
}

/* Whether the table is in its compact layout (for tests). */
gboolean
gw_result_table_is_compact (GwResultTable *self)
{
  g_return_val_if_fail (GW_IS_RESULT_TABLE (self), FALSE);
  return self->compact && self->layout_idle == 0;
}

static void
text_settings_notify_cb (GwResultTable *self,
                         GParamSpec    *pspec,
                         GtkSettings   *settings)
{
  update_column_widths (self);
}

static void
gw_result_table_init (GwResultTable *self)
{
  self->status_cells = g_hash_table_new (NULL, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selected_row = -1;
  self->pending_select = -1;
  self->width_scale = 1.0;

  for (guint c = 0; c < GW_N_RESULT_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkSorter) sorter = gw_column_sorter_new (c);

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (c));
      if (column_info[c].kind == KIND_STATUS)
        g_object_set_data (G_OBJECT (factory), "gw-result-table", self);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), GINT_TO_POINTER (c));

      self->columns[c] = gtk_column_view_column_new (_(column_info[c].title), factory);
      gtk_column_view_column_set_sorter (self->columns[c], sorter);
      gtk_column_view_column_set_resizable (self->columns[c], TRUE);
      gtk_column_view_column_set_expand (self->columns[c], column_info[c].expand);
      gtk_column_view_append_column (self->column_view, self->columns[c]);
    }
  update_column_widths (self);
  g_signal_connect_object (gtk_widget_get_settings (GTK_WIDGET (self)), "notify::gtk-xft-dpi",
                           G_CALLBACK (text_settings_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_widget_get_settings (GTK_WIDGET (self)), "notify::gtk-font-name",
                           G_CALLBACK (text_settings_notify_cb), self, G_CONNECT_SWAPPED);

  self->model = gw_result_model_new (NULL);
  self->filter = gw_result_filter_new ();
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (view_sorter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter, "changed",
                           G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "table.copy", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "table.select-all", FALSE);
}

void
gw_result_table_set_curation (GwResultTable *self,
                              GwCuration    *curation)
{
  GHashTableIter iter;
  gpointer child;
  guint column;
  gboolean descending;

  g_return_if_fail (GW_IS_RESULT_TABLE (self));

  if (self->curation == curation)
    return;

  if (curation != NULL)
    gw_curation_ref (curation);
  g_clear_pointer (&self->curation, gw_curation_unref);
  self->curation = curation;

  /* Filters on status see the new effective statuses (a re-order when a
   * status filter or search is active). */
  gw_result_filter_set_curation (self->filter, curation);

  if (self->run == NULL)
    return;

  /* So does a sort by status; the filter above already asked for a new
   * order when it is active. */
  if (gw_result_filter_get_status_mask (self->filter) == 0 &&
      gw_result_filter_get_search (self->filter) == NULL &&
      gw_column_sorter_probe (gtk_column_view_get_sorter (self->column_view), &column, &descending) &&
      column == GW_RESULT_COLUMN_STATUS)
    request_order (self, self->pending_run != NULL ? self->pending_run : self->run);

  g_hash_table_iter_init (&iter, self->status_cells);
  while (g_hash_table_iter_next (&iter, &child, NULL))
    {
      guint row = GPOINTER_TO_UINT (g_object_get_data (child, "gw-row"));

      if (row > 0 && row - 1 < gw_run_get_n_rows (self->run))
        update_status_cell (self, child, self->run, row - 1);
    }
}
