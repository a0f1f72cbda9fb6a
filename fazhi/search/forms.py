"""The search form: the reader's parameters, checked, with Chinese messages."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.utils import timezone
from wagtail.models import Page

from fazhi.search.backends.base import SORT_DATE, SORT_RELEVANCE, Filters


class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, strip=True)
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[(SORT_RELEVANCE, "按相关度"), (SORT_DATE, "按时间")],
    )
    channel = forms.TypedChoiceField(label="栏目", required=False, coerce=int, empty_value=None)
    author = forms.CharField(label="作者", required=False, max_length=100)
    date_from = forms.DateField(label="起始日期", required=False)
    date_to = forms.DateField(label="截止日期", required=False)
    page = forms.IntegerField(label="页码", required=False, min_value=1, max_value=1000)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The channels in the main menu (any page type); avoids one query per choice.
        channels = Page.objects.live().public().in_menu().filter(depth=3).order_by("path")
        self.channel_paths = {p.pk: p.path for p in channels.only("id", "path", "title")}
        self.fields["channel"].choices = [("", "全部栏目")] + [
            (p.pk, p.title) for p in channels.only("id", "title")
        ]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        start, end = data.get("date_from"), data.get("date_to")
        return Filters(
            channel_path=self.channel_paths.get(data.get("channel"), ""),
            author=data.get("author") or "",
            date_from=datetime.combine(start, time.min, zone) if start else None,
            date_to=datetime.combine(end, time.max, zone) if end else None,
        )
