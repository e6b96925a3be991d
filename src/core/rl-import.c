/* rl-import.c: one file's bytes to an RlDocument.
 *
 * The pipeline: pick the format from the file name, decode the bytes
 * (rl-encoding), split off YAML front matter (rl-front-matter), turn HTML
 * into text (rl-html: whole documents for .html, inline fragments for
 * Markdown and text), then find the title and date.
 *
 * Bad front matter (not YAML, not a mapping, nested too deeply, too big) is
 * not a reason to refuse a document that is otherwise fine: it is then
 * treated as ordinary text and kept, so nothing the author wrote is lost
 * and the reader shows the file as it is. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pcre2.h>

#include "rl-encoding.h"
#include "rl-front-matter.h"
#include "rl-html.h"
#include "rl-import.h"

/* How far into the text a date or a fallback title is looked for. */
#define OPENING_LINES      60
#define OPENING_BYTES      (8 * 1024)
#define TITLE_SCAN_LINES   200
#define TITLE_SCAN_BYTES   (64 * 1024)
#define MAX_TITLE_CHARS    300
#define MIN_LINE_TITLE     10

G_DEFINE_QUARK (rl-import-error-quark, rl_import_error)

typedef enum
{
  FORMAT_TEXT,
  FORMAT_MARKDOWN,
  FORMAT_HTML,
} Format;

static const struct
{
  const char *suffix;
  Format      format;
} formats[] = {
  { ".txt", FORMAT_TEXT },
  { ".md", FORMAT_MARKDOWN },
  { ".markdown", FORMAT_MARKDOWN },
  { ".html", FORMAT_HTML },
  { ".htm", FORMAT_HTML },
};

static const char *const format_names[] = { "text", "markdown", "html" };

