/* fuzz-encoding.c: encoding detection on raw file bytes.  The first byte
 * picks the declared charset the importer would pass (none, the one sniffed
 * from the bytes as for HTML, or a fixed one, unknown names included); the
 * rest is the file.  Text that comes out is what the rest of the importer
 * relies on: valid UTF-8, no NUL, no CR, no control character but tab and
 * line feed; a refusal is an RL_IMPORT_ERROR with a message. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "rl-encoding.h"
#include "rl-import.h"

static const char *const hints[] = {
  NULL, "sniffed", "WINDOWS-1252", "SHIFT_JIS", "GBK", "UTF-8", "ISO-8859-1", "BIG5",
  "UTF-16", "NO-SUCH-CHARSET",
};

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *sniffed = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *hint;
  const char *bytes;
  const char *encoding = NULL;
  gsize len, text_len = G_MAXSIZE;

  if (size < 1 || size > 1024 * 1024)
    return 0;
  hint = hints[data[0] % G_N_ELEMENTS (hints)];
  bytes = (const char *) data + 1;
  len = size - 1;

  sniffed = rl_encoding_sniff_html (bytes, len);
  if (sniffed != NULL)
    {
      g_assert_cmpuint (strlen (sniffed), >, 0);
      g_assert_cmpuint (strlen (sniffed), <=, 32);
      for (const char *p = sniffed; *p != '\0'; p++)
        g_assert_true (g_ascii_isdigit (*p) || g_ascii_isupper (*p) || strchr ("-_:.", *p) != NULL);
    }
  if (g_strcmp0 (hint, "sniffed") == 0)
    hint = sniffed;

  /* A NUL byte is always binary. */
  if (memchr (bytes, '\0', len) != NULL)
    g_assert_true (rl_encoding_looks_binary (bytes, len));

  text = rl_encoding_decode (bytes, len, hint, &encoding, &text_len, &error);
  if (text == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == RL_IMPORT_ERROR);
      g_assert_true (error->code == RL_IMPORT_ERROR_BINARY || error->code == RL_IMPORT_ERROR_ENCODING);
      g_assert_cmpuint (strlen (error->message), >, 0);
      return 0;
    }

  g_assert_null (error);
  g_assert_nonnull (encoding);
  g_assert_cmpuint (strlen (text), ==, text_len);   /* no NUL inside */
  g_assert_true (g_utf8_validate (text, text_len, NULL));
  for (gsize i = 0; i < text_len; i++)
    g_assert_true ((guchar) text[i] >= 0x20 || text[i] == '\t' || text[i] == '\n');

  /* Bytes that are UTF-8 (and carry no UTF-16 byte order mark) are read as
   * UTF-8, whatever the declared charset, and come out no longer. */
  if (g_utf8_validate_len (bytes, len, NULL) &&
      !(len >= 2 && (((guchar) bytes[0] == 0xFF && (guchar) bytes[1] == 0xFE) ||
                     ((guchar) bytes[0] == 0xFE && (guchar) bytes[1] == 0xFF))))
    {
      g_assert_cmpstr (encoding, ==, "UTF-8");
      g_assert_cmpuint (text_len, <=, len);
    }
  return 0;
}
