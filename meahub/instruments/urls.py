from django.urls import path

from meahub.instruments import views

app_name = "instruments"
urlpatterns = [
    path("", views.instrument_list, name="instrument-list"),
    path("<str:code>/", views.instrument_detail, name="instrument-detail"),
    path("<str:code>/edit/", views.instrument_edit, name="instrument-edit"),
    path("<str:code>/members/add/", views.membership_add, name="membership-add"),
    path(
        "<str:code>/members/<int:membership_id>/withdraw/",
        views.membership_withdraw,
        name="membership-withdraw",
    ),
]
