"""Role × URL rows of the confidential side.

Worker pages: the two workers of the shared post see them; everyone else gets a 404 —
including the worker of another post on an object of this post, and the administrator.
"""

from tests.accueil.factories import EntretienFactory, OrientationFactory, SaisineFactory
from tests.matrice import OK, Ligne, Redirection, connectes

INTERVENANTS = {"intervenante": OK, "intervenante_binome": OK}
# Pages of the worker role with no object: any worker reaches its own.
PAGES_INTERVENANT = connectes(404, intervenant_autre=OK, **INTERVENANTS)
# Pages on an object of post P1: the worker of P2 gets a 404 like everyone else.
OBJET_DU_POSTE = connectes(404, **INTERVENANTS)
APRES_POST = Redirection("accueil:situation")


def _situation(monde):
    saisine = SaisineFactory(
        situation__personne__poste=monde.poste,
        site=monde.commissariat,
        agent=monde["agent"],
    )
    return {"pk": saisine.situation_id}


def _saisine_a_qualifier(monde):
    saisine = SaisineFactory(
        situation=None, poste=monde.poste, site=monde.commissariat, date_saisine="2026-11-02"
    )
    return {"pk": saisine.pk}


def _entretien(monde):
    return {"pk": EntretienFactory(situation__personne__poste=monde.poste).pk}


def _orientation(monde):
    return {"pk": OrientationFactory(situation__personne__poste=monde.poste).pk}


def _poster(attendus_ok):
    """POST-only worker actions: 405 on GET is not tested here; POST redirects to the file."""
    return {k: (APRES_POST if v == OK else v) for k, v in attendus_ok.items()}


LIGNES = {
    "accueil:dossiers": Ligne(PAGES_INTERVENANT),
    "accueil:boite": Ligne(PAGES_INTERVENANT),
    "accueil:saisine_creer": Ligne(PAGES_INTERVENANT),
    # Relevé des mains courantes: the unit list holds only the worker's own sites.
    "accueil:releve": Ligne(PAGES_INTERVENANT),
    "accueil:partenaires": Ligne(PAGES_INTERVENANT),
    "accueil:saisine_qualifier": Ligne(OBJET_DU_POSTE, kwargs=_saisine_a_qualifier),
    "accueil:situation": Ligne(OBJET_DU_POSTE, kwargs=_situation),
    "accueil:situation_modifier": Ligne(OBJET_DU_POSTE, kwargs=_situation),
    "accueil:personne_modifier": Ligne(OBJET_DU_POSTE, kwargs=_situation),
    "accueil:entretien_creer": Ligne(OBJET_DU_POSTE, kwargs=_situation),
    "accueil:acte_creer": Ligne(OBJET_DU_POSTE, kwargs=_situation),
    "accueil:orientation_creer": Ligne(OBJET_DU_POSTE, kwargs=_situation),
    "accueil:transmission_creer": Ligne(OBJET_DU_POSTE, kwargs=_situation),
    "accueil:entretien_modifier": Ligne(OBJET_DU_POSTE, kwargs=_entretien),
    "accueil:orientation_issue": Ligne(OBJET_DU_POSTE, kwargs=_orientation),
    # A confirmation page: GET shows it, only a confirmed POST acts (issue 16, item 7).
    "accueil:situation_cloturer": Ligne(OBJET_DU_POSTE, kwargs=_situation),
    "accueil:situation_rouvrir": Ligne(_poster(OBJET_DU_POSTE), kwargs=_situation, methode="post"),
    # A confirmation page: GET shows it, only a confirmed POST acts (issue 16, item 7).
    "accueil:adhesion_retirer": Ligne(OBJET_DU_POSTE, kwargs=_situation),
    "accueil:orienter": Ligne(connectes(404, agent=OK)),
    "accueil:mes_saisines": Ligne(connectes(404, agent=OK)),
    "accueil:saisines_unite": Ligne(connectes(404, chef=OK)),
}

# Rights of the person (GDPR): access as a PDF, erasure on request — the post's workers only.
LIGNES |= {
    "accueil:personne_export": Ligne(OBJET_DU_POSTE, kwargs=_situation),
    "accueil:personne_effacer": Ligne(OBJET_DU_POSTE, kwargs=_situation),
}
