import datetime
import random

import pytest
from django.conf import settings
from hypothesis.configuration import set_hypothesis_home_dir

from accueil.choix import (
    EtatSaisine,
    IssueOrientation,
    ModeEntretien,
    NatureTransmission,
    OrigineSaisine,
    OuiNonInconnu,
    Problematique,
    Sexe,
    StatutAffaire,
    TrancheAge,
    TypeActe,
    TypePartenaire,
)
from tests.accueil.factories import (
    ActeFactory,
    EntretienFactory,
    OrientationFactory,
    PersonneFactory,
    SaisineFactory,
    SituationFactory,
    TransmissionFactory,
)

# Hypothesis writes a cache; a `.hypothesis` folder at the project root would break
# collection (pytest's norecursedirs replaces its defaults), so keep it under var/.
set_hypothesis_home_dir(settings.VAR_DIR / "hypothesis")

NOMS_SENSIBLES = ["Kerbrat", "Abgrall", "Quéméneur", "Le Floch", "Tanguy", "Goasdoué"]


def generer_activite(monde, *, graine=7, nombre=40, annee=2025):
    """Random but reproducible activity on both posts of ``monde``, over two years."""
    hasard = random.Random(graine)
    # The fields of issue 19 drawn apart, so that the other draws stay what they were.
    hasard_19 = random.Random(graine + 19)
    auteur = monde["intervenante"]
    personnes = []
    for k in range(nombre):
        poste = monde.poste if k % 4 else monde.poste_autre
        nom = NOMS_SENSIBLES[k % len(NOMS_SENSIBLES)] + ("" if k < 6 else f"{k}")
        personne = PersonneFactory(poste=poste, nom=nom, prenom=f"Prénom{k}x")
        personnes.append(personne)
        for _ in range(hasard.choice([1, 1, 2])):
            ouverture = datetime.date(annee - hasard.choice([0, 0, 1]), hasard.randint(1, 12), 1)
            ouverture += datetime.timedelta(days=hasard.randint(0, 27))
            principale = hasard.choice(Problematique.values)
            situation = SituationFactory(
                personne=personne,
                date_ouverture=ouverture,
                statut_affaire=hasard.choice(StatutAffaire.values),
                problematique_principale=principale,
                problematiques=sorted(
                    {principale, *hasard.sample(Problematique.values, hasard.randint(0, 2))}
                ),
                sexe=hasard.choice(Sexe.values),
                tranche_age=hasard.choice(TrancheAge.values),
                mineur=hasard.choice([True, False, None]),
                connu_service_social=hasard_19.choice(OuiNonInconnu.values),
                enfants_au_foyer=hasard_19.choice([None, 0, 1, 2]),
                date_cloture=(
                    ouverture + datetime.timedelta(days=hasard_19.choice([0, 20, 60, 200, 400]))
                    if hasard_19.random() < 0.5
                    else None
                ),
            )
            SaisineFactory(
                situation=situation,
                origine=hasard.choice(OrigineSaisine.values),
                date_saisine=ouverture - datetime.timedelta(days=hasard.randint(0, 5)),
                site=hasard_19.choice(list(poste.sites.order_by("pk"))),
                etat=hasard_19.choice(EtatSaisine.values),
            )
            if hasard_19.random() < 0.25:  # the same person referred again
                SaisineFactory(
                    situation=situation,
                    origine=OrigineSaisine.POLICIER_INTERVENTION,
                    date_saisine=ouverture + datetime.timedelta(days=hasard_19.randint(1, 60)),
                    site=hasard_19.choice(list(poste.sites.order_by("pk"))),
                )
            for _ in range(hasard.randint(0, 3)):
                EntretienFactory(
                    situation=situation,
                    auteur=auteur,
                    mode=hasard.choice(ModeEntretien.values),
                    date=ouverture + datetime.timedelta(days=hasard.randint(0, 40)),
                )
            for _ in range(hasard.randint(0, 2)):
                ActeFactory(
                    situation=situation,
                    auteur=auteur,
                    type=hasard.choice(TypeActe.values),
                    date=ouverture + datetime.timedelta(days=hasard.randint(0, 20)),
                )
            if hasard.random() < 0.5:
                OrientationFactory(
                    situation=situation,
                    auteur=auteur,
                    type_partenaire=hasard.choice(TypePartenaire.values),
                    issue=hasard.choice(["", *IssueOrientation.values]),
                    date=ouverture + datetime.timedelta(days=hasard.randint(0, 20)),
                )
            if hasard.random() < 0.2:
                nature = hasard.choice(NatureTransmission.values)
                TransmissionFactory(
                    situation=situation,
                    auteur=auteur,
                    nature=nature,
                    copie_crip=True,
                    date=ouverture + datetime.timedelta(days=3),
                )
    return personnes


@pytest.fixture
def activite(monde):
    return generer_activite(monde)
