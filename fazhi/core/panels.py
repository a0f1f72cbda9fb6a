"""Admin panels that apps above a page type's own app add to its edit form, through a hook.

A page type puts ``HookedPanels("slot")`` in its panels; when Wagtail builds the edit form it
becomes the panels that ``EDITOR_PANELS`` hooks return for that slot and model (one panel: that
panel itself; several: grouped under this panel's heading; none: nothing is shown). So
``fazhi.news`` can show fazhi.editorial's 审稿记录 without importing it.
"""

from __future__ import annotations

from typing import Any

from wagtail import hooks
from wagtail.admin.panels import MultiFieldPanel, Panel

from fazhi.core.hooks import EDITOR_PANELS


class HookedPanels(Panel):
    def __init__(self, slot: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.slot = slot

    def clone_kwargs(self) -> dict[str, Any]:
        return {**super().clone_kwargs(), "slot": self.slot}

    def hooked_panels(self, model: type) -> list[Panel]:
        """The panels every ``EDITOR_PANELS`` hook adds to this slot of ``model``, in hook order."""
        return [panel for add in hooks.get_hooks(EDITOR_PANELS) for panel in add(self.slot, model)]

    def bind_to_model(self, model: type) -> Panel:
        panels = self.hooked_panels(model)
        if len(panels) == 1:
            return panels[0].bind_to_model(model)
        if panels:
            return MultiFieldPanel(panels, heading=self.heading).bind_to_model(model)
        return super().bind_to_model(model)  # nothing to add: a panel that is never shown

    class BoundPanel(Panel.BoundPanel):
        def is_shown(self) -> bool:
            return False
