"""A citizen's whole journey in one browser story (issue 7, "Done when").

She registers, finds the procedure by typing without diacritics, starts an online
submission, leaves it and resumes the saved draft from another device, attaches files and
reuses a document of her data store, sends it, pays through the PayGov simulator (a
success; then, for a second fee, a declined attempt and a payment whose callback arrives
twice), follows the dossier while officers work on it, downloads the signed result with
its signature verified, rates the service; then sends a PAKN that the agency answers on
time and she rates.

Officers' steps: the dossier work (receiving, forwarding, fee requests, approval, result
signing, delivery) goes through the domain services, as the back office's own views do;
the PAKN is handled in a second browser context through the back-office feedback screens.
Every citizen page passes axe, and the home page, the procedure page and the submission
form are weighed as in the portal tests.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import threading
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

import pytest
from conftest import assert_accessible

from motcua.catalog.constants import FeeCollection, FeeKind
from motcua.catalog.models import Fee
from motcua.documents.constants import StoreSource
from motcua.documents.services import (
    result_file_attach,
    result_sign,
    store_entry_create,
    stored_file_create,
)
from motcua.documents.tests.builders import pdf_bytes, png_bytes
from motcua.documents.tests.conftest import signing_pki  # noqa: F401 - fixture
from motcua.dossiers.constants import Channel, DossierStatus, EventKind
from motcua.dossiers.inputs import ResultInput
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    dossier_accept,
    dossier_approve,
    dossier_deliver,
    dossier_forward,
)
from motcua.dossiers.tests import conftest as dossier_tests
from motcua.feedback.models import DossierRating, Ticket
from motcua.integrations.paygov.simulator import serve
from motcua.payments.constants import MessageKind
from motcua.payments.models import LedgerEntry, PaymentAttempt, ProviderMessage
from motcua.payments.services import fee_request_create
from motcua.portal.constants import PLAIN_STATUS
from tests.e2e.test_portal import CITIZEN_NUMBER, PASSWORD, _attach, _register, private_dirs

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# The dossier tests' small province: a centre, Sở Tư pháp and its licence procedure.
calendar = dossier_tests.calendar
world = dossier_tests.world
private_dirs = private_dirs  # the portal tests' private storage and 1 KB upload pieces

PAID = "9704000000000018"
DECLINED = "9704000000000026"
TWICE = "9704000000000042"  # paid, and the platform sends its callback twice


@pytest.fixture
def now():
    """The real clock: the browser's session must not expire in a pinned past."""
    return lambda text: None


@pytest.fixture
def fees(world):
    """A charge due before processing, and a copy fee taken only when the citizen asks."""
    charge = Fee.objects.create(
        case=world.licence_case,
        kind=FeeKind.CHARGE,
        name="Lệ phí cấp giấy phép",
        amount=Decimal(200000),
        collection=FeeCollection.BEFORE,
        position=1,
    )
    copy = Fee.objects.create(
        case=world.licence_case,
        kind=FeeKind.CHARGE,
        name="Phí cấp thêm bản sao giấy phép",
        amount=Decimal(30000),
        collection=FeeCollection.BEFORE,
        condition="Khi đề nghị cấp thêm bản sao",
        position=2,
    )
    return charge, copy


@pytest.fixture
def simulator(live_server, settings):
    server = serve(
        port=0,
        partner="MOTCUA-E2E",
        secret="e2e-secret",
        callback_url=live_server.url + "/thanh-toan/paygov/callback/",
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.PAYGOV_URL = f"http://127.0.0.1:{server.server_address[1]}/"
    settings.PAYGOV_SECRET = "e2e-secret"
    settings.PAYGOV_PARTNER_CODE = "MOTCUA-E2E"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def signing(settings, signing_pki, monkeypatch, tmp_path_factory):  # noqa: F811
    """The Sở Tư pháp director (``giam_doc``) signs with the test PKI's PKCS#12 file."""
    signers = signing_pki.directory / "journey-signers.json"
    signers.write_text(
        json.dumps(
            {
                "users": {
                    "giam_doc": {
                        "pkcs12": str(signing_pki.p12),
                        "passphrase_env": "KY_GIAM_DOC_PASS",
                        "title": "Giám đốc",
                    }
                }
            }
        )
    )
    monkeypatch.setenv("KY_GIAM_DOC_PASS", "mat-khau-ky")
    settings.SIGNING_SIGNERS_FILE = str(signers)
    settings.SIGNING_KEY_FILE = settings.SIGNING_CERT_FILE = settings.SIGNING_PKCS12_FILE = ""
    settings.SIGNING_TRUST_ROOTS = [str(signing_pki.root)]
    settings.DOCUMENTS_CACHE_DIR = tmp_path_factory.getbasetemp() / "font-cache"
    return signing_pki


@pytest.fixture
def rules():
    # A transactional test starts from empty tables: put the seeded feedback rules back.
    importlib.import_module("motcua.feedback.migrations.0002_seed_rules").seed(apps, None)


def shot(page, name: str) -> None:
    """With SCREENSHOTS=1 the run refreshes the pictures in docs/screenshots/."""
    if os.environ.get("SCREENSHOTS"):
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"journey-{name}.png"), full_page=True)


