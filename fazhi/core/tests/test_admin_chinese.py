"""An editor walks every admin screen a newsroom uses, in zh-hans, and meets no English."""

from __future__ import annotations

import io
import zoneinfo
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Site, Task, Workflow

from fazhi.core.tests.admin_walk import (
    AdminScreen,
    browser_leftovers,
    english_words,
    visible_strings,
    walk_admin,
)
from fazhi.news.factories import make_article

pytestmark = pytest.mark.django_db

PASSWORD = "pw-法治-123456"


@dataclass
class Newsroom:
    """What an admin shows once a newsroom has worked in it for a while."""

    editor: object
    article: object
    channel: object
    home: object
    image: object
    document: object
    redirect: Redirect
    workflow: Workflow
    task: Task
    task_state: object
    group: Group
    site: Site

    @property
    def data_values(self) -> list[str]:
        """What the newsroom typed (usernames, slugs): shown as is, not UI text."""
        return [
            self.editor.username,
            "reviewer",
            self.channel.slug,
            self.article.slug,
            self.site.hostname,
            # The time zone menu lists IANA names (the browser shows them localised).
            *zoneinfo.available_timezones(),
            "localtime",
            "fazhi",  # the command-line program a help text names (fazhi rebuild_search)
        ]


def _png() -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (180, 30, 30)).save(buffer, "PNG")
    return ImageFile(buffer, name="fating.png")


@pytest.fixture
def newsroom(home, channel, seed_article) -> Newsroom:
    User = get_user_model()
    editor = User.objects.create_superuser(
        "bianji", "bianji@example.cn", PASSWORD, first_name="编辑", last_name="王"
    )
    reviewer = User.objects.create_user(
        "reviewer", "reviewer@example.cn", PASSWORD, first_name="审核", last_name="李"
    )
    # The editorial app's roles and workflow (its migration creates them in Chinese).
    group = Group.objects.get(name="编辑")
    reviewer.groups.add(group)

    article = make_article(channel, "全面推进依法治国", headings=["一、总体要求"])
    # Revisions and history: a second edit, then a draft change.
    article.title = "全面推进依法治国的总体要求"
    article.save_revision(user=editor).publish(user=editor)
    article.title = "全面推进依法治国的总体要求（修订）"
    article.save_revision(user=editor)
    # A page the editor locked (locked-pages report), and one in the review workflow.
    seed_article.locked, seed_article.locked_by = True, editor
    from django.utils import timezone

    seed_article.locked_at = timezone.now()
    seed_article.save(update_fields=["locked", "locked_by", "locked_at"])
    workflow = Workflow.objects.get(name__startswith="三审")
    task = workflow.tasks.first()
    workflow_state = workflow.start(article, reviewer)  # the editor may decide others' work
    image = get_image_model().objects.create(title="法庭现场", file=_png())
    document = get_document_model().objects.create(
        title="起诉状范本", file=ContentFile(b"%PDF-1.4 fazhi", name="qisuzhuang.pdf")
    )
    redirect = Redirect.objects.create(old_path="/html/2019/113351.html", redirect_page=article)
    Collection.get_first_root_node().add_child(name="庭审图片")
    return Newsroom(
        editor=editor,
        article=article,
        channel=channel,
        home=home,
        image=image,
        document=document,
        redirect=redirect,
        workflow=workflow,
        task=task,
        task_state=workflow_state.current_task_state,
        group=group,
        site=Site.objects.get(is_default_site=True),
    )