static gboolean
format_for_name (const char *file_name,
                 Format     *format)
{
  gsize n = strlen (file_name);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      gsize k = strlen (formats[i].suffix);

      if (n > k && g_ascii_strcasecmp (file_name + n - k, formats[i].suffix) == 0)
        {
          *format = formats[i].format;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
rl_import_is_supported (const char *file_name)
{
  Format format;

  g_return_val_if_fail (file_name != NULL, FALSE);

  return format_for_name (file_name, &format);
}

/* --- Dates ------------------------------------------------------------- */

#define MONTHS "January|February|March|April|May|June|July|August|September|" \
               "October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"

static const char date_pattern[] =
  "(?<![0-9])(?:"
  "(?<y>[0-9]{4})\\h*年\\h*(?<m>[0-9]{1,2})\\h*月\\h*(?<d>[0-9]{1,2})\\h*[日号]"
  "|(?<y>[0-9]{4})-(?<m>[0-9]{1,2})-(?<d>[0-9]{1,2})(?![0-9])"
  "|(?<y>[0-9]{4})/(?<m>[0-9]{1,2})/(?<d>[0-9]{1,2})(?![0-9])"
  "|(?<y>[0-9]{4})\\.(?<m>[0-9]{1,2})\\.(?<d>[0-9]{1,2})(?![0-9.])"
  "|(?<![A-Za-z])(?<mn>(?i:" MONTHS "))\\.?\\h+(?<d>[0-9]{1,2})(?:st|nd|rd|th)?,?\\h+(?<y>[0-9]{4})(?![0-9])"
  "|(?<d>[0-9]{1,2})(?:st|nd|rd|th)?\\h+(?<mn>(?i:" MONTHS "))\\.?,?\\h+(?<y>[0-9]{4})(?![0-9])"
  ")";

static pcre2_code *
date_regex (void)
{
  static gsize once = 0;
  static pcre2_code *code = NULL;

  if (g_once_init_enter (&once))
    {
      int errcode;
      PCRE2_SIZE erroffset;

      code = pcre2_compile ((PCRE2_SPTR) date_pattern, PCRE2_ZERO_TERMINATED,
                            PCRE2_UTF | PCRE2_UCP | PCRE2_DUPNAMES,
                            &errcode, &erroffset, NULL);
      if (code == NULL)
        {
          PCRE2_UCHAR msg[256];

          pcre2_get_error_message (errcode, msg, sizeof msg);
          g_error ("date pattern: %s at %zu", (const char *) msg, (gsize) erroffset);
        }
      pcre2_jit_compile (code, PCRE2_JIT_COMPLETE);
      g_once_init_leave (&once, 1);
    }

  return code;
}

static int
month_from_name (const char *s,
                 gsize       len)
{
  static const char *const names[] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };

  if (len < 3)
    return 0;
  for (int i = 0; i < 12; i++)
    if (g_ascii_strncasecmp (s, names[i], 3) == 0)
      return i + 1;
  return 0;
}

static int
group_int (pcre2_match_data *md,
           const char       *subject,
           const char       *name,
           gboolean          month_name)
{
  PCRE2_UCHAR *value = NULL;
  PCRE2_SIZE len = 0;
  int result = 0;

  if (pcre2_substring_get_byname (md, (PCRE2_SPTR) name, &value, &len) != 0)
    return 0;
  if (month_name)
    result = month_from_name ((const char *) value, len);
  else
    result = (int) g_ascii_strtoll ((const char *) value, NULL, 10);
  pcre2_substring_free (value);
  return result;
}

/* The first valid date in [text, text + len) as "YYYY-MM-DD", or NULL. */
static char *
find_date (const char *text,
           gsize       len)
{
  pcre2_code *code = date_regex ();
  pcre2_match_data *md = pcre2_match_data_create_from_pattern (code, NULL);
  PCRE2_SIZE offset = 0;
  char *result = NULL;

  while (offset < len)
    {
      PCRE2_SIZE *ovector;
      int rc = pcre2_match (code, (PCRE2_SPTR) text, len, offset, PCRE2_NO_UTF_CHECK, md, NULL);
      int y, m, d;

      if (rc < 0)
        break;

      ovector = pcre2_get_ovector_pointer (md);
      y = group_int (md, text, "y", FALSE);
      d = group_int (md, text, "d", FALSE);
      m = group_int (md, text, "m", FALSE);
      if (m == 0)
        m = group_int (md, text, "mn", TRUE);

      if (y >= 1800 && y <= 2200 && g_date_valid_dmy (d, m, y))
        {
          result = g_strdup_printf ("%04d-%02d-%02d", y, m, d);
          break;
        }

      /* Step past the start of this match (one whole character). */
      offset = ovector[0] + 1;
      while (offset < len && (text[offset] & 0xC0) == 0x80)
        offset++;
    }

  pcre2_match_data_free (md);
  return result;
}

/* End of the opening lines: where a date in the text is looked for. */
static gsize
opening_length (const char *text,
                gsize       len,
                guint       max_lines,
                gsize       max_bytes)
{
  const char *p = text;
  const char *end = text + MIN (len, max_bytes);
  guint lines = 0;

  while (p < end && lines < max_lines)
    {
      const char *nl = memchr (p, '\n', end - p);

      if (nl == NULL)
        {
          p = end;
          break;
        }
      p = nl + 1;
      lines++;
    }

  /* Do not cut a UTF-8 sequence in half: p is where the next character
   * would start, so back up while it points into one. */
  while (p > text && p < text + len && ((guchar) *p & 0xC0) == 0x80)
    p--;
  return p - text;
}

/* --- Titles ------------------------------------------------------------ */

static gboolean
is_invisible (gunichar c)
{
  return c == 0x200B || c == 0x200C || c == 0x2060 || c == 0xFEFF || c == 0x00AD;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c);
}

/* Strips Markdown from a one-line title: emphasis markers, backslash
 * escapes, link and image syntax, code backticks; drops invisible
 * characters; collapses white space (NBSP and U+3000 included). */
