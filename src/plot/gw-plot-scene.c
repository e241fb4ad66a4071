/* gw-plot-scene.c: one plot, laid out and drawn with Cairo and Pango
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-plot"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "gw-i18n.h"
#include "gw-plot-scene.h"

/* Bars of the counts plot: one per category, plus one for rows whose name
 * did not parse (they have no category but must not vanish). */
#define N_BARS_MAX (GW_N_CATEGORIES + 1)
#define UNKNOWN_BAR GW_N_CATEGORIES

#define PAD           12.0
#define TICK_LENGTH   4.0
#define TICK_GAP      3.0
#define LABEL_GAP     6.0
#define LEGEND_GAP    14.0
#define LEGEND_PAD    8.0
#define LEGEND_SWATCH 18.0
#define GRID_CELL     16.0

typedef struct
{
  double x, y, width, height;
  int    category;
  guint  status;
  guint  count;
} BarSegment;

typedef struct
{
  double x, y;
  double width, height;
  guint  group;
} LineLabel;

/* A marker pre-rendered for stamping, with the span of non-transparent
 * pixels on each row so the stamp touches only those. */
typedef struct
{
  cairo_surface_t *surface;
  int              size;
  int              y0, y1;
  int             *x0;      /* per row, [x0, x1) */
  int             *x1;
} Sprite;

struct _GwPlotScene
{
  GwPlotData   *data;
  GwPlotKind    kind;
  GwPlotTheme   theme;
  char         *title;            /* NULL: the default */
  gboolean      interactive;
  gboolean     *group_visible;
  guint         n_groups;
  gboolean      status_visible[GW_N_STATUSES];
  gboolean      anchors_visible;
  gboolean      custom_range;
  GwPlotRange   range;

  /* Layout, valid while layout_valid. */
  gboolean         layout_valid;
  double           width;
  double           height;
  GwPlotTransform  transform;
  GArray          *xticks;        /* double */
  GArray          *yticks;
  double           xstep;
  double           ystep;
  GArray          *legend;        /* GwPlotLegendEntry */
  GPtrArray       *legend_labels; /* owns the labels */
  double           legend_x;
  double           legend_y;
  double           legend_width;
  double           legend_height;
  double           title_height;
  double           subtitle_height;
  float           *px;            /* per row, NAN when not drawn */
  float           *py;
  guint            counts[N_BARS_MAX][GW_N_STATUSES];
  int              bar_category[N_BARS_MAX];
  guint            n_bars;
  GArray          *segments;      /* BarSegment */
  GArray          *line_labels;   /* LineLabel */

  /* Hit-testing grid over the plot area, built on the first pick. */
  gboolean         grid_valid;
  guint            grid_cols;
  guint            grid_rows;
  guint           *grid_start;    /* grid_cols·grid_rows + 1 */
  guint           *grid_items;    /* rows, bucketed */

  /* Pre-rendered markers for GW_PLOT_DRAW_FAST_POINTS. */
  Sprite          *sprites[GW_N_PLOT_MARKERS][GW_N_CATEGORIES + 1];
  double           sprite_scale;

  /* Rows by marker (in draw order), then by data y: stamping row after
   * row of the target keeps it in cache.  A pan or zoom keeps the order
   * (the mapping is monotonic), so it is built once per kind. */
  guint           *stamp_order;
  guint            n_stamp;
  GwPlotKind       stamp_kind;

  PangoContext    *pango_context;
};

static const char * const kind_names[GW_N_PLOT_KINDS] = {
  "rt-logp", "residuals", "counts", "actual-predicted",
};

/* TRANSLATORS: a status in a plot's legend, under "Status". */
static const char * const status_labels[GW_N_STATUSES] = {
  N_("valid"), N_("outlier"), N_("fragment"), N_("isomer"), N_("insufficient"), N_("invalid"),
};

const char *
gw_plot_kind_to_string (GwPlotKind kind)
{
  g_return_val_if_fail (kind < GW_N_PLOT_KINDS, NULL);
  return kind_names[kind];
}

gboolean
gw_plot_kind_from_string (const char *str,
                          GwPlotKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < GW_N_PLOT_KINDS; i++)
    if (g_ascii_strcasecmp (str, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
gw_plot_kind_get_title (GwPlotKind kind)
{
  static const char * const titles[GW_N_PLOT_KINDS] = {
    N_("Retention time vs Log P"),
    N_("Residuals"),
    N_("Calls per category"),
    N_("Observed vs predicted retention time"),
  };

  g_return_val_if_fail (kind < GW_N_PLOT_KINDS, NULL);
  return _(titles[kind]);
}

GwPlotMarker
gw_plot_marker_for_point (const GwPlotPoint *point)
{
  switch (point->status)
    {
    case GW_STATUS_VALID:
      return point->anchor ? GW_PLOT_MARKER_DIAMOND : GW_PLOT_MARKER_CIRCLE;
    case GW_STATUS_OUTLIER:
      return GW_PLOT_MARKER_CROSS;
    case GW_STATUS_FRAGMENT:
      return GW_PLOT_MARKER_TRIANGLE;
    case GW_STATUS_ISOMER:
      return GW_PLOT_MARKER_SQUARE;
    case GW_STATUS_INSUFFICIENT:
    case GW_STATUS_INVALID:
    case GW_N_STATUSES:
    default:
      return GW_PLOT_MARKER_RING;
    }
}

void
gw_plot_transform_to_pixel (const GwPlotTransform *t,
                            double                 x,
                            double                 y,
                            double                *px,
                            double                *py)
{
  g_return_if_fail (t != NULL);

  if (px != NULL)
    *px = gw_plot_transform_x (t, x);
  if (py != NULL)
    *py = gw_plot_transform_y (t, y);
}

void
gw_plot_transform_to_data (const GwPlotTransform *t,
                           double                 px,
                           double                 py,
                           double                *x,
                           double                *y)
{
  g_return_if_fail (t != NULL);

  if (x != NULL)
    *x = t->x0 + (px - t->left) / (t->right - t->left) * (t->x1 - t->x0);
  if (y != NULL)
    *y = t->y0 + (t->bottom - py) / (t->bottom - t->top) * (t->y1 - t->y0);
}

/* ------------------------------------------------------------------ */

static void
invalidate (GwPlotScene *self)
{
  self->layout_valid = FALSE;
  self->grid_valid = FALSE;
}

static void
sprite_free (Sprite *sprite)
{
  cairo_surface_destroy (sprite->surface);
  g_free (sprite->x0);
  g_free (sprite->x1);
  g_free (sprite);
}

static void
clear_sprites (GwPlotScene *self)
{
  for (guint m = 0; m < GW_N_PLOT_MARKERS; m++)
    for (guint c = 0; c <= GW_N_CATEGORIES; c++)
      g_clear_pointer (&self->sprites[m][c], sprite_free);
}

GwPlotScene *
gw_plot_scene_new (GwPlotData *data,
                   GwPlotKind  kind)
{
  GwPlotScene *self;
  guint n;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (kind < GW_N_PLOT_KINDS, NULL);

  self = g_new0 (GwPlotScene, 1);
  self->data = gw_plot_data_ref (data);
  self->kind = kind;
  gw_plot_theme_init (&self->theme, GW_PLOT_THEME_LIGHT);
  self->n_groups = gw_plot_data_get_n_groups (data);
  self->group_visible = g_new (gboolean, MAX (self->n_groups, 1));
  for (guint g = 0; g < self->n_groups; g++)
    self->group_visible[g] = TRUE;
  for (guint s = 0; s < GW_N_STATUSES; s++)
    self->status_visible[s] = TRUE;
  self->anchors_visible = TRUE;

  n = gw_plot_data_get_n_points (data);
  self->px = g_new (float, MAX (n, 1));
  self->py = g_new (float, MAX (n, 1));
  self->xticks = g_array_new (FALSE, FALSE, sizeof (double));
  self->yticks = g_array_new (FALSE, FALSE, sizeof (double));
  self->legend = g_array_new (FALSE, TRUE, sizeof (GwPlotLegendEntry));
  self->legend_labels = g_ptr_array_new_with_free_func (g_free);
  self->segments = g_array_new (FALSE, TRUE, sizeof (BarSegment));
  self->line_labels = g_array_new (FALSE, TRUE, sizeof (LineLabel));

  return self;
}

void
gw_plot_scene_free (GwPlotScene *self)
{
  if (self == NULL)
    return;

  clear_sprites (self);
  g_free (self->stamp_order);
  g_clear_object (&self->pango_context);
  g_clear_pointer (&self->data, gw_plot_data_unref);
  g_free (self->title);
  g_free (self->group_visible);
  g_free (self->px);
  g_free (self->py);
  g_free (self->grid_start);
  g_free (self->grid_items);
  g_array_unref (self->xticks);
  g_array_unref (self->yticks);
  g_array_unref (self->legend);
  g_ptr_array_unref (self->legend_labels);
  g_array_unref (self->segments);
  g_array_unref (self->line_labels);
  g_free (self);
}

GwPlotData *
gw_plot_scene_get_data (GwPlotScene *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->data;
}

GwPlotKind
gw_plot_scene_get_kind (GwPlotScene *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->kind;
}

void
gw_plot_scene_set_kind (GwPlotScene *self,
                        GwPlotKind   kind)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (kind < GW_N_PLOT_KINDS);

  if (self->kind == kind)
    return;
  self->kind = kind;
  self->custom_range = FALSE;
  invalidate (self);
}

const GwPlotTheme *
gw_plot_scene_get_theme (GwPlotScene *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->theme;
}

void
gw_plot_scene_set_theme (GwPlotScene       *self,
                         const GwPlotTheme *theme)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (theme != NULL);

  self->theme = *theme;
  clear_sprites (self);
  invalidate (self);
}

