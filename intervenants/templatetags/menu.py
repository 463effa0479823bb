"""``{% menu_principal %}`` and ``{% barre_de_recherche %}``: the navigation of every page,
rendered once per set of roles (``intervenants.fragments``).

Their output depends on the user's active roles alone (no name, no request, no token): on the
lightest pages, building their links cost as much as the page's own query (issue 18, item 3).
"""

from django import template

from intervenants.fragments import fragment_en_cache

register = template.Library()


def _selon_les_roles(gabarit: str, context):
    roles = context.get("roles_utilisateur") or frozenset()
    return fragment_en_cache(gabarit, {"roles_utilisateur": roles}, selon={"roles": sorted(roles)})


@register.simple_tag(takes_context=True)
def menu_principal(context):
    return _selon_les_roles("fragments/menu.html", context)


@register.simple_tag(takes_context=True)
def barre_de_recherche(context):
    return _selon_les_roles("fragments/recherche_barre.html", context)
