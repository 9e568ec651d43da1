// The SPARQL editor: YASGUI against this service's own endpoint. Nothing is fetched from another host:
// the property and class completers, which ask Linked Open Vocabularies, are left out.
(function () {
  var examples = JSON.parse(document.getElementById("examples").textContent);
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: window.location.origin + "/sparql", method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: window.location.origin + "/sparql" }]; } },
  });
  // YASGUI leaves its query box and endpoint field unlabelled, and its tab bar mixes tabs with other controls
  // under one tablist: label them, and let the tabs be plain links, now and whenever it redraws.
  function labelControls() {
    document.querySelectorAll("#yasgui textarea:not([aria-label])").forEach(function (box) { box.setAttribute("aria-label", "SPARQL query"); });
    document.querySelectorAll("#yasgui input.autocomplete:not([aria-label])").forEach(function (box) { box.setAttribute("aria-label", "SPARQL endpoint"); });
    document.querySelectorAll("#yasgui .tabsList[role=tablist]").forEach(function (bar) { bar.removeAttribute("role"); });
    document.querySelectorAll("#yasgui .tabsList [role=tab]").forEach(function (tab) {
      tab.removeAttribute("role");
      tab.removeAttribute("aria-selected");
    });
  }
  labelControls();
  new MutationObserver(labelControls).observe(document.getElementById("yasgui"), { childList: true, subtree: true });
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var tab = yasgui.getTab();
      tab.setQuery(examples[button.dataset.name]);
      tab.query();
    });
  });
})();
