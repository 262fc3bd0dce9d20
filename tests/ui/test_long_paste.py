"""A value pasted into a one-line field is kept whole: past 32,767 characters (where Qt would cut it
without a word) it is refused next to the field, and the form says so before anything is sent."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLineEdit

from app.contract.spec import Field, Location
from app.ui.operation_form import FieldEditor


def editor_for(qtbot) -> tuple[FieldEditor, QLineEdit]:
    editor = FieldEditor(Field("note", "Note", location=Location.BODY))
    qtbot.addWidget(editor)
    editor.show()
    line = editor.input
    assert isinstance(line, QLineEdit)
    return editor, line


def test_a_paste_over_32767_characters_is_kept_whole_and_refused_next_to_the_field(qtbot):
    editor, line = editor_for(qtbot)
    QApplication.clipboard().setText("x" * 40_000)
    line.paste()
    assert len(line.text()) == 40_000  # nothing cut
    line.editingFinished.emit()
    assert editor.error.isVisible()
    assert editor.error.text() == "This is 40,000 characters long; a field takes at most 32,767."
    assert editor.too_long()


def test_a_long_value_within_the_limit_is_not_refused(qtbot):
    editor, line = editor_for(qtbot)
    QApplication.clipboard().setText("x" * 32_767)
    line.paste()
    line.editingFinished.emit()
    assert len(line.text()) == 32_767
    assert not editor.error.isVisible() and editor.too_long() == ""
