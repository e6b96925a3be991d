/* test-scanner.c: running rule packs over texts. */
#include "config.h"

#include <string.h>

#include "rl-rule-pack.h"
#include "rl-rule-pack-private.h"
#include "rl-scanner.h"
#include "rl-segment.h"

#define HEAD \
  "pack: p\n" \
  "version: 1\n" \
  "categories:\n" \
  "  - {id: zh, name: Chinese, color: \"#112233\"}\n" \
  "  - {id: en, name: English, color: \"#445566\"}\n" \
  "rules:\n"

static RlRulePack *
load (const char *rules_yaml)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *yaml = g_strconcat (HEAD, rules_yaml, NULL);
  RlRulePack *pack = rl_rule_pack_load_data (yaml, strlen (yaml), "t.yaml", &error);

  g_assert_no_error (error);
  g_assert_nonnull (pack);
  return pack;
}

static GArray *
scan (RlRulePack *pack,
      const char *text,
      GPtrArray  *problems)
{
  g_autoptr(RlScanner) scanner = rl_scanner_new (pack);
  g_autoptr(GError) error = NULL;
  GArray *hits = rl_scanner_scan (scanner, text, strlen (text), problems, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

/* The text a hit covers, from its character offsets. */
static char *
hit_text (const char  *text,
          const RlHit *hit)
{
  return g_utf8_substring (text, hit->match_start, hit->match_end);
}

static void
assert_hit (const char  *text,
            GArray      *hits,
            guint        i,
            guint        rule,
            const char  *expected)
{
  const RlHit *hit;
  g_autofree char *got = NULL;

  g_assert_cmpuint (i, <, hits->len);
  hit = &g_array_index (hits, RlHit, i);
  got = hit_text (text, hit);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpuint (hit->rule, ==, rule);
}

static void
test_offsets_mixed (void)
{
  g_autoptr(RlRulePack) pack = load ("  - {id: zh-mass, category: zh, message: m, pattern: '大规模[^。；]{0,4}监控'}\n"
                                     "  - id: en-mass\n"
                                     "    category: en\n"
                                     "    message: m\n"
                                     "    flags: [caseless]\n"
                                     "    pattern: 'mass\\s+surveillance'\n"
                                     "  - {id: ai, category: en, message: m, pattern: 'AI|OpenAI'}\n");
  const char *text = "前言：OpenAI “不得”使用AI进行大规模国内监控；它说 no Mass\nSurveillance.\n"
                     "第二段，禁止 大规模监控。Ünïcödé mass surveillance!";
  g_autoptr(GArray) hits = scan (pack, text, NULL);

  g_assert_cmpuint (hits->len, ==, 6);
  assert_hit (text, hits, 0, 2, "OpenAI");
  assert_hit (text, hits, 1, 2, "AI");
  assert_hit (text, hits, 2, 0, "大规模国内监控");
  assert_hit (text, hits, 3, 1, "Mass\nSurveillance");
  assert_hit (text, hits, 4, 0, "大规模监控");
  assert_hit (text, hits, 5, 1, "mass surveillance");

  /* Every offset agrees with an independent conversion, and the clause is
   * rl_segment_clause's, in characters. */
  for (guint i = 0; i < hits->len; i++)
    {
      const RlHit *h = &g_array_index (hits, RlHit, i);
      const char *ms = g_utf8_offset_to_pointer (text, h->match_start);
      const char *me = g_utf8_offset_to_pointer (text, h->match_end);
      gsize cs, ce;

      rl_segment_clause (text, strlen (text), ms - text, me - text, &cs, &ce);
      g_assert_cmpuint (h->clause_start, ==, g_utf8_pointer_to_offset (text, text + cs));
      g_assert_cmpuint (h->clause_end, ==, g_utf8_pointer_to_offset (text, text + ce));
      g_assert_cmpuint (h->clause_start, <=, h->match_start);
      g_assert_cmpuint (h->clause_end, >=, h->match_end);
      g_assert_cmpuint (h->category, ==, rl_rule_get_category (rl_rule_pack_get_rule (pack, h->rule)));
    }

  /* A match across a line break still lies inside its clause. */
  {
    const RlHit *h = &g_array_index (hits, RlHit, 3);
    g_autofree char *clause = g_utf8_substring (text, h->clause_start, h->clause_end);
    g_assert_nonnull (strstr (clause, "Mass\nSurveillance"));
  }
}

static void
test_sorted_by_start_then_rule (void)
{
  g_autoptr(RlRulePack) pack = load ("  - {id: b, category: zh, message: m, pattern: '监控'}\n"
                                     "  - {id: a, category: zh, message: m, pattern: '监'}\n");
  const char *text = "监控，监控。";
  g_autoptr(GArray) hits = scan (pack, text, NULL);

  g_assert_cmpuint (hits->len, ==, 4);
  assert_hit (text, hits, 0, 0, "监控");
  assert_hit (text, hits, 1, 1, "监");
  assert_hit (text, hits, 2, 0, "监控");
  assert_hit (text, hits, 3, 1, "监");
  g_assert_cmpuint (g_array_index (hits, RlHit, 2).match_start, ==, 3);
}

static void
test_global_and_empty (void)
{
  g_autoptr(RlRulePack) pack = load ("  - {id: aa, category: en, message: m, pattern: 'aa'}\n"
                                     "  - {id: xs, category: en, message: m, pattern: 'x*'}\n");
  const char *text = "aaaaa axxb";
  g_autoptr(GArray) hits = scan (pack, text, NULL);

  /* Non-overlapping "aa" twice; the empty matches of x* are not hits. */
  g_assert_cmpuint (hits->len, ==, 3);
  assert_hit (text, hits, 0, 0, "aa");
  assert_hit (text, hits, 1, 0, "aa");
  assert_hit (text, hits, 2, 1, "xx");
  g_assert_cmpuint (g_array_index (hits, RlHit, 1).match_start, ==, 2);
}

static void
test_several_patterns_no_overlap (void)
{
  g_autoptr(RlRulePack) pack = load ("  - id: r\n"
                                     "    category: zh\n"
                                     "    message: m\n"
                                     "    pattern: ['监控', '大规模监控', '国内']\n");
  const char *text = "大规模监控。国内监控。";
  g_autoptr(GArray) hits = scan (pack, text, NULL);

  g_assert_cmpuint (hits->len, ==, 3);
  assert_hit (text, hits, 0, 0, "大规模监控");
  assert_hit (text, hits, 1, 0, "国内");
  assert_hit (text, hits, 2, 0, "监控");
}

static void
test_unless (void)
{
  g_autoptr(RlRulePack) pack = load ("  - id: r\n"
                                     "    category: zh\n"
                                     "    message: m\n"
                                     "    pattern: '监控'\n"
                                     "    unless: ['合法', '^例外']\n");
  const char *text = "合法的监控。非法的监控。例外：监控。监控的例外。";
  g_autoptr(GArray) hits = scan (pack, text, NULL);
  g_autofree char *clause = NULL;

  /* Suppressed where the clause holds 合法 or starts with 例外 (unless
   * patterns see the clause alone, so ^ is its start). */
  g_assert_cmpuint (hits->len, ==, 2);
  clause = g_utf8_substring (text, g_array_index (hits, RlHit, 0).clause_start,
                             g_array_index (hits, RlHit, 0).clause_end);
  g_assert_cmpstr (clause, ==, "非法的监控。");
  g_assert_cmpuint (g_array_index (hits, RlHit, 1).match_start, ==, 18);
}

static void
test_near (void)
{
  g_autoptr(RlRulePack) pack = load ("  - id: five\n"
                                     "    category: zh\n"
                                     "    message: m\n"
                                     "    pattern: '监控'\n"
                                     "    near: {pattern: 'AI', within: 5}\n"
                                     "  - id: two\n"
                                     "    category: zh\n"
                                     "    message: m\n"
                                     "    pattern: '监控'\n"
                                     "    near: {pattern: ['AI', '模型'], within: 2}\n");
  /* The near match must lie inside the window from `within` characters
   * before the match to `within` characters after it. */
  const char *text = "AI大规模监控。监控模型。无关的监控内容是什么。监控一二三AI。";
  g_autoptr(GArray) hits = scan (pack, text, NULL);

  g_assert_cmpuint (hits->len, ==, 3);
  /* 监控 at 5: AI at 0-2 is inside [0, 12) for "five"; "two" sees [3, 9). */
  g_assert_cmpuint (g_array_index (hits, RlHit, 0).match_start, ==, 5);
  g_assert_cmpuint (g_array_index (hits, RlHit, 0).rule, ==, 0);
  /* 监控 at 8: 模型 right after it, for "two" only. */
  g_assert_cmpuint (g_array_index (hits, RlHit, 1).match_start, ==, 8);
  g_assert_cmpuint (g_array_index (hits, RlHit, 1).rule, ==, 1);
  /* 监控 at 16 has nothing near; 监控 at 24 has AI 3 characters after it. */
  g_assert_cmpuint (g_array_index (hits, RlHit, 2).match_start, ==, 24);
  g_assert_cmpuint (g_array_index (hits, RlHit, 2).rule, ==, 0);
}

static void
test_caseless (void)
{
  g_autoptr(RlRulePack) pack = load ("  - {id: plain, category: en, message: m, pattern: 'lawful\\s+use'}\n"
                                     "  - {id: caseless, category: en, message: m, flags: [caseless],\n"
                                     "     pattern: 'lawful\\s+use', unless: 'except'}\n"
                                     "  - {id: kiss, category: en, message: m, flags: [caseless], pattern: 'kiss'}\n");
  /* U+212A KELVIN SIGN and U+017F LONG S match k and s caselessly: the
   * literal prefilter must not lose them. */
  const char *text = "Any LAWFUL USE. any lawful use. EXCEPT lawful Use. \u212Ai\u017F\u017F";
  g_autoptr(GArray) hits = scan (pack, text, NULL);

  g_assert_cmpuint (hits->len, ==, 4);
  assert_hit (text, hits, 0, 1, "LAWFUL USE");
  assert_hit (text, hits, 1, 0, "lawful use");
  assert_hit (text, hits, 2, 1, "lawful use");
  assert_hit (text, hits, 3, 2, "\u212Ai\u017F\u017F");
}

static void
test_catastrophic (void)
{
  g_autoptr(RlRulePack) pack = load ("  - {id: bad, category: en, message: m, pattern: '(a+)+$'}\n"
                                     "  - {id: b, category: en, message: m, pattern: 'b'}\n"
                                     "  - {id: nested-unless, category: en, message: m, pattern: 'c',\n"
                                     "     unless: '(a|aa)+\\d'}\n");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_scan_problem_free);
  g_autoptr(GString) text = g_string_new ("c");
  g_autoptr(GArray) hits = NULL;
  RlScanProblem *problem;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, 'a');
  g_string_append (text, "b b");

  hits = scan (pack, text->str, problems);

  /* Both patterns gave up; each reported once, naming its rule. */
  g_assert_cmpuint (problems->len, ==, 2);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (problem->rule, ==, 0);
  g_test_message ("%s", problem->message);
  g_assert_nonnull (strstr (problem->message, "limit"));
  problem = g_ptr_array_index (problems, 1);
  g_assert_cmpuint (problem->rule, ==, 2);

  /* Every other hit is kept: c (its unless undecided) and both b. */
  g_assert_cmpuint (hits->len, ==, 3);
  assert_hit (text->str, hits, 0, 2, "c");
  assert_hit (text->str, hits, 1, 1, "b");
  g_assert_cmpuint (g_array_index (hits, RlHit, 1).match_start, ==, 100001);
  assert_hit (text->str, hits, 2, 1, "b");
}

