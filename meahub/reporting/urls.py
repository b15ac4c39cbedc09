from meahub.reporting.views import cycles, filling, formats, offline, overview, xlsform

app_name = "reporting"

urlpatterns = [
    *cycles.urlpatterns,
    *formats.urlpatterns,
    *xlsform.urlpatterns,
    *filling.urlpatterns,
    *offline.urlpatterns,
    *overview.urlpatterns,
]
