/* test-rules.c: loading rule packs, hostile ones included, and running
 * their examples. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "rl-rule-pack.h"
#include "rl-rule-pack-private.h"

#define MINIMAL_PACK \
  "pack: test-pack\n" \
  "version: 2\n" \
  "name: {en: Test pack, zh_CN: 测试规则}\n" \
  "categories:\n" \
  "  - id: surveillance\n" \
  "    name: {en: Mass domestic surveillance, zh_CN: 大规模国内监控}\n" \
  "    color: \"#C0392B\"\n" \
  "    severity: high\n" \
  "  - id: termination\n" \
  "    name: Termination\n" \
  "    color: \"#2980b9\"\n" \
  "rules:\n" \
  "  - id: surveillance-zh\n" \
  "    category: surveillance\n" \
  "    message: {en: Prohibits mass surveillance, zh_CN: 禁止大规模监控}\n" \
  "    pattern: '(?:不得|禁止)[^。；]{0,30}?大规模[^。；]{0,6}?监控'\n" \
  "    examples:\n" \
  "      match: [\"不得使用OpenAI技术进行大规模国内监控。\"]\n" \
  "      no_match: [\"企业可以自主选择供应商。\"]\n" \
  "  - id: terminate-en\n" \
  "    category: termination\n" \
  "    severity: low\n" \
  "    message: Termination of the contract\n" \
  "    flags: [caseless]\n" \
  "    pattern:\n" \
  "      - 'terminat(?:e|es|ed|ion)\\s+(?:the|this)\\s+(?:contract|agreement)'\n" \
  "    examples:\n" \
  "      match: \"They may Terminate\\nthe contract.\"\n"

static RlRulePack *
load (const char  *yaml,
      GError     **error)
{
  return rl_rule_pack_load_data (yaml, strlen (yaml), "t.yaml", error);
}

/* g_test_message with a newline would break the TAP stream. */
static void
message_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_test_message ("%s", lines[i]);
}

/* Loads yaml, which must fail, and returns the message. */
static char *
load_error (const char *yaml,
            gsize       len,
            int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlRulePack) pack = rl_rule_pack_load_data (yaml, len, "t.yaml", &error);

  g_assert_null (pack);
  g_assert_error (error, RL_RULE_PACK_ERROR, code);
  message_lines (error->message);
  return g_strdup (error->message);
}

static char *
load_error_str (const char *yaml,
                int         code)
{
  return load_error (yaml, strlen (yaml), code);
}

static void
assert_has_line (const char *message,
                 const char *line)
{
  g_auto(GStrv) lines = g_strsplit (message, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], line) != NULL)
      return;
  message_lines (message);
  g_error ("no line containing “%s” in the message above", line);
}

static guint
count_lines (const char *message)
{
  g_auto(GStrv) lines = g_strsplit (message, "\n", -1);
  return g_strv_length (lines);
}

static void
test_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlRulePack) pack = load (MINIMAL_PACK, &error);
  g_autofree char *expected_hash = NULL;
  const RlCategory *cat;
  const RlRule *rule;

  g_assert_no_error (error);
  g_assert_nonnull (pack);

  g_assert_cmpstr (rl_rule_pack_get_id (pack), ==, "test-pack");
  g_assert_cmpint (rl_rule_pack_get_version (pack), ==, 2);
  g_assert_cmpstr (rl_rule_pack_get_name (pack), ==, "Test pack");
  g_assert_cmpstr (rl_rule_pack_get_source (pack), ==, MINIMAL_PACK);
  expected_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, MINIMAL_PACK, -1);
  g_assert_cmpstr (rl_rule_pack_get_hash (pack), ==, expected_hash);

  g_assert_cmpuint (rl_rule_pack_get_n_categories (pack), ==, 2);
  cat = rl_rule_pack_get_category (pack, 0);
  g_assert_cmpstr (cat->id, ==, "surveillance");
  g_assert_cmpstr (cat->color, ==, "#c0392b");
  g_assert_cmpint (cat->severity, ==, RL_SEVERITY_HIGH);
  g_assert_cmpstr (rl_localized (cat->name), ==, "Mass domestic surveillance");
  cat = rl_rule_pack_get_category (pack, 1);
  g_assert_cmpint (cat->severity, ==, RL_SEVERITY_MEDIUM);  /* the default */
  g_assert_cmpstr (rl_localized (cat->name), ==, "Termination");
  g_assert_cmpint (rl_rule_pack_find_category (pack, "termination"), ==, 1);
  g_assert_cmpint (rl_rule_pack_find_category (pack, "nope"), ==, -1);

  g_assert_cmpuint (rl_rule_pack_get_n_rules (pack), ==, 2);
  rule = rl_rule_pack_get_rule (pack, 0);
  g_assert_cmpstr (rl_rule_get_id (rule), ==, "surveillance-zh");
  g_assert_cmpuint (rl_rule_get_category (rule), ==, 0);
  g_assert_cmpint (rl_rule_get_severity (rule), ==, RL_SEVERITY_HIGH);  /* the category's */
  g_assert_cmpstr (rl_rule_get_message (rule), ==, "Prohibits mass surveillance");
  g_assert_cmpuint (strlen (rl_rule_get_hash (rule)), ==, 64);
  rule = rl_rule_pack_get_rule (pack, 1);
  g_assert_cmpint (rl_rule_get_severity (rule), ==, RL_SEVERITY_LOW);
  g_assert_cmpuint (rule->flags, ==, RL_RULE_FLAG_CASELESS);
}

