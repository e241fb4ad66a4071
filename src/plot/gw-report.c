/* gw-report.c: the PDF report of a run
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A document an analyst can print or attach to a lab notebook: what was
 * analysed and how (title page), what came out (counts, plots overall and
 * per group) and why (every flagged row with its reason, the models, the
 * curation log).
 *
 * The page is laid out in PDF points (1/72 inch) with Pango at 72 dpi, so
 * a 9-point font is 9 units.  Text goes through Pango into Cairo's PDF
 * surface, which embeds the fonts and keeps the text selectable.  The
 * plots are the plot library's scenes, drawn into boxes on the page with
 * the same code as the screen.
 *
 * "Page N of M" needs M before the first page is finished, so the document
 * is laid out twice: a first pass into a PDF surface that discards its
 * bytes (and skips drawing the plots, which do not change the layout)
 * counts the pages, the second pass writes them.
 */

#define G_LOG_DOMAIN "gw-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "gw-i18n.h"
#include "gw-report.h"
#include "gw-safe-write.h"
#include "gw-plot-data.h"
#include "gw-plot-scene.h"
#include "gw-plot-theme.h"

#define FONT_FAMILY   "DejaVu Sans"
#define BODY_SIZE     9.0
#define SMALL_SIZE    7.5
#define MARGIN        50.0
#define FOOTER_GAP    24.0
#define CELL_PAD      3.0

typedef struct
{
  /* Inputs. */
  GwRun                  *run;
  GwTable                *table;
  const GwReportOptions  *opt;
  const GwExportCuration *cur;
  GwPlotData             *plot_data;
  GCancellable           *cancellable;
  GwProgressFunc          progress;
  gpointer                progress_data;

  /* Output. */
  cairo_surface_t        *surface;
  cairo_t                *cr;
  PangoContext           *pango;
  gboolean                dry;         /* the counting pass */
  guint                   n_pages;     /* from the counting pass; 0 during it */

  /* Layout. */
  double                  page_w, page_h;
  double                  left, right, top, bottom;
  double                  y;
  guint                   page;        /* 1-based; 0 before the first */
  char                   *footer;
  char                   *generated;
  double                  last_progress;
} Report;

typedef struct
{
  const char *title;
  double      width;     /* fraction of the text width */
  gboolean    numeric;   /* right-aligned */
} Column;

/* ---- Text ------------------------------------------------------------- */

static PangoLayout *
make_layout (Report     *r,
             const char *text,
             double      size,
             gboolean    bold,
             double      width)
{
  PangoLayout *layout = pango_layout_new (r->pango);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, FONT_FAMILY);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

static void
show_layout (Report      *r,
             PangoLayout *layout,
             double       x,
             double       y,
             double       gray)
{
  cairo_save (r->cr);
  cairo_set_source_rgb (r->cr, gray, gray, gray);
  cairo_move_to (r->cr, x, y);
  pango_cairo_show_layout (r->cr, layout);
  cairo_restore (r->cr);
}

/* ---- Pages ------------------------------------------------------------ */

static void
finish_page (Report *r)
{
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) right = NULL;
  g_autofree char *number = NULL;
  double y = r->page_h - MARGIN + FOOTER_GAP - SMALL_SIZE * 1.4;

  if (r->page == 0)
    return;

  if (r->n_pages > 0)
    number = g_strdup_printf (_("Page %u of %u"), r->page, r->n_pages);
  else
    /* The dry pass measures with the widest page count it expects. */
    number = g_strdup_printf (_("Page %u of %u"), r->page, 999);

  cairo_save (r->cr);
  cairo_set_source_rgb (r->cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (r->cr, 0.5);
  cairo_move_to (r->cr, r->left, y - 4);
  cairo_line_to (r->cr, r->right, y - 4);
  cairo_stroke (r->cr);
  cairo_restore (r->cr);

  right = make_layout (r, number, SMALL_SIZE, FALSE, 0);
  left = make_layout (r, r->footer, SMALL_SIZE, FALSE, r->right - r->left - layout_width (right) - 12);
  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_MIDDLE);
  show_layout (r, left, r->left, y, 0.35);
  show_layout (r, right, r->right - layout_width (right), y, 0.35);

  cairo_show_page (r->cr);
}

static void
new_page (Report *r)
{
  finish_page (r);
  r->page++;
  r->y = r->top;
}

/* Starts a new page unless @height more points fit on this one. */
static gboolean
ensure_space (Report *r,
              double  height)
{
  if (r->page == 0 || r->y + height > r->bottom)
    {
      new_page (r);
      return TRUE;
    }
  return FALSE;
}

static void
outline (Report     *r,
         const char *title,
         int         parent)
{
  g_autofree char *link = NULL;

  if (r->dry)
    return;
  link = g_strdup_printf ("page=%u pos=[%g %g]", r->page, r->left, r->y);
  cairo_pdf_surface_add_outline (r->surface, parent, title, link, 0);
}

static void
heading (Report     *r,
         const char *title,
         double      size,
         double      keep_with_next)
{
  g_autoptr(PangoLayout) layout = make_layout (r, title, size, TRUE, r->right - r->left);
  double h = layout_height (layout);

  if (r->y > r->top)
    r->y += size * 0.8;
  ensure_space (r, h + keep_with_next);
  outline (r, title, CAIRO_PDF_OUTLINE_ROOT);
  show_layout (r, layout, r->left, r->y, 0.1);
  r->y += h + size * 0.4;
}

/* A paragraph followed by @space_after points. */
static void
paragraph_spaced (Report     *r,
                  const char *text,
                  double      size,
                  double      gray,
                  double      space_after)
{
  g_autoptr(PangoLayout) layout = make_layout (r, text, size, FALSE, r->right - r->left);
  double h = layout_height (layout);

  ensure_space (r, h);
  show_layout (r, layout, r->left, r->y, gray);
  r->y += h + space_after;
}

