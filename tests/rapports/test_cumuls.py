"""The running totals kept by the database give exactly the figures of the raw tables.

The triggers of rapports/sql/ keep monthly counts per post (rapports_cumul) on the
accueil tables; ``calculer(..., direct=False)`` reads them for periods
of whole months, ``calculer(..., direct=True)`` aggregates the raw tables (the
reference). Whatever sequence of writes reaches the accueil tables, both must agree on
every figure, and the totals must equal a fresh ``cumul_reconstruire()``.
"""

import datetime
import random
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

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
from accueil.models import Acte, Entretien, Orientation, Saisine, Situation, Transmission
from intervenants.models import Force, Site
from rapports import cumuls
from rapports.statistiques import Perimetre, Periode, calculer
from tests.accueil.factories import (
    ActeFactory,
    EntretienFactory,
    OrientationFactory,
    PersonneFactory,
    SaisineFactory,
    SituationFactory,
    TransmissionFactory,
)

J = datetime.date

# --- Helpers ---------------------------------------------------------------------------


def _sql(requete, params=()):
    with connection.cursor() as curseur:
        curseur.execute(requete, params)
        return curseur.fetchall() if curseur.description else curseur.rowcount


def _chiffres(stats) -> dict:
    """Every published figure of a Statistiques, by name."""
    chiffres = {
        "indicateurs": stats.indicateurs,
        "delai_median": stats.delai_median,
        "delai_median_comparaison": stats.delai_median_comparaison,
    }
    for t in stats.tableaux:
        chiffres[f"tableau {t.cle}"] = (t.lignes, t.colonnes)
    return chiffres


def _differences(perimetre, periode, comparaison=None) -> dict:
    """{figure: (from the running totals, from the raw tables)} where they differ."""
    tenus = _chiffres(calculer(perimetre, periode, comparaison))
    directs = _chiffres(calculer(perimetre, periode, comparaison, direct=True))
    assert tenus.keys() == directs.keys()
    return {k: (tenus[k], directs[k]) for k in tenus if tenus[k] != directs[k]}


def _indicateur(stats, code, indice=0):
    return {ligne[0]: ligne[2 + indice] for ligne in stats.indicateurs}[code]


# Periods (period, explicit comparison or None) over 2024-2025, across year and quarter
# boundaries. Plages of whole months are given a whole-month comparison, so that both
# columns are read from the running totals.
PERIODES = [
    (Periode.du_mois(2025, 1), None),  # compared with December 2024
    (Periode.du_trimestre(2025, 1), None),  # compared with Q4 2024
    (Periode.de_l_annee(2025), None),  # compared with 2024
    # A plage of three whole months that is no quarter (people met: counted raw).
    (Periode(J(2024, 11, 1), J(2025, 1, 31)), Periode(J(2024, 8, 1), J(2024, 10, 31))),
    # A plage of whole months equal to a quarter (people met: quarter grain).
    (Periode(J(2024, 4, 1), J(2024, 6, 30)), Periode(J(2024, 1, 1), J(2024, 3, 31))),
    # Not aligned on months: raw tables on both sides.
    (Periode(J(2024, 12, 15), J(2025, 2, 10)), None),
    # A calendar year given as a plage (yearly totals) beside twelve months across two years
    # (monthly totals): both kinds of reading in the same query set.
    (Periode(J(2024, 1, 1), J(2024, 12, 31)), Periode(J(2024, 7, 1), J(2025, 6, 30))),
]

# Boundary days, drawn more often than the others.
BORNES = [
    J(2024, 1, 1),
    J(2024, 3, 31),
    J(2024, 4, 1),
    J(2024, 6, 30),
    J(2024, 7, 1),
    J(2024, 12, 31),
    J(2025, 1, 1),
    J(2025, 1, 31),
    J(2025, 2, 1),
    J(2025, 3, 31),
    J(2025, 4, 1),
    J(2025, 12, 31),
]
DATES = st.one_of(st.sampled_from(BORNES), st.dates(J(2024, 1, 1), J(2025, 12, 31)))

