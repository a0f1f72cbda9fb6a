"""Strict parsers of the two video containers fazhi accepts, as plain functions over a file.

- **MP4** (ISO/IEC 14496-12): the whole top-level box tree is walked — every box must fit in the
  file, ``ftyp`` first, a ``moov`` holding ``mvhd`` and tracks (``trak`` → ``mdia`` → ``hdlr``,
  ``minf`` → ``stbl``), at least one video track with samples, and media data (``mdat``) that the
  sample tables' chunk offsets point into. A fragmented file (``moov/mvex``) needs ``moof`` boxes.
- **WebM** (Matroska with DocType ``webm``): the EBML header (version 1, DocType ``webm``) and the
  ``Segment`` — every element of known size must fit, ``Info``, ``Tracks`` with a video track and
  at least one ``Cluster`` with a block must be there. Unknown sizes (live streams) are followed.

A file cut anywhere (an MP4 with ``ftyp`` but no ``moov``, a segment shorter than it says) or a tree
that does not tile is refused with a Chinese message. Lenient parsers (hachoir, players) repair
such files; an upload check must not. Reads are bounded: the files are read box by box, never whole.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

MAX_BOXES = 200_000  # any real file has far fewer: a cap on the work a crafted one can cause
MAX_TABLE_ENTRIES = 5_000_000


class ContainerError(ValueError):
    """The file is not a complete, playable video of the kind it claims; message in Chinese."""


@dataclass(frozen=True)
class VideoContainer:
    mime: str  # video/mp4 or video/webm
    extension: str  # what the stored file is named with: mp4 or webm


MP4 = VideoContainer("video/mp4", "mp4")
WEBM = VideoContainer("video/webm", "webm")

TRUNCATED = "视频文件不完整（可能上传中断或被截断）：{detail}。请上传完整的视频文件。"
BROKEN = "视频文件结构损坏，无法播放：{detail}。"


@dataclass(frozen=True)
class Box:
    type: bytes
    start: int  # offset of the box header
    data: int  # offset of its payload
    end: int  # offset just past the box


class _Reader:
    def __init__(self, file: BinaryIO, size: int):
        self.file, self.size, self.count = file, size, 0

    def read(self, offset: int, length: int) -> bytes:
        self.file.seek(offset)
        data = self.file.read(length)
        if len(data) != length:
            raise ContainerError(TRUNCATED.format(detail=f"在第 {offset} 字节处提前结束"))
        return data

    def tick(self) -> None:
        self.count += 1
        if self.count > MAX_BOXES:
            raise ContainerError(BROKEN.format(detail="结构单元数量异常"))


# --- MP4 -----------------------------------------------------------------------------------

CONTAINER_BOXES = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"mvex", b"edts", b"dinf"}


def mp4_boxes(reader: _Reader, start: int, end: int) -> list[Box]:
    """The boxes tiling ``[start, end)`` exactly; ContainerError if one overruns or is garbage."""
    boxes = []
    pos = start
    while pos < end:
        reader.tick()
        if end - pos < 8:
            raise ContainerError(TRUNCATED.format(detail=f"第 {pos} 字节处的盒子头不完整"))
        size, kind = struct.unpack(">I4s", reader.read(pos, 8))
        header = 8
        if size == 1:
            if end - pos < 16:
                raise ContainerError(TRUNCATED.format(detail="64 位盒子长度不完整"))
            (size,) = struct.unpack(">Q", reader.read(pos + 8, 8))
            header = 16
        elif size == 0:  # "to the end of the file": only the last top-level box may say so
            if end != reader.size:
                raise ContainerError(BROKEN.format(detail="内层盒子长度为 0"))
            size = end - pos
        if not all(0x20 <= b <= 0x7E for b in kind):
            raise ContainerError(BROKEN.format(detail=f"第 {pos} 字节处不是有效的 MP4 盒子"))
        if size < header:
            raise ContainerError(BROKEN.format(detail=f"盒子 {kind.decode()} 的长度无效"))
        if pos + size > end:
            where = "文件" if end == reader.size else "上层盒子"
            raise ContainerError(
                TRUNCATED.format(detail=f"盒子 {kind.decode()} 超出了{where}的末尾")
            )
        boxes.append(Box(kind, pos, pos + header, pos + size))
        pos += size
    return boxes


def _children(reader: _Reader, box: Box) -> dict[bytes, list[Box]]:
    out: dict[bytes, list[Box]] = {}
    for child in mp4_boxes(reader, box.data, box.end):
        out.setdefault(child.type, []).append(child)
    return out


def _one(children: dict[bytes, list[Box]], kind: bytes, where: str) -> Box:
    if not children.get(kind):
        raise ContainerError(BROKEN.format(detail=f"{where}缺少 {kind.decode()}"))
    return children[kind][0]


def _full_box_entries(reader: _Reader, box: Box, entry_size: int, skip: int = 0) -> int:
    """Entry count of a full box (version/flags, [skip bytes], count) checked against its size."""
    if box.end - box.data < 8 + skip:
        raise ContainerError(BROKEN.format(detail=f"{box.type.decode()} 太短"))
    (count,) = struct.unpack(">I", reader.read(box.data + 4 + skip, 4))
    if count > MAX_TABLE_ENTRIES or box.data + 8 + skip + count * entry_size > box.end:
        raise ContainerError(BROKEN.format(detail=f"{box.type.decode()} 的条目数与长度不符"))
    return count


def _chunk_offsets(reader: _Reader, stbl: dict[bytes, list[Box]]) -> list[int]:
    if stbl.get(b"stco"):
        box, width, fmt = stbl[b"stco"][0], 4, ">{}I"
    elif stbl.get(b"co64"):
        box, width, fmt = stbl[b"co64"][0], 8, ">{}Q"
    else:
        raise ContainerError(BROKEN.format(detail="轨道缺少 stco/co64（块偏移表）"))
    count = _full_box_entries(reader, box, width)
    return list(struct.unpack(fmt.format(count), reader.read(box.data + 8, count * width)))


def _sample_count(reader: _Reader, stbl: dict[bytes, list[Box]]) -> int:
    if stbl.get(b"stsz"):
        box = stbl[b"stsz"][0]
        if box.end - box.data < 12:
            raise ContainerError(BROKEN.format(detail="stsz 太短"))
        uniform, count = struct.unpack(">II", reader.read(box.data + 4, 8))
        if not uniform and box.data + 12 + count * 4 > box.end:
            raise ContainerError(BROKEN.format(detail="stsz 的条目数与长度不符"))
        return count
    if stbl.get(b"stz2"):
        box = stbl[b"stz2"][0]
        (count,) = struct.unpack(">I", reader.read(box.data + 8, 4))
        return count
    raise ContainerError(BROKEN.format(detail="轨道缺少 stsz（样本大小表）"))


def check_mp4(file: BinaryIO, size: int) -> VideoContainer:
    reader = _Reader(file, size)
    top = mp4_boxes(reader, 0, size)
    if not top or top[0].type != b"ftyp":
        raise ContainerError(BROKEN.format(detail="文件开头不是 ftyp"))
    kinds = [box.type for box in top]
    if b"moov" not in kinds:
        raise ContainerError(TRUNCATED.format(detail="缺少 moov（影片索引）"))
    if b"mdat" not in kinds:
        raise ContainerError(TRUNCATED.format(detail="缺少 mdat（影音数据）"))
    moov = _children(reader, top[kinds.index(b"moov")])
    _one(moov, b"mvhd", "moov ")
    fragmented = bool(moov.get(b"mvex"))
    if fragmented and b"moof" not in kinds:
        raise ContainerError(TRUNCATED.format(detail="分段 MP4 缺少 moof"))
    media = [(box.data, box.end) for box in top if box.type == b"mdat"]
    video_tracks = 0
    for trak_box in moov.get(b"trak", []):
        trak = _children(reader, trak_box)
        _one(trak, b"tkhd", "trak ")
        mdia = _children(reader, _one(trak, b"mdia", "trak "))
        hdlr = _one(mdia, b"hdlr", "mdia ")
        if hdlr.end - hdlr.data < 12:
            raise ContainerError(BROKEN.format(detail="hdlr 太短"))
        handler = reader.read(hdlr.data + 8, 4)
        minf = _children(reader, _one(mdia, b"minf", "mdia "))
        stbl = _children(reader, _one(minf, b"stbl", "minf "))
        _one(stbl, b"stsd", "stbl ")
        if fragmented:
            video_tracks += handler == b"vide"
            continue
        samples = _sample_count(reader, stbl)
        offsets = _chunk_offsets(reader, stbl)
        if samples and not offsets:
            raise ContainerError(BROKEN.format(detail="有样本却没有块偏移"))
        for offset in offsets:
            if not any(start <= offset < end for start, end in media):
                raise ContainerError(TRUNCATED.format(detail="样本数据指向 mdat 之外"))
        video_tracks += handler == b"vide" and samples > 0
    if not video_tracks:
        raise ContainerError(BROKEN.format(detail="没有含画面的视频轨道"))
    return MP4


# --- WebM (EBML) ---------------------------------------------------------------------------

EBML_HEADER = 0x1A45DFA3
SEGMENT = 0x18538067
CLUSTER = 0x1F43B675
INFO, TRACKS = 0x1549A966, 0x1654AE6B
TRACK_ENTRY, TRACK_TYPE = 0xAE, 0x83
SIMPLE_BLOCK, BLOCK_GROUP = 0xA3, 0xA0
DOC_TYPE, EBML_READ_VERSION = 0x4282, 0x42F7
# Elements that may follow a Cluster of unknown size at the Segment's level (it ends there).
SEGMENT_LEVEL = {0x114D9B74, INFO, TRACKS, CLUSTER, 0x1C53BB6B, 0x1941A469, 0x1043A770, 0x1254C367}
UNKNOWN = -1


@dataclass(frozen=True)
class Element:
    id: int
    start: int
    data: int
    end: int  # UNKNOWN size: -1 until the parent decides


def _vint(reader: _Reader, pos: int, limit: int, *, keep_marker: bool) -> tuple[int, int]:
    if pos >= limit:
        raise ContainerError(TRUNCATED.format(detail=f"第 {pos} 字节处的元素头不完整"))
    first = reader.read(pos, 1)[0]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > (4 if keep_marker else 8):
        raise ContainerError(BROKEN.format(detail=f"第 {pos} 字节处的 EBML 编码无效"))
    if pos + length > limit:
        raise ContainerError(TRUNCATED.format(detail=f"第 {pos} 字节处的元素头不完整"))
    raw = reader.read(pos, length)
    value = int.from_bytes(raw, "big")
    if keep_marker:
        return value, length
    value &= (1 << (7 * length)) - 1
    if value == (1 << (7 * length)) - 1:
        return UNKNOWN, length
    return value, length


def _element(reader: _Reader, pos: int, limit: int) -> Element:
    reader.tick()
    ident, id_len = _vint(reader, pos, limit, keep_marker=True)
    size, size_len = _vint(reader, pos + id_len, limit, keep_marker=False)
    data = pos + id_len + size_len
    if size == UNKNOWN:
        return Element(ident, pos, data, UNKNOWN)
    if data + size > limit:
        where = "文件" if limit == reader.size else "上层元素"
        raise ContainerError(TRUNCATED.format(detail=f"元素 0x{ident:X} 超出了{where}的末尾"))
    return Element(ident, pos, data, data + size)


def _elements(reader: _Reader, start: int, end: int) -> list[Element]:
    out = []
    pos = start
    while pos < end:
        element = _element(reader, pos, end)
        if element.end == UNKNOWN:
            raise ContainerError(BROKEN.format(detail=f"元素 0x{element.id:X} 长度未知"))
        out.append(element)
        pos = element.end
    return out


def _uint(reader: _Reader, element: Element) -> int:
    return int.from_bytes(reader.read(element.data, element.end - element.data), "big")


def _has_video_track(reader: _Reader, tracks: Element) -> bool:
    for entry in _elements(reader, tracks.data, tracks.end):
        if entry.id != TRACK_ENTRY:
            continue
        for field in _elements(reader, entry.data, entry.end):
            if field.id == TRACK_TYPE and _uint(reader, field) == 1:
                return True
    return False


def _cluster_has_block(reader: _Reader, cluster: Element, limit: int) -> tuple[bool, int]:
    """Whether the cluster holds a block, and where it ends (found by walking an unknown size)."""
    found = False
    pos = cluster.data
    end = limit if cluster.end == UNKNOWN else cluster.end
    while pos < end:
        if cluster.end == UNKNOWN:
            ident, _ = _vint(reader, pos, end, keep_marker=True)
            if ident in SEGMENT_LEVEL or ident == EBML_HEADER:
                return found, pos
        child = _element(reader, pos, end)
        if child.end == UNKNOWN:
            raise ContainerError(BROKEN.format(detail="簇内元素长度未知"))
        found = found or child.id in (SIMPLE_BLOCK, BLOCK_GROUP)
        pos = child.end
    return found, end


def check_webm(file: BinaryIO, size: int) -> VideoContainer:
    reader = _Reader(file, size)
    header = _element(reader, 0, size)
    if header.id != EBML_HEADER or header.end == UNKNOWN:
        raise ContainerError(BROKEN.format(detail="缺少 EBML 文件头"))
    fields = {e.id: e for e in _elements(reader, header.data, header.end)}
    if DOC_TYPE not in fields:
        raise ContainerError(BROKEN.format(detail="EBML 文件头缺少文档类型"))
    doc = fields[DOC_TYPE]
    doc_type = reader.read(doc.data, doc.end - doc.data)
    if doc_type.rstrip(b"\x00") != b"webm":
        raise ContainerError(
            BROKEN.format(detail=f"文档类型是 {doc_type.decode('ascii', 'replace')!r}，不是 webm")
        )
    if EBML_READ_VERSION in fields and _uint(reader, fields[EBML_READ_VERSION]) != 1:
        raise ContainerError(BROKEN.format(detail="不支持的 EBML 版本"))
    if header.end >= size:
        raise ContainerError(TRUNCATED.format(detail="缺少 Segment（影音数据）"))
    segment = _element(reader, header.end, size)
    if segment.id != SEGMENT:
        raise ContainerError(BROKEN.format(detail="EBML 文件头之后不是 Segment"))
    end = size if segment.end == UNKNOWN else segment.end
    seen: set[int] = set()
    blocks = False
    video = False
    pos = segment.data
    while pos < end:
        element = _element(reader, pos, end)
        seen.add(element.id)
        if element.id == CLUSTER:
            has_block, pos = _cluster_has_block(reader, element, end)
            blocks = blocks or has_block
            continue
        if element.end == UNKNOWN:
            raise ContainerError(BROKEN.format(detail=f"元素 0x{element.id:X} 长度未知"))
        if element.id == TRACKS:
            video = video or _has_video_track(reader, element)
        pos = element.end
    if INFO not in seen or TRACKS not in seen:
        raise ContainerError(TRUNCATED.format(detail="缺少 Info 或 Tracks"))
    if not video:
        raise ContainerError(BROKEN.format(detail="没有视频轨道"))
    if not blocks:
        raise ContainerError(TRUNCATED.format(detail="没有任何影音数据块（Cluster）"))
    return WEBM


def check_container(file: BinaryIO, size: int, mime: str) -> VideoContainer:
    """Parse the whole file as the container ``mime`` names (from the magic bytes)."""
    if mime == "video/mp4":
        return check_mp4(file, size)
    if mime == "video/webm":
        return check_webm(file, size)
    raise ContainerError(BROKEN.format(detail=f"不支持的类型 {mime}"))