void
gw_plot_scene_set_interactive (GwPlotScene *self,
                               gboolean     interactive)
{
  g_return_if_fail (self != NULL);

  self->interactive = !!interactive;
  invalidate (self);
}

void
gw_plot_scene_set_title (GwPlotScene *self,
                         const char  *title)
{
  g_return_if_fail (self != NULL);

  g_free (self->title);
  self->title = g_strdup (title);
  invalidate (self);
}

gboolean
gw_plot_scene_get_group_visible (GwPlotScene *self,
                                 guint        group)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (group < self->n_groups, FALSE);
  return self->group_visible[group];
}

void
gw_plot_scene_set_group_visible (GwPlotScene *self,
                                 guint        group,
                                 gboolean     visible)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (group < self->n_groups);

  self->group_visible[group] = !!visible;
  invalidate (self);
}

void
gw_plot_scene_set_all_groups_visible (GwPlotScene *self,
                                      gboolean     visible)
{
  g_return_if_fail (self != NULL);

  for (guint g = 0; g < self->n_groups; g++)
    self->group_visible[g] = !!visible;
  invalidate (self);
}

gboolean
gw_plot_scene_show_group_by_name (GwPlotScene *self,
                                  const char  *name)
{
  gboolean found = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint g = 0; g < self->n_groups; g++)
    if (g_strcmp0 (gw_plot_data_get_group (self->data, g)->name, name) == 0)
      {
        self->group_visible[g] = TRUE;
        found = TRUE;
      }
  invalidate (self);
  return found;
}

gboolean
gw_plot_scene_get_status_visible (GwPlotScene *self,
                                  GwStatus     status)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (status < GW_N_STATUSES, FALSE);
  return self->status_visible[status];
}

void
gw_plot_scene_set_status_visible (GwPlotScene *self,
                                  GwStatus     status,
                                  gboolean     visible)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (status < GW_N_STATUSES);

  self->status_visible[status] = !!visible;
  invalidate (self);
}

gboolean
gw_plot_scene_has_custom_range (GwPlotScene *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->custom_range;
}

void
gw_plot_scene_set_range (GwPlotScene       *self,
                         const GwPlotRange *range)
{
  g_return_if_fail (self != NULL);

  if (range == NULL)
    self->custom_range = FALSE;
  else if (isfinite (range->x0) && isfinite (range->x1) &&
           isfinite (range->y0) && isfinite (range->y1) &&
           range->x1 > range->x0 && range->y1 > range->y0)
    {
      self->custom_range = TRUE;
      self->range = *range;
    }
  invalidate (self);
}

/* ------------------------------------------------------------------ */
/* Which rows are drawn, and where in data space. */

static gboolean
point_visible (GwPlotScene       *self,
               const GwPlotPoint *p)
{
  if (p->status >= GW_N_STATUSES || !self->status_visible[p->status])
    return FALSE;
  if (p->anchor && !self->anchors_visible)
    return FALSE;
  if (p->group >= 0 && (guint) p->group < self->n_groups && !self->group_visible[p->group])
    return FALSE;
  return TRUE;
}

/* The point's data coordinates in the current kind, shown or not; FALSE
 * when it has none.  Invalid rows are never drawn as points. */
static gboolean
point_raw_coords (GwPlotKind         kind,
                  const GwPlotPoint *p,
                  double            *x,
                  double            *y)
{
  if (p->status == GW_STATUS_INVALID)
    return FALSE;

  switch (kind)
    {
    case GW_PLOT_KIND_RT_LOGP:
      *x = p->logp;
      *y = p->rt;
      break;
    case GW_PLOT_KIND_RESIDUALS:
      *x = p->predicted;
      *y = p->z;
      break;
    case GW_PLOT_KIND_ACTUAL_PREDICTED:
      *x = p->predicted;
      *y = p->rt;
      break;
    case GW_PLOT_KIND_COUNTS:
    case GW_N_PLOT_KINDS:
    default:
      return FALSE;
    }

  return isfinite (*x) && isfinite (*y);
}

/* The same for a point that is shown. */
static gboolean
point_coords (GwPlotScene       *self,
              const GwPlotPoint *p,
              double            *x,
              double            *y)
{
  return point_visible (self, p) && point_raw_coords (self->kind, p, x, y);
}

static void
compute_counts (GwPlotScene *self)
{
  guint n = gw_plot_data_get_n_points (self->data);
  const GwPlotPoint *points = gw_plot_data_get_points (self->data);
  gboolean present[N_BARS_MAX] = { FALSE };

  memset (self->counts, 0, sizeof self->counts);

  /* Counts include invalid rows: the plot accounts for every row. */
  for (guint i = 0; i < n; i++)
    {
      const GwPlotPoint *p = &points[i];
      guint bar = p->category >= 0 && p->category < GW_N_CATEGORIES ? (guint) p->category : UNKNOWN_BAR;

      if (!point_visible (self, p))
        continue;
      self->counts[bar][p->status]++;
      present[bar] = TRUE;
    }

  self->n_bars = 0;
  for (guint b = 0; b < N_BARS_MAX; b++)
    {
      /* Most sialic acids first: the order in which they elute. */
      guint bar = b < GW_N_CATEGORIES ? GW_N_CATEGORIES - 1 - b : UNKNOWN_BAR;

      if (present[bar])
        self->bar_category[self->n_bars++] = bar == UNKNOWN_BAR ? -1 : (int) bar;
    }
}

static guint
bar_total (GwPlotScene *self,
           guint        bar)
{
  int category = self->bar_category[bar];
  guint index = category < 0 ? UNKNOWN_BAR : (guint) category;
  guint total = 0;

  for (guint s = 0; s < GW_N_STATUSES; s++)
    total += self->counts[index][s];
  return total;
}

static void
extend (double *lo,
        double *hi,
        double  v)
{
  if (!isfinite (v))
    return;
  if (v < *lo)
    *lo = v;
  if (v > *hi)
    *hi = v;
}

static void
pad_range (double *lo,
           double *hi,
           double  fraction)
{
  double span;

  if (!isfinite (*lo) || !isfinite (*hi) || *lo > *hi)
    {
      *lo = 0.0;
      *hi = 1.0;
      return;
    }
  span = *hi - *lo;
  if (span < 1e-9)
    span = MAX (fabs (*lo) * 0.1, 1.0);
  *lo -= span * fraction;
  *hi += span * fraction;
}

void
gw_plot_scene_get_auto_range (GwPlotScene *self,
                              GwPlotRange *range)
{
  guint n;
  const GwPlotPoint *points;
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;

  g_return_if_fail (self != NULL);
  g_return_if_fail (range != NULL);

  n = gw_plot_data_get_n_points (self->data);
  points = gw_plot_data_get_points (self->data);

  if (self->kind == GW_PLOT_KIND_COUNTS)
    {
      guint max_total = 0;

      compute_counts (self);
      for (guint b = 0; b < self->n_bars; b++)
        max_total = MAX (max_total, bar_total (self, b));
      range->x0 = -0.5;
      range->x1 = MAX (self->n_bars, 1) - 0.5;
      range->y0 = 0.0;
      /* Room above the tallest bar for its total. */
      range->y1 = MAX (max_total, 1) * 1.1;
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      double x, y;

      if (!point_coords (self, &points[i], &x, &y))
        continue;
      extend (&x0, &x1, x);
      extend (&y0, &y1, y);
    }

  if (self->kind == GW_PLOT_KIND_RT_LOGP)
    {
      for (guint g = 0; g < self->n_groups; g++)
        {
          const GwPlotGroup *group = gw_plot_data_get_group (self->data, g);

          if (!self->group_visible[g])
            continue;
          for (guint v = 0; v < group->n_vertices; v++)
            {
              extend (&x0, &x1, group->vertices[v].logp);
              extend (&y0, &y1, group->vertices[v].low);
              extend (&y0, &y1, group->vertices[v].high);
            }
        }
    }
  else if (self->kind == GW_PLOT_KIND_RESIDUALS)
    {
      double t = gw_plot_data_get_threshold (self->data);

      if (isfinite (t))
        {
          extend (&y0, &y1, -t);
          extend (&y0, &y1, t);
        }
    }

  pad_range (&x0, &x1, 0.05);
  pad_range (&y0, &y1, 0.05);

  if (self->kind == GW_PLOT_KIND_ACTUAL_PREDICTED)
    {
      /* One scale on both axes, so y = x is the diagonal. */
      double lo = MIN (x0, y0), hi = MAX (x1, y1);

      x0 = y0 = lo;
      x1 = y1 = hi;
    }

  range->x0 = x0;
  range->x1 = x1;
  range->y0 = y0;
  range->y1 = y1;
}

void
gw_plot_scene_get_range (GwPlotScene *self,
                         GwPlotRange *range)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (range != NULL);

  if (self->custom_range)
    *range = self->range;
  else
    gw_plot_scene_get_auto_range (self, range);
}

/* ------------------------------------------------------------------ */
/* Text */

/* One Pango context per scene, with unhinted metrics: text measures the
 * same on screen, in PNG, SVG and PDF, so a layout computed once fits
 * every target.  Creating a context per string would cost more than
 * drawing the string. */
static PangoContext *
get_pango_context (GwPlotScene *self)
{
  if (self->pango_context == NULL)
    {
      cairo_font_options_t *options = cairo_font_options_create ();

      self->pango_context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
      pango_cairo_context_set_font_options (self->pango_context, options);
      cairo_font_options_destroy (options);
    }
  return self->pango_context;
}

