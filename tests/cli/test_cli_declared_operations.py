"""Operations an administrator declared (operations.json, the organisation profile) are CLI ids like
the catalog's own: listed, with --help, checked, and sent exactly as declared."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from app.sandbox.registry import Sandbox
from tests.cli.test_cli import call, error_of
from tests.cli.test_cli_iqreseller_oneoffice import sandbox_in_this_process

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "iqreseller-operations.json"


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Sandbox, str]]:
    with sandbox_in_this_process("iqreseller") as running:
        yield running


@pytest.fixture
def declared(tmp_path) -> Path:
    shutil.copy(EXAMPLE, tmp_path / "operations.json")
    return tmp_path


def iqr(served, config: Path, operation: str, *args: str):
    sandbox, origin = served
    journal = sandbox.control("iqreseller").journal
    before = len(journal)
    result = call(
        "iqreseller",
        operation,
        *args,
        "--url",
        f"signin={origin}/iqreseller/signin",
        "--url",
        f"api={origin}/iqreseller/api",
        config_dir=config,
    )
    return result, [r for r in list(journal)[before:] if r.host == "api"]


def test_declared_operations_are_listed_and_have_help(declared):
    listed = call("--list", config_dir=declared)
    assert listed.returncode == 0
    lines = {line.split()[1]: line for line in listed.stdout.splitlines() if line.startswith("iqreseller ")}
    assert "so.list" in lines and "Page* PageSize* SortBy" in lines["so.list"]
    assert "so.update_fields" in lines and "soid*" in lines["so.update_fields"]
    shown = call("iqreseller", "so.list", "--help", config_dir=declared)
    assert shown.returncode == 0 and "GET /webapi.svc/SO/JSON/GetSOs" in shown.stdout


def test_all_pages_of_sales_orders_from_page_zero(served, declared):
    result, sent = iqr(served, declared, "so.list", "-p", "PageSize=100", "-p", "SortBy=0", "--all-pages")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 236
    asked = sorted((dict(parse_qsl(r.query)) for r in sent), key=lambda query: int(query["Page"]))
    # Pages are asked several at once, so they arrive in any order; the first is page 0.
    assert asked[:3] == [{"Page": str(page), "PageSize": "100", "SortBy": "0"} for page in (0, 1, 2)]


def test_a_declared_required_parameter_is_never_invented(served, declared):
    result, sent = iqr(served, declared, "so_detail.list")
    assert result.returncode == 2 and sent == []
    assert "SOid" in error_of(result)["fields"]


def test_an_orders_own_fields_go_as_one_order_in_the_sos_list(served, declared):
    result, sent = iqr(served, declared, "so.update_fields", "-p", "soid=1813", "-p", "userdefined2=DHL")
    assert result.returncode == 0, result.stderr
    assert sent[-1].method == "POST" and sent[-1].path.endswith("/SO/UDFS/JSON")
    assert json.loads(sent[-1].body) == {"sos": [{"soid": 1813, "userdefined2": "DHL"}]}


def test_without_the_file_the_ids_do_not_exist(tmp_path):
    result = call("iqreseller", "so.list", "--help", config_dir=tmp_path)
    assert result.returncode == 2 and "has no operation 'so.list'" in result.stderr


def test_a_bad_file_is_said_on_stderr_and_the_catalog_works(tmp_path):
    (tmp_path / "operations.json").write_text('{"format": 1, "vendors": {"acme": {}}}', encoding="utf-8")
    listed = call("--list", config_dir=tmp_path)
    assert listed.returncode == 0 and "cv.list" in listed.stdout
    assert "operations.json was not used: “acme” is not a vendor" in listed.stderr


def test_the_organisation_profiles_operations_are_cli_ids_too(tmp_path):
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    profile = {"format": 1, "organisation": "Northwind", "vendors": example["vendors"]}
    (tmp_path / "organisation-profile.json").write_text(json.dumps(profile), encoding="utf-8")
    listed = call("--list", config_dir=tmp_path)
    assert listed.returncode == 0 and "iqreseller  condition.list" in listed.stdout
    shown = call("iqreseller", "so_detail.list", "--help", config_dir=tmp_path)
    assert shown.returncode == 0 and "SOid" in shown.stdout
