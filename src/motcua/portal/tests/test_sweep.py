import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

from motcua.portal.models import DraftUpload, SubmissionDraft
from motcua.portal.services import draft_start, upload_append, upload_path, upload_start


def test_sweep_removes_old_unfinished_uploads_and_untouched_drafts(
    world, now, django_capture_on_commit_callbacks
):
    fresh = draft_start(user=world.citizen, case=world.licence_case)
    stale = draft_start(user=world.other_citizen, case=world.licence_case)
    half = upload_start(draft=fresh, component_id=world.form.pk, name="a.pdf", size=10)
    upload_append(upload=half, offset=0, data=b"%PDF-")
    stale_file = upload_start(draft=stale, component_id=world.form.pk, name="b.pdf", size=10)
    paths = [upload_path(half), upload_path(stale_file)]
    later = timezone.now() + dt.timedelta(days=3)
    SubmissionDraft.objects.filter(pk=stale.pk).update(updated_at=later - dt.timedelta(days=91))
    now("2026-02-14 09:00")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("portal_sweep", upload_days=2, draft_days=90, stdout=io.StringIO())

    assert list(SubmissionDraft.objects.all()) == [fresh]
    assert not DraftUpload.objects.exists()
    assert not any(p.exists() for p in paths)


def test_sweep_keeps_recent_work(world, now):
    draft = draft_start(user=world.citizen, case=world.licence_case)
    upload_start(draft=draft, component_id=world.form.pk, name="a.pdf", size=10)
    call_command("portal_sweep", stdout=io.StringIO())
    assert DraftUpload.objects.count() == 1
    assert SubmissionDraft.objects.count() == 1
