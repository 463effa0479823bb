"""Activity reports: drafts, then frozen snapshots with their PDF rendered once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify

from intervenants.versions import Versionne
from rapports.suppression import SEUIL_EXTERNE

if TYPE_CHECKING:
    from intervenants.models import Poste
    from rapports.statistiques import Perimetre, Periode


class EtatRapport(models.TextChoices):
    BROUILLON = "brouillon", "brouillon"
    VALIDE = "valide", "validé"
    TRANSMIS = "transmis", "transmis"


class Trimestre(models.IntegerChoices):
    T1 = 1, "1er trimestre (janvier-mars)"
    T2 = 2, "2e trimestre (avril-juin)"
    T3 = 3, "3e trimestre (juillet-septembre)"
    T4 = 4, "4e trimestre (octobre-décembre)"


# Qualitative sections (framework III.6), in the order the report shows them.
SECTIONS_COMMUNES = [
    ("texte_saisines", "Comment les saisines sont arrivées"),
    ("texte_situations", "Nature des situations rencontrées"),
    ("texte_suites", "Suites données (entretien simple, orientation, mise à l'abri…)"),
    ("texte_impact", "Impact de l'intervention"),
    ("texte_difficultes", "Difficultés rencontrées"),
]
SECTIONS_BILAN = [
    *SECTIONS_COMMUNES,
    ("texte_partenariats", "Partenariats"),
    ("texte_perspectives", "Perspectives"),
]


LIBELLE_EVALUATION = "Éléments d'évaluation de l'autorité fonctionnelle"
MENTION_SANS_EVALUATION = (
    "L'autorité fonctionnelle n'a pas ajouté d'éléments d'évaluation à ce bilan "
    "avant sa validation."
)


# What one can do to a report; each kind has one URL per action (rapports/urls.py).
ACTIONS = ("detail", "modifier", "valider", "transmettre", "pdf")


def _texte(libelle):
    return models.TextField(libelle, blank=True, max_length=8000)


def _statistiques():
    # rapports.statistiques reads the running totals defined below: imported when used.
    from rapports import statistiques

    return statistiques


class Rapport(Versionne):
    """What both reports share: qualitative texts, state, and the frozen snapshot.

    Once validated, ``instantane`` (suppressed figures and texts, JSON) and ``pdf`` never
    change: services refuse any write on a report that is no longer a draft. A draft is
    versioned: two people editing it at once do not overwrite each other.
    """

    message_conflit = (
        "Ce rapport a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert. "
        "Vos saisies sont conservées ci-dessous : rechargez la page dans un autre onglet "
        "pour voir la version à jour, puis enregistrez à nouveau."
    )

    etat = models.CharField(
        "état", max_length=16, choices=EtatRapport.choices, default=EtatRapport.BROUILLON
    )
    texte_saisines = _texte("comment les saisines sont arrivées")
    texte_situations = _texte("nature des situations")
    texte_suites = _texte("suites données")
    texte_impact = _texte("impact")
    texte_difficultes = _texte("difficultés")
    redige_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rédigé par",
        on_delete=models.PROTECT,
        related_name="+",
    )
    valide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="validé par",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    valide_le = models.DateTimeField("validé le", null=True, blank=True)
    transmis_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="transmis par",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    transmis_le = models.DateTimeField("transmis le", null=True, blank=True)
    instantane = models.JSONField("instantané figé", null=True, blank=True, editable=False)
    pdf = models.BinaryField("PDF", null=True, blank=True, editable=False)
    empreinte_pdf = models.CharField("empreinte SHA-256 du PDF", max_length=64, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    sections = SECTIONS_COMMUNES

    # What each kind declares (see CompteRendu and BilanAnnuel): ``genre``, its code in the
    # URL names and the frozen snapshot; ``segment_url``, its URL prefix; ``seuil``, the
    # small-cell suppression threshold of its readers.
    genre: str
    segment_url: str
    seuil: int

    class Meta:
        abstract = True

    @property
    def est_brouillon(self) -> bool:
        return self.etat == EtatRapport.BROUILLON

    def textes(self) -> list[tuple[str, str, str]]:
        return [(champ, libelle, getattr(self, champ)) for champ, libelle in self.sections]

    def champs_du_brouillon(self) -> list[str]:
        """What the draft's edit page writes: its texts, and whatever the kind adds."""
        return [champ for champ, _ in self.sections]

    def textes_gardes(self) -> list[tuple[str, str]]:
        """(label, text) of every free text the guard reads before validation."""
        return [(libelle, texte) for _, libelle, texte in self.textes()]

    @cached_property
    def urls(self) -> dict[str, str]:
        """The address of every action on this report, for templates and redirects."""
        return {
            action: reverse(f"rapports:{self.genre}_{action}", kwargs={"pk": self.pk})
            for action in ACTIONS
        }

    def periodes(self) -> tuple[Periode, Periode]:
        """The report's period and the one beside it, for comparison."""
        periode = self.periode()
        return periode, periode.precedente()

    @property
    def poste_du_journal(self) -> Poste | None:
        """The post whose journal records what is done to the report, if any."""
        return None

    # Each kind answers these.
    def perimetre(self) -> Perimetre:
        raise NotImplementedError

    def periode(self) -> Periode:
        raise NotImplementedError

    def entete(self) -> tuple[str, str, str]:
        """Title, subtitle and addressee, printed at the top of the frozen report."""
        raise NotImplementedError

    @property
    def nom_fichier(self) -> str:
        raise NotImplementedError


