/* gw-change-list.c: the rows whose status changed between two runs
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-change-list"

#include "config.h"

#include "gw-change-list.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gw-change-item.h"
#include "gw-format.h"

/* Comparing robust with classic on a million rows changes hundreds of
 * thousands of them.  The list keeps only the comparison's array and an
 * index per shown row: items exist for the rows on screen, and sorting or
 * filtering rewrites the index in one pass instead of going through
 * GtkSortListModel, which would make an object per row. */
struct _GwChangeList
{
  GObject       parent_instance;

  GwRun        *run;
  GArray       *changes;        /* GwRowChange, by row */
  guint        *order;          /* indices into changes, as shown */
  guint         n_shown;

  guint         counts[GW_N_EFFECTIVE * GW_N_EFFECTIVE];
  guint         transitions[GW_N_EFFECTIVE * GW_N_EFFECTIVE];   /* keys, most frequent first */
  guint         n_transitions;

  GHashTable   *live;           /* position + 1 → GwChangeItem (weak) */

  char        **folded;         /* lower-case names for the search, made on first use */
  guint        *name_ranks;     /* each change's name's place in name order, made on first use */
  guint         n_names;
  char         *search;
  int           transition;
  GwChangeSort  sort;
  gboolean      descending;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GwChangeList, gw_change_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static guint
effective (GwStatus         status,
           GwCurationStatus curation)
{
  if (curation == GW_CURATION_ACCEPTED)
    return GW_EFFECTIVE_ACCEPTED;
  if (curation == GW_CURATION_REJECTED)
    return GW_EFFECTIVE_REJECTED;
  return MIN ((guint) status, GW_STATUS_INVALID);
}

guint
gw_row_change_get_from (const GwRowChange *change)
{
  g_return_val_if_fail (change != NULL, GW_STATUS_INVALID);
  return effective (change->status_a, change->curation_a);
}

guint
gw_row_change_get_to (const GwRowChange *change)
{
  g_return_val_if_fail (change != NULL, GW_STATUS_INVALID);
  return effective (change->status_b, change->curation_b);
}

const char *
gw_effective_get_label (guint value)
{
  if (value == GW_EFFECTIVE_ACCEPTED)
    return _("Accepted");
  if (value == GW_EFFECTIVE_REJECTED)
    return _("Rejected");
  return gw_status_get_label (MIN (value, GW_STATUS_INVALID));
}

char *
gw_effective_format_transition (guint from,
                                guint to)
{
  return g_strdup_printf (_("%s → %s"), gw_effective_get_label (from), gw_effective_get_label (to));
}

static const char *
row_name (GwChangeList *self,
          guint         row)
{
  if (self->run == NULL || row >= gw_run_get_n_rows (self->run))
    return "?";
  return gw_table_get_name (gw_run_get_table (self->run), row);
}

static guint
row_line (GwChangeList *self,
          guint         row)
{
  if (self->run == NULL || row >= gw_run_get_n_rows (self->run))
    return row + 1;
  return gw_table_get_line (gw_run_get_table (self->run), row);
}

static const GwRowChange *
change_at (GwChangeList *self,
           guint         index)
{
  return &g_array_index (self->changes, GwRowChange, index);
}

/* GListModel ------------------------------------------------------------- */

static GType
gw_change_list_get_item_type (GListModel *model)
{
  return GW_TYPE_CHANGE_ITEM;
}

static guint
gw_change_list_get_n_items (GListModel *model)
{
  return GW_CHANGE_LIST (model)->n_shown;
}

static gboolean
is_value (gpointer key,
          gpointer value,
          gpointer user_data)
{
  return value == user_data;
}

static void
item_finalized_cb (gpointer  data,
                   GObject  *where_the_object_was)
{
  GwChangeList *self = data;

  g_hash_table_foreach_remove (self->live, is_value, where_the_object_was);
}

static gpointer
gw_change_list_get_item (GListModel *model,
                         guint       position)
{
  GwChangeList *self = GW_CHANGE_LIST (model);
  GwChangeItem *item;

  if (position >= self->n_shown)
    return NULL;

  item = g_hash_table_lookup (self->live, GUINT_TO_POINTER (position + 1));
  if (item != NULL)
    return g_object_ref (item);

  item = gw_change_item_new (change_at (self, self->order[position]));
  g_hash_table_insert (self->live, GUINT_TO_POINTER (position + 1), item);
  g_object_weak_ref (G_OBJECT (item), item_finalized_cb, self);
  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = gw_change_list_get_item_type;
  iface->get_n_items = gw_change_list_get_n_items;
  iface->get_item = gw_change_list_get_item;
}

/* Order and filter ------------------------------------------------------- */

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const char * const *names = user_data;

