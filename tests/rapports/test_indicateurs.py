"""The figures of issue 19 equal SQL written by hand on the raw tables.

Adult women, situations outside the criminal field, the follow-up given to each situation,
people already known to a social service, children at home, the referrals' state, site
and force (docs/rapports.md, « Indicateurs demandés par le terrain »): for a post, a shared
site, a site of two posts and the département, over a year and a quarter, from the running
totals (what every page reads) and from the raw tables, after writes that move them (a
referral closed, moved to another site, a site whose force is corrected, a situation's
residue corrected).
"""

import datetime

import pytest
from django.db import connection

from accueil.choix import EtatSaisine, OuiNonInconnu
from intervenants.models import Force, Site
from rapports import cumuls, secret
from rapports.exporteurs import (
    ExporteurGrilleNationale,
    delais_medians_par_poste,
    indicateurs_par_poste,
)
from rapports.statistiques import Perimetre, Periode, calculer
from tests.accueil.factories import SaisineFactory, SituationFactory

ANNEE = 2025
PERIODES = [Periode.de_l_annee(ANNEE), Periode.du_trimestre(ANNEE, 2)]

# Each figure as written by hand: (SQL over the scope's posts and the period, how to read
# the statistics). The SQL takes the posts (an array), the first and the last day.
SITUATIONS = "FROM accueil_situation WHERE poste_id = ANY(%s) AND date_ouverture BETWEEN %s AND %s"
SAISINES = (
    "FROM accueil_saisine x JOIN intervenants_site i ON i.id = x.site_id "
    "WHERE x.poste_id = ANY(%s) AND x.date_saisine BETWEEN %s AND %s"
)
TABLES = {
    "connus_service_social": f"SELECT connu_service_social, count(*) {SITUATIONS} GROUP BY 1",
    "enfants_au_foyer": (
        "SELECT CASE WHEN enfants_au_foyer IS NULL THEN 'nr' WHEN enfants_au_foyer = 0 "
        f"THEN 'aucun' ELSE 'au_moins_un' END, count(*) {SITUATIONS} GROUP BY 1"
    ),
    "suites": (
        "SELECT CASE "
        "WHEN EXISTS (SELECT 1 FROM accueil_transmission t WHERE t.situation_id = s.id) "
        "THEN 'transmission' "
        "WHEN EXISTS (SELECT 1 FROM accueil_orientation o WHERE o.situation_id = s.id "
        "AND o.type_partenaire = '115_siao') THEN 'orientation_urgence' "
        "WHEN EXISTS (SELECT 1 FROM accueil_orientation o WHERE o.situation_id = s.id) "
        "THEN 'orientation' "
        "WHEN EXISTS (SELECT 1 FROM accueil_entretien e WHERE e.situation_id = s.id "
        "AND e.mode <> 'sans_reponse') THEN 'entretien' ELSE 'aucune' END, count(*) "
        "FROM accueil_situation s WHERE s.poste_id = ANY(%s) "
        "AND s.date_ouverture BETWEEN %s AND %s GROUP BY 1"
    ),
    "repetitions": (
        "SELECT CASE WHEN n >= 2 THEN 'plusieurs' WHEN n = 1 THEN 'une' ELSE 'aucune' END, "
        "count(*) FROM (SELECT (SELECT count(*) FROM accueil_saisine x "
        "WHERE x.situation_id = s.id) n FROM accueil_situation s "
        "WHERE s.poste_id = ANY(%s) AND s.date_ouverture BETWEEN %s AND %s) t GROUP BY 1"
    ),
    "etats_saisines": f"SELECT x.etat, count(*) {SAISINES} GROUP BY 1",
    "durees_suivi": (
        "SELECT CASE WHEN date_cloture - date_ouverture <= 30 THEN 'moins_1_mois' "
        "WHEN date_cloture - date_ouverture <= 91 THEN '1_3_mois' "
        "WHEN date_cloture - date_ouverture <= 365 THEN '3_12_mois' ELSE 'plus_1_an' END, "
        "count(*) FROM accueil_situation "
        "WHERE poste_id = ANY(%s) AND date_cloture BETWEEN %s AND %s GROUP BY 1"
    ),
    "sites": f"SELECT i.force || '-' || i.id, count(*) {SAISINES} GROUP BY 1",
    "forces": f"SELECT i.force, count(*) {SAISINES} GROUP BY 1",
}
INDICATEURS = {
    "femmes_majeures": f"SELECT count(*) {SITUATIONS} AND sexe = 'F' AND mineur IS false",
    "clotures": (
        "SELECT count(*) FROM accueil_situation "
        "WHERE poste_id = ANY(%s) AND date_cloture BETWEEN %s AND %s"
    ),
    "hors_penal": (f"SELECT count(*) {SITUATIONS} AND statut_affaire IN ('implique', 'detresse')"),
}


