"""The one NinjaAPI, mounted at /api/v1/. Each app adds its Router from ``<app>/api.py``."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="meahub API",
    version="1",
    description="Registers of the CMS family: instruments, members, focal points and species.",
    urls_namespace="api",
)
