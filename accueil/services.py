"""Every write on the confidential side: keyword-only, in a transaction, journaled.

Business rules that the law or the framework imposes live here, so that no view can
skip them: consent before an accompaniment, legal basis for a transmission, a copy to
the CRIP for a signalement, an information préoccupante only about a minor.
"""

import datetime
import re
import uuid

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from accueil.choix import (
    FONDEMENTS_PAR_NATURE,
    PROBLEMATIQUES_MINEURS,
    EtatRendezVous,
    EtatSaisine,
    FondementJuridique,
    ModeEntretien,
    MotifRefusRequisition,
    MotifSansSuite,
    NatureTransmission,
    OrigineSaisine,
    Problematique,
    ReponseRequisition,
    Sexe,
    StatutAffaire,
    TrancheAge,
    TypePartenaire,
    Urgence,
    mineur_pour_tranche,
)
from accueil.models import (
    Acte,
    Adhesion,
    Entretien,
    Orientation,
    Partenaire,
    Personne,
    Rappel,
    RendezVous,
    Requisition,
    Saisine,
    Situation,
    Transmission,
)
from intervenants.models import ActionJournal, Affectation, Poste, Role, Site
from intervenants.services import journaliser
from intervenants.versions import enregistrer_version


def _journal(auteur, action, objet, situation_ou_poste, **details):
    poste = (
        situation_ou_poste
        if isinstance(situation_ou_poste, Poste)
        else Poste(pk=situation_ou_poste.poste_id)
    )
    journaliser(utilisateur=auteur, action=action, objet=objet, poste=poste, details=details)


def _pas_dans_le_futur(champ: str, jour: datetime.date | None):
    if jour and jour > timezone.localdate():
        raise ValidationError({champ: "La date ne peut pas être dans le futur."})


def _pas_avant_la_naissance(champ: str, jour: datetime.date, personne: Personne):
    annee = personne.annee
    if personne.date_naissance and jour < personne.date_naissance:
        raise ValidationError({champ: "La date précède la naissance de la personne."})
    if annee and not personne.date_naissance and jour.year < annee:
        raise ValidationError({champ: "La date précède l'année de naissance de la personne."})


def _verrouiller_poste(poste_id: int) -> None:
    """Take the post's lock first, before any row lock of the transaction.

    The database keeps the statistics' running totals of the post with triggers that take
    this same lock (``cumul_verrouiller``, accueil/sql/). A service that locked a situation
    row first (``_toucher``, a versioned update) and the post's lock second could deadlock
    with one doing the reverse (recording an interview, then touching the situation): every
    writing service therefore starts here."""
    with connection.cursor() as curseur:
        curseur.execute("SELECT cumul_verrouiller(%s)", [poste_id])


def _toucher(situation: Situation, jour: datetime.date) -> None:
    Situation.objects.filter(pk=situation.pk).update(
        derniere_activite=Greatest(F("derniere_activite"), jour)
    )


def poste_du_site(site: Site) -> Poste:
    """The post that receives the referrals of a site (the most recent one if several)."""
    poste = site.postes.order_by("-date_creation", "-pk").first()
    if poste is None:
        raise ValidationError({"site": "Aucun intervenant social n'est rattaché à ce site."})
    return poste


# --- Referrals --------------------------------------------------------------------------


@transaction.atomic
def adresser_saisine(
    *,
    agent,
    site: Site,
    nom: str,
    prenom: str,
    annee_naissance: int | None,
    telephone: str,
    motif: str,
    origine: str,
    urgence: str = Urgence.ORDINAIRE,
) -> Saisine:
    """An officer's referral: it lands in the inbox of the post covering the site."""
    poste = poste_du_site(site)
    _verrouiller_poste(poste.pk)
    saisine = Saisine.objects.create(
        poste=poste,
        site=site,
        origine=origine,
        agent=agent,
        motif=motif,
        urgence=urgence,
        nom_declare=nom,
        prenom_declare=prenom,
        annee_naissance_declaree=annee_naissance,
        telephone_declare=telephone,
    )
    _journal(agent, ActionJournal.CREATION, saisine, poste)
    return saisine


def _intervient_sur(compte, poste_id: int) -> bool:
    """True when ``compte`` is a worker of the post today: the only possible referents."""
    return (
        Affectation.objects.actives()
        .filter(role=Role.INTERVENANT, poste_id=poste_id, utilisateur_id=compte.pk)
        .exists()
    )


def _ouvrir_situation(
    *,
    poste,
    personne,
    donnees_situation: dict,
    sites,
    jour,
    referent=None,
    tranche_age: str | None = None,
) -> Situation:
    problematiques = list(donnees_situation.get("problematiques") or [])
    principale = donnees_situation["problematique_principale"]
    if principale not in problematiques:
        problematiques.insert(0, principale)
    situation = Situation(
        poste=poste,
        personne=personne,
        date_ouverture=jour,
        derniere_activite=jour,
        statut_affaire=donnees_situation["statut_affaire"],
        problematiques=problematiques,
        problematique_principale=principale,
        connu_service_social=donnees_situation.get("connu_service_social") or "inconnu",
        enfants_au_foyer=donnees_situation.get("enfants_au_foyer"),
        referent=referent,
    )
    situation.fixer_residu(personne)
    if tranche_age is not None:
        # No birth date to compute it from (an anonymous contact): the band as declared.
        situation.tranche_age = tranche_age
        situation.mineur = mineur_pour_tranche(tranche_age)
    situation.save()
    situation.sites.set(sites)
    return situation


QUALIFIEE_ENTRE_TEMPS = (
    "Cette saisine vient d'être qualifiée par une autre personne du poste : "
    "rien n'est enregistré. Rechargez la boîte des saisines."
)


