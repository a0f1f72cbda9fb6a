"""``/sitemap.xml``: Wagtail's sitemap, every ``<loc>`` on FAZHI_BASE_URL.

Wagtail builds each location from the page's Site record (``page.get_full_url``); the Site is
kept equal to FAZHI_BASE_URL, and this makes the sitemap agree with the pages' canonical links
even while it is not (``fazhi check`` warns then).
"""

from __future__ import annotations

from typing import Any

from wagtail.contrib.sitemaps import Sitemap

from fazhi.core.urls_absolute import rebased_url


class CanonicalSitemap(Sitemap):
    def get_urls(self, page: int = 1, site: Any = None, protocol: str | None = None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["location"] = rebased_url(url["location"])
            for alternate in url.get("alternates", []):
                alternate["location"] = rebased_url(alternate["location"])
        return urls
