/* gw-synth.h: deterministic synthetic peak tables with planted truth
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by test-robust.c (accuracy on data we did not tune on) and by the
 * engine benchmark.  Header-only so each test program stays one file.
 *
 * The model follows the chemistry in DOMAIN.md: within a group, RT is
 * linear in Log P (slope ≈ 1.4, Gaussian noise); Log P grows 0.54 per
 * carbon and falls 0.51 per double bond and 1.16 for ;O3; more sialic
 * acids elute earlier.  Planted errors:
 *  - misid: RT moved by ±0.8–2.5 min,
 *  - isomer: a second GD1/GT1/GQ1 peak of the same name 0.17–0.8 min later,
 *  - fragment: a row named like a parent with one sialic acid less, at the
 *    parent's RT (in-source NeuAc loss).
 */

#pragma once

#include <glib.h>
#include <math.h>

typedef enum
{
  GW_SYNTH_GENUINE,
  GW_SYNTH_ISOMER,
  GW_SYNTH_MISID,
  GW_SYNTH_FRAGMENT,
} GwSynthTruth;

typedef struct
{
  double noise;          /* RT noise SD, min */
  double anchor_frac;    /* fraction of genuine rows that are anchors */
  double error_rate;     /* fraction of rows that are misidentified */
  double fragment_rate;  /* chance that a parent shows a fragment */
  double isomer_rate;    /* chance that a GD1/GT1/GQ1 row has an isomer */
  guint32 seed;
} GwSynthParams;

typedef struct
{
  GString *csv;          /* Name,RT,Volume,Log P,Anchor */
  GArray  *truth;        /* GwSynthTruth per data row */
  GArray  *anchor;       /* gboolean per data row */
} GwSynthTable;

static const struct
{
  const char *head;
  int         sialic;
  double      base_logp;  /* at 36:1;O2 */
  double      intercept;
} gw_synth_heads[] = {
  { "GM3", 1, 7.74, 0.10 },
  { "GM2", 1, 5.20, 3.24 },
  { "GM1", 1, 4.00, 4.13 },
  { "GD3", 2, 5.27, 3.01 },
  { "GD2", 2, 3.10, 5.31 },
  { "GD1", 2, 1.53, 7.13 },
  { "GT3", 3, 2.70, 5.62 },
  { "GT1", 3, -0.94, 10.04 },
  { "GQ1", 4, -3.37, 13.07 },
  { "GP1", 5, -5.90, 16.02 },
};

static const struct
{
  const char *mod;
  double      dlogp;
  double      dintercept;
} gw_synth_mods[] = {
  { "", 0, 0 },
  { "+OAc", 0.57, -0.7 },
  { "+dHex", 0.30, -0.2 },
  { "+HexNAc", -1.10, 1.0 },
  { "+2OAc", 1.10, -1.5 },
};

#define GW_SYNTH_N_HEADS G_N_ELEMENTS (gw_synth_heads)
#define GW_SYNTH_N_MODS  G_N_ELEMENTS (gw_synth_mods)
#define GW_SYNTH_N_CER   (13 * 4 * 2)

typedef struct
{
  char   *name;
  double  rt;
  double  logp;
  double  volume;
  gboolean anchor;
  GwSynthTruth truth;
} GwSynthRow;

static inline double
gw_synth_normal (GRand *rand)
{
  /* Box–Muller; one value per call keeps the stream simple. */
  double u1 = g_rand_double_range (rand, 1e-12, 1.0);
  double u2 = g_rand_double (rand);

  return sqrt (-2 * log (u1)) * cos (2 * G_PI * u2);
}

static inline double
gw_synth_logp (int    head,
               int    mod,
               int    c,
               int    db,
               int    ox)
{
  double lp = gw_synth_heads[head].base_logp + gw_synth_mods[mod].dlogp +
              0.54 * (c - 36) - 0.51 * (db - 1) - 1.16 * (ox - 2);

  return round (lp * 100) / 100;
}

static inline int
gw_synth_find_head (int sialic,
                    char digit)
{
  for (guint h = 0; h < GW_SYNTH_N_HEADS; h++)
    if (gw_synth_heads[h].sialic == sialic && gw_synth_heads[h].head[2] == digit)
      return (int) h;
  return -1;
}

static inline void
gw_synth_table_free (GwSynthTable *t)
{
  g_string_free (t->csv, TRUE);
  g_array_unref (t->truth);
  g_array_unref (t->anchor);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwSynthTable, gw_synth_table_free)

