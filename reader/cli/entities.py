"""`reader entities PATH`: the named entities of one article, for scripts.

Plain output is one line per entity (start, end, label, score, text, tab-separated);
--json prints {"article", "model", "entities": [{start, end, label, score, text}]} with
`text == article.text[start:end]`.
"""

from __future__ import annotations

from reader.cli import common

_threshold = common.bounded(float, lambda x: 0.0 <= x <= 1.0, "must be between 0 and 1")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "entities", help="named entities (people, places, organisations) of one article",
        description="Tag the people, organisations, places and other names in an article.",
    )
    parser.add_argument("path", metavar="PATH|URL|ID", help=common.ARTICLE_HELP)
    parser.add_argument("--model", "-m", default=None, metavar="NAME_OR_DIR",
                        help="installed model name or model folder (default: by language)")
    parser.add_argument("--threshold", "-t", type=_threshold, default=None,
                        help="lowest score kept, 0-1 (default: from config, else 0.5)")
    parser.add_argument("--int8", action="store_true",
                        help="run the model with int8 weights: faster, a quarter of the "
                        "memory; a few labels in a hundred may differ")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run)


def run(args) -> int:
    from reader.nlp.entities import load_tagger, tag_article

    with common.services() as services:
        article = common.load_article(args.path, services.store)
        # Opened only if the spans are not cached already.
        tagger = load_tagger(article.language, model=args.model, quantize=args.int8 or None,
                             deferred=True)
        threshold = services.settings.entity_threshold if args.threshold is None else (
            args.threshold)
        spans = tag_article(tagger, article.text, threshold=threshold, store=services.store,
                            content_id=article.id)
    if args.json:
        common.print_json({
            "article": article.as_json(),
            "model": tagger.model_id,
            "entities": [{"start": s.start, "end": s.end, "label": s.label,
                          "score": s.score, "text": s.text} for s in spans],
        })
    else:
        common.print_lines(
            f"{s.start}\t{s.end}\t{s.label}\t{s.score:.3f}\t{common.visible(s.text, single_line=True)}"
            for s in spans)
    return 0
