from django.urls import path

from accueil import (
    views,
    views_agenda,
    views_partenaires,
    views_passation,
    views_pieces,
    views_requisitions,
    views_transmissions,
)

app_name = "accueil"

urlpatterns = [
    # Worker (intervenant): the post's confidential records.
    path("dossiers/", views.dossiers, name="dossiers"),
    path("recherche/", views.recherche, name="recherche"),
    path("saisines/a-qualifier/", views.boite, name="boite"),
    path("saisines/nouvelle/", views.saisine_creer, name="saisine_creer"),
    path("contacts-anonymes/nouveau/", views.contact_anonyme, name="contact_anonyme"),
    path("saisines/releve/", views.releve, name="releve"),
    path("saisines/<int:pk>/qualifier/", views.saisine_qualifier, name="saisine_qualifier"),
    path("situations/<int:pk>/", views.situation, name="situation"),
    path("situations/<int:pk>/modifier/", views.situation_modifier, name="situation_modifier"),
    path("situations/<int:pk>/identite/", views.personne_modifier, name="personne_modifier"),
    path(
        "situations/<int:pk>/identite/identifier/",
        views.personne_identifier,
        name="personne_identifier",
    ),
    path("situations/<int:pk>/identite/export/", views.personne_export, name="personne_export"),
    path("situations/<int:pk>/identite/effacer/", views.personne_effacer, name="personne_effacer"),
    path("situations/<int:pk>/cloturer/", views.situation_cloturer, name="situation_cloturer"),
    path("situations/<int:pk>/referent/", views.situation_referent, name="situation_referent"),
    path("situations/<int:pk>/rouvrir/", views.situation_rouvrir, name="situation_rouvrir"),
    path("situations/<int:pk>/adhesion/retrait/", views.adhesion_retirer, name="adhesion_retirer"),
    path("situations/<int:pk>/entretiens/nouveau/", views.entretien_creer, name="entretien_creer"),
    path("entretiens/<int:pk>/modifier/", views.entretien_modifier, name="entretien_modifier"),
    path("situations/<int:pk>/actes/nouveau/", views.acte_creer, name="acte_creer"),
    path(
        "situations/<int:pk>/orientations/nouvelle/",
        views.orientation_creer,
        name="orientation_creer",
    ),
    path("orientations/<int:pk>/issue/", views.orientation_issue, name="orientation_issue"),
    path(
        "situations/<int:pk>/transmissions/nouvelle/",
        views_transmissions.transmission_creer,
        name="transmission_creer",
    ),
    path("partenaires/", views_partenaires.partenaires, name="partenaires"),
    # The directory kept up to date (issue 17, item 6).
    path(
        "partenaires/<int:pk>/modifier/",
        views_partenaires.partenaire_modifier,
        name="partenaire_modifier",
    ),
    path(
        "partenaires/<int:pk>/desactiver/",
        views_partenaires.partenaire_desactiver,
        name="partenaire_desactiver",
    ),
    path(
        "partenaires/<int:pk>/reactiver/",
        views_partenaires.partenaire_reactiver,
        name="partenaire_reactiver",
    ),
    # The post's register of requisitions (issue 17, item 5).
    path("requisitions/", views_requisitions.requisitions, name="requisitions"),
    path(
        "requisitions/nouvelle/",
        views_requisitions.requisition_creer,
        name="requisition_creer",
    ),
    path(
        "requisitions/<int:pk>/modifier/",
        views_requisitions.requisition_modifier,
        name="requisition_modifier",
    ),
    # Worker: the agenda (issue 16, item 1).
    path("agenda/", views_agenda.agenda, name="agenda"),
    path(
        "situations/<int:pk>/rendez-vous/nouveau/",
        views_agenda.rendez_vous_creer,
        name="rendez_vous_creer",
    ),
    path("situations/<int:pk>/rappels/nouveau/", views_agenda.rappel_creer, name="rappel_creer"),
    path(
        "rendez-vous/<int:pk>/honore/", views_agenda.rendez_vous_honorer, name="rendez_vous_honorer"
    ),
    path(
        "rendez-vous/<int:pk>/manque/", views_agenda.rendez_vous_manque, name="rendez_vous_manque"
    ),
    path(
        "rendez-vous/<int:pk>/annuler/",
        views_agenda.rendez_vous_annuler,
        name="rendez_vous_annuler",
    ),
    path("rappels/<int:pk>/fait/", views_agenda.rappel_fait, name="rappel_fait"),
    # Worker: the file's handover note (issue 17, item 1).
    path(
        "situations/<int:pk>/passation/", views_passation.passation_ecrire, name="passation_ecrire"
    ),
    path("situations/<int:pk>/passation/lue/", views_passation.passation_lue, name="passation_lue"),
    # Worker: attachments and generated letters (issue 17, items 2 and 3).
    path(
        "situations/<int:pk>/pieces/nouvelle/",
        views_pieces.piece_deposer,
        name="piece_deposer",
    ),
    path("pieces/<int:pk>/", views_pieces.piece_telecharger, name="piece_telecharger"),
    path("pieces/<int:pk>/supprimer/", views_pieces.piece_supprimer, name="piece_supprimer"),
    path(
        "transmissions/<int:pk>/courrier/",
        views_pieces.courrier_transmission,
        name="courrier_transmission",
    ),
    path("situations/<int:pk>/attestation/", views_pieces.attestation, name="attestation"),
    # Officer (agent): refer a person, see the acknowledgement of one's own referrals.
    path("orienter/", views.orienter, name="orienter"),
    path("mes-saisines/", views.mes_saisines, name="mes_saisines"),
    # Functional authority: acknowledgements of the unit's referrals, nothing more.
    path("saisines-de-l-unite/", views.saisines_unite, name="saisines_unite"),
]
