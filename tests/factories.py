import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from intervenants import services
from intervenants.models import Departement, Employeur, Force, Poste, Site, TypeEmployeur, TypeSite


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n % 95 + 1:02d}")
    nom = factory.Faker("city", locale="fr_FR")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    nom = factory.Sequence(lambda n: f"Commissariat n° {n}")
    type = TypeSite.COMMISSARIAT
    force = Force.POLICE
    commune = factory.Faker("city", locale="fr_FR")
    departement = factory.SubFactory(DepartementFactory)

    class Params:
        brigade = factory.Trait(
            nom=factory.Sequence(lambda n: f"Brigade n° {n}"),
            type=TypeSite.BRIGADE_AUTONOME,
            force=Force.GENDARMERIE,
        )


class EmployeurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employeur

    nom = factory.Sequence(lambda n: f"Association d'aide aux victimes n° {n}")
    type = TypeEmployeur.ASSOCIATION
    departement = factory.SubFactory(DepartementFactory)


class PosteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Poste
        skip_postgeneration_save = True

    intitule = factory.Sequence(lambda n: f"ISCG n° {n}")
    employeur = factory.SubFactory(EmployeurFactory)
    departement = factory.SelfAttribute("employeur.departement")
    etp = Decimal("1.00")
    date_creation = datetime.date(2022, 1, 1)

    @factory.post_generation
    def sites(self, create, extracted, **kwargs):
        if create and extracted:
            self.sites.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"compte{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@exemple.invalid")
    password = factory.django.Password("mot-de-passe-de-test")


def affecter(utilisateur, role, perimetre=None, **kwargs):
    """Give ``utilisateur`` a role through the real service (permissions included)."""
    return services.creer_affectation(
        utilisateur=utilisateur,
        role=role,
        perimetre=perimetre,
        date_debut=kwargs.pop("date_debut", datetime.date(2024, 1, 1)),
        **kwargs,
    )
