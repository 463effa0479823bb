"""Absurd dates on a convention: refused beside the field, refused by the model and the
database, and survived by every computation when a row holds one anyway (issue 12, item 4).

The attack: ``date_fin = 9999-12-31`` was accepted; the convention page, its PDF sheet and
the deadlines calendar of every reader then answered 500 (``year 10000 is out of range``).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from conventions.echeances import TypeObligation, calendrier, obligations_a_venir
from conventions.models import Avenant, Convention, Financement, ReunionComite
from tests.conventions.factories import FinancementFactory
from tests.navigateur import formulaire

pytestmark = pytest.mark.django_db
J = datetime.date
HORS_PLAGE = "Saisissez une date entre le 01/01/2000 et le 31/12/"


def _modifier(client, convention, **champs):
    url = reverse("conventions:modifier", args=[convention.pk])
    donnees = formulaire(client.get(url)) | {k: [v] for k, v in champs.items()}
    return client.post(url, donnees)


@pytest.mark.parametrize(
    "champs",
    [
        {"date_fin": "9999-12-31"},
        {"date_debut": "9999-01-01", "date_fin": ""},
        {"date_debut": "0001-01-01"},
        {"date_signature": "0001-01-01"},
        {"date_resiliation": "9999-12-31"},
    ],
    ids=["fin-9999", "debut-9999-sans-fin", "debut-0001", "signature-0001", "resiliation-9999"],
)
def test_date_absurde_refusee_a_cote_du_champ_saisie_gardee(client_de, convention, champs):
    reponse = _modifier(client_de("employeur"), convention, **champs)
    assert reponse.status_code == 200
    champ, valeur = next((k, v) for k, v in champs.items() if v)
    assert reponse.context["form"].errors[champ][0].startswith(HORS_PLAGE)
    assert f'value="{valeur}"' in reponse.content.decode()
    assert Convention.objects.get(pk=convention.pk).date_fin == J(2026, 12, 31)


def test_avenant_et_reunion_refusent_l_an_9999(client_de, convention):
    client = client_de("employeur")
    avenant = client.post(
        reverse("conventions:avenant", args=[convention.pk]),
        {
            "date_signature": "2025-01-10",
            "objet": "Prolongation",
            "modifications": "Jusqu'à la fin des temps.",
            "nouvelle_date_fin": "9999-12-31",
        },
    )
    reunion = client.post(
        reverse("conventions:reunion", args=[convention.pk]), {"date": "9999-06-01"}
    )
    assert avenant.context["form"].errors["nouvelle_date_fin"][0].startswith(HORS_PLAGE)
    assert reunion.context["form"].errors["date"][0].startswith(HORS_PLAGE)
    assert not Avenant.objects.exists() and not ReunionComite.objects.exists()


def test_le_modele_refuse_une_date_absurde(convention):
    convention.date_fin = J(9999, 12, 31)
    with pytest.raises(ValidationError) as erreur:
        convention.full_clean()
    assert "date_fin" in erreur.value.error_dict


@pytest.mark.parametrize(
    "modele, champ, valeur",
    [
        (Convention, "date_fin", J(9999, 12, 31)),
        (Convention, "date_debut", J(1, 1, 1)),
        (Financement, "annee", 9999),
    ],
)
def test_la_base_refuse_une_date_absurde(convention, modele, champ, valeur):
    FinancementFactory(convention=convention)
    with pytest.raises(IntegrityError), transaction.atomic():
        modele.objects.all().update(**{champ: valeur})


# --- A row that holds one anyway (stored before the constraints, restored from a dump) ---


@pytest.fixture
def convention_de_l_an_9999(convention):
    """The attack's row, written past the database's constraints (dropped for the test)."""
    with connection.cursor() as curseur:
        # Deferred foreign-key checks of the fixture's inserts first: ALTER TABLE needs none.
        curseur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        curseur.execute(
            "ALTER TABLE conventions_convention "
            "DROP CONSTRAINT IF EXISTS convention_dates_plausibles"
        )
    Convention.objects.filter(pk=convention.pk).update(
        date_debut=J(9999, 1, 1), date_fin=J(9999, 12, 31)
    )
    convention.refresh_from_db()
    return convention


def test_le_calendrier_survit_a_toute_date_et_reste_borne():
    for debut, fin in [
        (J(9999, 1, 1), J(9999, 12, 31)),
        (J(2024, 1, 1), J(9999, 12, 31)),
        (J(1, 1, 1), J(1, 12, 31)),
        (J(1, 1, 1), J(9999, 12, 31)),
    ]:
        convention = Convention(
            titre="x", date_signature=J(2020, 1, 1), date_debut=debut, date_fin=fin
        )
        obligations = calendrier(convention)
        trimestriels = [o for o in obligations if o.type == TypeObligation.COMPTE_RENDU_TRIMESTRIEL]
        assert len(trimestriels) <= 4 * (2100 - 2000 + 1)


@pytest.mark.parametrize("persona", ["employeur", "coordinateur", "chef", "intervenante"])
def test_les_pages_d_un_lecteur_survivent_a_la_convention_de_l_an_9999(
    client_de, convention_de_l_an_9999, persona
):
    client = client_de(persona)
    pk = convention_de_l_an_9999.pk
    for url in [
        reverse("conventions:detail", args=[pk]),
        reverse("conventions:fiche_pdf", args=[pk]),
        reverse("conventions:echeances"),
        reverse("conventions:liste"),
        reverse("conventions:financements"),
        reverse("espace:espace"),
    ]:
        assert client.get(url).status_code == 200, url


def test_la_convention_de_l_an_9999_se_corrige_par_son_formulaire(
    client_de, convention_de_l_an_9999
):
    client = client_de("employeur")
    refus = _modifier(client, convention_de_l_an_9999)
    assert refus.context["form"].errors["date_fin"][0].startswith(HORS_PLAGE)
    correction = _modifier(client, convention_de_l_an_9999, date_debut="2024-01-01", date_fin="")
    assert correction.status_code == 302
    convention_de_l_an_9999.refresh_from_db()
    assert convention_de_l_an_9999.date_fin == J(2026, 12, 31)


def test_les_obligations_a_venir_d_une_convention_sans_fin_raisonnable(convention_de_l_an_9999):
    assert isinstance(obligations_a_venir([convention_de_l_an_9999], mois=12), list)
