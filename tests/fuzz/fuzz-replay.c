/* fuzz-replay.c: runs a fuzz target over every file of its corpus, so the
 * normal test suite (gcc, no libFuzzer) replays what the fuzzer found.
 * Prints TAP: one test per corpus file.  A target signals a broken
 * invariant by aborting, which fails the whole program. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "fuzz.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GError) error = NULL;
      const char *name;

      if (g_file_test (argv[i], G_FILE_TEST_IS_REGULAR))
        {
          g_ptr_array_add (files, g_strdup (argv[i]));
          continue;
        }
      if (!(dir = g_dir_open (argv[i], 0, &error)))
        {
          printf ("Bail out! %s\n", error->message);
          return 1;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (files, g_build_filename (argv[i], name, NULL));
    }
  g_ptr_array_sort (files, compare_names);

  if (files->len == 0)
    {
      printf ("Bail out! no corpus files\n");
      return 1;
    }
  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize len = 0;

      if (!g_file_get_contents (files->pdata[i], &contents, &len, &error))
        {
          printf ("not ok %u - %s\n", i + 1, error->message);
          continue;
        }
      fflush (stdout);
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
      printf ("ok %u - %s\n", i + 1, (const char *) files->pdata[i]);
    }
  return 0;
}
