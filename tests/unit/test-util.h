/* test-util.h: what several unit tests need to make. */
#pragma once

#include <string.h>

#include "rl-document.h"

/* A document as the importer would give it for a file named file_name at
 * /docs/file_name: titled by its file name, hashed by its text. */
static inline RlDocument *
test_make_doc (const char *file_name,
               const char *text)
{
  RlDocument *doc = rl_document_new ();

  doc->file_name = g_strdup (file_name);
  doc->path = g_strconcat ("/docs/", file_name, NULL);
  doc->hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  doc->title = g_strdup (file_name);
  doc->format = g_strdup ("text");
  doc->encoding = g_strdup ("UTF-8");
  doc->text = g_strdup (text);
  doc->text_len = strlen (text);
  doc->n_chars = g_utf8_strlen (text, -1);
  return doc;
}
