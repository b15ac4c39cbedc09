from django.urls import path

from meahub.contacts import views

app_name = "contacts"
urlpatterns = [
    path("<int:contact_id>/", views.contact_detail, name="contact-detail"),
    path("<int:contact_id>/edit/", views.contact_edit, name="contact-edit"),
    path("nominate/<str:code>/", views.focal_point_nominate, name="focal-point-nominate"),
    path("roles/<int:role_id>/confirm/", views.role_confirm, name="role-confirm"),
    path("roles/<int:role_id>/end/", views.role_end, name="role-end"),
    path("roles/<int:role_id>/replace/", views.role_replace, name="role-replace"),
    path("roles/<int:role_id>/letter/", views.role_letter, name="role-letter"),
]
