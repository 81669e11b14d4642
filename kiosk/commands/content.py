"""``kiosk content``: check quiz files, export their JSON Schema, import Moodle GIFT and Kahoot spreadsheets."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.errors import ContentError, UsageError

if TYPE_CHECKING:  # the command modules import their heavy parts when they run: `kiosk --help` stays fast
    from kiosk.content.importing import ImportResult


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``content`` and its sub-commands ``check``, ``schema`` and ``import-gift``."""
    parser = subparsers.add_parser("content", help="check, describe and import quiz content")
    commands = parser.add_subparsers(dest="content_command", metavar="SUBCOMMAND", required=True)

    check = commands.add_parser("check", help="report every problem of quiz files as file:line: message")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: quizzes/)")
    check.add_argument("--media", type=Path, help="media folder with manifest.toml (default: bundled media/)")
    check.add_argument("--update-lock", action="store_true", help="record new quiz versions in versions.lock.json")
    check.add_argument("--strict", action="store_true", help="fail on warnings too (fairness, typography, wording)")
    check.set_defaults(func=run_check)

    schema = commands.add_parser("schema", help="write the JSON Schema of the quiz format")
    schema.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    schema.set_defaults(func=run_schema)

    gift = commands.add_parser("import-gift", help="convert a Moodle GIFT file into a quiz file")
    gift.add_argument("source", type=Path, metavar="FILE.gift")
    gift.add_argument("-o", "--output", type=Path, required=True, metavar="quizzes/NAME.toml")
    gift.add_argument("--theme", help="theme id (default: guessed from the GIFT categories)")
    gift.add_argument("--title", help="French title (default: the first category, else the file name)")
    gift.add_argument("--encoding", help="text encoding of a file that is not UTF-8 (e.g. cp1252)")
    gift.add_argument("--force", action="store_true", help="overwrite an existing output file")
    gift.set_defaults(func=run_import_gift)

    kahoot = commands.add_parser("import-kahoot", help="convert a Kahoot spreadsheet (.xlsx) into a quiz file")
    kahoot.add_argument("source", type=Path, metavar="FILE.xlsx")
    kahoot.add_argument("-o", "--output", type=Path, required=True, metavar="quizzes/NAME.toml")
    kahoot.add_argument("--theme", help="theme id (default: guessed from the title and questions)")
    kahoot.add_argument("--title", help="French title (default: the file name)")
    kahoot.add_argument("--force", action="store_true", help="overwrite an existing output file")
    kahoot.set_defaults(func=run_import_kahoot)


def run_check(args: argparse.Namespace) -> int:
    """Print every problem; exit 1 if there is any, else print one OK line."""
    from kiosk.careers import check_file
    from kiosk.content.check import check_content, summary, update_locks

    report = check_content(args.paths, args.media, career_checker=check_file)
    for problem in report.problems:
        print(problem)
    for warning in report.warnings:
        print(f"{warning.path}:{warning.line}: warning: {warning.message}")
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    if report.problems or (args.strict and report.warnings):
        print(f"{len(report.problems)} problem(s), {len(report.warnings)} warning(s)", file=sys.stderr)
        return 1
    if args.update_lock:
        added = update_locks(report)
        print(f"version lock: recorded {', '.join(added)}" if added else "version lock: nothing new")
    elif report.unlocked():
        names = ", ".join(f"{f.quiz.id} v{f.quiz.version}" for f in report.unlocked() if f.quiz)
        print(f"note: not in versions.lock.json yet: {names} (run with --update-lock)", file=sys.stderr)
    print(summary(report))
    return 0


def run_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema of the quiz format to ``args.output``."""
    from kiosk.content.schema import schema_text

    try:
        args.output.write_text(schema_text(), encoding="utf-8")
    except OSError as exc:
        raise UsageError("errors.content.cannot_write", file=args.output, reason=exc.strerror or exc) from exc
    print(f"wrote {args.output}")
    return 0


def run_import_gift(args: argparse.Namespace) -> int:
    """Convert a GIFT file; print every construct that could not be converted, with its line."""
    from kiosk.content.conversion import import_gift_file

    _check_paths(args)
    result = import_gift_file(args.source, args.output, theme=args.theme, title=args.title, encoding=args.encoding)
    return _report_import(args, result)


def run_import_kahoot(args: argparse.Namespace) -> int:
    """Convert a Kahoot spreadsheet; print every row that could not be converted, with its sheet and row."""
    from kiosk.content.kahoot import import_kahoot_file

    _check_paths(args)
    result = import_kahoot_file(args.source, args.output, theme=args.theme, title=args.title)
    return _report_import(args, result)


def _check_paths(args: argparse.Namespace) -> None:
    if args.output.exists() and not args.force:
        raise UsageError("errors.content.output_exists", file=args.output)
    if not args.source.is_file():
        raise ContentError("errors.content.no_such_file", file=args.source)


def _report_import(args: argparse.Namespace, result: ImportResult) -> int:
    """Print the notes; write nothing and fail when nothing converted or the quiz would not pass the check."""
    for note in result.notes:
        print(f"{args.source}:{note.where}: {note.message}")
    if not result.converted:
        raise ContentError("errors.content.nothing_converted", file=args.source)
    if not result.written:
        for problem in result.problems:
            print(problem)
        raise ContentError("errors.content.fails_check", file=args.output, count=len(result.problems))
    print(
        f"wrote {args.output}: {result.converted} question(s) converted, {result.skipped} not converted; "
        "English texts are marked [FR] until a translator finishes them"
    )
    return 0
