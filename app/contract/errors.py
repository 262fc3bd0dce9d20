"""Typed errors of the service layer.

Every failure the user can meet is one of these; each carries a sentence the
user can act on (``message``), a machine ``kind`` (used by the CLI's JSON and
exit codes) and, for validation, a message per field so the UI can put each one
next to its field.
"""

from __future__ import annotations

from typing import Any


class SwitchboardError(Exception):
    kind = "error"
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "status": None, "fields": {}}


class ValidationError(SwitchboardError):
    """Input refused before anything was sent (or by the vendor, per field)."""

    kind = "validation"
    exit_code = 2

    def __init__(self, fields: dict[str, str], message: str | None = None) -> None:
        count = len(fields)
        default = (
            "Please correct the highlighted field."
            if count == 1
            else (f"Please correct the {count} highlighted fields.")
        )
        super().__init__(message or default)
        self.fields = fields

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "fields": dict(self.fields)}


class UsageError(SwitchboardError):
    """The request cannot be built at all (unknown operation, bad JSON text...)."""

    kind = "usage"
    exit_code = 2


class AuthError(SwitchboardError):
    """Credentials missing or refused, or a token refused after one re-authentication."""

    kind = "auth"
    exit_code = 3

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "status": self.status}


class RemoteError(SwitchboardError):
    """The vendor answered with an error (or with something that is not JSON)."""

    kind = "remote"
    exit_code = 1

    def __init__(
        self,
        message: str,
        status: int | None,
        vendor_message: str | None = None,
        fields: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.vendor_message = vendor_message
        self.fields = fields or {}

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "status": self.status, "fields": dict(self.fields)}


class NetworkError(SwitchboardError):
    """The vendor could not be reached, or did not answer in time."""

    kind = "network"
    exit_code = 4


class OutcomeUnknown(NetworkError):
    """A write was sent but no answer came: the vendor may or may not have done it."""

    kind = "unknown_outcome"


class ConfirmationRequired(SwitchboardError):
    """The vendor asks the user to confirm (iinsight's possible-duplicate check)."""

    kind = "confirmation"
    exit_code = 5

    def __init__(self, message: str, confirm_param: str, candidates: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.confirm_param = confirm_param
        self.candidates = candidates

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "candidates": self.candidates, "confirm": self.confirm_param}


class OperationCancelled(SwitchboardError):
    """The user cancelled long-running work."""

    kind = "cancelled"
    exit_code = 130

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)
