/* test-safe-write.c: replacing files in one step, links and pipes
 *
 * Copyright 2026 The Ganglioside Workbench authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every case works in a fresh temporary folder and checks the folder's
 * contents afterwards, so a temporary file left behind fails the test.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string.h>

#include <glib/gstdio.h>

#include "gw-safe-write.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  (void) data;
  f->dir = g_dir_make_tmp ("gw-safe-write-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
          !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  (void) data;
  remove_tree (f->dir);
  g_free (f->dir);
}

static char *
path_in (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The folder's entries, sorted and joined with spaces. */
static char *
list_dir (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
assert_contents (const char *path,
                 const char *expected)
{
  g_autofree char *contents = read_file (path);

  g_assert_cmpstr (contents, ==, expected);
}

static void
assert_listing (Fixture    *f,
                const char *expected)
{
  g_autofree char *listing = list_dir (f);

  g_assert_cmpstr (listing, ==, expected);
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_safe_write_bytes (file, text, strlen (text), NULL, &error));
  g_assert_no_error (error);
}

static void
test_new_file (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = path_in (f, "out.csv");

  (void) data;
  write_text (path, "a,b\n1,2\n");
  assert_contents (path, "a,b\n1,2\n");
  assert_listing (f, "out.csv");
}

static void
test_replace_in_one_step (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = path_in (f, "out.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GwSafeWrite *write;
  GStatBuf before, after;

  (void) data;
  write_text (path, "old\n");
  g_assert_cmpint (g_stat (path, &before), ==, 0);

  /* Until the commit, the old contents stay under the real name. */
  write = gw_safe_write_begin (file, GW_SAFE_WRITE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (gw_safe_write_get_stream (write), "new\n", 4,
                                            NULL, NULL, &error));
  g_assert_no_error (error);
  assert_contents (path, "old\n");

  g_assert_true (gw_safe_write_commit (write, NULL, &error));
  g_assert_no_error (error);
  assert_contents (path, "new\n");
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, !=, after.st_ino); /* renamed, not rewritten */
  assert_listing (f, "out.csv");
}