static void
test_localized (void)
{
  g_autoptr(RlRulePack) pack = load (MINIMAL_PACK, NULL);
  const RlRule *rule = rl_rule_pack_get_rule (pack, 0);

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_assert_cmpstr (rl_rule_pack_get_name (pack), ==, "测试规则");
  g_assert_cmpstr (rl_rule_get_message (rule), ==, "禁止大规模监控");
  /* A plain string is English, and shown in every language. */
  g_assert_cmpstr (rl_rule_get_message (rl_rule_pack_get_rule (pack, 1)), ==,
                   "Termination of the contract");

  g_setenv ("LANGUAGE", "fr_FR", TRUE);
  g_assert_cmpstr (rl_rule_get_message (rule), ==, "Prohibits mass surveillance");
  g_unsetenv ("LANGUAGE");

  g_assert_null (rl_localized (NULL));
}

static void
test_severity (void)
{
  RlSeverity s = RL_SEVERITY_LOW;

  g_assert_true (rl_severity_from_string ("high", &s));
  g_assert_cmpint (s, ==, RL_SEVERITY_HIGH);
  g_assert_false (rl_severity_from_string ("High", &s));
  g_assert_cmpstr (rl_severity_to_string (RL_SEVERITY_MEDIUM), ==, "medium");
}

/* The rule hash follows what decides matching, and nothing else. */
static void
test_rule_hash (void)
{
  g_autoptr(RlRulePack) a = load (MINIMAL_PACK, NULL);
  g_autofree char *edited_message = NULL;
  g_autofree char *edited_pattern = NULL;
  g_autoptr(RlRulePack) b = NULL;
  g_autoptr(RlRulePack) c = NULL;
  g_autoptr(GString) s = NULL;

  s = g_string_new (MINIMAL_PACK);
  g_string_replace (s, "Prohibits mass surveillance", "Forbids mass surveillance", 1);
  g_string_replace (s, "no_match: [\"企业", "no_match: [\"公司", 1);
  edited_message = g_strdup (s->str);
  b = load (edited_message, NULL);
  g_assert_nonnull (b);

  g_string_assign (s, MINIMAL_PACK);
  g_string_replace (s, "{0,30}", "{0,40}", 1);
  edited_pattern = g_strdup (s->str);
  c = load (edited_pattern, NULL);
  g_assert_nonnull (c);

  g_assert_cmpstr (rl_rule_get_hash (rl_rule_pack_get_rule (a, 0)), ==,
                   rl_rule_get_hash (rl_rule_pack_get_rule (b, 0)));
  g_assert_cmpstr (rl_rule_get_hash (rl_rule_pack_get_rule (a, 0)), !=,
                   rl_rule_get_hash (rl_rule_pack_get_rule (c, 0)));
  /* The other rule is untouched in both. */
  g_assert_cmpstr (rl_rule_get_hash (rl_rule_pack_get_rule (a, 1)), ==,
                   rl_rule_get_hash (rl_rule_pack_get_rule (c, 1)));
  /* But the pack as a whole changed. */
  g_assert_cmpstr (rl_rule_pack_get_hash (a), !=, rl_rule_pack_get_hash (b));
}