static void
paragraph (Report     *r,
           const char *text,
           double      size,
           double      gray)
{
  paragraph_spaced (r, text, size, gray, size * 0.5);
}

/* ---- Tables ----------------------------------------------------------- */

typedef struct
{
  const Column *cols;
  guint         n_cols;
  /* Per row: n_cols strings, and an optional fill for the first cell. */
  GPtrArray    *cells;     /* char * */
  GArray       *fills;     /* GwPlotColor; alpha 0 = none */
} Table;

static void
table_init (Table        *t,
            const Column *cols,
            guint         n_cols)
{
  t->cols = cols;
  t->n_cols = n_cols;
  t->cells = g_ptr_array_new_with_free_func (g_free);
  t->fills = g_array_new (FALSE, TRUE, sizeof (GwPlotColor));
}

static void
table_clear (Table *t)
{
  g_clear_pointer (&t->cells, g_ptr_array_unref);
  g_clear_pointer (&t->fills, g_array_unref);
}

static guint
table_n_rows (Table *t)
{
  return t->fills->len;
}

/* Adds a row of n_cols strings, (transfer full) each; @fill may be NULL. */
static void
table_add (Table             *t,
           const GwPlotColor *fill,
           ...)
{
  GwPlotColor none = { 0, 0, 0, 0 };
  va_list args;

  va_start (args, fill);
  for (guint c = 0; c < t->n_cols; c++)
    {
      char *s = va_arg (args, char *);

      g_ptr_array_add (t->cells, s != NULL ? s : g_strdup (""));
    }
  va_end (args);
  g_array_append_val (t->fills, none);
  if (fill != NULL)
    g_array_index (t->fills, GwPlotColor, t->fills->len - 1) = *fill;
}

static double
draw_table_row (Report       *r,
                Table        *t,
                const char  **texts,
                gboolean      header,
                const GwPlotColor *fill,
                gboolean      zebra,
                gboolean      measure_only)
{
  double width = r->right - r->left;
  PangoLayout *layouts[16];
  double h = 0;
  double x = r->left;

  g_assert (t->n_cols <= G_N_ELEMENTS (layouts));

  for (guint c = 0; c < t->n_cols; c++)
    {
      double cw = t->cols[c].width * width - 2 * CELL_PAD;

      layouts[c] = make_layout (r, texts[c], header ? SMALL_SIZE : BODY_SIZE - 0.5, header, cw);
      if (t->cols[c].numeric && !header)
        pango_layout_set_alignment (layouts[c], PANGO_ALIGN_RIGHT);
      h = MAX (h, layout_height (layouts[c]));
    }
  h += 2 * CELL_PAD;

  if (!measure_only)
    {
      cairo_save (r->cr);
      if (header)
        {
          cairo_set_source_rgb (r->cr, 0.90, 0.90, 0.89);
          cairo_rectangle (r->cr, r->left, r->y, width, h);
          cairo_fill (r->cr);
        }
      else if (zebra)
        {
          cairo_set_source_rgb (r->cr, 0.965, 0.965, 0.96);
          cairo_rectangle (r->cr, r->left, r->y, width, h);
          cairo_fill (r->cr);
        }
      if (fill != NULL && fill->alpha > 0)
        {
          cairo_set_source_rgba (r->cr, fill->red, fill->green, fill->blue, 0.30);
          cairo_rectangle (r->cr, r->left, r->y, t->cols[0].width * width, h);
          cairo_fill (r->cr);
          cairo_set_source_rgb (r->cr, fill->red, fill->green, fill->blue);
          cairo_rectangle (r->cr, r->left, r->y, 2.5, h);
          cairo_fill (r->cr);
        }
      cairo_restore (r->cr);

      for (guint c = 0; c < t->n_cols; c++)
        {
          show_layout (r, layouts[c], x + CELL_PAD, r->y + CELL_PAD, header ? 0.15 : 0.05);
          x += t->cols[c].width * width;
        }
    }

  for (guint c = 0; c < t->n_cols; c++)
    g_object_unref (layouts[c]);
  return h;
}

static void
draw_table_header (Report *r,
                   Table  *t)
{
  const char *titles[16];

  for (guint c = 0; c < t->n_cols; c++)
    titles[c] = _(t->cols[c].title);
  r->y += draw_table_row (r, t, titles, TRUE, NULL, FALSE, FALSE);
}

static void
draw_table (Report *r,
            Table  *t)
{
  const char *titles[16];
  double header_h;

  for (guint c = 0; c < t->n_cols; c++)
    titles[c] = _(t->cols[c].title);
  header_h = draw_table_row (r, t, titles, TRUE, NULL, FALSE, TRUE);

  /* Keep the header with at least one row. */
  ensure_space (r, header_h + 2 * BODY_SIZE + 4 * CELL_PAD);
  draw_table_header (r, t);

  for (guint i = 0; i < table_n_rows (t); i++)
    {
      const char **texts = (const char **) t->cells->pdata + i * t->n_cols;
      const GwPlotColor *fill = &g_array_index (t->fills, GwPlotColor, i);
      double h = draw_table_row (r, t, texts, FALSE, fill, FALSE, TRUE);

      if (ensure_space (r, h))
        draw_table_header (r, t);
      r->y += draw_table_row (r, t, texts, FALSE, fill, i % 2 == 1, FALSE);
    }
  r->y += BODY_SIZE * 0.8;
}

/* ---- Helpers ---------------------------------------------------------- */

/* @ascii (a number g_ascii_formatd() wrote) with the locale's decimal
 * separator: the report is read by people, like the app's table. */
