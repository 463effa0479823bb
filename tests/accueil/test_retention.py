"""Retention purge: identity and free text go, the statistics residue stays."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from accueil.models import (
    Acte,
    Entretien,
    Orientation,
    Personne,
    Requisition,
    Saisine,
    Situation,
    Transmission,
)
from accueil.retention import MOTIF_EFFACE, il_y_a_mois, purger_donnees
from intervenants.models import ActionJournal, Journal
from tests.accueil.factories import (
    ActeFactory,
    AdhesionFactory,
    EntretienFactory,
    OrientationFactory,
    PersonneFactory,
    SaisineFactory,
    SituationFactory,
    TransmissionFactory,
)

AUJOURD_HUI = timezone.localdate()
ANCIEN = AUJOURD_HUI - datetime.timedelta(days=3 * 365)
RECENT = AUJOURD_HUI - datetime.timedelta(days=200)

TABLES = [m._meta.db_table for m in (Personne, Situation, Saisine, Entretien, Transmission)]


def dossier(monde, *, nom, jour, close=True, personne=None, tranche="25-39", mode="physique"):
    """A complete file: referral, consent, interview with notes, act, orientation,
    transmission to an uninformed person's detriment, all on ``jour``."""
    personne = personne or PersonneFactory(
        poste=monde.poste, nom=nom, prenom=f"Prénom{nom}", telephone=f"07 00 {nom[:2]}"
    )
    situation = SituationFactory(
        personne=personne,
        date_ouverture=jour,
        derniere_activite=jour,
        date_cloture=jour if close else None,
        tranche_age=tranche,
    )
    auteur = monde["intervenante"]
    SaisineFactory(
        situation=situation,
        site=monde.commissariat,
        motif=f"Motif concernant {nom}",
        nom_declare=nom,
        telephone_declare=f"06 55 {nom[:3]}",
    )
    AdhesionFactory(situation=situation, recueillie_par=auteur)
    EntretienFactory(situation=situation, auteur=auteur, mode=mode, notes=f"Notes sur {nom}")
    ActeFactory(situation=situation, auteur=auteur)
    OrientationFactory(situation=situation, auteur=auteur)
    TransmissionFactory(
        situation=situation,
        auteur=auteur,
        resume=f"Résumé sur {nom}",
        personne_informee=False,
        motif_non_information=f"Danger si {nom} est informée",
    )
    return situation


def statistiques() -> dict:
    """The figures reports read, by the same kind of aggregate queries."""

    def par(qs, *champs):
        return sorted(qs.order_by().values_list(*champs).annotate(n=Count("pk")))

    return {
        "saisines_origine": par(Saisine.objects.all(), "origine", "site"),
        "entretiens_mode": par(Entretien.objects.all(), "mode", "date"),
        "situations_residu": par(Situation.objects.all(), "sexe", "tranche_age", "mineur"),
        "situations_problematique": par(Situation.objects.all(), "problematique_principale"),
        "actes_type": par(Acte.objects.all(), "type"),
        "orientations": par(Orientation.objects.all(), "type_partenaire", "issue"),
        "transmissions": par(Transmission.objects.all(), "nature", "fondement", "copie_crip"),
        "personnes_rencontrees": Entretien.objects.aggregate(
            n=Count("situation__personne", distinct=True)
        )["n"],
        "lignes": [m.objects.count() for m in (Personne, Situation, Saisine, Entretien)],
    }


def lignes_contenant(texte: str) -> int:
    """Rows of the confidential tables whose raw SQL text contains ``texte``."""
    total = 0
    with connection.cursor() as curseur:
        for table in TABLES:
            requete = f"SELECT count(*) FROM {table} t WHERE t::text ILIKE %s"  # noqa: S608
            curseur.execute(requete, [f"%{texte}%"])
            total += curseur.fetchone()[0]
    return total


def purger(*args) -> str:
    sortie = StringIO()
    call_command("purger_donnees", *args, stdout=sortie)
    return sortie.getvalue()


@pytest.fixture
def dossiers(monde):
    mixte = PersonneFactory(poste=monde.poste, nom="Mixte")
    return {
        "ancien": dossier(monde, nom="Ancienne", jour=ANCIEN),
        "ancien_mineur": dossier(monde, nom="Jeune", jour=ANCIEN, tranche="0-17", mode="telephone"),
        "ouvert": dossier(monde, nom="Ouverte", jour=ANCIEN, close=False),
        "recent": dossier(monde, nom="Recente", jour=RECENT),
        "mixte_ancien": dossier(monde, nom="Mixte", jour=ANCIEN, personne=mixte),
        "mixte_actif": dossier(monde, nom="Mixte", jour=RECENT, personne=mixte, close=False),
    }


def test_la_simulation_compte_sans_rien_effacer_ni_nommer(dossiers):
    sortie = purger()
    assert "2 personne(s) anonymisée(s)" in sortie
    assert "Ancienne" not in sortie
    assert lignes_contenant("Ancienne") > 0


def test_les_statistiques_sont_identiques_avant_et_apres_la_purge(dossiers):
    avant = statistiques()
    purger("--execute")
    assert statistiques() == avant


def test_identite_telephone_et_notes_disparaissent_de_la_base(dossiers):
    purger("--execute")
    for trace in ("Ancienne", "Jeune", "07 00 An", "06 55 Anc"):
        assert lignes_contenant(trace) == 0, trace
    personne = Personne.objects.get(pk=dossiers["ancien"].personne_id)
    assert (personne.nom, personne.telephone, personne.annee_naissance) == ("", "", None)
    assert personne.anonymisee_le is not None