def newsroom_screens(n: Newsroom) -> list[str | AdminScreen]:
    """Every admin screen a newsroom uses. Apps add theirs here, one line each."""
    from fazhi.search.models import SearchDictionary

    article, channel, home = n.article.pk, n.channel.pk, n.home.pk
    revision = n.article.latest_revision.pk
    first_revision = n.article.revisions.order_by("created_at").first().pk
    return [
        # Dashboard, explorer, search.
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{home}/",
        f"/admin/pages/{channel}/",
        "/admin/pages/search/?q=法治",
        f"/admin/pages/{channel}/add_subpage/",
        AdminScreen(f"/admin/pages/{home}/add_subpage/", status=302),  # one type: no menu
        # Create and edit articles and channels.
        f"/admin/pages/add/news/articlepage/{channel}/",
        f"/admin/pages/add/news/channelpage/{home}/",
        f"/admin/pages/{article}/edit/",
        f"/admin/pages/{channel}/edit/",
        f"/admin/pages/{home}/edit/",
        # Publishing dialogs and the review workflow.
        f"/admin/pages/{article}/unpublish/",
        f"/admin/pages/{article}/delete/",
        f"/admin/pages/{article}/move/",
        f"/admin/pages/{article}/copy/",
        f"/admin/pages/{article}/privacy/",
        f"/admin/pages/{article}/usage/",
        f"/admin/pages/workflow/action/{article}/approve/{n.task_state.pk}/",
        f"/admin/pages/workflow/action/{article}/reject/{n.task_state.pk}/",
        f"/admin/pages/workflow/confirm_cancellation/{article}/",
        f"/admin/pages/{article}/workflow_history/",
        f"/admin/pages/{article}/workflow_history/detail/{n.task_state.workflow_state.pk}/",
        "/admin/workflows/list/",
        "/admin/workflows/add/",
        f"/admin/workflows/edit/{n.workflow.pk}/",
        f"/admin/workflows/usage/{n.workflow.pk}/",
        "/admin/workflows/tasks/index/",
        f"/admin/workflows/tasks/edit/{n.task.pk}/",
        "/admin/workflows/tasks/select_type/",  # several task types (editorial adds its own)
        # Revisions and history.
        f"/admin/pages/{article}/history/",
        f"/admin/pages/{article}/revisions/{first_revision}/revert/",
        f"/admin/pages/{article}/revisions/compare/{first_revision}...{revision}/",
        # Images and documents.
        "/admin/images/",
        "/admin/images/add/",
        "/admin/images/multiple/add/",
        f"/admin/images/{n.image.pk}/",
        f"/admin/images/{n.image.pk}/delete/",
        f"/admin/images/usage/{n.image.pk}/",
        "/admin/images/chooser/",
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        f"/admin/documents/edit/{n.document.pk}/",
        f"/admin/documents/delete/{n.document.pk}/",
        f"/admin/documents/usage/{n.document.pk}/",
        "/admin/documents/chooser/",
        "/admin/choose-page/",
        f"/admin/choose-page/{channel}/",
        "/admin/choose-external-link/",
        # Snippets, collections.
        AdminScreen("/admin/snippets/", status=302),  # no snippet models yet
        "/admin/collections/",
        "/admin/collections/add/",
        # Users and groups.
        "/admin/users/",
        "/admin/users/new/",
        f"/admin/users/edit/{n.editor.pk}/",
        "/admin/groups/",
        "/admin/groups/new/",
        f"/admin/groups/edit/{n.group.pk}/",
        "/admin/account/",
        # Settings (站点信息), sites, redirects.
        f"/admin/settings/core/sitesettings/{n.site.pk}/",
        "/admin/sites/",
        f"/admin/sites/edit/{n.site.pk}/",
        "/admin/redirects/",
        "/admin/redirects/add/",
        f"/admin/redirects/{n.redirect.pk}/",
        "/admin/redirects/import/",
        # Reports.
        "/admin/reports/locked/",
        "/admin/reports/aging-pages/",
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/page-types-usage/",
        # The newsroom apps: comment moderation, staff registry, 三审 records, search dictionary.
        "/admin/comments/",
        "/admin/comments/words/",
        "/admin/comments/words/list/",
        f"/admin/settings/comments/commentsettings/{n.site.pk}/",
        "/admin/snippets/staff/staffmember/",
        "/admin/snippets/staff/staffmember/add/",
        "/admin/staff-import/",
        "/admin/editorial/review-events/",
        "/admin/editorial/assignments/",
        f"/admin/editorial/assignments/{n.editor.pk}/",
        f"/admin/settings/search/searchdictionary/{SearchDictionary.load().pk}/",
    ]


def test_english_words_allows_brands_and_code_like_values():
    assert english_words("Wagtail 8.0 编辑指南") == []
    assert english_words("上传 fating.png 到 https://example.cn/a/b 或 bianji@example.cn") == []
    assert english_words("API 令牌、URL、ID 和 SEO 标题") == []
    assert english_words("作者：bianji", allow=["bianji"]) == []
    assert english_words("Save draft") == ["Save", "draft"]
    assert english_words("已保存 3 items") == ["items"]


