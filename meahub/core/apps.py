from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "meahub.core"
    label = "core"