static void
test_rule_subset (void)
{
  g_autoptr(RlRulePack) pack = load ("  - {id: a, category: en, message: m, pattern: 'a'}\n"
                                     "  - {id: b, category: en, message: m, pattern: 'b'}\n");
  g_autoptr(RlScanner) scanner = rl_scanner_new (pack);
  guint8 only_b[] = { 0, 1 };
  g_autoptr(GArray) hits = rl_scanner_scan_rules (scanner, "abab", 4, only_b, NULL, NULL, NULL);

  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_cmpuint (g_array_index (hits, RlHit, 0).rule, ==, 1);
  g_assert_cmpuint (g_array_index (hits, RlHit, 1).match_start, ==, 3);
}

static void
test_cancelled (void)
{
  g_autoptr(RlRulePack) pack = load ("  - {id: a, category: en, message: m, pattern: 'a'}\n");
  g_autoptr(RlScanner) scanner = rl_scanner_new (pack);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) hits = NULL;

  g_cancellable_cancel (cancellable);
  hits = rl_scanner_scan (scanner, "aaa", 3, NULL, cancellable, &error);
  g_assert_null (hits);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_empty_text_and_nul (void)
{
  g_autoptr(RlRulePack) pack = load ("  - {id: a, category: en, message: m, flags: [caseless], pattern: 'after'}\n");
  g_autoptr(RlScanner) scanner = rl_scanner_new (pack);
  static const char with_nul[] = "before\0AFTER";
  g_autoptr(GArray) none = rl_scanner_scan (scanner, "", 0, NULL, NULL, NULL);
  g_autoptr(GArray) hits = rl_scanner_scan (scanner, with_nul, sizeof with_nul - 1, NULL, NULL, NULL);

  g_assert_cmpuint (none->len, ==, 0);
  /* A NUL does not hide the rest of the text (from the prefilter either). */
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpuint (g_array_index (hits, RlHit, 0).match_start, ==, 7);
}