def _encore_a_qualifier(saisine: Saisine) -> None:
    """Under the post's lock, the referral's state as committed, not as the view read it.

    Two workers of a post may open the same referral of the inbox and send their forms at
    the same moment: both views read it unqualified before either took the lock, and the
    second, once the first had committed, would qualify it again (a second person and
    situation, the first situation left without its referral). Seen while writing the
    bench's concurrent writers (issue 18, item 1)."""
    etat, situation_id = (
        Saisine.objects.filter(pk=saisine.pk).values_list("etat", "situation_id").get()
    )
    if (etat, situation_id) != (saisine.etat, saisine.situation_id):
        raise ValidationError(QUALIFIEE_ENTRE_TEMPS)


@transaction.atomic
def enregistrer_saisine(
    *,
    auteur,
    poste: Poste,
    site: Site,
    origine: str,
    date_saisine: datetime.date,
    motif: str,
    situation: Situation | None = None,
    donnees_personne: dict | None = None,
    donnees_situation: dict | None = None,
    saisine: Saisine | None = None,
    etat: str = EtatSaisine.PRISE_EN_CHARGE,
    urgence: str = Urgence.ORDINAIRE,
) -> Saisine:
    """Record a referral on an existing situation, or open a new one for a new person.

    With ``saisine``, qualifies a referral already in the inbox instead of creating one.
    """
    _verrouiller_poste(poste.pk)
    if saisine is not None and saisine.pk is not None:
        _encore_a_qualifier(saisine)
    _pas_dans_le_futur("date_saisine", date_saisine)
    if situation is not None and situation.poste_id != poste.pk:
        raise ValidationError("Cette situation n'appartient pas au poste.")
    if not poste.sites.filter(pk=site.pk).exists():
        raise ValidationError({"site": "Ce site n'est pas couvert par le poste."})
    if (
        saisine is not None
        and saisine.reference_main_courante
        and Saisine.objects.filter(
            poste=poste, site=site, reference_main_courante=saisine.reference_main_courante
        )
        .exclude(pk=saisine.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "site": f"La main courante {saisine.reference_main_courante} de ce site est "
                "déjà relevée dans une autre saisine."
            }
        )

    # The worker who opens or takes up the situation follows it (issue 16, item 9).
    referent = auteur if _intervient_sur(auteur, poste.pk) else None
    if situation is None:
        if not donnees_personne or not donnees_situation:
            raise ValidationError("Choisissez une situation existante ou décrivez la personne.")
        personne = Personne.objects.create(poste=poste, **donnees_personne)
        _pas_avant_la_naissance("date_saisine", date_saisine, personne)
        situation = _ouvrir_situation(
            poste=poste,
            personne=personne,
            donnees_situation=donnees_situation,
            sites=[site],
            jour=date_saisine,
            referent=referent,
        )
        _journal(auteur, ActionJournal.CREATION, situation, poste)
    else:
        if not situation.est_ouverte:
            rouvrir_situation(auteur=auteur, situation=situation)
        _pas_avant_la_naissance("date_saisine", date_saisine, situation.personne)
        situation.sites.add(site)
        _toucher(situation, date_saisine)
        if situation.referent_id is None and referent is not None:
            # A situation opened before referents existed: whoever takes it up follows it.
            _changer_referent(auteur=auteur, situation=situation, referent=referent)

    if saisine is None:
        saisine = Saisine(poste=poste)
        action = ActionJournal.CREATION
    else:
        action = ActionJournal.MODIFICATION
    saisine.situation = situation
    saisine.site = site
    saisine.origine = origine
    saisine.date_saisine = date_saisine
    saisine.motif = motif
    saisine.urgence = urgence
    saisine.etat = etat
    saisine.date_etat = timezone.localdate()
    saisine.save()
    _journal(auteur, action, saisine, poste, etat=etat)
    return saisine


@transaction.atomic
def classer_sans_suite(
    *, auteur, saisine: Saisine, motif_sans_suite: str = "", precision_sans_suite: str = ""
) -> Saisine:
    """A referral the worker does not take up (out of scope, person unreachable...)."""
    _verrouiller_poste(saisine.poste_id)
    _encore_a_qualifier(saisine)
    saisine.etat = EtatSaisine.SANS_SUITE
    saisine.date_etat = timezone.localdate()
    saisine.motif_sans_suite = motif_sans_suite
    saisine.precision_sans_suite = precision_sans_suite.strip() if motif_sans_suite else ""
    saisine.save(update_fields=["etat", "date_etat", "motif_sans_suite", "precision_sans_suite"])
    _journal(
        auteur, ActionJournal.MODIFICATION, saisine, Poste(pk=saisine.poste_id), etat="sans_suite"
    )
    return saisine


# --- Relevé des mains courantes -------------------------------------------------------------


def normaliser_reference(reference: str) -> str:
    """One spelling per logbook reference: « mc 2026/ 0123 » and « MC 2026/0123 » are the
    same entry, so that a relevé sent twice is recognised."""
    return re.sub(r"\s*([/.\-])\s*", r"\1", " ".join(reference.split())).upper()


class ReleveRefuse(ValidationError):
    """A relevé refused as a whole; ``par_ligne`` maps a line's index to its field errors."""

    def __init__(self, par_ligne: dict[int, dict[str, str]], *, renvoi: bool = False):
        self.par_ligne = par_ligne
        # Every line already read, nothing else wrong: the same relevé sent a second time.
        self.renvoi = renvoi
        super().__init__(
            [
                f"Ligne {i + 1} : {m}"
                for i, erreurs in sorted(par_ligne.items())
                for m in erreurs.values()
            ]
        )


def references_deja_relevees(*, poste: Poste, site: Site, references) -> dict[str, Saisine]:
    """The referrals of ``poste`` and ``site`` already carrying one of ``references``."""
    return {
        s.reference_main_courante: s
        for s in Saisine.objects.filter(
            poste=poste, site=site, reference_main_courante__in=list(references)
        ).only("pk", "reference_main_courante", "date_saisine")
    }


