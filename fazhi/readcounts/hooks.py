"""The read counter's own hook (registered by apps above it, e.g. fazhi.legacy).

- ``START_VALUES``: ``fn(page_ids: list[int]) -> dict[int, int]``: the count a page starts from
  (the old site's 点击数: EmpireCMS ``onclick``, DedeCMS ``click``); the largest answer wins.
"""

START_VALUES = "fazhi_read_count_start"
