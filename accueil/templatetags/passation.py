"""The handover note of a file, for the file's templates (issue 17, item 1)."""

from django import template
from django.core.exceptions import ObjectDoesNotExist

register = template.Library()


@register.simple_tag
def note_passation_de(situation):
    """The situation's note, or None: read from ``selectors.dossier_complet``'s join."""
    try:
        return situation.note_passation
    except ObjectDoesNotExist:
        return None
