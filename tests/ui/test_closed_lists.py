"""Closed lists in words: countries by name, US states and Canadian provinces, codes on the wire."""

from __future__ import annotations

import json

import pytest

from app.core.prepare import coerce
from app.sandbox.registry import build_sandbox
from app.ui.choice_inputs import ChoiceInput, DependentChoiceInput
from app.vendors.inszoom.catalog import VENDOR as INSZOOM
from app.vendors.pgi.catalog import VENDOR as PGI
from tests.ui.helpers import click_run, type_into, vendor_tab_shown, wait_for_outcome


@pytest.fixture
def sandbox():
    return build_sandbox(["inszoom", "pgi"])


@pytest.fixture
def inszoom_tab(qtbot, qt_loop, sandbox):
    with vendor_tab_shown(qtbot, sandbox, "inszoom") as shown:
        yield shown


@pytest.fixture
def pgi_tab(qtbot, qt_loop, sandbox):
    with vendor_tab_shown(qtbot, sandbox, "pgi") as shown:
        yield shown


def labels_of(combo: ChoiceInput) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_a_visa_country_is_chosen_by_name_and_sent_as_inszooms_code(qtbot, inszoom_tab, sandbox):
    panel = type_into(qtbot, inszoom_tab, "visa.create", {"ClientId": "CL-10001", "VisaType": "B-1"})
    country = panel.form.editors["CountryId"].input
    assert isinstance(country, ChoiceInput)
    assert labels_of(country)[0] == "Choose…"  # nothing is chosen for the person
    assert "United States (US)" in labels_of(country)
    assert "Germany (DE)" in labels_of(country)
    country.setCurrentIndex(country.findText("Germany (DE)"))
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "")
    qtbot.waitUntil(lambda: bool(sandbox.control("inszoom").requests_to("/Visa/Create")), timeout=5000)
    body = json.loads(sandbox.control("inszoom").requests_to("/Visa/Create")[-1].body)
    assert body["CountryId"] == "DE"


def test_a_required_country_left_unchosen_is_refused_next_to_it(qtbot, inszoom_tab, sandbox):
    panel = type_into(qtbot, inszoom_tab, "visa.create", {"ClientId": "CL-10001", "VisaType": "B-1"})
    click_run(qtbot, panel)
    error = panel.form.editors["CountryId"].error
    qtbot.waitUntil(lambda: error.text() == "Country is required.", timeout=3000)
    assert not sandbox.control("inszoom").requests_to("/Visa/Create")


def test_a_country_id_that_is_not_a_country_is_refused_with_a_sentence():
    spec = INSZOOM.operation("visa.create").field("CountryId")
    with pytest.raises(ValueError) as refused:
        coerce(spec, "2030-01-14")
    assert str(refused.value) == "“2030-01-14” is not among the 249 choices (such as AF)."
    assert coerce(spec, "us") == "US"


def test_country_names_in_records_are_offered_as_names_and_any_spelling_kept():
    spec = INSZOOM.operation("client.create").field("CountryOfCitizenship")
    assert "India" in spec.choices and "United States" in spec.choices
    assert coerce(spec, "united states") == "United States"
    # INSZoom takes text: a script's own spelling is sent as given.
    assert coerce(spec, "Republic of India") == "Republic of India"


def test_a_value_the_vendor_holds_outside_the_list_is_kept_when_a_record_is_loaded(qtbot, inszoom_tab):
    panel = inszoom_tab.show_operation("client.update")
    editor = panel.form.editors["CountryOfBirth"]
    editor.set_value("Bharat")
    assert editor.value() == "Bharat"
    assert editor.input.currentText() == "Bharat"
    editor.set_value("india")
    assert editor.value() == "India"


