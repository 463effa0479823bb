import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from intervenants.versions import Versionne


class Departement(models.Model):
    code = models.CharField("code", max_length=3, unique=True)
    nom = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "département"
        verbose_name_plural = "départements"
        ordering = ["code"]
        permissions = [
            ("voir_statistiques_departement", "voir les statistiques du département"),
            ("gerer_conventions_departement", "gérer les conventions du département"),
            ("lire_rapports_departement", "lire les rapports du département"),
            ("valider_bilan_departement", "valider et transmettre le bilan annuel du département"),
            (
                "lire_bilans_cdp_departement",
                "lire les bilans annuels transmis au CDP du département",
            ),
        ]

    def __str__(self):
        return f"{self.nom} ({self.code})"


class TypeEmployeur(models.TextChoices):
    COMMUNE = "commune", "commune"
    EPCI = "epci", "intercommunalité (EPCI)"
    CONSEIL_DEPARTEMENTAL = "conseil_departemental", "conseil départemental"
    ASSOCIATION = "association", "association"
    CCAS_CIAS = "ccas_cias", "CCAS / CIAS"
    AUTRE = "autre", "autre"


class Employeur(models.Model):
    """The body that employs the social worker (framework III.1), part of the organisation:
    posts and affectations hang from it, conventions are its business (docs/decisions.md)."""

    nom = models.CharField("nom", max_length=200, unique=True)
    type = models.CharField("type", max_length=32, choices=TypeEmployeur.choices)
    adresse = models.TextField("adresse", blank=True)
    departement = models.ForeignKey(
        Departement,
        verbose_name="département",
        on_delete=models.PROTECT,
        related_name="employeurs",
    )

    class Meta:
        verbose_name = "employeur"
        verbose_name_plural = "employeurs"
        ordering = ["nom"]
        permissions = [
            ("voir_statistiques_employeur", "voir les statistiques des postes de l'employeur"),
            ("gerer_conventions_employeur", "gérer les conventions de l'employeur"),
            ("lire_rapports_employeur", "lire les rapports des postes de l'employeur"),
        ]

    def __str__(self):
        return self.nom


class Force(models.TextChoices):
    POLICE = "police", "police nationale"
    GENDARMERIE = "gendarmerie", "gendarmerie nationale"


class TypeSite(models.TextChoices):
    COMMISSARIAT = "commissariat", "commissariat de police"
    BUREAU_POLICE = "bureau_police", "bureau de police"
    BRIGADE_AUTONOME = "brigade_autonome", "brigade territoriale autonome"
    COMMUNAUTE_BRIGADES = "communaute_brigades", "communauté de brigades"
    MAISON_PROTECTION_FAMILLES = "mpf", "maison de protection des familles"
    COMPAGNIE = "compagnie", "compagnie de gendarmerie"
    AUTRE_GENDARMERIE = "autre_gendarmerie", "autre unité de gendarmerie"


TYPES_PAR_FORCE = {
    Force.POLICE: {TypeSite.COMMISSARIAT, TypeSite.BUREAU_POLICE},
    Force.GENDARMERIE: {
        TypeSite.BRIGADE_AUTONOME,
        TypeSite.COMMUNAUTE_BRIGADES,
        TypeSite.MAISON_PROTECTION_FAMILLES,
        TypeSite.COMPAGNIE,
        TypeSite.AUTRE_GENDARMERIE,
    },
}


class Site(models.Model):
    """A police station or gendarmerie unit where a social worker intervenes."""

    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=32, choices=TypeSite.choices)
    force = models.CharField("force", max_length=16, choices=Force.choices)
    commune = models.CharField("commune", max_length=100)
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.PROTECT, related_name="sites"
    )

    class Meta:
        verbose_name = "site"
        verbose_name_plural = "sites"
        ordering = ["departement__code", "nom"]
        constraints = [
            models.UniqueConstraint(fields=["departement", "nom"], name="site_nom_unique_par_dpt")
        ]
        permissions = [
            ("voir_statistiques_site", "voir les statistiques du site"),
            ("voir_accuses_site", "voir les accusés de réception des saisines du site"),
            ("lire_rapports_site", "lire les comptes rendus d'activité du site"),
            ("valider_bilan_site", "valider et transmettre le bilan annuel du site"),
            ("lire_conventions_site", "lire les conventions couvrant le site"),
            ("adresser_saisine", "adresser une saisine depuis le site"),
            ("lire_rapports_publies_site", "lire les bilans annuels transmis du site"),
        ]

    def __str__(self):
        return self.nom

    def clean(self):
        if self.type and self.force and self.type not in TYPES_PAR_FORCE[Force(self.force)]:
            raise ValidationError({"type": "Ce type d'unité ne correspond pas à la force choisie."})


