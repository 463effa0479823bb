"""The confidential side: every record belongs to a Poste and is read through selectors."""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, Q
from django.utils import timezone

from accueil.chiffrement import TexteChiffre
from accueil.choix import (
    CadreRequisition,
    EtatRendezVous,
    EtatSaisine,
    FondementJuridique,
    IssueOrientation,
    LieuRendezVous,
    ModeEntretien,
    MotifRefusRequisition,
    MotifSansSuite,
    NatureTransmission,
    OrigineSaisine,
    OuiNonInconnu,
    Problematique,
    QualiteRequerant,
    ReponseRequisition,
    Sexe,
    StatutAffaire,
    TrancheAge,
    TypeActe,
    TypePartenaire,
    Urgence,
    tranche_pour_age,
)
from intervenants.versions import Versionne


class Partenaire(models.Model):
    """Directory of partner services of a département (framework III.5)."""

    departement = models.ForeignKey(
        "intervenants.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        related_name="partenaires",
    )
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=32, choices=TypePartenaire.choices)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    courriel = models.EmailField("courriel", blank=True)
    adresse = models.CharField("adresse", max_length=300, blank=True)
    actif = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "partenaire"
        verbose_name_plural = "partenaires"
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "nom"], name="partenaire_nom_unique_par_dpt"
            )
        ]

    def __str__(self):
        return self.nom


class TexteCherchable(Func):
    """A text as the name search compares it: without accents, in capitals
    (``recherche_texte``, an IMMUTABLE SQL function of migration accueil 0014)."""

    function = "recherche_texte"
    output_field = models.TextField()