static PangoLayout *
create_layout (GwPlotScene *self,
               cairo_t     *cr,
               const char  *text,
               double       size,
               gboolean     bold)
{
  PangoLayout *layout = pango_layout_new (get_pango_context (self));
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, self->theme.font_family);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static void
measure_text (GwPlotScene *self,
              cairo_t     *cr,
              const char  *text,
              double       size,
              gboolean     bold,
              double      *width,
              double      *height)
{
  g_autoptr(PangoLayout) layout = create_layout (self, cr, text, size, bold);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  *width = logical.width / (double) PANGO_SCALE;
  *height = logical.height / (double) PANGO_SCALE;
}

static void
set_color (cairo_t           *cr,
           const GwPlotColor *c,
           double             alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
}

/* Draws @text so that the point (@ax, @ay) of its box, in fractions of its
 * size, lands on (@x, @y); @angle rotates around that point. */
static void
draw_text (GwPlotScene       *self,
           cairo_t           *cr,
           const char        *text,
           double             size,
           gboolean           bold,
           double             x,
           double             y,
           double             ax,
           double             ay,
           double             angle,
           const GwPlotColor *color,
           PangoAlignment     alignment)
{
  g_autoptr(PangoLayout) layout = create_layout (self, cr, text, size, bold);
  PangoRectangle logical;
  double w, h;

  pango_layout_set_alignment (layout, alignment);
  pango_layout_get_extents (layout, NULL, &logical);
  w = logical.width / (double) PANGO_SCALE;
  h = logical.height / (double) PANGO_SCALE;

  cairo_save (cr);
  cairo_translate (cr, x, y);
  if (angle != 0.0)
    cairo_rotate (cr, angle);
  cairo_move_to (cr, -ax * w - logical.x / (double) PANGO_SCALE, -ay * h);
  set_color (cr, color, 1.0);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

/* ------------------------------------------------------------------ */
/* Ticks */

static double
nice_step (double span,
           double target)
{
  double raw, mag, f;

  if (!(span > 0.0) || !(target >= 1.0))
    return 1.0;
  raw = span / target;
  mag = pow (10.0, floor (log10 (raw)));
  f = raw / mag;
  if (f < 1.5)
    f = 1.0;
  else if (f < 3.0)
    f = 2.0;
  else if (f < 7.0)
    f = 5.0;
  else
    f = 10.0;
  return f * mag;
}

static void
compute_ticks (GArray *ticks,
               double  lo,
               double  hi,
               double  step)
{
  double first = ceil (lo / step - 1e-9) * step;

  g_array_set_size (ticks, 0);
  for (guint i = 0; i < 200; i++)
    {
      double t = first + i * step;

      if (t > hi + step * 1e-9)
        break;
      if (fabs (t) < step * 1e-9)
        t = 0.0;
      g_array_append_val (ticks, t);
    }
}

/* Round numbers with as many decimals as the step needs, a real minus
 * sign and the locale's decimal separator, as the table writes numbers. */
static char *
format_tick (double value,
             double step)
{
  int decimals = step >= 1.0 ? 0 : (int) ceil (-log10 (step) - 1e-9);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[16];
  const char *dot;
  g_autofree char *local = NULL;

  decimals = CLAMP (decimals, 0, 8);
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buf, sizeof buf, format, fabs (value));
  dot = strchr (buf, '.');
  if (dot != NULL)
    local = g_strdup_printf ("%.*s%s%s", (int) (dot - buf), buf, gw_i18n_decimal_point (), dot + 1);
  else
    local = g_strdup (buf);
  if (value < 0.0 && g_strcmp0 (buf, "0") != 0)
    return g_strconcat ("\xe2\x88\x92", local, NULL);
  return g_steal_pointer (&local);
}

static char *
bar_label (int category)
{
  if (category < 0)
    /* TRANSLATORS: the bar of rows whose name could not be read. */
    return g_strdup (_("no name"));
  return g_strdup_printf ("%s\n%s", gw_category_to_string (category),
                          gw_category_get_display_name (category));
}

/* ------------------------------------------------------------------ */
/* Legend */

static void
add_legend (GwPlotScene      *self,
            GwPlotLegendKind  kind,
            int               value,
            char             *label,
            gboolean          active)
{
  GwPlotLegendEntry entry = { 0 };

  if (!active && !self->interactive && kind != GW_PLOT_LEGEND_HEADER)
    {
      g_free (label);
      return;
    }

  entry.kind = kind;
  entry.value = value;
  entry.label = label;
  entry.active = active;
  g_ptr_array_add (self->legend_labels, label);
  g_array_append_val (self->legend, entry);
}

static gboolean
category_active (GwPlotScene *self,
                 int          category)
{
  for (guint g = 0; g < self->n_groups; g++)
    if (gw_plot_data_get_group (self->data, g)->category == category && self->group_visible[g])
      return TRUE;
  return FALSE;
}

static void
build_legend (GwPlotScene *self)
{
  guint n = gw_plot_data_get_n_points (self->data);
  const GwPlotPoint *points = gw_plot_data_get_points (self->data);
  gboolean category_present[GW_N_CATEGORIES] = { FALSE };
  gboolean status_present[GW_N_STATUSES] = { FALSE };
  gboolean anchor_present = FALSE;
  gboolean any_line = FALSE;
  guint before;

  g_array_set_size (self->legend, 0);
  g_ptr_array_set_size (self->legend_labels, 0);

  /* Entries list what the data has.  A figure lists only what is shown;
   * the screen also lists what is hidden, so it can be shown again. */
  for (guint i = 0; i < n; i++)
    {
      const GwPlotPoint *p = &points[i];
      gboolean shown_group = p->group < 0 || (guint) p->group >= self->n_groups ||
                             self->group_visible[p->group];
      double x, y;

      if (!self->interactive && !shown_group)
        continue;
      /* Only what this kind of plot can draw; counts draw every row. */
      if (self->kind != GW_PLOT_KIND_COUNTS && !point_raw_coords (self->kind, p, &x, &y))
        continue;
      if (p->category >= 0 && p->category < GW_N_CATEGORIES)
        category_present[p->category] = TRUE;
      if (p->status < GW_N_STATUSES)
        status_present[p->status] = TRUE;
      if (p->anchor && p->status == GW_STATUS_VALID)
        anchor_present = TRUE;
    }
  for (guint g = 0; g < self->n_groups; g++)
    if (self->group_visible[g] && gw_plot_data_get_group (self->data, g)->n_vertices > 0)
      any_line = TRUE;

  if (self->kind == GW_PLOT_KIND_COUNTS)
    {
      add_legend (self, GW_PLOT_LEGEND_HEADER, 0, g_strdup (_("Status")), TRUE);
      for (int s = GW_N_STATUSES - 1; s >= 0; s--)
        if (status_present[s])
          add_legend (self, GW_PLOT_LEGEND_STATUS, s, g_strdup (_(status_labels[s])),
                      self->status_visible[s]);
      return;
    }

  add_legend (self, GW_PLOT_LEGEND_HEADER, 0, g_strdup (_("Category")), TRUE);
  before = self->legend->len;
  for (int c = 0; c < GW_N_CATEGORIES; c++)
    if (category_present[c])
      add_legend (self, GW_PLOT_LEGEND_CATEGORY, c,
                  g_strdup_printf ("%s (%s)", gw_category_to_string (c),
                                   gw_category_get_display_name (c)),
                  category_active (self, c));
  if (self->legend->len == before)
    {
      g_array_set_size (self->legend, before - 1);
      g_ptr_array_set_size (self->legend_labels, before - 1);
    }

  add_legend (self, GW_PLOT_LEGEND_HEADER, 0, g_strdup (_("Status")), TRUE);
  if (anchor_present)
    add_legend (self, GW_PLOT_LEGEND_ANCHOR, 0, g_strdup (_("anchor")),
                self->anchors_visible && self->status_visible[GW_STATUS_VALID]);
  for (int s = 0; s < GW_N_STATUSES; s++)
    if (status_present[s] && s != GW_STATUS_INVALID)
      add_legend (self, GW_PLOT_LEGEND_STATUS, s, g_strdup (_(status_labels[s])),
                  self->status_visible[s]);

  if (self->kind == GW_PLOT_KIND_RT_LOGP && any_line)
    add_legend (self, GW_PLOT_LEGEND_BAND, 0,
                /* TRANSLATORS: the band around a group's line, in the
                 * legend: "fit ± 3σ". */
                g_strdup_printf (_("fit ± %gσ"), gw_plot_data_get_threshold (self->data)),
                TRUE);
  else if (self->kind == GW_PLOT_KIND_RESIDUALS)
    add_legend (self, GW_PLOT_LEGEND_REFERENCE, 0,
                g_strdup_printf ("|z| = %g", gw_plot_data_get_threshold (self->data)), TRUE);
  else if (self->kind == GW_PLOT_KIND_ACTUAL_PREDICTED)
    add_legend (self, GW_PLOT_LEGEND_REFERENCE, 0, g_strdup ("y = x"), TRUE);
}

static double
legend_row_height (GwPlotScene *self)
{
  return MAX (self->theme.font_size * 1.25, self->theme.marker_radius * 2.8) + 3.0;
}

/* ------------------------------------------------------------------ */
/* Layout */

static const char *
x_label (GwPlotScene *self)
{
  switch (self->kind)
    {
    case GW_PLOT_KIND_RT_LOGP:
      return "Log P";
    case GW_PLOT_KIND_RESIDUALS:
    case GW_PLOT_KIND_ACTUAL_PREDICTED:
      return _("Predicted retention time (min)");
    case GW_PLOT_KIND_COUNTS:
    case GW_N_PLOT_KINDS:
    default:
      return _("Category");
    }
}

