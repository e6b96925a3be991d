/* rl-html.c: HTML documents and inline HTML fragments to readable text. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "rl-html.h"

typedef enum
{
  EL_INLINE,   /* tag goes, content stays */
  EL_BLOCK,    /* a blank line before and after */
  EL_LINE,     /* a line break before and after (li, tr, dt, dd) */
  EL_BR,       /* one line break */
  EL_CELL,     /* a space between cells */
  EL_DROP,     /* tag and content go */
  EL_TITLE,    /* like EL_DROP, but remembered as the title */
  EL_H1,       /* EL_BLOCK, remembered as a title candidate */
  EL_PRE,      /* EL_BLOCK, white space kept */
} ElementKind;

typedef struct
{
  const char  *name;
  ElementKind  kind;
} Element;

/* Sorted by name for bsearch.  Only these names count as tags in Markdown
 * and plain text, so "x <y and z>" stays as written. */
static const Element elements[] = {
  { "a", EL_INLINE }, { "abbr", EL_INLINE }, { "address", EL_BLOCK },
  { "article", EL_BLOCK }, { "aside", EL_BLOCK }, { "audio", EL_DROP },
  { "b", EL_INLINE }, { "base", EL_INLINE }, { "bdi", EL_INLINE }, { "bdo", EL_INLINE },
  { "big", EL_INLINE }, { "blockquote", EL_BLOCK }, { "body", EL_BLOCK },
  { "br", EL_BR }, { "button", EL_INLINE }, { "canvas", EL_DROP }, { "caption", EL_LINE },
  { "center", EL_BLOCK }, { "cite", EL_INLINE }, { "code", EL_INLINE },
  { "col", EL_INLINE }, { "colgroup", EL_INLINE }, { "data", EL_INLINE },
  { "dd", EL_LINE }, { "del", EL_INLINE }, { "details", EL_BLOCK }, { "dfn", EL_INLINE },
  { "dialog", EL_BLOCK }, { "div", EL_BLOCK }, { "dl", EL_BLOCK }, { "dt", EL_LINE },
  { "em", EL_INLINE }, { "embed", EL_INLINE }, { "fieldset", EL_BLOCK },
  { "figcaption", EL_BLOCK }, { "figure", EL_BLOCK }, { "font", EL_INLINE },
  { "footer", EL_BLOCK }, { "form", EL_BLOCK }, { "h1", EL_H1 }, { "h2", EL_BLOCK },
  { "h3", EL_BLOCK }, { "h4", EL_BLOCK }, { "h5", EL_BLOCK }, { "h6", EL_BLOCK },
  { "head", EL_INLINE }, { "header", EL_BLOCK }, { "hr", EL_BLOCK }, { "html", EL_BLOCK },
  { "i", EL_INLINE }, { "iframe", EL_DROP }, { "img", EL_INLINE }, { "input", EL_INLINE },
  { "ins", EL_INLINE }, { "kbd", EL_INLINE }, { "label", EL_INLINE }, { "legend", EL_LINE },
  { "li", EL_LINE }, { "link", EL_INLINE }, { "main", EL_BLOCK }, { "mark", EL_INLINE },
  { "math", EL_DROP }, { "meta", EL_INLINE }, { "nav", EL_DROP }, { "noscript", EL_DROP },
  { "object", EL_DROP }, { "ol", EL_BLOCK }, { "option", EL_LINE }, { "p", EL_BLOCK },
  { "picture", EL_INLINE }, { "pre", EL_PRE }, { "q", EL_INLINE }, { "s", EL_INLINE },
  { "samp", EL_INLINE }, { "script", EL_DROP }, { "section", EL_BLOCK },
  { "select", EL_DROP }, { "small", EL_INLINE }, { "source", EL_INLINE },
  { "span", EL_INLINE }, { "strike", EL_INLINE }, { "strong", EL_INLINE },
  { "style", EL_DROP }, { "sub", EL_INLINE }, { "summary", EL_LINE }, { "sup", EL_INLINE },
  { "svg", EL_DROP }, { "table", EL_BLOCK }, { "tbody", EL_INLINE }, { "td", EL_CELL },
  { "template", EL_DROP }, { "textarea", EL_DROP }, { "tfoot", EL_INLINE },
  { "th", EL_CELL }, { "thead", EL_INLINE }, { "time", EL_INLINE }, { "title", EL_TITLE },
  { "tr", EL_LINE }, { "tt", EL_INLINE }, { "u", EL_INLINE }, { "ul", EL_BLOCK },
  { "var", EL_INLINE }, { "video", EL_DROP }, { "wbr", EL_INLINE },
};

