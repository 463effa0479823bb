// Qualifying a referral: choosing « Ouvrir une nouvelle situation » opens its block.
// Progressive enhancement: without this script the server answers the empty fields
// beside them and opens the block itself.
(function () {
  "use strict";
  document.querySelectorAll("form.qualification").forEach(function (formulaire) {
    var bloc = formulaire.querySelector("#bloc-nouvelle-situation");
    if (!bloc) {
      return;
    }
    formulaire.querySelectorAll("input[name=decision]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (radio.checked && radio.value === "nouvelle") {
          bloc.open = true;
        }
      });
    });
  });
})();