@transaction.atomic
def relever_mains_courantes(
    *, auteur, poste: Poste, site: Site, date_saisine: datetime.date, lignes: list[dict]
) -> list[Saisine]:
    """The worker's reading of a unit's logbook for a day: one referral per line, waiting
    in the inbox to be qualified, or classée sans suite at once with its reason.

    All or nothing: a line refused (reference already read, reason missing...) refuses the
    relevé, and ``ReleveRefuse`` says which line. One journal entry for the relevé, with
    its counts."""
    _verrouiller_poste(poste.pk)
    _pas_dans_le_futur("date_saisine", date_saisine)
    if not poste.sites.filter(pk=site.pk).exists():
        raise ValidationError({"site": "Cette unité n'est pas couverte par le poste."})
    if not lignes:
        raise ValidationError("Aucune ligne saisie : rien n'est enregistré.")
    references = [normaliser_reference(ligne["reference_main_courante"]) for ligne in lignes]
    deja = references_deja_relevees(poste=poste, site=site, references=references)
    erreurs: dict[int, dict[str, str]] = {}
    vues: dict[str, int] = {}
    deja_lues = 0
    for i, (ligne, reference) in enumerate(zip(lignes, references, strict=True)):
        probleme = {}
        if not reference:
            probleme["reference_main_courante"] = "Indiquez la référence de main courante."
        elif reference in deja:
            ancienne = deja[reference]
            deja_lues += 1
            probleme["reference_main_courante"] = (
                f"Déjà relevée : saisine n° {ancienne.pk} du {ancienne.date_saisine:%d/%m/%Y}."
            )
        elif reference in vues:
            probleme["reference_main_courante"] = (
                f"Même référence qu'à la ligne {vues[reference] + 1}."
            )
        vues.setdefault(reference, i)
        if not ligne["motif"].strip():
            probleme["motif"] = "Indiquez le motif en quelques mots."
        if ligne["urgence"] not in Urgence.values:
            probleme["urgence"] = "Choisissez l'urgence."
        motif_sans_suite = ligne.get("motif_sans_suite") or ""
        if motif_sans_suite and motif_sans_suite not in MotifSansSuite.values:
            probleme["motif_sans_suite"] = "Choisissez un motif de la liste."
        if motif_sans_suite == MotifSansSuite.AUTRE and not ligne.get("precision_sans_suite"):
            probleme["precision_sans_suite"] = "Précisez le motif « autre »."
        if probleme:
            erreurs[i] = probleme
    if erreurs:
        renvoi = deja_lues == len(lignes) and all(len(e) == 1 for e in erreurs.values())
        raise ReleveRefuse(erreurs, renvoi=renvoi)

    aujourd_hui = timezone.localdate()
    saisines = Saisine.objects.bulk_create(
        [
            Saisine(
                poste=poste,
                site=site,
                origine=OrigineSaisine.MAIN_COURANTE,
                date_saisine=date_saisine,
                reference_main_courante=reference,
                motif=ligne["motif"].strip(),
                urgence=ligne["urgence"],
                nom_declare=ligne.get("nom") or "",
                prenom_declare=ligne.get("prenom") or "",
                annee_naissance_declaree=ligne.get("annee_naissance"),
                etat=EtatSaisine.SANS_SUITE if ligne.get("motif_sans_suite") else EtatSaisine.RECUE,
                date_etat=aujourd_hui,
                motif_sans_suite=ligne.get("motif_sans_suite") or "",
                precision_sans_suite=(
                    (ligne.get("precision_sans_suite") or "").strip()
                    if ligne.get("motif_sans_suite")
                    else ""
                ),
            )
            for ligne, reference in zip(lignes, references, strict=True)
        ]
    )
    sans_suite = sum(1 for s in saisines if s.etat == EtatSaisine.SANS_SUITE)
    _journal(
        auteur,
        ActionJournal.CREATION,
        site,
        poste,
        releve_main_courante=date_saisine.isoformat(),
        lignes=len(saisines),
        a_qualifier=len(saisines) - sans_suite,
        sans_suite=sans_suite,
        saisines=[s.pk for s in saisines],
    )
    return saisines


# --- Situation ---------------------------------------------------------------------------


@transaction.atomic
def modifier_situation(*, auteur, situation: Situation, version: int, donnees: dict) -> Situation:
    _verrouiller_poste(situation.poste_id)
    problematiques = list(donnees.get("problematiques") or [])
    if donnees["problematique_principale"] not in problematiques:
        problematiques.insert(0, donnees["problematique_principale"])
    enregistrer_version(
        situation,
        version,
        {
            "statut_affaire": donnees["statut_affaire"],
            "problematiques": problematiques,
            "problematique_principale": donnees["problematique_principale"],
            "connu_service_social": donnees["connu_service_social"],
            "enfants_au_foyer": donnees.get("enfants_au_foyer"),
        },
    )
    _journal(auteur, ActionJournal.MODIFICATION, situation, situation)
    return situation


@transaction.atomic
def modifier_personne(*, auteur, personne: Personne, version: int, donnees: dict) -> Personne:
    """Rectification of the person's identity (GDPR right of rectification)."""
    _verrouiller_poste(personne.poste_id)
    if personne.anonyme:
        # A name typed here would leave the marker on: identifying is its own act.
        raise ValidationError("Ce contact est anonyme : identifiez la personne d'abord.")
    enregistrer_version(personne, version, donnees)
    _journal(auteur, ActionJournal.MODIFICATION, personne, Poste(pk=personne.poste_id))
    return personne


@transaction.atomic
def cloturer_situation(*, auteur, situation: Situation, jour: datetime.date | None = None):
    _verrouiller_poste(situation.poste_id)
    jour = jour or timezone.localdate()
    if not situation.est_ouverte:
        raise ValidationError("Cette situation est déjà close.")
    if jour < situation.date_ouverture:
        raise ValidationError("La clôture ne peut précéder l'ouverture.")
    situation.date_cloture = jour
    situation.save(update_fields=["date_cloture"])
    _journal(auteur, ActionJournal.MODIFICATION, situation, situation, cloture=True)
    return situation


