"""Admin for the staff registry (create, edit, search, import) and the demo data hook."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from fazhi.core.hooks import LOAD_DEMO, RESERVED_NAMES
from fazhi.staff import views_admin
from fazhi.staff.models import StaffMember


class StaffMemberViewSet(SnippetViewSet):
    model = StaffMember
    icon = "user"
    menu_label = "人员库"
    menu_name = "staff"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "role", "department", "card_number", "status", "valid_until"]
    list_filter = ["role", "status"]
    list_per_page = 50
    # Plain ORM search (icontains) on these: no search index to keep in step.
    search_fields = ["name", "card_number", "department", "press_card_number"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields = [
        "name",
        "role",
        "department",
        "card_number",
        "press_card_number",
        "valid_from",
        "valid_until",
        "status",
        "status_reason",
        "public_note",
        "verify_links",
    ]


register_snippet(StaffMemberViewSet)


@hooks.register("register_admin_urls")
def _admin_urls():
    return [path("staff-import/", views_admin.import_staff, name="staff_import")]


@hooks.register("register_admin_menu_item")
def _import_menu_item():
    return MenuItem(
        "导入人员", reverse("staff_import"), icon_name="upload", order=251, name="staff-import"
    )


@hooks.register(LOAD_DEMO)
def _load_demo(stdout) -> None:
    from fazhi.staff.demo import load_demo_staff

    load_demo_staff(stdout)


@hooks.register(RESERVED_NAMES)
def staff_names() -> list[str]:
    """Readers may not take a staff member's name (or a look-alike) as username or nickname."""
    return list(StaffMember.objects.values_list("name", flat=True).distinct())
