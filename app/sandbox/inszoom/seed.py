"""Deterministic demo data for the INSZoom simulator.

Everything is made through the same ``create_record`` path the API uses, so the
seed obeys every validation rule and ids come out in a fixed order (the ids the
package docstring lists). Names, companies and domains are fictitious
(``.example`` domains); countries, visa types and petitions are real ones.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, NamedTuple

from app.sandbox.inszoom.documents import ascii_file_name
from app.sandbox.inszoom.records import (
    CASE,
    CLIENT,
    CORP_USER,
    CORPORATION,
    DEPENDENT,
    HEADQUARTER,
    PASSPORT,
    VISA,
    create_record,
)
from app.sandbox.inszoom.store import InsZoomStore, Record

SAMPLE_NOTE = "Switchboard INSZoom sandbox - sample document, not a real record."

# country -> capital, used as a passport's place of issue.
CAPITALS: dict[str, str] = {
    "India": "New Delhi",
    "China": "Beijing",
    "Brazil": "Brasilia",
    "Nigeria": "Abuja",
    "Japan": "Tokyo",
    "Mexico": "Mexico City",
    "South Korea": "Seoul",
    "Ukraine": "Kyiv",
    "Vietnam": "Hanoi",
    "Ireland": "Dublin",
    "Pakistan": "Islamabad",
    "Spain": "Madrid",
    "France": "Paris",
    "Ghana": "Accra",
    "Turkey": "Ankara",
    "Kazakhstan": "Astana",
    "Morocco": "Rabat",
    "Colombia": "Bogota",
    "Bangladesh": "Dhaka",
    "Poland": "Warsaw",
    "Malaysia": "Kuala Lumpur",
    "Kenya": "Nairobi",
    "Italy": "Rome",
    "Egypt": "Cairo",
    "Argentina": "Buenos Aires",
    "South Africa": "Pretoria",
    "Philippines": "Manila",
    "Sri Lanka": "Colombo",
    "Chile": "Santiago",
    "Nepal": "Kathmandu",
    "Indonesia": "Jakarta",
    "Thailand": "Bangkok",
    "Ethiopia": "Addis Ababa",
    "Iran": "Tehran",
    "Peru": "Lima",
    "New Zealand": "Wellington",
    "Germany": "Berlin",
}

PETITIONS: dict[str, list[tuple[str, str]]] = {
    "US": [
        ("H1B-NEW", "H-1B Specialty Occupation (Initial)"),
        ("H1B-EXT", "H-1B Extension"),
        ("H1B-TRF", "H-1B Change of Employer"),
        ("L1A", "L-1A Intracompany Transferee (Manager/Executive)"),
        ("L1B", "L-1B Intracompany Transferee (Specialized Knowledge)"),
        ("O1A", "O-1A Extraordinary Ability"),
        ("TN", "TN USMCA Professional"),
        ("E3", "E-3 Australian Specialty Occupation"),
        ("PERM", "PERM Labor Certification"),
        ("EB2", "I-140 EB-2 Advanced Degree"),
        ("EB2-NIW", "I-140 EB-2 National Interest Waiver"),
        ("EB3", "I-140 EB-3 Skilled Worker/Professional"),
        ("I485", "I-485 Adjustment of Status"),
    ],
    "GB": [
        ("SW", "Skilled Worker Visa"),
        ("SW-EXT", "Skilled Worker Extension"),
        ("GBM", "Global Business Mobility: Senior or Specialist Worker"),
        ("GT", "Global Talent Visa"),
        ("ILR", "Indefinite Leave to Remain"),
    ],
    "CA": [
        ("LMIA", "LMIA-based Work Permit"),
        ("GTS", "Global Talent Stream Work Permit"),
        ("ICT", "Intra-Company Transferee Work Permit"),
        ("CUSMA", "CUSMA Professional Work Permit"),
        ("EE", "Express Entry Permanent Residence"),
    ],
    "AU": [
        ("482", "Subclass 482 Temporary Skill Shortage"),
        ("186", "Subclass 186 Employer Nomination Scheme"),
        ("400", "Subclass 400 Temporary Work (Short Stay Specialist)"),
    ],
    "DE": [
        ("BLUE", "EU Blue Card"),
        ("ICT", "ICT Card (Intra-Corporate Transfer)"),
        ("SKW", "Skilled Worker Residence Permit (Section 18b)"),
        ("SETTLE", "Settlement Permit"),
    ],
    "SG": [
        ("EP", "Employment Pass"),
        ("SPASS", "S Pass"),
    ],
}

CASE_MANAGERS = (
    "Elena Petrova",
    "Marcus Webb",
    "Aditi Sharma",
    "Jonathan Reyes",
    "Claire Dubois",
    "Samuel Okoye",
)

HEADQUARTERS: list[dict[str, Any]] = [
    {
        "HeadquarterName": "Northwind Holdings, Inc.",
        "Address1": "1200 Fifth Avenue, Suite 3000",
        "City": "Seattle",
        "State": "WA",
        "PostalCode": "98101",
        "Country": "United States",
        "Phone": "+1 206 555 0100",
        "ContactName": "Grace Holloway",
        "ContactEmail": "grace.holloway@northwind.example",
        "Website": "https://northwind.example",
    },
    {
        "HeadquarterName": "Albion Group plc",
        "Address1": "25 Canada Square",
        "City": "London",
        "PostalCode": "E14 5LQ",
        "Country": "United Kingdom",
        "Phone": "+44 20 7946 0100",
        "ContactName": "Oliver Pennington",
        "ContactEmail": "oliver.pennington@albiongroup.example",
        "Website": "https://albiongroup.example",
    },
    {
        "HeadquarterName": "Maple Leaf Industries Ltd.",
        "Address1": "100 King Street West",
        "City": "Toronto",
        "State": "ON",
        "PostalCode": "M5X 1A9",
        "Country": "Canada",
        "Phone": "+1 416 555 0100",
        "ContactName": "Chantal Lavoie",
        "ContactEmail": "chantal.lavoie@mapleleaf.example",
        "Website": "https://mapleleaf.example",
    },
]


class _Corp(NamedTuple):
    name: str
    headquarter: int
    country_id: str
    fein: str | None
    address: tuple[str, str, str | None, str, str]  # street, city, state, postal code, country
    phone_prefix: str
    industry: str
    employees: int
    incorporated: str
    domain: str
    departments: tuple[str, ...]
    signatories: tuple[tuple[str, str], ...]
    users: tuple[tuple[str, str, str, str, str], ...]  # first, last, title, department, role


CORPORATIONS: list[_Corp] = [
    _Corp(
        "Northwind Software Inc.",
        0,
        "US",
        "91-2847361",
        ("500 Pine Street", "Seattle", "WA", "98101", "United States"),
        "+1 206 555 01",
        "Software",
        2400,
        "2004-03-15",
        "northwind-software.example",
        ("Engineering", "Product Management", "Data Science", "Human Resources", "Finance"),
        (("Jennifer Walsh", "Vice President, Human Resources"), ("Robert Chen", "General Counsel")),
        (
            ("Megan", "Foster", "Global Mobility Manager", "Human Resources", "HR Manager"),
            ("Daniel", "Kim", "HR Generalist", "Human Resources", "HR Administrator"),
        ),
    ),
    _Corp(
        "Northwind Logistics LLC",
        0,
        "US",
        "36-4718290",
        ("233 South Wacker Drive", "Chicago", "IL", "60606", "United States"),
        "+1 312 555 01",
        "Logistics",
        5100,
        "2009-11-02",
        "northwind-logistics.example",
        ("Operations", "Supply Chain Analytics", "Human Resources"),
        (("Michael Torres", "Chief Operating Officer"), ("Susan Park", "HR Director")),
        (
            ("Brian", "Kowalski", "HR Director", "Human Resources", "HR Manager"),
            ("Tanya", "Brooks", "Recruiting Coordinator", "Human Resources", "Hiring Manager"),
        ),
    ),
    _Corp(
        "Albion Engineering Ltd",
        1,
        "GB",
        None,
        ("1 Bridge Street", "London", None, "SE1 9BG", "United Kingdom"),
        "+44 20 7946 0",
        "Engineering",
        1800,
        "1998-06-30",
        "albion-engineering.example",
        ("Structural Engineering", "Research & Development", "People"),
        (("Edward Blackwood", "Chief Executive Officer"), ("Fiona Gallagher", "Company Secretary")),
        (
            ("Harriet", "Clarke", "Head of People", "People", "HR Manager"),
            ("Rupert", "Ashby", "Talent Partner", "People", "Hiring Manager"),
        ),
    ),
    _Corp(
        "Albion Health GmbH",
        1,
        "DE",
        None,
        ("Friedrichstraße 68", "Berlin", None, "10117", "Germany"),
        "+49 30 9018 20",
        "Healthcare",
        950,
        "2012-01-19",
        "albion-health.example",
        ("Clinical Research", "Medical Affairs", "Human Resources"),
        (("Dr. Annette Vogel", "Geschäftsführerin"), ("Stefan Krüger", "Prokurist")),
        (
            ("Katrin", "Bauer", "Leiterin Personal", "Human Resources", "HR Manager"),
            ("Jonas", "Weber", "HR Specialist", "Human Resources", "HR Administrator"),
        ),
    ),
    _Corp(
        "Maple Leaf Biotech Inc.",
        2,
        "CA",
        None,
        ("661 University Avenue", "Toronto", "ON", "M5G 0B7", "Canada"),
        "+1 416 555 02",
        "Biotechnology",
        720,
        "2011-08-08",
        "mapleleaf-biotech.example",
        ("Research", "Regulatory Affairs", "Manufacturing", "Human Resources"),
        (("Marc Tremblay", "President"), ("Julie Gagnon", "Director, Human Resources")),
        (
            ("Chantal", "Lavoie", "VP People", "Human Resources", "HR Manager"),
            ("Ethan", "MacDonald", "Mobility Coordinator", "Human Resources", "HR Administrator"),
        ),
    ),
    _Corp(
        "Southern Cross Mining Pty Ltd",
        2,
        "AU",
        None,
        ("108 St Georges Terrace", "Perth", "WA", "6000", "Australia"),
        "+61 8 9200 0",
        "Mining",
        3300,
        "1995-04-21",
        "southerncross-mining.example",
        ("Geology", "Mining Engineering", "Health & Safety", "Human Resources"),
        (("Andrew Mitchell", "Managing Director"), ("Rebecca Hughes", "Head of People & Culture")),
        (
            ("Kylie", "Anderson", "HR Manager", "Human Resources", "HR Manager"),
            ("Liam", "O'Brien", "Site Superintendent", "Mining Engineering", "Hiring Manager"),
        ),
    ),
]


class _Person(NamedTuple):
    first: str
    last: str
    gender: str
    born: str
    country: str  # country of birth and of citizenship
    corp: int | None
    title: str
    department: str | None


CLIENTS: list[_Person] = [
    _Person("Priya", "Raman", "Female", "1990-04-12", "India", 0, "Senior Software Engineer", "Engineering"),
    _Person("Wei", "Zhang", "Male", "1987-09-03", "China", 0, "Staff Data Scientist", "Data Science"),
    _Person("Lucas", "Oliveira", "Male", "1992-01-25", "Brazil", 0, "Product Manager", "Product Management"),
    _Person("Amara", "Okafor", "Female", "1991-06-30", "Nigeria", 0, "Software Engineer II", "Engineering"),
    _Person("Hiroshi", "Tanaka", "Male", "1983-11-08", "Japan", 0, "Engineering Manager", "Engineering"),
    _Person(
        "Sofía",
        "Hernández",
        "Female",
        "1994-03-17",
        "Mexico",
        1,
        "Logistics Analyst",
        "Supply Chain Analytics",
    ),
    _Person("Rahul", "Mehta", "Male", "1989-12-02", "India", 1, "Operations Manager", "Operations"),
    _Person(
        "Ji-woo",
        "Park",
        "Female",
        "1995-08-21",
        "South Korea",
        0,
        "Machine Learning Engineer",
        "Data Science",
    ),
    _Person(
        "Olena", "Kovalenko", "Female", "1988-02-14", "Ukraine", 1, "Data Engineer", "Supply Chain Analytics"
    ),
    _Person("Anh", "Nguyen", "Female", "1993-10-05", "Vietnam", 0, "QA Engineer", "Engineering"),
    _Person(
        "James",
        "O'Connor",
        "Male",
        "1986-05-19",
        "Ireland",
        2,
        "Principal Structural Engineer",
        "Structural Engineering",
    ),
    _Person(
        "Aisha", "Khan", "Female", "1990-07-07", "Pakistan", 2, "Research Engineer", "Research & Development"
    ),
    _Person(
        "Mateo",
        "García",
        "Male",
        "1991-09-29",
        "Spain",
        2,
        "Bridge Design Engineer",
        "Structural Engineering",
    ),
    _Person("Chloé", "Martin", "Female", "1992-12-11", "France", 2, "HR Business Partner", "People"),
    _Person(
        "Kwame", "Mensah", "Male", "1985-04-03", "Ghana", 2, "Geotechnical Engineer", "Structural Engineering"
    ),
    _Person("Arjun", "Nair", "Male", "1993-02-27", "India", 2, "Graduate Engineer", "Research & Development"),
    _Person(
        "Elif",
        "Yildiz",
        "Female",
        "1989-06-15",
        "Turkey",
        3,
        "Clinical Research Associate",
        "Clinical Research",
    ),
    _Person(
        "Dmitri", "Volkov", "Male", "1984-10-22", "Kazakhstan", 3, "Biostatistician", "Clinical Research"
    ),
    _Person(
        "Fatima", "Benali", "Female", "1992-08-08", "Morocco", 3, "Medical Science Liaison", "Medical Affairs"
    ),
    _Person(
        "Carlos",
        "Rodríguez",
        "Male",
        "1987-01-31",
        "Colombia",
        3,
        "Pharmacovigilance Specialist",
        "Medical Affairs",
    ),
    _Person(
        "Nadia",
        "Rahman",
        "Female",
        "1994-11-19",
        "Bangladesh",
        3,
        "Clinical Data Manager",
        "Clinical Research",
    ),
    _Person("Tomasz", "Nowak", "Male", "1990-03-09", "Poland", 4, "Bioprocess Engineer", "Manufacturing"),
    _Person("Mei Lin", "Tan", "Female", "1988-07-24", "Malaysia", 4, "Research Scientist", "Research"),
    _Person("Samuel", "Mwangi", "Male", "1991-05-02", "Kenya", 4, "Quality Control Analyst", "Manufacturing"),
    _Person(
        "Laura",
        "Rossi",
        "Female",
        "1986-09-13",
        "Italy",
        4,
        "Regulatory Affairs Manager",
        "Regulatory Affairs",
    ),
    _Person("Ahmed", "Hassan", "Male", "1989-04-28", "Egypt", 4, "Process Engineer", "Manufacturing"),
    _Person(
        "Isabella", "Fernández", "Female", "1995-01-06", "Argentina", 4, "Laboratory Technician", "Research"
    ),
    _Person("Siddharth", "Iyer", "Male", "1990-10-10", "India", 5, "Mining Engineer", "Mining Engineering"),
    _Person("Thabo", "Nkosi", "Male", "1984-02-20", "South Africa", 5, "Senior Geologist", "Geology"),
    _Person(
        "Maria",
        "Santos",
        "Female",
        "1993-06-12",
        "Philippines",
        5,
        "Health & Safety Officer",
        "Health & Safety",
    ),
    _Person(
        "Ravi", "Perera", "Male", "1987-12-30", "Sri Lanka", 5, "Drill & Blast Engineer", "Mining Engineering"
    ),
    _Person("Camila", "Reyes", "Female", "1992-04-04", "Chile", 5, "Exploration Geologist", "Geology"),
    _Person("Bikash", "Thapa", "Male", "1990-08-16", "Nepal", 5, "Maintenance Planner", "Mining Engineering"),
    _Person(
        "Siti", "Rahmawati", "Female", "1994-09-09", "Indonesia", 1, "Warehouse Systems Analyst", "Operations"
    ),
    _Person("Somchai", "Wongsakul", "Male", "1988-03-03", "Thailand", 1, "Fleet Planner", "Operations"),
    _Person(
        "Dawit", "Bekele", "Male", "1989-11-11", "Ethiopia", 0, "Site Reliability Engineer", "Engineering"
    ),
    _Person("Sara", "Ahmadi", "Female", "1991-02-02", "Iran", 3, "Bioinformatician", "Clinical Research"),
    # Individual clients: no corporation.
    _Person("Diego", "Vargas", "Male", "1985-07-27", "Peru", None, "Independent Consultant", None),
    _Person("Emily", "Walker", "Female", "1990-05-05", "New Zealand", None, "Architect", None),
    _Person("Hannah", "Schmidt", "Female", "1992-10-18", "Germany", None, "Postdoctoral Researcher", None),
]

# Per corporation country: (current visa type, petition of the open case), cycled by client.
IMMIGRATION: dict[str, list[tuple[str, str]]] = {
    "US": [
        ("H-1B", "H1B-EXT"),
        ("H-1B", "H1B-TRF"),
        ("L-1A", "L1A"),
        ("F-1", "H1B-NEW"),
        ("O-1A", "O1A"),
        ("L-1B", "L1B"),
    ],
    "GB": [
        ("Skilled Worker", "SW-EXT"),
        ("Senior or Specialist Worker", "GBM"),
        ("Skilled Worker", "ILR"),
        ("Graduate", "SW"),
    ],
    "DE": [("EU Blue Card", "BLUE"), ("ICT Card", "ICT"), ("Job Seeker", "SKW"), ("EU Blue Card", "SETTLE")],
    "CA": [("Work Permit", "LMIA"), ("Work Permit", "GTS"), ("Work Permit", "EE"), ("Visitor Record", "ICT")],
    "AU": [("Subclass 482", "482"), ("Subclass 482", "186"), ("Subclass 400", "482")],
}
# Individual clients: (visa country, visa type, petition of a case or None).
INDIVIDUALS: dict[str, tuple[str, str, str | None]] = {
    "Vargas": ("US", "B-1/B-2", None),
    "Walker": ("GB", "Youth Mobility Scheme", "GB-GT"),
    "Schmidt": ("US", "J-1", "US-O1A"),
}
US_GREEN_CARD = ("PERM", "EB2", "I485", "EB2-NIW")
DEPENDENT_STATUS = {
    "US": "H-4",
    "GB": "Dependant",
    "DE": "Family Reunification Permit",
    "CA": "Accompanying Family Member",
    "AU": "Subsequent Entrant (482)",
}
CASE_STATUSES = (
    "Open",
    "In Progress",
    "Filed",
    "Approved",
    "RFE Received",
    "Filed",
    "In Progress",
    "Approved",
    "Open",
    "Denied",
)
SPOUSES = {
    "Female": ("Arun", "Li", "Rafael", "Chidi", "Kenji", "Javier", "Vikram", "Min-jun", "Andriy", "Bao"),
    "Male": ("Ananya", "Yan", "Beatriz", "Ngozi", "Yuki", "Lucia", "Kavya", "Seo-yeon", "Iryna", "Linh"),
}
CHILDREN = ("Maya", "Leo", "Zara", "Noah", "Aarav", "Emma", "Kai", "Amelia", "Omar", "Nina")


def seed(store: InsZoomStore, today: date) -> None:
    """Fill an empty store with the demo data (same data every run)."""
    store.petitions = {
        country: [{"PetitionId": f"PET-{country}-{code}", "PetitionName": name} for code, name in petitions]
        for country, petitions in PETITIONS.items()
    }
    store.case_managers = [{"CaseManagerId": store.new_id("CM"), "CaseManagerName": n} for n in CASE_MANAGERS]
    headquarter_ids = [create_record(store, HEADQUARTER, hq, today) for hq in HEADQUARTERS]
    corporation_ids = [_seed_corporation(store, corp, headquarter_ids, today) for corp in CORPORATIONS]
    for index, person in enumerate(CLIENTS):
        _seed_client(store, index, person, corporation_ids, today)


def _named(entries: list[dict[str, str]], key: str, name: str) -> str:
    return next(e[key] for e in entries if e[key.replace("Id", "Name")] == name)


def _seed_corporation(store: InsZoomStore, corp: _Corp, headquarter_ids: list[str], today: date) -> str:
    street, city, state, postal, country = corp.address
    corporation_id = create_record(
        store,
        CORPORATION,
        {
            "CorporationName": corp.name,
            "HeadquarterId": headquarter_ids[corp.headquarter],
            "FEIN": corp.fein,
            "Address1": street,
            "City": city,
            "State": state,
            "PostalCode": postal,
            "Country": country,
            "Phone": f"{corp.phone_prefix}00",
            "ContactName": " ".join(corp.users[0][:2]),
            "ContactEmail": _email(corp.users[0][0], corp.users[0][1], corp.domain),
            "Website": f"https://{corp.domain}",
            "IndustryType": corp.industry,
            "NumberOfEmployees": corp.employees,
            "IncorporationDate": corp.incorporated,
        },
        today,
    )
    store.departments[corporation_id] = [
        {"DepartmentId": store.new_id("DEPT"), "DepartmentName": name} for name in corp.departments
    ]
    store.signatories[corporation_id] = [
        {"SignatoryId": store.new_id("SIG"), "SignatoryName": name, "Title": title}
        for name, title in corp.signatories
    ]
    for number, (first, last, title, department, role) in enumerate(corp.users, start=1):
        create_record(
            store,
            CORP_USER,
            {
                "CorporationId": corporation_id,
                "FirstName": first,
                "LastName": last,
                "Email": _email(first, last, corp.domain),
                "Phone": f"{corp.phone_prefix}{10 + number}",
                "JobTitle": title,
                "DepartmentId": _named(store.departments[corporation_id], "DepartmentId", department),
                "RoleId": _named(store.roles[corporation_id], "RoleId", role),
                "IsActive": True,
            },
            today,
        )
    return corporation_id


def _email(first: str, last: str, domain: str) -> str:
    local = ascii_file_name(first, last, suffix="").replace("_", ".").replace("-", "").lower()
    return f"{local}@{domain}"


def _day(year: int, index: int, salt: int = 0) -> date:
    """A deterministic date in ``year`` that varies with the client's index."""
    return date(year, (index * 5 + salt) % 12 + 1, (index * 7 + salt) % 27 + 1)


