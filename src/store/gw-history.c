/* gw-history.c: one undo history over project properties and a run's curation
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include "gw-history.h"

#include <glib/gi18n-lib.h>
#include <string.h>

const char *
gw_metadata_kind_to_string (GwMetadataKind kind)
{
  switch (kind)
    {
    case GW_METADATA_EDIT:
      return "edit";
    case GW_METADATA_UNDO:
      return "undo";
    case GW_METADATA_REDO:
      return "redo";
    default:
      g_return_val_if_reached ("edit");
    }
}

gboolean
gw_metadata_kind_from_string (const char     *str,
                              GwMetadataKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (g_strcmp0 (str, "edit") == 0)
    *kind = GW_METADATA_EDIT;
  else if (g_strcmp0 (str, "undo") == 0)
    *kind = GW_METADATA_UNDO;
  else if (g_strcmp0 (str, "redo") == 0)
    *kind = GW_METADATA_REDO;
  else
    return FALSE;

  return TRUE;
}

void
gw_metadata_revision_free (GwMetadataRevision *revision)
{
  if (revision == NULL)
    return;

  g_free (revision->uuid);
  g_free (revision->name);
  g_free (revision->notes);
  g_free (revision->author);
  g_free (revision->target);
  g_free (revision);
}

static int
find_revision (GPtrArray  *revisions,
               const char *uuid)
{
  for (guint i = 0; revisions != NULL && uuid != NULL && i < revisions->len; i++)
    {
      const GwMetadataRevision *rev = g_ptr_array_index (revisions, i);

      if (g_strcmp0 (rev->uuid, uuid) == 0)
        return (int) i;
    }
  return -1;
}

/* What @rev changed from @prev, the revision before it. */
static char *
describe_change (const GwMetadataRevision *prev,
                 const GwMetadataRevision *rev)
{
  GString *what = g_string_new (NULL);

  if (prev == NULL)
    {
      g_string_append_printf (what, _("Created “%s”"), rev->name);
      return g_string_free (what, FALSE);
    }

  if (g_strcmp0 (prev->name, rev->name) != 0)
    g_string_append_printf (what, _("Renamed to “%s”"), rev->name);
  if (prev->column_type != rev->column_type)
    {
      if (what->len > 0)
        g_string_append (what, "; ");
      g_string_append (what, rev->column_type == GW_LC_COLUMN_HILIC ? _("Column set to HILIC")
                                                                      : _("Column set to reversed phase"));
    }
  if (g_strcmp0 (prev->notes, rev->notes) != 0)
    {
      if (what->len > 0)
        g_string_append (what, "; ");
      g_string_append (what, _("Notes changed"));
    }
  if (what->len == 0)
    g_string_append (what, _("Properties saved unchanged"));

  return g_string_free (what, FALSE);
}

/* An edit is described by what it changed; an undo or redo by the edit
 * it acts on, so the log reads "Undid: Renamed to “Cortex”". */
char *
gw_metadata_revisions_describe (GPtrArray *revisions,
                                guint      index)
{
  const GwMetadataRevision *rev;
  g_autofree char *change = NULL;
  int target;

  g_return_val_if_fail (revisions != NULL, NULL);
  g_return_val_if_fail (index < revisions->len, NULL);

  rev = g_ptr_array_index (revisions, index);
  if (rev->kind == GW_METADATA_EDIT ||
      (target = find_revision (revisions, rev->target)) < 0 ||
      (guint) target >= index)
    return describe_change (index > 0 ? g_ptr_array_index (revisions, index - 1) : NULL, rev);

  change = describe_change (target > 0 ? g_ptr_array_index (revisions, target - 1) : NULL,
                            g_ptr_array_index (revisions, target));
  return g_strdup_printf (rev->kind == GW_METADATA_UNDO ? _("Undid: %s") : _("Redid: %s"), change);
}

/* ------------------------------------------------------------------ */

typedef struct
{
  const char          *uuid;
  GwHistoryActionKind  kind;
} Action;

