"""motcua — one-stop administrative procedure system (Hệ thống một cửa điện tử)."""

__version__ = "0.1.0"
