"""Hostile uploads through the Wagtail admin: images and documents with hostile file names
(path traversal, NUL, RTL override, markup, disguised .html/.svg/.php, huge names of 3- and 4-byte
characters) and hostile contents (markup named .png, SVG, polyglots, a browser's false content type).
Each is refused with a Chinese message or stored under a safe name, and served (by the app and by
the nginx site's rules) so that a browser never runs or renders it as a page."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import Client
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from fazhi.conftest import save_screenshot
from fazhi.security.media import is_safe_inline
from fazhi.security.storage import MAX_NAME_BYTES, fit_name
from fazhi.security.tests.hostile import HOSTILE, SHORT, S, has_chinese
from fazhi.security.tests.test_hostile_browser import SENTINEL, assert_nothing_ran, watch

PASSWORD = "Hostile-uploader-2026"
SCRIPT = f"<script>{S}</script>".encode()
IMAGE_EXTENSIONS = {"avif", "gif", "jpg", "jpeg", "png", "webp"}


def raster(kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, kind)
    return out.getvalue()


# (file name, contents, the content type the browser claims)
STEMS = [
    "../../../../etc/passwd",
    "..\\..\\..\\windows\\win.ini",
    "/etc/cron.d/evil",
    "....//....//etc/passwd",
    "%2e%2e%2fevil",
    "a\x00.php",
    "nul\x00byte",
    "photo\u202egnp.html",  # shows as "photohtml.png"
    "\u202eevil",
    f"<img src=x onerror={S}>",
    f'"><svg onload={S}>',
    "{{7*7}}${7*7}",
    "'; DROP TABLE wagtailimages_image; --",
    "evil.php",
    "evil.html",
    "evil.svg",
    ".htaccess",
    "CON",
    " leading and trailing spaces ",
    "法" * 300,  # 900 bytes
    "𠀀" * 100,  # 400 bytes of CJK extension B: passes Django's cleaning, not the file system
    "A" * 1000,
    "\U0001f600" * 80,
    "新闻 图片（终稿）",
]
IMAGE_UPLOADS: list[tuple[str, bytes, str]] = [
    *[(f"{stem}.png", raster(), "image/png") for stem in STEMS],
    ("evil.php.png", raster(), "image/png"),
    ("evil.png.php", raster(), "image/png"),
    ("evil.png.html", raster(), "text/html"),
    (
        "evil.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="' + S.encode() + b'"/>',
        "image/svg+xml",
    ),
    (
        "svg-named.png",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="' + S.encode() + b'"/>',
        "image/png",
    ),
    ("html-named.png", b"<html><body>" + SCRIPT, "image/png"),
    ("html-named.gif", b"GIF89a<html>" + SCRIPT, "image/gif"),
    (
        "polyglot.png",
        raster() + b"<html>" + SCRIPT,
        "image/png",
    ),  # a valid image with a page after it
    ("polyglot.gif", raster("GIF") + SCRIPT, "text/html"),
    ("png-named.jpg", raster(), "image/jpeg"),
    ("jpeg-as-text.jpg", raster("JPEG"), "text/html"),
]
DOCUMENT_UPLOADS: list[tuple[str, bytes, str]] = [
    *[(f"{stem}.txt", SCRIPT, "text/html") for stem in STEMS],
    *[(f"{stem}.pdf", b"%PDF-1.4\n" + SCRIPT, "application/pdf") for stem in STEMS[:6]],
    ("evil.html", SCRIPT, "text/html"),
    ("evil.htm", SCRIPT, "text/html"),
    ("evil.svg", b"<svg onload=" + S.encode() + b">", "image/svg+xml"),
    ("evil.php", b"<?php system($_GET['c']); ?>", "application/x-php"),
    ("evil.txt.html", SCRIPT, "text/html"),
    ("evil.html.txt", SCRIPT, "text/html"),
    ("evil.pdf.exe", b"MZ", "application/octet-stream"),
    ("page.csv", b'=HYPERLINK("javascript:' + S.encode() + b'")', "text/csv"),
    # The corpus's markup as document names (a browser sends any name it is given).
    *[(f"{payload}.txt", SCRIPT, "text/plain") for payload in SHORT[:90:3]],
]


def nginx_disposition() -> re.Pattern[str]:
    """The inline-types regex of deploy/nginx/fazhi.conf's $fazhi_media_disposition map."""
    conf = (Path(settings.PROJECT_DIR) / "deploy" / "nginx" / "fazhi.conf").read_text("utf-8")
    block = conf.split("map $uri $fazhi_media_disposition {", 1)[1].split("}", 1)[0]
    pattern = re.search(r'~\*(\S+)\s+""\s*;', block).group(1)
    return re.compile(pattern, re.IGNORECASE)


