"""The header's 搜索 box. For now Wagtail's own search backend; see the search issue."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from fazhi.news.models import ArticlePage

MAX_QUERY_LENGTH = 100


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    truncated = len(query) > MAX_QUERY_LENGTH
    query = query[:MAX_QUERY_LENGTH]
    results = None
    if query:
        matches = ArticlePage.objects.live().public().search(query)
        results = Paginator(matches, 20).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "search/search_results.html",
        {"query": query, "results": results, "truncated": truncated},
    )
