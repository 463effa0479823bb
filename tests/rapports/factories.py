import hashlib

import factory
from django.utils import timezone

from rapports.models import BilanAnnuel, CompteRendu, EtatRapport
from tests.factories import DepartementFactory, PosteFactory, UserFactory

PDF_FACTICE = b"%PDF-1.7 factice"


class RapportFactory(factory.django.DjangoModelFactory):
    redige_par = factory.SubFactory(UserFactory)
    texte_saisines = "Saisines surtout par les mains courantes."

    class Params:
        # A frozen report without running the real validation (fast, for permissions).
        fige = factory.Trait(
            etat=EtatRapport.VALIDE,
            valide_le=factory.LazyFunction(timezone.now),
            instantane=factory.LazyFunction(lambda: None),
            pdf=PDF_FACTICE,
            empreinte_pdf=hashlib.sha256(PDF_FACTICE).hexdigest(),
        )
        transmis = factory.Trait(
            fige=True,
            etat=EtatRapport.TRANSMIS,
            transmis_le=factory.LazyFunction(timezone.now),
        )


class CompteRenduFactory(RapportFactory):
    class Meta:
        model = CompteRendu

    poste = factory.SubFactory(PosteFactory)
    annee = 2025
    trimestre = factory.Sequence(lambda n: n % 4 + 1)


class BilanAnnuelFactory(RapportFactory):
    class Meta:
        model = BilanAnnuel

    site = None
    departement = factory.SubFactory(DepartementFactory)
    annee = factory.Sequence(lambda n: 2000 + n)
    # As services.creer_bilan: a site's report to its CLSPD, the département's to the CDP.
    pour_clspd = factory.LazyAttribute(lambda bilan: bilan.site is not None)
    pour_cdp = factory.LazyAttribute(lambda bilan: bilan.site is None)
