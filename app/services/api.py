"""What the window may use from below the wiring layer, named in one place.

app/ui imports app/services and app/contract only (an import contract in pyproject.toml says so);
the machinery a widget needs from core — a service's type, a session's state, the page walker, the
redaction of secrets — reaches it through this list, so a reader sees the window's whole dependency
on the layers below at a glance, and a change down there that the window would feel shows here.
"""

from __future__ import annotations

from app.core.activity import ActivityEntry, ActivityLog
from app.core.cells import inert_cell, inert_cells
from app.core.credentials import CredentialStore, Source, credential_problems
from app.core.executor import Result
from app.core.http import ca_bundle_problem
from app.core.logs import (
    SecretSource,
    known_secrets,
    redact,
    secrets_of,
    set_log_level,
    set_secret_source,
    setup_logging,
)
from app.core.pagination import as_rows, fetch_all_pages, is_last_page
from app.core.prepare import coerce, is_blank
from app.core.secrets import remember
from app.core.service import VendorService, check_connection
from app.core.session import SessionState, SessionStatus
from app.core.xml_answer import indented as indented_xml
from app.core.xml_answer import parse as parse_xml
from app.core.xml_answer import records as xml_records
from app.sandbox.demo import demo_credentials

__all__ = [
    "ActivityEntry",
    "ActivityLog",
    "CredentialStore",
    "Result",
    "SecretSource",
    "SessionState",
    "SessionStatus",
    "Source",
    "VendorService",
    "as_rows",
    "ca_bundle_problem",
    "check_connection",
    "coerce",
    "credential_problems",
    "demo_credentials",
    "fetch_all_pages",
    "indented_xml",
    "inert_cell",
    "inert_cells",
    "is_blank",
    "is_last_page",
    "known_secrets",
    "parse_xml",
    "redact",
    "remember",
    "secrets_of",
    "set_log_level",
    "set_secret_source",
    "setup_logging",
    "xml_records",
]
