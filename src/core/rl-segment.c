/* rl-segment.c: clause boundaries in Chinese and English text. */
#include "config.h"

#include <string.h>

#include "rl-segment.h"

static gboolean
is_cjk_end (gunichar c)
{
  return c == 0x3002 /* 。 */ || c == 0xFF01 /* ！ */ || c == 0xFF1F /* ？ */ ||
         c == 0xFF1B /* ； */ || c == 0xFF0E /* ． */;
}

static gboolean
is_closer (gunichar c)
{
  /* Closing quotes and brackets that belong to the sentence they end. */
  return c == '"' || c == '\'' || c == ')' || c == ']' ||
         c == 0x201D /* ” */ || c == 0x2019 /* ’ */ || c == 0x300D /* 」 */ ||
         c == 0x300F /* 』 */ || c == 0xFF09 /* ） */ || c == 0x300B /* 》 */;
}

static gboolean
is_latin_word_char (gunichar c)
{
  return c < 0x80 && (g_ascii_isalnum (c) || c == ',' || c == '-' || c == ')' ||
                      c == '\'' || c == '"' || c == ':' || c == '(' || c == '$');
}

static gboolean
is_abbreviation_before (const char *text,
                        const char *dot)
{
  /* The word that ends at dot: a single letter ("U.S.", "J. Smith") or a
   * title such as "Mr." is not a sentence end. */
  static const char *const abbrevs[] = {
    "mr", "mrs", "ms", "dr", "st", "vs", "no", "sen", "rep", "gen", "col",
    "lt", "sgt", "gov", "jr", "sr", "etc", "e.g", "i.e", "inc", "co", "corp",
    "art", "sec", "para", "fig", "approx", "dept", "u.s", "u.k", "u.n", NULL
  };
  const char *w = dot;
  gsize n;

  while (w > text && (g_ascii_isalpha (w[-1]) || (w[-1] == '.' && w - 1 > text && g_ascii_isalpha (w[-2]))))
    w--;
  n = dot - w;
  if (n == 0)
    return FALSE;
  if (n == 1)
    return TRUE;
  for (guint i = 0; abbrevs[i]; i++)
    if (strlen (abbrevs[i]) == n && g_ascii_strncasecmp (w, abbrevs[i], n) == 0)
      return TRUE;
  return FALSE;
}

/* "2.1 ", "4. ", "12) ": the next line starts an item of its own. */
static gboolean
starts_numbered_item (const char *p,
                      const char *end)
{
  const char *q = p;

  while (q < end && (g_ascii_isdigit (*q) || *q == '.'))
    q++;
  if (q == p || q >= end)
    return FALSE;
  if (*q == ')')
    q++;
  return q < end && q > p && (q[-1] == '.' || q[-1] == ')' || g_ascii_isdigit (q[-1])) &&
         (*q == ' ' || *q == '\t');
}

/* A hard-wrapped line runs close to the wrap width; a short line before a
 * break is a heading or the end of a paragraph. */
static gboolean
line_is_long (const char *text,
              const char *nl)
{
  const char *start = nl;
  glong n;

  while (start > text && start[-1] != '\n')
    start--;
  n = g_utf8_strlen (start, nl - start);
  return n >= 40;
}

/* Whether the character at p (a terminator or line break) ends a clause. */
static gboolean
is_boundary_at (const char *text,
                gsize       len,
                const char *p)
{
  const char *end = text + len;
  gunichar c = g_utf8_get_char (p);

  if (is_cjk_end (c) || c == 0x2029 || c == 0x2028)
    return TRUE;

  if (c == ';' || c == '!' || c == '?')
    return TRUE;

  if (c == '.')
    {
      const char *q = p + 1;

      /* "3.5", "example.com", "U.S.": a dot followed by a word character. */
      while (q < end && is_closer (g_utf8_get_char (q)))
        q = g_utf8_next_char (q);
      if (q < end && !g_unichar_isspace (g_utf8_get_char (q)))
        return FALSE;
      if (is_abbreviation_before (text, p))
        {
          /* "... the U.S. The next" still ends when a capital follows a
           * multi-letter abbreviation; be conservative: don't cut. */
          return FALSE;
        }
      return TRUE;
    }

  if (c == '\n')
    {
      const char *prev, *next = p + 1;

      if (p == text)
        return TRUE;
      /* A hard-wrapped English paragraph continues on the next line: Latin
       * text on both sides of a single line break. */
      if (next < end && *next == '\n')
        return TRUE;
      while (next < end && (*next == ' ' || *next == '\t'))
        next++;
      if (next >= end)
        return TRUE;
      prev = g_utf8_find_prev_char (text, p);
      if (prev != NULL && is_latin_word_char (g_utf8_get_char (prev)) &&
          is_latin_word_char (g_utf8_get_char (next)) && *next != '-' && *next != '(' &&
          !starts_numbered_item (next, end) && line_is_long (text, p))
        return FALSE;
      return TRUE;
    }

  return FALSE;
}

static gboolean
is_trim_char (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x200B || c == 0x2060 || c == 0xFEFF;
}

