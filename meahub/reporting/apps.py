from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "meahub.reporting"
    label = "reporting"