class Personne(Versionne):
    """The minimum identity of a person met by a post. Nothing more is collected.

    An anonymous contact (phone advice, a person who will not give a name) is a person
    without identity, marked ``anonyme``: it is counted like anyone else through its
    situation and interviews, and identified later if the person agrees."""

    poste = models.ForeignKey(
        "intervenants.Poste", verbose_name="poste", on_delete=models.PROTECT, related_name="+"
    )
    nom = models.CharField("nom", max_length=100, blank=True)
    prenom = models.CharField("prénom", max_length=100, blank=True)
    sexe = models.CharField("sexe", max_length=2, choices=Sexe.choices, default=Sexe.NON_RENSEIGNE)
    date_naissance = models.DateField("date de naissance", null=True, blank=True)
    annee_naissance = models.PositiveSmallIntegerField(
        "année de naissance",
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    commune = models.CharField("commune de résidence", max_length=100, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    # Set by the retention purge or an erasure on request (accueil/retention.py).
    anonymisee_le = models.DateTimeField("anonymisée le", null=True, blank=True, editable=False)
    # Recorded without identity (issue 16, item 3); cleared when the person is identified.
    anonyme = models.BooleanField("contact anonyme", default=False, db_default=False)
    # The one-time token of the form that created an anonymous contact: a second POST of
    # the same form finds the contact instead of counting the call twice.
    jeton = models.UUIDField("jeton de saisie", null=True, blank=True, unique=True, editable=False)
    # Name and first name as the search compares them (TexteCherchable), kept by the
    # database: unaccent() is no longer run on every person of the post at each search,
    # and the purge that blanks the name blanks this copy with it (docs/decisions.md).
    nom_cherchable = models.GeneratedField(
        expression=Func(
            F("nom"), F("prenom"), function="recherche_personne", output_field=models.TextField()
        ),
        output_field=models.TextField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = "personne"
        verbose_name_plural = "personnes"
        indexes = [
            models.Index(fields=["poste", "nom"], name="personne_poste_nom"),
        ]
        constraints = [
            # A nameless person is an anonymous contact or an anonymised one, never by
            # accident (a form that lost the name).
            models.CheckConstraint(
                condition=Q(anonyme=True) | ~Q(nom="") | Q(anonymisee_le__isnull=False),
                name="personne_nommee_ou_anonyme",
            )
        ]

    def __str__(self):
        if self.anonymisee_le:
            return f"Personne anonymisée n° {self.pk}"
        if self.anonyme:
            return f"Contact anonyme n° {self.pk}"
        return f"{self.nom.upper()} {self.prenom}".strip()

    @property
    def annee(self) -> int | None:
        return self.date_naissance.year if self.date_naissance else self.annee_naissance

    def age_le(self, jour: datetime.date) -> int | None:
        if self.date_naissance:
            d = self.date_naissance
            return jour.year - d.year - ((jour.month, jour.day) < (d.month, d.day))
        if self.annee_naissance:
            # Year only: the age reached during that year, the usual convention.
            return jour.year - self.annee_naissance
        return None

    def est_mineure_le(self, jour: datetime.date) -> bool | None:
        age = self.age_le(jour)
        return None if age is None else age < 18


class SituationQuerySet(models.QuerySet):
    def ouvertes(self):
        return self.filter(date_cloture__isnull=True)


class Situation(Versionne):
    """One person's file on one post.

    ``sexe``, ``tranche_age`` and ``mineur`` are copied at opening: they are the
    non-nominative residue that statistics read and that survives the retention purge.
    """

    poste = models.ForeignKey(
        "intervenants.Poste",
        verbose_name="poste",
        on_delete=models.PROTECT,
        related_name="situations",
    )
    personne = models.ForeignKey(
        Personne, verbose_name="personne", on_delete=models.PROTECT, related_name="situations"
    )
    sites = models.ManyToManyField(
        "intervenants.Site", verbose_name="sites concernés", related_name="+", blank=True
    )
    date_ouverture = models.DateField("ouverte le", default=timezone.localdate)
    date_cloture = models.DateField("close le", null=True, blank=True)
    statut_affaire = models.CharField(
        "statut dans l'affaire", max_length=32, choices=StatutAffaire.choices
    )
    problematiques = ArrayField(
        models.CharField(max_length=32, choices=Problematique.choices),
        verbose_name="problématiques",
        default=list,
        blank=True,
    )
    problematique_principale = models.CharField(
        "problématique principale", max_length=32, choices=Problematique.choices
    )
    connu_service_social = models.CharField(
        "déjà connu d'un service social",
        max_length=8,
        choices=OuiNonInconnu.choices,
        default=OuiNonInconnu.INCONNU,
    )
    enfants_au_foyer = models.PositiveSmallIntegerField(
        "enfants au foyer", null=True, blank=True, validators=[MaxValueValidator(20)]
    )
    sexe = models.CharField("sexe", max_length=2, choices=Sexe.choices)
    tranche_age = models.CharField("tranche d'âge", max_length=8, choices=TrancheAge.choices)
    mineur = models.BooleanField("mineur à l'ouverture", null=True)
    derniere_activite = models.DateField("dernier contact", default=timezone.localdate)
    # The worker who follows the situation on a multi-worker post (issue 16, item 9). Empty
    # for situations opened before the field existed. Its index is built concurrently by
    # migration 0008 (docs/decisions.md), hence no db_index here.
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="intervenant·e référent·e",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    objects = SituationQuerySet.as_manager()

    class Meta:
        verbose_name = "situation"
        verbose_name_plural = "situations"
        ordering = ["-derniere_activite", "-id"]
        indexes = [
            models.Index(
                fields=["poste", "-derniere_activite"],
                condition=Q(date_cloture__isnull=True),
                name="situation_ouverte_activite",
            ),
            models.Index(fields=["poste", "date_ouverture"], name="situation_poste_ouverture"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_cloture__isnull=True)
                | Q(date_cloture__gte=models.F("date_ouverture")),
                name="situation_cloture_apres_ouverture",
            )
        ]

    def __str__(self):
        return f"Situation n° {self.pk}"

    @property
    def est_ouverte(self) -> bool:
        return self.date_cloture is None

    def fixer_residu(self, personne: Personne) -> None:
        age = personne.age_le(self.date_ouverture)
        self.sexe = personne.sexe
        self.tranche_age = tranche_pour_age(age)
        self.mineur = None if age is None else age < 18

    def get_problematiques_display(self) -> list[str]:
        return [Problematique(p).label for p in self.problematiques]


class Saisine(models.Model):
    """A referral. An officer's referral lands in the post's inbox without a situation;
    the worker attaches it to an existing situation or opens a new one."""

    poste = models.ForeignKey(
        "intervenants.Poste", verbose_name="poste", on_delete=models.PROTECT, related_name="+"
    )
    situation = models.ForeignKey(
        Situation,
        verbose_name="situation",
        on_delete=models.PROTECT,
        related_name="saisines",
        null=True,
        blank=True,
    )
    site = models.ForeignKey(
        "intervenants.Site", verbose_name="site", on_delete=models.PROTECT, related_name="+"
    )
    origine = models.CharField("origine", max_length=32, choices=OrigineSaisine.choices)
    date_saisine = models.DateField("date de la saisine", default=timezone.localdate)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="agent à l'origine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="saisines_adressees",
    )
    motif = models.CharField("motif", max_length=500)
    urgence = models.CharField(
        "urgence", max_length=16, choices=Urgence.choices, default=Urgence.ORDINAIRE
    )
    # Identity as declared by the officer, until the worker qualifies the referral.
    nom_declare = models.CharField("nom", max_length=100, blank=True)
    prenom_declare = models.CharField("prénom", max_length=100, blank=True)
    annee_naissance_declaree = models.PositiveSmallIntegerField(
        "année de naissance", null=True, blank=True
    )
    telephone_declare = models.CharField("téléphone", max_length=30, blank=True)
    # The logbook entry the worker read (relevé des mains courantes), as the unit numbers it.
    reference_main_courante = models.CharField(
        "référence de main courante", max_length=30, blank=True
    )
    etat = models.CharField(
        "état", max_length=16, choices=EtatSaisine.choices, default=EtatSaisine.RECUE
    )
    date_etat = models.DateField("date de l'état", default=timezone.localdate)
    motif_sans_suite = models.CharField(
        "motif du classement sans suite", max_length=32, choices=MotifSansSuite.choices, blank=True
    )
    precision_sans_suite = models.CharField("précision", max_length=200, blank=True)
    created_at = models.DateTimeField("enregistrée le", auto_now_add=True)

    class Meta:
        verbose_name = "saisine"
        verbose_name_plural = "saisines"
        ordering = ["-date_saisine", "-id"]
        indexes = [
            models.Index(fields=["poste", "etat"], name="saisine_poste_etat"),
            models.Index(fields=["site", "-date_saisine"], name="saisine_site_date"),
            models.Index(fields=["agent", "-date_saisine"], name="saisine_agent_date"),
        ]
        constraints = [
            # A logbook entry is read once per unit: the same relevé sent twice adds nothing.
            models.UniqueConstraint(
                fields=["poste", "site", "reference_main_courante"],
                condition=~Q(reference_main_courante=""),
                name="saisine_reference_main_courante_unique",
            )
        ]

    def __str__(self):
        return f"Saisine n° {self.pk}"

    @property
    def a_qualifier(self) -> bool:
        # A referral classée sans suite needs no situation and is qualified for good.
        if self.etat == EtatSaisine.SANS_SUITE:
            return False
        return self.situation_id is None or self.etat == EtatSaisine.RECUE


class AdhesionQuerySet(models.QuerySet):
    def actives(self):
        return self.filter(date_retrait__isnull=True)


class Adhesion(models.Model):
    """The person's consent to the accompaniment (framework I.3), and its withdrawal."""

    situation = models.ForeignKey(
        Situation, verbose_name="situation", on_delete=models.CASCADE, related_name="adhesions"
    )
    date_recueil = models.DateField("recueillie le")
    date_retrait = models.DateField("retirée le", null=True, blank=True)
    recueillie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = AdhesionQuerySet.as_manager()

    class Meta:
        verbose_name = "adhésion"
        verbose_name_plural = "adhésions"
        ordering = ["-date_recueil", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["situation"],
                condition=Q(date_retrait__isnull=True),
                name="une_adhesion_active_par_situation",
            )
        ]

    def __str__(self):
        return f"Adhésion du {self.date_recueil:%d/%m/%Y}"


