"""The background task that computes a page's 相关阅读 after it is published."""

from __future__ import annotations

from wagtail.models import Page

from fazhi.jobs.background import background
from fazhi.related import store
from fazhi.serving.paths import page_urls
from fazhi.serving.purge import purge_paths


@background(label="计算相关阅读（发布后）", attempts=3, backoff=5)
def refresh_related(page_id: int, follow: bool = True) -> int:
    """Index the page's words and store its list; purge its cached page and exported file when
    the list changed. With ``follow``, the similar pages whose lists are still short (published
    before enough similar ones existed) are computed again too, once (they do not follow on).
    Idempotent: a retry computes the same. Returns the number of items."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        store.forget(page_id)
        return 0
    page = page.specific
    if not page.live or not callable(getattr(page, "public_content", None)):
        store.forget(page_id)
        return 0
    before = list(store.links_for(page_id).values_list("target_id", "pinned"))
    shown = store.refresh(page)
    if [(target, pinned) for target, pinned in shown] != before:
        purge_paths(page_urls(page))  # only the page shows its list
    if follow:
        for other in store.short_lists([target for target, pinned in shown if not pinned]):
            refresh_related.enqueue(other, follow=False)
    return len(shown)