#define HEAD \
  "pack: p\n" \
  "version: 1\n" \
  "categories:\n" \
  "  - id: c\n" \
  "    name: C\n" \
  "    color: \"#112233\"\n" \
  "rules:\n"
/* HEAD is 7 lines: rules start on line 8. */

static void
test_unknown_key (void)
{
  g_autofree char *msg = load_error_str (HEAD
                                         "  - id: r\n"
                                         "    category: c\n"
                                         "    message: m\n"
                                         "    pattern: x\n"
                                         "    paterns: y\n",
                                         RL_RULE_PACK_ERROR_INVALID);

  assert_has_line (msg, "t.yaml:12:5: unknown key \"paterns\" in a rule");
  g_assert_cmpuint (count_lines (msg), ==, 1);
}

static void
test_wrong_type (void)
{
  g_autofree char *msg = load_error_str ("pack: p\n"
                                         "version: three\n"
                                         "categories: {id: c}\n"
                                         "rules:\n"
                                         "  - id: r\n"
                                         "    category: c\n"
                                         "    message: [m]\n"
                                         "    pattern: {x: y}\n",
                                         RL_RULE_PACK_ERROR_INVALID);

  assert_has_line (msg, "t.yaml:2:10: \"version\" must be an integer from 0 to 2147483647, found \"three\"");
  assert_has_line (msg, "t.yaml:3:13: \"categories\" must be a list, found a mapping");
  assert_has_line (msg, "t.yaml:7:14: \"message\" must be a string or a map of language tags");
  assert_has_line (msg, "t.yaml:8:14: \"pattern\" must be a string or a list of strings, found a mapping");
}

static void
test_missing_field (void)
{
  g_autofree char *msg = load_error_str (HEAD
                                         "  - id: r\n"
                                         "    category: c\n"
                                         "    message: m\n",
                                         RL_RULE_PACK_ERROR_INVALID);
  g_autofree char *msg2 = load_error_str ("pack: p\nrules: []\n", RL_RULE_PACK_ERROR_INVALID);

  assert_has_line (msg, "t.yaml:8:5: a rule is missing required key \"pattern\"");
  assert_has_line (msg2, "t.yaml:1:1: the pack is missing required key \"version\"");
  assert_has_line (msg2, "t.yaml:1:1: the pack is missing required key \"categories\"");
  assert_has_line (msg2, "t.yaml:2:8: \"rules\" is an empty list");
}

static void
test_duplicate_id (void)
{
  g_autofree char *msg = load_error_str ("pack: p\n"
                                         "version: 1\n"
                                         "categories:\n"
                                         "  - {id: c, name: C, color: \"#112233\"}\n"
                                         "  - {id: c, name: D, color: \"#112233\"}\n"
                                         "rules:\n"
                                         "  - {id: r, category: c, message: m, pattern: a}\n"
                                         "  - {id: r, category: c, message: m, pattern: b}\n",
                                         RL_RULE_PACK_ERROR_INVALID);

  assert_has_line (msg, "t.yaml:5:10: duplicate category id \"c\"");
  assert_has_line (msg, "t.yaml:8:10: duplicate rule id \"r\" (first at line 7)");
}

static void
test_duplicate_key (void)
{
  g_autofree char *msg = load_error_str (HEAD
                                         "  - {id: r, category: c, message: m, pattern: a, pattern: b}\n",
                                         RL_RULE_PACK_ERROR_INVALID);

  assert_has_line (msg, "t.yaml:8:50: duplicate key \"pattern\" (first at line 8)");
}

static void
test_unknown_category (void)
{
  g_autofree char *msg = load_error_str (HEAD
                                         "  - id: r\n"
                                         "    category: weapons\n"
                                         "    message: m\n"
                                         "    pattern: x\n",
                                         RL_RULE_PACK_ERROR_INVALID);

  assert_has_line (msg, "t.yaml:9:15: rule r: unknown category \"weapons\"");
}

