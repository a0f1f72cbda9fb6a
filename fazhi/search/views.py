"""The header's 搜索 (``/search/?q=``) and the same results as JSON (``/api/search?q=``)."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from fazhi.search.forms import SearchForm
from fazhi.search.service import GENERATION_KEY, SearchResults, run_search


def _results(form: SearchForm) -> SearchResults:
    """Results for a valid form, from the cache when the same search ran a moment ago.

    Only public content is indexed, so results are the same for every reader; the key includes
    a generation number that every index change bumps.
    """
    data = form.cleaned_data
    generation = cache.get(GENERATION_KEY, 0)
    raw = json.dumps([data.get(k) for k in sorted(data)], default=str, ensure_ascii=False)
    key = f"search:results:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"
    outcome = cache.get(key)
    if outcome is None:
        outcome = run_search(
            data.get("q") or "", form.filters(), data.get("sort") or "relevance", data["page"] or 1
        )
        cache.set(key, outcome, settings.SEARCH_CACHE_SECONDS)
    return outcome


def _cache_headers(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=settings.SEARCH_CACHE_SECONDS)
    return response


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    outcome = _results(form) if form.is_valid() and form.cleaned_data["q"] else None
    response = TemplateResponse(
        request,
        "search/search_results.html",
        {
            "form": form,
            "query": form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else "",
            "outcome": outcome,
            "max_length": settings.SEARCH_MAX_QUERY_LENGTH,
            "page_links": _page_links(request, outcome),
        },
    )
    return _cache_headers(request, response)


def api_search(request: HttpRequest) -> JsonResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"error": "搜索参数有误。", "fields": errors}, status=400)
    outcome = _results(form) if form.cleaned_data["q"] else None
    body: dict = {"query": form.cleaned_data["q"], "total": 0, "results": []}
    if outcome:
        body.update(
            query=outcome.query.text,
            truncated=outcome.query.truncated,
            notice=_truncated_notice() if outcome.query.truncated else "",
            total=outcome.total,
            total_exact=outcome.total_exact,
            page=outcome.page,
            num_pages=outcome.num_pages,
            results=[
                {
                    "title": r.plain_title,
                    "title_html": str(r.title),
                    "url": r.url,
                    "channel": r.channel,
                    "author": r.author,
                    "publish_time": r.publish_time.isoformat(),
                    "snippet_html": str(r.snippet),
                }
                for r in outcome.results
            ],
            suggestions=[{"word": w, "total": n} for w, n in outcome.suggestions],
        )
    return _cache_headers(request, JsonResponse(body, json_dumps_params={"ensure_ascii": False}))


def _truncated_notice() -> str:
    return f"搜索词过长，已截取前 {settings.SEARCH_MAX_QUERY_LENGTH} 个字。"


def _page_links(request: HttpRequest, outcome: SearchResults | None) -> dict:
    if not outcome or outcome.num_pages <= 1:
        return {}
    params = request.GET.copy()
    links = {}
    if outcome.page > 1:
        params["page"] = outcome.page - 1
        links["previous"] = "?" + params.urlencode()
    if outcome.page < outcome.num_pages:
        params["page"] = outcome.page + 1
        links["next"] = "?" + params.urlencode()
    return links
