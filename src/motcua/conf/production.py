"""Production: everything from the environment, plus what only makes sense behind HTTPS."""

from .base import *  # noqa: F403
from .env import config

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = config(
    "HSTS_SECONDS",
    31_536_000,
    cast=int,
    help="HTTP Strict-Transport-Security max-age in production (0 disables).",
    group="Security",
)
SECURE_SSL_REDIRECT = config(
    "SSL_REDIRECT",
    True,
    cast=bool,
    help="Redirect plain HTTP to HTTPS in production.",
    group="Security",
)
TEMPLATES[0]["APP_DIRS"] = False  # noqa: F405
TEMPLATES[0]["OPTIONS"]["loaders"] = [  # noqa: F405
    ("django.template.loaders.cached.Loader", ["django.template.loaders.app_directories.Loader"]),
]
