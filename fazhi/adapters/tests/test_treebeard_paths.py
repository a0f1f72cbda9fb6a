"""Upgrade check of fazhi/adapters/treebeard_paths.py: treebeard's path helpers, and that the paths
they give are the ones ``add_child`` gives."""

from __future__ import annotations

import pytest
from treebeard.mp_tree import MP_Node
from wagtail.models import Page

from fazhi.adapters import treebeard_paths
from fazhi.adapters.tests.checks import listed, require


def test_the_private_helpers_are_there():
    assert listed(treebeard_paths) == {"MP_Node._get_path", "MP_Node._str2int"}
    require(MP_Node, "_get_path", "treebeard_paths", ["path", "depth", "newstep"])
    require(MP_Node, "_str2int", "treebeard_paths", ["num"])


@pytest.mark.django_db
def test_paths_match_what_add_child_stores(home):
    first = home.add_child(instance=Page(title="甲", slug="jia"))
    second = home.add_child(instance=Page(title="乙", slug="yi"))
    home.refresh_from_db()
    assert treebeard_paths.child_path(home, 1) == first.path, (
        "treebeard changed its path encoding: update fazhi/adapters/treebeard_paths.py"
    )
    assert treebeard_paths.child_path(home, 2) == second.path
    assert treebeard_paths.step_of(Page, second.path) == 2
    # Far steps too (the bulk writer inserts thousands of siblings).
    assert treebeard_paths.step_of(Page, treebeard_paths.child_path(home, 50_000)) == 50_000
