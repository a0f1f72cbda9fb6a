"""Upgrade check of fazhi/adapters/django_translation.py: DjangoTranslation's merged ``_catalog``."""

from __future__ import annotations

from pathlib import Path

import polib
from django.utils.translation.trans_real import DjangoTranslation

import fazhi
from fazhi.adapters import django_translation
from fazhi.adapters.tests.checks import listed, require

FAZHI_PO = Path(fazhi.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_the_merged_catalogue_is_there():
    assert listed(django_translation) == {"DjangoTranslation._catalog"}
    translation = DjangoTranslation("zh-hans")
    require(translation, "_catalog", "django_translation")
    catalogue = django_translation.catalogue(translation)
    # Django's own strings and fazhi's, merged into one mapping of msgid to translation.
    assert "This field is required." in catalogue
    ours = next(e for e in polib.pofile(str(FAZHI_PO)).translated_entries() if not e.msgctxt)
    assert catalogue[ours.msgid] == ours.msgstr
