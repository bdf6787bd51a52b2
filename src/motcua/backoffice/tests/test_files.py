"""Files from the dossier page: scans at the counter, the result's PDF attached and signed."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from motcua.documents.tests.builders import pdf_bytes
from motcua.dossiers import services
from motcua.dossiers.constants import Channel
from motcua.dossiers.inputs import ResultInput
from motcua.dossiers.models import Dossier

from .conftest import application

pytestmark = pytest.mark.django_db


def test_counter_scans_an_online_submission(login, world):
    online = services.dossier_submit(
        application=application(world, channel=Channel.ONLINE), user=world.citizen
    )
    row = online.components.get(component=world.form)
    row.is_digitised = False  # handed in on paper after all: the counter scans it
    row.save(update_fields=["is_digitised"])
    client = login(world.counter)
    page = client.get(f"/can-bo/ho-so/{online.pk}/").content.decode()
    assert f'id="scan-{row.pk}"' in page
    url = f"/can-bo/ho-so/{online.pk}/so-hoa/{row.pk}/"
    scan = SimpleUploadedFile("to-khai.pdf", pdf_bytes(2), content_type="application/pdf")
    client.post(url, {"form_token": "scan-1", "pages": "2", "scans": scan})
    row.refresh_from_db()
    assert row.is_digitised and row.files.count() == 1
    # An officer of the competent agency may not scan at the counter's place.
    other = login(world.officer).post(url, {"form_token": "scan-2", "pages": "1"})
    assert other.status_code == 404


def test_scan_with_wrong_page_count_records_nothing(login, world, received):
    row = received.components.get(component=world.form)
    client = login(world.counter)
    scan = SimpleUploadedFile("to-khai.pdf", pdf_bytes(1), content_type="application/pdf")
    response = client.post(
        f"/can-bo/ho-so/{received.pk}/so-hoa/{row.pk}/",
        {"form_token": "scan-3", "pages": "4", "scans": scan},
        follow=True,
    )
    assert "4" in response.content.decode()
    row.refresh_from_db()
    assert not row.files.exists()


@pytest.fixture
def signer_config(settings, tmp_path, monkeypatch, world):
    """The leader ``giam_doc`` signs with a test certificate (documents' test PKI)."""
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    from motcua.documents import testpki

    root = testpki.make_root()
    leaf = testpki.make_leaf(
        root, common_name="Giám Đốc", title="Giám đốc", organisation="Sở Tư pháp"
    )
    p12 = tmp_path / "giamdoc.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"ky", leaf.key, leaf.cert, [root.cert], BestAvailableEncryption(b"mat-khau")
        )
    )
    signers = tmp_path / "signers.json"
    signers.write_text(
        json.dumps(
            {"users": {"giam_doc": {"pkcs12": str(p12), "passphrase_env": "KY_GD", "title": "GĐ"}}}
        )
    )
    monkeypatch.setenv("KY_GD", "mat-khau")
    settings.SIGNING_SIGNERS_FILE = str(signers)
    settings.SIGNING_KEY_FILE = settings.SIGNING_CERT_FILE = settings.SIGNING_PKCS12_FILE = ""
    settings.SIGNING_TRUST_ROOTS = [str(testpki.write_cert(root.cert, tmp_path / "root.pem"))]
    settings.DOCUMENTS_CACHE_DIR = tmp_path / "font-cache"


def test_leader_attaches_and_signs_the_result(login, world, at_leader, signer_config):
    services.dossier_approve(
        dossier=at_leader,
        user=world.leader,
        results=[
            ResultInput(number="12/GP-STP", issued_on=at_leader.received_at.date(), signer="GĐ")
        ],
    )
    result = Dossier.objects.get(pk=at_leader.pk).results.get()
    client = login(world.leader)
    page = client.get(f"/can-bo/ho-so/{at_leader.pk}/").content.decode()
    assert f"/ket-qua/{result.pk}/tep/" in page
    pdf = SimpleUploadedFile("giay-phep.pdf", pdf_bytes(1), content_type="application/pdf")
    client.post(
        f"/can-bo/ho-so/{at_leader.pk}/ket-qua/{result.pk}/tep/", {"form_token": "a", "pdf": pdf}
    )
    result.refresh_from_db()
    assert result.file_id is not None
    client.post(f"/can-bo/ho-so/{at_leader.pk}/ket-qua/{result.pk}/ky/", {"form_token": "s"})
    result.refresh_from_db()
    assert result.signature_state == "signed"
    # A counter officer cannot sign (404, as for a result that does not exist).
    counter = login(world.counter)
    url = f"/can-bo/ho-so/{at_leader.pk}/ket-qua/{result.pk}/ky/"
    assert counter.post(url, {"form_token": "c"}).status_code == 404


def test_leader_signs_several_results_from_the_desk(login, world, signer_config):
    from motcua.documents.services import result_file_attach

    resolved = []
    for _ in range(2):
        d = services.dossier_accept(user=world.counter, application=application(world))
        d = services.dossier_forward(dossier=d, user=world.counter)
        d = services.dossier_forward(dossier=d, user=world.officer)
        d = services.dossier_approve(
            dossier=d,
            user=world.leader,
            results=[ResultInput(number=f"{d.pk}/GP", issued_on=d.received_at.date(), signer="GĐ")],
        )
        result = d.results.get()
        pdf = SimpleUploadedFile("kq.pdf", pdf_bytes(1), content_type="application/pdf")
        result_file_attach(result=result, upload=pdf, user=world.officer)
        resolved.append(result)
    client = login(world.leader)
    page = client.get("/can-bo/lanh-dao/").content.decode()
    assert all(f'name="result" value="{r.pk}"' in page for r in resolved)
    # Another agency's leader sees none of them.
    other = login(world.finance_leader).get("/can-bo/lanh-dao/").content.decode()
    assert 'name="result"' not in other
    client = login(world.leader)
    client.post(
        "/can-bo/lanh-dao/", {"form_token": "b", "do": "sign", "result": [r.pk for r in resolved]}
    )
    for result in resolved:
        result.refresh_from_db()
        assert result.signature_state == "signed"
    assert 'name="result"' not in client.get("/can-bo/lanh-dao/").content.decode()
