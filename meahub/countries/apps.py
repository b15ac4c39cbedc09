from django.apps import AppConfig


class CountriesConfig(AppConfig):
    name = "meahub.countries"
    label = "countries"
