/* gw-plot-view.c: the interactive plot widget
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Follows Sysprof's chart: the static content (axes, bands, lines, every
 * point) is drawn once into a texture and kept as a render node; it is
 * rebuilt only when the data, the range, the size or the theme change.
 * Hover, selection and the rubber band are small nodes on top.  Picking
 * uses the scene's grid index, so only points near the pointer are
 * looked at.
 */

#define G_LOG_DOMAIN "gw-plot-view"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-plot-export.h"
#include "gw-plot-view.h"

#define PICK_DISTANCE 8.0
#define ZOOM_STEP     1.25
/* A static layer slower than this is not rebuilt on every pan step: the
 * old one is shifted and scaled until the pointer rests. */
#define SLOW_BUILD_US 12000
#define REBUILD_DELAY 80

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_ZOOM,
} DragMode;

struct _GwPlotView
{
  GtkWidget       parent_instance;

  GwPlotData     *data;
  GwPlotScene    *scene;
  GwPlotKind      kind;
  GtkBitset      *selection;
  int             hover_row;

  /* The cached static layer, and the range and size it was built for. */
  GskRenderNode  *static_node;
  GwPlotRange     node_range;
  GwPlotTransform node_transform;
  int             node_width;
  int             node_height;
  int             node_scale;
  gboolean        dirty;
  guint           rebuild_source;
  gint64          last_build_us;
  guint           n_builds;

  gboolean        force_build;
  gint64          scroll_time;
  double          pointer_x;
  double          pointer_y;

  DragMode        drag_mode;
  gboolean        drag_started;
  double          drag_x;
  double          drag_y;
  double          drag_dx;
  double          drag_dy;
  GwPlotRange     drag_range;

  GtkGesture     *drag;
};

enum {
  PROP_0,
  PROP_DATA,
  PROP_KIND,
  PROP_HOVER_ROW,
  N_PROPS
};

enum {
  ROW_ACTIVATED,
  SELECTION_CHANGED,
  GROUPS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GwPlotView, gw_plot_view, GTK_TYPE_WIDGET)

static void
invalidate_static (GwPlotView *self)
{
  self->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_hover_row (GwPlotView *self,
               int         row)
{
  if (self->hover_row == row)
    return;
  self->hover_row = row;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVER_ROW]);
}

/* ------------------------------------------------------------------ */
/* Theme */

static void
update_theme (GwPlotView *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (manager);
  gboolean hc = adw_style_manager_get_high_contrast (manager);
  GwPlotTheme theme;

  if (self->scene == NULL)
    return;

  gw_plot_theme_init (&theme, dark ? (hc ? GW_PLOT_THEME_HIGH_CONTRAST_DARK : GW_PLOT_THEME_DARK)
                                   : (hc ? GW_PLOT_THEME_HIGH_CONTRAST : GW_PLOT_THEME_LIGHT));
  /* The view background of libadwaita, so the plot sits in the page. */
  if (!hc)
    {
      theme.background.red = theme.background.green = theme.background.blue = dark ? 0x1e / 255.0 : 1.0;
    }
  gw_plot_scene_set_theme (self->scene, &theme);
  invalidate_static (self);
}

static void
style_changed_cb (GwPlotView *self)
{
  update_theme (self);
}

/* ------------------------------------------------------------------ */
/* Static layer */

static void
layout_scene (GwPlotView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->scene != NULL && width > 0 && height > 0)
    gw_plot_scene_layout (self->scene, width, height);
}

static void
build_static_node (GwPlotView *self,
                   int         width,
                   int         height,
                   int         scale)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GtkSnapshot *snapshot;
  cairo_surface_t *surface;
  cairo_t *cr;
  gint64 start = g_get_monotonic_time ();

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  gw_plot_scene_draw (self->scene, cr, width, height, GW_PLOT_DRAW_FAST_POINTS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* Cairo's ARGB32 is premultiplied native-endian BGRA on little-endian
   * machines, which is GDK's default memory format. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      cairo_image_surface_get_stride (surface) * height * scale,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      surface);
  texture = gdk_memory_texture_new (width * scale, height * scale,
                                    GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));

  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_texture (snapshot, texture, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  self->static_node = gtk_snapshot_free_to_node (snapshot);

  gw_plot_scene_get_range (self->scene, &self->node_range);
  self->node_transform = *gw_plot_scene_get_transform (self->scene);
  self->node_width = width;
  self->node_height = height;
  self->node_scale = scale;
  self->dirty = FALSE;
  self->last_build_us = g_get_monotonic_time () - start;
  self->n_builds++;
}

