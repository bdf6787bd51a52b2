"""Base settings. Everything configurable is read through :func:`motcua.conf.env.config`.

No environment branches here: ``dev.py`` and ``test.py`` only set defaults for variables
and then import this module, ``production.py`` adds what only production needs.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url

from motcua.conf.env import ImproperlyConfiguredError, config

SRC_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = SRC_DIR.parent

# --- Core -----------------------------------------------------------------------------

SECRET_KEY = config(
    "SECRET_KEY",
    help="Django secret key: long and random, kept out of the repository. Required.",
    group="Security",
    secret=True,
)
DEBUG = config(
    "DEBUG", False, cast=bool, help="Debug pages and verbose errors. Never in production."
)
ALLOWED_HOSTS = config(
    "ALLOWED_HOSTS",
    [],
    cast=list,
    help="Comma-separated host names this site answers to (e.g. motcua.vinhlong.gov.vn).",
    group="Security",
)
CSRF_TRUSTED_ORIGINS = config(
    "CSRF_TRUSTED_ORIGINS",
    [],
    cast=list,
    help="Comma-separated origins (scheme://host) trusted for CSRF when behind a proxy.",
    group="Security",
)
VAR_DIR = Path(
    config(
        "MOTCUA_VAR_DIR",
        str(BASE_DIR / "var"),
        help="Directory for the embedded SQLite database, uploaded files and collected static.",
    )
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "motcua.core",
    "motcua.workcalendar",
    "motcua.agencies",
    "motcua.accounts",
    "motcua.api",
    "motcua.catalog",
    "motcua.portal",
    "motcua.dossiers",
    "motcua.documents",
    "motcua.payments",
    "motcua.feedback",
    "motcua.reporting",
    "motcua.integrations",
    "motcua.backoffice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages shrink about 8× (a commune's link is slow); Django pads compressed HTML
    # against BREACH. Behind a proxy that compresses, this one does nothing.
    "django.middleware.gzip.GZipMiddleware",
    "motcua.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Must be last: it turns axes' lock-out signal into the lock-out response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------

DATABASE_URL = config(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}",
    help=(
        "Database URL. Default: embedded SQLite in MOTCUA_VAR_DIR. "
        "Production: postgres://user:password@host:5432/name (PostgreSQL 15+)."
    ),
    group="Database",
)
SQLITE_BUSY_TIMEOUT = config(
    "SQLITE_BUSY_TIMEOUT",
    20,
    cast=int,
    help="Seconds a SQLite writer waits for the lock before failing.",
    group="Database",
)
POSTGRES_JIT = config(
    "POSTGRES_JIT",
    False,
    cast=bool,
    help=(
        "Let PostgreSQL JIT-compile our queries. Off by default: on the dashboard's "
        "queries compiling took a second for 60 ms of work (docs/performance.md). "
        "Sent as a connection option; behind PgBouncer allow it with "
        "ignore_startup_parameters = options, or turn JIT off on the server instead."
    ),
    group="Database",
)
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server read while the worker writes; IMMEDIATE takes the write
        # lock at BEGIN so two writers queue on the busy timeout instead of deadlocking.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_BUSY_TIMEOUT,
    }
else:
    INSTALLED_APPS.append("django.contrib.postgres")
    if not POSTGRES_JIT:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security ------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

AXES_FAILURE_LIMIT = config(
    "LOGIN_FAILURE_LIMIT",
    5,
    cast=int,
    help="Failed logins for one username from one address before the account is locked out.",
    group="Security",
)
AXES_COOLOFF_TIME = (
    config(
        "LOGIN_COOLOFF_MINUTES",
        15,
        cast=int,
        help="Minutes a locked-out login stays locked.",
        group="Security",
    )
    / 60
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = config(
    "TRUSTED_PROXY_COUNT",
    0,
    cast=int,
    help="Number of reverse proxies in front of the app whose X-Forwarded-For is trusted.",
    group="Security",
)

OTP_TOTP_ISSUER = config(
    "OTP_ISSUER",
    "motcua",
    help="Name shown in authenticator apps for two-factor codes.",
    group="Security",
)

SECURE_COOKIES = config(
    "SECURE_COOKIES",
    True,
    cast=bool,
    help="Send session and CSRF cookies over HTTPS only. Turn off only for plain-HTTP local demos.",
    group="Security",
)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = (
    config(
        "SESSION_AGE_MINUTES",
        480,
        cast=int,
        help="Minutes a login session lasts.",
        group="Security",
    )
    * 60
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Internationalisation ---------------------------------------------------------------

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
# Vietnamese dates are day/month/year; these formats also apply when English is chosen.
FORMAT_MODULE_PATH = ["motcua.formats"]

# --- Static and uploaded files ----------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Documents and signatures -----------------------------------------------------------

DOCUMENTS_ROOT = Path(
    config(
        "DOCUMENTS_ROOT",
        "",
        help=(
            "Private directory for stored documents (scans, results). Never served by the web "
            "server: every download goes through a permission check. Empty: `documents/` in "
            "MOTCUA_VAR_DIR."
        ),
        group="Documents",
    )
    or VAR_DIR / "documents"
)
DOCUMENTS_STORAGE = config(
    "DOCUMENTS_STORAGE",
    "local",
    help=(
        "Where stored documents live: `local` (DOCUMENTS_ROOT) or `s3` (an S3-compatible "
        "object store: MinIO, Ceph, a data centre's service; the bucket must be private)."
    ),
    group="Documents",
)
DOCUMENTS_S3_BUCKET = config(
    "DOCUMENTS_S3_BUCKET",
    "",
    help="Bucket of the documents when DOCUMENTS_STORAGE=s3.",
    group="Documents",
)
DOCUMENTS_S3_ENDPOINT_URL = config(
    "DOCUMENTS_S3_ENDPOINT_URL",
    "",
    help="Address of the S3-compatible service (e.g. https://minio.tinh.gov.vn:9000); empty: AWS.",
    group="Documents",
)
DOCUMENTS_S3_REGION = config(
    "DOCUMENTS_S3_REGION",
    "",
    help="Region of the bucket, if the service needs one.",
    group="Documents",
)
DOCUMENTS_S3_PREFIX = config(
    "DOCUMENTS_S3_PREFIX",
    "",
    help="Folder inside the bucket for the documents (empty: the bucket's root).",
    group="Documents",
)
DOCUMENTS_S3_ACCESS_KEY_ID = config(
    "DOCUMENTS_S3_ACCESS_KEY_ID",
    "",
    help="Access key of the bucket; empty: boto3's own chain (AWS_* variables, instance role).",
    group="Documents",
)
DOCUMENTS_S3_SECRET_ACCESS_KEY = config(
    "DOCUMENTS_S3_SECRET_ACCESS_KEY",
    "",
    help="Secret key matching DOCUMENTS_S3_ACCESS_KEY_ID.",
    group="Documents",
    secret=True,
)
from motcua.documents.storage_config import documents_storage  # noqa: E402 - needs the above

STORAGES["documents"] = documents_storage(
    backend=DOCUMENTS_STORAGE,
    root=str(DOCUMENTS_ROOT),
    bucket=DOCUMENTS_S3_BUCKET,
    endpoint_url=DOCUMENTS_S3_ENDPOINT_URL,
    region=DOCUMENTS_S3_REGION,
    access_key=DOCUMENTS_S3_ACCESS_KEY_ID,
    secret_key=DOCUMENTS_S3_SECRET_ACCESS_KEY,
    prefix=DOCUMENTS_S3_PREFIX,
)
DOCUMENTS_MAX_FILE_MB = config(
    "DOCUMENTS_MAX_FILE_MB",
    20,
    cast=int,
    help="Largest accepted file, in MB. Keep the reverse proxy's body limit above it.",
    group="Documents",
)
DOCUMENTS_MAX_DOSSIER_MB = config(
    "DOCUMENTS_MAX_DOSSIER_MB",
    100,
    cast=int,
    help="Largest total of the files of one dossier (components and results), in MB.",
    group="Documents",
)
DOCUMENTS_ALLOWED_TYPES = config(
    "DOCUMENTS_ALLOWED_TYPES",
    ["pdf", "jpeg", "png", "docx", "xlsx", "xml"],
    cast=list,
    help=(
        "File types accepted anywhere, detected from the content: any of pdf, jpeg, png, "
        "docx, xlsx, xml. Each upload may narrow it further (scans: pdf, jpeg, png)."
    ),
    group="Documents",
)
DOCUMENTS_VERIFY_MAX_MB = config(
    "DOCUMENTS_VERIFY_MAX_MB",
    10,
    cast=int,
    help="Largest PDF anyone may upload to the public result verification, in MB.",
    group="Documents",
)
DOCUMENTS_VERIFY_PER_HOUR = config(
    "DOCUMENTS_VERIFY_PER_HOUR",
    30,
    cast=int,
    help="Verifications (page and API) one network address may make per hour.",
    group="Documents",
)
DOCUMENTS_RETENTION_YEARS = config(
    "DOCUMENTS_RETENTION_YEARS",
    20,
    cast=int,
    help=(
        "Years a dossier's files are kept after it closes when the catalogue sets no period "
        "for the component or result; 0 keeps them permanently. `retention_review` lists "
        "files past their period."
    ),
    group="Documents",
)
# Derived files (the rescaled stamp font) are rebuilt here when missing.
DOCUMENTS_CACHE_DIR = VAR_DIR / "cache"

SIGNING_KEY_FILE = config(
    "SIGNING_KEY_FILE",
    "",
    help="Private key (PEM or DER) of the signer of electronic results. Empty: signing is off.",
    group="Signatures",
)
SIGNING_CERT_FILE = config(
    "SIGNING_CERT_FILE",
    "",
    help="Certificate (PEM or DER) matching SIGNING_KEY_FILE.",
    group="Signatures",
)
SIGNING_CHAIN_FILES = config(
    "SIGNING_CHAIN_FILES",
    [],
    cast=list,
    help="Comma-separated certificate files of the issuing CA chain, embedded in each signature.",
    group="Signatures",
)
SIGNING_PKCS12_FILE = config(
    "SIGNING_PKCS12_FILE",
    "",
    help="A PKCS#12 (.p12/.pfx) file holding key, certificate and chain; used instead of SIGNING_KEY_FILE and SIGNING_CERT_FILE when set.",
    group="Signatures",
)
SIGNING_KEY_PASSPHRASE = config(
    "SIGNING_KEY_PASSPHRASE",
    "",
    help="Passphrase of the signing key or PKCS#12 file; empty if it has none.",
    group="Signatures",
    secret=True,
)
SIGNING_TRUST_ROOTS = config(
    "SIGNING_TRUST_ROOTS",
    [],
    cast=list,
    help="Comma-separated root certificate files trusted when verifying signed PDFs (e.g. the national root CA).",
    group="Signatures",
)
SIGNING_SIGNERS_FILE = config(
    "SIGNING_SIGNERS_FILE",
    "",
    help="JSON file naming the signing key of each leader or agency (see docs/documents.md); without an entry the SIGNING_* key above signs.",
    group="Signatures",
)
SIGNING_STAMP_FONT = config(
    "SIGNING_STAMP_FONT",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    help="TrueType font of the visible signature stamp; it must cover Vietnamese (Debian: fonts-liberation2).",
    group="Signatures",
)

# --- Background tasks -------------------------------------------------------------------

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Logging ----------------------------------------------------------------------------

LOG_LEVEL = config(
    "LOG_LEVEL", "INFO", help="Minimum log level (DEBUG, INFO, WARNING, ERROR).", group="Logging"
)
LOG_FORMAT = config(
    "LOG_FORMAT",
    "json",
    help="'json' for one JSON object per line (production), 'console' for readable lines.",
    group="Logging",
)
LOGGING_CONFIG = None  # motcua.core.logging configures stdlib logging and structlog together

# --- motcua ---------------------------------------------------------------------------

DEMO_PROVINCE_CODE = config(
    "DEMO_PROVINCE_CODE",
    "H61",
    help="Agency code of the province that `make run` loads as the demo (H61 = Vĩnh Long).",
    group="motcua",
)
DOSSIER_PAYMENT_CLOCK = config(
    "DOSSIER_PAYMENT_CLOCK",
    "pause",
    help=(
        "What a dossier's legal clock does while it waits for the citizen to pay a fee: "
        "'pause' (the waiting time is added to the due moment), 'restart' (the full time "
        "runs again from the payment) or 'none' (the clock keeps running)."
    ),
    group="motcua",
)
if DOSSIER_PAYMENT_CLOCK not in {"pause", "restart", "none"}:
    raise ImproperlyConfiguredError("DOSSIER_PAYMENT_CLOCK must be pause, restart or none.")
PUBLIC_BASE_URL = config(
    "PUBLIC_BASE_URL",
    "http://localhost:8000",
    help=(
        "Public address of the citizen portal, scheme and host without a trailing slash "
        "(e.g. https://dichvucong.vinhlong.gov.vn). Each printed receipt (Mẫu 01) carries a "
        "QR code to the dossier's tracking page under this address (/tra-cuu/ and the "
        "dossier code), so set it before the first receipt is printed and keep it."
    ),
    group="motcua",
).rstrip("/")
if not PUBLIC_BASE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfiguredError("PUBLIC_BASE_URL must start with https:// or http://.")
REQUIRE_2FA_FOR_ADMINS = config(
    "REQUIRE_2FA_FOR_ADMINS",
    True,
    cast=bool,
    help="System administrators must confirm a TOTP code before using the admin site.",
    group="Security",
)

# --- Payments ---------------------------------------------------------------------------

PAYMENTS_PROVIDERS = config(
    "PAYMENTS_PROVIDERS",
    ["paygov", "vietqr", "cash"],
    cast=list,
    help=(
        "Comma-separated payment providers offered, in the order shown: paygov (national "
        "payment platform), vietqr (bank transfer by QR), cash (at the counter, by an officer)."
    ),
    group="Payments",
)
PAYMENTS_DEFAULT_POINT = config(
    "PAYMENTS_DEFAULT_POINT",
    "before",
    help=(
        "When fees are asked for if the case's fees do not say: 'before' (when processing "
        "starts) or 'after' (before the result is handed over)."
    ),
    group="Payments",
)
if PAYMENTS_DEFAULT_POINT not in {"before", "after"}:
    raise ImproperlyConfiguredError("PAYMENTS_DEFAULT_POINT must be before or after.")
PAYMENTS_PENDING_QUERY_MINUTES = config(
    "PAYMENTS_PENDING_QUERY_MINUTES",
    10,
    cast=int,
    help=(
        "An online payment with no answer after this many minutes is settled by asking the "
        "provider for its status (task payments_resolve_pending)."
    ),
    group="Payments",
)
PAYGOV_URL = config(
    "PAYGOV_URL",
    "http://127.0.0.1:8765/",
    help=(
        "Address of the PayGov platform that receives INIT and QUERY messages (the value "
        "given by the platform operator; `make run` points it at the local simulator)."
    ),
    group="Payments",
)
PAYGOV_PARTNER_CODE = config(
    "PAYGOV_PARTNER_CODE",
    "MOTCUA",
    help="MaDoiTac: the partner code the platform operator assigned to this system.",
    group="Payments",
)
PAYGOV_SECRET = config(
    "PAYGOV_SECRET",
    "",
    help=(
        "Secret key for the SHA-256 authentication code of PayGov messages. Empty: online "
        "payment through PayGov is refused."
    ),
    group="Payments",
    secret=True,
)
PAYGOV_VERSION = config(
    "PAYGOV_VERSION", "1.0.6", help="PhienBan: PayGov protocol version sent.", group="Payments"
)
PAYGOV_TIMEOUT = config(
    "PAYGOV_TIMEOUT",
    10,
    cast=int,
    help="Seconds to wait for the PayGov platform before the attempt is left for a status query.",
    group="Payments",
)
VIETQR_BANK_BIN = config(
    "VIETQR_BANK_BIN",
    "970436",
    help="Six-digit NAPAS BIN of the bank holding the collection account (970436 = Vietcombank).",
    group="Payments",
)
VIETQR_ACCOUNT = config(
    "VIETQR_ACCOUNT",
    "",
    help="Collection account number shown in the transfer QR. Empty: VietQR transfer is not offered.",
    group="Payments",
)
VIETQR_ACCOUNT_NAME = config(
    "VIETQR_ACCOUNT_NAME",
    "",
    help="Account holder name shown beside the QR (e.g. the treasury account of the centre).",
    group="Payments",
)
VIETQR_CALLBACK_SECRET = config(
    "VIETQR_CALLBACK_SECRET",
    "",
    help=(
        "Shared secret of the bank's transfer notifications (HMAC-SHA256 of the body in the "
        "X-Signature header). Empty: transfers are confirmed by officers only."
    ),
    group="Payments",
    secret=True,
)

from motcua.core.logging import configure_logging  # noqa: E402 - needs LOG_* above

configure_logging(level=LOG_LEVEL, fmt=LOG_FORMAT)

# --- Citizen portal ---------------------------------------------------------------------

PORTAL_TRACKING_WINDOW_MINUTES = config(
    "PORTAL_TRACKING_WINDOW_MINUTES",
    60,
    cast=int,
    help="Period over which failed public tracking lookups are counted, in minutes.",
    group="Portal",
)
PORTAL_TRACKING_FAILURES_PER_ADDRESS = config(
    "PORTAL_TRACKING_FAILURES_PER_ADDRESS",
    20,
    cast=int,
    help="Failed tracking lookups one network address may make in the period before it waits.",
    group="Portal",
)
PORTAL_TRACKING_FAILURES_PER_CODE = config(
    "PORTAL_TRACKING_FAILURES_PER_CODE",
    5,
    cast=int,
    help=(
        "Failed lookups of one dossier code (wrong second factor) in the period before that "
        "code can only be followed by signing in: stops guessing the 4 phone digits."
    ),
    group="Portal",
)
PORTAL_UPLOAD_DIR = Path(
    config(
        "PORTAL_UPLOAD_DIR",
        "",
        help=(
            "Private directory for files being uploaded to drafts of online submissions "
            "(shared by every web process). Empty: `portal-uploads/` in MOTCUA_VAR_DIR."
        ),
        group="Portal",
    )
    or VAR_DIR / "portal-uploads"
)
PORTAL_UPLOAD_CHUNK_KB = config(
    "PORTAL_UPLOAD_CHUNK_KB",
    256,
    cast=int,
    help="Size of one piece of a resumable upload, in KB: smaller suits weak mobile links.",
    group="Portal",
)
PORTAL_NATIONAL_ID_LOGIN_URL = config(
    "PORTAL_NATIONAL_ID_LOGIN_URL",
    "",
    help=(
        "Where the 'sign in with the national electronic identity' button leads (the OIDC "
        "login of the integrations app). Empty: the button is not shown."
    ),
    group="Portal",
)
