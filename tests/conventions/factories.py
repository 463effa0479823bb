import datetime
from decimal import Decimal

import factory

from conventions.models import (
    Avenant,
    Convention,
    Financement,
    SiteConvention,
    TypeFinanceur,
)
from tests.factories import EmployeurFactory

PDF_MINIMAL = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class ConventionFactory(factory.django.DjangoModelFactory):
    """A signed three-year convention; ``postes=[...]`` also covers the posts' sites."""

    class Meta:
        model = Convention
        skip_postgeneration_save = True

    titre = factory.Sequence(lambda n: f"Convention ISCG n° {n}")
    employeur = factory.SubFactory(EmployeurFactory)
    date_signature = datetime.date(2023, 12, 15)
    date_debut = datetime.date(2024, 1, 1)
    date_fin = datetime.date(2026, 12, 31)
    cout_annuel = Decimal("50000.00")

    @factory.post_generation
    def postes(self, create, extracted, **kwargs):
        if create and extracted:
            self.postes.set(extracted)
            for poste in extracted:
                for site in poste.sites.all():
                    SiteConvention.objects.get_or_create(convention=self, site=site)


class FinancementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Financement

    convention = factory.SubFactory(ConventionFactory)
    financeur = TypeFinanceur.FIPD_ETAT
    annee = 2024
    montant = Decimal("25000.00")


class AvenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Avenant

    convention = factory.SubFactory(ConventionFactory)
    numero = factory.Sequence(lambda n: n + 1)
    date_signature = datetime.date(2025, 3, 1)
    objet = "Modification des horaires de permanence"
    modifications = "Permanence du jeudi déplacée au mardi."
