/* gw-test-shot.h: render a window to a PNG, for screenshots and UI tests
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rendering the widget tree with the window's own renderer gives the
 * same pixels the display shows, without a window manager or a screen
 * grabber, and crops to the window (no client-side shadow).
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

static inline GdkTexture *
gw_test_render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);

  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static inline void
gw_test_save_widget_png (GtkWidget  *widget,
                         const char *path)
{
  g_autoptr(GdkTexture) texture = gw_test_render_widget (widget);

  if (!gdk_texture_save_to_png (texture, path))
    g_error ("could not write %s", path);
}

G_END_DECLS
