from django.urls import path

from meahub.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("health", views.health, name="health"),
]
