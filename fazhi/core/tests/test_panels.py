"""HookedPanels: a page type's slot that apps above it fill with admin panels through a hook."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from fazhi.core.hooks import EDITOR_PANELS
from fazhi.core.models import HomePage
from fazhi.core.panels import HookedPanels


def _intro_panel(slot: str, model: type) -> list:
    return [FieldPanel("intro")] if slot == "test" else []


def _count_panel(slot: str, model: type) -> list:
    return [FieldPanel("articles_per_channel")] if slot == "test" else []


def test_an_empty_slot_shows_nothing():
    bound = HookedPanels("test").bind_to_model(HomePage)
    assert isinstance(bound, HookedPanels)
    assert bound.get_form_options() == {}
    assert not bound.get_bound_panel().is_shown()


def test_one_hooked_panel_takes_the_slot_itself():
    with hooks.register_temporarily(EDITOR_PANELS, _intro_panel):
        bound = HookedPanels("test").bind_to_model(HomePage)
        other = HookedPanels("another").bind_to_model(HomePage)
    assert isinstance(bound, FieldPanel) and bound.field_name == "intro"
    assert bound.model is HomePage
    assert isinstance(other, HookedPanels)  # hooks answer for their own slot only


def test_several_hooked_panels_are_grouped_under_the_slot_heading():
    with hooks.register_temporarily([(EDITOR_PANELS, _intro_panel), (EDITOR_PANELS, _count_panel)]):
        bound = HookedPanels("test", heading="更多").bind_to_model(HomePage)
    assert isinstance(bound, MultiFieldPanel) and bound.heading == "更多"
    assert [child.field_name for child in bound.children] == ["intro", "articles_per_channel"]
    assert bound.get_form_options()["fields"] == ["intro", "articles_per_channel"]
