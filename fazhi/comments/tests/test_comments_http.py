"""Posting comments over HTTP: guests with captcha, inline login, members, moderation modes,
sensitive words, limits, honeypot, CSRF, the list with replies, and reports."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from fazhi.comments.models import Comment, CommentReport, CommentStatus, SensitiveWord
from fazhi.comments.tests.conftest import JSON, PASSWORD, guest_comment

pytestmark = pytest.mark.django_db


def url(page) -> str:
    return f"/api/pages/{page.pk}/comments/"


def post(client, page, data, **extra):
    return client.post(url(page), data, **JSON, **extra)


def test_guest_posts_anonymously_after_captcha_and_waits(client, seed_article):
    response = post(client, seed_article, guest_comment(), HTTP_USER_AGENT="TestBrowser/1.0")
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert response.json()["message"] == "评论已提交，审核通过后显示。"
    comment = Comment.objects.get()
    assert comment.author_name == "匿名网友" and comment.is_anonymous and comment.user is None
    assert comment.ip_address == "127.0.0.1" and comment.user_agent == "TestBrowser/1.0"
    assert comment.status == CommentStatus.PENDING and comment.created_at
    # Pending comments are not listed and not counted.
    listing = client.get(url(seed_article), **JSON).json()
    assert listing["count"] == 0 and listing["comments"] == []
    comment.status = CommentStatus.APPROVED
    comment.save()
    listing = client.get(url(seed_article), **JSON).json()
    assert listing["count"] == 1
    assert listing["comments"][0]["text"] == "写得很好，支持法治建设！"
    assert client.get(f"/api/pages/{seed_article.pk}/live/").json()["comment_count"] == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (guest_comment(anonymous=""), "anonymous", "请输入用户名和密码，或勾选“匿名发表”。"),
        (guest_comment(captcha_1=""), "captcha", "请输入验证码。"),
        (guest_comment(captcha_1="wrong"), "captcha", "验证码错误，请重新输入。"),
        (guest_comment(text=""), "text", "请填写评论内容。"),
        (guest_comment(text="好"), "text", "评论内容太短了（至少 2 个字）。"),
        (guest_comment(text="长" * 1001), "text", "评论内容不能超过 1000 个字（现在 1001 个字）。"),
        (guest_comment(username="reader1"), "password", "请输入密码。"),
        (guest_comment(website="http://spam.example"), "website", "提交失败，请刷新页面后重试。"),
        (guest_comment(parent="99999"), "parent", "要回复的评论不存在或尚未通过审核。"),
    ],
)
def test_bad_input_gets_a_chinese_message_by_its_field_and_stores_nothing(
    client, seed_article, reader, data, field, message
):
    response = post(client, seed_article, data)
    assert response.status_code == 400
    assert message in response.json()["errors"][field]
    assert not Comment.objects.exists()


def test_guests_may_be_turned_away(client, seed_article, comment_settings):
    comment_settings.guests_may_post = False
    comment_settings.save()
    response = post(client, seed_article, guest_comment())
    assert response.status_code == 400
    assert response.json()["errors"]["username"] == ["请先登录（输入用户名和密码）后发表评论。"]
    assert not Comment.objects.exists()


def test_inline_login_posts_and_signs_in_in_one_step(client, seed_article, reader):
    data = {"text": "会员评论一条", "username": "reader1", "password": PASSWORD}
    response = post(client, seed_article, data)
    assert response.status_code == 201
    comment = Comment.objects.get()
    assert comment.user == reader and comment.author_name == "reader1" and not comment.is_anonymous
    assert client.get(f"/api/pages/{seed_article.pk}/live/?me=1").json()["user"] == {
        "username": "reader1"
    }


def test_inline_login_with_a_wrong_password(client, seed_article, reader):
    data = {"text": "会员评论一条", "username": "reader1", "password": "nope"}
    response = post(client, seed_article, data)
    assert response.status_code == 400
    assert response.json()["errors"]["password"] == ["用户名或密码错误。"]
    assert not Comment.objects.exists()


def test_inline_login_refuses_admin_accounts(client, seed_article, admin_user):
    data = {"text": "管理员评论", "username": "editor", "password": PASSWORD}
    response = post(client, seed_article, data)
    assert response.status_code == 400
    assert "管理员账号请从后台登录" in response.json()["errors"]["password"][0]
    assert not Comment.objects.exists()


def test_inline_login_is_locked_after_repeated_failures(client, seed_article, reader, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        bad = post(client, seed_article, {"text": "猜密码", "username": "reader1", "password": "x"})
        assert bad.status_code in (400, 429)
    # Even the right password is refused now (django-axes), with a clear message.
    locked = post(
        client, seed_article, {"text": "猜中了", "username": "reader1", "password": PASSWORD}
    )
    assert locked.status_code == 429
    assert locked.json()["message"] == "登录失败次数过多，已暂时锁定，请稍后再试。"
    assert not Comment.objects.exists()
    # Another address is not locked out of the same account.
    ok = Client(REMOTE_ADDR="10.9.9.9").post(
        url(seed_article), {"text": "换个地方", "username": "reader1", "password": PASSWORD}, **JSON
    )
    assert ok.status_code == 201


def test_signed_in_member_posts_directly_and_may_appear_anonymous(
    client, seed_article, reader, comment_settings
):
    client.force_login(reader)
    assert post(client, seed_article, {"text": "直接发表"}).status_code == 201
    assert post(client, seed_article, {"text": "匿名一下", "anonymous": "1"}).status_code == 201
    anonymous = Comment.objects.get(text="匿名一下")
    assert anonymous.author_name == "匿名网友" and anonymous.user == reader
    comment_settings.members_may_be_anonymous = False
    comment_settings.save()
    refused = post(client, seed_article, {"text": "再匿名一下", "anonymous": "1"})
    assert refused.json()["errors"]["anonymous"] == ["本站不允许会员匿名发表。"]


def test_post_moderation_publishes_at_once_but_hold_words_wait(
    client, seed_article, comment_settings
):
    comment_settings.moderation_mode = "post"
    comment_settings.save()
    SensitiveWord.objects.create(word="上访", action="hold")
    assert post(client, seed_article, guest_comment("马上显示")).json()["status"] == "approved"
    held = post(client, seed_article, guest_comment("组织 上 访 活动"))
    assert held.json()["status"] == "pending"
    assert Comment.objects.get(text="组织 上 访 活动").held_words == ["上访"]
    assert client.get(url(seed_article), **JSON).json()["count"] == 1


def test_block_words_refuse_the_post(client, seed_article):
    SensitiveWord.objects.create(word="六合彩", action="block")
    response = post(client, seed_article, guest_comment("买 六＊合＊彩 找我"))
    assert response.status_code == 400
    assert response.json()["errors"]["text"] == ["评论含有不允许发表的内容，请修改后再发表。"]
    assert not Comment.objects.exists()


def test_comment_limits_per_ip_and_per_account(client, seed_article, reader, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment_ip": "2/h", "comment_user": "1/h"}
    assert post(client, seed_article, guest_comment("第一条评论")).status_code == 201
    assert post(client, seed_article, guest_comment("第二条评论")).status_code == 201
    limited = post(client, seed_article, guest_comment("第三条评论"))
    assert limited.status_code == 429
    assert limited.json()["message"] == "操作过于频繁，请稍后再试。"
    member = Client(REMOTE_ADDR="10.0.0.8")
    member.force_login(reader)
    assert member.post(url(seed_article), {"text": "会员一条"}, **JSON).status_code == 201
    other_ip = Client(REMOTE_ADDR="10.0.0.9")
    other_ip.force_login(reader)
    assert other_ip.post(url(seed_article), {"text": "会员两条"}, **JSON).status_code == 429
    assert Comment.objects.count() == 3


def test_list_newest_first_paginated_with_one_level_of_replies(
    client, seed_article, settings, count_queries_fn
):
    settings.COMMENTS_PER_PAGE = 2
    made = [
        Comment.objects.create(
            page=seed_article, author_name="匿名网友", text=f"评论{i}", status="approved"
        )
        for i in range(3)
    ]
    client.post(url(seed_article), guest_comment("回复评论0", parent=str(made[0].pk)), **JSON)
    reply = Comment.objects.get(text="回复评论0")
    assert reply.parent == made[0]
    reply.status = "approved"
    reply.save()
    # A reply to a reply hangs under the top-level comment.
    client.post(url(seed_article), guest_comment("再回复", parent=str(reply.pk)), **JSON)
    assert Comment.objects.get(text="再回复").parent == made[0]
    Comment.objects.filter(text="再回复").update(status="approved")
    first = client.get(url(seed_article), **JSON).json()
    assert [c["text"] for c in first["comments"]] == ["评论2", "评论1"]
    assert first["num_pages"] == 2 and first["count"] == 5
    second = client.get(url(seed_article) + "?page=2", **JSON).json()
    assert [c["text"] for c in second["comments"]] == ["评论0"]
    assert [r["text"] for r in second["comments"][0]["replies"]] == ["回复评论0", "再回复"]
    # No query per comment: as many queries for 2 comments with replies as for 2 without.
    few = count_queries_fn(client, url(seed_article) + "?page=2")
    many = count_queries_fn(client, url(seed_article))
    assert few == many <= 8


def test_plain_post_without_javascript_keeps_what_was_typed(seed_article):
    browser = Client(enforce_csrf_checks=True)
    data = {"csrfmiddlewaretoken": "", "text": "没有脚本也能评论", "anonymous": "1", "username": ""}
    page = browser.post(url(seed_article), data)
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "lxml")
    assert soup.select_one("textarea[name=text]").get_text().strip() == "没有脚本也能评论"
    assert soup.select_one("input[name=anonymous]").has_attr("checked")
    token = soup.select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert not Comment.objects.exists()
    # Every field of the form has a label.
    for field in soup.select(
        "form.comment-form input:not([type=hidden]), form.comment-form textarea"
    ):
        assert soup.select_one(f"label[for={field['id']}]"), field
    # Submitted with a wrong captcha: the error is beside its field, the text still there.
    data.update(csrfmiddlewaretoken=token, captcha_0="x", captcha_1="wrong")
    again = browser.post(url(seed_article), data)
    assert again.status_code == 400
    soup = BeautifulSoup(again.content, "lxml")
    captcha_field = soup.select_one("input[name=captcha_1]").find_parent(class_="form-field")
    assert "验证码错误，请重新输入。" in captcha_field.get_text()
    assert soup.select_one("textarea[name=text]").get_text().strip() == "没有脚本也能评论"
    data.update(captcha_1="passed")
    done = browser.post(url(seed_article), data)
    assert done.status_code == 303
    assert done["Location"].endswith("?posted=pending")
    assert (
        "评论已提交，审核通过后显示。"
        in browser.get(done["Location"], HTTP_ACCEPT="text/html").content.decode()
    )
    assert Comment.objects.get().text == "没有脚本也能评论"


def test_a_json_post_without_token_is_refused(seed_article):
    response = Client(enforce_csrf_checks=True).post(url(seed_article), guest_comment(), **JSON)
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_comments_only_on_pages_with_public_content(client, home):
    assert post(client, home, guest_comment()).status_code == 404


def test_reports_are_stored_once_per_reader_and_limited(client, seed_article, settings):
    comment = Comment.objects.create(
        page=seed_article, author_name="匿名网友", text="可疑评论", status="approved"
    )
    report_url = f"/api/comments/{comment.pk}/report/"
    first = client.post(report_url, {"reason": "广告"}, **JSON)
    assert first.status_code == 200 and first.json()["message"] == "举报已收到，谢谢！"
    again = client.post(report_url, {"reason": "广告"}, **JSON)
    assert again.json()["message"] == "您已经举报过这条评论。"
    comment.refresh_from_db()
    assert comment.report_count == 1
    report = CommentReport.objects.get()
    assert report.reason == "广告" and report.ip_address == "127.0.0.1"
    too_long = Client(REMOTE_ADDR="10.3.3.3").post(report_url, {"reason": "长" * 201}, **JSON)
    assert too_long.status_code == 400
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report_ip": "1/h"}
    limited = Client(REMOTE_ADDR="10.4.4.4")
    assert limited.post(report_url, {}, **JSON).status_code == 200
    pending = Comment.objects.create(page=seed_article, author_name="x", text="待审")
    assert limited.post(f"/api/comments/{pending.pk}/report/", {}, **JSON).status_code == 404
    assert limited.post(report_url, {}, **JSON).status_code == 429
    assert CommentReport.objects.count() == 2


def test_captcha_endpoint_gives_a_key_and_an_image(client):
    data = client.get("/api/captcha/").json()
    assert len(data["key"]) == 40
    image = client.get(data["image_url"])
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
