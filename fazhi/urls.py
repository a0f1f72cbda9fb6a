"""URL map: each app's own urls first, then Wagtail's page tree for everything else."""

from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from fazhi.core.sitemaps import CanonicalSitemap

# A database outage raised outside a view answers 503 too (fazhi.security.database).
handler500 = "fazhi.security.database.server_error"

urlpatterns = [
    path(settings.FAZHI_ADMIN_PATH, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": CanonicalSitemap}}, name="sitemap"),
    path("", include("fazhi.core.urls")),
    path("", include("fazhi.news.urls")),
    path("search/", include("fazhi.search.urls")),
    path("staff/", include("fazhi.staff.urls")),
    path("captcha/", include("captcha.urls")),
    path("", include("fazhi.video.urls")),
    path("", include("fazhi.comments.urls")),
    path("", include("fazhi.readcounts.urls")),
    path("accounts/", include("fazhi.accounts.urls")),
    path("api/", include("fazhi.search.api_urls")),
]

if settings.SERVE_MEDIA:
    # Development and single-box installs; in production nginx serves /media/.
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

urlpatterns.append(path("", include(wagtail_urls)))