class Entretien(Versionne):
    situation = models.ForeignKey(
        Situation, verbose_name="situation", on_delete=models.CASCADE, related_name="entretiens"
    )
    date = models.DateField("date")
    mode = models.CharField("mode", max_length=20, choices=ModeEntretien.choices)
    duree_minutes = models.PositiveSmallIntegerField(
        "durée (minutes)", null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", on_delete=models.PROTECT, related_name="+"
    )
    adhesion = models.BooleanField("la personne adhère à l'accompagnement", default=False)
    notes = TexteChiffre("notes", blank=True)

    class Meta:
        verbose_name = "entretien"
        verbose_name_plural = "entretiens"
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"Entretien du {self.date:%d/%m/%Y}"


class Acte(models.Model):
    situation = models.ForeignKey(
        Situation, verbose_name="situation", on_delete=models.CASCADE, related_name="actes"
    )
    date = models.DateField("date")
    type = models.CharField("type", max_length=32, choices=TypeActe.choices)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "acte"
        verbose_name_plural = "actes"
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.get_type_display()


class Orientation(models.Model):
    situation = models.ForeignKey(
        Situation, verbose_name="situation", on_delete=models.CASCADE, related_name="orientations"
    )
    partenaire = models.ForeignKey(
        Partenaire,
        verbose_name="partenaire",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept beside the partner so statistics do not depend on the directory's later edits.
    type_partenaire = models.CharField(
        "type de partenaire", max_length=32, choices=TypePartenaire.choices
    )
    date = models.DateField("date")
    consentement = models.BooleanField("la personne consent à cette orientation", default=False)
    issue = models.CharField("issue", max_length=32, choices=IssueOrientation.choices, blank=True)
    date_issue = models.DateField("date de l'issue", null=True, blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "orientation"
        verbose_name_plural = "orientations"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(consentement=True), name="orientation_consentie"),
        ]

    def __str__(self):
        return f"Orientation vers {self.partenaire or self.get_type_partenaire_display()}"


