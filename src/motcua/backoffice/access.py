"""Who may use the back office: active staff holding at least one role in force today.

Everyone else (citizens, organisations, staff without a role) gets 404, as for a page
that does not exist; anonymous visitors are sent to the login page by the views.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from motcua.accounts.constants import Role, UserKind
from motcua.accounts.selectors import active_roles
from motcua.dossiers.access import access_dossier
from motcua.dossiers.error_codes import DossierError
from motcua.dossiers.models import Dossier


def is_backoffice_user(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.kind == UserKind.STAFF
        and active_roles(user).exists()
    )


def access_backoffice(user) -> None:
    if not is_backoffice_user(user):
        raise Http404(_("No such page."))


def access_backoffice_dossier(user, dossier_id) -> Dossier:
    """A dossier the staff member may see; 404 for missing and forbidden alike."""
    access_backoffice(user)
    try:
        return access_dossier(user, dossier_id)
    except DossierError:
        raise Http404(_("No such dossier.")) from None


# Who prepares a result's PDF at the issuing agency (the documents app checks it again).
RESULT_PREPARERS = frozenset(
    {Role.PROCESSING_OFFICER, Role.DEPARTMENT_HEAD, Role.AGENCY_LEADER, Role.DOCUMENT_CLERK}
)


def roles_held(user, *roles: Role) -> list:
    return [r for r in active_roles(user).select_related("agency") if r.role in roles]
