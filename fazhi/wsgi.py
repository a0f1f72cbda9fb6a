"""WSGI entry point: ``granian --interface wsgi fazhi.wsgi:application``.

Django's application behind the per-process page copy (``fazhi.serving.fastpath``), which
answers anonymous page requests it has already seen without running Django."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")

django_application = get_wsgi_application()

from fazhi.serving.fastpath import FastPath  # noqa: E402  (needs the settings set up above)

application = FastPath(django_application)
