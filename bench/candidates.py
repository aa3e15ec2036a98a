"""How many summary sentences are whole sentences of the article's body, per page and
overall: as reader reads and summarises now, with every sentence of the (reflowed) text
competing, and as before reflow and body candidates (each line of the file's or
trafilatura's plain text a paragraph, every sentence competing).

Pages: the shared HTML corpus, and the sample articles of tests/unit/_documents.py (news,
list-heavy and code-heavy articles as plain text hard-wrapped at 60, 72 and 80 columns,
as Markdown with soft line breaks and as HTML whose paragraphs run over several source
lines; prose in six languages wrapped at 72). Every algorithm chooses --sentences
sentences of every page.

A summary sentence is a whole body sentence when it lies inside a paragraph (not a
heading, list item, caption, quote, code, byline, verse or table), starts where the
paragraph starts or right after a sentence end (. ! ? … 。 ！ ？, closing quotes allowed)
and ends with such a mark or where the paragraph ends (whitespace compared loosely). For
the samples the paragraphs are the ones the sample was written from, known independently
of the reader. For corpus pages they are the article's paragraph blocks (trafilatura's
<p> outside lists and quotes); `--show PAGE` prints each sentence chosen now with its
verdict and the block it lies in, to check the judgement by hand.

    python bench/candidates.py [--sentences 3] [--show NAME]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.library import cleanup, decode  # noqa: E402
from reader.library.article import Block  # noqa: E402
from reader.library.blocks import PARAGRAPH, block_at, locate  # noqa: E402
from reader.library.sources import load  # noqa: E402
from reader.nlp.summary import summarize as summary_module  # noqa: E402
from reader.nlp.summary.summarize import ALGORITHMS, summarize  # noqa: E402
from tests.unit._documents import whole_body_sentence, whole_sentence_of, write_all  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "html"


@contextmanager
def every_sentence_competes():
    """Summaries without body candidates: all sentences of the text in the running."""
    def everything(sentences, blocks, language):
        return list(range(len(sentences))), None

    with mock.patch.object(summary_module, "candidates", everything):
        yield


def unreflowed_text(path: Path) -> str:
    """The text as it was read before reflow and page structure: trafilatura's plain text
    for a page, the decoded file otherwise (Markdown as written), cleaned the same way."""
    data = path.read_bytes()
    if path.suffix == ".html":
        import trafilatura

        raw = trafilatura.bare_extraction(data, include_comments=False,
                                          include_images=False, include_tables=False).text
    else:
        raw = decode.decode(data)
    text = cleanup.remove_scraped_artifacts(cleanup.normalise(raw))
    return cleanup.split_byline(text)[0]


def chosen(text: str, language: str, title: str, blocks, count: int) -> list:
    out = []
    for algorithm in ALGORITHMS:
        summary = summarize(text, language, algorithm, sentences=count, title=title,
                            blocks=blocks)
        out.extend((algorithm, s) for s in summary.sentences)
    return out


def pages(samples: Path) -> list[tuple[str, Path, object, object]]:
    """(name, path, article, judge) for every corpus page and every sample; the judge
    takes a sentence's text."""
    found = []
    for path in sorted(CORPUS.glob("*.htm*")):
        article = load(path)
        paragraphs = [article.text[b.start:b.end] for b in article.blocks if b.kind == PARAGRAPH]
        found.append((path.name, path, article,
                      lambda text, ps=paragraphs: any(whole_sentence_of(text, p) for p in ps)))
    for path, document in write_all(samples).items():
        found.append((path.name, path, load(path),
                      lambda text, doc=document: whole_body_sentence(text, doc)))
    return found


def show(article, judge, count: int) -> None:
    for algorithm, sentence in chosen(article.text, article.language, article.title,
                                      article.blocks, count):
        block = block_at(article.blocks, sentence.start)
        kind = block.kind if block else "none"
        print(f"{'ok ' if judge(sentence.text) else 'NO '} {algorithm:<9} [{kind}] {sentence.text}")
        if block is not None and (block.end - block.start) != len(sentence.text):
            print(f"{'':14}in: {article.text[block.start:block.end][:300]}")


def measure(path: Path, article, judge, count: int) -> tuple[int, ...]:
    """(chosen, whole) now, with every sentence competing, and before."""
    now = chosen(article.text, article.language, article.title, article.blocks, count)
    with every_sentence_competes():
        everything = chosen(article.text, article.language, article.title, article.blocks,
                            count)
        old_text = unreflowed_text(path)
        lines = tuple(Block(b.start, b.end, PARAGRAPH) for b in locate(old_text))
        before = chosen(old_text, article.language, None, lines, count)
    counts: list[int] = []
    for picks in (now, everything, before):
        counts += [len(picks), sum(judge(s.text) for _, s in picks)]
    return tuple(counts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--show", metavar="NAME", help="print one page's verdicts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        found = pages(Path(folder))
        if args.show:
            for name, _, article, judge in found:
                if name == args.show:
                    show(article, judge, args.sentences)
                    return 0
            print(f"no page named {args.show}", file=sys.stderr)
            return 1
        rows, totals = [], [0] * 6
        for name, path, article, judge in found:
            counts = measure(path, article, judge, args.sentences)
            totals = [t + c for t, c in zip(totals, counts)]
            rows.append((name, *counts))
        rows.append(("overall", *totals))
    print(f"{'page':<34} {'now':>18} {'every sentence':>18} {'before':>18}")
    for name, *counts in rows:
        if name == "overall":
            print("-" * 90)
        cells = [f"{counts[i + 1]:>4}/{counts[i]:<4} {_pct(counts[i + 1], counts[i]):>8}"
                 for i in (0, 2, 4)]
        print(f"{name:<34} " + " ".join(f"{c:>18}" for c in cells))
    return 0


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "-"


if __name__ == "__main__":
    raise SystemExit(main())
