"""人员查询: the public lookup, the verification page behind each card's QR code, and the QR images."""

from __future__ import annotations

import time

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.limits.rates import Rate, client_ip, hit, parse_rate, peek
from fazhi.staff.forms import CaptchaLookupForm, LookupForm
from fazhi.staff.lookup import find_staff, pad_to_size_class
from fazhi.staff.models import StaffMember
from fazhi.staff.qr import qr_png, qr_svg

FAILURE_WINDOW = Rate(limit=0, period=3600)  # failed lookups are counted per hour


def _failures(request: HttpRequest, *, increment: bool) -> int:
    """Failed lookups from this address in the current hour (the shared rate counters)."""
    key = f"staff_lookup_failures:{client_ip(request)}"
    return hit(key, FAILURE_WINDOW) if increment else peek(key, FAILURE_WINDOW)


def _lookup_limited(request: HttpRequest) -> bool:
    rate = parse_rate(settings.STAFF_LOOKUP_RATE)
    return hit(f"staff_lookup:{client_ip(request)}", rate) > rate.limit


def _form_class(request: HttpRequest) -> type[LookupForm]:
    needs_captcha = _failures(request, increment=False) >= settings.STAFF_LOOKUP_CAPTCHA_AFTER
    return CaptchaLookupForm if needs_captcha else LookupForm


def _page_context(**extra) -> dict:
    return {"press_card_check_url": settings.STAFF_PRESS_CARD_CHECK_URL, **extra}


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        form = _form_class(request)()
        return render(request, "staff/lookup.html", _page_context(form=form))

    started = time.monotonic()
    if _lookup_limited(request):
        context = _page_context(form=None, rate_limited=True)
        return render(request, "staff/lookup.html", context, status=429)

    form = _form_class(request)(request.POST)
    context = _page_context(form=form)
    if form.is_valid():
        member = find_staff(form.cleaned_data["name"], form.cleaned_data["card_number"])
        if member is None:
            _failures(request, increment=True)
        # A fresh, empty form for the next lookup (with a captcha once there were failures).
        context.update(searched=True, member=member, form=_form_class(request)())
    response = render(request, "staff/lookup.html", context)
    if context.get("searched"):
        # Same size class and (at least) the same time for a match and a no-match.
        response.content = pad_to_size_class(response.content, settings.STAFF_LOOKUP_SIZE_CLASS)
        remaining = settings.STAFF_LOOKUP_MIN_SECONDS - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
    return response


def _member_by_token(token: str) -> StaffMember:
    member = StaffMember.objects.select_related("photo").filter(verify_token=token).first()
    if member is None:
        raise Http404("查无此人")
    return member


@never_cache
@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """What scanning a work card's QR code shows; never cached, so revoking shows at once."""
    try:
        member = _member_by_token(token)
    except Http404:
        return render(request, "staff/verify.html", _page_context(member=None), status=404)
    return render(request, "staff/verify.html", _page_context(member=member))


@require_GET
@cache_control(max_age=86400)
def verify_qr(request: HttpRequest, token: str, kind: str) -> HttpResponse:
    member = _member_by_token(token)
    if kind == "png":
        return HttpResponse(qr_png(member.verify_url()), content_type="image/png")
    return HttpResponse(qr_svg(member.verify_url()), content_type="image/svg+xml")
