"""The citizen's data store (Kho): filled by digitisation and signed results, reused later."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

import pytest

from motcua.accounts.constants import Role
from motcua.accounts.services import role_grant, user_create
from motcua.documents import selectors, services
from motcua.documents.access import access_stored_file, store_entries_visible_to
from motcua.documents.constants import ReuseError, StoreSource
from motcua.documents.models import StoreEntry
from motcua.dossiers.constants import DigitisationStatus, DossierStatus, EventKind

from . import builders
from .conftest import PASSWORD

RESULT_CODE = "KQ.HT.01"


@pytest.fixture(autouse=True)
def _today():
    """Real time: the session's test certificates are valid from the moment they were made."""


@pytest.fixture
def world(people, signing_on):
    """Dossier A (commune) with a signed birth certificate; dossier B (another commune)
    asks for that certificate as its first component."""
    a = people.dossier
    a.case.result_code = RESULT_CODE
    a.case.save(update_fields=["result_code"])
    a.status, a.code = DossierStatus.RESOLVED, "H61.298-260310-0001"
    a.save(update_fields=["status", "code"])
    leader = user_create(
        username="lanhdao", password=PASSWORD, kind="staff", full_name="Nguyễn Văn Ký"
    )
    role_grant(
        user=leader, role=Role.AGENCY_LEADER, agency=people.commune, valid_from=dt.date(2025, 7, 1)
    )
    result = builders.result(a)
    services.result_file_attach(
        result=result,
        upload=builders.upload("giay-khai-sinh.pdf", builders.pdf_bytes(1)),
        user=people.colleague,
    )
    people.signed = services.result_sign(result=result, user=leader)
    people.result = result

    b = builders.dossier(at=people.other_agency, owner=people.owner)
    b.status = DossierStatus.SUBMITTED
    b.save(update_fields=["status"])
    wanted = builders.component(b, 1)
    wanted.component.document_type = RESULT_CODE
    wanted.component.save(update_fields=["document_type"])
    people.b, people.wanted = b, wanted
    return people


def entry_of(world) -> StoreEntry:
    return StoreEntry.objects.get(source_result=world.result)


def offered(world, on=None):
    return list(
        selectors.store_entries_matching(
            owner=world.owner, component=world.wanted, on=on or timezone.localdate()
        )
    )


def test_a_signed_result_enters_the_owners_store(world):
    entry = entry_of(world)
    assert (entry.owner, entry.source, entry.document_code, entry.number) == (
        world.owner,
        StoreSource.ELECTRONIC_RESULT,
        RESULT_CODE,
        "123/TLKS",
    )
    assert (entry.stored_file, entry.source_dossier, entry.issuer) == (
        world.signed,
        world.dossier,
        "UBND xã Cái Nhum",
    )
    assert list(entry.files()) == [world.signed]


def test_the_owner_reuses_it_in_a_new_dossier(world):
    entry = entry_of(world)
    assert offered(world) == [entry]
    component = services.component_reuse(
        dossier_component=world.wanted, entry=entry, user=world.owner
    )
    assert (component.is_reused, component.reused_entry, component.reuse_source) == (
        True,
        entry,
        StoreSource.ELECTRONIC_RESULT,
    )
    assert (component.reused_by, component.reuse_consent, component.is_digitised) == (
        world.owner,
        False,
        True,
    )
    event = world.b.events.get(kind=EventKind.COMPONENT_REUSED)
    assert (event.actor_role, event.data["source_dossier"], event.data["entry"]) == (
        "owner",
        world.dossier.pk,
        entry.pk,
    )
    world.b.refresh_from_db()
    assert world.b.digitisation_status == DigitisationStatus.DIGITISED  # its one scan-worthy part


def test_staff_see_the_entry_only_through_a_dossier_they_may_see(world):
    entry = entry_of(world)
    # Dossier B's counter (another commune) sees neither dossier A nor the entry yet.
    assert not store_entries_visible_to(world.stranger_staff).filter(pk=entry.pk).exists()
    with pytest.raises(Http404):
        access_stored_file(world.stranger_staff, world.signed.pk)
    services.component_reuse(dossier_component=world.wanted, entry=entry, user=world.owner)
    # Reused in B: B's officers now see it through B, and may open the file.
    assert store_entries_visible_to(world.stranger_staff).filter(pk=entry.pk).exists()
    assert access_stored_file(world.stranger_staff, world.signed.pk) == world.signed
    # Another citizen never sees it.
    assert not store_entries_visible_to(world.other_citizen).exists()
    with pytest.raises(Http404):
        access_stored_file(world.other_citizen, world.signed.pk)


def test_an_officer_of_an_unrelated_agency_cannot_see_it(world, people):
    unit = builders.province()
    far = builders.agency("H61.300", "UBND xã Xa", unit)
    officer = user_create(username="xaxa", password=PASSWORD, kind="staff", full_name="Lê Xa")
    role_grant(user=officer, role=Role.COUNTER_OFFICER, agency=far, valid_from=dt.date(2025, 7, 1))
    services.component_reuse(
        dossier_component=world.wanted, entry=entry_of(world), user=world.owner
    )
    assert not store_entries_visible_to(officer).exists()
    with pytest.raises(Http404):
        access_stored_file(officer, world.signed.pk)


