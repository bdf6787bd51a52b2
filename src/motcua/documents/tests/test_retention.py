"""Retention: files past their period are listed, and removed only with --confirm."""

from __future__ import annotations

import datetime as dt
import os
from io import StringIO
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

import pytest

from motcua.core.models import AuditEvent
from motcua.documents import services
from motcua.documents.constants import DocumentsAuditKind
from motcua.documents.models import StoredFile, StoreEntry
from motcua.documents.retention import files_past_retention
from motcua.documents.storage import document_storage
from motcua.dossiers.constants import DossierStatus

from . import builders
from .conftest import stored_paths

TODAY = dt.date(2026, 3, 10)  # pinned by conftest._today
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def ended(people, settings):
    """A dossier returned on 10/01/2020 with one scanned component (kept 5 years)."""
    settings.DOCUMENTS_RETENTION_YEARS = 20
    component = builders.component(people.dossier, 1)
    component.component.retention_years = 5
    component.component.code = "1.001193.01"
    component.component.save(update_fields=["retention_years", "code"])
    services.component_digitise(
        dossier_component=component,
        scans=[builders.upload("to-khai.pdf", builders.pdf_bytes(2))],
        paper_pages=2,
        digitised_by=people.counter,
    )
    dossier = people.dossier
    dossier.status, dossier.code = DossierStatus.RETURNED, "H61.298-200105-0001"
    dossier.returned_at = dt.datetime(2020, 1, 10, 9, 0, tzinfo=VN)
    dossier.save(update_fields=["status", "code", "returned_at"])
    people.scan = component.files.get()
    return people


def review(*args) -> str:
    out = StringIO()
    call_command("retention_review", *args, stdout=out)
    return out.getvalue()


def test_files_past_their_period_are_listed(ended):
    [item] = files_past_retention(on=TODAY)
    assert (item.stored_file, item.kind, item.years, item.expired_on) == (
        ended.scan,
        "component",
        5,
        dt.date(2025, 1, 10),
    )
    assert list(files_past_retention(on=dt.date(2025, 1, 9))) == []  # one day before


def test_the_catalogue_default_and_permanent_periods(ended, settings):
    ended.scan.dossier_component.component.retention_years = None
    ended.scan.dossier_component.component.save(update_fields=["retention_years"])
    assert list(files_past_retention(on=TODAY)) == []  # 20 years by default
    settings.DOCUMENTS_RETENTION_YEARS = 3
    assert [i.years for i in files_past_retention(on=TODAY)] == [3]
    settings.DOCUMENTS_RETENTION_YEARS = 0  # permanently
    assert list(files_past_retention(on=TODAY)) == []


def test_results_follow_their_case_and_open_dossiers_are_never_listed(ended):
    result = builders.result(ended.dossier)
    upload = builders.upload("ket-qua.pdf", builders.pdf_bytes(1))
    services.stored_file_create(
        upload=upload, uploaded_by=ended.colleague, allowed_types={"pdf"}, dossier_result=result
    )
    case = ended.dossier.case
    case.result_retention_years = 0
    case.save(update_fields=["result_retention_years"])
    assert [i.kind for i in files_past_retention(on=TODAY)] == ["component"]
    case.result_retention_years = 2
    case.save(update_fields=["result_retention_years"])
    assert sorted(i.kind for i in files_past_retention(on=TODAY)) == ["component", "result"]

    ended.dossier.status = DossierStatus.RESOLVED  # not ended: nothing counts
    ended.dossier.save(update_fields=["status"])
    assert list(files_past_retention(on=TODAY)) == []


def test_the_command_lists_without_removing(ended, documents_root):
    output = review()
    assert "H61.298-200105-0001" in output and "to-khai.pdf" in output
    assert "1 file(s) past retention on 2026-03-10; 1 removable" in output
    assert StoredFile.objects.filter(pk=ended.scan.pk).exists()
    assert len(stored_paths(documents_root)) == 1


def test_delete_needs_the_confirmation_flag(ended, documents_root):
    with pytest.raises(CommandError, match="--confirm"):
        review("--delete")
    with pytest.raises(CommandError):
        review("--confirm")
    assert StoredFile.objects.filter(pk=ended.scan.pk).exists()
    assert not AuditEvent.objects.filter(kind=DocumentsAuditKind.FILE_REMOVED_AFTER_RETENTION)


def test_confirmed_removal_deletes_and_audits(
    ended, documents_root, django_capture_on_commit_callbacks
):
    assert StoreEntry.objects.filter(source_component=ended.scan.dossier_component).exists()
    with django_capture_on_commit_callbacks(execute=True):
        output = review("--delete", "--confirm")
    assert "Removed 1 file(s) and 0 orphan(s)." in output
    assert not StoredFile.objects.filter(pk=ended.scan.pk).exists()
    assert stored_paths(documents_root) == []
    # The store entry had nothing left to show.
    assert not StoreEntry.objects.exists()
    audit = AuditEvent.objects.get(kind=DocumentsAuditKind.FILE_REMOVED_AFTER_RETENTION)
    assert (audit.actor_label, audit.target_id, audit.data["sha256"]) == (
        "retention_review",
        str(ended.scan.pk),
        ended.scan.sha256,
    )
    assert audit.data["dossier"] == "H61.298-200105-0001"
    # The digitisation stays recorded: the indicators count what happened.
    component = ended.scan.dossier_component
    component.refresh_from_db()
    assert component.is_digitised


def test_a_file_reused_by_another_dossier_is_kept(ended, documents_root):
    later = builders.dossier(at=ended.other_agency, owner=ended.owner)
    later.status = DossierStatus.SUBMITTED
    later.save(update_fields=["status"])
    entry = StoreEntry.objects.get(source_component=ended.scan.dossier_component)
    wanted = builders.component(later, 1)
    wanted.component.document_type = "1.001193.01"
    wanted.component.save(update_fields=["document_type"])
    services.component_reuse(dossier_component=wanted, entry=entry, user=ended.owner)
    output = review("--delete", "--confirm")
    assert "KEPT (reused)" in output and "0 removable" in output
    assert StoredFile.objects.filter(pk=ended.scan.pk).exists()


def test_bytes_without_a_row_are_listed_and_removed_only_when_confirmed(ended, documents_root):
    storage = document_storage()
    old = storage.save("2025/01/bo-quen.pdf", ContentFile(b"%PDF-1.7 left behind"))
    fresh = storage.save("2026/03/dang-tai.pdf", ContentFile(b"%PDF-1.7 upload in flight"))
    a_year_ago = (dt.datetime.now() - dt.timedelta(days=365)).timestamp()
    os.utime(documents_root / old, (a_year_ago, a_year_ago))

    assert "orphan" not in review()  # only with --orphans
    output = review("--orphans")
    assert f"orphan\t{old}" in output and fresh not in output
    assert ended.scan.storage_key not in output.replace("to-khai.pdf", "")  # has its row
    assert "1 stored object(s) without a row." in output
    assert storage.exists(old)

    review("--orphans", "--delete", "--confirm")
    assert not storage.exists(old) and storage.exists(fresh)
    audit = AuditEvent.objects.get(kind=DocumentsAuditKind.ORPHAN_BYTES_REMOVED)
    assert (audit.actor_label, audit.data["key"]) == ("retention_review", old)
