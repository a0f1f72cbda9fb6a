"""The newsroom's roles, as Wagtail groups, and the review steps they own.

The data migration creates these groups and the workflows; code refers to them by these names.
"""

from __future__ import annotations

REPORTER = "通讯员/记者"  # writes drafts in the channels assigned to him (see ChannelDesk)
EDITOR = "编辑"  # 初审
DIRECTOR = "部门主任/值班主编"  # 复审
CHIEF = "总编辑"  # 终审; the only role that may override 责任编辑
MANAGER = "管理员"  # runs the site; the only role that publishes without the workflow

ROLES = [REPORTER, EDITOR, DIRECTOR, CHIEF, MANAGER]

FIRST_REVIEW = "初审"
SECOND_REVIEW = "复审"
FINAL_REVIEW = "终审"

THREE_STEP_WORKFLOW = "三审（初审→复审→终审）"
TWO_STEP_WORKFLOW = "两审（初审→终审）"

# Prefix of the per-channel writers' groups: "撰稿：法治要闻".
DESK_GROUP_PREFIX = "撰稿："

OVERRIDE_RESPONSIBLE_EDITOR = "editorial.override_responsible_editor"