CREATIONS = ["situation", "saisine", "entretien", "acte", "orientation", "transmission"]
MODIFICATIONS = [
    "entretien_date",
    "entretien_mode",
    "entretien_deplacer",
    "entretiens_en_masse",
    "situation_date",
    "situation_residu",
    "situation_poste",
    "situation_personne",
    "saisine_rattacher",
    "saisine_detacher",
    "saisine_date",
    "saisine_etat_site",
    "site_force",
    "enfant_modifier",
]
SUPPRESSIONS = [
    "supprimer_entretien",
    "supprimer_enfant",
    "supprimer_saisine",
    "supprimer_situation",
]
OPERATION = st.tuples(
    st.sampled_from(CREATIONS + MODIFICATIONS + SUPPRESSIONS),
    st.integers(0, 99),
    st.integers(0, 99),
    st.integers(0, 10**6),
    DATES,
)


class Scenario:
    """Applies operations on the accueil tables through the ORM (``.save()``,
    ``.delete()``, ``QuerySet.update()``), as the services and the admin do."""

    def __init__(self, monde, personnes):
        self.monde = monde
        self.postes = [monde.poste, monde.poste_autre]
        self.personnes = personnes
        self.auteur = monde["intervenante"]

    def autre_poste(self, poste_id):
        return self.postes[1] if poste_id == self.postes[0].pk else self.postes[0]

    @staticmethod
    def choisir(modele, i, **filtre):
        ids = list(modele.objects.filter(**filtre).order_by("pk").values_list("pk", flat=True))
        return modele.objects.get(pk=ids[i % len(ids)]) if ids else None

    def appliquer(self, operation, a, b, graine, jour):
        hasard = random.Random(graine)
        getattr(self, operation)(a, b, hasard, jour)

    # Creations.

    def situation(self, a, b, hasard, jour):
        personne = self.personnes[a % len(self.personnes)]
        # Mostly on the person's post; sometimes on the other (one person, two posts).
        poste = personne.poste if b % 4 else self.autre_poste(personne.poste_id)
        principale = hasard.choice(Problematique.values)
        SituationFactory(
            personne=personne,
            poste=poste,
            date_ouverture=jour,
            statut_affaire=hasard.choice(StatutAffaire.values),
            problematique_principale=principale,
            problematiques=hasard.sample(Problematique.values, hasard.randint(0, 3)),
            sexe=hasard.choice(Sexe.values),
            tranche_age=hasard.choice(TrancheAge.values),
            mineur=hasard.choice([True, False, None]),
            connu_service_social=hasard.choice(OuiNonInconnu.values),
            enfants_au_foyer=hasard.choice([None, 0, 1, 3]),
        )

    def site(self, poste, hasard):
        return hasard.choice(list(poste.sites.order_by("pk")))

    def saisine(self, a, b, hasard, jour):
        situation = self.choisir(Situation, a)
        origine = hasard.choice(OrigineSaisine.values)
        etat = hasard.choice(EtatSaisine.values)
        if situation is None or b % 3 == 0:  # in a post's inbox
            situation = None
        poste = situation.poste if situation else self.postes[a % 2]
        SaisineFactory(
            situation=situation,
            poste=poste,
            site=self.site(poste, hasard),
            origine=origine,
            date_saisine=jour,
            etat=etat,
        )

    def entretien(self, a, b, hasard, jour):
        if situation := self.choisir(Situation, a):
            EntretienFactory(
                situation=situation,
                auteur=self.auteur,
                mode=hasard.choice(ModeEntretien.values),
                date=jour,
            )

    def acte(self, a, b, hasard, jour):
        if situation := self.choisir(Situation, a):
            ActeFactory(
                situation=situation,
                auteur=self.auteur,
                type=hasard.choice(TypeActe.values),
                date=jour,
            )

    def orientation(self, a, b, hasard, jour):
        if situation := self.choisir(Situation, a):
            OrientationFactory(
                situation=situation,
                auteur=self.auteur,
                type_partenaire=hasard.choice(TypePartenaire.values),
                issue=hasard.choice(["", *IssueOrientation.values]),
                date=jour,
            )

    def transmission(self, a, b, hasard, jour):
        if situation := self.choisir(Situation, a):
            TransmissionFactory(
                situation=situation,
                auteur=self.auteur,
                nature=hasard.choice(NatureTransmission.values),
                copie_crip=True,
                date=jour,
            )

    # Updates.

    def entretien_date(self, a, b, hasard, jour):
        if entretien := self.choisir(Entretien, a):
            entretien.date = jour
            entretien.save()

    def entretien_mode(self, a, b, hasard, jour):
        if entretien := self.choisir(Entretien, a):
            # To or from "sans réponse" half of the time.
            if b % 2:
                sans = entretien.mode == ModeEntretien.SANS_REPONSE
                entretien.mode = ModeEntretien.PHYSIQUE if sans else ModeEntretien.SANS_REPONSE
            else:
                entretien.mode = hasard.choice(ModeEntretien.values)
            entretien.save()

    def entretien_deplacer(self, a, b, hasard, jour):
        entretien = self.choisir(Entretien, a)
        cible = self.choisir(Situation, b)
        if entretien and cible:
            entretien.situation = cible
            if b % 2:
                entretien.date = jour
            entretien.save()

    def entretiens_en_masse(self, a, b, hasard, jour):
        if situation := self.choisir(Situation, a):
            if b % 2:
                Entretien.objects.filter(situation=situation).update(date=jour)
            else:
                Entretien.objects.filter(situation=situation).update(
                    mode=hasard.choice(ModeEntretien.values)
                )

    def situation_date(self, a, b, hasard, jour):
        if situation := self.choisir(Situation, a):
            situation.date_ouverture = jour
            if situation.date_cloture and situation.date_cloture < jour:
                situation.date_cloture = jour
            situation.save()

    def situation_residu(self, a, b, hasard, jour):
        if situation := self.choisir(Situation, a):
            situation.sexe = hasard.choice(Sexe.values)
            situation.tranche_age = hasard.choice(TrancheAge.values)
            situation.mineur = hasard.choice([True, False, None])
            situation.statut_affaire = hasard.choice(StatutAffaire.values)
            situation.problematiques = hasard.sample(Problematique.values, hasard.randint(0, 3))
            situation.connu_service_social = hasard.choice(OuiNonInconnu.values)
            situation.enfants_au_foyer = hasard.choice([None, 0, 2])
            # Closed some days after opening, or reopened.
            jours = hasard.choice([None, 0, 45, 400])
            if jours is not None and situation.date_ouverture:
                situation.date_cloture = situation.date_ouverture + datetime.timedelta(days=jours)
            else:
                situation.date_cloture = None
            situation.save()

    def situation_poste(self, a, b, hasard, jour):
        if situation := self.choisir(Situation, a):
            situation.poste = self.autre_poste(situation.poste_id)
            situation.save()

    def situation_personne(self, a, b, hasard, jour):
        if situation := self.choisir(Situation, a):
            situation.personne = self.personnes[b % len(self.personnes)]
            situation.save()

    def saisine_rattacher(self, a, b, hasard, jour):
        saisine = self.choisir(Saisine, a, situation__isnull=True) or self.choisir(Saisine, a)
        cible = self.choisir(Situation, b)
        if saisine and cible:
            saisine.situation = cible
            saisine.save()

    def saisine_detacher(self, a, b, hasard, jour):
        if saisine := self.choisir(Saisine, a, situation__isnull=False):
            saisine.situation = None
            saisine.save()

    def saisine_date(self, a, b, hasard, jour):
        if saisine := self.choisir(Saisine, a):
            saisine.date_saisine = jour
            if b % 2:
                saisine.origine = hasard.choice(OrigineSaisine.values)
            saisine.save()

    def saisine_etat_site(self, a, b, hasard, jour):
        if saisine := self.choisir(Saisine, a):
            saisine.etat = hasard.choice(EtatSaisine.values)
            if b % 2:
                saisine.site = self.site(saisine.poste, hasard)
            saisine.save()

    def site_force(self, a, b, hasard, jour):
        """An administrator corrects a site's force: its referrals change force."""
        site = self.choisir(Site, a)
        autre = Force.GENDARMERIE if site.force == Force.POLICE else Force.POLICE
        Site.objects.filter(pk=site.pk).update(force=autre)

    def enfant_modifier(self, a, b, hasard, jour):
        modele = [Acte, Orientation, Transmission][b % 3]
        if enfant := self.choisir(modele, a):
            enfant.date = jour
            if modele is Acte:
                enfant.type = hasard.choice(TypeActe.values)
            elif modele is Orientation:
                enfant.issue = hasard.choice(["", *IssueOrientation.values])
                enfant.type_partenaire = hasard.choice(TypePartenaire.values)
            if hasard.random() < 0.3:
                enfant.situation = self.choisir(Situation, hasard.randint(0, 99))
            enfant.save()

    # Deletions.

    def supprimer_entretien(self, a, b, hasard, jour):
        if entretien := self.choisir(Entretien, a):
            entretien.delete()

    def supprimer_enfant(self, a, b, hasard, jour):
        if enfant := self.choisir([Acte, Orientation, Transmission][b % 3], a):
            enfant.delete()

    def supprimer_saisine(self, a, b, hasard, jour):
        if saisine := self.choisir(Saisine, a):
            saisine.delete()

    def supprimer_situation(self, a, b, hasard, jour):
        if situation := self.choisir(Situation, a):
            # Referrals are PROTECT: delete them, or put them back in the inbox.
            if b % 2:
                situation.saisines.all().delete()
            else:
                situation.saisines.update(situation=None)
            situation.delete()


