"""The fixed companies and clients every PGi sandbox starts with (listed in the package docstring)."""

from __future__ import annotations

from app.sandbox.pgi.store import Contact, PgiStore, ProvisionRequest

# The tables read better one record a line, so the formatter leaves them alone.
# fmt: off
# (companyId, hubId, company.externalId, name, enterpriseId, address, city, state, country, postal code)
_SEED_COMPANIES: tuple[tuple[int, int, int, str, int, str, str, str, str, str], ...] = (
    (418203, 530117, 1001, "Laurentian Freight Logistics Inc.", 799,
     "1450 Rue Peel", "Montreal", "Quebec", "Canada", "H3A 1T1"),
    (426915, 541288, 1002, "Cascadia Dental Partners LLC", 799,
     "811 SW Naito Pkwy", "Portland", "OR", "USA", "97204"),
    (433077, 548630, 1003, "Maple Ridge Accounting Group", 812,
     "700 2 St SW, Suite 1800", "Calgary", "Alberta", "Canada", "T2P 2W2"),
    (441562, 556904, 1004, "Harborview Legal Services PC", 812,
     "60 State Street", "Boston", "Massachusetts", "United States", "02109"),
    (450318, 563471, 1005, "Prairie Sky Insurance Brokers Ltd.", 799,
     "201 Portage Ave", "Winnipeg", "MB", "Canada", "R3B 3K6"),
    (458840, 571025, 1006, "Lone Star Solar Installations Inc.", 845,
     "401 Congress Ave", "Austin", "Texas", "US", "78701"),
    (467129, 578392, 1007, "Bluewater Marine Supply Co.", 845,
     "1969 Upper Water St", "Halifax", "Nova Scotia", "Canada", "B3J 3R7"),
    (475604, 586150, 1008, "Great Lakes Pediatric Clinic", 812,
     "2800 Plymouth Rd", "Ann Arbor", "Michigan", "usa", "48105"),
)

# (company.externalId, clientId, client.externalId, first, last, email, active)
_SEED_CLIENTS: tuple[tuple[int, int, int, str, str, str, bool], ...] = (
    (1001, 10863894, 5001, "Amélie", "Tremblay", "amelie.tremblay@laurentianfreight.example", True),
    (1001, 10863895, 5002, "Marc", "Gagnon", "marc.gagnon@laurentianfreight.example", True),
    (1001, 10863897, 5003, "Sophie", "Roy", "sophie.roy@laurentianfreight.example", False),
    (1002, 17325410, 5011, "Megan", "Whitaker", "mwhitaker@cascadiadental.example", True),
    (1002, 17325412, 5012, "Daniel", "Okafor", "dokafor@cascadiadental.example", True),
    (1003, 20917736, 5021, "Priya", "Sandhu", "priya@mapleridgecpa.example", True),
    (1003, 20917738, 5022, "Graham", "MacLeod", "graham@mapleridgecpa.example", True),
    (1003, 20917741, 5023, "Chloé", "Bélanger", "chloe@mapleridgecpa.example", True),
    (1003, 20917745, 5024, "Owen", "Fraser", "owen@mapleridgecpa.example", True),
    (1004, 24410577, 5031, "Eleanor", "Walsh", "ewalsh@harborviewlegal.example", True),
    (1004, 24410582, 5032, "Thomas", "Keane", "tkeane@harborviewlegal.example", False),
    (1005, 31158203, 5041, "Kyle", "Friesen", "kfriesen@prairiesky.example", True),
    (1005, 31158207, 5042, "Jasmine", "Klassen", "jklassen@prairiesky.example", True),
    (1005, 31158211, 5043, "Raj", "Mehta", "rmehta@prairiesky.example", True),
    (1006, 38762049, 5051, "Carlos", "Mendoza", "carlos@lonestarsolar.example", True),
    (1006, 38762053, 5052, "Hannah", "Boyd", "hannah@lonestarsolar.example", True),
    (1006, 38762058, 5053, "Tyler", "Nguyen", "tyler@lonestarsolar.example", True),
    (1006, 38762060, 5054, "Rebecca", "Stone", "rebecca@lonestarsolar.example", True),
    (1006, 38762064, 5055, "Luis", "Garza", "luis@lonestarsolar.example", True),
    (1007, 45293318, 5061, "Fiona", "MacDonald", "fiona@bluewatermarine.example", True),
    (1007, 45293322, 5062, "Liam", "Doucette", "liam@bluewatermarine.example", True),
    (1008, 52680471, 5071, "Grace", "Kowalski", "gkowalski@greatlakespeds.example", True),
    (1008, 52680475, 5072, "Samuel", "Reed", "sreed@greatlakespeds.example", True),
    (1008, 52680479, 5073, "Aisha", "Rahman", "arahman@greatlakespeds.example", True),
)
# fmt: on


def seed(store: PgiStore) -> None:
    """Fill ``store`` with the fixed companies and clients listed above."""
    companies = {row[2]: row for row in _SEED_COMPANIES}
    for company_ext, client_id, client_ext, first, last, email, active in _SEED_CLIENTS:
        company_id, hub_id, _, name, enterprise_id, *address = companies[company_ext]
        request = ProvisionRequest(
            company_external_id=str(company_ext),
            company_name=name,
            enterprise_id=enterprise_id,
            global_meet_enabled=True,
            web_conf_enabled=company_ext % 2 == 0,
            client_external_id=str(client_ext),
            password="",
            first=first,
            last=last,
            email=email,
            contact=Contact(*address),
        )
        client = store.provision(request, company_id=company_id, hub_id=hub_id, client_id=client_id)
        client.active = active