static void
test_bad_values (void)
{
  g_autofree char *msg = load_error_str ("pack: \"bad id!\"\n"
                                         "version: -1\n"
                                         "categories:\n"
                                         "  - id: c\n"
                                         "    name: {en_US: C}\n"
                                         "    color: red\n"
                                         "    severity: critical\n"
                                         "rules:\n"
                                         "  - id: r\n"
                                         "    category: c\n"
                                         "    message: m\n"
                                         "    pattern: x\n"
                                         "    flags: [caseless, verbose]\n"
                                         "    near: {pattern: y, within: 100000}\n"
                                         "    examples: {match: a, nomatch: b}\n",
                                         RL_RULE_PACK_ERROR_INVALID);

  assert_has_line (msg, "t.yaml:1:7: \"bad id!\" is not a valid id");
  assert_has_line (msg, "t.yaml:2:10: \"version\" must be an integer from 0");
  assert_has_line (msg, "t.yaml:5:11: \"name\" has no \"en\" entry");
  assert_has_line (msg, "t.yaml:6:12: \"red\" is not a colour");
  assert_has_line (msg, "t.yaml:7:15: \"critical\" is not a severity");
  assert_has_line (msg, "t.yaml:13:23: unknown flag \"verbose\"");
  assert_has_line (msg, "t.yaml:14:32: \"within\" must be an integer from 0 to 10000");
  assert_has_line (msg, "t.yaml:15:26: unknown key \"nomatch\" in \"examples\"");
  /* Every problem, not just the first. */
  g_assert_cmpuint (count_lines (msg), ==, 8);
}

static void
test_bad_regex (void)
{
  g_autofree char *msg = load_error_str (HEAD
                                         "  - id: r\n"
                                         "    category: c\n"
                                         "    message: m\n"
                                         "    pattern: ['ok', '(?:不得|禁止']\n"
                                         "    unless: 'a{2,1}'\n"
                                         "  - {id: s, category: c, message: m, pattern: '\\C'}\n",
                                         RL_RULE_PACK_ERROR_BAD_REGEX);

  assert_has_line (msg, "t.yaml:11:21: rule r: \"pattern\" does not compile: missing closing parenthesis (at character 9 of the pattern)");
  assert_has_line (msg, "t.yaml:12:13: rule r: \"unless\" does not compile: numbers out of order in {} quantifier");
  assert_has_line (msg, "t.yaml:13:47: rule s: \"pattern\" does not compile: using \\C is disabled");
}

static void
test_alias_anchor (void)
{
  g_autofree char *msg = load_error_str (HEAD
                                         "  - &rule {id: r, category: c, message: m, pattern: x}\n"
                                         "  - *rule\n",
                                         RL_RULE_PACK_ERROR_SYNTAX);

  assert_has_line (msg, "t.yaml:8:5: YAML anchors (&rule) are not allowed in a rule pack");
  assert_has_line (msg, "t.yaml:9:5: YAML aliases (*rule) are not allowed in a rule pack");
}

