from django.apps import AppConfig


class SpeciesConfig(AppConfig):
    name = "meahub.species"
    label = "species"
