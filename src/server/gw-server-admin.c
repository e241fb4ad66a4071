/* gw-server-admin.c: the administration commands of ganglioside-server
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-server"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gw-auth.h"
#include "gw-server-admin.h"
#include "gw-storage.h"

#define MIN_PASSWORD_LENGTH 8

static const char usage[] =
  "Administration commands:\n"
  "  user add NAME [--admin]     add a user; the password is read from standard input\n"
  "  user password NAME          set a new password, read from standard input\n"
  "  user disable NAME           disable a user and revoke their sessions\n"
  "  user enable NAME            enable a disabled user again\n"
  "  user list                   list users\n"
  "  team add NAME               add a team\n"
  "  team member add TEAM USER   add a user to a team\n"
  "  migrate                     bring the database schema up to date\n"
  "  backup FILE                 write a consistent backup of everything to FILE\n"
  "  restore FILE                replace the database content with a backup\n";

static gboolean
valid_name (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > 64)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.' && *p != '@')
      return FALSE;
  return TRUE;
}

static char *
read_password (void)
{
  char buffer[1024];
  gsize len;

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    return NULL;
  len = strlen (buffer);
  while (len > 0 && (buffer[len - 1] == '\n' || buffer[len - 1] == '\r'))
    buffer[--len] = '\0';
  {
    char *copy = g_strdup (buffer);
    memset (buffer, 0, sizeof buffer);
    return copy;
  }
}

static int
fail (GError *error)
{
  g_printerr ("ganglioside-server: %s\n", error->message);
  return 1;
}

int
gw_server_admin_run (GwServerConfig *config,
                     int             argc,
                     char          **argv)
{
  g_autoptr(GError) error = NULL;
  GwStorage *storage_raw;
  int status = 0;
  const char *cmd = argc > 0 ? argv[0] : "";
  const char *sub = argc > 1 ? argv[1] : "";

#define ARGS(n) if (argc != (n)) { g_printerr ("%s", usage); return 2; }

  if (g_str_equal (cmd, "help"))
    {
      g_print ("%s", usage);
      return 0;
    }

  if (!g_str_equal (cmd, "user") && !g_str_equal (cmd, "team") && !g_str_equal (cmd, "migrate") &&
      !g_str_equal (cmd, "backup") && !g_str_equal (cmd, "restore"))
    {
      g_printerr ("ganglioside-server: unknown command “%s”\n%s", cmd, usage);
      return 2;
    }

  storage_raw = gw_storage_new (config->database_url, 1, &error);
  if (storage_raw == NULL)
    return fail (error);

  {
    g_autoptr(GwStorage) storage = storage_raw;
    int version = 0;

    /* Every command works on an up-to-date schema. */
    if (!gw_storage_migrate (storage, &version, &error))
      return fail (error);

    if (g_str_equal (cmd, "migrate"))
      {
        ARGS (1);
        g_print ("database schema is at version %d\n", version);
      }
    else if (g_str_equal (cmd, "user") && g_str_equal (sub, "add"))
      {
        g_autofree char *password = NULL;
        g_autofree char *hash = NULL;
        gboolean admin = FALSE;

        if (argc == 4 && g_str_equal (argv[3], "--admin"))
          admin = TRUE;
        else
          ARGS (3);
        if (!valid_name (argv[2]))
          {
            g_printerr ("ganglioside-server: “%s”: a user name is 1 to 64 letters, digits or . _ - @\n", argv[2]);
            return 2;
          }
        password = read_password ();
        if (password == NULL || strlen (password) < MIN_PASSWORD_LENGTH)
          {
            g_printerr ("ganglioside-server: give a password of at least %d characters on standard input\n",
                        MIN_PASSWORD_LENGTH);
            return 2;
          }
        hash = gw_auth_hash_password (password);
        memset (password, 0, strlen (password));
        if (hash == NULL)
          {
            g_printerr ("ganglioside-server: not enough memory to hash the password\n");
            return 1;
          }
        if (!gw_storage_user_add (storage, argv[2], hash, admin, &error))
          return fail (error);
        g_print ("added user %s%s\n", argv[2], admin ? " (admin)" : "");
      }
    else if (g_str_equal (cmd, "user") && g_str_equal (sub, "password"))
      {
        g_autofree char *password = NULL;
        g_autofree char *hash = NULL;

        ARGS (3);
        password = read_password ();
        if (password == NULL || strlen (password) < MIN_PASSWORD_LENGTH)
          {
            g_printerr ("ganglioside-server: give a password of at least %d characters on standard input\n",
                        MIN_PASSWORD_LENGTH);
            return 2;
          }
        hash = gw_auth_hash_password (password);
        memset (password, 0, strlen (password));
        if (hash == NULL || !gw_storage_user_set_password (storage, argv[2], hash, &error))
          {
            if (error == NULL)
              g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "not enough memory to hash the password");
            return fail (error);
          }
        g_print ("set a new password for %s\n", argv[2]);
      }
    else if (g_str_equal (cmd, "user") && (g_str_equal (sub, "disable") || g_str_equal (sub, "enable")))
      {
        ARGS (3);
        if (!gw_storage_user_set_disabled (storage, argv[2], g_str_equal (sub, "disable"), &error))
          return fail (error);
        g_print ("%s user %s\n", g_str_equal (sub, "disable") ? "disabled" : "enabled", argv[2]);
      }
    else if (g_str_equal (cmd, "user") && g_str_equal (sub, "list"))
      {
        g_autoptr(GPtrArray) users = NULL;

        ARGS (2);
        users = gw_storage_user_list (storage, &error);
        if (users == NULL)
          return fail (error);
        for (guint i = 0; i < users->len; i++)
          {
            GwUser *user = g_ptr_array_index (users, i);

            g_print ("%s%s%s\n", user->name, user->admin ? "\tadmin" : "\t-",
                     user->disabled ? "\tdisabled" : "\tactive");
          }
      }
    else if (g_str_equal (cmd, "team") && g_str_equal (sub, "add"))
      {
        ARGS (3);
        if (!valid_name (argv[2]))
          {
            g_printerr ("ganglioside-server: “%s”: a team name is 1 to 64 letters, digits or . _ - @\n", argv[2]);
            return 2;
          }
        if (!gw_storage_team_add (storage, argv[2], &error))
          return fail (error);
        g_print ("added team %s\n", argv[2]);
      }
    else if (g_str_equal (cmd, "team") && g_str_equal (sub, "member") &&
             argc == 5 && g_str_equal (argv[2], "add"))
      {
        if (!gw_storage_team_member_add (storage, argv[3], argv[4], &error))
          return fail (error);
        g_print ("added %s to team %s\n", argv[4], argv[3]);
      }
    else if (g_str_equal (cmd, "backup"))
      {
        ARGS (2);
        if (!gw_storage_backup (storage, argv[1], &error))
          return fail (error);
        g_print ("wrote backup %s\n", argv[1]);
      }
    else if (g_str_equal (cmd, "restore"))
      {
        ARGS (2);
        if (!gw_storage_restore (storage, argv[1], &error))
          return fail (error);
        g_print ("restored %s\n", argv[1]);
      }
    else
      {
        g_printerr ("%s", usage);
        status = 2;
      }
  }

#undef ARGS
  return status;
}
