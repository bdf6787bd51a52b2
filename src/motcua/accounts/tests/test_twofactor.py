"""TOTP enrolment, the code step of sign-in, backup codes, removal, and the admin gate."""

from django.urls import reverse
from django.utils import timezone

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts import twofactor
from motcua.accounts.constants import Role
from motcua.core.models import AuditEvent, AuditEventKind

from .conftest import PASSWORD, current_code

SECURITY = reverse("accounts:security")
OTP = reverse("accounts:otp_verify")


@pytest.fixture
def officer(world, make_staff):
    return make_staff(Role.PROCESSING_OFFICER, world.own, username="chuyenvien")


@pytest.fixture
def enrolled(officer):
    """The officer with a confirmed authenticator and backup codes, set up directly."""
    device = twofactor.authenticator_enrol_start(user=officer)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = twofactor.backup_codes_regenerate(user=officer)
    return officer, device, codes


def _not(code: str) -> str:
    """A six-digit code that is not ``code``."""
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _me(client) -> dict | None:
    response = client.get("/api/v1/accounts/me")
    return response.json() if response.status_code == 200 else None


def _kinds() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("kind", flat=True))


def test_enrolment_with_a_real_code(client, officer, time_machine):
    # given
    client.force_login(officer)
    page = client.get(SECURITY)
    assert "Cài đặt ứng dụng xác thực" in page.content.decode()

    # when: start, then look at the QR code page
    started = client.post(reverse("accounts:authenticator_start"))
    confirm_url = started["Location"]
    shown = client.get(confirm_url)

    # then: an SVG QR code and the key to type by hand
    content = shown.content.decode()
    assert 'src="data:image/svg+xml' in content
    device = TOTPDevice.objects.get(user=officer)
    assert not device.confirmed
    assert twofactor.authenticator_secret(device) in content

    # when: a wrong code
    wrong = client.post(confirm_url, {"otp_token": _not(current_code(device))})

    # then: a Vietnamese error, still not confirmed
    assert "Mã không đúng hoặc đã hết hạn." in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    # when: the code the app shows (after django-otp's one-second back-off)
    time_machine.shift(2)
    done = client.post(confirm_url, {"otp_token": current_code(device)})

    # then: confirmed, ten backup codes shown once, this session verified
    device.refresh_from_db()
    assert device.confirmed
    codes = list(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(code in done.content.decode() for code in codes)
    assert _me(client)["two_factor_verified"] is True
    assert _kinds()[-2:] == [AuditEventKind.OTP_DEVICE_ADDED, AuditEventKind.OTP_DEVICE_ADDED]


def test_enrolment_cannot_start_twice(client, enrolled):
    officer, _device, _codes = enrolled
    client.force_login(officer)
    response = client.post(reverse("accounts:authenticator_start"), follow=True)
    assert "Xác thực hai lớp đã được bật cho tài khoản này." in response.content.decode()
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_security_page_is_for_staff_only(client, citizen):
    client.force_login(citizen)
    assert client.get(SECURITY).status_code == 404
    assert client.post(reverse("accounts:authenticator_start")).status_code == 404
    assert not TOTPDevice.objects.exists()


def test_security_page_needs_sign_in(client, db):
    response = client.get(SECURITY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_sign_in_asks_for_the_code_before_the_session_exists(client, enrolled, time_machine):
    _officer, device, _codes = enrolled
    # Stop the clock: the back-off below is one second and must not pass by itself.
    time_machine.move_to(timezone.now(), tick=False)

    # when: the right password
    response = client.post(
        reverse("accounts:login"),
        {"username": "chuyenvien", "password": PASSWORD, "next": "/api/v1/ping"},
    )

    # then: asked for the code, and not signed in yet
    assert response.status_code == 302
    assert response["Location"].startswith(OTP)
    assert _me(client) is None
    page = client.get(response["Location"])
    assert 'id="id_otp_token"' in page.content.decode()

    # when: a wrong code
    wrong = client.post(OTP, {"otp_token": _not(current_code(device)), "next": "/api/v1/ping"})

    # then
    assert "Mã không đúng hoặc đã hết hạn." in wrong.content.decode()
    assert _me(client) is None

    # when: the right code, straight away
    throttled = client.post(OTP, {"otp_token": current_code(device), "next": "/api/v1/ping"})

    # then: django-otp's back-off refuses it with a clear reason
    assert "Bạn đã nhập sai quá nhiều lần." in throttled.content.decode()
    assert _me(client) is None

    # when: the right code after the back-off
    time_machine.shift(3)
    done = client.post(OTP, {"otp_token": current_code(device), "next": "/api/v1/ping"})

    # then
    assert done["Location"] == "/api/v1/ping"
    me = _me(client)
    assert (me["username"], me["two_factor_verified"]) == ("chuyenvien", True)
    assert _kinds()[-4:] == [
        AuditEventKind.OTP_FAILED,
        AuditEventKind.OTP_FAILED,
        AuditEventKind.OTP_VERIFIED,
        AuditEventKind.LOGIN,
    ]


def test_a_backup_code_works_once(client, enrolled):
    officer, _device, codes = enrolled
    for attempt in range(2):
        client.post(reverse("accounts:login"), {"username": "chuyenvien", "password": PASSWORD})
        response = client.post(OTP, {"otp_token": codes[0].upper()})
        if attempt == 0:
            assert response.status_code == 302
            assert _me(client)["two_factor_verified"] is True
            client.post(reverse("accounts:logout"))
        else:
            assert "Mã không đúng hoặc đã hết hạn." in response.content.decode()
            assert _me(client) is None
    assert StaticToken.objects.filter(device__user=officer).count() == 9


def test_the_code_step_expires(client, enrolled, time_machine):
    _officer, device, _codes = enrolled
    client.post(reverse("accounts:login"), {"username": "chuyenvien", "password": PASSWORD})
    time_machine.shift(301)
    response = client.post(OTP, {"otp_token": current_code(device)})
    assert response["Location"].startswith(reverse("accounts:login"))
    assert _me(client) is None


def test_code_step_without_a_password_first_goes_to_login(client, db):
    response = client.post(OTP, {"otp_token": "123456"})
    assert response["Location"].startswith(reverse("accounts:login"))


def test_new_backup_codes_replace_the_old(client, enrolled):
    officer, _device, old = enrolled
    client.force_login(officer)
    response = client.post(reverse("accounts:backup_codes"))
    new = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert len(new) == 10
    assert not new & set(old)
    assert all(code in response.content.decode() for code in new)
    assert response["Cache-Control"].startswith("max-age=0")


def test_removal_needs_the_password(client, enrolled):
    officer, _device, _codes = enrolled
    client.force_login(officer)
    url = reverse("accounts:two_factor_remove")

    refused = client.post(url, {"password": "sai"}, follow=True)
    assert "Mật khẩu không đúng." in refused.content.decode()
    assert TOTPDevice.objects.filter(user=officer).exists()

    done = client.post(url, {"password": PASSWORD}, follow=True)
    assert "Đã tắt xác thực hai lớp." in done.content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    assert _kinds()[-1] == AuditEventKind.OTP_DEVICE_REMOVED


def test_removal_form_requires_post(client, enrolled):
    officer, _device, _codes = enrolled
    client.force_login(officer)
    assert client.get(reverse("accounts:two_factor_remove")).status_code == 405


# --- system administrators and the admin site ---------------------------------------------


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA_FOR_ADMINS = True


def test_system_admin_without_device_is_sent_to_enrolment(client, system_admin, require_2fa):
    response = client.post(
        reverse("accounts:login"), {"username": "quantri", "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == f"{SECURITY}?next=%2Fadmin%2F"
    page = client.get(response["Location"])
    assert "Vai trò của bạn bắt buộc xác thực hai lớp." in page.content.decode()
    # The admin site refuses until enrolment is done.
    admin = client.get("/admin/", follow=True)
    assert admin.redirect_chain[-1][0].startswith(SECURITY)


def test_admin_site_refuses_an_unverified_system_admin(
    client, system_admin, require_2fa, time_machine
):
    # given: an authenticator, and a session that has not confirmed a code
    device = twofactor.authenticator_enrol_start(user=system_admin)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    client.force_login(system_admin)

    # then: every admin page sends them to the code step
    for url in ("/admin/", "/admin/accounts/user/", "/admin/login/"):
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0].startswith(OTP), url
        assert b"id_otp_token" in response.content

    # when: the code is confirmed in this session
    client.post(OTP, {"otp_token": current_code(device), "next": "/admin/"})

    # then
    assert client.get("/admin/").status_code == 200


def test_full_enrolment_opens_the_admin_site(client, system_admin, require_2fa):
    client.post(reverse("accounts:login"), {"username": "quantri", "password": PASSWORD})
    client.post(reverse("accounts:authenticator_start"), {"next": "/admin/"})
    device = TOTPDevice.objects.get(user=system_admin)
    done = client.post(
        reverse("accounts:authenticator_confirm"),
        {"otp_token": current_code(device), "next": "/admin/"},
    )
    assert 'href="/admin/"' in done.content.decode()
    assert client.get("/admin/").status_code == 200


def test_without_the_setting_a_system_admin_needs_no_code(client, system_admin, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = False
    client.force_login(system_admin)
    assert client.get("/admin/").status_code == 200


def test_agency_admin_is_not_forced_to_enrol(client, world, make_staff, require_2fa):
    client.force_login(make_staff(Role.AGENCY_ADMIN, world.own))
    assert client.get("/admin/").status_code == 200


def test_admin_login_page_is_the_site_login(client, db):
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response["Location"] == f"{reverse('accounts:login')}?next=/admin/accounts/user/"


def test_officers_are_refused_by_the_admin_site(client, officer):
    client.force_login(officer)
    assert client.get("/admin/", follow=True).status_code == 403
