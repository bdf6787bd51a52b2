"""What a signed-in citizen may reach in the portal: only their own dossiers, drafts and
uploads. Missing and not-yours answer the same 404, so ids cannot be probed.
"""

from __future__ import annotations

import uuid

from django.http import Http404
from django.utils.translation import gettext as _

from motcua.dossiers.access import APPLICANT_KINDS
from motcua.dossiers.models import Dossier

from .models import DraftUpload, SubmissionDraft


def is_applicant(user) -> bool:
    """Citizens and organisations use the portal's personal pages; staff use the back office."""
    return bool(user.is_authenticated and user.is_active and user.kind in APPLICANT_KINDS)


def access_own_dossier(user, dossier_id) -> Dossier:
    dossier = None
    if is_applicant(user) and str(dossier_id).isdigit():
        dossier = Dossier.objects.filter(owner=user, pk=int(dossier_id)).first()
    if dossier is None:
        raise Http404(_("No such dossier."))
    return dossier


def access_draft(user, draft_id) -> SubmissionDraft:
    draft = None
    if is_applicant(user) and str(draft_id).isdigit():
        draft = (
            SubmissionDraft.objects.select_related("case__version__procedure")
            .filter(owner=user, pk=int(draft_id), dossier__isnull=True)
            .first()
        )
    if draft is None:
        raise Http404(_("No such draft."))
    return draft


def access_upload(user, upload_id) -> DraftUpload:
    upload = None
    try:
        key = uuid.UUID(str(upload_id))
    except ValueError:
        key = None
    if key is not None and is_applicant(user):
        upload = (
            DraftUpload.objects.select_related("draft")
            .filter(pk=key, draft__owner=user, draft__dossier__isnull=True)
            .first()
        )
    if upload is None:
        raise Http404(_("No such upload."))
    return upload
