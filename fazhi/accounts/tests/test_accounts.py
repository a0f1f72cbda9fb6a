"""Reader accounts: register, sign in and out, change password, my comments; Argon2; brute force;
readers and admins kept apart."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import User
from django.test import Client

from fazhi.accounts.readers import READER_GROUP, create_reader, is_reader
from fazhi.comments.models import Comment

pytestmark = pytest.mark.django_db
PASSWORD = "Fazhi-reader-2026"


def register_data(**extra: str) -> dict[str, str]:
    return {
        "username": "newreader",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "email": "",
        "phone": "",
        "nickname": "",
        "captcha_0": "x",
        "captcha_1": "passed",
        **extra,
    }


def field_error(response, name: str) -> str:
    soup = BeautifulSoup(response.content, "lxml")
    return (
        soup.select_one(f"[name={name}]").find_parent(class_="form-field").get_text(" ", strip=True)
    )


def test_production_settings_hash_passwords_with_argon2(settings):
    import fazhi.settings as production  # the tests' own settings use a fast hasher

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    reader = create_reader("argon", PASSWORD)
    assert reader.password.startswith("argon2$argon2id$")
    assert check_password(PASSWORD, reader.password)
    assert make_password(PASSWORD).startswith("argon2$")


def test_register_signs_in_a_reader_who_is_not_staff(client):
    response = client.post(
        "/accounts/register/", register_data(phone="13800138000", nickname="小王")
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/comments/"
    user = User.objects.get(username="newreader")
    assert not user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [READER_GROUP]
    assert user.reader_profile.phone == "13800138000" and user.reader_profile.nickname == "小王"
    assert is_reader(user)
    assert client.get("/accounts/comments/").status_code == 200


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"password1": "123", "password2": "123"}, "password2", "密码长度太短"),
        ({"password1": "password", "password2": "password"}, "password2", "密码太常见"),
        ({"password2": "different-Pass-1"}, "password2", "输入的两个密码不一致。"),
        ({"username": "bad name!"}, "username", "请输入合法的用户名"),
        ({"phone": "12345"}, "phone", "请输入 11 位手机号码。"),
        ({"email": "not-an-email"}, "email", "请输入有效的电子邮箱地址。"),
        ({"captcha_1": "wrong"}, "captcha_1", "验证码错误"),
        ({"website": "spam"}, "website", "提交失败"),
    ],
)
def test_register_errors_are_chinese_beside_the_field_and_input_is_kept(
    client, extra, field, message
):
    data = {**register_data(email="me@example.cn"), **extra}
    response = client.post("/accounts/register/", data)
    assert response.status_code == 400
    assert message in field_error(response, field)
    soup = BeautifulSoup(response.content, "lxml")
    assert soup.select_one("input[name=email]")["value"] == data["email"]  # what was typed stays
    assert not User.objects.filter(username="newreader").exists()


def test_register_refuses_a_taken_username(client):
    create_reader("newreader", PASSWORD)
    response = client.post("/accounts/register/", register_data())
    assert "这个用户名已经有人用了。" in field_error(response, "username")


def test_register_is_rate_limited_per_ip(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register_ip": "1/h"}
    client.post("/accounts/register/", register_data(username="first"))
    response = Client().post("/accounts/register/", register_data(username="second"))
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    assert not User.objects.filter(username="second").exists()


def test_sign_in_sign_out_and_change_password(client):
    create_reader("reader1", PASSWORD)
    bad = client.post("/accounts/login/", {"username": "reader1", "password": "wrong"})
    assert "用户名或密码错误。" in bad.content.decode()
    good = client.post("/accounts/login/", {"username": "reader1", "password": PASSWORD})
    assert good.status_code == 302
    change = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Another-pass-2027",
            "new_password2": "Another-pass-2027",
        },
    )
    assert change.status_code == 302 and change["Location"] == "/accounts/password/done/"
    assert User.objects.get(username="reader1").check_password("Another-pass-2027")
    signed_out = client.post("/accounts/logout/")
    assert signed_out.status_code == 302 and signed_out["Location"] == "/"
    assert client.get("/accounts/comments/").status_code == 302  # signed out


def test_sign_in_is_locked_after_repeated_failures(client, settings):
    create_reader("reader1", PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "reader1", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "reader1", "password": PASSWORD})
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_is_rate_limited_per_ip(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_ip": "2/h"}
    create_reader("reader1", PASSWORD)
    for name in ("a", "b"):
        client.post("/accounts/login/", {"username": name, "password": "x"})
    limited = client.post("/accounts/login/", {"username": "reader1", "password": PASSWORD})
    assert "操作过于频繁，请稍后再试。" in limited.content.decode()
    assert "_auth_user_id" not in client.session


def test_admins_cannot_use_the_reader_sign_in_and_readers_cannot_use_the_admin(client):
    User.objects.create_superuser("editor", "e@example.cn", PASSWORD)
    response = client.post("/accounts/login/", {"username": "editor", "password": PASSWORD})
    assert "管理员账号请从后台登录" in response.content.decode()
    assert "_auth_user_id" not in client.session
    create_reader("reader1", PASSWORD)
    admin_login = client.post("/admin/login/", {"username": "reader1", "password": PASSWORD})
    assert client.get("/admin/").status_code == 302  # still sent to the admin's login
    assert admin_login.status_code in (200, 302)


def test_my_comments_lists_each_status(client, seed_article):
    reader = create_reader("reader1", PASSWORD)
    other = create_reader("reader2", PASSWORD)
    for status in ("pending", "approved", "rejected"):
        Comment.objects.create(
            page=seed_article,
            user=reader,
            author_name="reader1",
            text=f"我的{status}",
            status=status,
        )
    Comment.objects.create(page=seed_article, user=other, author_name="reader2", text="别人的")
    client.force_login(reader)
    soup = BeautifulSoup(client.get("/accounts/comments/").content, "lxml")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in soup.select("tbody tr")]
    assert [(r[1], r[3]) for r in rows] == [
        ("我的rejected", "已拒绝"),
        ("我的approved", "已通过"),
        ("我的pending", "待审核"),
    ]
    assert rows[0][0] == seed_article.title


def test_the_admin_sign_in_is_locked_too(client, settings):
    User.objects.create_superuser("editor", "e@example.cn", PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    locked = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert client.get("/admin/").status_code == 302
