"""The only place fazhi touches private attributes of Django, Wagtail or treebeard.

One small module per concern. Each names the private attributes it relies on in ``ATTRIBUTES``
and has a test in ``fazhi/adapters/tests/`` that fails loudly, naming the attribute, when an
upgrade renames or removes one. Everything else in fazhi calls these functions instead.
"""