def _seed_client(
    store: InsZoomStore, index: int, person: _Person, corporation_ids: list[str], today: date
) -> None:
    corp = CORPORATIONS[person.corp] if person.corp is not None else None
    corporation_id = corporation_ids[person.corp] if person.corp is not None else None
    if corp is not None:
        visa_country = corp.country_id
        visa_type, petition = IMMIGRATION[visa_country][index % len(IMMIGRATION[visa_country])]
        petitions = [f"{visa_country}-{petition}"]
        if visa_country == "US" and index % 2 == 0:
            petitions.append(f"US-{US_GREEN_CARD[index // 2 % len(US_GREEN_CARD)]}")
    else:
        visa_country, visa_type, individual_petition = INDIVIDUALS[person.last]
        petitions = [individual_petition] if individual_petition else []
    valid_from = _day(2024 + index % 2, index)
    valid_to = valid_from.replace(year=valid_from.year + 3) - timedelta(days=1)
    # The only date-dependent seed value: a status that agrees with the dates on the day it runs.
    visa_status = "Issued" if valid_from > today else "Expired" if valid_to < today else "Active"
    spouse = index % 3 == 0
    client = {
        "CorporationId": corporation_id,
        "FirstName": person.first,
        "LastName": person.last,
        "DateOfBirth": person.born,
        "Gender": person.gender,
        "CountryOfBirth": person.country,
        "CountryOfCitizenship": person.country,
        "Email": _email(person.first, person.last, corp.domain if corp else "example.com"),
        "Phone": f"{corp.phone_prefix if corp else '+1 305 555 01'}{20 + index}",
        "MaritalStatus": "Married" if spouse else "Single",
        "EmployeeId": f"E{10400 + index}" if corp else None,
        "DepartmentId": _named(store.departments[corporation_id], "DepartmentId", person.department)
        if corporation_id and person.department
        else None,
        "JobTitle": person.title,
        "HireDate": _day(2018 + index % 6, index, 3).isoformat() if corp else None,
        "WorkLocation": corp.address[1] if corp else None,
        "AlienNumber": f"A{209000000 + index * 7919}" if visa_country == "US" else None,
        "ImmigrationStatus": visa_type,
        "StatusExpiryDate": valid_to.isoformat(),
    }
    client_id = create_record(store, CLIENT, client, today)
    _seed_passports(store, index, person, client_id, today)
    create_record(
        store,
        VISA,
        {
            "ClientId": client_id,
            "CountryId": visa_country,
            "VisaType": visa_type,
            "VisaNumber": f"{(index + 3) * 104729 % 100_000_000:08d}",
            "Status": visa_status,
            "EntryType": "Multiple",
            "IssueDate": (valid_from - timedelta(days=21)).isoformat(),
            "ValidFrom": valid_from.isoformat(),
            "ValidTo": valid_to.isoformat(),
        },
        today,
    )
    _seed_dependents(store, index, person, client_id, visa_country, spouse, today)
    for number, petition in enumerate(petitions):
        _seed_case(store, index + number * 17, person, client_id, f"PET-{petition}", today)


