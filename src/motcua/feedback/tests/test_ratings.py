import datetime as dt

import pytest

from motcua.core.models import AuditEvent
from motcua.dossiers.constants import DossierStatus
from motcua.feedback.constants import FeedbackAuditKind, RatingChannel
from motcua.feedback.errors import FeedbackError, FeedbackErrorCode
from motcua.feedback.models import DossierRating, FeedbackRule, RatingCriterion
from motcua.feedback.selectors import satisfaction_counts
from motcua.feedback.services import RatingInput, rating_change, rating_create

from .conftest import at, make_dossier, snapshot

GOOD = RatingInput(level="hai-long", answers={"thai-do": "rat-hai-long"}, comment="Nhanh gọn")


def refused(code, fn, **kwargs):
    before = snapshot()
    with pytest.raises(FeedbackError) as caught:
        fn(**kwargs)
    assert caught.value.code == code
    assert snapshot() == before
    return caught.value


def test_seeded_scale_and_criteria_are_data(db):
    assert FeedbackRule.objects.get().ticket_due_working_days == 10
    assert list(RatingCriterion.objects.values_list("code", flat=True)) == [
        "thoi-gian",
        "thai-do",
        "thuan-tien",
    ]


def test_owner_rates_a_returned_dossier_once_with_answers_and_audit(world, dossier):
    # when
    rating = rating_create(
        dossier=dossier, data=GOOD, channel=RatingChannel.ONLINE, actor=world.citizen
    )
    # then
    assert rating.level.code == "hai-long"
    assert {a.criterion.code: a.level.code for a in rating.answers.all()} == {
        "thai-do": "rat-hai-long"
    }
    assert rating.changeable_until == at("2026-02-18 09:00")  # 7 calendar days, from the rule
    event = AuditEvent.objects.get(kind=FeedbackAuditKind.RATING_RECORDED)
    assert event.actor == world.citizen
    assert event.data["dossier"] == dossier.code


def test_a_second_rating_of_the_same_dossier_is_refused(world, dossier):
    rating_create(dossier=dossier, data=GOOD, channel=RatingChannel.ONLINE, actor=world.citizen)
    error = refused(
        FeedbackErrorCode.ALREADY_RATED,
        rating_create,
        dossier=dossier,
        data=GOOD,
        channel=RatingChannel.COUNTER,
        actor=world.counter,
    )
    assert str(error.message) == "Hồ sơ này đã được đánh giá."
    assert DossierRating.objects.count() == 1


def test_the_database_refuses_two_ratings_of_one_dossier(world, dossier):
    from django.db import IntegrityError, transaction

    rating_create(dossier=dossier, data=GOOD, channel=RatingChannel.ONLINE, actor=world.citizen)
    first = DossierRating.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierRating.objects.create(
            dossier=dossier,
            level=first.level,
            channel=RatingChannel.COUNTER,
            rated_at=first.rated_at,
            changeable_until=first.changeable_until,
        )


@pytest.mark.parametrize(
    "status",
    [DossierStatus.RECEIVED, DossierStatus.PROCESSING, DossierStatus.RESOLVED],
    ids=["received_case", "processing_case", "resolved_not_returned_case"],
)
def test_rating_before_the_result_is_returned_is_refused(world, status):
    dossier = make_dossier(world, status=status)
    error = refused(
        FeedbackErrorCode.NO_RESULT_YET,
        rating_create,
        dossier=dossier,
        data=GOOD,
        channel=RatingChannel.ONLINE,
        actor=world.citizen,
    )
    assert "sau khi đã trả kết quả" in error.message


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (RatingInput(level="tuyet-voi", answers={}), FeedbackErrorCode.UNKNOWN_LEVEL),
        (
            RatingInput(level="hai-long", answers={"mau-sac": "hai-long"}),
            FeedbackErrorCode.UNKNOWN_CRITERION,
        ),
        (RatingInput(level="hai-long", answers={"thai-do": "5"}), FeedbackErrorCode.UNKNOWN_LEVEL),
        (
            RatingInput(level="hai-long", answers={}, comment="x" * 2001),
            FeedbackErrorCode.TEXT_TOO_LONG,
        ),
    ],
    ids=[
        "unknown_level_case",
        "unknown_criterion_case",
        "unknown_answer_case",
        "long_comment_case",
    ],
)
def test_bad_rating_input_is_refused_in_vietnamese(world, dossier, data, code):
    error = refused(
        code,
        rating_create,
        dossier=dossier,
        data=data,
        channel=RatingChannel.ONLINE,
        actor=world.citizen,
    )
    assert error.message != str(error.code)
    assert any(ch in error.message for ch in "ọạảáàơưđ")  # translated, not the English msgid