/* Builds one table; the same parameters always give the same bytes. */
static inline GwSynthTable *
gw_synth_generate (const GwSynthParams *sp)
{
  GRand *rand = g_rand_new_with_seed (sp->seed);
  GwSynthTable *t = g_new0 (GwSynthTable, 1);
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (GwSynthRow));
  gboolean present_prefix[GW_SYNTH_N_HEADS][GW_SYNTH_N_MODS] = { { FALSE } };
  /* True RT (before a misid shift) of each generated name, NAN if absent. */
  double true_rt[GW_SYNTH_N_HEADS][GW_SYNTH_N_MODS][GW_SYNTH_N_CER];
  int cer_c[GW_SYNTH_N_CER], cer_db[GW_SYNTH_N_CER], cer_ox[GW_SYNTH_N_CER];

  for (int c = 32, k = 0; c <= 44; c++)
    for (int db = 0; db <= 3; db++)
      for (int ox = 2; ox <= 3; ox++, k++)
        {
          cer_c[k] = c;
          cer_db[k] = db;
          cer_ox[k] = ox;
        }

  for (guint h = 0; h < GW_SYNTH_N_HEADS; h++)
    for (guint m = 0; m < GW_SYNTH_N_MODS; m++)
      {
        for (guint k = 0; k < GW_SYNTH_N_CER; k++)
          true_rt[h][m][k] = NAN;
        present_prefix[h][m] = m == 0 || g_rand_double (rand) < 0.35;
      }

  for (guint h = 0; h < GW_SYNTH_N_HEADS; h++)
    for (guint m = 0; m < GW_SYNTH_N_MODS; m++)
      {
        int order[GW_SYNTH_N_CER];
        double slope, intercept;
        int n, chosen = 0;

        if (!present_prefix[h][m])
          continue;

        slope = 1.4 + 0.06 * gw_synth_normal (rand);
        intercept = gw_synth_heads[h].intercept + gw_synth_mods[m].dintercept +
                    0.1 * gw_synth_normal (rand);
        n = m == 0 ? g_rand_int_range (rand, 3, 31) : g_rand_int_range (rand, 2, 15);

        for (int k = 0; k < (int) GW_SYNTH_N_CER; k++)
          order[k] = k;

        /* Partial Fisher–Yates; ;O3 ceramides are rarer. */
        for (int k = 0; k < (int) GW_SYNTH_N_CER && chosen < n; k++)
          {
            int j = g_rand_int_range (rand, k, GW_SYNTH_N_CER);
            int tmp = order[k];
            int ck;
            double lp, rt;
            GwSynthRow row = { 0 };

            order[k] = order[j];
            order[j] = tmp;
            ck = order[k];
            if (cer_ox[ck] == 3 && g_rand_double (rand) < 0.7)
              continue;
            chosen++;

            lp = gw_synth_logp (h, m, cer_c[ck], cer_db[ck], cer_ox[ck]);
            rt = intercept + slope * lp + sp->noise * gw_synth_normal (rand);
            if (rt < 0.3)
              continue;  /* off the column: a real run would not see it */
            true_rt[h][m][ck] = rt;

            row.name = g_strdup_printf ("%s%s(%d:%d;O%d)", gw_synth_heads[h].head,
                                        gw_synth_mods[m].mod, cer_c[ck], cer_db[ck], cer_ox[ck]);
            row.logp = lp;
            row.rt = rt;
            row.volume = pow (10, g_rand_double_range (rand, 4, 6.5));
            row.truth = GW_SYNTH_GENUINE;
            if (g_rand_double (rand) < sp->error_rate)
              {
                double shift = g_rand_double_range (rand, 0.8, 2.5);

                if (g_rand_boolean (rand) && rt - shift > 0.3)
                  shift = -shift;
                row.rt = rt + shift;
                row.truth = GW_SYNTH_MISID;
              }
            row.anchor = row.truth == GW_SYNTH_GENUINE && g_rand_double (rand) < sp->anchor_frac;
            g_array_append_val (rows, row);

            /* Only GD1, GT1 and GQ1 have a/b/c isomers; the second peak
             * goes with a correctly named first one. */
            if (gw_synth_heads[h].sialic >= 2 && gw_synth_heads[h].sialic <= 4 &&
                gw_synth_heads[h].head[2] == '1' && row.truth == GW_SYNTH_GENUINE &&
                g_rand_double (rand) < sp->isomer_rate)
              {
                GwSynthRow iso = { 0 };

                iso.name = g_strdup (row.name);
                iso.logp = lp;
                iso.rt = rt + g_rand_double_range (rand, 0.17, 0.8);
                iso.volume = pow (10, g_rand_double_range (rand, 4, 6));
                iso.truth = GW_SYNTH_ISOMER;
                g_array_append_val (rows, iso);
              }
          }
      }

  /* Fragments: a parent with one more sialic acid and the same neutral
   * core loses a NeuAc in the source; the signal appears under the
   * child's name at the parent's RT. */
  for (guint h = 0; h < GW_SYNTH_N_HEADS; h++)
    {
      int child = gw_synth_find_head (gw_synth_heads[h].sialic - 1, gw_synth_heads[h].head[2]);

      if (child < 0)
        continue;

      for (guint m = 0; m < GW_SYNTH_N_MODS; m++)
        {
          if (!present_prefix[h][m] || !present_prefix[child][m])
            continue;

          for (guint k = 0; k < GW_SYNTH_N_CER; k++)
            {
              GwSynthRow frag = { 0 };

              if (isnan (true_rt[h][m][k]) || g_rand_double (rand) >= sp->fragment_rate)
                continue;

              frag.name = g_strdup_printf ("%s%s(%d:%d;O%d)", gw_synth_heads[child].head,
                                           gw_synth_mods[m].mod, cer_c[k], cer_db[k], cer_ox[k]);
              frag.logp = gw_synth_logp (child, m, cer_c[k], cer_db[k], cer_ox[k]);
              frag.rt = true_rt[h][m][k] + 0.02 * gw_synth_normal (rand);
              frag.volume = pow (10, g_rand_double_range (rand, 3.5, 5));
              frag.truth = GW_SYNTH_FRAGMENT;
              g_array_append_val (rows, frag);
            }
        }
    }

  /* Shuffle, so nothing depends on the file order. */
  for (guint i = rows->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      GwSynthRow tmp = g_array_index (rows, GwSynthRow, i - 1);

      g_array_index (rows, GwSynthRow, i - 1) = g_array_index (rows, GwSynthRow, j);
      g_array_index (rows, GwSynthRow, j) = tmp;
    }

  t->csv = g_string_new ("Name,RT,Volume,Log P,Anchor\n");
  t->truth = g_array_new (FALSE, FALSE, sizeof (GwSynthTruth));
  t->anchor = g_array_new (FALSE, FALSE, sizeof (gboolean));
  for (guint i = 0; i < rows->len; i++)
    {
      GwSynthRow *row = &g_array_index (rows, GwSynthRow, i);
      char rt[G_ASCII_DTOSTR_BUF_SIZE], lp[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (t->csv, "%s,%s,%.0f,%s,%s\n", row->name,
                              g_ascii_formatd (rt, sizeof rt, "%.3f", row->rt),
                              row->volume,
                              g_ascii_formatd (lp, sizeof lp, "%.2f", row->logp),
                              row->anchor ? "T" : "F");
      g_array_append_val (t->truth, row->truth);
      g_array_append_val (t->anchor, row->anchor);
      g_free (row->name);
    }

  g_array_unref (rows);
  g_rand_free (rand);

  return t;
}