# --- 1. Any sequence of writes: running totals = raw tables ------------------------------


@pytest.fixture
def personnes(monde):
    # Brigade 2 is also covered by the other post: a site of two posts.
    monde.poste_autre.sites.add(monde.brigade_2)
    return [
        PersonneFactory(poste=monde.poste),
        PersonneFactory(poste=monde.poste),
        PersonneFactory(poste=monde.poste),
        PersonneFactory(poste=monde.poste_autre),
        PersonneFactory(poste=monde.poste_autre),
    ]


def _perimetres(monde):
    return [
        Perimetre("poste", monde.poste),
        Perimetre("poste", monde.poste_autre),
        Perimetre("site", monde.commissariat),
        Perimetre("site", monde.brigade_2),  # both posts
        Perimetre("employeur", monde.employeur_autre),
        Perimetre("departement", monde.departement),
        Perimetre("national"),
    ]


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    # An example takes about a second: no shrinking, the failure lists every difference.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(OPERATION, min_size=1, max_size=30))
def test_toute_suite_d_ecritures_garde_les_cumuls_exacts(monde, personnes, operations):
    with transaction.atomic():
        scenario = Scenario(monde, personnes)
        # A little activity to start from, so that updates and deletions have targets:
        # the first person is followed on both posts and met on both in January 2025.
        for k, (personne, poste) in enumerate(
            [(personnes[0], monde.poste), (personnes[0], monde.poste_autre), (personnes[3], None)]
        ):
            jour = J(2024, 12, 20 + k)
            situation = SituationFactory(
                personne=personne, poste=poste or personne.poste, date_ouverture=jour
            )
            SaisineFactory(situation=situation, date_saisine=jour)
            EntretienFactory(situation=situation, auteur=scenario.auteur, date=J(2025, 1, 3 + k))
        for operation in operations:
            scenario.appliquer(*operation)

        assert cumuls.ecarts() == []
        differences = {}
        for perimetre in _perimetres(monde):
            for periode, comparaison in PERIODES:
                if ecart := _differences(perimetre, periode, comparaison):
                    differences[(perimetre.cle, periode.libelle_court)] = ecart
        assert differences == {}
        transaction.set_rollback(True)


