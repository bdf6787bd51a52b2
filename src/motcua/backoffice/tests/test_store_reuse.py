"""The counter takes a component from the citizen's store (Kho) with the citizen's consent."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from motcua.backoffice.models import ActionToken
from motcua.documents.constants import FileType, StoreSource
from motcua.documents.models import StoreEntry
from motcua.documents.services import stored_file_create
from motcua.documents.tests.builders import pdf_bytes
from motcua.dossiers.constants import EventKind
from motcua.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def entry(owner, code: str, **changes) -> StoreEntry:
    """An entry brought from a national database, with its one file."""
    stored = stored_file_create(
        upload=SimpleUploadedFile("to-khai.pdf", pdf_bytes(1), content_type="application/pdf"),
        uploaded_by=owner,
        allowed_types={FileType.PDF},
    )
    values = {
        "stored_file": stored,
        "owner": owner,
        "document_code": code,
        "name": "Tờ khai đã số hóa",
        "number": "15/TK",
        "issued_on": dt.date(2025, 1, 10),
        "issuer": "UBND xã Cái Nhum",
        "source": StoreSource.NATIONAL_DATABASE,
    }
    return StoreEntry.objects.create(**{**values, **changes})


@pytest.fixture
def owned(world, received):
    """The counter's dossier, its owner the citizen's account (intake matches it by ID
    number); no scans yet."""
    Dossier.objects.filter(pk=received.pk).update(owner=world.citizen)
    received.refresh_from_db()
    return received


def reuse_url(dossier, row) -> str:
    return f"/can-bo/ho-so/{dossier.pk}/kho/{row.pk}/"


def test_counter_reuses_a_store_document_with_consent(login, world, owned):
    mine = entry(world.citizen, world.form.code)
    row = owned.components.get(component=world.form)
    client = login(world.counter)
    page = client.get(f"/can-bo/ho-so/{owned.pk}/").content.decode()
    assert f'id="reuse-{row.pk}"' in page and "15/TK" in page and "UBND xã Cái Nhum" in page
    response = client.post(
        reuse_url(owned, row),
        {"form_token": "reuse-1", "entry": mine.pk, "consent": "1"},
        follow=True,
    )
    assert response.status_code == 200
    row.refresh_from_db()
    assert (row.is_reused, row.reused_entry, row.reuse_source) == (
        True,
        mine,
        StoreSource.NATIONAL_DATABASE,
    )
    assert (row.reuse_consent, row.reused_by, row.is_digitised) == (True, world.counter, True)
    event = owned.events.get(kind=EventKind.COMPONENT_REUSED)
    assert (event.data["entry"], event.data["consent"]) == (mine.pk, True)
    # Once provided, the component offers the store no more and names its source.
    page = response.content.decode()
    assert f'id="reuse-{row.pk}"' not in page and "Kho của công dân" in page


def test_without_consent_nothing_is_written(login, world, owned):
    mine = entry(world.citizen, world.form.code)
    row = owned.components.get(component=world.form)
    client = login(world.counter)
    response = client.post(
        reuse_url(owned, row), {"form_token": "no-consent", "entry": mine.pk}, follow=True
    )
    assert "Cần ghi nhận sự đồng ý của công dân" in response.content.decode()
    row.refresh_from_db()
    assert not row.is_reused and row.reused_entry is None
    assert not owned.events.filter(kind=EventKind.COMPONENT_REUSED).exists()
    # The token rolled back with the refusal: the corrected form may be sent again.
    assert not ActionToken.objects.filter(token="no-consent").exists()


def test_another_citizens_entry_is_neither_listed_nor_taken(login, world, owned):
    theirs = entry(world.other_citizen, world.form.code, number="99/KHAC")
    row = owned.components.get(component=world.form)
    client = login(world.counter)
    page = client.get(f"/can-bo/ho-so/{owned.pk}/").content.decode()
    assert "99/KHAC" not in page and f'id="reuse-{row.pk}"' not in page
    response = client.post(
        reuse_url(owned, row), {"form_token": "theirs", "entry": theirs.pk, "consent": "1"}
    )
    assert response.status_code == 404
    row.refresh_from_db()
    assert not row.is_reused


def test_expired_or_other_type_entries_are_not_offered(login, world, owned):
    entry(world.citizen, world.form.code, number="HET/HAN", valid_until=dt.date(2020, 1, 1))
    entry(world.citizen, "KHAC.01", number="LOAI/KHAC")
    page = login(world.counter).get(f"/can-bo/ho-so/{owned.pk}/").content.decode()
    assert "HET/HAN" not in page and "LOAI/KHAC" not in page


def test_no_store_listing_without_an_owner_account(login, world, received):
    Dossier.objects.filter(pk=received.pk).update(owner=None)  # applicant without an account
    entry(world.citizen, world.form.code)
    row = received.components.get(component=world.form)
    client = login(world.counter)
    page = client.get(f"/can-bo/ho-so/{received.pk}/").content.decode()
    assert f'id="reuse-{row.pk}"' not in page
    mine = StoreEntry.objects.get()
    response = client.post(
        reuse_url(received, row), {"form_token": "x", "entry": mine.pk, "consent": "1"}
    )
    assert response.status_code == 404


def test_officers_without_a_say_at_intake_cannot_reuse(login, world, owned):
    mine = entry(world.citizen, world.form.code)
    row = owned.components.get(component=world.form)
    client = login(world.officer)  # competent agency's officer: sees the dossier later, not now
    page = client.get(f"/can-bo/ho-so/{owned.pk}/")
    assert page.status_code == 404 or f'id="reuse-{row.pk}"' not in page.content.decode()
    response = client.post(
        reuse_url(owned, row), {"form_token": "o", "entry": mine.pk, "consent": "1"}
    )
    assert response.status_code == 404
    row.refresh_from_db()
    assert not row.is_reused


def test_dossier_page_queries_do_not_grow_with_store_offers(
    login, world, owned, django_assert_max_num_queries
):
    client = login(world.counter)
    url = f"/can-bo/ho-so/{owned.pk}/"
    entry(world.citizen, world.form.code)
    with CaptureQueriesContext(connection) as few:
        assert 'class="reuse"' in client.get(url).content.decode()
    for number in range(5):
        entry(world.citizen, world.form.code, number=f"{number}/TK")
        entry(world.citizen, world.id_copy.code, number=f"{number}/BS")
    with django_assert_max_num_queries(len(few)):
        page = client.get(url).content.decode()
    assert page.count('class="reuse"') == 2 and "4/BS" in page


def test_page_offers_match_the_documents_selector(world, owned):
    """The page's one-query offers follow the store's own rule (type, dates, hidden)."""
    from django.utils import timezone

    from motcua.backoffice.reuse import reuse_offers
    from motcua.documents.selectors import store_entries_matching

    today = timezone.localdate()
    entry(world.citizen, world.form.code, number="CON/HAN")
    entry(world.citizen, world.form.code, number="AN", hidden=True)
    entry(world.citizen, world.form.code, number="SAU", issued_on=today + dt.timedelta(days=3))
    entry(world.citizen, world.form.code, number="HET", valid_until=today - dt.timedelta(days=1))
    entry(world.citizen, world.form.code, number="NAY", valid_until=today, issued_on=None)
    entry(world.citizen, world.id_copy.code, number="BS")
    rows = list(owned.components.select_related("component").prefetch_related("files"))
    offers = reuse_offers(owned, rows, on=today)
    for row in rows:
        expected = list(store_entries_matching(owner=world.citizen, component=row, on=today))
        assert offers.get(row.pk, []) == expected
    assert {e.number for found in offers.values() for e in found} == {"CON/HAN", "NAY", "BS"}