static int
element_cmp (const void *key,
             const void *elem)
{
  return strcmp (key, ((const Element *) elem)->name);
}

static const Element *
lookup_element (const char *lower_name)
{
  return bsearch (lower_name, elements, G_N_ELEMENTS (elements), sizeof elements[0], element_cmp);
}

void
rl_html_info_clear (RlHtmlInfo *info)
{
  if (info == NULL)
    return;
  g_clear_pointer (&info->title, g_free);
  g_clear_pointer (&info->h1, g_free);
  g_clear_pointer (&info->author, g_free);
  g_clear_pointer (&info->date, g_free);
}

/* Output with owed line breaks: block boundaries ask for newlines, which
 * are written only when more text follows, so runs of empty blocks give
 * one blank line and the text never ends or starts with them. */
typedef struct
{
  GString  *out;
  guint     pending;     /* newlines owed before the next text, 0..2 */
  gboolean  space;       /* a space owed (collapsed white space) */
  gboolean  skip_ws;     /* fragments: swallowing white space after a block tag */
  guint     skipped_nl;  /* newlines swallowed so far */
} Emitter;

static void
emitter_break (Emitter *e,
               guint    newlines)
{
  e->pending = MAX (e->pending, newlines);
  e->skip_ws = TRUE;
}

static void
emitter_flush (Emitter *e)
{
  GString *out = e->out;

  if (e->skip_ws)
    {
      e->pending = MAX (e->pending, MIN (e->skipped_nl, 2));
      e->skip_ws = FALSE;
      e->skipped_nl = 0;
    }

  if (e->pending > 0)
    {
      guint have = 0;

      while (out->len > 0 && (out->str[out->len - 1] == ' ' || out->str[out->len - 1] == '\t'))
        g_string_truncate (out, out->len - 1);
      while (have < out->len && out->str[out->len - 1 - have] == '\n')
        have++;
      if (out->len > 0)
        for (; have < e->pending; have++)
          g_string_append_c (out, '\n');
      e->pending = 0;
      e->space = FALSE;
    }
  else if (e->space)
    {
      if (out->len > 0 && out->str[out->len - 1] != '\n' && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
      e->space = FALSE;
    }
}

static inline gboolean
is_html_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Collapses runs of HTML white space into one space, as a browser does;
 * inside <pre> white space is kept. */
static void
emit_collapsed (Emitter    *e,
                const char *s,
                gboolean    pre)
{
  const char *p = s;

  while (*p != '\0')
    {
      const char *start;

      if (is_html_space (*p))
        {
          if (pre)
            {
              emitter_flush (e);
              if (*p != '\r')
                g_string_append_c (e->out, *p == '\f' ? '\n' : *p);
            }
          else
            e->space = TRUE;
          p++;
          continue;
        }

      start = p;
      while (*p != '\0' && !is_html_space (*p))
        p++;
      emitter_flush (e);
      g_string_append_len (e->out, start, p - start);
    }
}

static char *
collapse_copy (const char *s)
{
  Emitter e = { g_string_new (NULL), 0, FALSE, FALSE, 0 };

  if (s != NULL)
    emit_collapsed (&e, s, FALSE);
  if (e.out->len == 0)
    {
      g_string_free (e.out, TRUE);
      return NULL;
    }
  return g_string_free (e.out, FALSE);
}

static void
read_meta (xmlNode    *node,
           RlHtmlInfo *info)
{
  static const char *const date_names[] = {
    "date", "pubdate", "publishdate", "publish_date", "publish-date", "dc.date",
    "dc.date.issued", "dcterms.date", "dcterms.created", "article:published_time",
    "og:published_time", "citation_publication_date", "parsely-pub-date", NULL
  };
  static const char *const author_names[] = {
    "author", "article:author", "dc.creator", "citation_author", "byl", NULL
  };
  xmlChar *name = xmlGetProp (node, (const xmlChar *) "name");
  xmlChar *content;
  const char *key;

  if (name == NULL)
    name = xmlGetProp (node, (const xmlChar *) "property");
  if (name == NULL)
    name = xmlGetProp (node, (const xmlChar *) "itemprop");
  if (name == NULL)
    return;

  key = (const char *) name;
  content = xmlGetProp (node, (const xmlChar *) "content");
  if (content != NULL)
    {
      if (info->date == NULL || g_ascii_strcasecmp (key, "datePublished") == 0)
        {
          for (guint i = 0; date_names[i] != NULL; i++)
            if (g_ascii_strcasecmp (key, date_names[i]) == 0 ||
                g_ascii_strcasecmp (key, "datePublished") == 0)
              {
                g_free (info->date);
                info->date = collapse_copy ((const char *) content);
                break;
              }
        }
      if (info->author == NULL)
        for (guint i = 0; author_names[i] != NULL; i++)
          if (g_ascii_strcasecmp (key, author_names[i]) == 0)
            {
              info->author = collapse_copy ((const char *) content);
              break;
            }
    }

  xmlFree (content);
  xmlFree (name);
}

static const Element *
node_element (xmlNode *node)
{
  char lower[16];
  gsize n;

  if (node->type != XML_ELEMENT_NODE || node->name == NULL)
    return NULL;
  /* libxml2's HTML parser already lowercases names; be safe anyway. */
  n = strlen ((const char *) node->name);
  if (n == 0 || n >= sizeof lower)
    return NULL;
  for (gsize i = 0; i <= n; i++)
    lower[i] = g_ascii_tolower (node->name[i]);
  return lookup_element (lower);
}

/* Enter/leave for one element; iterative so that deeply nested markup
 * cannot exhaust the stack. */
static gboolean
walk_enter (xmlNode    *node,
            Emitter    *e,
            RlHtmlInfo *info,
            guint      *pre_depth)
{
  const Element *el;

  switch (node->type)
    {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
      if (node->content != NULL)
        emit_collapsed (e, (const char *) node->content, *pre_depth > 0);
      return FALSE;

    case XML_ELEMENT_NODE:
      break;

    default:
      return FALSE;
    }

  if (xmlStrcasecmp (node->name, (const xmlChar *) "meta") == 0)
    {
      read_meta (node, info);
      return FALSE;
    }

  el = node_element (node);
  if (el == NULL)
    return TRUE;  /* unknown element: keep its text */

  switch (el->kind)
    {
    case EL_DROP:
      return FALSE;
    case EL_TITLE:
      if (info->title == NULL)
        {
          xmlChar *content = xmlNodeGetContent (node);
          info->title = collapse_copy ((const char *) content);
          xmlFree (content);
        }
      return FALSE;
    case EL_H1:
      if (info->h1 == NULL)
        {
          xmlChar *content = xmlNodeGetContent (node);
          info->h1 = collapse_copy ((const char *) content);
          xmlFree (content);
        }
      emitter_break (e, 2);
      break;
    case EL_BLOCK:
      emitter_break (e, 2);
      break;
    case EL_PRE:
      emitter_break (e, 2);
      (*pre_depth)++;
      break;
    case EL_LINE:
      emitter_break (e, 1);
      break;
    case EL_BR:
      /* Consecutive <br>s make a blank line, never more. */
      emitter_flush (e);
      e->pending = 1;
      if (e->out->len > 0 && e->out->str[e->out->len - 1] == '\n' &&
          (e->out->len < 2 || e->out->str[e->out->len - 2] != '\n'))
        g_string_append_c (e->out, '\n');
      break;
    case EL_CELL:
      e->space = TRUE;
      break;
    case EL_INLINE:
    default:
      break;
    }

  return TRUE;
}

static void
walk_leave (xmlNode *node,
            Emitter *e,
            guint   *pre_depth)
{
  const Element *el = node_element (node);

  if (el == NULL)
    return;
  switch (el->kind)
    {
    case EL_H1:
    case EL_BLOCK:
      emitter_break (e, 2);
      break;
    case EL_PRE:
      emitter_break (e, 2);
      if (*pre_depth > 0)
        (*pre_depth)--;
      break;
    case EL_LINE:
      emitter_break (e, 1);
      break;
    case EL_CELL:
      e->space = TRUE;
      break;
    default:
      break;
    }
}

static void
walk (xmlNode    *root,
      Emitter    *e,
      RlHtmlInfo *info)
{
  xmlNode *node = root;
  guint pre_depth = 0;

  /* In the document-to-text direction skip_ws is not used: libxml2 has
   * already decided what is white space. */
  while (node != NULL)
    {
      gboolean descend = walk_enter (node, e, info, &pre_depth);

      e->skip_ws = FALSE;
      if (descend && node->children != NULL)
        {
          node = node->children;
          continue;
        }

      if (descend)
        walk_leave (node, e, &pre_depth);
      while (node != NULL && node->next == NULL)
        {
          node = node->parent;
          if (node == NULL || node == root->parent || node->type == XML_DOCUMENT_NODE ||
              node->type == XML_HTML_DOCUMENT_NODE)
            return;
          walk_leave (node, e, &pre_depth);
        }
      if (node != NULL)
        node = node->next;
    }
}

static void
ensure_libxml (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      xmlInitParser ();
      g_once_init_leave (&initialised, 1);
    }
}

