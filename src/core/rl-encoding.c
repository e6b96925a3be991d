/* rl-encoding.c: raw file bytes to clean UTF-8 for the importer. */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rl-encoding.h"
#include "rl-import.h"

/* Whether the C0 control byte c is one that plain text carries. */
static inline gboolean
is_text_control (guchar c)
{
  return c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x1b;
}

gboolean
rl_encoding_looks_binary (const char *data,
                          gsize       len)
{
  const guchar *p = (const guchar *) data;
  gsize ctrl = 0;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (len == 0)
    return FALSE;
  if (memchr (data, '\0', len) != NULL)
    return TRUE;

  for (gsize i = 0; i < len; i++)
    if (p[i] < 0x20 && !is_text_control (p[i]))
      ctrl++;

  /* One stray control character happens in real text (a pasted form feed,
   * a terminal colour code); more than 1% of the bytes does not. */
  return ctrl >= 2 && ctrl * 100 > len;
}

/* Copies UTF-8 text while turning CRLF and lone CR (and FF, VT) into LF and
 * dropping every other control character and a leading byte order mark.
 * The result is never longer than the input. */
static char *
normalise (const char *in,
           gsize       len,
           gsize      *out_len)
{
  const guchar *p = (const guchar *) in;
  char *out = g_malloc (len + 1);
  gsize o = 0;
  gsize i = 0;

  if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
    i = 3;

  for (; i < len; i++)
    {
      guchar c = p[i];

      if (c >= 0x20 && c != 0x7F)
        {
          /* Fast path: copy a run of ordinary bytes at once. */
          gsize start = i;

          while (i + 1 < len && p[i + 1] >= 0x20 && p[i + 1] != 0x7F)
            i++;
          memcpy (out + o, p + start, i - start + 1);
          o += i - start + 1;
        }
      else if (c == '\r')
        {
          out[o++] = '\n';
          if (i + 1 < len && p[i + 1] == '\n')
            i++;
        }
      else if (c == '\n' || c == '\f' || c == '\v')
        out[o++] = '\n';
      else if (c == '\t')
        out[o++] = '\t';
      /* else: NUL, DEL and other controls are dropped */
    }

  out[o] = '\0';
  *out_len = o;
  return out;
}

/* Decodes UTF-16 by hand rather than through iconv, to say exactly what is
 * wrong.  Unpaired surrogates inside the text become U+FFFD; too many of
 * them mean the data is not UTF-16 at all.
 *
 * A file that ends in the middle of a character (an odd number of bytes,
 * or a high surrogate with no partner) is refused rather than imported
 * without its last character: UTF-16 files do not end that way unless they
 * were cut off (an interrupted copy or download), and then more than one
 * character is most likely missing.  Storing such a file would store half a
 * document as if it were whole; refused by name, it can be fetched again. */
static char *
decode_utf16 (const guchar  *p,
              gsize          len,
              gboolean       big_endian,
              gsize         *out_len,
              GError       **error)
{
  g_autofree char *out = NULL;
  gsize o = 0;
  gsize bad = 0;
  gsize units = len / 2;

  if (len % 2 != 0)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_ENCODING,
                   _("truncated UTF-16: odd number of bytes, the file was cut off"));
      return NULL;
    }

  out = g_malloc (len / 2 * 3 + 8);
  for (gsize i = 0; i + 1 < len; i += 2)
    {
      gunichar u = big_endian ? (gunichar) (p[i] << 8 | p[i + 1])
                              : (gunichar) (p[i] | p[i + 1] << 8);

      if (u >= 0xD800 && u <= 0xDBFF)
        {
          gunichar lo;

          if (i + 3 >= len)
            {
              g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_ENCODING,
                           _("truncated UTF-16: the file ends in the middle of a character"));
              return NULL;
            }
          lo = big_endian ? (gunichar) (p[i + 2] << 8 | p[i + 3])
                          : (gunichar) (p[i + 2] | p[i + 3] << 8);
          if (lo >= 0xDC00 && lo <= 0xDFFF)
            {
              u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
              i += 2;
            }
          else
            {
              u = 0xFFFD;
              bad++;
            }
        }
      else if (u >= 0xDC00 && u <= 0xDFFF)
        {
          u = 0xFFFD;
          bad++;
        }

      o += g_unichar_to_utf8 (u, out + o);
    }

  if (bad > 0 && bad * 100 > units)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_ENCODING,
                   _("not valid UTF-16 text"));
      return NULL;
    }

  out[o] = '\0';
  *out_len = o;
  return g_steal_pointer (&out);
}