  return strcmp (names[*(const guint *) a], names[*(const guint *) b]);
}

/* A large table repeats few names many times: sorting by name compares
 * each distinct name once, then the rows by integer rank. */
static void
ensure_name_ranks (GwChangeList *self)
{
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GPtrArray) distinct = NULL;
  g_autofree guint *order = NULL;
  g_autofree guint *rank = NULL;

  if (self->name_ranks != NULL)
    return;

  ids = g_hash_table_new (g_str_hash, g_str_equal);
  distinct = g_ptr_array_new ();
  self->name_ranks = g_new (guint, MAX (self->changes->len, 1));
  for (guint i = 0; i < self->changes->len; i++)
    {
      const char *name = row_name (self, change_at (self, i)->row);
      gpointer id;

      if (!g_hash_table_lookup_extended (ids, name, NULL, &id))
        {
          id = GUINT_TO_POINTER (distinct->len);
          g_hash_table_insert (ids, (gpointer) name, id);
          g_ptr_array_add (distinct, (gpointer) name);
        }
      self->name_ranks[i] = GPOINTER_TO_UINT (id);
    }

  order = g_new (guint, MAX (distinct->len, 1));
  rank = g_new (guint, MAX (distinct->len, 1));
  for (guint j = 0; j < distinct->len; j++)
    order[j] = j;
  g_qsort_with_data (order, distinct->len, sizeof (guint), compare_names, distinct->pdata);
  for (guint j = 0; j < distinct->len; j++)
    rank[order[j]] = j;
  for (guint i = 0; i < self->changes->len; i++)
    self->name_ranks[i] = rank[self->name_ranks[i]];
  self->n_names = distinct->len;
}

static guint
sort_key (GwChangeList *self,
          guint         index)
{
  const GwRowChange *change = change_at (self, index);

  switch (self->sort)
    {
    case GW_CHANGE_SORT_NAME:
      return self->name_ranks[index];
    case GW_CHANGE_SORT_FROM:
      return gw_row_change_get_from (change) * GW_N_EFFECTIVE + gw_row_change_get_to (change);
    case GW_CHANGE_SORT_TO:
      return gw_row_change_get_to (change) * GW_N_EFFECTIVE + gw_row_change_get_from (change);
    case GW_CHANGE_SORT_LINE:
    case GW_N_CHANGE_SORTS:
    default:
      return 0;
    }
}

/* Every order has a small integer key, and the shown rows arrive in file
 * order: one stable counting sort puts them in key order with equal keys
 * in file order, in linear time, where a comparison sort of half a
 * million rows would hold the main loop for most of a second. */
static void
sort_shown (GwChangeList *self)
{
  guint n_keys = self->sort == GW_CHANGE_SORT_NAME ? self->n_names : GW_N_EFFECTIVE * GW_N_EFFECTIVE;
  g_autofree guint *start = g_new0 (guint, n_keys + 1);
  g_autofree guint *sorted = g_new (guint, MAX (self->n_shown, 1));
  g_autofree guint *keys = g_new (guint, MAX (self->n_shown, 1));

  for (guint i = 0; i < self->n_shown; i++)
    {
      keys[i] = sort_key (self, self->order[i]);
      start[keys[i] + 1]++;
    }
  for (guint k = 0; k < n_keys; k++)
    start[k + 1] += start[k];
  for (guint i = 0; i < self->n_shown; i++)
    sorted[start[keys[i]]++] = self->order[i];
  memcpy (self->order, sorted, self->n_shown * sizeof (guint));
}

static char *
fold (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p >= 0x80)
      return g_utf8_casefold (text, -1);
  return g_ascii_strdown (text, -1);
}