def _seed_passports(store: InsZoomStore, index: int, person: _Person, client_id: str, today: date) -> None:
    issued = _day(2016 + index % 7, index, 1)
    passports = [(issued, True)]
    if index % 5 == 2:  # some clients also keep their expired previous passport on file
        passports.append((issued.replace(year=issued.year - 10), False))
    for number, (issue, primary) in enumerate(passports):
        passport_number = (
            f"{chr(65 + (index * 7 + number) % 26)}{(index + 7) * 1_000_003 % 9_000_000 + 1_000_000}"
        )
        create_record(
            store,
            PASSPORT,
            {
                "ClientId": client_id,
                "PassportNumber": passport_number,
                "IssuingCountry": person.country,
                "PlaceOfIssue": CAPITALS[person.country],
                "IssueDate": issue.isoformat(),
                "ExpiryDate": (issue.replace(year=issue.year + 10) - timedelta(days=1)).isoformat(),
                "IsPrimary": primary,
            },
            today,
        )
        if primary:
            name = f"{person.first} {person.last}"
            store.add_document(
                "ClientId",
                client_id,
                "Passport",
                ascii_file_name("Passport", person.first, person.last),
                (
                    f"Passport scan — {name}",
                    f"Client: {name} ({client_id})",
                    f"Passport number: {passport_number}    Issuing country: {person.country}",
                    f"Issued {issue.isoformat()} in {CAPITALS[person.country]}",
                    SAMPLE_NOTE,
                ),
            )