@transaction.atomic
def rouvrir_situation(*, auteur, situation: Situation):
    _verrouiller_poste(situation.poste_id)
    if situation.est_ouverte:
        raise ValidationError("Cette situation est déjà ouverte.")
    situation.date_cloture = None
    situation.save(update_fields=["date_cloture"])
    _journal(auteur, ActionJournal.MODIFICATION, situation, situation, reouverture=True)
    return situation


def _changer_referent(*, auteur, situation: Situation, referent) -> None:
    Situation.objects.filter(pk=situation.pk).update(referent=referent)
    situation.referent = referent
    _journal(auteur, ActionJournal.MODIFICATION, situation, situation, referent=referent.pk)


@transaction.atomic
def designer_referent(*, auteur, situation: Situation, referent) -> bool:
    """Name the worker who follows the situation: a worker of the same post, nobody else.

    False, and nothing written, when ``referent`` already follows it (a form sent twice)."""
    _verrouiller_poste(situation.poste_id)
    if referent is None or not _intervient_sur(referent, situation.poste_id):
        raise ValidationError(
            {
                "referent": "Choisissez un·e intervenant·e affecté·e au poste de cette "
                "situation : seul·e un·e collègue du poste peut la suivre."
            }
        )
    actuel = Situation.objects.filter(pk=situation.pk).values_list("referent_id", flat=True)
    if actuel.get() == referent.pk:
        return False
    _changer_referent(auteur=auteur, situation=situation, referent=referent)
    return True


# --- Anonymous contacts (issue 16, item 3) ------------------------------------------------

MODES_DE_CONTACT_ANONYME = [m for m in ModeEntretien if m != ModeEntretien.SANS_REPONSE]
DUREE_MAXIMALE = 600  # minutes, as Entretien.duree_minutes


def _verifier_contact_anonyme(
    *,
    mode,
    duree_minutes,
    sexe,
    tranche_age,
    statut_affaire,
    problematique_principale,
    problematiques,
) -> None:
    """The form checks all this first; the service refuses it too, whoever calls it."""
    erreurs = {}
    if mode not in MODES_DE_CONTACT_ANONYME:
        erreurs["mode"] = (
            "Un contact anonyme est un échange qui a eu lieu : choisissez comment il s'est fait."
        )
    if duree_minutes is None or not 1 <= duree_minutes <= DUREE_MAXIMALE:
        erreurs["duree_minutes"] = (
            f"Indiquez une durée entre 1 et {DUREE_MAXIMALE} minutes (10 heures)."
        )
    for champ, valeur, choix in (
        ("sexe", sexe, Sexe.values),
        ("tranche_age", tranche_age, TrancheAge.values),
        ("statut_affaire", statut_affaire, StatutAffaire.values),
        ("problematique_principale", problematique_principale, Problematique.values),
    ):
        if valeur not in choix:
            erreurs[champ] = "Choisissez une valeur de la liste."
    if any(p not in Problematique.values for p in problematiques):
        erreurs["problematiques"] = "Choisissez des problématiques de la liste."
    if erreurs:
        raise ValidationError(erreurs)


@transaction.atomic
def enregistrer_contact_anonyme(
    *,
    auteur,
    poste: Poste,
    date: datetime.date,
    mode: str,
    duree_minutes: int | None,
    sexe: str,
    tranche_age: str,
    statut_affaire: str,
    problematique_principale: str,
    problematiques: list[str] | None = None,
    adhesion: bool,
    notes: str = "",
    jeton: uuid.UUID | None = None,
) -> tuple[Situation, bool]:
    """A contact without identity, in one go: the anonymous person, the situation (whose
    residue — sex, age band, status, problems — the statistics count) and the interview.

    Returns (situation, created). With the ``jeton`` of a contact already recorded, returns
    that contact's situation and records nothing: the same form posted twice counts once.
    """
    _verrouiller_poste(poste.pk)
    if jeton is not None:
        deja = Situation.objects.filter(personne__jeton=jeton, poste=poste).first()
        if deja is not None:
            return deja, False
        if Personne.objects.filter(jeton=jeton).exists():
            raise ValidationError("Ce formulaire a déjà servi : rechargez la page.")
    problematiques = list(problematiques or [])
    _verifier_contact_anonyme(
        mode=mode,
        duree_minutes=duree_minutes,
        sexe=sexe,
        tranche_age=tranche_age,
        statut_affaire=statut_affaire,
        problematique_principale=problematique_principale,
        problematiques=problematiques,
    )
    _pas_dans_le_futur("date", date)
    personne = Personne.objects.create(poste=poste, nom="", anonyme=True, sexe=sexe, jeton=jeton)
    situation = _ouvrir_situation(
        poste=poste,
        personne=personne,
        donnees_situation={
            "statut_affaire": statut_affaire,
            "problematique_principale": problematique_principale,
            "problematiques": problematiques,
        },
        sites=[],
        jour=date,
        referent=auteur if _intervient_sur(auteur, poste.pk) else None,
        tranche_age=tranche_age,
    )
    _journal(auteur, ActionJournal.CREATION, situation, poste, contact_anonyme=True)
    # The interview's own rules (consent) apply: one rule, in one place.
    enregistrer_entretien(
        auteur=auteur,
        situation=situation,
        date=date,
        mode=mode,
        duree_minutes=duree_minutes,
        adhesion=adhesion,
        notes=notes,
    )
    return situation, True


@transaction.atomic
def identifier_personne(*, auteur, personne: Personne, version: int, donnees: dict) -> Personne:
    """The anonymous person agrees to give their identity: fill it in, lift the marker.

    The situation's residue is not recomputed: it was counted at opening, as for any
    rectification of identity."""
    _verrouiller_poste(personne.poste_id)
    if personne.anonymisee_le:
        raise ValidationError("Les données de cette personne sont effacées.")
    if not personne.anonyme:
        raise ValidationError("Cette personne est déjà identifiée.")
    if not (donnees.get("nom") or "").strip():
        raise ValidationError({"nom": "Le nom est obligatoire pour identifier la personne."})
    enregistrer_version(personne, version, {**donnees, "anonyme": False})
    _journal(
        auteur,
        ActionJournal.MODIFICATION,
        personne,
        Poste(pk=personne.poste_id),
        identification=True,
    )
    return personne


