"""Time spent (issue 19): interviews that reached someone, by noted length, equal SQL
written by hand; no sum of minutes leaves the post.

The table « Durée des entretiens » counts interviews (not minutes) by band of their noted
length: a count of the interviews' population, which the cube of rapports/secret.py
protects like the interviews by mode (its rows make the headline « entretiens »). The
total of minutes is not published outside the post: the case that would leak is tested
below (docs/decisions.md, « Temps passé »).
"""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from accueil.models import Entretien
from rapports import cumuls, secret
from rapports.publication import publier
from rapports.statistiques import (
    Perimetre,
    Periode,
    TempsDEntretien,
    calculer,
    temps_d_entretien,
)
from tests.accueil.factories import EntretienFactory, PersonneFactory, SituationFactory

ANNEE = 2025
PERIODES = [Periode.de_l_annee(ANNEE), Periode.du_trimestre(ANNEE, 2)]

DUREES = (
    "SELECT CASE WHEN e.duree_minutes IS NULL THEN 'nr' "
    "WHEN e.duree_minutes < 30 THEN 'moins_30' WHEN e.duree_minutes < 60 THEN '30_59' "
    "WHEN e.duree_minutes < 120 THEN '60_119' ELSE '120_plus' END, count(*) "
    "FROM accueil_entretien e JOIN accueil_situation s ON s.id = e.situation_id "
    "WHERE s.poste_id = ANY(%s) AND e.date BETWEEN %s AND %s AND e.mode <> 'sans_reponse' "
    "GROUP BY 1"
)


def _attendu(perimetre, periode) -> dict:
    postes = list(perimetre.postes().values_list("pk", flat=True))
    with connection.cursor() as curseur:
        curseur.execute(DUREES, [postes, periode.debut, periode.fin])
        return dict(curseur.fetchall())


def _lu(stats) -> dict:
    tableau = stats.tableau("durees_entretien")
    lignes = zip(tableau.lignes, tableau.colonnes[0][1], strict=True)
    return {code: n for (code, _), n in lignes if n}


def _verifier(monde):
    assert cumuls.ecarts() == []
    for perimetre in (
        Perimetre("poste", monde.poste),
        Perimetre("site", monde.brigade_2),
        Perimetre("departement", monde.departement),
    ):
        for periode in PERIODES:
            attendu = _attendu(perimetre, periode)
            assert _lu(calculer(perimetre, periode)) == attendu, (perimetre.cle, periode)
            assert _lu(calculer(perimetre, periode, direct=True)) == attendu
            # The rows make the interviews that reached someone.
            entretiens = {c: v for c, _, v, _ in calculer(perimetre, periode).indicateurs}
            assert sum(attendu.values()) == entretiens["entretiens"]


def test_la_duree_des_entretiens_egale_le_sql_ecrit_a_la_main(monde, activite):
    monde.poste_autre.sites.add(monde.brigade_2)
    Entretien.objects.filter(pk__in=Entretien.objects.order_by("pk").values("pk")[:5]).update(
        duree_minutes=None
    )
    Entretien.objects.filter(pk__in=Entretien.objects.order_by("-pk").values("pk")[:5]).update(
        duree_minutes=150
    )
    departement = Perimetre("departement", monde.departement)
    assert len(_lu(calculer(departement, PERIODES[0]))) >= 3  # not between empty tables
    _verifier(monde)


def test_la_duree_suit_chaque_ecriture(monde):
    """A length corrected, an unanswered call (not counted), an interview turned into an
    attempt, moved to a situation of another post, deleted: the totals follow."""
    auteur = monde["intervenante"]
    situation = SituationFactory(
        personne=PersonneFactory(poste=monde.poste), date_ouverture=datetime.date(ANNEE, 4, 2)
    )
    poste, t2 = Perimetre("poste", monde.poste), PERIODES[1]

    def lu():
        assert cumuls.ecarts() == []
        valeurs = _lu(calculer(poste, t2))
        assert valeurs == _lu(calculer(poste, t2, direct=True)) == _attendu(poste, t2)
        return valeurs

    EntretienFactory(situation=situation, auteur=auteur, mode="sans_reponse", duree_minutes=5)
    assert lu() == {}
    entretien = EntretienFactory(situation=situation, auteur=auteur, duree_minutes=45)
    assert lu() == {"30_59": 1}
    entretien.duree_minutes = 130
    entretien.save()
    assert lu() == {"120_plus": 1}
    entretien.duree_minutes = None
    entretien.save()
    assert lu() == {"nr": 1}
    entretien.mode = "sans_reponse"
    entretien.save()
    assert lu() == {}
    entretien.mode = "telephone"
    entretien.duree_minutes = 20
    entretien.save()
    assert lu() == {"moins_30": 1}
    ailleurs = SituationFactory(
        personne=PersonneFactory(poste=monde.poste_autre), date_ouverture=situation.date_ouverture
    )
    entretien.situation = ailleurs
    entretien.save()
    assert lu() == {}
    assert _lu(calculer(Perimetre("poste", monde.poste_autre), t2)) == {"moins_30": 1}
    entretien.delete()
    assert cumuls.ecarts() == []


