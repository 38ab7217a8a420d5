// Progressive enhancement: a "show password" button under each password field, so a person
// typing on a phone can check what they typed. The pages work the same without it.
(function () {
  "use strict";
  function addToggle(input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "password-toggle";
    button.setAttribute("aria-controls", input.id);
    button.setAttribute("aria-pressed", "false");
    var show = document.documentElement.lang === "en" ? "Show password" : "Pokaż hasło";
    var hide = document.documentElement.lang === "en" ? "Hide password" : "Ukryj hasło";
    button.textContent = show;
    button.addEventListener("click", function () {
      var visible = input.type === "text";
      input.type = visible ? "password" : "text";
      button.textContent = visible ? show : hide;
      button.setAttribute("aria-pressed", visible ? "false" : "true");
    });
    input.insertAdjacentElement("afterend", button);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var inputs = document.querySelectorAll("input.password-input");
    for (var i = 0; i < inputs.length; i++) {
      addToggle(inputs[i]);
    }
  });
})();