# --- Accompaniment -----------------------------------------------------------------------


def _verifier_date_d_accompagnement(champ, jour, situation: Situation):
    if not situation.est_ouverte:
        raise ValidationError(
            f"La situation est close depuis le {situation.date_cloture:%d/%m/%Y} : "
            "rouvrez-la pour y ajouter quelque chose."
        )
    _pas_dans_le_futur(champ, jour)
    _pas_avant_la_naissance(champ, jour, situation.personne)


@transaction.atomic
def enregistrer_entretien(
    *,
    auteur,
    situation: Situation,
    date: datetime.date,
    mode: str,
    duree_minutes: int | None,
    adhesion: bool,
    notes: str,
) -> Entretien:
    """An interview. A contact attempt needs no consent; an interview does (framework I.3)."""
    _verrouiller_poste(situation.poste_id)
    _verifier_date_d_accompagnement("date", date, situation)
    if mode != "sans_reponse" and not adhesion:
        raise ValidationError(
            {"adhesion": "Un entretien d'accompagnement suppose l'adhésion de la personne."}
        )
    entretien = Entretien.objects.create(
        situation=situation,
        date=date,
        mode=mode,
        duree_minutes=duree_minutes,
        auteur=auteur,
        adhesion=adhesion and mode != "sans_reponse",
        notes=notes,
    )
    if entretien.adhesion:
        _recueillir_adhesion(situation=situation, jour=date, auteur=auteur)
    _toucher(situation, date)
    _journal(auteur, ActionJournal.CREATION, entretien, situation)
    return entretien


def _recueillir_adhesion(*, situation: Situation, jour: datetime.date, auteur) -> None:
    """Record the consent given at an interview, unless it is already recorded or a later
    withdrawal stands (a past interview entered late must not revive a withdrawn consent)."""
    adhesions = situation.adhesions.all()
    if adhesions.filter(date_retrait__isnull=True).exists():
        return
    if adhesions.filter(date_retrait__gte=jour).exists():
        return
    Adhesion.objects.create(situation=situation, date_recueil=jour, recueillie_par=auteur)


@transaction.atomic
def modifier_entretien(*, auteur, entretien: Entretien, version: int, donnees: dict) -> Entretien:
    _verrouiller_poste(entretien.situation.poste_id)
    situation = entretien.situation
    _verifier_date_d_accompagnement("date", donnees["date"], situation)
    if donnees["mode"] != "sans_reponse" and not donnees["adhesion"]:
        raise ValidationError(
            {"adhesion": "Un entretien d'accompagnement suppose l'adhésion de la personne."}
        )
    # notes go through the model field so that they are encrypted.
    champs = {k: v for k, v in donnees.items() if k != "notes"}
    enregistrer_version(entretien, version, champs)
    entretien.notes = donnees["notes"]
    entretien.save(update_fields=["notes"])
    if entretien.adhesion:
        _recueillir_adhesion(situation=situation, jour=entretien.date, auteur=auteur)
    _toucher(situation, donnees["date"])
    _journal(auteur, ActionJournal.MODIFICATION, entretien, situation)
    return entretien


@transaction.atomic
def retirer_adhesion(*, auteur, situation: Situation, jour: datetime.date | None = None):
    _verrouiller_poste(situation.poste_id)
    jour = jour or timezone.localdate()
    adhesion = situation.adhesions.actives().first()
    if adhesion is None:
        raise ValidationError("Aucune adhésion en cours à retirer.")
    if jour < adhesion.date_recueil:
        raise ValidationError("Le retrait ne peut précéder le recueil de l'adhésion.")
    adhesion.date_retrait = jour
    adhesion.save(update_fields=["date_retrait"])
    _journal(auteur, ActionJournal.MODIFICATION, adhesion, situation, retrait_adhesion=True)
    return adhesion


@transaction.atomic
def enregistrer_acte(*, auteur, situation: Situation, date: datetime.date, type: str) -> Acte:
    _verrouiller_poste(situation.poste_id)
    _verifier_date_d_accompagnement("date", date, situation)
    acte = Acte.objects.create(situation=situation, date=date, type=type, auteur=auteur)
    _toucher(situation, date)
    _journal(auteur, ActionJournal.CREATION, acte, situation)
    return acte


@transaction.atomic
def enregistrer_orientation(
    *,
    auteur,
    situation: Situation,
    date: datetime.date,
    partenaire,
    type_partenaire: str,
    consentement: bool,
) -> Orientation:
    _verrouiller_poste(situation.poste_id)
    _verifier_date_d_accompagnement("date", date, situation)
    adhesion = situation.adhesions.order_by("-date_recueil", "-id").first()
    if adhesion is None:
        raise ValidationError(
            "Aucune adhésion de la personne n'est recueillie : enregistrez d'abord un entretien "
            "où elle adhère à l'accompagnement."
        )
    if adhesion.date_retrait is not None:
        raise ValidationError(
            f"La personne a retiré son adhésion le {adhesion.date_retrait:%d/%m/%Y} : "
            "aucune nouvelle orientation n'est possible sans nouvelle adhésion."
        )
    if date < adhesion.date_recueil:
        raise ValidationError(
            {
                "date": "L'orientation ne peut précéder l'adhésion de la personne, recueillie "
                f"le {adhesion.date_recueil:%d/%m/%Y}."
            }
        )
    if not consentement:
        raise ValidationError(
            {"consentement": "Une orientation suppose le consentement de la personne."}
        )
    if partenaire is not None:
        type_partenaire = partenaire.type
    orientation = Orientation.objects.create(
        situation=situation,
        date=date,
        partenaire=partenaire,
        type_partenaire=type_partenaire,
        consentement=True,
        auteur=auteur,
    )
    _toucher(situation, date)
    _journal(auteur, ActionJournal.CREATION, orientation, situation)
    return orientation


