"""A person signing in: password, throttling, and the administrator's second factor."""

import base64
import datetime as dt

import pytest
from conftest import assert_accessible
from django_otp.oath import totp

from motcua.accounts.constants import Role, UserKind
from motcua.accounts.services import role_grant, user_create
from motcua.agencies.constants import AgencyKind, UnitKind
from motcua.agencies.models import AdministrativeUnit, Agency

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-dai-cho-kiem-thu"


@pytest.fixture
def agency():
    unit = AdministrativeUnit.objects.create(code="86", name="Vĩnh Long", kind=UnitKind.PROVINCE)
    return Agency.objects.create(
        code="H61.10",
        name="Sở Nội vụ tỉnh Vĩnh Long",
        kind=AgencyKind.DEPARTMENT,
        administrative_unit=unit,
    )


def _staff(username, role, agency):
    user = user_create(
        username=username, password=PASSWORD, kind=UserKind.STAFF, full_name="Trần Văn An"
    )
    role_grant(user=user, role=role, agency=agency, valid_from=dt.date(2025, 7, 1))
    return user


def _log_in(page, username, password):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_load_state()


def test_officer_logs_in_and_out(page, agency):
    _staff("chuyenvien", Role.PROCESSING_OFFICER, agency)
    page.goto("/accounts/login/")
    assert_accessible(page)
    _log_in(page, "chuyenvien", PASSWORD)
    assert page.get_by_text("Đang đăng nhập với tên Trần Văn An.").is_visible()
    page.get_by_role("button", name="Thoát").click()  # Django admin's own wording wins
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Đăng nhập").first.is_visible()


def test_repeated_wrong_passwords_lock_the_login_even_for_the_right_one(page, agency, settings):
    _staff("chuyenvien", Role.PROCESSING_OFFICER, agency)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(page, "chuyenvien", "sai-mat-khau")
    _log_in(page, "chuyenvien", PASSWORD)
    body = page.locator("main").inner_text()
    assert "Tạm thời không thể đăng nhập" in body
    assert "Đang đăng nhập" not in body


def test_system_administrator_must_enrol_and_use_a_code(browser, live_server, agency):
    user_create(username="quantri", password=PASSWORD, kind=UserKind.STAFF, full_name="Lê Quản Trị")
    from motcua.accounts.models import User

    role_grant(user=User.objects.get(username="quantri"), role=Role.SYSTEM_ADMIN, agency=None)

    # First sign-in: no authenticator yet, so enrolment comes before the admin site.
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    _log_in(page, "quantri", PASSWORD)
    page.goto("/admin/")
    assert "/accounts/security/" in page.url  # sent to enrolment, not into the admin site
    page.locator("form[action$='/security/authenticator/'] button[type=submit]").click()
    page.wait_for_load_state()
    secret = page.locator("#authenticator-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("#id_otp_token", f"{totp(key):06d}")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()
    page.goto("/admin/")
    assert "/accounts/" not in page.url
    assert page.locator("#site-name").is_visible()
    context.close()

    # Next sign-in: the password alone does not open the admin site; the code does.
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    _log_in(page, "quantri", PASSWORD)
    assert page.locator("#id_otp_token").is_visible()
    page.goto("/admin/")
    assert "/accounts/login/" in page.url
    _log_in(page, "quantri", PASSWORD)
    # The code of the next time step: the one just used cannot be replayed.
    page.fill("#id_otp_token", f"{totp(key, drift=1):06d}")
    page.locator("button[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto("/admin/")
    assert "/accounts/" not in page.url
    assert page.locator("#site-name").is_visible()
    context.close()
