"""Every id field of every form says which kind of record it holds, in its vendor's records' words:
that is what its picker offers and where a carried id goes."""

from __future__ import annotations

import pytest

from app.contract.spec import FieldKind
from app.vendors import load
from app.vendors.inszoom.records import TYPES

# The kinds each vendor's records.py makes (the record index's words).
KINDS = {
    "inszoom": {*TYPES, "document"},
    "pgi": {"client"},
    "iinsight": {"contact", "company", "case", "case_contact"},
    "oneoffice": {"customer", "order", "renewal order"},  # a renewal order is carried apart
    "iqreseller": {"cv"},
}
# Ids that name nothing the vendor's records hold: our own numbers, the HR system's, a vendor's
# list chosen from a drop-down, a country.
NOT_RECORDS = {
    "inszoom": {
        "EmployeeId",
        "DepartmentId",
        "RoleId",
        "PetitionId",
        "CaseManagerId",
        "SignatoryId",
        "CountryId",
        "countryId",
    },
    "pgi": {"company.externalId", "company.enterpriseId", "client.externalId"},
    "iinsight": {"biller_id"},
}


def _is_id(name: str) -> bool:
    return name.lower().endswith("id") or name.endswith((".parent", ".customer"))


@pytest.mark.parametrize("vendor", sorted(KINDS))
def test_every_id_field_holds_a_kind_its_vendor_indexes(vendor: str) -> None:
    definition = load(vendor)
    unnamed = []
    for operation in definition.operations:
        for spec in operation.fields:
            if spec.kind is FieldKind.ID_LIST or not _is_id(spec.name):
                continue
            if spec.name in NOT_RECORDS.get(vendor, set()):
                assert not spec.holds, f"{operation.id} {spec.name}"
            elif not spec.holds:
                unnamed.append(f"{operation.id} {spec.name}")
            else:
                assert spec.holds in KINDS[vendor], f"{operation.id} {spec.name}: {spec.holds}"
    assert unnamed == []


def test_inszoom_ids_of_one_meaning_share_it_whatever_their_spelling() -> None:
    inszoom = load("inszoom")
    clients = {
        (operation.id, spec.name)
        for operation in inszoom.operations
        for spec in operation.fields
        if spec.holds == "client"
    }
    assert {
        ("client.get", "clientId"),
        ("passport.create", "ClientId"),
        ("visa.delete", "ClientId"),
        ("dependent.create", "MainClientId"),
        ("dependent.delete", "mainClientId"),
    } <= clients
    assert inszoom.operation("case.create").field("CorporationId").holds == "corporation"
    assert inszoom.operation("corporation.create").field("HeadquarterId").holds == "headquarter"
    assert inszoom.operation("document.download_url").field("documentId").holds == "document"
