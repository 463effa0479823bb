import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PANNEAUX = {
    "intervenante": "Mon activité d'intervenant·e social·e",
    "agent": "Orienter une personne vers l'intervenant·e social·e",
    "chef": "Autorité fonctionnelle",
    "employeur": "Employeur",
    "coordinateur": "Coordination départementale",
    "clspd": "Conseil local de sécurité et de prévention de la délinquance",
    "cdp": "Conseil départemental de prévention de la délinquance",
    "admin": "Administration technique",
}


@pytest.mark.parametrize("persona, titre", PANNEAUX.items())
def test_chaque_role_voit_son_panneau_et_pas_ceux_des_autres(client_de, persona, titre):
    page = client_de(persona).get(reverse("espace:espace")).content.decode()
    assert titre in page
    autres = [t for p, t in PANNEAUX.items() if p != persona and t != titre]
    assert [t for t in autres if f">{t}<" in page] == []


def test_compte_sans_affectation_est_prevenu(client_de):
    page = client_de("sans_role").get(reverse("espace:espace")).content.decode()
    assert "aucune affectation en cours" in page


def test_page_d_accueil_en_francais_avec_lien_d_evitement(client_de):
    page = client_de("chef").get(reverse("espace:espace")).content.decode()
    assert '<html lang="fr">' in page
    assert 'href="#contenu"' in page
