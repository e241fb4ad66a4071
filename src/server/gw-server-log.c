/* gw-server-log.c: structured logging for journald or a plain stream
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under systemd, stderr is the journal and every field (GW_CLIENT,
 * GW_STATUS, …) arrives as a journal field.  Otherwise each entry is one
 * line: time, level, domain, message.  Nothing logged anywhere contains a
 * password or a token: the code never passes them to the logger.
 */

#define G_LOG_DOMAIN "gw-server"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gw-server-log.h"

static gboolean log_verbose;
static gboolean log_journald;

static const char *
level_name (GLogLevelFlags level)
{
  if (level & G_LOG_LEVEL_ERROR) return "error";
  if (level & G_LOG_LEVEL_CRITICAL) return "critical";
  if (level & G_LOG_LEVEL_WARNING) return "warning";
  if (level & G_LOG_LEVEL_MESSAGE) return "notice";
  if (level & G_LOG_LEVEL_INFO) return "info";
  return "debug";
}

static GLogWriterOutput
writer (GLogLevelFlags   level,
        const GLogField *fields,
        gsize            n_fields,
        gpointer         user_data)
{
  const char *message = NULL, *domain = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *line = NULL;

  if ((level & G_LOG_LEVEL_DEBUG) && !log_verbose)
    return G_LOG_WRITER_HANDLED;

  if (log_journald)
    return g_log_writer_journald (level, fields, n_fields, user_data);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
      else if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
    }

  now = g_date_time_new_now_utc ();
  stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  line = g_strdup_printf ("%s %s %s: %s\n", stamp, level_name (level),
                          domain ? domain : "gw-server", message ? message : "");
  /* One write per entry, so lines from several threads never mix. */
  if (write (STDERR_FILENO, line, strlen (line)) < 0)
    return G_LOG_WRITER_UNHANDLED;
  return G_LOG_WRITER_HANDLED;
}

void
gw_server_log_init (gboolean verbose)
{
  static gboolean initialised;

  log_verbose = verbose;
  if (initialised)
    return;
  initialised = TRUE;
  log_journald = g_log_writer_is_journald (STDERR_FILENO);
  g_log_set_writer_func (writer, NULL, NULL);
}