def assert_safely_stored(name: str, folder: str, extensions: set[str]) -> None:
    assert name.startswith(folder + "/"), name
    base = name[len(folder) + 1 :]
    assert re.fullmatch(r"[-\w.]+", base) and not base.startswith("."), name
    assert "/" not in base and "\\" not in base and "\x00" not in base
    assert len(base.encode()) <= 255
    assert base.rsplit(".", 1)[-1].lower() in extensions, name
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / name).resolve()
    assert path.is_relative_to(root) and path.is_file(), name


def assert_served_inert(client: Client, url: str, inline_allowed: bool) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy, policy
    content_type = response["Content-Type"]
    assert "html" not in content_type and "svg" not in content_type and "php" not in content_type
    disposition = response.get("Content-Disposition") or ""
    # Wagtail's document view shows a PDF inline, under its "default-src 'none'" policy.
    pdf_viewer = url.startswith("/documents/") and content_type == "application/pdf"
    if not (inline_allowed and is_safe_inline(content_type)) and not pdf_viewer:
        assert disposition.startswith("attachment"), (url, content_type, disposition)
    if response.streaming:  # read to the end: the test client then closes the file itself
        b"".join(response.streaming_content)


def upload(client: Client, kind: str, name: str, content: bytes, content_type: str) -> dict:
    response = client.post(
        f"/admin/{kind}/multiple/add/",
        {"files[]": SimpleUploadedFile(name, content, content_type)},
    )
    assert response.status_code == 200, (name, response.status_code)
    return json.loads(response.content)


@pytest.mark.django_db
def test_storage_names_every_hostile_string_safely():
    """What an upload's name goes through (the multipart parser keeps the last path part and
    printable characters; the storage cleans it and cuts it to the byte budget), for the whole
    corpus as a file name."""
    for payload in HOSTILE:
        for ext in (".png", ".txt", ""):
            received = MultiPartParser.sanitize_file_name(None, f"{payload}{ext}")
            if received is None:  # the parser drops the file: nothing to store
                continue
            name = default_storage.generate_filename(f"documents/{received}")
            base = os.path.basename(name)
            assert name == f"documents/{base}" and re.fullmatch(r"[-\w.]+", base), repr(payload)
            assert not base.startswith(".") and len(base.encode()) <= MAX_NAME_BYTES
            assert fit_name(base) == base  # cleaning twice changes nothing
    assert fit_name("𠀀" * 100 + ".txt").endswith(".txt")


