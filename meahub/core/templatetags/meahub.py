"""Template helpers for the pages: the signed-in user's roles, map and form rendering."""

from __future__ import annotations

from django import forms, template
from django.utils.translation import gettext_lazy as _

from meahub.permissions.roles import AnyUser, role_names

register = template.Library()

ROLE_LABELS = {
    "secretariat": _("Secretariat staff"),
    "focal point": _("National focal point"),
    "partner": _("Partner"),
    "public": _("Public"),
}


@register.simple_tag
def user_roles(user: AnyUser) -> str:
    """The roles the user holds, translated and joined: 'Secretariat staff, Partner'."""
    return ", ".join(str(ROLE_LABELS.get(name, name)) for name in role_names(user))


@register.filter
def input_type(field: forms.BoundField) -> str:
    """'checkbox', 'select', 'textarea', 'file' or 'input', to lay a field out."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"
