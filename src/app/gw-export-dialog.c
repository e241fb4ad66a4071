/* gw-export-dialog.c: export a run as CSV, JSON, XLSX, mzTab-M or a PDF report
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The export runs on a GTask thread with an immutable copy of what it
 * needs (the run is immutable and reference-counted; the context is
 * copied), so the window stays responsive and the export can be
 * cancelled.  The PDF report reports real progress; the other formats
 * are fast and pulse the bar.
 */

#define G_LOG_DOMAIN "gw-export-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gw-export-dialog.h"
#include "gw-progress.h"
#include "gw-report.h"

#define FORMAT_PDF (-1)

typedef struct
{
  int         format;   /* GwExportFormat, or FORMAT_PDF */
  const char *label;
  const char *extension;
} FormatChoice;

static const FormatChoice formats[] = {
  { FORMAT_PDF, N_("PDF report"), "pdf" },
  { GW_EXPORT_XLSX, N_("Excel workbook (XLSX)"), "xlsx" },
  { GW_EXPORT_CSV, N_("CSV, one row per peak"), "csv" },
  { GW_EXPORT_JSON, N_("JSON, everything"), "json" },
  { GW_EXPORT_MZTAB, N_("mzTab-M 2.0"), "mztab" },
};

/* A deep copy of a GwExportContext, owned by the task. */
typedef struct
{
  GwExportContext        context;
  GwExportCuration       curation;
  GPtrArray             *strings;
  const char           **status;
  const char           **reason;
  const char           **author;
  gint64                *time;
  GwExportCurationEntry *log;
} ContextCopy;

typedef struct
{
  GwRun          *run;
  ContextCopy    *ctx;            /* (nullable) */
  gboolean        curated;
  int             format;
  GwReportOptions report;
  GFile          *file;
  GwProgress     *progress;
} ExportData;

struct _GwExportDialog
{
  AdwWindow       parent_instance;

  GtkWindow      *parent;         /* weak */
  GwRun          *run;
  ContextCopy    *ctx;

  GtkWidget      *export_button;
  GtkWidget      *cancel_button;
  AdwComboRow    *format_row;
  AdwComboRow    *statuses_row;
  AdwComboRow    *paper_row;
  GtkWidget      *overall_switch;
  GtkWidget      *group_switch;
  GtkWidget      *pdf_group;
  GtkWidget      *prefs;
  GtkProgressBar *progress_bar;
  GtkLabel       *progress_label;

  GCancellable   *cancellable;
  GwProgress     *progress;
  guint           pulse_source;
  gboolean        pulsing;
};

G_DEFINE_FINAL_TYPE (GwExportDialog, gw_export_dialog, ADW_TYPE_WINDOW)

static const char *
keep (GPtrArray  *strings,
      const char *s)
{
  char *copy;

  if (s == NULL)
    return NULL;
  copy = g_strdup (s);
  g_ptr_array_add (strings, copy);
  return copy;
}

static void
context_copy_free (ContextCopy *c)
{
  g_ptr_array_unref (c->strings);
  g_free (c->status);
  g_free (c->reason);
  g_free (c->author);
  g_free (c->time);
  g_free (c->log);
  g_free (c);
}

static ContextCopy *
context_copy (const GwExportContext *src)
{
  ContextCopy *c = g_new0 (ContextCopy, 1);
  const GwExportCuration *cur = src->curation;

  c->strings = g_ptr_array_new_with_free_func (g_free);
  c->context.project = keep (c->strings, src->project);
  c->context.run_id = keep (c->strings, src->run_id);
  c->context.author = keep (c->strings, src->author);
  if (cur != NULL)
    {
      guint n = cur->n_rows;

      c->status = g_new0 (const char *, n);
      c->reason = g_new0 (const char *, n);
      c->author = g_new0 (const char *, n);
      c->time = g_new0 (gint64, n);
      for (guint i = 0; i < n; i++)
        {
          c->status[i] = cur->status != NULL ? keep (c->strings, cur->status[i]) : NULL;
          c->reason[i] = cur->reason != NULL ? keep (c->strings, cur->reason[i]) : NULL;
          c->author[i] = cur->author != NULL ? keep (c->strings, cur->author[i]) : NULL;
          c->time[i] = cur->time != NULL ? cur->time[i] : 0;
        }
      c->log = g_new0 (GwExportCurationEntry, MAX (cur->n_log, 1));
      for (guint i = 0; i < cur->n_log; i++)
        {
          c->log[i] = cur->log[i];
          c->log[i].action = keep (c->strings, cur->log[i].action);
          c->log[i].reason = keep (c->strings, cur->log[i].reason);
          c->log[i].author = keep (c->strings, cur->log[i].author);
        }
      c->curation = (GwExportCuration) { n, c->status, c->reason, c->author, c->time,
                                         cur->n_log, c->log };
      c->context.curation = &c->curation;
    }
  return c;
}