# --- 2. The median of a histogram is PERCENTILE_CONT(0.5) ----------------------------------


def _percentile_cont(valeurs):
    # A NULL first row so that an empty multiset is still a valid VALUES list.
    lignes = ", ".join(["(NULL::integer)", *["(%s)"] * len(valeurs)])
    mediane = "SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY v)"
    requete = f"{mediane} FROM (VALUES {lignes}) t (v) WHERE v IS NOT NULL"  # noqa: S608
    return _sql(requete, valeurs)[0][0]


@pytest.mark.django_db
@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    valeurs=st.lists(st.integers(0, 400), max_size=25),
    vides=st.lists(st.integers(0, 400), max_size=3),
)
def test_mediane_egale_percentile_cont(valeurs, vides):
    histogramme = {str(v): n for v, n in Counter(valeurs).items()}
    for v in vides:  # codes whose count fell back to zero
        histogramme.setdefault(str(v), 0)
    assert cumuls.mediane(histogramme) == _percentile_cont(valeurs)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("valeurs", "attendu"),
    [
        ([], None),
        ([7], 7.0),
        ([3, 10], 6.5),
        ([10, 9, 2], 9.0),  # "10" < "9" as strings: sorted as numbers
        ([0, 0, 1, 1], 0.5),
        ([5, 5, 5, 40], 5.0),
    ],
)
def test_mediane_cas_limites(valeurs, attendu):
    assert cumuls.mediane({str(v): n for v, n in Counter(valeurs).items()}) == attendu
    assert _percentile_cont(valeurs) == attendu