@pytest.mark.django_db
def test_hostile_uploads_are_refused_or_stored_and_served_inert(home):
    editor = User.objects.create_superuser("hostile-uploader", "u@example.cn", PASSWORD)
    client = Client()
    client.force_login(editor)
    inline = nginx_disposition()
    refused = stored = 0
    for kind, uploads, extensions, folder in (
        ("images", IMAGE_UPLOADS, IMAGE_EXTENSIONS, "original_images"),
        ("documents", DOCUMENT_UPLOADS, set(settings.WAGTAILDOCS_EXTENSIONS), "documents"),
    ):
        for name, content, content_type in uploads:
            result = upload(client, kind, name, content, content_type)
            if not result["success"]:
                assert has_chinese(result["error_message"]), (name, result)
                refused += 1
                continue
            stored += 1
            if kind == "images":
                item = get_image_model().objects.get(pk=result["image_id"])
            else:
                item = get_document_model().objects.get(pk=result["doc_id"])
            assert_safely_stored(item.file.name, folder, extensions)
            media_url = settings.MEDIA_URL + item.file.name
            assert_served_inert(client, media_url, inline_allowed=True)
            # The nginx site's map: inline only for raster images, audio and video.
            if inline.search(media_url):
                assert kind == "images", media_url
            if kind == "documents":
                assert_served_inert(client, item.url, inline_allowed=False)
    assert stored >= 60 and refused >= 10, (stored, refused)
    # Markup and disguised types were refused whatever their name claims.
    names = {i.title for i in get_image_model().objects.all()}
    for disguised in (
        "evil.svg",
        "svg-named.png",
        "html-named.png",
        "evil.png.html",
        "png-named.jpg",
    ):
        assert disguised not in names, disguised

    # The single-file forms too: the longest name, in a language of 4-byte characters.
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "长文件名",
            "collection": 1,
            "file": SimpleUploadedFile("𠀀" * 100 + ".txt", b"x"),
        },
    )
    assert response.status_code == 302, response.status_code
    response = client.post(
        "/admin/images/add/",
        {
            "title": "长文件名",
            "collection": 1,
            "file": SimpleUploadedFile("𠀀" * 100 + ".png", raster()),
        },
    )
    assert response.status_code == 302, response.status_code


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_uploaded_hostile_names_are_inert_in_the_admin(live_server, live_home, browser):
    """Titles come from the file names as typed: the admin lists and edits them as text, and the
    polyglot image opened on its own is only a picture."""
    editor = User.objects.create_superuser("hostile-uploader", "u@example.cn", PASSWORD)
    client = Client()
    client.force_login(editor)
    for name, content, content_type in IMAGE_UPLOADS[:12] + IMAGE_UPLOADS[-4:]:
        upload(client, "images", name, content, content_type)
    for name, content, content_type in DOCUMENT_UPLOADS[:12] + DOCUMENT_UPLOADS[-30:]:
        upload(client, "documents", name, content, content_type)
    images = list(get_image_model().objects.order_by("pk"))
    documents = list(get_document_model().objects.order_by("pk"))
    assert len(images) >= 8 and len(documents) >= 30
    polyglot = next(i for i in images if i.title.startswith("polyglot"))

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_init_script(SENTINEL)
    page = context.new_page()
    dialogs = watch(page)
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "hostile-uploader")
    page.fill("input[name=password]", PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/")
    for url in [
        "/admin/images/",
        "/admin/documents/",
        "/admin/images/?q=img",
        "/admin/documents/?q=svg",
    ]:
        page.goto(live_server.url + url)
        assert_nothing_ran(page, dialogs)
    save_screenshot(page, "hostile-uploads-documents")
    hostile_titles = [*[i for i in images if "<" in i.title][:3], polyglot]
    for image in hostile_titles:
        page.goto(f"{live_server.url}/admin/images/{image.pk}/")
        assert page.input_value("input[name=title]") == image.title
        assert_nothing_ran(page, dialogs)
    save_screenshot(page, "hostile-uploads-image-edit")
    for document in [d for d in documents if "<" in d.title][:3]:
        page.goto(f"{live_server.url}/admin/documents/edit/{document.pk}/")
        assert page.input_value("input[name=title]") == document.title
        assert_nothing_ran(page, dialogs)
    page.goto(live_server.url + settings.MEDIA_URL + polyglot.file.name)
    assert_nothing_ran(page, dialogs)
    assert page.evaluate("document.contentType").startswith("image/")
    context.close()