static gboolean
rebuild_cb (gpointer user_data)
{
  GwPlotView *self = user_data;

  self->rebuild_source = 0;
  self->force_build = TRUE;
  invalidate_static (self);
  return G_SOURCE_REMOVE;
}

/* Panning, or scrolling within the last moments. */
static gboolean
is_interacting (GwPlotView *self)
{
  return (self->drag_mode == DRAG_PAN && self->drag_started) ||
         g_get_monotonic_time () - self->scroll_time < 250000;
}

/* Draws the old layer where its data now lands: a pan shifts it, a zoom
 * scales it.  Only the plot area is redrawn this way. */
static void
snapshot_stale_layer (GwPlotView  *self,
                      GtkSnapshot *snapshot)
{
  const GwPlotTransform *t = &self->node_transform;
  GwPlotRange now;
  double w = t->right - t->left, h = t->bottom - t->top;
  double sx, sy, ox, oy;

  gw_plot_scene_get_range (self->scene, &now);
  sx = (self->node_range.x1 - self->node_range.x0) / (now.x1 - now.x0);
  sy = (self->node_range.y1 - self->node_range.y0) / (now.y1 - now.y0);
  ox = (self->node_range.x0 - now.x0) / (now.x1 - now.x0) * w;
  oy = (now.y1 - self->node_range.y1) / (now.y1 - now.y0) * h;

  gtk_snapshot_append_node (snapshot, self->static_node);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (t->left, t->top, w, h));
  {
    const GwPlotColor *bg = &gw_plot_scene_get_theme (self->scene)->background;
    GdkRGBA rgba = { bg->red, bg->green, bg->blue, 1.0 };

    gtk_snapshot_append_color (snapshot, &rgba, &GRAPHENE_RECT_INIT (t->left, t->top, w, h));
  }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (t->left + ox, t->top + oy));
  gtk_snapshot_scale (snapshot, sx, sy);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-t->left, -t->top));
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (t->left, t->top, w, h));
  gtk_snapshot_append_node (snapshot, self->static_node);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
