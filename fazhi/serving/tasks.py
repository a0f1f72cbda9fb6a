"""The serving app's background tasks: static export after a change, edge purges, the backstop.

All are idempotent (an export rewrites what the journal lists; a purge of a purged URL is a
no-op), so each is retried on failure: a busy SQLite writer lock, PostgreSQL restarting, a CDN
answering 5xx.
"""

from __future__ import annotations

from django.conf import settings
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

from fazhi.jobs.background import background
from fazhi.serving import edge


def _export(first: list[str] | None) -> dict[str, int]:
    from fazhi.serving.export import export_site

    result = export_site(settings.FAZHI_EXPORT_DIR, progress=False, first=first or ())
    return {"written": result.written, "removed": result.removed, "pages": result.pages}


@background(label="生成静态页面（发布后）", attempts=4, backoff=2, urgent=True)
def export_changes(first: list[str] | None = None) -> dict[str, int]:
    """Rewrite the exported files of everything purged since the last export, ``first`` first."""
    return _export(first)


@background(label="生成静态页面（定时补漏）", attempts=1)
def export_backstop() -> dict[str, int]:
    """The periodic incremental export: catches what a lost task left (the next run retries)."""
    return _export(None)


@background(label="清除 CDN / Varnish 缓存", attempts=6, backoff=2, urgent=True)
def purge_edge_urls(urls: list[str], not_before: float | None = None) -> int:
    """Purge these absolute URLs on every configured frontend cache (Wagtail's grouping by
    host and language; a backend that fails raises, and the whole batch is retried)."""
    edge.wait_until(not_before)
    purge_urls_from_cache_task.call(urls)
    return len(urls)


@background(label="清除 CDN / Varnish 全站缓存", attempts=6, backoff=2, urgent=True)
def purge_edge_everything(not_before: float | None = None) -> list[str]:
    """Drop everything under the site root on every configured frontend cache; a backend
    without prefix purges gets every public URL instead."""
    edge.wait_until(not_before)
    root = edge.site_root_url()
    done = []
    for name, backend in edge.backends_for(root).items():
        if hasattr(backend, "purge_prefix"):
            backend.purge_prefix(root)
        else:
            from fazhi.serving.export import all_urls

            backend.purge_batch(edge.absolute_urls(all_urls()))
        done.append(name)
    return done
