"""A worker SIGKILLed in the middle of a comment post, a static export and a migration batch:
after it nothing is half written, and running the same thing again gives the right result.

Each runs fazhi in a real subprocess on its own database (faults.py) and stops it at a pause
point put in from outside (fault_hooks.py), so the kill lands mid-operation every time; the
tests assert that it did."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from fazhi.core.demo import SEED_PAGE
from fazhi.security.tests.faults import FazhiProcess, wait_for_file

ARTICLES = 12


def import_articles(app: FazhiProcess, n: int = ARTICLES) -> None:
    seed = SEED_PAGE.read_text("utf-8")
    pages = app.tmp_path / "pages"
    pages.mkdir()
    for i in range(n):
        text = seed.replace("司法行政机关抓党建应做到", f"第{i}篇 司法行政机关抓党建应做到")
        (pages / f"{i:03}.txt").write_text(text.replace("11:33:51", f"11:{i // 60:02}:{i % 60:02}"))
    result = app.run("import_pages", str(pages))
    assert result.returncode == 0, result.stdout + result.stderr


def kill(process: subprocess.Popen, pid: int | None = None) -> None:
    os.kill(pid or process.pid, signal.SIGKILL)
    if pid is None or pid == process.pid:
        process.wait(30)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith(".fazhi-export.")
    }


# --- (b) static export ------------------------------------------------------------------------

REVISE = """
from fazhi.news.models import ArticlePage
for page in ArticlePage.objects.all():
    page.title = "修订版 " + page.title
    page.save_revision().publish()
print(ArticlePage.objects.filter(title__startswith="修订版").count())
"""


def test_export_killed_midway_then_rerun(fazhi_process: FazhiProcess):
    app = fazhi_process
    import_articles(app)
    out = app.tmp_path / "export"
    first = app.run("export_static", str(out), "--no-progress")
    assert first.returncode == 0, first.stdout + first.stderr
    before = snapshot(out)
    assert app.shell(REVISE) == str(ARTICLES)  # every article page (and its lists) changes

    process = app.popen(
        [sys.executable, "-m", "fazhi", "export_static", str(out), "--no-progress"],
        FAZHI_FAULT_HOOK="export_mid_write", FAZHI_FAULT_AFTER="6",
        FAZHI_FAULT_MARKER=str(app.marker),
    )  # fmt: skip
    _pid, tmp, target = wait_for_file(app.marker, process).split()
    assert Path(tmp).is_file() and Path(tmp).name.startswith(".tmp-")  # mid-write, for sure
    kill(process)
    killed = snapshot(out)

    rerun = app.run("export_static", str(out), "--no-progress")
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    after = snapshot(out)
    # The rerun finished the job: no temporary left, every article shows its new title.
    assert not [name for name in after if Path(name).name.startswith(".tmp-")]
    assert set(after) == set(before)
    articles = [n for n, data in after.items() if "第0篇" in data.decode("utf-8", "replace")]
    assert articles and all("修订版 第0篇".encode() in after[n] for n in articles)
    # After the kill every file nginx serves was whole: the old one or the new one, never a part.
    left = [name for name in killed if Path(name).name.startswith(".tmp-")]
    assert left == [str(Path(tmp).relative_to(out))], left  # only dot-named: nginx denies them
    served = {n: data for n, data in killed.items() if n not in left}
    assert set(served) == set(before)
    for name, data in served.items():
        assert data in (before[name], after[name]), name
    renewed = [n for n in served if served[n] == after[n] != before[n]]
    kept = [n for n in served if served[n] == before[n] != after[n]]
    assert len(renewed) == 5 and kept, (len(renewed), len(kept))  # killed half-way, provably
    assert str(Path(target).relative_to(out)) in kept  # the page being replaced: still the old
    state = json.loads((out / ".fazhi-export.json").read_text())
    assert state["files"]  # still the previous run's state (the rerun redid the changes)
