/* gw-run.h: the immutable result of an analysis (ANALYSIS.md §8)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "gw-table.h"

G_BEGIN_DECLS

typedef enum
{
  GW_STATUS_VALID,
  GW_STATUS_OUTLIER,
  GW_STATUS_FRAGMENT,
  GW_STATUS_ISOMER,
  GW_STATUS_INSUFFICIENT,
  GW_STATUS_INVALID,
  GW_N_STATUSES
} GwStatus;

typedef enum
{
  GW_MODEL_LEVEL_NONE,
  GW_MODEL_LEVEL_GROUP,
  GW_MODEL_LEVEL_POOLED_SLOPE,
} GwModelLevel;

/* Features of a group model (classic uses any subset; robust uses Log P). */
typedef enum
{
  GW_FEATURE_LOGP,
  GW_FEATURE_C,
  GW_FEATURE_DB,
  GW_N_FEATURES
} GwFeature;

/* Per-row warning bits. */
typedef enum
{
  GW_ROW_WARNING_ANCHOR_INCONSISTENT = 1 << 0,  /* "anchor inconsistent with its group" */
  GW_ROW_WARNING_OAC_NO_BASE         = 1 << 1,
  GW_ROW_WARNING_OAC_RT_NOT_RAISED   = 1 << 2,
  GW_ROW_WARNING_OAC_SHIFT_RANGE     = 1 << 3,
  GW_ROW_WARNING_MOD_SHIFT_DIRECTION = 1 << 4,
  GW_ROW_WARNING_CATEGORY_INVERSION  = 1 << 5,
  GW_ROW_WARNING_SUGAR_RT_ORDER      = 1 << 6,
} GwRowWarning;

/**
 * GwModel:
 *
 * One group's model.  Owned by the run; read-only.
 */
typedef struct
{
  guint         group;               /* index into the table's groups */
  const char   *group_name;
  GwModelLevel  level;
  gboolean      accepted;            /* passed r2_threshold (classic) / usable (robust) */
  guint         n_rows;              /* valid rows in the group */
  guint         n_anchors;
  guint         n_features;
  GwFeature     features[GW_N_FEATURES];
  double        intercept;           /* raw scale */
  double        coef[GW_N_FEATURES]; /* raw scale, by position in features[] */
  double        coef_std[GW_N_FEATURES]; /* standardised scale */
  double        intercept_std;
  double        cv_r2;               /* NAN when not computed */
  double        r2;                  /* in-sample */
  double        adj_r2;
  double        rmse;                /* out-of-fold RMSE (classic), robust residual RMSE */
  double        alpha;               /* classic only, else NAN */
  double        lambda;              /* classic only, else NAN */
  double        scale;               /* σ used for z */
  const char   *equation;            /* "RT = 6.99 + 1.471·LogP + 0.050·DB" */
  const char   *warning;             /* (nullable) */
} GwModel;

typedef enum
{
  GW_OAC_OK,
  GW_OAC_NO_BASE,
  GW_OAC_RT_NOT_RAISED,
  GW_OAC_SHIFT_OUT_OF_RANGE,
} GwOacFlag;

typedef struct
{
  guint     row;
  int       base_row;      /* -1 when no base was found */
  guint     n_oac;
  double    delta_rt;      /* RT(row) − RT(base), NAN without base */
  GwOacFlag flag;
} GwOacPair;

typedef struct
{
  guint   n_members;
  guint  *members;         /* rows, sorted by RT */
  guint   top_row;         /* member with the most sugars */
  double  summed_volume;
  double  rt_span;
} GwCoelutionSet;

typedef struct
{
  const char *ceramide;    /* "36:1;O2" */
  guint       n;
  guint       n_sugar_values;
  double      r;
  double      p;
  gboolean    flagged;
} GwSugarRtFinding;

typedef struct
{
  GwCategory category;
  guint      n;
  double     mean_rt;
} GwCategoryMean;

typedef struct
{
  GwCategory earlier_expected;  /* e.g. GT, expected to elute before GD */
  GwCategory later_expected;
  double     mean_rt_earlier_expected;
  double     mean_rt_later_expected;
} GwCategoryInversion;

typedef struct
{
  guint      row;
  guint      base_row;
  GwModKind  mod;
  guint      count;
  double     shift_per_mod;
  int        expected_sign;   /* +1 or −1 */
  gboolean   flagged;
} GwModShift;

typedef struct
{
  const char *ceramide;
  guint       row_more_sialic;
  guint       row_fewer_sialic;
  double      rt_more_sialic;
  double      rt_fewer_sialic;
} GwCrossCategoryInversion;

/**
 * GwRun:
 *
 * An immutable, reference-counted analysis result.  Per-row values are
 * column arrays in input order; models and side reports are arrays of
 * plain structs.  Safe to share between threads.  A run is never edited:
 * re-analysis makes a new one.
 */
