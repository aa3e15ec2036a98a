"""Entity highlights on the real path: a tiny real BERT model installed in the test's own
models folder, loaded by the default services in a worker, cached in the store; and what
the reader sees when no model is installed, when a model fails, and when a result is stale.
"""

from __future__ import annotations

import io
import threading

import pytest
from rich.console import Console

from reader.app import make_app
from reader.config import Settings
from reader.errors import CorruptModel
from reader.library.article import EntitySpan
from reader.library.cache import entities_key
from reader.library.store import Store
from reader.nlp.entities import label_name
from reader.screens.reading import ReadingScreen
from reader.services import Services
from reader.widgets.article_text import ArticleText
from reader.widgets.entity_legend import EntityLegend
from reader.widgets.entity_panel import EntityPanel
from reader.widgets.entity_styles import EntityStyles
from reader.widgets.summary_view import SummaryView
from tests.ui.fakes import make_article
from tests.ui.helpers import screen_text, settle
from tests.ml import uses_ml
from tests.unit._bert import tiny_bert

BODY = ("Angela Merkel met Emmanuel Macron in Paris on Monday. The United Nations and Google "
        "spoke in Berlin about [bold]x[/] news.\n\nZürich Müller café Élodie met Google again.")
ARTICLE = make_article("Merkel in Paris", BODY)


@pytest.fixture(scope="session")
@uses_ml
def tiny_ner(tmp_path_factory):
    return tiny_bert(tmp_path_factory, "random")


@pytest.fixture(scope="session")
def expected(tiny_ner):
    """What the core itself finds in the article (labels, spans at threshold 0.5)."""
    from reader.nlp.entities import load_tagger, tag_article

    tagger = load_tagger(model=str(tiny_ner))
    return tagger.labels, tag_article(tagger, ARTICLE.text, threshold=0.5)


def services_over(tmp_path, articles, **fields) -> Services:
    return Services(store=Store(tmp_path / "state.sqlite3"),
                    settings=fields.pop("settings", Settings()),
                    scanner=lambda paths: iter(articles), **fields)


async def open_first(pilot) -> ReadingScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot, rounds=4)
    assert isinstance(pilot.app.screen, ReadingScreen)
    return pilot.app.screen


