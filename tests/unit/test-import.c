/* test-import.c: files to RlDocuments, as a user would check them: the
 * text the reader shows, the title and date in the document list, and a
 * clear refusal naming the file for what cannot be imported. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "rl-import.h"

/* Every imported document: valid UTF-8, no NUL, no CR, counts right. */
static void
assert_sane (const RlDocument *doc)
{
  g_assert_nonnull (doc);
  g_assert_nonnull (doc->text);
  g_assert_nonnull (doc->title);
  g_assert_cmpuint (strlen (doc->title), >, 0);
  g_assert_true (g_utf8_validate (doc->title, -1, NULL));
  g_assert_cmpuint (strlen (doc->text), ==, doc->text_len);
  g_assert_true (g_utf8_validate_len (doc->text, doc->text_len, NULL));
  g_assert_null (memchr (doc->text, '\r', doc->text_len));
  g_assert_cmpuint (g_utf8_strlen (doc->text, doc->text_len), ==, doc->n_chars);
  g_assert_nonnull (doc->hash);
  g_assert_cmpuint (strlen (doc->hash), ==, 64);
  g_assert_nonnull (doc->format);
  g_assert_nonnull (doc->encoding);
  if (doc->date != NULL)
    {
      g_assert_cmpuint (strlen (doc->date), ==, 10);
      g_assert_cmpint (doc->date[4], ==, '-');
      g_assert_cmpint (doc->date[7], ==, '-');
    }
}

static RlDocument *
import_str (const char *file_name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  RlDocument *doc = rl_import_bytes (file_name, text, strlen (text), &error);

  g_assert_no_error (error);
  assert_sane (doc);
  return doc;
}

static void
assert_refused (const char    *file_name,
                const char    *data,
                gsize          len,
                RlImportError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlDocument) doc = rl_import_bytes (file_name, data, len, &error);

  g_assert_null (doc);
  g_assert_error (error, RL_IMPORT_ERROR, (int) code);
  /* The message names the file. */
  g_assert_true (g_str_has_prefix (error->message, file_name));
}

static void
test_supported (void)
{
  g_assert_true (rl_import_is_supported ("a.txt"));
  g_assert_true (rl_import_is_supported ("dir/b.md"));
  g_assert_true (rl_import_is_supported ("C.MARKDOWN"));
  g_assert_true (rl_import_is_supported ("page.html"));
  g_assert_true (rl_import_is_supported ("page.HTM"));
  g_assert_false (rl_import_is_supported ("report.pdf"));
  g_assert_false (rl_import_is_supported ("txt"));
  g_assert_false (rl_import_is_supported (".md.bak"));
  g_assert_false (rl_import_is_supported ("archive.tar.gz"));
}

/* --- Encodings --------------------------------------------------------- */

static const char sample_text[] =
  "人工智能红线\n不得使用OpenAI技术进行大规模国内监控。\n"
  "No use for mass domestic surveillance – “any lawful use”.\n";

static void
test_utf8_bom (void)
{
  g_autofree char *data = g_strconcat ("\xEF\xBB\xBF", sample_text, NULL);
  g_autoptr(RlDocument) doc = import_str ("bom.txt", data);

  g_assert_cmpstr (doc->encoding, ==, "UTF-8");
  g_assert_true (g_str_has_prefix (doc->text, "人工智能红线\n"));
  g_assert_cmpstr (doc->title, ==, "不得使用OpenAI技术进行大规模国内监控。");
}

static char *
utf16_with_bom (const char *utf8,
                gboolean    big_endian,
                gsize      *len)
{
  g_autoptr(GError) error = NULL;
  gsize n = 0;
  g_autofree char *body = g_convert (utf8, -1, big_endian ? "UTF-16BE" : "UTF-16LE", "UTF-8",
                                     NULL, &n, &error);
  char *data;

  g_assert_no_error (error);
  data = g_malloc (n + 2);
  data[0] = big_endian ? '\xFE' : '\xFF';
  data[1] = big_endian ? '\xFF' : '\xFE';
  memcpy (data + 2, body, n);
  *len = n + 2;
  return data;
}

static void
test_utf16 (gconstpointer user_data)
{
  gboolean big_endian = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(RlDocument) doc = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  /* CRLF in UTF-16 too, and a character outside the BMP (a surrogate pair). */
  data = utf16_with_bom ("标题行足够长的中文标题\r\nLine 😀 two\r\n", big_endian, &len);
  doc = rl_import_bytes ("wide.txt", data, len, &error);
  g_assert_no_error (error);
  assert_sane (doc);
  g_assert_cmpstr (doc->encoding, ==, big_endian ? "UTF-16BE" : "UTF-16LE");
  g_assert_cmpstr (doc->text, ==, "标题行足够长的中文标题\nLine 😀 two");
  g_assert_cmpuint (doc->n_chars, ==, 11 + 1 + 10);
}

static void
test_utf16_truncated (void)
{
  gsize len = 0;
  g_autofree char *data = utf16_with_bom ("Truncated text 😀", FALSE, &len);
  static const struct
  {
    gsize       cut;
    const char *message;
  } cuts[] = {
    /* Odd length: half a unit at the end. */
    { 1, "cut.txt: truncated UTF-16: odd number of bytes, the file was cut off" },
    /* Even, but the last unit is the first half of a surrogate pair. */
    { 2, "cut.txt: truncated UTF-16: the file ends in the middle of a character" },
    { 3, "cut.txt: truncated UTF-16: odd number of bytes, the file was cut off" },
  };

  /* A cut-off file is refused, not stored without its end. */
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RlDocument) doc = rl_import_bytes ("cut.txt", data, len - cuts[i].cut, &error);

      g_assert_null (doc);
      g_assert_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_ENCODING);
      g_assert_cmpstr (error->message, ==, cuts[i].message);
    }

  /* Cut after a whole character: nothing says it was cut, so it imports. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RlDocument) doc = rl_import_bytes ("cut.txt", data, len - 4, &error);

    g_assert_no_error (error);
    assert_sane (doc);
    g_assert_cmpstr (doc->text, ==, "Truncated text");
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RlDocument) doc = rl_import_bytes ("cut.txt", "\xFF\xFE" "A", 3, &error);

    g_assert_null (doc);
    g_assert_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_ENCODING);
  }
}

static void
test_gb18030 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlDocument) doc = NULL;
  gsize len = 0;
  g_autofree char *data = g_convert ("关于人工智能的国家安全备忘录\r\n2024年10月24日发布。\r\n"
                                     "不得用于大规模国内监控。",
                                     -1, "GB18030", "UTF-8", NULL, &len, &error);

  g_assert_no_error (error);
  /* The point of the fixture: these bytes are not UTF-8. */
  g_assert_false (g_utf8_validate_len (data, len, NULL));

  doc = rl_import_bytes ("gbk.txt", data, len, &error);
  g_assert_no_error (error);
  assert_sane (doc);
  g_assert_cmpstr (doc->encoding, ==, "GB18030");
  g_assert_cmpstr (doc->text, ==, "关于人工智能的国家安全备忘录\n2024年10月24日发布。\n不得用于大规模国内监控。");
  g_assert_cmpstr (doc->title, ==, "关于人工智能的国家安全备忘录");
  g_assert_cmpstr (doc->date, ==, "2024-10-24");
}

