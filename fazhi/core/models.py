"""The home page and the site-wide settings shown in every page's header and footer."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page

from fazhi.core.hooks import HOME_PAGE_CONTEXT


class HomePage(Page):
    """The site's front page: the latest articles of each channel."""

    intro = models.TextField("首页简介", blank=True, help_text="显示在首页顶部，可留空。")
    articles_per_channel = models.PositiveSmallIntegerField("每个栏目显示文章数", default=6)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("articles_per_channel")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.ChannelPage"]
    max_count = 1

    class Meta:
        verbose_name = "首页"
        verbose_name_plural = "首页"

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        # What the home page lists comes from the apps that own it (fazhi.news: channel_sections).
        for contribute in hooks.get_hooks(HOME_PAGE_CONTEXT):
            context.update(contribute(request, self))
        return context


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Footer facts a Chinese news site must print, editable in 设置 > 站点信息."""

    broadcast_licence = models.CharField(
        "广播电视节目制作经营许可证", max_length=100, blank=True, help_text="例如：(京)字第22754号"
    )
    icp_number = models.CharField(
        "ICP备案号", max_length=100, blank=True, help_text="例如：京ICP备10039517号"
    )
    police_filing = models.CharField(
        "公安备案号", max_length=100, blank=True, help_text="例如：京公网安备11010102007124号"
    )
    supervision_phone = models.CharField("监督电话", max_length=100, blank=True)
    chief_editor_email = models.EmailField("总编邮箱", blank=True)
    copyright_notice = models.CharField("版权声明", max_length=200, blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("broadcast_licence"),
                FieldPanel("icp_number"),
                FieldPanel("police_filing"),
            ],
            heading="许可与备案",
        ),
        MultiFieldPanel(
            [
                FieldPanel("supervision_phone"),
                FieldPanel("chief_editor_email"),
                FieldPanel("copyright_notice"),
            ],
            heading="联系与版权",
        ),
    ]

    class Meta:
        verbose_name = "站点信息"

    @property
    def police_filing_code(self) -> str:
        """The digits of 公安备案号, which the beian.gov.cn record URL needs."""
        return "".join(ch for ch in self.police_filing if ch.isdigit())
