"""S3-compatible storage for documents, without URLs (see storage.PrivateFileSystemStorage)."""

from __future__ import annotations

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """A bucket whose objects are reached only through the download view."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Stored documents have no public URL; use the download view.")
