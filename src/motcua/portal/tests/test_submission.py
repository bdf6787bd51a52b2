from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from motcua.catalog.constants import OnlineLevel
from motcua.documents.models import StoreEntry
from motcua.documents.services import stored_file_create
from motcua.documents.tests.builders import pdf_bytes, png_bytes
from motcua.dossiers.constants import Channel, DossierStatus
from motcua.dossiers.models import Dossier
from motcua.portal.models import DraftUpload, SubmissionDraft


@pytest.fixture
def citizen_client(client, world):
    client.force_login(world.citizen)
    return client


def answers(world, **changes):
    values = {
        "applicant_name": "Trần Thị Bình",
        "applicant_phone": "0912 345 678",
        "applicant_email": "binh@example.test",
        "applicant_address": "Ấp Hòa Long, xã Cái Nhum",
        "competent_agency": str(world.justice.pk),
        "receiving_agency": str(world.centre.pk),
        "delivery_channel": "online",
        "f_organisation_name": "Văn phòng công chứng Hòa Long",
        "f_staff_count": "3",
        "f_director_id": "086185012345",
    }
    return {**values, **changes}


def start(client, world) -> SubmissionDraft:
    response = client.get(f"/nop-truc-tuyen/{world.licence_case.pk}/")
    draft = SubmissionDraft.objects.get(owner=world.citizen, dossier__isnull=True)
    assert response["Location"] == f"/ho-so-nhap/{draft.pk}/"
    return draft


def attach(client, draft, component, name="to-khai.pdf", content=None):
    upload = SimpleUploadedFile(name, content or pdf_bytes(2), content_type="application/pdf")
    return client.post(f"/ho-so-nhap/{draft.pk}/tep/", {"component": component.pk, "file": upload})


