/* rl-csv.h: an RFC 4180 CSV writer that neutralises formula-looking cells. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends one field (quoted when it must be; a leading = + - @ TAB or CR is
 * prefixed with ') followed by a comma, or by CRLF when last. */
void rl_csv_append_field (GString    *out,
                          const char *value,
                          gboolean    last);

G_END_DECLS