static const char *
y_label (GwPlotScene *self)
{
  switch (self->kind)
    {
    case GW_PLOT_KIND_RT_LOGP:
      return _("Retention time (min)");
    case GW_PLOT_KIND_RESIDUALS:
      return _("z (residual / σ)");
    case GW_PLOT_KIND_ACTUAL_PREDICTED:
      return _("Observed retention time (min)");
    case GW_PLOT_KIND_COUNTS:
    case GW_N_PLOT_KINDS:
    default:
      return _("Rows");
    }
}

static const char *
effective_title (GwPlotScene *self)
{
  return self->title != NULL ? self->title : gw_plot_kind_get_title (self->kind);
}

static void
layout_points (GwPlotScene *self)
{
  guint n = gw_plot_data_get_n_points (self->data);
  const GwPlotPoint *points = gw_plot_data_get_points (self->data);
  const GwPlotTransform *t = &self->transform;
  double slack = self->theme.marker_radius;
  double sx = (t->right - t->left) / (t->x1 - t->x0);
  double sy = (t->bottom - t->top) / (t->y1 - t->y0);

  for (guint i = 0; i < n; i++)
    {
      double x, y, px, py;

      self->px[i] = self->py[i] = NAN;
      if (!point_coords (self, &points[i], &x, &y))
        continue;
      px = t->left + (x - t->x0) * sx;
      py = t->bottom - (y - t->y0) * sy;
      if (px < t->left - slack || px > t->right + slack ||
          py < t->top - slack || py > t->bottom + slack)
        continue;
      self->px[i] = px;
      self->py[i] = py;
    }
}

static void
layout_line_labels (GwPlotScene *self,
                    cairo_t     *cr)
{
  const GwPlotTransform *t = &self->transform;
  guint n_placed = 0;

  g_array_set_size (self->line_labels, 0);
  if (self->kind != GW_PLOT_KIND_RT_LOGP)
    return;

  for (guint g = 0; g < self->n_groups; g++)
    {
      const GwPlotGroup *group = gw_plot_data_get_group (self->data, g);
      const GwPlotLineVertex *end;
      LineLabel label = { 0 };
      double ex, ey;

      if (!self->group_visible[g] || group->n_vertices < 2)
        continue;
      end = &group->vertices[group->n_vertices - 1];
      ex = gw_plot_transform_x (t, end->logp);
      ey = gw_plot_transform_y (t, end->predicted);
      if (ex < t->left || ex > t->right || ey < t->top || ey > t->bottom)
        continue;

      measure_text (self, cr, group->name, self->theme.font_size * 0.9, FALSE,
                    &label.width, &label.height);
      label.group = g;
      label.x = ex + 4.0;
      if (label.x + label.width > t->right - 2.0)
        label.x = ex - 4.0 - label.width;
      label.y = ey - label.height / 2.0;
      g_array_append_val (self->line_labels, label);
    }

  /* Push overlapping labels apart, top to bottom; drop those that no
   * longer fit rather than let them overlap or leave the plot. */
  for (guint i = 1; i < self->line_labels->len; i++)
    for (guint j = i; j > 0; j--)
      {
        LineLabel *a = &g_array_index (self->line_labels, LineLabel, j - 1);
        LineLabel *b = &g_array_index (self->line_labels, LineLabel, j);

        if (a->y > b->y)
          {
            LineLabel tmp = *a;
            *a = *b;
            *b = tmp;
          }
      }

  for (guint i = 0; i < self->line_labels->len; i++)
    {
      LineLabel *label = &g_array_index (self->line_labels, LineLabel, i);
      gboolean fits = TRUE;

      label->y = MAX (label->y, t->top + 1.0);
      for (guint j = 0; j < n_placed; j++)
        {
          LineLabel *other = &g_array_index (self->line_labels, LineLabel, j);

          if (label->x < other->x + other->width && other->x < label->x + label->width &&
              label->y < other->y + other->height)
            label->y = other->y + other->height;
        }
      if (label->y + label->height > t->bottom - 1.0)
        fits = FALSE;
      if (fits)
        g_array_index (self->line_labels, LineLabel, n_placed++) = *label;
    }
  g_array_set_size (self->line_labels, n_placed);
}

void
gw_plot_scene_layout (GwPlotScene *self,
                      double       width,
                      double       height)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  GwPlotRange range;
  double title_w = 0, title_h = 0, sub_w = 0, sub_h = 0;
  double xl_w, xl_h, yl_w, yl_h;
  double tick_h = 0, tick_w = 0, legend_w = 0;
  double row_h, top, bottom, left, right, plot_h, plot_w;
  const char *title;

  g_return_if_fail (self != NULL);

  if (self->layout_valid && self->width == width && self->height == height)
    return;

  self->width = width;
  self->height = height;
  self->grid_valid = FALSE;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);

  if (self->kind == GW_PLOT_KIND_COUNTS)
    compute_counts (self);
  gw_plot_scene_get_range (self, &range);

  title = effective_title (self);
  if (title[0] != '\0')
    {
      measure_text (self, cr, title, self->theme.title_size, TRUE, &title_w, &title_h);
      if (self->title == NULL)
        measure_text (self, cr, gw_plot_data_get_description (self->data),
                      self->theme.font_size, FALSE, &sub_w, &sub_h);
    }
  self->title_height = title_h;
  self->subtitle_height = sub_h;

  measure_text (self, cr, x_label (self), self->theme.label_size, FALSE, &xl_w, &xl_h);
  measure_text (self, cr, y_label (self), self->theme.label_size, FALSE, &yl_w, &yl_h);

  /* The legend sits outside the plot area, on the right, so it never
   * hides data. */
  build_legend (self);
  row_h = legend_row_height (self);
  for (guint i = 0; i < self->legend->len; i++)
    {
      GwPlotLegendEntry *e = &g_array_index (self->legend, GwPlotLegendEntry, i);
      double w, h;

      measure_text (self, cr, e->label, self->theme.font_size,
                    e->kind == GW_PLOT_LEGEND_HEADER, &w, &h);
      if (e->kind != GW_PLOT_LEGEND_HEADER)
        w += LEGEND_SWATCH + 6.0;
      legend_w = MAX (legend_w, w);
    }
  if (self->legend->len > 0)
    legend_w += 2 * LEGEND_PAD;

  top = PAD;
  if (title_h > 0)
    top += title_h + sub_h + LABEL_GAP + 2.0;

  /* Tick labels: the height of one line (two for category bars). */
  {
    double w, h;

    measure_text (self, cr, self->kind == GW_PLOT_KIND_COUNTS ? "GM\nMonosialo" : "0.5",
                  self->theme.font_size, FALSE, &w, &h);
    tick_h = h;
  }
  top = MAX (top, PAD + tick_h / 2.0);
  bottom = height - PAD - xl_h - LABEL_GAP - tick_h - TICK_GAP - TICK_LENGTH;

  /* Y ticks depend on the plot height only; their labels' width then
   * fixes the left margin. */
  plot_h = MAX (bottom - top, 20.0);
  self->ystep = nice_step (range.y1 - range.y0, MAX (plot_h / 48.0, 2.0));
  if (self->kind == GW_PLOT_KIND_COUNTS)
    self->ystep = MAX (self->ystep, 1.0);
  compute_ticks (self->yticks, range.y0, range.y1, self->ystep);
  for (guint i = 0; i < self->yticks->len; i++)
    {
      g_autofree char *label = format_tick (g_array_index (self->yticks, double, i), self->ystep);
      double w, h;

      measure_text (self, cr, label, self->theme.font_size, FALSE, &w, &h);
      tick_w = MAX (tick_w, w);
    }

  left = PAD + yl_h + LABEL_GAP + tick_w + TICK_GAP + TICK_LENGTH;
  right = width - PAD - (legend_w > 0 ? legend_w + LEGEND_GAP : 0);

  /* The last x tick label may stick out past the plot area by half its
   * width; keep that inside the figure when there is no legend. */
  if (legend_w <= 0)
    right -= 12.0;

  plot_w = right - left;
  if (plot_w < 40.0)
    {
      right = left + 40.0;
      plot_w = 40.0;
    }
  if (bottom - top < 20.0)
    bottom = top + 20.0;

  if (self->kind == GW_PLOT_KIND_COUNTS)
    {
      self->xstep = 1.0;
      g_array_set_size (self->xticks, 0);
      for (guint b = 0; b < self->n_bars; b++)
        {
          double v = b;
          g_array_append_val (self->xticks, v);
        }
    }
  else
    {
      self->xstep = nice_step (range.x1 - range.x0, MAX (plot_w / 80.0, 2.0));
      compute_ticks (self->xticks, range.x0, range.x1, self->xstep);
    }

  self->transform.x0 = range.x0;
  self->transform.x1 = range.x1;
  self->transform.y0 = range.y0;
  self->transform.y1 = range.y1;
  self->transform.left = left;
  self->transform.right = right;
  self->transform.top = top;
  self->transform.bottom = bottom;

  /* Legend rows, top-aligned with the plot area. */
  self->legend_x = right + LEGEND_GAP;
  self->legend_y = top;
  self->legend_width = legend_w;
  {
    double y = top + LEGEND_PAD;

    for (guint i = 0; i < self->legend->len; i++)
      {
        GwPlotLegendEntry *e = &g_array_index (self->legend, GwPlotLegendEntry, i);

        if (e->kind == GW_PLOT_LEGEND_HEADER && i > 0)
          y += 4.0;
        e->x = self->legend_x;
        e->y = y;
        e->width = legend_w;
        e->height = row_h;
        y += row_h;
      }
    self->legend_height = y + LEGEND_PAD - top;
  }

  if (self->kind == GW_PLOT_KIND_COUNTS)
    {
      g_array_set_size (self->segments, 0);
      for (guint b = 0; b < self->n_bars; b++)
        {
          int category = self->bar_category[b];
          guint index = category < 0 ? UNKNOWN_BAR : (guint) category;
          double base = 0;
          double x0 = gw_plot_transform_x (&self->transform, b - 0.32);
          double x1 = gw_plot_transform_x (&self->transform, b + 0.32);

          for (guint s = 0; s < GW_N_STATUSES; s++)
            {
              BarSegment seg;
              guint c = self->counts[index][s];
              double y0, y1;

              if (c == 0)
                continue;
              y0 = gw_plot_transform_y (&self->transform, base);
              y1 = gw_plot_transform_y (&self->transform, base + c);
              seg.x = x0;
              seg.width = x1 - x0;
              seg.y = y1;
              seg.height = y0 - y1;
              seg.category = category;
              seg.status = s;
              seg.count = c;
              g_array_append_val (self->segments, seg);
              base += c;
            }
        }
    }
  else
    layout_points (self);

  layout_line_labels (self, cr);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  self->layout_valid = TRUE;
}

