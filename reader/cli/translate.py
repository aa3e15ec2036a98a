"""`reader translate`: an article (or its summary) translated sentence by sentence.

Plain output keeps the paragraphs; `--json` gives every sentence with its offsets into
article.text, so `source == article.text[start:end]`. Translations are cached in the
state store, so translating the summary after the full text costs nothing.
"""

from __future__ import annotations

import argparse

from reader.cli import common
from reader.errors import ReaderError


_beams = common.bounded(int, lambda b: 1 <= b <= 16, "must be between 1 and 16")


def _language(value: str) -> str:
    """A language code as the models know it: "DE", "de-DE", "de_DE" and "deu" give "de"."""
    from reader.library.language import base_code, primary_subtag

    code = primary_subtag(value)
    if not (code.isascii() and code.isalpha() and len(code) in (2, 3)):
        raise argparse.ArgumentTypeError(f"not a language code: {value!r} (e.g. de, fr, zh)")
    return base_code(code)


def register(subparsers) -> None:
    from reader.nlp.translate import BACKENDS

    cmd = subparsers.add_parser(
        "translate", help="translate an article offline, sentence by sentence",
        description="Translate an article (or its summary) with an installed model. "
        "Models are installed with `reader models pull SRC-TGT`.",
    )
    cmd.add_argument("path", metavar="PATH|URL|ID", help=common.ARTICLE_HELP)
    cmd.add_argument("--to", "-t", dest="target", type=_language, default=None,
                     help="target language code, e.g. de (default: from config)")
    cmd.add_argument("--from", "-f", dest="source", type=_language, default=None,
                     help="source language code (default: detected)")
    cmd.add_argument("--backend", "-b", choices=BACKENDS, default=None,
                     help="translation engine (default: CTranslate2 copy if present)")
    cmd.add_argument("--model", "-m", default=None,
                     help="installed model name, or a model folder")
    cmd.add_argument("--beams", type=_beams, default=4, help="beam size (default 4)")
    cmd.add_argument("--summary", "-s", action="store_true",
                     help="translate only the summary sentences")
    cmd.add_argument("--json", action="store_true", help="print JSON")
    cmd.set_defaults(run=run)


def _sentences(services, article, language: str, summary: bool):
    if not summary:
        from reader.nlp.sentences import split_cached

        return split_cached(article.text, language, store=services.store,
                            content_id=article.id)
    from reader.cli.articles import compute

    settings = services.settings
    try:
        return list(compute(services, article, language, settings.summary_algorithm,
                            settings.summary_sentences, None).sentences)
    except ValueError as exc:
        raise ReaderError(str(exc)) from None


def text_lines(article_text: str, pairs) -> list[str]:
    """Translations as paragraphs: sentences of one source line share one output line."""
    lines: list[str] = []
    previous_end = None
    for pair in pairs:
        target = common.visible(pair.target, single_line=True)
        if previous_end is None or "\n" in article_text[previous_end:pair.start]:
            lines.append(target)
        else:
            lines[-1] = f"{lines[-1]} {target}"
        previous_end = pair.end
    return lines


def run(args) -> int:
    from reader.config import default_target_language
    from reader.nlp.translate import load_translator, translate_sentences

    with common.services() as services:
        article = common.load_article(args.path, services.store)
        source = args.source or article.language
        target = args.target or default_target_language(services.settings)
        if target == source and args.target is None:
            raise ReaderError(f"the article is already in {source}, the default target "
                              "language; name another with --to LANG")
        sentences = _sentences(services, article, source, args.summary)
        # Models are opened only if a sentence is not cached already.
        translator = load_translator(source, target, backend=args.backend, model=args.model,
                                     beams=args.beams, deferred=True)
        progress = common.Progress(f"translating {len(sentences)} sentences:")
        pairs = []
        try:
            for pair in translate_sentences(translator, sentences, store=services.store,
                                            first_batch=0):
                pairs.append(pair)
                progress.step()
        finally:
            progress.done()
    if args.json:
        common.print_json({
            "article": article.as_json(), "backend": translator.backend,
            "model": translator.model_id, "pivot": bool(translator.pivot),
            "source": source, "target": target,
            "pairs": [p.as_json() for p in pairs],
        })
    else:
        common.print_lines(text_lines(article.text, pairs))
    return 0
