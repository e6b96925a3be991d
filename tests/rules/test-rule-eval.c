/* test-rule-eval.c: how well the default pack finds what analysts mark.
 *
 * Scans every passage of the labelled corpus in tests/rules/corpus (format:
 * tests/rules/README.md) with the default pack, computes precision and recall
 * per category over passages, prints the table, and fails below recall 0.95
 * or precision 0.90 in any category.  Also runs the pack's own examples and
 * checks what it finds on the seed documents. */
#include "config.h"

#include <string.h>

#include "rl-import.h"
#include "rl-rule-pack.h"
#include "rl-scanner.h"

#define MIN_RECALL    0.95
#define MIN_PRECISION 0.90
/* Below this many labelled passages a category's recall says little. */
#define MIN_POSITIVES 15
#define MIN_PASSAGES  40

typedef struct
{
  char       *file;     /* base name of the corpus file */
  guint       line;     /* 1-based line of the "@@" label */
  char       *text;
  GHashTable *expected; /* category id -> itself; empty for a trap */
} Passage;

static void
passage_free (Passage *p)
{
  g_free (p->file);
  g_free (p->text);
  g_hash_table_unref (p->expected);
  g_free (p);
}

static RlRulePack *
load_default_pack (void)
{
  const char *datadir = g_getenv ("REDLINE_DATADIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  RlRulePack *pack;

  path = g_build_filename (datadir ? datadir : SOURCE_DATADIR,
                           "rules", "ai-red-lines.yaml", NULL);
  pack = rl_rule_pack_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pack);
  return pack;
}

static void
finish_passage (GPtrArray *passages,
                Passage   *p,
                GString   *text)
{
  if (p == NULL)
    return;
  p->text = g_strdup (g_strstrip (text->str));
  g_string_truncate (text, 0);
  g_ptr_array_add (passages, p);
}

/* Reads one corpus file: lines before the first "@@" are comments; each
 * "@@ cat1 cat2" (or "@@ -") line starts a passage that runs to the next. */
static void
read_corpus_file (const char *path,
                  RlRulePack *pack,
                  GPtrArray  *passages)
{
  g_autofree char *contents = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  Passage *cur = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (contents, -1, NULL));

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "@@"))
        {
          g_auto(GStrv) labels = NULL;

          finish_passage (passages, cur, text);
          cur = g_new0 (Passage, 1);
          cur->file = g_strdup (base);
          cur->line = i + 1;
          cur->expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

          labels = g_strsplit_set (line + 2, " \t", -1);
          for (guint j = 0; labels[j] != NULL; j++)
            {
              if (*labels[j] == '\0' || strcmp (labels[j], "-") == 0)
                continue;
              /* A typo in a label would silently count as a miss. */
              if (rl_rule_pack_find_category (pack, labels[j]) < 0)
                g_error ("%s:%u: unknown category \"%s\"", base, i + 1, labels[j]);
              g_hash_table_add (cur->expected, g_strdup (labels[j]));
            }
        }
      else if (cur != NULL)
        {
          g_string_append (text, line);
          g_string_append_c (text, '\n');
        }
    }
  finish_passage (passages, cur, text);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static GPtrArray *
read_corpus (RlRulePack *pack)
{
  GPtrArray *passages = g_ptr_array_new_with_free_func ((GDestroyNotify) passage_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (RULES_CORPUS_DIR, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_build_filename (RULES_CORPUS_DIR, name, NULL));
  /* Stable order, so the messages read the same on every run. */
  g_ptr_array_sort (names, compare_paths);

  for (guint i = 0; i < names->len; i++)
    read_corpus_file (g_ptr_array_index (names, i), pack, passages);
  return passages;
}

/* The set of category indices the pack finds in text, as a bitmask. */
static guint64
scan_categories (RlScanner  *scanner,
                 const char *text,
                 gsize       len)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_scan_problem_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) hits = NULL;
  guint64 found = 0;

  hits = rl_scanner_scan (scanner, text, len, problems, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hits);
  for (guint i = 0; i < problems->len; i++)
    {
      RlScanProblem *problem = g_ptr_array_index (problems, i);
      g_test_message ("scan problem in rule %u: %s", problem->rule, problem->message);
    }
  g_assert_cmpuint (problems->len, ==, 0);

  for (guint i = 0; i < hits->len; i++)
    {
      const RlHit *hit = &g_array_index (hits, RlHit, i);

      g_assert_cmpuint (hit->category, <, 64);
      found |= G_GUINT64_CONSTANT (1) << hit->category;
    }
  return found;
}

