from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route

from .endpoints import homepage, profile

middleware = [
    Middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["GET", "POST"])
]

app = Starlette(routes=[Route("/", homepage), Route("/profile", profile)], middleware=middleware)
