"""A national-scale dataset for the benchmark (``generer_volume``, tests/perf/management).

For a dedicated benchmark database only: rows are written with PostgreSQL COPY, with
explicit ids, outside the services (no journal entry per record). Distributions reuse
those of the demo (accueil/demo.py); sizes follow the benchmark issue: per post and year
about 830 new situations, 1.2 referrals, 3 interviews and 1 orientation per situation.

Fernet-encrypting millions of notes would take most of the run: a small pool of notes is
encrypted once and the tokens are reused (they decrypt like any other note).
"""

from __future__ import annotations

import datetime
import io
import math
import random
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from accueil import demo
from accueil.chiffrement import chiffrer
from accueil.choix import (
    ORIGINES_FORCES,
    EtatSaisine,
    FondementJuridique,
    ModeEntretien,
    NatureTransmission,
    OuiNonInconnu,
    Problematique,
    Sexe,
    TypeActe,
    TypePartenaire,
    Urgence,
    tranche_pour_age,
)
from accueil.models import (
    Acte,
    Adhesion,
    Entretien,
    Orientation,
    Partenaire,
    Personne,
    Saisine,
    Situation,
    Transmission,
)
from intervenants.models import (
    Affectation,
    Departement,
    Employeur,
    Force,
    Poste,
    Role,
    Site,
    TypeEmployeur,
    TypeSite,
)
from intervenants.roles import PERMISSIONS_PAR_ROLE
from rapports import cumuls

User = get_user_model()

# Every generated account and post carries these prefixes: how the command recognises a
# database that holds nothing but generated data.
PREFIXE_COMPTE = "vol-"
PREFIXE_POSTE = "Volume "
# The colleagues the benchmark's write phase names on some posts (tests/perf/ecritures.py).
PREFIXE_REDACTRICE = f"{PREFIXE_COMPTE}redactrice-"

SITUATIONS_PAR_POSTE_ET_AN = 830

DEPARTEMENTS = [
    ("01", "Ain"), ("02", "Aisne"), ("03", "Allier"), ("06", "Alpes-Maritimes"),
    ("10", "Aube"), ("13", "Bouches-du-Rhône"), ("14", "Calvados"), ("17", "Charente-Maritime"),
    ("21", "Côte-d'Or"), ("22", "Côtes-d'Armor"), ("25", "Doubs"), ("26", "Drôme"),
    ("27", "Eure"), ("29", "Finistère"), ("2A", "Corse-du-Sud"), ("30", "Gard"),
    ("31", "Haute-Garonne"), ("33", "Gironde"), ("34", "Hérault"), ("35", "Ille-et-Vilaine"),
    ("37", "Indre-et-Loire"), ("38", "Isère"), ("42", "Loire"), ("44", "Loire-Atlantique"),
    ("45", "Loiret"), ("49", "Maine-et-Loire"), ("51", "Marne"), ("54", "Meurthe-et-Moselle"),
    ("56", "Morbihan"), ("57", "Moselle"), ("59", "Nord"), ("60", "Oise"), ("62", "Pas-de-Calais"),
    ("63", "Puy-de-Dôme"), ("64", "Pyrénées-Atlantiques"), ("66", "Pyrénées-Orientales"),
    ("67", "Bas-Rhin"), ("68", "Haut-Rhin"), ("69", "Rhône"), ("72", "Sarthe"),
    ("74", "Haute-Savoie"),
    ("75", "Paris"), ("76", "Seine-Maritime"), ("77", "Seine-et-Marne"), ("78", "Yvelines"),
    ("80", "Somme"), ("83", "Var"), ("84", "Vaucluse"), ("85", "Vendée"), ("86", "Vienne"),
    ("87", "Haute-Vienne"), ("91", "Essonne"), ("92", "Hauts-de-Seine"),
    ("93", "Seine-Saint-Denis"),
    ("94", "Val-de-Marne"), ("95", "Val-d'Oise"), ("971", "Guadeloupe"), ("972", "Martinique"),
    ("973", "Guyane"), ("974", "La Réunion"),
]  # fmt: skip