class CompteRendu(Rapport):
    """Quarterly activity report of a post, by its worker, for the functional authority."""

    poste = models.ForeignKey(
        "intervenants.Poste",
        verbose_name="poste",
        on_delete=models.PROTECT,
        related_name="comptes_rendus",
    )
    annee = models.PositiveSmallIntegerField("année")
    trimestre = models.PositiveSmallIntegerField("trimestre", choices=Trimestre.choices)

    genre = "compte_rendu"
    segment_url = "comptes-rendus"
    # Transmitted to the chief, the employer and the coordinator: read outside the post.
    seuil = SEUIL_EXTERNE

    class Meta:
        verbose_name = "compte rendu d'activité"
        verbose_name_plural = "comptes rendus d'activité"
        ordering = ["-annee", "-trimestre", "poste__intitule"]
        constraints = [
            models.UniqueConstraint(
                fields=["poste", "annee", "trimestre"], name="compte_rendu_unique_par_trimestre"
            )
        ]

    def __str__(self):
        return f"Compte rendu d'activité — {self.poste} — T{self.trimestre} {self.annee}"

    @property
    def titre_court(self) -> str:
        return f"T{self.trimestre} {self.annee}"

    @property
    def poste_du_journal(self) -> Poste:
        return self.poste

    def perimetre(self) -> Perimetre:
        return _statistiques().Perimetre("poste", self.poste)

    def periode(self) -> Periode:
        return _statistiques().Periode.du_trimestre(self.annee, self.trimestre)

    def entete(self) -> tuple[str, str, str]:
        return (
            "Compte rendu d'activité",
            f"{self.periode().libelle} — {self.poste}",
            "à l'attention de l'autorité fonctionnelle",
        )

    @property
    def nom_fichier(self) -> str:
        # Named after the post, as the reader files it (docs/decisions.md).
        return f"compte-rendu-{self.annee}-T{self.trimestre}-{slugify(self.poste.intitule)}.pdf"