/* The conservative literal parser: the rarest strings every match holds,
 * and the best ones that start at most `prefix` characters into a match. */
#define ANY G_MAXUINT

static char *
join (GPtrArray *strings)
{
  g_autoptr(GString) s = NULL;

  if (strings == NULL)
    return NULL;
  s = g_string_new (NULL);
  for (guint i = 0; i < strings->len; i++)
    g_string_append_printf (s, "%s%s", i ? "|" : "", (const char *) g_ptr_array_index (strings, i));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
check_literals (const char *pattern,
                gboolean    caseless,
                const char *filter,   /* "|"-joined, or NULL */
                const char *window,
                guint       window_prefix)
{
  g_autoptr(GPtrArray) f = NULL;
  g_autoptr(GPtrArray) w = NULL;
  g_autofree char *fj = NULL;
  g_autofree char *wj = NULL;
  guint prefix = 0;

  rl_pattern_literals (pattern, strlen (pattern), caseless, &f, &w, &prefix);
  fj = join (f);
  wj = join (w);
  g_assert_cmpstr (fj, ==, filter);
  g_assert_cmpstr (wj, ==, window);
  if (window != NULL)
    g_assert_cmpuint (prefix, ==, window_prefix);
}

static void
test_required_literals (void)
{
  check_literals ("(?:不得|禁止|不会)[^。；]{0,30}?(?:大规模|大范围)[^。；]{0,6}?(?:监控|监视)",
                  FALSE, "大规模|大范围", "不得|禁止|不会", 0);
  check_literals ("Defense\\s+Production\\s+Act", FALSE, "Production", "Defense", 0);
  /* The rarer literal by byte frequency, not by length: 702, not 第. */
  check_literals ("(?:外国)?情报监视法|第\\s*702\\s*条", FALSE, "情报监视法|702", "外国|情报监视法|第", 0);
  check_literals ("mass\\s+surveillance", TRUE, "surveillance", "mass", 0);
  /* Caseless s and k are literals too: the literal set folds ſ and K. */
  check_literals ("ks", TRUE, "ks", "ks", 0);
  check_literals ("Terminat(?:e|ion)", TRUE, "terminat", "terminat", 0);
  check_literals ("\\bAI\\b", FALSE, "AI", "AI", 0);
  check_literals ("[abc]def", FALSE, "def", "def", 1);
  check_literals ("(?=abc)xy", FALSE, "xy", "xy", 0);
  check_literals ("(?<![-‐])\\bxy", FALSE, "xy", "xy", 0);
  check_literals ("ab?cd", FALSE, "cd", "cd", 2);
  check_literals ("abc+d", FALSE, "abc", "abc", 0);
  check_literals ("(?<name>foo|bar)+", FALSE, "foo|bar", "foo|bar", 0);
  check_literals ("U\\.S\\.", FALSE, "U.S.", "U.S.", 0);
  check_literals ("监控|监视", FALSE, "监控|监视", "监控|监视", 0);
  /* A leading optional group: a match starts with it or with the rest. */
  check_literals ("(?:foo)?bar*", FALSE, "ba", "foo|ba", 0);
  check_literals ("\\b(?:materially\\s+)?breach\\w*\\s+terms", TRUE, "breach", "materially|breach", 0);
  check_literals ("(?:a+)?xyz", FALSE, "xyz", "a|xyz", 0);
  check_literals ("(?:\\d+)?xyz", FALSE, "xyz", NULL, 0);
  check_literals ("x(?:foo)?\\s*bar", FALSE, "bar", "x", 0);
  check_literals ("(?:ab|abcd){2,3}xyzxyz", FALSE, "xyzxyz", "xyzxyz", 12);
  check_literals ("\\R\\d{3}[0-9]?-literal", FALSE, "-literal", "-literal", 6);
  check_literals ("(?:x|yy)\\X?literal", FALSE, "literal", "x|yy", 0);
  check_literals ("(a)\\1literal", FALSE, "literal", "a", 0);
  check_literals ("\\w+literal", FALSE, "literal", NULL, 0);

  /* Unknown: the pattern must always run. */
  check_literals ("(?i)foo", FALSE, NULL, NULL, 0);
  check_literals ("(?i:foo)", FALSE, NULL, NULL, 0);
  check_literals ("a?", FALSE, NULL, NULL, 0);
  check_literals ("foo|\\d+", FALSE, NULL, NULL, 0);
  check_literals ("(?:foo|)", FALSE, NULL, NULL, 0);
  check_literals ("\\Qfoo\\E", FALSE, NULL, NULL, 0);
  check_literals ("foo\\Kbar", FALSE, NULL, NULL, 0);
  check_literals ("(*UTF)foo", FALSE, NULL, NULL, 0);
  check_literals ("x{", FALSE, NULL, NULL, 0);
}

static GPtrArray *
read_seeds (void)
{
  const char *dir_path = g_getenv ("REDLINE_SEEDS");
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (dir_path == NULL || (dir = g_dir_open (dir_path, 0, NULL)) == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      char *contents = NULL;

      if (g_file_get_contents (path, &contents, NULL, NULL) && g_utf8_validate (contents, -1, NULL))
        g_ptr_array_add (texts, contents);
      else
        g_free (contents);
    }
  return g_steal_pointer (&texts);
}

static void
assert_same_hits (GArray *a,
                  GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpmem (&g_array_index (a, RlHit, i), sizeof (RlHit),
                     &g_array_index (b, RlHit, i), sizeof (RlHit));
}

/* The prefilter only skips work: the hits equal running every pattern over
 * the whole text, on the real seeds with the default pack and with
 * patterns the literal parser has to think about. */
static void
test_prefilter_equivalence (void)
{
  const char *datadir = g_getenv ("REDLINE_DATADIR");
  g_autoptr(GPtrArray) texts = read_seeds ();
  g_autoptr(GPtrArray) packs = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_rule_pack_unref);
  guint total = 0;

  if (texts == NULL || texts->len == 0)
    {
      g_test_skip ("REDLINE_SEEDS is not set or empty");
      return;
    }
  g_ptr_array_add (texts, g_strdup ("Any LAWFUL use. 用AI技术。\u212Aill \u017Furveillance; U.S. persons."));

  g_ptr_array_add (packs, load ("  - {id: a, category: zh, message: m, pattern: '(?:不得|禁止|拒绝)[^。；]{0,30}?(?:监控|武器)'}\n"
                                "  - {id: b, category: en, message: m, flags: [caseless], pattern: ['kill', 'surveillance', 'U\\.S\\.\\s+persons']}\n"
                                "  - {id: c, category: en, message: m, pattern: '(?<w>AI|模型)+(?=技术)'}\n"
                                "  - {id: d, category: zh, message: m, pattern: '合法(?:用途|使用)', unless: '不'}\n"
                                "  - {id: e, category: en, message: m, flags: [caseless], pattern: 'lawful\\s+use',\n"
                                "     near: {pattern: 'any', within: 10}}\n"));
  if (datadir != NULL)
    {
      g_autofree char *path = g_build_filename (datadir, "rules", "ai-red-lines.yaml", NULL);
      RlRulePack *pack = rl_rule_pack_load_file (path, NULL);

      if (pack != NULL)
        g_ptr_array_add (packs, pack);
    }

  for (guint p = 0; p < packs->len; p++)
    {
      g_autoptr(RlScanner) fast = rl_scanner_new (g_ptr_array_index (packs, p));
      g_autoptr(RlScanner) slow = rl_scanner_new (g_ptr_array_index (packs, p));
      g_autoptr(RlScanner) memmem_only = rl_scanner_new (g_ptr_array_index (packs, p));

      rl_scanner_set_prefilter (slow, FALSE);
      rl_scanner_drop_literal_set (memmem_only);
      for (guint t = 0; t < texts->len; t++)
        {
          const char *text = g_ptr_array_index (texts, t);
          g_autoptr(GArray) a = rl_scanner_scan (fast, text, strlen (text), NULL, NULL, NULL);
          g_autoptr(GArray) b = rl_scanner_scan (slow, text, strlen (text), NULL, NULL, NULL);

          g_autoptr(GArray) c = rl_scanner_scan (memmem_only, text, strlen (text), NULL, NULL, NULL);
          glong n_chars = g_utf8_strlen (text, -1);

          assert_same_hits (a, b);
          assert_same_hits (a, c);
          total += a->len;

          for (guint i = 0; i < a->len; i++)
            {
              const RlHit *h = &g_array_index (a, RlHit, i);

              g_assert_cmpuint (h->match_start, <, h->match_end);
              g_assert_cmpuint (h->match_end, <=, (gsize) n_chars);
              g_assert_cmpuint (h->clause_start, <=, h->match_start);
              g_assert_cmpuint (h->clause_end, >=, h->match_end);
              if (i > 0)
                g_assert_cmpuint (h[-1].match_start, <=, h->match_start);
            }
        }
    }
  g_test_message ("%u hits compared", total);
  g_assert_cmpuint (total, >, 0);
}