struct _GwHistory
{
  gatomicrefcount  ref_count;
  GwCuration      *curation;     /* (nullable) */
  GPtrArray       *revisions;    /* (nullable) */
  GPtrArray       *actions;      /* Action, owned */
  Action          *undo;         /* (nullable) borrowed from @actions */
  Action          *redo;
};

G_DEFINE_BOXED_TYPE (GwHistory, gw_history, gw_history_ref, gw_history_unref)

static Action *
push_action (GwHistory           *self,
             GHashTable          *by_uuid,
             GPtrArray           *done,
             GPtrArray           *undone,
             const char          *uuid,
             GwHistoryActionKind  kind)
{
  Action *action = g_new0 (Action, 1);

  action->uuid = uuid;
  action->kind = kind;
  g_ptr_array_add (self->actions, action);
  g_hash_table_insert (by_uuid, (gpointer) uuid, action);
  g_ptr_array_add (done, action);
  g_ptr_array_set_size (undone, 0);
  return action;
}

/* Moves the action named @target from one stack to the other.  Logs
 * merged from several machines can name an action that is not on @from:
 * that is a no-op, as in GwCuration. */
static void
move_action (GHashTable *by_uuid,
             const char *target,
             GPtrArray  *from,
             GPtrArray  *to)
{
  Action *action = target ? g_hash_table_lookup (by_uuid, target) : NULL;

  if (action != NULL && g_ptr_array_remove (from, action))
    g_ptr_array_add (to, action);
}

/**
 * gw_history_new:
 *
 * Replays the run's curation events and the project's metadata revisions
 * as one log.  The two are merged by time; each is in its own log order,
 * which the store keeps consistent with time (every new event is dated
 * after the newest one of either kind).
 */
GwHistory *
gw_history_new (GwCuration *curation,
                GPtrArray  *revisions)
{
  g_autoptr(GHashTable) by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) done = g_ptr_array_new ();
  g_autoptr(GPtrArray) undone = g_ptr_array_new ();
  GPtrArray *events = curation ? gw_curation_get_events (curation) : NULL;
  guint n_events = events ? events->len : 0;
  guint n_revisions = revisions ? revisions->len : 0;
  Action *last_curation = NULL;
  GwHistory *self;
  /* The first revision is the project's creation: not an action. */
  guint i = 0, j = 1;

  self = g_new0 (GwHistory, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->curation = curation ? gw_curation_ref (curation) : NULL;
  self->revisions = revisions ? g_ptr_array_ref (revisions) : NULL;
  self->actions = g_ptr_array_new_with_free_func (g_free);

  while (i < n_events || j < n_revisions)
    {
      const GwCurationEvent *ev = i < n_events ? g_ptr_array_index (events, i) : NULL;
      const GwMetadataRevision *rev = j < n_revisions ? g_ptr_array_index (revisions, j) : NULL;

      if (rev != NULL && (ev == NULL || rev->created_at < ev->created_at))
        {
          j++;
          last_curation = NULL;
          if (rev->uuid == NULL)
            continue;
          switch (rev->kind)
            {
            case GW_METADATA_EDIT:
              if (!g_hash_table_contains (by_uuid, rev->uuid))
                push_action (self, by_uuid, done, undone, rev->uuid, GW_HISTORY_ACTION_METADATA);
              break;
            case GW_METADATA_UNDO:
              move_action (by_uuid, rev->target, done, undone);
              break;
            case GW_METADATA_REDO:
              move_action (by_uuid, rev->target, undone, done);
              break;
            default:
              break;
            }
          continue;
        }

      i++;
      switch (ev->kind)
        {
        case GW_CURATION_EVENT_CURATE:
          {
            Action *action;

            if (ev->action_uuid == NULL)
              break;
            /* The rows of one action are contiguous events: the first
             * makes the action, a later reuse of its UUID is ignored (as
             * GwCuration does). */
            action = g_hash_table_lookup (by_uuid, ev->action_uuid);
            if (action == NULL)
              last_curation = push_action (self, by_uuid, done, undone, ev->action_uuid,
                                           GW_HISTORY_ACTION_CURATION);
            else if (action != last_curation)
              last_curation = NULL;
          }
          break;

        case GW_CURATION_EVENT_UNDO:
          last_curation = NULL;
          move_action (by_uuid, ev->target_action, done, undone);
          break;

        case GW_CURATION_EVENT_REDO:
          last_curation = NULL;
          move_action (by_uuid, ev->target_action, undone, done);
          break;

        default:
          break;
        }
    }

  self->undo = done->len > 0 ? g_ptr_array_index (done, done->len - 1) : NULL;
  self->redo = undone->len > 0 ? g_ptr_array_index (undone, undone->len - 1) : NULL;

  return self;
}