def weigh(page, live_server, action) -> None:
    """The page opened by ``action`` stays under 100 KB and asks nothing of other sites."""
    requests, responses = [], []

    def on_request(request):
        requests.append(request.url)

    def on_response(response):
        responses.append(response)

    page.on("request", on_request)
    page.on("response", on_response)
    action()
    page.wait_for_load_state("networkidle")
    page.remove_listener("request", on_request)
    page.remove_listener("response", on_response)
    weight = sum(len(r.body()) for r in responses if r.status == 200)
    assert weight < 100_000, weight  # uncompressed, stricter than the gzip target
    assert all(url.startswith(live_server.url) for url in requests), requests


def status_of(page) -> str:
    facts = page.locator("dl.facts")
    return (
        facts.locator("dt", has_text="Trạng thái")
        .locator("xpath=following-sibling::dd[1]")
        .inner_text()
    )


def plain(status: str) -> str:
    """The plain Vietnamese words the portal uses for a dossier status."""
    with translation.override("vi"):
        return str(PLAIN_STATUS[status])


def pay(page, dossier, card: str) -> str:
    page.goto(f"/thanh-toan/ho-so/{dossier.pk}/")
    assert_accessible(page)
    page.get_by_label(
        "Thanh toán trực tuyến (Nền tảng thanh toán Cổng Dịch vụ công quốc gia)"
    ).check()
    page.get_by_role("button", name="Thanh toán").click()
    page.wait_for_selector("#card")  # the simulator's page
    page.select_option("#card", card)
    page.get_by_role("button", name="Thanh toán").click()
    page.wait_for_selector("p.status")
    assert_accessible(page)
    return page.locator("p.status").inner_text()


def open_my_dossier(page, dossier) -> None:
    page.goto("/ca-nhan/ho-so/")
    assert_accessible(page)
    page.get_by_role("link", name=dossier.procedure_version.name).click()
    page.wait_for_url(f"**/ca-nhan/ho-so/{dossier.pk}/")
    assert_accessible(page)


