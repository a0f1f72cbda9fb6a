"""How much of the admin a zh-hans editor sees in English: Wagtail's and Django's catalogues vs fazhi's.

For every installed Wagtail catalogue (and the Django ones a Wagtail editor meets) the English source
``locale/en/LC_MESSAGES/<domain>.po`` lists every string; a string counts as missing when the
package's own ``zh_Hans`` catalogue has no translation for it (absent, empty or fuzzy), and as
still missing when fazhi's catalogue (``fazhi/locale``) has none either. The runtime figure asks
Django's real merged zh-hans catalogue (installed apps only) with and without fazhi's LOCALE_PATHS.

    .venv/bin/python bench/translation_coverage.py            # table and totals
    .venv/bin/python bench/translation_coverage.py --write-missing missing.po   # what is left
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
FAZHI_LOCALE = ROOT / "fazhi" / "locale" / "zh_Hans" / "LC_MESSAGES"
# Django's own catalogues whose strings a Wagtail editor can meet (forms, auth, naturaltime).
DJANGO_PARTS = ["conf", "contrib/admin", "contrib/auth", "contrib/contenttypes", "contrib/humanize"]


@dataclass
class Row:
    package: str
    domain: str
    total: int
    missing: int
    still_missing: list[polib.POEntry]


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _translated_keys(path: Path) -> set[tuple[str | None, str]]:
    if not path.exists():
        return set()
    return {_key(e) for e in polib.pofile(str(path)) if not e.obsolete and e.translated()}


def source_catalogues() -> list[tuple[str, Path]]:
    """(package label, English source .po) for every Wagtail catalogue and Django's relevant ones."""
    import django
    import wagtail

    found = []
    wagtail_dir = Path(wagtail.__file__).parent
    for path in sorted(wagtail_dir.glob("**/locale/en/LC_MESSAGES/*.po")):
        parts = path.relative_to(wagtail_dir).parts
        found.append(("/".join(("wagtail", *parts[: parts.index("locale")])), path))
    django_dir = Path(django.__file__).parent
    for part in DJANGO_PARTS:
        # Only the django domain: Django admin's JavaScript is not loaded by Wagtail's admin.
        found.append((f"django/{part}", django_dir / part / "locale/en/LC_MESSAGES/django.po"))
    return found


def measure() -> list[Row]:
    fazhi = {
        domain: _translated_keys(FAZHI_LOCALE / f"{domain}.po") for domain in ("django", "djangojs")
    }
    rows = []
    for package, source in source_catalogues():
        domain = source.stem
        own = _translated_keys(Path(str(source).replace("/en/", "/zh_Hans/")))
        entries = [e for e in polib.pofile(str(source)) if not e.obsolete]
        missing = [e for e in entries if _key(e) not in own]
        still = [e for e in missing if _key(e) not in fazhi[domain]]
        rows.append(Row(package, domain, len(entries), len(missing), still))
    return rows


def runtime_missing(with_fazhi: bool) -> dict[str, tuple[int, int]]:
    """Per domain: (strings of installed apps, missing from Django's merged zh-hans catalogue)."""
    from django.apps import apps
    from django.conf import settings
    from django.test.utils import override_settings
    from django.utils.translation.trans_real import DjangoTranslation

    from fazhi.adapters.django_translation import catalogue as merged

    installed = {Path(app.path) for app in apps.get_app_configs()}
    result = {}
    with override_settings(LOCALE_PATHS=settings.LOCALE_PATHS if with_fazhi else []):
        for domain in ("django", "djangojs"):
            if domain == "django":
                catalogue = merged(DjangoTranslation("zh-hans"))
            else:  # what Wagtail's JavaScriptCatalog view serves
                import wagtail.admin

                locale = Path(wagtail.admin.__file__).parent / "locale"
                catalogue = merged(DjangoTranslation("zh-hans", domain, [str(locale)]))
            total = missing = 0
            for package, source in source_catalogues():
                app_dir = source.parent.parent.parent.parent
                if source.stem != domain or not (
                    app_dir in installed or package == "django/conf" or domain == "djangojs"
                ):
                    continue
                if domain == "djangojs" and package != "wagtail/admin":
                    continue
                for entry in polib.pofile(str(source)):
                    if entry.obsolete:
                        continue
                    key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
                    total += 1
                    missing += (
                        (key, 0) not in catalogue if entry.msgid_plural else key not in catalogue
                    )
            result[domain] = (total, missing)
    return result


def _pct(total: int, missing: int) -> str:
    return f"{100 * (total - missing) / total:5.1f}%" if total else "  n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--write-missing", metavar="PO", help="write the still-missing strings here"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django

    django.setup()

    rows = measure()
    print(
        f"{'catalogue':42} {'domain':8} {'strings':>7} {'missing':>7} {'with fazhi':>10}  coverage"
    )
    for row in rows:
        still = len(row.still_missing)
        print(
            f"{row.package:42} {row.domain:8} {row.total:7d} {row.missing:7d} {still:10d}  "
            f"{_pct(row.total, row.missing)} -> {_pct(row.total, still)}"
        )
    print()
    for label, prefix in (("Wagtail", "wagtail"), ("Django", "django/")):
        for domain in ("django", "djangojs"):
            part = [r for r in rows if r.package.startswith(prefix) and r.domain == domain]
            if not part:
                continue
            total = sum(r.total for r in part)
            before = sum(r.missing for r in part)
            after = sum(len(r.still_missing) for r in part)
            print(
                f"{label} {domain:8}: {total} strings, untranslated {before} "
                f"({_pct(total, before)}) -> with fazhi {after} ({_pct(total, after)})"
            )
    before, after = runtime_missing(False), runtime_missing(True)
    for domain in ("django", "djangojs"):
        total = before[domain][0]
        print(
            f"runtime, installed apps, {domain:8}: {total} strings, missing from the merged "
            f"zh-hans catalogue {before[domain][1]} -> with fazhi {after[domain][1]}"
        )
    if args.write_missing:
        out = polib.POFile(wrapwidth=0)
        out.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_Hans"}
        seen = set()
        for row in rows:
            for entry in row.still_missing:
                if (row.domain, _key(entry)) not in seen:
                    seen.add((row.domain, _key(entry)))
                    entry.comment = f"{row.package} ({row.domain})"
                    entry.occurrences = []
                    out.append(entry)
        out.save(args.write_missing)
        print(f"wrote {len(out)} strings to {args.write_missing}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