static char *
localize (const char *ascii)
{
  const char *dot = strchr (ascii, '.');

  if (dot == NULL)
    return g_strdup (ascii);
  return g_strdup_printf ("%.*s%s%s", (int) (dot - ascii), ascii, gw_i18n_decimal_point (), dot + 1);
}

static char *
fmt (double      v,
     const char *format)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (v))
    return g_strdup ("–");
  return localize (g_ascii_formatd (buf, sizeof buf, format, v));
}

static char *
fmt_percent (guint n,
             guint total)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (total == 0)
    return g_strdup ("–");
  {
    g_autofree char *number = localize (g_ascii_formatd (buf, sizeof buf, "%.1f", 100.0 * n / total));

    return g_strconcat (number, " %", NULL);
  }
}

#define TIME_FORMAT "%Y-%m-%d %H:%M:%S"

/* @usec in UTC as @format, or a dash when there is no time. */
static char *
fmt_time (gint64      usec,
          const char *format)
{
  g_autoptr(GDateTime) dt = NULL;

  if (usec <= 0)
    return g_strdup ("–");
  dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  if (dt == NULL)
    return g_strdup ("–");
  return g_date_time_format (dt, format);
}

static char *
row_label (Report *r,
           int     row)
{
  if (row < 0)
    return g_strdup ("–");
  return g_strdup_printf (_("%s (line %u)"), gw_table_get_name (r->table, (guint) row),
                          gw_table_get_line (r->table, (guint) row));
}

static const GwPlotColor *
status_color (const GwPlotTheme *theme,
              GwStatus           status)
{
  return &theme->statuses[status];
}

static gboolean
is_curated (Report *r,
            guint   row)
{
  return r->cur != NULL && r->cur->status != NULL && r->cur->status[row] != NULL;
}

static char *
curation_note (Report *r,
               guint   row)
{
  if (!is_curated (r, row))
    return g_strdup ("");
  {
    gboolean accepted = strcmp (r->cur->status[row], "accepted") == 0;
    const char *author = r->cur->author != NULL ? r->cur->author[row] : NULL;
    const char *reason = r->cur->reason != NULL ? r->cur->reason[row] : NULL;
    g_autofree char *who = NULL;

    if (author != NULL)
      /* TRANSLATORS: a curated row in the PDF report: "accepted by alice". */
      who = g_strdup_printf (accepted ? _("accepted by %s") : _("rejected by %s"), author);
    else
      who = g_strdup (accepted ? _("accepted") : _("rejected"));
    return g_strdup_printf ("%s%s%s", who, reason != NULL ? ": " : "", reason != NULL ? reason : "");
  }
}

static void
report_progress (Report     *r,
                 double      fraction,
                 const char *message)
{
  double f = 0.1 + 0.9 * fraction;

  /* Never backwards, even by a rounding error. */
  if (r->progress != NULL && !r->dry && f > r->last_progress)
    {
      r->last_progress = f;
      r->progress (f, message, r->progress_data);
    }
}

/* ---- Sections --------------------------------------------------------- */

static void
title_page (Report *r)
{
  const GwParams *params = gw_run_get_params (r->run);
  const GwExportContext *ctx = r->opt->context;
  g_autoptr(PangoLayout) kicker = NULL;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) subtitle = NULL;
  static const Column kv_cols[] = {
    { N_("Field"), 0.28, FALSE }, { N_("Value"), 0.72, FALSE },
  };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  Table t;

  new_page (r);
  kicker = make_layout (r, _("Ganglioside Workbench · analysis report"), 10, FALSE, 0);
  show_layout (r, kicker, r->left, r->y, 0.4);
  r->y += layout_height (kicker) + 6;
  title = make_layout (r, ctx != NULL && ctx->project != NULL ? ctx->project :
                          gw_table_get_display_name (r->table),
                       22, TRUE, r->right - r->left);
  outline (r, _("Run"), CAIRO_PDF_OUTLINE_ROOT);
  show_layout (r, title, r->left, r->y, 0.05);
  r->y += layout_height (title) + 4;
  {
    g_autofree char *sub = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s preset · %u row",
                                                                          "%s · %s preset · %u rows",
                                                                          gw_run_get_n_rows (r->run)),
                                            gw_table_get_display_name (r->table),
                                            gw_preset_to_string (params->preset),
                                            gw_run_get_n_rows (r->run));

    subtitle = make_layout (r, sub, 11, FALSE, r->right - r->left);
  }
  show_layout (r, subtitle, r->left, r->y, 0.3);
  r->y += layout_height (subtitle) + 16;

  table_init (&t, kv_cols, G_N_ELEMENTS (kv_cols));
  if (ctx != NULL && ctx->project != NULL)
    table_add (&t, NULL, g_strdup (_("Project")), g_strdup (ctx->project));
  table_add (&t, NULL, g_strdup (_("Dataset")), g_strdup (gw_table_get_display_name (r->table)));
  table_add (&t, NULL, g_strdup (_("Input SHA-256")), g_strdup (gw_table_get_sha256 (r->table)));
  if (ctx != NULL && ctx->run_id != NULL)
    table_add (&t, NULL, g_strdup (_("Run ID")), g_strdup (ctx->run_id));
  if (ctx != NULL && ctx->author != NULL)
    table_add (&t, NULL, g_strdup (_("Run by")), g_strdup (ctx->author));
  table_add (&t, NULL, g_strdup (_("Run started")),
             fmt_time (gw_run_get_start_time (r->run), TIME_FORMAT " UTC"));
  table_add (&t, NULL, g_strdup (_("Run finished")),
             fmt_time (gw_run_get_end_time (r->run), TIME_FORMAT " UTC"));
  table_add (&t, NULL, g_strdup (_("Software")),
             g_strdup_printf ("Ganglioside Workbench %s", gw_run_get_version (r->run)));
  table_add (&t, NULL, g_strdup (_("Preset")), g_strdup (gw_preset_to_string (params->preset)));
  table_add (&t, NULL, g_strdup ("r2_threshold"),
             localize (g_ascii_formatd (buf, sizeof buf, "%g", params->r2_threshold)));
  table_add (&t, NULL, g_strdup ("outlier_threshold (|z|)"),
             localize (g_ascii_formatd (buf, sizeof buf, "%g", params->outlier_threshold)));
  table_add (&t, NULL, g_strdup ("rt_tolerance (min)"),
             localize (g_ascii_formatd (buf, sizeof buf, "%g", params->rt_tolerance)));
  if (params->preset == GW_PRESET_ROBUST)
    {
      char buf2[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *from = localize (g_ascii_formatd (buf, sizeof buf, "%g", params->isomer_window_min));
      g_autofree char *to = localize (g_ascii_formatd (buf2, sizeof buf2, "%g", params->isomer_window_max));

      table_add (&t, NULL, g_strdup ("anchor_weight"),
                 localize (g_ascii_formatd (buf, sizeof buf, "%g", params->anchor_weight)));
      table_add (&t, NULL, g_strdup ("isomer_window (min)"), g_strdup_printf ("%s–%s", from, to));
    }
  table_add (&t, NULL, g_strdup (_("Input")),
             /* TRANSLATORS: the input in the PDF report:
                "120 rows: 118 valid, 2 invalid; 9 anchors; 6 groups". */
             g_strdup_printf (_("%u rows: %u valid, %u invalid; %u anchors; %u groups"),
                              gw_table_get_n_rows (r->table), gw_table_get_n_valid (r->table),
                              gw_table_get_n_invalid (r->table), gw_table_get_n_anchors (r->table),
                              gw_table_get_n_groups (r->table)));
  table_add (&t, NULL, g_strdup (_("Statuses in this report")),
             g_strdup (r->cur != NULL ? _("curated: an analyst's accept or reject overrides the engine's call")
                                      : _("the engine's calls (no curation)")));
  table_add (&t, NULL, g_strdup (_("Report generated")), g_strdup (r->generated));
  draw_table (r, &t);
  table_clear (&t);
}

