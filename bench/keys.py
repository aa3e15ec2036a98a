"""Key to screen with a long article open: ~300 sentences, its full translation beside it
and entities highlighted, while the translation streams and after it is done; against a
bare Textual app scrolling the same text, measured in the same run.

Latency is the time from posting a key event to the end of the first frame the app renders
(`App._display`) in which the key's effect shows: the text scrolled (j / k), or the
sentence that `]` / `[` makes current highlighted in the original, the last step after the
translation pane has moved its own highlight. Keys come every GAP seconds. The services are fakes so that the UI is measured, not
a model: a translator that takes PACE seconds per sentence (so the translation streams for
a few seconds, in batches as the real pipeline makes them) and a tagger that marks every
capitalised word (hundreds of entity spans). Each scenario runs in-process, headless, at
SIZE; the table shows the median over the rounds of each run's p50 and p95, with the
scenarios interleaved so a burst of load from elsewhere hits them all alike.

    python bench/keys.py [--rounds 3] [--keys 60]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from frames import Frames  # noqa: E402

SIZE = (120, 40)
SENTENCES = 300
PACE = 0.012
GAP = 0.05


def long_article():
    """About SENTENCES sentences of real English news, paragraphs kept."""
    from corpus import english_articles

    from reader.library.article import Article
    from reader.nlp.sentences import split

    parts, count = [], 0
    for article in english_articles() * 10:
        for paragraph in article.text.split("\n"):
            found = len(split(paragraph, "en")) if paragraph.strip() else 0
            if found:
                parts.append(paragraph)
                count += found
            if count >= SENTENCES:
                break
        if count >= SENTENCES:
            break
    text = "A long day of news\n\n" + "\n".join(parts)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return Article(id=digest, text=text, title="A long day of news", language="en")


class PacedTranslator:
    """Marks each sentence as translated, PACE seconds per sentence (sleeping, as a model
    waits); the names in it stay, so the tagger finds them in the translation too."""

    backend = "fake"
    pivot = False
    batch_size = 16

    def __init__(self, source: str, target: str) -> None:
        self.source, self.target = source, target
        self.model_id = f"paced-{source}-{target}"

    def translate(self, texts: list[str]) -> list[str]:
        time.sleep(PACE * len(texts))
        return [f"» {text}" for text in texts]


class CapitalsTagger:
    labels = ("PER", "ORG", "LOC", "MISC")
    model_id = "capitals"


def tag_capitals(tagger, text: str, **_ignored) -> list:
    from reader.library.article import EntitySpan

    labels = CapitalsTagger.labels
    return [EntitySpan(m.start(), m.end(), labels[i % 4], 0.9, m.group())
            for i, m in enumerate(re.finditer(r"\b[A-Z][a-z]{2,}\b", text))]


def first_sentences(text, language, algorithm, *, sentences, title=None):
    from reader.library.article import Summary
    from reader.nlp.sentences import split

    return Summary(algorithm, language, tuple(split(text, language)[1:sentences + 1]), None)


def services_for(article, folder: Path):
    from reader.library.store import Store
    from reader.services import Services

    return Services(store=Store(folder / "state.sqlite3"), scanner=lambda paths: iter([article]),
                    summarizer=first_sentences, tagger_loader=lambda language: CapitalsTagger(),
                    tag_entities=tag_capitals, translator_loader=PacedTranslator,
                    model_scan=lambda: ([], []), apertium_pairs=lambda: [])


async def press_keys(frames: Frames, count: int, keys: tuple[str, str], until=None) -> list:
    """`count` keys (down / up in turns of 10), GAP apart; stops early when `until()`."""
    times = []
    for number in range(count):
        if until is not None and until():
            break
        key = keys[0] if (number // 10) % 2 == 0 else keys[1]
        found = await frames.latency(key, key if len(key) == 1 else None)
        if found is not None:
            times.append(found)
        await asyncio.sleep(GAP)
    return times


async def bare_run(text: str, count: int) -> dict:
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            with VerticalScroll(id="scroll"):
                yield Static(text)

    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        scroll = app.query_one("#scroll", VerticalScroll)
        scroll.focus()
        await pilot.pause()
        frames = Frames(app, lambda: scroll.scroll_y)
        return {"scroll": await press_keys(frames, count, ("down", "up"))}


async def reader_run(article, count: int) -> dict:
    from reader.app import make_app
    from reader.screens.reading import ReadingScreen
    from reader.widgets.article_text import ArticleText
    from reader.widgets.translation_pane import TranslationPane

    with tempfile.TemporaryDirectory() as folder:
        services = services_for(article, Path(folder))
        app = make_app(services=services)
        results = {}
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.3)
            await pilot.press("enter")
            while not isinstance(app.screen, ReadingScreen):
                await pilot.pause(0.02)
            screen = app.screen
            text, pane = screen.query_one(ArticleText), screen.query_one(TranslationPane)
            while not text.spans("entities"):
                await pilot.pause(0.02)
            screen.open_translation("de", "full")
            frames = Frames(app, lambda: (text.scroll_y, tuple(text.spans("current"))))
            while not pane.pairs:
                if pane.done or "could not" in pane.text:
                    raise SystemExit(f"the translation did not start: {pane.text}")
                await pilot.pause(0.01)
            results["scroll, streaming"] = await press_keys(frames, count, ("j", "k"),
                                                            until=lambda: pane.done)
            deadline = time.monotonic() + 60
            while not pane.done or not pane.spans("entities"):
                if time.monotonic() > deadline:
                    raise SystemExit("the translation was not tagged within a minute")
                await pilot.pause(0.02)
            await pilot.pause(0.3)
            results["scroll, after"] = await press_keys(frames, count, ("j", "k"))
            results["sentence, after"] = await press_keys(
                frames, count, ("right_square_bracket", "left_square_bracket"))
            services.store.close()
        return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keys", type=int, default=60)
    args = parser.parse_args()

    article = long_article()
    from reader.nlp.sentences import split

    print(f"article: {len(split(article.text, 'en'))} sentences, {len(article.text)} characters;"
          f" {SIZE[0]}x{SIZE[1]}; keys {GAP * 1000:.0f} ms apart")
    rows: dict[str, list[tuple[float, float, int]]] = {}
    for _ in range(args.rounds):
        for name, run in (("bare Textual", bare_run(article.text, args.keys)),
                          ("reader", reader_run(article, args.keys))):
            for label, times in asyncio.run(run).items():
                if times:
                    rows.setdefault(f"{name}: {label}", []).append(
                        (percentile(times, 0.5), percentile(times, 0.95), len(times)))
    bare = statistics.median(p95 for _, p95, _ in rows["bare Textual: scroll"])
    print(f"\n{'scenario':34} {'keys':>5} {'p50 ms':>8} {'p95 ms':>8} {'p95 / bare':>11}")
    for label, runs in rows.items():
        p50 = statistics.median(r[0] for r in runs) * 1000
        p95 = statistics.median(r[1] for r in runs) * 1000
        keys = sum(r[2] for r in runs)
        print(f"{label:34} {keys:>5} {p50:>8.1f} {p95:>8.1f} {p95 / 1000 / bare:>10.2f}x")


if __name__ == "__main__":
    main()