static void
test_billion_laughs (void)
{
  g_autoptr(GString) s = g_string_new ("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
  g_autofree char *msg = NULL;

  for (char c = 'b'; c <= 'n'; c++)
    g_string_append_printf (s, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n",
                            c, c, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);

  msg = load_error (s->str, s->len, RL_RULE_PACK_ERROR_SYNTAX);
  assert_has_line (msg, "t.yaml:1:4: YAML anchors (&a) are not allowed");
  assert_has_line (msg, "t.yaml:2:8: YAML aliases (*a) are not allowed");
  /* Nothing was expanded: the message is a page, not 10^9 lines. */
  g_assert_cmpuint (count_lines (msg), <=, RL_RULE_PACK_MAX_PROBLEMS + 1);
  assert_has_line (msg, "too many problems; giving up");
}

static void
test_deep_nesting (void)
{
  g_autofree char *deep = g_strnfill (10000, '[');
  g_autofree char *msg = load_error_str (deep, RL_RULE_PACK_ERROR_SYNTAX);
  g_autofree char *deep_maps = NULL;
  g_autofree char *msg2 = NULL;
  g_autoptr(GString) s = g_string_new (NULL);

  assert_has_line (msg, "t.yaml:1:65: nested deeper than 64 levels");
  g_assert_cmpuint (count_lines (msg), ==, 1);

  for (guint i = 0; i < 5000; i++)
    g_string_append (s, "{a: ");
  deep_maps = g_string_free (g_steal_pointer (&s), FALSE);
  msg2 = load_error_str (deep_maps, RL_RULE_PACK_ERROR_SYNTAX);
  assert_has_line (msg2, "nested deeper than 64 levels");
}

static void
test_huge_scalar (void)
{
  gsize n = 1024 * 1024;
  g_autoptr(GString) s = g_string_new (HEAD "  - id: r\n    category: c\n    message: m\n    pattern: '");
  g_autofree char *msg = NULL;

  for (gsize i = 0; i < n; i++)
    g_string_append_c (s, 'a');
  g_string_append (s, "'\n");

  msg = load_error (s->str, s->len, RL_RULE_PACK_ERROR_INVALID);
  assert_has_line (msg, "t.yaml:11:14: string of 1048576 bytes is longer than the limit of 65536 bytes");
  g_assert_cmpuint (count_lines (msg), ==, 1);
}

static void
test_invalid_utf8 (void)
{
  static const char yaml[] = "pack: p\nversion: 1\nname: \"caf\xc3\x28\"\n";
  g_autofree char *msg = load_error (yaml, sizeof yaml - 1, RL_RULE_PACK_ERROR_SYNTAX);
  static const char with_nul[] = "pack: p\n\0version: 1\n";
  g_autofree char *msg2 = load_error (with_nul, sizeof with_nul - 1, RL_RULE_PACK_ERROR_SYNTAX);
  static const char utf16[] = "\xff\xfep\0a\0";
  g_autofree char *msg3 = load_error (utf16, sizeof utf16 - 1, RL_RULE_PACK_ERROR_SYNTAX);

  assert_has_line (msg, "t.yaml:3:11: invalid UTF-8 (byte 0xc3)");
  assert_has_line (msg2, "t.yaml:2:1: NUL byte");
  assert_has_line (msg3, "t.yaml:1:1: invalid UTF-8 (byte 0xff)");
}

static void
test_empty_and_not_a_mapping (void)
{
  g_autofree char *empty = load_error ("", 0, RL_RULE_PACK_ERROR_INVALID);
  g_autofree char *comments = load_error_str ("# nothing here\n\n", RL_RULE_PACK_ERROR_INVALID);
  g_autofree char *list = load_error_str ("- pack: p\n", RL_RULE_PACK_ERROR_INVALID);
  g_autofree char *scalar = load_error_str ("\n  just words\n", RL_RULE_PACK_ERROR_INVALID);

  assert_has_line (empty, "t.yaml:1:1: empty file");
  assert_has_line (comments, "t.yaml:1:1: empty file");
  assert_has_line (list, "t.yaml:1:1: a rule pack must be a mapping with pack, version, categories and rules, found a list");
  assert_has_line (scalar, "t.yaml:2:3: a rule pack must be a mapping");
}

static void
test_yaml_syntax (void)
{
  g_autofree char *msg = load_error_str ("pack: p\nversion: 1\nname: \"unterminated\n",
                                         RL_RULE_PACK_ERROR_SYNTAX);
  g_autofree char *msg2 = load_error_str ("pack: p\n---\npack: q\n", RL_RULE_PACK_ERROR_SYNTAX);
  g_autofree char *msg3 = load_error_str ("pack: !!str p\n", RL_RULE_PACK_ERROR_SYNTAX);

  assert_has_line (msg, "t.yaml:4:1: found unexpected end of stream");
  assert_has_line (msg2, "t.yaml:2:1: a second YAML document");
  assert_has_line (msg3, "t.yaml:1:7: YAML tags");
}

static void
test_too_big (void)
{
  gsize n = RL_RULE_PACK_MAX_FILE_SIZE + 1;
  g_autofree char *big = g_malloc (n);
  g_autofree char *msg = NULL;

  memset (big, '#', n);
  msg = load_error (big, n, RL_RULE_PACK_ERROR_INVALID);
  assert_has_line (msg, "t.yaml:1:1: file of 4194305 bytes is larger than the limit");
}

static void
test_too_many_patterns (void)
{
  g_autoptr(GString) s = g_string_new (HEAD "  - id: r\n    category: c\n    message: m\n    pattern:\n");
  g_autofree char *msg = NULL;

  for (guint i = 0; i <= RL_RULE_PACK_MAX_PATTERNS; i++)
    g_string_append (s, "      - a\n");
  msg = load_error (s->str, s->len, RL_RULE_PACK_ERROR_INVALID);
  /* Line 12 holds the first pattern; the one over the limit is reported. */
  assert_has_line (msg, "t.yaml:5012:9: more than 5000 patterns");
  g_assert_cmpuint (count_lines (msg), ==, 1);
}

static void
test_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "rules", "unknown-key.yaml", NULL);
  g_autofree char *ok_path = g_build_filename (TEST_DATA_DIR, "rules", "minimal.yaml", NULL);
  g_autofree char *expected = g_strdup_printf ("%s:6:5: unknown key \"colour\" in a category", path);
  g_autoptr(RlRulePack) pack = NULL;
  g_autoptr(RlRulePack) ok = NULL;

  pack = rl_rule_pack_load_file (path, &error);
  g_assert_null (pack);
  g_assert_error (error, RL_RULE_PACK_ERROR, RL_RULE_PACK_ERROR_INVALID);
  assert_has_line (error->message, expected);
  g_clear_error (&error);

  pack = rl_rule_pack_load_file ("/nonexistent/pack.yaml", &error);
  g_assert_null (pack);
  g_assert_error (error, RL_RULE_PACK_ERROR, RL_RULE_PACK_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "/nonexistent/pack.yaml"));
  g_clear_error (&error);

  ok = rl_rule_pack_load_file (ok_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rl_rule_pack_get_id (ok), ==, "minimal");
}

