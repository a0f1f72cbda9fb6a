"""Demo data for ``fazhi load_demo``: a few approved comments (one by the demo reader, whose
account fazhi.accounts creates first), a small word list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Page

from fazhi.comments import moderation
from fazhi.comments.filtering import BLOCK, HOLD
from fazhi.comments.models import Comment, CommentStatus, DiggCount, SensitiveWord

SEED_SLUG = "20190828-113351"
READER = "duzhe"  # the demo reader account (fazhi.accounts.demo)
WORDS = [("法轮功", BLOCK), ("六合彩", BLOCK), ("代开发票", BLOCK), ("枪支", HOLD), ("上访", HOLD)]
COMMENTS = [
    (None, None, "司法行政机关抓党建，关键在落实。“四个聚力”总结得很到位。"),
    (None, READER, "公共法律服务体系建设这一段写得实在，希望基层多一些这样的做法。"),
    (None, None, "支持！法治宣传要常抓不懈。\n期待更多基层经验的报道。"),
]


def load_demo(stdout: Any) -> None:
    with transaction.atomic():
        for word, action in WORDS:
            SensitiveWord.objects.get_or_create(word=word, defaults={"action": action})
        reader = get_user_model().objects.filter(username=READER).first()
        seed = Page.objects.live().filter(slug=SEED_SLUG).first()
        if seed is not None and not Comment.objects.filter(page_id=seed.pk).exists():
            for _name, username, text in COMMENTS:
                user = reader if username == READER else None
                Comment.objects.create(
                    page_id=seed.pk,
                    user=user,
                    is_anonymous=user is None,
                    author_name=moderation.display_name(user, user is None),
                    text=text,
                    status=CommentStatus.APPROVED,
                    ip_address="127.0.0.1",
                )
            DiggCount.objects.get_or_create(page_id=seed.pk, defaults={"count": 12})
    stdout.write(f"敏感词 {len(WORDS)} 个、种子文章评论 {len(COMMENTS)} 条已就绪。")