static void
test_abort_keeps_old (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = path_in (f, "out.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GwSafeWrite *write;

  (void) data;
  write_text (path, "old\n");
  write = gw_safe_write_begin (file, GW_SAFE_WRITE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (gw_safe_write_get_stream (write), "half", 4,
                                            NULL, NULL, &error));
  gw_safe_write_abort (write);

  assert_contents (path, "old\n");
  assert_listing (f, "out.csv");
}

/* A link to the output stays a link, and the file it names is replaced. */
static void
test_symlink_followed (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *real = path_in (f, "real.csv");
  g_autofree char *link = path_in (f, "link.csv");
  g_autofree char *target = NULL;

  (void) data;
  write_text (real, "old\n");
  g_assert_cmpint (symlink ("real.csv", link), ==, 0);

  write_text (link, "new\n");
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  target = g_file_read_link (link, NULL);
  g_assert_cmpstr (target, ==, "real.csv");
  assert_contents (real, "new\n");
  assert_listing (f, "link.csv real.csv");
}

/* A link to a file not there yet creates that file. */
static void
test_dangling_symlink (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *sub = path_in (f, "sub");
  g_autofree char *link = path_in (f, "link.csv");
  g_autofree char *real = g_build_filename (sub, "real.csv", NULL);

  (void) data;
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_cmpint (symlink ("sub/real.csv", link), ==, 0);

  write_text (link, "made\n");
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  assert_contents (real, "made\n");
}

static void
test_symlink_loop (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *a = path_in (f, "a");
  g_autofree char *b = path_in (f, "b");
  g_autoptr(GFile) file = g_file_new_for_path (a);
  g_autoptr(GError) error = NULL;

  (void) data;
  g_assert_cmpint (symlink ("b", a), ==, 0);
  g_assert_cmpint (symlink ("a", b), ==, 0);
  g_assert_false (gw_safe_write_bytes (file, "x", 1, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, a));
  g_assert_true (g_file_test (a, G_FILE_TEST_IS_SYMLINK));
}

static void
test_folder_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->dir);
  g_autoptr(GError) error = NULL;

  (void) data;
  g_assert_false (gw_safe_write_bytes (file, "x", 1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_nonnull (strstr (error->message, f->dir));
  g_assert_true (g_file_test (f->dir, G_FILE_TEST_IS_DIR));
  assert_listing (f, "");
}

static gpointer
drain_fifo (gpointer path)
{
  g_autoptr(GString) got = g_string_new (NULL);
  char buf[256];
  ssize_t n;
  int fd = open (path, O_RDONLY);

  g_assert_cmpint (fd, >=, 0);
  while ((n = read (fd, buf, sizeof buf)) > 0)
    g_string_append_len (got, buf, n);
  close (fd);
  return g_string_free (g_steal_pointer (&got), FALSE);
}

/* A pipe (like /dev/stdout in a shell pipeline, or /dev/null) is written
 * through: it must still be a pipe afterwards, not a regular file. */
static void
test_fifo_written_through (Fixture       *f,
                           gconstpointer  flags_data)
{
  GwSafeWriteFlags flags = GPOINTER_TO_UINT (flags_data);
  g_autofree char *path = path_in (f, "pipe");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  GThread *reader;
  GwSafeWrite *write;
  GStatBuf st;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  reader = g_thread_new ("drain", drain_fifo, path);

  write = gw_safe_write_begin (file, flags, NULL, &error);
  g_assert_no_error (error);
  if (flags & GW_SAFE_WRITE_BY_NAME)
    {
      const char *by_name = gw_safe_write_get_path (write);

      /* The named file is not in the pipe's folder. */
      g_assert_false (g_str_has_prefix (by_name, f->dir));
      g_assert_true (g_file_set_contents (by_name, "by name\n", -1, &error));
    }
  else
    g_assert_true (g_output_stream_write_all (gw_safe_write_get_stream (write),
                                              "through\n", 8, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gw_safe_write_commit (write, NULL, &error));
  g_assert_no_error (error);

  got = g_thread_join (reader);
  g_assert_cmpstr (got, ==, (flags & GW_SAFE_WRITE_BY_NAME) ? "by name\n" : "through\n");
  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  assert_listing (f, "pipe");
}

/* By name, the caller gets a local file next to the destination, which
 * becomes the destination on commit. */
static void
test_by_name (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = path_in (f, "book.xlsx");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  GwSafeWrite *write;

  (void) data;
  write = gw_safe_write_begin (file, GW_SAFE_WRITE_BY_NAME, NULL, &error);
  g_assert_no_error (error);
  dir = g_path_get_dirname (gw_safe_write_get_path (write));
  g_assert_cmpstr (dir, ==, f->dir);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_set_contents (gw_safe_write_get_path (write), "PK", -1, &error));
  g_assert_true (gw_safe_write_commit (write, NULL, &error));
  g_assert_no_error (error);
  assert_contents (path, "PK");
}

static void
test_missing_folder (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "no", "such", "out.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  (void) data;
  g_assert_false (gw_safe_write_bytes (file, "x", 1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func, data) \
  g_test_add ("/safe-write/" name, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("new-file", test_new_file, NULL);
  ADD ("replace-in-one-step", test_replace_in_one_step, NULL);
  ADD ("abort-keeps-old", test_abort_keeps_old, NULL);
  ADD ("symlink-followed", test_symlink_followed, NULL);
  ADD ("dangling-symlink", test_dangling_symlink, NULL);
  ADD ("symlink-loop", test_symlink_loop, NULL);
  ADD ("folder-refused", test_folder_refused, NULL);
  ADD ("fifo-stream", test_fifo_written_through, GUINT_TO_POINTER (GW_SAFE_WRITE_NONE));
  ADD ("fifo-by-name", test_fifo_written_through, GUINT_TO_POINTER (GW_SAFE_WRITE_BY_NAME));
  ADD ("by-name", test_by_name, NULL);
  ADD ("missing-folder", test_missing_folder, NULL);
#undef ADD

  return g_test_run ();
}