char *
rl_html_document_to_text (const char *html,
                          gsize       len,
                          RlHtmlInfo *info,
                          gsize      *out_len)
{
  RlHtmlInfo dummy = { 0 };
  Emitter e = { 0 };
  htmlDocPtr doc;
  xmlNode *root;

  g_return_val_if_fail (html != NULL || len == 0, NULL);

  if (info == NULL)
    info = &dummy;

  ensure_libxml ();
  e.out = g_string_sized_new (len / 2 + 16);

  if (len > 0 && len <= G_MAXINT)
    {
      /* XML_PARSE_HUGE: without it libxml2 stops silently at 256 levels of
       * nesting or a 10 MB text node and the rest of the document is lost.
       * The importer caps the file size; the walk below is not recursive. */
      doc = htmlReadMemory (html, (int) len, NULL, "UTF-8",
                            HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                            HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC |
                            XML_PARSE_HUGE);
      if (doc != NULL)
        {
          root = xmlDocGetRootElement (doc);
          if (root != NULL)
            walk (root, &e, info);
          xmlFreeDoc (doc);
        }
    }

  rl_html_info_clear (&dummy);

  if (out_len != NULL)
    *out_len = e.out->len;
  return g_string_free (e.out, FALSE);
}

/* --- Inline HTML in Markdown and plain text ---------------------------- */

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n';
}