def _seed_dependents(
    store: InsZoomStore,
    index: int,
    person: _Person,
    client_id: str,
    visa_country: str,
    spouse: bool,
    today: date,
) -> None:
    status = DEPENDENT_STATUS.get(visa_country)
    relatives: list[Record] = []
    if spouse:
        born = date.fromisoformat(person.born) + timedelta(days=400 + index * 11)
        relatives.append(
            {
                "Relationship": "Spouse",
                "FirstName": SPOUSES[person.gender][index % 10],
                "Gender": "Male" if person.gender == "Female" else "Female",
                "DateOfBirth": born.isoformat(),
            }
        )
    if index % 4 == 0:
        relatives.append(
            {
                "Relationship": "Child",
                "FirstName": CHILDREN[index % 10],
                "Gender": "Female" if index % 8 == 0 else "Male",
                "DateOfBirth": _day(2016 + index % 6, index, 2).isoformat(),
            }
        )
    for relative in relatives:
        create_record(
            store,
            DEPENDENT,
            {
                "MainClientId": client_id,
                "LastName": person.last,
                "CountryOfBirth": person.country,
                "CountryOfCitizenship": person.country,
                "ImmigrationStatus": status,
                **relative,
            },
            today,
        )


def _document_type(status: str) -> str:
    return {
        "Approved": "Approval Notice",
        "Filed": "Receipt Notice",
        "RFE Received": "Request for Evidence",
        "Denied": "Decision Letter",
    }.get(status, "Document Checklist")