/* Reads a table with planted truth in the shape of truth-dev.csv (plain
 * CSV, no quoted commas, a Truth column of genuine, isomer, misid or
 * fragment) into what gw_synth_generate() gives: the CSV the engine may
 * read, without the Truth column, and each data row's label and anchor
 * flag, for scoring only.  NULL when the header has no Truth or Anchor
 * column, a row has no Truth cell, or a label is unknown. */
static inline GwSynthTable *
gw_synth_table_from_truth_csv (const char *contents)
{
  static const char * const labels[] = { "genuine", "isomer", "misid", "fragment" };
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  GwSynthTable *t = g_new0 (GwSynthTable, 1);
  guint truth_col = G_MAXUINT, anchor_col = G_MAXUINT;
  gboolean header = TRUE;

  t->csv = g_string_new (NULL);
  t->truth = g_array_new (FALSE, FALSE, sizeof (GwSynthTruth));
  t->anchor = g_array_new (FALSE, FALSE, sizeof (gboolean));

  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_auto(GStrv) cells = NULL;
      guint n_cells;

      g_strchomp (lines[l]);
      if (lines[l][0] == '\0')
        continue;
      cells = g_strsplit (lines[l], ",", -1);
      n_cells = g_strv_length (cells);

      if (header)
        for (guint c = 0; c < n_cells; c++)
          {
            if (g_str_equal (cells[c], "Truth"))
              truth_col = c;
            else if (g_str_equal (cells[c], "Anchor"))
              anchor_col = c;
          }
      if (truth_col >= n_cells || anchor_col >= n_cells)
        goto fail;

      for (guint c = 0, out = 0; c < n_cells; c++)
        if (c != truth_col)
          {
            if (out++ > 0)
              g_string_append_c (t->csv, ',');
            g_string_append (t->csv, cells[c]);
          }
      g_string_append_c (t->csv, '\n');

      if (!header)
        {
          gboolean anchor = g_str_equal (cells[anchor_col], "T");
          GwSynthTruth truth;
          guint k;

          for (k = 0; k < G_N_ELEMENTS (labels); k++)
            if (g_str_equal (cells[truth_col], labels[k]))
              break;
          if (k == G_N_ELEMENTS (labels))
            goto fail;
          truth = (GwSynthTruth) k;
          g_array_append_val (t->truth, truth);
          g_array_append_val (t->anchor, anchor);
        }
      header = FALSE;
    }

  if (header)
    goto fail;

  return t;

fail:
  gw_synth_table_free (t);
  return NULL;
}
