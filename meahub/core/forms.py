"""Form building blocks shared by the apps' forms."""

from __future__ import annotations

from django import forms


class DateInput(forms.DateInput):
    """The browser's own date picker (ISO dates, so no locale guessing)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateForm(forms.Form):
    """One date, for the actions that need only a date: withdraw, confirm, end."""

    on = forms.DateField(widget=DateInput())
