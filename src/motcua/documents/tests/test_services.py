"""Storing uploads: what is kept, and that a refusal leaves nothing behind."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.utils import translation

import pytest

from motcua.documents import selectors, services
from motcua.documents.constants import SCAN_TYPES, FileType, UploadError
from motcua.documents.models import StoredFile
from motcua.documents.storage import document_storage

from . import builders
from .conftest import stored_paths

ALL = set(FileType.values)


def test_an_upload_is_stored_with_its_facts(people, documents_root):
    content = builders.pdf_bytes(3)
    stored = services.stored_file_create(
        upload=builders.upload("../../Tờ khai khai sinh.pdf", content),
        uploaded_by=people.counter,
        allowed_types=SCAN_TYPES,
        dossier_component=builders.component(people.dossier),
    )
    stored.refresh_from_db()
    assert stored.original_name == "Tờ khai khai sinh.pdf"
    assert stored.file_type == FileType.PDF
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.page_count == 3
    assert stored.uploaded_by == people.counter
    # The key is random and never carries the user's name or path.
    assert "khai" not in stored.storage_key and ".." not in stored.storage_key
    assert stored.storage_key.endswith(".pdf")
    [path] = stored_paths(documents_root)
    assert path.read_bytes() == content
    assert path.relative_to(documents_root).as_posix() == stored.storage_key


def test_a_large_upload_streams_from_its_temporary_file(people, documents_root):
    content = builders.pdf_bytes(40)
    upload = TemporaryUploadedFile("ban-scan.pdf", "application/pdf", len(content), None)
    upload.write(content)
    upload.seek(0)
    stored = services.stored_file_create(upload=upload, uploaded_by=people.owner, allowed_types=ALL)
    assert stored.page_count == 40
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    [path] = stored_paths(documents_root)
    assert path.read_bytes() == content
    upload.close()  # as the request does; the storage moved the temporary file away


def assert_nothing_stored(documents_root):
    assert StoredFile.objects.count() == 0
    assert stored_paths(documents_root) == []


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("giay-khai-sinh.pdf", builders.png_bytes(), UploadError.EXTENSION_MISMATCH),
        ("don.docx", builders.plain_zip_bytes(), UploadError.OFFICE_MALFORMED),
        ("khoa.pdf", builders.pdf_bytes(password="bi-mat"), UploadError.PDF_ENCRYPTED),
        ("hong.pdf", builders.pdf_bytes()[:-100], UploadError.PDF_MALFORMED),
        ("don.docx", builders.docx_bytes(), UploadError.TYPE_NOT_ALLOWED),
        ("rong.pdf", b"", UploadError.EMPTY),
    ],
)
def test_a_refused_upload_leaves_nothing(people, documents_root, name, content, code):
    with pytest.raises(ValidationError) as caught:
        services.stored_file_create(
            upload=builders.upload(name, content),
            uploaded_by=people.counter,
            allowed_types=SCAN_TYPES,
            dossier_component=builders.component(people.dossier),
        )
    assert caught.value.code == code
    assert_nothing_stored(documents_root)


def test_size_limit_per_file_comes_from_settings(people, documents_root, settings):
    settings.DOCUMENTS_MAX_FILE_MB = 1
    content = builders.pdf_bytes(1) + b"%" * (1024 * 1024)  # a comment after %%EOF
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        services.stored_file_create(
            upload=builders.upload("lon.pdf", content), uploaded_by=people.owner, allowed_types=ALL
        )
    assert caught.value.code == UploadError.TOO_LARGE
    assert caught.value.messages == ["Tệp lớn hơn giới hạn 1 MB."]
    assert_nothing_stored(documents_root)


def test_site_allow_list_narrows_every_upload(people, documents_root, settings):
    settings.DOCUMENTS_ALLOWED_TYPES = ["pdf"]
    with pytest.raises(ValidationError) as caught:
        services.stored_file_create(
            upload=builders.upload("anh.png", builders.png_bytes()),
            uploaded_by=people.owner,
            allowed_types=ALL,
        )
    assert caught.value.code == UploadError.TYPE_NOT_ALLOWED
    assert_nothing_stored(documents_root)


def test_dossier_total_limit_counts_every_file_of_the_dossier(people, documents_root):
    first = builders.pdf_bytes(1)
    limit = len(first) + 100
    services.stored_file_create(
        upload=builders.upload("a.pdf", first),
        uploaded_by=people.counter,
        allowed_types=ALL,
        dossier_component=builders.component(people.dossier),
        max_dossier_bytes=limit,
    )
    with pytest.raises(ValidationError) as caught:
        services.stored_file_create(
            upload=builders.upload("b.pdf", builders.pdf_bytes(1)),
            uploaded_by=people.counter,
            allowed_types=ALL,
            dossier_result=builders.result(people.dossier),
            max_dossier_bytes=limit,
        )
    assert caught.value.code == UploadError.DOSSIER_QUOTA
    assert StoredFile.objects.count() == 1
    assert len(stored_paths(documents_root)) == 1


def test_dossier_size_counts_its_components_and_results_and_no_other_dossier(
    people, documents_root
):
    other = builders.dossier(at=people.commune)
    for owner in (
        {"dossier_component": builders.component(people.dossier)},
        {"dossier_result": builders.result(people.dossier)},
        {"dossier_component": builders.component(other)},
    ):
        services.stored_file_create(
            upload=builders.upload("a.pdf", builders.pdf_bytes(1)),
            uploaded_by=people.counter,
            allowed_types=ALL,
            **owner,
        )
    one = len(builders.pdf_bytes(1))
    assert selectors.dossier_files_size(people.dossier.pk) == 2 * one
    assert selectors.dossier_files_size(other.pk) == one


def test_bytes_are_removed_when_the_row_cannot_be_written(people, documents_root, monkeypatch):
    def broken_create(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(StoredFile.objects, "create", broken_create)
    with pytest.raises(RuntimeError):
        services.stored_file_create(
            upload=builders.upload("a.pdf", builders.pdf_bytes()),
            uploaded_by=people.owner,
            allowed_types=ALL,
        )
    assert stored_paths(documents_root) == []


def test_a_file_has_one_owner_at_most(people):
    with pytest.raises(ValueError, match="one owner"):
        services.stored_file_create(
            upload=builders.upload("a.pdf", builders.pdf_bytes()),
            uploaded_by=people.counter,
            allowed_types=ALL,
            dossier_component=builders.component(people.dossier),
            dossier_result=builders.result(people.dossier),
        )


def test_delete_removes_the_bytes_after_commit(
    people, documents_root, django_capture_on_commit_callbacks
):
    stored = services.stored_file_create(
        upload=builders.upload("a.pdf", builders.pdf_bytes()),
        uploaded_by=people.owner,
        allowed_types=ALL,
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.stored_file_delete(stored_file=stored)
        assert len(stored_paths(documents_root)) == 1  # a rollback would keep the bytes
    for callback in callbacks:
        callback()
    assert_nothing_stored(documents_root)


def test_stored_documents_have_no_public_url():
    with pytest.raises(ValueError, match="no public URL"):
        document_storage().url("2026/03/x.pdf")
