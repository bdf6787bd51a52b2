"""The feedback pages: who sees what, forms with Vietnamese errors, nothing half-written."""

from __future__ import annotations

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

import pytest

from motcua.core.models import AuditEvent
from motcua.feedback.constants import FeedbackAuditKind, TicketStatus
from motcua.feedback.models import DossierRating, Ticket
from motcua.feedback.services import TicketInput, ticket_submit

from .conftest import make_dossier


@pytest.fixture(autouse=True)
def _clear_lookup_counts():
    cache.clear()
    yield
    cache.clear()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ticket(world):
    return ticket_submit(
        data=TicketInput(
            category="giai-quyet-tthc",
            agency_id=world.justice.pk,
            title="Chậm trả kết quả",
            content="Nội dung phản ánh",
            contact_name="Trần Thị Bình",
            contact_phone="0912 345 678",
            publish_consent=True,
        )
    )


def test_anonymous_citizen_submits_feedback_and_gets_its_code(world):
    client = Client()
    page = client.get(reverse("feedback:submit"))
    assert page.status_code == 200
    assert "Gửi phản ánh, kiến nghị" in page.content.decode()
    response = client.post(
        reverse("feedback:submit"),
        {
            "category": "quy-dinh",
            "agency": world.justice.pk,
            "title": "Quy định rườm rà",
            "content": "Đề nghị bỏ bớt giấy tờ.",
        },
    )
    assert response.status_code == 302 and response.url == reverse("feedback:submitted")
    ticket = Ticket.objects.get()
    html = client.get(response.url).content.decode()
    assert ticket.code in html and "04/03/2026" in html
    assert ticket.submitter is None
    assert client.get(response.url).status_code == 200  # reloading sends nothing again
    assert Ticket.objects.count() == 1
    assert Client().get(reverse("feedback:submitted")).status_code == 404