/* Whether invalid UTF-8 is really UTF-8 with a few damaged bytes (many
 * valid multi-byte sequences, few errors) rather than a legacy encoding. */
static gboolean
is_mostly_utf8 (const char *data,
                gsize       len)
{
  const char *p = data;
  const char *end = data + len;
  gsize high = 0;
  gsize bad = 0;

  while (p < end)
    {
      const char *valid_end;

      if (g_utf8_validate_len (p, end - p, &valid_end))
        valid_end = end;
      for (const char *q = p; q < valid_end; q++)
        if ((guchar) *q >= 0x80)
          high++;
      if (valid_end >= end)
        break;
      bad++;
      if (bad > 64 && bad * 20 > high)
        return FALSE;
      p = valid_end + 1;
    }

  return high >= 20 * bad;
}

/* Whether bytes that are not UTF-8 nonetheless hold Chinese text coded as
 * UTF-8: three CJK characters in a row (ideographs, CJK or full-width
 * punctuation, general punctuation; ASCII may come between them), each a
 * valid three-byte UTF-8 sequence, read the way a UTF-8 decoder reads.
 * Such a file is part UTF-8, part something else (GB18030 most often):
 * decoding it whole as GB18030, which accepts almost any bytes, turns the
 * UTF-8 part into mojibake (中文 -> 涓枃).
 *
 * Genuine GB18030 text does form three-byte UTF-8 sequences by chance (in
 * the 3,475 Chinese files of the law corpus converted to GB18030, about one
 * character in forty starts one), but those decode to characters all over
 * Unicode: chance CJK ones never came two in a row there, let alone three. */
static gboolean
has_utf8_cjk_run (const char *data,
                  gsize       len)
{
  const guchar *p = (const guchar *) data;
  guint run = 0;
  gsize i = 0;

  while (i < len)
    {
      guchar c = p[i];
      const char *valid_end;
      gsize n;

      if (c < 0x80)
        {
          i++;
          continue;
        }
      n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
      if (n == 0 || i + n > len ||
          !g_utf8_validate_len ((const char *) p + i, n, &valid_end) ||
          valid_end != (const char *) p + i + n)
        {
          /* Not a UTF-8 sequence here: skip one byte, as a decoder would. */
          run = 0;
          i++;
          continue;
        }
      if (n == 3 &&
          ((c >= 0xE4 && c <= 0xE9) ||                       /* U+4000-U+9FFF */
           c == 0xE3 ||                                      /* CJK punctuation, kana */
           (c == 0xE2 && p[i + 1] <= 0x82) ||                /* “ ” — … */
           (c == 0xEF && (p[i + 1] == 0xBC || p[i + 1] == 0xBD))))  /* ，：（ */
        {
          if (++run >= 3)
            return TRUE;
        }
      else
        run = 0;
      i += n;
    }

  return FALSE;
}

/* Declared charsets that need no hint: UTF-8 is tried first anyway, and
 * GB18030 is a superset of GB2312 and GBK. */
static gboolean
is_utf8_or_gb (const char *charset)
{
  static const char *const names[] = { "UTF-8", "UTF8", "GB2312", "GBK", "GB18030", "CP936", NULL };

  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (charset, names[i]) == 0)
      return TRUE;
  return FALSE;
}