static void
test_damaged_utf8 (void)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RlDocument) doc = NULL;

  /* A long UTF-8 document with one stray Latin-1 byte stays UTF-8 (the
   * byte becomes U+FFFD) rather than turning into GB18030 mojibake. */
  for (int i = 0; i < 20; i++)
    g_string_append (s, "不得使用人工智能进行大规模国内监控。\n");
  g_string_append (s, "caf\xE9\n");
  doc = rl_import_bytes ("damaged.txt", s->str, s->len, &error);
  g_assert_no_error (error);
  assert_sane (doc);
  g_assert_cmpstr (doc->encoding, ==, "UTF-8");
  g_assert_true (g_str_has_prefix (doc->text, "不得使用人工智能进行大规模国内监控。\n"));
  g_assert_true (g_str_has_suffix (doc->text, "caf\xEF\xBF\xBD"));
  g_string_free (s, TRUE);
}

static char *
to_gb18030 (const char *utf8,
            gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *data = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, len, &error);

  g_assert_no_error (error);
  return data;
}

static void
test_mixed_utf8_gb18030 (void)
{
  g_autofree char *gb = NULL;
  g_autofree char *mojibake = NULL;
  g_autoptr(GString) s = g_string_new ("中文 UTF-8 部分");
  g_autoptr(GError) error = NULL;
  g_autoptr(RlDocument) doc = NULL;
  gsize len = 0;

  /* Half UTF-8, half GB18030, and GB18030 decodes the whole: imported as
   * GB18030 the first half would be stored as mojibake (涓枃). */
  gb = to_gb18030 ("和 GB18030 部分", &len);
  g_string_append_len (s, gb, len);
  mojibake = g_convert (s->str, s->len, "UTF-8", "GB18030", NULL, NULL, NULL);
  g_assert_nonnull (mojibake);

  doc = rl_import_bytes ("mixed.txt", s->str, s->len, &error);
  g_assert_null (doc);
  g_assert_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_ENCODING);
  g_assert_cmpstr (error->message, ==,
                   "mixed.txt: mixed encodings: part of the file is UTF-8 and part is not "
                   "(GB18030 perhaps); save it as UTF-8 and import it again");
}

static void
test_gb18030_chance_utf8 (void)
{
  /* Lines of a regulation in the law corpus whose GB18030 bytes hold valid
   * three-byte UTF-8 sequences by chance, decoding to ideographs: two in a
   * row in the first line, one in the others.  They are GB18030, not part
   * UTF-8. */
  static const char *const texts[] = {
    "第三条 各级人民政府应当将查禁卖淫、嫖娼活动列入社会治安综合治理目标管理责任制，"
    "组织开展本行政区域内查禁卖淫、嫖娼工作。",
    "第四条 对卖淫、嫖娼的，处七日以上十五日以下拘留、警告、责令具结悔过，"
    "可以并处一千元以上五千元以下罚款。",
    "（五）家庭成员无劳动能力确需本人扶养的。",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RlDocument) doc = NULL;
      gsize len = 0;
      g_autofree char *gb = to_gb18030 (texts[i], &len);

      doc = rl_import_bytes ("gb.txt", gb, len, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (doc->encoding, ==, "GB18030");
      g_assert_cmpstr (doc->text, ==, texts[i]);
    }
}

static void
test_line_ends (void)
{
  g_autoptr(RlDocument) doc = import_str ("ends.txt", "first line\r\nsecond line\rthird line\n\r\nlast");

  g_assert_cmpstr (doc->text, ==, "first line\nsecond line\nthird line\n\nlast");
}

static void
test_refuse_binary (void)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
  char controls[200];

  assert_refused ("image.txt", png, sizeof png - 1, RL_IMPORT_ERROR_BINARY);

  /* No NUL, but control characters throughout. */
  for (guint i = 0; i < sizeof controls; i++)
    controls[i] = (i % 7 == 0) ? (char) (1 + i % 20) : 'a';
  assert_refused ("controls.md", controls, sizeof controls, RL_IMPORT_ERROR_BINARY);

  /* UTF-16 framing around NULs (UTF-32 or binary). */
  assert_refused ("wide.txt", "\xFF\xFE\0\0A\0\0\0B\0\0\0", 12, RL_IMPORT_ERROR_BINARY);
}

static void
test_refuse_binary_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("redline-import-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(RlDocument) doc = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "foo.txt", NULL);
  g_file_set_contents (path, "ELF\0\0\0\x01\x02\x03\x04\x05", 11, &error);
  g_assert_no_error (error);

  doc = rl_import_file (path, &error);
  g_assert_null (doc);
  g_assert_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_BINARY);
  {
    g_autofree char *expected = g_strdup_printf ("%s: looks like a binary file", path);

    g_assert_cmpstr (error->message, ==, expected);
  }

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_refuse_empty (void)
{
  assert_refused ("zero.txt", "", 0, RL_IMPORT_ERROR_EMPTY);
  assert_refused ("blank.md", "  \n\t\r\n  ", 8, RL_IMPORT_ERROR_EMPTY);
  assert_refused ("bom.txt", "\xEF\xBB\xBF\n", 4, RL_IMPORT_ERROR_EMPTY);
  assert_refused ("ideographic.txt", "\xE3\x80\x80\n", 4, RL_IMPORT_ERROR_EMPTY);
  /* Front matter and markup with no text after them. */
  assert_refused ("meta-only.md", "---\ntitle: T\n---\n\n", 18, RL_IMPORT_ERROR_EMPTY);
  assert_refused ("script.html", "<script>x()</script>", 20, RL_IMPORT_ERROR_EMPTY);
}

