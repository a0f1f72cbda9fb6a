"""Staff import from CSV or XLSX: parsing is plain functions; ``apply_rows`` stores in one transaction.

One row per person. Rows with errors are reported with their spreadsheet row number (the header
is row 1) and the other rows still import. Re-importing updates people by work-card number.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction

from fazhi.staff.models import ROLE_CHOICES, StaffMember, normalize_card_number, normalize_name
from fazhi.staff.status import STATUS_CHOICES

# Column headers accepted in the file (Chinese, as newsrooms write them) → model field.
COLUMNS = {
    "姓名": "name",
    "岗位": "role",
    "职务": "role",
    "部门": "department",
    "工作证号": "card_number",
    "记者证号": "press_card_number",
    "有效期起": "valid_from",
    "有效期止": "valid_until",
    "状态": "status",
    "状态说明": "status_reason",
    "公开备注": "public_note",
}
REQUIRED = ("name", "role", "card_number")
ROLES = {value for value, _ in ROLE_CHOICES}
STATUSES = {label: value for value, label in STATUS_CHOICES}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
MAX_ROWS = 10_000


class StaffFileError(ValueError):
    """The whole file is unusable (not a table, no header...): nothing is imported."""


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}"


@dataclass(frozen=True)
class StaffRow:
    row: int
    values: dict[str, Any]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)


def read_table(data: bytes) -> list[list[Any]]:
    """Cells of the first sheet of an XLSX file, or of a CSV file (UTF-8, with or without BOM, or GBK).

    The format is told by the content (an XLSX file is a ZIP archive), not by the file name.
    """
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise StaffFileError("文件既不是 XLSX 表格，也不是 UTF-8 或 GBK 编码的 CSV 文件。")
    if "\x00" in text:
        raise StaffFileError("文件内容不是表格（CSV 或 XLSX）。")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _read_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for broken files
        raise StaffFileError(f"无法读取 XLSX 文件：{exc}") from exc
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a card number typed into Excel comes back as 12345.0
    return str(value).strip()


def parse_date(value: Any) -> date | None:
    """A date cell: an Excel date, or text in one of the usual Chinese formats; empty → None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"日期“{text}”无法识别，请写成 2024-01-31 这样的格式")


def parse_row(cells: dict[str, Any], row: int) -> StaffRow | RowError:
    """Validate one row (already keyed by field name)."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name in ("name", "role", "department", "press_card_number", "status_reason", "public_note"):
        values[name] = _text(cells.get(name))
    values["name"] = normalize_name(values["name"])
    values["card_number"] = normalize_card_number(_text(cells.get("card_number")))
    labels = {v: k for k, v in COLUMNS.items()}
    for name in REQUIRED:
        if not values[name]:
            problems.append(f"缺少{labels[name]}")
    if values["role"] and values["role"] not in ROLES:
        problems.append(f"岗位“{values['role']}”不在可选范围（{'、'.join(sorted(ROLES))}）")
    status_text = _text(cells.get("status")) or "有效"
    if status_text not in STATUSES:
        problems.append(f"状态“{status_text}”应为 有效、暂停 或 注销")
    else:
        values["status"] = STATUSES[status_text]
    for name in ("valid_from", "valid_until"):
        try:
            values[name] = parse_date(cells.get(name))
        except ValueError as exc:
            problems.append(f"{labels[name]}{exc}")
    if values.get("valid_from") and values.get("valid_until"):
        if values["valid_until"] < values["valid_from"]:
            problems.append("有效期止早于有效期起")
    for name, limit in (("name", 50), ("department", 100), ("press_card_number", 40)):
        if len(values[name]) > limit:
            problems.append(f"{labels[name]}超过{limit}个字")
    if len(values["card_number"]) > 40:
        problems.append("工作证号超过40个字符")
    if problems:
        return RowError(row, "；".join(problems))
    return StaffRow(row, values)


def parse_table(table: list[list[Any]]) -> tuple[list[StaffRow], list[RowError]]:
    """Rows of a table whose first non-empty row is the header."""
    rows = list(table)
    while rows and not any(_text(c) for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise StaffFileError("文件是空的。")
    header = [_text(c) for c in rows[0]]
    fields = [COLUMNS.get(h) for h in header]
    labels = {"name": "姓名", "role": "岗位", "card_number": "工作证号"}
    missing = [labels[name] for name in REQUIRED if name not in fields]
    if missing:
        raise StaffFileError("表头缺少必需的列：" + "、".join(missing))
    if len(rows) - 1 > MAX_ROWS:
        raise StaffFileError(f"一次最多导入 {MAX_ROWS} 行。")
    good: list[StaffRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    offset = len(table) - len(rows)  # blank rows above the header still count in row numbers
    for index, raw in enumerate(rows[1:], start=2 + offset):
        if not any(_text(c) for c in raw):
            continue
        cells = {name: raw[i] for i, name in enumerate(fields) if name and i < len(raw)}
        parsed = parse_row(cells, index)
        if isinstance(parsed, StaffRow):
            card = parsed.values["card_number"]
            if card in seen:
                parsed = RowError(index, f"工作证号 {card} 与第{seen[card]}行重复")
            else:
                seen[card] = index
        (good if isinstance(parsed, StaffRow) else errors).append(parsed)
    return good, errors


@transaction.atomic
def apply_rows(rows: list[StaffRow]) -> ImportReport:
    """Create or update (by work-card number) every valid row, all in one transaction."""
    report = ImportReport()
    existing = {
        m.card_number: m
        for m in StaffMember.objects.filter(card_number__in=[r.values["card_number"] for r in rows])
    }
    for row in rows:
        values = dict(row.values)
        if values.get("valid_from") is None:
            values.pop("valid_from", None)  # keep the stored date (or today's for a new person)
        member = existing.get(values["card_number"])
        if member is None:
            StaffMember.objects.create(**values)
            report.created += 1
        else:
            for name, value in values.items():
                setattr(member, name, value)
            member.save()
            report.updated += 1
    return report


def import_staff_file(data: bytes) -> ImportReport:
    """Parse and store a CSV/XLSX file. Raises StaffFileError when the file as a whole is unusable."""
    rows, errors = parse_table(read_table(data))
    report = apply_rows(rows)
    report.errors = errors
    return report