def _sql(requete, params):
    with connection.cursor() as curseur:
        curseur.execute(requete, params)
        return curseur.fetchall()


def _attendu(perimetre, periode):
    postes = list(perimetre.postes().values_list("pk", flat=True))
    params = [postes, periode.debut, periode.fin]
    tables = {cle: dict(_sql(requete, params)) for cle, requete in TABLES.items()}
    indicateurs = {cle: _sql(requete, params)[0][0] for cle, requete in INDICATEURS.items()}
    return tables, indicateurs


def _lu(stats):
    tables = {}
    for cle in TABLES:
        tableau = stats.tableau(cle)
        lignes = zip(tableau.lignes, tableau.colonnes[0][1], strict=True)
        tables[cle] = {code: n for (code, _), n in lignes if n}
    indicateurs = {c: v for c, _, v, _ in stats.indicateurs if c in INDICATEURS}
    return tables, indicateurs


def _perimetres(monde):
    return [
        Perimetre("poste", monde.poste),
        Perimetre("site", monde.commissariat),
        Perimetre("site", monde.brigade_2),  # covered by both posts
        Perimetre("departement", monde.departement),
    ]


def _verifier(monde):
    assert cumuls.ecarts() == []
    for perimetre in _perimetres(monde):
        for periode in PERIODES:
            attendu = _attendu(perimetre, periode)
            assert _lu(calculer(perimetre, periode)) == attendu, (perimetre.cle, periode)
            assert _lu(calculer(perimetre, periode, direct=True)) == attendu


@pytest.fixture
def donnees(monde, activite):
    monde.poste_autre.sites.add(monde.brigade_2)
    return activite


def test_les_indicateurs_du_terrain_egaux_au_sql_ecrit_a_la_main(monde, donnees):
    stats = calculer(Perimetre("departement", monde.departement), Periode.de_l_annee(ANNEE))
    tables, indicateurs = _lu(stats)
    # The generated activity fills every row: the comparison is not between empty tables.
    assert set(tables["connus_service_social"]) == set(OuiNonInconnu.values)
    assert set(tables["etats_saisines"]) == set(EtatSaisine.values)
    assert set(tables["forces"]) == set(Force.values)
    assert len(tables["sites"]) >= 3
    assert len(tables["suites"]) >= 4
    assert len(tables["durees_suivi"]) >= 3
    assert len(tables["repetitions"]) >= 2
    assert indicateurs["femmes_majeures"] > 0 and indicateurs["hors_penal"] > 0
    # Every referral has one state, one site, one force: each table adds up to them.
    saisines = {c: v for c, _, v, _ in stats.indicateurs}["saisines"]
    for cle in ("etats_saisines", "sites", "forces"):
        assert sum(tables[cle].values()) == saisines, cle
    _verifier(monde)


def test_les_indicateurs_suivent_les_corrections(monde, donnees):
    """A referral classée sans suite or moved to another site, a situation's residue
    corrected, a site's force corrected: the running totals follow."""
    from accueil.models import Saisine, Situation

    saisine = Saisine.objects.filter(poste=monde.poste, date_saisine__year=ANNEE).first()
    saisine.etat = EtatSaisine.SANS_SUITE
    saisine.site = monde.brigade_1 if saisine.site_id != monde.brigade_1.pk else monde.brigade_2
    saisine.save()
    Situation.objects.filter(date_ouverture__year=ANNEE, poste=monde.poste).update(
        connu_service_social=OuiNonInconnu.OUI, enfants_au_foyer=4
    )
    situation = Situation.objects.filter(date_ouverture__year=ANNEE).first()
    situation.sexe, situation.mineur = "F", False
    situation.save()
    # Closed, then reopened (accueil/services.py saves this field alone).
    close = Situation.objects.filter(date_cloture__isnull=False, poste=monde.poste).first()
    close.date_cloture = None
    close.save(update_fields=["date_cloture"])
    situation.date_cloture = datetime.date(ANNEE, 12, 30)
    situation.save(update_fields=["date_cloture"])
    # A gendarmerie unit entered as a police station, then corrected.
    Site.objects.filter(pk=monde.brigade_1.pk).update(force=Force.POLICE)
    _verifier(monde)
    Site.objects.filter(pk=monde.brigade_1.pk).update(force=Force.GENDARMERIE)
    SaisineFactory(
        situation=SituationFactory(
            personne=situation.personne, date_ouverture=datetime.date(ANNEE, 5, 5)
        ),
        site=monde.brigade_2,
        etat=EtatSaisine.RECUE,
    )
    _verifier(monde)


