"""Upgrade check of fazhi/adapters/rjieba_module.py: the compiled ``rjieba.rjieba`` loads by itself,
segments as ``rjieba.Jieba`` does, and spares the package's default dictionary."""

from __future__ import annotations

import subprocess
import sys

from fazhi.adapters import rjieba_module

TEXT = "司法行政机关抓党建应做到四个聚力，高级人民法院依法审理"

PROBE = """
import re, sys
def rss():
    return int(re.search(r"VmRSS:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
before = rss()
if sys.argv[1] == "adapter":
    from fazhi.adapters.rjieba_module import jieba_class
    jieba = jieba_class()()
else:
    import rjieba
    jieba = rjieba.Jieba()
jieba.cut("依法治国")
print(rss() - before, "rjieba" in sys.modules)
"""


def test_the_compiled_module_loads_alone_and_segments_like_the_package():
    assert rjieba_module.ATTRIBUTES[0].startswith("rjieba.rjieba")
    path = rjieba_module.compiled_module_file()
    assert path.exists(), "update fazhi/adapters/rjieba_module.py: rjieba moved its module"
    ours = rjieba_module.jieba_class()()
    import rjieba

    theirs = rjieba.Jieba()
    assert ours.cut(TEXT) == theirs.cut(TEXT)
    assert ours.cut_for_search(TEXT) == theirs.cut_for_search(TEXT)
    ours.add_word("四个聚力", None, None)
    assert ours.has_word("四个聚力") and "四个聚力" in ours.cut(TEXT)


def test_it_spares_the_default_dictionary():
    def probe(how: str) -> tuple[float, str]:
        out = subprocess.run(
            [sys.executable, "-c", PROBE, how], capture_output=True, text=True, timeout=120
        )
        assert out.returncode == 0, out.stderr
        grown, imported = out.stdout.split()
        return float(grown), imported

    alone, package_imported = probe("adapter")
    whole, _ = probe("package")
    assert package_imported == "False", "the package's __init__ (and its default Jieba) ran"
    assert whole - alone > 15, (alone, whole)  # ~30 MB: the package's _DEFAULT_JIEBA
