import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from motcua.documents import testpki
from motcua.documents.services import stored_file_create
from motcua.documents.signing import pdf_sign
from motcua.documents.tests.builders import pdf_bytes
from motcua.dossiers.constants import DossierStatus, EventKind
from motcua.dossiers.models import DossierResult

from .conftest import awaiting_supplement, received


@pytest.fixture
def pki(tmp_path, world):
    # After ``world``: its clock is pinned, and certificates must be valid at that moment.
    directory = tmp_path
    root = testpki.make_root(key_size=2048)
    leaf = testpki.make_leaf(root, common_name="Nguyễn Văn Ký")
    return {
        "root": testpki.write_cert(root.cert, directory / "root.pem"),
        "key": testpki.write_key(leaf.key, directory / "key.pem"),
        "cert": testpki.write_cert(leaf.cert, directory / "cert.pem"),
        "cache": directory,
    }


@pytest.fixture
def signing(settings, pki):
    settings.DOCUMENTS_CACHE_DIR = pki["cache"]
    settings.SIGNING_KEY_FILE = str(pki["key"])
    settings.SIGNING_CERT_FILE = str(pki["cert"])
    settings.SIGNING_CHAIN_FILES = [str(pki["root"])]
    settings.SIGNING_PKCS12_FILE = ""
    settings.SIGNING_KEY_PASSPHRASE = ""
    settings.SIGNING_TRUST_ROOTS = [str(pki["root"])]


def test_list_shows_own_dossiers_in_plain_words(client, world, now):
    mine = awaiting_supplement(world, now)
    theirs = received(world, applicant=_other(world))
    client.force_login(world.citizen)
    page = client.get("/ca-nhan/ho-so/").content.decode()
    assert mine.code in page
    assert "Đang chờ bạn bổ sung hồ sơ" in page
    assert theirs.code not in page


def _other(world):
    from motcua.dossiers.tests.conftest import applicant

    return applicant(name="Lê Văn Cường", id_number="086090012345", phone="0988 000 111")


def test_another_citizens_dossier_is_404(client, world):
    theirs = received(world, applicant=_other(world))
    client.force_login(world.citizen)
    assert client.get(f"/ca-nhan/ho-so/{theirs.pk}/").status_code == 404
    assert client.post(f"/ca-nhan/ho-so/{theirs.pk}/bo-sung/", {"note": "x"}).status_code == 404
    assert client.get("/ca-nhan/ho-so/999999/").status_code == 404
    client.force_login(world.other_citizen)
    assert client.get(f"/ca-nhan/ho-so/{theirs.pk}/").status_code == 200


def test_staff_see_no_personal_pages(client, world):
    dossier = received(world)
    client.force_login(world.counter)
    assert client.get("/ca-nhan/ho-so/").status_code == 403
    assert client.get(f"/ca-nhan/ho-so/{dossier.pk}/").status_code == 404


def test_detail_shows_the_request_and_where_to_send_the_supplement(client, world, now):
    dossier = awaiting_supplement(world, now)
    client.force_login(world.citizen)
    page = client.get(f"/ca-nhan/ho-so/{dossier.pk}/").content.decode()
    assert "Cơ quan đề nghị bạn bổ sung hồ sơ" in page
    assert "Bản sao chứng chỉ hành nghề" in page
    assert "Thiếu giấy tờ chứng minh điều kiện" in page
    assert world.centre.name in page
    assert f'action="/ca-nhan/ho-so/{dossier.pk}/bo-sung/"' in page
    assert "Chuyển Sở Tư pháp" not in page  # the counter's internal note
    assert (
        dossier.due_at.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%d/%m/%Y") in page
    )


def test_supplement_is_sent_with_files(client, world, now):
    dossier = awaiting_supplement(world, now)
    row = dossier.components.get(component=world.form)
    client.force_login(world.citizen)
    upload = SimpleUploadedFile("bo-sung.pdf", pdf_bytes(1), content_type="application/pdf")
    response = client.post(
        f"/ca-nhan/ho-so/{dossier.pk}/bo-sung/",
        {"note": "Gửi bản sao chứng chỉ", f"files_{row.pk}": upload},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PROCESSING
    assert dossier.events.filter(kind=EventKind.SUPPLEMENT_RECEIVED).exists()
    assert [f.original_name for f in row.files.all()] == ["bo-sung.pdf"]


def test_empty_supplement_is_refused_and_nothing_changes(client, world, now):
    dossier = awaiting_supplement(world, now)
    client.force_login(world.citizen)
    response = client.post(f"/ca-nhan/ho-so/{dossier.pk}/bo-sung/", {"note": "  "})
    assert response.status_code == 400
    assert "Hãy đính kèm ít nhất một tệp" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.AWAITING_SUPPLEMENT


def test_supplement_when_none_was_asked_is_refused(client, world):
    dossier = received(world)
    client.force_login(world.citizen)
    response = client.post(f"/ca-nhan/ho-so/{dossier.pk}/bo-sung/", {"note": "Gửi thêm"})
    assert response.status_code == 400
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED


def test_result_download_link_and_its_signature_verdict(client, world, signing):
    dossier = received(world)
    signed = DossierResult.objects.create(dossier=dossier, name="Giấy phép", number="15/GP")
    unsigned = DossierResult.objects.create(dossier=dossier, name="Bản sao", number="16/GP")
    for result, content in ((signed, pdf_sign(pdf_bytes(1))), (unsigned, pdf_bytes(1))):
        stored = stored_file_create(
            upload=SimpleUploadedFile("kq.pdf", content),
            uploaded_by=world.leader,
            allowed_types={"pdf"},
            dossier_result=result,
        )
    client.force_login(world.citizen)
    page = client.get(f"/ca-nhan/ho-so/{dossier.pk}/").content.decode()
    assert "Chữ ký hợp lệ và tệp không bị thay đổi" in page
    assert "Nguyễn Văn Ký" in page
    assert "Tệp không có chữ ký số." in page
    assert f"/documents/{stored.pk}/" in page
    assert client.get(f"/documents/{stored.pk}/").status_code == 200
