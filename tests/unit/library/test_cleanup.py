"""Cleanup of scraped text: controls, artifacts, byline, title, and the seed article."""

from __future__ import annotations

import hashlib

import pytest

from reader.library import cleanup
from reader.library.sources import article_from_text, load

SEED_BYLINE = "Thuy Lam (AFP, Kyiv Independent, Reuters)"
CAPTION = (
    "Ukrainian President Volodymyr Zelensky at a press conference with the President "
    "of the European Council in Uzhhorod on 5/9. Photo: AFP"
)


@pytest.fixture(scope="module")
def seed_article():
    from tests.conftest import SEEDS

    return load(sorted(SEEDS.glob("*.txt"))[0])


def test_seed_loses_image_markers_and_pipes(seed_article):
    text = seed_article.text
    assert "![]()" not in text
    assert " |" not in text
    assert not any(line.strip() == "|" for line in text.split("\n"))


def test_seed_caption_kept_once(seed_article):
    assert seed_article.text.count(CAPTION) == 1
    assert CAPTION + "\n" in seed_article.text


def test_seed_byline_moved_out_of_text(seed_article):
    assert seed_article.byline == SEED_BYLINE
    assert SEED_BYLINE not in seed_article.text
    assert "Thuy Lam" not in seed_article.text
    assert seed_article.text.endswith("battlefield activity.")


def test_seed_title_language_and_id(seed_article):
    assert seed_article.title.startswith("President Volodymyr Zelensky")
    assert seed_article.title.endswith("…")
    assert len(seed_article.title) <= 90
    assert seed_article.language == "en"
    digest = hashlib.sha256(seed_article.text.encode("utf-8")).hexdigest()[:16]
    assert seed_article.id == digest


def test_seed_paragraphs_keep_their_line_breaks(seed_article):
    lines = seed_article.text.split("\n")
    assert len(lines) == 8
    assert "" not in lines


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred", "\u241b[31mred"),
        ("a\x00b", "a\u2400b"),
        ("bell\x07", "bell\u2407"),
        ("del\x7f", "del\u2421"),
        ("c1\x85\x9b", "c1\ufffd\ufffd"),
        ("tab\tok", "tab\tok"),
        ("form\x0cfeed", "form\u240cfeed"),
        ("lone\ud800surrogate", "lone\ufffdsurrogate"),
        ("report\u202etxt.exe", "report\ufffdtxt.exe"),
        ("\u2067isolate\u2069", "\ufffdisolate\ufffd"),
        ("arabic \u200f mark", "arabic \u200f mark"),
    ],
)
def test_controls_get_visible_stand_ins(raw, shown):
    assert cleanup.replace_controls(raw) == shown


def test_no_control_survives_in_article_text():
    raw = "Title\n" + "".join(chr(c) for c in range(0x20)) + "x" + "".join(
        chr(c) for c in range(0x7F, 0xA0)
    )
    text = article_from_text(raw, language="en").text
    bad = [c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]
    assert bad == []
    assert "\u241b" in text and "\u2421" in text and "\ufffd" in text


def test_markup_is_kept_literally():
    raw = "Heading here\n[bold red]x[/] and [@click=app.quit]quit[/] and [link=http://x]y[/link]."
    article = article_from_text(raw, language="en")
    assert "[bold red]x[/]" in article.text
    assert "[@click=app.quit]quit[/]" in article.text
    assert "[link=http://x]y[/link]" in article.text


def test_line_endings_and_blank_runs_are_normalised():
    text = cleanup.normalise("one\r\ntwo\rthree\n\n\n\n\nfour  \n\n")
    assert text == "one\ntwo\nthree\n\nfour"


def test_table_rows_keep_their_pipes():
    text = cleanup.remove_scraped_artifacts("| a | b |\nCaption here. Photo: Reuters |")
    assert text == "| a | b |\nCaption here. Photo: Reuters"


def test_short_repeated_lines_are_kept():
    lyrics = "I miss you\nI miss you\nStill here"
    assert cleanup.remove_scraped_artifacts(lyrics) == lyrics


def test_caption_repeated_across_blank_line_is_kept_once():
    caption = "A long caption under the photo of the summit. Photo: AFP"
    text = cleanup.remove_scraped_artifacts(f"Para one.\n{caption}\n\n{caption}\nPara two.")
    assert text.count(caption) == 1


@pytest.mark.parametrize(
    "line",
    [
        SEED_BYLINE,
        "By Jane Doe",
        "Von Max Mustermann",
        "Reporting by Jill Serjeant; Editing by Lisa Shumaker",
        "Source: Reuters",
        "Nguyễn Văn An (VnExpress)",
    ],
)
def test_byline_lines_are_recognised(line):
    body, byline = cleanup.split_byline("Some text of the article.\n" + line)
    assert byline == line
    assert body == "Some text of the article."


@pytest.mark.parametrize(
    "line",
    [
        "The talks will resume next week.",
        "He said it was a mistake (again).",
        "read more (in English)",
        "a" * 200 + " (AFP)",
    ],
)
def test_ordinary_last_lines_are_not_bylines(line):
    assert cleanup.split_byline("First paragraph.\n" + line) == ("First paragraph.\n" + line, None)


def test_byline_alone_is_not_split_off():
    assert cleanup.split_byline(SEED_BYLINE) == (SEED_BYLINE, None)


def test_title_from_heading_like_first_line():
    assert cleanup.guess_title("A Short Headline\nBody text follows here.") == "A Short Headline"


def test_title_from_first_sentence_when_first_line_is_prose():
    text = "Short sentence here. Another one follows.\nSecond paragraph."
    assert cleanup.guess_title(text) == "Short sentence here."


def test_title_truncated_at_word_boundary():
    title = cleanup.guess_title("word " * 60)
    assert title.endswith("…")
    assert len(title) <= 90
    assert "wor…" not in title


def test_metadata_title_wins_and_is_one_line():
    article = article_from_text("Body text.", title="  Big\nnews\x1b ", language="en")
    assert article.title == "Big news\u241b"


def test_explicit_byline_is_kept_and_text_untouched():
    raw = "Some text.\nBy Jane Doe"
    article = article_from_text(raw, byline="Desk", language="en")
    assert article.byline == "Desk"
    assert article.text == raw