static void
summary (Report *r)
{
  GwPlotTheme theme;
  guint n_rows = gw_run_get_n_rows (r->run);
  guint counts[GW_N_CATEGORIES + 1][GW_N_STATUSES] = { { 0 } };
  guint accepted[GW_N_STATUSES] = { 0 };
  guint rejected[GW_N_STATUSES] = { 0 };
  static const Column status_cols[] = {
    { N_("Status"), 0.22, FALSE }, { N_("Rows"), 0.12, TRUE }, { N_("Share"), 0.12, TRUE },
    { N_("Accepted"), 0.14, TRUE }, { N_("Rejected"), 0.14, TRUE }, { N_("Effective"), 0.26, TRUE },
  };
  static const char * const meaning[GW_N_STATUSES] = {
    N_("fits its group's model"), N_("off its group's line (|z| at or above the threshold)"),
    N_("in-source fragment of a co-eluting parent"), N_("a genuine second isomer peak"),
    N_("the group's data cannot check this row"), N_("the row could not be read"),
  };
  Column cat_cols[GW_N_STATUSES + 2];
  Table t;

  gw_plot_theme_init (&theme, GW_PLOT_THEME_LIGHT);

  for (guint row = 0; row < n_rows; row++)
    {
      const GwName *name = gw_table_get_parsed_name (r->table, row);
      GwStatus s = gw_run_get_status (r->run, row);
      guint c = name != NULL ? (guint) gw_name_get_category (name) : GW_N_CATEGORIES;

      counts[c][s]++;
      if (is_curated (r, row))
        {
          if (strcmp (r->cur->status[row], "accepted") == 0)
            accepted[s]++;
          else
            rejected[s]++;
        }
    }

  heading (r, _("Summary"), 14, 80);
  paragraph (r, r->cur != NULL ?
             _("Rows per status as the engine called them, and how the analyst's curation changed "
               "them. An accepted row counts as valid and a rejected row as rejected in the "
               "effective column.") :
             _("Rows per status as the engine called them."),
             BODY_SIZE, 0.25);

  table_init (&t, status_cols, r->cur != NULL ? 6 : 3);
  {
    /* A copy the block may narrow; it ends with the table's last use. */
    Column cols[G_N_ELEMENTS (status_cols)];

    memcpy (cols, status_cols, sizeof status_cols);
    if (r->cur == NULL)
      {
        cols[0].width = 0.22;
        cols[1].width = 0.12;
        cols[2].width = 0.12;
      }
    t.cols = cols;
    for (guint s = 0; s < GW_N_STATUSES; s++)
      {
        guint n = gw_run_get_status_count (r->run, s);
        g_autofree char *label = g_strdup (_(gw_status_to_string (s)));

        if (r->cur != NULL)
          {
            guint effective = n - accepted[s] - rejected[s];

            if (s == GW_STATUS_VALID)
              {
                for (guint k = 0; k < GW_N_STATUSES; k++)
                  effective += accepted[k];
              }
            table_add (&t, status_color (&theme, s), g_strdup (label), g_strdup_printf ("%u", n),
                       fmt_percent (n, n_rows),
                       g_strdup_printf ("%u", accepted[s]), g_strdup_printf ("%u", rejected[s]),
                       g_strdup_printf ("%u", effective));
          }
        else
          table_add (&t, status_color (&theme, s), g_strdup (label), g_strdup_printf ("%u", n),
                     fmt_percent (n, n_rows));
      }
    if (r->cur != NULL)
      {
        guint total_rejected = 0;

        for (guint s = 0; s < GW_N_STATUSES; s++)
          total_rejected += rejected[s];
        table_add (&t, NULL, g_strdup (_("rejected (curated)")), g_strdup (""), g_strdup (""),
                   g_strdup (""), g_strdup (""), g_strdup_printf ("%u", total_rejected));
      }
    draw_table (r, &t);
    table_clear (&t);
  }

  /* What each status means, in words, for a reader without the manual. */
  {
    GString *s = g_string_new (NULL);

    for (guint k = 0; k < GW_N_STATUSES; k++)
      g_string_append_printf (s, "%s%s: %s", k > 0 ? "; " : "", _(gw_status_to_string (k)), _(meaning[k]));
    g_string_append_c (s, '.');
    paragraph (r, s->str, SMALL_SIZE, 0.35);
    g_string_free (s, TRUE);
  }

  /* Category × status. */
  cat_cols[0] = (Column) { N_("Category"), 0.22, FALSE };
  for (guint s = 0; s < GW_N_STATUSES; s++)
    cat_cols[s + 1] = (Column) { gw_status_to_string (s), 0.11, TRUE };
  cat_cols[GW_N_STATUSES + 1] = (Column) { N_("total"), 0.12, TRUE };
  table_init (&t, cat_cols, GW_N_STATUSES + 2);
  for (guint c = 0; c <= GW_N_CATEGORIES; c++)
    {
      guint total = 0;
      char *cells[GW_N_STATUSES + 2];

      for (guint s = 0; s < GW_N_STATUSES; s++)
        total += counts[c][s];
      if (total == 0)
        continue;
      cells[0] = c < GW_N_CATEGORIES ?
                 g_strdup_printf ("%s (%s)", gw_category_to_string (c), gw_category_get_display_name (c)) :
                 g_strdup (_("unparsed names"));
      for (guint s = 0; s < GW_N_STATUSES; s++)
        cells[s + 1] = g_strdup_printf ("%u", counts[c][s]);
      cells[GW_N_STATUSES + 1] = g_strdup_printf ("%u", total);
      table_add (&t, c < GW_N_CATEGORIES ? &theme.categories[c] : &theme.unknown_category,
                 cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7]);
    }
  heading (r, _("Rows per category and status"), 11, 60);
  draw_table (r, &t);
  table_clear (&t);

  /* Warnings, input-level then run-level, each once. */
  {
    const char * const *lists[2] = { gw_table_get_warnings (r->table),
                                     gw_run_get_warnings_list (r->run) };
    g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
      for (guint i = 0; lists[l] != NULL && lists[l][i] != NULL; i++)
        {
          g_autofree char *line = NULL;

          if (!g_hash_table_add (seen, (gpointer) lists[l][i]))
            continue;
          if (g_hash_table_size (seen) == 1)
            heading (r, _("Warnings"), 11, 30);
          {
            g_autofree char *text = gw_i18n_translate_message (lists[l][i]);

            line = g_strconcat ("• ", text, NULL);
          }
          /* A line of a list: next to no space after it. */
          paragraph_spaced (r, line, BODY_SIZE - 0.5, 0.15, 1);
        }
  }
}