static char *
clean_title (const char *s,
             gsize       len)
{
  GString *out = g_string_sized_new (len + 1);
  const char *p = s;
  const char *end = s + len;
  gboolean space = FALSE;
  gunichar prev = 0;
  /* Once a search for the end of a link fails it fails for the rest of
   * the line: remembering that keeps "[[[[..." linear. */
  gboolean has_link_end = TRUE;
  gboolean has_paren = TRUE;
  const char *close_paren = NULL;

  /* A title is at most MAX_TITLE_CHARS characters: a long line is only
   * read as far as that needs. */
  if (len > MAX_TITLE_CHARS * 8)
    {
      const char *cut = g_utf8_find_prev_char (s, s + MAX_TITLE_CHARS * 8);

      end = cut != NULL ? cut : s;
    }

  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (c == '\\' && next < end && g_ascii_ispunct (*next))
        {
          /* Backslash escape: keep the character, not the backslash. */
          c = (guchar) *next;
          next++;
        }
      else if (c == '!' && next < end && *next == '[')
        {
          p = next;
          continue;
        }
      else if (c == '[' && has_link_end &&
               (has_link_end = memmem (next, end - next, "](", 2) != NULL))
        {
          /* "[text](url)": keep the text */
          p = next;
          continue;
        }
      else if (c == ']' && next < end && *next == '(' && has_paren)
        {
          close_paren = memchr (next, ')', end - next);
          if (close_paren != NULL)
            {
              p = close_paren + 1;
              continue;
            }
          has_paren = FALSE;
        }
      else if (c == '*' || c == '_' || c == '`' || c == '~')
        {
          /* A run of markers is emphasis unless it sits inside a word
           * (snake_case) or stands alone between spaces ("5 * 3"). */
          const char *q = next;
          gunichar after;
          gboolean word_before = is_word_char (prev);
          gboolean word_after;

          while (q < end && (gunichar) *q == c)
            q++;
          after = q < end ? g_utf8_get_char (q) : 0;
          word_after = is_word_char (after);
          if ((c == '_' && word_before && word_after) ||
              (c != '_' && c != '`' && !word_before && !word_after &&
               (prev == 0 || g_unichar_isspace (prev)) && (after == 0 || g_unichar_isspace (after))))
            {
              g_string_append_len (out, p, q - p);
              prev = c;
              p = q;
              continue;
            }
          p = q;
          continue;
        }

      if (is_invisible (c))
        {
          p = next;
          continue;
        }

      if (g_unichar_isspace (c) || c == 0x00A0 || c == 0x3000 || c == 0x202F)
        {
          space = out->len > 0;
          prev = ' ';
          p = next;
          continue;
        }

      if (space)
        {
          g_string_append_c (out, ' ');
          space = FALSE;
        }
      g_string_append_unichar (out, c);
      prev = c;
      p = next;
    }

  if (g_utf8_strlen (out->str, out->len) > MAX_TITLE_CHARS)
    {
      const char *cut = g_utf8_offset_to_pointer (out->str, MAX_TITLE_CHARS - 1);

      g_string_truncate (out, cut - out->str);
      g_string_append (out, "…");
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* The text of an ATX heading line ("# Title #"), or FALSE. */
static gboolean
atx_heading (const char  *line,
             const char  *end,
             const char **text,
             gsize       *text_len)
{
  const char *p = line;
  const char *e = end;
  guint level = 0;

  while (p < e && *p == ' ' && p - line < 3)
    p++;
  while (p < e && *p == '#' && level < 7)
    {
      p++;
      level++;
    }
  if (level == 0 || level > 6 || (p < e && *p != ' ' && *p != '\t'))
    return FALSE;

  while (p < e && (*p == ' ' || *p == '\t'))
    p++;
  while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
    e--;
  /* An optional closing sequence of '#'s after a space. */
  {
    const char *h = e;

    while (h > p && h[-1] == '#')
      h--;
    if (h == p || h[-1] == ' ' || h[-1] == '\t')
      e = h;
  }
  while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
    e--;

  *text = p;
  *text_len = e - p;
  return e > p;
}

/* The first Markdown heading outside fenced code: ATX anywhere; setext
 * ("Title\n=====") only for Markdown files, since in plain text a line of
 * dashes under a line is more often a separator. */
static char *
find_heading (const char *text,
              gsize       len,
              gboolean    setext)
{
  const char *p = text;
  const char *end = text + len;
  const char *prev_line = NULL;
  const char *prev_end = NULL;
  gboolean in_fence = FALSE;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;
      const char *h;
      gsize h_len;
      const char *q = p;

      while (q < line_end && *q == ' ' && q - p < 3)
        q++;
      if (line_end - q >= 3 && (memcmp (q, "```", 3) == 0 || memcmp (q, "~~~", 3) == 0))
        {
          in_fence = !in_fence;
          prev_line = NULL;
        }
      else if (!in_fence)
        {
          if (atx_heading (p, line_end, &h, &h_len))
            {
              char *title = clean_title (h, h_len);

              if (title != NULL)
                return title;
            }
          else if (setext && prev_line != NULL && line_end > q && (*q == '=' || *q == '-'))
            {
              const char *r = q;

              while (r < line_end && *r == *q)
                r++;
              while (r < line_end && (*r == ' ' || *r == '\t'))
                r++;
              if (r == line_end)
                {
                  char *title = clean_title (prev_line, prev_end - prev_line);

                  if (title != NULL)
                    return title;
                }
            }

          /* The next line may underline this one. */
          if (line_end > q && *q != '=' && *q != '-')
            {
              prev_line = q;
              prev_end = line_end;
            }
          else
            prev_line = NULL;
        }

      if (nl == NULL)
        break;
      p = nl + 1;
    }

  return NULL;
}

