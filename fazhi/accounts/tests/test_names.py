"""Impostor, invisible and control-character names (issue 23, part 1): the rules as functions, the
register endpoint, the stored nickname, the staff registry's names, ``fazhi check_names``."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core.management import call_command

from fazhi.accounts.names import clean_display_name, name_problem, skeleton
from fazhi.accounts.readers import create_reader
from fazhi.accounts.tests.test_accounts import field_error, register_data
from fazhi.staff.models import StaffMember

ZW = "\u200b"  # zero-width space
RLO = "\u202e"

IMPOSTORS = [
    "管理员",
    "管理員",
    "系统管理员",
    "网站管理员",
    "官方客服",
    "总编辑",
    "编辑部",
    "本站记者",
    "管埋员",
    "\u0430dmin",  # Cyrillic а
    "\u03b1dmin",  # Greek α
    "ADM\u0399N",  # Greek Ι
    "root",
    "system",
    "administrator",
    "@所有人",
    "Admin",
    "ＡＤＭＩＮ",  # full-width
    "ａｄｍｉｎ",
    "𝐚𝐝𝐦𝐢𝐧",  # mathematical bold
    "a\u0301dmin",  # combining acute
    "admin_01",
    "the admin",
    "ad min",
    f"管{ZW}理员",
    "管\u200d理\u200c员",  # zero-width joiner / non-joiner
    "管\ufe0f理员",  # variation selector
    "管\u00ad理员",  # soft hyphen
    f"{RLO}nimda",  # shows as "admin"... and is "admin" reversed; caught as a word? see below
    "官 方",
    "客服小王",
    "小编",
    "站长",
    "r\u043e\u043et",  # Cyrillic о
    "Sуstem",  # Cyrillic у
    "kefu",
    "guanliyuan",
    "本站記者",
]
INVISIBLE = [
    "\u3164",
    "\u3164\u3164",
    "\u115f\u1160",
    ZW * 3,
    "\u2800",
    "\u00ad",
    " \u3000 ",
    "\ufe0f",
]
CONTROL = ["\x1b[31m红色\x1b[0m", "a\x00b", "张\n三", "tab\tname", "\x7f", "\x85name"]
INNOCENT = [
    "小王",
    "法治读者",
    "张三",
    "李四",
    "badminton",
    "rootbeer",
    "systematic",
    "管家",
    "理员",
    "编辑器爱好者",
    "记忆",
    "Émilie",
    "Владимир",
    "Ελένη",
    "김민준",
    "田中",
    "reader_2026",
    "wang.li",
    "😀开心",
]


@pytest.mark.parametrize("name", IMPOSTORS)
def test_impostor_names_are_refused(name):
    if name.startswith(RLO):
        # Reversed Latin is not the word it shows as; the override itself is what must go:
        # the stored form drops it, and what remains ("nimda") is no impostor.
        assert clean_display_name(name) == "nimda"
        return
    problem = name_problem(name, staff=[])
    assert problem is not None and problem.code == "reserved", name


@pytest.mark.parametrize("name", INVISIBLE)
def test_invisible_names_are_refused(name):
    problem = name_problem(name, staff=[])
    assert problem is not None and problem.code == "invisible"


@pytest.mark.parametrize("name", CONTROL)
def test_names_with_control_characters_are_refused(name):
    problem = name_problem(name, staff=[])
    assert problem is not None and problem.code == "control"


@pytest.mark.parametrize("name", INNOCENT)
def test_ordinary_names_pass(name):
    assert name_problem(name, staff=["董定权"]) is None


def test_skeletons_of_look_alikes_are_equal():
    assert skeleton("\u0430dmin") == skeleton("admin") == skeleton("ＡＤＭＩＮ")
    assert skeleton("管理員") == skeleton("管理员") == skeleton(f"管{ZW}理 员")
    assert skeleton("paypal") != skeleton("admin")


@pytest.mark.django_db
def test_staff_names_and_their_look_alikes_are_refused():
    staff = ["董定权", "Li Ming"]
    for name in ("董定权", "董定權", "记者董定权", f"董{ZW}定权", "董 定 权"):
        problem = name_problem(name, staff=staff)
        assert problem is not None and problem.code in ("staff", "reserved"), name
    assert name_problem("LiMing", staff=staff).code == "staff"
    assert name_problem("董定", staff=staff) is None


@pytest.mark.django_db
def test_display_names_drop_bidi_controls_and_invisibles_on_save():
    assert clean_display_name(f"{RLO}小王\u202c") == "小王"
    assert clean_display_name("\u2067张三\u2069 \u200f") == "张三"
    assert clean_display_name(f"王{ZW}五") == "王五"
    assert clean_display_name("  法治   读者 ") == "法治 读者"
    reader = create_reader("bidi-reader", "Fazhi-reader-2026", nickname=f"{RLO}小王")
    assert reader.reader_profile.nickname == "小王"


# --- through the register endpoint ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("管理员", "本站保留名称"),
        ("\u0430dmin", "本站保留名称"),
        ("root", "本站保留名称"),
        ("网站管理员", "本站保留名称"),
        ("\u3164\u3164", "看不见的字符"),
    ],
)
def test_register_refuses_impostor_usernames_in_chinese(client, username, message):
    response = client.post("/accounts/register/", register_data(username=username))
    assert response.status_code == 400
    assert message in field_error(response, "username")
    assert not User.objects.filter(username=username).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("nickname", "message"),
    [
        ("官方客服", "本站保留名称"),
        ("ＡＤＭＩＮ", "本站保留名称"),
        (f"管{ZW}理员", "本站保留名称"),
        (ZW * 2, "看不见的字符"),
        ("\u2800", "看不见的字符"),
        ("\x1b[31m红色", "控制字符"),
    ],
)
def test_register_refuses_impostor_nicknames_in_chinese(client, nickname, message):
    response = client.post("/accounts/register/", register_data(nickname=nickname))
    assert response.status_code == 400
    assert message in field_error(response, "nickname")
    assert not User.objects.filter(username="newreader").exists()


@pytest.mark.django_db
def test_register_stores_a_nickname_without_bidi_controls(client):
    response = client.post("/accounts/register/", register_data(nickname=f"{RLO}小王\u2066"))
    assert response.status_code == 302
    assert User.objects.get(username="newreader").reader_profile.nickname == "小王"


@pytest.mark.django_db
def test_register_refuses_a_staff_members_name(client):
    StaffMember.objects.create(name="董定权", role="记者", department="新闻部", card_number="FZ1")
    response = client.post("/accounts/register/", register_data(nickname="董定權"))
    assert response.status_code == 400
    assert "本站工作人员" in field_error(response, "nickname")
    fine = client.post("/accounts/register/", register_data(nickname="董先生"))
    assert fine.status_code == 302


@pytest.mark.django_db
def test_check_names_reports_what_the_rules_would_refuse():
    create_reader("goodreader", "Fazhi-reader-2026", nickname="小王")
    bad = create_reader("\u0430dmin", "Fazhi-reader-2026")
    invisible = create_reader("filler", "Fazhi-reader-2026")
    invisible.reader_profile.nickname = "\u3164"  # stored before the rules, e.g. by an import
    invisible.reader_profile.save()
    User.objects.create_superuser("admin", "a@example.cn", "x")  # staff are not readers
    out = io.StringIO()
    call_command("check_names", stdout=out)
    lines = out.getvalue().splitlines()
    assert any(f"账号 {bad.pk}\t用户名" in line and "reserved" in line for line in lines)
    assert any(f"账号 {invisible.pk}\t昵称" in line and "invisible" in line for line in lines)
    assert not any("goodreader" in line or "小王" in line for line in lines)
    assert lines[-1] == "共检查 3 个读者账号，2 个名称不符合新规则。"
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_names", "--fail", stdout=io.StringIO())
    assert exit_info.value.code == 1


@pytest.mark.django_db
def test_names_are_isolated_in_the_comment_page_and_queue(client, seed_article):
    from fazhi.comments.models import Comment

    Comment.objects.create(
        page=seed_article,
        text="好文章",
        author_name=f"{RLO}nimda",  # e.g. stored before the rules
        status="approved",
        ip_address="127.0.0.1",
    )
    html = client.get(f"/api/pages/{seed_article.pk}/comments/", HTTP_ACCEPT="text/html")
    soup = BeautifulSoup(html.content, "lxml")
    author = soup.select_one(".comment__author")
    assert author.name == "bdi" and author.get_text() == f"{RLO}nimda"