/* Random texts over a tiny alphabet make literal occurrences dense and
 * windows overlap: the windowed search must still find exactly what a plain
 * global search finds. */
static void
test_prefilter_random (void)
{
  static const char *const alphabet[] = { "a", "b", "c", "监", "控", " ", "\n", "A", "。" };
  g_autoptr(RlRulePack) pack = load ("  - {id: p1, category: en, message: m, pattern: 'a[^c]{0,3}b'}\n"
                                     "  - {id: p2, category: en, message: m, pattern: '(?:ab|ba)c?'}\n"
                                     "  - {id: p3, category: en, message: m, flags: [caseless], pattern: 'b.{0,2}a'}\n"
                                     "  - {id: p4, category: zh, message: m, pattern: ['监[^a]{0,2}控', '控{2,}']}\n"
                                     "  - {id: p5, category: en, message: m, pattern: '(?<=b)a+(?=c)|c\\s*a'}\n"
                                     "  - {id: p6, category: en, message: m, pattern: '(?:a|b)(?:ab|c){1,2}\\b'}\n"
                                     "  - {id: p7, category: zh, message: m, pattern: 'c',\n"
                                     "     unless: 'bb', near: {pattern: '监', within: 3}}\n"
                                     /* Windows with a prefix: nearby ones merge into one search
                                      * that can hold several matches. */
                                     "  - {id: p8, category: en, message: m, pattern: '[ab]{0,2}c'}\n"
                                     "  - {id: p9, category: zh, message: m, pattern: '[^。]{0,3}监控?'}\n"
                                     /* A leading optional group: windows at the group's
                                      * literal or at the rest's. */
                                     "  - {id: p10, category: en, message: m, pattern: '(?:ab\\s?)?c+a'}\n"
                                     "  - {id: p11, category: zh, message: m, pattern: '(?:监+)?b[^a]{0,2}控'}\n");
  g_autoptr(RlScanner) fast = rl_scanner_new (pack);
  g_autoptr(RlScanner) slow = rl_scanner_new (pack);
  g_autoptr(RlScanner) memmem_only = rl_scanner_new (pack);
  GRand *rand = g_rand_new_with_seed (20261122);
  guint total = 0;

  rl_scanner_set_prefilter (slow, FALSE);
  rl_scanner_drop_literal_set (memmem_only);
  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 0, 200);
      g_autoptr(GArray) a = NULL;
      g_autoptr(GArray) b = NULL;

      for (guint i = 0; i < n; i++)
        g_string_append (text, alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))]);

      a = rl_scanner_scan (fast, text->str, text->len, NULL, NULL, NULL);
      b = rl_scanner_scan (slow, text->str, text->len, NULL, NULL, NULL);
      assert_same_hits (a, b);
      total += a->len;
      g_clear_pointer (&b, g_array_unref);
      b = rl_scanner_scan (memmem_only, text->str, text->len, NULL, NULL, NULL);
      assert_same_hits (a, b);
    }
  g_rand_free (rand);
  g_test_message ("%u hits compared", total);
  g_assert_cmpuint (total, >, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/scanner/offsets-mixed", test_offsets_mixed);
  g_test_add_func ("/scanner/sorted", test_sorted_by_start_then_rule);
  g_test_add_func ("/scanner/global-and-empty", test_global_and_empty);
  g_test_add_func ("/scanner/several-patterns", test_several_patterns_no_overlap);
  g_test_add_func ("/scanner/unless", test_unless);
  g_test_add_func ("/scanner/near", test_near);
  g_test_add_func ("/scanner/caseless", test_caseless);
  g_test_add_func ("/scanner/catastrophic", test_catastrophic);
  g_test_add_func ("/scanner/rule-subset", test_rule_subset);
  g_test_add_func ("/scanner/cancelled", test_cancelled);
  g_test_add_func ("/scanner/empty-text-and-nul", test_empty_text_and_nul);
  g_test_add_func ("/scanner/required-literals", test_required_literals);
  g_test_add_func ("/scanner/prefilter-equivalence", test_prefilter_equivalence);
  g_test_add_func ("/scanner/prefilter-random", test_prefilter_random);

  return g_test_run ();
}
