import calendar
import datetime
import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from intervenants.dates import ACTIVITE, DEBUT_ACTIVITE, FIN_ABSOLUE
from intervenants.models import Employeur
from intervenants.versions import Versionne

DUREE_PAR_DEFAUT_ANNEES = 3
# The database's own bounds: fixed, unlike the forms' (which move with today).
MESSAGE_HORS_PLAGE = "Date hors de la plage admise (2000 à 2100)."
# "Ending soon" and the renewal notice both look six months ahead (framework II).
MOIS_PREAVIS = 6


def ajouter_mois(jour: datetime.date, mois: int) -> datetime.date:
    """``jour`` shifted by ``mois`` months, clamped to the end of a shorter month."""
    index = jour.year * 12 + (jour.month - 1) + mois
    annee, mois_0 = divmod(index, 12)
    dernier = calendar.monthrange(annee, mois_0 + 1)[1]
    return datetime.date(annee, mois_0 + 1, min(jour.day, dernier))


def _plausible(champ: str) -> Q:
    """Empty, or within the fixed bounds every date computation is safe in."""
    return Q(**{f"{champ}__isnull": True}) | Q(**{f"{champ}__range": (DEBUT_ACTIVITE, FIN_ABSOLUE)})


def date_fin_par_defaut(date_debut: datetime.date) -> datetime.date:
    """Three years, end date included: 1 Jan 2024 → 31 Dec 2026."""
    return ajouter_mois(date_debut, 12 * DUREE_PAR_DEFAUT_ANNEES) - datetime.timedelta(days=1)


class StatutConvention(models.TextChoices):
    BROUILLON = "brouillon", "brouillon (non signée)"
    A_VENIR = "a_venir", "signée, pas encore en vigueur"
    EN_VIGUEUR = "en_vigueur", "en vigueur"
    EXPIREE = "expiree", "expirée"
    RESILIEE = "resiliee", "résiliée"


class ConventionQuerySet(models.QuerySet):
    def avec_statut(self, jour: datetime.date | None = None):
        """Annotate ``statut_calcule``: the same rule as :meth:`Convention.statut_le`, in SQL."""
        jour = jour or timezone.localdate()
        return self.annotate(
            statut_calcule=Case(
                When(
                    date_resiliation__isnull=False,
                    date_resiliation__lte=jour,
                    then=Value(StatutConvention.RESILIEE),
                ),
                When(date_signature__isnull=True, then=Value(StatutConvention.BROUILLON)),
                When(date_debut__gt=jour, then=Value(StatutConvention.A_VENIR)),
                When(date_fin__lt=jour, then=Value(StatutConvention.EXPIREE)),
                default=Value(StatutConvention.EN_VIGUEUR),
                output_field=models.CharField(),
            )
        )

    def en_vigueur(self, jour: datetime.date | None = None):
        jour = jour or timezone.localdate()
        return self.filter(
            date_signature__isnull=False, date_debut__lte=jour, date_fin__gte=jour
        ).exclude(date_resiliation__isnull=False, date_resiliation__lte=jour)

    def finissant_bientot(self, jour: datetime.date | None = None):
        """In force today and ending within the notice period (six months)."""
        jour = jour or timezone.localdate()
        return self.en_vigueur(jour).filter(date_fin__lte=ajouter_mois(jour, MOIS_PREAVIS))