static gboolean
matches (GwChangeList *self,
         guint         index)
{
  const GwRowChange *change = change_at (self, index);

  if (self->transition >= 0 &&
      gw_row_change_get_from (change) * GW_N_EFFECTIVE + gw_row_change_get_to (change) !=
      self->transitions[self->transition])
    return FALSE;
  if (self->search != NULL && strstr (self->folded[index], self->search) == NULL)
    return FALSE;
  return TRUE;
}

static void
rebuild (GwChangeList *self)
{
  guint old = self->n_shown;
  guint n = 0;

  if (self->search != NULL && self->folded == NULL)
    {
      self->folded = g_new0 (char *, self->changes->len + 1);
      for (guint i = 0; i < self->changes->len; i++)
        self->folded[i] = fold (row_name (self, change_at (self, i)->row));
    }

  for (guint i = 0; i < self->changes->len; i++)
    if (matches (self, i))
      self->order[n++] = i;

  self->n_shown = n;
  if (self->sort == GW_CHANGE_SORT_NAME)
    ensure_name_ranks (self);
  if (self->sort != GW_CHANGE_SORT_LINE)
    sort_shown (self);
  if (self->descending)
    for (guint i = 0; i < n / 2; i++)
      {
        guint t = self->order[i];

        self->order[i] = self->order[n - 1 - i];
        self->order[n - 1 - i] = t;
      }

  /* The items alive (the rows on screen) take their positions' new rows;
   * only a change of length goes to GTK.  Told that every row changed,
   * GTK 4.8's list views look for each removed item among all the added
   * ones, fetching every one: for half a million rows that holds the
   * main loop for seconds.  Take a snapshot first: the ::changed
   * handlers run GTK code, which may drop items and so change the map. */
  self->n_shown = n;
  {
    g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, self->live);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        guint position = GPOINTER_TO_UINT (key) - 1;

        if (position < n)
          {
            g_ptr_array_add (live, g_object_ref (value));
            g_array_append_val (positions, position);
          }
        else
          {
            /* GTK drops it below; a later item there must be new. */
            g_object_weak_unref (value, item_finalized_cb, self);
            g_hash_table_iter_remove (&iter);
          }
      }
    for (guint i = 0; i < live->len; i++)
      gw_change_item_set_change (g_ptr_array_index (live, i),
                                 change_at (self, self->order[g_array_index (positions, guint, i)]));
  }
  if (old != n)
    g_list_model_items_changed (G_LIST_MODEL (self), MIN (old, n), old - MIN (old, n), n - MIN (old, n));
}

/* Public ----------------------------------------------------------------- */

static int
compare_counts (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const guint *counts = user_data;
  guint ka = *(const guint *) a;
  guint kb = *(const guint *) b;

  if (counts[ka] != counts[kb])
    return counts[ka] > counts[kb] ? -1 : 1;
  return (ka > kb) - (ka < kb);
}

GwChangeList *
gw_change_list_new (GwRun  *run,
                    GArray *changes)
{
  GwChangeList *self;

  g_return_val_if_fail (changes != NULL, NULL);
  g_return_val_if_fail (g_array_get_element_size (changes) == sizeof (GwRowChange), NULL);

  self = g_object_new (GW_TYPE_CHANGE_LIST, NULL);
  self->run = run ? gw_run_ref (run) : NULL;
  self->changes = g_array_ref (changes);
  self->order = g_new (guint, MAX (changes->len, 1));
  self->transition = -1;

  for (guint i = 0; i < changes->len; i++)
    {
      const GwRowChange *change = change_at (self, i);

      self->order[i] = i;
      self->counts[gw_row_change_get_from (change) * GW_N_EFFECTIVE + gw_row_change_get_to (change)]++;
    }
  self->n_shown = changes->len;

  for (guint k = 0; k < G_N_ELEMENTS (self->counts); k++)
    if (self->counts[k] > 0)
      self->transitions[self->n_transitions++] = k;
  g_qsort_with_data (self->transitions, self->n_transitions, sizeof (guint), compare_counts, self->counts);

  return self;
}

guint
gw_change_list_get_n_changes (GwChangeList *self)
{
  g_return_val_if_fail (GW_IS_CHANGE_LIST (self), 0);
  return self->changes->len;
}

guint
gw_change_list_get_n_transitions (GwChangeList *self)
{
  g_return_val_if_fail (GW_IS_CHANGE_LIST (self), 0);
  return self->n_transitions;
}

