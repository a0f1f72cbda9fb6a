"""The separation-of-duty and 责任编辑 rules, as plain functions."""

from fazhi.editorial.rules import (
    Approval,
    person_name,
    responsible_editor_after_approval,
    review_refusal,
    submission_refusal,
)


def test_person_name_chinese_family_name_first():
    assert person_name("小明", "王", "wxm") == "王小明"


def test_person_name_western_and_fallbacks():
    assert person_name("Ada", "Lovelace", "ada") == "Ada Lovelace"
    assert person_name("", "", "ada") == "ada"
    assert person_name("娜", "", "lina") == "娜"
    assert person_name("  ", " ", "lina") == "lina"


def test_nobody_reviews_his_own_submission():
    reason = review_refusal(user_id=1, submitter_id=1, author_id=2, approvals=[])
    assert reason and "自己提交" in reason


def test_nobody_reviews_his_own_article():
    reason = review_refusal(user_id=2, submitter_id=1, author_id=2, approvals=[])
    assert reason and "自己撰写" in reason


def test_nobody_approves_two_steps():
    reason = review_refusal(user_id=3, submitter_id=1, author_id=1, approvals=[Approval(3, "初审")])
    assert reason and "初审" in reason and "两个步骤" in reason


def test_a_different_person_may_review():
    approvals = [Approval(3, "初审"), Approval(4, "复审")]
    assert review_refusal(user_id=5, submitter_id=1, author_id=1, approvals=approvals) is None
    assert review_refusal(user_id=5, submitter_id=None, author_id=None, approvals=[]) is None


def test_submission_refusal_checks_every_step():
    ok = [Approval(3, "初审"), Approval(4, "复审"), Approval(5, "终审")]
    assert submission_refusal(submitter_id=1, author_id=1, approvals=ok) is None
    twice = [Approval(3, "初审"), Approval(4, "复审"), Approval(3, "终审")]
    assert "初审" in submission_refusal(submitter_id=1, author_id=1, approvals=twice)
    own = [Approval(1, "初审")]
    assert "自己提交" in submission_refusal(submitter_id=1, author_id=2, approvals=own)
    anonymous = [Approval(None, "初审")]
    assert "没有记录审核人" in submission_refusal(submitter_id=1, author_id=1, approvals=anonymous)


def test_responsible_editor_is_the_final_approver_by_default():
    assert (
        responsible_editor_after_approval(
            approved_value="", baseline_value="", approver_name="刘洋"
        )
        == "刘洋"
    )
    # A live article re-approved: the previous approver's name gives way to the new one.
    assert (
        responsible_editor_after_approval(
            approved_value="王强", baseline_value="王强", approver_name="刘洋"
        )
        == "刘洋"
    )


def test_a_name_typed_by_the_chief_editor_stands():
    assert (
        responsible_editor_after_approval(
            approved_value="孙丽", baseline_value="王强", approver_name="刘洋"
        )
        == "孙丽"
    )
    assert (
        responsible_editor_after_approval(
            approved_value=" 孙丽 ", baseline_value="", approver_name="刘洋"
        )
        == "孙丽"
    )