class Convention(Versionne):
    """The agreement that creates and funds one or more posts (framework II, III.1, III.4)."""

    message_conflit = (
        "Cette convention a été modifiée par quelqu'un d'autre depuis que vous l'avez "
        "ouverte. Vos saisies sont conservées ci-dessous : rechargez la page dans un autre "
        "onglet pour voir la version à jour, puis enregistrez à nouveau."
    )

    titre = models.CharField("intitulé", max_length=200)
    reference = models.CharField("référence", max_length=100, blank=True)
    employeur = models.ForeignKey(
        Employeur, verbose_name="employeur", on_delete=models.PROTECT, related_name="conventions"
    )
    date_signature = models.DateField(
        "date de signature",
        null=True,
        blank=True,
        validators=[ACTIVITE],
        help_text="Laisser vide tant que la convention n'est pas signée (brouillon).",
    )
    date_debut = models.DateField("début", validators=[ACTIVITE])
    date_fin = models.DateField(
        "fin (dernier jour couvert)",
        validators=[ACTIVITE],
        help_text="Trois ans après le début si laissée vide.",
    )
    date_resiliation = models.DateField(
        "résiliée à compter du",
        null=True,
        blank=True,
        validators=[ACTIVITE],
        help_text="Premier jour où la convention ne s'applique plus.",
    )
    motif_resiliation = models.CharField("motif de la résiliation", max_length=300, blank=True)
    cout_annuel = models.DecimalField(
        "coût annuel du poste (€)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"), "Le coût ne peut pas être négatif.")],
        help_text="Base des parts de financement ; le total des financements d'une année "
        "ne peut pas le dépasser.",
    )
    postes = models.ManyToManyField(
        "intervenants.Poste", verbose_name="postes couverts", related_name="conventions"
    )
    temps_de_travail = models.CharField(
        "temps de travail", max_length=200, blank=True, help_text="Par exemple : 35 h par semaine."
    )
    gestion_courante_deleguee = models.BooleanField(
        "gestion courante déléguée au chef de service ou commandant d'unité", default=False
    )
    delegation_details = models.TextField(
        "détail de la délégation",
        blank=True,
        help_text="Absences, congés, heures supplémentaires : qui décide, qui est informé.",
    )
    comite_suivi = models.TextField(
        "comité de suivi",
        blank=True,
        help_text="Composition et fréquence des réunions prévues par la convention.",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = "convention"
        verbose_name_plural = "conventions"
        ordering = ["-date_debut", "titre"]
        constraints = [
            models.CheckConstraint(
                name="convention_fin_apres_debut",
                condition=Q(date_fin__gte=F("date_debut")),
                violation_error_message="La date de fin précède la date de début.",
            ),
            models.CheckConstraint(
                name="convention_cout_positif",
                condition=Q(cout_annuel__isnull=True) | Q(cout_annuel__gte=0),
                violation_error_message="Le coût ne peut pas être négatif.",
            ),
            models.CheckConstraint(
                name="convention_dates_plausibles",
                condition=Q(date_debut__gte=DEBUT_ACTIVITE)
                & Q(date_fin__lte=FIN_ABSOLUE)
                & _plausible("date_signature")
                & _plausible("date_resiliation"),
                violation_error_message=MESSAGE_HORS_PLAGE,
            ),
        ]
        indexes = [models.Index(fields=["date_fin"], name="convention_date_fin")]

    def __str__(self):
        return self.titre

    def statut_le(self, jour: datetime.date | None = None) -> StatutConvention:
        jour = jour or timezone.localdate()
        if self.date_resiliation and self.date_resiliation <= jour:
            return StatutConvention.RESILIEE
        if self.date_signature is None:
            return StatutConvention.BROUILLON
        if jour < self.date_debut:
            return StatutConvention.A_VENIR
        if jour > self.date_fin:
            return StatutConvention.EXPIREE
        return StatutConvention.EN_VIGUEUR

    @property
    def statut(self) -> StatutConvention:
        calcule = getattr(self, "statut_calcule", None)
        return StatutConvention(calcule) if calcule else self.statut_le()

    @property
    def date_preavis(self) -> datetime.date | None:
        """Renewal notice: six months before the end (none for an end in year 1, which only
        a row stored before the database's bounds can hold)."""
        try:
            return ajouter_mois(self.date_fin, -MOIS_PREAVIS)
        except ValueError:
            return None

    def finit_bientot(self, jour: datetime.date | None = None) -> bool:
        jour = jour or timezone.localdate()
        return self.statut_le(jour) == StatutConvention.EN_VIGUEUR and (
            self.date_fin <= ajouter_mois(jour, MOIS_PREAVIS)
        )

    @property
    def annees(self) -> range:
        return range(self.date_debut.year, self.date_fin.year + 1)


class RolePartie(models.TextChoices):
    PREFET = "prefet", "préfet"
    DIRECTION_POLICE = "direction_police", "direction de la police (DDSP, DIPN/DDPN)"
    GROUPEMENT_GENDARMERIE = "groupement_gendarmerie", "groupement de gendarmerie"
    CONSEIL_DEPARTEMENTAL = "conseil_departemental", "conseil départemental"
    COMMUNE_EPCI = "commune_epci", "commune ou EPCI"
    PROCUREUR = "procureur", "procureur de la République"
    CAF = "caf", "caisse d'allocations familiales (CAF)"
    AUTRE = "autre", "autre"


class PartieConvention(models.Model):
    """A signatory besides the employer, with its role in the convention."""

    convention = models.ForeignKey(
        Convention, verbose_name="convention", on_delete=models.CASCADE, related_name="parties"
    )
    role = models.CharField("rôle", max_length=32, choices=RolePartie.choices)
    nom = models.CharField("nom", max_length=200)
    signataire = models.CharField("signataire", max_length=200, blank=True)

    class Meta:
        verbose_name = "partie à la convention"
        verbose_name_plural = "parties à la convention"
        ordering = ["id"]

    def __str__(self):
        return f"{self.nom} ({self.get_role_display()})"


class SiteConvention(models.Model):
    """A site covered by a convention, with its office hours and functional authority."""

    convention = models.ForeignKey(
        Convention,
        verbose_name="convention",
        on_delete=models.CASCADE,
        related_name="sites_couverts",
    )
    site = models.ForeignKey(
        "intervenants.Site",
        verbose_name="site",
        on_delete=models.PROTECT,
        related_name="conventions_couvrantes",
    )
    horaires_permanence = models.CharField(
        "horaires de permanence",
        max_length=300,
        blank=True,
        help_text="Par exemple : lundi et jeudi, 9 h – 17 h.",
    )
    autorite_fonctionnelle = models.CharField(
        "autorité fonctionnelle",
        max_length=200,
        blank=True,
        help_text="Chef de service de police ou commandant d'unité de gendarmerie.",
    )

    class Meta:
        verbose_name = "site couvert"
        verbose_name_plural = "sites couverts"
        ordering = ["site__nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "site"],
                name="site_convention_unique",
                violation_error_message="Ce site figure déjà dans la convention.",
            )
        ]

    def __str__(self):
        return str(self.site)