def styled_cells(app) -> list[tuple[str, object]]:
    """(text, style) of every segment on the screen, as the terminal would get them."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", legacy_windows=False)
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return [(seg.text, seg.style) for seg in console.render(update)
            if seg.style and seg.text.strip()]


async def test_installed_tiny_model_highlights_the_text_summary_and_legend(
        tmp_path, tiny_ner, expected):
    from reader.nlp import models

    models.add(tiny_ner, name="ner-tiny", languages=("en",))
    labels, spans = expected
    assert len(spans) >= 3
    services = services_over(tmp_path, [ARTICLE])
    app = make_app(services=services)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_first(pilot)
        styles = EntityStyles(labels)
        text = screen.query_one(ArticleText)
        assert text.spans("entities") == [(s.start, s.end, styles.style(s.label)) for s in spans]
        rendered = {(span.start, span.end, span.style) for span in text.rendered().spans}
        assert {(s.start, s.end, styles.style(s.label)) for s in spans} <= rendered

        per = next(s for s in spans if s.label == "PER" and " " not in s.text)
        look = styles.style("PER")
        cells = [style for seg, style in styled_cells(app) if per.text in seg]
        assert any(c.bold and c.underline and not c.italic for c in cells)
        assert look.bold and look.underline

        legend = screen.query_one(EntityLegend).legend_text().plain
        for label in {s.label for s in spans}:
            count = sum(1 for s in spans if s.label == label)
            assert f"{label_name(label)} {count}" in legend
            assert f"{label_name(label)} {count}" in screen_text(app)
        assert legend.startswith("Entities person")

        summary = screen.query_one(SummaryView)
        body = summary.query_one("#summary-body").content
        first = summary.summary.sentences[0]
        inside = [s for s in spans if first.start <= s.start and s.end <= first.end]
        assert inside, "the first summary sentence holds a tagged name"
        shown = {(span.start, span.end, span.style) for span in body.spans}
        start = 2 + inside[0].start - first.start
        assert (start, start + len(inside[0].text), styles.style(inside[0].label)) in shown

        key = entities_key(ARTICLE.id, services._taggers["en"].identity, "first")
        assert services.store.cache_get(key) is not None
    services.store.close()


async def test_real_model_rows_in_the_panel_and_markup_stays_literal(tmp_path, tiny_ner, expected):
    from reader.nlp.entities import load_tagger

    _, spans = expected
    services = services_over(tmp_path, [ARTICLE],
                             tagger_loader=lambda language: load_tagger(model=str(tiny_ner)))
    app = make_app(services=services)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("E")
        await pilot.pause()
        panel = screen.query_one(EntityPanel)
        names = {" ".join(ARTICLE.text[s.start:s.end].split()) for s in spans}
        assert {e.text for e in panel.entities} == names
        counts = [e.count for e in panel.shown]
        assert counts == sorted(counts, reverse=True)
        shown = screen_text(app)
        bracketed = [n for n in names if "[" in n or "]" in n]
        for name in bracketed:
            assert name in shown
        assert "[bold]x[/]" in shown
    services.store.close()


async def test_no_model_shows_the_text_and_a_one_line_note(tmp_path):
    services = services_over(tmp_path, [ARTICLE])
    app = make_app(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first(pilot)
        shown = screen_text(app)
        assert "No entity model for en — install one: reader models pull ner-en" in shown
        assert "Angela Merkel met Emmanuel Macron" in shown
        assert "Traceback" not in shown
        assert screen.query_one(ArticleText).spans("entities") == []
        assert not app._notifications
        await pilot.press("E")
        await pilot.pause()
        assert "No entity model for en" in screen.query_one(EntityPanel).empty_note
        await pilot.press("n", "e", "f")
        await pilot.pause()
        assert app.is_running
    services.store.close()


async def test_an_unknown_language_asks_for_a_multilingual_model(tmp_path):
    article = make_article("Unknown tongue", "Zürich Müller café Élodie.", language="?")
    services = services_over(tmp_path, [article])
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        note = "No entity model installed — install one: reader models pull ner-multi"
        assert note in screen_text(app)
    services.store.close()


@pytest.mark.parametrize("error", [CorruptModel("ner-x: model.safetensors is [bold]truncated[/]"),
                                   RuntimeError("tokenizer exploded")])
async def test_a_model_error_is_the_note_plus_a_notice(tmp_path, error):
    def broken(language):
        raise error

    services = services_over(tmp_path, [ARTICLE], tagger_loader=broken)
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        shown = screen_text(app)
        assert "Entities unavailable:" in shown and "Traceback" not in shown
        assert str(error)[:20] in shown
        assert any(str(error) in n.message for n in app._notifications)
        assert "Angela Merkel met" in shown
    services.store.close()


class GatedTagger:
    """A fake tagger (controlled timing): tags each word "Story" or "Other" after its gate opens."""

    model_id = "gated"
    labels = ("ORG",)

    def __init__(self) -> None:
        self.gates: dict[str, threading.Event] = {}
        self.started: list[str] = []

    def tag(self, text: str) -> list[EntitySpan]:
        title = text.split("\n", 1)[0]
        self.started.append(title)
        gate = self.gates.get(title)
        if gate is not None:
            gate.wait(timeout=10)
        word = title.split()[0]
        return [EntitySpan(i, i + len(word), "ORG", 0.9, word)
                for i in range(len(text)) if text.startswith(word, i)]


async def wait_started(pilot, tagger, title) -> None:
    for _ in range(250):
        if title in tagger.started:
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{title} was never tagged")


async def test_text_comes_first_and_a_stale_result_is_dropped(tmp_path):
    first = make_article("Alpha news", "Alpha met Beta. Alpha left.")
    second = make_article("Gamma news", "Gamma met Delta. Gamma stayed.")
    tagger = GatedTagger()
    tagger.gates["Alpha news"] = threading.Event()
    services = services_over(tmp_path, [first, second], tagger_loader=lambda language: tagger)
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_started(pilot, tagger, "Alpha news")
        shown = screen_text(app)
        assert "Alpha met Beta." in shown and "finding names…" in shown
        token = app.screen.jobs.token("entities")
        await pilot.press("escape")
        await pilot.pause()
        assert token.cancelled
        await pilot.press("j", "enter")
        await pilot.pause(0.1)
        tagger.gates["Alpha news"].set()
        await settle(pilot, rounds=4)
        screen = app.screen
        assert screen.article.title == "Gamma news"
        legend = screen.query_one(EntityLegend)
        assert [s.text for s in legend.spans] == ["Gamma"] * 3
        starts = [s for s, _, _ in screen.query_one(ArticleText).spans("entities")]
        assert starts == [i for i in range(len(second.text)) if second.text.startswith("Gamma", i)]
    services.store.close()


async def test_one_tagger_per_language_and_the_settings_threshold(tmp_path):
    loads, calls = [], []

    def loader(language):
        loads.append(language)
        return GatedTagger()

    def tag(tagger, text, *, threshold, store, content_id):
        calls.append((threshold, content_id))
        return tagger.tag(text)

    services = services_over(tmp_path, [], tagger_loader=loader, tag_entities=tag,
                             settings=Settings(entity_threshold=0.8))
    labels, spans = services.entities("Alpha x Alpha", "en", "id1")
    services.entities("Beta y", "en", "id2")
    services.entities("Gamma z", "de", None)
    assert labels == ("ORG",) and len(spans) == 2
    assert loads == ["en", "de"]
    assert calls == [(0.8, "id1"), (0.8, "id2"), (0.8, None)]
    services.store.close()
