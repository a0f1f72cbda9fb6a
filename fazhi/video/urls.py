from django.conf import settings
from django.urls import re_path

from fazhi.video.ranges import serve_media

app_name = "video"

urlpatterns = []
if settings.SERVE_MEDIA:
    # Development and single-box installs: uploaded videos with range requests, so seeking works.
    # In production nginx serves /media/ (with ranges) and this is off.
    urlpatterns.append(re_path(r"^media/(?P<path>video/.+)$", serve_media, name="media"))