class TypeFinanceur(models.TextChoices):
    FIPD_ETAT = "fipd_etat", "État (FIPD)"
    CONSEIL_DEPARTEMENTAL = "conseil_departemental", "conseil départemental"
    COMMUNE_EPCI = "commune_epci", "commune ou EPCI"
    CAF = "caf", "CAF"
    EMPLOYEUR = "employeur", "employeur (fonds propres)"
    AUTRE = "autre", "autre"


class Financement(models.Model):
    """One funder's amount for one year of a convention. Amounts are Decimal euros."""

    convention = models.ForeignKey(
        Convention,
        verbose_name="convention",
        on_delete=models.CASCADE,
        related_name="financements",
    )
    financeur = models.CharField("financeur", max_length=32, choices=TypeFinanceur.choices)
    libelle_financeur = models.CharField(
        "précision", max_length=200, blank=True, help_text="Par exemple : Ville de Saint-Nazaire."
    )
    annee = models.PositiveSmallIntegerField(
        "année",
        validators=[
            MinValueValidator(
                DEBUT_ACTIVITE.year, "Saisissez une année à partir de %(limit_value)s."
            ),
            MaxValueValidator(FIN_ABSOLUE.year, "Saisissez une année jusqu'à %(limit_value)s."),
        ],
    )
    montant = models.DecimalField(
        "montant (€)",
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), "Le montant ne peut pas être négatif.")],
    )

    class Meta:
        verbose_name = "financement"
        verbose_name_plural = "financements"
        ordering = ["annee", "financeur", "id"]
        constraints = [
            models.CheckConstraint(
                name="financement_montant_positif",
                condition=Q(montant__gte=0),
                violation_error_message="Le montant ne peut pas être négatif.",
            ),
            models.CheckConstraint(
                name="financement_annee_plausible",
                condition=Q(annee__range=(DEBUT_ACTIVITE.year, FIN_ABSOLUE.year)),
                violation_error_message=MESSAGE_HORS_PLAGE,
            ),
        ]

    def __str__(self):
        return f"{self.get_financeur_display()} {self.annee} : {self.montant} €"

    @property
    def nom_financeur(self) -> str:
        libelle = self.get_financeur_display()
        return f"{libelle} — {self.libelle_financeur}" if self.libelle_financeur else libelle


