/* gw-cli-sync.c: `ganglioside sync`, `login` and `logout`: the lab server
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The token comes from GANGLIOSIDE_TOKEN, or else (when built with
 * libsecret) from the keyring entry the app stores at sign-in: schema
 * "io.github.ganglioside.Workbench.Token", attribute "server" = the
 * normalised server URL (docs/sync-protocol.md, "Client").
 */

#define G_LOG_DOMAIN "ganglioside"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifdef GW_HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "gw-cli.h"
#include "gw-project.h"
#include "gw-sync-client.h"

#define EXIT_SYNC_FAILED 2

static const char sync_summary[] =
  "Synchronises a project file with a ganglioside-server: pulls what others\n"
  "added, pushes what this file holds that the server lacks, and prints both.\n"
  "The first sync creates the project on the server.  With --project ID and a\n"
  "file that does not exist yet, the server project is downloaded into a new\n"
  "file.  --list prints the lab's projects instead.\n"
  "\n"
  "The token is read from the environment variable GANGLIOSIDE_TOKEN (see\n"
  "`ganglioside login`), or from the keyring entry the app saved.\n"
  "\n"
  "Exit status: 0 on success, 1 for a bad command line, 2 when the sync\n"
  "failed (the reason is printed; nothing local is lost).";

static const char login_summary[] =
  "Signs in to a ganglioside-server and prints the token, for\n"
  "GANGLIOSIDE_TOKEN.  The password is read from the first line of standard\n"
  "input.\n"
  "\n"
  "Exit status: 0 on success, 1 for a bad command line, 2 when signing in failed.";

static const char logout_summary[] =
  "Revokes the token in GANGLIOSIDE_TOKEN on the server.\n"
  "\n"
  "Exit status: 0 on success, 1 for a bad command line, 2 on failure.";

#ifdef GW_HAVE_LIBSECRET
static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.ganglioside.Workbench.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };
  return &schema;
}
#endif

