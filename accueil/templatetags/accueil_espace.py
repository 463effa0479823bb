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


# Referrals listed in « Aujourd'hui » (urgent first); the others are one click away.
SAISINES_DU_JOUR = 5


@register.inclusion_tag("accueil/espace/_aujourd_hui.html", takes_context=True)
def aujourd_hui_intervenant(context):
    """The worker's day (issue 16, item 1): her appointments of the day, her call-backs due
    or overdue, the referrals waiting. Shown on the page, never sent by e-mail."""
    request = context["request"]
    jour = timezone.localdate()
    saisines = list(selectors.saisines_a_qualifier(request.user)[: SAISINES_DU_JOUR + 1])
    return {
        "aujourd_hui": jour,
        "suivant": request.get_full_path(),
        "rendez_vous": list(selectors.rendez_vous_de(request.user, debut=jour, fin=jour)),
        "a_regler": list(selectors.rendez_vous_a_regler(request.user, avant=jour)),
        "rappels": list(selectors.rappels_a_faire(request.user, jusqu_au=jour)),
        "saisines": saisines[:SAISINES_DU_JOUR],
        "autres_saisines": len(saisines) > SAISINES_DU_JOUR,
        "URGENCES_PRESSANTES": selectors.URGENCES_PRESSANTES,
    }
