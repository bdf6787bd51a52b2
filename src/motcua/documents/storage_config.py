"""The ``documents`` entry of STORAGES, built from the DOCUMENTS_STORAGE* settings.

Kept free of app imports so that the settings module can call it. Local disk is the
default; ``s3`` selects django-storages' S3 backend for any S3-compatible object store
(MinIO, Ceph, a provincial data centre's service, AWS). Files stay private either way:
no public ACL, no public URL; downloads go through the permission-checked view.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

LOCAL, S3 = "local", "s3"
LOCAL_BACKEND = "motcua.documents.storage.PrivateFileSystemStorage"
S3_BACKEND = "motcua.documents.s3.PrivateS3Storage"


def documents_storage(
    *,
    backend: str,
    root: str,
    bucket: str = "",
    endpoint_url: str = "",
    region: str = "",
    access_key: str = "",
    secret_key: str = "",
    prefix: str = "",
) -> dict:
    """The STORAGES["documents"] dictionary for ``backend`` ("local" or "s3")."""
    if backend == LOCAL:
        return {"BACKEND": LOCAL_BACKEND, "OPTIONS": {"location": root}}
    if backend != S3:
        raise ImproperlyConfigured(
            f"DOCUMENTS_STORAGE must be {LOCAL!r} or {S3!r}, not {backend!r}."
        )
    if not bucket:
        raise ImproperlyConfigured("DOCUMENTS_STORAGE=s3 needs DOCUMENTS_S3_BUCKET.")
    options: dict = {
        "bucket_name": bucket,
        "location": prefix.strip("/"),
        # Private objects: no ACL header (many S3-compatible stores reject ACLs), and
        # never a public or signed URL handed out by the app (documents.s3).
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        "signature_version": "s3v4",
    }
    if endpoint_url:
        options["endpoint_url"] = endpoint_url
        options["addressing_style"] = "path"  # MinIO and most on-premises stores
    if region:
        options["region_name"] = region
    # Without keys, boto3's own chain applies (AWS_* variables, instance roles).
    if access_key:
        options["access_key"] = access_key
    if secret_key:
        options["secret_key"] = secret_key
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
