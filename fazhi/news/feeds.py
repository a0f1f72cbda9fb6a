"""RSS 2.0 feeds: the whole site at /feed/, and each channel at <channel>/feed/."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.feedgenerator import Rss201rev2Feed
from wagtail.models import Site

from fazhi.news.models import ArticlePage, ChannelPage

FEED_LENGTH = 30


class ArticleFeed(Feed):
    """Newest articles of the site, or of one channel when ``channel`` is given."""

    feed_type = Rss201rev2Feed
    language = "zh-cn"

    def get_object(self, request: HttpRequest, channel: ChannelPage | None = None):
        self.request = request
        self.site = Site.find_for_request(request)
        return channel

    def title(self, channel: ChannelPage | None) -> str:
        name = self.site.site_name if self.site and self.site.site_name else "法治报道"
        return f"{name} - {channel.title}" if channel else name

    def link(self, channel: ChannelPage | None) -> str:
        return channel.url if channel else "/"

    def description(self, channel: ChannelPage | None) -> str:
        return (channel.intro if channel else "") or self.title(channel)

    def items(self, channel: ChannelPage | None) -> QuerySet[ArticlePage]:
        articles = ArticlePage.objects.live().public()
        if channel is not None:
            articles = articles.descendant_of(channel)
        elif self.site is not None:
            articles = articles.descendant_of(self.site.root_page)
        return articles.order_by("-publish_time", "-pk")[:FEED_LENGTH]

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.summary(300)

    def item_link(self, item: ArticlePage) -> str:
        return item.get_url(self.request)

    def item_pubdate(self, item: ArticlePage):
        return item.publish_time

    def item_author_name(self, item: ArticlePage) -> str:
        return item.author
