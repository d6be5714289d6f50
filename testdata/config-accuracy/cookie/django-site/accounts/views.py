from django.http import HttpResponseRedirect, JsonResponse

from .forms import TokenLoginForm
from .tokens import issue_token


def token_login(request):
    form = TokenLoginForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": "invalid"}, status=400)
    token = issue_token(form.cleaned_data["user"])
    response = JsonResponse({"ok": True})
    response.set_cookie("auth_token", token)
    return response


def secure_login(request):
    token = issue_token(request.user)
    response = JsonResponse({"ok": True})
    response.set_cookie("auth_token", token, max_age=3600, httponly=True, secure=True, samesite="Strict")
    return response


def set_timezone(request):
    response = HttpResponseRedirect(request.POST.get("next", "/"))
    response.set_cookie("django_timezone", request.POST["timezone"], samesite="Lax")
    return response


def signed_remember(request):
    response = HttpResponseRedirect("/")
    response.set_signed_cookie("remember", request.user.pk, salt="remember-me", httponly=True, secure=True, samesite="Lax")
    return response


def logout_view(request):
    response = HttpResponseRedirect("/")
    response.delete_cookie("auth_token")
    return response