/* Whether the (left-trimmed) line starts like a list item: a bullet
 * character or "1." / "1)" followed by a space. */
static gboolean
is_list_item (const char *p,
              const char *end)
{
  static const gunichar bullets[] = {
    '-', '*', '+', 0x2022 /* • */, 0x00B7 /* · */, 0x25E6 /* ◦ */, 0x25AA /* ▪ */,
    0x2023 /* ‣ */, 0x25CF /* ● */, 0x25CB /* ○ */, 0x25A0 /* ■ */, 0x25A1 /* □ */,
    0x25BA /* ► */, 0x25B6 /* ▶ */, 0x00BB /* » */, 0x2013 /* – */, 0x2219 /* ∙ */,
    0x30FB /* ・ */,
  };
  gunichar c;
  const char *q;

  if (p >= end)
    return FALSE;
  c = g_utf8_get_char (p);
  q = g_utf8_next_char (p);
  for (guint i = 0; i < G_N_ELEMENTS (bullets); i++)
    if (c == bullets[i])
      return q >= end || *q == ' ' || *q == '\t' || c > 0x7F;

  if (g_ascii_isdigit (*p))
    {
      q = p;
      while (q < end && g_ascii_isdigit (*q) && q - p < 4)
        q++;
      if (q < end && (*q == '.' || *q == ')') && (q + 1 == end || q[1] == ' ' || q[1] == '\t'))
        return TRUE;
    }
  return FALSE;
}

/* A navigation bar on one line: "Home | News | About", "A · B · C". */
static gboolean
is_navigation_line (const char *p,
                    const char *end)
{
  static const char *const separators[] = { "|", " / ", " · ", " > ", " » ", "｜", NULL };

  for (guint i = 0; separators[i] != NULL; i++)
    {
      gsize n = strlen (separators[i]);
      guint count = 0;

      for (const char *q = p; q + n <= end; q++)
        if (memcmp (q, separators[i], n) == 0 && ++count >= 2)
          return TRUE;
    }
  return FALSE;
}

/* Whether a candidate line reads like a title: at least four letters,
 * and not mostly digits (a date line such as "2026年3月4日 星期三" or
 * "March 4, 2026", a phone number). */
static gboolean
enough_letters (const char *s)
{
  guint alnum = 0;
  guint digits = 0;

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c))
        digits++;
      if (g_unichar_isalnum (c))
        alnum++;
    }
  return alnum >= 4 && digits * 2 < alnum;
}

static gboolean
is_bare_link (const char *s)
{
  return g_str_has_prefix (s, "http://") || g_str_has_prefix (s, "https://") ||
         g_str_has_prefix (s, "www.");
}

/* The first line of at least MIN_LINE_TITLE characters that is not part of
 * a bullet or navigation list (nor an image, a table row or a rule). */
