"""Names of fazhi's own Wagtail hooks: how apps plug into the core without the core knowing them.

- ``LOAD_DEMO``: ``fn(stdout) -> None``, called by ``fazhi load_demo`` after the core demo content;
  each app adds its own demo data (staff, video, readers, comments) and must be idempotent.
- ``PAGE_LIVE_DATA``: ``fn(request, page) -> dict``, merged into the JSON the page script reads
  (counts, tokens, sign-in state). Anything personal or live goes here, never into page HTML.
- ``PERIODIC_JOBS``: ``fn() -> Iterable[fazhi.jobs.schedule.PeriodicJob]``: background tasks
  ``fazhi run_scheduler`` enqueues every so many seconds (scheduled publishing, export backstop).
"""

LOAD_DEMO = "fazhi_load_demo"
PAGE_LIVE_DATA = "fazhi_page_live_data"
PERIODIC_JOBS = "fazhi_periodic_jobs"
