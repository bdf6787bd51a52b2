"""Registry of payment providers: ``register`` at app start, ``provider_get`` by code.

Providers implemented in this app (VietQR transfer, cash at the counter) register in
``PaymentsConfig.ready``; providers of external platforms live in ``motcua.integrations``
and register from there (PayGov), so this app never imports an integration.
Which providers are offered is the ``PAYMENTS_PROVIDERS`` setting.
"""

from __future__ import annotations

from django.conf import settings

from .base import Provider, ProviderError, RefundResult, Report, Start

_REGISTRY: dict[str, Provider] = {}

__all__ = [
    "Provider",
    "ProviderError",
    "RefundResult",
    "Report",
    "Start",
    "provider_get",
    "providers_enabled",
    "register",
]


def register(provider: Provider) -> Provider:
    _REGISTRY[provider.code] = provider
    return provider


def provider_get(code: str) -> Provider | None:
    """The provider ``code`` if it is registered and enabled, else ``None``."""
    if code not in settings.PAYMENTS_PROVIDERS:
        return None
    return _REGISTRY.get(code)


def providers_enabled(*, online: bool | None = None) -> list[Provider]:
    found = [_REGISTRY[c] for c in settings.PAYMENTS_PROVIDERS if c in _REGISTRY]
    if online is not None:
        found = [p for p in found if p.online == online]
    return found