def test_hidden_or_expired_entries_are_not_offered(world):
    entry = entry_of(world)
    services.store_entry_set_hidden(entry=entry, user=world.owner, hidden=True)
    assert offered(world) == []
    with pytest.raises(ValidationError) as refused:
        services.component_reuse(dossier_component=world.wanted, entry=entry, user=world.owner)
    assert refused.value.code == ReuseError.NOT_OFFERED
    assert "không còn hiệu lực" in refused.value.messages[0]

    services.store_entry_set_hidden(entry=entry, user=world.owner, hidden=False)
    today = timezone.localdate()
    StoreEntry.objects.filter(pk=entry.pk).update(
        issued_on=today - dt.timedelta(10), valid_until=today - dt.timedelta(1)
    )
    assert offered(world) == []
    assert offered(world, on=today - dt.timedelta(2)) == [entry]  # it was valid then
    world.wanted.refresh_from_db()
    assert not world.wanted.is_reused


def test_only_the_owner_hides_entries(world):
    entry = entry_of(world)
    for who in (world.other_citizen, world.colleague):
        with pytest.raises(Http404):
            services.store_entry_set_hidden(entry=entry, user=who, hidden=True)
    entry.refresh_from_db()
    assert not entry.hidden


def test_another_citizens_entry_cannot_be_reused(world):
    other_dossier = builders.dossier(at=world.other_agency, owner=world.other_citizen)
    other_dossier.status = DossierStatus.SUBMITTED
    other_dossier.save(update_fields=["status"])
    their_component = builders.component(other_dossier, 1)
    with pytest.raises(ValidationError) as refused:
        services.component_reuse(
            dossier_component=their_component, entry=entry_of(world), user=world.other_citizen
        )
    assert refused.value.code == ReuseError.NOT_OFFERED


def test_at_the_counter_the_citizens_consent_is_recorded(world):
    entry = entry_of(world)
    with pytest.raises(ValidationError) as refused:
        services.component_reuse(
            dossier_component=world.wanted, entry=entry, user=world.stranger_staff
        )
    assert refused.value.code == ReuseError.CONSENT_REQUIRED
    assert "đồng ý" in refused.value.messages[0]
    component = services.component_reuse(
        dossier_component=world.wanted, entry=entry, user=world.stranger_staff, consent=True
    )
    assert (component.reuse_consent, component.reused_by) == (True, world.stranger_staff)
    event = world.b.events.get(kind=EventKind.COMPONENT_REUSED)
    assert (event.actor_role, event.data["consent"]) == (Role.COUNTER_OFFICER, True)


def test_staff_without_a_say_on_the_dossier_cannot_reuse(world):
    with pytest.raises(Http404):
        services.component_reuse(
            dossier_component=world.wanted, entry=entry_of(world), user=world.counter, consent=True
        )
    with pytest.raises(Http404):  # an unrelated citizen is no owner and no officer
        services.component_reuse(
            dossier_component=world.wanted, entry=entry_of(world), user=world.other_citizen
        )


def test_the_owner_reuses_only_before_intake(world):
    world.b.status = DossierStatus.PROCESSING
    world.b.save(update_fields=["status"])
    with pytest.raises(ValidationError) as refused:
        services.component_reuse(
            dossier_component=world.wanted, entry=entry_of(world), user=world.owner
        )
    assert refused.value.code == ReuseError.WRONG_STATE


def test_a_digitised_component_enters_the_store(people):
    component = builders.component(people.dossier, 1)
    services.component_digitise(
        dossier_component=component,
        scans=[builders.upload("to-khai.pdf", builders.pdf_bytes(2))],
        paper_pages=2,
        digitised_by=people.counter,
    )
    entry = StoreEntry.objects.get(source_component=component)
    assert (entry.owner, entry.source, entry.name) == (
        people.owner,
        StoreSource.DIGITISED_COMPONENT,
        "Tờ khai đăng ký khai sinh",
    )
    assert [f.page_count for f in entry.files()] == [2]


def test_a_dossier_without_an_account_adds_nothing(people):
    anonymous = builders.dossier(at=people.commune, owner=None)
    services.component_digitise(
        dossier_component=builders.component(anonymous, 1),
        scans=[builders.upload("to-khai.pdf", builders.pdf_bytes(1))],
        paper_pages=1,
        digitised_by=people.counter,
    )
    assert not StoreEntry.objects.exists()


# --- Pages --------------------------------------------------------------------------------


def test_the_store_page_lists_hides_and_shows_again(world, client):
    entry = entry_of(world)
    client.force_login(world.owner)
    page = client.get(reverse("documents:store"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kho dữ liệu của tôi" in html
    assert "123/TLKS" in html
    assert reverse("documents:download", args=[world.signed.pk]) in html

    url = reverse("documents:store_visibility", args=[entry.pk])
    page = client.post(url, {"hidden": "1"}, follow=True)
    entry.refresh_from_db()
    assert entry.hidden
    assert "Giấy tờ đã ẩn" in page.content.decode()
    client.post(url, {"hidden": "0"})
    entry.refresh_from_db()
    assert not entry.hidden


def test_nobody_else_manages_the_store(world, client):
    entry = entry_of(world)
    client.force_login(world.other_citizen)
    page = client.get(reverse("documents:store"))
    assert "123/TLKS" not in page.content.decode()
    url = reverse("documents:store_visibility", args=[entry.pk])
    assert client.post(url, {"hidden": "1"}).status_code == 404
    assert client.get(url).status_code == 405
    client.logout()
    assert client.get(reverse("documents:store")).status_code == 302  # to the sign-in page
    entry.refresh_from_db()
    assert not entry.hidden