# --- 3. Which periods the running totals answer, and at which grain -----------------------


@pytest.mark.parametrize(
    ("periode", "entiere", "grain"),
    [
        (Periode.du_mois(2025, 1), True, "personnes_mois"),
        (Periode.du_mois(2024, 2), True, "personnes_mois"),  # 29 February
        (Periode.du_trimestre(2025, 4), True, "personnes_trimestre"),
        (Periode.de_l_annee(2024), True, "personnes_annee"),
        (Periode(J(2025, 3, 1), J(2025, 3, 31)), True, "personnes_mois"),
        (Periode(J(2025, 4, 1), J(2025, 6, 30)), True, "personnes_trimestre"),
        (Periode(J(2024, 10, 1), J(2024, 12, 31)), True, "personnes_trimestre"),
        (Periode(J(2025, 1, 1), J(2025, 12, 31)), True, "personnes_annee"),
        (Periode(J(2025, 2, 1), J(2025, 4, 30)), True, None),
        (Periode(J(2024, 11, 1), J(2025, 1, 31)), True, None),
        (Periode(J(2024, 12, 1), J(2025, 2, 28)), True, None),
        (Periode(J(2025, 1, 1), J(2025, 2, 28)), True, None),
        (Periode(J(2025, 1, 1), J(2026, 12, 31)), True, None),
        (Periode(J(2024, 1, 1), J(2024, 6, 30)), True, None),
        (Periode(J(2025, 1, 2), J(2025, 1, 31)), False, None),
        (Periode(J(2025, 1, 1), J(2025, 1, 30)), False, None),
        (Periode(J(2024, 2, 1), J(2024, 2, 28)), False, None),  # 2024 is a leap year
        (Periode(J(2024, 12, 15), J(2025, 2, 10)), False, None),
    ],
    ids=lambda v: str(v) if not isinstance(v, Periode) else f"{v.debut}..{v.fin}:{v.nature}",
)
def test_periode_entiere_et_grain_des_personnes(periode, entiere, grain):
    assert cumuls.periode_entiere(periode) is entiere
    assert cumuls.grain(periode) == grain


# --- 4. The nightly check finds a tampered total and changes nothing ---------------------


@pytest.fixture
def une_situation(monde):
    personne = PersonneFactory(poste=monde.poste)
    situation = SituationFactory(
        personne=personne, date_ouverture=J(2025, 3, 10), sexe=Sexe.FEMME, mineur=False
    )
    SaisineFactory(situation=situation, date_saisine=J(2025, 3, 8))
    EntretienFactory(situation=situation, auteur=monde["intervenante"], date=J(2025, 3, 12))
    return situation


def _n(poste, mois, dimension, code):
    lignes = _sql(
        "SELECT n FROM rapports_cumul WHERE poste_id = %s AND mois = %s "
        "AND dimension = %s AND code = %s",
        [poste.pk, mois, dimension, code],
    )
    return lignes[0][0] if lignes else None


