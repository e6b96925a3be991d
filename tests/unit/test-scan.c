/* Scanning a project: hits and clauses stored, incremental rescans, and
 * reviews that survive rule edits and document edits. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "rl-ops.h"
#include "rl-store.h"
#include "test-util.h"

#define PACK_HEAD \
  "pack: t\n" \
  "version: 1\n" \
  "name: Test\n" \
  "categories:\n" \
  "  - {id: surveillance, name: Surveillance, color: '#c0392b', severity: high}\n" \
  "  - {id: termination, name: Termination, color: '#2c7fb8', severity: low}\n" \
  "rules:\n"

#define RULE_SURV \
  "  - id: surv\n" \
  "    category: surveillance\n" \
  "    message: {en: Mass surveillance, zh_CN: 大规模监控}\n" \
  "    pattern: '大规模[^。]{0,6}监控'\n" \
  "    examples: {match: ['不得进行大规模国内监控。']}\n"

#define RULE_SURV2 \
  "  - id: surv-en\n" \
  "    category: surveillance\n" \
  "    message: Surveillance in English\n" \
  "    flags: [caseless]\n" \
  "    pattern: 'mass\\s+surveillance'\n" \
  "    examples: {match: ['no mass surveillance']}\n"

#define RULE_TERM \
  "  - id: term\n" \
  "    category: termination\n" \
  "    message: Termination right\n" \
  "    pattern: '终止合同'\n" \
  "    examples: {match: ['有权终止合同。']}\n"

static const char doc_text[] =
  "协议说明\n"
  "不得使用该技术进行大规模国内监控。\n"
  "如果政府违约，我们有权终止合同。\n"
  "It also bans Mass\nSurveillance of citizens.\n";

typedef struct
{
  char    *dir;
  char    *path;
  RlStore *store;
} Fixture;

static RlRulePack *
load_pack (const char *yaml)
{
  g_autoptr(GError) error = NULL;
  RlRulePack *pack = rl_rule_pack_load_data (yaml, strlen (yaml), "test.yaml", &error);

  g_assert_no_error (error);
  return pack;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlRulePack) pack = load_pack (PACK_HEAD RULE_SURV RULE_SURV2 RULE_TERM);

  f->dir = g_dir_make_tmp ("redline-scan-XXXXXX", &error);
  f->path = g_build_filename (f->dir, "p.redline", NULL);
  f->store = rl_store_create (f->path, pack, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  rl_store_close (f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gint64
add (Fixture *f, const char *name, const char *text)
{
  g_autoptr(RlDocument) doc = test_make_doc (name, text);
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (rl_store_add_document (f->store, doc, NULL, &id, &error));
  g_assert_no_error (error);
  return id;
}

static void
scan (Fixture *f, RlScanReport *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rl_ops_scan (f->store, NULL, NULL, report, NULL, &error));
  g_assert_no_error (error);
}

static GPtrArray *
clauses (Fixture *f, gboolean orphaned)
{
  RlClauseQuery q = { 0, -1, -1, -1, orphaned };
  g_autoptr(GError) error = NULL;
  GPtrArray *list = rl_store_list_clauses (f->store, &q, &error);

  g_assert_no_error (error);
  return list;
}

static RlClause *
find_clause (GPtrArray *list, const char *category)
{
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (((RlClause *) list->pdata[i])->category_id, category) == 0)
      return list->pdata[i];
  return NULL;
}

static void
test_hits_and_clauses (Fixture *f, gconstpointer data)
{
  RlScanReport report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(RlDocInfo) info = NULL;
  gint64 id = add (f, "a.txt", doc_text);
  RlClause *surv, *term;
  const RlStoredHit *h;

  scan (f, &report);
  g_assert_cmpuint (report.n_scanned, ==, 1);
  g_assert_cmpuint (report.n_hits, ==, 3);
  g_assert_cmpuint (report.problems->len, ==, 0);
  rl_scan_report_clear (&report);

  hits = rl_store_get_document_hits (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 3);
  /* Offsets are characters: "协议说明\n不得使用该技术进行" is 14 of them. */
  h = &g_array_index (hits, RlStoredHit, 0);
  g_assert_cmpuint (h->match_start, ==, 14);
  g_assert_cmpuint (h->match_end, ==, 21);
  g_assert_cmpuint (h->category, ==, 0);

  list = clauses (f, FALSE);
  /* The two surveillance hits are in different sentences: 3 clauses. */
  g_assert_cmpuint (list->len, ==, 3);
  surv = list->pdata[0];
  g_assert_cmpstr (surv->category_id, ==, "surveillance");
  g_assert_cmpstr (surv->text, ==, "不得使用该技术进行大规模国内监控。");
  g_assert_cmpuint (surv->start, ==, 5);
  g_assert_cmpuint (surv->end, ==, 5 + 17);
  g_assert_cmpstr (surv->match, ==, "大规模国内监控");
  g_assert_cmpstr (surv->rules, ==, "surv");
  g_assert_cmpstr (surv->messages, ==, "Mass surveillance");
  g_assert_cmpint (surv->severity, ==, RL_SEVERITY_HIGH);
  term = find_clause (list, "termination");
  g_assert_nonnull (term);
  g_assert_cmpstr (term->text, ==, "如果政府违约，我们有权终止合同。");
  g_assert_cmpint (term->severity, ==, RL_SEVERITY_LOW);
  /* A match over a line break, found in the whole document. */
  g_assert_cmpstr (((RlClause *) list->pdata[2])->match, ==, "Mass\nSurveillance");

  info = rl_store_get_document (f->store, id, &error);
  g_assert_cmpuint (info->counts[0], ==, 2);
  g_assert_cmpuint (info->counts[1], ==, 1);
}

