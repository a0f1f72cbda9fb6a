"""Writes parsed article pages into the page tree: channels from the breadcrumb, one ArticlePage each.

Parsing is in :mod:`fazhi.importers.parsing` (pure functions); this module only stores.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.timezone import localtime
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from fazhi.core.models import SiteSettings
from fazhi.importers.parsing import BodyBlock, ParsedArticle, SiteFooter, parse_bytes
from fazhi.news.models import ArticlePage, ChannelPage
from fazhi.staff.lookup import match_byline_staff

IMPORTABLE_SUFFIXES = {".txt", ".html", ".htm", ".shtml", ".xhtml"}
DEFAULT_CHANNEL = "未分类"


@dataclass(frozen=True)
class ImportResult:
    page: ArticlePage
    created: bool


def default_home() -> Page:
    site = Site.objects.select_related("root_page").get(is_default_site=True)
    return site.root_page


def ensure_channel(home: Page, titles: list[str]) -> ChannelPage:
    """The channel at breadcrumb ``titles`` below ``home``, creating missing levels."""
    parent: Page = home
    channel: ChannelPage | None = None
    for title in titles or [DEFAULT_CHANNEL]:
        channel = ChannelPage.objects.child_of(parent).filter(title=title).first()
        if channel is None:
            channel = ChannelPage(
                title=title,
                slug=unique_child_slug(parent, channel_slug(title)),
                show_in_menus=parent.depth == home.depth,
            )
            parent.add_child(instance=channel)
            channel.save_revision().publish()
        parent = channel
    assert channel is not None
    return channel


def body_stream(blocks: list[BodyBlock]) -> list[tuple[str, object]]:
    """StreamField data for parsed body blocks; paragraph text is escaped, never trusted as HTML."""
    stream: list[tuple[str, object]] = []
    for block in blocks:
        if block.kind == "heading":
            stream.append(("heading", block.text))
        else:
            stream.append(("paragraph", RichText(f"<p>{escape(block.text)}</p>")))
    return stream


def channel_slug(title: str) -> str:
    """Pinyin initials of a channel title (学界之声 → ``xjzs``), as EmpireCMS class paths look.

    Chinese slugs would make unreadable percent-encoded URLs.
    """
    # Imported here: pypinyin's tables are ~55 MB, and every web worker imports this module.
    from pypinyin import Style, lazy_pinyin

    initials = lazy_pinyin(title, style=Style.FIRST_LETTER, errors="default")
    return slugify("".join(initials)) or "channel"


def article_slug(publish_time: datetime) -> str:
    """A short ASCII slug from the publish time (``20190828-113351``), as old CMSes used."""
    return localtime(publish_time).strftime("%Y%m%d-%H%M%S")


def unique_child_slug(parent: Page, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``… when a sibling already has it."""
    taken = set(
        Page.objects.child_of(parent).filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def find_existing(parsed: ParsedArticle, channel: ChannelPage) -> ArticlePage | None:
    """The page an earlier import of the same article created: by source URL, else by identity."""
    if parsed.source_url:
        return ArticlePage.objects.filter(source_url=parsed.source_url).first()
    return (
        ArticlePage.objects.child_of(channel)
        .filter(title=parsed.title, publish_time=parsed.publish_time)
        .first()
    )


@transaction.atomic
def import_article(parsed: ParsedArticle, home: Page | None = None) -> ImportResult:
    """Create or update the ArticlePage for ``parsed`` and publish it, all or nothing."""
    home = home or default_home()
    channel = ensure_channel(home, parsed.channel_path)
    page = find_existing(parsed, channel)
    created = page is None
    if page is None:
        page = ArticlePage(
            title=parsed.title, slug=unique_child_slug(channel, article_slug(parsed.publish_time))
        )
    page.title = parsed.title
    page.publish_time = parsed.publish_time
    page.source = parsed.source
    page.author = parsed.author
    page.byline = parsed.byline
    if page.byline_staff_id is None:
        # Link the byline to the staff registry when exactly one active record has that name;
        # a link an editor chose is never replaced.
        page.byline_staff = match_byline_staff(parsed.byline, parsed.author)
    page.lead = parsed.lead
    page.body = body_stream(parsed.body)
    page.responsible_editor = parsed.responsible_editor
    page.source_url = parsed.source_url
    if created:
        channel.add_child(instance=page)
    page.save_revision().publish()
    return ImportResult(page=page, created=created)


def apply_site_footer(footer: SiteFooter, site: Site | None = None) -> SiteSettings:
    """Fill the footer settings (and the site name) from a scraped page's footer.

    Only fields the page actually has are written, so a sparse page never blanks stored values.
    """
    site = site or Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    for field in (
        "broadcast_licence",
        "icp_number",
        "police_filing",
        "supervision_phone",
        "chief_editor_email",
    ):
        value = getattr(footer, field)
        if value:
            setattr(site_settings, field, value)
    site_settings.full_clean()
    site_settings.save()
    if footer.site_name and footer.site_name != site.site_name:
        site.site_name = footer.site_name
        site.save(update_fields=["site_name"])
    return site_settings


def collect_files(paths: list[str | Path]) -> list[Path]:
    """Files named directly, plus importable files found in named folders (sorted, for stable runs)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in IMPORTABLE_SUFFIXES
                )
            )
        else:
            files.append(path)
    return files


def import_file(path: Path, home: Page | None = None) -> tuple[ImportResult, ParsedArticle]:
    """Parse and store one file. Raises PageParseError or OSError with the reason."""
    parsed = parse_bytes(path.read_bytes(), filename=path.name)
    return import_article(parsed, home), parsed