static char *
find_title_line (const char *text,
                 gsize       len)
{
  const char *p = text;
  const char *end = text + opening_length (text, len, TITLE_SCAN_LINES, TITLE_SCAN_BYTES);
  gboolean in_list = FALSE;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;
      const char *q = p;
      gboolean indented;

      while (q < line_end && (*q == ' ' || *q == '\t'))
        q++;
      indented = q > p;

      if (q == line_end)
        in_list = FALSE;
      else if (is_list_item (q, line_end))
        in_list = TRUE;
      else if (in_list && indented)
        ; /* a continuation of the list */
      else
        {
          in_list = FALSE;
          if (!(line_end - q >= 2 && q[0] == '!' && q[1] == '[') && *q != '|' &&
              !is_navigation_line (q, line_end))
            {
              g_autofree char *title = clean_title (q, line_end - q);

              if (title != NULL && g_utf8_strlen (title, -1) >= MIN_LINE_TITLE &&
                  enough_letters (title) && !is_bare_link (title))
                return g_steal_pointer (&title);
            }
        }

      if (nl == NULL)
        break;
      p = nl + 1;
    }

  return NULL;
}

static char *
title_from_file_name (const char *file_name)
{
  g_autofree char *base = g_path_get_basename (file_name);
  g_autofree char *display = g_filename_display_name (base);
  char *dot = strrchr (display, '.');

  if (dot != NULL && dot != display)
    *dot = '\0';
  return g_steal_pointer (&display);
}

/* --- Front matter ------------------------------------------------------ */

typedef enum
{
  FIELD_NONE,
  FIELD_TITLE,
  FIELD_DATE,
  FIELD_SOURCE,
  FIELD_URL,
  FIELD_AUTHOR,
} Field;

static Field
field_for_key (const char *key)
{
  static const struct
  {
    const char *key;
    Field       field;
  } keys[] = {
    { "title", FIELD_TITLE }, { "标题", FIELD_TITLE },
    { "date", FIELD_DATE }, { "发布日期", FIELD_DATE }, { "published", FIELD_DATE },
    { "source", FIELD_SOURCE }, { "来源", FIELD_SOURCE },
    { "url", FIELD_URL }, { "原文链接", FIELD_URL }, { "source_url", FIELD_URL },
    { "author", FIELD_AUTHOR }, { "作者", FIELD_AUTHOR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_ascii_strcasecmp (key, keys[i].key) == 0)
      return keys[i].field;
  return FIELD_NONE;
}

static char *
clean_value (const char *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (value));

  if (copy[0] == '\0')
    return NULL;
  return g_steal_pointer (&copy);
}

static void
apply_front_matter (RlDocument *doc,
                    GPtrArray  *pairs)
{
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      const char *key = g_ptr_array_index (pairs, i);
      const char *value = g_ptr_array_index (pairs, i + 1);
      g_autofree char *clean = clean_value (value);
      Field field = field_for_key (key);
      char **slot = NULL;

      if (clean == NULL)
        continue;

      switch (field)
        {
        case FIELD_TITLE:
          if (doc->title == NULL && (doc->title = clean_title (clean, strlen (clean))) != NULL)
            continue;
          break;
        case FIELD_DATE:
          if (doc->date == NULL && (doc->date = find_date (clean, strlen (clean))) != NULL)
            continue;
          break;
        case FIELD_SOURCE:
          slot = &doc->source;
          break;
        case FIELD_URL:
          slot = &doc->url;
          break;
        case FIELD_AUTHOR:
          slot = &doc->author;
          break;
        case FIELD_NONE:
        default:
          break;
        }

      if (slot != NULL && *slot == NULL)
        {
          *slot = g_steal_pointer (&clean);
          continue;
        }

      /* Unknown keys, repeated fields and values we could not read (a date
       * that is no date) are kept as they were written. */
      if (doc->metadata == NULL)
        doc->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      if (!g_hash_table_contains (doc->metadata, key))
        g_hash_table_insert (doc->metadata, g_strdup (key), g_steal_pointer (&clean));
    }
}

/* --- The pipeline ------------------------------------------------------ */

static gboolean
is_all_space (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && !is_invisible (c) && c != 0x00A0 && c != 0x3000)
        return FALSE;
    }
  return TRUE;
}

/* Characters in valid UTF-8: every byte that does not continue a
 * sequence starts one.  A plain loop the compiler vectorises, several times
 * faster than g_utf8_strlen's per-character walk on large documents. */
static gsize
count_chars (const char *text,
             gsize       len)
{
  const guchar *p = (const guchar *) text;
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    n += (p[i] & 0xC0) != 0x80;
  return n;
}

/* Moves the stored text into place: no blank lines before the first line of
 * text, no white space after the last, and (defensively, whatever the
 * converters did) LF line ends and valid UTF-8. */
