"""Every setting of fazhi, read from ``FAZHI_*`` environment variables in this one place.

Defaults are safe for a single box: SQLite under ``var/``, a local-memory cache, DEBUG off.
Production (``FAZHI_ENV=production``) refuses to start without an explicit secret key.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"FAZHI_{name}", default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


FAZHI_ENV = env("ENV", "development")  # development | production | test
PRODUCTION = FAZHI_ENV == "production"

# Runtime state (SQLite file, generated secret key, media) lives here, outside the package.
VAR_DIR = Path(env("VAR_DIR", str(PROJECT_DIR / "var"))).resolve()


def _secret_key() -> str:
    key = env("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("FAZHI_SECRET_KEY must be set when FAZHI_ENV=production.")
    # Development: generate once and keep it, so sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
# The site's one public address (scheme, host, port; no path): every absolute URL is built on it
# (fazhi.core.urls_absolute), and the default Wagtail Site is kept equal to it.
BASE_URL = env("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The admin's URL prefix, e.g. "bianji-7f3a/" (a trailing slash, no leading one): not a secret, but
# it keeps the admin out of drive-by scans for /admin/. django-axes locks it like every sign-in.
FAZHI_ADMIN_PATH = env("ADMIN_PATH", "admin/").strip("/") + "/"

INSTALLED_APPS = [
    # fazhi's own apps, one per feature (layers and rooms: README, "Layout").
    "fazhi.core",
    "fazhi.jobs",
    "fazhi.limits",
    "fazhi.news",
    "fazhi.importers",
    "fazhi.search",
    "fazhi.backup",
    "fazhi.editorial",
    "fazhi.staff",
    "fazhi.video",
    "fazhi.comments",
    "fazhi.readcounts",
    "fazhi.accounts",
    "fazhi.serving",
    "fazhi.legacy",
    "fazhi.share",
    "fazhi.related",
    "fazhi.security",
    # Wagtail
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "captcha",  # django-simple-captcha: comments, registration, 人员查询 after failed lookups
    "axes",  # django-axes: brute-force lockout of every sign-in path
    # Background tasks (fazhi.jobs): the framework Wagtail 8 uses, its database queue (single
    # box) and its RQ queue on Redis (production; django_rq brings the `rqworker` command).
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before the page cache, so cached pages carry the same headers as fresh ones.
    "fazhi.security.middleware.SiteCSPMiddleware",
    "fazhi.security.middleware.SecurityHeadersMiddleware",
    # PostgreSQL restarting answers 503 with a Chinese page and Retry-After, not 500.
    "fazhi.security.database.DatabaseUnavailableMiddleware",
    # A full disk while saving an upload answers with a Chinese message, not 500.
    "fazhi.security.storage.DiskFullMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers anonymous page requests before sessions, auth and routing run (fazhi.serving).
    "fazhi.serving.middleware.PageCacheMiddleware",
    # A readable marker beside the session cookie: the page script asks for personal live data.
    "fazhi.core.middleware.SessionMarkerMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: it turns a locked-out sign-in on any path (admin, /accounts/login/, the comment
    # form's inline login) into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------------
# FAZHI_DATABASE_URL: e.g. postgres://user@127.0.0.1:5432/fazhi; default a SQLite file in var/.
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
_db = DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _db["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
        # BEGIN so concurrent writers wait (timeout) instead of failing on lock upgrade.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    if _db["NAME"] != ":memory:":
        # Opening a file and running the PRAGMAs costs more than many a page's queries.
        _db["CONN_MAX_AGE"] = int(env("DATABASE_CONN_MAX_AGE", "60"))
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db["CONN_MAX_AGE"] = int(env("DATABASE_CONN_MAX_AGE", "60"))
    _db["CONN_HEALTH_CHECKS"] = True
    # A server that does not answer (restarting, network gone) fails the request in seconds
    # (a 503, fazhi.security.database) instead of holding the worker for minutes.
    _db.setdefault("OPTIONS", {})["connect_timeout"] = int(env("DATABASE_CONNECT_TIMEOUT", "5"))
if env("TEST_DATABASE_NAME"):
    # Lets several checkouts share one PostgreSQL server without clobbering each other's tests.
    _db["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache -----------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis going away bypasses the cache instead of failing requests (fazhi.security).
            "BACKEND": "fazhi.security.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_PREFIX", "fazhi"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks (fazhi.jobs) -------------------------------------------------------------
# Work that does not belong in a request (static export after a publish, CDN and Varnish purges,
# scheduled publishing, Wagtail's own jobs) runs as django-tasks tasks in `fazhi run_worker`:
# "database" (django-tasks-db: a table in the site's database; the single box), "rq"
# (django-tasks-rq: Redis at FAZHI_REDIS_URL; production) or "immediate" (at once, in the process
# that enqueues: the test suite; nothing to run beside the server).
TASK_BACKEND = env("TASK_BACKEND", "rq" if REDIS_URL else "database")
_task_backends = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASK_BACKEND not in _task_backends:
    raise ImproperlyConfigured(
        f"FAZHI_TASK_BACKEND must be one of {', '.join(_task_backends)} (got {TASK_BACKEND!r})."
    )
if TASK_BACKEND == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("FAZHI_TASK_BACKEND=rq needs FAZHI_REDIS_URL.")
# "urgent": what readers wait for (edge purges, the export after a publish), worked first.
TASK_QUEUES = ["urgent", "default"]
TASKS = {"default": {"BACKEND": _task_backends[TASK_BACKEND], "QUEUES": TASK_QUEUES}}
RQ_QUEUES = {
    name: {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 900}
    for name in TASK_QUEUES
}
# How often (seconds) the database worker looks for new jobs when it is idle.
TASK_POLL_SECONDS = float(env("TASK_POLL_SECONDS", "0.25"))
# Finished jobs kept in the database queue's table (failures are also kept in 后台任务).
TASK_RESULT_DAYS = int(env("TASK_RESULT_DAYS", "7"))

# --- Page cache and static export (fazhi.serving) ---------------------------------------------
# Seconds a rendered page stays in the cache (0 turns the page cache off). Entries never go
# stale before that: every publish, unpublish, move, delete and settings save purges them.
FAZHI_PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "3600"))
# max-age sent to browsers; 0 means they revalidate every time (cheap: ETag and 304).
FAZHI_PAGE_BROWSER_SECONDS = int(env("PAGE_BROWSER_SECONDS", "0"))
# Each worker process also keeps the final bytes of the pages it served in memory and answers
# them before Django runs (fazhi.serving.fastpath); up to this many bytes per process (0: off).
FAZHI_PAGE_L1_BYTES = int(env("PAGE_L1_MB", "48")) * 1024 * 1024
# How often (ms) a worker asks the shared cache whether anything was purged; it drops its copies
# when so. 0 asks on every request: no copy outlives a purge, at one small Redis read per hit.
FAZHI_PAGE_L1_CHECK_MS = int(env("PAGE_L1_CHECK_MS", "100"))
# Rendered fragments (header and menu, footer, article body) kept per process until the next
# purge (fazhi.serving.fragments): up to this many bytes per process (0: off).
FAZHI_FRAGMENT_CACHE_BYTES = int(env("FRAGMENT_CACHE_MB", "32")) * 1024 * 1024
FAZHI_PAGE_CACHE = "default"  # the alias in CACHES: Redis when FAZHI_REDIS_URL is set
# Without Redis each process keeps its own page cache; a purge in any process (server, task
# worker, scheduler, shell) writes a new token to this file, which every process checks at most
# every FAZHI_PAGE_L1_CHECK_MS (fazhi.serving.epoch). With Redis the token lives there.
FAZHI_PURGE_EPOCH_FILE = env("PURGE_EPOCH_FILE", str(VAR_DIR / "page-epoch"))
# Non-page URLs cached like pages (and exported, and purged with every article change).
FAZHI_PAGE_CACHE_PATHS = ["/feed/", "/sitemap.xml"]
# The live JSON every reader gets alike (counts: fazhi.core.live) is computed at most once per
# this many seconds per page and shared (Redis, the fast path, s-maxage for caches in front): the
# most a count a reader sees can be behind. 0: computed on every request, never shared.
FAZHI_LIVE_SECONDS = float(env("LIVE_SECONDS", "4"))
# Paths whose answers depend on the query string (search) and are the same for every anonymous
# reader: cached per full URL (first page and later ones alike) and answered by the fast path;
# all of them go stale at once whenever the search index changes (a publish, an unpublish, a
# rebuild: ``fazhi.core.signals.search_index_changed``), and at the latest after
# FAZHI_PAGE_CACHE_QUERY_SECONDS (an embargoed article becomes findable when its time comes,
# with no purge). Checked before FAZHI_PAGE_CACHE_SKIP_PREFIXES.
FAZHI_PAGE_CACHE_QUERY_PATHS = ["/search/", "/api/search"]
# Paths the cache never looks up: their answers are personal or live.
FAZHI_PAGE_CACHE_SKIP_PREFIXES = [
    "/" + FAZHI_ADMIN_PATH,
    "/api/",
    "/search/",
    "/static/",
    "/media/",
    "/documents/",
]
# Where `fazhi export_static` writes by default, and whether publishing triggers it.
FAZHI_EXPORT_DIR = env("EXPORT_DIR", str(VAR_DIR / "export"))
FAZHI_EXPORT_ON_PUBLISH = env_bool("EXPORT_ON_PUBLISH", False)
# The host and scheme the export asks the app on (the URLs inside the pages come from BASE_URL).
FAZHI_EXPORT_BASE_URL = env("EXPORT_BASE_URL", BASE_URL)

# --- Caches in front of the app: Varnish, CDNs (fazhi.serving.edge, fazhi.serving.cdn) -------------
# Every purge of the page cache is repeated there by a background task, on BASE_URL's addresses.
WAGTAILFRONTENDCACHE: dict[str, dict] = {}
if env("VARNISH_URL"):  # e.g. http://127.0.0.1:6081 (deploy/varnish/fazhi.vcl)
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "fazhi.serving.edge.VarnishBackend",
        "LOCATION": env("VARNISH_URL"),
    }
if env("ALIYUN_CDN_ACCESS_KEY_ID"):
    WAGTAILFRONTENDCACHE["aliyun"] = {
        "BACKEND": "fazhi.serving.cdn.aliyun.AliyunCdnBackend",
        "ACCESS_KEY_ID": env("ALIYUN_CDN_ACCESS_KEY_ID"),
        "ACCESS_KEY_SECRET": env("ALIYUN_CDN_ACCESS_KEY_SECRET"),
        "ENDPOINT": env("ALIYUN_CDN_ENDPOINT", "https://cdn.aliyuncs.com"),
    }
if env("TENCENT_CDN_SECRET_ID"):
    WAGTAILFRONTENDCACHE["tencent"] = {
        "BACKEND": "fazhi.serving.cdn.tencent.TencentCdnBackend",
        "SECRET_ID": env("TENCENT_CDN_SECRET_ID"),
        "SECRET_KEY": env("TENCENT_CDN_SECRET_KEY"),
        "ENDPOINT": env("TENCENT_CDN_ENDPOINT", "https://cdn.tencentcloudapi.com"),
    }
# How long those caches may keep a page: `s-maxage` on the pages the app caches (browsers still
# revalidate: max-age stays FAZHI_PAGE_BROWSER_SECONDS). Purges keep their copies fresh, as the
# app's own. Default: the page cache's lifetime when a cache in front is configured; 0 sends none.
FAZHI_EDGE_CACHE_SECONDS = int(
    env("EDGE_CACHE_SECONDS", str(FAZHI_PAGE_CACHE_SECONDS if WAGTAILFRONTENDCACHE else 0))
)

# --- Language and time -----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False

# --- Static and media ------------------------------------------------------------------------
# Everything is served from this box: no CDN, no web fonts. The site works offline.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
# Outside production the app serves media itself; in production nginx does.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not PRODUCTION)
STORAGES = {
    # Whole files or none (a full disk or a killed worker leaves no partial file), names cut to
    # what a file system takes (fazhi.security.storage).
    "default": {"BACKEND": "fazhi.security.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
# Development and tests serve app static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# --- Wagtail ---------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("SITE_NAME", "法治报道")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Image uploads that the image library cannot read are refused (not a 500): fazhi/security/forms.py.
WAGTAILIMAGES_IMAGE_FORM_BASE = "fazhi.security.forms.ImageForm"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no outbound network from a newsroom's box

# The account `make demo` creates; its password is printed once when not given here.
ADMIN_USERNAME = env("ADMIN_USERNAME", "admin")
ADMIN_PASSWORD = env("ADMIN_PASSWORD")

# --- Editorial workflow (fazhi.editorial) -----------------------------------------------------
# Final approval publishes through fazhi's own finish action: it checks separation of duties,
# fills 责任编辑 and publishes without the last group holding publish permission.
WAGTAIL_FINISH_WORKFLOW_ACTION = "fazhi.editorial.workflow.publish_on_final_approval"
WAGTAIL_WORKFLOW_ENABLED = True
# Seconds between two runs of Wagtail's publish_scheduled, enqueued by `fazhi run_scheduler` and run
# by `fazhi run_worker` (fazhi.editorial.tasks): a go-live time takes effect within a minute.
SCHEDULER_INTERVAL = float(env("SCHEDULER_INTERVAL", "30"))
if not 0 < SCHEDULER_INTERVAL <= 60:
    raise ImproperlyConfigured(
        "FAZHI_SCHEDULER_INTERVAL 须在 0 到 60 秒之间（定时发布须在一分钟内生效）。"
    )
# Password of the demo users `fazhi load_demo` creates for each role; random and printed once if unset.
DEMO_PASSWORD = env("DEMO_PASSWORD")
# --- Search (fazhi.search) -------------------------------------------------------------------
# The backend follows the database: SQLite FTS5 or PostgreSQL tsvector, both jieba-segmented.
SEARCH_MAX_QUERY_LENGTH = int(env("SEARCH_MAX_QUERY_LENGTH", "100"))  # longer queries are cut
SEARCH_PER_PAGE = int(env("SEARCH_PER_PAGE", "20"))
SEARCH_CACHE_SECONDS = int(env("SEARCH_CACHE_SECONDS", "60"))  # result pages for anonymous readers
# Search answers in the page cache (FAZHI_PAGE_CACHE_QUERY_PATHS) live no longer than that.
FAZHI_PAGE_CACHE_QUERY_SECONDS = SEARCH_CACHE_SECONDS
# SQLite: how many of the newest documents the recent index holds (ranked there first, so a
# common word's ranking does not slow down as the site grows); filled by rebuild_search once the
# index has four times as many documents (with a tenth of the index if that is fewer; new articles
# then add up to this many). 0: never.
SEARCH_RECENT_DOCUMENTS = int(env("SEARCH_RECENT_DOCUMENTS", "20000"))

# --- Security --------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    # HTTPS only (nginx terminates TLS and says so in X-Forwarded-Proto): `fazhi check --deploy`
    # is clean with these defaults; a site without a certificate yet sets the two env vars off.
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)

# Wagtail's preview panel shows the page in a same-origin iframe, so X-Frame-Options stays
# SAMEORIGIN (other sites still cannot frame fazhi) instead of the DENY this check asks for.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# --- Staff registry and 人员查询 (fazhi.staff) -------------------------------------------------
# Lookups per client address (N/period, as RATE_LIMITS below), failed lookups before a captcha,
# the least time and the size class (bytes) of every answer so match and no-match look alike.
STAFF_LOOKUP_RATE = env("STAFF_LOOKUP_RATE", "30/h")
STAFF_LOOKUP_CAPTCHA_AFTER = int(env("STAFF_LOOKUP_CAPTCHA_AFTER", "3"))
STAFF_LOOKUP_MIN_SECONDS = float(env("STAFF_LOOKUP_MIN_SECONDS", "0.3"))
STAFF_LOOKUP_SIZE_CLASS = int(env("STAFF_LOOKUP_SIZE_CLASS", "16384"))
# The national press authority's official press-card (新闻记者证) check.
STAFF_PRESS_CARD_CHECK_URL = env("PRESS_CARD_CHECK_URL", "https://press.nppa.gov.cn/")
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10  # minutes

# --- Video channel (fazhi.video) ---------------------------------------------------------------
VIDEO_MAX_UPLOAD_MB = int(env("VIDEO_MAX_UPLOAD_MB", "500"))
# Hosts whose player URLs editors may use instead of an upload (subdomains included).
VIDEO_URL_HOSTS = env_list(
    "VIDEO_URL_HOSTS",
    ["player.bilibili.com", "v.qq.com", "player.youku.com", "open.iqiyi.com", "www.ixigua.com"],
)
# --- Readers: comments, digg, accounts (fazhi.comments, fazhi.accounts) -----------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Older hashes still verify and are upgraded to Argon2 on the next sign-in.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    # Old sites' passwords stay usable (fazhi.legacy): after the preferred hasher (Argon2), so a
    # migrated member's password is re-hashed with Argon2 at the first sign-in.
    "fazhi.legacy.hashers.EmpireCMSPasswordHasher",
    "fazhi.legacy.hashers.DedeCMSPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "fazhi.accounts.validators.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/accounts/comments/"
LOGOUT_REDIRECT_URL = "/"
# Brute force: a username+IP pair is locked after N failures for the cool-off hours.
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "fazhi.accounts.lockout.lockout_response"
AXES_IPWARE_PROXY_COUNT = int(env("PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if env("PROXY_COUNT") else ["REMOTE_ADDR"]
)
# How many reverse proxies (nginx) sit in front: the client IP is taken from X-Forwarded-For
# that many hops from the right; 0 means REMOTE_ADDR.
PROXY_COUNT = int(env("PROXY_COUNT", "0"))
CAPTCHA_FONT_SIZE = 28
CAPTCHA_IMAGE_SIZE = (100, 36)
# Rate limits: "N/period" with period s, m, h or d, e.g. "30/h", "5/10m".
RATE_LIMITS = {
    "digg_ip": env("RATE_DIGG_IP", "300/h"),  # generous: carrier NAT puts many readers on one IP
    "comment_ip": env("RATE_COMMENT_IP", "30/h"),
    "comment_user": env("RATE_COMMENT_USER", "20/h"),
    "report_ip": env("RATE_REPORT_IP", "30/h"),
    "report_user": env("RATE_REPORT_USER", "20/h"),
    "login_ip": env("RATE_LOGIN_IP", "60/h"),
    "login_user": env("RATE_LOGIN_USER", "20/h"),
    "register_ip": env("RATE_REGISTER_IP", "10/h"),
}
# "database" (works everywhere, atomic upserts) or "cache" (Redis INCR); auto: cache with Redis.
RATE_LIMIT_BACKEND = env("RATE_LIMIT_BACKEND", "cache" if REDIS_URL else "database")

# --- Read counts (fazhi.readcounts) ------------------------------------------------------------
# Where reads are added up before the flush: "redis" (one HINCRBY a read) or "database" (one
# upsert a read into a buffer table); the flush task moves them into the stored counts.
FAZHI_READ_COUNT_BACKEND = env("READ_COUNT_BACKEND", "redis" if REDIS_URL else "database")
if FAZHI_READ_COUNT_BACKEND not in ("redis", "database"):
    raise ImproperlyConfigured("FAZHI_READ_COUNT_BACKEND must be redis or database.")
if FAZHI_READ_COUNT_BACKEND == "redis" and not REDIS_URL:
    raise ImproperlyConfigured("FAZHI_READ_COUNT_BACKEND=redis needs FAZHI_REDIS_URL.")
# Seconds between two flushes (fazhi run_scheduler): how long a read takes to show in 阅读 N.
FAZHI_READ_FLUSH_SECONDS = float(env("READ_FLUSH_SECONDS", "30"))
# A browser counted for a page is not counted again for it within this many minutes (reloads).
FAZHI_READ_REVISIT_MINUTES = int(env("READ_REVISIT_MINUTES", "30"))
COMMENT_MAX_LENGTH = int(env("COMMENT_MAX_LENGTH", "1000"))
COMMENTS_PER_PAGE = int(env("COMMENTS_PER_PAGE", "10"))

# --- Migration from EmpireCMS / DedeCMS (fazhi.legacy) ---------------------------------------
# Server where `migrate_from --sql dump.sql` loads a dump into a scratch database.
LEGACY_SCRATCH_URL = env("LEGACY_SCRATCH_URL", "mysql://root@127.0.0.1:3306/")
# Names of those scratch databases (and of the test databases the legacy tests create).
LEGACY_SCRATCH_PREFIX = env("LEGACY_SCRATCH_PREFIX", "fazhi_legacy_")
LEGACY_BATCH_SIZE = int(env("LEGACY_BATCH_SIZE", "500"))

# --- Hardening (fazhi.security) ----------------------------------------------------------------
# Seconds a 503 (database restarting) asks clients to wait before retrying.
FAZHI_RETRY_AFTER = int(env("RETRY_AFTER", "30"))
_player_hosts = [f"https://{h}" for h in VIDEO_URL_HOSTS] + [
    f"https://*.{h}" for h in VIDEO_URL_HOSTS
]
# The public site: scripts and styles only from our own static files (no inline script, no
# eval); JSON-LD is data, which CSP does not block. One policy for every reader (no nonce), so
# cached and exported pages carry it unchanged; deploy/nginx/fazhi.conf sends the same.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "media-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *_player_hosts],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# Wagtail's admin (editors only, behind sign-in) renders a few inline scripts and many inline
# styles, so its policy allows those; it still loads scripts from this site only.
FAZHI_ADMIN_CSP = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "https:"],
        "media-src": ["'self'", "blob:"],
    }
}
FAZHI_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "magnetometer=(), gyroscope=(), accelerometer=()"
)
# The site's scripts read the CSRF token from the live JSON, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
# No Gravatar: editors' e-mail hashes are not sent to a third party (and the admin's CSP holds).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Over-long usernames (hostile input) are cut to what axes' table holds instead of failing.
AXES_USERNAME_CALLABLE = "fazhi.security.axes.axes_username"
SESSION_COOKIE_HTTPONLY = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
