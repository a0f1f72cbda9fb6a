"""The only place fazhi touches private attributes of Django, Wagtail or treebeard.

One small module per concern. Each names the private attributes it relies on in ``ATTRIBUTES``
and has a test in ``fazhi/adapters/tests/`` that fails loudly, naming the attribute, when an
upgrade renames or removes one. Everything else in fazhi calls these functions instead.

- ``treebeard_paths``: page tree paths for bulk inserts (``MP_Node._get_path``, ``_str2int``);
- ``django_commands``: the stream behind a command's stdout/stderr (``OutputWrapper._out``);
- ``django_files``: new upload or stored file (``FieldFile._committed``);
- ``django_translation``: Django's merged catalogue (``DjangoTranslation._catalog``);
- ``django_testing``: the serialized test database (``_test_serialized_contents``).

Where a public API does the job, it is used instead and nothing is added here. This package
imports no other part of fazhi (the bottom layer of ``.importlinter``).
"""
