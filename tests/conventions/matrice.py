"""Role × URL rows of the conventions area (see tests/matrice.py)."""

from tests.conventions.factories import PDF_MINIMAL, ConventionFactory, FinancementFactory
from tests.matrice import OK, Ligne, connectes

NON_TROUVE = 404
INTERDIT = 403

# Readers of some convention: the workers, the functional authority, the employer, the
# coordinator. Everybody else, the administrator included, gets a 404.
LECTEURS = {
    "intervenante": OK,
    "intervenante_binome": OK,
    "intervenant_autre": OK,
    "chef": OK,
    "employeur": OK,
    "coordinateur": OK,
}
# A convention of the persona employer covering post P1 (commissariat + two brigades).
LECTEURS_DE_LA_CONVENTION = {
    "intervenante": OK,
    "intervenante_binome": OK,
    "chef": OK,
    "employeur": OK,
    "coordinateur": OK,
}
# Its forms: employer and coordinator write; its other readers see a 403, the rest a 404.
REDACTEURS_DE_LA_CONVENTION = {
    "intervenante": INTERDIT,
    "intervenante_binome": INTERDIT,
    "chef": INTERDIT,
    "employeur": OK,
    "coordinateur": OK,
}


def _convention(monde):
    """With a party and funding lines: pages that submit its lines have some to lose."""
    from conventions.models import PartieConvention, RolePartie

    convention = ConventionFactory(employeur=monde.employeur, postes=[monde.poste])
    PartieConvention.objects.create(convention=convention, role=RolePartie.PREFET, nom="Préfet")
    FinancementFactory(convention=convention, annee=2024)
    FinancementFactory(convention=convention, annee=2025, financeur="commune_epci")
    return {"pk": convention.pk}


def _document(monde):
    from django.contrib.auth import get_user_model

    from conventions.models import DocumentConvention, TypeDocument

    convention = ConventionFactory(employeur=monde.employeur, postes=[monde.poste])
    document = DocumentConvention(
        convention=convention,
        type=TypeDocument.CONVENTION_SIGNEE,
        titre="Convention signée",
        taille=len(PDF_MINIMAL),
        contenu=PDF_MINIMAL,
        depose_par=get_user_model().objects.get(username="employeur"),
    )
    document.save()
    return {"pk": document.pk}


LIGNES = {
    "conventions:liste": Ligne(connectes(NON_TROUVE, **LECTEURS)),
    "conventions:export_conventions": Ligne(connectes(NON_TROUVE, **LECTEURS)),
    "conventions:financements": Ligne(connectes(NON_TROUVE, **LECTEURS)),
    "conventions:export_financements": Ligne(connectes(NON_TROUVE, **LECTEURS)),
    "conventions:echeances": Ligne(connectes(NON_TROUVE, **LECTEURS)),
    "conventions:creer": Ligne(connectes(NON_TROUVE, employeur=OK, coordinateur=OK)),
    "conventions:detail": Ligne(
        connectes(NON_TROUVE, **LECTEURS_DE_LA_CONVENTION), kwargs=_convention
    ),
    "conventions:fiche_pdf": Ligne(
        connectes(NON_TROUVE, **LECTEURS_DE_LA_CONVENTION), kwargs=_convention
    ),
    "conventions:telecharger_document": Ligne(
        connectes(NON_TROUVE, **LECTEURS_DE_LA_CONVENTION), kwargs=_document
    ),
    "conventions:modifier": Ligne(
        connectes(NON_TROUVE, **REDACTEURS_DE_LA_CONVENTION), kwargs=_convention
    ),
    "conventions:avenant": Ligne(
        connectes(NON_TROUVE, **REDACTEURS_DE_LA_CONVENTION), kwargs=_convention
    ),
    "conventions:document": Ligne(
        connectes(NON_TROUVE, **REDACTEURS_DE_LA_CONVENTION), kwargs=_convention
    ),
    "conventions:reunion": Ligne(
        connectes(NON_TROUVE, **REDACTEURS_DE_LA_CONVENTION), kwargs=_convention
    ),
}
