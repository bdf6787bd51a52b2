"""The demo catalogue: the document's shape (pure, no database) and its import into the demo
province (docs/demo-catalogue.md)."""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from motcua.agencies.demo import demo_province_load
from motcua.catalog.demo_catalogue import demo_catalogue_build, legal_hours, stand_in_codes
from motcua.catalog.interchange import catalogue_export
from motcua.catalog.management.commands.load_demo_catalogue import commune_committee_codes
from motcua.catalog.models import (
    Component,
    Fee,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    WorkflowStep,
)
from motcua.catalog.selectors import version_content
from motcua.catalog.validation import CaseContent, legal_time_hours, version_problems

PROVINCE = "H61"
COMMUNES = tuple(f"{PROVINCE}.{n}" for n in range(201, 211))  # enough for the pure tests
DOC = Path(__file__).resolve().parents[4] / "docs" / "demo-catalogue.md"


@pytest.fixture(scope="module")
def document() -> dict:
    return demo_catalogue_build(province=PROVINCE, communes=COMMUNES)


def current_versions(document):
    """(procedure, its last version) for every procedure still in force."""
    for procedure in document["procedures"]:
        version = procedure["versions"][-1]
        if version["status"] == "published":
            yield procedure, version


def all_cases(document):
    for procedure in document["procedures"]:
        for version in procedure["versions"]:
            for case in version["cases"]:
                yield procedure, version, case


def test_building_twice_gives_the_same_document(document):
    assert demo_catalogue_build(province=PROVINCE, communes=COMMUNES) == document
    assert document["format"] == "motcua-catalogue"
    assert document["format_version"] == 1


def test_at_least_60_procedures_in_10_fields_with_every_online_level(document):
    current = list(current_versions(document))
    assert len(current) >= 60
    assert len({procedure["field"] for procedure, _version in current}) >= 10
    levels = Counter(case["online_level"] for _p, version in current for case in version["cases"])
    assert set(levels) == {"full", "partial", "none"}, levels


def test_codes_are_unique(document):
    codes = [p["code"] for p in document["procedures"]]
    assert len(codes) == len(set(codes))
    assert len(document["fields"]) == len({f["code"] for f in document["fields"]})
    for procedure, _version, case in all_cases(document):
        component_codes = [c["code"] for c in case["components"]]
        assert all(component_codes), (procedure["code"], case["name"])
        assert len(component_codes) == len(set(component_codes)), (procedure["code"], case["name"])
        assert case["result_code"].startswith("KQ."), procedure["code"]
    # A result code names one result: the same code never carries two result names.
    names_by_code: dict[str, set[str]] = {}
    for _p, _v, case in all_cases(document):
        names_by_code.setdefault(case["result_code"], set()).add(case["result_name"])
    assert all(len(names) == 1 for names in names_by_code.values()), names_by_code


def _agencies_of(steps: list[dict]) -> set[tuple[str, str | None]]:
    return {
        (step["performer"], step["agency"])
        for step in steps
        if step["performer"] != "receiving_centre"
    }


def test_at_least_three_lien_thong_procedures(document):
    lien_thong = set()
    for procedure, version in current_versions(document):
        for case in version["cases"]:
            stages: dict[int, set] = {}
            for step in case["steps"]:
                if step["performer"] != "receiving_centre":
                    stages.setdefault(step["stage"], set()).add((step["performer"], step["agency"]))
            if len(stages) > 1 and len(_agencies_of(case["steps"])) > 1:
                lien_thong.add(procedure["code"])
    assert len(lien_thong) >= 3, lien_thong


def test_every_case_has_steps_within_the_legal_time(document):
    for procedure, _version, case in all_cases(document):
        steps = case["steps"]
        assert steps, (procedure["code"], case["name"])
        total = sum(Decimal(step["hours"]) for step in steps)
        allowed = legal_hours(case["processing_amount"], case["processing_unit"])
        assert allowed == legal_time_hours(
            Decimal(case["processing_amount"]), case["processing_unit"]
        )
        assert 0 < total <= allowed, (procedure["code"], case["name"], total, allowed)
        assert [s["position"] for s in steps] == list(range(1, len(steps) + 1))
        assert [s["stage"] for s in steps] == sorted(s["stage"] for s in steps)


def test_workflows_have_no_dead_end(document):
    for procedure, _version, case in all_cases(document):
        where = (procedure["code"], case["name"])
        *before, last = case["steps"]
        assert {"approve", "refuse"} <= set(last["actions"]), where
        assert all("forward" in step["actions"] for step in before), where
        assert "return" not in case["steps"][0]["actions"], where
        for step in case["steps"]:
            assert step["performer"] in {"receiving_centre", "competent_agency", "specific_agency"}
            assert (step["agency"] is not None) == (step["performer"] == "specific_agency"), where


def test_e_form_file_fields_fill_components_of_their_case(document):
    for procedure, _version, case in all_cases(document):
        fields = case["form_schema"]["fields"]
        if case["online_level"] == "none":
            assert fields == [], procedure["code"]
            continue
        assert fields, (procedure["code"], case["name"])
        names = [field["name"] for field in fields]
        assert len(names) == len(set(names)), procedure["code"]
        codes = {component["code"] for component in case["components"]}
        files = [field for field in fields if field["type"] == "file"]
        assert files, (procedure["code"], case["name"])
        assert all(field["component"] in codes for field in files), procedure["code"]


