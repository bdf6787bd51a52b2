"""Who signs a result, and with what: the pluggable signer of electronic results.

A :class:`Signer` turns a PDF into a PAdES-signed PDF for one person. Today the key is a
PKCS#12 file (or PEM key and certificate) named in configuration; a remote signing
service (SIM-based or HSM signing from a provider) becomes another class with the same
two members, named by its dotted path in the signers file, without touching the callers.

The signers file (``SIGNING_SIGNERS_FILE``, JSON) maps people and agencies to signers::

    {
      "users":    {"demo.lanhdao.xa": {"pkcs12": "/etc/motcua/ky/lanhdao.p12",
                                       "passphrase_env": "KY_LANHDAO_PASS",
                                       "title": "Chủ tịch"}},
      "agencies": {"H61.298": {"pkcs12": "/etc/motcua/ky/ubnd-xa.p12", "title": "Chủ tịch"}}
    }

A person's own entry wins over their agency's; without either, the single key of the
SIGNING_* settings is used when one is configured. Passphrases never sit in the file:
``passphrase_env`` names the environment variable that holds it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from . import signing


@runtime_checkable
class Signer(Protocol):
    """Signs PDFs for one person. ``name`` and ``title`` are what the stamp shows."""

    name: str
    title: str

    def sign_pdf(self, pdf: bytes, *, reason: str = "", location: str = "") -> bytes: ...


class KeyFileSigner:
    """A key held in files on this server: PKCS#12, or a PEM/DER key with its certificate."""

    def __init__(
        self,
        *,
        pkcs12: str = "",
        key: str = "",
        cert: str = "",
        chain: Iterable[str] = (),
        passphrase: str = "",
        title: str = "",
    ) -> None:
        from pyhanko.sign import signers

        secret = passphrase.encode() or None
        chain = [c for c in chain if c]
        if pkcs12:
            loaded = signers.SimpleSigner.load_pkcs12(
                pkcs12, ca_chain_files=chain, passphrase=secret
            )
        elif key and cert:
            loaded = signers.SimpleSigner.load(
                key, cert, ca_chain_files=chain, key_passphrase=secret
            )
        else:
            raise ImproperlyConfigured("A signer needs a PKCS#12 file, or a key and a certificate.")
        if loaded is None:  # pyHanko logs why and returns None
            raise ImproperlyConfigured("The signing key or certificate could not be loaded.")
        self._signer = loaded
        self.name = signing.certificate_name(loaded.signing_cert)
        self.title = title

    def sign_pdf(self, pdf: bytes, *, reason: str = "", location: str = "") -> bytes:
        return signing.pdf_sign(
            pdf, signer=self._signer, title=self.title, reason=reason, location=location
        )


def _from_entry(entry: dict[str, Any]) -> Signer:
    options = dict(entry)
    backend = options.pop("backend", "")
    passphrase_env = options.pop("passphrase_env", "")
    if passphrase_env:
        options["passphrase"] = os.environ.get(passphrase_env, "")
    factory = import_string(backend) if backend else KeyFileSigner
    signer = factory(**options)
    if not isinstance(signer, Signer):
        raise ImproperlyConfigured(f"{backend} does not provide sign_pdf, name and title.")
    return signer


def _signers_file() -> dict[str, Any]:
    path = settings.SIGNING_SIGNERS_FILE
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(f"SIGNING_SIGNERS_FILE {path}: {error}") from error
    if not isinstance(data, dict):
        raise ImproperlyConfigured(f"SIGNING_SIGNERS_FILE {path}: not a JSON object.")
    return data


def _global_signer(title: str) -> Signer | None:
    if settings.SIGNING_PKCS12_FILE or (settings.SIGNING_KEY_FILE and settings.SIGNING_CERT_FILE):
        return KeyFileSigner(
            pkcs12=settings.SIGNING_PKCS12_FILE,
            key=settings.SIGNING_KEY_FILE,
            cert=settings.SIGNING_CERT_FILE,
            chain=settings.SIGNING_CHAIN_FILES,
            passphrase=settings.SIGNING_KEY_PASSPHRASE,
            title=title,
        )
    return None


def signer_for(*, username: str, agency_codes: Iterable[str], title: str = "") -> Signer | None:
    """The signer of this person (their entry, else their agency's, else the site key).

    ``agency_codes`` are the agencies the person signs for, nearest first; ``title`` is the
    position shown on the stamp when the entry names none. None: no key for this person.
    """
    data = _signers_file()
    entry = (data.get("users") or {}).get(username)
    if entry is None:
        agencies = data.get("agencies") or {}
        entry = next((agencies[c] for c in agency_codes if c in agencies), None)
    if entry is not None:
        return _from_entry({"title": title, **entry})
    return _global_signer(title)
