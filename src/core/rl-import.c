#include "config.h"

#include "rl-import.h"

/* Placeholder until the importer lands. */
G_DEFINE_QUARK (rl-import-error-quark, rl_import_error)

gboolean
rl_import_is_supported (const char *file_name)
{
  return g_str_has_suffix (file_name, ".txt");
}

RlDocument *
rl_import_file (const char *path, GError **error)
{
  g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_UNSUPPORTED, "not yet");
  return NULL;
}

RlDocument *
rl_import_bytes (const char *file_name, const char *data, gsize len, GError **error)
{
  g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_UNSUPPORTED, "not yet");
  return NULL;
}