@transaction.atomic
def enregistrer_issue(
    *, auteur, orientation: Orientation, issue: str, date_issue: datetime.date
) -> Orientation:
    _verrouiller_poste(orientation.situation.poste_id)
    _pas_dans_le_futur("date_issue", date_issue)
    if date_issue < orientation.date:
        raise ValidationError({"date_issue": "L'issue ne peut précéder l'orientation."})
    orientation.issue = issue
    orientation.date_issue = date_issue
    orientation.save(update_fields=["issue", "date_issue"])
    _journal(auteur, ActionJournal.MODIFICATION, orientation, orientation.situation)
    return orientation


# --- Transmissions -----------------------------------------------------------------------


def _concerne_un_mineur(situation: Situation, jour: datetime.date) -> bool:
    mineure = situation.personne.est_mineure_le(jour)
    if mineure is None:
        # No birth date (an anonymous contact): the age band declared at opening.
        mineure = situation.mineur
    if mineure:
        return True
    # An adult's file may concern a child of the home (child exposed, minor in danger).
    return bool(situation.enfants_au_foyer) and bool(
        PROBLEMATIQUES_MINEURS.intersection(situation.problematiques)
    )


_CRIP = re.compile(r"\bcrip\b|cellule de recueil", re.IGNORECASE)


def est_la_crip(partenaire: Partenaire | None, destinataire: str) -> bool:
    """Whether a transmission's recipient is the CRIP: the directory's type, or its name."""
    if partenaire is not None:
        return partenaire.type == TypePartenaire.CRIP
    return bool(_CRIP.search(destinataire or ""))


def erreur_de_fondement(nature: str, fondement: str) -> str:
    """Why this legal basis does not fit this nature ("" when it does)."""
    admis = FONDEMENTS_PAR_NATURE.get(nature)
    if not admis or not fondement or fondement in admis:
        return ""
    libelle_nature = NatureTransmission(nature).label
    libelles = " ou ".join(FondementJuridique(f).label for f in admis)
    return f"Pour une {libelle_nature}, le fondement est : {libelles}."


def verifier_transmission(
    *,
    situation: Situation,
    nature: str,
    fondement: str,
    destinataire: str,
    date: datetime.date,
    resume: str,
    copie_crip: bool,
    date_copie_crip: datetime.date | None,
    personne_informee: bool,
    motif_non_information: str,
    destinataire_partenaire: Partenaire | None = None,
) -> str:
    """The rules of a transmission, every error beside its field; returns the recipient's
    name. Also called alone, to report every error with a proposed legal basis."""
    erreurs = {}
    _verifier_date_d_accompagnement("date", date, situation)
    if destinataire_partenaire is not None:
        if not destinataire_partenaire.actif:
            erreurs["destinataire_partenaire"] = (
                f"{destinataire_partenaire} est désactivé dans l'annuaire : choisissez-en un autre."
            )
        destinataire = destinataire_partenaire.nom
    destinataire = (destinataire or "").strip()
    if not destinataire:
        erreurs["destinataire"] = "Le destinataire de la transmission est obligatoire."
    if not fondement:
        erreurs["fondement"] = "Le fondement juridique de la transmission est obligatoire."
    elif message := erreur_de_fondement(nature, fondement):
        erreurs["fondement"] = message
    if nature == NatureTransmission.INFORMATION_PREOCCUPANTE and not _concerne_un_mineur(
        situation, date
    ):
        erreurs["nature"] = (
            "Une information préoccupante concerne un mineur : la personne est majeure et "
            "aucun enfant en danger ou exposé n'est signalé au foyer."
        )
    crip = est_la_crip(destinataire_partenaire, destinataire)
    champ_destinataire = (
        "destinataire_partenaire" if destinataire_partenaire is not None else "destinataire"
    )
    if crip and copie_crip:
        erreurs["copie_crip"] = (
            "La transmission est adressée à la CRIP elle-même : pas de copie à la CRIP."
        )
    if nature == NatureTransmission.SIGNALEMENT_PROCUREUR:
        if crip:
            erreurs.setdefault(
                champ_destinataire,
                "Un signalement est adressé au procureur ; la CRIP en reçoit copie.",
            )
        elif not copie_crip:
            erreurs["copie_crip"] = "Un signalement au procureur est adressé en copie à la CRIP."
        elif date_copie_crip is None:
            erreurs["date_copie_crip"] = "Indiquez la date de la copie à la CRIP."
        elif date_copie_crip < date:
            erreurs["date_copie_crip"] = "La copie à la CRIP ne peut précéder le signalement."
    if not personne_informee and not motif_non_information.strip():
        erreurs["motif_non_information"] = (
            "Indiquez pourquoi la personne (ou ses parents) n'a pas été informée."
        )
    if erreurs:
        raise ValidationError(erreurs)
    return destinataire


@transaction.atomic
def enregistrer_transmission(
    *,
    auteur,
    situation: Situation,
    nature: str,
    fondement: str,
    destinataire: str,
    date: datetime.date,
    resume: str,
    copie_crip: bool,
    date_copie_crip: datetime.date | None,
    personne_informee: bool,
    motif_non_information: str,
    destinataire_partenaire: Partenaire | None = None,
) -> Transmission:
    _verrouiller_poste(situation.poste_id)
    destinataire = verifier_transmission(
        situation=situation,
        nature=nature,
        fondement=fondement,
        destinataire=destinataire,
        date=date,
        resume=resume,
        copie_crip=copie_crip,
        date_copie_crip=date_copie_crip,
        personne_informee=personne_informee,
        motif_non_information=motif_non_information,
        destinataire_partenaire=destinataire_partenaire,
    )
    transmission = Transmission.objects.create(
        situation=situation,
        nature=nature,
        fondement=fondement,
        destinataire=destinataire,
        destinataire_partenaire=destinataire_partenaire,
        date=date,
        resume=resume,
        copie_crip=copie_crip,
        date_copie_crip=date_copie_crip if copie_crip else None,
        personne_informee=personne_informee,
        motif_non_information="" if personne_informee else motif_non_information,
        auteur=auteur,
    )
    _toucher(situation, date)
    _journal(auteur, ActionJournal.TRANSMISSION, transmission, situation, nature=nature)
    return transmission


