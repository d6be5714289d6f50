from app.config import ProductionConfig, StagingConfig


def test_login_sets_session_cookie(client):
    resp = client.post("/api-login", data={"email": "a@example.com"})
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "Secure" in cookie


def test_dashboard_requires_session(client):
    client.set_cookie("session_id", "test-session")
    resp = client.get("/dashboard")
    assert resp.status_code == 200


def test_config_flags():
    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert StagingConfig.SESSION_COOKIE_SECURE is False
