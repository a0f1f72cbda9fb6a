"""fazhi's catalogue: compiled, well-formed, applied, and the English rows Wagtail stores renamed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation import gettext, ngettext
from wagtail.models import Collection, Page

from fazhi.core.i18n import (
    TEMPLATE_FIXES,
    TEMPLATE_OVERRIDES_DIR,
    compile_catalogue,
    compiled_is_current,
    fixed_template,
    permission_name,
    po_files,
    stale_template_fixes,
)
from fazhi.core.tests.admin_walk import english_words

CATALOGUES = po_files(settings.LOCALE_PATHS)
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}")
_TAG = re.compile(r"</?[a-z]+")


def test_locale_dir_is_the_one_django_reads_for_zh_hans():
    assert translation.to_locale(settings.LANGUAGE_CODE) == "zh_Hans"
    assert {path.parent.parent.name for path in CATALOGUES} == {"zh_Hans"}
    assert {path.stem for path in CATALOGUES} == {"django", "djangojs"}


def test_committed_mo_files_match_the_po_files():
    call_command("compile_translations", "--check")  # raises CommandError when stale
    assert not stale_template_fixes()


def test_a_stale_mo_is_detected_and_recompiled(tmp_path):
    po_path = tmp_path / "django.po"
    shutil.copy(CATALOGUES[0], po_path)
    compile_catalogue(po_path)
    assert compiled_is_current(po_path)
    po = polib.pofile(str(po_path))
    po[0].msgstr = "改过的译文"
    po.save()
    assert not compiled_is_current(po_path)
    compile_catalogue(po_path)
    assert compiled_is_current(po_path)


def test_check_fails_on_a_stale_catalogue(tmp_path, settings):
    target = tmp_path / "zh_Hans" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(CATALOGUES[0], target / "django.po")
    settings.LOCALE_PATHS = [tmp_path]
    with pytest.raises(CommandError):
        call_command("compile_translations", "--check")


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.name)
def test_every_translation_keeps_placeholders_and_markup(po_path: Path):
    po = polib.pofile(str(po_path))
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    for entry in po:
        assert entry.translated(), entry.msgid
        source = entry.msgid_plural or entry.msgid
        text = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
        # Chinese has one plural form: it uses the plural's placeholders.
        assert sorted(_PLACEHOLDER.findall(text)) == sorted(_PLACEHOLDER.findall(source)), entry
        assert sorted(_TAG.findall(text)) == sorted(_TAG.findall(source)), entry
        prose = re.sub(r"<code>.*?</code>|<[^>]+>", " ", _PLACEHOLDER.sub(" ", text))
        assert english_words(prose) == [], entry


def test_fazhi_catalogue_fills_wagtail_gaps_at_runtime():
    with translation.override("zh-hans"):
        assert gettext("Schedule to publish") == "定时发布"
        assert gettext("Saved") == "已保存"
        assert (
            ngettext("Moved up 1 place.", "Moved up %(counter)s places.", 3)
            == "已上移 %(counter)s 位。"
        )
        # Wagtail's own translations are untouched.
        assert gettext("Publish") == "发布"


@pytest.mark.parametrize("name", sorted(TEMPLATE_FIXES))
def test_template_overrides_are_wagtails_template_with_the_fixes(name):
    override = get_template(name).origin.name
    assert Path(override).is_relative_to(TEMPLATE_OVERRIDES_DIR)  # fazhi.core's copy wins
    text = Path(override).read_text(encoding="utf-8")
    assert text == fixed_template(name)
    for _old, new in TEMPLATE_FIXES[name]:
        assert new in text


@pytest.mark.django_db
def test_wagtails_english_rows_are_renamed_after_migrate():
    assert Page.objects.get(depth=1).title == "根目录"
    assert Collection.objects.get(depth=1).name == "根集合"
    assert Permission.objects.get(codename="add_group").name == "可以添加组"
    assert Permission.objects.get(codename="publish_page").name == gettext("Publish any page")
    english = [
        p.name
        for p in Permission.objects.all()
        if re.match(r"Can (add|change|delete|view) ", p.name)
    ]
    assert english == []


@pytest.mark.django_db
def test_renamed_rows_are_left_alone_on_the_next_migrate():
    Collection.objects.filter(depth=1).update(name="图片库")
    Group.objects.create(name="夜班编辑")
    call_command("migrate", verbosity=0)
    assert Collection.objects.get(depth=1).name == "图片库"
    assert Permission.objects.get(codename="add_group").name == "可以添加组"


def test_permission_name_rules():
    with translation.override("zh-hans"):
        assert permission_name("add_group", "Can add group", Group) == "可以添加组"
        assert permission_name("view_group", "Can view group", Group) == "可以查看组"
        assert permission_name("frobnicate", "Frobnicate widgets", Group) == "Frobnicate widgets"
        assert permission_name("publish_page", "Publish any page", Page) == gettext(
            "Publish any page"
        )
