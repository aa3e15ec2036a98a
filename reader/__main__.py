"""Command line entry: `reader [PATH...]` opens the TUI; subcommands script the core.

Only `os` and `sys` are imported up front: a call answered by a kept answer
(reader.cli.replay) needs nothing else, not even the argument parser.
"""

from __future__ import annotations

import os
import sys


def build_parser():
    import argparse

    from reader import __version__

    parser = argparse.ArgumentParser(
        prog="reader",
        description="A terminal reader for news articles. "
        "Run with paths to open them, or with a subcommand for scripts.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def build_command_parser(command: str | None = None):
    """The parser with `command`'s subparser, or with every subcommand's (for --help)."""
    from reader.cli import register

    parser = build_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    register(sub, None if command is None else [command])
    return parser


def main(argv: list[str] | None = None) -> int:
    from reader.cli import COMMANDS
    from reader.errors import ReaderError, needs_ml

    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            args = build_command_parser(argv[0]).parse_args(argv)
            return int(needs_ml(f"reader {argv[0]}")(args.run)(args) or 0)
        if any(a in ("-h", "--help") for a in argv):
            build_command_parser().print_help()
            return 0
        parser = build_parser()
        parser.add_argument("paths", nargs="*", metavar="PATH",
                            help="files or folders; a web address or a library id opens "
                            "that article")
        args = parser.parse_args(argv)
        from reader.cli.opening import names_article

        refs = [p for p in args.paths if names_article(p)]
        paths = [p for p in args.paths if not names_article(p)]
        if paths:
            # Nothing to show (often a mistyped subcommand): say so instead of an empty
            # library. A missing path beside real ones is listed as skipped in the app.
            from reader.library.sources import named

            if not any(named(p) for p in paths):
                from reader.cli.common import existing_paths

                existing_paths(paths)
        from reader.app import run_tui

        return int(run_tui(paths, refs) or 0)
    except ReaderError as exc:
        from reader.cli.common import error

        error(str(exc))
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # e.g. a READER_*_DIR that is a file, a full or read-only disk
        from reader.cli.common import error

        where = f"{exc.filename}: " if exc.filename else ""
        error(f"{where}{exc.strerror or exc}")
        return 1


def run() -> None:
    """The `reader` command: a kept answer (see reader.cli.replay), else `main`; then
    leave at once. Work the program no longer wants (a summary of a huge article, say)
    may still be running in a thread that Python cannot stop, and an orderly interpreter
    shutdown would wait for it (then tidy up memory for half a second more): everything
    that matters is written and flushed by now, so the process ends without either."""
    argv = sys.argv[1:]
    code = _replay(argv)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _replay(argv: list[str]) -> int:
    """The kept answer to `argv` if there is one; else `main(argv)`, its answer kept when
    it may be replayed."""
    from reader.cli import replay

    key = replay.fingerprint(argv, sys.stdout.encoding)
    if key is None:
        return main(argv)
    kept = replay.answer(key)
    if kept is not None:
        output, told = kept
        try:
            sys.stderr.buffer.write(told)
            sys.stderr.flush()
            sys.stdout.buffer.write(output)
            sys.stdout.flush()
        except BrokenPipeError:
            pass
        return 0
    database = replay.database_stamp()
    from reader.cli import common

    common.recording = []
    code = main(argv)
    if code == 0 and common.recording is not None:
        told = "".join(common.told).encode(sys.stderr.encoding or "utf-8", "backslashreplace")
        output = "".join(common.recording).encode(sys.stdout.encoding, "replace")
        replay.keep(key, argv, output, told, database)
    return code


if __name__ == "__main__":
    run()