ACTES = [
    (TypeActe.EVALUATION, 30),
    (TypeActe.ECOUTE, 25),
    (TypeActe.INFORMATION_DROITS, 20),
    (TypeActe.AIDE_DEMARCHES, 12),
    (TypeActe.ACCOMPAGNEMENT, 4),
    (TypeActe.MISE_A_L_ABRI, 3),
    (TypeActe.ECHANGE_PARTENAIRE, 4),
    (TypeActe.NOTE_SOCIALE, 2),
]
TYPES_ORIENTATION = [
    (TypePartenaire.AIDE_VICTIMES, 22),
    (TypePartenaire.CIDFF, 12),
    (TypePartenaire.VIOLENCES_FEMMES, 10),
    (TypePartenaire.SERVICE_DEPARTEMENTAL, 14),
    (TypePartenaire.SIAO_115, 7),
    (TypePartenaire.PSYCHIATRIE, 6),
    (TypePartenaire.UMJ, 5),
    (TypePartenaire.AVOCAT, 5),
    (TypePartenaire.POINT_JUSTICE, 5),
    (TypePartenaire.CAF_CPAM_FT, 4),
    (TypePartenaire.CSAPA, 3),
    (TypePartenaire.MISSION_LOCALE, 2),
    (TypePartenaire.FORCES_ORDRE, 5),
]
# Counts per situation, as (count, weight): means ≈ 3 interviews, 1.5 acts, 1 orientation.
NB_ENTRETIENS = [(1, 22), (2, 22), (3, 20), (4, 14), (5, 9), (6, 6), (8, 4), (10, 3)]
NB_ACTES = [(0, 10), (1, 45), (2, 30), (3, 10), (4, 5)]
NB_ORIENTATIONS = [(0, 35), (1, 40), (2, 15), (3, 7), (4, 3)]


def _table(modele) -> tuple[str, list[str]]:
    """The table and the columns COPY writes: the database computes the generated ones
    (``Personne.nom_cherchable``)."""
    colonnes = [f.column for f in modele._meta.concrete_fields if not f.generated]
    return modele._meta.db_table, colonnes


# Columns written, in order; checked against the models at start-up (schema drift).
COLONNES = {
    "personne": ["id", "version", "updated_at", "poste_id", "nom", "prenom", "sexe",
                 "date_naissance", "annee_naissance", "telephone", "commune", "created_at",
                 "anonymisee_le", "anonyme", "jeton"],
    "situation": ["id", "version", "updated_at", "poste_id", "personne_id", "date_ouverture",
                  "date_cloture", "statut_affaire", "problematiques", "problematique_principale",
                  "connu_service_social", "enfants_au_foyer", "sexe", "tranche_age", "mineur",
                  "derniere_activite", "referent_id"],
    "situation_sites": ["id", "situation_id", "site_id"],
    "saisine": ["id", "poste_id", "situation_id", "site_id", "origine", "date_saisine",
                "agent_id", "motif", "urgence", "nom_declare", "prenom_declare",
                "annee_naissance_declaree",
                "telephone_declare", "reference_main_courante", "etat", "date_etat",
                "motif_sans_suite", "precision_sans_suite", "created_at"],
    "entretien": ["id", "version", "updated_at", "situation_id", "date", "mode",
                  "duree_minutes", "auteur_id", "adhesion", "notes"],
    "acte": ["id", "situation_id", "date", "type", "auteur_id"],
    "orientation": ["id", "situation_id", "partenaire_id", "type_partenaire", "date",
                    "consentement", "issue", "date_issue", "auteur_id"],
    "adhesion": ["id", "situation_id", "date_recueil", "date_retrait", "recueillie_par_id"],
    "transmission": ["id", "situation_id", "nature", "fondement", "destinataire",
                     "destinataire_partenaire_id", "date", "resume", "copie_crip",
                     "date_copie_crip", "personne_informee", "motif_non_information",
                     "auteur_id"],
}  # fmt: skip
MODELES = {
    "personne": Personne,
    "situation": Situation,
    "situation_sites": Situation.sites.through,
    "saisine": Saisine,
    "entretien": Entretien,
    "acte": Acte,
    "orientation": Orientation,
    "adhesion": Adhesion,
    "transmission": Transmission,
}


