"""Tree paths of treebeard's materialised-path nodes (Wagtail's page tree), for bulk inserts.

The legacy bulk writer (and ``bench/serve.py``) inserts pages by the thousand, one INSERT per
batch instead of one ``add_child`` per page, so it computes their ``path`` itself: with treebeard's
own helpers, so the encoding (alphabet, step length) stays treebeard's.
"""

from __future__ import annotations

from typing import Any

ATTRIBUTES = (
    "treebeard.mp_tree.MP_Node._get_path",
    "treebeard.mp_tree.MP_Node._str2int",
)


def child_path(parent: Any, step: int) -> str:
    """The ``path`` of the ``step``-th child (1-based) of the node ``parent``."""
    return type(parent)._get_path(parent.path, parent.depth + 1, step)


def step_of(model: type, path: str) -> int:
    """The position among its siblings (1-based) of the node of ``model``'s tree at ``path``."""
    return model._str2int(path[-model.steplen :])
