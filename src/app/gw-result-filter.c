/* gw-result-filter.c: filters result rows by status and name
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-result-filter"

#include "config.h"

#include <string.h>

#include "gw-result-filter.h"
#include "gw-result-row.h"
#include "gw-run.h"
#include "gw-view-order.h"

/* A GtkFilter subclass rather than a GtkCustomFilter, so it can tell the
 * filter model that it matches everything when no criterion is set: the
 * model then skips the per-item pass entirely, which matters with a
 * million rows. */
struct _GwResultFilter
{
  GtkFilter  parent_instance;
  guint       status_mask;
  char       *search;
  GwCuration *curation;
};

G_DEFINE_FINAL_TYPE (GwResultFilter, gw_result_filter, GTK_TYPE_FILTER)

enum {
  PROP_0,
  PROP_STATUS_MASK,
  PROP_SEARCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
gw_result_filter_match (GtkFilter *filter,
                        gpointer   item)
{
  GwResultFilter *self = GW_RESULT_FILTER (filter);
  GwResultRow *result_row = item;

  /* The same test as the table's worker (gw-view-order.c), on the
   * effective statuses. */
  return gw_view_row_matches (gw_result_row_get_run (result_row), self->curation,
                              gw_result_row_get_row (result_row),
                              self->status_mask, self->search);
}

static GtkFilterMatch
gw_result_filter_get_strictness (GtkFilter *filter)
{
  GwResultFilter *self = GW_RESULT_FILTER (filter);

  if (self->status_mask == 0 && self->search == NULL)
    return GTK_FILTER_MATCH_ALL;

  return GTK_FILTER_MATCH_SOME;
}

static void
gw_result_filter_finalize (GObject *object)
{
  GwResultFilter *self = (GwResultFilter *)object;

  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->curation, gw_curation_unref);

  G_OBJECT_CLASS (gw_result_filter_parent_class)->finalize (object);
}

static void
gw_result_filter_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GwResultFilter *self = GW_RESULT_FILTER (object);

  switch (prop_id)
    {
    case PROP_STATUS_MASK:
      g_value_set_uint (value, self->status_mask);
      break;

    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_result_filter_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GwResultFilter *self = GW_RESULT_FILTER (object);

  switch (prop_id)
    {
    case PROP_STATUS_MASK:
      gw_result_filter_set_status_mask (self, g_value_get_uint (value));
      break;

    case PROP_SEARCH:
      gw_result_filter_set_search (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_result_filter_class_init (GwResultFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  object_class->finalize = gw_result_filter_finalize;
  object_class->get_property = gw_result_filter_get_property;
  object_class->set_property = gw_result_filter_set_property;

  filter_class->match = gw_result_filter_match;
  filter_class->get_strictness = gw_result_filter_get_strictness;

  properties[PROP_STATUS_MASK] =
    g_param_spec_uint ("status-mask", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_result_filter_init (GwResultFilter *self)
{
}

GwResultFilter *
gw_result_filter_new (void)
{
  return g_object_new (GW_TYPE_RESULT_FILTER, NULL);
}

guint
gw_result_filter_get_status_mask (GwResultFilter *self)
{
  g_return_val_if_fail (GW_IS_RESULT_FILTER (self), 0);
  return self->status_mask;
}

void
gw_result_filter_set_status_mask (GwResultFilter *self,
                                  guint           mask)
{
  GtkFilterChange change;
  guint old;

  g_return_if_fail (GW_IS_RESULT_FILTER (self));

  if (self->status_mask == mask)
    return;

  old = self->status_mask;
  self->status_mask = mask;

  /* Tell the model which rows can possibly change, so it only re-checks
   * those. */
  if (old == 0)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (mask == 0 || (mask & old) == old)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else if ((mask & old) == mask)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  gtk_filter_changed (GTK_FILTER (self), change);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_MASK]);
}

const char *
gw_result_filter_get_search (GwResultFilter *self)
{
  g_return_val_if_fail (GW_IS_RESULT_FILTER (self), NULL);
  return self->search;
}

void
gw_result_filter_set_search (GwResultFilter *self,
                             const char     *search)
{
  g_autofree char *old = NULL;
  GtkFilterChange change;

  g_return_if_fail (GW_IS_RESULT_FILTER (self));

  if (search != NULL && search[0] == '\0')
    search = NULL;

  if (g_strcmp0 (self->search, search) == 0)
    return;

  old = g_steal_pointer (&self->search);
  self->search = g_strdup (search);

  if (old == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (search == NULL || strcasestr (old, search) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else if (strcasestr (search, old) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  gtk_filter_changed (GTK_FILTER (self), change);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

/**
 * gw_result_filter_set_curation:
 * @self: a #GwResultFilter
 * @curation: (nullable): the overrides in effect for the shown run
 *
 * The status filter and the search then work on effective statuses: a row
 * an analyst rejected is under "Rejected", no longer under its engine
 * status.
 */
void
gw_result_filter_set_curation (GwResultFilter *self,
                               GwCuration     *curation)
{
  g_return_if_fail (GW_IS_RESULT_FILTER (self));

  if (self->curation == curation)
    return;

  if (curation != NULL)
    gw_curation_ref (curation);
  g_clear_pointer (&self->curation, gw_curation_unref);
  self->curation = curation;

  if (self->status_mask != 0 || self->search != NULL)
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}

GwCuration *
gw_result_filter_get_curation (GwResultFilter *self)
{
  g_return_val_if_fail (GW_IS_RESULT_FILTER (self), NULL);
  return self->curation;
}
