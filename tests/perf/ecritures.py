# ruff: noqa: S608 -- table names come from the constant list below, never from input.
"""The benchmark's write phase (issue 18, items 1 and 7): concurrent writers, readers at the
same time, a backup taken in the middle, then the accounts.

50 intervenantes on 10 posts (5 per post: the post's lock, taken by every writing service,
is contended) each loop over: open a form (GET), fill it in (1 to 3 s), send it (POST, with
its single-use token), read the page it leads to, think again. The forms: qualifying a
referral of the inbox, an interview, an act, an orientation, a transmission, rectifying an
identity. 20 chiefs and coordinators read their pages meanwhile (``bench.lire_en_boucle``).

Afterwards: ``verifier_cumuls``, and the rows written by the simulated workers counted in
the database against the forms their browsers saw recorded — nothing lost, nothing doubled.
In the middle, ``sauvegarder`` dumps the snapshot a session of the bench exported and
counted in; the backup is restored into a fresh database, checked and dropped.
"""

from __future__ import annotations

import contextlib
import html
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from tests.navigateur import Navigateur, formulaire

TYPES = ["qualification", "entretien", "acte", "orientation", "transmission", "identite"]
LIBELLES = {
    "qualification": "qualifier une saisine",
    "entretien": "entretien",
    "acte": "acte",
    "orientation": "orientation",
    "transmission": "transmission",
    "identite": "rectifier l'identité",
}
# What each recorded form writes, as counted afterwards (see ``lignes_attendues``).
TABLES_PAR_TYPE = {
    "qualification": ["situations ouvertes", "saisines prises en charge"],
    "entretien": ["entretiens"],
    "acte": ["actes"],
    "orientation": ["orientations"],
    "transmission": ["transmissions"],
    "identite": ["rectifications (versions)"],
}
JETONS = "jetons d'envoi"
TABLES_SAUVEGARDE = {
    "personnes": "accueil_personne",
    "situations": "accueil_situation",
    "saisines": "accueil_saisine",
    "entretiens": "accueil_entretien",
    "actes": "accueil_acte",
    "orientations": "accueil_orientation",
    "transmissions": "accueil_transmission",
    "journal": "intervenants_journal",
    "jetons d'envoi": "intervenants_envoideformulaire",
}
DEJA_QUALIFIEE = "déjà qualifiée"
DEJA_ENVOYE = "déjà été envoyé et enregistré"
COMMUNES = ["Lille", "Amiens", "Laon", "Soissons", "Beauvais", "Arras", "Douai", "Reims"]


# --- Accounting (pure: tested in tests/test_banc_ecritures.py) ------------------------------


@dataclass
class Envoi:
    """One form sent: its type, the POST's duration and what the browser saw.

    ``issue``: "enregistre" (redirected to the record), "deja" (redirected, but the page says
    the referral was already qualified or the form already recorded: nothing new),
    "refuse" (the form came back with an error), "erreur" (5xx, 4xx, connection cut)."""

    type: str
    duree: float
    statut: int
    issue: str
    detail: str = ""
    debut: float = 0.0  # time.monotonic() when sent


def lignes_attendues(envois: list[Envoi]) -> dict[str, int]:
    """The rows the database must hold for what the browsers saw: one per table of its type
    for each form recorded, nothing for a form refused or already recorded, one token per
    redirect (a form recorded keeps its token, so does one answered « already »)."""
    attendues = {table: 0 for tables in TABLES_PAR_TYPE.values() for table in tables}
    attendues[JETONS] = 0
    for envoi in envois:
        if envoi.issue == "enregistre":
            for table in TABLES_PAR_TYPE[envoi.type]:
                attendues[table] += 1
        if envoi.issue in ("enregistre", "deja"):
            attendues[JETONS] += 1
    return attendues


def ecarts_de_lignes(attendues: dict[str, int], trouvees: dict[str, int]) -> list[str]:
    """Every table where the database differs from the browsers' account, in words."""
    return [
        f"{table} : {trouvees.get(table, 0)} en base pour {n} envois enregistrés"
        for table, n in attendues.items()
        if trouvees.get(table, 0) != n
    ]


# --- Preparation: accounts, inboxes, files to write in -----------------------------------


@dataclass
class Redactrice:
    compte: object
    poste_id: int
    session: str = ""


@dataclass
class Preparation:
    postes: list
    redactrices: list[Redactrice]
    # Per post: open situations whose person consents (interviews, acts, orientations,
    # transmissions are refused otherwise) and is identified (rectification).
    situations: dict[int, list[int]] = field(default_factory=dict)


