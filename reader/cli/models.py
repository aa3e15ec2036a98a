"""`reader models`: list, pull, add and remove the translation and entity models.

`reader models` alone lists. Every action takes --json for scripts. Errors (unknown name,
corrupt folder, no network) are ReaderErrors: one message on stderr, exit status 1.
"""

from __future__ import annotations

import argparse
import sys
import time

from reader.cli import common


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "models", help="list, download, add or remove translation and entity models",
        description="Manage the models used for translation and named entities. "
        "Without an action: list them.")
    parser.add_argument("--task", choices=("translation", "ner"), help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print JSON (as `models list`)")
    parser.set_defaults(run=run_list)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")

    show = actions.add_parser("list", help="installed models (and those in the HF cache)")
    show.add_argument("--task", choices=("translation", "ner"), default=argparse.SUPPRESS,
                      help="only this task")
    _json_flag(show)
    show.set_defaults(run=run_list)

    catalog = actions.add_parser("catalog", help="names `reader models pull` knows")
    _json_flag(catalog)
    catalog.set_defaults(run=run_catalog)

    pull = actions.add_parser(
        "pull", help="download a model (needs internet)",
        description="Download a model from the Hugging Face hub: a catalog name (en-de, "
        "nllb, ner-en, ner-multi), any SRC-TGT pair, or a repository id.")
    pull.add_argument("name", metavar="NAME")
    pull.add_argument("--force", action="store_true", help="download again if installed")
    _json_flag(pull)
    pull.set_defaults(run=run_pull)

    add = actions.add_parser(
        "add", help="install a model folder copied to this machine",
        description="Validate a model folder and copy it into the models folder "
        "(the original is left untouched); a translation model also gets its "
        "CTranslate2 int8 copy, which needs torch and transformers once.")
    add.add_argument("path", metavar="DIR")
    add.add_argument("--name", help="name to install it under (default: the folder's name)")
    add.add_argument("--language", action="append", metavar="L", dest="languages",
                     help="language it covers; repeat: translation SRC then TGT")
    add.add_argument("--no-convert", action="store_true",
                     help="skip the CTranslate2 int8 copy of a translation model")
    _json_flag(add)
    add.set_defaults(run=run_add)

    remove = actions.add_parser("remove", help="delete an installed model")
    remove.add_argument("name", metavar="NAME")
    _json_flag(remove)
    remove.set_defaults(run=run_remove)


def _json_flag(parser) -> None:
    """--json on an action too; left unset there so `reader models --json ACTION` holds."""
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print JSON")


def _summary(record) -> str:
    from reader.nlp.models import human_size

    return (f"{record.name} ({record.task} {record.describe_languages()}, "
            f"{'+'.join(record.backends)}, {human_size(record.size)}) at {record.path}")


def run_list(args) -> int:
    from reader import locations
    from reader.nlp import models

    records, problems = models.scan()
    records = [r for r in records if args.task in (None, r.task)]
    if args.json:
        common.print_json({
            "models_dir": str(locations.models_dir()), "hf_cache": str(models.hub_cache()),
            "models": [r.as_json() for r in records],
            "problems": [{"path": p, "reason": r} for p, r in problems],
        })
        return 0
    for _, reason in problems:
        common.error(f"warning: {reason}")
    if not records:
        common.write("no models installed; install one with: reader models pull en-de "
                     "(names: reader models catalog)\n")
        return 0
    rows = [("NAME", "TASK", "LANGUAGES", "BACKEND", "SIZE", "WHERE")]
    rows += [(r.name, r.task, r.describe_languages(), "+".join(r.backends),
              models.human_size(r.size), str(r.path)) for r in records]
    rows = [tuple(common.visible(c, single_line=True) for c in row) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    common.print_lines("  ".join([*(c.ljust(w) for c, w in zip(row, widths)), row[5]])
                       for row in rows)
    return 0


def run_catalog(args) -> int:
    from reader.nlp.models import CATALOG

    if args.json:
        common.print_json({"catalog": [
            {"name": e.name, "repo": e.repo, "task": e.task, "languages": list(e.languages),
             "description": e.description} for e in CATALOG.values()]})
        return 0
    width = max(len(n) for n in CATALOG)
    common.print_lines(f"{e.name.ljust(width)}  {e.repo}  {e.description}"
                       for e in CATALOG.values())
    common.write("any other SRC-TGT pair: Helsinki-NLP/opus-mt-SRC-TGT\n")
    return 0


class _Bar:
    """Stage lines on stderr; a byte progress bar too when stderr is a terminal."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = 0.0
        self._drawn = False

    def __call__(self, message: str, done: int | None = None, total: int | None = None) -> None:
        from reader.nlp.models import human_size

        if done is None:
            self._clear()
            self.stream.write(f"{common.visible(message, single_line=True)}\n")
            self.stream.flush()
            return
        now = time.monotonic()
        if not self.tty or (now - self._last < 0.1 and done != total):
            return
        self._last = now
        if total:
            filled = min(30, int(30 * done / total))
            line = (f"[{'#' * filled}{'.' * (30 - filled)}] {human_size(done)} / "
                    f"{human_size(total)} {100 * done // total}%")
        else:
            line = human_size(done)
        self.stream.write(f"\r{line}\x1b[K")
        self.stream.flush()
        self._drawn = True

    def _clear(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self._drawn = False


def _installed(args, record, verb: str) -> int:
    """Says first (on stderr) when the model cannot be used here yet, then what was done."""
    from reader.extras import install_hint

    lacking = record.missing_packages()
    if lacking:
        common.error(f"note: {record.name} is installed but cannot be used until the ml extra "
                     f"is installed ({', '.join(lacking)} missing): {install_hint()}")
    if args.json:
        common.print_json({"model": record.as_json()})
    else:
        common.write(f"{verb} {common.visible(_summary(record), single_line=True)}\n")
    return 0


def run_pull(args) -> int:
    from reader.nlp.models import pull

    return _installed(args, pull(args.name, progress=_Bar(), force=args.force), "installed")


def run_add(args) -> int:
    from reader.nlp.models import add

    record = add(args.path, name=args.name, languages=args.languages,
                 convert=not args.no_convert, progress=_Bar())
    return _installed(args, record, "added")


def run_remove(args) -> int:
    from reader.nlp.models import remove

    record = remove(args.name)
    if args.json:
        common.print_json({"removed": record.as_json()})
    else:
        common.write(f"removed {common.visible(record.name, single_line=True)} "
                     f"({common.visible(str(record.path), single_line=True)})\n")
    return 0