const GwPlotTransform *
gw_plot_scene_get_transform (GwPlotScene *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->transform;
}

gboolean
gw_plot_scene_get_point_position (GwPlotScene *self,
                                  guint        row,
                                  double      *x,
                                  double      *y)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->layout_valid, FALSE);

  if (row >= gw_plot_data_get_n_points (self->data) ||
      self->kind == GW_PLOT_KIND_COUNTS || isnan (self->px[row]))
    return FALSE;
  if (x != NULL)
    *x = self->px[row];
  if (y != NULL)
    *y = self->py[row];
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Hit testing */

static void
build_grid (GwPlotScene *self)
{
  guint n = gw_plot_data_get_n_points (self->data);
  g_autofree guint *fill = NULL;
  guint n_cells;

  g_free (self->grid_start);
  g_free (self->grid_items);

  self->grid_cols = (guint) ceil ((self->width + 1.0) / GRID_CELL);
  self->grid_rows = (guint) ceil ((self->height + 1.0) / GRID_CELL);
  n_cells = self->grid_cols * self->grid_rows;
  self->grid_start = g_new0 (guint, n_cells + 1);
  fill = g_new0 (guint, n_cells);

  /* Counting sort of rows into cells: two passes, no per-cell allocation. */
  for (guint i = 0; i < n; i++)
    {
      guint cx, cy;

      if (isnan (self->px[i]) || self->px[i] < 0 || self->py[i] < 0)
        continue;
      cx = MIN ((guint) (self->px[i] / GRID_CELL), self->grid_cols - 1);
      cy = MIN ((guint) (self->py[i] / GRID_CELL), self->grid_rows - 1);
      self->grid_start[cy * self->grid_cols + cx + 1]++;
    }
  for (guint c = 0; c < n_cells; c++)
    self->grid_start[c + 1] += self->grid_start[c];
  self->grid_items = g_new (guint, MAX (self->grid_start[n_cells], 1));
  for (guint i = 0; i < n; i++)
    {
      guint cx, cy, cell;

      if (isnan (self->px[i]) || self->px[i] < 0 || self->py[i] < 0)
        continue;
      cx = MIN ((guint) (self->px[i] / GRID_CELL), self->grid_cols - 1);
      cy = MIN ((guint) (self->py[i] / GRID_CELL), self->grid_rows - 1);
      cell = cy * self->grid_cols + cx;
      self->grid_items[self->grid_start[cell] + fill[cell]++] = i;
    }

  self->grid_valid = TRUE;
}

int
gw_plot_scene_pick (GwPlotScene *self,
                    double       x,
                    double       y,
                    double       max_distance)
{
  int best = -1;
  double best_d2;
  int cx0, cx1, cy0, cy1;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (self->layout_valid, -1);

  if (self->kind == GW_PLOT_KIND_COUNTS)
    return -1;
  if (!self->grid_valid)
    build_grid (self);

  best_d2 = max_distance * max_distance;
  cx0 = (int) floor ((x - max_distance) / GRID_CELL);
  cx1 = (int) floor ((x + max_distance) / GRID_CELL);
  cy0 = (int) floor ((y - max_distance) / GRID_CELL);
  cy1 = (int) floor ((y + max_distance) / GRID_CELL);
  cx0 = MAX (cx0, 0);
  cy0 = MAX (cy0, 0);
  cx1 = MIN (cx1, (int) self->grid_cols - 1);
  cy1 = MIN (cy1, (int) self->grid_rows - 1);

  for (int cy = cy0; cy <= cy1; cy++)
    for (int cx = cx0; cx <= cx1; cx++)
      {
        guint cell = cy * self->grid_cols + cx;

        for (guint k = self->grid_start[cell]; k < self->grid_start[cell + 1]; k++)
          {
            guint row = self->grid_items[k];
            double dx = self->px[row] - x;
            double dy = self->py[row] - y;
            double d2 = dx * dx + dy * dy;

            /* Ties go to the later row, which is drawn on top. */
            if (d2 <= best_d2)
              {
                best_d2 = d2;
                best = row;
              }
          }
      }

  return best;
}

gboolean
gw_plot_scene_pick_bar (GwPlotScene *self,
                        double       x,
                        double       y,
                        int         *category,
                        GwStatus    *status,
                        guint       *count)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->kind != GW_PLOT_KIND_COUNTS || !self->layout_valid)
    return FALSE;

  for (guint i = 0; i < self->segments->len; i++)
    {
      const BarSegment *seg = &g_array_index (self->segments, BarSegment, i);

      if (x >= seg->x && x <= seg->x + seg->width && y >= seg->y && y <= seg->y + seg->height)
        {
          if (category != NULL)
            *category = seg->category;
          if (status != NULL)
            *status = seg->status;
          if (count != NULL)
            *count = seg->count;
          return TRUE;
        }
    }
  return FALSE;
}

guint
gw_plot_scene_get_n_legend_entries (GwPlotScene *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->layout_valid ? self->legend->len : 0;
}

const GwPlotLegendEntry *
gw_plot_scene_get_legend_entry (GwPlotScene *self,
                                guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->layout_valid, NULL);
  g_return_val_if_fail (index < self->legend->len, NULL);
  return &g_array_index (self->legend, GwPlotLegendEntry, index);
}

int
gw_plot_scene_pick_legend (GwPlotScene *self,
                           double       x,
                           double       y)
{
  g_return_val_if_fail (self != NULL, -1);

  if (!self->layout_valid)
    return -1;
  for (guint i = 0; i < self->legend->len; i++)
    {
      const GwPlotLegendEntry *e = &g_array_index (self->legend, GwPlotLegendEntry, i);

      if (e->kind != GW_PLOT_LEGEND_HEADER &&
          x >= e->x && x <= e->x + e->width && y >= e->y && y <= e->y + e->height)
        return i;
    }
  return -1;
}

gboolean
gw_plot_scene_toggle_legend_entry (GwPlotScene *self,
                                   guint        index)
{
  GwPlotLegendEntry e;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->layout_valid, FALSE);
  g_return_val_if_fail (index < self->legend->len, FALSE);

  e = g_array_index (self->legend, GwPlotLegendEntry, index);
  switch (e.kind)
    {
    case GW_PLOT_LEGEND_CATEGORY:
      {
        /* A category entry shows or hides all of its groups. */
        gboolean show = !category_active (self, e.value);

        for (guint g = 0; g < self->n_groups; g++)
          if (gw_plot_data_get_group (self->data, g)->category == e.value)
            self->group_visible[g] = show;
      }
      break;
    case GW_PLOT_LEGEND_GROUP:
      if ((guint) e.value < self->n_groups)
        self->group_visible[e.value] = !self->group_visible[e.value];
      break;
    case GW_PLOT_LEGEND_STATUS:
      self->status_visible[e.value] = !self->status_visible[e.value];
      break;
    case GW_PLOT_LEGEND_ANCHOR:
      self->anchors_visible = !self->anchors_visible;
      break;
    case GW_PLOT_LEGEND_HEADER:
    case GW_PLOT_LEGEND_BAND:
    case GW_PLOT_LEGEND_REFERENCE:
    default:
      return FALSE;
    }

  invalidate (self);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Markers */

static void
marker_path (cairo_t      *cr,
             GwPlotMarker  marker,
             double        x,
             double        y,
             double        r)
{
  switch (marker)
    {
    case GW_PLOT_MARKER_CIRCLE:
    case GW_PLOT_MARKER_RING:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      cairo_close_path (cr);
      break;
    case GW_PLOT_MARKER_SQUARE:
      cairo_rectangle (cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
      break;
    case GW_PLOT_MARKER_TRIANGLE:
      cairo_move_to (cr, x, y - r * 1.3);
      cairo_line_to (cr, x + r * 1.15, y + r * 0.7);
      cairo_line_to (cr, x - r * 1.15, y + r * 0.7);
      cairo_close_path (cr);
      break;
    case GW_PLOT_MARKER_DIAMOND:
      cairo_move_to (cr, x, y - r * 1.4);
      cairo_line_to (cr, x + r * 1.1, y);
      cairo_line_to (cr, x, y + r * 1.4);
      cairo_line_to (cr, x - r * 1.1, y);
      cairo_close_path (cr);
      break;
    case GW_PLOT_MARKER_CROSS:
      cairo_move_to (cr, x - r, y - r);
      cairo_line_to (cr, x + r, y + r);
      cairo_move_to (cr, x + r, y - r);
      cairo_line_to (cr, x - r, y + r);
      break;
    case GW_N_PLOT_MARKERS:
    default:
      break;
    }
}

static gboolean
marker_is_stroked (GwPlotMarker marker)
{
  return marker == GW_PLOT_MARKER_CROSS || marker == GW_PLOT_MARKER_RING;
}

/* Fills or strokes the current path in @color the way a marker is drawn:
 * solid shapes get a thin halo in the background colour, which keeps
 * overlapping points apart. */
static void
paint_marker_path (GwPlotScene       *self,
                   cairo_t           *cr,
                   GwPlotMarker       marker,
                   const GwPlotColor *color)
{
  if (marker_is_stroked (marker))
    {
      cairo_set_line_width (cr, marker == GW_PLOT_MARKER_CROSS ? 1.8 : 1.4);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      set_color (cr, color, 1.0);
      cairo_stroke (cr);
    }
  else
    {
      set_color (cr, color, 1.0);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 0.75);
      if (self->theme.background.alpha > 0)
        set_color (cr, &self->theme.background, 0.9);
      else
        cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_stroke (cr);
    }
}