class Poste(models.Model):
    """A social-worker post, on one site or shared (mutualisé) between several."""

    intitule = models.CharField("intitulé", max_length=200, unique=True)
    sites = models.ManyToManyField(Site, verbose_name="sites", related_name="postes")
    employeur = models.ForeignKey(
        Employeur,
        verbose_name="employeur",
        on_delete=models.PROTECT,
        related_name="postes",
    )
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.PROTECT, related_name="postes"
    )
    etp = models.DecimalField(
        "équivalent temps plein",
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.10")), MaxValueValidator(Decimal("1.00"))],
    )
    date_creation = models.DateField("date de création", default=timezone.localdate)
    date_declaration = models.DateField(
        "date de déclaration à la direction de la police",
        null=True,
        blank=True,
        help_text="Tout nouveau poste pourvu est déclaré au bureau de l'aide aux victimes.",
    )

    class Meta:
        verbose_name = "poste"
        verbose_name_plural = "postes"
        ordering = ["intitule"]
        permissions = [
            ("acceder_dossiers", "accéder aux dossiers confidentiels du poste"),
            ("voir_statistiques_poste", "voir les statistiques du poste"),
            ("rediger_rapports_poste", "rédiger les comptes rendus d'activité du poste"),
            ("lire_conventions_poste", "lire les conventions du poste"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(etp__gt=0) & Q(etp__lte=1), name="poste_etp_entre_0_et_1"
            )
        ]

    def __str__(self):
        return self.intitule

    @property
    def est_mutualise(self) -> bool:
        return self.sites.count() > 1


class StatutSecret(models.TextChoices):
    PAR_PROFESSION = "profession", "soumis au secret par profession"
    PAR_MISSION = "mission", "soumis au secret par mission"
    AUCUN = "aucun", "non soumis au secret professionnel"


class Intervenant(Versionne):
    """Professional profile of a social worker (framework III.2, III.3).

    Edited by the worker and by her employer (issue 17, item 7): versioned, so that one
    never overwrites the other's save unseen."""

    utilisateur = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="profil_intervenant",
    )
    diplome = models.CharField("diplôme", max_length=200, blank=True)
    # Empty until the worker or her employer says it: a banner on her home page asks for it.
    statut_secret = models.CharField(
        "secret professionnel", max_length=16, choices=StatutSecret.choices, blank=True
    )
    date_prise_fonction = models.DateField("date de prise de fonction", null=True, blank=True)
    formation_sur_site = models.BooleanField("formation préalable sur site suivie", default=False)
    # Framework III.3: an on-site training before taking up the post (observation
    # placements alternating between units and partners): a period, not a single day.
    formation_debut = models.DateField("formation sur site : début", null=True, blank=True)
    formation_fin = models.DateField("formation sur site : fin", null=True, blank=True)

    message_conflit = (
        "Ce profil a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert. "
        "Vos saisies sont conservées ci-dessous : rechargez la page dans un autre onglet pour "
        "voir la version à jour, puis enregistrez à nouveau."
    )

    class Meta:
        verbose_name = "intervenant social"
        verbose_name_plural = "intervenants sociaux"
        constraints = [
            models.CheckConstraint(
                condition=Q(formation_debut__isnull=True)
                | Q(formation_fin__isnull=True)
                | Q(formation_fin__gte=models.F("formation_debut")),
                name="intervenant_formation_fin_apres_debut",
            )
        ]

    def __str__(self):
        return self.utilisateur.get_full_name() or self.utilisateur.get_username()


class Role(models.TextChoices):
    INTERVENANT = "intervenant", "intervenant social"
    AUTORITE = "autorite", "autorité fonctionnelle"
    AGENT = "agent", "agent (policier ou gendarme)"
    EMPLOYEUR = "employeur", "employeur"
    COORDINATEUR = "coordinateur", "coordinateur départemental"
    LECTEUR_CLSPD = "lecteur_clspd", "lecteur CLSPD"
    LECTEUR_CDP = "lecteur_cdp", "lecteur CDP (conseil départemental de prévention)"
    ADMINISTRATEUR = "administrateur", "administrateur"


class AffectationQuerySet(models.QuerySet):
    def actives(self, jour=None):
        jour = jour or timezone.localdate()
        return self.filter(date_debut__lte=jour).filter(
            Q(date_fin__isnull=True) | Q(date_fin__gt=jour)
        )


def _portee(poste=False, site=False, employeur=False, departement=False) -> Q:
    return Q(
        poste__isnull=not poste,
        site__isnull=not site,
        employeur__isnull=not employeur,
        departement__isnull=not departement,
    )


