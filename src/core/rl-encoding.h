/* rl-encoding.h: raw file bytes to clean UTF-8 (internal to the importer).
 *
 * Detects UTF-8 (with or without BOM), UTF-16 LE/BE with BOM and GB18030,
 * refuses binary data, truncated UTF-16 and files that are part UTF-8 and
 * part another encoding, and normalises CRLF / lone CR to LF.  Errors are in
 * the RL_IMPORT_ERROR domain and do not name the file: the caller does. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns newly allocated, NUL-terminated UTF-8 text that holds no NUL and
 * no C0 control character other than tab and line feed.  encoding receives
 * a name that lives as long as charset_hint or forever ("UTF-8",
 * "UTF-16LE", "UTF-16BE", "GB18030" or the hint).  charset_hint (may be
 * NULL), a charset the file declares, is tried for bytes that are not
 * UTF-8 before GB18030. */
char       *rl_encoding_decode          (const char   *data,
                                         gsize         len,
                                         const char   *charset_hint,
                                         const char  **encoding,
                                         gsize        *out_len,
                                         GError      **error);

/* The charset an HTML file declares in its first few KB (<meta charset>
 * or http-equiv content), upper-cased, or NULL. */
char       *rl_encoding_sniff_html      (const char   *data,
                                         gsize         len);

/* TRUE when the bytes look like binary data rather than text: a NUL byte
 * or more than a few stray control characters. */
gboolean    rl_encoding_looks_binary    (const char   *data,
                                         gsize         len);

G_END_DECLS