static void
test_refuse_other (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlDocument) doc = NULL;
  static const char undecodable[] = "plain words \xFF\xFF then more \xFF\xFE\xFF words";

  assert_refused ("report.pdf", "%PDF-1.7", 8, RL_IMPORT_ERROR_UNSUPPORTED);
  assert_refused ("weird.txt", undecodable, sizeof undecodable - 1, RL_IMPORT_ERROR_ENCODING);

  doc = rl_import_file ("/nonexistent/redline/missing.txt", &error);
  g_assert_null (doc);
  g_assert_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_READ);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/redline/missing.txt: "));
}

/* --- Front matter ------------------------------------------------------ */

static void
test_front_matter_english (void)
{
  g_autoptr(RlDocument) doc =
    import_str ("en.md",
                "---\n"
                "Title: Statement on AI\n"
                "date: 2026-02-28\n"
                "source: Example Corp\n"
                "source_url: https://example.com/statement\n"
                "author: Jane Doe\n"
                "tags: [ai, defence]\n"
                "draft: false\n"
                "---\n"
                "\n"
                "# A heading that is not the title\n\nBody.\n");

  g_assert_cmpstr (doc->title, ==, "Statement on AI");
  g_assert_cmpstr (doc->date, ==, "2026-02-28");
  g_assert_cmpstr (doc->source, ==, "Example Corp");
  g_assert_cmpstr (doc->url, ==, "https://example.com/statement");
  g_assert_cmpstr (doc->author, ==, "Jane Doe");
  g_assert_cmpstr (doc->format, ==, "markdown");
  g_assert_cmpstr (doc->text, ==, "# A heading that is not the title\n\nBody.");
  g_assert_nonnull (doc->metadata);
  g_assert_cmpstr (g_hash_table_lookup (doc->metadata, "tags"), ==, "ai, defence");
  g_assert_cmpstr (g_hash_table_lookup (doc->metadata, "draft"), ==, "false");
  g_assert_null (g_hash_table_lookup (doc->metadata, "Title"));
  g_assert_cmpuint (g_hash_table_size (doc->metadata), ==, 2);
}

static void
test_front_matter_chinese (void)
{
  g_autoptr(RlDocument) doc =
    import_str ("zh.txt",
                "---\n"
                "标题: \"OpenAI 与美国国防部合作协议说明\"\n"
                "发布日期: 2026年2月28日\n"
                "来源: \"OpenAI\"\n"
                "原文链接: \"https://openai.com/index/x\"\n"
                "作者: 某人\n"
                "译注: \"原文为英文\"\n"
                "---\n"
                "正文第一段。\n");

  g_assert_cmpstr (doc->title, ==, "OpenAI 与美国国防部合作协议说明");
  g_assert_cmpstr (doc->date, ==, "2026-02-28");
  g_assert_cmpstr (doc->source, ==, "OpenAI");
  g_assert_cmpstr (doc->url, ==, "https://openai.com/index/x");
  g_assert_cmpstr (doc->author, ==, "某人");
  g_assert_cmpstr (doc->format, ==, "text");
  g_assert_cmpstr (doc->text, ==, "正文第一段。");
  g_assert_cmpstr (g_hash_table_lookup (doc->metadata, "译注"), ==, "原文为英文");
}

static void
test_front_matter_quoted (void)
{
  /* As in wh-briefings: a double-quoted title over two lines, with YAML
   * escapes for U+2060 (word joiner) and "\_" (no-break space). */
  g_autoptr(RlDocument) doc =
    import_str ("wh.md",
                "---\n"
                "date: '2021-03-23'\n"
                "title: \"COVID-\\u206019 has exacerbated the crisis\\\n"
                "  \\ facing women. Here\\u2019s how the American Rescue Plan\\_helps.\"\n"
                "---\n"
                "Body \\*text\\* kept as written.\n");

  g_assert_cmpstr (doc->title, ==,
                   "COVID-19 has exacerbated the crisis facing women. Here’s how the American Rescue Plan helps.");
  g_assert_cmpstr (doc->date, ==, "2021-03-23");
  g_assert_cmpstr (doc->text, ==, "Body \\*text\\* kept as written.");
}