def _nommer_les_redactrices(postes, par_poste: int) -> list[Redactrice]:
    """Each post's generated worker, plus named colleagues up to ``par_poste``: accounts
    ``vol-redactrice-<post>-<k>``, named by the post's employer through the application's
    service (as « L'équipe » does). Idempotent: an account already named is kept."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from intervenants import services
    from intervenants.models import Affectation, Role
    from tests.perf.volume import PREFIXE_REDACTRICE

    User = get_user_model()
    aujourd_hui = timezone.localdate()
    redactrices = []
    for poste in postes:
        actives = (
            Affectation.objects.actives()
            .filter(role=Role.INTERVENANT, poste=poste, utilisateur__username__startswith="vol-")
            .select_related("utilisateur")
            .order_by("utilisateur__username")
        )
        employeur = (
            Affectation.objects.actives()
            .filter(role=Role.EMPLOYEUR, employeur_id=poste.employeur_id)
            .select_related("utilisateur")
            .first()
        )
        deja = {a.utilisateur.username for a in actives}
        for k in range(1, par_poste):
            nom = f"{PREFIXE_REDACTRICE}{poste.pk}-{k}"
            if nom in deja:
                continue
            compte, _ = User.objects.get_or_create(
                username=nom,
                defaults={
                    "first_name": "Rédactrice",
                    "last_name": f"{poste.pk}-{k}",
                    "email": f"{nom}@banc.invalid",
                },
            )
            services.nommer_intervenant(
                compte=compte,
                poste=poste,
                date_debut=aujourd_hui,
                auteur=employeur.utilisateur if employeur else None,
                adresse_site="http://127.0.0.1:8765",
            )
        comptes = [a.utilisateur for a in actives.all()][:par_poste]
        redactrices += [Redactrice(c, poste.pk) for c in comptes]
    return redactrices


def _remplir_les_boites(postes, minimum: int) -> int:
    """Referrals from the post's officers until its inbox holds ``minimum`` (the service
    an officer's form calls). Returns how many were added."""
    from django.db.models import Q

    from accueil import services
    from accueil.models import Saisine
    from intervenants.models import Affectation, Role

    ajoutees = 0
    alea = random.Random(18)  # noqa: S311
    for poste in postes:
        attente = (
            Saisine.objects.filter(poste=poste)
            .filter(Q(situation__isnull=True) | Q(etat="recue"))
            .exclude(etat="sans_suite")
            .count()
        )
        agents = list(
            Affectation.objects.actives()
            .filter(role=Role.AGENT, site__in=poste.sites.all())
            .select_related("utilisateur", "site")
        )
        agents = [a for a in agents if services.poste_du_site(a.site).pk == poste.pk]
        if not agents:
            print(f"  aucun agent n'adresse de saisine au poste {poste.pk}", flush=True)
            continue
        for i in range(max(0, minimum - attente)):
            agent = agents[i % len(agents)]
            services.adresser_saisine(
                agent=agent.utilisateur,
                site=agent.site,
                nom=f"Banc{alea.randrange(10**6)}",
                prenom="Camille",
                annee_naissance=alea.randint(1950, 2000),
                telephone="06 12 34 56 78",
                motif="Saisine du banc d'écriture",
                origine="policier_intervention",
            )
            ajoutees += 1
    return ajoutees


def preparer(nb_postes: int = 10, par_poste: int = 5, boite: int = 40) -> Preparation:
    from django.db.models import Count, Exists, OuterRef, Q

    from accueil.models import Adhesion, Situation
    from intervenants.models import Poste

    postes = list(
        Poste.objects.annotate(
            n=Count("situations", filter=Q(situations__date_cloture=None))
        ).order_by("-n", "pk")[:nb_postes]
    )
    redactrices = _nommer_les_redactrices(postes, par_poste)
    ajoutees = _remplir_les_boites(postes, boite)
    situations = {}
    for poste in postes:
        situations[poste.pk] = list(
            Situation.objects.filter(
                poste=poste,
                date_cloture=None,
                personne__anonyme=False,
                personne__anonymisee_le=None,
            )
            .filter(Exists(Adhesion.objects.filter(situation=OuterRef("pk"), date_retrait=None)))
            .order_by("-derniere_activite", "pk")
            .values_list("pk", flat=True)[:80]
        )
    print(
        f"  {len(postes)} postes, {len(redactrices)} rédactrices ; {ajoutees} saisines "
        f"ajoutées aux boîtes ({boite} en attente par poste)",
        flush=True,
    )
    return Preparation(postes, redactrices, situations)


