/* gw-change-list.h: the rows whose status changed between two runs
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-project.h"

G_BEGIN_DECLS

/* A row's effective status: the engine's GwStatus, or the analyst's
 * override after them. */
#define GW_EFFECTIVE_ACCEPTED GW_N_STATUSES
#define GW_EFFECTIVE_REJECTED (GW_N_STATUSES + 1)
#define GW_N_EFFECTIVE        (GW_N_STATUSES + 2)

guint       gw_row_change_get_from        (const GwRowChange *change);
guint       gw_row_change_get_to          (const GwRowChange *change);
/* "Valid", "Accepted", … (translated). */
const char *gw_effective_get_label        (guint              effective);
/* "Outlier → Valid" (translated). */
char       *gw_effective_format_transition (guint             from,
                                            guint             to);

/* The orders the list offers, one per column of the compare window. */
typedef enum
{
  GW_CHANGE_SORT_LINE,
  GW_CHANGE_SORT_NAME,
  GW_CHANGE_SORT_FROM,
  GW_CHANGE_SORT_TO,
  GW_N_CHANGE_SORTS
} GwChangeSort;

#define GW_TYPE_CHANGE_LIST (gw_change_list_get_type ())

G_DECLARE_FINAL_TYPE (GwChangeList, gw_change_list, GW, CHANGE_LIST, GObject)

/* A GListModel of GwChangeItem, created on demand, over @changes (by
 * row, as GwRunComparison gives them); @run names the rows and may be
 * NULL.  Shows every change by line until sorted or filtered. */
GwChangeList      *gw_change_list_new              (GwRun        *run,
                                                    GArray       *changes);
/* Every change, whatever the filter. */
guint              gw_change_list_get_n_changes    (GwChangeList *self);
/* The kinds of change ("Valid → Outlier"), most frequent first. */
guint              gw_change_list_get_n_transitions (GwChangeList *self);
void               gw_change_list_get_transition   (GwChangeList *self,
                                                    guint         index,
                                                    guint        *from,
                                                    guint        *to,
                                                    guint        *count);
/* Shows only the changes of transition @index, or all for -1. */
void               gw_change_list_set_transition   (GwChangeList *self,
                                                    int           index);
/* Shows only rows whose name contains @text, ignoring case; NULL or ""
 * for all. */
void               gw_change_list_set_search       (GwChangeList *self,
                                                    const char   *text);
void               gw_change_list_set_sort         (GwChangeList *self,
                                                    GwChangeSort  sort,
                                                    gboolean      descending);
/* (transfer none): the change at @position of the list as shown. */
const GwRowChange *gw_change_list_get_change       (GwChangeList *self,
                                                    guint         position);
/* The changes as shown, as CSV: line, name, and the effective status in
 * each run under @label_a and @label_b. */
char              *gw_change_list_to_csv           (GwChangeList *self,
                                                    const char   *label_a,
                                                    const char   *label_b);

G_END_DECLS