class BilanAnnuel(Rapport):
    """Annual report of a site (functional authority) or a département (coordinator),
    for the CLSPD or the departmental prevention council."""

    departement = models.ForeignKey(
        "intervenants.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        related_name="bilans",
    )
    site = models.ForeignKey(
        "intervenants.Site",
        verbose_name="site",
        on_delete=models.PROTECT,
        related_name="bilans",
        null=True,
        blank=True,
        help_text="Vide pour un bilan de tout le département.",
    )
    annee = models.PositiveSmallIntegerField("année")
    texte_partenariats = _texte("partenariats")
    texte_perspectives = _texte("perspectives")
    # To whom the report is presented (framework III.6: "CLSPD et/ou CDP"): chosen on the
    # draft, printed on the frozen PDF, and what the transmission opens to its readers.
    pour_clspd = models.BooleanField(
        "présenté au CLSPD de la commune",
        default=False,
        help_text="Le lecteur CLSPD du site lira le bilan une fois transmis.",
    )
    pour_cdp = models.BooleanField(
        "présenté au conseil départemental de prévention (CDP)",
        default=False,
        help_text="Les lecteurs CDP du département liront le bilan une fois transmis.",
    )
    # The functional authority's own assessment of the worker's activity (framework III.6),
    # written by the chief of the site on the draft; frozen with the rest at validation.
    evaluation_autorite = _texte(LIBELLE_EVALUATION.lower())
    evaluation_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="évaluation écrite par",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    evaluation_le = models.DateTimeField("évaluation écrite le", null=True, blank=True)

    sections = SECTIONS_BILAN
    genre = "bilan"
    segment_url = "bilans"
    # Leaves the organisation (CLSPD, departmental prevention council).
    seuil = SEUIL_EXTERNE

    class Meta:
        verbose_name = "bilan annuel"
        verbose_name_plural = "bilans annuels"
        ordering = ["-annee", "departement__code", "site__nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "annee"],
                condition=Q(site__isnull=False),
                name="bilan_unique_par_site_et_annee",
            ),
            models.UniqueConstraint(
                fields=["departement", "annee"],
                condition=Q(site__isnull=True),
                name="bilan_unique_par_departement_et_annee",
            ),
            # A site's report goes to its commune's CLSPD, the CDP, or both; the
            # département's, to the CDP (there is no departmental CLSPD).
            models.CheckConstraint(
                name="bilan_destinataire_selon_perimetre",
                condition=(Q(site__isnull=False) & (Q(pour_clspd=True) | Q(pour_cdp=True)))
                | (Q(site__isnull=True) & Q(pour_clspd=False, pour_cdp=True)),
                violation_error_message="Choisissez au moins un destinataire du bilan.",
            ),
        ]

    def __str__(self):
        return f"Bilan annuel {self.annee} — {self.site or self.departement}"

    @property
    def titre_court(self) -> str:
        return f"{self.annee} — {self.site or self.departement}"

    def perimetre(self) -> Perimetre:
        if self.site_id:
            return _statistiques().Perimetre("site", self.site)
        return _statistiques().Perimetre("departement", self.departement)

    def periode(self) -> Periode:
        return _statistiques().Periode.de_l_annee(self.annee)

    def champs_du_brouillon(self) -> list[str]:
        champs = [*super().champs_du_brouillon(), "pour_cdp"]
        return [*champs, "pour_clspd"] if self.site_id else champs

    def textes_gardes(self) -> list[tuple[str, str]]:
        textes = super().textes_gardes()
        if self.a_une_evaluation:
            textes.append((LIBELLE_EVALUATION, self.evaluation_autorite))
        return textes

    def evaluation(self) -> dict | None:
        """The authority's section as the snapshot and the pages show it."""
        if not self.a_une_evaluation:
            return None
        return {
            "titre": LIBELLE_EVALUATION,
            "texte": self.evaluation_autorite,
            "ecrite_le": (
                timezone.localtime(self.evaluation_le).strftime("%d/%m/%Y")
                if self.evaluation_autorite and self.evaluation_le
                else ""
            ),
            "mention": "" if self.evaluation_autorite else MENTION_SANS_EVALUATION,
        }

    @property
    def a_une_evaluation(self) -> bool:
        """Only a site's report has a functional authority (its chief) to assess it."""
        return self.site_id is not None

    @property
    def destinataires_courts(self) -> str:
        """« CLSPD », « CDP » or « CLSPD et CDP », for lists."""
        return " et ".join(
            n for n, oui in (("CLSPD", self.pour_clspd), ("CDP", self.pour_cdp)) if oui
        )

    def destinataires(self) -> list[str]:
        noms = []
        if self.pour_clspd:
            noms.append("au conseil local de sécurité et de prévention de la délinquance")
        if self.pour_cdp:
            noms.append("au conseil départemental de prévention de la délinquance")
        return noms

    def entete(self) -> tuple[str, str, str]:
        presente = "présenté " + " et ".join(self.destinataires())
        if self.site_id:
            return f"Bilan annuel {self.annee}", f"{self.site} ({self.site.commune})", presente
        return f"Bilan annuel {self.annee}", str(self.departement), presente

    @property
    def nom_fichier(self) -> str:
        # Named after the place (the site's name: two sites may share a town), as the
        # council's secretariat files it: bilan-annuel-2025-commissariat-de-saint-nazaire.pdf.
        if self.site_id:
            lieu = slugify(self.site.nom)
        else:
            lieu = f"{self.departement.code}-{slugify(self.departement.nom)}"
        return f"bilan-annuel-{self.annee}-{lieu}.pdf"


