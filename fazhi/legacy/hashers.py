"""Password hashers for accounts migrated from EmpireCMS and DedeCMS.

Listed in ``PASSWORD_HASHERS`` after the default ones: a migrated member signs in with the old
password and Django re-hashes it with the first (preferred) hasher at that sign-in.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.hashers import BasePasswordHasher, mask_hash
from django.utils.crypto import constant_time_compare


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


class EmpireCMSPasswordHasher(BasePasswordHasher):
    """EmpireCMS 7.x/8.0 members: ``md5(md5(password) . salt)``, stored ``empirecms$salt$hash``."""

    algorithm = "empirecms"

    def salt(self) -> str:
        return ""

    def encode(self, password: str, salt: str) -> str:
        return f"{self.algorithm}${salt}${_md5(_md5(password) + salt)}"

    def decode(self, encoded: str) -> dict[str, Any]:
        algorithm, salt, hash_ = encoded.split("$", 2)
        assert algorithm == self.algorithm
        return {"algorithm": algorithm, "hash": hash_, "salt": salt}

    def verify(self, password: str, encoded: str) -> bool:
        decoded = self.decode(encoded)
        return constant_time_compare(self.encode(password, decoded["salt"]), encoded)

    def safe_summary(self, encoded: str) -> dict[str, str]:
        decoded = self.decode(encoded)
        return {
            "algorithm": decoded["algorithm"],
            "salt": mask_hash(decoded["salt"], show=2),
            "hash": mask_hash(decoded["hash"]),
        }

    def must_update(self, encoded: str) -> bool:
        return True  # never keep an md5 scheme once the real password is known

    def harden_runtime(self, password: str, encoded: str) -> None:
        pass


class DedeCMSPasswordHasher(BasePasswordHasher):
    """DedeCMS 5.7: members store ``md5(password)``; administrators ``substr(md5(password), 5, 20)``.

    Stored as ``dedecms$$hash`` (no salt); the hash length tells the two apart.
    """

    algorithm = "dedecms"

    def salt(self) -> str:
        return ""

    def encode(self, password: str, salt: str = "") -> str:
        return f"{self.algorithm}$${_md5(password)}"

    def decode(self, encoded: str) -> dict[str, Any]:
        algorithm, salt, hash_ = encoded.split("$", 2)
        assert algorithm == self.algorithm
        return {"algorithm": algorithm, "hash": hash_, "salt": salt}

    def verify(self, password: str, encoded: str) -> bool:
        stored = self.decode(encoded)["hash"]
        full = _md5(password)
        candidate = full[5:25] if len(stored) == 20 else full
        return constant_time_compare(candidate, stored)

    def safe_summary(self, encoded: str) -> dict[str, str]:
        decoded = self.decode(encoded)
        return {"algorithm": decoded["algorithm"], "hash": mask_hash(decoded["hash"])}

    def must_update(self, encoded: str) -> bool:
        return True

    def harden_runtime(self, password: str, encoded: str) -> None:
        pass


LEGACY_HASHERS = [
    "fazhi.legacy.hashers.EmpireCMSPasswordHasher",
    "fazhi.legacy.hashers.DedeCMSPasswordHasher",
]
