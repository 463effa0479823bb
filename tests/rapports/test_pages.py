"""Every page, CSV and PDF that chef, employeur, coordinateur, CLSPD and CDP reach carries no
person's name; dashboards are suppressed and keep a fixed number of queries."""

import datetime
import re

import pytest
from django.urls import reverse

from accueil.models import Personne
from intervenants.models import Departement, Poste, Site
from rapports import services
from rapports.statistiques import Perimetre
from tests.rapports.conftest import NOMS_SENSIBLES
from tests.rapports.test_workflow import texte_pdf

LECTEURS = ["chef", "employeur", "coordinateur", "clspd", "cdp"]


@pytest.fixture
def rapports_publies(monde, activite):
    bilan = services.creer_bilan(
        auteur=monde["chef"], perimetre=Perimetre("site", monde.commissariat), annee=2025
    )
    bilan = services.modifier_textes(
        auteur=monde["chef"],
        rapport=bilan,
        version=bilan.version,
        textes={"texte_impact": "Bonne coopération.", "pour_cdp": True},
    )
    services.ecrire_evaluation(
        auteur=monde["chef"],
        bilan=bilan,
        version=bilan.version,
        texte="Une intervenante identifiée par les équipes, sollicitée chaque semaine.",
    )
    services.valider_rapport(auteur=monde["chef"], rapport=bilan)
    services.transmettre_rapport(auteur=monde["chef"], rapport=bilan)
    compte_rendu = services.creer_compte_rendu(
        auteur=monde["intervenante"], poste=monde.poste, annee=2025, trimestre=2
    )
    services.valider_rapport(auteur=monde["intervenante"], rapport=compte_rendu)
    services.transmettre_rapport(auteur=monde["intervenante"], rapport=compte_rendu)
    return bilan, compte_rendu


def _urls(monde, bilan, compte_rendu):
    perimetres = [
        f"poste-{monde.poste.pk}",
        f"site-{monde.commissariat.pk}",
        f"employeur-{monde.employeur.pk}",
        f"departement-{monde.departement.pk}",
    ]
    urls = [reverse("espace:espace"), reverse("rapports:liste")]
    for p in perimetres:
        urls.append(reverse("rapports:tableau_de_bord") + f"?perimetre={p}&annee=2025")
        for cle in [
            "origines",
            "problematiques",
            "tranches_age",
            "situations_par_mois",
            "indicateurs",
        ]:
            urls.append(reverse("rapports:export_csv", kwargs={"cle": cle}) + f"?perimetre={p}")
    urls.append(reverse("rapports:grille_nationale") + "?annee=2025")
    for nom in ["bilan_detail", "bilan_pdf"]:
        urls.append(reverse(f"rapports:{nom}", kwargs={"pk": bilan.pk}))
    for nom in ["compte_rendu_detail", "compte_rendu_pdf"]:
        urls.append(reverse(f"rapports:{nom}", kwargs={"pk": compte_rendu.pk}))
    return urls


@pytest.mark.parametrize("persona", LECTEURS)
def test_aucun_nom_dans_ce_que_lisent_les_lecteurs(persona, monde, rapports_publies, client_de):
    client = client_de(persona)
    noms = {n for p in Personne.objects.all() for n in (p.nom, p.prenom) if len(n) >= 3}
    noms |= set(NOMS_SENSIBLES)
    # Place names are public and printed (a site's commune on the cover, the referrals by
    # site): a random commune can be a surname ("Tanguy"), which is no leak.
    lieux = " ".join(
        [f"{s.nom} {s.commune}" for s in Site.objects.all()]
        + [p.intitule for p in Poste.objects.all()]
        + [d.nom for d in Departement.objects.all()]
    )
    noms = {n for n in noms if n not in lieux}
    lus = 0
    for url in _urls(monde, *rapports_publies):
        reponse = client.get(url)
        if reponse.status_code != 200:
            continue
        lus += 1
        if reponse["Content-Type"] == "application/pdf":
            texte = texte_pdf(reponse.content)
        else:
            texte = reponse.content.decode("utf-8")
        trouves = [n for n in noms if n in texte]
        assert trouves == [], (url, trouves)
    assert lus >= 3


