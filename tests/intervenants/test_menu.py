"""The navigation rendered once per set of roles (intervenants/templatetags/menu.py, issue 18):
each reader sees the menu of its own roles whatever was rendered before it, and the kept
renders hold no name."""

from django.core.cache import cache
from django.urls import reverse

from tests.conftest import contenu_du_cache

ACCUEIL = reverse("espace:espace")
SITUATIONS = f'href="{reverse("accueil:dossiers")}"'
ORIENTER = f'href="{reverse("accueil:orienter")}"'
UNITE = f'href="{reverse("accueil:saisines_unite")}"'
RECHERCHE = f'action="{reverse("accueil:recherche")}"'


def test_chacun_son_menu_quel_que_soit_l_ordre_des_visites(monde, client_de):
    cache.clear()
    attendus = {
        "intervenante": {SITUATIONS, RECHERCHE},
        "agent": {ORIENTER},
        "chef": {UNITE},
        "employeur": set(),
    }
    # Twice round: the second time every menu comes from the cache.
    for _ in range(2):
        for persona, liens in attendus.items():
            page = client_de(persona).get(ACCUEIL).content.decode()
            for lien in {SITUATIONS, ORIENTER, UNITE, RECHERCHE}:
                assert (lien in page) == (lien in liens), (persona, lien)


def test_aucun_nom_dans_les_menus_gardes(monde, client_de):
    cache.clear()
    for persona in ("intervenante", "agent", "chef"):
        client_de(persona).get(ACCUEIL)
    gardes = contenu_du_cache()
    assert gardes
    for persona in ("intervenante", "agent", "chef"):
        user = monde[persona]
        for nom in {user.username, user.last_name, user.get_full_name()} - {""}:
            assert all(nom not in valeur for valeur in gardes), nom
    assert all("csrfmiddlewaretoken" not in valeur for valeur in gardes)
