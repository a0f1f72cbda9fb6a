"""The 审稿记录 panel on an article's edit page: the piece's audit trail, read-only."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from wagtail.admin.panels import Panel

TRAIL_LENGTH = 50


class ReviewTrailPanel(Panel):
    """Lists who submitted, approved or rejected each step of this piece, when, with comments."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("heading", "审稿记录")
        super().__init__(**kwargs)

    @property
    def clean_name(self) -> str:
        return super().clean_name or "review_trail"

    class BoundPanel(Panel.BoundPanel):
        template_name = "editorial/admin/review_trail_panel.html"

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            from fazhi.editorial.models import ReviewEvent

            context = super().get_context_data(parent_context)
            page_id = getattr(self.instance, "pk", None)
            events = []
            if page_id:
                events = list(ReviewEvent.objects.filter(page_id=page_id)[:TRAIL_LENGTH])
            context["events"] = events
            context["report_url"] = (
                f"{reverse('editorial:review_events')}?page={page_id}" if page_id else ""
            )
            return context
