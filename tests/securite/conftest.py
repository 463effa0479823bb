"""Confidential records with unmistakable values, to look for them where they must not be."""

import datetime

import pytest

from accueil.choix import NatureTransmission, Problematique
from tests.accueil.factories import (
    ActeFactory,
    AdhesionFactory,
    EntretienFactory,
    OrientationFactory,
    PartenaireFactory,
    PersonneFactory,
    SaisineFactory,
    SituationFactory,
    TransmissionFactory,
)


class Secrets:
    def __init__(self):
        self.par_poste = {}

    def ajouter(self, poste, *valeurs):
        self.par_poste.setdefault(poste.pk, set()).update(valeurs)

    def de(self, *postes):
        return set().union(*(self.par_poste.get(p.pk, set()) for p in postes))


def _dossier(monde, poste, site, suffixe, secrets):
    nom, prenom = f"Quasimodo{suffixe}", f"Zébulonne{suffixe}"
    telephone = f"06 98 76 54 3{suffixe}"
    note = f"NOTE-CONFIDENTIELLE-{suffixe} madame décrit des coups"
    resume = f"RESUME-TRANSMISSION-{suffixe}"
    motif = f"MOTIF-SAISINE-{suffixe}"
    personne = PersonneFactory(poste=poste, nom=nom, prenom=prenom, telephone=telephone)
    situation = SituationFactory(
        personne=personne,
        date_ouverture=datetime.date(2026, 10, 1),
        enfants_au_foyer=2,
        problematiques=[Problematique.VC_PHYSIQUES, Problematique.ENFANT_EXPOSE],
    )
    situation.sites.add(site)
    SaisineFactory(situation=situation, site=site, agent=monde["agent"], motif=motif)
    AdhesionFactory(situation=situation, recueillie_par=monde["intervenante"])
    EntretienFactory(situation=situation, notes=note, auteur=monde["intervenante"])
    ActeFactory(situation=situation, auteur=monde["intervenante"])
    OrientationFactory(
        situation=situation,
        partenaire=PartenaireFactory(departement=monde.departement),
        auteur=monde["intervenante"],
    )
    TransmissionFactory(
        situation=situation,
        nature=NatureTransmission.SECRET_PARTAGE,
        resume=resume,
        auteur=monde["intervenante"],
    )
    # A referral still waiting in the inbox, with the identity the officer declared.
    SaisineFactory(
        situation=None,
        poste=poste,
        site=site,
        agent=monde["agent"],
        date_saisine=datetime.date(2026, 11, 2),
        nom_declare=f"Declaree{suffixe}",
        prenom_declare=f"Hortensia{suffixe}",
        telephone_declare=f"07 11 22 33 4{suffixe}",
        motif=f"MOTIF-AGENT-{suffixe}",
    )
    # Two lines of a relevé des mains courantes: one waiting, one classée sans suite.
    SaisineFactory(
        situation=None,
        poste=poste,
        site=site,
        origine="main_courante",
        date_saisine=datetime.date(2026, 11, 3),
        etat="recue",
        reference_main_courante=f"MCREF-{suffixe}/2026",
        nom_declare=f"Relevee{suffixe}",
        motif=f"MOTIF-RELEVE-{suffixe}",
    )
    SaisineFactory(
        situation=None,
        poste=poste,
        site=site,
        origine="main_courante",
        date_saisine=datetime.date(2026, 11, 3),
        etat="sans_suite",
        reference_main_courante=f"MCSANS-{suffixe}/2026",
        motif_sans_suite="autre",
        precision_sans_suite=f"PRECISION-SANS-SUITE-{suffixe}",
        motif=f"MOTIF-SANS-SUITE-{suffixe}",
    )
    secrets.ajouter(
        poste,
        f"MCREF-{suffixe}/2026",
        f"Relevee{suffixe}",
        f"MOTIF-RELEVE-{suffixe}",
        f"MCSANS-{suffixe}/2026",
        f"PRECISION-SANS-SUITE-{suffixe}",
        f"MOTIF-SANS-SUITE-{suffixe}",
    )
    secrets.ajouter(
        poste,
        nom,
        prenom,
        telephone,
        telephone.replace(" ", ""),
        note,
        resume,
        motif,
        f"Declaree{suffixe}",
        f"Hortensia{suffixe}",
        f"MOTIF-AGENT-{suffixe}",
    )


@pytest.fixture
def secrets(monde):
    s = Secrets()
    _dossier(monde, monde.poste, monde.commissariat, "1", s)
    _dossier(monde, monde.poste, monde.brigade_1, "2", s)
    _dossier(monde, monde.poste_autre, monde.commissariat_autre, "3", s)
    return s
