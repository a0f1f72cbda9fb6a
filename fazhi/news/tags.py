"""Tag pages (/tags/<标签>/): which articles carry a tag, newest first, and the tag's URLs."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import Page

from fazhi.news.models import ArticlePage

TAG_PAGE_SIZE = 20


def find_tag(name: str) -> Tag | None:
    """The tag named exactly ``name`` (Chinese as typed; URL decoding is Django's) that at least
    one article carries, or None."""
    name = name.strip()
    if not name:
        return None
    return Tag.objects.filter(name=name, news_articlepagetag_items__isnull=False).first()


def tagged_articles(tag: Tag) -> QuerySet[ArticlePage]:
    """Live, public articles with ``tag``, newest first (the channel lists' order)."""
    private = Page.objects.all().private_q()
    return (
        ArticlePage.listing_queryset()
        .filter(tagged_items__tag=tag)
        .exclude(private)
        .order_by("-publish_time", "-pk")
    )


def tag_url(name: str, number: int = 1) -> str:
    """``/tags/民法典/`` (percent-encoded), ``/tags/民法典/page/2/``."""
    if number == 1:
        return reverse("news:tag", args=[name])
    return reverse("news:tag_page", args=[name, number])
