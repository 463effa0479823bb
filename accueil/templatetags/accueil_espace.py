"""Home-page lines of the confidential side, each scoped by the selectors."""

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from accueil import selectors

register = template.Library()


@register.inclusion_tag("accueil/espace/_intervenant.html", takes_context=True)
def resume_intervenant(context):
    user = context["request"].user
    aujourd_hui = timezone.localdate()
    a_qualifier = selectors.saisines_a_qualifier(user).aggregate(
        total=Count("id"),
        urgentes=Count("id", filter=Q(urgence__in=selectors.URGENCES_PRESSANTES)),
    )
    return {
        "nb_a_qualifier": a_qualifier["total"],
        "nb_urgentes": a_qualifier["urgentes"],
        "nb_ouvertes": selectors.situations_visibles(user).ouvertes().count(),
        "releves": selectors.bilan_des_releves(
            user, debut=aujourd_hui.replace(day=1), fin=aujourd_hui
        ),
    }


@register.inclusion_tag("accueil/espace/_agent.html", takes_context=True)
def resume_agent(context):
    user = context["request"].user
    return {"dernieres": list(selectors.accuses_de_l_agent(user)[:3])}


@register.inclusion_tag("accueil/espace/_autorite.html", takes_context=True)
def resume_autorite(context):
    user = context["request"].user
    return {"nb_saisines": selectors.accuses_du_site(user).count()}