def test_ecarts_trouve_un_cumul_altere_sans_le_reparer(monde, une_situation):
    assert cumuls.ecarts() == []
    mars = J(2025, 3, 1)
    perimetre, periode = Perimetre("poste", monde.poste), Periode.du_mois(2025, 3)
    assert _differences(perimetre, periode) == {}
    assert _n(monde.poste, mars, "sexe", Sexe.FEMME) == 1

    _sql(
        "UPDATE rapports_cumul SET n = 4 WHERE poste_id = %s AND mois = %s "
        "AND dimension = 'sexe' AND code = %s",
        [monde.poste.pk, mars, Sexe.FEMME],
    )
    _sql("UPDATE rapports_contactsannuels SET masque = 1 WHERE poste_id = %s", [monde.poste.pk])
    _sql("UPDATE rapports_delaisituation SET delai = 9 WHERE situation_id = %s", [une_situation.pk])
    _sql(
        "UPDATE rapports_contactssituation SET masque = 2 WHERE situation_id = %s",
        [une_situation.pk],
    )
    ((origine,),) = _sql(
        "SELECT code FROM rapports_cumulannuel WHERE poste_id = %s AND dimension = 'origine'",
        [monde.poste.pk],
    )
    _sql(
        "UPDATE rapports_cumulannuel SET n = 7 WHERE poste_id = %s AND dimension = 'origine'",
        [monde.poste.pk],
    )

    trouves = set(cumuls.ecarts())
    mars_femmes = (monde.poste.pk, mars, "sexe", Sexe.FEMME)
    personne = (monde.poste.pk, une_situation.personne_id, 2025)
    assert trouves == {
        ("rapports_cumul", "tenu", mars_femmes, (4,)),
        ("rapports_cumul", "recalculé", mars_femmes, (1,)),
        # The yearly totals are checked against their months: the altered month shows
        # there too, and the altered year on its own.
        ("rapports_cumulannuel", "tenu", (monde.poste.pk, 2025, "sexe", Sexe.FEMME), (1,)),
        ("rapports_cumulannuel", "recalculé", (monde.poste.pk, 2025, "sexe", Sexe.FEMME), (4,)),
        ("rapports_cumulannuel", "tenu", (monde.poste.pk, 2025, "origine", origine), (7,)),
        ("rapports_cumulannuel", "recalculé", (monde.poste.pk, 2025, "origine", origine), (1,)),
        ("rapports_contactsannuels", "tenu", personne, (1,)),
        ("rapports_contactsannuels", "recalculé", personne, (1 << 2,)),  # March
        ("rapports_contactssituation", "tenu", (une_situation.pk, 2025), (monde.poste.pk, 2)),
        (
            "rapports_contactssituation",
            "recalculé",
            (une_situation.pk, 2025),
            (monde.poste.pk, 1 << 2),
        ),
        ("rapports_delaisituation", "tenu", (une_situation.pk,), (monde.poste.pk, mars, 9)),
        ("rapports_delaisituation", "recalculé", (une_situation.pk,), (monde.poste.pk, mars, 4)),
    }
    # The figures read the tampered totals: the comparison with the raw tables fails.
    assert "indicateurs" in _differences(perimetre, periode)
    # A year's referrals are read from the yearly totals: the altered one.
    assert _indicateur(calculer(perimetre, Periode.de_l_annee(2025)), "saisines") == 7
    # Checking rolled its recomputation back.
    assert _n(monde.poste, mars, "sexe", Sexe.FEMME) == 4
    assert cumuls.ecarts() != []

    cumuls.reconstruire()
    assert cumuls.ecarts() == []
    assert _n(monde.poste, mars, "sexe", Sexe.FEMME) == 1
    assert _differences(perimetre, periode) == {}
    assert _differences(perimetre, Periode.de_l_annee(2025)) == {}


def test_ecarts_trouve_un_cumul_supprime_et_respecte_la_limite(monde, une_situation):
    _sql("DELETE FROM rapports_cumul WHERE poste_id = %s", [monde.poste.pk])
    assert len(cumuls.ecarts()) > 3
    assert len(cumuls.ecarts(limite=3)) == 3


def test_commande_verifier_cumuls(monde, une_situation):
    call_command("verifier_cumuls")  # no gap: succeeds
    _sql(
        "UPDATE rapports_cumul SET n = n + 1 WHERE poste_id = %s AND dimension = 'sexe'",
        [monde.poste.pk],
    )
    with pytest.raises(CommandError):
        call_command("verifier_cumuls")
    call_command("verifier_cumuls", reparer=True)
    assert cumuls.ecarts() == []


# --- 5. A site's year: a handful of queries instead of one per dimension ------------------


def test_une_annee_de_site_en_une_requete(
    monde, une_situation, django_assert_max_num_queries, django_assert_num_queries
):
    perimetre, annee = Perimetre("site", monde.commissariat), Periode.de_l_annee(2025)
    # Running totals: one query on the yearly totals for both years (the post subquery is
    # inlined), people met and file active included, one on the monthly totals for the
    # dimensions shown month by month, and one for the names of the sites (the
    # referrals-by-site table).
    with django_assert_num_queries(3):
        tenus = calculer(perimetre, annee)
    # Raw tables: one query per dimension.
    with django_assert_max_num_queries(40) as requetes:
        directs = calculer(perimetre, annee, direct=True)
    assert len(requetes) >= 15
    assert _chiffres(tenus) == _chiffres(directs)
    assert _indicateur(tenus, "personnes") == 1


