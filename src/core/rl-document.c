#include "config.h"

#include "rl-document.h"

RlDocument *
rl_document_new (void)
{
  return g_new0 (RlDocument, 1);
}

void
rl_document_free (RlDocument *doc)
{
  if (doc == NULL)
    return;

  g_free (doc->file_name);
  g_free (doc->path);
  g_free (doc->hash);
  g_free (doc->title);
  g_free (doc->date);
  g_free (doc->source);
  g_free (doc->url);
  g_free (doc->author);
  g_free (doc->format);
  g_free (doc->encoding);
  g_clear_pointer (&doc->metadata, g_hash_table_unref);
  g_free (doc->text);
  g_free (doc);
}