# --- Running totals (migration 0003) ---------------------------------------------------
# Kept up to date by database triggers on the accueil tables, whatever writes to them
# (services, admin, factories, scripts): see rapports/cumuls.py and docs/performance.md.
# Only counts of the non-nominative residue: no name, no note, nothing a person confided.


# Dimensions the statistics also need month by month (new situations and interviews per
# month): a year's statistics read these from the monthly totals, the others from the
# yearly ones.
PAR_MOIS = ("sexe", "mode")


def _reference(modele: str) -> models.ForeignKey:
    """A plain id kept by the triggers: no database constraint (the triggers write in the
    middle of other statements), no index of its own (the tables' unique index covers
    the lookups), never followed back (``related_name="+"``)."""
    return models.ForeignKey(
        modele,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )


class Cumul(models.Model):
    """How many records of one code of one dimension one post has in one month."""

    poste = _reference("intervenants.Poste")
    mois = models.DateField("mois")  # first day of the month
    dimension = models.CharField("dimension", max_length=24)
    code = models.CharField("code", max_length=80, blank=True)
    n = models.IntegerField("nombre")

    class Meta:
        verbose_name = "cumul mensuel"
        verbose_name_plural = "cumuls mensuels"
        constraints = [
            # ``n`` included: a scope's months are read by an index-only scan (0005).
            models.UniqueConstraint(
                fields=["poste", "mois", "dimension", "code"],
                name="cumul_unique",
                include=["n"],
            )
        ]
        indexes = [
            # A year's statistics read its other dimensions from CumulAnnuel, and only these
            # month by month (rapports.cumuls.PAR_MOIS): their rows alone, without walking
            # every dimension of every month of the scope.
            models.Index(
                fields=["poste", "mois"],
                include=["dimension", "code", "n"],
                condition=models.Q(dimension__in=PAR_MOIS),
                name="cumul_par_mois",
            )
        ]

    def __str__(self) -> str:
        return f"{self.poste_id} {self.mois:%m/%Y} {self.dimension}={self.code} : {self.n}"


