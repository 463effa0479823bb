// Relevé des mains courantes: « Ajouter une ligne » appends an empty line and puts the
// cursor in it. Progressive enhancement: without this script, the page offers a longer
// blank relevé instead, and every line typed is sent as usual.
(function () {
  "use strict";
  var formulaire = document.getElementById("releve");
  var modele = document.getElementById("ligne-vide");
  var bouton = document.getElementById("ajouter-ligne");
  if (!formulaire || !modele || !bouton) {
    return;
  }
  var total = formulaire.querySelector("input[name='ligne-TOTAL_FORMS']");
  var maximum = parseInt(formulaire.querySelector("input[name='ligne-MAX_NUM_FORMS']").value, 10);
  var lignes = document.getElementById("lignes");
  bouton.hidden = false;
  bouton.disabled = parseInt(total.value, 10) >= maximum;
  bouton.addEventListener("click", function () {
    var n = parseInt(total.value, 10);
    if (n >= maximum) {
      return;
    }
    var html = modele.innerHTML
      .replace(/__prefix__/g, String(n))
      .replace(/__numero__/g, String(n + 1));
    lignes.insertAdjacentHTML("beforeend", html);
    total.value = String(n + 1);
    bouton.disabled = n + 1 >= maximum;
    var premier = lignes.lastElementChild.querySelector("input, select");
    if (premier) {
      premier.focus();
    }
  });
})();