def test_notes_et_resumes_sont_vides_dans_les_colonnes_brutes(dossiers):
    purger("--execute")
    situation = dossiers["ancien"]
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT notes FROM accueil_entretien WHERE situation_id = %s", [situation.pk]
        )
        assert curseur.fetchall() == [("",)]
    transmission = Transmission.objects.get(situation=situation)
    assert (transmission.resume, transmission.motif_non_information) == ("", MOTIF_EFFACE)


def test_situations_ouvertes_recentes_et_personne_encore_suivie_sont_intactes(dossiers):
    purger("--execute")
    for cle, nom in (("ouvert", "Ouverte"), ("recent", "Recente"), ("mixte_ancien", "Mixte")):
        situation = Situation.objects.select_related("personne").get(pk=dossiers[cle].pk)
        assert situation.personne.nom == nom
        assert Entretien.objects.get(situation=situation).notes == f"Notes sur {nom}"


def test_la_purge_est_journalisee_par_des_comptes(dossiers):
    purger("--execute")
    trace = Journal.objects.get(action=ActionJournal.PURGE)
    assert trace.details["personnes"] == 2
    assert trace.details["entretiens"] == 2
    assert "Ancienne" not in str(trace.details)


def test_la_purge_avance_par_lots_chacun_journalise(dossiers):
    """A large first purge runs as short transactions: one journal entry per batch, the
    same people anonymised, the same totals."""
    bilan = purger_donnees(mois=24, executer=True, lot=1)

    traces = Journal.objects.filter(action=ActionJournal.PURGE)
    assert traces.count() == 2
    assert sorted(t.details["personnes"] for t in traces) == [1, 1]
    assert bilan.personnes == 2
    assert bilan.entretiens == sum(t.details["entretiens"] for t in traces) == 2
    assert Personne.objects.filter(anonymisee_le__isnull=False).count() == 2


def test_une_purge_sans_rien_a_effacer_est_journalisee(monde):
    assert purger_donnees(mois=24, executer=True).personnes == 0
    trace = Journal.objects.get(action=ActionJournal.PURGE)
    assert trace.details["personnes"] == 0


def test_une_seconde_purge_ne_trouve_plus_rien(dossiers):
    purger("--execute")
    assert "0 personne(s)" in purger("--execute")


def test_duree_reglable(dossiers, settings):
    settings.RETENTION_MOIS = 6
    purger("--execute")
    assert Personne.objects.get(pk=dossiers["recent"].personne_id).nom == ""


def test_saisine_sans_suite_ancienne_effacee_mais_saisine_en_attente_gardee(monde):
    sans_suite = SaisineFactory(
        situation=None,
        poste=monde.poste,
        site=monde.commissariat,
        etat="sans_suite",
        date_saisine=ANCIEN,
        date_etat=ANCIEN,
        nom_declare="Oubliee",
    )
    en_attente = SaisineFactory(
        situation=None,
        poste=monde.poste,
        site=monde.commissariat,
        etat="recue",
        date_saisine=ANCIEN,
        date_etat=ANCIEN,
        nom_declare="Attente",
    )
    purger("--execute")
    sans_suite.refresh_from_db()
    en_attente.refresh_from_db()
    assert (sans_suite.nom_declare, sans_suite.motif) == ("", "")
    assert en_attente.nom_declare == "Attente"


def test_requisition_sans_situation_ancienne_effacee_recente_gardee(monde):
    """A requisition recorded without a file (issue 17) is reached by no person's purge: it
    has its own, on its answer's date. Who asked, the frame and the answer stay (counted)."""
    from tests.accueil.factories import RequisitionFactory

    ancienne = RequisitionFactory(
        poste=monde.poste,
        date=ANCIEN,
        objet="Auditions de Mme Oubliee",
        transmis="",
        precision_motif="Refus motivé par écrit.",
    )
    recente = RequisitionFactory(poste=monde.poste, date=AUJOURD_HUI, objet="Mme Recente")
    simulation = purger_donnees(mois=24, executer=False)
    assert simulation.requisitions == 1
    assert Requisition.objects.get(pk=ancienne.pk).objet == "Auditions de Mme Oubliee"
    bilan = purger_donnees(mois=24, executer=True)
    assert bilan.requisitions == 1
    ancienne.refresh_from_db()
    recente.refresh_from_db()
    assert (ancienne.objet, ancienne.reference, ancienne.precision_motif) == ("", "", "")
    assert (ancienne.reponse, ancienne.motif_refus, ancienne.cadre) == (
        "refusee",
        "secret_professionnel",
        "cpp_77_1_1",
    )
    assert ancienne.version == 2
    assert recente.objet == "Mme Recente"
    trace = Journal.objects.filter(action=ActionJournal.PURGE).latest("pk")
    assert trace.details["requisitions"] == 1
    # Nothing left to purge the second time.
    assert purger_donnees(mois=24, executer=True).requisitions == 0


@pytest.mark.parametrize(
    ("jour", "mois", "attendu"),
    [
        (datetime.date(2026, 11, 27), 24, datetime.date(2024, 11, 27)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 1, 15), 13, datetime.date(2024, 12, 15)),
    ],
)
def test_il_y_a_mois(jour, mois, attendu):
    assert il_y_a_mois(jour, mois) == attendu
