"""python -m app → GUI;  python -m app call … → CLI;  python -m app find TEXT → records found;
  python -m app sandbox → simulators on loopback;
python -m app --smoke → the self-check IT runs after installing (app/smoke.py)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
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


if __name__ == "__main__":
    sys.exit(main())
