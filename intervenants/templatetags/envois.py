"""``{% jeton_d_envoi %}``: the single-use token of a form that records (envois.py)."""

from django import template
from django.utils.html import format_html

from intervenants.envois import CHAMP, nouveau_jeton

register = template.Library()


@register.simple_tag(takes_context=True)
def jeton_d_envoi(context):
    """A hidden input to put inside every ``<form method="post">`` that records something,
    next to ``{% csrf_token %}``; its view is decorated with ``envoi_unique``."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', CHAMP, nouveau_jeton(request.user)
    )
