/* gw-curation.c: replaying curation events into an effective curation
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include "gw-curation.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_BOXED_TYPE (GwCurationEvent, gw_curation_event,
                     gw_curation_event_copy, gw_curation_event_free)

GwCurationEvent *
gw_curation_event_copy (const GwCurationEvent *event)
{
  GwCurationEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_new0 (GwCurationEvent, 1);
  *copy = *event;
  copy->uuid = g_strdup (event->uuid);
  copy->action_uuid = g_strdup (event->action_uuid);
  copy->run_uuid = g_strdup (event->run_uuid);
  copy->reason = g_strdup (event->reason);
  copy->target_action = g_strdup (event->target_action);
  copy->author = g_strdup (event->author);

  return copy;
}

void
gw_curation_event_free (GwCurationEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->uuid);
  g_free (event->action_uuid);
  g_free (event->run_uuid);
  g_free (event->reason);
  g_free (event->target_action);
  g_free (event->author);
  g_free (event);
}

const char *
gw_curation_status_to_string (GwCurationStatus status)
{
  switch (status)
    {
    case GW_CURATION_NONE:
      return "none";
    case GW_CURATION_ACCEPTED:
      return "accepted";
    case GW_CURATION_REJECTED:
      return "rejected";
    default:
      g_return_val_if_reached ("none");
    }
}

gboolean
gw_curation_status_from_string (const char       *str,
                                GwCurationStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  if (g_strcmp0 (str, "accepted") == 0)
    *status = GW_CURATION_ACCEPTED;
  else if (g_strcmp0 (str, "rejected") == 0)
    *status = GW_CURATION_REJECTED;
  else if (g_strcmp0 (str, "none") == 0)
    *status = GW_CURATION_NONE;
  else
    return FALSE;

  return TRUE;
}

const char *
gw_curation_event_kind_to_string (GwCurationEventKind kind)
{
  switch (kind)
    {
    case GW_CURATION_EVENT_CURATE:
      return "curate";
    case GW_CURATION_EVENT_UNDO:
      return "undo";
    case GW_CURATION_EVENT_REDO:
      return "redo";
    default:
      g_return_val_if_reached ("curate");
    }
}

gboolean
gw_curation_event_kind_from_string (const char          *str,
                                    GwCurationEventKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (g_strcmp0 (str, "curate") == 0)
    *kind = GW_CURATION_EVENT_CURATE;
  else if (g_strcmp0 (str, "undo") == 0)
    *kind = GW_CURATION_EVENT_UNDO;
  else if (g_strcmp0 (str, "redo") == 0)
    *kind = GW_CURATION_EVENT_REDO;
  else
    return FALSE;

  return TRUE;
}

/* One user action: the CURATE events sharing an action UUID. */
typedef struct
{
  const char *uuid;
  GPtrArray  *events;   /* (element-type GwCurationEvent) borrowed */
} Action;

static void
action_free (gpointer data)
{
  Action *action = data;

  g_ptr_array_unref (action->events);
  g_free (action);
}

struct _GwCuration
{
  gatomicrefcount   ref_count;
  guint             n_rows;
  guint             n_curated;
  guint8           *status;      /* GwCurationStatus per row */
  gint32           *event_index; /* index into @events, -1 when none */
  GPtrArray        *events;
  GPtrArray        *actions;     /* Action, owned */
  Action           *undo;        /* (nullable) borrowed from @actions */
  Action           *redo;
};

G_DEFINE_BOXED_TYPE (GwCuration, gw_curation, gw_curation_ref, gw_curation_unref)

static gboolean
remove_action (GPtrArray *stack,
               Action    *action)
{
  return g_ptr_array_remove (stack, action);
}

