"""Walk admin screens and report every visible string still in English.

A reusable helper: an app adds its admin screens to the walk in ``test_admin_chinese.py`` with
one line each (an URL, or an ``AdminScreen`` when the screen is a modal or a POST result).

What counts as visible: text nodes (outside ``<script>``/``<style>``, ``<code>``/``<kbd>``
whose content is code or key names, and elements with the ``hidden`` attribute; screen-reader-only
text counts), the ``title``, ``aria-label``, ``placeholder``, ``alt``
attributes, Wagtail's tooltip attribute and the labels of ``<input type=submit|button>``.
Modal views answer JSON with the markup under ``"html"``; that markup is walked too.

What is allowed to stay Latin: brand names (``BRANDS``), upper-case abbreviations (URL, API,
ID, PNG...), web addresses, e-mail addresses, paths and file names, numbers, and the data
values a test passes in ``allow`` (usernames, slugs: what the newsroom typed, not UI).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString

# Product names a Chinese UI keeps in Latin letters.
BRANDS = frozenset(
    {"Wagtail", "Django", "Draftail", "JavaScript", "Gravatar", "Unicode", "Markdown", "Chrome"}
)
VISIBLE_ATTRS = (
    "title",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "placeholder",
    "alt",
    "data-w-tooltip-content-value",
)
# Not shown as text: scripts, code and key names, an iframe's fallback content.
SKIPPED_TAGS = frozenset({"script", "style", "code", "kbd", "samp", "pre", "iframe"})
_CODE_LIKE = re.compile(
    r"""
      [a-z][a-z0-9+.-]*://\S*          # URLs
    | \S+@\S+\.\w+                     # e-mail addresses
    | \S*/\S*                          # paths, MIME types, dates like 2026/11/26
    | [\w-]+\.[A-Za-z0-9]{2,5}\b       # file names (seed.txt, court.png)
    | \b[a-z_]+\.[a-z_]+\b             # dotted identifiers (news.articlepage)
    | \b\w*[_\d]\w*\b                  # snake_case, identifiers and words with digits
    """,
    re.VERBOSE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]")


@dataclass(frozen=True)
class AdminScreen:
    """One admin screen: GET ``url`` (or POST ``data``), expecting ``status``."""

    url: str
    data: dict[str, str] | None = None
    status: int = 200


@dataclass
class Leftover:
    url: str
    where: str  # "text" or the attribute name
    text: str
    element: str = ""  # e.g. "div.w-field > label.w-field__label"

    def __str__(self) -> str:
        return f"{self.url} [{self.where}] {self.text!r}  in {self.element}"


@dataclass
class WalkResult:
    screens: list[str] = field(default_factory=list)
    leftovers: list[Leftover] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)

    def report(self) -> str:
        lines = [*self.bad_status, *(str(item) for item in self.leftovers)]
        return "\n".join(lines)


def english_words(text: str, allow: Iterable[str] = ()) -> list[str]:
    """The English words in ``text`` once code-like values, brands and ``allow`` are removed."""
    allowed = set(allow)
    for value in sorted(allowed, key=len, reverse=True):  # multi-word data values first
        if " " in value:
            text = text.replace(value, " ")
    text = _CODE_LIKE.sub(" ", text)
    words = []
    for word in _WORD.findall(text):
        if word in BRANDS or word in allowed:
            continue
        if word.isupper() and len(word) <= 6:  # URL, API, ID, SEO, HTML, JPEG...
            continue
        words.append(word)
    return words


def visible_strings(html: str) -> list[tuple[str, str]]:
    """(where, text) for every visible text node and labelled attribute in ``html``."""
    return [(where, text) for where, text, _ in _visible(html)]


def _describe(element) -> str:
    """A short CSS-like name of the element holding a string, to find it in Wagtail's templates."""
    parts = [element.name]
    if element.get("id"):
        parts.append("#" + element["id"])
    parts.extend("." + name for name in element.get("class", [])[:3])
    parent = element.parent
    if parent is not None and parent.name not in (None, "[document]"):
        return _describe_one(parent) + " > " + "".join(parts)
    return "".join(parts)


