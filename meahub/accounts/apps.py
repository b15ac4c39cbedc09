from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "meahub.accounts"
    label = "accounts"