static char *
one_line (const char *text)
{
  g_autofree char *copy = g_strdup (text);

  g_strdelimit (copy, "\n", ' ');
  if (g_utf8_strlen (copy, -1) > 70)
    {
      char *end = g_utf8_offset_to_pointer (copy, 70);
      *end = '\0';
      return g_strconcat (copy, "…", NULL);
    }
  return g_steal_pointer (&copy);
}

static void
test_corpus_precision_recall (void)
{
  g_autoptr(RlRulePack) pack = load_default_pack ();
  g_autoptr(GPtrArray) passages = read_corpus (pack);
  g_autoptr(RlScanner) scanner = rl_scanner_new (pack);
  guint n_cats = rl_rule_pack_get_n_categories (pack);
  g_autofree guint *tp = g_new0 (guint, n_cats);
  g_autofree guint *fp = g_new0 (guint, n_cats);
  g_autofree guint *fn = g_new0 (guint, n_cats);
  guint n_traps = 0;
  gboolean ok = TRUE;

  g_assert_cmpuint (n_cats, <=, 64);
  g_assert_cmpuint (passages->len, >=, MIN_PASSAGES);

  for (guint i = 0; i < passages->len; i++)
    {
      Passage *p = g_ptr_array_index (passages, i);
      guint64 found = scan_categories (scanner, p->text, strlen (p->text));

      if (g_hash_table_size (p->expected) == 0)
        n_traps++;

      for (guint c = 0; c < n_cats; c++)
        {
          const RlCategory *cat = rl_rule_pack_get_category (pack, c);
          gboolean want = g_hash_table_contains (p->expected, cat->id);
          gboolean got = (found & (G_GUINT64_CONSTANT (1) << c)) != 0;
          g_autofree char *shown = NULL;

          if (want && got)
            tp[c]++;
          else if (got)
            {
              fp[c]++;
              shown = one_line (p->text);
              g_test_message ("false positive %s at %s:%u: %s", cat->id, p->file, p->line, shown);
            }
          else if (want)
            {
              fn[c]++;
              shown = one_line (p->text);
              g_test_message ("missed %s at %s:%u: %s", cat->id, p->file, p->line, shown);
            }
        }
    }

  g_test_message ("%u passages (%u traps that must not hit)", passages->len, n_traps);
  g_test_message ("%-20s %5s %4s %4s %4s %9s %6s", "category", "label", "tp", "fp", "fn", "precision", "recall");
  for (guint c = 0; c < n_cats; c++)
    {
      const RlCategory *cat = rl_rule_pack_get_category (pack, c);
      double precision = tp[c] + fp[c] ? (double) tp[c] / (tp[c] + fp[c]) : 1.0;
      double recall = tp[c] + fn[c] ? (double) tp[c] / (tp[c] + fn[c]) : 0.0;

      g_test_message ("%-20s %5u %4u %4u %4u %9.3f %6.3f", cat->id, tp[c] + fn[c],
                      tp[c], fp[c], fn[c], precision, recall);
      if (tp[c] + fn[c] < MIN_POSITIVES || recall < MIN_RECALL || precision < MIN_PRECISION)
        ok = FALSE;
    }

  /* Checked after the table so a failure shows every category's numbers. */
  for (guint c = 0; c < n_cats; c++)
    {
      double precision = tp[c] + fp[c] ? (double) tp[c] / (tp[c] + fp[c]) : 1.0;
      double recall = tp[c] + fn[c] ? (double) tp[c] / (tp[c] + fn[c]) : 0.0;

      g_assert_cmpuint (tp[c] + fn[c], >=, MIN_POSITIVES);
      g_assert_cmpfloat (recall, >=, MIN_RECALL);
      g_assert_cmpfloat (precision, >=, MIN_PRECISION);
    }
  g_assert_true (ok);
  g_assert_cmpuint (n_traps, >=, 20);
}

static void
test_pack_examples (void)
{
  g_autoptr(RlRulePack) pack = load_default_pack ();
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  gboolean passed = rl_rule_pack_test (pack, failures);

  for (guint i = 0; i < failures->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (failures, i));
  g_assert_cmpuint (failures->len, ==, 0);
  g_assert_true (passed);
}