# --- The writers -------------------------------------------------------------------------


def _erreur_affichee(page: str) -> str:
    trouve = re.search(
        r'class="(?:invalid-feedback[^"]*|alert alert-danger)"[^>]*>(.*?)</', page, re.S
    )
    return (
        html.unescape(re.sub(r"<[^>]+>|\s+", " ", trouve.group(1))).strip()[:120] if trouve else ""
    )


class Ecrivaines:
    """The writing threads; ``envois`` and ``pages`` are filled as they go."""

    def __init__(self, preparation: Preparation, port: int, fin: float, rythme: float = 1.0):
        self.preparation, self.port, self.fin = preparation, port, fin
        # Factor of every think time (the saturation curve shortens them step by step).
        self.rythme = rythme
        self.envois: list[Envoi] = []
        # (duration, status, what): the form pages opened, the pages after a recorded form.
        self.pages: list[tuple[float, int, str]] = []
        self.verrou = threading.Lock()

    def _page(self, nav, chemin, quoi):
        debut = time.monotonic()
        try:
            statut, entetes, contenu = nav.demander("GET", chemin)
        except OSError:
            statut, entetes, contenu = 0, {}, ""
        with self.verrou:
            self.pages.append((time.monotonic() - debut, statut, quoi))
        return statut, entetes, contenu

    def _ouvrir(self, nav, type_, tirage, situations):
        """GET the form: (path, data to send) or None when there is nothing to do."""
        from accueil.choix import FondementJuridique, TypeActe, TypePartenaire

        if type_ == "qualification":
            statut, _, boite = self._page(nav, "/accueil/saisines/a-qualifier/", "boîte")
            pks = re.findall(r'href="/accueil/saisines/(\d+)/qualifier/"', boite)
            if statut != 200 or not pks:
                return None
            # The first ones on the list, as a worker does: two may pick the same one.
            chemin = f"/accueil/saisines/{tirage.choice(pks[:5])}/qualifier/"
        else:
            situation = tirage.choice(situations)
            chemin = {
                "entretien": f"/accueil/situations/{situation}/entretiens/nouveau/",
                "acte": f"/accueil/situations/{situation}/actes/nouveau/",
                "orientation": f"/accueil/situations/{situation}/orientations/nouvelle/",
                "transmission": f"/accueil/situations/{situation}/transmissions/nouvelle/",
                "identite": f"/accueil/situations/{situation}/identite/",
            }[type_]
        statut, _, page = self._page(nav, chemin, f"formulaire : {LIBELLES[type_]}")
        if statut != 200:
            return None
        donnees = formulaire(page)
        if type_ == "qualification":
            donnees.update(
                {
                    "decision": "nouvelle",
                    "personne-sexe": "F",
                    "situation-statut_affaire": "victime",
                    "situation-problematique_principale": "vc_physiques",
                    "situation-connu_service_social": "inconnu",
                }
            )
        elif type_ == "entretien":
            donnees.update(
                mode="physique", adhesion="on", duree_minutes="30", notes="Entretien du banc."
            )
        elif type_ == "acte":
            donnees["type"] = tirage.choice(TypeActe.values)
        elif type_ == "orientation":
            types = [t for t in TypePartenaire.values if t != TypePartenaire.CRIP]
            donnees.update(partenaire="", type_partenaire=tirage.choice(types), consentement="on")
        elif type_ == "transmission":
            donnees.update(
                nature="secret_partage",
                fondement=FondementJuridique.CASF_L121_6_2,
                destinataire_partenaire="",
                destinataire="Service social départemental",
                resume="Résumé strictement nécessaire (banc).",
                personne_informee="on",
            )
        elif type_ == "identite":
            donnees["commune"] = tirage.choice(COMMUNES)
        return chemin, donnees

    def ecrire(self, rang: int, redactrice: Redactrice) -> None:
        tirage = random.Random(1000 + rang)  # noqa: S311
        nav = Navigateur(self.port, redactrice.session, delai=30)
        situations = self.preparation.situations[redactrice.poste_id]
        time.sleep(self.rythme * tirage.uniform(0, 2))  # ramp-up
        while time.monotonic() < self.fin:
            type_ = tirage.choice(TYPES)
            try:
                ouvert = self._ouvrir(nav, type_, tirage, situations)
            except AssertionError:  # no single form on the page
                ouvert = None
            if ouvert is None:
                time.sleep(self.rythme * tirage.uniform(1.0, 3.0))
                continue
            chemin, donnees = ouvert
            time.sleep(self.rythme * tirage.uniform(1.0, 3.0))  # filling the form in
            debut = time.monotonic()
            try:
                statut, entetes, page = nav.demander("POST", chemin, donnees)
            except OSError:
                statut, entetes, page = 0, {}, ""
            duree = time.monotonic() - debut
            issue, detail = "erreur", ""
            if statut == 302 and entetes.get("Location"):
                issue = "enregistre"
                _, _, suite = self._page(nav, entetes.get("Location"), "page après l'envoi")
                if DEJA_QUALIFIEE in suite or DEJA_ENVOYE in suite:
                    issue, detail = "deja", "déjà qualifiée ou déjà envoyé"
            elif statut == 200:
                issue, detail = "refuse", _erreur_affichee(page)
            with self.verrou:
                self.envois.append(Envoi(type_, duree, statut, issue, detail, debut))
            time.sleep(self.rythme * tirage.uniform(1.0, 3.0))  # reading the result


