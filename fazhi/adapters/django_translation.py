"""The merged message catalogue of a Django translation (bench/translation_coverage.py).

``gettext()`` answers one string at a time and cannot tell "translated as itself" from "missing";
counting the missing strings needs the catalogue Django merges from every installed app.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation.trans_real import DjangoTranslation

ATTRIBUTES = ("django.utils.translation.trans_real.DjangoTranslation._catalog",)


def catalogue(translation: DjangoTranslation) -> Mapping[object, str]:
    """msgid (``"context\\x04msgid"``, ``(msgid, n)`` for plurals) → translation, as merged."""
    return translation._catalog
