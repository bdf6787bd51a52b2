"""Digitisation at the counter: scans checked against the paper original's page count."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from motcua.documents import services
from motcua.documents.constants import (
    DigitisationError,
    DigitisationState,
    ExemptionReason,
    UploadError,
)
from motcua.documents.models import ComponentDigitisation, StoredFile
from motcua.dossiers.constants import DigitisationStatus

from . import builders
from .conftest import stored_paths

ORIGINAL, SHOWN, NOT_REQUIRED = 1, 2, 3  # component positions in builders.procedure_case


def digitise(people, scans, paper_pages, position=ORIGINAL, **extra):
    return services.component_digitise(
        dossier_component=builders.component(people.dossier, position),
        scans=scans,
        paper_pages=paper_pages,
        digitised_by=people.counter,
        **extra,
    )


def test_scans_with_the_right_page_count_digitise_the_component(people, documents_root):
    record = digitise(people, [builders.upload("to-khai.pdf", builders.pdf_bytes(3))], 3)

    assert (record.state, record.paper_pages, record.recorded_by) == (
        DigitisationState.DIGITISED,
        3,
        people.counter,
    )
    component = builders.component(people.dossier)
    assert component.is_digitised
    [scan] = component.files.all()
    assert (scan.page_count, scan.uploaded_by) == (3, people.counter)
    assert len(stored_paths(documents_root)) == 1
    # The only component that must be digitised is done: the dossier counts as digitised.
    people.dossier.refresh_from_db()
    assert people.dossier.digitisation_status == DigitisationStatus.DIGITISED


def test_page_images_count_one_page_each_and_keep_their_order(people):
    scans = [
        builders.upload("trang-1.png", builders.png_bytes()),
        builders.upload("trang-2.jpg", builders.JPEG),
        builders.upload("trang-3.png", builders.png_bytes()),
    ]
    digitise(people, scans, 3)
    files = list(builders.component(people.dossier).files.order_by("position"))
    assert [(f.position, f.original_name) for f in files] == [
        (1, "trang-1.png"),
        (2, "trang-2.jpg"),
        (3, "trang-3.png"),
    ]


def test_a_page_count_mismatch_is_refused_and_nothing_is_kept(people, documents_root):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        digitise(people, [builders.upload("to-khai.pdf", builders.pdf_bytes(2))], 3)

    assert caught.value.code == DigitisationError.PAGE_MISMATCH
    assert caught.value.messages == [
        "Bản quét có 2 trang nhưng bản giấy có 3 trang; hãy quét đủ tất cả các trang, đúng thứ tự."
    ]
    assert not builders.component(people.dossier).is_digitised
    assert not ComponentDigitisation.objects.exists()
    assert StoredFile.objects.count() == 0
    assert stored_paths(documents_root) == []


@pytest.mark.parametrize(
    ("scans", "paper_pages", "code"),
    [
        ([], 1, DigitisationError.NO_SCANS),
        ([builders.upload("a.pdf", builders.pdf_bytes())], 0, DigitisationError.BAD_PAGE_COUNT),
        ([builders.upload("a.pdf", builders.pdf_bytes())], None, DigitisationError.BAD_PAGE_COUNT),
    ],
)
def test_missing_input_is_refused(people, documents_root, scans, paper_pages, code):
    with pytest.raises(ValidationError) as caught:
        digitise(people, scans, paper_pages)
    assert caught.value.code == code
    assert stored_paths(documents_root) == []


def test_bad_scans_are_named_in_the_message(people, documents_root):
    scans = [
        builders.upload("trang-1.png", builders.png_bytes()),
        builders.upload("don.docx", builders.docx_bytes()),
        builders.upload("khoa.pdf", builders.pdf_bytes(password="x")),
    ]
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        digitise(people, scans, 3)
    codes = [e.code for e in caught.value.error_list]
    assert codes == [UploadError.TYPE_NOT_ALLOWED, UploadError.PDF_ENCRYPTED]
    assert caught.value.messages[0].startswith("don.docx: Không nhận tệp DOCX")
    assert caught.value.messages[1].startswith("khoa.pdf: ")
    assert stored_paths(documents_root) == []


def test_scanning_again_replaces_the_earlier_scans(
    people, documents_root, django_capture_on_commit_callbacks
):
    digitise(people, [builders.upload("lan-1.pdf", builders.pdf_bytes(2))], 2)
    with django_capture_on_commit_callbacks(execute=True):
        record = digitise(people, [builders.upload("lan-2.pdf", builders.pdf_bytes(3))], 3)
    assert record.paper_pages == 3
    [scan] = builders.component(people.dossier).files.all()
    assert scan.original_name == "lan-2.pdf"
    assert len(stored_paths(documents_root)) == 1


def test_a_component_submitted_electronically_is_not_scanned(people, documents_root):
    services.stored_file_create(
        upload=builders.upload("to-khai.pdf", builders.pdf_bytes(1)),
        uploaded_by=people.owner,
        allowed_types={"pdf"},
        dossier_component=builders.component(people.dossier),
    )
    with pytest.raises(ValidationError) as caught:
        digitise(people, [builders.upload("scan.pdf", builders.pdf_bytes(1))], 1)
    assert caught.value.code == DigitisationError.ALREADY_ELECTRONIC
    assert len(stored_paths(documents_root)) == 1


def test_dossier_total_limit_applies_to_scans(people, documents_root):
    with pytest.raises(ValidationError) as caught:
        digitise(people, [builders.upload("a.pdf", builders.pdf_bytes(1))], 1, max_dossier_bytes=10)
    assert caught.value.code == UploadError.DOSSIER_QUOTA
    assert stored_paths(documents_root) == []


@pytest.mark.parametrize(
    ("position", "reason"),
    [(SHOWN, ExemptionReason.SHOWN_ONLY), (NOT_REQUIRED, ExemptionReason.NOT_REQUIRED)],
)
def test_exempt_components_are_flagged_not_scanned(people, documents_root, position, reason):
    with pytest.raises(ValidationError) as caught:
        digitise(people, [builders.upload("a.pdf", builders.pdf_bytes())], 1, position=position)
    assert caught.value.code == DigitisationError.EXEMPT
    assert stored_paths(documents_root) == []

    record = services.component_flag_exempt(
        dossier_component=builders.component(people.dossier, position), flagged_by=people.counter
    )
    assert (record.state, record.exemption_reason) == (DigitisationState.EXEMPT, reason)
    assert not builders.component(people.dossier, position).is_digitised


def test_a_component_that_must_be_digitised_cannot_be_flagged_exempt(people):
    with pytest.raises(ValidationError) as caught:
        services.component_flag_exempt(
            dossier_component=builders.component(people.dossier, ORIGINAL),
            flagged_by=people.counter,
        )
    assert caught.value.code == DigitisationError.NOT_EXEMPT
    assert not ComponentDigitisation.objects.exists()


def test_flagging_a_dossier_marks_only_its_exempt_components(people):
    records = services.dossier_flag_exempt_components(
        dossier=people.dossier, flagged_by=people.counter
    )
    assert sorted(r.dossier_component.component.position for r in records) == [SHOWN, NOT_REQUIRED]
    # Nothing required is digitised yet; exempt components do not make it "partly" done.
    people.dossier.refresh_from_db()
    assert people.dossier.digitisation_status == DigitisationStatus.NOT_DIGITISED
    assert (
        services.dossier_flag_exempt_components(dossier=people.dossier, flagged_by=people.counter)
        == []
    )


def test_the_dossier_engine_counts_the_components_the_counter_counts(people):
    # One rule for the 766 digitisation figure, whichever app records the scans.
    from motcua.dossiers.services.intake import digitisation_status

    required = builders.component(people.dossier, 1)
    required.is_digitised = True
    required.save(update_fields=["is_digitised"])
    assert digitisation_status(people.dossier) == DigitisationStatus.DIGITISED


def test_leaving_out_a_component_that_holds_scans_is_refused(people, documents_root):
    from motcua.dossiers.error_codes import DossierError, DossierErrorCode
    from motcua.dossiers.inputs import ComponentInput
    from motcua.dossiers.services.intake import components_save

    digitise(people, [builders.upload("to-khai.pdf", builders.pdf_bytes(1))], 1)
    other = builders.component(people.dossier, 2).component
    with pytest.raises(DossierError) as caught:
        components_save(people.dossier, [(other, ComponentInput(other.pk))], electronic=False)
    assert caught.value.code == DossierErrorCode.COMPONENT_HAS_FILES
    assert people.dossier.components.count() == 3
    assert len(stored_paths(documents_root)) == 1