char *
rl_encoding_sniff_html (const char *data,
                        gsize       len)
{
  gsize n = MIN (len, 4096);
  const char *p = data;
  const char *end = data + n;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  while (p < end)
    {
      const char *hit = memchr (p, 'c', end - p);
      const char *q;
      GString *name;

      if (hit == NULL)
        return NULL;
      p = hit + 1;
      if ((gsize) (end - hit) < 8 || g_ascii_strncasecmp (hit, "charset", 7) != 0)
        continue;
      q = hit + 7;
      while (q < end && (*q == ' ' || *q == '\t'))
        q++;
      if (q >= end || *q != '=')
        continue;
      q++;
      while (q < end && (*q == ' ' || *q == '"' || *q == '\''))
        q++;
      name = g_string_new (NULL);
      while (q < end && name->len < 32 && (g_ascii_isalnum (*q) || *q == '-' || *q == '_' || *q == ':' || *q == '.'))
        g_string_append_c (name, g_ascii_toupper (*q++));
      if (name->len > 0)
        return g_string_free (name, FALSE);
      g_string_free (name, TRUE);
    }

  return NULL;
}

char *
rl_encoding_decode (const char   *data,
                    gsize         len,
                    const char   *charset_hint,
                    const char  **encoding,
                    gsize        *out_len,
                    GError      **error)
{
  const guchar *p = (const guchar *) data;
  g_autofree char *utf8 = NULL;
  gsize utf8_len = 0;
  const char *enc = NULL;
  gsize dummy_len;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (out_len == NULL)
    out_len = &dummy_len;

  if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
    {
      gboolean big_endian = p[0] == 0xFE;

      utf8 = decode_utf16 (p + 2, len - 2, big_endian, &utf8_len, error);
      if (utf8 == NULL)
        return NULL;
      enc = big_endian ? "UTF-16BE" : "UTF-16LE";
      /* NULs or control characters after decoding: UTF-16 framing around
       * binary data (or UTF-32), not text. */
      if (rl_encoding_looks_binary (utf8, utf8_len))
        {
          g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_BINARY,
                       _("looks like a binary file"));
          return NULL;
        }
    }
  else if (rl_encoding_looks_binary (data, len))
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_BINARY,
                   _("looks like a binary file"));
      return NULL;
    }
  else if (g_utf8_validate_len (data, len, NULL))
    {
      enc = "UTF-8";
    }
  else if (is_mostly_utf8 (data, len))
    {
      utf8 = g_utf8_make_valid (data, len);
      utf8_len = strlen (utf8);
      enc = "UTF-8";
    }
  else if (charset_hint != NULL && !is_utf8_or_gb (charset_hint) &&
           (utf8 = g_convert (data, len, "UTF-8", charset_hint, NULL, &utf8_len, NULL)) != NULL)
    {
      /* What the file says it is, when that decodes cleanly. */
      enc = charset_hint;
    }
  else if (has_utf8_cjk_run (data, len))
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_ENCODING,
                   _("mixed encodings: part of the file is UTF-8 and part is not "
                     "(GB18030 perhaps); save it as UTF-8 and import it again"));
      return NULL;
    }
  else
    {
      g_autoptr(GError) local_error = NULL;
      gsize bytes_read = 0;

      utf8 = g_convert (data, len, "UTF-8", "GB18030", &bytes_read, &utf8_len, &local_error);
      if (utf8 == NULL &&
          g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT) &&
          bytes_read > 0)
        {
          /* A multi-byte character cut off at the end: keep the rest. */
          g_clear_error (&local_error);
          utf8 = g_convert (data, bytes_read, "UTF-8", "GB18030", NULL, &utf8_len, &local_error);
        }
      if (utf8 == NULL)
        {
          g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_ENCODING,
                       _("not UTF-8, UTF-16 or GB18030 text"));
          return NULL;
        }
      enc = "GB18030";
    }

  if (encoding != NULL)
    *encoding = enc;

  if (utf8 != NULL)
    return normalise (utf8, utf8_len, out_len);
  else
    return normalise (data, len, out_len);
}
