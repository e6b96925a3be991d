/* rl-document.h: one imported document, as the importer produces it and the
 * store keeps it.  Plain data, owned by whoever holds the pointer. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char       *file_name;  /* base name as found on disk, e.g. "000_x.txt" */
  char       *path;       /* absolute path at import time, or NULL */
  char       *hash;       /* SHA-256 (hex) of the raw file bytes */
  char       *title;      /* never NULL after import */
  char       *date;       /* ISO 8601 (YYYY-MM-DD) or NULL */
  char       *source;     /* or NULL */
  char       *url;        /* or NULL */
  char       *author;     /* or NULL */
  char       *format;     /* "text", "markdown" or "html" */
  char       *encoding;   /* what the bytes were decoded from, e.g. "UTF-8", "GB18030" */
  GHashTable *metadata;   /* other front-matter keys: char* -> char*, may be NULL */
  char       *text;       /* the stored text: valid UTF-8, LF line ends, no NUL */
  gsize       text_len;   /* bytes */
  gsize       n_chars;    /* Unicode characters */
} RlDocument;

RlDocument *rl_document_new  (void);
void        rl_document_free (RlDocument *doc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlDocument, rl_document_free)

G_END_DECLS
