"""Upgrade check of fazhi/adapters/django_files.py: FieldFile marks stored files ``_committed``."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from fazhi.adapters import django_files
from fazhi.adapters.tests.checks import listed, require


@pytest.mark.django_db  # a new Document looks up its default collection
def test_a_new_upload_is_not_stored_and_a_stored_name_is():
    assert listed(django_files) == {"FieldFile._committed"}
    upload = Document(title="新上传", file=ContentFile(b"fazhi", name="a.txt")).file
    assert require(upload, "_committed", "django_files") is False
    assert not django_files.is_stored(upload)
    stored = Document(title="已保存", file="documents/a.txt").file
    assert django_files.is_stored(stored), (
        "Django no longer marks a stored FieldFile _committed: update fazhi/adapters/django_files.py"
    )