def verifier_schema() -> None:
    for cle, modele in MODELES.items():
        _, colonnes = _table(modele)
        if colonnes != COLONNES[cle]:
            raise RuntimeError(f"Les colonnes de {cle} ont changé : {colonnes}")


def donnees_non_generees() -> bool:
    return (
        Poste.objects.exclude(intitule__startswith=PREFIXE_POSTE).exists()
        or User.objects.exclude(username__startswith=PREFIXE_COMPTE).exists()
    )


def deja_generee() -> bool:
    return Poste.objects.filter(intitule__startswith=PREFIXE_POSTE).exists()


# --- Progress ------------------------------------------------------------------------------


class Progression:
    """A plain progress bar on stderr (no dependency): one line rewritten in place."""

    def __init__(self, total: int, sortie=None, libelle: str = ""):
        self.total = max(total, 1)
        self.fait = 0
        self.sortie = sortie or sys.stderr
        self.libelle = libelle
        self.debut = time.monotonic()
        self.dernier = 0.0

    def avancer(self, n: int = 1, detail: str = "") -> None:
        self.fait += n
        maintenant = time.monotonic()
        if maintenant - self.dernier < 0.5 and self.fait < self.total:
            return
        self.dernier = maintenant
        part = self.fait / self.total
        ecoule = maintenant - self.debut
        reste = ecoule / part - ecoule if part else 0
        barre = "#" * int(30 * part)
        self.sortie.write(
            f"\r{self.libelle} [{barre:<30}] {part:6.1%} {self.fait}/{self.total} "
            f"{ecoule:5.0f} s écoulées, ~{reste:4.0f} s restantes {detail}   "
        )
        self.sortie.flush()

    def finir(self) -> None:
        self.sortie.write("\n")
        self.sortie.flush()


# --- COPY ----------------------------------------------------------------------------------


def _texte(valeur) -> str:
    if valeur is None:
        return "\\N"
    if valeur is True:
        return "t"
    if valeur is False:
        return "f"
    if isinstance(valeur, list):
        return "{" + ",".join(valeur) + "}"
    return str(valeur)


class Tampons:
    """One in-memory COPY buffer per table, flushed together."""

    def __init__(self):
        self.tampons = {cle: io.StringIO() for cle in COLONNES}
        self.lignes = dict.fromkeys(COLONNES, 0)

    def ajouter(self, cle: str, ligne: tuple) -> None:
        self.tampons[cle].write("\t".join(map(_texte, ligne)))
        self.tampons[cle].write("\n")
        self.lignes[cle] += 1

    def vider(self, curseur) -> None:
        for cle, tampon in self.tampons.items():
            if not self.lignes[cle]:
                continue
            tampon.seek(0)
            table = MODELES[cle]._meta.db_table
            curseur.copy_expert(
                f"COPY {table} ({', '.join(COLONNES[cle])}) FROM STDIN WITH (FORMAT text)",
                tampon,
            )
        self.tampons = {cle: io.StringIO() for cle in COLONNES}
        self.lignes = dict.fromkeys(COLONNES, 0)


# --- The organisation ----------------------------------------------------------------------


@dataclass
class PosteGenere:
    poste: Poste
    sites: list[Site]
    poids: float
    intervenant_id: int
    agents: dict[int, int] = field(default_factory=dict)  # site id -> officer account id
    partenaires: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Organisation:
    postes: list[PosteGenere]
    comptes: dict[str, list] = field(default_factory=dict)


