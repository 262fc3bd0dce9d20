"""Rules of docs/architecture.md that the import contracts cannot express."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[1] / "app" / "ui"


def _caught_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            kinds = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            names |= {kind.id for kind in kinds if isinstance(kind, ast.Name)}
    return names


def test_only_the_attempt_module_decides_what_a_failure_looks_like_in_the_window():
    catching = [
        path.relative_to(UI).as_posix()
        for path in UI.rglob("*.py")
        if "SwitchboardError" in _caught_names(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert catching == ["attempt.py"]


def test_panels_and_flows_are_given_a_context_never_the_tab():
    """The tab imports its panels; a panel that imported the tab back would close a cycle."""
    importing_the_tab = []
    for path in UI.rglob("*.py"):
        if path.name in ("vendor_tab.py", "main_window.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "app.ui.vendor_tab":
                importing_the_tab.append(path.relative_to(UI).as_posix())
    assert importing_the_tab == []
