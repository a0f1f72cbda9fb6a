"""The disk filling up during a static export and during uploads: what was there stays whole, no
partial file and no row pointing at one is left, and the person is told in Chinese.

The export directory and MEDIA_ROOT are small tmpfs mounts (we run as root; without the right
to mount the tests skip, except under CI), nearly filled by a filler file."""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from fazhi.news.factories import make_article, make_channel

pytestmark = pytest.mark.django_db
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def small_disk(tmp_path):
    """``mount(size)`` → a fresh tmpfs of that size; unmounted afterwards."""
    mounted: list[Path] = []

    def mount(size: str) -> Path:
        point = tmp_path / f"disk{len(mounted)}"
        point.mkdir()
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(point)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            if os.environ.get("CI") == "true":
                pytest.fail(f"mounting a tmpfs is required under CI: {result.stderr}")
            pytest.skip(f"cannot mount a tmpfs here (not root?): {result.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], check=False)


def fill(root: Path, leave: int = 0) -> Path:
    """Fill the file system of ``root`` until only about ``leave`` bytes are free."""
    filler = root / ".filler"
    with open(filler, "wb") as handle:
        while True:
            free = os.statvfs(root).f_bavail * os.statvfs(root).f_frsize
            if free <= leave:
                break
            try:
                handle.write(b"\0" * min(1 << 20, free - leave))
                handle.flush()
            except OSError:
                break
    return filler


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".filler" and not p.name.startswith(".fazhi-export.")
    }


def whole(page: bytes) -> bool:
    return page.rstrip().endswith((b"</html>", b"</rss>", b"</urlset>"))


# --- static export ----------------------------------------------------------------------------


def test_export_on_a_full_disk_keeps_the_previous_export(small_disk, home, seed_article):
    out = small_disk("64m")
    news = make_channel(home, "法治要闻", "fzyw")
    call_command("export_static", str(out), "--no-progress")
    before = tree(out)
    state = (out / ".fazhi-export.json").read_bytes()
    for i in range(8):  # new pages: the next export needs room it will not find
        make_article(news, f"磁盘已满时发布的第{i}篇文章", paragraphs=["正文" * 3000])
    filler = fill(out, leave=40_000)

    with pytest.raises(CommandError) as failure:
        call_command("export_static", str(out), "--all", "--no-progress")
    assert "磁盘已满" in str(failure.value) and "重新运行" in str(failure.value)
    during = tree(out)
    assert not [name for name in during if ".tmp-" in name]  # no partial file left behind
    for name, data in before.items():  # the previous export is all there, each file whole
        assert name in during and (during[name] == data or whole(during[name])), name
    new = [n for n in during if n not in before]
    assert all(whole(during[n]) for n in new), new  # pages written before the disk filled
    assert (out / ".fazhi-export.json").read_bytes() == state  # the next run redoes it all

    filler.unlink()
    call_command("export_static", str(out), "--no-progress")
    after = tree(out)
    assert all(
        f"磁盘已满时发布的第{i}篇文章".encode() in b"".join(after.values()) for i in range(8)
    )
    assert not [name for name in after if ".tmp-" in name]
    assert json.loads((out / ".fazhi-export.json").read_bytes())["files"]


# --- uploads in the Wagtail admin -------------------------------------------------------------


def noise_png(size: int = 360) -> bytes:
    """A PNG that does not compress (random pixels): about 3 × size² bytes."""
    rng = random.Random(size)
    image = PILImage.frombytes("RGB", (size, size), rng.randbytes(3 * size * size))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def full_media(small_disk, settings):
    """MEDIA_ROOT on a 4 MB tmpfs holding one image and one document, then nearly filled."""
    media = small_disk("4m")
    settings.MEDIA_ROOT = str(media)
    image = get_image_model()(title="旧图片", file=ImageFile(io.BytesIO(noise_png(60)), "old.png"))
    image.save()
    document = get_document_model()(title="旧文件")
    document.file.save("old.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 5000), save=True)
    before = tree(media)
    filler = fill(media, leave=60_000)
    return media, filler, before, image, document


def media_rows() -> tuple[int, int]:
    return get_image_model().objects.count(), get_document_model().objects.count()


def assert_nothing_half_written(media: Path, before: dict[str, bytes]) -> None:
    assert tree(media) == before  # old files intact; no new file, whole or partial
    for model in (get_image_model(), get_document_model()):
        for obj in model.objects.all():  # every row points at a whole file
            path = Path(obj.file.path)
            assert path.is_file() and path.stat().st_size == obj.file.size, path


# Transactional, as in production: a failed save inside the test's own transaction would mark
# it for rollback, which no request ever runs into (no ATOMIC_REQUESTS).
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "url,field,kind",
    [
        ("/admin/images/multiple/add/", "files[]", "image"),
        ("/admin/documents/multiple/add/", "files[]", "document"),
        ("/admin/images/add/", "file", "image"),
        ("/admin/documents/add/", "file", "document"),
    ],
)
def test_upload_on_a_full_disk(client, full_media, url, field, kind):
    media, filler, before, _image, _document = full_media
    client.force_login(User.objects.create_superuser("editor", "e@example.cn", "pw"))
    rows = media_rows()
    data = noise_png() if kind == "image" else b"%PDF-1.4 " + os.urandom(300_000)
    name = "big.png" if kind == "image" else "big.pdf"
    upload = ContentFile(data, name=name)
    xhr = "multiple" in url
    response = client.post(url, {field: upload, "title": "大文件"}, **(XHR if xhr else {}))
    if xhr:  # Wagtail's upload widget shows error_message next to the file
        assert response.status_code == 200
        assert response.json() == {
            "success": False,
            "error_message": response.json()["error_message"],
        }
        assert "存储空间已满" in response.json()["error_message"]
    else:
        assert response.status_code == 507
        assert "存储空间已满" in response.content.decode()
    assert media_rows() == rows  # no row for the file that was not saved
    assert_nothing_half_written(media, before)

    filler.unlink()  # room again: the same upload goes through, whole
    upload = ContentFile(data, name=name)
    response = client.post(url, {field: upload, "title": "大文件"}, **(XHR if xhr else {}))
    assert response.status_code in (200, 302), response.content[:500]
    assert sum(media_rows()) == sum(rows) + 1
    model = get_image_model() if kind == "image" else get_document_model()
    saved = model.objects.latest("pk")
    assert Path(saved.file.path).read_bytes() == data
    assert_nothing_half_written(media, {**before, **{k: v for k, v in tree(media).items()}})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_editor_sees_the_full_disk_in_the_upload_page(live_server, browser, full_media, tmp_path):
    """In Chromium, as an editor uploads an image on a full disk: the message is next to it."""
    from fazhi.conftest import save_screenshot

    media, _filler, before, _image, _document = full_media
    User.objects.create_superuser("editor", "e@example.cn", "Fazhi-editor-2026")
    picture = tmp_path / "大图.png"
    picture.write_bytes(noise_png())
    rows = media_rows()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "editor")
        page.fill("#id_password", "Fazhi-editor-2026")
        page.click("button[type=submit]")
        page.wait_for_url(live_server.url + "/admin/")
        page.goto(live_server.url + "/admin/images/multiple/add/")
        page.set_input_files("#fileupload", str(picture))
        failure = page.locator(".upload-failure")
        failure.wait_for(timeout=30_000)
        assert "存储空间已满" in failure.inner_text()
        save_screenshot(page, "fault-disk-full-upload")
    finally:
        context.close()
    assert media_rows() == rows
    assert_nothing_half_written(media, before)
