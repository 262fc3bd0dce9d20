"""Deterministic seed data: the address book of an Australian injury-management firm.

Companies are insurers (claims agents), employers, medical and allied-health practices
and law firms in real Australian suburbs.  Every phone number is taken from the ranges
ACMA reserves for fiction ((0X) 5550 xxxx, (0X) 7010 xxxx, 0491 57x xxx), so no real
person can be rung by mistake.  A fixed random seed makes every run identical.

Fixed records a tester can rely on (ids never change):

- case 1 is ``NAT111``: contact 101 Olivia Nguyen (bill to + referrer, 3 invoices,
  so delete is refused), 102 Daniel Kowalski (employer + bill to cc, no invoices,
  deletable), 103 Dr Sarah Whitfield (treating GP, no role), 104 Michael O'Brien
  (bill to cc, disabled on the case);
- contacts 105 and 106 are both "John Citizen", phone1 "(02) 5550 4321": a new contact
  with that name and phone triggers the duplicate confirmation listing both.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.sandbox.iinsight.store import Case, Contact, Store

SEED = 20241111
SEED_START = date(2019, 1, 1)
SEED_END = date(2026, 6, 30)  # seeded records are never newer; API changes always are
CASE_COUNT = 60


@dataclass(frozen=True)
class Place:
    suburb: str
    postcode: str
    state: str
    council: str
    latitude: str
    longitude: str


def _place(suburb: str, postcode: str, state: str, council: str, lat: str, lon: str) -> Place:
    return Place(suburb, postcode, state, council, lat, lon)


NSW, VIC, QLD, WA, SA, TAS, ACT, NT = (
    "New South Wales",
    "Victoria",
    "Queensland",
    "Western Australia",
    "South Australia",
    "Tasmania",
    "Australian Capital Territory",
    "Northern Territory",
)

PLACES: tuple[Place, ...] = (
    _place("Sydney", "2000", NSW, "City of Sydney", "-33.8688", "151.2093"),
    _place("Parramatta", "2150", NSW, "City of Parramatta", "-33.8150", "151.0011"),
    _place("Caringbah South", "2229", NSW, "Sutherland Shire Council", "-34.0560", "151.1230"),
    _place("Chatswood", "2067", NSW, "City of Willoughby", "-33.7969", "151.1803"),
    _place("Penrith", "2750", NSW, "City of Penrith", "-33.7511", "150.6942"),
    _place("Liverpool", "2170", NSW, "City of Liverpool", "-33.9200", "150.9230"),
    _place("Newcastle", "2300", NSW, "City of Newcastle", "-32.9283", "151.7817"),
    _place("Wollongong", "2500", NSW, "City of Wollongong", "-34.4278", "150.8931"),
    _place("Blacktown", "2148", NSW, "City of Blacktown", "-33.7710", "150.9060"),
    _place("Bondi Junction", "2022", NSW, "Waverley Council", "-33.8930", "151.2500"),
    _place("Hornsby", "2077", NSW, "Hornsby Shire Council", "-33.7030", "151.0990"),
    _place("Gosford", "2250", NSW, "Central Coast Council", "-33.4250", "151.3420"),
    _place("Wagga Wagga", "2650", NSW, "City of Wagga Wagga", "-35.1082", "147.3598"),
    _place("Dubbo", "2830", NSW, "Dubbo Regional Council", "-32.2430", "148.6040"),
    _place("North Sydney", "2060", NSW, "North Sydney Council", "-33.8390", "151.2070"),
    _place("Melbourne", "3000", VIC, "City of Melbourne", "-37.8136", "144.9631"),
    _place("Geelong", "3220", VIC, "City of Greater Geelong", "-38.1499", "144.3617"),
    _place("Dandenong", "3175", VIC, "City of Greater Dandenong", "-37.9870", "145.2150"),
    _place("Box Hill", "3128", VIC, "City of Whitehorse", "-37.8190", "145.1220"),
    _place("Footscray", "3011", VIC, "City of Maribyrnong", "-37.8000", "144.9000"),
    _place("Ballarat Central", "3350", VIC, "City of Ballarat", "-37.5622", "143.8503"),
    _place("Bendigo", "3550", VIC, "City of Greater Bendigo", "-36.7570", "144.2794"),
    _place("Frankston", "3199", VIC, "City of Frankston", "-38.1440", "145.1260"),
    _place("Richmond", "3121", VIC, "City of Yarra", "-37.8230", "144.9980"),
    _place("Brisbane City", "4000", QLD, "City of Brisbane", "-27.4698", "153.0251"),
    _place("Southport", "4215", QLD, "City of Gold Coast", "-27.9670", "153.4000"),
    _place("Townsville City", "4810", QLD, "City of Townsville", "-19.2590", "146.8169"),
    _place("Cairns City", "4870", QLD, "Cairns Regional Council", "-16.9203", "145.7710"),
    _place("Toowoomba City", "4350", QLD, "Toowoomba Regional Council", "-27.5598", "151.9507"),
    _place("Maroochydore", "4558", QLD, "Sunshine Coast Council", "-26.6590", "153.0990"),
    _place("Ipswich", "4305", QLD, "City of Ipswich", "-27.6140", "152.7580"),
    _place("Fortitude Valley", "4006", QLD, "City of Brisbane", "-27.4570", "153.0340"),
    _place("Perth", "6000", WA, "City of Perth", "-31.9505", "115.8605"),
    _place("Fremantle", "6160", WA, "City of Fremantle", "-32.0569", "115.7439"),
    _place("Joondalup", "6027", WA, "City of Joondalup", "-31.7440", "115.7660"),
    _place("Osborne Park", "6017", WA, "City of Stirling", "-31.9000", "115.8100"),
    _place("Bunbury", "6230", WA, "City of Bunbury", "-33.3270", "115.6410"),
    _place("Adelaide", "5000", SA, "City of Adelaide", "-34.9285", "138.6007"),
    _place("Mount Gambier", "5290", SA, "City of Mount Gambier", "-37.8290", "140.7820"),
    _place("Port Adelaide", "5015", SA, "City of Port Adelaide Enfield", "-34.8460", "138.5030"),
    _place("Elizabeth", "5112", SA, "City of Playford", "-34.7200", "138.6700"),
    _place("Hobart", "7000", TAS, "City of Hobart", "-42.8821", "147.3272"),
    _place("Launceston", "7250", TAS, "City of Launceston", "-41.4332", "147.1441"),
    _place("Devonport", "7310", TAS, "City of Devonport", "-41.1800", "146.3500"),
    _place("Canberra", "2601", ACT, "ACT Government", "-35.2809", "149.1300"),
    _place("Belconnen", "2617", ACT, "ACT Government", "-35.2380", "149.0680"),
    _place("Phillip", "2606", ACT, "ACT Government", "-35.3500", "149.0900"),
    _place("Darwin City", "0800", NT, "City of Darwin", "-12.4634", "130.8456"),
    _place("Alice Springs", "0870", NT, "Alice Springs Town Council", "-23.6980", "133.8807"),
    _place("Palmerston City", "0830", NT, "City of Palmerston", "-12.4800", "130.9830"),
)

AREA_CODES = {NSW: "02", ACT: "02", VIC: "03", TAS: "03", QLD: "07", WA: "08", SA: "08", NT: "08"}
# ACMA's fictional mobile numbers.
MOBILES = (
    "0491 570 006", "0491 570 156", "0491 570 157", "0491 570 158", "0491 570 159",
    "0491 570 110", "0491 570 313", "0491 570 737", "0491 571 266", "0491 571 491",
    "0491 571 804", "0491 572 549", "0491 572 665", "0491 572 983", "0491 573 770",
    "0491 573 087", "0491 574 118", "0491 574 632", "0491 575 254", "0491 575 789",
    "0491 576 398", "0491 576 801", "0491 577 426", "0491 577 644", "0491 578 957",
    "0491 578 148", "0491 578 888", "0491 579 212", "0491 579 760", "0491 579 455",
)  # fmt: skip

STREETS = (
    "Phillip Street", "George Street", "Pitt Street", "Church Street", "High Street", "Main Road",
    "Victoria Road", "Station Street", "King Street", "Queen Street", "Macquarie Street",
    "Elizabeth Street", "Burraneer Bay Road", "Pacific Highway", "Bridge Road", "Smith Street",
    "Collins Street", "Bourke Street", "Adelaide Street", "Hay Street", "Murray Street",
    "Flinders Street", "Grenfell Street", "Liverpool Street", "Railway Parade", "Beach Road",
)  # fmt: skip

FIRST_NAMES = (
    "Olivia", "Charlotte", "Amelia", "Isla", "Mia", "Ava", "Grace", "Chloe", "Emily", "Sophie",
    "Ruby", "Zoe", "Hannah", "Priya", "Mei", "Aisha", "Fatima", "Leilani", "Sienna", "Jessica",
    "Rebecca", "Kate", "Megan", "Tara", "Naomi", "Anh", "Sakura", "Elena", "Maria", "Lucy",
    "Jack", "Oliver", "William", "Noah", "Thomas", "James", "Lachlan", "Cooper", "Liam", "Ethan",
    "Daniel", "Michael", "Matthew", "Benjamin", "Samuel", "Joshua", "Ryan", "Nathan", "Raj", "Wei",
    "Minh", "Omar", "Hamish", "Angus", "Connor", "Luca", "Marco", "Nikolai", "Tane", "Jarrah",
    "Peter", "David", "Andrew", "Mark", "Stephen", "Karen", "Michelle", "Lisa", "Nicole", "Sharon",
)  # fmt: skip

LAST_NAMES = (
    "Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Johnson", "White", "Martin",
    "Anderson", "Thompson", "Nguyen", "Thomas", "Walker", "Harris", "Lee", "Ryan", "Robinson",
    "Kelly", "King", "Davis", "Wright", "Evans", "Roberts", "Green", "Hall", "Wood", "Jackson",
    "Clarke", "Patel", "Singh", "Chen", "Wang", "Li", "Tran", "Kumar", "Sharma", "Papadopoulos",
    "Rossi", "Bianchi", "Kowalski", "Novak", "O'Brien", "O'Connor", "McDonald", "Campbell",
    "Stewart", "Murphy", "Hughes", "Edwards", "Mitchell", "Turner", "Collins", "Baker", "Young",
    "Scott", "Morris", "Cooper", "Ward", "Watson", "Richardson", "Fraser", "Kennedy", "Graham",
    "Nakamura", "Tanaka", "Kim", "Park", "Haddad", "Khoury", "Ahmed", "Hussain", "Vu", "Pham",
    "Fitzgerald", "Sullivan", "Byrne", "Doyle", "Quinn", "Dimitriou", "Georgiou", "Costa", "Silva",
)  # fmt: skip

INSURERS = (
    "Southern Cross Workers Insurance", "Harbour Mutual Insurance", "Eureka Workers Compensation",
    "Coral Coast Insurance", "Wattle Assurance", "Great Dividing Insurance Group",
    "Bluegum Workcover Services", "Tasman Claims Management", "Kookaburra Insurance",
    "Murray River Mutual", "Outback Underwriting Agency", "Pinnacle Compensation Services",
    "Ironbark Insurance", "Sunstate Claims Services",
)  # fmt: skip
EMPLOYER_PREFIXES = (
    "Coastal", "Summit", "Red Earth", "Harbourview", "Eastside", "Riverina", "Goldfields", "Bayside",
    "Highland", "Metro", "Northern", "Westgate", "Blue Mountains", "Greenfield", "Ironstone",
    "Sandstone", "Southern", "Pacific", "Capital", "Heritage",
)  # fmt: skip
INDUSTRIES = (
    "Logistics", "Constructions", "Civil", "Aged Care", "Meat Processing", "Transport",
    "Hospitality Group", "Mining Services", "Plumbing", "Electrical", "Manufacturing", "Retail Group",
    "Cleaning Services", "Landscaping", "Warehousing", "Security Services", "Steel Fabrication",
    "Health Services", "Nurseries", "Roofing",
)  # fmt: skip
PRACTICES = (
    "Family Medical Centre", "Physiotherapy", "Orthopaedic Specialists", "Psychology Clinic",
    "Occupational Therapy", "Medical Imaging", "Pain Management Centre", "Hand Therapy",
    "Sports Medicine", "Exercise Physiology",
)  # fmt: skip
LAW_SUFFIXES = ("Lawyers", "Solicitors", "& Associates", "Legal", "Partners")

# kind -> (departments, positions, job titles)
ROLES: dict[str, tuple[Sequence[str], Sequence[str], Sequence[str]]] = {
    "insurer": (
        ("Claims", "Case Management", "Accounts", "Injury Management", "Recoveries"),
        ("Case Manager", "Claims Officer", "Senior Case Manager", "Injury Management Advisor",
         "Team Leader", "Accounts Payable Officer", "Claims Assistant", "Account Manager"),
        ("Workers Compensation Specialist", "Return to Work Specialist", "Claims Specialist"),
    ),
    "employer": (
        ("Human Resources", "Work Health & Safety", "Payroll", "Operations", "Accounts"),
        ("Human Resources Manager", "Return to Work Coordinator", "WHS Officer", "Payroll Officer",
         "Operations Manager", "Site Supervisor", "Accounts Officer"),
        ("People & Culture Lead", "Safety Advisor", "Injury Coordinator"),
    ),
    "medical": (
        ("Clinical", "Reception", "Administration"),
        ("General Practitioner", "Physiotherapist", "Orthopaedic Surgeon", "Psychologist",
         "Occupational Therapist", "Practice Manager", "Receptionist", "Radiologist"),
        ("Treating Practitioner", "Principal", "Senior Clinician"),
    ),
    "legal": (
        ("Personal Injury", "Litigation", "Workers Compensation"),
        ("Solicitor", "Senior Associate", "Partner", "Paralegal", "Law Clerk"),
        ("Accredited Specialist", "Claims Lawyer"),
    ),
}  # fmt: skip
DOCTOR_POSITIONS = {"General Practitioner", "Orthopaedic Surgeon", "Radiologist", "Psychologist"}
NOTES = (
    "Prefers contact by email.", "Available Monday to Wednesday.", "Send reports to the claims inbox.",
    "Part-time, call before 2pm.", "Copy the team leader on all correspondence.",
    "Requires a purchase order number on invoices.",
)  # fmt: skip
MMM = ("MM1", "MM2", "MM3", "MM4", "MM5")


@dataclass
class Firm:
    """Seed-only facts about a company that its contacts share (address, domain, switchboard)."""

    company_id: int
    kind: str
    place: Place
    street: str
    domain: str
    contact_ids: list[int]


def build_store() -> Store:
    """The seeded store; the same on every call."""
    rng = random.Random(SEED)
    store = Store()
    firms = _companies(rng, store)
    _fixtures(store, firms)
    for firm in firms:
        for _ in range(_staff_count(rng, firm.kind)):
            _random_contact(rng, store, firm)
    _cases(rng, store, firms)
    return store


def _companies(rng: random.Random, store: Store) -> list[Firm]:
    names: list[tuple[str, str]] = [(name, "insurer") for name in INSURERS]
    employers = [f"{p} {i} Pty Ltd" for p in EMPLOYER_PREFIXES for i in INDUSTRIES]
    names += [(name, "employer") for name in rng.sample(employers, 80)]
    practices = [f"{place.suburb} {kind}" for place in PLACES for kind in PRACTICES]
    names += [(name, "medical") for name in rng.sample(practices, 45)]
    partners = rng.sample(LAST_NAMES, 50)
    names += [
        (f"{partners[2 * i]} {partners[2 * i + 1]} {rng.choice(LAW_SUFFIXES)}", "legal") for i in range(25)
    ]
    firms = []
    for name, kind in names:
        company = store.add_company(name, kind)
        place = _place_for(rng, name)
        number = rng.randint(1, 420)
        level = f"Level {rng.randint(1, 30)}, " if kind in ("insurer", "legal") else ""
        street = f"{level}{number} {rng.choice(STREETS)}"
        domain = "".join(ch for ch in name.lower().replace("pty ltd", "") if ch.isalnum()) + ".com.au"
        firms.append(Firm(company.company_id, kind, place, street, domain, []))
    return firms


def _place_for(rng: random.Random, name: str) -> Place:
    # A practice named after a suburb stands in that suburb.
    for place in PLACES:
        if name.startswith(place.suburb + " "):
            return place
    return rng.choice(PLACES)


def _staff_count(rng: random.Random, kind: str) -> int:
    low, high = {"insurer": (20, 32), "employer": (3, 8), "medical": (3, 7), "legal": (3, 6)}[kind]
    return rng.randint(low, high)


def _landline(rng: random.Random, state: str) -> str:
    block = rng.choice(("5550", "7010"))
    return f"({AREA_CODES[state]}) {block} {rng.randint(0, 9999):04d}"


def _random_contact(rng: random.Random, store: Store, firm: Firm) -> Contact:
    departments, positions, job_titles = ROLES[firm.kind]
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    position = rng.choice(positions)
    doctor = position in DOCTOR_POSITIONS
    title = "Dr" if doctor else rng.choice(("Mr", "Ms", "Mrs", "Miss", "", ""))
    created = SEED_START - timedelta(days=365) + timedelta(days=rng.randint(0, 365 * 8 + 180))
    created = min(created, SEED_END)
    details = {
        "first_name": first,
        "title": title,
        "position": position,
        "job_title": rng.choice(job_titles) if rng.random() < 0.4 else "",
        "department": rng.choice(departments),
        "email": _email(first, last, firm.domain),
        "phone1": _landline(rng, firm.place.state),
        "phone2": _landline(rng, firm.place.state) if rng.random() < 0.2 else "",
        "fax": _landline(rng, firm.place.state) if rng.random() < 0.3 else "",
        "mobile": rng.choice(MOBILES) if rng.random() < 0.5 else "",
        "notes": rng.choice(NOTES) if rng.random() < 0.15 else "",
        "provider_no": _provider_no(rng) if firm.kind == "medical" and doctor else "",
        "biller_id": _biller_id(rng, firm.kind),
        "disabled": rng.random() < 0.06,
        "created": created,
        "modified": _moment(rng, created, rng.randint(0, 900)),
    }
    if rng.random() < 0.9:  # one contact in ten has no address on file
        details.update(_address(rng, firm))
    contact = store.add_contact(firm.company_id, last, **details)
    firm.contact_ids.append(contact.contact_id)
    return contact


def _address(rng: random.Random, firm: Firm) -> dict[str, str]:
    place = firm.place
    return {
        "street": firm.street,
        "postcode": place.postcode,
        "suburb": place.suburb,
        "sublocality": place.council,
        "state": place.state,
        "country": "Australia",
        "latitude": place.latitude,
        "longitude": place.longitude,
        "mmm_classification": rng.choice(MMM),
    }


def _email(first: str, last: str, domain: str) -> str:
    local = f"{first}.{last}".lower().replace("'", "").replace(" ", "")
    return f"{local}@{domain}"


def _provider_no(rng: random.Random) -> str:
    # Shaped like a Medicare provider number: six digits, a location digit and a check letter.
    return f"{rng.randint(200000, 599999)}{rng.randint(0, 9)}{rng.choice('ABFHJKLTWXY')}"


def _biller_id(rng: random.Random, kind: str) -> str:
    if kind == "insurer":
        return str(rng.randint(100000, 999999))
    return "Plan Managed" if rng.random() < 0.08 else ""


def _moment(rng: random.Random, day: date, days_later: int) -> datetime:
    """A time on ``day + days_later`` (capped at the end of the seed), as a naive UTC datetime."""
    when = min(day + timedelta(days=days_later), SEED_END)
    return datetime.combine(when, time(rng.randint(7, 18), rng.randint(0, 59), rng.randint(0, 59)))


def _fixtures(store: Store, firms: list[Firm]) -> None:
    """Contacts 101-106 with fixed details (see the module docstring)."""
    insurer = next(f for f in firms if f.kind == "insurer")
    employer = next(f for f in firms if f.kind == "employer")
    medical = next(f for f in firms if f.kind == "medical")
    legal = next(f for f in firms if f.kind == "legal")
    # The two John Citizens share one Sydney number whatever their firms' states.
    fixed = (
        (insurer, "Olivia", "Nguyen", "Ms", "Senior Case Manager", "Case Management", "5550 1111"),
        (employer, "Daniel", "Kowalski", "Mr", "Return to Work Coordinator", "Human Resources", "5550 2222"),
        (medical, "Sarah", "Whitfield", "Dr", "General Practitioner", "Clinical", "5550 3333"),
        (insurer, "Michael", "O'Brien", "Mr", "Accounts Payable Officer", "Accounts", "5550 1112"),
        (employer, "John", "Citizen", "Mr", "Site Supervisor", "Operations", "(02) 5550 4321"),
        (legal, "John", "Citizen", "Mr", "Paralegal", "Personal Injury", "(02) 5550 4321"),
    )
    for firm, first, last, title, position, department, number in fixed:
        phone = number if number.startswith("(") else f"({AREA_CODES[firm.place.state]}) {number}"
        contact = store.add_contact(
            firm.company_id,
            last,
            first_name=first,
            title=title,
            position=position,
            department=department,
            email=_email(first, last, firm.domain),
            phone1=phone,
            biller_id="204611" if firm.kind == "insurer" else "",
            created=date(2021, 3, 1),
            modified=datetime(2023, 5, 17, 9, 30),
            street=firm.street,
            postcode=firm.place.postcode,
            suburb=firm.place.suburb,
            sublocality=firm.place.council,
            state=firm.place.state,
            country="Australia",
            latitude=firm.place.latitude,
            longitude=firm.place.longitude,
        )
        firm.contact_ids.append(contact.contact_id)


def _cases(rng: random.Random, store: Store, firms: list[Firm]) -> None:
    by_kind: dict[str, list[Firm]] = {}
    for firm in firms:
        by_kind.setdefault(firm.kind, []).append(firm)
    codes = _case_codes(rng)
    for case_id in range(1, CASE_COUNT + 1):
        opened = SEED_START + timedelta(days=rng.randint(0, (SEED_END - SEED_START).days - 30))
        claimant = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        store.cases[case_id] = Case(case_id, codes[case_id - 1], claimant, opened)
        if case_id == 1:
            _fixture_case(store, opened)
        else:
            _random_case(rng, store, case_id, opened, by_kind)


def _case_codes(rng: random.Random) -> list[str]:
    branches = ("NAT", "SYD", "MEL", "BNE", "PER", "ADL", "HOB", "CBR", "DRW")
    numbers = rng.sample([n for n in range(100, 1000) if n != 111], CASE_COUNT - 1)
    return ["NAT111"] + [f"{rng.choice(branches)}{n}" for n in numbers]


def _fixture_case(store: Store, opened: date) -> None:
    stamp = datetime.combine(opened + timedelta(days=2), time(10, 0))
    store.add_case_contact(1, 101, opened, bill_to=True, referrer=True, invoices=3, modified=stamp)
    store.add_case_contact(1, 102, opened, employer=True, bill_to_cc=True, modified=stamp)
    store.add_case_contact(1, 103, opened + timedelta(days=1), modified=stamp)
    disabled_on = opened + timedelta(days=20)
    store.add_case_contact(
        1,
        104,
        opened,
        bill_to_cc=True,
        disabled=True,
        disabled_on=disabled_on,
        modified=datetime.combine(disabled_on, time(15, 45)),
    )


def _random_case(
    rng: random.Random, store: Store, case_id: int, opened: date, by_kind: dict[str, list[Firm]]
) -> None:
    insurer = rng.choice(by_kind["insurer"])
    employer = rng.choice(by_kind["employer"])
    chosen: dict[int, dict[str, bool]] = {}  # contact id -> roles, in the order added

    def pick(firm: Firm) -> int:
        free = [c for c in firm.contact_ids if c not in chosen and not store.contacts[c].disabled]
        return rng.choice(free or firm.contact_ids)

    chosen[pick(insurer)] = {"bill_to": True, "referrer": rng.random() < 0.7}
    if not any(roles.get("referrer") for roles in chosen.values()):
        source = rng.choice((insurer, rng.choice(by_kind["medical"]), rng.choice(by_kind["legal"])))
        chosen.setdefault(pick(source), {})["referrer"] = True
    employer_roles = {"employer": True, "bill_to_cc": rng.random() < 0.25}
    if not employer_roles["bill_to_cc"] and rng.random() < 0.5:
        chosen.setdefault(pick(insurer), {})["bill_to_cc"] = True
    chosen.setdefault(pick(employer), {}).update(employer_roles)
    for _ in range(rng.randint(1, 3)):
        chosen.setdefault(pick(rng.choice(by_kind["medical"])), {})
    if rng.random() < 0.3:
        chosen.setdefault(pick(rng.choice(by_kind["legal"])), {})
    for contact_id, roles in chosen.items():
        _link(rng, store, case_id, contact_id, opened, roles)


def _link(
    rng: random.Random, store: Store, case_id: int, contact_id: int, opened: date, roles: dict[str, bool]
) -> None:
    created_on = min(opened + timedelta(days=rng.randint(0, 60)), SEED_END)
    invoices = 0
    if roles.get("bill_to") and rng.random() < 0.65:
        invoices = rng.randint(1, 14)
    elif roles.get("bill_to_cc") and rng.random() < 0.1:
        invoices = rng.randint(1, 2)
    # Treating practitioners come and go; billing contacts are rarely disabled.
    disabled = rng.random() < (0.05 if roles.get("bill_to") else 0.12)
    disabled_on = min(created_on + timedelta(days=rng.randint(30, 600)), SEED_END) if disabled else None
    last_change = disabled_on or created_on
    store.add_case_contact(
        case_id,
        contact_id,
        created_on,
        bill_to=roles.get("bill_to", False),
        employer=roles.get("employer", False),
        referrer=roles.get("referrer", False),
        bill_to_cc=roles.get("bill_to_cc", False),
        disabled=disabled,
        disabled_on=disabled_on,
        invoices=invoices,
        modified=_moment(rng, last_change, rng.randint(0, 10)),
    )