/* Length of the real tag at p (p[0] == '<'), 0 if it is not one: a known
 * element name, then attributes (quoted values may hold '>' and '<'), then
 * '>' within a few KB and before any blank line or stray '<'. */
static gsize
match_tag (const char     *p,
           const char     *end,
           const Element **element,
           gboolean       *closing)
{
  const char *q = p + 1;
  const char *limit = end - p > 8192 ? p + 8192 : end;
  char name[16];
  gsize n = 0;

  *closing = FALSE;
  if (q < limit && *q == '/')
    {
      *closing = TRUE;
      q++;
    }
  if (q >= limit || !g_ascii_isalpha (*q))
    return 0;
  while (q < limit && g_ascii_isalnum (*q))
    {
      if (n == sizeof name - 1)
        return 0;
      name[n++] = g_ascii_tolower (*q++);
    }
  name[n] = '\0';
  if (q >= limit || (*q != '>' && *q != '/' && !is_blank (*q) && *q != '\r'))
    return 0;
  if ((*element = lookup_element (name)) == NULL)
    return 0;

  while (q < limit)
    {
      char c = *q;

      if (c == '>')
        return q + 1 - p;
      if (c == '<')
        return 0;
      if (c == '\n' && q + 1 < limit && q[1] == '\n')
        return 0;
      if (*closing && !is_blank (c))
        return 0;
      if (c == '=')
        {
          q++;
          while (q < limit && is_blank (*q))
            q++;
          if (q < limit && (*q == '"' || *q == '\''))
            {
              const char *close = memchr (q + 1, *q, limit - q - 1);

              if (close == NULL)
                return 0;
              q = close + 1;
            }
          continue;
        }
      q++;
    }

  return 0;
}

/* Decodes the character reference at p (p[0] == '&'); 0 if there is none
 * or it names nothing, so "AT&T" and "&foo;" stay as written. */
static gsize
match_entity (const char *p,
              const char *end,
              gunichar   *value)
{
  const char *q = p + 1;
  gunichar u = 0;

  if (q < end && *q == '#')
    {
      gboolean hex;
      guint digits = 0;

      q++;
      hex = q < end && (*q == 'x' || *q == 'X');
      if (hex)
        q++;
      while (q < end && digits < 8 && (hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)))
        {
          u = u * (hex ? 16 : 10) + (hex ? (gunichar) g_ascii_xdigit_value (*q) : (gunichar) (*q - '0'));
          q++;
          digits++;
        }
      if (digits == 0 || q >= end || *q != ';')
        return 0;
    }
  else
    {
      char name[33];
      gsize n = 0;
      const htmlEntityDesc *desc;

      while (q < end && g_ascii_isalnum (*q))
        {
          if (n == sizeof name - 1)
            return 0;
          name[n++] = *q++;
        }
      if (n == 0 || q >= end || *q != ';')
        return 0;
      name[n] = '\0';
      desc = htmlEntityLookup ((const xmlChar *) name);
      if (desc == NULL)
        return 0;
      u = desc->value;
    }

  if (u == 0 || u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF) ||
      (u < 0x20 && u != '\t' && u != '\n') || u == 0x7F)
    return 0;

  *value = u;
  return q + 1 - p;
}

