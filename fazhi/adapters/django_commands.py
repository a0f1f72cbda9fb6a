"""The stream behind a management command's ``self.stdout`` / ``self.stderr``.

Progress bars (tqdm) need the real stream — its terminal width, encoding and ``isatty`` — not
Django's ``OutputWrapper``, which adds a newline to every write. Writing through the wrapper would
do (``write(text, ending="")``) but loses the width and the Unicode bar.
"""

from __future__ import annotations

from typing import TextIO

from django.core.management.base import OutputWrapper

ATTRIBUTES = ("django.core.management.base.OutputWrapper._out",)


def output_stream(wrapper: OutputWrapper) -> TextIO:
    """The file ``wrapper`` writes to (``sys.stderr``, or what ``call_command`` was given)."""
    return wrapper._out
