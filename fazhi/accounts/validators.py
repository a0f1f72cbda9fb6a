"""Django's password validators, with the one message Django's Chinese catalogue lacks; the
validator of the names readers choose (rules in ``fazhi.accounts.names``)."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from fazhi.accounts.names import name_problem


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"密码长度太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符。"


@deconstructible
class ReaderNameValidator:
    """Refuses impostor, invisible and control-character names (username or nickname)."""

    def __call__(self, value: str) -> None:
        problem = name_problem(value)
        if problem is not None:
            raise ValidationError(problem.message, code=f"name_{problem.code}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ReaderNameValidator)
