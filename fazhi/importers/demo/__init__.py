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


# Realistic rule-of-law tags of the demo articles (file name → tags): each links to its tag page.
DEMO_TAGS = {
    "000_e5f525cd22f2dae1.txt": ["依法治国", "司法行政", "宪法宣传周", "普法"],
    "010_fzyw_legal_aid.txt": ["法律援助", "公共法律服务", "普法"],
    "020_pufa_labor_contract.txt": ["民法典", "劳动合同", "以案释法", "普法"],
    "030_xjzs_rule_of_law_government.txt": ["法治政府", "依法治国", "扫黑除恶"],
    "040_fzyw_mediation.txt": ["人民调解", "民法典", "公共法律服务"],
}


def ensure_tags(page: Any, names: list[str]) -> bool:
    """Give a demo article its tags once (a published revision); False when it has them all."""
    have = set(page.tags.names())
    if set(names) <= have:
        return False
    page.tags.add(*[name for name in names if name not in have])
    page.save_revision().publish()
    return True


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
        ensure_tags(result.page.specific, DEMO_TAGS.get(path.name, []))
        action = "新建" if result.created else "已有"
        stdout.write(f"{action}文章：{result.page.title} {result.page.url}")