def _case_content(case: dict, version: ProcedureVersion) -> CaseContent:
    """Unsaved model rows for a case of the document, as the validation reads them."""
    row = ProcedureCase(
        version=version,
        position=case["position"],
        name=case["name"],
        processing_amount=Decimal(case["processing_amount"]),
        processing_unit=case["processing_unit"],
        online_level=case["online_level"],
        delivery_channels=case["delivery_channels"],
        result_name=case["result_name"],
        result_code=case["result_code"],
        result_returned_by=case["result_returned_by"],
        form_schema=case["form_schema"],
    )
    fees = [Fee(**{**fee, "amount": Decimal(fee["amount"])}, case=row) for fee in case["fees"]]
    components = [
        Component(**{k: v for k, v in component.items() if k != "form_template"}, case=row)
        for component in case["components"]
    ]
    steps = [
        WorkflowStep(
            **{k: v for k, v in step.items() if k not in ("agency", "hours")},
            hours=Decimal(step["hours"]),
            agency_id=1 if step["agency"] else None,  # any agency: only its presence is checked
            case=row,
        )
        for step in case["steps"]
    ]
    return CaseContent(case=row, fees=fees, components=components, steps=steps)


def test_every_version_passes_the_publish_validation(document):
    for procedure in document["procedures"]:
        for data in procedure["versions"]:
            version = ProcedureVersion(
                name=data["name"],
                level=data["level"],
                handling=data["handling"],
                external_reference=data["external_reference"],
            )
            contents = [_case_content(case, version) for case in data["cases"]]
            assert version_problems(version, contents) == [], procedure["code"]


def test_competence_follows_the_level(document):
    centres = sorted(code + ".01" for code in COMMUNES)
    for procedure, version in current_versions(document):
        if version["level"] == "commune":
            assert version["competent_agencies"] == sorted(COMMUNES), procedure["code"]
            assert version["implementing_agencies"] == centres, procedure["code"]
        else:
            assert len(version["competent_agencies"]) == 1, procedure["code"]
            assert version["competent_agencies"][0].startswith(PROVINCE)


def test_history_shows_superseded_and_abolished_versions(document):
    decisions = {(d["number"], d["issuer"]) for d in document["decisions"]}
    statuses = Counter()
    for procedure in document["procedures"]:
        versions = procedure["versions"]
        assert [v["number"] for v in versions] == list(range(1, len(versions) + 1))
        for earlier, later in itertools.pairwise(versions):
            assert earlier["status"] == "superseded"
            assert earlier["valid_to"] < later["valid_from"]
        for version in versions:
            statuses[version["status"]] += 1
            decision = version["decision"]
            assert (decision["number"], decision["issuer"]) in decisions
    assert statuses["superseded"] >= 3
    assert statuses["abolished"] == 1
    dates = sorted(d["date"] for d in document["decisions"])
    assert dates[0] < "2025-07-01" <= dates[-1]  # before and after the July 2025 reform


def test_the_doc_lists_every_procedure_and_every_stand_in_code(document):
    text = DOC.read_text(encoding="utf-8")
    listed = set(re.findall(r"`(\d\.\d{6}(?:\.H61)?)`", text))
    assert {p["code"] for p in document["procedures"]} <= listed
    stand_ins = set(stand_in_codes(PROVINCE))
    assert stand_ins <= listed
    assert all(code.endswith(".H61") for code in stand_ins)


def test_builds_for_another_province():
    other = demo_catalogue_build(province="h57", communes=["H57.201"])
    assert {f["code"].split("-")[0] for f in other["fields"]} == {"H57"}
    assert all(code.endswith(".H57") for code in stand_in_codes("H57"))
    owners = {p["owner_agency"] for p in other["procedures"]}
    assert all(code.startswith("H57.") for code in owners)


@pytest.mark.django_db
def test_load_command_imports_the_demo_province_catalogue_once():
    call_command("load_admin_units", stdout=io.StringIO())
    demo_province_load(agency_code=PROVINCE)
    out, err = io.StringIO(), io.StringIO()
    call_command("load_demo_catalogue", province=PROVINCE, stdout=out, stderr=err)
    communes = commune_committee_codes(PROVINCE)
    document = demo_catalogue_build(province=PROVINCE, communes=communes)
    total = len(document["procedures"])
    assert f"{total} created" in out.getvalue()
    assert "0 warnings" in out.getvalue()
    assert err.getvalue() == ""

    # Every version in force passes the validation that guards publishing.
    for version in ProcedureVersion.objects.filter(status="published").select_related("procedure"):
        assert version_problems(version, version_content(version)) == [], version.procedure.code

    # What was stored is exactly the document: exporting gives it back.
    exported = catalogue_export()
    assert exported["procedures"] == sorted(document["procedures"], key=lambda p: p["code"])

    # A second run writes nothing.
    counts = (
        Procedure.objects.count(),
        ProcedureVersion.objects.count(),
        WorkflowStep.objects.count(),
    )
    out = io.StringIO()
    call_command("load_demo_catalogue", province=PROVINCE, stdout=out)
    assert f"0 created, 0 replaced, {total} unchanged" in out.getvalue()
    assert counts == (
        Procedure.objects.count(),
        ProcedureVersion.objects.count(),
        WorkflowStep.objects.count(),
    )


@pytest.mark.django_db
def test_load_command_needs_the_demo_province():
    with pytest.raises(CommandError, match="load_demo_province"):
        call_command("load_demo_catalogue", province=PROVINCE, stdout=io.StringIO())
