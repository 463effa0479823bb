import datetime

import pytest
from django.core.exceptions import ValidationError

from accueil import services
from accueil.models import Acte, Entretien
from tests.accueil.factories import AdhesionFactory, SituationFactory

pytestmark = pytest.mark.django_db
JOUR = datetime.date(2026, 10, 5)


@pytest.fixture
def situation_close(monde):
    situation = SituationFactory(
        personne__poste=monde.poste, date_ouverture=JOUR, date_cloture=datetime.date(2026, 10, 20)
    )
    AdhesionFactory(situation=situation, date_recueil=JOUR)
    return situation


def test_pas_d_entretien_sur_une_situation_close(monde, situation_close):
    with pytest.raises(ValidationError, match="rouvrez-la"):
        services.enregistrer_entretien(
            auteur=monde["intervenante"],
            situation=situation_close,
            date=JOUR,
            mode="physique",
            duree_minutes=30,
            adhesion=True,
            notes="",
        )
    assert not Entretien.objects.exists()


def test_pas_d_acte_sur_une_situation_close_mais_apres_reouverture_oui(monde, situation_close):
    with pytest.raises(ValidationError):
        services.enregistrer_acte(
            auteur=monde["intervenante"], situation=situation_close, date=JOUR, type="ecoute"
        )
    services.rouvrir_situation(auteur=monde["intervenante"], situation=situation_close)
    services.enregistrer_acte(
        auteur=monde["intervenante"], situation=situation_close, date=JOUR, type="ecoute"
    )
    assert Acte.objects.count() == 1


def test_la_copie_a_la_crip_ne_precede_pas_le_signalement(monde):
    situation = SituationFactory(personne__poste=monde.poste, date_ouverture=JOUR)
    with pytest.raises(ValidationError) as erreur:
        services.enregistrer_transmission(
            auteur=monde["intervenante"],
            situation=situation,
            nature="signalement_procureur",
            fondement="cp_223_6",
            destinataire="Procureur de la République",
            date=datetime.date(2026, 10, 10),
            resume="Danger grave et immédiat.",
            copie_crip=True,
            date_copie_crip=datetime.date(2026, 10, 9),
            personne_informee=True,
            motif_non_information="",
        )
    assert erreur.value.message_dict["date_copie_crip"] == [
        "La copie à la CRIP ne peut précéder le signalement."
    ]
