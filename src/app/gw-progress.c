/* gw-progress.c: progress of a worker, read on the main thread
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-progress"

#include "config.h"

#include "gw-progress.h"

/* A worker may report thousands of times per second.  It only stores the
 * newest values under a mutex and schedules at most one idle at a time; the
 * idle then notifies the bound properties once on the main thread.  So the
 * main loop sees a bounded number of wake-ups whatever the worker does. */
struct _GwProgress
{
  GObject  parent_instance;

  GMutex   mutex;
  double   fraction;
  char    *message;
  guint    idle_pending : 1;

  /* Main-thread copies, what the properties read. */
  double   shown_fraction;
  char    *shown_message;
};

G_DEFINE_FINAL_TYPE (GwProgress, gw_progress, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FRACTION,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gw_progress_finalize (GObject *object)
{
  GwProgress *self = (GwProgress *)object;

  g_mutex_clear (&self->mutex);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->shown_message, g_free);

  G_OBJECT_CLASS (gw_progress_parent_class)->finalize (object);
}

static void
gw_progress_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GwProgress *self = GW_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->shown_fraction);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->shown_message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_progress_class_init (GwProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_progress_finalize;
  object_class->get_property = gw_progress_get_property;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL,
                         0, 1, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_progress_init (GwProgress *self)
{
  g_mutex_init (&self->mutex);
}

GwProgress *
gw_progress_new (void)
{
  return g_object_new (GW_TYPE_PROGRESS, NULL);
}

static gboolean
gw_progress_idle_cb (gpointer user_data)
{
  GwProgress *self = user_data;
  g_autofree char *message = NULL;
  double fraction;

  g_mutex_lock (&self->mutex);
  fraction = self->fraction;
  message = g_strdup (self->message);
  self->idle_pending = FALSE;
  g_mutex_unlock (&self->mutex);

  if (fraction != self->shown_fraction)
    {
      self->shown_fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }

  if (g_strcmp0 (message, self->shown_message) != 0)
    {
      g_free (self->shown_message);
      self->shown_message = g_steal_pointer (&message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }

  return G_SOURCE_REMOVE;
}

void
gw_progress_report (GwProgress *self,
                     double      fraction,
                     const char *message)
{
  gboolean schedule = FALSE;

  g_return_if_fail (GW_IS_PROGRESS (self));

  g_mutex_lock (&self->mutex);
  self->fraction = CLAMP (fraction, 0.0, 1.0);
  if (message != NULL && g_strcmp0 (message, self->message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
    }
  if (!self->idle_pending)
    {
      self->idle_pending = TRUE;
      schedule = TRUE;
    }
  g_mutex_unlock (&self->mutex);

  /* The idle keeps its own reference, so the object outlives a window that
   * closes while the worker is still reporting. */
  if (schedule)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE,
                     gw_progress_idle_cb,
                     g_object_ref (self),
                     g_object_unref);
}

double
gw_progress_get_fraction (GwProgress *self)
{
  g_return_val_if_fail (GW_IS_PROGRESS (self), 0);
  return self->shown_fraction;
}

char *
gw_progress_dup_message (GwProgress *self)
{
  g_return_val_if_fail (GW_IS_PROGRESS (self), NULL);
  return g_strdup (self->shown_message);
}
