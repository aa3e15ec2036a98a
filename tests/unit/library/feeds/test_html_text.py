"""Entry HTML -> lines with their roles: blocks kept apart, scripts and markup gone,
text left as text."""

from reader.library.feeds.html_text import to_lines, to_text


def test_blocks_become_lines_with_their_kinds_and_inline_runs_join():
    html = ("<p>Hello <b>bold</b>\n   world</p><p>Second<br>line &amp; more</p>"
            "<ul><li>one</li><li>two<br>more</li></ul><h2>Heading</h2>tail"
            "<blockquote><p>quoted</p></blockquote><table><tr><td>a</td><td>b</td></tr></table>"
            "<figure><img src=x><figcaption>A caption</figcaption></figure>")
    assert to_lines(html) == [
        ("paragraph", "Hello bold world"), ("paragraph", "Second"),
        ("paragraph", "line & more"), ("item", "- one"), ("item", "- two"), ("item", "more"),
        ("heading", "Heading"), ("paragraph", "tail"), ("quote", "quoted"),
        ("table", "a | b"), ("caption", "A caption"),
    ]


def test_a_paragraph_inside_an_item_is_the_item():
    assert to_lines("<ol><li><p>first</p>after</li><li>next</li></ol>") == [
        ("item", "- first"), ("item", "after"), ("item", "- next")]


def test_scripts_styles_and_comments_are_not_text():
    html = "<p>kept</p><script>alert(1)</script><style>p{}</style><!-- hidden --> after"
    assert to_lines(html) == [("paragraph", "kept"), ("paragraph", "after")]


def test_preformatted_lines_stay_lines():
    assert to_lines("<pre>line one\nline two</pre>") == [("code", "line one"),
                                                          ("code", "line two")]


def test_plain_text_broken_markup_and_titles():
    assert to_lines("no tags at all, 3 < 4") == [("paragraph", "no tags at all, 3 < 4")]
    assert to_lines("<p>unclosed <b>bold") == [("paragraph", "unclosed bold")]
    assert to_lines("") == []
    assert to_text("[bold]markup[/bold] stays") == "[bold]markup[/bold] stays"
    assert to_text("Le &lt;em&gt;port&lt;/em&gt;") == "Le <em>port</em>"
    assert to_text("Le <em>port</em> se modernise") == "Le port se modernise"