def test_the_citizens_whole_journey(
    page, browser, live_server, world, fees, simulator, signing, rules, private_dirs, tmp_path
):
    _charge, copy = fees
    licence = world.licence

    # --- Registers, finds the procedure without diacritics --------------------------------
    _register(page)
    assert_accessible(page)
    citizen = type(world.citizen).objects.get(username=CITIZEN_NUMBER)
    weigh(page, live_server, lambda: page.goto("/"))
    assert_accessible(page)
    page.get_by_label("Từ khóa hoặc mã thủ tục").fill("cap giay phep hoat dong")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url("**/thu-tuc/?q=cap+giay+phep+hoat+dong*")
    assert_accessible(page)
    link = page.locator("ol.procedure-list").get_by_role("link", name=licence.name)
    weigh(page, live_server, link.click)
    assert page.get_by_role("heading", level=1).inner_text() == licence.name
    assert_accessible(page)
    shot(page, "procedure")

    # Her citizen ID card, fetched from the national population database, is in her store.
    kept = stored_file_create(
        upload=SimpleUploadedFile("cccd.pdf", pdf_bytes(1)),
        uploaded_by=citizen,
        allowed_types={"pdf"},
    )
    entry = store_entry_create(
        owner=citizen,
        name="Căn cước công dân",
        source=StoreSource.NATIONAL_DATABASE,
        stored_file=kept,
        document_code=world.id_copy.code,
        number=CITIZEN_NUMBER,
    )

    # --- Starts the online submission and leaves it half done ----------------------------
    weigh(page, live_server, page.get_by_role("link", name="Nộp trực tuyến").click)
    page.wait_for_url("**/ho-so-nhap/*/")
    assert_accessible(page)
    page.locator("#id_applicant_address").fill("Ấp Hòa Long, xã Cái Nhum")
    page.get_by_label("Tên tổ chức").fill("Văn phòng công chứng Hòa Long")
    page.get_by_text("Đã lưu lúc").wait_for()  # saved without pressing anything
    page.context.close()

    # --- Resumes the saved draft later, from another device ------------------------------
    page = browser.new_context(locale="vi-VN", base_url=live_server.url).new_page()
    page.goto("/accounts/login/?next=/ca-nhan/ho-so/")
    page.fill("#id_username", CITIZEN_NUMBER)
    page.fill("#id_password", PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_url("**/ca-nhan/ho-so/")
    assert_accessible(page)
    page.get_by_role("link", name=licence.name).click()
    page.wait_for_url("**/ho-so-nhap/*/")
    assert page.get_by_label("Tên tổ chức").input_value() == "Văn phòng công chứng Hòa Long"
    assert page.locator("#id_applicant_address").input_value() == "Ấp Hòa Long, xã Cái Nhum"
    assert_accessible(page)
    page.get_by_label("Số người hành nghề").fill("3")
    page.get_by_label("Bộ phận một cửa tiếp nhận hồ sơ").select_option(label=world.centre.name)
    page.get_by_label("Trực tuyến").check()
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_load_state()

    # Uploads in 1 KB pieces for the form; the ID copy comes from the store.
    _attach(page, "Tờ khai đề nghị cấp giấy phép", "to-khai.pdf", pdf_bytes(20), "application/pdf")
    _attach(page, "Giấy ủy quyền", "uy-quyen.png", png_bytes(40, 40), "image/png")
    page.locator("ol.components > li").filter(
        has_text="Bản sao giấy tờ chứng minh nhân thân"
    ).get_by_label("Dùng giấy tờ trong Kho dữ liệu của tôi").select_option(str(entry.pk))
    page.get_by_role("button", name="Xem lại trước khi gửi").click()
    page.wait_for_url("**/xem-lai/")
    assert "Căn cước công dân" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Gửi hồ sơ").click()
    page.wait_for_url("**/ca-nhan/ho-so/*/")
    assert "Đã gửi hồ sơ" in page.content()
    assert_accessible(page)
    shot(page, "sent")

    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.channel) == (DossierStatus.SUBMITTED, Channel.ONLINE)
    assert dossier.owner_id == citizen.pk
    reused = dossier.components.get(component=world.id_copy)
    assert reused.is_reused and reused.reused_entry == entry and not reused.files.exists()
    uploaded = sorted(f.original_name for row in dossier.components.all() for f in row.files.all())
    assert uploaded == ["to-khai.pdf", "uy-quyen.png"]

    # --- Officers receive it and ask for the charge (domain services) --------------------
    dossier = dossier_accept(user=world.counter, dossier=dossier)
    open_my_dossier(page, dossier)
    assert dossier.code in page.locator("dl.facts").inner_text()
    assert status_of(page) == plain(DossierStatus.RECEIVED)
    dossier = dossier_forward(dossier=dossier, user=world.counter)
    fee_request_create(dossier=dossier, user=world.officer)
    page.reload()
    assert status_of(page) == plain(DossierStatus.AWAITING_PAYMENT)
    assert_accessible(page)

    # --- Pays: a success ------------------------------------------------------------------
    page.get_by_role("link", name="Thanh toán trực tuyến").click()
    page.wait_for_url(f"**/thanh-toan/ho-so/{dossier.pk}/")
    assert "Lệ phí cấp giấy phép" in page.content()
    assert "Thành công" in pay(page, dossier, PAID)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PROCESSING
    assert LedgerEntry.objects.count() == 1

    # The citizen asks for an extra copy: a second request, for the conditional fee.
    fee_request_create(dossier=dossier, user=world.officer, fee_ids=[copy.pk])
    assert "Không thành công" in pay(page, dossier, DECLINED)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.AWAITING_PAYMENT
    assert LedgerEntry.objects.count() == 1
    assert "Thành công" in pay(page, dossier, TWICE)
    shot(page, "paid")
    # The platform did call back twice for that attempt, and it was booked once.
    last = PaymentAttempt.objects.latest("pk")
    callbacks = ProviderMessage.objects.filter(
        attempt=last, kind=MessageKind.CALLBACK, verified=True
    )
    assert callbacks.count() == 2
    assert sorted(int(e.amount) for e in LedgerEntry.objects.all()) == [30000, 200000]
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PROCESSING
    assert dossier.events.filter(kind=EventKind.PAYMENT_RECEIVED).count() == 2
    page.goto(f"/thanh-toan/ho-so/{dossier.pk}/")
    assert page.get_by_text("Hiện hồ sơ này không có khoản phí nào phải nộp.").is_visible()

    # --- Officers process it; she follows ------------------------------------------------
    open_my_dossier(page, dossier)
    assert status_of(page) == plain(DossierStatus.PROCESSING)
    dossier = dossier_forward(dossier=dossier, user=world.officer)
    dossier = dossier_approve(
        dossier=dossier,
        user=world.leader,
        results=[ResultInput(number="15/GP-STP", issued_on=dt.date.today(), signer="Giam Doc")],
    )
    result = dossier.results.get()
    result_file_attach(
        result=result,
        upload=SimpleUploadedFile("giay-phep.pdf", pdf_bytes(1), "application/pdf"),
        user=world.officer,
    )
    result_sign(result=result, user=world.leader)
    page.reload()
    assert status_of(page) == plain(DossierStatus.RESOLVED)
    assert_accessible(page)
    dossier = dossier_deliver(dossier=dossier, user=world.counter, channel="online")
    assert dossier.status == DossierStatus.RETURNED

    # --- Downloads the signed result, its signature verified ----------------------------
    page.reload()
    assert status_of(page) == plain(DossierStatus.RETURNED)
    results = page.locator("ul.results")
    # The signature checks out, and the page names who signed (the test PKI's leaf).
    assert "Nguyễn Văn Ký" in results.locator("p.notice").inner_text()
    assert_accessible(page)
    shot(page, "result")
    with page.expect_download() as download:
        results.get_by_role("link", name="15/GP-STP").click()
    saved = tmp_path / "ket-qua.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF") and b"/ByteRange" in saved.read_bytes()

    # --- Rates the service -----------------------------------------------------------------
    page.get_by_role("link", name="Đánh giá mức độ hài lòng").click()
    page.wait_for_url(f"**/phan-anh/danh-gia/{dossier.pk}/")
    assert_accessible(page)
    page.get_by_role("group", name="Nhìn chung").get_by_label("Rất hài lòng").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_load_state()
    assert page.get_by_text("Cảm ơn ông/bà: đánh giá đã được ghi nhận.").is_visible()
    assert_accessible(page)
    rating = DossierRating.objects.get(dossier=dossier)
    assert rating.level.code == "rat-hai-long"

    # --- Sends a PAKN -------------------------------------------------------------------
    page.goto("/phan-anh/gui/")
    assert_accessible(page)
    page.get_by_label("Nội dung phản ánh về").select_option(label="Quy định hành chính")
    page.get_by_label("Cơ quan bị phản ánh").select_option(label=world.justice.name)
    page.get_by_label("Tiêu đề").fill("Giấy tờ trùng lặp")
    page.locator("#id_content").fill("Đề nghị không yêu cầu nộp lại bản sao CCCD.")
    phone = page.get_by_label("Số điện thoại")
    if not phone.input_value():
        phone.fill("0912 000 111")
    page.get_by_label("Tôi đồng ý công khai câu trả lời").check()
    page.get_by_role("button", name="Gửi").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Đã tiếp nhận phản ánh, kiến nghị"
    code = page.locator("#ticket-code").inner_text()
    assert_accessible(page)

    # The agency answers it in the back office (second browser context).
    staff = browser.new_context(locale="vi-VN", base_url=live_server.url).new_page()
    world.officer.set_password(PASSWORD)
    world.officer.save(update_fields=["password"])
    staff.goto("/accounts/login/")
    staff.fill("#id_username", world.officer.username)
    staff.fill("#id_password", PASSWORD)
    staff.locator("#login-form button[type=submit]").click()
    staff.wait_for_load_state()
    staff.goto("/phan-anh/can-bo/")
    staff.get_by_role("link", name=code).click()
    staff.wait_for_load_state()
    staff.get_by_label("Cán bộ").select_option(label=world.officer.full_name)
    staff.get_by_role("button", name="Giao xử lý").click()
    staff.wait_for_load_state()
    staff.locator("#id_answer-answer").fill("Sở sẽ khai thác dữ liệu dân cư thay cho bản sao.")
    staff.get_by_role("button", name="Gửi câu trả lời").click()
    staff.wait_for_load_state()
    staff.get_by_role("button", name="Công khai câu trả lời").click()
    staff.wait_for_load_state()
    staff.context.close()
    ticket = Ticket.objects.get(code=code)
    assert ticket.handled_at is not None and ticket.handled_at <= ticket.due_at  # on time

    # She reads the answer and rates the handling.
    page.goto("/phan-anh/theo-doi/")
    page.get_by_label("Mã phản ánh").fill(code)
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_load_state()
    assert "khai thác dữ liệu dân cư" in page.locator("#ticket-answer").inner_text()
    assert_accessible(page)
    page.get_by_label("Hài lòng", exact=True).check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_load_state()
    assert page.get_by_text("Cảm ơn ông/bà: đánh giá đã được ghi nhận.").is_visible()
    assert_accessible(page)
    ticket.refresh_from_db()
    assert (ticket.handling_rating, ticket.status) == ("satisfied", "published")
    page.context.close()
