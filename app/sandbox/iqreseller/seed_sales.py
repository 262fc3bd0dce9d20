"""Deterministic seed data for the methods integrations call: sales orders and their lines,
conditions, contacts and the inventory received on purchase orders.

Everything points at the records of :mod:`.seed`: an order's ``clientid`` is a CVID, its
lines and a PO's inventory name ItemIDs of ``Inventory/json/GetItems``, and a line's or an
inventory row's ``condition`` is one of ``Condition/JSON/GetConditions``.  Keys are lower
case, as the integrations page shows them for sales orders.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from app.sandbox.iqreseller.seed import CONDITIONS, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, PLACES

FIRST_SOID = 1601  # so the page's example order (SOid=1813) exists
ORDER_COUNT = 236  # pages of 100 end with a page of 36
FIRST_SODETAILID = 50001
FIRST_CONTACTID = 8001
FIRST_POID = 4001
PO_COUNT = 24
FIRST_INVENTORYID = 90001
CLIENT_COUNT = 60  # orders go to the same 60 CVs again and again, as a reseller's regulars do

SALE_DATES_FROM = date(2025, 1, 6)
REPS = ("Dana Whitfield", "Marcus Bell", "Priya Raman", "Tom Kessler", "Alicia Moreno")
CARRIERS = ("UPS", "FedEx", "DHL", "USPS")
STREETS = ("Harbor Way", "Mill Road", "Station Street", "Park Avenue", "Kings Road", "Canal Street")
CONTACT_TITLES = ("Purchasing Manager", "IT Director", "Accounts Payable", "Receiving", "Buyer")
# City -> (state or province, postal code); the other places have neither.
REGIONS = {
    "New York": ("NY", "10013"),
    "Austin": ("TX", "78701"),
    "Chicago": ("IL", "60607"),
    "Toronto": ("ON", "M5V 2T6"),
}
CONDITION_CODES = {
    "New": "NEW",
    "Refurbished": "REF",
    "Used": "USED",
    "New Open Box": "NOB",
    "For Parts": "FP",
}


def make_conditions() -> list[dict[str, Any]]:
    """The conditions a line or an inventory row can be in, conditionid 1..5."""
    return [
        {"conditionid": index + 1, "condition": name, "code": CONDITION_CODES[name]}
        for index, (name, _factor) in enumerate(CONDITIONS)
    ]


def client_cvids(cvs: list[dict[str, Any]], seed: int = 1813) -> list[int]:
    """The CVIDs that buy: CLIENT_COUNT of them, in CVID order."""
    return sorted(random.Random(seed).sample([cv["CVID"] for cv in cvs], CLIENT_COUNT))


def make_orders(
    cvs: list[dict[str, Any]], items: list[dict[str, Any]], seed: int = 2024
) -> tuple[list[dict[str, Any]], dict[int, list[dict[str, Any]]]]:
    """ORDER_COUNT sales orders (soid FIRST_SOID..) and their lines by soid."""
    rng = random.Random(seed)
    by_id = {cv["CVID"]: cv for cv in cvs}
    clients = client_cvids(cvs)
    orders: list[dict[str, Any]] = []
    lines: dict[int, list[dict[str, Any]]] = {}
    sale_date = SALE_DATES_FROM
    next_line_id = FIRST_SODETAILID
    for index in range(ORDER_COUNT):
        soid = FIRST_SOID + index
        sale_date += timedelta(days=rng.choice((0, 0, 1, 1, 2, 3)))
        # Older orders are more likely done; the newest ones still open.
        age = index / ORDER_COUNT
        status = rng.choices(("Closed", "Partial", "Open"), weights=(1.5 * (1 - age), 0.3, age + 0.1))[0]
        lines[soid] = _lines(rng, soid, status, items, next_line_id)
        next_line_id += len(lines[soid])
        cv = by_id[rng.choice(clients)]
        rep = rng.choice(REPS)
        shipped = status != "Open"
        orders.append(
            {
                "soid": soid,
                "so": f"SO-{20000 + soid}",
                "clientid": cv["CVID"],
                "clientponumber": f"PO{rng.randrange(100000, 999999)}" if rng.random() < 0.8 else "",
                "status": status,
                "saledate": f"{sale_date.isoformat()}T00:00:00",
                "rep": rep,
                "total": round(sum(line["extendedprice"] for line in lines[soid]), 2),
                **_ship_to(rng, cv),
                "userdefined1": f"1Z{rng.randrange(10**15, 10**16)}" if shipped else "",
                "userdefined2": rng.choice(CARRIERS) if shipped else "",
                "userdefined3": "",
                "userdefined4": "",
                "userdefined5": "",
                "lastupdatedby": rep,
            }
        )
    return orders, lines


def _ship_to(rng: random.Random, cv: dict[str, Any]) -> dict[str, str]:
    state, postcode = REGIONS.get(cv["City"], ("", f"{rng.randrange(1000, 99999):05d}"))
    return {
        "shiptoname": cv["Name"],
        "shiptoaddress1": f"{rng.randrange(1, 400)} {rng.choice(STREETS)}",
        "shiptoaddress2": rng.choice(("", "", f"Suite {rng.randrange(100, 900)}")),
        "shiptocity": cv["City"],
        "shiptostate": state,
        "shiptozip": postcode,
        "shiptocountry": cv["Country"],
    }


def _lines(
    rng: random.Random, soid: int, status: str, items: list[dict[str, Any]], first_id: int
) -> list[dict[str, Any]]:
    chosen = rng.sample(items, rng.randint(1, 5))
    lines = []
    for offset, item in enumerate(chosen):
        quantity = rng.randint(2, 8) if offset == 0 else rng.randint(1, 8)
        if status == "Closed":
            shipped = quantity
        elif status == "Open":
            shipped = 0
        else:  # Partial: the first line is part shipped, so some is shipped and some is not
            shipped = rng.randint(1, quantity - 1) if offset == 0 else rng.randint(0, quantity)
        price = round(item["UnitPrice"] * rng.uniform(1.05, 1.3), 2)
        lines.append(
            {
                "sodetailid": first_id + offset,
                "soid": soid,
                "itemid": item["ItemID"],
                "partnumber": item["PartNumber"],
                "mfg": item["Manufacturer"],
                "description": item["Description"],
                "condition": item["Condition"],
                "quantity": quantity,
                "qtyshipped": shipped,
                "price": price,
                "extendedprice": round(price * quantity, 2),
            }
        )
    return lines


def make_contacts(cvs: list[dict[str, Any]], seed: int = 4) -> dict[int, list[dict[str, Any]]]:
    """One to three contacts (the first primary) for each CV that buys, by CVID; other CVs have none."""
    rng = random.Random(seed)
    by_id = {cv["CVID"]: cv for cv in cvs}
    prefixes = {city: (prefix, digits) for city, _country, prefix, digits in PLACES}
    contacts: dict[int, list[dict[str, Any]]] = {}
    next_id = FIRST_CONTACTID
    for cvid in client_cvids(cvs):
        prefix, digits = prefixes[by_id[cvid]["City"]]
        contacts[cvid] = []
        for position in range(rng.randint(1, 3)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            contacts[cvid].append(
                {
                    "contactid": next_id,
                    "cvid": cvid,
                    "firstname": first,
                    "lastname": last,
                    "title": rng.choice(CONTACT_TITLES),
                    "email": f"{first}.{last}.{next_id}@{rng.choice(EMAIL_DOMAINS)}".lower(),
                    "phone": prefix + "".join(str(rng.randrange(10)) for _ in range(digits)),
                    "isprimary": position == 0,
                }
            )
            next_id += 1
    return contacts


def make_po_inventories(items: list[dict[str, Any]], seed: int = 99) -> dict[int, list[dict[str, Any]]]:
    """The inventory received on each of PO_COUNT purchase orders (poid FIRST_POID..), by poid."""
    rng = random.Random(seed)
    inventories: dict[int, list[dict[str, Any]]] = {}
    next_id = FIRST_INVENTORYID
    for poid in range(FIRST_POID, FIRST_POID + PO_COUNT):
        inventories[poid] = []
        for item in rng.sample(items, rng.randint(1, 6)):
            inventories[poid].append(
                {
                    "inventoryid": next_id,
                    "poid": poid,
                    "itemid": item["ItemID"],
                    "partnumber": item["PartNumber"],
                    "mfg": item["Manufacturer"],
                    "description": item["Description"],
                    "condition": item["Condition"],
                    "quantity": rng.randint(1, 40),
                    "cost": round(item["UnitPrice"] * rng.uniform(0.55, 0.8), 2),
                    "warehouse": item["Warehouse"],
                }
            )
            next_id += 1
    return inventories