def _creer_comptes(specs: list[tuple[str, str, object]]) -> dict[str, User]:
    """Accounts and their affectations in bulk; object permissions exactly as
    ``intervenants.services.synchroniser_permissions`` would grant them."""
    debut = timezone.localdate() - datetime.timedelta(days=3 * 365)
    nouveaux = []
    for nom, role, _ in specs:
        # No password: the benchmark opens sessions itself; nobody logs in to these.
        utilisateur = User(username=nom, first_name="Compte", last_name=Role(role).label)
        utilisateur.set_unusable_password()
        nouveaux.append(utilisateur)
    utilisateurs = User.objects.bulk_create(nouveaux, batch_size=2000)
    comptes = {u.username: u for u in utilisateurs}
    affectations = []
    permissions = []
    cache_permissions: dict[tuple[int, str], int] = {}
    for nom, role, perimetre in specs:
        champ, codenames = PERMISSIONS_PAR_ROLE[role]
        affectations.append(
            Affectation(utilisateur=comptes[nom], role=role, date_debut=debut, **{champ: perimetre})
        )
        type_contenu = ContentType.objects.get_for_model(perimetre)
        for codename in codenames:
            cle = (type_contenu.pk, codename)
            if cle not in cache_permissions:
                cache_permissions[cle] = Permission.objects.get(
                    content_type=type_contenu, codename=codename
                ).pk
            permissions.append(
                (comptes[nom].pk, cache_permissions[cle], type_contenu.pk, perimetre.pk)
            )
    Affectation.objects.bulk_create(affectations, batch_size=2000)
    from guardian.models import UserObjectPermission

    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(user_id=u, permission_id=p, content_type_id=ct, object_pk=str(pk))
            for u, p, ct, pk in permissions
        ],
        batch_size=5000,
    )
    return comptes


