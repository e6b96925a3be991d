/* The project store: creating, reopening, refusing what is not ours,
 * documents, reviews. */
#include "config.h"

#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "rl-store.h"
#include "test-util.h"

static const char mini_pack[] =
  "pack: mini\n"
  "version: 1\n"
  "name: {en: Mini, zh_CN: 迷你}\n"
  "categories:\n"
  "  - id: surveillance\n"
  "    name: {en: Mass domestic surveillance, zh_CN: 大规模国内监控}\n"
  "    color: '#c0392b'\n"
  "    severity: high\n"
  "rules:\n"
  "  - id: surv-zh\n"
  "    category: surveillance\n"
  "    message: {en: Mass surveillance, zh_CN: 大规模监控}\n"
  "    pattern: '大规模[^。]{0,6}监控'\n"
  "    examples: {match: ['不得进行大规模国内监控。'], no_match: ['企业自主选择。']}\n";

typedef struct
{
  char    *dir;
  char    *path;
  RlRulePack *pack;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("redline-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "p.redline", NULL);
  f->pack = rl_rule_pack_load_data (mini_pack, strlen (mini_pack), "mini.yaml", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_chmod (p, 0600);
      g_unlink (p);
    }
  g_chmod (dir, 0700);
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  rl_rule_pack_unref (f->pack);
}

static void
test_create_reopen (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlStore) store = rl_store_create (f->path, f->pack, &error);
  g_autoptr(RlStore) again = NULL;
  g_autoptr(RlStore) exists = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpuint (rl_store_count_documents (store), ==, 0);
  g_clear_pointer (&store, rl_store_close);

  again = rl_store_open (f->path, RL_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rl_rule_pack_get_id (rl_store_get_pack (again)), ==, "mini");
  g_assert_cmpstr (rl_rule_pack_get_hash (rl_store_get_pack (again)), ==, rl_rule_pack_get_hash (f->pack));
  g_assert_false (rl_store_is_read_only (again));

  /* create never overwrites */
  exists = rl_store_create (f->path, f->pack, &error);
  g_assert_error (error, RL_STORE_ERROR, RL_STORE_ERROR_EXISTS);
  g_assert_null (exists);
}

