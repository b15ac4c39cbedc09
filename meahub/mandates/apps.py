from django.apps import AppConfig


class MandatesConfig(AppConfig):
    name = "meahub.mandates"
    label = "mandates"

    def ready(self) -> None:
        from meahub.mandates import receivers  # noqa: F401  (connects to document_ingested)