/* Finds the end of the element whose content is dropped: just past
 * "</name ... >", or NULL. */
static const char *
find_close_tag (const char *p,
                const char *end,
                const char *name)
{
  gsize n = strlen (name);

  while (p < end && (p = memchr (p, '<', end - p)) != NULL)
    {
      if ((gsize) (end - p) > n + 2 && p[1] == '/' &&
          g_ascii_strncasecmp (p + 2, name, n) == 0 &&
          !g_ascii_isalnum (p[2 + n]))
        {
          const char *gt = memchr (p, '>', end - p);
          return gt != NULL ? gt + 1 : NULL;
        }
      p++;
    }
  return NULL;
}

/* Whether the line at p opens or closes a fenced code block; sets the
 * fence character and length. */
static gboolean
match_fence (const char *p,
             const char *end,
             char       *fence_char,
             gsize      *fence_len)
{
  gsize indent = 0;
  gsize n = 0;

  while (p < end && *p == ' ' && indent < 4)
    {
      p++;
      indent++;
    }
  if (indent > 3 || p >= end || (*p != '`' && *p != '~'))
    return FALSE;
  while (p + n < end && p[n] == *p)
    n++;
  if (n < 3)
    return FALSE;
  *fence_char = *p;
  *fence_len = n;
  return TRUE;
}

