"""Every read of confidential data starts here, from the posts of the user.

A worker reads the records of the posts on which an active affectation gives
``acceder_dossiers``; nobody else reads them — not the chief, not an administrator.
Functions returning a single object raise Http404 when it is outside the scope.
"""

import datetime
import operator
import re
from functools import reduce

from django.contrib.auth import get_user_model
from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from accueil.choix import ORIGINES_FORCES, EtatSaisine, MotifSansSuite, OrigineSaisine, Urgence
from accueil.models import (
    Acte,
    Adhesion,
    Entretien,
    NotePassation,
    Orientation,
    Partenaire,
    Personne,
    PieceJointe,
    Rappel,
    RendezVous,
    Requisition,
    Saisine,
    Situation,
    TexteCherchable,
    Transmission,
)
from intervenants.models import Affectation, Poste, Role, Site
from intervenants.permissions import objets_autorises

# The inbox order: the declared order of Urgence, most urgent first.
RANG_URGENCE = Case(
    *(When(urgence=valeur, then=Value(rang)) for rang, valeur in enumerate(Urgence.values)),
    default=Value(len(Urgence.values)),
)
URGENCES_PRESSANTES = (Urgence.DANGER_IMMEDIAT, Urgence.AUJOURD_HUI)


def postes_accessibles(user) -> QuerySet[Poste]:
    return objets_autorises(user, "intervenants.acceder_dossiers", Poste)


def _dans_mes_postes(user):
    return Q(poste__in=postes_accessibles(user).values("pk"))


def situations_visibles(user) -> QuerySet[Situation]:
    return Situation.objects.filter(_dans_mes_postes(user))