class Transmission(models.Model):
    """A lifting of professional secrecy, always with its legal basis (code pénal 226-14)."""

    situation = models.ForeignKey(
        Situation, verbose_name="situation", on_delete=models.CASCADE, related_name="transmissions"
    )
    nature = models.CharField("nature", max_length=32, choices=NatureTransmission.choices)
    fondement = models.CharField(
        "fondement juridique", max_length=32, choices=FondementJuridique.choices
    )
    destinataire = models.CharField("destinataire", max_length=200)
    # The directory's entry when the recipient was chosen there (issue 17, item 4); the
    # name is also copied in ``destinataire``, which a later edit of the directory keeps.
    destinataire_partenaire = models.ForeignKey(
        Partenaire,
        verbose_name="destinataire (annuaire)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    date = models.DateField("date")
    resume = TexteChiffre("résumé")
    copie_crip = models.BooleanField("copie adressée à la CRIP", default=False)
    date_copie_crip = models.DateField("date de la copie à la CRIP", null=True, blank=True)
    personne_informee = models.BooleanField("la personne (ou ses parents) a été informée")
    motif_non_information = models.CharField("motif de non-information", max_length=300, blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "transmission"
        verbose_name_plural = "transmissions"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(nature="signalement_procureur") | Q(copie_crip=True),
                name="signalement_avec_copie_crip",
            ),
            models.CheckConstraint(
                condition=Q(personne_informee=True) | ~Q(motif_non_information=""),
                name="transmission_information_ou_motif",
            ),
        ]

    def __str__(self):
        return self.get_nature_display()


# --- Agenda (issue 16, item 1) ----------------------------------------------------------


