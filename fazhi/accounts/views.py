"""Reader accounts: register, sign in and out, change password, my comments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from fazhi.accounts.forms import ReaderLoginForm, RegisterForm
from fazhi.accounts.readers import create_reader
from fazhi.comments.models import Comment
from fazhi.limits import rates


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@never_cache
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:my_comments")
    form = RegisterForm(request.POST or None)
    if request.method == "POST":
        if rates.exceeded("register_ip", rates.client_ip(request)):
            return render(
                request, "accounts/register.html", {"form": form, "limited": True}, status=429
            )
        if form.is_valid():
            data = form.cleaned_data
            user = create_reader(
                data["username"],
                data["password1"],
                email=data["email"],
                phone=data["phone"],
                nickname=data["nickname"],
            )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "注册成功，欢迎您！")
            return redirect(_next_url(request, "/accounts/comments/"))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/register.html", {"form": form}, status=status)


class ReaderLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ReaderLoginForm
    redirect_authenticated_user = True


class ReaderLogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


class ReaderPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class ReaderPasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@never_cache
@login_required
def my_comments(request: HttpRequest) -> HttpResponse:
    comments = Comment.objects.filter(user=request.user).select_related("page")
    page_obj = Paginator(comments.order_by("-created_at", "-pk"), 20).get_page(request.GET.get("p"))
    return render(request, "accounts/my_comments.html", {"page_obj": page_obj})