class Avenant(models.Model):
    """An amendment: what it changes, and the end date it replaced when it extends."""

    convention = models.ForeignKey(
        Convention, verbose_name="convention", on_delete=models.CASCADE, related_name="avenants"
    )
    numero = models.PositiveSmallIntegerField("numéro")
    date_signature = models.DateField("date de signature", validators=[ACTIVITE])
    objet = models.CharField("objet", max_length=300)
    modifications = models.TextField("ce que l'avenant modifie")
    nouvelle_date_fin = models.DateField(
        "nouvelle date de fin",
        null=True,
        blank=True,
        validators=[ACTIVITE],
        help_text="À remplir si l'avenant prolonge ou raccourcit la convention.",
    )
    ancienne_date_fin = models.DateField("date de fin remplacée", null=True, blank=True)
    created_at = models.DateTimeField("enregistré le", auto_now_add=True)

    class Meta:
        verbose_name = "avenant"
        verbose_name_plural = "avenants"
        ordering = ["convention", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "numero"], name="avenant_numero_unique"),
            models.CheckConstraint(
                name="avenant_dates_plausibles",
                condition=_plausible("date_signature") & _plausible("nouvelle_date_fin"),
                violation_error_message=MESSAGE_HORS_PLAGE,
            ),
        ]

    def __str__(self):
        return f"Avenant n° {self.numero} — {self.objet}"


class ReunionComite(models.Model):
    """A meeting of the convention's follow-up committee."""

    convention = models.ForeignKey(
        Convention,
        verbose_name="convention",
        on_delete=models.CASCADE,
        related_name="reunions_comite",
    )
    date = models.DateField("date", validators=[ACTIVITE])
    participants = models.CharField("participants", max_length=500, blank=True)
    releve_decisions = models.TextField(
        "relevé de décisions",
        blank=True,
        help_text="Aucune donnée nominative sur les personnes accompagnées.",
    )

    class Meta:
        verbose_name = "réunion du comité de suivi"
        verbose_name_plural = "réunions du comité de suivi"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                name="reunion_date_plausible",
                condition=_plausible("date"),
                violation_error_message=MESSAGE_HORS_PLAGE,
            )
        ]

    def __str__(self):
        return f"Comité de suivi du {self.date:%d/%m/%Y}"


class TypeDocument(models.TextChoices):
    CONVENTION_SIGNEE = "convention_signee", "convention signée"
    AVENANT_SIGNE = "avenant_signe", "avenant signé"
    COMPTE_RENDU_COMITE = "compte_rendu_comite", "compte rendu du comité de suivi"
    AUTRE = "autre", "autre pièce"


def chemin_document(instance: "DocumentConvention", nom_original: str) -> str:
    # Named by migrations 0003 to 0006, when documents were files under MEDIA_ROOT (a
    # random name: the client's file name never reached the file system).
    return str(PurePosixPath("conventions", f"{uuid.uuid4().hex}.pdf"))


class DocumentsManager(models.Manager):
    """Every query leaves the content aside (lists, the convention's page): it is read
    only when asked for, by the download (``.contenu``, one more query)."""

    def get_queryset(self):
        return super().get_queryset().defer("contenu")


class DocumentConvention(models.Model):
    """A signed document (PDF), kept in the database beside its row and served by a
    permission-checked view: it follows the row's transaction and the backups
    (``manage.py sauvegarder``), and no file system is shared between servers."""

    convention = models.ForeignKey(
        Convention, verbose_name="convention", on_delete=models.CASCADE, related_name="documents"
    )
    avenant = models.ForeignKey(
        Avenant,
        verbose_name="avenant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    type = models.CharField("type de pièce", max_length=32, choices=TypeDocument.choices)
    titre = models.CharField("titre", max_length=200)
    contenu = models.BinaryField("contenu du PDF")
    nom_original = models.CharField("nom du fichier déposé", max_length=255, blank=True)
    taille = models.PositiveIntegerField("taille (octets)")
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposé par",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("déposé le", auto_now_add=True)

    objects = DocumentsManager()

    class Meta:
        verbose_name = "document signé"
        verbose_name_plural = "documents signés"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.titre