static void
test_incremental (Fixture *f, gconstpointer data)
{
  RlScanReport report = { 0 };

  add (f, "a.txt", doc_text);
  add (f, "b.txt", "没有任何红线的文本。");
  scan (f, &report);
  g_assert_cmpuint (report.n_scanned, ==, 2);
  rl_scan_report_clear (&report);

  /* Nothing changed: nothing scanned. */
  scan (f, &report);
  g_assert_cmpuint (report.n_scanned, ==, 0);
  g_assert_cmpuint (report.n_clauses, ==, 3);
  rl_scan_report_clear (&report);

  /* A new document: only it. */
  add (f, "c.txt", "有权终止合同。");
  scan (f, &report);
  g_assert_cmpuint (report.n_scanned, ==, 1);
  g_assert_cmpuint (report.n_clauses, ==, 4);
  rl_scan_report_clear (&report);
}

static void
test_reviews_survive (Fixture *f, gconstpointer data)
{
  RlScanReport report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(RlRulePack) edited = NULL;
  g_autoptr(RlRulePack) fewer = NULL;
  g_autoptr(RlStats) stats = NULL;
  g_autoptr(RlClause) after = NULL;
  gint64 surv_id, term_id;
  RlClause *c;

  add (f, "a.txt", doc_text);
  scan (f, &report);
  rl_scan_report_clear (&report);
  list = clauses (f, FALSE);
  surv_id = ((RlClause *) list->pdata[0])->id;
  term_id = find_clause (list, "termination")->id;
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (rl_store_review (f->store, surv_id, RL_STATUS_CONFIRMED, "核实：第2条", &error));
  g_assert_no_error (error);
  g_assert_true (rl_store_review (f->store, term_id, RL_STATUS_DISMISSED, "not relevant", &error));

  /* A rule edit (a new version of the pack): the clause still matches, the
   * review stays on it, with the same id. */
  edited = load_pack (PACK_HEAD
                      "  - id: surv\n"
                      "    category: surveillance\n"
                      "    message: Edited\n"
                      "    pattern: ['大规模国内监控', '国内监控']\n"
                      "    examples: {match: ['大规模国内监控']}\n"
                      RULE_SURV2 RULE_TERM);
  g_assert_true (rl_store_set_pack (f->store, edited, &error));
  scan (f, &report);
  g_assert_cmpuint (report.n_scanned, ==, 1);
  g_assert_cmpuint (report.n_orphaned, ==, 0);
  rl_scan_report_clear (&report);
  after = rl_store_get_clause (f->store, surv_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->status, ==, RL_STATUS_CONFIRMED);
  g_assert_cmpstr (after->note, ==, "核实：第2条");
  g_assert_false (after->orphaned);
  g_assert_nonnull (after->reviewed_at);
  g_clear_pointer (&after, rl_clause_free);

  /* The document is edited elsewhere (text added before): offsets move, the
   * review follows the clause. */
  {
    g_autofree char *text2 = g_strconcat ("前言。\n", doc_text, NULL);
    gint64 id = add (f, "a.txt", text2);
    g_assert_cmpint (id, ==, 1);
  }
  scan (f, &report);
  rl_scan_report_clear (&report);
  after = rl_store_get_clause (f->store, surv_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->status, ==, RL_STATUS_CONFIRMED);
  g_assert_cmpuint (after->start, ==, 5 + 4);
  g_clear_pointer (&after, rl_clause_free);

  /* The termination rule is dropped: its reviewed clause is kept, orphaned,
   * never deleted. */
  fewer = load_pack (PACK_HEAD RULE_SURV RULE_SURV2);
  g_assert_true (rl_store_set_pack (f->store, fewer, &error));
  scan (f, &report);
  g_assert_cmpuint (report.n_orphaned, ==, 1);
  rl_scan_report_clear (&report);

  list = clauses (f, TRUE);
  g_assert_cmpuint (list->len, ==, 1);
  c = list->pdata[0];
  g_assert_cmpint (c->id, ==, term_id);
  g_assert_cmpint (c->status, ==, RL_STATUS_DISMISSED);
  g_assert_cmpstr (c->note, ==, "not relevant");
  g_assert_true (c->orphaned);
  g_clear_pointer (&list, g_ptr_array_unref);

  stats = rl_store_get_stats (f->store, &error);
  g_assert_cmpuint (stats->n_orphaned, ==, 1);
  g_assert_cmpuint (stats->status_counts[RL_STATUS_CONFIRMED], ==, 1);

  /* Unreviewed clauses that stop matching simply go. */
  list = clauses (f, FALSE);
  g_assert_cmpuint (list->len, ==, 2);
}