def test_visible_strings_reads_text_and_labelled_attributes():
    html = """<html><body><p>已发布</p><script>var x = "Loading";</script>
        <button aria-label="Close dialog" title="关闭">×</button><kbd>Ctrl</kbd>
        <input placeholder="Search…"><input type="submit" value="Save"></body></html>"""
    found = visible_strings(html)
    assert ("text", "已发布") in found
    assert ("aria-label", "Close dialog") in found
    assert ("placeholder", "Search…") in found
    assert ("value", "Save") in found
    assert all("Loading" not in text and "Ctrl" not in text for _, text in found)


def test_every_newsroom_admin_screen_is_in_chinese(client, newsroom):
    client.force_login(newsroom.editor)
    screens = newsroom_screens(newsroom)
    result = walk_admin(client, screens, allow=newsroom.data_values)
    assert len(result.screens) == len(screens)
    assert not result.bad_status and not result.leftovers, "\n" + result.report()


def test_sign_in_and_password_reset_are_in_chinese(client, newsroom):
    screens = ["/admin/login/", "/admin/password_reset/", "/admin/password_reset/done/"]
    result = walk_admin(client, screens)
    assert not result.bad_status and not result.leftovers, "\n" + result.report()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_page_editor_rendered_in_chromium_is_chinese(live_server, browser, newsroom):
    """Labels the editor's JavaScript renders (StreamField, Draftail, side panels) are Chinese."""
    from fazhi.conftest import save_screenshot

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", newsroom.editor.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(live_server.url + "/admin/")
        allow = newsroom.data_values
        leftovers = []
        for url in (
            f"/admin/pages/{newsroom.article.pk}/edit/",
            f"/admin/pages/add/news/articlepage/{newsroom.channel.pk}/",
        ):
            page.goto(live_server.url + url)
            page.wait_for_load_state("networkidle")
            page.wait_for_selector("[data-streamfield-stream-container], .c-sf-container")
            leftovers += browser_leftovers(page, url, allow)
            # The block menu StreamField builds in the browser.
            page.locator(".c-sf-add-button").first.click()
            page.wait_for_selector(".w-combobox", state="visible")
            leftovers += browser_leftovers(page, url + " (插入区块)", allow)
            page.keyboard.press("Escape")
            # Each side panel: status, preview, checks, comments...
            for toggle in page.locator("[data-side-panel-toggle]").all():
                toggle.click()
                page.wait_for_timeout(300)
                leftovers += browser_leftovers(page, url + " (侧边栏)", allow)
            # The publishing menu in the footer.
            page.locator("footer [data-w-dropdown-target='toggle']").first.click()
            leftovers += browser_leftovers(page, url + " (发布菜单)", allow)
        save_screenshot(page, "admin-page-editor-zh")
    finally:
        context.close()
    assert not errors, errors
    assert not leftovers, "\n" + "\n".join(str(item) for item in leftovers)


def test_editor_in_the_editors_group_sees_chinese_too(client, newsroom):
    """A reporter without admin rights: the submit-for-review menus and dashboard panels differ."""
    reporter = get_user_model().objects.create_user(
        "xiaozhang", "xiaozhang@example.cn", PASSWORD, first_name="小张", last_name="张"
    )
    reporter.groups.add(Group.objects.get(name="编辑"))
    client.force_login(reporter)
    article, channel = newsroom.article.pk, newsroom.channel.pk
    screens = [
        "/admin/",
        AdminScreen("/admin/pages/", status=302),  # 编辑's explorer starts at the home page
        f"/admin/pages/{channel}/",
        f"/admin/pages/add/news/articlepage/{channel}/",
        f"/admin/pages/{article}/edit/",
        f"/admin/pages/{article}/history/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/account/",
        "/admin/reports/aging-pages/",
        "/admin/reports/site-history/",
    ]
    result = walk_admin(client, screens, allow=[*newsroom.data_values, "xiaozhang"])
    assert not result.bad_status and not result.leftovers, "\n" + result.report()
