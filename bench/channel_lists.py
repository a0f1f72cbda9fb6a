"""Channel list timing: articles only (baseline) vs articles and videos merged, first and deep pages.

Run: .venv/bin/python -m bench.channel_lists   (uses a throwaway SQLite under a temp FAZHI_VAR_DIR)
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

os.environ.setdefault("FAZHI_VAR_DIR", tempfile.mkdtemp(prefix="fazhi-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.test_settings")


def main(per_type: int = 300, runs: int = 15) -> None:
    import django

    django.setup()
    from datetime import timedelta

    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone
    from wagtail.models import Site

    from fazhi.news.factories import make_article, make_channel
    from fazhi.video.factories import make_video

    call_command("migrate", verbosity=0)
    home = Site.objects.get(is_default_site=True).root_page
    now = timezone.now()
    baseline = make_channel(home, "只有文章", "articles-only", per_page=20)
    mixed = make_channel(home, "文章与视频", "mixed", per_page=20)
    for i in range(2 * per_type):
        make_article(baseline, publish_time=now - timedelta(minutes=i))
    for i in range(per_type):
        make_article(mixed, publish_time=now - timedelta(minutes=2 * i))
        make_video(mixed, external_url="https://v.qq.com/x/1.html", duration=60,
                   publish_time=now - timedelta(minutes=2 * i + 1))  # fmt: skip
    client = Client()

    def median_ms(url: str) -> float:
        assert client.get(url).status_code == 200
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    deep = (2 * per_type) // 20
    for label, channel in (("articles only", baseline), ("articles+videos", mixed)):
        first = median_ms(channel.url)
        last = median_ms(channel.url + f"page/{deep}/")
        print(f"{label:16} page 1: {first:6.1f} ms   page {deep}: {last:6.1f} ms")


if __name__ == "__main__":
    main()
