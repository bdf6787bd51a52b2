"""Downloads: only the uploader, staff reaching the dossier and the dossier's owner."""

from __future__ import annotations

from django.urls import reverse

import pytest

from motcua.accounts.services import user_deactivate
from motcua.documents import services
from motcua.documents.constants import FileType

from . import builders

ALL = set(FileType.values)


@pytest.fixture
def scan(people):
    return services.stored_file_create(
        upload=builders.upload("Giấy chứng sinh.pdf", builders.pdf_bytes(2)),
        uploaded_by=people.counter,
        allowed_types=ALL,
        dossier_component=builders.component(people.dossier),
    )


def download(client, user, stored_file_id, **params):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("documents:download", args=[stored_file_id]), params)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("counter", 200),  # uploaded it
        ("colleague", 200),  # same agency as the dossier
        ("owner", 200),  # the citizen whose dossier it is
        ("stranger_staff", 404),  # staff of another commune
        ("other_citizen", 404),
    ],
)
def test_who_may_download_a_dossier_file(client, people, scan, who, status):
    response = download(client, getattr(people, who), scan.pk)
    assert response.status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, scan):
    response = download(client, None, scan.pk)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_deactivated_account_loses_access(client, people, scan):
    client.force_login(people.colleague)
    user_deactivate(user=people.colleague, deactivated_by=None)
    response = client.get(reverse("documents:download", args=[scan.pk]))
    assert response.status_code == 302  # the session no longer signs anyone in


def test_a_file_without_dossier_is_only_its_uploaders(client, people):
    draft = services.stored_file_create(
        upload=builders.upload("nhap.pdf", builders.pdf_bytes()),
        uploaded_by=people.owner,
        allowed_types=ALL,
    )
    assert download(client, people.owner, draft.pk).status_code == 200
    assert download(client, people.counter, draft.pk).status_code == 404


def test_a_result_file_reaches_the_dossier_owner(client, people):
    result_file = services.stored_file_create(
        upload=builders.upload("giay-khai-sinh.pdf", builders.pdf_bytes()),
        uploaded_by=people.colleague,
        allowed_types=ALL,
        dossier_result=builders.result(people.dossier),
    )
    assert download(client, people.owner, result_file.pk).status_code == 200
    assert download(client, people.other_citizen, result_file.pk).status_code == 404


def test_staff_reaching_a_later_step_agency_may_download(client, people, scan):
    people.dossier.current_agency = people.other_agency
    people.dossier.save(update_fields=["current_agency"])
    assert download(client, people.stranger_staff, scan.pk).status_code == 200


def test_missing_and_forbidden_look_the_same(client, people, scan):
    forbidden = download(client, people.other_citizen, scan.pk)
    missing = download(client, people.other_citizen, scan.pk + 1000)
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content


def test_the_download_is_an_attachment_with_safe_headers(client, people, scan):
    response = download(client, people.owner, scan.pk)
    assert b"".join(response.streaming_content) == builders.pdf_bytes(2)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Gi%E1%BA%A5y%20ch%E1%BB%A9ng%20sinh.pdf" in disposition


def test_pdf_may_open_in_the_browser_but_office_files_always_download(client, people, scan):
    assert download(client, people.owner, scan.pk, inline="1")["Content-Disposition"].startswith(
        "inline;"
    )
    document = services.stored_file_create(
        upload=builders.upload("don.docx", builders.docx_bytes()),
        uploaded_by=people.owner,
        allowed_types=ALL,
    )
    response = download(client, people.owner, document.pk, inline="1")
    assert response["Content-Disposition"].startswith("attachment;")


def test_only_get_is_allowed(client, people, scan):
    client.force_login(people.owner)
    response = client.post(reverse("documents:download", args=[scan.pk]))
    assert response.status_code == 405


def test_a_row_whose_bytes_are_gone_answers_404(client, people, scan, documents_root):
    (documents_root / scan.storage_key).unlink()
    assert download(client, people.owner, scan.pk).status_code == 404
