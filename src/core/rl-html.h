/* rl-html.h: HTML to readable text (internal to the importer). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *title;   /* <title>, or NULL */
  char *h1;      /* text of the first <h1>, or NULL */
  char *author;  /* <meta name="author"> and the like, or NULL */
  char *date;    /* <meta name="date">, article:published_time, ..., as written */
} RlHtmlInfo;

void        rl_html_info_clear          (RlHtmlInfo  *info);

/* A whole HTML document, through libxml2's HTML parser: text with blank
 * lines between blocks and line breaks for <br> and list items, entities
 * decoded, <script>/<style>/<template>/<noscript> dropped.  html must be
 * UTF-8 (any <meta charset> is ignored).  info may be NULL. */
char       *rl_html_document_to_text    (const char  *html,
                                         gsize        len,
                                         RlHtmlInfo  *info,
                                         gsize       *out_len);

/* Markdown or plain text with inline HTML: real tags (known element names,
 * well-formed up to the closing '>') are removed, block tags become line
 * breaks, comments and script/style elements are dropped, and character
 * references are decoded.  Everything else, including "a < b", fenced code
 * blocks and `code spans`, is kept as written.  Returns NULL when the text
 * has nothing to convert (no '<' or '&'), so the caller keeps its copy.
 * info (may be NULL) receives the first <title> and <h1>. */
char       *rl_html_fragments_to_text   (const char  *text,
                                         gsize        len,
                                         RlHtmlInfo  *info,
                                         gsize       *out_len);

G_END_DECLS