static char *
find_token (const char *server)
{
  const char *env = g_getenv ("GANGLIOSIDE_TOKEN");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
#ifdef GW_HAVE_LIBSECRET
  /* No keyring (a headless machine) is not an error: just no token. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    return secret_password_lookup_sync (token_schema (), NULL, NULL, "server", server, NULL);
#endif
  return NULL;
}

static void
print_counts (const char  *label,
              const guint *counts,
              guint        extra,
              const char  *extra_label)
{
  g_autoptr(GString) line = g_string_new (NULL);
  static const char *const singular[GW_SYNC_N_KINDS] = {
    "metadata revision", "dataset", "run", "curation event", "other item",
  };
  static const char *const plural[GW_SYNC_N_KINDS] = {
    "metadata revisions", "datasets", "runs", "curation events", "other items",
  };

  for (guint k = 0; k < GW_SYNC_N_KINDS; k++)
    if (counts[k] > 0)
      g_string_append_printf (line, "%s%u %s", line->len ? ", " : "", counts[k],
                              counts[k] == 1 ? singular[k] : plural[k]);
  if (extra > 0)
    g_string_append_printf (line, "%s%u %s", line->len ? ", " : "", extra, extra_label);
  printf ("%s: %s\n", label, line->len ? line->str : "nothing");
}

static int
list_projects (GwSyncClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = gw_sync_client_list_projects (client, NULL, &error);

  if (projects == NULL)
    {
      fprintf (stderr, "ganglioside sync: %s\n", error->message);
      return EXIT_SYNC_FAILED;
    }
  for (guint i = 0; i < projects->len; i++)
    {
      GwSyncProject *p = g_ptr_array_index (projects, i);

      printf ("%s  %-6s %-12s %6" G_GINT64_FORMAT " items  %s\n", p->id,
              p->access ? p->access : "", p->owner ? p->owner : "", p->head, p->name);
    }
  return GW_EXIT_OK;
}

int
gw_cli_sync (int    argc,
             char **argv)
{
  g_autofree char *server = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *share_team = NULL;
  g_autofree char *access = NULL;
  g_autofree char *token = NULL;
  g_auto(GStrv) rest = NULL;
  gboolean list = FALSE;
  gint chunk_kib = 0;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncClient) client = NULL;
  g_autoptr(GwSyncReport) report = NULL;
  const char *path;
  GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server, "The lab server (https://…)", "URL" },
    { "project", 'p', 0, G_OPTION_ARG_STRING, &project_id, "Download this server project into a new FILE", "ID" },
    { "list", 'l', 0, G_OPTION_ARG_NONE, &list, "List the lab's projects and exit", NULL },
    { "share", 0, 0, G_OPTION_ARG_STRING, &share_team, "After syncing, share the project with TEAM", "TEAM" },
    { "access", 0, 0, G_OPTION_ARG_STRING, &access, "Access for --share: read (default) or write", "read|write" },
    { "chunk-size", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &chunk_kib, "Upload piece size in KiB (tests)", "KIB" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "FILE.gwproject" },
    { NULL }
  };

  context = g_option_context_new ("FILE.gwproject — synchronise a project with a lab server");
  g_option_context_set_summary (context, sync_summary);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gw_cli_usage_error (context, "sync", "%s", error->message);
  if (server == NULL)
    return gw_cli_usage_error (context, "sync", "no server given (--server URL)");
  if (!list && (rest == NULL || rest[0] == NULL))
    return gw_cli_usage_error (context, "sync", "no project file given");
  if (rest != NULL && rest[0] != NULL && rest[1] != NULL)
    return gw_cli_usage_error (context, "sync", "only one project file, please (got “%s” too)", rest[1]);
  if (access != NULL && share_team == NULL)
    return gw_cli_usage_error (context, "sync", "--access needs --share TEAM");
  if (access != NULL && !g_str_equal (access, "read") && !g_str_equal (access, "write"))
    return gw_cli_usage_error (context, "sync", "--access must be read or write, not “%s”", access);

  client = gw_sync_client_new (server, &error);
  if (client == NULL)
    return gw_cli_usage_error (context, "sync", "%s", error->message);
  if (chunk_kib > 0)
    gw_sync_client_set_chunk_size (client, (guint) chunk_kib * 1024);

  token = find_token (gw_sync_client_get_server_url (client));
  if (token == NULL)
    {
      fprintf (stderr, "ganglioside sync: no token for %s: set GANGLIOSIDE_TOKEN "
                       "(`ganglioside login --server %s --user NAME` prints one)\n",
               gw_sync_client_get_server_url (client), gw_sync_client_get_server_url (client));
      return EXIT_SYNC_FAILED;
    }
  gw_sync_client_set_token (client, token);

  if (list)
    return list_projects (client);

  path = rest[0];
  if (project_id != NULL && !g_file_test (path, G_FILE_TEST_EXISTS))
    report = gw_sync_client_clone_project (client, project_id, path, NULL, &error);
  else
    {
      if (project_id != NULL)
        {
          g_autofree char *attached = gw_sync_client_dup_project_id (client, path);

          if (attached == NULL || g_ascii_strcasecmp (attached, project_id) != 0)
            {
              fprintf (stderr, "ganglioside sync: %s already exists%s; --project downloads into a new file\n",
                       path, attached ? " and syncs with another project" : "");
              return GW_EXIT_USAGE;
            }
        }
      report = gw_sync_client_sync_project (client, path, NULL, &error);
    }

  if (report == NULL)
    {
      fprintf (stderr, "ganglioside sync: %s: %s\n", path, error->message);
      return EXIT_SYNC_FAILED;
    }

  printf ("Synchronised %s with %s (project %s%s)\n", path, gw_sync_client_get_server_url (client),
          report->project_id, report->created ? ", created on the server" : "");
  print_counts ("Pushed", report->pushed, report->pushed_again, "already on the server");
  print_counts ("Pulled", report->pulled, 0, NULL);
  if (report->blobs_uploaded > 0 || report->bytes_resumed > 0)
    printf ("Uploaded: %u blobs, %" G_GUINT64_FORMAT " bytes%s\n", report->blobs_uploaded,
            report->bytes_uploaded,
            report->bytes_resumed > 0 ? " (an interrupted upload resumed)" : "");
  if (report->bytes_downloaded > 0)
    printf ("Downloaded: %" G_GUINT64_FORMAT " bytes\n", report->bytes_downloaded);
  printf ("Server head: %" G_GINT64_FORMAT "\n", report->head);

  if (share_team != NULL)
    {
      if (!gw_sync_client_share_project (client, report->project_id, share_team,
                                         access ? access : "read", NULL, &error))
        {
          fprintf (stderr, "ganglioside sync: sharing with %s: %s\n", share_team, error->message);
          return EXIT_SYNC_FAILED;
        }
      printf ("Shared with team %s (%s)\n", share_team, access ? access : "read");
    }

  return GW_EXIT_OK;
}

static char *
read_password (void)
{
  char buf[4096];
  gsize len;

  if (fgets (buf, sizeof buf, stdin) == NULL)
    return NULL;
  len = strlen (buf);
  while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
    buf[--len] = '\0';
  {
    char *password = g_strdup (buf);
    memset (buf, 0, sizeof buf);
    return password;
  }
}

int
gw_cli_login (int    argc,
              char **argv)
{
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncClient) client = NULL;
  g_autoptr(GwSyncSession) session = NULL;
  GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server, "The lab server (https://…)", "URL" },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, "Your user name on the server", "NAME" },
    { NULL }
  };

  context = g_option_context_new ("— sign in to a lab server and print the token");
  g_option_context_set_summary (context, login_summary);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gw_cli_usage_error (context, "login", "%s", error->message);
  if (argc > 1)
    return gw_cli_usage_error (context, "login", "unexpected argument “%s”", argv[1]);
  if (server == NULL || user == NULL)
    return gw_cli_usage_error (context, "login", "both --server URL and --user NAME are needed");

  client = gw_sync_client_new (server, &error);
  if (client == NULL)
    return gw_cli_usage_error (context, "login", "%s", error->message);

  if (isatty (STDIN_FILENO))
    fprintf (stderr, "Password for %s on %s: ", user, gw_sync_client_get_server_url (client));
  password = read_password ();
  if (password == NULL || *password == '\0')
    {
      fprintf (stderr, "ganglioside login: no password on standard input\n");
      return GW_EXIT_USAGE;
    }

  session = gw_sync_client_sign_in (client, user, password, NULL, &error);
  memset (password, 0, strlen (password));
  if (session == NULL)
    {
      fprintf (stderr, "ganglioside login: %s\n", error->message);
      return EXIT_SYNC_FAILED;
    }
  printf ("%s\n", session->token);
  if (session->expires_at != NULL)
    fprintf (stderr, "Signed in as %s; the token expires at %s.\n",
             session->user ? session->user : user, session->expires_at);
  return GW_EXIT_OK;
}

int
gw_cli_logout (int    argc,
               char **argv)
{
  g_autofree char *server = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwSyncClient) client = NULL;
  GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server, "The lab server (https://…)", "URL" },
    { NULL }
  };

  context = g_option_context_new ("— revoke the token in GANGLIOSIDE_TOKEN");
  g_option_context_set_summary (context, logout_summary);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return gw_cli_usage_error (context, "logout", "%s", error->message);
  if (server == NULL)
    return gw_cli_usage_error (context, "logout", "no server given (--server URL)");

  client = gw_sync_client_new (server, &error);
  if (client == NULL)
    return gw_cli_usage_error (context, "logout", "%s", error->message);
  token = find_token (gw_sync_client_get_server_url (client));
  if (token == NULL)
    {
      fprintf (stderr, "ganglioside logout: no token (GANGLIOSIDE_TOKEN is not set)\n");
      return EXIT_SYNC_FAILED;
    }
  gw_sync_client_set_token (client, token);
  if (!gw_sync_client_sign_out (client, NULL, &error))
    {
      fprintf (stderr, "ganglioside logout: %s\n", error->message);
      return EXIT_SYNC_FAILED;
    }
  return GW_EXIT_OK;
}
