"""The citizen portal in a browser: tracking a dossier without signing in, and a citizen
who registers, fills in an online submission on two devices, attaches files in pieces and
sends it. Every page is checked with axe, and the submission form for its weight and for
requests to other sites."""

import os
from pathlib import Path

import pytest
from conftest import assert_accessible

from motcua.documents.tests.builders import pdf_bytes, png_bytes
from motcua.dossiers.constants import Channel, DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_accept
from motcua.dossiers.tests import conftest as dossier_tests
from motcua.dossiers.tests.conftest import application

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shot(page, name: str) -> None:
    """With SCREENSHOTS=1 the run refreshes the pictures in docs/screenshots/."""
    if os.environ.get("SCREENSHOTS"):
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"portal-{name}.png"), full_page=True)


# The dossier tests' small province: a centre, Sở Tư pháp and its licence procedure.
calendar = dossier_tests.calendar
world = dossier_tests.world
PASSWORD = "mat-khau-dai-cho-kiem-thu-2026"
CITIZEN_NUMBER = "086185012399"


@pytest.fixture
def now():
    """The dossier tests pin the clock; here the live server keeps real time."""
    return None


@pytest.fixture
def private_dirs(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "motcua.documents.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents")},
        },
    }
    settings.PORTAL_UPLOAD_DIR = tmp_path / "portal-uploads"
    # Small pieces, so the test file really arrives in several requests.
    settings.PORTAL_UPLOAD_CHUNK_KB = 1
    return tmp_path


def test_track_a_dossier_from_the_home_page(page, world):
    dossier = dossier_accept(user=world.counter, application=application(world))
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    shot(page, "home-phone")
    box = page.get_by_role("region", name="Tra cứu hồ sơ")
    box.get_by_label("Mã hồ sơ").fill(dossier.code)
    box.get_by_label("4 số cuối điện thoại hoặc số định danh của người nộp").fill("1111")
    box.get_by_role("button", name="Tra cứu").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").inner_text().startswith("Không tìm thấy hồ sơ")
    assert_accessible(page)

    # The QR code of the receipt opens the page with the code filled in.
    page.goto(f"/tra-cuu/{dossier.code}/")
    assert page.get_by_label("Mã hồ sơ").input_value() == dossier.code
    page.get_by_label("4 số cuối điện thoại hoặc số định danh của người nộp").fill("5678")
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Tình trạng hồ sơ"
    assert "Đã tiếp nhận; hồ sơ sẽ được giải quyết" in page.content()
    assert "Hồ sơ đã được tiếp nhận, cấp giấy tiếp nhận" in page.content()
    assert world.counter.full_name not in page.content()
    assert_accessible(page)
    shot(page, "tracking-result-phone")


def _register(page):
    page.goto("/dang-ky/")
    assert_accessible(page)
    page.get_by_label("Số định danh cá nhân, hoặc mã số thuế đối với tổ chức").fill(CITIZEN_NUMBER)
    page.get_by_label("Họ và tên, hoặc tên tổ chức").fill("Nguyễn Thị Mai")
    page.get_by_label("Số điện thoại").fill("0912 000 111")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.wait_for_url("**/ca-nhan/ho-so/")


def _attach(page, component_name, name, content, mime):
    item = page.locator("ol.components > li").filter(has_text=component_name)
    item.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": mime, "buffer": content}
    )
    with page.expect_navigation():
        item.get_by_role("button", name="Đính kèm").click()
    assert name in page.locator("ol.components > li").filter(has_text=component_name).inner_text()


