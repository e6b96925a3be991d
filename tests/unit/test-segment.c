/* Clause segmentation: where a clause starts and ends around a match. */
#include "config.h"

#include <string.h>

#include "rl-segment.h"

/* The clause around the first occurrence of needle in text. */
static char *
clause_of (const char *text,
           const char *needle)
{
  const char *m = strstr (text, needle);
  gsize s, e;

  g_assert_nonnull (m);
  rl_segment_clause (text, strlen (text), m - text, m - text + strlen (needle), &s, &e);
  return g_strndup (text + s, e - s);
}

static void
check (const char *text,
       const char *needle,
       const char *expected)
{
  g_autofree char *clause = clause_of (text, needle);

  g_assert_cmpstr (clause, ==, expected);
}

static void
test_chinese (void)
{
  check ("我们有三条红线。不得使用OpenAI技术进行大规模国内监控。其他实验室减少了护栏。",
         "大规模国内监控", "不得使用OpenAI技术进行大规模国内监控。");
  check ("第一，禁止自主武器；第二，保留终止权！", "终止权", "第二，保留终止权！");
  check ("他问：真的会被用于监控吗？没人回答。", "监控", "他问：真的会被用于监控吗？");
  /* A closing quote after the full stop belongs to the clause. */
  check ("他说：“我们拒绝大规模监控。”随后离开。", "大规模监控", "他说：“我们拒绝大规模监控。”");
}

static void
test_english (void)
{
  check ("We agreed. The system shall not be used for mass surveillance. Other terms apply.",
         "mass surveillance", "The system shall not be used for mass surveillance.");
  /* Not at the dot of U.S. or 3.5 or a URL. */
  check ("First. The U.S. government may use Claude 3.5 for any lawful use. Next.",
         "any lawful use", "The U.S. government may use Claude 3.5 for any lawful use.");
  check ("See example.com for details; the vendor may terminate the contract.",
         "terminate", "the vendor may terminate the contract.");
}

static void
test_lines (void)
{
  /* Line breaks end a clause; list markers are trimmed. */
  check ("## Red lines\n*   No mass domestic surveillance\n*   No autonomous weapons\n",
         "autonomous weapons", "No autonomous weapons");
  /* A hard-wrapped English paragraph continues over its line breaks. */
  check ("Title\n\nAfter the talks failed, the Secretary said he may invoke the Defense\nProduction Act against the company. Then more.",
         "Production Act",
         "After the talks failed, the Secretary said he may invoke the Defense\nProduction Act against the company.");
  /* A short heading line or a numbered item starts a clause of its own. */
  check ("2. RESTRICTED USES\n2.1 The Services shall not be used for bulk collection or analysis\nof data.",
         "bulk collection",
         "2.1 The Services shall not be used for bulk collection or analysis\nof data.");
  check ("1.1 The Customer may use the Services for any lawful purpose consistent with\n"
         "1.2 the Provider terminates.", "terminates", "1.2 the Provider terminates.");
  /* A paragraph break always ends one. */
  check ("first paragraph without a stop\n\nsecond about surveillance", "surveillance",
         "second about surveillance");
}

static void
test_cap (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *clause = NULL;
  const char *m;
  gsize s, e;

  for (int i = 0; i < 400; i++)
    g_string_append (text, "监控");
  g_string_append (text, "大规模国内监控");
  for (int i = 0; i < 400; i++)
    g_string_append (text, "护栏");
  m = strstr (text->str, "大规模国内监控");
  rl_segment_clause (text->str, text->len, m - text->str, m - text->str + strlen ("大规模国内监控"), &s, &e);
  clause = g_strndup (text->str + s, e - s);
  g_assert_cmpint (g_utf8_strlen (clause, -1), <=, RL_CLAUSE_MAX_CHARS);
  g_assert_nonnull (strstr (clause, "大规模国内监控"));
  g_assert_true (g_utf8_validate (clause, -1, NULL));
}

static void
test_edges (void)
{
  gsize s, e;

  /* Match at the very start and at the very end. */
  check ("surveillance", "surveillance", "surveillance");
  check ("。监控", "监控", "监控");
  /* An empty match still gives a clause around it. */
  rl_segment_clause ("abc. def", 8, 6, 6, &s, &e);
  g_assert_cmpuint (s, ==, 5);
  g_assert_cmpuint (e, ==, 8);
}

static void
test_normalize (void)
{
  g_autofree char *a = rl_segment_normalize ("  The  System\nshall\u3000not\u200b ", -1);
  g_autofree char *b = rl_segment_normalize ("不得 使用 AI", -1);

  g_assert_cmpstr (a, ==, "the system shall not");
  g_assert_cmpstr (b, ==, "不得 使用 ai");
  {
    g_autofree char *c = rl_segment_normalize ("他说：“不得监控。”", -1);
    g_autofree char *d = rl_segment_normalize ("No spying!", -1);
    g_assert_cmpstr (c, ==, "他说：“不得监控");
    g_assert_cmpstr (d, ==, "no spying");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/segment/chinese", test_chinese);
  g_test_add_func ("/segment/english", test_english);
  g_test_add_func ("/segment/lines", test_lines);
  g_test_add_func ("/segment/cap", test_cap);
  g_test_add_func ("/segment/edges", test_edges);
  g_test_add_func ("/segment/normalize", test_normalize);
  return g_test_run ();
}
