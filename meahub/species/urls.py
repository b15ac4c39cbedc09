from django.urls import path

from meahub.species import views

app_name = "species"
urlpatterns = [
    path("", views.species_list, name="species-list"),
    path("<slug:slug>/", views.species_detail, name="species-detail"),
    path("<slug:slug>/estimates/add/", views.estimate_add, name="estimate-add"),
]