static void
test_front_matter_dates (void)
{
  static const struct
  {
    const char *front_matter;
    const char *expected;
  } cases[] = {
    { "date: 2026-02-28T10:00:00Z", "2026-02-28" },
    { "date: \"2026-02-28T10:00:00Z\"", "2026-02-28" },
    { "date: \"March 4, 2026\"", "2026-03-04" },
    { "published: 4 March 2026", "2026-03-04" },
    { "发布日期: 2026/03/04", "2026-03-04" },
    { "date: 2026-02-30", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("---\n%s\n---\nNo date in this body.\n",
                                               cases[i].front_matter);
      g_autoptr(RlDocument) doc = import_str ("d.md", text);

      g_assert_cmpstr (doc->date, ==, cases[i].expected);
    }

  /* An unreadable front-matter date is kept as metadata, and the text's
   * own date is used. */
  {
    g_autoptr(RlDocument) doc = import_str ("d.md", "---\ndate: soon\n---\nIssued 2025-01-02.\n");

    g_assert_cmpstr (doc->date, ==, "2025-01-02");
    g_assert_cmpstr (g_hash_table_lookup (doc->metadata, "date"), ==, "soon");
  }
}

static void
test_front_matter_unclosed (void)
{
  g_autoptr(RlDocument) doc = import_str ("open.md", "---\ntitle: Never closed\n\nThe body goes on.\n");

  /* No front matter: the text is kept whole and the title comes from it. */
  g_assert_cmpstr (doc->text, ==, "---\ntitle: Never closed\n\nThe body goes on.");
  g_assert_cmpstr (doc->title, ==, "title: Never closed");
  g_assert_null (doc->metadata);
}

static void
test_front_matter_not_yaml (void)
{
  static const char *const texts[] = {
    "---\ntitle: [unclosed\n: : :\n---\nBody text after bad YAML.\n",
    "---\n\"unterminated\n---\nBody text after bad YAML.\n",
    "---\nJust a sentence between two rules\n---\nBody text after bad YAML.\n",
    "---\n- a\n- list\n---\nBody text after bad YAML.\n",
    "---\n\tkey: tab-indented\n---\nBody text after bad YAML.\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(RlDocument) doc = import_str ("bad.md", texts[i]);
      g_autofree char *expected = g_strndup (texts[i], strlen (texts[i]) - 1);

      /* Bad front matter is read as text, not refused and not lost. */
      g_assert_cmpstr (doc->text, ==, expected);
      g_assert_null (doc->metadata);
    }

  /* An empty front matter block is front matter with no keys. */
  {
    g_autoptr(RlDocument) doc = import_str ("empty-fm.md", "---\n---\nOnly the body here.\n");

    g_assert_cmpstr (doc->text, ==, "Only the body here.");
  }
}

static void
test_front_matter_alias_bomb (void)
{
  GString *s = g_string_new ("---\ntitle: Bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
  g_autoptr(RlDocument) doc = NULL;

  for (char c = 'b'; c <= 'j'; c++)
    {
      g_string_append_printf (s, "%c: &%c [", c, c);
      for (int k = 0; k < 9; k++)
        g_string_append_printf (s, "%s*%c", k ? "," : "", c - 1);
      g_string_append (s, "]\n");
    }
  g_string_append (s, "---\nBody of the bomb.\n");

  /* Aliases are not expanded: this finishes at once with bounded values. */
  doc = import_str ("bomb.md", s->str);
  g_assert_cmpstr (doc->title, ==, "Bomb");
  g_assert_cmpstr (doc->text, ==, "Body of the bomb.");
  g_assert_nonnull (doc->metadata);
  g_assert_cmpstr (g_hash_table_lookup (doc->metadata, "a"), ==, "lol, lol, lol, lol, lol, lol, lol, lol, lol");
  g_assert_cmpuint (strlen (g_hash_table_lookup (doc->metadata, "j")), <, 64);
  g_string_free (s, TRUE);
}

static void
test_front_matter_deep (void)
{
  GString *s = g_string_new ("---\ntitle: Deep\nx: ");
  g_autoptr(RlDocument) doc = NULL;

  for (int i = 0; i < 100000; i++)
    g_string_append_c (s, '[');
  for (int i = 0; i < 100000; i++)
    g_string_append_c (s, ']');
  g_string_append (s, "\n---\nBody after deep YAML.\n");

  doc = import_str ("deep.md", s->str);
  /* Too deep: read as text, so the body is still there. */
  g_assert_true (g_str_has_suffix (doc->text, "\nBody after deep YAML."));
  g_assert_true (g_str_has_prefix (doc->text, "---\ntitle: Deep\n"));
  g_string_free (s, TRUE);

  /* Deep block nesting as well. */
  {
    GString *b = g_string_new ("---\n");
    g_autoptr(RlDocument) block = NULL;

    for (int i = 0; i < 300; i++)
      {
        for (int k = 0; k < i; k++)
          g_string_append_c (b, ' ');
        g_string_append_printf (b, "k%d:\n", i);
      }
    g_string_append (b, "---\nBody after deep blocks.\n");
    block = import_str ("block.md", b->str);
    g_assert_true (g_str_has_suffix (block->text, "\nBody after deep blocks."));
    g_assert_true (g_str_has_prefix (block->text, "---\nk0:\n"));
    g_string_free (b, TRUE);
  }

  /* Nesting within the limit is flattened. */
  {
    g_autoptr(RlDocument) ok = import_str ("nested.md", "---\nmeta: {a: [1, 2], b: {c: d}}\n---\nBody.\n");

    g_assert_cmpstr (g_hash_table_lookup (ok->metadata, "meta"), ==, "a: 1, 2, b: c: d");
  }
}

/* --- HTML -------------------------------------------------------------- */

static void
test_html_document (void)
{
  g_autoptr(RlDocument) doc =
    import_str ("page.html",
                "<!DOCTYPE html>\n<html><head><meta charset=\"gbk\">\n"
                "<title>Policy &amp; Practice</title>\n"
                "<meta name=\"author\" content=\"Jane Doe\">\n"
                "<meta property=\"article:published_time\" content=\"2025-12-01T08:00:00Z\">\n"
                "<style>p { color: red }</style>\n"
                "<script>var x = '<p>not text</p>';</script>\n"
                "</head><body>\n"
                "<h1>Heading one</h1>\n"
                "<p>First   paragraph\nwith &lt;tags&gt; &eacute;t&eacute; &#x4E2D;&#25991; &nbsp;end.</p>"
                "<p>Second<br>line two</p>\n"
                "<ul><li>item one</li><li>item two</li></ul>\n"
                "<script>alert(1)</script><noscript>enable js</noscript>\n"
                "</body></html>\n");

  g_assert_cmpstr (doc->format, ==, "html");
  g_assert_cmpstr (doc->title, ==, "Policy & Practice");
  g_assert_cmpstr (doc->author, ==, "Jane Doe");
  g_assert_cmpstr (doc->date, ==, "2025-12-01");
  g_assert_cmpstr (doc->text, ==,
                   "Heading one\n\n"
                   "First paragraph with <tags> été 中文 \xC2\xA0" "end.\n\n"
                   "Second\nline two\n\n"
                   "item one\nitem two");
}

static void
test_html_declared_charset (void)
{
  static const char latin1[] =
    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
    "<title>Caf\xE9 policy</title></head><body><p>\x93" "Any lawful use\x94 \x96 na\xEFve</p></body></html>";
  g_autoptr(GError) error = NULL;
  g_autoptr(RlDocument) doc = rl_import_bytes ("latin.html", latin1, sizeof latin1 - 1, &error);

  g_assert_no_error (error);
  assert_sane (doc);
  g_assert_cmpstr (doc->encoding, ==, "WINDOWS-1252");
  g_assert_cmpstr (doc->title, ==, "Café policy");
  g_assert_cmpstr (doc->text, ==, "“Any lawful use” – naïve");
}

static void
test_html_title_fallbacks (void)
{
  g_autoptr(RlDocument) h1 = import_str ("h1.htm", "<body><div><h1>The <em>real</em> title</h1><p>Text.</p></div>");
  g_autoptr(RlDocument) none = import_str ("plain-page.htm", "<p>ok</p>");

  g_assert_cmpstr (h1->title, ==, "The real title");
  g_assert_cmpstr (none->title, ==, "plain-page");
  g_assert_null (none->date);
}

static void
test_html_malformed (void)
{
  static const char *const pages[] = {
    "<p>unclosed <b>bold <i>italic <div>block",
    "</p></div></html>text after closers",
    "<<<>>> &&&; &#0; &#xD800; &#99999999; <p attr=\"unterminated>text",
    "<table><tr><td>a<td>b<tr><td>c</table>",
    "<html><body><p>Text<!-- unclosed comment",
  };
  GString *deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RlDocument) doc = rl_import_bytes ("bad.html", pages[i], strlen (pages[i]), &error);

      if (doc != NULL)
        assert_sane (doc);
      else
        g_assert_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_EMPTY);
    }

  for (int i = 0; i < 50000; i++)
    g_string_append (deep, "<div><span>");
  g_string_append (deep, "deep text");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RlDocument) doc = rl_import_bytes ("deep.html", deep->str, deep->len, &error);

    if (doc != NULL)
      assert_sane (doc);
  }
  g_string_free (deep, TRUE);
}

