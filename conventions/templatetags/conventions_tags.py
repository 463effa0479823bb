"""Home-page panels of the conventions area, so that the home view needs no change."""

from django import template

from conventions import selectors

register = template.Library()


@register.inclusion_tag("conventions/espace/_alertes.html", takes_context=True)
def alertes_conventions(context, role: str):
    """Home alerts for ``role`` (employeur or coordinateur): ``{% alertes_conventions role %}``."""
    return {"alertes": selectors.alertes(context["request"].user, role), "role": role}


@register.inclusion_tag("conventions/espace/_lecture.html", takes_context=True)
def conventions_en_lecture(context, intitule: str):
    """A line listing the conventions a worker or functional authority may read."""
    conventions = list(
        selectors.conventions_lisibles(context["request"].user)
        .select_related("employeur")
        .order_by("-date_fin")[:5]
    )
    return {"conventions": conventions, "intitule": intitule}