static void
draw_scene (Report      *r,
            GwPlotScene *scene,
            double       x,
            double       y,
            double       w,
            double       h)
{
  /* Scenes work in logical pixels (1/96 inch); the page in points. */
  const double scale = 0.75;

  if (r->dry)
    return;
  cairo_save (r->cr);
  cairo_translate (r->cr, x, y);
  cairo_scale (r->cr, scale, scale);
  cairo_rectangle (r->cr, 0, 0, w / scale, h / scale);
  cairo_clip (r->cr);
  gw_plot_scene_draw (scene, r->cr, w / scale, h / scale, GW_PLOT_DRAW_DEFAULT);
  cairo_restore (r->cr);
}

static void
overall_plots (Report *r)
{
  g_autoptr(GwPlotScene) rt = gw_plot_scene_new (r->plot_data, GW_PLOT_KIND_RT_LOGP);
  g_autoptr(GwPlotScene) res = gw_plot_scene_new (r->plot_data, GW_PLOT_KIND_RESIDUALS);
  double w = r->right - r->left;
  double h = (r->bottom - r->top - 60) / 2;

  new_page (r);
  heading (r, _("Retention time vs Log P, all groups"), 14, h);
  gw_plot_scene_set_title (rt, "");
  draw_scene (r, rt, r->left, r->y, w, h);
  r->y += h + 8;
  paragraph (r, _("Each point is a row, coloured by category; lines are the fitted group models "
                  "with their bands at the outlier threshold. Below, each row's residual (RT minus "
                  "the model's prediction) over its prediction's standard deviation: z, against "
                  "the predicted RT; the dashed lines are the outlier threshold."), SMALL_SIZE, 0.35);
  gw_plot_scene_set_title (res, "");
  ensure_space (r, h - 30);
  draw_scene (r, res, r->left, r->y, w, MIN (h - 30, r->bottom - r->y));
  r->y += MIN (h - 30, r->bottom - r->y);
}