static void
test_inline_html (void)
{
  /* The shape of seed 003: front matter, then an HTML article in a .txt. */
  g_autoptr(RlDocument) doc =
    import_str ("inline.txt",
                "---\ntitle: \"Inline\"\n---\n"
                "Intro line\n------\n"
                "<div class=\"content\"><p>First &amp; foremost。</p><div class=\"x\"></div><p>\t\t\t<img src=\"a.png\" alt=\"\"></p>"
                "<p>Second <strong>strong</strong> text.</p><script>var s = \"<p>\";</script></div>  \n"
                "<hr>\n<a href=\"https://example.com\",target=\"_blank\" rel=\"noopener\">原文链接</a>\n");

  g_assert_cmpstr (doc->text, ==,
                   "Intro line\n------\n\n"
                   "First & foremost。\n\n"
                   "Second strong text.\n\n"
                   "原文链接");
}

static void
test_inline_html_keeps_text (void)
{
  static const char text[] =
    "# Notes\n"
    "If a < b and c > d then a<b is true; x <y and z> is not a tag.\n"
    "Autolink <https://example.com> and mail <me@example.com> stay.\n"
    "AT&T and &unknown; and & alone stay; &amp; becomes &.\n"
    "Inline `code with <b>tag</b>` stays, ``double `code` <i>x</i>`` too.\n"
    "C\xC3\xB4te d`Ivoire <b>is</b> not code.\n"
    "```\n<div>fenced</div> &amp;\n```\n"
    "After<br>break and <!-- a comment --> gone.\n"
    "Multi-line <a\nhref=\"https://example.com/x\">link\ntext</a> done.\n";
  g_autoptr(RlDocument) doc = import_str ("notes.md", text);

  g_assert_cmpstr (doc->text, ==,
                   "# Notes\n"
                   "If a < b and c > d then a<b is true; x <y and z> is not a tag.\n"
                   "Autolink <https://example.com> and mail <me@example.com> stay.\n"
                   "AT&T and &unknown; and & alone stay; & becomes &.\n"
                   "Inline `code with <b>tag</b>` stays, ``double `code` <i>x</i>`` too.\n"
                   "C\xC3\xB4te d`Ivoire is not code.\n"
                   "```\n<div>fenced</div> &amp;\n```\n"
                   "After\nbreak and  gone.\n"
                   "Multi-line link\ntext done.");
  g_assert_cmpstr (doc->title, ==, "Notes");
}

static void
test_inline_comment_line (void)
{
  /* The lawrefbook layout: a title, a date line, a marker comment. */
  g_autoptr(RlDocument) doc =
    import_str ("law.md",
                "# 中华人民共和国刑法修正案（七）\n\n"
                "2009年2月28日 第十一届全国人民代表大会常务委员会第七次会议通过\n\n"
                "<!-- INFO END -->\n\n"
                "一、将刑法第一百五十一条第三款修改为：\n");

  g_assert_cmpstr (doc->title, ==, "中华人民共和国刑法修正案（七）");
  g_assert_cmpstr (doc->date, ==, "2009-02-28");
  g_assert_cmpstr (doc->text, ==,
                   "# 中华人民共和国刑法修正案（七）\n\n"
                   "2009年2月28日 第十一届全国人民代表大会常务委员会第七次会议通过\n\n"
                   "一、将刑法第一百五十一条第三款修改为：");
}

static void
test_inline_html_table (void)
{
  g_autoptr(RlDocument) doc =
    import_str ("table.md",
                "Before the table.\n\n<table>\n<tr>\n<th><strong>Item</strong></th>\n<th>Cost</th>\n</tr>\n"
                "<tr>\n<td>TCJA Extension</td>\n<td>$3,760</td>\n</tr>\n</table>\n\nAfter the table.\n");

  g_assert_cmpstr (doc->text, ==,
                   "Before the table.\n\nItem Cost\nTCJA Extension $3,760\n\nAfter the table.");
}

/* --- Titles ------------------------------------------------------------ */

static void
test_title_heading (void)
{
  g_autoptr(RlDocument) atx = import_str ("a.md", "Short\n\n## **Bold** \\*starred\\* _heading_ with snake_case ##\n\n# Later\n");
  g_autoptr(RlDocument) link = import_str ("b.txt", "# [Linked title](https://example.com) and ![img](x.png)\n");
  g_autoptr(RlDocument) setext = import_str ("c.md", "Setext Title Here\n=================\n\nText.\n");
  g_autoptr(RlDocument) fenced = import_str ("d.md", "```\n# not a heading\n```\n\n# Real heading\n");
  g_autoptr(RlDocument) h1 = import_str ("e.md", "<h1>HTML <em>heading</em></h1>\n\nshort\n");

  g_assert_cmpstr (atx->title, ==, "Bold *starred* heading with snake_case");
  g_assert_cmpstr (link->title, ==, "Linked title and img");
  g_assert_cmpstr (setext->title, ==, "Setext Title Here");
  g_assert_cmpstr (fenced->title, ==, "Real heading");
  g_assert_cmpstr (h1->title, ==, "HTML heading");
}

