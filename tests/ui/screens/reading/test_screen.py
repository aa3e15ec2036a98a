"""The reading view on the real core: summary, highlights, algorithm, length, position."""

from __future__ import annotations

import pytest

from reader.app import make_app
from reader.nlp.summary.summarize import ALGORITHMS
from reader.screens.reading import ReadingScreen
from reader.screens.reading.screen import SUMMARY_STYLE
from reader.widgets.article_text import ArticleText
from reader.widgets.summary_view import SummaryView
from tests.ui.helpers import screen_text, settle


@pytest.fixture
def long_story(tmp_path):
    """A text file of 200 short paragraphs, far longer than one screen."""
    path = tmp_path / "long.txt"
    paragraphs = [f"Paragraph {n} tells one more part of a long story about rivers." for n in range(200)]
    path.write_text("A long story\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    return path


async def open_seed(pilot) -> ReadingScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReadingScreen)
    return pilot.app.screen


def summary_texts(screen) -> list[str]:
    return [s.text for s in screen.query_one(SummaryView).summary.sentences]


async def test_seed_opens_with_its_summary_beside_the_text(real_services, seed_path):
    app = make_app([seed_path], services=real_services)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_seed(pilot)
        sentences = summary_texts(screen)
        assert len(sentences) == 3
        shown = screen_text(app)
        assert "Summary · lexrank · 3" in shown
        assert sentences[0].split()[0] in shown
        assert f"{screen.article.words} words" in shown
        assert real_services.store.state(screen.article.id).read


async def test_h_toggles_summary_highlights_in_the_text(real_services, seed_path):
    app = make_app([seed_path], services=real_services)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_seed(pilot)
        text = screen.query_one(ArticleText)
        summary = screen.query_one(SummaryView).summary
        spans = text.spans("summary")
        assert [(s, e) for s, e, _ in spans] == [(s.start, s.end) for s in summary.sentences]
        styled = [(span.start, span.end) for span in text.rendered().spans if span.style == SUMMARY_STYLE]
        assert styled == [(s.start, s.end) for s in summary.sentences]
        await pilot.press("h")
        assert not [span for span in text.rendered().spans if span.style == SUMMARY_STYLE]
        await pilot.press("h")
        assert len(text.rendered().spans) == len(spans)


async def test_s_cycles_the_algorithm_and_plus_minus_change_the_length(real_services, seed_path):
    app = make_app([seed_path], services=real_services)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert app.algorithm == ALGORITHMS[1]
        assert screen.query_one(SummaryView).summary.algorithm == ALGORITHMS[1]
        assert f"Summary · {ALGORITHMS[1]} · 3" in screen_text(app)
        await pilot.press("plus")
        await settle(pilot)
        assert len(summary_texts(screen)) == 4
        await pilot.press("minus", "minus", "minus")
        await settle(pilot)
        assert len(summary_texts(screen)) == 1
        await pilot.press("minus")
        await settle(pilot)
        assert app.summary_size == 1
        for _ in ALGORITHMS[1:]:
            await pilot.press("s")
        assert app.algorithm == ALGORITHMS[0]


async def test_summaries_are_cached_in_the_store(tmp_path, seed_path):
    from tests.ui.fakes import FakeSummarizer
    from reader.library.store import Store
    from reader.services import Services

    summarizer = FakeSummarizer()
    services = Services(store=Store(tmp_path / "cache.sqlite3"), summarizer=summarizer)
    article = next(iter(services.load_paths([seed_path])))
    first = services.summarize(article, "lexrank", 2)
    second = services.summarize(article, "lexrank", 2)
    assert first == second
    assert len(summarizer.calls) == 1
    services.summarize(article, "lsa", 2)
    assert len(summarizer.calls) == 2
    services.store.close()