# --- Counting in the database ------------------------------------------------------------


def reperes(preparation: Preparation) -> dict:
    """Where the rows of the phase will start: the last ids, the persons' versions."""
    from django.db.models import Max, Sum

    from accueil.models import Acte, Entretien, Orientation, Personne, Situation, Transmission
    from intervenants.models import EnvoiDeFormulaire

    postes = [p.pk for p in preparation.postes]
    maxi = {
        modele.__name__: modele.objects.aggregate(m=Max("pk"))["m"] or 0
        for modele in (Situation, Entretien, Acte, Orientation, Transmission, Personne)
    }
    maxi["EnvoiDeFormulaire"] = EnvoiDeFormulaire.objects.aggregate(m=Max("pk"))["m"] or 0
    maxi["versions"] = (
        Personne.objects.filter(poste_id__in=postes, pk__lte=maxi["Personne"]).aggregate(
            s=Sum("version")
        )["s"]
        or 0
    )
    return maxi


def lignes_trouvees(preparation: Preparation, avant: dict) -> dict[str, int]:
    from django.db.models import Sum

    from accueil.models import (
        Acte,
        Entretien,
        Orientation,
        Personne,
        Saisine,
        Situation,
        Transmission,
    )
    from intervenants.models import EnvoiDeFormulaire

    postes = [p.pk for p in preparation.postes]
    auteurs = [r.compte.pk for r in preparation.redactrices]
    nouvelles = Situation.objects.filter(pk__gt=avant["Situation"], poste_id__in=postes)

    def par(modele):
        return modele.objects.filter(pk__gt=avant[modele.__name__], auteur_id__in=auteurs).count()

    versions = (
        Personne.objects.filter(poste_id__in=postes, pk__lte=avant["Personne"]).aggregate(
            s=Sum("version")
        )["s"]
        or 0
    )
    return {
        "situations ouvertes": nouvelles.filter(referent_id__in=auteurs).count(),
        "saisines prises en charge": Saisine.objects.filter(
            situation__in=nouvelles, etat="prise_en_charge"
        ).count(),
        "entretiens": par(Entretien),
        "actes": par(Acte),
        "orientations": par(Orientation),
        "transmissions": par(Transmission),
        "rectifications (versions)": versions - avant["versions"],
        JETONS: EnvoiDeFormulaire.objects.filter(
            pk__gt=avant["EnvoiDeFormulaire"], utilisateur_id__in=auteurs
        )
        .exclude(resultat="")
        .count(),
    }


def interblocages() -> int:
    from django.db import connection

    with connection.cursor() as curseur:
        curseur.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        return curseur.fetchone()[0]


def observer_les_attentes(url: str, fin: float, releves: list[int]) -> None:
    """Every half second, how many sessions of the database wait for a lock (the post's
    advisory lock, a row): how contended the writes are, beside their durations."""
    connexion = _connecter(url)
    connexion.autocommit = True
    try:
        with connexion.cursor() as curseur:
            while time.monotonic() < fin:
                curseur.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                releves.append(curseur.fetchone()[0])
                time.sleep(0.5)
    finally:
        connexion.close()


