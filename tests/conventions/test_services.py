import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conventions import services
from conventions.models import Convention, DocumentConvention, TypeDocument, TypeFinanceur
from intervenants.models import ActionJournal, Journal
from tests.conventions.factories import PDF_MINIMAL, ConventionFactory

pytestmark = pytest.mark.django_db
J = datetime.date


def _enregistrer(monde, *, financements=(), **champs):
    valeurs = {
        "titre": "Convention ISCG Estuaire",
        "employeur": monde.employeur,
        "date_signature": J(2023, 12, 1),
        "date_debut": J(2024, 1, 1),
        "cout_annuel": Decimal("50000.00"),
        **champs,
    }
    return services.enregistrer_convention(
        auteur=monde["employeur"],
        convention=Convention(**valeurs),
        postes=[monde.poste],
        parties=[{"role": "prefet", "nom": "Préfet", "signataire": ""}],
        sites=[],
        financements=list(financements),
    )


def _ligne(annee, montant, financeur=TypeFinanceur.FIPD_ETAT):
    return {
        "financeur": financeur,
        "libelle_financeur": "",
        "annee": annee,
        "montant": Decimal(montant),
    }


def test_convention_creee_sur_trois_ans_avec_les_sites_des_postes(monde):
    convention = _enregistrer(monde)
    assert convention.date_fin == J(2026, 12, 31)
    sites = set(convention.sites_couverts.values_list("site__nom", flat=True))
    assert sites == {s.nom for s in monde.poste.sites.all()}


def test_creation_journalisee(monde):
    convention = _enregistrer(monde)
    entree = Journal.objects.get(objet_type="conventions.Convention")
    assert (entree.action, entree.objet_id) == (ActionJournal.CREATION, str(convention.pk))
    assert entree.utilisateur == monde["employeur"]


def test_financements_au_dela_de_100_pour_cent_refuses_sans_rien_enregistrer(monde):
    with pytest.raises(ValidationError, match="plus de 100 %"):
        _enregistrer(
            monde,
            financements=[_ligne(2024, "30000"), _ligne(2024, "25000", "conseil_departemental")],
        )
    assert Convention.objects.count() == 0
    assert not Journal.objects.filter(objet_type="conventions.Convention").exists()


def test_exactement_100_pour_cent_accepte(monde):
    convention = _enregistrer(
        monde,
        financements=[_ligne(2024, "25000.00"), _ligne(2024, "25000.00", "conseil_departemental")],
    )
    assert convention.financements.count() == 2


def test_montant_negatif_refuse(monde):
    with pytest.raises(ValidationError, match="négatif"):
        _enregistrer(monde, financements=[_ligne(2024, "-10")])
    assert Convention.objects.count() == 0


def test_annee_hors_convention_refusee(monde):
    with pytest.raises(ValidationError, match="hors de la durée"):
        _enregistrer(monde, financements=[_ligne(2030, "10")])


def test_fin_avant_debut_refusee(monde):
    with pytest.raises(ValidationError):
        _enregistrer(monde, date_fin=J(2023, 1, 1))
    assert Convention.objects.count() == 0


def test_poste_d_un_autre_employeur_refuse(monde):
    with pytest.raises(ValidationError, match="ne relève pas"):
        services.enregistrer_convention(
            auteur=monde["employeur"],
            convention=Convention(titre="X", employeur=monde.employeur, date_debut=J(2024, 1, 1)),
            postes=[monde.poste_autre],
            parties=[],
            sites=[],
            financements=[],
        )
    assert Convention.objects.count() == 0


def test_modification_met_a_jour_ajoute_et_ne_supprime_que_sur_demande(monde):
    convention = _enregistrer(monde, financements=[_ligne(2024, "1000"), _ligne(2025, "500")])
    premiere, seconde = convention.financements.order_by("annee")
    services.enregistrer_convention(
        auteur=monde["coordinateur"],
        convention=convention,
        version=convention.version,
        postes=[monde.poste],
        parties=[],
        sites=[],
        financements=[{**_ligne(2024, "1500"), "id": premiere.pk}, _ligne(2026, "2000")],
        supprimees={"financements": [seconde.pk]},
    )
    assert list(convention.financements.values_list("annee", "montant")) == [
        (2024, Decimal("1500.00")),
        (2026, Decimal("2000.00")),
    ]
    assert convention.financements.filter(pk=premiere.pk, annee=2024).exists()
    assert convention.parties.count() == 1  # not mentioned: kept
    assert Journal.objects.filter(action=ActionJournal.MODIFICATION).count() == 1


