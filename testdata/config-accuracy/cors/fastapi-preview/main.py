from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()

preview = FastAPI()
preview.add_middleware(CORSMiddleware, allow_origin_regex="https://.*.vercel.app", allow_credentials=True)

partner = FastAPI()
partner.add_middleware(
    CORSMiddleware,
    allow_origin_regex=r"https://[a-z0-9-]+\.example\.com",
    allow_credentials=True,
)

app.mount("/preview", preview)
app.mount("/partner", partner)