def test_submission_errors_are_shown_in_vietnamese_and_nothing_is_saved(world):
    response = Client().post(
        reverse("feedback:submit"),
        {
            "category": "quy-dinh",
            "agency": world.justice.pk,
            "title": "Tiêu đề",
            "content": "Nội dung",
            "contact_phone": "abc",
            "dossier_code": "KHONG-CO",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Không có hồ sơ nào mang mã KHONG-CO." in html
    assert "Tiêu đề" in html  # what was typed is kept
    assert not Ticket.objects.exists()
    missing = Client().post(reverse("feedback:submit"), {"agency": world.justice.pk})
    assert missing.status_code == 400
    assert "Trường này là bắt buộc." in missing.content.decode()


def test_follow_page_shows_status_but_never_contact_details(world, ticket):
    html = Client().get(reverse("feedback:follow"), {"ma": ticket.code}).content.decode()
    assert "Đã tiếp nhận" in html and "Chậm trả kết quả" in html
    assert "0912 345 678" not in html
    unknown = Client().get(reverse("feedback:follow"), {"ma": "PA-000000-XXXXXXXX"})
    assert unknown.status_code == 404
    assert "Không có phản ánh, kiến nghị nào có mã này." in unknown.content.decode()


def test_staff_of_the_agency_see_contact_details_and_handle_the_ticket(world, ticket):
    client = logged_in(world.officer)
    listing = client.get(reverse("feedback:staff_list")).content.decode()
    assert ticket.code in listing
    detail = client.get(reverse("feedback:staff_detail", args=[ticket.pk])).content.decode()
    assert "0912 345 678" in detail
    assert AuditEvent.objects.filter(kind=FeedbackAuditKind.CONTACT_VIEWED).count() == 1
    act = reverse("feedback:staff_act", args=[ticket.pk, "assign"])
    assert client.post(act, {"assign-assignee": world.officer.pk}).status_code == 302
    act = reverse("feedback:staff_act", args=[ticket.pk, "answer"])
    assert client.post(act, {"answer-answer": "Đã trả kết quả."}).status_code == 302
    act = reverse("feedback:staff_act", args=[ticket.pk, "publish"])
    assert client.post(act).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.PUBLISHED
    public = Client().get(reverse("feedback:published_detail", args=[ticket.code]))
    assert "Đã trả kết quả." in public.content.decode()
    assert "0912 345 678" not in public.content.decode()


def test_a_reason_is_required_to_transfer_with_a_vietnamese_message(world, ticket):
    client = logged_in(world.officer)
    act = reverse("feedback:staff_act", args=[ticket.pk, "transfer"])
    response = client.post(act, {"transfer-agency": world.finance.pk, "transfer-reason": ""})
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.agency == world.justice
    moved = client.post(act, {"transfer-agency": world.finance.pk, "transfer-reason": "Sai nơi"})
    assert moved.status_code == 302 and moved.url == reverse("feedback:staff_list")


@pytest.mark.parametrize(
    "who",
    ["finance_officer", "counter_far", "citizen"],
    ids=["other_agency_case", "other_province_case", "citizen_case"],
)
def test_other_agencies_staff_and_citizens_get_404_and_cannot_act(world, ticket, who):
    client = logged_in(getattr(world, who))
    assert client.get(reverse("feedback:staff_detail", args=[ticket.pk])).status_code == 404
    act = reverse("feedback:staff_act", args=[ticket.pk, "reject"])
    assert client.post(act, {"reject-reason": "Không"}).status_code == 404
    assert ticket.code not in client.get(reverse("feedback:staff_list")).content.decode()
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.RECEIVED


def test_monitoring_staff_see_the_ticket_without_contact_details_and_cannot_act(world, ticket):
    client = logged_in(world.monitor)
    detail = client.get(reverse("feedback:staff_detail", args=[ticket.pk])).content.decode()
    assert "Chậm trả kết quả" in detail
    assert "0912 345 678" not in detail and "Giao xử lý" not in detail
    act = reverse("feedback:staff_act", args=[ticket.pk, "reject"])
    response = client.post(act, {"reject-reason": "Không"}, follow=True)
    assert "Bạn không có quyền thực hiện thao tác này." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.RECEIVED
    assert not AuditEvent.objects.filter(kind=FeedbackAuditKind.CONTACT_VIEWED).exists()


def test_owner_rates_on_the_page_and_another_citizen_gets_404(world, dossier):
    url = reverse("feedback:rate", args=[dossier.pk])
    assert logged_in(world.other_citizen).get(url).status_code == 404
    assert Client().get(url).status_code == 404
    client = logged_in(world.citizen)
    page = client.get(url).content.decode()
    assert "Rất hài lòng" in page and "Thái độ, tinh thần phục vụ của cán bộ" in page
    response = client.post(url, {"level": "rat-hai-long", "thai-do": "hai-long", "comment": ""})
    assert response.status_code == 302
    rating = DossierRating.objects.get()
    assert rating.channel == "online" and rating.level.code == "rat-hai-long"
    page = client.get(url).content.decode()
    assert "Sửa đánh giá" in page


def test_rating_page_before_the_result_says_so_and_refuses(world):
    dossier = make_dossier(world, status="processing")
    client = logged_in(world.citizen)
    url = reverse("feedback:rate", args=[dossier.pk])
    assert "Chỉ đánh giá được hồ sơ sau khi đã trả kết quả." in client.get(url).content.decode()
    response = client.post(url, {"level": "hai-long"})
    assert response.status_code == 400
    assert not DossierRating.objects.exists()


def test_rating_with_the_dossier_code_and_the_last_phone_digits(world, dossier):
    client = Client()
    wrong = client.post(reverse("feedback:rate_by_code"), {"code": dossier.code, "factor": "1111"})
    assert "Không có hồ sơ nào khớp" in wrong.content.decode()
    ok = client.post(reverse("feedback:rate_by_code"), {"code": dossier.code, "factor": "5678"})
    assert ok.status_code == 302 and ok.url == reverse("feedback:rate", args=[dossier.pk])
    assert client.post(ok.url, {"level": "hai-long"}).status_code == 302
    assert DossierRating.objects.get().channel == "tracking"
    # another visitor without the proof still gets 404
    assert Client().get(ok.url).status_code == 404


def test_counter_officer_records_a_rating_with_the_citizen_present(world, dossier):
    client = logged_in(world.counter)
    url = reverse("feedback:rate", args=[dossier.pk])
    assert client.post(url, {"level": "hai-long", "channel": "kiosk"}).status_code == 302
    rating = DossierRating.objects.get()
    assert (rating.channel, rating.rated_by) == ("kiosk", world.counter)


def test_signed_in_citizen_lists_only_their_own_feedback(world, ticket):
    mine = ticket_submit(
        data=TicketInput(
            category="quy-dinh", agency_id=world.justice.pk, title="Của tôi", content="N"
        ),
        submitter=world.citizen,
    )
    html = logged_in(world.citizen).get(reverse("feedback:my_tickets")).content.decode()
    assert mine.code in html and ticket.code not in html
    other = logged_in(world.other_citizen).get(reverse("feedback:my_tickets")).content.decode()
    assert mine.code not in other
    assert Client().get(reverse("feedback:my_tickets")).status_code == 302  # sign in first


def test_staff_queue_pages_through_many_tickets_open_ones_by_due_date(
    world, ticket, now, monkeypatch
):
    from motcua.feedback import views

    now("2026-02-12 09:00")
    later = ticket_submit(
        data=TicketInput(category="quy-dinh", agency_id=world.justice.pk, title="Sau", content="N")
    )
    client = logged_in(world.officer)
    monkeypatch.setattr(views, "STAFF_PAGE_SIZE", 1)
    first = client.get(reverse("feedback:staff_list"), {"trang_thai": "received"})
    second = client.get(reverse("feedback:staff_list"), {"trang_thai": "received", "trang": 2})
    assert ticket.code in first.content.decode() and later.code not in first.content.decode()
    assert "Trang 1/2" in first.content.decode()
    assert later.code in second.content.decode()


def test_an_officer_sees_but_cannot_change_the_applicants_online_rating(world, dossier):
    url = reverse("feedback:rate", args=[dossier.pk])
    assert logged_in(world.citizen).post(url, {"level": "hai-long"}).status_code == 302
    page = logged_in(world.counter).get(url).content.decode()
    assert "chỉ người nộp mới được sửa" in page and '<form method="post" action="/phan' not in page
    refused = logged_in(world.counter).post(url, {"level": "rat-hai-long", "channel": "counter"})
    assert refused.status_code == 400
    assert DossierRating.objects.get().level.code == "hai-long"


def test_dossier_links_include_for_other_pages(world, dossier):
    from django.template.loader import render_to_string

    html = render_to_string("feedback/includes/dossier_links.html", {"dossier": dossier})
    assert reverse("feedback:rate", args=[dossier.pk]) in html
    assert f"?ho_so={dossier.code}" in html
    form = Client().get(reverse("feedback:submit"), {"ho_so": dossier.code}).content.decode()
    assert f'value="{dossier.code}"' in form
    processing = make_dossier(world, status="processing")
    html = render_to_string("feedback/includes/dossier_links.html", {"dossier": processing})
    assert reverse("feedback:rate", args=[processing.pk]) not in html