def _describe_one(element) -> str:
    classes = "".join("." + name for name in element.get("class", [])[:2])
    return element.name + (("#" + element["id"]) if element.get("id") else "") + classes


def _hidden(element) -> bool:
    """Not rendered at all: skipped tags and the ``hidden`` attribute (scripts may unhide)."""
    return element.name in SKIPPED_TAGS or element.get("hidden") is not None


def _visible(html: str) -> list[tuple[str, str, object]]:
    soup = BeautifulSoup(html, "lxml")
    found: list[tuple[str, str, object]] = []
    for node in soup.find_all(string=True):
        if isinstance(node, Comment) or not isinstance(node, NavigableString):
            continue
        if any(_hidden(parent) for parent in node.parents):
            continue
        if type(node) is not NavigableString:  # doctype, CDATA, processing instructions
            continue
        text = " ".join(node.split())
        if text:
            found.append(("text", text, node.parent))
    for element in soup.find_all(True):
        if _hidden(element) or any(_hidden(parent) for parent in element.parents):
            continue
        for attr in VISIBLE_ATTRS:
            value = element.get(attr)
            if isinstance(value, str) and value.strip():
                found.append((attr, " ".join(value.split()), element))
        if element.name == "input" and element.get("type") in {"submit", "button", "reset"}:
            if element.get("value"):
                found.append(("value", element["value"], element))
    return found


def english_leftovers(html: str, allow: Iterable[str] = (), url: str = "") -> list[Leftover]:
    allow = tuple(allow)
    return [
        Leftover(url, where, text, _describe(element))
        for where, text, element in _visible(html)
        if english_words(text, allow)
    ]


# In the browser: the strings of rendered elements (display:none and visibility:hidden are
# left out; screen-reader-only text, clipped but rendered, is kept).
_BROWSER_STRINGS_JS = """
([attrs, skipped]) => {
  const shown = (el) => el && el.checkVisibility({visibilityProperty: true}) &&
    !el.closest(skipped);
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (text && shown(node.parentElement)) out.push(["text", text, node.parentElement.tagName]);
  }
  for (const el of document.body.querySelectorAll("*")) {
    if (!shown(el)) continue;
    for (const attr of attrs) {
      const value = el.getAttribute(attr);
      if (value && value.trim()) out.push([attr, value.trim(), el.tagName]);
    }
    if (el.matches("input[type=submit], input[type=button]") && el.value)
      out.push(["value", el.value, el.tagName]);
  }
  return out;
}
"""


def browser_leftovers(page, url: str, allow: Iterable[str] = ()) -> list[Leftover]:
    """English left in what a Playwright ``page`` currently renders (labels built by scripts)."""
    allow = tuple(allow)
    skipped = ", ".join(sorted(SKIPPED_TAGS))
    strings = page.evaluate(_BROWSER_STRINGS_JS, [list(VISIBLE_ATTRS), skipped])
    return [
        Leftover(url, where, text, tag.lower())
        for where, text, tag in strings
        if english_words(text, allow)
    ]


def _markup_of(response) -> str:
    body = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        payload = json.loads(body)
        return payload.get("html") or "" if isinstance(payload, dict) else ""
    return body


def walk_admin(
    client, screens: Sequence[str | AdminScreen], allow: Iterable[str] = ()
) -> WalkResult:
    """GET (or POST) each screen with ``client`` and collect the English left on it."""
    allow = tuple(allow)
    result = WalkResult()
    for screen in screens:
        if isinstance(screen, str):
            screen = AdminScreen(screen)
        if screen.data is None:
            response = client.get(screen.url)
        else:
            response = client.post(screen.url, screen.data)
        result.screens.append(screen.url)
        if response.status_code != screen.status:
            result.bad_status.append(f"{screen.url}: HTTP {response.status_code}")
            continue
        result.leftovers.extend(english_leftovers(_markup_of(response), allow, screen.url))
    return result
