from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "meahub.instruments"
    label = "instruments"