static void
test_title_line (void)
{
  /* Like seed 001: a short site name, a navigation list, then the title. */
  g_autoptr(RlDocument) nav =
    import_str ("nav.txt",
                "前途科技前途科技\n"
                "  • 洞察\n  • 服务\n  • AI 资讯与深度研究报告合集\n    • 快讯\n      • AI 前沿技术的一些长条目\n"
                "联系我们\n\n"
                "Home | News | About us | Contact\n"
                "- a bullet item that is long enough\n"
                "![cover image alt text](x.png)\n"
                "OpenAI 洽谈北约机密网络部署 AI,国防布局加速\n\n"
                "正文。\n");
  g_autoptr(RlDocument) numbered =
    import_str ("n.txt", "1. first numbered item long\n2) second numbered item long\nThe actual first sentence.\n");

  g_assert_cmpstr (nav->title, ==, "OpenAI 洽谈北约机密网络部署 AI,国防布局加速");

  /* A heading far down a scraped page ("Related articles") is not the
   * title; the first real line is. */
  {
    GString *s = g_string_new ("Scraped page title line\n\n");
    g_autoptr(RlDocument) doc = NULL;

    for (int i = 0; i < 300; i++)
      g_string_append (s, "Paragraph text.\n");
    g_string_append (s, "## Related articles\n");
    doc = import_str ("scraped.md", s->str);
    g_assert_cmpstr (doc->title, ==, "Scraped page title line");
    g_string_free (s, TRUE);
  }
  g_assert_cmpstr (numbered->title, ==, "The actual first sentence.");

  /* Date lines and bare links are not titles either. */
  {
    g_autoptr(RlDocument) doc =
      import_str ("dated.txt",
                  "2026年3月4日 星期三\nMarch 4, 2026\nhttps://example.com/news/12345\n"
                  "2025年国防授权法案要点\n正文。\n");

    g_assert_cmpstr (doc->title, ==, "2025年国防授权法案要点");
    g_assert_cmpstr (doc->date, ==, "2026-03-04");
  }
}

static void
test_title_file_name (void)
{
  g_autoptr(RlDocument) doc = import_str ("dir/report-2026.v2.txt", "short\n- list item that is long\nok\n");
  g_autoptr(RlDocument) zh = import_str ("简报.md", "很短的文字\n");

  g_assert_cmpstr (doc->title, ==, "report-2026.v2");
  g_assert_cmpstr (doc->file_name, ==, "report-2026.v2.txt");
  g_assert_cmpstr (zh->title, ==, "简报");
}

static void
test_title_long_line (void)
{
  GString *s = g_string_new (NULL);
  g_autoptr(RlDocument) doc = NULL;

  for (int i = 0; i < 500; i++)
    g_string_append (s, "长");
  doc = import_str ("long.txt", s->str);
  /* A title is a title, not a paragraph: capped, with an ellipsis. */
  g_assert_cmpuint (g_utf8_strlen (doc->title, -1), <=, 300);
  g_assert_true (g_str_has_suffix (doc->title, "…"));
  g_string_free (s, TRUE);
}

/* --- Dates ------------------------------------------------------------- */

static void
test_date_text (void)
{
  static const struct
  {
    const char *text;
    const char *expected;
  } cases[] = {
    { "政策2026年3月4日· 原作者", "2026-03-04" },
    { "发布于 2026 年 3 月 4 日", "2026-03-04" },
    { "Released March 4, 2026 by the office", "2026-03-04" },
    { "Released Mar. 4, 2026", "2026-03-04" },
    { "On 4 March 2026 the office said", "2026-03-04" },
    { "Posted 2026-03-04T12:00", "2026-03-04" },
    { "Posted 2026/3/4", "2026-03-04" },
    { "Version 12026-03-04 is not a date, but 2025-12-31 is", "2025-12-31" },
    { "Invalid 2026-13-45 then 2026年2月29日 then 2024年2月29日", "2024-02-29" },
    { "No date here at all, only 2026 and March.", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("A title line long enough\n%s\n", cases[i].text);
      g_autoptr(RlDocument) doc = import_str ("date.txt", text);

      g_assert_cmpstr (doc->date, ==, cases[i].expected);
    }
}

static void
test_date_opening_cut (void)
{
  GString *s = g_string_new ("x");
  g_autoptr(RlDocument) doc = NULL;

  /* One long line of three-byte characters: the opening region ends
   * inside the line and must end on a character boundary. */
  for (int i = 0; i < 5000; i++)
    g_string_append (s, "中");
  g_string_append (s, " 2026年3月4日");
  doc = import_str ("cut.txt", s->str);
  g_assert_null (doc->date);
  g_string_free (s, TRUE);
}

static void
test_date_opening_only (void)
{
  GString *s = g_string_new ("Title line long enough\n");
  g_autoptr(RlDocument) doc = NULL;

  /* A date deep in the body is not the document's date. */
  for (int i = 0; i < 200; i++)
    g_string_append (s, "A paragraph of ordinary text without dates.\n");
  g_string_append (s, "Signed 2026-03-04.\n");
  doc = import_str ("late.txt", s->str);
  g_assert_null (doc->date);
  g_string_free (s, TRUE);
}

/* --- Identity and files ------------------------------------------------ */

static void
test_hash_and_counts (void)
{
  static const char data[] = "\xEF\xBB\xBF" "中文 text\r\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, sizeof data - 1);
  g_autoptr(RlDocument) doc = rl_import_bytes ("/some/where/x.txt", data, sizeof data - 1, &error);

  g_assert_no_error (error);
  assert_sane (doc);
  g_assert_cmpstr (doc->hash, ==, expected);
  g_assert_cmpstr (doc->text, ==, "中文 text");
  g_assert_cmpuint (doc->text_len, ==, 11);
  g_assert_cmpuint (doc->n_chars, ==, 7);
  g_assert_cmpstr (doc->file_name, ==, "x.txt");
  g_assert_null (doc->path);
}

static void
test_import_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("redline-import-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(RlDocument) doc = NULL;
  g_autoptr(RlDocument) relative = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "Note.MD", NULL);
  g_file_set_contents (path, "# Note title\n\nSome text.\n", -1, &error);
  g_assert_no_error (error);

  doc = rl_import_file (path, &error);
  g_assert_no_error (error);
  assert_sane (doc);
  g_assert_cmpstr (doc->path, ==, path);
  g_assert_cmpstr (doc->file_name, ==, "Note.MD");
  g_assert_cmpstr (doc->format, ==, "markdown");
  g_assert_cmpstr (doc->title, ==, "Note title");

  /* A relative path is stored absolute. */
  g_assert_cmpint (g_chdir (dir), ==, 0);
  relative = rl_import_file ("./Note.MD", &error);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpstr (relative->path, ==, path);

  /* A folder is not a file. */
  {
    g_autofree char *sub = g_build_filename (dir, "folder.txt", NULL);
    g_autoptr(RlDocument) none = NULL;

    g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
    none = rl_import_file (sub, &error);
    g_assert_null (none);
    g_assert_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_READ);
    /* Named by its path, as given: a folder import may hold several
     * files of one name. */
    g_assert_true (g_str_has_prefix (error->message, sub));
    g_assert_true (g_str_has_prefix (error->message + strlen (sub), ": "));
    g_clear_error (&error);
    g_rmdir (sub);
  }

  g_unlink (path);
  g_rmdir (dir);
}

