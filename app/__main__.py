"""python -m app → GUI;  python -m app call … → CLI;  python -m app find TEXT → records found;
  python -m app sandbox → simulators on loopback;
python -m app --smoke → the self-check IT runs after installing (app/smoke.py)."""

from __future__ import annotations

import sys

COMMANDS = (
    ("", "open the window (on the built-in sandbox until you choose another)"),
    ("call VENDOR OPERATION", "run one vendor operation; add --help for its options"),
    ("find TEXT", "find records by name, email, phone or id (JSON)"),
    ("sandbox", "serve the vendor simulators on this computer"),
    ("--smoke", "check an installed copy (IT)"),
    ("--version", "print the version"),
    ("--help", "print this help"),
)


def usage(program: str) -> str:
    lines = [f"{program} {command}".rstrip() for command, _ in COMMANDS]
    width = max(map(len, lines)) + 3
    described = zip(lines, (what for _, what in COMMANDS), strict=True)
    return "Usage:\n" + "".join(f"  {line:<{width}}{what}\n" for line, what in described)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # Answered without a window (and before Qt is imported): IT scripts ask these on any machine.
    if args[:1] in (["--help"], ["-h"]):
        print(usage(_program()), end="")
        return 0
    if args[:1] == ["--version"]:
        from app import APP_NAME, __version__

        print(f"{APP_NAME} {__version__}")
        return 0
    if args[:1] == ["sandbox"]:
        from app.sandbox.serve import main as serve

        return serve(args[1:])
    if args[:1] == ["--smoke"]:
        from app.smoke import main as smoke

        return smoke(args[1:])
    if args[:1] == ["call"]:
        from app.cli import main as call

        return call(args[1:])
    if args[:1] == ["find"]:
        from app.cli import find_main

        return find_main(args[1:])
    from app.ui.app import run_gui

    return run_gui([sys.argv[0], *args])


def _program() -> str:
    """How this copy was started, as the person would type it again."""
    started = sys.argv[0] if sys.argv else ""
    name = started.replace("\\", "/").rsplit("/", 1)[-1]
    if not name or name.startswith("__main__"):
        return "python -m app"
    return name.removesuffix(".exe")


if __name__ == "__main__":
    sys.exit(main())