def test_tableau_de_bord_du_chef_masque_les_petits_effectifs(monde, activite, client_de):
    reponse = client_de("chef").get(reverse("rapports:tableau_de_bord") + "?annee=2025")
    contenu = reponse.content.decode()
    assert ">masqué<" in contenu
    assert "&lt; 11" not in contenu  # one label for every hidden cell
    # The charts: HTML bars, a masked cell a hatched stub reading « masqué », never a bar.
    assert 'class="graphique"' in contenu
    assert '<span class="barre barre-masquee"></span><span class="barre-valeur masque">masqué' in (
        contenu
    )
    assert "<script>" not in contenu.split("bootstrap.bundle")[0]


def test_csv_masque_a_onze_avec_bom_et_point_virgule(monde, activite, client_de):
    url = reverse("rapports:export_csv", kwargs={"cle": "origines"})
    reponse = client_de("coordinateur").get(url + "?annee=2025")
    assert reponse.content.startswith("\ufeff".encode())
    texte = reponse.content.decode("utf-8-sig")
    assert ";" in texte.splitlines()[4]
    assert ";masqué;" in texte
    assert "< 11" not in texte and "< 5" not in texte


def test_grille_nationale_une_ligne_par_poste(monde, activite, client_de):
    reponse = client_de("coordinateur").get(reverse("rapports:grille_nationale") + "?annee=2025")
    lignes = reponse.content.decode("utf-8-sig").splitlines()
    assert lignes[0].startswith("annee;departement;poste;")
    assert len(lignes) == 1 + 2


def test_selecteur_de_periode_erreur_en_francais(monde, client_de):
    url = reverse("rapports:tableau_de_bord")
    reponse = client_de("intervenante").get(url + "?nature=plage&debut=2025-05-01&fin=2025-04-01")
    assert "La date de fin précède la date de début." in reponse.content.decode()


@pytest.mark.parametrize("persona", ["chef", "coordinateur", "intervenante"])
def test_tableau_de_bord_nombre_de_requetes_borne(
    persona, monde, activite, client_de, django_assert_max_num_queries
):
    client = client_de(persona)
    with django_assert_max_num_queries(70):
        client.get(reverse("rapports:tableau_de_bord") + "?annee=2025")


def test_un_telechargement_de_chiffres_ne_reste_dans_aucun_cache(monde, activite, client_de):
    url = reverse("rapports:export_csv", kwargs={"cle": "origines"})
    reponse = client_de("coordinateur").get(url + "?annee=2025")
    assert reponse["Cache-Control"] == "private, no-store"
    assert reponse["Content-Disposition"].startswith("attachment;")


def test_csv_des_chiffres_cles(monde, activite, client_de):
    url = reverse("rapports:export_csv", kwargs={"cle": "indicateurs"})
    texte = client_de("chef").get(url + "?annee=2025").content.decode("utf-8-sig")
    assert "personnes rencontrées;" in texte