gw_plot_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  GwPlotView *self = GW_PLOT_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  gboolean size_changed;
  gboolean stale = FALSE;
  cairo_t *cr;

  if (self->scene == NULL || width <= 0 || height <= 0)
    return;

  size_changed = self->node_width != width || self->node_height != height || self->node_scale != scale;
  if (self->static_node == NULL || self->dirty || size_changed)
    {
      /* While the user pans or zooms a big data set, a slow rebuild per
       * step would stutter: show the old layer moved into place and
       * rebuild a few times a second, and once more when the pointer
       * rests. */
      if (self->static_node != NULL && !size_changed && !self->force_build &&
          self->last_build_us > SLOW_BUILD_US && is_interacting (self))
        stale = TRUE;
      else
        {
          self->force_build = FALSE;
          build_static_node (self, width, height, scale);
        }
    }

  layout_scene (self);

  if (stale)
    {
      snapshot_stale_layer (self, snapshot);
      if (self->rebuild_source == 0)
        self->rebuild_source = g_timeout_add (REBUILD_DELAY, rebuild_cb, self);
    }
  else
    gtk_snapshot_append_node (snapshot, self->static_node);

  /* Hover and selection on top of the cached layer. */
  if (!stale && (self->hover_row >= 0 || !gtk_bitset_is_empty (self->selection)))
    {
      const GwPlotTheme *theme = gw_plot_scene_get_theme (self->scene);
      const GwPlotTransform *t = gw_plot_scene_get_transform (self->scene);
      GtkBitsetIter iter;
      guint row;

      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (t->left, t->top,
                                                                     t->right - t->left,
                                                                     t->bottom - t->top));
      cairo_rectangle (cr, t->left, t->top, t->right - t->left, t->bottom - t->top);
      cairo_clip (cr);
      for (gboolean ok = gtk_bitset_iter_init_first (&iter, self->selection, &row);
           ok; ok = gtk_bitset_iter_next (&iter, &row))
        gw_plot_scene_draw_highlight (self->scene, cr, row, &theme->selection);
      if (self->hover_row >= 0)
        gw_plot_scene_draw_highlight (self->scene, cr, self->hover_row, &theme->hover);
      cairo_destroy (cr);
    }

  if (self->drag_mode == DRAG_ZOOM && self->drag_started)
    {
      const GwPlotTheme *theme = gw_plot_scene_get_theme (self->scene);
      GdkRGBA fill = { theme->selection.red, theme->selection.green, theme->selection.blue, 0.15 };
      GdkRGBA edge = { theme->selection.red, theme->selection.green, theme->selection.blue, 0.9 };
      graphene_rect_t r = GRAPHENE_RECT_INIT (MIN (self->drag_x, self->drag_x + self->drag_dx),
                                              MIN (self->drag_y, self->drag_y + self->drag_dy),
                                              fabs (self->drag_dx), fabs (self->drag_dy));
      GskRoundedRect rr;
      float widths[4] = { 1, 1, 1, 1 };
      GdkRGBA colors[4] = { edge, edge, edge, edge };

      gtk_snapshot_append_color (snapshot, &fill, &r);
      gsk_rounded_rect_init_from_rect (&rr, &r, 0);
      gtk_snapshot_append_border (snapshot, &rr, widths, colors);
    }
}

static void
gw_plot_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  GwPlotView *self = GW_PLOT_VIEW (widget);

  set_hover_row (self, -1);
  gtk_widget_queue_draw (widget);
}

static void
gw_plot_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 150;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 560;
}

/* ------------------------------------------------------------------ */
/* Range changes */

static void
set_range (GwPlotView        *self,
           const GwPlotRange *range)
{
  gw_plot_scene_set_range (self->scene, range);
  set_hover_row (self, -1);
  invalidate_static (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.reset-zoom",
                                 gw_plot_scene_has_custom_range (self->scene));
}

static void
zoom_around (GwPlotView *self,
             double      px,
             double      py,
             double      factor)
{
  const GwPlotTransform *t;
  GwPlotRange range;
  double x, y;

  if (self->scene == NULL || gw_plot_scene_get_kind (self->scene) == GW_PLOT_KIND_COUNTS)
    return;
  layout_scene (self);
  t = gw_plot_scene_get_transform (self->scene);
  gw_plot_scene_get_range (self->scene, &range);
  px = CLAMP (px, t->left, t->right);
  py = CLAMP (py, t->top, t->bottom);
  gw_plot_transform_to_data (t, px, py, &x, &y);

  /* The data under the pointer stays under the pointer. */
  range.x0 = x - (x - range.x0) / factor;
  range.x1 = x + (range.x1 - x) / factor;
  range.y0 = y - (y - range.y0) / factor;
  range.y1 = y + (range.y1 - y) / factor;
  if (range.x1 - range.x0 < 1e-6 || range.y1 - range.y0 < 1e-6)
    return;
  set_range (self, &range);
}

void
gw_plot_view_reset_zoom (GwPlotView *self)
{
  g_return_if_fail (GW_IS_PLOT_VIEW (self));

  if (self->scene == NULL || !gw_plot_scene_has_custom_range (self->scene))
    return;
  set_range (self, NULL);
}

gboolean
gw_plot_view_is_zoomed (GwPlotView *self)
{
  g_return_val_if_fail (GW_IS_PLOT_VIEW (self), FALSE);
  return self->scene != NULL && gw_plot_scene_has_custom_range (self->scene);
}

/* ------------------------------------------------------------------ */
/* Input */

