"""The admin's 导入人员 page: upload a CSV or XLSX file, see what was created, updated and refused."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.staff.forms import StaffImportForm
from fazhi.staff.importing import StaffFileError, import_staff_file

MAX_IMPORT_BYTES = 10 * 1024 * 1024


@permission_required("staff.add_staffmember", raise_exception=True)
def import_staff(request: HttpRequest) -> HttpResponse:
    report = None
    form = StaffImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", "文件超过 10 MB，请分批导入。")
        else:
            try:
                report = import_staff_file(upload.read())
            except StaffFileError as exc:
                form.add_error("file", str(exc))
    return render(request, "staff/admin/import.html", {"form": form, "report": report})