def _cpu_de(pid: int) -> float:
    """Processor seconds used so far by the children of ``pid`` (gunicorn's workers)."""
    total = 0.0
    for enfant in psutil.Process(pid).children():
        with contextlib.suppress(psutil.NoSuchProcess):
            temps = enfant.cpu_times()
            total += temps.user + temps.system
    return total


def _occupation(avant, apres) -> float:
    """Share of the machine's processor time that was busy between two ``cpu_times()``."""
    libre = (apres.idle + getattr(apres, "iowait", 0)) - (avant.idle + getattr(avant, "iowait", 0))
    total = sum(apres) - sum(avant)
    return 1 - libre / total if total else float("nan")


# --- Backup under load (item 7) ------------------------------------------------------------


def _manage(url: str, *arguments: str, delai: float = 900) -> subprocess.CompletedProcess:
    racine = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.perf.settings", "DATABASE_URL": url}
    return subprocess.run(  # noqa: S603 -- fixed arguments
        [sys.executable, "manage.py", *arguments],
        cwd=racine,
        env=env,
        capture_output=True,
        text=True,
        timeout=delai,
    )


def _connecter(url: str):
    import dj_database_url
    import psycopg2

    base = dj_database_url.parse(url)
    return psycopg2.connect(
        dbname=base["NAME"],
        user=base.get("USER") or None,
        password=base.get("PASSWORD") or None,
        host=base.get("HOST") or None,
        port=base.get("PORT") or None,
    )


def _compter(curseur) -> dict[str, int]:
    comptes = {}
    for libelle, table in TABLES_SAUVEGARDE.items():
        curseur.execute(f"SELECT count(*) FROM {table}")
        comptes[libelle] = curseur.fetchone()[0]
    return comptes


@dataclass
class Sauvegarde:
    fichier: Path
    comptes: dict = field(default_factory=dict)
    instant: str = ""
    duree: float = 0.0
    erreur: str = ""
    debut: float = 0.0  # time.monotonic(), for the writes sent meanwhile


def sauvegarder_sous_charge(url: str, dossier: Path) -> Sauvegarde:
    """``manage.py sauvegarder`` of a snapshot this session exports and counts in: the counts
    are those of the instant the dump sees, exactly, while the writers go on."""
    import psycopg2.extensions

    resultat = Sauvegarde(dossier / "banc.sauvegarde")
    connexion = _connecter(url)
    try:
        connexion.set_session(
            isolation_level=psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ, readonly=True
        )
        with connexion.cursor() as curseur:
            curseur.execute("SELECT pg_export_snapshot(), clock_timestamp()")
            instantane, instant = curseur.fetchone()
            resultat.instant = instant.isoformat(timespec="milliseconds")
            resultat.comptes = _compter(curseur)
        debut = resultat.debut = time.monotonic()
        fait = _manage(
            url, "sauvegarder", "--sortie", str(resultat.fichier), "--instantane", instantane
        )
        resultat.duree = time.monotonic() - debut
        if fait.returncode != 0:
            resultat.erreur = (fait.stderr or fait.stdout).strip()[-500:]
    finally:
        connexion.rollback()
        connexion.close()
    return resultat


def restaurer_et_verifier(url: str, sauvegarde: Sauvegarde) -> dict:
    """Restore into a new database, run verifier_cumuls there, count, drop it."""
    from django.db import connection

    from intervenants.management.commands.restaurer import supprimer_base

    nom = f"{connection.settings_dict['NAME']}_restauree_{uuid.uuid4().hex[:8]}"
    url_restauree = url.rsplit("/", 1)[0] + "/" + nom
    bilan = {"base": nom, "restauree": False, "cumuls_exacts": False, "comptes": {}}
    debut = time.monotonic()
    try:
        fait = _manage(url, "restaurer", "--entree", str(sauvegarde.fichier), "--base", nom)
        bilan["duree_restauration_s"] = round(time.monotonic() - debut, 1)
        if fait.returncode != 0:
            bilan["erreur"] = (fait.stderr or fait.stdout).strip()[-500:]
            return bilan
        bilan["restauree"] = True
        verification = _manage(url_restauree, "verifier_cumuls")
        bilan["cumuls_exacts"] = (
            verification.returncode == 0 and "aucun écart" in verification.stdout
        )
        bilan["verifier_cumuls"] = (verification.stdout + verification.stderr).strip()[-300:]
        restauree = _connecter(url_restauree)
        try:
            with restauree.cursor() as curseur:
                bilan["comptes"] = _compter(curseur)
        finally:
            restauree.close()
    finally:
        supprimer_base(connection.settings_dict, nom)
    return bilan