typedef struct _GwRun GwRun;

GType            gw_run_get_type             (void) G_GNUC_CONST;
GwRun           *gw_run_ref                  (GwRun     *run);
void             gw_run_unref                (GwRun     *run);

GwTable         *gw_run_get_table            (GwRun     *run);  /* (transfer none) */
/* The parameters, as a GwParams * from gw-analysis.h. */
gconstpointer    gw_run_get_params           (GwRun     *run);
const char      *gw_run_get_version          (GwRun     *run);
gint64           gw_run_get_start_time       (GwRun     *run);  /* µs since epoch, real time */
gint64           gw_run_get_end_time         (GwRun     *run);
guint            gw_run_get_n_rows           (GwRun     *run);
guint            gw_run_get_status_count     (GwRun     *run,
                                              GwStatus   status);

/* Column arrays, gw_run_get_n_rows() long.  NAN where a value does not apply. */
const guint8    *gw_run_get_status_column    (GwRun     *run);   /* GwStatus */
const double    *gw_run_get_predicted_column (GwRun     *run);
const double    *gw_run_get_residual_column  (GwRun     *run);
const double    *gw_run_get_z_column         (GwRun     *run);
const double    *gw_run_get_confidence_column (GwRun    *run);

GwStatus         gw_run_get_status           (GwRun     *run, guint row);
double           gw_run_get_predicted        (GwRun     *run, guint row);
double           gw_run_get_residual         (GwRun     *run, guint row);
double           gw_run_get_z                (GwRun     *run, guint row);
double           gw_run_get_pi_low           (GwRun     *run, guint row);
double           gw_run_get_pi_high          (GwRun     *run, guint row);
double           gw_run_get_confidence       (GwRun     *run, guint row);
GwModelLevel     gw_run_get_model_level      (GwRun     *run, guint row);
/* The row's group entry in gw_run_get_model() (its level and `accepted`
 * say whether a model was fitted and used), or -1 when the row has none,
 * for example an invalid row.  Classic lists every group with a valid row. */
int              gw_run_get_model_index      (GwRun     *run, guint row);
int              gw_run_get_fragment_of      (GwRun     *run, guint row);  /* row or -1 */
double           gw_run_get_fragment_parent_volume (GwRun *run, guint row); /* NAN if none */
int              gw_run_get_isomer_of        (GwRun     *run, guint row);  /* row or -1 */
int              gw_run_get_oac_base         (GwRun     *run, guint row);  /* row or -1 */
double           gw_run_get_oac_shift        (GwRun     *run, guint row);  /* NAN if none */
guint            gw_run_get_warnings         (GwRun     *run, guint row);  /* GwRowWarning bits */
/* The reason, in words; "" for a valid row without remarks.  (transfer none) */
const char      *gw_run_get_reason           (GwRun     *run, guint row);
/* The warnings in words, "; "-separated, newly allocated ("" when none). */
char            *gw_run_dup_warnings_text    (GwRun     *run, guint row);
/* The same two in the user's language (gettext domain GETTEXT_PACKAGE)
 * with numbers in the locale's format, for what a person reads: the app
 * and the PDF report.  Exports and stored runs keep the English ones
 * above, so files are the same in every locale (docs/architecture.md,
 * "Translations").  Newly allocated. */
char            *gw_run_dup_display_reason   (GwRun     *run, guint row);
char            *gw_run_dup_display_warnings_text (GwRun *run, guint row);

guint            gw_run_get_n_models         (GwRun     *run);
const GwModel   *gw_run_get_model            (GwRun     *run, guint index);

/* Side reports (ANALYSIS.md §7).  (transfer none) arrays, with their length. */
const GwOacPair                *gw_run_get_oac_pairs            (GwRun *run, guint *n);
const GwCoelutionSet           *gw_run_get_coelution_sets       (GwRun *run, guint *n);
const GwSugarRtFinding         *gw_run_get_sugar_rt_findings    (GwRun *run, guint *n);
const GwCategoryMean           *gw_run_get_category_means       (GwRun *run, guint *n);
const GwCategoryInversion      *gw_run_get_category_inversions  (GwRun *run, guint *n);
const GwModShift               *gw_run_get_mod_shifts           (GwRun *run, guint *n);
const GwCrossCategoryInversion *gw_run_get_cross_category_inversions (GwRun *run, guint *n);

/* Run-level warnings. (element-type utf8) */
const char * const *gw_run_get_warnings_list  (GwRun     *run);

const char      *gw_status_to_string         (GwStatus      status);  /* "outlier" */
gboolean         gw_status_from_string       (const char   *str,
                                              GwStatus     *status);
const char      *gw_model_level_to_string    (GwModelLevel  level);   /* "group", "pooled-slope", "none" */
const char      *gw_feature_to_string        (GwFeature     feature); /* "LogP", "C", "DB" */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwRun, gw_run_unref)

G_END_DECLS
