"""The one guard of exports and copies: what a spreadsheet would run is quoted, numbers are not."""

from __future__ import annotations

import pytest

from app.core.cells import inert_cell, inert_cells


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "-1+1", "\t=1", "\r=1", "-", "--1", "+"],
)
def test_a_cell_a_spreadsheet_would_run_is_quoted(text):
    assert inert_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-1", "-3.5", "+2", "-.5", "-2e3", "42", "", "Maya", "a=b", "'=x", " =x"])
def test_numbers_and_plain_text_stay_as_they_are(text):
    assert inert_cell(text) == text


def test_a_row_is_made_inert_cell_by_cell():
    assert inert_cells(["-1", "@me", "x"]) == ["-1", "'@me", "x"]