def _seed_case(
    store: InsZoomStore, index: int, person: _Person, client_id: str, petition_id: str, today: date
) -> None:
    status = CASE_STATUSES[index % len(CASE_STATUSES)]
    opened = _day(2025, index, 4)
    filed = opened + timedelta(days=30) if status in ("Filed", "Approved", "RFE Received", "Denied") else None
    decided = filed + timedelta(days=90) if filed and status in ("Approved", "Denied") else None
    country = petition_id.split("-")[1]
    receipt = None
    if filed and country == "US":
        receipt = f"{('WAC', 'EAC', 'IOE', 'SRC', 'LIN')[index % 5]}{2590000000 + index * 104729}"
    elif filed and country == "GB":
        receipt = f"GWF0{71000000 + index * 7919}"
    signatories = store.signatories.get(store.clients[client_id]["CorporationId"] or "", [])
    name = f"{person.first} {person.last}"
    petition_name = store.petition(petition_id)[1]["PetitionName"]  # type: ignore[index]
    case_id = create_record(
        store,
        CASE,
        {
            "ClientId": client_id,
            "PetitionId": petition_id,
            "CaseManagerId": store.case_managers[index % len(store.case_managers)]["CaseManagerId"],
            "SignatoryId": signatories[index % len(signatories)]["SignatoryId"] if signatories else None,
            "CaseStatus": status,
            "CaseDescription": f"{petition_name} for {name}",
            "ReceiptNumber": receipt,
            "PriorityDate": opened.isoformat() if "EB" in petition_id or "PERM" in petition_id else None,
            "OpenDate": opened.isoformat(),
            "FiledDate": filed.isoformat() if filed else None,
            "DecisionDate": decided.isoformat() if decided else None,
        },
        today,
    )
    document_type = _document_type(status)
    store.add_document(
        "CaseId",
        case_id,
        document_type,
        ascii_file_name(document_type, person.first, person.last),
        (
            f"{document_type} — {name}",
            f"Case {case_id}: {petition_name}",
            f"Client: {name} ({client_id})",
            f"Status: {status}",
            SAMPLE_NOTE,
        ),
    )