static void
test_pack_categories (void)
{
  static const char *const ids[] = {
    "surveillance", "autonomous-weapons", "automated-decisions", "lawful-use",
    "human-oversight", "safeguards", "coercion", "termination",
  };
  static const RlSeverity severities[] = {
    RL_SEVERITY_HIGH, RL_SEVERITY_HIGH, RL_SEVERITY_HIGH, RL_SEVERITY_MEDIUM,
    RL_SEVERITY_MEDIUM, RL_SEVERITY_MEDIUM, RL_SEVERITY_HIGH, RL_SEVERITY_LOW,
  };
  g_autoptr(RlRulePack) pack = load_default_pack ();
  g_autoptr(GHashTable) colors = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint *n_rules = NULL;

  g_assert_cmpstr (rl_rule_pack_get_id (pack), ==, "ai-red-lines");
  g_assert_cmpuint (rl_rule_pack_get_n_categories (pack), ==, G_N_ELEMENTS (ids));
  n_rules = g_new0 (guint, G_N_ELEMENTS (ids));

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const RlCategory *cat = rl_rule_pack_get_category (pack, i);

      g_assert_cmpstr (cat->id, ==, ids[i]);
      g_assert_cmpint (cat->severity, ==, severities[i]);
      g_assert_nonnull (g_hash_table_lookup (cat->name, "zh_CN"));
      /* Distinct colours, or two categories look the same in the reader. */
      g_assert_false (g_hash_table_contains (colors, cat->color));
      g_hash_table_add (colors, cat->color);
    }

  /* Every category has rules for both languages: ids end in -zh / -en. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      gboolean zh = FALSE, en = FALSE;

      for (guint r = 0; r < rl_rule_pack_get_n_rules (pack); r++)
        {
          const RlRule *rule = rl_rule_pack_get_rule (pack, r);

          if (rl_rule_get_category (rule) != i)
            continue;
          zh |= g_str_has_suffix (rl_rule_get_id (rule), "-zh");
          en |= g_str_has_suffix (rl_rule_get_id (rule), "-en");
        }
      g_test_message ("%s: zh %s, en %s", ids[i], zh ? "yes" : "no", en ? "yes" : "no");
      g_assert_true (zh);
      g_assert_true (en);
    }
}

typedef struct
{
  const char *file;
  const char *must_find;      /* space-separated category ids */
  const char *must_not_find;
} SeedExpectation;

/* What a careful analyst marks in each seed (see tests/rules/README.md).
 * 004 is the Biden NSM: "芯片供应链" and "合法进入美国" are traps there. */
static const SeedExpectation seed_expectations[] = {
  { "000_30e1f67600504d35.txt",
    "surveillance autonomous-weapons automated-decisions lawful-use human-oversight safeguards coercion termination",
    "" },
  { "001_35cfa4bfd97e3b9d.txt",
    "surveillance autonomous-weapons lawful-use human-oversight safeguards coercion",
    "automated-decisions termination" },
  { "002_96ab56dd2c9f8e9f.txt",
    "surveillance autonomous-weapons lawful-use human-oversight safeguards coercion termination",
    "automated-decisions" },
  { "003_30b4c13bb8dcece9.txt",
    "surveillance autonomous-weapons lawful-use human-oversight safeguards coercion termination",
    "automated-decisions" },
  { "004_187dd3f74430c8b6.txt",
    "",
    "surveillance automated-decisions lawful-use human-oversight safeguards coercion termination" },
};

static void
check_categories (RlRulePack *pack,
                  const char *file,
                  guint64     found,
                  const char *ids,
                  gboolean    want)
{
  g_auto(GStrv) list = g_strsplit (ids, " ", -1);

  for (guint i = 0; list[i] != NULL; i++)
    {
      int c;

      if (*list[i] == '\0')
        continue;
      c = rl_rule_pack_find_category (pack, list[i]);
      g_assert_cmpint (c, >=, 0);
      if (((found >> c) & 1) != (guint64) want)
        g_test_message ("%s: %s %s", file, want ? "missing" : "unexpected", list[i]);
      g_assert_cmpint ((found >> c) & 1, ==, want);
    }
}