/* --- Hostile input ----------------------------------------------------- */

static void
test_huge_line (void)
{
  gsize len = 8 * 1024 * 1024;
  char *data = g_malloc (len);
  static const char pattern[] = "word <b & `x <p <!-- &amp ";
  g_autoptr(GError) error = NULL;
  g_autoptr(RlDocument) doc = NULL;

  for (gsize i = 0; i < len; i++)
    data[i] = pattern[i % (sizeof pattern - 1)];

  /* One 8 MB line full of almost-tags, almost-entities, unmatched
   * backticks and unclosed comments: imported in linear time. */
  doc = rl_import_bytes ("huge.md", data, len, &error);
  g_assert_no_error (error);
  assert_sane (doc);
  g_assert_cmpuint (doc->text_len, >, len / 2);
  g_free (data);
}

static void
test_random_bytes (void)
{
  static const char *const names[] = { "r.txt", "r.md", "r.html" };
  GRand *rand = g_rand_new_with_seed (20260304);
  static const char *const pieces[] = {
    "---\n", "title: x\n", "<p>", "</p>", "<script>", "&amp;", "&#", "\r\n", "\xFF\xFE",
    "\xEF\xBB\xBF", "中文", "2026年3月4日", "# ", "`", "```\n", "<!--", "-->", "*", "\\u2060",
    "\x80", "\xC3", "<a href=\"", "\"", ">", "[", "]", "&a", "\n", " ",
  };

  for (int round = 0; round < 3000; round++)
    {
      GString *s = g_string_new (NULL);
      int n = g_rand_int_range (rand, 0, 40);
      g_autoptr(GError) error = NULL;
      g_autoptr(RlDocument) doc = NULL;

      for (int i = 0; i < n; i++)
        {
          if (g_rand_boolean (rand))
            g_string_append (s, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
          else
            g_string_append_c (s, (char) g_rand_int_range (rand, 1, 256));
        }

      doc = rl_import_bytes (names[round % 3], s->str, s->len, &error);
      if (doc != NULL)
        assert_sane (doc);
      else
        g_assert_true (error != NULL && error->domain == RL_IMPORT_ERROR);
      g_string_free (s, TRUE);
    }

  g_rand_free (rand);
}

/* --- Committed fixtures (tests/unit/data/import) ----------------------- */

static void
test_fixtures (void)
{
  static const struct
  {
    const char *file;
    const char *encoding;
    const char *format;
    const char *title;
    const char *date;
    const char *source;
    const char *text;
  } fixtures[] = {
    { "utf16le-bom.txt", "UTF-16LE", "text", "人工智能国家安全备忘录", "2024-10-24", "安全内参",
      "# 正文标题\n\n不得使用人工智能进行大规模国内监控。" },
    { "gb18030.txt", "GB18030", "text", "人工智能国家安全备忘录", "2024-10-24", "安全内参",
      "# 正文标题\n\n不得使用人工智能进行大规模国内监控。" },
    { "utf16be-bom.md", "UTF-16BE", "markdown", "Statement on AI and the Department of War", "2026-03-04", NULL,
      "Statement on AI and the Department of War\nMarch 4, 2026\n\n"
      "We will not allow our models to be used for mass domestic surveillance." },
    { "utf8-bom-crlf.md", "UTF-8", "markdown", "Statement on AI and the Department of War", "2026-03-04", NULL,
      "Statement on AI and the Department of War\nMarch 4, 2026\n\n"
      "We will not allow our models to be used for mass domestic surveillance." },
    { "page.htm", "UTF-8", "html", "Guardrails & the safety stack", "2026-02-28", NULL,
      "Guardrails\n\n"
      "The contract keeps the safety stack under the vendor’s control.\n\n"
      "No “guardrails off” models." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_build_filename (TEST_DATA_DIR, "import", fixtures[i].file, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(RlDocument) doc = rl_import_file (path, &error);

      g_test_message ("%s", fixtures[i].file);
      g_assert_no_error (error);
      assert_sane (doc);
      g_assert_cmpstr (doc->encoding, ==, fixtures[i].encoding);
      g_assert_cmpstr (doc->format, ==, fixtures[i].format);
      g_assert_cmpstr (doc->title, ==, fixtures[i].title);
      g_assert_cmpstr (doc->date, ==, fixtures[i].date);
      g_assert_cmpstr (doc->source, ==, fixtures[i].source);
      g_assert_cmpstr (doc->text, ==, fixtures[i].text);
    }

  {
    g_autofree char *path = g_build_filename (TEST_DATA_DIR, "import", "binary.txt", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(RlDocument) doc = rl_import_file (path, &error);

    g_assert_null (doc);
    g_assert_error (error, RL_IMPORT_ERROR, RL_IMPORT_ERROR_BINARY);
    g_assert_true (g_str_has_suffix (error->message, "/binary.txt: looks like a binary file"));
  }
}

/* --- The seeds --------------------------------------------------------- */

static void
test_seeds (void)
{
  static const struct
  {
    const char *file;
    const char *title;
    const char *date;
    const char *source;
  } seeds[] = {
    { "000_30e1f67600504d35.txt", "OpenAI 与美国国防部合作协议说明", "2026-02-28", "OpenAI" },
    { "001_35cfa4bfd97e3b9d.txt", "OpenAI 洽谈北约机密网络部署 AI,国防布局加速", "2026-03-04", NULL },
    { "002_96ab56dd2c9f8e9f.txt", "Dario Amodei 关于我们与战争部讨论的声明", "2026-02-26", "Anthropic" },
    { "003_30b4c13bb8dcece9.txt", "Anthropic公开叫板五角大楼 陷入“双输”困局？", "2026-02-28", NULL },
    { "004_187dd3f74430c8b6.txt", "美国政府发布首份关于人工智能的国家安全备忘录", "2024-10-26", "安全内参" },
  };
  const char *dir = g_getenv ("REDLINE_SEEDS");

  if (dir == NULL)
    {
      g_test_skip ("REDLINE_SEEDS is not set");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      g_autofree char *path = g_build_filename (dir, seeds[i].file, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(RlDocument) doc = rl_import_file (path, &error);

      g_test_message ("%s", seeds[i].file);
      g_assert_no_error (error);
      assert_sane (doc);
      g_assert_cmpstr (doc->file_name, ==, seeds[i].file);
      g_assert_cmpstr (doc->title, ==, seeds[i].title);
      g_assert_cmpstr (doc->date, ==, seeds[i].date);
      g_assert_cmpstr (doc->source, ==, seeds[i].source);
      g_assert_cmpstr (doc->encoding, ==, "UTF-8");
      g_assert_cmpstr (doc->format, ==, "text");
      /* What the reader shows: no front matter, no tags. */
      g_assert_false (g_str_has_prefix (doc->text, "---"));
      g_assert_null (strstr (doc->text, "<p>"));
      g_assert_null (strstr (doc->text, "</div>"));
      g_assert_null (strstr (doc->text, "<img"));
      g_assert_cmpuint (doc->n_chars, >, 1000);
    }

  /* Seed 003 is an HTML article inside a text file; seed 000 keeps its
   * Markdown as written. */
  {
    g_autofree char *path = g_build_filename (dir, seeds[3].file, NULL);
    g_autoptr(RlDocument) doc = rl_import_file (path, NULL);

    g_assert_nonnull (strstr (doc->text, "\n\n2025年7月，Anthropic与美国国防部签署了"));
    g_assert_true (g_str_has_suffix (doc->text, "\n\n原文链接"));
    g_assert_cmpstr (g_hash_table_lookup (doc->metadata, "tags"), ==, "fetched, cnbeta");
  }
  {
    g_autofree char *path = g_build_filename (dir, seeds[0].file, NULL);
    g_autoptr(RlDocument) doc = rl_import_file (path, NULL);

    g_assert_true (g_str_has_prefix (doc->text, "## 摘要\n\n**1) 一句话总结**\n"));
    g_assert_cmpstr (doc->url, ==, "https://openai.com/index/our-agreement-with-the-department-of-war");
    g_assert_cmpstr (doc->author, ==, "OpenAI");
    g_assert_nonnull (g_hash_table_lookup (doc->metadata, "译注"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/import/supported", test_supported);
  g_test_add_func ("/import/encoding/utf8-bom", test_utf8_bom);
  g_test_add_data_func ("/import/encoding/utf16le", GINT_TO_POINTER (FALSE), test_utf16);
  g_test_add_data_func ("/import/encoding/utf16be", GINT_TO_POINTER (TRUE), test_utf16);
  g_test_add_func ("/import/encoding/utf16-truncated", test_utf16_truncated);
  g_test_add_func ("/import/encoding/gb18030", test_gb18030);
  g_test_add_func ("/import/encoding/gb18030-chance-utf8", test_gb18030_chance_utf8);
  g_test_add_func ("/import/encoding/mixed-utf8-gb18030", test_mixed_utf8_gb18030);
  g_test_add_func ("/import/encoding/damaged-utf8", test_damaged_utf8);
  g_test_add_func ("/import/encoding/line-ends", test_line_ends);
  g_test_add_func ("/import/refuse/binary", test_refuse_binary);
  g_test_add_func ("/import/refuse/binary-file", test_refuse_binary_file);
  g_test_add_func ("/import/refuse/empty", test_refuse_empty);
  g_test_add_func ("/import/refuse/other", test_refuse_other);
  g_test_add_func ("/import/front-matter/english", test_front_matter_english);
  g_test_add_func ("/import/front-matter/chinese", test_front_matter_chinese);
  g_test_add_func ("/import/front-matter/quoted", test_front_matter_quoted);
  g_test_add_func ("/import/front-matter/dates", test_front_matter_dates);
  g_test_add_func ("/import/front-matter/unclosed", test_front_matter_unclosed);
  g_test_add_func ("/import/front-matter/not-yaml", test_front_matter_not_yaml);
  g_test_add_func ("/import/front-matter/alias-bomb", test_front_matter_alias_bomb);
  g_test_add_func ("/import/front-matter/deep", test_front_matter_deep);
  g_test_add_func ("/import/html/document", test_html_document);
  g_test_add_func ("/import/html/declared-charset", test_html_declared_charset);
  g_test_add_func ("/import/html/title-fallbacks", test_html_title_fallbacks);
  g_test_add_func ("/import/html/malformed", test_html_malformed);
  g_test_add_func ("/import/html/inline", test_inline_html);
  g_test_add_func ("/import/html/inline-keeps-text", test_inline_html_keeps_text);
  g_test_add_func ("/import/html/inline-table", test_inline_html_table);
  g_test_add_func ("/import/html/inline-comment-line", test_inline_comment_line);
  g_test_add_func ("/import/title/heading", test_title_heading);
  g_test_add_func ("/import/title/line", test_title_line);
  g_test_add_func ("/import/title/file-name", test_title_file_name);
  g_test_add_func ("/import/title/long-line", test_title_long_line);
  g_test_add_func ("/import/date/text", test_date_text);
  g_test_add_func ("/import/date/opening-only", test_date_opening_only);
  g_test_add_func ("/import/date/opening-cut", test_date_opening_cut);
  g_test_add_func ("/import/hash-and-counts", test_hash_and_counts);
  g_test_add_func ("/import/file", test_import_file);
  g_test_add_func ("/import/hostile/huge-line", test_huge_line);
  g_test_add_func ("/import/hostile/random-bytes", test_random_bytes);
  g_test_add_func ("/import/fixtures", test_fixtures);
  g_test_add_func ("/import/seeds", test_seeds);

  return g_test_run ();
}
