/* ganglioside-server.c: the lab's sync server
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-server"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "gw-auth.h"
#include "gw-server.h"
#include "gw-server-admin.h"
#include "gw-server-log.h"

#define DEFAULT_CONFIG "/etc/ganglioside-server/server.conf"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwServerConfig) config = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *config_path = NULL;
  gboolean check_config = FALSE, version = FALSE, verbose = FALSE;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Read the configuration from FILE", "FILE" },
    { "check-config", 0, 0, G_OPTION_ARG_NONE, &check_config, "Check the configuration and exit", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Log debugging messages", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  gw_server_log_init (FALSE);

  context = g_option_context_new ("[COMMAND …] — the Ganglioside Workbench sync server");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Without a command, serves the sync API.  Commands:\n"
    "  user add NAME [--admin] | user password NAME | user disable NAME | user enable NAME\n"
    "  user list\n"
    "  team add NAME | team member add TEAM USER\n"
    "  migrate | backup FILE | restore FILE\n"
    "\n"
    "The configuration is --config, else $GW_SERVER_CONFIG, else " DEFAULT_CONFIG " if it exists.");
  /* Admin commands take options of their own (--admin). */
  g_option_context_set_ignore_unknown_options (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ganglioside-server: %s\n", error->message);
      return 2;
    }
  gw_server_log_init (verbose);

  if (version)
    {
      g_print ("ganglioside-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (config_path == NULL && g_getenv ("GW_SERVER_CONFIG") != NULL)
    config_path = g_strdup (g_getenv ("GW_SERVER_CONFIG"));
  if (config_path == NULL && g_file_test (DEFAULT_CONFIG, G_FILE_TEST_EXISTS))
    config_path = g_strdup (DEFAULT_CONFIG);

  if (config_path != NULL)
    config = gw_server_config_load (config_path, warnings, &error);
  else
    config = gw_server_config_new_default ();
  if (config == NULL)
    {
      g_printerr ("ganglioside-server: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < warnings->len; i++)
    g_warning ("%s", (const char *) g_ptr_array_index (warnings, i));

  if (!gw_auth_init ())
    {
      g_printerr ("ganglioside-server: cannot initialise libsodium\n");
      return 1;
    }

  if (check_config)
    {
      if (config->tls_certificate != NULL)
        {
          g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_files (config->tls_certificate,
                                                                              config->tls_key, &error);
          if (cert == NULL)
            {
              g_printerr ("ganglioside-server: %s: TLS certificate %s: %s\n",
                          config_path ? config_path : "defaults", config->tls_certificate, error->message);
              return 1;
            }
        }
      if (g_inet_address_new_from_string (config->listen_address) == NULL)
        {
          g_printerr ("ganglioside-server: %s: [server] listen: “%s” is not an IP address\n",
                      config_path ? config_path : "defaults", config->listen_address);
          return 1;
        }
      g_print ("%s: configuration OK%s\n", config_path ? config_path : "built-in defaults",
               warnings->len ? " (with warnings)" : "");
      return 0;
    }

  if (argc > 1)
    return gw_server_admin_run (config, argc - 1, argv + 1);

  {
    GwStorage *storage = gw_storage_new (config->database_url, config->workers, &error);
    GwServer *server;
    int status;

    if (storage == NULL)
      {
        g_printerr ("ganglioside-server: database: %s\n", error->message);
        return 1;
      }
    if (config->auto_migrate && !gw_storage_migrate (storage, NULL, &error))
      {
        g_printerr ("ganglioside-server: database: %s\n", error->message);
        gw_storage_free (storage);
        return 1;
      }

    server = gw_server_new (config, storage, &error);
    if (server == NULL || !gw_server_listen (server, &error))
      {
        g_printerr ("ganglioside-server: %s\n", error->message);
        gw_server_free (server);
        gw_storage_free (storage);
        return 1;
      }

    status = gw_server_run (server);
    gw_server_free (server);
    gw_storage_free (storage);
    return status;
  }
}