static void
export_data_free (ExportData *d)
{
  g_clear_pointer (&d->run, gw_run_unref);
  g_clear_object (&d->file);
  g_clear_object (&d->progress);
  g_free (d);
}

/* Worker thread. */
static void
report_progress_cb (double      fraction,
                    const char *message,
                    gpointer    user_data)
{
  gw_progress_report (user_data, fraction, message);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *d = task_data;
  GwExportContext context = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (d->ctx != NULL)
    {
      context = d->ctx->context;
      if (!d->curated)
        context.curation = NULL;
    }

  if (d->format == FORMAT_PDF)
    {
      d->report.context = &context;
      ok = gw_report_write_file (d->run, &d->report, d->file, cancellable,
                                 report_progress_cb, d->progress, &error);
    }
  else
    ok = gw_export_to_file_full (d->run, d->format, &context, d->file, cancellable, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* Main thread. */

static void
set_busy (GwExportDialog *self,
          gboolean        busy,
          gboolean        pulse)
{
  gtk_widget_set_sensitive (self->prefs, !busy);
  gtk_widget_set_sensitive (self->export_button, !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), busy);
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), busy ? _("_Stop") : _("_Cancel"));
  self->pulsing = busy && pulse;
  if (!busy)
    g_clear_handle_id (&self->pulse_source, g_source_remove);
}

static gboolean
pulse_cb (gpointer user_data)
{
  GwExportDialog *self = user_data;

  if (self->pulsing)
    gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
progress_notify_cb (GwExportDialog *self,
                    GParamSpec     *pspec,
                    GwProgress     *progress)
{
  g_autofree char *message = gw_progress_dup_message (progress);

  gtk_progress_bar_set_fraction (self->progress_bar, gw_progress_get_fraction (progress));
  if (message != NULL)
    gtk_label_set_text (self->progress_label, message);
}

static void
show_done_toast (GtkWindow *parent,
                 GFile     *file)
{
  GtkWidget *content;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *uri = NULL;
  AdwToast *toast;

  if (parent == NULL || !ADW_IS_APPLICATION_WINDOW (parent))
    return;
  content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (parent));
  if (!ADW_IS_TOAST_OVERLAY (content))
    return;

  name = g_file_get_basename (file);
  uri = g_file_get_uri (file);
  title = g_strdup_printf (_("Exported “%s”"), name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "export.open");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (content), toast);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GwExportDialog *self = GW_EXPORT_DIALOG (object);
  ExportData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE, FALSE);
  g_clear_object (&self->cancellable);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      GtkWidget *dialog;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Export Failed"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  show_done_toast (self->parent, d->file);
  gtk_window_destroy (GTK_WINDOW (self));
}

static int
selected_format (GwExportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->format_row);

  return i < G_N_ELEMENTS (formats) ? formats[i].format : FORMAT_PDF;
}

