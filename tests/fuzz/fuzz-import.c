/* fuzz-import.c: one file's bytes through the importer: encoding detection,
 * binary check, YAML front matter, HTML to text, titles and dates.  The
 * first byte picks the file type.  A document that comes out must be one
 * the store can hold; a refusal must name the file. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "rl-import.h"

static const char *const names[] = {
  "fuzz.txt", "fuzz.md", "fuzz.html", "fuzz.htm", "fuzz.markdown",
};

static gboolean
is_iso_date (const char *s)
{
  return strlen (s) == 10 && g_ascii_isdigit (s[0]) && g_ascii_isdigit (s[3]) &&
         s[4] == '-' && g_ascii_isdigit (s[5]) && g_ascii_isdigit (s[6]) &&
         s[7] == '-' && g_ascii_isdigit (s[8]) && g_ascii_isdigit (s[9]);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(RlDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  if (size < 1 || size > 1024 * 1024)
    return 0;
  name = names[data[0] % G_N_ELEMENTS (names)];

  doc = rl_import_bytes (name, (const char *) data + 1, size - 1, &error);
  if (doc == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == RL_IMPORT_ERROR);
      g_assert_true (g_str_has_prefix (error->message, name));
      return 0;
    }

  g_assert_null (error);
  g_assert_nonnull (doc->text);
  g_assert_true (g_utf8_validate (doc->text, doc->text_len, NULL));
  g_assert_cmpuint (strlen (doc->text), ==, doc->text_len);   /* no NUL inside */
  g_assert_null (strchr (doc->text, '\r'));                   /* LF line ends */
  g_assert_cmpuint (g_utf8_strlen (doc->text, doc->text_len), ==, doc->n_chars);
  g_assert_nonnull (doc->title);
  g_assert_true (g_utf8_validate (doc->title, -1, NULL));
  g_assert_cmpstr (doc->file_name, ==, name);
  g_assert_nonnull (doc->hash);
  g_assert_nonnull (doc->format);
  g_assert_nonnull (doc->encoding);
  if (doc->date != NULL)
    g_assert_true (is_iso_date (doc->date));
  if (doc->source != NULL)
    g_assert_true (g_utf8_validate (doc->source, -1, NULL));
  if (doc->url != NULL)
    g_assert_true (g_utf8_validate (doc->url, -1, NULL));
  if (doc->author != NULL)
    g_assert_true (g_utf8_validate (doc->author, -1, NULL));
  if (doc->metadata != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, doc->metadata);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_assert_true (g_utf8_validate (key, -1, NULL));
          g_assert_true (value == NULL || g_utf8_validate (value, -1, NULL));
        }
    }
  return 0;
}