void
gw_change_list_get_transition (GwChangeList *self,
                               guint         index,
                               guint        *from,
                               guint        *to,
                               guint        *count)
{
  guint key;

  g_return_if_fail (GW_IS_CHANGE_LIST (self));
  g_return_if_fail (index < self->n_transitions);

  key = self->transitions[index];
  if (from != NULL)
    *from = key / GW_N_EFFECTIVE;
  if (to != NULL)
    *to = key % GW_N_EFFECTIVE;
  if (count != NULL)
    *count = self->counts[key];
}

void
gw_change_list_set_transition (GwChangeList *self,
                               int           index)
{
  g_return_if_fail (GW_IS_CHANGE_LIST (self));
  g_return_if_fail (index < (int) self->n_transitions);

  index = MAX (index, -1);
  if (index == self->transition)
    return;
  self->transition = index;
  rebuild (self);
}

void
gw_change_list_set_search (GwChangeList *self,
                           const char   *text)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (GW_IS_CHANGE_LIST (self));

  if (text != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      if (*stripped != '\0')
        folded = fold (stripped);
    }
  if (g_strcmp0 (folded, self->search) == 0)
    return;

  g_free (self->search);
  self->search = g_steal_pointer (&folded);
  rebuild (self);
}

void
gw_change_list_set_sort (GwChangeList *self,
                         GwChangeSort  sort,
                         gboolean      descending)
{
  g_return_if_fail (GW_IS_CHANGE_LIST (self));
  g_return_if_fail (sort < GW_N_CHANGE_SORTS);

  descending = !!descending;
  if (sort == self->sort && descending == self->descending)
    return;
  self->sort = sort;
  self->descending = descending;
  rebuild (self);
}

const GwRowChange *
gw_change_list_get_change (GwChangeList *self,
                           guint         position)
{
  g_return_val_if_fail (GW_IS_CHANGE_LIST (self), NULL);
  g_return_val_if_fail (position < self->n_shown, NULL);

  return change_at (self, self->order[position]);
}

static void
append_csv_field (GString    *out,
                  const char *text)
{
  /* Quote what a spreadsheet would otherwise split or read as a formula. */
  if (strpbrk (text, ",\"\r\n") != NULL || (text[0] != '\0' && strchr ("=+-@", text[0]) != NULL))
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
}

char *
gw_change_list_to_csv (GwChangeList *self,
                       const char   *label_a,
                       const char   *label_b)
{
  GString *out;

  g_return_val_if_fail (GW_IS_CHANGE_LIST (self), NULL);
  g_return_val_if_fail (label_a != NULL && label_b != NULL, NULL);

  out = g_string_sized_new (32 + 48 * (gsize) self->n_shown);
  g_string_append (out, "line,name,");
  append_csv_field (out, label_a);
  g_string_append_c (out, ',');
  append_csv_field (out, label_b);
  g_string_append (out, "\r\n");

  for (guint i = 0; i < self->n_shown; i++)
    {
      const GwRowChange *change = change_at (self, self->order[i]);

      g_string_append_printf (out, "%u,", row_line (self, change->row));
      append_csv_field (out, row_name (self, change->row));
      g_string_append_printf (out, ",%s,%s\r\n",
                              gw_row_change_get_effective_a (change),
                              gw_row_change_get_effective_b (change));
    }
  return g_string_free (out, FALSE);
}

/* GObject ---------------------------------------------------------------- */

static void
gw_change_list_finalize (GObject *object)
{
  GwChangeList *self = GW_CHANGE_LIST (object);

  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->live);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_object_weak_unref (value, item_finalized_cb, self);
    g_hash_table_unref (self->live);
  }
  g_clear_pointer (&self->run, gw_run_unref);
  g_clear_pointer (&self->changes, g_array_unref);
  g_free (self->order);
  g_strfreev (self->folded);
  g_free (self->name_ranks);
  g_free (self->search);

  G_OBJECT_CLASS (gw_change_list_parent_class)->finalize (object);
}

static void
gw_change_list_class_init (GwChangeListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_change_list_finalize;
}

static void
gw_change_list_init (GwChangeList *self)
{
  self->live = g_hash_table_new (NULL, NULL);
  self->transition = -1;
}