def creer_organisation(nb_postes: int, alea: random.Random, faux: Faker) -> Organisation:
    nb_departements = max(2, min(len(DEPARTEMENTS), round(nb_postes / 6)))
    departements = [
        Departement.objects.get_or_create(code=code, defaults={"nom": nom})[0]
        for code, nom in DEPARTEMENTS[:nb_departements]
    ]
    etiquette = f"{Poste.objects.count() + 1:04d}"

    # Départements of unequal size: a few large urban ones, many small ones.
    poids_dpt = [1 / (rang + 2) ** 0.7 for rang in range(len(departements))]
    repartition = alea.choices(departements, weights=poids_dpt, k=nb_postes - len(departements))
    repartition = departements + repartition  # at least one post each

    partenaires = {}
    for departement in departements:
        objets = [
            Partenaire(
                departement=departement,
                nom=f"{libelle} — {departement.nom} ({etiquette})",
                type=type_partenaire,
            )
            for type_partenaire, libelle in [(t, t.label) for t, _ in TYPES_ORIENTATION]
        ]
        partenaires[departement.pk] = [
            (p.pk, p.type) for p in Partenaire.objects.bulk_create(objets)
        ]

    employeurs = []
    sites_par_dpt: dict[int, int] = {}
    postes: list[PosteGenere] = []
    for rang, departement in enumerate(repartition):
        # Two posts per employer, within one département (an employer belongs to one:
        # Employeur.departement), so a département's figures are protected on their own.
        if rang % 2 == 0 or not employeurs or employeurs[-1].departement_id != departement.pk:
            employeurs.append(
                Employeur.objects.create(
                    nom=f"Employeur {etiquette}-{rang:04d} ({departement.nom})",
                    type=alea.choice(list(TypeEmployeur)),
                    departement=departement,
                )
            )
        mutualise = alea.random() < 0.3
        nb_sites = alea.choice([2, 2, 3]) if mutualise else 1
        sites = []
        for _ in range(nb_sites):
            n = sites_par_dpt[departement.pk] = sites_par_dpt.get(departement.pk, 0) + 1
            police = alea.random() < 0.5
            commune = faux.city()
            sites.append(
                Site.objects.create(
                    nom=f"{'Commissariat' if police else 'Brigade'} de {commune} ({etiquette}-{n})",
                    type=TypeSite.COMMISSARIAT if police else TypeSite.BRIGADE_AUTONOME,
                    force=Force.POLICE if police else Force.GENDARMERIE,
                    commune=commune,
                    departement=departement,
                )
            )
        poste = Poste.objects.create(
            intitule=f"{PREFIXE_POSTE}{etiquette}-{rang:04d} — {sites[0].commune}",
            employeur=employeurs[-1],
            departement=departement,
            etp=alea.choice([Decimal("1.00"), Decimal("1.00"), Decimal("0.80"), Decimal("0.50")]),
            date_creation=datetime.date(2015, 1, 1),
        )
        poste.sites.set(sites)
        # Activity per post: log-normal, the largest ones about 3 to 4 times the median.
        postes.append(
            PosteGenere(
                poste=poste,
                sites=sites,
                poids=alea.lognormvariate(0, 0.45),
                intervenant_id=0,
                partenaires=partenaires[departement.pk],
            )
        )

    specs = []
    for pg in postes:
        n = pg.poste.intitule.split(" ")[1]
        specs.append((f"{PREFIXE_COMPTE}intervenant-{n}", Role.INTERVENANT, pg.poste))
        for site in pg.sites:
            specs.append((f"{PREFIXE_COMPTE}agent-{site.pk}", Role.AGENT, site))
            specs.append((f"{PREFIXE_COMPTE}chef-{site.pk}", Role.AUTORITE, site))
    for employeur in employeurs:
        specs.append((f"{PREFIXE_COMPTE}employeur-{employeur.pk}", Role.EMPLOYEUR, employeur))
    for departement in departements:
        specs.append(
            (f"{PREFIXE_COMPTE}coordinateur-{departement.code}", Role.COORDINATEUR, departement)
        )
    comptes = _creer_comptes(specs)
    for pg in postes:
        n = pg.poste.intitule.split(" ")[1]
        pg.intervenant_id = comptes[f"{PREFIXE_COMPTE}intervenant-{n}"].pk
        pg.agents = {s.pk: comptes[f"{PREFIXE_COMPTE}agent-{s.pk}"].pk for s in pg.sites}
    return Organisation(postes=postes)


# --- The records ---------------------------------------------------------------------------


class Tirage:
    """A weighted draw with its cumulative weights computed once."""

    def __init__(self, pondere):
        self.valeurs = [v.value if hasattr(v, "value") else v for v, _ in pondere]
        total = 0
        self.cumules = []
        for _, p in pondere:
            total += p
            self.cumules.append(total)

    def __call__(self, alea):
        return alea.choices(self.valeurs, cum_weights=self.cumules, k=1)[0]


ORIGINE = Tirage(demo.ORIGINES)
PROBLEMATIQUE = Tirage(demo.PROBLEMATIQUES)
STATUT = Tirage(demo.STATUTS)
MODE = Tirage(demo.MODES)
ISSUE = Tirage(demo.ISSUES)
ACTE = Tirage(ACTES)
ORIENTATION = Tirage(TYPES_ORIENTATION)
N_ENTRETIENS = Tirage(NB_ENTRETIENS)
N_ACTES = Tirage(NB_ACTES)
N_ORIENTATIONS = Tirage(NB_ORIENTATIONS)
PROBLEMATIQUES_TOUTES = [p.value for p, _ in demo.PROBLEMATIQUES]
CONNU = [c.value for c in OuiNonInconnu]
FORCES = {o.value for o in ORIGINES_FORCES}
SANS_REPONSE = ModeEntretien.SANS_REPONSE.value


@dataclass
class Compteurs:
    """Next id of each table (explicit ids: the sequences are moved past them at the end)."""

    ids: dict[str, int]

    def suivant(self, cle: str) -> int:
        self.ids[cle] += 1
        return self.ids[cle]


