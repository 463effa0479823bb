"""Reads of statistics and reports, always from the user's scopes.

Who reads what (DESIGN.md, permission model):
- worker: its post's statistics; its post's quarterly reports (any state);
- functional authority: its sites' statistics; the transmitted quarterly reports of the
  posts covering its sites; the annual reports of its sites (writes them);
- employer: its posts' statistics and transmitted quarterly reports; the validated or
  transmitted annual reports of the sites its posts cover and of their départements;
- coordinator: the département's statistics, its transmitted quarterly reports, and
  every annual report of the département (writes them);
- CLSPD reader: the annual reports of its site transmitted to the CLSPD, nothing else;
- CDP reader: the annual reports of its département transmitted to the CDP, nothing else.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from intervenants.models import Departement, Employeur, Poste, Site
from intervenants.permissions import objets_autorises
from rapports.models import BilanAnnuel, CompteRendu, EtatRapport
from rapports.statistiques import Perimetre

# (scope kind, permission, model) for statistics.
PORTEES_STATISTIQUES = [
    ("poste", "intervenants.voir_statistiques_poste", Poste),
    ("site", "intervenants.voir_statistiques_site", Site),
    ("employeur", "intervenants.voir_statistiques_employeur", Employeur),
    ("departement", "intervenants.voir_statistiques_departement", Departement),
]


def perimetres_statistiques(user) -> list[Perimetre]:
    perimetres = []
    for nature, permission, modele in PORTEES_STATISTIQUES:
        perimetres += [Perimetre(nature, o) for o in objets_autorises(user, permission, modele)]
    return perimetres


def perimetre_pour(user, cle: str | None, perimetres: list[Perimetre] | None = None) -> Perimetre:
    """The scope named ``cle`` ("site-3"), or the user's first; 404 when out of scope.

    ``perimetres``: the user's scopes when the caller already read them."""
    if perimetres is None:
        perimetres = perimetres_statistiques(user)
    if not perimetres:
        raise Http404
    if not cle:
        return perimetres[0]
    for perimetre in perimetres:
        if perimetre.cle == cle:
            return perimetre
    raise Http404


def postes_du_coordinateur(user) -> QuerySet[Poste]:
    departements = objets_autorises(user, "intervenants.voir_statistiques_departement", Departement)
    return Poste.objects.filter(departement__in=departements)


# --- Quarterly reports ------------------------------------------------------------------


def postes_redaction(user) -> QuerySet[Poste]:
    return objets_autorises(user, "intervenants.rediger_rapports_poste", Poste)


def comptes_rendus_lisibles(user) -> QuerySet[CompteRendu]:
    sites = objets_autorises(user, "intervenants.lire_rapports_site", Site)
    employeurs = objets_autorises(user, "intervenants.lire_rapports_employeur", Employeur)
    departements = objets_autorises(user, "intervenants.lire_rapports_departement", Departement)
    lecteurs = (
        Q(poste__sites__in=sites)
        | Q(poste__employeur__in=employeurs)
        | Q(poste__departement__in=departements)
    )
    ids = CompteRendu.objects.filter(
        Q(poste__in=postes_redaction(user)) | (Q(etat=EtatRapport.TRANSMIS) & lecteurs)
    ).values("pk")
    return CompteRendu.objects.filter(pk__in=ids).select_related("poste").defer("pdf")


def compte_rendu_pour(user, pk: int) -> CompteRendu:
    return get_object_or_404(comptes_rendus_lisibles(user), pk=pk)


def compte_rendu_modifiable(user, pk: int) -> CompteRendu:
    return get_object_or_404(
        CompteRendu.objects.filter(poste__in=postes_redaction(user)).select_related("poste"),
        pk=pk,
    )


def peut_rediger(user, compte_rendu: CompteRendu) -> bool:
    return postes_redaction(user).filter(pk=compte_rendu.poste_id).exists()


# --- Annual reports ---------------------------------------------------------------------


def sites_redaction_bilan(user) -> QuerySet[Site]:
    return objets_autorises(user, "intervenants.valider_bilan_site", Site)


