/* rl-import.h: turn one file's bytes into an RlDocument.
 *
 * Handles .txt, .md/.markdown and .html/.htm; YAML front matter in any text
 * file that starts with a "---" line; UTF-8 (with or without BOM), UTF-16
 * LE/BE with BOM, GB18030; CRLF/CR normalised to LF.  Refuses binary or
 * undecodable input with an RL_IMPORT_ERROR whose message names the file. */
#pragma once

#include <gio/gio.h>

#include "rl-document.h"

G_BEGIN_DECLS

#define RL_IMPORT_ERROR (rl_import_error_quark ())

typedef enum
{
  RL_IMPORT_ERROR_UNSUPPORTED,  /* not a .txt/.md/.markdown/.html/.htm file */
  RL_IMPORT_ERROR_BINARY,       /* looks binary (NUL bytes, control characters) */
  RL_IMPORT_ERROR_ENCODING,     /* no supported encoding decodes it */
  RL_IMPORT_ERROR_EMPTY,        /* nothing but white space */
  RL_IMPORT_ERROR_TOO_LARGE,    /* over RL_IMPORT_MAX_BYTES */
  RL_IMPORT_ERROR_READ,         /* I/O error */
} RlImportError;

/* Files larger than this are refused rather than read into memory. */
#define RL_IMPORT_MAX_BYTES (256 * 1024 * 1024)

GQuark      rl_import_error_quark      (void);

/* TRUE when the file name has an extension the importer handles. */
gboolean    rl_import_is_supported     (const char  *file_name);

RlDocument *rl_import_file             (const char  *path,
                                        GError     **error);

/* file_name decides the format and the fallback title; data need not be
 * NUL-terminated.  Sets doc->hash from data. */
RlDocument *rl_import_bytes            (const char  *file_name,
                                        const char  *data,
                                        gsize        len,
                                        GError     **error);

G_END_DECLS
