/* rl-csv.c: RFC 4180 fields, safe to open in a spreadsheet. */
#include "config.h"

#include <string.h>

#include "rl-csv.h"

void
rl_csv_append_field (GString    *out,
                     const char *value,
                     gboolean    last)
{
  gboolean formula;

  g_return_if_fail (out != NULL);

  if (value == NULL)
    value = "";

  /* A spreadsheet runs a cell that starts with one of these as a formula
   * (OWASP "CSV injection"); a leading apostrophe makes it text. */
  formula = value[0] == '=' || value[0] == '+' || value[0] == '-' ||
            value[0] == '@' || value[0] == '\t' || value[0] == '\r';

  if (formula || strpbrk (value, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      if (formula)
        g_string_append_c (out, '\'');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, value);

  g_string_append (out, last ? "\r\n" : ",");
}