static void
group_plots (Report *r)
{
  g_autoptr(GwPlotScene) rt = gw_plot_scene_new (r->plot_data, GW_PLOT_KIND_RT_LOGP);
  g_autoptr(GwPlotScene) res = gw_plot_scene_new (r->plot_data, GW_PLOT_KIND_RESIDUALS);
  guint n_groups = gw_plot_data_get_n_groups (r->plot_data);
  double w = (r->right - r->left - 12) / 2;
  double h = 190;
  GString *unfitted = g_string_new (NULL);
  gboolean first = TRUE;

  for (guint g = 0; g < n_groups; g++)
    {
      const GwPlotGroup *group = gw_plot_data_get_group (r->plot_data, g);
      g_autoptr(PangoLayout) caption = NULL;
      g_autofree char *text = NULL;
      g_autofree char *equation = NULL;

      if (g_cancellable_is_cancelled (r->cancellable))
        break;
      if (group->n_vertices == 0)
        {
          if (unfitted->len > 0)
            g_string_append (unfitted, ", ");
          g_string_append_printf (unfitted,
                                  g_dngettext (GETTEXT_PACKAGE, "%s (%u row)", "%s (%u rows)", group->n_points),
                                  group->name, group->n_points);
          continue;
        }

      if (first)
        {
          new_page (r);
          heading (r, _("Per group"), 14, h + 20);
          first = FALSE;
        }

      if (group->equation != NULL)
        equation = gw_i18n_translate_message (group->equation);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u row%s%s", "%s · %u rows%s%s",
                                           group->n_points),
                              group->name, group->n_points,
                              equation != NULL ? " · " : "",
                              equation != NULL ? equation : "");
      caption = make_layout (r, text, BODY_SIZE, TRUE, r->right - r->left);
      ensure_space (r, layout_height (caption) + 4 + h);
      outline (r, group->name, CAIRO_PDF_OUTLINE_ROOT);
      show_layout (r, caption, r->left, r->y, 0.1);
      r->y += layout_height (caption) + 4;

      gw_plot_scene_set_all_groups_visible (rt, FALSE);
      gw_plot_scene_set_group_visible (rt, g, TRUE);
      gw_plot_scene_set_title (rt, "");
      gw_plot_scene_set_all_groups_visible (res, FALSE);
      gw_plot_scene_set_group_visible (res, g, TRUE);
      gw_plot_scene_set_title (res, "");
      draw_scene (r, rt, r->left, r->y, w, h);
      draw_scene (r, res, r->left + w + 12, r->y, w, h);
      r->y += h + 12;
      report_progress (r, 0.2 + 0.4 * (g + 1) / n_groups, _("Drawing the group plots"));
    }

  if (unfitted->len > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Groups without a fitted model (no plot): %s."),
                                               unfitted->str);

      if (first)
        new_page (r);
      paragraph (r, text, SMALL_SIZE, 0.35);
    }
  g_string_free (unfitted, TRUE);
}

static void
models_table (Report *r)
{
  static const Column cols[] = {
    { N_("Group"), 0.15, FALSE }, { N_("Level"), 0.13, FALSE }, { N_("Rows"), 0.06, TRUE },
    { N_("Anchors"), 0.08, TRUE }, { N_("R²"), 0.07, TRUE }, { N_("CV R²"), 0.07, TRUE },
    { N_("RMSE"), 0.07, TRUE }, { N_("Equation"), 0.37, FALSE },
  };
  guint n = gw_run_get_n_models (r->run);
  Table t;

  heading (r, _("Models"), 14, 60);
  if (n == 0)
    {
      paragraph (r, _("No group models."), BODY_SIZE, 0.25);
      return;
    }
  table_init (&t, cols, G_N_ELEMENTS (cols));
  for (guint i = 0; i < n; i++)
    {
      const GwModel *m = gw_run_get_model (r->run, i);
      char *eq;

      if (m->warning != NULL && *m->warning != '\0')
        {
          g_autofree char *warning = gw_i18n_translate_message (m->warning);

          g_autofree char *equation = gw_i18n_translate_message (m->equation != NULL ? m->equation : "");

          eq = g_strdup_printf ("%s\n%s", equation, warning);
        }
      else
        eq = m->equation != NULL && *m->equation != '\0' ? gw_i18n_translate_message (m->equation) :
             g_strdup (m->accepted ? "" : _("not accepted"));
      table_add (&t, NULL, g_strdup (m->group_name),
                 g_strdup (gw_model_level_to_string (m->level)),
                 g_strdup_printf ("%u", m->n_rows), g_strdup_printf ("%u", m->n_anchors),
                 fmt (m->r2, "%.3f"), fmt (m->cv_r2, "%.3f"), fmt (m->rmse, "%.3f"), eq);
    }
  draw_table (r, &t);
  table_clear (&t);
}

/* One list section: every row with @status, capped at max_list_rows. */
static void
status_list (Report     *r,
             GwStatus    status,
             const char *title,
             const char *intro)
{
  static const Column cols_plain[] = {
    { N_("Line"), 0.07, TRUE }, { N_("Name"), 0.20, FALSE }, { N_("RT"), 0.08, TRUE },
    { "z", 0.08, TRUE }, { N_("Reason"), 0.57, FALSE },
  };
  static const Column cols_curated[] = {
    { N_("Line"), 0.07, TRUE }, { N_("Name"), 0.18, FALSE }, { N_("RT"), 0.08, TRUE },
    { "z", 0.08, TRUE }, { N_("Reason"), 0.39, FALSE }, { N_("Curation"), 0.20, FALSE },
  };
  guint n = gw_run_get_status_count (r->run, status);
  guint n_rows = gw_run_get_n_rows (r->run);
  guint limit = r->opt->max_list_rows > 0 ? r->opt->max_list_rows : G_MAXUINT;
  g_autofree char *head = g_strdup_printf ("%s (%u)", title, n);
  GwPlotTheme theme;
  Table t;

  gw_plot_theme_init (&theme, GW_PLOT_THEME_LIGHT);
  heading (r, head, 14, 60);
  paragraph (r, intro, SMALL_SIZE, 0.35);
  if (n == 0)
    {
      paragraph (r, _("None."), BODY_SIZE, 0.25);
      return;
    }

  if (r->cur != NULL)
    table_init (&t, cols_curated, G_N_ELEMENTS (cols_curated));
  else
    table_init (&t, cols_plain, G_N_ELEMENTS (cols_plain));

  for (guint row = 0; row < n_rows && table_n_rows (&t) < limit; row++)
    {
      g_autofree char *reason = NULL;

      if (gw_run_get_status (r->run, row) != status)
        continue;
      /* The report is read by people: reasons in their language. */
      reason = gw_run_dup_display_reason (r->run, row);
      if (gw_run_get_warnings (r->run, row) != 0)
        {
          g_autofree char *w = gw_run_dup_display_warnings_text (r->run, row);
          char *both = g_strdup_printf ("%s%s%s", reason, *reason != '\0' ? "; " : "", w);

          g_free (reason);
          reason = both;
        }
      if (r->cur != NULL)
        table_add (&t, status_color (&theme, status),
                   g_strdup_printf ("%u", gw_table_get_line (r->table, row)),
                   g_strdup (gw_table_get_name (r->table, row)),
                   fmt (gw_table_get_rt (r->table, row), "%.3f"),
                   fmt (gw_run_get_z (r->run, row), "%+.2f"),
                   g_steal_pointer (&reason), curation_note (r, row));
      else
        table_add (&t, status_color (&theme, status),
                   g_strdup_printf ("%u", gw_table_get_line (r->table, row)),
                   g_strdup (gw_table_get_name (r->table, row)),
                   fmt (gw_table_get_rt (r->table, row), "%.3f"),
                   fmt (gw_run_get_z (r->run, row), "%+.2f"),
                   g_steal_pointer (&reason));
    }
  draw_table (r, &t);
  if (n > table_n_rows (&t))
    {
      /* TRANSLATORS: the end of a capped list in the PDF report: "… and
       * 12 more outlier rows; …"; the second value is a status. */
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "… and %u more %s row; the CSV and XLSX exports "
                                                            "list every row.",
                                                            "… and %u more %s rows; the CSV and XLSX exports "
                                                            "list every row.", n - table_n_rows (&t)),
                                               n - table_n_rows (&t),
                                               _(gw_status_to_string (status)));

      paragraph (r, more, BODY_SIZE, 0.25);
    }
  table_clear (&t);
}

