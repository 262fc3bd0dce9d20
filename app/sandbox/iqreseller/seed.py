"""Deterministic seed data: CVs, customers and inventory lines (fixed random seeds, same every run)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    """
    Amelia Oliver Isla Jack Ava Noah Mia Leo Grace Arthur Sofia Lucas Chloe Ethan Emily Mateo
    Hannah Liam Zara Samuel Priya Arjun Mei Kenji Fatima Omar Elena Marco Ingrid Lars Aisha
    Daniel Nadia Tomas Clara Felix Rosa Victor Leila Hugo
    """
)
LAST_NAMES = _words(
    """
    Hughes Patel Nguyen Schmidt Rossi Kowalski Murphy Okafor Tanaka Silva Andersson Dubois
    Garcia Novak Chen Walker Fischer Romano Jensen Haddad Kim Lopez Brennan Costa Yilmaz
    Moreau Singh Petrov Larsen Mensah Bauer Ortiz Sato Horvat Fraser Quinn Ahmed Lindqvist
    Byrne Alvarez
    """
)
# title -> skills it draws from
TITLES: dict[str, tuple[str, ...]] = {
    "Network Engineer": ("Cisco IOS", "BGP", "OSPF", "Juniper", "Firewalls", "VPN", "Wireshark"),
    "Systems Administrator": (
        "Windows Server",
        "Linux",
        "VMware",
        "Active Directory",
        "PowerShell",
        "Backup",
    ),
    "Sales Account Manager": ("B2B Sales", "CRM", "Negotiation", "Forecasting", "Channel Sales", "Quoting"),
    "Procurement Specialist": ("Sourcing", "Vendor Management", "ERP", "Contracts", "Excel", "Logistics"),
    "Warehouse Supervisor": ("Inventory Control", "RMA", "Shipping", "Forklift", "Cycle Counts", "Lean"),
    "Data Center Technician": ("Rack and Stack", "Cabling", "Server Hardware", "IPMI", "Storage", "RAID"),
    "Software Developer": ("Python", "C#", "SQL", "REST APIs", "Git", "JavaScript", "Azure"),
    "IT Asset Manager": ("ITAD", "Asset Tracking", "Data Erasure", "Compliance", "Auditing", "ERP"),
    "Technical Support Engineer": ("Troubleshooting", "Ticketing", "Networking", "Windows", "Customer Care"),
    "Operations Manager": ("Team Leadership", "KPIs", "Budgeting", "Process Improvement", "Reporting"),
}
# (city, country, phone prefix, random digits); prefixes use fictional/drama ranges where they exist.
PLACES = (
    ("New York", "United States", "+1 212 555 01", 2),
    ("Austin", "United States", "+1 512 555 01", 2),
    ("Chicago", "United States", "+1 312 555 01", 2),
    ("Toronto", "Canada", "+1 416 555 01", 2),
    ("London", "United Kingdom", "+44 20 7946 0", 3),
    ("Manchester", "United Kingdom", "+44 161 496 0", 3),
    ("Dublin", "Ireland", "+353 1 555 0", 3),
    ("Berlin", "Germany", "+49 30 5550 ", 4),
    ("Amsterdam", "Netherlands", "+31 20 555 ", 4),
    ("Sydney", "Australia", "+61 2 5550 ", 4),
    ("Melbourne", "Australia", "+61 3 5550 ", 4),
    ("Singapore", "Singapore", "+65 5550 ", 4),
)
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
UPDATED_BASE = datetime(2025, 6, 30, 17, 0, tzinfo=UTC)

COMPANY_STEMS = (
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Litware",
    "Proseware",
    "Lucerne",
    "Coho",
    "Alpine",
    "Woodgrove",
    "Wingtip",
    "Southridge",
    "Blue Yonder",
    "Trey",
    "Fourth Coffee",
    "Humongous",
    "Adatum",
    "Relecloud",
    "Datum",
    "VanArsdel",
)
COMPANY_SUFFIXES = ("Systems", "Networks", "Traders")
TERMS = ("Net 30", "Net 15", "Net 45", "Prepaid", "COD")

# (manufacturer, part number, description, list price in USD)
PRODUCTS = (
    ("Cisco", "C9300-48P-E", "Catalyst 9300 48-port PoE+ switch", 6450.00),
    ("Cisco", "WS-C2960X-24PS-L", "Catalyst 2960-X 24-port PoE switch", 1295.00),
    ("Cisco", "ISR4331/K9", "ISR 4331 integrated services router", 2890.00),
    ("Cisco", "AIR-AP2802I-B-K9", "Aironet 2800 access point", 645.00),
    ("Juniper", "EX4300-48T", "EX4300 48-port switch", 4120.00),
    ("Juniper", "SRX340-SYS-JB", "SRX340 services gateway", 2350.00),
    ("HPE", "P19766-B21", "ProLiant DL380 Gen10 Plus server", 7980.00),
    ("HPE", "876936-B21", "ProLiant DL360 Gen10 chassis", 3150.00),
    ("HPE", "JL256A", "Aruba 2930F 48G PoE+ switch", 2210.00),
    ("Dell", "R740-BASE", "PowerEdge R740 2U server", 5420.00),
    ("Dell", "R650-BASE", "PowerEdge R650 1U server", 4875.00),
    ("Dell", "U2723QE", "UltraSharp 27 4K USB-C monitor", 579.00),
    ("Lenovo", "7X06A0EBNA", "ThinkSystem SR650 server", 5210.00),
    ("Lenovo", "20XW00A5US", "ThinkPad X1 Carbon Gen 9 laptop", 1389.00),
    ("Intel", "BX806954214R", "Xeon Silver 4214R processor", 694.00),
    ("Samsung", "M393A4K40DB3-CWE", "64GB DDR4-3200 RDIMM", 238.00),
    ("Seagate", "ST16000NM001G", "Exos X16 16TB SATA drive", 329.00),
    ("NetApp", "X357A", "3.8TB SSD for AFF systems", 1890.00),
    ("APC", "SMT1500RM2U", "Smart-UPS 1500VA rack UPS", 899.00),
    ("Ubiquiti", "USW-PRO-48-POE", "UniFi Pro 48-port PoE switch", 1099.00),
)
CONDITIONS = (
    ("New", 1.0),
    ("Refurbished", 0.62),
    ("Used", 0.41),
    ("New Open Box", 0.85),
    ("For Parts", 0.12),
)
WAREHOUSES = ("DAL-01", "RNO-02", "LHR-01", "AMS-01")


def _phone(rng: random.Random, prefix: str, digits: int) -> str:
    return prefix + "".join(str(rng.randrange(10)) for _ in range(digits))


def make_cvs(count: int = 340, seed: int = 1701) -> list[dict[str, Any]]:
    """Deterministic CVs, CVIDs 1001..1000+count."""
    rng = random.Random(seed)
    emails: set[str] = set()
    cvs = []
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        title = rng.choice(list(TITLES))
        city, country, prefix, digits = rng.choice(PLACES)
        email = f"{first}.{last}@{rng.choice(EMAIL_DOMAINS)}".lower()
        if email in emails:  # same name twice: keep addresses unique as a real mailbox would be
            email = email.replace("@", f"{index}@")
        emails.add(email)
        updated = UPDATED_BASE - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        cvs.append(
            {
                "CVID": 1001 + index,
                "Name": f"{first} {last}",
                "Email": email,
                "Phone": _phone(rng, prefix, digits),
                "City": city,
                "Country": country,
                "Title": title,
                "Skills": ", ".join(rng.sample(TITLES[title], 3)),
                "YearsExperience": rng.randint(1, 25),
                "UpdatedAt": updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        )
    return cvs


def make_customers(seed: int = 42) -> list[dict[str, Any]]:
    """60 deterministic customers, CustomerIDs 5001..5060."""
    rng = random.Random(seed)
    customers = []
    for index, (stem, suffix) in enumerate((s, x) for s in COMPANY_STEMS for x in COMPANY_SUFFIXES):
        name = f"{stem} {suffix}"
        city, country, prefix, digits = rng.choice(PLACES)
        slug = stem.replace(" ", "").lower()
        customers.append(
            {
                "CustomerID": 5001 + index,
                "Name": name,
                "AccountNumber": f"C-{10001 + index}",
                "Email": f"purchasing@{slug}-{suffix.lower()}.example.com",
                "Phone": _phone(rng, prefix, digits),
                "City": city,
                "Country": country,
                "Terms": rng.choice(TERMS),
                "CreditLimit": rng.choice((5000, 10000, 25000, 50000, 100000)),
                "Active": rng.random() > 0.1,
            }
        )
    return customers


def make_items(seed: int = 7) -> list[dict[str, Any]]:
    """120 deterministic inventory lines (each product in several conditions), ItemIDs 70001..70120."""
    rng = random.Random(seed)
    items: list[dict[str, Any]] = []
    for product_index, (maker, part, description, price) in enumerate(PRODUCTS):
        for condition_index in range(6):
            condition, factor = CONDITIONS[(product_index + condition_index) % len(CONDITIONS)]
            items.append(
                {
                    "ItemID": 70001 + len(items),
                    "PartNumber": part,
                    "Manufacturer": maker,
                    "Description": description,
                    "Condition": condition,
                    "QuantityOnHand": rng.randint(0, 250),
                    "UnitPrice": round(price * factor * rng.uniform(0.9, 1.1), 2),
                    "Warehouse": WAREHOUSES[condition_index % len(WAREHOUSES)],
                }
            )
    return items
