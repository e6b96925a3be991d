/* fuzz-front-matter.c: finding and parsing YAML front matter.  The bytes
 * are made valid UTF-8 without NUL first (what the importer hands over).
 * The whole input is also parsed as YAML, so libyaml meets arbitrary
 * documents and not only those between "---" lines.  Found front matter
 * must lie inside the text, before the body; a parse gives NULL and an
 * RL_FRONT_MATTER_ERROR, or key/value pairs that are valid UTF-8, keys
 * unique and not empty, values within the cap. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "rl-front-matter.h"

#define MAX_VALUE_BYTES (16 * 1024)   /* as in rl-front-matter.c */

static void
check_parse (const char *yaml,
             gsize       len)
{
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);

  pairs = rl_front_matter_parse (yaml, len, &error);
  if (pairs == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == RL_FRONT_MATTER_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }

  g_assert_null (error);
  g_assert_cmpuint (pairs->len % 2, ==, 0);
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      const char *key = pairs->pdata[i];
      const char *value = pairs->pdata[i + 1];

      g_assert_nonnull (key);
      g_assert_nonnull (value);
      g_assert_cmpuint (strlen (key), >, 0);
      g_assert_true (g_utf8_validate (key, -1, NULL));
      g_assert_true (g_utf8_validate (value, -1, NULL));
      g_assert_cmpuint (strlen (value), <=, MAX_VALUE_BYTES);
      g_assert_false (g_hash_table_contains (keys, key));
      g_hash_table_add (keys, (gpointer) key);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  gsize len;
  gsize yaml_start = G_MAXSIZE, yaml_len = G_MAXSIZE, body_start = G_MAXSIZE;

  if (size > 512 * 1024)
    return 0;
  text = g_utf8_make_valid ((const char *) data, size);
  len = strlen (text);   /* make_valid turns NUL bytes into U+FFFD */

  if (rl_front_matter_find (text, len, &yaml_start, &yaml_len, &body_start))
    {
      g_assert_true (g_str_has_prefix (text, "---"));
      g_assert_cmpuint (yaml_start, >=, 4);
      g_assert_cmpuint (yaml_start + yaml_len, <=, body_start);
      g_assert_cmpuint (body_start, <=, len);
      check_parse (text + yaml_start, yaml_len);
    }

  check_parse (text, len);
  return 0;
}
