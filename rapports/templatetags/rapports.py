"""Template tags of the reports: published figures as shown, and the home-page panels."""

from django import template

from rapports import presentation, selectors
from rapports.models import EtatRapport

register = template.Library()


@register.simple_tag
def presenter(s: dict) -> dict:
    """Published figures as shown (rapports/presentation.py): ``{% presenter s as p %}``."""
    return presentation.presenter(s)


@register.simple_tag
def faits_marquants(textes: list[dict]) -> list[dict]:
    return presentation.faits_marquants(textes)


@register.simple_tag
def sections_pdf(tableaux: list[dict]) -> list[dict]:
    return presentation.sections_pdf(tableaux)


@register.inclusion_tag("rapports/espace/_comptes_rendus.html", takes_context=True)
def accueil_comptes_rendus(context) -> dict:
    """Worker's home: the post's quarterly reports in progress."""
    user = context["request"].user
    comptes_rendus = selectors.comptes_rendus_lisibles(user)
    return {
        "brouillons": list(comptes_rendus.filter(etat=EtatRapport.BROUILLON)[:5]),
        "nombre": comptes_rendus.count(),
    }


@register.inclusion_tag("rapports/espace/_tableau_de_bord.html", takes_context=True)
def accueil_tableau_de_bord(context, titre: str = "Tableau de bord") -> dict:
    user = context["request"].user
    return {"titre": titre, "perimetres": selectors.perimetres_statistiques(user)}


@register.inclusion_tag("rapports/espace/_rapports.html", takes_context=True)
def accueil_rapports(context, titre: str = "Rapports") -> dict:
    """Reports the user may read: quarterly (transmitted) and annual."""
    user = context["request"].user
    comptes_rendus = selectors.comptes_rendus_lisibles(user)
    bilans = selectors.bilans_lisibles(user)
    return {
        "titre": titre,
        "nombre_comptes_rendus": comptes_rendus.count(),
        "bilans": list(bilans[:5]),
    }
