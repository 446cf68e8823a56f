// Live dashboards: swaps in the figures fragment each time the server sends an update.
// The page works without this script; it then shows the figures as of loading.
(function () {
  "use strict";
  var box = document.getElementById("dash-figures");
  if (!box || !window.EventSource) {
    return;
  }
  var url = box.getAttribute("data-events");
  if (!url) {
    return;
  }
  var status = document.getElementById("dash-live-status");
  var source = new EventSource(url);
  source.addEventListener("update", function (event) {
    box.innerHTML = event.data;
    if (status) {
      status.textContent = status.getAttribute("data-message") || "";
      status.hidden = false;
    }
  });
})();