static void
curation_log (Report *r)
{
  static const Column cols[] = {
    { N_("Time (UTC)"), 0.19, FALSE }, { N_("Row"), 0.24, FALSE }, { N_("Action"), 0.10, FALSE },
    { N_("Reason"), 0.35, FALSE }, { N_("By"), 0.12, FALSE },
  };
  guint limit = r->opt->max_list_rows > 0 ? r->opt->max_list_rows : G_MAXUINT;
  Table t;

  heading (r, _("Curation log"), 14, 60);
  if (r->cur == NULL)
    {
      paragraph (r, _("This report shows the engine's calls without curation (the run was "
                      "exported from a peak table, or curation was left out)."), BODY_SIZE, 0.25);
      return;
    }
  if (r->cur->n_log == 0)
    {
      paragraph (r, _("No curation: every call is the engine's."), BODY_SIZE, 0.25);
      return;
    }
  table_init (&t, cols, G_N_ELEMENTS (cols));
  for (guint i = 0; i < r->cur->n_log && i < limit; i++)
    {
      const GwExportCurationEntry *e = &r->cur->log[i];

      /* The log's header says UTC. */
      table_add (&t, NULL, fmt_time (e->time, TIME_FORMAT), row_label (r, e->row),
                 g_strdup (e->action), g_strdup (e->reason), g_strdup (e->author));
    }
  draw_table (r, &t);
  if (r->cur->n_log > table_n_rows (&t))
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more entry.",
                                                            "… and %u more entries.",
                                                            r->cur->n_log - table_n_rows (&t)),
                                               r->cur->n_log - table_n_rows (&t));

      paragraph (r, more, BODY_SIZE, 0.25);
    }
  table_clear (&t);
}

/* ---- Driver ----------------------------------------------------------- */

