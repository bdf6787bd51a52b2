"""Reads on the procedure catalogue."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from .access import procedures_editable_by
from .constants import VersionStatus
from .models import Component, Fee, Procedure, ProcedureCase, ProcedureVersion, WorkflowStep
from .validation import CaseContent

# Every version that was ever in force. An abolished version was in force until its
# ``valid_to``, so a dossier received before the abolition still resolves to it.
LEGAL_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED, VersionStatus.ABOLISHED)


def version_in_force(procedure: Procedure, *, on: dt.date) -> ProcedureVersion | None:
    """The version whose validity covers ``on``: what a dossier received that day keeps."""
    return (
        procedure.versions.filter(status__in=LEGAL_STATUSES, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("procedure__field", "decision__issuer")
        .order_by("-valid_from")
        .first()
    )


def version_get_for_dossier(
    *, procedure_code: str, received_at: dt.datetime
) -> ProcedureVersion | None:
    """The version a dossier received at ``received_at`` is handled under, for its whole life.

    The day is the local (Vietnam) day of receipt, whatever the hour: a dossier received
    after the afternoon cut-off still keeps the rules in force that day.
    """
    procedure = Procedure.objects.filter(code=procedure_code).first()
    if procedure is None:
        return None
    return version_in_force(procedure, on=timezone.localdate(received_at))


def version_latest(procedure: Procedure) -> ProcedureVersion | None:
    return procedure.versions.order_by("-number").first()


def version_draft(procedure: Procedure) -> ProcedureVersion | None:
    return procedure.versions.filter(status=VersionStatus.DRAFT).first()


def version_content(version: ProcedureVersion) -> list[CaseContent]:
    """The cases of ``version`` with their fees, components and steps, in position order."""
    cases = (
        ProcedureCase.objects.filter(version=version)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch("fees", queryset=Fee.objects.order_by("position", "pk")),
            Prefetch("components", queryset=Component.objects.order_by("position", "pk")),
            Prefetch(
                "steps",
                queryset=WorkflowStep.objects.order_by("position", "pk").select_related("agency"),
            ),
        )
    )
    return [
        CaseContent(
            case=case,
            fees=list(case.fees.all()),
            components=list(case.components.all()),
            steps=list(case.steps.all()),
        )
        for case in cases
    ]


def procedure_list_for_admin(user) -> QuerySet[Procedure]:
    """Procedures ``user`` maintains, with their latest version's number, name and status."""
    latest = ProcedureVersion.objects.filter(procedure=OuterRef("pk")).order_by("-number")
    return procedures_editable_by(user).annotate(
        latest_number=Subquery(latest.values("number")[:1]),
        latest_name=Subquery(latest.values("name")[:1]),
        latest_status=Subquery(latest.values("status")[:1]),
    )