static const Sprite *
get_sprite (GwPlotScene  *self,
            GwPlotMarker  marker,
            int           category,
            double        scale)
{
  guint c = category < 0 || category >= GW_N_CATEGORIES ? GW_N_CATEGORIES : (guint) category;
  double r = self->theme.marker_radius;
  int size = ((int) ceil ((r * 1.5 + 2.0) * scale)) * 2 + 1;

  if (self->sprite_scale != scale)
    {
      clear_sprites (self);
      self->sprite_scale = scale;
    }

  if (self->sprites[marker][c] == NULL)
    {
      Sprite *sprite = g_new0 (Sprite, 1);
      cairo_t *cr;
      const guchar *data;
      int stride;

      sprite->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
      sprite->size = size;
      cr = cairo_create (sprite->surface);
      cairo_scale (cr, scale, scale);
      marker_path (cr, marker, size / 2.0 / scale, size / 2.0 / scale, r);
      paint_marker_path (self, cr, marker, gw_plot_theme_get_category_color (&self->theme, category));
      cairo_destroy (cr);
      cairo_surface_flush (sprite->surface);

      data = cairo_image_surface_get_data (sprite->surface);
      stride = cairo_image_surface_get_stride (sprite->surface);
      sprite->x0 = g_new (int, size);
      sprite->x1 = g_new (int, size);
      sprite->y0 = size;
      sprite->y1 = 0;
      for (int y = 0; y < size; y++)
        {
          const guint32 *row = (const guint32 *) (gconstpointer) (data + y * stride);

          sprite->x0[y] = size;
          sprite->x1[y] = 0;
          for (int x = 0; x < size; x++)
            if (row[x] != 0)
              {
                sprite->x0[y] = MIN (sprite->x0[y], x);
                sprite->x1[y] = x + 1;
              }
          if (sprite->x1[y] > 0)
            {
              sprite->y0 = MIN (sprite->y0, y);
              sprite->y1 = y + 1;
            }
        }
      self->sprites[marker][c] = sprite;
    }

  return self->sprites[marker][c];
}

/* Composites @sprite centred on device pixel (@cx, @cy), clipped to the
 * device rectangle [@clip_x0, @clip_x1) × [@clip_y0, @clip_y1).  Both
 * surfaces hold premultiplied ARGB32, so OVER is one multiply-add per
 * channel. */
static void
blit_sprite (guchar       *dst,
             int           dst_stride,
             const Sprite *sprite,
             int           cx,
             int           cy,
             int           clip_x0,
             int           clip_y0,
             int           clip_x1,
             int           clip_y1)
{
  const guchar *src = cairo_image_surface_get_data (sprite->surface);
  int src_stride = cairo_image_surface_get_stride (sprite->surface);
  int size = sprite->size;
  int x0 = cx - size / 2;
  int y0 = cy - size / 2;
  int sy0 = MAX (sprite->y0, clip_y0 - y0);
  int sy1 = MIN (sprite->y1, clip_y1 - y0);

  for (int sy = sy0; sy < sy1; sy++)
    {
      const guint32 *s = (const guint32 *) (gconstpointer) (src + sy * src_stride);
      guint32 *d = (guint32 *) (gpointer) (dst + (y0 + sy) * dst_stride) + x0;
      int sx0 = MAX (sprite->x0[sy], clip_x0 - x0);
      int sx1 = MIN (sprite->x1[sy], clip_x1 - x0);

      /* Branch-free so the compiler can vectorise it. */
      for (int sx = sx0; sx < sx1; sx++)
        {
          guint32 sp = s[sx];
          guint32 ia = 255 - (sp >> 24);
          guint32 dp = d[sx];
          guint32 rb = (dp & 0x00ff00ff) * ia + 0x00800080;
          guint32 ag = ((dp >> 8) & 0x00ff00ff) * ia + 0x00800080;

          rb = ((rb + ((rb >> 8) & 0x00ff00ff)) >> 8) & 0x00ff00ff;
          ag = (ag + ((ag >> 8) & 0x00ff00ff)) & 0xff00ff00;
          d[sx] = sp + rb + ag;
        }
    }
}

static gboolean
can_blit (cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_matrix_t m;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_image_surface_get_format (target) != CAIRO_FORMAT_ARGB32)
    return FALSE;
  cairo_get_matrix (cr, &m);
  /* Only a scale and a translation: markers stay upright and round. */
  return m.xy == 0.0 && m.yx == 0.0 && m.xx > 0.0 && fabs (m.xx - m.yy) < 1e-9;
}

/* Points are drawn shape by shape so that the calls that matter
 * (outliers, fragments, anchors) are never buried under valid points. */
static const GwPlotMarker draw_order[GW_N_PLOT_MARKERS] = {
  GW_PLOT_MARKER_CIRCLE,
  GW_PLOT_MARKER_RING,
  GW_PLOT_MARKER_SQUARE,
  GW_PLOT_MARKER_TRIANGLE,
  GW_PLOT_MARKER_CROSS,
  GW_PLOT_MARKER_DIAMOND,
};

typedef struct
{
  guint  row;
  guint8 marker;
  double y;
} StampKey;

static int
compare_stamp (gconstpointer a,
               gconstpointer b)
{
  const StampKey *ka = a;
  const StampKey *kb = b;

  if (ka->marker != kb->marker)
    return ka->marker < kb->marker ? -1 : 1;
  if (ka->y != kb->y)
    return ka->y > kb->y ? -1 : 1;
  return ka->row < kb->row ? -1 : (ka->row > kb->row);
}

static void
ensure_stamp_order (GwPlotScene *self)
{
  guint n = gw_plot_data_get_n_points (self->data);
  const GwPlotPoint *points = gw_plot_data_get_points (self->data);
  g_autofree StampKey *keys = NULL;
  guint8 rank[GW_N_PLOT_MARKERS];
  guint k = 0;

  if (self->stamp_order != NULL && self->stamp_kind == self->kind)
    return;

  for (guint i = 0; i < GW_N_PLOT_MARKERS; i++)
    rank[draw_order[i]] = i;

  keys = g_new (StampKey, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      double x, y;

      /* Order every drawable row, hidden or not: visibility changes
       * must not need a new sort. */
      if (!point_raw_coords (self->kind, &points[i], &x, &y))
        continue;
      keys[k].row = i;
      keys[k].marker = rank[gw_plot_marker_for_point (&points[i])];
      keys[k].y = y;
      k++;
    }
  qsort (keys, k, sizeof (StampKey), compare_stamp);

  g_free (self->stamp_order);
  self->stamp_order = g_new (guint, MAX (k, 1));
  for (guint i = 0; i < k; i++)
    self->stamp_order[i] = keys[i].row;
  self->n_stamp = k;
  self->stamp_kind = self->kind;
}

static void
draw_points_fast (GwPlotScene *self,
                  cairo_t     *cr)
{
  cairo_surface_t *target = cairo_get_target (cr);
  const GwPlotPoint *points = gw_plot_data_get_points (self->data);
  const GwPlotTransform *t = &self->transform;
  double dsx, dsy, ox, oy, scale;
  cairo_matrix_t m;
  guchar *data;
  int stride, w, h;
  int clip_x0, clip_y0, clip_x1, clip_y1;

  ensure_stamp_order (self);

  cairo_surface_flush (target);
  cairo_surface_get_device_scale (target, &dsx, &dsy);
  cairo_surface_get_device_offset (target, &ox, &oy);
  cairo_get_matrix (cr, &m);
  scale = m.xx * dsx;

  data = cairo_image_surface_get_data (target);
  stride = cairo_image_surface_get_stride (target);
  w = cairo_image_surface_get_width (target);
  h = cairo_image_surface_get_height (target);

  clip_x0 = MAX (0, (int) floor ((m.xx * t->left + m.x0) * dsx + ox));
  clip_y0 = MAX (0, (int) floor ((m.yy * t->top + m.y0) * dsy + oy));
  clip_x1 = MIN (w, (int) ceil ((m.xx * t->right + m.x0) * dsx + ox));
  clip_y1 = MIN (h, (int) ceil ((m.yy * t->bottom + m.y0) * dsy + oy));

  for (guint k = 0; k < self->n_stamp; k++)
      {
        guint i = self->stamp_order[k];
        const Sprite *sprite;
        int cx, cy;

        if (isnan (self->px[i]))
          continue;
        sprite = get_sprite (self, gw_plot_marker_for_point (&points[i]), points[i].category, scale);
        cx = (int) floor ((m.xx * self->px[i] + m.x0) * dsx + ox);
        cy = (int) floor ((m.yy * self->py[i] + m.y0) * dsy + oy);
        blit_sprite (data, stride, sprite, cx, cy, clip_x0, clip_y0, clip_x1, clip_y1);
      }

  cairo_surface_mark_dirty (target);
}

