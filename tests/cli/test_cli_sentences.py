"""Whatever is typed, ``python -m app call`` answers a sentence and the documented exit code, never a
traceback (real processes; nothing here reaches a server: each is refused before anything is sent)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.cli.test_cli import CLOSED_PORT_URL, call, error_of


def said_once(result) -> str:
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    [line] = result.stderr.strip().splitlines()
    return line


def test_a_body_nested_past_python_s_reader_is_a_usage_error(tmp_path):
    deep = '{"a":' * 20_000 + "1" + "}" * 20_000
    result = call("pgi", "client.get", "--url", f"api={CLOSED_PORT_URL}", "--body", deep, config_dir=tmp_path)
    assert result.returncode == 2
    assert said_once(result) == "--body nests more than 100 levels deep; no vendor takes that."


def test_a_body_nested_deeper_than_a_vendor_takes_is_refused_before_it_is_sent(tmp_path):
    # 500 levels: Python reads it, and an open body would keep it as typed for INSZoom.
    deep = '{"a":' * 500 + "1" + "}" * 500
    result = call("inszoom", "client.create", "--url", f"api={CLOSED_PORT_URL}", "--body", deep,
                  config_dir=tmp_path)  # fmt: skip
    assert result.returncode == 2
    assert "nests more than 100 levels" in said_once(result)


def test_an_id_of_100_kb_is_a_usage_error_naming_the_field(tmp_path):
    huge = "clientId=" + "x" * 100_000
    result = call("inszoom", "client.get", "--url", f"api={CLOSED_PORT_URL}", "-p", huge, config_dir=tmp_path)
    assert result.returncode == 2
    assert said_once(result) == (
        "clientId is 100,000 characters long; a value sent in the address may have at most 4,096."
    )
    assert error_of(result)["kind"] == "usage"


def test_an_id_at_the_limit_is_not_refused_for_its_length(tmp_path):
    result = call("inszoom", "client.get", "--url", f"api={CLOSED_PORT_URL}", "-p", "clientId=" + "x" * 4_096,
                  config_dir=tmp_path)  # fmt: skip
    assert result.returncode == 4  # sent, to a port nobody listens on
    assert "characters long" not in result.stderr


@pytest.mark.parametrize(
    "url", ["http://[::1", "javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/x"]
)
def test_an_address_that_is_not_a_web_address_is_a_usage_error(tmp_path, url):
    result = call("pgi", "client.get", "-p", "clientid=1", "--url", f"api={url}", config_dir=tmp_path)
    assert result.returncode == 2
    assert said_once(result).startswith(f"--url api={url} is not a web address")


def test_a_key_with_a_character_a_header_cannot_carry_names_the_credential(tmp_path):
    result = call("pgi", "client.get", "-p", "clientid=1", "--url", f"api={CLOSED_PORT_URL}",
                  env={"SWITCHBOARD_PGI_API_KEY": "abc\u2019"}, config_dir=tmp_path)  # fmt: skip
    assert result.returncode == 3  # authentication, as every credential problem (docstring of app/cli.py)
    line = said_once(result)
    assert "API key holds a character a request header cannot carry" in line
    assert "abc" not in line


# A fault no layer expects, put where the command builds its workspace: every case a person can
# type is handled above, so the last resort is reached only by a bug, which this stands for.
UNEXPECTED = """
import sys
from app.services import workspace
def broken(self, *args, **kwargs):
    raise RuntimeError("the table was not ready, api_key=s3cr3t-value")
workspace.Workspace.service = broken
from app.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_an_unexpected_problem_is_one_sentence_and_the_traceback_only_in_the_log(tmp_path):
    logs = tmp_path / "logs"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    environment.update({"SWITCHBOARD_NO_KEYRING": "1", "SWITCHBOARD_CONFIG_DIR": str(tmp_path),
                        "SWITCHBOARD_LOG_DIR": str(logs)})  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", UNEXPECTED, "pgi", "client.get", "-p", "clientid=1",
         "--url", f"api={CLOSED_PORT_URL}"],
        capture_output=True, text=True, env=environment, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert said_once(result) == (
        "Switchboard hit an unexpected problem: RuntimeError: the table was not ready, api_key=[redacted]; "
        f"the log at {logs / 'switchboard.log'} has the details."
    )
    log = (logs / "switchboard.log").read_text()
    assert "Traceback" in log and "RuntimeError: the table was not ready" in log
    assert "s3cr3t" not in log + result.stdout + result.stderr
