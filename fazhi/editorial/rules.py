"""The editorial rules as plain functions: who may review, and what 责任编辑 becomes.

They take plain values (ids, names) so they can be tested without a database; the workflow
module gathers those values from Wagtail's workflow state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_CJK = re.compile(r"[\u3400-\u9fff]")


def person_name(first_name: str, last_name: str, username: str) -> str:
    """A person's full name as printed under an article, else the username.

    Chinese names are family name first with no space (王 + 小明 → 王小明); others follow
    Django's "first last".
    """
    first, last = (first_name or "").strip(), (last_name or "").strip()
    if first and last:
        if _CJK.search(first + last):
            return f"{last}{first}"
        return f"{first} {last}"
    return first or last or username


@dataclass(frozen=True)
class Approval:
    """One approved step of a submission: who approved which step."""

    user_id: int | None
    step: str


def review_refusal(
    *,
    user_id: int,
    submitter_id: int | None,
    author_id: int | None,
    approvals: Iterable[Approval],
) -> str | None:
    """Why ``user_id`` may not decide the current step of a submission, or None if he may.

    三审 means three different people: nobody reviews his own submission or his own article, and
    nobody decides two steps of the same submission.
    """
    if submitter_id is not None and user_id == submitter_id:
        return "按三审制，您不能审核自己提交的稿件，请由其他审核人处理。"
    if author_id is not None and user_id == author_id:
        return "按三审制，您不能审核自己撰写的稿件，请由其他审核人处理。"
    for approval in approvals:
        if approval.user_id == user_id:
            return (
                f"按三审制，同一人不能审核同一稿件的两个步骤：您已完成本次送审的“{approval.step}”，"
                "请由其他审核人处理。"
            )
    return None


def submission_refusal(
    *, submitter_id: int | None, author_id: int | None, approvals: list[Approval]
) -> str | None:
    """Checked once more before publishing: every step approved by a different person, none of
    them the submitter or the author."""
    for index, approval in enumerate(approvals):
        if approval.user_id is None:
            return f"“{approval.step}”没有记录审核人，不能发布。"
        reason = review_refusal(
            user_id=approval.user_id,
            submitter_id=submitter_id,
            author_id=author_id,
            approvals=approvals[:index],
        )
        if reason:
            return reason
    return None


def responsible_editor_after_approval(
    *, approved_value: str, baseline_value: str, approver_name: str
) -> str:
    """责任编辑 once the final step is approved.

    Only 总编辑 sees the field in the editor, so a value that differs from the one the article had
    before this submission (``baseline_value``: the live version's, or empty) was typed by a 总编辑
    and stands. Otherwise the final approver is accountable and his name is printed.
    """
    approved_value = (approved_value or "").strip()
    if approved_value and approved_value != (baseline_value or "").strip():
        return approved_value
    return approver_name or approved_value