static void
set_user_version (const char *path, const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_refuse_newer (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  RlStore *store = rl_store_create (f->path, f->pack, &error);

  g_assert_no_error (error);
  rl_store_close (store);
  set_user_version (f->path, "PRAGMA user_version = 99");

  store = rl_store_open (f->path, RL_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, RL_STORE_ERROR, RL_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version of Redline"));
  g_assert_nonnull (strstr (error->message, f->path));
}

static void
test_refuse_foreign (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_build_filename (f->dir, "notes.redline", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.redline", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.redline", NULL);
  RlStore *store;

  /* Not SQLite at all. */
  g_assert_true (g_file_set_contents (text, "just some text, not a database\n", -1, NULL));
  store = rl_store_open (text, RL_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, RL_STORE_ERROR, RL_STORE_ERROR_NOT_PROJECT);
  g_assert_nonnull (strstr (error->message, "notes.redline"));
  g_clear_error (&error);

  /* Another application's SQLite file, with a trigger that must never run. */
  set_user_version (other, "CREATE TABLE t (x); PRAGMA user_version = 1;");
  store = rl_store_open (other, RL_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, RL_STORE_ERROR, RL_STORE_ERROR_NOT_PROJECT);
  g_clear_error (&error);

  /* An empty file. */
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  store = rl_store_open (empty, RL_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, RL_STORE_ERROR, RL_STORE_ERROR_NOT_PROJECT);
  g_clear_error (&error);

  /* Missing. */
  store = rl_store_open ("/nonexistent/x.redline", RL_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
}

static void
test_documents (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlStore) store = rl_store_create (f->path, f->pack, &error);
  g_autoptr(RlDocument) a = test_make_doc ("a.txt", "不得进行大规模国内监控。");
  g_autoptr(RlDocument) b = test_make_doc ("b.txt", "Zebra text about nothing.");
  g_autoptr(RlDocument) a2 = test_make_doc ("a.txt", "新的内容：不得进行大规模国内监控。");
  g_autoptr(RlDocInfo) info = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *text = NULL;
  RlDocQuery query = { RL_DOC_SORT_TITLE, FALSE, -1, -1, NULL };
  RlImportOutcome outcome;
  gint64 id_a, id_b, id;
  gsize len;

  g_assert_no_error (error);
  a->date = g_strdup ("2026-02-28");
  a->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (a->metadata, g_strdup ("译注"), g_strdup ("说明 \"引号\""));

  g_assert_true (rl_store_add_document (store, a, &outcome, &id_a, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, RL_IMPORT_IMPORTED);
  g_assert_true (rl_store_add_document (store, b, &outcome, &id_b, &error));
  g_assert_cmpint (outcome, ==, RL_IMPORT_IMPORTED);

  /* The same content again is a no-op. */
  g_assert_true (rl_store_add_document (store, a, &outcome, &id, &error));
  g_assert_cmpint (outcome, ==, RL_IMPORT_UNCHANGED);
  g_assert_cmpint (id, ==, id_a);
  g_assert_cmpuint (rl_store_count_documents (store), ==, 2);

  info = rl_store_get_document (store, id_a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->title, ==, "a.txt");
  g_assert_cmpstr (info->date, ==, "2026-02-28");
  g_assert_cmpstr (info->metadata_json, ==, "{\"译注\":\"说明 \\\"引号\\\"\"}");
  g_assert_cmpuint (info->n_chars, ==, 12);
  g_clear_pointer (&info, rl_doc_info_free);

  text = rl_store_get_document_text (store, id_a, &len, &error);
  g_assert_cmpstr (text, ==, "不得进行大规模国内监控。");
  g_assert_cmpuint (len, ==, strlen (text));
  g_clear_pointer (&text, g_free);

  /* The same file with new content replaces it in place. */
  g_assert_true (rl_store_add_document (store, a2, &outcome, &id, &error));
  g_assert_cmpint (outcome, ==, RL_IMPORT_UPDATED);
  g_assert_cmpint (id, ==, id_a);
  text = rl_store_get_document_text (store, id_a, NULL, &error);
  g_assert_cmpstr (text, ==, a2->text);

  ids = rl_store_list_documents (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id_a);
  g_clear_pointer (&ids, g_array_unref);

  query.descending = TRUE;
  ids = rl_store_list_documents (store, &query, &error);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id_b);
  g_clear_pointer (&ids, g_array_unref);

  /* Search looks in titles and text; % and _ are literal. */
  query.search = "大规模";
  ids = rl_store_list_documents (store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id_a);
  g_clear_pointer (&ids, g_array_unref);
  query.search = "%";
  ids = rl_store_list_documents (store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);

  /* No such document. */
  info = rl_store_get_document (store, 999, &error);
  g_assert_null (info);
  g_assert_error (error, RL_STORE_ERROR, RL_STORE_ERROR_NOT_FOUND);
}

static void
test_read_only (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlDocument) a = test_make_doc ("a.txt", "text");
  RlStore *store = rl_store_create (f->path, f->pack, &error);

  g_assert_no_error (error);
  rl_store_close (store);

  store = rl_store_open (f->path, RL_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (rl_store_is_read_only (store));
  g_assert_false (rl_store_add_document (store, a, NULL, NULL, &error));
  g_assert_error (error, RL_STORE_ERROR, RL_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (rl_store_review (store, 1, RL_STATUS_CONFIRMED, NULL, &error));
  g_assert_error (error, RL_STORE_ERROR, RL_STORE_ERROR_READ_ONLY);
  rl_store_close (store);
}

static void
test_review_missing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlStore) store = rl_store_create (f->path, f->pack, &error);

  g_assert_false (rl_store_review (store, 42, RL_STATUS_CONFIRMED, "note", &error));
  g_assert_error (error, RL_STORE_ERROR, RL_STORE_ERROR_NOT_FOUND);
}

static void
test_upgrade (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlDocument) a = test_make_doc ("a.txt", "不得进行大规模国内监控。");
  RlStore *store = rl_store_create (f->path, f->pack, &error);
  sqlite3 *db = NULL;
  int version = 0;

  g_assert_no_error (error);
  g_assert_true (rl_store_add_document (store, a, NULL, NULL, &error));
  rl_store_close (store);

  /* Make it a file of the first format, as an older Redline wrote it. */
  set_user_version (f->path, "DROP TABLE pack_history; PRAGMA user_version = 1;");

  /* Read-only, it is read as it is. */
  store = rl_store_open (f->path, RL_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rl_store_count_documents (store), ==, 1);
  rl_store_close (store);

  /* Read-write, it is migrated and keeps its documents. */
  store = rl_store_open (f->path, RL_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rl_store_count_documents (store), ==, 1);
  rl_store_close (store);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;
    sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    version = sqlite3_column_int (stmt, 0);
    sqlite3_finalize (stmt);
    g_assert_cmpint (sqlite3_exec (db, "SELECT count(*) FROM pack_history", NULL, NULL, NULL), ==, SQLITE_OK);
  }
  sqlite3_close (db);
  g_assert_cmpint (version, ==, 2);
}

static void
test_busy (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlStore) store = rl_store_create (f->path, f->pack, &error);
  g_autoptr(RlDocument) a = test_make_doc ("a.txt", "text");
  sqlite3 *other = NULL;

  /* Another process holds the write lock: we wait (busy_timeout), then say
   * the project is busy rather than failing silently. */
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  rl_store_set_busy_timeout (store, 200);
  g_assert_false (rl_store_add_document (store, a, NULL, NULL, &error));
  g_assert_error (error, RL_STORE_ERROR, RL_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "busy"));
  g_assert_cmpuint (rl_store_count_documents (store), ==, 0);
  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);
  g_clear_error (&error);
  g_assert_true (rl_store_add_document (store, a, NULL, NULL, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/create-reopen", test_create_reopen);
  ADD ("/store/refuse-newer", test_refuse_newer);
  ADD ("/store/refuse-foreign", test_refuse_foreign);
  ADD ("/store/documents", test_documents);
  ADD ("/store/read-only", test_read_only);
  ADD ("/store/review-missing", test_review_missing);
  ADD ("/store/upgrade", test_upgrade);
  ADD ("/store/busy", test_busy);
#undef ADD
  return g_test_run ();
}
