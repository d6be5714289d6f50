from flask import Blueprint, make_response, redirect, request, url_for

from .sessions import authenticate, create_session, issue_access_token, issue_remember_token

bp = Blueprint("auth", __name__)


@bp.post("/login")
def login():
    user = authenticate(request.form["email"], request.form["password"])
    if user is None:
        return redirect(url_for("auth.login_form", error=1))
    resp = make_response(redirect(url_for("dashboard.index")))
    resp.set_cookie("session_id", create_session(user))
    return resp


@bp.post("/remember")
def remember():
    resp = make_response("", 204)
    resp.set_cookie("remember_token", issue_remember_token(), max_age=30 * 86400, httponly=True)
    return resp


@bp.post("/api-login")
def api_login():
    resp = make_response({"ok": True})
    resp.set_cookie(
        "access_token",
        issue_access_token(),
        httponly=True,
        secure=True,
        samesite="Strict",
    )
    return resp


@bp.post("/logout")
def logout():
    resp = make_response(redirect("/"))
    resp.delete_cookie("session_id")
    return resp


@bp.post("/locale")
def locale():
    resp = make_response("", 204)
    resp.set_cookie("locale", request.form["locale"], max_age=365 * 86400)
    return resp
