"""Builders for staff records, shared by tests and demo code."""

from __future__ import annotations

import itertools
from typing import Any

from fazhi.staff.models import StaffMember

_counter = itertools.count(1)


def make_staff(name: str = "董定权", role: str = "通讯员", **fields: Any) -> StaffMember:
    number = next(_counter)
    fields.setdefault("card_number", f"T{number:06d}")
    return StaffMember.objects.create(name=name, role=role, **fields)