def test_online_submission_creates_a_submitted_dossier_with_files(
    citizen_client, world, private_dirs, django_capture_on_commit_callbacks
):
    draft = start(citizen_client, world)
    attach(citizen_client, draft, world.form)
    attach(citizen_client, draft, world.id_copy, "cccd.png", png_bytes())
    response = citizen_client.post(
        f"/ho-so-nhap/{draft.pk}/", {**answers(world), "action": "review"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/ho-so-nhap/{draft.pk}/xem-lai/"
    review = citizen_client.get(response["Location"])
    assert review.status_code == 200
    assert "Văn phòng công chứng Hòa Long" in review.content.decode()
    assert not Dossier.objects.exists()  # reviewing submits nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = citizen_client.post(f"/ho-so-nhap/{draft.pk}/xem-lai/")
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/ca-nhan/ho-so/{dossier.pk}/"
    assert (dossier.status, dossier.channel, dossier.owner) == (
        DossierStatus.SUBMITTED,
        Channel.ONLINE,
        world.citizen,
    )
    assert dossier.form_data == {
        "organisation_name": "Văn phòng công chứng Hòa Long",
        "staff_count": 3,
        "director_id": "086185012345",
    }
    assert dossier.applicant_phone == "0912 345 678"
    assert dossier.delivery_channel == "online"
    rows = {row.component_id: row for row in dossier.components.all()}
    assert set(rows) == {world.form.pk, world.id_copy.pk}
    assert [f.original_name for f in rows[world.form.pk].files.all()] == ["to-khai.pdf"]
    assert [f.file_type for f in rows[world.id_copy.pk].files.all()] == ["png"]
    # The draft is closed and its temporary bytes are gone.
    assert SubmissionDraft.objects.get().dossier == dossier
    assert not DraftUpload.objects.exists()
    assert not list((private_dirs / "portal-uploads").glob("*.part"))
    # A second click returns the same dossier instead of a second one.
    assert citizen_client.post(f"/ho-so-nhap/{draft.pk}/xem-lai/").status_code == 404
    assert Dossier.objects.count() == 1
    page = citizen_client.get(f"/ca-nhan/ho-so/{dossier.pk}/").content.decode()
    assert "Đã gửi; bộ phận một cửa sẽ kiểm tra hồ sơ" in page


def test_eform_errors_are_shown_per_field_and_keep_what_was_typed(citizen_client, world):
    draft = start(citizen_client, world)
    attach(citizen_client, draft, world.form)
    attach(citizen_client, draft, world.id_copy)
    typed = answers(
        world,
        f_staff_count="0",
        f_director_id="12345",
        f_organisation_name="",
        applicant_phone="abc",
    )
    response = citizen_client.post(f"/ho-so-nhap/{draft.pk}/", {**typed, "action": "review"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vui lòng sửa các mục được đánh dấu" in page
    assert "Vui lòng nhập thông tin này." in page  # organisation name is required
    assert 'value="0"' in page and 'value="12345"' in page and 'value="abc"' in page
    assert "Nhập số điện thoại từ 8 đến 15 chữ số" in page
    assert "lớn hơn hoặc bằng với 1" in page  # Django's own Vietnamese for the minimum
    draft.refresh_from_db()
    assert draft.answers["f_director_id"] == "12345"
    assert not Dossier.objects.exists()


def test_missing_mandatory_files_are_named(citizen_client, world):
    draft = start(citizen_client, world)
    attach(citizen_client, draft, world.form)
    response = citizen_client.post(
        f"/ho-so-nhap/{draft.pk}/", {**answers(world), "action": "review"}
    )
    assert response.status_code == 400
    assert "Hãy đính kèm tệp cho: Bản sao giấy tờ chứng minh nhân thân" in response.content.decode()
    assert citizen_client.post(f"/ho-so-nhap/{draft.pk}/xem-lai/").status_code == 400
    assert not Dossier.objects.exists()


def test_a_refused_file_is_explained_and_not_kept(citizen_client, world):
    draft = start(citizen_client, world)
    response = attach(citizen_client, draft, world.form, "virus.pdf", b"MZ not a pdf at all")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert (messages and "Tệp" in messages[0]) or "tệp" in messages[0]
    assert not DraftUpload.objects.exists()


def test_draft_is_resumed_on_another_device(client, world, django_user_model):
    from django.test import Client

    phone, laptop = Client(), Client()
    phone.force_login(world.citizen)
    draft = start(phone, world)
    phone.post(f"/ho-so-nhap/{draft.pk}/", {**answers(world, f_staff_count="7"), "action": "save"})
    laptop.force_login(world.citizen)
    assert start(laptop, world) == draft
    page = laptop.get(f"/ho-so-nhap/{draft.pk}/").content.decode()
    assert 'value="7"' in page
    assert "Văn phòng công chứng Hòa Long" in page
    listed = laptop.get("/ca-nhan/ho-so/").content.decode()
    assert f"/ho-so-nhap/{draft.pk}/" in listed


def test_autosave_keeps_known_inputs_only(citizen_client, world):
    draft = start(citizen_client, world)
    response = citizen_client.post(
        f"/ho-so-nhap/{draft.pk}/luu/", {"f_organisation_name": "Đang gõ", "is_superuser": "1"}
    )
    assert response.status_code == 200
    assert "saved_at" in response.json()
    draft.refresh_from_db()
    assert draft.answers["f_organisation_name"] == "Đang gõ"
    assert "is_superuser" not in draft.answers


def test_case_not_offered_online_cannot_be_started(citizen_client, world):
    world.licence_case.online_level = OnlineLevel.NONE
    world.licence_case.save()
    assert citizen_client.get(f"/nop-truc-tuyen/{world.licence_case.pk}/").status_code == 404
    assert not SubmissionDraft.objects.exists()


# --- Resumable uploads ------------------------------------------------------------------


def create_upload(client, draft, component, size):
    response = client.post(
        f"/ho-so-nhap/{draft.pk}/tai-len/",
        {"component": component.pk, "name": "to-khai.pdf", "size": size},
    )
    assert response.status_code == 201, response.content
    return response.json()


def put(client, url, offset, data):
    return client.post(
        url, data, content_type="application/octet-stream", HTTP_UPLOAD_OFFSET=str(offset)
    )


def test_chunked_upload_resumes_after_an_interrupted_piece(citizen_client, world, private_dirs):
    content = pdf_bytes(3)
    draft = start(citizen_client, world)
    state = create_upload(citizen_client, draft, world.form, len(content))
    url, cut = state["url"], len(content) // 3
    assert state["offset"] == 0

    assert put(citizen_client, url, 0, content[:cut]).json()["offset"] == cut
    # The answer to the second piece was lost: the client does not know it arrived and
    # sends it again. The server says where it really is instead of appending twice.
    assert put(citizen_client, url, cut, content[cut : 2 * cut]).status_code == 200
    retry = put(citizen_client, url, cut, content[cut : 2 * cut])
    assert retry.status_code == 409
    assert retry.json()["offset"] == 2 * cut
    # After a dropped connection the client asks how far the upload got.
    assert citizen_client.get(url).json()["offset"] == 2 * cut
    done = put(citizen_client, url, 2 * cut, content[2 * cut :]).json()
    assert done["complete"] is True
    upload = DraftUpload.objects.get()
    assert (upload.file_type, upload.received) == ("pdf", len(content))
    assert Path(private_dirs / "portal-uploads" / f"{upload.pk}.part").read_bytes() == content
    # A piece after completion changes nothing.
    assert put(citizen_client, url, len(content), b"x").status_code == 409


def test_chunked_upload_refuses_bad_content_at_the_end(citizen_client, world):
    draft = start(citizen_client, world)
    state = create_upload(citizen_client, draft, world.form, 10)
    response = put(citizen_client, state["url"], 0, b"0123456789")
    assert response.status_code == 400
    assert response.json()["error"]
    assert not DraftUpload.objects.exists()


def test_chunked_upload_refuses_too_much_and_foreign_components(citizen_client, world):
    draft = start(citizen_client, world)
    state = create_upload(citizen_client, draft, world.form, 4)
    assert put(citizen_client, state["url"], 0, b"12345").status_code == 400
    response = citizen_client.post(
        f"/ho-so-nhap/{draft.pk}/tai-len/",
        {"component": world.joint_form.pk, "name": "a.pdf", "size": 10},
    )
    assert response.status_code == 400
    assert "không thuộc thành phần hồ sơ" in response.json()["error"]


# --- Permissions ------------------------------------------------------------------------


def test_another_citizen_reaches_nothing_of_a_draft(client, world):
    client.force_login(world.citizen)
    draft = start(client, world)
    state = create_upload(client, draft, world.form, 10)
    client.force_login(world.other_citizen)
    for url in (f"/ho-so-nhap/{draft.pk}/", f"/ho-so-nhap/{draft.pk}/xem-lai/", state["url"]):
        assert client.get(url).status_code == 404
    assert client.post(f"/ho-so-nhap/{draft.pk}/luu/", {"f_staff_count": "9"}).status_code == 404
    assert put(client, state["url"], 0, b"x").status_code == 404
    assert client.post(f"/ho-so-nhap/{draft.pk}/xoa/").status_code == 404
    assert SubmissionDraft.objects.filter(pk=draft.pk).exists()


def test_staff_and_anonymous_cannot_submit(client, world):
    assert client.get(f"/nop-truc-tuyen/{world.licence_case.pk}/").status_code == 302
    client.force_login(world.counter)
    assert client.get(f"/nop-truc-tuyen/{world.licence_case.pk}/").status_code == 403
    assert not SubmissionDraft.objects.exists()


# --- Reuse from the citizen's data store ------------------------------------------------


def test_a_document_from_the_store_stands_in_for_an_upload(citizen_client, world):
    kept = stored_file_create(
        upload=SimpleUploadedFile("cccd.pdf", pdf_bytes(1)),
        uploaded_by=world.citizen,
        allowed_types={"pdf"},
    )
    entry = StoreEntry.objects.create(
        owner=world.citizen,
        document_code=world.id_copy.code,
        name="Căn cước công dân",
        source="national_database",
        stored_file=kept,
    )
    draft = start(citizen_client, world)
    page = citizen_client.get(f"/ho-so-nhap/{draft.pk}/").content.decode()
    assert "Căn cước công dân" in page
    attach(citizen_client, draft, world.form)
    response = citizen_client.post(
        f"/ho-so-nhap/{draft.pk}/",
        {**answers(world), f"reuse_{world.id_copy.pk}": str(entry.pk), "action": "review"},
    )
    assert response.status_code == 302
    citizen_client.post(f"/ho-so-nhap/{draft.pk}/xem-lai/")
    row = Dossier.objects.get().components.get(component=world.id_copy)
    assert row.is_reused
    assert row.reused_entry == entry
    assert not row.files.exists()


def test_another_citizens_store_entry_cannot_be_picked(citizen_client, world):
    kept = stored_file_create(
        upload=SimpleUploadedFile("cccd.pdf", pdf_bytes(1)),
        uploaded_by=world.other_citizen,
        allowed_types={"pdf"},
    )
    theirs = StoreEntry.objects.create(
        owner=world.other_citizen,
        document_code=world.id_copy.code,
        name="Căn cước của người khác",
        source="national_database",
        stored_file=kept,
    )
    draft = start(citizen_client, world)
    attach(citizen_client, draft, world.form)
    response = citizen_client.post(
        f"/ho-so-nhap/{draft.pk}/",
        {**answers(world), f"reuse_{world.id_copy.pk}": str(theirs.pk), "action": "review"},
    )
    assert response.status_code == 400  # the copy of the ID is still missing
    assert "Căn cước của người khác" not in response.content.decode()


def test_a_draft_keeps_to_the_dossier_size_limit(citizen_client, world, settings):
    settings.DOCUMENTS_MAX_DOSSIER_MB = 1
    draft = start(citizen_client, world)
    create_upload(citizen_client, draft, world.form, 700_000)
    response = citizen_client.post(
        f"/ho-so-nhap/{draft.pk}/tai-len/",
        {"component": world.id_copy.pk, "name": "b.pdf", "size": 700_000},
    )
    assert response.status_code == 400
    assert "vượt quá giới hạn 1 MB" in response.json()["error"]
    assert DraftUpload.objects.count() == 1
