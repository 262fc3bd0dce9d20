"""INSZoom (Mitratech Zoom API) sandbox simulator, written from the vendor document alone.

Mounted at ``/inszoom/api``; every path is the document's, under ``/api/v1.0``.

Try it (demo credentials below)::

    POST /api/v1.0/Auth   header Ocp-Apim-Subscription-Key: demo-inszoom-subscription-key
                          body   {"AuthorizationKey": "demo-inszoom-authorization-key"}
    then send  Authorization: Bearer <Token>  and the same subscription key header.

Ids to try (the seed is the same every run):

    Headquarter   HQ-1001     Northwind Holdings, Inc. (HQ-1002 Albion Group plc, HQ-1003 Maple Leaf)
    Corporation   CORP-2001   Northwind Software Inc. (CORP-2001..CORP-2006)
    Corp user     CORP-2001 / CU-3001   Megan Foster, Global Mobility Manager
    Client        CL-10001    Priya Raman, India, H-1B (CL-10001..CL-10040; CL-10038..40 have no corporation)
    Dependent     DEP-4001    Priya Raman's spouse (main client CL-10001)
    Passport      PP-5001     Priya Raman's passport (Passport/Get/CL-10001)
    Visa          VISA-6001   Priya Raman's US H-1B (Visa/Delete/CL-10001/VISA-6001/US)
    Case          CASE-7001   Priya Raman, H-1B Extension (CASE-7002: her PERM case)
    Document      DOC-8001    "Passport scan — Priya Raman" (DOC-8002: a case document of CASE-7001)
    Petitions     GetPetitionList/US, /GB, /CA, /AU, /DE, /SG
    Look-ups      GetDepartmentList/CORP-2001, GetRoleIdList/CORP-2001, CaseSignatoryList/CORP-2001

Fields the simulator knows, per record type (keys it does not know are kept as sent):

    Headquarter  HeadquarterName*, Address1, Address2, City, State, PostalCode, Country, Phone,
                 ContactName, ContactEmail, Website
    Corporation  CorporationName*, HeadquarterId, FEIN, (address fields as above), IndustryType,
                 NumberOfEmployees (number), IncorporationDate
    CorpUser     CorporationId*, FirstName*, LastName*, Email, Phone, JobTitle, DepartmentId, RoleId,
                 IsActive (true/false)
    Client       CorporationId, FirstName*, MiddleName, LastName*, DateOfBirth, Gender, CountryOfBirth,
                 CountryOfCitizenship, Email, Phone, MaritalStatus, EmployeeId, DepartmentId, JobTitle,
                 HireDate, WorkLocation, AlienNumber, ImmigrationStatus, StatusExpiryDate;
                 Documents (read-only)
    Dependent    MainClientId*, Relationship, FirstName*, MiddleName, LastName*, DateOfBirth, Gender,
                 CountryOfBirth, CountryOfCitizenship, Email, Phone, ImmigrationStatus
    Passport     ClientId*, PassportNumber*, IssuingCountry, PlaceOfIssue, IssueDate, ExpiryDate, IsPrimary
    Visa         ClientId*, CountryId*, VisaType*, VisaNumber, Status, EntryType, IssueDate, ValidFrom,
                 ValidTo
    Case         ClientId*, PetitionId*, CorporationId, CountryId, CaseManagerId, SignatoryId, CaseStatus,
                 CaseDescription, ReceiptNumber, PriorityDate, OpenDate, FiledDate, DecisionDate;
                 PetitionName and Documents (read-only)
    (* required on Create)
"""

from __future__ import annotations

from datetime import UTC, datetime

from app.sandbox.control import SimulatorControl
from app.sandbox.demo import DEMO_CREDENTIALS as ALL_DEMO_CREDENTIALS
from app.sandbox.inszoom.routes import ERRORS, build_app
from app.sandbox.inszoom.seed import seed
from app.sandbox.inszoom.store import InsZoomStore
from app.sandbox.simulator import Simulator

DEMO_CREDENTIALS = dict(ALL_DEMO_CREDENTIALS["inszoom"])


def create(control: SimulatorControl) -> Simulator:
    store = InsZoomStore(
        authorization_key=DEMO_CREDENTIALS["authorization_key"],
        subscription_key=DEMO_CREDENTIALS["subscription_key"],
    )
    seed(store, datetime.fromtimestamp(control.now(), tz=UTC).date())
    return Simulator(
        vendor="inszoom",
        hosts={"api": build_app(store, control)},
        errors=ERRORS,
        control=control,
        state=store,
    )
