"""Recent and pinned records: kept across restarts, pinned first, capped, never a secret."""

from __future__ import annotations

from app.services.recent import RECENT_PER_VENDOR, RecentRecords, Remembered


def remembered(n: int, vendor: str = "pgi") -> Remembered:
    return Remembered(vendor, "sandbox", f"Client {n}", str(n), "client.get", {"clientId": str(n)})


def test_pinned_first_then_most_recent_and_kept_across_restarts(tmp_path):
    path = tmp_path / "recent.json"
    records = RecentRecords(path)
    for n in range(3):
        records.remember(remembered(n))
    records.set_pinned(remembered(0), True)
    reopened = RecentRecords(path)
    assert [r.title for r in reopened.for_vendor("pgi")] == ["Client 0", "Client 2", "Client 1"]
    assert reopened.for_vendor("pgi")[0].pinned


def test_opening_a_record_again_moves_it_up_and_keeps_its_pin(tmp_path):
    records = RecentRecords(tmp_path / "recent.json")
    records.remember(remembered(1))
    records.set_pinned(remembered(1), True)
    records.remember(remembered(2))
    records.remember(remembered(1))
    assert [(r.title, r.pinned) for r in records.for_vendor("pgi")] == [
        ("Client 1", True),
        ("Client 2", False),
    ]


def test_recent_records_are_capped_per_vendor_but_pins_stay(tmp_path):
    records = RecentRecords(tmp_path / "recent.json")
    records.remember(remembered(999))
    records.set_pinned(remembered(999), True)
    for n in range(RECENT_PER_VENDOR + 5):
        records.remember(remembered(n))
    records.remember(remembered(1, vendor="iinsight"))
    pgi = records.for_vendor("pgi")
    assert len(pgi) == RECENT_PER_VENDOR + 1
    assert pgi[0].title == "Client 999"
    assert len(records.for_vendor("iinsight")) == 1


def test_a_damaged_file_starts_an_empty_list(tmp_path):
    path = tmp_path / "recent.json"
    path.write_text("{oops")
    assert RecentRecords(path).all() == []