async def test_scroll_position_is_saved_and_restored(long_story, real_services):
    app = make_app([long_story], services=real_services)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_seed(pilot)
        text = screen.query_one(ArticleText)
        text.scroll_to(y=text.max_scroll_y // 2, animate=False)
        await pilot.pause()
        expected = text.scroll_fraction
        assert 0.3 < expected < 0.7
        await pilot.press("escape")
        await pilot.pause()
        assert real_services.store.state(screen.article.id).position == expected
        screen = await open_seed(pilot)
        await pilot.pause()
        assert abs(screen.query_one(ArticleText).scroll_fraction - expected) < 0.02
        assert screen.query_one(ArticleText).scroll_y > 0


async def test_tab_moves_between_the_text_and_the_summary(real_services, seed_path):
    app = make_app([seed_path], services=real_services)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_seed(pilot)
        assert app.focused is screen.query_one(ArticleText)
        await pilot.press("tab")
        assert app.focused is screen.query_one(SummaryView)
        await pilot.press("tab")
        assert app.focused is screen.query_one(ArticleText)


async def test_narrow_terminal_stacks_the_panes(real_services, seed_path):
    app = make_app([seed_path], services=real_services)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(pilot)
        text = screen.query_one(ArticleText).region
        aside = screen.query_one("#aside").region
        assert aside.y >= text.bottom and aside.width == text.width
    wide = make_app([seed_path], services=real_services)
    async with wide.run_test(size=(160, 48)) as pilot:
        screen = await open_seed(pilot)
        text = screen.query_one(ArticleText).region
        aside = screen.query_one("#aside").region
        assert aside.x >= text.right and aside.y == text.y


async def test_scroll_to_offset_brings_a_sentence_into_view(long_story, real_services):
    app = make_app([long_story], services=real_services)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_seed(pilot)
        text = screen.query_one(ArticleText)
        target = text.text.index("Paragraph 150 ")
        text.scroll_to_offset(target)
        await pilot.pause()
        text_pane = [line[: text.region.right] for line in screen_text(app).splitlines()]
        assert any("Paragraph 150 " in line for line in text_pane)
        assert not any("Paragraph 1 " in line for line in text_pane)


async def test_a_burst_of_scroll_keys_moves_one_step_per_key(long_story, real_services):
    app = make_app([long_story], services=real_services)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_seed(pilot)
        text = screen.query_one(ArticleText)
        page = text.scrollable_content_region.height
        for _ in range(4):
            text.action_scroll_down()
        await pilot.pause()
        assert text.scroll_y == 4
        text.action_page_down()
        text.action_page_down()
        await pilot.pause()
        assert text.scroll_y == 4 + 2 * page
        for _ in range(3):
            text.action_scroll_up()
        await pilot.pause()
        assert text.scroll_y == 1 + 2 * page


async def test_header_keeps_language_and_length_when_the_byline_is_long(tmp_path):
    from dataclasses import replace

    from tests.ui.fakes import fake_services, make_article

    article = replace(make_article("Lithium aus dem Schredder für Elektroautos", "Ein Satz. Noch einer."),
                      byline="Denis Dilba; Heise Online; Technology Review", date="2019-06-20")
    services = fake_services(tmp_path, [article])
    app = make_app(services=services)
    whole = f"Denis Dilba; Heise Online; Technology Review · 2019-06-20 · en · {article.words} words"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_seed(pilot)
        title, details = screen_text(app).splitlines()[:2]
        assert title.strip() == article.title
        assert details.strip() == whole
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        details = screen_text(app).splitlines()[1]
        assert details.rstrip().endswith(f"· 2019-06-20 · en · {article.words} words")
        assert "Denis Dilba; Heise" in details and "…" in details
        await pilot.resize_terminal(160, 24)
        await pilot.pause()
        header = screen_text(app).splitlines()[0]
        assert header.startswith(f" {article.title}") and header.rstrip().endswith(whole)
    services.store.close()


async def test_a_short_title_leaves_its_room_to_the_details(tmp_path):
    from dataclasses import replace

    from tests.ui.fakes import fake_services, make_article

    article = replace(make_article("Ein Albtraum", "Ein Satz. Noch einer.", language="de"),
                      byline="SPIEGEL ONLINE; Hamburg; Germany", date="2018-12-22")
    services = fake_services(tmp_path, [article])
    app = make_app(services=services)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_seed(pilot)
        header = screen_text(app).splitlines()[0]
        assert header.startswith(" Ein Albtraum")
        assert header.rstrip().endswith(
            f"SPIEGEL ONLINE; Hamburg; Germany · 2018-12-22 · de · {article.words} words")
    services.store.close()


@pytest.mark.parametrize("size, stacked", [((80, 24), True), ((160, 48), False)])
async def test_an_article_paints_in_its_final_layout_from_the_first_frame(thirty, size, stacked):
    from reader.app import ReaderApp

    app = make_app(services=thirty)
    frames = []

    def record(screen, renderable):
        if isinstance(screen, ReadingScreen) and renderable is not None:
            text, aside = screen.query_one("#text").region, screen.query_one("#aside").region
            frames.append(aside.y >= text.bottom)
        ReaderApp._display(app, screen, renderable)

    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app._display = record
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert frames and all(frame == stacked for frame in frames), frames


async def test_plus_stops_at_the_articles_sentence_count(tmp_path):
    from tests.ui.fakes import fake_services, make_article

    article = make_article("Four", "One is here. Two is here. Three is here. Four is here.")
    services = fake_services(tmp_path, [article])
    app = make_app(services=services)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_seed(pilot)
        summary = app.screen.query_one(SummaryView)
        for _ in range(4):
            await pilot.press("plus")
            await settle(pilot)
        assert len(summary.summary.sentences) == 4
        assert app.summary_size == 5
        assert summary.border_title == "Summary · lexrank · 4 (all)"
        assert any("every sentence of this article (4)" in n.message
                   for n in app._notifications)
        await pilot.press("minus")
        await settle(pilot)
        assert app.summary_size == 3 and len(summary.summary.sentences) == 3
