"""Entry HTML -> text: paragraphs kept apart, scripts and markup gone, text left as text."""

from reader.library.feeds.html_text import to_text


def test_blocks_become_paragraphs_and_inline_runs_join():
    html = ("<p>Hello <b>bold</b>\n   world</p><p>Second<br>line &amp; more</p>"
            "<ul><li>one</li><li>two</li></ul><h2>Heading</h2>tail")
    assert to_text(html) == "Hello bold world\n\nSecond\nline & more\n\none\n\ntwo\n\nHeading\n\ntail"


def test_scripts_styles_and_comments_are_not_text():
    html = "<p>kept</p><script>alert(1)</script><style>p{}</style><!-- hidden --> after"
    assert to_text(html) == "kept\n\nafter"


def test_preformatted_lines_stay_lines():
    assert to_text("<pre>line one\nline two</pre>") == "line one\nline two"


def test_plain_text_and_broken_markup():
    assert to_text("no tags at all, 3 < 4") == "no tags at all, 3 < 4"
    assert to_text("<p>unclosed <b>bold") == "unclosed bold"
    assert to_text("") == ""
    assert to_text("[bold]markup[/bold] stays") == "[bold]markup[/bold] stays"
