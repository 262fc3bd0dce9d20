"""The simulators' published demo credentials, in a module that imports nothing.

The app reads these at start-up (the sandbox uses them until the user saves their own),
so they must not pull in the simulators, starlette and their seed data before the
window is painted.  Each simulator takes its own entry from here.
"""

from __future__ import annotations


def demo_credentials(vendor: str) -> dict[str, str]:
    """The sandbox's published demo credentials for ``vendor`` (empty if it has no simulator)."""
    return dict(DEMO_CREDENTIALS.get(vendor, {}))


DEMO_CREDENTIALS: dict[str, dict[str, str]] = {
    "inszoom": {
        "authorization_key": "demo-inszoom-authorization-key",
        "subscription_key": "demo-inszoom-subscription-key",
    },
    "pgi": {"api_key": "pgi-demo-key-2026"},
    "iinsight": {"username": "demo.rehab", "password": "sandbox-pass"},
    "oneoffice": {"api_key": "oo-sandbox-demo-key-7f3a91c2"},
    "iqreseller": {"api_key": "iqr-sandbox-demo-key-4b8e2d17"},
}