static void
set_text (RlDocument *doc,
          char       *text,
          gsize       len)
{
  char *start = text;
  char *end = text + len;
  char *line = text;

  /* Skip leading lines that hold only blanks. */
  for (char *p = text; p < end; p++)
    {
      if (*p == '\n')
        line = p + 1;
      else if (*p != ' ' && *p != '\t')
        break;
    }
  start = line;
  while (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
    end--;

  for (char *p = start; p < end && (p = memchr (p, '\r', end - p)) != NULL; p++)
    *p = '\n';

  if (g_utf8_validate_len (start, end - start, NULL))
    {
      memmove (text, start, end - start);
      text[end - start] = '\0';
      doc->text = text;
      doc->text_len = end - start;
    }
  else
    {
      doc->text = g_utf8_make_valid (start, end - start);
      doc->text_len = strlen (doc->text);
      g_free (text);
    }
  doc->n_chars = count_chars (doc->text, doc->text_len);
}

RlDocument *
rl_import_bytes (const char  *file_name,
                 const char  *data,
                 gsize        len,
                 GError     **error)
{
  g_autoptr(RlDocument) doc = NULL;
  g_autofree char *display = NULL;
  g_autofree char *text = NULL;
  g_autofree char *charset = NULL;
  g_autoptr(GError) local_error = NULL;
  RlHtmlInfo info = { 0 };
  const char *encoding = NULL;
  const char *body;
  gsize text_len = 0;
  gsize body_len;
  gsize yaml_start, yaml_len, body_start;
  char *stored;
  gsize stored_len = 0;
  Format format;

  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The name as given: a refusal in a folder import must say which of
   * several files of one name it was. */
  display = g_filename_display_name (file_name);

  if (!format_for_name (file_name, &format))
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_UNSUPPORTED,
                   _("%s: not a supported file type (use .txt, .md, .markdown, .html or .htm)"),
                   display);
      return NULL;
    }
  if (len > RL_IMPORT_MAX_BYTES)
    {
      g_autofree char *size = g_format_size (len);
      g_autofree char *limit = g_format_size (RL_IMPORT_MAX_BYTES);

      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_TOO_LARGE,
                   _("%s: file is too large (%s; the limit is %s)"), display, size, limit);
      return NULL;
    }
  if (len == 0)
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_EMPTY,
                   _("%s: file is empty"), display);
      return NULL;
    }

  if (format == FORMAT_HTML)
    charset = rl_encoding_sniff_html (data, len);
  text = rl_encoding_decode (data, len, charset, &encoding, &text_len, &local_error);
  if (text == NULL)
    {
      g_set_error (error, RL_IMPORT_ERROR, local_error->code, "%s: %s",
                   display, local_error->message);
      return NULL;
    }
  if (is_all_space (text))
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_EMPTY,
                   _("%s: file holds nothing but white space"), display);
      return NULL;
    }

  doc = rl_document_new ();
  {
    g_autofree char *base = g_path_get_basename (file_name);

    doc->file_name = g_steal_pointer (&base);
  }
  doc->hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  doc->encoding = g_strdup (encoding);
  doc->format = g_strdup (format_names[format]);

  body = text;
  body_len = text_len;
  if (rl_front_matter_find (text, text_len, &yaml_start, &yaml_len, &body_start))
    {
      g_autoptr(GPtrArray) pairs = rl_front_matter_parse (text + yaml_start, yaml_len, &local_error);

      if (pairs != NULL)
        {
          apply_front_matter (doc, pairs);
          body = text + body_start;
          body_len = text_len - body_start;
        }
      else
        {
          g_debug ("%s: %s; read as text", display, local_error->message);
          g_clear_error (&local_error);
        }
    }

  if (format == FORMAT_HTML)
    stored = rl_html_document_to_text (body, body_len, &info, &stored_len);
  else
    {
      stored = rl_html_fragments_to_text (body, body_len, &info, &stored_len);
      if (stored == NULL)
        {
          stored = g_strndup (body, body_len);
          stored_len = body_len;
        }
    }
  set_text (doc, stored, stored_len);

  if (doc->text_len == 0)
    {
      rl_html_info_clear (&info);
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_EMPTY,
                   _("%s: no text left after removing front matter and markup"), display);
      return NULL;
    }

  /* Only a heading near the top names the document: "## Related
   * articles" at the end of a scraped page does not. */
  if (doc->title == NULL && format != FORMAT_HTML)
    doc->title = find_heading (doc->text, opening_length (doc->text, doc->text_len,
                                                          TITLE_SCAN_LINES, TITLE_SCAN_BYTES),
                               format == FORMAT_MARKDOWN);
  if (doc->title == NULL && info.title != NULL)
    doc->title = clean_title (info.title, strlen (info.title));
  if (doc->title == NULL && info.h1 != NULL)
    doc->title = clean_title (info.h1, strlen (info.h1));
  if (doc->title == NULL)
    doc->title = find_title_line (doc->text, doc->text_len);
  if (doc->title == NULL)
    doc->title = title_from_file_name (file_name);

  if (doc->date == NULL && info.date != NULL)
    doc->date = find_date (info.date, strlen (info.date));
  if (doc->date == NULL)
    doc->date = find_date (doc->text, opening_length (doc->text, doc->text_len,
                                                      OPENING_LINES, OPENING_BYTES));
  if (doc->author == NULL && info.author != NULL)
    doc->author = g_steal_pointer (&info.author);

  rl_html_info_clear (&info);

  return g_steal_pointer (&doc);
}