def test_la_grille_nationale_donne_les_memes_colonnes(monde, donnees):
    """The grid's new columns, per post and year: the running totals and the audited cube
    say what the SQL says (the cube may hide them, never change them)."""
    par_poste = indicateurs_par_poste(monde.departement.postes.all().order_by("pk"), ANNEE)
    colonnes = {
        "situations_femmes_majeures": ("femmes_majeures", None),
        "situations_hors_penal": ("hors_penal", None),
        "situations_connues_service_social": ("connus_service_social", "oui"),
        "situations_avec_enfants": ("enfants_au_foyer", "au_moins_un"),
        "saisines_prises_en_charge": ("etats_saisines", "prise_en_charge"),
        "saisines_sans_suite": ("etats_saisines", "sans_suite"),
        "saisines_police": ("forces", "police"),
        "saisines_gendarmerie": ("forces", "gendarmerie"),
    }
    postes = secret.composante([monde.poste.pk])
    masque = secret.masque(postes, ANNEE, a_jour=True)
    for poste_id, valeurs in par_poste.items():
        perimetre = Perimetre("poste", monde.poste.__class__.objects.get(pk=poste_id))
        tables, indicateurs = _attendu(perimetre, Periode.de_l_annee(ANNEE))
        for colonne, (cle, code) in colonnes.items():
            attendu = indicateurs[cle] if code is None else tables[cle].get(code, 0)
            assert valeurs[colonne] == attendu, colonne
            assert masque.case((poste_id,), "A", colonne)[1] == attendu, colonne
    lignes = ExporteurGrilleNationale(monde.departement.postes.all(), ANNEE).lignes()
    assert all(len(ligne) == 32 for ligne in lignes)
    # The grid reads its one non-count column, the median delay, alone (issue 18): the
    # same as every column computed together, and as the statistics of the post.
    delais = delais_medians_par_poste(monde.departement.postes.all(), ANNEE)
    assert delais == {p: v["delai_median_jours"] for p, v in par_poste.items()}
    assert any(d is not None for d in delais.values())
    for poste_id, delai in delais.items():
        perimetre = Perimetre("poste", monde.poste.__class__.objects.get(pk=poste_id))
        assert calculer(perimetre, Periode.de_l_annee(ANNEE)).delai_median == delai


def test_la_suite_apportee_suit_les_enregistrements_de_la_situation(monde):
    """Transmission > orientation d'urgence > autre orientation > simple entretien, counted
    on the situation's opening month whatever the records' dates, moved by each write."""
    from tests.accueil.factories import (
        EntretienFactory,
        OrientationFactory,
        PersonneFactory,
        TransmissionFactory,
    )

    auteur = monde["intervenante"]
    situation = SituationFactory(
        personne=PersonneFactory(poste=monde.poste), date_ouverture=datetime.date(ANNEE, 3, 3)
    )
    poste, mars = Perimetre("poste", monde.poste), Periode.du_mois(ANNEE, 3)

    def suite():
        assert cumuls.ecarts() == []
        tableau = calculer(poste, mars).tableau("suites")
        lus = {code: n for (code, _), n in zip(tableau.lignes, tableau.colonnes[0][1], strict=True)}
        direct = calculer(poste, mars, direct=True).tableau("suites")
        assert direct.colonnes == tableau.colonnes
        assert sum(lus.values()) == 1
        return next(code for code, n in lus.items() if n)

    assert suite() == "aucune"
    EntretienFactory(situation=situation, auteur=auteur, mode="sans_reponse")
    assert suite() == "aucune"
    entretien = EntretienFactory(
        situation=situation, auteur=auteur, date=datetime.date(ANNEE, 6, 1)
    )
    assert suite() == "entretien"
    orientation = OrientationFactory(
        situation=situation, auteur=auteur, type_partenaire="cidff", date=datetime.date(ANNEE, 7, 1)
    )
    assert suite() == "orientation"
    orientation.type_partenaire = "115_siao"
    orientation.save()
    assert suite() == "orientation_urgence"
    transmission = TransmissionFactory(situation=situation, auteur=auteur, copie_crip=True)
    assert suite() == "transmission"
    transmission.delete()
    orientation.delete()
    assert suite() == "entretien"
    # The interview moved to another situation: nothing left but the unanswered call.
    entretien.situation = SituationFactory(personne=situation.personne)
    entretien.save()
    assert suite() == "aucune"