static cairo_status_t
discard_cb (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
paper_size (GwReportPaper  paper,
            double        *w,
            double        *h)
{
  if (paper == GW_REPORT_PAPER_LETTER)
    {
      *w = 612;
      *h = 792;
    }
  else
    {
      *w = 595.276;
      *h = 841.89;
    }
}

/* One pass over the whole document. */
static gboolean
render (Report     *r,
        GByteArray *bytes,
        GError    **error)
{
  cairo_font_options_t *options;
  cairo_status_t status;

  r->surface = cairo_pdf_surface_create_for_stream (bytes != NULL ? append_cb : discard_cb,
                                                    bytes, r->page_w, r->page_h);
  if (!r->dry)
    {
      g_autofree char *title = g_strdup_printf (_("Ganglioside Workbench report: %s"),
                                                gw_table_get_display_name (r->table));

      cairo_pdf_surface_set_metadata (r->surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (r->surface, CAIRO_PDF_METADATA_CREATOR,
                                      "Ganglioside Workbench " PACKAGE_VERSION);
      cairo_pdf_surface_set_metadata (r->surface, CAIRO_PDF_METADATA_SUBJECT,
                                      gw_table_get_sha256 (r->table));
      if (r->opt->context != NULL && r->opt->context->author != NULL)
        cairo_pdf_surface_set_metadata (r->surface, CAIRO_PDF_METADATA_AUTHOR,
                                        r->opt->context->author);
    }
  r->cr = cairo_create (r->surface);
  r->pango = pango_cairo_create_context (r->cr);
  pango_cairo_context_set_resolution (r->pango, 72);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (r->pango, options);
  cairo_font_options_destroy (options);
  r->page = 0;

  title_page (r);
  summary (r);
  report_progress (r, 0.1, _("Drawing the plots"));
  if (r->opt->overall_plots)
    overall_plots (r);
  if (r->opt->group_plots && !g_cancellable_is_cancelled (r->cancellable))
    group_plots (r);
  report_progress (r, 0.6, _("Listing the flagged rows"));

  if (!g_cancellable_is_cancelled (r->cancellable))
    {
      new_page (r);
      status_list (r, GW_STATUS_OUTLIER, _("Outliers"),
                   _("Rows off their group's line: |z| at or above the outlier threshold, or, under "
                     "the classic preset, rows whose group has no accepted model."));
      status_list (r, GW_STATUS_FRAGMENT, _("Fragments"),
                   _("Rows that look like in-source fragments: a same-ceramide parent with more "
                     "sialic acids co-elutes, and the row lies off its own line."));
      status_list (r, GW_STATUS_ISOMER, _("Isomers"),
                   _("Second peaks of the same name and ceramide that are genuine isomers, not "
                     "outliers."));
      status_list (r, GW_STATUS_INSUFFICIENT, _("Insufficient evidence"),
                   _("Rows the group's data cannot check: never called outliers."));
      status_list (r, GW_STATUS_INVALID, _("Invalid rows"),
                   _("Rows that could not be read; they take no part in the fits."));
      report_progress (r, 0.85, _("Listing the models"));
      models_table (r);
      curation_log (r);
    }
  finish_page (r);

  g_clear_object (&r->pango);
  status = cairo_status (r->cr);
  cairo_destroy (r->cr);
  r->cr = NULL;
  cairo_surface_finish (r->surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (r->surface);
  cairo_surface_destroy (r->surface);
  r->surface = NULL;

  if (g_cancellable_set_error_if_cancelled (r->cancellable, error))
    return FALSE;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot draw the report: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static GBytes *
report_bytes (GwRun                 *run,
              const GwReportOptions *options,
              GCancellable          *cancellable,
              GwProgressFunc         progress,
              gpointer               progress_data,
              GError               **error)
{
  GwReportOptions defaults;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  Report r = { 0 };
  gboolean ok;

  if (options == NULL)
    {
      gw_report_options_init (&defaults);
      options = &defaults;
    }
  if (options->context != NULL &&
      !gw_export_curation_validate (options->context->curation, run, error))
    return NULL;

  r.run = run;
  r.table = gw_run_get_table (run);
  r.opt = options;
  r.cur = options->context != NULL ? options->context->curation : NULL;
  r.cancellable = cancellable;
  r.progress = progress;
  r.progress_data = progress_data;
  r.plot_data = gw_plot_data_new_from_run (run);
  paper_size (options->paper, &r.page_w, &r.page_h);
  r.left = MARGIN;
  r.right = r.page_w - MARGIN;
  r.top = MARGIN;
  r.bottom = r.page_h - MARGIN;
  r.generated = g_date_time_format (now, "%Y-%m-%d %H:%M:%S UTC");
  if (options->context != NULL && options->context->run_id != NULL)
    r.footer = g_strdup_printf ("%s · run %.8s · %s", gw_table_get_display_name (r.table),
                                options->context->run_id, r.generated);
  else
    r.footer = g_strdup_printf ("%s · SHA-256 %.12s… · %s", gw_table_get_display_name (r.table),
                                gw_table_get_sha256 (r.table), r.generated);

  if (progress != NULL)
    progress (0.0, _("Laying out the report"), progress_data);

  r.dry = TRUE;
  ok = render (&r, NULL, error);
  if (ok)
    {
      r.n_pages = r.page;
      r.dry = FALSE;
      ok = render (&r, bytes, error);
    }

  gw_plot_data_unref (r.plot_data);
  g_free (r.generated);
  g_free (r.footer);
  if (!ok)
    return NULL;
  if (progress != NULL)
    progress (1.0, _("Done"), progress_data);
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

void
gw_report_options_init (GwReportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->paper = GW_REPORT_PAPER_A4;
  options->overall_plots = TRUE;
  options->group_plots = TRUE;
  options->max_list_rows = 2000;
}

const char *
gw_report_paper_to_string (GwReportPaper paper)
{
  return paper == GW_REPORT_PAPER_LETTER ? "letter" : "a4";
}

gboolean
gw_report_paper_from_string (const char    *str,
                             GwReportPaper *paper)
{
  g_return_val_if_fail (str != NULL, FALSE);

  if (g_ascii_strcasecmp (str, "a4") == 0)
    *paper = GW_REPORT_PAPER_A4;
  else if (g_ascii_strcasecmp (str, "letter") == 0)
    *paper = GW_REPORT_PAPER_LETTER;
  else
    return FALSE;
  return TRUE;
}

/**
 * gw_report_write:
 * @run: a run
 * @options: (nullable): what to include; NULL for the defaults
 * @out: where to write the PDF
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable): progress callback
 * @progress_data: its data
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
gw_report_write (GwRun                 *run,
                 const GwReportOptions *options,
                 GOutputStream         *out,
                 GCancellable          *cancellable,
                 GwProgressFunc         progress,
                 gpointer               progress_data,
                 GError               **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = report_bytes (run, options, cancellable, progress, progress_data, error);
  if (bytes == NULL)
    return FALSE;
  return g_output_stream_write_all (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                    NULL, cancellable, error);
}

/**
 * gw_report_write_file:
 * @run: a run
 * @options: (nullable): what to include; NULL for the defaults
 * @dest: the PDF file to create or replace
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable): progress callback
 * @progress_data: its data
 * @error: return location for an error
 *
 * The whole report is made in memory first and @dest is replaced in one
 * step (gw_safe_write_bytes() writes a temporary file and renames it), so
 * a failed or cancelled report leaves @dest as it was.
 *
 * Returns: %TRUE on success
 */
gboolean
gw_report_write_file (GwRun                 *run,
                      const GwReportOptions *options,
                      GFile                 *dest,
                      GCancellable          *cancellable,
                      GwProgressFunc         progress,
                      gpointer               progress_data,
                      GError               **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (dest), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = report_bytes (run, options, cancellable, progress, progress_data, error);
  if (bytes == NULL)
    return FALSE;
  return gw_safe_write_bytes (dest, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                              cancellable, error);
}
