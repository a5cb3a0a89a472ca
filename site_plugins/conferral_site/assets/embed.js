// Conferral widget: optional helper for the page that embeds it. It lets each Conferral iframe
// set its own height. Message schema (from the widget): {type: "conferral:resize", version: 1,
// height: <CSS pixels>}. Only messages from one of this page's Conferral iframes are used
// (event.source must be that iframe's window; a sandboxed widget's origin is "null").
(function () {
  "use strict";
  var MAX_HEIGHT = 20000;
  // The widget's own origin, for widgets framed without a sandbox (then their origin is ours).
  var widgetOrigin = document.currentScript ? new URL(document.currentScript.src).origin : null;
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "conferral:resize" || data.version !== 1) return;
    if (event.origin !== "null" && event.origin !== widgetOrigin) return;
    var frames = document.querySelectorAll("iframe[data-conferral]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        var height = Number(data.height);
        if (isFinite(height) && height > 0 && height < MAX_HEIGHT) frames[i].style.height = Math.ceil(height) + "px";
        return;
      }
    }
  });
})();
