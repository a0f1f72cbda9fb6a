"""Demo content for ``fazhi load_demo``: the channels, the seed article and a few more articles,
stored through the page importer (the first ``load_demo`` hook: the other apps' demo data goes
into these channels and onto the seed article)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wagtail.models import Page

from fazhi.importers.pages import apply_site_footer, collect_files, default_home, import_file
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


def load_demo(stdout: Any) -> None:
    """The demo channels and articles (the seed article also fills the footer settings)."""
    home = default_home()
    ensure_channels(home)
    for path in collect_files([PAGES_DIR]):
        result, parsed = import_file(path, home)
        if path == SEED_PAGE:
            apply_site_footer(parsed.footer)
        action = "新建" if result.created else "已有"
        stdout.write(f"{action}文章：{result.page.title} {result.page.url}")
