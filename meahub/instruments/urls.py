from django.urls import path

app_name = "instruments"
urlpatterns: list = []
