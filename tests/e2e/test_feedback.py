"""A citizen sends a phản ánh, kiến nghị without an account; the agency answers it on time;
the citizen follows it by its code and rates the handling. Axe checks every page."""

import datetime as dt
import importlib

from django.apps import apps
from django.core.management import call_command

import pytest
from conftest import assert_accessible

from motcua.accounts.constants import Role, UserKind
from motcua.accounts.services import role_grant, user_create
from motcua.agencies.constants import AgencyKind, UnitKind
from motcua.agencies.models import AdministrativeUnit, Agency
from motcua.feedback.models import Ticket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-dai-cho-kiem-thu"


@pytest.fixture
def province():
    call_command("seed_calendar", verbosity=0)
    # A transactional test starts from empty tables: put the seeded rules back.
    importlib.import_module("motcua.feedback.migrations.0002_seed_rules").seed(apps, None)
    unit = AdministrativeUnit.objects.create(code="86", name="Vĩnh Long", kind=UnitKind.PROVINCE)
    justice = Agency.objects.create(
        code="H61.11",
        name="Sở Tư pháp tỉnh Vĩnh Long",
        kind=AgencyKind.DEPARTMENT,
        administrative_unit=unit,
    )
    Agency.objects.create(
        code="H61.12",
        name="Sở Tài chính tỉnh Vĩnh Long",
        kind=AgencyKind.DEPARTMENT,
        administrative_unit=unit,
    )
    officer = user_create(
        username="chuyenvien", password=PASSWORD, kind=UserKind.STAFF, full_name="Trần Văn An"
    )
    role_grant(
        user=officer, role=Role.PROCESSING_OFFICER, agency=justice, valid_from=dt.date(2025, 7, 1)
    )
    return justice


def test_feedback_sent_answered_followed_and_rated(page, province, live_server):
    # A citizen, not signed in, sends feedback: a light page, nothing from elsewhere.
    requests, responses = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: responses.append(r))
    page.goto("/phan-anh/gui/")
    page.wait_for_load_state("networkidle")
    weight = sum(len(r.body()) for r in responses if r.status == 200)
    assert weight < 100_000, weight  # uncompressed, stricter than the gzip target
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert page.get_by_role("heading", level=1).inner_text() == "Gửi phản ánh, kiến nghị"
    assert_accessible(page)
    page.get_by_role("button", name="Gửi").click()  # empty: errors, nothing sent
    assert page.get_by_text("Trường này là bắt buộc.").first.is_visible()
    assert not Ticket.objects.exists()
    assert_accessible(page)

    page.get_by_label("Nội dung phản ánh về").select_option(label="Quy định hành chính")
    page.get_by_label("Cơ quan bị phản ánh").select_option(label="Sở Tư pháp tỉnh Vĩnh Long")
    page.get_by_label("Tiêu đề").fill("Giấy tờ trùng lặp")
    page.locator("#id_content").fill("Đề nghị không yêu cầu nộp lại bản sao CCCD.")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Tôi đồng ý công khai câu trả lời").check()
    page.get_by_role("button", name="Gửi").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Đã tiếp nhận phản ánh, kiến nghị"
    code = page.locator("#ticket-code").inner_text()
    assert code == Ticket.objects.get().code
    assert_accessible(page)

    # The officer of the agency takes it and answers.
    context = page.context.browser.new_context(
        locale="vi-VN", base_url=page.url.split("/phan-anh")[0]
    )
    staff = context.new_page()
    staff.goto("/accounts/login/")
    staff.fill("#id_username", "chuyenvien")
    staff.fill("#id_password", PASSWORD)
    staff.locator("#login-form button[type=submit]").click()
    staff.wait_for_load_state()
    staff.goto("/phan-anh/can-bo/")
    assert_accessible(staff)
    staff.get_by_role("link", name=code).click()
    staff.wait_for_load_state()
    assert staff.get_by_text("0912 345 678").is_visible()
    assert_accessible(staff)
    staff.get_by_label("Cán bộ").select_option(label="Trần Văn An")
    staff.get_by_role("button", name="Giao xử lý").click()
    staff.wait_for_load_state()
    staff.locator("#id_answer-answer").fill("Sở sẽ khai thác dữ liệu dân cư thay cho bản sao.")
    staff.get_by_role("button", name="Gửi câu trả lời").click()
    staff.wait_for_load_state()
    staff.get_by_role("button", name="Công khai câu trả lời").click()
    staff.wait_for_load_state()
    assert staff.locator("#ticket-status").inner_text().startswith("Đã công khai câu trả lời")
    context.close()

    # The citizen follows by the code and rates the handling.
    page.goto("/phan-anh/theo-doi/")
    assert_accessible(page)
    page.get_by_label("Mã phản ánh").fill(code)
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_load_state()
    assert "khai thác dữ liệu dân cư" in page.locator("#ticket-answer").inner_text()
    assert_accessible(page)
    page.get_by_label("Hài lòng", exact=True).check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_load_state()
    assert page.get_by_text("Cảm ơn ông/bà: đánh giá đã được ghi nhận.").is_visible()
    ticket = Ticket.objects.get()
    assert (ticket.handling_rating, ticket.status) == ("satisfied", "published")

    page.goto("/phan-anh/cong-khai/")
    assert_accessible(page)
    page.get_by_role("link", name="Giấy tờ trùng lặp").click()
    page.wait_for_load_state()
    assert page.get_by_text("0912 345 678").count() == 0


def test_rating_a_returned_dossier_with_its_code_and_phone_digits(page, province):
    from motcua.catalog.tests import public_builders as build
    from motcua.dossiers.constants import ApplicantKind, Channel, DossierStatus
    from motcua.dossiers.models import Dossier
    from motcua.feedback.models import DossierRating

    commune = build.agency()
    version = build.birth_registration(at=commune)
    dossier = Dossier.objects.create(
        code="H61.201-261120-0007",
        procedure_version=version,
        case=version.cases.first(),
        channel=Channel.COUNTER,
        status=DossierStatus.RETURNED,
        receiving_agency=commune,
        competent_agency=commune,
        current_agency=commune,
        applicant_kind=ApplicantKind.PERSON,
        applicant_name="Trần Thị Bình",
        applicant_id_number="086185012345",
        applicant_phone="0912 345 678",
        supplement_clock=version.supplement_clock,
    )
    page.goto("/phan-anh/danh-gia/tra-cuu/")
    assert_accessible(page)
    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.get_by_label("Số định danh của người nộp").fill("1111")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_load_state()
    assert page.get_by_text("Không có hồ sơ nào khớp").is_visible()
    page.get_by_label("Số định danh của người nộp").fill("5678")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(f"**/phan-anh/danh-gia/{dossier.pk}/")
    assert_accessible(page)
    page.get_by_role("group", name="Nhìn chung").get_by_label("Rất hài lòng").check()
    page.get_by_role("group", name="Thái độ, tinh thần phục vụ").get_by_label(
        "Hài lòng", exact=True
    ).check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_load_state()
    assert page.get_by_text("Cảm ơn ông/bà: đánh giá đã được ghi nhận.").is_visible()
    assert_accessible(page)
    rating = DossierRating.objects.get()
    assert (rating.level.code, rating.channel) == ("rat-hai-long", "tracking")
    assert [a.level.code for a in rating.answers.all()] == ["hai-long"]
