"""Typed options declared once, and the versioned JSON file that holds them.

An option is a class attribute of an ``OptionFile`` subclass (``timeout_s = FloatOption(30.0, ...)``):
reading ``settings.timeout_s`` gives a float, always, and assigning checks the value.  A file is
read once; what it holds for an option is checked against the declaration, and a value that is
missing, of the wrong type or out of range is replaced by the option's default, each with one
phrase saying why (``problems``), so that nothing downstream ever meets a value it cannot use.

The file carries a version number.  On load, the upgrade steps from the file's version up to the
current one run in order, and the file is saved at once in the current version.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar, Generic, Self, TypeVar, overload

from app.core.jsonfile import UnreadableJson, read_json, save_json

T = TypeVar("T")
_log = logging.getLogger(__name__)


class Option(Generic[T]):
    """One value in a file: its name (the attribute's), default and title, and what it accepts."""

    kind = "a value"

    def __init__(self, default: T, title: str) -> None:
        self.default = default
        self.title = title
        self.name = ""
        problem = self.problem(default)
        assert not problem, f"default {default!r} {problem}"

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def problem(self, value: object) -> str:
        """Why ``value`` cannot be used ('' when it can), as a phrase: "must be a number"."""
        return "" if self._is_kind(value) else f"must be {self.kind}"

    def _is_kind(self, value: object) -> bool:
        raise NotImplementedError

    def convert(self, value: Any) -> T:
        """``value``, once ``problem`` found nothing, as this option's type."""
        return value  # type: ignore[no-any-return]

    @overload
    def __get__(self, instance: None, owner: type) -> Self: ...
    @overload
    def __get__(self, instance: OptionFile, owner: type) -> T: ...
    def __get__(self, instance: OptionFile | None, owner: type) -> Self | T:
        if instance is None:
            return self
        # A copy: a caller changing a mapping it read must not change the settings behind their back.
        return copy.deepcopy(instance._values.get(self.name, self.default))

    def __set__(self, instance: OptionFile, value: T) -> None:
        problem = self.problem(value)
        if problem:
            raise ValueError(f"{self.name} {problem}")
        instance._values[self.name] = copy.deepcopy(self.convert(value))


class TextOption(Option[str]):
    kind = "text"

    def _is_kind(self, value: object) -> bool:
        return isinstance(value, str)


class _NumberOption(Option[T]):
    def __init__(self, default: T, title: str, minimum: T, maximum: T) -> None:
        self.minimum = minimum
        self.maximum = maximum
        super().__init__(default, title)

    def problem(self, value: object) -> str:
        if not self._is_kind(value):
            return f"must be {self.kind}"
        if not self.minimum <= value <= self.maximum:  # type: ignore[operator]
            return f"must be between {self.minimum} and {self.maximum}"
        return ""


class IntOption(_NumberOption[int]):
    kind = "a whole number"

    def _is_kind(self, value: object) -> bool:
        # JSON's true is a Python int; 4.0 written by hand means 4.
        return not isinstance(value, bool) and (
            isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        )

    def convert(self, value: Any) -> int:
        return int(value)


class FloatOption(_NumberOption[float]):
    kind = "a number"

    def _is_kind(self, value: object) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)

    def convert(self, value: Any) -> float:
        return float(value)


class ChoiceOption(Option[str]):
    def __init__(self, default: str, title: str, choices: tuple[str, ...]) -> None:
        self.choices = choices
        super().__init__(default, title)

    def problem(self, value: object) -> str:
        return "" if value in self.choices else f"must be one of {', '.join(self.choices)}"


class MappingOption(Option[dict[str, Any]]):
    """A JSON object.  ``depth`` levels of objects keyed by text, with text at the bottom
    (``depth=1``: {"pgi": "test"}); without a depth, any JSON object."""

    def __init__(self, title: str, depth: int | None = None) -> None:
        self.depth = depth
        self.kind = "a JSON object" if depth is None else "a JSON object of the shape Switchboard writes"
        super().__init__({}, title)

    def _is_kind(self, value: object) -> bool:
        return isinstance(value, dict) and (self.depth is None or _text_tree(value, self.depth))


