from django.urls import path

app_name = "countries"
urlpatterns: list = []