/* Every hostile fixture under data/rules/hostile-*.yaml is refused with a
 * positioned message naming the file, and nothing crashes. */
static void
test_hostile_fixtures (void)
{
  g_autofree char *dir_path = g_build_filename (TEST_DATA_DIR, "rules", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *prefix = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(RlRulePack) pack = NULL;

      if (!g_str_has_prefix (name, "hostile-"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      prefix = g_strdup_printf ("%s:", path);
      pack = rl_rule_pack_load_file (path, &error);
      g_assert_null (pack);
      g_assert_nonnull (error);
      message_lines (error->message);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      n++;
    }
  g_assert_cmpuint (n, >=, 3);
}

static void
test_default_pack_loads (void)
{
  const char *datadir = g_getenv ("REDLINE_DATADIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RlRulePack) pack = NULL;

  if (datadir == NULL)
    {
      g_test_skip ("REDLINE_DATADIR is not set");
      return;
    }
  path = g_build_filename (datadir, "rules", "ai-red-lines.yaml", NULL);
  pack = rl_rule_pack_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rl_rule_pack_get_id (pack), ==, "ai-red-lines");
  g_assert_cmpuint (rl_rule_pack_get_n_categories (pack), ==, 8);
  g_assert_cmpuint (rl_rule_pack_get_n_rules (pack), >, 0);
}

/* The example pack in docs/rules.md loads and passes its own examples. */
static void
test_docs_example (void)
{
  const char *datadir = g_getenv ("REDLINE_DATADIR");
  g_autofree char *path = NULL;
  g_autofree char *doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RlRulePack) pack = NULL;
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  const char *start, *end;

  if (datadir == NULL)
    {
      g_test_skip ("REDLINE_DATADIR is not set");
      return;
    }
  path = g_build_filename (datadir, "..", "docs", "rules.md", NULL);
  g_assert_true (g_file_get_contents (path, &doc, NULL, &error));
  g_assert_no_error (error);

  start = strstr (doc, "```yaml\npack:");
  g_assert_nonnull (start);
  start += strlen ("```yaml\n");
  end = strstr (start, "```");
  g_assert_nonnull (end);

  pack = rl_rule_pack_load_data (start, end - start, "docs/rules.md", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rl_rule_pack_get_n_rules (pack), >=, 2);
  g_assert_true (rl_rule_pack_test (pack, failures));
  g_assert_cmpuint (failures->len, ==, 0);
}

/* rl_rule_pack_test: every example runs through the scanner path. */
static void
test_examples (void)
{
  static const char yaml[] =
    HEAD
    "  - id: good\n"                                                  /* 8 */
    "    category: c\n"
    "    message: m\n"
    "    pattern: '监控'\n"
    "    unless: '合法'\n"
    "    examples:\n"
    "      match: [\"不得大规模监控。\"]\n"                              /* 14 */
    "      no_match: [\"合法的监控。\", \"无关。\"]\n"
    "  - id: bad\n"                                                   /* 16 */
    "    category: c\n"
    "    message: m\n"
    "    pattern: 'autonomous\\s+weapons'\n"
    "    examples:\n"
    "      match:\n"
    "        - \"fully autonomous weapons\"\n"                          /* 22 */
    "        - \"Autonomous weapons\"\n"                                /* 23 */
    "      no_match: [\"no autonomous\\nweapons here\"]\n"              /* 24 */
    "  - id: bare\n"                                                  /* 25 */
    "    category: c\n"
    "    message: m\n"
    "    pattern: x\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(RlRulePack) pack = load (yaml, &error);
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *all = NULL;

  g_assert_no_error (error);
  g_assert_false (rl_rule_pack_test (pack, failures));
  g_ptr_array_add (failures, NULL);
  all = g_strjoinv ("\n", (char **) failures->pdata);
  g_ptr_array_remove_index (failures, failures->len - 1);
  message_lines (all);

  assert_has_line (all, "t.yaml:23:11: rule bad: example \"Autonomous weapons\" should match");
  assert_has_line (all, "t.yaml:24:18: rule bad: example \"no autonomous\\nweapons here\" should not match");
  assert_has_line (all, "t.yaml:25:5: rule bare has no match example");
  g_assert_cmpuint (failures->len, ==, 3);

  /* The good rule alone passes. */
  {
    g_autoptr(GString) s = g_string_new (yaml);
    g_autoptr(RlRulePack) good = NULL;
    g_autoptr(GPtrArray) none = g_ptr_array_new_with_free_func (g_free);

    g_string_truncate (s, strstr (yaml, "  - id: bad") - yaml);
    good = load (s->str, &error);
    g_assert_no_error (error);
    g_assert_true (rl_rule_pack_test (good, none));
    g_assert_cmpuint (none->len, ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rules/minimal", test_minimal);
  g_test_add_func ("/rules/localized", test_localized);
  g_test_add_func ("/rules/severity", test_severity);
  g_test_add_func ("/rules/rule-hash", test_rule_hash);
  g_test_add_func ("/rules/hostile/unknown-key", test_unknown_key);
  g_test_add_func ("/rules/hostile/wrong-type", test_wrong_type);
  g_test_add_func ("/rules/hostile/missing-field", test_missing_field);
  g_test_add_func ("/rules/hostile/duplicate-id", test_duplicate_id);
  g_test_add_func ("/rules/hostile/duplicate-key", test_duplicate_key);
  g_test_add_func ("/rules/hostile/unknown-category", test_unknown_category);
  g_test_add_func ("/rules/hostile/bad-values", test_bad_values);
  g_test_add_func ("/rules/hostile/bad-regex", test_bad_regex);
  g_test_add_func ("/rules/hostile/alias-anchor", test_alias_anchor);
  g_test_add_func ("/rules/hostile/billion-laughs", test_billion_laughs);
  g_test_add_func ("/rules/hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/rules/hostile/huge-scalar", test_huge_scalar);
  g_test_add_func ("/rules/hostile/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/rules/hostile/empty-and-not-a-mapping", test_empty_and_not_a_mapping);
  g_test_add_func ("/rules/hostile/yaml-syntax", test_yaml_syntax);
  g_test_add_func ("/rules/hostile/too-big", test_too_big);
  g_test_add_func ("/rules/hostile/too-many-patterns", test_too_many_patterns);
  g_test_add_func ("/rules/files", test_files);
  g_test_add_func ("/rules/hostile-fixtures", test_hostile_fixtures);
  g_test_add_func ("/rules/default-pack", test_default_pack_loads);
  g_test_add_func ("/rules/examples", test_examples);
  g_test_add_func ("/rules/docs-example", test_docs_example);

  return g_test_run ();
}