class Affectation(models.Model):
    """The role of a user on a scope object, for a period. Grants object permissions."""

    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.PROTECT,
        related_name="affectations",
    )
    role = models.CharField("rôle", max_length=32, choices=Role.choices)
    poste = models.ForeignKey(
        Poste, verbose_name="poste", on_delete=models.PROTECT, null=True, blank=True
    )
    site = models.ForeignKey(
        Site, verbose_name="site", on_delete=models.PROTECT, null=True, blank=True
    )
    employeur = models.ForeignKey(
        Employeur,
        verbose_name="employeur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.PROTECT, null=True, blank=True
    )
    date_debut = models.DateField("début", default=timezone.localdate)
    date_fin = models.DateField(
        "fin des droits le",
        null=True,
        blank=True,
        help_text="Premier jour sans accès. Laisser vide tant que l'affectation dure.",
    )
    # A substitute (issue 17, item 1): a worker named on a post for a dated period while its
    # own worker is away. Always bounded; shown to the post's workers on their home page.
    suppleance = models.BooleanField("suppléance", default=False, db_default=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = AffectationQuerySet.as_manager()

    class Meta:
        verbose_name = "affectation"
        verbose_name_plural = "affectations"
        ordering = ["-date_debut"]
        constraints = [
            models.CheckConstraint(
                name="affectation_portee_selon_role",
                condition=(
                    (Q(role="intervenant") & _portee(poste=True))
                    | (Q(role__in=["autorite", "agent", "lecteur_clspd"]) & _portee(site=True))
                    | (Q(role="employeur") & _portee(employeur=True))
                    | (Q(role__in=["coordinateur", "lecteur_cdp"]) & _portee(departement=True))
                    | (Q(role="administrateur") & _portee())
                ),
                violation_error_message="Le périmètre ne correspond pas au rôle choisi.",
            ),
            models.CheckConstraint(
                name="affectation_fin_apres_debut",
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=models.F("date_debut")),
                violation_error_message="La fin de l'affectation précède son début.",
            ),
            models.CheckConstraint(
                name="suppleance_d_intervenant_bornee",
                condition=Q(suppleance=False) | (Q(role="intervenant") & Q(date_fin__isnull=False)),
                violation_error_message="Une suppléance est celle d'un intervenant, datée.",
            ),
        ]
        indexes = [models.Index(fields=["utilisateur", "date_fin"], name="affectation_user_fin")]

    def __str__(self):
        return f"{self.utilisateur} — {self.get_role_display()} — {self.perimetre or 'global'}"

    @property
    def perimetre(self):
        return self.poste or self.site or self.employeur or self.departement

    @property
    def dernier_jour(self):
        """The last day with access (``date_fin`` is the first day without)."""
        return self.date_fin - datetime.timedelta(days=1) if self.date_fin else None

    def est_active(self, jour=None) -> bool:
        jour = jour or timezone.localdate()
        return self.date_debut <= jour and (self.date_fin is None or self.date_fin > jour)


class ActionJournal(models.TextChoices):
    CONNEXION = "connexion", "connexion"
    DECONNEXION = "deconnexion", "déconnexion"
    ECHEC_CONNEXION = "echec_connexion", "échec de connexion"
    AFFECTATION_CREEE = "affectation_creee", "affectation créée"
    AFFECTATION_TERMINEE = "affectation_terminee", "affectation terminée"
    PERMISSIONS_SYNCHRONISEES = "permissions_synchronisees", "permissions synchronisées"
    CONSULTATION = "consultation", "consultation d'un dossier"
    CREATION = "creation", "création"
    MODIFICATION = "modification", "modification"
    EXPORT = "export", "export"
    TRANSMISSION = "transmission", "transmission"
    PURGE = "purge", "purge"
    ACCES_REINITIALISE = "acces_reinitialise", "accès réinitialisé"


class Journal(models.Model):
    """Append-only access journal: who did what on which object, never the content.

    A database trigger (migration 0002) refuses UPDATE and DELETE on this table.
    """

    horodatage = models.DateTimeField("date et heure", default=timezone.now, db_index=True)
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField("action", max_length=32, choices=ActionJournal.choices)
    objet_type = models.CharField("type d'objet", max_length=64, blank=True)
    objet_id = models.CharField("identifiant de l'objet", max_length=64, blank=True)
    poste = models.ForeignKey(
        Poste,
        verbose_name="poste",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    details = models.JSONField("détails", default=dict, blank=True)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal des accès"
        ordering = ["-horodatage", "-id"]
        indexes = [models.Index(fields=["poste", "-horodatage"], name="journal_poste_date")]

    def __str__(self):
        return f"{self.horodatage:%d/%m/%Y %H:%M} {self.utilisateur} {self.get_action_display()}"


class EnvoiDeFormulaire(models.Model):
    """A form submission already recorded: its single-use token, and where it led.

    The token is written in the same transaction as what the form records; a second
    submission of the same form (double click, browser resend) finds it and is sent to
    the first one's result instead of recording again (``intervenants/envois.py``)."""

    jeton = models.CharField("jeton", max_length=64, unique=True)
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="+",
    )
    recu_le = models.DateTimeField("reçu le", default=timezone.now)
    resultat = models.CharField("adresse du résultat", max_length=500, blank=True)

    class Meta:
        verbose_name = "envoi de formulaire"
        verbose_name_plural = "envois de formulaires"
        indexes = [models.Index(fields=["utilisateur", "recu_le"], name="envoi_compte_date")]

    def __str__(self):
        return f"{self.recu_le:%d/%m/%Y %H:%M} {self.utilisateur} → {self.resultat}"