static void
draw_points_vector (GwPlotScene *self,
                    cairo_t     *cr)
{
  guint n = gw_plot_data_get_n_points (self->data);
  const GwPlotPoint *points = gw_plot_data_get_points (self->data);
  double r = self->theme.marker_radius;

  /* One path per (shape, category): far fewer fills than points. */
  for (guint k = 0; k < GW_N_PLOT_MARKERS; k++)
    for (int c = -1; c < GW_N_CATEGORIES; c++)
      {
        gboolean any = FALSE;

        cairo_new_path (cr);
        for (guint i = 0; i < n; i++)
          {
            if (isnan (self->px[i]) || points[i].category != c ||
                gw_plot_marker_for_point (&points[i]) != draw_order[k])
              continue;
            marker_path (cr, draw_order[k], self->px[i], self->py[i], r);
            any = TRUE;
          }
        if (any)
          paint_marker_path (self, cr, draw_order[k], gw_plot_theme_get_category_color (&self->theme, c));
        cairo_new_path (cr);
      }
}

/* An anchor that is not valid keeps its status marker; a diamond outline
 * around it says it was meant to be a trusted standard. */
static void
draw_anchor_outlines (GwPlotScene *self,
                      cairo_t     *cr)
{
  guint n = gw_plot_data_get_n_points (self->data);
  const GwPlotPoint *points = gw_plot_data_get_points (self->data);
  double r = self->theme.marker_radius;

  for (guint i = 0; i < n; i++)
    {
      if (isnan (self->px[i]) || !points[i].anchor || points[i].status == GW_STATUS_VALID)
        continue;
      marker_path (cr, GW_PLOT_MARKER_DIAMOND, self->px[i], self->py[i], r * 1.6);
      set_color (cr, gw_plot_theme_get_category_color (&self->theme, points[i].category), 1.0);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
    }
}

void
gw_plot_scene_draw_highlight (GwPlotScene       *self,
                              cairo_t           *cr,
                              guint              row,
                              const GwPlotColor *ring)
{
  const GwPlotPoint *p;
  GwPlotMarker marker;
  double x, y, r;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  if (!self->layout_valid || !gw_plot_scene_get_point_position (self, row, &x, &y))
    return;

  p = gw_plot_data_get_point (self->data, row);
  marker = gw_plot_marker_for_point (p);
  r = self->theme.marker_radius;

  cairo_save (cr);
  marker_path (cr, marker, x, y, r * 1.35);
  paint_marker_path (self, cr, marker, gw_plot_theme_get_category_color (&self->theme, p->category));
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, r * 2.4, 0, 2 * G_PI);
  set_color (cr, ring, 1.0);
  cairo_set_line_width (cr, 2.0);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* ------------------------------------------------------------------ */
/* Drawing */

/* A group's vertices in pixels, merged per pixel of Log P: a line
 * through thousands of rows then costs what its width in pixels costs,
 * and looks the same. */
static guint
decimate_line (GwPlotScene      *self,
               const GwPlotGroup *group,
               double           *xs,
               double           *mid,
               double           *lo,
               double           *hi)
{
  const GwPlotTransform *t = &self->transform;
  guint n = 0;
  double bin = NAN;
  guint count = 0;

  for (guint v = 0; v < group->n_vertices; v++)
    {
      const GwPlotLineVertex *vx = &group->vertices[v];
      double x = gw_plot_transform_x (t, vx->logp);
      double b = floor (x);

      if (count > 0 && b == bin)
        {
          count++;
          xs[n - 1] += (x - xs[n - 1]) / count;
          mid[n - 1] += (gw_plot_transform_y (t, vx->predicted) - mid[n - 1]) / count;
          lo[n - 1] += (gw_plot_transform_y (t, vx->low) - lo[n - 1]) / count;
          hi[n - 1] += (gw_plot_transform_y (t, vx->high) - hi[n - 1]) / count;
          continue;
        }
      bin = b;
      count = 1;
      xs[n] = x;
      mid[n] = gw_plot_transform_y (t, vx->predicted);
      lo[n] = gw_plot_transform_y (t, vx->low);
      hi[n] = gw_plot_transform_y (t, vx->high);
      n++;
    }
  return n;
}

static void
draw_bands_and_lines (GwPlotScene *self,
                      cairo_t     *cr)
{
  guint max_vertices = 0;
  g_autofree double *buf = NULL;
  double *xs, *mid, *lo, *hi;

  for (guint g = 0; g < self->n_groups; g++)
    max_vertices = MAX (max_vertices, gw_plot_data_get_group (self->data, g)->n_vertices);
  if (max_vertices < 2)
    return;
  buf = g_new (double, 4 * (gsize) max_vertices);
  xs = buf;
  mid = xs + max_vertices;
  lo = mid + max_vertices;
  hi = lo + max_vertices;

  /* All bands first, then all lines, so no band veils another line. */
  for (int pass = 0; pass < 2; pass++)
    for (guint g = 0; g < self->n_groups; g++)
      {
        const GwPlotGroup *group = gw_plot_data_get_group (self->data, g);
        const GwPlotColor *color = gw_plot_theme_get_category_color (&self->theme, group->category);
        guint n;

        if (!self->group_visible[g] || group->n_vertices < 2)
          continue;
        n = decimate_line (self, group, xs, mid, lo, hi);
        if (n < 2)
          continue;

        cairo_new_path (cr);
        if (pass == 0)
          {
            for (guint v = 0; v < n; v++)
              cairo_line_to (cr, xs[v], hi[v]);
            for (guint v = n; v > 0; v--)
              cairo_line_to (cr, xs[v - 1], lo[v - 1]);
            cairo_close_path (cr);
            set_color (cr, color, self->theme.band_opacity);
            cairo_fill (cr);
          }
        else
          {
            for (guint v = 0; v < n; v++)
              cairo_line_to (cr, xs[v], mid[v]);
            cairo_set_line_width (cr, self->theme.line_width);
            cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
            set_color (cr, color, 1.0);
            cairo_stroke (cr);
          }
      }
}

