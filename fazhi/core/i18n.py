"""fazhi's own gettext catalogues: the Wagtail/Django strings their zh_Hans files leave in English.

The compiled ``.mo`` files are committed next to the ``.po`` sources, so a fresh clone, a wheel
and a plain ``pytest`` run all have them without GNU gettext. ``fazhi compile_translations``
rebuilds them with polib after the ``.po`` changes; a test fails while a ``.mo`` is stale.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from pathlib import Path

import polib


def po_files(locale_dirs: Iterable[Path | str]) -> list[Path]:
    """Every ``<lang>/LC_MESSAGES/*.po`` under the given locale directories."""
    found: list[Path] = []
    for locale_dir in locale_dirs:
        found.extend(sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")))
    return found


def _expected_catalogue(po: polib.POFile) -> dict[object, str]:
    """The catalogue Python's gettext should read from the compiled form of ``po``."""
    catalogue: dict[object, str] = {}
    for entry in po.translated_entries():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                catalogue[(key, int(index))] = text
        else:
            catalogue[key] = entry.msgstr
    return catalogue


def compiled_is_current(po_path: Path) -> bool:
    """True when the ``.mo`` beside ``po_path`` holds exactly the ``.po``'s translations."""
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return False
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    compiled = {key: value for key, value in compiled.items() if key != ""}  # header
    return compiled == _expected_catalogue(polib.pofile(str(po_path)))


def compile_catalogue(po_path: Path) -> Path:
    """Write ``po_path``'s ``.mo`` (untranslated and fuzzy entries are left out, as msgfmt does)."""
    po = polib.pofile(str(po_path))
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.obsolete = True  # polib skips obsolete entries when writing the .mo
    mo_path = po_path.with_suffix(".mo")
    po.save_as_mofile(str(mo_path))
    return mo_path
