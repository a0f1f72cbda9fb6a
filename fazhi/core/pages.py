"""What the pages readers come for — an article (文章), a video (视频) — share.

``ContentPage`` is an abstract Wagtail page: the 时间 / 来源 / 作者 / 责任编辑 fields, the search
fields around a type's own text, where it may live (under a 栏目), the breadcrumb, and what the
``<head>`` block (``core/includes/content_head.html``, ``{% content_head %}``) reads: Open
Graph type, share image, extra ``<meta property>`` tags and the JSON-LD. A page type fills in
``summary``, ``share_image``, ``head_meta`` and ``structured_data``; the public shape that search
and feeds read is still ``public_content()`` (``fazhi.core.content``).

Abstract, so the fields stay in each type's own table (no schema change for ArticlePage or
VideoPage); ``parent_page_types`` names the channel type by label only (no import upwards).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page
from wagtail.search import index

if TYPE_CHECKING:
    from wagtail.images.models import AbstractImage


def content_search_fields(*text_fields: index.BaseField) -> list[index.BaseField]:
    """Wagtail's page fields, then the type's own text (``text_fields``), then the credits and
    the date every content page is searched and filtered by."""
    return [
        *Page.search_fields,
        *text_fields,
        index.SearchField("author"),
        index.SearchField("source"),
        index.FilterField("publish_time"),
    ]


class ContentPage(Page):
    """An abstract page with a date and credits, living under a channel (栏目)."""

    publish_time = models.DateTimeField("时间", default=timezone.now, db_index=True)
    source = models.CharField("来源", max_length=100, blank=True)
    author = models.CharField("作者", max_length=100, blank=True)
    responsible_editor = models.CharField("责任编辑", max_length=100, blank=True)

    search_fields = content_search_fields()

    parent_page_types: ClassVar[list[str]] = ["news.ChannelPage"]
    subpage_types: ClassVar[list[str]] = []

    # The <head> block: og:type, and the rendition of the share image that og:image names.
    og_type: ClassVar[str] = "article"
    share_image_spec: ClassVar[str] = "fill-1200x630"

    class Meta:
        abstract = True

    def summary(self, length: int = 120) -> str:
        """Plain text of at most ``length`` characters: description, og:description, feeds."""
        raise NotImplementedError

    def share_image(self) -> AbstractImage | None:
        """The image a shared link shows (og:image, WeChat's itemprop image), or None."""
        return None

    def head_meta(self) -> list[tuple[str, str]]:
        """Extra ``<meta property=… content=…>`` tags of this type, in order."""
        return []

    def structured_data(self, site_name: str, image_url: str = "") -> dict[str, Any]:
        """The schema.org JSON-LD object; ``image_url`` is the absolute URL of og:image."""
        raise NotImplementedError

    def breadcrumb(self) -> list[Page]:
        """The channels above the page. The static export sets ``_breadcrumb`` for a whole
        batch of pages in one query (``fazhi.serving.export``)."""
        crumbs = self.__dict__.get("_breadcrumb")
        if crumbs is None:
            crumbs = list(self.get_ancestors().filter(depth__gt=2))
        return crumbs

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        # The method, not its result: the template calls it only when the breadcrumb is
        # rendered (a cached fragment is not), not on every request (building the query alone
        # cost ~10 % of an article view).
        context["breadcrumb"] = self.breadcrumb
        return context