/* Skips white space and list or heading markers at the start of a clause. */
static const char *
skip_leading (const char *p,
              const char *limit)
{
  for (;;)
    {
      const char *q = p;

      while (q < limit && is_trim_char (g_utf8_get_char (q)))
        q = g_utf8_next_char (q);
      if (q < limit && (*q == '*' || *q == '-' || *q == '+' || *q == '>' || *q == '#'))
        {
          const char *r = q;
          while (r < limit && (*r == *q))
            r++;
          if (r < limit && (*r == ' ' || *r == '\t'))
            {
              p = r;
              continue;
            }
        }
      if (q < limit && g_utf8_get_char (q) == 0x2022 /* • */)
        {
          p = g_utf8_next_char (q);
          continue;
        }
      return q;
    }
}

void
rl_segment_clause (const char *text,
                   gsize       len,
                   gsize       match_start,
                   gsize       match_end,
                   gsize      *clause_start,
                   gsize      *clause_end)
{
  const char *end = text + len;
  const char *ms = text + MIN (match_start, len);
  const char *me = text + MIN (MAX (match_end, match_start), len);
  const char *s = ms;
  const char *e = me;
  glong n_chars;

  g_return_if_fail (text != NULL);
  g_return_if_fail (clause_start != NULL && clause_end != NULL);

  /* Backwards to just after the previous boundary (at most the cap). */
  n_chars = 0;
  while (s > text && n_chars < RL_CLAUSE_MAX_CHARS)
    {
      const char *prev = g_utf8_find_prev_char (text, s);
      gunichar c;

      if (prev == NULL)
        break;
      c = g_utf8_get_char (prev);
      if ((c == '\n' || c == '.' || c == ';' || c == '!' || c == '?' || is_cjk_end (c)) &&
          is_boundary_at (text, len, prev))
        break;
      /* Closing quotes right after a terminator belong to the previous clause. */
      if (is_closer (c))
        {
          const char *pp = g_utf8_find_prev_char (text, prev);
          while (pp != NULL && is_closer (g_utf8_get_char (pp)))
            pp = g_utf8_find_prev_char (text, pp);
          if (pp != NULL)
            {
              gunichar pc = g_utf8_get_char (pp);
              if ((is_cjk_end (pc) || pc == '.' || pc == '!' || pc == '?' || pc == ';') &&
                  is_boundary_at (text, len, pp))
                break;
            }
        }
      s = prev;
      n_chars++;
    }

  /* Forwards through the next terminator and its closing quotes. */
  n_chars = 0;
  while (e < end && n_chars < RL_CLAUSE_MAX_CHARS)
    {
      gunichar c = g_utf8_get_char (e);

      if (c == '\n' && is_boundary_at (text, len, e))
        break;
      if ((c == '.' || c == ';' || c == '!' || c == '?' || is_cjk_end (c)) &&
          is_boundary_at (text, len, e))
        {
          e = g_utf8_next_char (e);
          while (e < end && is_closer (g_utf8_get_char (e)))
            e = g_utf8_next_char (e);
          break;
        }
      e = g_utf8_next_char (e);
      n_chars++;
    }

  /* Trim, never past the match. */
  s = skip_leading (s, ms);
  while (e > me)
    {
      const char *prev = g_utf8_find_prev_char (text, e);
      if (prev == NULL || !is_trim_char (g_utf8_get_char (prev)))
        break;
      e = prev;
    }

  /* Enforce the cap by trimming the side that is longer. */
  n_chars = g_utf8_strlen (s, e - s);
  while (n_chars > RL_CLAUSE_MAX_CHARS && (s < ms || e > me))
    {
      glong before = g_utf8_strlen (s, ms - s);
      glong after = g_utf8_strlen (me, e - me);
      glong excess = n_chars - RL_CLAUSE_MAX_CHARS;

      if (before >= after && s < ms)
        {
          glong cut = MIN (excess, before);
          s = g_utf8_offset_to_pointer (s, cut);
          n_chars -= cut;
        }
      else if (e > me)
        {
          glong cut = MIN (excess, after);
          e = g_utf8_offset_to_pointer (me, after - cut);
          n_chars -= cut;
        }
      else
        break;
    }

  *clause_start = s - text;
  *clause_end = e - text;
}

char *
rl_segment_normalize (const char *clause,
                      gssize      len)
{
  GString *out;
  const char *p, *end;
  gboolean space = FALSE;

  g_return_val_if_fail (clause != NULL, NULL);

  if (len < 0)
    len = strlen (clause);
  out = g_string_sized_new (len);
  end = clause + len;

  for (p = clause; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x200B || c == 0x2060 || c == 0xFEFF)
        continue;
      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      if (c < 0x80)
        g_string_append_c (out, g_ascii_tolower (c));
      else
        g_string_append_unichar (out, c);
    }

  /* Sentence-final punctuation says nothing about the clause: without it, a
   * clause that grew ("…监控。" -> "…监控，也不得…。") still contains the old key. */
  while (out->len > 0)
    {
      const char *last = g_utf8_find_prev_char (out->str, out->str + out->len);
      gunichar c = g_utf8_get_char (last);

      if (!(is_cjk_end (c) || is_closer (c) || c == '.' || c == ';' || c == '!' || c == '?' ||
            c == ' ' || c == 0x3001 /* 、 */ || c == 0xFF0C /* ， */ || c == ','))
        break;
      g_string_truncate (out, last - out->str);
    }

  return g_string_free (out, FALSE);
}
