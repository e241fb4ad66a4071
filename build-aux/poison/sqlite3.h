/* Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This header shadows the real sqlite3.h for the pure layers (engine, plot).
 * See docs/architecture.md: those layers must not depend on GTK, SQLite or
 * the network, so including it there is a build error.
 */
#error "sqlite3.h must not be included from src/engine or src/plot"
