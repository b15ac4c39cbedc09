from django.contrib import admin
from django.urls import include, path

from meahub.api import api

urlpatterns = [
    path("", include("meahub.core.urls")),
    path("accounts/", include("meahub.accounts.urls")),
    path("instruments/", include("meahub.instruments.urls")),
    path("countries/", include("meahub.countries.urls")),
    path("organisations/", include("meahub.organisations.urls")),
    path("species/", include("meahub.species.urls")),
    path("contacts/", include("meahub.contacts.urls")),
    path("documents/", include("meahub.documents.urls")),
    path("meetings/", include("meahub.meetings.urls")),
    path("mandates/", include("meahub.mandates.urls")),
    path("reporting/", include("meahub.reporting.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
