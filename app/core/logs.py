"""The log file: rotating, under the platform's log directory, with every record redacted.

Logs are sent to support and pasted into tickets, so no secret may reach them.  A
filter on the file's handler rewrites every record before it is written: every
value the process has held (:mod:`app.core.secrets`: credentials and tokens, in
every spelling), the values a "secret source" the GUI sets names, bearer tokens
and JWTs wherever they appear, and whatever follows a name that means a secret
(``password=``, ``X-Api-Key:``, ``"token": …``).  The same :func:`redact` cleans
crash reports.

``SWITCHBOARD_LOG_DIR`` moves the directory (tests, portable installs).
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import re
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from app.core.activity import GENERAL, REDACTED
from app.core.secrets import redact_known, remembered

LOG_FILE_NAME = "switchboard.log"
MAX_BYTES = 1_000_000  # a log that support can open in any editor
BACKUP_COUNT = 5

# A name whose value is secret wherever it appears as key=value, "key": "value" or key: value: one
# that ends in a word meaning a secret.  Not a list of vendors' names: any vendor's header or field
# (X-AUTH-TOKEN, Ocp-Apim-Subscription-Key, AuthorizationKey, api_key) is spelled that way.
_NAMES = r"[A-Za-z0-9_-]*(?:key|token|secret|password|passwd|pwd|signature|sig|authorization|cookie)"
_NOT_A_NAME_CHAR = r"(?<![A-Za-z0-9_-])"
# "Bearer abc.def" / "Basic dXNlcjpwdw==": the scheme stays, the credential goes.
_SCHEME = re.compile(r"(?i)\b(bearer|basic)\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]{4,}")
# https://user:password@host: what stands before the host's "@" (refused where addresses are entered).
_URL_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/?#@\[\]]+@")
# A JSON Web Token anywhere (three base64url parts, the first one a JSON object: "eyJ").
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
# password='x', "token": "x", 'sig': 'x' — a quoted value after a (possibly quoted) secret name.
_QUOTED = re.compile(
    rf"(?i){_NOT_A_NAME_CHAR}({_NAMES})([\"']?\s*[:=]\s*)([\"'])((?:\\.|(?!\3).)*)\3", re.DOTALL
)
# ?sig=abc&..., X-Auth-Token: abc, api_key=abc — an unquoted value (a scheme is handled above).
_BARE = re.compile(
    rf"(?i){_NOT_A_NAME_CHAR}({_NAMES})(\s*[:=]\s*)(?!\[redacted\]|bearer\s|basic\s|[\"'])[^\s&,;\"')}}\]]+"
)

SecretSource = Callable[[], Iterable[str]]
_secret_source: SecretSource | None = None
_asking = threading.local()
_last_known: list[str] = []


def set_secret_source(source: SecretSource | None) -> None:
    """Tell the log and crash reports which values are secret right now (credentials, tokens)."""
    global _secret_source, _last_known
    _secret_source, _last_known = source, []


def known_secrets() -> list[str]:
    """Every value remembered as secret, and those the secret source names; never raises (it is
    called while reporting a failure)."""
    return [*remembered(), *_from_source()]


def _from_source() -> list[str]:
    global _last_known
    if _secret_source is None:
        return []
    # The source may read the keyring, which may log: that record gets the values known last time
    # instead of asking the source again (which would recurse).
    if getattr(_asking, "now", False):
        return list(_last_known)
    _asking.now = True
    try:
        _last_known = [str(value) for value in _secret_source() if value]
    except Exception:  # a broken source must not turn one error report into two
        return list(_last_known)
    finally:
        _asking.now = False
    return list(_last_known)


def secrets_of(workspace: Any) -> list[str]:
    """Every credential and session token of a workspace's services, for :func:`set_secret_source`."""
    values: list[str] = []
    for service in workspace.services():
        token = service.session.token
        if token is not None and token.value:
            values.append(token.value)
        try:
            credentials = service.credentials() or {}
        except Exception:  # the keyring may itself be what failed
            credentials = {}
        values.extend(credentials.values())
    return values


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every secret we can recognise replaced by ``[redacted]``."""
    if not text:
        return text
    text = redact_known(_redact_json(text), secrets)
    text = _SCHEME.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _JWT.sub(REDACTED, text)
    text = _URL_CREDENTIALS.sub(lambda m: f"{m.group(1)}{REDACTED}@", text)
    text = _QUOTED.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}{REDACTED}{m.group(3)}", text)
    return _BARE.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)


def _redact_json(text: str) -> str:
    """A message that is a JSON document gets the activity log's own redaction first."""
    stripped = text.strip()
    if stripped[:1] not in ("{", "["):
        return text
    try:
        parsed = json.loads(stripped)
    except (ValueError, RecursionError):
        return text
    return json.dumps(GENERAL.value(parsed), ensure_ascii=False)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message, traceback and stack with :func:`redact` (never drops one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = known_secrets()
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not fit its format still gets logged
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = redact(message, secrets), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, secrets)
        return True


def log_dir() -> Path:
    override = os.environ.get("SWITCHBOARD_LOG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    return Path(user_log_dir("Switchboard", appauthor=False))


def level_of(name: Any) -> int:
    """A level from the settings ("INFO", "debug", 20); anything else means INFO."""
    if isinstance(name, int) and not isinstance(name, bool):
        return name
    level = logging.getLevelName(str(name).strip().upper())
    return level if isinstance(level, int) else logging.INFO


class SwitchboardLogHandler(logging.handlers.RotatingFileHandler):
    """The app's own file handler (a distinct class, so setting up again replaces it)."""


def setup_logging(
    level: Any = "INFO",
    directory: Path | None = None,
    max_bytes: int = MAX_BYTES,
    backup_count: int = BACKUP_COUNT,
) -> Path | None:
    """Log to ``<log dir>/switchboard.log``, rotated; answer its path (None when it cannot be written).

    A log directory that cannot be created must not stop the app: it then runs without a log file.
    """
    directory = directory or log_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handler = SwitchboardLogHandler(
            directory / LOG_FILE_NAME, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8"
        )
    except OSError:
        return None
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, SwitchboardLogHandler)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    set_log_level(level)
    return directory / LOG_FILE_NAME


def set_log_level(level: Any) -> None:
    """How much the log keeps, from now on (Settings › Detail in the log file)."""
    logging.getLogger().setLevel(level_of(level))
    # One line per request at INFO would drown the app's own records (the Activity panel has them).
    for noisy in ("httpx", "httpcore", "hpack", "asyncio", "qasync", "keyring"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, level_of(level)))
