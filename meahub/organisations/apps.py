from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "meahub.organisations"
    label = "organisations"
