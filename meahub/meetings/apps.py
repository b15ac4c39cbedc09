from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meahub.meetings"
    label = "meetings"
