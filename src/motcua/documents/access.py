"""Who may download a stored file.

A file is visible to the person who uploaded it, to the citizen or organisation account
that owns the dossier it belongs to, and to staff whose agency scope
(``accounts.access.agencies_in_scope``) reaches that dossier: the receiving centre, the
competent agency, the agency handling it now, or an agency with a step in it (liên
thông). Everything else answers 404, the same as a file that does not exist.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from motcua.accounts.constants import Role
from motcua.accounts.selectors import active_roles
from motcua.dossiers.access import APPLICANT_KINDS, Actor, agency_lineage, dossiers_visible_to
from motcua.dossiers.models import Dossier, DossierComponent, DossierResult

from .models import StoredFile, StoreEntry

# Who prepares the electronic file of a result at the issuing agency: the officer who
# drafted it, the heads who checked it, the registry (văn thư) that numbers it.
RESULT_PREPARERS = frozenset(
    {Role.PROCESSING_OFFICER, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER, Role.DOCUMENT_CLERK}
)
# Who signs it: the leaders of the agency (NĐ 30/2020 Điều 13: the head or a deputy
# signing on their behalf, both held as the agency-leader role here).
RESULT_SIGNERS = frozenset({Role.AGENCY_LEADER})


def stored_files_visible_to(user) -> QuerySet[StoredFile]:
    if not (user.is_authenticated and user.is_active):
        return StoredFile.objects.none()
    # Subqueries, not id lists: a province-wide monitor reaches tens of thousands of dossiers.
    owned = Dossier.objects.filter(owner=user).values("pk")
    in_scope = dossiers_visible_to(user).values("pk")
    # A file reused from the citizen's store is seen through the dossier that reused it.
    reused_here = DossierComponent.objects.filter(dossier__in=in_scope)
    return StoredFile.objects.filter(
        Q(uploaded_by=user)
        | Q(dossier_component__dossier__in=owned)
        | Q(dossier_result__dossier__in=owned)
        | Q(dossier_component__dossier__in=in_scope)
        | Q(dossier_result__dossier__in=in_scope)
        | Exists(StoreEntry.objects.filter(owner=user, stored_file=OuterRef("pk")))
        | Exists(reused_here.filter(reused_entry__stored_file=OuterRef("pk")))
        | Exists(reused_here.filter(reused_entry__source_component=OuterRef("dossier_component")))
    )


def access_stored_file(user, file_id) -> StoredFile:
    """The file if ``user`` may download it; ``Http404`` for missing and forbidden alike."""
    stored = None
    if str(file_id).isdigit():
        stored = stored_files_visible_to(user).filter(pk=int(file_id)).first()
    if stored is None:
        raise Http404(_("No such file."))
    return stored


def _result_actor(user, result_id, roles: frozenset[Role]) -> tuple[DossierResult, Actor]:
    """The result and the role ``user`` acts in at its issuing agency; 404 otherwise.

    The issuing agency is the one that decides the dossier (competent agency) or holds it
    now; a role held there or in an agency above it counts, as everywhere in accounts.
    """
    result = None
    if str(result_id).isdigit():
        result = (
            DossierResult.objects.select_related(
                "dossier__competent_agency", "dossier__current_agency", "dossier__owner"
            )
            .filter(pk=int(result_id))
            .first()
        )
    if result is not None:
        dossier = result.dossier
        issuers = [a for a in (dossier.competent_agency, dossier.current_agency) if a is not None]
        lineages = [agency_lineage(a) for a in issuers]
        for role in active_roles(user):
            if role.role in roles and any(role.agency_id in line for line in lineages):
                return result, Actor(user=user, role=role.role, agency=role.agency)
    raise Http404(_("No such result."))


def access_result_attach(user, result_id) -> tuple[DossierResult, Actor]:
    """Officers of the issuing agency may attach the result's PDF before it is signed."""
    return _result_actor(user, result_id, RESULT_PREPARERS)


def access_result_sign(user, result_id) -> tuple[DossierResult, Actor]:
    """Only a leader of the issuing agency may sign the result."""
    return _result_actor(user, result_id, RESULT_SIGNERS)


# --- The citizen's data store (Kho) -----------------------------------------------------


def store_entries_visible_to(user) -> QuerySet[StoreEntry]:
    """The owner sees their store; staff see an entry only through a dossier they may see.

    That dossier is the one the entry came from or one that reused it.
    """
    if not (user.is_authenticated and user.is_active):
        return StoreEntry.objects.none()
    if user.kind in APPLICANT_KINDS:
        return StoreEntry.objects.filter(owner=user)
    in_scope = dossiers_visible_to(user).values("pk")
    reused_here = DossierComponent.objects.filter(dossier__in=in_scope, reused_entry=OuterRef("pk"))
    return StoreEntry.objects.filter(Q(source_dossier__in=in_scope) | Exists(reused_here))


def access_store_entry(user, entry_id) -> StoreEntry:
    entry = None
    if str(entry_id).isdigit():
        entry = store_entries_visible_to(user).filter(pk=int(entry_id)).first()
    if entry is None:
        raise Http404(_("No such document in the store."))
    return entry


def access_own_store_entry(user, entry_id) -> StoreEntry:
    """Only the owner manages an entry (hide, show again)."""
    entry = access_store_entry(user, entry_id)
    if entry.owner_id != user.pk:
        raise Http404(_("No such document in the store."))
    return entry