def caseload(
    user,
    *,
    recherche: str = "",
    site: Site | None = None,
    origine: str = "",
    problematique: str = "",
    etat: str = "",
    ouverte_depuis: datetime.date | None = None,
    ouverte_jusqu_au: datetime.date | None = None,
    fermees: bool = False,
    miennes: bool = False,
) -> QuerySet[Situation]:
    """Open situations of the user's posts, filtered, most recent contact first.

    ``miennes``: only those whose referent is the user (« Mes situations »)."""
    # The posts are read first (one small query): given their ids, PostgreSQL walks the
    # post's index in contact order; given the permission subquery, it cannot tell one post
    # from six hundred and scans every open situation of the country.
    postes = list(postes_accessibles(user).values_list("pk", flat=True))
    qs = Situation.objects.filter(poste__in=postes)
    qs = qs.exclude(date_cloture__isnull=True) if fermees else qs.ouvertes()
    if miennes:
        qs = qs.filter(referent=user)
    if recherche:
        # The person's post too (always the situation's), as in rechercher_situations: without
        # it PostgreSQL ran unaccent() over every person of the country before the join
        # (45 ms on 50,000 people, linear in the national volume); with it, only the post's.
        qs = qs.filter(personne__poste__in=postes)
        for mot in recherche.split():
            qs = qs.filter(_mot_dans_le_nom(mot))
    if site:
        qs = qs.filter(Exists(Saisine.objects.filter(situation=OuterRef("pk"), site=site)))
    if origine:
        qs = qs.filter(Exists(Saisine.objects.filter(situation=OuterRef("pk"), origine=origine)))
    if etat:
        qs = qs.filter(Exists(Saisine.objects.filter(situation=OuterRef("pk"), etat=etat)))
    if problematique:
        qs = qs.filter(problematiques__contains=[problematique])
    if ouverte_depuis:
        qs = qs.filter(date_ouverture__gte=ouverte_depuis)
    if ouverte_jusqu_au:
        qs = qs.filter(date_ouverture__lte=ouverte_jusqu_au)
    # A correlated count, not Count("entretiens"): the JOIN + GROUP BY of an aggregate
    # counted every interview of the whole caseload before the page's LIMIT; the subquery
    # runs for the 25 rows shown, and the paginator's COUNT(*) leaves it out.
    nb_entretiens = (
        Entretien.objects.filter(situation=OuterRef("pk"))
        .order_by()
        .values("situation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        qs.select_related("personne", "poste", "referent")
        .annotate(nb_entretiens=Coalesce(Subquery(nb_entretiens), 0))
        .order_by("-derniere_activite", "-id")
    )


# --- Search from the navigation bar (issue 16, item 5) ---------------------------------------

RESULTATS_RECHERCHE = 50
# "n° 123", "no 123", "#123": a situation number as the worker reads it on the file.
_NUMERO = re.compile(r"(?:n\s*°|no\.?|#)\s*([0-9]{1,12})", re.IGNORECASE)
# Only phone characters: the search is a number (situation or phone), not a name.
_QUE_DES_CHIFFRES = re.compile(r"[+0-9 .\-()/]+")
# A French number written internationally (+33 6 12…, 0033 6 12…) compared in national form.
_INTERNATIONAL = r"^(00)?33([0-9]{9})$"
CHIFFRES_MIN_TELEPHONE = 4
# What the phone fields accept besides digits (accueil/forms.py), and "/" written by hand.
SEPARATEURS_TELEPHONE = " .-()/+"


def _chiffres(texte: str) -> str:
    return re.sub(_INTERNATIONAL, r"0\2", re.sub(r"[^0-9]", "", texte))


def _condition_de_recherche(texte: str) -> Q | None:
    numero = _NUMERO.fullmatch(texte)
    if numero:
        return Q(pk=int(numero.group(1)))
    if _QUE_DES_CHIFFRES.fullmatch(texte):
        chiffres = _chiffres(texte)
        conditions = []
        if 0 < len(chiffres) <= 12:
            conditions.append(Q(pk=int(chiffres)))
        if len(chiffres) >= CHIFFRES_MIN_TELEPHONE:
            conditions.append(Q(telephone_chiffres__contains=chiffres))
        if len(chiffres) == 10 and chiffres.startswith("0"):
            # A whole national number also finds the same number stored as +33 or 0033.
            conditions.append(Q(telephone_chiffres__contains="33" + chiffres[1:]))
        return reduce(operator.or_, conditions) if conditions else None
    condition = Q()
    for mot in texte.split():
        condition &= _mot_dans_le_nom(mot)
    return condition


def _mot_dans_le_nom(mot: str) -> Q:
    """The person's name or first name contains ``mot``, without accents nor case.

    Compared with ``Personne.nom_cherchable`` (the name, a space, the first name, as
    TexteCherchable writes them, kept by the database): a word has no space, so it never
    spans the two. Django escapes %, _ and \\ of the pattern, in SQL, after the
    normalisation: they match themselves, never "anything"."""
    return Q(personne__nom_cherchable__contains=TexteCherchable(Value(mot)))


def rechercher_situations(user, texte: str) -> list[Situation]:
    """Situations of the user's posts, open or closed, whose person matches ``texte``: a name
    or first name (each word, without accents or case), a situation number, or a phone
    number (any part of at least four digits, however it was typed).

    Open situations first, then closed ones, most recent contact first; at most
    ``RESULTATS_RECHERCHE`` + 1 rows, so that the page can say there are more.

    Names and phones are stored in clear (only free text is encrypted, accueil/chiffrement.py):
    the whole search is one SQL query restricted to the post's rows by its index, never a
    decryption loop in Python (docs/decisions.md). Phones are compared digits to digits:
    "06 12.34-56 78" reads 0612345678 however it was typed."""
    texte = texte.strip()
    condition = _condition_de_recherche(texte) if texte else None
    if condition is None:
        return []
    postes = list(postes_accessibles(user).values_list("pk", flat=True))
    # The person's post too (always the situation's): PostgreSQL then filters the post's
    # people by their own index before joining, instead of probing one person per situation
    # (measured on the national benchmark: 2 s → 12 ms for a phone, 50 → 22 ms for a name).
    telephone_chiffres = Func(
        F("personne__telephone"), Value(SEPARATEURS_TELEPHONE), Value(""), function="translate"
    )
    return list(
        Situation.objects.filter(poste__in=postes, personne__poste__in=postes)
        .annotate(telephone_chiffres=telephone_chiffres)
        .filter(condition)
        .select_related("personne", "poste", "referent")
        .order_by(F("date_cloture").desc(nulls_first=True), "-derniere_activite", "-id")[
            : RESULTATS_RECHERCHE + 1
        ]
    )


def situation_pour(user, pk: int) -> Situation:
    return get_object_or_404(situations_visibles(user).select_related("personne", "poste"), pk=pk)


def intervenants_du_poste(poste: Poste) -> QuerySet:
    """Accounts working on ``poste`` today: the only possible referents of its situations,
    and those who may hold its appointments.

    ``poste`` comes from a situation the caller already read through its scope."""
    comptes = Affectation.objects.actives().filter(role=Role.INTERVENANT, poste=poste)
    return (
        get_user_model()
        .objects.filter(pk__in=comptes.values("utilisateur"), is_active=True)
        .order_by("last_name", "first_name", "username")
    )


def dossier_complet(user, pk: int) -> Situation:
    """A situation with everything its timeline shows, in a fixed number of queries."""
    qs = (
        situations_visibles(user)
        # The handover note (issue 17) joined, not read apart: the file keeps its query count.
        .select_related(
            "personne", "poste", "referent", "note_passation__auteur", "note_passation__lue_par"
        )
        # Filtered: a situation without a site (an anonymous contact) lists none, not [None].
        .annotate(
            noms_sites=ArrayAgg(
                "sites__nom", distinct=True, filter=Q(sites__isnull=False), default=[]
            )
        )
        .prefetch_related(
            Prefetch("saisines", queryset=Saisine.objects.select_related("site", "agent")),
            Prefetch("entretiens", queryset=Entretien.objects.select_related("auteur")),
            Prefetch("actes", queryset=Acte.objects.select_related("auteur")),
            Prefetch(
                "orientations", queryset=Orientation.objects.select_related("partenaire", "auteur")
            ),
            Prefetch("adhesions", queryset=Adhesion.objects.select_related("recueillie_par")),
        )
        # Most files hold no appointment, call-back, piece or transmission (one file in
        # sixteen has a transmission): read them only when there are some.
        .annotate(
            a_des_transmissions=Exists(Transmission.objects.filter(situation=OuterRef("pk"))),
            a_des_rendez_vous=Exists(RendezVous.objects.filter(situation=OuterRef("pk"))),
            a_des_rappels=Exists(Rappel.objects.filter(situation=OuterRef("pk"))),
            a_des_pieces=Exists(PieceJointe.objects.filter(situation=OuterRef("pk"))),
        )
    )
    dossier = get_object_or_404(qs, pk=pk)
    for relation, present, lecture in (
        (
            "transmissions",
            dossier.a_des_transmissions,
            Transmission.objects.select_related("auteur"),
        ),
        (
            "rendez_vous",
            dossier.a_des_rendez_vous,
            RendezVous.objects.select_related("intervenant"),
        ),
        ("rappels", dossier.a_des_rappels, Rappel.objects.select_related("intervenant")),
        # The encrypted content is read only to download or export a piece.
        (
            "pieces",
            dossier.a_des_pieces,
            PieceJointe.objects.defer("contenu").select_related("auteur"),
        ),
    ):
        if present:
            prefetch_related_objects([dossier], Prefetch(relation, queryset=lecture))
        else:  # an empty prefetch: .all() reads nothing
            dossier._prefetched_objects_cache[relation] = lecture.none()
    return dossier


def saisines_a_qualifier(user) -> QuerySet[Saisine]:
    return (
        Saisine.objects.filter(_dans_mes_postes(user))
        .filter(Q(situation__isnull=True) | Q(etat="recue"))
        .exclude(etat="sans_suite")
        .select_related("site", "agent", "situation__personne")
        # Urgent first (issue 16, item 4), then oldest.
        .order_by(RANG_URGENCE, "date_saisine", "id")
    )


def saisine_pour(user, pk: int) -> Saisine:
    return get_object_or_404(
        Saisine.objects.filter(_dans_mes_postes(user)).select_related("site", "situation"), pk=pk
    )


# --- Relevé des mains courantes -------------------------------------------------------------


def sites_de_mes_postes(user) -> QuerySet[Site]:
    return Site.objects.filter(postes__in=postes_accessibles(user)).distinct()


def poste_du_releve(user, site: Site) -> Poste:
    """The user's post that reads ``site``'s logbook (the most recent one if several)."""
    poste = postes_accessibles(user).filter(sites=site).order_by("-date_creation", "-pk").first()
    if poste is None:
        raise Http404
    return poste


def lignes_relevees(user, *, site: Site, jour: datetime.date) -> QuerySet[Saisine]:
    """The logbook lines of a unit and a day already read by the user's posts."""
    return (
        Saisine.objects.filter(_dans_mes_postes(user))
        .filter(site=site, date_saisine=jour)
        .exclude(reference_main_courante="")
        .select_related("situation__personne")
        .order_by("id")
    )


def bilan_des_releves(user, *, debut: datetime.date, fin: datetime.date) -> dict:
    """What became of the logbook lines read between ``debut`` and ``fin`` (dates of the
    logbook): counts by state, and the lines classées sans suite by reason.

    Read here, on the worker's own post, rather than in the reports' monthly totals: those
    count every referral by origin already, and a count by reason would need new database
    totals for a figure only the worker reads."""
    lignes = Saisine.objects.filter(_dans_mes_postes(user)).filter(
        origine=OrigineSaisine.MAIN_COURANTE, date_saisine__gte=debut, date_saisine__lte=fin
    )
    comptes = lignes.aggregate(
        total=Count("id"),
        a_qualifier=Count("id", filter=Q(etat=EtatSaisine.RECUE)),
        prises_en_charge=Count("id", filter=Q(etat=EtatSaisine.PRISE_EN_CHARGE)),
        sans_suite=Count("id", filter=Q(etat=EtatSaisine.SANS_SUITE)),
    )
    par_motif = dict(
        lignes.filter(etat=EtatSaisine.SANS_SUITE)
        .order_by()
        .values_list("motif_sans_suite")
        .annotate(n=Count("id"))
    )
    comptes["par_motif"] = [
        (libelle, par_motif[code])
        for code, libelle in MotifSansSuite.choices
        if par_motif.get(code)
    ]
    if par_motif.get(""):
        comptes["par_motif"].append(("motif non renseigné", par_motif[""]))
    return comptes


def entretien_pour(user, pk: int) -> Entretien:
    return get_object_or_404(
        Entretien.objects.filter(situation__in=situations_visibles(user)).select_related(
            "situation"
        ),
        pk=pk,
    )


def orientation_pour(user, pk: int) -> Orientation:
    return get_object_or_404(
        Orientation.objects.filter(situation__in=situations_visibles(user)).select_related(
            "situation"
        ),
        pk=pk,
    )


def personnes_similaires(user, *, nom: str, annee: int | None = None) -> QuerySet[Personne]:
    """People already known to the user's posts with this name (and birth year, if given),
    so that a second referral attaches to their situation instead of duplicating them."""
    qs = Personne.objects.filter(_dans_mes_postes(user)).filter(nom__unaccent__iexact=nom.strip())
    if annee:
        qs = qs.filter(
            Q(annee_naissance=annee)
            | Q(date_naissance__year=annee)
            | Q(annee_naissance__isnull=True, date_naissance__isnull=True)
        )
    return qs.prefetch_related(
        Prefetch("situations", queryset=Situation.objects.order_by("-date_ouverture"))
    ).order_by("nom", "prenom")[:20]


def partenaires_pour(user) -> QuerySet[Partenaire]:
    departements = postes_accessibles(user).values("departement")
    return Partenaire.objects.filter(departement__in=departements, actif=True).order_by("nom")


# --- Agenda (issue 16, item 1): appointments and call-backs of the user's posts -----------


def _agenda(modele, user, *, tout_le_poste: bool):
    qs = modele.objects.filter(situation__poste__in=postes_accessibles(user).values("pk"))
    if not tout_le_poste:
        qs = qs.filter(intervenant=user)
    return qs.select_related("situation__personne", "intervenant")


def rendez_vous_de(
    user, *, debut: datetime.date, fin: datetime.date, tout_le_poste: bool = False
) -> QuerySet[RendezVous]:
    """Appointments from ``debut`` to ``fin`` included: the user's own, or the whole post's."""
    return _agenda(RendezVous, user, tout_le_poste=tout_le_poste).filter(
        date__gte=debut, date__lte=fin
    )


def rendez_vous_a_regler(user, *, avant: datetime.date) -> QuerySet[RendezVous]:
    """The user's past appointments still « prévu »: honoured or missed, to be noted."""
    return _agenda(RendezVous, user, tout_le_poste=False).filter(etat="prevu", date__lt=avant)


def rappels_a_faire(
    user, *, jusqu_au: datetime.date, tout_le_poste: bool = False
) -> QuerySet[Rappel]:
    """Call-backs not done and due by ``jusqu_au`` (overdue ones included), oldest first."""
    return _agenda(Rappel, user, tout_le_poste=tout_le_poste).filter(
        fait_le__isnull=True, echeance__lte=jusqu_au
    )


def rappels_de(
    user, *, debut: datetime.date, fin: datetime.date, tout_le_poste: bool = False
) -> QuerySet[Rappel]:
    return _agenda(Rappel, user, tout_le_poste=tout_le_poste).filter(
        echeance__gte=debut, echeance__lte=fin
    )


def rendez_vous_pour(user, pk: int) -> RendezVous:
    return get_object_or_404(
        RendezVous.objects.filter(situation__in=situations_visibles(user)).select_related(
            "situation__personne"
        ),
        pk=pk,
    )


def rappel_pour(user, pk: int) -> Rappel:
    return get_object_or_404(
        Rappel.objects.filter(situation__in=situations_visibles(user)).select_related(
            "situation__personne"
        ),
        pk=pk,
    )


# --- Acknowledgements: what the police side may know of a referral, nothing more ---------


def accuses_de_l_agent(user) -> QuerySet[Saisine]:
    """The officer's own referrals, on the sites where they may still refer."""
    sites = objets_autorises(user, "intervenants.adresser_saisine", Site)
    return (
        Saisine.objects.filter(agent=user, site__in=sites)
        .select_related("site")
        .only("id", "site__nom", "date_saisine", "etat", "date_etat", "created_at")
        .order_by("-date_saisine", "-id")
    )


def accuses_du_site(user) -> QuerySet[Saisine]:
    """Referrals sent from the chief's sites by officers: taken in charge or not, and when."""
    # Site ids read first, as for the caseload: the planner then uses saisine_site_date.
    sites = list(
        objets_autorises(user, "intervenants.voir_accuses_site", Site).values_list("pk", flat=True)
    )
    return (
        Saisine.objects.filter(site__in=sites)
        .filter(Q(agent__isnull=False) | Q(origine__in=ORIGINES_FORCES))
        .select_related("site")
        .only("id", "site__nom", "date_saisine", "etat", "date_etat", "created_at")
        .order_by("-date_saisine", "-id")
    )


# --- Attachments and letters (issue 17, items 2 and 3) -------------------------------------


def pieces_lisibles(user) -> QuerySet[PieceJointe]:
    """Files of the situations of the user's posts; the encrypted content is not read."""
    return (
        PieceJointe.objects.filter(situation__in=situations_visibles(user).values("pk"))
        .defer("contenu")
        .select_related("situation", "auteur", "transmission")
    )


def piece_pour(user, pk: int, *, avec_contenu: bool = False) -> PieceJointe:
    qs = pieces_lisibles(user)
    if avec_contenu:
        qs = qs.defer(None).select_related("situation", "auteur", "transmission")
    return get_object_or_404(qs, pk=pk)


def pieces_de(situation: Situation) -> QuerySet[PieceJointe]:
    """The files of a situation the caller already read through its scope, newest first."""
    return situation.pieces.defer("contenu").select_related("auteur", "transmission")


def transmission_pour(user, pk: int) -> Transmission:
    return get_object_or_404(
        Transmission.objects.filter(
            situation__in=situations_visibles(user).values("pk")
        ).select_related("situation__personne", "situation__poste__employeur", "auteur"),
        pk=pk,
    )


# --- The one read that is not scoped to a user ---------------------------------------------


def identites_a_proteger(postes) -> tuple[list[tuple[str, str]], list[str]]:
    """Names and phone numbers of the people known to ``postes``, for the report guard only.

    The report guard (rapports/garde.py) checks that a chief's or a coordinator's free text
    quotes nobody; they cannot open these records, so this read is deliberately not scoped
    to a user. The values are matched in memory and never shown or returned to a page.
    """
    personnes = Personne.objects.filter(poste__in=postes.values("pk"), anonymisee_le__isnull=True)
    noms = list(personnes.values_list("nom", "prenom"))
    telephones = list(personnes.exclude(telephone="").values_list("telephone", flat=True))
    return noms, telephones


# --- Passation (issue 17, item 1) -----------------------------------------------------------


def note_passation_pour(user, pk: int):
    """The situation ``pk`` of the user's posts (404 otherwise) and its handover note, or
    None."""
    situation = situation_pour(user, pk)
    note = NotePassation.objects.filter(situation=situation).select_related("auteur").first()
    return situation, note


# --- Directory of partners, kept by the post's workers and the coordinator (issue 17, 6) ---

# The coordinator keeps the directory of the département with the permission by which it
# manages its conventions (the partnerships of the département): no new permission.
PERM_ANNUAIRE_DEPARTEMENT = "intervenants.gerer_conventions_departement"


def departements_de_l_annuaire(user) -> QuerySet:
    """The départements whose directory the user keeps: those of the worker's posts, and
    the coordinator's."""
    from intervenants.models import Departement

    return Departement.objects.filter(
        Q(pk__in=postes_accessibles(user).values("departement"))
        | Q(pk__in=objets_autorises(user, PERM_ANNUAIRE_DEPARTEMENT, Departement).values("pk"))
    ).order_by("nom")


def annuaire(user) -> QuerySet[Partenaire]:
    """Every partner of those départements, deactivated ones included (kept for history)."""
    return (
        Partenaire.objects.filter(departement__in=departements_de_l_annuaire(user).values("pk"))
        .select_related("departement")
        .order_by("-actif", "nom")
    )


def partenaire_pour(user, pk: int) -> Partenaire:
    return get_object_or_404(annuaire(user), pk=pk)


# --- Registre des réquisitions (issue 17, item 5): the post's workers only ------------------


def requisitions_de_mes_postes(user) -> QuerySet[Requisition]:
    return Requisition.objects.filter(_dans_mes_postes(user)).select_related(
        "poste", "situation", "auteur"
    )


def requisition_pour(user, pk: int) -> Requisition:
    return get_object_or_404(requisitions_de_mes_postes(user), pk=pk)


def situation_de_mes_postes(user, pk: int) -> Situation | None:
    """A situation of the user's posts by its number, or None (never another post's)."""
    return situations_visibles(user).select_related("personne").filter(pk=pk).first()
