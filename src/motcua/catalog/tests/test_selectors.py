"""Reads: the version in force on a day, and the editors' procedure list."""

import datetime as dt

import pytest

from motcua.accounts.constants import Role
from motcua.catalog.selectors import (
    procedure_list_for_admin,
    version_draft,
    version_get_for_dossier,
    version_in_force,
    version_latest,
)
from motcua.catalog.services import version_draft_create

from .conftest import publish, valid_draft

pytestmark = pytest.mark.usefixtures("pinned_today", "media_root")


def test_a_draft_is_never_in_force(world):
    draft = valid_draft(world)
    assert version_in_force(draft.procedure, on=dt.date(2026, 3, 10)) is None
    assert (
        version_get_for_dossier(procedure_code="1.001193", received_at=dt.datetime.now(dt.UTC))
        is None
    )
    assert (
        version_get_for_dossier(procedure_code="9.999999", received_at=dt.datetime.now(dt.UTC))
        is None
    )


def test_in_force_from_the_first_day_only(world):
    version = publish(valid_draft(world), world)
    assert version_in_force(version.procedure, on=dt.date(2025, 6, 30)) is None
    assert version_in_force(version.procedure, on=dt.date(2025, 7, 1)) == version


def test_the_local_day_decides(world):
    version = publish(valid_draft(world), world)
    # 30/06/2025 17:30 UTC is already 1 July in Vietnam
    received = dt.datetime(2025, 6, 30, 17, 30, tzinfo=dt.UTC)
    assert version_get_for_dossier(procedure_code="1.001193", received_at=received) == version


def test_latest_and_draft(world):
    first = publish(valid_draft(world), world)
    assert version_draft(first.procedure) is None
    draft = version_draft_create(procedure=first.procedure)
    assert version_latest(first.procedure) == draft
    assert version_draft(first.procedure) == draft


def test_procedure_list_for_admin_is_scoped_and_annotated(world, make_staff, editor):
    first = publish(valid_draft(world), world)
    version_draft_create(procedure=first.procedure)
    valid_draft(world, code="1.000894", name="Đăng ký kết hôn")

    rows = {
        p.code: (p.latest_number, p.latest_name, p.latest_status)
        for p in procedure_list_for_admin(editor)
    }

    assert rows == {
        "1.001193": (2, "Đăng ký khai sinh", "draft"),
        "1.000894": (1, "Đăng ký kết hôn", "draft"),
    }
    outsider = make_staff(Role.AGENCY_ADMIN, world.below)
    assert not procedure_list_for_admin(outsider).exists()
