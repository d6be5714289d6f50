from starlette.applications import Starlette
from starlette.config import Config
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware

from .routes import routes

config = Config(".env")

middleware = [
    Middleware(SessionMiddleware, secret_key=config("SECRET_KEY"), https_only=False, same_site="lax"),
]

app = Starlette(routes=routes, middleware=middleware)

admin = Starlette(routes=routes)
admin.add_middleware(SessionMiddleware, secret_key=config("ADMIN_SECRET_KEY"), https_only=True, same_site="strict")
