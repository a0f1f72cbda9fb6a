"""What a locked-out sign-in gets (django-axes calls this on every sign-in path)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from fazhi.comments.forms import LOCKED_MESSAGE


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    accept = request.headers.get("Accept", "")
    if "application/json" in accept or request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return JsonResponse(
            {"message": LOCKED_MESSAGE, "errors": {"password": [LOCKED_MESSAGE]}}, status=429
        )
    return render(request, "accounts/lockout.html", {"message": LOCKED_MESSAGE}, status=429)
