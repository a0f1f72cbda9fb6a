"""The upgrade checks of the adapters: fail loudly, naming the private attribute and the adapter."""

from __future__ import annotations

import inspect
from importlib.metadata import version
from typing import Any

# Which distribution ships each package, for the message ("Wagtail 8.1 removed ...").
DISTRIBUTIONS = {"django": "Django", "wagtail": "wagtail", "treebeard": "django-treebeard"}


def _who(owner: Any) -> tuple[str, str]:
    module = owner.__module__ if isinstance(owner, type) else type(owner).__module__
    name = owner.__qualname__ if isinstance(owner, type) else type(owner).__qualname__
    distribution = DISTRIBUTIONS[module.split(".")[0]]
    return f"{distribution} {version(distribution)}", name


def require(owner: Any, attribute: str, adapter: str, parameters: list[str] | None = None) -> Any:
    """``owner.attribute`` (a class, or an instance for attributes set in ``__init__``), with the
    given parameter names if it is callable; the assertion message says what to update."""
    release, name = _who(owner)
    assert hasattr(owner, attribute), (
        f"{release} renamed or removed {name}.{attribute}: update fazhi/adapters/{adapter}.py"
    )
    value = getattr(owner, attribute)
    if parameters is not None:
        found = list(inspect.signature(value).parameters)
        assert found == parameters, (
            f"{release} changed {name}.{attribute}({', '.join(found)}), expected "
            f"({', '.join(parameters)}): update fazhi/adapters/{adapter}.py"
        )
    return value


def listed(module: Any) -> set[str]:
    """The ``owner.attribute`` tails of a module's ATTRIBUTES ("MP_Node._get_path")."""
    return {".".join(entry.rsplit(".", 2)[-2:]) for entry in module.ATTRIBUTES}