# Deeper than anything Switchboard writes: a file nested further (edited by hand, or built to hurt)
# would make every copy of its values fail with RecursionError.
MAX_NESTING = 32


def _nested_within(value: object, levels: int) -> bool:
    """Whether ``value`` holds lists and objects at most ``levels`` deep (looked at without recursion)."""
    layer = [value]
    for _ in range(levels):
        layer = [
            inner
            for item in layer
            for inner in (item.values() if isinstance(item, dict) else item if isinstance(item, list) else ())
        ]
        if not layer:
            return True
    return not any(isinstance(item, dict | list) for item in layer)


def _text_tree(value: object, depth: int) -> bool:
    if depth == 0:
        return isinstance(value, str)
    return isinstance(value, dict) and all(
        isinstance(key, str) and _text_tree(inner, depth - 1) for key, inner in value.items()
    )


# An upgrade step changes, in place, the values read from a file written by the version before it;
# it gets the folder too, for a step that moves values into a file of their own.
UpgradeStep = Callable[[dict[str, Any], Path], None]


class OptionFile:
    """The options declared on a subclass, stored as one JSON object with a ``version``.

    ``path`` None: kept in memory only, never read or written (a self-check that must leave the
    user's files alone)."""

    VERSION: ClassVar[int] = 1
    # UPGRADES[n] turns the values of a version-n file into those of version n + 1.
    UPGRADES: ClassVar[Mapping[int, UpgradeStep]] = {}

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._values: dict[str, Any] = {}
        self.unreadable = ""  # why the file could not be read at all ('' when it could, or was absent)
        self.problems: list[tuple[Option[Any], str]] = []  # the values reset to their default, and why
        if path is not None:
            self._load(path)

    @classmethod
    def options(cls) -> list[Option[Any]]:
        return [value for klass in reversed(cls.__mro__) for value in vars(klass).values()
                if isinstance(value, Option)]  # fmt: skip

    def _load(self, path: Path) -> None:
        try:
            data = read_json(path)
        except FileNotFoundError:
            return
        except OSError as exc:
            self.unreadable = exc.strerror or type(exc).__name__
            return
        except UnreadableJson as exc:
            self.unreadable = f"{path.name}: {exc}"
            return
        if not isinstance(data, dict):
            self.unreadable = f"{path.name} does not hold a JSON object"
            return
        if not _nested_within(data, MAX_NESTING):
            self.unreadable = f"{path.name}: it is nested too deeply to be read"
            return
        version = data.pop("version", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            version = 1  # the first release always wrote 1; a version that is no number is read as it
        upgraded = version < self.VERSION and self._upgrade(data, version, path)
        for option in self.options():
            if option.name not in data:
                continue
            value = data[option.name]
            problem = option.problem(value)
            if problem:
                self.problems.append((option, problem))
            else:
                self._values[option.name] = option.convert(value)
        if upgraded:
            try:
                self.save()  # the next start reads the current version: no step runs twice
            except OSError as exc:
                _log.warning("%s was upgraded in memory only: %s", path, exc)

    def _upgrade(self, data: dict[str, Any], version: int, path: Path) -> bool:
        """Run the steps from ``version`` up; False (and ``data`` as read) when one could not finish."""
        original = copy.deepcopy(data)
        try:
            for step in range(version, self.VERSION):
                self.UPGRADES[step](data, path.parent)
        except OSError as exc:
            # The values are used as read; the next start tries again from the file, still unchanged.
            _log.warning("%s could not be upgraded from version %s: %s", path, version, exc)
            data.clear()
            data.update(original)
            return False
        return True

    def save(self) -> None:
        """Write every value set (an OSError reaches the caller; the file is then unchanged)."""
        if self.path is not None:
            save_json(self.path, {"version": self.VERSION, **self._values})
