"""``python -m app find TEXT``: what this computer knows, then what the vendors answer, as one JSON array."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.loopback import serve_sandbox


@pytest.fixture(scope="module")
def sandbox() -> Iterator[dict[str, str]]:
    with serve_sandbox("inszoom") as served:
        yield served


def run(*args: str, tmp_path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    environment.update(
        {
            "SWITCHBOARD_CONFIG_DIR": str(tmp_path / "config"),
            # A keyring of the test's own, shared by its processes: the index key outlives one command.
            "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring",
            "SWITCHBOARD_TEST_KEYRING": str(tmp_path / "keyring.json"),
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=environment, timeout=60
    )


def test_find_returns_the_inszoom_client_created_by_the_previous_command(sandbox, tmp_path):
    body = {"FirstName": "Zofia", "LastName": "Kowalczyk", "Email": "zofia.k@northwind.example"}
    created = run(
        "call", "inszoom", "client.create", "--url", f"api={sandbox['inszoom api']}",
        "--body", json.dumps(body), tmp_path=tmp_path,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    client_id = json.loads(created.stdout)["Id"]

    for typed in ("kowalc", "zofia kowalczyk", "zofia.k@northwind.example", client_id):
        found = run("find", typed, "--vendor", "inszoom", tmp_path=tmp_path)
        assert found.returncode == 0, found.stderr
        hits = json.loads(found.stdout)
        mine = [hit for hit in hits if hit["id"] == client_id]
        assert mine, (typed, hits)
        assert mine[0] == {
            "vendor": "inszoom",
            "kind": "Client",
            "id": client_id,
            "title": "Zofia Kowalczyk",
            "detail": mine[0]["detail"],
            "environment": "sandbox",
            "source": "index",
        }
    # The index file is encrypted: nothing of the client is in it in clear.
    index_files = [path for path in (tmp_path / "config" / "index").rglob("*") if path.is_file()]
    assert index_files
    for path in index_files:
        assert b"Kowalczyk" not in path.read_bytes(), path


def test_find_keeps_the_cli_contract_for_bad_input(tmp_path):
    too_short = run("find", "k", tmp_path=tmp_path)
    assert too_short.returncode == 2
    assert json.loads(too_short.stdout)["error"]["kind"] == "usage"
    unknown = run("find", "kowal", "--vendor", "nobody", tmp_path=tmp_path)
    assert unknown.returncode == 2
    assert "Unknown or unavailable vendor" in unknown.stderr


def test_live_hits_name_the_record_by_its_own_id(tmp_path):
    """IQ Reseller is asked live (its CVs are searched on the vendor): each hit's id is the CV's."""
    found = run("find", "a", "--vendor", "iqreseller", tmp_path=tmp_path)
    assert found.returncode == 2  # one letter is too short: a usage error, nothing asked
    found = run("find", "an", "--vendor", "iqreseller", tmp_path=tmp_path)
    assert found.returncode == 0, found.stderr
    hits = [hit for hit in json.loads(found.stdout) if hit["source"] == "live"]
    assert hits
    assert all(hit["id"].isdigit() for hit in hits), hits  # CVIDs, never the method's area "CV"
