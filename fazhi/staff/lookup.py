"""Public lookup rules: matching, response padding, and linking bylines to staff records.

The lookup must not help anyone enumerate names or card numbers: a wrong name with a real card
number and an unknown card number give the same answer, answers are padded to one size class,
and every lookup takes at least a fixed time (see ``fazhi.staff.views``).
"""

from __future__ import annotations

import hmac
import re

from django.db.models import QuerySet

from fazhi.staff.models import StaffMember, normalize_card_number, normalize_name
from fazhi.staff.status import ACTIVE

# Role words that stand before a name in a byline: 通讯员 董定权, 记者 张三 李四.
_BYLINE_ROLES = re.compile(r"(特约撰稿人|摄影记者|实习记者|特约记者|记者|通讯员|编辑|撰稿)")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,6}$")


def find_staff(name: str, card_number: str) -> StaffMember | None:
    """The staff record whose card number AND name both match, else None.

    One query by the (unique, indexed) card number; the name is compared in constant time so a
    real number with a wrong name takes as long as a near miss.
    """
    card = normalize_card_number(card_number)
    wanted = normalize_name(name).encode()
    member = (
        StaffMember.objects.select_related("photo").filter(card_number=card).first()
        if card
        else None
    )
    stored = member.name.encode() if member else b"\x00" * len(wanted)
    same = hmac.compare_digest(stored, wanted)
    return member if member is not None and same and wanted else None


def pad_to_size_class(body: bytes, size_class: int) -> bytes:
    """Pad an HTML body with a trailing comment up to the next multiple of ``size_class`` bytes.

    A match and a no-match answer then have the same length on the wire (as long as both fit
    the same class, which the size class is chosen for).
    """
    if size_class <= 0:
        return body
    prefix, suffix = b"\n<!-- ", b" -->\n"
    minimum = len(body) + len(prefix) + len(suffix)
    target = -(-minimum // size_class) * size_class
    return body + prefix + b" " * (target - minimum) + suffix


def byline_names(byline: str) -> list[str]:
    """Person names in a byline such as ``通讯员 董定权`` or ``记者 张三 李四``."""
    text = _BYLINE_ROLES.sub(" ", byline)
    parts = re.split(r"[\s,，、/()（）:：]+", text)
    return [p for p in parts if _NAME.match(p)]


def active_staff() -> QuerySet[StaffMember]:
    return StaffMember.objects.filter(status=ACTIVE)


def match_byline_staff(byline: str, author: str = "") -> StaffMember | None:
    """The one active staff record a byline names (its only name, or the author), else None.

    Linking happens only when the name is unambiguous: exactly one name in the byline and exactly
    one active record with that name. Two people called 张伟 are left for an editor to choose.
    """
    names = byline_names(byline) or ([normalize_name(author)] if _NAME.match(author or "") else [])
    if len(names) != 1:
        return None
    matches = list(active_staff().filter(name=names[0])[:2])
    if len(matches) != 1 or not matches[0].is_verified:
        return None
    return matches[0]