# --- The phase ---------------------------------------------------------------------------


def lecteurs(personas, preparation: Preparation, annee: int, bench) -> list[tuple]:
    """20 readers: every coordinator (their dashboards read the running totals the writers
    move), then the chiefs of the written posts' sites first, then others."""
    from intervenants.models import Role

    sites = {s.pk for p in preparation.postes for s in p.sites.all()}
    affectations = personas["affectations"]
    chefs = sorted(
        personas["comptes"][Role.AUTORITE],
        key=lambda u: (affectations[u.pk].site_id not in sites, u.pk),
    )
    coordinateurs = personas["comptes"][Role.COORDINATEUR][:5]
    choisis = [(u, bench.urls_coordinateur(u, affectations, annee)) for u in coordinateurs]
    return choisis + [
        (u, bench.urls_chef(u, affectations, annee)) for u in chefs[: 20 - len(choisis)]
    ]


def phase(personas, annee: int, duree: float, res, url: str, bench) -> dict:
    """Run the write phase; record its measures and targets in ``res``."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    preparation = preparer()
    lecteurs_ = lecteurs(personas, preparation, annee, bench)
    sessions = bench.ouvrir_sessions(
        [r.compte for r in preparation.redactrices] + [u for u, _ in lecteurs_]
    )
    for r in preparation.redactrices:
        r.session = sessions[r.compte.pk]

    avant = reperes(preparation)
    interblocages_avant = interblocages()
    journal = Path(tempfile.mkdtemp(prefix="banc-ecritures-")) / "gunicorn.log"
    dossier_sauvegarde = Path(tempfile.mkdtemp(prefix="banc-sauvegarde-"))
    sauvegarde: list[Sauvegarde] = []

    with bench.serveur_gunicorn(url, journal) as gunicorn:
        cpu_application = _cpu_de(gunicorn.pid)
        cpu_machine = psutil.cpu_times()
        cpu_banc = sum(psutil.Process().cpu_times()[:2])
        fin = time.monotonic() + duree
        ecrivaines = Ecrivaines(preparation, bench.PORT, fin)
        lectures: list = []
        verrou = threading.Lock()
        fils = [
            threading.Thread(target=ecrivaines.ecrire, args=(rang, r), daemon=True)
            for rang, r in enumerate(preparation.redactrices)
        ]
        fils += [
            threading.Thread(
                target=bench.lire_en_boucle,
                args=(500 + rang, f"sessionid={sessions[u.pk]}", urls, fin, lectures, verrou),
                daemon=True,
            )
            for rang, (u, urls) in enumerate(lecteurs_)
        ]

        def sauvegarder_au_milieu():
            time.sleep(duree / 2)
            sauvegarde.append(sauvegarder_sous_charge(url, dossier_sauvegarde))

        fils.append(threading.Thread(target=sauvegarder_au_milieu, daemon=True))
        attentes: list[int] = []
        fils.append(
            threading.Thread(target=observer_les_attentes, args=(url, fin, attentes), daemon=True)
        )
        debut = time.monotonic()
        for f in fils:
            f.start()
        for f in fils:
            f.join(timeout=duree + 600)
        ecoule = time.monotonic() - debut
        cpu_application = _cpu_de(gunicorn.pid) - cpu_application
        cpu_machine = _occupation(cpu_machine, psutil.cpu_times())
        cpu_banc = sum(psutil.Process().cpu_times()[:2]) - cpu_banc

    envois = list(ecrivaines.envois)
    issues = Counter(e.issue for e in envois)
    posts = [e.duree for e in envois]
    m = res.mesure(
        "ecriture",
        f"écriture : {len(preparation.redactrices)} rédactrices, envois (POST)",
        posts,
    )
    lecture = res.mesure(
        "ecriture_lecture",
        f"  pendant ce temps, {len(lecteurs_)} lecteurs (chefs, coordinateurs)",
        [d for _, d, _, _ in lectures],
    )
    s = sauvegarde[0] if sauvegarde else Sauvegarde(Path(), erreur="pas de sauvegarde")
    pendant = [e.duree for e in envois if s.debut <= e.debut <= s.debut + s.duree]
    hors = [e.duree for e in envois if not s.debut <= e.debut <= s.debut + s.duree]
    m["p95_hors_sauvegarde_ms"] = round(1000 * bench.centile(hors, 0.95), 1)
    m["p95_pendant_sauvegarde_ms"] = round(1000 * bench.centile(pendant, 0.95), 1)
    print(
        f"    envois pendant la sauvegarde ({s.duree:.0f} s) : p95 "
        f"{m['p95_pendant_sauvegarde_ms']} ms (n={len(pendant)}) ; hors sauvegarde : p95 "
        f"{m['p95_hors_sauvegarde_ms']} ms (n={len(hors)})",
        flush=True,
    )
    par_page: dict[str, list[float]] = {}
    for _, d, _, chemin in lectures:
        par_page.setdefault(chemin.split("?")[0], []).append(d)
    lecture["par_page_p95_ms"] = {
        k: round(1000 * bench.centile(v, 0.95), 1) for k, v in par_page.items()
    }
    print(
        "    lecteurs, p95 par page : "
        + ", ".join(f"{k} {v} ms" for k, v in sorted(lecture["par_page_p95_ms"].items())),
        flush=True,
    )
    for type_ in TYPES:
        durees = [e.duree for e in envois if e.type == type_]
        if durees:
            m.setdefault("par_type", {})[type_] = {
                "n": len(durees),
                "p95_ms": round(1000 * bench.centile(durees, 0.95), 1),
                "issues": dict(Counter(e.issue for e in envois if e.type == type_)),
            }
    pages_formulaires = [d for d, _, quoi in ecrivaines.pages]
    erreurs = [e for e in envois if e.issue == "erreur"]
    erreurs_pages = [p for p in ecrivaines.pages if p[1] not in (200, 302)]
    erreurs_lecture = [x for x in lectures if x[2] != 200]
    total_requetes = len(envois) + len(ecrivaines.pages) + len(lectures)
    m.update(
        {
            "duree_s": duree,
            "issues": dict(issues),
            "debit_envois_par_s": round(len(envois) / ecoule, 2),
            "debit_rps": round(total_requetes / ecoule, 1),
            "pages_des_redactrices_p95_ms": round(1000 * bench.centile(pages_formulaires, 0.95), 1),
            "erreurs": len(erreurs) + len(erreurs_pages) + len(erreurs_lecture),
        }
    )
    m["cpu_application_ms_par_requete"] = round(1000 * cpu_application / total_requetes, 1)
    m["processeur_occupe"] = round(cpu_machine, 2)
    print(
        f"  {len(envois)} envois ({m['debit_envois_par_s']}/s ; {total_requetes} requêtes en "
        f"tout, {m['debit_rps']}/s) : {issues['enregistre']} enregistrés, {issues['deja']} "
        f"« déjà qualifiée », {issues['refuse']} refusés, {issues['erreur']} en erreur ; "
        f"pages des rédactrices p95 {m['pages_des_redactrices_p95_ms']} ms",
        flush=True,
    )
    print(
        f"    processeur de la machine occupé à {100 * cpu_machine:.0f} % pendant la phase "
        f"(les {os.cpu_count()} cœurs, tous processus) ; gunicorn : "
        f"{m['cpu_application_ms_par_requete']} ms de processeur par requête ; les "
        f"utilisateurs simulés (ce processus) : {100 * cpu_banc / ecoule:.0f} % d'un cœur",
        flush=True,
    )
    if attentes:
        m["attente_de_verrou"] = {
            "moyenne": round(sum(attentes) / len(attentes), 2),
            "max": max(attentes),
            "part_des_releves": round(sum(1 for a in attentes if a) / len(attentes), 2),
        }
        print(
            f"    sessions en attente d'un verrou : {m['attente_de_verrou']['moyenne']} en "
            f"moyenne, {m['attente_de_verrou']['max']} au plus, au moins une dans "
            f"{100 * m['attente_de_verrou']['part_des_releves']:.0f} % des relevés (toutes les "
            "0,5 s)",
            flush=True,
        )
    for type_, t in m.get("par_type", {}).items():
        print(f"    p95 {t['p95_ms']:>8.1f} ms  {LIBELLES[type_]:<24} {t['issues']}", flush=True)
    refus = Counter((e.type, e.detail) for e in envois if e.issue == "refuse")
    for (type_, detail), n in refus.most_common(5):
        print(f"    refusé ×{n} ({LIBELLES[type_]}) : {detail}", flush=True)
    if erreurs or erreurs_pages or erreurs_lecture:
        exemples = [(e.type, e.statut) for e in erreurs[:3]] + erreurs_pages[:3]
        print(f"    erreurs, ex. : {exemples} {erreurs_lecture[:3]}", flush=True)

    # Deadlocks: the server's count for this database, and the application's log.
    time.sleep(1)  # statistics are flushed by each backend at most every second
    nb_interblocages = interblocages() - interblocages_avant
    texte_du_journal = journal.read_text(errors="replace")
    dans_le_journal = texte_du_journal.lower().count("deadlock")
    m["interblocages"] = nb_interblocages
    m["interblocages_journal"] = dans_le_journal
    if texte_du_journal.strip():
        garde = f"gardé : {journal}"  # something went wrong: the traces are kept to read
    else:
        journal.unlink()
        journal.parent.rmdir()
        garde = "vide"
    print(
        f"  interblocages : {nb_interblocages} (pg_stat_database), {dans_le_journal} "
        f"(journal de gunicorn, {garde})",
        flush=True,
    )

    # Nothing lost, nothing doubled.
    attendues = lignes_attendues(envois)
    trouvees = lignes_trouvees(preparation, avant)
    ecarts = ecarts_de_lignes(attendues, trouvees)
    m["lignes_attendues"], m["lignes_trouvees"] = attendues, trouvees
    print(f"  lignes écrites : {trouvees}", flush=True)
    for ecart in ecarts:
        print(f"    ÉCART {ecart}", flush=True)
    try:
        call_command("verifier_cumuls", stdout=open(os.devnull, "w"))  # noqa: SIM115
        cumuls_exacts = True
    except CommandError as erreur:
        cumuls_exacts = False
        print(f"  verifier_cumuls : {erreur}", flush=True)
    print(f"  verifier_cumuls : {'aucun écart' if cumuls_exacts else 'ÉCARTS'}", flush=True)

    # The backup taken in the middle.
    bilan = {"restauree": False, "cumuls_exacts": False, "comptes": {}}
    if not s.erreur:
        bilan = restaurer_et_verifier(url, s)
    print(
        f"  sauvegarde sous charge : instantané du {s.instant}, {s.duree:.1f} s"
        + (f", ÉCHEC {s.erreur}" if s.erreur else "")
        + f" ; restauration {bilan.get('duree_restauration_s', '—')} s",
        flush=True,
    )
    comptes_egaux = bool(bilan["comptes"]) and bilan["comptes"] == s.comptes
    print(f"    comptes de l'instantané : {s.comptes}", flush=True)
    if not comptes_egaux:
        print(f"    comptes restaurés       : {bilan['comptes']}", flush=True)
    if bilan.get("erreur"):
        print(f"    restaurer : {bilan['erreur']}", flush=True)
    res.mesures["sauvegarde_sous_charge"] = {
        "instant": s.instant,
        "duree_s": round(s.duree, 1),
        "comptes": s.comptes,
        **bilan,
    }
    for f in dossier_sauvegarde.iterdir():
        f.unlink()
    dossier_sauvegarde.rmdir()

    erreurs_total = m["erreurs"]
    res.cible("écriture : 0 erreur", erreurs_total == 0, f"{erreurs_total} erreurs")
    res.cible(
        "écriture : 0 interblocage",
        nb_interblocages == 0 and dans_le_journal == 0,
        f"{nb_interblocages} (base), {dans_le_journal} (journal)",
    )
    res.cible("écriture : p95 ≤ 150 ms", m["p95_ms"] <= 150, f"{m['p95_ms']} ms")
    res.cible(
        "lecture pendant l'écriture : p95 ≤ 300 ms",
        lecture["p95_ms"] <= 300,
        f"{lecture['p95_ms']} ms",
    )
    res.cible(
        "écriture : verifier_cumuls sans écart",
        cumuls_exacts,
        "aucun écart" if cumuls_exacts else "écarts",
    )
    res.cible(
        "écriture : lignes = envois enregistrés",
        not ecarts,
        f"{issues['enregistre']} enregistrés" if not ecarts else "; ".join(ecarts),
    )
    res.cible(
        "sauvegarde sous charge : restaurée",
        bilan["restauree"],
        f"{s.duree:.0f} s + {bilan.get('duree_restauration_s', '—')} s",
    )
    res.cible(
        "sauvegarde restaurée : cumuls sans écart",
        bilan["cumuls_exacts"],
        "aucun écart" if bilan["cumuls_exacts"] else "écarts",
    )
    res.cible(
        "sauvegarde restaurée : comptes = instantané",
        comptes_egaux,
        f"{sum(s.comptes.values())} lignes" if comptes_egaux else "différents",
    )
    return m
