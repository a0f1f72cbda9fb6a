"""``fazhi.search.fts5``: bm25 computed in Python equals FTS5's own bm25() (plain sqlite3)."""

from __future__ import annotations

import sqlite3

import pytest

from fazhi.search.fts5 import idf, scores, spaced, varints

ROWS = [
    # title, body, filters (weight 0): tokens joined by spaces, as the index stores them
    ("法律 援助 法律援助 中心", "法律 援助 中心 设在 司法所 。 法律 咨询", "fp00010001"),
    ("天气 预报", "明天 晴 ， 法律 常识 进 社区", "fp00010002"),
    ("社区 矫正", "社区 矫正 工作 会议 召开 ， 社区 矫正 对象 报到", "fp00010001"),
    ("法律 法规", "法律", ""),
    ("经济 运行", "经济 运行 平稳 ， 市场 经济 发展 。 经济", "fp00010002"),
    ("调解", "人民 调解 委员会 调解 纠纷", "fp00010001"),
]
WEIGHTS = (10.0, 1.0, 0.0)


@pytest.fixture
def table():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, filters)")
    db.executemany("INSERT INTO t (title, body, filters) VALUES (?, ?, ?)", ROWS)
    db.commit()  # FTS5 writes its totals record when the transaction commits
    yield db
    db.close()


def totals(db):
    counts = varints(db.execute("SELECT block FROM t_data WHERE id = 1").fetchone()[0])
    return counts[0], sum(counts[1:])


@pytest.mark.parametrize(
    "phrases",
    [["法律"], ["社区", "矫正"], ["经济"], ["法律", "援助 中心"], ["调解"], ["社区 矫正"]],
)
def test_python_bm25_equals_fts5s(table, phrases):
    match = " AND ".join(f'"{p}"' for p in phrases)
    expected = table.execute(
        "SELECT rowid, -bm25(t, 10.0, 1.0, 0.0) FROM t WHERE t MATCH ? ORDER BY rowid", [match]
    ).fetchall()
    assert expected
    rows_count, tokens = totals(table)
    idfs = [
        idf(
            rows_count,
            table.execute("SELECT count(*) FROM t WHERE t MATCH ?", [f'"{p}"']).fetchone()[0],
        )
        for p in phrases
    ]
    rows = table.execute(
        "SELECT c.id, d.sz, c.c0, c.c1 FROM t_content c JOIN t_docsize d ON d.id = c.id "
        f"WHERE c.id IN ({','.join(str(rowid) for rowid, _ in expected)}) ORDER BY c.id"
    ).fetchall()
    mine = scores(rows, phrases, idfs, WEIGHTS[:2], tokens / rows_count)
    assert [key for key, _ in mine] == [key for key, _ in expected]
    for (_, score), (_, fts5_score) in zip(mine, expected, strict=True):
        assert score == pytest.approx(fts5_score, rel=1e-12)


def test_totals_and_sizes_are_fts5s_token_counts(table):
    assert totals(table) == (
        6,
        sum(len([t for t in " ".join(r).split() if t.isalnum()]) for r in ROWS),
    )
    sizes = [varints(row[0]) for row in table.execute("SELECT sz FROM t_docsize ORDER BY id")]
    assert sizes[2] == [2, 9, 1]  # the comma is not a token


def test_varints_read_sqlites_encoding():
    assert varints(bytes([0x00, 0x7F, 0x81, 0x00, 0x82, 0x80, 0x01])) == [0, 127, 128, 0x8001]
    assert varints(bytes([0xFF] * 8 + [0xFF])) == [2**64 - 1]


def test_phrases_are_counted_as_whole_tokens():
    def count(tokens, phrase):
        return spaced(tokens).count(spaced(phrase))

    assert count("法律 援助 法律援助 法律", "法律") == 2
    assert count("法律 法律 法律", "法律") == 2  # FTS5: 3 (see scores())
    assert count("法律援助", "法律") == 0
    assert count("社区 矫正 会议 社区 矫正", "社区 矫正") == 2
    assert count("", "法律") == 0