def test_register_submit_online_with_a_resumed_draft(
    page, browser, live_server, world, private_dirs
):
    _register(page)
    page.goto(f"/thu-tuc/{world.licence.procedure.code}/")
    assert_accessible(page)

    requests = []
    page.on("request", lambda r: requests.append(r.url))
    responses = []
    page.on("response", lambda r: responses.append(r))
    page.get_by_role("link", name="Nộp trực tuyến").click()
    page.wait_for_url("**/ho-so-nhap/*/")
    page.wait_for_load_state("networkidle")
    weight = sum(len(r.body()) for r in responses if r.status == 200)
    assert weight < 100_000, weight  # uncompressed, stricter than the gzip target
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 740})  # a small phone: no sideways scroll
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.locator("#id_applicant_address").fill("Ấp Hòa Long, xã Cái Nhum")
    page.get_by_label("Tên tổ chức").fill("Văn phòng công chứng Hòa Long")
    page.get_by_label("Số người hành nghề").fill("3")
    page.get_by_label("Bộ phận một cửa tiếp nhận hồ sơ").select_option(label=world.centre.name)
    page.get_by_label("Trực tuyến").check()
    page.get_by_text("Đã lưu lúc").wait_for()  # saved without pressing anything

    # Another device: the same account finds the draft and what was typed.
    other = browser.new_context(locale="vi-VN", base_url=live_server.url).new_page()
    other.goto("/accounts/login/")
    other.fill("#id_username", CITIZEN_NUMBER)
    other.fill("#id_password", PASSWORD)
    other.locator("#login-form button[type=submit]").click()
    other.goto("/ca-nhan/ho-so/")
    other.get_by_role("link", name=world.licence.name).click()
    assert other.get_by_label("Số người hành nghề").input_value() == "3"
    assert other.get_by_label("Tên tổ chức").input_value() == "Văn phòng công chứng Hòa Long"
    other.context.close()

    # A mistake is explained next to its field and nothing typed is lost.
    page.get_by_label("Số người hành nghề").fill("0")
    page.get_by_role("button", name="Xem lại trước khi gửi").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").first.is_visible()
    assert page.get_by_label("Tên tổ chức").input_value() == "Văn phòng công chứng Hòa Long"
    assert page.get_by_label("Số người hành nghề").input_value() == "0"
    assert_accessible(page)
    page.get_by_label("Số người hành nghề").fill("3")
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_load_state()

    # Files go up in 1 KB pieces through the resumable upload script.
    pieces = []
    page.on(
        "request",
        lambda r: pieces.append(r.headers["upload-offset"]) if "upload-offset" in r.headers else 0,
    )
    _attach(page, "Tờ khai đề nghị cấp giấy phép", "to-khai.pdf", pdf_bytes(20), "application/pdf")
    _attach(
        page, "Bản sao giấy tờ chứng minh nhân thân", "cccd.png", png_bytes(40, 40), "image/png"
    )

    assert len(pieces) >= 3 and pieces[0] == "0" and "1024" in pieces

    shot(page, "submission-form-phone")
    page.get_by_role("button", name="Xem lại trước khi gửi").click()
    page.wait_for_url("**/xem-lai/")
    assert "Văn phòng công chứng Hòa Long" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Gửi hồ sơ").click()
    page.wait_for_url("**/ca-nhan/ho-so/*/")
    assert "Đã gửi hồ sơ" in page.content()
    assert_accessible(page)

    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.channel) == (DossierStatus.SUBMITTED, Channel.ONLINE)
    assert dossier.form_data["staff_count"] == 3
    names = sorted(f.original_name for row in dossier.components.all() for f in row.files.all())
    assert names == ["cccd.png", "to-khai.pdf"]


def test_citizen_follows_a_dossier_and_sends_the_supplement(page, world, private_dirs):
    from motcua.dossiers.services import dossier_forward, dossier_request_supplement

    citizen = world.citizen
    citizen.set_password(PASSWORD)
    citizen.save()
    dossier = dossier_accept(user=world.counter, application=application(world))
    dossier = dossier_forward(dossier=dossier, user=world.counter)
    dossier_request_supplement(
        dossier=dossier,
        user=world.officer,
        items=["Bản sao chứng chỉ hành nghề"],
        reason="Thiếu giấy tờ chứng minh điều kiện",
    )
    page.goto("/accounts/login/?next=/ca-nhan/ho-so/")
    page.fill("#id_username", citizen.username)
    page.fill("#id_password", PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_url("**/ca-nhan/ho-so/")
    assert_accessible(page)
    page.get_by_role("link", name=world.licence.name).click()
    page.wait_for_url(f"**/ca-nhan/ho-so/{dossier.pk}/")
    request = page.get_by_role("region", name="Cơ quan đề nghị bạn bổ sung hồ sơ")
    assert "Bản sao chứng chỉ hành nghề" in request.inner_text()
    assert_accessible(page)

    request.get_by_label("Nội dung bổ sung").fill("Gửi bản sao chứng chỉ")
    request.get_by_label("Tờ khai đề nghị cấp giấy phép").set_input_files(
        {"name": "chung-chi.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(1)}
    )
    request.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    page.wait_for_load_state()
    assert "Đã gửi hồ sơ bổ sung." in page.content()
    assert "Đang xử lý" in page.content()
    assert "chung-chi.pdf" in page.content()
    assert_accessible(page)