/* All hits of a project as "doc:rule:start-end" lines, for comparing. */
static char *
dump_hits (RlStore *store)
{
  RlDocQuery q = { RL_DOC_SORT_IMPORTED, FALSE, -1, -1, NULL };
  g_autoptr(GArray) ids = rl_store_list_documents (store, &q, NULL);
  GString *out = g_string_new (NULL);
  RlRulePack *pack = rl_store_get_pack (store);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(GArray) hits = rl_store_get_document_hits (store, id, NULL);

      for (guint h = 0; h < hits->len; h++)
        {
          RlStoredHit *hit = &g_array_index (hits, RlStoredHit, h);
          g_string_append_printf (out, "%" G_GINT64_FORMAT ":%s:%" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "\n",
                                  id, rl_rule_get_id (rl_rule_pack_get_rule (pack, hit->rule)),
                                  hit->match_start, hit->match_end);
        }
    }
  return g_string_free (out, FALSE);
}

static void
test_rule_edit_delta (Fixture *f, gconstpointer data)
{
  const char *edited_yaml = PACK_HEAD RULE_SURV
    "  - id: surv-en\n"
    "    category: surveillance\n"
    "    message: Surveillance in English\n"
    "    flags: [caseless]\n"
    "    pattern: 'surveillance\\s+of'\n"
    "    examples: {match: ['surveillance of citizens']}\n"
    "  - id: new-rule\n"
    "    category: termination\n"
    "    message: New\n"
    "    pattern: '违约'\n"
    "    examples: {match: ['违约']}\n";
  g_autoptr(RlRulePack) edited = load_pack (edited_yaml);
  g_autoptr(GError) error = NULL;
  g_autofree char *fresh_path = g_build_filename (f->dir, "fresh.redline", NULL);
  g_autoptr(RlStore) fresh = NULL;
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;
  RlScanReport report = { 0 };

  add (f, "a.txt", doc_text);
  add (f, "b.txt", "Nothing to see here.");
  add (f, "c.txt", "他们有权终止合同。");
  scan (f, &report);
  rl_scan_report_clear (&report);

  /* One rule edited, one dropped (term), one added: the delta rescan must
   * give exactly what a full scan with the new pack gives. */
  g_assert_true (rl_store_set_pack (f->store, edited, &error));
  scan (f, &report);
  g_assert_cmpuint (report.n_scanned, ==, 3);
  rl_scan_report_clear (&report);

  fresh = rl_store_create (fresh_path, edited, &error);
  g_assert_no_error (error);
  {
    g_autoptr(RlDocument) a = test_make_doc ("a.txt", doc_text);
    g_autoptr(RlDocument) b = test_make_doc ("b.txt", "Nothing to see here.");
    g_autoptr(RlDocument) c = test_make_doc ("c.txt", "他们有权终止合同。");
    g_assert_true (rl_store_add_document (fresh, a, NULL, NULL, NULL));
    g_assert_true (rl_store_add_document (fresh, b, NULL, NULL, NULL));
    g_assert_true (rl_store_add_document (fresh, c, NULL, NULL, NULL));
  }
  g_assert_true (rl_ops_scan (fresh, NULL, NULL, NULL, NULL, &error));

  got = dump_hits (f->store);
  want = dump_hits (fresh);
  g_assert_cmpstr (got, ==, want);
  g_assert_nonnull (strstr (got, "new-rule"));
  g_assert_null (strstr (got, ":term:"));
  g_clear_pointer (&fresh, rl_store_close);
  g_unlink (fresh_path);
  {
    g_autofree char *wal = g_strconcat (fresh_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (fresh_path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
}

static void
test_review_follows_extent (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(RlClause) after = NULL;
  RlScanReport report = { 0 };
  gint64 id;

  add (f, "a.txt", "前言。\n不得使用该技术进行大规模国内监控。\n");
  scan (f, &report);
  rl_scan_report_clear (&report);
  list = clauses (f, FALSE);
  g_assert_cmpuint (list->len, ==, 1);
  id = ((RlClause *) list->pdata[0])->id;
  g_assert_true (rl_store_review (f->store, id, RL_STATUS_CONFIRMED, "第一条", &error));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The sentence grows: the clause has a new extent and a new key, and the
   * review moves with it instead of being orphaned. */
  add (f, "a.txt", "前言。\n不得使用该技术进行大规模国内监控，也不得出售所得数据。\n");
  scan (f, &report);
  g_assert_cmpuint (report.n_orphaned, ==, 0);
  rl_scan_report_clear (&report);
  list = clauses (f, FALSE);
  g_assert_cmpuint (list->len, ==, 1);
  after = rl_store_get_clause (f->store, ((RlClause *) list->pdata[0])->id, &error);
  g_assert_cmpstr (after->text, ==, "不得使用该技术进行大规模国内监控，也不得出售所得数据。");
  g_assert_cmpint (after->status, ==, RL_STATUS_CONFIRMED);
  g_assert_cmpstr (after->note, ==, "第一条");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = clauses (f, TRUE);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_runaway_rule (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlRulePack) pack = load_pack (PACK_HEAD RULE_TERM
                                          "  - id: runaway\n"
                                          "    category: surveillance\n"
                                          "    message: Catastrophic backtracking\n"
                                          "    pattern: '(a+)+$'\n"
                                          "    examples: {match: ['aaa']}\n");
  g_autoptr(GString) text = g_string_new ("有权终止合同。\n");
  RlScanReport report = { 0 };

  for (int i = 0; i < 50000; i++)
    g_string_append_c (text, 'a');
  g_string_append_c (text, 'b');
  add (f, "a.txt", text->str);
  g_assert_true (rl_store_set_pack (f->store, pack, &error));
  scan (f, &report);
  /* The runaway rule gave up and says so; the other rule's hit is kept. */
  g_assert_cmpuint (report.problems->len, ==, 1);
  g_assert_nonnull (strstr (report.problems->pdata[0], "runaway"));
  g_assert_cmpuint (report.n_clauses, ==, 1);
  rl_scan_report_clear (&report);
}

static void
test_export (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = g_build_filename (f->dir, "out.csv", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) list = NULL;
  RlExportOptions options = { csv_path, TRUE, -1, -1, -1, 0 };
  RlScanReport report = { 0 };
  guint n_rows = 0;

  add (f, "a.txt", doc_text);
  scan (f, &report);
  rl_scan_report_clear (&report);
  list = clauses (f, FALSE);
  g_assert_true (rl_store_review (f->store, ((RlClause *) list->pdata[0])->id,
                                  RL_STATUS_CONFIRMED, "=HYPERLINK(\"x\",\"y\")\nline 2", &error));

  g_assert_true (rl_ops_export_csv (f->store, &options, &n_rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 3);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF" "clause_id,document_id,document_title,document_file,"
                                   "document_date,document_source,document_url,category,category_name,"
                                   "severity,rules,messages,match,clause,start,end,status,note,reviewed_at\r\n"));
  /* The formula is neutralised and the quotes and newline are kept. */
  g_assert_nonnull (strstr (csv, ",\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\nline 2\","));
  g_clear_pointer (&csv, g_free);

  /* Filtered by status, without BOM. */
  options.excel = FALSE;
  options.status = RL_STATUS_CONFIRMED;
  g_assert_true (rl_ops_export_csv (f->store, &options, &n_rows, NULL, &error));
  g_assert_cmpuint (n_rows, ==, 1);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "clause_id,"));

  /* A folder that does not exist: an error, nothing half-written. */
  options.path = "/nonexistent-dir/out.csv";
  g_assert_false (rl_ops_export_csv (f->store, &options, &n_rows, NULL, &error));
  g_assert_nonnull (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/scan/hits-and-clauses", test_hits_and_clauses);
  ADD ("/scan/incremental", test_incremental);
  ADD ("/scan/reviews-survive", test_reviews_survive);
  ADD ("/scan/rule-edit-delta", test_rule_edit_delta);
  ADD ("/scan/review-follows-extent", test_review_follows_extent);
  ADD ("/scan/runaway-rule", test_runaway_rule);
  ADD ("/scan/export", test_export);
#undef ADD
  return g_test_run ();
}