# --- Agenda (issue 16, item 1) ----------------------------------------------------------


def _verifier_agenda(situation: Situation, intervenant, champ_date: str, jour: datetime.date):
    """An appointment or a call-back: on an open file, for a worker of its post, not past."""
    erreurs = {}
    if not situation.est_ouverte:
        raise ValidationError(
            f"La situation est close depuis le {situation.date_cloture:%d/%m/%Y} : "
            "rouvrez-la pour y prévoir quelque chose."
        )
    if jour < timezone.localdate():
        erreurs[champ_date] = "La date est passée : choisissez aujourd'hui ou un jour à venir."
    en_poste = Affectation.objects.actives().filter(
        role=Role.INTERVENANT, poste_id=situation.poste_id, utilisateur=intervenant
    )
    if intervenant is None or not en_poste.exists():
        erreurs["intervenant"] = "Choisissez un·e intervenant·e du poste."
    if erreurs:
        raise ValidationError(erreurs)


@transaction.atomic
def prendre_rendez_vous(
    *,
    auteur,
    situation: Situation,
    intervenant,
    date: datetime.date,
    heure: datetime.time,
    lieu: str,
    motif: str = "",
) -> RendezVous:
    _verrouiller_poste(situation.poste_id)
    _verifier_agenda(situation, intervenant, "date", date)
    # A form sent twice (double click, reload) must not book the slot twice.
    if RendezVous.objects.filter(
        situation=situation, intervenant=intervenant, date=date, heure=heure, etat="prevu"
    ).exists():
        raise ValidationError("Ce rendez-vous est déjà pris (même jour, même heure).")
    rendez_vous = RendezVous.objects.create(
        situation=situation,
        intervenant=intervenant,
        date=date,
        heure=heure,
        lieu=lieu,
        motif=motif,
        cree_par=auteur,
    )
    _journal(auteur, ActionJournal.CREATION, rendez_vous, situation)
    return rendez_vous


def _rendez_vous_a_regler(rendez_vous: RendezVous) -> RendezVous:
    """The appointment re-read under the post's lock: a second click finds it settled."""
    _verrouiller_poste(rendez_vous.situation.poste_id)
    rendez_vous = RendezVous.objects.select_related("situation__personne").get(pk=rendez_vous.pk)
    if not rendez_vous.est_prevu:
        raise ValidationError(f"Ce rendez-vous est déjà noté « {rendez_vous.get_etat_display()} ».")
    return rendez_vous


def _deja_eu_lieu(rendez_vous: RendezVous) -> None:
    if rendez_vous.date > timezone.localdate():
        raise ValidationError(
            f"Ce rendez-vous est prévu le {rendez_vous.date:%d/%m/%Y} : il n'a pas encore eu lieu."
        )


@transaction.atomic
def honorer_rendez_vous(
    *,
    auteur,
    rendez_vous: RendezVous,
    date: datetime.date,
    mode: str,
    duree_minutes: int | None,
    adhesion: bool,
    notes: str,
) -> Entretien:
    """The person came: the appointment becomes an interview, in the same transaction."""
    rendez_vous = _rendez_vous_a_regler(rendez_vous)
    _deja_eu_lieu(rendez_vous)
    entretien = enregistrer_entretien(
        auteur=auteur,
        situation=rendez_vous.situation,
        date=date,
        mode=mode,
        duree_minutes=duree_minutes,
        adhesion=adhesion,
        notes=notes,
    )
    _regler(auteur, rendez_vous, EtatRendezVous.HONORE, entretien)
    return entretien


@transaction.atomic
def noter_rendez_vous_manque(*, auteur, rendez_vous: RendezVous) -> RendezVous:
    """The person did not come nor answer: one contact attempt without answer, on the
    appointment's day (docs/decisions.md, « Un rendez-vous manqué compte une tentative »)."""
    rendez_vous = _rendez_vous_a_regler(rendez_vous)
    _deja_eu_lieu(rendez_vous)
    tentative = enregistrer_entretien(
        auteur=auteur,
        situation=rendez_vous.situation,
        date=rendez_vous.date,
        mode=ModeEntretien.SANS_REPONSE,
        duree_minutes=None,
        adhesion=False,
        notes="",
    )
    _regler(auteur, rendez_vous, EtatRendezVous.MANQUE, tentative)
    return rendez_vous


@transaction.atomic
def annuler_rendez_vous(*, auteur, rendez_vous: RendezVous) -> RendezVous:
    """Called off beforehand (by the person or the worker): nothing is counted."""
    rendez_vous = _rendez_vous_a_regler(rendez_vous)
    _regler(auteur, rendez_vous, EtatRendezVous.ANNULE, None)
    return rendez_vous


def _regler(auteur, rendez_vous: RendezVous, etat: str, entretien: Entretien | None) -> None:
    rendez_vous.etat = etat
    rendez_vous.entretien = entretien
    rendez_vous.save(update_fields=["etat", "entretien"])
    _journal(auteur, ActionJournal.MODIFICATION, rendez_vous, rendez_vous.situation, etat=etat)


@transaction.atomic
def noter_rappel(
    *, auteur, situation: Situation, intervenant, echeance: datetime.date, motif: str = ""
) -> Rappel:
    _verrouiller_poste(situation.poste_id)
    _verifier_agenda(situation, intervenant, "echeance", echeance)
    if Rappel.objects.filter(
        situation=situation, intervenant=intervenant, echeance=echeance, fait_le__isnull=True
    ).exists():
        raise ValidationError(
            {"echeance": "Un rappel de cette situation est déjà noté pour ce jour-là."}
        )
    rappel = Rappel.objects.create(
        situation=situation,
        intervenant=intervenant,
        echeance=echeance,
        motif=motif,
        cree_par=auteur,
    )
    _journal(auteur, ActionJournal.CREATION, rappel, situation)
    return rappel