class Generateur:
    def __init__(self, alea: random.Random, faux: Faker, aujourd_hui: datetime.date, annees: int):
        self.alea = alea
        self.aujourd_hui = aujourd_hui
        self.premier_jour = aujourd_hui - datetime.timedelta(days=round(365.25 * annees))
        self.jours = (aujourd_hui - self.premier_jour).days
        self.noms = [faux.last_name() for _ in range(3000)]
        self.prenoms_f = [faux.first_name_female() for _ in range(600)]
        self.prenoms_h = [faux.first_name_male() for _ in range(600)]
        # Encrypting each note would dominate the run: a pool of tokens, reused.
        self.notes = [chiffrer(note) for note in demo.NOTES for _ in range(8)]
        self.resume = chiffrer(
            "Éléments de danger évalués au domicile ; parents informés de la transmission."
        )
        self.horodatages = {}

    def horodatage(self, jour: datetime.date) -> str:
        texte = self.horodatages.get(jour)
        if texte is None:
            texte = self.horodatages[jour] = f"{jour.isoformat()} 10:00:00+01"
        return texte

    def jour(self, depuis: datetime.date, max_jours: int) -> datetime.date:
        return min(
            depuis + datetime.timedelta(days=self.alea.randint(0, max_jours)), self.aujourd_hui
        )

    def situation(self, t: Tampons, ids: Compteurs, pg: PosteGenere, ouverture: datetime.date):
        alea = self.alea
        auteur = pg.intervenant_id
        principale = PROBLEMATIQUE(alea)
        mineur = principale in ("fugue", "mineur_danger", "enfant_expose") or alea.random() < 0.05
        if mineur:
            age = alea.randint(3, 17)
        elif alea.random() < 0.06:
            age = None
        else:
            age = int(min(95, max(18, alea.gauss(38, 13))))
        femme = alea.random() < (0.55 if mineur else 0.78)
        sexe = (
            Sexe.FEMME.value
            if femme
            else (Sexe.HOMME.value if alea.random() < 0.96 else Sexe.NON_RENSEIGNE.value)
        )
        personne_id = ids.suivant("personne")
        cree = self.horodatage(ouverture)
        commune = alea.choice(pg.sites).commune
        annee_naissance = None if age is None else ouverture.year - age
        t.ajouter("personne", (
            personne_id, 1, cree, pg.poste.pk, alea.choice(self.noms),
            alea.choice(self.prenoms_f if femme else self.prenoms_h), sexe, None,
            annee_naissance, f"06 {alea.randint(10, 99)} {alea.randint(10, 99)} "
            f"{alea.randint(10, 99)} {alea.randint(10, 99)}", commune, cree, None, False, None,
        ))  # fmt: skip
        autres = alea.sample(PROBLEMATIQUES_TOUTES, k=alea.choice([0, 0, 1, 1, 2]))
        problematiques = [principale, *(p for p in autres if p != principale)]
        situation_id = ids.suivant("situation")
        site = alea.choice(pg.sites)
        t.ajouter("situation_sites", (ids.suivant("situation_sites"), situation_id, site.pk))

        # Referrals: the first at opening, sometimes a second one later.
        for rang in range(2 if alea.random() < 0.2 else 1):
            date_saisine = ouverture if rang == 0 else self.jour(ouverture, 120)
            origine = ORIGINE(alea)
            sans_suite = alea.random() < 0.06
            t.ajouter("saisine", (
                ids.suivant("saisine"), pg.poste.pk, situation_id, site.pk, origine, date_saisine,
                pg.agents[site.pk] if origine in FORCES else None, alea.choice(demo.MOTIFS),
                Urgence.ORDINAIRE.value, "", "", None, "", "",
                EtatSaisine.SANS_SUITE.value if sans_suite else EtatSaisine.PRISE_EN_CHARGE.value,
                self.jour(date_saisine, 3), "", "", self.horodatage(date_saisine),
            ))  # fmt: skip

        jour = ouverture
        adhesion = None
        for _ in range(N_ENTRETIENS(alea)):
            jour = self.jour(jour, 25)
            mode = MODE(alea)
            contact = mode != SANS_REPONSE
            t.ajouter("entretien", (
                ids.suivant("entretien"), 1, self.horodatage(jour), situation_id, jour, mode,
                alea.choice((20, 30, 45, 60, 90)) if contact else None, auteur, contact,
                alea.choice(self.notes) if contact else "",
            ))  # fmt: skip
            if contact and adhesion is None:
                adhesion = jour
                t.ajouter("adhesion", (ids.suivant("adhesion"), situation_id, jour, None, auteur))
        derniere = jour
        for _ in range(N_ACTES(alea)):
            date = self.jour(ouverture, (jour - ouverture).days)
            t.ajouter("acte", (ids.suivant("acte"), situation_id, date, ACTE(alea), auteur))
        if adhesion is not None:
            for _ in range(N_ORIENTATIONS(alea)):
                type_partenaire = ORIENTATION(alea)
                partenaire = next((p for p, ty in pg.partenaires if ty == type_partenaire), None)
                date = self.jour(adhesion, max(0, (jour - adhesion).days))
                date_issue = self.jour(date, 30)
                connue = date_issue < self.aujourd_hui and alea.random() < 0.8
                t.ajouter("orientation", (
                    ids.suivant("orientation"), situation_id, partenaire, type_partenaire, date,
                    True, ISSUE(alea) if connue else "", date_issue if connue else None, auteur,
                ))  # fmt: skip
                t.ajouter(
                    "acte",
                    (ids.suivant("acte"), situation_id, date, TypeActe.ORIENTATION.value, auteur),
                )
        if mineur and alea.random() < 0.3:
            t.ajouter("transmission", (
                ids.suivant("transmission"), situation_id,
                NatureTransmission.INFORMATION_PREOCCUPANTE.value,
                FondementJuridique.CASF_L226_2_1.value, "CRIP", None, jour, self.resume, False,
                None,
                True, "", auteur,
            ))  # fmt: skip
        elif principale == Problematique.VC_PHYSIQUES and alea.random() < 0.04:
            t.ajouter("transmission", (
                ids.suivant("transmission"), situation_id,
                NatureTransmission.SIGNALEMENT_PROCUREUR.value, FondementJuridique.CP_223_6.value,
                "Procureur de la République", None, jour, self.resume, True, jour, False,
                "Information susceptible d'aggraver le danger.", auteur,
            ))  # fmt: skip
        cloture = None
        if derniere < self.aujourd_hui - datetime.timedelta(days=60) and alea.random() < 0.8:
            cloture = self.jour(derniere, 30)
        t.ajouter("situation", (
            situation_id, 1, self.horodatage(derniere), pg.poste.pk, personne_id, ouverture,
            cloture, STATUT(alea), problematiques, principale, alea.choice(CONNU),
            alea.choice((None, 0, 0, 1, 2, 3)), sexe, tranche_pour_age(age),
            None if age is None else age < 18, derniere, auteur,
        ))  # fmt: skip

    def en_attente(self, t: Tampons, ids: Compteurs, pg: PosteGenere):
        """Officer referrals waiting in the post's inbox, not yet qualified."""
        alea = self.alea
        for _ in range(alea.randint(0, 4)):
            site = alea.choice(pg.sites)
            jour = self.aujourd_hui - datetime.timedelta(days=alea.randint(0, 6))
            saisine_id = ids.suivant("saisine")
            # One waiting referral in ten is urgent, without drawing from the generator's
            # random stream (the rest of the data stays what it was).
            urgence = Urgence.DANGER_IMMEDIAT if saisine_id % 10 == 0 else Urgence.ORDINAIRE
            t.ajouter("saisine", (
                saisine_id, pg.poste.pk, None, site.pk, "policier_accueil", jour,
                pg.agents[site.pk], alea.choice(demo.MOTIFS), urgence.value, alea.choice(self.noms),
                alea.choice(self.prenoms_f), alea.randint(1960, 2005), "07 00 00 00 00", "",
                EtatSaisine.RECUE.value, jour, "", "", self.horodatage(jour),
            ))  # fmt: skip


