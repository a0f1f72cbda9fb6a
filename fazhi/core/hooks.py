"""Names of fazhi's own Wagtail hooks: how apps plug into the core without the core knowing them.

- ``LOAD_DEMO``: ``fn(stdout) -> None``, called by ``fazhi load_demo`` after the core demo content;
  each app adds its own demo data (staff, video, readers, comments) and must be idempotent.
- ``PAGE_LIVE_DATA``: ``fn(request, page) -> dict``, merged into the JSON the page script reads
  (counts, tokens, sign-in state). Anything personal or live goes here, never into page HTML.
"""

LOAD_DEMO = "fazhi_load_demo"
PAGE_LIVE_DATA = "fazhi_page_live_data"
