"""S3-compatible storage by configuration: the STORAGES entry, and a backend without URLs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

import pytest

from motcua.documents.storage_config import documents_storage


def test_local_disk_is_the_default():
    assert documents_storage(backend="local", root="/var/lib/motcua/documents") == {
        "BACKEND": "motcua.documents.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": "/var/lib/motcua/documents"},
    }


def test_an_s3_compatible_store_is_configured_privately():
    entry = documents_storage(
        backend="s3",
        root="/unused",
        bucket="motcua-tailieu",
        endpoint_url="https://minio.vinhlong.example:9000",
        region="vn-south-1",
        access_key="AKIA-TEST",
        secret_key="bi-mat",
        prefix="/documents/",
    )
    assert entry == {
        "BACKEND": "motcua.documents.s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": "motcua-tailieu",
            "location": "documents",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "signature_version": "s3v4",
            "endpoint_url": "https://minio.vinhlong.example:9000",
            "addressing_style": "path",
            "region_name": "vn-south-1",
            "access_key": "AKIA-TEST",
            "secret_key": "bi-mat",
        },
    }
    # The backend builds from it without touching the network, and hands out no URL.
    storage = import_string(entry["BACKEND"])(**entry["OPTIONS"])
    assert (storage.bucket_name, storage.endpoint_url, storage.location) == (
        "motcua-tailieu",
        "https://minio.vinhlong.example:9000",
        "documents",
    )
    with pytest.raises(ValueError):
        storage.url("2026/03/abc.pdf")


def test_without_keys_boto3s_own_chain_applies():
    options = documents_storage(backend="s3", root="", bucket="b")["OPTIONS"]
    assert "access_key" not in options and "secret_key" not in options
    assert "endpoint_url" not in options


@pytest.mark.parametrize(
    ("backend", "bucket", "message"),
    [("s3", "", "DOCUMENTS_S3_BUCKET"), ("ftp", "b", "DOCUMENTS_STORAGE")],
)
def test_a_wrong_configuration_stops_start_up(backend, bucket, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        documents_storage(backend=backend, root="", bucket=bucket)


def test_the_settings_module_builds_the_entry_from_the_environment():
    # A fresh interpreter reads the settings as a deployment would, with S3 chosen.
    env = {
        **os.environ,
        "SECRET_KEY": "test-only-key",
        "DOCUMENTS_STORAGE": "s3",
        "DOCUMENTS_S3_BUCKET": "motcua-tailieu",
        "DOCUMENTS_S3_ENDPOINT_URL": "https://minio.vinhlong.example:9000",
    }
    code = "import json, motcua.conf.base as b; print(json.dumps(b.STORAGES['documents']))"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    entry = json.loads(done.stdout.strip().splitlines()[-1])
    assert entry["BACKEND"] == "motcua.documents.s3.PrivateS3Storage"
    assert entry["OPTIONS"]["bucket_name"] == "motcua-tailieu"
    assert entry["OPTIONS"]["endpoint_url"] == "https://minio.vinhlong.example:9000"