static int
pick (GwPlotView *self,
      double      x,
      double      y)
{
  if (self->scene == NULL)
    return -1;
  layout_scene (self);
  return gw_plot_scene_pick (self->scene, x, y, PICK_DISTANCE);
}

static void
motion_cb (GwPlotView               *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  self->pointer_x = x;
  self->pointer_y = y;
  if (self->drag_mode != DRAG_NONE)
    return;
  set_hover_row (self, pick (self, x, y));
}

static void
leave_cb (GwPlotView               *self,
          GtkEventControllerMotion *motion)
{
  set_hover_row (self, -1);
}

static void
select_row (GwPlotView *self,
            guint       row,
            gboolean    toggle)
{
  if (toggle)
    {
      if (gtk_bitset_contains (self->selection, row))
        gtk_bitset_remove (self->selection, row);
      else
        gtk_bitset_add (self->selection, row);
    }
  else
    {
      gtk_bitset_remove_all (self->selection);
      gtk_bitset_add (self->selection, row);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
  g_signal_emit (self, signals[ROW_ACTIVATED], 0, row);
}

static void
click_pressed_cb (GwPlotView      *self,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkGestureClick *click)
{
  GdkModifierType state;
  int legend, row;

  if (self->scene == NULL)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (n_press == 2)
    {
      gw_plot_view_reset_zoom (self);
      return;
    }
  if (n_press != 1)
    return;

  layout_scene (self);
  legend = gw_plot_scene_pick_legend (self->scene, x, y);
  if (legend >= 0)
    {
      if (gw_plot_scene_toggle_legend_entry (self->scene, legend))
        {
          set_hover_row (self, -1);
          invalidate_static (self);
          g_signal_emit (self, signals[GROUPS_CHANGED], 0);
        }
      return;
    }

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (click));
  row = pick (self, x, y);
  if (row >= 0)
    select_row (self, row, (state & GDK_CONTROL_MASK) != 0);
}

static void
drag_begin_cb (GwPlotView     *self,
               double          x,
               double          y,
               GtkGestureDrag *drag)
{
  const GwPlotTransform *t;
  GdkModifierType state;
  guint button;

  self->drag_mode = DRAG_NONE;
  if (self->scene == NULL || gw_plot_scene_get_kind (self->scene) == GW_PLOT_KIND_COUNTS)
    return;

  layout_scene (self);
  t = gw_plot_scene_get_transform (self->scene);
  if (x < t->left || x > t->right || y < t->top || y > t->bottom)
    return;

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (drag));
  button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (drag));
  self->drag_x = x;
  self->drag_y = y;
  self->drag_dx = self->drag_dy = 0;
  self->drag_started = FALSE;
  gw_plot_scene_get_range (self->scene, &self->drag_range);
  /* Drag pans; Shift-drag or a secondary-button drag draws a zoom box. */
  self->drag_mode = (button == GDK_BUTTON_SECONDARY || (state & GDK_SHIFT_MASK) != 0) ? DRAG_ZOOM : DRAG_PAN;
}

static void
drag_update_cb (GwPlotView     *self,
                double          dx,
                double          dy,
                GtkGestureDrag *drag)
{
  const GwPlotTransform *t;
  GwPlotRange range;
  double kx, ky;

  if (self->drag_mode == DRAG_NONE)
    return;
  /* A click that wobbles is still a click. */
  if (!self->drag_started &&
      !gtk_drag_check_threshold (GTK_WIDGET (self), 0, 0, dx, dy))
    return;
  self->drag_started = TRUE;

  self->drag_dx = dx;
  self->drag_dy = dy;
  set_hover_row (self, -1);

  if (self->drag_mode == DRAG_ZOOM)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  t = gw_plot_scene_get_transform (self->scene);
  kx = (self->drag_range.x1 - self->drag_range.x0) / (t->right - t->left);
  ky = (self->drag_range.y1 - self->drag_range.y0) / (t->bottom - t->top);
  range = self->drag_range;
  range.x0 -= dx * kx;
  range.x1 -= dx * kx;
  range.y0 += dy * ky;
  range.y1 += dy * ky;
  set_range (self, &range);
}