class CumulAnnuel(models.Model):
    """The monthly running totals of one post and one year, added up: what a year's
    statistics read (a département: 37 posts × 12 months become 37 rows per code).

    Kept by the same functions that move the monthly counters (cumul_ajouter,
    cumul_situation_enfants), in the same statement; :func:`rapports.cumuls.ecarts`
    checks each row against the sum of its months."""

    poste = _reference("intervenants.Poste")
    annee = models.SmallIntegerField("année")
    dimension = models.CharField("dimension", max_length=24)
    code = models.CharField("code", max_length=80, blank=True)
    n = models.IntegerField("nombre")

    class Meta:
        verbose_name = "cumul annuel"
        verbose_name_plural = "cumuls annuels"
        constraints = [
            models.UniqueConstraint(
                fields=["poste", "annee", "dimension", "code"],
                name="cumul_annuel_unique",
                include=["n"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.poste_id} {self.annee} {self.dimension}={self.code} : {self.n}"


class ContactsAnnuels(models.Model):
    """The months (bit 0 = January) in which a person was met on a post in a year.

    The memory behind the distinct "people met" counts: a person counts once in a month,
    once in a quarter (in its first month with a contact), once in a year."""

    poste = _reference("intervenants.Poste")
    personne = _reference("accueil.Personne")
    annee = models.SmallIntegerField("année")
    masque = models.IntegerField("mois avec un contact")

    class Meta:
        verbose_name = "contacts d'une année"
        constraints = [
            models.UniqueConstraint(
                fields=["personne", "poste", "annee"], name="contacts_annuels_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.poste_id} {self.annee} {self.masque:012b}"


class ContactsSituation(models.Model):
    """The months (bit 0 = January) in which a situation had an interview that reached
    someone, in a year, and the post they are counted on.

    The memory behind the file active: a situation counts once in a month, once in a
    quarter (in its first month with an interview), once in a year."""

    situation = _reference("accueil.Situation")
    poste = _reference("intervenants.Poste")
    annee = models.SmallIntegerField("année")
    masque = models.IntegerField("mois avec un entretien abouti")

    class Meta:
        verbose_name = "mois vus d'une situation"
        verbose_name_plural = "mois vus des situations"
        constraints = [
            models.UniqueConstraint(fields=["situation", "annee"], name="contacts_situation_unique")
        ]

    def __str__(self) -> str:
        return f"situation {self.situation_id} {self.annee} {self.masque:012b}"


class DelaiSituation(models.Model):
    """Days from a situation's first referral to its first contact, when both exist."""

    situation = models.OneToOneField(
        "accueil.Situation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="+",
    )
    poste = _reference("intervenants.Poste")
    mois = models.DateField("mois d'ouverture")
    delai = models.IntegerField("délai en jours")

    class Meta:
        verbose_name = "délai du premier contact"

    def __str__(self) -> str:
        return f"situation {self.situation_id} : {self.delai} j"


class SuiteSituation(models.Model):
    """The follow-up given to a situation as the framework names it (III.6), deduced from
    its records (rapports/sql/cumul_suite.sql), how many referrals it received, and where
    they are counted: the memory that lets a trigger move the counts when a record changes
    them."""

    situation = models.OneToOneField(
        "accueil.Situation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="+",
    )
    poste = _reference("intervenants.Poste")
    mois = models.DateField("mois d'ouverture")
    suite = models.CharField("suite apportée", max_length=24)
    saisines = models.CharField("saisines reçues (aucune, une, plusieurs)", max_length=12)

    class Meta:
        verbose_name = "suite apportée à une situation"

    def __str__(self) -> str:
        return f"situation {self.situation_id} : {self.suite}"


class SecretCalcule(models.Model):
    """A component's cube for a year as last protected (rapports/secret.py): the counts
    per post, quarter and code (the same non-nominative residue as the running totals),
    the hidden cells, and the fingerprint of the counts. External outputs read it."""

    composante = models.CharField("postes liés", max_length=2000)
    annee = models.PositiveSmallIntegerField("année")
    empreinte = models.CharField("empreinte des effectifs", max_length=64)
    effectifs = models.JSONField("effectifs par poste et trimestre", default=list)
    cachees = models.JSONField("cases masquées", default=list)
    ensembles = models.JSONField("ensembles de postes publiés", default=list)
    calcule_le = models.DateTimeField("calculé le", auto_now=True)

    class Meta:
        verbose_name = "secret statistique calculé"
        verbose_name_plural = "secrets statistiques calculés"
        constraints = [
            models.UniqueConstraint(fields=["composante", "annee"], name="secret_unique")
        ]

    def __str__(self) -> str:
        return f"postes {self.composante}, {self.annee} : {len(self.cachees)} cases masquées"
