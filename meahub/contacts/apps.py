from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "meahub.contacts"
    label = "contacts"
