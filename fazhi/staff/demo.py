"""Demo staff for ``fazhi load_demo``: the seed article's correspondent 董定权 and a few others."""

from __future__ import annotations

import io
from datetime import date

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image

from fazhi.news.models import ArticlePage
from fazhi.staff.lookup import match_byline_staff
from fazhi.staff.models import StaffMember
from fazhi.staff.status import ACTIVE, REVOKED

DEMO_CORRESPONDENT_CARD = "FZ20190815"

# (name, role, department, card, press card, valid from, valid until, status, reason)
DEMO_STAFF = [
    ("董定权", "通讯员", "学界之声通讯站", DEMO_CORRESPONDENT_CARD, "", date(2019, 1, 1), date(2030, 12, 31), ACTIVE, ""),
    ("李明", "记者", "法治要闻部", "FZ20180101", "L11000000001", date(2018, 1, 1), None, ACTIVE, ""),
    ("王芳", "责任编辑", "编辑中心", "FZ20170302", "", date(2017, 3, 2), None, ACTIVE, ""),
    ("张伟", "记者", "普法园地", "FZ20160520", "", date(2016, 5, 20), date(2030, 12, 31), REVOKED, "已离职，工作证已收回"),
    ("赵强", "通讯员", "基层通讯站", "FZ20200101", "", date(2020, 1, 1), date(2022, 12, 31), ACTIVE, ""),
]  # fmt: skip


def _demo_photo(title: str) -> Image:
    """A plain silhouette (no font needed), made once and reused."""
    image = Image.objects.filter(title=title).first()
    if image is not None:
        return image
    canvas = PILImage.new("RGB", (240, 320), "#dfe6ee")
    draw = ImageDraw.Draw(canvas)
    draw.ellipse((70, 50, 170, 150), fill="#8a9bb0")
    draw.rounded_rectangle((35, 170, 205, 330), radius=60, fill="#8a9bb0")
    buffer = io.BytesIO()
    canvas.save(buffer, "PNG")
    image = Image(title=title, file=ImageFile(buffer, name="staff-demo.png"))
    image.save()
    return image


@transaction.atomic
def load_demo_staff(stdout) -> None:
    photo = _demo_photo("人员照片（演示）")
    for name, role, dept, card, press, start, until, status, reason in DEMO_STAFF:
        member, created = StaffMember.objects.get_or_create(
            card_number=card,
            defaults=dict(
                name=name,
                role=role,
                department=dept,
                press_card_number=press,
                valid_from=start,
                valid_until=until,
                status=status,
                status_reason=reason,
                photo=photo,
            ),
        )
        if created:
            stdout.write(f"新建人员：{member}")
    linked = link_unlinked_bylines()
    if linked:
        stdout.write(f"已核验署名：{linked} 篇文章")
    stdout.write(f"人员查询演示：打开 /staff/ ，姓名 董定权 ，工作证号 {DEMO_CORRESPONDENT_CARD}")


def link_unlinked_bylines() -> int:
    """Link articles imported before their staff record existed (the importer links new ones)."""
    count = 0
    for page in ArticlePage.objects.filter(byline_staff__isnull=True).exclude(byline=""):
        member = match_byline_staff(page.byline, page.author)
        if member is not None:
            page.byline_staff = member
            if page.live:
                page.save_revision().publish()
            else:
                page.save()
            count += 1
    return count