/* Reads a whole regular file of at most RL_IMPORT_MAX_BYTES.  The file is
 * opened non-blocking and checked again once open: if something swapped a
 * named pipe in after the caller's stat, the open does not wait for a
 * writer and the pipe is refused, never read. */
static char *
read_regular_file (const char  *path,
                   const char  *display,
                   gsize       *len,
                   GError     **error)
{
  g_autofree char *data = NULL;
  gsize size = 0;
  gsize alloc;
  GStatBuf st;
  int fd;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_READ,
                   "%s: %s", display, g_strerror (saved_errno));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_READ,
                   _("%s: not a regular file"), display);
      return NULL;
    }

  /* The size is a hint: the file may grow or shrink while it is read. */
  alloc = MIN ((gsize) st.st_size, (gsize) RL_IMPORT_MAX_BYTES) + 1;
  data = g_malloc (alloc);
  for (;;)
    {
      gssize n;

      if (size == alloc)
        {
          if (alloc > RL_IMPORT_MAX_BYTES)
            {
              g_autofree char *limit = g_format_size (RL_IMPORT_MAX_BYTES);

              close (fd);
              g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_TOO_LARGE,
                           _("%s: file is too large (it grew past the limit of %s while being read)"),
                           display, limit);
              return NULL;
            }
          alloc = MIN (alloc * 2, (gsize) RL_IMPORT_MAX_BYTES + 1);
          data = g_realloc (data, alloc);
        }
      n = read (fd, data + size, alloc - size);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_READ,
                       "%s: %s", display, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      size += n;
    }
  close (fd);

  *len = size;
  return g_steal_pointer (&data);
}

RlDocument *
rl_import_file (const char  *path,
                GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *contents = NULL;
  RlDocument *doc;
  GStatBuf st;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);

  if (!rl_import_is_supported (path))
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_UNSUPPORTED,
                   _("%s: not a supported file type (use .txt, .md, .markdown, .html or .htm)"),
                   display);
      return NULL;
    }

  /* Check the size before reading so a huge file is never loaded. */
  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_READ,
                   "%s: %s", display, g_strerror (saved_errno));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_READ,
                   _("%s: not a regular file"), display);
      return NULL;
    }
  if ((guint64) st.st_size > RL_IMPORT_MAX_BYTES)
    {
      g_autofree char *size = g_format_size ((guint64) st.st_size);
      g_autofree char *limit = g_format_size (RL_IMPORT_MAX_BYTES);

      g_set_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_TOO_LARGE,
                   _("%s: file is too large (%s; the limit is %s)"), display, size, limit);
      return NULL;
    }

  if (!(contents = read_regular_file (path, display, &len, error)))
    return NULL;

  doc = rl_import_bytes (path, contents, len, error);
  if (doc != NULL)
    doc->path = g_canonicalize_filename (path, NULL);
  return doc;
}