GwCuration *
gw_curation_new (guint      n_rows,
                 GPtrArray *events)
{
  g_autoptr(GHashTable) by_uuid = NULL;
  g_autoptr(GPtrArray) done = NULL;
  g_autoptr(GPtrArray) undone = NULL;
  g_autoptr(GHashTable) index_of = NULL;
  GwCuration *self;
  Action *last_action = NULL;

  g_return_val_if_fail (events != NULL, NULL);

  self = g_new0 (GwCuration, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->n_rows = n_rows;
  self->status = g_new0 (guint8, MAX (n_rows, 1));
  self->event_index = g_new (gint32, MAX (n_rows, 1));
  for (guint i = 0; i < n_rows; i++)
    self->event_index[i] = -1;
  self->events = g_ptr_array_ref (events);
  self->actions = g_ptr_array_new_with_free_func (action_free);

  by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  index_of = g_hash_table_new (NULL, NULL);
  done = g_ptr_array_new ();
  undone = g_ptr_array_new ();

  for (guint i = 0; i < events->len; i++)
    {
      GwCurationEvent *ev = g_ptr_array_index (events, i);
      Action *action;

      g_hash_table_insert (index_of, ev, GUINT_TO_POINTER (i));

      switch (ev->kind)
        {
        case GW_CURATION_EVENT_CURATE:
          if (ev->action_uuid == NULL)
            break;
          action = g_hash_table_lookup (by_uuid, ev->action_uuid);
          if (action == NULL)
            {
              /* A new action: it goes on top of the done stack and, as in
               * every editor, makes the undone actions unreachable. */
              action = g_new0 (Action, 1);
              action->uuid = ev->action_uuid;
              action->events = g_ptr_array_new ();
              g_ptr_array_add (self->actions, action);
              g_hash_table_insert (by_uuid, (gpointer) action->uuid, action);
              g_ptr_array_add (done, action);
              g_ptr_array_set_size (undone, 0);
            }
          else if (action != last_action)
            {
              /* Events of one action are written in one transaction, so
               * they are contiguous; a later event reusing an old action
               * UUID comes from a damaged log and is ignored. */
              break;
            }
          g_ptr_array_add (action->events, ev);
          last_action = action;
          break;

        case GW_CURATION_EVENT_UNDO:
          last_action = NULL;
          action = ev->target_action ? g_hash_table_lookup (by_uuid, ev->target_action) : NULL;
          /* Tolerant of logs merged from several machines: an undo of an
           * action that is not done is a no-op rather than an error. */
          if (action != NULL && remove_action (done, action))
            g_ptr_array_add (undone, action);
          break;

        case GW_CURATION_EVENT_REDO:
          last_action = NULL;
          action = ev->target_action ? g_hash_table_lookup (by_uuid, ev->target_action) : NULL;
          if (action != NULL && remove_action (undone, action))
            g_ptr_array_add (done, action);
          break;

        default:
          break;
        }
    }

  /* The effective status of a row is set by the last done action that
   * touches it. */
  for (guint a = 0; a < done->len; a++)
    {
      Action *action = g_ptr_array_index (done, a);

      for (guint e = 0; e < action->events->len; e++)
        {
          GwCurationEvent *ev = g_ptr_array_index (action->events, e);

          if (ev->row >= n_rows)
            continue;
          if (ev->status != GW_CURATION_ACCEPTED && ev->status != GW_CURATION_REJECTED)
            continue;

          self->status[ev->row] = ev->status;
          self->event_index[ev->row] = GPOINTER_TO_UINT (g_hash_table_lookup (index_of, ev));
        }
    }

  for (guint i = 0; i < n_rows; i++)
    if (self->status[i] != GW_CURATION_NONE)
      self->n_curated++;

  self->undo = done->len > 0 ? g_ptr_array_index (done, done->len - 1) : NULL;
  self->redo = undone->len > 0 ? g_ptr_array_index (undone, undone->len - 1) : NULL;

  return self;
}

GwCuration *
gw_curation_ref (GwCuration *curation)
{
  g_return_val_if_fail (curation != NULL, NULL);

  g_atomic_ref_count_inc (&curation->ref_count);
  return curation;
}

void
gw_curation_unref (GwCuration *curation)
{
  g_return_if_fail (curation != NULL);

  if (!g_atomic_ref_count_dec (&curation->ref_count))
    return;

  g_free (curation->status);
  g_free (curation->event_index);
  g_ptr_array_unref (curation->actions);
  g_ptr_array_unref (curation->events);
  g_free (curation);
}

guint
gw_curation_get_n_rows (GwCuration *curation)
{
  g_return_val_if_fail (curation != NULL, 0);
  return curation->n_rows;
}

guint
gw_curation_get_n_curated (GwCuration *curation)
{
  g_return_val_if_fail (curation != NULL, 0);
  return curation->n_curated;
}

const guint8 *
gw_curation_get_status_column (GwCuration *curation)
{
  g_return_val_if_fail (curation != NULL, NULL);
  return curation->status;
}

GwCurationStatus
gw_curation_get_status (GwCuration *curation,
                        guint       row)
{
  g_return_val_if_fail (curation != NULL, GW_CURATION_NONE);
  g_return_val_if_fail (row < curation->n_rows, GW_CURATION_NONE);

  return curation->status[row];
}

const GwCurationEvent *
gw_curation_get_event (GwCuration *curation,
                       guint       row)
{
  g_return_val_if_fail (curation != NULL, NULL);
  g_return_val_if_fail (row < curation->n_rows, NULL);

  if (curation->event_index[row] < 0)
    return NULL;

  return g_ptr_array_index (curation->events, curation->event_index[row]);
}

GPtrArray *
gw_curation_get_events (GwCuration *curation)
{
  g_return_val_if_fail (curation != NULL, NULL);
  return curation->events;
}

const char *
gw_curation_get_undo_action (GwCuration *curation)
{
  g_return_val_if_fail (curation != NULL, NULL);
  return curation->undo ? curation->undo->uuid : NULL;
}

const char *
gw_curation_get_redo_action (GwCuration *curation)
{
  g_return_val_if_fail (curation != NULL, NULL);
  return curation->redo ? curation->redo->uuid : NULL;
}

static char *
action_label (Action *action,
              GwRun  *run)
{
  GwCurationEvent *first;
  gboolean accept;

  if (action == NULL || action->events->len == 0)
    return NULL;

  first = g_ptr_array_index (action->events, 0);
  accept = first->status == GW_CURATION_ACCEPTED;

  if (action->events->len == 1 && run != NULL &&
      first->row < gw_run_get_n_rows (run))
    {
      const char *name = gw_table_get_name (gw_run_get_table (run), first->row);

      return accept ? g_strdup_printf (_("Accept %s"), name)
                    : g_strdup_printf (_("Reject %s"), name);
    }

  return accept ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Accept %u row", "Accept %u rows",
                                                action->events->len),
                                   action->events->len)
                : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reject %u row", "Reject %u rows",
                                                action->events->len),
                                   action->events->len);
}

