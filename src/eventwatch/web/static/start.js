// Starts the page once every script has loaded: the state from the URL, then each section.
(function () {
  "use strict";
  var EW = window.EW;
  EW.state = EW.readState();
  EW.fillForm(EW.state);
  EW.initForm();
  EW.sections.forEach(function (s) { s.init(); });
  EW.refresh();
  window.addEventListener("popstate", function () {
    EW.state = EW.readState();
    EW.fillForm(EW.state);
    EW.refresh();
  });
})();