static void
drag_end_cb (GwPlotView     *self,
             double          dx,
             double          dy,
             GtkGestureDrag *drag)
{
  DragMode mode = self->drag_mode;
  gboolean started = self->drag_started;

  self->drag_mode = DRAG_NONE;
  self->drag_started = FALSE;
  if (!started)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  if (mode == DRAG_ZOOM && fabs (dx) > 4 && fabs (dy) > 4)
    {
      const GwPlotTransform *t = gw_plot_scene_get_transform (self->scene);
      GwPlotRange range;
      double x0, y0, x1, y1;

      gw_plot_transform_to_data (t, CLAMP (MIN (self->drag_x, self->drag_x + dx), t->left, t->right),
                                 CLAMP (MAX (self->drag_y, self->drag_y + dy), t->top, t->bottom), &x0, &y0);
      gw_plot_transform_to_data (t, CLAMP (MAX (self->drag_x, self->drag_x + dx), t->left, t->right),
                                 CLAMP (MIN (self->drag_y, self->drag_y + dy), t->top, t->bottom), &x1, &y1);
      range.x0 = x0;
      range.x1 = x1;
      range.y0 = y0;
      range.y1 = y1;
      if (x1 > x0 && y1 > y0)
        set_range (self, &range);
    }

  /* The final position gets a full rebuild at once. */
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  self->force_build = TRUE;
  invalidate_static (self);
}

static gboolean
scroll_cb (GwPlotView               *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *scroll)
{
  if (self->scene == NULL || dy == 0)
    return FALSE;

  self->scroll_time = g_get_monotonic_time ();
  zoom_around (self, self->pointer_x, self->pointer_y, pow (ZOOM_STEP, -dy));
  return TRUE;
}

static void
scroll_end_cb (GwPlotView               *self,
               GtkEventControllerScroll *scroll)
{
  self->scroll_time = 0;
  if (self->rebuild_source != 0)
    {
      g_clear_handle_id (&self->rebuild_source, g_source_remove);
      self->force_build = TRUE;
      invalidate_static (self);
    }
}

static gboolean
query_tooltip_cb (GwPlotView *self,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  g_autofree char *text = NULL;

  if (keyboard)
    return FALSE;
  text = gw_plot_view_dup_tooltip_at (self, x, y);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

char *
gw_plot_view_dup_tooltip_at (GwPlotView *self,
                             double      x,
                             double      y)
{
  int row, legend, category;
  GwStatus status;
  guint count;

  g_return_val_if_fail (GW_IS_PLOT_VIEW (self), NULL);

  if (self->scene == NULL)
    return NULL;
  layout_scene (self);

  row = pick (self, x, y);
  if (row >= 0)
    return gw_plot_data_dup_tooltip (self->data, row);

  if (gw_plot_scene_pick_bar (self->scene, x, y, &category, &status, &count))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u %s row", "%s: %u %s rows", count),
                            category >= 0 ? gw_category_to_string (category) : _("no name"),
                            count, gw_status_to_string (status));

  legend = gw_plot_scene_pick_legend (self->scene, x, y);
  if (legend >= 0)
    {
      const GwPlotLegendEntry *e = gw_plot_scene_get_legend_entry (self->scene, legend);

      if (e->kind == GW_PLOT_LEGEND_CATEGORY || e->kind == GW_PLOT_LEGEND_STATUS ||
          e->kind == GW_PLOT_LEGEND_ANCHOR || e->kind == GW_PLOT_LEGEND_GROUP)
        return g_strdup (e->active ? _("Click to hide") : _("Click to show"));
    }
  return NULL;
}