def _ids_de_depart() -> Compteurs:
    ids = {}
    with connection.cursor() as curseur:
        for cle, modele in MODELES.items():
            curseur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {modele._meta.db_table}")  # noqa: S608
            ids[cle] = curseur.fetchone()[0]
    return Compteurs(ids)


def _recaler_sequences() -> None:
    with connection.cursor() as curseur:
        for modele in MODELES.values():
            table = modele._meta.db_table
            curseur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"GREATEST((SELECT MAX(id) FROM {table}), 1))"
            )


def _ecrire_les_postes(
    organisation, generateur, tampons, ids, cible, poids_total, alea, progression, lot_postes
) -> None:
    for rang, pg in enumerate(organisation.postes, start=1):
        nombre = round(cible * pg.poids / poids_total)
        # Activity grows a little over the years (posts filling up): a fifth of the dates
        # triangular, the rest uniform, so the daily rate goes from 0.8 to 1.2 times the mean.
        for _ in range(nombre):
            part = math.sqrt(alea.random()) if alea.random() < 0.2 else alea.random()
            decalage = min(int(generateur.jours * part), generateur.jours)
            ouverture = generateur.premier_jour + datetime.timedelta(days=decalage)
            generateur.situation(tampons, ids, pg, ouverture)
        generateur.en_attente(tampons, ids, pg)
        if rang % lot_postes == 0 or rang == len(organisation.postes):
            with transaction.atomic(), connection.cursor() as curseur:
                tampons.vider(curseur)
        progression.avancer(nombre, f"poste {rang}/{len(organisation.postes)}")


