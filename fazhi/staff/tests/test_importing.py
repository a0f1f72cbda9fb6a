"""Staff import from CSV and XLSX: good rows import, bad rows are reported by number, re-import updates."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from fazhi.staff.importing import (
    StaffFileError,
    import_staff_file,
    parse_date,
    parse_row,
    parse_table,
    read_table,
)
from fazhi.staff.models import StaffMember

HEADER = "姓名,岗位,部门,工作证号,记者证号,有效期起,有效期止,状态,状态说明,公开备注"
GOOD_AND_BAD = "\n".join(
    [
        HEADER,
        "董定权,通讯员,学界之声通讯站,FZ-2019-0815,,2019-01-01,2030-12-31,有效,,",
        "李明,记者,法治要闻部,fz20180101,L11000000001,2018/1/1,,,,",
        ",记者,无名部,FZ1,,,,,,",  # row 4: no name
        "王五,保安,后勤,FZ2,,,,,,",  # row 5: unknown role
        "赵六,记者,要闻部,FZ3,,2024-13-01,,,,",  # row 6: bad date
        "钱七,记者,要闻部,FZ20180101,,,,,,",  # row 7: same card as row 3
        "孙八,编辑,编辑中心,FZ4,,,,作废,,",  # row 8: unknown status
    ]
)


def test_parse_date_accepts_usual_formats():
    assert parse_date("2024-01-31") == date(2024, 1, 31)
    assert parse_date("2024/1/31") == date(2024, 1, 31)
    assert parse_date("2024年1月31日") == date(2024, 1, 31)
    assert parse_date("") is None
    with pytest.raises(ValueError, match="无法识别"):
        parse_date("31.01.24x")


def test_parse_row_normalises_and_validates():
    row = parse_row({"name": " 董 定权 ", "role": "通讯员", "card_number": "fz-2019 0815"}, 2)
    assert row.values["name"] == "董定权"
    assert row.values["card_number"] == "FZ20190815"
    assert row.values["status"] == "active"
    error = parse_row({"name": "", "role": "", "card_number": ""}, 9)
    assert str(error).startswith("第9行：")
    assert "缺少姓名" in error.message and "缺少工作证号" in error.message


def test_parse_table_reports_each_bad_row_by_number():
    rows, errors = parse_table(read_table(GOOD_AND_BAD.encode()))
    assert [r.values["name"] for r in rows] == ["董定权", "李明"]
    assert [e.row for e in errors] == [4, 5, 6, 7, 8]
    messages = {e.row: e.message for e in errors}
    assert "缺少姓名" in messages[4]
    assert "岗位“保安”" in messages[5]
    assert "2024-13-01" in messages[6]
    assert "与第3行重复" in messages[7]
    assert "作废" in messages[8]


def test_missing_required_column_refuses_the_file():
    with pytest.raises(StaffFileError, match="工作证号"):
        parse_table(read_table("姓名,岗位\n董定权,通讯员\n".encode()))
    with pytest.raises(StaffFileError, match="空"):
        parse_table(read_table(b""))


@pytest.mark.django_db
def test_import_csv_good_rows_import_and_bad_rows_are_reported():
    report = import_staff_file(GOOD_AND_BAD.encode("utf-8-sig"))
    assert (report.created, report.updated) == (2, 0)
    assert [e.row for e in report.errors] == [4, 5, 6, 7, 8]
    dong = StaffMember.objects.get(card_number="FZ20190815")
    assert (dong.name, dong.role, dong.valid_until) == ("董定权", "通讯员", date(2030, 12, 31))
    assert len(dong.verify_token) >= 32


@pytest.mark.django_db
def test_reimport_updates_by_card_number_and_gbk_csv_reads():
    import_staff_file(GOOD_AND_BAD.encode())
    token = StaffMember.objects.get(card_number="FZ20190815").verify_token
    update = f"{HEADER}\n董定权,记者,法治要闻部,FZ20190815,,2019-01-01,2030-12-31,注销,已离职,\n"
    report = import_staff_file(update.encode("gbk"))
    assert (report.created, report.updated, report.errors) == (0, 1, [])
    dong = StaffMember.objects.get(card_number="FZ20190815")
    assert (dong.role, dong.status, dong.status_reason) == ("记者", "revoked", "已离职")
    assert dong.verify_token == token  # the printed QR code keeps working
    assert StaffMember.objects.count() == 2


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_import_xlsx_with_excel_dates_and_numeric_card_numbers():
    data = _xlsx(
        [
            HEADER.split(","),
            ["李明", "记者", "法治要闻部", 20180101, None, date(2018, 1, 1), None, "有效"],
            ["王芳", "主任", "编辑中心", 20170302, None, None, None, None],
        ]
    )
    report = import_staff_file(data)
    assert report.created == 1
    assert [(e.row, "岗位“主任”" in e.message) for e in report.errors] == [(3, True)]
    li = StaffMember.objects.get()
    assert (li.card_number, li.valid_from) == ("20180101", date(2018, 1, 1))


@pytest.mark.django_db
def test_import_staff_command_and_admin_page(tmp_path, admin_client, capsys):
    path = tmp_path / "staff.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import_staff", str(path))
    assert "第4行：缺少姓名" in capsys.readouterr().err
    assert StaffMember.objects.count() == 2

    response = admin_client.get("/admin/staff-import/")
    assert response.status_code == 200
    update = f"{HEADER}\n李明,记者,要闻部,FZ20180101,,,,,,\n,记者,,FZ9,,,,,,\n"
    with io.BytesIO(update.encode()) as upload:
        upload.name = "staff.csv"
        response = admin_client.post("/admin/staff-import/", {"file": upload})
    page = response.content.decode()
    assert "新建 0 人，更新 1 人" in page and "第3行：缺少姓名" in page
    with io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00") as upload:
        upload.name = "staff.csv"
        response = admin_client.post("/admin/staff-import/", {"file": upload})
    assert "不是表格" in response.content.decode() or "既不是" in response.content.decode()


@pytest.mark.django_db
def test_admin_lists_and_searches_staff(admin_client):
    import_staff_file(GOOD_AND_BAD.encode())
    response = admin_client.get("/admin/snippets/staff/staffmember/?q=董定")
    assert response.status_code == 200
    page = response.content.decode()
    assert "董定权" in page and "李明" not in page


@pytest.mark.django_db
def test_admin_creates_edits_and_inspects_a_record(admin_client):
    url = "/admin/snippets/staff/staffmember/"
    form = {
        "name": "周 明",
        "role": "记者",
        "department": "要闻部",
        "card_number": "fz-0001",
        "press_card_number": "",
        "valid_from": "2024-01-01",
        "valid_until": "",
        "status": "active",
        "status_reason": "",
        "public_note": "",
    }
    response = admin_client.post(url + "add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    member = StaffMember.objects.get()
    assert (member.name, member.card_number) == ("周明", "FZ0001")
    response = admin_client.post(
        url + f"edit/{member.pk}/", {**form, "status": "revoked", "status_reason": "离职"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == "revoked"
    inspect = admin_client.get(url + f"inspect/{member.pk}/").content.decode()
    assert member.verify_path() in inspect and "qr.svg" in inspect
    duplicate = admin_client.post(url + "add/", {**form, "name": "别人"})
    assert duplicate.status_code == 200 and StaffMember.objects.count() == 1