static void
reset_zoom_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  gw_plot_view_reset_zoom (GW_PLOT_VIEW (widget));
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  GwPlotView *self = GW_PLOT_VIEW (widget);
  const GwPlotTransform *t;

  if (self->scene == NULL)
    return;
  layout_scene (self);
  t = gw_plot_scene_get_transform (self->scene);
  zoom_around (self, (t->left + t->right) / 2, (t->top + t->bottom) / 2,
               g_str_equal (action_name, "plot.zoom-in") ? ZOOM_STEP : 1.0 / ZOOM_STEP);
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  GwPlotView *self = GW_PLOT_VIEW (widget);

  if (gtk_bitset_is_empty (self->selection))
    return;
  gtk_bitset_remove_all (self->selection);
  gtk_widget_queue_draw (widget);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

/* ------------------------------------------------------------------ */
/* GObject */

static void
gw_plot_view_dispose (GObject *object)
{
  GwPlotView *self = GW_PLOT_VIEW (object);

  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  g_clear_pointer (&self->scene, gw_plot_scene_free);
  g_clear_pointer (&self->data, gw_plot_data_unref);

  G_OBJECT_CLASS (gw_plot_view_parent_class)->dispose (object);
}

static void
gw_plot_view_finalize (GObject *object)
{
  GwPlotView *self = GW_PLOT_VIEW (object);

  gtk_bitset_unref (self->selection);

  G_OBJECT_CLASS (gw_plot_view_parent_class)->finalize (object);
}

