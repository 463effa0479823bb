"""Role × URL rows of the confidential side.

Worker pages: the two workers of the shared post see them; everyone else gets a 404 —
including the worker of another post on an object of this post, and the administrator.
"""

from tests.accueil.factories import (
    EntretienFactory,
    OrientationFactory,
    PartenaireFactory,
    PieceJointeFactory,
    RappelFactory,
    RendezVousFactory,
    RequisitionFactory,
    SaisineFactory,
    SituationAnonymeFactory,
    TransmissionFactory,
)
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
    # The navigation bar's search (issue 16, item 5): the workers' only.
    "accueil:recherche": Ligne(PAGES_INTERVENANT),
    "accueil:boite": Ligne(PAGES_INTERVENANT),
    "accueil:saisine_creer": Ligne(PAGES_INTERVENANT),
    # Relevé des mains courantes: the unit list holds only the worker's own sites.
    "accueil:releve": Ligne(PAGES_INTERVENANT),
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
    # The referent of a situation (issue 16, item 9), among the workers of its post.
    "accueil:situation_referent": Ligne(OBJET_DU_POSTE, kwargs=_situation),
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


# The agenda (issue 16, item 1): the week of any worker; appointments and call-backs of P1.


def _rendez_vous(monde):
    situation = _situation(monde)["pk"]
    rendez_vous = RendezVousFactory(situation_id=situation, intervenant=monde["intervenante"])
    return {"pk": rendez_vous.pk}


def _rappel(monde):
    situation = _situation(monde)["pk"]
    return {"pk": RappelFactory(situation_id=situation, intervenant=monde["intervenante"]).pk}


# POST-only actions go back to the page they came from, the week by default.
APRES_ACTION = {
    k: (Redirection("accueil:agenda") if v == OK else v) for k, v in OBJET_DU_POSTE.items()
}

LIGNES |= {
    "accueil:agenda": Ligne(PAGES_INTERVENANT),
    "accueil:rendez_vous_creer": Ligne(OBJET_DU_POSTE, kwargs=_situation),
    "accueil:rappel_creer": Ligne(OBJET_DU_POSTE, kwargs=_situation),
    "accueil:rendez_vous_honorer": Ligne(OBJET_DU_POSTE, kwargs=_rendez_vous),
    "accueil:rendez_vous_manque": Ligne(APRES_ACTION, kwargs=_rendez_vous, methode="post"),
    "accueil:rendez_vous_annuler": Ligne(APRES_ACTION, kwargs=_rendez_vous, methode="post"),
    "accueil:rappel_fait": Ligne(APRES_ACTION, kwargs=_rappel, methode="post"),
}

# Anonymous contacts (issue 16, item 3): recorded and identified by the post's workers only.


def _situation_anonyme(monde):
    return {"pk": SituationAnonymeFactory(personne__poste=monde.poste).pk}


LIGNES |= {
    "accueil:contact_anonyme": Ligne(PAGES_INTERVENANT),
    "accueil:personne_identifier": Ligne(OBJET_DU_POSTE, kwargs=_situation_anonyme),
}

# Handover notes (issue 17, item 1): written and marked read by the post's workers only.
LIGNES |= {
    "accueil:passation_ecrire": Ligne(OBJET_DU_POSTE, kwargs=_situation),
    "accueil:passation_lue": Ligne(_poster(OBJET_DU_POSTE), kwargs=_situation, methode="post"),
}

# Attachments and generated letters (issue 17, items 2 and 3): the post's workers only.


def _piece(monde):
    situation = _situation(monde)["pk"]
    return {"pk": PieceJointeFactory(situation_id=situation, auteur=monde["intervenante"]).pk}


def _information_preoccupante(monde):
    situation = _situation(monde)["pk"]
    transmission = TransmissionFactory(
        situation_id=situation,
        nature="ip_crip",
        fondement="casf_l226_2_1",
        destinataire="CRIP du département",
        auteur=monde["intervenante"],
    )
    return {"pk": transmission.pk}


LIGNES |= {
    "accueil:piece_deposer": Ligne(OBJET_DU_POSTE, kwargs=_situation),
    "accueil:piece_telecharger": Ligne(OBJET_DU_POSTE, kwargs=_piece),
    "accueil:piece_supprimer": Ligne(OBJET_DU_POSTE, kwargs=_piece),
    "accueil:courrier_transmission": Ligne(OBJET_DU_POSTE, kwargs=_information_preoccupante),
    "accueil:attestation": Ligne(OBJET_DU_POSTE, kwargs=_situation),
}

# The directory of partners (issue 17, item 6): kept by the workers of the département's
# posts (P2 is in the same département: its directory is the same) and by the coordinator.
ANNUAIRE = connectes(404, intervenant_autre=OK, coordinateur=OK, **INTERVENANTS)
APRES_ANNUAIRE = {
    k: (Redirection("accueil:partenaires") if v == OK else v) for k, v in ANNUAIRE.items()
}


def _partenaire(monde):
    return {"pk": PartenaireFactory(departement=monde.departement).pk}


LIGNES |= {
    "accueil:partenaires": Ligne(ANNUAIRE),
    "accueil:partenaire_modifier": Ligne(ANNUAIRE, kwargs=_partenaire),
    "accueil:partenaire_desactiver": Ligne(APRES_ANNUAIRE, kwargs=_partenaire, methode="post"),
    "accueil:partenaire_reactiver": Ligne(APRES_ANNUAIRE, kwargs=_partenaire, methode="post"),
}

# The register of requisitions (issue 17, item 5): the post's workers only. The chief and
# the officer (the requiring side), the employer, the coordinator, the CLSPD: 404.


def _requisition(monde):
    return {"pk": RequisitionFactory(poste=monde.poste, auteur=monde["intervenante"]).pk}


LIGNES |= {
    "accueil:requisitions": Ligne(PAGES_INTERVENANT),
    "accueil:requisition_creer": Ligne(PAGES_INTERVENANT),
    "accueil:requisition_modifier": Ligne(OBJET_DU_POSTE, kwargs=_requisition),
}
