"""Stable error codes of the dossier engine, each with its message and HTTP status.

Every refusal of a dossier service is a :class:`DossierError` carrying one of these codes.
The codes are part of the API contract (integrators branch on them) and never change
meaning; the messages are English in the code and Vietnamese in the catalogue.
A service raises before it writes anything, inside its transaction, so a refused action
leaves the dossier, its events and the code counter exactly as they were.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class DossierErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    INVALID_TRANSITION = "invalid_transition"
    # Intake
    VERSION_NOT_IN_FORCE = "version_not_in_force"
    HANDLED_ELSEWHERE = "handled_elsewhere"
    CHANNEL_NOT_ALLOWED = "channel_not_allowed"
    AGENCY_NOT_IN_FORCE = "agency_not_in_force"
    AGENCY_NOT_COMPETENT = "agency_not_competent"
    OUTSIDE_BOUNDARY = "outside_boundary"
    WORKFLOW_MISSING = "workflow_missing"
    COMPONENT_NOT_IN_CASE = "component_not_in_case"
    COMPONENT_DUPLICATE = "component_duplicate"
    COMPONENT_MISSING = "component_missing"
    INVALID_COPIES = "invalid_copies"
    APPLICANT_INCOMPLETE = "applicant_incomplete"
    INVALID_IDENTIFIER = "invalid_identifier"
    INVALID_CONTACT = "invalid_contact"
    NOT_THE_APPLICANT = "not_the_applicant"
    FUTURE_DATE = "future_date"
    TIME_ZONE_MISSING = "time_zone_missing"
    COMPONENT_HAS_FILES = "component_has_files"
    FORM_DATA_INVALID = "form_data_invalid"
    DELIVERY_CHANNEL_NOT_ALLOWED = "delivery_channel_not_allowed"
    ALTERNATIVE_CODE_REQUIRED = "alternative_code_required"
    IDEMPOTENCY_CONFLICT = "idempotency_conflict"
    UNKNOWN_REFERENCE = "unknown_reference"
    # Once-only acts
    REASON_REQUIRED = "reason_required"
    ITEMS_REQUIRED = "items_required"
    ANSWER_REQUIRED = "answer_required"
    ALREADY_REQUESTED = "already_requested"
    ALREADY_EXTENDED = "already_extended"
    APOLOGY_TOO_LATE = "apology_too_late"
    INVALID_DUE_DATE = "invalid_due_date"
    # Processing
    STEP_ACTION_NOT_ALLOWED = "step_action_not_allowed"
    NO_NEXT_STEP = "no_next_step"
    NO_PREVIOUS_STEP = "no_previous_step"
    ASSIGNEE_REQUIRED = "assignee_required"
    ASSIGNEE_NOT_IN_AGENCY = "assignee_not_in_agency"
    DEPARTMENT_NOT_IN_AGENCY = "department_not_in_agency"
    CONSULTATION_INVALID = "consultation_invalid"
    CONSULTATION_CLOSED = "consultation_closed"
    CONSULTATION_PENDING = "consultation_pending"
    # Results and delivery
    RESULT_INVALID = "result_invalid"
    RESULT_EXISTS = "result_exists"
    RESULT_REQUIRED = "result_required"
    RECIPIENT_REQUIRED = "recipient_required"
    RESULT_NOT_SIGNED = "result_not_signed"
    # Tracks
    PAYMENT_NOT_PAID = "payment_not_paid"
    # Environment
    CALENDAR_UNAVAILABLE = "calendar_unavailable"


MESSAGES: dict[DossierErrorCode, Any] = {
    DossierErrorCode.NOT_FOUND: _("No such dossier."),
    DossierErrorCode.FORBIDDEN: _("You may not %(action)s on this dossier."),
    DossierErrorCode.INVALID_TRANSITION: _(
        "You cannot %(action)s while the dossier is “%(status)s”."
    ),
    DossierErrorCode.VERSION_NOT_IN_FORCE: _(
        "This version of the procedure is not in force today; choose the version in force."
    ),
    DossierErrorCode.HANDLED_ELSEWHERE: _(
        "This procedure is handled on a ministry's centralised system, not here."
    ),
    DossierErrorCode.CHANNEL_NOT_ALLOWED: _(
        "This procedure cannot be submitted through “%(channel)s”."
    ),
    DossierErrorCode.AGENCY_NOT_IN_FORCE: _("The agency “%(agency)s” is not in operation today."),
    DossierErrorCode.AGENCY_NOT_COMPETENT: _(
        "“%(agency)s” is not a competent agency for this procedure."
    ),
    DossierErrorCode.OUTSIDE_BOUNDARY: _(
        "“%(receiving)s” cannot receive this dossier for “%(competent)s”: %(why)s"
    ),
    DossierErrorCode.WORKFLOW_MISSING: _(
        "The internal workflow of this case is not set up in the catalogue; it cannot be received."
    ),
    DossierErrorCode.COMPONENT_NOT_IN_CASE: _(
        "A component that is not part of this case was given; only the published list may be asked for."
    ),
    DossierErrorCode.COMPONENT_DUPLICATE: _("The component “%(name)s” is listed twice."),
    DossierErrorCode.COMPONENT_MISSING: _("Mandatory components are missing: %(names)s."),
    DossierErrorCode.INVALID_COPIES: _("The number of copies of “%(name)s” must be at least 1."),
    DossierErrorCode.APPLICANT_INCOMPLETE: _("Applicant details are incomplete: %(what)s."),
    DossierErrorCode.INVALID_IDENTIFIER: _("%(whose)s: %(problem)s"),
    DossierErrorCode.INVALID_CONTACT: _("%(what)s is not valid."),
    DossierErrorCode.NOT_THE_APPLICANT: _(
        "An online dossier is submitted by the applicant or their authorised representative "
        "from their own account."
    ),
    DossierErrorCode.FUTURE_DATE: _("%(what)s cannot be in the future."),
    DossierErrorCode.TIME_ZONE_MISSING: _("%(what)s must carry its time zone (e.g. +07:00)."),
    DossierErrorCode.COMPONENT_HAS_FILES: _(
        "Files are attached to a component being left out; remove them first."
    ),
    DossierErrorCode.FORM_DATA_INVALID: _("The e-form answers are not valid: %(problem)s"),
    DossierErrorCode.DELIVERY_CHANNEL_NOT_ALLOWED: _(
        "The result of this case cannot be delivered through “%(channel)s”."
    ),
    DossierErrorCode.ALTERNATIVE_CODE_REQUIRED: _(
        "A dossier from the national portal needs the code the portal gave it."
    ),
    DossierErrorCode.IDEMPOTENCY_CONFLICT: _(
        "This idempotency key was already used for a different request."
    ),
    DossierErrorCode.UNKNOWN_REFERENCE: _("No %(what)s has the identifier “%(value)s”."),
    DossierErrorCode.REASON_REQUIRED: _("Give the reasons."),
    DossierErrorCode.ITEMS_REQUIRED: _(
        "List every document or piece of information to complete, all at once."
    ),
    DossierErrorCode.ANSWER_REQUIRED: _("Write the agency's opinion."),
    DossierErrorCode.ALREADY_REQUESTED: _(
        "Completion or supplement may be requested only once (Decree 118/2025, Article 11); "
        "it was already requested on %(date)s."
    ),
    DossierErrorCode.ALREADY_EXTENDED: _(
        "The apology and new due date may be issued only once; it was issued on %(date)s."
    ),
    DossierErrorCode.APOLOGY_TOO_LATE: _(
        "The apology must be issued by the working day before the due date (%(deadline)s). "
        "Resolve the dossier by its due moment, or apologise once it is overdue."
    ),
    DossierErrorCode.INVALID_DUE_DATE: _(
        "The new due moment must be on a working day and later than both now and the current "
        "due moment (%(due)s)."
    ),
    DossierErrorCode.STEP_ACTION_NOT_ALLOWED: _(
        "The step “%(step)s” does not allow this action in the procedure's workflow."
    ),
    DossierErrorCode.NO_NEXT_STEP: _("This is the last step: approve or decline instead."),
    DossierErrorCode.NO_PREVIOUS_STEP: _("This is the first step: there is no step to return to."),
    DossierErrorCode.ASSIGNEE_REQUIRED: _("Choose an officer or a department."),
    DossierErrorCode.ASSIGNEE_NOT_IN_AGENCY: _(
        "%(name)s does not process dossiers in “%(agency)s”."
    ),
    DossierErrorCode.DEPARTMENT_NOT_IN_AGENCY: _(
        "The department “%(department)s” is not part of “%(agency)s”."
    ),
    DossierErrorCode.CONSULTATION_INVALID: _("The consultation request is not valid: %(problem)s"),
    DossierErrorCode.CONSULTATION_CLOSED: _("This consultation is already answered."),
    DossierErrorCode.CONSULTATION_PENDING: _("Other agencies have not answered yet: %(agencies)s."),
    DossierErrorCode.RESULT_INVALID: _("The result document is not valid: %(problem)s"),
    DossierErrorCode.RESULT_EXISTS: _(
        "A result has already been issued; the dossier can no longer be stopped."
    ),
    DossierErrorCode.RESULT_REQUIRED: _("Issue at least one result document before delivering."),
    DossierErrorCode.RECIPIENT_REQUIRED: _("Name the person who received the result."),
    DossierErrorCode.RESULT_NOT_SIGNED: _(
        "A result can be delivered online only once its electronic file is digitally signed."
    ),
    DossierErrorCode.PAYMENT_NOT_PAID: _("Only a paid fee can be refunded."),
    DossierErrorCode.CALENDAR_UNAVAILABLE: _(
        "The working calendar does not cover %(date)s; ask an administrator to load that year."
    ),
}

# For the REST layer: the status each code answers with; every other code is bad input (400).
HTTP_STATUS: dict[DossierErrorCode, int] = {
    DossierErrorCode.NOT_FOUND: 404,
    DossierErrorCode.FORBIDDEN: 403,
    DossierErrorCode.INVALID_TRANSITION: 409,
    DossierErrorCode.ALREADY_REQUESTED: 409,
    DossierErrorCode.ALREADY_EXTENDED: 409,
    DossierErrorCode.CONSULTATION_CLOSED: 409,
    DossierErrorCode.CONSULTATION_PENDING: 409,
    DossierErrorCode.RESULT_EXISTS: 409,
    DossierErrorCode.RESULT_NOT_SIGNED: 409,
    DossierErrorCode.IDEMPOTENCY_CONFLICT: 409,
    DossierErrorCode.COMPONENT_HAS_FILES: 409,
    DossierErrorCode.CALENDAR_UNAVAILABLE: 503,
}


class DossierError(Exception):
    """A dossier action refused, with a stable ``code`` and a translated ``message``."""

    def __init__(self, code: DossierErrorCode, message: str | None = None, **params: Any) -> None:
        self.code = code
        self.params = params
        self.message = message if message is not None else str(MESSAGES[code]) % params
        super().__init__(self.message)

    @property
    def http_status(self) -> int:
        return HTTP_STATUS.get(self.code, 400)

    def __repr__(self) -> str:
        return f"DossierError({self.code!s}, {self.message!r})"
