"""The back office in a browser: the counter desk completed with the keyboard only, and
the main screens checked with axe-core."""

from __future__ import annotations

import pytest
from conftest import assert_accessible

from motcua.dossiers import services
from motcua.dossiers.tests.conftest import application, calendar, world  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-dai-cho-kiem-thu"


@pytest.fixture
def now():
    """The real clock: the browser's cookies must not expire in a pinned past."""
    return lambda text: None


def _log_in(page, user):
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_load_state()


def _tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until ``selector`` has the focus: proves it is reachable by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_counter_desk_with_the_keyboard_only(page, world):  # noqa: F811
    _log_in(page, world.counter)
    page.goto("/can-bo/quay/")
    assert_accessible(page)
    _tab_to(page, "#picker-q")
    page.keyboard.type("giay phep hoat dong")
    page.wait_for_selector("#picker-results a")
    _tab_to(page, "#picker-results a")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_id_number")
    assert_accessible(page)
    _tab_to(page, "#id_id_number")
    page.keyboard.type("086185012345")
    for selector, text in (
        ("#id_name", "Trần Thị Bình"),
        ("#id_phone", "0912 345 678"),
        ("#id_address", "Ấp Hòa Long, xã Cái Nhum"),
    ):
        _tab_to(page, selector)
        page.keyboard.type(text)
    for component in (world.form, world.id_copy):
        _tab_to(page, f"#component_{component.pk}")
        page.keyboard.press("Space")
    _tab_to(page, "#id_form_organisation_name")
    page.keyboard.type("Văn phòng công chứng Cái Nhum")
    _tab_to(page, "button[value=accept]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#print-receipt")
    assert "/giay-tiep-nhan/" in page.url
    assert page.locator("h1").inner_text().startswith("Giấy tiếp nhận H61.17-")
    assert_accessible(page)


def test_main_screens_are_accessible(page, world):  # noqa: F811
    dossier = services.dossier_accept(user=world.counter, application=application(world))
    dossier = services.dossier_forward(dossier=dossier, user=world.counter)
    _log_in(page, world.officer)
    page.goto("/can-bo/hang-doi/?reach=agency")
    assert page.get_by_role("link", name=dossier.code).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=dossier.code).click()
    page.wait_for_selector("#forward")
    assert_accessible(page)
    page.locator("#forward summary").click()
    page.get_by_label("Tôi đã kiểm tra và xác nhận thao tác này").first.check()
    page.locator("#forward button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã thực hiện").is_visible()
