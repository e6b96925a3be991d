#define G_LOG_DOMAIN "redline"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "rl-application.h"
#include "rl-profile.h"

/* Run from the build tree (the README's run command), the schema is not
 * installed: use the one compiled into the build tree instead. */
static void
use_uninstalled_schema (const char *argv0)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *compiled = g_build_filename (BUILD_DATADIR, "gschemas.compiled", NULL);

  if (g_getenv ("GSETTINGS_SCHEMA_DIR") != NULL || exe == NULL ||
      !g_str_has_prefix (exe, BUILD_ROOT "/") || !g_file_test (compiled, G_FILE_TEST_EXISTS))
    return;
  g_setenv ("GSETTINGS_SCHEMA_DIR", BUILD_DATADIR, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RlApplication) app = NULL;

  rl_profile_init ();
  use_uninstalled_schema (argv[0]);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Redline"));
  app = rl_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
