/* gw-sync-error.h: the sync layer's error domain
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GW_SYNC_ERROR (gw_sync_error_quark ())

/**
 * GwSyncError:
 * @GW_SYNC_ERROR_WRONG_PASSWORD: sign-in refused: wrong user name or password
 * @GW_SYNC_ERROR_UNAUTHORIZED: no token, or an expired or revoked one: sign in again
 * @GW_SYNC_ERROR_UNREACHABLE: the server cannot be reached (offline, refused,
 *   name not found, timed out, connection cut): work continues locally
 * @GW_SYNC_ERROR_TLS: the server's TLS certificate is not trusted
 * @GW_SYNC_ERROR_PROTOCOL: the server's reply is not what the protocol says
 * @GW_SYNC_ERROR_FORBIDDEN: the project is shared read-only, or the call is owner-only
 * @GW_SYNC_ERROR_NOT_FOUND: no such project visible to this user
 * @GW_SYNC_ERROR_CONFLICT: the server refused the data (UUID or project id taken)
 * @GW_SYNC_ERROR_RATE_LIMITED: too many requests or failed sign-ins; try later
 * @GW_SYNC_ERROR_SERVER: the server has a problem (5xx); try later
 * @GW_SYNC_ERROR_INVALID: a bad argument (server URL, project file)
 *
 * Errors of the sync client.  Cancellation is reported as
 * %G_IO_ERROR_CANCELLED and project-file problems keep their
 * %GW_PROJECT_ERROR.
 */
typedef enum
{
  GW_SYNC_ERROR_WRONG_PASSWORD,
  GW_SYNC_ERROR_UNAUTHORIZED,
  GW_SYNC_ERROR_UNREACHABLE,
  GW_SYNC_ERROR_TLS,
  GW_SYNC_ERROR_PROTOCOL,
  GW_SYNC_ERROR_FORBIDDEN,
  GW_SYNC_ERROR_NOT_FOUND,
  GW_SYNC_ERROR_CONFLICT,
  GW_SYNC_ERROR_RATE_LIMITED,
  GW_SYNC_ERROR_SERVER,
  GW_SYNC_ERROR_INVALID,
} GwSyncError;

GQuark gw_sync_error_quark (void);

G_END_DECLS
