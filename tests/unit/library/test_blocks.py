"""Block structure: each line of an article's text has a role, located from the source's
hints (trafilatura's XML, Markdown, reflow) or judged from the line itself."""

from __future__ import annotations

import pytest
from lxml import etree

from reader.library import blocks, extract, sources
from reader.library.article import Block
from reader.library.page_lines import page_lines
from tests.unit._documents import NEWS, as_html, as_markdown, as_text


def _kinds(article) -> list[tuple[str, str]]:
    return [(b.kind, article.text[b.start:b.end]) for b in article.blocks]


def _well_formed(article) -> None:
    previous_end = 0
    for block in article.blocks:
        assert previous_end <= block.start < block.end <= len(article.text)
        assert article.text[block.start:block.end].strip() == article.text[block.start:block.end]
        assert block.kind in blocks.KINDS
        previous_end = block.end
    covered = "".join(article.text[b.start:b.end] for b in article.blocks)
    assert "".join(covered.split()) == "".join(article.text.split())


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("- milk and bread", "item"), ("3. Third point", "item"), ("b) second", "item"),
        ("• bullet", "item"), ("> quoted words", "quote"), ("* * *", "separator"),
        ("| a | b |", "table"), ("By Jane Doe", "byline"),
        ("The mayor at the opening on Monday. Photo: J. Miller", "caption"),
        ("from django.contrib.staticfiles.testing import StaticLiveServerTestCase", "code"),
        ("if (x > 0) {", "code"), ("Schredder statt Ofen", "heading"),
        ("What happens next", "heading"),
        ("The council voted on Tuesday to double the budget of the library.", "paragraph"),
        ("and it goes on in lower case without an end", "paragraph"),
    ],
)
def test_lines_are_judged_by_their_look(line, kind):
    assert blocks.judge(line) == kind


def test_hints_decide_and_unhinted_lines_are_judged():
    text = "Budget\nOne short line\nThe council voted on Tuesday.\n- item"
    hints = [("heading", "Budget"), ("paragraph", "One short line")]
    kinds = [b.kind for b in blocks.locate(text, hints)]
    assert kinds == ["heading", "paragraph", "paragraph", "item"]


def test_runs_of_short_unended_lines_are_verse():
    text = "Title here\n\nI miss you\nI miss you so\nStill here\nRepeat Chorus\n\nThe end came soon."
    kinds = [(b.kind, text[b.start:b.end]) for b in blocks.locate(text)]
    assert kinds == [("heading", "Title here"),
                     ("verse", "I miss you\nI miss you so\nStill here\nRepeat Chorus"),
                     ("paragraph", "The end came soon.")]


def test_code_runs_merge_into_one_block():
    text = "Intro line that says something.\n```\nx = 1\ny = 2\n```\nAfter."
    found = blocks.locate(text)
    assert [(b.kind, text[b.start:b.end]) for b in found][1] == ("code", "```\nx = 1\ny = 2\n```")


def test_block_at_finds_the_block_holding_an_offset():
    found = (Block(0, 5, "heading"), Block(6, 20, "paragraph"))
    assert blocks.block_at(found, 7).kind == "paragraph"
    assert blocks.block_at(found, 5) is None
    assert blocks.block_at(found, 0).kind == "heading"


PAGE = b"""<html><body><article><h1>Title here</h1><p>First para with
a newline inside it and <b>bold</b> text.<br>After break.</p>
<h2>Sub heading</h2><ul><li>item one<ul><li>nested</li></ul></li><li>item two</li></ul>
<blockquote><p>Quoted para one.</p></blockquote>
<p><strong>Bold heading para</strong></p>
<pre><code>from x import y
print(y)</code></pre>
<p>Last para of the article is long enough to be kept by the extractor.</p></article></body></html>"""


def test_page_lines_read_trafilatura_xml():
    import trafilatura

    doc = trafilatura.bare_extraction(PAGE, include_formatting=True, favor_recall=True)
    assert page_lines(doc.body) == [
        ("heading", "Title here"),
        ("paragraph", "First para with a newline inside it and bold text."),
        ("paragraph", "After break."),
        ("heading", "Sub heading"),
        ("item", "- item one"), ("item", "- nested"), ("item", "- item two"),
        ("quote", "Quoted para one."),
        ("heading", "Bold heading para"),
        ("code", "from x import y"), ("code", "print(y)"),
        ("paragraph", "Last para of the article is long enough to be kept by the extractor."),
    ]


def test_page_lines_of_a_hand_built_tree():
    body = etree.fromstring(
        "<body><div><p>One <hi>two</hi>\n three</p><table><row><cell>a</cell><cell>b</cell>"
        "</row></table></div>tail text</body>")
    assert page_lines(body) == [("paragraph", "One two three"), ("table", "| a | b |"),
                                ("paragraph", "tail text")]


def test_a_page_keeps_its_structure(tmp_path):
    path = tmp_path / "news.html"
    path.write_text(as_html(NEWS), encoding="utf-8")
    article = sources.load(path)
    _well_formed(article)
    kinds = _kinds(article)
    assert ("heading", "Opposition on the council") in kinds
    assert kinds[1][0] == "paragraph" and kinds[1][1].startswith("The city council")
    assert "\n" not in kinds[1][1]  # the paragraph's source lines are one line
    assert any(kind == "quote" for kind, _ in kinds)


@pytest.mark.parametrize("form", ["txt", "md"])
def test_plain_text_and_markdown_keep_their_structure(tmp_path, form):
    path = tmp_path / f"news.{form}"
    path.write_text(as_text(NEWS, 60) if form == "txt" else as_markdown(NEWS), encoding="utf-8")
    article = sources.load(path)
    _well_formed(article)
    kinds = _kinds(article)
    assert kinds[0] == ("heading", "Springfield doubles its library budget")
    assert ("heading", "What happens next") in kinds
    paragraphs = [text for kind, text in kinds if kind == "paragraph"]
    assert paragraphs == [text for kind, text in NEWS if kind == "paragraph"]
    assert article.byline == "By Jane Doe"


def test_markdown_hints_name_every_line():
    md = extract.markdown("# Title\n\nSome text\nwrapped.\n\n- a\n- b\n\n```\ncode\n```\n")
    assert md.text == "Title\n\nSome text wrapped.\n\n- a\n- b\n\n```\ncode\n```\n"
    assert md.hints == (("heading", "Title"), ("text", "Some text wrapped."), ("item", "- a"),
                        ("item", "- b"), ("code", "```"), ("code", "code"), ("code", "```"))


def test_blocks_come_with_every_load(corpus_dir):
    first = sources.load(corpus_dir / "heise.de.lithium.html")
    again = sources.load(corpus_dir / "heise.de.lithium.html")
    assert first.blocks == again.blocks
    _well_formed(first)
    assert ("heading", "Schredder statt Ofen") in _kinds(first)


def test_text_without_hints_gets_blocks_too():
    article = sources.article_from_text("Budget\n\n- one\n- two\n\nThe council agreed on it.",
                                        language="en")
    assert [b.kind for b in article.blocks] == ["heading", "item", "item", "paragraph"]
