from django.urls import path

from meahub.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_index, name="meeting-list"),
    path("<slug:slug>/", views.meeting_detail, name="meeting-detail"),
]
