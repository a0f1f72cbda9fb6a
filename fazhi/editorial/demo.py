"""Demo users for every role and one piece waiting for 初审 (``fazhi load_demo``; idempotent)."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.rich_text import RichText

from fazhi.editorial.desks import assign_channels
from fazhi.editorial.roles import CHIEF, DIRECTOR, EDITOR, MANAGER, REPORTER
from fazhi.news.models import ArticlePage, ChannelPage

# (username, family name, given name, role, channels written in)
DEMO_USERS = [
    ("jizhe", "张", "伟", REPORTER, ["fzyw", "xjzs"]),
    ("bianji", "李", "娜", EDITOR, []),
    ("zhuren", "王", "强", DIRECTOR, []),
    ("zongbian", "刘", "洋", CHIEF, []),
    ("guanli", "陈", "静", MANAGER, []),
]
DEMO_DRAFT_SLUG = "demo-awaiting-review"


@transaction.atomic
def load_demo(stdout: Any) -> None:
    User = get_user_model()
    password = settings.DEMO_PASSWORD or secrets.token_urlsafe(9)
    created = []
    for username, family, given, role, channel_slugs in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username, password=password, first_name=given, last_name=family
            )
            created.append(f"{role} {family}{given}：{username}")
        elif settings.DEMO_PASSWORD:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role))
        if channel_slugs:
            assign_channels(user, ChannelPage.objects.filter(slug__in=channel_slugs))
    if created:
        stdout.write("已创建演示用户（各角色一人）：" + "；".join(created))
        if settings.DEMO_PASSWORD:
            stdout.write("演示用户的密码取自 FAZHI_DEMO_PASSWORD。")
        else:
            stdout.write(f"演示用户的密码：{password}（只显示这一次，请妥善保存）")
    else:
        stdout.write("演示用户已存在（jizhe、bianji、zhuren、zongbian、guanli）。")
    _demo_draft(stdout)


def _demo_draft(stdout: Any) -> None:
    """A correspondent's piece, submitted and waiting for 初审, to walk the workflow through."""
    channel = ChannelPage.objects.filter(slug="fzyw").first()
    if channel is None or ArticlePage.objects.filter(slug=DEMO_DRAFT_SLUG).exists():
        return
    reporter = get_user_model().objects.get(username="jizhe")
    article = ArticlePage(
        title="区法院开展“法律进社区”宣传活动",
        slug=DEMO_DRAFT_SLUG,
        author="张伟",
        source="法治报道",
        lead="区法院干警走进社区，为居民解答婚姻家庭、物业纠纷等法律问题。",
        body=[
            (
                "paragraph",
                RichText(
                    "<p>本报讯 近日，区法院组织干警走进社区开展“法律进社区”宣传活动，"
                    "现场发放宣传资料，解答居民的法律咨询。</p>"
                ),
            )
        ],
        owner=reporter,
        live=False,
    )
    channel.add_child(instance=article)
    article.save_revision(user=reporter)
    article.get_workflow().start(article, reporter)
    stdout.write(f"演示稿件《{article.title}》已由 jizhe 提交，等待初审（bianji）。")
