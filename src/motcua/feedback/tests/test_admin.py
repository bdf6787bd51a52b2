"""Admin: configuration changed by system administrators only (audited); tickets and
ratings read-only and scoped to the administrator's agencies."""

from __future__ import annotations

from motcua.accounts.constants import Role
from motcua.core.models import AuditEvent
from motcua.dossiers.tests.conftest import _staff
from motcua.feedback.constants import FeedbackAuditKind, RatingChannel
from motcua.feedback.models import FeedbackRule, TicketCategory
from motcua.feedback.services import RatingInput, TicketInput, rating_create, ticket_submit


def test_system_administrator_edits_the_rules_with_an_audit_record(world, client, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = False
    client.force_login(_staff("quan_tri", Role.SYSTEM_ADMIN, None))
    response = client.post(
        "/admin/feedback/feedbackrule/add/",
        {
            "valid_from": "01/01/2027",
            "rating_change_days": "15",
            "ticket_due_working_days": "7",
            "legal_basis": "Quyết định của UBND tỉnh",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert FeedbackRule.objects.filter(ticket_due_working_days=7).exists()
    assert AuditEvent.objects.filter(kind=FeedbackAuditKind.CONFIG_CHANGED).count() == 1
    category = TicketCategory.objects.get(code="quy-dinh")
    assert client.post(f"/admin/feedback/ticketcategory/{category.pk}/delete/").status_code == 403


def test_agency_administrator_reads_configuration_and_only_their_tickets(world, client):
    justice_ticket = ticket_submit(
        data=TicketInput(
            category="quy-dinh",
            agency_id=world.justice.pk,
            title="T",
            content="N",
            contact_phone="0912345678",
        )
    )
    from .conftest import make_dossier

    rating_create(
        dossier=make_dossier(world),
        data=RatingInput(level="hai-long", answers={}),
        channel=RatingChannel.COUNTER,
    )
    client.force_login(_staff("quan_tri_stp", Role.AGENCY_ADMIN, world.justice))
    assert client.get("/admin/feedback/feedbackrule/").status_code == 200
    assert client.get("/admin/feedback/feedbackrule/add/").status_code == 403
    listing = client.get("/admin/feedback/ticket/")
    assert list(listing.context["cl"].result_list) == [justice_ticket]
    page = client.get(f"/admin/feedback/ticket/{justice_ticket.pk}/change/")
    assert page.status_code == 200 and b"0912345678" not in page.content
    assert len(client.get("/admin/feedback/dossierrating/").context["cl"].result_list) == 1

    client.force_login(_staff("quan_tri_hcm", Role.AGENCY_ADMIN, world.far))
    assert list(client.get("/admin/feedback/ticket/").context["cl"].result_list) == []
    assert list(client.get("/admin/feedback/dossierrating/").context["cl"].result_list) == []
    assert client.get(f"/admin/feedback/ticket/{justice_ticket.pk}/change/").status_code == 302


def test_a_rule_without_days_to_answer_is_refused_in_vietnamese(world, client, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = False
    client.force_login(_staff("quan_tri", Role.SYSTEM_ADMIN, None))
    response = client.post(
        "/admin/feedback/feedbackrule/add/",
        {"valid_from": "01/01/2027", "rating_change_days": "7", "ticket_due_working_days": "0"},
    )
    assert response.status_code == 200
    assert "Đảm bảo giá trị này lớn hơn hoặc bằng với 1" in response.content.decode()
    assert not FeedbackRule.objects.filter(valid_from__year=2027).exists()
