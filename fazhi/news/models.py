"""Channels (栏目) and articles: the pages readers come for."""

from __future__ import annotations

import html
from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from fazhi.core.content import PublicContent
from fazhi.core.pages import ContentPage, content_search_fields
from fazhi.core.panels import HookedPanels
from fazhi.news.blocks import ArticleBodyBlock
from fazhi.news.structured_data import news_article
from fazhi.share.images import share_image as pick_share_image


class ChannelPage(RoutablePageMixin, Page):
    """A 栏目 such as 学界之声: lists the articles below it, newest first, a page at a time."""

    intro = models.TextField("栏目简介", blank=True)
    per_page = models.PositiveSmallIntegerField("每页文章数", default=20)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("per_page")]

    parent_page_types = ["core.HomePage", "news.ChannelPage"]
    subpage_types = ["news.ArticlePage", "news.ChannelPage", "video.VideoPage"]

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"

    def articles(self) -> models.QuerySet[ArticlePage]:
        return (
            ArticlePage.objects.live()
            .public()
            .descendant_of(self)
            .order_by("-publish_time", "-pk")
            .only("id", "title", "url_path", "publish_time", "lead", "source", "author")
        )

    def paginate(self, number: int) -> PaginatorPage:
        """List page ``number`` of the articles and videos below, newest first."""
        from fazhi.news.selectors import NewestFirst, listed_querysets

        entries = NewestFirst(listed_querysets(self))
        paginator = Paginator(entries, self.per_page, allow_empty_first_page=True)
        if number < 1 or number > paginator.num_pages:
            raise Http404("没有这一页")
        return paginator.page(number)

    def page_url(self, number: int) -> str:
        """URL of list page ``number``; a path (not ``?page=``) so static export can write it."""
        return self.url if number == 1 else self.url + self.reverse_subpage("page", args=[number])

    def list_context(self, number: int) -> dict[str, Any]:
        articles = self.paginate(number)
        return {
            "articles": articles,
            "breadcrumb": [*self.get_ancestors().filter(depth__gt=2), self],
            "previous_url": self.page_url(number - 1) if articles.has_previous() else "",
            "next_url": self.page_url(number + 1) if articles.has_next() else "",
        }

    @path("")
    def first_page(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, context_overrides=self.list_context(1))

    @path("page/<int:number>/", name="page")
    def numbered_page(self, request: HttpRequest, number: int) -> HttpResponse:
        if number == 1:
            raise Http404("第一页的地址是栏目地址")  # one URL per content
        return self.render(request, context_overrides=self.list_context(number))

    @path("feed/", name="feed")
    def feed(self, request: HttpRequest) -> HttpResponse:
        from fazhi.news.feeds import ArticleFeed

        return ArticleFeed()(request, channel=self)


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(ContentPage):
    """One news article, laid out like the seed page: meta line, 导读, body, 责任编辑.

    时间, 来源, 作者, 责任编辑, where it lives and the <head> block come from ``ContentPage``."""

    byline = models.CharField(
        "署名",
        max_length=100,
        blank=True,
        help_text="例如：通讯员 董定权；正文开头的记者/通讯员署名。",
    )
    byline_staff = models.ForeignKey(
        "staff.StaffMember",
        verbose_name="署名人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bylined_articles",
        help_text="关联人员库中的记录后，署名旁显示“已核验”标记；人员注销后标记自动消失。",
    )
    lead = models.TextField("导读", blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name="正文", blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="封面图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager("标签", through=ArticlePageTag, blank=True)
    source_url = models.URLField(
        "原文地址",
        max_length=500,
        blank=True,
        db_index=True,
        help_text="导入的文章记录其原始网址。",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("publish_time"),
                FieldRowPanel([FieldPanel("source"), FieldPanel("author")]),
                FieldPanel("byline"),
                FieldPanel("byline_staff"),
            ],
            heading="时间、来源与作者",
        ),
        FieldPanel("lead"),
        FieldPanel("body"),
        # Filled from the final approver (fazhi.editorial); only 总编辑 may type another name.
        FieldPanel("responsible_editor", permission="editorial.override_responsible_editor"),
        MultiFieldPanel(
            [FieldPanel("cover_image"), FieldPanel("tags"), FieldPanel("source_url")],
            heading="封面、标签与来源",
        ),
        InlinePanel("corrections", heading="更正", label="更正"),
        HookedPanels("related"),  # 相关阅读 pins and drops (fazhi.related)
        HookedPanels("review"),  # 审稿记录 (fazhi.editorial)
    ]

    search_fields = content_search_fields(index.SearchField("lead"), index.SearchField("body"))

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"

    @classmethod
    def listing_queryset(cls) -> models.QuerySet[ArticlePage]:
        """What channel lists, the home page and feeds read (live; selectors drop private ones)."""
        return cls.objects.live().only(
            "id", "title", "url_path", "path", "publish_time", "lead", "source", "author"
        )

    def neighbours(self) -> Any:
        """上一篇/下一篇 in the channel (``fazhi.news.selectors.neighbours``): one query."""
        from fazhi.news.selectors import neighbours

        return neighbours(self)

    def headings(self) -> list[tuple[str, str]]:
        """(anchor, text) of each section heading, for the 目录."""
        return [
            (f"s-{child.id}", child.value) for child in self.body if child.block_type == "heading"
        ]

    def plain_text(self) -> str:
        """The body as plain text: for descriptions, feeds and search."""
        parts: list[str] = []
        for child in self.body:
            if child.block_type == "paragraph":
                # Plain text: entities such as &lt; become the characters they stand for.
                parts.append(html.unescape(strip_tags(child.value.source)))
            elif child.block_type == "heading":
                parts.append(child.value)
            elif child.block_type == "quote":
                parts.append(child.value["text"])
        return "\n".join(parts)

    def public_content(self) -> PublicContent:
        parent = self.get_parent()
        return PublicContent(
            title=self.title,
            publish_time=self.publish_time,
            lead=self.lead,
            body=self.plain_text(),
            author=self.author,
            source=self.source,
            channel=parent.title if parent else "",
            tags=[tag.name for tag in self.tags.all()],
        )

    def summary(self, length: int = 120) -> str:
        text = self.lead or self.plain_text()
        text = " ".join(text.split())
        return text if len(text) <= length else text[: length - 1] + "…"

    # The <head> block (ContentPage, core/includes/content_head.html).
    def share_image(self) -> Any | None:
        return pick_share_image(self)  # the cover, else the body's first picture

    def head_meta(self) -> list[tuple[str, str]]:
        meta = [("article:published_time", timezone.localtime(self.publish_time).isoformat())]
        if self.author:
            meta.append(("article:author", self.author))
        return meta

    def structured_data(self, site_name: str, image_url: str = "") -> dict[str, Any]:
        return news_article(self, site_name, image_url)
