/* CSV fields: RFC 4180 quoting and formula neutralising. */
#include "config.h"

#include "rl-csv.h"

static char *
field (const char *value,
       gboolean    last)
{
  GString *out = g_string_new (NULL);

  rl_csv_append_field (out, value, last);
  return g_string_free (out, FALSE);
}

static void
check (const char *value,
       const char *expected)
{
  g_autofree char *got = field (value, FALSE);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_plain (void)
{
  check ("plain", "plain,");
  check ("", ",");
  check (NULL, ",");
  check ("中文，全角逗号", "中文，全角逗号,");
  {
    g_autofree char *last = field ("end", TRUE);
    g_assert_cmpstr (last, ==, "end\r\n");
  }
}

static void
test_quoting (void)
{
  check ("a,b", "\"a,b\",");
  check ("say \"hi\"", "\"say \"\"hi\"\"\",");
  check ("two\nlines", "\"two\nlines\",");
  check ("cr\rhere", "\"cr\rhere\",");
}

static void
test_formulas (void)
{
  /* Each would run as a formula in Excel or LibreOffice. */
  check ("=1+1", "\"'=1+1\",");
  check ("+1", "\"'+1\",");
  check ("-1", "\"'-1\",");
  check ("@SUM(A1)", "\"'@SUM(A1)\",");
  check ("\tx", "\"'\tx\",");
  check ("\rx", "\"'\rx\",");
  check ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",");
  /* Only the first character counts. */
  check ("a=1", "a=1,");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/export/plain", test_plain);
  g_test_add_func ("/export/quoting", test_quoting);
  g_test_add_func ("/export/formulas", test_formulas);
  return g_test_run ();
}
