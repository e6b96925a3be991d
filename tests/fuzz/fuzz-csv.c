/* fuzz-csv.c: the CSV writer against a strict RFC 4180 reader.  The input,
 * split at NUL bytes, is one row of fields.  Reading the row back must give
 * every field exactly, with a leading apostrophe exactly when the field
 * starts with = + - @ TAB or CR, and no cell a spreadsheet would take for
 * a formula. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "rl-csv.h"

static gboolean
is_formula_start (char c)
{
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* Reads one CRLF-terminated record; aborts on anything RFC 4180 forbids. */
static GPtrArray *
read_record (const char *csv,
             gsize       len)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  gsize i = 0;

  for (;;)
    {
      GString *field = g_string_new (NULL);

      if (i < len && csv[i] == '"')
        {
          i++;
          for (;;)
            {
              g_assert_cmpuint (i, <, len);         /* unterminated quote */
              if (csv[i] == '"')
                {
                  if (i + 1 < len && csv[i + 1] == '"')
                    {
                      g_string_append_c (field, '"');
                      i += 2;
                      continue;
                    }
                  i++;
                  break;
                }
              g_string_append_c (field, csv[i++]);
            }
        }
      else
        {
          while (i < len && csv[i] != ',' && csv[i] != '\r')
            {
              /* Bare quotes and line breaks belong only in quoted fields. */
              g_assert_true (csv[i] != '"' && csv[i] != '\n');
              g_string_append_c (field, csv[i++]);
            }
          /* An unquoted cell never starts like a formula. */
          g_assert_true (field->len == 0 || !is_formula_start (field->str[0]));
        }
      g_ptr_array_add (fields, g_string_free (field, FALSE));

      g_assert_cmpuint (i, <, len);
      if (csv[i] == ',')
        {
          i++;
          continue;
        }
      g_assert_cmpint (csv[i], ==, '\r');
      g_assert_cmpuint (i + 2, ==, len);
      g_assert_cmpint (csv[i + 1], ==, '\n');
      return fields;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = (const char *) data, *end = p + size;

  if (size > 64 * 1024)
    return 0;

  /* NUL separates the values (a C string cannot hold one anyway). */
  for (;;)
    {
      const char *nul = memchr (p, '\0', end - p);
      const char *stop = nul ? nul : end;

      g_ptr_array_add (values, g_strndup (p, stop - p));
      if (nul == NULL)
        break;
      p = nul + 1;
    }

  for (guint i = 0; i < values->len; i++)
    rl_csv_append_field (out, values->pdata[i], i + 1 == values->len);

  fields = read_record (out->str, out->len);
  g_assert_cmpuint (fields->len, ==, values->len);
  for (guint i = 0; i < values->len; i++)
    {
      const char *value = values->pdata[i];
      const char *field = fields->pdata[i];

      if (is_formula_start (value[0]))
        {
          g_assert_cmpint (field[0], ==, '\'');
          g_assert_cmpstr (field + 1, ==, value);
        }
      else
        g_assert_cmpstr (field, ==, value);
    }
  return 0;
}
