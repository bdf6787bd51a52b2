from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from motcua.accounts.constants import Role, UserKind
from motcua.accounts.services import role_grant, user_create

from . import builders

PASSWORD = "mat-khau-rat-dai-2026"


@pytest.fixture(autouse=True)
def _today(time_machine):
    # Roles are valid by day: pin the day, let the clock tick.
    time_machine.move_to(dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


@pytest.fixture(autouse=True)
def documents_root(settings, tmp_path) -> Path:
    """Point the private document storage at an empty directory of this test."""
    root = tmp_path / "documents"
    settings.DOCUMENTS_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "motcua.documents.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


def stored_paths(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def people(db) -> SimpleNamespace:
    """A commune with a dossier, and everyone who may or may not see its files."""
    unit = builders.province()
    commune = builders.agency("H61.298", "UBND xã Cái Nhum", unit)
    other = builders.agency("H61.299", "UBND xã Mỏ Cày", unit)

    def staff(username: str, role: Role, at):
        user = user_create(
            username=username, password=PASSWORD, kind=UserKind.STAFF, full_name="Lê Văn Cường"
        )
        role_grant(user=user, role=role, agency=at, valid_from=dt.date(2025, 7, 1))
        return user

    def citizen(username: str, number: str):
        return user_create(
            username=username,
            password=PASSWORD,
            kind=UserKind.CITIZEN,
            full_name="Trần Thị Bình",
            identification_number=number,
        )

    owner = citizen("congdan", "086185012345")
    return SimpleNamespace(
        commune=commune,
        other_agency=other,
        counter=staff("tiepnhan", Role.COUNTER_OFFICER, commune),
        colleague=staff("chuyenvien", Role.PROCESSING_OFFICER, commune),
        stranger_staff=staff("xakhac", Role.COUNTER_OFFICER, other),
        owner=owner,
        other_citizen=citizen("nguoikhac", "086190054321"),
        dossier=builders.dossier(at=commune, owner=owner),
    )


# --- Signing: a test certificate authority and a leader who may sign -------------------


@pytest.fixture(scope="session")
def signing_pki(tmp_path_factory) -> SimpleNamespace:
    """A root, a leader's PKCS#12 file and a stranger's root, made once per session."""
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    from motcua.documents import testpki

    directory = tmp_path_factory.mktemp("result-pki")
    root = testpki.make_root()
    leaf = testpki.make_leaf(
        root, common_name="Nguyễn Văn Ký", title="Chủ tịch", organisation="UBND xã Cái Nhum"
    )
    p12 = directory / "lanhdao.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"ky", leaf.key, leaf.cert, [root.cert], BestAvailableEncryption(b"mat-khau-ky")
        )
    )
    return SimpleNamespace(
        directory=directory,
        root=testpki.write_cert(root.cert, directory / "root.pem"),
        p12=p12,
        key=testpki.write_key(leaf.key, directory / "ky-key.pem"),
        cert=testpki.write_cert(leaf.cert, directory / "ky.pem"),
        other_root=testpki.write_cert(
            testpki.make_root("Untrusted Root").cert, directory / "other-root.pem"
        ),
    )


@pytest.fixture
def signing_on(settings, signing_pki, tmp_path_factory, monkeypatch) -> SimpleNamespace:
    """Signing configured as a province would: the leader's own PKCS#12 file, by username."""
    import json

    signers_file = signing_pki.directory / "signers.json"
    signers_file.write_text(
        json.dumps(
            {
                "users": {
                    "lanhdao": {
                        "pkcs12": str(signing_pki.p12),
                        "passphrase_env": "KY_LANHDAO_PASS",
                        "title": "Chủ tịch",
                    }
                }
            }
        )
    )
    monkeypatch.setenv("KY_LANHDAO_PASS", "mat-khau-ky")
    settings.SIGNING_SIGNERS_FILE = str(signers_file)
    settings.SIGNING_KEY_FILE = settings.SIGNING_CERT_FILE = settings.SIGNING_PKCS12_FILE = ""
    settings.SIGNING_TRUST_ROOTS = [str(signing_pki.root)]
    settings.DOCUMENTS_CACHE_DIR = tmp_path_factory.getbasetemp() / "font-cache"
    return signing_pki