def test_ligne_d_une_autre_convention_refusee(monde):
    autre = _enregistrer(monde, financements=[_ligne(2024, "1000")], titre="Autre")
    convention = _enregistrer(monde)
    with pytest.raises(ValidationError, match="ne fait pas partie de cette convention"):
        services.enregistrer_convention(
            auteur=monde["coordinateur"],
            convention=convention,
            version=convention.version,
            postes=[monde.poste],
            parties=[],
            sites=[],
            financements=[],
            supprimees={"financements": [autre.financements.get().pk]},
        )
    assert autre.financements.count() == 1


def test_deux_sites_echanges_entre_deux_lignes(monde):
    convention = _enregistrer(monde)
    a, b = convention.sites_couverts.order_by("pk")[:2]
    services.enregistrer_convention(
        auteur=monde["coordinateur"],
        convention=convention,
        version=convention.version,
        postes=[monde.poste],
        parties=[],
        sites=[
            {"id": a.pk, "site": b.site, "horaires_permanence": "mardi"},
            {"id": b.pk, "site": a.site, "horaires_permanence": "jeudi"},
        ],
        financements=[],
    )
    horaires = dict(convention.sites_couverts.values_list("site_id", "horaires_permanence"))
    assert (horaires[b.site_id], horaires[a.site_id]) == ("mardi", "jeudi")


def test_avenant_numerote_et_prolonge_en_gardant_l_ancienne_fin(monde):
    convention = ConventionFactory(employeur=monde.employeur, date_fin=J(2026, 12, 31))
    premier = services.enregistrer_avenant(
        auteur=monde["employeur"],
        convention=convention,
        date_signature=J(2025, 1, 10),
        objet="Horaires",
        modifications="Permanence le mardi.",
    )
    second = services.enregistrer_avenant(
        auteur=monde["employeur"],
        convention=convention,
        date_signature=J(2026, 6, 1),
        objet="Prolongation",
        modifications="Six mois de plus.",
        nouvelle_date_fin=J(2027, 6, 30),
    )
    convention.refresh_from_db()
    assert (premier.numero, second.numero) == (1, 2)
    assert (second.ancienne_date_fin, convention.date_fin) == (J(2026, 12, 31), J(2027, 6, 30))


def test_avenant_avec_fin_avant_le_debut_refuse(monde):
    convention = ConventionFactory(employeur=monde.employeur)
    with pytest.raises(ValidationError):
        services.enregistrer_avenant(
            auteur=monde["employeur"],
            convention=convention,
            date_signature=J(2025, 1, 10),
            objet="Erreur",
            modifications="…",
            nouvelle_date_fin=J(2020, 1, 1),
        )
    assert convention.avenants.count() == 0


def test_document_pdf_garde_dans_la_base_sans_chemin(monde, fichiers_temporaires):
    convention = ConventionFactory(employeur=monde.employeur)
    document = services.deposer_document(
        auteur=monde["employeur"],
        convention=convention,
        fichier=SimpleUploadedFile("../../etc/passwd.pdf", PDF_MINIMAL),
        type=TypeDocument.CONVENTION_SIGNEE,
        titre="Convention signée",
    )
    # The client's file name is only a label: nothing is written on the disk.
    document.refresh_from_db()
    assert bytes(document.contenu) == PDF_MINIMAL
    assert document.taille == len(PDF_MINIMAL)
    assert document.nom_original == "passwd.pdf"  # Django keeps the base name only
    assert not fichiers_temporaires.exists()


def test_document_non_pdf_refuse_par_le_service(monde, fichiers_temporaires):
    convention = ConventionFactory(employeur=monde.employeur)
    with pytest.raises(ValidationError, match="pas un PDF"):
        services.deposer_document(
            auteur=monde["employeur"],
            convention=convention,
            fichier=SimpleUploadedFile("faux.pdf", b"MZ\x90\x00 not a pdf"),
            type=TypeDocument.CONVENTION_SIGNEE,
            titre="Faux",
        )
    assert DocumentConvention.objects.count() == 0
    assert not (fichiers_temporaires / "conventions").exists()