void
gw_export_dialog_export_to (GwExportDialog *self,
                            int             format,
                            GFile          *file)
{
  g_autoptr(GTask) task = NULL;
  ExportData *d;

  g_return_if_fail (GW_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->cancellable != NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      adw_combo_row_set_selected (self->format_row, i);

  d = g_new0 (ExportData, 1);
  d->run = gw_run_ref (self->run);
  d->ctx = self->ctx;
  d->curated = self->ctx != NULL && self->ctx->context.curation != NULL &&
               adw_combo_row_get_selected (self->statuses_row) == 0;
  d->format = format;
  gw_report_options_init (&d->report);
  d->report.paper = adw_combo_row_get_selected (self->paper_row) == 1 ?
                    GW_REPORT_PAPER_LETTER : GW_REPORT_PAPER_A4;
  d->report.overall_plots = gtk_switch_get_active (GTK_SWITCH (self->overall_switch));
  d->report.group_plots = gtk_switch_get_active (GTK_SWITCH (self->group_switch));
  d->file = g_object_ref (file);
  d->progress = g_object_ref (self->progress);

  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, format == FORMAT_PDF ? _("Laying out the report") :
                                                                  _("Writing"));
  set_busy (self, TRUE, format != FORMAT_PDF);
  if (format != FORMAT_PDF && self->pulse_source == 0)
    self->pulse_source = g_timeout_add (100, pulse_cb, self);

  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, gw_export_dialog_export_to);
  g_task_set_task_data (task, d, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
gw_export_dialog_is_busy (GwExportDialog *self)
{
  g_return_val_if_fail (GW_IS_EXPORT_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}

static void
save_response_cb (GwExportDialog       *self,
                  int                   response,
                  GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        gw_export_dialog_export_to (self, selected_format (self), file);
    }
  g_object_unref (native);
}

static void
export_clicked_cb (GwExportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->format_row);
  GwTable *table = gw_run_get_table (self->run);
  g_autofree char *stem = g_strdup (gw_table_get_display_name (table));
  g_autofree char *name = NULL;
  GtkFileChooserNative *native;
  char *dot;

  if (i >= G_N_ELEMENTS (formats))
    return;
  dot = strrchr (stem, '.');
  if (dot != NULL && dot != stem)
    *dot = '\0';
  name = g_strdup_printf ("%s-%s.%s", stem,
                          formats[i].format == FORMAT_PDF ? "report" : "results",
                          formats[i].extension);

  native = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (save_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
cancel_clicked_cb (GwExportDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
format_notify_cb (GwExportDialog *self)
{
  gtk_widget_set_visible (self->pdf_group, selected_format (self) == FORMAT_PDF);
}

static void
open_export_cb (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  GtkWindow *window = user_data;

  gtk_show_uri (window, g_variant_get_string (param, NULL), GDK_CURRENT_TIME);
}

static GtkWidget *
switch_row (const char *title,
            const char *subtitle,
            GtkWidget **out_switch)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_switch_set_active (GTK_SWITCH (sw), TRUE);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  *out_switch = sw;
  return row;
}

static AdwComboRow *
combo_row (const char         *title,
           const char * const *items)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  g_autoptr(GtkStringList) list = gtk_string_list_new (items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
  return row;
}

static void
gw_export_dialog_dispose (GObject *object)
{
  GwExportDialog *self = GW_EXPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  g_clear_object (&self->progress);
  g_clear_pointer (&self->run, gw_run_unref);
  g_clear_weak_pointer (&self->parent);

  G_OBJECT_CLASS (gw_export_dialog_parent_class)->dispose (object);
}

/* Closing the dialog stops the export: a running task holds a reference,
 * so dispose would come only after the task is done. */
static void
gw_export_dialog_unmap (GtkWidget *widget)
{
  GwExportDialog *self = GW_EXPORT_DIALOG (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  GTK_WIDGET_CLASS (gw_export_dialog_parent_class)->unmap (widget);
}

static void
gw_export_dialog_finalize (GObject *object)
{
  GwExportDialog *self = GW_EXPORT_DIALOG (object);

  /* Last: a running task's data points at it until the task is gone,
   * and the task holds a reference on the dialog. */
  g_clear_pointer (&self->ctx, context_copy_free);

  G_OBJECT_CLASS (gw_export_dialog_parent_class)->finalize (object);
}

static void
gw_export_dialog_class_init (GwExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_export_dialog_dispose;
  object_class->finalize = gw_export_dialog_finalize;
  widget_class->unmap = gw_export_dialog_unmap;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gw_export_dialog_init (GwExportDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  static const char * const statuses[] = { N_("Curated (effective statuses)"),
                                           N_("Engine calls only (raw)"), NULL };
  static const char * const papers[] = { N_("A4"), N_("US Letter"), NULL };
  const char *statuses_tr[3] = { _(statuses[0]), _(statuses[1]), NULL };
  const char *papers_tr[3] = { _(papers[0]), _(papers[1]), NULL };

  self->progress = gw_progress_new ();
  g_signal_connect_object (self->progress, "notify::fraction",
                           G_CALLBACK (progress_notify_cb), self, G_CONNECT_SWAPPED);

  gtk_window_set_title (GTK_WINDOW (self), _("Export"));
  gtk_window_set_default_size (GTK_WINDOW (self), 460, -1);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  self->cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  self->export_button = gtk_button_new_with_mnemonic (_("_Export…"));
  gtk_widget_add_css_class (self->export_button, "suggested-action");
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->cancel_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->export_button);
  g_signal_connect_object (self->cancel_button, "clicked", G_CALLBACK (cancel_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->export_button, "clicked", G_CALLBACK (export_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), header);

  gtk_widget_set_margin_top (page, 18);
  gtk_widget_set_margin_bottom (page, 18);
  gtk_widget_set_margin_start (page, 18);
  gtk_widget_set_margin_end (page, 18);
  self->prefs = page;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    g_ptr_array_add (names, (gpointer) _(formats[i].label));
  g_ptr_array_add (names, NULL);

  group = adw_preferences_group_new ();
  self->format_row = combo_row (_("Format"), (const char * const *) names->pdata);
  g_signal_connect_object (self->format_row, "notify::selected", G_CALLBACK (format_notify_cb),
                           self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->format_row));
  self->statuses_row = combo_row (_("Statuses"), statuses_tr);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->statuses_row));
  gtk_box_append (GTK_BOX (page), group);

  self->pdf_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->pdf_group), _("Report"));
  self->paper_row = combo_row (_("Paper"), papers_tr);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->pdf_group), GTK_WIDGET (self->paper_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->pdf_group),
                             switch_row (_("Overall Plots"), _("RT vs Log P and residuals, all groups"),
                                         &self->overall_switch));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->pdf_group),
                             switch_row (_("Per-Group Plots"), _("The same for every fitted group"),
                                         &self->group_switch));
  gtk_box_append (GTK_BOX (page), self->pdf_group);
  gtk_box_append (GTK_BOX (box), page);

  self->progress_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_label), "dim-label");
  gtk_widget_set_margin_start (GTK_WIDGET (self->progress_label), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->progress_label), 18);
  gtk_label_set_xalign (self->progress_label, 0);
  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_margin_start (GTK_WIDGET (self->progress_bar), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->progress_bar), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->progress_bar), 18);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress_bar));
  set_busy (self, FALSE, FALSE);

  adw_window_set_content (ADW_WINDOW (self), box);
}