static void
test_seeds (void)
{
  const char *seeds = g_getenv ("REDLINE_SEEDS");
  g_autoptr(RlRulePack) pack = load_default_pack ();
  g_autoptr(RlScanner) scanner = rl_scanner_new (pack);
  guint64 all = 0;

  if (seeds == NULL || !g_file_test (seeds, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("REDLINE_SEEDS is not a directory");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (seed_expectations); i++)
    {
      const SeedExpectation *e = &seed_expectations[i];
      g_autofree char *path = g_build_filename (seeds, e->file, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(RlDocument) doc = NULL;
      guint64 found;

      /* Scan what the reader shows: the importer's stored text. */
      doc = rl_import_file (path, &error);
      g_assert_no_error (error);
      found = scan_categories (scanner, doc->text, doc->text_len);
      all |= found;
      check_categories (pack, e->file, found, e->must_find, TRUE);
      check_categories (pack, e->file, found, e->must_not_find, FALSE);
    }

  /* Together the seeds exercise every category. */
  for (guint c = 0; c < rl_rule_pack_get_n_categories (pack); c++)
    g_assert_cmpint ((all >> c) & 1, ==, 1);
}

/* Phrases in data/samples that must never be inside a hit's clause: the
 * demo corpus shows the traps next to the red lines. */
static const char *const sample_traps[] = {
  "自主研发的推理引擎", "autonomous driving research", "Termination of employment benefits",
  "supply chain risk management plan", "lawful\npermanent resident", "自主支付产品",
  "企业自主选择合作对象", "芯片供应链紧张", "all lawful means", "Defense Production Act Committee",
  "统一社会信用代码", "合法进入我国", "供应链金融平台", "道路护栏", "交通流量监测设备",
  "终止劳动合同", "自主选择技术路线", "半自动武器和自主研发",
};

static void
test_samples (void)
{
  const char *datadir = g_getenv ("REDLINE_DATADIR");
  g_autofree char *dir_path = g_build_filename (datadir ? datadir : SOURCE_DATADIR, "samples", NULL);
  g_autoptr(RlRulePack) pack = load_default_pack ();
  g_autoptr(RlScanner) scanner = rl_scanner_new (pack);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  g_autoptr(GHashTable) traps_seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint64 all = 0;
  guint n_docs = 0;
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(RlDocument) doc = NULL;
      g_autoptr(GArray) hits = NULL;

      if (!rl_import_is_supported (name))
        continue;
      doc = rl_import_file (path, &error);
      g_assert_no_error (error);
      n_docs++;

      hits = rl_scanner_scan (scanner, doc->text, doc->text_len, NULL, NULL, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < hits->len; i++)
        {
          const RlHit *hit = &g_array_index (hits, RlHit, i);
          const char *start = g_utf8_offset_to_pointer (doc->text, hit->clause_start);
          const char *end = g_utf8_offset_to_pointer (doc->text, hit->clause_end);
          g_autofree char *clause = g_strndup (start, end - start);

          all |= G_GUINT64_CONSTANT (1) << hit->category;
          for (guint t = 0; t < G_N_ELEMENTS (sample_traps); t++)
            if (strstr (clause, sample_traps[t]) != NULL)
              {
                g_test_message ("%s: trap \"%s\" hit by %s in: %s", name, sample_traps[t],
                                rl_rule_get_id (rl_rule_pack_get_rule (pack, hit->rule)), clause);
                g_assert_not_reached ();
              }
        }

      for (guint t = 0; t < G_N_ELEMENTS (sample_traps); t++)
        if (strstr (doc->text, sample_traps[t]) != NULL)
          g_hash_table_add (traps_seen, (gpointer) sample_traps[t]);
    }

  g_test_message ("%u sample documents", n_docs);
  g_assert_cmpuint (n_docs, >=, 8);
  g_assert_cmpuint (n_docs, <=, 12);
  /* The traps are really in the samples (a reworded sample would make this
   * test vacuous). */
  for (guint t = 0; t < G_N_ELEMENTS (sample_traps); t++)
    {
      if (!g_hash_table_contains (traps_seen, sample_traps[t]))
        g_test_message ("trap not found in the samples: %s", sample_traps[t]);
      g_assert_true (g_hash_table_contains (traps_seen, sample_traps[t]));
    }
  /* Every category shows up in the demo. */
  for (guint c = 0; c < rl_rule_pack_get_n_categories (pack); c++)
    {
      if (((all >> c) & 1) == 0)
        g_test_message ("no sample hits %s", rl_rule_pack_get_category (pack, c)->id);
      g_assert_cmpint ((all >> c) & 1, ==, 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules/pack/categories", test_pack_categories);
  g_test_add_func ("/rules/pack/examples", test_pack_examples);
  g_test_add_func ("/rules/eval/corpus", test_corpus_precision_recall);
  g_test_add_func ("/rules/eval/seeds", test_seeds);
  g_test_add_func ("/rules/samples", test_samples);

  return g_test_run ();
}