static void
gw_plot_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GwPlotView *self = GW_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATA:
      g_value_set_boxed (value, self->data);
      break;
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;
    case PROP_HOVER_ROW:
      g_value_set_int (value, self->hover_row);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_plot_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GwPlotView *self = GW_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATA:
      gw_plot_view_set_data (self, g_value_get_boxed (value));
      break;
    case PROP_KIND:
      gw_plot_view_set_kind (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_plot_view_class_init (GwPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_plot_view_dispose;
  object_class->finalize = gw_plot_view_finalize;
  object_class->get_property = gw_plot_view_get_property;
  object_class->set_property = gw_plot_view_set_property;

  widget_class->snapshot = gw_plot_view_snapshot;
  widget_class->size_allocate = gw_plot_view_size_allocate;
  widget_class->measure = gw_plot_view_measure;

  properties[PROP_DATA] =
    g_param_spec_boxed ("data", NULL, NULL,
                        GW_TYPE_PLOT_DATA,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL,
                       0, GW_N_PLOT_KINDS - 1, GW_PLOT_KIND_RT_LOGP,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_HOVER_ROW] =
    g_param_spec_int ("hover-row", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GwPlotView::row-activated:
   * @row: the run row of the clicked point
   *
   * The user clicked a point; the app selects its row in the table.
   */
  signals[ROW_ACTIVATED] =
    g_signal_new ("row-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * GwPlotView::selection-changed:
   *
   * The user changed the selection (a click, Ctrl-click or Escape).
   */
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * GwPlotView::groups-changed:
   *
   * A legend click showed or hid groups or statuses.
   */
  signals[GROUPS_CHANGED] =
    g_signal_new ("groups-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "plot.reset-zoom", NULL, reset_zoom_action);
  gtk_widget_class_install_action (widget_class, "plot.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "plot.zoom-out", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "plot.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "plot.reset-zoom", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Home, 0, "plot.reset-zoom", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "plot.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "plot.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "plot.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "plot.clear-selection", NULL);

  gtk_widget_class_set_css_name (widget_class, "plotview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void update_accessible (GwPlotView *self);

static void
gw_plot_view_init (GwPlotView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->selection = gtk_bitset_new_empty ();
  self->hover_row = -1;
  self->kind = GW_PLOT_KIND_RT_LOGP;
  self->dirty = TRUE;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
  self->drag = gesture;

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (scroll_cb), self);
  g_signal_connect_swapped (controller, "scroll-end", G_CALLBACK (scroll_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.reset-zoom", FALSE);
  update_accessible (self);
}

/* Accessibility ------------------------------------------------------------ */

static const char *
kind_short_title (GwPlotKind kind)
{
  switch (kind)
    {
    case GW_PLOT_KIND_RT_LOGP:
      return _("RT vs Log P");
    case GW_PLOT_KIND_RESIDUALS:
      return _("Residuals vs predicted RT");
    case GW_PLOT_KIND_COUNTS:
      return _("Calls per category");
    case GW_PLOT_KIND_ACTUAL_PREDICTED:
      return _("Observed vs predicted RT");
    case GW_N_PLOT_KINDS:
    default:
      return _("Plot");
    }
}

/* A screen reader cannot see the points, so the plot says what it shows:
 * its kind as the label, and the counts a sighted user reads off it as the
 * description ("RT vs Log P, 323 points, 6 groups, 21 outliers").  Called
 * whenever the data or the kind changes. */
static void
update_accessible (GwPlotView *self)
{
  const char *title = kind_short_title (self->kind);
  g_autofree char *description = NULL;

  if (self->data == NULL)
    description = g_strdup_printf (_("%s, no data"), title);
  else
    {
      guint n_points = gw_plot_data_get_n_points (self->data);
      guint n_groups = gw_plot_data_get_n_groups (self->data);
      const GwPlotPoint *points = gw_plot_data_get_points (self->data);
      guint n_outliers = 0;
      g_autofree char *points_text = NULL;
      g_autofree char *groups_text = NULL;
      g_autofree char *outliers_text = NULL;

      for (guint i = 0; i < n_points; i++)
        if (points[i].status == GW_STATUS_OUTLIER)
          n_outliers++;

      points_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u point", "%u points", n_points), n_points);
      groups_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u group", "%u groups", n_groups), n_groups);
      outliers_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u outlier", "%u outliers", n_outliers),
                                       n_outliers);
      /* Translators: the plot's description for screen readers, e.g.
       * "RT vs Log P, 323 points, 6 groups, 21 outliers". */
      description = g_strdup_printf (_("%s, %s, %s, %s"), title, points_text, groups_text, outliers_text);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

GtkWidget *
gw_plot_view_new (void)
{
  return g_object_new (GW_TYPE_PLOT_VIEW, NULL);
}

GwPlotData *
gw_plot_view_get_data (GwPlotView *self)
{
  g_return_val_if_fail (GW_IS_PLOT_VIEW (self), NULL);
  return self->data;
}

void
gw_plot_view_set_data (GwPlotView *self,
                       GwPlotData *data)
{
  g_return_if_fail (GW_IS_PLOT_VIEW (self));

  if (self->data == data)
    return;

  g_clear_pointer (&self->scene, gw_plot_scene_free);
  g_clear_pointer (&self->data, gw_plot_data_unref);
  g_clear_pointer (&self->static_node, gsk_render_node_unref);
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  self->hover_row = -1;

  if (data != NULL)
    {
      guint n = gw_plot_data_get_n_points (data);

      self->data = gw_plot_data_ref (data);
      self->scene = gw_plot_scene_new (data, self->kind);
      gw_plot_scene_set_interactive (self->scene, TRUE);
      /* Rows past the end of the new data cannot stay selected. */
      if (!gtk_bitset_is_empty (self->selection) && gtk_bitset_get_maximum (self->selection) >= n)
        gtk_bitset_remove_range_closed (self->selection, n, G_MAXUINT);
      update_theme (self);
    }
  else
    gtk_bitset_remove_all (self->selection);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.reset-zoom", FALSE);
  invalidate_static (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA]);
}

GwPlotKind
gw_plot_view_get_kind (GwPlotView *self)
{
  g_return_val_if_fail (GW_IS_PLOT_VIEW (self), 0);
  return self->kind;
}

void
gw_plot_view_set_kind (GwPlotView *self,
                       GwPlotKind  kind)
{
  g_return_if_fail (GW_IS_PLOT_VIEW (self));
  g_return_if_fail (kind < GW_N_PLOT_KINDS);

  if (self->kind == kind)
    return;
  self->kind = kind;
  if (self->scene != NULL)
    gw_plot_scene_set_kind (self->scene, kind);
  set_hover_row (self, -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.reset-zoom", FALSE);
  invalidate_static (self);
  update_accessible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

GwPlotScene *
gw_plot_view_get_scene (GwPlotView *self)
{
  g_return_val_if_fail (GW_IS_PLOT_VIEW (self), NULL);
  layout_scene (self);
  return self->scene;
}

GtkBitset *
gw_plot_view_get_selection (GwPlotView *self)
{
  g_return_val_if_fail (GW_IS_PLOT_VIEW (self), NULL);
  return self->selection;
}

void
gw_plot_view_set_selection (GwPlotView *self,
                            GtkBitset  *rows)
{
  g_return_if_fail (GW_IS_PLOT_VIEW (self));

  if (rows != NULL && gtk_bitset_equals (rows, self->selection))
    return;
  if (rows == NULL && gtk_bitset_is_empty (self->selection))
    return;

  gtk_bitset_remove_all (self->selection);
  if (rows != NULL)
    gtk_bitset_union (self->selection, rows);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
gw_plot_view_get_hover_row (GwPlotView *self)
{
  g_return_val_if_fail (GW_IS_PLOT_VIEW (self), -1);
  return self->hover_row;
}

void
gw_plot_view_set_group_visible (GwPlotView *self,
                                guint       group,
                                gboolean    visible)
{
  g_return_if_fail (GW_IS_PLOT_VIEW (self));

  if (self->scene == NULL || group >= gw_plot_data_get_n_groups (self->data) ||
      gw_plot_scene_get_group_visible (self->scene, group) == !!visible)
    return;
  gw_plot_scene_set_group_visible (self->scene, group, visible);
  set_hover_row (self, -1);
  invalidate_static (self);
  g_signal_emit (self, signals[GROUPS_CHANGED], 0);
}

gboolean
gw_plot_view_get_group_visible (GwPlotView *self,
                                guint       group)
{
  g_return_val_if_fail (GW_IS_PLOT_VIEW (self), FALSE);

  if (self->scene == NULL || group >= gw_plot_data_get_n_groups (self->data))
    return FALSE;
  return gw_plot_scene_get_group_visible (self->scene, group);
}

void
gw_plot_view_set_all_groups_visible (GwPlotView *self,
                                     gboolean    visible)
{
  g_return_if_fail (GW_IS_PLOT_VIEW (self));

  if (self->scene == NULL)
    return;
  gw_plot_scene_set_all_groups_visible (self->scene, visible);
  set_hover_row (self, -1);
  invalidate_static (self);
  g_signal_emit (self, signals[GROUPS_CHANGED], 0);
}

gboolean
gw_plot_view_export (GwPlotView  *self,
                     const char  *filename,
                     double       width,
                     double       height,
                     double       dpi,
                     GError     **error)
{
  GwPlotTheme screen, paper;
  GwPlotFormat format;
  gboolean ret;

  g_return_val_if_fail (GW_IS_PLOT_VIEW (self), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  if (self->scene == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: there is no plot to export"), filename);
      return FALSE;
    }
  if (!gw_plot_format_from_filename (filename, &format))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("%s: the name must end in .png, .svg or .pdf"), filename);
      return FALSE;
    }

  /* A figure is for paper: the light theme and no greyed-out entries,
   * with the groups, statuses and zoom the user chose. */
  screen = *gw_plot_scene_get_theme (self->scene);
  gw_plot_theme_init (&paper, GW_PLOT_THEME_LIGHT);
  gw_plot_scene_set_theme (self->scene, &paper);
  gw_plot_scene_set_interactive (self->scene, FALSE);
  ret = gw_plot_scene_export (self->scene, filename, format, width, height, dpi, error);
  gw_plot_scene_set_interactive (self->scene, TRUE);
  gw_plot_scene_set_theme (self->scene, &screen);
  invalidate_static (self);

  return ret;
}

gint64
gw_plot_view_get_last_build_time (GwPlotView *self)
{
  g_return_val_if_fail (GW_IS_PLOT_VIEW (self), 0);
  return self->last_build_us;
}

guint
gw_plot_view_get_n_builds (GwPlotView *self)
{
  g_return_val_if_fail (GW_IS_PLOT_VIEW (self), 0);
  return self->n_builds;
}
