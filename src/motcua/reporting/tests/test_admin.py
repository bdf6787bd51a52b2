import datetime as dt
from decimal import Decimal

from django.urls import reverse

import pytest

from motcua.accounts.constants import Role, UserKind
from motcua.accounts.services import role_grant
from motcua.reporting.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_session(client, django_user_model, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = False  # 2FA is the accounts app's test
    user = django_user_model.objects.create_superuser(
        username="quantri", password="mat-khau-thu-nghiem", kind=UserKind.STAFF
    )
    if not user.roles.filter(role=Role.SYSTEM_ADMIN).exists():
        role_grant(user=user, role=Role.SYSTEM_ADMIN, agency=None)
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["indicator", "reportregime"])
@pytest.mark.parametrize("page", ["changelist", "add"])
def test_admin_pages_load(admin_session, model, page):
    assert admin_session.get(reverse(f"admin:reporting_{model}_{page}")).status_code == 200


def _form(indicator, **changes):
    values = {
        "code": indicator.code,
        "version": indicator.version,
        "effective_from": indicator.effective_from.isoformat(),
        "name": indicator.name,
        "unit": indicator.unit,
        "kind": indicator.kind,
        "formula": indicator.formula,
        "position": indicator.position,
        "group": indicator.group,
        "weight": indicator.weight or "",
        "target": indicator.target or "",
        "source_note": indicator.source_note,
        "official": "on" if indicator.official else "",
    }
    return {k: v for k, v in {**values, **changes}.items() if v != ""}


def test_formula_change_needs_a_new_version(admin_session):
    indicator = Indicator.objects.get(code="766.TDGQ")
    url = reverse("admin:reporting_indicator_change", args=[indicator.pk])
    admin_session.post(url, _form(indicator, formula="resolved_early / resolved"))
    assert (
        Indicator.objects.get(pk=indicator.pk).formula
        == "(resolved_early + resolved_on_time) / resolved"
    )
    response = admin_session.post(
        url,
        _form(
            indicator,
            version=2,
            effective_from="2026-07-01",
            formula="resolved_early / resolved",
            _saveasnew="1",
        ),
    )
    assert response.status_code == 302
    new = Indicator.objects.get(code="766.TDGQ", version=2)
    assert (new.formula, new.effective_from, new.weight) == (
        "resolved_early / resolved",
        dt.date(2026, 7, 1),
        Decimal(20),
    )


def test_monitoring_officer_cannot_edit(client, world):
    client.force_login(world.monitor)
    indicator = Indicator.objects.get(code="766.TDGQ")
    response = client.post(
        reverse("admin:reporting_indicator_change", args=[indicator.pk]),
        _form(indicator, formula="1"),
    )
    assert response.status_code in (302, 403, 404)
    assert Indicator.objects.get(pk=indicator.pk).formula != "1"