def test_pgi_state_becomes_a_list_of_states_for_the_united_states_and_provinces_for_canada(qtbot, pgi_tab):
    panel = pgi_tab.show_operation("client.provision")
    state = panel.form.editors["contact.state"]
    country = panel.form.editors["contact.country"]
    assert isinstance(state.input, DependentChoiceInput)
    assert not state.input.listed  # no country yet: typed
    qtbot.keyClicks(state.input.line, "Bavaria")
    country.set_value("United States")
    assert state.input.listed
    assert "Massachusetts" in labels_of(state.input.combo)
    # What was typed is not lost: it stays chosen as typed until the person picks a state.
    assert state.value() == "Bavaria"
    state.input.combo.setCurrentIndex(state.input.combo.findText("Massachusetts"))
    assert state.value() == "Massachusetts"
    country.set_value("Canada")
    assert "Quebec" in labels_of(state.input.combo) and "Massachusetts" not in labels_of(state.input.combo)
    country.set_value("Germany")
    assert not state.input.listed
    assert state.value() == "Bavaria"


def test_pgi_provision_sends_the_names_chosen(qtbot, pgi_tab, sandbox):
    typed = {
        "company.externalId": "7101",
        "company.name": "Northwind Dental Group",
        "client.externalId": "9101",
        "client.first": "Maya",
        "client.last": "Okafor",
        "client.email": "maya.okafor@northwind.example",
    }
    panel = type_into(qtbot, pgi_tab, "client.provision", typed)
    panel.form.editors["contact.country"].set_value("Canada")
    state = panel.form.editors["contact.state"].input
    state.combo.setCurrentIndex(state.combo.findText("Quebec"))
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "is ready")
    body = json.loads(sandbox.control("pgi").journal[-1].body)
    assert body["contact"] == {"country": "Canada", "state": "Quebec"}


def test_the_pgi_rule_still_asks_for_a_us_state():
    provision = PGI.operation("client.provision")
    assert provision.field("contact.country").open_choices
    (rule,) = provision.rules
    assert rule({"contact.country": "United States", "contact.state": ""}) == {
        "contact.state": "State is required for contacts in the United States."
    }


def test_a_gender_is_chosen_from_suggestions_or_typed_as_the_firm_spells_it(qtbot, inszoom_tab, sandbox):
    """INSZoom's document names no genders or statuses: the usual ones are offered, and a firm's
    own spelling typed by the person goes to INSZoom as typed."""
    panel = type_into(qtbot, inszoom_tab, "client.create", {"FirstName": "Ada", "LastName": "Lund"})
    gender = panel.form.editors["Gender"].input
    assert isinstance(gender, ChoiceInput)
    assert labels_of(gender) == ["", "Female", "Male"]
    assert panel.form.editors["Gender"].value() == ""  # nothing chosen for the person
    gender.setCurrentIndex(gender.findText("Female"))
    assert panel.form.editors["Gender"].value() == "Female"
    marital = panel.form.editors["MaritalStatus"].input
    marital.lineEdit().clear()
    qtbot.keyClicks(marital.lineEdit(), "Domestic partnership")
    assert panel.form.editors["MaritalStatus"].value() == "Domestic partnership"
    click_run(qtbot, panel)
    qtbot.waitUntil(lambda: bool(sandbox.control("inszoom").requests_to("/Client/Create")), timeout=5000)
    body = json.loads(sandbox.control("inszoom").requests_to("/Client/Create")[-1].body)
    assert body["Gender"] == "Female"
    assert body["MaritalStatus"] == "Domestic partnership"
    assert "CaseStatus" not in body


def test_a_status_the_record_holds_is_shown_as_it_is_in_a_suggestion_list(qtbot, inszoom_tab):
    panel = inszoom_tab.show_operation("visa.update")
    editor = panel.form.editors["Status"]
    editor.set_value("Revoked")
    assert editor.value() == "Revoked"
    assert editor.input.count() == 4  # "" and the three suggestions: nothing added to the list
    editor.set_value("expired")
    assert editor.value() == "Expired"