@transaction.atomic
def marquer_rappel_fait(*, auteur, rappel: Rappel) -> Rappel:
    _verrouiller_poste(rappel.situation.poste_id)
    rappel = Rappel.objects.select_related("situation").get(pk=rappel.pk)
    if rappel.est_fait:
        raise ValidationError(f"Ce rappel est déjà fait (le {rappel.fait_le:%d/%m/%Y}).")
    rappel.fait_le = timezone.localdate()
    rappel.save(update_fields=["fait_le"])
    _journal(auteur, ActionJournal.MODIFICATION, rappel, rappel.situation, fait=True)
    return rappel


@transaction.atomic
def ajouter_partenaire(*, auteur, departement, **champs) -> Partenaire:
    if Partenaire.objects.filter(departement=departement, nom__iexact=champs["nom"]).exists():
        raise ValidationError({"nom": "Ce partenaire figure déjà dans l'annuaire du département."})
    partenaire = Partenaire.objects.create(departement=departement, **champs)
    journaliser(utilisateur=auteur, action=ActionJournal.CREATION, objet=partenaire)
    return partenaire


def journaliser_consultation(*, utilisateur, situation: Situation) -> None:
    _journal(utilisateur, ActionJournal.CONSULTATION, situation, situation)


# --- Directory of partners: edit, deactivate, reactivate (issue 17, item 6) ----------------


@transaction.atomic
def modifier_partenaire(*, auteur, partenaire: Partenaire, **champs) -> Partenaire:
    partenaire = Partenaire.objects.select_for_update().get(pk=partenaire.pk)
    doublon = Partenaire.objects.filter(
        departement_id=partenaire.departement_id, nom__iexact=champs["nom"]
    ).exclude(pk=partenaire.pk)
    if doublon.exists():
        raise ValidationError({"nom": "Ce partenaire figure déjà dans l'annuaire du département."})
    modifies = sorted(k for k, v in champs.items() if getattr(partenaire, k) != v)
    if modifies:
        for k in modifies:
            setattr(partenaire, k, champs[k])
        partenaire.save(update_fields=modifies)
        journaliser(
            utilisateur=auteur,
            action=ActionJournal.MODIFICATION,
            objet=partenaire,
            details={"champs": modifies},
        )
    return partenaire


@transaction.atomic
def changer_activite_partenaire(*, auteur, partenaire: Partenaire, actif: bool) -> Partenaire:
    """Deactivated, a partner stays in past orientations and transmissions, and is no
    longer offered for new ones; reactivated, it is offered again."""
    partenaire = Partenaire.objects.select_for_update().get(pk=partenaire.pk)
    if partenaire.actif == actif:
        etat = "actif" if actif else "déjà désactivé"
        raise ValidationError(f"{partenaire} est {etat} dans l'annuaire.")
    partenaire.actif = actif
    partenaire.save(update_fields=["actif"])
    journaliser(
        utilisateur=auteur,
        action=ActionJournal.MODIFICATION,
        objet=partenaire,
        details={"actif": actif},
    )
    return partenaire


# --- Registre des réquisitions (issue 17, item 5) ------------------------------------------


def _requisition_verifiee(poste: Poste, donnees: dict) -> dict:
    """The register's rules, every error beside its field; returns the values to save."""
    erreurs = {}
    date, date_reponse = donnees["date"], donnees["date_reponse"]
    aujourd_hui = timezone.localdate()
    for champ, jour in (("date", date), ("date_reponse", date_reponse)):
        if jour > aujourd_hui:
            erreurs[champ] = "La date ne peut pas être dans le futur."
    if "date_reponse" not in erreurs and date_reponse < date:
        erreurs["date_reponse"] = "La réponse ne peut précéder la réception de la réquisition."
    situation = donnees.get("situation")
    if situation is not None and situation.poste_id != poste.pk:
        erreurs["situation"] = "Cette situation n'est pas suivie par ce poste."
    reponse = donnees["reponse"]
    motif = donnees.get("motif_refus", "")
    precision = donnees.get("precision_motif", "").strip()
    transmis = donnees.get("transmis", "").strip()
    if reponse == ReponseRequisition.DONNEE:
        motif, precision = "", ""
    elif not motif:
        erreurs["motif_refus"] = "Indiquez le motif du refus, total ou partiel."
    elif motif == MotifRefusRequisition.AUTRE and not precision:
        erreurs["precision_motif"] = "Précisez le motif en quelques mots."
    if reponse == ReponseRequisition.REFUSEE:
        transmis = ""
    else:
        if not transmis:
            erreurs["transmis"] = "Indiquez ce qui a été transmis (le strict nécessaire)."
        if not donnees["ecrite"]:
            erreurs["reponse"] = (
                "Sans réquisition écrite, rien n'est transmis : demandez l'écrit, ou "
                "enregistrez un refus pour « absence de réquisition écrite »."
            )
    if erreurs:
        raise ValidationError(erreurs)
    return {
        **donnees,
        "requerant": donnees["requerant"].strip(),
        "reference": donnees.get("reference", "").strip(),
        "motif_refus": motif,
        "precision_motif": precision,
        "transmis": transmis,
    }


@transaction.atomic
def enregistrer_requisition(*, auteur, poste: Poste, **donnees) -> Requisition:
    _verrouiller_poste(poste.pk)
    valeurs = _requisition_verifiee(poste, donnees)
    requisition = Requisition.objects.create(poste=poste, auteur=auteur, **valeurs)
    _journal(auteur, ActionJournal.CREATION, requisition, poste, reponse=requisition.reponse)
    return requisition


@transaction.atomic
def modifier_requisition(*, auteur, requisition: Requisition, version: int, donnees: dict):
    _verrouiller_poste(requisition.poste_id)
    valeurs = _requisition_verifiee(requisition.poste, donnees)
    enregistrer_version(requisition, version, valeurs)
    _journal(
        auteur,
        ActionJournal.MODIFICATION,
        requisition,
        requisition.poste,
        reponse=valeurs["reponse"],
    )
    return requisition
