"""Refusals of the feedback services: a stable code for integrators and a message for people.

Services raise before writing anything, so a refused action leaves every row as it was.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class FeedbackErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    INVALID_TRANSITION = "invalid_transition"
    NO_RESULT_YET = "no_result_yet"
    ALREADY_RATED = "already_rated"
    CHANGE_WINDOW_CLOSED = "change_window_closed"
    UNKNOWN_LEVEL = "unknown_level"
    UNKNOWN_CRITERION = "unknown_criterion"
    CRITERION_MISSING = "criterion_missing"
    UNKNOWN_CATEGORY = "unknown_category"
    UNKNOWN_AGENCY = "unknown_agency"
    UNKNOWN_DOSSIER = "unknown_dossier"
    TEXT_REQUIRED = "text_required"
    TEXT_TOO_LONG = "text_too_long"
    INVALID_PHONE = "invalid_phone"
    INVALID_EMAIL = "invalid_email"
    REASON_REQUIRED = "reason_required"
    ASSIGNEE_NOT_IN_AGENCY = "assignee_not_in_agency"
    SAME_AGENCY = "same_agency"
    NO_PUBLISH_CONSENT = "no_publish_consent"
    NOT_ANSWERED = "not_answered"
    NO_RULE = "no_rule"


MESSAGES = {
    FeedbackErrorCode.NOT_FOUND: _("Not found."),
    FeedbackErrorCode.FORBIDDEN: _("You may not do this."),
    FeedbackErrorCode.INVALID_TRANSITION: _("This cannot be done in the ticket's current state."),
    FeedbackErrorCode.NO_RESULT_YET: _(
        "The dossier can be rated once its result has been returned."
    ),
    FeedbackErrorCode.ALREADY_RATED: _("This dossier has already been rated."),
    FeedbackErrorCode.CHANGE_WINDOW_CLOSED: _("The time to change this rating has passed."),
    FeedbackErrorCode.UNKNOWN_LEVEL: _("Choose one of the offered levels."),
    FeedbackErrorCode.UNKNOWN_CRITERION: _("Unknown criterion: %(value)s."),
    FeedbackErrorCode.CRITERION_MISSING: _("Rate the criterion: %(name)s."),
    FeedbackErrorCode.UNKNOWN_CATEGORY: _("Choose one of the offered categories."),
    FeedbackErrorCode.UNKNOWN_AGENCY: _("Choose an agency in operation."),
    FeedbackErrorCode.UNKNOWN_DOSSIER: _("No dossier has the code %(value)s."),
    FeedbackErrorCode.TEXT_REQUIRED: _("Enter the %(label)s."),
    FeedbackErrorCode.TEXT_TOO_LONG: _("The %(label)s is too long: at most %(n)s characters."),
    FeedbackErrorCode.INVALID_PHONE: _("Enter a phone number of 9 to 11 digits."),
    FeedbackErrorCode.INVALID_EMAIL: _("Enter a valid email address."),
    FeedbackErrorCode.REASON_REQUIRED: _("Give the reason."),
    FeedbackErrorCode.ASSIGNEE_NOT_IN_AGENCY: _(
        "The officer must hold a role in the agency handling the ticket."
    ),
    FeedbackErrorCode.SAME_AGENCY: _("Choose another agency than the one handling the ticket."),
    FeedbackErrorCode.NO_PUBLISH_CONSENT: _(
        "The citizen did not agree to publication of the answer."
    ),
    FeedbackErrorCode.NOT_ANSWERED: _("The ticket can be rated once it has been answered."),
    FeedbackErrorCode.NO_RULE: _("No feedback rule is in force; ask an administrator."),
}

STATUS = {
    FeedbackErrorCode.NOT_FOUND: 404,
    FeedbackErrorCode.FORBIDDEN: 403,
    FeedbackErrorCode.ALREADY_RATED: 409,
    FeedbackErrorCode.INVALID_TRANSITION: 409,
}


class FeedbackError(Exception):
    def __init__(self, code: FeedbackErrorCode, *, field: str = "", **params: Any) -> None:
        self.code = code
        self.field = field  # the input the message is about, when there is one
        self.params = params
        super().__init__(code.value)

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % self.params if self.params else str(MESSAGES[self.code])

    @property
    def status(self) -> int:
        return STATUS.get(self.code, 400)
