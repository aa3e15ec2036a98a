"""How many summary sentences are whole sentences of the article's body, per page and
overall: with body candidates (the rule in reader.nlp.summary.candidates) and, for
comparison, with every sentence of the text competing.

Pages: the shared HTML corpus, and the sample articles of tests/unit/_documents.py (news,
list-heavy and code-heavy articles as plain text hard-wrapped at 60, 72 and 80 columns,
as Markdown with soft line breaks and as HTML whose paragraphs run over several source
lines; prose in six languages wrapped at 72). Every algorithm chooses --sentences
sentences of every page.

A summary sentence is a whole body sentence when it lies inside a paragraph (not a
heading, list item, caption, quote, code, byline, verse or table), starts where the
paragraph starts or right after a sentence end (. ! ? … 。 ！ ？, closing quotes allowed)
and ends with such a mark or where the paragraph ends. For the samples the paragraphs
are the ones the sample was written from, known independently of the reader. For corpus
pages they are the article's paragraph blocks (trafilatura's <p> outside lists and
quotes); `--show PAGE` prints each chosen sentence with its verdict and the block it lies
in, to check the judgement by hand.

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

from reader.library.blocks import PARAGRAPH, block_at  # noqa: E402
from reader.library.sources import load  # noqa: E402
from reader.nlp.summary import summarize as summary_module  # noqa: E402
from reader.nlp.summary.summarize import ALGORITHMS, summarize  # noqa: E402
from tests.unit._documents import whole_body_sentence, whole_sentence_of, write_all  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "html"


@contextmanager
def every_sentence_competes():
    """Summaries as before body candidates: all sentences of the text in the running."""
    def everything(sentences, blocks, language):
        return list(range(len(sentences))), None

    with mock.patch.object(summary_module, "candidates", everything):
        yield


def block_judge(article):
    """Judge by the article's own paragraph blocks (for pages without a known structure)."""
    def judge(sentence) -> tuple[bool, str, str]:
        block = block_at(article.blocks, sentence.start)
        if block is None:
            return False, "none", ""
        text = article.text[block.start:block.end]
        whole = block.kind == PARAGRAPH and whole_sentence_of(sentence.text, text)
        return whole, block.kind, text
    return judge


def known_judge(article, document):
    def judge(sentence) -> tuple[bool, str, str]:
        block = block_at(article.blocks, sentence.start)
        kind = block.kind if block else "none"
        return whole_body_sentence(sentence.text, document), kind, ""
    return judge


def chosen(article, count: int) -> list:
    out = []
    for algorithm in ALGORITHMS:
        summary = summarize(article.text, article.language, algorithm, sentences=count,
                            title=article.title, blocks=article.blocks)
        out.extend((algorithm, s) for s in summary.sentences)
    return out


def pages(samples: Path) -> list[tuple[str, object, object]]:
    """(name, article, judge) for every corpus page and every sample."""
    found = []
    for path in sorted(CORPUS.glob("*.htm*")):
        article = load(path)
        found.append((path.name, article, block_judge(article)))
    for path, document in write_all(samples).items():
        article = load(path)
        found.append((path.name, article, known_judge(article, document)))
    return found


def show(name: str, article, judge, count: int) -> None:
    for algorithm, sentence in chosen(article, count):
        whole, kind, block = judge(sentence)
        print(f"{'ok ' if whole else 'NO '} {algorithm:<9} [{kind}] {sentence.text}")
        if block and block != sentence.text:
            print(f"{'':14}in: {block[:300]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--show", metavar="NAME", help="print one page's verdicts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        found = pages(Path(folder))
        if args.show:
            for name, article, judge in found:
                if name == args.show:
                    show(name, article, judge, args.sentences)
                    return 0
            print(f"no page named {args.show}", file=sys.stderr)
            return 1
        rows, totals = [], [0, 0, 0, 0]
        for name, article, judge in found:
            body = chosen(article, args.sentences)
            with every_sentence_competes():
                before = chosen(article, args.sentences)
            counts = (len(body), sum(judge(s)[0] for _, s in body),
                      len(before), sum(judge(s)[0] for _, s in before))
            totals = [t + c for t, c in zip(totals, counts)]
            rows.append((name, *counts))
        rows.append(("overall", *totals))
    print(f"{'page':<36} {'body candidates':>22} {'every sentence':>22}")
    for name, n, whole, n_all, whole_all in rows:
        if name == "overall":
            print("-" * 82)
        print(f"{name:<36} {whole:>5}/{n:<5} {_pct(whole, n):>9} "
              f"{whole_all:>5}/{n_all:<5} {_pct(whole_all, n_all):>9}")
    return 0


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "-"


if __name__ == "__main__":
    raise SystemExit(main())
