/* fuzz-segment.c: clause segmentation over arbitrary UTF-8 and offsets.
 * The first 8 bytes give the match's start and end; the rest, made valid
 * UTF-8 without NUL (what the store holds), is the text.  The clause must
 * contain the match, stay inside the text on character boundaries, and keep
 * to the cap unless the match itself is longer. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "rl-segment.h"

static gsize
to_boundary (const char *text,
             gsize       len,
             guint32     raw)
{
  gsize off = len ? raw % (len + 1) : 0;

  while (off > 0 && off < len && (text[off] & 0xC0) == 0x80)
    off--;
  return off;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *valid = NULL;
  g_autofree char *norm = NULL;
  guint32 a, b;
  gsize len, ms, me, cs = G_MAXSIZE, ce = G_MAXSIZE;
  glong clause_chars, match_chars;

  if (size < 8 || size > 64 * 1024)
    return 0;
  memcpy (&a, data, 4);
  memcpy (&b, data + 4, 4);

  valid = g_utf8_make_valid ((const char *) data + 8, size - 8);
  len = strlen (valid);   /* make_valid turns NUL bytes into U+FFFD */
  g_assert_true (g_utf8_validate (valid, len, NULL));

  ms = to_boundary (valid, len, a);
  me = to_boundary (valid, len, b);
  if (me < ms)
    {
      gsize t = ms;
      ms = me;
      me = t;
    }

  rl_segment_clause (valid, len, ms, me, &cs, &ce);

  g_assert_cmpuint (cs, <=, ms);
  g_assert_cmpuint (ce, >=, me);
  g_assert_cmpuint (ce, <=, len);
  g_assert_true (cs == len || (valid[cs] & 0xC0) != 0x80);
  g_assert_true (ce == len || (valid[ce] & 0xC0) != 0x80);

  clause_chars = g_utf8_strlen (valid + cs, ce - cs);
  match_chars = g_utf8_strlen (valid + ms, me - ms);
  g_assert_cmpint (clause_chars, <=, MAX (RL_CLAUSE_MAX_CHARS, match_chars));

  norm = rl_segment_normalize (valid + cs, ce - cs);
  g_assert_true (g_utf8_validate (norm, -1, NULL));
  g_assert_cmpuint (strlen (norm), <=, (ce - cs) + 1);
  return 0;
}
