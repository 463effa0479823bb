"""Attachments and generated letters of a file (issue 17, items 2 and 3).

Every object is read through a selector scoped to the user's posts: 404 elsewhere. Files
are served as downloads only (``Content-Disposition: attachment``, ``nosniff``), under a
name that carries the piece's number, never the deposited name.
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from accueil import courriers, pieces, selectors
from accueil.forms_pieces import GenererForm, PieceForm
from accueil.views import intervenant_requis
from intervenants.envois import envoi_unique
from intervenants.forms import executer


def _vers_les_pieces(situation):
    return redirect(reverse("accueil:situation", args=[situation.pk]) + "#pieces")


def envoi_en_memoire(vue):
    """Install :class:`pieces.EnvoiEnMemoire` before anything reads the body.

    The CSRF middleware reads the body of a POST, so its check moves inside, after the
    handler is in place (Django's documented way); the check itself is unchanged."""
    protegee = csrf_protect(vue)

    @csrf_exempt
    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        request.upload_handlers = [pieces.EnvoiEnMemoire(request)]
        return protegee(request, *args, **kwargs)

    return enveloppe


@envoi_en_memoire
@intervenant_requis
@envoi_unique
def piece_deposer(request, pk):
    situation = selectors.situation_pour(request.user, pk)
    form = PieceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        piece = executer(
            form,
            pieces.deposer_piece,
            auteur=request.user,
            situation=situation,
            fichier=form.cleaned_data["fichier"],
            titre=form.cleaned_data["titre"],
        )
        if piece:
            messages.success(request, f"Pièce n° {piece.pk} déposée ; elle est chiffrée.")
            return _vers_les_pieces(situation)
    return render(
        request,
        "accueil/pieces/piece_form.html",
        {"situation": situation, "form": form, "titre": "Déposer une pièce"},
    )


@intervenant_requis
def piece_telecharger(request, pk):
    piece = selectors.piece_pour(request.user, pk, avec_contenu=True)
    contenu = pieces.contenu_en_clair(piece)
    pieces.journaliser_telechargement(auteur=request.user, piece=piece)
    reponse = HttpResponse(contenu, content_type=piece.type_mime)
    reponse["Content-Disposition"] = f'attachment; filename="{piece.nom_de_telechargement}"'
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, no-store"
    return reponse


@intervenant_requis
@envoi_unique
def piece_supprimer(request, pk):
    piece = selectors.piece_pour(request.user, pk)
    situation = piece.situation
    form = GenererForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pieces.supprimer_piece(auteur=request.user, piece=piece)
        messages.success(request, f"Pièce n° {pk} supprimée.")
        return _vers_les_pieces(situation)
    return render(
        request,
        "accueil/pieces/confirmer.html",
        {
            "situation": situation,
            "form": form,
            "titre": f"Supprimer la pièce n° {piece.pk}",
            "piece": piece,
            "effet": "La pièce est supprimée pour de bon : elle ne pourra pas être retrouvée.",
            "bouton": "Supprimer",
            "danger": True,
        },
    )


def _generer(request, dossier, service, *, titre, effet, **kwargs):
    form = GenererForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        piece = executer(form, service, auteur=request.user, **kwargs)
        if piece:
            messages.success(
                request, f"{piece.titre} : pièce n° {piece.pk}, à télécharger ci-dessous."
            )
            return _vers_les_pieces(dossier)
    return render(
        request,
        "accueil/pieces/confirmer.html",
        {
            "situation": dossier,
            "form": form,
            "titre": titre,
            "effet": effet,
            "bouton": "Établir le courrier (PDF)",
            "danger": False,
        },
    )


@intervenant_requis
@envoi_unique
def courrier_transmission(request, pk):
    transmission = selectors.transmission_pour(request.user, pk)
    modele = courriers.modele_pour(transmission)
    if modele is None:  # only an information préoccupante or a signalement has a letter
        raise Http404
    return _generer(
        request,
        transmission.situation,
        courriers.generer_courrier,
        titre=modele.titre,
        effet=(
            f"Transmission du {transmission.date:%d/%m/%Y} ({transmission.get_nature_display()}, "
            f"{transmission.get_fondement_display()}). Le courrier reprend son fondement, les "
            "faits tels que vous les avez écrits, l'information de la personne, votre identité "
            "et votre poste ; il est gardé, chiffré, avec les pièces du dossier."
        ),
        transmission=transmission,
    )


@intervenant_requis
@envoi_unique
def attestation(request, pk):
    situation = selectors.situation_pour(request.user, pk)
    return _generer(
        request,
        situation,
        courriers.generer_attestation,
        titre="Attestation de suivi",
        effet=(
            "L'attestation dit que la personne est suivie par le poste, depuis quand, et le cas "
            "échéant jusqu'à quand ; ni le motif ni le contenu de l'accompagnement. Elle est "
            "gardée, chiffrée, avec les pièces du dossier."
        ),
        situation=situation,
    )