def test_a_required_criterion_must_be_answered(world, dossier):
    RatingCriterion.objects.filter(code="thoi-gian").update(is_required=True)
    error = refused(
        FeedbackErrorCode.CRITERION_MISSING,
        rating_create,
        dossier=dossier,
        data=GOOD,
        channel=RatingChannel.ONLINE,
        actor=world.citizen,
    )
    assert "Thời gian giải quyết so với giấy hẹn" in error.message


def test_rating_changes_within_the_window_then_no_more(world, dossier, now):
    rating = rating_create(
        dossier=dossier, data=GOOD, channel=RatingChannel.ONLINE, actor=world.citizen
    )
    now("2026-02-18 08:59")
    changed = rating_change(
        rating=rating,
        channel=RatingChannel.ONLINE,
        data=RatingInput(level="khong-hai-long", answers={"thoi-gian": "khong-hai-long"}),
        actor=world.citizen,
    )
    assert changed.level.code == "khong-hai-long"
    assert list(changed.answers.values_list("criterion__code", flat=True)) == ["thoi-gian"]
    assert AuditEvent.objects.filter(kind=FeedbackAuditKind.RATING_CHANGED).count() == 1
    now("2026-02-18 09:01")
    refused(
        FeedbackErrorCode.CHANGE_WINDOW_CLOSED,
        rating_change,
        rating=changed,
        data=GOOD,
        channel=RatingChannel.ONLINE,
        actor=world.citizen,
    )


def test_the_change_window_comes_from_the_rule_in_force(world, dossier):
    FeedbackRule.objects.create(
        valid_from=dt.date(2026, 1, 1), rating_change_days=30, ticket_due_working_days=10
    )
    rating = rating_create(dossier=dossier, data=GOOD, channel=RatingChannel.ONLINE)
    assert rating.changeable_until == at("2026-03-13 09:00")


def test_satisfaction_share_per_agency_and_procedure_in_a_window(world, now):
    def rate(level, agency=None, version=None):
        extra = {"procedure_version": version} if version else {}
        d = make_dossier(world, agency=agency, **extra)
        rating_create(
            dossier=d, data=RatingInput(level=level, answers={}), channel=RatingChannel.COUNTER
        )

    rate("rat-hai-long")
    rate("hai-long")
    rate("khong-hai-long")
    rate("khong-hai-long", agency=world.finance)
    now("2026-04-01 09:00")
    rate("khong-hai-long")  # outside the window below

    window = {"start": at("2026-02-01 00:00"), "end": at("2026-03-01 00:00")}
    (total,) = satisfaction_counts(**window)
    assert (total.rated, total.satisfied, total.share) == (4, 2, 50)
    by_agency = {
        row.key: (row.rated, row.satisfied) for row in satisfaction_counts(by="agency", **window)
    }
    assert by_agency == {world.justice.pk: (3, 2), world.finance.pk: (1, 0)}
    (row,) = satisfaction_counts(by="procedure", **window)
    assert row.key == world.licence.procedure_id and row.rated == 4
    (only,) = satisfaction_counts(agency_ids=[world.finance.pk], **window)
    assert only.share == 0
    (empty,) = satisfaction_counts(start=at("2025-01-01 00:00"), end=at("2025-02-01 00:00"))
    assert empty.rated == 0 and empty.share is None


def test_an_officer_cannot_change_the_applicants_own_rating_but_the_applicant_can_change_theirs(
    world, dossier
):
    online = rating_create(
        dossier=dossier, data=GOOD, channel=RatingChannel.ONLINE, actor=world.citizen
    )
    refused(
        FeedbackErrorCode.FORBIDDEN,
        rating_change,
        rating=online,
        data=RatingInput(level="rat-hai-long", answers={}),
        channel=RatingChannel.COUNTER,
        actor=world.counter,
    )
    at_counter = rating_create(
        dossier=make_dossier(world), data=GOOD, channel=RatingChannel.KIOSK, actor=world.counter
    )
    changed = rating_change(
        rating=at_counter,
        data=RatingInput(level="khong-hai-long", answers={}),
        channel=RatingChannel.TRACKING,
    )
    assert changed.level.code == "khong-hai-long"
