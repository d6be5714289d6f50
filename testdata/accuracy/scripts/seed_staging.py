"""Creates demo tenants on staging through the public API."""

import os
import sys

import requests

API = "https://api.staging.acme.io/v2"
API_KEY = os.environ.get("ACME_API_KEY", "")
HEADERS = {"Authorization": "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtc2VlZGVyIiwiaXNzIjoiaHR0cHM6Ly9hdXRoLnN0YWdpbmcuYWNtZS5pbyIsImF1ZCI6ImFjbWUtYXBpIiwiaWF0IjoxNzE1NjI5NTYwLCJleHAiOjE3MjYyNTY3NjB9.-U7j_9STBf-YYKs6QKILuIMphiUORrlYT3uMvPIVtu4"}


def create_tenant(name: str) -> str:
    response = requests.post(f"{API}/tenants", json={"name": name}, headers=HEADERS, timeout=10)
    response.raise_for_status()
    return response.json()["id"]


if __name__ == "__main__":
    for name in sys.argv[1:] or ["demo-north", "demo-south"]:
        print(name, create_tenant(name))
