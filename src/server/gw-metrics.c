/* gw-metrics.c: request counters and latency histogram, Prometheus text
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main-thread only: the server updates these as requests finish.
 */

#define G_LOG_DOMAIN "gw-server"

#include "config.h"

#include "gw-metrics.h"

static const double buckets[] = { 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };

struct _GwMetrics
{
  GHashTable *requests;    /* "method\tcode" → guint64* */
  GHashTable *gauges;      /* name → gint64* */
  GHashTable *counters;    /* name → guint64* */
  guint64     errors;
  guint64     histogram[G_N_ELEMENTS (buckets) + 1];
  guint64     count;
  double      sum;
  gint64      started;
};

GwMetrics *
gw_metrics_new (void)
{
  GwMetrics *self = g_new0 (GwMetrics, 1);

  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->gauges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->started = g_get_real_time ();
  return self;
}

void
gw_metrics_free (GwMetrics *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->requests);
  g_hash_table_unref (self->gauges);
  g_hash_table_unref (self->counters);
  g_free (self);
}

static const char *
known_method (const char *method)
{
  /* Label values come from a fixed set, so a client cannot grow the
   * metrics without bound. */
  static const char *methods[] = { "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS" };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (g_strcmp0 (method, methods[i]) == 0)
      return methods[i];
  return "other";
}

void
gw_metrics_observe (GwMetrics  *self,
                    const char *method,
                    guint       status,
                    double      seconds)
{
  g_autofree char *key = g_strdup_printf ("%s\t%u", known_method (method), status);
  guint64 *n = g_hash_table_lookup (self->requests, key);
  guint i;

  if (n == NULL)
    {
      n = g_new0 (guint64, 1);
      g_hash_table_insert (self->requests, g_steal_pointer (&key), n);
    }
  (*n)++;
  if (status >= 500 || status == 0)
    self->errors++;

  for (i = 0; i < G_N_ELEMENTS (buckets); i++)
    if (seconds <= buckets[i])
      break;
  self->histogram[i]++;
  self->count++;
  self->sum += seconds;
}

void
gw_metrics_set_gauge (GwMetrics  *self,
                      const char *name,
                      gint64      value)
{
  gint64 *v = g_hash_table_lookup (self->gauges, name);

  if (v == NULL)
    {
      v = g_new0 (gint64, 1);
      g_hash_table_insert (self->gauges, g_strdup (name), v);
    }
  *v = value;
}

void
gw_metrics_count (GwMetrics  *self,
                  const char *name)
{
  guint64 *v = g_hash_table_lookup (self->counters, name);

  if (v == NULL)
    {
      v = g_new0 (guint64, 1);
      g_hash_table_insert (self->counters, g_strdup (name), v);
    }
  (*v)++;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

char *
gw_metrics_render (GwMetrics *self)
{
  GString *out = g_string_new (NULL);
  g_autofree const char **keys = NULL;
  guint n_keys;
  guint64 cumulative = 0;

  g_string_append (out,
                   "# HELP gw_http_requests_total HTTP requests handled, by method and status code.\n"
                   "# TYPE gw_http_requests_total counter\n");
  keys = (const char **) g_hash_table_get_keys_as_array (self->requests, &n_keys);
  qsort (keys, n_keys, sizeof (char *), compare_strings);
  for (guint i = 0; i < n_keys; i++)
    {
      g_auto(GStrv) parts = g_strsplit (keys[i], "\t", 2);
      guint64 *n = g_hash_table_lookup (self->requests, keys[i]);

      g_string_append_printf (out, "gw_http_requests_total{method=\"%s\",code=\"%s\"} %" G_GUINT64_FORMAT "\n",
                              parts[0], parts[1], *n);
    }

  g_string_append_printf (out,
                          "# HELP gw_http_request_errors_total Requests answered with a 5xx status or aborted.\n"
                          "# TYPE gw_http_request_errors_total counter\n"
                          "gw_http_request_errors_total %" G_GUINT64_FORMAT "\n", self->errors);

  g_string_append (out,
                   "# HELP gw_http_request_duration_seconds Time from the request's headers to its response.\n"
                   "# TYPE gw_http_request_duration_seconds histogram\n");
  for (guint i = 0; i < G_N_ELEMENTS (buckets); i++)
    {
      char le[G_ASCII_DTOSTR_BUF_SIZE];

      cumulative += self->histogram[i];
      g_ascii_dtostr (le, sizeof le, buckets[i]);
      g_string_append_printf (out, "gw_http_request_duration_seconds_bucket{le=\"%s\"} %" G_GUINT64_FORMAT "\n",
                              le, cumulative);
    }
  {
    char sum[G_ASCII_DTOSTR_BUF_SIZE];

    g_ascii_dtostr (sum, sizeof sum, self->sum);
    g_string_append_printf (out,
                            "gw_http_request_duration_seconds_bucket{le=\"+Inf\"} %" G_GUINT64_FORMAT "\n"
                            "gw_http_request_duration_seconds_sum %s\n"
                            "gw_http_request_duration_seconds_count %" G_GUINT64_FORMAT "\n",
                            self->count, sum, self->count);
  }

  {
    g_autofree const char **names = (const char **) g_hash_table_get_keys_as_array (self->counters, &n_keys);

    qsort (names, n_keys, sizeof (char *), compare_strings);
    for (guint i = 0; i < n_keys; i++)
      g_string_append_printf (out, "# TYPE %s counter\n%s %" G_GUINT64_FORMAT "\n", names[i], names[i],
                              *(guint64 *) g_hash_table_lookup (self->counters, names[i]));
  }
  {
    g_autofree const char **names = (const char **) g_hash_table_get_keys_as_array (self->gauges, &n_keys);

    qsort (names, n_keys, sizeof (char *), compare_strings);
    for (guint i = 0; i < n_keys; i++)
      g_string_append_printf (out, "# TYPE %s gauge\n%s %" G_GINT64_FORMAT "\n", names[i], names[i],
                              *(gint64 *) g_hash_table_lookup (self->gauges, names[i]));
  }

  g_string_append_printf (out, "# TYPE gw_process_start_time_seconds gauge\ngw_process_start_time_seconds %" G_GINT64_FORMAT "\n",
                          self->started / G_USEC_PER_SEC);
  return g_string_free (out, FALSE);
}