char *
gw_curation_dup_action_label (GwCuration *curation,
                              const char *action_uuid,
                              GwRun      *run)
{
  g_return_val_if_fail (curation != NULL, NULL);

  if (action_uuid == NULL)
    return NULL;
  for (guint i = 0; i < curation->actions->len; i++)
    {
      Action *action = g_ptr_array_index (curation->actions, i);

      if (strcmp (action->uuid, action_uuid) == 0)
        return action_label (action, run);
    }
  return NULL;
}

char *
gw_curation_dup_undo_label (GwCuration *curation,
                            GwRun      *run)
{
  g_return_val_if_fail (curation != NULL, NULL);
  return action_label (curation->undo, run);
}

char *
gw_curation_dup_redo_label (GwCuration *curation,
                            GwRun      *run)
{
  g_return_val_if_fail (curation != NULL, NULL);
  return action_label (curation->redo, run);
}

const char *
gw_curation_get_effective_status (GwCuration *curation,
                                  GwRun      *run,
                                  guint       row)
{
  g_return_val_if_fail (curation != NULL, NULL);
  g_return_val_if_fail (run != NULL, NULL);
  g_return_val_if_fail (row < gw_run_get_n_rows (run), NULL);

  if (row < curation->n_rows && curation->status[row] != GW_CURATION_NONE)
    return gw_curation_status_to_string (curation->status[row]);

  return gw_status_to_string (gw_run_get_status (run, row));
}

struct _GwCurationExport
{
  GwCuration        *curation;
  const char       **status;
  const char       **reason;
  const char       **author;
  gint64            *time;
  GArray            *log;       /* GwExportCurationEntry */
  GwExportCuration   export;
};

/**
 * gw_curation_export_new:
 * @curation: a run's curation
 *
 * Returns: (transfer full): @curation as the exporters' arrays; the
 *   strings point into @curation's events, which it keeps alive
 */
GwCurationExport *
gw_curation_export_new (GwCuration *curation)
{
  GwCurationExport *self;
  guint n_rows;
  GPtrArray *events;

  g_return_val_if_fail (curation != NULL, NULL);

  n_rows = gw_curation_get_n_rows (curation);
  events = gw_curation_get_events (curation);

  self = g_new0 (GwCurationExport, 1);
  self->curation = gw_curation_ref (curation);
  self->status = g_new0 (const char *, MAX (n_rows, 1));
  self->reason = g_new0 (const char *, MAX (n_rows, 1));
  self->author = g_new0 (const char *, MAX (n_rows, 1));
  self->time = g_new0 (gint64, MAX (n_rows, 1));
  self->log = g_array_new (FALSE, TRUE, sizeof (GwExportCurationEntry));

  for (guint row = 0; row < n_rows; row++)
    {
      GwCurationStatus status = gw_curation_get_status (curation, row);
      const GwCurationEvent *event;

      if (status == GW_CURATION_NONE)
        continue;
      self->status[row] = gw_curation_status_to_string (status);
      event = gw_curation_get_event (curation, row);
      if (event != NULL)
        {
          self->reason[row] = event->reason;
          self->author[row] = event->author;
          self->time[row] = event->created_at;
        }
    }

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const GwCurationEvent *event = g_ptr_array_index (events, i);
      GwExportCurationEntry entry = { 0 };

      entry.time = event->created_at;
      entry.reason = event->reason;
      entry.author = event->author;
      if (event->kind == GW_CURATION_EVENT_CURATE)
        {
          entry.row = event->row < n_rows ? (int) event->row : -1;
          entry.action = gw_curation_status_to_string (event->status);
        }
      else
        {
          /* Undo and redo name a whole action, not a row. */
          entry.row = -1;
          entry.action = gw_curation_event_kind_to_string (event->kind);
        }
      g_array_append_val (self->log, entry);
    }

  self->export.n_rows = n_rows;
  self->export.status = self->status;
  self->export.reason = self->reason;
  self->export.author = self->author;
  self->export.time = self->time;
  self->export.n_log = self->log->len;
  self->export.log = (const GwExportCurationEntry *) (gpointer) self->log->data;

  return self;
}

const GwExportCuration *
gw_curation_export_get (GwCurationExport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->export;
}

void
gw_curation_export_free (GwCurationExport *self)
{
  if (self == NULL)
    return;

  g_free (self->status);
  g_free (self->reason);
  g_free (self->author);
  g_free (self->time);
  g_array_unref (self->log);
  gw_curation_unref (self->curation);
  g_free (self);
}
