// Conferral, in Material's search box: a query shaped like a case number (2:17-cv-1666-KJN) gets,
// first among the results, a link to the checker's "Find my judge" with that case number in the
// address's fragment (checker/#case=2%3A17-cv-1666-KJN), and Enter follows it. Material's own
// results are left as they are. Written for Material 9.7-9.8 (its search DOM: the query input and
// the results container); see material.py. The build fills in its settings: the case-number shapes
// (the core's, from site.json's vocabularies), the checker page (from this file) and the label.
(function () {
  "use strict";
  var settings = __CONFERRAL_SEARCH__;
  var input = document.querySelector("[data-md-component=search-query]");
  var results = document.querySelector("[data-md-component=search-result]");
  var script = document.currentScript;
  if (!input || !results || !script) return;
  var shapes = settings.case_number.map(function (shape) {
    return new RegExp("^(?:" + shape.pattern + ")$", shape.flags);
  });
  var checker = new URL(settings.checker, script.src).href;

  // <div class="cf-search-case"><a href="…"><span data-md-score>label with the number</span></a></div>
  // (Material's Enter key reads the score of a result link's first element: this one comes first.)
  var box = document.createElement("div");
  box.className = "cf-search-case";
  var link = document.createElement("a");
  var text = document.createElement("span");
  text.setAttribute("data-md-score", "Infinity");
  var before = document.createTextNode(""), after = document.createTextNode("");
  var number = document.createElement("strong");
  var parts = settings.label.split("{case}");
  before.data = parts[0];
  after.data = parts.slice(1).join("");
  text.append(before, number, after);
  link.append(text);
  box.append(link);

  function caseNumber() {
    var value = input.value.trim();
    for (var i = 0; i < shapes.length; i++) if (shapes[i].test(value)) return value;
    return null;
  }

  function update() {
    var value = caseNumber();
    if (value === null) {
      box.remove();
      return;
    }
    link.href = checker + "#case=" + encodeURIComponent(value);
    number.textContent = value;
    if (results.firstElementChild !== box) results.prepend(box);
  }

  input.addEventListener("input", update);
  input.addEventListener("focus", update);
  if (input.form) input.form.addEventListener("reset", function () { setTimeout(update); });
  // Enter in the box opens the first result: this link, when it is there (before Material's handler).
  input.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.isComposing || !box.isConnected) return;
    event.preventDefault();
    event.stopPropagation();
    link.click();
  });
  update();
})();
