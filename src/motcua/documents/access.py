"""Who may download a stored file.

A file is visible to the person who uploaded it, to the citizen or organisation account
that owns the dossier it belongs to, and to staff whose agency scope
(``accounts.access.agencies_in_scope``) reaches that dossier: the receiving centre, the
competent agency, the agency handling it now, or an agency with a step in it (liên
thông). Everything else answers 404, the same as a file that does not exist.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from motcua.dossiers.access import dossiers_visible_to
from motcua.dossiers.models import Dossier

from .models import StoredFile


def stored_files_visible_to(user) -> QuerySet[StoredFile]:
    if not (user.is_authenticated and user.is_active):
        return StoredFile.objects.none()
    # Subqueries, not id lists: a province-wide monitor reaches tens of thousands of dossiers.
    owned = Dossier.objects.filter(owner=user).values("pk")
    in_scope = dossiers_visible_to(user).values("pk")
    return StoredFile.objects.filter(
        Q(uploaded_by=user)
        | Q(dossier_component__dossier__in=owned)
        | Q(dossier_result__dossier__in=owned)
        | Q(dossier_component__dossier__in=in_scope)
        | Q(dossier_result__dossier__in=in_scope)
    )


def access_stored_file(user, file_id) -> StoredFile:
    """The file if ``user`` may download it; ``Http404`` for missing and forbidden alike."""
    stored = None
    if str(file_id).isdigit():
        stored = stored_files_visible_to(user).filter(pk=int(file_id)).first()
    if stored is None:
        raise Http404(_("No such file."))
    return stored
