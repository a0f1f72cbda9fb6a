"""Upgrade check of fazhi/adapters/django_commands.py: OutputWrapper keeps its stream in ``_out``."""

from __future__ import annotations

import io

from django.core.management.base import BaseCommand, OutputWrapper

from fazhi.adapters import django_commands
from fazhi.adapters.tests.checks import listed, require


def test_output_wrapper_keeps_its_stream():
    assert listed(django_commands) == {"OutputWrapper._out"}
    stream = io.StringIO()
    wrapper = OutputWrapper(stream)
    assert require(wrapper, "_out", "django_commands") is stream
    assert django_commands.output_stream(wrapper) is stream


def test_a_commands_stderr_reaches_the_given_stream():
    stream = io.StringIO()
    command = BaseCommand(stderr=stream)
    django_commands.output_stream(command.stderr).write("\r50%")
    assert stream.getvalue() == "\r50%"  # no newline added, as a progress bar needs
