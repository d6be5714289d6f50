from fastapi import APIRouter, Cookie, Depends, Response
from fastapi.security import OAuth2PasswordRequestForm

from app.core.security import authenticate, create_access_token, create_session, current_user, rotate

router = APIRouter()


@router.post("/token")
async def login(response: Response, form: OAuth2PasswordRequestForm = Depends()):
    user = await authenticate(form.username, form.password)
    access_token = create_access_token(user.id)
    response.set_cookie(key="access_token", value=f"Bearer {access_token}", httponly=True)
    return {"ok": True}


@router.post("/refresh")
async def refresh(response: Response, refresh_token: str | None = Cookie(None)):
    new_refresh = rotate(refresh_token)
    response.set_cookie(
        key="refresh_token",
        value=new_refresh,
        httponly=True,
        samesite="none",
        max_age=60 * 60 * 24 * 14,
    )
    return {"ok": True}


@router.post("/session")
async def session_login(response: Response, user=Depends(current_user)):
    response.set_cookie(
        "session",
        await create_session(user),
        httponly=True,
        secure=True,
        samesite="lax",
    )
    return {"ok": True}


@router.post("/logout")
async def logout(response: Response):
    response.delete_cookie("access_token")
    return {"ok": True}