GwHistory *
gw_history_ref (GwHistory *history)
{
  g_return_val_if_fail (history != NULL, NULL);

  g_atomic_ref_count_inc (&history->ref_count);
  return history;
}

void
gw_history_unref (GwHistory *history)
{
  g_return_if_fail (history != NULL);

  if (!g_atomic_ref_count_dec (&history->ref_count))
    return;

  g_ptr_array_unref (history->actions);
  g_clear_pointer (&history->revisions, g_ptr_array_unref);
  g_clear_pointer (&history->curation, gw_curation_unref);
  g_free (history);
}

const char *
gw_history_get_undo_action (GwHistory *history)
{
  g_return_val_if_fail (history != NULL, NULL);
  return history->undo ? history->undo->uuid : NULL;
}

const char *
gw_history_get_redo_action (GwHistory *history)
{
  g_return_val_if_fail (history != NULL, NULL);
  return history->redo ? history->redo->uuid : NULL;
}

GwHistoryActionKind
gw_history_get_undo_kind (GwHistory *history)
{
  g_return_val_if_fail (history != NULL, GW_HISTORY_ACTION_NONE);
  return history->undo ? history->undo->kind : GW_HISTORY_ACTION_NONE;
}

GwHistoryActionKind
gw_history_get_redo_kind (GwHistory *history)
{
  g_return_val_if_fail (history != NULL, GW_HISTORY_ACTION_NONE);
  return history->redo ? history->redo->kind : GW_HISTORY_ACTION_NONE;
}

static char *
action_label (GwHistory *self,
              Action    *action,
              GwRun     *run)
{
  int index;

  if (action == NULL)
    return NULL;

  if (action->kind == GW_HISTORY_ACTION_CURATION)
    return self->curation ? gw_curation_dup_action_label (self->curation, action->uuid, run) : NULL;

  index = find_revision (self->revisions, action->uuid);
  return index >= 0 ? gw_metadata_revisions_describe (self->revisions, index) : NULL;
}

char *
gw_history_dup_undo_label (GwHistory *history,
                           GwRun     *run)
{
  g_return_val_if_fail (history != NULL, NULL);
  return action_label (history, history->undo, run);
}

char *
gw_history_dup_redo_label (GwHistory *history,
                           GwRun     *run)
{
  g_return_val_if_fail (history != NULL, NULL);
  return action_label (history, history->redo, run);
}

const GwMetadataRevision *
gw_history_get_revision (GwHistory  *history,
                         const char *uuid)
{
  int index;

  g_return_val_if_fail (history != NULL, NULL);

  index = find_revision (history->revisions, uuid);
  return index >= 0 ? g_ptr_array_index (history->revisions, index) : NULL;
}

const GwMetadataRevision *
gw_history_get_revision_before (GwHistory  *history,
                                const char *uuid)
{
  int index;

  g_return_val_if_fail (history != NULL, NULL);

  /* Every revision holds the whole metadata, so the one before an edit
   * is exactly what that edit changed. */
  index = find_revision (history->revisions, uuid);
  return index > 0 ? g_ptr_array_index (history->revisions, index - 1) : NULL;
}
