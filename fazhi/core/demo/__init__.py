"""Demo content for ``fazhi load_demo``: the seed article and a few channels and articles."""

from __future__ import annotations

from pathlib import Path

from wagtail.models import Page

from fazhi.news.models import ChannelPage

PAGES_DIR = Path(__file__).resolve().parent / "pages"
SEED_PAGE = PAGES_DIR / "000_e5f525cd22f2dae1.txt"

# (title, slug, intro): the demo channels, in menu order. 视频 is the video channel.
CHANNELS = [
    ("法治要闻", "fzyw", "法治领域的重要新闻。"),
    ("学界之声", "xjzs", "法学界、实务界的观点与评论。"),
    ("普法园地", "pufa", "以案释法，普及法律知识。"),
    ("视频", "video", "本站视频报道。"),
]


def ensure_channels(home: Page) -> list[ChannelPage]:
    """Create the demo channels once; later runs leave them (and editors' changes) alone."""
    channels = []
    for title, slug, intro in CHANNELS:
        channel = ChannelPage.objects.child_of(home).filter(slug=slug).first()
        if channel is None:
            channel = ChannelPage(title=title, slug=slug, intro=intro, show_in_menus=True)
            home.add_child(instance=channel)
            channel.save_revision().publish()
        channels.append(channel)
    return channels
