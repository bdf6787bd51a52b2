import datetime as dt

from django.core.exceptions import ValidationError

import pytest

from motcua.accounts.constants import Role
from motcua.accounts.models import ApiToken
from motcua.accounts.tokens import api_token_authenticate, api_token_create, api_token_revoke
from motcua.core.models import AuditEvent, AuditEventKind

from .conftest import TODAY


@pytest.fixture
def officer(world, make_staff):
    return make_staff(Role.PROCESSING_OFFICER, world.own, username="he_thong_lgsp")


def _bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_token_is_shown_once_stored_hashed_and_audited(officer, system_admin):
    token, raw = api_token_create(user=officer, name="LGSP", created_by=system_admin)
    assert raw.startswith("mc_") and len(raw) > 40
    assert raw not in {token.key_hash, token.prefix}
    assert raw.startswith(token.prefix)
    assert AuditEvent.objects.filter(
        kind=AuditEventKind.API_TOKEN_CREATED, target_id=str(token.pk)
    ).exists()


def test_token_authenticates_api_calls_without_csrf(client, officer, system_admin):
    _token, raw = api_token_create(user=officer, name="LGSP", created_by=system_admin)
    response = client.get("/api/v1/accounts/me", **_bearer(raw))
    assert response.status_code == 200
    assert response.json()["username"] == "he_thong_lgsp"
    assert response.json()["two_factor_verified"] is False


@pytest.mark.parametrize(
    "_case",
    ["garbage", "revoked", "expired", "inactive_account", "no_header"],
)
def test_unusable_tokens_get_401(_case, client, officer, system_admin, time_machine):
    token, raw = api_token_create(
        user=officer, name="LGSP", created_by=system_admin, expires_on=TODAY + dt.timedelta(days=30)
    )
    headers = _bearer(raw)
    if _case == "garbage":
        headers = _bearer("mc_" + "x" * 43)
    elif _case == "revoked":
        api_token_revoke(token=token, revoked_by=system_admin)
    elif _case == "expired":
        time_machine.move_to(dt.datetime(2026, 4, 10, 9, 0, tzinfo=dt.UTC))
    elif _case == "inactive_account":
        officer.is_active = False
        officer.save(update_fields=["is_active"])
    elif _case == "no_header":
        headers = {}
    assert client.get("/api/v1/accounts/me", **headers).status_code == 401


def test_only_active_staff_get_tokens_and_nothing_is_written(citizen, system_admin):
    with pytest.raises(ValidationError) as error:
        api_token_create(user=citizen, name="", created_by=system_admin, expires_on=TODAY)
    assert error.value.message_dict == {
        "user": ["Chỉ tài khoản cán bộ đang hoạt động mới được cấp mã truy cập API."],
        "name": ["Hãy ghi tên hệ thống sẽ dùng mã truy cập."],
        "expires_on": ["Ngày hết hạn phải ở tương lai."],
    }
    assert not ApiToken.objects.exists()


def test_last_use_is_recorded_without_a_write_per_call(
    officer, system_admin, django_assert_num_queries
):
    token, raw = api_token_create(user=officer, name="LGSP", created_by=system_admin)
    assert api_token_authenticate(raw) == officer
    token.refresh_from_db()
    assert token.last_used_at is not None
    with django_assert_num_queries(1):  # the lookup only
        assert api_token_authenticate(raw) == officer


def test_system_admin_issues_a_token_in_the_admin(client, settings, system_admin, officer):
    settings.REQUIRE_2FA_FOR_ADMINS = False
    client.force_login(system_admin)
    response = client.post(
        "/admin/accounts/apitoken/add/",
        {"user": officer.pk, "name": "LGSP", "expires_on": ""},
    )
    # The secret is on this very page, not behind a redirect carrying it in a message
    # (the messages framework stores them in a cookie by default).
    assert response.status_code == 200
    assert "messages" not in response.cookies
    token = ApiToken.objects.get()
    raw = response.context["secret"]
    assert raw in response.content.decode()
    assert api_token_authenticate(raw) == officer
    assert "no-store" in response["Cache-Control"]
    assert token.created_by == system_admin


def test_agency_admin_cannot_reach_tokens(client, settings, world, make_staff):
    settings.REQUIRE_2FA_FOR_ADMINS = False
    client.force_login(make_staff(Role.AGENCY_ADMIN, world.own, username="qt_don_vi"))
    assert client.get("/admin/accounts/apitoken/").status_code in (403, 404)
    assert client.get("/admin/accounts/apitoken/add/").status_code in (403, 404)
