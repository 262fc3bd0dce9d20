"""The local record index: an encrypted file per environment, found by name, email, id or phone digits."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.contract.records import IndexedRecord, RecordFacts, RecordRef
from app.services.index import IndexLocked, RecordIndex, schema

KEY = "index-key-for-tests-1"
OTHER_KEY = "index-key-for-tests-2"

PRIYA = IndexedRecord(
    ref=RecordRef("client", "CL-10041"),
    title="Priya Raman",
    detail="CL-10041 · Northwind · H-1B",
    emails=("Priya.Raman@northwind.example",),
    phones=("(555) 123-4567",),
    company="Northwind Traders",
    status="Active",
    opens="client.get",
    opens_with={"clientId": "CL-10041"},
)
PASSPORT = IndexedRecord(
    ref=RecordRef("passport", "PP-501"),
    title="Passport P1234567",
    opens="passport.get",
    opens_with={"clientId": "CL-10041", "passportId": "PP-501"},
    related=(PRIYA.ref,),
)
CASE = IndexedRecord(ref=RecordRef("case", "CASE-7001"), title="H-1B petition", related=(PRIYA.ref,))
KOWALSKIS = tuple(
    IndexedRecord(ref=RecordRef("contact", str(30619400 + n)), title=f"{first} Kowalski", phones=(phone,))
    for n, (first, phone) in enumerate(
        [("Jan", "555-1234"), ("Anna", "5551234"), ("Piotr", "+48 22 555 0199"), ("Ewa", "(555) 1234")]
    )
)


def ids(hits) -> list[str]:
    return [hit.record.ref.id for hit in hits]


@pytest.fixture(params=["file", "memory"])
def index(request, tmp_path: Path) -> Iterator[RecordIndex]:
    """Every behaviour but persistence holds for the encrypted file and the in-memory index alike."""
    if request.param == "file":
        opened = RecordIndex.open(tmp_path / "index.db", KEY)
    else:
        opened = RecordIndex.in_memory()
    opened.apply(RecordFacts(seen=(PRIYA, PASSPORT, CASE, *KOWALSKIS)), seen_at=1000.0)
    yield opened
    opened.close()


def test_index_survives_a_reopen_with_its_key(tmp_path: Path) -> None:
    path = tmp_path / "inszoom-production.db"
    first = RecordIndex.open(path, KEY)
    first.apply(RecordFacts(seen=(PRIYA, PASSPORT)), seen_at=1000.0)
    first.set_meta("synced:contacts", "2030-01-14T09:00:00Z")
    first.close()

    again = RecordIndex.open(path, KEY)
    assert again.get(PRIYA.ref) == PRIYA
    assert again.related(PRIYA.ref) == [PASSPORT]
    assert again.meta("synced:contacts") == "2030-01-14T09:00:00Z"
    assert ids(again.search("raman")) == ["CL-10041"]
    again.close()


def test_file_cannot_be_opened_with_a_wrong_or_missing_key_and_holds_no_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "index.db"
    index = RecordIndex.open(path, KEY)
    index.apply(RecordFacts(seen=(PRIYA,)), seen_at=1000.0)
    index.close()

    with pytest.raises(IndexLocked, match="cannot be read with this computer's key"):
        RecordIndex.open(path, OTHER_KEY)
    with pytest.raises(IndexLocked, match="without its key"):
        RecordIndex.open(path, "")
    content = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    for plain in (b"Priya", b"Raman", b"CL-10041", b"northwind", b"SQLite format"):
        assert plain not in content
    # The failed attempts left the file as it was: the right key still opens it.
    assert RecordIndex.open(path, KEY).get(PRIYA.ref) == PRIYA


def test_two_environments_never_mix(tmp_path: Path) -> None:
    sandbox = RecordIndex.open(tmp_path / "inszoom-sandbox.db", KEY)
    production = RecordIndex.open(tmp_path / "inszoom-production.db", KEY)
    sandbox.apply(RecordFacts(seen=(PRIYA,)), seen_at=1000.0)
    production.apply(RecordFacts(seen=(CASE,)), seen_at=1000.0)

    assert sandbox.search("priya") and not production.search("priya")
    assert production.get(CASE.ref) == CASE and sandbox.get(CASE.ref) is None
    assert (sandbox.count(), production.count()) == (1, 1)


def test_a_gone_record_leaves_the_index_and_its_relations(index: RecordIndex) -> None:
    assert {r.ref for r in index.related(PRIYA.ref)} == {PASSPORT.ref, CASE.ref}

    index.apply(RecordFacts(gone=(PASSPORT.ref,)), seen_at=2000.0)

    assert index.get(PASSPORT.ref) is None
    assert index.search("P1234567") == []
    assert index.related(PRIYA.ref) == [CASE]
    index.apply(RecordFacts(gone=(PRIYA.ref,)), seen_at=2000.0)
    assert index.related(CASE.ref) == []
    assert index.get(CASE.ref) == IndexedRecord(ref=CASE.ref, title=CASE.title)


def test_a_record_seen_again_takes_what_the_answer_tells_and_keeps_the_rest(index: RecordIndex) -> None:
    married = IndexedRecord(ref=PRIYA.ref, title="Priya Sharma", emails=("priya@sharma.example",))
    index.apply(RecordFacts(seen=(married,)), seen_at=2000.0)

    kept = index.get(PRIYA.ref)
    assert kept is not None
    assert (kept.title, kept.emails) == ("Priya Sharma", ("priya@sharma.example",))
    # The answer said nothing of her phone, employer or status: what an earlier one taught stays.
    assert (kept.phones, kept.company, kept.status) == (PRIYA.phones, PRIYA.company, PRIYA.status)
    assert index.search("raman") == [] and index.search("Priya.Raman@northwind.example") == []
    assert ids(index.search("555-123-4567")) == ["CL-10041"]
    assert [(h.record.title, h.matched, h.last_seen) for h in index.search("sharma")] == [
        ("Priya Sharma", "title", 2000.0)
    ]
    assert index.count("client") == 1


def test_an_answer_naming_nobody_keeps_the_name_an_earlier_one_taught(index: RecordIndex) -> None:
    """PGi: the provision names the person; a later look-up answers only the id and the hub."""
    client = RecordRef("client", "10863894")
    provisioned = IndexedRecord(ref=client, title="Maya Okafor", detail="Client 10863894")
    looked_up = IndexedRecord(ref=client, title="", detail="Client 10863894 · hub.example.com")
    index.apply(RecordFacts(seen=(provisioned,)), seen_at=1000.0)
    index.apply(RecordFacts(seen=(looked_up,)), seen_at=2000.0)
    kept = index.get(provisioned.ref)
    assert kept is not None
    assert (kept.title, kept.detail) == ("Maya Okafor", "Client 10863894 · hub.example.com")
    assert [h.record.title for h in index.search("okafor")] == ["Maya Okafor"]


def test_an_answer_giving_no_links_keeps_the_links_an_earlier_one_gave(index: RecordIndex) -> None:
    listed = IndexedRecord(ref=PASSPORT.ref, title="Passport P1234567")  # a list row: no links
    index.apply(RecordFacts(seen=(listed,)), seen_at=2000.0)
    assert {r.ref for r in index.related(PRIYA.ref)} == {PASSPORT.ref, CASE.ref}


@pytest.mark.parametrize("typed", ["kowal", "KOWALSKI", "kowalski ewa", "ewa kowal", "Kowalski, E"])
def test_names_match_by_word_prefixes_in_any_order(index: RecordIndex, typed: str) -> None:
    hits = index.search(typed)
    assert hits and all(h.matched == "title" for h in hits)
    assert "Kowalski" in hits[0].record.title
    if "ewa" in typed.lower() or ", e" in typed.lower():
        assert [h.record.title for h in hits] == ["Ewa Kowalski"]
    else:
        assert len(hits) == 4


def test_names_starting_with_the_text_come_before_words_inside_the_name(index: RecordIndex) -> None:
    starts = IndexedRecord(ref=RecordRef("contact", "1"), title="Raman Kumar")
    index.apply(RecordFacts(seen=(starts,)), seen_at=1000.0)
    assert [h.record.title for h in index.search("raman")] == ["Raman Kumar", "Priya Raman"]
    assert [h.record.title for h in index.search("raman priya")] == ["Priya Raman"]


def test_names_match_without_their_accents(index: RecordIndex) -> None:
    index.apply(RecordFacts(seen=(IndexedRecord(ref=RecordRef("contact", "9"), title="Zoë Müller"),)), 1.0)
    assert [h.record.title for h in index.search("muller zoe")] == ["Zoë Müller"]
    assert [h.record.title for h in index.search("MÜLL")] == ["Zoë Müller"]


@pytest.mark.parametrize("typed", ["priya.raman@northwind.example", "PRIYA.RAMAN@north", "priya.raman@"])
def test_emails_match_whole_or_by_their_start(index: RecordIndex, typed: str) -> None:
    assert [(h.record.ref.id, h.matched) for h in index.search(typed)] == [("CL-10041", "email")]


def test_ids_match_exactly_first_then_by_their_start(index: RecordIndex) -> None:
    assert [(h.record.ref.id, h.matched) for h in index.search("cl-10041")] == [("CL-10041", "id")]
    assert [(h.record.ref.id, h.matched) for h in index.search("CL-100")] == [("CL-10041", "id")]
    exact_first = index.search("30619401")
    assert [(h.record.ref.id, h.matched) for h in exact_first] == [("30619401", "id")]
    assert ids(index.search("306194")) == ["30619400", "30619401", "30619402", "30619403"]


@pytest.mark.parametrize("typed", ["555-1234", "5551234", "(555) 1234", "555 1234", "1234"])
def test_phone_numbers_match_by_their_digits(index: RecordIndex, typed: str) -> None:
    hits = index.search(typed)
    assert sorted(h.record.title for h in hits) == ["Anna Kowalski", "Ewa Kowalski", "Jan Kowalski"]
    assert {h.matched for h in hits} == {"phone"}


def test_phone_numbers_match_the_end_of_a_longer_number_and_a_typed_country_code(index: RecordIndex) -> None:
    assert [h.record.title for h in index.search("123-4567")] == ["Priya Raman"]
    assert [h.record.title for h in index.search("+1 555 123 4567")] == ["Priya Raman"]
    assert [h.record.title for h in index.search("0048 22 555 0199")] == ["Piotr Kowalski"]
    # Three digits are too few to mean a phone number: nothing but ids or names could match.
    assert index.search("234") == []
    # The typed digits must end the stored number, not sit in its middle.
    assert index.search("555-12") == []


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        "'",
        '"priya',
        "priya*",
        "*",
        "-raman",
        "raman:priya",
        "(priya",
        "priya)",
        "NEAR(a b)",
        "a AND",
        "OR",
        "NOT x",
        "^",
        "{title}: x",
        "\\",
        "%",
        "_",
        "   ",
        "",
        "priya\x00",
    ],
)
def test_fts_syntax_typed_is_harmless(index: RecordIndex, typed: str) -> None:
    hits = index.search(typed)
    if any(word in typed.lower() for word in ("priya", "raman")):
        assert ids(hits) == ["CL-10041"]
    assert all(h.matched in {"id", "title", "email", "phone", "company"} for h in hits)


def test_company_words_match_last(index: RecordIndex) -> None:
    hits = index.search("northwind trad")
    assert [(h.record.title, h.matched) for h in hits] == [("Priya Raman", "company")]


def test_search_returns_at_most_the_limit(index: RecordIndex) -> None:
    assert len(index.search("kowalski", limit=2)) == 2


def test_prune_drops_records_not_seen_since(index: RecordIndex) -> None:
    index.apply(RecordFacts(seen=(PRIYA,)), seen_at=5000.0)

    assert index.prune(older_than=5000.0, now=5000.0) == 6
    assert index.count() == 1 and index.get(PRIYA.ref) == PRIYA
    assert index.related(PRIYA.ref) == []
    assert index.search("kowal") == [] and index.search("5551234") == []


def test_forget_empties_records_links_and_sync_dates(index: RecordIndex) -> None:
    index.set_meta("synced:contacts", "yesterday")
    index.forget()
    assert index.count() == 0
    assert index.search("priya") == [] and index.related(PRIYA.ref) == []
    assert index.meta("synced:contacts") is None
    index.apply(RecordFacts(seen=(PRIYA,)), seen_at=1.0)
    assert index.count("client") == 1 and index.count("case") == 0


def test_worker_threads_take_turns_on_one_index(index: RecordIndex) -> None:
    """The app calls the index through asyncio.to_thread: several threads at once must not collide."""
    more = [
        IndexedRecord(ref=RecordRef("contact", f"T-{n}"), title=f"Thread Person{n}", phones=(f"555-{n:04d}",))
        for n in range(200)
    ]

    def write(n: int) -> None:
        index.apply(RecordFacts(seen=(more[n],)), seen_at=3000.0)

    def read(n: int) -> int:
        return len(index.search("kowalski")) + len(index.search("thread"))

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, range(200)))
        counts = list(pool.map(read, range(200)))
    assert index.count("contact") == 4 + 200
    assert min(counts) == 4 + 20


# A dependent who shares the client's name, email, phone and employer, and an id starting alike.
PRIYA_AS_DEPENDENT = IndexedRecord(
    ref=RecordRef("dependent", "CL-10041-D"),
    title="Priya Raman",
    emails=PRIYA.emails,
    phones=PRIYA.phones,
    company=PRIYA.company,
)


@pytest.mark.parametrize(
    ("typed", "matched"),
    [
        ("cl-10041", "id"),
        ("CL-100", "id"),
        ("priya.raman@northwind.example", "email"),
        ("priya.raman@", "email"),
        ("priya ra", "title"),
        ("raman priya", "title"),
        ("555 123 4567", "phone"),
        ("+1 555 123 4567", "phone"),
        ("northwind trad", "company"),
    ],
)
def test_a_search_narrowed_to_some_kinds_finds_those_kinds_alone_at_every_stage(
    index: RecordIndex, typed: str, matched: str
) -> None:
    index.apply(RecordFacts(seen=(PRIYA_AS_DEPENDENT,)), seen_at=1000.0)
    assert {h.record.ref.kind for h in index.search(typed)} >= {"client", "dependent"}

    clients = index.search(typed, kinds=("client",))
    assert [(h.record.ref.id, h.matched) for h in clients] == [("CL-10041", matched)]
    dependents = index.search(typed, kinds=["dependent"])
    assert [h.record.ref.id for h in dependents] == ["CL-10041-D"]
    assert ids(index.search(typed, kinds=("passport", "case"))) == []
    assert ids(index.search(typed, kinds=("client", "dependent"))) in (
        ["CL-10041", "CL-10041-D"],
        ["CL-10041-D", "CL-10041"],
    )


def test_a_narrowed_search_fills_its_limit_with_its_kind_though_others_come_first(index: RecordIndex) -> None:
    """Newer contacts named Priya come first in a word search; a client picker still finds the client."""
    contacts = tuple(
        IndexedRecord(ref=RecordRef("contact", f"C-{n}"), title=f"Priya Contact{n}") for n in range(30)
    )
    index.apply(RecordFacts(seen=contacts), seen_at=2000.0)
    assert "CL-10041" not in ids(index.search("priya", limit=5))
    assert ids(index.search("priya", limit=5, kinds=("client",))) == ["CL-10041"]


def test_what_a_record_keeps_survives_an_answer_that_does_not_tell_it(index: RecordIndex) -> None:
    order = RecordRef("order", "ORD-1")
    placed = IndexedRecord(order, "Order ORD-1", keeps={"product": "oo-std", "licenses": 20}, keep_until=9e9)
    index.apply(RecordFacts(seen=(placed,)), seen_at=1000.0)
    cancelled = IndexedRecord(order, "Order ORD-1", status="cancelled", keeps={"licenses": 25})
    index.apply(RecordFacts(seen=(cancelled,)), seen_at=2000.0)

    kept = index.get(order)
    assert kept is not None and kept.status == "cancelled"
    assert kept.keeps == {"product": "oo-std", "licenses": 25} and kept.keep_until == 9e9
    assert index.records_of("order") == [kept]


def test_prune_keeps_a_record_needed_until_later(index: RecordIndex) -> None:
    order = IndexedRecord(RecordRef("order", "ORD-1"), "Order ORD-1", keep_until=10_000.0)
    index.apply(RecordFacts(seen=(order,)), seen_at=1000.0)

    assert index.prune(older_than=5000.0, now=6000.0) == 7  # the term still runs: the order stays
    assert index.records_of("order") == [order]
    assert index.prune(older_than=5000.0, now=10_001.0) == 1
    assert index.count() == 0


def test_an_index_of_the_first_format_is_upgraded_and_its_books_told_again(tmp_path: Path) -> None:
    import apsw

    path = tmp_path / "first.db"
    first = apsw.Connection(str(path))
    first.pragma("key", "k")
    # The first format: today's tables without the columns the upgrade adds.
    first_tables = schema.TABLES.replace("keeps TEXT NOT NULL DEFAULT '',", "")
    first.execute(first_tables.replace("keep_until REAL NOT NULL DEFAULT 0,", ""))
    first.execute(
        "INSERT INTO records VALUES (1, 'order', 'ORD-1', 'ord-1', 'Order ORD-1', 'order ord-1', '',"
        " '[]', '[]', '', 'active', 'orders', '{}', 1000.0);"
        "INSERT INTO meta VALUES ('told:orders', '1'), ('sync:contacts', '2026-01-01');"
    )
    first.pragma("user_version", 1)
    first.close()

    index = RecordIndex.open(path, "k")
    try:
        kept = index.get(RecordRef("order", "ORD-1"))
        assert kept is not None and kept.keeps == {} and kept.keep_until == 0.0
        assert index.meta("told:orders") is None  # the old order book is told again, terms and all
        assert index.meta("sync:contacts") == "2026-01-01"
    finally:
        index.close()