char *
rl_html_fragments_to_text (const char *text,
                           gsize       len,
                           RlHtmlInfo *info,
                           gsize      *out_len)
{
  const char *p = text;
  const char *end = text + len;
  Emitter e = { 0 };
  gboolean in_fence = FALSE;
  char fence_char = 0;
  gsize fence_len = 0;
  const char *no_span_until[8];   /* by backtick run length */
  const char *para_end = NULL;    /* the next blank line, cached */
  gboolean no_comment_close = FALSE;
  gsize capture_start = 0;
  int capture = -1;               /* EL_TITLE or EL_H1 while capturing */
  GHashTable *unclosed = NULL;    /* names of drop elements never closed */

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (memchr (text, '<', len) == NULL && memchr (text, '&', len) == NULL)
    return NULL;

  e.out = g_string_sized_new (len + 1);
  for (guint i = 0; i < G_N_ELEMENTS (no_span_until); i++)
    no_span_until[i] = text;

  while (p < end)
    {
      char c = *p;

      if (p == text || p[-1] == '\n')
        {
          char fc;
          gsize fl;

          if (match_fence (p, end, &fc, &fl) &&
              (!in_fence || (fc == fence_char && fl >= fence_len)))
            {
              if (!in_fence)
                {
                  fence_char = fc;
                  fence_len = fl;
                }
              in_fence = !in_fence;
              goto copy_line;
            }
          if (in_fence)
            goto copy_line;
        }

      if (c == '`')
        {
          const char *span_end = NULL;
          gsize k = 1;

          while (p + k < end && p[k] == '`')
            k++;

          /* A code span needs a closing run of exactly as many backticks
           * in the same paragraph ("Côte d`Ivoire" has none).  A failed
           * search holds for every later run of that length up to the
           * paragraph's end, which keeps this linear. */
          if (k < G_N_ELEMENTS (no_span_until) && p >= no_span_until[k])
            {
              const char *q = p + k;

              if (para_end == NULL || p >= para_end)
                {
                  para_end = memmem (p, end - p, "\n\n", 2);
                  if (para_end == NULL)
                    para_end = end;
                }
              while (q < para_end && (q = memchr (q, '`', para_end - q)) != NULL)
                {
                  gsize run = 1;

                  while (q + run < para_end && q[run] == '`')
                    run++;
                  if (run == k)
                    {
                      span_end = q + run;
                      break;
                    }
                  q += run;
                }
              if (span_end == NULL)
                no_span_until[k] = para_end;
            }

          emitter_flush (&e);
          if (span_end == NULL)
            span_end = p + k;
          g_string_append_len (e.out, p, span_end - p);
          p = span_end;
          continue;
        }

      if (c == '<')
        {
          const Element *el;
          gboolean closing;
          gsize n;

          if (p + 3 < end && p[1] == '!' && p[2] == '-' && p[3] == '-' && !no_comment_close)
            {
              const char *close = memmem (p + 4, end - p - 4, "-->", 3);

              if (close != NULL)
                {
                  /* A comment on a line of its own leaves no blank line
                   * behind ("<!-- INFO END -->" in the law corpus). */
                  if (!e.skip_ws && (e.out->len == 0 || e.out->str[e.out->len - 1] == '\n'))
                    {
                      e.skip_ws = TRUE;
                      e.skipped_nl = 0;
                    }
                  p = close + 3;
                  continue;
                }
              no_comment_close = TRUE;
            }
          else if (end - p > 9 && g_ascii_strncasecmp (p, "<!doctype", 9) == 0)
            {
              const char *gt = memchr (p, '>', MIN (end - p, 1024));

              if (gt != NULL)
                {
                  p = gt + 1;
                  continue;
                }
            }
          else if ((n = match_tag (p, end, &el, &closing)) > 0)
            {
              /* White space between two tags is layout, not text: only
               * what lies between the last tag and the text counts. */
              e.skipped_nl = 0;
              p += n;
              switch (el->kind)
                {
                case EL_DROP:
                case EL_TITLE:
                  if (!closing && (unclosed == NULL || !g_hash_table_contains (unclosed, el->name)))
                    {
                      const char *after = find_close_tag (p, end, el->name);

                      if (after != NULL)
                        {
                          if (el->kind == EL_TITLE && info != NULL && info->title == NULL)
                            {
                              g_autofree char *raw = g_strndup (p, after - p);
                              char *lt = strrchr (raw, '<');

                              if (lt != NULL)
                                *lt = '\0';
                              info->title = collapse_copy (raw);
                            }
                          p = after;
                        }
                      else
                        {
                          if (unclosed == NULL)
                            unclosed = g_hash_table_new (g_str_hash, g_str_equal);
                          g_hash_table_add (unclosed, (gpointer) el->name);
                        }
                    }
                  break;
                case EL_H1:
                  emitter_break (&e, 2);
                  if (!closing && capture < 0)
                    {
                      emitter_flush (&e);
                      e.skip_ws = TRUE;
                      capture = EL_H1;
                      capture_start = e.out->len;
                    }
                  else if (closing && capture == EL_H1)
                    {
                      if (info != NULL && info->h1 == NULL)
                        info->h1 = collapse_copy (e.out->str + capture_start);
                      capture = -2;  /* only the first */
                    }
                  break;
                case EL_BLOCK:
                case EL_PRE:
                  emitter_break (&e, 2);
                  break;
                case EL_LINE:
                  emitter_break (&e, 1);
                  break;
                case EL_BR:
                  if (e.skip_ws)
                    emitter_flush (&e);
                  e.pending = MIN (e.pending + 1, 2);
                  e.skip_ws = TRUE;
                  break;
                case EL_CELL:
                  /* Cells of a row on one line, a space apart. */
                  e.space = TRUE;
                  e.skip_ws = TRUE;
                  break;
                case EL_INLINE:
                default:
                  break;
                }
              continue;
            }
        }
      else if (c == '&')
        {
          gunichar u;
          gsize n = match_entity (p, end, &u);

          if (n > 0)
            {
              char buf[6];

              emitter_flush (&e);
              g_string_append_len (e.out, buf, g_unichar_to_utf8 (u, buf));
              p += n;
              continue;
            }
        }
      else if (e.skip_ws && is_blank (c))
        {
          if (c == '\n')
            e.skipped_nl++;
          p++;
          continue;
        }

      /* An ordinary run, up to the next byte that may need attention. */
      {
        const char *q = p + 1;

        while (q < end && *q != '<' && *q != '&' && *q != '`' && *q != '\n')
          q++;
        if (q < end && *q == '\n')
          q++;
        emitter_flush (&e);
        g_string_append_len (e.out, p, q - p);
        p = q;
        continue;
      }

    copy_line:
      {
        const char *nl = memchr (p, '\n', end - p);
        const char *q = nl != NULL ? nl + 1 : end;

        emitter_flush (&e);
        g_string_append_len (e.out, p, q - p);
        p = q;
      }
    }

  if (unclosed != NULL)
    g_hash_table_unref (unclosed);

  if (out_len != NULL)
    *out_len = e.out->len;
  return g_string_free (e.out, FALSE);
}