class RendezVous(models.Model):
    """An appointment with the person of a situation, held by one worker of the post.

    ``motif`` is free text: encrypted, erased by the retention purge like interview notes.
    Honoured, it points to the interview it became; missed, to the contact attempt recorded.
    """

    situation = models.ForeignKey(
        Situation, verbose_name="situation", on_delete=models.CASCADE, related_name="rendez_vous"
    )
    intervenant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="intervenant·e",
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField("date")
    heure = models.TimeField("heure")
    lieu = models.CharField("lieu", max_length=16, choices=LieuRendezVous.choices)
    motif = TexteChiffre("motif", blank=True)
    etat = models.CharField(
        "état", max_length=8, choices=EtatRendezVous.choices, default=EtatRendezVous.PREVU
    )
    entretien = models.OneToOneField(
        Entretien,
        verbose_name="entretien",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rendez_vous",
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="pris par",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("pris le", auto_now_add=True)

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        ordering = ["date", "heure", "id"]
        indexes = [
            models.Index(fields=["intervenant", "date"], name="rendez_vous_intervenant_date"),
        ]

    def __str__(self):
        return f"Rendez-vous du {self.date:%d/%m/%Y} à {self.heure:%H:%M}"

    @property
    def est_prevu(self) -> bool:
        return self.etat == EtatRendezVous.PREVU


class Rappel(models.Model):
    """A "to call back" on a situation, due on a day; shown, never e-mailed (no name leaves)."""

    situation = models.ForeignKey(
        Situation, verbose_name="situation", on_delete=models.CASCADE, related_name="rappels"
    )
    intervenant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="intervenant·e",
        on_delete=models.PROTECT,
        related_name="+",
    )
    echeance = models.DateField("à rappeler le")
    motif = TexteChiffre("motif", blank=True)
    fait_le = models.DateField("fait le", null=True, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="noté par",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("noté le", auto_now_add=True)

    class Meta:
        verbose_name = "rappel"
        verbose_name_plural = "rappels"
        ordering = ["echeance", "id"]
        indexes = [
            models.Index(
                fields=["intervenant", "echeance"],
                condition=Q(fait_le__isnull=True),
                name="rappel_a_faire",
            ),
        ]

    def __str__(self):
        return f"Rappel du {self.echeance:%d/%m/%Y}"

    @property
    def est_fait(self) -> bool:
        return self.fait_le is not None


# --- Passation (issue 17, item 1) -----------------------------------------------------------


class NotePassation(Versionne):
    """The note a worker leaves on a file for whoever opens it next (a substitute, or the
    worker back from leave). One per situation: writing again replaces it.

    Shown first, at the top of the file, to every other worker of the post until one of
    them marks it read (docs/decisions.md). Encrypted like interview notes; deleted with
    the person's data by the retention purge and an erasure on request."""

    situation = models.OneToOneField(
        Situation,
        verbose_name="situation",
        on_delete=models.CASCADE,
        related_name="note_passation",
    )
    texte = TexteChiffre("note de passation")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="écrite par",
        on_delete=models.PROTECT,
        related_name="+",
    )
    ecrite_le = models.DateTimeField("écrite le", default=timezone.now)
    lue_le = models.DateTimeField("lue le", null=True, blank=True)
    lue_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="lue par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    message_conflit = (
        "La note de passation a été remplacée ou lue depuis que vous avez ouvert ce "
        "formulaire. Votre texte est conservé ci-dessous : relisez la note actuelle en tête "
        "du dossier (dans un autre onglet), puis enregistrez à nouveau si vous la remplacez."
    )

    class Meta:
        verbose_name = "note de passation"
        verbose_name_plural = "notes de passation"

    def __str__(self):
        return f"Note de passation de la situation n° {self.situation_id}"

    @property
    def est_lue(self) -> bool:
        return self.lue_le is not None


# --- Attachments and generated letters (issue 17, items 2 and 3) --------------------------


class FormatPiece(models.TextChoices):
    """The formats an attachment may have, recognised by their first bytes (accueil/pieces.py)."""

    PDF = "pdf", "PDF"
    JPEG = "jpeg", "image JPEG"
    PNG = "png", "image PNG"


class OriginePiece(models.TextChoices):
    DEPOT = "depot", "pièce déposée"
    COURRIER_IP = "courrier_ip", "information préoccupante à la CRIP"
    COURRIER_SIGNALEMENT = "courrier_signalement", "signalement au procureur"
    ATTESTATION = "attestation", "attestation de suivi"