def generer(
    *,
    postes: int,
    annees: int,
    graine: int = 2026,
    sortie=None,
    journal=None,
    lot_postes: int = 10,
) -> dict[str, int]:
    """Generate the dataset; returns the number of rows written per table."""
    sortie = sortie or sys.stderr
    ecrire = journal or (lambda message: sortie.write(message + "\n"))
    verifier_schema()
    alea = random.Random(graine)  # noqa: S311 -- synthetic data, not security
    faux = Faker("fr_FR")
    faux.seed_instance(graine)
    aujourd_hui = timezone.localdate()

    debut = time.monotonic()
    with transaction.atomic():
        organisation = creer_organisation(postes, alea, faux)
    ecrire(
        f"Organisation : {postes} postes, "
        f"{sum(len(p.sites) for p in organisation.postes)} sites, comptes créés "
        f"({time.monotonic() - debut:.0f} s)."
    )

    generateur = Generateur(alea, faux, aujourd_hui, annees)
    poids_total = sum(p.poids for p in organisation.postes)
    cible = SITUATIONS_PAR_POSTE_ET_AN * annees * postes
    ids = _ids_de_depart()
    depart = dict(ids.ids)
    progression = Progression(cible, sortie, "situations")
    tampons = Tampons()
    # The statistics' running totals (rapports/cumuls.py) are recomputed once at the end
    # rather than by their triggers row after row.
    with cumuls.suspendus():
        _ecrire_les_postes(
            organisation,
            generateur,
            tampons,
            ids,
            cible,
            poids_total,
            alea,
            progression,
            lot_postes,
        )
        progression.finir()
        _recaler_sequences()
        ecrire(f"Lignes écrites en {time.monotonic() - debut:.0f} s ; cumuls des statistiques…")
    ecrire(f"Cumuls recalculés ({time.monotonic() - debut:.0f} s) ; VACUUM ANALYZE…")
    if not connection.in_atomic_block:
        # Statistics for the planner, and the visibility map that index-only scans need.
        with connection.cursor() as curseur:
            curseur.execute("VACUUM ANALYZE")
    return {cle: ids.ids[cle] - depart[cle] for cle in COLONNES}