static void
draw_reference_lines (GwPlotScene *self,
                      cairo_t     *cr)
{
  const GwPlotTransform *t = &self->transform;
  static const double dash[] = { 5.0, 3.5 };

  cairo_save (cr);
  set_color (cr, &self->theme.reference, 0.9);
  cairo_set_line_width (cr, 1.0);

  if (self->kind == GW_PLOT_KIND_RESIDUALS)
    {
      double threshold = gw_plot_data_get_threshold (self->data);

      cairo_move_to (cr, t->left, gw_plot_transform_y (t, 0.0));
      cairo_line_to (cr, t->right, gw_plot_transform_y (t, 0.0));
      cairo_stroke (cr);
      if (isfinite (threshold))
        {
          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
          cairo_set_line_width (cr, 1.2);
          for (int sign = -1; sign <= 1; sign += 2)
            {
              double y = gw_plot_transform_y (t, sign * threshold);

              cairo_move_to (cr, t->left, y);
              cairo_line_to (cr, t->right, y);
            }
          cairo_stroke (cr);
        }
    }
  else if (self->kind == GW_PLOT_KIND_ACTUAL_PREDICTED)
    {
      double lo = MAX (t->x0, t->y0), hi = MIN (t->x1, t->y1);

      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_line_width (cr, 1.2);
      if (lo < hi)
        {
          cairo_move_to (cr, gw_plot_transform_x (t, lo), gw_plot_transform_y (t, lo));
          cairo_line_to (cr, gw_plot_transform_x (t, hi), gw_plot_transform_y (t, hi));
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

static void
draw_bars (GwPlotScene *self,
           cairo_t     *cr)
{
  for (guint i = 0; i < self->segments->len; i++)
    {
      const BarSegment *seg = &g_array_index (self->segments, BarSegment, i);

      cairo_rectangle (cr, seg->x, seg->y, seg->width, seg->height);
      set_color (cr, &self->theme.statuses[seg->status], 1.0);
      cairo_fill_preserve (cr);
      if (self->theme.background.alpha > 0)
        set_color (cr, &self->theme.background, 1.0);
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
    }

  /* Totals above the bars. */
  for (guint b = 0; b < self->n_bars; b++)
    {
      g_autofree char *text = g_strdup_printf ("%u", bar_total (self, b));
      double x = gw_plot_transform_x (&self->transform, b);
      double y = gw_plot_transform_y (&self->transform, bar_total (self, b));

      if (y - 2.0 > self->transform.top)
        draw_text (self, cr, text, self->theme.font_size, FALSE, x, y - 2.0, 0.5, 1.0, 0,
                   &self->theme.foreground, PANGO_ALIGN_CENTER);
    }
}

static void
draw_axes (GwPlotScene *self,
           cairo_t     *cr)
{
  const GwPlotTransform *t = &self->transform;
  double left = t->left, right = t->right, top = t->top, bottom = t->bottom;

  /* Grid. */
  cairo_save (cr);
  set_color (cr, &self->theme.grid, 1.0);
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < self->yticks->len; i++)
    {
      double y = round (gw_plot_transform_y (t, g_array_index (self->yticks, double, i))) + 0.5;

      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
    }
  if (self->kind != GW_PLOT_KIND_COUNTS)
    for (guint i = 0; i < self->xticks->len; i++)
      {
        double x = round (gw_plot_transform_x (t, g_array_index (self->xticks, double, i))) + 0.5;

        cairo_move_to (cr, x, top);
        cairo_line_to (cr, x, bottom);
      }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_frame_and_labels (GwPlotScene *self,
                       cairo_t     *cr)
{
  const GwPlotTransform *t = &self->transform;
  double left = t->left, right = t->right, top = t->top, bottom = t->bottom;

  cairo_save (cr);
  set_color (cr, &self->theme.foreground, 0.85);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, left, top, right - left, bottom - top);
  cairo_stroke (cr);

  set_color (cr, &self->theme.foreground, 1.0);
  for (guint i = 0; i < self->xticks->len; i++)
    {
      double v = g_array_index (self->xticks, double, i);
      double x = gw_plot_transform_x (t, v);
      g_autofree char *label = NULL;

      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x, bottom + TICK_LENGTH);
      cairo_stroke (cr);
      if (self->kind == GW_PLOT_KIND_COUNTS)
        label = bar_label (self->bar_category[i]);
      else
        label = format_tick (v, self->xstep);
      draw_text (self, cr, label, self->theme.font_size, FALSE, x,
                 bottom + TICK_LENGTH + TICK_GAP, 0.5, 0.0, 0,
                 &self->theme.foreground, PANGO_ALIGN_CENTER);
    }
  for (guint i = 0; i < self->yticks->len; i++)
    {
      double v = g_array_index (self->yticks, double, i);
      double y = gw_plot_transform_y (t, v);
      g_autofree char *label = format_tick (v, self->ystep);

      cairo_move_to (cr, left, y);
      cairo_line_to (cr, left - TICK_LENGTH, y);
      cairo_stroke (cr);
      draw_text (self, cr, label, self->theme.font_size, FALSE,
                 left - TICK_LENGTH - TICK_GAP, y, 1.0, 0.5, 0,
                 &self->theme.foreground, PANGO_ALIGN_RIGHT);
    }
  cairo_restore (cr);

  /* Axis titles. */
  draw_text (self, cr, x_label (self), self->theme.label_size, FALSE,
             (left + right) / 2.0, self->height - PAD, 0.5, 1.0, 0,
             &self->theme.foreground, PANGO_ALIGN_CENTER);
  draw_text (self, cr, y_label (self), self->theme.label_size, FALSE,
             PAD, (top + bottom) / 2.0, 0.5, 0.0, -G_PI / 2.0,
             &self->theme.foreground, PANGO_ALIGN_CENTER);
}

static void
draw_title (GwPlotScene *self,
            cairo_t     *cr)
{
  const char *title = effective_title (self);
  double cx = (self->transform.left + self->transform.right) / 2.0;

  if (title[0] == '\0')
    return;
  draw_text (self, cr, title, self->theme.title_size, TRUE, cx, PAD, 0.5, 0.0, 0,
             &self->theme.foreground, PANGO_ALIGN_CENTER);
  if (self->title == NULL)
    draw_text (self, cr, gw_plot_data_get_description (self->data), self->theme.font_size, FALSE,
               cx, PAD + self->title_height, 0.5, 0.0, 0,
               &self->theme.foreground, PANGO_ALIGN_CENTER);
}

static void
draw_legend (GwPlotScene *self,
             cairo_t     *cr)
{
  double r = self->theme.marker_radius;

  if (self->legend->len == 0)
    return;

  /* A faint frame groups the entries without competing with the data. */
  cairo_save (cr);
  cairo_rectangle (cr, self->legend_x + 0.5, self->legend_y + 0.5,
                   self->legend_width - 1, self->legend_height - 1);
  set_color (cr, &self->theme.grid, 2.0);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
  cairo_restore (cr);

  for (guint i = 0; i < self->legend->len; i++)
    {
      const GwPlotLegendEntry *e = &g_array_index (self->legend, GwPlotLegendEntry, i);
      const GwPlotColor *fg = e->active ? &self->theme.foreground : &self->theme.disabled;
      double sx = e->x + LEGEND_PAD + LEGEND_SWATCH / 2.0;
      double sy = e->y + e->height / 2.0;
      double tx = e->x + LEGEND_PAD + LEGEND_SWATCH + 6.0;

      cairo_save (cr);
      switch (e->kind)
        {
        case GW_PLOT_LEGEND_HEADER:
          tx = e->x + LEGEND_PAD;
          break;
        case GW_PLOT_LEGEND_CATEGORY:
        case GW_PLOT_LEGEND_GROUP:
          marker_path (cr, GW_PLOT_MARKER_CIRCLE, sx, sy, r * 1.1);
          paint_marker_path (self, cr, GW_PLOT_MARKER_CIRCLE,
                             e->active ? gw_plot_theme_get_category_color (&self->theme, e->value)
                                       : &self->theme.disabled);
          break;
        case GW_PLOT_LEGEND_STATUS:
          if (self->kind == GW_PLOT_KIND_COUNTS)
            {
              cairo_rectangle (cr, sx - 6, sy - 5, 12, 10);
              set_color (cr, e->active ? &self->theme.statuses[e->value] : &self->theme.disabled, 1.0);
              cairo_fill (cr);
            }
          else
            {
              GwPlotPoint p = { 0 };
              GwPlotMarker m;

              p.status = e->value;
              m = gw_plot_marker_for_point (&p);
              marker_path (cr, m, sx, sy, r * 1.1);
              paint_marker_path (self, cr, m, fg);
            }
          break;
        case GW_PLOT_LEGEND_ANCHOR:
          marker_path (cr, GW_PLOT_MARKER_DIAMOND, sx, sy, r * 1.1);
          paint_marker_path (self, cr, GW_PLOT_MARKER_DIAMOND, fg);
          break;
        case GW_PLOT_LEGEND_BAND:
          cairo_rectangle (cr, sx - LEGEND_SWATCH / 2.0, sy - 5, LEGEND_SWATCH, 10);
          set_color (cr, fg, self->theme.band_opacity * 1.5);
          cairo_fill (cr);
          cairo_move_to (cr, sx - LEGEND_SWATCH / 2.0, sy);
          cairo_line_to (cr, sx + LEGEND_SWATCH / 2.0, sy);
          set_color (cr, fg, 1.0);
          cairo_set_line_width (cr, self->theme.line_width);
          cairo_stroke (cr);
          break;
        case GW_PLOT_LEGEND_REFERENCE:
          {
            static const double dash[] = { 5.0, 3.5 };

            cairo_move_to (cr, sx - LEGEND_SWATCH / 2.0, sy);
            cairo_line_to (cr, sx + LEGEND_SWATCH / 2.0, sy);
            cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
            set_color (cr, &self->theme.reference, 1.0);
            cairo_set_line_width (cr, 1.2);
            cairo_stroke (cr);
          }
          break;
        default:
          break;
        }
      cairo_restore (cr);

      draw_text (self, cr, e->label, self->theme.font_size, e->kind == GW_PLOT_LEGEND_HEADER,
                 tx, sy, 0.0, 0.5, 0, fg, PANGO_ALIGN_LEFT);
    }
}

static void
draw_line_labels (GwPlotScene *self,
                  cairo_t     *cr)
{
  for (guint i = 0; i < self->line_labels->len; i++)
    {
      const LineLabel *label = &g_array_index (self->line_labels, LineLabel, i);
      const GwPlotGroup *group = gw_plot_data_get_group (self->data, label->group);

      g_autoptr(PangoLayout) layout = create_layout (self, cr, group->name,
                                                     self->theme.font_size * 0.9, FALSE);
      PangoRectangle logical;

      /* A halo in the background colour keeps the name readable over
       * points, lines and bands. */
      pango_layout_get_extents (layout, NULL, &logical);
      cairo_save (cr);
      cairo_move_to (cr, label->x - logical.x / (double) PANGO_SCALE, label->y);
      pango_cairo_layout_path (cr, layout);
      if (self->theme.background.alpha > 0)
        set_color (cr, &self->theme.background, 0.85);
      else
        cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
      cairo_set_line_width (cr, 3.0);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
      cairo_move_to (cr, label->x - logical.x / (double) PANGO_SCALE, label->y);
      set_color (cr, gw_plot_theme_get_category_color (&self->theme, group->category), 1.0);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
    }
}

void
gw_plot_scene_draw (GwPlotScene     *self,
                    cairo_t         *cr,
                    double           width,
                    double           height,
                    GwPlotDrawFlags  flags)
{
  const GwPlotTransform *t;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  gw_plot_scene_layout (self, width, height);
  t = &self->transform;

  cairo_save (cr);

  if (self->theme.background.alpha > 0)
    {
      set_color (cr, &self->theme.background, 1.0);
      cairo_paint (cr);
    }

  draw_title (self, cr);
  draw_axes (self, cr);

  cairo_save (cr);
  cairo_rectangle (cr, t->left, t->top, t->right - t->left, t->bottom - t->top);
  cairo_clip (cr);

  switch (self->kind)
    {
    case GW_PLOT_KIND_RT_LOGP:
      draw_bands_and_lines (self, cr);
      break;
    case GW_PLOT_KIND_RESIDUALS:
    case GW_PLOT_KIND_ACTUAL_PREDICTED:
      draw_reference_lines (self, cr);
      break;
    case GW_PLOT_KIND_COUNTS:
      draw_bars (self, cr);
      break;
    case GW_N_PLOT_KINDS:
    default:
      break;
    }

  if (self->kind != GW_PLOT_KIND_COUNTS)
    {
      if ((flags & GW_PLOT_DRAW_FAST_POINTS) != 0 && can_blit (cr))
        draw_points_fast (self, cr);
      else
        draw_points_vector (self, cr);
      draw_anchor_outlines (self, cr);
    }
  draw_line_labels (self, cr);
  cairo_restore (cr);

  draw_frame_and_labels (self, cr);
  draw_legend (self, cr);

  cairo_restore (cr);
}
