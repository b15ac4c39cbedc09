from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "meahub.documents"
    label = "documents"
