"""Whether a staff card counts as valid today: a plain function shared by lookup, QR page and bylines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ACTIVE = "active"
SUSPENDED = "suspended"
REVOKED = "revoked"

STATUS_CHOICES = [(ACTIVE, "有效"), (SUSPENDED, "暂停"), (REVOKED, "注销")]


@dataclass(frozen=True)
class CardState:
    code: str  # valid | not_yet | expired | suspended | revoked
    label: str

    @property
    def valid(self) -> bool:
        return self.code == "valid"


def card_state(
    status: str, valid_from: date | None, valid_until: date | None, today: date
) -> CardState:
    """The state a reader is told: revocation and suspension win over dates."""
    if status == REVOKED:
        return CardState("revoked", "已注销")
    if status == SUSPENDED:
        return CardState("suspended", "已暂停")
    if valid_from and today < valid_from:
        return CardState("not_yet", "尚未生效")
    if valid_until and today > valid_until:
        return CardState("expired", "已过期")
    return CardState("valid", "有效")
