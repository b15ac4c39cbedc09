from django.urls import path

app_name = "species"
urlpatterns: list = []