def test_le_rendu_en_cache_suit_chaque_chiffre_et_chaque_lecteur(monde, client_de):
    """The rendered figures are cached by their content (issue 18): an interview recorded is
    on the worker's next page, and two readers of different scopes never share a render."""
    from tests.accueil.factories import EntretienFactory, PersonneFactory, SituationFactory

    jour = datetime.date.today()
    situation = SituationFactory(personne=PersonneFactory(poste=monde.poste), date_ouverture=jour)
    client = client_de("intervenante")
    url = reverse("rapports:tableau_de_bord")
    parametres = {"perimetre": f"poste-{monde.poste.pk}", "nature": "annee", "annee": jour.year}

    def entretiens(reponse) -> str:
        for indicateur in reponse.context["s"]["indicateurs"]:
            if indicateur["code"] == "entretiens":
                return indicateur["cellules"][0]["texte"]
        raise AssertionError("pas d'indicateur « entretiens »")

    avant = client.get(url, parametres)
    EntretienFactory(situation=situation, auteur=monde["intervenante"], date=jour)
    apres = client.get(url, parametres)
    assert int(entretiens(apres)) == int(entretiens(avant)) + 1

    # What the page shows is the new figure, not the render of the first visit.
    def tuile(reponse) -> str:
        trouve = re.search(
            r'tuile-valeur[^"]*">([^<]*)</span>\s*<span class="tuile-libelle">Entretiens<',
            reponse.content.decode(),
        )
        assert trouve, "pas de tuile « Entretiens »"
        return trouve.group(1)

    assert tuile(avant) == entretiens(avant)
    assert tuile(apres) == entretiens(apres)

    # Another reader, another scope: its own figures, whatever was cached before.
    chef = client_de("chef").get(url, {"perimetre": f"site-{monde.commissariat.pk}"})
    assert chef.status_code == 200
    assert chef.context["s"]["perimetre"] != apres.context["s"]["perimetre"]
    assert chef.context["s"]["perimetre"] in chef.content.decode()


def _selecteur(reponse) -> str:
    html = reponse.content.decode()
    debut = html.index('<section class="choix-periode')
    return html[debut : html.index("</section>", debut)]


def test_le_selecteur_de_periode_en_cache_est_celui_de_chaque_lecteur(monde, client_de):
    """The selector is rendered once per set of fields, choices and values (issue 18): what
    a reader gets is what the form renders for him, and another reader's scopes, a later
    choice or a form in error never come back from the cache."""
    from django.core.cache import cache
    from django.template.loader import render_to_string

    from rapports.forms import PeriodeForm
    from rapports.selectors import perimetres_statistiques

    cache.clear()
    url = reverse("rapports:tableau_de_bord")
    parametres = {"perimetre": f"site-{monde.commissariat.pk}", "nature": "annee", "annee": 2025}
    premiere = client_de("chef").get(url, parametres)
    seconde = client_de("chef").get(url, parametres)  # from the cache
    perimetres = perimetres_statistiques(monde["chef"])
    form = PeriodeForm(parametres, perimetres=perimetres, externe=True)
    frais = render_to_string("rapports/_choix_periode.html", {"form": form})
    assert _selecteur(premiere) == _selecteur(seconde)
    assert frais.strip() in _selecteur(seconde)
    assert 'value="2025" selected' in _selecteur(seconde)
    # Another year chosen: another entry, not the first one.
    autre = client_de("chef").get(url, parametres | {"annee": 2024})
    assert 'value="2024" selected' in _selecteur(autre)
    # The coordinator's scopes are his own, whatever the chief's render left in the cache.
    coordinateur = _selecteur(client_de("coordinateur").get(url))
    assert f"departement-{monde.departement.pk}" in coordinateur
    assert f"site-{monde.commissariat.pk}" not in coordinateur
    assert f"site-{monde.commissariat.pk}" in _selecteur(premiere)
    # Same request, no values at all: only the scopes offered tell the two renders apart.
    intervenante = _selecteur(client_de("intervenante").get(url))
    assert f"poste-{monde.poste.pk}" in intervenante
    assert f"departement-{monde.departement.pk}" not in intervenante


def test_un_selecteur_en_erreur_n_entre_pas_dans_le_cache(monde, client_de):
    from django.core.cache import cache

    from tests.conftest import contenu_du_cache

    cache.clear()
    url = reverse("rapports:tableau_de_bord")
    reponse = client_de("intervenante").get(
        url, {"nature": "plage", "debut": "2031-05-17", "fin": "2031-04-02"}
    )
    assert "La date de fin précède la date de début." in reponse.content.decode()
    assert 'value="2031-05-17"' in _selecteur(reponse)  # the input kept
    # (The figures' fragment keeps its CSV link, which names the period asked; the selector,
    # with its error and the dates typed in its fields, is not kept.)
    gardes = contenu_du_cache()
    assert gardes
    assert all("précède la date de début" not in valeur for valeur in gardes)
    assert all('value="2031-05-17"' not in valeur for valeur in gardes)
