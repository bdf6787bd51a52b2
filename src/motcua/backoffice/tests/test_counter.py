"""The counter desk: procedure search, applicant lookup, intake with scans, completion and
refusal, online submissions waiting, result lookup; all for counter officers only."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from motcua.backoffice.models import ActionToken
from motcua.documents.tests.builders import pdf_bytes
from motcua.dossiers import services
from motcua.dossiers.constants import Channel, DossierStatus, EventKind
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.helpers import snapshot

from .conftest import application
from .helpers import token_of

pytestmark = pytest.mark.django_db

DESK = "/can-bo/quay/"


def intake_url(world):
    return f"{DESK}tiep-nhan/{world.licence_case.pk}/"


def intake_data(world, token, **changes):
    data = {
        "form_token": token,
        "applicant_kind": "person",
        "id_number": "086185012345",
        "name": "Trần Thị Bình",
        "phone": "0912 345 678",
        "email": "",
        "address": "Ấp Hòa Long, xã Cái Nhum",
        "competent_agency": str(world.justice.pk),
        f"component_{world.form.pk}": "1",
        f"copies_{world.form.pk}": "1",
        f"component_{world.id_copy.pk}": "1",
        f"copies_{world.id_copy.pk}": "2",
        "form_organisation_name": "Văn phòng công chứng Cái Nhum",
        "form_staff_count": "3",
        "outcome": "accept",
    }
    data.update(changes)
    return data


def test_desk_only_for_counter_officers(login, world):
    assert login(world.counter).get(DESK).status_code == 200
    for who in (world.officer, world.leader, world.citizen):
        assert login(who).get(DESK).status_code == 404
        assert login(who).get(intake_url(world)).status_code == 404


def test_procedure_search_ignores_diacritics(login, world):
    client = login(world.counter)
    body = client.get(f"{DESK}thu-tuc/?q=giay phep hoat dong").content.decode()
    assert world.licence.name in body
    assert f"/can-bo/quay/tiep-nhan/{world.licence_case.pk}/" in body
    full = client.get(f"{DESK}?q=giấy phép").content.decode()
    assert world.licence.name in full


def test_intake_page_shows_components_and_due_date(login, world):
    body = login(world.counter).get(intake_url(world)).content.decode()
    for component in (world.form, world.id_copy, world.power):
        assert component.name in body
    assert "25/02/2026" in body  # 5 working days from Wed 11/02/2026, past the Tết holiday
    assert "Tên tổ chức" in body  # the case's e-form


def test_accept_creates_one_dossier_and_opens_the_receipt(login, world):
    client = login(world.counter)
    token = token_of(client.get(intake_url(world)).content.decode())
    response = client.post(intake_url(world), intake_data(world, token))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/can-bo/ho-so/{dossier.pk}/giay-tiep-nhan/"
    assert dossier.status == DossierStatus.RECEIVED and dossier.channel == Channel.COUNTER
    assert dossier.components.get(component=world.id_copy).copies == 2
    receipt = client.get(response["Location"]).content.decode()
    assert f"/ho-so/{dossier.pk}/bieu-mau/mau01.pdf" in receipt
    again = client.post(intake_url(world), intake_data(world, token))
    assert again.status_code == 302 and again["Location"] == f"/can-bo/ho-so/{dossier.pk}/"
    assert Dossier.objects.count() == 1


def test_accept_with_scans(login, world):
    client = login(world.counter)
    token = token_of(client.get(intake_url(world)).content.decode())
    scan = SimpleUploadedFile("to-khai.pdf", pdf_bytes(2), content_type="application/pdf")
    data = intake_data(
        world, token, **{f"scan_{world.form.pk}": scan, f"pages_{world.form.pk}": "2"}
    )
    assert client.post(intake_url(world), data).status_code == 302
    row = Dossier.objects.get().components.get(component=world.form)
    assert row.is_digitised and row.files.count() == 1
    page = client.get(f"/can-bo/ho-so/{row.dossier_id}/").content.decode()
    stored = row.files.get()
    assert f"/documents/{stored.pk}/?inline=1" in page  # preview of the scan
    assert client.get(f"/documents/{stored.pk}/?inline=1").status_code == 200
    assert login(world.counter_far).get(f"/documents/{stored.pk}/").status_code == 404


def test_scan_page_mismatch_writes_nothing(login, world, private_storage):
    client = login(world.counter)
    token = token_of(client.get(intake_url(world)).content.decode())
    scan = SimpleUploadedFile("to-khai.pdf", pdf_bytes(1), content_type="application/pdf")
    before = snapshot()
    data = intake_data(
        world, token, **{f"scan_{world.form.pk}": scan, f"pages_{world.form.pk}": "3"}
    )
    response = client.post(intake_url(world), data)
    assert response.status_code == 400
    assert snapshot() == before
    assert not ActionToken.objects.exists()
    body = response.content.decode()
    assert "Văn phòng công chứng Cái Nhum" in body  # what was typed is kept
    assert "Trần Thị Bình" in body
    assert "bản quét có 1 trang nhưng bản giấy có 3 trang" in body
    assert not [p for p in private_storage.rglob("*") if p.is_file()]  # no bytes stored


def test_bad_applicant_shows_the_engine_message_and_keeps_input(login, world):
    client = login(world.counter)
    token = token_of(client.get(intake_url(world)).content.decode())
    before = snapshot()
    response = client.post(intake_url(world), intake_data(world, token, id_number="123"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ấp Hòa Long, xã Cái Nhum" in body
    assert 'role="alert"' in body
    assert snapshot() == before


def test_request_completion_and_refusal(login, world):
    client = login(world.counter)
    token = token_of(client.get(intake_url(world)).content.decode())
    missing = client.post(
        intake_url(world), intake_data(world, token, outcome="complete", reasons="")
    )
    assert missing.status_code == 400 and not Dossier.objects.exists()
    response = client.post(
        intake_url(world),
        intake_data(
            world, token, outcome="complete", reasons="Thiếu giấy tờ", items="Giấy ủy quyền"
        ),
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.status == DossierStatus.AWAITING_COMPLETION
    assert dossier.events.filter(kind=EventKind.INTAKE_SUPPLEMENT_REQUESTED).exists()
    token2 = token_of(client.get(intake_url(world)).content.decode())
    client.post(
        intake_url(world), intake_data(world, token2, outcome="refuse", reasons="Sai thẩm quyền")
    )
    assert Dossier.objects.filter(status=DossierStatus.REFUSED).count() == 1


def test_applicant_lookup_suggests_previous_applicant(login, world):
    services.dossier_accept(user=world.counter, application=application(world))
    client = login(world.counter)
    found = client.get(f"{DESK}nguoi-nop/?id=086185012345").json()
    assert found["found"] and found["applicant"]["name"] == "Trần Thị Bình"
    assert client.get(f"{DESK}nguoi-nop/?id=086090012345").json()["found"] is False
    prefilled = client.get(intake_url(world) + "?so-dinh-danh=086185012345").content.decode()
    assert 'value="Trần Thị Bình"' in prefilled
    # Another province's counter does not learn about this applicant.
    assert (
        login(world.counter_far).get(f"{DESK}nguoi-nop/?id=086185012345").json()["found"] is False
    )


def test_online_submissions_wait_at_the_counter(login, world):
    online = services.dossier_submit(
        application=application(world, channel=Channel.ONLINE), user=world.citizen
    )
    body = login(world.counter).get(DESK).content.decode()
    assert f"/can-bo/ho-so/{online.pk}/" in body
    assert f"/can-bo/ho-so/{online.pk}/" not in login(world.counter_far).get(DESK).content.decode()
    page = login(world.counter).get(f"/can-bo/ho-so/{online.pk}/").content.decode()
    assert 'id="accept"' in page and 'id="request_completion"' in page and 'id="refuse"' in page


def test_result_lookup_by_code(login, world, received):
    client = login(world.counter)
    response = client.get(f"{DESK}tra-ket-qua/?ma={received.code.lower()}")
    assert response["Location"] == f"/can-bo/ho-so/{received.pk}/#deliver"
    from urllib.parse import quote

    from motcua.dossiers.forms.builders import tracking_url

    scanned = quote(tracking_url(received.code))  # what a QR scanner types
    assert client.get(f"{DESK}tra-ket-qua/?ma={scanned}")["Location"].endswith("#deliver")
    missing = client.get(f"{DESK}tra-ket-qua/?ma=H61.17-000000-0000")
    assert missing["Location"].endswith("#tra-ket-qua")
    far = login(world.counter_far).get(f"{DESK}tra-ket-qua/?ma={received.code}")
    assert far["Location"].endswith("#tra-ket-qua")


def test_officer_of_two_centres_chooses_where_to_receive(login, world):
    from motcua.accounts.services import role_grant

    role_grant(
        user=world.counter,
        role="counter_officer",
        agency=world.commune_centre,
        valid_from=world.licence.valid_from,
    )
    client = login(world.counter)
    page = client.get(intake_url(world)).content.decode()
    assert 'name="noi-nhan"' in page
    token = token_of(page)
    data = intake_data(world, token, receiving=str(world.commune_centre.pk))
    client.post(intake_url(world), data)
    # A provincial procedure is not received at a commune centre: the engine says so.
    assert not Dossier.objects.exists()
    token = token_of(client.get(intake_url(world)).content.decode())
    client.post(intake_url(world), intake_data(world, token, receiving=str(world.centre.pk)))
    assert Dossier.objects.get().receiving_agency == world.centre
    # A centre the officer does not serve falls back to their own.
    token = token_of(client.get(intake_url(world)).content.decode())
    client.post(intake_url(world), intake_data(world, token, receiving=str(world.far.pk)))
    assert set(Dossier.objects.values_list("receiving_agency", flat=True)) == {world.centre.pk}
