/* gw-name.h: ganglioside annotation names (ANALYSIS.md §2)
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GW_NAME_ERROR (gw_name_error_quark ())

typedef enum
{
  GW_NAME_ERROR_EMPTY,
  GW_NAME_ERROR_HEAD,          /* bad or missing G + letter + digit */
  GW_NAME_ERROR_MODIFICATION,  /* unknown or malformed +MOD */
  GW_NAME_ERROR_CERAMIDE,      /* malformed (C:DB;OX) */
  GW_NAME_ERROR_TRAILING,      /* text after the closing parenthesis, or several parentheses */
} GwNameError;

/* Modifications, in canonical (sorted) order. */
typedef enum
{
  GW_MOD_OAC,
  GW_MOD_DHEX,
  GW_MOD_FUC,
  GW_MOD_HEX,
  GW_MOD_HEXNAC,
  GW_MOD_NEUAC,
  GW_MOD_NEUGC,
  GW_MOD_AC,
  GW_MOD_SO3,
  GW_N_MODS
} GwModKind;

typedef enum
{
  GW_CATEGORY_GA,
  GW_CATEGORY_GM,
  GW_CATEGORY_GD,
  GW_CATEGORY_GT,
  GW_CATEGORY_GQ,
  GW_CATEGORY_GP,
  GW_N_CATEGORIES
} GwCategory;

/**
 * GwName:
 *
 * A parsed annotation.  Plain data, no allocations: it can be copied with
 * `=` and stored in arrays.  The original string is kept by the caller
 * (the table keeps it).
 */
typedef struct
{
  guint8  sialic;                 /* 0..5, from the letter A M D T Q P */
  guint8  f;                      /* the digit, 1..4 */
  char    isomer;                 /* 0, 'a', 'b' or 'c' */
  guint8  mods[GW_N_MODS];        /* count per modification */
  guint16 carbons;                /* C */
  guint8  db;                     /* DB */
  guint8  ox;                     /* the O count of ;OX (2 for d, 3 for t) */
} GwName;

GQuark       gw_name_error_quark            (void);

/* Parses @len bytes of @str (or up to NUL when @len < 0) into @out.
 * Errors give the 1-based character position, e.g.
 * "unknown modification 'Foo' at character 6". */
gboolean     gw_name_parse                  (const char    *str,
                                             gssize         len,
                                             GwName        *out,
                                             GError       **error);

/* Canonical forms, newly allocated: "GD1a+2OAc(36:1;O2)". */
char        *gw_name_format                 (const GwName  *name);
/* Head, isomer and modifications in canonical order: "GD1a+2OAc". */
char        *gw_name_format_prefix          (const GwName  *name);
/* Ceramide only: "36:1;O2". */
char        *gw_name_format_ceramide        (const GwName  *name);
/* Head without isomer letter: "GD1". */
char        *gw_name_format_head            (const GwName  *name);
/* Modifications only, canonical order: "+2OAc+dHex"; "" when none. */
char        *gw_name_format_mods            (const GwName  *name);

guint        gw_name_get_sugars             (const GwName  *name);
GwCategory   gw_name_get_category           (const GwName  *name);
gboolean     gw_name_can_have_isomers       (const GwName  *name);
guint        gw_name_get_n_mods             (const GwName  *name);
/* Same head, isomer, C, DB and OX (modifications ignored). */
gboolean     gw_name_equal                  (const GwName  *a,
                                             const GwName  *b);
/* Every field equal, modifications included. */
gboolean     gw_name_full_equal             (const GwName  *a,
                                             const GwName  *b);
/* A stable 32-bit key for the ceramide (C, DB, OX). */
guint32      gw_name_ceramide_key           (const GwName  *name);

const char  *gw_mod_kind_to_string          (GwModKind      kind);   /* "OAc" */
/* Exact, case-sensitive: "HexNAc" → GW_MOD_HEXNAC. */
gboolean     gw_mod_kind_from_string        (const char    *str,
                                             GwModKind     *kind);
const char  *gw_category_to_string          (GwCategory     category); /* "GD" */
const char  *gw_category_get_display_name   (GwCategory     category); /* "Disialo" */

G_END_DECLS