/**
 * gw_export_dialog_new:
 * @parent: the window it belongs to
 * @run: the run to export
 * @context: (nullable): project, run ID and curation; copied
 *
 * Returns: (transfer none): a new dialog, not yet presented
 */
GwExportDialog *
gw_export_dialog_new (GtkWindow             *parent,
                      GwRun                 *run,
                      const GwExportContext *context)
{
  GwExportDialog *self;
  gboolean curated;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (run != NULL, NULL);

  self = g_object_new (GW_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  g_set_weak_pointer (&self->parent, parent);
  self->run = gw_run_ref (run);
  if (context != NULL)
    self->ctx = context_copy (context);

  curated = self->ctx != NULL && self->ctx->context.curation != NULL;
  gtk_widget_set_sensitive (GTK_WIDGET (self->statuses_row), curated);
  adw_combo_row_set_selected (self->statuses_row, curated ? 0 : 1);
  if (!curated)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->statuses_row),
                                 _("This run has no curation"));

  /* The toast's "Open" button needs an action on the parent window. */
  if (gtk_widget_get_parent (GTK_WIDGET (parent)) == NULL &&
      g_object_get_data (G_OBJECT (parent), "gw-export-actions") == NULL)
    {
      g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
      g_autoptr(GSimpleAction) open = g_simple_action_new ("open", G_VARIANT_TYPE_STRING);

      g_signal_connect_object (open, "activate", G_CALLBACK (open_export_cb), parent, 0);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (open));
      gtk_widget_insert_action_group (GTK_WIDGET (parent), "export", G_ACTION_GROUP (group));
      g_object_set_data (G_OBJECT (parent), "gw-export-actions", GINT_TO_POINTER (1));
    }

  return self;
}

void
gw_export_dialog_set_curated (GwExportDialog *self,
                              gboolean        curated)
{
  g_return_if_fail (GW_IS_EXPORT_DIALOG (self));

  if (self->ctx != NULL && self->ctx->context.curation != NULL)
    adw_combo_row_set_selected (self->statuses_row, curated ? 0 : 1);
}

gboolean
gw_export_dialog_get_curated (GwExportDialog *self)
{
  g_return_val_if_fail (GW_IS_EXPORT_DIALOG (self), FALSE);

  return self->ctx != NULL && self->ctx->context.curation != NULL &&
         adw_combo_row_get_selected (self->statuses_row) == 0;
}
