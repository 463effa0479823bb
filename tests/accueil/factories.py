import datetime

import factory
from django.utils import timezone

from accueil.choix import (
    EtatSaisine,
    ModeEntretien,
    OrigineSaisine,
    Problematique,
    Sexe,
    StatutAffaire,
    TypeActe,
    TypePartenaire,
)
from accueil.models import (
    Acte,
    Adhesion,
    Entretien,
    Orientation,
    Partenaire,
    Personne,
    PieceJointe,
    Rappel,
    RendezVous,
    Requisition,
    Saisine,
    Situation,
    Transmission,
)
from accueil.pieces import chiffrer_octets
from tests.factories import DepartementFactory, PosteFactory, SiteFactory, UserFactory


class PartenaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partenaire

    departement = factory.SubFactory(DepartementFactory)
    nom = factory.Sequence(lambda n: f"Partenaire n° {n}")
    type = TypePartenaire.AIDE_VICTIMES


class PersonneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Personne

    poste = factory.SubFactory(PosteFactory)
    nom = factory.Faker("last_name", locale="fr_FR")
    prenom = factory.Faker("first_name_female", locale="fr_FR")
    sexe = Sexe.FEMME
    annee_naissance = 1988
    telephone = factory.Sequence(lambda n: f"06 12 34 {n // 100 % 100:02d} {n % 100:02d}")
    commune = "Saint-Nazaire"


class PersonneAnonymeFactory(PersonneFactory):
    """A contact without identity (issue 16, item 3)."""

    nom = ""
    prenom = ""
    annee_naissance = None
    telephone = ""
    commune = ""
    anonyme = True


class SituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Situation
        skip_postgeneration_save = True

    personne = factory.SubFactory(PersonneFactory)
    poste = factory.SelfAttribute("personne.poste")
    date_ouverture = datetime.date(2026, 3, 2)
    derniere_activite = factory.SelfAttribute("date_ouverture")
    statut_affaire = StatutAffaire.VICTIME
    problematique_principale = Problematique.VC_PHYSIQUES
    problematiques = factory.LazyAttribute(lambda s: [s.problematique_principale])
    sexe = factory.SelfAttribute("personne.sexe")
    tranche_age = "25-39"
    mineur = False


class SaisineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Saisine

    situation = factory.SubFactory(SituationFactory)
    poste = factory.SelfAttribute("situation.poste")
    site = factory.LazyAttribute(lambda s: s.poste.sites.first() or SiteFactory())
    origine = OrigineSaisine.POLICIER_ACCUEIL
    date_saisine = factory.SelfAttribute("situation.date_ouverture")
    motif = "Main courante pour dispute conjugale"
    etat = EtatSaisine.PRISE_EN_CHARGE


class AdhesionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adhesion

    situation = factory.SubFactory(SituationFactory)
    date_recueil = factory.SelfAttribute("situation.date_ouverture")
    recueillie_par = factory.SubFactory(UserFactory)


class EntretienFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entretien

    situation = factory.SubFactory(SituationFactory)
    date = factory.SelfAttribute("situation.date_ouverture")
    mode = ModeEntretien.PHYSIQUE
    duree_minutes = 45
    auteur = factory.SubFactory(UserFactory)
    adhesion = True
    notes = "Madame décrit des violences répétées ; souhaite être accompagnée."


class ActeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Acte

    situation = factory.SubFactory(SituationFactory)
    date = factory.SelfAttribute("situation.date_ouverture")
    type = TypeActe.EVALUATION
    auteur = factory.SubFactory(UserFactory)


class OrientationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Orientation

    situation = factory.SubFactory(SituationFactory)
    partenaire = None
    type_partenaire = TypePartenaire.AIDE_VICTIMES
    date = factory.SelfAttribute("situation.date_ouverture")
    consentement = True
    auteur = factory.SubFactory(UserFactory)


class TransmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transmission

    situation = factory.SubFactory(SituationFactory)
    nature = "secret_partage"
    fondement = "casf_l121_6_2"
    destinataire = "Service social départemental"
    date = factory.SelfAttribute("situation.date_ouverture")
    resume = "Partage limité aux éléments nécessaires à l'accompagnement."
    personne_informee = True
    auteur = factory.SubFactory(UserFactory)


class SaisineRecueFactory(SaisineFactory):
    """An officer's referral still in the post's inbox: no situation yet."""

    situation = None
    poste = factory.SubFactory(PosteFactory)
    date_saisine = datetime.date(2026, 4, 1)
    etat = EtatSaisine.RECUE
    nom_declare = factory.Faker("last_name", locale="fr_FR")
    prenom_declare = factory.Faker("first_name", locale="fr_FR")


class RendezVousFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RendezVous

    situation = factory.SubFactory(SituationFactory)
    intervenant = factory.SubFactory(UserFactory)
    cree_par = factory.SelfAttribute("intervenant")
    date = factory.LazyFunction(timezone.localdate)
    heure = datetime.time(14, 30)
    lieu = "commissariat"
    motif = "Point sur la plainte"


class RappelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rappel

    situation = factory.SubFactory(SituationFactory)
    intervenant = factory.SubFactory(UserFactory)
    cree_par = factory.SelfAttribute("intervenant")
    echeance = factory.LazyFunction(timezone.localdate)
    motif = "Rappeler après l'audience"


class SituationAnonymeFactory(SituationFactory):
    personne = factory.SubFactory(PersonneAnonymeFactory)
    tranche_age = "inconnue"
    mineur = None


# A PNG signature and a few bytes: enough for the content check (accueil/pieces.py).
PNG_MINIMAL = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR contenu de test"


class PieceJointeFactory(factory.django.DjangoModelFactory):
    """An attachment, encrypted as the service stores it; ``clair`` is its content."""

    class Meta:
        model = PieceJointe

    class Params:
        clair = PNG_MINIMAL

    situation = factory.SubFactory(SituationFactory)
    format = "png"
    titre = "Certificat médical"
    nom_original = "certificat-dupont.png"
    taille = factory.LazyAttribute(lambda o: len(o.clair))
    contenu = factory.LazyAttribute(lambda o: chiffrer_octets(o.clair))


class RequisitionFactory(factory.django.DjangoModelFactory):
    """A requisition of the register (issue 17, item 5), refused by default."""

    class Meta:
        model = Requisition

    poste = factory.SubFactory(PosteFactory)
    situation = None
    date = datetime.date(2026, 4, 2)
    qualite_requerant = "opj_police"
    requerant = "Capitaine Martin, brigade de protection des familles"
    cadre = "cpp_77_1_1"
    ecrite = True
    reference = "PV 2026/00123"
    objet = "Compte rendu des entretiens avec la personne."
    reponse = "refusee"
    date_reponse = factory.SelfAttribute("date")
    motif_refus = "secret_professionnel"
    auteur = factory.SubFactory(UserFactory)