class PieceJointe(models.Model):
    """A file of a situation: deposited by the worker, or a letter generated by the application.

    The content is a Fernet token under ``CHIFFREMENT_CLES`` (accueil/pieces.py), stored in
    the database beside its row, never on disk: it follows the row's transaction, the
    backups, the retention purge and the erasure (docs/decisions.md). Title and original
    file name are encrypted like notes. Read only through ``selectors.pieces_lisibles``.
    """

    situation = models.ForeignKey(
        Situation, verbose_name="situation", on_delete=models.CASCADE, related_name="pieces"
    )
    # A letter generated from a transmission is kept as one of its attachments.
    transmission = models.ForeignKey(
        Transmission,
        verbose_name="transmission",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="courriers",
    )
    origine = models.CharField(
        "origine", max_length=24, choices=OriginePiece.choices, default=OriginePiece.DEPOT
    )
    format = models.CharField("format", max_length=8, choices=FormatPiece.choices)
    titre = TexteChiffre("intitulé")
    nom_original = TexteChiffre("nom du fichier déposé", blank=True)
    taille = models.PositiveIntegerField("taille (octets)")
    contenu = models.BinaryField("contenu chiffré")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("déposée le", auto_now_add=True)

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Pièce n° {self.pk}"

    @property
    def extension(self) -> str:
        return {"pdf": "pdf", "jpeg": "jpg", "png": "png"}[self.format]

    @property
    def type_mime(self) -> str:
        return {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}[self.format]

    @property
    def nom_de_telechargement(self) -> str:
        # Never the original name: it may carry the person's name out of the post.
        return f"piece-{self.pk}.{self.extension}"


# --- Registre des réquisitions (issue 17, item 5) ------------------------------------------


class Requisition(Versionne):
    """A requisition received by the post (code de procédure pénale 60-1, 77-1-1, 99-3):
    who asked, when, for which procedure, what, and what the worker answered and why.

    The worker never takes part in an investigation (framework III.7): the register keeps
    the trace of each request and of each refusal. Read by the post's workers only.
    What was asked and what was given are free text: encrypted."""

    poste = models.ForeignKey(
        "intervenants.Poste", verbose_name="poste", on_delete=models.PROTECT, related_name="+"
    )
    situation = models.ForeignKey(
        Situation,
        verbose_name="situation concernée",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requisitions",
    )
    date = models.DateField("reçue le")
    qualite_requerant = models.CharField(
        "qualité du demandeur", max_length=32, choices=QualiteRequerant.choices
    )
    requerant = models.CharField("nom et service du demandeur", max_length=200)
    cadre = models.CharField("cadre", max_length=16, choices=CadreRequisition.choices)
    ecrite = models.BooleanField("réquisition écrite reçue")
    reference = models.CharField("référence de la procédure", max_length=100, blank=True)
    objet = TexteChiffre("ce qui est demandé")
    reponse = models.CharField("réponse", max_length=16, choices=ReponseRequisition.choices)
    date_reponse = models.DateField("répondu le")
    motif_refus = models.CharField(
        "motif du refus", max_length=32, choices=MotifRefusRequisition.choices, blank=True
    )
    precision_motif = models.CharField("précision sur le motif", max_length=300, blank=True)
    transmis = TexteChiffre("ce qui a été transmis", blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("enregistrée le", auto_now_add=True)

    message_conflit = (
        "Cette réquisition a été modifiée par quelqu'un d'autre depuis que vous l'avez "
        "ouverte. Vos saisies sont conservées ci-dessous : rechargez la page dans un autre "
        "onglet pour voir la version à jour, puis enregistrez à nouveau."
    )

    class Meta:
        verbose_name = "réquisition"
        verbose_name_plural = "réquisitions"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["poste", "date"], name="requisition_poste_date")]
        constraints = [
            # A refusal, whole or partial, always says why.
            models.CheckConstraint(
                condition=Q(reponse="donnee") | ~Q(motif_refus=""),
                name="requisition_refus_motive",
            ),
            models.CheckConstraint(
                condition=Q(date_reponse__gte=models.F("date")),
                name="requisition_reponse_apres_reception",
            ),
        ]

    def __str__(self):
        return f"Réquisition du {self.date:%d/%m/%Y}"
