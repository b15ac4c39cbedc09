from django.urls import path

from meahub.countries import views

app_name = "countries"
urlpatterns = [
    path("", views.country_list, name="country-list"),
    path("<str:code>/", views.country_detail, name="country-detail"),
]