def test_le_temps_passe_avec_une_personne_ne_sort_pas_du_poste(monde):
    """The case that would leak: in a quarter, 11 short interviews with 11 people and 8
    interviews of three hours with one of them. « Entretiens » (19) is published; a total
    of minutes published beside it (the rule « at least 11 interviews ») would say that
    about 24 of the 29.5 hours were spent with one person. Outside the post no figure is a
    sum of minutes; the band of the long interviews (8) reads « masqué ». In the post,
    the intervenante reads her exact table."""
    auteur = monde["intervenante"]
    jour = datetime.date(ANNEE, 5, 5)
    situations = [
        SituationFactory(personne=PersonneFactory(poste=monde.poste), date_ouverture=jour)
        for _ in range(11)
    ]
    for s in situations:
        EntretienFactory(situation=s, auteur=auteur, date=jour, duree_minutes=30)
    for k in range(8):
        EntretienFactory(
            situation=situations[0],
            auteur=auteur,
            date=jour + datetime.timedelta(days=k),
            duree_minutes=180,
        )
    stats = calculer(Perimetre("poste", monde.poste), PERIODES[1])
    assert _lu(stats) == {"30_59": 11, "120_plus": 8}
    dehors = publier(stats, 11, a_jour=True)
    chiffres = {i["code"]: i["cellules"][0]["texte"] for i in dehors["indicateurs"]}
    assert chiffres["entretiens"] == "19"
    # No published figure is a time: every table counts people or records.
    assert all("minute" not in t["unite"] and "heure" not in t["unite"] for t in dehors["tableaux"])
    assert not {"temps", "heures", "minutes", "duree_totale"} & set(chiffres)
    tableau = next(t for t in dehors["tableaux"] if t["cle"] == "durees_entretien")
    lignes = {ligne["code"]: ligne["cellules"][0]["texte"] for ligne in tableau["lignes"]}
    assert lignes["120_plus"] == "masqué"
    # Hidden in the cube itself, so in every output of every scope.
    postes = secret.composante([monde.poste.pk])
    masque = secret.masque(postes, ANNEE, a_jour=True)
    assert masque.case((monde.poste.pk,), "T2", "durees_entretien:120_plus") == (True, 8)
    dedans = publier(stats, None)
    tableau = next(t for t in dedans["tableaux"] if t["cle"] == "durees_entretien")
    assert {ligne["code"]: ligne["cellules"][0]["texte"] for ligne in tableau["lignes"]}[
        "120_plus"
    ] == "8"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "minutes,code",
    [
        (0, "moins_30"),
        (29, "moins_30"),
        (30, "30_59"),
        (59, "30_59"),
        (60, "60_119"),
        (119, "60_119"),
        (120, "120_plus"),
        (600, "120_plus"),
        (None, "nr"),
    ],
)
def test_les_bornes_des_tranches(minutes, code):
    with connection.cursor() as curseur:
        curseur.execute("SELECT cumul_code_duree_entretien(%s)", [minutes])
        assert curseur.fetchone()[0] == code


def _page(client, perimetre: str, **periode) -> str:
    parametres = {"perimetre": perimetre, "nature": "trimestre", "annee": ANNEE, "trimestre": 2}
    reponse = client.get(reverse("rapports:tableau_de_bord"), {**parametres, **periode})
    assert reponse.status_code == 200
    return reponse.content.decode()


def test_l_intervenante_lit_son_temps_d_entretien_dans_le_poste_seulement(monde, client_de):
    """Her own hours, exact, on her post's dashboard (issue 19: « time spent »), and on no
    page read outside the post, whatever the reader asks for."""
    auteur = monde["intervenante"]
    jour = datetime.date(ANNEE, 5, 5)
    situation = SituationFactory(personne=PersonneFactory(poste=monde.poste), date_ouverture=jour)
    for minutes in (45, 90, None):
        EntretienFactory(situation=situation, auteur=auteur, date=jour, duree_minutes=minutes)
    # Not counted: an attempt without answer, an interview of another quarter, another post.
    EntretienFactory(situation=situation, auteur=auteur, date=jour, mode="sans_reponse")
    EntretienFactory(situation=situation, auteur=auteur, date=jour.replace(month=8))
    ailleurs = SituationFactory(
        personne=PersonneFactory(poste=monde.poste_autre), date_ouverture=jour
    )
    EntretienFactory(situation=ailleurs, auteur=monde["intervenant_autre"], date=jour)

    t = temps_d_entretien(Perimetre("poste", monde.poste).postes(), PERIODES[1])
    assert (t.minutes, t.notees, t.aboutis, t.non_notees, t.texte) == (135, 2, 3, 1, "2 h 15")
    assert temps_d_entretien(Perimetre("poste", monde.poste).postes(), PERIODES[0]).aboutis == 4

    page = _page(client_de("intervenante"), f"poste-{monde.poste.pk}")
    assert "Temps passé en entretien" in page
    assert "2 h 15 sur 2 entretiens dont la durée est notée" in page
    assert "1 autre sans durée notée" in page

    for persona, perimetre in [
        ("chef", f"site-{monde.commissariat.pk}"),
        ("employeur", f"employeur-{monde.employeur.pk}"),
        ("coordinateur", f"departement-{monde.departement.pk}"),
    ]:
        page = _page(client_de(persona), perimetre)
        assert "Temps passé en entretien" not in page, persona
        assert "2 h 15" not in page, persona
    # The post's scope asked for by someone outside the post: no such page.
    for persona in ("chef", "employeur", "coordinateur", "intervenant_autre"):
        reponse = client_de(persona).get(
            reverse("rapports:tableau_de_bord"), {"perimetre": f"poste-{monde.poste.pk}"}
        )
        assert reponse.status_code == 404, persona


def test_le_temps_s_ecrit_en_heures_et_minutes():
    assert TempsDEntretien(minutes=0, notees=0, aboutis=0).texte == "0 min"
    assert TempsDEntretien(minutes=59, notees=1, aboutis=1).texte == "59 min"
    assert TempsDEntretien(minutes=60, notees=1, aboutis=1).texte == "1 h 00"
    assert TempsDEntretien(minutes=12345, notees=99, aboutis=120).texte == "205 h 45"
