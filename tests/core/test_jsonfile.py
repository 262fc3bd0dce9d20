"""The one safe save for small JSON files: all or nothing, and a failure the caller can word."""

from __future__ import annotations

import json

import pytest

from app.core.jsonfile import read_json, save_json


def test_a_save_replaces_the_file_whole_and_leaves_nothing_beside_it(tmp_path):
    path = tmp_path / "folder" / "recent.json"
    save_json(path, {"version": 1, "title": "Zoë"})
    save_json(path, {"version": 2, "title": "Zoë Ng"})
    assert read_json(path) == {"version": 2, "title": "Zoë Ng"}
    assert "Zoë" in path.read_text(encoding="utf-8")  # readable by a person, not \\u-escaped
    assert [p.name for p in path.parent.iterdir()] == ["recent.json"]


def test_a_save_that_fails_raises_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "orders.json"
    target.mkdir()  # nothing can replace it: the rename fails as it would on a full or locked disk
    with pytest.raises(OSError):
        save_json(target, {"orders": []})
    assert target.is_dir() and list(tmp_path.iterdir()) == [target]


def test_a_value_json_cannot_hold_raises_before_anything_is_written(tmp_path):
    path = tmp_path / "settings.json"
    save_json(path, {"version": 1})
    with pytest.raises(TypeError):
        save_json(path, {"when": object()})
    assert json.loads(path.read_text()) == {"version": 1}
    assert list(tmp_path.iterdir()) == [path]


def test_reading_tells_a_missing_file_from_a_damaged_one(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_json(tmp_path / "absent.json")
    (tmp_path / "damaged.json").write_text("{oops")
    with pytest.raises(ValueError):
        read_json(tmp_path / "damaged.json")
