"""RSS 2.0 feeds: the whole site at /feed/, and each channel at <channel>/feed/.

Every link (channel, items, guid, enclosures, the feed's own ``atom:link``) is absolute on
FAZHI_BASE_URL, whatever host the reader asked: Django would prefix the request's host."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Rss201rev2Feed
from wagtail.models import Page, Site

from fazhi.core.urls_absolute import absolute_url, page_url
from fazhi.news.models import ArticlePage, ChannelPage
from fazhi.news.selectors import listed_querysets, newest_first

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
        return page_url(channel, self.request) if channel else absolute_url("/")

    def feed_url(self, channel: ChannelPage | None) -> str:
        return absolute_url(self.request.path)

    def description(self, channel: ChannelPage | None) -> str:
        return (channel.intro if channel else "") or self.title(channel)

    def items(self, channel: ChannelPage | None) -> list[Page]:
        """Newest articles and videos: FEED_LENGTH of each type, merged (one query per type)."""
        root = channel or (self.site.root_page if self.site else None)
        if root is None:
            return []
        return newest_first([qs[:FEED_LENGTH] for qs in listed_querysets(root)], FEED_LENGTH)

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.summary(300)

    def item_link(self, item: ArticlePage) -> str:
        return page_url(item, self.request)

    def item_pubdate(self, item: ArticlePage):
        return item.publish_time

    def item_author_name(self, item: ArticlePage) -> str:
        return item.author

    # Video pages carry their file as an RSS enclosure (podcast-style readers play it).
    def item_enclosure_url(self, item: Page) -> str | None:
        video_file = getattr(item, "video_file", None)
        return absolute_url(video_file.url) if video_file else None

    def item_enclosure_length(self, item: Page) -> int | None:
        video_file = getattr(item, "video_file", None)
        try:
            return video_file.size if video_file else None
        except OSError:
            return 0  # the file went missing: still list the page

    def item_enclosure_mime_type(self, item: Page) -> str | None:
        return item.video_mime() if getattr(item, "video_file", None) else None


class TagFeed(ArticleFeed):
    """Newest articles with one tag, at /tags/<标签>/feed/."""

    def get_object(self, request: HttpRequest, tag=None):  # type: ignore[override]
        self.request = request
        self.site = Site.find_for_request(request)
        return tag

    def title(self, tag) -> str:  # type: ignore[override]
        name = self.site.site_name if self.site and self.site.site_name else "法治报道"
        return f"{name} - 标签：{tag.name}"

    def link(self, tag) -> str:  # type: ignore[override]
        from fazhi.news.tags import tag_url

        return absolute_url(tag_url(tag.name))

    def description(self, tag) -> str:  # type: ignore[override]
        return self.title(tag)

    def items(self, tag) -> list[Page]:  # type: ignore[override]
        from fazhi.news.tags import tagged_articles

        return list(tagged_articles(tag)[:FEED_LENGTH])