def departements_redaction_bilan(user) -> QuerySet[Departement]:
    return objets_autorises(user, "intervenants.valider_bilan_departement", Departement)


def _bilans_ecrits(user) -> Q:
    return Q(site__in=sites_redaction_bilan(user)) | Q(
        departement__in=departements_redaction_bilan(user)
    )


FIGES = [EtatRapport.VALIDE, EtatRapport.TRANSMIS]


def _bilans_de_l_employeur(user) -> Q:
    """The frozen reports of the sites its posts cover, and of its posts' départements
    (whose figures include its posts): never a draft (docs/rapports.md)."""
    employeurs = objets_autorises(user, "intervenants.lire_rapports_employeur", Employeur)
    postes = Poste.objects.filter(employeur__in=employeurs)
    return Q(etat__in=FIGES) & (
        Q(site__postes__in=postes) | Q(site__isnull=True, departement__postes__in=postes)
    )


def bilans_lisibles(user) -> QuerySet[BilanAnnuel]:
    departements = objets_autorises(user, "intervenants.lire_rapports_departement", Departement)
    publies = objets_autorises(user, "intervenants.lire_rapports_publies_site", Site)
    cdp = objets_autorises(user, "intervenants.lire_bilans_cdp_departement", Departement)
    ids = BilanAnnuel.objects.filter(
        _bilans_ecrits(user)
        | Q(departement__in=departements)
        | Q(etat=EtatRapport.TRANSMIS, pour_clspd=True, site__in=publies)
        | Q(etat=EtatRapport.TRANSMIS, pour_cdp=True, departement__in=cdp)
        | _bilans_de_l_employeur(user)
    ).values("pk")
    return BilanAnnuel.objects.filter(pk__in=ids).select_related("site", "departement").defer("pdf")


def bilan_pour(user, pk: int) -> BilanAnnuel:
    return get_object_or_404(bilans_lisibles(user), pk=pk)


def bilan_modifiable(user, pk: int) -> BilanAnnuel:
    return get_object_or_404(
        BilanAnnuel.objects.filter(_bilans_ecrits(user)).select_related("site", "departement"),
        pk=pk,
    )


def peut_ecrire_bilan(user, bilan: BilanAnnuel) -> bool:
    return BilanAnnuel.objects.filter(_bilans_ecrits(user), pk=bilan.pk).exists()


def _bilans_evalues(user) -> Q:
    """Site reports whose functional authority the user is (its chief: the role holding
    ``valider_bilan_site``); the coordinator writes reports, not the chief's assessment."""
    return Q(site__in=sites_redaction_bilan(user))


def bilan_evaluable(user, pk: int) -> BilanAnnuel:
    return get_object_or_404(
        BilanAnnuel.objects.filter(_bilans_evalues(user)).select_related("site", "departement"),
        pk=pk,
    )


def peut_evaluer(user, bilan: BilanAnnuel) -> bool:
    return BilanAnnuel.objects.filter(_bilans_evalues(user), pk=bilan.pk).exists()


def perimetres_bilan(user) -> list[Perimetre]:
    """Scopes on which the user may write an annual report: its sites, or its
    départements and every site in them."""
    departements = list(departements_redaction_bilan(user))
    sites = Site.objects.filter(
        Q(pk__in=sites_redaction_bilan(user)) | Q(departement__in=departements)
    ).order_by("departement__code", "nom")
    return [Perimetre("departement", d) for d in departements] + [
        Perimetre("site", s) for s in sites
    ]


def a_des_rapports(user) -> bool:
    return (
        postes_redaction(user).exists()
        or comptes_rendus_lisibles(user).exists()
        or bilans_lisibles(user).exists()
        or bool(perimetres_bilan(user))
        or any(
            objets_autorises(user, p, m).exists()
            for p, m in [
                ("intervenants.lire_rapports_site", Site),
                ("intervenants.lire_rapports_employeur", Employeur),
                ("intervenants.lire_rapports_departement", Departement),
                ("intervenants.lire_rapports_publies_site", Site),
                ("intervenants.lire_bilans_cdp_departement", Departement),
            ]
        )
    )
