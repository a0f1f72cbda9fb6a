"""The reader-facing pages the accessibility, phone-layout, print and speed checks visit,
and the in-browser tools they use (axe-core from npm, tap-target and font-size probes)."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
AXE_JS = os.path.join(REPO_ROOT, "node_modules", "axe-core", "axe.min.js")
# WCAG 2.1 level A and AA rules; best-practice rules are not part of the promise.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


@dataclass(frozen=True)
class ReaderPages:
    """Paths of one of each public page type, on a site with the demo content."""

    home: str
    channel: str
    article: str
    video: str
    search: str
    staff: str
    login: str
    register: str

    def items(self) -> list[tuple[str, str]]:
        return list(self.__dict__.items())


def build_reader_pages(home) -> ReaderPages:
    """Demo channels, the seed article (with its verified byline), the demo video and staff."""
    from fazhi.importers.demo import SEED_PAGE, ensure_channels
    from fazhi.importers.pages import apply_site_footer, import_file
    from fazhi.staff.demo import load_demo_staff
    from fazhi.video.demo import load_demo_video

    ensure_channels(home)
    result, parsed = import_file(SEED_PAGE, home)
    apply_site_footer(parsed.footer)
    article = with_pictures(result.page)
    # Two approved comments, one a reply: the list, its buttons and pager are checked too.
    from fazhi.comments.models import Comment

    first = Comment.objects.create(
        page=article, author_name="普法读者", text="写得很好，支持法治建设！", status="approved"
    )
    Comment.objects.create(
        page=article, parent=first, author_name="匿名网友", text="同意。", status="approved"
    )
    load_demo_staff(io.StringIO())
    video = load_demo_video(io.StringIO())
    assert video is not None
    return ReaderPages(
        home="/",
        channel=article.get_parent().url,
        article=article.url,
        video=video.url,
        search="/search/?q=公共法律服务",
        staff="/staff/",
        login="/accounts/login/",
        register="/accounts/register/",
    )


def _photo(title: str, size: tuple[int, int], colour: str):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images.models import Image

    canvas = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(canvas)
    for x in range(0, size[0], 40):  # some detail, so the JPEG has a realistic weight
        draw.line((x, 0, size[0] - x, size[1]), fill="#ffffff", width=3)
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=85)
    image = Image(title=title, file=ImageFile(buffer, name=f"{title}.jpg"))
    image.save()
    return image


def with_pictures(article):
    """The seed article with a cover picture and a picture in its body, published."""
    article.cover_image = _photo("法治宣传进社区", (1600, 900), "#4a6785")
    picture = _photo("普法讲座现场", (1200, 800), "#7d5a3c")
    body = list(article.body.raw_data)
    body.insert(3, {"type": "image", "value": {"image": picture.pk, "caption": "普法讲座现场"}})
    article.body = body
    article.save_revision().publish()
    return type(article).objects.get(pk=article.pk)


def axe_violations(page) -> list[dict]:
    """Runs axe-core in the page for the WCAG 2.1 A/AA rules; returns its violations."""
    if not os.path.exists(AXE_JS):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{AXE_JS} is missing: `make test` runs `npm ci`")
        pytest.skip("axe-core is not installed; run `make npm`")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE_JS)
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})).violations.map(v => ({id: v.id, impact: v.impact,"
        " help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: '"
        " + n.failureSummary)}))",
        WCAG_TAGS,
    )


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations
    )


# Tap targets (WCAG 2.5.5 asks 44 x 44 CSS px): every visible link, button and form control,
# except a link that sits inside a sentence (its block holds more text than the link: the inline
# exception of WCAG 2.5.5/2.5.8). A control inside its <label> is measured with the label, which
# the whole of takes the tap.
TAP_TARGETS_JS = """
(minimum) => {
  const blockOf = (el) => {
    let node = el.parentElement;
    while (node && getComputedStyle(node).display.startsWith('inline')) node = node.parentElement;
    return node;
  };
  const small = [];
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  for (const el of document.querySelectorAll(selector)) {
    const target = el.closest('label') || el;
    const rect = target.getBoundingClientRect();
    const style = getComputedStyle(target);
    if (rect.width <= 1 || rect.height <= 1 || style.visibility === 'hidden') continue;
    if (rect.right < 0 || rect.bottom < 0) continue;  // off-screen until focused (skip link)
    if (el.closest('[aria-hidden=true]')) continue;
    if (el.tagName === 'A') {
      const block = blockOf(el);
      const own = el.textContent.trim().length;
      if (block && block.textContent.trim().length > own) continue;
    }
    if (rect.height < minimum || rect.width < minimum) {
      small.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).replace(/ /g, '.') : ''}`
        + ` "${(el.textContent || el.name || '').trim().slice(0, 20)}" ${Math.round(rect.width)}x${Math.round(rect.height)}`);
    }
  }
  return small;
}
"""

# Text size: every visible text run, by its element's computed font size.
SMALL_TEXT_JS = """
(minimum) => {
  const small = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const el = walker.currentNode.parentElement;
    if (!text || !el || el.closest('script, style, noscript, [hidden], [aria-hidden=true]')) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1 || rect.right < 0) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < minimum) small.set(`${el.tagName.toLowerCase()}.${el.className} ${size}px`, text.slice(0, 20));
  }
  return Array.from(small, ([where, text]) => `${where} "${text}"`);
}
"""

OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"
