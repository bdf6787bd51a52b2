"""Where stored files live: a private storage that never hands out public URLs.

Documents are personal data (identity papers, land certificates). They are kept outside
MEDIA_ROOT and reached only through ``views.stored_file_download``, which checks
permission first. The storage alias ``documents`` in ``STORAGES`` selects the backend:
local disk by default, an S3-compatible bucket through django-storages in larger
deployments (see docs/documents.md).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils import timezone

ALIAS = "documents"


class PrivateFileSystemStorage(FileSystemStorage):
    """Local disk without URLs: a forgotten ``.url`` call fails instead of leaking a path."""

    def url(self, name):
        raise ValueError("Stored documents have no public URL; use the download view.")


def document_storage() -> Storage:
    if ALIAS in settings.STORAGES:
        return storages[ALIAS]
    # Settings modules that replace STORAGES wholesale (conf/test.py does) still get a
    # private local store rather than falling back to the public media storage.
    return PrivateFileSystemStorage(location=settings.DOCUMENTS_ROOT)


def new_storage_key(extension: str) -> str:
    """A fresh random key, spread over month folders; nothing of the user's name is in it."""
    today = timezone.localdate()
    return f"{today:%Y/%m}/{uuid.uuid4().hex}.{extension}"
