"""Uploads parsed as containers (issue 23, part 3): truncated or unplayable MP4/WebM refused, the
stored name's extension the detected type's — as functions and through the admin's upload."""

from __future__ import annotations

import io
import struct

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.video.containers import ContainerError, check_mp4, check_webm
from fazhi.video.demo import DEMO_MP4, DEMO_WEBM
from fazhi.video.models import VideoPage
from fazhi.video.tests.test_video_pages import _admin_post, video_channel  # noqa: F401
from fazhi.video.validation import stored_video_name

MP4_BYTES = DEMO_MP4.read_bytes()
WEBM_BYTES = DEMO_WEBM.read_bytes()


def mp4(data: bytes):
    return check_mp4(io.BytesIO(data), len(data))


def webm(data: bytes):
    return check_webm(io.BytesIO(data), len(data))


def box(kind: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def test_the_demo_files_are_complete_videos():
    assert mp4(MP4_BYTES).extension == "mp4"
    assert webm(WEBM_BYTES).extension == "webm"


@pytest.mark.parametrize("cut", [500, 8, 33, 2150, len(MP4_BYTES) // 2, len(MP4_BYTES) - 1])
def test_a_truncated_mp4_is_refused(cut):
    with pytest.raises(ContainerError, match="不完整"):
        mp4(MP4_BYTES[:cut])


def test_every_cut_of_the_demo_files_is_refused():
    for data, check in ((MP4_BYTES, mp4), (WEBM_BYTES, webm)):
        refused = 0
        for cut in range(1, len(data)):
            try:
                check(data[:cut])
            except ContainerError:
                refused += 1
        assert refused == len(data) - 1


def test_mp4_structure_rules():
    ftyp = MP4_BYTES[:32]
    with pytest.raises(ContainerError, match="缺少 moov"):
        mp4(ftyp + box(b"free") + box(b"mdat", b"\0" * 64))
    with pytest.raises(ContainerError, match="缺少 mdat"):
        mp4(MP4_BYTES[: MP4_BYTES.index(b"mdat") - 4 - 8])  # ftyp, moov, free; no media
    with pytest.raises(ContainerError, match="开头不是 ftyp"):
        mp4(box(b"free") + MP4_BYTES)
    with pytest.raises(ContainerError, match="不是有效的 MP4 盒子"):
        mp4(ftyp + b"\x00\x00\x00\x10\x01\x02\x03\x04" + b"\0" * 8)
    with pytest.raises(ContainerError, match="长度无效"):
        mp4(ftyp + struct.pack(">I4s", 4, b"free"))
    # The media data's box says it is shorter: the chunk offsets point past it.
    mdat = MP4_BYTES.index(b"mdat") - 4
    shrunk = MP4_BYTES[:mdat] + box(b"mdat", b"")
    with pytest.raises(ContainerError, match="mdat 之外"):
        mp4(shrunk)
    # No track with pictures: the video handler renamed to another one.
    no_video = MP4_BYTES.replace(b"vide", b"text")
    with pytest.raises(ContainerError, match="视频轨道"):
        mp4(no_video)
    # A box that claims more than the file holds, beyond 32 bits (largesize).
    with pytest.raises(ContainerError, match="超出了文件的末尾"):
        mp4(ftyp + struct.pack(">I4sQ", 1, b"mdat", 1 << 40) + b"\0" * 16)


def _with_segment_size(data: bytes, size_field: bytes) -> bytes:
    at = data.index(b"\x18\x53\x80\x67") + 4
    return data[:at] + size_field + data[at + 8 :]


def test_webm_structure_rules():
    header_end = WEBM_BYTES.index(b"\x18\x53\x80\x67")
    with pytest.raises(ContainerError, match="缺少 Segment"):
        webm(WEBM_BYTES[:header_end])
    matroska = WEBM_BYTES.replace(b"\x42\x82\x84webm", b"\x42\x82\x84mkv\x00")
    with pytest.raises(ContainerError, match="不是 webm"):
        webm(matroska)
    with pytest.raises(ContainerError, match="EBML 文件头"):
        webm(b"\x1f\x43\xb6\x75" + WEBM_BYTES[4:])
    # A live stream's segment of unknown size is followed to the end of the file ...
    live = _with_segment_size(WEBM_BYTES, b"\x01\xff\xff\xff\xff\xff\xff\xff")
    assert webm(live).mime == "video/webm"
    # ... and still refused when cut inside a cluster or before any cluster.
    with pytest.raises(ContainerError, match="不完整"):
        webm(live[:-10])
    cluster = WEBM_BYTES.index(b"\x1f\x43\xb6\x75")
    with pytest.raises(ContainerError, match="Cluster"):
        webm(live[:cluster])


@pytest.mark.parametrize(
    ("name", "content", "stored"),
    [
        ("x.mp4.php", MP4_BYTES, "x.mp4"),
        ("settings.py", MP4_BYTES, "settings.mp4"),
        ("庭审.webm", MP4_BYTES, "庭审.mp4"),
        ("clip.mp4", WEBM_BYTES, "clip.webm"),
        ("../../etc/passwd.webm", WEBM_BYTES, "passwd.webm"),
        (".htaccess", WEBM_BYTES, "video.webm"),
        ("a b;rm -rf.mp4", MP4_BYTES, "a_brm_-rf.mp4"),
    ],
)
def test_the_stored_name_has_the_detected_types_extension(name, content, stored):
    assert stored_video_name(name, content[:8192]) == stored


@pytest.mark.django_db
def test_admin_upload_refuses_a_truncated_mp4_and_names_files_by_content(
    admin_client,
    video_channel,  # noqa: F811
):
    cut = SimpleUploadedFile("trailer.mp4", MP4_BYTES[:500], "video/mp4")
    response = _admin_post(admin_client, video_channel, cut)
    assert response.status_code == 200  # the form again, with the reason
    assert "视频文件不完整" in response.content.decode()
    assert not VideoPage.objects.exists()

    for broken in (MP4_BYTES.replace(b"vide", b"text"), WEBM_BYTES[:-100]):
        upload = SimpleUploadedFile("b.mp4", broken, "video/mp4")
        response = _admin_post(admin_client, video_channel, upload)
        assert response.status_code == 200 and not VideoPage.objects.exists()
        assert "视频文件" in response.content.decode()

    renamed = SimpleUploadedFile("x.mp4.php", WEBM_BYTES, "application/x-php")
    response = _admin_post(admin_client, video_channel, renamed)
    assert response.status_code == 302
    video = VideoPage.objects.get()
    assert video.video_file.name.startswith("video/") and video.video_file.name.endswith("/x.webm")
    assert video.video_file.read() == WEBM_BYTES
