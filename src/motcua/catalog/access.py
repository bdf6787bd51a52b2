"""Who may read and who may maintain the procedure catalogue.

- Everyone, signed in or not, reads versions that were published (published, superseded
  or abolished): they are public legal information.
- Catalogue editors maintain a procedure, drafts included: agency administrators of the
  owning agency or of an agency above it, and system administrators. That is exactly the
  MANAGE grant of ``accounts.constants.ROLE_GRANTS`` (agency administrators: their tree;
  system administrators: everything), so the scope comes from ``agencies_in_scope``.
- Drafts are invisible to everyone else, staff of other agencies included: ``access_*``
  raises ``Http404`` for a draft they may not see exactly as for a missing id.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from motcua.accounts.access import agencies_in_scope
from motcua.accounts.constants import AgencyAction
from motcua.agencies.models import Agency

from .constants import VersionStatus
from .models import Procedure, ProcedureVersion

_PUBLIC = ~Q(status=VersionStatus.DRAFT)


def catalogue_agencies(user) -> QuerySet[Agency]:
    """Agencies whose procedures ``user`` may maintain today."""
    if not user.is_authenticated:
        return Agency.objects.none()
    return agencies_in_scope(user, action=AgencyAction.MANAGE)


def procedures_editable_by(user) -> QuerySet[Procedure]:
    return Procedure.objects.filter(owner_agency__in=catalogue_agencies(user))


def can_edit_procedure(user, procedure: Procedure) -> bool:
    return catalogue_agencies(user).filter(pk=procedure.owner_agency_id).exists()


def versions_visible_to(user) -> QuerySet[ProcedureVersion]:
    """Published versions for everyone, plus drafts of the procedures ``user`` maintains."""
    if not user.is_authenticated:
        return ProcedureVersion.objects.filter(_PUBLIC)
    return ProcedureVersion.objects.filter(
        _PUBLIC | Q(procedure__owner_agency__in=catalogue_agencies(user))
    )


def _by_id(queryset: QuerySet, object_id, message: str):
    found = queryset.filter(pk=int(object_id)).first() if str(object_id).isdigit() else None
    if found is None:
        raise Http404(message)
    return found


def access_version(user, version_id) -> ProcedureVersion:
    """A version ``user`` may read; a draft outside their reach is "not found"."""
    return _by_id(
        versions_visible_to(user).select_related("procedure__field", "procedure__owner_agency"),
        version_id,
        _("No such procedure version."),
    )


def access_version_for_edit(user, version_id) -> ProcedureVersion:
    """A version of a procedure ``user`` maintains, whatever its status."""
    return _by_id(
        ProcedureVersion.objects.filter(
            procedure__owner_agency__in=catalogue_agencies(user)
        ).select_related("procedure__field", "procedure__owner_agency"),
        version_id,
        _("No such procedure version."),
    )


def access_procedure_for_edit(user, procedure_id) -> Procedure:
    return _by_id(
        procedures_editable_by(user).select_related("field", "owner_agency"),
        procedure_id,
        _("No such procedure."),
    )
