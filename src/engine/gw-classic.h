/* gw-classic.h: the classic preset, Rule 1 of the old platform (ANALYSIS.md §4)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gw_classic_analyze() itself is declared in gw-run-private.h; the helpers
 * here are its building blocks, public to the engine so tests can pin them.
 */

#pragma once

#include "gw-run-private.h"

G_BEGIN_DECLS

/* Feature selection of §4.2.  @columns holds the anchors' Log P, C and DB
 * values (indexed by GwFeature), each @n long.  Writes the kept features,
 * earliest first, to @out and returns how many (at least 1).  Sets
 * *@fell_back when no candidate survived and Log P was used anyway. */
guint    gw_classic_select_features  (const double * const  columns[GW_N_FEATURES],
                                      guint                 n,
                                      GwFeature             out[GW_N_FEATURES],
                                      gboolean             *fell_back);

/* The cross-validation split of §4.5 for @n anchors: fills @fold (n long)
 * with each anchor's held-out fold and returns the number of folds
 * (n for leave-one-out below 5 anchors, 3 from 5 to 9, else 5). */
guint    gw_classic_assign_folds     (guint                 n,
                                      guint                *fold);

/* sklearn's r2_score, including its answers for a constant @y
 * (1 for a perfect prediction, else 0). */
double   gw_classic_r2_score         (const double         *y,
                                      const double         *predicted,
                                      guint                 n);

/* "RT = 6.99 + 1.471·LogP + 0.050·DB", newly allocated. */
char    *gw_classic_format_equation  (double                intercept,
                                      const double         *coef,
                                      const GwFeature      *features,
                                      guint                 n_features);

G_END_DECLS
