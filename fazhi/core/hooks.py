"""Names of fazhi's own Wagtail hooks: how apps plug into the core without the core knowing them.

- ``LOAD_DEMO``: ``fn(stdout) -> None``, called by ``fazhi load_demo``; each app adds its own demo
  data (channels and articles, staff, video, readers, comments) and must be idempotent. Hooks run
  by Wagtail's ``order`` (lowest first), then in ``INSTALLED_APPS`` order: the channels and
  articles (fazhi.importers) register with ``LOAD_DEMO_CONTENT_ORDER``, reader accounts
  (fazhi.accounts) with ``LOAD_DEMO_ACCOUNTS_ORDER``, everything else with the default 0.
- ``PAGE_LIVE_DATA``: ``fn(page) -> dict``, merged into the *shared* live JSON the page script
  reads (counts, settings): the same for every reader, kept up to ``FAZHI_LIVE_SECONDS`` in the
  shared cache and in front of Django (``fazhi.core.live``). It gets no request: nothing
  personal may go here. Anything live goes here, never into page HTML.
- ``PERSONAL_DATA``: ``fn(request, page_id) -> dict``, merged into the personal mode of the live
  JSON (``?me=1``: CSRF token, sign-in state, whether this reader digged), asked for only by
  readers who are signed in or about to write. Keep it to the session and cookies (no query).
- ``FAST_PATHS``: ``fn() -> Iterable[(prefix, wsgi_handler)]``: requests whose path starts with
  ``prefix`` that ``fazhi.serving.fastpath`` hands to ``wsgi_handler(environ, start_response)``
  before Django runs; the handler returns None to let Django answer (fazhi.readcounts: the
  read beacon).
- ``PERIODIC_JOBS``: ``fn() -> Iterable[fazhi.jobs.schedule.PeriodicJob]``: background tasks
  ``fazhi run_scheduler`` enqueues every so many seconds (scheduled publishing, export backstop).
- ``HOME_PAGE_CONTEXT``: ``fn(request, page) -> dict``, merged into the home page's template
  context (fazhi.news: the channel sections).
- ``MAIN_MENU``: ``fn(root_page) -> list[Page]``, the pages of the header menu below a site's root
  page, in menu order (fazhi.news: the live channels); the lists of every hook are joined.
- ``EDITOR_PANELS``: ``fn(slot, model) -> list[Panel]``, the admin panels an app adds where a page
  type puts ``fazhi.core.panels.HookedPanels(slot)`` in its panels (fazhi.editorial: the 审稿记录
  panel of an article); called once per page type, when Wagtail builds its edit form.
- ``CONTENT_BLOCKS``: ``fn(slot, page, context) -> str`` (``context``: the template's), HTML an app adds where an article or
  video template places ``{% content_blocks "slot" page %}`` (fazhi.related: 相关阅读 in the
  ``"after_article"`` slot). Rendered into the cached page: the same for every reader.
- ``PURGE_ALSO``: ``fn(page, action, url_paths) -> Iterable[str]``, tree ``url_path``s of other
  pages that show ``page`` and must be purged (and re-exported) with it when
  ``public_content_changed`` is sent (fazhi.news: 上一篇/下一篇 neighbours; fazhi.related: pages
  whose 相关阅读 lists it). Called after the change committed.
- ``RESERVED_NAMES``: ``fn() -> Iterable[str]``, names no reader may take or imitate as username or
  nickname (fazhi.staff: the names of current staff records); read by fazhi.accounts.names.
"""

LOAD_DEMO = "fazhi_load_demo"
LOAD_DEMO_CONTENT_ORDER = -100
LOAD_DEMO_ACCOUNTS_ORDER = -50
PAGE_LIVE_DATA = "fazhi_page_live_data"
PERSONAL_DATA = "fazhi_personal_data"
FAST_PATHS = "fazhi_fast_paths"
PERIODIC_JOBS = "fazhi_periodic_jobs"
HOME_PAGE_CONTEXT = "fazhi_home_page_context"
MAIN_MENU = "fazhi_main_menu"
EDITOR_PANELS = "fazhi_editor_panels"
CONTENT_BLOCKS = "fazhi_content_blocks"
PURGE_ALSO = "fazhi_purge_also"
RESERVED_NAMES = "fazhi_reserved_names"
