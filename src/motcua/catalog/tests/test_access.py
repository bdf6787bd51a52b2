"""Who reads and who maintains the catalogue, as a matrix written out by hand."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

import pytest

from motcua.accounts.constants import Role
from motcua.accounts.services import role_end
from motcua.catalog.access import (
    access_procedure_for_edit,
    access_version,
    access_version_for_edit,
    can_edit_procedure,
    procedures_editable_by,
    versions_visible_to,
)

from .conftest import publish, valid_draft

pytestmark = pytest.mark.usefixtures("pinned_today", "media_root")

# (who, role, where the role is held) → may they maintain procedures owned by "owner"?
PEOPLE = {
    "admin-owner": (Role.AGENCY_ADMIN, "owner", True),
    "admin-above": (Role.AGENCY_ADMIN, "committee", True),
    "admin-below": (Role.AGENCY_ADMIN, "below", False),
    "admin-sibling": (Role.AGENCY_ADMIN, "sibling", False),
    "admin-commune": (Role.AGENCY_ADMIN, "commune", False),
    "admin-far": (Role.AGENCY_ADMIN, "far", False),
    "system-admin": (Role.SYSTEM_ADMIN, None, True),
    "officer-owner": (Role.PROCESSING_OFFICER, "owner", False),
    "leader-owner": (Role.AGENCY_LEADER, "owner", False),
    "monitor-above": (Role.MONITORING_OFFICER, "committee", False),
    "no-role": (None, None, False),
}


def _person(key, world, make_staff, citizen):
    if key == "citizen":
        return citizen
    if key == "anonymous":
        return AnonymousUser()
    role, where, _editor = PEOPLE[key]
    return make_staff(role, getattr(world, where) if where else None)


def _not_found(func, user, object_id) -> str:
    with pytest.raises(Http404) as raised:
        func(user, object_id)
    return str(raised.value)


@pytest.fixture
def versions(world):
    published = publish(valid_draft(world), world)
    draft = valid_draft(world, code="1.000894", name="Đăng ký kết hôn")
    return published, draft


MATRIX = [
    pytest.param(key, status, id=f"{key}-{status}")
    for key in [*PEOPLE, "citizen", "anonymous"]
    for status in ("published", "draft")
]


@pytest.mark.parametrize(("key", "status"), MATRIX)
def test_catalogue_access_matrix(key, status, world, make_staff, citizen, versions):
    # given
    user = _person(key, world, make_staff, citizen)
    version = versions[0] if status == "published" else versions[1]
    editor = key in PEOPLE and PEOPLE[key][2]

    # then: maintaining follows the role and where it is held, whatever the status
    assert can_edit_procedure(user, version.procedure) is editor
    assert procedures_editable_by(user).filter(pk=version.procedure_id).exists() is editor
    if editor:
        assert access_version_for_edit(user, version.pk) == version
        assert access_procedure_for_edit(user, version.procedure_id) == version.procedure
    else:
        # the same answer as for an id that does not exist
        assert _not_found(access_version_for_edit, user, version.pk) == _not_found(
            access_version_for_edit, user, 999_999
        )
        assert _not_found(access_procedure_for_edit, user, version.procedure_id) == _not_found(
            access_procedure_for_edit, user, 999_999
        )

    # and: everyone reads what was published; drafts only their editors
    readable = status == "published" or editor
    assert versions_visible_to(user).filter(pk=version.pk).exists() is readable
    if readable:
        assert access_version(user, version.pk) == version
    else:
        assert _not_found(access_version, user, version.pk) == _not_found(
            access_version, user, 999_999
        )


@pytest.mark.parametrize("bad_id", ["abc", "1 OR 1=1", None, "-1"])
def test_malformed_ids_are_not_found(bad_id, world, editor, versions):
    with pytest.raises(Http404):
        access_version_for_edit(editor, bad_id)
    with pytest.raises(Http404):
        access_version(editor, bad_id)


def test_an_ended_role_grants_nothing(world, editor, versions):
    published, draft = versions
    role_end(assignment=editor.roles.get(), valid_to=dt.date(2026, 3, 9))  # yesterday
    assert not can_edit_procedure(editor, draft.procedure)
    with pytest.raises(Http404):
        access_version(editor, draft.pk)
    assert access_version(editor, published.pk) == published
