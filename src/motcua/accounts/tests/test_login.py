"""Password sign-in, lock-out after repeated failures, sign-out, and their audit rows."""

from django.test import Client
from django.urls import reverse

import pytest

from motcua.accounts.constants import Role
from motcua.core.models import AuditEvent, AuditEventKind

from .conftest import PASSWORD

LOGIN = reverse("accounts:login")


@pytest.fixture
def officer(world, make_staff):
    return make_staff(Role.COUNTER_OFFICER, world.own, username="tiepnhan")


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _post_login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_login_page_is_in_vietnamese_with_stable_ids(client, db):
    page = client.get(LOGIN)
    content = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="vi">' in content
    assert "<h1>Đăng nhập</h1>" in content
    for marker in ('id="id_username"', 'id="id_password"', 'type="submit"', "csrfmiddlewaretoken"):
        assert marker in content


def test_login_with_the_right_password(client, officer):
    response = _post_login(client, "tiepnhan", PASSWORD, next="/api/v1/ping")
    assert response.status_code == 302
    assert response["Location"] == "/api/v1/ping"
    assert _signed_in(client)
    event = AuditEvent.objects.get(kind=AuditEventKind.LOGIN)
    assert (event.actor, event.ip_address) == (officer, "127.0.0.1")


def test_login_never_redirects_to_another_site(client, officer):
    response = _post_login(client, "tiepnhan", PASSWORD, next="https://evil.example/")
    assert response["Location"] == reverse("portal:home")


def test_wrong_password_is_refused_in_vietnamese_and_audited(client, officer):
    response = _post_login(client, "tiepnhan", "sai-mat-khau")
    assert response.status_code == 200
    assert "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác" in response.content.decode()
    assert not _signed_in(client)
    event = AuditEvent.objects.get(kind=AuditEventKind.LOGIN_FAILED)
    assert (event.actor, event.actor_label, event.ip_address) == (None, "tiepnhan", "127.0.0.1")
    assert "sai-mat-khau" not in str(event.data)


def test_deactivated_account_cannot_sign_in(client, officer):
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    _post_login(client, "tiepnhan", PASSWORD)
    assert not _signed_in(client)


def test_login_form_requires_csrf(officer):
    client = Client(enforce_csrf_checks=True)
    assert _post_login(client, "tiepnhan", PASSWORD).status_code == 403
    assert not _signed_in(client)


def test_lockout_after_repeated_failures_refuses_even_the_right_password(client, officer, settings):
    # given: the configured limit of wrong passwords from one address
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _post_login(client, "tiepnhan", "sai-mat-khau").status_code == 200
    locked = _post_login(client, "tiepnhan", "sai-mat-khau")

    # then: the lock-out page, in Vietnamese
    assert locked.status_code == 429
    content = locked.content.decode()
    assert "Tạm thời không thể đăng nhập" in content
    assert "Hãy chờ 15 phút rồi thử lại" in content

    # when: the right password during the lock-out
    again = _post_login(client, "tiepnhan", PASSWORD)

    # then: still refused, nothing signed in
    assert again.status_code == 429
    assert not _signed_in(client)
    kinds = list(AuditEvent.objects.values_list("kind", flat=True))
    assert AuditEventKind.LOCKED_OUT in kinds
    assert AuditEventKind.LOGIN not in kinds
    assert kinds.count(AuditEventKind.LOGIN_FAILED) == settings.AXES_FAILURE_LIMIT + 1


def test_lockout_is_per_username_and_address(client, officer, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, "tiepnhan", "sai-mat-khau")
    other_address = Client(REMOTE_ADDR="203.0.113.7")
    assert _post_login(other_address, "tiepnhan", PASSWORD).status_code == 302
    assert _signed_in(other_address)


def test_lockout_ends_after_the_cool_off(client, officer, settings, time_machine):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, "tiepnhan", "sai-mat-khau")
    time_machine.shift(settings.AXES_COOLOFF_TIME * 3600 + 1)
    assert _post_login(client, "tiepnhan", PASSWORD).status_code == 302


def test_logout_is_audited(client, officer):
    _post_login(client, "tiepnhan", PASSWORD)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not _signed_in(client)
    event = AuditEvent.objects.get(kind=AuditEventKind.LOGOUT)
    assert event.actor == officer


def test_password_change_page(client, officer):
    # given
    client.force_login(officer)
    url = reverse("accounts:password_change")

    # when: the old password is wrong
    refused = client.post(
        url,
        {
            "old_password": "sai",
            "new_password1": "mot-mat-khau-moi",
            "new_password2": "mot-mat-khau-moi",
        },
    )

    # then: a Vietnamese error and no change
    assert "Mật khẩu cũ không chính xác" in refused.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)

    # when: done right
    done = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "mot-mat-khau-moi",
            "new_password2": "mot-mat-khau-moi",
        },
    )

    # then: changed, audited, and this session stays signed in
    assert done.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("mot-mat-khau-moi")
    assert _signed_in(client)
    event = AuditEvent.objects.get(kind=AuditEventKind.PASSWORD_CHANGED)
    assert (event.actor, event.target_id) == (officer, str(officer.pk))
