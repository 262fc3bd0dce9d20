"""The title and one-line explanation every task panel starts with."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout


def add_heading(layout: QVBoxLayout, title: str, about: str = "") -> QLabel:
    """Add a task's title (and its explanation, when there is one); answer the explanation label."""
    heading = QLabel(title)
    heading.setProperty("role", "title")
    layout.addWidget(heading)
    explanation = QLabel(about)
    explanation.setWordWrap(True)
    explanation.setProperty("role", "hint")
    layout.addWidget(explanation)
    # Only once it has a parent: shown without one, a label would open as a window of its own.
    explanation.setHidden(not about)
    return explanation
