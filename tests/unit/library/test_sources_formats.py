"""Encodings, Markdown, HTML (the shared corpus), language and lazy imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.errors import UnreadableArticle
from reader.library import decode, language, sources

FRENCH = "Le café coûte 5 € — “vraiment” cher, dit-elle à l’hôtel.\nDeuxième ligne ici.\n"

CORPUS = {
    "chineselyrics4u.com.zhineng.html": ("zh", "Zhi Neng Xiang Nian Ni"),
    "dw.com.colonial.html": ("en", "Berlin confronts Germany's colonial past with new initiative"),
    "franceculture.fr.idees.html": ("fr", "Prendre la parole"),
    "heise.de.lithium.html": ("de", "Lithium aus dem Schredder"),
    "nature.com.telescope.html": ("en", "Gigantic Chinese telescope opens to astronomers"),
    "reuters.com.parasite.html": ("en", "'Parasite' scores historic upset at SAG awards"),
    "soundofscience.fr.1927.html": ("fr", "Une candidature collective"),
    "spiegel.de.albtraum.html": ("de", "Ein Albtraum"),
    "sueddeutsche.de.flixtrain.html": ("de", "Flixbus attackiert Deutsche Bahn"),
    "theguardian.com.academics.html": ("en", "Thousands of UK academics"),
    "vice.com.amazon.html": ("en", "The Amazon Is on Fire"),
}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_encodings_decode_correctly(tmp_path, encoding):
    path = tmp_path / "fr.txt"
    path.write_bytes(FRENCH.encode(encoding))
    article = sources.load(path)
    assert article.text == FRENCH.strip()


def test_latin1_decodes_correctly(tmp_path):
    text = "Café, naïve crème brûlée à Noël; Größe und Übermaß.\n"
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    assert sources.load(path).text == text.strip()


@pytest.mark.parametrize("sample", ["é", "€", "“smart quotes”"])
def test_single_western_characters_decode(sample):
    assert decode.decode(sample.encode("cp1252")) == sample


def test_distinctive_legacy_encodings_are_trusted():
    text = "Привет, как дела? Это проверка кодировки текста на русском языке.\n" * 3
    assert decode.decode(text.encode("cp1251")) == text


def test_undecodable_bytes_are_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(decode, "_guess", lambda data: None)
    path = tmp_path / "odd.txt"
    path.write_bytes(b"caf\xe9 \x81\x8d\x90 undefined in cp1252\n")
    with pytest.raises(UnreadableArticle) as info:
        sources.load(path)
    assert info.value.reason == decode.UNDECODABLE


def test_markdown_is_simplified_safely(tmp_path):
    md = (
        "---\ntitle: Front Matter Title\nauthor: Ann Author\n---\n"
        "# Heading One\n\nSome **bold** and *italic* text with a [link](http://x.org).\n"
        "snake_case_name and 2 * 3 * 4 stay; so does [bold red]x[/].\n"
        "## Sub heading ##\n```\n# not a heading\n```\n"
    )
    article = sources.load(_write(tmp_path / "a.md", md))
    assert article.title == "Front Matter Title"
    assert article.author == "Ann Author"
    assert article.text.split("\n") == [
        "Heading One",
        "",
        "Some bold and italic text with a link. "
        "snake_case_name and 2 * 3 * 4 stay; so does [bold red]x[/].",
        "Sub heading",
        "```",
        "# not a heading",
        "```",
    ]


def test_markdown_first_level_one_heading_is_the_title(tmp_path):
    md = "Intro line without heading.\n## Second level\n# The Real Title\nBody.\n"
    assert sources.load(_write(tmp_path / "a.markdown", md)).title == "The Real Title"


def test_markdown_setext_heading_is_the_title(tmp_path):
    md = "Setext Title\n============\n\nBody text here.\n"
    article = sources.load(_write(tmp_path / "a.md", md))
    assert article.title == "Setext Title"
    assert "===" not in article.text


def test_corpus_pages_load_with_titles_and_languages(corpus_dir, capfd):
    items = list(sources.scan(corpus_dir))
    got = {Path(a.path).name: a for a in items}
    assert set(got) == set(CORPUS)
    for name, (lang, title) in CORPUS.items():
        article = got[name]
        assert article.language == lang, name
        assert article.title.startswith(title), (name, article.title)
        assert len(article.text) > 500, name
        assert "<" not in article.title
    assert got["reuters.com.parasite.html"].author == "Jill Serjeant"
    assert got["nature.com.telescope.html"].date == "2019-09-24"
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_html_without_text_is_skipped(tmp_path):
    page = "<html><head><title>x</title></head><body></body></html>"
    path = _write(tmp_path / "blank.html", page)
    with pytest.raises(UnreadableArticle, match="no readable text"):
        sources.load(path)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Das ist ein kurzer deutscher Satz über das Wetter in Berlin.", "de"),
        ("Ceci est une courte phrase française sur la météo à Paris.", "fr"),
        ("这是一个关于天气的简短说明。", "zh"),
    ],
)
def test_language_is_identified(text, code):
    assert language.detect(text) == (code, None)


@pytest.mark.parametrize("text", ["ok", "12345 678", "Zelensky"])
def test_short_text_falls_back_with_a_note(text):
    article = sources.article_from_text(text)
    assert article.language == language.FALLBACK == "en"
    assert article.notes and "assuming en" in article.notes[0]


def test_explicit_language_is_normalised():
    assert sources.article_from_text("Hello there.", language="de-AT").language == "de"
    assert sources.article_from_text("Bonjour à tous.", language="FR").language == "fr"


def test_text_that_cleans_to_nothing_is_rejected():
    with pytest.raises(UnreadableArticle, match="no readable text"):
        sources.article_from_text("![]() |\n\n|\n")


def test_heavy_libraries_load_only_when_needed(tmp_path):
    path = _write(tmp_path / "a.txt", "Hello world. This is an English sentence.\n")
    code = (
        "import sys\n"
        "from reader.library import sources\n"
        "mods = ('trafilatura', 'fasttext', 'charset_normalizer')\n"
        "print([m for m in mods if m in sys.modules])\n"
        f"list(sources.discover([{str(tmp_path)!r}]))\n"
        f"sources.article_from_text('x', language='en')\n"
        "print([m for m in mods if m in sys.modules])\n"
        f"sources.load({str(path)!r})\n"
        "print([m for m in mods if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:3] == ["[]", "[]", "['fasttext']"]


def test_discover_many_files_streams(tmp_path):
    for i in range(300):
        (tmp_path / f"{i:05d}.txt").write_bytes(b"x")
    gen = sources.discover([tmp_path])
    assert next(gen) == tmp_path / "00000.txt"
    assert sum(1 for _ in gen) == 299


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_html_extraction_is_quiet_on_stderr(corpus_dir, tmp_path):
    (tmp_path / "blank.html").write_text("<html><body></body></html>")
    (tmp_path / "broken.html").write_text("<html<<<body><p>half a page")
    (tmp_path / "tiny.html").write_text("x")
    pages = [str(corpus_dir / name) for name in ("heise.de.lithium.html", "vice.com.amazon.html")]
    code = (
        "import logging\n"
        "logging.basicConfig()\n"
        "from reader.library import sources\n"
        f"for item in sources.scan([*{pages!r}, {str(tmp_path)!r}]):\n"
        "    print(type(item).__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr == ""
    assert out.stdout.split() == ["Article", "Article", "Skipped", "Article", "Skipped"]


def test_html_in_cp1252_without_charset_decodes(tmp_path):
    para = "<p>Le café coûte 5 € — “vraiment” cher, dit-elle à l’hôtel, après la journée.</p>"
    page = f"<html><head><title>Café €</title></head><body><article>{para * 3}</article>"
    page += "</body></html>"
    path = tmp_path / "fr.html"
    path.write_bytes(page.encode("cp1252"))
    article = sources.load(path)
    assert article.title == "Café €"
    assert article.text.startswith("Le café coûte 5 € — “vraiment” cher")
    assert article.language == "fr"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Berlin confronts its past | DW | 19.01.2020", "Berlin confronts its past"),
        ("Cats | Dogs", "Cats | Dogs"),
        ("Plain headline with no site", "Plain headline with no site"),
    ],
)
def test_site_suffix_is_dropped_from_page_titles(title, expected):
    from reader.library.extract import _page_title

    assert _page_title(title) == expected
