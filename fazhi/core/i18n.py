"""fazhi's own gettext catalogues: the Wagtail/Django strings their zh_Hans files leave in English.

The compiled ``.mo`` files are committed next to the ``.po`` sources, so a fresh clone, a wheel
and a plain ``pytest`` run all have them without GNU gettext. ``fazhi compile_translations``
rebuilds them with polib after the ``.po`` changes; a test fails while a ``.mo`` is stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polib
from django.conf import settings


def po_files(locale_dirs: Iterable[Path | str]) -> list[Path]:
    """Every ``<lang>/LC_MESSAGES/*.po`` under the given locale directories."""
    found: list[Path] = []
    for locale_dir in locale_dirs:
        found.extend(sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")))
    return found


def _catalogue(entries: Iterable[polib.POEntry | polib.MOEntry]) -> dict[object, str]:
    """Translations keyed as Python's gettext keys them: ``"context\x04msgid"``, ``(msgid, n)``."""
    catalogue: dict[object, str] = {}
    for entry in entries:
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                catalogue[(key, int(index))] = text
        else:
            catalogue[key] = entry.msgstr
    return catalogue


def _expected_catalogue(po: polib.POFile) -> dict[object, str]:
    """The catalogue the compiled form of ``po`` should hold."""
    return _catalogue(po.translated_entries())


def compiled_is_current(po_path: Path) -> bool:
    """True when the ``.mo`` beside ``po_path`` holds exactly the ``.po``'s translations."""
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return False
    # Read with polib (its header goes to metadata, not entries), not gettext's private _catalog.
    compiled = _catalogue(polib.mofile(str(mo_path)))
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


# --- Wagtail strings that no catalogue can reach -------------------------------------------------
# A few admin labels are not marked for translation in Wagtail 8.0 (a form field or table column
# named after its attribute, a literal in a template), and Wagtail's migrations store English
# rows (the root page and collection, permission names). They are fixed here; the admin walk in
# core/tests/test_admin_chinese.py fails if one comes back.

# Form fields Wagtail leaves without a label (Django then shows the attribute name in English).
_FIELD_LABELS = {
    "link_text": "链接文字",
    "email_address": "电子邮箱地址",
    "subject": "主题",
    "body": "正文",
    "phone_number": "电话号码",
    "page": "页面",
    "password": "密码",
}


def fix_wagtail_labels() -> None:
    """Give Chinese labels to the Wagtail form fields and columns that have none."""
    from django.utils.text import capfirst
    from wagtail.admin.forms import auth, choosers, workflows
    from wagtail.admin.views.pages.search import SearchView
    from wagtail.models import Page, Site
    from wagtail.sites.views import IndexView as SiteIndexView
    from wagtail.users.forms import PagePermissionsForm

    for form in (
        auth.LoginForm,
        choosers.ExternalLinkChooserForm,
        choosers.AnchorLinkChooserForm,
        choosers.EmailLinkChooserForm,
        choosers.PhoneLinkChooserForm,
        workflows.WorkflowPageForm,
        PagePermissionsForm,
    ):
        for name, field in form.base_fields.items():
            if field.label is None and name in _FIELD_LABELS:
                field.label = _FIELD_LABELS[name]
    # The sites listing labels three columns with their attribute names; use the model's.
    for column in SiteIndexView.columns:
        if column.name in {"port", "site_name", "root_page"}:
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)
    # Page search results say "1-1 of 1 None" when there is one hit (no singular name set).
    if SearchView.verbose_name is None:
        SearchView.verbose_name = Page._meta.verbose_name
        SearchView.verbose_name_plural = Page._meta.verbose_name_plural


# Wagtail templates with literal English, overridden under core/templates/ by
# ``fazhi compile_translations``: each is Wagtail's file with these replacements applied.
TEMPLATE_FIXES: dict[str, list[tuple[str, str]]] = {
    "wagtailadmin/shared/headers/_actions.html": [
        ("{# Actions divider #}", "{% load i18n %}{# Actions divider #}"),
        ('aria-label="Actions"', "aria-label=\"{% trans 'Actions' %}\""),
    ],
    "wagtailadmin/shared/header.html": [
        ('value="Search"', "value=\"{% trans 'Search' %}\""),
    ],
    "wagtailadmin/home.html": [
        ('value="Search"', "value=\"{% trans 'Search' %}\""),
    ],
    # Boolean cells titled "True"/"False"/"None".
    "wagtailadmin/tables/boolean_cell.html": [
        ("{% load wagtailadmin_tags %}", "{% load i18n wagtailadmin_tags %}"),
        (
            "{% icon title=value|stringformat:'s' name=\"help\"",
            '{% icon title=_("Unknown") name="help"',
        ),
        (
            "{% icon title=value|stringformat:'s' name=\"check\"",
            '{% icon title=_("Yes") name="check"',
        ),
        (
            "{% icon title=value|stringformat:'s' name=\"cross\"",
            '{% icon title=_("No") name="cross"',
        ),
    ],
    # A revision or publish without a user (imports, scheduled publishing) shows "None".
    "wagtailadmin/shared/user_avatar.html": [
        ("{% load wagtailadmin_tags %}", "{% load i18n wagtailadmin_tags %}"),
        (
            "{% if not username %}{{ user }}{% else %}",
            '{% if not username %}{% if user %}{{ user }}{% else %}{% trans "System" %}{% endif %}{% else %}',
        ),
    ],
}
TEMPLATE_OVERRIDES_DIR = Path(__file__).resolve().parent / "templates"


def _wagtail_template(name: str) -> Path:
    import wagtail.admin

    return Path(wagtail.admin.__file__).parent / "templates" / name


def fixed_template(name: str) -> str:
    """Wagtail's template ``name`` with fazhi's replacements (each must still match once)."""
    text = _wagtail_template(name).read_text(encoding="utf-8")
    for old, new in TEMPLATE_FIXES[name]:
        if old not in text:
            raise ValueError(f"{name}: Wagtail's template no longer contains {old!r}")
        text = text.replace(old, new)
    return text


def stale_template_fixes() -> list[str]:
    """Overrides missing or differing from Wagtail's current template plus the fixes."""
    return [
        name
        for name in TEMPLATE_FIXES
        if not (TEMPLATE_OVERRIDES_DIR / name).exists()
        or (TEMPLATE_OVERRIDES_DIR / name).read_text(encoding="utf-8") != fixed_template(name)
    ]


def write_template_fixes() -> list[Path]:
    written = []
    for name in stale_template_fixes():
        path = TEMPLATE_OVERRIDES_DIR / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(fixed_template(name), encoding="utf-8")
        written.append(path)
    return written


_DEFAULT_ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}


def permission_name(codename: str, name: str, model: type | None) -> str:
    """The Chinese name of a permission: Django's "Can add x" built-ins, else the catalogue's."""
    from django.utils.translation import gettext

    action = codename.split("_", 1)[0]
    if model is not None and codename == f"{action}_{model._meta.model_name}":
        if action in _DEFAULT_ACTIONS:
            return f"可以{_DEFAULT_ACTIONS[action]}{model._meta.verbose_name}"
    return gettext(name)


def translate_default_rows(sender, using: str = "default", **kwargs) -> None:
    """post_migrate: name Wagtail's root page and collection, and every permission, in Chinese.

    Rows the newsroom renamed are left alone: only Wagtail's English defaults are replaced.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission
    from django.db import transaction
    from django.utils import translation

    if sender.label == "wagtailcore":
        from wagtail.models import Collection, Page

        Page.objects.using(using).filter(depth=1, title="Root").update(
            title="根目录", draft_title="根目录"
        )
        Collection.objects.using(using).filter(depth=1, name="Root").update(name="根集合")
    if not sender.models_module:
        return
    # Django's own post_migrate handler may run after this one: create the rows first.
    create_permissions(sender, verbosity=0, using=using, apps=kwargs.get("apps", apps))
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic(using=using):
        changed = []
        permissions = Permission.objects.using(using).filter(content_type__app_label=sender.label)
        for permission in permissions.select_related("content_type"):
            model = apps.get_model(sender.label, permission.content_type.model, require_ready=False)
            name = permission_name(permission.codename, permission.name, model)[:255]
            if name != permission.name:
                permission.name = name
                changed.append(permission)
        Permission.objects.using(using).bulk_update(changed, ["name"])
