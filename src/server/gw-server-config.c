/* gw-server-config.c: the server's key-file configuration
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "gw-server"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "gw-server-config.h"

GwServerConfig *
gw_server_config_new_default (void)
{
  GwServerConfig *config = g_new0 (GwServerConfig, 1);
  const char *hosts[] = { "localhost", "127.0.0.1", "::1", NULL };
  const char *proxies[] = { "127.0.0.1", "::1", NULL };

  config->listen_address = g_strdup ("127.0.0.1");
  config->port = 8765;
  config->allowed_hosts = g_strdupv ((char **) hosts);
  config->trusted_proxies = g_strdupv ((char **) proxies);
  config->workers = 8;
  config->database_url = g_strdup ("sqlite:ganglioside-server.db");
  config->auto_migrate = TRUE;
  config->max_body_size = 50 * 1024 * 1024;
  config->rate_limit_per_second = 50;
  config->rate_limit_burst = 200;
  config->header_timeout = 30;
  config->body_timeout = 300;
  config->shutdown_grace = 30;
  config->login_max_failures = 5;
  config->login_window = 900;
  config->token_lifetime = 30 * 24 * 3600;
  config->access_log = TRUE;
  return config;
}

void
gw_server_config_free (GwServerConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->path);
  g_free (config->listen_address);
  g_free (config->tls_certificate);
  g_free (config->tls_key);
  g_strfreev (config->allowed_hosts);
  g_strfreev (config->trusted_proxies);
  g_free (config->database_url);
  g_free (config);
}

typedef enum { T_STRING, T_UINT, T_UINT64, T_DOUBLE, T_BOOL, T_LIST } KeyType;

typedef struct
{
  const char *group;
  const char *key;
  KeyType     type;
  gsize       offset;
  double      min;
  double      max;
} KeyInfo;

#define OFF(f) G_STRUCT_OFFSET (GwServerConfig, f)

static const KeyInfo keys[] = {
  { "server", "listen", T_STRING, OFF (listen_address), 0, 0 },
  { "server", "port", T_UINT, OFF (port), 0, 65535 },
  { "server", "tls_certificate", T_STRING, OFF (tls_certificate), 0, 0 },
  { "server", "tls_key", T_STRING, OFF (tls_key), 0, 0 },
  { "server", "allowed_hosts", T_LIST, OFF (allowed_hosts), 0, 0 },
  { "server", "trusted_proxies", T_LIST, OFF (trusted_proxies), 0, 0 },
  { "server", "workers", T_UINT, OFF (workers), 1, 256 },
  { "database", "url", T_STRING, OFF (database_url), 0, 0 },
  { "database", "auto_migrate", T_BOOL, OFF (auto_migrate), 0, 0 },
  { "limits", "max_body_size", T_UINT64, OFF (max_body_size), 1024, 1e12 },
  { "limits", "rate_limit_per_second", T_DOUBLE, OFF (rate_limit_per_second), 0.01, 1e9 },
  { "limits", "rate_limit_burst", T_DOUBLE, OFF (rate_limit_burst), 1, 1e9 },
  { "limits", "header_timeout", T_UINT, OFF (header_timeout), 1, 3600 },
  { "limits", "body_timeout", T_UINT, OFF (body_timeout), 1, 86400 },
  { "limits", "shutdown_grace", T_UINT, OFF (shutdown_grace), 0, 3600 },
  { "limits", "login_max_failures", T_UINT, OFF (login_max_failures), 1, 1000 },
  { "limits", "login_window", T_UINT, OFF (login_window), 1, 86400 },
  { "limits", "token_lifetime", T_UINT, OFF (token_lifetime), 60, 31536000 },
  { "log", "access_log", T_BOOL, OFF (access_log), 0, 0 },
};

static gboolean
read_key (GKeyFile        *kf,
          const KeyInfo   *info,
          GwServerConfig  *config,
          const char      *path,
          GError         **error)
{
  gpointer field = G_STRUCT_MEMBER_P (config, info->offset);
  g_autoptr(GError) local_error = NULL;
  double value = 0;

  switch (info->type)
    {
    case T_STRING:
      {
        g_autofree char *s = g_key_file_get_string (kf, info->group, info->key, &local_error);

        if (s == NULL)
          break;
        g_strstrip (s);
        g_free (*(char **) field);
        *(char **) field = *s ? g_steal_pointer (&s) : NULL;
        return TRUE;
      }
    case T_LIST:
      {
        g_auto(GStrv) list = g_key_file_get_string_list (kf, info->group, info->key, NULL, &local_error);

        if (list == NULL && local_error != NULL)
          break;
        for (guint i = 0; list && list[i]; i++)
          g_strstrip (list[i]);
        g_strfreev (*(char ***) field);
        *(char ***) field = list ? g_steal_pointer (&list) : g_new0 (char *, 1);
        return TRUE;
      }
    case T_BOOL:
      {
        gboolean b = g_key_file_get_boolean (kf, info->group, info->key, &local_error);

        if (local_error != NULL)
          break;
        *(gboolean *) field = b;
        return TRUE;
      }
    case T_UINT:
    case T_UINT64:
    case T_DOUBLE:
      {
        g_autofree char *s = g_key_file_get_value (kf, info->group, info->key, &local_error);
        char *end = NULL;

        if (s == NULL)
          break;
        g_strstrip (s);
        value = g_ascii_strtod (s, &end);
        if (end == s || *end != '\0' || value < info->min || value > info->max ||
            (info->type != T_DOUBLE && value != (double) (guint64) value))
          {
            g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                         "%s: [%s] %s = “%s”: expected a%s number from %g to %g",
                         path, info->group, info->key, s,
                         info->type == T_DOUBLE ? "" : " whole", info->min, info->max);
            return FALSE;
          }
        if (info->type == T_UINT)
          *(guint *) field = (guint) value;
        else if (info->type == T_UINT64)
          *(guint64 *) field = (guint64) value;
        else
          *(double *) field = value;
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }

  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
               "%s: [%s] %s: %s", path, info->group, info->key,
               local_error ? local_error->message : "invalid value");
  return FALSE;
}

static gboolean
url_has_password (const char *url)
{
  const char *scheme_end, *at, *colon;

  if (url == NULL)
    return FALSE;
  if (strstr (url, "password=") != NULL)
    return TRUE;
  scheme_end = strstr (url, "://");
  if (scheme_end == NULL)
    return FALSE;
  at = strchr (scheme_end + 3, '@');
  colon = strchr (scheme_end + 3, ':');
  return at != NULL && colon != NULL && colon < at;
}

GwServerConfig *
gw_server_config_load (const char  *path,
                       GPtrArray   *warnings,
                       GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GwServerConfig) config = gw_server_config_new_default ();
  g_auto(GStrv) groups = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  config->path = g_strdup (path);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_key_file_has_key (kf, keys[i].group, keys[i].key, NULL) &&
        !read_key (kf, &keys[i], config, path, error))
      return NULL;

  /* A typo in a key name would otherwise silently keep the default. */
  groups = g_key_file_get_groups (kf, NULL);
  for (guint g = 0; groups[g]; g++)
    {
      g_auto(GStrv) names = g_key_file_get_keys (kf, groups[g], NULL, NULL);

      for (guint k = 0; names && names[k]; k++)
        {
          gboolean known = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (keys) && !known; i++)
            known = g_str_equal (keys[i].group, groups[g]) && g_str_equal (keys[i].key, names[k]);
          if (!known && warnings)
            g_ptr_array_add (warnings, g_strdup_printf ("%s: [%s] %s: unknown key, ignored",
                                                        path, groups[g], names[k]));
        }
    }

  if (config->database_url == NULL)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "%s: [database] url: must not be empty", path);
      return NULL;
    }
  if (!g_str_has_prefix (config->database_url, "sqlite:") &&
      !g_str_has_prefix (config->database_url, "postgresql://") &&
      !g_str_has_prefix (config->database_url, "postgres://"))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "%s: [database] url: must start with sqlite: or postgresql://", path);
      return NULL;
    }
  if ((config->tls_certificate == NULL) != (config->tls_key == NULL))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "%s: [server] tls_certificate and tls_key must be given together", path);
      return NULL;
    }
  if (config->listen_address == NULL)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "%s: [server] listen: must not be empty", path);
      return NULL;
    }

  if (g_stat (path, &st) == 0 && (st.st_mode & 077) != 0 && url_has_password (config->database_url) && warnings)
    g_ptr_array_add (warnings, g_strdup_printf ("%s: the file holds a database password but is readable by "
                                                "%s; run: chmod 600 %s",
                                                path, (st.st_mode & 007) ? "every user" : "its group", path));

  return g_steal_pointer (&config);
}