def test_une_annee_lue_sur_les_cumuls_annuels_egale_ses_douze_mois(monde, une_situation):
    """The yearly totals give, for every dimension and code, the sum of the year's months;
    the dimensions shown month by month keep their months."""
    autre = SituationFactory(poste=monde.poste, date_ouverture=J(2025, 11, 3))
    EntretienFactory(situation=autre, auteur=monde["intervenante"], date=J(2025, 12, 30))
    EntretienFactory(situation=autre, auteur=monde["intervenante"], date=J(2026, 1, 2))
    postes = Perimetre("poste", monde.poste).postes()
    (annee,) = cumuls.lire(postes, [Periode.de_l_annee(2025)])
    mois = cumuls.lire(postes, [Periode.du_mois(2025, m) for m in range(1, 13)])
    sommes: dict[str, Counter] = {}
    for lu in mois:
        for dimension, par_code in lu.items():
            sommes.setdefault(dimension, Counter()).update(par_code)
    assert {d: dict(c) for d, c in sommes.items()} == annee
    # Two people met in 2025 (yearly totals); their interviews of March and December month
    # by month, the one of January 2026 outside.
    assert annee["personnes_annee"] == {"": 2}
    assert sorted(mois for _, mois in annee["mode@mois"]) == [(2025, 3), (2025, 12)]


def test_aucun_poste_rien_de_compte(monde, une_situation):
    from intervenants.models import Poste

    periodes = [Periode.de_l_annee(2025), Periode.du_mois(2025, 3)]
    assert cumuls.lire(Poste.objects.none(), periodes) == [{}, {}]
    assert cumuls.lire(Poste.objects.filter(pk__in=[]), periodes) == [{}, {}]


# --- 6. People met: once a month, once a quarter, once a year --------------------------


def test_personne_rencontree_en_janvier_et_mars(monde):
    personne = PersonneFactory(poste=monde.poste)
    situation = SituationFactory(personne=personne, date_ouverture=J(2025, 1, 6))
    auteur = monde["intervenante"]
    janvier = EntretienFactory(situation=situation, auteur=auteur, date=J(2025, 1, 6))
    EntretienFactory(situation=situation, auteur=auteur, date=J(2025, 3, 20))
    # An unanswered call in February is not a meeting.
    EntretienFactory(
        situation=situation, auteur=auteur, date=J(2025, 2, 3), mode=ModeEntretien.SANS_REPONSE
    )
    poste = Perimetre("poste", monde.poste)

    def personnes(periode):
        tenus = calculer(poste, periode)
        assert _chiffres(tenus) == _chiffres(calculer(poste, periode, direct=True))
        return _indicateur(tenus, "personnes")

    assert personnes(Periode.de_l_annee(2025)) == 1
    assert personnes(Periode.du_trimestre(2025, 1)) == 1
    assert personnes(Periode.du_mois(2025, 1)) == 1
    assert personnes(Periode.du_mois(2025, 2)) == 0
    assert personnes(Periode.du_mois(2025, 3)) == 1
    assert personnes(Periode.du_trimestre(2025, 2)) == 0

    janvier.delete()
    assert personnes(Periode.de_l_annee(2025)) == 1
    assert personnes(Periode.du_trimestre(2025, 1)) == 1
    assert personnes(Periode.du_mois(2025, 1)) == 0
    assert personnes(Periode.du_mois(2025, 3)) == 1
    assert cumuls.ecarts() == []


def test_personne_suivie_sur_deux_postes_comptee_par_chaque_poste(monde):
    """A person with a situation on each post, met on both in January, is one person met
    by each post, and a scope adds its posts up (docs/decisions.md): two in the
    département, on the running totals as on the raw tables."""
    personne = PersonneFactory(poste=monde.poste)
    auteur = monde["intervenante"]
    for poste in (monde.poste, monde.poste_autre):
        situation = SituationFactory(personne=personne, poste=poste, date_ouverture=J(2025, 1, 6))
        EntretienFactory(situation=situation, auteur=auteur, date=J(2025, 1, 6))
    for periode in (Periode.du_mois(2025, 1), Periode.de_l_annee(2025)):
        for perimetre, attendu in [
            (Perimetre("poste", monde.poste), 1),
            (Perimetre("poste", monde.poste_autre), 1),
            (Perimetre("departement", monde.departement), 2),
        ]:
            tenus = calculer(perimetre, periode)
            assert _indicateur(tenus, "personnes") == attendu
            assert _chiffres(tenus) == _chiffres(calculer(perimetre, periode, direct=True))
