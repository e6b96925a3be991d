/* fuzz-html.c: HTML to text, whole documents (libxml2's parser) and inline
 * fragments in Markdown or plain text.  The first byte picks which; the rest,
 * made valid UTF-8 without NUL (what the importer hands over), is the input.
 * What comes out is valid UTF-8 with no NUL, and so is every field of the
 * document information; fragments of text with no '<' or '&' are left to
 * the caller (NULL). */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "rl-html.h"

static void
check_field (const char *s)
{
  if (s != NULL)
    g_assert_true (g_utf8_validate (s, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = NULL;
  g_autofree char *text = NULL;
  RlHtmlInfo info = { 0 };
  gsize len, text_len = G_MAXSIZE;
  gboolean document;

  if (size < 1 || size > 512 * 1024)
    return 0;
  document = data[0] & 1;
  input = g_utf8_make_valid ((const char *) data + 1, size - 1);
  len = strlen (input);   /* make_valid turns NUL bytes into U+FFFD */

  if (document)
    {
      text = rl_html_document_to_text (input, len, &info, &text_len);
      g_assert_nonnull (text);
    }
  else
    {
      text = rl_html_fragments_to_text (input, len, &info, &text_len);
      if (text == NULL)
        {
          g_assert_null (memchr (input, '<', len));
          g_assert_null (memchr (input, '&', len));
        }
    }

  if (text != NULL)
    {
      g_assert_cmpuint (strlen (text), ==, text_len);   /* no NUL inside */
      g_assert_true (g_utf8_validate (text, text_len, NULL));
    }
  check_field (info.title);
  check_field (info.h1);
  check_field (info.author);
  check_field (info.date);
  rl_html_info_clear (&info);
  return 0;
}
