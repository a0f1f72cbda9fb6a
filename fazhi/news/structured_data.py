"""schema.org NewsArticle for search engines (JSON-LD)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.timezone import localtime

from fazhi.news.models import ArticlePage


def news_article(
    page: ArticlePage, site_name: str, request: HttpRequest | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "datePublished": localtime(page.publish_time).isoformat(),
        "dateModified": localtime(page.last_published_at or page.publish_time).isoformat(),
        "mainEntityOfPage": page.get_full_url(request),
        "inLanguage": "zh-CN",
        "publisher": {"@type": "Organization", "name": site_name},
        "description": page.summary(200),
    }
    if page.author:
        data["author"] = [{"@type": "Person", "name": page.author}]
    if page.source:
        data["sourceOrganization"] = {"@type": "Organization", "name": page.source}
    return data
