// New transmission (issue 17, item 4). Progressive enhancement: without this script the
// server proposes the legal basis of the nature chosen (the form comes back with it) and
// refuses a copy to the CRIP when the recipient is the CRIP.
// - Choosing a nature proposes its basis, unless the worker chose another one herself.
// - The copy to the CRIP is offered only when the recipient is not the CRIP.
(function () {
  "use strict";
  document.querySelectorAll("form.transmission").forEach(function (formulaire) {
    var nature = formulaire.querySelector("select[name=nature]");
    var fondement = formulaire.querySelector("select[name=fondement]");
    var annuaire = formulaire.querySelector("select[name=destinataire_partenaire]");
    var texte = formulaire.querySelector("input[name=destinataire]");
    var copie = formulaire.querySelector("input[name=copie_crip]");
    var dateCopie = formulaire.querySelector("input[name=date_copie_crip]");
    var proposes = JSON.parse(formulaire.dataset.fondements || "{}");
    var propose = fondement ? fondement.value : "";

    if (nature && fondement) {
      nature.addEventListener("change", function () {
        // Only a basis the worker did not change herself is replaced.
        if (fondement.value === "" || fondement.value === propose) {
          propose = proposes[nature.value] || "";
          fondement.value = propose;
        }
      });
    }

    function bloc(champ) {
      return champ ? document.getElementById("div_" + champ.id) || champ.parentElement : null;
    }

    function estLaCrip() {
      if (annuaire && annuaire.value) {
        var option = annuaire.options[annuaire.selectedIndex];
        return option.dataset.crip === "1";
      }
      return Boolean(texte && /\bcrip\b|cellule de recueil/i.test(texte.value));
    }

    function copieSelonDestinataire() {
      var crip = estLaCrip();
      [bloc(copie), bloc(dateCopie)].forEach(function (b) {
        if (b) {
          b.hidden = crip;
        }
      });
      if (crip && copie) {
        copie.checked = false;
        if (dateCopie) {
          dateCopie.value = "";
        }
      }
    }

    if (annuaire) {
      annuaire.addEventListener("change", copieSelonDestinataire);
    }
    if (texte) {
      texte.addEventListener("input", copieSelonDestinataire);
    }
    copieSelonDestinataire();
  });
})();
