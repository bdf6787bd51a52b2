"""Lists for staff and citizens, the timeline, and the digitisation and sync tracks."""

from __future__ import annotations

import pytest

from motcua.dossiers.access import access_dossier
from motcua.dossiers.constants import Channel, DigitisationStatus, DossierStatus, SyncStatus
from motcua.dossiers.error_codes import DossierError
from motcua.dossiers.error_codes import DossierErrorCode as E
from motcua.dossiers.selectors import (
    dossier_is_overdue,
    dossier_list_for_user,
    dossier_steps,
    dossier_timeline,
)
from motcua.dossiers.services import (
    dossier_accept,
    dossier_components_digitise,
    dossier_forward,
    dossier_submit,
    dossier_sync_status_set,
)

from .conftest import application, at, joint_application
from .helpers import fresh, refused


def test_lists_filter_by_state_agency_procedure_overdue_and_due_dates(world, now):
    licence = dossier_forward(
        dossier=dossier_accept(user=world.counter, application=application(world)),
        user=world.counter,
    )
    joint = dossier_accept(user=world.counter, application=joint_application(world))
    # Justice decides both; Finance has a step in the liên thông one; the far centre none.
    assert set(dossier_list_for_user(world.officer)) == {licence, joint}
    assert set(dossier_list_for_user(world.finance_officer)) == {joint}
    assert list(dossier_list_for_user(world.counter_far)) == []
    assert set(dossier_list_for_user(world.counter)) == {licence, joint}
    assert list(dossier_list_for_user(world.counter, status=DossierStatus.RECEIVED)) == [joint]
    assert list(dossier_list_for_user(world.counter, agency_id=world.justice.pk)) == [licence]
    assert list(dossier_list_for_user(world.counter, procedure_id=world.joint.procedure_id)) == [
        joint
    ]
    assert list(dossier_list_for_user(world.counter, due_from=at("2026-03-01 00:00"))) == [joint]
    assert list(dossier_list_for_user(world.counter, due_to=at("2026-03-01 00:00"))) == [licence]
    now("2026-02-26 08:00")
    assert list(dossier_list_for_user(world.counter, overdue=True)) == [licence]
    assert list(dossier_list_for_user(world.counter, overdue=False)) == [joint]
    assert dossier_is_overdue(licence) and not dossier_is_overdue(joint)
    assert list(dossier_list_for_user(world.other_citizen)) == []
    assert set(dossier_list_for_user(world.citizen)) == {licence, joint}


def test_access_answers_not_found_for_missing_and_foreign_alike(world):
    dossier = dossier_accept(user=world.counter, application=application(world))
    assert access_dossier(world.citizen, dossier.pk) == dossier
    for user, ident in [
        (world.other_citizen, dossier.pk),
        (world.counter, 999999),
        (world.counter, "x"),
    ]:
        with pytest.raises(DossierError) as caught:
            access_dossier(user, ident)
        assert caught.value.code == E.NOT_FOUND
        assert caught.value.http_status == 404


def test_timeline_and_steps_in_order(world):
    dossier = dossier_forward(
        dossier=dossier_accept(user=world.counter, application=application(world)),
        user=world.counter,
    )
    assert [e.kind for e in dossier_timeline(dossier)] == ["received", "forwarded"]
    assert [s.position for s in dossier_steps(dossier)] == [1, 2, 3]


def test_digitising_components_moves_the_track(world):
    dossier = dossier_accept(user=world.counter, application=application(world))
    dossier = dossier_components_digitise(
        dossier=dossier, user=world.counter, component_ids=[world.form.pk]
    )
    assert dossier.digitisation_status == DigitisationStatus.PARTIAL
    with refused(E.COMPONENT_NOT_IN_CASE):
        dossier_components_digitise(
            dossier=dossier, user=world.counter, component_ids=[world.power.pk]
        )
    dossier = dossier_components_digitise(
        dossier=dossier, user=world.counter, component_ids=[world.form.pk, world.id_copy.pk]
    )
    assert dossier.digitisation_status == DigitisationStatus.DIGITISED
    assert dossier.status == DossierStatus.RECEIVED


def test_sync_track_is_set_by_the_adapter_and_reset_by_each_state_change(world):
    app = application(
        world, channel=Channel.NATIONAL_PORTAL, alternative_code="G22-1", delivery_channel="online"
    )
    dossier = dossier_submit(application=app, user=world.counter)
    dossier_sync_status_set(dossier=dossier, status=SyncStatus.SYNCED)
    assert fresh(dossier).sync_status == SyncStatus.SYNCED
    dossier = dossier_accept(user=world.counter, dossier=dossier)
    assert fresh(dossier).sync_status == SyncStatus.PENDING
    local = dossier_accept(user=world.counter, application=application(world))
    assert fresh(local).sync_status == SyncStatus.NOT_REQUIRED


def test_a_post_arrival_is_registered_then_accepted(world):
    dossier = dossier_submit(
        application=application(world, channel=Channel.POST), user=world.counter
    )
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.owner == world.citizen
    dossier = dossier_accept(user=world.counter, dossier=dossier)
    assert dossier.code == "H61.17-260211-0001"
