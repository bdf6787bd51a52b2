"""Form rendering helpers: tie each input to its help text and errors for screen readers."""

from django import template

register = template.Library()


@register.simple_tag
def described_widget(field):
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    attrs = {}
    if field.errors:
        ids.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    return field.as_widget(attrs=attrs)
