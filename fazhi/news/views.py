"""Tag pages and their feeds: thin views over ``fazhi.news.tags``."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.news.feeds import TagFeed
from fazhi.news.tags import TAG_PAGE_SIZE, find_tag, tag_url, tagged_articles


def _missing(request: HttpRequest, name: str) -> HttpResponse:
    return render(request, "news/tag_missing.html", {"tag_name": name}, status=404)


def tag_page(request: HttpRequest, tag: str, number: int = 1) -> HttpResponse:
    found = find_tag(tag)
    if found is None:
        return _missing(request, tag)
    if number == 1 and request.resolver_match.url_name == "tag_page":
        raise Http404("第一页的地址是标签地址")  # one URL per content
    paginator = Paginator(tagged_articles(found), TAG_PAGE_SIZE, allow_empty_first_page=True)
    if number < 1 or number > paginator.num_pages:
        raise Http404("没有这一页")
    articles = paginator.page(number)
    context = {
        "tag": found,
        "articles": articles,
        "feed_url": tag_url(found.name) + "feed/",
        "previous_url": tag_url(found.name, number - 1) if articles.has_previous() else "",
        "next_url": tag_url(found.name, number + 1) if articles.has_next() else "",
    }
    return render(request, "news/tag_page.html", context)


def tag_feed(request: HttpRequest, tag: str) -> HttpResponse:
    found = find_tag(tag)
    if found is None:
        return _missing(request, tag)
    return TagFeed()(request, tag=found)
