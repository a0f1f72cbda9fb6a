"""schema.org NewsArticle for search engines (JSON-LD)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.timezone import localtime

from fazhi.core.urls_absolute import absolute_url, page_url

if TYPE_CHECKING:
    from fazhi.news.models import ArticlePage


def news_article(page: ArticlePage, site_name: str, image_url: str = "") -> dict[str, Any]:
    """The article's NewsArticle; every URL in it is on FAZHI_BASE_URL (``image_url`` is og:image's)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "datePublished": localtime(page.publish_time).isoformat(),
        "dateModified": localtime(page.last_published_at or page.publish_time).isoformat(),
        "mainEntityOfPage": page_url(page),
        "inLanguage": "zh-CN",
        "publisher": {"@type": "Organization", "name": site_name, "url": absolute_url("/")},
        "description": page.summary(200),
    }
    if image_url:
        data["image"] = [image_url]
    if page.author:
        data["author"] = [{"@type": "Person", "name": page.author}]
    if page.source:
        data["sourceOrganization"] = {"@type": "Organization", "name": page.source}
    return data
