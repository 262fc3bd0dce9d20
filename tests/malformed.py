"""Organisation profiles and settings files a person or a script could leave behind, or one built to
hurt: each with a phrase of what the app says about it."""

from __future__ import annotations

import json

PROFILE = "organisation-profile.json"


def profile_with_address(url: str) -> bytes:
    return json.dumps({"format": 1, "vendors": {"pgi": {"base_urls": {"production": {"api": url}}}}}).encode()


PROFILES = {
    "nested 100,000 levels": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "nested 990 levels of objects": (
        b'{"format": 1, "vendors": ' + b'{"a": ' * 990 + b"1" + b"}" * 990 + b"}",
        "nested too deeply",
    ),
    "a revision of 5,000 digits": (b'{"format": 1, "revision": ' + b"7" * 5000 + b"}", "number too long"),
    "an address Python cannot split": (profile_with_address("https://[::1"), "is not a web address"),
    "an address with a line break": (profile_with_address("https://pgi.example.com\r\nX: 1"), "line break"),
    "an address with a tab": (profile_with_address("https://pgi.example.com/\tv1"), "a tab"),
    "an address with a space": (profile_with_address("https://pgi.example .com"), "a space"),
    "port 99999": (profile_with_address("https://pgi.example.com:99999"), "is not a web address"),
    "bytes that are not UTF-8": (b'{"format": 1, "organisation": "caf\xe9 \xff"}', "not UTF-8 text"),
    "a list instead of an object": (b'[{"format": 1}]', "must be a JSON object"),
}


SETTINGS = {
    "nested 100,000 levels": (
        b'{"environment": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "nested too deeply",
    ),
    "nested 900 levels of objects": (
        b'{"organisation_profile": ' + b'{"a": ' * 900 + b"1" + b"}" * 900 + b"}",
        "nested too deeply",
    ),
    "a number of 5,000 digits": (b'{"version": 2, "timeout_s": ' + b"9" * 5000 + b"}", "number too long"),
    "bytes that are not UTF-8": (b'{"version": 2, "appearance": "d\xe9rk \xff"}', "not UTF-8 text"),
    "a list instead of an object": (b"[1, 2, 3]", "does not hold a JSON object"),
}
